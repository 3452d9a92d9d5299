//! Refunds to customers' bank accounts (issue 15): the customer's payment details, the
//! proposals, batches written as pain.001, the bank's pain.002 status, and the booking when
//! the bank's camt.054 debit confirms a refund (through the reconciliation import).
//!
//! Invariants, and where they are kept:
//!
//! - **Never above what is owed.** What a customer is owed on a source (a FAKTURA invoice's
//!   money received beyond what it asks once credited; a bank payment's credit on 2420) less
//!   what refunds sent or booked took is the most a proposal may be set to and the most a
//!   batch may send: checked in [`set_proposal`] and again in [`make_batch`], inside the
//!   write transaction that stores it (writes are serialised, so two batches made at once
//!   cannot both take the same money: the second sees the first's refunds as sent).
//! - **A refund is in at most one live batch.** A refund row gets its batch when it is sent
//!   and never another (the schema's `refunds_batch_fixed` trigger and the
//!   `(state = 'proposed') = (batch IS NULL)` check, migration 15); a rejected refund stays in
//!   its batch and its money is proposed again as a new refund.
//! - **The same batch written again is byte-identical**: the file is stored as written
//!   (`refund_batches.xml`, append-only) and [`batch_file`] gives those bytes; a new batch
//!   gets a new id and so a new message id.
//! - **Booked only when the bank confirms** ([`confirm_debit`], called by the reconciliation
//!   import for a debit entry): 1510 (credit note) or 2420 (a payment's credit) debit against
//!   1930 credit, one balanced voucher; until then the refund is "skickad" and the money is
//!   still owed on 1510 / 2420.
//! - Every change is one store transaction with an audit event; a bad pain.002 changes
//!   nothing (it is read whole before the transaction, and a payment it names that is not in
//!   the batch refuses the whole file).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::config::{Books, RefundConfig};
use super::error::{AppError, InputField, Result};
use crate::bankfiles::IncomingPayment;
use crate::domain::Money;
use crate::domain::ids::{Bic, Iban, IdError};
use crate::domain::ledger::{Posting, Voucher};
use crate::domain::reconcile::{Decision, Reason, ReconcileAccounts, State};
use crate::domain::refund::pain001::{self, Debtor, Group, Transfer};
use crate::domain::refund::pain002::{self, StatusReport, TxStatus};
use crate::domain::refund::{
    Payee, ProposalId, RefundSource, RefundState, WrittenKind, remittance, written_kind,
};
use crate::msg;
use crate::store::prelude::*;
use crate::store::{
    BatchRecord, OwedRecord, OwedView, RefundRecord, RefundStore, Store, StoreError, Writer,
};

/// `customer set NO --account … | --iban … [--bic …] | --bankgiro … | --plusgiro …`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PayeeChange {
    pub account: Option<String>,
    pub iban: Option<String>,
    pub bic: Option<String>,
    pub bankgiro: Option<String>,
    pub plusgiro: Option<String>,
    /// Remove the payment details.
    pub clear: bool,
}

impl PayeeChange {
    pub fn is_empty(&self) -> bool {
        *self == PayeeChange::default()
    }

    /// The customer form's two fields: the details written in one ([`written_kind`] tells
    /// the kind) and the BIC. Both empty removes the details. Checked by [`Self::payee`].
    pub fn written(text: &str, bic: &str) -> PayeeChange {
        let mut change = PayeeChange {
            bic: Some(bic.trim())
                .filter(|b| !b.is_empty())
                .map(str::to_owned),
            ..PayeeChange::default()
        };
        let Some((kind, number)) = written_kind(text) else {
            change.clear = true;
            return change;
        };
        let slot = match kind {
            WrittenKind::Account => &mut change.account,
            WrittenKind::Iban => &mut change.iban,
            WrittenKind::Bankgiro => &mut change.bankgiro,
            WrittenKind::Plusgiro => &mut change.plusgiro,
        };
        *slot = Some(number.to_owned());
        change
    }

