//! The F5 order list and its column chooser ("Visa kolumn...").

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, TableState};

use chrono::{DateTime, Local, Utc};
use ratatui::widgets::Wrap;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::centered;
use super::fit::{ColumnNeed, Fitted, Form, fit};
use super::theme;
use crate::domain::columns::Align;
use crate::domain::{Column, Lang, OrderSummary};
use crate::t;
use crate::tui::keymap::Action;
use crate::tui::model::Model;

/// A column's short header (the long one is in F6 "Visa kolumn..." and in help).
fn short_header(c: Column, lang: Lang) -> String {
    match c {
        Column::CustomerNo => t!(lang, "screen-col-short-customer-no"),
        Column::CustomerName => t!(lang, "screen-col-short-customer-name"),
        Column::Total => t!(lang, "screen-col-short-total"),
        Column::PaymentMethod => t!(lang, "screen-col-short-payment-method"),
        Column::PaymentReceived => t!(lang, "screen-col-short-payment-received"),
        Column::PaymentReceivedAt => t!(lang, "screen-col-short-payment-received-at"),
        Column::InvoiceNo => t!(lang, "screen-col-short-invoice-no"),
        other => other.header(lang).to_string(),
    }
}

fn is_time(c: Column) -> bool {
    matches!(
        c,
        Column::CreatedAt | Column::UpdatedAt | Column::BookedAt | Column::PaymentReceivedAt
    )
}

fn time_of(c: Column, r: &OrderSummary) -> Option<DateTime<Utc>> {
    match c {
        Column::CreatedAt => Some(r.created_at),
        Column::UpdatedAt => Some(r.updated_at),
        Column::BookedAt => r.booked_at,
        Column::PaymentReceivedAt => r.payment_received_at,
        _ => None,
    }
}

/// A cell's text in the given form: times become `ÅÅMMDD hh:mm`, then `ÅÅMMDD` (the payment
/// time keeps its time of day).
fn cell_in(c: Column, r: &OrderSummary, form: Form) -> String {
    if !is_time(c) || matches!(form, Form::Full | Form::ShortHeaders) {
        return c.cell(r);
    }
    let Some(t) = time_of(c, r) else {
        return String::new();
    };
    let local = t.with_timezone(&Local);
    if form == Form::Dates && c != Column::PaymentReceivedAt {
        local.format("%y%m%d").to_string()
    } else {
        local.format("%y%m%d %H:%M").to_string()
    }
}

fn cells(s: &str) -> u16 {
    u16::try_from(s.width()).unwrap_or(u16::MAX)
}

/// Text in at most `width` cells: shortened on purpose with "…" when it does not fit.
fn shorten(text: String, width: u16) -> String {
    let width = usize::from(width);
    if text.width() <= width {
        return text;
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(ch);
    }
    out.push('…');
    out
}

/// The header of a column as drawn: with the sort arrow on the sorted column.
fn header_text(model: &Model, c: Column, short: bool) -> String {
    let mut h = if short {
        short_header(c, model.lang)
    } else {
        c.header(model.lang).to_string()
    };
    if c == model.list.sort.column {
        h.push_str(if model.list.sort.descending {
            " ↓"
        } else {
            " ↑"
        });
    }
    h
}

/// The widest value of each column over the rows shown so far (from the first to `shown`, the
/// end of the screen), in full, compact and dates form.
///
/// The widths grow only in a frame that shows the wider value: rows read ahead of the screen
/// are not measured until they come onto it. (Measuring every loaded row had two costs: each
/// page of a deep scroll formatted thousands of rows again, and a chunk of rows arriving below
/// the screen could widen a column, a second frame 4–6 ms after the key's.) A change that only
/// added rows after the measured ones keeps what was measured; any other change measures again.
fn value_widths(model: &mut Model, shown: usize) -> Vec<(u16, u16, u16)> {
    let list = &model.list;
    let shown = shown.min(list.rows.len());
    let kept = match &list.value_widths {
        Some((version, cols, widths, upto)) if *cols == list.columns => {
            let same_rows = *version == list.rows_version;
            // Rows added after those measured (scrolling on): the measured rows are unchanged.
            let added_after = matches!(&list.grown,
                Some((v, added)) if *v == list.rows_version && *version + 1 == *v
                    && added.start >= *upto);
            (same_rows || added_after).then_some((widths, *upto))
        }
        _ => None,
    };
    if let Some((widths, upto)) = kept
        && shown <= upto
    {
        let widths = widths.clone();
        if let Some(cache) = model.list.value_widths.as_mut() {
            cache.0 = model.list.rows_version;
        }
        return widths;
    }
    let (from, known) = kept.map_or((0, None), |(w, upto)| (upto, Some(w)));
    let rows = &list.rows[from..shown];
    let widths: Vec<(u16, u16, u16)> = list
        .columns
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let widest = |form: Form| {
                rows.iter()
                    .map(|r| cells(&cell_in(c, r, form)))
                    .max()
                    .unwrap_or(0)
            };
            let measured = if is_time(c) {
                (
                    widest(Form::Full),
                    widest(Form::Compact),
                    widest(Form::Dates),
                )
            } else {
                let w = widest(Form::Full);
                (w, w, w)
            };
            match known.and_then(|k| k.get(i)) {
                Some(k) => (
                    k.0.max(measured.0),
                    k.1.max(measured.1),
                    k.2.max(measured.2),
                ),
                None => measured,
            }
        })
        .collect();
    model.list.value_widths = Some((
        list.rows_version,
        list.columns.clone(),
        widths.clone(),
        shown,
    ));
    widths
}

