//! The Settlements API (providers.md §2.3): every capture is a SALE and every refund a RETURN
//! waiting for the next payout; a lost dispute adds a REVERSAL and a DISPUTE_FEE. The driver
//! `POST /_sim/klarna/payouts` pays out what waits, less a fee per sale, and the merchant reads
//! it with `GET /settlements/v1/payouts[/{payment_reference}]` and
//! `GET /settlements/v1/transactions?payment_reference=…`. A payout never changes once made.

use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use super::http::{Merchant, Reply, Shared, origin, pagination, run_read};
use super::rules::{Refusal, parse_time, timestamp};
use super::store::ledger::{Page, PayoutFilter};
use super::store::{OpResult, Store};
use super::wire::{
    Capture, Order, Payout, PayoutCollection, Refund, Totals, Transaction, TransactionCollection,
};

pub const SALE: &str = "SALE";
pub const RETURN: &str = "RETURN";
pub const FEE: &str = "FEE";
pub const REVERSAL: &str = "REVERSAL";

/// The fee Klarna keeps of every sale in a payout: `rate` in hundredths of a percent (249 =
/// 2,49 %, rounded half up to the öre) plus `fixed` öre.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fee {
    pub rate: i64,
    pub fixed: i64,
}

fn row(order: &Order, kind: &str, detailed: &str, amount: i64, sale_date: &str) -> Transaction {
    Transaction {
        kind: kind.into(),
        detailed_type: detailed.into(),
        amount,
        capture_id: String::new(),
        refund_id: None,
        order_id: order.order_id.clone(),
        short_order_id: order.klarna_reference.clone(),
        merchant_reference1: order.merchant_reference1.clone(),
        merchant_reference2: order.merchant_reference2.clone(),
        merchant_capture_reference: None,
        merchant_refund_reference: None,
        reversal_reference: None,
        sale_date: sale_date.into(),
        capture_date: None,
        payment_reference: None,
        payout: None,
        currency_code: order.purchase_currency.clone(),
        purchase_country: order.purchase_country.clone(),
        vat_rate: 0,
        vat_amount: 0,
    }
}

/// The SALE of a capture.
pub fn sale(order: &Order, capture: &Capture) -> Transaction {
    Transaction {
        capture_id: capture.capture_id.clone(),
        merchant_capture_reference: capture.reference.clone(),
        capture_date: Some(capture.captured_at.clone()),
        ..row(
            order,
            SALE,
            "PURCHASE",
            capture.captured_amount,
            &order.created_at,
        )
    }
}

/// The RETURN of a refund.
pub fn sale_return(order: &Order, refund: &Refund) -> Transaction {
    Transaction {
        refund_id: Some(refund.refund_id.clone()),
        merchant_refund_reference: refund.reference.clone(),
        ..row(
            order,
            RETURN,
            "PURCHASE_RETURN",
            refund.refunded_amount,
            &order.created_at,
        )
    }
}

/// The chargeback (REVERSAL) and the dispute fee of a lost dispute `krn`.
pub fn chargeback(order: &Order, krn: &str, amount: i64, fee: i64) -> Vec<Transaction> {
    let mut rows = vec![Transaction {
        reversal_reference: Some(krn.into()),
        ..row(order, REVERSAL, "REVERSAL", amount, &order.created_at)
    }];
    if fee > 0 {
        rows.push(Transaction {
            reversal_reference: Some(krn.into()),
            ..row(order, FEE, "DISPUTE_FEE", fee, &order.created_at)
        });
    }
    rows
}

/// `amount × rate / 10000`, rounded half up.
pub fn percentage(amount: i64, rate: i64) -> i64 {
    let num = i128::from(amount) * i128::from(rate);
    i64::try_from((num + 5_000) / 10_000).unwrap_or(i64::MAX)
}

/// Adds up a payout's rows, with the debt carried from the last payout: what the rows bring
/// pays the debt first; when they bring less than nothing, the debt grows.
pub fn totals(rows: &[Transaction], opening_debt: i64) -> Totals {
    let of = |kind: &str| -> i64 {
        rows.iter()
            .filter(|t| t.kind == kind)
            .map(|t| t.amount)
            .sum()
    };
    let mut t = Totals {
        sale_amount: of(SALE),
        return_amount: of(RETURN),
        fee_amount: of(FEE),
        reversal_amount: of(REVERSAL),
        opening_debt_balance_amount: opening_debt,
        ..Totals::default()
    };
    let net = t.sale_amount - t.return_amount - t.fee_amount - t.reversal_amount;
    if net >= opening_debt {
        t.repay_amount = opening_debt;
        t.settlement_amount = net - opening_debt;
    } else if net >= 0 {
        t.repay_amount = net;
        t.closing_debt_balance_amount = opening_debt - net;
    } else {
        t.deposit_amount = -net;
        t.closing_debt_balance_amount = opening_debt - net;
    }
    t
}

