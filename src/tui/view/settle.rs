//! The disputes screen (F11) and the payouts screen (Shift+F11), issue 13: the register with its
//! deadlines and the dispute rate; the provider's payouts with the text on the bank statement.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table};

use super::theme;
use crate::app::disputes::days_left;
use crate::domain::Money;
use crate::domain::settlement::RateLevel;
use crate::t;
use crate::tui::model::{Model, due_soon};

fn right(text: String) -> Cell<'static> {
    Cell::from(Line::from(text).alignment(Alignment::Right))
}

fn money(m: Money) -> Cell<'static> {
    right(m.to_string())
}

fn loading(frame: &mut Frame, area: Rect, title: String, text: String) {
    frame.render_widget(
        Paragraph::new(format!(" {text}")).block(Block::bordered().title(title)),
        area,
    );
}

/// The block's inner area split into the lines above the table, the table and the keys line.
fn parts(block: &Block, area: Rect, above: u16) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(above),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(block.inner(area))
}

pub(super) fn render_disputes(model: &Model, frame: &mut Frame, area: Rect) {
    let lang = model.lang;
    let title = format!(" {} ", t!(lang, "screen-title-disputes"));
    let Some(v) = &model.disputes else {
        return loading(frame, area, title, t!(lang, "screen-disputes-loading"));
    };
    let r = &v.rate;
    let rate_style = match r.level {
        RateLevel::Normal => Style::new(),
        RateLevel::Warning | RateLevel::Elevated => theme::warning(),
    };
    let mut above = vec![Line::from(Span::styled(
        format!(
            " {}",
            t!(
                lang,
                "screen-dispute-rate",
                percent = format!("{:.2}", r.percent).replace('.', ","),
                disputes = r.disputes,
                invoices = r.invoices,
                days = r.window_days
            )
        ),
        rate_style,
    ))];
    let warning = match r.level {
        RateLevel::Normal => None,
        RateLevel::Warning => Some(t!(lang, "cli-dispute-rate-warning")),
        RateLevel::Elevated => Some(t!(lang, "cli-dispute-rate-elevated")),
    };
    if let Some(w) = warning {
        let width = usize::from(area.width.saturating_sub(3));
        above.push(Line::from(Span::styled(
            format!(" {}", super::shorten_words(&w, width)),
            rate_style,
        )));
    }
    let block = Block::bordered().title(title);
    let [top, table_area, keys] = parts(&block, area, above.len() as u16);
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(above), top);

    // Below 100 columns the day it was opened gives way (the deadline is what matters), so
    // that the customer and the reason are not cut.
    let wide = table_area.width >= 100;
    let mut heads = vec![
        String::new(),
        t!(lang, "screen-dispute-col-order"),
        t!(lang, "screen-dispute-col-customer"),
        t!(lang, "screen-dispute-col-reason"),
        t!(lang, "screen-dispute-col-amount"),
    ];
    if wide {
        heads.push(t!(lang, "screen-dispute-col-opened"));
    }
    heads.push(t!(lang, "screen-dispute-col-deadline"));
    heads.push(t!(lang, "screen-dispute-col-state"));
    let header = Row::new(heads.into_iter().map(Cell::from)).style(theme::header());
    // The customer and the reason share what the fixed columns leave (the table puts one
    // space between columns), and are shortened on purpose, by words, when longer.
    let fixed: u16 = 1 + 7 + 11 + 18 + if wide { 10 + 20 } else { 12 };
    let columns: u16 = if wide { 8 } else { 7 };
    let flex = table_area.width.saturating_sub(fixed + columns - 1).max(16);
    let customer_width = flex * 9 / 20;
    let reason_width = flex - customer_width;
    let visible = usize::from(table_area.height.saturating_sub(1));
    let rows: Vec<Row> = if v.rows.is_empty() {
        vec![Row::new([
            Cell::from(""),
            Cell::from(t!(lang, "cli-dispute-none")),
        ])]
    } else {
        v.rows
            .iter()
            .skip(v.scroll)
            .take(visible)
            .map(|d| {
                let soon = due_soon(d, v.today);
                let state = d.outcome.as_deref().unwrap_or(d.state.code()).to_string();
                let mut cells = vec![
                    Cell::from(if soon { "!" } else { "" }),
                    Cell::from(d.order_nr.map_or("–".into(), |n| n.to_string())),
                    Cell::from(super::shorten_words(
                        d.customer.as_deref().unwrap_or("–"),
                        usize::from(customer_width),
                    )),
                    Cell::from(super::shorten_words(&d.reason, usize::from(reason_width))),
                    money(d.amount),
                ];
                if wide {
                    cells.push(Cell::from(d.opened_at.date_naive().to_string()));
                }
                cells.push(Cell::from(t!(
                    lang,
                    "screen-dispute-days",
                    deadline = d.deadline.to_string(),
                    days = days_left(d, v.today)
                )));
                cells.push(Cell::from(t!(lang, "screen-dispute-state", state = state)));
                let row = Row::new(cells);
                if soon {
                    row.style(theme::warning())
                } else {
                    row
                }
            })
            .collect()
    };
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(7),
        Constraint::Length(customer_width),
        Constraint::Length(reason_width),
        Constraint::Length(11),
    ];
    if wide {
        widths.push(Constraint::Length(10));
    }
    widths.push(Constraint::Length(18));
    widths.push(Constraint::Length(if wide { 20 } else { 12 }));
    frame.render_widget(Table::new(rows, widths).header(header), table_area);
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!(
                " {}",
                super::shorten_words(
                    &t!(lang, "screen-disputes-keys"),
                    usize::from(keys.width.saturating_sub(2))
                )
            ),
            theme::disabled(),
        )),
        keys,
    );
}

