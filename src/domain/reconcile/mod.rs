//! Reconciliation of incoming payments (issue 14): which open invoices a payment from the bank
//! pays, why, and the voucher it makes. Pure: the store is asked through [`Lookup`] and the
//! postings are computed, nothing is read or written here.
//!
//! The rules, tried in this order (docs/RECONCILIATION.md, "Matching"):
//!
//! 1. **References.** Every reference (OCR, structured, free text) is read for clues
//!    ([`clues::clues`]): an OCR number, an invoice number, an order number, our order reference
//!    of a payment attempt ("10042-1") or a provider's payment id. Each clue is looked up; the
//!    invoices found are paid in the order the payer named them.
//! 2. **Not yet invoiced.** A reference that names an order which has no invoice yet makes the
//!    payment a prepayment (2420), matched when the invoice is booked.
//! 3. **Amount and payer.** With no clue found: the open invoices asking exactly the amount; one
//!    whose buyer is the payer (name or organisation/personal number) is matched; exactly one
//!    without a payer match is a suggestion (booked on OBS until accepted); none or several go
//!    to OBS 2999.
//!
//! Amounts: a payment that comes within the tolerance of what its invoices ask closes them, the
//! difference on 3740; less leaves the last invoice partly open; more leaves the excess as the
//! customer's credit on 2420. When the payer split the payment between the invoices
//! (BgMax TK22/TK23 amounts per reference), each invoice gets its part by the same rules.
//! Money out (a BgMax deduction, a camt.054 debit) goes to OBS.
//!
//! **Provider payouts.** A reference that names a provider's payout already applied (Klarna's
//! or Resurs's payment reference) is the bank's credit of that payout: the payout's voucher put
//! its net on the bank account already, so the payment closes the payout and books nothing more
//! (`settled`); a difference from the net waits on OBS. A payout closed by an earlier payment
//! is not closed again: the second payment goes to OBS.
//!
//! Invariant (kept by [`reconcile`], [`match_by_hand`] and [`apply_prepayment`], property-tested):
//! `sum(allocations) + rounding + credit + held + settled == amount`, no allocation exceeds its
//! invoice's open amount, and |rounding| ≤ tolerance.

pub mod clues;
mod postings;
mod reason;

pub use clues::{Clue, clues};
pub use postings::{ReconcileAccounts, postings};
pub use reason::{Reason, explain};

use serde::{Deserialize, Serialize};

use super::Lang;
use super::money::Money;
use crate::t;

/// The default tolerance: a payment at most this much off what its invoices ask closes them,
/// the difference booked on 3740 (öres- och kronutjämning).
pub const DEFAULT_TOLERANCE_ORE: i64 = 100;

/// The kind of a reference, as the bank file said it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefKind {
    Ocr,
    CreditorReference,
    Structured,
    DocumentNumber,
    FreeText,
    Incorrect,
}

/// One reference of a payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRef {
    pub kind: RefKind,
    pub text: String,
    /// The part of the payment the payer said this reference covers (BgMax TK22/TK23).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
}

/// Who paid, as far as the file says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payer {
    pub name: Option<String>,
    /// Organisationsnummer or personnummer as given.
    pub org_no: Option<String>,
    pub account: Option<String>,
}

/// A payment to reconcile: signed (money in positive), its references and payer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub amount: Money,
    pub references: Vec<PaymentRef>,
    pub payer: Payer,
}

/// An invoice of ours (FAKTURA) and what is still open on it: what it asks, less its credit
/// invoices, less what has been received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenInvoice {
    pub invoice_no: i64,
    pub order_nr: i64,
    pub to_pay: Money,
    pub open: Money,
    /// The buyer's name and personal or organisation number, as invoiced.
    pub buyer: String,
    pub buyer_id: Option<String>,
}

/// What the store found for a clue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// An invoice of ours (open or not).
    Invoice(OpenInvoice),
    /// An order of ours that has no FAKTURA invoice yet.
    OrderNotInvoiced {
        order_nr: i64,
    },
    /// A provider's payout of ours, applied (its voucher booked the net on the bank).
    Payout(KnownPayout),
    Nothing,
}

/// A provider payout already applied, as the matcher sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownPayout {
    pub id: i64,
    pub provider: String,
    pub reference: String,
    /// What the payout's voucher booked on the bank account.
    pub net: Money,
    /// The incoming payment that closed it already, if any.
    pub closed_by: Option<i64>,
}