    /// The checked payee (None: remove). One kind at a time; an error names its field (the
    /// details, or the BIC) for the customer form.
    pub fn payee(&self) -> Result<Option<Payee>> {
        let given = [
            self.account.is_some(),
            self.iban.is_some(),
            self.bankgiro.is_some(),
            self.plusgiro.is_some(),
            self.clear,
        ]
        .iter()
        .filter(|g| **g)
        .count();
        if given != 1 {
            return Err(AppError::Invalid(msg!("refund-payee-one-kind")));
        }
        let at = |e: IdError| AppError::from(e).at(InputField::PaymentDetails);
        let bic = match (&self.bic, &self.iban) {
            (Some(_), None) => {
                return Err(AppError::Invalid(msg!("refund-bic-needs-iban")).at(InputField::Bic));
            }
            (Some(b), Some(_)) => {
                Some(Bic::parse(b).map_err(|e| AppError::from(e).at(InputField::Bic))?)
            }
            (None, _) => None,
        };
        Ok(if let Some(a) = &self.account {
            Some(Payee::account(a).map_err(at)?)
        } else if let Some(i) = &self.iban {
            Some(Payee::Iban {
                iban: Iban::parse(i).map_err(at)?,
                bic,
            })
        } else if let Some(b) = &self.bankgiro {
            Some(Payee::bankgiro(b).map_err(at)?)
        } else if let Some(p) = &self.plusgiro {
            Some(Payee::plusgiro(p).map_err(at)?)
        } else {
            None
        })
    }
}

/// Set (or remove) where a customer's refunds are paid: checked first, one transaction with
/// its audit event.
pub fn set_payment_details(
    store: &impl Store,
    actor: &str,
    customer_no: i64,
    change: &PayeeChange,
) -> Result<Option<Payee>> {
    let payee = change.payee()?;
    store.write(actor, |w| {
        w.customer(customer_no)?
            .ok_or(StoreError::CustomerNotFound(customer_no))?;
        write_payment_details(w, customer_no, payee.as_ref())?;
        Ok(payee)
    })
}

/// Within a write: the customer's payment details become `payee` (None: removed), with an
/// audit event of before and after. Unchanged details write nothing.
pub fn write_payment_details(
    w: &mut impl Writer,
    customer_no: i64,
    payee: Option<&Payee>,
) -> Result<()> {
    let before = w.payment_details_in(customer_no)?;
    if before.as_ref() == payee {
        return Ok(());
    }
    w.set_payment_details(customer_no, payee)?;
    w.audit(
        "customer",
        &customer_no.to_string(),
        "payment_details",
        Some(&before),
        Some(&payee),
    )?;
    Ok(())
}

/// A refund proposal: money to return to a customer, with what was changed by hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proposal {
    /// `F41` (invoice 41's credit notes) or `I17` (payment 17's credit on 2420).
    pub id: String,
    pub source: RefundSource,
    pub source_id: i64,
    pub customer_no: i64,
    pub customer_name: String,
    /// The order number (credit note) or the payment reference.
    pub reference: String,
    pub credit_notes: Vec<i64>,
    /// Owed now: received beyond what is asked, less refunds sent or booked.
    pub owed: Money,
    /// What the batch will pay: changed by hand, else everything owed.
    pub amount: Money,
    pub pay_on: NaiveDate,
    pub changed_by_hand: bool,
    /// Where the money goes (None: the customer has no payment details yet).
    pub payee: Option<Payee>,
    /// The message to the customer: prefix + reference.
    pub message: String,
    /// The bank's reason when an earlier refund of this money was rejected.
    pub rejected: Option<String>,
    /// Sent and waiting for the bank ("skickad"): still owed until the bank confirms.
    pub sent: Money,
}

/// A refund sent and waiting for the bank, in one line, as `refund list` and `refund batch`
/// write it and the refunds screen shows the selected one.
pub fn describe_sent(r: &RefundRecord, lang: crate::domain::Lang) -> String {
    crate::t!(
        lang,
        "cli-refund-sent",
        refund = r.id,
        id = r.end_to_end_id.clone().unwrap_or_default(),
        customer = r.customer_no,
        amount = r.amount.to_string(),
        date = r.pay_on.to_string(),
        batch = r.batch.unwrap_or_default()
    )
}

impl Proposal {
    /// To whom it is paid, as the list shows it ("5000-1001000 (SEB)"), or that the customer
    /// has no payment details yet.
    pub fn payee_text(&self, lang: crate::domain::Lang) -> String {
        self.payee
            .as_ref()
            .map(|p| p.to_string())
            .unwrap_or_else(|| crate::t!(lang, "cli-refund-no-payee"))
    }

