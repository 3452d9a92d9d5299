//! The Klarna invoice (Klarna-faktura) as a user reads it: what the customer pays to Klarna —
//! the lines exactly as captured (a 1,5 h line folded to one unit, named as sent), VAT per rate,
//! what is owed to Klarna and how to pay it — in the text (a snapshot) and the PDF (through an
//! independent reader); a reprint says KOPIA.

use rust_decimal::Decimal;
use verkstad::domain::invoice::klarna::{KlarnaInvoice, KlarnaLine};
use verkstad::domain::{DbKind, Lang, Money, PaymentMethod};
use verkstad::print::{klarna_invoice_pdf, klarna_invoice_text};

fn kr(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn kline(name: &str, qty: i64, unit: &str, total: &str, vat: &str) -> KlarnaLine {
    KlarnaLine {
        name: name.into(),
        quantity: qty,
        unit_price: kr(unit),
        vat_rate: Decimal::from(25),
        total: kr(total),
        vat: kr(vat),
    }
}

/// The Klarna invoice of a KLARNA sale: 1,5 h of service and 0,5 wiper blades (folded to one
/// unit each, as Klarna takes them) and two whole brake pads.
fn klarna_doc(print_no: i64) -> KlarnaInvoice {
    KlarnaInvoice {
        invoice: super::sale(PaymentMethod::Klarna, super::lines()),
        order_reference: "880-1".into(),
        klarna_order_id: "0b1d9815-165e-42e2-8867-35bc03789e00".into(),
        klarna_reference: "K7TXFG2Q".into(),
        store: Some("A".into()),
        activated_on: Some(super::day("2026-05-14")),
        payment_days: Some(30),
        lines: vec![
            kline("Bromsbelägg fram", 2, "1 562,50", "3 125,00", "625,00"),
            kline("Däckbyte 1,5 tim", 1, "1 218,75", "1 218,75", "243,75"),
            kline("Miljöavgift 0,5 st", 1, "31,19", "31,19", "6,24"),
        ],
        captured: kr("4 374,94"),
        refunded: Money::ZERO,
        print_no,
    }
}

fn pdf_text(doc: &KlarnaInvoice, lang: Lang) -> String {
    let bytes = klarna_invoice_pdf(doc, lang, DbKind::Real).expect("PDF");
    assert!(bytes.starts_with(b"%PDF-"));
    let text = pdf_extract::extract_text_from_mem(&bytes).expect("readable PDF");
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_klarna_invoice_text_shows_the_lines_as_captured_the_vat_and_what_is_owed_to_klarna() {
    let doc = klarna_doc(1);
    let t = klarna_invoice_text(&doc, Lang::Sv, DbKind::Real);
    assert!(t.lines().all(|l| l.chars().count() <= 80), "{t}");
    assert!(t.lines().next().unwrap().ends_with("Klarna-faktura"), "{t}");
    for needle in [
        "Däck & Service i Älvsjö AB",
        "Östen Järvholm",
        "Ängsvägen 7",
        "0b1d9815-165e-42e2-8867-35bc03789e00",
        "K7TXFG2Q",
        "880-1",
        "Betalas till Klarna – inte till Däck & Service i Älvsjö AB",
        "Moms 25 %",
        "Att betala till Klarna",
        "Klarna-appen",
        "2026-06-13 (Klarna)",
    ] {
        assert!(t.contains(needle), "{needle:?} missing in\n{t}");
    }
    // The folded lines are named as they were sent, with their quantity.
    assert!(
        super::line_with(&t, "Däckbyte 1,5 tim").ends_with("1 218,75"),
        "{t}"
    );
    assert!(super::line_with(&t, "Att betala till Klarna").ends_with("4 374,94"));
    // Nothing of this is paid to the workshop: no bankgiro, no OCR.
    assert!(!t.contains("Bankgiro") && !t.contains("5555-1234") && !t.contains("OCR"));
    assert!(!t.contains("KOPIA"));
    insta::assert_snapshot!("klarna_invoice", t);
    insta::assert_snapshot!(
        "klarna_invoice_en",
        klarna_invoice_text(&doc, Lang::En, DbKind::Real)
    );
}

#[test]
fn a_reprint_is_marked_as_a_copy_with_its_number_and_a_refund_lowers_what_is_owed() {
    let doc = KlarnaInvoice {
        refunded: kr("31,19"),
        payment_days: None,
        ..klarna_doc(3)
    };
    let t = klarna_invoice_text(&doc, Lang::Sv, DbKind::Real);
    assert!(t.starts_with("*** KOPIA – utskrift 3 ***"), "{t}");
    assert!(super::line_with(&t, "Återbetalt av Klarna").ends_with("-31,19"));
    assert!(super::line_with(&t, "Att betala till Klarna").ends_with("4 343,75"));
    // Without Klarna's terms no date is made up: the due date is Klarna's invoice's.
    assert!(t.contains("enligt Klarnas faktura"), "{t}");
    let demo = klarna_invoice_text(&doc, Lang::En, DbKind::Demo);
    assert!(
        demo.contains("DEMO") && demo.contains("COPY – print 3"),
        "{demo}"
    );

    let p = pdf_text(&doc, Lang::Sv);
    for needle in [
        "KOPIA – utskrift 3",
        "Klarna-faktura",
        "Däckbyte 1,5 tim",
        "Miljöavgift 0,5 st",
        "Att betala till Klarna",
        "4 343,75",
        "K7TXFG2Q",
    ] {
        assert!(
            p.contains(needle),
            "{needle:?} missing in the PDF text\n{p}"
        );
    }
    assert!(!p.contains("5555-1234"), "{p}");
}
