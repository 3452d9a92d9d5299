//! `verkstad pay …` and `verkstad sandbox`.

use std::io::Write;
use std::path::PathBuf;

use super::{Context, block_on, io_err};
use crate::app::pay::SendOutcome;
use crate::app::workshop::ProviderInfo;
use crate::app::{AppError, Workshop, provider};
use crate::domain::columns::format_time;
use crate::domain::payment::{PayChoice, PaymentState};
use crate::domain::{Lang, Mobile};
use crate::t;

/// Where `pay listen` takes callbacks unless `[payments] callback_port` says otherwise.
pub const DEFAULT_CALLBACK_PORT: u16 = 9401;

/// A pay subcommand with its order number checked.
pub enum PayJob {
    Send(i64),
    Check(i64),
    Cancel(i64),
    Sync,
    Log(i64),
    Listen,
    Settle(i64),
    Setup,
}

fn national(mobile: &str) -> String {
    Mobile::parse(mobile)
        .map(|m| m.display())
        .unwrap_or_else(|_| mobile.to_string())
}

/// Say on stderr when payments go to a sandbox: no real money.
pub fn sandbox_notice(info: &ProviderInfo, lang: Lang) {
    if let Some(url) = &info.sandbox_url {
        eprintln!(
            "{}",
            t!(lang, "cli-sandbox-notice", name = info.name, url = url)
        );
    }
}

