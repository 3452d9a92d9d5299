//! The command line: the same use cases as the counter screen, for scripts and quick looks.
//!
//! Exit codes: 0 success, 2 bad input or usage, 1 any other failure. Errors are one plain line in
//! Swedish (default) or English.

mod books;
mod counter;
mod output;
mod pay;

use std::io::Write;
use std::path::PathBuf;

use chrono::{Local, NaiveDate};
use clap::{Parser, Subcommand};

use crate::app::config::{self, Config, Paths};
use crate::app::{self, AppError, demo};
use crate::domain::columns::format_time;
use crate::domain::search::Filter;
use crate::domain::{Column, Lang, Sort, Status};
use crate::store::{ListQuery, SCHEMA_VERSION, Store};

pub use output::Format;

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
    /// Mobile payment by SMS link (Resurs): send, check, cancel, sync, log
    Pay {
        #[command(subcommand)]
        command: PayCommand,
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
    /// Run the local Resurs sandbox on 127.0.0.1 (payment links, SMS outbox, customer page)
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
pub enum ReportCommand {
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

/// What the command line needs around a command.
pub struct Context {
    pub lang: Lang,
    pub config: Config,
    /// Where config.toml is (the column choice of the F5 list is saved there).
    pub config_path: Option<PathBuf>,
    pub db: PathBuf,
    pub actor: String,
    pub today: NaiveDate,
}

impl Context {
    /// Resolve language, configuration and database path from flags, environment and config.
    pub fn resolve(cli: &Cli) -> Result<Context, (Lang, AppError)> {
        let flag_lang = match cli.lang.as_deref() {
            Some(l) => Some(Lang::parse(l).ok_or_else(|| {
                (
                    Lang::Sv,
                    AppError::invalid(
                        format!("Okänt språk \"{l}\" (sv eller en)"),
                        format!("Unknown language \"{l}\" (sv or en)"),
                    ),
                )
            })?),
            None => None,
        };
        let paths = Paths::platform();
        let config_path = cli
            .config
            .clone()
            .or_else(|| paths.as_ref().map(Paths::config_file));
        let config = match &config_path {
            Some(p) => Config::load(p).map_err(|e| (flag_lang.unwrap_or_default(), e))?,
            None => Config::default(),
        };
        let lang = flag_lang.or(config.lang()).unwrap_or_default();
        let db = cli
            .db
            .clone()
            .or_else(|| paths.as_ref().map(Paths::default_db))
            .ok_or_else(|| {
                (
                    lang,
                    AppError::invalid(
                        "Hittar ingen datamapp – ange databasen med --db",
                        "No data folder found – give the database with --db",
                    ),
                )
            })?;
        Ok(Context {
            lang,
            actor: config::actor(&config),
            config,
            config_path,
            db,
            today: Local::now().date_naive(),
        })
    }
}

fn parse_nr(s: &str) -> Result<i64, AppError> {
    s.trim()
        .parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| {
            AppError::invalid(
                format!("\"{s}\" är inget ordernummer"),
                format!("\"{s}\" is not an order number"),
            )
        })
}

fn parse_date(s: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        AppError::invalid(
            format!("\"{s}\" är inget datum (ÅÅÅÅ-MM-DD)"),
            format!("\"{s}\" is not a date (YYYY-MM-DD)"),
        )
    })
}

fn io_err(e: std::io::Error) -> AppError {
    AppError::Io {
        sv: format!("Kunde inte skriva utdata: {e}"),
        en: format!("Could not write output: {e}"),
    }
}

/// A command with its arguments checked: everything that can be refused without the database is
/// refused before the database is opened (or created).
enum Job {
    Overview,
    /// The counter screen (no command, on a terminal).
    Counter,
    Demo(demo::DemoSpec),
    List {
        query: ListQuery,
        cols: Vec<Column>,
        format: Format,
    },
    Show {
        nr: i64,
        json: bool,
    },
    Import(PathBuf),
    Complete(i64),
    CounterAction(counter::CounterJob),
    Pay(pay::PayJob),
    Book(i64, Option<crate::domain::PaymentMethod>),
    Credit(i64, Option<Vec<usize>>),
    ReportDay(NaiveDate, bool),
    Print {
        nr: i64,
        out: Option<PathBuf>,
        invoice: Option<i64>,
    },
    ExportSie {
        from: NaiveDate,
        to: NaiveDate,
        out: Option<PathBuf>,
    },
}

