use super::*;
use crate::sandbox::klarna::rules::{self, ACCEPTED};
use crate::sandbox::klarna::{input, settlements};

fn now() -> DateTime<Utc> {
    parse_time("2026-12-01T10:00:00Z")
}

fn captured(amount: i64) -> Order {
    let body = serde_json::json!({
        "purchase_country": "SE", "purchase_currency": "SEK", "merchant_reference1": "10042",
        "order_amount": amount, "order_tax_amount": 0,
        "order_lines": [{"name": "Service", "quantity": 1, "unit_price": amount,
                         "total_amount": amount}]
    });
    let p = input::purchase(&serde_json::to_vec(&body).unwrap()).unwrap();
    let mut order = rules::new_order(&p, "o-1".into(), "K1ABCDE".into(), ACCEPTED, now(), 28);
    let m = input::Movement {
        amount,
        description: None,
        reference: None,
        order_lines: Vec::new(),
    };
    rules::capture(&mut order, m, "c-1".into(), now()).unwrap();
    order
}

#[test]
fn a_dispute_gives_21_days_and_7_for_an_unauthorized_purchase() {
    let order = captured(50_000);
    let d = open(&order, "goods_not_received", None, 42, now()).unwrap();
    assert_eq!(
        d.dispute_krn,
        "krn:klarna:eu1:dispute:goods_not_received:000000000000042"
    );
    assert_eq!(d.expires_at, "2026-12-22T10:00:00Z");
    assert_eq!((d.state.as_str(), d.disputed_amount), (INITIATED, 50_000));
    assert_eq!(d.merchant_reference1.as_deref(), Some("10042"));
    assert_eq!(due_at(&d), Some(parse_time("2026-12-22T10:00:00Z")));
    let d = open(&order, "unauthorized_purchase", Some(1_000), 43, now()).unwrap();
    assert_eq!(d.expires_at, "2026-12-08T10:00:00Z");
    assert!(open(&order, "not_a_reason", None, 44, now()).is_err());
    assert!(open(&order, "return", Some(50_001), 44, now()).is_err());
}

#[test]
fn an_uncaptured_order_cannot_be_disputed() {
    let mut order = captured(50_000);
    order.captured_amount = 0;
    let e = open(&order, "return", None, 1, now()).unwrap_err();
    assert_eq!((e.status, e.code), (403, "NOT_ALLOWED"));
}

#[test]
fn an_answer_moves_it_to_review_and_the_deadline_then_does_nothing() {
    let order = captured(50_000);
    let mut d = open(&order, "faulty_goods", None, 1, now()).unwrap();
    let a = attach(
        &mut d,
        "kvitto.pdf".into(),
        "application/pdf".into(),
        1234,
        now(),
    )
    .unwrap();
    assert!(respond(&mut d, 1, "Delivered".into(), vec![a + 1], now()).is_err());
    assert!(respond(&mut d, 2, "Delivered".into(), vec![a], now()).is_err());
    assert_eq!(
        respond(&mut d, 1, "Delivered".into(), vec![a], now()),
        Ok(1)
    );
    assert_eq!(d.state, REPRESENTMENT);
    assert_eq!(due_at(&d), None);
    assert!(tick(&mut d, &order, now() + Duration::days(30), 15_000).is_empty());
    assert!(respond(&mut d, 1, "Again".into(), vec![], now()).is_err());
    let rows = decide(&mut d, &order, true, 15_000, now()).unwrap();
    assert!(rows.is_empty());
    assert_eq!(
        (d.state.as_str(), d.outcome.as_deref()),
        (CLOSED, Some("WON"))
    );
    assert!(decide(&mut d, &order, false, 15_000, now()).is_err());
}

#[test]
fn a_missed_deadline_is_lost_with_a_reversal_and_the_fee() {
    let order = captured(50_000);
    let mut d = open(&order, "return", None, 1, now()).unwrap();
    assert!(tick(&mut d, &order, now() + Duration::days(20), 15_000).is_empty());
    let rows = tick(&mut d, &order, now() + Duration::days(21), 15_000);
    assert_eq!(d.outcome.as_deref(), Some("LOST"));
    assert_eq!(d.closing_reason.as_deref(), Some("DEADLINE_MISSED"));
    assert_eq!(d.sub_state.as_deref(), Some("EVIDENCE_REQUEST_EXPIRED"));
    let kinds: Vec<(&str, &str, i64)> = rows
        .iter()
        .map(|t| (t.kind.as_str(), t.detailed_type.as_str(), t.amount))
        .collect();
    assert_eq!(
        kinds,
        [
            (settlements::REVERSAL, "REVERSAL", 50_000),
            (settlements::FEE, "DISPUTE_FEE", 15_000)
        ]
    );
    assert!(
        rows.iter()
            .all(|t| t.reversal_reference.as_deref() == Some(d.dispute_krn.as_str()))
    );
}

#[test]
fn accepting_the_loss_costs_the_chargeback_but_no_fee() {
    let order = captured(50_000);
    let mut d = open(&order, "return", Some(20_000), 1, now()).unwrap();
    let rows = accept_loss(&mut d, &order, now()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].kind.as_str(), rows[0].amount),
        ("REVERSAL", 20_000)
    );
    assert_eq!(d.closing_reason.as_deref(), Some("LOSS_ACCEPTED"));
    assert!(accept_loss(&mut d, &order, now()).is_err());
}
