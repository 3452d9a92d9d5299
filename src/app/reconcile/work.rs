//! The work list and the changes made to a payment after its import: matched by hand (or a
//! suggestion accepted), moved to OBS, a prepayment applied when its invoice is booked. Each is
//! one store transaction with an audit event.

use serde::Serialize;

use super::{Reconciled, book_voucher, record_receipts, standing};
use crate::app::config::Books;
use crate::app::error::{AppError, Result};
use crate::domain::Money;
use crate::domain::invoice::Invoice;
use crate::domain::ledger::{Posting, Voucher};
use crate::domain::reconcile::{self, Decision, MatchError, OpenInvoice, ReconcileAccounts, State};
use crate::msg;
use crate::store::prelude::*;
use crate::store::{
    IncomingPaymentRecord, PaymentBooking, PaymentStanding, ReconcileStore, Store, Writer,
};

/// The work list: suggested and OBS first, then prepayments, then matched (`open_only`: only
/// suggested and OBS), at most `limit`.
pub fn list(
    store: &impl ReconcileStore,
    open_only: bool,
    limit: usize,
) -> Result<Vec<IncomingPaymentRecord>> {
    Ok(store.incoming_payments(open_only, limit)?)
}

fn payment_in(w: &impl Writer, id: i64) -> Result<IncomingPaymentRecord> {
    w.payment(id)?
        .ok_or_else(|| AppError::Invalid(msg!("reconcile-no-such-payment", payment = id)))
}

/// The audit event of a payment's new standing.
#[derive(Serialize)]
struct AuditedStanding<'a> {
    state: State,
    voucher_no: Option<i64>,
    invoices: &'a [i64],
    held: Money,
    credit: Money,
}

fn audit_standing(
    w: &impl Writer,
    payment: &IncomingPaymentRecord,
    action: &str,
    voucher_no: Option<i64>,
    invoices: &[i64],
) -> Result<()> {
    w.audit(
        "incoming_payment",
        &payment.id.to_string(),
        action,
        Some(&AuditedStanding {
            state: payment.standing.state,
            voucher_no: payment.voucher_no,
            invoices: &payment.invoices,
            held: payment.standing.held,
            credit: payment.standing.credit,
        }),
        Some(&AuditedStanding {
            state: State::Matched,
            voucher_no,
            invoices,
            held: Money::ZERO,
            credit: Money::ZERO,
        }),
    )?;
    Ok(())
}

/// Match a payment that waits (a suggestion, OBS, a prepayment) to one of our invoices in the
/// store's transaction: what it holds is moved from OBS 2999 (or 2420) to 1510, within the
/// tolerance closing the invoice (3740), more than the invoice asks left as credit on 2420.
pub fn match_in(
    w: &mut impl Writer,
    books: &Books,
    payment: &IncomingPaymentRecord,
    invoice: &OpenInvoice,
    action: &'static str,
    decision: Decision,
) -> Result<Reconciled> {
    let acc = ReconcileAccounts::of(&books.accounts);
    let from = acc.holding(payment.standing.state);
    let amount = payment.standing.held;
    let text = format!(
        "Inbetalning {} faktura {} (från {})",
        payment.bank_id, invoice.invoice_no, from
    );
    let date = w.now().date_naive().max(payment.booked_on);
    let voucher_no = book_voucher(
        w,
        books,
        &mut Vec::new(),
        from,
        amount,
        &decision,
        date,
        text,
    )?;
    let mut receipt_of = payment.clone();
    receipt_of.booked_on = date;
    record_receipts(w, &receipt_of, &decision, voucher_no)?;
    let mut new = standing(&decision, payment.standing.reasons.clone());
    new.state = State::Matched;
    new.credit = payment.standing.credit + decision.credit;
    w.set_payment_standing(payment.id, &new)?;
    w.insert_payment_booking(&PaymentBooking {
        payment: payment.id,
        action,
        state: State::Matched,
        voucher_no,
        reasons: decision.reasons.clone(),
    })?;
    let invoices: Vec<i64> = decision.allocations.iter().map(|a| a.invoice_no).collect();
    audit_standing(w, payment, action, voucher_no, &invoices)?;
    let payment = payment_in(w, payment.id)?;
    Ok(Reconciled {
        payment,
        voucher_no,
        invoices,
    })
}

