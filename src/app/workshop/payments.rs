//! The payment providers behind the counter: Resurs for MOBIL (one account) and Klarna for
//! KLARNA (one provider per Klarna store), each connected on first use. An order's payment use
//! cases (check, cancel, settle, log, "agera kund") go to the provider and store its newest
//! payment attempt was made with, so a Klarna reservation is never asked of Resurs.

use std::sync::Arc;

use super::{Provider, ProviderInfo, Workshop};
use crate::app::error::{AppError, Result};
use crate::app::pay::{
    CancelOutcome, CheckOutcome, PaySettings, PaymentLog, Payments, SendOutcome, Settled,
};
use crate::app::provider::KLARNA;
use crate::payments::callbacks::CallbackListener;
use crate::store::Store;

impl Workshop {
    /// The payment use cases, connecting the provider on first use (the built-in sandbox is
    /// started when no credentials are configured).
    pub(super) async fn provider(&self) -> Result<&Provider> {
        self.inner
            .provider
            .get_or_try_init(|| async {
                let config = &self.inner.config;
                let setup = crate::app::provider::connect(
                    config,
                    self.inner.config_path.as_deref(),
                    &self.inner.db,
                )
                .await?;
                let sandbox_url = setup.is_sandbox().then(|| setup.base_url().to_string());
                let settings = self.pay_settings();
                let payments = Payments::new(
                    Arc::clone(&self.inner.store),
                    Arc::clone(&setup.provider),
                    &self.inner.actor,
                    settings,
                )
                .with_clock(Arc::clone(&self.inner.clock));
                Ok::<_, AppError>(Provider {
                    payments: Arc::new(payments),
                    sandbox_url,
                })
            })
            .await
    }

    fn pay_settings(&self) -> PaySettings {
        let config = &self.inner.config;
        PaySettings {
            ttl_minutes: config
                .payments
                .link_ttl_minutes
                .unwrap_or(PaySettings::default().ttl_minutes),
            callback_url: config
                .payments
                .callback_port
                .map(|p| format!("http://127.0.0.1:{p}")),
            ..PaySettings::default()
        }
    }

    pub(super) async fn payments(&self) -> Result<Arc<Payments>> {
        Ok(Arc::clone(&self.provider().await?.payments))
    }

    /// Klarna's store `store` (the default store when None), connected on first use: the
    /// KLARNA payment method's use cases, paying into that store.
    pub(super) async fn klarna(&self, store: Option<&str>) -> Result<Arc<Provider>> {
        let mut stores = self.inner.klarna.lock().await;
        let key = store.unwrap_or_default().to_string();
        if let Some(p) = stores.get(&key) {
            return Ok(Arc::clone(p));
        }
        let setup = crate::app::provider::connect_klarna(
            &self.inner.config,
            store,
            self.inner.config_path.as_deref(),
            &self.inner.db,
        )
        .await?;
        let name = setup.store.clone().unwrap_or_default();
        let sandbox_url = setup.is_sandbox().then(|| setup.base_url().to_string());
        let payments = Payments::new(
            Arc::clone(&self.inner.store),
            Arc::clone(&setup.provider),
            &self.inner.actor,
            self.pay_settings(),
        )
        .with_clock(Arc::clone(&self.inner.clock))
        .with_method(crate::domain::PaymentMethod::Klarna)
        .with_store(&name);
        let provider = Arc::new(Provider {
            payments: Arc::new(payments),
            sandbox_url,
        });
        stores.insert(key, Arc::clone(&provider));
        stores.insert(name, Arc::clone(&provider));
        Ok(provider)
    }

    /// The provider an order's payment use cases go to: the one (and the store) its newest
    /// payment attempt was made with; Resurs when it has none.
    pub(super) async fn provider_of_order(&self, nr: i64) -> Result<Arc<Payments>> {
        let newest = self.store().payment_attempts(nr)?.into_iter().last();
        match newest {
            Some(a) if a.provider == KLARNA => Ok(Arc::clone(
                &self.klarna(a.provider_store.as_deref()).await?.payments,
            )),
            _ => self.payments().await,
        }
    }

