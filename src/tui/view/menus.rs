//! The popups: Funktion menu, help, confirmations, the payment method chooser of "Bokför" and
//! the sandbox customer's answer.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::theme;
use super::{centered, compact_label};
use crate::domain::invoice::invoice_lines;
use crate::domain::ledger::Taxation;
use crate::domain::{Money, Status, Totals};
use crate::t;
use crate::tui::keymap::Action;
use crate::tui::model::Model;

pub(super) fn render_menu(model: &Model, frame: &mut Frame, area: Rect, selected: usize) {
    let lang = model.lang;
    let items = Model::menu_items();
    let mut lines = Vec::new();
    let mut why = None;
    // On a short terminal the menu scrolls: a window of items around the selection.
    let room = usize::from(area.height.saturating_sub(4)).max(1);
    let start = if items.len() > room {
        selected.saturating_sub(room - 1).min(items.len() - room)
    } else {
        0
    };
    for (i, a) in items.iter().enumerate().skip(start).take(room) {
        let avail = model.availability(*a);
        let style = match (&avail, i == selected) {
            (_, true) => theme::selected(),
            (Err(_), false) => theme::disabled(),
            (Ok(_), false) => Style::new(),
        };
        if i == selected {
            why = avail.err();
        }
        lines.push(Line::from(Span::styled(
            format!(" {:<42}{:>10} ", a.label(lang), model.keymap.key_label(*a)),
            style,
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        why.map(|w| format!(" {w}")).unwrap_or_default(),
        Style::new().fg(Color::Yellow),
    )));
    let r = centered(area, 58, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(format!(" {} ", t!(lang, "screen-menu-title")))),
        r,
    );
}

pub(super) fn render_help(model: &Model, frame: &mut Frame, area: Rect) {
    let lang = model.lang;
    let mut lines = vec![Line::from(format!(" {}", t!(lang, "screen-help-keys")))];
    lines.push(Line::from(""));
    if usize::from(area.height) >= Action::ALL.len() + 7 {
        for a in Action::ALL {
            lines.push(Line::from(vec![
                Span::styled(format!(" {:<16}", model.keymap.keys_label(a)), theme::key()),
                Span::raw(a.label(lang)),
            ]));
        }
    } else {
        // Two columns on a short terminal.
        let half = Action::ALL.len().div_ceil(2);
        for i in 0..half {
            let mut spans = Vec::new();
            for a in [Action::ALL.get(i), Action::ALL.get(i + half)]
                .into_iter()
                .flatten()
            {
                // 38 cells a column; a long key ("Shift+F11") takes from the label's padding.
                let key = format!(" {:<8} ", model.keymap.key_label(*a));
                let pad = 38usize.saturating_sub(key.chars().count());
                spans.push(Span::styled(key, theme::key()));
                spans.push(Span::raw(format!("{:<pad$}", compact_label(*a, lang))));
            }
            lines.push(Line::from(spans));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(format!(" {}", t!(lang, "screen-help-list"))));
    lines.push(Line::from(format!(" {}", t!(lang, "screen-help-list-esc"))));
    let r = centered(area, 78, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(format!(" {} ", t!(lang, "screen-help-title")))),
        r,
    );
}

pub(super) fn render_confirm(model: &Model, frame: &mut Frame, area: Rect, action: Action) {
    let lang = model.lang;
    let text = match (action, model.send_summary()) {
        (Action::SendPayment, Some((mobile, amount))) => t!(
            lang,
            "screen-confirm-send",
            mobile = mobile,
            amount = amount.to_string()
        ),
        (Action::KlarnaReserve, _) => t!(
            lang,
            "screen-confirm-klarna-reserve",
            amount = model
                .order
                .as_ref()
                .map(|d| d.totals.total.to_string())
                .unwrap_or_default()
        ),
        (Action::DeleteLine, _) => t!(lang, "screen-confirm-delete-line", line = model.line + 1),
        (Action::CancelPayment, _)
            if model
                .order
                .as_ref()
                .is_some_and(|d| d.order.status == Status::Credited) =>
        {
            t!(
                lang,
                "screen-confirm-reopen-credited",
                provider = &model.provider
            )
        }
        (Action::Book, _)
            if model.order.as_ref().is_some_and(|d| {
                d.order.payment_method == Some(crate::domain::PaymentMethod::Klarna)
            }) =>
        {
            t!(lang, "screen-confirm-book-klarna")
        }
        (Action::Book, _) => t!(lang, "screen-confirm-book-mobile"),
        (Action::ZReport, _) => t!(lang, "screen-confirm-z-report"),
        _ => t!(lang, "screen-confirm-cancel"),
    };
    confirm_box(model, frame, area, action.label(lang), &text);
}

