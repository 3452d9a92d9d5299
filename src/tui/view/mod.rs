//! Rendering: a pure function of the model. Colours live in [`theme`].
//!
//! One file per screen: `list` (F5 list and its column chooser), `order` (the order screen),
//! `forms`, `menus` (Funktion menu, help, confirmations, payment method and sandbox customer
//! choosers), `report` (the day report), `settle` (disputes and payouts) and `reconcile` (F12, the
//! incoming payments); the frame around them (top line, status line, key
//! hints) is drawn here.

pub mod fit;
mod forms;
mod list;
mod menus;
mod order;
mod reconcile;
mod refunds;
mod report;
mod settle;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::keymap::Action;
use super::model::{Model, Overlay, Screen};
use crate::domain::{Lang, Status};
use crate::t;
use forms::render_form;
use list::{render_columns, render_list};
use menus::{
    render_confirm, render_confirm_credit, render_confirm_match, render_confirm_obs,
    render_confirm_refund_all, render_customer, render_help, render_menu, render_method,
};
use order::render_order;
use reconcile::render_reconcile;
use refunds::render_refunds;
use report::{render_day_report, render_register};
use settle::{render_disputes, render_payouts};

const SPINNER: [&str; 4] = ["|", "/", "-", "\\"];

/// Where the list's header and first row are drawn (for mouse clicks).
pub const LIST_HEADER_ROW: u16 = 3;

pub const LIST_FIRST_ROW: u16 = 4;

/// The smallest terminal the screens are drawn for.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub fn render(model: &mut Model, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        // Rather than amounts cut from the left: say so, and draw again when it grows.
        let text = t!(
            model.lang,
            "screen-too-small",
            width = MIN_WIDTH,
            height = MIN_HEIGHT
        );
        let lines: Vec<Line> = wrap_words(&text, usize::from(area.width.max(1)))
            .into_iter()
            .map(Line::from)
            .collect();
        let h = (lines.len() as u16).min(area.height);
        let r = Rect::new(
            area.x,
            area.y + area.height.saturating_sub(h) / 2,
            area.width,
            h,
        );
        frame.render_widget(
            Paragraph::new(lines).alignment(ratatui::layout::Alignment::Center),
            r,
        );
        return;
    }
    let [top, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_top(model, frame, top);
    match model.screen {
        Screen::Order => render_order(model, frame, body),
        Screen::List => render_list(model, frame, body),
        Screen::DayReport => render_day_report(model, frame, body),
        Screen::Register => render_register(model, frame, body),
        Screen::Disputes => render_disputes(model, frame, body),
        Screen::Payouts => render_payouts(model, frame, body),
        Screen::Reconcile => render_reconcile(model, frame, body),
        Screen::Refunds => render_refunds(model, frame, body),
    }
    render_status(model, frame, status);
    render_hints(model, frame, hints);
    match model.overlay.clone() {
        Overlay::None => {}
        Overlay::Menu { selected } => render_menu(model, frame, area, selected),
        Overlay::Help => render_help(model, frame, area),
        Overlay::Columns { selected, ticked } => {
            render_columns(model, frame, area, selected, &ticked)
        }
        Overlay::Confirm(action) => render_confirm(model, frame, area, action),
        Overlay::ConfirmCredit {
            form,
            lines,
            amount,
        } => {
            render_form(model, frame, area, &form);
            render_confirm_credit(model, frame, area, lines.as_deref(), amount);
        }
        Overlay::Customer => render_customer(model, frame, area),
        Overlay::Form(form) => render_form(model, frame, area, &form),
        Overlay::Method { selected } => render_method(model, frame, area, selected),
        Overlay::ConfirmMatch {
            form,
            payment,
            invoice,
        } => {
            render_form(model, frame, area, &form);
            render_confirm_match(model, frame, area, payment, &invoice);
        }
        Overlay::ConfirmObs { payment, amount } => {
            render_confirm_obs(model, frame, area, payment, amount)
        }
        Overlay::ConfirmRefundAll { count, total } => {
            render_confirm_refund_all(model, frame, area, count, total)
        }
    }
}

