//! The sandboxes: simulators of the outside services Verkstad talks to, run on 127.0.0.1 so the
//! whole product can be used and tested without real money or hardware. They are not clients:
//! the app never calls into this room; the clients in `crate::payments` talk to a sandbox over
//! HTTP exactly as they talk to the real service.
//!
//! - [`resurs`]: the Resurs Bank Merchant API v2 (payment links, SMS outbox, customer page),
//!   and the launcher that starts it as its own detached process.
//!
//! Later beside it: a Klarna sandbox (`klarna/`) and a control-unit simulator (`control_unit/`),
//! each a folder of its own that depends only on `domain` and its provider's wire types.

pub mod resurs;
