//! The Klarna invoice ("Klarna-faktura"): what the customer pays to Klarna for a booked KLARNA
//! order, laid out as a [`Sheet`] so that the text and the PDF say the same thing.
//!
//! It shows the workshop as the seller (without its bankgiro: nothing of this is paid to the
//! workshop), the customer's name and address, Klarna's order id and reference beside our order
//! reference, invoice and order number, the lines exactly as captured at Klarna (whole units,
//! amounts including VAT; a folded 1,5 h line is named as it was sent), VAT per rate, what
//! Klarna captured and refunded and what the customer owes Klarna, and how to pay: to Klarna, in
//! the Klarna app or as Klarna's invoice or e-mail says, with Klarna's reference. The due date is
//! Klarna's: printed as a date only when Klarna gave its terms in days, else "enligt Klarnas
//! faktura". No bankgiro or OCR is made up for Klarna.
//!
//! A reprint says "KOPIA – utskrift N" at its top (the text) and on every page (the PDF).

use super::sheet::{Col, Sheet, SumRow, non_empty, postal_line, seller_lines};
use super::text::render_sheet_text;
use super::{PrintError, mark_of, pdf::render_sheet_pdf};
use crate::domain::invoice::klarna::KlarnaInvoice;
use crate::domain::{DbKind, Lang};
use crate::t;

/// The marks at the top: a demo database's, and a reprint's "KOPIA – utskrift N".
fn marks(doc: &KlarnaInvoice, lang: Lang, kind: DbKind) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(demo) = mark_of(kind, lang) {
        out.push(demo);
    }
    if doc.is_copy() {
        out.push(t!(lang, "print-klarna-copy-mark", n = doc.print_no));
    }
    out
}

/// The Klarna invoice as monospace text (at most 80 characters wide).
pub fn klarna_invoice_text(doc: &KlarnaInvoice, lang: Lang, kind: DbKind) -> String {
    let body = render_sheet_text(&sheet(doc, lang), lang);
    let marks = marks(doc, lang, kind);
    if marks.is_empty() {
        return body;
    }
    let framed: Vec<String> = marks.iter().map(|m| format!("*** {m} ***")).collect();
    format!("{}\n\n{body}", framed.join("\n"))
}

/// The Klarna invoice as A4 PDF bytes; a reprint says KOPIA at the top of every page.
pub fn klarna_invoice_pdf(
    doc: &KlarnaInvoice,
    lang: Lang,
    kind: DbKind,
) -> Result<Vec<u8>, PrintError> {
    let marks = marks(doc, lang, kind);
    let mark = (!marks.is_empty()).then(|| marks.join("   "));
    render_sheet_pdf(&sheet(doc, lang), lang, mark.as_deref())
}

fn percent(rate: rust_decimal::Decimal) -> String {
    format!("{} %", rate.normalize())
}

