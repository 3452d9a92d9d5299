//! Errors of the use cases, each with a message in Swedish and English and a kind that decides
//! the exit code of the command line (2 for bad input, 1 for everything else).

use std::path::PathBuf;

use crate::domain::Lang;
use crate::domain::columns::ColumnError;
use crate::domain::customer::PartyError;
use crate::domain::ids::IdError;
use crate::domain::invoice::CreditError;
use crate::domain::ledger::LedgerError;
use crate::domain::money::AmountError;
use crate::domain::order::DomainError;
use crate::domain::sie::SieError;
use crate::payments::ProviderError;
use crate::print::PrintError;
use crate::store::StoreError;
use crate::t;
use crate::text::Message;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error(transparent)]
    Id(#[from] IdError),
    #[error(transparent)]
    Amount(#[from] AmountError),
    #[error(transparent)]
    Party(#[from] PartyError),
    #[error(transparent)]
    Column(#[from] ColumnError),
    #[error(transparent)]
    Provider(#[from] ProviderError),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error(transparent)]
    Credit(#[from] CreditError),
    #[error(transparent)]
    Payment(#[from] crate::app::pay::PaymentIssue),
    #[error(transparent)]
    Sie(#[from] SieError),
    #[error(transparent)]
    Print(#[from] PrintError),
    /// A bank file that cannot be read: nothing was written. The error names the line.
    #[error("{}", .0.message(Lang::Sv))]
    BankFile(crate::bankfiles::ParseError),
    /// The bank's pain.002 status report cannot be read: nothing was changed. The error names
    /// the element.
    #[error("{}", pain002_message(.0, Lang::Sv))]
    Pain002(crate::domain::refund::pain002::Pain002Error),
    /// The control unit did not answer or refused the registration: nothing was written.
    #[error("{}", self.message(Lang::Sv))]
    ControlUnit(crate::control_unit::ControlUnitError),
    /// A field of a record that is wrong for another reason (missing, unknown value…): which
    /// message of the catalogue, with its arguments, rendered where it is shown.
    #[error("{0}")]
    Invalid(Message),
    /// One record of an import file is wrong: the whole file is rejected.
    #[error("{}", self.message(Lang::Sv))]
    Record { index: usize, source: Box<AppError> },
    /// An error in one part of the input (a file, a field, a setting), the part named in front
    /// of the error's own message: `Fel i config.toml: …`, `antal: …`, `--orgnr: …`.
    #[error("{}", self.message(Lang::Sv))]
    In { part: Part, source: Box<AppError> },
    /// A file, folder, port or process that failed: which message of the catalogue.
    #[error("{0}")]
    Io(Message),
    /// An error about one field of a form on the counter screen: the form shows it at that
    /// field and keeps everything typed. The message is the source's own.
    #[error("{}", self.message(Lang::Sv))]
    Field {
        field: InputField,
        source: Box<AppError>,
    },
}

/// The fields of the counter screen's forms ("Ny order", a line) an error can be about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputField {
    FindCustomer,
    NewCustomerName,
    NewCustomerMobile,
    Regnr,
    Vehicle,
    Article,
    Quantity,
    UnitPrice,
    Discount,
    CustomerName,
    CustomerMobile,
    Email,
    NationalId,
    VatNo,
    ReverseCharge,
    /// A refund proposal's amount (the refunds screen's "Ändra").
    RefundAmount,
    /// A refund proposal's payment date.
    RefundDate,
    /// The customer's payment details for refunds (the customer form's "Återbetalas till").
    PaymentDetails,
    /// The BIC of the customer's IBAN.
    Bic,
}

/// The part of the input an [`AppError::In`] is about.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// A file: `Fel i config.toml: …`.
    File(PathBuf),
    /// Named in words of the catalogue: `antal: …`.
    Words(Message),
    /// A setting or a command-line flag, written the same in every language: `[company] orgnr: …`.
    Name(&'static str),
}

impl AppError {
    /// This error, about `field` of a form.
    pub fn at(self, field: InputField) -> AppError {
        AppError::Field {
            field,
            source: Box::new(self),
        }
    }

    /// The form field this error is about, if any.
    pub fn field(&self) -> Option<InputField> {
        match self {
            AppError::Field { field, .. } => Some(*field),
            _ => None,
        }
    }

    /// `error` about `part` of the input.
    pub fn within(part: Part, error: impl Into<AppError>) -> AppError {
        AppError::In {
            part,
            source: Box::new(error.into()),
        }
    }
}

/// Whether an error is the user's input (exit code 2) or something else (exit code 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Input,
    Other,
}

impl AppError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            AppError::Store(e) => e.message(lang),
            AppError::Domain(e) => e.message(lang),
            AppError::Id(e) => e.message(lang),
            AppError::Amount(e) => e.message(lang),
            AppError::Party(e) => e.message(lang),
            AppError::Column(e) => e.message(lang),
            AppError::Provider(e) => e.message(lang),
            AppError::Ledger(e) => e.message(lang),
            AppError::Credit(e) => e.message(lang),
            AppError::Payment(e) => e.message(lang),
            AppError::Sie(e) => e.message(lang),
            AppError::Print(e) => e.message(lang),
            AppError::ControlUnit(e) => e.message(lang),
            AppError::BankFile(e) => e.message(lang),
            AppError::Pain002(e) => pain002_message(e, lang),
            AppError::Invalid(m) | AppError::Io(m) => m.render(lang),
            AppError::Record { index, source } => t!(
                lang,
                "app-record",
                index = index,
                error = source.message(lang)
            ),
            AppError::Field { source, .. } => source.message(lang),
            AppError::In { part, source } => {
                let error = source.message(lang);
                match part {
                    Part::File(path) => t!(
                        lang,
                        "app-error-in-file",
                        path = path.display().to_string(),
                        error = error
                    ),
                    Part::Words(words) => format!("{}: {error}", words.render(lang)),
                    Part::Name(name) => format!("{name}: {error}"),
                }
            }
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            AppError::Store(StoreError::OrderNotFound(_) | StoreError::CustomerNotFound(_)) => {
                ErrorKind::Input
            }
            AppError::Store(_)
            | AppError::Io(_)
            | AppError::Print(_)
            | AppError::ControlUnit(_)
            | AppError::Provider(_)
            | AppError::Payment(
                crate::app::pay::PaymentIssue::Unknown { .. }
                | crate::app::pay::PaymentIssue::Foreign { .. },
            ) => ErrorKind::Other,
            AppError::Record { source, .. }
            | AppError::In { source, .. }
            | AppError::Field { source, .. } => source.kind(),
            _ => ErrorKind::Input,
        }
    }
}

pub type Result<T> = std::result::Result<T, AppError>;

/// A pain.002 error in the user's words: the element, then what is wrong with it.
pub fn pain002_message(e: &crate::domain::refund::pain002::Pain002Error, lang: Lang) -> String {
    use crate::domain::refund::pain002::Problem;
    let el = e.element.clone();
    match &e.problem {
        Problem::NotXml(why) => {
            crate::t!(
                lang,
                "refund-pain002-not-xml",
                element = el,
                error = why.clone()
            )
        }
        Problem::NotPain002 => crate::t!(lang, "refund-pain002-not-pain002", element = el),
        Problem::Missing => crate::t!(lang, "refund-pain002-missing", element = el),
        Problem::UnknownStatus(code) => crate::t!(
            lang,
            "refund-pain002-unknown-status",
            element = el,
            code = code.clone()
        ),
    }
}
