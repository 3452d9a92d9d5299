//! The SQLite backend of the [`Store`]: all SQL lives here (opening the database, migrations,
//! repositories, the audit trail, and the order list's query planning with its in-memory search
//! index).
//!
//! Connections: one write connection behind a mutex (SQLite allows one writer at a time anyway)
//! and a small pool of read connections. In WAL mode a reader sees the last committed state and
//! never waits for the writer, so the counter screen's list query runs while the worker holds a
//! booking transaction open. Each read runs in its own read transaction, so a read of several
//! statements (an order with its lines) sees one snapshot.

mod ledger;
mod list;
mod migrations;
mod payments;
mod reconcile;
mod refund;
mod register;
mod rows;
mod search_index;
mod settlement;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};

pub use migrations::SCHEMA_VERSION;
pub use writer::SqliteWriter;

use super::{
    AuditEvent, ListCount, ListQuery, OrderDetails, OrderSummary, PaymentAttempt, ProviderCall,
};

pub(crate) use super::{Result, StoreError};
use super::{Store, StoredInvoice};

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

/// Read connections kept open for reuse; more are opened when more threads read at once.
const READ_POOL: usize = 4;

/// An open SQLite database: one write connection and a pool of read connections.
///
/// The pool is a `Mutex<Vec<Connection>>` rather than a pooling crate: connections are opened
/// on demand with the same pragmas as the writer, handed out for one read and put back (at
/// most [`READ_POOL`] kept), which is all a terminal with a worker thread and a callback
/// listener needs.
pub struct SqliteStore {
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    path: PathBuf,
    created: bool,
    /// The in-memory search texts, when the counter screen asked for them.
    search: Mutex<Option<search_index::SearchIndex>>,
    use_search_index: AtomicBool,
}

fn open_conn(path: &Path) -> Result<Connection> {
    Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|source| StoreError::Open {
        path: path.to_path_buf(),
        source,
    })
}

/// Pragmas every connection needs (journal mode is per database, set once by the writer).
fn tune(conn: &Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // Statement journals and sorts stay in memory instead of temporary files.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // The first 64 MiB (the hot indexes) are read through memory-mapped I/O; a larger map
    // would make a long-running counter screen's resident memory grow with the file.
    conn.pragma_update(None, "mmap_size", 64_i64 << 20)?;
    // `rarray(?)`: a list of ids bound as one parameter (the order list uses it).
    rusqlite::vtab::array::load_module(conn)?;
    Ok(())
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere must not make the database unusable: the data is in SQLite.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl SqliteStore {
    /// Open (and create, if missing) the database at `path`, and bring its schema up to date.
    /// A database with a newer schema than this program is refused and left untouched.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let mut conn = open_conn(path)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        // A newer database is refused before anything (even the journal mode) is changed.
        migrations::refuse_newer(&conn)?;
        // Pragmas that cannot run inside a transaction come first.
        tune(&conn)?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") && !mode.eq_ignore_ascii_case("memory") {
            tracing::warn!(mode, "could not switch to WAL");
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let created = migrations::migrate(&mut conn)?;
        Ok(SqliteStore {
            writer: Mutex::new(conn),
            readers: Mutex::new(Vec::new()),
            path: path.to_path_buf(),
            created,
            search: Mutex::new(None),
            use_search_index: AtomicBool::new(false),
        })
    }

    /// Run `f` on a read connection, inside one read transaction (one snapshot).
    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        self.read_within(None, f)
    }

    /// [`Self::read`], with SQLite interrupting any statement of `f` once `budget_steps` virtual
    /// machine steps are spent (`f` sees `OperationInterrupted` and decides what that means).
    fn read_within<T>(
        &self,
        budget_steps: Option<u64>,
        f: impl FnOnce(&Connection) -> Result<T>,
    ) -> Result<T> {
        // A short-lived command reads on the write connection when nobody writes (a second
        // connection would cost it more than its query); the counter screen, whose reads must
        // not wait behind a booking, uses read connections of their own.
        if !self.use_search_index.load(Ordering::Relaxed)
            && let Ok(mut writer) = self.writer.try_lock()
        {
            return read_on(&mut writer, budget_steps, f).map(|(value, _)| value);
        }
        let pooled = lock(&self.readers).pop();
        let mut conn = match pooled {
            Some(c) => c,
            None => {
                let c = open_conn(&self.path)?;
                tune(&c)?;
                // Read connections read through the OS's page cache rather than a memory map of
                // their own: each map would count again in the screen's resident memory.
                c.pragma_update(None, "mmap_size", 0)?;
                c
            }
        };
        let (value, reusable) = read_on(&mut conn, budget_steps, f)?;
        if reusable {
            let mut pool = lock(&self.readers);
            if pool.len() < READ_POOL {
                pool.push(conn);
            }
        }
        Ok(value)
    }
}