/// A new payment reference like Klarna's ("XISA93DJ"): eight capitals and digits.
fn new_reference(st: &Store) -> rusqlite::Result<String> {
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    loop {
        let r: String = (0..8)
            .map(|_| char::from(CHARS[rand::random_range(0..CHARS.len())]))
            .collect();
        if !st.payment_reference_taken(&r)? {
            return Ok(r);
        }
    }
}

/// Pays out what waits for the store `username`: its SALE, RETURN, REVERSAL and FEE rows, and a
/// fee per SALE. `None` when nothing waits.
pub fn pay_out(
    st: &mut Store,
    username: &str,
    merchant_id: &str,
    fee: Fee,
    now: DateTime<Utc>,
) -> rusqlite::Result<Option<Payout>> {
    let unpaid = st.unpaid(username)?;
    if unpaid.is_empty() {
        return Ok(None);
    }
    let reference = new_reference(st)?;
    let mut items: Vec<(Option<i64>, Transaction)> = Vec::new();
    for (seq, t) in unpaid {
        let fees = if t.kind == SALE {
            let pct = (percentage(t.amount, fee.rate), "PURCHASE_FEE_PERCENTAGE");
            let fixed = (fee.fixed, "PURCHASE_FEE_FIXED");
            [pct, fixed]
                .into_iter()
                .filter(|(amount, _)| *amount > 0)
                .map(|(amount, detailed)| Transaction {
                    kind: FEE.into(),
                    detailed_type: detailed.into(),
                    amount,
                    capture_id: t.capture_id.clone(),
                    capture_date: t.capture_date.clone(),
                    merchant_capture_reference: t.merchant_capture_reference.clone(),
                    ..t.clone()
                })
                .collect()
        } else {
            Vec::new()
        };
        items.push((Some(seq), t));
        items.extend(fees.into_iter().map(|f| (None, f)));
    }
    let date = timestamp(now);
    for (_, t) in &mut items {
        t.payment_reference = Some(reference.clone());
    }
    let rows: Vec<Transaction> = items.iter().map(|(_, t)| t.clone()).collect();
    let opening = st
        .last_payout(username)?
        .map_or(0, |p| p.totals.closing_debt_balance_amount);
    let payout = Payout {
        payment_reference: reference,
        payout_date: date,
        currency_code: "SEK".into(),
        currency_code_of_registration_country: "SEK".into(),
        merchant_settlement_type: "NET".into(),
        merchant_id: merchant_id.into(),
        totals: totals(&rows, opening),
        transactions: String::new(),
    };
    st.book_payout(username, &payout, parse_time(&payout.payout_date), &items)?;
    Ok(Some(payout))
}

/// A payout as answered: with the link to its transactions on this sandbox.
pub fn with_link(mut p: Payout, origin: &str) -> Payout {
    p.transactions = format!(
        "{origin}/settlements/v1/transactions?payment_reference={}",
        p.payment_reference
    );
    p
}

fn with_payout_link(mut t: Transaction, origin: &str) -> Transaction {
    t.payout = t
        .payment_reference
        .as_ref()
        .map(|r| format!("{origin}/settlements/v1/payouts/{r}"));
    t
}

/// A date filter: a full date-time, or a date meaning its first moment (UTC).
fn date_param(name: &str, value: &str) -> Result<DateTime<Utc>, Refusal> {
    if let Ok(t) = DateTime::parse_from_rfc3339(value) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S") {
        return Ok(t.and_utc());
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
        .map_err(|_| Refusal::bad_value(format!("Bad value: {name} ({value:?} is not a date)")))
}

/// `size` (default 20, at most 500) and `offset` (default 0).
pub fn page_param(query: &[(String, String)]) -> Result<Page, Refusal> {
    let get = |name: &str, default: i64, min: i64, max: i64| -> Result<i64, Refusal> {
        match query.iter().find(|(k, _)| k == name) {
            None => Ok(default),
            Some((_, v)) => v
                .parse::<i64>()
                .ok()
                .filter(|n| (min..=max).contains(n))
                .ok_or_else(|| {
                    Refusal::bad_value(format!("Bad value: {name} (must be {min}–{max})"))
                }),
        }
    };
    Ok(Page {
        size: get("size", 20, 1, 500)?,
        offset: get("offset", 0, 0, i64::MAX)?,
    })
}

fn param<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

/// `GET /settlements/v1/payouts`
pub async fn list_payouts(
    State(sim): State<Shared>,
    Extension(m): Extension<Merchant>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let origin = origin(&headers);
    run_read(&sim, move |st| -> OpResult<Reply> {
        let page = page_param(&query)?;
        let filter = PayoutFilter {
            start: param(&query, "start_date")
                .map(|v| date_param("start_date", v))
                .transpose()?,
            end: param(&query, "end_date")
                .map(|v| date_param("end_date", v))
                .transpose()?,
            currency_code: param(&query, "currency_code").map(str::to_string),
        };
        let (payouts, total) = st.payouts(m.username(), &filter, page)?;
        let body = PayoutCollection {
            pagination: pagination(
                &origin,
                "/settlements/v1/payouts",
                &query,
                page,
                payouts.len(),
                total,
            ),
            payouts: payouts.into_iter().map(|p| with_link(p, &origin)).collect(),
        };
        Ok(Reply::json(200, &body))
    })
}

