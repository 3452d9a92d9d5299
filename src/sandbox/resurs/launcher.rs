//! Starting the Resurs sandbox as **its own process** (`verkstad sandbox`), never inside a
//! counter: when nothing answers at its address, the first counter or command that needs it
//! starts it detached (its own process group, output to `resurs-sandbox.log` beside the database,
//! state in `resurs-sandbox.db`) and waits until it answers. Quitting or killing any counter
//! leaves it running for the others; its state is in SQLite, so nothing is lost when it stops.
//! If two start it at once, one gets the port and the other exits, and both use the winner. A
//! call that later finds it gone (connection refused) starts it again and retries once.
//!
//! It stops by itself after `VERKSTAD_SANDBOX_IDLE_SECS` seconds without a request (default 8
//! hours), so a sandbox started by a test or a CI run does not outlive it forever.
//! `VERKSTAD_SANDBOX_PORT` moves it off 127.0.0.1:9400 (tests use a free port).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::msg;
use crate::text::Message;

/// Why the sandbox could not be started: a message of the catalogue, rendered in the user's
/// language where it is shown.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LaunchError {
    /// A setting (environment variable) is wrong.
    #[error("{0}")]
    Invalid(Message),
    /// The process did not start or did not answer.
    #[error("{0}")]
    Io(Message),
}

/// How long the sandbox Verkstad starts runs without a request before it stops: 8 hours.
pub const SANDBOX_IDLE_DEFAULT_SECS: u64 = 8 * 60 * 60;

/// How long a command waits for a sandbox it started to answer.
const SANDBOX_START_WAIT: Duration = Duration::from_secs(15);

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
pub fn sandbox_port() -> Result<u16, LaunchError> {
    match env("VERKSTAD_SANDBOX_PORT") {
        None => Ok(super::DEFAULT_PORT),
        Some(p) => p
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|p| *p > 0)
            .ok_or_else(|| LaunchError::Invalid(msg!("sandbox-port-invalid", value = p))),
    }
}

/// How long a started sandbox may be idle: `VERKSTAD_SANDBOX_IDLE_SECS`, else 8 hours.
pub fn sandbox_idle_secs() -> Result<u64, LaunchError> {
    match env("VERKSTAD_SANDBOX_IDLE_SECS") {
        None => Ok(SANDBOX_IDLE_DEFAULT_SECS),
        Some(s) => s
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|s| *s > 0)
            .ok_or_else(|| LaunchError::Invalid(msg!("sandbox-idle-secs-invalid", value = s))),
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
    pub async fn ensure(&self) -> Result<(), LaunchError> {
        let base = self.base_url();
        if sandbox_answers(&base).await {
            return Ok(());
        }
        let log = sandbox_log_path(&self.db);
        let log = log.display().to_string();
        let failed = |why: String| {
            LaunchError::Io(msg!(
                "sandbox-start-failed",
                url = &base,
                error = why,
                log = &log
            ))
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
                return Err(match exited {
                    Some(status) => failed(format!("exit {status}")),
                    None => {
                        LaunchError::Io(msg!("sandbox-start-no-answer", url = &base, log = &log))
                    }
                });
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

    /// [`SandboxLauncher::ensure`] as a yes/no, for a client that revives what it talks to.
    pub async fn revive(&self) -> bool {
        match self.ensure().await {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(error = %e, "could not start the Resurs sandbox again");
                false
            }
        }
    }
}
