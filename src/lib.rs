//! Verkstad: a keyboard-driven point-of-sale for Swedish car workshops.
//!
//! # The rooms and their arrows
//!
//! One crate, one folder per room; an arrow `a → b` means "`a` may `use crate::b`". Arrows point
//! down only, and nothing below imports anything above it (docs/ARCHITECTURE.md has the long
//! form).
//!
//! ```text
//!        cli        tui              front ends: read input, call app, render outcomes
//!          \        /
//!           ▼      ▼
//!             app                    use cases, configuration, wiring of providers and store
//!        /     |      |      \
//!       ▼      ▼      ▼       ▼
//!    store payments print control_unit bankfiles   persistence · payment providers ·
//!        \     |      |      /          /         printouts · the control unit · bank files
//!         ▼    ▼      ▼     ▼          ▼
//!            domain                  pure: money, VAT, identifiers, orders, invoices, ledger
//!              |
//!              ▼
//!             text                   the catalogue of user-facing words, Swedish and English
//!
//!    sandbox: simulators of outside services (the Resurs sandbox, the simulated control unit);
//!    they speak their service's wire format (`payments::<provider>` types, `control_unit`'s
//!    types) and `domain`, and are started by app.
//! ```
//!
//! - [`text`] imports no other room; every room may use it (`t!`, `msg!`). No sentence is written
//!   in two languages anywhere else (a test in tests/ checks it).
//! - [`domain`] imports only [`text`]: no I/O, no clock (the caller passes `today`).
//! - [`store`], [`payments`] and [`print`](mod@print) import only [`domain`], never each other: the store
//!   persists, a provider talks to its service, print turns documents into text and PDF bytes.
//! - [`control_unit`] imports only [`domain`] and [`text`]: the control unit behind a blocking
//!   trait (it is called inside the store's write transaction), its HTTP client and a test double.
//! - [`bankfiles`] imports only [`domain`] and [`text`]: strict readers of incoming-payment files
//!   (BgMax, camt.054) into one neutral shape, bytes in, no I/O. Matching and booking are `app`'s.
//! - [`app`] is the only room that composes them (book then settle, credit then settle, what
//!   to print and where). It imports `domain`, `store`, `payments` and `print`.
//! - [`cli`] and [`tui`] are front ends: they import [`app`] and [`domain`] types, and render;
//!   they do not reach past `app` into `store` or `payments` (issue 10 moves the last such imports
//!   behind `app`, and a test in tests/ reads the sources to keep it so).
//! - Tests and benches may import any room.

pub mod app;
pub mod bankfiles;
pub mod cli;
pub mod control_unit;
pub mod domain;
pub mod payments;
pub mod print;
pub mod sandbox;
pub mod store;
pub mod text;
pub mod tui;
