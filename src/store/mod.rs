//! The store: every read and write of the workshop's data, behind the [`Store`] and [`Writer`]
//! traits. The SQLite implementation lives in [`sqlite`]; nothing outside `store` names it
//! except [`Database`], the backend this build opens.
//!
//! The store hands out domain types. Every change goes through a [`Writer`], one transaction
//! that also writes the audit events of the change, so a change and its audit record are
//! committed together or not at all.
//!
//! Why this shape: a backend is one type implementing [`Store`] (reads, each on its own
//! consistent snapshot, and `write`), and one transaction type implementing the three writer
//! traits ([`CoreWriter`], [`PaymentWriter`], [`LedgerWriter`]; [`Writer`] is all three). `write`
//! takes a closure so the backend owns begin/commit/rollback and the caller cannot forget
//! either; the closure makes [`Store`] generic (not `dyn`), which the use cases accept as
//! `impl Store`. A PostgreSQL backend fills the same traits with a pool and
//! `BEGIN ... COMMIT`; see docs/ARCHITECTURE.md, "Store".

pub mod reconcile;
mod records;
pub mod refund;
pub mod settlement;
pub mod sqlite;

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::invoice::Invoice;
use crate::domain::ledger::{Account, Chart, Voucher};
use crate::domain::register::{GrandTotals, Receipt, RegisterReport, Tally};
use crate::domain::search::Filter;
use crate::domain::{Article, Customer, Installation, Lang, Mobile, Money, Order, Vehicle};
use crate::t;

pub use crate::domain::OrderSummary;
pub use crate::domain::payment::{
    AttemptState, CallKind, CallState, ProviderAction, ProviderTask, StoredInvoice, TaskState,
};
pub use reconcile::{
    BankFileRecord, IncomingPaymentRecord, PaymentBooking, PaymentStanding, ReconcileStore,
    ReconcileWriter,
};
pub use records::{
    AuditEvent, ListCount, ListQuery, NewAttempt, NewCustomer, OrderDetails, PaymentAttempt,
    ProviderCall,
};
pub use refund::{BatchRecord, OwedRecord, OwedView, RefundRecord, RefundStore, RefundWriter};
pub use settlement::{
    DisputeRecord, InvoicePaid, InvoiceReceipt, MatchedInvoice, PayoutRecord, PayoutRowRecord,
    SettlementStore, SettlementWriter,
};
pub use sqlite::SCHEMA_VERSION;

/// The backend this build opens: the one place outside [`sqlite`] that names it. The use cases
/// take `impl Store`; the handles the front ends keep (`Arc<Mutex<Database>>` today) name this.
pub type Database = sqlite::SqliteStore;

/// The store traits, for code that calls them on the concrete [`Database`] handle:
/// `use crate::store::prelude::*;`.
pub mod prelude {
    pub use super::{
        CoreWriter as _, LedgerWriter as _, PaymentWriter as _, ReconcileStore as _,
        ReconcileWriter as _, RefundStore as _, RefundWriter as _, RegisterWriter as _,
        SettlementStore as _, SettlementWriter as _, Store as _,
    };
}

/// Errors of the store. Each has a message a workshop user can act on.
#[derive(Debug)]
pub enum StoreError {
    Sqlite(rusqlite::Error),
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    TooNew {
        found: i64,
        known: i64,
    },
    Conflict {
        nr: i64,
    },
    OrderNotFound(i64),
    CustomerNotFound(i64),
    Busy,
    Corrupt(String),
}

impl std::fmt::Display for StoreError {
    /// Swedish, the default language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Sv))
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Sqlite(e) | StoreError::Open { source: e, .. } => Some(e),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError::Sqlite(e)
    }
}

