//! Settlements and disputes behind provider-neutral traits (issue 13): what a provider paid out
//! ([`SettlementSource`]) and the disputes of its customers ([`DisputeSource`]). The Klarna
//! client implements both (its Settlements and Disputes APIs); the Resurs client implements
//! [`SettlementSource`] with Resurs's payouts (issue 14, `payments/resurs/payouts.rs`). The data is the domain's ([`crate::domain::settlement`]).
//!
//! Dyn-safe like [`super::PaymentProvider`]: the app holds `Arc<dyn SettlementSource>` and the
//! methods return [`ProviderFuture`]. [`MemorySource`] is an in-memory source for tests.

use std::sync::Mutex;

use chrono::NaiveDate;

use super::{ProviderError, ProviderFuture, Refusal};
pub use crate::domain::settlement::{
    Dispute, DisputeRequest, DisputeState, Payout, PayoutRow, RowKind,
};

/// Where a provider's payouts come from.
pub trait SettlementSource: Send + Sync {
    /// The provider's display name ("Klarna").
    fn name(&self) -> &'static str;

    /// Every payout dated `since` or later, with all its rows, oldest first.
    fn payouts_since(&self, since: NaiveDate) -> ProviderFuture<'_, Vec<Payout>>;
}

/// A file sent with an answer to a dispute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// The disputes of a provider's customers. Mutating calls carry an idempotency key the caller
/// keeps and reuses on a retry.
pub trait DisputeSource: Send + Sync {
    /// The provider's display name ("Klarna").
    fn name(&self) -> &'static str;

    /// Every dispute the provider holds for us, oldest first.
    fn list(&self) -> ProviderFuture<'_, Vec<Dispute>>;

    fn get<'a>(&'a self, id: &'a str) -> ProviderFuture<'a, Dispute>;

    /// Answer the dispute's open request with a text and, optionally, a file.
    fn respond<'a>(
        &'a self,
        id: &'a str,
        text: &'a str,
        attachment: Option<&'a Attachment>,
        idempotency_key: &'a str,
    ) -> ProviderFuture<'a, Dispute>;

    /// Give in: the dispute is lost (charged back).
    fn accept_loss<'a>(
        &'a self,
        id: &'a str,
        idempotency_key: &'a str,
    ) -> ProviderFuture<'a, Dispute>;
}

/// An in-memory provider of payouts and disputes, for tests and benches: a test puts payouts
/// and disputes in and decides them; the app reads them through the traits.
pub struct MemorySource {
    name: &'static str,
    state: Mutex<MemoryState>,
}

#[derive(Default)]
struct MemoryState {
    payouts: Vec<Payout>,
    disputes: Vec<Dispute>,
    /// (idempotency key, dispute id) of every mutating call done.
    keys: Vec<(String, String)>,
    /// Answers given: (dispute id, text, attachment file name).
    responses: Vec<(String, String, Option<String>)>,
}

impl MemorySource {
    pub fn new(name: &'static str) -> MemorySource {
        MemorySource {
            name,
            state: Mutex::new(MemoryState::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, MemoryState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Add a payout (as the provider's payout run would).
    pub fn push_payout(&self, payout: Payout) {
        self.lock().payouts.push(payout);
    }

    /// Add or replace a dispute (by id).
    pub fn put_dispute(&self, dispute: Dispute) {
        let mut s = self.lock();
        s.disputes.retain(|d| d.id != dispute.id);
        s.disputes.push(dispute);
    }

    /// Decide a dispute (the provider's review): its state, and the fee it states.
    pub fn decide(&self, id: &str, state: DisputeState, fee: Option<crate::domain::Money>) {
        let mut s = self.lock();
        if let Some(d) = s.disputes.iter_mut().find(|d| d.id == id) {
            d.state = state;
            d.fee = fee;
        }
    }

    /// The answers given so far: (dispute id, text, attachment file name).
    pub fn responses(&self) -> Vec<(String, String, Option<String>)> {
        self.lock().responses.clone()
    }

    /// How many mutating calls were made with `key`.
    pub fn calls_with_key(&self, key: &str) -> usize {
        self.lock().keys.iter().filter(|(k, _)| k == key).count()
    }

    fn not_found(&self, id: &str) -> ProviderError {
        ProviderError::Refused {
            provider: self.name,
            status: 404,
            kind: Refusal::NotFound,
            code: "NOT_FOUND".into(),
            message: id.to_string(),
        }
    }

    fn not_allowed(&self, id: &str) -> ProviderError {
        ProviderError::Refused {
            provider: self.name,
            status: 403,
            kind: Refusal::NotAllowed,
            code: "NOT_ALLOWED".into(),
            message: id.to_string(),
        }
    }

    /// A mutating call: a key seen before gets the dispute as it is now, nothing is done again.
    fn mutate(
        &self,
        id: &str,
        key: &str,
        change: impl FnOnce(&mut MemoryState, usize) -> Result<(), ProviderError>,
    ) -> Result<Dispute, ProviderError> {
        let mut s = self.lock();
        let i = s
            .disputes
            .iter()
            .position(|d| d.id == id)
            .ok_or_else(|| self.not_found(id))?;
        if !s.keys.iter().any(|(k, _)| k == key) {
            change(&mut s, i)?;
        }
        s.keys.push((key.to_string(), id.to_string()));
        Ok(s.disputes[i].clone())
    }
}

impl SettlementSource for MemorySource {
    fn name(&self) -> &'static str {
        self.name
    }

    fn payouts_since(&self, since: NaiveDate) -> ProviderFuture<'_, Vec<Payout>> {
        let found: Vec<Payout> = self
            .lock()
            .payouts
            .iter()
            .filter(|p| p.payout_date >= since)
            .cloned()
            .collect();
        Box::pin(async move { Ok(found) })
    }
}

impl DisputeSource for MemorySource {
    fn name(&self) -> &'static str {
        self.name
    }

    fn list(&self) -> ProviderFuture<'_, Vec<Dispute>> {
        let all = self.lock().disputes.clone();
        Box::pin(async move { Ok(all) })
    }

    fn get<'a>(&'a self, id: &'a str) -> ProviderFuture<'a, Dispute> {
        let found = self.lock().disputes.iter().find(|d| d.id == id).cloned();
        Box::pin(async move { found.ok_or_else(|| self.not_found(id)) })
    }

    fn respond<'a>(
        &'a self,
        id: &'a str,
        text: &'a str,
        attachment: Option<&'a Attachment>,
        idempotency_key: &'a str,
    ) -> ProviderFuture<'a, Dispute> {
        let done = self.mutate(id, idempotency_key, |s, i| {
            if s.disputes[i].state != DisputeState::Open {
                return Err(self.not_allowed(id));
            }
            let d = &mut s.disputes[i];
            d.state = DisputeState::ResponseSent;
            for r in &mut d.requests {
                r.answered = true;
            }
            s.responses.push((
                id.to_string(),
                text.to_string(),
                attachment.map(|a| a.file_name.clone()),
            ));
            Ok(())
        });
        Box::pin(async move { done })
    }

    fn accept_loss<'a>(
        &'a self,
        id: &'a str,
        idempotency_key: &'a str,
    ) -> ProviderFuture<'a, Dispute> {
        let done = self.mutate(id, idempotency_key, |s, i| {
            if !s.disputes[i].state.is_open() {
                return Err(self.not_allowed(id));
            }
            s.disputes[i].state = DisputeState::Accepted;
            Ok(())
        });
        Box::pin(async move { done })
    }
}
