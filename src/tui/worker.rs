//! The worker: everything slow (SQLite, the payment provider) runs here, on the tokio runtime, never on the
//! UI thread. Results go back to the UI as [`Event`]s.

use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use super::model::{CustomerChoice, Effect, Event};
use crate::app::config::Books;
use crate::app::ledger;
use crate::app::pay::{Payments, SendOutcome};
use crate::app::{AppError, mark_complete, provider};
use crate::domain::{Column, Lang};
use crate::payments::PaymentState;
use crate::store::Database;
use crate::store::{ListQuery, Store};

/// What the worker needs.
pub struct WorkerContext {
    pub store: Arc<Mutex<Database>>,
    pub payments: Arc<Payments>,
    pub lang: Lang,
    pub config_path: Option<PathBuf>,
    /// How often waiting payments are checked in the background.
    pub sync_every: Duration,
    /// Company, chart and accounts for booking.
    pub books: Books,
    /// Booking a MOBIL order captures at the provider (automatic capture off).
    pub capture: bool,
    /// Where printouts are written.
    pub print_dir: PathBuf,
}

/// The UI's handle: send effects.
#[derive(Clone)]
pub struct Worker {
    effects: mpsc::UnboundedSender<Effect>,
    list: Arc<watch::Sender<Option<(ListQuery, u64)>>>,
}

impl Worker {
    pub fn send(&self, effect: Effect) {
        match effect {
            // Only the newest list query matters: older ones are skipped.
            Effect::LoadList { query, generation } => {
                let _ = self.list.send(Some((query, generation)));
            }
            other => {
                let _ = self.effects.send(other);
            }
        }
    }
}

fn lock(store: &Mutex<Database>) -> std::sync::MutexGuard<'_, Database> {
    store.lock().unwrap_or_else(|p| p.into_inner())
}

/// Start the worker's tasks on `rt`.
pub fn spawn(rt: &tokio::runtime::Handle, ctx: WorkerContext, events: Sender<Event>) -> Worker {
    let (tx, mut rx) = mpsc::unbounded_channel::<Effect>();
    let (list_tx, mut list_rx) = watch::channel::<Option<(ListQuery, u64)>>(None);
    let ctx = Arc::new(ctx);

    // Filter-as-you-type searches the customers' and vehicles' texts in memory.
    {
        let store = Arc::clone(&ctx.store);
        rt.spawn_blocking(move || {
            if let Err(e) = lock(&store).use_search_index() {
                tracing::warn!(error = %e, "search index not loaded; the list uses SQL");
            }
        });
    }

    // The list: newest query wins.
    {
        let ctx = Arc::clone(&ctx);
        let events = events.clone();
        rt.spawn(async move {
            while list_rx.changed().await.is_ok() {
                let Some((query, generation)) = list_rx.borrow_and_update().clone() else {
                    continue;
                };
                let store = Arc::clone(&ctx.store);
                let rows =
                    tokio::task::spawn_blocking(move || lock(&store).list_orders(&query)).await;
                match rows {
                    Ok(Ok(rows)) => {
                        let _ = events.send(Event::ListLoaded { rows, generation });
                    }
                    Ok(Err(e)) => {
                        let _ = events.send(Event::Done {
                            text: e.message(ctx.lang),
                            error: true,
                        });
                    }
                    Err(_) => {}
                }
            }
        });
    }

    // Background sync: payments confirmed while nobody pressed Ctrl+L show up by themselves.
    {
        let ctx = Arc::clone(&ctx);
        let events = events.clone();
        rt.spawn(async move {
            // The first tick is at once: a send whose outcome is unknown (a crash or a quit
            // during the call) is resolved by its reference when the counter starts.
            let mut every = tokio::time::interval(ctx.sync_every);
            loop {
                every.tick().await;
                if let Ok(results) = ctx.payments.sync().await {
                    for (nr, r) in results {
                        if matches!(r, Ok(c) if c.newly_paid) {
                            let _ = events.send(Event::Changed(nr));
                        }
                    }
                }
            }
        });
    }

    // Everything else, each effect in its own task.
    {
        let handle = rt.clone();
        rt.spawn(async move {
            while let Some(effect) = rx.recv().await {
                let ctx = Arc::clone(&ctx);
                let events = events.clone();
                handle.spawn(async move {
                    let changed = match &effect {
                        Effect::Send(nr)
                        | Effect::Check(nr)
                        | Effect::Cancel(nr)
                        | Effect::MarkComplete(nr)
                        | Effect::SaveLine { nr, .. }
                        | Effect::DeleteLine { nr, .. }
                        | Effect::ActAsCustomer { nr, .. }
                        | Effect::Book { nr, .. }
                        | Effect::Credit { nr, .. }
                        | Effect::Settle(nr) => Some(*nr),
                        _ => None,
                    };
                    let mut out = run(&ctx, effect).await;
                    // The changed order comes before the message, so that the screen never
                    // shows the message over the old state (and the next key sees the new one).
                    if let Some(nr) = changed {
                        let mut loaded = run(&ctx, Effect::LoadOrder(nr)).await;
                        loaded.retain(|e| {
                            matches!(e, Event::OrderLoaded(..) | Event::InvoicesLoaded(..))
                        });
                        loaded.append(&mut out);
                        out = loaded;
                    }
                    for ev in out {
                        let _ = events.send(ev);
                    }
                });
            }
        });
    }
    Worker {
        effects: tx,
        list: Arc::new(list_tx),
    }
}

