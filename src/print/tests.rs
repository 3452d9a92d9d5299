use chrono::NaiveDate;

use super::font::*;
use super::pdf::*;
use super::sheet::*;
use super::text::*;
use super::*;
use crate::domain::invoice::{Buyer, Company, InvoiceKind, InvoiceLine};
use crate::domain::order::VatSum;
use crate::domain::{LineKind, Money, OrderLine, Percent, Quantity, Totals, VatRate};
use printpdf::{BuiltinFont, PdfDocument};

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
    discount: &str,
) -> OrderLine {
    OrderLine {
        kind,
        article_no: art.map(str::to_string),
        description: desc.into(),
        quantity: Quantity::parse(qty).unwrap(),
        unit: unit.into(),
        unit_price: Money::parse(price).unwrap(),
        discount: Percent::parse(discount).unwrap(),
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
            "1250",
            "0",
        ),
        line(
            LineKind::Arbete,
            None,
            "Däckbyte",
            "1,5",
            "tim",
            "650",
            "10",
        ),
        line(
            LineKind::Ovrigt,
            None,
            "Miljöavgift",
            "1",
            "st",
            "49,90",
            "0",
        ),
    ]
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

/// A booked sale of `order_lines` paid with `method`.
fn sale(method: PaymentMethod, order_lines: Vec<OrderLine>) -> Invoice {
    let t = Totals::of(&order_lines);
    let (to_pay, rounding) = if method == PaymentMethod::Kontant {
        t.total.cash_rounded()
    } else {
        (t.total, Money::ZERO)
    };
    let invoice = method == PaymentMethod::Faktura;
    Invoice {
        no: 1001,
        kind: InvoiceKind::Faktura,
        order_nr: 512,
        date: day("2026-03-02"),
        method,
        seller: company(),
        buyer: Buyer {
            customer_no: 1042,
            name: "Åsa Öberg".into(),
            street: "Storgatan 2".into(),
            postal_code: "114 55".into(),
            city: "Stockholm".into(),
            national_id: None,
            vat_no: None,
        },
        regnr: Some("ABC123".into()),
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
        ocr: invoice.then(|| "100127".to_string()),
        due_date: invoice.then(|| day("2026-04-01")),
        original: None,
        voucher_no: 7,
        paid_at: None,
        supply_date: None,
        reverse_charge: false,
    }
}

