//! Printed invoices as PDF: the text an independent reader (pdf-extract) gets out of the file
//! carries every field a Swedish invoice must show (the fields of ML 17 kap. 24 § added last —
//! date of supply, 0 % reasons, utlägg, reverse charge, seat, payment terms, no personnummer on
//! a receipt — in `print/invoice_fields.rs`). The cash register's receipts and X/Z day reports
//! are in `print/receipts.rs` and `print/reports.rs` (what they share in `print/cash.rs`).

#[path = "print/cash.rs"]
mod cash;
#[path = "print/invoice_fields.rs"]
mod invoice_fields;
#[path = "print/klarna_invoice.rs"]
mod klarna_invoice;
#[path = "print/receipts.rs"]
mod receipts;
#[path = "print/reports.rs"]
mod reports;

use chrono::NaiveDate;
use verkstad::domain::invoice::{Buyer, Company, Invoice, InvoiceKind, InvoiceLine};
use verkstad::domain::order::VatSum;
use verkstad::domain::{
    Lang, LineKind, Money, OrderLine, PaymentMethod, Percent, Quantity, Totals, VatRate,
};
use verkstad::print::{render_pdf, render_text};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn line(
    kind: LineKind,
    art: Option<&str>,
    desc: &str,
    qty: &str,
    unit: &str,
    price: &str,
) -> OrderLine {
    OrderLine {
        kind,
        article_no: art.map(str::to_string),
        description: desc.into(),
        quantity: Quantity::parse(qty).unwrap(),
        unit: unit.into(),
        unit_price: Money::parse(price).unwrap(),
        discount: Percent::ZERO,
        vat: VatRate::R25,
    }
}

fn lines() -> Vec<OrderLine> {
    vec![
        line(
            LineKind::Artikel,
            Some("BB-2231"),
            "Bromsbelägg fram",
            "2",
            "st",
            "1 250,00",
        ),
        line(LineKind::Arbete, None, "Däckbyte", "1,5", "tim", "650,00"),
        line(LineKind::Ovrigt, None, "Miljöavgift", "1", "st", "49,90"),
    ]
}

/// A FAKTURA (or, with another method, a receipt) for `order_lines`.
fn sale(method: PaymentMethod, order_lines: Vec<OrderLine>) -> Invoice {
    let t = Totals::of(&order_lines);
    let (to_pay, rounding) = if method == PaymentMethod::Kontant {
        t.total.cash_rounded()
    } else {
        (t.total, Money::ZERO)
    };
    let invoice = method == PaymentMethod::Faktura;
    Invoice {
        no: 2417,
        kind: InvoiceKind::Faktura,
        order_nr: 880,
        date: day("2026-05-14"),
        method,
        seller: Company {
            name: "Däck & Service i Älvsjö AB".into(),
            street: "Gränsvägen 3".into(),
            postal_code: "125 30".into(),
            city: "Älvsjö".into(),
            orgnr: "559012-3456".into(),
            vat_no: "SE559012345601".into(),
            f_skatt: true,
            phone: "08-99 88 77".into(),
            email: "kassa@dackservice.se".into(),
            bankgiro: "5555-1234".into(),
            plusgiro: String::new(),
            payment_terms_days: 20,
            ..Company::default()
        },
        buyer: Buyer {
            customer_no: 311,
            name: "Östen Järvholm".into(),
            street: "Ängsvägen 7".into(),
            postal_code: "125 31".into(),
            city: "Älvsjö".into(),
            national_id: None,
            vat_no: None,
        },
        regnr: Some("XYZ789".into()),
        lines: order_lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| InvoiceLine { pos: i + 1, line })
            .collect(),
        per_rate: t.per_rate,
        net: t.net,
        vat: t.vat,
        total: t.total,
        rounding,
        to_pay,
        ocr: invoice.then(|| "241705".to_string()),
        due_date: invoice.then(|| day("2026-06-03")),
        original: None,
        voucher_no: 31,
        paid_at: None,
        supply_date: None,
        reverse_charge: false,
    }
}

