//! The article and labour register (artikelregister): order lines can be filled from a number.

use serde::Serialize;

use super::money::{Money, VatRate};
use super::order::LineKind;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Article {
    /// Article or labour number, e.g. "OF-1021" or "A100".
    pub number: String,
    pub description: String,
    pub unit: String,
    /// Price excluding VAT.
    pub price: Money,
    pub vat: VatRate,
    pub kind: LineKind,
}