/// Run `f` in one read transaction on `conn`, interrupted after `budget_steps` if given.
/// Returns the value and whether the connection may be used again (its handler is removed).
fn read_on<T>(
    conn: &mut Connection,
    budget_steps: Option<u64>,
    f: impl FnOnce(&Connection) -> Result<T>,
) -> Result<(T, bool)> {
    const EVERY: i32 = 1000;
    if let Some(budget) = budget_steps {
        let mut spent = 0u64;
        conn.progress_handler(
            EVERY,
            Some(move || {
                spent += EVERY as u64;
                spent > budget
            }),
        )
        .map_err(StoreError::from_sqlite)?;
    }
    let value = (|| -> Result<T> {
        let tx = conn.transaction().map_err(StoreError::from_sqlite)?;
        let value = f(&tx)?;
        tx.commit().map_err(StoreError::from_sqlite)?;
        Ok(value)
    })();
    let reusable =
        budget_steps.is_none() || conn.progress_handler(EVERY, None::<fn() -> bool>).is_ok();
    Ok((value?, reusable))
}

impl Store for SqliteStore {
    type Writer<'a> = SqliteWriter<'a>;

    fn write<T, E>(
        &self,
        actor: &str,
        f: impl FnOnce(&mut SqliteWriter<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E>
    where
        E: From<StoreError>,
    {
        let mut conn = lock(&self.writer);
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from_sqlite)?;
        let mut writer = SqliteWriter::new(tx, actor);
        let value = f(&mut writer)?;
        writer.commit()?;
        Ok(value)
    }

    fn was_created(&self) -> bool {
        self.created
    }

    fn path(&self) -> &Path {
        &self.path
    }

    fn schema_version(&self) -> Result<i64> {
        self.read(|c| Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?))
    }

    fn installation(&self) -> Result<crate::domain::Installation> {
        self.read(installation)
    }

