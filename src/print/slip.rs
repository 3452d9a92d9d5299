//! The shared layout of the cash register's documents (receipts and X/Z day reports): a
//! [`Slip`] is one column of blocks — a head, lines of items, notes, tables, and the marks —
//! in the chosen language, from which both the text (`slip_text.rs`) and the PDF
//! (`slip_pdf.rs`) are laid out, so that they always say the same thing.

use chrono::NaiveDateTime;

/// One row of a [`Table`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Row {
    /// Column headings (the receipt's line table) or a section's heading and its column
    /// headings (the day report): bold in the PDF.
    Head(Vec<String>),
    /// Plain cells.
    Cells(Vec<String>),
    /// The row that matters most (the total to pay, the net): bold and larger in the PDF.
    Strong(Vec<String>),
    /// A thin line across the table.
    Rule,
    /// An empty line.
    Gap,
}

impl Row {
    pub(super) fn cells(&self) -> Option<&[String]> {
        match self {
            Row::Head(c) | Row::Cells(c) | Row::Strong(c) => Some(c),
            Row::Rule | Row::Gap => None,
        }
    }
}

/// A table: one column (`wide`) takes the width the others leave and wraps its words; the
/// other columns are as wide as their widest cell, numbers right-aligned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Table {
    /// Per column: right-aligned (numbers).
    pub(super) right: Vec<bool>,
    /// The column that takes the rest of the width.
    pub(super) wide: usize,
    /// Across the whole width; otherwise as narrow as the cells allow, at the right edge (the
    /// VAT and totals block, as on an invoice).
    pub(super) fill: bool,
    pub(super) rows: Vec<Row>,
}

/// One block of a slip, top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Block {
    /// The seller's name on the left and the title on the right, lines below the name (point
    /// of sale, org.nr), then a double rule.
    Head {
        name: String,
        title: String,
        lines: Vec<String>,
    },
    /// Short items ("Kvitto nr 17", "Kassa KASSA-1") joined by " · ", as many on a line as fit.
    Items(Vec<String>),
    /// A sentence of its own, emphasised (the original of a return, a training receipt).
    Note(String),
    Table(Table),
    /// The marks again (the top of the document always has them): below the total.
    Marks,
    /// An empty line.
    Gap,
}

/// Everything a receipt or day report shows, in the chosen language, ready to lay out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Slip {
    /// The document's name: the PDF's title and the heading of a continued page.
    pub(super) name: String,
    /// The seller: the PDF's author.
    pub(super) author: String,
    /// The PDF's date.
    pub(super) at: NaiveDateTime,
    /// A demo database's mark, at the very top (every page of the PDF).
    pub(super) demo: Option<String>,
    /// KOPIA, ÖVNING, EJ KVITTO: big, at the top and where [`Block::Marks`] is.
    pub(super) marks: Vec<String>,
    pub(super) blocks: Vec<Block>,
}

/// Items joined by `sep`, as many on a line as fit in `width` as `measure` counts it; an item
/// wider than a line is word-wrapped.
pub(super) fn join_by(
    items: &[String],
    sep: &str,
    width: f32,
    measure: &dyn Fn(&str) -> f32,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for item in items.iter().filter(|i| !i.trim().is_empty()) {
        let candidate = format!("{cur}{sep}{item}");
        if !cur.is_empty() && measure(&candidate) <= width {
            cur = candidate;
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        let mut parts = super::sheet::wrap_by(item, width, measure);
        cur = parts.pop().unwrap_or_default();
        lines.extend(parts);
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}
