//! The Klarna invoice document ("Klarna-faktura", issue 13): what the customer pays to Klarna
//! for a booked KLARNA order. Our own invoice of such an order is not a payment request to the
//! customer (Klarna bought the claim when it was captured); this document is: the workshop as
//! the seller, the customer, Klarna's order id and our references, the lines exactly as they
//! were captured at Klarna (a 1,5 h line folded to one unit is named as sent, "Service
//! 1,5 tim"), VAT per rate, what the customer owes Klarna and how to pay it — to Klarna, on
//! Klarna's terms. Pure: `app` fills it from the invoice in our books and the order as Klarna
//! holds it; `print` lays it out.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::Invoice;
use crate::domain::Money;

/// One line as captured at Klarna: whole units, amounts including VAT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KlarnaLine {
    /// The name as sent (a folded line carries its quantity: "Service 1,5 tim").
    pub name: String,
    pub quantity: i64,
    /// Including VAT.
    pub unit_price: Money,
    /// The VAT rate in percent (25, 12, 6, 0).
    pub vat_rate: Decimal,
    /// `quantity × unit_price − discount`, including VAT.
    pub total: Money,
    /// The VAT in `total`.
    pub vat: Money,
}

/// Taxable amount and VAT of one rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct KlarnaVat {
    pub rate: Decimal,
    pub net: Money,
    pub vat: Money,
}

/// The Klarna invoice document of a booked KLARNA order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KlarnaInvoice {
    /// Our booked invoice: the seller, the buyer, our invoice and order numbers, the reg.nr.
    pub invoice: Invoice,
    /// Our reference at Klarna (`merchant_reference1`, "10042-1").
    pub order_reference: String,
    /// Klarna's order id.
    pub klarna_order_id: String,
    /// Klarna's short reference the customer sees (`klarna_reference`).
    pub klarna_reference: String,
    /// Our name of the Klarna store the order was reserved in.
    pub store: Option<String>,
    /// The day the order was captured at Klarna (Klarna's invoice is activated then).
    pub activated_on: Option<NaiveDate>,
    /// Klarna's payment terms for this purchase, in days from activation, when Klarna says.
    pub payment_days: Option<i64>,
    /// The lines as captured at Klarna.
    pub lines: Vec<KlarnaLine>,
    /// What Klarna captured, and what it has refunded to the customer since.
    pub captured: Money,
    pub refunded: Money,
    /// Which print this is: 1 the original, 2 and on a copy.
    pub print_no: i64,
}

impl KlarnaInvoice {
    /// A reprint: marked KOPIA.
    pub fn is_copy(&self) -> bool {
        self.print_no > 1
    }

    /// The lines' sum, including VAT.
    pub fn lines_total(&self) -> Money {
        self.lines.iter().map(|l| l.total).sum()
    }

    /// The VAT in the lines.
    pub fn lines_vat(&self) -> Money {
        self.lines.iter().map(|l| l.vat).sum()
    }

    /// Taxable amount and VAT per rate, highest rate first.
    pub fn per_rate(&self) -> Vec<KlarnaVat> {
        let mut out: Vec<KlarnaVat> = Vec::new();
        for l in &self.lines {
            let net = l.total - l.vat;
            match out.iter_mut().find(|r| r.rate == l.vat_rate) {
                Some(r) => {
                    r.net += net;
                    r.vat += l.vat;
                }
                None => out.push(KlarnaVat {
                    rate: l.vat_rate,
                    net,
                    vat: l.vat,
                }),
            }
        }
        out.sort_by_key(|r| std::cmp::Reverse(r.rate));
        out
    }

    /// What the customer owes Klarna: what was captured, less what Klarna refunded.
    pub fn to_pay(&self) -> Money {
        self.captured - self.refunded
    }

    /// The due date by Klarna's terms (activation + the days Klarna gives), when both are
    /// known. Klarna's own invoice to the customer is what counts.
    pub fn due_on(&self) -> Option<NaiveDate> {
        let days = u64::try_from(self.payment_days?).ok()?;
        self.activated_on?.checked_add_days(chrono::Days::new(days))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(name: &str, total: i64, vat: i64, rate: i64) -> KlarnaLine {
        KlarnaLine {
            name: name.into(),
            quantity: 1,
            unit_price: Money::from_ore(total),
            vat_rate: Decimal::from(rate),
            total: Money::from_ore(total),
            vat: Money::from_ore(vat),
        }
    }

    #[test]
    fn vat_per_rate_what_is_owed_and_the_due_date() {
        let inv = KlarnaInvoice {
            invoice: crate::domain::invoice::tests::sample_invoice(),
            order_reference: "10001-1".into(),
            klarna_order_id: "abc".into(),
            klarna_reference: "K1".into(),
            store: Some("A".into()),
            activated_on: NaiveDate::from_ymd_opt(2026, 11, 30),
            payment_days: Some(30),
            lines: vec![
                line("Service 1,5 tim", 167_813, 33_563, 25),
                line("Torkarblad 0,5 st", 11_813, 2_363, 25),
                line("Bok", 10_600, 600, 6),
            ],
            captured: Money::from_ore(190_226),
            refunded: Money::from_ore(11_813),
            print_no: 1,
        };
        assert!(!inv.is_copy());
        assert_eq!(inv.lines_total(), Money::from_ore(190_226));
        let rates = inv.per_rate();
        assert_eq!(rates.len(), 2);
        assert_eq!(rates[0].rate, Decimal::from(25));
        assert_eq!(rates[0].vat, Money::from_ore(35_926));
        assert_eq!(rates[0].net, Money::from_ore(179_626 - 35_926));
        assert_eq!(rates[1].net, Money::from_ore(10_000));
        assert_eq!(inv.to_pay(), Money::from_ore(178_413));
        assert_eq!(inv.due_on(), NaiveDate::from_ymd_opt(2026, 12, 30));
        let copy = KlarnaInvoice { print_no: 2, ..inv };
        assert!(copy.is_copy());
    }
}
