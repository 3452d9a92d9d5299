//! Ledger exports: `sie_export_100k` writes a SIE 4I file of 100 000 vouchers with 5 postings
//! each (a busy workshop's several years) into memory. The vouchers are built outside the timed
//! part; the target is well under a second.

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use verkstad::domain::Money;
use verkstad::domain::invoice::Company;
use verkstad::domain::ledger::{Account, Chart, Posting, Voucher};
use verkstad::domain::sie::{SieExport, write_sie4i};

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

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = sie_export
}
criterion_main!(benches);
