//! Resurs's stores and payment methods as the app uses them (issue 9 §7): the client reads them
//! exactly, a send outside every method's purchase limits is refused before anything is written
//! or sent, the methods are asked once per process, and a client whose sandbox is gone starts it
//! again and retries once.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::json;
use verkstad::app::AppError;
use verkstad::domain::{Lang, Money, Status};
use verkstad::payments::resurs::{ResursClient, Reviver};
use verkstad::payments::{ProviderError, Unreachable};
use verkstad::sandbox::resurs::{self as sandbox, SANDBOX_STORE_ID, SandboxHandle, SandboxOptions};
use verkstad::store::prelude::*;

mod common;

use common::world::{World, client_config};

/// A KLART order of 250 000 kr: more than any sandbox payment method takes (200 000 kr).
fn big_order(w: &World) -> i64 {
    w.order_with(json!({
        "customer": {"name": "Åsa Öberg", "mobile": "070-123 45 67"},
        "status": "KLART",
        "lines": [
            {"kind": "artikel", "description": "Motorbyte", "quantity": 1, "unit_price": "200000"}
        ]
    }))
}

#[tokio::test]
async fn the_client_reads_stores_and_exact_method_limits() {
    let w = World::new().await;
    let client = &w.resurs;
    let stores = client.stores().await.unwrap();
    assert_eq!(stores.len(), 1);
    assert_eq!(stores[0].id, SANDBOX_STORE_ID);
    assert_eq!(stores[0].country_code, "SE");
    let methods = client.payment_methods().await.unwrap();
    let limits: Vec<_> = methods
        .iter()
        .map(|m| (m.name.as_str(), m.min_purchase, m.max_purchase))
        .collect();
    assert_eq!(
        limits,
        [
            (
                "Direktbetalning",
                Money::from_kr(1),
                Money::from_kr(100_000)
            ),
            ("Delbetalning", Money::from_kr(500), Money::from_kr(200_000)),
            ("Faktura", Money::from_kr(10), Money::from_kr(50_000)),
        ]
    );
}

#[tokio::test]
async fn a_send_over_every_purchase_limit_is_refused_with_nothing_written() {
    let w = World::new().await;
    let nr = big_order(&w);
    let before = w.store.order(nr).unwrap().unwrap();
    let events_before = w.store.audit_events("order", &nr.to_string()).unwrap();
    let err = w.pay.send(nr).await.unwrap_err();
    assert!(matches!(err, AppError::Invalid(_)), "{err:?}");
    let sv = err.message(Lang::Sv);
    assert!(
        sv.contains("250 000,00 kr")
            && sv.contains("utanför köpgränserna hos Resurs")
            && sv.contains("1,00–200 000,00 kr")
            && sv.contains("Inget SMS skickades"),
        "{sv}"
    );
    let en = err.message(Lang::En);
    assert!(
        en.contains("outside the purchase limits at Resurs") && en.contains("No SMS was sent"),
        "{en}"
    );
    // Nothing written, nothing sent.
    let after = w.store.order(nr).unwrap().unwrap();
    assert_eq!(after, before);
    assert_eq!(after.order.status, Status::Complete);
    assert!(w.store.payment_attempts(nr).unwrap().is_empty());
    assert_eq!(
        w.store.audit_events("order", &nr.to_string()).unwrap(),
        events_before
    );
    assert!(w.sms().await.is_empty());
    // An order within the limits goes out as before.
    let ok = w.complete_order();
    w.sent(ok).await;
    assert_eq!(w.sms().await.len(), 1);
}

#[tokio::test]
async fn the_methods_are_asked_once_per_process() {
    let w = World::new().await;
    let first = w.complete_order();
    w.sent(first).await;
    // From now on the methods endpoint would fail: a second send must not ask it.
    let path = format!("/v2/stores/{SANDBOX_STORE_ID}/payment_methods");
    w.fault(&path, "http_500", 100).await;
    let second = w.complete_order();
    w.sent(second).await;
    // A fresh client (another process) does ask, and finds the fault.
    let fresh = ResursClient::new(client_config(&w.sandbox.base_url(), 0)).unwrap();
    let err = fresh.payment_methods().await.unwrap_err();
    assert!(
        matches!(
            err,
            ProviderError::Unavailable {
                reason: Unreachable::Status(500),
                ..
            }
        ),
        "{err:?}"
    );
}

async fn serve_on(port: u16, state: &std::path::Path) -> SandboxHandle {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .unwrap();
    sandbox::serve(listener, SandboxOptions::new(state.to_path_buf()))
        .await
        .unwrap()
}

#[tokio::test]
async fn a_client_whose_sandbox_is_gone_starts_it_again_and_retries_once() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("sandbox.db");
    let first = serve_on(0, &state).await;
    let port = first.addr.port();
    let base = first.base_url();

    // The reviver starts a new sandbox on the same port and state file, as the app's starts
    // `verkstad sandbox` again.
    let revived = Arc::new(AtomicUsize::new(0));
    let slot: Arc<Mutex<Option<SandboxHandle>>> = Arc::default();
    let reviver: Reviver = {
        let (revived, slot, state) = (revived.clone(), slot.clone(), state.clone());
        Arc::new(move || {
            let (revived, slot, state) = (revived.clone(), slot.clone(), state.clone());
            Box::pin(async move {
                revived.fetch_add(1, Ordering::SeqCst);
                let handle = serve_on(port, &state).await;
                *slot.lock().unwrap() = Some(handle);
                true
            })
        })
    };
    // No retries of its own: only the revival can save a call.
    let client = ResursClient::new(client_config(&base, 0))
        .unwrap()
        .with_reviver(reviver);
    let stores = client.stores().await.unwrap();
    assert_eq!(stores[0].id, SANDBOX_STORE_ID);
    let payment = client.find_by_reference("nothing-yet").await.unwrap();
    assert!(payment.is_none());
    assert_eq!(revived.load(Ordering::SeqCst), 0);

    first.shutdown().await;
    let stores = client.stores().await.unwrap();
    assert_eq!(stores[0].id, SANDBOX_STORE_ID);
    assert_eq!(revived.load(Ordering::SeqCst), 1, "started again once");
    // The token from before still works: the state is in the file.
    client.find_by_reference("nothing-yet").await.unwrap();
    assert_eq!(revived.load(Ordering::SeqCst), 1);
    let handle = slot.lock().unwrap().take().unwrap();
    handle.shutdown().await;
}

#[tokio::test]
async fn not_answering_is_said_wholly_in_the_chosen_language() {
    // A port nothing listens on.
    let port = common::cli::free_port();
    let client = ResursClient::new(client_config(&format!("http://127.0.0.1:{port}"), 0)).unwrap();
    let err = client.stores().await.unwrap_err();
    assert_eq!(
        err.message(Lang::En),
        "Resurs is not answering: no connection"
    );
    assert_eq!(
        err.message(Lang::Sv),
        "Resurs svarar inte: ingen anslutning"
    );
    // A reviver that cannot help leaves the same error.
    let gave_up: Reviver = Arc::new(|| Box::pin(async { false }));
    let client = ResursClient::new(client_config(&format!("http://127.0.0.1:{port}"), 0))
        .unwrap()
        .with_reviver(gave_up);
    let err = client.stores().await.unwrap_err();
    assert_eq!(
        err.message(Lang::En),
        "Resurs is not answering: no connection"
    );
}