/// `reconcile match PAYMENT INVOICE`: match a waiting payment by hand (also how a suggestion is
/// accepted).
pub fn match_payment(
    store: &impl Store,
    actor: &str,
    books: &Books,
    payment: i64,
    invoice_no: i64,
) -> Result<Reconciled> {
    store.write(actor, |w| {
        let p = payment_in(w, payment)?;
        if p.standing.state == State::Matched {
            return Err(AppError::Invalid(msg!(
                "reconcile-already-matched",
                payment = payment
            )));
        }
        let invoice = w.find_open_invoice(invoice_no)?.ok_or_else(|| {
            AppError::Invalid(msg!("reconcile-not-a-faktura", invoice = invoice_no))
        })?;
        let decision = reconcile::match_by_hand(p.standing.held, &invoice, books.tolerance)
            .map_err(|e| match e {
                MatchError::AlreadyPaid { invoice_no } => {
                    AppError::Invalid(msg!("reconcile-invoice-paid", invoice = invoice_no))
                }
                MatchError::NotMoneyIn => {
                    AppError::Invalid(msg!("reconcile-not-money-in", payment = payment))
                }
            })?;
        match_in(w, books, &p, &invoice, "match", decision)
    })
}

/// `reconcile obs PAYMENT`: a suggestion or a prepayment moved to OBS (the work list). A
/// suggestion's money is on OBS already (nothing booked); a prepayment's is moved from 2420 to
/// 2999. A matched payment stays matched (its receipts are kept; correct it in the books).
pub fn obs_payment(
    store: &impl Store,
    actor: &str,
    books: &Books,
    payment: i64,
) -> Result<Reconciled> {
    store.write(actor, |w| {
        let p = payment_in(w, payment)?;
        let acc = ReconcileAccounts::of(&books.accounts);
        let voucher_no = match p.standing.state {
            State::Matched => {
                return Err(AppError::Invalid(msg!(
                    "reconcile-already-matched",
                    payment = payment
                )));
            }
            State::Obs => {
                return Err(AppError::Invalid(msg!(
                    "reconcile-already-obs",
                    payment = payment
                )));
            }
            State::Suggested => None,
            State::Prepayment => {
                let held = p.standing.held;
                let voucher = Voucher {
                    series: "A".into(),
                    number: w.next_number("voucher")?,
                    date: w.now().date_naive().max(p.booked_on),
                    text: format!("Inbetalning {} förskott till OBS", p.bank_id),
                    rows: vec![
                        Posting {
                            account: acc.prepayment,
                            amount: held,
                        },
                        Posting {
                            account: acc.unidentified,
                            amount: -held,
                        },
                    ],
                };
                w.put_accounts(&books.chart, voucher.rows.iter().map(|r| r.account))?;
                w.insert_voucher(&voucher)?;
                Some(voucher.number)
            }
        };
        let mut reasons = p.standing.reasons.clone();
        reasons.push(reconcile::Reason::MovedToObs);
        let new = PaymentStanding {
            state: State::Obs,
            reasons: reasons.clone(),
            suggested_invoice: None,
            waiting_order: None,
            held: p.standing.held,
            credit: p.standing.credit,
        };
        w.set_payment_standing(p.id, &new)?;
        w.insert_payment_booking(&PaymentBooking {
            payment: p.id,
            action: "obs",
            state: State::Obs,
            voucher_no,
            reasons: vec![reconcile::Reason::MovedToObs],
        })?;
        w.audit(
            "incoming_payment",
            &p.id.to_string(),
            "obs",
            Some(&p.standing),
            Some(&new),
        )?;
        Ok(Reconciled {
            payment: payment_in(w, p.id)?,
            voucher_no,
            invoices: Vec::new(),
        })
    })
}

