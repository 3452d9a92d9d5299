//! The neutral [`PaymentProvider`] for one Klarna store, and "agera kund" on the sandbox.
//!
//! How ids map: the payment's id is the Klarna Payments **session id**. `create` opens the
//! session with the key `verkstad-session:{order_reference}` (our reference is unique per
//! attempt), so a repeat of the create, and [`find_by_reference`](KlarnaProvider::find_by_reference),
//! get Klarna's first answer back. Once the customer has authorized, `get` places the order
//! with the key `verkstad-order:{session_id}` — every later `get` gets the same order back
//! from Klarna's idempotency — and reads the order.

use chrono::{DateTime, Utc};
use reqwest::Method;

use super::client::{KlarnaClient, PROVIDER, refused};
use super::dto;
use super::lines::{FoldReason, to_klarna_lines};
use super::orders::Purchase;
use crate::domain::Money;
use crate::payments::{
    CustomerChoice, HeldLine, HeldPayment, LineNote, NewPayment, PaymentLine, PaymentProvider,
    PaymentState, ProviderError, ProviderFuture, ProviderPayment, Refusal, SandboxCustomer,
    Unreachable,
};

/// A Klarna store as a [`PaymentProvider`]. Capture happens at booking (never automatic).
pub struct KlarnaProvider {
    client: KlarnaClient,
}

fn session_key(order_reference: &str) -> String {
    format!("verkstad-session:{order_reference}")
}

fn order_key(session_id: &str) -> String {
    format!("verkstad-order:{session_id}")
}

/// Where a session stands.
enum Reserved {
    /// Not authorized by the customer (yet).
    Waiting(dto::Session),
    /// The customer's authorization could not place an order (it lapsed unused).
    Lapsed(dto::Session),
    /// The order, and the customer's payment terms in days when Klarna gave them.
    Ordered(dto::Order, Option<i64>),
}

fn ore(n: i64) -> Money {
    Money::from_ore(n)
}

fn session_payment(s: &dto::Session, state: PaymentState, status: &str) -> ProviderPayment {
    ProviderPayment {
        id: s.session_id.clone(),
        order_reference: s.merchant_reference1.clone().unwrap_or_default(),
        state,
        provider_status: status.to_string(),
        total: ore(s.order_amount),
        authorized: Money::ZERO,
        captured: Money::ZERO,
        canceled: Money::ZERO,
        refunded: Money::ZERO,
        customer_url: None,
        method: None,
        paid_at: None,
        transaction_ids: Vec::new(),
    }
}

/// A Klarna order as the neutral payment (its id stays the session's).
pub(super) fn order_payment(session_id: &str, o: &dto::Order) -> ProviderPayment {
    let closed = matches!(
        o.status.as_str(),
        "CANCELLED" | "EXPIRED" | "CAPTURED" | "CLOSED"
    );
    let state = match (o.fraud_status.as_str(), o.status.as_str()) {
        ("REJECTED", _) => PaymentState::Rejected,
        (_, "CANCELLED") => PaymentState::Cancelled,
        (_, "EXPIRED") if o.captured_amount == 0 => PaymentState::Expired,
        ("PENDING", _) => PaymentState::Frozen,
        _ if o.captured_amount > 0 && o.refunded_amount >= o.captured_amount => {
            PaymentState::Refunded
        }
        _ if o.refunded_amount > 0 => PaymentState::PartlyRefunded,
        (_, "CAPTURED" | "CLOSED" | "EXPIRED") => PaymentState::Paid,
        (_, "AUTHORIZED" | "PART_CAPTURED") => PaymentState::Authorized,
        _ => PaymentState::Unknown,
    };
    let authorized = if o.fraud_status == "ACCEPTED" {
        o.order_amount
    } else {
        0
    };
    let transaction_ids = o
        .captures
        .iter()
        .filter_map(|c| c.reference.clone())
        .chain(o.refunds.iter().filter_map(|r| r.reference.clone()))
        .collect();
    ProviderPayment {
        id: session_id.to_string(),
        order_reference: o.merchant_reference1.clone().unwrap_or_default(),
        state,
        provider_status: format!("{}/{}", o.status, o.fraud_status),
        total: ore(o.original_order_amount.max(o.order_amount)),
        authorized: ore(authorized),
        captured: ore(o.captured_amount),
        canceled: ore(if closed {
            o.order_amount - o.captured_amount
        } else {
            0
        }),
        refunded: ore(o.refunded_amount),
        customer_url: None,
        method: o
            .initial_payment_method
            .as_ref()
            .map(|m| m.description.clone())
            .filter(|d| !d.is_empty()),
        paid_at: o
            .captures
            .iter()
            .filter_map(|c| c.captured_at.as_deref())
            .filter_map(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc))
            .min(),
        transaction_ids,
    }
}

