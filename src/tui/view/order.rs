//! The order screen: customer, vehicle, lines, totals, payments and the order's invoices.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};

use super::theme;
use super::{kv, status_style};
use crate::domain::Status;
use crate::domain::columns::format_time;
use crate::domain::payment::PayChoice;
use crate::t;
use crate::tui::model::{Model, Overlay};

/// Width of the totals box on the order screen.
pub(super) const TOTALS_WIDTH: u16 = 33;

pub(super) fn render_order(model: &Model, frame: &mut Frame, area: Rect) {
    let lang = model.lang;
    if let Some(nr) = model.opening {
        let text = t!(lang, "screen-opening-order", nr = nr);
        frame.render_widget(Paragraph::new(text).block(Block::bordered()), area);
        return;
    }
    let Some(d) = &model.order else {
        let p = Paragraph::new(t!(lang, "screen-order-none")).block(Block::bordered());
        frame.render_widget(p, area);
        return;
    };
    let o = &d.order;
    let locked = !o.status.is_editable();
    let base = if locked {
        theme::locked()
    } else {
        Style::new()
    };
    let tick = if o.payment_received { "[x]" } else { "[ ]" };
    let last = model.attempts.last();
    // A Klarna reservation is shown as one, with its store.
    let klarna = last.is_some_and(crate::app::provider::is_klarna);
    let mobile_state = last
        .map(|a| {
            if a.state == crate::domain::payment::AttemptState::Sending {
                return if model.busy.is_some() {
                    t!(lang, "screen-sms-sending")
                } else {
                    t!(lang, "screen-sms-outcome-unknown")
                };
            }
            let state = a
                .payment_state
                .map(|s| s.label(lang).to_string())
                .unwrap_or_default();
            let method = a
                .method
                .as_deref()
                .map(|m| format!(" ({})", PayChoice::show(m, lang)))
                .unwrap_or_default();
            match a.provider_store.as_deref().filter(|_| klarna) {
                Some(store) => format!(
                    "{state} ({})",
                    t!(lang, "screen-klarna-store", store = store)
                ),
                None => format!("{state}{method}"),
            }
        })
        .unwrap_or_else(|| "–".into());
    let fields: [(String, String); 6] = [
        (
            t!(lang, "screen-billing-method"),
            o.payment_method
                .map(|m| m.code().to_string())
                .unwrap_or_else(|| "–".into()),
        ),
        (t!(lang, "screen-billing-received"), tick.to_string()),
        (
            t!(lang, "screen-billing-received-at"),
            o.payment_received_at
                .map(format_time)
                .unwrap_or_else(|| "–".into()),
        ),
        (
            t!(lang, "screen-billing-invoice-no"),
            o.invoice_no
                .map(|n| n.to_string())
                .unwrap_or_else(|| "–".into()),
        ),
        (
            if klarna {
                t!(lang, "screen-billing-klarna")
            } else {
                t!(lang, "screen-billing-mobile")
            },
            mobile_state,
        ),
        (t!(lang, "screen-billing-invoices"), invoices_text(model)),
    ];
    // Label and value on one line when the box is wide enough, else the value under its label.
    let label_width = fields
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0)
        + 1;
    let inner = usize::from(area.width.saturating_sub(TOTALS_WIDTH + 2));
    let mut billing = Vec::new();
    for (label, value) in fields {
        if label_width + value.chars().count() <= inner {
            billing.push(kv(&label, value, label_width));
        } else {
            billing.push(kv(&label, String::new(), 0));
            billing.push(Line::from(format!("  {value}")));
        }
    }
    let rates = d.totals.per_rate.len() as u16;
    let outlays = !d.totals.outlays.is_zero();
    let totals_lines = 2 * rates + u16::from(rates > 1) + u16::from(outlays) + 1;
    let bottom_height = totals_lines.max(billing.len() as u16) + 2;
    let [head, lines_area, bottom] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Min(3),
        Constraint::Length(bottom_height),
    ])
    .areas(area);

    // Header: customer and vehicle.
    let mobile = d
        .customer
        .mobile
        .as_ref()
        .map(|m| m.display())
        .unwrap_or_else(|| "–".into());
    let vehicle = d
        .vehicle
        .as_ref()
        .map(|v| {
            format!(
                "{}  {} {}{}",
                v.regnr,
                v.make,
                v.model,
                v.year.map(|y| format!(" ({y})")).unwrap_or_default()
            )
        })
        .unwrap_or_else(|| "–".into());
    let sending = model
        .attempts
        .last()
        .is_some_and(|a| a.state == crate::domain::payment::AttemptState::Sending);
    // A dispute pauses the invoice: said where the lock note stands, instead of it.
    let paused = model
        .paused
        .map(|deadline| t!(lang, "screen-order-paused", deadline = deadline.to_string()));
    let lock_note = paused
        .or(match o.status {
            Status::MobilePayment if sending => Some(t!(lang, "screen-lock-sending")),
            Status::MobilePayment
                if model
                    .attempts
                    .last()
                    .is_some_and(crate::app::provider::is_klarna) =>
            {
                Some(t!(lang, "screen-lock-klarna"))
            }
            Status::MobilePayment => Some(t!(lang, "screen-lock-sent")),
            Status::Booked | Status::Credited => Some(t!(lang, "screen-lock-booked")),
            _ => None,
        })
        .map(|note| format!("  {note}"))
        .unwrap_or_default();
    let head_text = vec![
        Line::from(vec![
            Span::styled(
                format!("{}  ", t!(lang, "screen-order-heading", nr = o.nr)),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::styled(format!(" {} ", o.status), status_style(o.status)),
            Span::styled(lock_note, Style::new().fg(Color::Yellow)),
        ]),
        kv(
            &t!(lang, "screen-customer"),
            format!(
                "{}  {}  {}",
                d.customer.customer_no, d.customer.name, mobile
            ),
            9,
        ),
        kv(&t!(lang, "screen-vehicle"), vehicle, 9),
    ];
    frame.render_widget(
        Paragraph::new(head_text)
            .style(base)
            .block(Block::new().borders(Borders::BOTTOM)),
        head,
    );

    // Lines.
    let header = Row::new(
        [
            t!(lang, "screen-col-line"),
            t!(lang, "screen-col-kind"),
            t!(lang, "screen-col-article"),
            t!(lang, "screen-col-description"),
            t!(lang, "screen-col-quantity"),
            t!(lang, "screen-col-unit"),
            t!(lang, "screen-col-price"),
            t!(lang, "screen-col-discount"),
            t!(lang, "screen-col-vat"),
            t!(lang, "screen-col-amount"),
        ]
        .map(Cell::from),
    )
    .style(theme::header());
    // The description gets what the fixed columns leave (and the spaces between the ten
    // columns); a longer one is shortened after a whole word, never cut inside one.
    let description_width = usize::from(lines_area.width).saturating_sub(59 + 9).max(12);
    let rows = o.lines.iter().enumerate().map(|(i, l)| {
        Row::new(vec![
            Cell::from(format!("{:>3}", i + 1)),
            Cell::from(l.kind.label(lang)),
            Cell::from(l.article_no.clone().unwrap_or_default()),
            Cell::from(super::shorten_words(&l.description, description_width)),
            Cell::from(Line::from(l.quantity.to_string()).alignment(Alignment::Right)),
            Cell::from(l.unit.clone()),
            Cell::from(Line::from(l.unit_price.to_string()).alignment(Alignment::Right)),
            Cell::from(if l.discount.is_zero() {
                String::new()
            } else {
                l.discount.to_string()
            }),
            Cell::from(l.vat.to_string()),
            Cell::from(Line::from(l.net().to_string()).alignment(Alignment::Right)),
        ])
    });
    let widths = [
        Constraint::Length(3),
        Constraint::Length(7),
        Constraint::Length(8),
        Constraint::Min(12),
        Constraint::Length(6),
        Constraint::Length(4),
        Constraint::Length(10),
        Constraint::Length(5),
        Constraint::Length(5),
        Constraint::Length(11),
    ];
    let mut line_state = TableState::default().with_selected(
        (!o.lines.is_empty() && model.overlay == Overlay::None).then_some(model.line),
    );
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(header)
            .style(base)
            .row_highlight_style(if locked {
                Style::new()
            } else {
                theme::selected()
            }),
        lines_area,
        &mut line_state,
    );

    // Totals and the Fakturering tab.
    let [totals_area, billing_area] =
        Layout::horizontal([Constraint::Length(TOTALS_WIDTH), Constraint::Min(30)]).areas(bottom);
    // Net and VAT per rate, then the sums: short lines that fit a box of 30 cells.
    let mut totals = Vec::new();
    let amount = |label: String, m: crate::domain::Money| {
        Line::from(vec![
            Span::raw(format!("{label:<16}")),
            Span::styled(format!("{:>13}", m.to_string()), Style::new()),
        ])
    };
    for r in &d.totals.per_rate {
        totals.push(amount(
            t!(lang, "screen-totals-net", rate = r.rate.to_string()),
            r.net,
        ));
        totals.push(amount(
            t!(lang, "screen-totals-vat", rate = r.rate.to_string()),
            r.vat,
        ));
    }
    if d.totals.per_rate.len() > 1 {
        totals.push(amount(t!(lang, "screen-totals-excl-vat"), d.totals.net));
    }
    if outlays {
        // Passed on at cost, outside VAT.
        totals.push(amount(t!(lang, "screen-totals-outlays"), d.totals.outlays));
    }
    totals.push(Line::from(vec![
        Span::styled(
            format!("{:<16}", t!(lang, "screen-totals-to-pay")),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::styled(
            format!("{:>13}", d.totals.total.to_string()),
            Style::new().add_modifier(Modifier::BOLD),
        ),
    ]));
    frame.render_widget(
        Paragraph::new(totals)
            .style(base)
            .block(Block::bordered().title(format!(" {} ", t!(lang, "screen-totals-title")))),
        totals_area,
    );

    frame.render_widget(
        Paragraph::new(billing)
            .block(Block::bordered().title(format!(" {} ", t!(lang, "screen-billing-title")))),
        billing_area,
    );
}