/// A FAKTURA invoice was just booked (inside its transaction): every prepayment waiting for its
/// order is moved from 2420 to 1510 against it, oldest first, as a payment would be (tolerance,
/// partly open, excess left as credit on 2420).
pub fn apply_waiting_prepayments(
    w: &mut impl Writer,
    books: &Books,
    invoice: &Invoice,
) -> Result<Vec<Reconciled>> {
    let mut done = Vec::new();
    for p in w.prepayments_waiting(invoice.order_nr)? {
        let Some(open) = w.find_open_invoice(invoice.no)? else {
            break;
        };
        let decision = reconcile::apply_prepayment(p.standing.held, &open, books.tolerance);
        done.push(match_in(
            w,
            books,
            &p,
            &open,
            "prepayment_applied",
            decision,
        )?);
    }
    Ok(done)
}

/// A provider payout was just applied (inside its transaction) after the bank's credit of it
/// had been imported: that credit waits on OBS 2999, and the payout's voucher booked the net on
/// the bank a second time. The credit closes the payout now, and its voucher takes the second
/// booking back: OBS 2999 debited and the bank credited with the net; what the credit brought
/// beyond the net stays on OBS. Nothing is done for a payout closed already or when no OBS
/// payment names it. Returns the payment closed, if any.
pub fn close_payout_waiting_on_obs(
    w: &mut impl Writer,
    books: &Books,
    reference: &str,
) -> Result<Option<Reconciled>> {
    let Some(payout) = w.payout_by_reference(reference)? else {
        return Ok(None);
    };
    if payout.closed_by.is_some() {
        return Ok(None);
    }
    for p in w.obs_payments_naming(reference)? {
        // Only a payment still wholly on OBS, whose references name this payout (as a word,
        // not a part of another; the matcher decides as it would at the import).
        if p.standing.held != p.amount {
            continue;
        }
        let payment = reconcile::Payment {
            amount: p.amount,
            references: p.references.clone(),
            payer: p.payer.clone(),
        };
        let decision =
            reconcile::reconcile(&payment, books.tolerance, &mut super::WriterLookup(&*w))?;
        if decision.payout != Some(payout.id) {
            continue;
        }
        let acc = ReconcileAccounts::of(&books.accounts);
        let voucher = Voucher {
            series: "A".into(),
            number: w.next_number("voucher")?,
            date: w.now().date_naive().max(p.booked_on),
            text: format!(
                "Inbetalning {} utbetalning {} (från {})",
                p.bank_id, payout.reference, acc.unidentified
            ),
            rows: vec![
                Posting {
                    account: acc.unidentified,
                    amount: decision.settled,
                },
                Posting {
                    account: acc.bank,
                    amount: -decision.settled,
                },
            ],
        };
        // Invariant: every voucher balances (two rows of the same amount, checked anyway).
        if !voucher.is_balanced() {
            return Err(crate::domain::ledger::LedgerError::Unbalanced(voucher.sum()).into());
        }
        w.put_accounts(&books.chart, voucher.rows.iter().map(|r| r.account))?;
        w.insert_voucher(&voucher)?;
        let mut new = standing(&decision, p.standing.reasons.clone());
        new.credit = p.standing.credit;
        w.set_payment_standing(p.id, &new)?;
        w.insert_payment_booking(&PaymentBooking {
            payment: p.id,
            action: "match",
            state: decision.state,
            voucher_no: Some(voucher.number),
            reasons: decision.reasons.clone(),
        })?;
        w.close_payout(payout.id, p.id)?;
        w.audit(
            "incoming_payment",
            &p.id.to_string(),
            "payout_closed",
            Some(&AuditedStanding {
                state: p.standing.state,
                voucher_no: p.voucher_no,
                invoices: &p.invoices,
                held: p.standing.held,
                credit: p.standing.credit,
            }),
            Some(&AuditedStanding {
                state: decision.state,
                voucher_no: Some(voucher.number),
                invoices: &[],
                held: decision.held,
                credit: p.standing.credit,
            }),
        )?;
        let payment = payment_in(w, p.id)?;
        return Ok(Some(Reconciled {
            payment,
            voucher_no: Some(voucher.number),
            invoices: Vec::new(),
        }));
    }
    Ok(None)
}
