//! The order's state machine and its amount rules as plain functions (providers.md §2.1). No
//! I/O: the store loads an [`OrderRecord`], calls one of these with the sandbox clock's `now`
//! and saves the record.
//!
//! ```text
//! (fraud ACCEPTED) AUTHORIZED --capture part--> PART_CAPTURED --capture rest--> CAPTURED
//! AUTHORIZED --cancel--> CANCELLED            AUTHORIZED --expires_at passes--> EXPIRED
//! PART_CAPTURED --release-remaining-authorization, or expires_at passes--> CAPTURED
//! (fraud PENDING) --decided ACCEPTED--> as above;  --decided REJECTED--> CANCELLED
//! ```
//! `CLOSED` is a status Klarna has, but nothing in the sandbox leads to it.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use super::input::{Movement, Purchase};
use super::wire::{AuthorizedPaymentMethod, Capture, InitialPaymentMethod, Order, Refund};

pub const AUTHORIZED: &str = "AUTHORIZED";
pub const PART_CAPTURED: &str = "PART_CAPTURED";
pub const CAPTURED: &str = "CAPTURED";
pub const CANCELLED: &str = "CANCELLED";
pub const EXPIRED: &str = "EXPIRED";

pub const ACCEPTED: &str = "ACCEPTED";
pub const PENDING: &str = "PENDING";
pub const REJECTED: &str = "REJECTED";

/// An authorization can be extended up to this long after the purchase.
const MAX_AUTHORIZATION_DAYS: i64 = 180;

/// Timestamps on the wire: ISO 8601 UTC to the second, as in Klarna's examples.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Reads a timestamp the sandbox wrote.
pub fn parse_time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

/// A request Klarna refuses: the HTTP status and Klarna's `error_code` and `error_messages`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub code: &'static str,
    pub messages: Vec<String>,
}

impl Refusal {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        Refusal {
            status,
            code,
            messages: vec![message.into()],
        }
    }
    pub fn bad_value(message: impl Into<String>) -> Self {
        Refusal::new(400, "BAD_VALUE", message)
    }
    pub fn no_such_order(order_id: &str) -> Self {
        Refusal::new(404, "NO_SUCH_ORDER", format!("Order {order_id} not found"))
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Refusal::new(404, "NOT_FOUND", message)
    }
    fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        Refusal::new(403, code, message)
    }
}

/// How the customer's authorization came out (the `/_sim/klarna/authorize` outcome, or the
/// test data in `billing_address.email`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Accepted,
    Pending,
    Rejected,
}

/// A pending order's fraud decision that the clock will make.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingDecision {
    pub at: DateTime<Utc>,
    /// `ACCEPTED` or `REJECTED`.
    pub fraud_status: String,
}

/// What a test e-mail decides (Klarna's playground patterns):
/// `…+denied@…` → not approved; `…+pend-accept-NN@…` / `…+pend-reject-NN@…` → the order is
/// PENDING and becomes ACCEPTED / REJECTED after NN minutes of the sandbox clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestData {
    pub outcome: Outcome,
    /// For a pending order: after how long, and to which `fraud_status`.
    pub then: Option<(Duration, &'static str)>,
}

pub fn test_data(email: &str) -> Option<TestData> {
    let local = email.split('@').next()?;
    let (_, tag) = local.split_once('+')?;
    let tag = tag.to_ascii_lowercase();
    if tag == "denied" {
        return Some(TestData {
            outcome: Outcome::Rejected,
            then: None,
        });
    }
    let rest = tag.strip_prefix("pend-")?;
    let (status, minutes) = rest.split_once('-')?;
    let fraud_status = match status {
        "accept" => ACCEPTED,
        "reject" => REJECTED,
        _ => return None,
    };
    if minutes.len() != 2 || !minutes.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let minutes: i64 = minutes.parse().ok()?;
    Some(TestData {
        outcome: Outcome::Pending,
        then: Some((Duration::minutes(minutes), fraud_status)),
    })
}

/// An order with what only the sandbox knows about it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderRecord {
    /// The Klarna store (API username) the order belongs to.
    pub username: String,
    pub order: Order,
    #[serde(default)]
    pub pending: Option<PendingDecision>,
}

