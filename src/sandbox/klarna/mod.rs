//! A local Klarna sandbox (shared/docs/providers.md §2), served by the same `verkstad sandbox`
//! process as the Resurs sandbox and the simulated control unit: [`super::resurs::serve`] merges
//! its [`router`], and its requests count as activity for the idle timeout. Its state is its
//! own SQLite file beside the Resurs sandbox's ([`state_path`]: `klarna-sandbox.db`) and
//! survives restarts. It answers in Klarna's wire format ([`wire`]: snake_case JSON, integer
//! minor units, Klarna's error body `{error_code, error_messages, correlation_id}`), so a Klarna
//! client works against it unchanged. docs/KLARNA.md lists every path, driver and test datum.
//!
//! **Stores and credentials.** HTTP Basic per Klarna store on every API path (an unknown one
//! too): the two [`TEST_STORES`] (`GET /_sim/klarna/stores`). A store sees only its own
//! sessions, orders, payouts and disputes; wrong credentials are `401 UNAUTHORIZED`.
//!
//! - Payments (reserve): `POST /payments/v1/sessions`, `GET /payments/v1/sessions/{id}`,
//!   `POST /payments/v1/authorizations/{token}/order`,
//!   `DELETE /payments/v1/authorizations/{token}`.
//! - Order Management, under `/ordermanagement/v1/orders/{id}`: `GET`, `GET` and
//!   `POST …/captures`, `GET …/captures/{capture_id}`, `POST …/refunds`,
//!   `GET …/refunds/{refund_id}`, `POST …/cancel`, `POST …/extend-authorization-time`,
//!   `POST …/release-remaining-authorization`.
//! - Settlements: `GET /settlements/v1/payouts`, `GET /settlements/v1/payouts/{payment_reference}`,
//!   `GET /settlements/v1/transactions`.
//! - Disputes, under `/disputes/v2/disputes`: `GET`, `GET …/{krn}`, `POST …/{krn}/accept-loss`,
//!   `POST …/{krn}/attachments`, `POST …/{krn}/requests/{request_id}/responses`.
//! - Drivers, under `/_sim/klarna`: `GET …/stores`, `POST …/authorize`, `GET …/orders`,
//!   `POST …/orders/{id}/fraud`, `POST …/clock/advance`, `POST …/payouts`, `POST …/disputes`,
//!   `POST …/disputes/{krn}/decide`, `GET`/`POST …/hold` (hold back the answer of the next
//!   matching call, after it is done: a lost answer), `POST …/reset` (also done by
//!   `POST /_sim/reset`).
//!
//! Every mutating API call honours `Klarna-Idempotency-Key`: the same key again (per store)
//! answers the first successful answer again, `Capture-Id` and all, and does nothing more; only
//! the key matters, not the body (providers.md K1).
//!
//! Files: `wire.rs` the wire types, `input.rs` reading request bodies (integer quantities, the
//! lines' sums), `rules.rs` the order's state machine, `settlements.rs` transactions and
//! payouts, `disputes.rs` disputes, `store.rs` (+ `store/ledger.rs`) the SQLite state,
//! `http.rs` authentication, replies and idempotency, `orders.rs` the Payments and Order
//! Management handlers, `sim.rs` the drivers.

mod disputes;
mod http;
mod input;
mod orders;
mod rules;
mod settlements;
mod sim;
mod store;
pub mod wire;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::Router;
use axum::routing::{get, post};
use serde::Serialize;

use store::Store;

/// The state file's name, beside the Resurs sandbox's.
pub const STATE_FILE: &str = "klarna-sandbox.db";

/// The Klarna sandbox's state file beside the Resurs sandbox's state file `resurs_state`.
pub fn state_path(resurs_state: &Path) -> PathBuf {
    resurs_state.with_file_name(STATE_FILE)
}

/// A Klarna store the sandbox knows: its API credentials (HTTP Basic) and merchant id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TestStore {
    pub username: &'static str,
    pub password: &'static str,
    pub merchant_id: &'static str,
    pub name: &'static str,
}

/// The two test stores (a workshop with two Klarna stores, as in the seed article).
pub const TEST_STORES: [TestStore; 2] = [
    TestStore {
        username: "PK_TEST_STORE_A",
        password: "sandbox-secret-a",
        merchant_id: "PK00001",
        name: "Sandbox store A",
    },
    TestStore {
        username: "PK_TEST_STORE_B",
        password: "sandbox-secret-b",
        merchant_id: "PK00002",
        name: "Sandbox store B",
    },
];

/// The sandbox's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// An uncaptured reservation expires after this many days of the sandbox clock (Klarna:
    /// "usually within 28 days"); `extend-authorization-time` adds as many again.
    pub authorization_days: i64,
    /// The fee of a lost dispute, in öre (our assumption: 150,00 kr; Klarna's amount is not in
    /// the sources).
    pub dispute_fee: i64,
    /// The fee per sale in a payout, unless the payout driver names another.
    pub fee: Fee,
}

