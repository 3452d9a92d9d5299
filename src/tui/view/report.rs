//! The day report screen (Shift+F4) and the cash register's X/Z report screen (F4).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::theme;
use crate::t;
use crate::tui::keymap::Action;
use crate::tui::model::Model;

pub(super) fn render_day_report(model: &Model, frame: &mut Frame, area: Rect) {
    let lang = model.lang;
    let Some(r) = &model.day_report else {
        frame.render_widget(
            Paragraph::new(t!(lang, "screen-report-loading")).block(Block::bordered()),
            area,
        );
        return;
    };
    let mut lines: Vec<Line> = r
        .to_text(lang)
        .lines()
        .skip(2)
        .map(|l| Line::from(format!(" {l}")))
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        format!(" {}", t!(lang, "screen-report-keys")),
        theme::disabled(),
    )));
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(format!(
            " {} {} ",
            Action::DayReport.label(lang),
            r.date
        ))),
        area,
    );
}

/// The X or Z day report as the register printed it, scrolled.
pub(super) fn render_register(model: &Model, frame: &mut Frame, area: Rect) {
    let lang = model.lang;
    let Some(r) = &model.register else {
        frame.render_widget(
            Paragraph::new(t!(lang, "screen-report-loading")).block(Block::bordered()),
            area,
        );
        return;
    };
    let inner_height = usize::from(area.height.saturating_sub(2));
    let mut lines: Vec<Line> = r
        .text
        .lines()
        .skip(r.scroll)
        .take(inner_height.saturating_sub(1))
        .map(|l| Line::from(format!(" {l}")))
        .collect();
    lines.push(Line::from(Span::styled(
        format!(" {}", t!(lang, "screen-register-keys")),
        theme::disabled(),
    )));
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(format!(" {} ", r.title))),
        area,
    );
}
