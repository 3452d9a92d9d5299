//! Resurs Bank Merchant API v2: the wire types and the client.

mod client;
mod customer;
pub mod dto;
mod setup;

pub use client::{
    ResursClient, ResursConfig, Reviver, Secret, to_method_info, to_provider_payment,
};
