//! The columns of the order list (F5 and `verkstad order list`): data, not code paths.

use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::Serialize;
use serde_json::Value;

use super::ids::Mobile;
use super::lang::Labels;
use super::order::{PaymentMethod, Status};
use super::{Lang, Money};
use crate::t;

/// One row of the order list, with every column's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrderSummary {
    pub nr: i64,
    pub customer_no: i64,
    pub customer_name: String,
    pub regnr: Option<String>,
    pub make: String,
    pub model: String,
    pub status: Status,
    pub total: Money,
    pub payment_method: Option<PaymentMethod>,
    pub payment_received: bool,
    pub payment_received_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// E.164.
    pub mobile: Option<String>,
    pub invoice_no: Option<i64>,
    pub booked_at: Option<DateTime<Utc>>,
    /// A payment SMS is being sent, or its outcome is unknown (a crash or lost answer): the
    /// order is locked until it is resolved.
    pub sending: bool,
    /// The provider (and store) of the order's newest payment: "Resurs", "Klarna A".
    pub pay_provider: Option<String>,
    /// What that provider last said of it (a Klarna reservation: VÄNTAR, GODKÄND…).
    pub pay_state: Option<crate::domain::payment::PaymentState>,
    /// Whether the order's invoice is paid ([`invoice_paid`]); None: no invoice.
    pub invoice_paid: Option<bool>,
    /// The day it was paid.
    pub invoice_paid_at: Option<NaiveDate>,
}

/// Has a booked invoice been paid, and on which day (issue 14: "F5 answers 'has it been
/// paid?' for every payment method")? MOBIL, KONTANT and KORT are paid when the payment was
/// received (at the counter when booked, or through the provider before booking):
/// `received_at`, its local day. FAKTURA and KLARNA are paid when the receipts against the
/// invoice (a provider's payout, the bank's payment) reach what it asks: `receipts_paid_on`,
/// the day they did.
pub fn invoice_paid(
    method: PaymentMethod,
    received_at: Option<DateTime<Utc>>,
    receipts_paid_on: Option<NaiveDate>,
) -> InvoicePaidState {
    let day = match method {
        PaymentMethod::Mobil | PaymentMethod::Kontant | PaymentMethod::Kort => {
            received_at.map(|t| t.with_timezone(&Local).date_naive())
        }
        PaymentMethod::Faktura | PaymentMethod::Klarna => receipts_paid_on,
    };
    InvoicePaidState {
        paid: day.is_some(),
        paid_on: day,
    }
}

/// Whether an order's invoice is paid, and the day ([`invoice_paid`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct InvoicePaidState {
    pub paid: bool,
    pub paid_on: Option<NaiveDate>,
}

/// The status cell of an order whose payment SMS is being sent or whose outcome is unknown
/// ("SMS skickas – utfall okänt" on the order screen).
pub const SENDING_CELL: &str = "SKICKAS?";

/// A time as the list shows it: local time, to the minute.
pub fn format_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

/// Horizontal alignment of a column's cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
    Center,
}

/// A column of the order list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Nr,
    CustomerNo,
    CustomerName,
    Regnr,
    MakeModel,
    Status,
    Total,
    PaymentMethod,
    PaymentReceived,
    PaymentReceivedAt,
    CreatedAt,
    UpdatedAt,
    Mobile,
    InvoiceNo,
    BookedAt,
    PayProvider,
    PayState,
    InvoicePaid,
    InvoicePaidAt,
}

impl Column {
    /// Every column, in the order the chooser lists them.
    pub const ALL: [Column; 19] = [
        Column::Nr,
        Column::CustomerNo,
        Column::CustomerName,
        Column::Regnr,
        Column::MakeModel,
        Column::Status,
        Column::Total,
        Column::PaymentMethod,
        Column::PaymentReceived,
        Column::PaymentReceivedAt,
        Column::CreatedAt,
        Column::UpdatedAt,
        Column::Mobile,
        Column::InvoiceNo,
        Column::BookedAt,
        Column::PayProvider,
        Column::PayState,
        Column::InvoicePaid,
        Column::InvoicePaidAt,
    ];

