//! The state machine and amount rules, tested as plain functions.

use super::*;
use crate::payments::resurs::dto::{Customer, Dec2, Options, OrderIn};

fn line(desc: &str, ore: i64) -> OrderLine {
    OrderLine {
        description: desc.into(),
        reference: None,
        quantity: Dec2(100),
        quantity_unit: "st".into(),
        vat_rate: Dec2(2500),
        unit_amount_including_vat: None,
        total_amount_including_vat: Amount(ore),
        total_vat_amount: None,
        line_type: "NORMAL".into(),
    }
}

fn request(lines: Vec<OrderLine>, automatic_capture: bool) -> CreatePayment {
    CreatePayment {
        store_id: "store".into(),
        payment_method_id: None,
        order: OrderIn {
            order_reference: Some("AO-1".into()),
            order_lines: lines,
        },
        customer: Customer {
            mobile_phone: Some("0701112233".into()),
            ..Default::default()
        },
        metadata: None,
        options: Options {
            initiated_on_customers_device: false,
            deliver_links: true,
            handle_frozen_payments: false,
            handle_manual_inspection: false,
            automatic_capture,
            callbacks: None,
            time_to_live_in_minutes: Some(10),
        },
    }
}

fn t0() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-01-01T10:00:00Z")
        .map(|t| t.to_utc())
        .unwrap()
}

fn record(automatic_capture: bool) -> Record {
    let req = request(
        vec![line("Bromsbelägg", 100_000), line("Arbete", 50_000)],
        automatic_capture,
    );
    let methods = store_payment_methods("http://127.0.0.1");
    let total = validate_create(&req, "store", &methods).unwrap();
    new_record(
        req,
        total,
        "p1".into(),
        "http://127.0.0.1/pay/p1".into(),
        &methods,
        t0(),
    )
}

fn actions(r: &Record) -> Vec<String> {
    r.payment
        .order
        .possible_actions
        .iter()
        .map(|a| a.action.clone())
        .collect()
}

fn lines_req(ore: &[i64]) -> ActionRequest {
    ActionRequest {
        order_lines: Some(ore.iter().map(|&o| line("x", o)).collect()),
        ..Default::default()
    }
}

#[test]
fn create_computes_total_and_allows_only_cancel() {
    let r = record(false);
    assert_eq!(r.payment.order.total_order_amount, Amount(150_000));
    assert_eq!(r.payment.status, PaymentStatus::TaskRedirectionRequired);
    assert_eq!(actions(&r), ["CANCEL"]);
    assert_eq!(r.payment.order.action_log[0].action_type, "CREATE");
    assert_eq!(r.payment.order.action_log[0].order_lines.len(), 2);
}

#[test]
fn validation_rules() {
    let methods = store_payment_methods("http://127.0.0.1");
    let check = |req: &CreatePayment| validate_create(req, "store", &methods);
    let ok = request(vec![line("a", 100)], false);
    assert!(check(&ok).is_ok());
    assert!(validate_create(&ok, "other", &methods).is_err());
    let mut bad = ok.clone();
    bad.order.order_reference = Some("has space".into());
    let err = check(&bad).unwrap_err();
    assert_eq!(err.code, "VALIDATION_ERROR");
    assert_eq!(err.field, Some("order.orderReference"));
    let mut none = ok.clone();
    none.order.order_reference = None;
    assert!(check(&none).is_ok(), "orderReference is optional");
    let mut bad = ok.clone();
    bad.order.order_lines.clear();
    assert!(check(&bad).is_err());
    let mut bad = ok.clone();
    bad.order.order_lines[0].vat_rate = Dec2(2000);
    assert!(check(&bad).is_err());
    let mut bad = ok.clone();
    bad.order.order_lines[0].quantity = Dec2(0);
    assert!(check(&bad).is_err());
    let mut bad = ok.clone();
    bad.order.order_lines[0].total_amount_including_vat = Amount(0);
    assert!(check(&bad).is_err());
    let mut bad = ok.clone();
    bad.customer.mobile_phone = None;
    assert_eq!(check(&bad).unwrap_err().field, Some("customer.mobilePhone"));
    for phone in ["12", "0812345678", "07011122334455", "abc"] {
        let mut bad = ok.clone();
        bad.customer.mobile_phone = Some(phone.into());
        let err = check(&bad).unwrap_err();
        assert_eq!(err.field, Some("customer.mobilePhone"), "{phone}");
        assert!(err.message.starts_with("customer.mobilePhone: "), "{phone}");
    }
    for phone in ["0707123456", "+46707123456", "070-712 34 56", "+4791234567"] {
        let mut good = ok.clone();
        good.customer.mobile_phone = Some(phone.into());
        assert!(check(&good).is_ok(), "{phone}");
    }
    let mut bad = ok.clone();
    bad.customer.government_id = Some("12345".into());
    assert_eq!(
        check(&bad).unwrap_err().field,
        Some("customer.governmentId")
    );
    let mut bad = ok.clone();
    bad.payment_method_id = Some("no-such-method".into());
    assert_eq!(check(&bad).unwrap_err().field, Some("paymentMethodId"));
    let mut good = ok.clone();
    good.payment_method_id = Some(methods[0].id.clone());
    assert!(check(&good).is_ok());
    // Part payment starts at 500 kr.
    let mut low = ok.clone();
    low.payment_method_id = Some(Method::Partpayment.payment_method().id);
    assert_eq!(check(&low).unwrap_err().field, Some("paymentMethodId"));
    // Over every method's maximum (200 000 kr).
    let big = request(vec![line("a", 20_000_001)], false);
    assert!(check(&big).is_err());
    let max = request(vec![line("a", 20_000_000)], false);
    assert!(check(&max).is_ok());
    // Callback URLs: http(s) on any host; only loopback ones are ever called.
    let mut https = ok.clone();
    https.options.callbacks = Some(crate::payments::resurs::dto::Callbacks {
        authorization: Some(crate::payments::resurs::dto::Url {
            url: "https://merchant.example.com/cb".into(),
        }),
        management: None,
    });
    assert!(check(&https).is_ok());
    let mut bad = https;
    bad.options.callbacks.as_mut().unwrap().authorization =
        Some(crate::payments::resurs::dto::Url {
            url: "ftp://example.com/cb".into(),
        });
    assert_eq!(
        check(&bad).unwrap_err().field,
        Some("options.callbacks.authorization.url")
    );
}

