//! Swedish identifiers used at the counter: personnummer and samordningsnummer,
//! organisationsnummer, mobile numbers and registration numbers (plates).
//!
//! Everything here is pure: no I/O and no clock. Functions that depend on the
//! current date take `today` from the caller. Parsing never panics, whatever
//! the input; bad input gives an [`IdError`] whose message can be shown to the
//! clerk in Swedish or English.
//!
//! One file per identifier: `personnummer`, `orgnr` (and [`NationalId`]), `mobile`, `plate`
//! ([`Regnr`]), `giro` (bankgiro, plusgiro) and `vat` ([`VatNo`], a buyer's VAT number); the
//! Luhn check digit they share and the [`IdError`] they all give are here.

mod bank_account;
mod giro;
mod mobile;
mod orgnr;
mod personnummer;
mod plate;
#[cfg(test)]
mod tests;
mod vat;

pub use bank_account::{Bic, Iban, SwedishAccount};
pub use giro::{Bankgiro, Plusgiro};
pub use mobile::Mobile;
pub use orgnr::{NationalId, Orgnr};
pub use personnummer::Personnummer;
pub use plate::Regnr;
pub use vat::VatNo;

use super::Lang;
use crate::t;

/// Luhn (mod 10) check digit for a string of ASCII digits (the payload, without the check digit).
///
/// Weights 2, 1, 2, 1, … are applied from the right, the digits of the products
/// are summed, and the check digit is `(10 - sum % 10) % 10`.
/// Returns `None` if `payload` is empty or contains anything but ASCII digits.
pub fn luhn_check_digit(payload: &str) -> Option<u8> {
    let digits = ascii_digit_values(payload)?;
    (!digits.is_empty()).then(|| check_digit(&digits))
}

/// True if `s` is all ASCII digits, at least two of them, and the last digit is
/// the Luhn check digit of the rest.
pub fn luhn_valid(s: &str) -> bool {
    ascii_digit_values(s).is_some_and(|digits| luhn_ok(&digits))
}

/// The values 0–9 of the ASCII digits in `s`, or `None` if anything else occurs.
fn ascii_digit_values(s: &str) -> Option<Vec<u8>> {
    s.bytes()
        .map(|b| b.is_ascii_digit().then(|| b - b'0'))
        .collect()
}

/// Luhn check digit of digit values (0–9).
fn check_digit(payload: &[u8]) -> u8 {
    let sum = payload.iter().rev().enumerate().fold(0, |sum, (i, &d)| {
        let term = if i % 2 == 0 {
            let doubled = d * 2;
            if doubled > 9 { doubled - 9 } else { doubled }
        } else {
            d
        };
        (sum + term) % 10
    });
    (10 - sum) % 10
}

/// True if the last of at least two digit values is the Luhn check digit of the others.
fn luhn_ok(digits: &[u8]) -> bool {
    match digits.split_last() {
        Some((&check, payload)) if !payload.is_empty() => check_digit(payload) == check,
        _ => false,
    }
}

/// The values of exactly `N` ASCII digits, or `None`.
fn digits<const N: usize>(bytes: &[u8]) -> Option<[u8; N]> {
    let array: [u8; N] = bytes.try_into().ok()?;
    array
        .iter()
        .all(u8::is_ascii_digit)
        .then(|| array.map(|b| b - b'0'))
}

/// The values of exactly `N` ASCII digits once the separator at `pos` is removed.
fn digits_without<const N: usize>(bytes: &[u8], pos: usize) -> Option<[u8; N]> {
    let joined: Vec<u8> = bytes
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != pos)
        .map(|(_, &b)| b)
        .collect();
    digits(&joined)
}

/// Two digit values as a number.
fn pair(tens: u8, ones: u8) -> u32 {
    u32::from(tens) * 10 + u32::from(ones)
}

