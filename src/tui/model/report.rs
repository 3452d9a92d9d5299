//! The day report screen (F4): keys to move between days.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{Effect, Model, Screen};

impl Model {
    /// The day report screen: Esc back to the list, ← and → the day before and after.
    pub(super) fn day_report_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let date = self.day_report.as_ref().map(|r| r.date);
        match (key.code, date) {
            (KeyCode::Esc, _) => self.screen = Screen::List,
            (KeyCode::Left, Some(d)) => {
                return vec![Effect::LoadDayReport(d.pred_opt())];
            }
            (KeyCode::Right, Some(d)) => {
                return vec![Effect::LoadDayReport(d.succ_opt())];
            }
            _ => {}
        }
        Vec::new()
    }
}