fn credit_of_first_line() -> Invoice {
    let original = sale(PaymentMethod::Faktura, lines());
    let t = Totals::of(&[original.lines[0].line.clone()]);
    Invoice {
        no: 2420,
        kind: InvoiceKind::Kredit,
        date: day("2026-05-20"),
        lines: vec![original.lines[0].clone()],
        per_rate: t
            .per_rate
            .iter()
            .map(|r| VatSum {
                rate: r.rate,
                net: -r.net,
                vat: -r.vat,
            })
            .collect(),
        net: -t.net,
        vat: -t.vat,
        total: -t.total,
        rounding: Money::ZERO,
        to_pay: -t.total,
        ocr: None,
        due_date: None,
        original: Some((original.no, original.date)),
        ..original
    }
}

/// The PDF's text as pdf-extract reads it, with runs of whitespace made one space per line.
fn pdf_text(inv: &Invoice, lang: Lang) -> String {
    let bytes = render_pdf(inv, lang).expect("PDF");
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let text = pdf_extract::extract_text_from_mem(&bytes).expect("readable PDF");
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in\n{text}"))
}

/// The text from the payment slip's heading on.
fn payment_slip<'a>(text: &'a str, heading: &str) -> &'a str {
    let at = text
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("no {heading:?} in\n{text}"));
    &text[at + 1..]
}

/// The line below the line that is exactly `label`.
fn value_under<'a>(text: &'a str, label: &str) -> &'a str {
    let mut lines = text.lines();
    lines
        .by_ref()
        .find(|l| *l == label)
        .unwrap_or_else(|| panic!("no label {label:?} in\n{text}"));
    lines.next().unwrap_or("")
}

fn assert_has(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(text.contains(n), "{n:?} missing in the PDF text\n{text}");
    }
}

#[test]
fn pdf_faktura_carries_the_mandatory_fields() {
    let inv = sale(PaymentMethod::Faktura, lines());
    let t = pdf_text(&inv, Lang::Sv);
    assert_has(
        &t,
        &[
            "FAKTURA",
            "Däck & Service i Älvsjö AB",
            "Gränsvägen 3",
            "125 30 Älvsjö",
            "Org.nr 559012-3456",
            "Momsreg.nr SE559012345601",
            "Godkänd för F-skatt",
            "Bankgiro 5555-1234",
            "Östen Järvholm",
            "Ängsvägen 7",
            "125 31 Älvsjö",
        ],
    );
    assert!(line_with(&t, "Fakturanr").contains("2417"));
    assert!(line_with(&t, "Fakturadatum").contains("2026-05-14"));
    assert!(line_with(&t, "Kundnr").contains("311"));
    assert!(line_with(&t, "Ordernr").contains("880"));
    assert!(line_with(&t, "Reg.nr").contains("XYZ789"));

    // Each line: article number, description, quantity and unit, unit price, VAT rate, amount.
    let brake = line_with(&t, "Bromsbelägg fram");
    assert_eq!(
        brake,
        "BB-2231 Bromsbelägg fram 2 st 1 250,00 25 % 2 500,00"
    );
    let tyres = line_with(&t, "Däckbyte");
    assert_eq!(tyres, "Däckbyte 1,5 tim 650,00 25 % 975,00");
    assert!(line_with(&t, "Miljöavgift").ends_with("1 st 49,90 25 % 49,90"));

    // 2 500,00 + 975,00 + 49,90 = 3 524,90; VAT 881,23 (881,225 rounded up).
    assert_eq!(line_with(&t, "Moms 25 %"), "Moms 25 % 3 524,90 881,23");
    assert!(line_with(&t, "Summa exkl. moms").ends_with("3 524,90"));
    assert!(line_with(&t, "Summa moms").ends_with("881,23"));
    assert!(line_with(&t, "Totalt inkl. moms").ends_with("4 406,13"));

    // The payment slip: each label over its value.
    let slip = payment_slip(&t, "Betalningsinformation");
    assert_eq!(value_under(slip, "Bankgiro"), "5555-1234");
    assert_eq!(value_under(slip, "OCR"), "241705");
    assert_eq!(value_under(slip, "Förfallodag"), "2026-06-03");
    assert_eq!(value_under(slip, "Att betala"), "4 406,13 kr");
    assert!(line_with(&t, "Förfallodag").ends_with("2026-06-03"));
    assert!(!t.contains("Öresavrundning"));
    assert!(
        !t.contains('?'),
        "a character did not survive WinAnsi:\n{t}"
    );
}

