//! Mobile payment use cases: send, check, cancel, sync and refund (shared/docs/seeds/002_…).
//!
//! Every step that changes our data is one store transaction with its audit events. The network
//! call is never inside a transaction: the idempotency key (and the exact request) is committed
//! first, the call is made, and its answer is committed after. A crash or a lost answer between
//! the two leaves an attempt in state `sending`, which the next send or check recovers by
//! searching the provider for the order reference — never by making a second link.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use uuid::Uuid;

use super::error::{AppError, Result};
use crate::domain::{Action, Money, Order, PaymentMethod, Status};
use crate::payments::{
    NewPayment, PaymentLine, PaymentProvider, PaymentState, ProviderError, ProviderPayment,
};
use crate::store::Database;
use crate::store::prelude::*;
use crate::store::{
    AttemptState, AuditEvent, CallKind, NewAttempt, PaymentAttempt, ProviderAction, ProviderCall,
    Store, StoredInvoice, TaskState,
};

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
        Some(match lang {
            crate::domain::Lang::Sv => format!(
                "Den tidigare länken på {old} kr stämde inte med orderns {} kr och annullerades först.",
                order.totals().total
            ),
            crate::domain::Lang::En => format!(
                "The earlier link for {old} kr did not match the order's {} kr and was cancelled first.",
                order.totals().total
            ),
        })
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
        use crate::domain::Lang;
        let no = self.invoice.invoice.no;
        let provider = self.provider;
        match (self.refunded.ore() > 0, lang) {
            (true, Lang::Sv) => format!(
                "Kreditfaktura {no}: {} kr återbetalt till kunden via {provider}",
                self.refunded
            ),
            (true, Lang::En) => format!(
                "Credit invoice {no}: {} kr refunded to the customer through {provider}",
                self.refunded
            ),
            (false, Lang::Sv) => format!("Faktura {no}: betalningen är dragen hos {provider}"),
            (false, Lang::En) => format!("Invoice {no}: the payment is captured at {provider}"),
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
}

/// What the first transaction of a send decided.
enum Prep {
    /// The order has a live link for exactly its total.
    Already(PaymentAttempt),
    /// An attempt's outcome is unknown: resolve it before anything else.
    Resolve(PaymentAttempt),
    /// The live link asks for another amount: cancel it, then send anew.
    Replace(PaymentAttempt),
    /// A new attempt is recorded and the order locked: make the call.
    Call(PaymentAttempt, NewPayment),
}

/// How an attempt whose outcome was unknown ended.
enum Resolution {
    Sent(Box<(PaymentAttempt, Order)>),
    /// It never made a link and is closed.
    Gone,
}

/// Payment states that stop a use case, with what the user can do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentIssue {
    /// The provider authorised another amount than the order total.
    #[error(
        "{provider} har godkänt {authorized} kr men order {nr} är på {total} kr – ordern markeras inte som betald och bokförs inte. Annullera eller återbetala med Ctrl+U (verkstad pay cancel {nr}) och skicka sedan en ny länk."
    )]
    AmountMismatch {
        nr: i64,
        authorized: Money,
        total: Money,
        /// The provider's display name.
        provider: String,
    },
    /// The send's outcome is unknown: the order stays locked until it is resolved.
    #[error(
        "SMS skickas – utfall okänt för order {nr} ({cause}). Ordern är låst tills utfallet är känt: kontrollera med Ctrl+L (verkstad pay check {nr})."
    )]
    Unknown { nr: i64, cause: ProviderError },
    /// The provider's payment for our reference is not the one we asked for.
    #[error(
        "Betalningen med referens {reference} hos {provider} gäller {amount} kr, men order {nr} skickades för {expected} kr – den tas inte emot. Kontakta {provider}."
    )]
    Foreign {
        nr: i64,
        reference: String,
        amount: Money,
        expected: Money,
        provider: String,
    },
    /// The order was reopened while the link was being made; the link was cancelled.
    #[error(
        "Order {nr} öppnades igen medan länken skapades – länken är annullerad hos {provider}. Skicka en ny länk (Ctrl+S)."
    )]
    Withdrawn { nr: i64, provider: String },
}

