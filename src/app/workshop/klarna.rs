//! The KLARNA payment method at the counter: reserve an order at Klarna (the customer is
//! approved for Klarna's invoice), and what Klarna holds for an order. Checking, booking
//! (capture), crediting (refund) and cancelling go through the same payment use cases as MOBIL
//! (`app::pay`), routed to the Klarna store the reservation was made in.

use super::Workshop;
use crate::app::error::{AppError, Result};
use crate::app::pay::SendOutcome;
use crate::store::{Store, StoreError};

impl Workshop {
    /// "Reservera med Klarna" (`verkstad klarna reserve NR [--store S]`): the order must be
    /// KLART, and its customer must have what Klarna asks for an invoice — personnummer,
    /// e-mail and mobile number; the missing ones are named before anything is sent. `store`
    /// is our name of a Klarna store in `[klarna]` (the default store when None); it is kept
    /// with the reservation, and everything after it (check, capture, refund) goes there.
    pub async fn klarna_reserve(&self, nr: i64, store: Option<&str>) -> Result<SendOutcome> {
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
        klarna.payments.send(nr).await
    }
}