#[test]
fn pdf_credit_references_the_original_with_negative_amounts() {
    let t = pdf_text(&credit_of_first_line(), Lang::Sv);
    assert_has(
        &t,
        &[
            "KREDITFAKTURA",
            "Krediterar faktura 2417 daterad 2026-05-14",
            "Kredit – negativa belopp",
            "Org.nr 559012-3456",
            "Momsreg.nr SE559012345601",
            "F-skatt",
        ],
    );
    assert!(line_with(&t, "Fakturanr").contains("2420"));
    assert!(line_with(&t, "Fakturadatum").contains("2026-05-20"));
    assert_eq!(
        line_with(&t, "Bromsbelägg fram"),
        "BB-2231 Bromsbelägg fram 2 st 1 250,00 25 % -2 500,00"
    );
    assert!(!t.contains("Däckbyte"));
    assert_eq!(line_with(&t, "Moms 25 %"), "Moms 25 % -2 500,00 -625,00");
    assert!(line_with(&t, "Kredit inkl. moms").ends_with("-3 125,00"));
    assert!(!t.contains("OCR") && !t.contains("Förfallodag"));
}

#[test]
fn pdf_cash_receipt_shows_rounding_and_the_payment_method() {
    let inv = sale(PaymentMethod::Kontant, lines());
    assert_eq!(inv.rounding, Money::parse("-0,13").unwrap());
    let t = pdf_text(&inv, Lang::Sv);
    assert_has(
        &t,
        &["KVITTO", "Org.nr 559012-3456", "Momsreg.nr SE559012345601"],
    );
    assert!(line_with(&t, "Kvittonr").contains("2417"));
    assert!(line_with(&t, "Totalt inkl. moms").ends_with("4 406,13"));
    assert!(line_with(&t, "Öresavrundning").ends_with("-0,13"));
    assert!(line_with(&t, "Att betala").ends_with("4 406,00"));
    assert_eq!(
        value_under(payment_slip(&t, "Betalning"), "Betalsätt"),
        "Kontant"
    );
    assert!(!t.contains("OCR"));
}

/// A credit invoice of the lines at `positions` (1-based) of `original`.
fn credit_of(original: &Invoice, positions: &[usize]) -> Invoice {
    let taken: Vec<OrderLine> = original
        .lines
        .iter()
        .filter(|l| positions.contains(&l.pos))
        .map(|l| l.line.clone())
        .collect();
    let s = sale(original.method, taken);
    Invoice {
        no: 2420,
        kind: InvoiceKind::Kredit,
        date: day("2026-05-20"),
        lines: original
            .lines
            .iter()
            .filter(|l| positions.contains(&l.pos))
            .cloned()
            .collect(),
        per_rate: s
            .per_rate
            .iter()
            .map(|r| VatSum {
                rate: r.rate,
                net: -r.net,
                vat: -r.vat,
            })
            .collect(),
        net: -s.net,
        vat: -s.vat,
        total: -s.total,
        rounding: -s.rounding,
        to_pay: -s.to_pay,
        ocr: None,
        due_date: None,
        original: Some((original.no, original.date)),
        ..original.clone()
    }
}

#[test]
fn pdf_credit_of_a_cash_receipt_says_kvitto_and_what_is_paid_back() {
    // The brake pads (2 500 + 25 %) and the fee (49,90 + 25 % = 62,38 → 62 kr in cash).
    let original = sale(PaymentMethod::Kontant, lines());
    let inv = credit_of(&original, &[1, 3]);
    assert_eq!(inv.total, Money::parse("-3187,38").unwrap());
    assert_eq!(inv.to_pay, Money::parse("-3187").unwrap());
    let t = pdf_text(&inv, Lang::Sv);
    assert_has(
        &t,
        &[
            "KREDITFAKTURA",
            "Krediterar kvitto 2417 daterat 2026-05-14",
            "Kredit – negativa belopp minskar kvitterat belopp",
        ],
    );
    assert!(!t.contains("Krediterar faktura"), "{t}");
    assert!(line_with(&t, "Kredit inkl. moms").ends_with("-3 187,38"));
    assert!(line_with(&t, "Öresavrundning").ends_with("0,38"));
    assert!(line_with(&t, "Att återbetala").ends_with("3 187,00"));
    assert!(
        !t.contains("Att betala"),
        "a credit never asks to pay:\n{t}"
    );
    assert_eq!(
        value_under(payment_slip(&t, "Betalning"), "Betalsätt"),
        "Kontant"
    );

    // A credit of a mobile payment: paid back to the öre.
    let original = sale(PaymentMethod::Mobil, lines());
    let t = pdf_text(&credit_of(&original, &[3]), Lang::En);
    assert_has(&t, &["Credits receipt 2417 dated 2026-05-14"]);
    assert!(line_with(&t, "To pay back").ends_with("62,38"));
    assert!(!t.contains("Rounding"), "{t}");
    assert!(
        t.lines()
            .all(|l| !l.starts_with("To pay") || l.starts_with("To pay back")),
        "{t}"
    );
}

