//! Sending a payment link: the lock, the attempt and its key before the call, and resolving an
//! attempt whose outcome is unknown.

use std::sync::Arc;

use rust_decimal::Decimal;
use uuid::Uuid;

use super::*;
use crate::app::error::{AppError, Result};
use crate::domain::{Action, Money, Order, Status};
use crate::payments::{NewPayment, PaymentLine, ProviderError, ProviderPayment};
use crate::store::{AttemptState, CallKind, NewAttempt, PaymentAttempt, Store};

/// What the first transaction of a send decided.
pub(super) enum Prep {
    /// The order has a live link for exactly its total.
    Already(PaymentAttempt),
    /// An attempt's outcome is unknown: resolve it before anything else.
    Resolve(PaymentAttempt),
    /// The live link asks for another amount: cancel it, then send anew.
    Replace(PaymentAttempt),
    /// A new attempt is recorded and the order locked: make the call.
    Call(PaymentAttempt, Box<NewPayment>),
}

/// How an attempt whose outcome was unknown ended.
pub(super) enum Resolution {
    Sent(Box<(PaymentAttempt, Order)>),
    /// It never made a link and is closed.
    Gone,
}

impl Payments {
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
            crate::app::provider::check_send_limits(&self.store, &*self.provider, nr).await?;
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
        Err(AppError::Invalid(crate::msg!(
            "pay-link-not-remade",
            nr = nr
        )))
    }

    /// The first transaction of a send: what to do, and for a new attempt, the lock of the
    /// order and the attempt with its key, committed together before any call.
    pub(super) fn prepare_send(&self, nr: i64) -> Result<Prep> {
        let provider_name = self.provider.name().to_string();
        let store_name = self.store_name.clone();
        let ttl = self.settings.ttl_minutes;
        let callback_url = self.settings.callback_url.clone();
        let actor = self.actor.clone();
        self.store().write(&self.actor, |w| -> Result<Prep> {
            let mut order = w.order(nr)?;
            let attempts = w.attempts(nr)?;
            // Another provider's live payment (a Klarna reservation when this is Resurs, or
            // the other way round) is that provider's to resolve or cancel, never this one's.
            let live = |a: &&PaymentAttempt| {
                a.state == AttemptState::Sending
                    || (a.state == AttemptState::Sent && order.status == Status::MobilePayment)
            };
            if let Some(a) = attempts.iter().rev().find(live).filter(|a| !self.owns(a)) {
                return Err(AppError::Invalid(crate::msg!(
                    "pay-other-provider-live",
                    nr = nr,
                    provider = a.provider.clone()
                )));
            }
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
                return Err(AppError::Invalid(crate::msg!(
                    "pay-nothing-to-pay",
                    nr = nr
                )));
            }
            let customer = w.customer(order.customer_no)?.ok_or(
                crate::store::StoreError::CustomerNotFound(order.customer_no),
            )?;
            if customer.reverse_charge {
                // Booked without Swedish VAT: the link would ask for the total with it.
                return Err(AppError::Invalid(crate::msg!(
                    "book-reverse-charge-not-mobile",
                    nr = nr,
                    no = customer.customer_no
                )));
            }
            let mobile = customer.mobile.clone().ok_or_else(|| {
                AppError::Invalid(crate::msg!(
                    "pay-customer-has-no-mobile",
                    no = customer.customer_no
                ))
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
                billing: Some(Box::new(billing(&customer))),
            };
            let request_json = serde_json::to_string(&payment).map_err(|e| {
                AppError::Io(crate::msg!("io-internal-error", error = e.to_string()))
            })?;
            let row = w.insert_attempt(NewAttempt {
                order_nr: nr,
                attempt,
                order_reference: reference,
                provider: provider_name,
                provider_store: store_name,
                idempotency_key: Uuid::new_v4().to_string(),
                request_json,
                amount: totals.total,
                mobile: mobile.as_str().to_string(),
                ttl_minutes: i64::from(ttl),
            })?;
            // The lock: from here on lines, customer and vehicle cannot change.
            order.status = order.status.apply(Action::SendPayment)?;
            w.save_order(&order, "payment_sms_sending")?;
            Ok(Prep::Call(row, Box::new(payment)))
        })
    }

    /// The create call of an attempt whose key is stored, and its outcome. A refusal unlocks
    /// the order (no link exists); an unknown outcome keeps it locked.
    pub(super) async fn create(
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
    pub(super) fn abandon(&self, attempt: &PaymentAttempt, why: &str) -> Result<()> {
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
    pub(super) async fn resolve(&self, attempt: PaymentAttempt) -> Result<Resolution> {
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
            AppError::Invalid(crate::msg!("pay-stored-request", error = e.to_string()))
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
    pub(super) async fn finish_send(
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

    /// The order's newest attempt that is live: sent, or being sent (its outcome unknown).
    fn newest_live(&self, nr: i64) -> Result<Option<PaymentAttempt>> {
        Ok(self
            .store()
            .payment_attempts(nr)?
            .into_iter()
            .rev()
            .find(|a| matches!(a.state, AttemptState::Sending | AttemptState::Sent)))
    }

    /// The attempt a cancel works on: the live link, or one whose outcome is unknown, looked up
    /// at the provider. One the provider does not have is closed here and never sent again; if
    /// its create call is still under way elsewhere, [`Self::finish_send`] cancels that link.
    pub(super) async fn attempt_to_cancel(&self, nr: i64) -> Result<Option<PaymentAttempt>> {
        let last = match self.newest_live(nr)? {
            None => return Ok(None),
            Some(a) if a.state == AttemptState::Sent => return Ok(Some(a)),
            Some(sending) => sending,
        };
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
    pub(super) async fn live_attempt(&self, nr: i64) -> Result<Option<PaymentAttempt>> {
        let last = match self.newest_live(nr)? {
            None => return Ok(None),
            Some(a) if a.state == AttemptState::Sent => return Ok(Some(a)),
            Some(sending) => sending,
        };
        match self.resolve(last).await? {
            Resolution::Sent(sent) => Ok(Some(sent.0)),
            Resolution::Gone => Ok(None),
        }
    }
}

impl Payments {
    /// What the provider says about how it takes order `nr`'s lines (Klarna: whole quantities
    /// only), for the message of a send.
    pub fn line_notes(&self, nr: i64) -> Result<Vec<crate::payments::LineNote>> {
        let d = self
            .store()
            .order(nr)?
            .ok_or(crate::store::StoreError::OrderNotFound(nr))?;
        let lines = payment_lines(&d.order);
        Ok(self.provider.line_notes(&lines, d.order.totals().total))
    }

    /// The newest payment of order `nr` as the provider holds it (None before it is placed).
    pub async fn held(&self, nr: i64) -> Result<Option<crate::payments::HeldPayment>> {
        let Some(id) = self
            .store()
            .payment_attempts(nr)?
            .into_iter()
            .rev()
            .filter(|a| self.owns(a))
            .find_map(|a| a.provider_payment_id)
        else {
            return Err(no_link(nr));
        };
        Ok(self.provider.held(&id).await?)
    }
}

/// The payer's details for a provider that checks the payer (Klarna's invoice): personnummer
/// in twelve digits, the name split at its last word, the address as the customer card has it.
fn billing(c: &crate::domain::Customer) -> crate::payments::BillingDetails {
    let some = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let (given, family) = match c.name.trim().rsplit_once(' ') {
        Some((g, f)) => (some(g), some(f)),
        None => (None, some(&c.name)),
    };
    crate::payments::BillingDetails {
        national_id: c
            .national_id
            .as_ref()
            .map(|n| n.canonical().chars().filter(char::is_ascii_digit).collect()),
        given_name: given,
        family_name: family,
        email: c.email.as_deref().and_then(some),
        street_address: some(&c.address.street),
        postal_code: some(&c.address.postal_code),
        city: some(&c.address.city),
        country: None,
    }
}

/// The order's lines as the provider wants them: totals including VAT per line, with the VAT
/// of each rate spread so that the lines add up to the order's total to the öre. Utlägg come
/// last, at 0 % and their own amount.
pub(super) fn payment_lines(order: &Order) -> Vec<PaymentLine> {
    let totals = order.totals();
    let mut out = Vec::with_capacity(order.lines.len());
    for rate in &totals.per_rate {
        let lines: Vec<_> = order
            .lines
            .iter()
            .filter(|l| !l.is_outlay() && l.vat == rate.rate)
            .collect();
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
    for l in order.lines.iter().filter(|l| l.is_outlay()) {
        out.push(PaymentLine {
            description: l.description.clone(),
            reference: l.article_no.clone(),
            quantity: l.quantity,
            unit: l.unit.clone(),
            vat: l.vat,
            total_incl_vat: l.net(),
            vat_amount: Money::ZERO,
        });
    }
    out
}
