//! The invoice fields of ML 2023:200 17 kap. 24 § as a reader finds them in the text and the
//! PDF: the date of supply (only when it is not the invoice date), the reason a 0 % line
//! carries no VAT, the utlägg in their own section outside the VAT basis, the buyer's VAT number
//! and reverse charge, the seller's registered seat, the payment terms and late-payment
//! interest — and no personnummer on a receipt.

use verkstad::domain::invoice::{Invoice, invoice_lines};
use verkstad::domain::ledger::Taxation;
use verkstad::domain::{Lang, LineKind, OrderLine, PaymentMethod, Totals, VatRate};
use verkstad::print::render_text;

use super::{assert_has, credit_of, day, line, line_with, lines, pdf_text, sale};

/// Text and PDF text of a document.
fn both(inv: &Invoice, lang: Lang) -> [String; 2] {
    [render_text(inv, lang), pdf_text(inv, lang)]
}

fn outlay(desc: &str, price: &str) -> OrderLine {
    OrderLine {
        vat: VatRate::R0,
        ..line(LineKind::Utlagg, None, desc, "1", "st", price)
    }
}

/// A sale of the order lines with `taxation`, as booking makes it (reverse charge: every line
/// at 0 %).
fn sale_as(method: PaymentMethod, order_lines: Vec<OrderLine>, taxation: Taxation) -> Invoice {
    let mut inv = sale(method, invoice_lines(&order_lines, taxation));
    inv.reverse_charge = taxation == Taxation::ReverseCharge;
    inv
}

#[test]
fn the_date_of_supply_is_printed_only_when_it_is_not_the_invoice_date() {
    let mut inv = sale(PaymentMethod::Faktura, lines());
    for t in both(&inv, Lang::Sv) {
        assert!(!t.contains("Leveransdatum"), "{t}");
    }
    inv.supply_date = Some(inv.date);
    for t in both(&inv, Lang::Sv) {
        assert!(!t.contains("Leveransdatum"), "{t}");
    }
    inv.supply_date = Some(day("2026-05-12"));
    for t in both(&inv, Lang::Sv) {
        assert!(line_with(&t, "Leveransdatum").contains("2026-05-12"), "{t}");
        assert!(line_with(&t, "Fakturadatum").contains("2026-05-14"));
    }
    for t in both(&inv, Lang::En) {
        assert!(
            line_with(&t, "Date of supply").contains("2026-05-12"),
            "{t}"
        );
    }
    // A receipt says it too.
    let mut receipt = sale(PaymentMethod::Kort, lines());
    receipt.supply_date = Some(day("2026-05-13"));
    for t in both(&receipt, Lang::Sv) {
        assert!(line_with(&t, "Leveransdatum").contains("2026-05-13"), "{t}");
    }
}

#[test]
fn a_zero_rate_line_prints_the_reason_for_the_exemption() {
    let mut exempt = lines();
    exempt[2].vat = VatRate::R0;
    let inv = sale(PaymentMethod::Faktura, exempt.clone());
    let reason = "Undantag från skatteplikt enligt 10 kap. mervärdesskattelagen (2023:200)";
    for t in both(&inv, Lang::Sv) {
        assert!(t.contains(reason), "{t}");
        assert!(line_with(&t, "Moms 0 %").contains("49,90"));
    }
    for t in both(&inv, Lang::En) {
        assert!(t.contains("Exempt from VAT under chapter 10"), "{t}");
    }
    // The company's own wording, when configured.
    let mut own = sale(PaymentMethod::Kort, exempt);
    own.seller.vat_exempt_reason = "Momsfri enligt 10 kap. 14 § ML (2023:200)".into();
    for t in both(&own, Lang::Sv) {
        assert!(
            t.contains("Momsfri enligt 10 kap. 14 § ML (2023:200)"),
            "{t}"
        );
        assert!(!t.contains(reason));
    }
    // No 0 % line, no reason.
    for t in both(&sale(PaymentMethod::Faktura, lines()), Lang::Sv) {
        assert!(!t.contains("Undantag från skatteplikt"), "{t}");
        assert!(!t.contains("Utlägg"));
    }
}

