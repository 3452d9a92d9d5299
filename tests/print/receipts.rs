//! The cash register's receipts as a user reads them: the text, the PDF through an independent
//! reader (pdf-extract), and the marks' size read back from the PDF's content streams.

use super::cash::*;
use verkstad::domain::register::ReceiptKind;
use verkstad::domain::{DbKind, Lang, LineKind};
use verkstad::print::{receipt_pdf, receipt_text, register_report_pdf, register_report_text};

// ---------------------------------------------------------------------------------------------
// The receipt's content (SKVFS 2014:9 7 kap. 1 §)

#[test]
fn a_receipt_shows_every_item_the_law_asks_for() {
    let t = receipt_text(&sale(), false, Lang::Sv, DbKind::Real);
    assert_narrow(&t);
    let has = |item: &str, needle: &str| {
        assert!(t.contains(needle), "{item}: {needle:?} missing in\n{t}");
    };
    assert!(t.lines().next().unwrap().ends_with("KVITTO"), "title\n{t}");
    has("1 company name", "Däck & Service i Älvsjö AB");
    has("1 org.nr", "Org.nr 559012-3456");
    has("2 point of sale address", "Gränsvägen 3, 125 30 Älvsjö");
    has("3 date and time", "2026-11-30 10:15");
    has("4 receipt number", "Kvitto nr 17");
    has("5 register id", "Kassa KASSA-1");
    has("6 item name", "Bromsbelägg fram");
    has("6 item quantity", " 2 st ");
    has("7 service name", "Däckbyte");
    has("7 service quantity", "1,5 tim");
    has("8 amounts include VAT", "Belopp inkl. moms");
    assert!(
        line_with(&t, "Bromsbelägg fram").ends_with(" 3 125,00"),
        "8 the item's amount incl. VAT\n{t}"
    );
    assert!(
        line_with(&t, "Däckbyte").ends_with(" 1 096,88"),
        "8 the service's amount incl. VAT\n{t}"
    );
    assert!(
        line_with(&t, "Miljöavgift").ends_with(" 62,37"),
        "8 the fee's amount incl. VAT\n{t}"
    );
    assert!(
        line_with(&t, "Däckbyte").contains(" 121,88 "),
        "the discount given\n{t}"
    );
    assert!(
        line_with(&t, "Att betala").ends_with(" 4 284,00"),
        "8 total to pay\n{t}"
    );
    assert!(
        line_with(&t, "Totalt inkl. moms").ends_with(" 4 284,25"),
        "the total before rounding\n{t}"
    );
    assert!(
        line_with(&t, "Öresavrundning").ends_with(" -0,25"),
        "the cash rounding\n{t}"
    );
    assert!(
        line_with(&t, "Summa moms").ends_with(" 856,85"),
        "9 the VAT amount\n{t}"
    );
    let vat = line_with(&t, "Moms 25 %");
    assert!(
        vat.contains(" 3 427,40 ") && vat.ends_with(" 856,85"),
        "10 VAT per rate with its net\n{t}"
    );
    has("11 payment method", "Betalsätt Kontant");
    has("12 control unit", "Kontrollenhet CU-SE-0012345");
    has("control code", "Kontrollkod 7F3A9C21E0B4D568");
    has("order nr", "Ordernr 880");
    has("regnr", "Reg.nr XYZ789");
    has("customer", "Kund Östen Järvholm");
    has("momsreg.nr", "Momsreg.nr SE559012345601");
    for pnr in ["19800101", "800101-", "Person"] {
        assert!(
            !t.contains(pnr),
            "a receipt never shows a personnummer\n{t}"
        );
    }
    for mark in ["KOPIA", "ÖVNING", "EJ KVITTO", "DEMO"] {
        assert!(!t.contains(mark), "an original says no {mark}\n{t}");
    }
}

