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
    Migration {
        sql: include_str!("../../../migrations/0009_klarna_method.sql"),
        fixup: Some(admit_klarna),
    },
    Migration {
        sql: include_str!("../../../migrations/0010_settlements.sql"),
        fixup: None,
    },
    Migration {
        sql: include_str!("../../../migrations/0011_reconciliation.sql"),
        fixup: None,
    },
    Migration {
        sql: include_str!("../../../migrations/0012_search_generation.sql"),
        fixup: None,
    },
    Migration {
        sql: include_str!("../../../migrations/0013_payout_bank.sql"),
        fixup: None,
    },
    // Issue 15 (refunds): file 0015, schema version 14 (0014 was not needed by the Resurs
    // payouts; versions go by position).
    Migration {
        sql: include_str!("../../../migrations/0015_refunds.sql"),
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

/// Version 9: `KLARNA` joins the payment methods that `orders.payment_method` and
/// `invoices.method` admit, by widening the two CHECK clauses in place (see
/// migrations/0009_klarna_method.sql for why not a rebuild). Every stored row met the narrower
/// check, so it meets the wider one; `PRAGMA integrity_check`-level tests in tests/migrations.rs
/// read the schema back.
fn admit_klarna(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    const WIDENED: [(&str, &str, &str); 2] = [
        (
            "orders",
            "payment_method IN ('MOBIL', 'KONTANT', 'KORT', 'FAKTURA')",
            "payment_method IN ('MOBIL', 'KONTANT', 'KORT', 'FAKTURA', 'KLARNA')",
        ),
        (
            "invoices",
            "method IN ('MOBIL', 'KONTANT', 'KORT', 'FAKTURA')",
            "method IN ('MOBIL', 'KONTANT', 'KORT', 'FAKTURA', 'KLARNA')",
        ),
    ];
    let version: i64 = tx.query_row("PRAGMA schema_version", [], |r| r.get(0))?;
    tx.execute_batch("PRAGMA writable_schema = ON")?;
    for (table, old, new) in WIDENED {
        let sql: String = tx.query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )?;
        if sql.matches(old).count() != 1 {
            tx.execute_batch("PRAGMA writable_schema = OFF")?;
            return Err(rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR),
                Some(format!(
                    "migration 9: the payment-method check of {table} is not as written by version 1"
                )),
            ));
        }
        tx.execute(
            "UPDATE sqlite_schema SET sql = ?2 WHERE type = 'table' AND name = ?1",
            rusqlite::params![table, sql.replace(old, new)],
        )?;
    }
    // The schema cookie tells every connection (this one included) to read the schema anew.
    tx.execute_batch(&format!(
        "PRAGMA schema_version = {}; PRAGMA writable_schema = OFF",
        version + 1
    ))?;
    Ok(())
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
