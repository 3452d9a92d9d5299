//! The command line: the same use cases as the counter screen, for scripts and quick looks.
//!
//! Exit codes: 0 success, 2 bad input or usage, 1 any other failure. Errors are one plain line in
//! Swedish (default) or English.
//!
//! `args` holds the commands' definitions (clap), this file checks them and dispatches
//! (`plan`, `run`), `orders` prints the list and an order, `overview` the overview; `books`,
//! `counter` and `pay` run their groups of commands.

mod args;
mod books;
mod counter;
mod orders;
mod output;
mod overview;
mod pay;

use std::io::Write;
use std::path::PathBuf;

use chrono::{Local, NaiveDate};

use crate::app::ListQuery;
use crate::app::config::{self, Config, Paths};
use crate::app::{self, AppError, Workshop, WorkshopOptions, demo};
use crate::domain::{Column, Lang};

pub use args::{Cli, Command, ExportCommand, OrderCommand, PayCommand, ReportCommand};
use orders::{columns, prepare_list, show};
pub use output::Format;
use overview::{OverviewError, overview};

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

/// A positive whole number given on the command line, or an error naming what it should have
/// been ("ordernummer" / "order number").
pub(crate) fn parse_positive<T: std::str::FromStr + PartialOrd + Default>(
    s: &str,
    sv: &str,
    en: &str,
) -> Result<T, AppError> {
    s.trim()
        .parse::<T>()
        .ok()
        .filter(|n| *n > T::default())
        .ok_or_else(|| {
            AppError::invalid(
                format!("\"{s}\" är inget {sv}"),
                format!("\"{s}\" is not {en}"),
            )
        })
}

fn parse_nr(s: &str) -> Result<i64, AppError> {
    parse_positive(s, "ordernummer", "an order number")
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
    AppError::Io(crate::msg!("io-output-failed", error = e.to_string()))
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
                    .map(|i| parse_positive(i, "fakturanummer", "an invoice number"))
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
                json: parse_json_flag(format)?,
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
    if let Job::Counter = job {
        return counter_screen(ctx, seed_first, today);
    }
    let shop = open_workshop(ctx, seed_first, today)?;

    match job {
        Job::Counter => Ok(()),
        Job::Overview => overview(&shop, ctx, out).map_err(|e| match e {
            OverviewError::Io(e) => io_err(e),
            OverviewError::App(e) => e,
        }),
        Job::Demo(spec) => {
            let s = shop.demo(spec)?;
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
            let rows = shop.list(&query)?;
            match format {
                Format::Table => output::table(out, &cols, &rows, lang),
                Format::Csv => output::csv(out, &cols, &rows),
                Format::Json => output::json(out, &cols, &rows),
            }
            .map_err(io_err)
        }
        Job::Show { nr, json } => show(&shop, lang, nr, json, out),
        Job::Pay(job) => pay::run(job, &shop, ctx, out),
        Job::CounterAction(job) => counter::run(job, &shop, ctx, out),
        Job::Book(nr, method) => books::book(&shop, ctx, nr, method, out),
        Job::Credit(nr, lines) => books::credit(&shop, ctx, nr, lines, out),
        Job::ReportDay(date, json) => books::report_day(&shop, ctx, date, json, out),
        Job::Print {
            nr,
            out: file,
            invoice,
        } => books::print(&shop, ctx, nr, invoice, file, out),
        Job::ExportSie {
            from,
            to,
            out: file,
        } => books::export_sie(&shop, ctx, from, to, file, out),
        Job::Import(file) => {
            let text = std::fs::read_to_string(&file).map_err(|e| {
                AppError::invalid(
                    format!("Kunde inte läsa {}: {e}", file.display()),
                    format!("Could not read {}: {e}", file.display()),
                )
            })?;
            let numbers = shop.import(&text)?;
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
            let order = shop.mark_complete(nr)?;
            let text = match lang {
                Lang::Sv => format!("Order {} är KLART.", order.nr),
                Lang::En => format!("Order {} is KLART (complete).", order.nr),
            };
            writeln!(out, "{text}").map_err(io_err)
        }
    }
}

/// Open the workshop of this command's database (seeding a new one when asked), saying so when
/// the first start made it a demo database.
fn open_workshop(ctx: &Context, seed_first: bool, today: NaiveDate) -> Result<Workshop, AppError> {
    let (shop, seeded) = Workshop::open(WorkshopOptions {
        db: ctx.db.clone(),
        config: ctx.config.clone(),
        config_path: ctx.config_path.clone(),
        actor: ctx.actor.clone(),
        seed_demo: seed_first,
        today,
    })?;
    if let Some(s) = seeded {
        seeded_notice(&s, ctx);
    }
    Ok(shop)
}

/// What the first start of a new database says: it is a demo database, and how to start for real.
fn seeded_notice(s: &demo::DemoSummary, ctx: &Context) {
    let lang = ctx.lang;
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

/// The counter screen.
fn counter_screen(ctx: &Context, seed_first: bool, today: NaiveDate) -> Result<(), AppError> {
    let lang = ctx.lang;
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
    let workshop = open_workshop(ctx, seed_first, today)?;
    crate::tui::run(crate::tui::TuiContext {
        workshop,
        lang,
        keymap,
        columns: ctx.config.list_columns(),
    })
}

/// Run a use case that talks to the payment provider, on a runtime of its own for this command.
pub(crate) fn block_on<F: std::future::Future>(f: F) -> Result<F::Output, AppError> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| AppError::Io(crate::msg!("io-runtime-failed", error = e.to_string())))?;
    Ok(rt.block_on(f))
}
