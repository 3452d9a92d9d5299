//! Payment providers: a provider-neutral trait the app uses, the Resurs client, and the local
//! Resurs sandbox.
//!
//! The app layer only sees [`PaymentProvider`], [`NewPayment`] and [`ProviderPayment`]: no
//! provider's wire types leak out of its module, so Klarna can become a second implementation.

pub mod callbacks;
pub mod resurs;
pub mod sandbox;

use std::future::Future;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{Lang, Mobile, Money, Quantity, VatRate};

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
            Unreachable::Timeout => lang.pick("tidsgränsen gick ut", "timed out").into(),
            Unreachable::NoConnection => lang.pick("ingen anslutning", "no connection").into(),
            Unreachable::ConnectionLost => lang
                .pick("anslutningen bröts", "the connection broke")
                .into(),
            Unreachable::Status(code) => format!("HTTP {code}"),
            Unreachable::StillWorking => lang
                .pick(
                    "en tidigare begäran pågår fortfarande",
                    "an earlier request is still in progress",
                )
                .into(),
        }
    }
}

impl std::fmt::Display for Unreachable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::Sv))
    }
}

/// How a provider call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// The provider answered and refused (a final 4xx): show its message.
    #[error("{provider} nekade: {message} ({code})")]
    Refused {
        provider: &'static str,
        status: u16,
        code: String,
        message: String,
    },
    /// The provider could not be reached or kept failing (timeouts, 429, 5xx): the outcome is
    /// unknown, and the same call (same idempotency key) may be retried.
    #[error("{provider} svarar inte: {reason}")]
    Unavailable {
        provider: &'static str,
        reason: Unreachable,
    },
    /// Our credentials were refused.
    #[error("{provider} godtog inte inloggningsuppgifterna: {message}")]
    Auth {
        provider: &'static str,
        message: String,
    },
    /// The provider answered something we could not read.
    #[error("Oväntat svar från {provider}: {message}")]
    Protocol {
        provider: &'static str,
        message: String,
    },
}

impl ProviderError {
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Sv => self.to_string(),
            Lang::En => match self {
                ProviderError::Refused {
                    provider,
                    code,
                    message,
                    ..
                } => format!("{provider} refused: {message} ({code})"),
                ProviderError::Unavailable { provider, reason } => {
                    format!("{provider} is not answering: {}", reason.text(lang))
                }
                ProviderError::Auth { provider, message } => {
                    format!("{provider} did not accept the credentials: {message}")
                }
                ProviderError::Protocol { provider, message } => {
                    format!("Unexpected answer from {provider}: {message}")
                }
            },
        }
    }

    /// The provider's error code, when it refused.
    pub fn code(&self) -> Option<&str> {
        match self {
            ProviderError::Refused { code, .. } => Some(code),
            _ => None,
        }
    }
}

/// A payment provider. Every mutating call carries an idempotency key that the caller has stored
/// before the call and reuses on every retry.
pub trait PaymentProvider: Send + Sync {
    /// "Resurs", for messages.
    fn name(&self) -> &'static str;

    /// True when this is a sandbox: no real money moves.
    fn is_sandbox(&self) -> bool;

    /// Create the payment and have the provider text the link to the customer.
    fn create(
        &self,
        payment: &NewPayment,
        idempotency_key: &str,
    ) -> impl Future<Output = Result<ProviderPayment, ProviderError>> + Send;

    fn get(&self, id: &str) -> impl Future<Output = Result<ProviderPayment, ProviderError>> + Send;

    /// Find the payment made for our reference (recovery after a lost answer).
    fn find_by_reference(
        &self,
        order_reference: &str,
    ) -> impl Future<Output = Result<Option<ProviderPayment>, ProviderError>> + Send;

    /// Cancel what is not captured; the link can no longer be used.
    fn cancel(
        &self,
        id: &str,
        idempotency_key: &str,
    ) -> impl Future<Output = Result<ProviderPayment, ProviderError>> + Send;

    /// Refund captured money: everything (`amount` None) or a part.
    fn refund(
        &self,
        id: &str,
        amount: Option<Money>,
        transaction_id: &str,
        idempotency_key: &str,
    ) -> impl Future<Output = Result<ProviderPayment, ProviderError>> + Send;

    /// Capture an authorized payment (when automatic capture is off).
    fn capture(
        &self,
        id: &str,
        transaction_id: &str,
        idempotency_key: &str,
    ) -> impl Future<Output = Result<ProviderPayment, ProviderError>> + Send;

    /// The payment methods of our store with their purchase limits. A provider asks once per
    /// process and keeps the answer. An empty list means "no limits known".
    fn payment_methods(
        &self,
    ) -> impl Future<Output = Result<Vec<PaymentMethodInfo>, ProviderError>> + Send {
        async { Ok(Vec::new()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_answering_is_said_in_one_language() {
        let e = ProviderError::Unavailable {
            provider: "Resurs",
            reason: Unreachable::NoConnection,
        };
        assert_eq!(e.message(Lang::Sv), "Resurs svarar inte: ingen anslutning");
        assert_eq!(
            e.message(Lang::En),
            "Resurs is not answering: no connection"
        );
        for reason in [
            Unreachable::Timeout,
            Unreachable::ConnectionLost,
            Unreachable::Status(503),
            Unreachable::StillWorking,
        ] {
            let e = ProviderError::Unavailable {
                provider: "Resurs",
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
