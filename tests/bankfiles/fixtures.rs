//! The committed fixtures (tests/fixtures/bankfiles/) read field by field.
//!
//! `bgmax_sample.txt` is modelled on Bankgirot's published BgMax example files ("Bankgiro
//! Inbetalningar", layout 01; ISO-8859-1, CRLF): two deposits to bankgiro 991-2346 — an OCR
//! payment with name, address and organisation number records, a free-text payment with an
//! information record and a TK21 deduction; then a payment of several invoices (reference code 3
//! with TK22/TK22/TK23) and a payment on a paper slip whose reference Bankgirot marked incorrect
//! (code 5). `camt054_sample.xml` and `camt054_v08.xml` say in their comments what they model.

use chrono::NaiveDate;
use verkstad::bankfiles::{Account, Channel, Direction, Format, ReferenceKind, parse};
use verkstad::domain::Money;

use super::writer::assert_consistent;

pub const BGMAX: &[u8] = include_bytes!("../fixtures/bankfiles/bgmax_sample.txt");
pub const CAMT: &[u8] = include_bytes!("../fixtures/bankfiles/camt054_sample.xml");
pub const CAMT_V08: &[u8] = include_bytes!("../fixtures/bankfiles/camt054_v08.xml");

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn kinds(refs: &[verkstad::bankfiles::Reference]) -> Vec<(ReferenceKind, &str, Option<Money>)> {
    refs.iter()
        .map(|r| (r.kind, r.text.as_str(), r.amount))
        .collect()
}

#[test]
fn the_bgmax_sample_is_read_field_by_field() {
    let file = parse(BGMAX).unwrap();
    assert_consistent(&file);
    assert_eq!(file.format, Format::BgMax);
    assert_eq!(file.file_id, "bgmax:20261130073000123456P");
    assert!(!file.test);
    assert_eq!(file.deposits.len(), 2);

    let d1 = &file.deposits[0];
    assert_eq!(d1.account, Account::Bankgiro("991-2346".into()));
    assert_eq!(d1.date, date(2026, 11, 27));
    assert_eq!(d1.reference, "00001");
    assert_eq!(d1.bank_account.as_deref(), Some("99123467"));
    assert_eq!(d1.total, Money::from_ore(155000));
    assert_eq!(d1.direction, Direction::Credit);
    assert_eq!(d1.payments.len(), 3);

    let ocr = &d1.payments[0];
    assert_eq!(ocr.amount, Money::from_kr(500));
    assert_eq!(
        kinds(&ocr.references),
        [(ReferenceKind::Ocr, "1234574", None)]
    );
    assert_eq!(ocr.channel, Some(Channel::Bank));
    assert_eq!(ocr.bank_id, "BGC000120000018");
    assert_eq!(ocr.value_date, Some(date(2026, 11, 27)));
    let who = &ocr.counterparty;
    assert_eq!(who.name.as_deref(), Some("Kalles Plåt AB"));
    assert_eq!(who.extra_name.as_deref(), Some("Att: Åke Öst"));
    assert_eq!(who.address.as_deref(), Some("Storgatan 12"));
    assert_eq!(who.postcode.as_deref(), Some("12345"));
    assert_eq!(who.city.as_deref(), Some("Storåker"));
    assert_eq!(who.country.as_deref(), Some("Sverige"));
    assert_eq!(who.country_code.as_deref(), Some("SE"));
    assert_eq!(who.org_no.as_deref(), Some("005565990001"));
    assert_eq!(who.account.as_deref(), Some("3783511"));

    let text = &d1.payments[1];
    assert_eq!(text.amount, Money::from_kr(1250));
    assert_eq!(
        kinds(&text.references),
        [
            (ReferenceKind::FreeText, "Faktura 1042 ABC123", None),
            (
                ReferenceKind::FreeText,
                "Betalning för service av bilen",
                None
            )
        ]
    );
    assert_eq!(text.counterparty.account, None);

    let deduction = &d1.payments[2];
    assert_eq!(deduction.amount, -Money::from_kr(200));
    assert_eq!(deduction.direction, Direction::Debit);
    assert_eq!(deduction.deduction, Some(0));
    assert_eq!(deduction.references[0].text, "Kredit 1043");

    let d2 = &file.deposits[1];
    assert_eq!(d2.reference, "00002");
    assert_eq!(d2.total, Money::from_ore(309960));
    let several = &d2.payments[0];
    assert_eq!(several.amount, Money::from_kr(3000));
    assert_eq!(several.channel, Some(Channel::SupplierPayments));
    assert_eq!(
        kinds(&several.references),
        [
            (ReferenceKind::Ocr, "1234574", Some(Money::from_kr(1000))),
            (
                ReferenceKind::FreeText,
                "Faktura 1042",
                Some(Money::from_kr(2500))
            ),
            (
                ReferenceKind::FreeText,
                "Kredit 7",
                Some(-Money::from_kr(500))
            ),
        ]
    );
    assert_eq!(several.counterparty.name.as_deref(), Some("Bilfirma Ek AB"));
    let incorrect = &d2.payments[1];
    assert_eq!(incorrect.amount, Money::from_ore(9960));
    assert_eq!(incorrect.channel, Some(Channel::Paper));
    assert_eq!(
        kinds(&incorrect.references),
        [(ReferenceKind::Incorrect, "1234575", None)]
    );
}

