//! Contract tests for the local Resurs sandbox through real HTTP on 127.0.0.1
//! (shared/docs/providers.md §5.1–5.8).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use verkstad::payments::resurs::dto::{
    Amount, ApiError, AuthorizationCallback, ManagementCallback, OAuthError, Page, Payment,
    PaymentStatus, StorePaymentMethod, TaskStatus, TokenResponse,
};
use verkstad::sandbox::resurs::{
    self as sandbox, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_STORE_ID, SandboxHandle,
    SandboxOptions,
};

struct Sandbox {
    handle: SandboxHandle,
    base: String,
    http: reqwest::Client,
    token: String,
    _dir: tempfile::TempDir,
    path: PathBuf,
}

async fn serve_on(path: &Path) -> SandboxHandle {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let mut options = SandboxOptions::new(path.to_path_buf());
    options.fast_retries = true;
    options.workshop_name = "Verkstad Demo AB".into();
    sandbox::serve(listener, options).await.unwrap()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

async fn fetch_token(http: &reqwest::Client, base: &str) -> String {
    let response = http
        .post(format!("{base}/oauth2/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", SANDBOX_CLIENT_ID),
            ("client_secret", SANDBOX_CLIENT_SECRET),
            ("scope", "merchant-api"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json::<TokenResponse>().await.unwrap().access_token
}

async fn start() -> Sandbox {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox.sqlite");
    let handle = serve_on(&path).await;
    let base = handle.base_url();
    let http = client();
    let token = fetch_token(&http, &base).await;
    Sandbox {
        handle,
        base,
        http,
        token,
        _dir: dir,
        path,
    }
}

/// Two lines summing to 1 914,38 kr.
fn create_body(reference: &str, automatic_capture: bool) -> Value {
    json!({
        "storeId": SANDBOX_STORE_ID,
        "order": {
            "orderReference": reference,
            "orderLines": [
                {"description": "Bromsbelägg fram <script>", "reference": "BP-1234", "quantity": 1,
                 "quantityUnit": "st", "vatRate": 25, "totalAmountIncludingVat": 1250.00,
                 "totalVatAmount": 250.00, "type": "NORMAL"},
                {"description": "Arbete", "quantity": 1.5, "quantityUnit": "h", "vatRate": 25,
                 "totalAmountIncludingVat": 664.38, "type": "NORMAL"}
            ]
        },
        "customer": {"customerType": "NATURAL", "mobilePhone": "0701112233"},
        "metadata": {"creator": "kassa-1"},
        "options": {"initiatedOnCustomersDevice": false, "deliverLinks": true,
                    "automaticCapture": automatic_capture, "timeToLiveInMinutes": 5}
    })
}

const TOTAL: Amount = Amount(191_438);

impl Sandbox {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn refresh_token(&mut self) {
        self.token = fetch_token(&self.http, &self.base).await;
    }

    async fn post(&self, path: &str, body: &Value, key: Option<&str>) -> reqwest::Response {
        let mut request = self
            .http
            .post(self.url(path))
            .bearer_auth(&self.token)
            .json(body);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        request.send().await.unwrap()
    }

    async fn create(&self, reference: &str, automatic_capture: bool) -> Payment {
        let response = self
            .post(
                "/v2/payments",
                &create_body(reference, automatic_capture),
                None,
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json().await.unwrap()
    }

    async fn get(&self, id: &str) -> Payment {
        let response = self
            .http
            .get(self.url(&format!("/v2/payments/{id}")))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    async fn sim(&self, path: &str, body: Value) -> reqwest::Response {
        let response = self
            .http
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        response
    }

    async fn page(&self, id: &str) -> (StatusCode, String) {
        let response = self
            .http
            .get(self.url(&format!("/pay/{id}")))
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    }

    async fn accept(&self, id: &str, form: &[(&str, &str)]) -> (StatusCode, String) {
        let response = self
            .http
            .post(self.url(&format!("/pay/{id}/accept")))
            .form(form)
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    }

    async fn sms(&self) -> Vec<Value> {
        self.http
            .get(self.url("/_sim/outbox/sms"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

async fn api_error(response: reqwest::Response) -> (StatusCode, ApiError) {
    let status = response.status();
    let body: ApiError = response.json().await.unwrap();
    assert!(!body.trace_id.is_empty());
    (status, body)
}

#[tokio::test]
async fn tokens_and_bearer_auth() {
    let mut sbx = start().await;
    let health: Value = sbx
        .http
        .get(sbx.url("/_sim/health"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        health,
        json!({"ok": true, "sandbox": true, "pid": std::process::id()})
    );

    let response = sbx
        .http
        .post(sbx.url("/oauth2/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", SANDBOX_CLIENT_ID),
            ("client_secret", SANDBOX_CLIENT_SECRET),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let token: TokenResponse = response.json().await.unwrap();
    assert_eq!(
        (token.token_type.as_str(), token.expires_in),
        ("Bearer", 3599)
    );

    let response = sbx
        .http
        .post(sbx.url("/oauth2/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", SANDBOX_CLIENT_ID),
            ("client_secret", "wrong"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        response.json::<OAuthError>().await.unwrap().error,
        "invalid_client"
    );

    let missing = sbx
        .http
        .get(sbx.url("/v2/payments/nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(api_error(missing).await.0, StatusCode::UNAUTHORIZED);
    let bogus = sbx
        .http
        .get(sbx.url("/v2/payments/nope"))
        .bearer_auth("bogus")
        .send()
        .await
        .unwrap();
    assert_eq!(bogus.status(), StatusCode::UNAUTHORIZED);
    let create_without = sbx
        .http
        .post(sbx.url("/v2/payments"))
        .json(&create_body("A-1", true))
        .send()
        .await
        .unwrap();
    assert_eq!(create_without.status(), StatusCode::UNAUTHORIZED);

    let good = sbx
        .http
        .get(sbx.url("/v2/payments/nope"))
        .bearer_auth(&sbx.token)
        .send()
        .await
        .unwrap();
    let (status, error) = api_error(good).await;
    assert_eq!(
        (status, error.code.as_str()),
        (StatusCode::NOT_FOUND, "PAYMENT_NOT_FOUND")
    );

    // Tokens expire on the sandbox clock.
    sbx.sim("/_sim/clock/advance", json!({"seconds": 3600}))
        .await;
    let expired = sbx
        .http
        .get(sbx.url("/v2/payments/nope"))
        .bearer_auth(&sbx.token)
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), StatusCode::UNAUTHORIZED);
    sbx.refresh_token().await;
    let fresh = sbx
        .http
        .get(sbx.url("/v2/payments/nope"))
        .bearer_auth(&sbx.token)
        .send()
        .await
        .unwrap();
    assert_eq!(fresh.status(), StatusCode::NOT_FOUND);
    sbx.handle.shutdown().await;
}

#[tokio::test]
async fn create_sends_sms_and_shows_the_customer_page() {
    let sbx = start().await;
    let response = sbx
        .post("/v2/payments", &create_body("AO-4711", true), None)
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let raw = response.text().await.unwrap();
    assert!(raw.contains("\"totalOrderAmount\":1914.38"), "{raw}");
    assert!(raw.contains("\"capturedAmount\":0.00"), "{raw}");
    let payment: Payment = serde_json::from_str(&raw).unwrap();
    assert_eq!(payment.status, PaymentStatus::TaskRedirectionRequired);
    assert_eq!(payment.store_id, SANDBOX_STORE_ID);
    assert_eq!(payment.order.total_order_amount, TOTAL);
    let customer_url = payment.task_redirection_urls.unwrap().customer_url.unwrap();
    assert_eq!(customer_url, sbx.url(&format!("/pay/{}", payment.id)));
    let actions: Vec<_> = payment
        .order
        .possible_actions
        .iter()
        .map(|a| a.action.as_str())
        .collect();
    assert_eq!(actions, ["CANCEL"]);
    assert_eq!(payment.order.action_log.len(), 1);
    assert_eq!(payment.order.action_log[0].action_type, "CREATE");
    assert_eq!(payment.order.action_log[0].order_lines.len(), 2);

    let sms = sbx.sms().await;
    assert_eq!(sms.len(), 1);
    assert_eq!(sms[0]["to"], "0701112233");
    assert_eq!(sms[0]["paymentId"], payment.id.as_str());
    assert_eq!(sms[0]["customerUrl"], customer_url.as_str());
    let text = sms[0]["text"].as_str().unwrap();
    assert!(
        text.contains("Verkstad Demo AB") && text.contains("1 914,38 kr"),
        "{text}"
    );
    assert!(text.contains(&customer_url), "{text}");

    let (status, html) = sbx.page(&payment.id).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Att betala: 1 914,38 kr"), "{html}");
    assert!(html.contains("Verkstad Demo AB"));
    assert!(html.contains("Bromsbelägg fram &lt;script&gt;") && !html.contains("<script>"));
    assert!(html.contains("value=\"partpayment\"") && html.contains("Avböj"));

    // Validation answers 400 VALIDATION_ERROR.
    let mut bad_vat = create_body("AO-4712", true);
    bad_vat["order"]["orderLines"][0]["vatRate"] = json!(20);
    let mut no_phone = create_body("AO-4713", true);
    no_phone["customer"] = json!({"customerType": "NATURAL"});
    let mut not_http_callback = create_body("AO-4714", true);
    not_http_callback["options"]["callbacks"] =
        json!({"authorization": {"url": "ftp://example.com/cb"}});
    let mut bad_reference = create_body("AO 4715", true);
    bad_reference["order"]["orderReference"] = json!("AO 4715");
    let mut other_store = create_body("AO-4716", true);
    other_store["storeId"] = json!("someone-else");
    for body in [
        bad_vat,
        no_phone,
        not_http_callback,
        bad_reference,
        other_store,
    ] {
        let (status, error) = api_error(sbx.post("/v2/payments", &body, None).await).await;
        assert_eq!(
            (status, error.code.as_str()),
            (StatusCode::BAD_REQUEST, "VALIDATION_ERROR")
        );
    }
    let garbage = sbx
        .http
        .post(sbx.url("/v2/payments"))
        .bearer_auth(&sbx.token)
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), StatusCode::BAD_REQUEST);
    assert_eq!(sbx.sms().await.len(), 1);
    sbx.handle.shutdown().await;
}

#[tokio::test]
async fn idempotency_replay_reuse_and_duplicate_reference() {
    let sbx = start().await;
    let body = create_body("AO-100", true);
    let first = sbx.post("/v2/payments", &body, Some("key-1")).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Payment = first.json().await.unwrap();

    let again = sbx.post("/v2/payments", &body, Some("key-1")).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers().get("idempotent-replayed").unwrap(), "true");
    assert_eq!(again.json::<Payment>().await.unwrap().id, first.id);
    assert_eq!(
        sbx.sms().await.len(),
        1,
        "a replay must not send another SMS"
    );

    let other = sbx
        .post("/v2/payments", &create_body("AO-101", true), Some("key-1"))
        .await;
    let (status, error) = api_error(other).await;
    assert_eq!(
        (status, error.code.as_str()),
        (StatusCode::CONFLICT, "IDEMPOTENCY_KEY_REUSED")
    );

    let duplicate = sbx.post("/v2/payments", &body, Some("key-2")).await;
    let (status, error) = api_error(duplicate).await;
    assert_eq!(
        (status, error.code.as_str()),
        (StatusCode::CONFLICT, "DUPLICATE_ORDER_REFERENCE")
    );
    let duplicate = sbx.post("/v2/payments", &body, None).await;
    assert_eq!(duplicate.status(), StatusCode::CONFLICT);

    let found: Page<Payment> = sbx
        .post(
            "/v2/payments/search",
            &json!({"storeId": SANDBOX_STORE_ID, "orderReference": "AO-100"}),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found.content.len(), 1);
    assert_eq!(found.content[0].id, first.id);
    sbx.handle.shutdown().await;
}

#[tokio::test]
async fn accept_on_the_page_captures_then_refund_rules() {
    let sbx = start().await;
    let payment = sbx.create("AO-200", true).await;
    let (status, html) = sbx
        .accept(
            &payment.id,
            &[("method", "partpayment"), ("governmentId", "")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Tack! Betalningen är godkänd."), "{html}");

    let paid = sbx.get(&payment.id).await;
    assert_eq!(paid.status, PaymentStatus::Accepted);
    assert_eq!(paid.order.authorized_amount, TOTAL);
    assert_eq!(paid.order.captured_amount, TOTAL);
    assert_eq!(paid.payment_method.as_ref().unwrap().name, "Delbetalning");
    assert!(
        paid.order
            .action_log
            .iter()
            .any(|e| e.action_type == "CAPTURE")
    );
    let actions: Vec<_> = paid
        .order
        .possible_actions
        .iter()
        .map(|a| a.action.as_str())
        .collect();
    assert_eq!(actions, ["REFUND", "PARTIAL_REFUND"]);

    let (status, html) = sbx.page(&payment.id).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Betalningen är redan gjord") && !html.contains("<form"));
    let (status, html) = sbx.accept(&payment.id, &[("method", "direct")]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("Betalningen är redan gjord"));

    // Refund more than captured → 409; partial then the rest → refunded = total.
    let too_much = json!({"orderLines": [{"description": "x", "quantity": 1, "vatRate": 25,
                                           "totalAmountIncludingVat": 1914.39}],
                          "transactionId": "K-1"});
    let (status, error) = api_error(
        sbx.post(
            &format!("/v2/payments/{}/refund", payment.id),
            &too_much,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, error.code.as_str()),
        (StatusCode::CONFLICT, "ACTION_NOT_ALLOWED")
    );
    let partial = json!({"orderLines": [{"description": "Arbete", "quantity": 1, "vatRate": 25,
                                          "totalAmountIncludingVat": 664.38}],
                         "transactionId": "K-1", "creator": "kassa-1"});
    let response = sbx
        .post(
            &format!("/v2/payments/{}/refund", payment.id),
            &partial,
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response
            .json::<Payment>()
            .await
            .unwrap()
            .order
            .refunded_amount,
        Amount(66_438)
    );
    let reused = sbx
        .post(
            &format!("/v2/payments/{}/refund", payment.id),
            &partial,
            None,
        )
        .await;
    assert_eq!(
        reused.status(),
        StatusCode::CONFLICT,
        "duplicate transactionId"
    );
    let rest = sbx
        .post(
            &format!("/v2/payments/{}/refund", payment.id),
            &json!({"transactionId": "K-2"}),
            None,
        )
        .await;
    assert_eq!(rest.status(), StatusCode::OK);
    let raw = rest.text().await.unwrap();
    assert!(raw.contains("\"refundedAmount\":1914.38"), "{raw}");
    let refunded: Payment = serde_json::from_str(&raw).unwrap();
    assert_eq!(refunded.order.refunded_amount, TOTAL);
    assert!(refunded.order.possible_actions.is_empty());
    let last = refunded.order.action_log.last().unwrap();
    assert_eq!(
        (last.action_type.as_str(), last.transaction_id.as_deref()),
        ("REFUND", Some("K-2"))
    );
    let nothing_left = sbx
        .post(
            &format!("/v2/payments/{}/refund", payment.id),
            &json!({}),
            None,
        )
        .await;
    assert_eq!(nothing_left.status(), StatusCode::CONFLICT);
    sbx.handle.shutdown().await;
}

#[tokio::test]
async fn cancelled_link_cannot_be_paid() {
    let sbx = start().await;
    let payment = sbx.create("AO-300", false).await;
    let response = sbx
        .post(
            &format!("/v2/payments/{}/cancel", payment.id),
            &json!({"creator": "kassa-1"}),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let cancelled: Payment = response.json().await.unwrap();
    assert_eq!(cancelled.status, PaymentStatus::Rejected);
    assert_eq!(cancelled.order.canceled_amount, TOTAL);
    assert!(cancelled.order.possible_actions.is_empty());

    let (status, html) = sbx.page(&payment.id).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Länken är inte längre giltig") && !html.contains("<form"));
    let (status, html) = sbx.accept(&payment.id, &[("method", "direct")]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("Länken är inte längre giltig"));
    let decline = sbx
        .http
        .post(sbx.url(&format!("/pay/{}/decline", payment.id)))
        .send()
        .await
        .unwrap();
    assert_eq!(decline.status(), StatusCode::CONFLICT);
    assert_eq!(sbx.get(&payment.id).await.status, PaymentStatus::Rejected);
    sbx.handle.shutdown().await;
}

#[tokio::test]
async fn ttl_expiry_and_frozen_then_accepted_follow_the_clock() {
    let mut sbx = start().await;
    let expiring = sbx.create("AO-400", false).await;
    let frozen = sbx.create("AO-401", false).await;

    let (status, html) = sbx
        .accept(
            &frozen.id,
            &[("method", "invoice"), ("governmentId", "19800101-0001")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Betalningen granskas"), "{html}");
    assert_eq!(sbx.get(&frozen.id).await.status, PaymentStatus::Frozen);

    sbx.sim("/_sim/clock/advance", json!({"seconds": 5})).await;
    let accepted = sbx.get(&frozen.id).await;
    assert_eq!(accepted.status, PaymentStatus::Accepted);
    assert_eq!(accepted.order.authorized_amount, TOTAL);
    assert_eq!(accepted.order.captured_amount, Amount(0));
    assert_eq!(accepted.payment_method.unwrap().name, "Faktura");
    assert_eq!(
        sbx.get(&expiring.id).await.status,
        PaymentStatus::TaskRedirectionRequired
    );

    // timeToLiveInMinutes = 5.
    sbx.sim("/_sim/clock/advance", json!({"seconds": 300}))
        .await;
    sbx.refresh_token().await;
    let expired = sbx.get(&expiring.id).await;
    assert_eq!(expired.status, PaymentStatus::Rejected);
    let (_, html) = sbx.page(&expiring.id).await;
    assert!(
        html.contains("gått ut") && html.contains("Länken är inte längre giltig"),
        "{html}"
    );
    let (status, _) = sbx.accept(&expiring.id, &[("method", "direct")]).await;
    assert_eq!(status, StatusCode::CONFLICT);
    sbx.handle.shutdown().await;
}

#[tokio::test]
async fn http_500_fault_does_no_work_and_the_same_key_then_succeeds_once() {
    let sbx = start().await;
    let payment = sbx.create("AO-500", false).await;
    sbx.sim(
        &format!("/_sim/payments/{}/decide", payment.id),
        json!({"outcome": "ACCEPTED", "method": "direct"}),
    )
    .await;
    sbx.sim(
        "/_sim/faults",
        json!({"path": "/v2/payments/*/capture", "mode": "http_500", "count": 1}),
    )
    .await;

    let path = format!("/v2/payments/{}/capture", payment.id);
    let body = json!({"transactionId": "F-1"});
    let (status, error) = api_error(sbx.post(&path, &body, Some("cap-1")).await).await;
    assert_eq!(
        (status, error.code.as_str()),
        (StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL_ERROR")
    );
    assert_eq!(
        sbx.get(&payment.id).await.order.captured_amount,
        Amount(0),
        "500 must not do the work"
    );

    // The injected 500 failed before execution: nothing was stored for the key, so the retry
    // with the same key is executed, and a second retry replays that success.
    let retry = sbx.post(&path, &body, Some("cap-1")).await;
    assert_eq!(retry.status(), StatusCode::OK);
    assert!(retry.headers().get("idempotent-replayed").is_none());
    assert_eq!(
        retry.json::<Payment>().await.unwrap().order.captured_amount,
        TOTAL
    );
    let replay = sbx.post(&path, &body, Some("cap-1")).await;
    assert_eq!(replay.status(), StatusCode::OK);
    assert_eq!(replay.headers().get("idempotent-replayed").unwrap(), "true");
    let p = sbx.get(&payment.id).await;
    assert_eq!(p.order.captured_amount, TOTAL);
    assert_eq!(
        p.order
            .action_log
            .iter()
            .filter(|a| a.action_type == "CAPTURE")
            .count(),
        1,
        "captured once"
    );
    sbx.handle.shutdown().await;
}

#[tokio::test]
async fn dropped_response_after_commit_is_found_by_search() {
    let sbx = start().await;
    sbx.sim(
        "/_sim/faults",
        json!({"path": "/v2/payments", "mode": "drop_response_after_commit"}),
    )
    .await;
    let body = create_body("AO-600", true);
    let lost = sbx
        .http
        .post(sbx.url("/v2/payments"))
        .bearer_auth(&sbx.token)
        .header("Idempotency-Key", "lost-1")
        .json(&body)
        .send()
        .await;
    assert!(
        lost.is_err(),
        "the client must see a connection error, got {lost:?}"
    );

    let found: Page<Payment> = sbx
        .post(
            "/v2/payments/search",
            &json!({"storeId": SANDBOX_STORE_ID, "orderReference": "AO-600"}),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found.content.len(), 1);
    // Retrying with the same key replays the committed answer.
    let retry = sbx.post("/v2/payments", &body, Some("lost-1")).await;
    assert_eq!(retry.status(), StatusCode::CREATED);
    assert_eq!(retry.headers().get("idempotent-replayed").unwrap(), "true");
    assert_eq!(
        retry.json::<Payment>().await.unwrap().id,
        found.content[0].id
    );
    sbx.handle.shutdown().await;
}

#[tokio::test]
async fn key_in_use_while_a_delayed_request_is_in_flight() {
    let sbx = Arc::new(start().await);
    let payment = sbx.create("AO-650", false).await;
    sbx.sim(
        &format!("/_sim/payments/{}/decide", payment.id),
        json!({"outcome": "ACCEPTED"}),
    )
    .await;
    sbx.sim(
        "/_sim/faults",
        json!({"path": "/v2/payments/*/capture", "mode": "delay_ms", "delayMs": 1500}),
    )
    .await;
    let path = format!("/v2/payments/{}/capture", payment.id);
    let slow = {
        let (sbx, path) = (sbx.clone(), path.clone());
        tokio::spawn(async move { sbx.post(&path, &json!({}), Some("slow-1")).await.status() })
    };
    // The work is committed at once; the answer is held back.
    let deadline = Instant::now() + Duration::from_secs(5);
    while sbx.get(&payment.id).await.order.captured_amount != TOTAL {
        assert!(Instant::now() < deadline, "capture was not committed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let (status, error) = api_error(sbx.post(&path, &json!({}), Some("slow-1")).await).await;
    assert_eq!(
        (status, error.code.as_str()),
        (StatusCode::CONFLICT, "IDEMPOTENCY_KEY_IN_USE")
    );
    assert_eq!(slow.await.unwrap(), StatusCode::OK);
    let replay = sbx.post(&path, &json!({}), Some("slow-1")).await;
    assert_eq!(replay.status(), StatusCode::OK);
    assert_eq!(replay.headers().get("idempotent-replayed").unwrap(), "true");
}

/// A callback receiver on 127.0.0.1 that answers 503 to the first authorization callback.
async fn receiver() -> (String, Arc<Mutex<Vec<(String, String)>>>) {
    use axum::routing::post;
    let seen: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
    let state = seen.clone();
    let app = axum::Router::new().route(
        "/cb/{kind}",
        post(
            move |axum::extract::Path(kind): axum::extract::Path<String>, body: String| {
                let seen = state.clone();
                async move {
                    let mut seen = seen.lock().unwrap();
                    let first = !seen.iter().any(|(k, _)| *k == kind);
                    seen.push((kind.clone(), body));
                    if kind == "auth" && first {
                        StatusCode::SERVICE_UNAVAILABLE
                    } else {
                        StatusCode::ACCEPTED
                    }
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, seen)
}

#[tokio::test]
async fn callbacks_are_delivered_with_retries() {
    let sbx = start().await;
    let (cb_base, seen) = receiver().await;
    let mut body = create_body("AO-700", true);
    body["options"]["callbacks"] = json!({
        "authorization": {"url": format!("{cb_base}/cb/auth")},
        "management": {"url": format!("{cb_base}/cb/mgmt")}
    });
    let response = sbx.post("/v2/payments", &body, None).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let payment: Payment = response.json().await.unwrap();
    let (status, _) = sbx.accept(&payment.id, &[("method", "direct")]).await;
    assert_eq!(status, StatusCode::OK);

    let deadline = Instant::now() + Duration::from_secs(10);
    let log = loop {
        let log: Vec<Value> = sbx
            .http
            .get(sbx.url("/_sim/callbacks"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if log.len() == 2 && log.iter().all(|c| c["delivered"] == true) {
            break log;
        }
        assert!(
            Instant::now() < deadline,
            "callbacks not delivered: {log:#?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let auth = log.iter().find(|c| c["kind"] == "authorization").unwrap();
    let statuses: Vec<_> = auth["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].clone())
        .collect();
    assert_eq!(statuses, [json!(503), json!(202)]);
    assert_eq!(auth["body"]["status"], "CAPTURED");
    assert_eq!(auth["paymentId"], payment.id.as_str());
    let mgmt = log.iter().find(|c| c["kind"] == "management").unwrap();
    assert_eq!(mgmt["attempts"].as_array().unwrap().len(), 1);

    let seen = seen.lock().unwrap().clone();
    let auths: Vec<AuthorizationCallback> = seen
        .iter()
        .filter(|(k, _)| k == "auth")
        .map(|(_, b)| serde_json::from_str(b).unwrap())
        .collect();
    assert_eq!(auths.len(), 2, "one refused and one delivered attempt");
    assert!(
        auths
            .iter()
            .all(|a| a.payment_id == payment.id && a.status == "CAPTURED")
    );
    let mgmts: Vec<ManagementCallback> = seen
        .iter()
        .filter(|(k, _)| k == "mgmt")
        .map(|(_, b)| serde_json::from_str(b).unwrap())
        .collect();
    assert_eq!(mgmts.len(), 1);
    assert_eq!(mgmts[0].action, "CAPTURE");
    let capture = sbx
        .get(&payment.id)
        .await
        .order
        .action_log
        .into_iter()
        .find(|e| e.action_type == "CAPTURE")
        .unwrap();
    assert_eq!(mgmts[0].action_id, capture.action_id);
    sbx.handle.shutdown().await;
}

#[tokio::test]
async fn state_survives_a_restart() {
    let sbx = start().await;
    let payment = sbx.create("AO-800", false).await;
    let Sandbox {
        handle,
        http,
        token,
        _dir,
        path,
        ..
    } = sbx;
    handle.shutdown().await;

    let handle = serve_on(&path).await;
    let base = handle.base_url();
    let response = http
        .get(format!("{base}/v2/payments/{}", payment.id))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "tokens and payments persist"
    );
    let again: Payment = response.json().await.unwrap();
    assert_eq!(again.id, payment.id);
    assert_eq!(again.order.total_order_amount, TOTAL);
    let sms: Vec<Value> = http
        .get(format!("{base}/_sim/outbox/sms"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(sms.len(), 1);
    let duplicate = http
        .post(format!("{base}/v2/payments"))
        .bearer_auth(&token)
        .json(&create_body("AO-800", false))
        .send()
        .await
        .unwrap();
    assert_eq!(duplicate.status(), StatusCode::CONFLICT);
    handle.shutdown().await;
}

// ---------------------------------------------------------------------------------------------
// Fidelity with Resurs's own tools (issue 9 §7, providers.md §5.8a)

impl Sandbox {
    async fn get_json(&self, path: &str) -> (StatusCode, String) {
        let response = self
            .http
            .get(self.url(path))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    }

    async fn created(&self, body: &Value) -> Payment {
        let response = self.post("/v2/payments", body, None).await;
        let status = response.status();
        let text = response.text().await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{text}");
        serde_json::from_str(&text).unwrap()
    }

    async fn callbacks(&self) -> Vec<Value> {
        self.http
            .get(self.url("/_sim/callbacks"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }
}

async fn token_with_json(sbx: &Sandbox, secret: &str) -> reqwest::Response {
    sbx.http
        .post(sbx.url("/oauth2/token"))
        .json(&json!({
            "grant_type": "client_credentials",
            "client_id": SANDBOX_CLIENT_ID,
            "client_secret": secret,
            "scope": "merchant-api",
            "somethingResursMayAdd": {"nested": [1, 2]}
        }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_token_endpoint_takes_a_form_and_a_json_body() {
    let sbx = start().await;
    // JSON, as Resurs's PHP library and Postman collection send it.
    let response = token_with_json(&sbx, SANDBOX_CLIENT_SECRET).await;
    assert_eq!(response.status(), StatusCode::OK);
    let token: TokenResponse = response.json().await.unwrap();
    assert_eq!(
        (token.token_type.as_str(), token.expires_in),
        ("Bearer", 3599)
    );
    let works = sbx
        .http
        .get(sbx.url("/v2/stores"))
        .bearer_auth(&token.access_token)
        .send()
        .await
        .unwrap();
    assert_eq!(works.status(), StatusCode::OK);
    let wrong = token_with_json(&sbx, "wrong").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong.json::<OAuthError>().await.unwrap().error,
        "invalid_client"
    );
    // The documented form body, with a field we do not know.
    let form = sbx
        .http
        .post(sbx.url("/oauth2/token"))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", SANDBOX_CLIENT_ID),
            ("client_secret", SANDBOX_CLIENT_SECRET),
            ("audience", "whatever"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    // Neither a form nor JSON.
    let garbage = sbx
        .http
        .post(sbx.url("/oauth2/token"))
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), StatusCode::BAD_REQUEST);
    sbx.handle.shutdown().await;
}

#[tokio::test]
async fn stores_and_payment_methods_have_the_resurs_shapes() {
    let sbx = start().await;
    let (status, raw) = sbx
        .get_json("/v2/stores?sort=popularName,asc&size=2000")
        .await;
    assert_eq!(status, StatusCode::OK);
    let stores: Value = serde_json::from_str(&raw).unwrap();
    let content = stores["content"].as_array().unwrap();
    assert_eq!(content.len(), 1);
    let store = &content[0];
    assert_eq!(store["id"], SANDBOX_STORE_ID);
    assert!(store["nationalStoreId"].is_i64(), "{store}");
    assert_eq!(store["countryCode"], "SE");
    assert_eq!(store["name"], "Verkstad Demo AB");

    let (status, raw) = sbx
        .get_json(&format!("/v2/stores/{SANDBOX_STORE_ID}/payment_methods"))
        .await;
    assert_eq!(status, StatusCode::OK);
    // Limits are exact two-decimal numbers, never floats.
    assert!(raw.contains("\"maxPurchaseLimit\":200000.00"), "{raw}");
    assert!(raw.contains("\"minPurchaseLimit\":500.00"), "{raw}");
    let methods: Value = serde_json::from_str(&raw).unwrap();
    let methods = methods["content"].as_array().unwrap();
    assert_eq!(methods.len(), 3);
    for m in methods {
        for key in [
            "id",
            "name",
            "type",
            "minPurchaseLimit",
            "maxPurchaseLimit",
            "minApplicationLimit",
            "maxApplicationLimit",
            "legalLinks",
            "enabledForLegalCustomer",
            "enabledForNaturalCustomer",
        ] {
            assert!(m.get(key).is_some(), "{key} missing in {m}");
        }
        assert!(m["enabledForNaturalCustomer"].is_boolean());
        assert!(m["enabledForLegalCustomer"].is_boolean());
        let links = m["legalLinks"].as_array().unwrap();
        assert!(!links.is_empty());
        for link in links {
            assert!(link["url"].as_str().unwrap().starts_with(&sbx.base));
            assert!(
                ["GENERAL_TERMS", "SECCI", "PRICE_INFO"].contains(&link["type"].as_str().unwrap())
            );
            assert!(link["appendAmount"].is_boolean());
            // The link opens a page.
            let page = sbx
                .http
                .get(link["url"].as_str().unwrap())
                .send()
                .await
                .unwrap();
            assert_eq!(page.status(), StatusCode::OK);
        }
    }
    let names: Vec<_> = methods
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Direktbetalning", "Delbetalning", "Faktura"]);
    // The same ids the customer page records as paymentMethod.
    assert_eq!(methods[1]["id"], "7d63eb50-94b4-4238-8c0d-22d095bfe46b");
    assert_eq!(methods[1]["type"], "RESURS_PART_PAYMENT");

    // The wire types read them exactly.
    let typed: Page<StorePaymentMethod> = serde_json::from_str(&raw).unwrap();
    assert_eq!(typed.content[1].max_purchase_limit, Amount(20_000_000));

    // The optional amount filter.
    let (_, raw) = sbx
        .get_json(&format!(
            "/v2/stores/{SANDBOX_STORE_ID}/payment_methods?amount=300.00"
        ))
        .await;
    let some: Page<StorePaymentMethod> = serde_json::from_str(&raw).unwrap();
    let names: Vec<_> = some.content.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Direktbetalning", "Faktura"]);
    let (status, raw) = sbx
        .get_json(&format!(
            "/v2/stores/{SANDBOX_STORE_ID}/payment_methods?amount=1.005"
        ))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{raw}");

    let (status, raw) = sbx
        .get_json("/v2/stores/no-such-store/payment_methods")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{raw}");
    let error: ApiError = serde_json::from_str(&raw).unwrap();
    assert_eq!(error.code, "STORE_NOT_FOUND");
    sbx.handle.shutdown().await;
}

#[tokio::test]
async fn without_a_token_every_path_is_401_even_unknown_ones() {
    let sbx = start().await;
    let payment = sbx.create("AO-401", true).await;
    let get_paths = [
        "/v2/stores".to_string(),
        format!("/v2/stores/{SANDBOX_STORE_ID}/payment_methods"),
        format!("/v2/payments/{}", payment.id),
        format!("/v2/payments/{}/tasks/status", payment.id),
        "/v2/no/such/path".to_string(),
        "/v3/payments".to_string(),
        "/".to_string(),
        "/admin".to_string(),
        // Exists, but only for POST.
        "/v2/payments".to_string(),
    ];
    let post_paths = [
        "/v2/payments".to_string(),
        "/v2/payments/search".to_string(),
        format!("/v2/payments/{}/capture", payment.id),
        format!("/v2/payments/{}/frobnicate", payment.id),
        "/v2/unknown".to_string(),
    ];
    for token in [None, Some("bogus"), Some("")] {
        for path in &get_paths {
            let mut request = sbx.http.get(sbx.url(path));
            if let Some(t) = token {
                request = request.bearer_auth(t);
            }
            let response = request.send().await.unwrap();
            assert_eq!(
                response.status(),
                StatusCode::UNAUTHORIZED,
                "GET {path} {token:?}"
            );
            assert_eq!(api_error(response).await.1.code, "UNAUTHORIZED");
        }
        for path in &post_paths {
            let mut request = sbx.http.post(sbx.url(path)).json(&json!({}));
            if let Some(t) = token {
                request = request.bearer_auth(t);
            }
            let response = request.send().await.unwrap();
            assert_eq!(
                response.status(),
                StatusCode::UNAUTHORIZED,
                "POST {path} {token:?}"
            );
        }
    }
    // With a token, an unknown path is 404 as before.
    let (status, raw) = sbx.get_json("/v2/no/such/path").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{raw}");
    // The customer pages and the test drivers stay open.
    let open = [
        "/_sim/health".to_string(),
        "/_sim/outbox/sms".to_string(),
        "/_sim/callbacks".to_string(),
        format!("/pay/{}", payment.id),
    ];
    for path in &open {
        let response = sbx.http.get(sbx.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
    let missing_page = sbx.http.get(sbx.url("/pay/nope")).send().await.unwrap();
    assert_eq!(missing_page.status(), StatusCode::NOT_FOUND);
    sbx.handle.shutdown().await;
}

#[tokio::test]
async fn create_without_order_reference_gets_one_from_the_sandbox() {
    let sbx = start().await;
    let mut body = create_body("unused", true);
    body["order"]
        .as_object_mut()
        .unwrap()
        .remove("orderReference");
    let first = sbx.created(&body).await;
    let second = sbx.created(&body).await;
    let reference = first.order.order_reference.clone();
    assert!(
        !reference.is_empty()
            && reference.len() <= 36
            && reference
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "{reference}"
    );
    assert_ne!(reference, second.order.order_reference);
    assert_eq!(first.order.total_order_amount, TOTAL);
    // It can be searched like one we gave.
    let found: Page<Payment> = sbx
        .post(
            "/v2/payments/search",
            &json!({"storeId": SANDBOX_STORE_ID, "orderReference": reference}),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found.content.len(), 1);
    assert_eq!(found.content[0].id, first.id);
    sbx.handle.shutdown().await;
}

#[tokio::test]
async fn payment_method_id_must_be_one_of_the_stores() {
    let sbx = start().await;
    let mut unknown = create_body("AO-PM-1", true);
    unknown["paymentMethodId"] = json!("3fa85f64-5717-4562-b3fc-2c963f66afa6");
    let (status, error) = api_error(sbx.post("/v2/payments", &unknown, None).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error.code, "VALIDATION_ERROR");
    assert_eq!(error.errors.len(), 1);
    assert_eq!(error.errors[0].field, "paymentMethodId");
    assert!(
        error.message.contains("paymentMethodId"),
        "{}",
        error.message
    );

    let mut known = create_body("AO-PM-2", true);
    known["paymentMethodId"] = json!("9c1f2a33-8b7e-4d6a-a1b2-3c4d5e6f7a02");
    let payment = sbx.created(&known).await;
    let method = payment.payment_method.unwrap();
    assert_eq!(
        (method.id.as_str(), method.name.as_str()),
        ("9c1f2a33-8b7e-4d6a-a1b2-3c4d5e6f7a02", "Faktura")
    );
    // Nothing was made for the refused one.
    assert_eq!(sbx.sms().await.len(), 1);
    sbx.handle.shutdown().await;
}

#[tokio::test]
async fn a_ten_digit_government_id_is_the_same_test_person_as_twelve_digits() {
    let sbx = start().await;
    let persons = [
        ("198305147715", "830514-7715", PaymentStatus::Accepted),
        ("197211072793", "7211072793", PaymentStatus::Rejected),
        ("198209123705", "820912-3705", PaymentStatus::Frozen),
        ("199105149612", "9105149612", PaymentStatus::Inspection),
    ];
    for (i, (twelve, ten, expected)) in persons.into_iter().enumerate() {
        let mut outcomes = Vec::new();
        for (j, gid) in [twelve, ten].into_iter().enumerate() {
            // Given on create (as the POS example does, in 10-digit form)…
            let mut body = create_body(&format!("AO-GID-{i}-{j}"), true);
            body["customer"]["governmentId"] = json!(gid);
            let payment = sbx.created(&body).await;
            assert_eq!(
                payment.customer.unwrap().government_id.as_deref(),
                Some(twelve),
                "kept in 12-digit form"
            );
            let (status, _) = sbx.accept(&payment.id, &[("method", "direct")]).await;
            assert_eq!(status, StatusCode::OK);
            outcomes.push(sbx.get(&payment.id).await.status);
            // …or typed by the customer on the page.
            let body = create_body(&format!("AO-GID-{i}-{j}-page"), true);
            let payment = sbx.created(&body).await;
            let (status, _) = sbx
                .accept(&payment.id, &[("method", "direct"), ("governmentId", gid)])
                .await;
            assert_eq!(status, StatusCode::OK);
            outcomes.push(sbx.get(&payment.id).await.status);
        }
        assert_eq!(outcomes, vec![expected.clone(); 4], "{twelve} / {ten}");
    }
    // Search finds a payment by either form.
    for gid in ["198305147715", "8305147715"] {
        let found: Page<Payment> = sbx
            .post(
                "/v2/payments/search",
                &json!({"storeId": SANDBOX_STORE_ID, "governmentId": gid}),
                None,
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(found.content.len(), 4, "{gid}");
    }
    let mut bad = create_body("AO-GID-bad", true);
    bad["customer"]["governmentId"] = json!("83051477");
    let (status, error) = api_error(sbx.post("/v2/payments", &bad, None).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error.errors[0].field, "customer.governmentId");
    sbx.handle.shutdown().await;
}

#[tokio::test]
async fn an_invalid_mobile_phone_is_a_400_naming_the_field() {
    let sbx = start().await;
    for phone in ["12345", "0812345678", "070-123 45 67 89", "not a number"] {
        let mut body = create_body("AO-PHONE", true);
        body["customer"]["mobilePhone"] = json!(phone);
        let (status, error) = api_error(sbx.post("/v2/payments", &body, None).await).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{phone}");
        assert_eq!(error.code, "VALIDATION_ERROR");
        assert_eq!(error.errors[0].field, "customer.mobilePhone", "{phone}");
        assert!(
            error.message.contains("customer.mobilePhone"),
            "{}",
            error.message
        );
    }
    assert!(sbx.sms().await.is_empty());
    // The national form of the POS example, and E.164.
    for (i, phone) in ["0707123456", "+46707123456"].into_iter().enumerate() {
        let mut body = create_body(&format!("AO-PHONE-{i}"), true);
        body["customer"]["mobilePhone"] = json!(phone);
        sbx.created(&body).await;
    }
    sbx.handle.shutdown().await;
}

#[tokio::test]
async fn https_callbacks_to_other_hosts_are_recorded_but_never_sent() {
    let sbx = start().await;
    let (cb_base, seen) = receiver().await;
    let mut body = create_body("AO-CB-EXT", true);
    body["options"]["callbacks"] = json!({
        // The loopback one is delivered, which shows the delivery worker ran…
        "authorization": {"url": format!("{cb_base}/cb/auth")},
        // …while the one on another host is only recorded.
        "management": {"url": "https://merchant.example.com/resurs/management?x=1"}
    });
    let payment = sbx.created(&body).await;
    sbx.accept(&payment.id, &[("method", "direct")]).await;

    let deadline = Instant::now() + Duration::from_secs(10);
    let log = loop {
        let log = sbx.callbacks().await;
        let auth_delivered = log
            .iter()
            .any(|c| c["kind"] == "authorization" && c["delivered"] == true);
        if auth_delivered {
            break log;
        }
        assert!(Instant::now() < deadline, "not delivered: {log:#?}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let external = log.iter().find(|c| c["kind"] == "management").unwrap();
    assert_eq!(
        external["url"],
        "https://merchant.example.com/resurs/management?x=1"
    );
    assert_eq!(external["body"]["action"], "CAPTURE");
    assert_eq!(external["body"]["paymentId"], payment.id.as_str());
    assert_eq!(external["delivered"], false);
    assert_eq!(external["loopback"], false);
    assert_eq!(external["nextAttemptAt"], Value::Null);
    let attempts = external["attempts"].as_array().unwrap();
    assert_eq!(attempts.len(), 1);
    assert!(
        attempts[0]["skipped"]
            .as_str()
            .unwrap()
            .contains("127.0.0.1")
    );
    assert!(attempts[0].get("status").is_none());
    // Only the loopback receiver ever heard anything.
    let seen = seen.lock().unwrap().clone();
    assert!(seen.iter().all(|(kind, _)| kind == "auth"), "{seen:?}");
    sbx.handle.shutdown().await;
}

#[tokio::test]
async fn tasks_status_shows_whether_the_customer_has_a_task() {
    let sbx = start().await;
    let payment = sbx.create("AO-TASK", true).await;
    let path = format!("/v2/payments/{}/tasks/status", payment.id);
    let (status, raw) = sbx.get_json(&path).await;
    assert_eq!(status, StatusCode::OK, "{raw}");
    let task: TaskStatus = serde_json::from_str(&raw).unwrap();
    assert!(!task.completed);
    let customer = task.customer.unwrap();
    assert!(customer.has_active_task);
    assert_eq!(
        customer.customer_url,
        sbx.url(&format!("/pay/{}", payment.id))
    );
    assert!(raw.contains("\"hasActiveTask\":true"), "{raw}");

    sbx.accept(&payment.id, &[("method", "invoice")]).await;
    let (_, raw) = sbx.get_json(&path).await;
    let task: TaskStatus = serde_json::from_str(&raw).unwrap();
    assert!(task.completed);
    assert!(!task.customer.unwrap().has_active_task);

    let (status, raw) = sbx.get_json("/v2/payments/nope/tasks/status").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{raw}");
    sbx.handle.shutdown().await;
}

#[tokio::test]
async fn unknown_fields_anywhere_are_ignored() {
    let sbx = start().await;
    // The public POS example's shape: a 10-digit governmentId, a national mobile number,
    // device info and a delivery address, https callbacks, and timeToLiveInMinutes misplaced
    // inside redirectionUrls.
    let body = json!({
        "storeId": SANDBOX_STORE_ID,
        "paymentMethodId": "7d63eb50-94b4-4238-8c0d-22d095bfe46b",
        "someTopLevelThing": {"a": 1},
        "order": {
            "orderReference": "AO-EXTRA",
            "orderLines": [
                {"description": "Bromsbelägg fram", "reference": "BP-1234", "quantity": 1,
                 "quantityUnit": "st", "vatRate": 25, "totalAmountIncludingVat": 1250.00,
                 "totalVatAmount": 250.00, "type": "NORMAL", "unknownLineField": [true]}
            ],
            "unknownOrderField": "x"
        },
        "customer": {
            "customerType": "NATURAL", "governmentId": "8305147715",
            "email": "kund@example.se", "mobilePhone": "0707123456",
            "deliveryAddress": {"fullName": "Kund Kundsson", "addressRow1": "Gatan 1",
                                "postalArea": "Stad", "postalCode": "12345", "countryCode": "SE"},
            "deviceInfo": {"ip": "127.0.0.1", "userAgent": "kassa"}
        },
        "metadata": {"creator": "kassa-1", "custom": [{"key": "workOrderId", "value": "AO-4711"}],
                     "extra": 1},
        "options": {
            "initiatedOnCustomersDevice": false, "deliverLinks": true,
            "handleFrozenPayments": true, "handleManualInspection": false,
            "automaticCapture": false,
            "callbacks": {"authorization": {"url": "https://example.com/cb/auth", "extra": 2},
                          "management": {"url": "https://example.com/cb/mgmt"}},
            "redirectionUrls": {"customer": {"failUrl": "https://example.com/fail",
                                             "successUrl": "https://example.com/ok"},
                                "timeToLiveInMinutes": 5},
            "somethingNew": "ignored"
        }
    });
    let payment = sbx.created(&body).await;
    assert_eq!(payment.order.total_order_amount, Amount(125_000));
    // Search, capture and tasks with fields we do not know.
    let found = sbx
        .post(
            "/v2/payments/search",
            &json!({"storeId": SANDBOX_STORE_ID, "orderReference": "AO-EXTRA", "page": 0,
                    "size": 50}),
            None,
        )
        .await;
    assert_eq!(found.status(), StatusCode::OK);
    sbx.sim(
        &format!("/_sim/payments/{}/decide", payment.id),
        json!({"outcome": "ACCEPTED"}),
    )
    .await;
    let capture = sbx
        .post(
            &format!("/v2/payments/{}/capture", payment.id),
            &json!({"transactionId": "F-1", "creator": "kassa", "invoiceOptions": {"invoiceId": "F-1"},
                    "somethingElse": [1, 2, 3]}),
            Some("cap-extra"),
        )
        .await;
    assert_eq!(capture.status(), StatusCode::OK);
    let captured: Payment = capture.json().await.unwrap();
    assert_eq!(captured.order.captured_amount, Amount(125_000));
    sbx.handle.shutdown().await;
}
