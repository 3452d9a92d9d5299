//! `/oauth2/token` and the store endpoints (`/v2/stores`, payment methods).

use super::*;

/// Reads the token request as a form (the documented way) or as JSON (what Resurs's own
/// libraries and Postman collection send). Unknown fields are ignored either way.
pub(super) async fn token_request(req: Request) -> Result<TokenRequest, String> {
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

pub(super) async fn token(State(app): State<Shared>, req: Request) -> Response {
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

pub(super) fn the_store(app: &Shared) -> StoreDto {
    StoreDto {
        id: app.options.store_id.clone(),
        national_store_id: 1,
        country_code: "SE".into(),
        name: app.options.workshop_name.clone(),
        organization_number: None,
    }
}

pub(super) async fn stores(
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
    read_call(&app, &kill, &uri, &headers, work).await
}

#[derive(Debug, Deserialize)]
pub(super) struct MethodsQuery {
    /// Only the methods whose purchase limits include this amount ("1250.00").
    amount: Option<String>,
}

pub(super) async fn payment_methods(
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
    read_call(&app, &kill, &uri, &headers, work).await
}

// ---------------------------------------------------------------------------------------------
// The /v2 request pipeline: auth → idempotency → fault → work → store the answer
