//! The sandbox's payment state machine and amount rules as plain functions
//! (shared/docs/providers.md §5.4–5.5). No I/O here: [`super::store`] loads a [`Record`], calls
//! one of these functions with the sandbox clock's `now`, saves the record and turns the returned
//! [`Event`]s into callbacks.

use chrono::{DateTime, Datelike, Duration, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::Mobile;
use crate::payments::resurs::dto::{
    ActionLogEntry, ActionRequest, Amount, CreatePayment, CustomerTask, LegalLink, OrderLine,
    Payment, PaymentMethod, PaymentOrder, PaymentStatus, PossibleAction, StorePaymentMethod,
    TaskRedirectionUrls, TaskStatus,
};

mod create;
pub use create::*;

/// Swedish VAT rates in hundredths of a percent (0, 6, 12, 25 %).
const VAT_RATES: [i64; 4] = [0, 600, 1200, 2500];
/// Largest line amount MAPI accepts: ±9 999 999 999.99 kr, in öre.
const MAX_LINE_AMOUNT: i64 = 999_999_999_999;
/// `timeToLiveInMinutes` when the request has none.
pub const DEFAULT_TTL_MINUTES: u32 = 120;

/// The sandbox clock's timestamps on the wire: RFC 3339 UTC with milliseconds.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A request the state machine refuses, with the HTTP status and the `ApiError.code` to answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    /// The request field that is wrong ("customer.mobilePhone"), for a validation error.
    pub field: Option<&'static str>,
}

impl Rejection {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            field: None,
        }
    }
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(400, "VALIDATION_ERROR", message)
    }
    /// A validation error naming the wrong field; the message starts with the field's name.
    pub fn field(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field: Some(field),
            ..Self::validation(format!("{field}: {}", message.into()))
        }
    }
    pub fn not_allowed(message: impl Into<String>) -> Self {
        Self::new(409, "ACTION_NOT_ALLOWED", message)
    }
    pub fn not_found() -> Self {
        Self::new(404, "PAYMENT_NOT_FOUND", "payment not found")
    }
}

/// An outcome of the customer's application (the `/_sim/.../decide` vocabulary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Outcome {
    Accepted,
    Rejected,
    Frozen,
    Inspection,
}

/// How the customer chose to pay on the link page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    #[default]
    Direct,
    Partpayment,
    Invoice,
}

impl Method {
    pub fn parse(s: &str) -> Option<Method> {
        match s.trim() {
            "direct" => Some(Method::Direct),
            "partpayment" => Some(Method::Partpayment),
            "invoice" => Some(Method::Invoice),
            _ => None,
        }
    }

    /// The `paymentMethod` recorded on the payment.
    pub fn payment_method(self) -> PaymentMethod {
        let (id, name) = match self {
            Method::Direct => ("5a5c1e0e-4f0b-4c1e-9f5e-0d1a2b3c4d01", "Direktbetalning"),
            Method::Partpayment => ("7d63eb50-94b4-4238-8c0d-22d095bfe46b", "Delbetalning"),
            Method::Invoice => ("9c1f2a33-8b7e-4d6a-a1b2-3c4d5e6f7a02", "Faktura"),
        };
        PaymentMethod {
            id: id.into(),
            name: name.into(),
        }
    }
}

/// A FROZEN or INSPECTION payment's outcome once the sandbox clock passes `at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scheduled {
    pub at: DateTime<Utc>,
    pub outcome: Outcome,
}

/// Why a payment link can no longer be paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkEnd {
    Expired,
    Cancelled,
    Declined,
    Rejected,
}

/// Sandbox-only facts about a payment that the wire `Payment` does not carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Internal {
    pub automatic_capture: bool,
    /// End of `timeToLiveInMinutes` for a TASK_REDIRECTION_REQUIRED payment.
    pub expires_at: DateTime<Utc>,
    pub authorization_url: Option<String>,
    pub management_url: Option<String>,
    pub scheduled: Option<Scheduled>,
    pub link_end: Option<LinkEnd>,
}

/// One stored payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub payment: Payment,
    pub internal: Internal,
}

/// Something a transition wants the merchant to hear about (a callback, if a URL is set).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Authorization callback status: AUTHORIZED, CAPTURED, FROZEN or REJECTED.
    Authorization(&'static str),
    /// Management callback: CAPTURE, CANCEL or REFUND with the actionLog entry's id.
    Management {
        action: &'static str,
        action_id: String,
    },
}

/// What the customer sees when opening the link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    Payable,
    Paid,
    UnderReview,
    Expired,
    Invalid,
}

fn is_pending(status: &PaymentStatus) -> bool {
    matches!(
        status,
        PaymentStatus::TaskRedirectionRequired | PaymentStatus::Frozen | PaymentStatus::Inspection
    )
}

