//! Resurs's payouts in the sandbox store (`super::super::payouts` has the rule): the payouts
//! made, and which payments they paid. A payment is paid out once, ever: `paid_out` has one row
//! per payment (its primary key), inserted by the payout that paid it, in that payout's
//! transaction; later refunds raise its `refunded` when a payout takes them back.

use chrono::NaiveDate;

use super::*;
use crate::payments::resurs::dto::{Amount, Payout};
use crate::sandbox::resurs::payouts::{Candidate, Fee, plan};

pub(super) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS payouts (
    reference TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    store_id TEXT NOT NULL,
    payout_date TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS paid_out (
    payment_id TEXT PRIMARY KEY,
    payout_reference TEXT NOT NULL,
    refunded INTEGER NOT NULL
);
";

impl Store {
    /// The store's captured payments, oldest first, with what a payout accounted for already.
    fn payout_candidates(&self, store_id: &str) -> rusqlite::Result<Vec<Candidate>> {
        let mut paid = self
            .conn
            .prepare_cached("SELECT refunded FROM paid_out WHERE payment_id = ?1")?;
        let mut out = Vec::new();
        for p in self.search(store_id, None, None)? {
            if p.order.captured_amount.0 <= 0 {
                continue;
            }
            let paid_refunded = paid
                .query_row(params![p.id], |r| r.get::<_, i64>(0))
                .optional()?;
            out.push(Candidate {
                payment_id: p.id.clone(),
                order_reference: p.order.order_reference.clone(),
                captured: p.order.captured_amount.0,
                refunded: p.order.refunded_amount.0,
                paid_refunded,
            });
        }
        Ok(out)
    }

    /// A new bank reference: `RSP` and ten digits, not used before.
    fn new_payout_reference(&self) -> rusqlite::Result<String> {
        loop {
            let r = format!("RSP{:010}", rand::random_range(0..10_000_000_000u64));
            let taken = self
                .conn
                .query_row(
                    "SELECT 1 FROM payouts WHERE reference = ?1",
                    params![r],
                    |_| Ok(()),
                )
                .optional()?
                .is_some();
            if !taken {
                return Ok(r);
            }
        }
    }

    /// Pays out what waits for store `store_id` on `date` (call inside [`Store::in_tx`]): the
    /// payout, or `None` when nothing waits.
    pub fn pay_out(
        &mut self,
        store_id: &str,
        date: NaiveDate,
        fee: Fee,
    ) -> OpResult<Option<Payout>> {
        let candidates = self.payout_candidates(store_id)?;
        let Some(plan) = plan(&candidates, fee) else {
            return Ok(None);
        };
        let (payments, refunds, fees, net) = plan.totals();
        let payout = Payout {
            reference: self.new_payout_reference()?,
            store_id: store_id.to_string(),
            payout_date: date.to_string(),
            currency: "SEK".into(),
            payment_amount: Amount(payments),
            refund_amount: Amount(refunds),
            fee_amount: Amount(fees),
            payout_amount: Amount(net),
            rows: plan.rows,
        };
        self.conn.execute(
            "INSERT INTO payouts (reference, seq, store_id, payout_date, body)
             VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM payouts), ?2, ?3, ?4)",
            params![
                payout.reference,
                store_id,
                payout.payout_date,
                serde_json::to_string(&payout)?
            ],
        )?;
        for (payment_id, refunded) in &plan.marks {
            // Paid once, ever: a payment already in `paid_out` only has its refunds raised.
            self.conn.execute(
                "INSERT INTO paid_out (payment_id, payout_reference, refunded) VALUES (?1, ?2, ?3)
                 ON CONFLICT (payment_id) DO UPDATE SET refunded = excluded.refunded",
                params![payment_id, payout.reference, refunded],
            )?;
        }
        Ok(Some(payout))
    }

    fn payout_of(body: String) -> rusqlite::Result<Payout> {
        serde_json::from_str(&body).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
    }

    /// The store's payouts dated `from`..=`to`, oldest first.
    pub fn payouts(
        &self,
        store_id: &str,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> rusqlite::Result<Vec<Payout>> {
        let mut st = self.conn.prepare(
            "SELECT body FROM payouts WHERE store_id = ?1
               AND (?2 IS NULL OR payout_date >= ?2) AND (?3 IS NULL OR payout_date <= ?3)
             ORDER BY payout_date, seq",
        )?;
        let rows = st.query_map(
            params![
                store_id,
                from.map(|d| d.to_string()),
                to.map(|d| d.to_string())
            ],
            |r| r.get::<_, String>(0),
        )?;
        rows.map(|b| b.and_then(Self::payout_of)).collect()
    }

    pub fn payout(&self, store_id: &str, reference: &str) -> rusqlite::Result<Option<Payout>> {
        self.conn
            .query_row(
                "SELECT body FROM payouts WHERE store_id = ?1 AND reference = ?2",
                params![store_id, reference],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .map(Self::payout_of)
            .transpose()
    }
}
