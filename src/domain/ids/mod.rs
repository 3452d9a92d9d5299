//! Swedish identifiers used at the counter: personnummer and samordningsnummer,
//! organisationsnummer, mobile numbers and registration numbers (plates).
//!
//! Everything here is pure: no I/O and no clock. Functions that depend on the
//! current date take `today` from the caller. Parsing never panics, whatever
//! the input; bad input gives an [`IdError`] whose message can be shown to the
//! clerk in Swedish or English.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

use super::Lang;

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

/// How the century of a personnummer is given.
enum Century {
    /// Written out: the first two digits of a 12-digit form.
    Given(u32),
    /// Separator '-' or none: the most recent century that puts the birth date not after today.
    Latest,
    /// Separator '+': the person is 100 or older, one century before [`Century::Latest`].
    Previous,
}

/// Splits a trimmed personnummer into its century and the ten digits `YYMMDDNNNC`.
fn split_personnummer(s: &str) -> Option<(Century, [u8; 10])> {
    let bytes = s.as_bytes();
    match bytes.len() {
        10 => Some((Century::Latest, digits(bytes)?)),
        11 => {
            let century = match bytes[6] {
                b'-' => Century::Latest,
                b'+' => Century::Previous,
                _ => return None,
            };
            Some((century, digits_without(bytes, 6)?))
        }
        12 | 13 => {
            let [c1, c2] = digits(&bytes[..2])?;
            let rest = &bytes[2..];
            let ten = match rest.len() {
                10 => digits(rest)?,
                // The century is written out, so it wins: `+` (100 or older) says no more than
                // the century already does and is accepted like `-` (personnummer spec v3).
                _ if rest[6] == b'-' || rest[6] == b'+' => digits_without(rest, 6)?,
                _ => return None,
            };
            Some((Century::Given(pair(c1, c2)), ten))
        }
        _ => None,
    }
}

/// Swedish personal identity number (personnummer) or coordination number (samordningsnummer).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Personnummer {
    /// The real date of birth (day already reduced by 60 for samordningsnummer).
    birth_date: NaiveDate,
    /// Samordningsnummer: the day is written with 60 added.
    coordination: bool,
    /// The three-digit birth number `NNN`.
    serial: u32,
    /// The Luhn check digit `C`.
    check: u8,
}

impl Personnummer {
    /// Parses a personnummer or samordningsnummer; surrounding whitespace is ignored.
    ///
    /// Accepted forms: `YYMMDD-NNNC`, `YYMMDD+NNNC` (`+` means 100 years or older),
    /// `YYMMDDNNNC`, `YYYYMMDDNNNC`, `YYYYMMDD-NNNC` and `YYYYMMDD+NNNC`. For the 10-digit
    /// forms the century is the most recent one that puts the birth date not after `today`
    /// (age 0–99), or one century earlier than that with `+`. In the 12-digit forms the
    /// written century wins and the separator is not checked against the age: the rules
    /// (shared/docs/nordic-conventions.md §3, personnummer spec v3) infer the century from the
    /// separator only for the 10-digit form, so `19090527+1474` and `19090527-1474` are the
    /// same number.
    ///
    /// A samordningsnummer has 60 added to the day (61–91); the date must be valid
    /// once 60 is subtracted.
    ///
    /// Rejected: a date that does not exist, a birth date after `today`, birth
    /// number 000 and a wrong check digit (Luhn over `YYMMDDNNN` + `C`).
    pub fn parse(s: &str, today: NaiveDate) -> Result<Self, IdError> {
        let input = s.trim();
        let (century, d) = split_personnummer(input)
            .ok_or_else(|| IdError::PersonnummerFormat(input.to_owned()))?;

        let yy = pair(d[0], d[1]);
        let month = pair(d[2], d[3]);
        let written_day = pair(d[4], d[5]);
        let coordination = written_day > 60;
        let day = if coordination {
            written_day - 60
        } else {
            written_day
        };

        // Without a written century, choose the latest year that keeps the birth
        // date on or before today; `+` moves it one century further back.
        // Comparing (year, month, day) numerically also works for dates that turn
        // out not to exist; those are rejected just below.
        let year = match century {
            Century::Given(cc) => i64::from(cc * 100 + yy),
            Century::Latest | Century::Previous => {
                let this_year = i64::from(today.year());
                let mut year = this_year.div_euclid(100) * 100 + i64::from(yy);
                if (year, month, day) > (this_year, today.month(), today.day()) {
                    year -= 100;
                }
                if matches!(century, Century::Previous) {
                    year -= 100;
                }
                year
            }
        };

        let birth_date = i32::try_from(year)
            .ok()
            .and_then(|year| NaiveDate::from_ymd_opt(year, month, day))
            .ok_or_else(|| IdError::PersonnummerDate(input.to_owned()))?;
        if birth_date > today {
            return Err(IdError::PersonnummerFuture(input.to_owned()));
        }
        let serial = pair(d[6], d[7]) * 10 + u32::from(d[8]);
        if serial == 0 {
            return Err(IdError::PersonnummerSerial(input.to_owned()));
        }
        if !luhn_ok(&d) {
            return Err(IdError::PersonnummerChecksum(input.to_owned()));
        }

        Ok(Self {
            birth_date,
            coordination,
            serial,
            check: d[9],
        })
    }

