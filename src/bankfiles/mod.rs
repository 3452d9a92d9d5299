//! Incoming-payment files from the bank, read strictly into one neutral shape (issue 14).
//!
//! Two formats are read (docs/RECONCILIATION.md has the field-by-field mapping):
//!
//! - Bankgirot's **BgMax** ("Bankgiro Inbetalningar"): fixed 80-character records in ISO-8859-1,
//!   TK01 … TK70 ([`bgmax`]).
//! - ISO 20022 **camt.054** (`BkToCstmrDbtCdtNtfctn`, versions 001.02 and 001.08) as Swedish banks
//!   send it ([`camt`]).
//!
//! [`parse`] tells the format from the content and gives an [`IncomingFile`]: deposits (a BgMax
//! deposit section, a camt.054 entry), each with the payments in it. Amounts are signed from the
//! account holder's side: money in (a payment, a credit) is positive, money out (a BgMax TK21
//! deduction, a camt.054 debit) negative, and every deposit's `total` is exactly the sum of its
//! payments — the parsers check the file's own totals and counts, so a file that disagrees with
//! itself is refused whole.
//!
//! Every error names where it is (the line and record type, or the line and element path) and
//! what is wrong, in the catalogue's words ([`ParseError::message`]). Nothing here panics on any
//! input (fuzzed by `tests/bankfiles_fuzz.rs`).
//!
//! This room is pure: no store, no clock, no I/O. It stands on `domain` and `text` only.

pub mod bgmax;
pub mod camt;
mod error;

pub use error::{Field, Location, ParseError, Problem};

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::Money;

/// Which kind of file it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Bankgirot's BgMax, layout version 01.
    BgMax,
    /// ISO 20022 camt.054.001.02.
    Camt054V02,
    /// ISO 20022 camt.054.001.08.
    Camt054V08,
}

/// One file of incoming (and, for camt.054, outgoing) payments.
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingFile {
    pub format: Format,
    /// What the sender calls this file, for refusing the same file twice: `bgmax:` + the TK01
    /// timestamp and test mark, or `camt054:` + `GrpHdr/MsgId`.
    pub file_id: String,
    /// When the sender wrote the file (TK01 timestamp, `GrpHdr/CreDtTm`).
    pub created: Option<NaiveDateTime>,
    /// A BgMax test file (TK01 test mark `T`): its money is not real.
    pub test: bool,
    pub deposits: Vec<Deposit>,
}

/// Whether money came in or went out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Money in: a payment (BgMax TK20, camt.054 `CRDT`).
    Credit,
    /// Money out: a deduction (BgMax TK21) or a debit (camt.054 `DBIT`).
    Debit,
}

/// The account the money came to (or left).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Account {
    /// `NNN-NNNN` or `NNNN-NNNN`, check digit verified.
    Bankgiro(String),
    /// An IBAN as written in the file (`SE…`).
    Iban(String),
    /// Any other account id (`Acct/Id/Othr/Id`).
    Other(String),
}

/// One deposit: a BgMax deposit section (TK05 … TK15) or one camt.054 entry (`Ntry`).
#[derive(Debug, Clone, PartialEq)]
pub struct Deposit {
    pub account: Account,
    /// The booking date (TK15 payment date, `Ntry/BookgDt`).
    pub date: NaiveDate,
    /// Always `SEK` (anything else is refused).
    pub currency: String,
    /// Signed: exactly the sum of `payments[..].amount`.
    pub total: Money,
    pub direction: Direction,
    /// The bank's reference of the deposit: the TK15 deposit serial number, or the entry's
    /// `AcctSvcrRef` (else `NtryRef`, else empty).
    pub reference: String,
    /// The bank account the deposit went to, when the file says (TK15).
    pub bank_account: Option<String>,
    /// camt.054 `RvslInd`: this entry reverses an earlier one.
    pub reversal: bool,
    pub payments: Vec<IncomingPayment>,
}

