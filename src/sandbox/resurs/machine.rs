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

/// `^[\w-]{1,36}$`.
pub fn valid_order_reference(s: &str) -> bool {
    let n = s.chars().count();
    (1..=36).contains(&n)
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// Only loopback callback URLs are ever called: the sandbox never sends traffic anywhere else.
pub fn is_loopback_url(raw: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(raw) else {
        return false;
    };
    if !matches!(url.scheme(), "http" | "https") || !url.username().is_empty() {
        return false;
    }
    // `host_str` is normalised by the URL parser ("127.1" becomes "127.0.0.1").
    matches!(url.host_str(), Some(h) if h == "127.0.0.1" || h.eq_ignore_ascii_case("localhost"))
}

/// A callback URL a merchant may give: http or https on any host, without credentials.
pub fn is_callback_url(raw: &str) -> bool {
    reqwest::Url::parse(raw).is_ok_and(|url| {
        matches!(url.scheme(), "http" | "https")
            && url.username().is_empty()
            && url.password().is_none()
            && url.host_str().is_some_and(|h| !h.is_empty())
    })
}

/// A personnummer as the sandbox keeps it: 12 digits. Accepts 12 digits or the 10-digit form
/// (`YYMMDD-NNNN`, `YYMMDDNNNN`, or `YYMMDD+NNNN` for a person of 100 or more), with the century
/// taken from `today`'s year as the personnummer rules say. `None` for anything else.
pub fn government_id_12(raw: &str, today_year: i32) -> Option<String> {
    let raw = raw.trim();
    let plus = raw.contains('+');
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, '-' | '+' | ' '))
        .collect();
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    match digits.len() {
        12 => Some(digits),
        10 => {
            let yy: i32 = digits[..2].parse().ok()?;
            let mut year = today_year - today_year.rem_euclid(100) + yy;
            if year > today_year {
                year -= 100;
            }
            if plus {
                year -= 100;
            }
            Some(format!("{year:04}{}", &digits[2..]))
        }
        _ => None,
    }
}

/// The payment methods of the sandbox's store (`GET /v2/stores/{id}/payment_methods`): the three
/// ways to pay on the customer page, with purchase limits in the style of Resurs.
pub fn store_payment_methods(base_url: &str) -> Vec<StorePaymentMethod> {
    let kr = |kr: i64| Amount(kr * 100);
    let terms = |id: &str, kind: &str, append_amount: bool| LegalLink {
        url: format!("{base_url}/_sim/terms/{id}/{}", kind.to_lowercase()),
        link_type: kind.into(),
        append_amount,
    };
    [
        (Method::Direct, "CARD", 1, 100_000),
        (Method::Partpayment, "RESURS_PART_PAYMENT", 500, 200_000),
        (Method::Invoice, "RESURS_INVOICE", 10, 50_000),
    ]
    .into_iter()
    .map(|(method, kind, min, max)| {
        let PaymentMethod { id, name } = method.payment_method();
        let mut legal_links = vec![terms(&id, "GENERAL_TERMS", false)];
        if method == Method::Partpayment {
            legal_links.push(terms(&id, "SECCI", true));
            legal_links.push(terms(&id, "PRICE_INFO", true));
        }
        StorePaymentMethod {
            id,
            name,
            method_type: kind.into(),
            min_purchase_limit: kr(min),
            max_purchase_limit: kr(max),
            min_application_limit: kr(min),
            max_application_limit: kr(max),
            legal_links,
            enabled_for_legal_customer: method != Method::Partpayment,
            enabled_for_natural_customer: true,
        }
    })
    .collect()
}

/// Checks the lines of a create or action request and returns their sum.
fn sum_lines(lines: &[OrderLine]) -> Result<Amount, Rejection> {
    let mut total: i64 = 0;
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        if line.description.trim().is_empty() {
            return Err(Rejection::validation(format!(
                "orderLines[{n}]: description is required"
            )));
        }
        if line.quantity.0 <= 0 {
            return Err(Rejection::validation(format!(
                "orderLines[{n}]: quantity must be > 0"
            )));
        }
        if !VAT_RATES.contains(&line.vat_rate.0) {
            return Err(Rejection::validation(format!(
                "orderLines[{n}]: vatRate must be one of 0, 6, 12, 25"
            )));
        }
        let amount = line.total_amount_including_vat.0;
        if amount.abs() > MAX_LINE_AMOUNT {
            return Err(Rejection::validation(format!(
                "orderLines[{n}]: totalAmountIncludingVat is out of range"
            )));
        }
        total += amount; // cannot overflow: at most 1000 lines of ≤ 1e12 are summed in practice
    }
    Ok(Amount(total))
}

