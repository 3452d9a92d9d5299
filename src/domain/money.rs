//! Money, quantities, percentages and VAT rates: exact decimals, never floating point.
//!
//! `Money` is kronor as a `rust_decimal::Decimal`, always rounded to whole öre, and stored as integer
//! öre (`i64`). The rounding rules of an order are in [`crate::domain::order::Totals`] and in
//! docs/ROUNDING.md.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::Lang;
use crate::t;

/// Errors when reading an amount, quantity or percentage typed by a user or read from a file.
/// Each carries what was typed; the words are in the catalogue ([`crate::text`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    NotANumber(String),
    TooManyDecimals(String),
    Negative(String),
    NotPositive(String),
    TooLarge(String),
    DiscountRange(String),
    VatRate(String),
}

impl AmountError {
    /// The message in the given language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AmountError::NotANumber(s) => t!(lang, "amount-not-a-number", input = s),
            AmountError::TooManyDecimals(s) => t!(lang, "amount-too-many-decimals", input = s),
            AmountError::Negative(s) => t!(lang, "amount-negative", input = s),
            AmountError::NotPositive(s) => t!(lang, "amount-not-positive", input = s),
            AmountError::TooLarge(s) => t!(lang, "amount-too-large", input = s),
            AmountError::DiscountRange(s) => t!(lang, "amount-discount-range", input = s),
            AmountError::VatRate(s) => t!(lang, "amount-vat-rate", input = s),
        }
    }
}

impl std::fmt::Display for AmountError {
    /// Swedish, the default language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Sv))
    }
}

impl std::error::Error for AmountError {}

/// Largest absolute amount or quantity we accept from input: 100 million. Keeps every product of
/// quantity and price far inside `i64` öre.
const MAX_INPUT: i64 = 100_000_000;

/// Parse a decimal written the Swedish or the English way: "1 234,50", "1234.50", "-12,5".
/// At most two decimals.
pub fn parse_decimal(input: &str) -> Result<Decimal, AmountError> {
    let cleaned: String = input
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '_')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let cleaned = cleaned.strip_suffix("kr").unwrap_or(&cleaned).to_string();
    if cleaned.is_empty()
        || !cleaned
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-' || c == '+')
    {
        return Err(AmountError::NotANumber(input.trim().to_string()));
    }
    let value = Decimal::from_str(&cleaned)
        .map_err(|_| AmountError::NotANumber(input.trim().to_string()))?;
    if value.normalize().scale() > 2 {
        return Err(AmountError::TooManyDecimals(input.trim().to_string()));
    }
    if value.abs() > Decimal::from(MAX_INPUT) {
        return Err(AmountError::TooLarge(input.trim().to_string()));
    }
    Ok(value)
}

/// An amount in Swedish kronor, exact to the öre.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(Decimal);

impl Money {
    /// Zero kronor.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// From integer öre (1 kr = 100 öre).
    pub fn from_ore(ore: i64) -> Money {
        Money(Decimal::new(ore, 2))
    }

    /// From whole kronor.
    pub fn from_kr(kr: i64) -> Money {
        Money(Decimal::from(kr))
    }

    /// Round an exact decimal to whole öre, half away from zero (1,005 → 1,01; −1,005 → −1,01).
    pub fn round(value: Decimal) -> Money {
        Money(value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    }

    /// Parse an amount typed by a user ("1 234,50", "1234.50"); more than two decimals is an error.
    pub fn parse(input: &str) -> Result<Money, AmountError> {
        parse_decimal(input).map(Money)
    }

    /// Parse an amount that must not be negative (a unit price).
    pub fn parse_non_negative(input: &str) -> Result<Money, AmountError> {
        let m = Money::parse(input)?;
        if m.is_negative() {
            return Err(AmountError::Negative(input.trim().to_string()));
        }
        Ok(m)
    }

    /// Integer öre, the stored form.
    pub fn ore(self) -> i64 {
        let scaled = self.0 * Decimal::ONE_HUNDRED;
        // Always whole öre by construction; the conversion cannot fail within our limits.
        i64::try_from(scaled.round()).unwrap_or(if scaled.is_sign_negative() {
            i64::MIN
        } else {
            i64::MAX
        })
    }

    /// The exact decimal value in kronor.
    pub fn amount(self) -> Decimal {
        self.0
    }

    /// Two decimals with a point, as on the wire and in JSON: "1234.50".
    pub fn to_plain(self) -> String {
        format!("{:.2}", self.0)
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// Cash rounding to whole kronor (half away from zero), used only for cash payments.
    /// Returns the rounded amount and the difference (rounded − exact) to book on 3740.
    pub fn cash_rounded(self) -> (Money, Money) {
        let rounded = Money(
            self.0
                .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
                .round_dp(2),
        );
        (rounded, rounded - self)
    }
}

impl fmt::Display for Money {
    /// Swedish style with a space between thousands and a decimal comma: "1 234,50".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plain = format!("{:.2}", self.0.abs());
        let (int, frac) = plain.split_once('.').unwrap_or((&plain, "00"));
        let mut grouped = String::with_capacity(int.len() + int.len() / 3);
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push(' ');
            }
            grouped.push(c);
        }
        let sign = if self.is_negative() { "-" } else { "" };
        let text = format!("{sign}{grouped},{frac}");
        f.pad(&text)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_plain())
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        let s = String::deserialize(d)?;
        Money::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A quantity on an order line: greater than zero, at most two decimals (1,5 h).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quantity(Decimal);

