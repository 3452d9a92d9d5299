//! All SQL lives here: opening the database, migrations, repositories and the audit trail.
//!
//! The store hands out domain types. Every change goes through a [`Writer`], one SQLite
//! transaction that also writes the audit events of the change, so a change and its audit record
//! are committed together or not at all.

mod ledger;
mod list;
mod migrations;
mod payments;
mod rows;
mod search_index;
mod writer;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use crate::domain::Lang;

pub use crate::domain::payment::{
    AttemptState, CallKind, CallState, ProviderAction, ProviderTask, StoredInvoice, TaskState,
};
pub use list::{ListQuery, OrderSummary};
pub use migrations::SCHEMA_VERSION;
pub use payments::{NewAttempt, PaymentAttempt, ProviderCall};
pub use rows::{AuditEvent, OrderDetails};
pub use writer::{NewCustomer, Writer};

/// Errors of the store. Each has a message a workshop user can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("Databasfel: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("Kunde inte öppna databasen {path}: {source}")]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "Databasen har schemaversion {found}, men den här versionen av Verkstad känner bara till version {known}. Uppdatera Verkstad."
    )]
    TooNew { found: i64, known: i64 },
    #[error(
        "Order {nr} har ändrats av någon annan sedan du öppnade den. Dina ändringar är inte sparade – öppna ordern igen."
    )]
    Conflict { nr: i64 },
    #[error("Order {0} finns inte")]
    OrderNotFound(i64),
    #[error("Kund {0} finns inte")]
    CustomerNotFound(i64),
    #[error("Databasen är upptagen av en annan användare – försök igen")]
    Busy,
    #[error("Ogiltigt värde i databasen ({0})")]
    Corrupt(String),
}

impl StoreError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (e, Lang::Sv) => e.to_string(),
            (StoreError::Sqlite(e), Lang::En) => format!("Database error: {e}"),
            (StoreError::Open { path, source }, Lang::En) => {
                format!("Could not open the database {}: {source}", path.display())
            }
            (StoreError::TooNew { found, known }, Lang::En) => format!(
                "The database has schema version {found}, but this version of Verkstad only knows version {known}. Update Verkstad."
            ),
            (StoreError::Conflict { nr }, Lang::En) => format!(
                "Order {nr} was changed by someone else since you opened it. Your changes were not saved – open the order again."
            ),
            (StoreError::OrderNotFound(nr), Lang::En) => format!("Order {nr} does not exist"),
            (StoreError::CustomerNotFound(no), Lang::En) => format!("Customer {no} does not exist"),
            (StoreError::Busy, Lang::En) => {
                "The database is busy with another user – try again".into()
            }
            (StoreError::Corrupt(what), Lang::En) => {
                format!("Invalid value in the database ({what})")
            }
        }
    }

    /// Map SQLITE_BUSY (after the busy timeout) to a friendly error.
    fn from_sqlite(e: rusqlite::Error) -> StoreError {
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

/// The time format of every stored timestamp: UTC, sortable as text.
const TS_FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

pub(crate) fn ts(t: DateTime<Utc>) -> String {
    t.format(TS_FORMAT).to_string()
}

pub(crate) fn parse_ts(s: &str) -> Result<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(s, TS_FORMAT)
        .map(|n| n.and_utc())
        .map_err(|_| StoreError::Corrupt(format!("tidpunkt {s:?}")))
}

fn installation(conn: &Connection) -> Result<crate::domain::Installation> {
    let (id, kind): (String, String) = conn.query_row(
        "SELECT installation_id, kind FROM installation WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let kind = crate::domain::DbKind::parse(&kind)
        .ok_or_else(|| StoreError::Corrupt(format!("installation kind {kind:?}")))?;
    Ok(crate::domain::Installation { id, kind })
}

/// An open database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    created: bool,
    /// The in-memory search texts, when the counter screen asked for them.
    search: std::cell::RefCell<Option<search_index::SearchIndex>>,
    use_search_index: bool,
}

