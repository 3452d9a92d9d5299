//! The sandbox's HTTP surface: `/oauth2/token`, the `/v2` Merchant API subset, the customer's
//! `/pay` pages and the `/_sim` test drivers (providers.md §5.1–5.8).

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json};
use chrono::Datelike;
use serde::Deserialize;
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use super::App;
use super::conn::KillSwitch;
use super::machine::{self, Action, Method, Outcome, Record, Rejection, timestamp};
use super::pages;
use super::store::{Begin, Fault, OpError, OpResult, Sms, Store, TOKEN_LIFETIME_SECS, body_hash};
use crate::payments::resurs::dto::{
    ActionRequest, Amount, ApiError, CreatePayment, FieldError, OAuthError, Page, PaymentStatus,
    SearchRequest, Store as StoreDto, TokenRequest, TokenResponse,
};

mod customer;
mod payouts;
mod sim;
mod stores;
use customer::*;
use payouts::*;
use sim::*;
use stores::*;

type Shared = Arc<App>;

pub fn router(app: Shared) -> Router {
    Router::new()
        .route("/oauth2/token", post(token))
        .route("/v2/stores", get(stores))
        .route(
            "/v2/stores/{store_id}/payment_methods",
            get(payment_methods),
        )
        .route("/v2/payments", post(create_payment))
        .route("/v2/payments/search", post(search))
        .route("/v2/payments/{id}", get(get_payment))
        .route("/v2/payments/{id}/tasks/status", get(task_status))
        .route("/v2/payments/{id}/{action}", post(payment_action))
        .route("/v2/payouts", get(list_payouts))
        .route("/v2/payouts/{reference}", get(get_payout))
        .route("/pay/{id}", get(pay_page))
        .route("/pay/{id}/accept", post(pay_accept))
        .route("/pay/{id}/decline", post(pay_decline))
        .route("/_sim/health", get(health))
        .route("/_sim/outbox/sms", get(sms_outbox))
        .route("/_sim/payments/{id}/decide", post(sim_decide))
        .route("/_sim/clock/advance", post(clock_advance))
        .route("/_sim/faults", post(add_fault))
        .route("/_sim/callbacks", get(callbacks_log))
        .route("/_sim/reset", post(reset))
        .route("/_sim/resurs/payouts", post(sim_payouts))
        .route("/_sim/terms/{id}/{kind}", get(terms_page))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(app.clone(), authenticate))
        .with_state(app)
}

/// Paths anyone on this machine may call without a token: the token endpoint itself, the
/// customer's pages, the `/_sim` drivers and the simulated control unit (served beside this
/// sandbox; an unknown path under it is 404, not 401).
fn is_open_path(path: &str) -> bool {
    path == "/oauth2/token"
        || path == "/pay"
        || path.starts_with("/pay/")
        || path == "/_sim"
        || path.starts_with("/_sim/")
        || path.starts_with("/control-unit/")
}

/// The bearer token of a request, if any.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

fn unauthorized() -> Response {
    Reply::error(
        401,
        "UNAUTHORIZED",
        "missing, invalid or expired bearer token",
    )
    .into_response()
}

/// Authentication before routing, as Resurs does: every path but the open ones needs a valid
/// token, so an unknown path without a token is 401, not 404.
async fn authenticate(State(app): State<Shared>, request: Request, next: Next) -> Response {
    if is_open_path(request.uri().path()) {
        return next.run(request).await;
    }
    let valid = match bearer(request.headers()) {
        None => Ok(false),
        Some(token) => app.store().token_client(token).map(|c| c.is_some()),
    };
    match valid {
        Ok(true) => next.run(request).await,
        Ok(false) => unauthorized(),
        Err(e) => {
            tracing::error!(error = %e, "sandbox: token lookup failed");
            Reply::internal().into_response()
        }
    }
}

/// Every request counts as activity for the idle timeout: this sandbox's and the control
/// unit's (the layer is put around both in `serve`).
pub(super) async fn track_activity(
    State(app): State<Shared>,
    request: Request,
    next: Next,
) -> Response {
    app.touch();
    let response = next.run(request).await;
    app.touch();
    response
}

