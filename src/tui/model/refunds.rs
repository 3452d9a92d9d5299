//! The refunds screen (Shift+F12), issue 15: the proposals of money to pay back to customers
//! who paid by bank, and the refunds sent and waiting for the bank. Space selects a proposal,
//! B makes a batch of the selected (none selected: of every proposal with payment details,
//! confirmed with the count and total) and writes its pain.001 file to the path typed, A
//! changes the selected proposal's amount and date, S reads the bank's pain.002 status file.
//! Every change runs on the worker through the workshop; nothing here writes.

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::NaiveDate;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{Effect, Form, Model, Overlay, Screen};
use crate::app::InputField;
use crate::app::refunds::{Proposal, RefundList};
use crate::domain::Money;
use crate::domain::refund::ProposalId;
use crate::t;

/// The refunds as the screen shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundsView {
    pub list: RefundList,
    /// The row under the cursor: the proposals first, then the refunds sent.
    pub selected: usize,
    /// The proposals chosen with Space (their ids, "F41").
    pub chosen: BTreeSet<String>,
}

impl RefundsView {
    pub fn rows(&self) -> usize {
        self.list.proposals.len() + self.list.sent.len()
    }

    /// The proposal under the cursor (None on a sent refund's row).
    pub fn selected_proposal(&self) -> Option<&Proposal> {
        self.list.proposals.get(self.selected)
    }

    /// What B sends: the chosen proposals, else every one with payment details.
    pub fn to_send(&self) -> Vec<&Proposal> {
        self.list
            .proposals
            .iter()
            .filter(|p| {
                if self.chosen.is_empty() {
                    p.payee.is_some()
                } else {
                    self.chosen.contains(&p.id)
                }
            })
            .collect()
    }
}

/// The file name a batch is offered under: the day its money goes.
pub fn default_batch_file(pay_on: NaiveDate) -> String {
    format!("aterbetalningar-{pay_on}.xml")
}

impl Model {
    /// Shift+F12 (and Ctrl+R on the screen): show the screen and read the refunds.
    pub(super) fn open_refunds(&mut self) -> Vec<Effect> {
        self.screen = Screen::Refunds;
        vec![Effect::LoadRefunds]
    }

    /// The refunds were read: the cursor stays on the same proposal; chosen ones that are gone
    /// (sent, or no longer owed) are forgotten.
    pub(super) fn refunds_loaded(&mut self, list: RefundList) {
        let (old_id, old_at, mut chosen) = match self.refunds.take() {
            Some(v) => (
                v.selected_proposal().map(|p| p.id.clone()),
                v.selected,
                v.chosen,
            ),
            None => (None, 0, BTreeSet::new()),
        };
        chosen.retain(|id| list.proposals.iter().any(|p| &p.id == id));
        let rows = list.proposals.len() + list.sent.len();
        let selected = old_id
            .and_then(|id| list.proposals.iter().position(|p| p.id == id))
            .unwrap_or(old_at)
            .min(rows.saturating_sub(1));
        self.refunds = Some(RefundsView {
            list,
            selected,
            chosen,
        });
    }

    /// The customer of the proposal under the cursor (F3 edits its payment details).
    pub(super) fn refund_customer(&self) -> Option<i64> {
        self.refunds
            .as_ref()
            .and_then(|v| v.selected_proposal())
            .map(|p| p.customer_no)
    }

    /// Another job runs: say so and start nothing.
    fn refunds_waiting(&mut self) -> bool {
        if let Some(busy) = &self.busy {
            let why = t!(self.lang, "screen-waiting", busy = busy.to_lowercase());
            self.error(why);
            return true;
        }
        false
    }