#[test]
fn utlagg_are_shown_in_their_own_section_outside_the_vat_basis() {
    let mut order = lines();
    order.push(outlay("Besiktningsavgift", "450,00"));
    let inv = sale(PaymentMethod::Faktura, order);
    // 3 524,90 + 881,23 VAT + 450,00 utlägg.
    assert_eq!(
        inv.total,
        verkstad::domain::Money::parse("4 856,13").unwrap()
    );
    let [text, pdf] = both(&inv, Lang::Sv);
    for t in [&text, &pdf] {
        assert_has(
            t,
            &[
                "Utlägg (ingen moms)",
                "Utlägg – utanför mervärdesskattelagens tillämpningsområde",
            ],
        );
        // The VAT basis is the sold lines only; the utlägg is beside it, in the total.
        assert!(line_with(t, "Moms 25 %").contains("3 524,90"), "{t}");
        assert!(!t.contains("Moms 0 %"), "{t}");
        assert!(line_with(t, "Summa exkl. moms").ends_with("3 524,90"));
        assert!(line_with(t, "Besiktningsavgift").contains("0 %"));
        assert!(line_with(t, "Besiktningsavgift").ends_with("450,00"));
        assert!(line_with(t, "Totalt inkl. moms").ends_with("4 856,13"));
        // The section comes after the sold lines.
        let section = t.find("Utlägg (ingen moms)").unwrap();
        assert!(t.find("Miljöavgift").unwrap() < section);
        assert!(section < t.find("Besiktningsavgift").unwrap(), "{t}");
    }
    // Its own sum row among the totals.
    let sums: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("Utlägg (ingen moms)"))
        .collect();
    assert_eq!(sums.len(), 2, "{text}");
    assert!(sums[1].ends_with("450,00"), "{text}");
    // An utlägg with an exempt line: both reasons, the 0 % basis without the utlägg.
    let mut both_kinds = lines();
    both_kinds[2].vat = VatRate::R0;
    both_kinds.push(outlay("Bärgning", "1 200,00"));
    for t in both(&sale(PaymentMethod::Kontant, both_kinds), Lang::Sv) {
        assert!(line_with(&t, "Moms 0 %").contains("49,90"), "{t}");
        assert!(t.contains("Undantag från skatteplikt"));
        assert!(t.contains("Utlägg – utanför"));
    }
    let [en, _] = both(&inv, Lang::En);
    assert!(en.contains("Disbursements (no VAT)"), "{en}");
}

#[test]
fn a_reverse_charge_invoice_names_the_buyers_vat_number_and_carries_no_swedish_vat() {
    let mut order = lines();
    order.push(outlay("Besiktningsavgift", "450,00"));
    let mut inv = sale_as(PaymentMethod::Faktura, order, Taxation::ReverseCharge);
    inv.buyer.name = "Hansen Biler ApS".into();
    inv.buyer.vat_no = Some("DK12345678".into());
    // What the customer owes: the nets and the utlägg, no VAT.
    assert_eq!(inv.vat, verkstad::domain::Money::ZERO);
    assert_eq!(
        inv.to_pay,
        verkstad::domain::Money::parse("3 974,90").unwrap()
    );
    let [text, pdf] = both(&inv, Lang::Sv);
    for t in [&text, &pdf] {
        assert_has(
            t,
            &[
                "Hansen Biler ApS",
                "Momsreg.nr DK12345678",
                "Omvänd betalningsskyldighet",
            ],
        );
        assert!(line_with(t, "Moms 0 %").contains("3 524,90"), "{t}");
        assert!(!t.contains("Moms 25 %"));
        assert!(line_with(t, "Summa moms").ends_with("0,00"));
        assert!(line_with(t, "Bromsbelägg fram").contains("0 %"));
        assert!(line_with(t, "Totalt inkl. moms").ends_with("3 974,90"));
        // Reverse charge is the reason, not an exemption.
        assert!(!t.contains("Undantag från skatteplikt"));
    }
    for t in both(&inv, Lang::En) {
        assert_has(&t, &["Reverse charge", "VAT reg. no. DK12345678"]);
    }
    // Its credit says it too.
    let credit = credit_of(&inv, &[1]);
    assert!(credit.reverse_charge);
    for t in both(&credit, Lang::Sv) {
        assert_has(
            &t,
            &["Omvänd betalningsskyldighet", "Momsreg.nr DK12345678"],
        );
    }
}