    /// The columns shown until the user chooses others.
    pub const DEFAULT: [Column; 7] = [
        Column::Nr,
        Column::CustomerNo,
        Column::CustomerName,
        Column::Regnr,
        Column::Status,
        Column::Total,
        Column::CreatedAt,
    ];

    /// The key used on the command line and in config.toml.
    pub fn key(self) -> &'static str {
        match self {
            Column::Nr => "nr",
            Column::CustomerNo => "customer_no",
            Column::CustomerName => "customer_name",
            Column::Regnr => "regnr",
            Column::MakeModel => "make_model",
            Column::Status => "status",
            Column::Total => "total",
            Column::PaymentMethod => "payment_method",
            Column::PaymentReceived => "payment_received",
            Column::PaymentReceivedAt => "payment_received_at",
            Column::CreatedAt => "created_at",
            Column::UpdatedAt => "updated_at",
            Column::Mobile => "mobile",
            Column::InvoiceNo => "invoice_no",
            Column::BookedAt => "booked_at",
            Column::PayProvider => "pay_provider",
            Column::PayState => "pay_state",
            Column::InvoicePaid => "invoice_paid",
            Column::InvoicePaidAt => "invoice_paid_at",
        }
    }

    /// The header in the given language.
    pub fn header(self, lang: Lang) -> &'static str {
        static HEADERS: Labels<19> = Labels::new();
        HEADERS.get(Column::ALL, self, lang, |c, lang| match c {
            Column::Nr => t!(lang, "column-nr"),
            Column::CustomerNo => t!(lang, "column-customer-no"),
            Column::CustomerName => t!(lang, "column-customer-name"),
            Column::Regnr => t!(lang, "column-regnr"),
            Column::MakeModel => t!(lang, "column-make-model"),
            Column::Status => t!(lang, "column-status"),
            Column::Total => t!(lang, "column-total"),
            Column::PaymentMethod => t!(lang, "column-payment-method"),
            Column::PaymentReceived => t!(lang, "column-payment-received"),
            Column::PaymentReceivedAt => t!(lang, "column-payment-received-at"),
            Column::CreatedAt => t!(lang, "column-created-at"),
            Column::UpdatedAt => t!(lang, "column-updated-at"),
            Column::Mobile => t!(lang, "column-mobile"),
            Column::InvoiceNo => t!(lang, "column-invoice-no"),
            Column::BookedAt => t!(lang, "column-booked-at"),
            Column::PayProvider => t!(lang, "column-pay-provider"),
            Column::PayState => t!(lang, "column-pay-state"),
            Column::InvoicePaid => t!(lang, "column-invoice-paid"),
            Column::InvoicePaidAt => t!(lang, "column-invoice-paid-at"),
        })
    }

    /// A sensible display width in terminal cells (the header may be shortened to it).
    pub fn width(self) -> u16 {
        match self {
            Column::Nr | Column::CustomerNo => 7,
            Column::CustomerName => 22,
            Column::Regnr => 7,
            Column::MakeModel => 18,
            Column::Status => 10,
            Column::Total => 12,
            Column::PaymentMethod => 9,
            Column::PaymentReceived => 9,
            Column::PaymentReceivedAt
            | Column::CreatedAt
            | Column::UpdatedAt
            | Column::BookedAt => 16,
            Column::Mobile => 13,
            Column::InvoiceNo => 9,
            Column::PayProvider => 9,
            Column::PayState => 12,
            Column::InvoicePaid => 8,
            Column::InvoicePaidAt => 10,
        }
    }

    pub fn align(self) -> Align {
        match self {
            Column::Nr | Column::CustomerNo | Column::Total | Column::InvoiceNo => Align::Right,
            Column::PaymentReceived => Align::Center,
            _ => Align::Left,
        }
    }

    /// Can the list be sorted on this column? Not on the invoice's paid state: it is read per
    /// row shown (the invoice's receipts), and sorting on it would read every order's
    /// receipts, a million of them, on every key.
    pub fn sortable(self) -> bool {
        !matches!(self, Column::InvoicePaid | Column::InvoicePaidAt)
    }

    pub fn from_key(key: &str) -> Option<Column> {
        let k = key.trim().to_ascii_lowercase();
        Column::ALL.into_iter().find(|c| c.key() == k)
    }

    /// Parse a comma-separated list of keys ("nr,status,payment_received"); duplicates are dropped.
    pub fn parse_list(keys: &str) -> Result<Vec<Column>, ColumnError> {
        let mut out: Vec<Column> = Vec::new();
        for key in keys.split(',').map(str::trim).filter(|k| !k.is_empty()) {
            let col = Column::from_key(key).ok_or_else(|| ColumnError::Unknown(key.to_string()))?;
            if !out.contains(&col) {
                out.push(col);
            }
        }
        if out.is_empty() {
            return Err(ColumnError::Empty);
        }
        Ok(out)
    }

    /// The cell text of this column for a row, as a table shows it.
    pub fn cell(self, row: &OrderSummary) -> String {
        let opt_time = |t: Option<DateTime<Utc>>| t.map(format_time).unwrap_or_default();
        match self {
            Column::Nr => row.nr.to_string(),
            Column::CustomerNo => row.customer_no.to_string(),
            Column::CustomerName => row.customer_name.clone(),
            Column::Regnr => row.regnr.clone().unwrap_or_default(),
            Column::MakeModel => format!("{} {}", row.make, row.model).trim().to_string(),
            Column::Status if row.sending => SENDING_CELL.to_string(),
            Column::Status => row.status.code().to_string(),
            Column::Total => row.total.to_string(),
            Column::PaymentMethod => row
                .payment_method
                .map(|m| m.code().to_string())
                .unwrap_or_default(),
            Column::PaymentReceived => {
                if row.payment_received {
                    "✓".into()
                } else {
                    String::new()
                }
            }
            Column::PaymentReceivedAt => opt_time(row.payment_received_at),
            Column::CreatedAt => format_time(row.created_at),
            Column::UpdatedAt => format_time(row.updated_at),
            Column::Mobile => row
                .mobile
                .as_deref()
                .map(|m| {
                    Mobile::parse(m)
                        .map(|m| m.display())
                        .unwrap_or_else(|_| m.to_string())
                })
                .unwrap_or_default(),
            Column::InvoiceNo => row.invoice_no.map(|n| n.to_string()).unwrap_or_default(),
            Column::BookedAt => opt_time(row.booked_at),
            Column::PayProvider => row.pay_provider.clone().unwrap_or_default(),
            Column::PayState => row
                .pay_state
                .map(|s| s.list_code().to_string())
                .unwrap_or_default(),
            // Codes, as the status and payment state columns show them.
            Column::InvoicePaid => match row.invoice_paid {
                Some(true) => "BETALD".into(),
                Some(false) => "OBETALD".into(),
                None => String::new(),
            },
            Column::InvoicePaidAt => row
                .invoice_paid_at
                .map(|d| d.to_string())
                .unwrap_or_default(),
        }
    }

    /// The value of this column for a row in machine-readable form (JSON and CSV): numbers as
    /// numbers, amounts as "1234.50", times as RFC 3339 UTC, the paid flag as a boolean.
    pub fn value(self, row: &OrderSummary) -> Value {
        let opt_time = |t: Option<DateTime<Utc>>| {
            t.map(|t| Value::String(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)))
                .unwrap_or(Value::Null)
        };
        let opt_str = |s: Option<String>| s.map(Value::String).unwrap_or(Value::Null);
        match self {
            Column::Nr => row.nr.into(),
            Column::CustomerNo => row.customer_no.into(),
            Column::Total => row.total.to_plain().into(),
            Column::PaymentReceived => row.payment_received.into(),
            Column::PaymentReceivedAt => opt_time(row.payment_received_at),
            Column::CreatedAt => opt_time(Some(row.created_at)),
            Column::UpdatedAt => opt_time(Some(row.updated_at)),
            Column::BookedAt => opt_time(row.booked_at),
            Column::InvoiceNo => row.invoice_no.map(Value::from).unwrap_or(Value::Null),
            Column::Regnr => opt_str(row.regnr.clone()),
            Column::Mobile => opt_str(row.mobile.clone()),
            Column::PaymentMethod => opt_str(row.payment_method.map(|m| m.code().to_string())),
            Column::PayProvider => opt_str(row.pay_provider.clone()),
            Column::PayState => opt_str(row.pay_state.map(|s| s.code().to_string())),
            Column::InvoicePaid => row.invoice_paid.map(Value::from).unwrap_or(Value::Null),
            Column::InvoicePaidAt => opt_str(row.invoice_paid_at.map(|d| d.to_string())),
            Column::CustomerName | Column::MakeModel | Column::Status => self.cell(row).into(),
        }
    }

    /// Keys of all columns, for messages.
    pub fn all_keys() -> String {
        Column::ALL.map(Column::key).join(", ")
    }
}

