//! Schema migrations: append-only, version in `PRAGMA user_version`, all pending steps in one
//! transaction, and a database newer than the program is refused untouched.

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::{Result, StoreError};
use crate::domain::Mobile;
use crate::domain::search::customer_search_parts;

struct Migration {
    sql: &'static str,
    /// Work SQL cannot do (text folding with Unicode rules), run after `sql` in the same transaction.
    fixup: Option<fn(&Transaction<'_>) -> rusqlite::Result<()>>,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        sql: include_str!("../../../migrations/0001_init.sql"),
        fixup: None,
    },
    Migration {
        sql: include_str!("../../../migrations/0002_order_list.sql"),
        fixup: Some(backfill_search),
    },
    Migration {
        sql: include_str!("../../../migrations/0003_payments.sql"),
        fixup: None,
    },
    Migration {
        sql: include_str!("../../../migrations/0004_ledger.sql"),
        fixup: None,
    },
    Migration {
        sql: include_str!("../../../migrations/0005_installation.sql"),
        fixup: None,
    },
    Migration {
        sql: include_str!("../../../migrations/0006_payment_binding.sql"),
        fixup: None,
    },
    Migration {
        sql: include_str!("../../../migrations/0007_cash_register.sql"),
        fixup: None,
    },
    Migration {
        sql: include_str!("../../../migrations/0008_invoice_fields.sql"),
        fixup: None,
    },
];

/// The schema version this program writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Refuse a database written by a newer program.
pub(super) fn refuse_newer(conn: &Connection) -> Result<()> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            found,
            known: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Bring the schema up to date. Returns true when the database was empty (version 0) before.
pub(super) fn migrate(conn: &mut Connection) -> Result<bool> {
    refuse_newer(conn)?;
    let found: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if found == SCHEMA_VERSION {
        return Ok(false);
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(StoreError::from_sqlite)?;
    // Another process may have migrated while we waited for the lock.
    let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (i, m) in MIGRATIONS.iter().enumerate().skip(now as usize) {
        tx.execute_batch(m.sql)?;
        if let Some(fixup) = m.fixup {
            fixup(&tx)?;
        }
        tracing::info!(version = i + 1, "applied migration");
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(found == 0 && now == 0)
}

fn backfill_search(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let mut read = tx.prepare("SELECT id, customer_no, name, mobile FROM customers")?;
    let mut write = tx.prepare("UPDATE customers SET search = ?2 WHERE id = ?1")?;
    let mut rows = read.query([])?;
    while let Some(r) = rows.next()? {
        let mobile: Option<String> = r.get(3)?;
        let mobile = mobile.and_then(|m| Mobile::parse(&m).ok());
        let text = customer_search_parts(r.get(1)?, &r.get::<_, String>(2)?, mobile.as_ref());
        write.execute(rusqlite::params![r.get::<_, i64>(0)?, text])?;
    }
    tx.execute("UPDATE vehicles SET search = lower(regnr)", [])?;
    Ok(())
}
