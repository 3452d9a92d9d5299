//! Payment providers: a provider-neutral trait the app uses, and one folder per provider
//! (`resurs/`). The simulators of the providers live in their own room, `crate::sandbox`.
//!
//! The app layer only sees [`PaymentProvider`], [`NewPayment`], [`ProviderPayment`] and
//! [`ProviderError`] (with neutral kinds such as [`Refusal::DuplicateReference`]): no provider's
//! wire types or error codes leak out of its folder. The one place that names providers is
//! `app::provider::connect` (the registration point); adding Klarna is a new folder plus one
//! line there (docs/ARCHITECTURE.md, "Payment providers").

pub mod callbacks;
pub mod klarna;
pub mod resurs;
pub mod settlement;

pub use settlement::{Attachment, DisputeSource, MemorySource, SettlementSource};

use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{Lang, Mobile, Money, Quantity, VatRate};
use crate::t;
use crate::text::Message;

/// A secret (a password, a client secret) that never shows in Debug output, logs or messages.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }

    /// The secret itself, for the request that needs it (never for a message).
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Brings a service back when nothing answers at its address (the app's built-in sandbox,
/// which runs as its own process): true when it answers again.
pub type Reviver =
    std::sync::Arc<dyn Fn() -> Pin<Box<dyn Future<Output = bool> + Send>> + Send + Sync>;

/// One line of a payment request, amounts including VAT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentLine {
    pub description: String,
    pub reference: Option<String>,
    pub quantity: Quantity,
    pub unit: String,
    pub vat: VatRate,
    pub total_incl_vat: Money,
    pub vat_amount: Money,
}

/// What the app asks a provider to create: a payment link texted to the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPayment {
    /// Our reference, unique per attempt: order number and attempt ("10042-1").
    pub order_reference: String,
    pub lines: Vec<PaymentLine>,
    pub total: Money,
    pub mobile: Mobile,
    pub email: Option<String>,
    pub customer_name: String,
    /// Who sent it (the counter user).
    pub creator: String,
    /// How long the link can be used.
    pub ttl_minutes: u32,
    /// Where the provider may post callbacks (hints only).
    pub callback_url: Option<String>,
    /// Who pays, for a provider that checks the payer itself (Klarna needs name, address,
    /// e-mail and personnummer); a provider that does not ask for them ignores it (Resurs).
    #[serde(default)]
    pub billing: Option<Box<BillingDetails>>,
}

/// The payer's details as a provider that checks the payer needs them. Every field is
/// optional: what is unknown is left out of the request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingDetails {
    /// Personnummer (12 digits) or organisationsnummer.
    pub national_id: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub email: Option<String>,
    pub street_address: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    /// ISO 3166 alpha-2; "SE" when None.
    pub country: Option<String>,
}

pub use crate::domain::payment::PaymentState;

/// A payment as a provider reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProviderPayment {
    /// The provider's id.
    pub id: String,
    pub order_reference: String,
    pub state: PaymentState,
    /// The provider's own status word, for the log.
    pub provider_status: String,
    pub total: Money,
    pub authorized: Money,
    pub captured: Money,
    pub canceled: Money,
    pub refunded: Money,
    pub customer_url: Option<String>,
    /// How the customer chose to pay ("Delbetalning", "Faktura"…).
    pub method: Option<String>,
    /// When the money was taken (capture), as the provider says.
    pub paid_at: Option<DateTime<Utc>>,
    /// Transaction ids of captures and refunds already made.
    pub transaction_ids: Vec<String>,
}

impl ProviderPayment {
    /// Money taken and not refunded.
    pub fn refundable(&self) -> Money {
        self.captured - self.refunded
    }

    /// Authorized (or pending) and neither captured nor cancelled.
    pub fn cancellable(&self) -> bool {
        match self.state {
            PaymentState::Pending | PaymentState::Frozen | PaymentState::Inspection => true,
            _ => (self.authorized - self.captured - self.canceled).ore() > 0,
        }
    }
}

