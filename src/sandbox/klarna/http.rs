//! The sandbox's HTTP plumbing: HTTP Basic per Klarna store, Klarna's error body, one
//! transaction per request (the clock's due work first), and `Klarna-Idempotency-Key`.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use uuid::Uuid;

use super::rules::Refusal;
use super::store::ledger::Page;
use super::store::{OpError, OpResult, Store, StoredReply};
use super::wire::{ErrorBody, Pagination};
use super::{Simulator, TEST_STORES, TestStore};

pub type Shared = Arc<Simulator>;

/// The Klarna store a request authenticated as (put in the request's extensions).
#[derive(Debug, Clone, Copy)]
pub struct Merchant(pub &'static TestStore);

impl Merchant {
    pub fn username(&self) -> &'static str {
        self.0.username
    }
}

/// An answer: what idempotency keeps and replays.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn json<T: Serialize>(status: u16, value: &T) -> Reply {
        match serde_json::to_string(value) {
            Ok(body) => Reply {
                status,
                headers: Vec::new(),
                body,
            },
            Err(e) => {
                tracing::error!(error = %e, "klarna sandbox: serializing a reply failed");
                Reply::internal()
            }
        }
    }

    pub fn empty(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: String::new(),
        }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn refused(r: Refusal) -> Reply {
        Reply::json(
            r.status,
            &ErrorBody {
                error_code: r.code.into(),
                error_messages: r.messages,
                correlation_id: Uuid::new_v4().to_string(),
            },
        )
    }

    fn internal() -> Reply {
        Reply {
            status: 500,
            headers: Vec::new(),
            body: r#"{"error_code":"INTERNAL_ERROR","error_messages":["internal error"],"correlation_id":""}"#
                .into(),
        }
    }

    fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

impl From<StoredReply> for Reply {
    fn from(r: StoredReply) -> Reply {
        Reply {
            status: r.status,
            headers: r.headers,
            body: r.body,
        }
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = if self.body.is_empty() {
            status.into_response()
        } else {
            (
                status,
                [(header::CONTENT_TYPE, "application/json")],
                self.body,
            )
                .into_response()
        };
        for (name, value) in self.headers {
            if let (Ok(name), Ok(value)) = (
                header::HeaderName::try_from(name.as_str()),
                HeaderValue::try_from(value.as_str()),
            ) {
                response.headers_mut().insert(name, value);
            }
        }
        response
    }
}

// ---------------------------------------------------------------------------------------------
// Authentication

/// Decodes standard base64 (with or without padding); `None` for anything else.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let digits = text.trim().trim_end_matches('=').as_bytes();
    if digits.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let mut acc = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            acc |= value(c)? << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

/// The test store whose `username:password` the `Authorization: Basic …` header carries.
fn store_of(headers: &HeaderMap) -> Option<&'static TestStore> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(base64_decode(encoded)?).ok()?;
    let (user, password) = decoded.split_once(':')?;
    TEST_STORES
        .iter()
        .find(|s| s.username == user && s.password == password)
}

/// HTTP Basic before routing: every Klarna API path needs one test store's credentials (an
/// unknown path too), and the handlers see which store it is.
pub async fn authenticate(mut request: Request, next: Next) -> Response {
    match store_of(request.headers()) {
        Some(store) => {
            request.extensions_mut().insert(Merchant(store));
            next.run(request).await
        }
        None => {
            let mut response = Reply::refused(Refusal::new(
                401,
                "UNAUTHORIZED",
                "Missing or wrong credentials: use HTTP Basic with a sandbox store's username and password (GET /_sim/klarna/stores)",
            ))
            .into_response();
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"Klarna sandbox\""),
            );
            response
        }
    }
}

/// A Klarna path nothing answers (after authentication).
pub async fn no_such_path() -> Response {
    Reply::refused(Refusal::not_found("No such endpoint")).into_response()
}

// ---------------------------------------------------------------------------------------------
// Held answers (`/_sim/klarna/hold`)

