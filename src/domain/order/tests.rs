//! Tests of orders: line nets, totals per rate, utlägg, the status machine.

use super::*;
use rust_decimal_macros::dec;

fn line(qty: &str, price: &str, disc: &str, vat: VatRate) -> OrderLine {
    OrderLine {
        kind: LineKind::Artikel,
        article_no: None,
        description: "x".into(),
        quantity: Quantity::parse(qty).unwrap(),
        unit: "st".into(),
        unit_price: Money::parse(price).unwrap(),
        discount: Percent::parse(disc).unwrap(),
        vat,
    }
}

#[test]
fn line_net_rounds_to_ore() {
    // 1,5 h × 845,50 = 1268,25
    assert_eq!(
        line("1,5", "845,50", "0", VatRate::R25).net().ore(),
        126_825
    );
    // 3 × 33,33 with 10 % discount = 89,991 → 89,99
    assert_eq!(line("3", "33,33", "10", VatRate::R25).net().ore(), 8_999);
    // 0,5 × 0,05 = 0,025 → 0,03 (half away from zero)
    assert_eq!(line("0,5", "0,05", "0", VatRate::R25).net().ore(), 3);
    // 100 % discount is free
    assert_eq!(line("2", "100", "100", VatRate::R25).net().ore(), 0);
}

#[test]
fn vat_is_computed_per_rate_on_rounded_line_nets() {
    // Three lines of 0,10 at 25 %: per-line VAT would be 0,03 × 3 = 0,09; per rate it is
    // round(0,30 × 0,25) = round(0,075) = 0,08.
    let lines = vec![
        line("1", "0,10", "0", VatRate::R25),
        line("1", "0,10", "0", VatRate::R25),
        line("1", "0,10", "0", VatRate::R25),
        line("2", "49,90", "0", VatRate::R12),
        line("1", "120", "0", VatRate::R0),
    ];
    let t = Totals::of(&lines);
    assert_eq!(t.per_rate.len(), 3);
    assert_eq!(t.per_rate[0].rate, VatRate::R25);
    assert_eq!(t.per_rate[0].net.ore(), 30);
    assert_eq!(t.per_rate[0].vat.ore(), 8);
    assert_eq!(t.per_rate[1].rate, VatRate::R12);
    assert_eq!(t.per_rate[1].net.ore(), 9_980);
    assert_eq!(t.per_rate[1].vat.ore(), 1_198); // 11,976 → 11,98
    assert_eq!(t.per_rate[2].vat.ore(), 0);
    assert_eq!(t.net.ore(), 30 + 9_980 + 12_000);
    assert_eq!(t.vat.ore(), 8 + 1_198);
    assert_eq!(t.total, t.net + t.vat);
    assert_eq!(t.total.amount(), dec!(232.16));
}

#[test]
fn typical_workshop_order() {
    // Labour 1,5 h à 895 + oil filter 189 + 4,3 l oil à 129, all 25 %.
    let lines = vec![
        line("1,5", "895", "0", VatRate::R25),
        line("1", "189", "0", VatRate::R25),
        line("4,3", "129", "0", VatRate::R25),
    ];
    let t = Totals::of(&lines);
    assert_eq!(t.net.amount(), dec!(2086.20));
    assert_eq!(t.vat.amount(), dec!(521.55));
    assert_eq!(t.total.amount(), dec!(2607.75));
    let (cash, diff) = t.total.cash_rounded();
    assert_eq!(cash.amount(), dec!(2608));
    assert_eq!(diff.amount(), dec!(0.25));
}

#[test]
fn absurd_totals_are_refused() {
    let big = line("100000000", "100000000", "0", VatRate::R25);
    let err = validate_lines(&[big.clone(), big]).unwrap_err();
    assert!(matches!(err, DomainError::TotalTooLarge(_)));
    assert!(err.message(Lang::Sv).contains("orimligt stor"));
    assert!(validate_lines(&[line("10", "99999", "0", VatRate::R25)]).is_ok());
}

#[test]
fn empty_order_totals_zero() {
    let t = Totals::of(&[]);
    assert!(t.per_rate.is_empty());
    assert!(t.total.is_zero());
}

#[test]
fn every_legal_transition() {
    use Action::*;
    use Status::*;
    let legal = [
        (Open, MarkComplete, Complete),
        (Complete, SendPayment, MobilePayment),
        (MobilePayment, CancelPayment, Complete),
        (Credited, CancelPayment, Complete),
        (Complete, Book, Booked),
        (MobilePayment, Book, Booked),
        (Booked, Credit, Credited),
    ];
    for (from, action, to) in legal {
        assert_eq!(from.apply(action), Ok(to), "{from} {action:?}");
    }
    // Every other pair is refused, with the status named in the message.
    for from in Status::ALL {
        for action in Action::ALL {
            if legal.iter().any(|(f, a, _)| *f == from && *a == action) {
                continue;
            }
            let err = from.apply(action).unwrap_err();
            assert_eq!(err, DomainError::IllegalTransition { from, action });
            assert!(err.message(Lang::Sv).contains(from.code()));
            assert!(err.message(Lang::En).contains(from.code()));
        }
    }
}

