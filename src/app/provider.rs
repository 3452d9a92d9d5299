//! The payment providers as the app sees them: the registration point ([`connect`]) that picks
//! the provider from the user's configuration, the purchase-limit checks of a send, and "agera
//! kund" (acting as the customer on a sandbox).
//!
//! Provider-specific setup lives in the provider's folder (`payments/resurs/connect.rs`: config
//! keys and environment variables) and in the sandbox room (`sandbox/resurs/launcher.rs`: the
//! detached sandbox process).

use std::path::Path;
use std::sync::Arc;

use super::config::Config;
use super::error::{AppError, Result};
use super::pay::Payments;
use crate::domain::{Action, Money};
use crate::msg;
pub use crate::payments::CustomerChoice;
use crate::payments::{PaymentProvider, SetupError, klarna, resurs};
pub use crate::sandbox::resurs::launcher::{
    LaunchError, SANDBOX_IDLE_DEFAULT_SECS, SandboxLauncher, sandbox_answers, sandbox_idle_secs,
    sandbox_log_path, sandbox_port, sandbox_state_path,
};
use crate::store::Database;
use crate::store::{AttemptState, Store};

/// The chosen payment provider, ready for [`super::pay::Payments`].
pub struct ProviderSetup {
    pub provider: Arc<dyn PaymentProvider>,
    /// The provider's store these payments go to (Klarna: our name of the store).
    pub store: Option<String>,
    /// Where it answers (shown with "SANDBOX").
    pub base_url: String,
}

impl ProviderSetup {
    pub fn is_sandbox(&self) -> bool {
        self.provider.is_sandbox()
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}

/// **The registration point of the payment providers**: the one place outside a provider's
/// folder (`payments/<provider>/`) and its sandbox (`sandbox/<provider>/`) that names one.
/// It picks the provider from the user's configuration and prepares it; `config_path` is
/// handed on to a sandbox it starts. Adding Klarna is one more line here (docs/ARCHITECTURE.md,
/// "Payment providers").
pub async fn connect(
    config: &Config,
    config_path: Option<&Path>,
    db: &Path,
) -> Result<ProviderSetup> {
    // Resurs, for MOBIL (its sandbox when no credentials are configured). Klarna, for KLARNA,
    // is connected per store by `connect_klarna` below.
    let client = resurs::connect(&config.resurs, config_path, db).await?;
    Ok(ProviderSetup {
        store: None,
        base_url: client.config().base_url.clone(),
        provider: Arc::new(client),
    })
}

/// The Klarna provider's name, as its attempts record it.
pub const KLARNA: &str = klarna::PROVIDER;

/// Was this payment attempt a Klarna reservation?
pub fn is_klarna(attempt: &crate::store::PaymentAttempt) -> bool {
    attempt.provider == KLARNA
}

/// The Klarna store `store` (our name in `[klarna]`; the default store when None) as the
/// provider of the KLARNA payment method: the configured store at Klarna, or the built-in
/// sandbox's test store when `[klarna]` names none. The Resurs path ([`connect`]) is unchanged.
pub async fn connect_klarna(
    config: &Config,
    store: Option<&str>,
    config_path: Option<&Path>,
    db: &Path,
) -> Result<ProviderSetup> {
    let provider = klarna::connect(&config.klarna, store, config_path, db).await?;
    Ok(ProviderSetup {
        store: Some(provider.client().store().name.clone()),
        base_url: provider.client().store().base_url.clone(),
        provider: Arc::new(provider),
    })
}

/// Klarna's payouts and disputes, of every configured store (the sandbox's two test stores
/// when `[klarna]` names none), for the settlement and dispute use cases.
pub async fn connect_klarna_sources(
    config: &Config,
    config_path: Option<&Path>,
    db: &Path,
) -> Result<crate::app::workshop::ProviderSources> {
    let names: Vec<String> = if config.klarna.is_sandbox() {
        klarna::SANDBOX_STORES
            .iter()
            .map(|(n, ..)| n.to_string())
            .collect()
    } else {
        config
            .klarna
            .stores
            .iter()
            .map(|s| s.name.clone())
            .collect()
    };
    let mut stores = Vec::with_capacity(names.len());
    for name in &names {
        stores.push(klarna::connect(&config.klarna, Some(name), config_path, db).await?);
    }
    let sources = Arc::new(klarna::KlarnaSources::new(stores));
    Ok(crate::app::workshop::ProviderSources {
        settlements: sources.clone(),
        disputes: sources,
    })
}

/// Resurs's payouts (issue 14): the Resurs client as a settlement source — the configured
/// Merchant API, or the built-in sandbox when no credentials are configured (as [`connect`]).
pub async fn connect_resurs_payouts(
    config: &Config,
    config_path: Option<&Path>,
    db: &Path,
) -> Result<Arc<dyn crate::payments::SettlementSource>> {
    let client = resurs::connect(&config.resurs, config_path, db).await?;
    Ok(Arc::new(client))
}

impl From<SetupError> for AppError {
    fn from(e: SetupError) -> AppError {
        match e {
            SetupError::Invalid(m) => AppError::Invalid(m),
            SetupError::Io(m) => AppError::Io(m),
            SetupError::Provider(e) => e.into(),
        }
    }
}

impl From<LaunchError> for AppError {
    fn from(e: LaunchError) -> AppError {
        AppError::from(SetupError::from(e))
    }
}

/// What "agera kund" did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerActed {
    /// The customer paid (in the sandbox).
    Paid,
    /// The customer declined (in the sandbox).
    Declined,
}

