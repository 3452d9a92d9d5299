//! Resurs Bank Merchant API v2: the wire types and the client.

mod client;
mod connect;
mod customer;
pub mod dto;
mod mapping;
mod payouts;
mod setup;

pub use client::{
    ResursClient, ResursConfig, Reviver, Secret, to_method_info, to_provider_payment,
};
pub use connect::{RESURS_DEFAULT_URL, ResursSettings, connect};
pub use payouts::{FEE_DETAIL, to_payout};
