//! The world of the end-to-end payment tests: the Resurs sandbox on 127.0.0.1 with its own
//! SQLite file, our store in another, and the payment use cases over real HTTP between them.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::{NaiveDate, Utc};
use serde_json::{Value, json};
use verkstad::app::import;
use verkstad::app::pay::{PaySettings, Payments, SendOutcome};
use verkstad::domain::Status;
use verkstad::payments::resurs::{ResursClient, ResursConfig, Secret};
use verkstad::sandbox::resurs::{self as sandbox, SandboxHandle, SandboxOptions};
use verkstad::store::Database;
use verkstad::store::prelude::*;

pub struct World {
    pub dir: tempfile::TempDir,
    pub sandbox: SandboxHandle,
    pub http: reqwest::Client,
    pub pay: Arc<Payments>,
    /// The same client as `pay`'s provider, for what only Resurs has (stores, methods).
    pub resurs: Arc<ResursClient>,
    pub store: Arc<Database>,
    /// Minutes our clock is moved ahead, together with the sandbox's.
    pub offset_minutes: Arc<AtomicI64>,
}

pub fn client_config(base: &str, retries: u32) -> ResursConfig {
    let mut cfg = ResursConfig::new(
        base,
        sandbox::SANDBOX_CLIENT_ID,
        Secret::new(sandbox::SANDBOX_CLIENT_SECRET),
        sandbox::SANDBOX_STORE_ID,
    );
    cfg.sandbox = true;
    cfg.retries = retries;
    cfg.backoff = Duration::from_millis(10);
    cfg.timeout = Duration::from_secs(5);
    cfg
}

impl World {
    pub async fn new() -> World {
        World::with_retries(3).await
    }

    pub async fn with_retries(retries: u32) -> World {
        World::with_options(retries, true).await
    }

    /// `automatic_capture` false: Resurs only authorizes, and booking captures.
    pub async fn with_options(retries: u32, automatic_capture: bool) -> World {
        let dir = tempfile::tempdir().unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut options = SandboxOptions::new(dir.path().join("sandbox.db"));
        options.fast_retries = true;
        let sandbox = sandbox::serve(listener, options).await.unwrap();
        let store = Database::open(&dir.path().join("verkstad.db")).unwrap();
        let store = Arc::new(store);
        let mut cfg = client_config(&sandbox.base_url(), retries);
        cfg.automatic_capture = automatic_capture;
        let client = Arc::new(ResursClient::new(cfg).unwrap());
        let offset_minutes = Arc::new(AtomicI64::new(0));
        let offset = Arc::clone(&offset_minutes);
        let settings = PaySettings {
            ttl_minutes: 60,
            ..PaySettings::default()
        };
        let pay = Payments::new(Arc::clone(&store), client.clone(), "kassa1", settings).with_clock(
            Arc::new(move || Utc::now() + chrono::Duration::minutes(offset.load(Ordering::SeqCst))),
        );
        World {
            dir,
            sandbox,
            http: reqwest::Client::new(),
            pay: Arc::new(pay),
            resurs: client,
            store,
            offset_minutes,
        }
    }

    /// A KLART order for Åsa Öberg (070-123 45 67): 1,5 h × 895 + 189 = 1 914,38 incl. VAT.
    pub fn complete_order(&self) -> i64 {
        self.order_with(json!({
            "customer": {"name": "Åsa Öberg", "mobile": "070-123 45 67", "email": "asa@exempel.se"},
            "vehicle": {"regnr": "ABC123", "make": "Volvo", "model": "V70"},
            "status": "KLART",
            "lines": [
                {"kind": "arbete", "description": "Service", "quantity": "1,5", "unit_price": "895"},
                {"kind": "artikel", "article_no": "OF-1021", "description": "Oljefilter", "quantity": 1, "unit_price": "189"}
            ]
        }))
    }

    pub fn order_with(&self, record: Value) -> i64 {
        let store = &*self.store;
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        import::import_orders(
            store,
            "test",
            &Value::Array(vec![record]).to_string(),
            today,
        )
        .unwrap()[0]
    }

    pub fn order(&self, nr: i64) -> verkstad::domain::Order {
        self.store.order(nr).unwrap().unwrap().order
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sandbox.base_url())
    }

    pub async fn sms(&self) -> Vec<Value> {
        let v: Value = self
            .http
            .get(self.url("/_sim/outbox/sms"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v.as_array().cloned().unwrap_or_default()
    }

    pub async fn customer_accepts(
        &self,
        payment_id: &str,
        method: &str,
        government_id: Option<&str>,
    ) -> reqwest::Response {
        let mut form = vec![("method", method.to_string())];
        if let Some(g) = government_id {
            form.push(("governmentId", g.to_string()));
        }
        self.http
            .post(self.url(&format!("/pay/{payment_id}/accept")))
            .form(&form)
            .send()
            .await
            .unwrap()
    }

    pub async fn advance(&self, seconds: i64) {
        let r = self
            .http
            .post(self.url("/_sim/clock/advance"))
            .json(&json!({"seconds": seconds}))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
        self.offset_minutes
            .fetch_add(seconds / 60, Ordering::SeqCst);
    }

    pub async fn fault(&self, path: &str, mode: &str, count: u32) {
        let r = self
            .http
            .post(self.url("/_sim/faults"))
            .json(&json!({"path": path, "mode": mode, "count": count, "delayMs": 3000}))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "fault not set: {}", r.status());
    }

    pub async fn sent(&self, nr: i64) -> (String, String) {
        match self.pay.send(nr).await.unwrap() {
            SendOutcome::Sent { attempt, order, .. } => {
                assert_eq!(order.status, Status::MobilePayment);
                (
                    attempt.provider_payment_id.unwrap(),
                    attempt.customer_url.unwrap(),
                )
            }
            other => panic!("expected a new link, got {other:?}"),
        }
    }

    /// The cancel, refund and capture calls of the order's first payment attempt.
    pub fn calls(&self, nr: i64) -> Vec<verkstad::store::ProviderCall> {
        let store = &*self.store;
        let a = &store.payment_attempts(nr).unwrap()[0];
        store.provider_calls(a.id).unwrap()
    }
}