fn done(text: String) -> Vec<Event> {
    vec![Event::Done { text, error: false }]
}

fn failed(e: &AppError, lang: Lang) -> Vec<Event> {
    vec![Event::Done {
        text: e.message(lang),
        error: true,
    }]
}

async fn run(ctx: &WorkerContext, effect: Effect) -> Vec<Event> {
    let lang = ctx.lang;
    match effect {
        Effect::LoadList { .. } => Vec::new(),
        Effect::LoadOrder(nr) => {
            let store = Arc::clone(&ctx.store);
            let loaded = tokio::task::spawn_blocking(move || {
                let s = lock(&store);
                Ok::<_, AppError>((
                    s.order(nr)?,
                    s.payment_attempts(nr)?,
                    s.invoices_of_order(nr)?,
                ))
            })
            .await;
            match loaded {
                Ok(Ok((Some(d), attempts, invoices))) => vec![
                    Event::OrderLoaded(Box::new(d), attempts),
                    Event::InvoicesLoaded(nr, invoices),
                ],
                Ok(Ok((None, _, _))) => {
                    failed(&crate::store::StoreError::OrderNotFound(nr).into(), lang)
                }
                Ok(Err(e)) => failed(&e, lang),
                Err(_) => Vec::new(),
            }
        }
        Effect::Send(nr) => match ctx.payments.send(nr).await {
            Ok(sent @ SendOutcome::Sent { .. }) => {
                let note = sent.replaced_note(lang);
                let mobile = match &sent {
                    SendOutcome::Sent { attempt, .. } | SendOutcome::AlreadySent { attempt } => {
                        national(&attempt.mobile)
                    }
                };
                let text = match lang {
                    Lang::Sv => format!("SMS skickat till {mobile} – ordern är låst (MOBILBET)"),
                    Lang::En => format!("SMS sent to {mobile} – the order is locked (MOBILBET)"),
                };
                done(match note {
                    Some(note) => format!("{note} {text}"),
                    None => text,
                })
            }
            Ok(SendOutcome::AlreadySent { attempt }) => done(match lang {
                Lang::Sv => format!(
                    "Betalnings-SMS är redan skickat till {}",
                    national(&attempt.mobile)
                ),
                Lang::En => format!(
                    "The payment SMS was already sent to {}",
                    national(&attempt.mobile)
                ),
            }),
            Err(e) => failed(&e, lang),
        },
        Effect::Check(nr) => match ctx.payments.check(nr).await {
            Ok(c) if c.state == PaymentState::Paid => {
                let method = c.method.map(|m| format!(" ({m})")).unwrap_or_default();
                let at = c
                    .paid_at
                    .map(crate::domain::columns::format_time)
                    .unwrap_or_default();
                done(match lang {
                    Lang::Sv => {
                        format!("Betald{method} {at} – betalsätt MOBIL, Betalning mottagen ✓")
                    }
                    Lang::En => {
                        format!("Paid{method} {at} – payment method MOBIL, Payment received ✓")
                    }
                })
            }
            Ok(c) => vec![Event::Done {
                text: c.state.label(lang).to_string(),
                error: matches!(c.state, PaymentState::Rejected | PaymentState::Expired),
            }],
            Err(e) => failed(&e, lang),
        },
        Effect::Cancel(nr) => match ctx.payments.cancel(nr).await {
            Ok(c) if c.refunded.ore() > 0 => done(match lang {
                Lang::Sv => format!(
                    "Betalnings-SMS annullerat, {} kr återbetalas – ordern är öppen (KLART)",
                    c.refunded
                ),
                Lang::En => format!(
                    "Payment SMS cancelled, {} kr is refunded – the order is open (KLART)",
                    c.refunded
                ),
            }),
            Ok(c) if !c.link_cancelled => done(match lang {
                Lang::Sv => format!("Order {nr} är öppen igen (KLART)"),
                Lang::En => format!("Order {nr} is open again (KLART)"),
            }),
            Ok(_) => done(
                lang.pick(
                    "Betalnings-SMS annullerat – länken kan inte användas, ordern är öppen (KLART)",
                    "Payment SMS cancelled – the link cannot be used, the order is open (KLART)",
                )
                .to_string(),
            ),
            Err(e) => failed(&e, lang),
        },
        Effect::MarkComplete(nr) => {
            let store = Arc::clone(&ctx.store);
            let actor = ctx.payments_actor();
            match tokio::task::spawn_blocking(move || mark_complete(&*lock(&store), &actor, nr))
                .await
            {
                Ok(Ok(o)) => done(match lang {
                    Lang::Sv => format!("Order {} är KLART", o.nr),
                    Lang::En => format!("Order {} is KLART (complete)", o.nr),
                }),
                Ok(Err(e)) => failed(&e, lang),
                Err(_) => Vec::new(),
            }
        }
        Effect::Book { nr, method } => book(ctx, nr, method).await,
        Effect::Credit { nr, lines } => credit(ctx, nr, lines).await,
        Effect::Settle(nr) => match ctx.payments.settle(nr).await {
            Ok(done) if done.is_empty() => {
                let name = ctx.payments.provider().name();
                self::done(match lang {
                    Lang::Sv => format!("Inget väntar hos {name}"),
                    Lang::En => format!("Nothing is pending at {name}"),
                })
            }
            Ok(done) => self::done(settled_text(&done, lang)),
            Err(e) => failed(&e, lang),
        },
        Effect::Print(nr) => {
            let store = Arc::clone(&ctx.store);
            let dir = ctx.print_dir.clone();
            match tokio::task::spawn_blocking(move || {
                let store = lock(&store);
                let doc = ledger::document(&*store, nr, None)?;
                let kind = store.installation()?.kind;
                ledger::write_printout(&doc.invoice, &dir, lang, kind)
            })
            .await
            {
                Ok(Ok((pdf, _txt))) => done(match lang {
                    Lang::Sv => format!("Utskrift sparad: {}", pdf.display()),
                    Lang::En => format!("Printout saved: {}", pdf.display()),
                }),
                Ok(Err(e)) => failed(&e, lang),
                Err(_) => Vec::new(),
            }
        }
        Effect::LoadDayReport(date) => {
            let store = Arc::clone(&ctx.store);
            let date = date.unwrap_or_else(|| chrono::Local::now().date_naive());
            match tokio::task::spawn_blocking(move || ledger::day_report(&*lock(&store), date))
                .await
            {
                Ok(Ok(r)) => vec![Event::DayReportLoaded(Box::new(r))],
                Ok(Err(e)) => failed(&e, lang),
                Err(_) => Vec::new(),
            }
        }
        Effect::SaveColumns(cols) => match save_columns(ctx.config_path.as_deref(), &cols) {
            Ok(()) => Vec::new(),
            Err(text) => vec![Event::Done { text, error: true }],
        },
        Effect::ActAsCustomer { nr, choice } => act_as_customer(ctx, nr, choice).await,
        Effect::CreateOrder(input) => {
            let store = Arc::clone(&ctx.store);
            let actor = ctx.payments_actor();
            let today = chrono::Local::now().date_naive();
            let created = tokio::task::spawn_blocking(move || {
                let s = lock(&store);
                let nr = crate::app::orders::create_order(&*s, &actor, &input, today)?;
                Ok::<_, AppError>((nr, s.order(nr)?))
            })
            .await;
            match created {
                Ok(Ok((nr, Some(d)))) => vec![
                    Event::OrderLoaded(Box::new(d), Vec::new()),
                    Event::Done {
                        text: match lang {
                            Lang::Sv => format!("Order {nr} skapad – Insert lägger till rader"),
                            Lang::En => format!("Order {nr} created – Insert adds lines"),
                        },
                        error: false,
                    },
                ],
                Ok(Ok((_, None))) | Err(_) => Vec::new(),
                Ok(Err(e)) => failed(&e, lang),
            }
        }
        Effect::SaveLine {
            nr,
            version,
            index,
            input,
        } => {
            let store = Arc::clone(&ctx.store);
            let actor = ctx.payments_actor();
            match tokio::task::spawn_blocking(move || {
                crate::app::orders::save_line(&*lock(&store), &actor, nr, version, index, &input)
            })
            .await
            {
                Ok(Ok(_)) => done(lang.pick("Raden är sparad", "The line is saved").into()),
                Ok(Err(e)) => failed(&e, lang),
                Err(_) => Vec::new(),
            }
        }
        Effect::DeleteLine { nr, version, index } => {
            let store = Arc::clone(&ctx.store);
            let actor = ctx.payments_actor();
            match tokio::task::spawn_blocking(move || {
                crate::app::orders::delete_line(&*lock(&store), &actor, nr, version, index)
            })
            .await
            {
                Ok(Ok(_)) => done(
                    lang.pick("Raden är borttagen", "The line is deleted")
                        .into(),
                ),
                Ok(Err(e)) => failed(&e, lang),
                Err(_) => Vec::new(),
            }
        }
    }
}