pub use settlements::Fee;

impl Default for Options {
    fn default() -> Self {
        Options {
            authorization_days: 28,
            dispute_fee: 15_000,
            fee: Fee {
                rate: 249,
                fixed: 0,
            },
        }
    }
}

/// The Klarna sandbox: its state file behind a lock (every request is small and synchronous).
pub struct Simulator {
    store: Mutex<Store>,
    options: Options,
    /// Answers to hold back (`/_sim/klarna/hold`): a lost answer, for crash tests.
    holds: http::Holds,
}

impl Simulator {
    /// Opens (or makes) the state file.
    pub fn open(path: &Path, options: Options) -> rusqlite::Result<Simulator> {
        Ok(Simulator {
            store: Mutex::new(Store::open(path)?),
            options,
            holds: http::Holds::default(),
        })
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        // A panic elsewhere must not take the sandbox down: SQLite keeps the data consistent.
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Forgets every session, order, payout and dispute; the clock goes back to real time.
    pub fn reset(&self) -> rusqlite::Result<()> {
        self.holds.clear();
        self.store().reset()
    }
}

/// Klarna's paths (behind HTTP Basic) and the `/_sim/klarna` drivers.
pub fn router(sim: Arc<Simulator>) -> Router {
    let om = "/ordermanagement/v1/orders/{order_id}";
    let api = Router::new()
        .route("/payments/v1/sessions", post(orders::create_session))
        .route(
            "/payments/v1/sessions/{session_id}",
            get(orders::get_session),
        )
        .route(
            "/payments/v1/authorizations/{token}/order",
            post(orders::create_order),
        )
        .route(
            "/payments/v1/authorizations/{token}",
            axum::routing::delete(orders::cancel_authorization),
        )
        .route(om, get(orders::get_order))
        .route(
            &format!("{om}/captures"),
            get(orders::list_captures).post(orders::capture),
        )
        .route(
            &format!("{om}/captures/{{capture_id}}"),
            get(orders::get_capture),
        )
        .route(&format!("{om}/refunds"), post(orders::refund))
        .route(
            &format!("{om}/refunds/{{refund_id}}"),
            get(orders::get_refund),
        )
        .route(&format!("{om}/{{action}}"), post(orders::order_action))
        .route("/settlements/v1/payouts", get(settlements::list_payouts))
        .route(
            "/settlements/v1/payouts/{payment_reference}",
            get(settlements::get_payout),
        )
        .route(
            "/settlements/v1/transactions",
            get(settlements::list_transactions),
        )
        .route("/disputes/v2/disputes", get(disputes::list))
        .route("/disputes/v2/disputes/{krn}", get(disputes::get))
        .route(
            "/disputes/v2/disputes/{krn}/accept-loss",
            post(disputes::accept_loss_call),
        )
        .route(
            "/disputes/v2/disputes/{krn}/attachments",
            post(disputes::attach_call),
        )
        .route(
            "/disputes/v2/disputes/{krn}/requests/{request_id}/responses",
            post(disputes::respond_call),
        )
        // Anything else under Klarna's prefixes is Klarna's 404 (after authentication), not
        // the Resurs sandbox's.
        .route(
            "/payments/v1/{*rest}",
            axum::routing::any(http::no_such_path),
        )
        .route(
            "/ordermanagement/v1/{*rest}",
            axum::routing::any(http::no_such_path),
        )
        .route(
            "/settlements/v1/{*rest}",
            axum::routing::any(http::no_such_path),
        )
        .route(
            "/disputes/v2/{*rest}",
            axum::routing::any(http::no_such_path),
        )
        .layer(axum::middleware::from_fn(http::authenticate))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&sim),
            http::hold_answer,
        ));
    let drivers = Router::new()
        .route("/_sim/klarna/stores", get(sim::stores))
        .route("/_sim/klarna/authorize", post(sim::authorize))
        .route("/_sim/klarna/orders", get(sim::orders))
        .route("/_sim/klarna/orders/{order_id}/fraud", post(sim::fraud))
        .route("/_sim/klarna/clock/advance", post(sim::clock_advance))
        .route("/_sim/klarna/payouts", post(sim::payouts))
        .route("/_sim/klarna/disputes", post(sim::open_dispute))
        .route(
            "/_sim/klarna/disputes/{krn}/decide",
            post(sim::decide_dispute),
        )
        .route("/_sim/klarna/hold", get(sim::holds).post(sim::hold))
        .route("/_sim/klarna/reset", post(sim::reset));
    api.merge(drivers).with_state(sim)
}
