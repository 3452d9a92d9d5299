//! The Resurs sandbox (which serves Klarna's APIs too) on 127.0.0.1 for one test, with the
//! runtime it runs on; stopped when dropped.

use std::future::Future;
use std::path::PathBuf;

use serde_json::Value;
use tokio::runtime::Runtime;
use verkstad::sandbox::resurs::{self as sandbox, SandboxHandle, SandboxOptions};

pub struct Sandbox {
    rt: Runtime,
    handle: Option<SandboxHandle>,
}

impl Sandbox {
    /// A sandbox keeping its state in `state` (an SQLite file), on a port the OS picks.
    pub fn start(state: PathBuf) -> Sandbox {
        let rt = Runtime::new().unwrap();
        let handle = rt.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            sandbox::serve(listener, SandboxOptions::new(state))
                .await
                .unwrap()
        });
        Sandbox {
            rt,
            handle: Some(handle),
        }
    }

    pub fn base_url(&self) -> String {
        self.handle.as_ref().unwrap().base_url()
    }

    /// Run a future on the sandbox's runtime (an HTTP call of the test's own).
    pub fn block_on<F: Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
    }

    /// `GET` a path of the sandbox; its JSON.
    pub fn get_json(&self, path: &str) -> Value {
        let url = format!("{}{path}", self.base_url());
        self.rt
            .block_on(async { reqwest::get(url).await.unwrap().json().await.unwrap() })
    }

    /// `POST` JSON to a path of the sandbox: the status and the JSON answered (null if none).
    pub fn post_json(&self, path: &str, body: &Value) -> (u16, Value) {
        let url = format!("{}{path}", self.base_url());
        self.rt.block_on(async {
            let res = reqwest::Client::new()
                .post(url)
                .json(body)
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            let text = res.text().await.unwrap();
            (status, serde_json::from_str(&text).unwrap_or(Value::Null))
        })
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(s) = self.handle.take() {
            self.rt.block_on(s.shutdown());
        }
    }
}
