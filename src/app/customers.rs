//! Changing a customer ("Ändra kund", F3, and `verkstad customer set`): name, contact,
//! address, national id, the buyer's VAT number and reverse charge, and where refunds are paid
//! (issue 15), every field checked and its error named by the field, all saved in one
//! transaction.

use chrono::NaiveDate;

use super::error::{AppError, InputField, Result};
use super::refunds::{PayeeChange, write_payment_details};
use crate::domain::Customer;
use crate::domain::customer::{validate_email, validate_name};
use crate::domain::ids::{Mobile, NationalId, VatNo};
use crate::msg;
use crate::store::prelude::*;
use crate::store::{Store, StoreError};

/// `verkstad customer set NO`: what is given changes; an empty mobile, e-mail or personnummer
/// removes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomerChange {
    pub name: Option<String>,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
    pub national_id: Option<String>,
    /// The buyer's VAT number; empty removes it.
    pub vat_no: Option<String>,
    /// Omvänd betalningsskyldighet: "ja"/"nej" (or "yes"/"no"), see [`parse_yes_no`].
    pub reverse_charge: Option<String>,
    /// Where refunds are paid (issue 15): set, or removed with `clear`.
    pub payee: Option<PayeeChange>,
}

/// Yes or no as a user writes it: ja/j/yes/y or nej/n/no (any case); empty is no.
pub fn parse_yes_no(s: &str) -> Result<bool> {
    match s.trim().to_lowercase().as_str() {
        "ja" | "j" | "yes" | "y" => Ok(true),
        "nej" | "n" | "no" | "" => Ok(false),
        other => Err(AppError::Invalid(msg!("customer-yes-or-no", value = other))),
    }
}

/// Change a customer: every given field is checked before anything is written; one
/// transaction with its audit event.
pub fn update_customer(
    store: &impl Store,
    actor: &str,
    customer_no: i64,
    change: &CustomerChange,
    today: NaiveDate,
) -> Result<Customer> {
    let mut c = store
        .customer(customer_no)?
        .ok_or(StoreError::CustomerNotFound(customer_no))?;
    if *change == CustomerChange::default() {
        return Err(AppError::Invalid(msg!("customer-nothing-to-change")));
    }
    // The payment details are checked before anything is written, like every other field.
    let payee = change.payee.as_ref().map(PayeeChange::payee).transpose()?;
    let fields_given = CustomerChange {
        payee: None,
        ..change.clone()
    } != CustomerChange::default();
    let given = |v: &str| -> Option<String> {
        let t = v.trim();
        (!t.is_empty()).then(|| t.to_string())
    };
    // Each error names its field, so the screen's form shows it there.
    if let Some(n) = &change.name {
        c.name = validate_name(n).map_err(|e| AppError::from(e).at(InputField::CustomerName))?;
    }
    if let Some(m) = &change.mobile {
        c.mobile = given(m)
            .map(|m| Mobile::parse(&m))
            .transpose()
            .map_err(|e| AppError::from(e).at(InputField::CustomerMobile))?;
    }
    if let Some(e) = &change.email {
        c.email = given(e)
            .map(|e| validate_email(&e))
            .transpose()
            .map_err(|e| AppError::from(e).at(InputField::Email))?;
    }
    if let Some(n) = &change.national_id {
        c.national_id = given(n)
            .map(|n| NationalId::parse(&n, today))
            .transpose()
            .map_err(|e| AppError::from(e).at(InputField::NationalId))?;
    }
    if let Some(s) = &change.street {
        c.address.street = s.trim().to_string();
    }
    if let Some(p) = &change.postal_code {
        c.address.postal_code = p.trim().to_string();
    }
    if let Some(city) = &change.city {
        c.address.city = city.trim().to_string();
    }
    if let Some(v) = &change.vat_no {
        c.vat_no = given(v)
            .map(|v| VatNo::parse(&v))
            .transpose()
            .map_err(|e| AppError::from(e).at(InputField::VatNo))?;
    }
    if let Some(r) = &change.reverse_charge {
        c.reverse_charge = parse_yes_no(r).map_err(|e| e.at(InputField::ReverseCharge))?;
    }
    // Reverse charge is for a business that accounts for the VAT: the invoice must name it by
    // its VAT number (ML 17 kap. 24 §).
    if c.reverse_charge && c.vat_no.is_none() {
        return Err(
            AppError::Invalid(msg!("customer-reverse-charge-needs-vat-no")).at(InputField::VatNo),
        );
    }
    // One transaction: the customer's fields and its payment details, each with its audit
    // event when it changed.
    store.write(actor, |w| {
        let c = if fields_given {
            w.update_customer(&c)?
        } else {
            c
        };
        if let Some(payee) = &payee {
            write_payment_details(w, customer_no, payee.as_ref())?;
        }
        Ok(c)
    })
}
