//! Pure domain: types, rules and the status machine. No I/O, no clock, no database.

pub mod article;
pub mod columns;
pub mod customer;
pub mod ids;
pub mod installation;
pub mod invoice;
pub mod lang;
pub mod ledger;
pub mod money;
pub mod order;
pub mod payment;
pub mod reconcile;
pub mod refund;
pub mod register;
pub mod search;
pub mod settlement;
pub mod sie;

pub use article::Article;
pub use columns::{Column, OrderSummary, Sort};
pub use customer::{Address, Customer, Vehicle};
pub use ids::{Mobile, NationalId, Regnr};
pub use installation::{DbKind, Installation};
pub use lang::Lang;
pub use money::{Money, Percent, Quantity, VatRate};
pub use order::{Action, LineKind, Order, OrderLine, PaymentMethod, Status, Totals};