#[test]
fn the_camt054_sample_is_read_field_by_field() {
    let file = parse(CAMT).unwrap();
    assert_consistent(&file);
    assert_eq!(file.format, Format::Camt054V02);
    assert_eq!(file.file_id, "camt054:NOTIF-20261130-0001");
    assert_eq!(
        file.created,
        Some(date(2026, 11, 30).and_hms_opt(6, 15, 0).unwrap())
    );
    assert_eq!(file.deposits.len(), 4);
    let iban = Account::Iban("SE4550000000058398257466".into());

    let two = &file.deposits[0];
    assert_eq!(two.account, iban);
    assert_eq!(two.reference, "ASR-1001");
    assert_eq!(two.date, date(2026, 11, 27));
    assert_eq!(two.total, Money::from_kr(1750));
    let ocr = &two.payments[0];
    assert_eq!(ocr.amount, Money::from_kr(1250));
    assert_eq!(ocr.bank_id, "ASR-1001-1");
    assert_eq!(ocr.end_to_end_id, None, "NOTPROVIDED is no id");
    assert_eq!(
        kinds(&ocr.references),
        [(ReferenceKind::Ocr, "1234574", None)]
    );
    let who = &ocr.counterparty;
    assert_eq!(who.name.as_deref(), Some("Åsa Öberg"));
    assert_eq!(who.address.as_deref(), Some("Ängsvägen 3"));
    assert_eq!(who.postcode.as_deref(), Some("41319"));
    assert_eq!(who.city.as_deref(), Some("Göteborg"));
    assert_eq!(who.country_code.as_deref(), Some("SE"));
    assert_eq!(who.account.as_deref(), Some("SE3550000000054910000003"));
    let free = &two.payments[1];
    assert_eq!(free.amount, Money::from_kr(500));
    assert_eq!(
        kinds(&free.references),
        [(ReferenceKind::FreeText, "Faktura 1042 reg ABC123", None)]
    );
    assert_eq!(free.counterparty.org_no.as_deref(), Some("5565990001"));

    let rf = &file.deposits[1];
    assert_eq!(rf.total, Money::from_ore(29950));
    assert_eq!(rf.payments[0].amount, Money::from_ore(29950));
    assert_eq!(rf.payments[0].value_date, Some(date(2026, 11, 26)));
    assert_eq!(rf.payments[0].bank_id, "ASR-1002/1");
    assert_eq!(
        kinds(&rf.payments[0].references),
        [
            (ReferenceKind::CreditorReference, "RF18539007547034", None),
            (ReferenceKind::DocumentNumber, "1043", None)
        ]
    );

    let refund = &file.deposits[2];
    assert_eq!(refund.direction, Direction::Debit);
    assert_eq!(refund.total, -Money::from_kr(450));
    let p = &refund.payments[0];
    assert_eq!(p.direction, Direction::Debit);
    assert_eq!(p.amount, -Money::from_kr(450));
    assert_eq!(p.end_to_end_id.as_deref(), Some("REFUND-77"));
    assert_eq!(p.instruction_id.as_deref(), Some("R77"));
    assert_eq!(p.payment_info_id.as_deref(), Some("PI-20261126"));
    assert_eq!(p.counterparty.name.as_deref(), Some("Per Persson"));
    assert_eq!(p.counterparty.account.as_deref(), Some("33001234567890"));

    let payout = &file.deposits[3];
    assert_eq!(payout.total, Money::from_kr(9800));
    assert_eq!(payout.payments.len(), 1);
    assert_eq!(payout.payments[0].bank_id, "ASR-1004");
    assert_eq!(
        kinds(&payout.payments[0].references),
        [(
            ReferenceKind::FreeText,
            "RESURS UTBETALNING PAYOUT-2026-11-29-01",
            None
        )]
    );
}

#[test]
fn the_camt054_v08_sample_is_read() {
    let file = parse(CAMT_V08).unwrap();
    assert_consistent(&file);
    assert_eq!(file.format, Format::Camt054V08);
    let d = &file.deposits[0];
    assert_eq!(d.account, Account::Bankgiro("991-2346".into()));
    assert_eq!(d.date, date(2026, 11, 27));
    assert_eq!(d.total, Money::from_ore(100040));
    let p = &d.payments[0];
    assert_eq!(p.counterparty.name.as_deref(), Some("Kalles Plåt AB"));
    assert_eq!(p.bank_id, "V08-E1-1");
    assert_eq!(
        kinds(&p.references),
        [(ReferenceKind::Ocr, "1234574", None)]
    );
}

#[test]
fn the_same_file_reads_the_same_every_time() {
    for bytes in [BGMAX, CAMT, CAMT_V08] {
        assert_eq!(parse(bytes).unwrap(), parse(bytes).unwrap());
    }
    // LF instead of CRLF is the same BgMax file.
    let lf: Vec<u8> = BGMAX.iter().copied().filter(|b| *b != b'\r').collect();
    assert_eq!(parse(&lf).unwrap(), parse(BGMAX).unwrap());
}
