//! Payouts, what has been received against invoices, and disputes (migration 10): the records
//! and the store's reads ([`SettlementStore`]) and writes ([`SettlementWriter`]).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::Result;
use crate::domain::Money;
use crate::domain::settlement::{DisputeRequest, DisputeState, PayoutRow, PayoutTotals};

/// A payout as applied: its figures, its voucher and what each row did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PayoutRecord {
    pub provider: String,
    pub payment_reference: String,
    pub payout_date: NaiveDate,
    pub currency: String,
    pub net: Money,
    pub totals: PayoutTotals,
    pub opening_debt: Money,
    pub closing_debt: Money,
    pub voucher_no: i64,
    pub applied_at: DateTime<Utc>,
    pub rows: Vec<PayoutRowRecord>,
}

/// One row of an applied payout and what it did (`effect`: `invoice_paid`, `fee`, `unmatched`…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PayoutRowRecord {
    pub pos: i64,
    pub row: PayoutRow,
    pub effect: String,
    pub invoice_no: Option<i64>,
}

/// Money received against an invoice, from any source (a provider's payout, a bank file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvoiceReceipt {
    pub invoice_no: i64,
    pub amount: Money,
    /// `klarna`, `resurs`, `bankgiro`, …
    pub source: String,
    /// What names the receipt within its source ("AB12CD34/0": payout and row).
    pub source_reference: String,
    pub voucher_no: i64,
    pub received_on: NaiveDate,
}

/// Whether an invoice is paid, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvoicePaid {
    pub invoice_no: i64,
    /// What the invoice asks, its credit invoices taken off.
    pub to_pay: Money,
    pub received: Money,
    /// The day the receipts reached what the invoice asks; None while not paid.
    pub paid_on: Option<NaiveDate>,
    pub receipts: Vec<InvoiceReceipt>,
}

/// A dispute as the register keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisputeRecord {
    pub id: String,
    pub provider: String,
    pub provider_order_id: Option<String>,
    pub order_reference: Option<String>,
    pub order_nr: Option<i64>,
    /// The name of the order's customer: read with the dispute from the order, never stored
    /// with it (None when no order of ours is found).
    pub customer: Option<String>,
    pub invoice_no: Option<i64>,
    pub reason: String,
    pub amount: Money,
    pub fee: Option<Money>,
    pub opened_at: DateTime<Utc>,
    pub deadline: NaiveDate,
    pub state: DisputeState,
    /// `won`, `lost`, `deadline_missed`, `accepted`.
    pub outcome: Option<String>,
    pub requests: Vec<DisputeRequest>,
    pub synced_at: DateTime<Utc>,
    pub chargeback_voucher: Option<i64>,
    pub fee_voucher: Option<i64>,
}

impl DisputeRecord {
    /// The invoice is paused: the dispute is undecided and no loss is booked.
    pub fn pauses_invoice(&self) -> bool {
        self.state.is_open() && self.outcome.is_none()
    }
}

/// An invoice of ours found for a provider's order reference or order id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchedInvoice {
    pub invoice_no: i64,
    pub order_nr: i64,
}

/// Reads of payouts, receipts and disputes.
pub trait SettlementStore {
    /// Applied payouts of a provider, newest first, at most `limit`.
    fn payouts(&self, provider: &str, limit: usize) -> Result<Vec<PayoutRecord>>;

    /// The day of the provider's latest applied payout.
    fn last_payout_date(&self, provider: &str) -> Result<Option<NaiveDate>>;

    /// Whether an invoice is paid, and by what.
    fn invoice_paid(&self, invoice_no: i64) -> Result<Option<InvoicePaid>>;

    /// Every dispute, oldest first.
    fn disputes(&self) -> Result<Vec<DisputeRecord>>;

    fn dispute(&self, id: &str) -> Result<Option<DisputeRecord>>;

    /// The disputes of an order, oldest first.
    fn disputes_of_order(&self, nr: i64) -> Result<Vec<DisputeRecord>>;

    /// Disputes of `provider` opened at or after `since`, and invoices booked with `method`
    /// (code) dated on or after the same day.
    fn dispute_counts(
        &self,
        provider: &str,
        method: &str,
        since: DateTime<Utc>,
    ) -> Result<(i64, i64)>;

    /// Whether any invoice was booked with `method` (code): the background dispute sync runs
    /// only then.
    fn has_invoice_with_method(&self, method: &str) -> Result<bool>;
}

/// Writes of payouts, receipts and disputes, inside one transaction.
pub trait SettlementWriter {
    /// Whether a payout of `provider` with this reference is applied.
    fn payout_known(&self, provider: &str, payment_reference: &str) -> Result<bool>;

    /// Our invoice (kind faktura) bound to the payment attempt with this order reference or
    /// provider order id.
    fn invoice_for(
        &self,
        order_reference: Option<&str>,
        provider_order_id: Option<&str>,
    ) -> Result<Option<MatchedInvoice>>;

    /// Store an applied payout with its rows (the voucher is already inserted).
    fn insert_payout(&mut self, payout: &PayoutRecord) -> Result<()>;

    /// Record money received against an invoice.
    fn insert_invoice_receipt(&mut self, receipt: &InvoiceReceipt) -> Result<()>;

    fn dispute(&self, id: &str) -> Result<Option<DisputeRecord>>;

    /// Insert or update a dispute (its vouchers, once set, never change: the schema refuses).
    fn put_dispute(&mut self, dispute: &DisputeRecord) -> Result<()>;

    /// The voucher of a payout row that booked (`chargeback` or `dispute_fee`) for a dispute.
    fn dispute_booked_by_payout(&self, dispute_id: &str, effect: &str) -> Result<Option<i64>>;
}
