//! Bankgiro and plusgiro numbers, each ending in a Luhn (mod 10) check digit.

use super::{IdError, luhn_valid};

/// A bankgiro number: 7 or 8 digits, the last a Luhn (mod 10) check digit over the others,
/// written `NNN-NNNN` or `NNNN-NNNN`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Bankgiro(String);

impl Bankgiro {
    /// Parses `NNN-NNNN`, `NNNN-NNNN` or the 7 or 8 digits alone; whitespace around is ignored.
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let input = s.trim();
        let digits: String = match input.split_once('-') {
            Some((a, b)) if b.len() == 4 && (a.len() == 3 || a.len() == 4) => format!("{a}{b}"),
            Some(_) => return Err(IdError::BankgiroFormat(input.to_owned())),
            None => input.to_owned(),
        };
        if !(7..=8).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdError::BankgiroFormat(input.to_owned()));
        }
        if !luhn_valid(&digits) {
            return Err(IdError::BankgiroChecksum(input.to_owned()));
        }
        let (a, b) = digits.split_at(digits.len() - 4);
        Ok(Bankgiro(format!("{a}-{b}")))
    }

    /// `NNN-NNNN` or `NNNN-NNNN`.
    pub fn canonical(&self) -> &str {
        &self.0
    }
}

/// A plusgiro number: 2 to 8 digits, the last a Luhn (mod 10) check digit over the others,
/// usually written with a dash before the check digit (`4711-8`, `12 34 56-6`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Plusgiro(String);

impl Plusgiro {
    /// Parses the digits with optional spaces and one dash before the check digit.
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let input = s.trim();
        let compact: String = input.chars().filter(|c| *c != ' ').collect();
        let digits = match compact.split_once('-') {
            Some((a, c)) if c.len() == 1 => format!("{a}{c}"),
            Some(_) => return Err(IdError::PlusgiroFormat(input.to_owned())),
            None => compact,
        };
        if !(2..=8).contains(&digits.len()) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdError::PlusgiroFormat(input.to_owned()));
        }
        if !luhn_valid(&digits) {
            return Err(IdError::PlusgiroChecksum(input.to_owned()));
        }
        let (a, c) = digits.split_at(digits.len() - 1);
        Ok(Plusgiro(format!("{a}-{c}")))
    }

    /// The digits with a dash before the check digit, `NNNNNN-C`.
    pub fn canonical(&self) -> &str {
        &self.0
    }
}
