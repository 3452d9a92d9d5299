//! The disputes register (issue 13, "Disputes"): synced from the provider's Disputes API, with
//! its outcomes in the books. Each change is ONE store transaction with its audit event.
//!
//! - Open (or answered, under review): the order's invoice is paused ([`paused`]).
//! - Won: the invoice is active again; nothing is booked.
//! - Lost, accepted, or still open after its deadline: the chargeback is booked (loss account
//!   debited, the receivable credited) and, when the provider states it, the dispute fee (fee
//!   account debited, receivable credited) — once: a dispute's vouchers, once set, never change
//!   (the schema refuses), and a chargeback or fee a payout booked first is taken as booked.

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;

use super::config::Books;
use super::error::Result;
use super::settlement::receivable;
use crate::domain::ledger::{Role, Voucher, merge};
use crate::domain::settlement::{
    Dispute, DisputeRate, DisputeState, chargeback_postings, dispute_fee_postings, dispute_rate,
};
use crate::domain::{Money, PaymentMethod};
use crate::payments::{Attachment, DisputeSource};
use crate::store::{CoreWriter, DisputeRecord, SettlementStore, SettlementWriter, Store, Writer};

/// The window of the dispute rate, in days.
pub const RATE_WINDOW_DAYS: u32 = 90;

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SyncOutcome {
    /// Disputes seen.
    pub synced: usize,
    /// New in the register.
    pub opened: Vec<String>,
    /// Won since the last sync: their invoices are active again.
    pub won: Vec<String>,
    /// Lost (or past the deadline) now, with the voucher of the chargeback booked now (None when
    /// a payout had booked it).
    pub lost: Vec<(String, Option<i64>)>,
    /// Disputes no invoice of ours was found for.
    pub unmatched: Vec<String>,
}

/// Sync every dispute of the provider into the register, booking outcomes. `today` decides a
/// missed deadline (after the deadline day, an unanswered dispute is lost).
pub async fn sync(
    store: &impl Store,
    actor: &str,
    books: &Books,
    source: &dyn DisputeSource,
    today: NaiveDate,
) -> Result<SyncOutcome> {
    let disputes = source.list().await?;
    let mut out = SyncOutcome::default();
    for d in &disputes {
        let change = store.write(actor, |w| upsert(w, books, d, today))?;
        out.synced += 1;
        if change.new {
            out.opened.push(d.id.clone());
        }
        if change.unmatched {
            out.unmatched.push(d.id.clone());
        }
        if change.won {
            out.won.push(d.id.clone());
        }
        if let Some(v) = change.lost {
            out.lost.push((d.id.clone(), v));
        }
    }
    Ok(out)
}

#[derive(Default)]
struct Change {
    new: bool,
    unmatched: bool,
    won: bool,
    /// Lost now; the voucher booked now, if any.
    lost: Option<Option<i64>>,
}

