//! Unit tests of the cash register's printouts: the receipt's and the day report's layout
//! (`receipt.rs`, `register.rs`, `slip*.rs`) and the banner of the marks (`banner.rs`).
//! `tests/print.rs` reads the printouts as a user does.

use chrono::{NaiveDate, NaiveDateTime};

use super::banner::banner;
use super::sheet::chars;
use super::slip::{Block, Row};
use super::*;
use crate::domain::invoice::Company;
use crate::domain::order::VatSum;
use crate::domain::register::{
    GrandTotals, GroupSum, MethodSum, Receipt, ReceiptKind, ReceiptLine, RegisterReport,
    ReportKind, Tally,
};
use crate::domain::{LineKind, Money, Quantity, VatRate};

fn money(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn company() -> Company {
    Company {
        name: "Bilverkstan i Åby AB".into(),
        street: "Verkstadsvägen 12".into(),
        postal_code: "123 45".into(),
        city: "Åby".into(),
        orgnr: "556677-8899".into(),
        vat_no: "SE556677889901".into(),
        f_skatt: true,
        phone: "08-123 45 67".into(),
        email: "info@bilverkstan.se".into(),
        bankgiro: "123-4566".into(),
        plusgiro: String::new(),
        payment_terms_days: 30,
        ..Company::default()
    }
}

fn rline(
    kind: LineKind,
    art: Option<&str>,
    desc: &str,
    qty: &str,
    unit: &str,
    amount: &str,
) -> ReceiptLine {
    ReceiptLine {
        kind,
        article_no: art.map(str::to_string),
        description: desc.into(),
        quantity: Quantity::parse(qty).unwrap(),
        unit: unit.into(),
        rate: VatRate::R25,
        amount: money(amount),
        discount: Money::ZERO,
    }
}

/// A cash sale: 2 500,00 + 877,50 (10 % off 975,00) + 49,90 net, 856,85 VAT, paid 4 284 kr.
fn receipt() -> Receipt {
    let mut labour = rline(LineKind::Arbete, None, "Däckbyte", "1,5", "tim", "1096,88");
    labour.discount = money("121,88");
    Receipt {
        register_id: "KASSA-1".into(),
        no: 17,
        kind: ReceiptKind::Sale,
        training: false,
        at: at("2026-11-30 10:15"),
        seller: company(),
        point_of_sale: "Verkstadsvägen 12, 123 45 Åby".into(),
        order_nr: 512,
        regnr: Some("ABC123".into()),
        customer: "Åsa Öberg".into(),
        invoice_no: Some(1001),
        original: None,
        lines: vec![
            rline(
                LineKind::Artikel,
                Some("BB-2231"),
                "Bromsbelägg fram",
                "2",
                "st",
                "3125",
            ),
            labour,
            rline(LineKind::Ovrigt, None, "Miljöavgift", "1", "st", "62,37"),
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

fn report() -> RegisterReport {
    RegisterReport {
        kind: ReportKind::Z,
        no: Some(3),
        date: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        at: at("2026-11-30 18:02"),
        register_id: "KASSA-1".into(),
        seller_name: "Bilverkstan i Åby AB".into(),
        orgnr: "556677-8899".into(),
        first_receipt: Some(17),
        last_receipt: Some(42),
        sales: Tally {
            count: 24,
            amount: money("38450"),
        },
        returns: Tally {
            count: 1,
            amount: money("3125"),
        },
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
        copies: Tally {
            count: 1,
            amount: money("4284"),
        },
        training: Tally {
            count: 2,
            amount: money("1500"),
        },
        pro_forma: Tally {
            count: 1,
            amount: money("9800"),
        },
        discounts: money("450"),
        rounding: money("-0,25"),
        unfinished: Tally {
            count: 1,
            amount: money("5600"),
        },
        grand: GrandTotals {
            sales: money("1254300"),
            returns: money("23125"),
        },
    }
}

fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in\n{text}"))
}

/// The row that starts with `label` and ends with `figure`.
fn row<'a>(text: &'a str, label: &str, figure: &str) -> &'a str {
    text.lines()
        .find(|l| l.starts_with(label) && l.ends_with(figure))
        .unwrap_or_else(|| panic!("no row {label:?} … {figure:?} in\n{text}"))
}

fn assert_narrow(text: &str) {
    for l in text.lines() {
        assert!(chars(l) <= TEXT_WIDTH, "{} wide: {l:?}", chars(l));
    }
}

#[test]
fn the_banner_is_five_lines_of_block_letters_framed_and_named() {
    let b = banner(&["KOPIA".into()], TEXT_WIDTH);
    assert!(
        b[0].starts_with("====") && b[0].contains(" KOPIA "),
        "{b:#?}"
    );
    assert_eq!(chars(&b[0]), TEXT_WIDTH);
    let letters: Vec<&String> = b.iter().filter(|l| l.contains('#')).collect();
    assert_eq!(letters.len(), 5, "{b:#?}");
    // K O P I A: five letters five columns wide, one space between.
    assert_eq!(letters[0].trim(), "#   #  ###  ####  #####  ###");
    assert_eq!(b.last().unwrap(), &"=".repeat(TEXT_WIDTH));
    for l in &b {
        assert!(chars(l) <= TEXT_WIDTH, "{l:?}");
    }
}

#[test]
fn the_banner_wraps_words_and_spells_out_what_it_cannot_draw() {
    let all: Vec<String> = ["COPY", "TRAINING", "NOT A RECEIPT"]
        .map(String::from)
        .into();
    let b = banner(&all, TEXT_WIDTH);
    assert!(b[0].contains(" COPY · TRAINING · NOT A RECEIPT "), "{b:#?}");
    let rows = b.iter().filter(|l| l.contains('#')).count();
    assert_eq!(rows % 5, 0);
    assert!(rows >= 10, "the words go on more banner lines: {b:#?}");
    for l in &b {
        assert!(chars(l) <= TEXT_WIDTH, "{l:?}");
    }
    // A letter without a glyph: the word letter-spaced, never dropped.
    let b = banner(&["ÜBUNG".into()], TEXT_WIDTH);
    assert!(b.iter().any(|l| l.trim() == "Ü B U N G"), "{b:#?}");
    // Narrower than any banner: still within the width.
    let b = banner(&["KOPIA".into()], 20);
    assert!(b.iter().all(|l| chars(l) <= 20), "{b:#?}");
}

#[test]
fn marks_follow_copy_training_and_pro_forma() {
    let r = receipt();
    assert!(receipt::marks(&r, false, Lang::Sv).is_empty());
    assert_eq!(receipt::marks(&r, true, Lang::Sv), ["KOPIA"]);
    let mut t = receipt();
    t.training = true;
    assert_eq!(receipt::marks(&t, true, Lang::Sv), ["KOPIA", "ÖVNING"]);
    let mut p = receipt();
    p.kind = ReceiptKind::ProForma;
    assert_eq!(receipt::marks(&p, false, Lang::Sv), ["EJ KVITTO"]);
    assert_eq!(
        receipt::marks(&p, true, Lang::En),
        ["COPY", "NOT A RECEIPT"]
    );
}

#[test]
fn the_receipt_slip_repeats_the_marks_below_the_total() {
    let s = receipt::slip(&receipt(), true, Lang::Sv, DbKind::Real);
    let total = s
        .blocks
        .iter()
        .position(|b| match b {
            Block::Table(t) => t.rows.iter().any(|r| matches!(r, Row::Strong(_))),
            _ => false,
        })
        .expect("a table with the total");
    let marks = s.blocks.iter().position(|b| *b == Block::Marks).unwrap();
    assert!(marks > total);
    assert_eq!(s.name, "KVITTO 17");
    assert_eq!(s.demo, None);
    let demo = receipt::slip(&receipt(), false, Lang::Sv, DbKind::Demo);
    assert_eq!(
        demo.demo.as_deref(),
        Some("*** DEMO – inget riktigt kassaregister ***")
    );
}

#[test]
fn receipt_text_lays_out_lines_vat_and_totals() {
    let t = receipt_text(&receipt(), false, Lang::Sv, DbKind::Real);
    assert_narrow(&t);
    let first = t.lines().next().unwrap();
    assert!(
        first.starts_with("Bilverkstan i Åby AB") && first.ends_with("KVITTO"),
        "{t}"
    );
    let head = line_with(&t, "Beskrivning");
    for h in ["Art.nr", "Antal", "Moms", "Rabatt", "Belopp inkl. moms"] {
        assert!(head.contains(h), "{h} missing in {head:?}");
    }
    let brake = line_with(&t, "Bromsbelägg fram");
    assert!(
        brake.starts_with("BB-2231") && brake.contains(" 2 st "),
        "{brake:?}"
    );
    assert!(
        brake.contains(" 25 % ") && brake.ends_with(" 3 125,00"),
        "{brake:?}"
    );
    let labour = line_with(&t, "Däckbyte");
    assert!(
        labour.contains("1,5 tim") && labour.contains("121,88"),
        "{labour:?}"
    );
    assert!(labour.ends_with("1 096,88"), "{labour:?}");
    // The amounts are in one column at the right edge.
    let ends = |l: &str| chars(l);
    assert_eq!(ends(brake), TEXT_WIDTH);
    assert_eq!(ends(labour), TEXT_WIDTH);
    assert_eq!(ends(line_with(&t, "Att betala")), TEXT_WIDTH);
    assert!(line_with(&t, "Moms 25 %").contains("3 427,40"));
    assert!(line_with(&t, "Moms 25 %").ends_with("856,85"));
    assert!(line_with(&t, "Summa moms").ends_with("856,85"));
    assert!(line_with(&t, "Totalt inkl. moms").ends_with("4 284,25"));
    assert!(line_with(&t, "Öresavrundning").ends_with("-0,25"));
    assert!(line_with(&t, "Att betala").ends_with("4 284,00"));
    // The total comes after the lines and the VAT.
    let pos = |s: &str| t.find(s).unwrap();
    assert!(pos("Miljöavgift") < pos("Moms 25 %") && pos("Moms 25 %") < pos("Att betala"));
}

#[test]
fn receipt_without_discounts_articles_or_rounding_has_no_such_columns_or_lines() {
    let mut r = receipt();
    for l in &mut r.lines {
        l.discount = Money::ZERO;
        l.article_no = None;
    }
    r.rounding = Money::ZERO;
    r.to_pay = r.total;
    r.method = PaymentMethod::Kort;
    let t = receipt_text(&r, false, Lang::Sv, DbKind::Real);
    assert!(!t.contains("Rabatt") && !t.contains("Art.nr"), "{t}");
    assert!(
        !t.contains("Öresavrundning") && !t.contains("Totalt inkl. moms"),
        "{t}"
    );
    assert!(line_with(&t, "Att betala").ends_with("4 284,25"));
    assert!(line_with(&t, "Bromsbelägg fram").starts_with("Bromsbelägg fram"));
}

#[test]
fn long_descriptions_and_codes_wrap_within_the_width() {
    let mut r = receipt();
    r.lines[0].description =
        "Bromsbelägg fram med slitagevarnare och monteringssats, original".repeat(2);
    r.lines[0].article_no = Some("ART-000123-LÅNGT-NUMMER".into());
    r.control_code = "ABCDEF0123456789".repeat(8);
    r.seller.name =
        "Bilverkstan i Åby med ett mycket långt företagsnamn som inte får plats AB".into();
    for lang in [Lang::Sv, Lang::En] {
        for copy in [false, true] {
            assert_narrow(&receipt_text(&r, copy, lang, DbKind::Demo));
        }
    }
    let t = receipt_text(&r, false, Lang::Sv, DbKind::Real);
    assert!(
        t.contains("original") && t.contains("ABCDEF0123456789"),
        "{t}"
    );
}

#[test]
fn report_text_has_a_row_for_every_figure() {
    let t = register_report_text(&report(), Lang::Sv, DbKind::Real);
    assert_narrow(&t);
    assert!(
        t.lines().next().unwrap().ends_with("Z-dagrapport nr 3"),
        "{t}"
    );
    for (label, figure) in [
        ("Försäljning", "38 450,00"),
        ("Returer", "3 125,00"),
        ("Netto", "35 325,00"),
        ("Arbete", "20 000,00"),
        ("Artikel", "14 000,00"),
        ("Övrigt", "1 325,25"),
        ("Summa moms", "7 065,05"),
        ("Kontant", "0,00"),
        ("Kort", "3 125,00"),
        ("Mobilbetalning (Resurs)", "0,00"),
        ("Växelkassa", "2 000,00"),
        ("Sålda varor", "31"),
        ("Sålda tjänster", "22"),
        ("Antal kvitton", "25"),
        ("Lådöppningar", "9"),
        ("Kvittokopior", "4 284,00"),
        ("Övningskvitton", "1 500,00"),
        ("Proformakvitton", "9 800,00"),
        ("Ej avslutade försäljningar", "5 600,00"),
        ("Rabatter", "450,00"),
        ("Öresavrundning", "-0,25"),
        ("Övriga reducerande registreringar", "0,00"),
        ("Grand total försäljning", "1 254 300,00"),
        ("Grand total retur", "23 125,00"),
        ("Grand total netto", "1 231 175,00"),
    ] {
        row(&t, label, figure);
    }
    assert!(row(&t, "Försäljning", "38 450,00").contains(" 24 "));
    assert!(row(&t, "Returer", "3 125,00").contains(" 1 "));
    assert!(row(&t, "Moms 25 %", "7 065,05").contains("28 260,20"));
    assert!(row(&t, "Kort", "3 125,00").contains("22 000,00"));
    assert!(row(&t, "Kvittokopior", "4 284,00").contains(" 1 "));
    assert!(row(&t, "Övningskvitton", "1 500,00").contains(" 2 "));
}

#[test]
fn an_empty_x_report_says_so() {
    let mut r = report();
    r.kind = ReportKind::X;
    r.no = None;
    r.first_receipt = None;
    r.last_receipt = None;
    r.per_group.clear();
    r.vat.clear();
    r.per_method.clear();
    let t = register_report_text(&r, Lang::Sv, DbKind::Real);
    assert!(t.lines().next().unwrap().ends_with("X-dagrapport"), "{t}");
    assert!(t.contains("Inga kvitton") && t.contains("X-dagrapporten nollställer ingenting."));
    assert!(line_with(&t, "Summa moms").ends_with("0,00"));
    assert!(!t.contains("nr 3"));
    let s = register::slip(&r, Lang::En, DbKind::Demo);
    assert_eq!(s.name, "X daily report");
    assert!(s.marks.is_empty());
}

#[test]
fn receipt_and_report_pdfs_are_pdfs() {
    for copy in [false, true] {
        let b = receipt_pdf(&receipt(), copy, Lang::Sv, DbKind::Real).unwrap();
        assert!(b.starts_with(b"%PDF-"));
    }
    let b = register_report_pdf(&report(), Lang::En, DbKind::Demo).unwrap();
    assert!(b.starts_with(b"%PDF-"));
}
