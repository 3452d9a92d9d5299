//! Resurs Merchant API v2 wire types (shared/docs/providers.md §1.3–1.6 and §5.2–5.7).
//!
//! These never leave the `payments` module: the app sees [`crate::payments::ProviderPayment`].
//! Amounts travel as exact JSON decimals with two places, made from integer öre, never through
//! floating point.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An amount in kronor on the wire ("1250.00"), held as integer öre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(pub i64);

impl Amount {
    pub fn decimal(self) -> Decimal {
        Decimal::new(self.0, 2)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.decimal())
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        rust_decimal::serde::arbitrary_precision::serialize(&self.decimal(), s)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Amount, D::Error> {
        let value: Decimal = rust_decimal::serde::arbitrary_precision::deserialize(d)?;
        to_hundredths(value)
            .map(Amount)
            .map_err(serde::de::Error::custom)
    }
}

/// A decimal with at most two places on the wire (quantity, VAT rate), held as hundredths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Dec2(pub i64);

impl Dec2 {
    pub fn decimal(self) -> Decimal {
        Decimal::new(self.0, 2).normalize()
    }
}

impl Serialize for Dec2 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        rust_decimal::serde::arbitrary_precision::serialize(&self.decimal(), s)
    }
}

impl<'de> Deserialize<'de> for Dec2 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Dec2, D::Error> {
        let value: Decimal = rust_decimal::serde::arbitrary_precision::deserialize(d)?;
        to_hundredths(value)
            .map(Dec2)
            .map_err(serde::de::Error::custom)
    }
}

fn to_hundredths(value: Decimal) -> Result<i64, String> {
    if value.normalize().scale() > 2 {
        return Err(format!("{value} has more than two decimals"));
    }
    i64::try_from(value * Decimal::ONE_HUNDRED).map_err(|_| format!("{value} is out of range"))
}

/// `POST /oauth2/token` answer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

/// OAuth error body: `{"error":"invalid_client","error_description":"…"}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct OAuthError {
    pub error: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
}

/// `POST /oauth2/token` request, as a form or a JSON body (Resurs's own libraries send JSON).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct TokenRequest {
    #[serde(default)]
    pub grant_type: Option<String>,
    #[serde(default)]
    pub client_id: Option<String>,
    #[serde(default)]
    pub client_secret: Option<String>,
    #[serde(default)]
    pub scope: Option<String>,
}

/// API error body: `{"traceId","code","message"}`, and for a validation error the fields that
/// are wrong (`errors`, a sandbox assumption: MAPI's own field-error shape is not evidenced).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    #[serde(default)]
    pub trace_id: String,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// One wrong field of a request: `{"field":"customer.mobilePhone","message":"…"}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    #[serde(default)]
    pub message: String,
}

/// A store of `GET /v2/stores`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Store {
    pub id: String,
    #[serde(default)]
    pub national_store_id: i64,
    #[serde(default)]
    pub country_code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_number: Option<String>,
}

/// A legal link of a payment method: `{url, type: GENERAL_TERMS|SECCI|PRICE_INFO, appendAmount}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct LegalLink {
    pub url: String,
    #[serde(rename = "type", default)]
    pub link_type: String,
    #[serde(default)]
    pub append_amount: bool,
}

/// A payment method of `GET /v2/stores/{storeId}/payment_methods`. Limits are exact amounts.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct StorePaymentMethod {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// RESURS_INVOICE, RESURS_PART_PAYMENT, CARD, SWISH… (kept as text: unknown values are fine).
    #[serde(rename = "type", default)]
    pub method_type: String,
    #[serde(default)]
    pub min_purchase_limit: Amount,
    #[serde(default)]
    pub max_purchase_limit: Amount,
    #[serde(default)]
    pub min_application_limit: Amount,
    #[serde(default)]
    pub max_application_limit: Amount,
    #[serde(default)]
    pub legal_links: Vec<LegalLink>,
    #[serde(default)]
    pub enabled_for_legal_customer: bool,
    #[serde(default)]
    pub enabled_for_natural_customer: bool,
}

impl StorePaymentMethod {
    /// Can a private person (`natural`) or a company pay `amount` with this method?
    pub fn allows(&self, amount: Amount, natural: bool) -> bool {
        (if natural {
            self.enabled_for_natural_customer
        } else {
            self.enabled_for_legal_customer
        }) && self.min_purchase_limit <= amount
            && amount <= self.max_purchase_limit
    }
}

