//! The actions of the counter screen (from a key or the Funktion menu): whether one can run now,
//! and what it does (new state, effects for the worker).

use super::{Effect, Form, Model, Overlay, Screen};
use crate::domain::payment::PaymentState;
use crate::domain::{Column, Sort, Status};
use crate::t;
use crate::tui::keymap::Action;

impl Model {
    /// Whether an action can run now; the reason when not (shown greyed in the Funktion menu).
    pub fn availability(&self, action: Action) -> Result<(), String> {
        if action == Action::EditCustomer {
            // On the refunds screen: the selected proposal's customer (its payment details).
            if self.screen == Screen::Refunds {
                if self.refund_customer().is_none() {
                    return Err(t!(self.lang, "screen-refunds-none-selected"));
                }
            } else if self.order.is_none() {
                return Err(t!(self.lang, "screen-no-order-open"));
            }
            if let Some(busy) = &self.busy {
                return Err(t!(self.lang, "screen-waiting", busy = busy.to_lowercase()));
            }
            return Ok(());
        }
        if matches!(
            action,
            Action::AddLine | Action::EditLine | Action::DeleteLine
        ) {
            let Some(d) = &self.order else {
                return Err(t!(self.lang, "screen-no-order-open"));
            };
            if let Some(busy) = &self.busy {
                return Err(t!(self.lang, "screen-waiting", busy = busy.to_lowercase()));
            }
            d.order
                .ensure_editable()
                .map_err(|e| e.message(self.lang))?;
            if action != Action::AddLine && d.order.lines.is_empty() {
                return Err(t!(self.lang, "screen-order-no-lines"));
            }
            return Ok(());
        }
        let money = matches!(
            action,
            Action::SendPayment
                | Action::KlarnaReserve
                | Action::CheckPayment
                | Action::CancelPayment
                | Action::MarkComplete
                | Action::ActAsCustomer
                | Action::Book
                | Action::Credit
                | Action::Print
                | Action::PrintCopy
                | Action::PrintKlarna
                | Action::Settle
        );
        if money {
            if let Some(busy) = &self.busy {
                return Err(t!(self.lang, "screen-waiting", busy = busy.to_lowercase()));
            }
            let Some(d) = &self.order else {
                return Err(t!(self.lang, "screen-no-order-open"));
            };
            let status = d.order.status;
            let lang = self.lang;
            let need = |s: Status| -> Result<(), String> {
                if status == s {
                    Ok(())
                } else {
                    Err(t!(
                        lang,
                        "screen-need-status",
                        need = s.to_string(),
                        status = status.to_string()
                    ))
                }
            };
            match action {
                Action::SendPayment => {
                    if status == Status::Open {
                        // The seed's flow: ÖPPEN → Markera klar (Ctrl+K) → send.
                        return Err(t!(
                            lang,
                            "screen-send-mark-complete-first",
                            key = self.keymap.key_label(Action::MarkComplete)
                        ));
                    }
                    need(Status::Complete)?;
                    if d.totals.total.ore() <= 0 {
                        return Err(t!(self.lang, "screen-nothing-to-pay"));
                    }
                    if d.customer.mobile.is_none() {
                        return Err(t!(self.lang, "screen-no-mobile"));
                    }
                }
                // What Klarna needs of the customer is checked (and named) by the app.
                Action::KlarnaReserve => {
                    if status == Status::Open {
                        return Err(t!(
                            lang,
                            "screen-send-mark-complete-first",
                            key = self.keymap.key_label(Action::MarkComplete)
                        ));
                    }
                    need(Status::Complete)?;
                    if d.totals.total.ore() <= 0 {
                        return Err(t!(self.lang, "screen-nothing-to-pay"));
                    }
                }
                Action::CheckPayment => need(Status::MobilePayment)?,
                Action::CancelPayment if status != Status::Credited => {
                    need(Status::MobilePayment)?;
                }
                Action::Book => match status {
                    Status::Complete => {
                        if d.order.lines.is_empty() {
                            return Err(t!(self.lang, "screen-order-no-lines"));
                        }
                    }
                    Status::MobilePayment
                        if !d.order.payment_received
                            && self.attempts.last().is_some_and(|a| {
                                matches!(
                                    a.payment_state,
                                    Some(PaymentState::Rejected | PaymentState::Expired)
                                )
                            }) =>
                    {
                        // Declined or expired: the way on is to cancel and reopen (Ctrl+U).
                        return Err(t!(
                            lang,
                            "screen-book-declined",
                            key = self.keymap.key_label(Action::CancelPayment)
                        ));
                    }
                    Status::MobilePayment if !d.order.payment_received => {
                        return Err(t!(self.lang, "screen-payment-not-received"));
                    }
                    Status::MobilePayment => {}
                    _ => need(Status::Complete)?,
                },
                Action::Credit => need(Status::Booked)?,
                Action::Print | Action::PrintCopy if self.invoices.is_empty() => {
                    return Err(t!(self.lang, "screen-no-invoice"));
                }
                // The Klarna invoice exists for a booked KLARNA order only.
                Action::PrintKlarna
                    if !matches!(status, Status::Booked | Status::Credited)
                        || d.order.payment_method != Some(crate::domain::PaymentMethod::Klarna) =>
                {
                    return Err(t!(self.lang, "screen-not-klarna-booked"));
                }
                Action::Settle if !self.invoices.iter().any(|i| i.pending().is_some()) => {
                    return Err(t!(
                        self.lang,
                        "screen-nothing-pending",
                        provider = &self.provider
                    ));
                }
                Action::MarkComplete => {
                    need(Status::Open)?;
                    if d.order.lines.is_empty() {
                        return Err(t!(self.lang, "screen-order-no-lines"));
                    }
                }
                Action::ActAsCustomer => {
                    if !self.sandbox {
                        return Err(t!(self.lang, "screen-sandbox-only"));
                    }
                    need(Status::MobilePayment)?;
                    if d.order.payment_received {
                        return Err(t!(self.lang, "screen-already-paid"));
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Ask for an action (from a key or the menu).
    pub fn act(&mut self, action: Action) -> Vec<Effect> {
        if matches!(action, Action::XReport | Action::ZReport)
            && let Some(busy) = &self.busy
        {
            let why = t!(self.lang, "screen-waiting", busy = busy.to_lowercase());
            self.error(format!("{}: {why}", action.label(self.lang)));
            return Vec::new();
        }
        if let Err(why) = self.availability(action) {
            self.error(format!("{}: {why}", action.label(self.lang)));
            return Vec::new();
        }
        match action {
            Action::SendPayment
            | Action::KlarnaReserve
            | Action::CancelPayment
            | Action::DeleteLine
            | Action::ZReport => {
                self.overlay = Overlay::Confirm(action);
                Vec::new()
            }
            Action::ActAsCustomer => {
                self.overlay = Overlay::Customer;
                Vec::new()
            }
            Action::Book => {
                let mobile = self
                    .order
                    .as_ref()
                    .is_some_and(|d| d.order.status == Status::MobilePayment);
                self.overlay = if mobile {
                    Overlay::Confirm(Action::Book)
                } else {
                    Overlay::Method { selected: 0 }
                };
                Vec::new()
            }
            Action::Credit => {
                self.overlay = Overlay::Form(Form::credit(self.lang));
                Vec::new()
            }
            _ => self.run(action),
        }
    }

    pub(super) fn run(&mut self, action: Action) -> Vec<Effect> {
        let nr = self.order_nr();
        let lang = self.lang;
        let busy = |m: &mut Model, text: String| {
            m.busy = Some(text);
            m.message = None;
        };
        match (action, nr) {
            (Action::SendPayment, Some(nr)) => {
                busy(self, t!(lang, "screen-busy-sending"));
                vec![Effect::Send(nr)]
            }
            (Action::KlarnaReserve, Some(nr)) => {
                busy(self, t!(lang, "screen-busy-reserving"));
                vec![Effect::KlarnaReserve(nr)]
            }
            (Action::CheckPayment, Some(nr)) => {
                busy(self, t!(lang, "screen-busy-checking"));
                vec![Effect::Check(nr)]
            }
            (Action::CancelPayment, Some(nr)) => {
                busy(self, t!(lang, "screen-busy-cancelling"));
                vec![Effect::Cancel(nr)]
            }
            (Action::MarkComplete, Some(nr)) => {
                busy(self, t!(lang, "screen-busy-saving"));
                vec![Effect::MarkComplete(nr)]
            }
            (Action::Book, Some(nr)) => {
                busy(self, t!(lang, "screen-busy-booking"));
                vec![Effect::Book { nr, method: None }]
            }
            (Action::Print, Some(nr)) => {
                busy(self, t!(lang, "screen-busy-printing"));
                vec![Effect::Print { nr, copy: false }]
            }
            (Action::PrintCopy, Some(nr)) => {
                busy(self, t!(lang, "screen-busy-printing"));
                vec![Effect::Print { nr, copy: true }]
            }
            (Action::PrintKlarna, Some(nr)) => {
                busy(self, t!(lang, "screen-busy-printing"));
                vec![Effect::PrintKlarna(nr)]
            }
            (Action::XReport, _) => {
                self.screen = Screen::Register;
                self.register = None;
                vec![Effect::LoadXReport]
            }
            (Action::ZReport, _) => {
                self.screen = Screen::Register;
                self.register = None;
                busy(self, t!(lang, "screen-busy-z-report"));
                vec![Effect::TakeZReport]
            }
            (Action::Settle, Some(nr)) => {
                busy(self, t!(lang, "screen-busy-settling"));
                vec![Effect::Settle(nr)]
            }
            (Action::Disputes, _) => self.open_disputes(),
            (Action::Payouts, _) => self.open_payouts(),
            (Action::Reconcile, _) => self.open_reconcile(),
            (Action::Refunds, _) => self.open_refunds(),
            (Action::DayReport, _) => {
                self.screen = Screen::DayReport;
                vec![Effect::LoadDayReport(
                    self.day_report.as_ref().map(|r| r.date),
                )]
            }
            (Action::NewOrder, _) => {
                self.overlay = Overlay::Form(Form::new_order(lang));
                Vec::new()
            }
            (Action::AddLine, Some(_)) => {
                self.screen = Screen::Order;
                self.overlay = Overlay::Form(Form::line(
                    lang,
                    None,
                    [String::new(), "1".into(), String::new(), String::new()],
                ));
                Vec::new()
            }
            (Action::EditCustomer, _) if self.screen == Screen::Refunds => {
                match self.refund_customer() {
                    Some(no) => vec![Effect::LoadCustomer(no)],
                    None => Vec::new(),
                }
            }
            (Action::EditCustomer, Some(_)) => {
                if let Some(d) = &self.order {
                    self.screen = Screen::Order;
                    self.overlay =
                        Overlay::Form(Form::customer(lang, &d.customer, self.payee.as_ref()));
                }
                Vec::new()
            }
            (Action::EditLine, Some(_)) => {
                let Some(l) = self
                    .order
                    .as_ref()
                    .and_then(|d| d.order.lines.get(self.line))
                else {
                    return Vec::new();
                };
                let what = l
                    .article_no
                    .clone()
                    .unwrap_or_else(|| l.description.clone());
                let values = [
                    // An utlägg is typed "Utlägg: …" (the form has no field for the kind).
                    if l.kind == crate::domain::LineKind::Utlagg {
                        format!("{}: {what}", l.kind.label(lang))
                    } else {
                        what
                    },
                    l.quantity.to_string(),
                    if l.article_no.is_some() {
                        String::new()
                    } else {
                        l.unit_price.to_plain().replace('.', ",")
                    },
                    if l.discount.is_zero() {
                        String::new()
                    } else {
                        l.discount.to_string()
                    },
                ];
                self.screen = Screen::Order;
                self.overlay = Overlay::Form(Form::line(lang, Some(self.line), values));
                Vec::new()
            }
            (Action::DeleteLine, Some(nr)) => {
                let version = self.order.as_ref().map_or(0, |d| d.order.version);
                busy(self, t!(lang, "screen-busy-saving"));
                vec![Effect::DeleteLine {
                    nr,
                    version,
                    index: self.line,
                }]
            }
            (Action::OrderList, _) => {
                self.screen = Screen::List;
                self.message = None;
                vec![self.reload_list()]
            }
            (Action::ChooseColumns, _) => {
                self.screen = Screen::List;
                let ticked = Column::ALL
                    .iter()
                    .map(|c| self.list.columns.contains(c))
                    .collect();
                self.overlay = Overlay::Columns {
                    selected: 0,
                    ticked,
                };
                Vec::new()
            }
            (Action::CycleStatus, _) => {
                self.screen = Screen::List;
                self.list.status = match self.list.status {
                    None => Some(Status::ALL[0]),
                    Some(s) => Status::ALL
                        .iter()
                        .position(|x| *x == s)
                        .and_then(|i| Status::ALL.get(i + 1).copied()),
                };
                vec![self.list_from_start()]
            }
            (Action::CyclePaid, _) => {
                self.screen = Screen::List;
                self.list.paid = match self.list.paid {
                    None => Some(true),
                    Some(true) => Some(false),
                    Some(false) => None,
                };
                vec![self.list_from_start()]
            }
            (Action::SortNext, _) => {
                self.screen = Screen::List;
                // The next shown column the list can be sorted on (not the invoice's paid
                // state: it is read per row shown).
                let cols = &self.list.columns;
                let at = cols.iter().position(|c| *c == self.list.sort.column);
                let next = (1..=cols.len())
                    .map(|k| cols[(at.map_or(cols.len() - 1, |i| i) + k) % cols.len()])
                    .find(|c| c.sortable())
                    .unwrap_or(Column::Nr);
                self.list.sort = Sort {
                    column: next,
                    descending: false,
                };
                vec![self.list_from_start()]
            }
            (Action::SortReverse, _) => {
                self.screen = Screen::List;
                self.list.sort.descending = !self.list.sort.descending;
                vec![self.list_from_start()]
            }
            (Action::Refresh, _) if self.screen == Screen::Disputes => self.open_disputes(),
            (Action::Refresh, _) if self.screen == Screen::Payouts => self.open_payouts(),
            (Action::Refresh, _) if self.screen == Screen::Reconcile => self.open_reconcile(),
            (Action::Refresh, _) if self.screen == Screen::Refunds => self.open_refunds(),
            (Action::Refresh, _) => {
                let mut fx = vec![self.reload_list()];
                if let Some(nr) = nr {
                    fx.push(Effect::LoadOrder(nr));
                }
                fx
            }
            (Action::Menu, _) => {
                self.overlay = Overlay::Menu { selected: 0 };
                Vec::new()
            }
            (Action::Help, _) => {
                self.overlay = Overlay::Help;
                Vec::new()
            }
            (Action::Quit, _) => {
                self.quit = true;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }
}