/// "Agera kund": act as the customer on order `nr`'s newest payment link, when the provider is
/// a sandbox that can (`PaymentProvider::sandbox_customer`). The order itself changes on the
/// next check (Ctrl+L), as it would for a real customer.
pub async fn act_as_customer(
    payments: &Payments,
    nr: i64,
    choice: CustomerChoice,
) -> Result<CustomerActed> {
    let Some(customer) = payments.provider().sandbox_customer() else {
        return Err(AppError::Invalid(msg!("pay-sandbox-only")));
    };
    let Some(id) = payments
        .log(nr)?
        .attempts
        .into_iter()
        .rev()
        .find_map(|(a, _)| a.provider_payment_id)
    else {
        return Err(AppError::Invalid(msg!("pay-no-payment-link")));
    };
    customer.act(&id, choice).await?;
    Ok(match choice {
        CustomerChoice::Decline => CustomerActed::Declined,
        _ => CustomerActed::Paid,
    })
}

/// Refuses an amount that no payment method of our store takes from a private person (the
/// provider's purchase limits), with both limits and every method's in the message. The methods are asked
/// once per process (the provider keeps them); a provider that knows no limits lets all through.
pub async fn check_purchase_limits(provider: &dyn PaymentProvider, total: Money) -> Result<()> {
    let methods: Vec<_> = provider
        .payment_methods()
        .await?
        .into_iter()
        .filter(|m| m.for_private_persons)
        .collect();
    if methods.is_empty() || methods.iter().any(|m| m.allows(total)) {
        return Ok(());
    }
    let min = methods
        .iter()
        .map(|m| m.min_purchase)
        .min()
        .unwrap_or(total);
    let max = methods
        .iter()
        .map(|m| m.max_purchase)
        .max()
        .unwrap_or(total);
    let each = methods
        .iter()
        .map(|m| format!("{} {}–{} kr", m.name, m.min_purchase, m.max_purchase))
        .collect::<Vec<_>>()
        .join(", ");
    let name = provider.name();
    Err(AppError::Invalid(msg!(
        "pay-outside-purchase-limits",
        total = total.to_string(),
        provider = name,
        min = min.to_string(),
        max = max.to_string(),
        methods = each
    )))
}

/// The purchase-limit check of a send, before anything is written or sent: only when the send
/// would make a new link (a KLART order with no send in flight), for the order's total. Anything
/// else (unknown order, wrong status, a send to resume) is left to the send itself.
pub async fn check_send_limits(
    store: &Database,
    provider: &dyn PaymentProvider,
    nr: i64,
) -> Result<()> {
    let total = {
        let Some(details) = store.order(nr)? else {
            return Ok(());
        };
        let order = details.order;
        let resuming = store
            .payment_attempts(nr)?
            .iter()
            .any(|a| a.state == AttemptState::Sending);
        if order.status.apply(Action::SendPayment).is_err() || resuming {
            return Ok(());
        }
        order.totals().total
    };
    if total.ore() <= 0 {
        return Ok(());
    }
    check_purchase_limits(provider, total).await
}

/// A running sandbox (`verkstad sandbox`).
pub use crate::sandbox::resurs::SandboxHandle;

/// Serve the Resurs sandbox on 127.0.0.1:`port` with its state in `state`; with `idle_exit`
/// it stops by itself after that many seconds without a request.
pub async fn serve_sandbox(
    port: u16,
    state: std::path::PathBuf,
    idle_exit: Option<u64>,
) -> Result<SandboxHandle> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .map_err(|e| AppError::Io(msg!("io-listen-failed", port = port, error = e.to_string())))?;
    let mut options = crate::sandbox::resurs::SandboxOptions::new(state);
    options.idle_timeout = idle_exit.map(std::time::Duration::from_secs);
    crate::sandbox::resurs::serve(listener, options)
        .await
        .map_err(|e| AppError::Io(msg!("io-sandbox-failed", error = e.to_string())))
}