/// `possibleActions` derived from the status and amounts (§5.4).
pub fn possible_actions(status: &PaymentStatus, order: &PaymentOrder) -> Vec<PossibleAction> {
    let act = |a: &str| PossibleAction { action: a.into() };
    if is_pending(status) {
        return vec![act("CANCEL")];
    }
    if *status != PaymentStatus::Accepted {
        return Vec::new();
    }
    let mut actions = Vec::new();
    if uncaptured(order) > 0 {
        actions.extend(["CAPTURE", "PARTIAL_CAPTURE", "CANCEL", "PARTIAL_CANCEL"].map(act));
    }
    if refundable(order) > 0 {
        actions.extend(["REFUND", "PARTIAL_REFUND"].map(act));
    }
    actions
}

fn uncaptured(order: &PaymentOrder) -> i64 {
    order.authorized_amount.0 - order.captured_amount.0 - order.canceled_amount.0
}

fn refundable(order: &PaymentOrder) -> i64 {
    order.captured_amount.0 - order.refunded_amount.0
}

fn refresh_actions(record: &mut Record) {
    record.payment.order.possible_actions =
        possible_actions(&record.payment.status, &record.payment.order);
}

/// `GET /v2/payments/{id}/tasks/status`: the customer's task (open the link and sign) is active
/// while the payment waits for the customer; `completed` once the customer is done with it (or
/// the link can no longer be used).
pub fn task_status(record: &Record) -> TaskStatus {
    let active = matches!(
        record.payment.status,
        PaymentStatus::TaskRedirectionRequired | PaymentStatus::SupplementingRequired
    );
    let customer_url = record
        .payment
        .task_redirection_urls
        .as_ref()
        .and_then(|u| u.customer_url.clone());
    TaskStatus {
        completed: !active,
        customer: customer_url.map(|customer_url| CustomerTask {
            customer_url,
            has_active_task: active,
        }),
        merchant: None,
        co_applicant: None,
    }
}

/// When [`tick`] next has something to do for this payment, if ever.
pub fn due_at(record: &Record) -> Option<DateTime<Utc>> {
    match record.payment.status {
        PaymentStatus::TaskRedirectionRequired => Some(record.internal.expires_at),
        PaymentStatus::Frozen | PaymentStatus::Inspection => {
            record.internal.scheduled.map(|s| s.at)
        }
        _ => None,
    }
}

