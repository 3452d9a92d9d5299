//! Which Resurs to talk to: the real Merchant API when credentials are configured, otherwise the
//! built-in sandbox.
//!
//! The built-in sandbox runs as **its own process** (`verkstad sandbox`), never inside a counter:
//! when nothing answers at its address, the first counter or command that needs it starts it
//! detached (its own process group, output to `resurs-sandbox.log` beside the database, state in
//! `resurs-sandbox.db` as before) and waits until it answers. Quitting or killing any counter
//! leaves it running for the others; its state is in SQLite, so nothing is lost when it stops.
//! If two start it at once, one gets the port and the other exits, and both use the winner. A
//! call that later finds it gone (connection refused) starts it again and retries once.
//!
//! It stops by itself after `VERKSTAD_SANDBOX_IDLE_SECS` seconds without a request (default 8
//! hours), so a sandbox started by a test or a CI run does not outlive it forever.
//! `VERKSTAD_SANDBOX_PORT` moves it off 127.0.0.1:9400 (tests use a free port).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::config::Config;
use super::error::{AppError, Result};
use crate::domain::{Action, Money};
use crate::payments::resurs::{ResursClient, ResursConfig, Reviver, Secret};
use crate::payments::{PaymentProvider, sandbox};
use crate::store::Database;
use crate::store::{AttemptState, Store};

/// The real Resurs integration (test) environment, used when credentials but no URL are given.
pub const RESURS_DEFAULT_URL: &str = "https://merchant-api.integration.resurs.com";

/// How long the sandbox Verkstad starts runs without a request before it stops: 8 hours.
pub const SANDBOX_IDLE_DEFAULT_SECS: u64 = 8 * 60 * 60;

/// How long a command waits for a sandbox it started to answer.
const SANDBOX_START_WAIT: Duration = Duration::from_secs(15);

/// A Resurs client, real or the sandbox.
pub struct ResursSetup {
    pub client: ResursClient,
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

/// Where the started sandbox's output goes: beside the database.
pub fn sandbox_log_path(db: &Path) -> PathBuf {
    db.with_file_name("resurs-sandbox.log")
}

/// The sandbox's port: `VERKSTAD_SANDBOX_PORT`, else 9400.
pub fn sandbox_port() -> Result<u16> {
    match env("VERKSTAD_SANDBOX_PORT") {
        None => Ok(sandbox::DEFAULT_PORT),
        Some(p) => p
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| {
                AppError::invalid(
                    format!("VERKSTAD_SANDBOX_PORT=\"{p}\" är ingen port (1–65535)"),
                    format!("VERKSTAD_SANDBOX_PORT=\"{p}\" is not a port (1–65535)"),
                )
            }),
    }
}

/// How long a started sandbox may be idle: `VERKSTAD_SANDBOX_IDLE_SECS`, else 8 hours.
pub fn sandbox_idle_secs() -> Result<u64> {
    match env("VERKSTAD_SANDBOX_IDLE_SECS") {
        None => Ok(SANDBOX_IDLE_DEFAULT_SECS),
        Some(s) => s
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|s| *s > 0)
            .ok_or_else(|| {
                AppError::invalid(
                    format!("VERKSTAD_SANDBOX_IDLE_SECS=\"{s}\" är inget antal sekunder"),
                    format!("VERKSTAD_SANDBOX_IDLE_SECS=\"{s}\" is not a number of seconds"),
                )
            }),
    }
}

/// Is a sandbox answering at `url`?
pub async fn sandbox_answers(url: &str) -> bool {
    let Ok(http) = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(500))
        .build()
    else {
        return false;
    };
    matches!(http.get(format!("{url}/_sim/health")).send().await, Ok(r) if r.status().is_success())
}

/// Starts the built-in sandbox as its own process when nothing answers at its address.
#[derive(Debug, Clone)]
pub struct SandboxLauncher {
    pub port: u16,
    pub db: PathBuf,
    pub config_path: Option<PathBuf>,
    pub idle_secs: u64,
}