#[test]
fn ten_digit_personnummer_get_their_century() {
    assert_eq!(
        government_id_12("8305147715", 2026).as_deref(),
        Some("198305147715")
    );
    assert_eq!(
        government_id_12("830514-7715", 2026).as_deref(),
        Some("198305147715")
    );
    assert_eq!(
        government_id_12("1001011234", 2026).as_deref(),
        Some("201001011234")
    );
    assert_eq!(
        government_id_12("090527+1474", 2026).as_deref(),
        Some("190905271474")
    );
    assert_eq!(
        government_id_12("19830514-7715", 2026).as_deref(),
        Some("198305147715")
    );
    assert_eq!(government_id_12("83051477", 2026), None);
    assert_eq!(government_id_12("83O5147715", 2026), None);
}

#[test]
fn ten_digit_government_id_on_create_is_the_same_test_person() {
    let mut req = request(vec![line("a", 100_000)], false);
    req.customer.government_id = Some("8001010001".into());
    let methods = store_payment_methods("http://127.0.0.1");
    let total = validate_create(&req, "store", &methods).unwrap();
    let mut r = new_record(req, total, "p".into(), "u".into(), &methods, t0());
    assert_eq!(
        r.payment
            .customer
            .as_ref()
            .unwrap()
            .government_id
            .as_deref(),
        Some("198001010001")
    );
    customer_accept(&mut r, Method::Direct, None, t0()).unwrap();
    assert_eq!(r.payment.status, PaymentStatus::Frozen);
}

#[test]
fn the_store_methods_have_limits() {
    let methods = store_payment_methods("http://127.0.0.1:9400");
    assert_eq!(methods.len(), 3);
    assert!(methods.iter().all(|m| m.enabled_for_natural_customer));
    assert!(methods.iter().all(|m| !m.legal_links.is_empty()));
    assert!(methods[0].allows(Amount(100), true));
    assert!(!methods[1].allows(Amount(100), true));
    assert!(!methods[1].allows(Amount(100_000), false));
}

#[test]
fn task_status_follows_the_customer() {
    let mut r = record(true);
    let t = task_status(&r);
    assert!(!t.completed);
    assert!(t.customer.as_ref().unwrap().has_active_task);
    customer_accept(&mut r, Method::Direct, None, t0()).unwrap();
    let t = task_status(&r);
    assert!(t.completed);
    assert!(!t.customer.unwrap().has_active_task);
}

#[test]
fn loopback_urls_only() {
    assert!(is_loopback_url("http://127.0.0.1:8080/cb"));
    assert!(is_loopback_url("http://localhost/cb"));
    assert!(!is_loopback_url("http://10.0.0.1/cb"));
    assert!(!is_loopback_url("http://localhost.example.com/cb"));
    assert!(!is_loopback_url("ftp://127.0.0.1/cb"));
    assert!(!is_loopback_url("not a url"));
}

