//! The screen's state and `update`: key → action → new state + effects. No I/O here; effects are
//! carried out by the worker and come back as [`Event`]s.
//!
//! One [`Model`] for the whole counter screen (the screens share the open order, the list and
//! the message line); its `impl Model` blocks live beside the screen they serve: `list` (F5
//! list and its column chooser), `order` (the order screen), `actions` (which action can run
//! now and what it does), `forms` (new order, line, credit), `menus` (Funktion menu, payment
//! method and sandbox customer choosers), `report` (the day report screen) and `settle` (the
//! disputes and payouts screens).

mod actions;
pub mod field;
mod forms;
mod list;
mod menus;
mod order;
mod reconcile;
mod refunds;
mod report;
mod settle;

pub use forms::{Form, FormKind};
pub use list::{LIST_LIMIT, ListState};
pub use menus::{COUNTER_METHODS, CustomerChoice};
pub use reconcile::{RECONCILE_LIMIT, ReconcileView};
pub use refunds::{RefundsView, default_batch_file};
pub use settle::{DUE_SOON_DAYS, DisputesView, PayoutsView, due_soon};

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::keymap::{Action, Keymap};
use crate::app::ledger::DayReport;
use crate::app::orders::{LineInput, NewOrderInput};
use crate::app::{ListCount, ListQuery, OrderDetails, PaymentAttempt};
use crate::domain::OrderSummary;
use crate::domain::payment::StoredInvoice;
use crate::domain::{Column, Customer, Lang, Money, PaymentMethod, Sort};
use chrono::NaiveDate;

/// Which main screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Order,
    List,
    /// The day report (Shift+F4).
    DayReport,
    /// The cash register's X or Z day report (F4; Z from the Funktion menu).
    Register,
    /// The disputes register (F11).
    Disputes,
    /// The provider's payouts applied (Shift+F11).
    Payouts,
    /// The incoming payments from the bank and what they pay (F12).
    Reconcile,
    /// The refunds to customers' bank accounts (Shift+F12).
    Refunds,
}

/// A popup over the screen; it gets keys first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    None,
    Menu {
        selected: usize,
    },
    Help,
    Columns {
        selected: usize,
        ticked: Vec<bool>,
    },
    Confirm(Action),
    /// "Kreditera": the amount to pay back, confirmed before the credit is made; Esc goes back
    /// to the form.
    ConfirmCredit {
        form: Form,
        lines: Option<Vec<usize>>,
        amount: Money,
    },
    Customer,
    Form(Form),
    /// "Bokför" of a KLART order: choose KONTANT, KORT or FAKTURA.
    Method {
        selected: usize,
    },
    /// "Matcha": the invoice found for the number typed, its buyer and what is open on it,
    /// confirmed before the payment is matched; Esc goes back to the form.
    ConfirmMatch {
        form: Form,
        payment: i64,
        invoice: crate::domain::reconcile::OpenInvoice,
    },
    /// "Till OBS": the payment's amount, confirmed before it is moved.
    ConfirmObs {
        payment: i64,
        amount: Money,
    },
    /// "Gör omgång" with no proposal chosen: every proposal with payment details, confirmed
    /// with their count and total before the file's path is asked for.
    ConfirmRefundAll {
        count: usize,
        total: Money,
    },
}

