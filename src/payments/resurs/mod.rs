//! Resurs Bank Merchant API v2: the wire types and the client.

mod client;
pub mod dto;

pub use client::{ResursClient, ResursConfig, Secret, to_provider_payment};