fn settled_text(done: &[crate::app::pay::Settled], lang: Lang) -> String {
    done.iter()
        .map(|s| s.text(lang))
        .collect::<Vec<_>>()
        .join("; ")
}

/// `text`, then the provider work of the order done at once (the message says how it went).
async fn then_settle(ctx: &WorkerContext, nr: i64, text: String) -> Vec<Event> {
    match ctx.payments.settle(nr).await {
        Ok(done) => self::done(format!("{text}; {}", settled_text(&done, ctx.lang))),
        Err(e) => vec![Event::Done {
            text: format!("{text}; {}", e.message(ctx.lang)),
            error: true,
        }],
    }
}

/// "Bokför", then what the provider must do (capture) at once.
async fn book(
    ctx: &WorkerContext,
    nr: i64,
    method: Option<crate::domain::PaymentMethod>,
) -> Vec<Event> {
    let lang = ctx.lang;
    let store = Arc::clone(&ctx.store);
    let actor = ctx.payments_actor();
    let books = ctx.books.clone();
    let capture = ctx.capture;
    let booked = tokio::task::spawn_blocking(move || {
        ledger::book(&*lock(&store), &actor, &books, nr, method, capture)
    })
    .await;
    let b = match booked {
        Ok(Ok(b)) => b,
        Ok(Err(e)) => return failed(&e, lang),
        Err(_) => return Vec::new(),
    };
    let inv = &b.invoice.invoice;
    let text = match lang {
        Lang::Sv => format!(
            "Bokförd: faktura {} ({}), {} kr – Ctrl+T skriver ut",
            inv.no, inv.method, inv.to_pay
        ),
        Lang::En => format!(
            "Booked: invoice {} ({}), {} kr – Ctrl+T prints",
            inv.no, inv.method, inv.to_pay
        ),
    };
    if b.invoice.pending().is_some() {
        return then_settle(ctx, nr, text).await;
    }
    done(text)
}

