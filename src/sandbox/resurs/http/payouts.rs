//! Payouts (issue 14; `super::super::payouts` has the rule and why the shape is the sandbox's
//! own): the driver `POST /_sim/resurs/payouts` and the merchant's `GET /v2/payouts` and
//! `GET /v2/payouts/{reference}`.

use chrono::NaiveDate;

use super::*;
use crate::sandbox::resurs::payouts::{DEFAULT_FEE, Fee};

fn date(field: &'static str, s: &str) -> Result<NaiveDate, Rejection> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| Rejection::field(field, format!("{s:?} is not a date (YYYY-MM-DD)")))
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(super) struct PayoutInput {
    /// YYYY-MM-DD; the sandbox clock's day when left out.
    payout_date: Option<String>,
    /// Hundredths of a percent (150 = 1,50 %).
    fee_rate: Option<i64>,
    /// Öre per payment.
    fee_fixed: Option<i64>,
}

/// `POST /_sim/resurs/payouts {payoutDate?, feeRate?, feeFixed?}` → `{"payouts": [payout]}`,
/// or `{"payouts": []}` when nothing waits.
pub(super) async fn sim_payouts(State(app): State<Shared>, body: Bytes) -> Response {
    let input: PayoutInput = if body.iter().all(u8::is_ascii_whitespace) {
        PayoutInput::default()
    } else {
        match parse_json(&body) {
            Ok(v) => v,
            Err(r) => return Reply::from(r).into_response(),
        }
    };
    let given = match input.payout_date.as_deref().map(|d| date("payoutDate", d)) {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err(r)) => return Reply::from(r).into_response(),
    };
    let fee = Fee {
        rate: input.fee_rate.unwrap_or(DEFAULT_FEE.rate),
        fixed: input.fee_fixed.unwrap_or(DEFAULT_FEE.fixed),
    };
    if !(0..=10_000).contains(&fee.rate) || fee.fixed < 0 {
        return Reply::error(
            400,
            "VALIDATION_ERROR",
            "feeRate must be 0–10000 (hundredths of a percent) and feeFixed 0 or more (öre)",
        )
        .into_response();
    }
    let store_id = app.options.store_id.clone();
    let result = {
        let mut store = app.store();
        store.in_tx(|st| {
            let _ = settle(st.tick_due())?;
            let day = given.unwrap_or_else(|| st.now().date_naive());
            settle(st.pay_out(&store_id, day, fee))
        })
    };
    match result {
        Ok(Ok(made)) => {
            if let Some(p) = &made {
                tracing::info!(reference = %p.reference, amount = %p.payout_amount, "sandbox: Resurs payout made");
            }
            let payouts: Vec<_> = made.into_iter().collect();
            Json(serde_json::json!({ "payouts": payouts })).into_response()
        }
        Ok(Err(r)) => Reply::from(r).into_response(),
        Err(e) => db_failure(e),
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct PayoutQuery {
    from: Option<String>,
    to: Option<String>,
}

/// `GET /v2/payouts[?from=DATE&to=DATE]`: the store's payouts dated in the range (inclusive),
/// oldest first, as a page.
pub(super) async fn list_payouts(
    State(app): State<Shared>,
    ConnectInfo(kill): ConnectInfo<KillSwitch>,
    Query(q): Query<PayoutQuery>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let store_id = app.options.store_id.clone();
    let work: Work = Box::new(move |st, _| {
        let from = q.from.as_deref().map(|d| date("from", d)).transpose()?;
        let to = q.to.as_deref().map(|d| date("to", d)).transpose()?;
        let content = st.payouts(&store_id, from, to)?;
        Ok(Reply::json(StatusCode::OK, &Page { content }))
    });
    read_call(&app, &kill, &uri, &headers, work).await
}

/// `GET /v2/payouts/{reference}`: the payout, the same every time; 404 `PAYOUT_NOT_FOUND`.
pub(super) async fn get_payout(
    State(app): State<Shared>,
    ConnectInfo(kill): ConnectInfo<KillSwitch>,
    Path(reference): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let store_id = app.options.store_id.clone();
    let work: Work = Box::new(move |st, _| match st.payout(&store_id, &reference)? {
        Some(p) => Ok(Reply::json(StatusCode::OK, &p)),
        None => Ok(Reply::error(404, "PAYOUT_NOT_FOUND", "payout not found")),
    });
    read_call(&app, &kill, &uri, &headers, work).await
}
