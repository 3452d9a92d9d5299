//! Applying a Klarna settlement at scale (issue 13's target: a settlement of 10 000 transactions
//! against 1 000 000 orders in under 2 s; figures in docs/BENCHMARKS.md).
//!
//! `cargo bench --bench settlement` (after benches/scale.sh has made the 1 000 000-order
//! database; another with `VERKSTAD_BENCH_DB=…`). The database is copied to a temporary folder
//! first and never changed. On the copy, 5 000 booked MOBIL sales are bound to payment attempts
//! with their own references (as Klarna reservations are), and one payout of 10 000 rows (5 000
//! SALE, one PURCHASE_FEE each) is applied through the same use case as `verkstad klarna
//! settlements` (`Workshop::apply_settlements`: the rows matched to invoices, the invoices
//! marked paid, the payout's voucher booked, in one transaction), with the payouts coming from
//! an in-memory source instead of HTTP. Timed: the use case, from the fetch to the commit.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use verkstad::app::Workshop;
use verkstad::app::config::Config;
use verkstad::app::workshop::ProviderSources;
use verkstad::domain::Money;
use verkstad::domain::settlement::{Payout, PayoutRow, RowKind};
use verkstad::payments::MemorySource;
use verkstad::store::Database;

const SALES: i64 = 5_000;

fn main() {
    let src = std::env::var("VERKSTAD_BENCH_DB")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("/tmp/verkstad-scale/v.db"));
    if !src.exists() {
        println!(
            "no database at {}: run benches/scale.sh first",
            src.display()
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    std::fs::copy(&src, &db).unwrap();
    // Brought up to this program's schema first (the copy may be older).
    let t = Instant::now();
    drop(Database::open(&db).unwrap());
    println!("migrations: {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);

    // 5 000 booked sales bound to attempts with references, as Klarna's are.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(&format!(
        "CREATE TEMP TABLE pick AS SELECT max(i.id) AS inv, i.order_id, max(i.total_ore) AS total, \
           o.nr FROM invoices i JOIN orders o ON o.id = i.order_id \
         WHERE i.kind = 'faktura' AND i.method IN ('MOBIL', 'KLARNA') \
           AND i.payment_attempt_id IS NULL AND i.total_ore > 0 \
         GROUP BY i.order_id HAVING count(*) = 1 ORDER BY i.order_id DESC LIMIT {SALES};
         INSERT INTO payment_attempts (order_id, attempt, provider, order_reference, \
           idempotency_key, request_json, amount_ore, mobile, ttl_minutes, state, created_at, \
           updated_at, authorized_ore, provider_store) \
         SELECT order_id, 9000, 'Klarna', 'bench-' || nr, 'bench-key-' || nr, '{{}}', total, \
           '+46700000000', 60, 'sent', '2026-11-30T00:00:00Z', '2026-11-30T00:00:00Z', total, 'A' \
         FROM pick;
         UPDATE invoices SET payment_attempt_id = (SELECT a.id FROM payment_attempts a \
           WHERE a.order_id = invoices.order_id AND a.attempt = 9000) \
         WHERE id IN (SELECT inv FROM pick);"
    ))
    .unwrap();
    let picked: Vec<(i64, i64)> = conn
        .prepare("SELECT nr, total FROM pick")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    drop(conn);
    assert_eq!(
        picked.len() as i64,
        SALES,
        "the database has too few MOBIL sales"
    );

    let row = |kind: RowKind, detail: &str, nr: i64, ore: i64| PayoutRow {
        kind,
        detail: Some(detail.into()),
        amount: Money::from_ore(ore),
        vat: Money::ZERO,
        order_reference: Some(format!("bench-{nr}")),
        provider_order_id: None,
        capture_id: None,
        refund_id: None,
        dispute_id: None,
        sale_date: None,
    };
    let mut rows = Vec::with_capacity(2 * picked.len());
    for (nr, total) in &picked {
        rows.push(row(RowKind::Sale, "PURCHASE", *nr, *total));
        rows.push(row(
            RowKind::Fee,
            "PURCHASE_FEE_PERCENTAGE",
            *nr,
            total / 40,
        ));
    }
    let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let mut payout = Payout {
        provider: "Klarna".into(),
        payment_reference: "BENCH0001".into(),
        payout_date: day,
        currency: "SEK".into(),
        rows,
        net: Money::ZERO,
        opening_debt: Money::ZERO,
        closing_debt: Money::ZERO,
    };
    payout.net = payout.gross();
    let source = Arc::new(MemorySource::new("Klarna"));
    source.push_payout(payout);

    let shop = Workshop::with_store(
        Database::open(&db).unwrap(),
        db.clone(),
        Config::default(),
        None,
        "bench",
    );
    shop.set_provider_sources(ProviderSources {
        settlements: source.clone(),
        disputes: source,
    });
    let rt = tokio::runtime::Runtime::new().unwrap();
    let t = Instant::now();
    let outcome = rt
        .block_on(shop.apply_settlements(Some(day - chrono::Days::new(1))))
        .unwrap();
    let took = t.elapsed();
    let applied = &outcome.applied;
    let paid: usize = applied.iter().map(|a| a.invoices_paid.len()).sum();
    println!(
        "apply_settlements: 1 payout, {} rows, {paid} invoices paid, {} unmatched: {:.0} ms",
        2 * SALES,
        applied.iter().map(|a| a.unmatched.len()).sum::<usize>(),
        took.as_secs_f64() * 1000.0
    );
    assert_eq!(paid as i64, SALES);
}
