//! The day report screen (F4).

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
