//! The cash register's X and Z day reports (SKVFS 2014:9 7 kap. 2–3 §§) as a [`Slip`]: every
//! field of a [`RegisterReport`] with its label, in the chosen language.

use super::slip::{Block, Row, Slip, Table};
use super::{PrintError, method_label, register_demo_mark, sheet::non_empty, slip_pdf, slip_text};
use crate::domain::register::{RegisterReport, ReportKind, Tally};
use crate::domain::{DbKind, Lang, Money};
use crate::t;

/// The report's title: "X-dagrapport", "Z-dagrapport nr 3".
fn title(r: &RegisterReport, lang: Lang) -> String {
    match (r.kind, r.no) {
        (ReportKind::Z, Some(no)) => t!(
            lang,
            "print-report-numbered",
            title = r.title(lang),
            no = no
        ),
        _ => r.title(lang),
    }
}

fn cells(label: String, middle: String, amount: String) -> Row {
    Row::Cells(vec![label, middle, amount])
}

fn tally(label: String, t: Tally) -> Row {
    cells(label, t.count.to_string(), t.amount.to_string())
}

fn count(label: String, n: i64) -> Row {
    cells(label, n.to_string(), String::new())
}

fn amount(label: String, m: Money) -> Row {
    cells(label, String::new(), m.to_string())
}

/// A section: a gap, its heading with the headings of its two number columns, a rule, rows.
fn section(rows: &mut Vec<Row>, heading: String, middle: String, last: String, body: Vec<Row>) {
    if !rows.is_empty() {
        rows.push(Row::Gap);
    }
    rows.push(Row::Head(vec![heading, middle, last]));
    rows.push(Row::Rule);
    if body.is_empty() {
        rows.push(cells("–".into(), String::new(), String::new()));
    }
    rows.extend(body);
}

pub(super) fn slip(r: &RegisterReport, lang: Lang, db: DbKind) -> Slip {
    let title = title(r, lang);
    let mut blocks = Vec::new();
    let orgnr = non_empty(&r.orgnr).map(|o| t!(lang, "print-seller-orgnr", nr = o));
    blocks.push(Block::Head {
        name: r.seller_name.trim().to_string(),
        title: title.clone(),
        lines: orgnr.into_iter().collect(),
    });
    blocks.push(Block::Items(vec![
        format!("{} {}", t!(lang, "print-date"), r.date),
        t!(
            lang,
            "print-report-taken",
            at = r.at.format("%Y-%m-%d %H:%M").to_string()
        ),
        t!(lang, "print-register-id", id = r.register_id.trim()),
    ]));
    blocks.push(Block::Items(vec![
        match (r.first_receipt, r.last_receipt) {
            (Some(first), Some(last)) => {
                t!(lang, "print-report-receipts", first = first, last = last)
            }
            _ => t!(lang, "print-report-no-receipts"),
        },
    ]));
    blocks.push(Block::Note(match r.kind {
        ReportKind::X => t!(lang, "print-report-x-note"),
        ReportKind::Z => t!(lang, "print-report-z-note"),
    }));
    blocks.push(Block::Gap);

    let n = t!(lang, "print-report-count");
    let sum = t!(lang, "print-sum-amount");
    let mut rows = Vec::new();
    section(
        &mut rows,
        t!(lang, "print-report-period"),
        n.clone(),
        sum.clone(),
        vec![
            tally(t!(lang, "print-report-sales"), r.sales),
            tally(t!(lang, "print-report-returns"), r.returns),
            Row::Strong(vec![
                t!(lang, "print-report-net"),
                String::new(),
                r.net.to_string(),
            ]),
        ],
    );
    section(
        &mut rows,
        t!(lang, "print-report-per-group"),
        String::new(),
        sum.clone(),
        r.per_group
            .iter()
            .map(|g| amount(g.group.label(lang).to_string(), g.amount))
            .collect(),
    );
    let mut vat: Vec<Row> = r
        .vat
        .iter()
        .map(|v| {
            cells(
                t!(lang, "print-vat-rate", rate = v.rate.to_string()),
                v.net.to_string(),
                v.vat.to_string(),
            )
        })
        .collect();
    vat.push(amount(
        t!(lang, "print-total-vat"),
        r.vat.iter().map(|v| v.vat).sum(),
    ));
    section(
        &mut rows,
        t!(lang, "print-report-vat"),
        t!(lang, "print-sum-base"),
        t!(lang, "print-col-vat"),
        vat,
    );
    section(
        &mut rows,
        t!(lang, "print-report-per-method"),
        t!(lang, "print-report-sales"),
        t!(lang, "print-report-returns"),
        r.per_method
            .iter()
            .map(|m| {
                cells(
                    method_label(m.method, lang),
                    m.sales.to_string(),
                    m.returns.to_string(),
                )
            })
            .collect(),
    );
    section(
        &mut rows,
        t!(lang, "print-report-register"),
        n.clone(),
        sum.clone(),
        vec![
            amount(t!(lang, "print-report-change-float"), r.change_float),
            count(t!(lang, "print-report-goods"), r.goods_sold),
            count(t!(lang, "print-report-services"), r.services_sold),
            count(t!(lang, "print-report-receipt-count"), r.receipts),
            count(t!(lang, "print-report-drawer"), r.drawer_openings),
        ],
    );
    section(
        &mut rows,
        t!(lang, "print-report-special"),
        n,
        sum.clone(),
        vec![
            tally(t!(lang, "print-report-copies"), r.copies),
            tally(t!(lang, "print-report-training"), r.training),
            tally(t!(lang, "print-report-pro-forma"), r.pro_forma),
            tally(t!(lang, "print-report-unfinished"), r.unfinished),
            amount(t!(lang, "print-report-discounts"), r.discounts),
            amount(t!(lang, "print-rounding"), r.rounding),
            // The register makes no other reducing registrations (a return is a return receipt).
            amount(t!(lang, "print-report-other-reducing"), Money::ZERO),
        ],
    );
    section(
        &mut rows,
        t!(lang, "print-report-grand"),
        String::new(),
        sum,
        vec![
            amount(t!(lang, "print-report-grand-sales"), r.grand.sales),
            amount(t!(lang, "print-report-grand-returns"), r.grand.returns),
            Row::Strong(vec![
                t!(lang, "print-report-grand-net"),
                String::new(),
                r.grand.net().to_string(),
            ]),
        ],
    );
    blocks.push(Block::Table(Table {
        right: vec![false, true, true],
        wide: 0,
        fill: true,
        rows,
    }));

    Slip {
        name: title,
        author: r.seller_name.trim().to_string(),
        at: r.at,
        demo: (db == DbKind::Demo).then(|| register_demo_mark(lang)),
        marks: Vec::new(),
        blocks,
    }
}

/// The X or Z day report as monospace text, at most [`TEXT_WIDTH`](super::TEXT_WIDTH)
/// characters wide. A demo database's report starts with a DEMO line.
pub fn register_report_text(r: &RegisterReport, lang: Lang, db: DbKind) -> String {
    slip_text::render(&slip(r, lang, db))
}

/// The X or Z day report as A4 PDF bytes, the same content as [`register_report_text`].
pub fn register_report_pdf(
    r: &RegisterReport,
    lang: Lang,
    db: DbKind,
) -> Result<Vec<u8>, PrintError> {
    slip_pdf::render(&slip(r, lang, db), lang)
}
