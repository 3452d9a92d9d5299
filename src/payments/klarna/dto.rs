//! Klarna's wire types as the client sends and reads them (shared/docs/providers.md §2):
//! snake_case names exactly as Klarna's, amounts as integer minor units (öre), `tax_rate` with
//! two implied decimals (2500 = 25 %). Reading is lenient: fields Klarna may leave out default,
//! unknown fields are ignored.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Klarna's error body: `{error_code, error_messages[], correlation_id}`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub error_code: String,
    #[serde(default)]
    pub error_messages: Vec<String>,
    #[serde(default)]
    pub correlation_id: String,
}

/// An order line: `quantity` is an integer, `unit_price` includes tax and is before discount,
/// `total_amount = quantity × unit_price − total_discount_amount`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    pub name: String,
    pub quantity: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity_unit: Option<String>,
    pub unit_price: i64,
    #[serde(default)]
    pub tax_rate: i64,
    pub total_amount: i64,
    #[serde(default)]
    pub total_discount_amount: i64,
    #[serde(default)]
    pub total_tax_amount: i64,
}

/// `billing_address` of a purchase (Klarna's `address` object).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// `customer` of a purchase: the personnummer goes as `national_identification_number`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_identification_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_of_birth: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// The body of `POST /payments/v1/sessions` and of placing the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PurchaseBody {
    pub purchase_country: String,
    pub purchase_currency: String,
    pub locale: String,
    pub order_amount: i64,
    pub order_tax_amount: i64,
    pub order_lines: Vec<OrderLine>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_reference1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_reference2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<Address>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
}

/// `POST /payments/v1/sessions` → 200.
#[derive(Debug, Clone, Deserialize)]
pub struct SessionCreated {
    pub session_id: String,
    #[serde(default)]
    pub client_token: String,
}

/// `GET /payments/v1/sessions/{session_id}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Session {
    #[serde(default)]
    pub session_id: String,
    /// `incomplete` until an order is placed with its authorization, then `complete`.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub purchase_country: String,
    #[serde(default)]
    pub purchase_currency: String,
    #[serde(default)]
    pub locale: Option<String>,
    pub order_amount: i64,
    #[serde(default)]
    pub order_tax_amount: i64,
    #[serde(default)]
    pub order_lines: Vec<OrderLine>,
    #[serde(default)]
    pub merchant_reference1: Option<String>,
    #[serde(default)]
    pub merchant_reference2: Option<String>,
    #[serde(default)]
    pub billing_address: Option<Address>,
    #[serde(default)]
    pub customer: Option<Customer>,
    /// The customer's latest authorization of the session, once there is one.
    #[serde(default)]
    pub authorization_token: Option<String>,
    #[serde(default)]
    pub expires_at: Option<String>,
}

/// `POST /payments/v1/authorizations/{authorization_token}/order` → 200.
#[derive(Debug, Clone, Deserialize)]
pub struct OrderCreated {
    pub order_id: String,
    /// `ACCEPTED` or `PENDING`.
    pub fraud_status: String,
    #[serde(default)]
    pub redirect_url: Option<String>,
    /// What the customer chose and its terms (`{"type": "invoice", "number_of_days": 30}`).
    #[serde(default)]
    pub authorized_payment_method: Option<AuthorizedPaymentMethod>,
}

/// `authorized_payment_method` of a placed order.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AuthorizedPaymentMethod {
    #[serde(rename = "type", default)]
    pub kind: String,
    /// Days the customer has to pay (an invoice), when Klarna says.
    #[serde(default)]
    pub number_of_days: Option<i64>,
}