/// Insert or update one dispute and book its outcome, in the caller's transaction.
fn upsert(w: &mut impl Writer, books: &Books, d: &Dispute, today: NaiveDate) -> Result<Change> {
    let before = SettlementWriter::dispute(w, &d.id)?;
    let matched = w.invoice_for(d.order_reference.as_deref(), d.provider_order_id.as_deref())?;
    let now = w.now();
    let mut rec = DisputeRecord {
        id: d.id.clone(),
        provider: d.provider.clone(),
        provider_order_id: d.provider_order_id.clone(),
        order_reference: d.order_reference.clone(),
        order_nr: matched.map(|m| m.order_nr),
        customer: before.as_ref().and_then(|b| b.customer.clone()),
        invoice_no: matched.map(|m| m.invoice_no),
        reason: d.reason.clone(),
        amount: d.amount,
        fee: d.fee.or(before.as_ref().and_then(|b| b.fee)),
        opened_at: d.opened_at,
        deadline: d.deadline_or_standard(),
        state: d.state,
        outcome: before.as_ref().and_then(|b| b.outcome.clone()),
        requests: d.requests.clone(),
        synced_at: now,
        chargeback_voucher: before.as_ref().and_then(|b| b.chargeback_voucher),
        fee_voucher: before.as_ref().and_then(|b| b.fee_voucher),
    };
    let mut change = Change {
        new: before.is_none(),
        unmatched: matched.is_none(),
        ..Change::default()
    };
    let missed = d.state == DisputeState::Open && today > rec.deadline;
    if d.state.is_lost() || missed {
        let outcome = match d.state {
            DisputeState::Accepted => "accepted",
            DisputeState::Lost => "lost",
            _ => "deadline_missed",
        };
        let was_lost = rec.chargeback_voucher.is_some() && rec.outcome.is_some();
        let voucher = book_loss(w, books, &mut rec, today)?;
        if rec.outcome.is_none() || rec.outcome.as_deref() == Some("won") {
            rec.outcome = Some(outcome.to_string());
        }
        if !was_lost {
            change.lost = Some(voucher);
        }
    } else if d.state == DisputeState::Won && rec.outcome.as_deref() != Some("won") {
        rec.outcome = Some("won".into());
        change.won = true;
    }
    if before.as_ref().map(comparable) != Some(comparable(&rec)) {
        w.put_dispute(&rec)?;
        let action = if change.new { "opened" } else { "synced" };
        w.audit("dispute", &rec.id, action, before.as_ref(), Some(&rec))?;
    }
    Ok(change)
}

/// A dispute without the time of its sync, to tell a real change from a repeated sync.
fn comparable(d: &DisputeRecord) -> DisputeRecord {
    DisputeRecord {
        synced_at: DateTime::<Utc>::MIN_UTC,
        // Read from the order, not kept with the dispute.
        customer: None,
        ..d.clone()
    }
}

/// Book a lost dispute's chargeback and fee, each once, dated `today`: what a payout booked
/// already is taken as booked. Returns the voucher booked now, if any.
fn book_loss(
    w: &mut impl Writer,
    books: &Books,
    rec: &mut DisputeRecord,
    today: NaiveDate,
) -> Result<Option<i64>> {
    if rec.chargeback_voucher.is_none() {
        rec.chargeback_voucher = w.dispute_booked_by_payout(&rec.id, "chargeback")?;
    }
    if rec.fee_voucher.is_none() {
        rec.fee_voucher = w.dispute_booked_by_payout(&rec.id, "dispute_fee")?;
    }
    let receivable = receivable(books, &rec.provider);
    let mut rows = Vec::new();
    let chargeback = rec.chargeback_voucher.is_none();
    if chargeback {
        let loss = books.accounts.get(Role::ChargebackLoss);
        rows.extend(chargeback_postings(rec.amount, loss, receivable));
    }
    let fee = rec
        .fee
        .filter(|f| rec.fee_voucher.is_none() && !f.is_zero());
    if let Some(fee) = fee {
        let account = books.accounts.get(Role::ProviderFee);
        rows.extend(dispute_fee_postings(fee, account, receivable));
    }
    if rows.is_empty() {
        return Ok(None);
    }
    let number = w.next_number("voucher")?;
    let voucher = Voucher {
        series: "A".into(),
        number,
        date: today,
        text: format!("{} tvist förlorad {}", rec.provider, rec.id),
        rows: merge(rows),
    };
    w.put_accounts(&books.chart, voucher.rows.iter().map(|p| p.account))?;
    w.insert_voucher(&voucher)?;
    if chargeback {
        rec.chargeback_voucher = Some(number);
    }
    if fee.is_some() {
        rec.fee_voucher = Some(number);
    }
    Ok(Some(number))
}

/// Our answer to a dispute: a text and, optionally, a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub text: String,
    pub attachment: Option<Attachment>,
}

/// Answer a dispute: the call carries an idempotency key stored (in the audit trail) before it
/// and reused by a retry of the same answer; then the dispute as the provider has it now is
/// synced.
pub async fn respond(
    store: &impl Store,
    actor: &str,
    books: &Books,
    source: &dyn DisputeSource,
    id: &str,
    answer: &Answer,
    today: NaiveDate,
) -> Result<DisputeRecord> {
    let key = call_key(store, actor, id, "respond")?;
    let d = source
        .respond(id, &answer.text, answer.attachment.as_ref(), &key)
        .await?;
    finish_call(store, actor, books, &d, "respond", &key, today)
}