    /// Canonical 12-digit form with dash, `YYYYMMDD-NNNC`.
    ///
    /// A samordningsnummer keeps the day with 60 added.
    pub fn canonical(&self) -> String {
        let written_day = if self.coordination {
            self.birth_date.day() + 60
        } else {
            self.birth_date.day()
        };
        format!(
            "{:04}{:02}{:02}-{:03}{}",
            self.birth_date.year(),
            self.birth_date.month(),
            written_day,
            self.serial,
            self.check
        )
    }

    /// The real date of birth (for a samordningsnummer, the day with 60 subtracted).
    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// True for a samordningsnummer (coordination number).
    pub fn is_coordination(&self) -> bool {
        self.coordination
    }
}

impl fmt::Display for Personnummer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

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

/// The ten digits of an organisationsnummer written `NNNNNN-NNNN`, `NNNNNNNNNN`
/// or either of those prefixed with `16`.
fn orgnr_digits(s: &str) -> Option<[u8; 10]> {
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
fn has_org_month(d: &[u8; 10]) -> bool {
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
fn drop_trunk_zero(compact: String) -> String {
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
fn is_plate_letter(b: u8) -> bool {
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

/// Why an identifier was rejected. Each variant carries the (trimmed) input.
///
/// `Display` gives the Swedish text; [`IdError::message`] gives either language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Not shaped like a personnummer at all.
    #[error("Ogiltigt personnummer \"{0}\": skriv det som ÅÅMMDD-NNNN eller ÅÅÅÅMMDD-NNNN")]
    PersonnummerFormat(String),
    /// The date of birth does not exist.
    #[error("Ogiltigt personnummer \"{0}\": födelsedatumet finns inte")]
    PersonnummerDate(String),
    /// The date of birth is after today.
    #[error("Ogiltigt personnummer \"{0}\": födelsedatumet ligger i framtiden")]
    PersonnummerFuture(String),
    /// The birth number is 000.
    #[error("Ogiltigt personnummer \"{0}\": födelsenumret får inte vara 000")]
    PersonnummerSerial(String),
    /// The Luhn check digit is wrong.
    #[error("Ogiltigt personnummer \"{0}\": kontrollsiffran stämmer inte")]
    PersonnummerChecksum(String),
    /// Not shaped like an organisationsnummer.
    #[error(
        "Ogiltigt organisationsnummer \"{0}\": skriv det som NNNNNN-NNNN \
         (tredje och fjärde siffran är minst 20)"
    )]
    OrgnrFormat(String),
    /// The Luhn check digit is wrong.
    #[error("Ogiltigt organisationsnummer \"{0}\": kontrollsiffran stämmer inte")]
    OrgnrChecksum(String),
    /// Shaped like neither a personnummer nor an organisationsnummer.
    #[error("\"{0}\" är varken ett personnummer eller ett organisationsnummer")]
    NationalIdFormat(String),
    /// Not a phone number that can be used.
    #[error(
        "Ogiltigt mobilnummer \"{0}\": skriv till exempel 070-123 45 67 \
         eller +47 123 45 678"
    )]
    MobileFormat(String),
    /// A Swedish number that is not a mobile number (e.g. a landline).
    #[error("\"{0}\" är inte ett svenskt mobilnummer (070, 072, 073, 076 eller 079)")]
    NotSwedishMobile(String),
    /// Not shaped like a bankgiro number.
    #[error("Ogiltigt bankgironummer \"{0}\": skriv det som NNN-NNNN eller NNNN-NNNN")]
    BankgiroFormat(String),
    /// The bankgiro number's check digit is wrong.
    #[error("Ogiltigt bankgironummer \"{0}\": kontrollsiffran stämmer inte")]
    BankgiroChecksum(String),
    /// Not shaped like a plusgiro number.
    #[error(
        "Ogiltigt plusgironummer \"{0}\": 2–8 siffror, den sista en kontrollsiffra (t.ex. 4711-8)"
    )]
    PlusgiroFormat(String),
    /// The plusgiro number's check digit is wrong.
    #[error("Ogiltigt plusgironummer \"{0}\": kontrollsiffran stämmer inte")]
    PlusgiroChecksum(String),
    /// Not a valid plate.
    #[error("Ogiltigt registreringsnummer \"{0}\": ange till exempel ABC123 eller ABC12D")]
    RegnrFormat(String),
}

