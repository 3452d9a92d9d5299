//! SIE 4I export read back by an independent parser, the `sie4` crate: what Verkstad writes is
//! what a SIE reader gets, voucher by voucher and row by row, with åäö intact through code page
//! 437.
//!
//! sie4 0.1.1 returns a quoted text as it stands between the quotes: an escaped quote comes back
//! as `\"`, so the expected texts below are escaped the same way. Its reader returns the same
//! error forever after a parse error, so the items are collected into a `Result`, which stops at
//! the first.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use sie4::Item;
use verkstad::domain::Money;
use verkstad::domain::invoice::Company;
use verkstad::domain::ledger::{Account, Chart, Posting, Voucher};
use verkstad::domain::sie::{SieExport, write_sie4i};

/// A small deterministic generator (64-bit LCG), so the vouchers are the same every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn acc(n: u32) -> Account {
    Account::new(n).unwrap()
}

fn chart() -> Chart {
    let mut chart = Chart::default();
    chart.insert(acc(1932), "Klarna avräkning");
    chart.insert(acc(4010), "Inköp av varor – ÅÄÖ åäö");
    chart.insert(acc(5460), "Förbrukningsmaterial \"special\"");
    chart
}

/// Accounts the vouchers use; 6991 is not in the chart.
const ACCOUNTS: &[u32] = &[
    1510, 1580, 1910, 1930, 1931, 1932, 2611, 2621, 3001, 3041, 3740, 4010, 5460, 6991,
];

const TEXTS: &[&str] = &[
    "Z-rapport",
    "Order 1234 – Örjan \"Ölle\" Åberg",
    "Kredit {#7} på faktura 88",
    "Försäljning åäö ÅÄÖ",
    "\"",
    "",
];

fn vouchers(n: i64) -> Vec<Voucher> {
    let mut rng = Lcg(20260115);
    (1..=n)
        .map(|number| {
            let date = NaiveDate::from_ymd_opt(2026, 1, 1 + (number % 31) as u32).unwrap();
            let text = format!(
                "{} {}",
                TEXTS[rng.below(TEXTS.len() as u64) as usize],
                number
            );
            let count = 2 + rng.below(6) as usize;
            let mut rows: Vec<Posting> = (0..count - 1)
                .map(|_| {
                    let ore = match rng.below(4) {
                        0 => rng.below(100) as i64,                       // under a krona
                        1 => 100_000_000 + rng.below(900_000_000) as i64, // ≥ 1 000 000 kr
                        _ => rng.below(5_000_000) as i64,
                    };
                    let sign = if rng.below(2) == 0 { 1 } else { -1 };
                    Posting {
                        account: acc(ACCOUNTS[rng.below(ACCOUNTS.len() as u64) as usize]),
                        amount: Money::from_ore(sign * ore),
                    }
                })
                .collect();
            let sum: i64 = rows.iter().map(|p| p.amount.ore()).sum();
            rows.push(Posting {
                account: acc(ACCOUNTS[rng.below(ACCOUNTS.len() as u64) as usize]),
                amount: Money::from_ore(-sum),
            });
            Voucher {
                series: "A".into(),
                number,
                date,
                text,
                rows,
            }
        })
        .collect()
}

/// A text as sie4 reads it back: quotes still escaped, `–` (not in code page 437) as `?`.
fn as_read(s: &str) -> String {
    s.replace('"', "\\\"").replace('–', "?")
}

fn ymd(d: NaiveDate) -> (i32, u8, u8) {
    (d.year(), d.month() as u8, d.day() as u8)
}

