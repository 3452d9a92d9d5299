//! Klarna Payments (reserve: session → the customer's authorization → order, §2.2) and Order
//! Management (read, capture, refund, cancel, extend, release, §2.1), each store seeing only
//! its own sessions and orders.

use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::Duration;
use uuid::Uuid;

use super::http::{Merchant, Reply, Shared, origin, run_mut, run_read};
use super::input;
use super::rules::{self, ACCEPTED, OrderRecord, Outcome, PENDING, PendingDecision, Refusal};
use super::settlements;
use super::store::{OpResult, SessionRecord, Store};
use super::wire::{OrderCreated, PaymentMethodCategory, Session, SessionCreated};

/// A session can be authorized for 48 hours.
const SESSION_HOURS: i64 = 48;

/// Klarna's customer-facing order reference: seven capitals and digits ("K4MADNY").
fn klarna_reference() -> String {
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    (0..7)
        .map(|_| char::from(CHARS[rand::random_range(0..CHARS.len())]))
        .collect()
}

/// `POST /payments/v1/sessions`
pub async fn create_session(
    State(sim): State<Shared>,
    Extension(m): Extension<Merchant>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    run_mut(&sim, m, &headers, |st| {
        let p = input::purchase(&body)?;
        let now = st.now();
        let session_id = Uuid::new_v4().to_string();
        let rec = SessionRecord {
            username: m.username().into(),
            session: Session {
                session_id: session_id.clone(),
                status: "incomplete".into(),
                purchase_country: p.purchase_country.clone(),
                purchase_currency: p.purchase_currency.clone(),
                locale: p.locale.clone(),
                order_amount: p.order_amount,
                order_tax_amount: p.order_tax_amount,
                order_lines: p.order_lines.clone(),
                merchant_reference1: p.merchant_reference1.clone(),
                merchant_reference2: p.merchant_reference2.clone(),
                billing_address: p.billing_address.clone(),
                customer: p.customer.clone(),
                authorization_token: None,
                expires_at: rules::timestamp(now + Duration::hours(SESSION_HOURS)),
            },
            confirmation_url: p.confirmation_url,
            authorization: None,
        };
        st.save_session(&rec)?;
        tracing::info!(%session_id, store = m.username(), "klarna sandbox: session created");
        Ok(Reply::json(
            200,
            &SessionCreated {
                client_token: format!("sandbox-client-token.{}", Uuid::new_v4().simple()),
                session_id,
                payment_method_categories: vec![PaymentMethodCategory {
                    identifier: "pay_later".into(),
                    name: "Pay later (sandbox)".into(),
                }],
            },
        ))
    })
}

/// `GET /payments/v1/sessions/{session_id}`
pub async fn get_session(
    State(sim): State<Shared>,
    Extension(m): Extension<Merchant>,
    Path(session_id): Path<String>,
) -> Response {
    run_read(&sim, |st| match st.session(&session_id)? {
        Some(rec) if rec.username == m.username() => {
            let mut session = rec.session;
            session.authorization_token = rec.authorization.map(|a| a.token);
            Ok(Reply::json(200, &session))
        }
        _ => Err(Refusal::not_found(format!("Session {session_id} not found")).into()),
    })
}

/// The session an authorization token belongs to, if the token can still place an order.
fn usable_session(st: &Store, m: Merchant, token: &str) -> OpResult<SessionRecord> {
    let invalid = |why: &str| Refusal::not_found(format!("Authorization token {why}"));
    let rec = match st.session_by_token(token)? {
        Some(rec) if rec.username == m.username() => rec,
        _ => return Err(invalid("is unknown").into()),
    };
    let Some(auth) = &rec.authorization else {
        return Err(invalid("is unknown").into());
    };
    if auth.order_id.is_some() {
        return Err(invalid("was already used to place an order").into());
    }
    if auth.expires_at <= st.now() {
        return Err(invalid("has expired (60 minutes)").into());
    }
    Ok(rec)
}