/// Which columns are drawn, how wide, in which form; scrolled by ←/→ when they do not all fit.
pub(super) fn plan_columns(
    model: &mut Model,
    width: u16,
    shown: usize,
) -> (Vec<(Column, u16)>, Fitted) {
    let values = value_widths(model, shown);
    let cols = &model.list.columns;
    let needs: Vec<ColumnNeed> = cols
        .iter()
        .zip(values)
        .map(|(&c, (full, compact, dates))| ColumnNeed {
            header: cells(&header_text(model, c, false)),
            short_header: cells(&header_text(model, c, true)),
            full,
            compact,
            dates,
            free_text: matches!(c, Column::CustomerName | Column::MakeModel),
            keeps_time: c == Column::PaymentReceivedAt,
        })
        .collect();
    let fitted = fit(&needs, width, model.list.col_scroll);
    let shown = fitted.shown.iter().map(|(i, w)| (cols[*i], *w)).collect();
    (shown, fitted)
}

pub(super) fn render_list(model: &mut Model, frame: &mut Frame, area: Rect) {
    let lang = model.lang;
    let [filter_area, table_area] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(2)]).areas(area);
    // The rows on screen: the first shown row moves just enough to keep the selection
    // visible (thousands may be loaded; only these are drawn, and measured once shown).
    let page = usize::from(table_area.height.saturating_sub(1)).max(1);
    model.list.page = page;
    let selected = model
        .list
        .selected
        .min(model.list.rows.len().saturating_sub(1));
    let mut top = model.list.top.min(selected);
    if selected >= top + page {
        top = selected + 1 - page;
    }
    model.list.top = top;
    let end = (top + page).min(model.list.rows.len());
    let (shown, fitted) = plan_columns(model, table_area.width, end);
    // ← / → never scroll past the last useful position.
    model.list.col_scroll = fitted.hidden_left;
    let short = fitted.form != Form::Full;
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
        short_header(model.list.sort.column, lang),
        if model.list.sort.descending {
            "↓"
        } else {
            "↑"
        }
    );
    let count = match model.list.current_count() {
        Some(c) if c.exact => t!(lang, "screen-list-count", n = c.n),
        Some(c) => t!(lang, "screen-list-count-at-least", n = c.n),
        None => t!(lang, "screen-list-counting"),
    };
    let hidden = fitted.hidden_left + fitted.hidden_right;
    let mut spans = vec![
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
                count = count
            )
        )),
    ];
    // Rows fetched ahead of the selection (appending) are no wait for the user: no marker.
    if model.list.loading && !model.list.appending {
        spans.push(Span::styled(
            format!("   {}", t!(lang, "screen-list-searching")),
            Style::new().fg(Color::Yellow),
        ));
    }
    if hidden > 0 {
        spans.push(Span::styled(
            format!("   {}", t!(lang, "screen-list-hidden-columns", n = hidden)),
            Style::new().fg(Color::Yellow),
        ));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans))
            .wrap(Wrap { trim: false })
            .block(Block::new().borders(Borders::BOTTOM)),
        filter_area,
    );

    let widths: Vec<Constraint> = shown.iter().map(|(_, w)| Constraint::Length(*w)).collect();
    let header = Row::new(
        shown
            .iter()
            .map(|(c, _)| Cell::from(header_text(model, *c, short))),
    )
    .style(theme::header());
    if model.list.rows.is_empty() && !model.list.loading {
        let [h, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(table_area);
        frame.render_widget(Table::new(Vec::<Row>::new(), widths).header(header), h);
        frame.render_widget(
            Paragraph::new(t!(lang, "screen-list-no-match")).alignment(Alignment::Center),
            rest,
        );
        return;
    }
    let rows = model.list.rows[top.min(end)..end].iter().map(|r| {
        Row::new(shown.iter().map(|(c, w)| {
            let text = shorten(cell_in(*c, r, fitted.form), *w);
            let line = match c.align() {
                Align::Left => Line::from(text),
                Align::Right => Line::from(text).alignment(Alignment::Right),
                Align::Center => Line::from(text).alignment(Alignment::Center),
            };
            Cell::from(line)
        }))
    });
    let mut state = TableState::default().with_selected(Some(selected - top.min(selected)));
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(header)
            .row_highlight_style(theme::selected())
            .column_spacing(1),
        table_area,
        &mut state,
    );
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