#[test]
fn a_receipt_in_english() {
    let t = receipt_text(&sale(), true, Lang::En, DbKind::Real);
    assert_narrow(&t);
    for needle in [
        "RECEIPT",
        "Receipt no. 17",
        "Register KASSA-1",
        "Amount incl. VAT",
        "Payment method Cash",
        "Control unit CU-SE-0012345",
        "Control code 7F3A9C21E0B4D568",
        " COPY ",
    ] {
        assert!(t.contains(needle), "{needle:?} missing in\n{t}");
    }
    assert!(line_with(&t, "To pay").ends_with(" 4 284,00"));
    for sv in ["Kvitto", "Kassa ", "Betalsätt", "KOPIA"] {
        assert!(!t.contains(sv), "{sv} in the English receipt\n{t}");
    }
}

#[test]
fn a_return_receipt_names_its_original_with_negative_amounts() {
    let t = receipt_text(&return_receipt(), false, Lang::Sv, DbKind::Real);
    assert_narrow(&t);
    assert!(t.lines().next().unwrap().ends_with("RETURKVITTO"), "{t}");
    assert!(
        t.contains("Kvitto nr 18") && t.contains("Retur av kvitto nr 17"),
        "{t}"
    );
    assert!(t.contains("2026-12-01 09:40"));
    assert!(line_with(&t, "Bromsbelägg fram").ends_with(" -3 125,00"));
    let vat = line_with(&t, "Moms 25 %");
    assert!(
        vat.contains(" -2 500,00 ") && vat.ends_with(" -625,00"),
        "{vat:?}"
    );
    assert!(line_with(&t, "Summa retur").ends_with(" -3 125,00"), "{t}");
    assert!(
        !t.contains("Att betala") && !t.contains("Öresavrundning"),
        "{t}"
    );
    assert!(t.contains("Betalsätt Kort"));
    let pdf = extract(&receipt_pdf(&return_receipt(), false, Lang::Sv, DbKind::Real).unwrap());
    assert!(
        pdf.contains("RETURKVITTO") && pdf.contains("Retur av kvitto nr 17"),
        "{pdf}"
    );
    assert!(
        line_with(&pdf, "Summa retur").ends_with("-3 125,00"),
        "{pdf}"
    );
}

// ---------------------------------------------------------------------------------------------
// The marks: KOPIA, ÖVNING, EJ KVITTO

#[test]
fn copies_training_and_pro_forma_receipts_say_so_in_text_and_pdf() {
    let mut training = sale();
    training.training = true;
    training.invoice_no = None;
    let mut pro_forma = sale();
    pro_forma.kind = ReceiptKind::ProForma;
    pro_forma.invoice_no = None;
    for (r, copy, mark) in [
        (sale(), true, "KOPIA"),
        (training.clone(), false, "ÖVNING"),
        (pro_forma.clone(), false, "EJ KVITTO"),
    ] {
        let t = receipt_text(&r, copy, Lang::Sv, DbKind::Real);
        assert_narrow(&t);
        // Framed at the top and again at the bottom, below the total.
        let framed: Vec<usize> = t
            .lines()
            .enumerate()
            .filter(|(_, l)| l.starts_with("===") && l.contains(&format!(" {mark} ")))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(framed.len(), 2, "{mark} framed twice\n{t}");
        let total = t.lines().position(|l| l.contains("Att betala")).unwrap();
        assert!(
            framed[0] < 2 && framed[1] > total,
            "{mark} at top and bottom\n{t}"
        );
        // In block letters: five lines of '#' each time.
        assert_eq!(t.lines().filter(|l| l.contains('#')).count() % 5, 0);
        assert!(t.lines().filter(|l| l.contains('#')).count() >= 10, "{t}");
        let pdf = extract(&receipt_pdf(&r, copy, Lang::Sv, DbKind::Real).unwrap());
        assert!(
            pdf.matches(mark).count() >= 2,
            "{mark} twice in the PDF\n{pdf}"
        );
    }
    let t = receipt_text(&training, false, Lang::Sv, DbKind::Real);
    assert!(t.contains("Övningskvitto – inte en försäljning"), "{t}");
    assert!(!t.contains("KOPIA") && !t.contains("EJ KVITTO"));
    let t = receipt_text(&pro_forma, false, Lang::Sv, DbKind::Real);
    assert!(t.lines().any(|l| l.ends_with("PROFORMAKVITTO")), "{t}");
    assert!(!t.contains("KOPIA") && !t.contains("ÖVNING"));
    let t = receipt_text(&pro_forma, false, Lang::En, DbKind::Real);
    assert!(t.contains(" NOT A RECEIPT "), "{t}");

    // The original says none of them, in the text or the PDF.
    let pdf = extract(&receipt_pdf(&sale(), false, Lang::Sv, DbKind::Real).unwrap());
    for mark in ["KOPIA", "ÖVNING", "EJ KVITTO"] {
        assert!(!pdf.contains(mark), "{mark} on an original\n{pdf}");
    }
    assert!(!receipt_text(&sale(), false, Lang::Sv, DbKind::Real).contains('#'));
}

