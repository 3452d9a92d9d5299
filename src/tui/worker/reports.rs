//! The worker's read-only report screens: the cash register's X/Z report, the disputes register
//! and the payouts (issue 13; Resurs's, issue 14), and the disputes' background sync.

use std::sync::Arc;

use super::{WorkerContext, blocking, done, failed};
use crate::app::disputes::{RATE_WINDOW_DAYS, SyncOutcome};
use crate::app::settlement::PayoutProvider;
use crate::app::{AppError, Workshop};
use crate::domain::Lang;
use crate::t;
use crate::tui::model::{DisputesView, Event};

/// An X or Z report, rendered as the register prints it.
pub(super) async fn register_report(
    ctx: &WorkerContext,
    f: impl FnOnce(&Workshop) -> Result<crate::domain::register::RegisterReport, AppError>
    + Send
    + 'static,
) -> Vec<Event> {
    let lang = ctx.lang;
    let made = blocking(&ctx.workshop, move |w| {
        let r = f(w)?;
        let text = w.render_register_report(&r, false, lang)?;
        Ok::<_, AppError>((r, String::from_utf8_lossy(&text).into_owned()))
    })
    .await;
    match made {
        Some(Ok((r, text))) => {
            let mut title = r.title(lang);
            if let Some(no) = r.no {
                title = format!("{title} nr {no}");
            }
            let mut out = vec![Event::RegisterReport { title, text }];
            if let Some(no) = r.no {
                out.push(Event::Done {
                    text: t!(lang, "screen-z-taken", no = no, date = r.date.to_string()),
                    error: false,
                });
            }
            out
        }
        Some(Err(e)) => failed(&e, lang),
        None => Vec::new(),
    }
}

/// The register, the dispute rate and today, read.
async fn read_disputes(ctx: &WorkerContext) -> Option<crate::app::Result<DisputesView>> {
    blocking(&ctx.workshop, |w| {
        Ok(DisputesView {
            rows: w.disputes()?,
            rate: w.dispute_rate(RATE_WINDOW_DAYS)?,
            today: w.today_date(),
            scroll: 0,
        })
    })
    .await
}

/// The disputes screen's register.
pub(super) async fn disputes(ctx: &WorkerContext) -> Vec<Event> {
    match read_disputes(ctx).await {
        Some(Ok(v)) => vec![Event::DisputesLoaded(Box::new(v))],
        Some(Err(e)) => failed(&e, ctx.lang),
        None => Vec::new(),
    }
}

/// Whether the workshop books anything through Klarna: only then is Klarna asked (connecting
/// starts the built-in Klarna sandbox when no Klarna store is configured).
async fn uses_klarna(ctx: &WorkerContext) -> crate::app::Result<bool> {
    blocking(&ctx.workshop, |w| w.has_klarna_invoices())
        .await
        .unwrap_or(Ok(false))
}

/// The orders a sync opened, won or lost a dispute on (their invoices changed state).
fn changed_orders(view: &DisputesView, s: &SyncOutcome) -> Vec<i64> {
    let mut nrs: Vec<i64> = s
        .opened
        .iter()
        .chain(&s.won)
        .chain(s.lost.iter().map(|(id, _)| id))
        .filter_map(|id| view.rows.iter().find(|d| &d.id == id)?.order_nr)
        .collect();
    nrs.sort_unstable();
    nrs.dedup();
    nrs
}

/// Sync the register with the provider, then read it again. A failure is a message: the screen
/// keeps what it shows.
pub(super) async fn sync_disputes(ctx: &WorkerContext) -> Vec<Event> {
    let lang = ctx.lang;
    match uses_klarna(ctx).await {
        Ok(true) => {}
        Ok(false) => return done(t!(lang, "screen-disputes-no-klarna")),
        Err(e) => return failed(&e, lang),
    }
    let s = match ctx.workshop.sync_disputes().await {
        Ok(s) => s,
        Err(e) => return failed(&e, lang),
    };
    let mut out = match read_disputes(ctx).await {
        Some(Ok(v)) => {
            let changed = changed_orders(&v, &s);
            let mut out = vec![Event::DisputesLoaded(Box::new(v))];
            out.extend(changed.into_iter().map(Event::Changed));
            out
        }
        Some(Err(e)) => return failed(&e, lang),
        None => Vec::new(),
    };
    out.extend(done(t!(
        lang,
        "screen-disputes-synced",
        synced = s.synced,
        opened = s.opened.len(),
        won = s.won.len(),
        lost = s.lost.len()
    )));
    out
}

