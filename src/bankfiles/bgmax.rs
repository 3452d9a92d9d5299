//! Bankgirot's BgMax ("Bankgiro Inbetalningar"), layout version 01, read strictly.
//!
//! A file is 80-character records in ISO-8859-1, one a line (LF or CRLF), in this order:
//!
//! ```text
//! TK01 start
//!   ( TK05 opening of a deposit
//!       ( TK20 payment | TK21 deduction
//!           ( TK22/TK23 extra reference | TK25 information | TK26 name | TK27 address 1
//!           | TK28 address 2 | TK29 organisation number )* )*
//!     TK15 deposit )*
//! TK70 end
//! ```
//!
//! TK26 … TK29 stand at most once per payment. Every position is read as the technical manual
//! places it (nordic-conventions.md §4a); a numeric field holds digits only, codes hold the values
//! listed there. TK15's count and amount must agree with its payments (the amount is the
//! payments less the deductions), TK70's four counts with the records. Any disagreement refuses
//! the file, naming the line, the record type and what is wrong. Reserved positions are not read.

use chrono::{NaiveDate, NaiveDateTime};

use super::{
    Account, Channel, Deposit, Direction, Field, Format, IncomingFile, IncomingPayment, Location,
    ParseError, Party, Problem, Reference, ReferenceKind,
};
use crate::domain::Money;
use crate::domain::ids::{Bankgiro, IdError};

/// The length of every record, in bytes (ISO-8859-1 has one byte per character).
pub const RECORD_LEN: usize = 80;

/// One record: its line number and its 80 bytes.
struct Record<'a> {
    line: usize,
    code: &'a str,
    bytes: &'a [u8],
}

impl<'a> Record<'a> {
    fn error(&self, problem: Problem) -> ParseError {
        ParseError {
            location: Location::Record {
                line: self.line,
                record: self.code.to_string(),
            },
            problem,
        }
    }

    /// Positions `from..=to` (1-based, as in the manual), raw.
    fn raw(&self, from: usize, to: usize) -> &'a [u8] {
        &self.bytes[from - 1..to]
    }

    /// Positions `from..=to` decoded from ISO-8859-1, trailing and leading blanks removed.
    fn text(&self, from: usize, to: usize) -> String {
        latin1(self.raw(from, to)).trim().to_string()
    }

    /// `text`, or `None` when blank.
    fn opt_text(&self, from: usize, to: usize) -> Option<String> {
        Some(self.text(from, to)).filter(|s| !s.is_empty())
    }

    /// Positions `from..=to`, which must be digits only (at most 18 of them).
    fn number(&self, from: usize, to: usize, field: Field) -> Result<i64, ParseError> {
        let raw = self.raw(from, to);
        if raw.is_empty() || !raw.iter().all(u8::is_ascii_digit) {
            return Err(self.error(Problem::NotANumber {
                field,
                value: latin1(raw),
            }));
        }
        Ok(raw.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
    }

    /// The one character at `pos`, which must be one of `allowed`.
    fn code_at(&self, pos: usize, allowed: &[u8], field: Field) -> Result<u8, ParseError> {
        let c = self.bytes[pos - 1];
        if allowed.contains(&c) {
            Ok(c)
        } else {
            Err(self.error(Problem::InvalidValue {
                field,
                value: latin1(&[c]),
            }))
        }
    }

    fn currency(&self, from: usize, to: usize) -> Result<String, ParseError> {
        let value = latin1(self.raw(from, to));
        if value == "SEK" {
            Ok(value)
        } else {
            Err(self.error(Problem::Currency { value }))
        }
    }
}

/// ISO-8859-1 bytes as text: every byte is the code point of the same number.
pub fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Where the reader is in the grammar.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Start,
    /// After TK01 or TK15: a deposit or the end may follow.
    Between,
    /// After TK05: a payment or (an empty deposit's) TK15 may follow.
    Opened,
    /// After TK20/TK21 or one of its extra records.
    InPayment,
    End,
}

/// The deposit being read: what TK05 said and the payments so far.
struct Open {
    account: Account,
    currency: String,
    payments: Vec<IncomingPayment>,
}

