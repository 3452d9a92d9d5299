//! The screen's state and `update`: key → action → new state + effects. No I/O here; effects are
//! carried out by the worker and come back as [`Event`]s.

use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::keymap::{Action, Keymap};
use crate::app::orders::{LineInput, NewOrderInput};
use crate::domain::search::Filter;
use chrono::NaiveDate;

use crate::app::ledger::DayReport;
use crate::domain::{Column, Lang, Money, PaymentMethod, Sort, Status};
use crate::store::{ListQuery, OrderDetails, OrderSummary, PaymentAttempt, StoredInvoice};

/// Which main screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Order,
    List,
    /// The day report (F4).
    DayReport,
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
    Customer,
    Form(Form),
    /// "Bokför" of a KLART order: choose KONTANT, KORT or FAKTURA.
    Method {
        selected: usize,
    },
}

/// The payment methods a KLART order can be booked with, in the order the chooser shows them.
pub const COUNTER_METHODS: [PaymentMethod; 3] = [
    PaymentMethod::Kontant,
    PaymentMethod::Kort,
    PaymentMethod::Faktura,
];

/// What a form creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    NewOrder,
    /// A new line (None) or the line at this index.
    Line(Option<usize>),
    /// "Kreditera": which lines.
    Credit,
}

/// A small form: labelled text fields, one active.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub kind: FormKind,
    /// (Swedish label, English label, value).
    pub fields: Vec<(&'static str, &'static str, String)>,
    pub active: usize,
}

impl Form {
    fn new_order() -> Form {
        Form {
            kind: FormKind::NewOrder,
            fields: vec![
                (
                    "Sök kund (nr, namn, mobil)",
                    "Find customer (no, name, mobile)",
                    String::new(),
                ),
                (
                    "…eller ny kund: namn",
                    "…or new customer: name",
                    String::new(),
                ),
                ("Ny kund: mobil", "New customer: mobile", String::new()),
                ("Regnr", "Reg. no", String::new()),
                (
                    "Nytt fordon: märke modell",
                    "New vehicle: make model",
                    String::new(),
                ),
            ],
            active: 0,
        }
    }

    fn line(index: Option<usize>, values: [String; 4]) -> Form {
        let [what, qty, price, discount] = values;
        Form {
            kind: FormKind::Line(index),
            fields: vec![
                (
                    "Artikel-/arbetsnr eller text",
                    "Article/labour no or text",
                    what,
                ),
                ("Antal", "Quantity", qty),
                (
                    "À-pris exkl. moms (tomt = registrets)",
                    "Unit price excl. VAT (empty = register)",
                    price,
                ),
                ("Rabatt %", "Discount %", discount),
            ],
            active: 0,
        }
    }

    fn credit() -> Form {
        Form {
            kind: FormKind::Credit,
            fields: vec![(
                "Rader att kreditera, t.ex. 1,3 (tomt = hela fakturan)",
                "Lines to credit, e.g. 1,3 (empty = the whole invoice)",
                String::new(),
            )],
            active: 0,
        }
    }

    fn value(&self, i: usize) -> String {
        self.fields.get(i).map(|f| f.2.clone()).unwrap_or_default()
    }
}

/// How the sandbox customer answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerChoice {
    Direct,
    PartPayment,
    Invoice,
    Decline,
}

impl CustomerChoice {
    pub fn code(self) -> &'static str {
        match self {
            CustomerChoice::Direct => "direct",
            CustomerChoice::PartPayment => "partpayment",
            CustomerChoice::Invoice => "invoice",
            CustomerChoice::Decline => "decline",
        }
    }
}

/// Work for the worker (database and network, off the UI thread).
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadOrder(i64),
    LoadList {
        query: ListQuery,
        generation: u64,
    },
    Send(i64),
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
    Print(i64),
    Settle(i64),
    /// The day report of a day (None: today).
    LoadDayReport(Option<NaiveDate>),
}

/// What comes back from the worker.
#[derive(Debug, Clone)]
pub enum Event {
    OrderLoaded(Box<OrderDetails>, Vec<PaymentAttempt>),
    ListLoaded {
        rows: Vec<OrderSummary>,
        generation: u64,
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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
}

/// The F5 list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListState {
    pub filter: String,
    pub status: Option<Status>,
    pub paid: Option<bool>,
    pub sort: Sort,
    pub columns: Vec<Column>,
    pub rows: Vec<OrderSummary>,
    pub selected: usize,
    /// Rows asked for: grows by [`LIST_LIMIT`] when the selection nears the end.
    pub limit: usize,
    pub generation: u64,
    pub loading: bool,
    /// Rows per page, from the last render.
    pub page: usize,
}

