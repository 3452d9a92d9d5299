//! Refunds to customers' bank accounts (issue 15): where the money goes ([`Payee`]), what a
//! refund is ([`RefundSource`], [`RefundState`]), the pain.001 file a batch is written as
//! ([`pain001`]) and the pain.002 status report read back ([`pain002`]).
//!
//! Pure: no I/O, no clock (the batch's time is passed in).

pub mod pain001;
pub mod pain002;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use super::ids::{Bankgiro, Bic, Iban, IdError, Plusgiro, SwedishAccount};

/// Where a customer's refunds are paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Payee {
    /// A Swedish bank account (clearing + account), checked by its bank's rules.
    Account(SwedishAccount),
    /// An IBAN (checked), with the bank's BIC when known.
    Iban { iban: Iban, bic: Option<Bic> },
    /// A bankgiro number (companies), canonical `NNNN-NNNN`.
    Bankgiro { number: String },
    /// A plusgiro number, canonical `NNNNNN-C`.
    Plusgiro { number: String },
}

impl Payee {
    pub fn account(s: &str) -> Result<Payee, IdError> {
        SwedishAccount::parse(s).map(Payee::Account)
    }

    pub fn iban(iban: &str, bic: Option<&str>) -> Result<Payee, IdError> {
        Ok(Payee::Iban {
            iban: Iban::parse(iban)?,
            bic: bic.map(Bic::parse).transpose()?,
        })
    }

    pub fn bankgiro(s: &str) -> Result<Payee, IdError> {
        Ok(Payee::Bankgiro {
            number: Bankgiro::parse(s)?.canonical().to_owned(),
        })
    }

    pub fn plusgiro(s: &str) -> Result<Payee, IdError> {
        Ok(Payee::Plusgiro {
            number: Plusgiro::parse(s)?.canonical().to_owned(),
        })
    }

    /// The details as a person writes them in one field, and the BIC apart (the customer
    /// form's two fields): `5000-1001000`, `SE45 5000 0000 0583 9825 7466` (BIC apart),
    /// `BG 5050-1055`, `PG 4711-8`. [`written_kind`] reads them back as the same payee.
    pub fn written(&self) -> (String, String) {
        match self {
            Payee::Account(a) => (a.to_string(), String::new()),
            Payee::Iban { iban, bic } => (
                iban.to_string(),
                bic.as_ref().map(|b| b.to_string()).unwrap_or_default(),
            ),
            Payee::Bankgiro { number } => (format!("BG {number}"), String::new()),
            Payee::Plusgiro { number } => (format!("PG {number}"), String::new()),
        }
    }

    /// The kind's code as stored: `account`, `iban`, `bankgiro`, `plusgiro`.
    pub fn kind(&self) -> &'static str {
        match self {
            Payee::Account(_) => "account",
            Payee::Iban { .. } => "iban",
            Payee::Bankgiro { .. } => "bankgiro",
            Payee::Plusgiro { .. } => "plusgiro",
        }
    }
}

/// Which kind of payment details one written field holds, and the number without its word:
/// `BG …`/`bankgiro …` and `PG …`/`plusgiro …` say it; `IBAN …` or two letters first is an
/// IBAN; anything else is a Swedish clearing + account number. Empty text is None. The number
/// itself is checked by the kind's own parser.
pub fn written_kind(text: &str) -> Option<(WrittenKind, &str)> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    // The word in front, any case, then spaces or a colon.
    let after = |word: &str| {
        t.get(..word.len())
            .filter(|head| head.eq_ignore_ascii_case(word))
            .map(|_| t[word.len()..].trim_start_matches([' ', ':']))
    };
    // A giro number is digits, dashes and spaces only (a Bulgarian IBAN also starts "BG").
    let giro = |r: &&str| {
        r.starts_with(|c: char| c.is_ascii_digit())
            && r.chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
    };
    for (word, kind) in [
        ("bankgiro", WrittenKind::Bankgiro),
        ("bg", WrittenKind::Bankgiro),
        ("plusgiro", WrittenKind::Plusgiro),
        ("pg", WrittenKind::Plusgiro),
    ] {
        if let Some(rest) = after(word).filter(giro) {
            return Some((kind, rest));
        }
    }
    if let Some(rest) = after("iban").filter(|r| r.starts_with(|c: char| c.is_ascii_alphabetic())) {
        return Some((WrittenKind::Iban, rest));
    }
    let mut chars = t.chars();
    if chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
    {
        return Some((WrittenKind::Iban, t));
    }
    Some((WrittenKind::Account, t))
}