/// "Kreditera"; a partial credit of a mobile payment is refunded at once, a full one when the
/// order is opened again.
async fn credit(ctx: &WorkerContext, nr: i64, lines: Option<Vec<usize>>) -> Vec<Event> {
    let lang = ctx.lang;
    let store = Arc::clone(&ctx.store);
    let actor = ctx.payments_actor();
    let books = ctx.books.clone();
    let credited = tokio::task::spawn_blocking(move || {
        ledger::credit(&*lock(&store), &actor, &books, nr, lines.as_deref())
    })
    .await;
    let c = match credited {
        Ok(Ok(c)) => c,
        Ok(Err(e)) => return failed(&e, lang),
        Err(_) => return Vec::new(),
    };
    let inv = &c.invoice.invoice;
    let refund = c.invoice.pending().is_some();
    // Money going back to the customer is said as a positive amount to pay back.
    let mut text = match lang {
        Lang::Sv => format!(
            "Kreditfaktura {}: att återbetala {} kr",
            inv.no, -inv.to_pay
        ),
        Lang::En => format!("Credit invoice {}: {} kr to pay back", inv.no, -inv.to_pay),
    };
    if c.order.status == crate::domain::Status::Credited {
        let name = ctx.payments.provider().name();
        text.push_str(&if refund {
            match lang {
                Lang::Sv => format!(" – Ctrl+U öppnar ordern och återbetalar kunden via {name}"),
                Lang::En => {
                    format!(" – Ctrl+U reopens the order and refunds the customer through {name}")
                }
            }
        } else {
            lang.pick(
                " – Ctrl+U öppnar ordern igen",
                " – Ctrl+U reopens the order",
            )
            .to_string()
        });
    } else if refund {
        return then_settle(ctx, nr, text).await;
    }
    done(text)
}

