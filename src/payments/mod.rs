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

/// Where a payment stands, in our words (providers.md §5.4, POS-side mapping).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentState {
    /// Link sent, customer has not finished.
    Pending,
    /// The provider holds it for a fraud check; wait.
    Frozen,
    /// Manual credit inspection; wait.
    Inspection,
    /// Authorized, not captured (automatic capture off).
    Authorized,
    /// Paid in full.
    Paid,
    /// Declined by the customer or refused by the provider.
    Rejected,
    /// The link expired unused.
    Expired,
    /// Cancelled by us before payment.
    Cancelled,
    /// Paid and then refunded in full.
    Refunded,
    /// Paid and then partly refunded.
    PartlyRefunded,
    /// A status we do not know.
    Unknown,
}

impl PaymentState {
    pub fn code(self) -> &'static str {
        match self {
            PaymentState::Pending => "pending",
            PaymentState::Frozen => "frozen",
            PaymentState::Inspection => "inspection",
            PaymentState::Authorized => "authorized",
            PaymentState::Paid => "paid",
            PaymentState::Rejected => "rejected",
            PaymentState::Expired => "expired",
            PaymentState::Cancelled => "cancelled",
            PaymentState::Refunded => "refunded",
            PaymentState::PartlyRefunded => "partly_refunded",
            PaymentState::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> PaymentState {
        [
            PaymentState::Pending,
            PaymentState::Frozen,
            PaymentState::Inspection,
            PaymentState::Authorized,
            PaymentState::Paid,
            PaymentState::Rejected,
            PaymentState::Expired,
            PaymentState::Cancelled,
            PaymentState::Refunded,
            PaymentState::PartlyRefunded,
        ]
        .into_iter()
        .find(|p| p.code() == s)
        .unwrap_or(PaymentState::Unknown)
    }

    /// What the counter sees.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PaymentState::Pending => lang.pick("Inte betald ännu", "Not paid yet"),
            PaymentState::Frozen => lang.pick(
                "Betalningen är pausad hos Resurs (kontroll) – vänta",
                "The payment is on hold at Resurs (check) – wait",
            ),
            PaymentState::Inspection => lang.pick(
                "Kreditprövning pågår hos Resurs – vänta",
                "Credit inspection at Resurs – wait",
            ),
            PaymentState::Authorized => {
                lang.pick("Godkänd, inte dragen ännu", "Authorized, not captured yet")
            }
            PaymentState::Paid => lang.pick("Betald", "Paid"),
            PaymentState::Rejected => lang.pick(
                "Avböjd av kunden eller nekad av Resurs",
                "Declined by the customer or refused by Resurs",
            ),
            PaymentState::Expired => lang.pick("Länken har gått ut", "The link has expired"),
            PaymentState::Cancelled => lang.pick("Annullerad", "Cancelled"),
            PaymentState::Refunded => lang.pick("Återbetald", "Refunded"),
            PaymentState::PartlyRefunded => lang.pick("Delvis återbetald", "Partly refunded"),
            PaymentState::Unknown => lang.pick("Okänd status", "Unknown status"),
        }
    }
}

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
    #[error("{provider} svarar inte: {message}")]
    Unavailable {
        provider: &'static str,
        message: String,
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
                ProviderError::Unavailable { provider, message } => {
                    format!("{provider} is not answering: {message}")
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
}