// ---------------------------------------------------------------------------------------------
// JSON replies

/// A JSON answer: status and serialized body (what idempotency stores and replays).
struct Reply {
    status: StatusCode,
    body: String,
}

impl Reply {
    fn json<T: Serialize>(status: StatusCode, value: &T) -> Reply {
        match serde_json::to_string(value) {
            Ok(body) => Reply { status, body },
            Err(e) => {
                tracing::error!(error = %e, "sandbox: serializing a reply failed");
                Reply::error(500, "INTERNAL_ERROR", "internal error")
            }
        }
    }

    fn error(status: u16, code: &str, message: impl Into<String>) -> Reply {
        Reply::error_with(status, code, message.into(), Vec::new())
    }

    fn error_with(status: u16, code: &str, message: String, errors: Vec<FieldError>) -> Reply {
        let body = ApiError {
            trace_id: Uuid::new_v4().to_string(),
            code: code.into(),
            message,
            errors,
        };
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Reply::json(status, &body)
    }

    fn internal() -> Reply {
        Reply::error(500, "INTERNAL_ERROR", "internal error")
    }
}

impl From<Rejection> for Reply {
    fn from(r: Rejection) -> Reply {
        let errors = r
            .field
            .map(|field| FieldError {
                field: field.into(),
                message: r.message.clone(),
            })
            .into_iter()
            .collect();
        Reply::error_with(r.status, r.code, r.message, errors)
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            self.body,
        )
            .into_response()
    }
}

fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, Rejection> {
    serde_json::from_slice(body)
        .map_err(|e| Rejection::validation(format!("invalid JSON body: {e}")))
}

/// Splits an operation's outcome into "answer with this refusal" and "the database failed".
fn settle<T>(result: OpResult<T>) -> Result<Result<T, Rejection>, rusqlite::Error> {
    match result {
        Ok(v) => Ok(Ok(v)),
        Err(OpError::Rejected(r)) => Ok(Err(r)),
        Err(OpError::Db(e)) => Err(e),
    }
}

// ---------------------------------------------------------------------------------------------
// OAuth2

enum Flow {
    Replay(u16, String),
    Answer(Reply, Option<Fault>),
}

type Work<'a> = Box<dyn FnOnce(&mut Store, &[u8]) -> OpResult<Reply> + Send + 'a>;

/// One `/v2` request as the pipeline sees it.
struct ApiRequest<'a> {
    headers: &'a HeaderMap,
    method: &'static str,
    path: &'a str,
    body: &'a [u8],
    /// Honour `Idempotency-Key` (§5.6); search and GET are exempt.
    idempotent: bool,
}

/// Runs one `/v2` request.
/// A read (GET, no body, no idempotency key) through the same door as every call.
async fn read_call(
    app: &Shared,
    kill: &KillSwitch,
    uri: &Uri,
    headers: &HeaderMap,
    work: Work<'_>,
) -> Response {
    let req = ApiRequest {
        headers,
        method: "GET",
        path: uri.path(),
        body: &[],
        idempotent: false,
    };
    api_call(app, kill, req, work).await
}

