//! The `/_sim/klarna/*` drivers (no credentials, loopback only like the whole sandbox): the
//! test stores, the customer's authorization, a pending order's fraud decision, the clock,
//! payouts, opening and deciding disputes, the order list and a reset.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use super::http::{Reply, Shared, run_read};
use super::rules::{self, ACCEPTED, Outcome, PENDING, REJECTED, Refusal};
use super::settlements::{self, Fee};
use super::store::{Authorization, OpResult};
use super::{TEST_STORES, disputes};

/// An authorization token places an order within 60 minutes.
const TOKEN_MINUTES: i64 = 60;

fn parse<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, Refusal> {
    serde_json::from_slice(if body.is_empty() { b"{}" } else { body })
        .map_err(|e| Refusal::bad_value(format!("Invalid body: {e}")))
}

/// `GET /_sim/klarna/stores`: the test stores and their credentials.
pub async fn stores() -> Response {
    Json(&TEST_STORES).into_response()
}

#[derive(Debug, Deserialize)]
struct AuthorizeInput {
    session_id: String,
    outcome: Option<Outcome>,
}

/// `POST /_sim/klarna/authorize {session_id, outcome?}`: the customer authorizes the session in
/// Klarna's widget. `outcome` (`accepted`, `pending`, `rejected`) decides; without it the test
/// e-mail in the session's `billing_address.email` does, and otherwise it is accepted. A
/// rejected customer gets no token (`approved: false`), as in Klarna's widget.
pub async fn authorize(State(sim): State<Shared>, body: Bytes) -> Response {
    run_read(&sim, |st| -> OpResult<Reply> {
        let input: AuthorizeInput = parse(&body)?;
        let mut rec = st
            .session(&input.session_id)?
            .ok_or_else(|| Refusal::not_found(format!("Session {} not found", input.session_id)))?;
        let now = st.now();
        if rec.session.status == "complete" {
            return Err(
                Refusal::new(403, "NOT_ALLOWED", "The session already has an order").into(),
            );
        }
        if rules::parse_time(&rec.session.expires_at) <= now {
            return Err(Refusal::new(403, "NOT_ALLOWED", "The session has expired").into());
        }
        let email = rec
            .session
            .billing_address
            .as_ref()
            .and_then(|a| a.get("email"))
            .and_then(|e| e.as_str())
            .unwrap_or_default();
        let test = rules::test_data(email);
        let outcome = input
            .outcome
            .or(test.as_ref().map(|t| t.outcome))
            .unwrap_or(Outcome::Accepted);
        if outcome == Outcome::Rejected {
            rec.authorization = None;
            st.save_session(&rec)?;
            return Ok(Reply::json(
                200,
                &json!({"approved": false, "show_form": false}),
            ));
        }
        let then = test
            .and_then(|t| t.then)
            .filter(|_| outcome == Outcome::Pending)
            .map(|(after, status)| (after.num_seconds(), status.to_string()));
        let token = Uuid::new_v4().to_string();
        rec.authorization = Some(Authorization {
            token: token.clone(),
            outcome,
            expires_at: now + Duration::minutes(TOKEN_MINUTES),
            then,
            order_id: None,
        });
        st.save_session(&rec)?;
        Ok(Reply::json(
            200,
            &json!({"approved": true, "show_form": true, "finalize_required": false,
                    "authorization_token": token}),
        ))
    })
}

#[derive(Debug, Deserialize)]
pub struct OrdersQuery {
    username: Option<String>,
}

/// `GET /_sim/klarna/orders[?username=…]`: every order with its store, oldest first.
pub async fn orders(State(sim): State<Shared>, Query(q): Query<OrdersQuery>) -> Response {
    run_read(&sim, |st| {
        Ok(Reply::json(200, &st.orders(q.username.as_deref())?))
    })
}

#[derive(Debug, Deserialize)]
struct FraudInput {
    fraud_status: String,
}

/// `POST /_sim/klarna/orders/{order_id}/fraud {fraud_status: ACCEPTED|REJECTED}`: ends a
/// pending order's review (a rejected order is cancelled).
pub async fn fraud(
    State(sim): State<Shared>,
    Path(order_id): Path<String>,
    body: Bytes,
) -> Response {
    run_read(&sim, |st| -> OpResult<Reply> {
        let input: FraudInput = parse(&body)?;
        let status = input.fraud_status.to_ascii_uppercase();
        if status != ACCEPTED && status != REJECTED {
            return Err(
                Refusal::bad_value("Bad value: fraud_status (ACCEPTED or REJECTED)").into(),
            );
        }
        let mut rec = st
            .order_any(&order_id)?
            .ok_or_else(|| Refusal::no_such_order(&order_id))?;
        if rec.order.fraud_status != PENDING {
            return Err(Refusal::new(403, "NOT_ALLOWED", "The order is not pending").into());
        }
        rules::decide_fraud(&mut rec, &status);
        st.save_order(&rec)?;
        Ok(Reply::json(200, &rec.order))
    })
}

#[derive(Debug, Deserialize)]
struct AdvanceInput {
    seconds: i64,
}

/// `POST /_sim/klarna/clock/advance {seconds}`: moves the Klarna sandbox's clock (its own, not
/// the Resurs sandbox's) and applies what became due.
pub async fn clock_advance(State(sim): State<Shared>, body: Bytes) -> Response {
    run_read(&sim, |st| -> OpResult<Reply> {
        let input: AdvanceInput = parse(&body)?;
        if !(0..=10 * 365 * 86_400).contains(&input.seconds) {
            return Err(Refusal::bad_value("Bad value: seconds (0–315360000)").into());
        }
        let now = st.advance_clock(input.seconds)?;
        st.tick_due(&sim.options)?;
        Ok(Reply::json(
            200,
            &json!({"now": rules::timestamp(now), "offset_seconds": st.offset_seconds()}),
        ))
    })
}

