//! The KLARNA payment method at the counter: reserve an order at Klarna (the customer is
//! approved for Klarna's invoice), and what Klarna holds for an order. Checking, booking
//! (capture), crediting (refund) and cancelling go through the same payment use cases as MOBIL
//! (`app::pay`), routed to the Klarna store the reservation was made in.

use serde::Serialize;

use super::Workshop;
use crate::app::error::{AppError, Result};
use crate::app::pay::SendOutcome;
use crate::payments::{HeldPayment, LineNote};
use crate::store::{Store, StoreError};

/// What a reservation did, and what the user should know about the lines as Klarna takes them
/// (a 1,5 h line goes as one unit at its total).
#[derive(Debug)]
pub struct Reserved {
    pub outcome: SendOutcome,
    pub notes: Vec<LineNote>,
}

/// `verkstad klarna show`: the order as Klarna holds it.
#[derive(Debug, Clone, Serialize)]
pub struct KlarnaShown {
    pub nr: i64,
    /// Our name of the Klarna store.
    pub store: Option<String>,
    /// None while the customer has not authorized (no order at Klarna yet).
    pub klarna: Option<HeldPayment>,
}

impl Workshop {
    /// "Reservera med Klarna" (`verkstad klarna reserve NR [--store S]`): the order must be
    /// KLART, and its customer must have what Klarna asks for an invoice — personnummer,
    /// e-mail and mobile number; the missing ones are named before anything is sent. `store`
    /// is our name of a Klarna store in `[klarna]` (the default store when None); it is kept
    /// with the reservation, and everything after it (check, capture, refund) goes there.
    pub async fn klarna_reserve(&self, nr: i64, store: Option<&str>) -> Result<Reserved> {
        let details = self
            .store()
            .order(nr)?
            .ok_or(StoreError::OrderNotFound(nr))?;
        let c = &details.customer;
        let missing: Vec<&str> = [
            ("pnr", c.national_id.is_none()),
            (
                "email",
                c.email.as_deref().is_none_or(|e| e.trim().is_empty()),
            ),
            ("mobile", c.mobile.is_none()),
        ]
        .into_iter()
        .filter_map(|(k, m)| m.then_some(k))
        .collect();
        if !missing.is_empty() {
            let missing = if missing.len() == 3 {
                "all".to_string()
            } else {
                missing.join("-")
            };
            return Err(AppError::Invalid(crate::msg!(
                "klarna-customer-missing",
                no = c.customer_no,
                missing = missing
            )));
        }
        let klarna = self.klarna(store).await?;
        let notes = klarna.payments.line_notes(nr)?;
        let outcome = klarna.payments.send(nr).await?;
        Ok(Reserved { outcome, notes })
    }

    /// `verkstad klarna show NR`: the order as Klarna holds it — its order id, status,
    /// amounts and the lines as sent. Refused for an order that was never reserved at Klarna.
    pub async fn klarna_show(&self, nr: i64) -> Result<KlarnaShown> {
        let newest = self
            .store()
            .payment_attempts(nr)?
            .into_iter()
            .rev()
            .find(|a| a.provider == crate::app::provider::KLARNA)
            .ok_or_else(|| AppError::Invalid(crate::msg!("klarna-not-reserved", nr = nr)))?;
        let klarna = self.klarna(newest.provider_store.as_deref()).await?;
        Ok(KlarnaShown {
            nr,
            store: newest.provider_store,
            klarna: klarna.payments.held(nr).await?,
        })
    }
}
