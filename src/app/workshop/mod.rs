//! The one door: [`Workshop`], the composition root of the use cases.
//!
//! A `Workshop` is one workshop's Verkstad: its database, its payment provider, its books
//! (company, chart, accounts), the clock and who is at the counter. Every use case of the counter
//! screen and the command line is a method here with a typed outcome; `cli/` and `tui/` only call
//! these methods and render what comes back. Nothing else wires stores and providers together.
//!
//! Store-only use cases are plain methods (the counter screen runs them off its UI thread);
//! those that talk to the payment provider are `async`. The provider is connected on first use,
//! so a command that never needs it (`order list`) never starts the sandbox.

mod klarna;
mod payments;
mod reconcile;
mod register;
mod screen;
mod settlement;

pub use settlement::ProviderSources;

pub use klarna::{KlarnaShown, Reserved};
pub use register::{Printout, TrainingOutcome};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use tokio::sync::OnceCell;

use super::config::{Books, Config};
use super::customers::CustomerChange;
use super::demo::{DemoSpec, DemoSummary};
use super::error::{AppError, Result};
use super::ledger::{self, Booked, DayReport};
use super::orders::{LineChange, LineInput, NewOrder, NewOrderInput};
use super::pay::{Payments, Settled};
use crate::domain::{Column, Customer, Installation, Order, PaymentMethod};
use crate::store::Database;
use crate::store::{
    ListCount, ListQuery, OrderDetails, OrderSummary, PaymentAttempt, Store, StoredInvoice,
};

/// The clock the use cases read (tests move it).
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// How to open a workshop.
#[derive(Clone)]
pub struct WorkshopOptions {
    pub db: PathBuf,
    pub config: Config,
    /// The config file (list columns are saved here); None: nothing is saved.
    pub config_path: Option<PathBuf>,
    /// Who the audit trail names.
    pub actor: String,
    /// Seed the small demo set into a new, empty database (it then becomes a demo database).
    pub seed_demo: bool,
    /// The day demo data and imports count from.
    pub today: NaiveDate,
}

/// An order as the order screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderView {
    pub details: OrderDetails,
    pub attempts: Vec<PaymentAttempt>,
    pub invoices: Vec<StoredInvoice>,
    /// The open dispute that pauses the order's invoice, if any (issue 13).
    pub paused: Option<crate::store::DisputeRecord>,
    /// Whether its invoice is paid, and the day (None: no invoice yet; issue 14).
    pub invoice_paid: Option<crate::domain::columns::InvoicePaidState>,
    /// Where the customer's refunds are paid (issue 15), for the customer form.
    pub payee: Option<crate::domain::refund::Payee>,
}

/// The provider wiring, made on first use.
pub(super) struct Provider {
    payments: Arc<Payments>,
    /// The sandbox's address when payments go to the sandbox.
    sandbox_url: Option<String>,
}

struct Inner {
    store: Arc<Database>,
    db: PathBuf,
    config: Config,
    config_path: Option<PathBuf>,
    actor: String,
    clock: Clock,
    provider: OnceCell<Provider>,
    /// Klarna, one provider per store (our store name → its use cases), connected on first use.
    klarna: tokio::sync::Mutex<std::collections::BTreeMap<String, Arc<Provider>>>,
    /// The cash register's control unit, connected on first use.
    control_unit: OnceCell<Arc<dyn crate::control_unit::ControlUnit>>,
    /// Training mode asked for on the command line (`--training`).
    training: std::sync::atomic::AtomicBool,
    /// The provider's settlements and disputes, once connected (or injected by a test).
    sources: std::sync::RwLock<Option<ProviderSources>>,
    /// Resurs's payouts, once connected (or injected by a test); issue 14.
    resurs_payouts: std::sync::RwLock<Option<Arc<dyn crate::payments::SettlementSource>>>,
}

/// One workshop's Verkstad. Cheap to clone: clones share everything.
#[derive(Clone)]
pub struct Workshop {
    inner: Arc<Inner>,
}

/// What a booking did: the booking, and the provider work done right after it (a capture when
/// automatic capture is off), or why that failed (the booking stands; Ctrl+Y retries).
#[derive(Debug)]
pub struct BookOutcome {
    pub booked: Booked,
    /// The receipt of a sale paid at the counter (registered with the control unit).
    pub receipt: Option<crate::domain::register::Receipt>,
    pub settled: Vec<Settled>,
    pub settle_error: Option<AppError>,
    /// The invoice carries example company details (no `[company]` in config.toml).
    pub example_company: bool,
}

