//! The control unit (kontrollenhet) behind a neutral, blocking interface.
//!
//! Swedish law (SFL 39 kap., SKVFS 2014:9 4 kap. 9 §) says a cash or card sale may only be
//! registered when the register's control unit answers and has produced a control code
//! (kontrollkod) for the receipt. The counter therefore asks the unit *inside* the SQLite write
//! transaction that takes the receipt number: when the unit does not answer, answers that it is
//! out of order, or refuses, the error rolls the whole transaction back and nothing is saved.
//! That is why [`ControlUnit`] is synchronous: it is called on the thread that holds the
//! transaction, never awaited.
//!
//! - [`ControlUnit`]: `status`, `register` (a [`Registration`] in, a [`ControlCode`] out) and
//!   `address` (where the unit is, for messages).
//! - [`ControlUnitError`]: `Unreachable`, `OutOfOrder`, `Refused`, `Protocol`, each rendered
//!   for the counter clerk in Swedish or English by [`ControlUnitError::message`].
//! - [`HttpControlUnit`] (`http.rs`): a unit that speaks the JSON protocol below over HTTP, with
//!   a 1 s connect timeout and a 3 s total timeout, so a dead unit never hangs the counter.
//! - [`MemoryControlUnit`] (`memory.rs`): a test double in memory that can be switched to fail.
//!
//! # The embedded default is a simulator
//!
//! Out of the box Verkstad registers against the **simulated** control unit that the
//! `verkstad sandbox` process serves (`crate::sandbox::control_unit`): its status says
//! `simulated: true`, its serial starts with `SIM-SE-`, and its control codes are made by the
//! simulator (a keyed hash), not by a certified unit. A receipt registered with it is not a
//! legal receipt, and everything that shows or prints its control code must say so
//! ([`UnitStatus::simulated`], [`HttpControlUnit::is_simulated`]).
//!
//! # A real unit
//!
//! A real unit is a new module behind the same trait, chosen where the app wires its providers:
//! a CleanCash-type control unit (SKVFS 2009:2; a device on USB, serial or the local network,
//! talked to through the manufacturer's driver or protocol), or a control system per
//! SKVFS 2020:9 (a server or cloud service, HTTPS with client certificates). It maps its own
//! faults to [`ControlUnitError`] (no answer → `Unreachable`, a unit reporting a fault →
//! `OutOfOrder`, an invalid registration → `Refused`), returns the unit's manufacturing number
//! (tillverkningsnummer) as [`ControlCode::unit_serial`] (it is printed on the receipt), and
//! must answer within a few seconds. A malfunction of the unit must be documented and reported
//! to Skatteverket; the messages tell the clerk so.
//!
//! # The wire format (JSON, snake_case)
//!
//! The HTTP protocol [`HttpControlUnit`] speaks and the simulator serves:
//!
//! - `GET {base}/control-unit/v1/status` → `200 {"serial": "SIM-SE-0001-1A2B3C4D",
//!   "model": "…SE…", "simulated": true}`; `503 {"reason": "…"}` when out of order.
//! - `POST {base}/control-unit/v1/registrations` with a [`Registration`]:
//!   `{"orgnr": "556677-8899", "register_id": "KASSA-1", "receipt_no": 17,
//!   "at": "2025-03-14T10:22:05", "kind": "normal", "is_return": false, "total": "1250.00",
//!   "vat": [[25, "250.00"]]}` — `kind` is one of `normal`, `copy`, `training`, `pro_forma`
//!   (CleanCash's normal, kopia, ovning, profo); money is a string with two decimals; `vat` is
//!   a list of `[rate in percent, VAT amount]` pairs. Answers: `201 {"code": "…",
//!   "unit_serial": "…"}` (`200` with the same code when the same registration is sent again),
//!   `400 {"reason": "…"}` (invalid), `503 {"reason": "…"}` (out of order). The same number
//!   with other content is journaled too, with a code of its own: when the answer is lost (or
//!   the register's transaction fails after it), the register rolls back and the next sale uses
//!   the number again; the unit keeps both, and the counter is never stuck on a number.

mod http;
mod memory;

pub use http::HttpControlUnit;
pub use memory::MemoryControlUnit;

use serde::{Deserialize, Serialize};

use crate::domain::{Lang, Money, VatRate};
use crate::t;

/// The kind of receipt registered (CleanCash's receipt types: normal, kopia, ovning, profo).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationKind {
    /// A sales or return receipt.
    Normal,
    /// A copy of a receipt ("kopia").
    Copy,
    /// A training registration ("övning").
    Training,
    /// A pro forma receipt ("ej kvitto").
    ProForma,
}

impl RegistrationKind {
    /// The word on the wire: `normal`, `copy`, `training`, `pro_forma`.
    pub fn code(self) -> &'static str {
        match self {
            RegistrationKind::Normal => "normal",
            RegistrationKind::Copy => "copy",
            RegistrationKind::Training => "training",
            RegistrationKind::ProForma => "pro_forma",
        }
    }
}

