//! The F5 order list and its column chooser ("Visa kolumn...").

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, TableState};

use super::centered;
use super::theme;
use crate::domain::columns::Align;
use crate::domain::{Column, Lang};
use crate::t;
use crate::tui::keymap::Action;
use crate::tui::model::Model;

pub(super) fn render_list(model: &mut Model, frame: &mut Frame, area: Rect) {
    let lang = model.lang;
    let [filter_area, table_area] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(2)]).areas(area);
    let (cols, col_widths) = fitted_columns(&model.list.columns, lang, table_area.width);
    let hidden = model.list.columns.len() - cols.len();
    let status = model
        .list
        .status
        .map(|s| s.code().to_string())
        .unwrap_or_else(|| t!(lang, "screen-list-all"));
    let paid = match model.list.paid {
        None => t!(lang, "screen-list-all"),
        Some(true) => t!(lang, "screen-list-paid"),
        Some(false) => t!(lang, "screen-list-unpaid"),
    };
    let sort = format!(
        "{} {}",
        model.list.sort.column.header(lang),
        if model.list.sort.descending {
            "↓"
        } else {
            "↑"
        }
    );
    let filter_line = Line::from(vec![
        Span::styled(
            format!(" {} ", t!(lang, "screen-list-find")),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::styled(
            format!("{}▏", model.list.filter),
            Style::new().add_modifier(Modifier::UNDERLINED),
        ),
        Span::raw(format!(
            "   {}",
            t!(
                lang,
                "screen-list-summary",
                status = status,
                paid = paid,
                sort = sort,
                n = model.list.rows.len()
            )
        )),
        Span::styled(
            if model.list.loading {
                format!("   {}", t!(lang, "screen-list-searching"))
            } else {
                String::new()
            },
            Style::new().fg(Color::Yellow),
        ),
        Span::styled(
            match hidden {
                0 => String::new(),
                n => format!("   {}", t!(lang, "screen-list-hidden-columns", n = n)),
            },
            Style::new().fg(Color::Yellow),
        ),
    ]);
    frame.render_widget(
        Paragraph::new(filter_line).block(Block::new().borders(Borders::BOTTOM)),
        filter_area,
    );

    if model.list.rows.is_empty() && !model.list.loading {
        let header =
            Row::new(cols.iter().map(|c| Cell::from(c.header(lang)))).style(theme::header());
        let widths: Vec<Constraint> = col_widths.iter().map(|w| Constraint::Length(*w)).collect();
        let [h, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(table_area);
        frame.render_widget(Table::new(Vec::<Row>::new(), widths).header(header), h);
        frame.render_widget(
            Paragraph::new(t!(lang, "screen-list-no-match")).alignment(Alignment::Center),
            rest,
        );
        return;
    }
    let header = Row::new(cols.iter().map(|c| {
        let mut h = c.header(lang).to_string();
        if *c == model.list.sort.column {
            h.push_str(if model.list.sort.descending {
                " ↓"
            } else {
                " ↑"
            });
        }
        Cell::from(h)
    }))
    .style(theme::header());
    let widths: Vec<Constraint> = col_widths.iter().map(|w| Constraint::Length(*w)).collect();
    let rows = model.list.rows.iter().map(|r| {
        Row::new(cols.iter().map(|c| {
            let text = c.cell(r);
            let line = match c.align() {
                Align::Left => Line::from(text),
                Align::Right => Line::from(text).alignment(Alignment::Right),
                Align::Center => Line::from(text).alignment(Alignment::Center),
            };
            Cell::from(line)
        }))
    });
    model.list.page = usize::from(table_area.height.saturating_sub(1));
    let mut state = TableState::default().with_selected(Some(model.list.selected));
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(header)
            .row_highlight_style(theme::selected())
            .column_spacing(1),
        table_area,
        &mut state,
    );
}

/// The columns that fit in `width` cells, with their widths. Each column is as wide as its values
/// (and its header, up to 12 cells — a longer header is cut, as in ProMeister's list); the name
/// gives way first, down to 12 cells, and columns that still do not fit are left out rather than
/// cut, so an amount is never shown with digits missing.
pub(super) fn fitted_columns(cols: &[Column], lang: Lang, width: u16) -> (Vec<Column>, Vec<u16>) {
    let natural = |c: &Column| -> u16 {
        match c {
            Column::CustomerName | Column::MakeModel => c.width(),
            _ => c.width().max(c.header(lang).chars().count().min(12) as u16),
        }
    };
    let mut out_cols = Vec::new();
    let mut widths: Vec<u16> = Vec::new();
    let mut used: u16 = 0;
    for c in cols {
        let w = natural(c);
        let needed = if widths.is_empty() { w } else { w + 1 };
        if used + needed <= width {
            used += needed;
            out_cols.push(*c);
            widths.push(w);
            continue;
        }
        // Let free-text columns give way (down to 12 cells) before leaving a column out.
        let short = used + needed - width;
        let slack: u16 = out_cols
            .iter()
            .zip(&widths)
            .filter(|(oc, _)| matches!(oc, Column::CustomerName | Column::MakeModel))
            .map(|(_, ow)| ow.saturating_sub(12))
            .sum();
        if slack < short {
            break;
        }
        let mut short = short;
        for (oc, ow) in out_cols.iter().zip(widths.iter_mut()) {
            if matches!(oc, Column::CustomerName | Column::MakeModel) && short > 0 {
                let give = ow.saturating_sub(12).min(short);
                *ow -= give;
                used -= give;
                short -= give;
            }
        }
        used += needed;
        out_cols.push(*c);
        widths.push(w);
    }
    (out_cols, widths)
}

pub(super) fn render_columns(
    model: &Model,
    frame: &mut Frame,
    area: Rect,
    selected: usize,
    ticked: &[bool],
) {
    let lang = model.lang;
    let mut lines: Vec<Line> = Column::ALL
        .iter()
        .zip(ticked)
        .enumerate()
        .map(|(i, (c, t))| {
            let style = if i == selected {
                theme::selected()
            } else {
                Style::new()
            };
            Line::from(Span::styled(
                format!(" [{}] {:<36}", if *t { "x" } else { " " }, c.header(lang)),
                style,
            ))
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(format!(" {}", t!(lang, "screen-columns-keys"))));
    let r = centered(area, 50, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(format!(" {} ", Action::ChooseColumns.label(lang)))),
        r,
    );
}
