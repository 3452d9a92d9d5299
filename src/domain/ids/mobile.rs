//! Mobile numbers, normalised to E.164: Swedish mobiles (07…) and international numbers.

use std::fmt;
use std::str::FromStr;

use super::IdError;

/// Mobile number normalised to E.164, e.g. `+46701234567`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Mobile(String);

impl Mobile {
    /// Parses a Swedish mobile number or an international number.
    ///
    /// Spaces, `-`, `(`, `)` and `.` are ignored, and a trunk zero written `(0)`
    /// after the country code (`+46 (0)70 …`) is dropped. Then `00…` becomes `+…`,
    /// a national number `0…` becomes `+46…`, and `46` followed by nine digits
    /// becomes `+46…`.
    ///
    /// A `+46` number must be a Swedish mobile: `+467` then 0, 2, 3, 6 or 9, then
    /// exactly seven digits; landlines are rejected. Other country codes are
    /// accepted as E.164: `+` then 8–15 digits, the first one 1–9.
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let input = s.trim();
        let format_error = || IdError::MobileFormat(input.to_owned());

        let compact: String = input
            .chars()
            .filter(|&c| !c.is_whitespace() && c != '-' && c != '.')
            .collect();
        let compact: String = drop_trunk_zero(compact)
            .chars()
            .filter(|&c| c != '(' && c != ')')
            .collect();

        let digits = if let Some(rest) = compact.strip_prefix('+') {
            rest.to_owned()
        } else if let Some(rest) = compact.strip_prefix("00") {
            rest.to_owned()
        } else if let Some(rest) = compact.strip_prefix('0') {
            format!("46{rest}")
        } else if compact.starts_with("46") && compact.len() == 11 {
            compact
        } else {
            return Err(format_error());
        };
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format_error());
        }

        if let Some(national) = digits.strip_prefix("46") {
            let is_mobile = matches!(
                national.as_bytes(),
                [b'7', b'0' | b'2' | b'3' | b'6' | b'9', rest @ ..] if rest.len() == 7
            );
            if !is_mobile {
                return Err(IdError::NotSwedishMobile(input.to_owned()));
            }
        } else if !(8..=15).contains(&digits.len()) || digits.starts_with('0') {
            return Err(format_error());
        }
        Ok(Self(format!("+{digits}")))
    }

    /// The number in E.164 form, e.g. `+46701234567`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For display: Swedish mobiles in the national written form `070-123 45 67`,
    /// other numbers in E.164 form.
    pub fn display(&self) -> String {
        match self.0.strip_prefix("+46") {
            // Parsing guarantees nine ASCII digits after +46.
            Some(national) => format!(
                "0{}-{} {} {}",
                &national[..2],
                &national[2..5],
                &national[5..7],
                &national[7..]
            ),
            None => self.0.clone(),
        }
    }

    /// True for a Swedish (+46) number; those are always mobile numbers.
    pub fn is_swedish(&self) -> bool {
        self.0.starts_with("+46")
    }
}

/// Removes a trunk zero written `(0)` right after an international prefix and a
/// country code of one to three digits, as in `+46(0)70…` or `0044(0)20…`.
pub(super) fn drop_trunk_zero(compact: String) -> String {
    let Some(rest) = compact
        .strip_prefix('+')
        .or_else(|| compact.strip_prefix("00"))
    else {
        return compact;
    };
    match rest.find("(0)") {
        Some(pos @ 1..=3) if rest[..pos].bytes().all(|b| b.is_ascii_digit()) => {
            compact.replacen("(0)", "", 1)
        }
        _ => compact,
    }
}

impl fmt::Display for Mobile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Mobile {
    type Err = IdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}