#[test]
fn locked_orders_refuse_changes() {
    let mut order = Order {
        nr: FIRST_ORDER_NR,
        customer_no: 10001,
        regnr: None,
        status: Status::MobilePayment,
        lines: vec![line("1", "100", "0", VatRate::R25)],
        payment_method: None,
        payment_received: false,
        payment_received_at: None,
        invoice_no: None,
        booked_at: None,
        completed_at: None,
        created_at: Utc::now(),
        updated_at: Utc::now(),
        version: 1,
    };
    let err = order.set_lines(vec![]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Ordern är låst – annullera betalnings-SMS först"
    );
    assert_eq!(order.lines.len(), 1);
    order.status = Status::Booked;
    assert!(
        order
            .set_lines(vec![])
            .unwrap_err()
            .to_string()
            .contains("bokförd")
    );
    order.status = Status::Complete;
    order.set_lines(vec![]).unwrap();
    order.status = Status::Open;
    assert_eq!(order.mark_complete(Utc::now()), Err(DomainError::NoLines));
    assert_eq!(order.status, Status::Open);
    assert_eq!(order.completed_at, None);
}

#[test]
fn status_codes_parse_with_and_without_swedish_letters() {
    for s in Status::ALL {
        assert_eq!(Status::parse(s.code()), Some(s));
        assert_eq!(Status::parse(&s.code().to_lowercase()), Some(s));
    }
    assert_eq!(Status::parse("bokford"), Some(Status::Booked));
    assert_eq!(Status::parse("OPPEN"), Some(Status::Open));
    assert_eq!(Status::parse("BETALD"), None);
}

fn outlay(price: &str) -> OrderLine {
    OrderLine {
        kind: LineKind::Utlagg,
        description: "Besiktningsavgift".into(),
        ..line("1", price, "0", VatRate::R0)
    }
}

#[test]
fn an_outlay_is_outside_the_vat_basis() {
    let lines = vec![
        line("1", "800", "0", VatRate::R25),
        line("1", "120", "0", VatRate::R0),
        outlay("450"),
    ];
    let t = Totals::of(&lines);
    // The 0 % basis is the exempt line only; the utlägg is beside it.
    assert_eq!(t.per_rate.len(), 2);
    assert_eq!(t.per_rate[1].rate, VatRate::R0);
    assert_eq!(t.per_rate[1].net.amount(), dec!(120));
    assert_eq!(t.outlays.amount(), dec!(450));
    assert_eq!(t.net.amount(), dec!(920));
    assert_eq!(t.vat.amount(), dec!(200));
    assert_eq!(t.total.amount(), dec!(1570));
    assert_eq!(t.total, t.net + t.vat + t.outlays);
    // Only utlägg: no VAT row at all.
    let t = Totals::of(&[outlay("450")]);
    assert!(t.per_rate.is_empty());
    assert_eq!(t.total.amount(), dec!(450));
}

#[test]
fn an_outlay_has_zero_vat_and_no_discount() {
    assert_eq!(outlay("450").check(), Ok(()));
    let taxed = OrderLine {
        vat: VatRate::R25,
        ..outlay("450")
    };
    assert_eq!(taxed.check(), Err(DomainError::OutlayVat(VatRate::R25)));
    let err = validate_lines(&[line("1", "10", "0", VatRate::R25), taxed]).unwrap_err();
    assert!(err.message(Lang::Sv).contains("0 % moms"), "{err}");
    assert!(err.message(Lang::Sv).contains("inte 25 %"), "{err}");
    assert!(err.message(Lang::En).contains("0 % VAT"));
    let discounted = OrderLine {
        discount: Percent::parse("10").unwrap(),
        ..outlay("450")
    };
    assert_eq!(discounted.check(), Err(DomainError::OutlayDiscount));
    assert!(
        DomainError::OutlayDiscount
            .message(Lang::Sv)
            .contains("rabatt")
    );
    // Other kinds keep any rate and discount.
    assert_eq!(line("1", "10", "10", VatRate::R12).check(), Ok(()));
    // The order refuses such a line and keeps its lines.
    let mut order = Order {
        nr: FIRST_ORDER_NR,
        customer_no: 10001,
        regnr: None,
        status: Status::Open,
        lines: vec![],
        payment_method: None,
        payment_received: false,
        payment_received_at: None,
        invoice_no: None,
        booked_at: None,
        completed_at: None,
        created_at: Utc::now(),
        updated_at: Utc::now(),
        version: 1,
    };
    assert!(order.set_lines(vec![discounted]).is_err());
    assert!(order.lines.is_empty());
    order.set_lines(vec![outlay("450")]).unwrap();
    let at = Utc::now();
    order.mark_complete(at).unwrap();
    assert_eq!(order.completed_at, Some(at));
}

#[test]
fn line_kinds_have_codes_and_names_in_both_languages() {
    for k in LineKind::ALL {
        assert_eq!(LineKind::parse(k.code()), Some(k));
        assert_eq!(LineKind::parse(k.label(Lang::Sv)), Some(k), "{k:?}");
    }
    assert_eq!(LineKind::parse("Utlägg"), Some(LineKind::Utlagg));
    assert_eq!(LineKind::parse("utlagg"), Some(LineKind::Utlagg));
    assert_eq!(LineKind::parse("Disbursement"), Some(LineKind::Utlagg));
    assert_eq!(LineKind::Utlagg.label(Lang::En), "Disbursement");
    assert_eq!(
        serde_json::to_string(&LineKind::Utlagg).unwrap(),
        "\"utlägg\""
    );
}
