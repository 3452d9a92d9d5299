//! Tests of the ledger: postings of sales, accounts and their settings, OCR references.

use super::*;
use crate::domain::money::{Percent, Quantity};
use rust_decimal_macros::dec;

fn line(kind: LineKind, qty: &str, price: &str, vat: VatRate) -> OrderLine {
    OrderLine {
        kind,
        article_no: None,
        description: "x".into(),
        quantity: Quantity::parse(qty).unwrap(),
        unit: "st".into(),
        unit_price: Money::parse(price).unwrap(),
        discount: Percent::parse("0").unwrap(),
        vat,
    }
}

fn rows_of(p: &[Posting]) -> Vec<(u16, rust_decimal::Decimal)> {
    p.iter()
        .map(|p| (p.account.number(), p.amount.amount()))
        .collect()
}

#[test]
fn counter_sale_by_card_matches_the_conventions_example() {
    // Parts 1 000 + labour 800 at 25 %: 1580 2 250 / 3001 1 000, 3041 800, 2611 450.
    let lines = vec![
        line(LineKind::Artikel, "1", "1000", VatRate::R25),
        line(LineKind::Arbete, "1", "800", VatRate::R25),
    ];
    let t = Totals::of(&lines);
    let rows = sale_postings(
        &lines,
        &t,
        PaymentMethod::Kort,
        Taxation::Domestic,
        &Accounts::default(),
    );
    assert_eq!(
        rows_of(&rows),
        vec![
            (1580, dec!(2250.00)),
            (3001, dec!(-1000.00)),
            (3041, dec!(-800.00)),
            (2611, dec!(-450.00)),
        ]
    );
}

#[test]
fn cash_rounding_goes_to_3740() {
    // 987,52 net + 246,88 VAT = 1 234,40 → 1 234 in cash, 0,40 debit 3740.
    let lines = vec![line(LineKind::Artikel, "1", "987,52", VatRate::R25)];
    let t = Totals::of(&lines);
    assert_eq!(t.total.amount(), dec!(1234.40));
    let rows = sale_postings(
        &lines,
        &t,
        PaymentMethod::Kontant,
        Taxation::Domestic,
        &Accounts::default(),
    );
    assert_eq!(
        rows_of(&rows),
        vec![
            (1910, dec!(1234)),
            (3001, dec!(-987.52)),
            (2611, dec!(-246.88)),
            (3740, dec!(0.40)),
        ]
    );
    // Rounded up: the rounding is a credit.
    let lines = vec![line(LineKind::Arbete, "1", "987,60", VatRate::R25)];
    let t = Totals::of(&lines);
    let rows = sale_postings(
        &lines,
        &t,
        PaymentMethod::Kontant,
        Taxation::Domestic,
        &Accounts::default(),
    );
    assert_eq!(rows[0].amount.amount(), dec!(1235));
    assert_eq!(rows.last().unwrap().amount.amount(), dec!(-0.50));
    assert!(rows.iter().map(|p| p.amount).sum::<Money>().is_zero());
}

#[test]
fn mixed_rates_and_zero_rate() {
    let lines = vec![
        line(LineKind::Artikel, "2", "49,90", VatRate::R12),
        line(LineKind::Ovrigt, "1", "120", VatRate::R0),
        line(LineKind::Arbete, "0,5", "900", VatRate::R25),
    ];
    let t = Totals::of(&lines);
    let rows = sale_postings(
        &lines,
        &t,
        PaymentMethod::Mobil,
        Taxation::Domestic,
        &Accounts::default(),
    );
    assert_eq!(
        rows_of(&rows),
        vec![
            (1931, t.total.amount()),
            (3002, dec!(-99.80)),
            (3004, dec!(-120.00)),
            (3041, dec!(-450.00)),
            (2611, dec!(-112.50)),
            (2621, dec!(-11.98)),
        ]
    );
}

#[test]
fn configured_accounts_are_checked_against_the_chart() {
    let chart = Chart::default();
    let mut s = BTreeMap::new();
    s.insert("kort".to_string(), 1686);
    let a = Accounts::configured(&s, &chart).unwrap();
    assert_eq!(a.get(Role::Method(PaymentMethod::Kort)).number(), 1686);

    s.insert("mobil".to_string(), 1999);
    let err = Accounts::configured(&s, &chart).unwrap_err();
    assert!(err.to_string().contains("1999"));
    assert!(err.to_string().contains("kontoplanen"));
    assert!(err.message(Lang::En).contains("chart of accounts"));

    let mut s = BTreeMap::new();
    s.insert("vat_25".to_string(), 3001);
    let err = Accounts::configured(&s, &chart).unwrap_err();
    assert!(matches!(err, LedgerError::WrongClass { class: 2, .. }));

    let mut s = BTreeMap::new();
    s.insert("swish".to_string(), 1930);
    assert_eq!(
        Accounts::configured(&s, &chart).unwrap_err(),
        LedgerError::UnknownSetting("swish".into())
    );
    let mut s = BTreeMap::new();
    s.insert("kontant".to_string(), 191);
    assert!(matches!(
        Accounts::configured(&s, &chart).unwrap_err(),
        LedgerError::NotAnAccount { .. }
    ));
    // A new account in the chart can be used.
    let mut chart = chart;
    chart.insert(Account::new(1932).unwrap(), "Klarna avräkning");
    let mut s = BTreeMap::new();
    s.insert("mobil".to_string(), 1932);
    assert!(Accounts::configured(&s, &chart).is_ok());
}

