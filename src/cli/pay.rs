//! `verkstad pay …` and `verkstad sandbox`.

use std::io::Write;
use std::path::PathBuf;

use super::{Context, block_on, io_err};
use crate::app::pay::SendOutcome;
use crate::app::workshop::ProviderInfo;
use crate::app::{AppError, Workshop, provider};
use crate::domain::columns::format_time;
use crate::domain::payment::PaymentState;
use crate::domain::{Lang, Mobile};

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
        let name = info.name;
        eprintln!(
            "{} ({url})",
            match lang {
                Lang::Sv => format!("SANDLÅDA – inga riktiga pengar, {name}-sandlådan"),
                Lang::En => format!("SANDBOX – no real money, the {name} sandbox"),
            }
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
                        let mut t = match lang {
                            Lang::Sv => format!(
                                "SMS skickat till {}: {} kr att betala för order {}. Ordern är låst (MOBILBET).",
                                national(&attempt.mobile),
                                attempt.amount,
                                order.nr
                            ),
                            Lang::En => format!(
                                "SMS sent to {}: {} kr to pay for order {}. The order is locked (MOBILBET).",
                                national(&attempt.mobile),
                                attempt.amount,
                                order.nr
                            ),
                        };
                        if let Some(url) = &attempt.customer_url {
                            t.push_str(&format!("\n{} {url}", lang.pick("Länk:", "Link:")));
                        }
                        if let Some(note) = note {
                            t.push('\n');
                            t.push_str(&note);
                        }
                        t
                    }
                    SendOutcome::AlreadySent { attempt } => match lang {
                        Lang::Sv => format!(
                            "Betalnings-SMS är redan skickat till {} ({} kr) – inget nytt SMS skickades.",
                            national(&attempt.mobile),
                            attempt.amount
                        ),
                        Lang::En => format!(
                            "The payment SMS was already sent to {} ({} kr) – no new SMS was sent.",
                            national(&attempt.mobile),
                            attempt.amount
                        ),
                    },
                }
            }
            PayJob::Check(nr) => {
                let c = shop.check(nr).await?;
                let mut t = format!("Order {nr}: {}", c.state.label(lang));
                if c.state == PaymentState::Paid {
                    if let Some(m) = &c.method {
                        t.push_str(&format!(" ({m})"));
                    }
                    if let Some(at) = c.order.payment_received_at {
                        t.push_str(&format!(" {}", format_time(at)));
                    }
                    t.push_str(&match lang {
                        Lang::Sv => "\nBetalsätt MOBIL, Betalning mottagen ✓".to_string(),
                        Lang::En => "\nPayment method MOBIL, Payment received ✓".to_string(),
                    });
                }
                t
            }
            PayJob::Cancel(nr) => {
                let c = shop.cancel(nr).await?;
                let mut t = match (c.link_cancelled, lang) {
                    (false, Lang::Sv) => format!("Order {nr} är öppen igen ({}).", c.order.status),
                    (false, Lang::En) => format!("Order {nr} is open again ({}).", c.order.status),
                    (true, Lang::Sv) => format!(
                        "Betalnings-SMS annullerat: länken kan inte längre användas. Order {nr} är öppen igen ({}).",
                        c.order.status
                    ),
                    (true, Lang::En) => format!(
                        "Payment SMS cancelled: the link can no longer be used. Order {nr} is open again ({}).",
                        c.order.status
                    ),
                };
                if c.refunded.ore() > 0 {
                    t.push_str(&match lang {
                        Lang::Sv => format!("\n{} kr återbetalas till kunden.", c.refunded),
                        Lang::En => format!("\n{} kr is refunded to the customer.", c.refunded),
                    });
                }
                t
            }
            PayJob::Settle(nr) => {
                let done = shop.settle(nr).await?;
                if done.is_empty() {
                    match lang {
                        Lang::Sv => format!("Inget väntar hos {} för order {nr}.", info.name),
                        Lang::En => format!("Nothing is pending at {} for order {nr}.", info.name),
                    }
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
                    lang.pick(
                        "Inga ordrar väntar på mobilbetalning.",
                        "No orders wait for a mobile payment.",
                    )
                    .to_string()
                } else {
                    results
                        .iter()
                        .map(|(nr, r)| match r {
                            Ok(c) if c.newly_paid => format!(
                                "{nr}: {} – {}",
                                c.state.label(lang),
                                lang.pick("Betalning mottagen ✓", "Payment received ✓")
                            ),
                            Ok(c) => format!("{nr}: {}", c.state.label(lang)),
                            Err(e) => {
                                format!("{nr}: {} {}", lang.pick("fel:", "error:"), e.message(lang))
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                }
            }
            PayJob::Listen => {
                let port = callback_port.unwrap_or(DEFAULT_CALLBACK_PORT);
                let (server, mut ids) = shop.callback_listener(port).await?;
                let name = info.name;
                eprintln!(
                    "{} {}/callbacks/… – Ctrl+C",
                    match lang {
                        Lang::Sv => format!("Tar emot {name}-anrop på"),
                        Lang::En => format!("Receiving {name} callbacks at"),
                    },
                    server.base_url()
                );
                loop {
                    tokio::select! {
                        _ = tokio::signal::ctrl_c() => break,
                        Some(id) = ids.recv() => match shop.on_callback(&id).await {
                            Ok(Some(c)) => {
                                let paid = if c.newly_paid { lang.pick(" – Betalning mottagen ✓", " – Payment received ✓") } else { "" };
                                let _ = writeln!(out, "{}: {}{paid}", c.order.nr, c.state.label(lang));
                            }
                            Ok(None) => {}
                            Err(e) => eprintln!("{} {}", lang.pick("fel:", "error:"), e.message(lang)),
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
                    t.push_str(lang.pick("Inga betalningsförsök.\n", "No payment attempts.\n"));
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
        let stop = match (idle_exit, lang) {
            (None, Lang::Sv) => "Avsluta med Ctrl+C.".to_string(),
            (None, Lang::En) => "Stop with Ctrl+C.".to_string(),
            (Some(s), Lang::Sv) => {
                format!("Avslutas av sig själv efter {s} s utan anrop, eller med Ctrl+C.")
            }
            (Some(s), Lang::En) => {
                format!("Stops by itself after {s} s without a request, or with Ctrl+C.")
            }
        };
        println!(
            "{}",
            match lang {
                Lang::Sv => format!(
                    "Resurs-sandlådan lyssnar på {url} (process {pid}, tillstånd: {}).\nSMS: {url}/_sim/outbox/sms   Kundsida: {url}/pay/<id>\n{stop}",
                    state.display()
                ),
                Lang::En => format!(
                    "The Resurs sandbox listens on {url} (process {pid}, state: {}).\nSMS: {url}/_sim/outbox/sms   Customer page: {url}/pay/<id>\n{stop}",
                    state.display()
                ),
            }
        );
        tokio::select! {
            _ = interrupted() => {}
            _ = handle.stopped() => {
                let secs = idle_exit.unwrap_or_default();
                println!("{}", match lang {
                    Lang::Sv => format!("Sandlådan avslutas: ingen har anropat den på {secs} s, eller dess tillståndsfil är borttagen."),
                    Lang::En => format!("The sandbox stops: nobody called it for {secs} s, or its state file was removed."),
                });
            }
        }
        handle.shutdown().await;
        Ok(())
    })?
}