impl Quantity {
    /// Parse a quantity typed by a user or read from a file.
    pub fn parse(input: &str) -> Result<Quantity, AmountError> {
        let value = parse_decimal(input)?;
        if value <= Decimal::ZERO {
            return Err(AmountError::NotPositive(input.trim().to_string()));
        }
        Ok(Quantity(value))
    }

    /// From hundredths (the stored form): 150 → 1,5.
    pub fn from_hundredths(h: i64) -> Quantity {
        Quantity(Decimal::new(h, 2).normalize())
    }

    /// Whole units.
    pub fn from_int(n: i64) -> Quantity {
        Quantity(Decimal::from(n))
    }

    /// Hundredths, the stored form.
    pub fn hundredths(self) -> i64 {
        i64::try_from((self.0 * Decimal::ONE_HUNDRED).round()).unwrap_or(i64::MAX)
    }

    pub fn value(self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Quantity {
    /// Swedish decimal comma, no trailing zeros: "1,5", "2".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0.normalize().to_string().replace('.', ","))
    }
}

impl Serialize for Quantity {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.normalize().to_string())
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Quantity, D::Error> {
        let s = String::deserialize(d)?;
        Quantity::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A discount in percent, 0–100 with at most two decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Percent(Decimal);

impl Percent {
    pub const ZERO: Percent = Percent(Decimal::ZERO);

    pub fn parse(input: &str) -> Result<Percent, AmountError> {
        let value = parse_decimal(input.trim().trim_end_matches('%'))?;
        if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED {
            return Err(AmountError::DiscountRange(input.trim().to_string()));
        }
        Ok(Percent(value))
    }

    /// From hundredths of a percent (the stored form): 1050 → 10,5 %.
    pub fn from_hundredths(h: i64) -> Percent {
        Percent(Decimal::new(h, 2).normalize())
    }

    pub fn hundredths(self) -> i64 {
        i64::try_from((self.0 * Decimal::ONE_HUNDRED).round()).unwrap_or(0)
    }

    pub fn value(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.0.normalize().to_string().replace('.', ","))
    }
}

impl Serialize for Percent {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.normalize().to_string())
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Percent, D::Error> {
        let s = String::deserialize(d)?;
        Percent::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Swedish VAT rates (moms).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum VatRate {
    #[default]
    R25,
    R12,
    R6,
    R0,
}

impl VatRate {
    pub const ALL: [VatRate; 4] = [VatRate::R25, VatRate::R12, VatRate::R6, VatRate::R0];

    /// The rate in whole percent.
    pub fn percent(self) -> u32 {
        match self {
            VatRate::R25 => 25,
            VatRate::R12 => 12,
            VatRate::R6 => 6,
            VatRate::R0 => 0,
        }
    }

    pub fn from_percent(p: u32) -> Option<VatRate> {
        VatRate::ALL.into_iter().find(|r| r.percent() == p)
    }

    /// Parse "25", "25 %", "12%".
    pub fn parse(input: &str) -> Result<VatRate, AmountError> {
        let t = input.trim().trim_end_matches('%').trim();
        t.parse::<u32>()
            .ok()
            .and_then(VatRate::from_percent)
            .ok_or_else(|| AmountError::VatRate(input.trim().to_string()))
    }

    /// The rate as a fraction: 0.25.
    pub fn fraction(self) -> Decimal {
        Decimal::new(i64::from(self.percent()), 2)
    }
}

impl fmt::Display for VatRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&format!("{} %", self.percent()))
    }
}

impl Serialize for VatRate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u32(self.percent())
    }
}

