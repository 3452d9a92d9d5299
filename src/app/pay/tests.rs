//! Unit tests of the payment use cases' pure parts.

use proptest::prelude::*;

use super::send::payment_lines;
use super::*;
use crate::domain::Status;
use crate::domain::{LineKind, OrderLine, Percent, Quantity, VatRate};

fn order_of(lines: Vec<OrderLine>) -> Order {
    Order {
        nr: 10001,
        customer_no: 10001,
        regnr: None,
        status: Status::Complete,
        lines,
        payment_method: None,
        payment_received: false,
        payment_received_at: None,
        invoice_no: None,
        booked_at: None,
        completed_at: None,
        created_at: Utc::now(),
        updated_at: Utc::now(),
        version: 1,
    }
}

fn arb_line() -> impl Strategy<Value = OrderLine> {
    (
        1i64..=20_000,
        0i64..=5_000_000,
        prop_oneof![Just(0i64), 0i64..=10_000],
        0..4usize,
        prop::bool::weighted(0.2),
    )
        .prop_map(|(qty, price, discount, rate, outlay)| OrderLine {
            // An utlägg: 0 % and no discount, outside the VAT basis.
            kind: if outlay {
                LineKind::Utlagg
            } else {
                LineKind::Artikel
            },
            article_no: None,
            description: "rad".into(),
            quantity: Quantity::from_hundredths(qty),
            unit: "st".into(),
            unit_price: Money::from_ore(price),
            discount: Percent::from_hundredths(if outlay { 0 } else { discount }),
            vat: if outlay {
                VatRate::R0
            } else {
                VatRate::ALL[rate]
            },
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// What the payment link asks for is the order total to the öre, and its VAT per rate
    /// is the order's: the customer pays exactly what will be booked.
    #[test]
    fn payment_lines_are_the_order_to_the_ore(
        lines in prop::collection::vec(arb_line(), 1..12),
    ) {
        let order = order_of(lines);
        let totals = order.totals();
        let pl = payment_lines(&order);
        prop_assert_eq!(pl.len(), order.lines.len());
        let sum: Money = pl.iter().map(|l| l.total_incl_vat).sum();
        prop_assert_eq!(sum, totals.total);
        for rate in &totals.per_rate {
            let vat: Money = pl
                .iter()
                .filter(|l| l.vat == rate.rate)
                .map(|l| l.vat_amount)
                .sum();
            prop_assert_eq!(vat, rate.vat);
        }
        // The utlägg come last, at their own amount.
        let n = order.lines.iter().filter(|l| l.is_outlay()).count();
        let outlays: Money = pl[pl.len() - n..].iter().map(|l| l.total_incl_vat).sum();
        prop_assert_eq!(outlays, totals.outlays);
    }
}

fn line(price: &str, vat: VatRate) -> OrderLine {
    OrderLine {
        kind: LineKind::Artikel,
        article_no: None,
        description: "x".into(),
        quantity: Quantity::from_int(1),
        unit: "st".into(),
        unit_price: Money::parse(price).unwrap(),
        discount: Percent::ZERO,
        vat,
    }
}

#[test]
fn payment_lines_add_up_to_the_order_total() {
    let lines = vec![
        line("0,10", VatRate::R25),
        line("0,10", VatRate::R25),
        line("0,10", VatRate::R25),
        line("49,90", VatRate::R12),
        line("120", VatRate::R0),
    ];
    let order = order_of(lines);
    let pl = payment_lines(&order);
    let sum: Money = pl.iter().map(|l| l.total_incl_vat).sum();
    assert_eq!(sum, order.totals().total);
    let vat25: Money = pl
        .iter()
        .filter(|l| l.vat == VatRate::R25)
        .map(|l| l.vat_amount)
        .sum();
    assert_eq!(vat25.ore(), 8);
}
