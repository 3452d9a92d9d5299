//! The text filter of the order list: what it matches and how typed text is folded.
//!
//! The filter matches the order number (as a prefix), and anywhere inside the customer number,
//! the customer name, the mobile number (E.164 or national form) and the plate.

use super::customer::{Customer, Vehicle};
use super::ids::{Mobile, Regnr};

/// Folded text a customer is found by: number, name, mobile in both forms.
pub fn customer_search_text(c: &Customer) -> String {
    customer_search_parts(c.customer_no, &c.name, c.mobile.as_ref())
}

/// [`customer_search_text`] from the parts, for rows read straight from the database.
pub fn customer_search_parts(customer_no: i64, name: &str, mobile: Option<&Mobile>) -> String {
    let mut s = format!("{customer_no} {}", name.to_lowercase());
    if let Some(m) = mobile {
        s.push(' ');
        s.push_str(m.as_str());
        if let Some(rest) = m.as_str().strip_prefix("+46") {
            s.push_str(" 0");
            s.push_str(rest);
        }
    }
    s
}

/// Folded text a vehicle is found by: its plate.
pub fn vehicle_search_text(v: &Vehicle) -> String {
    v.regnr.as_str().to_lowercase()
}

/// What a user typed into the filter, prepared for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// Lower-cased text to find inside the search texts.
    pub text: String,
    /// Set when the text is all digits: order numbers starting with these digits match too.
    pub number_prefix: Option<u64>,
}

impl Filter {
    /// None for an empty filter. Phone-like input ("070-123 45") loses its spaces and dashes so
    /// that it matches however the number was written.
    pub fn new(input: &str) -> Option<Filter> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return None;
        }
        let phone_like = trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'))
            && trimmed.chars().any(|c| c.is_ascii_digit());
        let text = if let Ok(plate) = Regnr::parse(trimmed) {
            // "ABC 123" and "abc-123" find the plate ABC123.
            plate.as_str().to_lowercase()
        } else if phone_like {
            trimmed
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect()
        } else {
            trimmed
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        let number_prefix =
            if !text.is_empty() && text.len() <= 12 && text.bytes().all(|b| b.is_ascii_digit()) {
                text.parse().ok()
            } else {
                None
            };
        Some(Filter {
            text,
            number_prefix,
        })
    }

    /// The LIKE pattern for the search texts, with LIKE's wildcards escaped by '\'.
    pub fn like_pattern(&self) -> String {
        let mut p = String::with_capacity(self.text.len() + 2);
        p.push('%');
        for c in self.text.chars() {
            if matches!(c, '%' | '_' | '\\') {
                p.push('\\');
            }
            p.push(c);
        }
        p.push('%');
        p
    }

    /// Inclusive ranges of order numbers that start with `number_prefix`, up to `max_nr`.
    pub fn number_ranges(&self, max_nr: i64) -> Vec<(i64, i64)> {
        let Some(prefix) = self.number_prefix else {
            return Vec::new();
        };
        let Ok(mut lo) = i64::try_from(prefix) else {
            return Vec::new();
        };
        let mut width: i64 = 1;
        let mut out = Vec::new();
        while lo <= max_nr {
            let hi = lo.saturating_add(width - 1);
            out.push((lo, hi.min(max_nr)));
            let (Some(next_lo), Some(next_width)) = (lo.checked_mul(10), width.checked_mul(10))
            else {
                break;
            };
            if next_lo == 0 {
                break;
            }
            lo = next_lo;
            width = next_width;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Address, Regnr};

    #[test]
    fn customer_text_has_number_name_and_both_mobile_forms() {
        let c = Customer {
            customer_no: 11995,
            name: "Niklas Daniel Nerholt".into(),
            national_id: None,
            mobile: Some(Mobile::parse("070-123 45 67").unwrap()),
            email: None,
            address: Address::default(),
            vat_no: None,
            reverse_charge: false,
        };
        assert_eq!(
            customer_search_text(&c),
            "11995 niklas daniel nerholt +46701234567 0701234567"
        );
        let v = Vehicle {
            regnr: Regnr::parse("abc12d").unwrap(),
            make: "Volvo".into(),
            model: "V70".into(),
            year: None,
            mileage: None,
        };
        assert_eq!(vehicle_search_text(&v), "abc12d");
    }

    #[test]
    fn filters_fold_case_and_phone_punctuation() {
        assert_eq!(Filter::new("   "), None);
        let f = Filter::new(" NIKLAS  Daniel ").unwrap();
        assert_eq!(f.text, "niklas daniel");
        assert_eq!(f.number_prefix, None);
        let f = Filter::new("070-123 45").unwrap();
        assert_eq!(f.text, "07012345");
        assert_eq!(f.number_prefix, Some(7_012_345));
        assert_eq!(Filter::new("abc 12d").unwrap().text, "abc12d");
        assert_eq!(Filter::new("ABC-123").unwrap().number_prefix, None);
        let f = Filter::new("Öberg").unwrap();
        assert_eq!(f.text, "öberg");
        assert_eq!(Filter::new("50%_x").unwrap().like_pattern(), "%50\\%\\_x%");
    }

    #[test]
    fn number_prefix_ranges() {
        let f = Filter::new("1479").unwrap();
        assert_eq!(
            f.number_ranges(1_010_000),
            vec![(1479, 1479), (14790, 14799), (147_900, 147_999)]
        );
        assert_eq!(f.number_ranges(14_795), vec![(1479, 1479), (14790, 14795)]);
        assert_eq!(Filter::new("0").unwrap().number_ranges(100), vec![(0, 0)]);
        assert!(Filter::new("abc").unwrap().number_ranges(100).is_empty());
    }
}
