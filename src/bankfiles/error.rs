//! Why a bank file was refused: where (line and record type, or line and element path) and what
//! is wrong, rendered from the catalogue (`assets/text/<lang>/bankfiles.ftl`).

use crate::t;
use crate::text::Lang;

/// Where in the file the problem is. Lines and columns count from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The file as a whole (empty, unknown format).
    File,
    /// A BgMax record: its line and its record type (`"20"`, or the two characters found).
    Record { line: usize, record: String },
    /// A camt.054 element: the line and column where it starts.
    Element { line: u32, column: u32 },
}

/// A BgMax field, named in the error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Layout,
    Version,
    Timestamp,
    TestMark,
    Bankgiro,
    Plusgiro,
    Currency,
    Amount,
    ReferenceCode,
    Channel,
    Serial,
    ImageMark,
    DeductionCode,
    Date,
    Count,
    PaymentCount,
    DeductionCount,
    ReferenceCount,
    DepositCount,
    Reference,
}

impl Field {
    pub fn label(self, lang: Lang) -> String {
        match self {
            Field::Layout => t!(lang, "bankfile-field-layout"),
            Field::Version => t!(lang, "bankfile-field-version"),
            Field::Timestamp => t!(lang, "bankfile-field-timestamp"),
            Field::TestMark => t!(lang, "bankfile-field-test-mark"),
            Field::Bankgiro => t!(lang, "bankfile-field-bankgiro"),
            Field::Plusgiro => t!(lang, "bankfile-field-plusgiro"),
            Field::Currency => t!(lang, "bankfile-field-currency"),
            Field::Amount => t!(lang, "bankfile-field-amount"),
            Field::ReferenceCode => t!(lang, "bankfile-field-reference-code"),
            Field::Channel => t!(lang, "bankfile-field-channel"),
            Field::Serial => t!(lang, "bankfile-field-serial"),
            Field::ImageMark => t!(lang, "bankfile-field-image-mark"),
            Field::DeductionCode => t!(lang, "bankfile-field-deduction-code"),
            Field::Date => t!(lang, "bankfile-field-date"),
            Field::Count => t!(lang, "bankfile-field-count"),
            Field::PaymentCount => t!(lang, "bankfile-field-payment-count"),
            Field::DeductionCount => t!(lang, "bankfile-field-deduction-count"),
            Field::ReferenceCount => t!(lang, "bankfile-field-reference-count"),
            Field::DepositCount => t!(lang, "bankfile-field-deposit-count"),
            Field::Reference => t!(lang, "bankfile-field-reference"),
        }
    }
}

/// What is wrong. Texts are kept as found in the file (trimmed of padding where said).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Nothing but white space.
    Empty,
    /// Neither BgMax nor XML.
    UnknownFormat,
    // --- BgMax ---
    /// A record that is not 80 characters long.
    RecordLength { found: usize },
    /// A record type that BgMax does not have.
    UnknownRecord,
    /// The first record is not TK01.
    NoStart,
    /// A record where it may not stand (after the record type `after`).
    OutOfPlace { after: String },
    /// A record after TK70.
    AfterEnd,
    /// The file ends without TK70 (or inside a deposit).
    NoEnd,
    /// A numeric field with something else in it.
    NotANumber { field: Field, value: String },
    /// A field whose value is not one BgMax allows.
    InvalidValue { field: Field, value: String },
    /// A date (or timestamp) that does not exist.
    InvalidDate { field: Field, value: String },
    /// A bankgiro number whose check digit is wrong.
    InvalidBankgiro { value: String },
    /// A count in TK15 or TK70 that disagrees with the records.
    CountMismatch {
        field: Field,
        stated: u64,
        counted: u64,
    },
    /// An amount in TK15 (or a camt.054 entry) that disagrees with its payments.
    SumMismatch { stated: String, counted: String },
    /// A currency other than SEK.
    Currency { value: String },
    // --- camt.054 ---
    /// The bytes are not UTF-8 (XML without an encoding declaration is UTF-8).
    NotUtf8,
    /// The XML itself is broken (roxmltree's description).
    Xml { detail: String },
    /// Not a camt.054.001.02 or .001.08 document (its root element and namespace).
    NotCamt054 { found: String },
    /// A required element is missing.
    MissingElement { path: String },
    /// A required attribute is missing.
    MissingAttribute { path: String, attribute: String },
    /// An amount that is not digits with at most two decimals.
    NotAnAmount { path: String, value: String },
    /// A date that is not `YYYY-MM-DD` (or a date-time) that exists.
    NotADate { path: String, value: String },
    /// `CdtDbtInd` other than CRDT or DBIT.
    NotAnIndicator { path: String, value: String },
    /// An entry that is not booked (`Sts` other than BOOK).
    NotBooked { path: String, value: String },
    /// An element that may occur once occurs again.
    Repeated { path: String },
}

