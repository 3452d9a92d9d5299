//! Klarna Payments (reserve: session → the customer's authorization → order, providers.md §2.2)
//! and Order Management (read, capture, refund, cancel, extend, release, §2.1) as typed calls
//! of a [`KlarnaClient`]. Every mutating call takes the idempotency key the caller stored before
//! the call.

use reqwest::Method;

use super::client::{KlarnaClient, segment};
use super::dto::{self, Address, Customer, OrderLine, PurchaseBody};
use super::lines::{Folded, to_klarna_lines};
use crate::domain::Money;
use crate::payments::{NewPayment, ProviderError};

/// A purchase as Klarna takes it (the session's and the order's body), and which of our lines
/// went as quantity 1 with their total (the decimal-quantity rule, [`super::lines`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purchase {
    pub body: PurchaseBody,
    pub folded: Vec<Folded>,
}

fn some(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl Purchase {
    /// The purchase of a payment: its lines by the quantity rule, `merchant_reference1` = our
    /// order reference, the billing address and personnummer from `billing` (the mobile number
    /// and e-mail of the payment when `billing` has none).
    pub fn new(payment: &NewPayment) -> Purchase {
        let k = to_klarna_lines(&payment.lines, payment.total);
        let b = payment.billing.as_deref().cloned().unwrap_or_default();
        let (given, family) = match (some(&b.given_name), some(&b.family_name)) {
            (None, None) => {
                let name = payment.customer_name.trim();
                match name.rsplit_once(' ') {
                    Some((g, f)) => (Some(g.to_string()), Some(f.to_string())),
                    None if name.is_empty() => (None, None),
                    None => (None, Some(name.to_string())),
                }
            }
            names => names,
        };
        let address = Address {
            given_name: given,
            family_name: family,
            email: some(&b.email).or_else(|| some(&payment.email)),
            phone: Some(payment.mobile.as_str().to_string()),
            street_address: some(&b.street_address),
            postal_code: some(&b.postal_code),
            city: some(&b.city),
            country: Some(some(&b.country).unwrap_or_else(|| "SE".into())),
        };
        let customer = some(&b.national_id).map(|id| Customer {
            national_identification_number: Some(id),
            date_of_birth: None,
            kind: Some("person".into()),
        });
        Purchase {
            body: PurchaseBody {
                purchase_country: "SE".into(),
                purchase_currency: "SEK".into(),
                locale: "sv-SE".into(),
                order_amount: k.order_amount,
                order_tax_amount: k.order_tax_amount,
                order_lines: k.lines,
                merchant_reference1: Some(payment.order_reference.clone()),
                merchant_reference2: None,
                billing_address: Some(address),
                customer,
            },
            folded: k.folded,
        }
    }

    /// The purchase a session holds, to place its order with.
    pub fn of_session(s: &dto::Session) -> Purchase {
        Purchase {
            body: PurchaseBody {
                purchase_country: s.purchase_country.clone(),
                purchase_currency: s.purchase_currency.clone(),
                locale: s.locale.clone().unwrap_or_else(|| "sv-SE".into()),
                order_amount: s.order_amount,
                order_tax_amount: s.order_tax_amount,
                order_lines: s.order_lines.clone(),
                merchant_reference1: s.merchant_reference1.clone(),
                merchant_reference2: s.merchant_reference2.clone(),
                billing_address: s.billing_address.clone(),
                customer: s.customer.clone(),
            },
            folded: Vec::new(),
        }
    }
}

/// What placing an order answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderPlaced {
    pub order_id: String,
    /// `ACCEPTED` or `PENDING`.
    pub fraud_status: String,
    /// The customer's payment terms in days (`authorized_payment_method.number_of_days`), when
    /// Klarna says.
    pub payment_days: Option<i64>,
}

fn om(order_id: &str) -> String {
    format!("/ordermanagement/v1/orders/{}", segment(order_id))
}

impl KlarnaClient {
    /// `POST /payments/v1/sessions`: the session id.
    pub async fn create_session(
        &self,
        purchase: &Purchase,
        key: &str,
    ) -> Result<dto::SessionCreated, ProviderError> {
        self.call(
            Method::POST,
            "/payments/v1/sessions",
            &[],
            Some(&purchase.body),
            Some(key),
        )
        .await?
        .json("session")
    }