impl<'de> Deserialize<'de> for VatRate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<VatRate, D::Error> {
        let p = u32::deserialize(d)?;
        VatRate::from_percent(p)
            .ok_or_else(|| serde::de::Error::custom(AmountError::VatRate(p.to_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn ore_round_trip() {
        for ore in [0, 1, 99, 100, 123_456, -50, -123_456_789] {
            assert_eq!(Money::from_ore(ore).ore(), ore);
        }
    }

    #[test]
    fn rounds_half_away_from_zero_to_ore() {
        assert_eq!(Money::round(dec!(1.005)).ore(), 101);
        assert_eq!(Money::round(dec!(1.0049)).ore(), 100);
        assert_eq!(Money::round(dec!(-1.005)).ore(), -101);
        assert_eq!(Money::round(dec!(0.125)).ore(), 13);
    }

    #[test]
    fn parses_swedish_and_english_amounts() {
        assert_eq!(Money::parse("1 234,50").unwrap().ore(), 123_450);
        assert_eq!(Money::parse("1234.5").unwrap().ore(), 123_450);
        assert_eq!(Money::parse("  850 ").unwrap().ore(), 85_000);
        assert_eq!(Money::parse("-12,05").unwrap().ore(), -1_205);
        assert_eq!(Money::parse("99 kr").unwrap().ore(), 9_900);
        assert!(matches!(
            Money::parse("1,234"),
            Err(AmountError::TooManyDecimals(_))
        ));
        assert!(matches!(
            Money::parse("abc"),
            Err(AmountError::NotANumber(_))
        ));
        assert!(matches!(Money::parse(""), Err(AmountError::NotANumber(_))));
        assert!(matches!(
            Money::parse("1e5"),
            Err(AmountError::NotANumber(_))
        ));
        assert!(matches!(
            Money::parse("1000000000"),
            Err(AmountError::TooLarge(_))
        ));
        assert!(matches!(
            Money::parse_non_negative("-1"),
            Err(AmountError::Negative(_))
        ));
    }

    #[test]
    fn trailing_zero_decimals_are_not_extra_decimals() {
        assert_eq!(Money::parse("10,500").unwrap().ore(), 1_050);
    }

    #[test]
    fn displays_swedish_grouping() {
        assert_eq!(Money::from_ore(123_456_789).to_string(), "1 234 567,89");
        assert_eq!(Money::from_ore(5).to_string(), "0,05");
        assert_eq!(Money::from_ore(-100_000).to_string(), "-1 000,00");
        assert_eq!(Money::from_ore(99_900).to_string(), "999,00");
        assert_eq!(format!("{:>10}", Money::from_ore(100)), "      1,00");
        assert_eq!(Money::from_ore(123_450).to_plain(), "1234.50");
    }

    #[test]
    fn cash_rounding_to_whole_kronor() {
        let (r, d) = Money::from_ore(123_440).cash_rounded();
        assert_eq!((r.ore(), d.ore()), (123_400, -40));
        let (r, d) = Money::from_ore(123_450).cash_rounded();
        assert_eq!((r.ore(), d.ore()), (123_500, 50));
        let (r, d) = Money::from_ore(123_400).cash_rounded();
        assert_eq!((r.ore(), d.ore()), (123_400, 0));
        let (r, d) = Money::from_ore(-1_050).cash_rounded();
        assert_eq!((r.ore(), d.ore()), (-1_100, -50));
    }

    #[test]
    fn quantities() {
        assert_eq!(Quantity::parse("1,5").unwrap().hundredths(), 150);
        assert_eq!(Quantity::from_hundredths(150).to_string(), "1,5");
        assert_eq!(Quantity::from_hundredths(200).to_string(), "2");
        assert!(matches!(
            Quantity::parse("-1"),
            Err(AmountError::NotPositive(_))
        ));
        assert!(matches!(
            Quantity::parse("0"),
            Err(AmountError::NotPositive(_))
        ));
        assert!(matches!(
            Quantity::parse("0,001"),
            Err(AmountError::TooManyDecimals(_))
        ));
    }

    #[test]
    fn percentages_and_vat_rates() {
        assert_eq!(Percent::parse("10,5 %").unwrap().hundredths(), 1_050);
        assert!(Percent::parse("101").is_err());
        assert!(Percent::parse("-1").is_err());
        assert_eq!(VatRate::parse("12 %").unwrap(), VatRate::R12);
        assert_eq!(VatRate::parse("0").unwrap(), VatRate::R0);
        assert!(matches!(VatRate::parse("20"), Err(AmountError::VatRate(_))));
        assert_eq!(VatRate::R6.fraction(), dec!(0.06));
    }

    #[test]
    fn messages_exist_in_both_languages() {
        let e = AmountError::NotPositive("-1".into());
        assert!(e.message(Lang::Sv).contains("större än noll"));
        assert!(e.message(Lang::En).contains("greater than zero"));
    }
}
