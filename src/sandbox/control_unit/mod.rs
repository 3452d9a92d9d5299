//! A simulated control unit (kontrollenhet), served by the same `verkstad sandbox` process as
//! the Resurs sandbox (its router is merged into the one [`super::resurs::serve`] builds, and
//! its requests count as activity for the idle timeout). It speaks the wire types of
//! [`crate::control_unit`], so [`crate::control_unit::HttpControlUnit`] works against it as
//! against a unit on the network.
//!
//! **It is a simulator, and says so:** its status answers `simulated: true`, its serial is
//! `SIM-SE-0001-XXXXXXXX` and its control codes are a keyed hash (see `rules.rs`), not a
//! certified unit's. Receipts registered with it are not legal receipts.
//!
//! Its state is its own SQLite file beside the Resurs sandbox's ([`state_path`]:
//! `control-unit-sandbox.db`): the unit's serial and secret (made on first start, so both are
//! stable per state file), whether it is out of order, and the journal of every registration,
//! which survives restarts.
//!
//! Routes (JSON, snake_case; no token, loopback only like the whole sandbox):
//!
//! | route | answer |
//! |---|---|
//! | `GET /control-unit/v1/status` | `200 {"serial", "model", "simulated": true}`; `503 {"reason"}` when out of order |
//! | `POST /control-unit/v1/registrations` (a `Registration`) | `201 {"code", "unit_serial"}`; `200` with the same code for the same registration again; `400 {"reason"}` invalid; `503 {"reason"}` out of order. The same number with other content is journaled as well (a register that rolled back after the answer uses the number again) |
//! | `POST /_sim/control-unit/fault` `{"out_of_order": bool, "reason": "…"}` | `200 {"out_of_order", "reason"}`: status and registrations answer 503 with the reason until switched back |
//! | `GET /_sim/control-unit/registrations[?register_id=…]` | `200 [JournalEntry…]` in the order registered |
//!
//! A registration is refused (400) when the orgnr or the register id is empty, the receipt
//! number is below 1, the total's sign does not fit (a return ≤ 0, a sale ≥ 0), a VAT amount's
//! sign does not fit, a VAT rate is given twice, or the VAT is more than the total.

mod journal;
mod rules;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::control_unit::{ControlCode, Registration, UnitStatus};
use journal::{Journal, Registered};

/// The state file's name, beside the Resurs sandbox's.
pub const STATE_FILE: &str = "control-unit-sandbox.db";

/// The reason a fault is given when the driver names none.
const DEFAULT_FAULT: &str = "simulated fault";

/// The simulated unit's model designation (the law wants "SE" in it).
pub const MODEL: &str = "Verkstad SIM-SE (simulated control unit)";

/// The simulator's state file beside the Resurs sandbox's state file `resurs_state`.
pub fn state_path(resurs_state: &Path) -> PathBuf {
    resurs_state.with_file_name(STATE_FILE)
}

/// One registration in the journal (`GET /_sim/control-unit/registrations`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// 1, 2, 3 … in the order registered.
    pub seq: i64,
    pub registration: Registration,
    pub code: String,
    pub unit_serial: String,
    /// When the unit journaled it (UTC, RFC 3339).
    pub registered_at: String,
}

/// The body of `POST /_sim/control-unit/fault`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FaultSwitch {
    pub out_of_order: bool,
    #[serde(default)]
    pub reason: Option<String>,
}

/// The simulated unit: its state file behind a lock (every operation is small and synchronous).
pub struct Simulator {
    journal: Mutex<Journal>,
}

impl Simulator {
    /// Opens (or makes) the unit's state file.
    pub fn open(path: &Path) -> rusqlite::Result<Simulator> {
        Ok(Simulator {
            journal: Mutex::new(Journal::open(path)?),
        })
    }

    fn journal(&self) -> MutexGuard<'_, Journal> {
        // A panic elsewhere must not take the unit down: SQLite keeps the data consistent.
        self.journal
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

type Shared = Arc<Simulator>;

/// The unit's routes and its `/_sim` drivers.
pub fn router(sim: Shared) -> Router {
    Router::new()
        .route("/control-unit/v1/status", get(status))
        .route("/control-unit/v1/registrations", post(register))
        .route("/_sim/control-unit/fault", post(set_fault))
        .route("/_sim/control-unit/registrations", get(registrations))
        .with_state(sim)
}

fn reason(status: StatusCode, reason: impl Into<String>) -> Response {
    (status, axum::Json(json!({ "reason": reason.into() }))).into_response()
}

fn db_failure(e: rusqlite::Error) -> Response {
    tracing::error!(error = %e, "control-unit sandbox: the state file failed");
    reason(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
}

fn out_of_order(fault: String) -> Response {
    reason(StatusCode::SERVICE_UNAVAILABLE, fault)
}

async fn status(State(sim): State<Shared>) -> Response {
    let journal = sim.journal();
    match journal.fault() {
        Err(e) => db_failure(e),
        Ok(Some(fault)) => out_of_order(fault),
        Ok(None) => axum::Json(UnitStatus {
            serial: journal.serial().to_string(),
            model: MODEL.into(),
            simulated: true,
        })
        .into_response(),
    }
}

async fn register(State(sim): State<Shared>, body: Bytes) -> Response {
    let mut journal = sim.journal();
    match journal.fault() {
        Err(e) => return db_failure(e),
        Ok(Some(fault)) => return out_of_order(fault),
        Ok(None) => {}
    }
    let registration: Registration = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => return reason(StatusCode::BAD_REQUEST, format!("invalid JSON body: {e}")),
    };
    if let Err(why) = rules::validate(&registration) {
        tracing::info!(reason = %why, "control-unit sandbox: registration refused");
        return reason(StatusCode::BAD_REQUEST, why);
    }
    let (status, code) = match journal.register(&registration) {
        Err(e) => return db_failure(e),
        Ok(Registered::New(code)) => (StatusCode::CREATED, code),
        Ok(Registered::Again(code)) => (StatusCode::OK, code),
    };
    tracing::info!(
        register = %registration.register_id, receipt_no = registration.receipt_no, %code,
        "control-unit sandbox: registered"
    );
    let answer = ControlCode {
        code,
        unit_serial: journal.serial().to_string(),
    };
    (status, axum::Json(answer)).into_response()
}

async fn set_fault(State(sim): State<Shared>, body: Bytes) -> Response {
    let switch: FaultSwitch = match serde_json::from_slice(&body) {
        Ok(s) => s,
        Err(e) => return reason(StatusCode::BAD_REQUEST, format!("invalid JSON body: {e}")),
    };
    let fault = switch.out_of_order.then(|| {
        switch
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .unwrap_or(DEFAULT_FAULT)
            .to_string()
    });
    if let Err(e) = sim.journal().set_fault(fault.as_deref()) {
        return db_failure(e);
    }
    tracing::info!(?fault, "control-unit sandbox: fault switched");
    axum::Json(FaultSwitch {
        out_of_order: fault.is_some(),
        reason: fault,
    })
    .into_response()
}

#[derive(Debug, Deserialize)]
struct ListQuery {
    register_id: Option<String>,
}

async fn registrations(State(sim): State<Shared>, Query(q): Query<ListQuery>) -> Response {
    match sim.journal().entries(q.register_id.as_deref()) {
        Ok(entries) => axum::Json(entries).into_response(),
        Err(e) => db_failure(e),
    }
}
