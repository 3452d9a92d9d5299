//! Swedish bank accounts (clearing number + account number), IBAN and BIC: where a refund is
//! paid to.
//!
//! No well-kept Rust crate checks Swedish account numbers (searched crates.io and docs.rs on
//! 2026-11-30: none), so the rules are implemented here from Bankgirot's published
//! "Bankernas kontonummeruppbyggnad" (the banks' account-number rules), as cross-read with two
//! public MIT implementations of the same document. IBAN is checked by the `iban_validate`
//! crate (ISO 13616: the country's length and BBAN format, and the mod-97 check).
//!
//! The rules:
//!
//! - **Type 1** (a 4-digit clearing number and a 7-digit account): an 11-digit check by
//!   modulus 11 with the weights 1, 2, …, 10, 1, … from the right (the last digit is the check
//!   digit). **Comment 1**: over the clearing number's last three digits and the account (10
//!   digits); **comment 2**: over the whole clearing number and the account (11 digits).
//! - **Type 2** (the account alone is checked): **comment 1** a 10-digit account, modulus 10
//!   (Luhn); **comment 2** (Handelsbanken) a 9-digit account, modulus 11 with the weights 1–9
//!   from the right; **comment 3** (Swedbank 8xxx, Nordea/Plusgirot) up to 10 digits, modulus
//!   10. Swedbank's 8xxx clearing numbers may carry a fifth digit (8xxx-x), which is part of
//!   the clearing number and not of the account, and is left out where the bank wants the
//!   4-digit clearing number (a payment file's BBAN).
//! - The clearing number names the bank; a clearing number no bank has is refused.

use serde::{Deserialize, Serialize};

use iban::IbanLike;

use super::{IdError, ascii_digit_values, luhn_ok};

/// How a bank's account numbers are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// Type 1, comment 1: mod 11 over the clearing's last 3 digits and the 7-digit account.
    Type1Comment1,
    /// Type 1, comment 2: mod 11 over the 4-digit clearing and the 7-digit account.
    Type1Comment2,
    /// Type 2, comment 1: a 10-digit account, mod 10.
    Type2Comment1,
    /// Type 2, comment 2: a 9-digit account, mod 11 (Handelsbanken).
    Type2Comment2,
    /// Type 2, comment 3: an account of up to 10 digits, mod 10.
    Type2Comment3,
}

