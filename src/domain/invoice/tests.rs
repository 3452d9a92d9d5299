//! Tests of invoices and credit plans, with property tests of vouchers and split credits.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::*;
use crate::domain::ledger::{Account, Role, Taxation, sale_postings};
use crate::domain::money::{Percent, Quantity};
use crate::domain::order::LineKind;

fn arb_line() -> impl Strategy<Value = OrderLine> {
    (
        0..4usize,
        1i64..=20_000,
        0i64..=10_000_000,
        prop_oneof![Just(0i64), 0i64..=10_000],
        0..4usize,
    )
        .prop_map(|(kind, qty, price, discount, rate)| {
            let kind = LineKind::ALL[kind];
            // An utlägg is always 0 % and has no discount (OrderLine::check).
            let outlay = kind == LineKind::Utlagg;
            OrderLine {
                kind,
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
            }
        })
}

fn arb_method() -> impl Strategy<Value = PaymentMethod> {
    (0..PaymentMethod::ALL.len()).prop_map(|i| PaymentMethod::ALL[i])
}

fn arb_taxation() -> impl Strategy<Value = Taxation> {
    prop_oneof![
        3 => Just(Taxation::Domestic),
        1 => Just(Taxation::ReverseCharge),
    ]
}

/// An invoice of these lines, booked as `sale_postings` books it.
fn booked(lines: &[OrderLine], method: PaymentMethod) -> (Invoice, Vec<Posting>) {
    booked_as(lines, method, Taxation::Domestic)
}

/// An invoice of these order lines with `taxation`, booked as `app::ledger::book_in` books it:
/// the invoice's lines (every one at 0 % under reverse charge) and their postings.
fn booked_as(
    order_lines: &[OrderLine],
    method: PaymentMethod,
    taxation: Taxation,
) -> (Invoice, Vec<Posting>) {
    let lines = invoice_lines(order_lines, taxation);
    let totals = Totals::of(&lines);
    let (to_pay, rounding) = ledger::amount_to_pay(totals.total, method);
    let postings = sale_postings(&lines, &totals, method, taxation, &Accounts::default());
    let invoice = Invoice {
        no: 1,
        kind: InvoiceKind::Faktura,
        order_nr: 10001,
        date: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        method,
        seller: Company::default(),
        buyer: Buyer::default(),
        regnr: None,
        lines: InvoiceLine::numbered(&lines),
        per_rate: totals.per_rate.clone(),
        net: totals.net,
        vat: totals.vat,
        total: totals.total,
        rounding,
        to_pay,
        ocr: None,
        due_date: None,
        original: None,
        voucher_no: 1,
        paid_at: None,
        supply_date: None,
        reverse_charge: taxation == Taxation::ReverseCharge,
    };
    (invoice, postings)
}

/// The utlägg of a set of invoice lines.
fn outlays_of(lines: &[InvoiceLine]) -> Money {
    lines
        .iter()
        .filter(|l| l.line.is_outlay())
        .map(|l| l.line.net())
        .sum()
}

fn per_account(rows: impl IntoIterator<Item = Posting>) -> BTreeMap<Account, Money> {
    let mut m = BTreeMap::new();
    for p in rows {
        *m.entry(p.account).or_insert(Money::ZERO) += p.amount;
    }
    m.retain(|_, v: &mut Money| !v.is_zero());
    m
}