impl SandboxLauncher {
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn command(&self) -> std::io::Result<Command> {
        let log_path = sandbox_log_path(&self.db);
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)?;
        let mut cmd = Command::new(std::env::current_exe()?);
        cmd.arg("--db").arg(&self.db);
        if let Some(config) = &self.config_path {
            cmd.arg("--config").arg(config);
        }
        cmd.arg("sandbox")
            .arg("--port")
            .arg(self.port.to_string())
            .arg("--state")
            .arg(sandbox_state_path(&self.db))
            .arg("--idle-exit")
            .arg(self.idle_secs.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::from(log.try_clone()?))
            .stderr(Stdio::from(log));
        #[cfg(unix)]
        {
            // Its own process group: Ctrl+C in a counter's terminal does not reach it.
            use std::os::unix::process::CommandExt;
            cmd.process_group(0);
        }
        Ok(cmd)
    }

    /// Makes sure a sandbox answers: starts `verkstad sandbox` detached if none does, and waits
    /// until one answers (ours, or another command's that won the port).
    pub async fn ensure(&self) -> Result<()> {
        let base = self.base_url();
        if sandbox_answers(&base).await {
            return Ok(());
        }
        let log = sandbox_log_path(&self.db);
        let failed = |why: String| AppError::Io {
            sv: format!(
                "Resurs-sandlådan kunde inte starta på {base}: {why} (se {})",
                log.display()
            ),
            en: format!(
                "The Resurs sandbox could not start on {base}: {why} (see {})",
                log.display()
            ),
        };
        let mut child = self
            .command()
            .and_then(|mut c| c.spawn())
            .map_err(|e| failed(e.to_string()))?;
        tracing::info!(pid = child.id(), %base, "started the Resurs sandbox");
        let mut deadline = Instant::now() + SANDBOX_START_WAIT;
        let mut exited = None;
        loop {
            if sandbox_answers(&base).await {
                break;
            }
            if exited.is_none()
                && let Ok(Some(status)) = child.try_wait()
            {
                // Lost the race for the port (the winner answers soon) or failed.
                exited = Some(status);
                deadline = deadline.min(Instant::now() + Duration::from_secs(3));
            }
            if Instant::now() >= deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(failed(match exited {
                    Some(status) => format!("exit {status}"),
                    None => "no answer".into(),
                }));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        if exited.is_none() {
            // Reap it when it stops, without ever waiting for it here.
            std::thread::spawn(move || {
                let _ = child.wait();
            });
        }
        Ok(())
    }

    /// For [`ResursClient::with_reviver`]: start it again when it is gone.
    pub fn reviver(self) -> Reviver {
        let launcher = Arc::new(self);
        Arc::new(move || {
            let launcher = Arc::clone(&launcher);
            Box::pin(async move {
                match launcher.ensure().await {
                    Ok(()) => true,
                    Err(e) => {
                        tracing::warn!(error = %e, "could not start the Resurs sandbox again");
                        false
                    }
                }
            })
        })
    }
}

/// Choose and prepare the Resurs client. `config_path` is handed on to a sandbox it starts.
pub async fn resurs(config: &Config, db: &Path) -> Result<ResursSetup> {
    resurs_with(config, None, db).await
}

/// [`resurs`], telling a started sandbox which configuration file the caller uses.
pub async fn resurs_with(
    config: &Config,
    config_path: Option<&Path>,
    db: &Path,
) -> Result<ResursSetup> {
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
        });
    }
    if client_id.is_some() || secret.is_some() || store_id.is_some() {
        return Err(AppError::invalid(
            "Resurs-uppgifterna är ofullständiga: client_id, client_secret och store_id behövs alla",
            "The Resurs credentials are incomplete: client_id, client_secret and store_id are all needed",
        ));
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
        return Err(AppError::Io {
            sv: format!("Ingen Resurs-sandlåda svarar på {base}"),
            en: format!("No Resurs sandbox answers at {base}"),
        });
    }
    let mut cfg = ResursConfig::new(
        &base,
        sandbox::SANDBOX_CLIENT_ID,
        Secret::new(sandbox::SANDBOX_CLIENT_SECRET),
        sandbox::SANDBOX_STORE_ID,
    );
    cfg.sandbox = true;
    cfg.automatic_capture = automatic_capture;
    let mut client = ResursClient::new(cfg)?;
    if ours {
        client = client.with_reviver(launcher.reviver());
    }
    Ok(ResursSetup { client })
}

/// Refuses an amount that no payment method of our store takes from a private person (Resurs's
/// purchase limits), with both limits and every method's in the message. The methods are asked
/// once per process (the provider keeps them); a provider that knows no limits lets all through.
pub async fn check_purchase_limits<P: PaymentProvider>(provider: &P, total: Money) -> Result<()> {
    let methods: Vec<_> = provider
        .payment_methods()
        .await?
        .into_iter()
        .filter(|m| m.for_private_persons)
        .collect();
    if methods.is_empty() || methods.iter().any(|m| m.allows(total)) {
        return Ok(());
    }
    let min = methods
        .iter()
        .map(|m| m.min_purchase)
        .min()
        .unwrap_or(total);
    let max = methods
        .iter()
        .map(|m| m.max_purchase)
        .max()
        .unwrap_or(total);
    let each = methods
        .iter()
        .map(|m| format!("{} {}–{} kr", m.name, m.min_purchase, m.max_purchase))
        .collect::<Vec<_>>()
        .join(", ");
    let name = provider.name();
    Err(AppError::invalid(
        format!(
            "Beloppet {total} kr ligger utanför köpgränserna hos {name} för butiken ({min}–{max} \
             kr; {each}). Inget SMS skickades – ta betalt på annat sätt."
        ),
        format!(
            "The amount {total} kr is outside the purchase limits at {name} for the store \
             ({min}–{max} kr; {each}). No SMS was sent – take the payment another way."
        ),
    ))
}

/// The purchase-limit check of a send, before anything is written or sent: only when the send
/// would make a new link (a KLART order with no send in flight), for the order's total. Anything
/// else (unknown order, wrong status, a send to resume) is left to the send itself.
pub async fn check_send_limits<P: PaymentProvider>(
    store: &Mutex<Database>,
    provider: &P,
    nr: i64,
) -> Result<()> {
    let total = {
        let store = store.lock().unwrap_or_else(|p| p.into_inner());
        let Some(details) = store.order(nr)? else {
            return Ok(());
        };
        let order = details.order;
        let resuming = store
            .payment_attempts(nr)?
            .iter()
            .any(|a| a.state == AttemptState::Sending);
        if order.status.apply(Action::SendPayment).is_err() || resuming {
            return Ok(());
        }
        order.totals().total
    };
    if total.ore() <= 0 {
        return Ok(());
    }
    check_purchase_limits(provider, total).await
}
