//! The decimal-quantity rule: Klarna takes integer quantities only (a fractional quantity is a
//! `400 BAD_VALUE`), while a workshop sells 0,5 or 1,5 hours of labour. Our lines
//! ([`PaymentLine`], amounts including VAT) become Klarna order lines so that:
//!
//! - an integer quantity goes as is, with `unit_price = total / quantity`, when that divides
//!   exactly in öre;
//! - otherwise (a fractional, zero or negative quantity, or a total that does not divide) the
//!   line goes as quantity 1 with `unit_price = total_amount =` the line total, and the quantity
//!   in the name ("Arbete 1,5 tim"); such lines are reported in [`KlarnaLines::folded`] so the
//!   app can say so on screen;
//! - `total_tax_amount` is our VAT amount of the line, `tax_rate` the line's rate;
//! - when our lines do not add up to the payment's total, one line "Avrundning" (0 % VAT) makes
//!   up the difference, so Klarna's `order_amount` is always our total to the öre.

use crate::domain::{Money, Quantity};
use crate::payments::PaymentLine;

use super::dto::OrderLine;

/// Klarna's limits on a line's texts.
const NAME_MAX: usize = 255;
const REFERENCE_MAX: usize = 64;
const UNIT_MAX: usize = 10;

/// Why a line went as quantity 1 with its total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldReason {
    /// 0,5 or 1,5: Klarna has no fractional quantities.
    Fractional,
    /// An integer quantity whose total does not divide into whole öre per unit.
    UnevenUnitPrice,
    /// Zero or negative quantity: Klarna's quantity is at least 0 and a line of 0 costs nothing.
    NotPositive,
}

/// A line that went to Klarna as quantity 1 with its total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    /// Its index in our lines.
    pub index: usize,
    pub description: String,
    pub quantity: Quantity,
    pub reason: FoldReason,
}

/// Our lines as Klarna's: what goes in `order_lines`, `order_amount` and `order_tax_amount`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KlarnaLines {
    pub lines: Vec<OrderLine>,
    /// Σ `total_amount` = the payment's total, in öre.
    pub order_amount: i64,
    /// Σ `total_tax_amount`, in öre.
    pub order_tax_amount: i64,
    /// The lines that went as quantity 1 with their total.
    pub folded: Vec<Folded>,
}