/// What the Klarna invoice shows, in `lang`.
fn sheet(doc: &KlarnaInvoice, lang: Lang) -> Sheet {
    let inv = &doc.invoice;
    let s = &inv.seller;
    let seller = s.name.trim().to_string();
    // No bankgiro: nothing on this document is paid to the workshop.
    let (seller_address, seller_ids, seller_contact) = seller_lines(s, lang, false);
    let title = t!(lang, "print-klarna-title");

    let mut head = vec![(
        t!(lang, "print-klarna-reference"),
        doc.klarna_reference.clone(),
    )];
    if let Some(day) = doc.activated_on {
        head.push((t!(lang, "print-klarna-activated"), day.to_string()));
    }
    if let Some(due) = doc.due_on() {
        head.push((t!(lang, "print-klarna-due"), due.to_string()));
    }
    let mut refs = vec![
        (
            t!(lang, "print-klarna-order-id"),
            doc.klarna_order_id.clone(),
        ),
        (
            t!(lang, "print-klarna-our-reference"),
            doc.order_reference.clone(),
        ),
        (t!(lang, "print-klarna-our-invoice"), inv.no.to_string()),
        (t!(lang, "print-order-nr"), inv.order_nr.to_string()),
    ];
    if let Some(r) = inv.regnr.as_deref().and_then(non_empty) {
        refs.push((t!(lang, "print-regnr"), r));
    }
    let b = &inv.buyer;
    let buyer = [
        non_empty(&b.name),
        non_empty(&b.street),
        postal_line(&b.postal_code, &b.city),
    ]
    .into_iter()
    .flatten()
    .collect();
    // Said before the lines: who is paid.
    let notes = vec![
        t!(lang, "print-klarna-not-to-seller", seller = seller.clone()),
        t!(lang, "print-klarna-claim", seller = seller.clone()),
    ];

    let cols = vec![
        Col::Description,
        Col::Quantity,
        Col::UnitPriceGross,
        Col::Vat,
        Col::AmountGross,
    ];
    let rows = doc
        .lines
        .iter()
        .map(|l| {
            vec![
                l.name.clone(),
                l.quantity.to_string(),
                l.unit_price.to_string(),
                percent(l.vat_rate),
                l.total.to_string(),
            ]
        })
        .collect();
    let vat_rows = doc
        .per_rate()
        .into_iter()
        .map(|r| SumRow {
            label: t!(lang, "print-vat-rate", rate = percent(r.rate)),
            base: r.net.to_string(),
            amount: r.vat.to_string(),
            strong: false,
        })
        .collect();
    let row = |label: String, amount: String, strong: bool| SumRow {
        label,
        base: String::new(),
        amount,
        strong,
    };
    let total = doc.lines_total();
    let vat = doc.lines_vat();
    let mut totals = vec![
        row(
            t!(lang, "print-total-net"),
            (total - vat).to_string(),
            false,
        ),
        row(t!(lang, "print-total-vat"), vat.to_string(), false),
        row(t!(lang, "print-total-gross"), total.to_string(), false),
    ];
    if !doc.refunded.is_zero() {
        totals.push(row(
            t!(lang, "print-klarna-refunded"),
            (-doc.refunded).to_string(),
            false,
        ));
    }
    totals.push(row(
        t!(lang, "print-klarna-to-pay"),
        doc.to_pay().to_string(),
        true,
    ));

    let due = match doc.due_on() {
        Some(d) => t!(lang, "print-klarna-due-on", date = d.to_string()),
        None => t!(lang, "print-klarna-due-by-klarna"),
    };
    let payment = vec![
        (t!(lang, "print-klarna-pay-to-label"), "Klarna".to_string()),
        (
            t!(lang, "print-klarna-reference"),
            doc.klarna_reference.clone(),
        ),
        (
            t!(lang, "print-klarna-to-pay"),
            format!("{} kr", doc.to_pay()),
        ),
        (t!(lang, "print-due-date"), due),
    ];
    let mut terms = vec![t!(
        lang,
        "print-klarna-how",
        reference = doc.klarna_reference.clone()
    )];
    terms.push(match (doc.payment_days, doc.activated_on) {
        (Some(days), Some(day)) => t!(
            lang,
            "print-klarna-terms-days",
            days = days,
            date = day.to_string()
        ),
        _ => t!(lang, "print-klarna-terms"),
    });

    Sheet {
        page_title: format!("{title} {}", inv.no),
        title,
        date: inv.date,
        seller_name: seller,
        seller_address,
        seller_ids,
        seller_contact,
        head,
        refs,
        buyer_heading: t!(lang, "print-buyer-heading"),
        buyer,
        credit: notes,
        cols,
        rows,
        outlay_heading: String::new(),
        outlay_rows: Vec::new(),
        sum_heading: (t!(lang, "print-sum-base"), t!(lang, "print-sum-amount")),
        vat_rows,
        totals,
        vat_notes: Vec::new(),
        payment_heading: t!(lang, "print-klarna-how-heading"),
        payment,
        terms,
    }
}