/// A sort order for the list: a column and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: Column,
    pub descending: bool,
}

impl Default for Sort {
    /// Newest order first.
    fn default() -> Self {
        Sort {
            column: Column::Nr,
            descending: true,
        }
    }
}

impl Sort {
    /// "total", "total:desc", "customer_name:asc".
    pub fn parse(s: &str) -> Result<Sort, ColumnError> {
        let (key, dir) = s.split_once(':').unwrap_or((s, "asc"));
        let column =
            Column::from_key(key).ok_or_else(|| ColumnError::Unknown(key.trim().into()))?;
        if !column.sortable() {
            return Err(ColumnError::NotSortable(column.key().to_string()));
        }
        let descending = match dir.trim().to_ascii_lowercase().as_str() {
            "asc" | "" => false,
            "desc" => true,
            other => return Err(ColumnError::Direction(other.to_string())),
        };
        Ok(Sort { column, descending })
    }
}

/// A wrong column or sort order, typed by the user or read from config.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnError {
    Unknown(String),
    Empty,
    Direction(String),
    /// The list cannot be sorted on this column (its key).
    NotSortable(String),
}

impl ColumnError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ColumnError::Unknown(k) => t!(
                lang,
                "column-unknown",
                key = k,
                columns = Column::all_keys()
            ),
            ColumnError::Empty => t!(lang, "column-none-chosen"),
            ColumnError::Direction(d) => t!(lang, "column-sort-direction", direction = d),
            ColumnError::NotSortable(k) => t!(lang, "column-not-sortable", key = k),
        }
    }
}

