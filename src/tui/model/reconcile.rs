//! The reconciliation screen (F12), issue 14: the incoming payments from the bank, the work
//! list first (suggestions and OBS, then prepayments, then matched), each with why it stands
//! where it does. Enter accepts a suggestion, M matches by hand (an invoice number, shown with
//! its buyer and what is open before it is confirmed), O moves a payment to OBS (confirmed with
//! its amount), I imports a bank file. Every change runs on the worker; nothing here writes.

use std::path::PathBuf;

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{Effect, Form, FormKind, Model, Overlay, Screen};
use crate::app::IncomingPaymentRecord;
use crate::domain::reconcile::{OpenInvoice, State};
use crate::t;

/// The most payments the screen reads (the work list comes first, so what needs work shows).
pub const RECONCILE_LIMIT: usize = 1000;

/// The payments as the reconciliation screen shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconcileView {
    /// In the app's order: suggested, OBS, prepayment, matched; oldest first in each.
    pub rows: Vec<IncomingPaymentRecord>,
    /// The selected row.
    pub selected: usize,
}

impl ReconcileView {
    pub fn selected_payment(&self) -> Option<&IncomingPaymentRecord> {
        self.rows.get(self.selected)
    }
}

impl Model {
    /// F12 (and Ctrl+R on the screen): show the screen and read the payments.
    pub(super) fn open_reconcile(&mut self) -> Vec<Effect> {
        self.screen = Screen::Reconcile;
        vec![Effect::LoadPayments]
    }

    /// The payments were read: keep the selection on the same payment when it is still there.
    pub(super) fn payments_loaded(&mut self, rows: Vec<IncomingPaymentRecord>) {
        let (old_id, old_at) = match &self.reconcile {
            Some(v) => (v.selected_payment().map(|p| p.id), v.selected),
            None => (None, 0),
        };
        let selected = old_id
            .and_then(|id| rows.iter().position(|p| p.id == id))
            .unwrap_or(old_at)
            .min(rows.len().saturating_sub(1));
        self.reconcile = Some(ReconcileView { rows, selected });
    }

    /// Why a change cannot start now: another job runs, or no payment is selected.
    fn reconcile_ready(&mut self) -> Option<IncomingPaymentRecord> {
        if let Some(busy) = &self.busy {
            let why = t!(self.lang, "screen-waiting", busy = busy.to_lowercase());
            self.error(why);
            return None;
        }
        let p = self
            .reconcile
            .as_ref()
            .and_then(|v| v.selected_payment())
            .cloned();
        if p.is_none() {
            self.error(t!(self.lang, "screen-reconcile-none-selected"));
        }
        p
    }