/// One receipt as the control unit sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    /// The seller's organisationsnummer, "556677-8899".
    pub orgnr: String,
    /// The register's designation (kassabeteckning), "KASSA-1".
    pub register_id: String,
    /// From the register's own unbroken series, 1 and up.
    pub receipt_no: i64,
    /// The local date and time printed on the receipt.
    pub at: chrono::NaiveDateTime,
    pub kind: RegistrationKind,
    /// A return receipt (returkvitto).
    pub is_return: bool,
    /// Including VAT; negative on a return.
    pub total: Money,
    /// The VAT amount per rate.
    pub vat: Vec<(VatRate, Money)>,
}

/// What the unit answers to a registration: printed on (or stored with) the receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlCode {
    /// The control code (kontrollkod).
    pub code: String,
    /// The unit's manufacturing number (tillverkningsnummer).
    pub unit_serial: String,
}

/// What the unit says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitStatus {
    /// The manufacturing number.
    pub serial: String,
    /// The model designation (it contains "SE").
    pub model: String,
    /// A simulator, not a certified unit: its control codes are not legal ones.
    #[serde(default)]
    pub simulated: bool,
}

/// Why the unit gave no control code. Whatever the variant, the sale was not registered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message(Lang::Sv))]
pub enum ControlUnitError {
    /// No answer: connection refused, no route, or a timeout.
    Unreachable { url: String },
    /// The unit answered that it is faulty (HTTP 503 with a reason).
    OutOfOrder { url: String, reason: String },
    /// The unit refused the registration as invalid (4xx with a reason).
    Refused { reason: String },
    /// The unit answered something unexpected.
    Protocol { url: String, detail: String },
}

impl ControlUnitError {
    /// The message for the counter clerk, in the given language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ControlUnitError::Unreachable { url } => {
                t!(lang, "control-unit-unreachable", url = url)
            }
            ControlUnitError::OutOfOrder { url, reason } => t!(
                lang,
                "control-unit-out-of-order",
                url = url,
                reason = sentence(reason)
            ),
            ControlUnitError::Refused { reason } => {
                t!(lang, "control-unit-refused", reason = sentence(reason))
            }
            ControlUnitError::Protocol { url, detail } => t!(
                lang,
                "control-unit-protocol",
                url = url,
                detail = sentence(detail)
            ),
        }
    }
}

/// The unit's own words, to stand before the message's full stop.
fn sentence(text: &str) -> &str {
    text.trim().trim_end_matches('.')
}

/// A control unit. Blocking: it is called inside the write transaction that takes the receipt
/// number, so that a failing unit rolls everything back.
pub trait ControlUnit: Send + Sync {
    /// What the unit says about itself (an error when it does not answer or is out of order).
    fn status(&self) -> Result<UnitStatus, ControlUnitError>;
    /// Registers one receipt and returns its control code.
    fn register(&self, r: &Registration) -> Result<ControlCode, ControlUnitError>;
    /// Where it is (for messages): "http://127.0.0.1:9400".
    fn address(&self) -> &str;
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn sale() -> Registration {
        Registration {
            orgnr: "556677-8899".into(),
            register_id: "KASSA-1".into(),
            receipt_no: 17,
            at: NaiveDate::from_ymd_opt(2025, 3, 14)
                .unwrap()
                .and_hms_opt(10, 22, 5)
                .unwrap(),
            kind: RegistrationKind::ProForma,
            is_return: false,
            total: Money::from_ore(125_000),
            vat: vec![(VatRate::R25, Money::from_ore(25_000))],
        }
    }

    #[test]
    fn the_wire_format_is_snake_case_with_money_as_text() {
        let json = serde_json::to_value(sale()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "orgnr": "556677-8899", "register_id": "KASSA-1", "receipt_no": 17,
                "at": "2025-03-14T10:22:05", "kind": "pro_forma", "is_return": false,
                "total": "1250.00", "vat": [[25, "250.00"]]
            })
        );
        let back: Registration = serde_json::from_value(json).unwrap();
        assert_eq!(back, sale());
        assert_eq!(RegistrationKind::ProForma.code(), "pro_forma");
    }

    #[test]
    fn every_error_reads_in_both_languages_with_its_details() {
        let url = "http://127.0.0.1:9400".to_string();
        let errors = [
            ControlUnitError::Unreachable { url: url.clone() },
            ControlUnitError::OutOfOrder {
                url: url.clone(),
                reason: "minnet är fullt".into(),
            },
            ControlUnitError::Refused {
                reason: "receipt_no must be 1 or more".into(),
            },
            ControlUnitError::Protocol {
                url: url.clone(),
                detail: "HTTP 500".into(),
            },
        ];
        for e in &errors {
            let sv = e.message(Lang::Sv);
            let en = e.message(Lang::En);
            assert!(sv.contains("ontrollenhet"), "{sv}");
            assert!(en.contains("control unit"), "{en}");
            assert_ne!(sv, en);
            assert_eq!(e.to_string(), sv);
        }
        assert!(errors[0].message(Lang::Sv).contains(&url));
        assert!(errors[0].message(Lang::Sv).contains("inget har sparats"));
        assert!(errors[1].message(Lang::En).contains("minnet är fullt"));
        assert!(errors[2].message(Lang::Sv).contains("receipt_no"));
    }
}
