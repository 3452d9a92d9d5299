//! The reconciliation screen (F12, issue 14): the incoming payments, the work list first, each
//! row with its date, amount, payer, references, state and why (shortened by words to fit); the
//! selected payment's full reasons below the table.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};
use unicode_width::UnicodeWidthStr;

use super::{WorkList, render_keys_line, shorten_words, theme, work_list, wrap_at_most};
use crate::app::IncomingPaymentRecord;
use crate::domain::Lang;
use crate::domain::reconcile::{State, explain};
use crate::t;
use crate::tui::model::Model;

const STATES: [State; 4] = [
    State::Suggested,
    State::Obs,
    State::Prepayment,
    State::Matched,
];

/// Who paid, as the file names them: the name, else the organisation number, else the account.
fn payer(p: &IncomingPaymentRecord) -> String {
    p.payer
        .name
        .clone()
        .or_else(|| p.payer.org_no.clone())
        .or_else(|| p.payer.account.clone())
        .unwrap_or_else(|| "–".into())
}

fn references(p: &IncomingPaymentRecord) -> String {
    let refs: Vec<&str> = p.references.iter().map(|r| r.text.trim()).collect();
    if refs.is_empty() {
        "–".into()
    } else {
        refs.join(" ")
    }
}

fn state_style(s: State) -> Style {
    match s {
        State::Obs => theme::warning(),
        State::Suggested => theme::info(),
        State::Prepayment | State::Matched => Style::new(),
    }
}

/// The selected payment in one line: its number, payer, references and what it pays or may pay.
fn summary(p: &IncomingPaymentRecord, lang: Lang) -> String {
    let invoices: Vec<String> = p.invoices.iter().map(i64::to_string).collect();
    let pays = match (p.standing.state, p.standing.suggested_invoice) {
        (State::Suggested, Some(no)) => t!(lang, "screen-reconcile-suggests", invoice = no),
        (State::Prepayment, _) => p
            .standing
            .waiting_order
            .map(|nr| t!(lang, "screen-reconcile-waits-for", nr = nr))
            .unwrap_or_default(),
        _ if !invoices.is_empty() => t!(
            lang,
            "screen-reconcile-pays",
            invoices = invoices.join(", "),
            count = invoices.len()
        ),
        _ => String::new(),
    };
    let mut parts = vec![
        t!(lang, "screen-reconcile-payment", payment = p.id),
        format!("{} kr", p.amount),
        payer(p),
        t!(lang, "screen-reconcile-ref", references = references(p)),
    ];
    if !pays.is_empty() {
        parts.push(pays);
    }
    parts.join(" · ")
}

/// A column's header, or its short form ("Ref") when the column is narrower than the word.
fn head(text: String, short: String, width: u16) -> String {
    if text.width() <= usize::from(width) {
        text
    } else {
        short
    }
}

pub(super) fn render_reconcile(model: &Model, frame: &mut Frame, area: Rect) {
    let lang = model.lang;
    let parts = work_list(
        frame,
        area,
        t!(lang, "screen-title-reconcile"),
        model.reconcile.is_some(),
        t!(lang, "screen-reconcile-loading"),
    );
    let (Some(v), Some(parts)) = (&model.reconcile, parts) else {
        return;
    };
    // The selected payment's reasons get more lines when the screen is tall.
    let WorkList {
        table: table_area,
        detail,
        detail_lines: reasons_lines,
        keys,
    } = parts;
    let width = table_area.width;

    // Fixed columns: date, amount, state (as wide as its longest label); one space between
    // the six columns. Payer, references and why share the rest and are shortened by words.
    let state_width = STATES
        .iter()
        .map(|s| s.label(lang).width())
        .max()
        .unwrap_or(9) as u16;
    // The amount column is as wide as the widest amount (or its header).
    let amount_width = v
        .rows
        .iter()
        .map(|p| p.amount.to_string().width())
        .chain([t!(lang, "screen-reconcile-col-amount").width()])
        .max()
        .unwrap_or(8) as u16;
    let fixed = 10 + amount_width + state_width + 5;
    let flex = width.saturating_sub(fixed).max(24);
    // Why gets the most: it is what the screen is for.
    let payer_width = flex / 4;
    let refs_width = flex / 5;
    let why_width = flex - payer_width - refs_width;
    let header = Row::new(vec![
        Cell::from(t!(lang, "screen-reconcile-col-date")),
        Cell::from(Line::from(t!(lang, "screen-reconcile-col-amount")).alignment(Alignment::Right)),
        Cell::from(head(
            t!(lang, "screen-reconcile-col-payer"),
            t!(lang, "screen-reconcile-col-payer-short"),
            payer_width,
        )),
        Cell::from(head(
            t!(lang, "screen-reconcile-col-reference"),
            t!(lang, "screen-reconcile-col-reference-short"),
            refs_width,
        )),
        Cell::from(t!(lang, "screen-reconcile-col-state")),
        Cell::from(t!(lang, "screen-reconcile-col-why")),
    ])
    .style(theme::header());
    let visible = usize::from(table_area.height.saturating_sub(1)).max(1);
    // The selected row is always in sight.
    let top = (v.selected + 1).saturating_sub(visible);
    let rows: Vec<Row> = v
        .rows
        .iter()
        .enumerate()
        .skip(top)
        .take(visible)
        .map(|(i, p)| {
            let state = p.standing.state;
            let why = explain(&p.standing.reasons, lang);
            let row = Row::new(vec![
                Cell::from(p.booked_on.to_string()),
                Cell::from(Line::from(p.amount.to_string()).alignment(Alignment::Right)),
                Cell::from(shorten_words(&payer(p), usize::from(payer_width))),
                Cell::from(shorten_words(&references(p), usize::from(refs_width))),
                Cell::from(Span::styled(state.label(lang), state_style(state))),
                Cell::from(shorten_words(&why, usize::from(why_width))),
            ]);
            if i == v.selected {
                row.style(theme::selected())
            } else {
                row
            }
        })
        .collect();
    let widths = [
        Constraint::Length(10),
        Constraint::Length(amount_width),
        Constraint::Length(payer_width),
        Constraint::Length(refs_width),
        Constraint::Length(state_width),
        Constraint::Length(why_width),
    ];
    frame.render_widget(Table::new(rows, widths).header(header), table_area);
    if v.rows.is_empty() {
        let below = Rect {
            y: table_area.y + 1,
            height: 1,
            ..table_area
        };
        frame.render_widget(
            Paragraph::new(shorten_words(
                &t!(lang, "screen-reconcile-none"),
                usize::from(width),
            )),
            below,
        );
    }

    // The selected payment: one line of what it is, then all its reasons, wrapped.
    let w = usize::from(detail.width);
    let mut lines = Vec::new();
    if let Some(p) = v.selected_payment() {
        lines.push(Line::from(Span::styled(
            shorten_words(&summary(p, lang), w),
            Style::new().add_modifier(Modifier::BOLD),
        )));
        let why = t!(
            lang,
            "screen-reconcile-why",
            why = explain(&p.standing.reasons, lang)
        );
        // The last line that shows says there is more (the CLI lists it whole).
        let wrapped = wrap_at_most(&why, w, usize::from(reasons_lines));
        lines.extend(wrapped.into_iter().map(Line::from));
    }
    frame.render_widget(Paragraph::new(lines), detail);

    render_keys_line(
        frame,
        keys,
        t!(lang, "screen-reconcile-keys"),
        t!(lang, "screen-reconcile-keys-short"),
    );
}