/// The payouts screen's payouts: Klarna's and Resurs's (issue 14), newest first.
pub(super) async fn payouts(ctx: &WorkerContext) -> Vec<Event> {
    let read = blocking(&ctx.workshop, |w| {
        let mut rows = Vec::new();
        for provider in PROVIDERS {
            rows.extend(w.payouts(provider, 50)?);
        }
        rows.sort_by_key(|p| std::cmp::Reverse((p.payout_date, p.voucher_no)));
        Ok::<_, AppError>(rows)
    })
    .await;
    match read {
        Some(Ok(rows)) => vec![Event::PayoutsLoaded(rows)],
        Some(Err(e)) => failed(&e, ctx.lang),
        None => Vec::new(),
    }
}

/// The providers whose payouts the payouts screen shows and fetches.
const PROVIDERS: [PayoutProvider; 2] = [PayoutProvider::Klarna, PayoutProvider::Resurs];

/// Fetch and apply each provider's new payouts (as `verkstad klarna settlements` and
/// `verkstad resurs payouts`), then read them again: how many were booked, the invoices paid
/// and the rows without an invoice. One provider failing does not stop the other.
pub(super) async fn apply_settlements(ctx: &WorkerContext) -> Vec<Event> {
    let lang = ctx.lang;
    let (mut applied, mut known, mut invoices, mut unmatched) = (0, 0, 0, 0);
    let mut problems = Vec::new();
    for provider in PROVIDERS {
        let outcome = match ctx.workshop.apply_payouts(provider, None).await {
            Ok(o) => o,
            Err(e) => {
                problems.push(e.message(lang));
                continue;
            }
        };
        applied += outcome.applied.len();
        known += outcome.already_known.len();
        invoices += outcome.invoices_paid().len();
        unmatched += outcome.unmatched().len();
        for r in &outcome.refused {
            problems.push(t!(
                lang,
                "cli-settle-refused",
                reference = r.payment_reference.clone(),
                rows = r.rows.to_string(),
                net = r.net.to_string()
            ));
        }
    }
    let mut text = vec![t!(
        lang,
        "screen-payouts-applied",
        applied = applied,
        known = known,
        invoices = invoices,
        unmatched = unmatched
    )];
    let error = !problems.is_empty();
    text.extend(problems);
    let mut out = payouts(ctx).await;
    out.push(Event::Done {
        text: text.join("; "),
        error,
    });
    out
}

/// The disputes register synced at start and every `disputes_every`, only while any invoice is
/// booked as KLARNA (a workshop without Klarna never asks it). Failures go to the log only.
pub(super) fn spawn_dispute_sync(
    rt: &tokio::runtime::Handle,
    ctx: Arc<WorkerContext>,
    events: crate::tui::Events,
) {
    rt.spawn(async move {
        let mut every = tokio::time::interval(ctx.disputes_every);
        loop {
            every.tick().await;
            match uses_klarna(&ctx).await {
                Ok(true) => {}
                Ok(false) => continue,
                Err(e) => {
                    tracing::warn!(error = %e.message(Lang::En), "dispute sync: the invoices could not be read");
                    continue;
                }
            }
            match ctx.workshop.sync_disputes().await {
                Ok(s) => {
                    tracing::debug!(synced = s.synced, opened = s.opened.len(), "disputes synced");
                    if let Some(Ok(v)) = read_disputes(&ctx).await {
                        for nr in changed_orders(&v, &s) {
                            let _ = events.send(Event::Changed(nr));
                        }
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e.message(Lang::En), "disputes not synced");
                }
            }
        }
    });
}
