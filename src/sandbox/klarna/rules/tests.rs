use super::*;
use crate::sandbox::klarna::input;

fn now() -> DateTime<Utc> {
    parse_time("2026-12-01T10:00:00Z")
}

fn purchase(amount: i64) -> Purchase {
    let body = serde_json::json!({
        "purchase_country": "SE", "purchase_currency": "SEK",
        "order_amount": amount, "order_tax_amount": 0,
        "order_lines": [{"name": "Service", "quantity": 1, "unit_price": amount,
                         "total_amount": amount}]
    });
    input::purchase(&serde_json::to_vec(&body).unwrap()).unwrap()
}

fn record(amount: i64) -> OrderRecord {
    OrderRecord {
        username: "PK_TEST_STORE_A".into(),
        order: new_order(
            &purchase(amount),
            "o-1".into(),
            "K1ABCDE".into(),
            ACCEPTED,
            now(),
            28,
        ),
        pending: None,
    }
}

fn take(amount: i64) -> Movement {
    Movement {
        amount,
        description: None,
        reference: None,
        order_lines: Vec::new(),
    }
}

#[test]
fn capture_part_then_the_rest_and_never_more_than_remaining() {
    let mut r = record(10_000);
    let c = capture(&mut r.order, take(4_000), "c1".into(), now()).unwrap();
    assert_eq!(c.klarna_reference, "K1ABCDE-1");
    assert_eq!(r.order.status, PART_CAPTURED);
    assert_eq!(r.order.remaining_authorized_amount, 6_000);
    let e = capture(&mut r.order, take(6_001), "c2".into(), now()).unwrap_err();
    assert_eq!((e.status, e.code), (403, "CAPTURE_NOT_ALLOWED"));
    capture(&mut r.order, take(6_000), "c2".into(), now()).unwrap();
    assert_eq!(r.order.status, CAPTURED);
    assert_eq!(r.order.captured_amount, 10_000);
    assert_eq!(cancel(&mut r.order).unwrap_err().code, "CANCEL_NOT_ALLOWED");
}

#[test]
fn refunds_spread_over_captures_up_to_what_is_captured() {
    let mut r = record(10_000);
    capture(&mut r.order, take(3_000), "c1".into(), now()).unwrap();
    capture(&mut r.order, take(7_000), "c2".into(), now()).unwrap();
    refund(&mut r.order, take(4_000), "r1".into(), now()).unwrap();
    assert_eq!(r.order.captures[0].refunded_amount, 3_000);
    assert_eq!(r.order.captures[1].refunded_amount, 1_000);
    let e = refund(&mut r.order, take(6_001), "r2".into(), now()).unwrap_err();
    assert_eq!((e.status, e.code), (403, "REFUND_NOT_ALLOWED"));
    refund(&mut r.order, take(6_000), "r2".into(), now()).unwrap();
    assert_eq!(r.order.refunded_amount, 10_000);
}

#[test]
fn an_uncaptured_order_expires_and_a_part_captured_one_keeps_what_it_has() {
    let mut r = record(10_000);
    assert_eq!(r.due_at(), Some(now() + Duration::days(28)));
    assert!(!tick(&mut r, now() + Duration::days(27)));
    assert!(tick(&mut r, now() + Duration::days(28)));
    assert_eq!(r.order.status, EXPIRED);
    assert_eq!(r.due_at(), None);
    let e = capture(&mut r.order, take(1), "c".into(), now()).unwrap_err();
    assert_eq!(e.code, "CAPTURE_NOT_ALLOWED");
    assert_eq!(extend(&mut r.order, 28).unwrap_err().code, "NOT_ALLOWED");

    let mut r = record(10_000);
    capture(&mut r.order, take(1_000), "c1".into(), now()).unwrap();
    assert!(tick(&mut r, now() + Duration::days(29)));
    assert_eq!(
        (r.order.status.as_str(), r.order.remaining_authorized_amount),
        (CAPTURED, 0)
    );
}

#[test]
fn extension_adds_days_up_to_180_and_release_ends_a_part_capture() {
    let mut r = record(10_000);
    extend(&mut r.order, 28).unwrap();
    assert_eq!(r.order.expires_at, "2027-01-26T10:00:00Z");
    for _ in 0..10 {
        let _ = extend(&mut r.order, 28);
    }
    assert_eq!(r.order.expires_at, timestamp(now() + Duration::days(180)));
    assert_eq!(extend(&mut r.order, 28).unwrap_err().code, "NOT_ALLOWED");
    assert_eq!(release(&mut r.order).unwrap_err().code, "NOT_ALLOWED");
    capture(&mut r.order, take(2_500), "c1".into(), now()).unwrap();
    release(&mut r.order).unwrap();
    assert_eq!(r.order.status, CAPTURED);
    assert_eq!(r.order.remaining_authorized_amount, 0);
    assert!(release(&mut r.order).is_err());
}

#[test]
fn cancel_only_an_open_uncaptured_order() {
    let mut r = record(10_000);
    cancel(&mut r.order).unwrap();
    assert_eq!(r.order.status, CANCELLED);
    assert_eq!(cancel(&mut r.order).unwrap_err().code, "CANCEL_NOT_ALLOWED");
    assert_eq!(
        capture(&mut r.order, take(1), "c".into(), now())
            .unwrap_err()
            .code,
        "CAPTURE_NOT_ALLOWED"
    );
}

#[test]
fn a_pending_order_cannot_be_captured_until_accepted_and_is_cancelled_when_rejected() {
    let mut r = record(10_000);
    r.order.fraud_status = PENDING.into();
    r.pending = Some(PendingDecision {
        at: now() + Duration::minutes(5),
        fraud_status: ACCEPTED.into(),
    });
    assert_eq!(r.due_at(), Some(now() + Duration::minutes(5)));
    assert!(capture(&mut r.order, take(1), "c".into(), now()).is_err());
    assert!(tick(&mut r, now() + Duration::minutes(5)));
    assert_eq!(r.order.fraud_status, ACCEPTED);
    capture(&mut r.order, take(1), "c".into(), now()).unwrap();

    let mut r = record(10_000);
    r.order.fraud_status = PENDING.into();
    decide_fraud(&mut r, REJECTED);
    assert_eq!(
        (r.order.fraud_status.as_str(), r.order.status.as_str()),
        (REJECTED, CANCELLED)
    );
}

#[test]
fn test_e_mails_decide_the_authorization() {
    assert_eq!(test_data("kund@example.se"), None);
    assert_eq!(
        test_data("kund+denied@example.se").unwrap().outcome,
        Outcome::Rejected
    );
    let t = test_data("kund+pend-accept-05@example.se").unwrap();
    assert_eq!(t.outcome, Outcome::Pending);
    assert_eq!(t.then, Some((Duration::minutes(5), ACCEPTED)));
    let t = test_data("kund+PEND-REJECT-10@example.se").unwrap();
    assert_eq!(t.then, Some((Duration::minutes(10), REJECTED)));
    assert_eq!(test_data("kund+pend-accept-5@example.se"), None);
    assert_eq!(test_data("kund+pend-maybe-05@example.se"), None);
}