/// Everything the screen shows.
#[derive(Debug, Clone)]
pub struct Model {
    pub lang: Lang,
    pub keymap: Keymap,
    /// Set when payments go to the sandbox: the banner shows it.
    pub sandbox: bool,
    /// The database is a demo database: the top line says DEMO.
    pub demo: bool,
    pub screen: Screen,
    pub order: Option<OrderDetails>,
    /// An order asked for and not loaded yet.
    pub opening: Option<i64>,
    pub attempts: Vec<PaymentAttempt>,
    /// The open order's invoices and credit invoices.
    pub invoices: Vec<StoredInvoice>,
    /// The day report screen's report.
    pub day_report: Option<DayReport>,
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

/// How many rows the list asks for.
/// How many rows the list asks for at first; scrolling near the end asks for this many more.
pub const LIST_LIMIT: usize = 80;

impl Model {
    pub fn new(lang: Lang, keymap: Keymap, sandbox: bool, columns: Vec<Column>) -> Model {
        Model {
            lang,
            keymap,
            sandbox,
            demo: false,
            screen: Screen::List,
            order: None,
            opening: None,
            attempts: Vec::new(),
            invoices: Vec::new(),
            day_report: None,
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

    fn t(&self, sv: &str, en: &str) -> String {
        self.lang.pick(sv, en).to_string()
    }

    fn info(&mut self, text: String) {
        self.message = Some(Message { text, error: false });
    }

    fn error(&mut self, text: String) {
        self.message = Some(Message { text, error: true });
    }

    fn order_nr(&self) -> Option<i64> {
        self.order.as_ref().map(|d| d.order.nr)
    }

    fn reload_list(&mut self) -> Effect {
        self.list.generation += 1;
        self.list.loading = true;
        Effect::LoadList {
            query: ListQuery {
                filter: Filter::new(&self.list.filter),
                status: self.list.status,
                paid: self.list.paid,
                sort: self.list.sort,
                limit: self.list.limit,
                offset: 0,
            },
            generation: self.list.generation,
        }
    }

    /// Whether an action can run now; the reason when not (shown greyed in the Funktion menu).
    pub fn availability(&self, action: Action) -> Result<(), String> {
        if matches!(
            action,
            Action::AddLine | Action::EditLine | Action::DeleteLine
        ) {
            let Some(d) = &self.order else {
                return Err(self.t("Ingen order öppen (F5)", "No order open (F5)"));
            };
            if self.busy.is_some() {
                return Err(self.t("Väntar på svar…", "Waiting for an answer…"));
            }
            d.order
                .ensure_editable()
                .map_err(|e| e.message(self.lang))?;
            if action != Action::AddLine && d.order.lines.is_empty() {
                return Err(self.t("Ordern har inga rader", "The order has no lines"));
            }
            return Ok(());
        }
        let money = matches!(
            action,
            Action::SendPayment
                | Action::CheckPayment
                | Action::CancelPayment
                | Action::MarkComplete
                | Action::ActAsCustomer
                | Action::Book
                | Action::Credit
                | Action::Print
                | Action::Settle
        );
        if money {
            if self.busy.is_some() {
                return Err(self.t("Väntar på svar…", "Waiting for an answer…"));
            }
            let Some(d) = &self.order else {
                return Err(self.t("Ingen order öppen (F5)", "No order open (F5)"));
            };
            let status = d.order.status;
            let lang = self.lang;
            let need = |s: Status| -> Result<(), String> {
                if status == s {
                    Ok(())
                } else {
                    Err(match lang {
                        Lang::Sv => format!("Ordern måste ha status {s} (nu {status})"),
                        Lang::En => format!("The order must have status {s} (now {status})"),
                    })
                }
            };
            match action {
                Action::SendPayment => {
                    need(Status::Complete)?;
                    if d.totals.total.ore() <= 0 {
                        return Err(self.t("Inget belopp att betala", "Nothing to pay"));
                    }
                    if d.customer.mobile.is_none() {
                        return Err(self.t(
                            "Kunden saknar mobilnummer",
                            "The customer has no mobile number",
                        ));
                    }
                }
                Action::CheckPayment => need(Status::MobilePayment)?,
                Action::CancelPayment if status != Status::Credited => {
                    need(Status::MobilePayment)?;
                }
                Action::Book => match status {
                    Status::Complete => {
                        if d.order.lines.is_empty() {
                            return Err(self.t("Ordern har inga rader", "The order has no lines"));
                        }
                    }
                    Status::MobilePayment if !d.order.payment_received => {
                        return Err(self.t(
                            "Betalningen är inte mottagen – Ctrl+L kontrollerar",
                            "The payment is not received – Ctrl+L checks",
                        ));
                    }
                    Status::MobilePayment => {}
                    _ => need(Status::Complete)?,
                },
                Action::Credit => need(Status::Booked)?,
                Action::Print if self.invoices.is_empty() => {
                    return Err(self.t(
                        "Ordern har ingen faktura i Verkstad – bokför först",
                        "The order has no invoice in Verkstad – book it first",
                    ));
                }
                Action::Settle if !self.invoices.iter().any(|i| i.pending().is_some()) => {
                    return Err(self.t("Inget väntar hos Resurs", "Nothing is pending at Resurs"));
                }
                Action::MarkComplete => {
                    need(Status::Open)?;
                    if d.order.lines.is_empty() {
                        return Err(self.t("Ordern har inga rader", "The order has no lines"));
                    }
                }
                Action::ActAsCustomer => {
                    if !self.sandbox {
                        return Err(self.t("Bara i sandlådan", "Sandbox only"));
                    }
                    need(Status::MobilePayment)?;
                    if d.order.payment_received {
                        return Err(self.t("Redan betald", "Already paid"));
                    }
                }
                _ => {}
            }
        }
        Ok(())
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
            Overlay::Customer => return self.customer_key(key),
            Overlay::Form(form) => return self.form_key(key, form),
            Overlay::Method { selected } => return self.method_key(key, selected),
        }
        if let Some(action) = self.keymap.action_for(&key) {
            return self.act(action);
        }
        match self.screen {
            Screen::List => self.list_key(key),
            Screen::DayReport => {
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
            Screen::Order => {
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
        }
    }

    /// A mouse event: click selects a row, double use of Enter opens; right-click on the header
    /// row opens "Visa kolumn..." as in ProMeister.
    pub fn on_mouse(&mut self, ev: MouseEvent, header_row: u16, first_row: u16) -> Vec<Effect> {
        if self.screen != Screen::List || self.overlay != Overlay::None {
            return Vec::new();
        }
        match ev.kind {
            MouseEventKind::Down(MouseButton::Right) if ev.row == header_row => {
                self.act(Action::ChooseColumns)
            }
            MouseEventKind::Down(MouseButton::Left) if ev.row >= first_row => {
                let i = usize::from(ev.row - first_row);
                if i < self.list.rows.len() {
                    self.list.selected = i;
                }
                Vec::new()
            }
            MouseEventKind::ScrollDown => self.move_selection(1),
            MouseEventKind::ScrollUp => self.move_selection(-1),
            _ => Vec::new(),
        }
    }

    /// Ask for an action (from a key or the menu).
    pub fn act(&mut self, action: Action) -> Vec<Effect> {
        if let Err(why) = self.availability(action) {
            self.error(format!("{}: {why}", action.label(self.lang)));
            return Vec::new();
        }
        match action {
            Action::SendPayment | Action::CancelPayment | Action::DeleteLine => {
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
                self.overlay = Overlay::Form(Form::credit());
                Vec::new()
            }
            _ => self.run(action),
        }
    }

    fn run(&mut self, action: Action) -> Vec<Effect> {
        let nr = self.order_nr();
        let busy = |m: &mut Model, sv: &str, en: &str| {
            m.busy = Some(m.t(sv, en));
            m.message = None;
        };
        match (action, nr) {
            (Action::SendPayment, Some(nr)) => {
                busy(self, "Skickar betalnings-SMS…", "Sending the payment SMS…");
                vec![Effect::Send(nr)]
            }
            (Action::CheckPayment, Some(nr)) => {
                busy(self, "Kontrollerar betalningen…", "Checking the payment…");
                vec![Effect::Check(nr)]
            }
            (Action::CancelPayment, Some(nr)) => {
                busy(
                    self,
                    "Annullerar betalnings-SMS…",
                    "Cancelling the payment SMS…",
                );
                vec![Effect::Cancel(nr)]
            }
            (Action::MarkComplete, Some(nr)) => {
                busy(self, "Sparar…", "Saving…");
                vec![Effect::MarkComplete(nr)]
            }
            (Action::Book, Some(nr)) => {
                busy(self, "Bokför…", "Booking…");
                vec![Effect::Book { nr, method: None }]
            }
            (Action::Print, Some(nr)) => {
                busy(self, "Skriver ut…", "Printing…");
                vec![Effect::Print(nr)]
            }
            (Action::Settle, Some(nr)) => {
                busy(self, "Skickar till Resurs…", "Sending to Resurs…");
                vec![Effect::Settle(nr)]
            }
            (Action::DayReport, _) => {
                self.screen = Screen::DayReport;
                vec![Effect::LoadDayReport(
                    self.day_report.as_ref().map(|r| r.date),
                )]
            }
            (Action::NewOrder, _) => {
                self.overlay = Overlay::Form(Form::new_order());
                Vec::new()
            }
            (Action::AddLine, Some(_)) => {
                self.screen = Screen::Order;
                self.overlay = Overlay::Form(Form::line(
                    None,
                    [String::new(), "1".into(), String::new(), String::new()],
                ));
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
                let values = [
                    l.article_no
                        .clone()
                        .unwrap_or_else(|| l.description.clone()),
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
                self.overlay = Overlay::Form(Form::line(Some(self.line), values));
                Vec::new()
            }
            (Action::DeleteLine, Some(nr)) => {
                let version = self.order.as_ref().map_or(0, |d| d.order.version);
                busy(self, "Sparar…", "Saving…");
                vec![Effect::DeleteLine {
                    nr,
                    version,
                    index: self.line,
                }]
            }
            (Action::OrderList, _) => {
                self.screen = Screen::List;
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
                self.list.selected = 0;
                self.list.limit = LIST_LIMIT;
                vec![self.reload_list()]
            }
            (Action::CyclePaid, _) => {
                self.screen = Screen::List;
                self.list.paid = match self.list.paid {
                    None => Some(true),
                    Some(true) => Some(false),
                    Some(false) => None,
                };
                self.list.selected = 0;
                self.list.limit = LIST_LIMIT;
                vec![self.reload_list()]
            }
            (Action::SortNext, _) => {
                self.screen = Screen::List;
                let cols = &self.list.columns;
                let i = cols
                    .iter()
                    .position(|c| *c == self.list.sort.column)
                    .map_or(0, |i| (i + 1) % cols.len());
                self.list.sort = Sort {
                    column: cols[i],
                    descending: false,
                };
                vec![self.reload_list()]
            }
            (Action::SortReverse, _) => {
                self.screen = Screen::List;
                self.list.sort.descending = !self.list.sort.descending;
                vec![self.reload_list()]
            }
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

    /// The payment method chooser of "Bokför": arrows or 1–3, Enter books.
    fn method_key(&mut self, key: KeyEvent, selected: usize) -> Vec<Effect> {
        let n = COUNTER_METHODS.len();
        let chosen = match key.code {
            KeyCode::Esc => {
                self.overlay = Overlay::None;
                return Vec::new();
            }
            KeyCode::Up => {
                self.overlay = Overlay::Method {
                    selected: (selected + n - 1) % n,
                };
                return Vec::new();
            }
            KeyCode::Down | KeyCode::Tab => {
                self.overlay = Overlay::Method {
                    selected: (selected + 1) % n,
                };
                return Vec::new();
            }
            KeyCode::Enter => selected,
            KeyCode::Char(c @ '1'..='3') => usize::from(c as u8 - b'1'),
            _ => return Vec::new(),
        };
        self.overlay = Overlay::None;
        let Some(nr) = self.order_nr() else {
            return Vec::new();
        };
        self.busy = Some(self.t("Bokför…", "Booking…"));
        self.message = None;
        vec![Effect::Book {
            nr,
            method: Some(COUNTER_METHODS[chosen]),
        }]
    }

    /// The actions the Funktion menu lists.
    pub fn menu_items() -> Vec<Action> {
        Action::ALL
            .into_iter()
            .filter(|a| *a != Action::Menu)
            .collect()
    }

    fn menu_key(&mut self, key: KeyEvent, selected: usize) -> Vec<Effect> {
        let items = Model::menu_items();
        match key.code {
            KeyCode::Esc | KeyCode::F(10) => self.overlay = Overlay::None,
            KeyCode::Up => {
                self.overlay = Overlay::Menu {
                    selected: selected.checked_sub(1).unwrap_or(items.len() - 1),
                }
            }
            KeyCode::Down => {
                self.overlay = Overlay::Menu {
                    selected: (selected + 1) % items.len(),
                }
            }
            KeyCode::Enter => {
                self.overlay = Overlay::None;
                return self.act(items[selected]);
            }
            _ => {
                if let Some(action) = self.keymap.action_for(&key) {
                    self.overlay = Overlay::None;
                    return self.act(action);
                }
            }
        }
        Vec::new()
    }

    fn columns_key(
        &mut self,
        key: KeyEvent,
        selected: usize,
        mut ticked: Vec<bool>,
    ) -> Vec<Effect> {
        let n = ticked.len();
        match key.code {
            KeyCode::Esc => self.overlay = Overlay::None,
            KeyCode::Up => {
                self.overlay = Overlay::Columns {
                    selected: selected.checked_sub(1).unwrap_or(n - 1),
                    ticked,
                }
            }
            KeyCode::Down => {
                self.overlay = Overlay::Columns {
                    selected: (selected + 1) % n,
                    ticked,
                }
            }
            KeyCode::Char(' ') => {
                ticked[selected] = !ticked[selected];
                self.overlay = Overlay::Columns { selected, ticked };
            }
            KeyCode::Enter => {
                let cols: Vec<Column> = Column::ALL
                    .iter()
                    .zip(&ticked)
                    .filter(|(_, t)| **t)
                    .map(|(c, _)| *c)
                    .collect();
                if cols.is_empty() {
                    self.error(self.t("Välj minst en kolumn", "Choose at least one column"));
                    self.overlay = Overlay::Columns { selected, ticked };
                    return Vec::new();
                }
                self.overlay = Overlay::None;
                if !cols.contains(&self.list.sort.column) {
                    self.list.sort = Sort::default();
                }
                self.list.columns = cols.clone();
                return vec![Effect::SaveColumns(cols), self.reload_list()];
            }
            _ => self.overlay = Overlay::Columns { selected, ticked },
        }
        Vec::new()
    }

    fn form_key(&mut self, key: KeyEvent, mut form: Form) -> Vec<Effect> {
        let n = form.fields.len();
        match key.code {
            KeyCode::Esc => {
                self.overlay = Overlay::None;
                return Vec::new();
            }
            KeyCode::Tab | KeyCode::Down => form.active = (form.active + 1) % n,
            KeyCode::BackTab | KeyCode::Up => {
                form.active = form.active.checked_sub(1).unwrap_or(n - 1)
            }
            KeyCode::Backspace => {
                form.fields[form.active].2.pop();
            }
            KeyCode::Char(c)
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                    && form.fields[form.active].2.chars().count() < 60 =>
            {
                form.fields[form.active].2.push(c);
            }
            KeyCode::Enter => {
                self.overlay = Overlay::None;
                return self.submit(form);
            }
            _ => {}
        }
        self.overlay = Overlay::Form(form);
        Vec::new()
    }

    fn submit(&mut self, form: Form) -> Vec<Effect> {
        match form.kind {
            FormKind::NewOrder => {
                self.busy = Some(self.t("Skapar order…", "Creating the order…"));
                self.screen = Screen::Order;
                vec![Effect::CreateOrder(NewOrderInput {
                    find: form.value(0),
                    name: form.value(1),
                    mobile: form.value(2),
                    regnr: form.value(3),
                    make_model: form.value(4),
                })]
            }
            FormKind::Line(index) => {
                let Some(d) = &self.order else {
                    return Vec::new();
                };
                let (nr, version) = (d.order.nr, d.order.version);
                self.busy = Some(self.t("Sparar…", "Saving…"));
                vec![Effect::SaveLine {
                    nr,
                    version,
                    index,
                    input: LineInput {
                        article_or_text: form.value(0),
                        quantity: form.value(1),
                        unit_price: form.value(2),
                        discount: form.value(3),
                    },
                }]
            }
            FormKind::Credit => {
                let Some(nr) = self.order_nr() else {
                    return Vec::new();
                };
                let text = form.value(0);
                let lines = if text.trim().is_empty() {
                    None
                } else {
                    match crate::domain::invoice::parse_positions(&text) {
                        Some(l) => Some(l),
                        None => {
                            self.error(match self.lang {
                                Lang::Sv => {
                                    format!("\"{text}\" är ingen radlista (t.ex. 1,3 eller 2-4)")
                                }
                                Lang::En => {
                                    format!("\"{text}\" is not a list of lines (e.g. 1,3 or 2-4)")
                                }
                            });
                            self.overlay = Overlay::Form(form);
                            return Vec::new();
                        }
                    }
                };
                self.busy = Some(self.t("Krediterar…", "Crediting…"));
                vec![Effect::Credit { nr, lines }]
            }
        }
    }

    fn customer_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let choice = match key.code {
            KeyCode::Char('1') | KeyCode::Char('b') => CustomerChoice::Direct,
            KeyCode::Char('2') | KeyCode::Char('d') => CustomerChoice::PartPayment,
            KeyCode::Char('3') | KeyCode::Char('f') => CustomerChoice::Invoice,
            KeyCode::Char('4') | KeyCode::Char('a') => CustomerChoice::Decline,
            KeyCode::Esc => {
                self.overlay = Overlay::None;
                return Vec::new();
            }
            _ => return Vec::new(),
        };
        self.overlay = Overlay::None;
        match self.order_nr() {
            Some(nr) => {
                self.busy = Some(self.t("Kunden svarar…", "The customer answers…"));
                vec![Effect::ActAsCustomer { nr, choice }]
            }
            None => Vec::new(),
        }
    }

    fn move_selection(&mut self, delta: isize) -> Vec<Effect> {
        let n = self.list.rows.len();
        if n > 0 {
            let next = (self.list.selected as isize + delta).clamp(0, n as isize - 1);
            self.list.selected = next as usize;
        }
        // Near the end of a full page: ask for the next rows too.
        if n == self.list.limit
            && !self.list.loading
            && self.list.selected + self.list.page.max(10) >= n
        {
            self.list.limit += LIST_LIMIT;
            return vec![self.reload_list()];
        }
        Vec::new()
    }

    fn list_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let page = self.list.page.max(1) as isize;
        match key.code {
            KeyCode::Up => self.move_selection(-1),
            KeyCode::Down => self.move_selection(1),
            KeyCode::PageUp => self.move_selection(-page),
            KeyCode::PageDown => self.move_selection(page),
            KeyCode::Home => self.move_selection(-(self.list.rows.len() as isize)),
            KeyCode::End => self.move_selection(self.list.rows.len() as isize),
            KeyCode::Enter => match self.list.rows.get(self.list.selected) {
                Some(row) => {
                    let nr = row.nr;
                    self.screen = Screen::Order;
                    self.opening = Some(nr);
                    vec![Effect::LoadOrder(nr)]
                }
                None => Vec::new(),
            },
            KeyCode::Esc => {
                if !self.list.filter.is_empty() {
                    self.list.filter.clear();
                    self.list.selected = 0;
                    self.list.limit = LIST_LIMIT;
                    return vec![self.reload_list()];
                }
                if self.order.is_some() {
                    self.screen = Screen::Order;
                }
                Vec::new()
            }
            KeyCode::Backspace => {
                if self.list.filter.pop().is_some() {
                    self.list.selected = 0;
                    self.list.limit = LIST_LIMIT;
                    return vec![self.reload_list()];
                }
                Vec::new()
            }
            KeyCode::Char(c)
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                if self.list.filter.chars().count() < 40 {
                    self.list.filter.push(c);
                    self.list.selected = 0;
                    self.list.limit = LIST_LIMIT;
                    return vec![self.reload_list()];
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// A result from the worker.
    pub fn on_event(&mut self, ev: Event) -> Vec<Effect> {
        match ev {
            Event::OrderLoaded(d, attempts) => {
                if self.opening == Some(d.order.nr) {
                    self.opening = None;
                }
                if self.order.as_ref().map(|o| o.order.nr) != Some(d.order.nr) {
                    self.line = 0;
                }
                self.line = self.line.min(d.order.lines.len().saturating_sub(1));
                if self.order_nr() != Some(d.order.nr) {
                    self.invoices.clear();
                }
                self.order = Some(*d);
                self.attempts = attempts;
                Vec::new()
            }
            Event::InvoicesLoaded(nr, invoices) => {
                if self.order_nr() == Some(nr) {
                    self.invoices = invoices;
                }
                Vec::new()
            }
            Event::DayReportLoaded(r) => {
                self.day_report = Some(*r);
                Vec::new()
            }
            Event::ListLoaded { rows, generation } => {
                if generation == self.list.generation {
                    self.list.rows = rows;
                    self.list.loading = false;
                    self.list.selected = self
                        .list
                        .selected
                        .min(self.list.rows.len().saturating_sub(1));
                }
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

    /// The amount and mobile the send confirmation shows.
    pub fn send_summary(&self) -> Option<(String, Money)> {
        let d = self.order.as_ref()?;
        Some((d.customer.mobile.as_ref()?.display(), d.totals.total))
    }
}