/// How the matcher asks the store.
pub trait Lookup {
    type Error;
    /// The invoice (or not-yet-invoiced order) a clue names.
    fn find(&mut self, clue: &Clue) -> Result<Found, Self::Error>;
    /// Open invoices that ask exactly `amount` (what is open on them now is `open`).
    fn asking(&mut self, amount: Money) -> Result<Vec<OpenInvoice>, Self::Error>;
}

/// Where a payment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Booked against its invoices.
    Matched,
    /// One invoice fits by amount but not by payer: booked on OBS until accepted.
    Suggested,
    /// Not identified: on OBS 2999, in the work list.
    Obs,
    /// Names an order that is not invoiced yet: on 2420 until the invoice is booked.
    Prepayment,
}

impl State {
    pub fn code(self) -> &'static str {
        match self {
            State::Matched => "matched",
            State::Suggested => "suggested",
            State::Obs => "obs",
            State::Prepayment => "prepayment",
        }
    }

    pub fn parse(code: &str) -> Option<State> {
        [
            State::Matched,
            State::Suggested,
            State::Obs,
            State::Prepayment,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    /// The work list's order: suggestions first, then OBS, prepayments, matched.
    pub fn rank(self) -> u8 {
        match self {
            State::Suggested => 0,
            State::Obs => 1,
            State::Prepayment => 2,
            State::Matched => 3,
        }
    }

    /// Whether the payment still needs someone (suggested or OBS).
    pub fn needs_work(self) -> bool {
        matches!(self, State::Suggested | State::Obs)
    }

    pub fn label(self, lang: Lang) -> String {
        match self {
            State::Matched => t!(lang, "reconcile-state-matched"),
            State::Suggested => t!(lang, "reconcile-state-suggested"),
            State::Obs => t!(lang, "reconcile-state-obs"),
            State::Prepayment => t!(lang, "reconcile-state-prepayment"),
        }
    }
}

/// Money credited to one invoice's receivable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    pub invoice_no: i64,
    pub order_nr: i64,
    pub amount: Money,
    /// The invoice is paid in full with this (including a difference within the tolerance).
    pub closes: bool,
}

/// What to do with a payment.
///
/// Invariant: `sum(allocations.amount) + rounding + credit + held == amount` of the payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub state: State,
    pub reasons: Vec<Reason>,
    pub allocations: Vec<Allocation>,
    /// The difference within the tolerance, booked on 3740 as a credit (negative: paid short).
    pub rounding: Money,
    /// More than the invoices ask: the customer's credit on 2420.
    pub credit: Money,
    /// Waiting for work: on 2999 (OBS, suggested) or 2420 (prepayment).
    pub held: Money,
    /// Already on the bank account by a provider payout's voucher: the payout this payment
    /// closes (`payout`), so not booked again.
    #[serde(default)]
    pub settled: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payout: Option<i64>,
    pub suggested_invoice: Option<i64>,
    pub waiting_order: Option<i64>,
}

impl Decision {
    fn hold(state: State, amount: Money, reasons: Vec<Reason>) -> Decision {
        Decision {
            state,
            reasons,
            allocations: Vec::new(),
            rounding: Money::ZERO,
            credit: Money::ZERO,
            held: amount,
            settled: Money::ZERO,
            payout: None,
            suggested_invoice: None,
            waiting_order: None,
        }
    }

    pub fn allocated(&self) -> Money {
        self.allocations.iter().map(|a| a.amount).sum()
    }

    /// Every reason, rendered and joined.
    pub fn explain(&self, lang: Lang) -> String {
        explain(&self.reasons, lang)
    }
}

/// Why a payment cannot be matched by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchError {
    /// The invoice asks nothing more.
    AlreadyPaid { invoice_no: i64 },
    /// Money out cannot pay an invoice.
    NotMoneyIn,
}

