//! Mobile payment flows end to end: the app's use cases and the Resurs client over real HTTP to
//! the sandbox on 127.0.0.1, with real SQLite files for both.

use chrono::Utc;
use serde_json::json;
use verkstad::app::pay::SendOutcome;
use verkstad::app::{AppError, mark_complete};
use verkstad::domain::{PaymentMethod, Status};
use verkstad::payments::{PaymentState, ProviderError};
use verkstad::store::prelude::*;

mod common;

use common::world::World;

#[tokio::test]
async fn happy_path_send_accept_check_gives_mobil_and_paid_time() {
    let w = World::new().await;
    let nr = w.complete_order();
    let (id, url) = w.sent(nr).await;

    let sms = w.sms().await;
    assert_eq!(sms.len(), 1);
    assert_eq!(sms[0]["to"], "0701234567");
    assert_eq!(sms[0]["customerUrl"], url.as_str());
    assert!(
        w.order(nr).set_lines(vec![]).is_err(),
        "a MOBILBET order is locked"
    );

    // Not paid yet.
    let c = w.pay.check(nr).await.unwrap();
    assert_eq!(c.state, PaymentState::Pending);
    assert!(!c.order.payment_received);

    // The customer opens the page (it shows the total) and chooses part payment.
    let page = w.http.get(&url).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("1 914,38"), "{page}");
    assert!(
        w.customer_accepts(&id, "partpayment", None)
            .await
            .status()
            .is_success()
    );

    let c = w.pay.check(nr).await.unwrap();
    assert_eq!(c.state, PaymentState::Paid);
    assert!(c.newly_paid);
    assert_eq!(c.method.as_deref(), Some("part_payment"));
    let o = w.order(nr);
    assert_eq!(o.status, Status::MobilePayment);
    assert_eq!(o.payment_method, Some(PaymentMethod::Mobil));
    assert!(o.payment_received);
    let at = o.payment_received_at.expect("time of payment");
    assert!((Utc::now() - at).num_minutes().abs() < 5);

    // A second check changes nothing.
    let again = w.pay.check(nr).await.unwrap();
    assert!(!again.newly_paid);
    assert_eq!(w.order(nr).version, o.version);
}

#[tokio::test]
async fn decline_is_shown_as_rejected_and_nothing_is_marked_paid() {
    let w = World::new().await;
    let nr = w.complete_order();
    let (id, _) = w.sent(nr).await;
    let r = w
        .http
        .post(w.url(&format!("/pay/{id}/decline")))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
    let c = w.pay.check(nr).await.unwrap();
    assert_eq!(c.state, PaymentState::Rejected);
    assert!(!w.order(nr).payment_received);
}

#[tokio::test]
async fn frozen_then_accepted_after_the_clock_moves() {
    let w = World::new().await;
    let nr = w.complete_order();
    let (id, _) = w.sent(nr).await;
    w.customer_accepts(&id, "direct", Some("198001010001"))
        .await;
    assert_eq!(w.pay.check(nr).await.unwrap().state, PaymentState::Frozen);
    w.advance(6).await;
    let c = w.pay.check(nr).await.unwrap();
    assert_eq!(c.state, PaymentState::Paid);
    assert!(w.order(nr).payment_received);
}

#[tokio::test]
async fn an_unused_link_expires() {
    let w = World::new().await;
    let nr = w.complete_order();
    let (id, url) = w.sent(nr).await;
    w.advance(61 * 60).await;
    assert_eq!(w.pay.check(nr).await.unwrap().state, PaymentState::Expired);
    let r = w.customer_accepts(&id, "direct", None).await;
    assert_eq!(r.status(), 409);
    let page = w.http.get(&url).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("inte längre giltig"), "{page}");
}

#[tokio::test]
async fn cancel_before_payment_kills_the_link_and_a_new_send_makes_a_new_one() {
    let w = World::new().await;
    let nr = w.complete_order();
    let (id, _) = w.sent(nr).await;
    let c = w.pay.cancel(nr).await.unwrap();
    assert_eq!(c.refunded.ore(), 0);
    assert_eq!(c.order.status, Status::Complete);
    assert_eq!(w.customer_accepts(&id, "direct", None).await.status(), 409);

    // Editable again, and a new send is a new link with a new reference.
    let (id2, _) = w.sent(nr).await;
    assert_ne!(id, id2);
    assert_eq!(w.sms().await.len(), 2);
    let attempts = w.store.payment_attempts(nr).unwrap();
    let refs: Vec<_> = attempts
        .iter()
        .map(|a| a.order_reference.as_str())
        .collect();
    // Each reference is this database's installation id, the order number and the attempt.
    let id = w.store.installation().unwrap().id;
    assert_eq!(refs, [format!("{id}-{nr}-1"), format!("{id}-{nr}-2")]);
}

