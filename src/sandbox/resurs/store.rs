//! All sandbox state in one SQLite file: payments, idempotency records, the SMS outbox,
//! callback deliveries, injected faults, issued tokens and the virtual clock's offset.
//!
//! The HTTP layer holds a [`Store`] behind a `Mutex`; every operation is small and synchronous.

use std::path::Path;

use chrono::{DateTime, Duration, TimeZone, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::Value;

use super::machine::{self, Event, Internal, Record, Rejection, timestamp};
use crate::payments::resurs::dto::{AuthorizationCallback, ManagementCallback, Payment};

mod outbox;
mod payouts;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS payments (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    store_id TEXT NOT NULL,
    order_reference TEXT NOT NULL,
    government_id TEXT,
    due_at INTEGER,
    payment TEXT NOT NULL,
    internal TEXT NOT NULL,
    UNIQUE (store_id, order_reference)
);
CREATE INDEX IF NOT EXISTS payments_due ON payments (due_at) WHERE due_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS idempotency (
    client_id TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, key TEXT NOT NULL,
    body_hash TEXT NOT NULL,
    done INTEGER NOT NULL,
    status INTEGER, body TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (client_id, method, path, key)
);
CREATE TABLE IF NOT EXISTS sms_outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    to_number TEXT NOT NULL, text TEXT NOT NULL, payment_id TEXT NOT NULL,
    customer_url TEXT NOT NULL, sent_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS callbacks (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    payment_id TEXT NOT NULL, kind TEXT NOT NULL, url TEXT NOT NULL, body TEXT NOT NULL,
    attempts TEXT NOT NULL DEFAULT '[]',
    delivered INTEGER NOT NULL DEFAULT 0,
    in_progress INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER
);
CREATE TABLE IF NOT EXISTS faults (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    pattern TEXT NOT NULL, mode TEXT NOT NULL, remaining INTEGER NOT NULL, delay_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY, client_id TEXT NOT NULL, expires_at INTEGER NOT NULL
);
";

/// The Resurs legacy callback retry schedule (providers.md §1.6): the delay before attempt
/// n+1, in seconds. 20 attempts in all.
pub const RETRY_SCHEDULE_SECS: [i64; 20] = [
    0, 30, 45, 60, 90, 150, 240, 330, 510, 780, 1200, 1800, 2700, 3600, 5400, 9000, 14_400, 18_000,
    28_800, 43_200,
];

/// Idempotency records live 24 hours.
const IDEMPOTENCY_TTL_HOURS: i64 = 24;

/// Access tokens live 3599 seconds on the sandbox clock.
pub const TOKEN_LIFETIME_SECS: i64 = 3599;

/// Why an operation failed: the database, or a refusal to answer as an HTTP error.
#[derive(Debug)]
pub enum OpError {
    Db(rusqlite::Error),
    Rejected(Rejection),
}

impl From<rusqlite::Error> for OpError {
    fn from(e: rusqlite::Error) -> Self {
        OpError::Db(e)
    }
}

impl From<Rejection> for OpError {
    fn from(r: Rejection) -> Self {
        OpError::Rejected(r)
    }
}

impl From<serde_json::Error> for OpError {
    fn from(e: serde_json::Error) -> Self {
        OpError::Db(rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
    }
}

pub type OpResult<T> = Result<T, OpError>;

/// The first look at an idempotency key.
#[derive(Debug, PartialEq, Eq)]
pub enum Begin {
    /// Not seen: the request runs and its answer is stored.
    Fresh,
    /// Seen and answered: replay this status and body.
    Replay(u16, String),
    /// Seen with another body.
    Reused,
    /// Seen and still being answered.
    InUse,
}

/// An injected fault (`POST /_sim/faults`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    Http500,
    DelayMs(u64),
    DropResponseAfterCommit,
}

impl Fault {
    pub fn parse(mode: &str, delay_ms: u64) -> Option<Fault> {
        match mode {
            "http_500" => Some(Fault::Http500),
            "delay_ms" => Some(Fault::DelayMs(delay_ms)),
            "drop_response_after_commit" => Some(Fault::DropResponseAfterCommit),
            _ => None,
        }
    }
}

/// `*` matches exactly one path segment.
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let p: Vec<&str> = pattern.trim_end_matches('/').split('/').collect();
    let q: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    p.len() == q.len() && p.iter().zip(&q).all(|(a, b)| *a == "*" || a == b)
}

/// A text message the sandbox "sent" (`GET /_sim/outbox/sms`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sms {
    pub to: String,
    pub text: String,
    pub payment_id: String,
    pub customer_url: String,
    pub sent_at: String,
}

/// A callback due for delivery.
#[derive(Debug, Clone)]
pub struct CallbackJob {
    pub seq: i64,
    pub payment_id: String,
    pub kind: String,
    pub url: String,
    pub body: String,
    pub attempts: usize,
}

/// The result of one delivery attempt.
#[derive(Debug, Clone)]
pub enum AttemptResult {
    Status(u16),
    Error(String),
}

