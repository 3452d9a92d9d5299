//! The `/_sim` test drivers: health, terms, SMS outbox, callback log, reset, decide, clock
//! and faults (providers.md §5.8).

use super::*;

/// `{"ok":true,"sandbox":true,"pid":…}`: the pid tells a restarted sandbox from the same one.
pub(super) async fn health() -> Response {
    Json(serde_json::json!({"ok": true, "sandbox": true, "pid": std::process::id()}))
        .into_response()
}

/// The legal links of the payment methods point here (a sandbox stand-in for Resurs's terms).
pub(super) async fn terms_page(
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

pub(super) async fn sms_outbox(State(app): State<Shared>) -> Response {
    let list = app.store().list_sms();
    match list {
        Ok(list) => Json(list).into_response(),
        Err(e) => db_failure(e),
    }
}

pub(super) async fn callbacks_log(State(app): State<Shared>) -> Response {
    let list = app.store().list_callbacks();
    match list {
        Ok(list) => Json(list).into_response(),
        Err(e) => db_failure(e),
    }
}

/// Resets this sandbox and the Klarna sandbox served beside it.
pub(super) async fn reset(State(app): State<Shared>) -> Response {
    let done = app.store().reset().and_then(|()| app.klarna.reset());
    match done {
        Ok(()) => Json(serde_json::json!({"ok": true})).into_response(),
        Err(e) => db_failure(e),
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DecideInput {
    outcome: Outcome,
    then_after_seconds: Option<i64>,
    then: Option<Outcome>,
    method: Option<String>,
}

pub(super) async fn sim_decide(
    State(app): State<Shared>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
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
pub(super) struct AdvanceInput {
    seconds: i64,
}

pub(super) async fn clock_advance(State(app): State<Shared>, body: Bytes) -> Response {
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
pub(super) struct FaultInput {
    path: String,
    mode: String,
    count: Option<u32>,
    delay_ms: Option<u64>,
}

pub(super) async fn add_fault(State(app): State<Shared>, body: Bytes) -> Response {
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