/// The kinds [`written_kind`] tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WrittenKind {
    Account,
    Iban,
    Bankgiro,
    Plusgiro,
}

impl std::fmt::Display for Payee {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Payee::Account(a) => {
                let bank = a.bank();
                write!(f, "{a} ({bank})")
            }
            Payee::Iban { iban, bic: Some(b) } => write!(f, "IBAN {iban}, BIC {b}"),
            Payee::Iban { iban, bic: None } => write!(f, "IBAN {iban}"),
            Payee::Bankgiro { number } => write!(f, "BG {number}"),
            Payee::Plusgiro { number } => write!(f, "PG {number}"),
        }
    }
}

/// What a refund pays back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundSource {
    /// A FAKTURA invoice paid by bank whose credit notes leave the customer owed money
    /// (booked back on 1510).
    Invoice,
    /// A bank payment's credit on 2420 (paid more than asked).
    Payment,
}

impl RefundSource {
    pub fn code(self) -> &'static str {
        match self {
            RefundSource::Invoice => "invoice",
            RefundSource::Payment => "payment",
        }
    }

    pub fn parse(s: &str) -> Option<RefundSource> {
        match s {
            "invoice" => Some(RefundSource::Invoice),
            "payment" => Some(RefundSource::Payment),
            _ => None,
        }
    }

    /// The letter of a proposal's id: `F41` (faktura 41), `I17` (inbetalning 17).
    pub fn letter(self) -> char {
        match self {
            RefundSource::Invoice => 'F',
            RefundSource::Payment => 'I',
        }
    }
}

/// A proposal's id as the user types it: `F41` or `I17`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ProposalId {
    pub source: RefundSource,
    pub id: i64,
}

impl ProposalId {
    pub fn parse(s: &str) -> Option<ProposalId> {
        let s = s.trim();
        let mut chars = s.chars();
        let source = match chars.next()?.to_ascii_uppercase() {
            'F' => RefundSource::Invoice,
            'I' => RefundSource::Payment,
            _ => return None,
        };
        let rest = chars.as_str();
        if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) || rest.len() > 15 {
            return None;
        }
        Some(ProposalId {
            source,
            id: rest.parse().ok()?,
        })
    }
}

impl std::fmt::Display for ProposalId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.source.letter(), self.id)
    }
}

/// Where a refund stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundState {
    /// Changed by hand, not yet sent.
    Proposed,
    /// In a batch, waiting for the bank ("skickad"); the money is still owed.
    Sent,
    /// The bank refused it; the money is proposed again.
    Rejected,
    /// The bank's debit confirmed it and it is booked.
    Booked,
}

impl RefundState {
    pub fn code(self) -> &'static str {
        match self {
            RefundState::Proposed => "proposed",
            RefundState::Sent => "sent",
            RefundState::Rejected => "rejected",
            RefundState::Booked => "booked",
        }
    }

    pub fn parse(s: &str) -> Option<RefundState> {
        match s {
            "proposed" => Some(RefundState::Proposed),
            "sent" => Some(RefundState::Sent),
            "rejected" => Some(RefundState::Rejected),
            "booked" => Some(RefundState::Booked),
            _ => None,
        }
    }
}

/// The message to the customer: the configured prefix and the reference (a credit note: the
/// customer's order number; a payment's credit: its payment reference), at most 140
/// characters (ISO 20022 `Ustrd`), cut at a character boundary.
pub fn remittance(prefix: &str, reference: &str) -> String {
    let text = match (prefix.trim(), reference.trim()) {
        ("", r) => r.to_owned(),
        (p, r) => format!("{p} {r}"),
    };
    text.chars().take(140).collect()
}
