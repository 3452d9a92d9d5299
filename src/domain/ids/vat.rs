//! VAT numbers (momsregistreringsnummer) of buyers in Sweden and the rest of the EU.

use std::fmt;

use super::{IdError, luhn_valid};

/// A VAT registration number: a two-letter country code and 2–13 letters or digits, e.g.
/// `SE556677889901`, `DK12345678`, `DE123456789`. Written with or without spaces (removed) and
/// in any case (uppercased). A Swedish one is `SE` + a ten-digit organisationsnummer or
/// personnummer (whose Luhn check digit must hold) + `01`.
///
/// Only the shape is checked: whether a foreign number is registered is for VIES to say.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct VatNo(String);

impl VatNo {
    pub fn parse(s: &str) -> Result<VatNo, IdError> {
        let input = s.trim();
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_uppercase)
            .collect();
        let format = || IdError::VatNoFormat(input.to_owned());
        let (country, rest) = compact
            .split_at_checked(2)
            .filter(|(c, _)| c.bytes().all(|b| b.is_ascii_uppercase()))
            .ok_or_else(format)?;
        if !(2..=13).contains(&rest.len()) || !rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(format());
        }
        if country == "SE" {
            let digits = rest
                .strip_suffix("01")
                .filter(|d| d.len() == 10 && d.bytes().all(|b| b.is_ascii_digit()))
                .ok_or_else(|| IdError::VatNoSwedish(input.to_owned()))?;
            if !luhn_valid(digits) {
                return Err(IdError::VatNoChecksum(input.to_owned()));
            }
        }
        Ok(VatNo(compact))
    }

    /// The number without spaces, uppercased: `SE556677889901`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The two-letter country code.
    pub fn country(&self) -> &str {
        &self.0[..2]
    }
}

impl fmt::Display for VatNo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Lang;

    #[test]
    fn valid_vat_numbers_are_compacted_and_uppercased() {
        for (input, canonical) in [
            ("SE556677889901", "SE556677889901"),
            ("se 5566 7788 9901", "SE556677889901"),
            (" SE556016068001 ", "SE556016068001"),
            // A sole trader's: SE + personnummer + 01.
            ("SE640823323401", "SE640823323401"),
            ("DK12345678", "DK12345678"),
            ("de 123 456 789", "DE123456789"),
            ("NL123456789B01", "NL123456789B01"),
            ("FR12345678901", "FR12345678901"),
            ("EL123456789", "EL123456789"),
            ("AT U12345678", "ATU12345678"),
            ("IE1234567T", "IE1234567T"),
            ("CY10259033P", "CY10259033P"),
            ("FI12", "FI12"),
            ("ES1234567890123", "ES1234567890123"),
        ] {
            let v = VatNo::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(v.as_str(), canonical);
            assert_eq!(v.to_string(), canonical);
            assert_eq!(v.country(), &canonical[..2]);
        }
    }

    #[test]
    fn invalid_vat_numbers_are_refused_with_the_reason() {
        for bad in [
            "",
            "SE",
            "S",
            "5566778899",
            "DK1",
            "ES12345678901234",
            "D312345678",
            "DK1234-5678",
            "DK12345678!",
            "ÅB12345678",
        ] {
            assert_eq!(
                VatNo::parse(bad),
                Err(IdError::VatNoFormat(bad.trim().to_string())),
                "{bad}"
            );
        }
        // Swedish: SE + ten digits + 01.
        for bad in [
            "SE5566778899",
            "SE556677889902",
            "SE55667788990",
            "SE55667788AB01",
        ] {
            assert_eq!(
                VatNo::parse(bad),
                Err(IdError::VatNoSwedish(bad.to_string())),
                "{bad}"
            );
        }
        // The ten digits' Luhn check digit.
        assert_eq!(
            VatNo::parse("SE556677889801"),
            Err(IdError::VatNoChecksum("SE556677889801".into()))
        );
        let msg = VatNo::parse("SE123").unwrap_err();
        assert!(msg.message(Lang::Sv).contains("SE556677889901"), "{msg}");
        assert!(msg.message(Lang::En).contains("Swedish VAT number"));
        let msg = VatNo::parse("12345").unwrap_err();
        assert!(msg.message(Lang::Sv).contains("landskoden"), "{msg}");
    }
}
