//! The cash register's X and Z day reports as a user reads them, in text and PDF.

use super::cash::*;
use verkstad::domain::register::ReportKind;
use verkstad::domain::{DbKind, Lang};
use verkstad::print::{register_report_pdf, register_report_text};

// ---------------------------------------------------------------------------------------------
// X and Z day reports (SKVFS 2014:9 7 kap. 2–3 §§)

#[test]
fn a_z_report_shows_every_field_with_its_label() {
    let t = register_report_text(&z_report(), Lang::Sv, DbKind::Real);
    assert_narrow(&t);
    assert!(
        t.lines().next().unwrap().ends_with("Z-dagrapport nr 3"),
        "{t}"
    );
    for needle in [
        "Däck & Service i Älvsjö AB",
        "Org.nr 559012-3456",
        "Datum 2026-11-30",
        "Skapad 2026-11-30 18:02",
        "Kassa KASSA-1",
        "Kvitton nr 17–42",
        "Z-dagrapporten avslutar perioden.",
    ] {
        assert!(t.contains(needle), "{needle:?} missing in\n{t}");
    }
    for (label, count, figure) in [
        ("Försäljning", " 24 ", "38 450,00"),
        ("Returer", " 1 ", "3 125,00"),
        ("Netto", "", "35 325,00"),
        ("Arbete", "", "20 000,00"),
        ("Artikel", "", "14 000,00"),
        ("Övrigt", "", "1 325,25"),
        ("Moms 25 %", " 28 260,20 ", "7 065,05"),
        ("Summa moms", "", "7 065,05"),
        ("Kontant", " 8 450,00 ", "0,00"),
        ("Kort", " 22 000,00 ", "3 125,00"),
        ("Mobilbetalning (Resurs)", " 8 000,00 ", "0,00"),
        ("Växelkassa", "", "2 000,00"),
        ("Sålda varor", "", "31"),
        ("Sålda tjänster", "", "22"),
        ("Antal kvitton", "", "25"),
        ("Lådöppningar", "", "9"),
        ("Kvittokopior", " 1 ", "4 284,00"),
        ("Övningskvitton", " 2 ", "1 500,00"),
        ("Proformakvitton", " 1 ", "9 800,00"),
        ("Ej avslutade försäljningar", " 1 ", "5 600,00"),
        ("Rabatter", "", "450,00"),
        ("Öresavrundning", "", "-0,25"),
        ("Övriga reducerande registreringar", "", "0,00"),
        ("Grand total försäljning", "", "1 254 300,00"),
        ("Grand total retur", "", "23 125,00"),
        ("Grand total netto", "", "1 231 175,00"),
    ] {
        let l = row(&t, label, figure);
        assert!(l.contains(count), "{label}: {count:?} missing in {l:?}");
    }
    for heading in [
        "Försäljning per huvudgrupp (netto)",
        "Moms per momssats (netto)",
        "Försäljning och returer per betalsätt",
        "Särskilda registreringar",
    ] {
        assert!(t.contains(heading), "{heading:?} missing in\n{t}");
    }
}

#[test]
fn an_x_report_resets_nothing_and_reads_in_english() {
    let mut x = z_report();
    x.kind = ReportKind::X;
    x.no = None;
    let t = register_report_text(&x, Lang::Sv, DbKind::Real);
    assert!(t.lines().next().unwrap().ends_with("X-dagrapport"), "{t}");
    assert!(t.contains("X-dagrapporten nollställer ingenting."));
    assert!(!t.contains("Z-dagrapport"));
    let t = register_report_text(&x, Lang::En, DbKind::Real);
    assert_narrow(&t);
    for needle in [
        "X daily report",
        "The X report resets nothing.",
        "Change float",
        "Drawer openings",
        "Training receipts",
        "Other reducing registrations",
        "Grand total net",
        "Sales per main group (net)",
        "Labour",
    ] {
        assert!(t.contains(needle), "{needle:?} missing in\n{t}");
    }
    row(&t, "Grand total net", "1 231 175,00");
}

#[test]
fn a_z_report_pdf_carries_the_same_figures() {
    let r = z_report();
    let pdf = extract(&register_report_pdf(&r, Lang::Sv, DbKind::Real).unwrap());
    assert!(pdf.contains("Z-dagrapport nr 3"), "{pdf}");
    assert!(pdf.contains("Kvitton nr 17–42"), "{pdf}");
    for (label, figures) in [
        ("Försäljning 24", "38 450,00"),
        ("Returer 1", "3 125,00"),
        ("Netto", "35 325,00"),
        ("Moms 25 %", "28 260,20 7 065,05"),
        ("Kort", "22 000,00 3 125,00"),
        ("Växelkassa", "2 000,00"),
        ("Lådöppningar", "9"),
        ("Kvittokopior", "1 4 284,00"),
        ("Övriga reducerande registreringar", "0,00"),
        ("Grand total netto", "1 231 175,00"),
    ] {
        assert_eq!(
            line_with(&pdf, label),
            format!("{label} {figures}"),
            "{pdf}"
        );
    }
    // Text and PDF say the same figures.
    let text = register_report_text(&r, Lang::Sv, DbKind::Real);
    for m in [r.net, r.grand.net(), r.change_float, r.unfinished.amount] {
        let m = m.to_string();
        assert!(text.contains(&m) && pdf.contains(&m), "{m}");
    }
}
