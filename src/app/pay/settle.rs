//! Checking, cancelling, refunding and settling what the provider must still do.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::*;
use crate::app::error::{AppError, Result};
use crate::domain::{Action, Money, Status};
use crate::payments::{PaymentState, ProviderError, ProviderPayment};
use crate::store::{
    AttemptState, CallKind, PaymentAttempt, ProviderAction, Store, StoredInvoice, TaskState,
};

impl Payments {
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
                order.payment_method = Some(self.method);
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
            if order.payment_method.is_some_and(|m| m.via_provider()) {
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
    pub(super) async fn run_call<F, Fut>(
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
    pub(super) fn latest_payment(&self, nr: i64) -> Result<(PaymentAttempt, String)> {
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
            return Err(AppError::Invalid(crate::msg!(
                "pay-cannot-refund",
                wanted = wanted.to_string(),
                refundable = before.refundable().to_string()
            )));
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
            .filter(|a| self.owns(a))
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
        let Some(a) = self
            .store()
            .attempt_by_payment_id(payment_id)?
            .filter(|a| self.owns(a))
        else {
            return Ok(None);
        };
        match self.check(a.order_nr).await {
            Ok(c) => Ok(Some(c)),
            Err(AppError::Invalid(_)) => Ok(None),
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
pub(super) fn effective_state(
    a: &PaymentAttempt,
    p: &ProviderPayment,
    now: DateTime<Utc>,
) -> PaymentState {
    if p.state == PaymentState::Rejected && now >= a.created_at + Duration::minutes(a.ttl_minutes) {
        PaymentState::Expired
    } else {
        p.state
    }
}