/// Work for the worker (database and network, off the UI thread).
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadOrder(i64),
    LoadList {
        query: ListQuery,
        generation: u64,
        /// Count the query's orders too (not when only more rows of the same list are asked for).
        count: bool,
    },
    Send(i64),
    /// Reserve the order at Klarna (payment method KLARNA), in the default Klarna store.
    KlarnaReserve(i64),
    Check(i64),
    Cancel(i64),
    MarkComplete(i64),
    SaveColumns(Vec<Column>),
    ActAsCustomer {
        nr: i64,
        choice: CustomerChoice,
    },
    CreateOrder(NewOrderInput),
    SaveLine {
        nr: i64,
        version: i64,
        index: Option<usize>,
        input: LineInput,
    },
    DeleteLine {
        nr: i64,
        version: i64,
        index: usize,
    },
    Book {
        nr: i64,
        method: Option<PaymentMethod>,
    },
    Credit {
        nr: i64,
        lines: Option<Vec<usize>>,
    },
    /// "Skriv ut": a receipt's original (or `copy`: its one copy), or the invoice (of a
    /// booked KLARNA order: with the Klarna invoice beside it).
    Print {
        nr: i64,
        copy: bool,
    },
    /// "Skriv ut Klarna-faktura": what the customer pays to Klarna (a reprint says KOPIA).
    PrintKlarna(i64),
    Settle(i64),
    /// The cash register's X day report.
    LoadXReport,
    /// Take the Z day report of today (confirmed).
    TakeZReport,
    /// The customers the new-order form's search text points at.
    FindCustomers(String),
    /// Read a customer and its payment details, for "Ändra kund" from the refunds screen.
    LoadCustomer(i64),
    /// Save a customer ("Ändra kund"); `nr` is the open order of that customer, read again
    /// once it is saved (None: opened from the refunds screen).
    SaveCustomer {
        nr: Option<i64>,
        customer_no: i64,
        change: Box<crate::app::customers::CustomerChange>,
    },
    /// The day report of a day (None: today).
    LoadDayReport(Option<NaiveDate>),
    /// Read the disputes register and the dispute rate.
    LoadDisputes,
    /// Sync the disputes register with the provider, then read it again.
    SyncDisputes,
    /// Read the payouts applied.
    LoadPayouts,
    /// Fetch and apply the provider's new payouts, then read them again.
    ApplySettlements,
    /// Read the incoming payments (the reconciliation work list first).
    LoadPayments,
    /// Import a bank file (BgMax or camt.054), then read the payments again.
    ImportBankFile(std::path::PathBuf),
    /// Look up an invoice to match a payment to by hand (its buyer, what is open).
    FindInvoice {
        payment: i64,
        invoice: i64,
    },
    /// Match a payment to an invoice by hand.
    MatchPayment {
        payment: i64,
        invoice: i64,
    },
    /// Accept a suggested payment's suggestion.
    AcceptSuggestion(i64),
    /// Move a payment to OBS.
    ObsPayment(i64),
    /// Read the refund proposals and the refunds sent.
    LoadRefunds,
    /// Make a batch of these proposals (none: every one with payment details) and write its
    /// pain.001 file to the path.
    RefundBatch {
        ids: Vec<crate::domain::refund::ProposalId>,
        path: std::path::PathBuf,
    },
    /// Change a proposal's amount and date.
    SetRefund {
        id: crate::domain::refund::ProposalId,
        amount: Money,
        date: Option<NaiveDate>,
    },
    /// Read the bank's pain.002 status file.
    RefundStatus(std::path::PathBuf),
}