/// Answers to hold back: the next call whose method and path match is done (and committed) as
/// usual, and its answer is sent only after `ms` — long enough for a test to kill the client
/// that waits for it, as a crash or a lost connection would.
#[derive(Debug, Default)]
pub struct Holds {
    armed: std::sync::Mutex<Vec<Hold>>,
    /// Answers being held right now.
    holding: std::sync::atomic::AtomicUsize,
}

/// One armed hold.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, Serialize)]
pub struct Hold {
    /// `POST` (default) or another method.
    #[serde(default = "post")]
    pub method: String,
    /// The call's path starts with this (`/payments/v1/sessions`).
    pub path: String,
    /// How long the answer is held, in milliseconds (at most ten minutes).
    pub ms: u64,
}

fn post() -> String {
    "POST".into()
}

impl Holds {
    fn armed(&self) -> std::sync::MutexGuard<'_, Vec<Hold>> {
        self.armed.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn arm(&self, hold: Hold) {
        self.armed().push(hold);
    }

    pub fn clear(&self) {
        self.armed().clear();
    }

    /// (armed, holding now).
    pub fn counts(&self) -> (usize, usize) {
        (
            self.armed().len(),
            self.holding.load(std::sync::atomic::Ordering::SeqCst),
        )
    }

    /// The hold for this call, taken (each hold is used once).
    fn take(&self, method: &str, path: &str) -> Option<u64> {
        let mut armed = self.armed();
        let i = armed
            .iter()
            .position(|h| h.method.eq_ignore_ascii_case(method) && path.starts_with(&h.path))?;
        Some(armed.remove(i).ms)
    }
}

/// Counts an answer as held while it lives (also when the client goes away and the answer is
/// dropped).
struct Holding<'a>(&'a Holds);

