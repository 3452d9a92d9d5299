//! The Klarna sandbox's state in its own SQLite file (`klarna-sandbox.db` beside the Resurs
//! sandbox's): sessions and their authorizations, orders, the answers kept for idempotency keys,
//! settlement transactions and payouts, disputes, and the sandbox clock's offset. Everything
//! survives a restart.
//!
//! The HTTP layer holds one [`Store`] behind a `Mutex`; every request is one transaction.

use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::Options;
use super::disputes;
use super::rules::{self, OrderRecord, Outcome, Refusal};
use super::wire::Session;

pub mod ledger;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    session_id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    authorization_token TEXT UNIQUE,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS orders (
    order_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    username TEXT NOT NULL,
    due_at INTEGER,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_due ON orders (due_at) WHERE due_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS idempotency (
    username TEXT NOT NULL, key TEXT NOT NULL, reply TEXT NOT NULL,
    PRIMARY KEY (username, key)
);
CREATE TABLE IF NOT EXISTS transactions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL,
    order_id TEXT NOT NULL,
    payment_reference TEXT,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS transactions_unpaid ON transactions (username)
    WHERE payment_reference IS NULL;
CREATE INDEX IF NOT EXISTS transactions_payout ON transactions (payment_reference);
CREATE TABLE IF NOT EXISTS payouts (
    payment_reference TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    username TEXT NOT NULL,
    payout_date INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS disputes (
    dispute_krn TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    username TEXT NOT NULL,
    order_id TEXT NOT NULL,
    state TEXT NOT NULL,
    due_at INTEGER,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS disputes_due ON disputes (due_at) WHERE due_at IS NOT NULL;
";

/// Why an operation failed: the database, or a refusal to answer as Klarna's error.
#[derive(Debug)]
pub enum OpError {
    Db(rusqlite::Error),
    Refused(Refusal),
}

impl From<rusqlite::Error> for OpError {
    fn from(e: rusqlite::Error) -> Self {
        OpError::Db(e)
    }
}

impl From<Refusal> for OpError {
    fn from(r: Refusal) -> Self {
        OpError::Refused(r)
    }
}

pub type OpResult<T> = Result<T, OpError>;

/// A session with what only the sandbox knows: its store and its authorization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionRecord {
    pub username: String,
    pub session: Session,
    #[serde(default)]
    pub confirmation_url: Option<String>,
    #[serde(default)]
    pub authorization: Option<Authorization>,
}

/// The customer's authorization of a session (`/_sim/klarna/authorize`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Authorization {
    pub token: String,
    pub outcome: Outcome,
    /// The token can place an order until then (60 minutes).
    pub expires_at: DateTime<Utc>,
    /// A pending order's decision: after how many seconds, and to which `fraud_status`.
    #[serde(default)]
    pub then: Option<(i64, String)>,
    /// The order placed with the token (it is used once).
    #[serde(default)]
    pub order_id: Option<String>,
}

/// An answer kept for an idempotency key: status, the headers that matter, body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredReply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

pub(super) fn ms(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

pub(super) fn to_json<T: Serialize>(value: &T) -> rusqlite::Result<String> {
    serde_json::to_string(value).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

pub(super) fn from_json<T: DeserializeOwned>(text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

pub struct Store {
    conn: Connection,
    /// The sandbox clock's offset from real time, in milliseconds (persisted in `meta`).
    offset_ms: i64,
}

impl Store {
    pub fn open(path: &Path) -> rusqlite::Result<Store> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        let offset_ms = conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'clock_offset_ms'",
                [],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        Ok(Store { conn, offset_ms })
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

    /// Runs `f` inside the open transaction; a refusal undoes whatever `f` wrote (what the
    /// clock did before stays).
    pub fn attempt<T>(&mut self, f: impl FnOnce(&mut Store) -> OpResult<T>) -> OpResult<T> {
        self.conn.execute_batch("SAVEPOINT attempt")?;
        let result = f(self);
        if result.is_err() {
            self.conn.execute_batch("ROLLBACK TO attempt")?;
        }
        self.conn.execute_batch("RELEASE attempt")?;
        result
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

    /// Forgets everything (`POST /_sim/reset`, `POST /_sim/klarna/reset`); the clock goes back
    /// to real time.
    pub fn reset(&mut self) -> rusqlite::Result<()> {
        self.conn.execute_batch(
            "DELETE FROM sessions; DELETE FROM orders; DELETE FROM idempotency;
             DELETE FROM transactions; DELETE FROM payouts; DELETE FROM disputes;
             DELETE FROM meta;",
        )?;
        self.offset_ms = 0;
        Ok(())
    }

    /// Applies what the clock made due: pending fraud decisions, expired authorizations and
    /// dispute deadlines that passed unanswered (lost, with the chargeback and the fee).
    pub fn tick_due(&mut self, options: &Options) -> rusqlite::Result<()> {
        let now = self.now();
        let due: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare("SELECT order_id FROM orders WHERE due_at IS NOT NULL AND due_at <= ?1")?;
            stmt.query_map(params![ms(now)], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        for id in due {
            if let Some(mut rec) = self.order_any(&id)?
                && rules::tick(&mut rec, now)
            {
                self.save_order(&rec)?;
            }
        }
        let due: Vec<String> = {
            let mut stmt = self.conn.prepare(
                "SELECT dispute_krn FROM disputes WHERE due_at IS NOT NULL AND due_at <= ?1",
            )?;
            stmt.query_map(params![ms(now)], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        for krn in due {
            let Some((username, mut dispute)) = self.dispute_any(&krn)? else {
                continue;
            };
            let Some(order) = self.order_any(&dispute.order_id)? else {
                continue;
            };
            let lost = disputes::tick(&mut dispute, &order.order, now, options.dispute_fee);
            self.save_dispute(&username, &dispute)?;
            for t in lost {
                self.add_transaction(&username, &t)?;
            }
        }
        Ok(())
    }

    // ---- sessions ----

    pub fn save_session(&mut self, rec: &SessionRecord) -> rusqlite::Result<()> {
        let token = rec.authorization.as_ref().map(|a| a.token.clone());
        self.conn.execute(
            "INSERT INTO sessions (session_id, username, authorization_token, body)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (session_id) DO UPDATE SET
                 authorization_token = excluded.authorization_token, body = excluded.body",
            params![rec.session.session_id, rec.username, token, to_json(rec)?],
        )?;
        Ok(())
    }

    pub fn session(&self, session_id: &str) -> rusqlite::Result<Option<SessionRecord>> {
        self.one(
            "SELECT body FROM sessions WHERE session_id = ?1",
            params![session_id],
        )
    }

    pub fn session_by_token(&self, token: &str) -> rusqlite::Result<Option<SessionRecord>> {
        self.one(
            "SELECT body FROM sessions WHERE authorization_token = ?1",
            params![token],
        )
    }

    // ---- orders ----

    pub fn save_order(&mut self, rec: &OrderRecord) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT INTO orders (order_id, seq, username, due_at, body)
             VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM orders), ?2, ?3, ?4)
             ON CONFLICT (order_id) DO UPDATE SET due_at = excluded.due_at, body = excluded.body",
            params![
                rec.order.order_id,
                rec.username,
                rec.due_at().map(ms),
                to_json(rec)?
            ],
        )?;
        Ok(())
    }

    /// An order of any store (the `/_sim` drivers).
    pub fn order_any(&self, order_id: &str) -> rusqlite::Result<Option<OrderRecord>> {
        self.one(
            "SELECT body FROM orders WHERE order_id = ?1",
            params![order_id],
        )
    }

    /// An order of the store `username`; another store's order does not exist for it.
    pub fn order(&self, username: &str, order_id: &str) -> OpResult<OrderRecord> {
        let found: Option<OrderRecord> = self.one(
            "SELECT body FROM orders WHERE order_id = ?1 AND username = ?2",
            params![order_id, username],
        )?;
        Ok(found.ok_or_else(|| Refusal::no_such_order(order_id))?)
    }

    /// Orders oldest first, of one store or of all.
    pub fn orders(&self, username: Option<&str>) -> rusqlite::Result<Vec<OrderRecord>> {
        self.many(
            "SELECT body FROM orders WHERE ?1 IS NULL OR username = ?1 ORDER BY seq",
            params![username],
        )
    }

    // ---- idempotency ----

    /// The answer kept for `key` of the store `username`: only the key matters (providers.md K1).
    pub fn kept_reply(&self, username: &str, key: &str) -> rusqlite::Result<Option<StoredReply>> {
        self.one(
            "SELECT reply FROM idempotency WHERE username = ?1 AND key = ?2",
            params![username, key],
        )
    }

    pub fn keep_reply(
        &mut self,
        username: &str,
        key: &str,
        reply: &StoredReply,
    ) -> rusqlite::Result<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO idempotency (username, key, reply) VALUES (?1, ?2, ?3)",
            params![username, key, to_json(reply)?],
        )?;
        Ok(())
    }

    // ---- helpers ----

    fn one<T: DeserializeOwned>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> rusqlite::Result<Option<T>> {
        let text: Option<String> = self.conn.query_row(sql, params, |r| r.get(0)).optional()?;
        text.map(|t| from_json(&t)).transpose()
    }

    fn many<T: DeserializeOwned>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> rusqlite::Result<Vec<T>> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map(params, |r| r.get::<_, String>(0))?;
        rows.map(|row| row.and_then(|t| from_json(&t))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_and_kept_replies_survive_a_reopen_and_a_refusal_undoes_its_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("klarna-sandbox.db");
        let mut store = Store::open(&path).unwrap();
        store.advance_clock(3600).unwrap();
        let reply = StoredReply {
            status: 201,
            headers: vec![("Capture-Id".into(), "c1".into())],
            body: String::new(),
        };
        store.keep_reply("A", "k1", &reply).unwrap();
        store
            .in_tx(|st| -> rusqlite::Result<()> {
                let refused: OpResult<()> = st.attempt(|st| {
                    st.keep_reply("A", "k2", &reply)?;
                    Err(Refusal::bad_value("no").into())
                });
                assert!(matches!(refused, Err(OpError::Refused(_))));
                st.keep_reply("A", "k3", &reply)
            })
            .unwrap();
        drop(store);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.offset_seconds(), 3600);
        assert_eq!(store.kept_reply("A", "k1").unwrap(), Some(reply));
        assert_eq!(store.kept_reply("B", "k1").unwrap(), None);
        assert_eq!(store.kept_reply("A", "k2").unwrap(), None);
        assert!(store.kept_reply("A", "k3").unwrap().is_some());
    }
}