#[test]
fn the_seat_and_the_payment_terms_are_on_the_invoice() {
    let mut inv = sale(PaymentMethod::Faktura, lines());
    inv.seller.seat = "Stockholm".into();
    let [text, pdf] = both(&inv, Lang::Sv);
    for t in [&text, &pdf] {
        assert_has(
            t,
            &[
                "Styrelsens säte: Stockholm",
                "Betalningsvillkor 20 dagar netto",
                "Dröjsmålsränta enligt räntelagen",
            ],
        );
    }
    // The seat is in the PDF's footer, with the org.nr.
    let footer = line_with(&pdf, "Styrelsens säte");
    assert!(pdf.rfind("Styrelsens säte").unwrap() > pdf.find("Att betala").unwrap());
    assert!(!footer.is_empty());
    inv.seller.late_interest = "8 % + referensränta".into();
    for t in both(&inv, Lang::Sv) {
        assert!(t.contains("Dröjsmålsränta 8 % + referensränta"), "{t}");
        assert!(!t.contains("enligt räntelagen"));
    }
    for t in both(&inv, Lang::En) {
        assert_has(
            &t,
            &[
                "Registered office: Stockholm",
                "Payment terms 20 days net",
                "Late payment interest 8 % + referensränta",
            ],
        );
    }
    // A receipt and a credit invoice are not to be paid on terms.
    let mut receipt = sale(PaymentMethod::Kort, lines());
    receipt.seller.seat = "Stockholm".into();
    for t in both(&receipt, Lang::Sv) {
        assert!(t.contains("Styrelsens säte: Stockholm"));
        assert!(
            !t.contains("Betalningsvillkor") && !t.contains("Dröjsmålsränta"),
            "{t}"
        );
    }
    let credit = credit_of(&sale(PaymentMethod::Faktura, lines()), &[1]);
    for t in both(&credit, Lang::Sv) {
        assert!(
            !t.contains("Betalningsvillkor") && !t.contains("Dröjsmålsränta"),
            "{t}"
        );
    }
    // No seat configured: nothing about it.
    for t in both(&sale(PaymentMethod::Faktura, lines()), Lang::Sv) {
        assert!(!t.contains("säte"), "{t}");
    }
}

#[test]
fn a_receipt_never_prints_the_buyers_personnummer() {
    let with_id = |method: PaymentMethod| {
        let mut inv = sale(method, lines());
        inv.buyer.national_id = Some("19640823-3234".into());
        inv.buyer.vat_no = Some("SE640823323401".into());
        inv
    };
    for method in [
        PaymentMethod::Kontant,
        PaymentMethod::Kort,
        PaymentMethod::Mobil,
    ] {
        let receipt = with_id(method);
        let credit = credit_of(&receipt, &[1]);
        for inv in [&receipt, &credit] {
            for lang in [Lang::Sv, Lang::En] {
                for t in both(inv, lang) {
                    assert!(!t.contains("640823"), "{method}: a personnummer in\n{t}");
                    assert!(t.contains("Östen Järvholm"));
                }
            }
        }
    }
    // An invoice names its buyer by national id and VAT number.
    let invoice = with_id(PaymentMethod::Faktura);
    for t in both(&invoice, Lang::Sv) {
        assert_has(
            &t,
            &["Person-/org.nr 19640823-3234", "Momsreg.nr SE640823323401"],
        );
    }
    // A receipt of a reverse-charge sale shows the buyer's VAT number (the law asks for it).
    let mut rc = sale_as(PaymentMethod::Kort, lines(), Taxation::ReverseCharge);
    rc.buyer.vat_no = Some("DK12345678".into());
    rc.buyer.national_id = Some("19640823-3234".into());
    for t in both(&rc, Lang::Sv) {
        assert!(t.contains("Momsreg.nr DK12345678"), "{t}");
        assert!(!t.contains("640823"));
    }
    // The sale's lines were the order's, at 0 %.
    assert!(rc.lines.iter().all(|l| l.line.vat == VatRate::R0));
    assert_eq!(rc.total, Totals::of(&lines()).net);
}
