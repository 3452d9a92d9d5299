//! The sandboxes: simulators of the outside services Verkstad talks to, run on 127.0.0.1 so the
//! whole product can be used and tested without real money or hardware. They are not clients:
//! the app never calls into this room; the clients in `crate::payments` talk to a sandbox over
//! HTTP exactly as they talk to the real service.
//!
//! - [`resurs`]: the Resurs Bank Merchant API v2 (payment links, SMS outbox, customer page),
//!   and the launcher that starts it as its own detached process. Its [`resurs::serve`] serves
//!   every simulator of the `verkstad sandbox` process on one address.
//! - [`control_unit`]: a simulated control unit (kontrollenhet, SKVFS 2014:9): status,
//!   registrations with a control code, a journal in its own SQLite file
//!   (`control-unit-sandbox.db` beside the Resurs sandbox's state) and `/_sim/control-unit/*`
//!   drivers (out of order, the journal). Served by the same process as the Resurs sandbox, on
//!   the same address; it speaks the wire types of [`crate::control_unit`].
//! - [`klarna`]: Klarna Payments (reserve), Order Management (capture, refund, cancel, extend,
//!   release; `Klarna-Idempotency-Key`), authorization expiry, the Settlements API (payouts and
//!   their SALE/RETURN/FEE/REVERSAL transactions) and the Disputes API, HTTP Basic per test
//!   store, and `/_sim/klarna/*` drivers (authorize, fraud decision, clock, payouts, open and
//!   decide disputes). Served by the same process, on the same address; its state is its own
//!   SQLite file (`klarna-sandbox.db`). Its wire types are in [`klarna::wire`] until the Klarna
//!   client has its own (docs/KLARNA.md).
//!
//! A simulator imports `domain`, `text` and its service's wire types, never a client.

pub mod control_unit;
pub mod klarna;
pub mod resurs;