/// As a credit invoice, for the next credit's `previous`.
fn as_credit(original: &Invoice, plan: &CreditPlan) -> Invoice {
    Invoice {
        kind: InvoiceKind::Kredit,
        lines: plan.lines.clone(),
        per_rate: plan.per_rate.clone(),
        net: plan.net,
        vat: plan.vat,
        total: plan.total,
        rounding: plan.rounding,
        to_pay: plan.to_pay,
        original: Some((original.no, original.date)),
        ..original.clone()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Every voucher balances to the öre, VAT per rate equals the order's, the sales
    /// accounts carry the nets, the utlägg account the utlägg (never revenue), and the payment
    /// account what the customer pays. Under reverse charge no output VAT is booked and every
    /// sale but the utlägg is on the reverse-charge account.
    #[test]
    fn a_sale_voucher_balances_and_carries_the_orders_vat(
        lines in prop::collection::vec(arb_line(), 1..10),
        method in arb_method(),
        taxation in arb_taxation(),
    ) {
        let (inv, rows) = booked_as(&lines, method, taxation);
        let sum: Money = rows.iter().map(|p| p.amount).sum();
        prop_assert!(sum.is_zero(), "unbalanced by {sum}");
        let accounts = Accounts::default();
        let by_account = per_account(rows.iter().copied());
        let on = |role: Role| by_account.get(&accounts.get(role)).copied().unwrap_or(Money::ZERO);
        prop_assert_eq!(-on(Role::Outlay), outlays_of(&inv.lines));
        prop_assert_eq!(inv.outlays(), outlays_of(&inv.lines));
        prop_assert_eq!(inv.total, inv.net + inv.vat + inv.outlays());
        match taxation {
            Taxation::Domestic => {
                for r in &inv.per_rate {
                    if r.rate.percent() > 0 {
                        prop_assert_eq!(-on(Role::Vat(r.rate)), r.vat);
                    }
                    let sales = on(Role::Parts(r.rate)) + on(Role::Labour(r.rate));
                    prop_assert_eq!(-sales, r.net);
                }
                prop_assert!(on(Role::ReverseCharge).is_zero());
            }
            Taxation::ReverseCharge => {
                prop_assert!(inv.vat.is_zero());
                prop_assert!(inv.lines.iter().all(|l| l.line.vat == VatRate::R0));
                prop_assert!(inv.per_rate.iter().all(|r| r.rate == VatRate::R0));
                for rate in VatRate::ALL {
                    if rate.percent() > 0 {
                        prop_assert!(on(Role::Vat(rate)).is_zero());
                    }
                    prop_assert!(on(Role::Parts(rate)).is_zero());
                    prop_assert!(on(Role::Labour(rate)).is_zero());
                }
                prop_assert_eq!(-on(Role::ReverseCharge), inv.net);
                // What the customer owes is the order's lines without VAT.
                let order = Totals::of(&lines);
                prop_assert_eq!(inv.total, order.net + order.outlays);
            }
        }
        prop_assert_eq!(on(Role::Method(method)), inv.to_pay);
        prop_assert_eq!(inv.to_pay, inv.total + inv.rounding);
        if method != PaymentMethod::Kontant {
            prop_assert!(inv.rounding.is_zero());
        } else {
            prop_assert_eq!(inv.to_pay.ore() % 100, 0);
            prop_assert!(inv.rounding.ore().abs() <= 50);
        }
    }

    /// A full credit is the exact reversal of the invoice: every posting and amount negated.
    #[test]
    fn a_full_credit_exactly_reverses_the_invoice(
        lines in prop::collection::vec(arb_line(), 1..10),
        method in arb_method(),
        taxation in arb_taxation(),
    ) {
        let (inv, rows) = booked_as(&lines, method, taxation);
        let plan = plan_credit(&inv, &[], None, &Accounts::default()).unwrap();
        prop_assert!(plan.completes);
        prop_assert_eq!(per_account(plan.postings.iter().copied()), per_account(ledger::reversed(&rows)));
        prop_assert_eq!(plan.total, -inv.total);
        prop_assert_eq!(plan.vat, -inv.vat);
        prop_assert_eq!(plan.to_pay, -inv.to_pay);
        prop_assert_eq!(plan.rounding, -inv.rounding);
        for (c, o) in plan.per_rate.iter().zip(&inv.per_rate) {
            prop_assert_eq!((c.rate, c.net, c.vat), (o.rate, -o.net, -o.vat));
        }
    }

    /// Credits of random line groups, one after another, of a random multi-rate sale paid
    /// KONTANT, KORT, MOBIL or FAKTURA: every credit balances, carries net and VAT only on
    /// the rates of its own lines, rounds (cash only) on its own by at most 0,50 kr, and all
    /// credits add up per rate exactly to the original; a line is never credited twice.
    #[test]
    fn split_credits_are_exact_per_rate_and_round_per_document(
        lines in prop::collection::vec(arb_line(), 2..12),
        method in arb_method(),
        taxation in arb_taxation(),
        split in prop::collection::vec(0..4usize, 12),
    ) {
        let (inv, rows) = booked_as(&lines, method, taxation);
        let accounts = Accounts::default();
        let mut done: Vec<(Invoice, Vec<Posting>)> = Vec::new();
        for group in 0..4 {
            let chosen: Vec<usize> = (1..=lines.len()).filter(|p| split[p - 1] == group).collect();
            if chosen.is_empty() {
                continue;
            }
            let prev: Vec<&Invoice> = done.iter().map(|(i, _)| i).collect();
            let plan = plan_credit(&inv, &prev, Some(&chosen), &accounts).unwrap();
            let sum: Money = plan.postings.iter().map(|p| p.amount).sum();
            prop_assert!(sum.is_zero(), "credit unbalanced by {sum}");
            prop_assert_eq!(plan.to_pay, plan.total + plan.rounding);
            prop_assert_eq!(plan.total, plan.net + plan.vat - outlays_of(&plan.lines));
            if method == PaymentMethod::Kontant {
                prop_assert!(plan.rounding.ore().abs() <= 50, "rounding {}", plan.rounding);
                prop_assert_eq!(plan.to_pay.ore() % 100, 0);
            } else {
                prop_assert!(plan.rounding.is_zero());
            }
            // Net and VAT only on the rates of this credit's lines.
            let own: BTreeSet<u32> = plan.lines.iter().map(|l| l.line.vat.percent()).collect();
            for r in &plan.per_rate {
                prop_assert!(own.contains(&r.rate.percent()), "foreign rate {} in {:?}", r.rate, plan.per_rate);
            }
            for p in &plan.postings {
                for rate in VatRate::ALL.into_iter().filter(|r| r.percent() > 0 && !own.contains(&r.percent())) {
                    prop_assert_ne!(p.account, accounts.get(Role::Vat(rate)));
                }
            }
            let credit = as_credit(&inv, &plan);
            done.push((credit, plan.postings));
            let prev: Vec<&Invoice> = done.iter().map(|(i, _)| i).collect();
            let again = plan_credit(&inv, &prev, Some(&chosen[..1]), &accounts);
            prop_assert_eq!(
                again.unwrap_err(),
                CreditError::LineAlreadyCredited { invoice: 1, pos: chosen[0] }
            );
        }
        let prev: Vec<&Invoice> = done.iter().map(|(i, _)| i).collect();
        prop_assert_eq!(
            plan_credit(&inv, &prev, None, &accounts).unwrap_err(),
            CreditError::AlreadyCredited(1)
        );
        // Per rate, net and VAT of all credits are exactly the original's, negated.
        for o in &inv.per_rate {
            let net: Money = done.iter().flat_map(|(c, _)| &c.per_rate).filter(|r| r.rate == o.rate).map(|r| r.net).sum();
            let vat: Money = done.iter().flat_map(|(c, _)| &c.per_rate).filter(|r| r.rate == o.rate).map(|r| r.vat).sum();
            prop_assert_eq!((net, vat), (-o.net, -o.vat), "rate {}", o.rate);
        }
        let vat: Money = done.iter().map(|(i, _)| i.vat).sum();
        prop_assert_eq!(vat, -inv.vat);
        let total: Money = done.iter().map(|(i, _)| i.total).sum();
        prop_assert_eq!(total, -inv.total);
        // Sales and VAT accounts are back to zero; only cash payment and rounding may differ,
        // by the documents' own roundings.
        let mut all = per_account(rows.iter().copied().chain(done.iter().flat_map(|(_, r)| r.iter().copied())));
        let cash = accounts.get(Role::Method(PaymentMethod::Kontant));
        let rounding = accounts.get(Role::Rounding);
        if method == PaymentMethod::Kontant {
            let paid = all.remove(&cash).unwrap_or(Money::ZERO);
            let rounded = all.remove(&rounding).unwrap_or(Money::ZERO);
            prop_assert_eq!(paid + rounded, Money::ZERO);
            let roundings: Money = done.iter().map(|(i, _)| i.rounding).sum::<Money>() + inv.rounding;
            prop_assert_eq!(paid, roundings);
        } else {
            let to_pay: Money = done.iter().map(|(i, _)| i.to_pay).sum();
            prop_assert_eq!(to_pay, -inv.to_pay);
        }
        prop_assert!(all.is_empty(), "left over: {all:?}");
    }
}

fn sold(desc: &str, net: &str, vat: VatRate) -> OrderLine {
    OrderLine {
        kind: LineKind::Artikel,
        article_no: None,
        description: desc.into(),
        quantity: Quantity::from_hundredths(100),
        unit: "st".into(),
        unit_price: Money::parse(net).unwrap(),
        discount: Percent::ZERO,
        vat,
    }
}

fn m(s: &str) -> Money {
    Money::parse(s).unwrap()
}

/// Credit the lines of `inv` one at a time, in order.
fn one_line_at_a_time(inv: &Invoice) -> Vec<CreditPlan> {
    let mut done: Vec<Invoice> = Vec::new();
    let mut plans = Vec::new();
    for l in &inv.lines {
        let prev: Vec<&Invoice> = done.iter().collect();
        let plan = plan_credit(inv, &prev, Some(&[l.pos]), &Accounts::default()).unwrap();
        done.push(as_credit(inv, &plan));
        plans.push(plan);
    }
    plans
}

fn rows_of(plan: &CreditPlan) -> Vec<(u16, Money)> {
    plan.postings
        .iter()
        .map(|p| (p.account.number(), p.amount))
        .collect()
}

/// Seen: a cash receipt of 599,75 (paid 600,00) credited one line at a time gave a credit of
/// 0,38 kr and then one that carried the receipt's rounding too (0,63 kr on 3740, paying
/// back 600,00 for 599,37). Each credit now rounds on its own.
#[test]
fn a_cash_receipt_credited_line_by_line_rounds_each_credit_on_its_own() {
    let lines = vec![
        sold("Ventilhatt", "0,30", VatRate::R25),
        sold("Bromsskivor", "479,50", VatRate::R25),
    ];
    let (inv, _) = booked(&lines, PaymentMethod::Kontant);
    assert_eq!(
        (inv.total, inv.to_pay, inv.rounding),
        (m("599,75"), m("600"), m("0,25"))
    );
    let plans = one_line_at_a_time(&inv);

    // 0,38 kr back in cash is 0 kr: rounding 0,38 (credited to 3740).
    let first = &plans[0];
    assert_eq!(
        (first.total, first.rounding, first.to_pay),
        (m("-0,38"), m("0,38"), m("0"))
    );
    assert_eq!(
        rows_of(first),
        vec![(3001, m("0,30")), (2611, m("0,08")), (3740, m("-0,38"))]
    );
    // The last line: 25 % VAT is the exact remainder (119,95 − 0,08), the cash pays back
    // 599,37 rounded: 599,00, rounding 0,37 – not the receipt's 0,25 carried along.
    let last = &plans[1];
    assert_eq!(
        (last.per_rate[0].net, last.per_rate[0].vat),
        (m("-479,50"), m("-119,87"))
    );
    assert_eq!(
        (last.total, last.rounding, last.to_pay),
        (m("-599,37"), m("0,37"), m("-599"))
    );
    assert_eq!(
        rows_of(last),
        vec![
            (1910, m("-599")),
            (3001, m("479,50")),
            (2611, m("119,87")),
            (3740, m("-0,37"))
        ]
    );
    for p in &plans {
        assert!(p.rounding.ore().abs() <= 50);
    }
    let vat: Money = plans.iter().map(|p| p.vat).sum();
    assert_eq!(vat, -inv.vat);
}

/// Seen: the last credit, of one 6 % book (100,00 kr), paid back 101,00 kr, moved 25 % VAT
/// by 0,01 and booked 1,01 kr on 3740. It now pays back 100,00 with 6 % VAT only.
#[test]
fn a_credit_of_a_six_percent_book_pays_back_its_price_with_six_percent_vat_only() {
    let lines = vec![
        sold("Ventilhatt", "0,38", VatRate::R25),
        sold("Ventilhatt", "0,38", VatRate::R25),
        sold("Bok: Bilens elsystem", "94,34", VatRate::R6),
    ];
    for method in PaymentMethod::ALL {
        let (inv, _) = booked(&lines, method);
        assert_eq!(inv.total, m("100,95"));
        let plans = one_line_at_a_time(&inv);
        // The second 25 % line takes that rate's remainder: 0,19 − 0,10.
        assert_eq!(plans[1].per_rate.len(), 1);
        assert_eq!(plans[1].per_rate[0].vat, m("-0,09"));
        let book = &plans[2];
        assert!(book.completes);
        assert_eq!(book.per_rate.len(), 1, "{method}: {:?}", book.per_rate);
        assert_eq!(book.per_rate[0].rate, VatRate::R6);
        assert_eq!(
            (book.per_rate[0].net, book.per_rate[0].vat),
            (m("-94,34"), m("-5,66"))
        );
        assert_eq!(
            (book.total, book.rounding, book.to_pay),
            (m("-100"), m("0"), m("-100"))
        );
        let paid = Accounts::default().get(Role::Method(method)).number();
        assert_eq!(
            rows_of(book),
            vec![(paid, m("-100")), (3003, m("94,34")), (2631, m("5,66"))],
            "{method}"
        );
    }
}

#[test]
fn positions_parse_as_users_write_them() {
    assert_eq!(parse_positions("1,3"), Some(vec![1, 3]));
    assert_eq!(parse_positions(" 2-4, 1 ,3"), Some(vec![1, 2, 3, 4]));
    assert_eq!(parse_positions("0"), None);
    assert_eq!(parse_positions("a"), None);
    assert_eq!(parse_positions("4-2"), None);
    assert_eq!(parse_positions(""), None);
}

/// A booked KLARNA invoice of one line (for the Klarna invoice document's tests).
pub(super) fn sample_invoice() -> Invoice {
    booked(
        &[sold("Service", "1342.50", VatRate::R25)],
        PaymentMethod::Klarna,
    )
    .0
}
