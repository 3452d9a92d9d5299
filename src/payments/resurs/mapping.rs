//! Between Resurs's wire types and the neutral ones: payments, payment methods, the create
//! request, and Resurs's error codes as neutral refusal kinds.

use chrono::{DateTime, Utc};
use reqwest::StatusCode;

use super::client::ResursClient;
use super::dto;
use crate::domain::Money;
use crate::domain::payment::PayChoice;
use crate::payments::{NewPayment, PaymentMethodInfo, PaymentState, ProviderPayment, Refusal};

/// Resurs's error codes in neutral words: the only place they are matched.
pub(super) fn refusal_kind(status: StatusCode, code: &str) -> Refusal {
    match code {
        "DUPLICATE_ORDER_REFERENCE" => Refusal::DuplicateReference,
        "NOT_FOUND" | "PAYMENT_NOT_FOUND" => Refusal::NotFound,
        "NOT_ALLOWED" | "ACTION_NOT_ALLOWED" | "INVALID_STATE" => Refusal::NotAllowed,
        _ if status == StatusCode::NOT_FOUND => Refusal::NotFound,
        _ => Refusal::Other,
    }
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// The provider-neutral view of a Resurs payment (providers.md §5.4, POS-side mapping).
pub fn to_provider_payment(p: &dto::Payment) -> ProviderPayment {
    let o = &p.order;
    let money = |a: dto::Amount| Money::from_ore(a.0);
    let (total, captured, canceled, refunded) = (
        o.total_order_amount.0,
        o.captured_amount.0,
        o.canceled_amount.0,
        o.refunded_amount.0,
    );
    let state = match &p.status {
        dto::PaymentStatus::TaskRedirectionRequired | dto::PaymentStatus::SupplementingRequired => {
            PaymentState::Pending
        }
        dto::PaymentStatus::Frozen => PaymentState::Frozen,
        dto::PaymentStatus::Inspection => PaymentState::Inspection,
        dto::PaymentStatus::Rejected if canceled > 0 && canceled >= total => {
            PaymentState::Cancelled
        }
        // Resurs has no EXPIRED status; the app tells an expired link from a decline by its TTL.
        dto::PaymentStatus::Rejected => PaymentState::Rejected,
        dto::PaymentStatus::Accepted => {
            if refunded > 0 && refunded >= captured {
                PaymentState::Refunded
            } else if refunded > 0 {
                PaymentState::PartlyRefunded
            } else if canceled > 0 && canceled >= total {
                PaymentState::Cancelled
            } else if captured > 0 && captured >= total - canceled {
                PaymentState::Paid
            } else {
                PaymentState::Authorized
            }
        }
        dto::PaymentStatus::Unknown(_) => PaymentState::Unknown,
    };
    let capture_time = o
        .action_log
        .iter()
        .filter(|a| a.action_type == "CAPTURE")
        .filter_map(|a| parse_time(&a.created))
        .max();
    ProviderPayment {
        id: p.id.clone(),
        order_reference: o.order_reference.clone(),
        state,
        provider_status: p.status.as_str().to_string(),
        total: money(o.total_order_amount),
        authorized: money(o.authorized_amount),
        captured: money(o.captured_amount),
        canceled: money(o.canceled_amount),
        refunded: money(o.refunded_amount),
        customer_url: p
            .task_redirection_urls
            .as_ref()
            .and_then(|u| u.customer_url.clone()),
        method: p
            .payment_method
            .as_ref()
            .map(|m| method_code(&m.name))
            .filter(|n| !n.is_empty()),
        paid_at: capture_time,
        transaction_ids: o
            .action_log
            .iter()
            .filter_map(|a| a.transaction_id.clone())
            .collect(),
    }
}

fn dec2_of(q: crate::domain::Quantity) -> dto::Dec2 {
    dto::Dec2(q.hundredths())
}

impl ResursClient {
    pub(super) fn create_body(&self, p: &NewPayment) -> dto::CreatePayment {
        let callbacks = p.callback_url.as_ref().map(|base| dto::Callbacks {
            authorization: Some(dto::Url {
                url: format!("{base}/callbacks/resurs/authorization"),
            }),
            management: Some(dto::Url {
                url: format!("{base}/callbacks/resurs/management"),
            }),
        });
        let national = p
            .mobile
            .as_str()
            .strip_prefix("+46")
            .map(|rest| format!("0{rest}"));
        dto::CreatePayment {
            store_id: self.config().store_id.clone(),
            payment_method_id: None,
            order: dto::OrderIn {
                order_reference: Some(p.order_reference.clone()),
                order_lines: p
                    .lines
                    .iter()
                    .map(|l| dto::OrderLine {
                        description: l.description.chars().take(50).collect(),
                        reference: l.reference.as_ref().map(|r| r.chars().take(50).collect()),
                        quantity: dec2_of(l.quantity),
                        quantity_unit: l.unit.chars().take(50).collect(),
                        vat_rate: dto::Dec2(i64::from(l.vat.percent()) * 100),
                        unit_amount_including_vat: None,
                        total_amount_including_vat: dto::Amount(l.total_incl_vat.ore()),
                        total_vat_amount: Some(dto::Amount(l.vat_amount.ore())),
                        line_type: "NORMAL".into(),
                    })
                    .collect(),
            },
            customer: dto::Customer {
                customer_type: "NATURAL".into(),
                government_id: None,
                email: p.email.clone(),
                mobile_phone: Some(national.unwrap_or_else(|| p.mobile.as_str().to_string())),
                full_name: Some(p.customer_name.clone()),
            },
            metadata: Some(dto::Metadata {
                creator: Some(p.creator.clone()),
                custom: vec![dto::KeyValue {
                    key: "workOrder".into(),
                    value: p.order_reference.clone(),
                }],
            }),
            options: dto::Options {
                initiated_on_customers_device: false,
                deliver_links: true,
                handle_frozen_payments: !self.config().automatic_capture,
                handle_manual_inspection: true,
                automatic_capture: self.config().automatic_capture,
                callbacks,
                time_to_live_in_minutes: Some(p.ttl_minutes),
            },
        }
    }
}

/// Resurs's Swedish name of the method the customer chose, as one of our codes
/// ([`PayChoice`]) when it is one of Resurs's standard methods, so that the counter reads it in
/// its own language; any other name is kept as Resurs gave it.
fn method_code(name: &str) -> String {
    let choice = match name.trim().to_lowercase().as_str() {
        "direktbetalning" | "kort" => Some(PayChoice::Direct),
        "delbetalning" => Some(PayChoice::PartPayment),
        "faktura" => Some(PayChoice::Invoice),
        _ => None,
    };
    choice.map_or_else(|| name.to_string(), |c| c.code().to_string())
}

/// The provider-neutral view of a Resurs payment method.
pub fn to_method_info(m: &dto::StorePaymentMethod) -> PaymentMethodInfo {
    PaymentMethodInfo {
        id: m.id.clone(),
        name: m.name.clone(),
        kind: m.method_type.clone(),
        min_purchase: Money::from_ore(m.min_purchase_limit.0),
        max_purchase: Money::from_ore(m.max_purchase_limit.0),
        for_private_persons: m.enabled_for_natural_customer,
        for_companies: m.enabled_for_legal_customer,
    }
}
