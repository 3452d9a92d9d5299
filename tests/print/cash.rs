//! What the cash register's printout tests share: a sale, a return and a Z report with realistic
//! figures, built by hand, and ways of reading the text and the PDF.

use chrono::{NaiveDate, NaiveDateTime};
use printpdf::{Op, PdfDocument, PdfParseOptions, TextItem};
use verkstad::domain::invoice::Company;
use verkstad::domain::order::VatSum;
use verkstad::domain::register::{
    GrandTotals, GroupSum, MethodSum, Receipt, ReceiptKind, ReceiptLine, RegisterReport,
    ReportKind, Tally,
};
use verkstad::domain::{LineKind, Money, PaymentMethod, Quantity, VatRate};
use verkstad::print::TEXT_WIDTH;

pub fn money(s: &str) -> Money {
    Money::parse(s).unwrap()
}

pub fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

pub fn rline(
    kind: LineKind,
    art: Option<&str>,
    desc: &str,
    qty: &str,
    unit: &str,
    amount: &str,
    discount: &str,
) -> ReceiptLine {
    ReceiptLine {
        kind,
        article_no: art.map(str::to_string),
        description: desc.into(),
        quantity: Quantity::parse(qty).unwrap(),
        unit: unit.into(),
        rate: VatRate::R25,
        amount: money(amount),
        discount: money(discount),
    }
}

/// A cash sale at a workshop in Älvsjö: brake pads, an hour and a half of labour at 10 % off,
/// an environmental fee; 3 427,40 net + 856,85 VAT = 4 284,25, paid 4 284 kr in cash.
pub fn sale() -> Receipt {
    Receipt {
        register_id: "KASSA-1".into(),
        no: 17,
        kind: ReceiptKind::Sale,
        training: false,
        at: at("2026-11-30 10:15"),
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
        point_of_sale: "Gränsvägen 3, 125 30 Älvsjö".into(),
        order_nr: 880,
        regnr: Some("XYZ789".into()),
        customer: "Östen Järvholm".into(),
        invoice_no: Some(2417),
        original: None,
        lines: vec![
            rline(
                LineKind::Artikel,
                Some("BB-2231"),
                "Bromsbelägg fram",
                "2",
                "st",
                "3125",
                "0",
            ),
            rline(
                LineKind::Arbete,
                None,
                "Däckbyte",
                "1,5",
                "tim",
                "1096,88",
                "121,88",
            ),
            rline(
                LineKind::Ovrigt,
                None,
                "Miljöavgift",
                "1",
                "st",
                "62,37",
                "0",
            ),
        ],
        per_rate: vec![VatSum {
            rate: VatRate::R25,
            net: money("3427,40"),
            vat: money("856,85"),
        }],
        total: money("4284,25"),
        rounding: money("-0,25"),
        to_pay: money("4284"),
        method: PaymentMethod::Kontant,
        unit_serial: "CU-SE-0012345".into(),
        control_code: "7F3A9C21E0B4D568".into(),
    }
}

/// The brake pads returned by card a day later.
pub fn return_receipt() -> Receipt {
    let s = sale();
    Receipt {
        no: 18,
        kind: ReceiptKind::Return,
        at: at("2026-12-01 09:40"),
        invoice_no: Some(2420),
        original: Some(17),
        lines: vec![rline(
            LineKind::Artikel,
            Some("BB-2231"),
            "Bromsbelägg fram",
            "2",
            "st",
            "-3125",
            "0",
        )],
        per_rate: vec![VatSum {
            rate: VatRate::R25,
            net: money("-2500"),
            vat: money("-625"),
        }],
        total: money("-3125"),
        rounding: Money::ZERO,
        to_pay: money("-3125"),
        method: PaymentMethod::Kort,
        control_code: "0C1D2E3F40516273".into(),
        ..s
    }
}

pub fn z_report() -> RegisterReport {
    let tally = |count, amount| Tally {
        count,
        amount: money(amount),
    };
    RegisterReport {
        kind: ReportKind::Z,
        no: Some(3),
        date: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        at: at("2026-11-30 18:02"),
        register_id: "KASSA-1".into(),
        seller_name: "Däck & Service i Älvsjö AB".into(),
        orgnr: "559012-3456".into(),
        first_receipt: Some(17),
        last_receipt: Some(42),
        sales: tally(24, "38450"),
        returns: tally(1, "3125"),
        net: money("35325"),
        per_group: vec![
            GroupSum {
                group: LineKind::Arbete,
                amount: money("20000"),
            },
            GroupSum {
                group: LineKind::Artikel,
                amount: money("14000"),
            },
            GroupSum {
                group: LineKind::Ovrigt,
                amount: money("1325,25"),
            },
        ],
        vat: vec![VatSum {
            rate: VatRate::R25,
            net: money("28260,20"),
            vat: money("7065,05"),
        }],
        per_method: vec![
            MethodSum {
                method: PaymentMethod::Kontant,
                sales: money("8450"),
                returns: Money::ZERO,
            },
            MethodSum {
                method: PaymentMethod::Kort,
                sales: money("22000"),
                returns: money("3125"),
            },
            MethodSum {
                method: PaymentMethod::Mobil,
                sales: money("8000"),
                returns: Money::ZERO,
            },
        ],
        change_float: money("2000"),
        goods_sold: 31,
        services_sold: 22,
        receipts: 25,
        drawer_openings: 9,
        copies: tally(1, "4284"),
        training: tally(2, "1500"),
        pro_forma: tally(1, "9800"),
        discounts: money("450"),
        rounding: money("-0,25"),
        unfinished: tally(1, "5600"),
        grand: GrandTotals {
            sales: money("1254300"),
            returns: money("23125"),
        },
    }
}

pub fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in\n{text}"))
}

/// The row that starts with `label` and ends with `figure`.
pub fn row<'a>(text: &'a str, label: &str, figure: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(label) && l.ends_with(figure))
        .unwrap_or_else(|| panic!("no row {label:?} … {figure:?} in\n{text}"))
}

pub fn assert_narrow(text: &str) {
    for l in text.lines() {
        let w = l.chars().count();
        assert!(w <= TEXT_WIDTH, "{w} wide: {l:?}");
    }
}

/// A PDF's text as pdf-extract reads it, runs of whitespace made one space per line.
pub fn extract(bytes: &[u8]) -> String {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let text = pdf_extract::extract_text_from_mem(bytes).expect("readable PDF");
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every text the PDF shows with the font size it is shown in (the `Tf` before its `Tj`), read
/// back from the PDF's (compressed) content streams.
pub fn shown(bytes: &[u8]) -> Vec<(f32, String)> {
    let doc = PdfDocument::parse(bytes, &PdfParseOptions::default(), &mut Vec::new())
        .expect("a PDF printpdf can read back");
    let mut out = Vec::new();
    for page in &doc.pages {
        let mut size = 0.0;
        for op in &page.ops {
            match op {
                Op::SetFont { size: s, .. } => size = s.0,
                Op::ShowText { items } => {
                    let text: String = items
                        .iter()
                        .filter_map(|i| match i {
                            TextItem::Text(t) => Some(t.as_str()),
                            _ => None,
                        })
                        .collect();
                    out.push((size, text));
                }
                _ => {}
            }
        }
    }
    out
}