    /// Connect the payment provider now (the counter screen does at start). Returns the
    /// sandbox's address when payments go to the sandbox: no real money.
    pub async fn connect_payments(&self) -> Result<Option<String>> {
        Ok(self.provider().await?.sandbox_url.clone())
    }

    /// The payment provider as the user is told about it: its name, and the sandbox's address
    /// when payments go to a sandbox (no real money).
    pub async fn provider_info(&self) -> Result<ProviderInfo> {
        let p = self.provider().await?;
        Ok(ProviderInfo {
            name: p.payments.provider().name(),
            sandbox_url: p.sandbox_url.clone(),
        })
    }

    /// `pay setup`: the provider's own check of the configured account (stores, methods,
    /// limits), as text; a wrong setting is an error that says what to change.
    pub async fn pay_setup(&self, lang: crate::domain::Lang) -> Result<String> {
        let payments = self.payments().await?;
        match payments.provider().check_setup(lang).await? {
            crate::payments::SetupCheck::Right(text) => Ok(text),
            crate::payments::SetupCheck::Wrong(m) => Err(AppError::Invalid(m)),
        }
    }

    /// Take provider callbacks on 127.0.0.1:`port`: the listener, and the payment ids the
    /// callbacks name (hints: hand each to [`Workshop::on_callback`]).
    pub async fn callback_listener(
        &self,
        port: u16,
    ) -> Result<(CallbackListener, tokio::sync::mpsc::Receiver<String>)> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|e| {
                AppError::Io(crate::msg!(
                    "io-listen-failed",
                    port = port,
                    error = e.to_string()
                ))
            })?;
        crate::payments::callbacks::listen(listener)
            .await
            .map_err(|e| AppError::Io(crate::msg!("io-callbacks-failed", error = e.to_string())))
    }

    /// "Skicka mobilbetalning (SMS)".
    pub async fn send(&self, nr: i64) -> Result<SendOutcome> {
        self.payments().await?.send(nr).await
    }

    /// "Kontrollera mobilbetalning".
    pub async fn check(&self, nr: i64) -> Result<CheckOutcome> {
        self.provider_of_order(nr).await?.check(nr).await
    }

    /// "Annullera betalnings-SMS / Öppna order".
    pub async fn cancel(&self, nr: i64) -> Result<CancelOutcome> {
        self.provider_of_order(nr).await?.cancel(nr).await
    }

    /// Check every order that waits for a mobile payment (and resolve unknown sends).
    pub async fn sync(&self) -> Result<Vec<(i64, Result<CheckOutcome>)>> {
        let mut out = self.payments().await?.sync().await?;
        // Klarna's stores only when a reservation waits there (no sandbox is started for
        // nothing).
        let stores: std::collections::BTreeSet<Option<String>> = self
            .store()
            .open_payment_attempts()?
            .into_iter()
            .filter(|a| a.provider == KLARNA)
            .map(|a| a.provider_store)
            .collect();
        for store in stores {
            let klarna = self.klarna(store.as_deref()).await?;
            out.extend(klarna.payments.sync().await?);
        }
        out.sort_by_key(|(nr, _)| *nr);
        Ok(out)
    }

    /// Retry what the provider must still do for an order's invoices.
    pub async fn settle(&self, nr: i64) -> Result<Vec<Settled>> {
        self.provider_of_order(nr).await?.settle(nr).await
    }

    /// Attempts, provider calls and audit events of an order's payments.
    pub async fn payment_log(&self, nr: i64) -> Result<PaymentLog> {
        self.provider_of_order(nr).await?.log(nr)
    }

    /// A provider callback named this payment: check its order again.
    pub async fn on_callback(&self, payment_id: &str) -> Result<Option<CheckOutcome>> {
        self.payments().await?.on_callback(payment_id).await
    }
}