    /// The proposal in one line, as `verkstad refund list` writes it and the refunds screen
    /// shows the selected one: amount, what is owed, day, payee, message, what was sent already
    /// and a rejection before.
    pub fn describe(&self, lang: crate::domain::Lang) -> String {
        let mut line = crate::t!(
            lang,
            "cli-refund-proposal",
            id = self.id.clone(),
            customer = self.customer_no,
            name = self.customer_name.clone(),
            amount = self.amount.to_string(),
            owed = self.owed.to_string(),
            date = self.pay_on.to_string(),
            payee = self.payee_text(lang),
            message = self.message.clone()
        );
        if self.sent > Money::ZERO {
            line.push_str(&crate::t!(
                lang,
                "cli-refund-also-sent",
                amount = self.sent.to_string()
            ));
        }
        if let Some(r) = &self.rejected {
            line.push_str(&crate::t!(
                lang,
                "cli-refund-rejected-before",
                reason = r.clone()
            ));
        }
        line
    }
}

/// The proposals and the refunds waiting for the bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefundList {
    pub proposals: Vec<Proposal>,
    /// Sent, not yet confirmed by the bank ("skickad").
    pub sent: Vec<RefundRecord>,
}

fn proposal_id(source: RefundSource, id: i64) -> String {
    ProposalId { source, id }.to_string()
}

/// The proposals as the transaction sees them.
fn proposals_in(w: &impl Writer, cfg: &RefundConfig, today: NaiveDate) -> Result<RefundList> {
    Ok(proposals_of(w.owed_views_in()?, cfg, today))
}

/// The proposals (what is still owed, less what was sent or booked) and the refunds sent,
/// from what is owed on each source and its refunds.
fn proposals_of(views: Vec<OwedView>, cfg: &RefundConfig, today: NaiveDate) -> RefundList {
    let mut list = RefundList {
        proposals: Vec::new(),
        sent: Vec::new(),
    };
    for OwedView {
        owed: o,
        refunds,
        payee,
    } in views
    {
        let sent: Money = refunds
            .iter()
            .filter(|r| r.state == RefundState::Sent)
            .map(|r| r.amount)
            .sum();
        list.sent.extend(
            refunds
                .iter()
                .filter(|r| r.state == RefundState::Sent)
                .cloned(),
        );
        let open = o.owed - o.refunded;
        if open <= Money::ZERO {
            continue;
        }
        let hand = refunds.iter().find(|r| r.state == RefundState::Proposed);
        let rejected = refunds
            .iter()
            .rev()
            .find(|r| r.state == RefundState::Rejected)
            .map(|r| r.reason.clone().unwrap_or_default());
        list.proposals.push(Proposal {
            id: proposal_id(o.source, o.source_id),
            source: o.source,
            source_id: o.source_id,
            customer_no: o.customer_no,
            customer_name: o.customer_name.clone(),
            reference: reference_text(&o),
            credit_notes: o.credit_notes.clone(),
            owed: open,
            // Never above what is owed: a hand-set amount the debt has since shrunk below is
            // shown (and sent) as the debt.
            amount: hand.map_or(open, |h| h.amount.min(open)),
            pay_on: hand.map_or(today, |h| h.pay_on.max(today)),
            changed_by_hand: hand.is_some(),
            payee,
            message: remittance(&cfg.message_prefix, &reference_text(&o)),
            rejected,
            sent,
        });
    }
    list
}

/// The reference in the message: "order 10042" for a credit note (the customer's order
/// number), the payment reference as the customer wrote it for a payment's credit.
fn reference_text(o: &OwedRecord) -> String {
    match o.source {
        RefundSource::Invoice => format!("order {}", o.reference),
        RefundSource::Payment => o.reference.clone(),
    }
}

/// `refund list` and the refunds screen: read in one read transaction, so the proposals and
/// what was sent are one consistent view, and without the write lock, so a booking at the
/// counter never waits for the list.
pub fn list(
    store: &(impl Store + RefundStore),
    cfg: &RefundConfig,
    today: NaiveDate,
) -> Result<RefundList> {
    Ok(proposals_of(store.owed_views()?, cfg, today))
}

fn find<'a>(list: &'a RefundList, id: &ProposalId) -> Result<&'a Proposal> {
    list.proposals
        .iter()
        .find(|p| p.source == id.source && p.source_id == id.id)
        .ok_or_else(|| AppError::Invalid(msg!("refund-no-such-proposal", id = id.to_string())))
}

