//! The Klarna client against the in-process Klarna sandbox over real HTTP on 127.0.0.1: stores
//! kept apart, the decimal-quantity rule at capture, refunds, idempotent capture, and the
//! settlements and disputes the `/_sim/klarna` drivers produce, as the bookkeeping reads them.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use verkstad::domain::{Mobile, Money, Quantity, VatRate};
use verkstad::payments::klarna::{
    DisputeAttachment, KlarnaClient, KlarnaProvider, KlarnaStore, TransactionKind,
};
use verkstad::payments::{
    CustomerChoice, NewPayment, PaymentLine, PaymentProvider, PaymentState, Refusal,
};
use verkstad::sandbox::resurs::{self as sandbox, SandboxHandle, SandboxOptions};

struct Sbx {
    handle: SandboxHandle,
    _dir: tempfile::TempDir,
}

async fn start() -> Sbx {
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let handle = sandbox::serve(listener, SandboxOptions::new(dir.path().join("s.db")))
        .await
        .unwrap();
    Sbx { handle, _dir: dir }
}

impl Sbx {
    fn provider(&self, store: &str) -> Arc<KlarnaProvider> {
        let mut s = KlarnaStore::sandbox(store, &self.handle.base_url()).unwrap();
        s.retries = 1;
        s.backoff = Duration::from_millis(10);
        Arc::new(KlarnaProvider::new(KlarnaClient::new(s).unwrap()))
    }

    async fn sim(&self, path: &str, body: Value) -> Value {
        let r = reqwest::Client::new()
            .post(format!("{}{path}", self.handle.base_url()))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{path}: {}", r.status());
        r.json().await.unwrap()
    }
}

fn line(desc: &str, hundredths: i64, unit: &str, total_ore: i64) -> PaymentLine {
    PaymentLine {
        description: desc.into(),
        reference: None,
        quantity: Quantity::from_hundredths(hundredths),
        unit: unit.into(),
        vat: VatRate::R25,
        total_incl_vat: Money::from_ore(total_ore),
        vat_amount: Money::from_ore(total_ore / 5),
    }
}

/// A workshop bill: 1,5 h labour, 0,5 h diagnosis and two brake pads, 4 434,00 kr.
fn bill(reference: &str) -> NewPayment {
    let lines = vec![
        line("Arbete", 150, "tim", 145_050),
        line("Diagnos", 50, "tim", 48_350),
        line("Bromsbelägg", 200, "st", 250_000),
    ];
    NewPayment {
        order_reference: reference.into(),
        total: lines.iter().map(|l| l.total_incl_vat).sum(),
        lines,
        mobile: Mobile::parse("070-123 45 67").unwrap(),
        email: Some("anna@example.se".into()),
        customer_name: "Anna Andersson".into(),
        creator: "kassa1".into(),
        ttl_minutes: 60,
        callback_url: None,
        billing: None,
    }
}

/// Created, authorized by the customer, and its Klarna order id.
async fn authorized(p: &KlarnaProvider, reference: &str) -> (String, String) {
    let created = p.create(&bill(reference)).await.unwrap();
    p.sandbox_customer()
        .unwrap()
        .act(&created.id, CustomerChoice::Invoice)
        .await
        .unwrap();
    let order_id = p.order_id(&created.id).await.unwrap().unwrap();
    (created.id, order_id)
}

#[tokio::test]
async fn two_stores_are_kept_apart() {
    let s = start().await;
    let (a, b) = (s.provider("A"), s.provider("B"));
    let (session, order_id) = authorized(&a, "kc-1-1").await;
    let err = b.get(&session).await.unwrap_err();
    assert_eq!(err.refusal(), Some(Refusal::NotFound), "{err:?}");
    let err = b.client().get_order(&order_id).await.unwrap_err();
    assert_eq!(err.refusal(), Some(Refusal::NotFound), "{err:?}");
    assert!(b.find_by_reference("kc-1-1").await.unwrap().is_none());
    // The same reference in store B is B's own payment.
    let other = b.create(&bill("kc-1-1")).await.unwrap();
    assert_ne!(other.id, session);
    assert_eq!(
        a.find_by_reference("kc-1-1").await.unwrap().unwrap().id,
        session
    );
}

