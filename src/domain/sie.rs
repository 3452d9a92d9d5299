//! SIE 4I export (shared/docs/nordic-conventions.md §2): the vouchers of a period as a booking
//! order (bokföringsorder) for the bookkeeping program, in a `.SI` file. Pure: no I/O, no clock;
//! the caller writes the bytes.
//!
//! The file is code page 437 (`#FORMAT PC8`) with CR LF line ends, as the SIE 4B spec writes it.
//! Characters outside code page 437 become `?`; control characters in texts become spaces.
//!
//! Choices where the spec leaves room:
//! - `#RAR` is not written. It names the financial year (räkenskapsår), and the period of an
//!   export (a day, a month) is not that; a 4I file needs none, the importer books into its own
//!   year. The period is used as a guard instead: a voucher dated outside it is refused.
//! - The registration date of a `#VER` is the voucher date: Verkstad books at the sale.
//! - `\` in a text is written as `/`. The spec defines only `\"` as an escape, and a text ending
//!   in `\` would otherwise swallow its closing quote (the `sie4` crate then silently stops
//!   reading; any other `\x` makes it read the quotes as part of an unquoted field).

use chrono::{Datelike, NaiveDate};
use oem_cp::{Cp437, IncompleteCp};

use super::Lang;
use super::invoice::Company;
use super::ledger::{Account, Chart, Voucher};
use super::money::Money;
use crate::t;

/// What goes into a SIE 4I file.
#[derive(Debug, Clone, Copy)]
pub struct SieExport<'a> {
    /// The company: `#FNAMN`, `#ORGNR` (left out when empty) and `#ADRESS` (left out when the
    /// company has no street, postal code, city or phone).
    pub company: &'a Company,
    /// Account names for `#KONTO`.
    pub chart: &'a Chart,
    pub vouchers: &'a [Voucher],
    /// `#GEN`: the day the file is made.
    pub generated: NaiveDate,
    /// First day of the period the export covers; every voucher must be dated within it.
    pub from: NaiveDate,
    /// Last day of the period (inclusive).
    pub to: NaiveDate,
    /// `#PROGRAM "Verkstad" 0.1.0`.
    pub program: &'a str,
    pub version: &'a str,
}

/// Why a SIE file was not written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SieError {
    Unbalanced {
        series: String,
        voucher: i64,
        diff: Money,
    },
    OutsidePeriod {
        series: String,
        voucher: i64,
        date: NaiveDate,
        from: NaiveDate,
        to: NaiveDate,
    },
}

impl SieError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            SieError::Unbalanced {
                series,
                voucher,
                diff,
            } => t!(
                lang,
                "sie-unbalanced",
                series = series,
                voucher = voucher.to_string(),
                difference = diff.to_string()
            ),
            SieError::OutsidePeriod {
                series,
                voucher,
                date,
                from,
                to,
            } => t!(
                lang,
                "sie-outside-period",
                series = series,
                voucher = voucher.to_string(),
                date = date.to_string(),
                from = from.to_string(),
                to = to.to_string()
            ),
        }
    }
}

impl std::fmt::Display for SieError {
    /// Swedish, the default language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Sv))
    }
}

impl std::error::Error for SieError {}