/// What a credit did: the credit invoice, and a partial MOBIL credit's refund done at once.
#[derive(Debug)]
pub struct CreditOutcome {
    pub credited: Booked,
    /// The return receipt (returkvitto) when the sale had a receipt.
    pub receipt: Option<crate::domain::register::Receipt>,
    pub settled: Vec<Settled>,
    pub settle_error: Option<AppError>,
}

impl CreditOutcome {
    /// The credit needs the provider to refund the customer, done when the order is opened
    /// again (Ctrl+U / `pay cancel`): a full credit of a MOBIL invoice.
    pub fn refund_on_reopen(&self) -> bool {
        self.credited.order.status == crate::domain::Status::Credited
            && self.credited.invoice.pending().is_some()
    }
}

/// The payment provider as the user is told about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderInfo {
    /// Its display name ("Resurs").
    pub name: &'static str,
    /// The sandbox's address when payments go to a sandbox: no real money.
    pub sandbox_url: Option<String>,
}

pub use crate::payments::callbacks::CallbackListener;

/// What the database holds, for the overview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Orders per status code.
    pub per_status: Vec<(String, i64)>,
    pub customers: i64,
    pub vehicles: i64,
    pub orders: i64,
}

/// A printout written to files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    pub pdf: PathBuf,
    pub text: PathBuf,
    /// What was printed: "Kvitto 17 (kopia)", "Faktura 41".
    pub label: String,
    /// The text printout, for showing on a terminal.
    pub body: String,
}

impl Workshop {
    /// Open (creating if needed) the database, seeding demo data into a new one when asked.
    pub fn open(options: WorkshopOptions) -> Result<(Workshop, Option<DemoSummary>)> {
        let (store, seeded) = super::open_store(
            &options.db,
            options.seed_demo,
            &options.actor,
            options.today,
        )?;
        Ok((
            Workshop::with_store(
                store,
                options.db,
                options.config,
                options.config_path,
                &options.actor,
            ),
            seeded,
        ))
    }

    /// A workshop over an already open store.
    pub fn with_store(
        store: Database,
        db: PathBuf,
        config: Config,
        config_path: Option<PathBuf>,
        actor: &str,
    ) -> Workshop {
        Workshop {
            inner: Arc::new(Inner {
                store: Arc::new(store),
                db,
                config,
                config_path,
                actor: actor.to_string(),
                clock: Arc::new(Utc::now),
                provider: OnceCell::new(),
                klarna: Default::default(),
                control_unit: OnceCell::new(),
                training: std::sync::atomic::AtomicBool::new(false),
                sources: std::sync::RwLock::new(None),
                resurs_payouts: std::sync::RwLock::new(None),
            }),
        }
    }

    /// The store: shared, each read on a connection of its own, so a list query never waits
    /// behind a booking's transaction.
    fn store(&self) -> &Database {
        &self.inner.store
    }

    pub fn actor(&self) -> &str {
        &self.inner.actor
    }