/// `POST /payments/v1/authorizations/{authorization_token}/order`
pub async fn create_order(
    State(sim): State<Shared>,
    Extension(m): Extension<Merchant>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let days = sim.options.authorization_days;
    run_mut(&sim, m, &headers, |st| {
        let mut session = usable_session(st, m, &token)?;
        let p = input::purchase(&body)?;
        if p.order_amount > session.session.order_amount {
            return Err(Refusal::bad_value(format!(
                "Bad value: order_amount ({} is more than the authorized {})",
                p.order_amount, session.session.order_amount
            ))
            .into());
        }
        let now = st.now();
        let order_id = Uuid::new_v4().to_string();
        let Some(auth) = session.authorization.as_mut() else {
            return Err(Refusal::not_found("Authorization token is unknown").into());
        };
        let fraud_status = match auth.outcome {
            Outcome::Pending => PENDING,
            _ => ACCEPTED,
        };
        let order = rules::new_order(
            &p,
            order_id.clone(),
            klarna_reference(),
            fraud_status,
            now,
            days,
        );
        let pending = match (&auth.outcome, &auth.then) {
            (Outcome::Pending, Some((secs, status))) => Some(PendingDecision {
                at: now + Duration::seconds(*secs),
                fraud_status: status.clone(),
            }),
            _ => None,
        };
        auth.order_id = Some(order_id.clone());
        session.session.status = "complete".into();
        st.save_order(&OrderRecord {
            username: m.username().into(),
            order,
            pending,
        })?;
        st.save_session(&session)?;
        let redirect_url = p.confirmation_url.or(session.confirmation_url).map(|u| {
            u.replace("{order.id}", &order_id)
                .replace("{session.id}", &session.session.session_id)
        });
        tracing::info!(%order_id, fraud_status, store = m.username(), "klarna sandbox: order placed");
        Ok(Reply::json(
            200,
            &OrderCreated {
                order_id,
                redirect_url,
                fraud_status: fraud_status.into(),
                authorized_payment_method: rules::invoice_method(),
            },
        ))
    })
}

/// `DELETE /payments/v1/authorizations/{authorization_token}`: an unused token is void.
pub async fn cancel_authorization(
    State(sim): State<Shared>,
    Extension(m): Extension<Merchant>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    run_mut(&sim, m, &headers, |st| {
        let mut session = usable_session(st, m, &token)?;
        session.authorization = None;
        st.save_session(&session)?;
        Ok(Reply::empty(204))
    })
}

/// `GET /ordermanagement/v1/orders/{order_id}`
pub async fn get_order(
    State(sim): State<Shared>,
    Extension(m): Extension<Merchant>,
    Path(order_id): Path<String>,
) -> Response {
    run_read(&sim, |st| {
        let rec = st.order(m.username(), &order_id)?;
        Ok(Reply::json(200, &rec.order))
    })
}

/// `GET …/{order_id}/captures`
pub async fn list_captures(
    State(sim): State<Shared>,
    Extension(m): Extension<Merchant>,
    Path(order_id): Path<String>,
) -> Response {
    run_read(&sim, |st| {
        let rec = st.order(m.username(), &order_id)?;
        Ok(Reply::json(200, &rec.order.captures))
    })
}

/// `GET …/{order_id}/captures/{capture_id}`
pub async fn get_capture(
    State(sim): State<Shared>,
    Extension(m): Extension<Merchant>,
    Path((order_id, capture_id)): Path<(String, String)>,
) -> Response {
    run_read(&sim, |st| {
        let rec = st.order(m.username(), &order_id)?;
        let capture = rec
            .order
            .captures
            .iter()
            .find(|c| c.capture_id == capture_id)
            .ok_or_else(|| {
                Refusal::new(
                    404,
                    "NO_SUCH_CAPTURE",
                    format!("Capture {capture_id} not found"),
                )
            })?;
        Ok(Reply::json(200, capture))
    })
}

