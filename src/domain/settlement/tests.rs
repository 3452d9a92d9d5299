use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;
use crate::domain::PaymentMethod;
use crate::domain::ledger::{Accounts, Posting};

fn kr(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn accounts() -> PayoutAccounts {
    let a = Accounts::default();
    PayoutAccounts::of(&a, a.get(Role::Method(PaymentMethod::Klarna)))
}

fn row(kind: RowKind, amount: Money) -> PayoutRow {
    PayoutRow {
        kind,
        detail: None,
        amount,
        vat: Money::ZERO,
        order_reference: None,
        provider_order_id: None,
        capture_id: None,
        refund_id: None,
        dispute_id: None,
        sale_date: None,
    }
}

fn payout(rows: Vec<PayoutRow>, opening_debt: Money) -> Payout {
    let mut p = Payout {
        provider: "Klarna".into(),
        payment_reference: "AB12CD34".into(),
        payout_date: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        currency: "SEK".into(),
        rows,
        net: Money::ZERO,
        opening_debt,
        closing_debt: Money::ZERO,
    };
    let left = p.gross() - opening_debt;
    if left.is_negative() {
        p.closing_debt = -left;
    } else {
        p.net = left;
    }
    p
}

fn figures(rows: &[Posting]) -> Vec<(u16, String)> {
    rows.iter()
        .map(|p| (p.account.number(), p.amount.to_plain()))
        .collect()
}

#[test]
fn a_payout_debits_the_bank_with_the_net_and_fees_on_6064() {
    // Two invoices paid (12 500,00 and 2 000,00), a refund of 500,00, fees 2,49 %.
    let p = payout(
        vec![
            row(RowKind::Sale, kr("12500")),
            row(RowKind::Sale, kr("2000")),
            row(RowKind::Return, kr("500")),
            row(RowKind::Fee, kr("311.25")),
            row(RowKind::Fee, kr("49.80")),
        ],
        Money::ZERO,
    );
    assert_eq!(p.net, kr("13638.95"));
    let effects = [
        RowEffect::InvoicePaid { invoice_no: 1 },
        RowEffect::InvoicePaid { invoice_no: 2 },
        RowEffect::Return {
            invoice_no: Some(1),
        },
        RowEffect::Fee,
        RowEffect::Fee,
    ];
    let rows = payout_postings(&p, &effects, &accounts()).unwrap();
    assert_eq!(
        figures(&rows),
        [
            (1930, "13638.95".to_string()),
            (1581, "-14000.00".to_string()),
            (6064, "361.05".to_string()),
        ]
    );
}

#[test]
fn a_chargeback_booked_at_loss_is_cleared_not_booked_again() {
    let mut rev = row(RowKind::Reversal, kr("1000"));
    rev.dispute_id = Some("krn:1".into());
    let mut fee = row(RowKind::Fee, kr("150"));
    fee.detail = Some(DISPUTE_FEE.into());
    fee.dispute_id = Some("krn:1".into());
    let p = payout(
        vec![row(RowKind::Sale, kr("5000")), rev.clone(), fee.clone()],
        Money::ZERO,
    );
    let cleared = [
        RowEffect::InvoicePaid { invoice_no: 3 },
        RowEffect::ChargebackCleared {
            dispute_id: "krn:1".into(),
        },
        RowEffect::DisputeFeeCleared {
            dispute_id: "krn:1".into(),
        },
    ];
    let rows = payout_postings(&p, &cleared, &accounts()).unwrap();
    // 6351 and 6064 were booked at the loss; here only the receivable moves.
    assert_eq!(
        figures(&rows),
        [
            (1930, "3850.00".to_string()),
            (1581, "-3850.00".to_string())
        ]
    );
    let first = [
        RowEffect::InvoicePaid { invoice_no: 3 },
        RowEffect::Chargeback {
            dispute_id: Some("krn:1".into()),
        },
        RowEffect::DisputeFee {
            dispute_id: Some("krn:1".into()),
        },
    ];
    let rows = payout_postings(&p, &first, &accounts()).unwrap();
    assert_eq!(
        figures(&rows),
        [
            (1930, "3850.00".to_string()),
            (1581, "-5000.00".to_string()),
            (6351, "1000.00".to_string()),
            (6064, "150.00".to_string()),
        ]
    );
}

#[test]
fn a_debt_carried_and_repaid_moves_the_receivable() {
    // A chargeback after the sale was paid out: nothing reaches the bank, 1 000 is owed.
    let p = payout(vec![row(RowKind::Reversal, kr("1000"))], Money::ZERO);
    assert_eq!((p.net, p.closing_debt), (Money::ZERO, kr("1000")));
    let e = [RowEffect::ChargebackCleared {
        dispute_id: "k".into(),
    }];
    let rows = payout_postings(&p, &e, &accounts()).unwrap();
    // 1581 debited by the reversal and credited by the debt carried: nets to nothing.
    assert_eq!(figures(&rows), [(1930, "0.00".to_string())]);
    let next = payout(vec![row(RowKind::Sale, kr("3000"))], kr("1000"));
    assert_eq!(next.net, kr("2000"));
    let rows = payout_postings(&next, &[RowEffect::Unmatched], &accounts()).unwrap();
    assert_eq!(
        figures(&rows),
        [
            (1930, "2000.00".to_string()),
            (2999, "-3000.00".to_string()),
            (1581, "1000.00".to_string()),
        ]
    );
}

#[test]
fn a_payout_that_does_not_add_up_is_refused() {
    let mut p = payout(vec![row(RowKind::Sale, kr("100"))], Money::ZERO);
    p.net = kr("99.99");
    let e = [RowEffect::Unmatched];
    assert!(matches!(
        payout_postings(&p, &e, &accounts()),
        Err(SettlementError::DoesNotAddUp { .. })
    ));
    assert_eq!(
        payout_postings(&payout(vec![], Money::ZERO), &e, &accounts()),
        Err(SettlementError::EffectsMismatch)
    );
}

#[test]
fn fee_vat_goes_to_input_vat() {
    let mut fee = row(RowKind::Fee, kr("125"));
    fee.vat = kr("25");
    let p = payout(vec![row(RowKind::Sale, kr("1000")), fee], Money::ZERO);
    let e = [RowEffect::InvoicePaid { invoice_no: 1 }, RowEffect::Fee];
    let rows = payout_postings(&p, &e, &accounts()).unwrap();
    assert_eq!(
        figures(&rows),
        [
            (1930, "875.00".to_string()),
            (1581, "-1000.00".to_string()),
            (2640, "25.00".to_string()),
            (6064, "100.00".to_string()),
        ]
    );
}

#[test]
fn deadlines_are_21_days_or_7_for_an_unauthorised_purchase() {
    let d = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    assert_eq!(
        standard_deadline(d, "goods_not_received"),
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
    );
    assert_eq!(
        standard_deadline(d, "unauthorized_purchase"),
        NaiveDate::from_ymd_opt(2026, 11, 8).unwrap()
    );
}

#[test]
fn the_rate_warns_above_1_2_and_is_elevated_above_1_5_percent() {
    assert_eq!(dispute_rate(0, 0, 90).level, RateLevel::Normal);
    assert_eq!(dispute_rate(12, 1000, 90).level, RateLevel::Normal);
    let r = dispute_rate(13, 1000, 90);
    assert_eq!(
        (r.level, r.percent),
        (RateLevel::Warning, Decimal::new(130, 2))
    );
    assert_eq!(dispute_rate(15, 1000, 90).level, RateLevel::Warning);
    assert_eq!(dispute_rate(16, 1000, 90).level, RateLevel::Elevated);
    assert_eq!(dispute_rate(1, 50, 90).level, RateLevel::Elevated);
}

#[test]
fn a_chargeback_and_its_fee_balance() {
    let a = accounts();
    let c = chargeback_postings(kr("1000"), a.loss, a.receivable);
    let f = dispute_fee_postings(kr("150"), a.fee, a.receivable);
    for rows in [c, f] {
        assert!(rows.iter().map(|p| p.amount).sum::<Money>().is_zero());
    }
}

fn arb_row() -> impl Strategy<Value = (PayoutRow, u8)> {
    (0u8..5, 1i64..5_000_000, 0i64..100, 0u8..8).prop_map(|(k, ore, vat_pct, e)| {
        let kind = match k {
            0 | 1 => RowKind::Sale,
            2 => RowKind::Return,
            3 => RowKind::Fee,
            _ => RowKind::Reversal,
        };
        let amount = Money::from_ore(ore);
        let mut r = row(kind, amount);
        if r.kind == RowKind::Fee {
            r.vat = Money::from_ore(ore * vat_pct / 500);
        }
        (r, e)
    })
}

fn effect_for(r: &PayoutRow, pick: u8) -> RowEffect {
    match (&r.kind, pick % 2) {
        (_, _) if pick == 7 => RowEffect::Unmatched,
        (RowKind::Sale, _) => RowEffect::InvoicePaid { invoice_no: 1 },
        (RowKind::Return, _) => RowEffect::Return { invoice_no: None },
        (RowKind::Fee, 0) => RowEffect::Fee,
        (RowKind::Fee, _) => RowEffect::DisputeFeeCleared {
            dispute_id: "k".into(),
        },
        (_, 0) => RowEffect::Chargeback { dispute_id: None },
        _ => RowEffect::ChargebackCleared {
            dispute_id: "k".into(),
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Every payout voucher balances to the öre and debits the bank with exactly the net paid
    /// out, whatever the rows, their effects and the debt carried in.
    #[test]
    fn every_payout_voucher_balances_and_the_bank_gets_the_net(
        rows in prop::collection::vec(arb_row(), 0..40),
        debt in 0i64..2_000_000,
    ) {
        let effects: Vec<RowEffect> = rows.iter().map(|(r, e)| effect_for(r, *e)).collect();
        let p = payout(rows.into_iter().map(|(r, _)| r).collect(), Money::from_ore(debt));
        let postings = payout_postings(&p, &effects, &accounts()).unwrap();
        prop_assert!(postings.iter().map(|x| x.amount).sum::<Money>().is_zero());
        let bank: Money = postings
            .iter()
            .filter(|x| x.account == accounts().bank)
            .map(|x| x.amount)
            .sum();
        prop_assert_eq!(bank, p.net);
        // The fees and input VAT are exactly the fee rows that are booked here.
        let booked_fees: Money = p.rows.iter().zip(&effects)
            .filter(|(_, e)| matches!(e, RowEffect::Fee))
            .map(|(r, _)| r.amount)
            .sum();
        let on_fee_accounts: Money = postings
            .iter()
            .filter(|x| x.account == accounts().fee || x.account == accounts().input_vat)
            .map(|x| x.amount)
            .sum();
        prop_assert_eq!(on_fee_accounts, booked_fees);
    }
}
