//! Provider payouts in the books (issue 13, "Settlements"): fetch the payouts since the last
//! one, and apply each new one in ONE store transaction with its audit event — match its SALE
//! rows to our invoices by order reference (or the provider's order id) and record them paid,
//! book its voucher (domain::settlement::payout_postings), keep every row with what it did. A
//! payout already applied is skipped, so fetching the same payout twice changes nothing; a row
//! no invoice is found for is kept and reported (booked on the OBS account), never dropped.

use chrono::NaiveDate;
use serde::Serialize;

use super::config::Books;
use super::error::{AppError, Result};
use crate::domain::ledger::{Account, Role, Voucher};
use crate::domain::settlement::{
    Payout, PayoutAccounts, RowEffect, RowKind, SettlementError, payout_postings,
};
use crate::domain::{Money, PaymentMethod};
use crate::msg;
use crate::payments::SettlementSource;
use crate::store::{
    InvoiceReceipt, PayoutRecord, PayoutRowRecord, SettlementStore, SettlementWriter, Store, Writer,
};

/// The providers whose payouts Verkstad books: Klarna's settlements (issue 13) and Resurs's
/// payouts (issue 14). Both go through [`apply_payouts`]; only the source and the receivable
/// ([`receivable`]) differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PayoutProvider {
    Klarna,
    Resurs,
}

impl PayoutProvider {
    /// The provider's display name, as its payouts are stored ("Klarna", "Resurs").
    pub fn name(self) -> &'static str {
        match self {
            PayoutProvider::Klarna => "Klarna",
            PayoutProvider::Resurs => "Resurs",
        }
    }
}

/// How far back the first fetch looks when no payout is applied yet.
pub const FIRST_FETCH_DAYS: u64 = 90;

/// One payout applied now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedPayout {
    pub payment_reference: String,
    pub payout_date: NaiveDate,
    pub net: Money,
    pub voucher_no: i64,
    pub invoices_paid: Vec<i64>,
    /// Rows no invoice of ours was found for, kept (and booked on the OBS account).
    pub unmatched: Vec<PayoutRowRecord>,
    /// The bank's credit of this payout, imported before it and waiting on OBS, closed now.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bank_payment: Option<i64>,
}

/// A payout whose rows do not come to what it pays out: not booked, reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefusedPayout {
    pub payment_reference: String,
    pub net: Money,
    /// What the rows and debts come to.
    pub rows: Money,
}

/// What `apply_payouts` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SettlementOutcome {
    pub provider: String,
    pub since: NaiveDate,
    pub applied: Vec<AppliedPayout>,
    /// Payment references of payouts applied before: nothing was written for them.
    pub already_known: Vec<String>,
    pub refused: Vec<RefusedPayout>,
}

impl SettlementOutcome {
    pub fn invoices_paid(&self) -> Vec<i64> {
        self.applied
            .iter()
            .flat_map(|a| a.invoices_paid.iter().copied())
            .collect()
    }

    pub fn unmatched(&self) -> Vec<&PayoutRowRecord> {
        self.applied.iter().flat_map(|a| &a.unmatched).collect()
    }
}

/// The receivable a provider's sales are booked on: Klarna's 1581; another provider's, its
/// payment method's (Resurs: MOBIL's 1931).
pub fn receivable(books: &Books, provider: &str) -> Account {
    let method = if provider.eq_ignore_ascii_case("klarna") {
        PaymentMethod::Klarna
    } else {
        PaymentMethod::Mobil
    };
    books.accounts.get(Role::Method(method))
}

/// The day a fetch starts from: the last applied payout's (a payout of that day not yet known
/// is found again), or [`FIRST_FETCH_DAYS`] back.
pub fn fetch_start(
    store: &impl SettlementStore,
    provider: &str,
    today: NaiveDate,
) -> Result<NaiveDate> {
    Ok(store
        .last_payout_date(provider)?
        .unwrap_or(today - chrono::Days::new(FIRST_FETCH_DAYS)))
}

