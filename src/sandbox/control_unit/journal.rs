//! The simulated unit's state in its own SQLite file: who it is (serial and secret, made on
//! first start), whether it is out of order, and its journal of every registration.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

use super::JournalEntry;
use super::rules;
use crate::control_unit::Registration;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS unit_journal (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    register_id TEXT NOT NULL,
    receipt_no INTEGER NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,
    code TEXT NOT NULL,
    registered_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS unit_journal_number ON unit_journal (register_id, receipt_no, kind);
";

/// What a registration came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Registered {
    /// Journaled now, with this code.
    New(String),
    /// The same registration was journaled before, with this code.
    Again(String),
}

pub struct Journal {
    conn: Connection,
    serial: String,
    secret: u128,
}

impl Journal {
    /// Opens (or makes) the state file. A new unit gets a serial and a secret of its own.
    pub fn open(path: &Path) -> rusqlite::Result<Journal> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        // Two processes may open a new file at once: the first identity written stays.
        let serial = format!("SIM-SE-0001-{:08X}", rand::random::<u32>());
        let secret = format!("{:032x}", rand::random::<u128>());
        conn.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('serial', ?1), ('secret', ?2)",
            params![serial, secret],
        )?;
        let serial = meta(&conn, "serial")?.unwrap_or_default();
        let secret = meta(&conn, "secret")?
            .and_then(|s| u128::from_str_radix(&s, 16).ok())
            .ok_or_else(|| corrupt("the unit's secret"))?;
        Ok(Journal {
            conn,
            serial,
            secret,
        })
    }

    /// The unit's manufacturing number.
    pub fn serial(&self) -> &str {
        &self.serial
    }

    /// Why the unit is out of order, if it is.
    pub fn fault(&self) -> rusqlite::Result<Option<String>> {
        meta(&self.conn, "fault")
    }

    /// Out of order with `reason`, or working again (`None`).
    pub fn set_fault(&self, reason: Option<&str>) -> rusqlite::Result<()> {
        match reason {
            Some(reason) => self.conn.execute(
                "INSERT INTO meta (key, value) VALUES ('fault', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![reason],
            )?,
            None => self
                .conn
                .execute("DELETE FROM meta WHERE key = 'fault'", [])?,
        };
        Ok(())
    }

    /// Journals a valid registration and gives its code. The same registration again gets the
    /// same code (a register retrying after a lost answer). The same number with other content
    /// is journaled too, with a code of its own: a register whose transaction rolled back after
    /// the unit had answered uses the number again for the next sale, and the unit keeps both
    /// (as a real unit's journal does); the register's own receipt is the later one.
    pub fn register(&mut self, r: &Registration) -> rusqlite::Result<Registered> {
        let body = rules::canonical(r);
        let tx = self.conn.transaction()?;
        let earlier: Option<String> = tx
            .query_row(
                "SELECT code FROM unit_journal
                 WHERE register_id = ?1 AND receipt_no = ?2 AND kind = ?3 AND body = ?4",
                params![r.register_id, r.receipt_no, r.kind.code(), body],
                |row| row.get(0),
            )
            .optional()?;
        let outcome = match earlier {
            Some(code) => Registered::Again(code),
            None => {
                let code = rules::control_code(self.secret, &body);
                tx.execute(
                    "INSERT INTO unit_journal
                       (register_id, receipt_no, kind, body, code, registered_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        r.register_id,
                        r.receipt_no,
                        r.kind.code(),
                        body,
                        code,
                        chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                    ],
                )?;
                Registered::New(code)
            }
        };
        tx.commit()?;
        Ok(outcome)
    }

    /// The journal in the order registered, of one register or of all.
    pub fn entries(&self, register_id: Option<&str>) -> rusqlite::Result<Vec<JournalEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, body, code, registered_at FROM unit_journal
             WHERE ?1 IS NULL OR register_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![register_id], |row| {
            let body: String = row.get(1)?;
            let registration = serde_json::from_str(&body).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, e.into())
            })?;
            Ok(JournalEntry {
                seq: row.get(0)?,
                registration,
                code: row.get(2)?,
                unit_serial: self.serial.clone(),
                registered_at: row.get(3)?,
            })
        })?;
        rows.collect()
    }
}

fn meta(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
        row.get(0)
    })
    .optional()
}

fn corrupt(what: &str) -> rusqlite::Error {
    rusqlite::Error::InvalidColumnName(format!("{what} in the control-unit state is unreadable"))
}