/// Decide what a payment pays (the rules in the module doc).
pub fn reconcile<L: Lookup>(
    payment: &Payment,
    tolerance: Money,
    lookup: &mut L,
) -> Result<Decision, L::Error> {
    let amount = payment.amount;
    if amount <= Money::ZERO {
        return Ok(Decision::hold(State::Obs, amount, vec![Reason::NotMoneyIn]));
    }
    // Each invoice found, why, and the part of the payment its reference said it covers.
    let mut invoices: Vec<(OpenInvoice, Reason, Option<Money>)> = Vec::new();
    let mut paid: Vec<i64> = Vec::new();
    let mut orders: Vec<i64> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    let mut payouts: Vec<KnownPayout> = Vec::new();
    let mut any_clue = false;
    for r in &payment.references {
        for alternatives in clues(r) {
            any_clue = true;
            let mut found_any = false;
            for clue in &alternatives {
                match lookup.find(clue)? {
                    Found::Invoice(inv) => {
                        found_any = true;
                        let seen = invoices
                            .iter()
                            .any(|(i, ..)| i.invoice_no == inv.invoice_no)
                            || paid.contains(&inv.invoice_no);
                        if seen {
                            // Named twice: counted once.
                        } else if inv.open <= Money::ZERO {
                            paid.push(inv.invoice_no);
                        } else {
                            let reason = reason_for(clue, inv.invoice_no);
                            invoices.push((inv, reason, r.amount));
                        }
                        break;
                    }
                    Found::OrderNotInvoiced { order_nr } => {
                        found_any = true;
                        if !orders.contains(&order_nr) {
                            orders.push(order_nr);
                        }
                        break;
                    }
                    Found::Payout(p) => {
                        found_any = true;
                        if !payouts.iter().any(|q| q.id == p.id) {
                            payouts.push(p);
                        }
                        break;
                    }
                    Found::Nothing => {}
                }
            }
            if !found_any && let Some(first) = alternatives.first() {
                unknown.push(first.text().to_string());
            }
        }
    }
    if let Some(d) = close_payout(amount, &payouts, !invoices.is_empty() || !orders.is_empty()) {
        return Ok(d);
    }
    if !invoices.is_empty() {
        let said = said_parts(amount, &invoices);
        let mut open = Vec::with_capacity(invoices.len());
        let mut reasons = Vec::with_capacity(invoices.len());
        for (inv, reason, _) in invoices {
            open.push(inv);
            reasons.push(reason);
        }
        let mut d = match said {
            Some(parts) => allocate_said(&open, &parts, tolerance, reasons),
            None => allocate(amount, &open, tolerance, reasons),
        };
        d.state = State::Matched;
        return Ok(d);
    }
    if !paid.is_empty() {
        let reasons = paid
            .iter()
            .map(|&invoice_no| Reason::AlreadyPaid { invoice_no })
            .collect();
        return Ok(Decision::hold(State::Obs, amount, reasons));
    }
    match orders.as_slice() {
        [order_nr] => {
            let mut d = Decision::hold(
                State::Prepayment,
                amount,
                vec![Reason::OrderNotInvoiced {
                    order_nr: *order_nr,
                }],
            );
            d.waiting_order = Some(*order_nr);
            return Ok(d);
        }
        [] => {}
        _ => {
            return Ok(Decision::hold(
                State::Obs,
                amount,
                vec![Reason::SeveralOrders],
            ));
        }
    }
    // No reference found anything: the open invoices asking exactly this amount.
    let candidates: Vec<OpenInvoice> = lookup
        .asking(amount)?
        .into_iter()
        .filter(|i| i.open == amount)
        .collect();
    let by_payer: Vec<&OpenInvoice> = candidates
        .iter()
        .filter(|i| same_party(&payment.payer, i))
        .collect();
    if let [inv] = by_payer.as_slice() {
        let reason = Reason::AmountAndPayer {
            payer: payment.payer.name.clone().unwrap_or_default(),
            invoice_no: inv.invoice_no,
        };
        let mut d = allocate(amount, &[(*inv).clone()], tolerance, vec![reason]);
        d.state = State::Matched;
        return Ok(d);
    }
    let not_found = if !any_clue {
        Reason::NoReference
    } else {
        Reason::UnknownReference {
            text: unknown.join(", "),
        }
    };
    match (by_payer.len(), candidates.as_slice()) {
        (0, [inv]) => {
            let mut d = Decision::hold(
                State::Suggested,
                amount,
                vec![
                    not_found,
                    Reason::AmountOnly {
                        invoice_no: inv.invoice_no,
                    },
                ],
            );
            d.suggested_invoice = Some(inv.invoice_no);
            Ok(d)
        }
        (0, []) => Ok(Decision::hold(State::Obs, amount, vec![not_found])),
        (n, all) => Ok(Decision::hold(
            State::Obs,
            amount,
            vec![
                not_found,
                Reason::SeveralCandidates {
                    count: if n > 0 { n } else { all.len() },
                },
            ],
        )),
    }
}

