//! Klarna on its sandbox (one store, PK_TEST_STORE_A), over real HTTP on 127.0.0.1. The client
//! talks to the sandbox through a small forwarding proxy in this test, which can answer 500 for
//! a path (the Klarna sandbox has no fault injection of its own).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use verkstad::payments::PaymentProvider;
use verkstad::payments::klarna::{KlarnaClient, KlarnaProvider, KlarnaStore};
use verkstad::sandbox::resurs::{self as sandbox, SandboxHandle, SandboxOptions};

use super::*;

struct Proxy {
    upstream: String,
    http: reqwest::Client,
    /// Path → how many more requests answer 500.
    broken: Mutex<HashMap<String, u32>>,
}

async fn forward(State(p): State<Arc<Proxy>>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    {
        let mut broken = p.broken.lock().unwrap();
        if let Some(n) = broken.get_mut(&path).filter(|n| **n > 0) {
            *n -= 1;
            return (StatusCode::INTERNAL_SERVER_ERROR, "injected").into_response();
        }
    }
    let (parts, body) = req.into_parts();
    let body: Bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap();
    let pq = parts
        .uri
        .path_and_query()
        .map(|x| x.as_str())
        .unwrap_or("/");
    let mut out = p
        .http
        .request(parts.method.clone(), format!("{}{pq}", p.upstream))
        .body(body);
    for (name, value) in parts.headers.iter() {
        if name != "host" && name != "content-length" {
            out = out.header(name, value);
        }
    }
    let resp = out.send().await.unwrap();
    let mut answer = Response::builder().status(resp.status().as_u16());
    for (name, value) in resp.headers().iter() {
        if name != "content-length" && name != "transfer-encoding" {
            answer = answer.header(name, value);
        }
    }
    answer
        .body(axum::body::Body::from(resp.bytes().await.unwrap()))
        .unwrap()
}

pub struct Klarna {
    _dir: tempfile::TempDir,
    _sandbox: SandboxHandle,
    proxy: Arc<Proxy>,
    base: String,
}

impl Klarna {
    pub async fn start() -> Klarna {
        let dir = tempfile::tempdir().unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let options = SandboxOptions::new(dir.path().join("sandbox.db"));
        let sandbox = sandbox::serve(listener, options).await.unwrap();
        let proxy = Arc::new(Proxy {
            upstream: sandbox.base_url(),
            http: reqwest::Client::builder().no_proxy().build().unwrap(),
            broken: Mutex::new(HashMap::new()),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let app = axum::Router::new()
            .fallback(forward)
            .with_state(proxy.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Klarna {
            _dir: dir,
            _sandbox: sandbox,
            proxy,
            base,
        }
    }

    fn store(base: &str) -> KlarnaStore {
        let mut store = KlarnaStore::sandbox("A", base).unwrap();
        store.retries = 1;
        store.backoff = Duration::from_millis(10);
        store.timeout = Duration::from_secs(5);
        store
    }
}

impl Harness for Klarna {
    /// Klarna never captures by itself: `automatic_capture` is not Klarna's to choose.
    fn provider(&self, _automatic_capture: bool) -> Arc<dyn PaymentProvider> {
        let client = KlarnaClient::new(Klarna::store(&self.base)).unwrap();
        Arc::new(KlarnaProvider::new(client))
    }

    fn dead(&self) -> Arc<dyn PaymentProvider> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut store = Klarna::store(&format!("http://127.0.0.1:{port}"));
        store.retries = 0;
        Arc::new(KlarnaProvider::new(KlarnaClient::new(store).unwrap()))
    }

    async fn break_next_get(&self, id: &str) {
        self.proxy
            .broken
            .lock()
            .unwrap()
            .insert(format!("/payments/v1/sessions/{id}"), 5);
    }
}

#[tokio::test]
async fn klarna_create_get_find_replay() {
    create_get_find_replay(&Klarna::start().await).await;
}

#[tokio::test]
async fn klarna_duplicate_reference() {
    duplicate_reference(&Klarna::start().await).await;
}

#[tokio::test]
async fn klarna_paid_then_refunded_partly_and_fully() {
    paid_then_refunded_partly_and_fully(&Klarna::start().await).await;
}

#[tokio::test]
async fn klarna_authorized_then_captured() {
    authorized_then_captured(&Klarna::start().await).await;
}

#[tokio::test]
async fn klarna_cancelled_then_refused() {
    cancelled_then_refused(&Klarna::start().await).await;
}

#[tokio::test]
async fn klarna_declined() {
    declined(&Klarna::start().await).await;
}

#[tokio::test]
async fn klarna_unavailable() {
    unavailable(&Klarna::start().await).await;
}
