//! A [`Slip`] (receipt, day report) as monospace text, at most [`TEXT_WIDTH`] characters wide.

use super::TEXT_WIDTH;
use super::banner::banner;
use super::sheet::chars;
use super::slip::{Block, Row, Slip, Table, join_by};
use super::text::{fit, pad, wrap};

/// Spaces between two columns of a table.
const COL_GAP: usize = 2;
/// The widest a left-aligned column other than the wide one gets (then it wraps).
const NARROW_MAX: usize = 14;

pub(super) fn render(slip: &Slip) -> String {
    let width = TEXT_WIDTH;
    let mut out: Vec<String> = Vec::with_capacity(64);
    if let Some(demo) = &slip.demo {
        out.extend(wrap(demo, width));
        out.push(String::new());
    }
    if !slip.marks.is_empty() {
        out.extend(banner(&slip.marks, width));
        out.push(String::new());
    }
    for block in &slip.blocks {
        match block {
            Block::Head { name, title, lines } => {
                let title_w = chars(title);
                if title_w + 12 <= width {
                    let mut names = wrap(name, width - title_w - 2).into_iter();
                    let first = names.next().unwrap_or_default();
                    out.push(format!("{}{title}", pad(&first, width - title_w, false)));
                    out.extend(names);
                } else {
                    out.extend(wrap(title, width));
                    out.extend(wrap(name, width));
                }
                for l in lines {
                    out.extend(wrap(l, width));
                }
                out.push("=".repeat(width));
            }
            Block::Items(items) => {
                out.extend(join_by(items, " · ", width as f32, &|s| chars(s) as f32));
            }
            Block::Note(s) => out.extend(wrap(s, width)),
            Block::Table(t) => out.extend(table(t, width)),
            Block::Marks => {
                if !slip.marks.is_empty() {
                    out.push(String::new());
                    out.extend(banner(&slip.marks, width));
                }
            }
            Block::Gap => out.push(String::new()),
        }
    }
    let mut text = String::with_capacity(out.iter().map(|l| l.len() + 1).sum());
    for line in out.into_iter().flat_map(|l| fit(l, width)) {
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

/// The table's lines: each column as wide as its widest cell, the wide column the rest.
fn table(t: &Table, width: usize) -> Vec<String> {
    let n = t.right.len();
    let rows: Vec<&[String]> = t.rows.iter().filter_map(Row::cells).collect();
    let mut widths: Vec<usize> = (0..n)
        .map(|i| {
            rows.iter()
                .map(|r| r.get(i).map_or(0, |c| chars(c)))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for (i, w) in widths.iter_mut().enumerate() {
        if i != t.wide && !t.right[i] {
            *w = (*w).min(NARROW_MAX);
        }
    }
    let others: usize = widths
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != t.wide)
        .map(|(_, w)| w)
        .sum::<usize>()
        + COL_GAP * n.saturating_sub(1);
    let room = width.saturating_sub(others).max(10);
    widths[t.wide] = if t.fill {
        room
    } else {
        widths[t.wide].min(room)
    };
    let total = widths.iter().sum::<usize>() + COL_GAP * n.saturating_sub(1);
    let indent = " ".repeat(width.saturating_sub(total));
    let gap = " ".repeat(COL_GAP);

    let mut out = Vec::new();
    for row in &t.rows {
        let Some(cells) = row.cells() else {
            match row {
                Row::Rule => out.push(format!("{indent}{}", "-".repeat(total.min(width)))),
                _ => out.push(String::new()),
            }
            continue;
        };
        let wrapped: Vec<Vec<String>> = (0..n)
            .map(|i| {
                let cell = cells.get(i).map(String::as_str).unwrap_or("");
                if t.right[i] {
                    vec![cell.to_string()]
                } else {
                    wrap(cell, widths[i])
                }
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        for k in 0..height {
            let parts: Vec<String> = (0..n)
                .map(|i| {
                    let s = wrapped[i].get(k).map(String::as_str).unwrap_or("");
                    pad(s, widths[i], t.right[i])
                })
                .collect();
            out.push(
                format!("{indent}{}", parts.join(&gap))
                    .trim_end()
                    .to_string(),
            );
        }
    }
    out
}
