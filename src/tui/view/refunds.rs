//! The refunds screen (Shift+F12, issue 15): the proposals (chosen mark, id, customer, amount,
//! what is owed, date, where the money goes, the message) and below them the refunds sent and
//! waiting for the bank (with their batch); the selected row in full below the table, and what
//! B will send.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use unicode_width::UnicodeWidthStr;

use super::{WorkList, render_keys_line, shorten_words, theme, work_list, wrap_at_most};
use crate::app::RefundRecord;
use crate::domain::{Lang, Money};
use crate::t;
use crate::tui::model::{Model, RefundsView};

fn sent_payee(r: &RefundRecord) -> String {
    r.payee
        .as_ref()
        .map(|p| p.to_string())
        .unwrap_or_else(|| "–".into())
}

/// The selected row in full, as `verkstad refund list` writes it.
fn detail_text(v: &RefundsView, lang: Lang) -> String {
    if let Some(p) = v.selected_proposal() {
        return p.describe(lang);
    }
    let at = v.selected.saturating_sub(v.list.proposals.len());
    match v.list.sent.get(at) {
        Some(r) => crate::app::refunds::describe_sent(r, lang),
        None => String::new(),
    }
}

/// What B sends now: the chosen proposals, or every one with payment details.
fn sending_text(v: &RefundsView, lang: Lang) -> String {
    let send = v.to_send();
    let total: Money = send.iter().map(|p| p.amount).sum();
    let (count, total) = (send.len(), total.to_string());
    if v.chosen.is_empty() {
        t!(
            lang,
            "screen-refunds-sending-all",
            count = count,
            total = total
        )
    } else {
        t!(
            lang,
            "screen-refunds-sending-chosen",
            count = count,
            total = total
        )
    }
}