/// Validates `POST /v2/payments` against the store and its payment methods, and returns the
/// order total. Unknown fields were already ignored when the body was read.
pub fn validate_create(
    req: &CreatePayment,
    store_id: &str,
    methods: &[StorePaymentMethod],
) -> Result<Amount, Rejection> {
    if req.store_id != store_id {
        return Err(Rejection::field(
            "storeId",
            format!("unknown storeId {:?}", req.store_id),
        ));
    }
    if let Some(reference) = &req.order.order_reference
        && !valid_order_reference(reference)
    {
        return Err(Rejection::field(
            "order.orderReference",
            "must match ^[\\w-]{1,36}$",
        ));
    }
    if req.order.order_lines.is_empty() {
        return Err(Rejection::field(
            "order.orderLines",
            "at least one line is needed",
        ));
    }
    if req.order.order_lines.len() > 1000 {
        return Err(Rejection::field("order.orderLines", "more than 1000 lines"));
    }
    let total = sum_lines(&req.order.order_lines)?;
    if total.0 <= 0 {
        return Err(Rejection::validation("the order total must be > 0"));
    }
    let natural = !req.customer.customer_type.eq_ignore_ascii_case("LEGAL");
    match req.payment_method_id.as_deref().map(str::trim) {
        Some(id) if !id.is_empty() => {
            let Some(method) = methods.iter().find(|m| m.id == id) else {
                return Err(Rejection::field(
                    "paymentMethodId",
                    format!("{id:?} is not a payment method of this store"),
                ));
            };
            if !method.allows(total, natural) {
                return Err(Rejection::field(
                    "paymentMethodId",
                    format!(
                        "{} cannot be used for {total} (limits {}–{})",
                        method.name, method.min_purchase_limit, method.max_purchase_limit
                    ),
                ));
            }
        }
        _ => {
            if !methods.is_empty() && !methods.iter().any(|m| m.allows(total, natural)) {
                return Err(Rejection::field(
                    "order.orderLines",
                    format!(
                        "the total {total} is outside the purchase limits of every payment \
                         method of this store"
                    ),
                ));
            }
        }
    }
    let phone = req
        .customer
        .mobile_phone
        .as_deref()
        .map(str::trim)
        .unwrap_or("");
    if phone.is_empty() {
        if req.options.deliver_links {
            return Err(Rejection::field(
                "customer.mobilePhone",
                "required when options.deliverLinks is true",
            ));
        }
    } else if Mobile::parse(phone).is_err() {
        return Err(Rejection::field(
            "customer.mobilePhone",
            format!("{phone:?} is not a valid mobile number"),
        ));
    }
    if let Some(gid) = req.customer.government_id.as_deref()
        && !gid.trim().is_empty()
        && government_id_12(gid, 2000).is_none()
    {
        return Err(Rejection::field(
            "customer.governmentId",
            "must be a personnummer of 10 or 12 digits",
        ));
    }
    if let Some(ttl) = req.options.time_to_live_in_minutes
        && !(1..=43_200).contains(&ttl)
    {
        return Err(Rejection::field(
            "options.timeToLiveInMinutes",
            "must be 1–43200",
        ));
    }
    if let Some(cb) = &req.options.callbacks {
        for (field, url) in [
            ("options.callbacks.authorization.url", &cb.authorization),
            ("options.callbacks.management.url", &cb.management),
        ] {
            if let Some(url) = url
                && !is_callback_url(&url.url)
            {
                return Err(Rejection::field(field, "must be an http or https URL"));
            }
        }
    }
    Ok(total)
}

