//! A local Resurs Bank Merchant API v2 sandbox (shared/docs/providers.md §5): OAuth2 tokens,
//! `/v2/payments` with the state machine, amount rules and idempotency of §5.4–5.6, callbacks
//! with the Resurs retry schedule (§5.7), the customer's Swedish payment-link page and the
//! `/_sim` test drivers (§5.8).
//!
//! It speaks the wire types of [`crate::payments::resurs::dto`], so the real client works
//! against it unchanged. All state lives in one SQLite file and survives restarts.
//!
//! **Loopback only.** [`serve`] refuses a listener that is not bound to `127.0.0.1`, and
//! payments with callback URLs other than `127.0.0.1`/`localhost` are refused, so the sandbox
//! never receives nor sends traffic beyond this machine. `/_sim/*` has no authentication.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use verkstad::payments::sandbox::{self, SandboxOptions};
//! let listener = tokio::net::TcpListener::bind(("127.0.0.1", sandbox::DEFAULT_PORT)).await?;
//! let handle = sandbox::serve(listener, SandboxOptions::new("sandbox.sqlite".into())).await?;
//! println!("Resurs sandbox on {}", handle.base_url());
//! tokio::signal::ctrl_c().await?;
//! handle.shutdown().await;
//! # Ok(()) }
//! ```

mod callbacks;
mod conn;
mod http;
mod machine;
mod pages;
mod store;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use conn::{KillSwitch, KillableListener};
use store::Store;

pub const SANDBOX_CLIENT_ID: &str = "verkstad-sandbox";
pub const SANDBOX_CLIENT_SECRET: &str = "sandbox-secret";
pub const SANDBOX_STORE_ID: &str = "b7f88ac4-baa7-493b-a0a7-d4e14f91f555";
pub const DEFAULT_PORT: u16 = 9400;

/// How long [`SandboxHandle::shutdown`] waits for open requests before cutting them off.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

#[derive(Debug, Clone)]
pub struct SandboxOptions {
    /// SQLite file with all sandbox state (survives restarts). Created if missing.
    pub state_path: PathBuf,
    /// OAuth2 client credentials the token endpoint accepts.
    pub client_id: String,
    pub client_secret: String,
    /// The only `storeId` create and search accept.
    pub store_id: String,
    /// Callback retry schedule compressed 1000× (tests).
    pub fast_retries: bool,
    /// Shown on the customer page and in the SMS, e.g. "Verkstad Demo AB".
    pub workshop_name: String,
}

impl SandboxOptions {
    /// The sandbox credentials and store id above, normal retries, workshop "Verkstad (sandlåda)".
    pub fn new(state_path: PathBuf) -> Self {
        SandboxOptions {
            state_path,
            client_id: SANDBOX_CLIENT_ID.into(),
            client_secret: SANDBOX_CLIENT_SECRET.into(),
            store_id: SANDBOX_STORE_ID.into(),
            fast_retries: false,
            workshop_name: "Verkstad (sandlåda)".into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("cannot open the sandbox state file {path}: {source}")]
    State {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("the sandbox only serves on 127.0.0.1, but the listener is bound to {0}")]
    NotLoopback(SocketAddr),
    #[error("sandbox listener: {0}")]
    Io(#[from] std::io::Error),
    #[error("sandbox callback HTTP client: {0}")]
    Client(#[from] reqwest::Error),
}

/// Shared by the handlers and the callback worker.
struct App {
    store: Mutex<Store>,
    options: SandboxOptions,
    base_url: String,
    /// Wakes the callback worker when something may have become due.
    wake: Notify,
    /// Delivers callbacks: no proxy, no redirects (loopback only).
    http: reqwest::Client,
}

impl App {
    fn store(&self) -> MutexGuard<'_, Store> {
        // A panic elsewhere must not take the sandbox down: SQLite keeps the data consistent.
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A running sandbox. Dropping it stops the sandbox as well; [`SandboxHandle::shutdown`] also
/// waits for it to finish.
pub struct SandboxHandle {
    pub addr: SocketAddr,
    stop: watch::Sender<bool>,
    server: JoinHandle<()>,
    worker: JoinHandle<()>,
}

impl SandboxHandle {
    /// "http://127.0.0.1:PORT"
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops accepting connections, lets open requests finish (up to 5 s) and stops callback
    /// delivery. Undelivered callbacks stay in the state file and resume on the next start.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let SandboxHandle { server, worker, .. } = self;
        let abort = server.abort_handle();
        if tokio::time::timeout(SHUTDOWN_GRACE, server).await.is_err() {
            abort.abort();
        }
        let _ = worker.await;
    }
}

/// Serves the sandbox on an already-bound listener, which must be bound to `127.0.0.1` (tests
/// bind `127.0.0.1:0`; the app binds `127.0.0.1:DEFAULT_PORT`). Spawns on the current tokio
/// runtime and returns at once.
pub async fn serve(
    listener: tokio::net::TcpListener,
    options: SandboxOptions,
) -> Result<SandboxHandle, SandboxError> {
    let addr = listener.local_addr()?;
    if addr.ip() != Ipv4Addr::LOCALHOST {
        return Err(SandboxError::NotLoopback(addr));
    }
    let store = Store::open(&options.state_path, options.fast_retries).map_err(|source| {
        SandboxError::State {
            path: options.state_path.clone(),
            source,
        }
    })?;
    let http = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("verkstad-resurs-sandbox")
        .build()?;
    let app = Arc::new(App {
        store: Mutex::new(store),
        options,
        base_url: format!("http://{addr}"),
        wake: Notify::new(),
        http,
    });
    let (stop, stopped) = watch::channel(false);
    let service = http::router(app.clone()).into_make_service_with_connect_info::<KillSwitch>();
    let mut server_stopped = stopped.clone();
    let server = tokio::spawn(async move {
        // Stop on `shutdown` or when the handle is dropped.
        let signal = async move {
            let _ = server_stopped.wait_for(|stop| *stop).await;
        };
        if let Err(e) = axum::serve(KillableListener(listener), service)
            .with_graceful_shutdown(signal)
            .await
        {
            tracing::error!(error = %e, "sandbox: server stopped with an error");
        }
    });
    let worker = tokio::spawn(callbacks::run(app.clone(), stopped));
    tracing::info!(%addr, "Resurs sandbox listening");
    Ok(SandboxHandle {
        addr,
        stop,
        server,
        worker,
    })
}