/// Fetch the provider's payouts since `since` and apply each new one.
pub async fn apply_payouts(
    store: &(impl Store + SettlementStore),
    actor: &str,
    books: &Books,
    source: &dyn SettlementSource,
    since: NaiveDate,
) -> Result<SettlementOutcome> {
    let payouts = source.payouts_since(since).await?;
    let mut outcome = SettlementOutcome {
        provider: source.name().to_string(),
        since,
        applied: Vec::new(),
        already_known: Vec::new(),
        refused: Vec::new(),
    };
    for payout in &payouts {
        match store.write(actor, |w| apply_one(w, books, payout))? {
            Applied::Known => outcome.already_known.push(payout.payment_reference.clone()),
            Applied::Refused(r) => outcome.refused.push(r),
            Applied::Done(a) => outcome.applied.push(a),
        }
    }
    Ok(outcome)
}

enum Applied {
    Known,
    Refused(RefusedPayout),
    Done(AppliedPayout),
}

/// What each row of the payout is to our books.
fn effects(w: &impl Writer, payout: &Payout) -> Result<Vec<RowEffect>> {
    let mut out = Vec::with_capacity(payout.rows.len());
    for row in &payout.rows {
        let invoice = || {
            w.invoice_for(
                row.order_reference.as_deref(),
                row.provider_order_id.as_deref(),
            )
        };
        let dispute = |id: &str| SettlementWriter::dispute(w, id);
        let effect = match &row.kind {
            RowKind::Sale => match invoice()? {
                Some(m) => RowEffect::InvoicePaid {
                    invoice_no: m.invoice_no,
                },
                None => RowEffect::Unmatched,
            },
            RowKind::Return => match invoice()? {
                Some(m) => RowEffect::Return {
                    invoice_no: Some(m.invoice_no),
                },
                None => RowEffect::Unmatched,
            },
            RowKind::Fee if row.is_dispute_fee() => match &row.dispute_id {
                Some(id) if dispute(id)?.is_some_and(|d| d.fee_voucher.is_some()) => {
                    RowEffect::DisputeFeeCleared {
                        dispute_id: id.clone(),
                    }
                }
                id => RowEffect::DisputeFee {
                    dispute_id: id.clone(),
                },
            },
            RowKind::Fee => RowEffect::Fee,
            RowKind::Reversal => match &row.dispute_id {
                Some(id) if dispute(id)?.is_some_and(|d| d.chargeback_voucher.is_some()) => {
                    RowEffect::ChargebackCleared {
                        dispute_id: id.clone(),
                    }
                }
                id => RowEffect::Chargeback {
                    dispute_id: id.clone(),
                },
            },
            RowKind::Other(_) => RowEffect::Unmatched,
        };
        out.push(effect);
    }
    Ok(out)
}

