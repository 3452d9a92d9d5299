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
             DELETE FROM callbacks; DELETE FROM faults; DELETE FROM meta;",
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

    fn enqueue(&mut self, record: &Record, events: &[Event], now: DateTime<Utc>) -> OpResult<()> {
        let payment_id = &record.payment.id;
        for event in events {
            let (kind, url, body) = match event {
                Event::Authorization(status) => (
                    "authorization",
                    &record.internal.authorization_url,
                    serde_json::to_string(&AuthorizationCallback {
                        payment_id: payment_id.clone(),
                        status: (*status).into(),
                        created: timestamp(now),
                    })?,
                ),
                Event::Management { action, action_id } => (
                    "management",
                    &record.internal.management_url,
                    serde_json::to_string(&ManagementCallback {
                        payment_id: payment_id.clone(),
                        action: (*action).into(),
                        action_id: action_id.clone(),
                        created: timestamp(now),
                    })?,
                ),
            };
            let Some(url) = url else { continue };
            if machine::is_loopback_url(url) {
                self.conn.execute(
                    "INSERT INTO callbacks (payment_id, kind, url, body, next_attempt_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![payment_id, kind, url, body, ms(now)],
                )?;
            } else {
                // Recorded like any callback, but never sent: the sandbox only calls this
                // machine. No next attempt, and the log says why.
                let attempts = serde_json::json!([{
                    "at": timestamp(now),
                    "skipped": "not delivered: the sandbox only calls 127.0.0.1 and localhost",
                }]);
                self.conn.execute(
                    "INSERT INTO callbacks (payment_id, kind, url, body, attempts, next_attempt_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, NULL)",
                    params![payment_id, kind, url, body, attempts.to_string()],
                )?;
            }
        }
        Ok(())
    }

    /// Callbacks due now; they are marked in progress until [`Store::record_attempt`].
    pub fn take_due_callbacks(&mut self) -> rusqlite::Result<Vec<CallbackJob>> {
        let now = ms(self.now());
        let jobs: Vec<CallbackJob> = {
            let mut stmt = self.conn.prepare(
                "SELECT seq, payment_id, kind, url, body, attempts FROM callbacks
                 WHERE delivered = 0 AND in_progress = 0 AND next_attempt_at IS NOT NULL
                   AND next_attempt_at <= ?1 ORDER BY seq",
            )?;
            stmt.query_map(params![now], |r| {
                let attempts: String = r.get(5)?;
                Ok(CallbackJob {
                    seq: r.get(0)?,
                    payment_id: r.get(1)?,
                    kind: r.get(2)?,
                    url: r.get(3)?,
                    body: r.get(4)?,
                    attempts: serde_json::from_str::<Vec<Value>>(&attempts)
                        .map(|a| a.len())
                        .unwrap_or(0),
                })
            })?
            .collect::<rusqlite::Result<_>>()?
        };
        for job in &jobs {
            self.conn.execute(
                "UPDATE callbacks SET in_progress = 1 WHERE seq = ?1",
                params![job.seq],
            )?;
        }
        Ok(jobs)
    }

    /// Records one attempt and schedules the next one on the retry schedule (or gives up).
    pub fn record_attempt(
        &mut self,
        seq: i64,
        at: DateTime<Utc>,
        result: &AttemptResult,
    ) -> rusqlite::Result<()> {
        let attempts: String = self.conn.query_row(
            "SELECT attempts FROM callbacks WHERE seq = ?1",
            params![seq],
            |r| r.get(0),
        )?;
        let mut attempts: Vec<Value> = serde_json::from_str(&attempts).unwrap_or_default();
        let (entry, delivered) = match result {
            AttemptResult::Status(code) => (
                serde_json::json!({"at": timestamp(at), "status": code}),
                (200..300).contains(code),
            ),
            AttemptResult::Error(e) => {
                (serde_json::json!({"at": timestamp(at), "error": e}), false)
            }
        };
        attempts.push(entry);
        let next = if delivered {
            None
        } else {
            RETRY_SCHEDULE_SECS.get(attempts.len()).map(|secs| {
                let delay = if self.fast_retries {
                    Duration::milliseconds(*secs)
                } else {
                    Duration::seconds(*secs)
                };
                ms(self.now() + delay)
            })
        };
        self.conn.execute(
            "UPDATE callbacks SET attempts = ?2, delivered = ?3, in_progress = 0,
                    next_attempt_at = ?4 WHERE seq = ?1",
            params![seq, Value::Array(attempts).to_string(), delivered, next],
        )?;
        Ok(())
    }

    pub fn next_callback_due(&self) -> rusqlite::Result<Option<DateTime<Utc>>> {
        self.conn
            .query_row(
                "SELECT MIN(next_attempt_at) FROM callbacks WHERE delivered = 0 AND in_progress = 0",
                [],
                |r| r.get::<_, Option<i64>>(0),
            )
            .map(|v| v.map(from_ms))
    }

    /// The delivery log (`GET /_sim/callbacks`).
    pub fn list_callbacks(&self) -> rusqlite::Result<Vec<Value>> {
        let mut stmt = self.conn.prepare(
            "SELECT payment_id, kind, body, url, attempts, delivered, next_attempt_at
             FROM callbacks ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| {
            let body: String = r.get(2)?;
            let attempts: String = r.get(4)?;
            let next: Option<i64> = r.get(6)?;
            Ok(serde_json::json!({
                "paymentId": r.get::<_, String>(0)?,
                "kind": r.get::<_, String>(1)?,
                "body": serde_json::from_str::<Value>(&body).unwrap_or(Value::String(body)),
                "loopback": machine::is_loopback_url(&r.get::<_, String>(3)?),
                "url": r.get::<_, String>(3)?,
                "attempts": serde_json::from_str::<Value>(&attempts).unwrap_or_default(),
                "delivered": r.get::<_, bool>(5)?,
                "nextAttemptAt": next.map(|v| timestamp(from_ms(v))),
            }))
        })?;
        rows.collect()
    }

    // ---- SMS outbox ----

    pub fn add_sms(&mut self, sms: &Sms) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO sms_outbox (to_number, text, payment_id, customer_url, sent_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                sms.to,
                sms.text,
                sms.payment_id,
                sms.customer_url,
                sms.sent_at
            ],
        )?;
        Ok(())
    }

    pub fn list_sms(&self) -> rusqlite::Result<Vec<Sms>> {
        let mut stmt = self.conn.prepare(
            "SELECT to_number, text, payment_id, customer_url, sent_at FROM sms_outbox ORDER BY seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Sms {
                to: r.get(0)?,
                text: r.get(1)?,
                payment_id: r.get(2)?,
                customer_url: r.get(3)?,
                sent_at: r.get(4)?,
            })
        })?;
        rows.collect()
    }

    // ---- idempotency ----

    /// Looks up (and if new, reserves) an idempotency key.
    pub fn idem_begin(
        &mut self,
        client_id: &str,
        method: &str,
        path: &str,
        key: &str,
        hash: &str,
    ) -> rusqlite::Result<Begin> {
        let now = self.now();
        let cutoff = ms(now - Duration::hours(IDEMPOTENCY_TTL_HOURS));
        self.conn.execute(
            "DELETE FROM idempotency WHERE created_at < ?1",
            params![cutoff],
        )?;
        let row = self
            .conn
            .query_row(
                "SELECT body_hash, done, status, body FROM idempotency
                 WHERE client_id = ?1 AND method = ?2 AND path = ?3 AND key = ?4",
                params![client_id, method, path, key],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, bool>(1)?,
                        r.get::<_, Option<u16>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                    ))
                },
            )
            .optional()?;
        Ok(match row {
            None => {
                self.conn.execute(
                    "INSERT INTO idempotency (client_id, method, path, key, body_hash, done,
                                              created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6)",
                    params![client_id, method, path, key, hash, ms(now)],
                )?;
                Begin::Fresh
            }
            Some((stored, _, _, _)) if stored != hash => Begin::Reused,
            Some((_, true, Some(status), Some(body))) => Begin::Replay(status, body),
            Some(_) => Begin::InUse,
        })
    }

    /// Stores the answer to a reserved key. With `done = false` the key stays "in use" until
    /// [`Store::idem_done`] (used while a `delay_ms` fault holds the answer back).
    #[allow(clippy::too_many_arguments)]
    pub fn idem_store(
        &mut self,
        client_id: &str,
        method: &str,
        path: &str,
        key: &str,
        status: u16,
        body: &str,
        done: bool,
    ) -> rusqlite::Result<()> {
        self.conn.execute(
            "UPDATE idempotency SET status = ?5, body = ?6, done = ?7
             WHERE client_id = ?1 AND method = ?2 AND path = ?3 AND key = ?4",
            params![client_id, method, path, key, status, body, done],
        )?;
        Ok(())
    }

    pub fn idem_done(
        &mut self,
        client_id: &str,
        method: &str,
        path: &str,
        key: &str,
    ) -> rusqlite::Result<()> {
        self.conn.execute(
            "UPDATE idempotency SET done = 1
             WHERE client_id = ?1 AND method = ?2 AND path = ?3 AND key = ?4",
            params![client_id, method, path, key],
        )?;
        Ok(())
    }

    // ---- faults ----

    pub fn add_fault(
        &mut self,
        pattern: &str,
        mode: &str,
        count: u32,
        delay_ms: u64,
    ) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO faults (pattern, mode, remaining, delay_ms) VALUES (?1, ?2, ?3, ?4)",
            params![
                pattern,
                mode,
                count,
                i64::try_from(delay_ms).unwrap_or(i64::MAX)
            ],
        )?;
        Ok(())
    }

    /// The first armed fault matching `path`, consuming one of its `count`.
    pub fn take_fault(&mut self, path: &str) -> rusqlite::Result<Option<Fault>> {
        let faults: Vec<(i64, String, String, i64)> = {
            let mut stmt = self.conn.prepare(
                "SELECT seq, pattern, mode, delay_ms FROM faults WHERE remaining > 0 ORDER BY seq",
            )?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        for (seq, pattern, mode, delay_ms) in faults {
            if path_matches(&pattern, path) {
                self.conn.execute(
                    "UPDATE faults SET remaining = remaining - 1 WHERE seq = ?1",
                    params![seq],
                )?;
                return Ok(Fault::parse(&mode, u64::try_from(delay_ms).unwrap_or(0)));
            }
        }
        Ok(None)
    }
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
