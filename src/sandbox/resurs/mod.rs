//! A local Resurs Bank Merchant API v2 sandbox (shared/docs/providers.md §5): OAuth2 tokens,
//! `/v2/payments` with the state machine, amount rules and idempotency of §5.4–5.6, callbacks
//! with the Resurs retry schedule (§5.7), the customer's Swedish payment-link page and the
//! `/_sim` test drivers (§5.8).
//!
//! [`serve`] also serves the simulated control unit ([`super::control_unit`]) and the Klarna
//! sandbox ([`super::klarna`]) on the same address: `/control-unit/v1/*` and
//! `/_sim/control-unit/*`; Klarna's `/payments/v1`, `/ordermanagement/v1`, `/settlements/v1`,
//! `/disputes/v2` and `/_sim/klarna/*`. Each keeps its state in its own file beside this
//! sandbox's, and `POST /_sim/reset` resets Klarna's as well.
//!
//! It speaks the wire types of [`crate::payments::resurs::dto`], so the real client works
//! against it unchanged. All state lives in one SQLite file and survives restarts.
//!
//! **Loopback only.** [`serve`] refuses a listener that is not bound to `127.0.0.1`. Callback
//! URLs may name any http(s) host, as at Resurs, but only those on `127.0.0.1`/`localhost` are
//! called: the others are recorded in the callback log and never delivered, so the sandbox never
//! receives nor sends traffic beyond this machine. Every path needs a bearer token except
//! `/oauth2/token`, the customer's `/pay` pages and the `/_sim/*` drivers.
//!
//! **Idle exit.** With [`SandboxOptions::idle_timeout`] the sandbox stops by itself after that
//! long without a request, or as soon as its state file is removed ([`SandboxHandle::stopped`]
//! then resolves). The sandbox Verkstad starts on its own uses this, so a sandbox started by a
//! test or a CI run does not outlive it.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use verkstad::sandbox::resurs::{self as sandbox, SandboxOptions};
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
pub mod launcher;
mod machine;
mod pages;
pub mod payouts;
mod store;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;

use conn::{KillSwitch, KillableListener};
use store::Store;

use super::{control_unit, klarna};
use crate::payments::resurs::dto::StorePaymentMethod;

pub const SANDBOX_CLIENT_ID: &str = "verkstad-sandbox";
pub const SANDBOX_CLIENT_SECRET: &str = "sandbox-secret";
pub const SANDBOX_STORE_ID: &str = "b7f88ac4-baa7-493b-a0a7-d4e14f91f555";
pub const DEFAULT_PORT: u16 = 9400;

/// How long [`SandboxHandle::shutdown`] waits for open requests before cutting them off.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

#[derive(Debug, Clone)]
pub struct SandboxOptions {
    /// SQLite file with all sandbox state (survives restarts). Created if missing. The simulated
    /// control unit keeps its state in a file of its own beside it
    /// ([`SandboxOptions::control_unit_state_path`]).
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
    /// Stop by itself after this long without a request, or when the state file is removed
    /// (`None`: run until shut down).
    pub idle_timeout: Option<Duration>,
    /// The Klarna sandbox's settings (authorization days, fees).
    pub klarna: klarna::Options,
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
            idle_timeout: None,
            klarna: klarna::Options::default(),
        }
    }

    /// The simulated control unit's state file: `control-unit-sandbox.db` beside
    /// [`SandboxOptions::state_path`].
    pub fn control_unit_state_path(&self) -> PathBuf {
        control_unit::state_path(&self.state_path)
    }

    /// The Klarna sandbox's state file: `klarna-sandbox.db` beside
    /// [`SandboxOptions::state_path`].
    pub fn klarna_state_path(&self) -> PathBuf {
        klarna::state_path(&self.state_path)
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
    /// The store's payment methods (`GET /v2/stores/{id}/payment_methods`).
    methods: Vec<StorePaymentMethod>,
    /// The Klarna sandbox served beside this one (`POST /_sim/reset` resets it too).
    klarna: Arc<klarna::Simulator>,
    /// When the sandbox started, and milliseconds after that of the last request.
    started: Instant,
    last_activity_ms: AtomicU64,
}

