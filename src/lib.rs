//! Verkstad: a keyboard-driven point-of-sale for Swedish car workshops.
//!
//! Layers, arrows pointing one way: [`domain`] ← [`store`] ← [`app`] ← [`cli`].

pub mod app;
pub mod cli;
pub mod domain;
pub mod payments;
pub mod sandbox;
pub mod store;
pub mod tui;
