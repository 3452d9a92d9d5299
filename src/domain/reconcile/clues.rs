//! What a payment's references may name: the clues the matcher looks up, read from each
//! reference's text. Pure.

use serde::{Deserialize, Serialize};

use super::{PaymentRef, RefKind};
use crate::domain::ledger::ocr_valid;

/// Something a reference may name, for the store to look up.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Clue {
    /// An OCR number with valid length and check digits: the invoice number it carries.
    Ocr { text: String, invoice_no: i64 },
    /// An invoice number.
    InvoiceNo { text: String, no: i64 },
    /// An order number.
    OrderNo { text: String, nr: i64 },
    /// Our order reference of a payment attempt, "NR-ATTEMPT" ("10042-1"): its order.
    OrderReference { text: String, nr: i64 },
    /// A payment provider's payment or order id.
    ProviderId { text: String },
}

impl Clue {
    pub fn text(&self) -> &str {
        match self {
            Clue::Ocr { text, .. }
            | Clue::InvoiceNo { text, .. }
            | Clue::OrderNo { text, .. }
            | Clue::OrderReference { text, .. }
            | Clue::ProviderId { text } => text,
        }
    }
}

/// What a word before a number says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hint {
    None,
    Invoice,
    Order,
    Ocr,
}

fn hint_of(word: &str) -> Hint {
    let w = word.to_lowercase();
    let w = w.trim_end_matches(['.', ':', '#']);
    match w {
        "faktura" | "fakturanr" | "fakturanummer" | "fakt" | "fa" | "invoice" | "inv" | "fnr" => {
            Hint::Invoice
        }
        "order" | "ordernr" | "ordernummer" | "ordern" | "beställning" | "arbetsorder" | "onr" => {
            Hint::Order
        }
        "ocr" | "ocr-nr" | "ocrnr" | "referens" | "ref" => Hint::Ocr,
        _ => Hint::None,
    }
}

/// The longest number the matcher reads as an invoice or order number (an OCR may be longer).
const MAX_NUMBER_DIGITS: usize = 15;

/// A number of at least this many digits standing alone in free text is tried as an OCR first.
const OCR_FIRST_DIGITS: usize = 5;

/// The shortest token read as a provider's id (Klarna's order ids are UUIDs).
const MIN_PROVIDER_ID: usize = 8;

/// The clues of one reference, per token, each token's alternatives in the order they are
/// tried (the first that the store finds wins):
///
/// - a number: a valid OCR (length digit and Luhn digit), then an invoice number, then an order
///   number. A word before it ("faktura", "order", "OCR") moves its kind first; a number of
///   fewer than 5 digits in free text with no word before it is tried as an OCR last. An OCR
///   reference whose check digits fail is read as a plain number.
/// - `NR-N` (digits, dash, digits): our order reference of a payment attempt, then a
///   provider's id.
/// - any other token of at least 8 letters and digits with a digit in it: a provider's id.
///
/// Words are only hints. A creditor reference (`RF` + two check digits) is read without its
/// `RF` prefix.
pub fn clues(r: &PaymentRef) -> Vec<Vec<Clue>> {
    let mut text = r.text.trim();
    let b = text.as_bytes();
    if r.kind == RefKind::CreditorReference
        && b.len() > 4
        && b[..2].eq_ignore_ascii_case(b"RF")
        && b[2..4].iter().all(u8::is_ascii_digit)
    {
        // The first four bytes are ASCII, so byte 4 is a character boundary.
        text = text[4..].trim_start();
    }
    let tokens: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .map(|t| t.trim_matches('-'))
        .filter(|t| !t.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut hint = Hint::None;
    for token in tokens {
        let alternatives = token_clues(token, hint, r.kind);
        hint = hint_of(token);
        if !alternatives.is_empty() {
            out.push(alternatives);
        }
    }
    out
}

fn token_clues(token: &str, hint: Hint, kind: RefKind) -> Vec<Clue> {
    let text = token.to_string();
    if token.bytes().all(|b| b.is_ascii_digit()) {
        let mut alts = Vec::new();
        let ocr = if ocr_valid(token) {
            token[..token.len() - 2]
                .trim_start_matches('0')
                .parse::<i64>()
                .ok()
                .map(|invoice_no| Clue::Ocr {
                    text: text.clone(),
                    invoice_no,
                })
        } else {
            None
        };
        let number = if token.len() <= MAX_NUMBER_DIGITS {
            token.parse::<i64>().ok().filter(|n| *n > 0)
        } else {
            None
        };
        let invoice = number.map(|no| Clue::InvoiceNo {
            text: text.clone(),
            no,
        });
        let order = number.map(|nr| Clue::OrderNo {
            text: text.clone(),
            nr,
        });
        let order_first = hint == Hint::Order;
        // The bank says it is an OCR, or a word does, or a long number stands alone: a valid
        // OCR first. A short number in free text is rather an invoice number.
        let ocr_first = kind == RefKind::Ocr
            || hint == Hint::Ocr
            || (hint == Hint::None && token.len() >= OCR_FIRST_DIGITS);
        if ocr_first {
            alts.extend(ocr.clone());
        }
        if order_first {
            alts.extend(order.clone());
            alts.extend(invoice);
        } else {
            alts.extend(invoice);
            alts.extend(order);
        }
        if !ocr_first {
            alts.extend(ocr);
        }
        return alts;
    }
    if let Some((a, b)) = token.split_once('-')
        && !a.is_empty()
        && a.len() <= MAX_NUMBER_DIGITS
        && a.bytes().all(|c| c.is_ascii_digit())
        && !b.is_empty()
        && b.len() <= 4
        && b.bytes().all(|c| c.is_ascii_digit())
        && let Ok(nr) = a.parse::<i64>()
    {
        return vec![
            Clue::OrderReference {
                text: text.clone(),
                nr,
            },
            Clue::ProviderId { text },
        ];
    }
    let alnum = token.chars().filter(|c| c.is_alphanumeric()).count();
    if alnum >= MIN_PROVIDER_ID && token.bytes().any(|b| b.is_ascii_digit()) {
        return vec![Clue::ProviderId { text }];
    }
    Vec::new()
}
