//! `verkstad`: parse arguments, set up logging to a file, run the command.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use verkstad::app::ErrorKind;
use verkstad::cli::{self, Cli, Context};
use verkstad::domain::Lang;
use verkstad::t;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = match Context::resolve(&cli) {
        Ok(ctx) => ctx,
        Err((lang, e)) => return fail(lang, &e),
    };
    init_logging(&ctx);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = cli::run(&cli, &ctx, &mut out);
    let _ = out.flush();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(ctx.lang, &e),
    }
}

fn fail(lang: Lang, e: &verkstad::app::AppError) -> ExitCode {
    tracing::warn!(error = %e, "command failed");
    eprintln!("{} {}", t!(lang, "cli-error-prefix"), e.message(lang));
    match e.kind() {
        ErrorKind::Input => ExitCode::from(2),
        ErrorKind::Other => ExitCode::from(1),
    }
}

/// Log to `<database>.log` beside the database, never to the terminal. Logging that cannot be set
/// up is skipped silently: it must never stop the counter.
fn init_logging(ctx: &Context) {
    let path = ctx.db.with_extension("log");
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = std::fs::create_dir_all(dir);
    }
    let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
    else {
        return;
    };
    let level = match std::env::var("VERKSTAD_LOG").as_deref() {
        Ok("debug") => tracing::Level::DEBUG,
        Ok("trace") => tracing::Level::TRACE,
        Ok("warn") => tracing::Level::WARN,
        _ => tracing::Level::INFO,
    };
    let _ = tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_max_level(level)
        .try_init();
}