/// What kind of reference a payer gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReferenceKind {
    /// A Swedish OCR number (BgMax reference code 2, checked by Bankgirot; a numeric
    /// camt.054 `CdtrRefInf/Ref`). The matcher still checks its length and Luhn digits.
    Ocr,
    /// An ISO 11649 creditor reference (`RF…`).
    CreditorReference,
    /// Another structured reference (`CdtrRefInf/Ref` that is neither OCR nor RF).
    Structured,
    /// An invoice number the payer named (`Strd/RfrdDocInf/Nb`).
    DocumentNumber,
    /// Free text: BgMax reference codes 3 and 4, TK25 information text, camt.054 `Ustrd`,
    /// `AddtlRmtInf`, `AddtlNtryInf`.
    FreeText,
    /// BgMax reference code 5: a reference Bankgirot found incorrect (kept: it may still name
    /// an invoice).
    Incorrect,
}

/// One reference of a payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub kind: ReferenceKind,
    /// Trimmed; never empty.
    pub text: String,
    /// The part of the payment this reference covers (BgMax TK22 positive, TK23 negative), when
    /// one payment pays several invoices.
    pub amount: Option<Money>,
}

/// The other side of a payment: the payer of a credit, the payee of a debit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Party {
    pub name: Option<String>,
    /// TK26's second name field.
    pub extra_name: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub country_code: Option<String>,
    /// Organisationsnummer or personnummer as given (TK29, `Id/OrgId/Othr/Id`).
    pub org_no: Option<String>,
    /// The payer's account: the sender's bankgiro (TK20, leading zeros dropped) or
    /// `DbtrAcct`/`CdtrAcct`.
    pub account: Option<String>,
}

impl Party {
    /// Whether the file said nothing about the party.
    pub fn is_empty(&self) -> bool {
        *self == Party::default()
    }
}

/// How the payer paid (BgMax TK20 position 57).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// 1: electronic payment from a bank.
    Bank,
    /// 2: Leverantörsbetalningar (LB).
    SupplierPayments,
    /// 3: paper slip.
    Paper,
    /// 4: Autogiro.
    Autogiro,
}

/// One payment (or deduction, or debit) in a deposit.
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingPayment {
    /// Signed: money in positive, a deduction or debit negative.
    pub amount: Money,
    pub direction: Direction,
    pub references: Vec<Reference>,
    pub counterparty: Party,
    /// The bank's id of this entry, for "the same entries imported twice change nothing":
    /// BgMax: `BGC` + the TK20/TK21 serial number; camt.054: `TxDtls/Refs/AcctSvcrRef`, else the
    /// entry's `AcctSvcrRef` (or `NtryRef`) and the transaction's position in it, else the
    /// notification's id with the entry's and the transaction's positions.
    pub bank_id: String,
    /// The BgMax TK21 deduction code (position 71); `None` for a payment.
    pub deduction: Option<u8>,
    /// The value date (camt.054 `ValDt`; BgMax: the deposit's payment date).
    pub value_date: Option<NaiveDate>,
    /// BgMax only.
    pub channel: Option<Channel>,
    /// camt.054 `Refs/EndToEndId` (our own refund's id comes back here), `InstrId`,
    /// `PmtInfId`, when present and not `NOTPROVIDED`.
    pub end_to_end_id: Option<String>,
    pub instruction_id: Option<String>,
    pub payment_info_id: Option<String>,
}

impl IncomingFile {
    /// The payments of every deposit, in file order.
    pub fn payments(&self) -> impl Iterator<Item = (&Deposit, &IncomingPayment)> {
        self.deposits
            .iter()
            .flat_map(|d| d.payments.iter().map(move |p| (d, p)))
    }
}

/// Read an incoming-payment file, telling BgMax from camt.054 by its content.
///
/// A BgMax file starts with `01BGMAX`; a camt.054 file is XML (a `<` after an optional UTF-8 byte
/// order mark and white space). Anything else is [`Problem::UnknownFormat`].
pub fn parse(bytes: &[u8]) -> Result<IncomingFile, ParseError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = body.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else {
        return Err(ParseError::file(Problem::Empty));
    };
    if body[start..].starts_with(b"01BGMAX") {
        bgmax::parse(bytes)
    } else if body[start] == b'<' {
        camt::parse(bytes)
    } else {
        Err(ParseError::file(Problem::UnknownFormat))
    }
}

#[cfg(test)]
mod tests;
