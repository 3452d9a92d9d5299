//! Provider conformance: what the app relies on from every payment provider, written once against
//! the neutral `PaymentProvider` trait and run against each provider's sandbox.
//!
//! A provider joins by implementing [`Harness`] (how to get a client on its sandbox, how to act as
//! the customer, how to make the provider fail) and one `#[tokio::test]` per suite function below,
//! as `resurs` does at the end of this file.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use verkstad::domain::{Mobile, Money, Quantity, VatRate};
use verkstad::payments::resurs::{ResursClient, ResursConfig, Secret};
use verkstad::payments::{
    CustomerChoice, NewPayment, PaymentLine, PaymentProvider, PaymentState, ProviderError, Refusal,
    Unreachable,
};
use verkstad::sandbox::resurs::{self as sandbox, SandboxHandle, SandboxOptions};

/// What the suite needs from a provider and its sandbox.
trait Harness {
    /// A fresh client on the sandbox; `automatic_capture` false means the customer's acceptance
    /// only authorizes and [`PaymentProvider::capture`] takes the money.
    fn provider(&self, automatic_capture: bool) -> Arc<dyn PaymentProvider>;

    /// A client of the same provider at an address where nothing answers.
    fn dead(&self) -> Arc<dyn PaymentProvider>;

    /// Act as the customer on payment `id`. By default through the provider's own sandbox
    /// capability ("agera kund"), which the app uses too.
    async fn customer(&self, provider: &dyn PaymentProvider, id: &str, choice: CustomerChoice) {
        provider
            .sandbox_customer()
            .expect("a sandbox provider plays the customer")
            .act(id, choice)
            .await
            .unwrap();
    }

    /// Make the provider's side fail (a server error, again and again) for the next `get` of
    /// payment `id`, so the client gives up.
    async fn break_next_get(&self, id: &str);
}

fn payment(reference: &str, kr: i64) -> NewPayment {
    let total = Money::from_kr(kr);
    let vat = Money::from_kr(kr / 5);
    NewPayment {
        order_reference: reference.to_string(),
        lines: vec![PaymentLine {
            description: "Service".into(),
            reference: Some("SRV".into()),
            quantity: Quantity::from_hundredths(100),
            unit: "st".into(),
            vat: VatRate::R25,
            total_incl_vat: total,
            vat_amount: vat,
        }],
        total,
        mobile: Mobile::parse("070-123 45 67").unwrap(),
        email: None,
        customer_name: "Anna Andersson".into(),
        creator: "kassa1".into(),
        ttl_minutes: 60,
        callback_url: None,
        billing: None,
    }
}

/// Create, read back by id and by reference; a replay with the same key makes no second payment;
/// an unknown reference finds nothing.
async fn create_get_find_replay(h: &impl Harness) {
    let p = h.provider(true);
    let new = payment("conf-1-1", 1250);
    let created = p.create(&new, "key-conf-1").await.unwrap();
    assert_eq!(created.order_reference, "conf-1-1");
    assert_eq!(created.total, Money::from_kr(1250));
    assert_eq!(created.state, PaymentState::Pending);
    assert!(created.cancellable());

    let got = p.get(&created.id).await.unwrap();
    assert_eq!(got.id, created.id);
    assert_eq!(got.state, PaymentState::Pending);

    let found = p.find_by_reference("conf-1-1").await.unwrap().unwrap();
    assert_eq!(found.id, created.id);
    assert!(p.find_by_reference("conf-none-1").await.unwrap().is_none());

    let replay = p.create(&new, "key-conf-1").await.unwrap();
    assert_eq!(replay.id, created.id, "same key, same payment");
}

/// A second create for a reference the provider already has, with another key, never makes a
/// second payment: it is refused as the neutral `DuplicateReference` (the app then finds the
/// first by reference), or it answers the first payment (a provider whose create is idempotent
/// on the reference, as Klarna's is here).
async fn duplicate_reference(h: &impl Harness) {
    let p = h.provider(true);
    let new = payment("conf-2-1", 500);
    let first = p.create(&new, "key-conf-2a").await.unwrap();
    match p.create(&new, "key-conf-2b").await {
        Err(err) => {
            assert!(err.is_duplicate_reference(), "{err:?}");
            assert_eq!(err.refusal(), Some(Refusal::DuplicateReference));
        }
        Ok(again) => assert_eq!(again.id, first.id, "a second payment for one reference"),
    }
    let found = p.find_by_reference("conf-2-1").await.unwrap().unwrap();
    assert_eq!(found.id, first.id);
}