impl StoreError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            StoreError::Sqlite(e) => t!(lang, "store-database-error", error = e.to_string()),
            StoreError::Open { path, source } => t!(
                lang,
                "store-cannot-open",
                path = path.display().to_string(),
                error = source.to_string()
            ),
            StoreError::TooNew { found, known } => {
                t!(lang, "store-schema-too-new", found = found, known = known)
            }
            StoreError::Conflict { nr } => t!(lang, "store-conflict", nr = nr),
            StoreError::OrderNotFound(nr) => t!(lang, "store-order-not-found", nr = nr),
            StoreError::CustomerNotFound(no) => t!(lang, "store-customer-not-found", no = no),
            StoreError::Busy => t!(lang, "store-busy"),
            StoreError::Corrupt(what) => t!(lang, "store-corrupt", what = what),
        }
    }

    /// Map SQLITE_BUSY (after the busy timeout) to a friendly error.
    pub(crate) fn from_sqlite(e: rusqlite::Error) -> StoreError {
        if let rusqlite::Error::SqliteFailure(f, _) = &e
            && matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            )
        {
            return StoreError::Busy;
        }
        StoreError::Sqlite(e)
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Reads of the workshop's data, and [`Store::write`] for changes.
///
/// Every method takes `&self`: a backend serves reads and one write at a time from any thread
/// (the SQLite one keeps a write connection and a small pool of read connections), so a list
/// query does not wait for a booking transaction to finish.
pub trait Store: Send + Sync {
    /// One change in progress (a transaction).
    type Writer<'a>: Writer
    where
        Self: 'a;