    /// The refunds screen's keys.
    pub(super) fn refunds_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let lang = self.lang;
        match key.code {
            KeyCode::Esc => {
                self.screen = Screen::List;
            }
            KeyCode::Char(' ') => {
                let Some(v) = &mut self.refunds else {
                    return Vec::new();
                };
                let Some(id) = v.selected_proposal().map(|p| p.id.clone()) else {
                    self.error(t!(lang, "screen-refunds-none-selected"));
                    return Vec::new();
                };
                if !v.chosen.remove(&id) {
                    v.chosen.insert(id);
                }
                // Space moves on, so several are chosen quickly.
                v.selected = (v.selected + 1).min(v.list.proposals.len().saturating_sub(1));
            }
            KeyCode::Char('b' | 'B') => {
                if self.refunds_waiting() {
                    return Vec::new();
                }
                let Some(v) = &self.refunds else {
                    return Vec::new();
                };
                let send = v.to_send();
                if send.is_empty() {
                    self.error(t!(lang, "screen-refunds-nothing-to-send"));
                    return Vec::new();
                }
                let count = send.len();
                let total: Money = send.iter().map(|p| p.amount).sum();
                let pay_on = send.iter().map(|p| p.pay_on).min();
                if v.chosen.is_empty() {
                    self.overlay = Overlay::ConfirmRefundAll { count, total };
                } else if let Some(day) = pay_on {
                    self.overlay =
                        Overlay::Form(Form::refund_batch(lang, &default_batch_file(day)));
                }
            }
            KeyCode::Char('a' | 'A') => {
                if self.refunds_waiting() {
                    return Vec::new();
                }
                let Some(p) = self
                    .refunds
                    .as_ref()
                    .and_then(|v| v.selected_proposal())
                    .cloned()
                else {
                    self.error(t!(lang, "screen-refunds-none-selected"));
                    return Vec::new();
                };
                if let Some(id) = ProposalId::parse(&p.id) {
                    self.overlay = Overlay::Form(Form::refund_set(lang, id, &p));
                }
            }
            KeyCode::Char('s' | 'S') => {
                if self.refunds_waiting() {
                    return Vec::new();
                }
                self.overlay = Overlay::Form(Form::refund_status(lang));
            }
            code => {
                if let Some(v) = &mut self.refunds {
                    v.selected = super::moved_selection(v.selected, code, v.rows());
                }
            }
        }
        Vec::new()
    }

    /// "Gör omgång av alla" confirmed with the count and total: the file's path is asked for.
    pub(super) fn confirm_refund_all_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        match key.code {
            KeyCode::Enter | KeyCode::Char('j' | 'y') => {
                let day = self
                    .refunds
                    .as_ref()
                    .and_then(|v| v.to_send().iter().map(|p| p.pay_on).min());
                self.overlay = match day {
                    Some(day) => {
                        Overlay::Form(Form::refund_batch(self.lang, &default_batch_file(day)))
                    }
                    None => Overlay::None,
                };
            }
            KeyCode::Esc | KeyCode::Char('n') => self.overlay = Overlay::None,
            _ => {}
        }
        Vec::new()
    }

    /// The form waits for the worker's answer; the busy line says what runs.
    fn refunds_send(&mut self, mut form: Form, busy: String, effect: Effect) -> Vec<Effect> {
        form.pending = true;
        form.error = None;
        self.message = None;
        self.busy = Some(busy);
        self.overlay = Overlay::Form(form);
        vec![effect]
    }

    /// "Gör omgång": the batch of the chosen proposals (none chosen: all), written to the path.
    pub(super) fn submit_refund_batch(&mut self, mut form: Form) -> Vec<Effect> {
        let text = form.value(0);
        let path = text.trim();
        if path.is_empty() {
            form.fail(None, t!(self.lang, "screen-refunds-no-path"));
            self.overlay = Overlay::Form(form);
            return Vec::new();
        }
        let ids: Vec<ProposalId> = self
            .refunds
            .as_ref()
            .map(|v| {
                v.chosen
                    .iter()
                    .filter_map(|id| ProposalId::parse(id))
                    .collect()
            })
            .unwrap_or_default();
        let busy = t!(self.lang, "screen-busy-refunds-batch");
        self.refunds_send(
            form,
            busy,
            Effect::RefundBatch {
                ids,
                path: PathBuf::from(path),
            },
        )
    }

    /// "Ändra återbetalning": the amount and date typed, checked here for form; whether the
    /// amount is owed is the app's to say (at the field).
    pub(super) fn submit_refund_set(&mut self, mut form: Form, id: ProposalId) -> Vec<Effect> {
        let lang = self.lang;
        let amount_text = form.value(0);
        let date_text = form.value(1);
        let amount = match Money::parse(&amount_text) {
            Ok(a) => a,
            Err(_) => {
                form.fail(
                    Some(InputField::RefundAmount),
                    t!(lang, "screen-refunds-not-an-amount", input = &amount_text),
                );
                self.overlay = Overlay::Form(form);
                return Vec::new();
            }
        };
        let date = if date_text.trim().is_empty() {
            None
        } else {
            match NaiveDate::parse_from_str(date_text.trim(), "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    form.fail(
                        Some(InputField::RefundDate),
                        t!(lang, "screen-refunds-not-a-date", input = &date_text),
                    );
                    self.overlay = Overlay::Form(form);
                    return Vec::new();
                }
            }
        };
        let busy = t!(lang, "screen-busy-saving");
        self.refunds_send(form, busy, Effect::SetRefund { id, amount, date })
    }

    /// "Läs status": the pain.002 file's path goes to the worker.
    pub(super) fn submit_refund_status(&mut self, mut form: Form) -> Vec<Effect> {
        let text = form.value(0);
        let path = text.trim();
        if path.is_empty() {
            form.fail(None, t!(self.lang, "screen-refunds-no-status-path"));
            self.overlay = Overlay::Form(form);
            return Vec::new();
        }
        let busy = t!(self.lang, "screen-busy-refunds-status");
        self.refunds_send(form, busy, Effect::RefundStatus(PathBuf::from(path)))
    }
}
