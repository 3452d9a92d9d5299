//! The Disputes API (providers.md §2.4; paths of the v2 spec, states of Klarna's newest API):
//! a customer's dispute pauses the invoice, the merchant has until `expires_at` (21 days, 7 for
//! an unauthorized purchase) to answer Klarna's request, and the dispute closes `WON` (the
//! invoice is active again) or `LOST` (a chargeback: a REVERSAL of the disputed amount and a
//! DISPUTE_FEE in the next payout). An unanswered request is lost when its deadline passes;
//! accepting the loss costs the chargeback but no fee.

use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use chrono::{DateTime, Duration, Utc};
use serde_json::Value;

use super::http::{Merchant, Reply, Shared, origin, pagination, run_mut, run_read};
use super::input;
use super::rules::{Refusal, parse_time, timestamp};
use super::settlements::{self, page_param};
use super::store::OpResult;
use super::wire::{
    Attachment, Dispute, DisputeCollection, DisputeRequest, DisputeResponse, Order, Transaction,
};

pub const INITIATED: &str = "INITIATED";
pub const REPRESENTMENT: &str = "REPRESENTMENT";
pub const CLOSED: &str = "CLOSED";

/// The reasons a customer can give (Klarna's test-data tokens, and the two the merchant
/// articles name).
pub const REASONS: [&str; 7] = [
    "return",
    "goods_not_received",
    "already_paid",
    "faulty_goods",
    "incorrect_invoice",
    "unauthorized_purchase",
    "high_risk_order",
];

/// Days the merchant has to answer: 7 for an unauthorized purchase, 21 for the others.
pub fn deadline_days(reason: &str) -> i64 {
    if reason == "unauthorized_purchase" {
        7
    } else {
        21
    }
}

/// When the clock next has work on the dispute: its deadline, while it waits for the merchant.
pub fn due_at(d: &Dispute) -> Option<DateTime<Utc>> {
    (d.state == INITIATED).then(|| parse_time(&d.expires_at))
}

/// Opens a dispute on a captured order: `amount` (default: all that is captured and not
/// refunded).
pub fn open(
    order: &Order,
    reason: &str,
    amount: Option<i64>,
    number: u64,
    now: DateTime<Utc>,
) -> Result<Dispute, Refusal> {
    if !REASONS.contains(&reason) {
        return Err(Refusal::bad_value(format!(
            "Bad value: reason (one of {})",
            REASONS.join(", ")
        )));
    }
    let open_amount = order.captured_amount - order.refunded_amount;
    if open_amount <= 0 {
        return Err(Refusal::new(
            403,
            "NOT_ALLOWED",
            "Only a captured (invoiced) order that is not fully refunded can be disputed",
        ));
    }
    let amount = amount.unwrap_or(open_amount);
    if !(1..=open_amount).contains(&amount) {
        return Err(Refusal::bad_value(format!(
            "Bad value: disputed_amount (must be 1–{open_amount})"
        )));
    }
    let deadline = timestamp(now + Duration::days(deadline_days(reason)));
    Ok(Dispute {
        dispute_krn: format!("krn:klarna:eu1:dispute:{reason}:{number:015}"),
        order_id: order.order_id.clone(),
        merchant_reference1: order.merchant_reference1.clone(),
        reason: reason.into(),
        state: INITIATED.into(),
        sub_state: Some("EVIDENCE_REQUESTED".into()),
        outcome: None,
        closing_reason: None,
        disputed_amount: amount,
        currency: order.purchase_currency.clone(),
        opened_at: timestamp(now),
        expires_at: deadline.clone(),
        closed_at: None,
        requests: vec![DisputeRequest {
            request_id: 1,
            requested_at: timestamp(now),
            expires_at: deadline,
            comment: format!(
                "The customer disputes the purchase ({reason}). Settle it with the customer, or \
                 answer with your side and evidence (proof of delivery, the invoice) before the deadline."
            ),
            responses: Vec::new(),
        }],
        attachments: Vec::new(),
    })
}

fn close(d: &mut Dispute, won: bool, why: &str, now: DateTime<Utc>) {
    d.state = CLOSED.into();
    d.outcome = Some(if won { "WON" } else { "LOST" }.into());
    d.closing_reason = Some(why.into());
    d.closed_at = Some(timestamp(now));
}