/// `GET …/{order_id}/refunds/{refund_id}`
pub async fn get_refund(
    State(sim): State<Shared>,
    Extension(m): Extension<Merchant>,
    Path((order_id, refund_id)): Path<(String, String)>,
) -> Response {
    run_read(&sim, |st| {
        let rec = st.order(m.username(), &order_id)?;
        let refund = rec
            .order
            .refunds
            .iter()
            .find(|r| r.refund_id == refund_id)
            .ok_or_else(|| Refusal::not_found(format!("Refund {refund_id} not found")))?;
        Ok(Reply::json(200, refund))
    })
}

/// `POST …/{order_id}/captures` → 201 with `Capture-Id` and `Location`; the capture waits as a
/// SALE for the next payout.
pub async fn capture(
    State(sim): State<Shared>,
    Extension(m): Extension<Merchant>,
    Path(order_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let origin = origin(&headers);
    run_mut(&sim, m, &headers, |st| {
        let mut rec = st.order(m.username(), &order_id)?;
        let movement = input::movement(&body, "captured_amount")?;
        let id = Uuid::new_v4().to_string();
        let now = st.now();
        let capture = rules::capture(&mut rec.order, movement, id.clone(), now)?;
        st.save_order(&rec)?;
        st.add_transaction(m.username(), &settlements::sale(&rec.order, &capture))?;
        tracing::info!(%order_id, capture_id = %id, amount = capture.captured_amount, "klarna sandbox: captured");
        Ok(Reply::empty(201)
            .header(
                "Location",
                format!("{origin}/ordermanagement/v1/orders/{order_id}/captures/{id}"),
            )
            .header("Capture-Id", id))
    })
}

/// `POST …/{order_id}/refunds` → 201 with `Refund-Id` and `Location`; the refund waits as a
/// RETURN for the next payout.
pub async fn refund(
    State(sim): State<Shared>,
    Extension(m): Extension<Merchant>,
    Path(order_id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let origin = origin(&headers);
    run_mut(&sim, m, &headers, |st| {
        let mut rec = st.order(m.username(), &order_id)?;
        let movement = input::movement(&body, "refunded_amount")?;
        let id = Uuid::new_v4().to_string();
        let now = st.now();
        let refund = rules::refund(&mut rec.order, movement, id.clone(), now)?;
        st.save_order(&rec)?;
        st.add_transaction(m.username(), &settlements::sale_return(&rec.order, &refund))?;
        tracing::info!(%order_id, refund_id = %id, amount = refund.refunded_amount, "klarna sandbox: refunded");
        Ok(Reply::empty(201)
            .header(
                "Location",
                format!("{origin}/ordermanagement/v1/orders/{order_id}/refunds/{id}"),
            )
            .header("Refund-Id", id))
    })
}

/// What an order action does: `cancel`, `extend-authorization-time` or
/// `release-remaining-authorization`.
#[derive(Debug, Clone, Copy)]
enum Action {
    Cancel,
    Extend,
    Release,
}

/// `POST …/{order_id}/{cancel | extend-authorization-time | release-remaining-authorization}`
/// → 204.
pub async fn order_action(
    State(sim): State<Shared>,
    Extension(m): Extension<Merchant>,
    Path((order_id, action)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let action = match action.as_str() {
        "cancel" => Action::Cancel,
        "extend-authorization-time" => Action::Extend,
        "release-remaining-authorization" => Action::Release,
        _ => return super::http::no_such_path().await,
    };
    let days = sim.options.authorization_days;
    run_mut(&sim, m, &headers, |st| {
        let mut rec = st.order(m.username(), &order_id)?;
        match action {
            Action::Cancel => rules::cancel(&mut rec.order)?,
            Action::Extend => rules::extend(&mut rec.order, days)?,
            Action::Release => rules::release(&mut rec.order)?,
        }
        if matches!(action, Action::Cancel) {
            rec.pending = None;
        }
        st.save_order(&rec)?;
        tracing::info!(%order_id, ?action, "klarna sandbox: order action");
        Ok(Reply::empty(204))
    })
}
