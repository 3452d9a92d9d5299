//! Mobile payment use cases: send, check, cancel, sync and refund (shared/docs/seeds/002_…).
//!
//! Every step that changes our data is one store transaction with its audit events. The network
//! call is never inside a transaction: the idempotency key (and the exact request) is committed
//! first, the call is made, and its answer is committed after. A crash or a lost answer between
//! the two leaves an attempt in state `sending`, which the next send or check recovers by
//! searching the provider for the order reference — never by making a second link.

use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Duration, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use uuid::Uuid;

use super::error::{AppError, Result};
use crate::domain::{Action, Money, Order, PaymentMethod, Status};
use crate::payments::{
    NewPayment, PaymentLine, PaymentProvider, PaymentState, ProviderError, ProviderPayment,
};
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
    },
    /// The order already has a live link: nothing new was sent.
    AlreadySent { attempt: PaymentAttempt },
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
}

impl Settled {
    /// What was done, for the user.
    pub fn text(&self, lang: crate::domain::Lang) -> String {
        use crate::domain::Lang;
        let no = self.invoice.invoice.no;
        match (self.refunded.ore() > 0, lang) {
            (true, Lang::Sv) => format!(
                "Kreditfaktura {no}: {} kr återbetalt till kunden via Resurs",
                self.refunded
            ),
            (true, Lang::En) => format!(
                "Credit invoice {no}: {} kr refunded to the customer through Resurs",
                self.refunded
            ),
            (false, Lang::Sv) => format!("Faktura {no}: betalningen är dragen hos Resurs"),
            (false, Lang::En) => format!("Invoice {no}: the payment is captured at Resurs"),
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
pub struct Payments<P> {
    store: Arc<Mutex<Store>>,
    provider: Arc<P>,
    actor: String,
    settings: PaySettings,
    clock: Clock,
}

fn no_link(nr: i64) -> AppError {
    AppError::invalid(
        format!("Order {nr} har ingen aktiv betalningslänk"),
        format!("Order {nr} has no active payment link"),
    )
}

impl<P: PaymentProvider + 'static> Payments<P> {
    pub fn new(
        store: Arc<Mutex<Store>>,
        provider: Arc<P>,
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

    pub fn provider(&self) -> &P {
        &self.provider
    }

    /// Who the audit trail names for these use cases.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        // A panic elsewhere must not make the database unusable: the data is in SQLite.
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// "Skicka mobilbetalning (SMS)": the order must be KLART, with an amount and a mobile number.
    pub async fn send(&self, nr: i64) -> Result<SendOutcome> {
        enum Prep {
            Already(PaymentAttempt),
            Call(PaymentAttempt, NewPayment, bool),
        }
        let provider_name = self.provider.name().to_string();
        let ttl = self.settings.ttl_minutes;
        let callback_url = self.settings.callback_url.clone();
        let actor = self.actor.clone();
        let prep = self.store().write(&self.actor, |w| -> Result<Prep> {
            let order = w.order(nr)?;
            let attempts = w.attempts(nr)?;
            if let Some(a) = attempts
                .iter()
                .rev()
                .find(|a| a.state == AttemptState::Sending)
            {
                let payment: NewPayment = serde_json::from_str(&a.request_json).map_err(|e| {
                    AppError::invalid(
                        format!("Sparad begäran: {e}"),
                        format!("Stored request: {e}"),
                    )
                })?;
                return Ok(Prep::Call(a.clone(), payment, true));
            }
            if order.status == Status::MobilePayment
                && let Some(a) = attempts
                    .iter()
                    .rev()
                    .find(|a| a.state == AttemptState::Sent)
            {
                return Ok(Prep::Already(a.clone()));
            }
            order.status.apply(Action::SendPayment)?;
            let totals = order.totals();
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
            Ok(Prep::Call(row, payment, false))
        })?;

        let (attempt, payment, resuming) = match prep {
            Prep::Already(attempt) => return Ok(SendOutcome::AlreadySent { attempt }),
            Prep::Call(a, p, r) => (a, p, r),
        };
        if resuming {
            // The last send may have reached the provider: look before sending again.
            if let Some(found) = self
                .provider
                .find_by_reference(&attempt.order_reference)
                .await?
            {
                tracing::info!(
                    reference = attempt.order_reference,
                    "recovered a payment created before a lost answer"
                );
                return self.finish_send(attempt, found);
            }
        }
        match self
            .provider
            .create(&payment, &attempt.idempotency_key)
            .await
        {
            Ok(created) => self.finish_send(attempt, created),
            Err(e) if e.code() == Some("DUPLICATE_ORDER_REFERENCE") => {
                match self
                    .provider
                    .find_by_reference(&attempt.order_reference)
                    .await?
                {
                    Some(found) => self.finish_send(attempt, found),
                    None => Err(e.into()),
                }
            }
            Err(e @ ProviderError::Refused { .. }) => {
                let mut failed = attempt;
                failed.state = AttemptState::Failed;
                failed.error = Some(e.to_string());
                self.store()
                    .write(&self.actor, |w| w.update_attempt(&failed, "send_refused"))?;
                Err(e.into())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Store a created payment: the attempt is `sent`, the order MOBILBET and locked.
    fn finish_send(&self, attempt: PaymentAttempt, p: ProviderPayment) -> Result<SendOutcome> {
        self.store().write(&self.actor, |w| {
            let mut a = attempt;
            a.state = AttemptState::Sent;
            a.provider_payment_id = Some(p.id.clone());
            a.customer_url = p.customer_url.clone();
            a.payment_state = Some(p.state.code().to_string());
            let a = w.update_attempt(&a, "link_sent")?;
            let mut order = w.order(a.order_nr)?;
            if order.status != Status::MobilePayment {
                order.status = order.status.apply(Action::SendPayment)?;
                order = w.save_order(&order, "payment_sms_sent")?;
            }
            Ok(SendOutcome::Sent { attempt: a, order })
        })
    }

    /// The attempt a check or cancel works on: the live link of a MOBILBET order, recovering one
    /// whose answer was lost.
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
        match self
            .provider
            .find_by_reference(&last.order_reference)
            .await?
        {
            Some(found) => match self.finish_send(last, found)? {
                SendOutcome::Sent { attempt, .. } | SendOutcome::AlreadySent { attempt } => {
                    Ok(Some(attempt))
                }
            },
            None => Ok(None),
        }
    }

    /// "Kontrollera mobilbetalning": ask the provider; a paid order gets payment method MOBIL and
    /// "Betalning mottagen" with the provider's time.
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
        self.store().write(&self.actor, |w| {
            let mut a = attempt;
            a.payment_state = Some(state.code().to_string());
            a.method = p.method.clone().or(a.method);
            a.paid_at = p.paid_at.or(a.paid_at);
            let a = w.update_attempt(&a, "checked")?;
            let mut order = w.order(nr)?;
            let mut newly_paid = false;
            // Authorized (automatic capture off) is received too: booking captures it.
            if matches!(state, PaymentState::Paid | PaymentState::Authorized)
                && order.status == Status::MobilePayment
                && !order.payment_received
            {
                order.payment_method = Some(PaymentMethod::Mobil);
                order.payment_received = true;
                order.payment_received_at = Some(p.paid_at.unwrap_or_else(|| w.now()));
                order = w.save_order(&order, "payment_received")?;
                newly_paid = true;
            }
            Ok(CheckOutcome {
                state,
                method: a.method,
                paid_at: a.paid_at,
                order,
                newly_paid,
            })
        })
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
        let attempt = self.live_attempt(nr).await?;
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
                    a.payment_state = Some(s.code().to_string());
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
            a.payment_state = Some(p.state.code().to_string());
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
                        a.payment_state = Some(p.state.code().to_string());
                        w.update_attempt(&a, task.action.code())?;
                        w.set_invoice_task(no, TaskState::Done, None)
                    })?;
                    out.push(Settled { invoice, refunded });
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
    use super::*;
    use crate::domain::{LineKind, OrderLine, Percent, Quantity, VatRate};

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
        let order = Order {
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
        };
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
