//! The Klarna sandbox through real HTTP on 127.0.0.1, served in-process by the same `serve` as
//! the Resurs sandbox (shared/docs/providers.md §2; docs/KLARNA.md). This file holds the harness
//! and reserving; `klarna_sandbox/orders.rs` Order Management, `klarna_sandbox/ledger.rs`
//! payouts, disputes and restarts.

#[path = "klarna_sandbox/ledger.rs"]
mod ledger;
#[path = "klarna_sandbox/orders.rs"]
mod orders;

use std::path::PathBuf;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use verkstad::sandbox::klarna::TEST_STORES;
use verkstad::sandbox::klarna::wire::{
    Dispute, DisputeCollection, ErrorBody, Order, OrderCreated, Payout, PayoutCollection,
    SessionCreated, TransactionCollection,
};
use verkstad::sandbox::resurs::{self as sandbox, SandboxHandle, SandboxOptions};

const A: usize = 0;
const B: usize = 1;
const DAY: i64 = 86_400;

struct Sbx {
    handle: SandboxHandle,
    base: String,
    http: reqwest::Client,
    state: PathBuf,
    _dir: tempfile::TempDir,
}

async fn serve_on(state: &std::path::Path) -> SandboxHandle {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    sandbox::serve(listener, SandboxOptions::new(state.to_path_buf()))
        .await
        .unwrap()
}

async fn start() -> Sbx {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("resurs-sandbox.db");
    let handle = serve_on(&state).await;
    Sbx {
        base: handle.base_url(),
        handle,
        http: reqwest::Client::builder().no_proxy().build().unwrap(),
        state,
        _dir: dir,
    }
}

/// One line of 1 250,00 kr incl. 25 % VAT per unit.
fn line(quantity: Value, unit_price: i64) -> Value {
    let total = quantity.as_i64().unwrap_or(1) * unit_price;
    json!({"type": "physical", "reference": "BP-1", "name": "Bromsbelägg fram",
           "quantity": quantity, "quantity_unit": "st", "unit_price": unit_price,
           "tax_rate": 2500, "total_amount": total, "total_tax_amount": total / 5})
}

fn purchase(lines: Vec<Value>, email: &str) -> Value {
    let amount: i64 = lines
        .iter()
        .map(|l| l["total_amount"].as_i64().unwrap())
        .sum();
    let tax: i64 = lines
        .iter()
        .map(|l| l["total_tax_amount"].as_i64().unwrap())
        .sum();
    json!({
        "purchase_country": "SE", "purchase_currency": "SEK", "locale": "sv-SE",
        "order_amount": amount, "order_tax_amount": tax, "order_lines": lines,
        "merchant_reference1": "10042",
        "billing_address": {"given_name": "Testa", "family_name": "Kund", "email": email,
                            "phone": "0701112233"},
        "customer": {"national_identification_number": "198001010001"}
    })
}

/// 10 000,00 kr: eight units of 1 250,00 kr.
fn ten_thousand() -> Value {
    purchase(vec![line(json!(8), 125_000)], "kund@example.se")
}

impl Sbx {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn call(
        &self,
        store: usize,
        method: Method,
        path: &str,
        body: Option<&Value>,
        key: Option<&str>,
    ) -> reqwest::Response {
        let s = TEST_STORES[store];
        let mut req = self
            .http
            .request(method, self.url(path))
            .basic_auth(s.username, Some(s.password));
        if let Some(body) = body {
            req = req.json(body);
        }
        if let Some(key) = key {
            req = req.header("Klarna-Idempotency-Key", key);
        }
        req.send().await.unwrap()
    }

    async fn get<T: serde::de::DeserializeOwned>(&self, store: usize, path: &str) -> T {
        let r = self.call(store, Method::GET, path, None, None).await;
        assert_eq!(r.status(), StatusCode::OK, "GET {path}");
        r.json().await.unwrap()
    }

    async fn post(&self, store: usize, path: &str, body: &Value) -> reqwest::Response {
        self.call(store, Method::POST, path, Some(body), None).await
    }