fn apply_one(w: &mut impl Writer, books: &Books, payout: &Payout) -> Result<Applied> {
    if w.payout_known(&payout.provider, &payout.payment_reference)? {
        return Ok(Applied::Known);
    }
    let effects = effects(w, payout)?;
    let accounts = PayoutAccounts::of(&books.accounts, receivable(books, &payout.provider));
    let rows = match payout_postings(payout, &effects, &accounts) {
        Ok(rows) => rows,
        Err(SettlementError::DoesNotAddUp { net, rows }) => {
            return Ok(Applied::Refused(RefusedPayout {
                payment_reference: payout.payment_reference.clone(),
                net,
                rows,
            }));
        }
        Err(SettlementError::EffectsMismatch) => {
            return Err(AppError::Invalid(msg!(
                "settlement-internal",
                reference = payout.payment_reference.clone()
            )));
        }
    };
    let voucher_no = w.next_number("voucher")?;
    let voucher = Voucher {
        series: "A".into(),
        number: voucher_no,
        date: payout.payout_date,
        text: format!(
            "{} utbetalning {}",
            payout.provider, payout.payment_reference
        ),
        rows,
    };
    w.put_accounts(&books.chart, voucher.rows.iter().map(|p| p.account))?;
    w.insert_voucher(&voucher)?;
    let source = payout.provider.to_lowercase();
    let mut invoices_paid = Vec::new();
    let mut unmatched = Vec::new();
    let mut records = Vec::with_capacity(payout.rows.len());
    for (pos, (row, effect)) in payout.rows.iter().zip(&effects).enumerate() {
        let record = PayoutRowRecord {
            pos: pos as i64,
            row: row.clone(),
            effect: effect.code().to_string(),
            invoice_no: effect.invoice_no(),
        };
        match effect {
            RowEffect::InvoicePaid { invoice_no } => {
                w.insert_invoice_receipt(&InvoiceReceipt {
                    invoice_no: *invoice_no,
                    amount: row.amount,
                    source: source.clone(),
                    source_reference: format!("{}/{pos}", payout.payment_reference),
                    voucher_no,
                    received_on: payout.payout_date,
                })?;
                invoices_paid.push(*invoice_no);
            }
            RowEffect::Unmatched => unmatched.push(record.clone()),
            RowEffect::Chargeback {
                dispute_id: Some(id),
            } => mark_dispute(w, id, voucher_no, true)?,
            RowEffect::DisputeFee {
                dispute_id: Some(id),
            } => mark_dispute(w, id, voucher_no, false)?,
            _ => {}
        }
        records.push(record);
    }
    let record = PayoutRecord {
        provider: payout.provider.clone(),
        payment_reference: payout.payment_reference.clone(),
        payout_date: payout.payout_date,
        currency: payout.currency.clone(),
        net: payout.net,
        totals: payout.totals(),
        opening_debt: payout.opening_debt,
        closing_debt: payout.closing_debt,
        voucher_no,
        applied_at: w.now(),
        rows: records,
    };
    w.insert_payout(&record)?;
    // The bank file may have brought the payout's credit before the payout was fetched: it
    // waits on OBS, and is closed now, in this transaction (docs/RECONCILIATION.md).
    let bank_payment =
        super::reconcile::close_payout_waiting_on_obs(w, books, &payout.payment_reference)?
            .map(|r| r.payment.id);
    w.audit(
        "payout",
        &payout.payment_reference,
        "applied",
        None::<&()>,
        Some(&AuditedPayout {
            provider: &record.provider,
            payout_date: record.payout_date,
            net: record.net,
            voucher_no,
            invoices_paid: &invoices_paid,
            unmatched: unmatched.len(),
        }),
    )?;
    Ok(Applied::Done(AppliedPayout {
        payment_reference: record.payment_reference,
        payout_date: record.payout_date,
        net: record.net,
        voucher_no,
        invoices_paid,
        unmatched,
        bank_payment,
    }))
}

/// The audit event of an applied payout (its rows are in `payout_rows`).
#[derive(Serialize)]
struct AuditedPayout<'a> {
    provider: &'a str,
    payout_date: NaiveDate,
    net: Money,
    voucher_no: i64,
    invoices_paid: &'a [i64],
    unmatched: usize,
}

/// A payout booked a dispute's chargeback or fee for the first time: the dispute says so, so
/// its loss does not book it again.
fn mark_dispute(w: &mut impl Writer, id: &str, voucher_no: i64, chargeback: bool) -> Result<()> {
    if let Some(mut d) = SettlementWriter::dispute(w, id)? {
        let before = d.clone();
        if chargeback {
            d.chargeback_voucher.get_or_insert(voucher_no);
        } else {
            d.fee_voucher.get_or_insert(voucher_no);
        }
        w.put_dispute(&d)?;
        w.audit("dispute", id, "booked_by_payout", Some(&before), Some(&d))?;
    }
    Ok(())
}

/// The payouts applied, newest first (the settlement view).
pub fn list(
    store: &impl SettlementStore,
    provider: &str,
    limit: usize,
) -> Result<Vec<PayoutRecord>> {
    Ok(store.payouts(provider, limit)?)
}