/// The customer pays: the payment is paid in full (with automatic capture, or captured at
/// booking by a provider that never captures by itself, as the app does); a partial refund and
/// then the rest, each with its transaction id.
async fn paid_then_refunded_partly_and_fully(h: &impl Harness) {
    let p = h.provider(true);
    let created = p
        .create(&payment("conf-3-1", 1250), "key-conf-3")
        .await
        .unwrap();
    h.customer(&*p, &created.id, CustomerChoice::PayNow).await;
    if !p.automatic_capture() {
        p.capture(&created.id, "conf-c3", "key-conf-3c")
            .await
            .unwrap();
    }
    let paid = p.get(&created.id).await.unwrap();
    assert_eq!(paid.state, PaymentState::Paid);
    assert_eq!(paid.captured, Money::from_kr(1250));
    assert_eq!(paid.refundable(), Money::from_kr(1250));

    let part = p
        .refund(
            &created.id,
            Some(Money::from_kr(250)),
            "conf-r1",
            "key-conf-3r1",
        )
        .await
        .unwrap();
    assert_eq!(part.state, PaymentState::PartlyRefunded);
    assert_eq!(part.refunded, Money::from_kr(250));
    assert!(part.transaction_ids.iter().any(|t| t == "conf-r1"));

    // The same refund again (same key) refunds nothing more.
    let again = p
        .refund(
            &created.id,
            Some(Money::from_kr(250)),
            "conf-r1",
            "key-conf-3r1",
        )
        .await
        .unwrap();
    assert_eq!(again.refunded, Money::from_kr(250));

    let rest = p
        .refund(&created.id, None, "conf-r2", "key-conf-3r2")
        .await
        .unwrap();
    assert_eq!(rest.state, PaymentState::Refunded);
    assert_eq!(rest.refunded, Money::from_kr(1250));
    assert!(rest.refundable().is_zero());
    assert!(rest.transaction_ids.iter().any(|t| t == "conf-r2"));
}

/// Without automatic capture the customer's acceptance authorizes; capture takes the money.
async fn authorized_then_captured(h: &impl Harness) {
    let p = h.provider(false);
    assert!(!p.automatic_capture());
    let created = p
        .create(&payment("conf-4-1", 800), "key-conf-4")
        .await
        .unwrap();
    h.customer(&*p, &created.id, CustomerChoice::PayNow).await;
    let authorized = p.get(&created.id).await.unwrap();
    assert_eq!(authorized.state, PaymentState::Authorized);
    assert_eq!(authorized.authorized, Money::from_kr(800));
    assert!(authorized.captured.is_zero());

    let captured = p
        .capture(&created.id, "conf-c1", "key-conf-4c")
        .await
        .unwrap();
    assert_eq!(captured.state, PaymentState::Paid);
    assert_eq!(captured.captured, Money::from_kr(800));
    assert!(captured.transaction_ids.iter().any(|t| t == "conf-c1"));
}

/// Cancel before payment; what is cancelled cannot be captured (a refusal, in neutral words).
async fn cancelled_then_refused(h: &impl Harness) {
    let p = h.provider(false);
    let created = p
        .create(&payment("conf-5-1", 300), "key-conf-5")
        .await
        .unwrap();
    let cancelled = p.cancel(&created.id, "key-conf-5c").await.unwrap();
    assert_eq!(cancelled.state, PaymentState::Cancelled);
    assert!(!cancelled.cancellable());

    let err = p
        .capture(&created.id, "conf-c2", "key-conf-5x")
        .await
        .unwrap_err();
    assert!(
        matches!(err, ProviderError::Refused { .. }),
        "capture after cancel: {err:?}"
    );
    assert!(err.message(verkstad::domain::Lang::En).contains(p.name()));

    let err = p
        .get("00000000-0000-0000-0000-000000000000")
        .await
        .unwrap_err();
    assert_eq!(err.refusal(), Some(Refusal::NotFound), "{err:?}");
}