    fn holds_books(&self) -> Result<bool> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT EXISTS (SELECT 1 FROM orders) OR EXISTS (SELECT 1 FROM vouchers)",
                [],
                |r| r.get(0),
            )?)
        })
    }

    fn order(&self, nr: i64) -> Result<Option<OrderDetails>> {
        self.read(|c| rows::load_order_details(c, nr))
    }

    fn list_orders(&self, q: &ListQuery) -> Result<Vec<OrderSummary>> {
        if !self.use_search_index.load(Ordering::Relaxed) || q.filter.is_none() {
            return self.read(|c| list::list_orders(c, q, None));
        }
        self.read(|c| {
            let mut cell = lock(&self.search);
            let index = search_index::SearchIndex::refresh(c, cell.take())?;
            let rows = list::list_orders(c, q, Some(&index));
            *cell = Some(index);
            rows
        })
    }

    fn count_orders(&self, q: &ListQuery) -> Result<ListCount> {
        let budget = Some(list::COUNT_BUDGET_STEPS);
        if !self.use_search_index.load(Ordering::Relaxed) || q.filter.is_none() {
            return self.read_within(budget, |c| list::count_orders(c, q, None));
        }
        self.read_within(budget, |c| {
            let mut cell = lock(&self.search);
            let index = search_index::SearchIndex::refresh(c, cell.take())?;
            let count = list::count_orders(c, q, Some(&index));
            *cell = Some(index);
            count
        })
    }

    fn use_search_index(&self) -> Result<()> {
        self.use_search_index.store(true, Ordering::Relaxed);
        self.read(|c| {
            let mut cell = lock(&self.search);
            let index = search_index::SearchIndex::refresh(c, cell.take())?;
            *cell = Some(index);
            Ok(())
        })
    }

    fn audit_events(&self, entity: &str, key: &str) -> Result<Vec<AuditEvent>> {
        self.read(|c| rows::audit_events(c, entity, key))
    }

    fn status_counts(&self) -> Result<Vec<(String, i64)>> {
        self.read(|c| {
            let mut stmt =
                c.prepare("SELECT status, count(*) FROM orders GROUP BY status ORDER BY status")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    fn counts(&self) -> Result<(i64, i64, i64)> {
        self.read(|c| {
            Ok(c.query_row(
                "SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM vehicles), \
                 (SELECT count(*) FROM orders)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?)
        })
    }

    fn payment_attempts(&self, nr: i64) -> Result<Vec<PaymentAttempt>> {
        self.read(|c| payments::attempts_of(c, nr))
    }

    fn attempt_by_payment_id(&self, id: &str) -> Result<Option<PaymentAttempt>> {
        self.read(|c| payments::attempt_by_payment_id(c, id))
    }

    fn open_payment_attempts(&self) -> Result<Vec<PaymentAttempt>> {
        self.read(payments::open_attempts)
    }

    fn provider_calls(&self, attempt_id: i64) -> Result<Vec<ProviderCall>> {
        self.read(|c| payments::calls_of(c, attempt_id))
    }

    fn find_customers(
        &self,
        filter: &crate::domain::search::Filter,
        limit: usize,
    ) -> Result<Vec<crate::domain::Customer>> {
        self.read(|c| rows::find_customers(c, &filter.like_pattern(), limit))
    }

    fn customer(&self, customer_no: i64) -> Result<Option<crate::domain::Customer>> {
        self.read(|c| rows::customer(c, customer_no))
    }

    fn article(&self, number: &str) -> Result<Option<crate::domain::Article>> {
        self.read(|c| rows::article(c, number))
    }

    fn max_order_nr(&self) -> Result<i64> {
        self.read(|c| {
            Ok(
                c.query_row("SELECT coalesce(max(nr), 0) FROM orders", [], |r| r.get(0))
                    .optional()?
                    .unwrap_or(0),
            )
        })
    }

    fn invoice(&self, no: i64) -> Result<Option<StoredInvoice>> {
        self.read(|c| ledger::invoice(c, no))
    }

    fn invoices_of_order(&self, nr: i64) -> Result<Vec<StoredInvoice>> {
        self.read(|c| ledger::invoices_of_order(c, nr))
    }

    fn invoices_on(&self, day: chrono::NaiveDate) -> Result<Vec<StoredInvoice>> {
        self.read(|c| ledger::invoices_on(c, day))
    }

    fn voucher(&self, number: i64) -> Result<Option<crate::domain::ledger::Voucher>> {
        self.read(|c| ledger::voucher(c, number))
    }

    fn vouchers_between(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<Vec<crate::domain::ledger::Voucher>> {
        self.read(|c| ledger::vouchers_between(c, from, to))
    }

    fn chart(&self) -> Result<crate::domain::ledger::Chart> {
        self.read(ledger::chart)
    }

    fn mobile_counts(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> Result<(i64, i64, i64)> {
        self.read(|c| ledger::mobile_counts(c, start, end))
    }

    fn receipts_of_order(&self, nr: i64) -> Result<Vec<crate::domain::register::Receipt>> {
        self.read(|c| register::receipts_of_order(c, nr))
    }

    fn register_period(&self, register_id: &str) -> Result<super::RegisterPeriod> {
        self.read(|c| register::register_period(c, register_id))
    }

    fn z_reports(&self, register_id: &str) -> Result<Vec<crate::domain::register::RegisterReport>> {
        self.read(|c| register::z_reports(c, register_id))
    }

    fn journal(
        &self,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<super::JournalEntry>> {
        self.read(|c| register::journal(c, start, end))
    }
}