impl IdError {
    /// The message in the requested language, worded for the clerk at the counter.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Sv => self.to_string(),
            Lang::En => self.english(),
        }
    }

    /// The English message.
    fn english(&self) -> String {
        match self {
            Self::PersonnummerFormat(s) => format!(
                "Invalid personal identity number \"{s}\": write it as YYMMDD-NNNN or YYYYMMDD-NNNN"
            ),
            Self::PersonnummerDate(s) => {
                format!(
                    "Invalid personal identity number \"{s}\": the date of birth does not exist"
                )
            }
            Self::PersonnummerFuture(s) => {
                format!(
                    "Invalid personal identity number \"{s}\": the date of birth is in the future"
                )
            }
            Self::PersonnummerSerial(s) => {
                format!("Invalid personal identity number \"{s}\": the birth number cannot be 000")
            }
            Self::PersonnummerChecksum(s) => {
                format!("Invalid personal identity number \"{s}\": the check digit is wrong")
            }
            Self::OrgnrFormat(s) => format!(
                "Invalid organisation number \"{s}\": write it as NNNNNN-NNNN \
                 (the third and fourth digits are at least 20)"
            ),
            Self::OrgnrChecksum(s) => {
                format!("Invalid organisation number \"{s}\": the check digit is wrong")
            }
            Self::NationalIdFormat(s) => {
                format!("\"{s}\" is neither a personal identity number nor an organisation number")
            }
            Self::MobileFormat(s) => format!(
                "Invalid mobile number \"{s}\": write for example 070-123 45 67 or +47 123 45 678"
            ),
            Self::NotSwedishMobile(s) => {
                format!("\"{s}\" is not a Swedish mobile number (070, 072, 073, 076 or 079)")
            }
            Self::BankgiroFormat(s) => {
                format!("Invalid bankgiro number \"{s}\": write it as NNN-NNNN or NNNN-NNNN")
            }
            Self::BankgiroChecksum(s) => {
                format!("Invalid bankgiro number \"{s}\": the check digit is wrong")
            }
            Self::PlusgiroFormat(s) => format!(
                "Invalid plusgiro number \"{s}\": 2–8 digits, the last a check digit (e.g. 4711-8)"
            ),
            Self::PlusgiroChecksum(s) => {
                format!("Invalid plusgiro number \"{s}\": the check digit is wrong")
            }
            Self::RegnrFormat(s) => {
                format!("Invalid registration number \"{s}\": enter for example ABC123 or ABC12D")
            }
        }
    }
}

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

