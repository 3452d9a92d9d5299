//! The callback listener: providers post their callbacks to `/callbacks/{provider}/{kind}` here
//! (Resurs: `/callbacks/resurs/authorization` and `/callbacks/resurs/management`, the URLs its
//! client asks for). They are hints only — the body is never trusted; the payment id is passed on and the app fetches the
//! payment again. Duplicates and disorder are harmless. Listens on 127.0.0.1 only.

use std::net::SocketAddr;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use tokio::sync::{mpsc, oneshot};

/// A running listener.
pub struct CallbackListener {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl CallbackListener {
    /// The base URL to give the provider ("http://127.0.0.1:PORT").
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = self.task.await;
    }
}

/// The payment id of a callback body (`{"paymentId": …}`, as Resurs sends it), if it has one.
pub fn payment_id_of(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    let id = v.get("paymentId")?.as_str()?;
    (!id.is_empty() && id.len() <= 100).then(|| id.to_string())
}

async fn receive(State(tx): State<mpsc::Sender<String>>, body: Bytes) -> StatusCode {
    match payment_id_of(&body) {
        Some(id) => {
            // A full queue only drops a hint; the next check or sync catches up.
            let _ = tx.try_send(id);
            StatusCode::ACCEPTED
        }
        None => StatusCode::BAD_REQUEST,
    }
}

/// Serve `POST /callbacks/{provider}/{kind}` on an already bound listener; payment ids arrive on
/// the returned channel. The listener names no provider: each provider's client chooses its
/// path segment when it asks for callbacks.
pub async fn listen(
    listener: tokio::net::TcpListener,
) -> std::io::Result<(CallbackListener, mpsc::Receiver<String>)> {
    let addr = listener.local_addr()?;
    let (tx, rx) = mpsc::channel(256);
    let app = Router::new()
        .route("/callbacks/{provider}/{kind}", post(receive))
        .with_state(tx);
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
    });
    Ok((
        CallbackListener {
            addr,
            stop: Some(stop),
            task,
        },
        rx,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_payment_id_is_read() {
        assert_eq!(
            payment_id_of(br#"{"paymentId":"8b9d","status":"AUTHORIZED","created":"x"}"#)
                .as_deref(),
            Some("8b9d")
        );
        assert_eq!(payment_id_of(b"not json"), None);
        assert_eq!(payment_id_of(br#"{"paymentId":""}"#), None);
        assert_eq!(payment_id_of(br#"{"status":"CAPTURED"}"#), None);
    }

    #[tokio::test]
    async fn any_provider_segment_is_taken_but_other_paths_are_not() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let (server, mut ids) = listen(listener).await.unwrap();
        let http = reqwest::Client::new();
        let r = http
            .post(format!("{}/callbacks/klarna/push", server.base_url()))
            .body(r#"{"paymentId":"k-1"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 202);
        assert_eq!(ids.recv().await.as_deref(), Some("k-1"));
        let r = http
            .post(format!("{}/callbacks/resurs", server.base_url()))
            .body(r#"{"paymentId":"x"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
        server.shutdown().await;
    }

    #[tokio::test]
    async fn callbacks_arrive_as_payment_ids() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let (server, mut ids) = listen(listener).await.unwrap();
        let http = reqwest::Client::new();
        for path in ["authorization", "management", "management"] {
            let r = http
                .post(format!("{}/callbacks/resurs/{path}", server.base_url()))
                .body(r#"{"paymentId":"abc-123","action":"CAPTURE","actionId":"1","created":"x"}"#)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 202);
        }
        let bad = http
            .post(format!("{}/callbacks/resurs/management", server.base_url()))
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status(), 400);
        for _ in 0..3 {
            assert_eq!(ids.recv().await.as_deref(), Some("abc-123"));
        }
        server.shutdown().await;
    }
}