#[test]
fn sie4_reads_back_what_was_written() {
    let company = Company {
        name: "Åkes Bil & Däck AB".into(),
        street: "Östra Ängsvägen 4".into(),
        postal_code: "702 10".into(),
        city: "Örebro".into(),
        orgnr: "556677-8899".into(),
        phone: "019-12 34 56".into(),
        ..Company::default()
    };
    let chart = chart();
    let vouchers = vouchers(50);
    let export = SieExport {
        company: &company,
        chart: &chart,
        vouchers: &vouchers,
        generated: NaiveDate::from_ymd_opt(2026, 2, 1).unwrap(),
        from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(),
        program: "Verkstad",
        version: "0.1.0",
    };
    let mut bytes = Vec::new();
    write_sie4i(&export, &mut bytes).unwrap();
    // Larger than sie4's 8 KiB read buffer, so items are read across refills.
    assert!(bytes.len() > 8192, "{} bytes", bytes.len());

    let items: Vec<Item> = sie4::Reader::new(&bytes[..])
        .collect::<Result<_, _>>()
        .expect("sie4 parses the file");

    let mut konton = Vec::new();
    let mut vers = Vec::new();
    let (mut fnamn, mut orgnr, mut adress, mut program, mut gen_date) =
        (None, None, None, None, None);
    let (mut flagga, mut format, mut sietyp, mut kptyp, mut valuta) =
        (false, false, false, false, None);
    for item in &items {
        match item {
            Item::Flagga(f) => flagga = !f.read,
            Item::Program(p) => program = Some((p.name.clone(), p.version.clone())),
            Item::Format(_) => format = true,
            Item::Gen(g) => {
                gen_date = Some((g.date.year(), u8::from(g.date.month()), g.date.day()))
            }
            Item::SieTyp(_) => sietyp = true,
            Item::Orgnr(o) => orgnr = Some(o.org_no.clone()),
            Item::FNamn(f) => fnamn = Some(f.name.clone()),
            Item::Adress(a) => adress = Some(a),
            Item::KpTyp(_) => kptyp = true,
            Item::Valuta(v) => valuta = Some(v.currency.code()),
            Item::Konto(k) => konton.push((k.no, k.name.clone())),
            Item::Ver(v) => vers.push(v),
            other => panic!("unexpected item {other:?}"),
        }
    }
    assert!(flagga && format && sietyp && kptyp);
    assert_eq!(valuta, Some("SEK"));
    assert_eq!(program, Some(("Verkstad".to_string(), "0.1.0".to_string())));
    assert_eq!(gen_date, Some((2026, 2, 1)));
    assert_eq!(fnamn.as_deref(), Some("Åkes Bil & Däck AB"));
    assert_eq!(orgnr.as_deref(), Some("556677-8899"));
    let adress = adress.expect("#ADRESS");
    assert_eq!(adress.contact, "");
    assert_eq!(adress.distribution_address, "Östra Ängsvägen 4");
    assert_eq!(adress.postal_address, "702 10 Örebro");
    assert_eq!(adress.phone, "019-12 34 56");

    // One #KONTO per account used, sorted, named from the chart (6991 by its number).
    let mut used: Vec<u32> = vouchers
        .iter()
        .flat_map(|v| v.rows.iter().map(|p| u32::from(p.account)))
        .collect();
    used.sort_unstable();
    used.dedup();
    assert!(used.len() >= 10, "the vouchers use several accounts");
    let expected_konton: Vec<(u32, String)> = used
        .iter()
        .map(|&n| {
            let name = chart.name(acc(n)).map_or_else(|| n.to_string(), as_read);
            (n, name)
        })
        .collect();
    assert_eq!(konton, expected_konton);
    assert!(konton.contains(&(4010, "Inköp av varor ? ÅÄÖ åäö".to_string())));
    assert!(konton.contains(&(
        2611,
        "Utgående moms på försäljning inom Sverige, 25 %".into()
    )));
    assert!(konton.contains(&(5460, "Förbrukningsmaterial \\\"special\\\"".into())));
    assert!(konton.contains(&(6991, "6991".into())));

    assert_eq!(vers.len(), vouchers.len());
    for (read, written) in vers.iter().zip(&vouchers) {
        let no = written.number;
        assert_eq!(read.series, "A");
        assert_eq!(i64::from(read.no), no);
        let date = (
            read.date.year(),
            u8::from(read.date.month()),
            read.date.day(),
        );
        assert_eq!(date, ymd(written.date), "voucher {no}");
        let reg = read
            .reg_date
            .map(|d| (d.year(), u8::from(d.month()), d.day()));
        assert_eq!(reg, Some(ymd(written.date)), "voucher {no}");
        assert_eq!(read.text.as_deref(), Some(as_read(&written.text).as_str()));
        let rows: Vec<(u32, Decimal)> = read
            .transactions
            .0
            .iter()
            .map(|t| {
                assert!(t.objects.0.is_empty() && t.date.is_none() && t.text.is_none());
                (t.account, t.amount)
            })
            .collect();
        let expected: Vec<(u32, Decimal)> = written
            .rows
            .iter()
            .map(|p| (u32::from(p.account), p.amount.amount()))
            .collect();
        assert_eq!(rows, expected, "voucher {no}");
        let sum: Decimal = rows.iter().map(|(_, a)| *a).sum();
        assert_eq!(sum, Decimal::ZERO, "voucher {no}");
    }
    // The generator covered the cases the format is picky about.
    let all: Vec<Decimal> = vers
        .iter()
        .flat_map(|v| v.transactions.0.iter().map(|t| t.amount))
        .collect();
    assert!(all.iter().any(|a| a.abs() >= Decimal::from(1_000_000)));
    assert!(
        all.iter()
            .any(|a| a.is_sign_negative() && a.abs() < Decimal::ONE)
    );
    assert!(vouchers.iter().any(|v| v.text.contains('"')));
    assert!(vouchers.iter().any(|v| v.text.contains('{')));
}