/// A payment whose references name provider payouts: exactly one, not closed yet and nothing
/// else named, closes it (the difference from its net on OBS); one closed already, or several,
/// or a payout beside invoices, leave the payment on OBS. `None` when no payout is named.
fn close_payout(amount: Money, payouts: &[KnownPayout], names_more: bool) -> Option<Decision> {
    let payout = match payouts {
        [] => return None,
        [p] if !names_more => p,
        _ => {
            return Some(Decision::hold(
                State::Obs,
                amount,
                vec![Reason::SeveralTargets],
            ));
        }
    };
    if let Some(payment) = payout.closed_by {
        return Some(Decision::hold(
            State::Obs,
            amount,
            vec![Reason::PayoutAlreadyClosed {
                reference: payout.reference.clone(),
                payment,
            }],
        ));
    }
    let diff = amount - payout.net;
    let mut reasons = vec![Reason::Payout {
        provider: payout.provider.clone(),
        reference: payout.reference.clone(),
    }];
    let state = if diff.is_zero() {
        State::Matched
    } else {
        reasons.push(Reason::PayoutDiffers {
            net: payout.net,
            received: amount,
        });
        State::Obs
    };
    let mut d = Decision::hold(state, diff, reasons);
    d.settled = payout.net;
    d.payout = Some(payout.id);
    Some(d)
}

fn reason_for(clue: &Clue, invoice_no: i64) -> Reason {
    let text = clue.text().to_string();
    match clue {
        Clue::Ocr { .. } => Reason::Ocr { text, invoice_no },
        Clue::InvoiceNo { .. } => Reason::InvoiceNumber { text, invoice_no },
        Clue::OrderNo { .. } => Reason::OrderNumber { text, invoice_no },
        Clue::OrderReference { .. } => Reason::OrderReference { text, invoice_no },
        Clue::ProviderId { .. } => Reason::ProviderId { text, invoice_no },
    }
}

/// Whether the payer is the invoice's buyer: the same personal or organisation number (its
/// last ten digits), or the same name (letters and digits, any case, words in any order).
pub fn same_party(payer: &Payer, inv: &OpenInvoice) -> bool {
    let digits = |s: &str| -> String {
        let d: String = s.chars().filter(char::is_ascii_digit).collect();
        d[d.len().saturating_sub(10)..].to_string()
    };
    if let (Some(a), Some(b)) = (&payer.org_no, &inv.buyer_id) {
        let (a, b) = (digits(a), digits(b));
        if a.len() == 10 && a == b {
            return true;
        }
    }
    let words = |s: &str| -> Vec<String> {
        let mut w: Vec<String> = s
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        w.sort();
        w
    };
    match &payer.name {
        Some(name) => {
            let (a, b) = (words(name), words(&inv.buyer));
            !a.is_empty() && a == b
        }
        None => false,
    }
}

/// Pay `invoices` (each with something open, in this order) with `amount` > 0: within the
/// tolerance of what they ask together, every one is closed and the difference is rounding;
/// less, they are paid in order and the last one paid stays partly open; more, every one is
/// closed and the excess is the customer's credit.
fn allocate(
    amount: Money,
    invoices: &[OpenInvoice],
    tolerance: Money,
    reasons: Vec<Reason>,
) -> Decision {
    let total: Money = invoices.iter().map(|i| i.open).sum();
    let diff = amount - total;
    let within = diff.abs_money() <= tolerance;
    let mut d = Decision::hold(State::Matched, Money::ZERO, reasons);
    if within || diff > Money::ZERO {
        for i in invoices {
            d.allocations.push(Allocation {
                invoice_no: i.invoice_no,
                order_nr: i.order_nr,
                amount: i.open,
                closes: true,
            });
        }
        if within {
            d.rounding = diff;
        } else {
            d.credit = diff;
        }
    } else {
        let mut paid = Money::ZERO;
        for i in invoices {
            let take = (amount - paid).min(i.open);
            if take <= Money::ZERO {
                break;
            }
            paid += take;
            d.allocations.push(Allocation {
                invoice_no: i.invoice_no,
                order_nr: i.order_nr,
                amount: take,
                closes: take == i.open,
            });
        }
    }
    d
}

