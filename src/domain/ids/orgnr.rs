//! Organisationsnummer, and a customer's national identifier (a person or an organisation).

use std::fmt;

use chrono::NaiveDate;

use super::Personnummer;
use super::personnummer::split_personnummer;
use super::{IdError, digits, digits_without, luhn_ok, pair};

/// The ten digits of an organisationsnummer written `NNNNNN-NNNN`, `NNNNNNNNNN`
/// or either of those prefixed with `16`.
pub(super) fn orgnr_digits(s: &str) -> Option<[u8; 10]> {
    let bytes = s.as_bytes();
    let bytes = match bytes.len() {
        12 | 13 if bytes.starts_with(b"16") => &bytes[2..],
        _ => bytes,
    };
    match bytes.len() {
        10 => digits(bytes),
        11 if bytes[6] == b'-' => digits_without(bytes, 6),
        _ => None,
    }
}

/// True if the "month" digits (3–4) of an organisationsnummer are at least 20,
/// which no personnummer has.
pub(super) fn has_org_month(d: &[u8; 10]) -> bool {
    pair(d[2], d[3]) >= 20
}

/// Swedish organisation number (organisationsnummer).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Orgnr {
    /// Exactly ten ASCII digits.
    digits: String,
}

impl Orgnr {
    /// Parses `NNNNNN-NNNN` (dash optional), or the 12-digit form prefixed with `16`;
    /// surrounding whitespace is ignored.
    ///
    /// Digits 3–4 must be at least 20 and the last digit must be the Luhn check
    /// digit of the other nine.
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let input = s.trim();
        let d = orgnr_digits(input)
            .filter(has_org_month)
            .ok_or_else(|| IdError::OrgnrFormat(input.to_owned()))?;
        if !luhn_ok(&d) {
            return Err(IdError::OrgnrChecksum(input.to_owned()));
        }
        Ok(Self {
            digits: d.iter().map(|&v| char::from(b'0' + v)).collect(),
        })
    }

    /// Canonical form `NNNNNN-NNNN`.
    pub fn canonical(&self) -> String {
        let (head, tail) = self.digits.split_at(6);
        format!("{head}-{tail}")
    }

    /// Swedish VAT number (momsregistreringsnummer): `SE` + the ten digits + `01`.
    pub fn vat_number(&self) -> String {
        format!("SE{}01", self.digits)
    }
}

impl fmt::Display for Orgnr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

/// A customer's national identifier: a person or an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum NationalId {
    /// Personnummer or samordningsnummer.
    Person(Personnummer),
    /// Organisationsnummer.
    Org(Orgnr),
}

impl NationalId {
    /// Parses either kind, deciding by shape.
    ///
    /// Ten digits (or twelve starting with `16`) whose digits 3–4 are at least 20
    /// are an organisationsnummer; anything else shaped like a personnummer is
    /// parsed as one. (A samordningsnummer adds 60 to digits 5–6, not 3–4, so the
    /// two never clash.)
    pub fn parse(s: &str, today: NaiveDate) -> Result<Self, IdError> {
        let input = s.trim();
        if orgnr_digits(input).is_some_and(|d| has_org_month(&d)) {
            Orgnr::parse(input).map(Self::Org)
        } else if split_personnummer(input).is_some() {
            Personnummer::parse(input, today).map(Self::Person)
        } else {
            Err(IdError::NationalIdFormat(input.to_owned()))
        }
    }

    /// Canonical form: `YYYYMMDD-NNNC` for a person, `NNNNNN-NNNN` for an organisation.
    pub fn canonical(&self) -> String {
        match self {
            Self::Person(p) => p.canonical(),
            Self::Org(o) => o.canonical(),
        }
    }
}

impl fmt::Display for NationalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}
