//! Resurs's payouts as the neutral [`SettlementSource`] (issue 14): the client reads them
//! (`GET /v2/payouts?from=DATE`; the shape is the sandbox's own, as Resurs's payout API is not
//! public — `crate::sandbox::resurs::payouts`) and [`to_payout`] maps each to the domain's
//! [`Payout`]: per `PAYMENT` row a `SALE` of what was captured (with our `orderReference` and
//! Resurs's payment id, so the app matches it to our invoice), a `RETURN` of what was refunded
//! before the payout and a `FEE`; per `REFUND` row a `RETURN`. Reads only.

use chrono::NaiveDate;
use reqwest::Method;

use super::client::{PROVIDER, ResursClient};
use super::dto;
use crate::domain::Money;
use crate::domain::settlement::{Payout, PayoutRow, RowKind};
use crate::payments::{ProviderError, ProviderFuture, SettlementSource};

/// The detailed type of the fee row (Resurs's fee on a payment paid out).
pub const FEE_DETAIL: &str = "PAYMENT_FEE";

fn money(a: dto::Amount) -> Money {
    Money::from_ore(a.0)
}

fn row(kind: RowKind, detail: &str, amount: dto::Amount, r: &dto::PayoutRow) -> PayoutRow {
    PayoutRow {
        kind,
        detail: Some(detail.to_string()),
        amount: money(amount),
        // Resurs's fees are financial services: no VAT.
        vat: Money::ZERO,
        order_reference: Some(r.order_reference.clone()).filter(|s| !s.is_empty()),
        provider_order_id: Some(r.payment_id.clone()).filter(|s| !s.is_empty()),
        capture_id: None,
        refund_id: None,
        dispute_id: None,
        sale_date: None,
    }
}

/// A payout as the domain's [`Payout`]; a row of a type Verkstad does not know is kept as
/// [`RowKind::Other`] (booked on the OBS account by the app). A bad date is a protocol error.
pub fn to_payout(p: &dto::Payout) -> Result<Payout, ProviderError> {
    let payout_date = NaiveDate::parse_from_str(&p.payout_date, "%Y-%m-%d").map_err(|_| {
        ProviderError::Protocol {
            provider: PROVIDER,
            message: format!(
                "payout {}: payoutDate {:?} is not a date",
                p.reference, p.payout_date
            ),
        }
    })?;
    let mut rows = Vec::new();
    for r in &p.rows {
        match r.row_type.as_str() {
            "PAYMENT" => {
                rows.push(row(RowKind::Sale, "PAYMENT", r.captured_amount, r));
                if r.refunded_amount.0 > 0 {
                    rows.push(row(RowKind::Return, "REFUND", r.refunded_amount, r));
                }
                if r.fee_amount.0 > 0 {
                    rows.push(row(RowKind::Fee, FEE_DETAIL, r.fee_amount, r));
                }
            }
            "REFUND" => rows.push(row(RowKind::Return, "REFUND", r.amount, r)),
            other => rows.push(row(RowKind::Other(other.to_string()), other, r.amount, r)),
        }
    }
    Ok(Payout {
        provider: PROVIDER.to_string(),
        payment_reference: p.reference.clone(),
        payout_date,
        currency: p.currency.clone(),
        rows,
        net: money(p.payout_amount),
        opening_debt: Money::ZERO,
        closing_debt: Money::ZERO,
    })
}

impl ResursClient {
    /// `GET /v2/payouts?from=DATE`: every payout dated `since` or later, oldest first.
    pub async fn payouts(&self, since: NaiveDate) -> Result<Vec<dto::Payout>, ProviderError> {
        let path = format!("/v2/payouts?from={since}");
        let page: dto::Page<dto::Payout> = self.call(Method::GET, &path, None::<&()>, None).await?;
        Ok(page.content)
    }
}

impl SettlementSource for ResursClient {
    fn name(&self) -> &'static str {
        PROVIDER
    }

    fn payouts_since(&self, since: NaiveDate) -> ProviderFuture<'_, Vec<Payout>> {
        Box::pin(async move {
            let mut out = self
                .payouts(since)
                .await?
                .iter()
                .map(to_payout)
                .collect::<Result<Vec<_>, _>>()?;
            out.sort_by(|a, b| {
                (a.payout_date, &a.payment_reference).cmp(&(b.payout_date, &b.payment_reference))
            });
            Ok(out)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec_row(kind: &str, captured: i64, refunded: i64, amount: i64, fee: i64) -> dto::PayoutRow {
        dto::PayoutRow {
            row_type: kind.into(),
            payment_id: "8b9dab18-e1fe".into(),
            order_reference: "10042-1".into(),
            captured_amount: dto::Amount(captured),
            refunded_amount: dto::Amount(refunded),
            amount: dto::Amount(amount),
            fee_amount: dto::Amount(fee),
        }
    }

    fn payout(rows: Vec<dto::PayoutRow>, net: i64) -> dto::Payout {
        dto::Payout {
            reference: "RSP0000000042".into(),
            store_id: "s".into(),
            payout_date: "2026-11-30".into(),
            currency: "SEK".into(),
            payment_amount: dto::Amount(0),
            refund_amount: dto::Amount(0),
            fee_amount: dto::Amount(0),
            payout_amount: dto::Amount(net),
            rows,
        }
    }

    #[test]
    fn a_payment_row_is_a_sale_its_earlier_refund_a_return_and_its_fee_a_fee() {
        let p = to_payout(&payout(
            vec![
                spec_row("PAYMENT", 200_000, 50_000, 150_000, 2_350),
                spec_row("REFUND", 0, 10_000, 10_000, 0),
            ],
            150_000 - 2_350 - 10_000,
        ))
        .unwrap();
        assert_eq!(p.provider, "Resurs");
        assert_eq!(p.payment_reference, "RSP0000000042");
        assert_eq!(
            p.payout_date,
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
        );
        let kinds: Vec<_> = p
            .rows
            .iter()
            .map(|r| (r.kind.clone(), r.amount.ore()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (RowKind::Sale, 200_000),
                (RowKind::Return, 50_000),
                (RowKind::Fee, 2_350),
                (RowKind::Return, 10_000),
            ]
        );
        for r in &p.rows {
            assert_eq!(r.order_reference.as_deref(), Some("10042-1"));
            assert_eq!(r.provider_order_id.as_deref(), Some("8b9dab18-e1fe"));
            assert!(r.vat.is_zero());
        }
        // The rows come to what reaches the bank.
        assert!(p.adds_up(), "{p:?}");
    }

    #[test]
    fn no_refund_and_no_fee_make_no_rows_and_an_unknown_type_is_kept() {
        let p = to_payout(&payout(
            vec![
                spec_row("PAYMENT", 125_000, 0, 125_000, 0),
                spec_row("ADJUSTMENT", 0, 0, 500, 0),
            ],
            125_500,
        ))
        .unwrap();
        let kinds: Vec<_> = p.rows.iter().map(|r| r.kind.clone()).collect();
        assert_eq!(
            kinds,
            vec![RowKind::Sale, RowKind::Other("ADJUSTMENT".into())]
        );
        assert!(p.adds_up());
    }

    #[test]
    fn a_bad_date_is_a_protocol_error() {
        let mut p = payout(Vec::new(), 0);
        p.payout_date = "30/11/2026".into();
        assert!(matches!(to_payout(&p), Err(ProviderError::Protocol { .. })));
    }
}