fn no_order() -> ProviderError {
    refused(
        Refusal::NotAllowed,
        "NOT_ALLOWED",
        "The customer has not authorized the payment: there is no order",
    )
}

impl KlarnaProvider {
    pub fn new(client: KlarnaClient) -> KlarnaProvider {
        KlarnaProvider { client }
    }

    /// The store's client, for settlements, disputes and the rest of Order Management.
    pub fn client(&self) -> &KlarnaClient {
        &self.client
    }

    /// The session and, once the customer has authorized, its order (placed now if need be).
    async fn reserved(&self, session_id: &str) -> Result<Reserved, ProviderError> {
        let session = self.client.read_session(session_id).await?;
        let Some(token) = session.authorization_token.clone() else {
            return Ok(Reserved::Waiting(session));
        };
        let purchase = Purchase::of_session(&session);
        let placed = match self
            .client
            .place_order(&token, &purchase, &order_key(session_id))
            .await
        {
            Ok(p) => p,
            Err(e) if e.refusal() == Some(Refusal::NotFound) => {
                return Ok(Reserved::Lapsed(session));
            }
            Err(e) => return Err(e),
        };
        Ok(Reserved::Ordered(
            self.client.get_order(&placed.order_id).await?,
            placed.payment_days,
        ))
    }

    /// Klarna's order id of payment `id` (a session id), once the customer has authorized and
    /// the order is placed: what settlements and disputes name.
    pub async fn order_id(&self, id: &str) -> Result<Option<String>, ProviderError> {
        Ok(match self.reserved(id).await? {
            Reserved::Ordered(o, _) => Some(o.order_id),
            _ => None,
        })
    }

    async fn order(&self, session_id: &str) -> Result<dto::Order, ProviderError> {
        match self.reserved(session_id).await? {
            Reserved::Ordered(o, _) => Ok(o),
            _ => Err(no_order()),
        }
    }

    pub async fn create(&self, payment: &NewPayment) -> Result<ProviderPayment, ProviderError> {
        let purchase = Purchase::new(payment);
        if !purchase.folded.is_empty() {
            tracing::info!(
                reference = payment.order_reference,
                lines = purchase.folded.len(),
                "Klarna: lines with fractional quantities go as one line each"
            );
        }
        let created = self
            .client
            .create_session(&purchase, &session_key(&payment.order_reference))
            .await?;
        self.get(&created.session_id).await
    }

    pub async fn get(&self, id: &str) -> Result<ProviderPayment, ProviderError> {
        Ok(match self.reserved(id).await? {
            Reserved::Waiting(s) => session_payment(&s, PaymentState::Pending, &s.status),
            Reserved::Lapsed(s) => {
                session_payment(&s, PaymentState::Expired, "AUTHORIZATION_LAPSED")
            }
            Reserved::Ordered(o, _) => order_payment(id, &o),
        })
    }

