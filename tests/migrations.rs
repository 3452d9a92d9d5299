//! Migration 8 (the invoice fields) on a database of schema 7, built here with the migrations
//! before it: the order lines are kept, `completed_at` is taken from the audit trail's
//! completion events, customers get no VAT number and no reverse charge, and the rebuilt
//! `order_lines` takes 'utlägg' lines (at 0 %, without discount only).

use std::path::Path;

use rusqlite::{Connection, params};
use verkstad::domain::{LineKind, Money, OrderLine, Percent, Quantity, Status, VatRate};
use verkstad::store::prelude::*;
use verkstad::store::{Database, SCHEMA_VERSION};

/// The migrations of schema 7, as shipped (the files are append-only).
const SCHEMA_7: [&str; 7] = [
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_order_list.sql"),
    include_str!("../migrations/0003_payments.sql"),
    include_str!("../migrations/0004_ledger.sql"),
    include_str!("../migrations/0005_installation.sql"),
    include_str!("../migrations/0006_payment_binding.sql"),
    include_str!("../migrations/0007_cash_register.sql"),
];

/// An empty database of schema 7 at `path`, written as version 7 of the program wrote it.
fn schema_7(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    for sql in SCHEMA_7 {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 7).unwrap();
    conn
}

/// `orders` orders of customer 1, each with `lines` lines (order ids and numbers from 1 and
/// 10001), in one transaction.
fn fill(conn: &mut Connection, orders: i64, lines: i64, status: &str) {
    let tx = conn.transaction().unwrap();
    tx.execute(
        "INSERT INTO customers (id, customer_no, name, national_id, created_at) \
         VALUES (1, 10001, 'Åsa Öberg', '19640823-3234', '2026-01-10T08:00:00Z')",
        [],
    )
    .unwrap();
    tx.execute_batch(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {orders})
         INSERT INTO orders (id, nr, customer_id, status, total_ore, created_at, updated_at)
         SELECT i, 10000 + i, 1, '{status}', 0, '2026-01-16T08:00:00Z', '2026-01-16T08:00:00Z'
         FROM n;
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < {orders} * {lines} - 1)
         INSERT INTO order_lines (order_id, pos, kind, article_no, description, quantity_centi,
                                  unit, unit_price_ore, discount_centi, vat_rate)
         SELECT 1 + i / {lines}, 1 + i % {lines},
                CASE i % 3 WHEN 0 THEN 'arbete' WHEN 1 THEN 'artikel' ELSE 'övrigt' END,
                CASE i % 3 WHEN 1 THEN 'OF-1021' END, 'Rad ' || i, 150, 'st', 18900 + i,
                CASE i % 5 WHEN 0 THEN 1000 ELSE 0 END,
                CASE i % 4 WHEN 0 THEN 25 WHEN 1 THEN 12 WHEN 2 THEN 6 ELSE 0 END
         FROM n;"
    ))
    .unwrap();
    tx.commit().unwrap();
}

fn audit(conn: &Connection, at: &str, nr: i64, action: &str, after: &str) {
    conn.execute(
        "INSERT INTO audit_events (at, actor, entity, entity_key, action, before_json, after_json) \
         VALUES (?1, 'kassa1', 'order', ?2, ?3, NULL, ?4)",
        params![at, nr.to_string(), action, after],
    )
    .unwrap();
}

/// Every line as stored: (order id, pos, kind, article, description, qty, unit, price,
/// discount, rate).
type Row = (
    i64,
    i64,
    String,
    Option<String>,
    String,
    i64,
    String,
    i64,
    i64,
    i64,
);

fn all_lines(path: &Path) -> Vec<Row> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT order_id, pos, kind, article_no, description, quantity_centi, unit, \
             unit_price_ore, discount_centi, vat_rate FROM order_lines ORDER BY order_id, pos",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
        ))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn outlay(price: &str) -> OrderLine {
    OrderLine {
        kind: LineKind::Utlagg,
        article_no: None,
        description: "Besiktningsavgift".into(),
        quantity: Quantity::from_int(1),
        unit: "st".into(),
        unit_price: Money::parse(price).unwrap(),
        discount: Percent::ZERO,
        vat: VatRate::R0,
    }
}