    pub fn db(&self) -> &Path {
        &self.inner.db
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Company, chart and accounts from the configuration (checked; a bad setting is named).
    pub fn books(&self) -> Result<Books> {
        self.inner.config.books()
    }

    /// Where printouts go: `utskrifter/` beside the database.
    pub fn print_dir(&self) -> PathBuf {
        super::print_dir(&self.inner.db)
    }

    fn today(&self) -> NaiveDate {
        (self.inner.clock)()
            .with_timezone(&chrono::Local)
            .date_naive()
    }

    // ---- the database --------------------------------------------------------------------

    /// Who this database is: its installation id, demo or real.
    pub fn installation(&self) -> Result<Installation> {
        Ok(self.store().installation()?)
    }

    /// Keep the search texts in memory for filter-as-you-type (the counter screen does).
    pub fn use_search_index(&self) -> Result<()> {
        Ok(self.store().use_search_index()?)
    }

    /// The order list: filter, quick filters, sort and a page.
    pub fn list(&self, query: &ListQuery) -> Result<Vec<OrderSummary>> {
        Ok(self.store().list_orders(query)?)
    }

    /// How many orders the list query matches: exact, or "at least" when counting would be slow.
    pub fn count(&self, query: &ListQuery) -> Result<ListCount> {
        Ok(self.store().count_orders(query)?)
    }

    /// An order with its payment attempts and invoices, for the order screen.
    pub fn order(&self, nr: i64) -> Result<OrderView> {
        let store = self.store();
        let details = store
            .order(nr)?
            .ok_or(crate::store::StoreError::OrderNotFound(nr))?;
        let invoice_paid = self.invoice_paid_state(&details.order)?;
        Ok(OrderView {
            attempts: store.payment_attempts(nr)?,
            invoices: store.invoices_of_order(nr)?,
            paused: crate::app::disputes::paused(store, nr)?,
            invoice_paid,
            payee: crate::store::RefundStore::payment_details(store, details.customer.customer_no)?,
            details,
        })
    }

    /// Whether the order's invoice is paid, and the day ([`crate::domain::columns::invoice_paid`]:
    /// the payment received for MOBIL, KONTANT and KORT; the invoice's receipts reaching what
    /// it asks for FAKTURA and KLARNA). None while the order has no invoice.
    pub fn invoice_paid_state(
        &self,
        order: &Order,
    ) -> Result<Option<crate::domain::columns::InvoicePaidState>> {
        let (Some(no), Some(method)) = (order.invoice_no, order.payment_method) else {
            return Ok(None);
        };
        let receipts_paid_on = match method {
            PaymentMethod::Faktura | PaymentMethod::Klarna => {
                use crate::store::SettlementStore as _;
                self.store().invoice_paid(no)?.and_then(|p| p.paid_on)
            }
            _ => None,
        };
        Ok(Some(crate::domain::columns::invoice_paid(
            method,
            order.payment_received_at,
            receipts_paid_on,
        )))
    }

    /// Orders per status, and the number of customers, vehicles and orders (the overview).
    pub fn counts(&self) -> Result<Counts> {
        let store = self.store();
        let (customers, vehicles, orders) = store.counts()?;
        Ok(Counts {
            per_status: store.status_counts()?,
            customers,
            vehicles,
            orders,
        })
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.store().schema_version()?)
    }

    // ---- orders and customers ------------------------------------------------------------

    /// "Ny order" from the counter screen's form. Returns the new order.
    pub fn create_order(&self, input: &NewOrderInput) -> Result<OrderView> {
        let today = self.today();
        let nr = super::orders::create_order(self.store(), self.actor(), input, today)?;
        self.order(nr)
    }

    /// `order new`: a new order for a customer (by number, or new) and a vehicle.
    pub fn new_order(&self, input: &NewOrder) -> Result<OrderView> {
        let today = self.today();
        let nr = super::orders::create(self.store(), self.actor(), input, today)?;
        self.order(nr)
    }

    /// The line form of the screen: add (`index` None) or change a line, with the version the
    /// screen shows (a change by someone else in between is refused).
    pub fn save_line(
        &self,
        nr: i64,
        version: i64,
        index: Option<usize>,
        input: &LineInput,
    ) -> Result<Order> {
        super::orders::save_line(self.store(), self.actor(), nr, version, index, input)
    }

    pub fn delete_line(&self, nr: i64, version: i64, index: usize) -> Result<Order> {
        super::orders::delete_line(self.store(), self.actor(), nr, version, index)
    }

    /// `order line add`.
    pub fn add_line(&self, nr: i64, change: &LineChange) -> Result<Order> {
        super::orders::add_line(self.store(), self.actor(), nr, change)
    }

    /// `order line set`: only what is given changes.
    pub fn set_line(&self, nr: i64, pos: usize, change: &LineChange) -> Result<Order> {
        super::orders::set_line(self.store(), self.actor(), nr, pos, change)
    }

    /// `order line rm`.
    pub fn remove_line(&self, nr: i64, pos: usize) -> Result<Order> {
        super::orders::remove_line(self.store(), self.actor(), nr, pos)
    }

    /// "Markera klar": ÖPPEN → KLART.
    pub fn mark_complete(&self, nr: i64) -> Result<Order> {
        super::mark_complete(self.store(), self.actor(), nr)
    }

    pub fn customer(&self, customer_no: i64) -> Result<Customer> {
        Ok(self
            .store()
            .customer(customer_no)?
            .ok_or(crate::store::StoreError::CustomerNotFound(customer_no))?)
    }

    pub fn update_customer(&self, customer_no: i64, change: &CustomerChange) -> Result<Customer> {
        let today = self.today();
        super::customers::update_customer(self.store(), self.actor(), customer_no, change, today)
    }