fn render_top(model: &Model, frame: &mut Frame, area: Rect) {
    let lang = model.lang;
    let title = match (model.screen, &model.order) {
        (Screen::Order, Some(d)) => format!(
            " Verkstad – {}",
            t!(
                lang,
                "screen-title-order",
                nr = d.order.nr,
                status = d.order.status.to_string()
            )
        ),
        (Screen::Order, None) => " Verkstad".to_string(),
        (Screen::List, _) => format!(" Verkstad – {}", t!(lang, "screen-title-list")),
        (Screen::DayReport, _) => format!(" Verkstad – {}", t!(lang, "screen-title-day-report")),
        (Screen::Register, _) => format!(" Verkstad – {}", t!(lang, "screen-title-register")),
        (Screen::Disputes, _) => format!(" Verkstad – {}", t!(lang, "screen-title-disputes")),
        (Screen::Payouts, _) => format!(" Verkstad – {}", t!(lang, "screen-title-payouts")),
        (Screen::Reconcile, _) => format!(" Verkstad – {}", t!(lang, "screen-title-reconcile")),
        (Screen::Refunds, _) => format!(" Verkstad – {}", t!(lang, "screen-title-refunds")),
    };
    let mut spans = vec![Span::styled(title, theme::title())];
    if model.demo {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            // Short: beside the sandbox banner it must fit 80 columns on every screen.
            " DEMO ",
            theme::demo(),
        ));
    }
    if model.training {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            format!(" {} ", t!(lang, "screen-training-banner")),
            theme::demo(),
        ));
    }
    if model.sandbox {
        let banner = t!(lang, "screen-sandbox-banner");
        let used: usize = spans.iter().map(|s| s.width()).sum();
        // The address when it fits on the line; the banner itself always.
        let text = match &model.sandbox_address {
            Some(a) if used + banner.width() + a.width() + 6 <= usize::from(area.width) => {
                format!(" {banner} · {a} ")
            }
            _ => format!(" {banner} "),
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(text, theme::sandbox()));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme::title()),
        area,
    );
}

