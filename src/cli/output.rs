//! Rendering the order list as a table, CSV or JSON.

use std::io::Write;

use serde_json::{Map, Value};

use crate::domain::columns::Align;
use crate::domain::{Column, Lang, OrderSummary};

/// Output formats of `order list`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim().to_ascii_lowercase().as_str() {
            "table" | "tabell" => Some(Format::Table),
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

fn fit(text: &str, width: usize, align: Align) -> String {
    let len = text.chars().count();
    if len > width {
        let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        return cut;
    }
    let pad = width - len;
    match align {
        Align::Left => format!("{text}{}", " ".repeat(pad)),
        Align::Right => format!("{}{text}", " ".repeat(pad)),
        Align::Center => format!("{}{text}{}", " ".repeat(pad / 2), " ".repeat(pad - pad / 2)),
    }
}

/// A plain text table: header, rule, rows. Columns are as wide as their widest cell, up to the
/// column's own width for free text.
pub fn table(
    out: &mut impl Write,
    cols: &[Column],
    rows: &[OrderSummary],
    lang: Lang,
) -> std::io::Result<()> {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| cols.iter().map(|c| c.cell(r)).collect())
        .collect();
    let widths: Vec<usize> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let header = c.header(lang).chars().count();
            let widest = cells
                .iter()
                .map(|row| row[i].chars().count())
                .max()
                .unwrap_or(0);
            let natural = header.max(widest);
            match c {
                Column::CustomerName | Column::MakeModel => natural.min(usize::from(c.width()) + 8),
                _ => natural,
            }
        })
        .collect();
    let line = |values: Vec<String>| -> String {
        values
            .iter()
            .zip(cols)
            .zip(&widths)
            .map(|((v, c), w)| fit(v, *w, c.align()))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(
        out,
        "{}",
        line(cols.iter().map(|c| c.header(lang).to_string()).collect())
    )?;
    writeln!(
        out,
        "{}",
        widths
            .iter()
            .map(|w| "─".repeat(*w))
            .collect::<Vec<_>>()
            .join("  ")
    )?;
    for row in cells {
        writeln!(out, "{}", line(row))?;
    }
    Ok(())
}

/// CSV with the column keys as the header row and machine-readable values.
pub fn csv(out: &mut impl Write, cols: &[Column], rows: &[OrderSummary]) -> std::io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(cols.iter().map(|c| c.key()))?;
    for r in rows {
        w.write_record(cols.iter().map(|c| match c.value(r) {
            Value::Null => String::new(),
            Value::String(s) => s,
            other => other.to_string(),
        }))?;
    }
    w.flush()?;
    Ok(())
}

/// A JSON array of objects keyed by column key.
pub fn json(out: &mut impl Write, cols: &[Column], rows: &[OrderSummary]) -> std::io::Result<()> {
    let items: Vec<Value> = rows
        .iter()
        .map(|r| {
            let mut m = Map::new();
            for c in cols {
                m.insert(c.key().to_string(), c.value(r));
            }
            Value::Object(m)
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &items)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_pads_and_cuts() {
        assert_eq!(fit("ab", 4, Align::Left), "ab  ");
        assert_eq!(fit("ab", 4, Align::Right), "  ab");
        assert_eq!(fit("✓", 3, Align::Center), " ✓ ");
        assert_eq!(fit("Öberg Åsa", 5, Align::Left), "Öber…");
    }
}