impl PaymentIssue {
    pub fn message(&self, lang: crate::domain::Lang) -> String {
        use crate::domain::Lang;
        match (lang, self) {
            (Lang::Sv, e) => e.to_string(),
            (
                Lang::En,
                PaymentIssue::AmountMismatch {
                    nr,
                    authorized,
                    total,
                    provider,
                },
            ) => format!(
                "{provider} authorised {authorized} kr but order {nr} is for {total} kr – the order is not marked paid and is not booked. Cancel or refund with Ctrl+U (verkstad pay cancel {nr}), then send a new link."
            ),
            (Lang::En, PaymentIssue::Unknown { nr, cause }) => format!(
                "Sending the SMS – outcome unknown for order {nr} ({}). The order stays locked until the outcome is known: check with Ctrl+L (verkstad pay check {nr}).",
                cause.message(lang)
            ),
            (
                Lang::En,
                PaymentIssue::Foreign {
                    nr,
                    reference,
                    amount,
                    expected,
                    provider,
                },
            ) => format!(
                "The payment with reference {reference} at {provider} is for {amount} kr, but order {nr} was sent for {expected} kr – it is not accepted. Contact {provider}."
            ),
            (Lang::En, PaymentIssue::Withdrawn { nr, provider }) => format!(
                "Order {nr} was reopened while the link was being made – the link is cancelled at {provider}. Send a new link (Ctrl+S)."
            ),
        }
    }
}

/// A provider error whose outcome is unknown (no answer): the attempt stays as it is.
fn unknown(nr: i64, e: ProviderError) -> AppError {
    match e {
        ProviderError::Refused { .. } | ProviderError::Auth { .. } => e.into(),
        cause => PaymentIssue::Unknown { nr, cause }.into(),
    }
}

