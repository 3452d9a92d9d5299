//! Migration 9 (payment method KLARNA) on a database of schema 8 built with the migrations
//! before it: the two payment-method checks are widened in place, every stored order and
//! invoice is kept, KLARNA is admitted, anything else is still refused, and the database passes
//! SQLite's own integrity check.

use rusqlite::Connection;
use verkstad::store::prelude::*;
use verkstad::store::{Database, SCHEMA_VERSION};

const SCHEMA_8: [&str; 8] = [
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_order_list.sql"),
    include_str!("../migrations/0003_payments.sql"),
    include_str!("../migrations/0004_ledger.sql"),
    include_str!("../migrations/0005_installation.sql"),
    include_str!("../migrations/0006_payment_binding.sql"),
    include_str!("../migrations/0007_cash_register.sql"),
    include_str!("../migrations/0008_invoice_fields.sql"),
];

fn schema_8(path: &std::path::Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    for sql in SCHEMA_8 {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 8).unwrap();
    conn.execute(
        "INSERT INTO customers (id, customer_no, name, created_at) \
         VALUES (1, 10001, 'Åsa Öberg', '2026-01-10T08:00:00Z')",
        [],
    )
    .unwrap();
    for (i, method) in ["MOBIL", "KONTANT", "KORT", "FAKTURA"].iter().enumerate() {
        conn.execute(
            "INSERT INTO orders (id, nr, customer_id, status, total_ore, payment_method, \
             created_at, updated_at) VALUES (?1, ?2, 1, 'KLART', 0, ?3, \
             '2026-01-16T08:00:00Z', '2026-01-16T08:00:00Z')",
            rusqlite::params![i as i64 + 1, 10001 + i as i64, method],
        )
        .unwrap();
    }
    conn
}

fn set_method(conn: &Connection, nr: i64, method: &str) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE orders SET payment_method = ?2 WHERE nr = ?1",
        rusqlite::params![nr, method],
    )
}

#[test]
fn a_schema_8_database_admits_klarna_and_keeps_everything_else() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v8.db");
    let conn = schema_8(&path);
    assert!(
        set_method(&conn, 10001, "KLARNA").is_err(),
        "schema 8 refuses KLARNA"
    );
    drop(conn);

    let store = Database::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    const { assert!(SCHEMA_VERSION >= 9) };
    drop(store);

    let conn = Connection::open(&path).unwrap();
    let methods: Vec<String> = conn
        .prepare("SELECT payment_method FROM orders ORDER BY nr")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(methods, ["MOBIL", "KONTANT", "KORT", "FAKTURA"]);
    assert_eq!(set_method(&conn, 10001, "KLARNA").unwrap(), 1);
    let err = set_method(&conn, 10002, "SWISH").unwrap_err().to_string();
    assert!(err.contains("CHECK constraint failed"), "{err}");
    for table in ["orders", "invoices"] {
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        assert!(sql.contains("'FAKTURA', 'KLARNA')"), "{table}: {sql}");
    }
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

#[test]
fn a_new_database_admits_klarna_in_invoices_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    drop(Database::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    let sql: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'invoices'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(sql.contains("'KLARNA'"), "{sql}");
}
