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