impl WorkerContext {
    fn payments_actor(&self) -> String {
        self.payments.actor().to_string()
    }
}

fn national(mobile: &str) -> String {
    crate::domain::Mobile::parse(mobile)
        .map(|m| m.display())
        .unwrap_or_else(|_| mobile.to_string())
}

/// Save the chosen list columns in config.toml, keeping everything else in the file as it was.
pub fn save_columns(path: Option<&std::path::Path>, cols: &[Column]) -> Result<(), String> {
    let Some(path) = path else {
        return Ok(());
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let mut array = toml_edit::Array::new();
    for c in cols {
        array.push(c.key());
    }
    if !doc.contains_table("list") {
        doc["list"] = toml_edit::table();
    }
    doc["list"]["columns"] = toml_edit::value(array);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, doc.to_string()).map_err(|e| format!("{}: {e}", path.display()))
}

async fn act_as_customer(ctx: &WorkerContext, nr: i64, choice: CustomerChoice) -> Vec<Event> {
    let lang = ctx.lang;
    let choice = match choice {
        CustomerChoice::Direct => provider::CustomerChoice::PayNow,
        CustomerChoice::PartPayment => provider::CustomerChoice::PartPayment,
        CustomerChoice::Invoice => provider::CustomerChoice::Invoice,
        CustomerChoice::Decline => provider::CustomerChoice::Decline,
    };
    match provider::act_as_customer(&ctx.payments, nr, choice).await {
        Ok(provider::CustomerActed::Declined) => done(
            lang.pick(
                "Kunden avböjde (sandlåda) – Ctrl+L visar det",
                "The customer declined (sandbox) – Ctrl+L shows it",
            )
            .into(),
        ),
        Ok(provider::CustomerActed::Paid) => done(
            lang.pick(
                "Kunden har betalat i sandlådan – tryck Ctrl+L för att kontrollera",
                "The customer paid in the sandbox – press Ctrl+L to check",
            )
            .into(),
        ),
        Err(e) => failed(&e, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_saved_and_the_rest_of_the_file_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "# min kommentar\nlang = \"sv\"\n").unwrap();
        save_columns(
            Some(&path),
            &[
                Column::Nr,
                Column::PaymentReceived,
                Column::PaymentReceivedAt,
            ],
        )
        .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("# min kommentar"));
        let c = crate::app::config::Config::load(&path).unwrap();
        assert_eq!(
            c.list_columns(),
            vec![
                Column::Nr,
                Column::PaymentReceived,
                Column::PaymentReceivedAt
            ]
        );
        assert_eq!(c.lang(), Some(Lang::Sv));
    }
}
