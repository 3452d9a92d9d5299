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
        .route("/_sim/terms/{id}/{kind}", get(terms_page))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(app.clone(), authenticate))
        .layer(middleware::from_fn_with_state(app.clone(), track_activity))
        .with_state(app)
}

/// Paths anyone on this machine may call without a token: the token endpoint itself, the
/// customer's pages and the `/_sim` drivers.
fn is_open_path(path: &str) -> bool {
    path == "/oauth2/token"
        || path == "/pay"
        || path.starts_with("/pay/")
        || path == "/_sim"
        || path.starts_with("/_sim/")
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

/// Every request counts as activity for the idle timeout.
async fn track_activity(State(app): State<Shared>, request: Request, next: Next) -> Response {
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

/// Reads the token request as a form (the documented way) or as JSON (what Resurs's own
/// libraries and Postman collection send). Unknown fields are ignored either way.
async fn token_request(req: Request) -> Result<TokenRequest, String> {
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("json"));
    if is_json {
        Json::<TokenRequest>::from_request(req, &())
            .await
            .map(|Json(v)| v)
            .map_err(|e| e.body_text())
    } else {
        Form::<TokenRequest>::from_request(req, &())
            .await
            .map(|Form(v)| v)
            .map_err(|e| e.body_text())
    }
}

async fn token(State(app): State<Shared>, req: Request) -> Response {
    let oauth_error = |status: StatusCode, error: &str, description: &str| {
        let body = OAuthError {
            error: error.into(),
            error_description: Some(description.into()),
        };
        (status, Json(body)).into_response()
    };
    let form = match token_request(req).await {
        Ok(form) => form,
        Err(_) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "expected an application/x-www-form-urlencoded or application/json body",
            );
        }
    };
    if form.grant_type.as_deref().map(str::trim) != Some("client_credentials") {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "grant_type must be client_credentials",
        );
    }
    let client_id = form.client_id.unwrap_or_default();
    if client_id != app.options.client_id
        || form.client_secret.as_deref() != Some(app.options.client_secret.as_str())
    {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "bad client credentials",
        );
    }
    let issued = app.store().issue_token(&client_id);
    match issued {
        Ok(access_token) => Json(TokenResponse {
            access_token,
            token_type: "Bearer".into(),
            expires_in: TOKEN_LIFETIME_SECS.unsigned_abs(),
            scope: Some(form.scope.unwrap_or_else(|| "merchant-api".into())),
        })
        .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "sandbox: issuing a token failed");
            Reply::internal().into_response()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Stores and payment methods (read-only, no idempotency)

fn the_store(app: &Shared) -> StoreDto {
    StoreDto {
        id: app.options.store_id.clone(),
        national_store_id: 1,
        country_code: "SE".into(),
        name: app.options.workshop_name.clone(),
        organization_number: None,
    }
}

async fn stores(
    State(app): State<Shared>,
    ConnectInfo(kill): ConnectInfo<KillSwitch>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let store = the_store(&app);
    let work: Work = Box::new(move |_, _| {
        Ok(Reply::json(
            StatusCode::OK,
            &Page {
                content: vec![store],
            },
        ))
    });
    let req = ApiRequest {
        headers: &headers,
        method: "GET",
        path: uri.path(),
        body: &[],
        idempotent: false,
    };
    api_call(&app, &kill, req, work).await
}

#[derive(Debug, Deserialize)]
struct MethodsQuery {
    /// Only the methods whose purchase limits include this amount ("1250.00").
    amount: Option<String>,
}