/// A payment as the provider holds it, line by line (`verkstad klarna show`): what the customer
/// is asked to pay, as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldPayment {
    /// The provider's own order id (Klarna's `order_id`).
    pub provider_order_id: String,
    /// The provider's status word (Klarna: AUTHORIZED, CAPTURED…).
    pub status: String,
    /// The provider's decision on the customer (Klarna: ACCEPTED, PENDING, REJECTED).
    pub decision: String,
    /// The provider's short reference the customer sees (Klarna's `klarna_reference`).
    pub customer_reference: String,
    pub order_amount: Money,
    pub captured_amount: Money,
    pub refunded_amount: Money,
    /// The order's lines, as sent when it was reserved.
    pub lines: Vec<HeldLine>,
    /// The lines of its captures, in capture order, as captured (empty: the captures carry no
    /// lines of their own).
    pub captured_lines: Vec<HeldLine>,
    /// When it was first captured (Klarna activates its invoice to the customer then).
    pub captured_at: Option<DateTime<Utc>>,
    /// The payment method the customer chose at the provider ("Pay later (invoice…)").
    pub payment_method: Option<String>,
    /// The provider's payment terms for the customer, in days (Klarna's
    /// `authorized_payment_method.number_of_days`), when it says.
    pub payment_days: Option<i64>,
}

/// What the user should know about how a provider takes one of our lines.
#[derive(Debug, Clone, PartialEq)]
pub struct LineNote {
    /// The line's number on the order (from 1).
    pub line: usize,
    pub message: Message,
}

/// One line of a [`HeldPayment`], amounts including VAT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldLine {
    pub name: String,
    pub reference: Option<String>,
    /// Whole units, as the provider takes them.
    pub quantity: i64,
    pub unit_price: Money,
    pub total: Money,
    pub vat: Money,
    /// The line's VAT rate in percent (25, 12, 6, 0).
    pub vat_rate: rust_decimal::Decimal,
}

/// A payment method of our store at the provider, with its purchase limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentMethodInfo {
    pub id: String,
    /// "Delbetalning", "Faktura"…
    pub name: String,
    /// The provider's type word ("RESURS_INVOICE", "CARD"…).
    pub kind: String,
    pub min_purchase: Money,
    pub max_purchase: Money,
    pub for_private_persons: bool,
    pub for_companies: bool,
}

impl PaymentMethodInfo {
    /// Can a private person pay `amount` with this method?
    pub fn allows(&self, amount: Money) -> bool {
        self.for_private_persons && self.min_purchase <= amount && amount <= self.max_purchase
    }
}

/// Why a provider could not be reached, in words for either language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreachable {
    /// No answer in time.
    Timeout,
    /// Nothing answers at the address (connection refused, no route, DNS).
    NoConnection,
    /// The connection broke during the exchange.
    ConnectionLost,
    /// It kept answering with this HTTP status (429 or 5xx).
    Status(u16),
    /// An earlier request with the same idempotency key was still being worked on.
    StillWorking,
}

impl Unreachable {
    pub fn text(self, lang: Lang) -> String {
        match self {
            Unreachable::Timeout => t!(lang, "provider-timeout"),
            Unreachable::NoConnection => t!(lang, "provider-no-connection"),
            Unreachable::ConnectionLost => t!(lang, "provider-connection-lost"),
            Unreachable::Status(code) => format!("HTTP {code}"),
            Unreachable::StillWorking => t!(lang, "provider-still-working"),
        }
    }
}

impl std::fmt::Display for Unreachable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::Sv))
    }
}

/// How a provider call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderError {
    /// The provider answered and refused (a final 4xx): show its message. `kind` is what the
    /// app may act on; `code` is the provider's own word, for the message and the log only.
    Refused {
        provider: &'static str,
        status: u16,
        kind: Refusal,
        code: String,
        message: String,
    },
    /// The provider could not be reached or kept failing (timeouts, 429, 5xx): the outcome is
    /// unknown, and the same call (same idempotency key) may be retried.
    Unavailable {
        provider: &'static str,
        reason: Unreachable,
    },
    /// Our credentials were refused.
    Auth {
        provider: &'static str,
        message: String,
    },
    /// The provider answered something we could not read.
    Protocol {
        provider: &'static str,
        message: String,
    },
}

impl std::fmt::Display for ProviderError {
    /// Swedish, the default language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Sv))
    }
}