/// Applies what the clock has made due: TTL expiry and delayed FROZEN/INSPECTION outcomes.
pub fn tick(record: &mut Record, now: DateTime<Utc>) -> Vec<Event> {
    match record.payment.status {
        PaymentStatus::TaskRedirectionRequired if now >= record.internal.expires_at => {
            record.internal.link_end = Some(LinkEnd::Expired);
            set_status(record, PaymentStatus::Rejected);
            vec![Event::Authorization("REJECTED")]
        }
        PaymentStatus::Frozen | PaymentStatus::Inspection => match record.internal.scheduled {
            Some(s) if now >= s.at => {
                record.internal.scheduled = None;
                apply_outcome(record, s.outcome, now)
            }
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn set_status(record: &mut Record, status: PaymentStatus) {
    record.payment.status = status;
    refresh_actions(record);
}

fn apply_outcome(record: &mut Record, outcome: Outcome, now: DateTime<Utc>) -> Vec<Event> {
    match outcome {
        Outcome::Accepted => {
            let total = record.payment.order.total_order_amount;
            record.payment.order.authorized_amount = total;
            if record.internal.automatic_capture {
                let lines = create_lines(record);
                let action_id = log_action(record, "CAPTURE", lines, None, None, now);
                record.payment.order.captured_amount = total;
                set_status(record, PaymentStatus::Accepted);
                vec![
                    Event::Authorization("CAPTURED"),
                    Event::Management {
                        action: "CAPTURE",
                        action_id,
                    },
                ]
            } else {
                set_status(record, PaymentStatus::Accepted);
                vec![Event::Authorization("AUTHORIZED")]
            }
        }
        Outcome::Rejected => {
            record.internal.link_end.get_or_insert(LinkEnd::Rejected);
            set_status(record, PaymentStatus::Rejected);
            vec![Event::Authorization("REJECTED")]
        }
        Outcome::Frozen => {
            set_status(record, PaymentStatus::Frozen);
            vec![Event::Authorization("FROZEN")]
        }
        Outcome::Inspection => {
            set_status(record, PaymentStatus::Inspection);
            Vec::new()
        }
    }
}

fn create_lines(record: &Record) -> Vec<OrderLine> {
    record
        .payment
        .order
        .action_log
        .iter()
        .find(|e| e.action_type == "CREATE")
        .map(|e| e.order_lines.clone())
        .unwrap_or_default()
}

fn log_action(
    record: &mut Record,
    kind: &str,
    order_lines: Vec<OrderLine>,
    transaction_id: Option<String>,
    creator: Option<String>,
    now: DateTime<Utc>,
) -> String {
    let action_id = Uuid::new_v4().to_string();
    record.payment.order.action_log.push(ActionLogEntry {
        action_id: action_id.clone(),
        action_type: kind.into(),
        created: timestamp(now),
        order_lines,
        transaction_id,
        creator,
    });
    action_id
}

/// The Resurs SE test personnummer of providers.md §1.8: the first outcome, and optionally a
/// later one after some seconds. Anything else (or nothing) is accepted.
pub fn outcome_for_government_id(government_id: Option<&str>) -> (Outcome, Option<(i64, Outcome)>) {
    match government_id.map(str::trim) {
        Some("198305147715") => (Outcome::Accepted, None),
        Some("197211072793") => (Outcome::Rejected, None),
        Some("198209123705") => (Outcome::Frozen, None),
        Some("198001010001") => (Outcome::Frozen, Some((5, Outcome::Accepted))),
        Some("197801069241") => (Outcome::Frozen, Some((5, Outcome::Rejected))),
        Some("199105149612") => (Outcome::Inspection, Some((10, Outcome::Accepted))),
        Some("199111282399") => (Outcome::Inspection, Some((0, Outcome::Rejected))),
        _ => (Outcome::Accepted, None),
    }
}

/// What the link page should show for this payment.
pub fn link_state(record: &Record) -> LinkState {
    match record.payment.status {
        PaymentStatus::TaskRedirectionRequired => LinkState::Payable,
        PaymentStatus::Accepted => LinkState::Paid,
        PaymentStatus::Frozen | PaymentStatus::Inspection => LinkState::UnderReview,
        _ if record.internal.link_end == Some(LinkEnd::Expired) => LinkState::Expired,
        _ => LinkState::Invalid,
    }
}

/// The refusal (409) for a link that can no longer be acted on; the message is Swedish because
/// the customer page shows it.
fn link_refusal(record: &Record) -> Option<Rejection> {
    let message = match link_state(record) {
        LinkState::Payable => return None,
        LinkState::Paid => "Betalningen är redan gjord.",
        LinkState::UnderReview => "Betalningen granskas redan.",
        LinkState::Expired => "Länken har gått ut. Länken är inte längre giltig.",
        LinkState::Invalid => "Länken är inte längre giltig.",
    };
    Some(Rejection::new(409, "LINK_NOT_VALID", message))
}

/// A decision on a payment (customer page or `/_sim/.../decide`). Allowed while the payment is
/// pending (TASK_REDIRECTION_REQUIRED, FROZEN or INSPECTION).
pub fn decide(
    record: &mut Record,
    outcome: Outcome,
    then: Option<(i64, Outcome)>,
    method: Option<Method>,
    now: DateTime<Utc>,
) -> Result<Vec<Event>, Rejection> {
    if !is_pending(&record.payment.status) {
        return Err(Rejection::not_allowed(format!(
            "payment is {}, not pending",
            record.payment.status.as_str()
        )));
    }
    if let Some((secs, next)) = then {
        if !matches!(outcome, Outcome::Frozen | Outcome::Inspection) {
            return Err(Rejection::validation(
                "then is only allowed after FROZEN or INSPECTION",
            ));
        }
        if !matches!(next, Outcome::Accepted | Outcome::Rejected) {
            return Err(Rejection::validation("then must be ACCEPTED or REJECTED"));
        }
        if !(0..=31_536_000).contains(&secs) {
            return Err(Rejection::validation("thenAfterSeconds must be 0–31536000"));
        }
    }
    if let Some(method) = method {
        record.payment.payment_method = Some(method.payment_method());
    }
    record.internal.scheduled = then.map(|(secs, next)| Scheduled {
        at: now + Duration::seconds(secs),
        outcome: next,
    });
    let mut events = apply_outcome(record, outcome, now);
    // A delay of 0 s resolves at once.
    events.extend(tick(record, now));
    Ok(events)
}

/// The customer pays on the link page.
pub fn customer_accept(
    record: &mut Record,
    method: Method,
    government_id: Option<String>,
    now: DateTime<Utc>,
) -> Result<Vec<Event>, Rejection> {
    if let Some(refusal) = link_refusal(record) {
        return Err(refusal);
    }
    let customer = record.payment.customer.get_or_insert_with(Default::default);
    if let Some(gid) = government_id {
        customer.government_id = Some(gid);
    }
    let (outcome, then) = outcome_for_government_id(customer.government_id.as_deref());
    decide(record, outcome, then, Some(method), now)
}

/// The customer declines on the link page.
pub fn customer_decline(record: &mut Record, now: DateTime<Utc>) -> Result<Vec<Event>, Rejection> {
    if let Some(refusal) = link_refusal(record) {
        return Err(refusal);
    }
    record.internal.link_end = Some(LinkEnd::Declined);
    Ok(apply_outcome(record, Outcome::Rejected, now))
}

/// The merchant-side after-sale actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Capture,
    Cancel,
    Refund,
}

impl Action {
    pub fn parse(s: &str) -> Option<Action> {
        match s {
            "capture" => Some(Action::Capture),
            "cancel" => Some(Action::Cancel),
            "refund" => Some(Action::Refund),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Action::Capture => "CAPTURE",
            Action::Cancel => "CANCEL",
            Action::Refund => "REFUND",
        }
    }
}

/// Capture, cancel or refund with the amount rules of §5.4: no lines = everything still
/// eligible, lines = the sum of their `totalAmountIncludingVat`.
pub fn apply_action(
    record: &mut Record,
    action: Action,
    req: &ActionRequest,
    now: DateTime<Utc>,
) -> Result<Vec<Event>, Rejection> {
    if let Some(tid) = &req.transaction_id {
        if tid.trim().is_empty() || tid.chars().count() > 100 {
            return Err(Rejection::validation(
                "transactionId must be 1–100 characters",
            ));
        }
        if record
            .payment
            .order
            .action_log
            .iter()
            .any(|e| e.transaction_id.as_ref() == Some(tid))
        {
            return Err(Rejection::new(
                409,
                "DUPLICATE_TRANSACTION_ID",
                format!("transactionId {tid:?} was already used on this payment"),
            ));
        }
    }
    let lines = req.order_lines.clone().unwrap_or_default();
    let requested = if lines.is_empty() {
        None
    } else {
        Some(sum_lines(&lines)?.0)
    };
    if requested.is_some_and(|a| a <= 0) {
        return Err(Rejection::validation(
            "the orderLines must sum to more than 0",
        ));
    }
    let status = record.payment.status.clone();
    let order = &record.payment.order;
    let total = order.total_order_amount.0;

    // A pending link can only be cancelled as a whole.
    if is_pending(&status) {
        if action != Action::Cancel {
            return Err(Rejection::not_allowed(format!(
                "{} is not allowed while the payment is {}",
                action.name(),
                status.as_str()
            )));
        }
        if requested.is_some_and(|a| a != total) {
            return Err(Rejection::not_allowed(
                "a pending payment can only be cancelled in full",
            ));
        }
        let logged = if lines.is_empty() {
            create_lines(record)
        } else {
            lines
        };
        let action_id = log_action(
            record,
            "CANCEL",
            logged,
            req.transaction_id.clone(),
            req.creator.clone(),
            now,
        );
        record.payment.order.canceled_amount = Amount(total);
        record.internal.scheduled = None;
        record.internal.link_end = Some(LinkEnd::Cancelled);
        set_status(record, PaymentStatus::Rejected);
        return Ok(vec![Event::Management {
            action: "CANCEL",
            action_id,
        }]);
    }
    if status != PaymentStatus::Accepted {
        return Err(Rejection::not_allowed(format!(
            "{} is not allowed while the payment is {}",
            action.name(),
            status.as_str()
        )));
    }
    let eligible = match action {
        Action::Capture | Action::Cancel => uncaptured(order),
        Action::Refund => refundable(order),
    };
    let amount = requested.unwrap_or(eligible);
    if eligible <= 0 {
        return Err(Rejection::not_allowed(format!(
            "nothing left to {}",
            action.name().to_lowercase()
        )));
    }
    if amount > eligible {
        return Err(Rejection::not_allowed(format!(
            "{} of {} exceeds the {} that is left",
            action.name(),
            Amount(amount),
            Amount(eligible)
        )));
    }
    let logged = if !lines.is_empty() {
        lines
    } else if amount == total {
        create_lines(record)
    } else {
        Vec::new()
    };
    let action_id = log_action(
        record,
        action.name(),
        logged,
        req.transaction_id.clone(),
        req.creator.clone(),
        now,
    );
    let order = &mut record.payment.order;
    match action {
        Action::Capture => order.captured_amount.0 += amount,
        Action::Cancel => order.canceled_amount.0 += amount,
        Action::Refund => order.refunded_amount.0 += amount,
    }
    refresh_actions(record);
    Ok(vec![Event::Management {
        action: action.name(),
        action_id,
    }])
}

#[cfg(test)]
mod tests;
