//! Resurs's payouts in the sandbox (issue 14): Resurs pays the merchant what its customers paid,
//! less its fee, with a specification per payment. **Resurs's payout API is not public**
//! (shared/docs/providers.md has no payout section), so the shape here is the sandbox's own,
//! modelled on Klarna's Settlements API: a payout with a bank reference, a date, totals and one
//! row per payment (`crate::payments::resurs::dto::Payout`).
//!
//! - The driver `POST /_sim/resurs/payouts {payoutDate?, feeRate?, feeFixed?}` pays out every
//!   captured payment of the store not paid out before: one `PAYMENT` row each, of what was
//!   captured less what was refunded before the payout, less Resurs's fee ([`Fee`]). A refund
//!   made after its payment was paid out is taken back by the next payout as a `REFUND` row (as
//!   long as the payout stays at or above zero; the rest waits for the next one). Nothing new:
//!   no payout (`{"payouts": []}`).
//! - The merchant reads them with `GET /v2/payouts[?from=DATE&to=DATE]` and
//!   `GET /v2/payouts/{reference}` (bearer token, like the rest of `/v2`).
//! - **A payment is paid out once, ever**: the store's `paid_out` table has one row per payment
//!   paid out (its primary key), written in the payout's own transaction; a payout never
//!   changes once made.
//!
//! The pure rule is here ([`plan`], [`Fee`]); the store keeps the state (`store/payouts.rs`).

use crate::payments::resurs::dto::{Amount, PayoutRow};

/// `PAYMENT`: a captured payment paid out.
pub const PAYMENT: &str = "PAYMENT";
/// `REFUND`: a refund made after its payment was paid out, taken back.
pub const REFUND: &str = "REFUND";

/// Resurs's fee per payment paid out: `rate` in hundredths of a percent of the amount paid out
/// (rounded half up to the öre) plus `fixed` öre, never more than the amount itself. Resurs's
/// fees are financial services (ML 10 kap. 35 §): no VAT. **(A: the real fee depends on the
/// merchant's contract with Resurs; the default is the sandbox's own, 1,50 % + 1,00 kr.)**
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fee {
    pub rate: i64,
    pub fixed: i64,
}

/// The sandbox's fee when the driver names none: 1,50 % + 1,00 kr per payment.
pub const DEFAULT_FEE: Fee = Fee {
    rate: 150,
    fixed: 100,
};

impl Fee {
    /// The fee on a payment paying out `amount` öre (0 for nothing paid out).
    pub fn of(self, amount: i64) -> i64 {
        if amount <= 0 {
            return 0;
        }
        let pct = (i128::from(amount) * i128::from(self.rate) + 5_000) / 10_000;
        let fee = i64::try_from(pct)
            .unwrap_or(i64::MAX)
            .saturating_add(self.fixed.max(0));
        fee.clamp(0, amount)
    }
}

/// A captured payment of the store as the payout sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub payment_id: String,
    pub order_reference: String,
    /// Captured and refunded so far, öre.
    pub captured: i64,
    pub refunded: i64,
    /// The refunds already accounted for by a payout, when the payment was paid out before.
    pub paid_refunded: Option<i64>,
}

/// What a payout does: its rows, and each payment's refunds accounted for after it (to store).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub rows: Vec<PayoutRow>,
    /// (payment id, refunded accounted for): a new payment paid out, or a refund taken back.
    pub marks: Vec<(String, i64)>,
}

impl Plan {
    /// `(payments, refunds, fees, payout)`, öre.
    pub fn totals(&self) -> (i64, i64, i64, i64) {
        let sum = |kind: &str, f: fn(&PayoutRow) -> i64| -> i64 {
            self.rows.iter().filter(|r| r.row_type == kind).map(f).sum()
        };
        let payments = sum(PAYMENT, |r| r.amount.0);
        let refunds = sum(REFUND, |r| r.amount.0);
        let fees = sum(PAYMENT, |r| r.fee_amount.0);
        (payments, refunds, fees, payments - refunds - fees)
    }
}