/// What comes back from the worker.
#[derive(Debug, Clone)]
pub enum Event {
    /// The order, its payment attempts, and where its customer's refunds are paid (loaded
    /// with the order, so the customer form never opens without them).
    OrderLoaded(
        Box<OrderDetails>,
        Vec<PaymentAttempt>,
        Option<crate::domain::refund::Payee>,
    ),
    ListLoaded {
        rows: Vec<OrderSummary>,
        generation: u64,
    },
    /// The customers a search text of the new-order form points at (no, name, mobile).
    CustomersFound {
        text: String,
        found: Vec<(i64, String, String)>,
    },
    /// A form's effect was saved (the changed order came just before).
    FormSaved,
    /// A form's effect was refused: the error, and the field it is about.
    FormFailed {
        field: Option<crate::app::InputField>,
        text: String,
    },
    /// How many orders a list query matches (its sort and page aside).
    ListCounted {
        query: ListQuery,
        count: ListCount,
    },
    /// An action finished: a message for the user, and whether it failed.
    Done {
        text: String,
        error: bool,
    },
    /// An order changed behind the screen (sync, callback): reload it if it is shown.
    Changed(i64),
    /// The invoices and credit invoices of an order.
    InvoicesLoaded(i64, Vec<StoredInvoice>),
    DayReportLoaded(Box<DayReport>),
    /// An X or Z report as text, with its title.
    RegisterReport {
        title: String,
        text: String,
    },
    DisputesLoaded(Box<DisputesView>),
    PayoutsLoaded(Vec<crate::app::PayoutRecord>),
    /// The deadline of the open dispute that pauses an order's invoice (None: not paused).
    PausedLoaded(i64, Option<NaiveDate>),
    /// Whether an order's invoice is paid, and the day (None: no invoice).
    PaidLoaded(i64, Option<crate::domain::columns::InvoicePaidState>),
    /// The incoming payments, the work list first.
    PaymentsLoaded(Vec<crate::app::IncomingPaymentRecord>),
    /// The refund proposals and the refunds sent.
    RefundsLoaded(Box<crate::app::refunds::RefundList>),
    /// A customer and where its refunds are paid ("Ändra kund" from the refunds screen).
    CustomerLoaded(Box<Customer>, Option<crate::domain::refund::Payee>),
    /// The invoice a payment is to be matched to, with what is open on it.
    InvoiceFound {
        payment: i64,
        invoice: crate::domain::reconcile::OpenInvoice,
    },
}

/// The cash register report the register screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterView {
    pub title: String,
    pub text: String,
    /// The first line shown (the report is longer than a small screen).
    pub scroll: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// Everything the screen shows.
#[derive(Debug, Clone)]
pub struct Model {
    pub lang: Lang,
    pub keymap: Keymap,
    /// Set when payments go to the sandbox: the banner shows it.
    pub sandbox: bool,
    /// The sandbox's address ("127.0.0.1:43110"), shown in the banner when there is room.
    pub sandbox_address: Option<String>,
    /// The payment provider's name, as it calls itself ("Resurs"): the screen names no provider
    /// of its own.
    pub provider: String,
    /// The database is a demo database: the top line says DEMO.
    pub demo: bool,
    pub screen: Screen,
    pub order: Option<OrderDetails>,
    /// An order asked for and not loaded yet.
    pub opening: Option<i64>,
    pub attempts: Vec<PaymentAttempt>,
    /// Where the open order's customer's refunds are paid (the customer form shows it).
    pub payee: Option<crate::domain::refund::Payee>,
    /// The open order's invoices and credit invoices.
    pub invoices: Vec<StoredInvoice>,
    /// The day report screen's report.
    pub day_report: Option<DayReport>,
    /// The register screen's report (None while it loads).
    pub register: Option<RegisterView>,
    /// The disputes screen's register (None while it loads).
    pub disputes: Option<DisputesView>,
    /// The payouts screen's payouts (None while they load).
    pub payouts: Option<PayoutsView>,
    /// The reconciliation screen's payments (None while they load).
    pub reconcile: Option<ReconcileView>,
    /// The refunds screen's proposals and sent refunds (None while they load).
    pub refunds: Option<RefundsView>,
    /// Sync the disputes once the register shows (set when the screen opens).
    pub sync_disputes_after_load: bool,
    /// The open order's invoice is paused by a dispute: its answer deadline.
    pub paused: Option<NaiveDate>,
    /// Whether the open order's invoice is paid ("Betald 2026-11-30" / "Obetald").
    pub invoice_paid: Option<crate::domain::columns::InvoicePaidState>,
    /// Övningsläge: the banner says so; receipts say ÖVNING and nothing is booked.
    pub training: bool,
    /// The selected line on the order screen.
    pub line: usize,
    pub list: ListState,
    pub overlay: Overlay,
    /// A running background job, shown with a spinner.
    pub busy: Option<String>,
    pub spinner: usize,
    pub message: Option<Message>,
    pub quit: bool,
}