#[tokio::test]
async fn half_and_one_and_a_half_hours_are_captured_to_the_ore() {
    let s = start().await;
    let p = s.provider("A");
    let (session, order_id) = authorized(&p, "kc-2-1").await;
    let got = p.get(&session).await.unwrap();
    assert_eq!(got.state, PaymentState::Authorized);
    assert_eq!(got.authorized, Money::from_ore(443_400));

    let paid = p.capture(&session, "F-1001", "cap-kc-2").await.unwrap();
    assert_eq!(paid.state, PaymentState::Paid);
    assert_eq!(paid.captured, Money::from_ore(443_400));
    assert_eq!(paid.transaction_ids, ["F-1001"]);

    let order = p.client().get_order(&order_id).await.unwrap();
    let names: Vec<_> = order.order_lines.iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["Arbete 1,5 tim", "Diagnos 0,5 tim", "Bromsbelägg"]);
    assert_eq!(order.order_lines[2].quantity, 2);
    assert_eq!(order.order_lines[2].unit_price, 125_000);
    let sum: i64 = order.order_lines.iter().map(|l| l.total_amount).sum();
    assert_eq!(sum, 443_400);
    assert_eq!(order.captured_amount, 443_400);
    assert_eq!(order.remaining_authorized_amount, 0);
}

#[tokio::test]
async fn refunded_in_part_and_then_the_rest() {
    let s = start().await;
    let p = s.provider("A");
    let (session, _) = authorized(&p, "kc-3-1").await;
    p.capture(&session, "F-1002", "cap-kc-3").await.unwrap();
    let part = p
        .refund(&session, Some(Money::from_kr(500)), "K-1", "ref-kc-3a")
        .await
        .unwrap();
    assert_eq!(part.state, PaymentState::PartlyRefunded);
    assert_eq!(part.refunded, Money::from_kr(500));
    let rest = p.refund(&session, None, "K-2", "ref-kc-3b").await.unwrap();
    assert_eq!(rest.state, PaymentState::Refunded);
    assert_eq!(rest.refunded, Money::from_ore(443_400));
    assert!(rest.refundable().is_zero());
    assert_eq!(rest.transaction_ids, ["F-1002", "K-1", "K-2"]);
    let err = p
        .refund(&session, Some(Money::from_kr(1)), "K-3", "ref-kc-3c")
        .await
        .unwrap_err();
    assert_eq!(err.refusal(), Some(Refusal::NotAllowed), "{err:?}");
}

#[tokio::test]
async fn a_retried_capture_with_the_same_key_captures_once() {
    let s = start().await;
    let p = s.provider("A");
    let (_, order_id) = authorized(&p, "kc-4-1").await;
    let c = p.client();
    let part = Money::from_kr(1000);
    let first = c
        .capture(&order_id, part, &[], Some("F-1003"), "cap-kc-4")
        .await
        .unwrap();
    let again = c
        .capture(&order_id, part, &[], Some("F-1003"), "cap-kc-4")
        .await
        .unwrap();
    assert_eq!(first, again, "the same capture");
    let order = c.get_order(&order_id).await.unwrap();
    assert_eq!(order.captured_amount, 100_000);
    assert_eq!(order.captures.len(), 1);
    assert_eq!(order.status, "PART_CAPTURED");
    c.release_remaining_authorization(&order_id, "rel-kc-4")
        .await
        .unwrap();
    assert_eq!(c.get_order(&order_id).await.unwrap().status, "CAPTURED");
}

