//! Reconciliation at scale (issue 14's target: import and match 100 000 BgMax payments against
//! 1 000 000 invoices in under 10 s; figures in docs/BENCHMARKS.md).
//!
//! `cargo bench --bench reconcile` (`RECONCILE_BENCH_INVOICES`, `RECONCILE_BENCH_PAYMENTS` for
//! other sizes). A fresh database in a temporary folder gets 1 000 000 booked FAKTURA invoices
//! (each with its order and voucher) by plain SQL in one transaction — quick, and not what is
//! measured. A BgMax file of 100 000 payments is written: 90 % pay an invoice by its OCR (one in
//! ten of those 0,40 kr short, on 3740), 5 % name an invoice number in free text, 5 % name
//! nothing known (OBS). Timed:
//!
//! 1. **import**: `Workshop::import_bank_bytes` — the file read, every payment matched, its
//!    voucher, receipts and record written, in one transaction, as `verkstad reconcile import`;
//! 2. **matching alone**: the same payments through `domain::reconcile::reconcile` with the
//!    store's lookups, inside a transaction that is rolled back (nothing booked);
//! 3. **a plain SQL join** of the same payments (OCR → invoice number, amount) against the
//!    invoices, for comparison: what the database does with no rules, reasons or bookings.

use std::time::Instant;

use verkstad::app::Workshop;
use verkstad::app::config::Config;
use verkstad::domain::Money;
use verkstad::domain::ledger::ocr_reference;
use verkstad::domain::reconcile::{
    self, Clue, Found, Lookup, OpenInvoice, Payment, PaymentRef, RefKind,
};
use verkstad::store::prelude::*;
use verkstad::store::{Database, ReconcileWriter, StoreError};

fn size(var: &str, default: i64) -> i64 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What invoice `no` asks, in öre: 500,00–5 499,75 kr.
fn asks(no: i64) -> i64 {
    50_000 + (no * 7_919) % 500_000 / 25 * 25
}

fn rec(code: &str, fields: &[(usize, String)]) -> String {
    let mut line: Vec<char> = vec![' '; 80];
    for (i, c) in code.chars().enumerate() {
        line[i] = c;
    }
    for (pos, text) in fields {
        for (i, c) in text.chars().enumerate() {
            line[pos - 1 + i] = c;
        }
    }
    line.into_iter().collect()
}

/// One payment of the file: (öre, OCR or free text).
fn payments(n: i64, invoices: i64) -> Vec<(i64, Result<String, String>)> {
    (0..n)
        .map(|k| {
            let no = 1 + (k * 9_973) % invoices;
            match k % 20 {
                0 => (12_345, Err("okand betalare".to_string())),
                1 => (asks(no), Err(format!("Faktura {no}"))),
                2 => (asks(no) - 40, Ok(ocr_reference(no))),
                _ => (asks(no), Ok(ocr_reference(no))),
            }
        })
        .collect()
}

fn bgmax(payments: &[(i64, Result<String, String>)]) -> Vec<u8> {
    let mut lines = vec![
        rec(
            "01",
            &[
                (3, "BGMAX".into()),
                (23, "01".into()),
                (25, "20261130090000000000".into()),
                (45, "P".into()),
            ],
        ),
        rec("05", &[(3, "0009912346".into()), (23, "SEK".into())]),
    ];
    let mut total = 0;
    for (i, (ore, reference)) in payments.iter().enumerate() {
        total += ore;
        let (code, text) = match reference {
            Ok(ocr) => ("2", format!("{ocr:>25}")),
            Err(t) => ("4", t.clone()),
        };
        lines.push(rec(
            "20",
            &[
                (3, "0003783511".into()),
                (13, text),
                (38, format!("{ore:018}")),
                (56, code.into()),
                (57, "1".into()),
                (58, format!("{:012}", i + 1)),
                (70, "0".into()),
            ],
        ));
    }
    lines.push(rec(
        "15",
        &[
            (3, "99123467".into()),
            (38, "20261127".into()),
            (46, "00001".into()),
            (51, format!("{total:018}")),
            (69, "SEK".into()),
            (72, format!("{:08}", payments.len())),
        ],
    ));
    lines.push(rec(
        "70",
        &[
            (3, format!("{:08}", payments.len())),
            (11, "00000000".into()),
            (19, "00000000".into()),
            (27, "00000001".into()),
        ],
    ));
    let mut out = Vec::with_capacity(lines.len() * 82);
    for l in lines {
        out.extend(l.bytes().map(|b| if b.is_ascii() { b } else { b'?' }));
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// The store's lookups, for the matching step alone.
struct Lookups<'a, W: ReconcileWriter>(&'a W);

impl<W: ReconcileWriter> Lookup for Lookups<'_, W> {
    type Error = StoreError;
    fn find(&mut self, clue: &Clue) -> Result<Found, StoreError> {
        Ok(match clue {
            Clue::Ocr { invoice_no: no, .. } | Clue::InvoiceNo { no, .. } => self
                .0
                .find_open_amount(*no)?
                .map_or(Found::Nothing, Found::Invoice),
            Clue::OrderNo { nr, .. } => self.0.find_order(*nr)?,
            _ => Found::Nothing,
        })
    }
    fn asking(&mut self, amount: Money) -> Result<Vec<OpenInvoice>, StoreError> {
        self.0.invoices_asking(amount, 20)
    }
}

