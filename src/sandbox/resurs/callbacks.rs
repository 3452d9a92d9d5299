//! Background delivery of authorization and management callbacks (providers.md §5.7): at least
//! once, any 2xx counts as delivered, anything else (or a 10 s timeout) is retried on the Resurs
//! legacy schedule ([`super::store::RETRY_SCHEDULE_SECS`], 1000× faster with `fast_retries`).
//! The same loop also applies TTL expiry and delayed outcomes when the clock passes them.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use super::App;
use super::store::{AttemptResult, CallbackJob};

const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);
const MAX_IDLE: Duration = Duration::from_millis(500);
const MIN_IDLE: Duration = Duration::from_millis(5);

/// Runs until `shutdown` changes.
pub async fn run(app: Arc<App>, mut shutdown: watch::Receiver<bool>) {
    loop {
        let (jobs, wait) = {
            let mut store = app.store();
            let result = store.in_tx(|st| {
                if let Err(e) = st.tick_due() {
                    tracing::warn!(error = ?e, "sandbox: applying due transitions failed");
                }
                st.take_due_callbacks()
            });
            let jobs = result.unwrap_or_else(|e| {
                tracing::warn!(error = %e, "sandbox: reading due callbacks failed");
                Vec::new()
            });
            let now = store.now();
            let next = [
                store.next_callback_due().ok().flatten(),
                store.next_payment_due().ok().flatten(),
            ]
            .into_iter()
            .flatten()
            .min();
            let wait = next
                .and_then(|t| (t - now).to_std().ok())
                .unwrap_or(MAX_IDLE)
                .clamp(MIN_IDLE, MAX_IDLE);
            (jobs, wait)
        };
        for job in jobs {
            tokio::spawn(deliver(app.clone(), job));
        }
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = app.wake.notified() => {}
            _ = shutdown.changed() => return,
        }
    }
}

async fn deliver(app: Arc<App>, job: CallbackJob) {
    let attempt = job.attempts + 1;
    let sent = app
        .http
        .post(&job.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(job.body.clone())
        .timeout(DELIVERY_TIMEOUT)
        .send()
        .await;
    let result = match sent {
        Ok(response) => AttemptResult::Status(response.status().as_u16()),
        Err(e) => AttemptResult::Error(e.to_string()),
    };
    match &result {
        AttemptResult::Status(code) if (200..300).contains(code) => tracing::info!(
            payment_id = %job.payment_id, kind = %job.kind, url = %job.url, attempt, status = code,
            "sandbox: callback delivered"
        ),
        AttemptResult::Status(code) => tracing::warn!(
            payment_id = %job.payment_id, kind = %job.kind, url = %job.url, attempt, status = code,
            "sandbox: callback refused, will retry"
        ),
        AttemptResult::Error(e) => tracing::warn!(
            payment_id = %job.payment_id, kind = %job.kind, url = %job.url, attempt, error = %e,
            "sandbox: callback failed, will retry"
        ),
    }
    let recorded = {
        let mut store = app.store();
        let at = store.now();
        store.record_attempt(job.seq, at, &result)
    };
    if let Err(e) = recorded {
        tracing::warn!(error = %e, "sandbox: recording a callback attempt failed");
    }
    app.wake.notify_one();
}