impl Model {
    pub fn new(lang: Lang, keymap: Keymap, sandbox: bool, columns: Vec<Column>) -> Model {
        Model {
            lang,
            keymap,
            sandbox,
            sandbox_address: None,
            provider: String::new(),
            demo: false,
            screen: Screen::List,
            order: None,
            opening: None,
            attempts: Vec::new(),
            payee: None,
            invoices: Vec::new(),
            day_report: None,
            register: None,
            disputes: None,
            payouts: None,
            reconcile: None,
            refunds: None,
            sync_disputes_after_load: false,
            paused: None,
            invoice_paid: None,
            training: false,
            line: 0,
            list: ListState {
                filter: String::new(),
                status: None,
                paid: None,
                sort: Sort::default(),
                columns,
                rows: Vec::new(),
                selected: 0,
                limit: LIST_LIMIT,
                generation: 0,
                loading: false,
                page: 10,
                top: 0,
                count: None,
                from_end: false,
                col_scroll: 0,
                appending: false,
                pending_move: 0,
                rows_version: 0,
                grown: None,
                value_widths: None,
            },
            overlay: Overlay::None,
            busy: None,
            spinner: 0,
            message: None,
            quit: false,
        }
    }

    /// The first effects: load the list.
    pub fn start(&mut self) -> Vec<Effect> {
        vec![self.reload_list()]
    }

    pub(super) fn info(&mut self, text: String) {
        self.message = Some(Message { text, error: false });
    }

    pub(super) fn error(&mut self, text: String) {
        self.message = Some(Message { text, error: true });
    }

    pub(super) fn order_nr(&self) -> Option<i64> {
        self.order.as_ref().map(|d| d.order.nr)
    }