async fn payment_methods(
    State(app): State<Shared>,
    ConnectInfo(kill): ConnectInfo<KillSwitch>,
    Path(store_id): Path<String>,
    Query(query): Query<MethodsQuery>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let ours = app.options.store_id.clone();
    let methods = app.methods.clone();
    let work: Work = Box::new(move |_, _| {
        if store_id != ours {
            return Err(
                Rejection::new(404, "STORE_NOT_FOUND", format!("no store {store_id:?}")).into(),
            );
        }
        let amount = match query.amount.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => Some(serde_json::from_str::<Amount>(raw).map_err(|_| {
                Rejection::field("amount", "must be a number with at most two decimals")
            })?),
        };
        let content: Vec<_> = methods
            .into_iter()
            .filter(|m| {
                amount.is_none_or(|a| m.min_purchase_limit <= a && a <= m.max_purchase_limit)
            })
            .collect();
        Ok(Reply::json(StatusCode::OK, &Page { content }))
    });
    let req = ApiRequest {
        headers: &headers,
        method: "GET",
        path: uri.path(),
        body: &[],
        idempotent: false,
    };
    api_call(&app, &kill, req, work).await
}

// ---------------------------------------------------------------------------------------------
// The /v2 request pipeline: auth → idempotency → fault → work → store the answer

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
    let req = ApiRequest {
        headers: &headers,
        method: "GET",
        path: uri.path(),
        body: &[],
        idempotent: false,
    };
    api_call(&app, &kill, req, work).await
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
    let req = ApiRequest {
        headers: &headers,
        method: "GET",
        path: uri.path(),
        body: &[],
        idempotent: false,
    };
    api_call(&app, &kill, req, work).await
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

fn html(status: StatusCode, body: String) -> Response {
    (status, Html(body)).into_response()
}

/// Runs a payment transition for the customer pages and renders the result.
fn customer_transition(
    app: &Shared,
    id: &str,
    f: impl FnOnce(&mut Record, chrono::DateTime<chrono::Utc>) -> Result<Vec<machine::Event>, Rejection>,
    render: impl FnOnce(&Record) -> (StatusCode, String),
) -> Response {
    let workshop = &app.options.workshop_name;
    let result = {
        let mut store = app.store();
        store.in_tx(|st| {
            let _ = settle(st.tick_due())?;
            settle(st.update(id, f))
        })
    };
    app.wake.notify_one();
    match result {
        Ok(Ok(record)) => {
            let (status, body) = render(&record);
            html(status, body)
        }
        Ok(Err(r)) if r.status == 404 => html(
            StatusCode::NOT_FOUND,
            pages::message_page(
                workshop,
                "Betalningen finns inte",
                "Kontrollera länken i sms:et.",
            ),
        ),
        Ok(Err(r)) => html(
            StatusCode::from_u16(r.status).unwrap_or(StatusCode::CONFLICT),
            pages::message_page(workshop, "Det gick inte", &r.message),
        ),
        Err(e) => {
            tracing::error!(error = %e, "sandbox: customer page failed in the database");
            html(
                StatusCode::INTERNAL_SERVER_ERROR,
                pages::message_page(workshop, "Tekniskt fel", "Försök igen om en stund."),
            )
        }
    }
}

async fn pay_page(State(app): State<Shared>, Path(id): Path<String>) -> Response {
    let workshop = app.options.workshop_name.clone();
    customer_transition(
        &app,
        &id,
        |_, _| Ok(Vec::new()),
        |record| (StatusCode::OK, pages::payment_page(&workshop, record)),
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AcceptInput {
    method: Option<String>,
    government_id: Option<String>,
}

/// Reads the accept body as JSON or as a form (the page's `<form>` posts a form).
async fn accept_input(req: Request) -> Result<AcceptInput, String> {
    let is_json = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    let has_body = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.trim() != "0");
    if is_json {
        Json::<AcceptInput>::from_request(req, &())
            .await
            .map(|Json(v)| v)
            .map_err(|e| e.body_text())
    } else if has_body {
        Form::<AcceptInput>::from_request(req, &())
            .await
            .map(|Form(v)| v)
            .map_err(|e| e.body_text())
    } else {
        Ok(AcceptInput::default())
    }
}

/// "19830514-7715" → "198305147715", "830514-7715" → "198305147715"; 10 or 12 digits, else an
/// error.
fn normalize_government_id(raw: Option<String>, year: i32) -> Result<Option<String>, ()> {
    let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
        return Ok(None);
    };
    machine::government_id_12(&raw, year).map(Some).ok_or(())
}