    /// Klarna has no search by merchant reference; but only the key matters to its
    /// idempotency, so asking to open the session again under the reference's key, with an
    /// empty purchase, answers the session when there is one and is refused (and nothing kept)
    /// when there is none.
    pub async fn find_by_reference(
        &self,
        reference: &str,
    ) -> Result<Option<ProviderPayment>, ProviderError> {
        let probe = self
            .client
            .call(
                Method::POST,
                "/payments/v1/sessions",
                &[],
                Some(&serde_json::json!({})),
                Some(&session_key(reference)),
            )
            .await;
        match probe {
            Ok(answer) => {
                let created: dto::SessionCreated = answer.json("session")?;
                self.get(&created.session_id).await.map(Some)
            }
            Err(ProviderError::Refused { status: 400, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Cancel the order; a session the customer has not authorized has no order to cancel
    /// (Klarna cannot cancel a session): its authorization, if one comes, is never used.
    pub async fn cancel(&self, id: &str, key: &str) -> Result<ProviderPayment, ProviderError> {
        match self.reserved(id).await? {
            Reserved::Ordered(o, _) => {
                self.client.cancel(&o.order_id, key).await?;
                let o = self.client.get_order(&o.order_id).await?;
                Ok(order_payment(id, &o))
            }
            Reserved::Waiting(s) | Reserved::Lapsed(s) => {
                Ok(session_payment(&s, PaymentState::Cancelled, "NOT_ORDERED"))
            }
        }
    }

    /// Capture what remains authorized, with the order's lines when it is all of it;
    /// `transaction_id` is the capture's reference (in the settlement files).
    pub async fn capture(
        &self,
        id: &str,
        transaction_id: &str,
        key: &str,
    ) -> Result<ProviderPayment, ProviderError> {
        let o = self.order(id).await?;
        let whole = o.captured_amount == 0 && o.remaining_authorized_amount == o.order_amount;
        let lines: &[dto::OrderLine] = if whole { &o.order_lines } else { &[] };
        self.client
            .capture(
                &o.order_id,
                ore(o.remaining_authorized_amount),
                lines,
                Some(transaction_id),
                key,
            )
            .await?;
        let o = self.client.get_order(&o.order_id).await?;
        Ok(order_payment(id, &o))
    }

    /// Refund `amount`, or all that is captured and not refunded.
    pub async fn refund(
        &self,
        id: &str,
        amount: Option<Money>,
        transaction_id: &str,
        key: &str,
    ) -> Result<ProviderPayment, ProviderError> {
        let o = self.order(id).await?;
        let amount = amount.unwrap_or(ore(o.captured_amount - o.refunded_amount));
        self.client
            .refund(&o.order_id, amount, None, Some(transaction_id), key)
            .await?;
        let o = self.client.get_order(&o.order_id).await?;
        Ok(order_payment(id, &o))
    }

    /// The sandbox's customer authorizes the session (or is refused).
    async fn act_as_customer(&self, id: &str, choice: CustomerChoice) -> Result<(), ProviderError> {
        let outcome = match choice {
            CustomerChoice::Decline => "rejected",
            _ => "accepted",
        };
        let url = format!("{}/_sim/klarna/authorize", self.client.store().base_url);
        let body = dto::SimAuthorize {
            session_id: id,
            outcome,
        };
        match self.client.http().post(url).json(&body).send().await {
            Ok(r) if r.status().is_success() => Ok(()),
            Ok(r) => Err(ProviderError::Refused {
                provider: PROVIDER,
                status: r.status().as_u16(),
                kind: if r.status().as_u16() == 404 {
                    Refusal::NotFound
                } else {
                    Refusal::Other
                },
                code: format!("HTTP_{}", r.status().as_u16()),
                message: r
                    .text()
                    .await
                    .unwrap_or_default()
                    .chars()
                    .take(200)
                    .collect(),
            }),
            Err(e) => Err(ProviderError::Unavailable {
                provider: PROVIDER,
                reason: if e.is_timeout() {
                    Unreachable::Timeout
                } else if e.is_connect() {
                    Unreachable::NoConnection
                } else {
                    Unreachable::ConnectionLost
                },
            }),
        }
    }
}

impl PaymentProvider for KlarnaProvider {
    fn name(&self) -> &'static str {
        PROVIDER
    }

    fn is_sandbox(&self) -> bool {
        self.client.store().sandbox
    }

    fn automatic_capture(&self) -> bool {
        false
    }

    /// The create's key is derived from the order reference (see the module's doc): the
    /// caller's stored key is not needed, the reference is stored with it and as stable.
    fn create<'a>(
        &'a self,
        payment: &'a NewPayment,
        _key: &'a str,
    ) -> ProviderFuture<'a, ProviderPayment> {
        Box::pin(KlarnaProvider::create(self, payment))
    }

    fn get<'a>(&'a self, id: &'a str) -> ProviderFuture<'a, ProviderPayment> {
        Box::pin(KlarnaProvider::get(self, id))
    }

    fn find_by_reference<'a>(
        &'a self,
        reference: &'a str,
    ) -> ProviderFuture<'a, Option<ProviderPayment>> {
        Box::pin(KlarnaProvider::find_by_reference(self, reference))
    }

    fn cancel<'a>(&'a self, id: &'a str, key: &'a str) -> ProviderFuture<'a, ProviderPayment> {
        Box::pin(KlarnaProvider::cancel(self, id, key))
    }

    fn refund<'a>(
        &'a self,
        id: &'a str,
        amount: Option<Money>,
        transaction_id: &'a str,
        key: &'a str,
    ) -> ProviderFuture<'a, ProviderPayment> {
        Box::pin(KlarnaProvider::refund(
            self,
            id,
            amount,
            transaction_id,
            key,
        ))
    }

    fn capture<'a>(
        &'a self,
        id: &'a str,
        transaction_id: &'a str,
        key: &'a str,
    ) -> ProviderFuture<'a, ProviderPayment> {
        Box::pin(KlarnaProvider::capture(self, id, transaction_id, key))
    }

    fn held<'a>(&'a self, id: &'a str) -> ProviderFuture<'a, Option<HeldPayment>> {
        Box::pin(async move {
            let Reserved::Ordered(o, payment_days) = self.reserved(id).await? else {
                return Ok(None);
            };
            let held_line = |l: dto::OrderLine| HeldLine {
                name: l.name,
                reference: l.reference,
                quantity: l.quantity,
                unit_price: ore(l.unit_price),
                total: ore(l.total_amount),
                vat: ore(l.total_tax_amount),
                // Klarna's tax_rate has two implied decimals: 2500 = 25 %.
                vat_rate: rust_decimal::Decimal::new(l.tax_rate, 2).normalize(),
            };
            let captured_at = o
                .captures
                .iter()
                .filter_map(|c| c.captured_at.as_deref())
                .filter_map(|t| DateTime::parse_from_rfc3339(t).ok())
                .map(|t| t.with_timezone(&Utc))
                .min();
            let captured_lines = o
                .captures
                .iter()
                .flat_map(|c| c.order_lines.iter().cloned())
                .map(held_line)
                .collect();
            Ok(Some(HeldPayment {
                provider_order_id: o.order_id,
                status: o.status,
                decision: o.fraud_status,
                customer_reference: o.klarna_reference,
                order_amount: ore(o.order_amount),
                captured_amount: ore(o.captured_amount),
                refunded_amount: ore(o.refunded_amount),
                lines: o.order_lines.into_iter().map(held_line).collect(),
                captured_lines,
                captured_at,
                payment_method: o
                    .initial_payment_method
                    .map(|m| m.description)
                    .filter(|d| !d.is_empty()),
                payment_days,
            }))
        })
    }

    fn line_notes(&self, lines: &[PaymentLine], total: Money) -> Vec<LineNote> {
        to_klarna_lines(lines, total)
            .folded
            .into_iter()
            .filter(|f| f.reason == FoldReason::Fractional)
            .map(|f| LineNote {
                line: f.index + 1,
                message: crate::msg!(
                    "klarna-line-folded",
                    line = f.index + 1,
                    description = f.description,
                    quantity = f.quantity.to_string()
                ),
            })
            .collect()
    }

    fn sandbox_customer(&self) -> Option<&dyn SandboxCustomer> {
        self.client
            .store()
            .sandbox
            .then_some(self as &dyn SandboxCustomer)
    }
}

impl SandboxCustomer for KlarnaProvider {
    fn act<'a>(&'a self, id: &'a str, choice: CustomerChoice) -> ProviderFuture<'a, ()> {
        Box::pin(self.act_as_customer(id, choice))
    }
}
