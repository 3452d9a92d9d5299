//! Disputes (Klarna's Disputes API, issue 13): the customer disputes a purchase, the invoice is
//! paused, the merchant answers by a deadline, and the dispute is won (the invoice is active
//! again) or lost (the chargeback and the dispute fee are booked). Pure.

use chrono::{DateTime, Days, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::ledger::{Account, Posting};
use crate::domain::money::Money;

/// Where a dispute stands, in neutral words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DisputeState {
    /// Opened; the provider waits for our answer.
    Open,
    /// We answered; the provider reviews.
    ResponseSent,
    /// Closed in our favour: nothing is charged back.
    Won,
    /// Closed against us (decided, or the deadline passed): charged back.
    Lost,
    /// We accepted the loss: charged back.
    Accepted,
}

impl DisputeState {
    pub const ALL: [DisputeState; 5] = [
        DisputeState::Open,
        DisputeState::ResponseSent,
        DisputeState::Won,
        DisputeState::Lost,
        DisputeState::Accepted,
    ];

    /// The code stored (migration 10) and shown in JSON.
    pub fn code(self) -> &'static str {
        match self {
            DisputeState::Open => "open",
            DisputeState::ResponseSent => "response_sent",
            DisputeState::Won => "won",
            DisputeState::Lost => "lost",
            DisputeState::Accepted => "accepted",
        }
    }

    pub fn parse(code: &str) -> Option<DisputeState> {
        DisputeState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Still undecided: the invoice is paused.
    pub fn is_open(self) -> bool {
        matches!(self, DisputeState::Open | DisputeState::ResponseSent)
    }

    /// Decided against us: the chargeback is booked.
    pub fn is_lost(self) -> bool {
        matches!(self, DisputeState::Lost | DisputeState::Accepted)
    }
}

/// A request of the provider for our answer (Klarna's `requests[]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeRequest {
    pub id: String,
    /// What the provider asks, in its words.
    pub text: Option<String>,
    pub deadline: Option<NaiveDate>,
    /// We have answered it.
    pub answered: bool,
}

/// A dispute as the provider reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispute {
    /// The provider's id (Klarna: the dispute's KRN).
    pub id: String,
    /// The provider's display name ("Klarna").
    pub provider: String,
    pub provider_order_id: Option<String>,
    /// Our order reference ("10042-1"): Klarna's `merchant_reference1`.
    pub order_reference: Option<String>,
    /// The provider's reason token (`goods_not_received`, `unauthorized_purchase`, …).
    pub reason: String,
    pub amount: Money,
    /// The dispute fee, when the provider states it with the dispute (Klarna does not: its
    /// fee then comes as the payout's DISPUTE_FEE row).
    pub fee: Option<Money>,
    pub opened_at: DateTime<Utc>,
    /// The last day to answer, when the provider gives one.
    pub deadline: Option<NaiveDate>,
    pub state: DisputeState,
    pub requests: Vec<DisputeRequest>,
}

impl Dispute {
    /// The last day to answer: the provider's, or Klarna's rule ([`standard_deadline`]).
    pub fn deadline_or_standard(&self) -> NaiveDate {
        self.deadline
            .unwrap_or_else(|| standard_deadline(self.opened_at.date_naive(), &self.reason))
    }
}

/// Klarna's deadline to answer a dispute: 21 days after it was opened, 7 for an unauthorised
/// purchase.
pub fn standard_deadline(opened: NaiveDate, reason: &str) -> NaiveDate {
    let days = if reason == "unauthorized_purchase" {
        7
    } else {
        21
    };
    opened + Days::new(days)
}

/// The postings of a lost dispute's chargeback: the loss account debited, the receivable
/// credited (the customer's money is not coming).
pub fn chargeback_postings(amount: Money, loss: Account, receivable: Account) -> Vec<Posting> {
    vec![
        Posting {
            account: loss,
            amount,
        },
        Posting {
            account: receivable,
            amount: -amount,
        },
    ]
}

/// The postings of a dispute fee booked when the dispute is lost: the fee account debited, the
/// receivable credited (the provider takes it from a payout, whose DISPUTE_FEE row then clears
/// the receivable).
pub fn dispute_fee_postings(fee: Money, fee_account: Account, receivable: Account) -> Vec<Posting> {
    chargeback_postings(fee, fee_account, receivable)
}

/// A warning is shown above this dispute rate, in per mille (1,2 %).
pub const RATE_WARNING_PERMILLE: i64 = 12;
/// Klarna's elevated-fee threshold, in per mille (1,5 %).
pub const RATE_ELEVATED_PERMILLE: i64 = 15;

/// How a dispute rate stands against the thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RateLevel {
    /// At most 1,2 %.
    Normal,
    /// Above 1,2 %: close to the elevated fee.
    Warning,
    /// Above 1,5 %: Klarna's elevated dispute fee applies.
    Elevated,
}

/// Disputes opened per provider-booked invoice over a window of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisputeRate {
    pub window_days: u32,
    pub disputes: i64,
    pub invoices: i64,
    /// In percent, two decimals (0 with no invoices).
    pub percent: Decimal,
    pub level: RateLevel,
}

/// The dispute rate of `disputes` opened against `invoices` booked in the window.
pub fn dispute_rate(disputes: i64, invoices: i64, window_days: u32) -> DisputeRate {
    let percent = if invoices > 0 {
        (Decimal::from(disputes) * Decimal::from(100) / Decimal::from(invoices)).round_dp(2)
    } else {
        Decimal::ZERO
    };
    // Compare exactly, in whole numbers: disputes × 1000 against invoices × per mille.
    let above = |permille: i64| invoices > 0 && disputes * 1000 > invoices * permille;
    let level = if above(RATE_ELEVATED_PERMILLE) {
        RateLevel::Elevated
    } else if above(RATE_WARNING_PERMILLE) {
        RateLevel::Warning
    } else {
        RateLevel::Normal
    };
    DisputeRate {
        window_days,
        disputes,
        invoices,
        percent,
        level,
    }
}