impl std::fmt::Display for ColumnError {
    /// Swedish, the default language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Sv))
    }
}

impl std::error::Error for ColumnError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_round_trip() {
        for c in Column::ALL {
            assert_eq!(Column::from_key(c.key()), Some(c));
            assert_eq!(Column::ALL.iter().filter(|d| d.key() == c.key()).count(), 1);
        }
    }

    #[test]
    fn payment_columns_have_the_promeister_headers() {
        assert_eq!(
            Column::PaymentReceived.header(Lang::Sv),
            "Betalning mottagen"
        );
        assert_eq!(
            Column::PaymentReceivedAt.header(Lang::Sv),
            "Tidpunkt för mottagen betalning"
        );
        assert_eq!(Column::Total.header(Lang::Sv), "Belopp inkl. moms");
        assert_eq!(Column::PaymentMethod.header(Lang::En), "Payment method");
    }

    #[test]
    fn parse_list_rejects_unknown_keys() {
        assert_eq!(
            Column::parse_list("nr, payment_received,nr").unwrap(),
            vec![Column::Nr, Column::PaymentReceived]
        );
        let err = Column::parse_list("nr,betald").unwrap_err();
        assert_eq!(err, ColumnError::Unknown("betald".into()));
        assert!(err.message(Lang::Sv).contains("payment_received"));
        assert_eq!(Column::parse_list(" , "), Err(ColumnError::Empty));
    }

    #[test]
    fn sort_parsing() {
        assert_eq!(
            Sort::parse("total:desc").unwrap(),
            Sort {
                column: Column::Total,
                descending: true
            }
        );
        assert_eq!(
            Sort::parse("regnr").unwrap(),
            Sort {
                column: Column::Regnr,
                descending: false
            }
        );
        assert!(Sort::parse("regnr:up").is_err());
        assert!(Sort::parse("nope").is_err());
    }
}