#[tokio::test]
async fn cancel_after_payment_refunds_the_total_at_resurs() {
    let w = World::new().await;
    let nr = w.complete_order();
    let (id, _) = w.sent(nr).await;
    w.customer_accepts(&id, "invoice", None).await;
    w.pay.check(nr).await.unwrap();

    let c = w.pay.cancel(nr).await.unwrap();
    assert_eq!(c.refunded.to_string(), "1 914,38");
    let o = w.order(nr);
    assert_eq!(o.status, Status::Complete);
    assert!(!o.payment_received);
    assert_eq!(o.payment_method, None);

    let p = w.pay.provider().get(&id).await.unwrap();
    assert_eq!(p.refunded, p.total);
    assert_eq!(p.state, PaymentState::Refunded);
    let calls = w.calls(nr);
    assert_eq!(calls.len(), 1);
    assert_eq!(
        (calls[0].kind.code(), calls[0].state.code()),
        ("refund", "done")
    );
}

#[tokio::test]
async fn repeated_send_gives_no_second_link() {
    let w = World::new().await;
    let nr = w.complete_order();
    w.sent(nr).await;
    assert!(matches!(
        w.pay.send(nr).await.unwrap(),
        SendOutcome::AlreadySent { .. }
    ));
    assert_eq!(w.sms().await.len(), 1);
}

#[tokio::test]
async fn a_lost_answer_is_recovered_by_order_reference() {
    // No retries: the lost answer surfaces as an error and the attempt stays "sending".
    let w = World::with_retries(0).await;
    let nr = w.complete_order();
    w.fault("/v2/payments", "drop_response_after_commit", 1)
        .await;
    let err = w.pay.send(nr).await.unwrap_err();
    assert!(
        matches!(
            err,
            AppError::Payment(verkstad::app::pay::PaymentIssue::Unknown {
                cause: ProviderError::Unavailable { .. },
                ..
            })
        ),
        "{err:?}"
    );
    // The order stays locked while the outcome is unknown.
    assert_eq!(w.order(nr).status, Status::MobilePayment);
    assert_eq!(w.sms().await.len(), 1, "Resurs made the link and texted it");

    // The next check finds it by reference: no second link, the order is MOBILBET.
    let c = w.pay.check(nr).await.unwrap();
    assert_eq!(c.state, PaymentState::Pending);
    assert_eq!(w.order(nr).status, Status::MobilePayment);
    assert!(matches!(
        w.pay.send(nr).await.unwrap(),
        SendOutcome::AlreadySent { .. }
    ));
    assert_eq!(w.sms().await.len(), 1);
}

#[tokio::test]
async fn server_errors_are_retried_with_the_same_key() {
    let w = World::new().await;
    let nr = w.complete_order();
    w.fault("/v2/payments", "http_500", 2).await;
    w.sent(nr).await;
    assert_eq!(w.sms().await.len(), 1);
}

