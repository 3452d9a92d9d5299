//! Klarna's wire types as the sandbox answers them (shared/docs/providers.md §2): snake_case
//! JSON field names exactly as Klarna's, amounts as integer minor units (öre), `tax_rate` with
//! two implied decimals (2500 = 25 %). They are also how the sandbox keeps its state, so every
//! type reads back what it writes. The Klarna client will get its own `payments/klarna/dto.rs`;
//! until then these are the reference shapes.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Klarna's error body: `{error_code, error_messages[], correlation_id}` (providers.md K1, K2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error_code: String,
    pub error_messages: Vec<String>,
    pub correlation_id: String,
}

/// An order line (providers.md K1): `quantity` is an integer, `unit_price` includes tax and is
/// before discount, `total_amount = quantity × unit_price − total_discount_amount`.
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_data: Option<String>,
}

/// `POST /payments/v1/sessions` → 200.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionCreated {
    pub session_id: String,
    pub client_token: String,
    pub payment_method_categories: Vec<PaymentMethodCategory>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentMethodCategory {
    pub identifier: String,
    pub name: String,
}

/// `GET /payments/v1/sessions/{session_id}`: what the session holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub session_id: String,
    /// `incomplete` until an order is placed with its authorization, then `complete`.
    pub status: String,
    pub purchase_country: String,
    pub purchase_currency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    pub order_amount: i64,
    pub order_tax_amount: i64,
    pub order_lines: Vec<OrderLine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_reference1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_reference2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Value>,
    /// The customer's latest authorization of the session, once there is one (Klarna's read
    /// session answers it too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_token: Option<String>,
    pub expires_at: String,
}

/// `POST /payments/v1/authorizations/{authorization_token}/order` → 200 (providers.md K3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderCreated {
    pub order_id: String,
    /// Present when the session or the order named `merchant_urls.confirmation`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    /// `ACCEPTED` or `PENDING` (a refused customer never gets an authorization token).
    pub fraud_status: String,
    pub authorized_payment_method: AuthorizedPaymentMethod,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizedPaymentMethod {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_days: Option<i64>,
}

/// An order as Order Management answers it (`MerchantOrderDto`, providers.md K1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    pub order_id: String,
    /// `AUTHORIZED | PART_CAPTURED | CAPTURED | CANCELLED | EXPIRED | CLOSED`.
    pub status: String,
    /// `ACCEPTED | PENDING | REJECTED`.
    pub fraud_status: String,
    pub order_amount: i64,
    pub original_order_amount: i64,
    pub captured_amount: i64,
    pub refunded_amount: i64,
    pub remaining_authorized_amount: i64,
    pub purchase_country: String,
    pub purchase_currency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    pub klarna_reference: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_reference1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_reference2: Option<String>,
    pub created_at: String,
    /// "The order can only be captured until this time."
    pub expires_at: String,
    pub order_lines: Vec<OrderLine>,
    pub captures: Vec<Capture>,
    pub refunds: Vec<Refund>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Value>,
    pub initial_payment_method: InitialPaymentMethod,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InitialPaymentMethod {
    #[serde(rename = "type")]
    pub kind: String,
    pub description: String,
}

/// A capture (= an activated invoice) (providers.md K1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capture {
    pub capture_id: String,
    pub klarna_reference: String,
    pub captured_amount: i64,
    pub captured_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub order_lines: Vec<OrderLine>,
    /// The merchant's reference; it appears in the settlement files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    pub refunded_amount: i64,
}

/// A refund (providers.md K1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refund {
    pub refund_id: String,
    pub refunded_amount: i64,
    pub refunded_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub order_lines: Vec<OrderLine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// Paging of the Settlements API (providers.md K2); the sandbox uses it for disputes too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pagination {
    pub count: i64,
    pub total: i64,
    pub offset: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
}