pub fn run(
    job: PayJob,
    shop: &Workshop,
    ctx: &Context,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let lang = ctx.lang;
    block_on(async {
        let info = shop.provider_info().await?;
        sandbox_notice(&info, lang);
        if let PayJob::Setup = job {
            let text = shop.pay_setup(lang).await?;
            return writeln!(out, "{text}").map_err(io_err);
        }
        let callback_port = ctx.config.payments.callback_port;
        let text = match job {
            PayJob::Send(nr) => {
                let outcome = shop.send(nr).await?;
                let note = outcome.replaced_note(lang);
                match outcome {
                    SendOutcome::Sent { attempt, order, .. } => {
                        let mut t = t!(
                            lang,
                            "cli-pay-sent",
                            mobile = national(&attempt.mobile),
                            amount = attempt.amount.to_string(),
                            nr = order.nr
                        );
                        if let Some(url) = &attempt.customer_url {
                            t.push('\n');
                            t.push_str(&t!(lang, "cli-pay-link", url = url));
                        }
                        if let Some(note) = note {
                            t.push('\n');
                            t.push_str(&note);
                        }
                        t
                    }
                    SendOutcome::AlreadySent { attempt } => t!(
                        lang,
                        "cli-pay-already-sent",
                        mobile = national(&attempt.mobile),
                        amount = attempt.amount.to_string()
                    ),
                }
            }
            PayJob::Check(nr) => {
                let c = shop.check(nr).await?;
                let mut t = format!("Order {nr}: {}", c.state.label(lang));
                if c.state == PaymentState::Paid {
                    if let Some(m) = &c.method {
                        t.push_str(&format!(" ({})", PayChoice::show(m, lang)));
                    }
                    if let Some(at) = c.order.payment_received_at {
                        t.push_str(&format!(" {}", format_time(at)));
                    }
                    t.push('\n');
                    t.push_str(&t!(lang, "cli-pay-paid-mobile"));
                }
                t
            }
            PayJob::Cancel(nr) => {
                let c = shop.cancel(nr).await?;
                let status = c.order.status.to_string();
                let mut t = if c.link_cancelled {
                    t!(lang, "cli-pay-link-cancelled", nr = nr, status = status)
                } else {
                    t!(lang, "cli-pay-reopened", nr = nr, status = status)
                };
                if c.refunded.ore() > 0 {
                    t.push('\n');
                    t.push_str(&t!(
                        lang,
                        "cli-pay-refunded",
                        amount = c.refunded.to_string()
                    ));
                }
                t
            }
            PayJob::Settle(nr) => {
                let done = shop.settle(nr).await?;
                if done.is_empty() {
                    t!(
                        lang,
                        "cli-pay-nothing-pending",
                        provider = info.name,
                        nr = nr
                    )
                } else {
                    done.iter()
                        .map(|s| format!("{}.", s.text(lang)))
                        .collect::<Vec<_>>()
                        .join("\n")
                }
            }
            PayJob::Sync => {
                let results = shop.sync().await?;
                if results.is_empty() {
                    t!(lang, "cli-pay-none-waiting")
                } else {
                    results
                        .iter()
                        .map(|(nr, r)| match r {
                            Ok(c) if c.newly_paid => format!(
                                "{nr}: {} – {}",
                                c.state.label(lang),
                                t!(lang, "cli-pay-received")
                            ),
                            Ok(c) => format!("{nr}: {}", c.state.label(lang)),
                            Err(e) => {
                                format!(
                                    "{nr}: {} {}",
                                    t!(lang, "cli-error-prefix"),
                                    e.message(lang)
                                )
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                }
            }
            PayJob::Listen => {
                let port = callback_port.unwrap_or(DEFAULT_CALLBACK_PORT);
                let (server, mut ids) = shop.callback_listener(port).await?;
                eprintln!(
                    "{}",
                    t!(
                        lang,
                        "cli-pay-listening",
                        name = info.name,
                        url = server.base_url().to_string()
                    )
                );
                loop {
                    tokio::select! {
                        _ = tokio::signal::ctrl_c() => break,
                        Some(id) = ids.recv() => match shop.on_callback(&id).await {
                            Ok(Some(c)) => {
                                let paid = if c.newly_paid { format!(" – {}", t!(lang, "cli-pay-received")) } else { String::new() };
                                let _ = writeln!(out, "{}: {}{paid}", c.order.nr, c.state.label(lang));
                            }
                            Ok(None) => {}
                            Err(e) => eprintln!("{} {}", t!(lang, "cli-error-prefix"), e.message(lang)),
                        },
                    }
                }
                server.shutdown().await;
                String::new()
            }
            PayJob::Setup => unreachable!("answered above"),
            PayJob::Log(nr) => {
                let log = shop.payment_log(nr).await?;
                let mut t = String::new();
                for (a, calls) in &log.attempts {
                    t.push_str(&format!(
                        "{}  {}  {} kr  {}  {}  {}\n",
                        a.order_reference,
                        a.state.code(),
                        a.amount,
                        national(&a.mobile),
                        a.provider_payment_id.as_deref().unwrap_or("-"),
                        a.payment_state.map_or("-", |s| s.code()),
                    ));
                    for c in calls {
                        t.push_str(&format!(
                            "    {} {} {} {}\n",
                            c.kind.code(),
                            c.state.code(),
                            c.transaction_id.as_deref().unwrap_or(""),
                            c.error.as_deref().unwrap_or("")
                        ));
                    }
                }
                if log.attempts.is_empty() {
                    t.push_str(&t!(lang, "cli-pay-no-attempts"));
                    t.push('\n');
                }
                t.push('\n');
                for e in &log.events {
                    t.push_str(&format!(
                        "{}  {:<10} {:<8} {:<12} {}\n",
                        format_time(e.at),
                        e.actor,
                        e.entity,
                        e.entity_key,
                        e.action
                    ));
                }
                t.trim_end().to_string()
            }
        };
        if text.is_empty() {
            return Ok(());
        }
        writeln!(out, "{text}").map_err(io_err)
    })?
}

/// Resolves on Ctrl+C, or on SIGTERM (how a detached sandbox is told to stop).
async fn interrupted() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// `verkstad sandbox`: serve the Resurs sandbox on 127.0.0.1 until Ctrl+C (or SIGTERM), or with
/// `idle_exit` until that many seconds pass without a request.
pub fn serve_sandbox(
    port: u16,
    state: PathBuf,
    idle_exit: Option<u64>,
    lang: Lang,
) -> Result<(), AppError> {
    block_on(async {
        let handle = provider::serve_sandbox(port, state.clone(), idle_exit).await?;
        let url = handle.base_url();
        let pid = std::process::id();
        let stop = match idle_exit {
            None => t!(lang, "cli-sandbox-stop"),
            Some(secs) => t!(lang, "cli-sandbox-stop-idle", secs = secs),
        };
        println!(
            "{}\n{stop}",
            t!(
                lang,
                "cli-sandbox-listening",
                url = url.to_string(),
                pid = pid,
                state = state.display().to_string()
            )
        );
        tokio::select! {
            _ = interrupted() => {}
            _ = handle.stopped() => {
                let secs = idle_exit.unwrap_or_default();
                println!("{}", t!(lang, "cli-sandbox-stopped", secs = secs));
            }
        }
        handle.shutdown().await;
        Ok(())
    })?
}