/// Builds a new TASK_REDIRECTION_REQUIRED payment from a validated request whose
/// `orderReference` is set. A 10-digit `governmentId` is kept in its 12-digit form, and a
/// `paymentMethodId` of the store becomes the payment's `paymentMethod`.
pub fn new_record(
    mut req: CreatePayment,
    total: Amount,
    id: String,
    customer_url: String,
    methods: &[StorePaymentMethod],
    now: DateTime<Utc>,
) -> Record {
    if let Some(gid) = req.customer.government_id.take() {
        req.customer.government_id = government_id_12(&gid, now.year()).or(Some(gid));
    }
    let payment_method = req.payment_method_id.as_deref().and_then(|id| {
        methods
            .iter()
            .find(|m| m.id == id.trim())
            .map(|m| PaymentMethod {
                id: m.id.clone(),
                name: m.name.clone(),
            })
    });
    let ttl = req
        .options
        .time_to_live_in_minutes
        .unwrap_or(DEFAULT_TTL_MINUTES);
    let callbacks = req.options.callbacks.clone().unwrap_or_default();
    let creator = req.metadata.as_ref().and_then(|m| m.creator.clone());
    let payment = Payment {
        id,
        created: timestamp(now),
        store_id: req.store_id,
        status: PaymentStatus::TaskRedirectionRequired,
        payment_method,
        country_code: Some("SE".into()),
        customer: Some(req.customer),
        metadata: req.metadata,
        task_redirection_urls: Some(TaskRedirectionUrls {
            merchant_url: None,
            customer_url: Some(customer_url),
        }),
        order: PaymentOrder {
            order_reference: req.order.order_reference.unwrap_or_default(),
            total_order_amount: total,
            authorized_amount: Amount(0),
            captured_amount: Amount(0),
            canceled_amount: Amount(0),
            refunded_amount: Amount(0),
            possible_actions: Vec::new(),
            action_log: vec![ActionLogEntry {
                action_id: Uuid::new_v4().to_string(),
                action_type: "CREATE".into(),
                created: timestamp(now),
                order_lines: req.order.order_lines,
                transaction_id: None,
                creator,
            }],
        },
    };
    let mut record = Record {
        payment,
        internal: Internal {
            automatic_capture: req.options.automatic_capture,
            expires_at: now + Duration::minutes(i64::from(ttl)),
            authorization_url: callbacks.authorization.map(|u| u.url),
            management_url: callbacks.management.map(|u| u.url),
            scheduled: None,
            link_end: None,
        },
    };
    refresh_actions(&mut record);
    record
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
mod tests {
    use super::*;
    use crate::payments::resurs::dto::{Customer, Dec2, Options, OrderIn};

    fn line(desc: &str, ore: i64) -> OrderLine {
        OrderLine {
            description: desc.into(),
            reference: None,
            quantity: Dec2(100),
            quantity_unit: "st".into(),
            vat_rate: Dec2(2500),
            unit_amount_including_vat: None,
            total_amount_including_vat: Amount(ore),
            total_vat_amount: None,
            line_type: "NORMAL".into(),
        }
    }

    fn request(lines: Vec<OrderLine>, automatic_capture: bool) -> CreatePayment {
        CreatePayment {
            store_id: "store".into(),
            payment_method_id: None,
            order: OrderIn {
                order_reference: Some("AO-1".into()),
                order_lines: lines,
            },
            customer: Customer {
                mobile_phone: Some("0701112233".into()),
                ..Default::default()
            },
            metadata: None,
            options: Options {
                initiated_on_customers_device: false,
                deliver_links: true,
                handle_frozen_payments: false,
                handle_manual_inspection: false,
                automatic_capture,
                callbacks: None,
                time_to_live_in_minutes: Some(10),
            },
        }
    }

    fn t0() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2025-01-01T10:00:00Z")
            .map(|t| t.to_utc())
            .unwrap()
    }

    fn record(automatic_capture: bool) -> Record {
        let req = request(
            vec![line("Bromsbelägg", 100_000), line("Arbete", 50_000)],
            automatic_capture,
        );
        let methods = store_payment_methods("http://127.0.0.1");
        let total = validate_create(&req, "store", &methods).unwrap();
        new_record(
            req,
            total,
            "p1".into(),
            "http://127.0.0.1/pay/p1".into(),
            &methods,
            t0(),
        )
    }

    fn actions(r: &Record) -> Vec<String> {
        r.payment
            .order
            .possible_actions
            .iter()
            .map(|a| a.action.clone())
            .collect()
    }

    fn lines_req(ore: &[i64]) -> ActionRequest {
        ActionRequest {
            order_lines: Some(ore.iter().map(|&o| line("x", o)).collect()),
            ..Default::default()
        }
    }

    #[test]
    fn create_computes_total_and_allows_only_cancel() {
        let r = record(false);
        assert_eq!(r.payment.order.total_order_amount, Amount(150_000));
        assert_eq!(r.payment.status, PaymentStatus::TaskRedirectionRequired);
        assert_eq!(actions(&r), ["CANCEL"]);
        assert_eq!(r.payment.order.action_log[0].action_type, "CREATE");
        assert_eq!(r.payment.order.action_log[0].order_lines.len(), 2);
    }

    #[test]
    fn validation_rules() {
        let methods = store_payment_methods("http://127.0.0.1");
        let check = |req: &CreatePayment| validate_create(req, "store", &methods);
        let ok = request(vec![line("a", 100)], false);
        assert!(check(&ok).is_ok());
        assert!(validate_create(&ok, "other", &methods).is_err());
        let mut bad = ok.clone();
        bad.order.order_reference = Some("has space".into());
        let err = check(&bad).unwrap_err();
        assert_eq!(err.code, "VALIDATION_ERROR");
        assert_eq!(err.field, Some("order.orderReference"));
        let mut none = ok.clone();
        none.order.order_reference = None;
        assert!(check(&none).is_ok(), "orderReference is optional");
        let mut bad = ok.clone();
        bad.order.order_lines.clear();
        assert!(check(&bad).is_err());
        let mut bad = ok.clone();
        bad.order.order_lines[0].vat_rate = Dec2(2000);
        assert!(check(&bad).is_err());
        let mut bad = ok.clone();
        bad.order.order_lines[0].quantity = Dec2(0);
        assert!(check(&bad).is_err());
        let mut bad = ok.clone();
        bad.order.order_lines[0].total_amount_including_vat = Amount(0);
        assert!(check(&bad).is_err());
        let mut bad = ok.clone();
        bad.customer.mobile_phone = None;
        assert_eq!(check(&bad).unwrap_err().field, Some("customer.mobilePhone"));
        for phone in ["12", "0812345678", "07011122334455", "abc"] {
            let mut bad = ok.clone();
            bad.customer.mobile_phone = Some(phone.into());
            let err = check(&bad).unwrap_err();
            assert_eq!(err.field, Some("customer.mobilePhone"), "{phone}");
            assert!(err.message.starts_with("customer.mobilePhone: "), "{phone}");
        }
        for phone in ["0707123456", "+46707123456", "070-712 34 56", "+4791234567"] {
            let mut good = ok.clone();
            good.customer.mobile_phone = Some(phone.into());
            assert!(check(&good).is_ok(), "{phone}");
        }
        let mut bad = ok.clone();
        bad.customer.government_id = Some("12345".into());
        assert_eq!(
            check(&bad).unwrap_err().field,
            Some("customer.governmentId")
        );
        let mut bad = ok.clone();
        bad.payment_method_id = Some("no-such-method".into());
        assert_eq!(check(&bad).unwrap_err().field, Some("paymentMethodId"));
        let mut good = ok.clone();
        good.payment_method_id = Some(methods[0].id.clone());
        assert!(check(&good).is_ok());
        // Part payment starts at 500 kr.
        let mut low = ok.clone();
        low.payment_method_id = Some(Method::Partpayment.payment_method().id);
        assert_eq!(check(&low).unwrap_err().field, Some("paymentMethodId"));
        // Over every method's maximum (200 000 kr).
        let big = request(vec![line("a", 20_000_001)], false);
        assert!(check(&big).is_err());
        let max = request(vec![line("a", 20_000_000)], false);
        assert!(check(&max).is_ok());
        // Callback URLs: http(s) on any host; only loopback ones are ever called.
        let mut https = ok.clone();
        https.options.callbacks = Some(crate::payments::resurs::dto::Callbacks {
            authorization: Some(crate::payments::resurs::dto::Url {
                url: "https://merchant.example.com/cb".into(),
            }),
            management: None,
        });
        assert!(check(&https).is_ok());
        let mut bad = https;
        bad.options.callbacks.as_mut().unwrap().authorization =
            Some(crate::payments::resurs::dto::Url {
                url: "ftp://example.com/cb".into(),
            });
        assert_eq!(
            check(&bad).unwrap_err().field,
            Some("options.callbacks.authorization.url")
        );
    }

    #[test]
    fn ten_digit_personnummer_get_their_century() {
        assert_eq!(
            government_id_12("8305147715", 2026).as_deref(),
            Some("198305147715")
        );
        assert_eq!(
            government_id_12("830514-7715", 2026).as_deref(),
            Some("198305147715")
        );
        assert_eq!(
            government_id_12("1001011234", 2026).as_deref(),
            Some("201001011234")
        );
        assert_eq!(
            government_id_12("090527+1474", 2026).as_deref(),
            Some("190905271474")
        );
        assert_eq!(
            government_id_12("19830514-7715", 2026).as_deref(),
            Some("198305147715")
        );
        assert_eq!(government_id_12("83051477", 2026), None);
        assert_eq!(government_id_12("83O5147715", 2026), None);
    }

    #[test]
    fn ten_digit_government_id_on_create_is_the_same_test_person() {
        let mut req = request(vec![line("a", 100_000)], false);
        req.customer.government_id = Some("8001010001".into());
        let methods = store_payment_methods("http://127.0.0.1");
        let total = validate_create(&req, "store", &methods).unwrap();
        let mut r = new_record(req, total, "p".into(), "u".into(), &methods, t0());
        assert_eq!(
            r.payment
                .customer
                .as_ref()
                .unwrap()
                .government_id
                .as_deref(),
            Some("198001010001")
        );
        customer_accept(&mut r, Method::Direct, None, t0()).unwrap();
        assert_eq!(r.payment.status, PaymentStatus::Frozen);
    }

    #[test]
    fn the_store_methods_have_limits() {
        let methods = store_payment_methods("http://127.0.0.1:9400");
        assert_eq!(methods.len(), 3);
        assert!(methods.iter().all(|m| m.enabled_for_natural_customer));
        assert!(methods.iter().all(|m| !m.legal_links.is_empty()));
        assert!(methods[0].allows(Amount(100), true));
        assert!(!methods[1].allows(Amount(100), true));
        assert!(!methods[1].allows(Amount(100_000), false));
    }

    #[test]
    fn task_status_follows_the_customer() {
        let mut r = record(true);
        let t = task_status(&r);
        assert!(!t.completed);
        assert!(t.customer.as_ref().unwrap().has_active_task);
        customer_accept(&mut r, Method::Direct, None, t0()).unwrap();
        let t = task_status(&r);
        assert!(t.completed);
        assert!(!t.customer.unwrap().has_active_task);
    }

    #[test]
    fn loopback_urls_only() {
        assert!(is_loopback_url("http://127.0.0.1:8080/cb"));
        assert!(is_loopback_url("http://localhost/cb"));
        assert!(!is_loopback_url("http://10.0.0.1/cb"));
        assert!(!is_loopback_url("http://localhost.example.com/cb"));
        assert!(!is_loopback_url("ftp://127.0.0.1/cb"));
        assert!(!is_loopback_url("not a url"));
    }

    #[test]
    fn order_reference_pattern() {
        assert!(valid_order_reference("AO-4711_b"));
        assert!(!valid_order_reference(""));
        assert!(!valid_order_reference(&"x".repeat(37)));
        assert!(!valid_order_reference("a/b"));
    }

    #[test]
    fn accept_without_automatic_capture_authorizes() {
        let mut r = record(false);
        let ev = customer_accept(&mut r, Method::Invoice, None, t0()).unwrap();
        assert_eq!(ev, [Event::Authorization("AUTHORIZED")]);
        assert_eq!(r.payment.status, PaymentStatus::Accepted);
        assert_eq!(r.payment.order.authorized_amount, Amount(150_000));
        assert_eq!(r.payment.order.captured_amount, Amount(0));
        assert_eq!(r.payment.payment_method.as_ref().unwrap().name, "Faktura");
        assert_eq!(
            actions(&r),
            ["CAPTURE", "PARTIAL_CAPTURE", "CANCEL", "PARTIAL_CANCEL"]
        );
    }

    #[test]
    fn accept_with_automatic_capture_captures_everything() {
        let mut r = record(true);
        let ev = customer_accept(&mut r, Method::Direct, None, t0()).unwrap();
        assert_eq!(ev[0], Event::Authorization("CAPTURED"));
        assert!(matches!(
            ev[1],
            Event::Management {
                action: "CAPTURE",
                ..
            }
        ));
        assert_eq!(r.payment.order.captured_amount, Amount(150_000));
        assert_eq!(actions(&r), ["REFUND", "PARTIAL_REFUND"]);
        assert_eq!(
            r.payment.order.action_log.last().unwrap().action_type,
            "CAPTURE"
        );
        // A paid link cannot be paid again.
        assert_eq!(
            customer_accept(&mut r, Method::Direct, None, t0())
                .unwrap_err()
                .status,
            409
        );
    }

    #[test]
    fn amount_rules() {
        let mut r = record(false);
        decide(&mut r, Outcome::Accepted, None, None, t0()).unwrap();
        // Partial capture, then cancel the rest, then nothing is left to capture.
        apply_action(&mut r, Action::Capture, &lines_req(&[100_000]), t0()).unwrap();
        assert_eq!(r.payment.order.captured_amount, Amount(100_000));
        let too_much = apply_action(&mut r, Action::Cancel, &lines_req(&[60_000]), t0());
        assert_eq!(too_much.unwrap_err().code, "ACTION_NOT_ALLOWED");
        apply_action(&mut r, Action::Cancel, &ActionRequest::default(), t0()).unwrap();
        assert_eq!(r.payment.order.canceled_amount, Amount(50_000));
        assert_eq!(actions(&r), ["REFUND", "PARTIAL_REFUND"]);
        let err = apply_action(&mut r, Action::Capture, &ActionRequest::default(), t0());
        assert_eq!(err.unwrap_err().status, 409);
        // Refund ≤ captured − refunded.
        assert!(apply_action(&mut r, Action::Refund, &lines_req(&[100_001]), t0()).is_err());
        apply_action(&mut r, Action::Refund, &lines_req(&[30_000]), t0()).unwrap();
        apply_action(&mut r, Action::Refund, &ActionRequest::default(), t0()).unwrap();
        assert_eq!(r.payment.order.refunded_amount, Amount(100_000));
        assert!(actions(&r).is_empty());
        assert!(apply_action(&mut r, Action::Refund, &ActionRequest::default(), t0()).is_err());
    }

    #[test]
    fn duplicate_transaction_id_is_refused() {
        let mut r = record(false);
        decide(&mut r, Outcome::Accepted, None, None, t0()).unwrap();
        let req = ActionRequest {
            order_lines: lines_req(&[10_000]).order_lines,
            transaction_id: Some("F-1".into()),
            creator: Some("kassa".into()),
        };
        apply_action(&mut r, Action::Capture, &req, t0()).unwrap();
        let entry = r.payment.order.action_log.last().unwrap();
        assert_eq!(entry.transaction_id.as_deref(), Some("F-1"));
        assert_eq!(entry.creator.as_deref(), Some("kassa"));
        let err = apply_action(&mut r, Action::Capture, &req, t0()).unwrap_err();
        assert_eq!((err.status, err.code), (409, "DUPLICATE_TRANSACTION_ID"));
    }

    #[test]
    fn cancel_pending_rejects_and_blocks_the_link() {
        let mut r = record(false);
        let partial = apply_action(&mut r, Action::Cancel, &lines_req(&[1_000]), t0());
        assert!(partial.is_err());
        let capture = apply_action(&mut r, Action::Capture, &ActionRequest::default(), t0());
        assert!(capture.is_err());
        let ev = apply_action(&mut r, Action::Cancel, &ActionRequest::default(), t0()).unwrap();
        assert!(matches!(
            ev[0],
            Event::Management {
                action: "CANCEL",
                ..
            }
        ));
        assert_eq!(r.payment.status, PaymentStatus::Rejected);
        assert_eq!(r.payment.order.canceled_amount, Amount(150_000));
        assert_eq!(link_state(&r), LinkState::Invalid);
        assert!(actions(&r).is_empty());
        assert_eq!(
            customer_accept(&mut r, Method::Direct, None, t0())
                .unwrap_err()
                .status,
            409
        );
    }

    #[test]
    fn ttl_expiry() {
        let mut r = record(false);
        assert_eq!(due_at(&r), Some(t0() + Duration::minutes(10)));
        assert!(tick(&mut r, t0() + Duration::minutes(9)).is_empty());
        let ev = tick(&mut r, t0() + Duration::minutes(10));
        assert_eq!(ev, [Event::Authorization("REJECTED")]);
        assert_eq!(r.payment.status, PaymentStatus::Rejected);
        assert_eq!(link_state(&r), LinkState::Expired);
        assert_eq!(due_at(&r), None);
    }

    #[test]
    fn delayed_outcomes() {
        let mut r = record(false);
        let ev = customer_accept(
            &mut r,
            Method::Partpayment,
            Some("198001010001".into()),
            t0(),
        );
        assert_eq!(ev.unwrap(), [Event::Authorization("FROZEN")]);
        assert_eq!(r.payment.status, PaymentStatus::Frozen);
        assert_eq!(link_state(&r), LinkState::UnderReview);
        assert!(tick(&mut r, t0() + Duration::seconds(4)).is_empty());
        let ev = tick(&mut r, t0() + Duration::seconds(5));
        assert_eq!(ev, [Event::Authorization("AUTHORIZED")]);
        assert_eq!(r.payment.status, PaymentStatus::Accepted);

        let mut r = record(false);
        customer_accept(&mut r, Method::Direct, Some("199105149612".into()), t0()).unwrap();
        assert_eq!(r.payment.status, PaymentStatus::Inspection);
        tick(&mut r, t0() + Duration::seconds(9));
        assert_eq!(r.payment.status, PaymentStatus::Inspection);
        tick(&mut r, t0() + Duration::seconds(10));
        assert_eq!(r.payment.status, PaymentStatus::Accepted);
    }

    #[test]
    fn personnummer_triggers() {
        let cases = [
            ("198305147715", PaymentStatus::Accepted),
            ("197211072793", PaymentStatus::Rejected),
            ("198209123705", PaymentStatus::Frozen),
            ("198001010001", PaymentStatus::Frozen),
            ("197801069241", PaymentStatus::Frozen),
            ("199105149612", PaymentStatus::Inspection),
            ("199111282399", PaymentStatus::Rejected),
            ("190001019876", PaymentStatus::Accepted),
        ];
        for (gid, expected) in cases {
            let mut r = record(false);
            customer_accept(&mut r, Method::Direct, Some(gid.into()), t0()).unwrap();
            assert_eq!(r.payment.status, expected, "{gid}");
        }
        // 198209123705 stays frozen; 197801069241 is rejected after 5 s.
        let mut r = record(false);
        customer_accept(&mut r, Method::Direct, Some("198209123705".into()), t0()).unwrap();
        tick(&mut r, t0() + Duration::days(30));
        assert_eq!(r.payment.status, PaymentStatus::Frozen);
        let mut r = record(false);
        customer_accept(&mut r, Method::Direct, Some("197801069241".into()), t0()).unwrap();
        assert_eq!(
            tick(&mut r, t0() + Duration::seconds(5)),
            [Event::Authorization("REJECTED")]
        );
        assert_eq!(r.payment.status, PaymentStatus::Rejected);
        assert_eq!(link_state(&r), LinkState::Invalid);
    }

    #[test]
    fn decline() {
        let mut r = record(false);
        assert_eq!(
            customer_decline(&mut r, t0()).unwrap(),
            [Event::Authorization("REJECTED")]
        );
        assert_eq!(r.payment.status, PaymentStatus::Rejected);
        assert!(customer_decline(&mut r, t0()).is_err());
    }
}