impl std::error::Error for ProviderError {}

impl ProviderError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ProviderError::Refused {
                provider,
                code,
                message,
                ..
            } => t!(
                lang,
                "provider-refused",
                provider = provider,
                message = message,
                code = code
            ),
            ProviderError::Unavailable { provider, reason } => t!(
                lang,
                "provider-unavailable",
                provider = provider,
                reason = reason.text(lang)
            ),
            ProviderError::Auth { provider, message } => t!(
                lang,
                "provider-auth",
                provider = provider,
                message = message
            ),
            ProviderError::Protocol { provider, message } => t!(
                lang,
                "provider-protocol",
                provider = provider,
                message = message
            ),
        }
    }

    /// The neutral kind of a refusal, when the provider refused.
    pub fn refusal(&self) -> Option<Refusal> {
        match self {
            ProviderError::Refused { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// Is this the refusal of a create whose order reference the provider already has?
    pub fn is_duplicate_reference(&self) -> bool {
        self.refusal() == Some(Refusal::DuplicateReference)
    }
}

/// Why a provider refused, in neutral words: each provider maps its own error codes to these at
/// its edge (Resurs: `resurs/client.rs`), so nothing outside a provider's folder matches a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A payment for this order reference already exists (a lost answer to an earlier create):
    /// find it by reference instead of making a second one.
    DuplicateReference,
    /// The payment is not in a state that allows the action (e.g. capture after cancel).
    NotAllowed,
    /// Nothing has that id.
    NotFound,
    /// Any other final refusal: show the provider's message.
    Other,
}

/// What every provider call returns: a boxed future, so the trait is usable as
/// `Arc<dyn PaymentProvider>`.
pub type ProviderFuture<'a, T> =
    Pin<Box<dyn Future<Output = Result<T, ProviderError>> + Send + 'a>>;

/// A payment provider. Every mutating call carries an idempotency key that the caller has stored
/// before the call and reuses on every retry.
///
/// Dyn-safe: the app holds `Arc<dyn PaymentProvider>` and never knows which provider it is. The
/// async methods return [`ProviderFuture`] (a boxed future) rather than using `async fn` in the
/// trait (not dyn-compatible) or the `async-trait` crate: one allocation per network call is
/// nothing beside the call, and it needs no new dependency or macro. An implementation writes its
/// work as an inherent `async fn` and forwards with `Box::pin(…)`.
pub trait PaymentProvider: Send + Sync {
    /// The provider's display name ("Resurs"), for every message that names it.
    fn name(&self) -> &'static str;

    /// True when this is a sandbox: no real money moves.
    fn is_sandbox(&self) -> bool;

    /// Whether the customer's acceptance also captures (otherwise the app captures at booking).
    fn automatic_capture(&self) -> bool {
        true
    }

    /// Create the payment and have the provider text the link to the customer.
    fn create<'a>(
        &'a self,
        payment: &'a NewPayment,
        idempotency_key: &'a str,
    ) -> ProviderFuture<'a, ProviderPayment>;

    fn get<'a>(&'a self, id: &'a str) -> ProviderFuture<'a, ProviderPayment>;

    /// Find the payment made for our reference (recovery after a lost answer).
    fn find_by_reference<'a>(
        &'a self,
        order_reference: &'a str,
    ) -> ProviderFuture<'a, Option<ProviderPayment>>;

    /// Cancel what is not captured; the link can no longer be used.
    fn cancel<'a>(
        &'a self,
        id: &'a str,
        idempotency_key: &'a str,
    ) -> ProviderFuture<'a, ProviderPayment>;

    /// Refund captured money: everything (`amount` None) or a part.
    fn refund<'a>(
        &'a self,
        id: &'a str,
        amount: Option<Money>,
        transaction_id: &'a str,
        idempotency_key: &'a str,
    ) -> ProviderFuture<'a, ProviderPayment>;

    /// Capture an authorized payment (when automatic capture is off).
    fn capture<'a>(
        &'a self,
        id: &'a str,
        transaction_id: &'a str,
        idempotency_key: &'a str,
    ) -> ProviderFuture<'a, ProviderPayment>;

    /// The payment methods of our store with their purchase limits. A provider asks once per
    /// process and keeps the answer. An empty list means "no limits known".
    fn payment_methods(&self) -> ProviderFuture<'_, Vec<PaymentMethodInfo>> {
        Box::pin(async { Ok(Vec::new()) })
    }

    /// `verkstad pay setup`: what the provider says about our configuration (stores, payment
    /// methods, limits), or what is wrong with it.
    fn check_setup(&self, lang: Lang) -> ProviderFuture<'_, SetupCheck> {
        let name = self.name();
        Box::pin(async move {
            Ok(SetupCheck::Right(t!(
                lang,
                "provider-nothing-to-check",
                provider = name
            )))
        })
    }

    /// The payment `id` as the provider holds it, line by line; None when the provider has no
    /// such view or nothing is placed yet (a Klarna session the customer has not authorized).
    fn held<'a>(&'a self, id: &'a str) -> ProviderFuture<'a, Option<HeldPayment>> {
        let _ = id;
        Box::pin(async { Ok(None) })
    }

    /// What the user should know about how the provider takes these lines (Klarna: a 1,5 h
    /// line goes as one unit at its total), said when the payment is sent. Empty by default.
    fn line_notes(&self, lines: &[PaymentLine], total: Money) -> Vec<LineNote> {
        let _ = (lines, total);
        Vec::new()
    }

    /// When this provider is a sandbox that can play the customer ("agera kund"), that
    /// capability; None for a real provider.
    fn sandbox_customer(&self) -> Option<&dyn SandboxCustomer> {
        None
    }
}

