//! The worker: everything slow (SQLite, the payment provider) runs here, on the tokio runtime, never on the
//! UI thread. Results go back to the UI as [`Event`]s.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use super::model::{CustomerChoice, Effect, Event};
use crate::app::pay::{SendOutcome, Settled};
use crate::app::provider::{self, CustomerActed};
use crate::app::{AppError, ListQuery, Workshop};
use crate::domain::Lang;
use crate::domain::payment::{PayChoice, PaymentState};
use crate::t;

mod print;
pub mod reconcile;
pub mod refunds;
mod reports;

/// What the worker needs.
pub struct WorkerContext {
    /// Every effect is a use case of the workshop.
    pub workshop: Workshop,
    pub lang: Lang,
    /// How often waiting payments are checked in the background.
    pub sync_every: Duration,
    /// How often the disputes register is synced in the background (only while any invoice is
    /// booked as KLARNA).
    pub disputes_every: Duration,
}

/// The UI's handle: send effects.
#[derive(Clone)]
pub struct Worker {
    effects: mpsc::UnboundedSender<Effect>,
    list: Arc<watch::Sender<Option<(ListQuery, u64)>>>,
    count: Arc<watch::Sender<Option<ListQuery>>>,
}

/// A list query is counted once typing has paused this long (counting a broad filter at a
/// million orders takes longer than a keystroke's rows, and runs beside them).
const COUNT_AFTER: Duration = Duration::from_millis(150);

impl Worker {
    pub fn send(&self, effect: Effect) {
        match effect {
            // Only the newest list query matters: older ones are skipped.
            Effect::LoadList {
                query,
                generation,
                count,
            } => {
                if count {
                    // Counted again on every reload (orders come and go while the query
                    // stays), not when only more rows of the list are asked for.
                    let _ = self.count.send(Some(query.count_key()));
                }
                let _ = self.list.send(Some((query, generation)));
            }
            other => {
                let _ = self.effects.send(other);
            }
        }
    }
}

/// Run a store use case of the workshop off the async threads (SQLite blocks). A task that
/// panicked gives None: nothing is shown, as before.
pub(super) async fn blocking<T: Send + 'static>(
    workshop: &Workshop,
    f: impl FnOnce(&Workshop) -> crate::app::Result<T> + Send + 'static,
) -> Option<crate::app::Result<T>> {
    let workshop = workshop.clone();
    tokio::task::spawn_blocking(move || f(&workshop)).await.ok()
}

