//! Payment states that stop a use case, with what the user can do.

use crate::app::error::AppError;
use crate::domain::Money;
use crate::payments::ProviderError;

/// Payment states that stop a use case, with what the user can do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentIssue {
    /// The provider authorised another amount than the order total.
    #[error(
        "{provider} har godkänt {authorized} kr men order {nr} är på {total} kr – ordern markeras inte som betald och bokförs inte. Annullera eller återbetala med Ctrl+U (verkstad pay cancel {nr}) och skicka sedan en ny länk."
    )]
    AmountMismatch {
        nr: i64,
        authorized: Money,
        total: Money,
        /// The provider's display name.
        provider: String,
    },
    /// The send's outcome is unknown: the order stays locked until it is resolved.
    #[error(
        "SMS skickas – utfall okänt för order {nr} ({cause}). Ordern är låst tills utfallet är känt: kontrollera med Ctrl+L (verkstad pay check {nr})."
    )]
    Unknown { nr: i64, cause: ProviderError },
    /// The provider's payment for our reference is not the one we asked for.
    #[error(
        "Betalningen med referens {reference} hos {provider} gäller {amount} kr, men order {nr} skickades för {expected} kr – den tas inte emot. Kontakta {provider}."
    )]
    Foreign {
        nr: i64,
        reference: String,
        amount: Money,
        expected: Money,
        provider: String,
    },
    /// The order was reopened while the link was being made; the link was cancelled.
    #[error(
        "Order {nr} öppnades igen medan länken skapades – länken är annullerad hos {provider}. Skicka en ny länk (Ctrl+S)."
    )]
    Withdrawn { nr: i64, provider: String },
}

impl PaymentIssue {
    pub fn message(&self, lang: crate::domain::Lang) -> String {
        use crate::domain::Lang;
        match (lang, self) {
            (Lang::Sv, e) => e.to_string(),
            (
                Lang::En,
                PaymentIssue::AmountMismatch {
                    nr,
                    authorized,
                    total,
                    provider,
                },
            ) => format!(
                "{provider} authorised {authorized} kr but order {nr} is for {total} kr – the order is not marked paid and is not booked. Cancel or refund with Ctrl+U (verkstad pay cancel {nr}), then send a new link."
            ),
            (Lang::En, PaymentIssue::Unknown { nr, cause }) => format!(
                "Sending the SMS – outcome unknown for order {nr} ({}). The order stays locked until the outcome is known: check with Ctrl+L (verkstad pay check {nr}).",
                cause.message(lang)
            ),
            (
                Lang::En,
                PaymentIssue::Foreign {
                    nr,
                    reference,
                    amount,
                    expected,
                    provider,
                },
            ) => format!(
                "The payment with reference {reference} at {provider} is for {amount} kr, but order {nr} was sent for {expected} kr – it is not accepted. Contact {provider}."
            ),
            (Lang::En, PaymentIssue::Withdrawn { nr, provider }) => format!(
                "Order {nr} was reopened while the link was being made – the link is cancelled at {provider}. Send a new link (Ctrl+S)."
            ),
        }
    }
}

/// A provider error whose outcome is unknown (no answer): the attempt stays as it is.
pub(super) fn unknown(nr: i64, e: ProviderError) -> AppError {
    match e {
        ProviderError::Refused { .. } | ProviderError::Auth { .. } => e.into(),
        cause => PaymentIssue::Unknown { nr, cause }.into(),
    }
}

pub(super) fn no_link(nr: i64) -> AppError {
    AppError::invalid(
        format!("Order {nr} har ingen aktiv betalningslänk"),
        format!("Order {nr} has no active payment link"),
    )
}