fn refuse_closed(d: &Dispute) -> Result<(), Refusal> {
    if d.state == CLOSED {
        return Err(Refusal::new(
            403,
            "NOT_ALLOWED",
            format!(
                "The dispute is closed ({})",
                d.outcome.as_deref().unwrap_or("")
            ),
        ));
    }
    Ok(())
}

/// The deadline passed without an answer: lost, with the chargeback and the fee.
pub fn tick(d: &mut Dispute, order: &Order, now: DateTime<Utc>, fee: i64) -> Vec<Transaction> {
    if d.state != INITIATED || parse_time(&d.expires_at) > now {
        return Vec::new();
    }
    close(d, false, "DEADLINE_MISSED", now);
    d.sub_state = Some("EVIDENCE_REQUEST_EXPIRED".into());
    settlements::chargeback(order, &d.dispute_krn, d.disputed_amount, fee)
}

/// Klarna decides (`/_sim/klarna/disputes/{krn}/decide`): won, or lost with the chargeback and
/// the fee.
pub fn decide(
    d: &mut Dispute,
    order: &Order,
    won: bool,
    fee: i64,
    now: DateTime<Utc>,
) -> Result<Vec<Transaction>, Refusal> {
    refuse_closed(d)?;
    close(d, won, "DECIDED", now);
    d.sub_state = None;
    Ok(if won {
        Vec::new()
    } else {
        settlements::chargeback(order, &d.dispute_krn, d.disputed_amount, fee)
    })
}

/// The merchant gives in: lost, a chargeback without the fee.
pub fn accept_loss(
    d: &mut Dispute,
    order: &Order,
    now: DateTime<Utc>,
) -> Result<Vec<Transaction>, Refusal> {
    refuse_closed(d)?;
    close(d, false, "LOSS_ACCEPTED", now);
    d.sub_state = None;
    Ok(settlements::chargeback(
        order,
        &d.dispute_krn,
        d.disputed_amount,
        0,
    ))
}

/// The merchant answers Klarna's request `request_id` before the deadline; Klarna then reviews.
pub fn respond(
    d: &mut Dispute,
    request_id: i64,
    comment: String,
    attachment_ids: Vec<i64>,
    now: DateTime<Utc>,
) -> Result<i64, Refusal> {
    refuse_closed(d)?;
    if d.state != INITIATED {
        return Err(Refusal::new(
            403,
            "NOT_ALLOWED",
            "The dispute is not waiting for an answer (it is being reviewed)",
        ));
    }
    if comment.trim().is_empty() {
        return Err(Refusal::bad_value("Missing field: comment"));
    }
    if let Some(bad) = attachment_ids
        .iter()
        .find(|id| !d.attachments.iter().any(|a| a.attachment_id == **id))
    {
        return Err(Refusal::bad_value(format!(
            "Bad value: attachment_ids (no attachment {bad} on this dispute)"
        )));
    }
    let request = d
        .requests
        .iter_mut()
        .find(|r| r.request_id == request_id)
        .ok_or_else(|| Refusal::not_found(format!("Request {request_id} not found")))?;
    let response_id = i64::try_from(request.responses.len()).unwrap_or(0) + 1;
    request.responses.push(DisputeResponse {
        response_id,
        comment,
        attachment_ids,
        responded_at: timestamp(now),
    });
    d.state = REPRESENTMENT.into();
    d.sub_state = None;
    Ok(response_id)
}

/// Keeps an attachment's metadata (no content) for a later answer.
pub fn attach(
    d: &mut Dispute,
    file_name: String,
    content_type: String,
    size: i64,
    now: DateTime<Utc>,
) -> Result<i64, Refusal> {
    refuse_closed(d)?;
    let attachment_id = i64::try_from(d.attachments.len()).unwrap_or(0) + 1;
    d.attachments.push(Attachment {
        attachment_id,
        file_name,
        content_type,
        size,
        uploaded_at: timestamp(now),
    });
    Ok(attachment_id)
}

// ---------------------------------------------------------------------------------------------
// HTTP

fn text_field(obj: &serde_json::Map<String, Value>, key: &str) -> Result<String, Refusal> {
    obj.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| Refusal::bad_value(format!("Missing field: {key}")))
}