fn parse_json_flag(format: &str) -> Result<bool, AppError> {
    match format.trim().to_ascii_lowercase().as_str() {
        "json" => Ok(true),
        "text" => Ok(false),
        _ => Err(AppError::invalid(
            format!("Okänt format \"{format}\" (text eller json)"),
            format!("Unknown format \"{format}\" (text or json)"),
        )),
    }
}

fn plan(command: &Command, ctx: &Context) -> Result<Job, AppError> {
    Ok(match command {
        Command::Columns | Command::Sandbox { .. } | Command::Init(_) => {
            unreachable!("runs before plan")
        }
        Command::Pay { command } => Job::Pay(match command {
            PayCommand::Send { nr } => pay::PayJob::Send(parse_nr(nr)?),
            PayCommand::Check { nr } => pay::PayJob::Check(parse_nr(nr)?),
            PayCommand::Cancel { nr } => pay::PayJob::Cancel(parse_nr(nr)?),
            PayCommand::Sync => pay::PayJob::Sync,
            PayCommand::Log { nr } => pay::PayJob::Log(parse_nr(nr)?),
            PayCommand::Listen => pay::PayJob::Listen,
            PayCommand::Settle { nr } => pay::PayJob::Settle(parse_nr(nr)?),
            PayCommand::Setup => pay::PayJob::Setup,
        }),
        Command::Book { nr, method } => Job::Book(
            parse_nr(nr)?,
            method.as_deref().map(books::parse_method).transpose()?,
        ),
        Command::Credit { nr, lines } => Job::Credit(
            parse_nr(nr)?,
            lines
                .as_deref()
                .map(|l| {
                    crate::domain::invoice::parse_positions(l).ok_or_else(|| {
                        AppError::invalid(
                            format!("\"{l}\" är ingen radlista (t.ex. 1,3 eller 2-4)"),
                            format!("\"{l}\" is not a list of lines (e.g. 1,3 or 2-4)"),
                        )
                    })
                })
                .transpose()?,
        ),
        Command::Print { nr, out, invoice } => {
            if let Some(o) = out {
                books::print_format(o)?;
            }
            Job::Print {
                nr: parse_nr(nr)?,
                out: out.clone(),
                invoice: invoice
                    .as_deref()
                    .map(|i| {
                        i.trim()
                            .parse::<i64>()
                            .ok()
                            .filter(|n| *n > 0)
                            .ok_or_else(|| {
                                AppError::invalid(
                                    format!("\"{i}\" är inget fakturanummer"),
                                    format!("\"{i}\" is not an invoice number"),
                                )
                            })
                    })
                    .transpose()?,
            }
        }
        Command::Export {
            command: ExportCommand::Sie { from, to, out },
        } => {
            let (from, to) = (parse_date(from)?, parse_date(to)?);
            if to < from {
                return Err(AppError::invalid(
                    format!("--to {to} är före --from {from}"),
                    format!("--to {to} is before --from {from}"),
                ));
            }
            Job::ExportSie {
                from,
                to,
                out: out.clone(),
            }
        }
        Command::Report {
            command: ReportCommand::Day { date, format },
        } => Job::ReportDay(
            date.as_deref()
                .map(parse_date)
                .transpose()?
                .unwrap_or(ctx.today),
            parse_json_flag(format)?,
        ),
        Command::Demo {
            orders,
            seed,
            today,
        } => Job::Demo(demo::DemoSpec {
            orders: *orders,
            seed: *seed,
            today: today
                .as_deref()
                .map(parse_date)
                .transpose()?
                .unwrap_or(ctx.today),
        }),
        Command::Order { command } => match command {
            OrderCommand::List {
                columns,
                filter,
                status,
                paid,
                sort,
                limit,
                format,
            } => {
                let (query, cols, format) =
                    prepare_list(ctx, columns, filter, status, paid, sort, *limit, format)?;
                Job::List {
                    query,
                    cols,
                    format,
                }
            }
            OrderCommand::Show { nr, format } => Job::Show {
                nr: parse_nr(nr)?,
                json: match format.trim().to_ascii_lowercase().as_str() {
                    "json" => true,
                    "text" => false,
                    _ => {
                        return Err(AppError::invalid(
                            format!("Okänt format \"{format}\" (text eller json)"),
                            format!("Unknown format \"{format}\" (text or json)"),
                        ));
                    }
                },
            },
            OrderCommand::Import { file } => Job::Import(file.clone()),
            OrderCommand::Complete { nr } => Job::Complete(parse_nr(nr)?),
            OrderCommand::New(args) => Job::CounterAction(counter::plan_new_order(args)?),
            OrderCommand::Line { command } => Job::CounterAction(counter::plan_line(command)?),
        },
        Command::Customer { command } => Job::CounterAction(counter::plan_customer(command)?),
    })
}