/// The customer declines: the payment is not paid and nothing can be taken. A provider that
/// tells the merchant says Rejected; one where only the customer's screen hears the refusal
/// (Klarna: the widget answers `approved: false`, the session stays unauthorized) says Pending,
/// and a capture is refused.
async fn declined(h: &impl Harness) {
    let p = h.provider(true);
    let created = p
        .create(&payment("conf-6-1", 400), "key-conf-6")
        .await
        .unwrap();
    h.customer(&*p, &created.id, CustomerChoice::Decline).await;
    let got = p.get(&created.id).await.unwrap();
    assert!(
        matches!(got.state, PaymentState::Rejected | PaymentState::Pending),
        "{got:?}"
    );
    assert!(got.captured.is_zero());
    assert!(got.authorized.is_zero());
    if got.state == PaymentState::Pending {
        let err = p
            .capture(&created.id, "conf-c6", "key-conf-6c")
            .await
            .unwrap_err();
        assert_eq!(err.refusal(), Some(Refusal::NotAllowed), "{err:?}");
    }
}

/// Nothing answering, or the provider failing, is `Unavailable` (outcome unknown, retry safe).
async fn unavailable(h: &impl Harness) {
    let dead = h.dead();
    let err = dead.get("anything").await.unwrap_err();
    assert!(
        matches!(
            err,
            ProviderError::Unavailable {
                reason: Unreachable::NoConnection,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.refusal().is_none());

    let p = h.provider(true);
    let created = p
        .create(&payment("conf-7-1", 200), "key-conf-7")
        .await
        .unwrap();
    h.break_next_get(&created.id).await;
    let err = p.get(&created.id).await.unwrap_err();
    assert!(matches!(err, ProviderError::Unavailable { .. }), "{err:?}");
}

#[path = "provider_conformance/klarna.rs"]
mod klarna;

// ---- Resurs, on its sandbox ----

struct Resurs {
    _dir: tempfile::TempDir,
    sandbox: SandboxHandle,
}

impl Resurs {
    async fn start() -> Resurs {
        let dir = tempfile::tempdir().unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut options = SandboxOptions::new(dir.path().join("sandbox.db"));
        options.fast_retries = true;
        let sandbox = sandbox::serve(listener, options).await.unwrap();
        Resurs { _dir: dir, sandbox }
    }

    fn config(base: &str) -> ResursConfig {
        let mut cfg = ResursConfig::new(
            base,
            sandbox::SANDBOX_CLIENT_ID,
            Secret::new(sandbox::SANDBOX_CLIENT_SECRET),
            sandbox::SANDBOX_STORE_ID,
        );
        cfg.sandbox = true;
        cfg.retries = 1;
        cfg.backoff = Duration::from_millis(10);
        cfg.timeout = Duration::from_secs(5);
        cfg
    }
}

impl Harness for Resurs {
    fn provider(&self, automatic_capture: bool) -> Arc<dyn PaymentProvider> {
        let mut cfg = Resurs::config(&self.sandbox.base_url());
        cfg.automatic_capture = automatic_capture;
        Arc::new(ResursClient::new(cfg).unwrap())
    }

    fn dead(&self) -> Arc<dyn PaymentProvider> {
        // A port that was free a moment ago: nothing answers there.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut cfg = Resurs::config(&format!("http://127.0.0.1:{port}"));
        cfg.retries = 0;
        Arc::new(ResursClient::new(cfg).unwrap())
    }

    async fn break_next_get(&self, id: &str) {
        let r = reqwest::Client::new()
            .post(format!("{}/_sim/faults", self.sandbox.base_url()))
            .json(&json!({"path": format!("/v2/payments/{id}"), "mode": "http_500", "count": 5}))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "fault not set: {}", r.status());
    }
}

#[tokio::test]
async fn resurs_create_get_find_replay() {
    create_get_find_replay(&Resurs::start().await).await;
}

#[tokio::test]
async fn resurs_duplicate_reference() {
    duplicate_reference(&Resurs::start().await).await;
}

#[tokio::test]
async fn resurs_paid_then_refunded_partly_and_fully() {
    paid_then_refunded_partly_and_fully(&Resurs::start().await).await;
}

#[tokio::test]
async fn resurs_authorized_then_captured() {
    authorized_then_captured(&Resurs::start().await).await;
}

#[tokio::test]
async fn resurs_cancelled_then_refused() {
    cancelled_then_refused(&Resurs::start().await).await;
}

#[tokio::test]
async fn resurs_declined() {
    declined(&Resurs::start().await).await;
}

#[tokio::test]
async fn resurs_unavailable() {
    unavailable(&Resurs::start().await).await;
}