#[test]
fn the_pdf_mark_is_at_least_twice_the_size_of_the_amounts() {
    let r = sale();
    let bytes = receipt_pdf(&r, true, Lang::Sv, DbKind::Real).unwrap();
    assert!(extract(&bytes).contains("KOPIA"));
    let texts = shown(&bytes);
    let marks: Vec<f32> = texts
        .iter()
        .filter(|(_, t)| t == "KOPIA")
        .map(|(s, _)| *s)
        .collect();
    assert!(
        marks.len() >= 2,
        "the mark at the top and below the total: {texts:?}"
    );
    let amounts: Vec<String> = r
        .lines
        .iter()
        .map(|l| l.amount)
        .chain([r.total, r.rounding, r.to_pay, r.vat()])
        .chain(r.per_rate.iter().map(|v| v.net))
        .map(|m| m.to_string())
        .collect();
    let sizes: Vec<f32> = texts
        .iter()
        .filter(|(_, t)| amounts.contains(t))
        .map(|(s, _)| *s)
        .collect();
    for a in &amounts {
        assert!(
            texts.iter().any(|(_, t)| t == a),
            "amount {a} not shown: {texts:?}"
        );
    }
    let mark = marks.iter().copied().fold(f32::INFINITY, f32::min);
    let biggest = sizes.iter().copied().fold(0.0, f32::max);
    assert!(biggest > 0.0);
    assert!(
        mark >= 2.0 * biggest,
        "the mark is {mark} pt, the largest amount {biggest} pt"
    );
    // The total to pay is the largest amount, and the mark is still twice its size.
    let total = texts
        .iter()
        .find(|(_, t)| *t == r.to_pay.to_string())
        .unwrap()
        .0;
    assert_eq!(total, biggest);

    // Training and pro forma too, in English.
    let mut p = sale();
    p.training = true;
    p.kind = ReceiptKind::ProForma;
    let texts = shown(&receipt_pdf(&p, false, Lang::En, DbKind::Real).unwrap());
    for word in ["TRAINING", "NOT A RECEIPT"] {
        let sizes: Vec<f32> = texts
            .iter()
            .filter(|(_, t)| t == word)
            .map(|(s, _)| *s)
            .collect();
        assert!(
            sizes.len() >= 2 && sizes.iter().all(|s| *s >= 2.0 * biggest),
            "{word}: {sizes:?}"
        );
    }
}

