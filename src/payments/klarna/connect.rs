//! Choosing and preparing a Klarna store's provider from the `[klarna]` settings and
//! `VERKSTAD_KLARNA_URL`: the configured stores at Klarna, or — with no store configured — the
//! built-in sandbox's two test stores on the sandbox's address (the same process and address
//! as the Resurs sandbox, started when needed, see `crate::sandbox::resurs::launcher`).

use std::path::Path;
use std::sync::Arc;

use super::client::KlarnaClient;
use super::config::{KlarnaConfig, KlarnaStore};
use super::provider::KlarnaProvider;
use crate::msg;
use crate::payments::{Reviver, SetupError};
use crate::sandbox::resurs::launcher::{
    SandboxLauncher, sandbox_answers, sandbox_idle_secs, sandbox_port,
};

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn reviver(launcher: SandboxLauncher) -> Reviver {
    let launcher = Arc::new(launcher);
    Arc::new(move || {
        let launcher = Arc::clone(&launcher);
        Box::pin(async move { launcher.revive().await })
    })
}

/// The provider of Klarna store `store` (by our name; `default_store`, else the first, when
/// None). `config_path` is handed on to a sandbox it starts; the sandbox's files go beside the
/// database `db`.
pub async fn connect(
    config: &KlarnaConfig,
    store: Option<&str>,
    config_path: Option<&Path>,
    db: &Path,
) -> Result<KlarnaProvider, SetupError> {
    let url = env("VERKSTAD_KLARNA_URL").map(|u| u.trim_end_matches('/').to_string());
    let mut launcher = None;
    let sandbox_url = if config.is_sandbox() {
        let l = SandboxLauncher {
            port: sandbox_port()?,
            db: db.to_path_buf(),
            config_path: config_path.map(Path::to_path_buf),
            idle_secs: sandbox_idle_secs()?,
        };
        let default_url = l.base_url();
        match &url {
            Some(u) if *u != default_url => {
                if !sandbox_answers(u).await {
                    return Err(SetupError::Io(msg!("klarna-no-sandbox-answers", url = u)));
                }
            }
            _ => {
                l.ensure().await?;
                launcher = Some(l);
            }
        }
        url.clone().unwrap_or(default_url)
    } else {
        String::new()
    };
    let stores = KlarnaStore::from_config(config, url.as_deref(), &sandbox_url);
    let wanted = store.or(config.default_store.as_deref());
    let chosen = match wanted {
        None => stores.first().cloned(),
        Some(name) => stores.iter().find(|s| s.name == name).cloned(),
    };
    let Some(chosen) = chosen else {
        let names = stores
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        return Err(SetupError::Invalid(msg!(
            "klarna-store-unknown",
            store = wanted.unwrap_or_default(),
            stores = names
        )));
    };
    let mut client = KlarnaClient::new(chosen)?;
    if let Some(l) = launcher {
        client = client.with_reviver(reviver(l));
    }
    Ok(KlarnaProvider::new(client))
}