/// `refund set ID [--amount A] [--date D]`: never above what is owed, never before today.
pub fn set_proposal(
    store: &impl Store,
    actor: &str,
    cfg: &RefundConfig,
    id: ProposalId,
    amount: Option<Money>,
    date: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Proposal> {
    if amount.is_none() && date.is_none() {
        return Err(AppError::Invalid(msg!("refund-nothing-to-change")));
    }
    store.write(actor, |w| {
        let list = proposals_in(w, cfg, today)?;
        let p = find(&list, &id)?.clone();
        let amount = amount.unwrap_or(p.amount);
        if amount <= Money::ZERO {
            return Err(AppError::Invalid(msg!(
                "refund-amount-not-positive",
                amount = amount.to_string()
            ))
            .at(InputField::RefundAmount));
        }
        // Invariant: a refund is never more than what is owed.
        if amount > p.owed {
            return Err(AppError::Invalid(msg!(
                "refund-amount-above-owed",
                amount = amount.to_string(),
                owed = p.owed.to_string(),
                id = p.id.clone()
            ))
            .at(InputField::RefundAmount));
        }
        let pay_on = date.unwrap_or(p.pay_on);
        if pay_on < today {
            return Err(
                AppError::Invalid(msg!("refund-date-past", date = pay_on.to_string()))
                    .at(InputField::RefundDate),
            );
        }
        w.put_proposal(&RefundRecord {
            id: 0,
            source: p.source,
            source_id: p.source_id,
            customer_no: p.customer_no,
            amount,
            pay_on,
            reference: p.reference.clone(),
            state: RefundState::Proposed,
            reason: None,
            batch: None,
            end_to_end_id: None,
            payee: None,
            voucher_no: None,
            payment: None,
        })?;
        let after = Proposal {
            amount,
            pay_on,
            changed_by_hand: true,
            ..p.clone()
        };
        w.audit("refund_proposal", &p.id, "set", Some(&p), Some(&after))?;
        Ok(after)
    })
}

/// What a batch did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BatchOutcome {
    pub batch: BatchRecord,
    pub refunds: Vec<RefundRecord>,
    /// Proposals left out because their customer has no payment details (only when no ids
    /// were named; a named one without details refuses the batch).
    pub without_details: Vec<String>,
}

/// The message id of batch `id` made at `now`: unique per database (the id) and readable.
fn msg_id(id: i64, now: DateTime<Utc>) -> String {
    format!("VRK-R{id}-{}", now.format("%Y%m%d%H%M%S"))
}

