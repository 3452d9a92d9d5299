//! Tests of receipts and X/Z reports: lines that add up, returns that reverse, grand totals.

use super::*;
use crate::domain::invoice::{Buyer, InvoiceLine};
use crate::domain::money::Percent;
use crate::domain::order::{OrderLine, Totals};
use proptest::prelude::*;

fn line(net_ore: i64, qty_h: i64, rate: VatRate, kind: LineKind, disc_h: i64) -> OrderLine {
    OrderLine {
        kind,
        article_no: None,
        description: "x".into(),
        quantity: Quantity::from_hundredths(qty_h),
        unit: "st".into(),
        unit_price: Money::from_ore(net_ore),
        discount: Percent::from_hundredths(disc_h),
        vat: rate,
    }
}

fn invoice(lines: Vec<OrderLine>, kind: InvoiceKind, method: PaymentMethod) -> Invoice {
    let totals = Totals::of(&lines);
    let sign = |m: Money| if kind == InvoiceKind::Kredit { -m } else { m };
    let (to_pay, rounding) = crate::domain::ledger::amount_to_pay(totals.total, method);
    Invoice {
        no: 7,
        kind,
        order_nr: 10001,
        date: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        method,
        seller: Company::default(),
        buyer: Buyer {
            name: "Karin".into(),
            national_id: Some("19800101-0000".into()),
            ..Buyer::default()
        },
        regnr: None,
        lines: InvoiceLine::numbered(&lines),
        per_rate: totals
            .per_rate
            .iter()
            .map(|v| VatSum {
                rate: v.rate,
                net: sign(v.net),
                vat: sign(v.vat),
            })
            .collect(),
        net: sign(totals.net),
        vat: sign(totals.vat),
        total: sign(totals.total),
        rounding: sign(rounding),
        to_pay: sign(to_pay),
        ocr: None,
        due_date: None,
        original: None,
        voucher_no: 1,
        paid_at: None,
        supply_date: None,
        reverse_charge: false,
    }
}

fn registered(no: i64, kind: ReceiptKind, training: bool) -> Registered {
    Registered {
        register_id: "KASSA-1".into(),
        no,
        kind,
        training,
        at: NaiveDate::from_ymd_opt(2026, 11, 30)
            .unwrap()
            .and_hms_opt(10, 15, 0)
            .unwrap(),
        point_of_sale: "Verkstadsvägen 1, Borås".into(),
        unit_serial: "SIM".into(),
        control_code: "CODE".into(),
    }
}

fn arb_lines() -> impl Strategy<Value = Vec<OrderLine>> {
    prop::collection::vec(
        (
            1i64..200_000,
            1i64..2_000,
            prop::sample::select(VatRate::ALL.to_vec()),
            prop::sample::select(LineKind::ALL.to_vec()),
            prop::sample::select(vec![0i64, 500, 1000, 3333]),
        )
            // An utlägg is 0 % and has no discount.
            .prop_map(|(p, q, r, k, d)| match k {
                LineKind::Utlagg => line(p, q, VatRate::R0, k, 0),
                _ => line(p, q, r, k, d),
            }),
        1..8,
    )
}

proptest! {
    /// Line amounts incl. VAT add up to the total exactly; a return reverses a sale exactly.
    #[test]
    fn lines_add_up_and_returns_reverse(lines in arb_lines()) {
        let sale = invoice(lines.clone(), InvoiceKind::Faktura, PaymentMethod::Kort);
        let r = Receipt::of_invoice(&sale, None, registered(1, ReceiptKind::Sale, false));
        let sum: Money = r.lines.iter().map(|l| l.amount).sum();
        prop_assert_eq!(sum, r.total);
        let credit = invoice(lines, InvoiceKind::Kredit, PaymentMethod::Kort);
        let ret = Receipt::of_invoice(&credit, Some(1), registered(2, ReceiptKind::Return, false));
        prop_assert_eq!(ret.total, -r.total);
        for (a, b) in r.lines.iter().zip(&ret.lines) {
            prop_assert_eq!(a.amount, -b.amount);
            prop_assert_eq!(a.discount, -b.discount);
        }
        let ret_sum: Money = ret.lines.iter().map(|l| l.amount).sum();
        prop_assert_eq!(ret_sum, ret.total);
    }

    /// The Z grand totals are the previous ones plus the real receipts of the period; training
    /// receipts are counted apart and reach no sales figure.
    #[test]
    fn z_grand_totals_are_the_sum_of_receipts(
        sales in prop::collection::vec((arb_lines(), any::<bool>(), any::<bool>(), 0usize..3), 1..12),
        prev_sales in 0i64..10_000_000,
        prev_returns in 0i64..1_000_000,
    ) {
        let methods = [PaymentMethod::Kontant, PaymentMethod::Kort, PaymentMethod::Mobil];
        let mut receipts = Vec::new();
        let (mut sold, mut returned, mut trained) = (Money::ZERO, Money::ZERO, Money::ZERO);
        for (i, (lines, returning, training, m)) in sales.into_iter().enumerate() {
            let kind = if returning { InvoiceKind::Kredit } else { InvoiceKind::Faktura };
            let inv = invoice(lines, kind, methods[m]);
            let rk = if returning { ReceiptKind::Return } else { ReceiptKind::Sale };
            let r = Receipt::of_invoice(&inv, None, registered(i as i64 + 1, rk, training));
            if training {
                trained += r.to_pay;
            } else if returning {
                returned += -r.to_pay;
            } else {
                sold += r.to_pay;
            }
            receipts.push(r);
        }
        let previous = GrandTotals {
            sales: Money::from_ore(prev_sales),
            returns: Money::from_ore(prev_returns),
        };
        let z = RegisterReport::of(
            ReportKind::Z,
            Some(2),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            registered(1, ReceiptKind::Sale, false).at,
            "KASSA-1",
            &Company::default(),
            &receipts,
            ReportInputs { previous, ..ReportInputs::default() },
        );
        prop_assert_eq!(z.grand.sales, previous.sales + sold);
        prop_assert_eq!(z.grand.returns, previous.returns + returned);
        prop_assert_eq!(z.grand.net(), previous.net() + sold - returned);
        prop_assert_eq!(z.net, sold - returned);
        prop_assert_eq!(z.training.amount, trained);
        let by_method: Money = z.per_method.iter().map(|m| m.sales - m.returns).sum();
        prop_assert_eq!(by_method, z.net);
        // Utlägg are outside the VAT basis: they are in their own group only.
        let vat_total: Money = z.vat.iter().map(|v| v.net + v.vat).sum();
        let outlays: Money = z
            .per_group
            .iter()
            .filter(|g| g.group == LineKind::Utlagg)
            .map(|g| g.amount)
            .sum();
        prop_assert_eq!(vat_total + outlays + z.rounding, z.net);
    }
}

#[test]
fn a_receipt_names_no_personnummer_and_keeps_the_control_code() {
    let inv = invoice(
        vec![line(89_500, 150, VatRate::R25, LineKind::Arbete, 0)],
        InvoiceKind::Faktura,
        PaymentMethod::Kontant,
    );
    let r = Receipt::of_invoice(&inv, None, registered(5, ReceiptKind::Sale, false));
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains("19800101"), "{json}");
    assert_eq!(r.control_code, "CODE");
    assert_eq!(r.invoice_no, Some(7));
    let t = Receipt::of_invoice(&inv, None, registered(6, ReceiptKind::Sale, true));
    assert_eq!(
        t.invoice_no, None,
        "a training receipt documents nothing in the books"
    );
}
