//! Why the matcher decided as it did, in the catalogue's words.

use serde::{Deserialize, Serialize};

use crate::domain::Lang;
use crate::t;

/// Why the matcher decided as it did: one entry per finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Reason {
    Ocr {
        text: String,
        invoice_no: i64,
    },
    InvoiceNumber {
        text: String,
        invoice_no: i64,
    },
    OrderNumber {
        text: String,
        invoice_no: i64,
    },
    OrderReference {
        text: String,
        invoice_no: i64,
    },
    ProviderId {
        text: String,
        invoice_no: i64,
    },
    AmountAndPayer {
        payer: String,
        invoice_no: i64,
    },
    /// One open invoice asks exactly the amount, but the payer is not its buyer.
    AmountOnly {
        invoice_no: i64,
    },
    /// Money out (a deduction or a debit): not a payment of an invoice.
    NotMoneyIn,
    NoReference,
    UnknownReference {
        text: String,
    },
    SeveralCandidates {
        count: usize,
    },
    AlreadyPaid {
        invoice_no: i64,
    },
    /// The references name orders of ours not yet invoiced.
    OrderNotInvoiced {
        order_nr: i64,
    },
    /// References name more than one order not yet invoiced.
    SeveralOrders,
    ByHand {
        invoice_no: i64,
    },
    MovedToObs,
    PrepaymentApplied {
        invoice_no: i64,
    },
    /// The bank's credit of a provider's payout (its voucher booked the bank already).
    Payout {
        provider: String,
        reference: String,
    },
    /// The bank credited another amount than the payout's net.
    PayoutDiffers {
        net: crate::domain::Money,
        received: crate::domain::Money,
    },
    /// The payout was closed by an earlier payment.
    PayoutAlreadyClosed {
        reference: String,
        payment: i64,
    },
    /// The references name a payout together with something else, or several payouts.
    SeveralTargets,
    /// A debit whose EndToEndId is a refund we sent (issue 15): the bank paid it.
    RefundConfirmed {
        refund: i64,
        end_to_end_id: String,
    },
}

impl Reason {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Reason::Ocr { text, invoice_no } => {
                t!(
                    lang,
                    "reconcile-why-ocr",
                    text = text,
                    invoice = *invoice_no
                )
            }
            Reason::InvoiceNumber { text, invoice_no } => t!(
                lang,
                "reconcile-why-invoice-number",
                text = text,
                invoice = *invoice_no
            ),
            Reason::OrderNumber { text, invoice_no } => t!(
                lang,
                "reconcile-why-order-number",
                text = text,
                invoice = *invoice_no
            ),
            Reason::OrderReference { text, invoice_no } => t!(
                lang,
                "reconcile-why-order-reference",
                text = text,
                invoice = *invoice_no
            ),
            Reason::ProviderId { text, invoice_no } => t!(
                lang,
                "reconcile-why-provider-id",
                text = text,
                invoice = *invoice_no
            ),
            Reason::AmountAndPayer { payer, invoice_no } => t!(
                lang,
                "reconcile-why-amount-and-payer",
                payer = payer,
                invoice = *invoice_no
            ),
            Reason::AmountOnly { invoice_no } => {
                t!(lang, "reconcile-why-amount-only", invoice = *invoice_no)
            }
            Reason::NotMoneyIn => t!(lang, "reconcile-why-not-money-in"),
            Reason::RefundConfirmed {
                refund,
                end_to_end_id,
            } => t!(
                lang,
                "reconcile-why-refund-confirmed",
                refund = *refund,
                id = end_to_end_id
            ),
            Reason::NoReference => t!(lang, "reconcile-why-no-reference"),
            Reason::UnknownReference { text } => {
                t!(lang, "reconcile-why-unknown-reference", text = text)
            }
            Reason::SeveralCandidates { count } => {
                t!(lang, "reconcile-why-several-candidates", count = *count)
            }
            Reason::AlreadyPaid { invoice_no } => {
                t!(lang, "reconcile-why-already-paid", invoice = *invoice_no)
            }
            Reason::OrderNotInvoiced { order_nr } => {
                t!(lang, "reconcile-why-order-not-invoiced", nr = *order_nr)
            }
            Reason::SeveralOrders => t!(lang, "reconcile-why-several-orders"),
            Reason::ByHand { invoice_no } => {
                t!(lang, "reconcile-why-by-hand", invoice = *invoice_no)
            }
            Reason::MovedToObs => t!(lang, "reconcile-why-moved-to-obs"),
            Reason::Payout {
                provider,
                reference,
            } => t!(
                lang,
                "reconcile-why-payout",
                provider = provider,
                reference = reference
            ),
            Reason::PayoutDiffers { net, received } => t!(
                lang,
                "reconcile-why-payout-differs",
                net = net.to_string(),
                received = received.to_string()
            ),
            Reason::PayoutAlreadyClosed { reference, payment } => t!(
                lang,
                "reconcile-why-payout-already-closed",
                reference = reference,
                payment = *payment
            ),
            Reason::SeveralTargets => t!(lang, "reconcile-why-several-targets"),
            Reason::PrepaymentApplied { invoice_no } => {
                t!(
                    lang,
                    "reconcile-why-prepayment-applied",
                    invoice = *invoice_no
                )
            }
        }
    }
}

/// Reasons rendered and joined with "; ".
pub fn explain(reasons: &[Reason], lang: Lang) -> String {
    reasons
        .iter()
        .map(|r| r.message(lang))
        .collect::<Vec<_>>()
        .join("; ")
}