/// `refund batch [--date D] [IDS…]`: the chosen proposals (all when none is named) sent as
/// one pain.001 file, stored with the batch; one transaction with its audit event.
#[allow(clippy::too_many_arguments)]
pub fn make_batch(
    store: &impl Store,
    actor: &str,
    cfg: &RefundConfig,
    books: &Books,
    ids: &[ProposalId],
    date: Option<NaiveDate>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<BatchOutcome> {
    let debtor_iban = cfg
        .iban
        .clone()
        .ok_or_else(|| AppError::Invalid(msg!("refund-no-company-iban")))?;
    if let Some(d) = date
        && d < today
    {
        return Err(AppError::Invalid(msg!(
            "refund-date-past",
            date = d.to_string()
        )));
    }
    store.write(actor, |w| {
        let list = proposals_in(w, cfg, today)?;
        let mut chosen: Vec<Proposal> = Vec::new();
        let mut without_details = Vec::new();
        if ids.is_empty() {
            for p in &list.proposals {
                if p.payee.is_some() {
                    chosen.push(p.clone());
                } else {
                    without_details.push(p.id.clone());
                }
            }
        } else {
            for id in ids {
                let p = find(&list, id)?;
                if p.payee.is_none() {
                    return Err(AppError::Invalid(msg!(
                        "refund-no-payee",
                        id = p.id.clone(),
                        customer = p.customer_no
                    )));
                }
                if !chosen.iter().any(|c| c.id == p.id) {
                    chosen.push(p.clone());
                }
            }
        }
        if chosen.is_empty() {
            return Err(AppError::Invalid(msg!("refund-nothing-to-batch")));
        }
        let batch_id = w.next_batch_id()?;
        let mut refunds = Vec::new();
        for (next_refund, p) in (w.next_refund_id()?..).zip(chosen.iter()) {
            // Invariant: never above what is owed (read in this transaction).
            if p.amount > p.owed || p.amount <= Money::ZERO {
                return Err(AppError::Invalid(msg!(
                    "refund-amount-above-owed",
                    amount = p.amount.to_string(),
                    owed = p.owed.to_string(),
                    id = p.id.clone()
                )));
            }
            refunds.push(RefundRecord {
                id: next_refund,
                source: p.source,
                source_id: p.source_id,
                customer_no: p.customer_no,
                amount: p.amount,
                pay_on: date.unwrap_or(p.pay_on),
                reference: p.message.clone(),
                state: RefundState::Sent,
                reason: None,
                batch: Some(batch_id),
                end_to_end_id: Some(format!("VRK-REFUND-{next_refund}")),
                payee: p.payee.clone(),
                voucher_no: None,
                payment: None,
            });
        }
        let mut dates: Vec<NaiveDate> = refunds.iter().map(|r| r.pay_on).collect();
        dates.sort();
        dates.dedup();
        let names: std::collections::HashMap<i64, String> = chosen
            .iter()
            .map(|p| (p.customer_no, p.customer_name.clone()))
            .collect();
        let groups = dates
            .iter()
            .enumerate()
            .map(|(i, d)| Group {
                payment_info_id: format!("VRK-R{batch_id}-{}", i + 1),
                pay_on: *d,
                // Every chosen proposal has a payee (checked above).
                transfers: refunds
                    .iter()
                    .filter(|r| r.pay_on == *d)
                    .filter_map(|r| {
                        Some(Transfer {
                            end_to_end_id: r.end_to_end_id.clone().unwrap_or_default(),
                            amount: r.amount,
                            creditor: names.get(&r.customer_no).cloned().unwrap_or_default(),
                            payee: r.payee.clone()?,
                            message: r.reference.clone(),
                        })
                    })
                    .collect(),
            })
            .collect();
        let file = pain001::Batch {
            msg_id: msg_id(batch_id, now),
            created_at: now.naive_utc(),
            debtor: Debtor {
                name: books.company.name.clone(),
                orgnr: books.company.orgnr.clone(),
                iban: debtor_iban.electronic().to_owned(),
                bic: cfg.bic.as_ref().map(|b| b.as_str().to_owned()),
            },
            groups,
        };
        let batch = BatchRecord {
            id: batch_id,
            msg_id: file.msg_id.clone(),
            pay_on: dates[0],
            count: refunds.len() as i64,
            total: refunds.iter().map(|r| r.amount).sum(),
            xml: pain001::write(&file),
        };
        w.insert_batch(&batch)?;
        for r in &refunds {
            w.delete_proposal(r.source, r.source_id)?;
            w.insert_sent(r)?;
        }
        w.audit(
            "refund_batch",
            &batch.msg_id,
            "sent",
            None::<&()>,
            Some(&(&batch, &refunds)),
        )?;
        Ok(BatchOutcome {
            batch,
            refunds,
            without_details,
        })
    })
}

/// A batch's file as it was written (the same bytes every time).
pub fn batch_file(store: &impl crate::store::RefundStore, id: i64) -> Result<BatchRecord> {
    store
        .refund_batch(id)?
        .ok_or_else(|| AppError::Invalid(msg!("refund-no-such-batch", batch = id)))
}

/// What a status report did, per payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusLine {
    pub refund: i64,
    pub end_to_end_id: String,
    pub code: String,
    pub status: TxStatus,
    pub reason: Option<String>,
    /// The refund was rejected now and its money is proposed again.
    pub returned_to_proposals: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusOutcome {
    pub msg_id: String,
    pub batch: i64,
    pub lines: Vec<StatusLine>,
}

/// `refund status FILE`: the bank's pain.002 for one of our batches. Read whole first (a bad
/// file changes nothing, the error names the element), then applied in one transaction: a
/// rejected refund returns to the proposals with the reason; accepted ones wait for the
/// bank's debit.
pub fn apply_status(store: &impl Store, actor: &str, bytes: &[u8]) -> Result<StatusOutcome> {
    let report: StatusReport = pain002::parse(bytes).map_err(AppError::Pain002)?;
    store.write(actor, |w| {
        let batch = w.batch_by_msg_id(&report.original_msg_id)?.ok_or_else(|| {
            AppError::Invalid(msg!(
                "refund-status-unknown-message",
                msg_id = report.original_msg_id.clone()
            ))
        })?;
        let in_batch = w.refunds_of_batch(batch.id)?;
        let mut lines = Vec::new();
        let mut tx = report.transactions.clone();
        if tx.is_empty() && report.group_status.as_deref() == Some("RJCT") {
            // The whole message rejected: every payment of it.
            tx = in_batch
                .iter()
                .map(|r| pain002::TxInfo {
                    end_to_end_id: r.end_to_end_id.clone().unwrap_or_default(),
                    code: "RJCT".into(),
                    status: TxStatus::Rejected,
                    reason: report.group_reason.clone(),
                })
                .collect();
        }
        for t in &tx {
            let r = in_batch
                .iter()
                .find(|r| r.end_to_end_id.as_deref() == Some(t.end_to_end_id.as_str()))
                .ok_or_else(|| {
                    AppError::Invalid(msg!(
                        "refund-status-unknown-payment",
                        id = t.end_to_end_id.clone(),
                        msg_id = batch.msg_id.clone()
                    ))
                })?;
            let returned = t.status == TxStatus::Rejected && r.state == RefundState::Sent;
            if returned {
                w.set_refund_rejected(r.id, t.reason.as_deref().unwrap_or(&t.code))?;
            }
            lines.push(StatusLine {
                refund: r.id,
                end_to_end_id: t.end_to_end_id.clone(),
                code: t.code.clone(),
                status: t.status,
                reason: t.reason.clone(),
                returned_to_proposals: returned,
            });
        }
        w.audit(
            "refund_batch",
            &batch.msg_id,
            "status",
            None::<&()>,
            Some(&lines),
        )?;
        Ok(StatusOutcome {
            msg_id: batch.msg_id.clone(),
            batch: batch.id,
            lines,
        })
    })
}

/// A refund confirmed by the bank's debit: the decision stored with the payment, its
/// voucher, and the refund to mark booked once the payment has its id.
pub struct Confirmed {
    pub decision: Decision,
    pub voucher_no: i64,
    pub refund: i64,
}

/// The reconciliation import's rule for a debit (money out): when its EndToEndId is a sent
/// refund's and the amount is that refund's, book 1510 (a credit note's refund) or 2420 (a
/// payment's credit) debit against 1930 credit, dated the bank's booking day. Anything else
/// (no EndToEndId, no such refund, another amount, a refund not sent) is None: the import
/// treats it as before (money out on the work list).
pub fn confirm_debit(
    w: &mut impl Writer,
    books: &Books,
    p: &IncomingPayment,
    date: NaiveDate,
) -> Result<Option<Confirmed>> {
    if p.amount >= Money::ZERO {
        return Ok(None);
    }
    let Some(e2e) = p.end_to_end_id.as_deref() else {
        return Ok(None);
    };
    let Some(r) = w.refund_by_end_to_end(e2e)? else {
        return Ok(None);
    };
    if r.state != RefundState::Sent || r.amount != -p.amount {
        return Ok(None);
    }
    let acc = ReconcileAccounts::of(&books.accounts);
    let owed_on = match r.source {
        RefundSource::Invoice => acc.receivable,
        RefundSource::Payment => acc.prepayment,
    };
    let voucher = Voucher {
        series: "A".into(),
        number: w.next_number("voucher")?,
        date,
        text: format!("Återbetalning {e2e}"),
        rows: vec![
            Posting {
                account: owed_on,
                amount: r.amount,
            },
            Posting {
                account: acc.bank,
                amount: -r.amount,
            },
        ],
    };
    // Invariant: every voucher balances.
    if !voucher.is_balanced() {
        return Err(crate::domain::ledger::LedgerError::Unbalanced(voucher.sum()).into());
    }
    w.put_accounts(&books.chart, voucher.rows.iter().map(|p| p.account))?;
    w.insert_voucher(&voucher)?;
    Ok(Some(Confirmed {
        decision: Decision {
            state: State::Matched,
            reasons: vec![Reason::RefundConfirmed {
                refund: r.id,
                end_to_end_id: e2e.to_owned(),
            }],
            allocations: Vec::new(),
            rounding: Money::ZERO,
            credit: Money::ZERO,
            held: Money::ZERO,
            settled: Money::ZERO,
            payout: None,
            suggested_invoice: None,
            waiting_order: None,
        },
        voucher_no: voucher.number,
        refund: r.id,
    }))
}

/// After the payment is stored: the refund booked with its voucher and the bank's entry.
pub fn mark_booked(w: &mut impl Writer, c: &Confirmed, payment: i64) -> Result<()> {
    w.set_refund_booked(c.refund, c.voucher_no, payment)?;
    w.audit(
        "refund",
        &c.refund.to_string(),
        "booked",
        None::<&()>,
        Some(&(c.voucher_no, payment)),
    )?;
    Ok(())
}