/// A refused bank file: where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub location: Location,
    pub problem: Problem,
}

impl ParseError {
    pub(crate) fn file(problem: Problem) -> ParseError {
        ParseError {
            location: Location::File,
            problem,
        }
    }

    /// The line the problem is on, if it is on one.
    pub fn line(&self) -> Option<usize> {
        match self.location {
            Location::File => None,
            Location::Record { line, .. } => Some(line),
            Location::Element { line, .. } => Some(line as usize),
        }
    }

    /// The whole message: where, then what.
    pub fn message(&self, lang: Lang) -> String {
        let problem = self.problem.message(lang);
        match &self.location {
            Location::File => t!(lang, "bankfile-at-file", problem = problem),
            Location::Record { line, record } => t!(
                lang,
                "bankfile-at-record",
                line = *line,
                record = record,
                problem = problem
            ),
            Location::Element { line, column } => t!(
                lang,
                "bankfile-at-element",
                line = *line,
                column = *column,
                problem = problem
            ),
        }
    }
}

impl Problem {
    /// What is wrong, without where.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Problem::Empty => t!(lang, "bankfile-empty"),
            Problem::UnknownFormat => t!(lang, "bankfile-unknown-format"),
            Problem::RecordLength { found } => {
                t!(lang, "bankfile-record-length", found = *found)
            }
            Problem::UnknownRecord => t!(lang, "bankfile-unknown-record"),
            Problem::NoStart => t!(lang, "bankfile-no-start"),
            Problem::OutOfPlace { after } => t!(lang, "bankfile-out-of-place", after = after),
            Problem::AfterEnd => t!(lang, "bankfile-after-end"),
            Problem::NoEnd => t!(lang, "bankfile-no-end"),
            Problem::NotANumber { field, value } => t!(
                lang,
                "bankfile-not-a-number",
                field = field.label(lang),
                value = value
            ),
            Problem::InvalidValue { field, value } => t!(
                lang,
                "bankfile-invalid-value",
                field = field.label(lang),
                value = value
            ),
            Problem::InvalidDate { field, value } => t!(
                lang,
                "bankfile-invalid-date",
                field = field.label(lang),
                value = value
            ),
            Problem::InvalidBankgiro { value } => {
                t!(lang, "bankfile-invalid-bankgiro", value = value)
            }
            Problem::CountMismatch {
                field,
                stated,
                counted,
            } => t!(
                lang,
                "bankfile-count-mismatch",
                field = field.label(lang),
                stated = *stated,
                counted = *counted
            ),
            Problem::SumMismatch { stated, counted } => t!(
                lang,
                "bankfile-sum-mismatch",
                stated = stated,
                counted = counted
            ),
            Problem::Currency { value } => t!(lang, "bankfile-currency", value = value),
            Problem::NotUtf8 => t!(lang, "bankfile-not-utf8"),
            Problem::Xml { detail } => t!(lang, "bankfile-xml", detail = detail),
            Problem::NotCamt054 { found } => t!(lang, "bankfile-not-camt054", found = found),
            Problem::MissingElement { path } => t!(lang, "bankfile-missing-element", path = path),
            Problem::MissingAttribute { path, attribute } => t!(
                lang,
                "bankfile-missing-attribute",
                path = path,
                attribute = attribute
            ),
            Problem::NotAnAmount { path, value } => {
                t!(lang, "bankfile-not-an-amount", path = path, value = value)
            }
            Problem::NotADate { path, value } => {
                t!(lang, "bankfile-not-a-date", path = path, value = value)
            }
            Problem::NotAnIndicator { path, value } => {
                t!(
                    lang,
                    "bankfile-not-an-indicator",
                    path = path,
                    value = value
                )
            }
            Problem::NotBooked { path, value } => {
                t!(lang, "bankfile-not-booked", path = path, value = value)
            }
            Problem::Repeated { path } => t!(lang, "bankfile-repeated", path = path),
        }
    }
}

impl std::fmt::Display for ParseError {
    /// Swedish, the default language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Sv))
    }
}

impl std::error::Error for ParseError {}