    /// `GET /payments/v1/sessions/{session_id}`.
    pub async fn read_session(&self, session_id: &str) -> Result<dto::Session, ProviderError> {
        let path = format!("/payments/v1/sessions/{}", segment(session_id));
        self.get_json(&path, &[]).await
    }

    /// `POST /payments/v1/authorizations/{authorization_token}/order`.
    pub async fn place_order(
        &self,
        authorization_token: &str,
        purchase: &Purchase,
        key: &str,
    ) -> Result<OrderPlaced, ProviderError> {
        let path = format!(
            "/payments/v1/authorizations/{}/order",
            segment(authorization_token)
        );
        let o: dto::OrderCreated = self
            .call(Method::POST, &path, &[], Some(&purchase.body), Some(key))
            .await?
            .json("order")?;
        Ok(OrderPlaced {
            order_id: o.order_id,
            fraud_status: o.fraud_status,
            payment_days: o.authorized_payment_method.and_then(|m| m.number_of_days),
        })
    }

    /// `DELETE /payments/v1/authorizations/{authorization_token}`: void an unused authorization.
    pub async fn cancel_authorization(
        &self,
        authorization_token: &str,
    ) -> Result<(), ProviderError> {
        let path = format!(
            "/payments/v1/authorizations/{}",
            segment(authorization_token)
        );
        self.call(Method::DELETE, &path, &[], None::<&()>, None)
            .await
            .map(drop)
    }

    /// `GET /ordermanagement/v1/orders/{order_id}`.
    pub async fn get_order(&self, order_id: &str) -> Result<dto::Order, ProviderError> {
        self.get_json(&om(order_id), &[]).await
    }

    /// `POST …/captures` (= activate the invoice): the capture id from the `Capture-Id` header.
    /// `reference` appears in the settlement files (our invoice number).
    pub async fn capture(
        &self,
        order_id: &str,
        amount: Money,
        lines: &[OrderLine],
        reference: Option<&str>,
        key: &str,
    ) -> Result<String, ProviderError> {
        let body = dto::CaptureBody {
            captured_amount: amount.ore(),
            description: None,
            reference: reference.map(|r| r.chars().take(255).collect()),
            order_lines: lines.to_vec(),
        };
        let path = format!("{}/captures", om(order_id));
        self.call(Method::POST, &path, &[], Some(&body), Some(key))
            .await?
            .header("Capture-Id")
    }

    /// `POST …/refunds`: the refund id from the `Refund-Id` header.
    pub async fn refund(
        &self,
        order_id: &str,
        amount: Money,
        lines: Option<&[OrderLine]>,
        reference: Option<&str>,
        key: &str,
    ) -> Result<String, ProviderError> {
        let body = dto::RefundBody {
            refunded_amount: amount.ore(),
            description: None,
            reference: reference.map(|r| r.chars().take(255).collect()),
            order_lines: lines.map(<[OrderLine]>::to_vec).unwrap_or_default(),
        };
        let path = format!("{}/refunds", om(order_id));
        self.call(Method::POST, &path, &[], Some(&body), Some(key))
            .await?
            .header("Refund-Id")
    }

    async fn order_action(
        &self,
        order_id: &str,
        action: &str,
        key: &str,
    ) -> Result<(), ProviderError> {
        let path = format!("{}/{action}", om(order_id));
        self.call(Method::POST, &path, &[], None::<&()>, Some(key))
            .await
            .map(drop)
    }

    /// `POST …/cancel`: nothing may be captured yet.
    pub async fn cancel(&self, order_id: &str, key: &str) -> Result<(), ProviderError> {
        self.order_action(order_id, "cancel", key).await
    }

    /// `POST …/extend-authorization-time`: 28 more days to capture.
    pub async fn extend_authorization_time(
        &self,
        order_id: &str,
        key: &str,
    ) -> Result<(), ProviderError> {
        self.order_action(order_id, "extend-authorization-time", key)
            .await
    }

    /// `POST …/release-remaining-authorization`: what is not captured is released.
    pub async fn release_remaining_authorization(
        &self,
        order_id: &str,
        key: &str,
    ) -> Result<(), ProviderError> {
        self.order_action(order_id, "release-remaining-authorization", key)
            .await
    }
}