fn main() {
    let invoices = size("RECONCILE_BENCH_INVOICES", 1_000_000);
    let n = size("RECONCILE_BENCH_PAYMENTS", 100_000);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    drop(Database::open(&db).unwrap());
    let t = Instant::now();
    let mut conn = rusqlite::Connection::open(&db).unwrap();
    let tx = conn.transaction().unwrap();
    tx.execute_batch(&format!(
        "INSERT INTO customers (customer_no, name, created_at) VALUES (10001, 'Kund', '2026-11-01T00:00:00Z');
         WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < {invoices})
         INSERT INTO orders (id, nr, customer_id, status, payment_method, invoice_no, total_ore,
           created_at, updated_at)
         SELECT i, 100000 + i, 1, 'BOKFÖRD', 'FAKTURA', i, 0, '2026-11-01T00:00:00Z',
           '2026-11-01T00:00:00Z' FROM k;
         WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < {invoices})
         INSERT INTO vouchers (number, date, text, created_at, actor)
         SELECT i, '2026-11-01', 'Faktura ' || i, '2026-11-01T00:00:00Z', 'bench' FROM k;
         WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < {invoices})
         INSERT INTO invoices (invoice_no, kind, order_id, date, method, total_ore, to_pay_ore,
           voucher_no, document_json, created_at)
         SELECT i, 'faktura', i, '2026-11-01', 'FAKTURA',
           50000 + (i * 7919) % 500000 / 25 * 25, 50000 + (i * 7919) % 500000 / 25 * 25, i,
           '{{\"buyer\":{{\"name\":\"Kund ' || i || '\"}}}}', '2026-11-01T00:00:00Z' FROM k;
         UPDATE number_series SET next_value = {next} WHERE name IN ('invoice', 'voucher');",
        next = invoices + 1
    ))
    .unwrap();
    tx.commit().unwrap();
    drop(conn);
    println!(
        "setup: {invoices} FAKTURA invoices by SQL in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let pays = payments(n, invoices);
    let file = bgmax(&pays);

    // 2. The matching step alone, rolled back.
    let store = Database::open(&db).unwrap();
    let neutral: Vec<Payment> = pays
        .iter()
        .map(|(ore, r)| Payment {
            amount: Money::from_ore(*ore),
            references: vec![match r {
                Ok(o) => PaymentRef {
                    kind: RefKind::Ocr,
                    text: o.clone(),
                    amount: None,
                },
                Err(t) => PaymentRef {
                    kind: RefKind::FreeText,
                    text: t.clone(),
                    amount: None,
                },
            }],
            payer: Default::default(),
        })
        .collect();
    let t = Instant::now();
    let matched: Result<usize, StoreError> = store.write("bench", |w| {
        let mut matched = 0;
        for p in &neutral {
            let d = reconcile::reconcile(p, Money::from_ore(100), &mut Lookups(&*w))?;
            matched += usize::from(d.state == reconcile::State::Matched);
        }
        // Rolled back: nothing is written by this step.
        Err(StoreError::Corrupt(matched.to_string()))
    });
    let matching = t.elapsed();
    let matched = match matched {
        Err(StoreError::Corrupt(m)) => m,
        other => panic!("{other:?}"),
    };
    println!(
        "matching alone (domain::reconcile + store lookups): {n} payments, {matched} matched: {:.0} ms",
        matching.as_secs_f64() * 1000.0
    );

    // 3. A plain SQL join of the same rows.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("CREATE TEMP TABLE p (ocr TEXT, amount_ore INTEGER)")
        .unwrap();
    {
        let mut st = conn.prepare("INSERT INTO p VALUES (?1, ?2)").unwrap();
        for (ore, r) in &pays {
            st.execute(rusqlite::params![r.as_ref().ok(), ore]).unwrap();
        }
    }
    let t = Instant::now();
    let joined: i64 = conn
        .query_row(
            "SELECT count(*) FROM p JOIN invoices i \
             ON i.invoice_no = CAST(substr(p.ocr, 1, length(p.ocr) - 2) AS INTEGER) \
             WHERE p.ocr IS NOT NULL AND i.kind = 'faktura' AND abs(i.to_pay_ore - p.amount_ore) <= 100",
            [],
            |r| r.get(0),
        )
        .unwrap();
    println!(
        "plain SQL join (OCR → invoice, amount within 1 kr): {joined} rows: {:.0} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    drop(conn);
    drop(store);

    // 1. The whole import.
    let shop = Workshop::with_store(
        Database::open(&db).unwrap(),
        db.clone(),
        Config::default(),
        None,
        "bench",
    );
    let t = Instant::now();
    let out = shop.import_bank_bytes(&file, Some("bench.bgmax")).unwrap();
    let took = t.elapsed();
    let count = |s| out.payments.iter().filter(|p| p.state == s).count();
    println!(
        "import ({} kB): {} payments, {} matched, {} OBS, {} suggested: {:.2} s (target 10 s)",
        file.len() / 1024,
        out.payments.len(),
        count(reconcile::State::Matched),
        count(reconcile::State::Obs),
        count(reconcile::State::Suggested),
        took.as_secs_f64()
    );
}