/// A payout's totals (providers.md K2), all in minor units and never negative: what is
/// deducted (returns, fees, reversals) is a positive amount of its kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub sale_amount: i64,
    pub return_amount: i64,
    pub fee_amount: i64,
    pub reversal_amount: i64,
    pub commission_amount: i64,
    pub tax_amount: i64,
    pub holdback_amount: i64,
    pub release_amount: i64,
    pub charge_amount: i64,
    pub credit_amount: i64,
    pub fee_refund_amount: i64,
    pub tax_refund_amount: i64,
    pub fee_correction_amount: i64,
    pub repay_amount: i64,
    pub deposit_amount: i64,
    pub opening_debt_balance_amount: i64,
    pub closing_debt_balance_amount: i64,
    pub settlement_amount: i64,
}

/// A payout (`Payout`, providers.md K2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payout {
    /// The reference on the bank statement.
    pub payment_reference: String,
    pub payout_date: String,
    pub currency_code: String,
    pub currency_code_of_registration_country: String,
    pub merchant_settlement_type: String,
    pub merchant_id: String,
    pub totals: Totals,
    /// Link to the payout's transactions.
    pub transactions: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutCollection {
    pub payouts: Vec<Payout>,
    pub pagination: Pagination,
}

/// A settlement transaction (`Transaction`, providers.md K2). `amount` is positive; `type`
/// says which way it goes (SALE and RELEASE add; RETURN, FEE, REVERSAL… deduct).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transaction {
    #[serde(rename = "type")]
    pub kind: String,
    pub detailed_type: String,
    pub amount: i64,
    /// Set for SALE and FEE rows; an empty string for RETURN and REVERSAL, as Klarna does.
    pub capture_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_id: Option<String>,
    pub order_id: String,
    pub short_order_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_reference1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_reference2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_capture_reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_refund_reference: Option<String>,
    /// The dispute's KRN on a REVERSAL and on its DISPUTE_FEE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reversal_reference: Option<String>,
    pub sale_date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture_date: Option<String>,
    /// Set once the transaction is in a payout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payout: Option<String>,
    pub currency_code: String,
    pub purchase_country: String,
    /// VAT on Klarna's fees (none in the sandbox: 0).
    pub vat_rate: i64,
    pub vat_amount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransactionCollection {
    pub transactions: Vec<Transaction>,
    pub pagination: Pagination,
}

/// A dispute (§2.4): the states of Klarna's newest API (`INITIATED → REPRESENTMENT → … →
/// CLOSED`), the deadline in `expires_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispute {
    pub dispute_krn: String,
    pub order_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_reference1: Option<String>,
    /// `goods_not_received`, `unauthorized_purchase`, `faulty_goods`, …
    pub reason: String,
    /// `INITIATED` (waiting for the merchant), `REPRESENTMENT` (the merchant answered; Klarna
    /// decides) or `CLOSED`.
    pub state: String,
    /// `EVIDENCE_REQUESTED` while waiting for the merchant, `EVIDENCE_REQUEST_EXPIRED` when the
    /// deadline passed unanswered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_state: Option<String>,
    /// `WON` or `LOST` once closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Why it closed: `DECIDED`, `DEADLINE_MISSED` or `LOSS_ACCEPTED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closing_reason: Option<String>,
    pub disputed_amount: i64,
    pub currency: String,
    pub opened_at: String,
    /// The merchant's deadline: 21 days after opening, 7 for `unauthorized_purchase`.
    pub expires_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<String>,
    pub requests: Vec<DisputeRequest>,
    pub attachments: Vec<Attachment>,
}

/// What Klarna asks the merchant, and the merchant's answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeRequest {
    pub request_id: i64,
    pub requested_at: String,
    pub expires_at: String,
    pub comment: String,
    pub responses: Vec<DisputeResponse>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeResponse {
    pub response_id: i64,
    pub comment: String,
    pub attachment_ids: Vec<i64>,
    pub responded_at: String,
}

/// An attachment's metadata (the sandbox keeps no file content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub attachment_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeCollection {
    pub disputes: Vec<Dispute>,
    pub pagination: Pagination,
}
