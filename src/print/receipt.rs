//! The cash register's receipt (kassakvitto, returkvitto, training and pro forma receipts) as a
//! [`Slip`]: what SKVFS 2014:9 7 kap. 1 § asks a receipt to show, in the chosen language.

use super::slip::{Block, Row, Slip, Table};
use super::{PrintError, sheet::non_empty};
use super::{method_label, register_demo_mark, slip_pdf, slip_text};
use crate::domain::register::{Receipt, ReceiptKind};
use crate::domain::{DbKind, Lang};
use crate::t;

/// The marks a receipt carries, in the order they are printed: KOPIA (a copy), ÖVNING (a
/// training receipt), EJ KVITTO (a pro forma receipt).
pub(super) fn marks(r: &Receipt, copy: bool, lang: Lang) -> Vec<String> {
    let mut marks = Vec::new();
    if copy {
        marks.push(t!(lang, "print-mark-copy"));
    }
    if r.training {
        marks.push(t!(lang, "print-mark-training"));
    }
    if r.kind == ReceiptKind::ProForma {
        marks.push(t!(lang, "print-mark-pro-forma"));
    }
    marks
}

pub(super) fn slip(r: &Receipt, copy: bool, lang: Lang, db: DbKind) -> Slip {
    let title = match r.kind {
        ReceiptKind::Sale => t!(lang, "print-receipt-title-sale"),
        ReceiptKind::Return => t!(lang, "print-receipt-title-return"),
        ReceiptKind::ProForma => t!(lang, "print-receipt-title-pro-forma"),
    };
    let s = &r.seller;
    let mut blocks = Vec::new();

    // Who sold, where (items 1–2).
    let mut ids = Vec::new();
    if let Some(o) = non_empty(&s.orgnr) {
        ids.push(t!(lang, "print-seller-orgnr", nr = o));
    }
    if let Some(v) = non_empty(&s.vat_no) {
        ids.push(t!(lang, "print-seller-vat-no", nr = v));
    }
    let lines = [non_empty(&r.point_of_sale), non_empty(&ids.join(" · "))]
        .into_iter()
        .flatten()
        .collect();
    blocks.push(Block::Head {
        name: s.name.trim().to_string(),
        title: title.clone(),
        lines,
    });

    // Number, date and time, register (items 3–5), and the workshop's references.
    let at = r.at.format("%Y-%m-%d %H:%M").to_string();
    blocks.push(Block::Items(vec![
        t!(lang, "print-receipt-number", no = r.no),
        format!("{} {at}", t!(lang, "print-date")),
        t!(lang, "print-register-id", id = r.register_id.trim()),
    ]));
    let mut refs = vec![format!("{} {}", t!(lang, "print-order-nr"), r.order_nr)];
    if let Some(regnr) = r.regnr.as_deref().and_then(non_empty) {
        refs.push(format!("{} {regnr}", t!(lang, "print-regnr")));
    }
    if let Some(name) = non_empty(&r.customer) {
        refs.push(format!("{} {name}", t!(lang, "print-buyer-heading")));
    }
    blocks.push(Block::Items(refs));
    if r.kind == ReceiptKind::Return
        && let Some(no) = r.original
    {
        blocks.push(Block::Note(t!(lang, "print-receipt-return-of", no = no)));
    }
    if r.training {
        blocks.push(Block::Note(t!(lang, "print-receipt-training-note")));
    }
    blocks.push(Block::Gap);

    // The lines: what, how many, the amount including VAT (items 6–8).
    let article = r
        .lines
        .iter()
        .any(|l| l.article_no.as_deref().and_then(non_empty).is_some());
    let discount = r.lines.iter().any(|l| !l.discount.is_zero());
    let mut head = Vec::new();
    let mut right = Vec::new();
    if article {
        head.push(t!(lang, "print-col-article-no"));
        right.push(false);
    }
    let wide = head.len();
    head.push(t!(lang, "print-col-description"));
    right.push(false);
    head.push(t!(lang, "print-col-quantity"));
    right.push(true);
    head.push(t!(lang, "print-col-vat"));
    right.push(true);
    if discount {
        head.push(t!(lang, "print-col-discount"));
        right.push(true);
    }
    head.push(t!(lang, "print-col-amount-incl-vat"));
    right.push(true);
    let mut rows = vec![Row::Head(head), Row::Rule];
    for l in &r.lines {
        let mut cells = Vec::new();
        if article {
            cells.push(l.article_no.clone().unwrap_or_default());
        }
        cells.push(l.description.clone());
        cells.push(
            format!("{} {}", l.quantity, l.unit.trim())
                .trim()
                .to_string(),
        );
        cells.push(l.rate.to_string());
        if discount {
            cells.push(if l.discount.is_zero() {
                String::new()
            } else {
                l.discount.to_string()
            });
        }
        cells.push(l.amount.to_string());
        rows.push(Row::Cells(cells));
    }
    rows.push(Row::Rule);
    blocks.push(Block::Table(Table {
        right,
        wide,
        fill: true,
        rows,
    }));
    blocks.push(Block::Gap);

    // VAT per rate, the VAT, and the total to pay (items 8–10).
    let mut sums = vec![Row::Head(vec![
        String::new(),
        t!(lang, "print-sum-base"),
        t!(lang, "print-col-vat"),
    ])];
    for v in &r.per_rate {
        sums.push(Row::Cells(vec![
            t!(lang, "print-vat-rate", rate = v.rate.to_string()),
            v.net.to_string(),
            v.vat.to_string(),
        ]));
    }
    sums.push(Row::Rule);
    sums.push(Row::Cells(vec![
        t!(lang, "print-total-vat"),
        String::new(),
        r.vat().to_string(),
    ]));
    if !r.rounding.is_zero() {
        sums.push(Row::Cells(vec![
            t!(lang, "print-total-gross"),
            String::new(),
            r.total.to_string(),
        ]));
        sums.push(Row::Cells(vec![
            t!(lang, "print-rounding"),
            String::new(),
            r.rounding.to_string(),
        ]));
    }
    sums.push(Row::Strong(vec![
        if r.kind == ReceiptKind::Return {
            t!(lang, "print-receipt-return-total")
        } else {
            t!(lang, "print-to-pay")
        },
        String::new(),
        r.to_pay.to_string(),
    ]));
    blocks.push(Block::Table(Table {
        right: vec![false, true, true],
        wide: 0,
        fill: false,
        rows: sums,
    }));
    blocks.push(Block::Gap);

    // How it was paid, and the control unit (items 11–12) with its code for this receipt.
    blocks.push(Block::Items(vec![format!(
        "{} {}",
        t!(lang, "print-payment-method"),
        method_label(r.method, lang)
    )]));
    blocks.push(Block::Items(vec![
        t!(lang, "print-receipt-unit", serial = r.unit_serial.trim()),
        t!(lang, "print-receipt-code", code = r.control_code.trim()),
    ]));
    blocks.push(Block::Marks);

    Slip {
        name: format!("{title} {}", r.no),
        author: s.name.trim().to_string(),
        at: r.at,
        demo: (db == DbKind::Demo).then(|| register_demo_mark(lang)),
        marks: marks(r, copy, lang),
        blocks,
    }
}

/// The receipt as monospace text, at most [`TEXT_WIDTH`](super::TEXT_WIDTH) characters wide.
/// `copy` prints it as the one copy the register may make ("KOPIA"); a training receipt says
/// "ÖVNING" and a pro forma receipt "EJ KVITTO", in block letters at the top and the bottom. A
/// demo database's receipt starts with a DEMO line.
pub fn receipt_text(r: &Receipt, copy: bool, lang: Lang, db: DbKind) -> String {
    slip_text::render(&slip(r, copy, lang, db))
}

/// The receipt as A4 PDF bytes: the same content as [`receipt_text`], the marks in 24 pt bold
/// (more than twice the 9 pt amounts and the 10,5 pt total) at the top of every page and below
/// the total.
pub fn receipt_pdf(r: &Receipt, copy: bool, lang: Lang, db: DbKind) -> Result<Vec<u8>, PrintError> {
    slip_pdf::render(&slip(r, copy, lang, db), lang)
}