fn render_status(model: &Model, frame: &mut Frame, area: Rect) {
    let line = if let Some(busy) = &model.busy {
        Line::from(format!(
            " {} {busy}",
            SPINNER[model.spinner % SPINNER.len()]
        ))
    } else if let Some(m) = &model.message {
        Line::from(Span::styled(
            format!(
                " {} ",
                shorten_words(&m.text, usize::from(area.width.saturating_sub(2)))
            ),
            if m.error {
                theme::error()
            } else {
                theme::info()
            },
        ))
    } else {
        Line::from("")
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn render_hints(model: &Model, frame: &mut Frame, area: Rect) {
    let shown: &[Action] = match model.screen {
        Screen::Order => &[
            Action::Help,
            Action::OrderList,
            Action::Menu,
            Action::AddLine,
            Action::SendPayment,
            Action::CheckPayment,
            Action::Quit,
        ],
        Screen::DayReport
        | Screen::Register
        | Screen::Disputes
        | Screen::Payouts
        | Screen::Reconcile
        | Screen::Refunds => &[Action::Help, Action::OrderList, Action::Menu, Action::Quit],
        Screen::List => &[
            Action::Help,
            Action::Menu,
            Action::NewOrder,
            Action::ChooseColumns,
            Action::CycleStatus,
            Action::CyclePaid,
            Action::SortNext,
            Action::Quit,
        ],
    };
    let mut spans = Vec::new();
    let mut used = 0;
    for a in shown {
        let key = model.keymap.key_label(*a);
        if key.is_empty() {
            continue;
        }
        let key = format!(" {key}");
        let label = format!(" {} ", short_label(*a, model.lang));
        // Whole hints only: one that does not fit is left out (F1 lists every key).
        let w = key.width() + label.width();
        if used + w > usize::from(area.width) {
            break;
        }
        used += w;
        spans.push(Span::styled(key, theme::key()));
        spans.push(Span::raw(label));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn short_label(a: Action, lang: Lang) -> String {
    match a {
        Action::SendPayment => t!(lang, "screen-hint-send"),
        Action::CheckPayment => t!(lang, "screen-hint-check"),
        Action::OrderList => t!(lang, "screen-hint-list"),
        Action::ChooseColumns => t!(lang, "screen-hint-columns"),
        Action::CycleStatus => t!(lang, "screen-hint-status"),
        Action::CyclePaid => t!(lang, "screen-hint-paid"),
        Action::SortNext => t!(lang, "screen-hint-sort"),
        other => other.label(lang).to_string(),
    }
}

/// A label of at most 27 characters, for the two-column help on a short terminal.
fn compact_label(a: Action, lang: Lang) -> String {
    match a {
        Action::SendPayment => t!(lang, "screen-help-send"),
        Action::CheckPayment => t!(lang, "screen-help-check"),
        Action::CancelPayment => t!(lang, "screen-help-cancel"),
        Action::KlarnaReserve => t!(lang, "screen-help-klarna-reserve"),
        other => other.label(lang).to_string(),
    }
}

fn kv(label: &str, value: String, width: usize) -> Line<'static> {
    Line::from(vec![
        Span::styled(
            format!("{label:<width$}"),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::raw(value),
    ])
}

/// `text` in one line of at most `width` cells: shortened after a whole word with "…" when it
/// is longer.
pub(super) fn shorten_words(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let first = wrap_words(text, width.saturating_sub(1).max(1))
        .into_iter()
        .next()
        .unwrap_or_default();
    format!("{first}…")
}

/// `text` in lines of at most `width` cells, broken between words (a word longer than a line is
/// broken inside it).
pub(super) fn wrap_words(text: &str, width: usize) -> Vec<String> {
    textwrap::wrap(text, width.max(1))
        .into_iter()
        .map(|l| l.into_owned())
        .collect()
}

/// `text` wrapped between words into at most `lines` lines of `width` cells; when it needs more,
/// the last line shown is shortened with "…" (the command line shows such text whole).
pub(super) fn wrap_at_most(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut wrapped = wrap_words(text, width);
    if lines > 0 && wrapped.len() > lines {
        let rest = wrapped[lines - 1..].join(" ");
        wrapped.truncate(lines - 1);
        wrapped.push(shorten_words(&rest, width));
    }
    wrapped
}

/// The parts of a work-list screen (reconciliation, refunds) inside its border.
pub(super) struct WorkList {
    pub table: Rect,
    /// The selected row: a heading line and `detail_lines` more.
    pub detail: Rect,
    pub detail_lines: u16,
    pub keys: Rect,
}

/// A work-list screen's bordered block titled `title`. Nothing read yet (`loaded` false):
/// `loading` in it, and None. Else the table, the selected row's detail (more lines on a tall
/// screen) and the key line, one cell in from the border.
pub(super) fn work_list(
    frame: &mut Frame,
    area: Rect,
    title: String,
    loaded: bool,
    loading: String,
) -> Option<WorkList> {
    let block = Block::bordered().title(format!(" {title} "));
    if !loaded {
        frame.render_widget(Paragraph::new(format!(" {loading}")).block(block), area);
        return None;
    }
    let detail_lines: u16 = if area.height >= 30 { 3 } else { 2 };
    let [table, detail, keys] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length(1 + detail_lines),
        Constraint::Length(1),
    ])
    .areas(block.inner(area));
    frame.render_widget(block, area);
    Some(WorkList {
        table: table.inner(Margin::new(1, 0)),
        detail: detail.inner(Margin::new(1, 0)),
        detail_lines,
        keys,
    })
}

/// A screen's key line in `area`: every key named (`long`) when it fits, else the short form,
/// shortened between words (never a key cut off).
pub(super) fn render_keys_line(frame: &mut Frame, area: Rect, long: String, short: String) {
    let text = if long.width() + 2 <= usize::from(area.width) {
        long
    } else {
        short
    };
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!(
                " {}",
                shorten_words(&text, usize::from(area.width.saturating_sub(2)))
            ),
            theme::disabled(),
        )),
        area,
    );
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn status_style(s: Status) -> Style {
    match s {
        Status::Open => Style::new().fg(Color::Black).bg(Color::White),
        Status::Complete => Style::new().fg(Color::Black).bg(Color::Green),
        Status::MobilePayment => Style::new().fg(Color::Black).bg(Color::Yellow),
        Status::Booked => Style::new().fg(Color::White).bg(Color::Blue),
        Status::Credited => Style::new().fg(Color::White).bg(Color::Magenta),
    }
}
