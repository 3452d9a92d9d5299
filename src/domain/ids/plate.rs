//! Swedish vehicle registration numbers (plates).

use std::fmt;
use std::str::FromStr;

use super::IdError;

/// Swedish vehicle registration number (plate), e.g. `ABC123` or `ABC12D`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Regnr(String);

impl Regnr {
    /// Parses a plate: whitespace and `-` are ignored and letters uppercased.
    ///
    /// The result must be three letters A–Z other than I, Q and V, two digits,
    /// and then a digit or a letter other than I, O, Q and V.
    /// Å, Ä and Ö are never used.
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let input = s.trim();
        let plate: String = input
            .chars()
            .filter(|&c| !c.is_whitespace() && c != '-')
            .flat_map(char::to_uppercase)
            .collect();
        let valid = match plate.as_bytes() {
            [l1, l2, l3, d1, d2, last] => {
                [l1, l2, l3].into_iter().all(|&l| is_plate_letter(l))
                    && d1.is_ascii_digit()
                    && d2.is_ascii_digit()
                    && (last.is_ascii_digit() || (is_plate_letter(*last) && *last != b'O'))
            }
            _ => false,
        };
        if valid {
            Ok(Self(plate))
        } else {
            Err(IdError::RegnrFormat(input.to_owned()))
        }
    }

    /// The plate in canonical form, e.g. `ABC12D`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A letter A–Z that may appear on a plate (I, Q and V are not used).
pub(super) fn is_plate_letter(b: u8) -> bool {
    b.is_ascii_uppercase() && !matches!(b, b'I' | b'Q' | b'V')
}

impl fmt::Display for Regnr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Regnr {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}
