//! The small forms (new order, line, credit) as a popup.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::centered;
use super::theme;
use crate::tui::model::Model;

pub(super) fn render_form(
    model: &Model,
    frame: &mut Frame,
    area: Rect,
    form: &crate::tui::model::Form,
) {
    let lang = model.lang;
    let title = match form.kind {
        crate::tui::model::FormKind::NewOrder => lang.pick(" Ny order ", " New order "),
        crate::tui::model::FormKind::Line(None) => lang.pick(" Ny rad ", " Add line "),
        crate::tui::model::FormKind::Line(Some(_)) => lang.pick(" Ändra rad ", " Edit line "),
        crate::tui::model::FormKind::Credit => lang.pick(" Kreditera ", " Credit "),
    };
    let label_width = form
        .fields
        .iter()
        .map(|(sv, en, _)| lang.pick(sv, en).chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    let mut lines = Vec::new();
    for (i, (sv, en, value)) in form.fields.iter().enumerate() {
        let active = i == form.active;
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {:<label_width$}", lang.pick(sv, en)),
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
    lines.push(Line::from(lang.pick(
        " Tab/↑↓ byter fält, Enter = Spara, Esc = Avbryt",
        " Tab/↑↓ change field, Enter = Save, Esc = Cancel",
    )));
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