/// Clearing-number ranges (inclusive), the bank and its rule. The first range that holds a
/// clearing number wins, so the exceptions (Nordea personkonto 3300 and 3782) come first.
const BANKS: &[(u16, u16, &str, Rule)] = &[
    (3300, 3300, "Nordea (personkonto)", Rule::Type2Comment1),
    (3782, 3782, "Nordea (personkonto)", Rule::Type2Comment1),
    (1100, 1199, "Nordea", Rule::Type1Comment1),
    (1200, 1399, "Danske Bank", Rule::Type1Comment1),
    (1400, 2099, "Nordea", Rule::Type1Comment1),
    (2300, 2399, "Ålandsbanken", Rule::Type1Comment2),
    (2400, 2499, "Danske Bank", Rule::Type1Comment1),
    (3000, 3399, "Nordea", Rule::Type1Comment1),
    (3400, 3409, "Länsförsäkringar Bank", Rule::Type1Comment1),
    (3410, 3999, "Nordea", Rule::Type1Comment1),
    (4000, 4999, "Nordea", Rule::Type1Comment2),
    (5000, 5999, "SEB", Rule::Type1Comment1),
    (6000, 6999, "Handelsbanken", Rule::Type2Comment2),
    (7000, 7999, "Swedbank", Rule::Type1Comment1),
    (8000, 8999, "Swedbank", Rule::Type2Comment3),
    (9020, 9029, "Länsförsäkringar Bank", Rule::Type1Comment2),
    (9040, 9049, "Citibank", Rule::Type1Comment2),
    (9060, 9069, "Länsförsäkringar Bank", Rule::Type1Comment1),
    (9070, 9079, "Multitude Bank", Rule::Type1Comment1),
    (9100, 9109, "Nordnet Bank", Rule::Type1Comment2),
    (9120, 9124, "SEB", Rule::Type1Comment1),
    (9130, 9149, "SEB", Rule::Type1Comment1),
    (9150, 9169, "Skandiabanken", Rule::Type1Comment2),
    (9170, 9179, "Ikano Bank", Rule::Type1Comment1),
    (9180, 9189, "Danske Bank", Rule::Type2Comment1),
    (9190, 9199, "DNB Bank", Rule::Type1Comment2),
    (9230, 9239, "Marginalen Bank", Rule::Type1Comment1),
    (9250, 9259, "SBAB", Rule::Type1Comment1),
    (9260, 9269, "DNB Bank", Rule::Type1Comment2),
    (9270, 9279, "ICA Banken", Rule::Type1Comment1),
    (9280, 9289, "Resurs Bank", Rule::Type1Comment1),
    (
        9300,
        9349,
        "Swedbank (fd. Sparbanken Öresund)",
        Rule::Type2Comment1,
    ),
    (9390, 9399, "Landshypotek", Rule::Type1Comment2),
    (9400, 9449, "Forex Bank", Rule::Type1Comment1),
    (9460, 9469, "Santander Consumer Bank", Rule::Type1Comment1),
    (9470, 9479, "BNP Paribas", Rule::Type1Comment2),
    (9500, 9549, "Nordea (Plusgirot)", Rule::Type2Comment3),
    (9550, 9569, "Avanza Bank", Rule::Type1Comment2),
    (9570, 9579, "Sparbanken Syd", Rule::Type2Comment1),
    (9580, 9589, "Aion Bank", Rule::Type1Comment1),
    (9590, 9599, "Erik Penser", Rule::Type1Comment2),
    (9630, 9639, "Lån & Spar Bank", Rule::Type1Comment1),
    (9640, 9649, "NOBA Bank", Rule::Type1Comment2),
    (9650, 9659, "MedMera Bank", Rule::Type1Comment2),
    (9660, 9669, "Svea Bank", Rule::Type1Comment2),
    (9670, 9679, "JAK Medlemsbank", Rule::Type1Comment2),
    (9680, 9689, "Bluestep Finans", Rule::Type1Comment1),
    (9700, 9709, "Ekobanken", Rule::Type1Comment2),
    (9710, 9719, "Lunar Bank", Rule::Type1Comment2),
    (9750, 9759, "Northmill Bank", Rule::Type1Comment2),
    (9780, 9789, "Klarna Bank", Rule::Type1Comment2),
    (9880, 9889, "Riksgälden", Rule::Type1Comment2),
    (9890, 9899, "Riksgälden", Rule::Type2Comment1),
    (9960, 9969, "Nordea (Plusgirot)", Rule::Type2Comment3),
];

fn bank_of(clearing: u16) -> Option<(&'static str, Rule)> {
    BANKS
        .iter()
        .find(|(from, to, _, _)| (*from..=*to).contains(&clearing))
        .map(|(_, _, bank, rule)| (*bank, *rule))
}

/// Modulus 11 with the weights 1, 2, …, 10, 1, 2, … from the right: true when the weighted
/// sum is divisible by 11 (the last digit is then the right check digit).
fn mod11_ok(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| u32::from(d) * (i as u32 % 10 + 1))
        .sum();
    !digits.is_empty() && sum.is_multiple_of(11)
}

/// A Swedish bank account: clearing number and account number, checked by its bank's rule.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SwedishAccount {
    /// 4 digits (Swedbank 8xxx: 4 or 5, as written).
    pub clearing: String,
    /// The account number's digits.
    pub account: String,
}

