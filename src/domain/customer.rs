//! Customers (kunder) and vehicles (fordon).

use serde::Serialize;

use super::Lang;
use super::ids::{Mobile, NationalId, Regnr, VatNo};
use crate::t;

/// Customer numbers come from their own unbroken series that starts here.
pub const FIRST_CUSTOMER_NO: i64 = 10001;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Address {
    pub street: String,
    pub postal_code: String,
    pub city: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Customer {
    /// Kundnr.
    pub customer_no: i64,
    pub name: String,
    /// Personnummer or organisationsnummer.
    pub national_id: Option<NationalId>,
    /// E.164.
    pub mobile: Option<Mobile>,
    pub email: Option<String>,
    pub address: Address,
    /// The buyer's VAT number, printed on its invoices; needed for reverse charge.
    pub vat_no: Option<VatNo>,
    /// Omvänd betalningsskyldighet: a business in another EU country buying services, which
    /// accounts for the VAT itself. Its sales are invoiced without Swedish VAT.
    pub reverse_charge: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vehicle {
    pub regnr: Regnr,
    pub make: String,
    pub model: String,
    pub year: Option<i32>,
    /// Mätarställning in km.
    pub mileage: Option<i64>,
}

/// Problems with customer or vehicle fields other than the identifiers of [`super::ids`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartyError {
    NameMissing,
    NameTooLong,
    Email(String),
    Year(i32),
    Mileage(i64),
}

impl PartyError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            PartyError::NameMissing => t!(lang, "customer-name-missing"),
            PartyError::NameTooLong => t!(lang, "customer-name-too-long"),
            PartyError::Email(e) => t!(lang, "customer-email-invalid", email = e),
            PartyError::Year(y) => t!(lang, "vehicle-year-implausible", year = y.to_string()),
            PartyError::Mileage(m) => t!(lang, "vehicle-mileage-negative", mileage = m.to_string()),
        }
    }
}

impl std::fmt::Display for PartyError {
    /// Swedish, the default language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Sv))
    }
}

impl std::error::Error for PartyError {}

/// Trim a customer name and check it.
pub fn validate_name(name: &str) -> Result<String, PartyError> {
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(PartyError::NameMissing);
    }
    if name.chars().count() > 100 {
        return Err(PartyError::NameTooLong);
    }
    Ok(name)
}

/// A plausible e-mail address: one '@', something before it, a dot in the domain, no spaces.
pub fn validate_email(email: &str) -> Result<String, PartyError> {
    let e = email.trim();
    let ok = match e.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !e.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if ok {
        Ok(e.to_lowercase())
    } else {
        Err(PartyError::Email(e.to_string()))
    }
}

/// Model year between 1886 (the first car) and next year.
pub fn validate_year(year: i32, current_year: i32) -> Result<i32, PartyError> {
    if (1886..=current_year + 1).contains(&year) {
        Ok(year)
    } else {
        Err(PartyError::Year(year))
    }
}

pub fn validate_mileage(km: i64) -> Result<i64, PartyError> {
    if km >= 0 {
        Ok(km)
    } else {
        Err(PartyError::Mileage(km))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_required() {
        assert_eq!(
            validate_name("  Anna   Svensson ").unwrap(),
            "Anna Svensson"
        );
        assert_eq!(validate_name("   "), Err(PartyError::NameMissing));
        assert_eq!(
            validate_name(&"x".repeat(101)),
            Err(PartyError::NameTooLong)
        );
    }

    #[test]
    fn emails() {
        assert_eq!(
            validate_email(" Anna@Exempel.SE ").unwrap(),
            "anna@exempel.se"
        );
        for bad in [
            "anna",
            "anna@",
            "@exempel.se",
            "anna@exempel",
            "a b@c.se",
            "a@b@c.se",
            "a@.se",
        ] {
            assert!(validate_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn years_and_mileage() {
        assert!(validate_year(2015, 2026).is_ok());
        assert!(validate_year(2027, 2026).is_ok());
        assert!(validate_year(2028, 2026).is_err());
        assert!(validate_year(1800, 2026).is_err());
        assert!(validate_mileage(-1).is_err());
        assert_eq!(
            PartyError::Year(1800).message(Lang::En),
            "The model year 1800 is not plausible"
        );
    }
}
