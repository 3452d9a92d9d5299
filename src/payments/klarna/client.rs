//! The Klarna client of one store: HTTP Basic with the store's credentials, JSON, the
//! `Klarna-Idempotency-Key` on every mutating call (the same key on every retry), timeouts,
//! and retries with backoff for timeouts, 408, 429 and 5xx. Any other 4xx is final and mapped
//! here, at the edge, to a neutral [`Refusal`].

use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::config::KlarnaStore;
use super::dto::ErrorBody;
use crate::payments::{ProviderError, Refusal, Reviver, Unreachable};

/// The provider's display name.
pub const PROVIDER: &str = "Klarna";

/// A Klarna client for one store. Cheap to share behind an `Arc`.
pub struct KlarnaClient {
    http: reqwest::Client,
    store: KlarnaStore,
    reviver: Option<Reviver>,
}

/// A successful answer: the status, its headers (`Capture-Id`, `Refund-Id`) and the body.
pub(super) struct Answer {
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json<T: DeserializeOwned>(&self, what: &str) -> Result<T, ProviderError> {
        serde_json::from_str(&self.body).map_err(|e| protocol(format!("{what}: {e}")))
    }

    pub fn header(&self, name: &str) -> Result<String, ProviderError> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
            .ok_or_else(|| protocol(format!("the answer has no {name} header")))
    }
}

enum Outcome {
    Done(Answer),
    Retry(Unreachable),
    Final(ProviderError),
}

pub(super) fn protocol(message: impl Into<String>) -> ProviderError {
    ProviderError::Protocol {
        provider: PROVIDER,
        message: message.into(),
    }
}

/// A refusal this client makes itself, worded as Klarna words its own.
pub(super) fn refused(kind: Refusal, code: &str, message: impl Into<String>) -> ProviderError {
    ProviderError::Refused {
        provider: PROVIDER,
        status: 403,
        kind,
        code: code.to_string(),
        message: message.into(),
    }
}

/// Klarna's error codes as neutral kinds (providers.md K1, K2): nothing outside this folder
/// matches a Klarna code.
pub(super) fn refusal_kind(status: StatusCode, code: &str) -> Refusal {
    match (status.as_u16(), code) {
        (404, _) | (_, "NO_SUCH_ORDER" | "NO_SUCH_CAPTURE" | "NOT_FOUND") => Refusal::NotFound,
        (403, _)
        | (
            _,
            "CAPTURE_NOT_ALLOWED" | "REFUND_NOT_ALLOWED" | "CANCEL_NOT_ALLOWED" | "NOT_ALLOWED",
        ) => Refusal::NotAllowed,
        _ => Refusal::Other,
    }
}

/// What went wrong in the exchange, without words of any language.
fn describe(e: &reqwest::Error) -> Unreachable {
    if e.is_timeout() {
        Unreachable::Timeout
    } else if e.is_connect() {
        Unreachable::NoConnection
    } else {
        Unreachable::ConnectionLost
    }
}

