//! The customer's `/pay` pages: the payment page, accept and decline.

use super::*;

pub(super) fn html(status: StatusCode, body: String) -> Response {
    (status, Html(body)).into_response()
}

/// Runs a payment transition for the customer pages and renders the result.
pub(super) fn customer_transition(
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

pub(super) async fn pay_page(State(app): State<Shared>, Path(id): Path<String>) -> Response {
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
pub(super) struct AcceptInput {
    method: Option<String>,
    government_id: Option<String>,
}

/// Reads the accept body as JSON or as a form (the page's `<form>` posts a form).
pub(super) async fn accept_input(req: Request) -> Result<AcceptInput, String> {
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
pub(super) fn normalize_government_id(
    raw: Option<String>,
    year: i32,
) -> Result<Option<String>, ()> {
    let Some(raw) = raw.filter(|r| !r.trim().is_empty()) else {
        return Ok(None);
    };
    machine::government_id_12(&raw, year).map(Some).ok_or(())
}

pub(super) async fn pay_accept(
    State(app): State<Shared>,
    Path(id): Path<String>,
    req: Request,
) -> Response {
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

pub(super) async fn pay_decline(State(app): State<Shared>, Path(id): Path<String>) -> Response {
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