/// Append a whole SIE 4I file to `out`: the header, a `#KONTO` for every account the vouchers
/// use (sorted; named from the chart, or by its number when the chart lacks it), then each
/// voucher as `#VER` with one `#TRANS` per posting (positive debit, negative credit).
///
/// Refuses a voucher that does not sum to zero or is dated outside `from..=to`; then nothing is
/// appended. Voucher numbers are written as they are: readers expect them positive.
pub fn write_sie4i(export: &SieExport, out: &mut Vec<u8>) -> Result<(), SieError> {
    // First pass: check every voucher and mark the accounts used (BAS numbers are < 10 000).
    let mut used = vec![false; 10_000];
    for v in export.vouchers {
        if v.date < export.from || v.date > export.to {
            return Err(SieError::OutsidePeriod {
                series: v.series.clone(),
                voucher: v.number,
                date: v.date,
                from: export.from,
                to: export.to,
            });
        }
        let mut sum: i64 = 0;
        for p in &v.rows {
            sum = sum.wrapping_add(p.amount.ore());
            used[usize::from(p.account.number())] = true;
        }
        if sum != 0 {
            return Err(SieError::Unbalanced {
                series: v.series.clone(),
                voucher: v.number,
                diff: v.sum(),
            });
        }
    }

    // About 40 bytes a row and 60 a voucher.
    let rows: usize = export.vouchers.iter().map(|v| v.rows.len()).sum();
    out.reserve(1024 + export.vouchers.len() * 60 + rows * 40);

    let c = export.company;
    out.extend_from_slice(b"#FLAGGA 0\r\n#PROGRAM ");
    put_quoted(out, export.program);
    out.push(b' ');
    put_field(out, export.version);
    out.extend_from_slice(b"\r\n#FORMAT PC8\r\n#GEN ");
    put_date(out, export.generated);
    out.extend_from_slice(b"\r\n#SIETYP 4\r\n");
    if !c.orgnr.trim().is_empty() {
        out.extend_from_slice(b"#ORGNR ");
        put_field(out, c.orgnr.trim());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"#FNAMN ");
    put_quoted(out, &c.name);
    out.extend_from_slice(b"\r\n");
    let postal = format!("{} {}", c.postal_code.trim(), c.city.trim());
    let postal = postal.trim();
    if !(c.street.trim().is_empty() && postal.is_empty() && c.phone.trim().is_empty()) {
        // Contact person, street, postal code and town, phone. Verkstad has no contact person.
        out.extend_from_slice(b"#ADRESS \"\" ");
        put_quoted(out, c.street.trim());
        out.push(b' ');
        put_quoted(out, postal);
        out.push(b' ');
        put_quoted(out, c.phone.trim());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"#KPTYP EUBAS97\r\n#VALUTA SEK\r\n");

    for (n, _) in used.iter().enumerate().filter(|(_, u)| **u) {
        out.extend_from_slice(b"#KONTO ");
        put_u64(out, n as u64);
        out.push(b' ');
        let name = Account::new(n as u32).and_then(|a| export.chart.name(a));
        match name {
            Some(name) => put_quoted(out, name),
            None => {
                out.push(b'"');
                put_u64(out, n as u64);
                out.push(b'"');
            }
        }
        out.extend_from_slice(b"\r\n");
    }

    for v in export.vouchers {
        out.extend_from_slice(b"#VER ");
        put_field(out, &v.series);
        out.push(b' ');
        put_i64(out, v.number);
        out.push(b' ');
        put_date(out, v.date);
        out.push(b' ');
        put_quoted(out, &v.text);
        out.push(b' ');
        put_date(out, v.date);
        out.extend_from_slice(b"\r\n{\r\n");
        for p in &v.rows {
            out.extend_from_slice(b"   #TRANS ");
            put_u64(out, u64::from(p.account.number()));
            out.extend_from_slice(b" {} ");
            put_amount(out, p.amount.ore());
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(b"}\r\n");
    }
    Ok(())
}

/// A text in quotes: `"` escaped as `\"`, `\` as `/`, control characters as spaces, the rest
/// in code page 437 (`?` for what it lacks).
fn put_quoted(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    for ch in s.chars() {
        match ch {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.push(b'/'),
            c if c.is_control() => out.push(b' '),
            c if c.is_ascii() => out.push(c as u8),
            c => out.push(Cp437::from_char_lossy(c).0),
        }
    }
    out.push(b'"');
}

/// A field without quotes when it is plain (printable ASCII without space, quote, backslash,
/// braces or `#`), else quoted.
fn put_field(out: &mut Vec<u8>, s: &str) {
    let plain = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b'"' | b'\\' | b'{' | b'}' | b'#'));
    if plain {
        out.extend_from_slice(s.as_bytes());
    } else {
        put_quoted(out, s);
    }
}

/// `YYYYMMDD`.
fn put_date(out: &mut Vec<u8>, d: NaiveDate) {
    let y = d.year();
    if (0..=9999).contains(&y) {
        let y = y as u32;
        let digits = [
            y / 1000,
            y / 100 % 10,
            y / 10 % 10,
            y % 10,
            d.month() / 10,
            d.month() % 10,
            d.day() / 10,
            d.day() % 10,
        ];
        out.extend(digits.map(|n| b'0' + n as u8));
    } else {
        use std::io::Write;
        // Outside what SIE can express; written as chrono counts it rather than dropped.
        let _ = write!(out, "{:04}{:02}{:02}", y, d.month(), d.day());
    }
}

/// Öre as kronor with a point and exactly two decimals, no grouping: `-0.40`, `1234567.00`.
fn put_amount(out: &mut Vec<u8>, ore: i64) {
    if ore < 0 {
        out.push(b'-');
    }
    let abs = ore.unsigned_abs();
    put_u64(out, abs / 100);
    let cents = (abs % 100) as u8;
    out.extend_from_slice(&[b'.', b'0' + cents / 10, b'0' + cents % 10]);
}

fn put_i64(out: &mut Vec<u8>, n: i64) {
    if n < 0 {
        out.push(b'-');
    }
    put_u64(out, n.unsigned_abs());
}