/// `GET /disputes/v2/disputes[?order_id=…&state=…&size=…&offset=…]`
pub async fn list(
    State(sim): State<Shared>,
    Extension(m): Extension<Merchant>,
    headers: HeaderMap,
    Query(query): Query<Vec<(String, String)>>,
) -> Response {
    let origin = origin(&headers);
    run_read(&sim, move |st| -> OpResult<Reply> {
        let page = page_param(&query)?;
        let get = |k: &str| query.iter().find(|(q, _)| q == k).map(|(_, v)| v.as_str());
        let (disputes, total) = st.disputes(m.username(), get("order_id"), get("state"), page)?;
        Ok(Reply::json(
            200,
            &DisputeCollection {
                pagination: pagination(
                    &origin,
                    "/disputes/v2/disputes",
                    &query,
                    page,
                    disputes.len(),
                    total,
                ),
                disputes,
            },
        ))
    })
}

/// `GET /disputes/v2/disputes/{dispute_krn}`
pub async fn get(
    State(sim): State<Shared>,
    Extension(m): Extension<Merchant>,
    Path(krn): Path<String>,
) -> Response {
    run_read(&sim, |st| {
        Ok(Reply::json(200, &st.dispute(m.username(), &krn)?))
    })
}

/// `POST /disputes/v2/disputes/{dispute_krn}/accept-loss` → 204.
pub async fn accept_loss_call(
    State(sim): State<Shared>,
    Extension(m): Extension<Merchant>,
    Path(krn): Path<String>,
    headers: HeaderMap,
) -> Response {
    run_mut(&sim, m, &headers, |st| {
        let mut d = st.dispute(m.username(), &krn)?;
        let order = st.order(m.username(), &d.order_id)?;
        let rows = accept_loss(&mut d, &order.order, st.now())?;
        st.save_dispute(m.username(), &d)?;
        for t in rows {
            st.add_transaction(m.username(), &t)?;
        }
        Ok(Reply::empty(204))
    })
}

/// `POST /disputes/v2/disputes/{dispute_krn}/attachments` with
/// `{file_name, content_type, size}` → 201 `{attachment_id}`.
pub async fn attach_call(
    State(sim): State<Shared>,
    Extension(m): Extension<Merchant>,
    Path(krn): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    run_mut(&sim, m, &headers, |st| {
        let obj = input::object(&body)?;
        let file_name = text_field(&obj, "file_name")?;
        let content_type =
            text_field(&obj, "content_type").unwrap_or_else(|_| "application/octet-stream".into());
        let size = obj.get("size").and_then(Value::as_i64).unwrap_or(0).max(0);
        let mut d = st.dispute(m.username(), &krn)?;
        let id = attach(&mut d, file_name, content_type, size, st.now())?;
        st.save_dispute(m.username(), &d)?;
        Ok(Reply::json(
            201,
            &serde_json::json!({ "attachment_id": id }),
        ))
    })
}

/// `POST /disputes/v2/disputes/{dispute_krn}/requests/{request_id}/responses` with
/// `{comment, attachment_ids}` → 201 `{response_id}`.
pub async fn respond_call(
    State(sim): State<Shared>,
    Extension(m): Extension<Merchant>,
    Path((krn, request_id)): Path<(String, i64)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    run_mut(&sim, m, &headers, |st| {
        let obj = input::object(&body)?;
        let comment = text_field(&obj, "comment")?;
        let attachment_ids = match obj.get("attachment_ids") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(ids)) => ids
                .iter()
                .map(|v| {
                    v.as_i64()
                        .ok_or_else(|| Refusal::bad_value("Bad value: attachment_ids (integers)"))
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err(Refusal::bad_value("Bad value: attachment_ids").into()),
        };
        let mut d = st.dispute(m.username(), &krn)?;
        let id = respond(&mut d, request_id, comment, attachment_ids, st.now())?;
        st.save_dispute(m.username(), &d)?;
        tracing::info!(%krn, "klarna sandbox: dispute answered");
        Ok(Reply::json(201, &serde_json::json!({ "response_id": id })))
    })
}

#[cfg(test)]
mod tests;
