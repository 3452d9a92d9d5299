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
mod klarna;
mod orders;
mod output;
mod overview;
mod pay;
mod reconcile;
mod refund;
mod register;
mod settle;

use std::io::Write;
use std::path::PathBuf;

use chrono::{Local, NaiveDate};

use crate::app::ListQuery;
use crate::app::config::{self, Config, Paths};
use crate::app::settlement::PayoutProvider;
use crate::app::{self, AppError, Workshop, WorkshopOptions, demo};
use crate::domain::{Column, Lang};
use crate::text::Message;
use crate::{msg, t};

pub use args::{
    Cli, Command, DisputeCommand, ExportCommand, JournalCommand, KlarnaCommand, OrderCommand,
    PayCommand, ReconcileCommand, ReportCommand, ResursCommand,
};
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
    /// `--training`: training mode for this run.
    pub training: bool,
}

impl Context {
    /// Resolve language, configuration and database path from flags, environment and config.
    pub fn resolve(cli: &Cli) -> Result<Context, (Lang, AppError)> {
        let flag_lang = match cli.lang.as_deref() {
            Some(l) => Some(Lang::parse(l).ok_or_else(|| {
                (
                    Lang::Sv,
                    AppError::Invalid(msg!("cli-unknown-lang", lang = l)),
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
            .ok_or_else(|| (lang, AppError::Invalid(msg!("cli-no-data-folder"))))?;
        Ok(Context {
            lang,
            actor: config::actor(&config),
            config,
            config_path,
            db,
            today: Local::now().date_naive(),
            training: cli.training,
        })
    }
}

/// What a positive whole number of the command line is: its error names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Numbered {
    Order,
    Invoice,
    Line,
    Customer,
    Payment,
}

impl Numbered {
    /// "\"x\" is not an order number" (etc.).
    fn not_a(self, input: &str) -> Message {
        match self {
            Numbered::Order => msg!("cli-not-order-nr", input = input),
            Numbered::Invoice => msg!("cli-not-invoice-no", input = input),
            Numbered::Line => msg!("cli-not-line-no", input = input),
            Numbered::Customer => msg!("cli-not-customer-no", input = input),
            Numbered::Payment => msg!("cli-not-payment-no", input = input),
        }
    }
}

/// A positive whole number given on the command line, or an error naming what it should have
/// been ("ordernummer" / "order number").
pub(crate) fn parse_positive<T: std::str::FromStr + PartialOrd + Default>(
    s: &str,
    what: Numbered,
) -> Result<T, AppError> {
    s.trim()
        .parse::<T>()
        .ok()
        .filter(|n| *n > T::default())
        .ok_or_else(|| AppError::Invalid(what.not_a(s)))
}

fn parse_nr(s: &str) -> Result<i64, AppError> {
    parse_positive(s, Numbered::Order)
}

fn parse_date(s: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| AppError::Invalid(msg!("cli-not-date", input = s)))
}

/// `--lines 1,3` or `2-4`, checked.
fn parse_lines(lines: &Option<String>) -> Result<Option<Vec<usize>>, AppError> {
    lines
        .as_deref()
        .map(|l| {
            crate::domain::invoice::parse_positions(l)
                .ok_or_else(|| AppError::Invalid(msg!("cli-not-line-list", input = l)))
        })
        .transpose()
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
    Klarna(klarna::KlarnaJob),
    Book(i64, Option<crate::domain::PaymentMethod>),
    Credit(i64, Option<Vec<usize>>),
    ReportDay(NaiveDate, bool),
    Print {
        nr: i64,
        out: Option<PathBuf>,
        invoice: Option<i64>,
        copy: bool,
    },
    Return(i64, Option<Vec<usize>>),
    Register(register::RegisterJob),
    Settle(settle::SettleJob),
    Reconcile(reconcile::ReconcileJob),
    Refund(refund::RefundJob),
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
        _ => Err(AppError::Invalid(msg!(
            "cli-unknown-format-json",
            format = format
        ))),
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
        Command::Klarna { command } => {
            match command {
                KlarnaCommand::Reserve { nr, store } => Job::Klarna(klarna::KlarnaJob::Reserve {
                    nr: parse_nr(nr)?,
                    store: store.clone(),
                }),
                KlarnaCommand::Show { nr, format } => Job::Klarna(klarna::KlarnaJob::Show {
                    nr: parse_nr(nr)?,
                    json: parse_json_flag(format)?,
                }),
                KlarnaCommand::Print { nr, out } => {
                    if let Some(o) = out {
                        books::print_format(o)?;
                    }
                    Job::Klarna(klarna::KlarnaJob::Print {
                        nr: parse_nr(nr)?,
                        out: out.clone(),
                    })
                }
                KlarnaCommand::Settlements { format, since } => Job::Settle(
                    settle::plan_settlements(PayoutProvider::Klarna, format, since.as_deref())?,
                ),
            }
        }
        Command::Resurs {
            command: ResursCommand::Payouts { format, since },
        } => Job::Settle(settle::plan_settlements(
            PayoutProvider::Resurs,
            format,
            since.as_deref(),
        )?),
        Command::Dispute { command } => Job::Settle(settle::plan_dispute(command)?),
        Command::Reconcile { command } => Job::Reconcile(reconcile::plan(command)?),
        Command::Refund { command } => Job::Refund(refund::plan(command)?),
        Command::Book { nr, method } => Job::Book(
            parse_nr(nr)?,
            method.as_deref().map(books::parse_method).transpose()?,
        ),
        Command::Credit { nr, lines } => Job::Credit(parse_nr(nr)?, parse_lines(lines)?),
        Command::Return { nr, lines } => Job::Return(parse_nr(nr)?, parse_lines(lines)?),
        Command::Journal {
            command: JournalCommand::Export { from, to, out },
        } => Job::Register(register::plan_journal(from, to, out)?),
        Command::Report {
            command: ReportCommand::X { format, out },
        } => Job::Register(register::plan_x(format, out)?),
        Command::Report {
            command: ReportCommand::Z { date, format, out },
        } => Job::Register(register::plan_z(date.as_deref(), format, out)?),
        Command::Print {
            nr,
            pro_forma: true,
            method,
            ..
        } => Job::Register(register::plan_pro_forma(
            parse_nr(nr)?,
            method.as_deref().map(books::parse_method).transpose()?,
        )?),
        Command::Print {
            nr,
            out,
            invoice,
            copy,
            ..
        } => {
            if let Some(o) = out {
                books::print_format(o)?;
            }
            Job::Print {
                nr: parse_nr(nr)?,
                out: out.clone(),
                invoice: invoice
                    .as_deref()
                    .map(|i| parse_positive(i, Numbered::Invoice))
                    .transpose()?,
                copy: *copy,
            }
        }
        Command::Export {
            command: ExportCommand::Sie { from, to, out },
        } => {
            let (from, to) = (parse_date(from)?, parse_date(to)?);
            if to < from {
                return Err(AppError::Invalid(msg!(
                    "cli-to-before-from",
                    to = to.to_string(),
                    from = from.to_string()
                )));
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
            let text = t!(
                lang,
                "cli-demo-created",
                orders = s.orders,
                lines = s.lines,
                customers = s.customers,
                vehicles = s.vehicles,
                seed = seed.to_string()
            );
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
        Job::Klarna(job) => klarna::run(job, &shop, ctx, out),
        Job::CounterAction(job) => counter::run(job, &shop, ctx, out),
        Job::Book(nr, method) => books::book(&shop, ctx, nr, method, out),
        Job::Credit(nr, lines) => books::credit(&shop, ctx, nr, lines, out),
        Job::ReportDay(date, json) => books::report_day(&shop, ctx, date, json, out),
        Job::Print {
            nr,
            out: file,
            invoice,
            copy,
        } => books::print(&shop, ctx, nr, invoice, file, copy, out),
        Job::Return(nr, lines) => register::return_sale(&shop, ctx, nr, lines, out),
        Job::Register(job) => register::run(job, &shop, ctx, out),
        Job::Settle(job) => settle::run(job, &shop, ctx, out),
        Job::Reconcile(job) => reconcile::run(job, &shop, ctx, out),
        Job::Refund(job) => refund::run(job, &shop, ctx, out),
        Job::ExportSie {
            from,
            to,
            out: file,
        } => books::export_sie(&shop, ctx, from, to, file, out),
        Job::Import(file) => {
            let text = std::fs::read_to_string(&file).map_err(|e| {
                AppError::Invalid(msg!(
                    "cli-read-failed",
                    path = file.display().to_string(),
                    error = e.to_string()
                ))
            })?;
            let numbers = shop.import(&text)?;
            let list = numbers
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            let text = t!(lang, "cli-imported", n = numbers.len(), list = list);
            writeln!(out, "{text}").map_err(io_err)
        }
        Job::Complete(nr) => {
            let order = shop.mark_complete(nr)?;
            let text = t!(lang, "cli-complete", nr = order.nr);
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
    shop.set_training(ctx.training);
    Ok(shop)
}

/// What the first start of a new database says: it is a demo database, and how to start for real.
fn seeded_notice(s: &demo::DemoSummary, ctx: &Context) {
    let lang = ctx.lang;
    eprintln!(
        "{}",
        t!(
            lang,
            "cli-seeded",
            orders = s.orders,
            customers = s.customers,
            db = ctx.db.display().to_string()
        )
    );
    eprintln!("{}", t!(lang, "cli-seeded-demo"));
}

/// The counter screen.
fn counter_screen(ctx: &Context, seed_first: bool, today: NaiveDate) -> Result<(), AppError> {
    let lang = ctx.lang;
    let keymap_path = ctx
        .config_path
        .as_ref()
        .map(|p| p.with_file_name("keymap.toml"));
    let keymap = match &keymap_path {
        Some(p) => crate::tui::keymap::Keymap::load(p)
            .map_err(|e| AppError::Invalid(msg!("cli-keymap-error", error = e.to_string())))?,
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