#[tokio::test]
async fn bad_requests_are_refused_clearly_and_leave_the_order_as_it_was() {
    let w = World::new().await;
    // No mobile number.
    let no_mobile = w.order_with(json!({
        "customer": {"name": "Kjell Åberg"}, "status": "KLART",
        "lines": [{"description": "Torkarblad", "quantity": 1, "unit_price": "349"}]
    }));
    // Nothing to pay.
    let zero = w.order_with(json!({
        "customer": {"name": "Per Persson", "mobile": "0731234567"}, "status": "KLART",
        "lines": [{"description": "Garantiarbete", "quantity": 1, "unit_price": "0"}]
    }));
    // Not complete.
    let open = w.order_with(json!({
        "customer": {"name": "Eva Ek", "mobile": "0761234567"},
        "lines": [{"description": "Service", "quantity": 1, "unit_price": "895"}]
    }));
    let cases = [
        (no_mobile, "inget mobilnummer"),
        (zero, "inget belopp att betala"),
        (open, "status ÖPPEN"),
        (99_999, "Order 99999 finns inte"),
    ];
    for (nr, text) in cases {
        let before = w.store.order(nr).unwrap();
        let err = w.pay.send(nr).await.unwrap_err();
        assert!(err.to_string().contains(text), "{nr}: {err}");
        assert_eq!(w.store.order(nr).unwrap(), before);
    }
    assert!(w.sms().await.is_empty());
    // Check and cancel of an order without a link.
    assert!(
        w.pay
            .check(open)
            .await
            .unwrap_err()
            .to_string()
            .contains("ingen aktiv betalningslänk")
    );
    assert!(w.pay.cancel(open).await.is_err());
    assert_eq!(
        mark_complete(&*w.store, "t", open).unwrap().status,
        Status::Complete
    );
}

#[tokio::test]
async fn sync_checks_every_waiting_order() {
    let w = World::new().await;
    let a = w.complete_order();
    let b = w.complete_order();
    let (id_a, _) = w.sent(a).await;
    w.sent(b).await;
    w.customer_accepts(&id_a, "direct", None).await;
    let results = w.pay.sync().await.unwrap();
    let states: Vec<_> = results
        .iter()
        .map(|(nr, r)| (*nr, r.as_ref().unwrap().state))
        .collect();
    assert_eq!(
        states,
        [(a, PaymentState::Paid), (b, PaymentState::Pending)]
    );
    assert!(w.order(a).payment_received);
    // Callbacks are hints: a repeated or unknown id is harmless.
    assert!(w.pay.on_callback(&id_a).await.unwrap().is_some());
    assert!(w.pay.on_callback("no-such-id").await.unwrap().is_none());
}

#[tokio::test]
async fn partial_and_full_refunds_with_transaction_ids() {
    let w = World::new().await;
    let nr = w.complete_order();
    let (id, _) = w.sent(nr).await;
    w.customer_accepts(&id, "direct", None).await;
    w.pay.check(nr).await.unwrap();
    let part = verkstad::domain::Money::parse("100").unwrap();
    let p = w.pay.refund(nr, Some(part), "K-1001").await.unwrap();
    assert_eq!(p.refunded, part);
    assert_eq!(p.state, PaymentState::PartlyRefunded);
    assert!(p.transaction_ids.contains(&"K-1001".to_string()));
    // More than what is left is refused before any call.
    let too_much = verkstad::domain::Money::parse("5000").unwrap();
    assert!(w.pay.refund(nr, Some(too_much), "K-1002").await.is_err());
    let p = w.pay.refund(nr, None, "K-1003").await.unwrap();
    assert_eq!(p.refunded, p.total);
}

#[tokio::test]
async fn agera_kund_goes_through_the_app_and_the_check_sees_it() {
    use verkstad::app::provider::{CustomerActed, CustomerChoice, act_as_customer};
    let w = World::new().await;
    let nr = w.complete_order();
    // No link yet: said so, nothing sent to the sandbox.
    let err = act_as_customer(&w.pay, nr, CustomerChoice::PayNow)
        .await
        .unwrap_err();
    assert!(
        err.message(verkstad::domain::Lang::Sv)
            .contains("Ingen betalningslänk")
    );
    w.sent(nr).await;
    let acted = act_as_customer(&w.pay, nr, CustomerChoice::Invoice)
        .await
        .unwrap();
    assert_eq!(acted, CustomerActed::Paid);
    let c = w.pay.check(nr).await.unwrap();
    assert_eq!(c.state, PaymentState::Paid);
    assert_eq!(c.method.as_deref(), Some("invoice"));
    assert!(c.newly_paid);
}

#[tokio::test]
async fn agera_kund_decline_rejects_the_link() {
    use verkstad::app::provider::{CustomerActed, CustomerChoice, act_as_customer};
    let w = World::new().await;
    let nr = w.complete_order();
    w.sent(nr).await;
    let acted = act_as_customer(&w.pay, nr, CustomerChoice::Decline)
        .await
        .unwrap();
    assert_eq!(acted, CustomerActed::Declined);
    assert_eq!(w.pay.check(nr).await.unwrap().state, PaymentState::Rejected);
}