#[test]
fn order_reference_pattern() {
    assert!(valid_order_reference("AO-4711_b"));
    assert!(!valid_order_reference(""));
    assert!(!valid_order_reference(&"x".repeat(37)));
    assert!(!valid_order_reference("a/b"));
}

#[test]
fn accept_without_automatic_capture_authorizes() {
    let mut r = record(false);
    let ev = customer_accept(&mut r, Method::Invoice, None, t0()).unwrap();
    assert_eq!(ev, [Event::Authorization("AUTHORIZED")]);
    assert_eq!(r.payment.status, PaymentStatus::Accepted);
    assert_eq!(r.payment.order.authorized_amount, Amount(150_000));
    assert_eq!(r.payment.order.captured_amount, Amount(0));
    assert_eq!(r.payment.payment_method.as_ref().unwrap().name, "Faktura");
    assert_eq!(
        actions(&r),
        ["CAPTURE", "PARTIAL_CAPTURE", "CANCEL", "PARTIAL_CANCEL"]
    );
}

#[test]
fn accept_with_automatic_capture_captures_everything() {
    let mut r = record(true);
    let ev = customer_accept(&mut r, Method::Direct, None, t0()).unwrap();
    assert_eq!(ev[0], Event::Authorization("CAPTURED"));
    assert!(matches!(
        ev[1],
        Event::Management {
            action: "CAPTURE",
            ..
        }
    ));
    assert_eq!(r.payment.order.captured_amount, Amount(150_000));
    assert_eq!(actions(&r), ["REFUND", "PARTIAL_REFUND"]);
    assert_eq!(
        r.payment.order.action_log.last().unwrap().action_type,
        "CAPTURE"
    );
    // A paid link cannot be paid again.
    assert_eq!(
        customer_accept(&mut r, Method::Direct, None, t0())
            .unwrap_err()
            .status,
        409
    );
}

#[test]
fn amount_rules() {
    let mut r = record(false);
    decide(&mut r, Outcome::Accepted, None, None, t0()).unwrap();
    // Partial capture, then cancel the rest, then nothing is left to capture.
    apply_action(&mut r, Action::Capture, &lines_req(&[100_000]), t0()).unwrap();
    assert_eq!(r.payment.order.captured_amount, Amount(100_000));
    let too_much = apply_action(&mut r, Action::Cancel, &lines_req(&[60_000]), t0());
    assert_eq!(too_much.unwrap_err().code, "ACTION_NOT_ALLOWED");
    apply_action(&mut r, Action::Cancel, &ActionRequest::default(), t0()).unwrap();
    assert_eq!(r.payment.order.canceled_amount, Amount(50_000));
    assert_eq!(actions(&r), ["REFUND", "PARTIAL_REFUND"]);
    let err = apply_action(&mut r, Action::Capture, &ActionRequest::default(), t0());
    assert_eq!(err.unwrap_err().status, 409);
    // Refund ≤ captured − refunded.
    assert!(apply_action(&mut r, Action::Refund, &lines_req(&[100_001]), t0()).is_err());
    apply_action(&mut r, Action::Refund, &lines_req(&[30_000]), t0()).unwrap();
    apply_action(&mut r, Action::Refund, &ActionRequest::default(), t0()).unwrap();
    assert_eq!(r.payment.order.refunded_amount, Amount(100_000));
    assert!(actions(&r).is_empty());
    assert!(apply_action(&mut r, Action::Refund, &ActionRequest::default(), t0()).is_err());
}

#[test]
fn duplicate_transaction_id_is_refused() {
    let mut r = record(false);
    decide(&mut r, Outcome::Accepted, None, None, t0()).unwrap();
    let req = ActionRequest {
        order_lines: lines_req(&[10_000]).order_lines,
        transaction_id: Some("F-1".into()),
        creator: Some("kassa".into()),
    };
    apply_action(&mut r, Action::Capture, &req, t0()).unwrap();
    let entry = r.payment.order.action_log.last().unwrap();
    assert_eq!(entry.transaction_id.as_deref(), Some("F-1"));
    assert_eq!(entry.creator.as_deref(), Some("kassa"));
    let err = apply_action(&mut r, Action::Capture, &req, t0()).unwrap_err();
    assert_eq!((err.status, err.code), (409, "DUPLICATE_TRANSACTION_ID"));
}