    /// Run `f` in one transaction as `actor`. Commits when `f` returns Ok, rolls back
    /// otherwise: nothing of a failed change is written. Writes are serialised.
    fn write<T, E>(
        &self,
        actor: &str,
        f: impl FnOnce(&mut Self::Writer<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E>
    where
        E: From<StoreError>;

    /// True when this open created the schema: the first start on an empty database.
    fn was_created(&self) -> bool;

    /// Where the database lives (named in messages).
    fn path(&self) -> &Path;

    fn schema_version(&self) -> Result<i64>;

    /// Who this database is: its installation id and whether it is a demo database.
    fn installation(&self) -> Result<Installation>;

    /// True when the database holds orders or vouchers: its kind (demo or real) is fixed.
    fn holds_books(&self) -> Result<bool>;

    /// Order number, customer, vehicle, lines and state of one order.
    fn order(&self, nr: i64) -> Result<Option<OrderDetails>>;

    /// The order list: filter, quick filters, sort and a page.
    fn list_orders(&self, q: &ListQuery) -> Result<Vec<OrderSummary>>;
    /// How many orders `q` matches (exact, or at least so many when counting would be slow).
    fn count_orders(&self, q: &ListQuery) -> Result<ListCount>;

    /// A hint from the counter screen: filter-as-you-type is coming, keep what makes it fast
    /// (the SQLite backend loads the search texts into memory). A one-shot command skips it.
    fn use_search_index(&self) -> Result<()> {
        Ok(())
    }

    /// All audit events of one entity, oldest first.
    fn audit_events(&self, entity: &str, key: &str) -> Result<Vec<AuditEvent>>;

    /// Counts for the overview: orders per status.
    fn status_counts(&self) -> Result<Vec<(String, i64)>>;

    /// Number of customers, vehicles and orders.
    fn counts(&self) -> Result<(i64, i64, i64)>;

    /// Payment attempts of an order, oldest first.
    fn payment_attempts(&self, nr: i64) -> Result<Vec<PaymentAttempt>>;

    /// The attempt that created this provider payment.
    fn attempt_by_payment_id(&self, id: &str) -> Result<Option<PaymentAttempt>>;

    /// Attempts still in play: being sent, or sent on orders that wait for payment.
    fn open_payment_attempts(&self) -> Result<Vec<PaymentAttempt>>;

    /// Cancel, refund and capture calls of an attempt.
    fn provider_calls(&self, attempt_id: i64) -> Result<Vec<ProviderCall>>;

    /// Customers whose number, name or mobile contains the filter text (at most `limit`).
    fn find_customers(&self, filter: &Filter, limit: usize) -> Result<Vec<Customer>>;

    /// A customer by customer number.
    fn customer(&self, customer_no: i64) -> Result<Option<Customer>>;

    /// The article and labour register, by number.
    fn article(&self, number: &str) -> Result<Option<Article>>;

    /// The highest order number given so far (0 when there are none).
    fn max_order_nr(&self) -> Result<i64>;

    /// A booked invoice or credit invoice by number.
    fn invoice(&self, no: i64) -> Result<Option<StoredInvoice>>;

    /// The invoices and credit invoices of an order, in number order.
    fn invoices_of_order(&self, nr: i64) -> Result<Vec<StoredInvoice>>;

    /// Invoices and credit invoices dated `day`.
    fn invoices_on(&self, day: NaiveDate) -> Result<Vec<StoredInvoice>>;

    /// A voucher of the journal.
    fn voucher(&self, number: i64) -> Result<Option<Voucher>>;

    /// Every voucher dated `from..=to`, in number order.
    fn vouchers_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Voucher>>;

    /// The built-in chart with the account names stored by bookings.
    fn chart(&self) -> Result<Chart>;

    /// Mobile payment links sent and payments received in `start..end`, and orders still
    /// waiting now.
    fn mobile_counts(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<(i64, i64, i64)>;

    /// The receipts of an order, in number order.
    fn receipts_of_order(&self, nr: i64) -> Result<Vec<Receipt>>;

    /// What the register did since its last Z report (for an X report).
    fn register_period(&self, register_id: &str) -> Result<RegisterPeriod>;

    /// The register's Z reports, in number order.
    fn z_reports(&self, register_id: &str) -> Result<Vec<RegisterReport>>;

    /// The electronic journal entries made on local days `from..=to` (every register).
    fn journal(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Vec<JournalEntry>>;
}

/// A change in progress: everything [`CoreWriter`], [`PaymentWriter`], [`LedgerWriter`],
/// [`RegisterWriter`], [`SettlementWriter`] and [`ReconcileWriter`] offer. Use cases take
/// `&mut impl Writer`.
pub trait Writer:
    CoreWriter
    + PaymentWriter
    + LedgerWriter
    + RegisterWriter
    + SettlementWriter
    + ReconcileWriter
    + RefundWriter
{
}

impl<
    W: CoreWriter
        + PaymentWriter
        + LedgerWriter
        + RegisterWriter
        + SettlementWriter
        + ReconcileWriter
        + RefundWriter,
> Writer for W
{
}

/// The audit trail, number series, customers, vehicles, articles and orders, inside one
/// transaction. Dropped without commit (the closure of [`Store::write`] failed), everything is
/// rolled back.
pub trait CoreWriter {
    /// Who makes this change (the audit trail's actor).
    fn actor(&self) -> &str;

    /// Generated history (bulk mode only): what is written next is dated `at`. Returns the
    /// time it replaces, to be set back.
    fn backdate(&mut self, at: DateTime<Utc>) -> DateTime<Utc>;

    /// True in bulk mode (generated demo data).
    fn is_bulk(&self) -> bool;

    /// The time of this change (one clock reading for the whole transaction).
    fn now(&self) -> DateTime<Utc>;

    /// Who this database is (read inside the transaction).
    fn installation(&self) -> Result<crate::domain::Installation>;

    /// Make an empty database a demo or a real one. Refused (by the schema) once it holds
    /// orders or vouchers.
    fn set_kind(&mut self, kind: crate::domain::DbKind) -> Result<()>;

    /// Bulk mode for generated demo data: rows get no audit event each; the caller writes one
    /// summary event for the whole batch.
    /// A large page cache keeps the indexes in memory while a million orders go in.
    fn set_bulk(&mut self) -> Result<()>;

    /// Append an audit event: who (the writer's actor), when (now), what, before → after.
    fn audit(
        &self,
        entity: &str,
        key: &str,
        action: &str,
        before: Option<&impl Serialize>,
        after: Option<&impl Serialize>,
    ) -> Result<()>;

    /// True when the audit trail holds an event `action` on `entity` `key` (read inside the
    /// transaction).
    fn audit_exists(&self, entity: &str, key: &str, action: &str) -> Result<bool>;

    /// How many events `action` on `entity` `key` the audit trail holds (read inside the
    /// transaction: a count taken and a new event written in one transaction cannot race).
    fn audit_count(&self, entity: &str, key: &str, action: &str) -> Result<i64>;

    /// Take the next number of a series ('order', 'customer'). Inside the transaction, so a
    /// rolled-back change gives its number back: the series has no gaps.
    fn next_number(&self, series: &str) -> Result<i64>;

    fn customer(&self, customer_no: i64) -> Result<Option<Customer>>;

    /// A customer with exactly this name and mobile number, if there is one.
    fn find_customer(&self, name: &str, mobile: Option<&Mobile>) -> Result<Option<Customer>>;

    /// Create a customer with the next customer number.
    fn create_customer(&mut self, new: NewCustomer) -> Result<Customer>;

    /// Change a customer's name, identifiers and address (its number never changes), with an
    /// audit event before → after.
    fn update_customer(&mut self, customer: &Customer) -> Result<Customer>;

    /// The vehicle with this plate, added (owned by `customer_no`) if it is not known yet.
    /// Returns true if it was added.
    fn ensure_vehicle(&mut self, vehicle: &Vehicle, customer_no: i64) -> Result<bool>;

    /// Add or replace an article of the register.
    fn put_article(&mut self, article: &Article) -> Result<()>;

    /// Store a new order. Its number is taken from the series here (whatever `order.nr` held),
    /// and `created_at`/`updated_at` are kept as given (demo data and imports set them).
    fn create_order(&mut self, order: Order) -> Result<Order>;

    /// The order as stored now, inside this transaction.
    fn order(&self, nr: i64) -> Result<Order>;

    /// Save a changed order. `order.version` must be the version it was read at: if someone else
    /// saved in between, this fails with [`StoreError::Conflict`] and nothing is written.
    /// `action` names the change in the audit trail ("update", "status", "payment" …).
    /// Returns the order as saved, with its new version and update time.
    fn save_order(&mut self, order: &Order, action: &str) -> Result<Order>;
}

/// Payment attempts and provider calls: the outbox of every provider call that moves money.
pub trait PaymentWriter {
    /// Attempts of an order inside this transaction.
    fn attempts(&self, nr: i64) -> Result<Vec<PaymentAttempt>>;

    /// The next attempt number of an order and its order reference "NR-ATTEMPT".
    fn next_attempt(&self, nr: i64) -> Result<(i64, String)>;

    /// Record a new attempt in state `sending`. The idempotency key and the exact request are
    /// stored here, before any call.
    fn insert_attempt(&mut self, new: NewAttempt) -> Result<PaymentAttempt>;

    /// Save the changed fields of an attempt, with an audit event.
    fn update_attempt(&mut self, a: &PaymentAttempt, action: &str) -> Result<PaymentAttempt>;

    /// The pending call of this kind for an attempt, or a new one recorded now (key stored
    /// before the call). A retry finds the pending call and reuses its key.
    fn pending_call(
        &mut self,
        attempt: &PaymentAttempt,
        kind: CallKind,
        transaction_id: Option<&str>,
        amount: Option<Money>,
        new_key: &str,
    ) -> Result<ProviderCall>;

    /// Mark a provider call done or failed.
    fn finish_call(
        &mut self,
        attempt: &PaymentAttempt,
        call: &ProviderCall,
        ok: bool,
        error: Option<&str>,
    ) -> Result<()>;
}

/// What the register has done since its last Z report (the period an X or Z report covers).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegisterPeriod {
    /// Receipts and copies of the period, in journal order.
    pub entries: Vec<PeriodEntry>,
    /// The last Z report: its number, day and grand totals.
    pub last_z: Option<(i64, NaiveDate, GrandTotals)>,
    /// The journal entry the last Z report ended with (0 before the first).
    pub after_seq: i64,
    /// Orders waiting for a payment that was begun (unfinished sales).
    pub unfinished: Tally,
}

/// A receipt or a copy in the register's journal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodEntry {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub item: PeriodItem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodItem {
    Receipt(Box<Receipt>),
    /// A copy, with the amount of its receipt.
    Copy(Money),
}

impl RegisterPeriod {
    /// The receipts and copy amounts registered before `end`, and the journal entry they end
    /// with: what a Z report taken for the day before `end` covers. (The journal is in time
    /// order, so these are a prefix of the period.)
    pub fn until(&self, end: DateTime<Utc>) -> (Vec<Receipt>, Vec<Money>, i64) {
        let mut receipts = Vec::new();
        let mut copies = Vec::new();
        let mut last = self.after_seq;
        for e in self.entries.iter().take_while(|e| e.at < end) {
            last = e.seq;
            match &e.item {
                PeriodItem::Receipt(r) => receipts.push((**r).clone()),
                PeriodItem::Copy(m) => copies.push(*m),
            }
        }
        (receipts, copies, last)
    }
}

/// One entry of the register's electronic journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JournalEntry {
    pub seq: i64,
    pub register_id: String,
    pub at: DateTime<Utc>,
    /// "receipt", "copy" or "z_report".
    pub event: String,
    pub receipt_no: Option<i64>,
    pub z_no: Option<i64>,
    pub amount: Money,
    /// The receipt or report as registered (JSON).
    pub document: serde_json::Value,
}

/// The cash register: receipts, their prints, the journal and Z reports. Everything written here
/// is append-only (the schema refuses changes, migration 7).
pub trait RegisterWriter {
    /// The next number of the register's receipt series: one more than the highest, read in this
    /// transaction (writes are serialised and receipts never removed, so the series is unbroken).
    fn next_receipt_no(&self, register_id: &str) -> Result<i64>;

