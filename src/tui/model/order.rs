//! The order screen: moving between the open order's lines, and what the send confirmation shows.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{Effect, Model, Screen};
use crate::domain::Money;
use crate::tui::keymap::Action;

impl Model {
    /// The order screen: Esc back to the list, ↑ ↓ choose a line, Enter edits it.
    pub(super) fn order_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let n = self.order.as_ref().map_or(0, |d| d.order.lines.len());
        match key.code {
            KeyCode::Esc => self.screen = Screen::List,
            KeyCode::Up => self.line = self.line.saturating_sub(1),
            KeyCode::Down if n > 0 => self.line = (self.line + 1).min(n - 1),
            KeyCode::Enter => return self.act(Action::EditLine),
            _ => {}
        }
        Vec::new()
    }

    /// The amount and mobile the send confirmation shows.
    pub fn send_summary(&self) -> Option<(String, Money)> {
        let d = self.order.as_ref()?;
        Some((d.customer.mobile.as_ref()?.display(), d.totals.total))
    }
}
