//! The day report screen (Shift+F4): keys to move between days; the cash register's X/Z report
//! screen (F4): keys to scroll.

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

    /// The register report screen: Esc back to the list, ↑ ↓ PgUp PgDn Home End scroll.
    pub(super) fn register_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.code == KeyCode::Esc {
            self.screen = Screen::List;
            return Vec::new();
        }
        if let Some(r) = &mut self.register {
            let last = r.text.lines().count().saturating_sub(1);
            r.scroll = match key.code {
                KeyCode::Down => r.scroll + 1,
                KeyCode::Up => r.scroll.saturating_sub(1),
                KeyCode::PageDown => r.scroll + 10,
                KeyCode::PageUp => r.scroll.saturating_sub(10),
                KeyCode::Home => 0,
                KeyCode::End => last,
                _ => r.scroll,
            }
            .min(last);
        }
        Vec::new()
    }
}