fn cut(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// "Arbete 1,5 tim": the description with the quantity and unit, within Klarna's 255 characters
/// (the description is shortened, never the quantity).
fn name_with_quantity(line: &PaymentLine) -> String {
    let suffix = if line.unit.trim().is_empty() {
        format!(" {}", line.quantity)
    } else {
        format!(" {} {}", line.quantity, line.unit.trim())
    };
    let room = NAME_MAX.saturating_sub(suffix.chars().count());
    format!("{}{suffix}", cut(line.description.trim(), room))
        .trim()
        .to_string()
}

fn kind(total: i64) -> String {
    if total < 0 { "discount" } else { "physical" }.to_string()
}

fn one_line(index: usize, line: &PaymentLine) -> (OrderLine, Option<Folded>) {
    let total = line.total_incl_vat.ore();
    let hundredths = line.quantity.hundredths();
    let integer = (hundredths % 100 == 0).then_some(hundredths / 100);
    let base = OrderLine {
        kind: Some(kind(total)),
        reference: line
            .reference
            .as_deref()
            .filter(|r| !r.trim().is_empty())
            .map(|r| cut(r, REFERENCE_MAX)),
        name: cut(line.description.trim(), NAME_MAX),
        quantity: 1,
        quantity_unit: None,
        unit_price: total,
        tax_rate: i64::from(line.vat.percent()) * 100,
        total_amount: total,
        total_discount_amount: 0,
        total_tax_amount: line.vat_amount.ore(),
    };
    let reason = match integer {
        Some(q) if q > 0 && total % q == 0 => {
            let unit = line.unit.trim();
            return (
                OrderLine {
                    quantity: q,
                    unit_price: total / q,
                    quantity_unit: (!unit.is_empty()).then(|| cut(unit, UNIT_MAX)),
                    ..base
                },
                None,
            );
        }
        Some(q) if q > 0 => FoldReason::UnevenUnitPrice,
        Some(_) => FoldReason::NotPositive,
        None if hundredths <= 0 => FoldReason::NotPositive,
        None => FoldReason::Fractional,
    };
    let folded = Folded {
        index,
        description: line.description.clone(),
        quantity: line.quantity,
        reason,
    };
    (
        OrderLine {
            name: name_with_quantity(line),
            ..base
        },
        Some(folded),
    )
}

/// Our lines for a payment of `total` as Klarna order lines (the rule above).
pub fn to_klarna_lines(lines: &[PaymentLine], total: Money) -> KlarnaLines {
    let mut out = Vec::with_capacity(lines.len() + 1);
    let mut folded = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let (l, f) = one_line(i, line);
        out.push(l);
        folded.extend(f);
    }
    let sum: i64 = out.iter().map(|l| l.total_amount).sum();
    let diff = total.ore() - sum;
    if diff != 0 {
        out.push(OrderLine {
            kind: Some(if diff < 0 { "discount" } else { "surcharge" }.into()),
            reference: None,
            name: "Avrundning".into(),
            quantity: 1,
            quantity_unit: None,
            unit_price: diff,
            tax_rate: 0,
            total_amount: diff,
            total_discount_amount: 0,
            total_tax_amount: 0,
        });
    }
    KlarnaLines {
        order_amount: out.iter().map(|l| l.total_amount).sum(),
        order_tax_amount: out.iter().map(|l| l.total_tax_amount).sum(),
        lines: out,
        folded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::VatRate;
    use proptest::prelude::*;

    fn line(desc: &str, hundredths: i64, unit: &str, total_ore: i64, vat: VatRate) -> PaymentLine {
        // VAT of a total including VAT, rounded half up to the öre.
        let p = i64::from(vat.percent());
        let half_up = |t: i64| (2 * t * p + (100 + p)) / (2 * (100 + p));
        let vat_ore = total_ore.signum() * half_up(total_ore.abs());
        PaymentLine {
            description: desc.into(),
            reference: Some("ART-1".into()),
            quantity: Quantity::from_hundredths(hundredths),
            unit: unit.into(),
            vat,
            total_incl_vat: Money::from_ore(total_ore),
            vat_amount: Money::from_ore(vat_ore),
        }
    }

    #[test]
    fn whole_quantities_go_as_they_are() {
        let k = to_klarna_lines(
            &[line("Bromsbelägg", 200, "st", 250_000, VatRate::R25)],
            Money::from_ore(250_000),
        );
        assert_eq!(k.lines[0].quantity, 2);
        assert_eq!(k.lines[0].unit_price, 125_000);
        assert_eq!(k.lines[0].quantity_unit.as_deref(), Some("st"));
        assert_eq!(k.lines[0].tax_rate, 2500);
        assert_eq!(k.lines[0].total_tax_amount, 50_000);
        assert!(k.folded.is_empty());
    }

    #[test]
    fn half_and_one_and_a_half_hours_go_as_one_line_each_with_the_hours_in_the_name() {
        let lines = [
            line("Arbete", 150, "tim", 145_050, VatRate::R25),
            line("Diagnos", 50, "tim", 48_350, VatRate::R25),
        ];
        let k = to_klarna_lines(&lines, Money::from_ore(193_400));
        assert_eq!(k.lines.len(), 2);
        assert_eq!(k.lines[0].name, "Arbete 1,5 tim");
        assert_eq!(k.lines[1].name, "Diagnos 0,5 tim");
        assert!(k.lines.iter().all(|l| l.quantity == 1));
        assert_eq!(k.lines[0].unit_price, 145_050);
        assert_eq!(k.order_amount, 193_400);
        assert_eq!(k.folded.len(), 2);
        assert_eq!(k.folded[0].reason, FoldReason::Fractional);
        assert_eq!(k.folded[1].index, 1);
    }

    #[test]
    fn a_total_that_does_not_divide_goes_as_one() {
        let k = to_klarna_lines(
            &[line("Olja", 300, "l", 10_000, VatRate::R25)],
            Money::from_ore(10_000),
        );
        assert_eq!((k.lines[0].quantity, k.lines[0].unit_price), (1, 10_000));
        assert_eq!(k.lines[0].name, "Olja 3 l");
        assert_eq!(k.folded[0].reason, FoldReason::UnevenUnitPrice);
    }

    #[test]
    fn a_total_beside_the_lines_gets_a_rounding_line() {
        let k = to_klarna_lines(
            &[line("Olja", 100, "st", 10_040, VatRate::R25)],
            Money::from_ore(10_000),
        );
        assert_eq!(k.order_amount, 10_000);
        assert_eq!(k.lines[1].total_amount, -40);
        assert_eq!(k.lines[1].kind.as_deref(), Some("discount"));
    }

    fn vat_rate() -> impl Strategy<Value = VatRate> {
        prop::sample::select(VatRate::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn lines_always_add_up_and_keep_klarnas_rules(
            raw in prop::collection::vec(
                (1i64..2_000, -500_000i64..5_000_000, vat_rate(), "[A-Za-zåäö ]{0,20}"),
                1..12,
            ),
            off in -200i64..200,
        ) {
            let lines: Vec<PaymentLine> = raw
                .iter()
                .map(|(h, t, v, d)| line(d, *h, "tim", *t, *v))
                .collect();
            let ours: i64 = lines.iter().map(|l| l.total_incl_vat.ore()).sum();
            let total = Money::from_ore(ours + off);
            let k = to_klarna_lines(&lines, total);
            let sum: i64 = k.lines.iter().map(|l| l.total_amount).sum();
            prop_assert_eq!(sum, total.ore());
            prop_assert_eq!(k.order_amount, total.ore());
            let tax: i64 = k.lines.iter().map(|l| l.total_tax_amount).sum();
            prop_assert_eq!(k.order_tax_amount, tax);
            for (i, l) in k.lines.iter().enumerate() {
                prop_assert!(l.quantity >= 1);
                prop_assert_eq!(l.total_amount, l.quantity * l.unit_price - l.total_discount_amount);
                // Klarna's tax rule: within one öre of total × rate / (10000 + rate).
                let exact = rust_decimal::Decimal::from(l.total_amount)
                    * rust_decimal::Decimal::from(l.tax_rate)
                    / rust_decimal::Decimal::from(10_000 + l.tax_rate);
                let d = (rust_decimal::Decimal::from(l.total_tax_amount) - exact).abs();
                prop_assert!(d <= rust_decimal::Decimal::ONE, "line {}: {:?}", i, l);
                prop_assert!(l.name.chars().count() <= NAME_MAX);
                if let Some(ours) = lines.get(i) {
                    prop_assert_eq!(l.total_tax_amount, ours.vat_amount.ore());
                    let fractional = ours.quantity.hundredths() % 100 != 0;
                    let reported = k.folded.iter().any(|f| f.index == i);
                    prop_assert_eq!(
                        reported,
                        (l.quantity == 1 && ours.quantity.hundredths() != 100) || fractional
                    );
                    if fractional {
                        prop_assert_eq!(l.quantity, 1);
                        prop_assert!(l.name.contains(&ours.quantity.to_string()));
                    }
                }
            }
        }
    }
}
