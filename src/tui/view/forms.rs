//! The small forms (new order, line, credit) as a popup.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::centered;
use super::theme;
use crate::t;
use crate::tui::keymap::Action;
use crate::tui::model::Model;

pub(super) fn render_form(
    model: &Model,
    frame: &mut Frame,
    area: Rect,
    form: &crate::tui::model::Form,
) {
    let lang = model.lang;
    // The form of an action is titled with the action's name.
    let action = match form.kind {
        crate::tui::model::FormKind::NewOrder => Action::NewOrder,
        crate::tui::model::FormKind::Line(None) => Action::AddLine,
        crate::tui::model::FormKind::Line(Some(_)) => Action::EditLine,
        crate::tui::model::FormKind::Credit => Action::Credit,
    };
    let title = format!(" {} ", action.label(lang));
    let label_width = form
        .fields
        .iter()
        .map(|(label, _, _)| label.chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    let mut lines = Vec::new();
    for (i, (label, _, value)) in form.fields.iter().enumerate() {
        let active = i == form.active;
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {label:<label_width$}"),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::styled(
                format!("{value}{}", if active { "▏" } else { "" }),
                if active {
                    theme::selected()
                } else {
                    Style::new().add_modifier(Modifier::UNDERLINED)
                },
            ),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(format!(" {}", t!(lang, "screen-form-keys"))));
    let r = centered(
        area,
        (label_width as u16 + 36).max(52),
        lines.len() as u16 + 2,
    );
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        r,
    );
}