/// What has been read so far.
struct Reader {
    state: State,
    prev: String,
    file_id: String,
    created: Option<NaiveDateTime>,
    test: bool,
    deposits: Vec<Deposit>,
    open: Option<Open>,
    /// TK26 … TK29 seen for the current payment.
    party_seen: [bool; 4],
    tk20: u64,
    tk21: u64,
    tk22_23: u64,
    tk15: u64,
}

/// Read a BgMax file.
pub fn parse(bytes: &[u8]) -> Result<IncomingFile, ParseError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut r = Reader {
        state: State::Start,
        prev: String::new(),
        file_id: String::new(),
        created: None,
        test: false,
        deposits: Vec::new(),
        open: None,
        party_seen: [false; 4],
        tk20: 0,
        tk21: 0,
        tk22_23: 0,
        tk15: 0,
    };
    let mut last_line = 0;
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    if lines.last().is_some_and(|l| l.is_empty()) {
        // The nothing after the final line break.
        lines.pop();
    }
    for (i, raw) in lines.into_iter().enumerate() {
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        if r.state == State::End && line.is_empty() {
            // Blank lines after the end record are not records.
            continue;
        }
        let code_len = line.len().min(2);
        let code = std::str::from_utf8(&line[..code_len]).unwrap_or("??");
        let record = Record {
            line: i + 1,
            code,
            bytes: line,
        };
        if line.len() != RECORD_LEN {
            return Err(record.error(Problem::RecordLength { found: line.len() }));
        }
        r.read(&record)?;
        r.prev = code.to_string();
        last_line = i + 1;
    }
    match r.state {
        State::End => Ok(IncomingFile {
            format: Format::BgMax,
            file_id: r.file_id,
            created: r.created,
            test: r.test,
            deposits: r.deposits,
        }),
        State::Start => Err(ParseError::file(Problem::Empty)),
        _ => Err(ParseError {
            location: Location::Record {
                line: last_line,
                record: r.prev,
            },
            problem: Problem::NoEnd,
        }),
    }
}

impl Reader {
    fn read(&mut self, rec: &Record) -> Result<(), ParseError> {
        const KNOWN: [&str; 13] = [
            "01", "05", "20", "21", "22", "23", "25", "26", "27", "28", "29", "15", "70",
        ];
        if !KNOWN.contains(&rec.code) {
            return Err(rec.error(Problem::UnknownRecord));
        }
        let allowed = match self.state {
            State::Start => {
                if rec.code != "01" {
                    return Err(rec.error(Problem::NoStart));
                }
                true
            }
            State::Between => matches!(rec.code, "05" | "70"),
            State::Opened => matches!(rec.code, "20" | "21" | "15"),
            State::InPayment => match rec.code {
                "20" | "21" | "22" | "23" | "25" | "15" => true,
                "26" => !self.party_seen[0],
                "27" => !self.party_seen[1],
                "28" => !self.party_seen[2],
                "29" => !self.party_seen[3],
                _ => false,
            },
            State::End => return Err(rec.error(Problem::AfterEnd)),
        };
        if !allowed {
            return Err(rec.error(Problem::OutOfPlace {
                after: self.prev.clone(),
            }));
        }
        match rec.code {
            "01" => self.start(rec),
            "05" => self.opening(rec),
            "20" | "21" => self.payment(rec),
            "22" | "23" => self.extra_reference(rec),
            "25" => {
                if let Some(text) = rec.opt_text(3, 52) {
                    self.current().references.push(Reference {
                        kind: ReferenceKind::FreeText,
                        text,
                        amount: None,
                    });
                }
                Ok(())
            }
            "26" | "27" | "28" | "29" => {
                self.party(rec);
                Ok(())
            }
            "15" => self.deposit(rec),
            _ => self.end(rec),
        }
    }

    /// The payment being read (the grammar guarantees there is one).
    fn current(&mut self) -> &mut IncomingPayment {
        let open = self.open.as_mut().expect("inside a deposit");
        open.payments.last_mut().expect("after a payment")
    }

