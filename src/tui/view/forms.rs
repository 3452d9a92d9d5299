//! The small forms (new order, line, credit) as a popup: each field scrolls to its cursor, an
//! error is shown under its field, and the terminal's own cursor marks where typing goes.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{centered, theme, wrap_words};
use crate::t;
use crate::tui::keymap::Action;
use crate::tui::model::{Form, FormKind, Model};

/// How many cells a field's text gets.
const FIELD_WIDTH: u16 = 32;

pub(super) fn render_form(model: &Model, frame: &mut Frame, area: Rect, form: &Form) {
    let lang = model.lang;
    // The form of an action is titled with the action's name.
    let action = match form.kind {
        FormKind::NewOrder => Action::NewOrder,
        FormKind::Line(None) => Action::AddLine,
        FormKind::Line(Some(_)) => Action::EditLine,
        FormKind::Credit => Action::Credit,
        FormKind::Customer(_) => Action::EditCustomer,
        FormKind::MatchInvoice(_) | FormKind::ImportFile => Action::Reconcile,
        FormKind::RefundBatch | FormKind::RefundSet(_) | FormKind::RefundStatus => Action::Refunds,
    };
    let title = match form.kind {
        FormKind::MatchInvoice(payment) => {
            format!(
                " {} ",
                t!(lang, "screen-reconcile-match-title", payment = payment)
            )
        }
        FormKind::ImportFile => format!(" {} ", t!(lang, "screen-reconcile-import-title")),
        FormKind::RefundBatch => format!(" {} ", t!(lang, "screen-refunds-batch-title")),
        FormKind::RefundSet(id) => format!(
            " {} ",
            t!(lang, "screen-refunds-set-title", id = id.to_string())
        ),
        FormKind::RefundStatus => format!(" {} ", t!(lang, "screen-refunds-status-title")),
        _ => format!(" {} ", action.label(lang)),
    };
    let label_width = form
        .fields
        .iter()
        .map(|f| f.label.width())
        .max()
        .unwrap_or(0)
        + 2;
    let width = (label_width as u16 + FIELD_WIDTH + 4)
        .max(52)
        .min(area.width);
    let inner = usize::from(width.saturating_sub(4));
    let field_width = usize::from(FIELD_WIDTH).min(inner.saturating_sub(label_width + 1).max(4));
    let mut lines = Vec::new();
    let mut cursor = None;
    for (i, field) in form.fields.iter().enumerate() {
        let active = i == form.active;
        let (shown, at) = field.visible(field_width);
        let pad = field_width.saturating_sub(shown.width());
        if active && !form.pending {
            cursor = Some((1 + label_width + 1 + at, lines.len()));
        }
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {:<label_width$}", field.label),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::styled(
                format!("{shown}{}", " ".repeat(pad)),
                if active {
                    theme::selected()
                } else {
                    Style::new().add_modifier(Modifier::UNDERLINED)
                },
            ),
        ]));
        if i == 0 && !form.matches.is_empty() {
            for (k, (no, name, mobile)) in form.matches.iter().take(5).enumerate() {
                let style = if form.picked == Some(k) {
                    theme::selected()
                } else {
                    Style::new()
                };
                let text = format!("{no:>6} {name} {mobile}");
                let text = super::shorten_words(&text, field_width);
                lines.push(Line::from(vec![
                    Span::raw(format!(" {:<label_width$}", "")),
                    Span::styled(text, style),
                ]));
            }
            if form.picked.is_none() {
                lines.push(Line::from(vec![
                    Span::raw(format!(" {:<label_width$}", "")),
                    Span::styled(t!(lang, "screen-form-pick-customer"), theme::info()),
                ]));
            }
        }
        if let (true, None, Some(hint)) = (active, &field.error, &field.hint) {
            for l in wrap_words(hint, inner.saturating_sub(label_width + 1).max(20)) {
                lines.push(Line::from(vec![
                    Span::raw(format!(" {:<label_width$}", "")),
                    Span::styled(l, theme::info()),
                ]));
            }
        }
        if let Some(e) = &field.error {
            let wrapped = wrap_words(e, inner.saturating_sub(label_width + 2).max(20));
            for (k, l) in wrapped.into_iter().enumerate() {
                let mark = if k == 0 { "↳" } else { " " };
                lines.push(Line::from(vec![
                    Span::raw(format!(" {:<label_width$}", "")),
                    Span::styled(format!("{mark} {l}"), theme::error()),
                ]));
            }
        }
    }
    lines.push(Line::from(""));
    if let Some(e) = &form.error {
        for l in wrap_words(e, inner) {
            lines.push(Line::from(Span::styled(format!(" {l}"), theme::error())));
        }
    }
    let keys = if form.pending {
        t!(lang, "screen-form-waiting")
    } else {
        t!(lang, "screen-form-keys")
    };
    for l in wrap_words(&keys, inner) {
        lines.push(Line::from(format!(" {l}")));
    }
    let r = centered(area, width, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        r,
    );
    if let Some((x, y)) = cursor {
        let x = r.x + 1 + u16::try_from(x).unwrap_or(0);
        let y = r.y + 1 + u16::try_from(y).unwrap_or(0);
        if x < r.right() && y < r.bottom() {
            frame.set_cursor_position(Position::new(x, y));
        }
    }
}