/// Why a provider could not be set up from the configuration: a message of the catalogue,
/// rendered in the user's language where it is shown.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SetupError {
    /// A setting is wrong or incomplete.
    #[error("{0}")]
    Invalid(Message),
    /// Something the provider needs (its sandbox process) could not be started or reached.
    #[error("{0}")]
    Io(Message),
    #[error(transparent)]
    Provider(#[from] ProviderError),
}

/// What [`PaymentProvider::check_setup`] found.
#[derive(Debug, Clone, PartialEq)]
pub enum SetupCheck {
    /// The configuration is right: the report to show.
    Right(String),
    /// The configuration is wrong: what to change.
    Wrong(Message),
}

/// What the customer does on a sandbox's payment page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerChoice {
    /// Pay now (card or Swish): accepted and, with automatic capture, captured.
    PayNow,
    /// Part payment.
    PartPayment,
    /// Invoice.
    Invoice,
    /// The customer declines.
    Decline,
}

/// A sandbox provider's stand-in for the customer: act on the payment page without a browser.
pub trait SandboxCustomer: Send + Sync {
    /// Act as the customer on the payment `id`.
    fn act<'a>(&'a self, id: &'a str, choice: CustomerChoice) -> ProviderFuture<'a, ()>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_answering_is_said_in_one_language() {
        let e = ProviderError::Unavailable {
            provider: "Acme",
            reason: Unreachable::NoConnection,
        };
        assert_eq!(e.message(Lang::Sv), "Acme svarar inte: ingen anslutning");
        assert_eq!(e.message(Lang::En), "Acme is not answering: no connection");
        for reason in [
            Unreachable::Timeout,
            Unreachable::ConnectionLost,
            Unreachable::Status(503),
            Unreachable::StillWorking,
        ] {
            let e = ProviderError::Unavailable {
                provider: "Acme",
                reason,
            };
            let en = e.message(Lang::En);
            assert!(
                !["gick", "bröts", "svarar", "ingen"]
                    .iter()
                    .any(|w| en.contains(w)),
                "{en}"
            );
        }
    }

    #[test]
    fn method_limits_are_inclusive() {
        let m = PaymentMethodInfo {
            id: "m".into(),
            name: "Faktura".into(),
            kind: "RESURS_INVOICE".into(),
            min_purchase: Money::from_kr(10),
            max_purchase: Money::from_kr(50_000),
            for_private_persons: true,
            for_companies: true,
        };
        assert!(m.allows(Money::from_kr(10)));
        assert!(m.allows(Money::from_kr(50_000)));
        assert!(!m.allows(Money::from_ore(999)));
        assert!(!m.allows(Money::from_ore(5_000_001)));
    }
}
