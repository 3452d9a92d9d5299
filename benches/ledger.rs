//! The ledger's speed (targets in issue 5, figures in docs/BENCHMARKS.md):
//!
//! - `sie_export_100k`: the SIE 4I writer alone, 100 000 vouchers of 5 postings (a busy
//!   workshop's several years) into memory; the vouchers are built outside the timed part.
//! - `sie_export_100k_from_db`: what `verkstad export sie` does: read the 100 000 vouchers and
//!   their rows from a real SQLite file and write the file (target: under 2 s).
//! - `book_one_order`: `verkstad book`'s use case on a real SQLite file: invoice number, voucher,
//!   invoice document, order saved, all in one transaction with its audit events (target: under
//!   10 ms).

use std::hint::black_box;

use std::time::Instant;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use verkstad::app::config::Books;
use verkstad::app::{import, ledger};
use verkstad::domain::invoice::Company;
use verkstad::domain::ledger::{Account, Chart, Posting, Voucher};
use verkstad::domain::sie::{SieExport, write_sie4i};
use verkstad::domain::{Money, PaymentMethod};
use verkstad::store::Database;
use verkstad::store::prelude::*;

const VOUCHERS: i64 = 100_000;

fn vouchers() -> Vec<Voucher> {
    let acc = |n| Account::new(n).unwrap();
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    (1..=VOUCHERS)
        .map(|n| {
            // A card sale of parts and labour at 25 % with varying amounts.
            let parts = 10_000 + (n * 7_919) % 500_000;
            let labour = 5_000 + (n * 104_729) % 300_000;
            let vat = (parts + labour) / 4;
            let rounding = n % 3 - 1;
            Voucher {
                series: "A".into(),
                number: n,
                date: start + chrono::Days::new((n % 1_000) as u64),
                text: format!("Order {n} – Åkesson, kortbetalning"),
                rows: vec![
                    Posting {
                        account: acc(1580),
                        amount: Money::from_ore(parts + labour + vat + rounding),
                    },
                    Posting {
                        account: acc(3001),
                        amount: Money::from_ore(-parts),
                    },
                    Posting {
                        account: acc(3041),
                        amount: Money::from_ore(-labour),
                    },
                    Posting {
                        account: acc(2611),
                        amount: Money::from_ore(-vat),
                    },
                    Posting {
                        account: acc(3740),
                        amount: Money::from_ore(-rounding),
                    },
                ],
            }
        })
        .collect()
}

fn sie_export(c: &mut Criterion) {
    let vouchers = vouchers();
    let company = Company {
        name: "Åkes Bilverkstad AB".into(),
        orgnr: "556677-8899".into(),
        street: "Ängsvägen 4".into(),
        postal_code: "702 10".into(),
        city: "Örebro".into(),
        ..Company::default()
    };
    let chart = Chart::default();
    let export = SieExport {
        company: &company,
        chart: &chart,
        vouchers: &vouchers,
        generated: NaiveDate::from_ymd_opt(2026, 10, 1).unwrap(),
        from: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 9, 30).unwrap(),
        program: "Verkstad",
        version: "0.1.0",
    };
    c.bench_function("sie_export_100k", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            write_sie4i(black_box(&export), &mut out).expect("balanced");
            black_box(out.len())
        })
    });
}

fn sie_export_from_db(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Database::open(&dir.path().join("ledger.db")).expect("open");
    let vouchers = vouchers();
    store
        .write("bench", |w| {
            w.set_bulk()?;
            for v in &vouchers {
                w.insert_voucher(v)?;
            }
            Ok::<_, verkstad::store::StoreError>(())
        })
        .expect("vouchers");
    drop(vouchers);
    let books = Books::default();
    let from = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
    let generated = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    c.bench_function("sie_export_100k_from_db", |b| {
        b.iter(|| {
            let (bytes, n) =
                ledger::export_sie(&store, &books, from, to, generated).expect("export");
            assert_eq!(n, VOUCHERS as usize);
            black_box(bytes.len())
        })
    });
}

/// `n` KLART orders of three lines, imported in one go.
fn klart_orders(store: &mut Database, n: u64) -> Vec<i64> {
    let records: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "customer": {"name": format!("Kund {}", i % 500), "street": "Storgatan 1", "postal_code": "123 45", "city": "Storstad"},
                "status": "KLART",
                "lines": [
                    {"kind": "arbete", "description": "Service", "quantity": "1,5", "unit_price": "895"},
                    {"kind": "artikel", "description": "Oljefilter", "quantity": 1, "unit_price": "189"},
                    {"kind": "artikel", "description": "Motorolja", "quantity": "4,3", "unit_price": "129"}
                ]
            })
        })
        .collect();
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    import::import_orders(
        store,
        "bench",
        &serde_json::Value::Array(records).to_string(),
        today,
    )
    .expect("import")
}

fn book_one_order(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Database::open(&dir.path().join("book.db")).expect("open");
    let books = Books::default();
    let methods = [
        PaymentMethod::Kort,
        PaymentMethod::Kontant,
        PaymentMethod::Faktura,
    ];
    c.bench_function("book_one_order", |b| {
        b.iter_custom(|iters| {
            let nrs = klart_orders(&mut store, iters);
            let start = Instant::now();
            for (i, nr) in nrs.iter().enumerate() {
                let method = Some(methods[i % methods.len()]);
                black_box(ledger::book(&store, "bench", &books, *nr, method, false).expect("book"));
            }
            start.elapsed()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = sie_export, sie_export_from_db, book_one_order
}
criterion_main!(benches);
