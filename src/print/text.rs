//! The monospace text printout: for the terminal, `verkstad print NR` without `--out`, and the
//! .txt file.

use super::TEXT_WIDTH;
use super::sheet::{Col, Sheet, SumRow, chars, wrap_by};
use crate::domain::Lang;
use crate::domain::invoice::Invoice;

pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_by(text, width as f32, &|s| chars(s) as f32)
}

/// Items joined by `sep`, as many on a line as fit.
pub(super) fn join_wrapped(items: &[String], sep: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for item in items {
        if !cur.is_empty() && chars(&cur) + chars(sep) + chars(item) <= width {
            cur.push_str(sep);
            cur.push_str(item);
        } else {
            if !cur.is_empty() {
                lines.push(std::mem::take(&mut cur));
            }
            let mut parts = wrap(item, width);
            cur = parts.pop().unwrap_or_default();
            lines.extend(parts);
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

pub(super) fn pad(s: &str, width: usize, right: bool) -> String {
    if right {
        format!("{s:>width$}")
    } else {
        format!("{s:<width$}")
    }
}

/// The line as it is when it fits, else word-wrapped.
pub(super) fn fit(line: String, width: usize) -> Vec<String> {
    if chars(&line) <= width {
        vec![line]
    } else {
        wrap(&line, width)
    }
}

/// Label–value pairs with the values in one column.
pub(super) fn pairs(items: &[(String, String)]) -> Vec<String> {
    let w = items.iter().map(|(l, _)| chars(l)).max().unwrap_or(0);
    items
        .iter()
        .map(|(l, v)| format!("{}  {v}", pad(l, w, false)))
        .collect()
}

/// The invoice as monospace text, at most [`TEXT_WIDTH`] characters wide: for the terminal,
/// `verkstad print NR` without `--out`, and the .txt file.
pub fn render_text(inv: &Invoice, lang: Lang) -> String {
    render_sheet_text(&Sheet::of(inv, lang), lang)
}

/// A laid-out document as monospace text, at most [`TEXT_WIDTH`] characters wide.
pub(super) fn render_sheet_text(sheet: &Sheet, lang: Lang) -> String {
    let mut out: Vec<String> = Vec::with_capacity(48 + 2 * sheet.rows.len());
    let width = TEXT_WIDTH;

    // Seller and title.
    let title_w = chars(&sheet.title);
    let mut name = wrap(&sheet.seller_name, width - title_w - 2).into_iter();
    let first = name.next().unwrap_or_default();
    out.push(format!(
        "{}{}",
        pad(&first, width - title_w, false),
        sheet.title
    ));
    out.extend(name);
    out.extend(join_wrapped(&sheet.seller_address, ", ", width));
    out.extend(join_wrapped(&sheet.seller_ids, " · ", width));
    out.extend(join_wrapped(&sheet.seller_contact, " · ", width));
    out.push("=".repeat(width));

    // Number, date and references on the left, the buyer on the right.
    let mut left = sheet.head.clone();
    left.extend(sheet.refs.iter().cloned());
    let left = pairs(&left);
    let left_w = left.iter().map(|l| chars(l)).max().unwrap_or(0);
    let gap = 4;
    let right_w = width.saturating_sub(left_w + gap);
    let mut right = vec![format!("{}:", sheet.buyer_heading)];
    if right_w >= 20 {
        for b in &sheet.buyer {
            right.extend(wrap(b, right_w));
        }
        for i in 0..left.len().max(right.len()) {
            let l = left.get(i).map(String::as_str).unwrap_or("");
            let r = right.get(i).map(String::as_str).unwrap_or("");
            out.push(format!("{}{}{r}", pad(l, left_w, false), " ".repeat(gap)));
        }
    } else {
        for l in left {
            out.extend(fit(l, width));
        }
        out.push(String::new());
        for b in &sheet.buyer {
            right.extend(wrap(b, width));
        }
        out.extend(right);
    }
    if !sheet.credit.is_empty() {
        out.push(String::new());
        for c in &sheet.credit {
            out.extend(wrap(c, width));
        }
    }
    out.push(String::new());

    // Lines: numbers as wide as they need, the description gets the rest.
    let n = sheet.cols.len();
    let mut widths: Vec<usize> = sheet
        .cols
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cells = sheet
                .rows
                .iter()
                .chain(&sheet.outlay_rows)
                .map(|r| chars(&r[i]))
                .max()
                .unwrap_or(0);
            let w = cells.max(chars(&c.heading(lang)));
            match c {
                Col::ArticleNo => w.min(12),
                Col::Unit => w.min(6),
                _ => w,
            }
        })
        .collect();
    if let Some(d) = sheet.cols.iter().position(|c| *c == Col::Description) {
        let others: usize = widths
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != d)
            .map(|(_, w)| w)
            .sum();
        widths[d] = width.saturating_sub(others + n - 1).max(10);
    }
    let line_of = |cells: &[String]| -> String {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .zip(&sheet.cols)
            .map(|((s, w), c)| pad(s, *w, c.right()))
            .collect();
        parts.join(" ").trim_end().to_string()
    };
    let headings: Vec<String> = sheet.cols.iter().map(|c| c.heading(lang)).collect();
    out.push(line_of(&headings));
    out.push("-".repeat(width));
    let rows_out = |rows: &[Vec<String>], out: &mut Vec<String>| {
        for row in rows {
            let wrapped: Vec<Vec<String>> = row
                .iter()
                .zip(&widths)
                .zip(&sheet.cols)
                .map(|((s, w), c)| {
                    if c.right() {
                        vec![s.clone()]
                    } else {
                        wrap(s, *w)
                    }
                })
                .collect();
            let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
            for k in 0..height {
                let cells: Vec<String> = wrapped
                    .iter()
                    .map(|w| w.get(k).cloned().unwrap_or_default())
                    .collect();
                out.push(line_of(&cells));
            }
        }
    };
    rows_out(&sheet.rows, &mut out);
    if !sheet.outlay_rows.is_empty() {
        // The utlägg in their own section, outside the VAT basis.
        out.push(String::new());
        out.push(format!("{}:", sheet.outlay_heading));
        rows_out(&sheet.outlay_rows, &mut out);
    }
    out.push("-".repeat(width));

    // VAT per rate and totals, right-aligned, amounts in one column.
    let all: Vec<&SumRow> = sheet.vat_rows.iter().chain(&sheet.totals).collect();
    let lw = all.iter().map(|r| chars(&r.label)).max().unwrap_or(0);
    let bw = all
        .iter()
        .map(|r| chars(&r.base))
        .chain([chars(&sheet.sum_heading.0)])
        .max()
        .unwrap_or(0);
    let aw = all
        .iter()
        .map(|r| chars(&r.amount))
        .chain([chars(&sheet.sum_heading.1)])
        .max()
        .unwrap_or(0);
    let block = lw + 3 + bw + 3 + aw;
    let indent = " ".repeat(width.saturating_sub(block));
    let sum_line = |label: &str, base: &str, amount: &str| {
        format!(
            "{indent}{}   {}   {}",
            pad(label, lw, false),
            pad(base, bw, true),
            pad(amount, aw, true)
        )
        .trim_end()
        .to_string()
    };
    out.push(sum_line("", &sheet.sum_heading.0, &sheet.sum_heading.1));
    for r in &sheet.vat_rows {
        out.push(sum_line(&r.label, &r.base, &r.amount));
    }
    out.push(format!("{indent}{}", "-".repeat(block.min(width))));
    for r in &sheet.totals {
        out.push(sum_line(&r.label, &r.base, &r.amount));
    }
    out.push(String::new());
    if !sheet.vat_notes.is_empty() {
        for n in &sheet.vat_notes {
            out.extend(wrap(n, width));
        }
        out.push(String::new());
    }

    // Payment.
    out.push(format!("{}:", sheet.payment_heading));
    for p in pairs(&sheet.payment) {
        out.extend(fit(p, width));
    }
    if !sheet.terms.is_empty() {
        out.push(String::new());
        out.extend(join_wrapped(&sheet.terms, ". ", width));
    }

    let mut text = String::with_capacity(out.iter().map(|l| l.len() + 1).sum());
    for line in out {
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}