impl App {
    /// Note a request (for the idle timeout).
    fn touch(&self) {
        let ms = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_activity_ms.fetch_max(ms, Ordering::Relaxed);
    }

    /// How long since the last request.
    fn idle_for(&self) -> Duration {
        let last = Duration::from_millis(self.last_activity_ms.load(Ordering::Relaxed));
        self.started.elapsed().saturating_sub(last)
    }

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
    /// Dropping the last strong reference (the handle's) stops the sandbox.
    stop: Arc<watch::Sender<bool>>,
    server: JoinHandle<()>,
    worker: JoinHandle<()>,
}

impl SandboxHandle {
    /// "http://127.0.0.1:PORT"
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Resolves once the sandbox is stopping: after [`SandboxOptions::idle_timeout`] without a
    /// request (or a shutdown).
    pub async fn stopped(&self) {
        let mut stopped = self.stop.subscribe();
        let _ = stopped.wait_for(|stop| *stop).await;
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
    let control_unit_path = options.control_unit_state_path();
    let control_unit = control_unit::Simulator::open(&control_unit_path).map_err(|source| {
        SandboxError::State {
            path: control_unit_path,
            source,
        }
    })?;
    let klarna_path = options.klarna_state_path();
    let klarna = klarna::Simulator::open(&klarna_path, options.klarna.clone())
        .map(Arc::new)
        .map_err(|source| SandboxError::State {
            path: klarna_path,
            source,
        })?;
    let http = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("verkstad-resurs-sandbox")
        .build()?;
    let base_url = format!("http://{addr}");
    let idle_timeout = options.idle_timeout;
    let app = Arc::new(App {
        store: Mutex::new(store),
        options,
        methods: machine::store_payment_methods(&base_url),
        base_url,
        wake: Notify::new(),
        http,
        klarna: klarna.clone(),
        started: Instant::now(),
        last_activity_ms: AtomicU64::new(0),
    });
    let (stop, stopped) = watch::channel(false);
    let stop = Arc::new(stop);
    // The simulated control unit and the Klarna sandbox are served by the same process,
    // beside the Resurs API.
    let router = http::router(app.clone())
        .merge(control_unit::router(Arc::new(control_unit)))
        .merge(klarna::router(klarna))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            http::track_activity,
        ));
    let service = router.into_make_service_with_connect_info::<KillSwitch>();
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
    let worker = tokio::spawn(callbacks::run(app.clone(), stopped.clone()));
    if let Some(limit) = idle_timeout {
        tokio::spawn(stop_when_idle(
            app.clone(),
            limit,
            Arc::downgrade(&stop),
            stopped,
        ));
    }
    tracing::info!(%addr, ?idle_timeout, "Resurs sandbox listening");
    Ok(SandboxHandle {
        addr,
        stop,
        server,
        worker,
    })
}

/// Stops the sandbox once no request has come for `limit`, or once its state file is gone (the
/// folder of a test that started it was removed): such a sandbox serves no one any more.
async fn stop_when_idle(
    app: Arc<App>,
    limit: Duration,
    stop: std::sync::Weak<watch::Sender<bool>>,
    mut stopped: watch::Receiver<bool>,
) {
    const LOOK_EVERY: Duration = Duration::from_secs(2);
    loop {
        let idle = app.idle_for();
        let gone = !app.options.state_path.exists();
        if idle >= limit || gone {
            if gone {
                tracing::info!(path = %app.options.state_path.display(), "Resurs sandbox: state file removed, stopping");
            } else {
                tracing::info!(?limit, "Resurs sandbox: idle, stopping");
            }
            if let Some(stop) = stop.upgrade() {
                let _ = stop.send(true);
            }
            return;
        }
        let wait = (limit - idle).min(LOOK_EVERY);
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = stopped.wait_for(|s| *s) => return,
        }
    }
}