#[test]
fn a_schema_7_database_upgrades_keeping_its_lines_and_dating_completed_orders() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v7.db");
    let mut conn = schema_7(&path);
    fill(&mut conn, 300, 4, "KLART");
    // Order 10001 was marked complete, 10002 imported as KLART (twice-completed orders take the
    // first), 10003 has only its creation as ÖPPEN, 10004 no event at all (history from before).
    audit(
        &conn,
        "2026-01-16T08:00:00Z",
        10001,
        "create",
        r#"{"status":"ÖPPEN"}"#,
    );
    audit(
        &conn,
        "2026-01-17T14:30:00Z",
        10001,
        "mark_complete",
        r#"{"status":"KLART"}"#,
    );
    audit(
        &conn,
        "2026-01-18T09:00:00Z",
        10002,
        "create",
        r#"{"status":"KLART"}"#,
    );
    audit(
        &conn,
        "2026-01-19T09:00:00Z",
        10002,
        "mark_complete",
        r#"{"status":"KLART"}"#,
    );
    audit(
        &conn,
        "2026-01-18T10:00:00Z",
        10003,
        "create",
        r#"{"status":"ÖPPEN"}"#,
    );
    audit(
        &conn,
        "2026-01-18T11:00:00Z",
        10003,
        "lines_changed",
        "not json",
    );
    drop(conn);
    let before = all_lines(&path);
    assert_eq!(before.len(), 1200);

    let store = Database::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    const { assert!(SCHEMA_VERSION >= 8) };
    assert_eq!(all_lines(&path), before, "every line kept as it was");

    let completed = |nr: i64| store.order(nr).unwrap().unwrap().order.completed_at;
    assert_eq!(
        completed(10001).map(|t| t.to_rfc3339()),
        Some("2026-01-17T14:30:00+00:00".into())
    );
    assert_eq!(
        completed(10002).map(|t| t.to_rfc3339()),
        Some("2026-01-18T09:00:00+00:00".into())
    );
    assert_eq!(completed(10003), None);
    assert_eq!(completed(10004), None);
    let d = store.order(10004).unwrap().unwrap();
    assert_eq!(d.order.status, Status::Complete);
    assert_eq!(d.order.lines.len(), 4);
    assert_eq!(d.customer.vat_no, None);
    assert!(!d.customer.reverse_charge);

    // The rebuilt table: still WITHOUT ROWID, its primary key, and 'utlägg' allowed.
    let conn = Connection::open(&path).unwrap();
    let sql: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'order_lines'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(sql.contains("WITHOUT ROWID"), "{sql}");
    assert!(sql.contains("PRIMARY KEY (order_id, pos)"), "{sql}");
    assert!(sql.contains("'utlägg'"), "{sql}");
    let leftovers: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'order_lines_%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(leftovers, 0);
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let fk: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(fk, 0);
    // The schema refuses an utlägg with VAT or a discount, whoever writes it.
    for (rate, discount) in [(25, 0), (0, 500)] {
        let err = conn.execute(
            "INSERT INTO order_lines (order_id, pos, kind, description, quantity_centi, unit, \
             unit_price_ore, discount_centi, vat_rate) VALUES (3, 9, 'utlägg', 'x', 100, 'st', 100, ?1, ?2)",
            params![discount, rate],
        );
        assert!(err.is_err(), "{rate} % {discount}");
    }
    drop(conn);

    // The store writes an utlägg line and reads it back.
    let mut order = store.order(10003).unwrap().unwrap().order;
    let mut lines = order.lines.clone();
    lines.push(outlay("450"));
    order.set_lines(lines).unwrap();
    store
        .write("kassa1", |w| w.save_order(&order, "lines_changed"))
        .unwrap();
    let d = store.order(10003).unwrap().unwrap();
    assert_eq!(d.order.lines.len(), 5);
    assert_eq!(d.order.lines[4], outlay("450"));
    assert_eq!(d.totals.outlays, Money::parse("450").unwrap());
}
