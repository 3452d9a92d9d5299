//! Mobile payment use cases: send, check, cancel, sync and refund (shared/docs/seeds/002_…).
//!
//! Every step that changes our data is one store transaction with its audit events. The network
//! call is never inside a transaction: the idempotency key (and the exact request) is committed
//! first, the call is made, and its answer is committed after. A crash or a lost answer between
//! the two leaves an attempt in state `sending`, which the next send or check recovers by
//! searching the provider for the order reference — never by making a second link.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::{Money, Order, PaymentMethod};
use crate::payments::{PaymentProvider, PaymentState};
use crate::store::Database;
use crate::store::prelude::*;
use crate::store::{AuditEvent, PaymentAttempt, ProviderCall, StoredInvoice};

mod issue;
mod send;
mod settle;
#[cfg(test)]
mod tests;

pub use issue::PaymentIssue;
use issue::{no_link, unknown};

/// Settings of the payment use cases.
#[derive(Debug, Clone)]
pub struct PaySettings {
    /// How long a payment link can be used (minutes).
    pub ttl_minutes: u32,
    /// Base URL of our callback listener, if one runs.
    pub callback_url: Option<String>,
    /// How many payments `sync` checks at the same time.
    pub sync_concurrency: usize,
}

impl Default for PaySettings {
    fn default() -> Self {
        PaySettings {
            ttl_minutes: 3 * 24 * 60,
            callback_url: None,
            sync_concurrency: 4,
        }
    }
}

/// What a send did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum SendOutcome {
    /// A link was made (or recovered) and texted; the order is MOBILBET.
    Sent {
        attempt: PaymentAttempt,
        order: Order,
        /// The amount of an older link that was cancelled first because it no longer matched
        /// the order total.
        replaced: Option<Money>,
    },
    /// The order already has a live link: nothing new was sent.
    AlreadySent { attempt: PaymentAttempt },
}

impl SendOutcome {
    /// A line telling the user that an older link for another amount was cancelled first.
    pub fn replaced_note(&self, lang: crate::domain::Lang) -> Option<String> {
        let SendOutcome::Sent {
            replaced: Some(old),
            order,
            ..
        } = self
        else {
            return None;
        };
        Some(crate::t!(
            lang,
            "pay-earlier-link-replaced",
            old = old.to_string(),
            total = order.totals().total.to_string()
        ))
    }
}

/// What a check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckOutcome {
    pub state: PaymentState,
    pub method: Option<String>,
    pub paid_at: Option<DateTime<Utc>>,
    pub order: Order,
    /// True when this check set "Betalning mottagen".
    pub newly_paid: bool,
}

/// What a cancel did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CancelOutcome {
    /// Money paid back to the customer (zero when nothing had been paid).
    pub refunded: Money,
    /// False when there was no payment link (a credited order paid otherwise, opened again).
    pub link_cancelled: bool,
    pub order: Order,
}

/// Provider work done for one invoice by [`Payments::settle`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Settled {
    pub invoice: StoredInvoice,
    /// Refunded to the customer (zero for a capture).
    pub refunded: Money,
    /// The provider's display name.
    pub provider: &'static str,
}

impl Settled {
    /// What was done, for the user.
    pub fn text(&self, lang: crate::domain::Lang) -> String {
        let no = self.invoice.invoice.no;
        let provider = self.provider;
        if self.refunded.ore() > 0 {
            crate::t!(
                lang,
                "pay-settled-refund",
                no = no,
                amount = self.refunded.to_string(),
                provider = provider
            )
        } else {
            crate::t!(lang, "pay-settled-capture", no = no, provider = provider)
        }
    }
}

/// Everything known about an order's payments, for `pay log`.
#[derive(Debug, Clone, Serialize)]
pub struct PaymentLog {
    pub attempts: Vec<(PaymentAttempt, Vec<ProviderCall>)>,
    pub events: Vec<AuditEvent>,
}

/// The clock the use cases read (tests move it together with the sandbox's clock).
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The payment use cases over a store and a provider.
pub struct Payments {
    store: Arc<Database>,
    provider: Arc<dyn PaymentProvider>,
    actor: String,
    settings: PaySettings,
    clock: Clock,
    /// The payment method an order paid through this provider gets: MOBIL (Resurs's payment
    /// link) or KLARNA (a Klarna reservation).
    method: PaymentMethod,
    /// The provider's store these use cases pay into (Klarna has several), kept with each
    /// attempt; None for a provider with one account.
    store_name: Option<String>,
}

impl Payments {
    pub fn new(
        store: Arc<Database>,
        provider: Arc<dyn PaymentProvider>,
        actor: &str,
        settings: PaySettings,
    ) -> Self {
        Payments {
            store,
            provider,
            actor: actor.to_string(),
            settings,
            clock: Arc::new(Utc::now),
            method: PaymentMethod::Mobil,
            store_name: None,
        }
    }

    /// Pay into this store of the provider (kept with every attempt).
    pub fn with_store(mut self, store: &str) -> Self {
        self.store_name = Some(store.to_string());
        self
    }

    /// Whether an attempt was made through these use cases' provider and store: sync and
    /// callbacks leave another provider's payments to it.
    pub fn owns(&self, attempt: &PaymentAttempt) -> bool {
        attempt.provider == self.provider.name() && attempt.provider_store == self.store_name
    }

    /// The payment method orders paid through this provider get (MOBIL unless told).
    pub fn with_method(mut self, method: PaymentMethod) -> Self {
        self.method = method;
        self
    }

    pub fn method(&self) -> PaymentMethod {
        self.method
    }

    /// Use another clock (for link expiry).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    pub fn provider(&self) -> &dyn PaymentProvider {
        &*self.provider
    }

    /// Who the audit trail names for these use cases.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    pub(super) fn store(&self) -> &Database {
        &self.store
    }
}