/// Accept the loss: the provider charges back, and it is booked like a lost dispute.
pub async fn accept_loss(
    store: &impl Store,
    actor: &str,
    books: &Books,
    source: &dyn DisputeSource,
    id: &str,
    today: NaiveDate,
) -> Result<DisputeRecord> {
    let key = call_key(store, actor, id, "accept_loss")?;
    let d = source.accept_loss(id, &key).await?;
    finish_call(store, actor, books, &d, "accept_loss", &key, today)
}

#[derive(Serialize, serde::Deserialize)]
struct CallKey {
    key: String,
}

/// The idempotency key of a call on a dispute: the pending one (asked, not yet done) or a new
/// one, stored before the call.
fn call_key(store: &impl Store, actor: &str, id: &str, call: &str) -> Result<String> {
    let asked = format!("{call}_asked");
    let done = format!("{call}_done");
    let pending = store
        .audit_events("dispute", id)?
        .into_iter()
        .rev()
        .take_while(|e| e.action != done)
        .find(|e| e.action == asked)
        .and_then(|e| e.after)
        .and_then(|v| serde_json::from_value::<CallKey>(v).ok());
    if let Some(k) = pending {
        return Ok(k.key);
    }
    let key = uuid::Uuid::new_v4().to_string();
    store.write(actor, |w| {
        w.audit(
            "dispute",
            id,
            &asked,
            None::<&()>,
            Some(&CallKey { key: key.clone() }),
        )?;
        Ok::<_, crate::app::AppError>(())
    })?;
    Ok(key)
}

fn finish_call(
    store: &impl Store,
    actor: &str,
    books: &Books,
    d: &Dispute,
    call: &str,
    key: &str,
    today: NaiveDate,
) -> Result<DisputeRecord> {
    store.write(actor, |w| {
        upsert(w, books, d, today)?;
        w.audit(
            "dispute",
            &d.id,
            &format!("{call}_done"),
            None::<&()>,
            Some(&CallKey { key: key.into() }),
        )?;
        SettlementWriter::dispute(w, &d.id)?
            .ok_or_else(|| crate::store::StoreError::Corrupt(format!("tvist {}", d.id)).into())
    })
}

/// The dispute rate over the last `window_days` days up to `now`: disputes opened per invoice
/// booked as KLARNA.
pub fn rate(
    store: &impl SettlementStore,
    provider: &str,
    now: DateTime<Utc>,
    window_days: u32,
) -> Result<DisputeRate> {
    let since = now - Days::new(u64::from(window_days));
    let (disputes, invoices) =
        store.dispute_counts(provider, PaymentMethod::Klarna.code(), since)?;
    Ok(dispute_rate(disputes, invoices, window_days))
}

/// The open dispute that pauses an order's invoice, if any (the order screen shows "pausad").
pub fn paused(store: &impl SettlementStore, nr: i64) -> Result<Option<DisputeRecord>> {
    Ok(store
        .disputes_of_order(nr)?
        .into_iter()
        .find(DisputeRecord::pauses_invoice))
}

/// Days left to answer, from `today` (negative when passed).
pub fn days_left(d: &DisputeRecord, today: NaiveDate) -> i64 {
    (d.deadline - today).num_days()
}

/// The register sorted by days left (open first, the nearest deadline first).
pub fn list(store: &impl SettlementStore) -> Result<Vec<DisputeRecord>> {
    let mut all = store.disputes()?;
    all.sort_by_key(|d| (!d.pauses_invoice(), d.deadline, d.opened_at));
    Ok(all)
}

/// A dispute's amount as money (for the front ends' sums).
pub fn total_open(all: &[DisputeRecord]) -> Money {
    all.iter()
        .filter(|d| d.pauses_invoice())
        .map(|d| d.amount)
        .sum()
}