impl OrderRecord {
    /// When the clock next has work on this order.
    pub fn due_at(&self) -> Option<DateTime<Utc>> {
        let open = matches!(self.order.status.as_str(), AUTHORIZED | PART_CAPTURED);
        let expiry = open.then(|| parse_time(&self.order.expires_at));
        match (&self.pending, expiry) {
            (Some(p), Some(e)) => Some(p.at.min(e)),
            (Some(p), None) => Some(p.at),
            (None, e) => e,
        }
    }
}

/// A new order from an authorized purchase. `pending`: Klarna holds it for a fraud review.
pub fn new_order(
    purchase: &Purchase,
    order_id: String,
    klarna_reference: String,
    fraud_status: &str,
    now: DateTime<Utc>,
    authorization_days: i64,
) -> Order {
    Order {
        order_id,
        status: AUTHORIZED.into(),
        fraud_status: fraud_status.into(),
        order_amount: purchase.order_amount,
        original_order_amount: purchase.order_amount,
        captured_amount: 0,
        refunded_amount: 0,
        remaining_authorized_amount: purchase.order_amount,
        purchase_country: purchase.purchase_country.clone(),
        purchase_currency: purchase.purchase_currency.clone(),
        locale: purchase.locale.clone(),
        klarna_reference,
        merchant_reference1: purchase.merchant_reference1.clone(),
        merchant_reference2: purchase.merchant_reference2.clone(),
        created_at: timestamp(now),
        expires_at: timestamp(now + Duration::days(authorization_days)),
        order_lines: purchase.order_lines.clone(),
        captures: Vec::new(),
        refunds: Vec::new(),
        billing_address: purchase.billing_address.clone(),
        customer: purchase.customer.clone(),
        initial_payment_method: InitialPaymentMethod {
            kind: "INVOICE".into(),
            description: "Pay later (invoice, sandbox)".into(),
        },
    }
}

/// The payment method an authorization in the sandbox always is: an invoice due in 30 days.
pub fn invoice_method() -> AuthorizedPaymentMethod {
    AuthorizedPaymentMethod {
        kind: "invoice".into(),
        number_of_days: Some(30),
    }
}

/// Applies what the clock made due: a pending fraud decision, the authorization's expiry.
/// Returns whether anything changed.
pub fn tick(rec: &mut OrderRecord, now: DateTime<Utc>) -> bool {
    let mut changed = false;
    if let Some(decision) = rec.pending.clone()
        && decision.at <= now
    {
        decide_fraud(rec, &decision.fraud_status);
        changed = true;
    }
    let order = &mut rec.order;
    if parse_time(&order.expires_at) <= now {
        match order.status.as_str() {
            AUTHORIZED => {
                order.status = EXPIRED.into();
                order.remaining_authorized_amount = 0;
                changed = true;
            }
            PART_CAPTURED => {
                // What is not captured by now is no longer authorized.
                order.status = CAPTURED.into();
                order.remaining_authorized_amount = 0;
                changed = true;
            }
            _ => {}
        }
    }
    changed
}

/// Ends a pending fraud review: `ACCEPTED`, or `REJECTED` (Klarna then cancels the order).
pub fn decide_fraud(rec: &mut OrderRecord, fraud_status: &str) {
    rec.pending = None;
    let order = &mut rec.order;
    order.fraud_status = fraud_status.into();
    if fraud_status == REJECTED && order.captured_amount == 0 {
        order.status = CANCELLED.into();
        order.remaining_authorized_amount = 0;
    }
}

fn closed_for(order: &Order) -> Option<&'static str> {
    match order.status.as_str() {
        CANCELLED => Some("the order is cancelled"),
        EXPIRED => Some("the order's authorization has expired"),
        "CLOSED" => Some("the order is closed"),
        _ => None,
    }
}

