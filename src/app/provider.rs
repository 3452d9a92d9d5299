//! Which Resurs to talk to: the real Merchant API when credentials are configured, otherwise the
//! built-in sandbox — one already listening on 127.0.0.1:9400, or one started in this process.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::config::Config;
use super::error::{AppError, Result};
use crate::payments::resurs::{ResursClient, ResursConfig, Secret};
use crate::payments::sandbox::{self, SandboxHandle, SandboxOptions};

/// The real Resurs integration (test) environment, used when credentials but no URL are given.
pub const RESURS_DEFAULT_URL: &str = "https://merchant-api.integration.resurs.com";

/// A Resurs client, and the in-process sandbox it talks to if one was started.
pub struct ResursSetup {
    pub client: ResursClient,
    /// Keep this alive as long as the client is used.
    pub sandbox: Option<SandboxHandle>,
}

impl ResursSetup {
    pub fn is_sandbox(&self) -> bool {
        self.client.config().sandbox
    }

    pub fn base_url(&self) -> &str {
        &self.client.config().base_url
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// The sandbox's state file: beside the database.
pub fn sandbox_state_path(db: &Path) -> PathBuf {
    db.with_file_name("resurs-sandbox.db")
}

/// Is a sandbox answering at `url`?
async fn sandbox_answers(url: &str) -> bool {
    let Ok(http) = reqwest::Client::builder()
        .timeout(Duration::from_millis(500))
        .build()
    else {
        return false;
    };
    matches!(http.get(format!("{url}/_sim/health")).send().await, Ok(r) if r.status().is_success())
}

/// Choose and prepare the Resurs client.
pub async fn resurs(config: &Config, db: &Path) -> Result<ResursSetup> {
    let r = &config.resurs;
    let client_id = env("VERKSTAD_RESURS_CLIENT_ID").or_else(|| r.client_id.clone());
    let secret = env("VERKSTAD_RESURS_CLIENT_SECRET").or_else(|| r.client_secret.clone());
    let store_id = env("VERKSTAD_RESURS_STORE_ID").or_else(|| r.store_id.clone());
    let url = env("VERKSTAD_RESURS_URL").or_else(|| r.url.clone());
    let automatic_capture = r.automatic_capture.unwrap_or(true);

    if let (Some(id), Some(secret), Some(store)) = (&client_id, &secret, &store_id) {
        let base = url.unwrap_or_else(|| RESURS_DEFAULT_URL.to_string());
        let mut cfg = ResursConfig::new(&base, id, Secret::new(secret.clone()), store);
        cfg.automatic_capture = automatic_capture;
        return Ok(ResursSetup {
            client: ResursClient::new(cfg)?,
            sandbox: None,
        });
    }
    if client_id.is_some() || secret.is_some() || store_id.is_some() {
        return Err(AppError::invalid(
            "Resurs-uppgifterna är ofullständiga: client_id, client_secret och store_id behövs alla",
            "The Resurs credentials are incomplete: client_id, client_secret and store_id are all needed",
        ));
    }

    // The sandbox.
    let default_url = format!("http://127.0.0.1:{}", sandbox::DEFAULT_PORT);
    let base = url.unwrap_or_else(|| default_url.clone());
    let mut handle = None;
    if !sandbox_answers(&base).await {
        if base != default_url {
            return Err(AppError::Io {
                sv: format!("Ingen Resurs-sandlåda svarar på {base}"),
                en: format!("No Resurs sandbox answers at {base}"),
            });
        }
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", sandbox::DEFAULT_PORT))
            .await
            .map_err(|e| AppError::Io {
                sv: format!("Kunde inte starta Resurs-sandlådan på {base}: {e}"),
                en: format!("Could not start the Resurs sandbox on {base}: {e}"),
            })?;
        let started = sandbox::serve(listener, SandboxOptions::new(sandbox_state_path(db)))
            .await
            .map_err(|e| AppError::Io {
                sv: format!("Resurs-sandlådan kunde inte starta: {e}"),
                en: format!("The Resurs sandbox could not start: {e}"),
            })?;
        handle = Some(started);
    }
    let mut cfg = ResursConfig::new(
        &base,
        sandbox::SANDBOX_CLIENT_ID,
        Secret::new(sandbox::SANDBOX_CLIENT_SECRET),
        sandbox::SANDBOX_STORE_ID,
    );
    cfg.sandbox = true;
    cfg.automatic_capture = automatic_capture;
    Ok(ResursSetup {
        client: ResursClient::new(cfg)?,
        sandbox: handle,
    })
}