/// The order's invoices and credit invoices, and what the payment provider must still do.
pub(super) fn invoices_text(model: &Model) -> String {
    let lang = model.lang;
    if model.invoices.is_empty() {
        return "–".into();
    }
    let mut parts: Vec<String> = model
        .invoices
        .iter()
        .map(|s| {
            let i = &s.invoice;
            match i.kind {
                crate::domain::invoice::InvoiceKind::Faktura => format!("{} {}", i.no, i.method),
                crate::domain::invoice::InvoiceKind::Kredit => {
                    t!(lang, "screen-invoice-credit", no = i.no)
                }
            }
        })
        .collect();
    for s in &model.invoices {
        if let Some(t) = s.pending() {
            use crate::domain::payment::{ProviderAction, TaskState};
            let what = match (t.action, t.state) {
                (ProviderAction::Refund, TaskState::Failed) => t!(lang, "screen-refund-failed"),
                (ProviderAction::Refund, _) => t!(lang, "screen-refund-pending"),
                (_, TaskState::Failed) => t!(lang, "screen-capture-failed"),
                (_, _) => t!(lang, "screen-capture-pending"),
            };
            parts.push(format!("{what} ({})", -s.invoice.to_pay));
        }
    }
    // Has it been paid? For every payment method (issue 14).
    if let Some(state) = model.invoice_paid {
        parts.push(match state.paid_on {
            Some(day) if state.paid => t!(lang, "screen-invoice-paid", date = day.to_string()),
            _ => t!(lang, "screen-invoice-unpaid"),
        });
    }
    parts.join(", ")
}
