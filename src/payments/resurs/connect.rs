//! Choosing and preparing the Resurs client from the user's `[resurs]` settings and the
//! `VERKSTAD_RESURS_*` environment variables: the real Merchant API when credentials are
//! configured, otherwise the built-in sandbox (started as its own process when needed, see
//! `crate::sandbox::resurs::launcher`).

use std::path::Path;
use std::sync::Arc;

use super::client::{ResursClient, ResursConfig, Reviver, Secret};
use crate::msg;
use crate::payments::SetupError;
use crate::sandbox::resurs::launcher::{
    LaunchError, SandboxLauncher, sandbox_answers, sandbox_idle_secs, sandbox_port,
};
use crate::sandbox::resurs::{SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_STORE_ID};

/// The real Resurs integration (test) environment, used when credentials but no URL are given.
pub const RESURS_DEFAULT_URL: &str = "https://merchant-api.integration.resurs.com";

/// `[resurs]` in config.toml: credentials for the real Resurs Merchant API. Without them
/// Verkstad uses the built-in sandbox. Environment variables VERKSTAD_RESURS_CLIENT_ID,
/// VERKSTAD_RESURS_CLIENT_SECRET, VERKSTAD_RESURS_STORE_ID and VERKSTAD_RESURS_URL override the
/// file.
#[derive(Clone, Default, serde::Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ResursSettings {
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub store_id: Option<String>,
    pub url: Option<String>,
    /// Capture when the customer accepts (default true, as M-Pay does).
    pub automatic_capture: Option<bool>,
}

impl std::fmt::Debug for ResursSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResursSettings")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "***"))
            .field("store_id", &self.store_id)
            .field("url", &self.url)
            .field("automatic_capture", &self.automatic_capture)
            .finish()
    }
}

impl From<LaunchError> for SetupError {
    fn from(e: LaunchError) -> SetupError {
        match e {
            LaunchError::Invalid(m) => SetupError::Invalid(m),
            LaunchError::Io(m) => SetupError::Io(m),
        }
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// A client revives the sandbox it started when it finds it gone.
fn reviver(launcher: SandboxLauncher) -> Reviver {
    let launcher = Arc::new(launcher);
    Arc::new(move || {
        let launcher = Arc::clone(&launcher);
        Box::pin(async move { launcher.revive().await })
    })
}

/// Choose and prepare the Resurs client. `config_path` is handed on to a sandbox it starts; the
/// sandbox's files go beside the database `db`.
pub async fn connect(
    r: &ResursSettings,
    config_path: Option<&Path>,
    db: &Path,
) -> Result<ResursClient, SetupError> {
    let client_id = env("VERKSTAD_RESURS_CLIENT_ID").or_else(|| r.client_id.clone());
    let secret = env("VERKSTAD_RESURS_CLIENT_SECRET").or_else(|| r.client_secret.clone());
    let store_id = env("VERKSTAD_RESURS_STORE_ID").or_else(|| r.store_id.clone());
    let url = env("VERKSTAD_RESURS_URL").or_else(|| r.url.clone());
    let automatic_capture = r.automatic_capture.unwrap_or(true);

    if let (Some(id), Some(secret), Some(store)) = (&client_id, &secret, &store_id) {
        let base = url.unwrap_or_else(|| RESURS_DEFAULT_URL.to_string());
        let mut cfg = ResursConfig::new(&base, id, Secret::new(secret.clone()), store);
        cfg.automatic_capture = automatic_capture;
        return Ok(ResursClient::new(cfg)?);
    }
    if client_id.is_some() || secret.is_some() || store_id.is_some() {
        return Err(SetupError::Invalid(msg!("resurs-credentials-incomplete")));
    }

    // The sandbox.
    let launcher = SandboxLauncher {
        port: sandbox_port()?,
        db: db.to_path_buf(),
        config_path: config_path.map(Path::to_path_buf),
        idle_secs: sandbox_idle_secs()?,
    };
    let default_url = launcher.base_url();
    let base = url
        .map(|u| u.trim_end_matches('/').to_string())
        .unwrap_or_else(|| default_url.clone());
    let ours = base == default_url;
    if ours {
        launcher.ensure().await?;
    } else if !sandbox_answers(&base).await {
        return Err(SetupError::Io(msg!(
            "resurs-no-sandbox-answers",
            url = base
        )));
    }
    let mut cfg = ResursConfig::new(
        &base,
        SANDBOX_CLIENT_ID,
        Secret::new(SANDBOX_CLIENT_SECRET),
        SANDBOX_STORE_ID,
    );
    cfg.sandbox = true;
    cfg.automatic_capture = automatic_capture;
    let mut client = ResursClient::new(cfg)?;
    if ours {
        client = client.with_reviver(reviver(launcher));
    }
    Ok(client)
}