async fn pay_accept(State(app): State<Shared>, Path(id): Path<String>, req: Request) -> Response {
    let workshop = app.options.workshop_name.clone();
    let bad_request = |message: &str| {
        html(
            StatusCode::BAD_REQUEST,
            pages::message_page(&workshop, "Felaktiga uppgifter", message),
        )
    };
    let input = match accept_input(req).await {
        Ok(input) => input,
        Err(e) => return bad_request(&format!("Formuläret kunde inte läsas: {e}")),
    };
    let method = match input.method.as_deref().map(str::trim) {
        None | Some("") => Method::Direct,
        Some(m) => match Method::parse(m) {
            Some(m) => m,
            None => {
                return bad_request("Okänt betalsätt. Välj Betala nu, Delbetalning eller Faktura.");
            }
        },
    };
    let year = app.store().now().year();
    let Ok(government_id) = normalize_government_id(input.government_id, year) else {
        return bad_request("Ogiltigt personnummer. Skriv 10 eller 12 siffror: ÅÅÅÅMMDDNNNN.");
    };
    customer_transition(
        &app,
        &id,
        |rec, now| machine::customer_accept(rec, method, government_id, now),
        |record| {
            let (title, message) = match record.payment.status {
                PaymentStatus::Accepted => ("Tack!", "Tack! Betalningen är godkänd."),
                PaymentStatus::Frozen | PaymentStatus::Inspection => (
                    "Betalningen granskas",
                    "Betalningen granskas… Du får besked från verkstaden.",
                ),
                _ => (
                    "Betalningen nekades",
                    "Betalningen nekades. Kontakta verkstaden.",
                ),
            };
            (
                StatusCode::OK,
                pages::message_page(&workshop, title, message),
            )
        },
    )
}

async fn pay_decline(State(app): State<Shared>, Path(id): Path<String>) -> Response {
    let workshop = app.options.workshop_name.clone();
    customer_transition(&app, &id, machine::customer_decline, |_| {
        (
            StatusCode::OK,
            pages::message_page(&workshop, "Avböjd", "Du har avböjt betalningen."),
        )
    })
}

// ---------------------------------------------------------------------------------------------
// /_sim test drivers (no auth; the sandbox only listens on 127.0.0.1)

fn db_failure(e: rusqlite::Error) -> Response {
    tracing::error!(error = %e, "sandbox: /_sim request failed in the database");
    Reply::internal().into_response()
}

/// `{"ok":true,"sandbox":true,"pid":…}`: the pid tells a restarted sandbox from the same one.
async fn health() -> Response {
    Json(serde_json::json!({"ok": true, "sandbox": true, "pid": std::process::id()}))
        .into_response()
}

/// The legal links of the payment methods point here (a sandbox stand-in for Resurs's terms).
async fn terms_page(
    State(app): State<Shared>,
    Path((id, kind)): Path<(String, String)>,
) -> Response {
    let Some(method) = app.methods.iter().find(|m| m.id == id) else {
        return html(
            StatusCode::NOT_FOUND,
            pages::message_page(&app.options.workshop_name, "Finns inte", "Okänt betalsätt."),
        );
    };
    let text = format!(
        "{} ({}): villkor i sandlådan – inga riktiga villkor, inga riktiga pengar.",
        method.name,
        kind.to_uppercase()
    );
    html(
        StatusCode::OK,
        pages::message_page(&app.options.workshop_name, &method.name, &text),
    )
}

async fn sms_outbox(State(app): State<Shared>) -> Response {
    let list = app.store().list_sms();
    match list {
        Ok(list) => Json(list).into_response(),
        Err(e) => db_failure(e),
    }
}

async fn callbacks_log(State(app): State<Shared>) -> Response {
    let list = app.store().list_callbacks();
    match list {
        Ok(list) => Json(list).into_response(),
        Err(e) => db_failure(e),
    }
}