/// Start the worker's tasks on `rt`.
pub fn spawn(rt: &tokio::runtime::Handle, ctx: WorkerContext, events: super::Events) -> Worker {
    let (tx, mut rx) = mpsc::unbounded_channel::<Effect>();
    let (list_tx, mut list_rx) = watch::channel::<Option<(ListQuery, u64)>>(None);
    let (count_tx, mut count_rx) = watch::channel::<Option<ListQuery>>(None);
    let ctx = Arc::new(ctx);

    // Filter-as-you-type searches the customers' and vehicles' texts in memory.
    {
        let workshop = ctx.workshop.clone();
        rt.spawn_blocking(move || {
            if let Err(e) = workshop.use_search_index() {
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
                let rows = blocking(&ctx.workshop, move |w| w.list(&query)).await;
                match rows {
                    Some(Ok(rows)) => {
                        let _ = events.send(Event::ListLoaded { rows, generation });
                    }
                    Some(Err(e)) => {
                        let _ = events.send(Event::Done {
                            text: e.message(ctx.lang),
                            error: true,
                        });
                    }
                    None => {}
                }
            }
        });
    }

    // The list's count: the newest query, after typing pauses, beside the rows' queries.
    {
        let ctx = Arc::clone(&ctx);
        let events = events.clone();
        rt.spawn(async move {
            while count_rx.changed().await.is_ok() {
                tokio::time::sleep(COUNT_AFTER).await;
                if count_rx.has_changed().unwrap_or(false) {
                    continue;
                }
                let Some(query) = count_rx.borrow_and_update().clone() else {
                    continue;
                };
                let q = query.clone();
                match blocking(&ctx.workshop, move |w| w.count(&q)).await {
                    Some(Ok(count)) => {
                        let _ = events.send(Event::ListCounted { query, count });
                    }
                    Some(Err(e)) => {
                        tracing::warn!(error = %e.message(Lang::En), "the list could not be counted");
                    }
                    None => {}
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
                if let Ok(results) = ctx.workshop.sync().await {
                    for (nr, r) in results {
                        if matches!(r, Ok(c) if c.newly_paid) {
                            let _ = events.send(Event::Changed(nr));
                        }
                    }
                }
            }
        });
    }

    reports::spawn_dispute_sync(rt, Arc::clone(&ctx), events.clone());

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
                        | Effect::KlarnaReserve(nr)
                        | Effect::Check(nr)
                        | Effect::Cancel(nr)
                        | Effect::MarkComplete(nr)
                        | Effect::SaveLine { nr, .. }
                        | Effect::DeleteLine { nr, .. }
                        | Effect::ActAsCustomer { nr, .. }
                        | Effect::Book { nr, .. }
                        | Effect::Credit { nr, .. }
                        | Effect::Settle(nr) => Some(*nr),
                        Effect::SaveCustomer { nr, .. } => *nr,
                        _ => None,
                    };
                    let mut out = run(&ctx, effect).await;
                    // The changed order comes before the message, so that the screen never
                    // shows the message over the old state (and the next key sees the new one).
                    if let Some(nr) = changed {
                        let mut loaded = run(&ctx, Effect::LoadOrder(nr)).await;
                        loaded.retain(|e| {
                            matches!(
                                e,
                                Event::OrderLoaded(..)
                                    | Event::InvoicesLoaded(..)
                                    | Event::PausedLoaded(..)
                                    | Event::PaidLoaded(..)
                            )
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
        count: Arc::new(count_tx),
    }
}

pub(super) fn done(text: String) -> Vec<Event> {
    vec![Event::Done { text, error: false }]
}

/// A form's effect was refused: the form shows it at the field the error names.
pub(super) fn form_failed(e: &AppError, lang: Lang) -> Vec<Event> {
    vec![Event::FormFailed {
        field: e.field(),
        text: e.message(lang),
    }]
}

pub(super) fn failed(e: &AppError, lang: Lang) -> Vec<Event> {
    vec![Event::Done {
        text: e.message(lang),
        error: true,
    }]
}

async fn run(ctx: &WorkerContext, effect: Effect) -> Vec<Event> {
    let lang = ctx.lang;
    if matches!(
        effect,
        Effect::LoadPayments
            | Effect::ImportBankFile(_)
            | Effect::FindInvoice { .. }
            | Effect::MatchPayment { .. }
            | Effect::AcceptSuggestion(_)
            | Effect::ObsPayment(_)
    ) {
        let workshop = ctx.workshop.clone();
        return tokio::task::spawn_blocking(move || {
            reconcile::apply(&workshop, lang, &effect).unwrap_or_default()
        })
        .await
        .unwrap_or_default();
    }
    if matches!(
        effect,
        Effect::LoadRefunds
            | Effect::RefundBatch { .. }
            | Effect::SetRefund { .. }
            | Effect::RefundStatus(_)
            | Effect::LoadCustomer(_)
    ) {
        let workshop = ctx.workshop.clone();
        return tokio::task::spawn_blocking(move || {
            refunds::apply(&workshop, lang, &effect).unwrap_or_default()
        })
        .await
        .unwrap_or_default();
    }
    match effect {
        Effect::LoadList { .. }
        | Effect::LoadRefunds
        | Effect::LoadCustomer(_)
        | Effect::RefundBatch { .. }
        | Effect::SetRefund { .. }
        | Effect::RefundStatus(_)
        | Effect::LoadPayments
        | Effect::ImportBankFile(_)
        | Effect::FindInvoice { .. }
        | Effect::MatchPayment { .. }
        | Effect::AcceptSuggestion(_)
        | Effect::ObsPayment(_) => Vec::new(),
        Effect::LoadOrder(nr) => match blocking(&ctx.workshop, move |w| w.order(nr)).await {
            Some(Ok(view)) => vec![
                Event::OrderLoaded(Box::new(view.details), view.attempts, view.payee),
                Event::InvoicesLoaded(nr, view.invoices),
                Event::PausedLoaded(nr, view.paused.map(|d| d.deadline)),
                Event::PaidLoaded(nr, view.invoice_paid),
            ],
            Some(Err(e)) => failed(&e, lang),
            None => Vec::new(),
        },
        Effect::Send(nr) => match ctx.workshop.send(nr).await {
            Ok(sent @ SendOutcome::Sent { .. }) => {
                let note = sent.replaced_note(lang);
                let mobile = match &sent {
                    SendOutcome::Sent { attempt, .. } | SendOutcome::AlreadySent { attempt } => {
                        national(&attempt.mobile)
                    }
                };
                let text = t!(lang, "screen-sms-sent", mobile = mobile);
                done(match note {
                    Some(note) => format!("{note} {text}"),
                    None => text,
                })
            }
            Ok(SendOutcome::AlreadySent { attempt }) => done(t!(
                lang,
                "screen-sms-already-sent",
                mobile = national(&attempt.mobile)
            )),
            Err(e) => failed(&e, lang),
        },
        Effect::KlarnaReserve(nr) => match ctx.workshop.klarna_reserve(nr, None).await {
            Ok(reserved) => {
                let (SendOutcome::Sent { attempt, .. } | SendOutcome::AlreadySent { attempt }) =
                    &reserved.outcome;
                let mut text = t!(
                    lang,
                    "screen-klarna-reserved",
                    amount = attempt.amount.to_string()
                );
                // Said on screen: a 1,5 h line goes to Klarna as one unit at its total.
                if !reserved.notes.is_empty() {
                    let lines: Vec<String> =
                        reserved.notes.iter().map(|n| n.line.to_string()).collect();
                    text = format!(
                        "{} {text}",
                        t!(lang, "screen-klarna-folded", lines = lines.join(", "))
                    );
                }
                done(text)
            }
            Err(e) => failed(&e, lang),
        },
        Effect::Check(nr) => match ctx.workshop.check(nr).await {
            Ok(c) if c.state == PaymentState::Paid => {
                let method = c
                    .method
                    .map(|m| format!(" ({})", PayChoice::show(&m, lang)))
                    .unwrap_or_default();
                let at = c
                    .paid_at
                    .map(crate::domain::columns::format_time)
                    .unwrap_or_default();
                done(t!(lang, "screen-paid", method = method, at = at))
            }
            Ok(c) => vec![Event::Done {
                text: c.state.label(lang).to_string(),
                error: matches!(c.state, PaymentState::Rejected | PaymentState::Expired),
            }],
            Err(e) => failed(&e, lang),
        },
        Effect::Cancel(nr) => match ctx.workshop.cancel(nr).await {
            Ok(c) if c.refunded.ore() > 0 => done(t!(
                lang,
                "screen-cancelled-refund",
                amount = c.refunded.to_string()
            )),
            Ok(c) if !c.link_cancelled => done(t!(lang, "screen-order-reopened", nr = nr)),
            Ok(_) => done(t!(lang, "screen-cancelled")),
            Err(e) => failed(&e, lang),
        },
        Effect::MarkComplete(nr) => {
            match blocking(&ctx.workshop, move |w| w.mark_complete(nr)).await {
                Some(Ok(o)) => done(t!(lang, "screen-marked-complete", nr = o.nr)),
                Some(Err(e)) => failed(&e, lang),
                None => Vec::new(),
            }
        }
        Effect::Book { nr, method } => book(ctx, nr, method).await,
        Effect::Credit { nr, lines } => {
            let mut out = credit(ctx, nr, lines).await;
            if !out.iter().any(|e| matches!(e, Event::FormFailed { .. })) {
                out.insert(0, Event::FormSaved);
            }
            out
        }
        Effect::Settle(nr) => match ctx.workshop.settle(nr).await {
            Ok(done) if done.is_empty() => {
                let name = ctx.workshop.provider_name().await.unwrap_or_default();
                self::done(t!(lang, "screen-nothing-pending", provider = name))
            }
            Ok(done) => self::done(settled_text(&done, lang)),
            Err(e) => failed(&e, lang),
        },
        Effect::Print { nr, copy } => print::print(ctx, nr, copy).await,
        Effect::PrintKlarna(nr) => print::print_klarna(ctx, nr).await,
        Effect::LoadXReport => reports::register_report(ctx, |w| w.x_report()).await,
        Effect::TakeZReport => reports::register_report(ctx, |w| w.z_report(None)).await,
        Effect::LoadDisputes => reports::disputes(ctx).await,
        Effect::SyncDisputes => reports::sync_disputes(ctx).await,
        Effect::LoadPayouts => reports::payouts(ctx).await,
        Effect::ApplySettlements => reports::apply_settlements(ctx).await,
        Effect::LoadDayReport(date) => {
            let date = date.unwrap_or_else(|| chrono::Local::now().date_naive());
            match blocking(&ctx.workshop, move |w| w.day_report(date)).await {
                Some(Ok(r)) => vec![Event::DayReportLoaded(Box::new(r))],
                Some(Err(e)) => failed(&e, lang),
                None => Vec::new(),
            }
        }
        Effect::SaveColumns(cols) => {
            match blocking(&ctx.workshop, move |w| w.save_list_columns(&cols)).await {
                Some(Err(e)) => failed(&e, lang),
                Some(Ok(())) | None => Vec::new(),
            }
        }
        Effect::ActAsCustomer { nr, choice } => act_as_customer(ctx, nr, choice).await,
        Effect::CreateOrder(input) => {
            match blocking(&ctx.workshop, move |w| w.create_order(&input)).await {
                Some(Ok(view)) => {
                    let nr = view.details.order.nr;
                    vec![
                        Event::OrderLoaded(Box::new(view.details), view.attempts, view.payee),
                        Event::FormSaved,
                        Event::Done {
                            text: t!(lang, "screen-order-created", nr = nr),
                            error: false,
                        },
                    ]
                }
                Some(Err(e)) => form_failed(&e, lang),
                None => Vec::new(),
            }
        }
        Effect::SaveLine {
            nr,
            version,
            index,
            input,
        } => match blocking(&ctx.workshop, move |w| {
            w.save_line(nr, version, index, &input)
        })
        .await
        {
            Some(Ok(_)) => vec![
                Event::FormSaved,
                Event::Done {
                    text: t!(lang, "screen-line-saved"),
                    error: false,
                },
            ],
            Some(Err(e)) => form_failed(&e, lang),
            None => Vec::new(),
        },
        Effect::FindCustomers(text) => {
            let find = text.clone();
            match blocking(&ctx.workshop, move |w| w.find_customers(&find, 6)).await {
                Some(Ok(customers)) => vec![Event::CustomersFound {
                    text,
                    found: customers
                        .into_iter()
                        .map(|c| {
                            let mobile = c.mobile.map(|m| m.display()).unwrap_or_default();
                            (c.customer_no, c.name, mobile)
                        })
                        .collect(),
                }],
                // A search that fails while typing says nothing; Enter will say why.
                _ => Vec::new(),
            }
        }
        Effect::SaveCustomer {
            customer_no,
            change,
            ..
        } => match blocking(&ctx.workshop, move |w| {
            w.update_customer(customer_no, &change)
        })
        .await
        {
            Some(Ok(_)) => vec![
                Event::FormSaved,
                Event::Done {
                    text: t!(lang, "screen-customer-saved", no = customer_no),
                    error: false,
                },
            ],
            Some(Err(e)) => form_failed(&e, lang),
            None => Vec::new(),
        },
        Effect::DeleteLine { nr, version, index } => {
            match blocking(&ctx.workshop, move |w| w.delete_line(nr, version, index)).await {
                Some(Ok(_)) => done(t!(lang, "screen-line-deleted")),
                Some(Err(e)) => failed(&e, lang),
                None => Vec::new(),
            }
        }
    }
}

fn settled_text(done: &[Settled], lang: Lang) -> String {
    done.iter()
        .map(|s| s.text(lang))
        .collect::<Vec<_>>()
        .join("; ")
}

/// `text`, then how the provider work done at once went (the workshop settles right after
/// booking or crediting; the booking or credit stands either way).
fn with_settled(
    text: String,
    settled: &[Settled],
    settle_error: Option<&AppError>,
    lang: Lang,
) -> Vec<Event> {
    match settle_error {
        None => done(format!("{text}; {}", settled_text(settled, lang))),
        Some(e) => vec![Event::Done {
            text: format!("{text}; {}", e.message(lang)),
            error: true,
        }],
    }
}

/// "Bokför", then what the provider must do (capture) at once. In training mode: a training
/// receipt, printed; nothing booked.
async fn book(
    ctx: &WorkerContext,
    nr: i64,
    method: Option<crate::domain::PaymentMethod>,
) -> Vec<Event> {
    let lang = ctx.lang;
    if ctx.workshop.training() {
        return match ctx.workshop.book_training(nr, method, lang).await {
            Ok(t) => done(t!(
                lang,
                "screen-training-sale",
                no = t.receipt.no,
                amount = t.receipt.to_pay.to_string(),
                path = t.printed.pdf.display().to_string()
            )),
            Err(e) => failed(&e, lang),
        };
    }
    let b = match ctx.workshop.book(nr, method).await {
        Ok(b) => b,
        Err(e) => return failed(&e, lang),
    };
    let inv = &b.booked.invoice.invoice;
    let mut text = t!(
        lang,
        "screen-booked",
        invoice = inv.no,
        method = inv.method.to_string(),
        amount = inv.to_pay.to_string()
    );
    if let Some(r) = &b.receipt {
        text.push(' ');
        text.push_str(&t!(
            lang,
            "screen-receipt-registered",
            no = r.no,
            code = r.control_code.as_str()
        ));
    }
    if b.booked.invoice.pending().is_some() {
        return with_settled(text, &b.settled, b.settle_error.as_ref(), lang);
    }
    done(text)
}

/// "Kreditera"; a partial credit of a mobile payment is refunded at once, a full one when the
/// order is opened again.
async fn credit(ctx: &WorkerContext, nr: i64, lines: Option<Vec<usize>>) -> Vec<Event> {
    let lang = ctx.lang;
    let c = match ctx.workshop.credit(nr, lines).await {
        Ok(c) => c,
        Err(e) => return form_failed(&e, lang),
    };
    let inv = &c.credited.invoice.invoice;
    let refund = c.credited.invoice.pending().is_some();
    // Money going back to the customer is said as a positive amount to pay back.
    let mut text = t!(
        lang,
        "screen-credit-invoice",
        invoice = inv.no,
        amount = (-inv.to_pay).to_string()
    );
    if c.credited.order.status == crate::domain::Status::Credited {
        let reopen = if refund {
            let name = ctx.workshop.provider_name().await.unwrap_or_default();
            t!(lang, "screen-credit-reopen-refund", provider = name)
        } else {
            t!(lang, "screen-credit-reopen")
        };
        text.push(' ');
        text.push_str(&reopen);
    } else if refund {
        return with_settled(text, &c.settled, c.settle_error.as_ref(), lang);
    }
    done(text)
}

fn national(mobile: &str) -> String {
    crate::domain::Mobile::parse(mobile)
        .map(|m| m.display())
        .unwrap_or_else(|_| mobile.to_string())
}

async fn act_as_customer(ctx: &WorkerContext, nr: i64, choice: CustomerChoice) -> Vec<Event> {
    let lang = ctx.lang;
    let choice = match choice {
        CustomerChoice::Direct => provider::CustomerChoice::PayNow,
        CustomerChoice::PartPayment => provider::CustomerChoice::PartPayment,
        CustomerChoice::Invoice => provider::CustomerChoice::Invoice,
        CustomerChoice::Decline => provider::CustomerChoice::Decline,
    };
    match ctx.workshop.act_as_customer(nr, choice).await {
        Ok(CustomerActed::Declined) => done(t!(lang, "screen-customer-declined")),
        Ok(CustomerActed::Paid) => done(t!(lang, "screen-customer-paid")),
        Err(e) => failed(&e, lang),
    }
}