/// Ids go in paths; anything but letters, digits, `-`, `_`, `:` and `.` is percent-encoded so it
/// cannot change the path (a dispute's KRN has colons).
pub(super) fn segment(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_:".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

impl KlarnaClient {
    pub fn new(store: KlarnaStore) -> Result<KlarnaClient, ProviderError> {
        let http = reqwest::Client::builder()
            .timeout(store.timeout)
            .connect_timeout(store.timeout)
            .user_agent(concat!("verkstad/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| protocol(format!("HTTP client: {e}")))?;
        Ok(KlarnaClient {
            http,
            store,
            reviver: None,
        })
    }

    /// When a call finds nothing answering, run `reviver` once and try again at once (the
    /// request never reached the server, so this is always safe).
    pub fn with_reviver(mut self, reviver: Reviver) -> Self {
        self.reviver = Some(reviver);
        self
    }

    pub fn store(&self) -> &KlarnaStore {
        &self.store
    }

    pub(super) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u32 << attempt.saturating_sub(1).min(6);
        (self.store.backoff * factor).min(Duration::from_secs(5))
    }

    async fn exchange(
        &self,
        method: &Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&str>,
        key: Option<&str>,
    ) -> Outcome {
        let mut req = self
            .http
            .request(method.clone(), format!("{}{path}", self.store.base_url))
            .basic_auth(&self.store.username, Some(self.store.password.expose()))
            .header(reqwest::header::ACCEPT, "application/json");
        if !query.is_empty() {
            req = req.query(query);
        }
        if let Some(body) = body {
            req = req
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.to_string());
        }
        if let Some(key) = key {
            req = req.header("Klarna-Idempotency-Key", key);
        }
        let resp = match req.send().await {
            Ok(r) => r,
            Err(e) => return Outcome::Retry(describe(&e)),
        };
        let status = resp.status();
        let headers = resp.headers().clone();
        let text = match resp.text().await {
            Ok(t) => t,
            Err(e) => return Outcome::Retry(describe(&e)),
        };
        if status.is_success() {
            return Outcome::Done(Answer {
                headers,
                body: text,
            });
        }
        if status == StatusCode::TOO_MANY_REQUESTS
            || status == StatusCode::REQUEST_TIMEOUT
            || status.is_server_error()
        {
            return Outcome::Retry(Unreachable::Status(status.as_u16()));
        }
        let err: ErrorBody = serde_json::from_str(&text).unwrap_or_else(|_| ErrorBody {
            error_code: format!("HTTP_{}", status.as_u16()),
            error_messages: vec![text.chars().take(200).collect()],
            correlation_id: String::new(),
        });
        let message = err.error_messages.join("; ");
        if status == StatusCode::UNAUTHORIZED {
            return Outcome::Final(ProviderError::Auth {
                provider: PROVIDER,
                message: if message.is_empty() {
                    "HTTP 401".into()
                } else {
                    message
                },
            });
        }
        tracing::info!(
            %method, path, status = status.as_u16(), code = %err.error_code,
            correlation_id = %err.correlation_id, "Klarna refused"
        );
        Outcome::Final(ProviderError::Refused {
            provider: PROVIDER,
            status: status.as_u16(),
            kind: refusal_kind(status, &err.error_code),
            code: err.error_code,
            message,
        })
    }

    /// One API call with retries; the same idempotency key goes with every attempt.
    pub(super) async fn call(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<&impl Serialize>,
        key: Option<&str>,
    ) -> Result<Answer, ProviderError> {
        let body = body
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| protocol(e.to_string()))?;
        let mut revived = false;
        let mut last = Unreachable::NoConnection;
        let mut attempt = 0;
        while attempt <= self.store.retries {
            if attempt > 0 {
                tokio::time::sleep(self.backoff(attempt)).await;
            }
            match self
                .exchange(&method, path, query, body.as_deref(), key)
                .await
            {
                Outcome::Done(answer) => return Ok(answer),
                Outcome::Final(e) => return Err(e),
                Outcome::Retry(why) => {
                    tracing::warn!(%method, path, attempt, %why, "Klarna call failed, retrying");
                    last = why;
                    let revive = why == Unreachable::NoConnection && !revived;
                    match self.reviver.as_ref().filter(|_| revive) {
                        Some(reviver) => {
                            revived = true;
                            if !reviver().await {
                                attempt += 1;
                            }
                        }
                        None => attempt += 1,
                    }
                }
            }
        }
        Err(ProviderError::Unavailable {
            provider: PROVIDER,
            reason: last,
        })
    }

    pub(super) async fn get_json<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<T, ProviderError> {
        self.call(Method::GET, path, query, None::<&()>, None)
            .await?
            .json(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payments::Secret;

    #[test]
    fn klarnas_codes_become_neutral_kinds() {
        let k = |s: u16, c: &str| refusal_kind(StatusCode::from_u16(s).unwrap(), c);
        assert_eq!(k(403, "CAPTURE_NOT_ALLOWED"), Refusal::NotAllowed);
        assert_eq!(k(403, "CANCEL_NOT_ALLOWED"), Refusal::NotAllowed);
        assert_eq!(k(404, "NO_SUCH_ORDER"), Refusal::NotFound);
        assert_eq!(k(404, "NOT_FOUND"), Refusal::NotFound);
        assert_eq!(k(400, "BAD_VALUE"), Refusal::Other);
        assert_eq!(k(409, "CONFLICT"), Refusal::Other);
    }

    #[test]
    fn ids_cannot_escape_the_path() {
        assert_eq!(
            segment("krn:klarna:eu1:dispute:x:1"),
            "krn:klarna:eu1:dispute:x:1"
        );
        assert_eq!(segment("../x?y"), "%2E%2E%2Fx%3Fy");
    }

    #[test]
    fn the_password_never_shows() {
        let s = KlarnaStore::new("A", "http://h", "PK1", Secret::new("top-secret"));
        assert!(!format!("{s:?}").contains("top-secret"));
    }
}