#[derive(Debug, Deserialize)]
struct PayoutInput {
    username: Option<String>,
    fee_rate: Option<i64>,
    fee_fixed: Option<i64>,
}

/// `POST /_sim/klarna/payouts {username?, fee_rate?, fee_fixed?}` → `{payouts: [...]}`: a
/// payout per store (or of the one named) of everything that waits, less the fee per sale
/// (default 2,49 % + 0 öre). A store with nothing waiting gets no payout.
pub async fn payouts(State(sim): State<Shared>, body: Bytes) -> Response {
    run_read(&sim, |st| -> OpResult<Reply> {
        let input: PayoutInput = parse(&body)?;
        let fee = Fee {
            rate: input.fee_rate.unwrap_or(sim.options.fee.rate),
            fixed: input.fee_fixed.unwrap_or(sim.options.fee.fixed),
        };
        if !(0..=10_000).contains(&fee.rate) || fee.fixed < 0 {
            return Err(
                Refusal::bad_value("Bad value: fee_rate (0–10000) or fee_fixed (≥ 0)").into(),
            );
        }
        let stores: Vec<_> = TEST_STORES
            .iter()
            .filter(|s| input.username.as_deref().is_none_or(|u| u == s.username))
            .collect();
        if stores.is_empty() {
            return Err(Refusal::bad_value("Bad value: username (not a sandbox store)").into());
        }
        let now = st.now();
        let mut made = Vec::new();
        for s in stores {
            if let Some(p) = settlements::pay_out(st, s.username, s.merchant_id, fee, now)? {
                tracing::info!(store = s.username, reference = %p.payment_reference, "klarna sandbox: payout");
                made.push(p);
            }
        }
        Ok(Reply::json(200, &json!({ "payouts": made })))
    })
}

#[derive(Debug, Deserialize)]
struct OpenInput {
    order_id: String,
    reason: String,
    disputed_amount: Option<i64>,
}

/// `POST /_sim/klarna/disputes {order_id, reason, disputed_amount?}` → 201 the dispute.
pub async fn open_dispute(State(sim): State<Shared>, body: Bytes) -> Response {
    run_read(&sim, |st| -> OpResult<Reply> {
        let input: OpenInput = parse(&body)?;
        let rec = st
            .order_any(&input.order_id)?
            .ok_or_else(|| Refusal::no_such_order(&input.order_id))?;
        if st.open_dispute_on(&input.order_id)? {
            return Err(
                Refusal::new(409, "CONFLICT", "The order already has an open dispute").into(),
            );
        }
        let number = loop {
            let n = rand::random_range(1..1_000_000_000_000_000u64);
            let krn = format!("krn:klarna:eu1:dispute:{}:{n:015}", input.reason);
            if st.dispute_any(&krn)?.is_none() {
                break n;
            }
        };
        let d = disputes::open(
            &rec.order,
            &input.reason,
            input.disputed_amount,
            number,
            st.now(),
        )?;
        st.save_dispute(&rec.username, &d)?;
        tracing::info!(krn = %d.dispute_krn, "klarna sandbox: dispute opened");
        Ok(Reply::json(201, &d))
    })
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Decision {
    Won,
    Lost,
}

#[derive(Debug, Deserialize)]
struct DecideInput {
    outcome: Decision,
    dispute_fee: Option<i64>,
}

/// `POST /_sim/klarna/disputes/{krn}/decide {outcome: won|lost, dispute_fee?}` → the dispute.
pub async fn decide_dispute(
    State(sim): State<Shared>,
    Path(krn): Path<String>,
    body: Bytes,
) -> Response {
    run_read(&sim, |st| -> OpResult<Reply> {
        let input: DecideInput = parse(&body)?;
        let fee = input.dispute_fee.unwrap_or(sim.options.dispute_fee).max(0);
        let (username, mut d) = st
            .dispute_any(&krn)?
            .ok_or_else(|| Refusal::not_found(format!("Dispute {krn} not found")))?;
        let order = st
            .order_any(&d.order_id)?
            .ok_or_else(|| Refusal::no_such_order(&d.order_id))?;
        let won = matches!(input.outcome, Decision::Won);
        let rows = disputes::decide(&mut d, &order.order, won, fee, st.now())?;
        st.save_dispute(&username, &d)?;
        for t in rows {
            st.add_transaction(&username, &t)?;
        }
        Ok(Reply::json(200, &d))
    })
}

/// `POST /_sim/klarna/hold {method?, path, ms}`: the next call to a path starting with `path`
/// is done as usual and its answer held back `ms` milliseconds (a lost answer: a client
/// killed or cut off while it waits). `{"armed": n}`.
pub async fn hold(State(sim): State<Shared>, body: Bytes) -> Response {
    match parse::<super::http::Hold>(&body) {
        Ok(h) => {
            sim.holds.arm(h);
            Json(json!({"armed": sim.holds.counts().0})).into_response()
        }
        Err(r) => Reply::refused(r).into_response(),
    }
}

/// `GET /_sim/klarna/hold`: `{"armed": n, "holding": m}` — holds not used yet, answers being
/// held now.
pub async fn holds(State(sim): State<Shared>) -> Response {
    let (armed, holding) = sim.holds.counts();
    Json(json!({"armed": armed, "holding": holding})).into_response()
}

/// `POST /_sim/klarna/reset`: forgets everything and puts the clock back to real time.
pub async fn reset(State(sim): State<Shared>) -> Response {
    match sim.reset() {
        Ok(()) => Json(json!({"ok": true})).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "klarna sandbox: reset failed");
            Reply::refused(Refusal::new(500, "INTERNAL_ERROR", "reset failed")).into_response()
        }
    }
}