fn no_link(nr: i64) -> AppError {
    AppError::invalid(
        format!("Order {nr} har ingen aktiv betalningslänk"),
        format!("Order {nr} has no active payment link"),
    )
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
        }
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

    fn store(&self) -> &Database {
        &self.store
    }

    /// "Skicka mobilbetalning (SMS)": the order must be KLART, with an amount and a mobile number.
    ///
    /// Invariant kept here: a payment link is bound to the order as it was when the link was
    /// made. The order is locked (MOBILBET) in the same transaction that records the attempt and
    /// its idempotency key, before any call to the provider, and stays locked until the attempt
    /// is resolved: sent, known not to exist at the provider (refused), or cancelled. A link is
    /// reused only when its amount equals the order total to the öre; otherwise it is cancelled
    /// (and anything paid refunded) before a new one is made with a new key.
    pub async fn send(&self, nr: i64) -> Result<SendOutcome> {
        let mut replaced = None;
        // At most: resolve an unknown attempt, replace a stale link, send anew.
        for _ in 0..3 {
            // The provider's purchase limits (issue 9 §7): refused before anything is written or sent.
            super::provider::check_send_limits(&self.store, &*self.provider, nr).await?;
            match self.prepare_send(nr)? {
                Prep::Already(attempt) => {
                    return Ok(SendOutcome::AlreadySent { attempt });
                }
                Prep::Resolve(attempt) => match self.resolve(attempt).await? {
                    Resolution::Sent(sent) => {
                        let (attempt, order) = *sent;
                        return Ok(SendOutcome::Sent {
                            attempt,
                            order,
                            replaced,
                        });
                    }
                    Resolution::Gone => continue,
                },
                Prep::Replace(old) => {
                    // The live link asks for another amount than the order's: it goes first.
                    self.cancel(nr).await?;
                    replaced = Some(old.amount);
                    continue;
                }
                Prep::Call(attempt, payment) => {
                    let (attempt, order) = self.create(attempt, &payment).await?;
                    return Ok(SendOutcome::Sent {
                        attempt,
                        order,
                        replaced,
                    });
                }
            }
        }
        Err(AppError::invalid(
            format!("Order {nr}: betalningslänken kunde inte göras om – försök igen"),
            format!("Order {nr}: the payment link could not be made anew – try again"),
        ))
    }

    /// The first transaction of a send: what to do, and for a new attempt, the lock of the
    /// order and the attempt with its key, committed together before any call.
    fn prepare_send(&self, nr: i64) -> Result<Prep> {
        let provider_name = self.provider.name().to_string();
        let ttl = self.settings.ttl_minutes;
        let callback_url = self.settings.callback_url.clone();
        let actor = self.actor.clone();
        self.store().write(&self.actor, |w| -> Result<Prep> {
            let mut order = w.order(nr)?;
            let attempts = w.attempts(nr)?;
            if let Some(a) = attempts
                .iter()
                .rev()
                .find(|a| a.state == AttemptState::Sending)
            {
                return Ok(Prep::Resolve(a.clone()));
            }
            let totals = order.totals();
            if order.status == Status::MobilePayment
                && let Some(a) = attempts
                    .iter()
                    .rev()
                    .find(|a| a.state == AttemptState::Sent)
            {
                return Ok(if a.amount == totals.total {
                    Prep::Already(a.clone())
                } else {
                    Prep::Replace(a.clone())
                });
            }
            order.status.apply(Action::SendPayment)?;
            if totals.total.ore() <= 0 {
                return Err(AppError::invalid(
                    format!("Order {nr} har inget belopp att betala"),
                    format!("Order {nr} has no amount to pay"),
                ));
            }
            let customer = w.customer(order.customer_no)?.ok_or(
                crate::store::StoreError::CustomerNotFound(order.customer_no),
            )?;
            let mobile = customer.mobile.clone().ok_or_else(|| {
                AppError::invalid(
                    format!(
                        "Kund {} har inget mobilnummer – lägg till ett först",
                        customer.customer_no
                    ),
                    format!(
                        "Customer {} has no mobile number – add one first",
                        customer.customer_no
                    ),
                )
            })?;
            let (attempt, reference) = w.next_attempt(nr)?;
            let payment = NewPayment {
                order_reference: reference.clone(),
                lines: payment_lines(&order),
                total: totals.total,
                mobile: mobile.clone(),
                email: customer.email.clone(),
                customer_name: customer.name.clone(),
                creator: actor.clone(),
                ttl_minutes: ttl,
                callback_url,
            };
            let request_json = serde_json::to_string(&payment)
                .map_err(|e| AppError::invalid(e.to_string(), e.to_string()))?;
            let row = w.insert_attempt(NewAttempt {
                order_nr: nr,
                attempt,
                order_reference: reference,
                provider: provider_name,
                idempotency_key: Uuid::new_v4().to_string(),
                request_json,
                amount: totals.total,
                mobile: mobile.as_str().to_string(),
                ttl_minutes: i64::from(ttl),
            })?;
            // The lock: from here on lines, customer and vehicle cannot change.
            order.status = order.status.apply(Action::SendPayment)?;
            w.save_order(&order, "payment_sms_sending")?;
            Ok(Prep::Call(row, payment))
        })
    }

    /// The create call of an attempt whose key is stored, and its outcome. A refusal unlocks
    /// the order (no link exists); an unknown outcome keeps it locked.
    async fn create(
        &self,
        attempt: PaymentAttempt,
        payment: &NewPayment,
    ) -> Result<(PaymentAttempt, Order)> {
        match self
            .provider
            .create(payment, &attempt.idempotency_key)
            .await
        {
            Ok(created) => self.finish_send(attempt, created).await,
            Err(e) if e.is_duplicate_reference() => {
                match self
                    .provider
                    .find_by_reference(&attempt.order_reference)
                    .await
                {
                    Ok(Some(found)) => self.finish_send(attempt, found).await,
                    Ok(None) => Err(unknown(attempt.order_nr, e)),
                    Err(e) => Err(unknown(attempt.order_nr, e)),
                }
            }
            Err(e @ ProviderError::Refused { .. }) => {
                self.abandon(&attempt, &e.message(crate::domain::Lang::Sv))?;
                Err(e.into())
            }
            Err(e) => Err(unknown(attempt.order_nr, e)),
        }
    }

    /// An attempt that never made a link: failed, and its order unlocked (KLART) unless another
    /// attempt holds it.
    fn abandon(&self, attempt: &PaymentAttempt, why: &str) -> Result<()> {
        self.store().write(&self.actor, |w| {
            let mut failed = attempt.clone();
            failed.state = AttemptState::Failed;
            failed.error = Some(why.to_string());
            w.update_attempt(&failed, "send_refused")?;
            let others_live = w.attempts(attempt.order_nr)?.iter().any(|a| {
                a.id != attempt.id && matches!(a.state, AttemptState::Sending | AttemptState::Sent)
            });
            let mut order = w.order(attempt.order_nr)?;
            if order.status == Status::MobilePayment && !others_live {
                order.status = order.status.apply(Action::CancelPayment)?;
                w.save_order(&order, "payment_sms_not_sent")?;
            }
            Ok(())
        })
    }

    /// Resolve an attempt whose outcome is unknown (a crash, a quit or a lost answer), by its
    /// reference at the provider: adopt the payment found; when there is none and the order is
    /// still locked as it was, send the same request with the same key (the provider makes the
    /// link once). An attempt left by an older version on an order that changed since is
    /// closed as failed ([`Resolution::Gone`]). Never reopens an order silently.
    async fn resolve(&self, attempt: PaymentAttempt) -> Result<Resolution> {
        let nr = attempt.order_nr;
        let found = self
            .provider
            .find_by_reference(&attempt.order_reference)
            .await
            .map_err(|e| unknown(nr, e))?;
        if let Some(p) = found {
            tracing::info!(
                reference = attempt.order_reference,
                "recovered a payment whose answer was lost"
            );
            let sent = self.finish_send(attempt, p).await?;
            return Ok(Resolution::Sent(Box::new(sent)));
        }
        let order = self
            .store()
            .order(nr)?
            .ok_or(crate::store::StoreError::OrderNotFound(nr))?
            .order;
        if order.status != Status::MobilePayment || order.totals().total != attempt.amount {
            self.abandon(
                &attempt,
                "Fanns inte hos betalningsleverantören; ordern har ändrats sedan",
            )?;
            return Ok(Resolution::Gone);
        }
        let payment: NewPayment = serde_json::from_str(&attempt.request_json).map_err(|e| {
            AppError::invalid(
                format!("Sparad begäran: {e}"),
                format!("Stored request: {e}"),
            )
        })?;
        let sent = self.create(attempt, &payment).await?;
        Ok(Resolution::Sent(Box::new(sent)))
    }

    /// Store a created payment: the attempt is `sent`, the order MOBILBET and locked.
    ///
    /// Only a payment that is this attempt's own is accepted: the same reference (which carries
    /// the installation id, order number and attempt) and the same amount. If the attempt was
    /// closed while the call was under way (the order was reopened from another counter), the
    /// link is cancelled at the provider at once and the send reports it.
    async fn finish_send(
        &self,
        attempt: PaymentAttempt,
        p: ProviderPayment,
    ) -> Result<(PaymentAttempt, Order)> {
        if p.order_reference != attempt.order_reference || p.total != attempt.amount {
            return Err(PaymentIssue::Foreign {
                nr: attempt.order_nr,
                reference: p.order_reference,
                amount: p.total,
                expected: attempt.amount,
                provider: self.provider.name().to_string(),
            }
            .into());
        }
        let stored = self.store().write(&self.actor, |w| -> Result<_> {
            let Some(current) = w
                .attempts(attempt.order_nr)?
                .into_iter()
                .find(|a| a.id == attempt.id)
            else {
                return Ok(None);
            };
            if !matches!(current.state, AttemptState::Sending | AttemptState::Sent) {
                return Ok(None);
            }
            let mut a = current;
            a.state = AttemptState::Sent;
            a.provider_payment_id = Some(p.id.clone());
            a.customer_url = p.customer_url.clone();
            a.payment_state = Some(p.state);
            let a = w.update_attempt(&a, "link_sent")?;
            let mut order = w.order(a.order_nr)?;
            if order.status != Status::MobilePayment {
                order.status = order.status.apply(Action::SendPayment)?;
                order = w.save_order(&order, "payment_sms_sent")?;
            }
            Ok(Some((a, order)))
        })?;
        if let Some(done) = stored {
            return Ok(done);
        }
        // The attempt was closed meanwhile: this link must not stay usable.
        let mut late = attempt;
        late.provider_payment_id = Some(p.id.clone());
        let id = p.id.clone();
        if p.cancellable() {
            self.run_call(&late, CallKind::Cancel, None, None, |key| {
                let provider = Arc::clone(&self.provider);
                let key = key.to_string();
                async move { provider.cancel(&id, &key).await }
            })
            .await?;
        }
        Err(PaymentIssue::Withdrawn {
            nr: late.order_nr,
            provider: self.provider.name().to_string(),
        }
        .into())
    }

    /// The attempt a cancel works on: the live link, or one whose outcome is unknown, looked up
    /// at the provider. One the provider does not have is closed here and never sent again; if
    /// its create call is still under way elsewhere, [`Self::finish_send`] cancels that link.
    async fn attempt_to_cancel(&self, nr: i64) -> Result<Option<PaymentAttempt>> {
        let attempts = self.store().payment_attempts(nr)?;
        let Some(last) = attempts
            .into_iter()
            .rev()
            .find(|a| matches!(a.state, AttemptState::Sending | AttemptState::Sent))
        else {
            return Ok(None);
        };
        if last.state == AttemptState::Sent {
            return Ok(Some(last));
        }
        let found = self
            .provider
            .find_by_reference(&last.order_reference)
            .await
            .map_err(|e| unknown(nr, e))?;
        match found {
            Some(p) => Ok(Some(self.finish_send(last, p).await?.0)),
            None => {
                self.abandon(&last, "Annullerat innan det nådde betalningsleverantören")?;
                Ok(None)
            }
        }
    }

    /// The attempt a check works on: the live link of an order, resolving one whose outcome is
    /// unknown first.
    async fn live_attempt(&self, nr: i64) -> Result<Option<PaymentAttempt>> {
        let attempts = self.store().payment_attempts(nr)?;
        let Some(last) = attempts
            .into_iter()
            .rev()
            .find(|a| matches!(a.state, AttemptState::Sending | AttemptState::Sent))
        else {
            return Ok(None);
        };
        if last.state == AttemptState::Sent {
            return Ok(Some(last));
        }
        match self.resolve(last).await? {
            Resolution::Sent(sent) => Ok(Some(sent.0)),
            Resolution::Gone => Ok(None),
        }
    }

    /// "Kontrollera mobilbetalning": ask the provider; a paid order gets payment method MOBIL and
    /// "Betalning mottagen" with the provider's time.
    ///
    /// Invariant kept here: an order is marked paid only when the amount the provider
    /// authorised equals both the attempt's amount and the order total, to the öre. Otherwise
    /// the state is stored and the check fails with both amounts and the way out (Ctrl+U).
    pub async fn check(&self, nr: i64) -> Result<CheckOutcome> {
        if self.store().order(nr)?.is_none() {
            return Err(crate::store::StoreError::OrderNotFound(nr).into());
        }
        let attempt = self.live_attempt(nr).await?.ok_or_else(|| no_link(nr))?;
        let id = attempt
            .provider_payment_id
            .clone()
            .ok_or_else(|| no_link(nr))?;
        let p = self.provider.get(&id).await?;
        let state = effective_state(&attempt, &p, (self.clock)());
        let received = matches!(state, PaymentState::Paid | PaymentState::Authorized);
        let (outcome, mismatch) = self.store().write(&self.actor, |w| -> Result<_> {
            let mut a = attempt;
            a.payment_state = Some(state);
            a.method = p.method.clone().or(a.method);
            a.paid_at = p.paid_at.or(a.paid_at);
            if received {
                a.authorized = Some(p.authorized);
            }
            let a = w.update_attempt(&a, "checked")?;
            let mut order = w.order(nr)?;
            let total = order.totals().total;
            let mismatch = (received && (p.authorized != total || a.amount != total))
                .then_some((p.authorized, total));
            let mut newly_paid = false;
            // Authorized (automatic capture off) is received too: booking captures it.
            if received
                && mismatch.is_none()
                && order.status == Status::MobilePayment
                && !order.payment_received
            {
                order.payment_method = Some(PaymentMethod::Mobil);
                order.payment_received = true;
                order.payment_received_at = Some(p.paid_at.unwrap_or_else(|| w.now()));
                order = w.save_order(&order, "payment_received")?;
                newly_paid = true;
            }
            Ok((
                CheckOutcome {
                    state,
                    method: a.method,
                    paid_at: a.paid_at,
                    order,
                    newly_paid,
                },
                mismatch,
            ))
        })?;
        if let Some((authorized, total)) = mismatch {
            return Err(PaymentIssue::AmountMismatch {
                nr,
                authorized,
                total,
                provider: self.provider.name().to_string(),
            }
            .into());
        }
        Ok(outcome)
    }

    /// "Annullera betalnings-SMS / Öppna order": the link can no longer be used, anything paid is
    /// refunded in full, and the order is KLART and editable again.
    pub async fn cancel(&self, nr: i64) -> Result<CancelOutcome> {
        let order = self
            .store()
            .order(nr)?
            .ok_or(crate::store::StoreError::OrderNotFound(nr))?
            .order;
        if order.status != Status::MobilePayment {
            order.status.apply(Action::CancelPayment)?;
        }
        let mut refunded = Money::ZERO;
        if order.status == Status::Credited {
            // The credit invoices' refunds first, with their numbers as transaction ids.
            for s in self.settle(nr).await? {
                refunded += s.refunded;
            }
        }
        let attempt = self.attempt_to_cancel(nr).await?;
        let mut final_state = None;
        if let Some(attempt) = &attempt
            && let Some(id) = attempt.provider_payment_id.clone()
        {
            let mut p = self.provider.get(&id).await?;
            if p.refundable().ore() > 0 {
                let amount = p.refundable();
                let txid = format!("{}-K", attempt.order_reference);
                p = self
                    .run_call(attempt, CallKind::Refund, Some(&txid), None, |key| {
                        let provider = Arc::clone(&self.provider);
                        let (id, txid, key) = (id.clone(), txid.clone(), key.to_string());
                        async move { provider.refund(&id, None, &txid, &key).await }
                    })
                    .await?;
                refunded = amount;
            }
            if p.cancellable() {
                p = self
                    .run_call(attempt, CallKind::Cancel, None, None, |key| {
                        let provider = Arc::clone(&self.provider);
                        let (id, key) = (id.clone(), key.to_string());
                        async move { provider.cancel(&id, &key).await }
                    })
                    .await?;
            }
            final_state = Some(p.state);
        }
        let link_cancelled = attempt.is_some();
        self.store().write(&self.actor, |w| {
            if let Some(a) = attempt {
                let mut a = a;
                a.state = AttemptState::Cancelled;
                a.refunded += refunded;
                if let Some(s) = final_state {
                    a.payment_state = Some(s);
                }
                w.update_attempt(&a, "link_cancelled")?;
            }
            let mut order = w.order(nr)?;
            if order.status == Status::Credited {
                // Opened again after a credit: editable, and booked anew with a new number.
                order.invoice_no = None;
                order.booked_at = None;
            }
            if matches!(order.status, Status::MobilePayment | Status::Credited) {
                order.status = order.status.apply(Action::CancelPayment)?;
            }
            if order.payment_method == Some(PaymentMethod::Mobil) {
                order.payment_method = None;
            }
            order.payment_received = false;
            order.payment_received_at = None;
            let order = w.save_order(&order, "payment_sms_cancelled")?;
            Ok(CancelOutcome {
                refunded,
                link_cancelled,
                order,
            })
        })
    }

    /// A money-moving call with its key recorded first: pending → call → done/failed. A call
    /// that could not reach the provider stays pending and its key is reused by the retry.
    async fn run_call<F, Fut>(
        &self,
        attempt: &PaymentAttempt,
        kind: CallKind,
        transaction_id: Option<&str>,
        amount: Option<Money>,
        call: F,
    ) -> Result<ProviderPayment>
    where
        F: FnOnce(&str) -> Fut,
        Fut: std::future::Future<Output = std::result::Result<ProviderPayment, ProviderError>>,
    {
        let new_key = Uuid::new_v4().to_string();
        let recorded = self.store().write(&self.actor, |w| {
            w.pending_call(attempt, kind, transaction_id, amount, &new_key)
        })?;
        match call(&recorded.idempotency_key).await {
            Ok(p) => {
                self.store().write(&self.actor, |w| {
                    w.finish_call(attempt, &recorded, true, None)
                })?;
                Ok(p)
            }
            Err(e @ ProviderError::Refused { .. }) => {
                let text = e.to_string();
                self.store().write(&self.actor, |w| {
                    w.finish_call(attempt, &recorded, false, Some(&text))
                })?;
                Err(e.into())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// The order's latest attempt that made a provider payment, with the payment's id.
    fn latest_payment(&self, nr: i64) -> Result<(PaymentAttempt, String)> {
        let attempt = self
            .store()
            .payment_attempts(nr)?
            .into_iter()
            .rev()
            .find(|a| a.provider_payment_id.is_some() && a.state != AttemptState::Failed)
            .ok_or_else(|| no_link(nr))?;
        let id = attempt
            .provider_payment_id
            .clone()
            .ok_or_else(|| no_link(nr))?;
        Ok((attempt, id))
    }

    /// Refund a paid mobile payment of an order: in full (`amount` None) or in part, with
    /// `transaction_id` (the credit invoice number) in the provider's accounting file.
    pub async fn refund(
        &self,
        nr: i64,
        amount: Option<Money>,
        transaction_id: &str,
    ) -> Result<ProviderPayment> {
        let (attempt, id) = self.latest_payment(nr)?;
        let before = self.provider.get(&id).await?;
        let wanted = amount.unwrap_or(before.refundable());
        if wanted.ore() <= 0 || wanted > before.refundable() {
            return Err(AppError::invalid(
                format!(
                    "Det går inte att återbetala {wanted} kr: {} kr kan återbetalas",
                    before.refundable()
                ),
                format!(
                    "Cannot refund {wanted} kr: {} kr can be refunded",
                    before.refundable()
                ),
            ));
        }
        let txid = transaction_id.to_string();
        let p = self
            .run_call(
                &attempt,
                CallKind::Refund,
                Some(transaction_id),
                Some(wanted),
                |key| {
                    let provider = Arc::clone(&self.provider);
                    let key = key.to_string();
                    async move { provider.refund(&id, amount, &txid, &key).await }
                },
            )
            .await?;
        self.store().write(&self.actor, |w| {
            let mut a = attempt;
            a.refunded += wanted;
            a.payment_state = Some(p.state);
            w.update_attempt(&a, "refunded")
        })?;
        Ok(p)
    }

    /// Do what the provider must still do for an order's invoices: capture a booked MOBIL
    /// payment (transaction id = invoice number) and refund credited MOBIL invoices (transaction
    /// id = credit invoice number). Each call's key is stored first and reused by a retry; a
    /// call that fails leaves the invoice in state `failed` with the provider's answer, and the
    /// error is returned. Work already done is skipped, so this is safe to repeat.
    pub async fn settle(&self, nr: i64) -> Result<Vec<Settled>> {
        let pending: Vec<StoredInvoice> = self
            .store()
            .invoices_of_order(nr)?
            .into_iter()
            .filter(|i| i.pending().is_some())
            .collect();
        let mut out = Vec::new();
        for inv in pending {
            let Some(task) = inv.pending().cloned() else {
                continue;
            };
            let no = inv.invoice.no;
            let txid = no.to_string();
            let (attempt, id) = self.latest_payment(nr)?;
            let amount = -inv.invoice.to_pay;
            let result = match task.action {
                ProviderAction::Capture => {
                    self.run_call(&attempt, CallKind::Capture, Some(&txid), None, |key| {
                        let provider = Arc::clone(&self.provider);
                        let (id, txid, key) = (id.clone(), txid.clone(), key.to_string());
                        async move { provider.capture(&id, &txid, &key).await }
                    })
                    .await
                }
                ProviderAction::Refund => {
                    self.run_call(
                        &attempt,
                        CallKind::Refund,
                        Some(&txid),
                        Some(amount),
                        |key| {
                            let provider = Arc::clone(&self.provider);
                            let (id, txid, key) = (id.clone(), txid.clone(), key.to_string());
                            async move { provider.refund(&id, Some(amount), &txid, &key).await }
                        },
                    )
                    .await
                }
            };
            match result {
                Ok(p) => {
                    let refunded = if task.action == ProviderAction::Refund {
                        amount
                    } else {
                        Money::ZERO
                    };
                    let invoice = self.store().write(&self.actor, |w| {
                        let mut a = attempt;
                        a.refunded += refunded;
                        a.payment_state = Some(p.state);
                        w.update_attempt(&a, task.action.code())?;
                        w.set_invoice_task(no, TaskState::Done, None)
                    })?;
                    out.push(Settled {
                        invoice,
                        refunded,
                        provider: self.provider.name(),
                    });
                }
                Err(e) => {
                    let text = e.message(crate::domain::Lang::Sv);
                    self.store().write(&self.actor, |w| {
                        w.set_invoice_task(no, TaskState::Failed, Some(&text))
                    })?;
                    return Err(e);
                }
            }
        }
        Ok(out)
    }

    /// Check every order that waits for a mobile payment, a few at a time.
    pub async fn sync(self: &Arc<Self>) -> Result<Vec<(i64, Result<CheckOutcome>)>> {
        let mut nrs: Vec<i64> = self
            .store()
            .open_payment_attempts()?
            .iter()
            .map(|a| a.order_nr)
            .collect();
        nrs.sort_unstable();
        nrs.dedup();
        let limit = Arc::new(tokio::sync::Semaphore::new(
            self.settings.sync_concurrency.max(1),
        ));
        let mut tasks = tokio::task::JoinSet::new();
        for nr in nrs {
            let this = Arc::clone(self);
            let limit = Arc::clone(&limit);
            tasks.spawn(async move {
                let _permit = limit.acquire_owned().await;
                (nr, this.check(nr).await)
            });
        }
        let mut out = Vec::new();
        while let Some(done) = tasks.join_next().await {
            if let Ok(r) = done {
                out.push(r);
            }
        }
        out.sort_by_key(|(nr, _)| *nr);
        Ok(out)
    }

    /// A callback named this provider payment: a hint to check its order again. Unknown ids
    /// and repeats are harmless.
    pub async fn on_callback(&self, payment_id: &str) -> Result<Option<CheckOutcome>> {
        let Some(a) = self.store().attempt_by_payment_id(payment_id)? else {
            return Ok(None);
        };
        match self.check(a.order_nr).await {
            Ok(c) => Ok(Some(c)),
            Err(AppError::Invalid { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Attempts, provider calls and audit events of an order.
    pub fn log(&self, nr: i64) -> Result<PaymentLog> {
        let store = self.store();
        if store.order(nr)?.is_none() {
            return Err(crate::store::StoreError::OrderNotFound(nr).into());
        }
        let mut attempts = Vec::new();
        let mut events = store.audit_events("order", &nr.to_string())?;
        for a in store.payment_attempts(nr)? {
            events.extend(store.audit_events("payment", &a.order_reference)?);
            let calls = store.provider_calls(a.id)?;
            attempts.push((a, calls));
        }
        events.sort_by_key(|e| e.at);
        Ok(PaymentLog { attempts, events })
    }
}

/// Our state of a payment: a REJECTED link past its time to live has expired.
fn effective_state(a: &PaymentAttempt, p: &ProviderPayment, now: DateTime<Utc>) -> PaymentState {
    if p.state == PaymentState::Rejected && now >= a.created_at + Duration::minutes(a.ttl_minutes) {
        PaymentState::Expired
    } else {
        p.state
    }
}

/// The order's lines as the provider wants them: totals including VAT per line, with the VAT
/// of each rate spread so that the lines add up to the order's total to the öre.
fn payment_lines(order: &Order) -> Vec<PaymentLine> {
    let totals = order.totals();
    let mut out = Vec::with_capacity(order.lines.len());
    for rate in &totals.per_rate {
        let lines: Vec<_> = order.lines.iter().filter(|l| l.vat == rate.rate).collect();
        let mut vat_left = rate.vat;
        for (i, l) in lines.iter().enumerate() {
            let net = l.net();
            let vat = if i + 1 == lines.len() {
                vat_left
            } else {
                Money::round(
                    net.amount() * Decimal::from(rate.rate.percent()) / Decimal::ONE_HUNDRED,
                )
            };
            vat_left = vat_left - vat;
            out.push(PaymentLine {
                description: l.description.clone(),
                reference: l.article_no.clone(),
                quantity: l.quantity,
                unit: l.unit.clone(),
                vat: l.vat,
                total_incl_vat: net + vat,
                vat_amount: vat,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::domain::{LineKind, OrderLine, Percent, Quantity, VatRate};

    fn order_of(lines: Vec<OrderLine>) -> Order {
        Order {
            nr: 10001,
            customer_no: 10001,
            regnr: None,
            status: Status::Complete,
            lines,
            payment_method: None,
            payment_received: false,
            payment_received_at: None,
            invoice_no: None,
            booked_at: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 1,
        }
    }

    fn arb_line() -> impl Strategy<Value = OrderLine> {
        (
            1i64..=20_000,
            0i64..=5_000_000,
            prop_oneof![Just(0i64), 0i64..=10_000],
            0..4usize,
        )
            .prop_map(|(qty, price, discount, rate)| OrderLine {
                kind: LineKind::Artikel,
                article_no: None,
                description: "rad".into(),
                quantity: Quantity::from_hundredths(qty),
                unit: "st".into(),
                unit_price: Money::from_ore(price),
                discount: Percent::from_hundredths(discount),
                vat: VatRate::ALL[rate],
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// What the payment link asks for is the order total to the öre, and its VAT per rate
        /// is the order's: the customer pays exactly what will be booked.
        #[test]
        fn payment_lines_are_the_order_to_the_ore(
            lines in prop::collection::vec(arb_line(), 1..12),
        ) {
            let order = order_of(lines);
            let totals = order.totals();
            let pl = payment_lines(&order);
            prop_assert_eq!(pl.len(), order.lines.len());
            let sum: Money = pl.iter().map(|l| l.total_incl_vat).sum();
            prop_assert_eq!(sum, totals.total);
            for rate in &totals.per_rate {
                let vat: Money = pl
                    .iter()
                    .filter(|l| l.vat == rate.rate)
                    .map(|l| l.vat_amount)
                    .sum();
                prop_assert_eq!(vat, rate.vat);
            }
        }
    }

    fn line(price: &str, vat: VatRate) -> OrderLine {
        OrderLine {
            kind: LineKind::Artikel,
            article_no: None,
            description: "x".into(),
            quantity: Quantity::from_int(1),
            unit: "st".into(),
            unit_price: Money::parse(price).unwrap(),
            discount: Percent::ZERO,
            vat,
        }
    }

    #[test]
    fn payment_lines_add_up_to_the_order_total() {
        let lines = vec![
            line("0,10", VatRate::R25),
            line("0,10", VatRate::R25),
            line("0,10", VatRate::R25),
            line("49,90", VatRate::R12),
            line("120", VatRate::R0),
        ];
        let order = order_of(lines);
        let pl = payment_lines(&order);
        let sum: Money = pl.iter().map(|l| l.total_incl_vat).sum();
        assert_eq!(sum, order.totals().total);
        let vat25: Money = pl
            .iter()
            .filter(|l| l.vat == VatRate::R25)
            .map(|l| l.vat_amount)
            .sum();
        assert_eq!(vat25.ore(), 8);
    }
}