/// `GET /v2/payments/{id}/tasks/status`: `{completed, customer?, merchant?, coApplicant?}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct TaskStatus {
    pub completed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<CustomerTask>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant: Option<MerchantTask>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub co_applicant: Option<CustomerTask>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CustomerTask {
    pub customer_url: String,
    pub has_active_task: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct MerchantTask {
    pub merchant_url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct OrderLine {
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    pub quantity: Dec2,
    #[serde(default)]
    pub quantity_unit: String,
    pub vat_rate: Dec2,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_amount_including_vat: Option<Amount>,
    pub total_amount_including_vat: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_vat_amount: Option<Amount>,
    #[serde(rename = "type", default = "normal")]
    pub line_type: String,
}

fn normal() -> String {
    "NORMAL".into()
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct OrderIn {
    /// Optional: Resurs makes one when it is missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_reference: Option<String>,
    pub order_lines: Vec<OrderLine>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    /// "NATURAL" or "LEGAL".
    #[serde(default = "natural")]
    pub customer_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub government_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
}

fn natural() -> String {
    "NATURAL".into()
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct KeyValue {
    pub key: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom: Vec<KeyValue>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Url {
    pub url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct Callbacks {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization: Option<Url>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub management: Option<Url>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct Options {
    #[serde(default)]
    pub initiated_on_customers_device: bool,
    #[serde(default)]
    pub deliver_links: bool,
    #[serde(default)]
    pub handle_frozen_payments: bool,
    #[serde(default)]
    pub handle_manual_inspection: bool,
    #[serde(default)]
    pub automatic_capture: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callbacks: Option<Callbacks>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_to_live_in_minutes: Option<u32>,
}

/// `POST /v2/payments`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CreatePayment {
    pub store_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method_id: Option<String>,
    pub order: OrderIn,
    pub customer: Customer,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    #[serde(default)]
    pub options: Options,
}

/// `Payment.status`. Unknown values are kept, never a parse failure.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PaymentStatus {
    TaskRedirectionRequired,
    Inspection,
    SupplementingRequired,
    Frozen,
    Accepted,
    Rejected,
    Unknown(String),
}

impl PaymentStatus {
    pub fn as_str(&self) -> &str {
        match self {
            PaymentStatus::TaskRedirectionRequired => "TASK_REDIRECTION_REQUIRED",
            PaymentStatus::Inspection => "INSPECTION",
            PaymentStatus::SupplementingRequired => "SUPPLEMENTING_REQUIRED",
            PaymentStatus::Frozen => "FROZEN",
            PaymentStatus::Accepted => "ACCEPTED",
            PaymentStatus::Rejected => "REJECTED",
            PaymentStatus::Unknown(s) => s,
        }
    }

    pub fn parse(s: &str) -> PaymentStatus {
        match s {
            "TASK_REDIRECTION_REQUIRED" => PaymentStatus::TaskRedirectionRequired,
            "INSPECTION" => PaymentStatus::Inspection,
            "SUPPLEMENTING_REQUIRED" => PaymentStatus::SupplementingRequired,
            "FROZEN" => PaymentStatus::Frozen,
            "ACCEPTED" => PaymentStatus::Accepted,
            "REJECTED" => PaymentStatus::Rejected,
            other => PaymentStatus::Unknown(other.to_string()),
        }
    }
}

impl Serialize for PaymentStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for PaymentStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<PaymentStatus, D::Error> {
        Ok(PaymentStatus::parse(&String::deserialize(d)?))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PaymentMethod {
    pub id: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct TaskRedirectionUrls {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_url: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PossibleAction {
    /// CAPTURE, PARTIAL_CAPTURE, REFUND, PARTIAL_REFUND, CANCEL, PARTIAL_CANCEL.
    pub action: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ActionLogEntry {
    pub action_id: String,
    /// CREATE, MODIFY_ORDER, CAPTURE, REFUND, CANCEL.
    #[serde(rename = "type")]
    pub action_type: String,
    pub created: String,
    #[serde(default)]
    pub order_lines: Vec<OrderLine>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PaymentOrder {
    pub order_reference: String,
    pub total_order_amount: Amount,
    #[serde(default)]
    pub authorized_amount: Amount,
    #[serde(default)]
    pub captured_amount: Amount,
    #[serde(default)]
    pub canceled_amount: Amount,
    #[serde(default)]
    pub refunded_amount: Amount,
    #[serde(default)]
    pub possible_actions: Vec<PossibleAction>,
    #[serde(default)]
    pub action_log: Vec<ActionLogEntry>,
}

/// The Payment object of GET/create/capture/cancel/refund.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Payment {
    pub id: String,
    pub created: String,
    pub store_id: String,
    pub status: PaymentStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<PaymentMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    #[serde(default)]
    pub customer: Option<Customer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Metadata>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_redirection_urls: Option<TaskRedirectionUrls>,
    pub order: PaymentOrder,
}

/// `POST /v2/payments/search`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SearchRequest {
    pub store_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub government_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Page<T> {
    pub content: Vec<T>,
}

/// Body of capture, cancel and refund. No lines means "everything still eligible".
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
pub struct ActionRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_lines: Option<Vec<OrderLine>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<String>,
}

/// Authorization callback: `{paymentId, status: AUTHORIZED|REJECTED|FROZEN|CAPTURED, created}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct AuthorizationCallback {
    pub payment_id: String,
    pub status: String,
    pub created: String,
}

/// Management callback: `{paymentId, action: CAPTURE|REFUND|CANCEL, actionId, created}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ManagementCallback {
    pub payment_id: String,
    pub action: String,
    pub action_id: String,
    pub created: String,
}

/// A payout (the sandbox's own shape: Resurs's payout API is not public; modelled on Klarna's
/// Settlements API). `GET /v2/payouts[?from&to]` (a [`Page`]) and `GET /v2/payouts/{reference}`.
/// Amounts are positive; `payoutAmount` = `paymentAmount` − `refundAmount` − `feeAmount`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Payout {
    /// The bank reference on our statement ("RSP" and ten digits); unique.
    pub reference: String,
    pub store_id: String,
    /// YYYY-MM-DD.
    pub payout_date: String,
    pub currency: String,
    /// What the payments paid out came to (captured less refunds made before the payout).
    pub payment_amount: Amount,
    /// Refunds made after their payment was paid out, taken back now.
    pub refund_amount: Amount,
    /// Resurs's fees (financial services: no VAT).
    pub fee_amount: Amount,
    /// What reaches the bank.
    pub payout_amount: Amount,
    /// The specification: one row per payment (and per refund taken back).
    pub rows: Vec<PayoutRow>,
}

/// A row of a payout's specification.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct PayoutRow {
    /// `PAYMENT` (a captured payment paid out) or `REFUND` (a refund after its payout).
    #[serde(rename = "type")]
    pub row_type: String,
    pub payment_id: String,
    /// Our `orderReference` of the payment.
    pub order_reference: String,
    /// PAYMENT: captured so far; REFUND: 0.
    pub captured_amount: Amount,
    /// PAYMENT: refunded before the payout; REFUND: the refund taken back.
    pub refunded_amount: Amount,
    /// PAYMENT: captured − refunded, paid out; REFUND: the refund, taken back.
    pub amount: Amount,
    /// The fee on a PAYMENT (0 on a REFUND).
    pub fee_amount: Amount,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact_two_decimal_json_numbers() {
        assert_eq!(serde_json::to_string(&Amount(125_000)).unwrap(), "1250.00");
        assert_eq!(serde_json::to_string(&Amount(5)).unwrap(), "0.05");
        assert_eq!(serde_json::to_string(&Amount(-1)).unwrap(), "-0.01");
        // 0.1 + 0.2 style values survive exactly.
        assert_eq!(serde_json::from_str::<Amount>("0.30").unwrap(), Amount(30));
        assert_eq!(
            serde_json::from_str::<Amount>("1250").unwrap(),
            Amount(125_000)
        );
        assert_eq!(
            serde_json::from_str::<Amount>("1914.38").unwrap(),
            Amount(191_438)
        );
        assert!(serde_json::from_str::<Amount>("1.005").is_err());
        assert_eq!(serde_json::to_string(&Dec2(150)).unwrap(), "1.5");
        assert_eq!(serde_json::to_string(&Dec2(2500)).unwrap(), "25");
    }

    #[test]
    fn unknown_status_is_kept() {
        let s: PaymentStatus = serde_json::from_str("\"SOMETHING_NEW\"").unwrap();
        assert_eq!(s, PaymentStatus::Unknown("SOMETHING_NEW".into()));
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"SOMETHING_NEW\"");
    }
}