impl Store {
    /// Open (and create, if missing) the database at `path`, and bring its schema up to date.
    /// A database with a newer schema than this program is refused and left untouched.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Store::setup(conn, path.to_path_buf())
    }

    fn setup(mut conn: Connection, path: PathBuf) -> Result<Store> {
        conn.busy_timeout(Duration::from_secs(5))?;
        // A newer database is refused before anything (even the journal mode) is changed.
        migrations::refuse_newer(&conn)?;
        // Pragmas that cannot run inside a transaction come first.
        conn.pragma_update(None, "foreign_keys", true)?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
            tracing::warn!(mode, "could not switch to WAL");
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Statement journals and sorts stay in memory instead of temporary files.
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // The first 64 MiB (the hot indexes) are read through memory-mapped I/O; a larger map
        // would make a long-running counter screen's resident memory grow with the file.
        conn.pragma_update(None, "mmap_size", 64_i64 << 20)?;
        // `rarray(?)`: a list of ids bound as one parameter (the order list uses it).
        rusqlite::vtab::array::load_module(&conn)?;
        let created = migrations::migrate(&mut conn)?;
        Ok(Store {
            conn,
            path,
            created,
            search: std::cell::RefCell::new(None),
            use_search_index: false,
        })
    }

    /// True when this open created the schema: the first start on an empty database.
    pub fn was_created(&self) -> bool {
        self.created
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Run `f` in one immediate transaction as `actor`. Commits when `f` returns Ok, rolls back
    /// otherwise: nothing of a failed change is written.
    pub fn write<T, E>(
        &mut self,
        actor: &str,
        f: impl FnOnce(&mut Writer<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E>
    where
        E: From<StoreError>,
    {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from_sqlite)?;
        let mut writer = Writer::new(tx, actor);
        let value = f(&mut writer)?;
        writer.commit()?;
        Ok(value)
    }

    /// Who this database is: its installation id and whether it is a demo database.
    pub fn installation(&self) -> Result<crate::domain::Installation> {
        installation(&self.conn)
    }

    /// True when the database holds orders or vouchers: its kind (demo or real) is fixed.
    pub fn holds_books(&self) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM orders) OR EXISTS (SELECT 1 FROM vouchers)",
            [],
            |r| r.get(0),
        )?)
    }

    /// Order number, customer, vehicle, lines and state of one order.
    pub fn order(&self, nr: i64) -> Result<Option<OrderDetails>> {
        rows::load_order_details(&self.conn, nr)
    }

    /// The order list: filter, quick filters, sort and a page.
    pub fn list_orders(&self, q: &ListQuery) -> Result<Vec<OrderSummary>> {
        if !self.use_search_index || q.filter.is_none() {
            return list::list_orders(&self.conn, q, None);
        }
        let mut cell = self.search.borrow_mut();
        let index = search_index::SearchIndex::refresh(&self.conn, cell.take())?;
        let rows = list::list_orders(&self.conn, q, Some(&index));
        *cell = Some(index);
        rows
    }

    /// Keep the customers' and vehicles' search texts in memory for filter-as-you-type (the
    /// counter screen does; a one-shot command is faster without). Loads them now.
    pub fn use_search_index(&mut self) -> Result<()> {
        self.use_search_index = true;
        let index =
            search_index::SearchIndex::refresh(&self.conn, self.search.borrow_mut().take())?;
        *self.search.borrow_mut() = Some(index);
        Ok(())
    }

    /// All audit events of one entity, oldest first.
    pub fn audit_events(&self, entity: &str, key: &str) -> Result<Vec<AuditEvent>> {
        rows::audit_events(&self.conn, entity, key)
    }

    /// Counts for the overview: orders per status.
    pub fn status_counts(&self) -> Result<Vec<(String, i64)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT status, count(*) FROM orders GROUP BY status ORDER BY status")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Number of customers, vehicles and orders.
    pub fn counts(&self) -> Result<(i64, i64, i64)> {
        Ok(self.conn.query_row(
            "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM vehicles), \
             (SELECT count(*) FROM orders)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?)
    }

    /// Payment attempts of an order, oldest first.
    pub fn payment_attempts(&self, nr: i64) -> Result<Vec<PaymentAttempt>> {
        payments::attempts_of(&self.conn, nr)
    }

    /// The attempt that created this provider payment.
    pub fn attempt_by_payment_id(&self, id: &str) -> Result<Option<PaymentAttempt>> {
        payments::attempt_by_payment_id(&self.conn, id)
    }

    /// Attempts still in play: being sent, or sent on orders that wait for payment.
    pub fn open_payment_attempts(&self) -> Result<Vec<PaymentAttempt>> {
        payments::open_attempts(&self.conn)
    }

    /// Cancel, refund and capture calls of an attempt.
    pub fn provider_calls(&self, attempt_id: i64) -> Result<Vec<ProviderCall>> {
        payments::calls_of(&self.conn, attempt_id)
    }

    /// Customers whose number, name or mobile contains the filter text (at most `limit`).
    pub fn find_customers(
        &self,
        filter: &crate::domain::search::Filter,
        limit: usize,
    ) -> Result<Vec<crate::domain::Customer>> {
        rows::find_customers(&self.conn, &filter.like_pattern(), limit)
    }

    /// A customer by customer number.
    pub fn customer(&self, customer_no: i64) -> Result<Option<crate::domain::Customer>> {
        rows::customer(&self.conn, customer_no)
    }

    /// The article and labour register, by number.
    pub fn article(&self, number: &str) -> Result<Option<crate::domain::Article>> {
        rows::article(&self.conn, number)
    }

    /// The highest order number given so far (0 when there are none).
    pub fn max_order_nr(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("SELECT coalesce(max(nr), 0) FROM orders", [], |r| r.get(0))
            .optional()?
            .unwrap_or(0))
    }

    /// A booked invoice or credit invoice by number.
    pub fn invoice(&self, no: i64) -> Result<Option<StoredInvoice>> {
        ledger::invoice(&self.conn, no)
    }

    /// The invoices and credit invoices of an order, in number order.
    pub fn invoices_of_order(&self, nr: i64) -> Result<Vec<StoredInvoice>> {
        ledger::invoices_of_order(&self.conn, nr)
    }

    /// Invoices and credit invoices dated `day`.
    pub fn invoices_on(&self, day: chrono::NaiveDate) -> Result<Vec<StoredInvoice>> {
        ledger::invoices_on(&self.conn, day)
    }

    /// A voucher of the journal.
    pub fn voucher(&self, number: i64) -> Result<Option<crate::domain::ledger::Voucher>> {
        ledger::voucher(&self.conn, number)
    }

    /// Every voucher dated `from..=to`, in number order.
    pub fn vouchers_between(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Vec<crate::domain::ledger::Voucher>> {
        ledger::vouchers_between(&self.conn, from, to)
    }

    /// The built-in chart with the account names stored by bookings.
    pub fn chart(&self) -> Result<crate::domain::ledger::Chart> {
        ledger::chart(&self.conn)
    }

    /// Mobile payment links sent and payments received in `start..end`, and orders still
    /// waiting now.
    pub fn mobile_counts(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<(i64, i64, i64)> {
        ledger::mobile_counts(&self.conn, start, end)
    }
}
