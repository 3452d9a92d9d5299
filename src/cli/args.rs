//! The commands' definitions: what `verkstad --help` shows (clap). Dispatch is in `cli::run`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use super::counter;

#[derive(Debug, Parser)]
#[command(
    name = "verkstad",
    version,
    about = "Verkstad – kassa för bilverkstäder / point of sale for car workshops",
    after_help = "Utan kommando visas en översikt. / Without a command, an overview is shown."
)]
pub struct Cli {
    /// Database file (default: the user's data folder)
    #[arg(long, env = "VERKSTAD_DB", global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Configuration file (default: config.toml in the user's config folder)
    #[arg(long, env = "VERKSTAD_CONFIG", global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Language of messages: sv (default) or en
    #[arg(long, global = true, value_name = "sv|en")]
    pub lang: Option<String>,
    /// Do not seed demo data into a new, empty database
    #[arg(long, global = true)]
    pub no_demo: bool,
    /// Training mode (övningsläge): receipts say ÖVNING and nothing reaches the books
    #[arg(long, global = true)]
    pub training: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Make a real database (never demo data) and write the company details into config.toml
    Init(counter::InitArgs),
    /// Customers: show, change
    Customer {
        #[command(subcommand)]
        command: counter::CustomerCommand,
    },
    /// Generate deterministic demo data (added to what is there; refused on a real database)
    Demo {
        /// Number of orders
        #[arg(long, default_value_t = 1000)]
        orders: usize,
        /// Random seed: the same seed and day give the same data
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The day the newest orders are from (YYYY-MM-DD, default today)
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// Work orders
    Order {
        #[command(subcommand)]
        command: OrderCommand,
    },
    /// The columns of the order list, with their Swedish and English headers
    Columns,
    /// Invoice through Klarna (payment method KLARNA): reserve, show, settlements; check, book,
    /// credit and cancel as for any payment (`pay check`, `book`, `credit`, `pay cancel`)
    Klarna {
        #[command(subcommand)]
        command: KlarnaCommand,
    },
    /// Resurs's payouts (the money of MOBIL payments): fetch and book them
    Resurs {
        #[command(subcommand)]
        command: ResursCommand,
    },
    /// Mobile payment by SMS link (Resurs): send, check, cancel, sync, log
    Pay {
        #[command(subcommand)]
        command: PayCommand,
    },
    /// The disputes register (Klarna): list, show, respond, accept, sync
    Dispute {
        #[command(subcommand)]
        command: DisputeCommand,
    },
    /// Incoming payments from the bank (BgMax, camt.054) matched to invoices: import, list,
    /// match, obs
    Reconcile {
        #[command(subcommand)]
        command: ReconcileCommand,
    },
    /// Refunds to customers' bank accounts: proposals, batches as pain.001, the bank's
    /// pain.002 status (booked when the bank's camt.054 debit comes through `reconcile import`)
    Refund {
        #[command(subcommand)]
        command: super::refund::RefundCommand,
    },
    /// Book an order ("Bokför"): invoice number, voucher, BOKFÖRD
    Book {
        /// Order number
        nr: String,
        /// Payment method: KONTANT, KORT or FAKTURA for a KLART order; MOBIL (default) for a paid MOBILBET order
        #[arg(long, value_name = "METHOD")]
        method: Option<String>,
    },
    /// Credit a booked invoice ("Kreditera"), in full or for chosen lines
    Credit {
        /// Order number
        nr: String,
        /// Line numbers to credit, e.g. 1,3 or 2-4 (default: every line not yet credited)
        #[arg(long, value_name = "LINES")]
        lines: Option<String>,
    },
    /// Print the order's invoice, credit invoice or receipt ("Skriv ut") as PDF and text
    Print {
        /// Order number
        nr: String,
        /// Write to this file: .pdf or .txt (default: both in utskrifter/ beside the database, and the text on screen)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Which of the order's invoices or credit invoices (default: the latest)
        #[arg(long, value_name = "NO")]
        invoice: Option<String>,
        /// Print the receipt's one allowed copy (marked KOPIA); a receipt prints once as original
        #[arg(long)]
        copy: bool,
        /// A pro forma receipt (EJ KVITTO) of a KLART order: what the sale would be; nothing is booked
        #[arg(long, conflicts_with_all = ["copy", "invoice"])]
        pro_forma: bool,
        /// With --pro-forma: KONTANT, KORT (default) or MOBIL
        #[arg(long, value_name = "METHOD", requires = "pro_forma")]
        method: Option<String>,
    },
    /// Return of a counter sale ("Retur"): a return receipt (returkvitto) and its credit, in full or for chosen lines
    Return {
        /// Order number
        nr: String,
        /// Line numbers to return, e.g. 1,3 or 2-4 (default: every line not yet returned)
        #[arg(long, value_name = "LINES")]
        lines: Option<String>,
    },
    /// The cash register's electronic journal, for Skatteverket
    Journal {
        #[command(subcommand)]
        command: JournalCommand,
    },
    /// Export to the accounting system
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
    /// Reports
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// Run the local sandbox on 127.0.0.1: Resurs (payment links, SMS outbox, customer page),
    /// Klarna and the simulated control unit
    Sandbox {
        /// Port on 127.0.0.1 (default 9400, or VERKSTAD_SANDBOX_PORT)
        #[arg(long)]
        port: Option<u16>,
        /// The sandbox's state file (default: resurs-sandbox.db beside the database)
        #[arg(long, value_name = "PATH")]
        state: Option<PathBuf>,
        /// Stop by itself after this many seconds without a request (default: run until Ctrl+C)
        #[arg(long, value_name = "SECS")]
        idle_exit: Option<u64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum DisputeCommand {
    /// The register, open disputes first by deadline, and the dispute rate
    List {
        /// text (default) or json
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// One dispute
    Show {
        /// The dispute's id (Klarna: its krn)
        id: String,
        /// text (default) or json
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Answer a dispute
    Respond {
        /// The dispute's id
        id: String,
        /// The answer
        #[arg(long, value_name = "TEXT")]
        text: String,
        /// A file sent with the answer (receipt, photo, PDF)
        #[arg(long, value_name = "FILE")]
        attach: Option<PathBuf>,
    },
    /// Accept the loss: the chargeback is booked
    Accept {
        /// The dispute's id
        id: String,
    },
    /// Fetch the disputes from Klarna and book what was decided
    Sync,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// SIE 4I file (type 4, vouchers, code page 437) of the vouchers dated FROM..=TO
    Sie {
        /// First day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Last day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        to: String,
        /// The file (default: verkstad-FROM-TO.si in the current folder; - for standard output)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Every registration, copy and Z report of days FROM..=TO as JSON Lines
    Export {
        /// First day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Last day (YYYY-MM-DD)
        #[arg(long, value_name = "DATE")]
        to: String,
        /// The file (default: journal-FROM-TO.jsonl in the current folder; - for standard output)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// X daily report of the cash register: everything since the last Z report; resets nothing
    X {
        /// text (default), json or pdf (with --out)
        #[arg(long, default_value = "text")]
        format: String,
        /// Write the PDF or text to this file
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Z daily report of the cash register: closes the day, numbered and kept; once per day
    Z {
        /// The day it closes (YYYY-MM-DD, default today)
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// text (default), json or pdf (with --out)
        #[arg(long, default_value = "text")]
        format: String,
        /// Write the PDF or text to this file
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Day report: sales per payment method, VAT per rate, invoices, credits, mobile payments
    Day {
        /// The day (YYYY-MM-DD, default today)
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// text (default) or json
        #[arg(long, default_value = "text")]
        format: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum PayCommand {
    /// Send the payment SMS ("Skicka mobilbetalning (SMS)", Ctrl+S): KLART → MOBILBET
    Send { nr: String },
    /// Check the payment ("Kontrollera mobilbetalning", Ctrl+L)
    Check { nr: String },
    /// Cancel the payment SMS and reopen the order; refunds what was paid
    Cancel { nr: String },
    /// Check every order that waits for a mobile payment
    Sync,
    /// Attempts, provider ids and events of an order's payments
    Log { nr: String },
    /// Take Resurs callbacks on 127.0.0.1 and check the orders they name (until Ctrl+C)
    Listen,
    /// Retry what Resurs must still do for an order's invoices (capture, refund of a credit)
    Settle { nr: String },
    /// Show the Resurs stores and payment methods and check the configured store_id
    Setup,
}

#[derive(Debug, Subcommand)]
pub enum ReconcileCommand {
    /// Import a bank file (BgMax or camt.054): its new payments matched to invoices and booked
    /// (bank 1930 against 1510, differences within the tolerance 3740, prepayments 2420,
    /// unidentified OBS 2999); the same file or the same entries twice change nothing
    Import {
        /// The file
        file: PathBuf,
        /// text (default) or json
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// The incoming payments, suggestions and OBS first, each with why
    List {
        /// Only what needs someone: suggestions and OBS
        #[arg(long)]
        unmatched: bool,
        /// text (default) or json
        #[arg(long, default_value = "text")]
        format: String,
        /// At most this many
        #[arg(long, default_value_t = 500)]
        limit: usize,
    },
    /// Match a waiting payment (suggestion, OBS, prepayment) by hand to an invoice
    Match {
        /// The payment's number (from `reconcile list`)
        payment: String,
        /// The invoice number
        invoice: String,
    },
    /// Move a suggestion or a prepayment to OBS (the work list)
    Obs {
        /// The payment's number
        payment: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum KlarnaCommand {
    /// Reserve the order at Klarna ("Reservera med Klarna", Ctrl+E): KLART → MOBILBET until
    /// Klarna has decided; the customer needs personnummer, e-mail and mobile number
    Reserve {
        nr: String,
        /// The Klarna store (our name in `[klarna]`); the default store when left out
        #[arg(long, value_name = "NAME")]
        store: Option<String>,
    },
    /// The order as Klarna holds it: order id, status, amounts and the lines as sent
    Show {
        nr: String,
        /// text (default) or json
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Print the Klarna invoice of a booked KLARNA order: what the customer pays to Klarna (the
    /// lines as captured, VAT, the total, how to pay Klarna); a reprint is marked KOPIA
    Print {
        nr: String,
        /// Write to this file: .pdf or .txt (default: both in utskrifter/ beside the database, and the text on screen)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Fetch Klarna's payouts since the last one, apply each new one (invoices paid, the payout
    /// booked: bank 1930, fees 6064, Klarna receivable 1581) and list the payouts
    Settlements {
        /// text (default) or json
        #[arg(long, default_value = "text")]
        format: String,
        /// Fetch from this day (YYYY-MM-DD, default: the last payout's day)
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ResursCommand {
    /// Fetch Resurs's payouts since the last one, apply each new one (invoices paid, the payout
    /// booked: bank 1930, fees 6064, the Resurs receivable 1931) and list the payouts
    Payouts {
        /// text (default) or json
        #[arg(long, default_value = "text")]
        format: String,
        /// Fetch from this day (YYYY-MM-DD, default: the last payout's day)
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum OrderCommand {
    /// List orders (the same columns, filter and sort as the F5 list)
    List {
        /// Column keys, comma-separated (see `verkstad columns`)
        #[arg(long, value_name = "KEYS")]
        columns: Option<String>,
        /// Text to find in order number, customer number and name, plate and mobile number
        #[arg(long, value_name = "TEXT")]
        filter: Option<String>,
        /// Only orders with this status (ÖPPEN, KLART, MOBILBET, BOKFÖRD, KREDITERAD)
        #[arg(long, value_name = "S")]
        status: Option<String>,
        /// Only paid (yes) or unpaid (no) orders
        #[arg(long, value_name = "yes|no")]
        paid: Option<String>,
        /// Sort column, optionally :asc or :desc (default nr:desc)
        #[arg(long, value_name = "KEY[:desc]")]
        sort: Option<String>,
        /// At most this many orders
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// table (default), csv or json
        #[arg(long, default_value = "table")]
        format: String,
    },
    /// Show one order
    Show {
        /// Order number
        nr: String,
        /// text (default) or json
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Import orders with customer and vehicle from a JSON file (all or nothing)
    Import {
        /// The JSON file: an array of orders
        file: PathBuf,
    },
    /// Mark an order complete (ÖPPEN → KLART)
    Complete {
        /// Order number
        nr: String,
    },
    /// A new order ("Ny order", Ctrl+N): an existing customer or a new one, and the vehicle
    New(counter::NewOrderArgs),
    /// The order's lines: add, change, remove
    Line {
        #[command(subcommand)]
        command: counter::LineCommand,
    },
}