    /// Import orders from JSON text (all or nothing). Returns their numbers.
    pub fn import(&self, json: &str) -> Result<Vec<i64>> {
        let today = self.today();
        super::import::import_orders(self.store(), self.actor(), json, today)
    }

    /// Demo data; refused (nothing written) on a real database.
    pub fn demo(&self, spec: DemoSpec) -> Result<DemoSummary> {
        super::demo::generate(self.store(), self.actor(), spec)
    }

    /// Make this (new, empty) database a real one.
    pub fn init(&self) -> Result<Installation> {
        super::install::init(self.store(), self.actor())
    }

    /// Save the chosen list columns in config.toml, keeping everything else in the file.
    pub fn save_list_columns(&self, cols: &[Column]) -> Result<()> {
        match &self.inner.config_path {
            Some(path) => super::config::save_list_columns(path, cols),
            None => Ok(()),
        }
    }

    // ---- booking, crediting, documents, reports ------------------------------------------

    /// Does booking a MOBIL order capture at the provider (automatic capture off)? Asked of
    /// the provider only for a MOBILBET order (the only kind booked as MOBIL), so booking a
    /// cash or card sale never connects to it.
    async fn capture_on_booking(&self, nr: i64) -> Result<bool> {
        let mobile = self
            .store()
            .order(nr)?
            .is_some_and(|d| d.order.status == crate::domain::Status::MobilePayment);
        if !mobile {
            return Ok(false);
        }
        // The provider its payment went through (Resurs, or Klarna's store).
        let payments = self.provider_of_order(nr).await?;
        Ok(!payments.provider().automatic_capture())
    }

    /// "Bokför": invoice number, voucher, BOKFÖRD; then what the provider must do (a capture)
    /// at once. A failed capture leaves the booking standing and the work visible (Ctrl+Y).
    pub async fn book(&self, nr: i64, method: Option<PaymentMethod>) -> Result<BookOutcome> {
        let books = self.books()?;
        let example_company = books.example_company;
        let capture = self.capture_on_booking(nr).await?;
        let (booked, receipt) = self.book_registered(nr, method, capture).await?;
        let (settled, settle_error) = if booked.invoice.pending().is_some() {
            self.settle_now(nr).await
        } else {
            (Vec::new(), None)
        };
        Ok(BookOutcome {
            booked,
            receipt,
            settled,
            settle_error,
            example_company,
        })
    }

    /// "Kreditera": a credit invoice for the whole invoice or the chosen lines; a partial credit
    /// of a MOBIL invoice is refunded at once, a full one when the order is opened again.
    pub async fn credit(&self, nr: i64, lines: Option<Vec<usize>>) -> Result<CreditOutcome> {
        let (credited, receipt) = self.credit_registered(nr, lines).await?;
        let partial_refund = credited.invoice.pending().is_some()
            && credited.order.status != crate::domain::Status::Credited;
        let (settled, settle_error) = if partial_refund {
            self.settle_now(nr).await
        } else {
            (Vec::new(), None)
        };
        Ok(CreditOutcome {
            credited,
            receipt,
            settled,
            settle_error,
        })
    }

    async fn settle_now(&self, nr: i64) -> (Vec<Settled>, Option<AppError>) {
        match self.settle(nr).await {
            Ok(done) => (done, None),
            Err(e) => (Vec::new(), Some(e)),
        }
    }

    /// The invoice, credit invoice or receipt of an order (the latest, or `invoice_no`).
    pub fn document(&self, nr: i64, invoice_no: Option<i64>) -> Result<StoredInvoice> {
        ledger::document(self.store(), nr, invoice_no)
    }

    /// "Dagrapport" of a local calendar day.
    pub fn day_report(&self, date: NaiveDate) -> Result<DayReport> {
        ledger::day_report(self.store(), date)
    }

    /// SIE 4I of the vouchers dated `from..=to`: the file's bytes and the number of vouchers.
    pub fn export_sie(&self, from: NaiveDate, to: NaiveDate) -> Result<(Vec<u8>, usize)> {
        let books = self.books()?;
        let today = self.today();
        ledger::export_sie(self.store(), &books, from, to, today)
    }
}

fn join_error(e: tokio::task::JoinError) -> AppError {
    AppError::Io(crate::msg!("io-internal-error", error = e.to_string()))
}