impl SwedishAccount {
    /// Parses `CLEARING-ACCOUNT` (`5000-1001000`, `8327-9, 100 000 000-8`, `80001-1000000008`):
    /// the clearing number before the first `-` or `,`, then the account; spaces, dashes and
    /// dots within the account are ignored.
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let input = s.trim();
        let bad = || IdError::BankAccountFormat(input.to_owned());
        let (clearing, account) = input
            .split_once(['-', ','])
            .map(|(c, a)| (c.trim(), a))
            .ok_or_else(bad)?;
        // Swedbank's 8xxx-x: "8327-9, 123…" writes the fifth clearing digit after a dash.
        let (clearing, account) = match account.split_once(',') {
            Some((fifth, rest))
                if clearing.starts_with('8') && clearing.len() == 4 && fifth.trim().len() == 1 =>
            {
                (format!("{clearing}{}", fifth.trim()), rest)
            }
            _ => (clearing.to_owned(), account),
        };
        let account: String = account
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.'))
            .collect();
        if !clearing.bytes().all(|b| b.is_ascii_digit())
            || !account.bytes().all(|b| b.is_ascii_digit())
            || account.is_empty()
        {
            return Err(bad());
        }
        let four: u16 = match clearing.len() {
            4 => clearing.parse().map_err(|_| bad())?,
            5 if clearing.starts_with('8') => clearing[..4].parse().map_err(|_| bad())?,
            _ => return Err(IdError::BankAccountClearing(input.to_owned())),
        };
        let Some((bank, rule)) = bank_of(four) else {
            return Err(IdError::BankAccountClearing(input.to_owned()));
        };
        let length_ok = match rule {
            Rule::Type1Comment1 | Rule::Type1Comment2 => account.len() == 7,
            Rule::Type2Comment1 => account.len() == 10,
            Rule::Type2Comment2 => (1..=9).contains(&account.len()),
            Rule::Type2Comment3 => (1..=10).contains(&account.len()),
        };
        if !length_ok {
            return Err(IdError::BankAccountLength(
                input.to_owned(),
                bank.to_owned(),
            ));
        }
        let clearing4 = &clearing[..4];
        let ok = match rule {
            Rule::Type1Comment1 => {
                digits_of(&format!("{}{account}", &clearing4[1..])).is_some_and(|d| mod11_ok(&d))
            }
            Rule::Type1Comment2 => {
                digits_of(&format!("{clearing4}{account}")).is_some_and(|d| mod11_ok(&d))
            }
            Rule::Type2Comment1 | Rule::Type2Comment3 => {
                digits_of(&account).is_some_and(|d| d.len() >= 2 && luhn_ok(&d))
            }
            Rule::Type2Comment2 => digits_of(&account).is_some_and(|d| mod11_ok(&d)),
        };
        if !ok {
            return Err(IdError::BankAccountChecksum(
                input.to_owned(),
                bank.to_owned(),
            ));
        }
        Ok(SwedishAccount { clearing, account })
    }

    /// The bank the clearing number belongs to.
    pub fn bank(&self) -> &'static str {
        self.clearing
            .get(..4)
            .and_then(|c| c.parse().ok())
            .and_then(bank_of)
            .map_or("", |(bank, _)| bank)
    }

    /// The 4-digit clearing number (Swedbank's fifth digit left out).
    pub fn clearing4(&self) -> &str {
        self.clearing.get(..4).unwrap_or(&self.clearing)
    }

    /// Clearing number and account, digits only, as a payment file's BBAN wants them.
    pub fn bban(&self) -> String {
        format!("{}{}", self.clearing4(), self.account)
    }
}

fn digits_of(s: &str) -> Option<Vec<u8>> {
    ascii_digit_values(s)
}

impl std::fmt::Display for SwedishAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.clearing, self.account)
    }
}

/// An IBAN, checked (country length and format, mod 97), kept in its electronic form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Iban(String);

impl Iban {
    /// Parses an IBAN with or without the spaces of its printed form, any case.
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let input = s.trim();
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_uppercase();
        compact
            .parse::<iban::Iban>()
            .map(|i| Iban(i.electronic_str().to_owned()))
            .map_err(|_| IdError::IbanInvalid(input.to_owned()))
    }

    /// `SE4550000000058398257466`.
    pub fn electronic(&self) -> &str {
        &self.0
    }

    /// The country code.
    pub fn country(&self) -> &str {
        &self.0[..2]
    }
}

impl std::fmt::Display for Iban {
    /// Printed form: groups of four.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let groups: Vec<&str> = self
            .0
            .as_bytes()
            .chunks(4)
            .map(|c| std::str::from_utf8(c).unwrap_or(""))
            .collect();
        f.write_str(&groups.join(" "))
    }
}

