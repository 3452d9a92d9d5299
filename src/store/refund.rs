//! Refunds (migration 15, issue 15): the customer's payment details, what is owed back, the
//! refunds and their batches; reads ([`RefundStore`]) and writes ([`RefundWriter`]).

use chrono::NaiveDate;
use serde::Serialize;

use super::Result;
use crate::domain::Money;
use crate::domain::refund::{Payee, RefundSource, RefundState};

/// Money a customer may be owed back, before refunds: a FAKTURA invoice received beyond what
/// it (less its credit notes) asks, or a bank payment's credit on 2420.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwedRecord {
    pub source: RefundSource,
    /// The invoice number or the payment's id.
    pub source_id: i64,
    pub customer_no: i64,
    pub customer_name: String,
    /// The order number (invoice) or the payment's first reference (payment).
    pub reference: String,
    /// The credit notes of the invoice (empty for a payment).
    pub credit_notes: Vec<i64>,
    /// Received beyond what is asked (invoice) / left on 2420 (payment).
    pub owed: Money,
    /// What refunds sent or booked took already.
    pub refunded: Money,
    /// The day the money became owed (the latest credit note's date; the payment's day).
    pub since: NaiveDate,
}

/// What a proposal is made of: the money owed on a source, its refunds so far (oldest first),
/// and, while something is still owed, where the customer's refunds are paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwedView {
    pub owed: OwedRecord,
    pub refunds: Vec<RefundRecord>,
    pub payee: Option<Payee>,
}

/// A refund as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefundRecord {
    pub id: i64,
    pub source: RefundSource,
    pub source_id: i64,
    pub customer_no: i64,
    pub amount: Money,
    pub pay_on: NaiveDate,
    pub reference: String,
    pub state: RefundState,
    pub reason: Option<String>,
    pub batch: Option<i64>,
    pub end_to_end_id: Option<String>,
    pub payee: Option<Payee>,
    pub voucher_no: Option<i64>,
    pub payment: Option<i64>,
}

/// A batch as stored: the file as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BatchRecord {
    pub id: i64,
    pub msg_id: String,
    pub pay_on: NaiveDate,
    pub count: i64,
    pub total: Money,
    #[serde(skip)]
    pub xml: String,
}

/// Reads.
pub trait RefundStore {
    fn payment_details(&self, customer_no: i64) -> Result<Option<Payee>>;
    /// Everything that may be owed back (owed > 0), oldest first, with its refunds and the
    /// customer's payment details: read in one read transaction (one snapshot), without
    /// taking the write lock.
    fn owed_views(&self) -> Result<Vec<OwedView>>;
    /// Refunds, newest first (at most `limit`).
    fn refunds(&self, limit: usize) -> Result<Vec<RefundRecord>>;
    fn refund_batch(&self, id: i64) -> Result<Option<BatchRecord>>;
}

/// Writes, inside one transaction (the reads see what it wrote).
pub trait RefundWriter {
    fn set_payment_details(&mut self, customer_no: i64, payee: Option<&Payee>) -> Result<()>;
    fn payment_details_in(&self, customer_no: i64) -> Result<Option<Payee>>;
    /// [`RefundStore::owed_views`] as this transaction sees it.
    fn owed_views_in(&self) -> Result<Vec<OwedView>>;
    /// The refunds of a source, oldest first.
    fn refunds_of(&self, source: RefundSource, source_id: i64) -> Result<Vec<RefundRecord>>;
    fn refund_by_end_to_end(&self, end_to_end_id: &str) -> Result<Option<RefundRecord>>;
    fn refunds_of_batch(&self, batch: i64) -> Result<Vec<RefundRecord>>;
    fn batch_by_msg_id(&self, msg_id: &str) -> Result<Option<BatchRecord>>;
    /// Store or replace the hand-changed proposal of a source.
    fn put_proposal(&mut self, r: &RefundRecord) -> Result<i64>;
    /// A new batch row (its XML filled in by [`RefundWriter::set_batch_xml`] is not possible:
    /// batches are append-only, so the XML is passed whole).
    fn insert_batch(&mut self, b: &BatchRecord) -> Result<i64>;
    /// The next batch id (to name the file before it is stored).
    fn next_batch_id(&self) -> Result<i64>;
    /// Insert a refund that is sent (its proposal row, if any, removed) and return its id.
    fn insert_sent(&mut self, r: &RefundRecord) -> Result<i64>;
    /// The next refund id (for its EndToEndId).
    fn next_refund_id(&self) -> Result<i64>;
    fn delete_proposal(&mut self, source: RefundSource, source_id: i64) -> Result<()>;
    fn set_refund_rejected(&mut self, id: i64, reason: &str) -> Result<()>;
    fn set_refund_booked(&mut self, id: i64, voucher_no: i64, payment: i64) -> Result<()>;
}