#[test]
fn every_role_has_a_named_default_account() {
    let chart = Chart::default();
    let a = Accounts::default();
    for role in Role::all() {
        let account = a.get(role);
        assert!(chart.contains(account), "{role:?} {account}");
        assert_eq!(account.class(), role.class(), "{role:?}");
    }
}

#[test]
fn ocr_has_length_and_check_digit() {
    // 12345 → "12345" + length 7 + Luhn over "123457".
    assert_eq!(ocr_reference(12345), "1234574");
    assert!(ocr_valid("1234574"));
    assert!(!ocr_valid("1234575"));
    assert!(!ocr_valid("1234564"));
    for n in [1, 9, 10, 99, 100, 12345678, 1234567890] {
        let o = ocr_reference(n);
        assert!(ocr_valid(&o), "{n} {o}");
        assert!(o.starts_with(&n.to_string()));
    }
    // 11 digits + 2 = 13 → length digit 3.
    assert_eq!(&ocr_reference(12345678901)[11..12], "3");
}

#[test]
fn an_outlay_is_booked_on_the_pass_through_account_not_as_revenue() {
    // Labour 800 at 25 % and the inspection fee paid for the customer, 450 passed on at 0 %:
    // 1580 1 450 / 3041 800, 2611 200, 1680 450 (the receivable the customer settles).
    let mut fee = line(LineKind::Utlagg, "1", "450", VatRate::R0);
    fee.description = "Besiktningsavgift".into();
    let lines = vec![line(LineKind::Arbete, "1", "800", VatRate::R25), fee];
    let t = Totals::of(&lines);
    assert_eq!(t.outlays.amount(), dec!(450));
    assert_eq!(t.net.amount(), dec!(800));
    let rows = sale_postings(
        &lines,
        &t,
        PaymentMethod::Kort,
        Taxation::Domestic,
        &Accounts::default(),
    );
    assert_eq!(
        rows_of(&rows),
        vec![
            (1580, dec!(1450.00)),
            (3041, dec!(-800.00)),
            (1680, dec!(-450.00)),
            (2611, dec!(-200.00)),
        ]
    );
    // No revenue account (class 3) carries the utlägg.
    let revenue: Money = rows
        .iter()
        .filter(|p| p.account.class() == 3)
        .map(|p| p.amount)
        .sum();
    assert_eq!(revenue.amount(), dec!(-800));
    // Its credit reverses exactly.
    let back = reversed(&rows);
    assert!(
        rows.iter()
            .chain(&back)
            .map(|p| p.amount)
            .sum::<Money>()
            .is_zero()
    );
    assert_eq!(
        back[2],
        Posting {
            account: Account::new(1680).unwrap(),
            amount: Money::parse("450").unwrap(),
        }
    );
}

#[test]
fn a_reverse_charge_sale_is_booked_on_its_own_account_without_vat() {
    // The invoice's lines are at 0 %: labour 800 and a part 200 to a Danish business, an
    // utlägg of 450: 1510 1 450 / 3308 1 000, 1680 450, and no output VAT.
    let lines = vec![
        line(LineKind::Arbete, "1", "800", VatRate::R0),
        line(LineKind::Artikel, "1", "200", VatRate::R0),
        line(LineKind::Utlagg, "1", "450", VatRate::R0),
    ];
    let t = Totals::of(&lines);
    let rows = sale_postings(
        &lines,
        &t,
        PaymentMethod::Faktura,
        Taxation::ReverseCharge,
        &Accounts::default(),
    );
    assert_eq!(
        rows_of(&rows),
        vec![
            (1510, dec!(1450.00)),
            (3308, dec!(-1000.00)),
            (1680, dec!(-450.00)),
        ]
    );
    assert!(rows.iter().all(|p| p.account.class() != 2));
}

#[test]
fn the_outlay_and_reverse_charge_accounts_can_be_configured() {
    let mut chart = Chart::default();
    chart.insert(Account::new(1681).unwrap(), "Utlägg för kunders räkning");
    chart.insert(
        Account::new(3305).unwrap(),
        "Försäljning tjänster till land utanför EU",
    );
    let mut s = BTreeMap::new();
    s.insert("utlagg".to_string(), 1681);
    s.insert("reverse_charge".to_string(), 3305);
    let a = Accounts::configured(&s, &chart).unwrap();
    assert_eq!(a.get(Role::Outlay).number(), 1681);
    assert_eq!(a.get(Role::ReverseCharge).number(), 3305);
    assert_eq!(
        a.sales(LineKind::Utlagg, VatRate::R0, Taxation::ReverseCharge)
            .number(),
        1681
    );
    assert_eq!(
        a.sales(LineKind::Arbete, VatRate::R25, Taxation::ReverseCharge)
            .number(),
        3305
    );
    // Utlägg are a receivable (class 1), not revenue.
    let mut s = BTreeMap::new();
    s.insert("utlagg".to_string(), 3004);
    assert!(matches!(
        Accounts::configured(&s, &chart).unwrap_err(),
        LedgerError::WrongClass { class: 1, .. }
    ));
    let mut s = BTreeMap::new();
    s.insert("reverse_charge".to_string(), 1680);
    assert!(matches!(
        Accounts::configured(&s, &chart).unwrap_err(),
        LedgerError::WrongClass { class: 3, .. }
    ));
}