impl Drop for Holding<'_> {
    fn drop(&mut self) {
        self.0
            .holding
            .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

/// Around every Klarna API call: a call matching an armed hold is done as usual, then its
/// answer waits.
pub async fn hold_answer(
    axum::extract::State(sim): axum::extract::State<Shared>,
    request: Request,
    next: Next,
) -> Response {
    let held = sim
        .holds
        .take(request.method().as_str(), request.uri().path());
    let response = next.run(request).await;
    if let Some(ms) = held {
        sim.holds
            .holding
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let _holding = Holding(&sim.holds);
        tracing::info!(ms, "klarna sandbox: holding an answer (/_sim/klarna/hold)");
        tokio::time::sleep(std::time::Duration::from_millis(ms.min(600_000))).await;
    }
    response
}

// ---------------------------------------------------------------------------------------------
// Requests

/// `http://HOST` of this request, for `Location` headers and links.
pub fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// `Klarna-Idempotency-Key`, if the request has one.
pub fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, Refusal> {
    match headers.get("klarna-idempotency-key") {
        None => Ok(None),
        Some(v) => match v.to_str().map(str::trim) {
            Ok(k) if !k.is_empty() && k.len() <= 255 => Ok(Some(k.to_string())),
            _ => Err(Refusal::bad_value(
                "Bad value: Klarna-Idempotency-Key (1–255 visible ASCII characters)",
            )),
        },
    }
}

/// Paging links like Klarna's: the same query with another `offset`.
pub fn pagination(
    origin: &str,
    path: &str,
    query: &[(String, String)],
    page: Page,
    count: usize,
    total: i64,
) -> Pagination {
    let link = |offset: i64| {
        let mut q: Vec<String> = query
            .iter()
            .filter(|(k, _)| k != "offset" && k != "size")
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        q.push(format!("offset={offset}"));
        q.push(format!("size={}", page.size));
        format!("{origin}{path}?{}", q.join("&"))
    };
    let count = i64::try_from(count).unwrap_or(i64::MAX);
    Pagination {
        count,
        total,
        offset: page.offset,
        next: (page.offset + count < total && count > 0).then(|| link(page.offset + page.size)),
        prev: (page.offset > 0).then(|| link((page.offset - page.size).max(0))),
    }
}

fn db_failure(e: rusqlite::Error) -> Response {
    tracing::error!(error = %e, "klarna sandbox: request failed in the database");
    Reply::internal().into_response()
}

/// Runs one request in one transaction: first what the clock made due, then `work`. A refusal
/// undoes what `work` wrote and answers Klarna's error.
pub fn run_read(sim: &Shared, work: impl FnOnce(&mut Store) -> OpResult<Reply>) -> Response {
    run(sim, None, work)
}

/// [`run_read`] for a mutating call: with a `Klarna-Idempotency-Key`, the first successful
/// answer is kept for the store and key, and the same key again gets that answer without
/// anything being done (only the key matters, not the body: providers.md K1). Refusals are not
/// kept: a retry with the same key is tried again.
pub fn run_mut(
    sim: &Shared,
    merchant: Merchant,
    headers: &HeaderMap,
    work: impl FnOnce(&mut Store) -> OpResult<Reply>,
) -> Response {
    match idempotency_key(headers) {
        Ok(key) => run(sim, key.map(|k| (merchant.username(), k)), work),
        Err(r) => Reply::refused(r).into_response(),
    }
}

fn run(
    sim: &Shared,
    key: Option<(&str, String)>,
    work: impl FnOnce(&mut Store) -> OpResult<Reply>,
) -> Response {
    let mut store = sim.store();
    let result = store.in_tx(|st| -> rusqlite::Result<Reply> {
        st.tick_due(&sim.options)?;
        if let Some((username, key)) = &key
            && let Some(kept) = st.kept_reply(username, key)?
        {
            let mut reply = Reply::from(kept);
            reply
                .headers
                .push(("Idempotent-Replayed".into(), "true".into()));
            return Ok(reply);
        }
        let reply = match st.attempt(work) {
            Ok(reply) => reply,
            Err(OpError::Refused(r)) => Reply::refused(r),
            Err(OpError::Db(e)) => return Err(e),
        };
        if let Some((username, key)) = &key
            && reply.ok()
        {
            let kept = StoredReply {
                status: reply.status,
                headers: reply.headers.clone(),
                body: reply.body.clone(),
            };
            st.keep_reply(username, key, &kept)?;
        }
        Ok(reply)
    });
    match result {
        Ok(reply) => reply.into_response(),
        Err(e) => db_failure(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_of_basic_credentials() {
        // "PK_TEST_STORE_A:sandbox-secret-a"
        let encoded = "UEtfVEVTVF9TVE9SRV9BOnNhbmRib3gtc2VjcmV0LWE=";
        assert_eq!(
            base64_decode(encoded).unwrap(),
            b"PK_TEST_STORE_A:sandbox-secret-a"
        );
        assert_eq!(base64_decode("YQ").unwrap(), b"a");
        assert_eq!(base64_decode("YWI=").unwrap(), b"ab");
        assert_eq!(base64_decode("YWJj").unwrap(), b"abc");
        assert_eq!(base64_decode("").unwrap(), b"");
        assert!(base64_decode("Y").is_none());
        assert!(base64_decode("YW*j").is_none());
    }

    #[test]
    fn credentials_pick_the_store() {
        let mut h = HeaderMap::new();
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic UEtfVEVTVF9TVE9SRV9BOnNhbmRib3gtc2VjcmV0LWE="),
        );
        assert_eq!(store_of(&h).unwrap().username, "PK_TEST_STORE_A");
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Basic UEtfVEVTVF9TVE9SRV9BOndyb25n"),
        );
        assert!(store_of(&h).is_none());
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer x"));
        assert!(store_of(&h).is_none());
    }

    #[test]
    fn paging_links_keep_the_filters() {
        let q = vec![("payment_reference".to_string(), "ABC".to_string())];
        let p = pagination(
            "http://h",
            "/settlements/v1/transactions",
            &q,
            Page { size: 2, offset: 2 },
            2,
            5,
        );
        assert_eq!(
            p.next.as_deref(),
            Some("http://h/settlements/v1/transactions?payment_reference=ABC&offset=4&size=2")
        );
        assert_eq!(
            p.prev.as_deref(),
            Some("http://h/settlements/v1/transactions?payment_reference=ABC&offset=0&size=2")
        );
        let last = pagination("http://h", "/p", &[], Page { size: 2, offset: 4 }, 1, 5);
        assert_eq!(last.next, None);
    }
}