/// A BIC (ISO 9362): 4 letters (bank), 2 letters (country), 2 letters or digits (location),
/// optionally 3 letters or digits (branch).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Bic(String);

impl Bic {
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let input = s.trim();
        let b = input.to_uppercase();
        let bytes = b.as_bytes();
        let ok = (bytes.len() == 8 || bytes.len() == 11)
            && bytes[..6].iter().all(u8::is_ascii_uppercase)
            && bytes[6..].iter().all(u8::is_ascii_alphanumeric);
        if ok {
            Ok(Bic(b))
        } else {
            Err(IdError::BicFormat(input.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Bic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Valid examples per bank and rule: the example accounts of the public implementations of
    /// Bankgirot's document (one per bank), and Nordea personkonto 3300-7505092556, the
    /// example commonly published for it.
    const VALID: &[(&str, &str)] = &[
        // Type 1, comment 1.
        ("1200-0000010", "Danske Bank"),
        ("9680-0000000", "Bluestep Finans"),
        ("9400-0001000", "Forex Bank"),
        ("9270-0010000", "ICA Banken"),
        ("9170-0001000", "Ikano Bank"),
        ("9630-0000001", "Lån & Spar Bank"),
        ("3400-0001000", "Länsförsäkringar Bank"),
        ("9230-1000001", "Marginalen Bank"),
        ("9070-0000100", "Multitude Bank"),
        ("1100-0000001", "Nordea"),
        ("1400-0001000", "Nordea"),
        ("3000-1001000", "Nordea"),
        ("3410-0100000", "Nordea"),
        ("9280-1000000", "Resurs Bank"),
        ("9460-0010000", "Santander Consumer Bank"),
        ("9250-0000001", "SBAB"),
        ("5000-1001000", "SEB"),
        ("9120-0010000", "SEB"),
        ("9130-1000000", "SEB"),
        ("7000-1001000", "Swedbank"),
        ("9580-1000100", "Aion Bank"),
        // Type 1, comment 2.
        ("9660-1000010", "Svea Bank"),
        ("9550-0100000", "Avanza Bank"),
        ("9470-1000010", "BNP Paribas"),
        ("9040-1000100", "Citibank"),
        ("9190-1000100", "DNB Bank"),
        ("9700-1000010", "Ekobanken"),
        ("9590-0000100", "Erik Penser"),
        ("9670-0000000", "JAK Medlemsbank"),
        ("9780-0000100", "Klarna Bank"),
        ("9390-0000001", "Landshypotek"),
        ("9020-0100000", "Länsförsäkringar Bank"),
        ("9640-0010000", "NOBA Bank"),
        ("4000-1000000", "Nordea"),
        ("9100-0000100", "Nordnet Bank"),
        ("9750-1000001", "Northmill Bank"),
        ("9880-0001000", "Riksgälden"),
        ("9150-0000010", "Skandiabanken"),
        ("2300-0000001", "Ålandsbanken"),
        // Type 2, comment 1 (mod 10, 10 digits).
        ("9180-1000000008", "Danske Bank"),
        ("3300-7505092556", "Nordea (personkonto)"),
        ("3782-7505092556", "Nordea (personkonto)"),
        ("9890-1000000008", "Riksgälden"),
        ("9570-1000000008", "Sparbanken Syd"),
        ("9300-1000000008", "Swedbank (fd. Sparbanken Öresund)"),
        // Type 2, comment 2 (Handelsbanken, mod 11, 9 digits).
        ("6000-100000010", "Handelsbanken"),
        // Type 2, comment 3 (mod 10, up to 10 digits).
        ("9500-1000000008", "Nordea (Plusgirot)"),
        ("80001-1000000008", "Swedbank"),
        ("8000-1000000008", "Swedbank"),
        ("8000-1, 100 000 000-8", "Swedbank"),
    ];

    #[test]
    fn published_examples_are_valid_per_bank() {
        for (number, bank) in VALID {
            let a = SwedishAccount::parse(number).unwrap_or_else(|e| panic!("{number}: {e}"));
            assert_eq!(a.bank(), *bank, "{number}");
        }
    }

    #[test]
    fn one_changed_digit_is_refused_for_every_rule() {
        // Change the last digit of each valid example: every rule catches it.
        for (number, _) in VALID {
            let mut s: Vec<char> = number.chars().collect();
            let last = s.len() - 1;
            s[last] = if s[last] == '9' {
                '0'
            } else {
                (s[last] as u8 + 1) as char
            };
            let changed: String = s.into_iter().collect();
            assert!(
                matches!(
                    SwedishAccount::parse(&changed),
                    Err(IdError::BankAccountChecksum(..))
                ),
                "{changed} should fail its check"
            );
        }
    }

    #[test]
    fn invalid_examples_name_what_is_wrong() {
        // Clearing numbers no bank has.
        for n in ["0000-0000000", "9999-1234567", "2100-1234567"] {
            assert!(
                matches!(
                    SwedishAccount::parse(n),
                    Err(IdError::BankAccountClearing(_))
                ),
                "{n}"
            );
        }
        // Wrong lengths for the bank's type.
        for n in [
            "1400-00010001234",
            "2000-10000040",
            "3301-010000099",
            "3410-0100000000000000000",
            "4000-10000003333",
            "3300-750509255",
            "6000-1000000100",
        ] {
            assert!(
                matches!(
                    SwedishAccount::parse(n),
                    Err(IdError::BankAccountLength(..))
                ),
                "{n}"
            );
        }
        // Not shaped like an account.
        for n in [
            "",
            "5000",
            "50001001000",
            "abcd-1234567",
            "5000-12a4567",
            "123-1234567",
        ] {
            assert!(SwedishAccount::parse(n).is_err(), "{n:?}");
        }
        // Type 1 comment 1 and 2 differ: this one passes comment 1 only (SEB), so under a
        // comment-2 bank (Skandiabanken) it is refused.
        assert!(SwedishAccount::parse("5000-1001000").is_ok());
        assert!(SwedishAccount::parse("9150-1001000").is_err());
    }

    #[test]
    fn bban_leaves_out_swedbanks_fifth_clearing_digit() {
        let a = SwedishAccount::parse("80001-1000000008").unwrap();
        assert_eq!(a.clearing, "80001");
        assert_eq!(a.bban(), "80001000000008");
        assert_eq!(a.to_string(), "80001-1000000008");
        assert_eq!(
            SwedishAccount::parse(" 5000-100 10 00 ").unwrap().bban(),
            "50001001000"
        );
    }

    #[test]
    fn iban_is_checked_by_mod_97_and_country_format() {
        // The Swedish example IBAN of the ISO 13616 registry, and a German one.
        let i = Iban::parse("SE45 5000 0000 0583 9825 7466").unwrap();
        assert_eq!(i.electronic(), "SE4550000000058398257466");
        assert_eq!(i.to_string(), "SE45 5000 0000 0583 9825 7466");
        assert_eq!(i.country(), "SE");
        assert!(Iban::parse("de89370400440532013000").is_ok());
        // One digit changed: mod 97 fails. Too short for SE: refused.
        assert!(matches!(
            Iban::parse("SE45 5000 0000 0583 9825 7467"),
            Err(IdError::IbanInvalid(_))
        ));
        assert!(Iban::parse("SE45500000000583982574").is_err());
        assert!(Iban::parse("").is_err());
        assert!(Iban::parse("XX00 1234").is_err());
    }

    #[test]
    fn bic_has_8_or_11_characters() {
        assert_eq!(Bic::parse("eseessess").ok(), None);
        assert_eq!(Bic::parse("ESSESESS").unwrap().as_str(), "ESSESESS");
        assert_eq!(Bic::parse("nDeasesSxxx").unwrap().as_str(), "NDEASESSXXX");
        for b in ["", "ESSESES", "ESSE1ESS", "ESSESESSX", "ÅSSESESS"] {
            assert!(matches!(Bic::parse(b), Err(IdError::BicFormat(_))), "{b}");
        }
    }
}
