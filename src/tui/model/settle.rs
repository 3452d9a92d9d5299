//! The disputes screen (F11) and the payouts screen (Shift+F11), issue 13: what they hold, their
//! keys, and what their loads do. Opening the disputes screen shows the register at once, then
//! syncs it with the provider in the worker and shows it again.

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{Effect, Model, Screen};
use crate::app::{DisputeRecord, PayoutRecord};
use crate::domain::settlement::DisputeRate;
use crate::t;

/// The disputes register as the disputes screen shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisputesView {
    /// Open disputes first, the nearest deadline first (as the app lists them).
    pub rows: Vec<DisputeRecord>,
    pub rate: DisputeRate,
    /// The day the days left are counted from.
    pub today: NaiveDate,
    /// The first row shown.
    pub scroll: usize,
}

/// The payouts applied, newest first, as the payouts screen shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayoutsView {
    pub rows: Vec<PayoutRecord>,
    pub scroll: usize,
}

/// A deadline this close (days) is marked on the disputes screen.
pub const DUE_SOON_DAYS: i64 = 3;

/// Whether a dispute's answer is due within [`DUE_SOON_DAYS`] (and it still waits for one).
pub fn due_soon(d: &DisputeRecord, today: NaiveDate) -> bool {
    d.pauses_invoice() && crate::app::disputes::days_left(d, today) <= DUE_SOON_DAYS
}

fn scrolled(scroll: usize, rows: usize, key: KeyCode) -> usize {
    let last = rows.saturating_sub(1);
    match key {
        KeyCode::Down => scroll + 1,
        KeyCode::Up => scroll.saturating_sub(1),
        KeyCode::PageDown => scroll + 10,
        KeyCode::PageUp => scroll.saturating_sub(10),
        KeyCode::Home => 0,
        KeyCode::End => last,
        _ => scroll,
    }
    .min(last)
}

impl Model {
    /// F11: the register as it is, then a sync with the provider once it shows.
    pub(super) fn open_disputes(&mut self) -> Vec<Effect> {
        self.screen = Screen::Disputes;
        self.sync_disputes_after_load = true;
        vec![Effect::LoadDisputes]
    }

    /// Shift+F11: the payouts applied.
    pub(super) fn open_payouts(&mut self) -> Vec<Effect> {
        self.screen = Screen::Payouts;
        vec![Effect::LoadPayouts]
    }

    /// The register was read: show it; the first load of an opening asks for the sync (not
    /// while another job runs: Ctrl+R syncs later).
    pub(super) fn disputes_loaded(&mut self, mut view: DisputesView) -> Vec<Effect> {
        let scroll = self.disputes.as_ref().map_or(0, |v| v.scroll);
        view.scroll = scroll.min(view.rows.len().saturating_sub(1));
        self.disputes = Some(view);
        let sync = std::mem::take(&mut self.sync_disputes_after_load);
        if sync && self.screen == Screen::Disputes && self.busy.is_none() {
            self.busy = Some(t!(self.lang, "screen-busy-disputes"));
            return vec![Effect::SyncDisputes];
        }
        Vec::new()
    }

    pub(super) fn payouts_loaded(&mut self, rows: Vec<PayoutRecord>) {
        let scroll = self.payouts.as_ref().map_or(0, |v| v.scroll);
        let scroll = scroll.min(rows.len().saturating_sub(1));
        self.payouts = Some(PayoutsView { rows, scroll });
    }

    /// The disputes screen: Esc back to the list, ↑ ↓ PgUp PgDn Home End scroll.
    pub(super) fn disputes_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        if key.code == KeyCode::Esc {
            self.screen = Screen::List;
            return Vec::new();
        }
        if let Some(v) = &mut self.disputes {
            v.scroll = scrolled(v.scroll, v.rows.len(), key.code);
        }
        Vec::new()
    }

    /// The payouts screen: Esc back to the list, H fetches new payouts, ↑ ↓ … scroll.
    pub(super) fn payouts_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        match key.code {
            KeyCode::Esc => {
                self.screen = Screen::List;
                Vec::new()
            }
            KeyCode::Char('h' | 'H') => {
                if let Some(busy) = &self.busy {
                    let why = t!(self.lang, "screen-waiting", busy = busy.to_lowercase());
                    self.error(why);
                    return Vec::new();
                }
                self.busy = Some(t!(self.lang, "screen-busy-payouts"));
                self.message = None;
                vec![Effect::ApplySettlements]
            }
            code => {
                if let Some(v) = &mut self.payouts {
                    v.scroll = scrolled(v.scroll, v.rows.len(), code);
                }
                Vec::new()
            }
        }
    }
}