/// The part of the payment each invoice's reference said it covers (BgMax TK22/TK23: the
/// payer's own split), when the payer said it for several invoices: every reference's amount,
/// the one reference without an amount (the payment's main reference, TK20) taking the rest.
/// `None` (pay in order, as [`allocate`] does) unless the parts are all positive and come to
/// the amount exactly.
fn said_parts(
    amount: Money,
    invoices: &[(OpenInvoice, Reason, Option<Money>)],
) -> Option<Vec<Money>> {
    if invoices.len() < 2 || invoices.iter().all(|(.., a)| a.is_none()) {
        return None;
    }
    let given: Money = invoices.iter().filter_map(|(.., a)| *a).sum();
    let missing = invoices.iter().filter(|(.., a)| a.is_none()).count();
    let rest = amount - given;
    let parts: Vec<Money> = match missing {
        0 => invoices.iter().filter_map(|(.., a)| *a).collect(),
        1 => invoices.iter().map(|(.., a)| a.unwrap_or(rest)).collect(),
        _ => return None,
    };
    let sum: Money = parts.iter().copied().sum();
    (sum == amount && parts.iter().all(|p| *p > Money::ZERO)).then_some(parts)
}

/// Pay each invoice the part the payer said (`parts`, positive, summing to the payment): a
/// part within the tolerance of what is open closes the invoice (the difference is rounding),
/// less leaves it partly open, more closes it and leaves the excess as the customer's credit.
/// Keeps the invariant, as each part is wholly allocated, rounded or credited.
fn allocate_said(
    invoices: &[OpenInvoice],
    parts: &[Money],
    tolerance: Money,
    reasons: Vec<Reason>,
) -> Decision {
    let mut d = Decision::hold(State::Matched, Money::ZERO, reasons);
    for (i, part) in invoices.iter().zip(parts) {
        let diff = *part - i.open;
        // The rounding of all the parts together stays within the tolerance.
        let (take, closes) = if (d.rounding + diff).abs_money() <= tolerance {
            d.rounding += diff;
            (i.open, true)
        } else if diff > Money::ZERO {
            d.credit += diff;
            (i.open, true)
        } else {
            (*part, false)
        };
        d.allocations.push(Allocation {
            invoice_no: i.invoice_no,
            order_nr: i.order_nr,
            amount: take,
            closes,
        });
    }
    d
}

/// A payment on OBS (or a suggestion) matched by hand to `invoice`.
pub fn match_by_hand(
    amount: Money,
    invoice: &OpenInvoice,
    tolerance: Money,
) -> Result<Decision, MatchError> {
    if amount <= Money::ZERO {
        return Err(MatchError::NotMoneyIn);
    }
    if invoice.open <= Money::ZERO {
        return Err(MatchError::AlreadyPaid {
            invoice_no: invoice.invoice_no,
        });
    }
    Ok(allocate(
        amount,
        std::slice::from_ref(invoice),
        tolerance,
        vec![Reason::ByHand {
            invoice_no: invoice.invoice_no,
        }],
    ))
}

/// A prepayment waiting on 2420 applied to the invoice just booked for its order (same rules
/// as a payment: tolerance, partly open, excess kept as credit).
pub fn apply_prepayment(amount: Money, invoice: &OpenInvoice, tolerance: Money) -> Decision {
    let reasons = vec![Reason::PrepaymentApplied {
        invoice_no: invoice.invoice_no,
    }];
    if invoice.open <= Money::ZERO || amount <= Money::ZERO {
        // Nothing to pay: it all stays the customer's credit.
        let mut d = Decision::hold(State::Matched, Money::ZERO, reasons);
        d.credit = amount;
        return d;
    }
    allocate(amount, std::slice::from_ref(invoice), tolerance, reasons)
}

trait AbsMoney {
    fn abs_money(self) -> Money;
}

impl AbsMoney for Money {
    fn abs_money(self) -> Money {
        if self.is_negative() { -self } else { self }
    }
}

#[cfg(test)]
mod tests;