#[test]
fn pdf_in_english() {
    let t = pdf_text(&sale(PaymentMethod::Faktura, lines()), Lang::En);
    assert_has(
        &t,
        &[
            "INVOICE",
            "Org. no. 559012-3456",
            "VAT reg. no. SE559012345601",
            "F-skatt",
            "Page 1 of 1",
        ],
    );
    assert!(line_with(&t, "Invoice no.").contains("2417"));
    assert_eq!(line_with(&t, "VAT 25 %"), "VAT 25 % 3 524,90 881,23");
    assert!(line_with(&t, "Total incl. VAT").ends_with("4 406,13"));
    assert!(!t.contains("Fakturadatum") && !t.contains("Förfallodag"));
}

#[test]
fn pdf_long_invoice_continues_on_more_pages() {
    let many: Vec<OrderLine> = (1..=60)
        .map(|i| {
            line(
                LineKind::Artikel,
                Some(&format!("A{i:03}")),
                &format!("Reservdel {i} till främre hjulupphängningen"),
                "1",
                "st",
                "100",
            )
        })
        .collect();
    let inv = sale(PaymentMethod::Faktura, many);
    let bytes = render_pdf(&inv, Lang::Sv).unwrap();
    let pages = pdf_extract::extract_text_from_mem_by_pages(&bytes).unwrap();
    assert!(pages.len() >= 2, "{} pages", pages.len());
    let n = pages.len();
    for (i, p) in pages.iter().enumerate() {
        assert!(
            p.contains(&format!("Sida {} av {n}", i + 1)),
            "page {i}:\n{p}"
        );
        assert!(p.contains("Org.nr 559012-3456"));
    }
    let all = pages.concat();
    for i in 1..=60 {
        assert!(
            all.contains(&format!("Reservdel {i} till")),
            "line {i} missing"
        );
    }
    assert!(pages[n - 1].contains("Totalt inkl. moms"));
    assert!(pages[n - 1].contains("7 500,00"));
}

#[test]
fn text_and_pdf_say_the_same_amounts() {
    for inv in [
        sale(PaymentMethod::Faktura, lines()),
        sale(PaymentMethod::Kontant, lines()),
        credit_of_first_line(),
    ] {
        let text = render_text(&inv, Lang::Sv);
        let pdf = pdf_text(&inv, Lang::Sv);
        for amount in [inv.net, inv.vat, inv.total, inv.to_pay] {
            let a = amount.to_string();
            assert!(text.contains(&a) && pdf.contains(&a), "{a} missing");
        }
    }
}

#[test]
fn a_demo_databases_printouts_say_demo_on_every_page() {
    use verkstad::domain::DbKind;
    use verkstad::print::{render_pdf_for, render_text_for};
    let many: Vec<OrderLine> = (1..=60)
        .map(|i| {
            line(
                LineKind::Artikel,
                None,
                &format!("Reservdel {i}"),
                "1",
                "st",
                "100",
            )
        })
        .collect();
    let inv = sale(PaymentMethod::Faktura, many);
    let bytes = render_pdf_for(&inv, Lang::Sv, DbKind::Demo).unwrap();
    let pages = pdf_extract::extract_text_from_mem_by_pages(&bytes).unwrap();
    assert!(pages.len() >= 2);
    for (i, p) in pages.iter().enumerate() {
        assert!(p.contains("DEMO – ej giltig faktura"), "page {i}:\n{p}");
    }
    let text = render_text_for(&inv, Lang::En, DbKind::Demo);
    assert!(text.starts_with("*** DEMO – not a valid invoice ***\n\n"));
    // A real database's printout is exactly the plain one.
    assert_eq!(
        render_text_for(&inv, Lang::Sv, DbKind::Real),
        render_text(&inv, Lang::Sv)
    );
    let real = render_pdf_for(&inv, Lang::Sv, DbKind::Real).unwrap();
    let real = pdf_extract::extract_text_from_mem(&real).unwrap();
    assert!(!real.contains("DEMO"));
}
