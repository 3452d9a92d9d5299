//! The records the store hands out and takes in, whatever the backend: an order with its
//! customer, the audit trail, the order list's query, new customers, payment attempts and
//! provider calls.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::ids::{Mobile, NationalId};
use crate::domain::payment::{AttemptState, CallKind, CallState, PaymentState};
use crate::domain::search::Filter;
use crate::domain::{Address, Customer, Money, Order, Sort, Status, Totals, Vehicle};

/// An order with its customer, vehicle and totals: what `order show` and the order screen need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderDetails {
    pub order: Order,
    pub customer: Customer,
    pub vehicle: Option<Vehicle>,
    pub totals: Totals,
}

/// One row of the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEvent {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub entity: String,
    pub entity_key: String,
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// How many orders a list query matches: exactly `n`, or at least `n` when counting them all
/// would have been slow (the list says "minst N").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListCount {
    pub n: u64,
    pub exact: bool,
}

/// What the list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    pub filter: Option<Filter>,
    pub status: Option<Status>,
    pub paid: Option<bool>,
    pub sort: Sort,
    pub limit: usize,
    pub offset: usize,
    /// With the order-number sort: only the orders after this number in the sort's direction
    /// (the list's next rows after the last one loaded). Found through the number index, so
    /// the thousandth page costs what the first does; `offset` skips rows one by one. Other
    /// sorts ignore it.
    pub after_nr: Option<i64>,
}

impl ListQuery {
    /// This query as far as counting goes: the same orders, without sort or page.
    pub fn count_key(&self) -> ListQuery {
        ListQuery {
            sort: Sort::default(),
            limit: 0,
            offset: 0,
            after_nr: None,
            ..self.clone()
        }
    }
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            filter: None,
            status: None,
            paid: None,
            sort: Sort::default(),
            limit: 50,
            offset: 0,
            after_nr: None,
        }
    }
}

/// A customer to create; the number is given by the series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCustomer {
    pub name: String,
    pub national_id: Option<NationalId>,
    pub mobile: Option<Mobile>,
    pub email: Option<String>,
    pub address: Address,
}

/// One attempt to send a payment link for an order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentAttempt {
    pub id: i64,
    pub order_nr: i64,
    pub attempt: i64,
    pub provider: String,
    /// The provider's store (account) the payment was made in, for providers with several
    /// (Klarna); None for one account (Resurs).
    pub provider_store: Option<String>,
    pub order_reference: String,
    pub idempotency_key: String,
    pub request_json: String,
    pub amount: Money,
    pub mobile: String,
    pub ttl_minutes: i64,
    pub state: AttemptState,
    pub provider_payment_id: Option<String>,
    pub customer_url: Option<String>,
    /// The last payment state the provider reported.
    pub payment_state: Option<PaymentState>,
    /// How the customer chose to pay.
    pub method: Option<String>,
    pub paid_at: Option<DateTime<Utc>>,
    pub refunded: Money,
    /// What the provider authorised, stored when a check found the payment paid: the amount a
    /// MOBIL booking must equal.
    pub authorized: Option<Money>,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A cancel, refund or capture call, recorded before it is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProviderCall {
    pub id: i64,
    pub attempt_id: i64,
    pub kind: CallKind,
    pub idempotency_key: String,
    pub transaction_id: Option<String>,
    pub amount: Option<Money>,
    pub state: CallState,
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A new attempt to record before the create call.
#[derive(Debug, Clone)]
pub struct NewAttempt {
    pub order_nr: i64,
    /// From [`super::PaymentWriter::next_attempt`].
    pub attempt: i64,
    pub order_reference: String,
    pub provider: String,
    /// The provider's store (Klarna), kept with the payment.
    pub provider_store: Option<String>,
    pub idempotency_key: String,
    pub request_json: String,
    pub amount: Money,
    pub mobile: String,
    pub ttl_minutes: i64,
}