/// Why an identifier was rejected. Each variant carries the (trimmed) input.
///
/// `Display` gives the Swedish text; [`IdError::message`] gives either language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdError {
    /// Not shaped like a personnummer at all.
    PersonnummerFormat(String),
    /// The date of birth does not exist.
    PersonnummerDate(String),
    /// The date of birth is after today.
    PersonnummerFuture(String),
    /// The birth number is 000.
    PersonnummerSerial(String),
    /// The Luhn check digit is wrong.
    PersonnummerChecksum(String),
    /// Not shaped like an organisationsnummer.
    OrgnrFormat(String),
    /// The Luhn check digit is wrong.
    OrgnrChecksum(String),
    /// Shaped like neither a personnummer nor an organisationsnummer.
    NationalIdFormat(String),
    /// Not a phone number that can be used.
    MobileFormat(String),
    /// A Swedish number that is not a mobile number (e.g. a landline).
    NotSwedishMobile(String),
    /// Not shaped like a bankgiro number.
    BankgiroFormat(String),
    /// The bankgiro number's check digit is wrong.
    BankgiroChecksum(String),
    /// Not shaped like a plusgiro number.
    PlusgiroFormat(String),
    /// The plusgiro number's check digit is wrong.
    PlusgiroChecksum(String),
    /// Not a valid plate.
    RegnrFormat(String),
    /// Not shaped like a VAT number (country code and 2–13 letters or digits).
    VatNoFormat(String),
    /// A Swedish VAT number that is not SE + ten digits + 01.
    VatNoSwedish(String),
    /// A Swedish VAT number whose ten digits fail the Luhn check.
    VatNoChecksum(String),
    /// Not shaped like CLEARING-ACCOUNT.
    BankAccountFormat(String),
    /// A clearing number no bank has.
    BankAccountClearing(String),
    /// The account has the wrong number of digits for its bank (input, bank).
    BankAccountLength(String, String),
    /// The account's check digit is wrong (input, bank).
    BankAccountChecksum(String, String),
    /// Not a valid IBAN (country, length, format or mod-97 check).
    IbanInvalid(String),
    /// Not a valid BIC.
    BicFormat(String),
}

impl IdError {
    /// The message in the requested language, worded for the clerk at the counter.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Self::PersonnummerFormat(s) => t!(lang, "id-personnummer-format", input = s),
            Self::PersonnummerDate(s) => t!(lang, "id-personnummer-date", input = s),
            Self::PersonnummerFuture(s) => t!(lang, "id-personnummer-future", input = s),
            Self::PersonnummerSerial(s) => t!(lang, "id-personnummer-serial", input = s),
            Self::PersonnummerChecksum(s) => t!(lang, "id-personnummer-checksum", input = s),
            Self::OrgnrFormat(s) => t!(lang, "id-orgnr-format", input = s),
            Self::OrgnrChecksum(s) => t!(lang, "id-orgnr-checksum", input = s),
            Self::NationalIdFormat(s) => t!(lang, "id-national-id-format", input = s),
            Self::MobileFormat(s) => t!(lang, "id-mobile-format", input = s),
            Self::NotSwedishMobile(s) => t!(lang, "id-not-swedish-mobile", input = s),
            Self::BankgiroFormat(s) => t!(lang, "id-bankgiro-format", input = s),
            Self::BankgiroChecksum(s) => t!(lang, "id-bankgiro-checksum", input = s),
            Self::PlusgiroFormat(s) => t!(lang, "id-plusgiro-format", input = s),
            Self::PlusgiroChecksum(s) => t!(lang, "id-plusgiro-checksum", input = s),
            Self::RegnrFormat(s) => t!(lang, "id-regnr-format", input = s),
            Self::VatNoFormat(s) => t!(lang, "id-vat-no-format", input = s),
            Self::VatNoSwedish(s) => t!(lang, "id-vat-no-swedish", input = s),
            Self::VatNoChecksum(s) => t!(lang, "id-vat-no-checksum", input = s),
            Self::BankAccountFormat(s) => t!(lang, "id-bank-account-format", input = s),
            Self::BankAccountClearing(s) => t!(lang, "id-bank-account-clearing", input = s),
            Self::BankAccountLength(s, b) => {
                t!(lang, "id-bank-account-length", input = s, bank = b)
            }
            Self::BankAccountChecksum(s, b) => {
                t!(lang, "id-bank-account-checksum", input = s, bank = b)
            }
            Self::IbanInvalid(s) => t!(lang, "id-iban-invalid", input = s),
            Self::BicFormat(s) => t!(lang, "id-bic-format", input = s),
        }
    }
}

impl std::fmt::Display for IdError {
    /// Swedish, the default language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Sv))
    }
}

impl std::error::Error for IdError {}

/// Identifiers serialize as their canonical text (E.164, "ABC123", "YYYYMMDD-NNNC").
macro_rules! serialize_as_text {
    ($($t:ty),*) => {$(
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
    )*};
}

serialize_as_text!(Personnummer, Orgnr, NationalId, Mobile, Regnr, VatNo);

impl<'de> serde::Deserialize<'de> for Mobile {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Mobile, D::Error> {
        let s = String::deserialize(d)?;
        Mobile::parse(&s).map_err(|e| serde::de::Error::custom(e.message(Lang::En)))
    }
}