serialize_as_text!(Personnummer, Orgnr, NationalId, Mobile, Regnr);

impl<'de> serde::Deserialize<'de> for Mobile {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Mobile, D::Error> {
        let s = String::deserialize(d)?;
        Mobile::parse(&s).map_err(|e| serde::de::Error::custom(e.message(Lang::En)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn today() -> NaiveDate {
        date(2026, 11, 22)
    }

    fn pnr(s: &str) -> Result<Personnummer, IdError> {
        Personnummer::parse(s, today())
    }

    /// `payload` followed by its Luhn check digit.
    fn with_check(payload: &str) -> String {
        let check = luhn_check_digit(payload).expect("digit payload");
        format!("{payload}{check}")
    }

    /// A 12-digit personnummer with dash: `century` + `payload` (YYMMDDNNN) + check digit,
    /// the check digit computed over the 10-digit form as the standard requires.
    fn with_century(century: &str, payload: &str) -> String {
        let ten = with_check(payload);
        format!("{century}{}-{}", &ten[..6], &ten[6..])
    }

    #[test]
    fn luhn_worked_example() {
        assert_eq!(luhn_check_digit("640823323"), Some(4));
        assert!(luhn_valid("6408233234"));
        assert!(!luhn_valid("6408233235"));
    }

    #[test]
    fn luhn_known_numbers() {
        assert!(luhn_valid("79927398713"));
        assert!(luhn_valid("4111111111111111"));
        assert!(luhn_valid("1234567897"));
        assert!(luhn_valid("5560160680"));
        assert!(luhn_valid("00"));
        assert!(!luhn_valid("79927398710"));
        assert!(!luhn_valid("1234567898"));
    }

    #[test]
    fn luhn_rejects_non_digits_and_short_input() {
        assert_eq!(luhn_check_digit(""), None);
        assert_eq!(luhn_check_digit("12a"), None);
        assert_eq!(luhn_check_digit("１２"), None); // full-width digits
        assert_eq!(luhn_check_digit("0"), Some(0));
        assert_eq!(luhn_check_digit("9"), Some(1)); // 18 → 1+8 = 9
        assert!(!luhn_valid(""));
        assert!(!luhn_valid("0"));
        assert!(!luhn_valid("6408233234 "));
        assert!(!luhn_valid("640823-3234"));
    }

    #[test]
    fn personnummer_all_forms_agree() {
        for s in [
            "640823-3234",
            "6408233234",
            "196408233234",
            "19640823-3234",
            "  640823-3234\t",
        ] {
            let p = pnr(s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(p.canonical(), "19640823-3234", "{s}");
            assert_eq!(p.to_string(), "19640823-3234");
            assert_eq!(p.birth_date(), date(1964, 8, 23));
            assert!(!p.is_coordination());
        }
        assert_eq!(pnr("640823+3234").unwrap().canonical(), "18640823-3234");
    }

    #[test]
    fn personnummer_century_from_separator() {
        let hundred_plus = pnr("121212+1212").unwrap();
        assert_eq!(hundred_plus.birth_date(), date(1912, 12, 12));
        assert_eq!(hundred_plus.canonical(), "19121212-1212");
        let young = pnr("121212-1212").unwrap();
        assert_eq!(young.birth_date(), date(2012, 12, 12));
        assert_eq!(pnr("1212121212").unwrap(), young);
    }

    /// A person over 100 in the 12-digit form with `+` (seen refused): the written century
    /// wins, the `+` is accepted and the number is the same as with `-`.
    #[test]
    fn personnummer_twelve_digits_with_plus() {
        let p = pnr("19090527+1474").unwrap();
        assert_eq!(p.birth_date(), date(1909, 5, 27));
        assert_eq!(p.canonical(), "19090527-1474");
        assert_eq!(pnr("19090527-1474").unwrap(), p);
        assert_eq!(pnr("090527+1474").unwrap(), p);
        assert_eq!(
            NationalId::parse("19090527+1474", today())
                .unwrap()
                .canonical(),
            "19090527-1474"
        );
        // The century given wins, also when `+` is written for someone under 100.
        let young = with_century("20", "090527147");
        let young_plus = young.replacen('-', "+", 1);
        let y = pnr(&young_plus).unwrap_or_else(|e| panic!("{young_plus}: {e}"));
        assert_eq!(y.birth_date(), date(2009, 5, 27));
        // The rest of the rules still apply.
        assert_eq!(
            pnr("19090527+1475"),
            Err(IdError::PersonnummerChecksum("19090527+1475".into()))
        );
        let s = "20270101+1231";
        assert!(pnr(s).is_err());
        assert_eq!(
            pnr("1909052+71474"),
            Err(IdError::PersonnummerFormat("1909052+71474".into()))
        );
    }

    #[test]
    fn bankgiro_and_plusgiro_have_a_luhn_check_digit() {
        // 123-4566: Luhn over 123456 gives 6.
        assert_eq!(Bankgiro::parse("123-4566").unwrap().canonical(), "123-4566");
        assert_eq!(
            Bankgiro::parse(" 1234566 ").unwrap().canonical(),
            "123-4566"
        );
        assert_eq!(
            Bankgiro::parse("5050-1055").unwrap().canonical(),
            "5050-1055"
        );
        assert_eq!(
            Bankgiro::parse("50501055").unwrap().canonical(),
            "5050-1055"
        );
        assert_eq!(
            Bankgiro::parse("123-4567"),
            Err(IdError::BankgiroChecksum("123-4567".into()))
        );
        for bad in [
            "",
            "12-3456",
            "12345-678",
            "123456",
            "123456789",
            "123-456a",
            "1234-56789",
        ] {
            assert_eq!(
                Bankgiro::parse(bad),
                Err(IdError::BankgiroFormat(bad.into())),
                "{bad:?}"
            );
        }
        // 4711-8: Luhn over 4711 gives 8.
        assert_eq!(Plusgiro::parse("4711-8").unwrap().canonical(), "4711-8");
        assert_eq!(Plusgiro::parse("47118").unwrap().canonical(), "4711-8");
        assert_eq!(Plusgiro::parse("18").unwrap().canonical(), "1-8");
        let eight = format!("1234567{}", luhn_check_digit("1234567").unwrap());
        assert!(Plusgiro::parse(&eight).is_ok());
        assert_eq!(
            Plusgiro::parse("4711-3"),
            Err(IdError::PlusgiroChecksum("4711-3".into()))
        );
        for bad in ["", "1", "123456789-0", "47-11-2", "4711-83", "abc-1"] {
            assert_eq!(
                Plusgiro::parse(bad),
                Err(IdError::PlusgiroFormat(bad.into())),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn personnummer_century_boundary_is_today() {
        // Born today: this century. Born tomorrow's date: last century.
        let born_today = with_check("261122123");
        assert_eq!(pnr(&born_today).unwrap().birth_date(), date(2026, 11, 22));
        let tomorrow = with_check("261123123");
        assert_eq!(pnr(&tomorrow).unwrap().birth_date(), date(1926, 11, 23));
    }

    #[test]
    fn personnummer_leap_day_depends_on_century() {
        let leap = with_check("000229123");
        assert_eq!(pnr(&leap).unwrap().birth_date(), date(2000, 2, 29));
        let plus = format!("{}+{}", &leap[..6], &leap[6..]);
        assert_eq!(pnr(&plus), Err(IdError::PersonnummerDate(plus.clone())));
    }

    #[test]
    fn personnummer_future_rejected() {
        let s = with_century("20", "270101123");
        assert_eq!(pnr(&s), Err(IdError::PersonnummerFuture(s.clone())));
        let s = with_century("20", "261123123");
        assert_eq!(pnr(&s), Err(IdError::PersonnummerFuture(s.clone())));
        assert!(pnr(&with_century("20", "261122123")).is_ok());
    }

    #[test]
    fn personnummer_serial_000_rejected() {
        let s = with_check("640823000");
        assert_eq!(pnr(&s), Err(IdError::PersonnummerSerial(s.clone())));
    }

    #[test]
    fn personnummer_invalid_date_rejected() {
        let s = with_century("19", "900230123");
        assert_eq!(pnr(&s), Err(IdError::PersonnummerDate(s.clone())));
        for payload in [
            "901301123",
            "900100123",
            "900132123",
            "900160123",
            "900192123",
        ] {
            let s = with_check(payload);
            assert_eq!(pnr(&s), Err(IdError::PersonnummerDate(s.clone())), "{s}");
        }
    }

    #[test]
    fn personnummer_checksum_and_format_errors() {
        assert_eq!(
            pnr("640823-3235"),
            Err(IdError::PersonnummerChecksum("640823-3235".into()))
        );
        for s in ["", "640823-323", "640823_3234", "6408-233234", "abc"] {
            assert_eq!(pnr(s), Err(IdError::PersonnummerFormat(s.into())), "{s:?}");
        }
    }

    #[test]
    fn samordningsnummer() {
        // Worked by hand: payload 701063234, weights 2,1,2,… from the right:
        // 8+3+4+3+(12→3)+0+2+0+(14→5) = 28, check digit 2.
        let literal = pnr("701063-2342").unwrap();
        assert!(literal.is_coordination());
        assert_eq!(literal.birth_date(), date(1970, 10, 3));
        assert_eq!(literal.canonical(), "19701063-2342");

        let computed = with_check("701063555");
        let p = pnr(&computed).unwrap();
        assert!(p.is_coordination());
        assert_eq!(p.birth_date(), date(1970, 10, 3));
        assert_eq!(
            p.canonical(),
            format!("19{}-{}", &computed[..6], &computed[6..])
        );
        assert_eq!(pnr(&p.canonical()).unwrap(), p);

        // Day 60 + 31 in a 30-day month does not exist.
        let bad = with_check("700991123");
        assert_eq!(pnr(&bad), Err(IdError::PersonnummerDate(bad.clone())));
    }

    #[test]
    fn orgnr() {
        let ericsson = Orgnr::parse("556016-0680").unwrap();
        assert_eq!(ericsson.canonical(), "556016-0680");
        assert_eq!(ericsson.to_string(), "556016-0680");
        assert_eq!(ericsson.vat_number(), "SE556016068001");
        for s in [
            "5560160680",
            "165560160680",
            "16556016-0680",
            " 556016-0680 ",
        ] {
            assert_eq!(Orgnr::parse(s), Ok(ericsson.clone()), "{s}");
        }
        assert_eq!(
            Orgnr::parse("556016-0681"),
            Err(IdError::OrgnrChecksum("556016-0681".into()))
        );
        // Digits 3–4 below 20 look like a personnummer.
        assert_eq!(
            Orgnr::parse("640823-3234"),
            Err(IdError::OrgnrFormat("640823-3234".into()))
        );
        for s in [
            "",
            "556016-068",
            "175560160680",
            "55601606800",
            "556016+0680",
        ] {
            assert_eq!(
                Orgnr::parse(s),
                Err(IdError::OrgnrFormat(s.into())),
                "{s:?}"
            );
        }
    }

    #[test]
    fn national_id_decides_by_shape() {
        let org = NationalId::parse("556016-0680", today()).unwrap();
        assert!(matches!(org, NationalId::Org(_)));
        assert_eq!(org.canonical(), "556016-0680");
        assert!(matches!(
            NationalId::parse("165560160680", today()),
            Ok(NationalId::Org(_))
        ));

        let person = NationalId::parse("640823-3234", today()).unwrap();
        assert!(matches!(person, NationalId::Person(_)));
        assert_eq!(person.to_string(), "19640823-3234");
        assert!(matches!(
            NationalId::parse("701063-2342", today()),
            Ok(NationalId::Person(p)) if p.is_coordination()
        ));

        assert_eq!(
            NationalId::parse("556016-0681", today()),
            Err(IdError::OrgnrChecksum("556016-0681".into()))
        );
        assert_eq!(
            NationalId::parse("640823-3235", today()),
            Err(IdError::PersonnummerChecksum("640823-3235".into()))
        );
        assert_eq!(
            NationalId::parse("hej", today()),
            Err(IdError::NationalIdFormat("hej".into()))
        );
    }

    #[test]
    fn mobile_normalisation() {
        for s in [
            "070-123 45 67",
            "0701234567",
            "+46701234567",
            "0046701234567",
            "46701234567",
            "+46 (0)70 123 45 67",
            "+46 70-123.45.67",
            "(070) 123 45 67",
        ] {
            let m = Mobile::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(m.as_str(), "+46701234567", "{s}");
            assert!(m.is_swedish());
            assert_eq!(m.display(), "070-123 45 67");
            assert_eq!(m.to_string(), "+46701234567");
        }
        for prefix in ["072", "073", "076", "079"] {
            assert!(
                Mobile::parse(&format!("{prefix}1234567")).is_ok(),
                "{prefix}"
            );
        }
    }

    #[test]
    fn mobile_rejects_swedish_non_mobiles() {
        for s in [
            "08-123 45 67",
            "071-123 45 67",
            "074-123 45 67",
            "070-123 45 6",
            "070-123 45 678",
        ] {
            assert_eq!(
                Mobile::parse(s),
                Err(IdError::NotSwedishMobile(s.into())),
                "{s}"
            );
        }
    }

    #[test]
    fn mobile_international() {
        let norway: Mobile = "+4712345678".parse().unwrap();
        assert_eq!(norway.as_str(), "+4712345678");
        assert!(!norway.is_swedish());
        assert_eq!(norway.display(), "+4712345678");
        assert_eq!(Mobile::parse("0047 123 45 678"), Ok(norway));
        assert_eq!(
            Mobile::parse("+44 (0)20 7946 0958").unwrap().as_str(),
            "+442079460958"
        );
        assert!(Mobile::parse("+1234567").is_err()); // 7 digits: too short
        assert!(Mobile::parse("+1234567890123456").is_err()); // 16 digits: too long
        assert!(Mobile::parse("+0123456789").is_err());
    }

    #[test]
    fn mobile_rejects_garbage() {
        for s in [
            "12345",
            "abc",
            "",
            "+",
            "00",
            "070-ABC 45 67",
            "+46 70 123 45 6x",
            "701234567",
        ] {
            assert_eq!(
                Mobile::parse(s),
                Err(IdError::MobileFormat(s.into())),
                "{s:?}"
            );
        }
    }

    #[test]
    fn regnr() {
        assert_eq!(Regnr::parse("ABC123").unwrap().as_str(), "ABC123");
        let r: Regnr = " abc 12d ".parse().unwrap();
        assert_eq!(r.as_str(), "ABC12D");
        assert_eq!(r.to_string(), "ABC12D");
        assert_eq!(Regnr::parse("ABC-123").unwrap().as_str(), "ABC123");
        for s in [
            "AB123",
            "ABCD12",
            "IQV123",
            "AIC123",
            "ABC12O",
            "ABC12I",
            "ABC12Q",
            "ABC12V",
            "ÅÄÖ123",
            "ABÅ123",
            "ABC1234",
            "ABC1D3",
            "",
            "123ABC",
        ] {
            assert_eq!(
                Regnr::parse(s),
                Err(IdError::RegnrFormat(s.into())),
                "{s:?}"
            );
        }
        assert!(Regnr::parse("ABC123").unwrap() < Regnr::parse("ABD123").unwrap());
    }

    #[test]
    fn messages_in_both_languages() {
        let errors = [
            pnr("abc").unwrap_err(),
            pnr(&with_century("19", "900230123")).unwrap_err(),
            pnr(&with_century("20", "270101123")).unwrap_err(),
            pnr(&with_check("640823000")).unwrap_err(),
            pnr("640823-3235").unwrap_err(),
            Orgnr::parse("x").unwrap_err(),
            Orgnr::parse("556016-0681").unwrap_err(),
            NationalId::parse("x", today()).unwrap_err(),
            Mobile::parse("abc").unwrap_err(),
            Mobile::parse("08-123 45 67").unwrap_err(),
            Bankgiro::parse("12-34").unwrap_err(),
            Bankgiro::parse("123-4567").unwrap_err(),
            Plusgiro::parse("1").unwrap_err(),
            Plusgiro::parse("4711-3").unwrap_err(),
            Regnr::parse("AB123").unwrap_err(),
        ];
        for (i, e) in errors.iter().enumerate() {
            // Every variant appears exactly once.
            assert!(
                errors[..i]
                    .iter()
                    .all(|o| std::mem::discriminant(o) != std::mem::discriminant(e)),
                "{e:?}"
            );
            let sv = e.message(Lang::Sv);
            let en = e.message(Lang::En);
            assert!(!sv.is_empty() && !en.is_empty());
            assert_ne!(sv, en);
            assert_eq!(sv, e.to_string());
            assert_eq!(e.message(Lang::default()), sv);
        }
        assert_eq!(
            pnr("640823-3235").unwrap_err().message(Lang::Sv),
            "Ogiltigt personnummer \"640823-3235\": kontrollsiffran stämmer inte"
        );
        assert_eq!(
            pnr("640823-3235").unwrap_err().message(Lang::En),
            "Invalid personal identity number \"640823-3235\": the check digit is wrong"
        );
        assert_eq!(
            Mobile::parse("08-123 45 67").unwrap_err().message(Lang::Sv),
            "\"08-123 45 67\" är inte ett svenskt mobilnummer (070, 072, 073, 076 eller 079)"
        );
        assert_eq!(
            Regnr::parse("AB123").unwrap_err().message(Lang::Sv),
            "Ogiltigt registreringsnummer \"AB123\": ange till exempel ABC123 eller ABC12D"
        );
    }

    #[test]
    fn nasty_input_never_panics() {
        let long_digits = "1".repeat(10_000);
        let long_plus = format!("+{}", "4".repeat(500));
        let nasty = [
            "",
            " ",
            "+",
            "-",
            "00",
            "0",
            "(0)",
            "+(0)",
            "+46(0)",
            "0046",
            "+46",
            "16",
            "16-",
            "ÅÅÅ",
            "ÅÄÖ",
            "😀",
            "😀😀😀😀😀😀",
            "640823-323😀",
            "6408😀233234",
            "19640823-323é",
            "1964082😀-3234",
            "16556016-068é",
            "5560160680\u{301}",
            "ÅBC12",
            "ß12345",
            "ǅǅǅ12D",
            "\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}",
            "----------",
            "+++++++++++",
            "000000-0000",
            "999999-9999",
            "999999+9999",
            "99999999-9999",
            "00000000-0000",
            "000000000000",
            "1612345678901",
            "16+234567890",
            "0000000000000000000",
            "+460",
            "+46(0)(0)(0)",
            "١٢٣٤٥٦٧٨٩٠", // Arabic-Indic digits
            &long_digits,
            &long_plus,
        ];
        let todays = [today(), NaiveDate::MIN, NaiveDate::MAX, date(1, 1, 1)];
        for s in nasty {
            let _ = luhn_check_digit(s);
            let _ = luhn_valid(s);
            for today in todays {
                let _ = Personnummer::parse(s, today).map(|p| p.canonical());
                let _ = NationalId::parse(s, today).map(|id| id.canonical());
            }
            let _ = Orgnr::parse(s).map(|o| (o.canonical(), o.vat_number()));
            let _ = Mobile::parse(s).map(|m| m.display());
            let _ = Regnr::parse(s);
            if let Err(e) = Mobile::parse(s) {
                let _ = (e.message(Lang::Sv), e.message(Lang::En));
            }
        }
        // Valid numbers with extreme "today" values must not panic either.
        for today in todays {
            let _ = Personnummer::parse("640823-3234", today).map(|p| p.canonical());
            let _ = Personnummer::parse("121212+1212", today).map(|p| p.canonical());
        }
    }
}