/// A credit of the first line of a FAKTURA.
fn credit() -> Invoice {
    let original = sale(PaymentMethod::Faktura, lines());
    let taken = vec![original.lines[0].line.clone()];
    let t = Totals::of(&taken);
    Invoice {
        no: 1005,
        kind: InvoiceKind::Kredit,
        date: day("2026-03-10"),
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

fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in\n{text}"))
}

fn assert_narrow(text: &str) {
    for l in text.lines() {
        assert!(chars(l) <= TEXT_WIDTH, "{} wide: {l:?}", chars(l));
    }
}

#[test]
fn text_faktura_has_seller_buyer_lines_vat_ocr_and_due_date() {
    let inv = sale(PaymentMethod::Faktura, lines());
    assert_eq!(inv.total, Money::parse("4284,25").unwrap());
    let t = render_text(&inv, Lang::Sv);
    assert_narrow(&t);
    let first = t.lines().next().unwrap();
    assert!(first.starts_with("Bilverkstan i Åby AB") && first.ends_with("FAKTURA"));
    for needle in [
        "Verkstadsvägen 12, 123 45 Åby",
        "Org.nr 556677-8899 · Momsreg.nr SE556677889901 · Godkänd för F-skatt",
        "Tel 08-123 45 67 · E-post info@bilverkstan.se · Bankgiro 123-4566",
        "Åsa Öberg",
        "Storgatan 2",
        "114 55 Stockholm",
    ] {
        assert!(t.contains(needle), "{needle:?} missing in\n{t}");
    }
    assert!(line_with(&t, "Fakturanr").contains("1001"));
    assert!(line_with(&t, "Fakturadatum").contains("2026-03-02"));
    assert!(line_with(&t, "Kundnr").contains("1042"));
    assert!(line_with(&t, "Ordernr").contains("512"));
    assert!(line_with(&t, "Reg.nr").contains("ABC123"));

    let head = line_with(&t, "Beskrivning");
    for h in [
        "Art.nr", "Antal", "Enhet", "À-pris", "Rabatt", "Moms", "Belopp",
    ] {
        assert!(head.contains(h), "{h} missing in {head:?}");
    }
    let brake = line_with(&t, "Bromsbelägg fram");
    assert!(brake.starts_with("BB-2231"), "{brake:?}");
    assert!(brake.contains(" 2 st "), "{brake:?}");
    assert!(
        brake.contains(" 1 250,00 ") && brake.ends_with(" 25 % 2 500,00"),
        "{brake:?}"
    );
    let tyres = line_with(&t, "Däckbyte");
    assert!(
        tyres.contains("1,5 tim") && tyres.contains("650,00"),
        "{tyres:?}"
    );
    assert!(
        tyres.contains("10 %") && tyres.ends_with("877,50"),
        "{tyres:?}"
    );

    let vat = line_with(&t, "Moms 25 %");
    assert!(
        vat.contains("3 427,40") && vat.ends_with("856,85"),
        "{vat:?}"
    );
    assert!(line_with(&t, "Summa exkl. moms").ends_with("3 427,40"));
    assert!(line_with(&t, "Summa moms").ends_with("856,85"));
    assert!(line_with(&t, "Totalt inkl. moms").ends_with("4 284,25"));
    assert!(!t.contains("Öresavrundning"));

    let pay = t.split("Betalningsinformation:").nth(1).expect(&t);
    assert!(line_with(pay, "Bankgiro").ends_with("123-4566"));
    assert!(line_with(pay, "OCR").ends_with("100127"));
    assert!(line_with(pay, "Förfallodag").ends_with("2026-04-01"));
    assert!(line_with(pay, "Att betala").ends_with("4 284,25 kr"));
    assert!(!t.contains("KVITTO") && !t.contains("Kredit"));
}

#[test]
fn text_credit_shows_negative_amounts_and_the_original() {
    let inv = credit();
    let t = render_text(&inv, Lang::Sv);
    assert_narrow(&t);
    assert!(t.lines().next().unwrap().ends_with("KREDITFAKTURA"));
    assert!(
        t.contains("Krediterar faktura 1001 daterad 2026-03-02"),
        "{t}"
    );
    assert!(t.contains("Kredit – negativa belopp"));
    assert!(line_with(&t, "Fakturanr").contains("1005"));
    assert!(line_with(&t, "Fakturadatum").contains("2026-03-10"));
    // Quantity and unit price as on the order, the amount negative.
    let brake = line_with(&t, "Bromsbelägg fram");
    assert!(brake.contains(" 2 st "), "{brake:?}");
    assert!(brake.contains(" 1 250,00 "), "{brake:?}");
    assert!(brake.ends_with(" -2 500,00"), "{brake:?}");
    assert!(!t.contains("Däckbyte"));
    let vat = line_with(&t, "Moms 25 %");
    assert!(
        vat.contains("-2 500,00") && vat.ends_with("-625,00"),
        "{vat:?}"
    );
    assert!(line_with(&t, "Kredit inkl. moms").ends_with("-3 125,00"));
    // No payment slip on a credit.
    assert!(!t.contains("OCR") && !t.contains("Förfallodag"));
    assert!(line_with(&t, "Betalsätt").ends_with("Faktura"));
}

#[test]
fn text_credit_lines_add_up_to_the_totals() {
    let mut inv = credit();
    let original = sale(PaymentMethod::Faktura, lines());
    inv.lines = original.lines.clone();
    let t = Totals::of(&lines());
    inv.per_rate = vec![VatSum {
        rate: VatRate::R25,
        net: -t.net,
        vat: -t.vat,
    }];
    inv.net = -t.net;
    inv.vat = -t.vat;
    inv.total = -t.total;
    inv.to_pay = -t.total;
    let text = render_text(&inv, Lang::Sv);
    let amounts: Money = ["Bromsbelägg fram", "Däckbyte", "Miljöavgift"]
        .iter()
        .map(|d| {
            // The amount is what follows the VAT rate.
            let l = line_with(&text, d);
            Money::parse(l.rsplit(" % ").next().unwrap()).unwrap()
        })
        .sum();
    assert_eq!(amounts, inv.net);
    assert!(line_with(&text, "Summa exkl. moms").ends_with("-3 427,40"));
}

#[test]
fn text_cash_receipt_shows_rounding_and_payment_method() {
    let inv = sale(PaymentMethod::Kontant, lines());
    assert_eq!(inv.rounding, Money::parse("-0,25").unwrap());
    let t = render_text(&inv, Lang::Sv);
    assert_narrow(&t);
    assert!(t.lines().next().unwrap().ends_with("KVITTO"));
    assert!(line_with(&t, "Kvittonr").contains("1001"));
    assert!(line_with(&t, "Datum").contains("2026-03-02"));
    assert!(line_with(&t, "Totalt inkl. moms").ends_with("4 284,25"));
    assert!(line_with(&t, "Öresavrundning").ends_with("-0,25"));
    assert!(line_with(&t, "Att betala").ends_with("4 284,00"));
    assert!(line_with(&t, "Betalsätt").ends_with("Kontant"));
    assert!(!t.contains("OCR") && !t.contains("Förfallodag") && !t.contains("FAKTURA"));
}

/// A credit invoice of `taken` (lines of `original`), as crediting makes it.
fn credit_of(original: &Invoice, taken: Vec<OrderLine>) -> Invoice {
    let s = sale(original.method, taken);
    Invoice {
        no: 1005,
        kind: InvoiceKind::Kredit,
        date: day("2026-03-10"),
        lines: s.lines,
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
fn text_credit_of_a_cash_receipt_says_kvitto_and_what_is_paid_back() {
    let mut small = line(
        LineKind::Artikel,
        None,
        "Ventilhatt",
        "1",
        "st",
        "0,30",
        "0",
    );
    let big = line(
        LineKind::Artikel,
        None,
        "Bromsskivor",
        "1",
        "st",
        "479,50",
        "0",
    );
    let original = sale(PaymentMethod::Kontant, vec![small.clone(), big.clone()]);
    assert_eq!(original.to_pay, Money::parse("600").unwrap());

    // 0,38 kr credited in cash: nothing to pay back, never "Att betala".
    let c = credit_of(&original, vec![small.clone()]);
    let t = render_text(&c, Lang::Sv);
    assert_narrow(&t);
    assert!(t.lines().next().unwrap().ends_with("KREDITFAKTURA"));
    assert!(
        t.contains("Krediterar kvitto 1001 daterat 2026-03-02"),
        "{t}"
    );
    assert!(!t.contains("Krediterar faktura"), "{t}");
    assert!(line_with(&t, "Kredit inkl. moms").ends_with("-0,38"));
    assert!(line_with(&t, "Öresavrundning").ends_with("0,38"));
    assert!(line_with(&t, "Att återbetala").ends_with(" 0,00"));
    assert!(!t.contains("Att betala"), "{t}");
    assert!(line_with(&t, "Betalsätt").ends_with("Kontant"));

    // The other line alone (479,50 + 119,88): 599,38 paid back as 599 kr, a positive amount.
    let c = credit_of(&original, vec![big.clone()]);
    let t = render_text(&c, Lang::Sv);
    assert!(line_with(&t, "Kredit inkl. moms").ends_with("-599,38"));
    assert!(line_with(&t, "Öresavrundning").ends_with("0,38"));
    assert!(line_with(&t, "Att återbetala").ends_with(" 599,00"));
    assert!(!t.contains("Att betala"));
    let t = render_text(&c, Lang::En);
    assert!(t.contains("Credits receipt 1001 dated 2026-03-02"), "{t}");
    assert!(line_with(&t, "To pay back").ends_with(" 599,00"));

    // By card: no rounding, the whole credit paid back.
    small.unit_price = Money::parse("100").unwrap();
    let original = sale(PaymentMethod::Kort, vec![small.clone(), big]);
    let t = render_text(&credit_of(&original, vec![small]), Lang::Sv);
    assert!(t.contains("Krediterar kvitto 1001"), "{t}");
    assert!(!t.contains("Öresavrundning"));
    assert!(line_with(&t, "Att återbetala").ends_with(" 125,00"));
    assert!(line_with(&t, "Betalsätt").ends_with("Kort"));
}

#[test]
fn text_credit_of_an_invoice_says_faktura_and_has_no_pay_back_line() {
    let t = render_text(&credit(), Lang::Sv);
    assert!(t.contains("Krediterar faktura 1001"));
    assert!(!t.contains("Krediterar kvitto"));
    assert!(
        !t.contains("Att återbetala") && !t.contains("Att betala"),
        "{t}"
    );
}

#[test]
fn text_mobile_receipt_shows_resurs_and_when_it_was_paid() {
    let mut inv = sale(PaymentMethod::Mobil, lines());
    inv.paid_at = Some("2026-03-02 14:05".into());
    let t = render_text(&inv, Lang::Sv);
    assert!(line_with(&t, "Betalsätt").ends_with("Mobilbetalning (Resurs)"));
    assert!(line_with(&t, "Betald").ends_with("2026-03-02 14:05"));
    assert!(!t.contains("Öresavrundning"));
    let t = render_text(&sale(PaymentMethod::Kort, lines()), Lang::Sv);
    assert!(line_with(&t, "Betalsätt").ends_with("Kort"));
}

#[test]
fn text_in_english() {
    let t = render_text(&sale(PaymentMethod::Faktura, lines()), Lang::En);
    assert_narrow(&t);
    assert!(t.lines().next().unwrap().ends_with("INVOICE"));
    assert!(line_with(&t, "Invoice no.").contains("1001"));
    assert!(line_with(&t, "Invoice date").contains("2026-03-02"));
    assert!(line_with(&t, "Due date").contains("2026-04-01"));
    assert!(line_with(&t, "VAT 25 %").ends_with("856,85"));
    assert!(line_with(&t, "Total incl. VAT").ends_with("4 284,25"));
    assert!(line_with(&t, "OCR reference").ends_with("100127"));
    assert!(t.contains("Org. no. 556677-8899") && t.contains("VAT reg. no. SE556677889901"));
    assert!(t.contains("Approved for F-skatt"));
    for sv in [
        "Fakturadatum",
        "Förfallodag",
        "Summa",
        "Beskrivning",
        "Betalsätt",
    ] {
        assert!(!t.contains(sv), "{sv} in English text\n{t}");
    }
    let t = render_text(&credit(), Lang::En);
    assert!(t.contains("CREDIT INVOICE") && t.contains("Credits invoice 1001 dated 2026-03-02"));
    let t = render_text(&sale(PaymentMethod::Kontant, lines()), Lang::En);
    assert!(t.contains("RECEIPT") && line_with(&t, "Rounding").ends_with("-0,25"));
    assert!(line_with(&t, "Payment method").ends_with("Cash"));
}

#[test]
fn text_wraps_long_descriptions_and_stays_narrow() {
    let mut many: Vec<OrderLine> = (1..=20)
        .map(|i| {
            line(
                LineKind::Artikel,
                Some(&format!("ART-{i:05}-LÅNGT-NUMMER")),
                &format!("Reservdel nummer {i} med en mycket lång beskrivning som inte får plats"),
                "12,25",
                "st",
                "123456,78",
                "12,5",
            )
        })
        .collect();
    many[0].vat = VatRate::R12;
    let mut inv = sale(PaymentMethod::Faktura, many);
    inv.buyer.name = "Förnamn Efternamn med ett väldigt långt namn och ännu fler ord".into();
    let t = render_text(&inv, Lang::Sv);
    assert_narrow(&t);
    assert!(t.contains("ART-00020-"));
    assert!(t.contains("Reservdel nummer 20") && t.contains("plats"));
    let vat12 = line_with(&t, "Moms 12 %");
    assert!(
        vat12.contains(" 1 323 302,36 ") && vat12.ends_with(" 158 796,28"),
        "{t}"
    );
    assert!(t.contains("Förnamn Efternamn") && t.contains("fler ord"));
    let spans = t.matches("Reservdel nummer").count();
    assert_eq!(spans, 20);
}

#[test]
fn no_discount_column_without_discounts() {
    let plain: Vec<OrderLine> = lines()
        .into_iter()
        .map(|mut l| {
            l.discount = Percent::ZERO;
            l
        })
        .collect();
    let t = render_text(&sale(PaymentMethod::Faktura, plain), Lang::Sv);
    assert!(!t.contains("Rabatt"));
    assert!(line_with(&t, "Däckbyte").ends_with("975,00"));
}

#[test]
fn win_ansi_keeps_swedish_and_folds_the_rest() {
    assert_eq!(
        win_ansi("Bromsbelägg – Åsa Öberg"),
        "Bromsbelägg – Åsa Öberg"
    );
    assert_eq!(win_ansi("Łukasz Wałęsa"), "Lukasz Walesa");
    assert_eq!(win_ansi("5 − 3 → 2\nx"), "5 - 3 ? 2 x");
    assert!("åäöÅÄÖé–€".chars().all(is_win_ansi));
}

#[test]
fn widths_match_the_standard_fonts() {
    // The fonts printpdf ships as stand-ins for the standard 14 carry their metrics.
    for (face, font) in [
        (Face::Regular, BuiltinFont::Helvetica),
        (Face::Bold, BuiltinFont::HelveticaBold),
    ] {
        let parsed = font.get_parsed_font().expect("bundled font");
        let upem = f32::from(parsed.pdf_font_metrics.units_per_em);
        for c in ('!'..='~').chain("åäöÅÄÖéü–".chars()) {
            let gid = parsed.lookup_glyph_index(c as u32).expect("glyph");
            let w = f32::from(parsed.get_glyph_width(gid).expect("width")) * 1000.0 / upem;
            let ours = f32::from(char_width(c, face));
            assert!(
                (w - ours).abs() <= 2.0,
                "{face:?} {c:?}: ours {ours}, font {w}"
            );
        }
    }
}

#[test]
fn pdf_is_a_pdf_and_grows_pages_with_lines() {
    let one = render_pdf(&sale(PaymentMethod::Faktura, lines()), Lang::Sv).unwrap();
    assert!(one.starts_with(b"%PDF-"));
    let many: Vec<OrderLine> = (0..80).flat_map(|_| lines()).take(80).collect();
    let big = render_pdf(&sale(PaymentMethod::Faktura, many), Lang::Sv).unwrap();
    let pages = |b: &[u8]| {
        PdfDocument::parse(b, &Default::default(), &mut Vec::new())
            .unwrap()
            .pages
            .len()
    };
    assert_eq!(pages(&one), 1);
    assert!(pages(&big) >= 3, "{} pages", pages(&big));
}

#[test]
fn error_messages_in_both_languages() {
    let e = PrintError::Pdf("x".into());
    assert_eq!(e.message(Lang::Sv), "PDF-filen kunde inte skapas: x");
    assert_eq!(e.message(Lang::En), "The PDF file could not be made: x");
    assert_eq!(e.to_string(), "PDF-filen kunde inte skapas: x");
    assert_eq!(
        PrintError::Empty.message(Lang::Sv),
        "PDF-filen kunde inte skapas: ingen PDF-data"
    );
    assert_eq!(
        PrintError::Empty.message(Lang::En),
        "The PDF file could not be made: no PDF data"
    );
}