async fn api_call(
    app: &Shared,
    kill: &KillSwitch,
    req: ApiRequest<'_>,
    work: Work<'_>,
) -> Response {
    let ApiRequest {
        headers,
        method,
        path,
        body,
        idempotent,
    } = req;
    let client_id = match bearer(headers).map(|t| app.store().token_client(t)) {
        Some(Ok(Some(client_id))) => client_id,
        Some(Err(e)) => {
            tracing::error!(error = %e, "sandbox: token lookup failed");
            return Reply::internal().into_response();
        }
        _ => return unauthorized(),
    };
    let key = match headers.get("idempotency-key").filter(|_| idempotent) {
        None => None,
        Some(v) => match v.to_str().map(str::trim) {
            Ok(k) if !k.is_empty() && k.len() <= 255 => Some(k.to_string()),
            _ => {
                return Reply::error(
                    400,
                    "VALIDATION_ERROR",
                    "Idempotency-Key must be 1–255 visible ASCII characters",
                )
                .into_response();
            }
        },
    };
    let hash = body_hash(body);
    let flow = {
        let mut store = app.store();
        store.in_tx(|st| -> Result<Flow, rusqlite::Error> {
            let _ = settle(st.tick_due())?;
            // An injected 500 fails before the request is executed: like Stripe, nothing is
            // stored for the key, so a retry with the same key is executed normally.
            let fault = st.take_fault(path)?;
            if fault == Some(Fault::Http500) {
                return Ok(Flow::Answer(
                    Reply::error(500, "INTERNAL_ERROR", "injected fault: http_500"),
                    fault,
                ));
            }
            if let Some(key) = &key {
                match st.idem_begin(&client_id, method, path, key, &hash)? {
                    Begin::Fresh => {}
                    Begin::Replay(status, body) => return Ok(Flow::Replay(status, body)),
                    Begin::Reused => {
                        return Ok(Flow::Answer(
                            Reply::error(
                                409,
                                "IDEMPOTENCY_KEY_REUSED",
                                "this Idempotency-Key was used with another request body",
                            ),
                            None,
                        ));
                    }
                    Begin::InUse => {
                        return Ok(Flow::Answer(
                            Reply::error(
                                409,
                                "IDEMPOTENCY_KEY_IN_USE",
                                "a request with this Idempotency-Key is still in progress",
                            ),
                            None,
                        ));
                    }
                }
            }
            let reply = match settle(work(st, body))? {
                Ok(reply) => reply,
                Err(rejection) => rejection.into(),
            };
            if let Some(key) = &key {
                let done = !matches!(fault, Some(Fault::DelayMs(_)));
                st.idem_store(
                    &client_id,
                    method,
                    path,
                    key,
                    reply.status.as_u16(),
                    &reply.body,
                    done,
                )?;
            }
            Ok(Flow::Answer(reply, fault))
        })
    };
    app.wake.notify_one();
    let flow = match flow {
        Ok(flow) => flow,
        Err(e) => {
            tracing::error!(error = %e, %path, "sandbox: request failed in the database");
            return Reply::internal().into_response();
        }
    };
    match flow {
        Flow::Replay(status, body) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut response = Reply { status, body }.into_response();
            response
                .headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            response
        }
        Flow::Answer(reply, Some(Fault::DelayMs(ms))) => {
            tracing::info!(%path, ms, "sandbox: fault delay_ms after commit");
            // The key stays "in use" until the delay is over, even if the client gives up.
            let app = app.clone();
            let (method, path) = (method.to_string(), path.to_string());
            let finish = tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(ms)).await;
                if let Some(key) = key
                    && let Err(e) = app.store().idem_done(&client_id, &method, &path, &key)
                {
                    tracing::error!(error = %e, "sandbox: finishing an idempotency record failed");
                }
            });
            let _ = finish.await;
            reply.into_response()
        }
        Flow::Answer(reply, Some(Fault::DropResponseAfterCommit)) => {
            tracing::info!(%path, "sandbox: fault drop_response_after_commit");
            kill.kill();
            reply.into_response()
        }
        Flow::Answer(reply, _) => reply.into_response(),
    }
}

async fn create_payment(
    State(app): State<Shared>,
    ConnectInfo(kill): ConnectInfo<KillSwitch>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let base_url = app.base_url.clone();
    let options = app.options.clone();
    let methods = app.methods.clone();
    let work: Work = Box::new(move |st, body| {
        let mut req: CreatePayment = parse_json(body)?;
        let total = machine::validate_create(&req, &options.store_id, &methods)?;
        match &req.order.order_reference {
            Some(reference) if st.order_reference_taken(&req.store_id, reference)? => {
                return Err(Rejection::new(
                    409,
                    "DUPLICATE_ORDER_REFERENCE",
                    format!("orderReference {reference:?} already exists in this store"),
                )
                .into());
            }
            Some(_) => {}
            // Resurs makes a reference when the merchant gives none.
            None => req.order.order_reference = Some(Uuid::new_v4().simple().to_string()),
        }
        let id = Uuid::new_v4().to_string();
        let customer_url = format!("{base_url}/pay/{id}");
        let sms_to = req
            .options
            .deliver_links
            .then(|| req.customer.mobile_phone.clone().unwrap_or_default());
        let now = st.now();
        let record = machine::new_record(req, total, id, customer_url.clone(), &methods, now);
        st.insert(&record)?;
        if let Some(to) = sms_to {
            st.add_sms(&Sms {
                to: to.trim().to_string(),
                text: format!(
                    "Hej! Din bil är klar hos {}. Betala {} kr här: {customer_url}",
                    options.workshop_name,
                    pages::format_kr(total)
                ),
                payment_id: record.payment.id.clone(),
                customer_url,
                sent_at: timestamp(now),
            })?;
        }
        tracing::info!(payment_id = %record.payment.id, "sandbox: payment created");
        Ok(Reply::json(StatusCode::CREATED, &record.payment))
    });
    api_call(
        &app,
        &kill,
        ApiRequest {
            headers: &headers,
            method: "POST",
            path: "/v2/payments",
            body: &body,
            idempotent: true,
        },
        work,
    )
    .await
}

