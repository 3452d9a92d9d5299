//! Klarna (shared/docs/providers.md §2): Klarna Payments (session → the customer's
//! authorization → order), Order Management (capture, refund, cancel, extend, release),
//! Settlements (payouts and their transactions) and Disputes, one [`KlarnaClient`] per Klarna
//! store (HTTP Basic), and the neutral [`crate::payments::PaymentProvider`] for a store
//! ([`KlarnaProvider`]). Klarna's wire types and error codes stay in this folder.

mod client;
mod config;
mod connect;
pub mod dto;
mod ledger;
pub mod lines;
mod orders;
mod provider;
mod sources;

pub use client::{KlarnaClient, PROVIDER};
pub use config::{KLARNA_DEFAULT_URL, KlarnaConfig, KlarnaStore, SANDBOX_STORES, StoreSettings};
pub use connect::connect;
pub use ledger::{
    Dispute, DisputeAttachment, Page, Payout, PayoutTotals, SettlementTransaction, TransactionKind,
};
pub use lines::{FoldReason, Folded, KlarnaLines, to_klarna_lines};
pub use orders::{OrderPlaced, Purchase};
pub use provider::KlarnaProvider;
pub use sources::KlarnaSources;