#[test]
fn cancel_pending_rejects_and_blocks_the_link() {
    let mut r = record(false);
    let partial = apply_action(&mut r, Action::Cancel, &lines_req(&[1_000]), t0());
    assert!(partial.is_err());
    let capture = apply_action(&mut r, Action::Capture, &ActionRequest::default(), t0());
    assert!(capture.is_err());
    let ev = apply_action(&mut r, Action::Cancel, &ActionRequest::default(), t0()).unwrap();
    assert!(matches!(
        ev[0],
        Event::Management {
            action: "CANCEL",
            ..
        }
    ));
    assert_eq!(r.payment.status, PaymentStatus::Rejected);
    assert_eq!(r.payment.order.canceled_amount, Amount(150_000));
    assert_eq!(link_state(&r), LinkState::Invalid);
    assert!(actions(&r).is_empty());
    assert_eq!(
        customer_accept(&mut r, Method::Direct, None, t0())
            .unwrap_err()
            .status,
        409
    );
}

#[test]
fn ttl_expiry() {
    let mut r = record(false);
    assert_eq!(due_at(&r), Some(t0() + Duration::minutes(10)));
    assert!(tick(&mut r, t0() + Duration::minutes(9)).is_empty());
    let ev = tick(&mut r, t0() + Duration::minutes(10));
    assert_eq!(ev, [Event::Authorization("REJECTED")]);
    assert_eq!(r.payment.status, PaymentStatus::Rejected);
    assert_eq!(link_state(&r), LinkState::Expired);
    assert_eq!(due_at(&r), None);
}

#[test]
fn delayed_outcomes() {
    let mut r = record(false);
    let ev = customer_accept(
        &mut r,
        Method::Partpayment,
        Some("198001010001".into()),
        t0(),
    );
    assert_eq!(ev.unwrap(), [Event::Authorization("FROZEN")]);
    assert_eq!(r.payment.status, PaymentStatus::Frozen);
    assert_eq!(link_state(&r), LinkState::UnderReview);
    assert!(tick(&mut r, t0() + Duration::seconds(4)).is_empty());
    let ev = tick(&mut r, t0() + Duration::seconds(5));
    assert_eq!(ev, [Event::Authorization("AUTHORIZED")]);
    assert_eq!(r.payment.status, PaymentStatus::Accepted);

    let mut r = record(false);
    customer_accept(&mut r, Method::Direct, Some("199105149612".into()), t0()).unwrap();
    assert_eq!(r.payment.status, PaymentStatus::Inspection);
    tick(&mut r, t0() + Duration::seconds(9));
    assert_eq!(r.payment.status, PaymentStatus::Inspection);
    tick(&mut r, t0() + Duration::seconds(10));
    assert_eq!(r.payment.status, PaymentStatus::Accepted);
}

#[test]
fn personnummer_triggers() {
    let cases = [
        ("198305147715", PaymentStatus::Accepted),
        ("197211072793", PaymentStatus::Rejected),
        ("198209123705", PaymentStatus::Frozen),
        ("198001010001", PaymentStatus::Frozen),
        ("197801069241", PaymentStatus::Frozen),
        ("199105149612", PaymentStatus::Inspection),
        ("199111282399", PaymentStatus::Rejected),
        ("190001019876", PaymentStatus::Accepted),
    ];
    for (gid, expected) in cases {
        let mut r = record(false);
        customer_accept(&mut r, Method::Direct, Some(gid.into()), t0()).unwrap();
        assert_eq!(r.payment.status, expected, "{gid}");
    }
    // 198209123705 stays frozen; 197801069241 is rejected after 5 s.
    let mut r = record(false);
    customer_accept(&mut r, Method::Direct, Some("198209123705".into()), t0()).unwrap();
    tick(&mut r, t0() + Duration::days(30));
    assert_eq!(r.payment.status, PaymentStatus::Frozen);
    let mut r = record(false);
    customer_accept(&mut r, Method::Direct, Some("197801069241".into()), t0()).unwrap();
    assert_eq!(
        tick(&mut r, t0() + Duration::seconds(5)),
        [Event::Authorization("REJECTED")]
    );
    assert_eq!(r.payment.status, PaymentStatus::Rejected);
    assert_eq!(link_state(&r), LinkState::Invalid);
}

#[test]
fn decline() {
    let mut r = record(false);
    assert_eq!(
        customer_decline(&mut r, t0()).unwrap(),
        [Event::Authorization("REJECTED")]
    );
    assert_eq!(r.payment.status, PaymentStatus::Rejected);
    assert!(customer_decline(&mut r, t0()).is_err());
}