/// Run one command, writing its output to `out`.
pub fn run(cli: &Cli, ctx: &Context, out: &mut impl Write) -> Result<(), AppError> {
    let lang = ctx.lang;
    let job = match &cli.command {
        Some(Command::Columns) => return columns(out).map_err(io_err),
        Some(Command::Init(args)) => return counter::init(args, ctx, out),
        Some(Command::Sandbox {
            port,
            state,
            idle_exit,
        }) => {
            let state = state
                .clone()
                .unwrap_or_else(|| app::provider::sandbox_state_path(&ctx.db));
            let port = match port {
                Some(p) => *p,
                None => app::provider::sandbox_port()?,
            };
            return pay::serve_sandbox(port, state, *idle_exit, lang);
        }
        Some(command) => plan(command, ctx)?,
        None if std::io::IsTerminal::is_terminal(&std::io::stdout())
            && std::io::IsTerminal::is_terminal(&std::io::stdin()) =>
        {
            Job::Counter
        }
        None => Job::Overview,
    };
    let (today, seed_first) = match &job {
        Job::Demo(spec) => (spec.today, false),
        _ => (ctx.today, !cli.no_demo),
    };
    let (mut store, seeded) = app::open_store(&ctx.db, seed_first, &ctx.actor, today)?;
    if let Some(s) = seeded {
        let msg = lang.pick(
            "Ny databas: demodata skapad",
            "New database: demo data created",
        );
        eprintln!(
            "{msg} ({} ordrar, {} kunder) – {}",
            s.orders,
            s.customers,
            ctx.db.display()
        );
        eprintln!(
            "{}",
            lang.pick(
                "Det här är en DEMO-databas. För riktig bokföring: verkstad --db FIL init --name … --orgnr …",
                "This is a DEMO database. For real books: verkstad --db FILE init --name … --orgnr …",
            )
        );
    }

    match job {
        Job::Counter => {
            let keymap_path = ctx
                .config_path
                .as_ref()
                .map(|p| p.with_file_name("keymap.toml"));
            let keymap = match &keymap_path {
                Some(p) => crate::tui::keymap::Keymap::load(p).map_err(|e| {
                    AppError::invalid(
                        format!("Fel i tangentfilen {e}"),
                        format!("Error in the key file {e}"),
                    )
                })?,
                None => crate::tui::keymap::Keymap::default(),
            };
            crate::tui::run(crate::tui::TuiContext {
                lang,
                store,
                db: ctx.db.clone(),
                config: ctx.config.clone(),
                config_path: ctx.config_path.clone(),
                keymap,
                columns: ctx.config.list_columns(),
                actor: ctx.actor.clone(),
            })
        }
        Job::Overview => overview(&store, ctx, out).map_err(|e| match e {
            OverviewError::Io(e) => io_err(e),
            OverviewError::App(e) => e,
        }),
        Job::Demo(spec) => {
            let s = demo::generate(&mut store, &ctx.actor, spec)?;
            let seed = spec.seed;
            let text = match lang {
                Lang::Sv => format!(
                    "Demodata skapad: {} ordrar med {} rader, {} kunder, {} fordon (frö {seed}).",
                    s.orders, s.lines, s.customers, s.vehicles
                ),
                Lang::En => format!(
                    "Demo data created: {} orders with {} lines, {} customers, {} vehicles (seed {seed}).",
                    s.orders, s.lines, s.customers, s.vehicles
                ),
            };
            writeln!(out, "{text}").map_err(io_err)
        }
        Job::List {
            query,
            cols,
            format,
        } => {
            let rows = store.list_orders(&query)?;
            match format {
                Format::Table => output::table(out, &cols, &rows, lang),
                Format::Csv => output::csv(out, &cols, &rows),
                Format::Json => output::json(out, &cols, &rows),
            }
            .map_err(io_err)
        }
        Job::Show { nr, json } => show(&store, lang, nr, json, out),
        Job::Pay(job) => pay::run(job, store, ctx, out),
        Job::CounterAction(job) => counter::run(job, store, ctx, out),
        Job::Book(nr, method) => books::book(store, ctx, nr, method, out),
        Job::Credit(nr, lines) => books::credit(store, ctx, nr, lines, out),
        Job::ReportDay(date, json) => books::report_day(&store, ctx, date, json, out),
        Job::Print {
            nr,
            out: file,
            invoice,
        } => books::print(&store, ctx, nr, invoice, file, out),
        Job::ExportSie {
            from,
            to,
            out: file,
        } => books::export_sie(&store, ctx, from, to, file, out),
        Job::Import(file) => {
            let text = std::fs::read_to_string(&file).map_err(|e| {
                AppError::invalid(
                    format!("Kunde inte läsa {}: {e}", file.display()),
                    format!("Could not read {}: {e}", file.display()),
                )
            })?;
            let numbers = app::import::import_orders(&mut store, &ctx.actor, &text, ctx.today)?;
            let list = numbers
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            let text = match lang {
                Lang::Sv => format!("{} ordrar importerade: {list}", numbers.len()),
                Lang::En => format!("{} orders imported: {list}", numbers.len()),
            };
            writeln!(out, "{text}").map_err(io_err)
        }
        Job::Complete(nr) => {
            let order = app::mark_complete(&mut store, &ctx.actor, nr)?;
            let text = match lang {
                Lang::Sv => format!("Order {} är KLART.", order.nr),
                Lang::En => format!("Order {} is KLART (complete).", order.nr),
            };
            writeln!(out, "{text}").map_err(io_err)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn prepare_list(
    ctx: &Context,
    columns: &Option<String>,
    filter: &Option<String>,
    status: &Option<String>,
    paid: &Option<String>,
    sort: &Option<String>,
    limit: usize,
    format: &str,
) -> Result<(ListQuery, Vec<Column>, Format), AppError> {
    let cols = match columns {
        Some(c) => Column::parse_list(c)?,
        None => ctx.config.list_columns(),
    };
    let status = status
        .as_deref()
        .map(|s| {
            Status::parse(s).ok_or_else(|| {
                AppError::invalid(
                    format!("Okänd status \"{s}\" (ÖPPEN, KLART, MOBILBET, BOKFÖRD, KREDITERAD)"),
                    format!("Unknown status \"{s}\" (ÖPPEN, KLART, MOBILBET, BOKFÖRD, KREDITERAD)"),
                )
            })
        })
        .transpose()?;
    let paid = paid
        .as_deref()
        .map(|p| match p.trim().to_lowercase().as_str() {
            "yes" | "ja" | "true" | "1" => Ok(true),
            "no" | "nej" | "false" | "0" => Ok(false),
            _ => Err(AppError::invalid(
                format!("--paid tar yes eller no, inte \"{p}\""),
                format!("--paid takes yes or no, not \"{p}\""),
            )),
        })
        .transpose()?;
    let sort = sort
        .as_deref()
        .map(Sort::parse)
        .transpose()?
        .unwrap_or_default();
    let format = Format::parse(format).ok_or_else(|| {
        AppError::invalid(
            format!("Okänt format \"{format}\" (table, csv eller json)"),
            format!("Unknown format \"{format}\" (table, csv or json)"),
        )
    })?;
    let query = ListQuery {
        filter: filter.as_deref().and_then(Filter::new),
        status,
        paid,
        sort,
        limit,
        offset: 0,
    };
    Ok((query, cols, format))
}

fn columns(out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "{:<22}{:<34}English", "Nyckel/key", "Svenska")?;
    for c in Column::ALL {
        writeln!(
            out,
            "{:<22}{:<34}{}",
            c.key(),
            c.header(Lang::Sv),
            c.header(Lang::En)
        )?;
    }
    Ok(())
}

fn show(
    store: &impl Store,
    lang: Lang,
    nr: i64,
    json: bool,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let d = store
        .order(nr)?
        .ok_or(crate::store::StoreError::OrderNotFound(nr))?;
    if json {
        serde_json::to_writer_pretty(&mut *out, &d).map_err(|e| io_err(e.into()))?;
        return writeln!(out).map_err(io_err);
    }
    let t = |sv: &'static str, en: &'static str| lang.pick(sv, en);
    let o = &d.order;
    let mut s = String::new();
    use std::fmt::Write as _;
    let _ = writeln!(
        s,
        "Order {}  {}  ({} {})",
        o.nr,
        o.status,
        t("skapad", "created"),
        format_time(o.created_at)
    );
    let c = &d.customer;
    let mobile = c.mobile.as_ref().map(|m| m.display()).unwrap_or_default();
    let _ = writeln!(
        s,
        "{:<9}{}  {}  {}",
        t("Kund", "Customer"),
        c.customer_no,
        c.name,
        mobile
    );
    if let Some(v) = &d.vehicle {
        let year = v.year.map(|y| format!(" ({y})")).unwrap_or_default();
        let km = v.mileage.map(|k| format!(", {k} km")).unwrap_or_default();
        let _ = writeln!(
            s,
            "{:<9}{}  {} {}{year}{km}",
            t("Fordon", "Vehicle"),
            v.regnr,
            v.make,
            v.model
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{:>3}  {:<8} {:<9} {:<30} {:>6} {:<5} {:>10} {:>6} {:>5} {:>11}",
        t("Rad", "Ln"),
        t("Typ", "Kind"),
        t("Artnr", "Art.no"),
        t("Benämning", "Description"),
        t("Antal", "Qty"),
        t("Enh", "Unit"),
        t("À-pris", "Price"),
        t("Rab%", "Disc%"),
        t("Moms", "VAT"),
        t("Belopp", "Amount")
    );
    for (i, l) in o.lines.iter().enumerate() {
        let desc: String = l.description.chars().take(30).collect();
        let disc = if l.discount.is_zero() {
            String::new()
        } else {
            l.discount.to_string()
        };
        let _ = writeln!(
            s,
            "{:>3}  {:<8} {:<9} {:<30} {:>6} {:<5} {:>10} {:>6} {:>5} {:>11}",
            i + 1,
            l.kind.label(lang),
            l.article_no.as_deref().unwrap_or(""),
            desc,
            l.quantity.to_string(),
            l.unit,
            l.unit_price.to_string(),
            disc,
            l.vat.to_string(),
            l.net().to_string()
        );
    }
    let _ = writeln!(s);
    for r in &d.totals.per_rate {
        let _ = writeln!(
            s,
            "{:<34}{:>12}   {} {:>10}",
            format!("{} {}", t("Netto", "Net"), r.rate),
            r.net.to_string(),
            t("moms", "VAT"),
            r.vat.to_string()
        );
    }
    let _ = writeln!(
        s,
        "{:<34}{:>12}",
        t("Summa exkl. moms", "Total excl. VAT"),
        d.totals.net.to_string()
    );
    let _ = writeln!(
        s,
        "{:<34}{:>12}",
        t("Moms", "VAT"),
        d.totals.vat.to_string()
    );
    let _ = writeln!(
        s,
        "{:<34}{:>12}",
        t("Att betala", "To pay"),
        d.totals.total.to_string()
    );
    let _ = writeln!(s);
    let _ = writeln!(s, "{}", t("Fakturering", "Invoicing"));
    let dash = "–".to_string();
    let _ = writeln!(
        s,
        "  {:<32}{}",
        t("Betalsätt", "Payment method"),
        o.payment_method
            .map(|m| m.code().to_string())
            .unwrap_or(dash.clone())
    );
    let received = if o.payment_received {
        format!(
            "[x] {}",
            o.payment_received_at.map(format_time).unwrap_or_default()
        )
    } else {
        "[ ]".to_string()
    };
    let _ = writeln!(
        s,
        "  {:<32}{}",
        t("Betalning mottagen", "Payment received"),
        received.trim_end()
    );
    let _ = writeln!(
        s,
        "  {:<32}{}",
        t("Fakturanr", "Invoice no"),
        o.invoice_no.map(|n| n.to_string()).unwrap_or(dash.clone())
    );
    let _ = writeln!(
        s,
        "  {:<32}{}",
        t("Bokförd", "Booked"),
        o.booked_at.map(format_time).unwrap_or(dash)
    );
    out.write_all(s.as_bytes()).map_err(io_err)
}

enum OverviewError {
    Io(std::io::Error),
    App(AppError),
}

impl From<std::io::Error> for OverviewError {
    fn from(e: std::io::Error) -> Self {
        OverviewError::Io(e)
    }
}

impl From<crate::store::StoreError> for OverviewError {
    fn from(e: crate::store::StoreError) -> Self {
        OverviewError::App(e.into())
    }
}

fn overview(store: &impl Store, ctx: &Context, out: &mut impl Write) -> Result<(), OverviewError> {
    let lang = ctx.lang;
    let (customers, vehicles, orders) = store.counts()?;
    writeln!(out, "Verkstad {}", env!("CARGO_PKG_VERSION"))?;
    writeln!(
        out,
        "{} {} ({} {SCHEMA_VERSION})",
        lang.pick("Databas:", "Database:"),
        ctx.db.display(),
        lang.pick("schema", "schema")
    )?;
    writeln!(
        out,
        "{}",
        counter::kind_line(store, lang).map_err(OverviewError::App)?
    )?;
    writeln!(
        out,
        "{}",
        match lang {
            Lang::Sv => format!("{orders} ordrar, {customers} kunder, {vehicles} fordon"),
            Lang::En => format!("{orders} orders, {customers} customers, {vehicles} vehicles"),
        }
    )?;
    for (status, n) in store.status_counts()? {
        writeln!(out, "  {status:<11}{n:>9}")?;
    }
    writeln!(out)?;
    writeln!(out, "{}", lang.pick("Kommandon:", "Commands:"))?;
    let cmds: [(&str, &str, &str); 18] = [
        (
            "verkstad order list [--filter TEXT] [--columns KEYS]",
            "lista ordrar (som F5)",
            "list orders (like F5)",
        ),
        ("verkstad order show NR", "visa en order", "show one order"),
        (
            "verkstad order new --customer NR | --name N --mobile M",
            "ny order (--plate, --make, --model)",
            "new order (--plate, --make, --model)",
        ),
        (
            "verkstad order line add NR --article NR | --text T ...",
            "ny rad (--qty, --price, --vat, --discount)",
            "add a line (--qty, --price, --vat, --discount)",
        ),
        (
            "verkstad order line set|rm NR RAD",
            "ändra / ta bort en rad",
            "change / remove a line",
        ),
        (
            "verkstad customer show|set NR",
            "visa / ändra en kund",
            "show / change a customer",
        ),
        (
            "verkstad order complete NR",
            "markera en order som KLART",
            "mark an order complete",
        ),
        (
            "verkstad order import FIL.json",
            "importera ordrar",
            "import orders",
        ),
        ("verkstad columns", "listans kolumner", "the list's columns"),
        (
            "verkstad pay send|check|cancel NR",
            "mobilbetalning (SMS-länk)",
            "mobile payment (SMS link)",
        ),
        (
            "verkstad book NR --method KONTANT|KORT|FAKTURA",
            "bokför (MOBIL: betald order)",
            "book (MOBIL: a paid order)",
        ),
        (
            "verkstad credit NR [--lines 1,3]",
            "kreditera fakturan",
            "credit the invoice",
        ),
        (
            "verkstad print NR [--out FIL.pdf]",
            "skriv ut faktura/kvitto",
            "print the invoice/receipt",
        ),
        ("verkstad report day [--date D]", "dagrapport", "day report"),
        (
            "verkstad export sie --from D --to D",
            "SIE 4I till bokföringen",
            "SIE 4I for the accounts",
        ),
        (
            "verkstad demo --orders N",
            "skapa demodata (bara i en demodatabas)",
            "generate demo data (demo database only)",
        ),
        (
            "verkstad --db FIL init --name N --orgnr NR ...",
            "ny riktig databas med företagets uppgifter",
            "a new real database with the company details",
        ),
        ("verkstad --help", "all hjälp", "all help"),
    ];
    for (cmd, sv, en) in cmds {
        writeln!(out, "  {cmd:<56}{}", lang.pick(sv, en))?;
    }
    Ok(())
}