    async fn sim(&self, path: &str, body: Value) -> (StatusCode, Value) {
        let r = self
            .http
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    async fn session(&self, store: usize, body: &Value) -> SessionCreated {
        let r = self.post(store, "/payments/v1/sessions", body).await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    /// The customer authorizes in the widget: the token, or `None` when not approved.
    async fn authorize(&self, session_id: &str, outcome: Option<&str>) -> Option<String> {
        let mut body = json!({ "session_id": session_id });
        if let Some(o) = outcome {
            body["outcome"] = json!(o);
        }
        let (status, v) = self.sim("/_sim/klarna/authorize", body).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        v["authorization_token"].as_str().map(str::to_string)
    }

    /// Session → authorization → order.
    async fn reserve(&self, store: usize, body: &Value, outcome: Option<&str>) -> OrderCreated {
        let session = self.session(store, body).await;
        let token = self.authorize(&session.session_id, outcome).await.unwrap();
        let r = self
            .post(
                store,
                &format!("/payments/v1/authorizations/{token}/order"),
                body,
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    async fn order(&self, store: usize, id: &str) -> Order {
        self.get(store, &format!("/ordermanagement/v1/orders/{id}"))
            .await
    }

    async fn capture(
        &self,
        store: usize,
        id: &str,
        amount: i64,
        key: Option<&str>,
    ) -> reqwest::Response {
        let body = json!({"captured_amount": amount, "reference": "F-1001"});
        self.call(
            store,
            Method::POST,
            &format!("/ordermanagement/v1/orders/{id}/captures"),
            Some(&body),
            key,
        )
        .await
    }

    async fn advance(&self, seconds: i64) {
        let (status, _) = self
            .sim("/_sim/klarna/clock/advance", json!({ "seconds": seconds }))
            .await;
        assert_eq!(status, StatusCode::OK);
    }

    async fn payouts(&self, body: Value) -> Vec<Payout> {
        let (status, v) = self.sim("/_sim/klarna/payouts", body).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        serde_json::from_value(v["payouts"].clone()).unwrap()
    }
}

async fn error(r: reqwest::Response) -> (StatusCode, ErrorBody) {
    let status = r.status();
    (status, r.json().await.unwrap())
}

fn header(r: &reqwest::Response, name: &str) -> String {
    r.headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn reserve_accepted_pending_and_rejected() {
    let sbx = start().await;
    // Accepted: the order holds what was sent, authorized for 28 days.
    let created = sbx.reserve(A, &ten_thousand(), None).await;
    assert_eq!(created.fraud_status, "ACCEPTED");
    assert_eq!(created.authorized_payment_method.kind, "invoice");
    let order = sbx.order(A, &created.order_id).await;
    assert_eq!(order.status, "AUTHORIZED");
    assert_eq!(order.order_amount, 1_000_000);
    assert_eq!(order.remaining_authorized_amount, 1_000_000);
    assert_eq!((order.captured_amount, order.refunded_amount), (0, 0));
    assert_eq!(order.order_lines[0].quantity, 8);
    assert_eq!(order.merchant_reference1.as_deref(), Some("10042"));
    let created_at = chrono::DateTime::parse_from_rfc3339(&order.created_at).unwrap();
    let expires_at = chrono::DateTime::parse_from_rfc3339(&order.expires_at).unwrap();
    assert_eq!((expires_at - created_at).num_days(), 28);

    // Pending by the driver: no capture until the review accepts it.
    let pending = sbx.reserve(A, &ten_thousand(), Some("pending")).await;
    assert_eq!(pending.fraud_status, "PENDING");
    let (status, e) = error(sbx.capture(A, &pending.order_id, 100, None).await).await;
    assert_eq!(
        (status.as_u16(), e.error_code.as_str()),
        (403, "CAPTURE_NOT_ALLOWED")
    );
    let (status, v) = sbx
        .sim(
            &format!("/_sim/klarna/orders/{}/fraud", pending.order_id),
            json!({"fraud_status": "ACCEPTED"}),
        )
        .await;
    assert_eq!(
        (status, v["fraud_status"].as_str()),
        (StatusCode::OK, Some("ACCEPTED"))
    );
    assert_eq!(
        sbx.capture(A, &pending.order_id, 100, None).await.status(),
        StatusCode::CREATED
    );

    // Pending by test data: rejected after five minutes of the clock, and so cancelled.
    let body = purchase(
        vec![line(json!(1), 50_000)],
        "kund+pend-reject-05@example.se",
    );
    let later = sbx.reserve(A, &body, None).await;
    assert_eq!(later.fraud_status, "PENDING");
    sbx.advance(240).await;
    assert_eq!(sbx.order(A, &later.order_id).await.fraud_status, "PENDING");
    sbx.advance(60).await;
    let order = sbx.order(A, &later.order_id).await;
    assert_eq!(
        (order.fraud_status.as_str(), order.status.as_str()),
        ("REJECTED", "CANCELLED")
    );

    // Rejected, by the driver or by the test e-mail: no token, no order.
    let session = sbx.session(A, &ten_thousand()).await;
    assert_eq!(
        sbx.authorize(&session.session_id, Some("rejected")).await,
        None
    );
    let denied = purchase(vec![line(json!(1), 50_000)], "kund+denied@example.se");
    let session = sbx.session(A, &denied).await;
    assert_eq!(sbx.authorize(&session.session_id, None).await, None);

    // A token places one order; the session is then complete.
    let session = sbx.session(A, &ten_thousand()).await;
    let token = sbx.authorize(&session.session_id, None).await.unwrap();
    let path = format!("/payments/v1/authorizations/{token}/order");
    assert_eq!(
        sbx.post(A, &path, &ten_thousand()).await.status(),
        StatusCode::OK
    );
    let (status, e) = error(sbx.post(A, &path, &ten_thousand()).await).await;
    assert_eq!((status.as_u16(), e.error_code.as_str()), (404, "NOT_FOUND"));
    let s: Value = sbx
        .get(A, &format!("/payments/v1/sessions/{}", session.session_id))
        .await;
    assert_eq!(s["status"], "complete");

    // The confirmation URL comes back as redirect_url, with the order id in it.
    let mut body = ten_thousand();
    body["merchant_urls"] = json!({"confirmation": "http://127.0.0.1:1/klar?o={order.id}"});
    let created = sbx.reserve(A, &body, None).await;
    assert_eq!(
        created.redirect_url,
        Some(format!("http://127.0.0.1:1/klar?o={}", created.order_id))
    );
}

#[tokio::test]
async fn a_fractional_quantity_or_lines_that_do_not_add_up_are_400_bad_value() {
    let sbx = start().await;
    let mut half = line(json!(1), 89_500);
    half["quantity"] = json!(1.5);
    half["total_amount"] = json!(134_250);
    half["total_tax_amount"] = json!(26_850);
    let body = purchase(vec![half.clone()], "kund@example.se");
    let (status, e) = error(sbx.post(A, "/payments/v1/sessions", &body).await).await;
    assert_eq!((status.as_u16(), e.error_code.as_str()), (400, "BAD_VALUE"));
    assert!(
        e.error_messages[0].starts_with("Bad value: order_lines[0].quantity"),
        "{:?}",
        e.error_messages
    );
    assert!(!e.correlation_id.is_empty());

    // The same at the order and in a capture's lines.
    let created = sbx.reserve(A, &ten_thousand(), None).await;
    let capture = json!({"captured_amount": 134_250, "order_lines": [half]});
    let path = format!("/ordermanagement/v1/orders/{}/captures", created.order_id);
    let (status, e) = error(sbx.post(A, &path, &capture).await).await;
    assert_eq!((status.as_u16(), e.error_code.as_str()), (400, "BAD_VALUE"));
    assert_eq!(sbx.order(A, &created.order_id).await.captured_amount, 0);

    // Lines that do not add up to order_amount.
    let mut body = ten_thousand();
    body["order_amount"] = json!(1_000_001);
    let (status, e) = error(sbx.post(A, "/payments/v1/sessions", &body).await).await;
    assert_eq!(status.as_u16(), 400);
    assert!(
        e.error_messages[0].starts_with("Bad value: order_amount"),
        "{e:?}"
    );
    // A capture whose lines do not add up to captured_amount.
    let capture = json!({"captured_amount": 200_000, "order_lines": [line(json!(1), 125_000)]});
    let (status, e) = error(sbx.post(A, &path, &capture).await).await;
    assert_eq!(status.as_u16(), 400);
    assert!(
        e.error_messages[0].starts_with("Bad value: captured_amount"),
        "{e:?}"
    );
}

#[tokio::test]
async fn wrong_credentials_are_401_with_klarnas_error_body() {
    let sbx = start().await;
    let stores: Vec<Value> = sbx
        .http
        .get(sbx.url("/_sim/klarna/stores"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stores.len(), 2);
    assert_eq!(stores[0]["username"], "PK_TEST_STORE_A");
    assert_eq!(stores[0]["password"], "sandbox-secret-a");

    for path in [
        "/payments/v1/sessions",
        "/ordermanagement/v1/orders/x",
        "/settlements/v1/payouts",
        "/disputes/v2/disputes",
        "/ordermanagement/v1/no-such-thing",
    ] {
        let none = sbx.http.get(sbx.url(path)).send().await.unwrap();
        assert!(none.headers().contains_key("www-authenticate"));
        let (status, e) = error(none).await;
        assert_eq!(
            (status.as_u16(), e.error_code.as_str()),
            (401, "UNAUTHORIZED"),
            "{path}"
        );
        let wrong = sbx
            .http
            .get(sbx.url(path))
            .basic_auth("PK_TEST_STORE_A", Some("sandbox-secret-b"))
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
    // With credentials, an unknown Klarna path is Klarna's 404.
    let r = sbx
        .call(
            A,
            Method::GET,
            "/ordermanagement/v1/no-such-thing",
            None,
            None,
        )
        .await;
    let (status, e) = error(r).await;
    assert_eq!((status.as_u16(), e.error_code.as_str()), (404, "NOT_FOUND"));
    let (status, e) = error(
        sbx.call(
            A,
            Method::GET,
            "/ordermanagement/v1/orders/nope",
            None,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(
        (status.as_u16(), e.error_code.as_str()),
        (404, "NO_SUCH_ORDER")
    );
}

#[tokio::test]
async fn each_store_sees_only_its_own_orders() {
    let sbx = start().await;
    let a = sbx.reserve(A, &ten_thousand(), None).await;
    let b = sbx.reserve(B, &ten_thousand(), None).await;
    assert_eq!(sbx.order(A, &a.order_id).await.order_id, a.order_id);
    let (status, e) = error(
        sbx.call(
            B,
            Method::GET,
            &format!("/ordermanagement/v1/orders/{}", a.order_id),
            None,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(
        (status.as_u16(), e.error_code.as_str()),
        (404, "NO_SUCH_ORDER")
    );
    assert_eq!(
        sbx.capture(B, &a.order_id, 100, None).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(sbx.order(A, &a.order_id).await.captured_amount, 0);
    // A session of store A cannot be turned into an order by store B.
    let session = sbx.session(A, &ten_thousand()).await;
    let token = sbx.authorize(&session.session_id, None).await.unwrap();
    let r = sbx
        .post(
            B,
            &format!("/payments/v1/authorizations/{token}/order"),
            &ten_thousand(),
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    // Payouts are per store too.
    assert_eq!(
        sbx.capture(A, &a.order_id, 1_000_000, None).await.status(),
        StatusCode::CREATED
    );
    assert_eq!(
        sbx.capture(B, &b.order_id, 500_000, None).await.status(),
        StatusCode::CREATED
    );
    let made = sbx.payouts(json!({})).await;
    assert_eq!(made.len(), 2);
    let of_a: PayoutCollection = sbx.get(A, "/settlements/v1/payouts").await;
    assert_eq!(of_a.payouts.len(), 1);
    assert_eq!(of_a.payouts[0].totals.sale_amount, 1_000_000);
    assert_eq!(of_a.payouts[0].merchant_id, "PK00001");
    let other = &made
        .iter()
        .find(|p| p.merchant_id == "PK00002")
        .unwrap()
        .payment_reference;
    let r = sbx
        .call(
            A,
            Method::GET,
            &format!("/settlements/v1/payouts/{other}"),
            None,
            None,
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let listed: Vec<Value> = sbx
        .http
        .get(sbx.url("/_sim/klarna/orders?username=PK_TEST_STORE_B"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["order"]["order_id"], json!(b.order_id));
}