    fn start(&mut self, rec: &Record) -> Result<(), ParseError> {
        let layout = latin1(rec.raw(3, 22));
        if layout.trim_end() != "BGMAX" || !layout.starts_with("BGMAX") {
            return Err(rec.error(Problem::InvalidValue {
                field: Field::Layout,
                value: layout.trim_end().to_string(),
            }));
        }
        let version = latin1(rec.raw(23, 24));
        if version != "01" {
            return Err(rec.error(Problem::InvalidValue {
                field: Field::Version,
                value: version,
            }));
        }
        let stamp = rec.raw(25, 44);
        rec.number(25, 38, Field::Timestamp)?;
        rec.number(39, 44, Field::Timestamp)?;
        let stamp = latin1(stamp);
        let created = NaiveDateTime::parse_from_str(&stamp[..14], "%Y%m%d%H%M%S")
            .ok()
            .filter(|_| &stamp[..4] != "0000");
        let Some(created) = created else {
            return Err(rec.error(Problem::InvalidDate {
                field: Field::Timestamp,
                value: stamp,
            }));
        };
        let mark = rec.code_at(45, b"TP", Field::TestMark)?;
        self.created = Some(created);
        self.test = mark == b'T';
        self.file_id = format!("bgmax:{stamp}{}", char::from(mark));
        self.state = State::Between;
        Ok(())
    }

    fn opening(&mut self, rec: &Record) -> Result<(), ParseError> {
        rec.number(3, 12, Field::Bankgiro)?;
        let digits = latin1(rec.raw(3, 12));
        let bankgiro = match Bankgiro::parse(digits.trim_start_matches('0')) {
            Ok(bg) => bg,
            Err(IdError::BankgiroChecksum(_)) => {
                return Err(rec.error(Problem::InvalidBankgiro { value: digits }));
            }
            Err(_) => {
                return Err(rec.error(Problem::InvalidValue {
                    field: Field::Bankgiro,
                    value: digits,
                }));
            }
        };
        let plusgiro = rec.raw(13, 22);
        if !plusgiro.iter().all(|b| *b == b' ') {
            rec.number(13, 22, Field::Plusgiro)?;
        }
        let currency = rec.currency(23, 25)?;
        self.open = Some(Open {
            account: Account::Bankgiro(bankgiro.canonical().to_string()),
            currency,
            payments: Vec::new(),
        });
        self.state = State::Opened;
        Ok(())
    }