/// `GET /settlements/v1/payouts/{payment_reference}`
pub async fn get_payout(
    State(sim): State<Shared>,
    Extension(m): Extension<Merchant>,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Response {
    let origin = origin(&headers);
    run_read(&sim, move |st| -> OpResult<Reply> {
        let payout = st
            .payout(m.username(), &reference)?
            .ok_or_else(|| Refusal::not_found(format!("Payout {reference} not found")))?;
        Ok(Reply::json(200, &with_link(payout, &origin)))
    })
}

/// `GET /settlements/v1/transactions?payment_reference=…&order_id=…`
pub async fn list_transactions(
    State(sim): State<Shared>,
    Extension(m): Extension<Merchant>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let origin = origin(&headers);
    run_read(&sim, move |st| -> OpResult<Reply> {
        let page = page_param(&query)?;
        let (rows, total) = st.transactions(
            m.username(),
            param(&query, "payment_reference"),
            param(&query, "order_id"),
            page,
        )?;
        let body = TransactionCollection {
            pagination: pagination(
                &origin,
                "/settlements/v1/transactions",
                &query,
                page,
                rows.len(),
                total,
            ),
            transactions: rows
                .into_iter()
                .map(|t| with_payout_link(t, &origin))
                .collect(),
        };
        Ok(Reply::json(200, &body))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(kind: &str, amount: i64) -> Transaction {
        let order: Order = serde_json::from_value(serde_json::json!({
            "order_id": "o", "status": "CAPTURED", "fraud_status": "ACCEPTED",
            "order_amount": 1, "original_order_amount": 1, "captured_amount": 1,
            "refunded_amount": 0, "remaining_authorized_amount": 0,
            "purchase_country": "SE", "purchase_currency": "SEK", "klarna_reference": "K",
            "created_at": "2026-12-01T10:00:00Z", "expires_at": "2026-12-29T10:00:00Z",
            "order_lines": [], "captures": [], "refunds": [],
            "initial_payment_method": {"type": "INVOICE", "description": "x"}
        }))
        .unwrap();
        row(&order, kind, "X", amount, "2026-12-01T10:00:00Z")
    }

    #[test]
    fn the_percentage_fee_rounds_half_up_to_the_ore() {
        assert_eq!(percentage(100_000, 249), 2_490);
        assert_eq!(percentage(12_345, 249), 307); // 307.39…
        assert_eq!(percentage(20_100, 249), 500); // 500.49
        assert_eq!(percentage(20_101, 249), 501); // 500.51
        assert_eq!(percentage(0, 249), 0);
    }

    #[test]
    fn totals_pay_the_debt_first_and_a_negative_payout_grows_it() {
        let rows = [t(SALE, 10_000), t(FEE, 249), t(RETURN, 1_000)];
        let a = totals(&rows, 0);
        assert_eq!(
            (
                a.sale_amount,
                a.fee_amount,
                a.return_amount,
                a.settlement_amount
            ),
            (10_000, 249, 1_000, 8_751)
        );
        let b = totals(&[t(REVERSAL, 10_000), t(FEE, 15_000)], 0);
        assert_eq!(
            (
                b.settlement_amount,
                b.deposit_amount,
                b.closing_debt_balance_amount
            ),
            (0, 25_000, 25_000)
        );
        let c = totals(&[t(SALE, 30_000)], 25_000);
        assert_eq!(
            (
                c.repay_amount,
                c.settlement_amount,
                c.closing_debt_balance_amount
            ),
            (25_000, 5_000, 0)
        );
        let d = totals(&[t(SALE, 10_000)], 25_000);
        assert_eq!(
            (
                d.repay_amount,
                d.settlement_amount,
                d.closing_debt_balance_amount
            ),
            (10_000, 0, 15_000)
        );
    }

    #[test]
    fn dates_and_pages_are_checked() {
        assert!(date_param("start_date", "2026-12-01").is_ok());
        assert!(date_param("start_date", "2026-12-01T00:00:00Z").is_ok());
        assert!(date_param("start_date", "1 dec").is_err());
        let q = |k: &str, v: &str| vec![(k.to_string(), v.to_string())];
        assert_eq!(page_param(&[]).unwrap().size, 20);
        assert!(page_param(&q("size", "501")).is_err());
        assert!(page_param(&q("size", "0")).is_err());
        assert!(page_param(&q("offset", "-1")).is_err());
        assert_eq!(page_param(&q("offset", "40")).unwrap().offset, 40);
    }
}