fn put_u64(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ledger::Posting;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn post(account: u32, ore: i64) -> Posting {
        Posting {
            account: Account::new(account).unwrap(),
            amount: Money::from_ore(ore),
        }
    }

    fn voucher(number: i64, text: &str, rows: Vec<Posting>) -> Voucher {
        Voucher {
            series: "A".into(),
            number,
            date: d(2026, 1, 15),
            text: text.into(),
            rows,
        }
    }

    fn company() -> Company {
        Company {
            name: "Åkes Bilverkstad AB".into(),
            street: "Ängsvägen 4".into(),
            postal_code: "702 10".into(),
            city: "Örebro".into(),
            orgnr: "556677-8899".into(),
            phone: "019-12 34 56".into(),
            ..Company::default()
        }
    }

    fn write(company: &Company, chart: &Chart, vouchers: &[Voucher]) -> Result<Vec<u8>, SieError> {
        let export = SieExport {
            company,
            chart,
            vouchers,
            generated: d(2026, 1, 16),
            from: d(2026, 1, 1),
            to: d(2026, 1, 31),
            program: "Verkstad",
            version: "0.1.0",
        };
        let mut out = Vec::new();
        write_sie4i(&export, &mut out).map(|()| out)
    }

    #[test]
    fn the_conventions_example_byte_for_byte() {
        let v = voucher(
            1,
            "Z-rapport 2026-01-15 – kort, växel",
            vec![
                post(1580, 225_000),
                post(3001, -100_000),
                post(3041, -80_000),
                post(2611, -45_000),
            ],
        );
        let out = write(&company(), &Chart::default(), &[v]).unwrap();
        let expected: &[u8] = b"#FLAGGA 0\r\n\
#PROGRAM \"Verkstad\" 0.1.0\r\n\
#FORMAT PC8\r\n\
#GEN 20260116\r\n\
#SIETYP 4\r\n\
#ORGNR 556677-8899\r\n\
#FNAMN \"\x8Fkes Bilverkstad AB\"\r\n\
#ADRESS \"\" \"\x8Engsv\x84gen 4\" \"702 10 \x99rebro\" \"019-12 34 56\"\r\n\
#KPTYP EUBAS97\r\n\
#VALUTA SEK\r\n\
#KONTO 1580 \"Fordringar f\x94r kontokort och kuponger\"\r\n\
#KONTO 2611 \"Utg\x86ende moms p\x86 f\x94rs\x84ljning inom Sverige, 25 %\"\r\n\
#KONTO 3001 \"F\x94rs\x84ljning inom Sverige, 25 % moms\"\r\n\
#KONTO 3041 \"F\x94rs\x84ljning tj\x84nst inom Sverige, 25 % moms\"\r\n\
#VER A 1 20260115 \"Z-rapport 2026-01-15 ? kort, v\x84xel\" 20260115\r\n\
{\r\n\
\x20\x20\x20#TRANS 1580 {} 2250.00\r\n\
\x20\x20\x20#TRANS 3001 {} -1000.00\r\n\
\x20\x20\x20#TRANS 3041 {} -800.00\r\n\
\x20\x20\x20#TRANS 2611 {} -450.00\r\n\
}\r\n";
        assert_eq!(
            out,
            expected,
            "\n{}\n---\n{}",
            String::from_utf8_lossy(&out),
            String::from_utf8_lossy(expected)
        );
    }

    #[test]
    fn texts_are_escaped_and_cleaned() {
        let mut chart = Chart::default();
        chart.insert(Account::new(1932).unwrap(), "Klarna \"avräkning\"");
        let v = voucher(
            7,
            "Kund sa \"hej\"\tC:\\temp\nrad två",
            vec![post(1932, 100), post(3001, -100)],
        );
        let out = write(&Company::default(), &chart, &[v]).unwrap();
        let text = String::from_utf8_lossy(&out);
        let konto: &[u8] = b"#KONTO 1932 \"Klarna \\\"avr\x84kning\\\"\"\r\n";
        assert!(out.windows(konto.len()).any(|w| w == konto), "{text}");
        let ver: &[u8] =
            b"#VER A 7 20260115 \"Kund sa \\\"hej\\\" C:/temp rad tv\x86\" 20260115\r\n";
        assert!(out.windows(ver.len()).any(|w| w == ver), "{text}");
        // No company data: no #ORGNR, no #ADRESS, an empty #FNAMN.
        assert!(!text.contains("#ORGNR"));
        assert!(!text.contains("#ADRESS"));
        assert!(text.contains("#FNAMN \"\"\r\n"));
    }

    #[test]
    fn an_account_missing_from_the_chart_is_named_by_its_number() {
        let v = voucher(1, "x", vec![post(6991, 500), post(1930, -500)]);
        let out = write(&company(), &Chart::default(), &[v]).unwrap();
        let text = String::from_utf8_lossy(&out);
        assert!(
            text.contains("#KONTO 1930 \"F\u{FFFD}retagskonto"),
            "{text}"
        );
        assert!(text.contains("#KONTO 6991 \"6991\"\r\n"), "{text}");
        // Sorted: 1930 before 6991.
        assert!(text.find("#KONTO 1930").unwrap() < text.find("#KONTO 6991").unwrap());
    }

    #[test]
    fn amounts_have_a_point_two_decimals_and_no_grouping() {
        let v = voucher(
            3,
            "Avrundning",
            vec![
                post(1910, 123_400),
                post(3001, -98_752),
                post(2611, -24_688),
                post(3740, 40),
            ],
        );
        let big = voucher(
            4,
            "Stor",
            vec![post(1930, 123_456_789), post(3001, -123_456_789)],
        );
        let small = voucher(5, "Liten", vec![post(1930, -5), post(3740, 5)]);
        let out = write(&company(), &Chart::default(), &[v, big, small]).unwrap();
        let text = String::from_utf8_lossy(&out);
        for row in [
            "   #TRANS 1910 {} 1234.00\r\n",
            "   #TRANS 3001 {} -987.52\r\n",
            "   #TRANS 3740 {} 0.40\r\n",
            "   #TRANS 1930 {} 1234567.89\r\n",
            "   #TRANS 3001 {} -1234567.89\r\n",
            "   #TRANS 1930 {} -0.05\r\n",
        ] {
            assert!(text.contains(row), "{row:?} in\n{text}");
        }
        let neg = voucher(6, "Kredit", vec![post(1930, 40), post(3740, -40)]);
        let out = write(&company(), &Chart::default(), &[neg]).unwrap();
        assert!(String::from_utf8_lossy(&out).contains("   #TRANS 3740 {} -0.40\r\n"));
    }

    #[test]
    fn an_unbalanced_voucher_is_refused_and_nothing_is_written() {
        let ok = voucher(11, "ok", vec![post(1930, 100), post(3001, -100)]);
        let bad = voucher(12, "fel", vec![post(1930, 100), post(3001, -99)]);
        let err = write(&company(), &Chart::default(), &[ok, bad.clone()]).unwrap_err();
        assert_eq!(
            err,
            SieError::Unbalanced {
                series: "A".into(),
                voucher: 12,
                diff: Money::from_ore(1)
            }
        );
        assert_eq!(
            err.to_string(),
            "Verifikation A 12 balanserar inte: differens 0,01 kr"
        );
        assert_eq!(
            err.message(Lang::En),
            "Voucher A 12 does not balance: difference 0,01 kr"
        );

        let export = SieExport {
            company: &company(),
            chart: &Chart::default(),
            vouchers: &[bad],
            generated: d(2026, 1, 16),
            from: d(2026, 1, 1),
            to: d(2026, 1, 31),
            program: "Verkstad",
            version: "0.1.0",
        };
        let mut out = b"kept".to_vec();
        assert!(write_sie4i(&export, &mut out).is_err());
        assert_eq!(out, b"kept");
    }

    #[test]
    fn a_voucher_outside_the_period_is_refused() {
        let mut v = voucher(9, "feb", vec![post(1930, 100), post(3001, -100)]);
        v.date = d(2026, 2, 1);
        let err = write(&company(), &Chart::default(), &[v]).unwrap_err();
        assert!(matches!(err, SieError::OutsidePeriod { voucher: 9, .. }));
        assert!(err.to_string().contains("2026-02-01"), "{err}");
        assert!(err.message(Lang::En).contains("outside the export period"));
        // The last day of the period is inside it.
        let mut v = voucher(10, "jan", vec![post(1930, 100), post(3001, -100)]);
        v.date = d(2026, 1, 31);
        assert!(write(&company(), &Chart::default(), &[v]).is_ok());
    }

    #[test]
    fn plain_fields_go_unquoted_others_quoted() {
        let mut out = Vec::new();
        put_field(&mut out, "0.1.0");
        out.push(b'|');
        put_field(&mut out, "1.0 beta");
        out.push(b'|');
        put_field(&mut out, "");
        out.push(b'|');
        put_field(&mut out, "B{1}");
        assert_eq!(out, b"0.1.0|\"1.0 beta\"|\"\"|\"B{1}\"");
    }
}