async fn reset(State(app): State<Shared>) -> Response {
    let done = app.store().reset();
    match done {
        Ok(()) => Json(serde_json::json!({"ok": true})).into_response(),
        Err(e) => db_failure(e),
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DecideInput {
    outcome: Outcome,
    then_after_seconds: Option<i64>,
    then: Option<Outcome>,
    method: Option<String>,
}

async fn sim_decide(State(app): State<Shared>, Path(id): Path<String>, body: Bytes) -> Response {
    let input: DecideInput = match parse_json(&body) {
        Ok(v) => v,
        Err(r) => return Reply::from(r).into_response(),
    };
    let method = match input.method.as_deref() {
        None => None,
        Some(m) => match Method::parse(m) {
            Some(m) => Some(m),
            None => {
                return Reply::error(
                    400,
                    "VALIDATION_ERROR",
                    "method must be direct, partpayment or invoice",
                )
                .into_response();
            }
        },
    };
    let then = match (input.then, input.then_after_seconds) {
        (Some(next), secs) => Some((secs.unwrap_or(0), next)),
        (None, None) => None,
        (None, Some(_)) => {
            return Reply::error(400, "VALIDATION_ERROR", "thenAfterSeconds needs then")
                .into_response();
        }
    };
    let result = {
        let mut store = app.store();
        store.in_tx(|st| {
            let _ = settle(st.tick_due())?;
            settle(st.update(&id, |rec, now| {
                machine::decide(rec, input.outcome, then, method, now)
            }))
        })
    };
    app.wake.notify_one();
    match result {
        Ok(Ok(record)) => Reply::json(StatusCode::OK, &record.payment).into_response(),
        Ok(Err(r)) => Reply::from(r).into_response(),
        Err(e) => db_failure(e),
    }
}

#[derive(Debug, Deserialize)]
struct AdvanceInput {
    seconds: i64,
}

async fn clock_advance(State(app): State<Shared>, body: Bytes) -> Response {
    let input: AdvanceInput = match parse_json(&body) {
        Ok(v) => v,
        Err(r) => return Reply::from(r).into_response(),
    };
    if !(0..=10 * 365 * 86_400).contains(&input.seconds) {
        return Reply::error(400, "VALIDATION_ERROR", "seconds must be 0–315360000")
            .into_response();
    }
    let result = {
        let mut store = app.store();
        store.in_tx(|st| {
            let now = st.advance_clock(input.seconds)?;
            let _ = settle(st.tick_due())?;
            Ok::<_, rusqlite::Error>((now, st.offset_seconds()))
        })
    };
    app.wake.notify_one();
    match result {
        Ok((now, offset)) => {
            tracing::info!(seconds = input.seconds, "sandbox: clock advanced");
            Json(serde_json::json!({"now": timestamp(now), "offsetSeconds": offset}))
                .into_response()
        }
        Err(e) => db_failure(e),
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FaultInput {
    path: String,
    mode: String,
    count: Option<u32>,
    delay_ms: Option<u64>,
}

async fn add_fault(State(app): State<Shared>, body: Bytes) -> Response {
    let input: FaultInput = match parse_json(&body) {
        Ok(v) => v,
        Err(r) => return Reply::from(r).into_response(),
    };
    let delay_ms = input.delay_ms.unwrap_or(0).min(600_000);
    if Fault::parse(&input.mode, delay_ms).is_none() {
        return Reply::error(
            400,
            "VALIDATION_ERROR",
            "mode must be http_500, delay_ms or drop_response_after_commit",
        )
        .into_response();
    }
    if !input.path.starts_with('/') {
        return Reply::error(400, "VALIDATION_ERROR", "path must start with /").into_response();
    }
    let count = input.count.unwrap_or(1);
    if count == 0 {
        return Reply::error(400, "VALIDATION_ERROR", "count must be ≥ 1").into_response();
    }
    let added = app
        .store()
        .add_fault(&input.path, &input.mode, count, delay_ms);
    match added {
        Ok(()) => Json(serde_json::json!({"ok": true})).into_response(),
        Err(e) => db_failure(e),
    }
}

async fn not_found() -> Response {
    Reply::error(404, "NOT_FOUND", "no such endpoint").into_response()
}
