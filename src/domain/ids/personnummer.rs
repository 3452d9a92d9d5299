//! Personnummer and samordningsnummer: the century from the separator or the 12-digit form,
//! the date (day + 60 for a samordningsnummer), the serial and the Luhn check digit.

use std::fmt;

use chrono::{Datelike, NaiveDate};

use super::{IdError, digits, digits_without, luhn_ok, pair};

/// How the century of a personnummer is given.
pub(super) enum Century {
    /// Written out: the first two digits of a 12-digit form.
    Given(u32),
    /// Separator '-' or none: the most recent century that puts the birth date not after today.
    Latest,
    /// Separator '+': the person is 100 or older, one century before [`Century::Latest`].
    Previous,
}

/// Splits a trimmed personnummer into its century and the ten digits `YYMMDDNNNC`.
pub(super) fn split_personnummer(s: &str) -> Option<(Century, [u8; 10])> {
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