/// `POST …/captures`: at most the remaining authorized amount of an accepted, open order.
pub fn capture(
    order: &mut Order,
    m: Movement,
    capture_id: String,
    now: DateTime<Utc>,
) -> Result<Capture, Refusal> {
    let not_allowed = |why: String| Refusal::forbidden("CAPTURE_NOT_ALLOWED", why);
    if let Some(why) = closed_for(order) {
        return Err(not_allowed(format!("Capture not allowed: {why}")));
    }
    if order.fraud_status != ACCEPTED {
        return Err(not_allowed(format!(
            "Capture not allowed: fraud_status is {}",
            order.fraud_status
        )));
    }
    if m.amount > order.remaining_authorized_amount {
        return Err(not_allowed(format!(
            "Capture not allowed: captured_amount {} is more than the remaining authorized amount {}",
            m.amount, order.remaining_authorized_amount
        )));
    }
    let capture = Capture {
        capture_id,
        klarna_reference: format!("{}-{}", order.klarna_reference, order.captures.len() + 1),
        captured_amount: m.amount,
        captured_at: timestamp(now),
        description: m.description,
        order_lines: m.order_lines,
        reference: m.reference,
        refunded_amount: 0,
    };
    order.captured_amount += m.amount;
    order.remaining_authorized_amount -= m.amount;
    order.status = if order.remaining_authorized_amount == 0 {
        CAPTURED
    } else {
        PART_CAPTURED
    }
    .into();
    order.captures.push(capture.clone());
    Ok(capture)
}

/// `POST …/refunds`: at most what is captured and not yet refunded. The refund is spread over
/// the captures, oldest first (each capture's `refunded_amount`).
pub fn refund(
    order: &mut Order,
    m: Movement,
    refund_id: String,
    now: DateTime<Utc>,
) -> Result<Refund, Refusal> {
    let refundable = order.captured_amount - order.refunded_amount;
    if m.amount > refundable {
        return Err(Refusal::forbidden(
            "REFUND_NOT_ALLOWED",
            format!(
                "Refund not allowed: refunded_amount {} is more than the captured and not refunded amount {refundable}",
                m.amount
            ),
        ));
    }
    let mut left = m.amount;
    for c in &mut order.captures {
        let take = left.min(c.captured_amount - c.refunded_amount);
        c.refunded_amount += take;
        left -= take;
    }
    order.refunded_amount += m.amount;
    let refund = Refund {
        refund_id,
        refunded_amount: m.amount,
        refunded_at: timestamp(now),
        description: m.description,
        order_lines: m.order_lines,
        reference: m.reference,
    };
    order.refunds.push(refund.clone());
    Ok(refund)
}

/// `POST …/cancel`: only an order with nothing captured that is still open.
pub fn cancel(order: &mut Order) -> Result<(), Refusal> {
    let not_allowed = |why: &str| Refusal::forbidden("CANCEL_NOT_ALLOWED", why.to_string());
    if order.captured_amount > 0 {
        return Err(not_allowed("Cancel not allowed: the order has captures"));
    }
    if let Some(why) = closed_for(order) {
        return Err(not_allowed(&format!("Cancel not allowed: {why}")));
    }
    order.status = CANCELLED.into();
    order.remaining_authorized_amount = 0;
    Ok(())
}

/// `POST …/extend-authorization-time`: `days` more, at most 180 days after the purchase.
pub fn extend(order: &mut Order, days: i64) -> Result<(), Refusal> {
    let not_allowed = |why: String| Refusal::forbidden("NOT_ALLOWED", why);
    if let Some(why) = closed_for(order) {
        return Err(not_allowed(format!("Extension not allowed: {why}")));
    }
    if order.remaining_authorized_amount == 0 {
        return Err(not_allowed(
            "Extension not allowed: nothing is left to capture".into(),
        ));
    }
    let limit = parse_time(&order.created_at) + Duration::days(MAX_AUTHORIZATION_DAYS);
    let current = parse_time(&order.expires_at);
    if current >= limit {
        return Err(not_allowed(format!(
            "Extension not allowed: the authorization already lasts {MAX_AUTHORIZATION_DAYS} days"
        )));
    }
    order.expires_at = timestamp((current + Duration::days(days)).min(limit));
    Ok(())
}

/// `POST …/release-remaining-authorization`: only a partly captured order.
pub fn release(order: &mut Order) -> Result<(), Refusal> {
    let not_allowed = |why: String| Refusal::forbidden("NOT_ALLOWED", why);
    if let Some(why) = closed_for(order) {
        return Err(not_allowed(format!("Release not allowed: {why}")));
    }
    if order.captured_amount == 0 {
        return Err(not_allowed(
            "Release not allowed: the order has no captures".into(),
        ));
    }
    if order.remaining_authorized_amount == 0 {
        return Err(not_allowed(
            "Order is fully captured. Remaining authorization cannot be released.".into(),
        ));
    }
    order.remaining_authorized_amount = 0;
    order.status = CAPTURED.into();
    Ok(())
}

#[cfg(test)]
mod tests;