/// "Kreditera" confirmed with the amount that goes back before anything is written.
pub(super) fn render_confirm_credit(
    model: &Model,
    frame: &mut Frame,
    area: Rect,
    lines: Option<&[usize]>,
    amount: Money,
) {
    let lang = model.lang;
    let invoice = model
        .order
        .as_ref()
        .and_then(|d| d.order.invoice_no)
        .unwrap_or_default();
    let text = match lines {
        None => t!(
            lang,
            "screen-confirm-credit-all",
            invoice = invoice,
            amount = amount.to_string()
        ),
        Some(ls) => t!(
            lang,
            "screen-confirm-credit-lines",
            invoice = invoice,
            lines = ls
                .iter()
                .map(|l| l.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            count = ls.len(),
            amount = amount.to_string()
        ),
    };
    confirm_box(model, frame, area, Action::Credit.label(lang), &text);
}

/// "Matcha": the invoice found, its buyer and what is open, before the payment is matched.
pub(super) fn render_confirm_match(
    model: &Model,
    frame: &mut Frame,
    area: Rect,
    payment: i64,
    invoice: &crate::domain::reconcile::OpenInvoice,
) {
    let lang = model.lang;
    let amount = model
        .reconcile
        .as_ref()
        .and_then(|v| v.rows.iter().find(|p| p.id == payment))
        .map(|p| p.amount.to_string())
        .unwrap_or_default();
    let text = t!(
        lang,
        "screen-confirm-reconcile-match",
        payment = payment,
        amount = amount,
        invoice = invoice.invoice_no,
        buyer = invoice.buyer.clone(),
        nr = invoice.order_nr,
        open = invoice.open.to_string(),
        to_pay = invoice.to_pay.to_string()
    );
    let title = t!(lang, "screen-reconcile-match-title", payment = payment);
    confirm_box(model, frame, area, &title, &text);
}

/// "Till OBS": the amount, before the payment is moved.
pub(super) fn render_confirm_obs(
    model: &Model,
    frame: &mut Frame,
    area: Rect,
    payment: i64,
    amount: Money,
) {
    let lang = model.lang;
    let text = t!(
        lang,
        "screen-confirm-reconcile-obs",
        payment = payment,
        amount = amount.to_string()
    );
    let title = t!(lang, "screen-reconcile-obs-title");
    confirm_box(model, frame, area, &title, &text);
}

pub(super) fn render_confirm_refund_all(
    model: &Model,
    frame: &mut Frame,
    area: Rect,
    count: usize,
    total: Money,
) {
    let lang = model.lang;
    let text = t!(
        lang,
        "screen-confirm-refunds-all",
        count = count,
        total = total.to_string()
    );
    let title = t!(lang, "screen-refunds-batch-title");
    confirm_box(model, frame, area, &title, &text);
}

fn confirm_box(model: &Model, frame: &mut Frame, area: Rect, title: &str, text: &str) {
    let lang = model.lang;
    // The question wraps between words and keeps its indent; the key line always shows.
    let width = 74.min(area.width);
    let inner = usize::from(width.saturating_sub(4));
    let mut lines: Vec<Line> = super::wrap_words(text, inner)
        .into_iter()
        .map(|l| Line::from(format!(" {l}")))
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(format!(" {}", t!(lang, "screen-confirm-keys"))));
    let r = centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(format!(" {title} "))),
        r,
    );
}

pub(super) fn render_method(model: &Model, frame: &mut Frame, area: Rect, selected: usize) {
    let lang = model.lang;
    // What the invoice will say: a reverse-charge customer's sale carries no Swedish VAT.
    let total = model
        .order
        .as_ref()
        .map(|d| {
            let taxation = Taxation::of(d.customer.reverse_charge);
            let lines = invoice_lines(&d.order.lines, taxation);
            Totals::of(&lines).total.to_string()
        })
        .unwrap_or_default();
    let mut lines = vec![
        Line::from(format!(
            " {}",
            t!(lang, "screen-method-for", amount = total)
        )),
        Line::from(""),
    ];
    for (i, m) in crate::tui::model::COUNTER_METHODS.iter().enumerate() {
        let label = match m {
            crate::domain::PaymentMethod::Kontant => t!(lang, "screen-method-cash"),
            crate::domain::PaymentMethod::Kort => t!(lang, "screen-method-card"),
            _ => t!(lang, "screen-method-invoice"),
        };
        let text = format!(" {}  {:<8} {label}", i + 1, m.code());
        lines.push(if i == selected {
            Line::from(Span::styled(text, theme::selected()))
        } else {
            Line::from(text)
        });
    }
    lines.push(Line::from(""));
    lines.push(Line::from(format!(" {}", t!(lang, "screen-method-keys"))));
    let r = centered(area, 60, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(format!(" {} ", Action::Book.label(lang)))),
        r,
    );
}

pub(super) fn render_customer(model: &Model, frame: &mut Frame, area: Rect) {
    let lang = model.lang;
    let lines = vec![
        Line::from(format!(" {}", t!(lang, "screen-customer-intro"))),
        Line::from(""),
        Line::from(format!(" 1  {}", t!(lang, "screen-customer-pay-now"))),
        Line::from(format!(" 2  {}", t!(lang, "screen-customer-part-payment"))),
        Line::from(format!(" 3  {}", t!(lang, "screen-customer-invoice"))),
        Line::from(format!(" 4  {}", t!(lang, "screen-customer-decline"))),
        Line::from(""),
        Line::from(format!(" {}", t!(lang, "screen-esc-cancel"))),
    ];
    let r = centered(area, 40, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(Action::ActAsCustomer.label(lang))),
        r,
    );
}