#[tokio::test]
async fn a_payout_reads_as_the_books_need_it() {
    let s = start().await;
    let p = s.provider("A");
    let (session, order_id) = authorized(&p, "kc-5-1").await;
    p.capture(&session, "F-1004", "cap-kc-5").await.unwrap();
    p.refund(&session, Some(Money::from_kr(434)), "K-4", "ref-kc-5")
        .await
        .unwrap();
    s.sim("/_sim/klarna/payouts", json!({})).await;

    let since = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    let payouts = p.client().all_payouts(since).await.unwrap();
    assert_eq!(payouts.len(), 1);
    let t = payouts[0].totals;
    let fee = Money::from_ore((443_400 * 249 + 5_000) / 10_000);
    assert_eq!(t.sales, Money::from_ore(443_400));
    assert_eq!(t.returns, Money::from_kr(434));
    assert_eq!(t.fees, fee);
    assert_eq!(t.settlement, t.sales - t.returns - t.fees);

    let rows = p
        .client()
        .all_transactions(&payouts[0].payment_reference)
        .await
        .unwrap();
    let sale = rows
        .iter()
        .find(|r| r.kind == TransactionKind::Sale)
        .unwrap();
    assert_eq!(sale.capture_reference.as_deref(), Some("F-1004"));
    assert_eq!(sale.order_id.as_deref(), Some(order_id.as_str()));
    assert_eq!(sale.merchant_reference.as_deref(), Some("kc-5-1"));
    let ret = rows
        .iter()
        .find(|r| r.kind == TransactionKind::Return)
        .unwrap();
    assert_eq!(ret.refund_reference.as_deref(), Some("K-4"));
    assert!(ret.refund_id.is_some() && ret.capture_id.is_none());
    let fees: Money = rows
        .iter()
        .filter(|r| r.kind == TransactionKind::Fee)
        .map(|r| r.amount)
        .sum();
    assert_eq!(fees, fee);
    // Store B has no payout of A's money.
    assert!(
        s.provider("B")
            .client()
            .all_payouts(since)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn disputes_are_answered_or_lost() {
    let s = start().await;
    let p = s.provider("A");
    let c = p.client();
    let mut orders = Vec::new();
    for r in ["kc-6-1", "kc-6-2"] {
        let (session, order_id) = authorized(&p, r).await;
        p.capture(&session, r, &format!("cap-{r}")).await.unwrap();
        orders.push(order_id);
    }
    for o in &orders {
        s.sim(
            "/_sim/klarna/disputes",
            json!({"order_id": o, "reason": "goods_not_received"}),
        )
        .await;
    }
    let page = c.disputes(0, 10).await.unwrap();
    assert_eq!(page.items.len(), 2);
    let (first, second) = (&page.items[0], &page.items[1]);
    assert_eq!(first.order_id, orders[0]);
    assert_eq!(first.state, "INITIATED");
    assert_eq!(first.disputed_amount, Money::from_ore(443_400));
    assert_eq!(first.open_requests, [1]);

    let receipt = DisputeAttachment {
        file_name: "arbetsorder.pdf".into(),
        content_type: "application/pdf".into(),
        size: 20_480,
    };
    c.respond(
        &first.krn,
        1,
        "Bilen hämtades 12/3.",
        Some(&receipt),
        "resp-kc-6",
    )
    .await
    .unwrap();
    let answered = c.dispute(&first.krn).await.unwrap();
    assert_eq!(answered.state, "REPRESENTMENT");
    assert!(answered.open_requests.is_empty());

    c.accept_loss(&second.krn, "loss-kc-6").await.unwrap();
    let lost = c.dispute(&second.krn).await.unwrap();
    assert_eq!(lost.state, "CLOSED");
    assert_eq!(lost.outcome.as_deref(), Some("LOST"));

    s.sim("/_sim/klarna/payouts", json!({})).await;
    let since = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    let payout = c.all_payouts(since).await.unwrap().remove(0);
    let rows = c.all_transactions(&payout.payment_reference).await.unwrap();
    let reversal = rows
        .iter()
        .find(|r| r.kind == TransactionKind::Reversal)
        .unwrap();
    assert_eq!(
        reversal.dispute_reference.as_deref(),
        Some(second.krn.as_str())
    );
    assert_eq!(reversal.amount, Money::from_ore(443_400));
    assert_eq!(payout.totals.reversals, Money::from_ore(443_400));
}