fn ms(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

fn from_ms(v: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(v).single().unwrap_or_default()
}

/// FNV-1a over the request body: enough to tell "same body" from "another body".
pub fn body_hash(body: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in body {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}-{}", body.len())
}

pub struct Store {
    conn: Connection,
    /// The virtual clock's offset from real time, in milliseconds (persisted in `meta`).
    offset_ms: i64,
    /// Compress the callback retry schedule 1000×.
    fast_retries: bool,
}

impl Store {
    pub fn open(path: &Path, fast_retries: bool) -> rusqlite::Result<Store> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        conn.execute_batch(payouts::SCHEMA)?;
        // Nothing is in flight after a restart: keep answers that were committed, forget the
        // rest, and pick up callbacks that were being delivered.
        conn.execute(
            "UPDATE idempotency SET done = 1 WHERE status IS NOT NULL",
            [],
        )?;
        conn.execute("DELETE FROM idempotency WHERE status IS NULL", [])?;
        conn.execute(
            "UPDATE callbacks SET in_progress = 0, next_attempt_at = COALESCE(next_attempt_at, 0)
             WHERE in_progress = 1",
            [],
        )?;
        let offset_ms = conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'clock_offset_ms'",
                [],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        Ok(Store {
            conn,
            offset_ms,
            fast_retries,
        })
    }

    /// Runs `f` in one transaction: committed on `Ok`, rolled back on `Err`.
    pub fn in_tx<T, E: From<rusqlite::Error>>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<T, E>,
    ) -> Result<T, E> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        match f(self) {
            Ok(v) => {
                if let Err(e) = self.conn.execute_batch("COMMIT") {
                    let _ = self.conn.execute_batch("ROLLBACK");
                    return Err(e.into());
                }
                Ok(v)
            }
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    // ---- clock ----

    /// The sandbox clock: real time plus the accumulated offset.
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::milliseconds(self.offset_ms)
    }

    pub fn advance_clock(&mut self, seconds: i64) -> rusqlite::Result<DateTime<Utc>> {
        let offset = self.offset_ms.saturating_add(seconds.saturating_mul(1000));
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES ('clock_offset_ms', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![offset.to_string()],
        )?;
        self.offset_ms = offset;
        Ok(self.now())
    }

    pub fn offset_seconds(&self) -> i64 {
        self.offset_ms / 1000
    }

    /// Clears all state except issued tokens (`POST /_sim/reset`); the clock goes back to real time.
    pub fn reset(&mut self) -> rusqlite::Result<()> {
        self.conn.execute_batch(
            "DELETE FROM payments; DELETE FROM idempotency; DELETE FROM sms_outbox;
             DELETE FROM callbacks; DELETE FROM faults; DELETE FROM meta;
             DELETE FROM payouts; DELETE FROM paid_out;",
        )?;
        self.offset_ms = 0;
        Ok(())
    }

    // ---- tokens ----

    pub fn issue_token(&mut self, client_id: &str) -> rusqlite::Result<String> {
        let now = self.now();
        let token = format!("sbx_{}", uuid::Uuid::new_v4().simple());
        self.conn
            .execute("DELETE FROM tokens WHERE expires_at < ?1", params![ms(now)])?;
        self.conn.execute(
            "INSERT INTO tokens (token, client_id, expires_at) VALUES (?1, ?2, ?3)",
            params![
                token,
                client_id,
                ms(now + Duration::seconds(TOKEN_LIFETIME_SECS))
            ],
        )?;
        Ok(token)
    }

    /// The client a valid (unexpired) token belongs to.
    pub fn token_client(&self, token: &str) -> rusqlite::Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT client_id FROM tokens WHERE token = ?1 AND expires_at > ?2",
                params![token, ms(self.now())],
                |r| r.get(0),
            )
            .optional()
    }

    // ---- payments ----

    fn row_to_record(payment: String, internal: String) -> rusqlite::Result<Record> {
        let conv = |e: serde_json::Error| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        };
        Ok(Record {
            payment: serde_json::from_str::<Payment>(&payment).map_err(conv)?,
            internal: serde_json::from_str::<Internal>(&internal).map_err(conv)?,
        })
    }

    pub fn load(&self, id: &str) -> rusqlite::Result<Option<Record>> {
        let row = self
            .conn
            .query_row(
                "SELECT payment, internal FROM payments WHERE id = ?1",
                params![id],
                |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
            )
            .optional()?;
        row.map(|(p, i)| Self::row_to_record(p, i)).transpose()
    }

    pub fn order_reference_taken(&self, store_id: &str, reference: &str) -> rusqlite::Result<bool> {
        self.conn
            .query_row(
                "SELECT 1 FROM payments WHERE store_id = ?1 AND order_reference = ?2",
                params![store_id, reference],
                |_| Ok(()),
            )
            .optional()
            .map(|r| r.is_some())
    }

    /// Inserts or updates a payment.
    pub fn save(&mut self, record: &Record) -> OpResult<()> {
        let p = &record.payment;
        let gid = p.customer.as_ref().and_then(|c| c.government_id.clone());
        self.conn.execute(
            "INSERT INTO payments (id, seq, store_id, order_reference, government_id, due_at,
                                   payment, internal)
             VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM payments), ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (id) DO UPDATE SET government_id = excluded.government_id,
                 due_at = excluded.due_at, payment = excluded.payment, internal = excluded.internal",
            params![
                p.id,
                p.store_id,
                p.order.order_reference,
                gid,
                machine::due_at(record).map(ms),
                serde_json::to_string(p)?,
                serde_json::to_string(&record.internal)?,
            ],
        )?;
        Ok(())
    }

    /// Payments of a store, oldest first, optionally filtered.
    pub fn search(
        &self,
        store_id: &str,
        order_reference: Option<&str>,
        government_id: Option<&str>,
    ) -> rusqlite::Result<Vec<Payment>> {
        let mut stmt = self.conn.prepare(
            "SELECT payment, internal FROM payments WHERE store_id = ?1
               AND (?2 IS NULL OR order_reference = ?2) AND (?3 IS NULL OR government_id = ?3)
             ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![store_id, order_reference, government_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        rows.map(|row| {
            row.and_then(|(p, i)| Self::row_to_record(p, i))
                .map(|r| r.payment)
        })
        .collect()
    }

    /// Loads a payment, applies what the clock made due, runs the transition `f`, saves the
    /// payment and queues the callbacks of every event.
    pub fn update(
        &mut self,
        id: &str,
        f: impl FnOnce(&mut Record, DateTime<Utc>) -> Result<Vec<Event>, Rejection>,
    ) -> OpResult<Record> {
        let now = self.now();
        let mut record = self.load(id)?.ok_or_else(Rejection::not_found)?;
        let mut events = machine::tick(&mut record, now);
        let ticked = record.clone();
        match f(&mut record, now) {
            Ok(more) => {
                events.extend(more);
                self.save(&record)?;
                self.enqueue(&record, &events, now)?;
                Ok(record)
            }
            Err(rejection) => {
                // Keep what the clock did, drop whatever `f` half-did.
                if !events.is_empty() {
                    self.save(&ticked)?;
                    self.enqueue(&ticked, &events, now)?;
                }
                Err(rejection.into())
            }
        }
    }

    /// Inserts a new payment and queues callbacks (none today; kept symmetrical).
    pub fn insert(&mut self, record: &Record) -> OpResult<()> {
        self.save(record)
    }

    /// Applies TTL expiry and delayed outcomes to every payment that is due.
    pub fn tick_due(&mut self) -> OpResult<usize> {
        let now = self.now();
        let ids: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare("SELECT id FROM payments WHERE due_at IS NOT NULL AND due_at <= ?1")?;
            stmt.query_map(params![ms(now)], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        let mut changed = 0;
        for id in ids {
            if let Some(mut record) = self.load(&id)? {
                let events = machine::tick(&mut record, now);
                self.save(&record)?;
                self.enqueue(&record, &events, now)?;
                changed += usize::from(!events.is_empty());
            }
        }
        Ok(changed)
    }

    /// The earliest time [`Store::tick_due`] has work.
    pub fn next_payment_due(&self) -> rusqlite::Result<Option<DateTime<Utc>>> {
        self.conn
            .query_row("SELECT MIN(due_at) FROM payments", [], |r| {
                r.get::<_, Option<i64>>(0)
            })
            .map(|v| v.map(from_ms))
    }

    // ---- callbacks ----
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_patterns() {
        assert!(path_matches(
            "/v2/payments/*/capture",
            "/v2/payments/abc/capture"
        ));
        assert!(!path_matches(
            "/v2/payments/*/capture",
            "/v2/payments/abc/refund"
        ));
        assert!(!path_matches("/v2/payments/*", "/v2/payments/abc/capture"));
        assert!(path_matches("/v2/payments", "/v2/payments"));
    }

    #[test]
    fn retry_schedule_and_idempotency() {
        let dir = std::env::temp_dir().join(format!("sbx-{}.sqlite", uuid::Uuid::new_v4()));
        let mut store = Store::open(&dir, true).unwrap();
        assert_eq!(
            store.idem_begin("c", "POST", "/p", "k", "h1").unwrap(),
            Begin::Fresh
        );
        assert_eq!(
            store.idem_begin("c", "POST", "/p", "k", "h1").unwrap(),
            Begin::InUse
        );
        assert_eq!(
            store.idem_begin("c", "POST", "/p", "k", "h2").unwrap(),
            Begin::Reused
        );
        store
            .idem_store("c", "POST", "/p", "k", 500, "{}", true)
            .unwrap();
        assert_eq!(
            store.idem_begin("c", "POST", "/p", "k", "h1").unwrap(),
            Begin::Replay(500, "{}".into())
        );
        store.advance_clock(25 * 3600).unwrap();
        assert_eq!(
            store.idem_begin("c", "POST", "/p", "k", "h2").unwrap(),
            Begin::Fresh
        );
        drop(store);
        let _ = std::fs::remove_file(&dir);
    }
}
