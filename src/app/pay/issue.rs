//! Payment states that stop a use case, with what the user can do.

use crate::app::error::AppError;
use crate::domain::{Lang, Money};
use crate::payments::ProviderError;
use crate::{msg, t};

/// Payment states that stop a use case, with what the user can do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentIssue {
    /// The provider authorised another amount than the order total.
    AmountMismatch {
        nr: i64,
        authorized: Money,
        total: Money,
        /// The provider's display name.
        provider: String,
    },
    /// The send's outcome is unknown: the order stays locked until it is resolved.
    Unknown { nr: i64, cause: ProviderError },
    /// The provider's payment for our reference is not the one we asked for.
    Foreign {
        nr: i64,
        reference: String,
        amount: Money,
        expected: Money,
        provider: String,
    },
    /// The order was reopened while the link was being made; the link was cancelled.
    Withdrawn { nr: i64, provider: String },
}

impl PaymentIssue {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            PaymentIssue::AmountMismatch {
                nr,
                authorized,
                total,
                provider,
            } => t!(
                lang,
                "pay-amount-mismatch",
                provider = provider,
                authorized = authorized.to_string(),
                nr = nr,
                total = total.to_string()
            ),
            PaymentIssue::Unknown { nr, cause } => t!(
                lang,
                "pay-outcome-unknown",
                nr = nr,
                cause = cause.message(lang)
            ),
            PaymentIssue::Foreign {
                nr,
                reference,
                amount,
                expected,
                provider,
            } => t!(
                lang,
                "pay-foreign-payment",
                reference = reference,
                provider = provider,
                amount = amount.to_string(),
                nr = nr,
                expected = expected.to_string()
            ),
            PaymentIssue::Withdrawn { nr, provider } => {
                t!(lang, "pay-link-withdrawn", nr = nr, provider = provider)
            }
        }
    }
}

impl std::fmt::Display for PaymentIssue {
    /// Swedish, the default language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Sv))
    }
}

impl std::error::Error for PaymentIssue {}

/// A provider error whose outcome is unknown (no answer): the attempt stays as it is.
pub(super) fn unknown(nr: i64, e: ProviderError) -> AppError {
    match e {
        ProviderError::Refused { .. } | ProviderError::Auth { .. } => e.into(),
        cause => PaymentIssue::Unknown { nr, cause }.into(),
    }
}

pub(super) fn no_link(nr: i64) -> AppError {
    AppError::Invalid(msg!("pay-no-active-link", nr = nr))
}