pub(super) fn render_payouts(model: &Model, frame: &mut Frame, area: Rect) {
    let lang = model.lang;
    let title = format!(" {} ", t!(lang, "screen-title-payouts"));
    let Some(v) = &model.payouts else {
        return loading(frame, area, title, t!(lang, "screen-payouts-loading"));
    };
    let block = Block::bordered().title(title);
    let [_, table_area, keys] = parts(&block, area, 0);
    let table_area = table_area.inner(ratatui::layout::Margin::new(1, 0));
    frame.render_widget(block, area);
    // Returns and reversals when there is room for them (they are in the CLI's list too).
    let wide = table_area.width >= 100;
    let mut head = vec![
        Cell::from(t!(lang, "screen-payout-col-reference")),
        Cell::from(t!(lang, "screen-payout-col-date")),
        right(t!(lang, "screen-payout-col-net")),
        right(t!(lang, "screen-payout-col-sales")),
        right(t!(lang, "screen-payout-col-fees")),
    ];
    let mut widths = vec![
        Constraint::Min(14),
        Constraint::Length(10),
        Constraint::Length(11),
        Constraint::Length(11),
        Constraint::Length(10),
    ];
    if wide {
        head.push(right(t!(lang, "screen-payout-col-returns")));
        head.push(right(t!(lang, "screen-payout-col-reversals")));
        widths.push(Constraint::Length(10));
        widths.push(Constraint::Length(12));
    }
    head.push(right(t!(lang, "screen-payout-col-voucher")));
    widths.push(Constraint::Length(7));
    let header = Row::new(head).style(theme::header());
    let visible = usize::from(table_area.height.saturating_sub(1));
    if v.rows.is_empty() {
        let below = Rect {
            y: table_area.y + 1,
            height: 1,
            ..table_area
        };
        frame.render_widget(Paragraph::new(t!(lang, "cli-settle-none")), below);
    }
    let rows: Vec<Row> = v
        .rows
        .iter()
        .skip(v.scroll)
        .take(visible)
        .map(|p| {
            let mut cells = vec![
                Cell::from(p.payment_reference.clone()),
                Cell::from(p.payout_date.to_string()),
                money(p.net),
                money(p.totals.sales),
                money(p.totals.fees),
            ];
            if wide {
                cells.push(money(p.totals.returns));
                cells.push(money(p.totals.reversals));
            }
            cells.push(right(p.voucher_no.to_string()));
            Row::new(cells)
        })
        .collect();
    frame.render_widget(Table::new(rows, widths).header(header), table_area);
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!(
                " {}",
                super::shorten_words(
                    &t!(lang, "screen-payouts-keys"),
                    usize::from(keys.width.saturating_sub(2))
                )
            ),
            theme::disabled(),
        )),
        keys,
    );
}