    /// The reconciliation screen's keys.
    pub(super) fn reconcile_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let lang = self.lang;
        match key.code {
            KeyCode::Esc => {
                self.screen = Screen::List;
                Vec::new()
            }
            KeyCode::Enter => {
                let Some(p) = self.reconcile_ready() else {
                    return Vec::new();
                };
                if p.standing.state != State::Suggested || p.standing.suggested_invoice.is_none() {
                    self.error(t!(
                        lang,
                        "screen-reconcile-no-suggestion",
                        payment = p.id,
                        state = p.standing.state.label(lang)
                    ));
                    return Vec::new();
                }
                self.busy = Some(t!(lang, "screen-busy-reconcile-matching"));
                self.message = None;
                vec![Effect::AcceptSuggestion(p.id)]
            }
            KeyCode::Char('m' | 'M') => {
                let Some(p) = self.reconcile_ready() else {
                    return Vec::new();
                };
                if p.standing.state == State::Matched {
                    self.error(t!(lang, "reconcile-already-matched", payment = p.id));
                    return Vec::new();
                }
                let mut form = Form::match_invoice(lang, p.id);
                // A suggestion is offered as the invoice to match (it can be typed over).
                if let Some(no) = p.standing.suggested_invoice {
                    form.fields[0].set(no.to_string());
                }
                self.overlay = Overlay::Form(form);
                Vec::new()
            }
            KeyCode::Char('o' | 'O') => {
                let Some(p) = self.reconcile_ready() else {
                    return Vec::new();
                };
                match p.standing.state {
                    State::Matched => {
                        self.error(t!(lang, "reconcile-already-matched", payment = p.id));
                    }
                    State::Obs => self.error(t!(lang, "reconcile-already-obs", payment = p.id)),
                    State::Suggested | State::Prepayment => {
                        self.overlay = Overlay::ConfirmObs {
                            payment: p.id,
                            amount: p.amount,
                        };
                    }
                }
                Vec::new()
            }
            KeyCode::Char('i' | 'I') => {
                if let Some(busy) = &self.busy {
                    let why = t!(lang, "screen-waiting", busy = busy.to_lowercase());
                    self.error(why);
                    return Vec::new();
                }
                self.overlay = Overlay::Form(Form::import_file(lang));
                Vec::new()
            }
            code => {
                if let Some(v) = &mut self.reconcile {
                    v.selected = super::moved_selection(v.selected, code, v.rows.len());
                }
                Vec::new()
            }
        }
    }

    /// "Matcha": the invoice number typed is looked up first (its buyer and what is open are
    /// shown before anything is booked). A number that is not one stays in the field.
    pub(super) fn submit_match(&mut self, mut form: Form, payment: i64) -> Vec<Effect> {
        let text = form.value(0);
        let Some(invoice) = text.trim().parse::<i64>().ok().filter(|n| *n > 0) else {
            form.fail(
                None,
                t!(
                    self.lang,
                    "screen-reconcile-not-an-invoice-no",
                    input = &text
                ),
            );
            self.overlay = Overlay::Form(form);
            return Vec::new();
        };
        form.pending = true;
        form.error = None;
        self.message = None;
        self.busy = Some(t!(self.lang, "screen-busy-reconcile-finding"));
        self.overlay = Overlay::Form(form);
        vec![Effect::FindInvoice { payment, invoice }]
    }

    /// "Läs in bankfil": the path typed goes to the worker; the form waits for the outcome.
    pub(super) fn submit_import(&mut self, mut form: Form) -> Vec<Effect> {
        let text = form.value(0);
        let path = text.trim();
        if path.is_empty() {
            form.fail(None, t!(self.lang, "screen-reconcile-no-path"));
            self.overlay = Overlay::Form(form);
            return Vec::new();
        }
        let path = PathBuf::from(path);
        form.pending = true;
        form.error = None;
        self.message = None;
        self.busy = Some(t!(self.lang, "screen-busy-reconcile-importing"));
        self.overlay = Overlay::Form(form);
        vec![Effect::ImportBankFile(path)]
    }

    /// The invoice typed was found and has something open: confirm with its buyer and amount.
    pub(super) fn invoice_found(&mut self, payment: i64, invoice: OpenInvoice) {
        self.busy = None;
        if let Overlay::Form(form) = &self.overlay
            && form.kind == FormKind::MatchInvoice(payment)
        {
            let mut form = form.clone();
            form.pending = false;
            self.overlay = Overlay::ConfirmMatch {
                form,
                payment,
                invoice,
            };
        }
    }

    /// The match confirmed (Enter) goes to the worker, the form waiting; Esc goes back to the
    /// form with the number typed.
    pub(super) fn confirm_match_key(
        &mut self,
        key: KeyEvent,
        mut form: Form,
        payment: i64,
        invoice: OpenInvoice,
    ) -> Vec<Effect> {
        match key.code {
            KeyCode::Enter | KeyCode::Char('j' | 'y') => {
                form.pending = true;
                form.error = None;
                self.message = None;
                self.busy = Some(t!(self.lang, "screen-busy-reconcile-matching"));
                self.overlay = Overlay::Form(form);
                vec![Effect::MatchPayment {
                    payment,
                    invoice: invoice.invoice_no,
                }]
            }
            KeyCode::Esc | KeyCode::Char('n') => {
                self.overlay = Overlay::Form(form);
                Vec::new()
            }
            _ => {
                self.overlay = Overlay::ConfirmMatch {
                    form,
                    payment,
                    invoice,
                };
                Vec::new()
            }
        }
    }

    /// "Till OBS" confirmed with the amount.
    pub(super) fn confirm_obs_key(&mut self, key: KeyEvent, payment: i64) -> Vec<Effect> {
        match key.code {
            KeyCode::Enter | KeyCode::Char('j' | 'y') => {
                self.overlay = Overlay::None;
                self.busy = Some(t!(self.lang, "screen-busy-reconcile-obs"));
                self.message = None;
                vec![Effect::ObsPayment(payment)]
            }
            KeyCode::Esc | KeyCode::Char('n') => {
                self.overlay = Overlay::None;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }
}