pub(super) fn render_refunds(model: &Model, frame: &mut Frame, area: Rect) {
    let lang = model.lang;
    let parts = work_list(
        frame,
        area,
        t!(lang, "screen-title-refunds"),
        model.refunds.is_some(),
        t!(lang, "screen-refunds-loading"),
    );
    let (Some(v), Some(parts)) = (&model.refunds, parts) else {
        return;
    };
    let WorkList {
        table: table_area,
        detail,
        detail_lines,
        keys,
    } = parts;
    let width = table_area.width;

    let money_width = |head: String, values: &mut dyn Iterator<Item = Money>| -> u16 {
        values
            .map(|m| m.to_string().width())
            .chain([head.width()])
            .max()
            .unwrap_or(8) as u16
    };
    let amount_width = money_width(
        t!(lang, "screen-refunds-col-amount"),
        &mut v
            .list
            .proposals
            .iter()
            .map(|p| p.amount)
            .chain(v.list.sent.iter().map(|r| r.amount)),
    );
    let owed_width = money_width(
        t!(lang, "screen-refunds-col-owed"),
        &mut v.list.proposals.iter().map(|p| p.owed),
    );
    let id_width = v
        .list
        .proposals
        .iter()
        .map(|p| p.id.width())
        .chain(v.list.sent.iter().map(|r| format!("#{}", r.id).width()))
        .chain([t!(lang, "screen-refunds-col-id").width()])
        .max()
        .unwrap_or(4) as u16;
    // Mark, id, amount, owed, date fixed; one space between the eight columns.
    let fixed = 3 + id_width + amount_width + owed_width + 10 + 7;
    let flex = width.saturating_sub(fixed).max(24);
    let customer_width = flex * 3 / 10;
    let payee_width = flex * 3 / 10;
    let message_width = flex - customer_width - payee_width;
    let header = Row::new(vec![
        Cell::from(""),
        Cell::from(t!(lang, "screen-refunds-col-id")),
        Cell::from(t!(lang, "screen-refunds-col-customer")),
        Cell::from(Line::from(t!(lang, "screen-refunds-col-amount")).alignment(Alignment::Right)),
        Cell::from(Line::from(t!(lang, "screen-refunds-col-owed")).alignment(Alignment::Right)),
        Cell::from(t!(lang, "screen-refunds-col-date")),
        Cell::from(t!(lang, "screen-refunds-col-payee")),
        Cell::from(t!(lang, "screen-refunds-col-message")),
    ])
    .style(theme::header());
    let sent_text = t!(lang, "screen-refunds-sent-state");
    let mut all: Vec<Row> = v
        .list
        .proposals
        .iter()
        .map(|p| {
            let mark = if v.chosen.contains(&p.id) {
                "[x]"
            } else {
                "[ ]"
            };
            let payee = p.payee_text(lang);
            let payee_cell = if p.payee.is_some() {
                Cell::from(shorten_words(&payee, usize::from(payee_width)))
            } else {
                Cell::from(Span::styled(
                    shorten_words(&payee, usize::from(payee_width)),
                    theme::warning(),
                ))
            };
            Row::new(vec![
                Cell::from(mark),
                Cell::from(p.id.clone()),
                Cell::from(shorten_words(
                    &format!("{} {}", p.customer_no, p.customer_name),
                    usize::from(customer_width),
                )),
                Cell::from(Line::from(p.amount.to_string()).alignment(Alignment::Right)),
                Cell::from(Line::from(p.owed.to_string()).alignment(Alignment::Right)),
                Cell::from(p.pay_on.to_string()),
                payee_cell,
                Cell::from(shorten_words(&p.message, usize::from(message_width))),
            ])
        })
        .collect();
    all.extend(v.list.sent.iter().map(|r| {
        let state = t!(
            lang,
            "screen-refunds-in-batch",
            batch = r.batch.unwrap_or_default(),
            waiting = sent_text.clone()
        );
        Row::new(vec![
            Cell::from(""),
            Cell::from(format!("#{}", r.id)),
            Cell::from(r.customer_no.to_string()),
            Cell::from(Line::from(r.amount.to_string()).alignment(Alignment::Right)),
            Cell::from(Line::from("–").alignment(Alignment::Right)),
            Cell::from(r.pay_on.to_string()),
            Cell::from(shorten_words(&sent_payee(r), usize::from(payee_width))),
            Cell::from(Span::styled(
                shorten_words(&state, usize::from(message_width)),
                theme::info(),
            )),
        ])
    }));
    let visible = usize::from(table_area.height.saturating_sub(1)).max(1);
    let top = (v.selected + 1).saturating_sub(visible);
    let rows: Vec<Row> = all
        .into_iter()
        .enumerate()
        .skip(top)
        .take(visible)
        .map(|(i, row)| {
            if i == v.selected {
                row.style(theme::selected())
            } else {
                row
            }
        })
        .collect();
    let widths = [
        Constraint::Length(3),
        Constraint::Length(id_width),
        Constraint::Length(customer_width),
        Constraint::Length(amount_width),
        Constraint::Length(owed_width),
        Constraint::Length(10),
        Constraint::Length(payee_width),
        Constraint::Length(message_width),
    ];
    frame.render_widget(Table::new(rows, widths).header(header), table_area);
    if v.rows() == 0 {
        let below = Rect {
            y: table_area.y + 1,
            height: 1,
            ..table_area
        };
        frame.render_widget(
            Paragraph::new(shorten_words(
                &t!(lang, "screen-refunds-none"),
                usize::from(width),
            )),
            below,
        );
    }

    // What B sends, then the selected row in full, wrapped.
    let w = usize::from(detail.width);
    let mut lines = vec![Line::from(Span::styled(
        shorten_words(&sending_text(v, lang), w),
        Style::new().add_modifier(Modifier::BOLD),
    ))];
    let wrapped = wrap_at_most(&detail_text(v, lang), w, usize::from(detail_lines));
    lines.extend(wrapped.into_iter().map(Line::from));
    frame.render_widget(Paragraph::new(lines), detail);

    // "Ändra kund" edits the selected proposal's customer: its key as the keymap has it.
    let customer_key = model
        .keymap
        .key_label(crate::tui::keymap::Action::EditCustomer);
    render_keys_line(
        frame,
        keys,
        t!(lang, "screen-refunds-keys", customer = customer_key.clone()),
        t!(lang, "screen-refunds-keys-short", customer = customer_key),
    );
}
