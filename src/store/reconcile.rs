//! Imported bank files and incoming payments (migration 11, issue 14): the records and the
//! store's reads ([`ReconcileStore`]) and writes ([`ReconcileWriter`]).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::Result;
use super::settlement::InvoiceReceipt;
use crate::domain::Money;
use crate::domain::reconcile::{Found, KnownPayout, OpenInvoice, Payer, PaymentRef, Reason, State};

/// An imported file, by the hash of its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BankFileRecord {
    pub content_hash: String,
    /// The sender's name for the file.
    pub file_id: String,
    /// `bgmax` or `camt054`.
    pub format: String,
    pub file_name: Option<String>,
    pub test: bool,
    /// Payments stored from this file.
    pub payments: i64,
    /// Entries skipped because another file brought them already.
    pub known: i64,
    pub total: Money,
}

/// Where a payment stands: what the matcher (or a person) decided, and what is held for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentStanding {
    pub state: State,
    pub reasons: Vec<Reason>,
    pub suggested_invoice: Option<i64>,
    pub waiting_order: Option<i64>,
    /// On OBS 2999 (obs, suggested) or 2420 (prepayment), waiting for work.
    pub held: Money,
    /// Left as the customer's credit on 2420.
    pub credit: Money,
}

/// A payment of a bank file, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IncomingPaymentRecord {
    pub id: i64,
    /// The file it came in (`bank_files.id`).
    pub file: i64,
    /// `bankgiro` or `camt054`.
    pub source: String,
    /// The same entry in any file has the same key.
    pub entry_key: String,
    pub account: String,
    pub bank_id: String,
    pub booked_on: NaiveDate,
    /// Signed: money in positive.
    pub amount: Money,
    pub payer: Payer,
    pub references: Vec<PaymentRef>,
    /// The import's voucher (none for a payment of 0,00).
    pub voucher_no: Option<i64>,
    pub imported_at: DateTime<Utc>,
    pub standing: PaymentStanding,
    /// The invoices its receipts paid, in order.
    pub invoices: Vec<i64>,
}

/// A booking made for a payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentBooking {
    pub payment: i64,
    /// `import`, `match`, `obs`, `prepayment_applied`.
    pub action: &'static str,
    pub state: State,
    pub voucher_no: Option<i64>,
    pub reasons: Vec<Reason>,
}

/// Reads of incoming payments.
pub trait ReconcileStore {
    /// Payments, the work list first (suggested, OBS, prepayment, then matched; oldest first
    /// within each), at most `limit`. `open_only`: only suggested and OBS.
    fn incoming_payments(
        &self,
        open_only: bool,
        limit: usize,
    ) -> Result<Vec<IncomingPaymentRecord>>;

    fn incoming_payment(&self, id: i64) -> Result<Option<IncomingPaymentRecord>>;

    /// An invoice of ours as reconciliation sees it: a FAKTURA invoice with what is open on it.
    fn open_invoice(&self, invoice_no: i64) -> Result<Option<OpenInvoice>>;
}

/// Writes of bank files and incoming payments, inside one transaction; the lookups see what
/// this transaction wrote (an earlier payment of the same file).
pub trait ReconcileWriter {
    /// The file with this content hash, if it was imported.
    fn bank_file_by_hash(&self, content_hash: &str) -> Result<Option<i64>>;

    fn insert_bank_file(&mut self, file: &BankFileRecord) -> Result<i64>;

    /// Whether an entry with this key is stored (from any file).
    fn payment_entry_known(&self, entry_key: &str) -> Result<bool>;

    /// Store a payment (its id is returned); `voucher_no` is its import voucher.
    fn insert_incoming_payment(&mut self, p: &IncomingPaymentRecord) -> Result<i64>;

    /// Change where a payment stands (the schema keeps a matched payment matched).
    fn set_payment_standing(&mut self, id: i64, standing: &PaymentStanding) -> Result<()>;

    fn insert_payment_booking(&mut self, b: &PaymentBooking) -> Result<()>;

    /// Record money received against an invoice by a bank payment.
    fn insert_payment_receipt(&mut self, payment: i64, receipt: &InvoiceReceipt) -> Result<()>;

    fn payment(&self, id: i64) -> Result<Option<IncomingPaymentRecord>>;

    /// Prepayments waiting for this order's invoice, oldest first.
    fn prepayments_waiting(&self, order_nr: i64) -> Result<Vec<IncomingPaymentRecord>>;

    /// Set the page cache of this transaction's connection to `size` (SQLite's `cache_size`:
    /// negative KiB, positive pages) and return what it was, to set it back: a bank file's
    /// lookups and inserts touch pages all over the invoices' indexes.
    fn set_page_cache(&mut self, size: i64) -> Result<i64>;

    /// A FAKTURA invoice with what is open on it.
    fn find_open_invoice(&self, invoice_no: i64) -> Result<Option<OpenInvoice>>;

    /// [`Self::find_open_invoice`] without the buyer (`buyer` empty, `buyer_id` none): what a
    /// reference's lookup needs, without reading the invoice's document. Only "amount and
    /// payer" ([`Self::invoices_asking`]) compares buyers.
    fn find_open_amount(&self, invoice_no: i64) -> Result<Option<OpenInvoice>>;

    /// An order's FAKTURA invoice (without its buyer, as [`Self::find_open_amount`]), or that
    /// it is not invoiced yet (an order booked another way, or no order: nothing).
    fn find_order(&self, nr: i64) -> Result<Found>;

    /// The order of the payment attempt with this order reference ("10042-1").
    fn order_of_reference(&self, order_reference: &str) -> Result<Option<i64>>;

    /// The order of the payment attempt with this provider payment id.
    fn order_of_provider_id(&self, provider_payment_id: &str) -> Result<Option<i64>>;

    /// FAKTURA invoices that ask exactly `amount` (at most `limit`), with what is open on them.
    fn invoices_asking(&self, amount: Money, limit: usize) -> Result<Vec<OpenInvoice>>;

    /// A provider payout applied, by the payment reference on the bank statement (of any
    /// provider; the first applied if two share it), with the payment that closed it if any.
    fn payout_by_reference(&self, reference: &str) -> Result<Option<KnownPayout>>;

    /// Record that `payment` is the bank's credit of `payout` (the schema refuses a second
    /// payment for a payout, or a payment for two).
    fn close_payout(&mut self, payout: i64, payment: i64) -> Result<()>;

    /// Payments on OBS whose references contain `text`, oldest first.
    fn obs_payments_naming(&self, text: &str) -> Result<Vec<IncomingPaymentRecord>>;
}