    /// A terminal event: a key.
    pub fn on_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        match self.overlay.clone() {
            Overlay::None => {}
            Overlay::Menu { selected } => return self.menu_key(key, selected),
            Overlay::Help => {
                if matches!(
                    key.code,
                    KeyCode::Esc | KeyCode::Enter | KeyCode::F(1) | KeyCode::Char('q')
                ) {
                    self.overlay = Overlay::None;
                }
                return Vec::new();
            }
            Overlay::Columns { selected, ticked } => {
                return self.columns_key(key, selected, ticked);
            }
            Overlay::Confirm(action) => {
                return match key.code {
                    KeyCode::Enter | KeyCode::Char('j') | KeyCode::Char('y') => {
                        self.overlay = Overlay::None;
                        self.run(action)
                    }
                    KeyCode::Esc | KeyCode::Char('n') => {
                        self.overlay = Overlay::None;
                        Vec::new()
                    }
                    _ => Vec::new(),
                };
            }
            Overlay::ConfirmCredit {
                form,
                lines,
                amount,
            } => return self.credit_confirm_key(key, form, lines, amount),
            Overlay::Customer => return self.customer_key(key),
            Overlay::Form(form) => return self.form_key(key, form),
            Overlay::Method { selected } => return self.method_key(key, selected),
            Overlay::ConfirmMatch {
                form,
                payment,
                invoice,
            } => return self.confirm_match_key(key, form, payment, invoice),
            Overlay::ConfirmObs { payment, .. } => return self.confirm_obs_key(key, payment),
            Overlay::ConfirmRefundAll { .. } => return self.confirm_refund_all_key(key),
        }
        if let Some(action) = self.keymap.action_for(&key) {
            return self.act(action);
        }
        match self.screen {
            Screen::List => self.list_key(key),
            Screen::DayReport => self.day_report_key(key),
            Screen::Register => self.register_key(key),
            Screen::Disputes => self.disputes_key(key),
            Screen::Payouts => self.payouts_key(key),
            Screen::Reconcile => self.reconcile_key(key),
            Screen::Refunds => self.refunds_key(key),
            Screen::Order => self.order_key(key),
        }
    }

    /// A result from the worker.
    pub fn on_event(&mut self, ev: Event) -> Vec<Effect> {
        match ev {
            Event::OrderLoaded(d, attempts, payee) => {
                if self.opening == Some(d.order.nr) {
                    self.opening = None;
                }
                if self.order.as_ref().map(|o| o.order.nr) != Some(d.order.nr) {
                    self.line = 0;
                    // A message about the order left behind no longer applies.
                    self.message = None;
                }
                self.line = self.line.min(d.order.lines.len().saturating_sub(1));
                if self.order_nr() != Some(d.order.nr) {
                    self.invoices.clear();
                    self.paused = None;
                    self.invoice_paid = None;
                }
                self.order = Some(*d);
                self.attempts = attempts;
                self.payee = payee;
                Vec::new()
            }
            Event::InvoicesLoaded(nr, invoices) => {
                if self.order_nr() == Some(nr) {
                    self.invoices = invoices;
                }
                Vec::new()
            }
            Event::PausedLoaded(nr, deadline) => {
                if self.order_nr() == Some(nr) {
                    self.paused = deadline;
                }
                Vec::new()
            }
            Event::PaidLoaded(nr, state) => {
                if self.order_nr() == Some(nr) {
                    self.invoice_paid = state;
                }
                Vec::new()
            }
            Event::DisputesLoaded(view) => self.disputes_loaded(*view),
            Event::PayoutsLoaded(rows) => {
                self.payouts_loaded(rows);
                Vec::new()
            }
            Event::PaymentsLoaded(rows) => {
                self.payments_loaded(rows);
                Vec::new()
            }
            Event::RefundsLoaded(list) => {
                self.refunds_loaded(*list);
                Vec::new()
            }
            Event::InvoiceFound { payment, invoice } => {
                self.invoice_found(payment, invoice);
                Vec::new()
            }
            Event::DayReportLoaded(r) => {
                self.day_report = Some(*r);
                Vec::new()
            }
            Event::RegisterReport { title, text } => {
                self.busy = None;
                self.register = Some(RegisterView {
                    title,
                    text,
                    scroll: 0,
                });
                self.screen = Screen::Register;
                Vec::new()
            }
            Event::ListLoaded { rows, generation } => {
                if generation == self.list.generation {
                    self.list_loaded(rows)
                } else {
                    Vec::new()
                }
            }
            Event::CustomersFound { text, found } => {
                self.customers_found(&text, found);
                Vec::new()
            }
            Event::FormSaved => self.form_saved(),
            Event::CustomerLoaded(c, payee) => {
                // Opened only where it was asked for, and over nothing else.
                if self.screen == Screen::Refunds && self.overlay == Overlay::None {
                    self.overlay = Overlay::Form(Form::customer(self.lang, &c, payee.as_ref()));
                }
                Vec::new()
            }
            Event::FormFailed { field, text } => {
                self.form_failed(field, text);
                Vec::new()
            }
            Event::ListCounted { query, count } => {
                self.list.count = Some((query, count));
                Vec::new()
            }
            Event::Done { text, error } => {
                self.busy = None;
                self.opening = None;
                if error {
                    self.error(text);
                } else {
                    self.info(text);
                }
                let mut fx = Vec::new();
                if let Some(nr) = self.order_nr() {
                    fx.push(Effect::LoadOrder(nr));
                }
                if self.screen == Screen::List {
                    fx.push(self.reload_list());
                }
                fx
            }
            Event::Changed(nr) => {
                let mut fx = vec![self.reload_list()];
                if self.order_nr() == Some(nr) {
                    fx.push(Effect::LoadOrder(nr));
                }
                fx
            }
        }
    }

    /// Spinner step (about ten a second while busy).
    pub fn tick(&mut self) {
        if self.busy.is_some() {
            self.spinner = self.spinner.wrapping_add(1);
        }
    }
}

/// A list screen's selection moved by a key (↑↓, PgUp/PgDn by ten, Home, End) within `rows`
/// rows; any other key leaves it.
pub(super) fn moved_selection(selected: usize, code: KeyCode, rows: usize) -> usize {
    let last = rows.saturating_sub(1);
    match code {
        KeyCode::Down => selected + 1,
        KeyCode::Up => selected.saturating_sub(1),
        KeyCode::PageDown => selected + 10,
        KeyCode::PageUp => selected.saturating_sub(10),
        KeyCode::Home => 0,
        KeyCode::End => last,
        _ => selected,
    }
    .min(last)
}