async fn search(
    State(app): State<Shared>,
    ConnectInfo(kill): ConnectInfo<KillSwitch>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let store_id = app.options.store_id.clone();
    let work: Work = Box::new(move |st, body| {
        let req: SearchRequest = parse_json(body)?;
        if req.store_id != store_id {
            return Err(
                Rejection::validation(format!("unknown storeId {:?}", req.store_id)).into(),
            );
        }
        let government_id = req
            .government_id
            .as_deref()
            .map(|g| machine::government_id_12(g, st.now().year()).unwrap_or_else(|| g.into()));
        let content = st.search(
            &req.store_id,
            req.order_reference.as_deref(),
            government_id.as_deref(),
        )?;
        Ok(Reply::json(StatusCode::OK, &Page { content }))
    });
    // Search is exempt from idempotency.
    api_call(
        &app,
        &kill,
        ApiRequest {
            headers: &headers,
            method: "POST",
            path: "/v2/payments/search",
            body: &body,
            idempotent: false,
        },
        work,
    )
    .await
}

async fn get_payment(
    State(app): State<Shared>,
    ConnectInfo(kill): ConnectInfo<KillSwitch>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let work: Work = Box::new(move |st, _| {
        let record = st.update(&id, |_, _| Ok(Vec::new()))?;
        Ok(Reply::json(StatusCode::OK, &record.payment))
    });
    read_call(&app, &kill, &uri, &headers, work).await
}

async fn task_status(
    State(app): State<Shared>,
    ConnectInfo(kill): ConnectInfo<KillSwitch>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let work: Work = Box::new(move |st, _| {
        let record = st.update(&id, |_, _| Ok(Vec::new()))?;
        Ok(Reply::json(StatusCode::OK, &machine::task_status(&record)))
    });
    read_call(&app, &kill, &uri, &headers, work).await
}

async fn payment_action(
    State(app): State<Shared>,
    ConnectInfo(kill): ConnectInfo<KillSwitch>,
    Path((id, action)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(action) = Action::parse(&action) else {
        return Reply::error(404, "NOT_FOUND", "no such endpoint").into_response();
    };
    let work: Work = Box::new(move |st, body| {
        let req: ActionRequest = if body.iter().all(u8::is_ascii_whitespace) {
            ActionRequest::default()
        } else {
            parse_json(body)?
        };
        let record = st.update(&id, |rec, now| {
            machine::apply_action(rec, action, &req, now)
        })?;
        tracing::info!(payment_id = %id, ?action, "sandbox: action applied");
        Ok(Reply::json(StatusCode::OK, &record.payment))
    });
    let req = ApiRequest {
        headers: &headers,
        method: "POST",
        path: uri.path(),
        body: &body,
        idempotent: true,
    };
    api_call(&app, &kill, req, work).await
}

// ---------------------------------------------------------------------------------------------
// Customer pages

fn db_failure(e: rusqlite::Error) -> Response {
    tracing::error!(error = %e, "sandbox: /_sim request failed in the database");
    Reply::internal().into_response()
}

async fn not_found() -> Response {
    Reply::error(404, "NOT_FOUND", "no such endpoint").into_response()
}