    /// The fields TK20, TK21, TK22 and TK23 share: sender bankgiro, reference, amount (öre) and
    /// reference code.
    fn shared(rec: &Record) -> Result<(String, Option<Reference>, i64), ParseError> {
        let sender = rec.number(3, 12, Field::Bankgiro)?;
        let ore = rec.number(38, 55, Field::Amount)?;
        let code = rec.code_at(56, b"012345", Field::ReferenceCode)?;
        let text = rec.text(13, 37);
        let kind = match code {
            b'2' => {
                if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(rec.error(Problem::NotANumber {
                        field: Field::Reference,
                        value: text,
                    }));
                }
                ReferenceKind::Ocr
            }
            b'5' => ReferenceKind::Incorrect,
            _ => ReferenceKind::FreeText,
        };
        let reference = (!text.is_empty()).then_some(Reference {
            kind,
            text,
            amount: None,
        });
        let sender = if sender == 0 {
            String::new()
        } else {
            sender.to_string()
        };
        Ok((sender, reference, ore))
    }

    fn payment(&mut self, rec: &Record) -> Result<(), ParseError> {
        let (sender, reference, ore) = Self::shared(rec)?;
        let channel = match rec.code_at(57, b"1234", Field::Channel)? {
            b'1' => Channel::Bank,
            b'2' => Channel::SupplierPayments,
            b'3' => Channel::Paper,
            _ => Channel::Autogiro,
        };
        rec.number(58, 69, Field::Serial)?;
        let serial = latin1(rec.raw(58, 69));
        rec.code_at(70, b"01", Field::ImageMark)?;
        let deduction = rec.code == "21";
        let deduction_code = if deduction {
            Some(rec.code_at(71, b"0123456789", Field::DeductionCode)? - b'0')
        } else {
            None
        };
        let (amount, direction) = if deduction {
            self.tk21 += 1;
            (-Money::from_ore(ore), Direction::Debit)
        } else {
            self.tk20 += 1;
            (Money::from_ore(ore), Direction::Credit)
        };
        let payment = IncomingPayment {
            amount,
            direction,
            references: reference.into_iter().collect(),
            counterparty: Party {
                account: Some(sender).filter(|s| !s.is_empty()),
                ..Party::default()
            },
            bank_id: format!("BGC{serial}"),
            deduction: deduction_code,
            value_date: None,
            channel: Some(channel),
            end_to_end_id: None,
            instruction_id: None,
            payment_info_id: None,
        };
        self.open
            .as_mut()
            .expect("inside a deposit")
            .payments
            .push(payment);
        self.party_seen = [false; 4];
        self.state = State::InPayment;
        Ok(())
    }

    fn extra_reference(&mut self, rec: &Record) -> Result<(), ParseError> {
        let (_, reference, ore) = Self::shared(rec)?;
        self.tk22_23 += 1;
        if let Some(mut reference) = reference {
            let amount = Money::from_ore(ore);
            reference.amount = Some(if rec.code == "23" { -amount } else { amount });
            self.current().references.push(reference);
        }
        Ok(())
    }

    fn party(&mut self, rec: &Record) {
        let party = &mut self.current().counterparty;
        match rec.code {
            "26" => {
                party.name = rec.opt_text(3, 37);
                party.extra_name = rec.opt_text(38, 72);
            }
            "27" => {
                party.address = rec.opt_text(3, 37);
                party.postcode = rec.opt_text(38, 46);
            }
            "28" => {
                party.city = rec.opt_text(3, 37);
                party.country = rec.opt_text(38, 72);
                party.country_code = rec.opt_text(73, 74);
            }
            _ => party.org_no = rec.opt_text(3, 14),
        }
        let i = match rec.code {
            "26" => 0,
            "27" => 1,
            "28" => 2,
            _ => 3,
        };
        self.party_seen[i] = true;
    }

    fn deposit(&mut self, rec: &Record) -> Result<(), ParseError> {
        let bank_account = rec.opt_text(3, 37);
        rec.number(38, 45, Field::Date)?;
        let raw_date = latin1(rec.raw(38, 45));
        let Ok(date) = NaiveDate::parse_from_str(&raw_date, "%Y%m%d") else {
            return Err(rec.error(Problem::InvalidDate {
                field: Field::Date,
                value: raw_date,
            }));
        };
        rec.number(46, 50, Field::Serial)?;
        let serial = latin1(rec.raw(46, 50));
        let ore = rec.number(51, 68, Field::Amount)?;
        let currency = rec.currency(69, 71)?;
        let count = rec.number(72, 79, Field::Count)? as u64;
        let open = self.open.take().expect("inside a deposit");
        if currency != open.currency {
            return Err(rec.error(Problem::Currency { value: currency }));
        }
        let counted = open.payments.len() as u64;
        if count != counted {
            return Err(rec.error(Problem::CountMismatch {
                field: Field::Count,
                stated: count,
                counted,
            }));
        }
        let total: Money = open.payments.iter().map(|p| p.amount).sum();
        let stated = Money::from_ore(ore);
        if stated != total {
            return Err(rec.error(Problem::SumMismatch {
                stated: stated.to_string(),
                counted: total.to_string(),
            }));
        }
        let mut payments = open.payments;
        for p in &mut payments {
            p.value_date = Some(date);
        }
        self.deposits.push(Deposit {
            account: open.account,
            date,
            currency: open.currency,
            total,
            direction: if total.is_negative() {
                Direction::Debit
            } else {
                Direction::Credit
            },
            reference: serial,
            bank_account,
            reversal: false,
            payments,
        });
        self.tk15 += 1;
        self.state = State::Between;
        Ok(())
    }

    fn end(&mut self, rec: &Record) -> Result<(), ParseError> {
        let checks = [
            (3, 10, Field::PaymentCount, self.tk20),
            (11, 18, Field::DeductionCount, self.tk21),
            (19, 26, Field::ReferenceCount, self.tk22_23),
            (27, 34, Field::DepositCount, self.tk15),
        ];
        for (from, to, field, counted) in checks {
            let stated = rec.number(from, to, field)? as u64;
            if stated != counted {
                return Err(rec.error(Problem::CountMismatch {
                    field,
                    stated,
                    counted,
                }));
            }
        }
        self.state = State::End;
        Ok(())
    }
}