#[test]
fn a_receipt_pdf_carries_what_the_text_says() {
    let r = sale();
    let pdf = extract(&receipt_pdf(&r, false, Lang::Sv, DbKind::Real).unwrap());
    for needle in [
        "KVITTO",
        "Däck & Service i Älvsjö AB",
        "Org.nr 559012-3456",
        "Gränsvägen 3, 125 30 Älvsjö",
        "Kvitto nr 17",
        "Datum 2026-11-30 10:15",
        "Kassa KASSA-1",
        "Ordernr 880",
        "Reg.nr XYZ789",
        "Kund Östen Järvholm",
        "Betalsätt Kontant",
        "Kontrollenhet CU-SE-0012345",
        "Kontrollkod 7F3A9C21E0B4D568",
    ] {
        assert!(pdf.contains(needle), "{needle:?} missing in the PDF\n{pdf}");
    }
    assert_eq!(
        line_with(&pdf, "Bromsbelägg fram"),
        "BB-2231 Bromsbelägg fram 2 st 25 % 3 125,00"
    );
    assert_eq!(
        line_with(&pdf, "Däckbyte"),
        "Däckbyte 1,5 tim 25 % 121,88 1 096,88"
    );
    assert_eq!(line_with(&pdf, "Moms 25 %"), "Moms 25 % 3 427,40 856,85");
    assert!(line_with(&pdf, "Summa moms").ends_with("856,85"));
    assert!(line_with(&pdf, "Totalt inkl. moms").ends_with("4 284,25"));
    assert!(line_with(&pdf, "Öresavrundning").ends_with("-0,25"));
    assert!(line_with(&pdf, "Att betala").ends_with("4 284,00"));
    assert!(pdf.contains("Sida 1 av 1"));
    assert!(
        !pdf.contains('?'),
        "a character did not survive WinAnsi\n{pdf}"
    );
}

#[test]
fn a_demo_databases_receipt_and_report_say_demo() {
    let t = receipt_text(&sale(), false, Lang::Sv, DbKind::Demo);
    assert!(
        t.starts_with("*** DEMO – inget riktigt kassaregister ***\n\n"),
        "{t}"
    );
    let pdf = extract(&receipt_pdf(&sale(), true, Lang::En, DbKind::Demo).unwrap());
    assert!(pdf.contains("DEMO – not a real cash register"), "{pdf}");
    let t = register_report_text(&z_report(), Lang::Sv, DbKind::Demo);
    assert!(t.starts_with("*** DEMO"), "{t}");
    let pdf = extract(&register_report_pdf(&z_report(), Lang::Sv, DbKind::Demo).unwrap());
    assert!(pdf.contains("DEMO – inget riktigt kassaregister"), "{pdf}");
    assert!(!register_report_text(&z_report(), Lang::Sv, DbKind::Real).contains("DEMO"));
}

#[test]
fn a_long_receipt_continues_on_more_pages_with_the_mark_on_each() {
    let mut r = sale();
    r.lines = (1..=70)
        .map(|i| {
            rline(
                LineKind::Artikel,
                Some(&format!("A{i:03}")),
                &format!("Reservdel {i} till främre hjulupphängningen"),
                "1",
                "st",
                "125",
                "0",
            )
        })
        .collect();
    let bytes = receipt_pdf(&r, true, Lang::Sv, DbKind::Real).unwrap();
    let pages = pdf_extract::extract_text_from_mem_by_pages(&bytes).unwrap();
    assert!(pages.len() >= 2, "{} pages", pages.len());
    let n = pages.len();
    for (i, p) in pages.iter().enumerate() {
        assert!(p.contains("KOPIA"), "page {i}:\n{p}");
        assert!(
            p.contains(&format!("Sida {} av {n}", i + 1)),
            "page {i}:\n{p}"
        );
    }
    let all = pages.concat();
    for i in 1..=70 {
        assert!(
            all.contains(&format!("Reservdel {i} till")),
            "line {i} missing"
        );
    }
    assert!(pages[n - 1].contains("Att betala"));
    assert_narrow(&receipt_text(&r, true, Lang::Sv, DbKind::Real));
}

// ---------------------------------------------------------------------------------------------
// Snapshots: how the printouts look

#[test]
fn snapshots_of_receipts_and_a_z_report() {
    insta::assert_snapshot!(
        "receipt_sale",
        receipt_text(&sale(), false, Lang::Sv, DbKind::Real)
    );
    insta::assert_snapshot!(
        "receipt_copy",
        receipt_text(&sale(), true, Lang::Sv, DbKind::Real)
    );
    insta::assert_snapshot!(
        "receipt_return",
        receipt_text(&return_receipt(), false, Lang::Sv, DbKind::Real)
    );
    insta::assert_snapshot!(
        "z_report",
        register_report_text(&z_report(), Lang::Sv, DbKind::Real)
    );
}