/// The payout of `candidates` (oldest first): a `PAYMENT` row per payment not paid out before
/// with something left after its refunds, then a `REFUND` row per refund made since its payment
/// was paid out, while the payout stays at or above zero. `None` when there is nothing to pay.
pub fn plan(candidates: &[Candidate], fee: Fee) -> Option<Plan> {
    let mut plan = Plan {
        rows: Vec::new(),
        marks: Vec::new(),
    };
    let mut net = 0i64;
    for c in candidates.iter().filter(|c| c.paid_refunded.is_none()) {
        let amount = c.captured - c.refunded;
        if c.captured <= 0 || amount <= 0 {
            // Nothing to pay (all of it refunded already): left as it is, never a row.
            continue;
        }
        let fee = fee.of(amount);
        net += amount - fee;
        plan.rows.push(PayoutRow {
            row_type: PAYMENT.into(),
            payment_id: c.payment_id.clone(),
            order_reference: c.order_reference.clone(),
            captured_amount: Amount(c.captured),
            refunded_amount: Amount(c.refunded),
            amount: Amount(amount),
            fee_amount: Amount(fee),
        });
        plan.marks.push((c.payment_id.clone(), c.refunded));
    }
    for c in candidates {
        let Some(paid) = c.paid_refunded else {
            continue;
        };
        let refund = c.refunded - paid;
        if refund <= 0 || net - refund < 0 {
            continue;
        }
        net -= refund;
        plan.rows.push(PayoutRow {
            row_type: REFUND.into(),
            payment_id: c.payment_id.clone(),
            order_reference: c.order_reference.clone(),
            captured_amount: Amount(0),
            refunded_amount: Amount(refund),
            amount: Amount(refund),
            fee_amount: Amount(0),
        });
        plan.marks.push((c.payment_id.clone(), c.refunded));
    }
    (!plan.rows.is_empty()).then_some(plan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: &str, captured: i64, refunded: i64, paid: Option<i64>) -> Candidate {
        Candidate {
            payment_id: id.into(),
            order_reference: format!("{id}-1"),
            captured,
            refunded,
            paid_refunded: paid,
        }
    }

    #[test]
    fn the_fee_is_a_rate_plus_a_fixed_part_rounded_half_up_and_never_more_than_paid() {
        // 1,50 % of 1 678,13 kr = 25,17195 → 25,17 kr, + 1,00 kr.
        assert_eq!(DEFAULT_FEE.of(167_813), 2_517 + 100);
        // 1,50 % of 1,00 kr = 0,015 → 0,02 (half up).
        assert_eq!(DEFAULT_FEE.of(100), 100);
        assert_eq!(
            Fee {
                rate: 150,
                fixed: 0
            }
            .of(100),
            2
        );
        assert_eq!(
            Fee {
                rate: 150,
                fixed: 0
            }
            .of(33),
            0
        );
        // Never more than the amount; nothing on nothing.
        assert_eq!(DEFAULT_FEE.of(50), 50);
        assert_eq!(DEFAULT_FEE.of(0), 0);
        assert_eq!(DEFAULT_FEE.of(-500), 0);
        assert_eq!(Fee { rate: 0, fixed: 0 }.of(12_345), 0);
    }

    #[test]
    fn new_payments_are_paid_less_refunds_and_fees() {
        let p = plan(
            &[c("a", 125_000, 0, None), c("b", 200_000, 50_000, None)],
            DEFAULT_FEE,
        )
        .unwrap();
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows[0].amount, Amount(125_000));
        assert_eq!(p.rows[0].fee_amount, Amount(1_875 + 100));
        assert_eq!(p.rows[1].amount, Amount(150_000));
        assert_eq!(p.rows[1].refunded_amount, Amount(50_000));
        assert_eq!(p.rows[1].fee_amount, Amount(2_250 + 100));
        let (payments, refunds, fees, payout) = p.totals();
        assert_eq!((payments, refunds, fees), (275_000, 0, 4_325));
        assert_eq!(payout, 275_000 - 4_325);
        assert_eq!(
            p.marks,
            vec![("a".to_string(), 0), ("b".to_string(), 50_000)]
        );
    }

    #[test]
    fn a_payment_paid_before_is_not_paid_again_and_nothing_new_is_no_payout() {
        assert_eq!(plan(&[c("a", 125_000, 0, Some(0))], DEFAULT_FEE), None);
        // Wholly refunded before any payout: nothing to pay.
        assert_eq!(plan(&[c("a", 125_000, 125_000, None)], DEFAULT_FEE), None);
        assert_eq!(plan(&[], DEFAULT_FEE), None);
    }

    #[test]
    fn a_refund_after_the_payout_is_taken_back_while_the_payout_stays_positive() {
        // Alone, a refund cannot be taken back from nothing: it waits.
        assert_eq!(plan(&[c("a", 125_000, 25_000, Some(0))], DEFAULT_FEE), None);
        let p = plan(
            &[
                c("a", 125_000, 25_000, Some(0)),
                c("b", 100_000, 0, None),
                c("c", 80_000, 80_000, Some(0)),
            ],
            DEFAULT_FEE,
        )
        .unwrap();
        // b pays 100 000 − 1 600 = 98 400; a's refund of 25 000 fits, c's 80 000 does not.
        let kinds: Vec<_> = p
            .rows
            .iter()
            .map(|r| (r.row_type.as_str(), r.payment_id.as_str(), r.amount.0))
            .collect();
        assert_eq!(kinds, vec![(PAYMENT, "b", 100_000), (REFUND, "a", 25_000)]);
        assert_eq!(p.totals().3, 100_000 - 1_600 - 25_000);
        assert_eq!(
            p.marks,
            vec![("b".to_string(), 0), ("a".to_string(), 25_000)]
        );
    }
}