    /// Store a registered receipt and its journal entry.
    fn insert_receipt(&mut self, r: &Receipt) -> Result<()>;

    /// The receipts of an order, in number order.
    fn receipts_of_order(&self, nr: i64) -> Result<Vec<Receipt>>;

    /// Whether the original and the copy of a receipt have been printed.
    fn receipt_printed(&self, register_id: &str, no: i64) -> Result<(bool, bool)>;

    /// Record a print of a receipt (a copy also goes in the journal with its control code).
    fn insert_receipt_print(
        &mut self,
        r: &Receipt,
        copy: bool,
        control_code: Option<&str>,
    ) -> Result<()>;

    /// What the register did since its last Z report.
    fn register_period(&self, register_id: &str) -> Result<RegisterPeriod>;

    /// Store a Z report covering the journal up to `last_seq`. The schema refuses a second
    /// report for the same register and day.
    fn insert_z_report(&mut self, z: &RegisterReport, last_seq: i64) -> Result<()>;
}

/// The journal, the accounts it uses, and invoices with their provider work.
pub trait LedgerWriter {
    /// Store the names of accounts a voucher uses (the chart at booking time, for SIE).
    fn put_accounts(
        &mut self,
        chart: &Chart,
        accounts: impl IntoIterator<Item = Account>,
    ) -> Result<()>;

    /// Append a voucher to the journal. It must balance; the number must be the next of the
    /// 'voucher' series (taken by the caller in this transaction).
    fn insert_voucher(&mut self, v: &Voucher) -> Result<()>;

    /// Store a booked invoice or credit invoice, with the provider work it needs.
    fn insert_invoice(&mut self, inv: &Invoice, action: Option<ProviderAction>) -> Result<()>;

    /// Bind a MOBIL invoice to the payment attempt that paid it, in the booking transaction.
    /// The schema refuses a second binding, a binding of another kind of invoice, and one whose
    /// authorised amount is not the invoice total to the öre (migration 6).
    fn bind_invoice_payment(&mut self, no: i64, attempt_id: i64) -> Result<()>;

    /// Record how the provider work of an invoice went.
    fn set_invoice_task(
        &mut self,
        no: i64,
        state: TaskState,
        error: Option<&str>,
    ) -> Result<StoredInvoice>;

    fn invoice(&self, no: i64) -> Result<Option<StoredInvoice>>;

    fn invoices_of_order(&self, nr: i64) -> Result<Vec<StoredInvoice>>;

    fn voucher(&self, number: i64) -> Result<Option<Voucher>>;
}