/// An order as Order Management answers it (`MerchantOrderDto`).
#[derive(Debug, Clone, Deserialize)]
pub struct Order {
    pub order_id: String,
    /// `AUTHORIZED | PART_CAPTURED | CAPTURED | CANCELLED | EXPIRED | CLOSED`.
    pub status: String,
    /// `ACCEPTED | PENDING | REJECTED`.
    pub fraud_status: String,
    pub order_amount: i64,
    #[serde(default)]
    pub original_order_amount: i64,
    #[serde(default)]
    pub captured_amount: i64,
    #[serde(default)]
    pub refunded_amount: i64,
    #[serde(default)]
    pub remaining_authorized_amount: i64,
    #[serde(default)]
    pub klarna_reference: String,
    #[serde(default)]
    pub merchant_reference1: Option<String>,
    #[serde(default)]
    pub expires_at: Option<String>,
    #[serde(default)]
    pub order_lines: Vec<OrderLine>,
    #[serde(default)]
    pub captures: Vec<Capture>,
    #[serde(default)]
    pub refunds: Vec<Refund>,
    #[serde(default)]
    pub initial_payment_method: Option<InitialPaymentMethod>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct InitialPaymentMethod {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Capture {
    pub capture_id: String,
    pub captured_amount: i64,
    #[serde(default)]
    pub captured_at: Option<String>,
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub refunded_amount: i64,
    /// The lines captured (when the capture named them).
    #[serde(default)]
    pub order_lines: Vec<OrderLine>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Refund {
    pub refund_id: String,
    pub refunded_amount: i64,
    #[serde(default)]
    pub reference: Option<String>,
}

/// `POST …/captures`.
#[derive(Debug, Clone, Serialize)]
pub struct CaptureBody {
    pub captured_amount: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub order_lines: Vec<OrderLine>,
}

/// `POST …/refunds`.
#[derive(Debug, Clone, Serialize)]
pub struct RefundBody {
    pub refunded_amount: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub order_lines: Vec<OrderLine>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Pagination {
    #[serde(default)]
    pub count: i64,
    #[serde(default)]
    pub total: i64,
    #[serde(default)]
    pub offset: i64,
    #[serde(default)]
    pub next: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Totals {
    pub sale_amount: i64,
    pub return_amount: i64,
    pub fee_amount: i64,
    pub reversal_amount: i64,
    pub commission_amount: i64,
    pub repay_amount: i64,
    pub deposit_amount: i64,
    pub closing_debt_balance_amount: i64,
    pub settlement_amount: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Payout {
    pub payment_reference: String,
    pub payout_date: String,
    #[serde(default)]
    pub currency_code: String,
    #[serde(default)]
    pub totals: Totals,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PayoutCollection {
    #[serde(default)]
    pub payouts: Vec<Payout>,
    #[serde(default)]
    pub pagination: Pagination,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Transaction {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub detailed_type: String,
    pub amount: i64,
    #[serde(default)]
    pub capture_id: Option<String>,
    #[serde(default)]
    pub refund_id: Option<String>,
    #[serde(default)]
    pub order_id: Option<String>,
    #[serde(default)]
    pub merchant_reference1: Option<String>,
    #[serde(default)]
    pub merchant_capture_reference: Option<String>,
    #[serde(default)]
    pub merchant_refund_reference: Option<String>,
    #[serde(default)]
    pub reversal_reference: Option<String>,
    #[serde(default)]
    pub payment_reference: Option<String>,
    #[serde(default)]
    pub sale_date: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TransactionCollection {
    #[serde(default)]
    pub transactions: Vec<Transaction>,
    #[serde(default)]
    pub pagination: Pagination,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Dispute {
    pub dispute_krn: String,
    #[serde(default)]
    pub order_id: String,
    #[serde(default)]
    pub merchant_reference1: Option<String>,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub sub_state: Option<String>,
    #[serde(default)]
    pub outcome: Option<String>,
    #[serde(default)]
    pub closing_reason: Option<String>,
    pub disputed_amount: i64,
    #[serde(default)]
    pub opened_at: Option<String>,
    #[serde(default)]
    pub expires_at: Option<String>,
    #[serde(default)]
    pub requests: Vec<DisputeRequest>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DisputeRequest {
    pub request_id: i64,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub responses: Vec<Value>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DisputeCollection {
    #[serde(default)]
    pub disputes: Vec<Dispute>,
    #[serde(default)]
    pub pagination: Pagination,
}

/// `POST …/attachments` (metadata) → `{attachment_id}`.
#[derive(Debug, Clone, Serialize)]
pub struct AttachmentBody {
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AttachmentCreated {
    pub attachment_id: i64,
}

/// `POST …/requests/{request_id}/responses`.
#[derive(Debug, Clone, Serialize)]
pub struct ResponseBody {
    pub comment: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachment_ids: Vec<i64>,
}

/// `POST /_sim/klarna/authorize` (the sandbox's stand-in for the customer).
#[derive(Debug, Clone, Serialize)]
pub struct SimAuthorize<'a> {
    pub session_id: &'a str,
    pub outcome: &'a str,
}
