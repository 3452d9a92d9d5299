//! Resurs Bank Merchant API v2: the wire types and the client.

pub mod dto;
