//! The control unit over real HTTP: `HttpControlUnit` (the blocking client) against the
//! simulated unit that the sandbox serves on 127.0.0.1, started in-process.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde_json::{Value, json};
use verkstad::control_unit::{
    ControlCode, ControlUnit, ControlUnitError, HttpControlUnit, Registration, RegistrationKind,
    UnitStatus,
};
use verkstad::domain::{Money, VatRate};
use verkstad::sandbox::control_unit::JournalEntry;
use verkstad::sandbox::resurs::{self as sandbox, SandboxHandle, SandboxOptions};

struct Unit {
    handle: SandboxHandle,
    base: String,
    unit: HttpControlUnit,
    http: reqwest::Client,
    state: PathBuf,
    _dir: tempfile::TempDir,
}

async fn serve_on(state: &Path, idle: Option<Duration>) -> SandboxHandle {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let mut options = SandboxOptions::new(state.to_path_buf());
    options.idle_timeout = idle;
    sandbox::serve(listener, options).await.unwrap()
}

async fn start_with(idle: Option<Duration>) -> Unit {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("resurs-sandbox.db");
    let handle = serve_on(&state, idle).await;
    let base = handle.base_url();
    Unit {
        unit: HttpControlUnit::new(base.clone(), true),
        base,
        handle,
        http: reqwest::Client::builder().no_proxy().build().unwrap(),
        state,
        _dir: dir,
    }
}

async fn start() -> Unit {
    start_with(None).await
}

/// The blocking client is called off the async runtime's threads, as the app calls it inside
/// its store transaction.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f).await.unwrap()
}

async fn status(unit: &HttpControlUnit) -> Result<UnitStatus, ControlUnitError> {
    let unit = unit.clone();
    blocking(move || unit.status()).await
}

async fn register(
    unit: &HttpControlUnit,
    r: &Registration,
) -> Result<ControlCode, ControlUnitError> {
    let (unit, r) = (unit.clone(), r.clone());
    blocking(move || unit.register(&r)).await
}

/// Receipt `no` of KASSA-1: 1 250,00 kr with 250,00 kr VAT at 25 %.
fn sale(no: i64) -> Registration {
    Registration {
        orgnr: "556677-8899".into(),
        register_id: "KASSA-1".into(),
        receipt_no: no,
        at: NaiveDate::from_ymd_opt(2025, 3, 14)
            .unwrap()
            .and_hms_opt(10, 22, 5)
            .unwrap(),
        kind: RegistrationKind::Normal,
        is_return: false,
        total: Money::from_ore(125_000),
        vat: vec![(VatRate::R25, Money::from_ore(25_000))],
    }
}

impl Unit {
    async fn fault(&self, body: Value) -> Value {
        let response = self
            .http
            .post(format!("{}/_sim/control-unit/fault", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    async fn journal(&self, register_id: Option<&str>) -> Vec<JournalEntry> {
        let mut request = self
            .http
            .get(format!("{}/_sim/control-unit/registrations", self.base));
        if let Some(id) = register_id {
            request = request.query(&[("register_id", id)]);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_status_names_a_simulated_unit_with_se_in_its_model() {
    let u = start().await;
    let status = status(&u.unit).await.unwrap();
    assert!(status.simulated);
    assert!(status.model.contains("SE"), "{}", status.model);
    let hex = status
        .serial
        .strip_prefix("SIM-SE-0001-")
        .unwrap_or_else(|| panic!("{}", status.serial));
    assert_eq!(hex.len(), 8, "{}", status.serial);
    assert!(
        hex.chars().all(|c| c.is_ascii_hexdigit()),
        "{}",
        status.serial
    );
    assert_eq!(u.unit.address(), u.base);
    // The same file, the same unit.
    assert_eq!(crate::status(&u.unit).await.unwrap(), status);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_registration_gets_a_code_the_same_again_and_other_content_is_refused() {
    let u = start().await;
    let serial = status(&u.unit).await.unwrap().serial;
    let first = register(&u.unit, &sale(1)).await.unwrap();
    assert_eq!(first.unit_serial, serial);
    let groups: Vec<&str> = first.code.split('-').collect();
    assert_eq!(groups.len(), 4, "{}", first.code);
    assert!(groups.iter().all(|g| g.len() == 8), "{}", first.code);

    // Sent again (an answer lost on the way): the same code, nothing new in the journal.
    assert_eq!(register(&u.unit, &sale(1)).await.unwrap(), first);
    // Another receipt number, another code.
    let second = register(&u.unit, &sale(2)).await.unwrap();
    assert_ne!(second.code, first.code);
    // A copy of receipt 1 is a registration of its own.
    let copy = Registration {
        kind: RegistrationKind::Copy,
        ..sale(1)
    };
    assert_ne!(register(&u.unit, &copy).await.unwrap().code, first.code);

    // The same number with other content (the register rolled back after the answer and uses
    // the number again): journaled as well, with a code of its own; the first one stays.
    let other = Registration {
        total: Money::from_ore(99_900),
        vat: vec![(VatRate::R25, Money::from_ore(19_980))],
        ..sale(1)
    };
    let again = register(&u.unit, &other).await.unwrap();
    assert_ne!(again.code, first.code);
    let journal = u.journal(None).await;
    assert_eq!(journal.len(), 4);
    assert_eq!(journal[0].registration, sale(1));
    assert_eq!(journal[0].code, first.code);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invalid_registration_is_refused_with_the_units_reason() {
    let u = start().await;
    let cases = [
        (
            Registration {
                orgnr: String::new(),
                ..sale(1)
            },
            "orgnr is empty",
        ),
        (
            Registration {
                register_id: " ".into(),
                ..sale(1)
            },
            "register_id is empty",
        ),
        (Registration { ..sale(0) }, "receipt_no must be 1 or more"),
        (
            Registration {
                is_return: true,
                ..sale(1)
            },
            "a return (normal) must have a total of 0 or less",
        ),
        (
            Registration {
                total: -Money::from_ore(125_000),
                vat: Vec::new(),
                ..sale(1)
            },
            "a sale (normal) must have a total of 0 or more",
        ),
    ];
    for (registration, expected) in cases {
        match register(&u.unit, &registration).await {
            Err(e @ ControlUnitError::Refused { .. }) => {
                let ControlUnitError::Refused { reason } = &e else {
                    unreachable!()
                };
                assert!(reason.starts_with(expected), "{reason:?}");
                let sv = e.message(verkstad::domain::Lang::Sv);
                assert!(sv.contains(expected), "{sv}");
            }
            other => panic!("expected Refused for {expected:?}, got {other:?}"),
        }
    }
    // A return of the right sign is accepted.
    let returned = Registration {
        is_return: true,
        total: -Money::from_ore(50_000),
        vat: vec![(VatRate::R25, -Money::from_ore(10_000))],
        ..sale(1)
    };
    assert!(register(&u.unit, &returned).await.is_ok());
    assert_eq!(u.journal(None).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_unit_out_of_order_says_why_until_it_is_repaired() {
    let u = start().await;
    let switched = u
        .fault(json!({"out_of_order": true, "reason": "minnet är fullt"}))
        .await;
    assert_eq!(
        switched,
        json!({"out_of_order": true, "reason": "minnet är fullt"})
    );
    let expected = ControlUnitError::OutOfOrder {
        url: u.base.clone(),
        reason: "minnet är fullt".into(),
    };
    assert_eq!(register(&u.unit, &sale(1)).await, Err(expected.clone()));
    assert_eq!(status(&u.unit).await, Err(expected.clone()));
    let sv = expected.message(verkstad::domain::Lang::Sv);
    assert!(
        sv.contains("minnet är fullt") && sv.contains(&u.base),
        "{sv}"
    );
    assert!(u.journal(None).await.is_empty());

    let repaired = u.fault(json!({"out_of_order": false})).await;
    assert_eq!(repaired, json!({"out_of_order": false, "reason": null}));
    assert!(status(&u.unit).await.is_ok());
    assert!(register(&u.unit, &sale(1)).await.is_ok());
    assert_eq!(u.journal(None).await.len(), 1);

    // Without a reason the unit still gives one.
    u.fault(json!({"out_of_order": true})).await;
    match register(&u.unit, &sale(2)).await {
        Err(ControlUnitError::OutOfOrder { reason, .. }) => assert!(!reason.is_empty()),
        other => panic!("expected OutOfOrder, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_closed_port_is_unreachable_within_the_timeout() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}");
    let unit = HttpControlUnit::new(url.clone(), false);
    let started = Instant::now();
    let answer = register(&unit, &sale(1)).await;
    assert!(
        started.elapsed() < Duration::from_millis(3500),
        "took {:?}",
        started.elapsed()
    );
    let expected = ControlUnitError::Unreachable { url: url.clone() };
    assert_eq!(answer, Err(expected.clone()));
    assert_eq!(status(&unit).await, Err(expected.clone()));
    let sv = expected.message(verkstad::domain::Lang::Sv);
    assert_eq!(
        sv,
        format!(
            "Kontrollenheten svarar inte ({url}): försäljningen kan inte registreras. \
             Kontrollera kontrollenheten och försök igen – inget har sparats."
        )
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_unit_that_does_not_answer_in_time_is_unreachable() {
    // Accepts the connection and never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let unit = HttpControlUnit::new(url.clone(), false);
    let started = Instant::now();
    let answer = register(&unit, &sale(1)).await;
    let took = started.elapsed();
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(5),
        "took {took:?}"
    );
    assert_eq!(answer, Err(ControlUnitError::Unreachable { url }));
    drop(listener);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_driver_lists_the_journal_in_order_and_by_register() {
    let u = start().await;
    let kassa2 = |no| Registration {
        register_id: "KASSA-2".into(),
        ..sale(no)
    };
    let mut codes = Vec::new();
    for r in [sale(1), kassa2(1), sale(2), kassa2(2), sale(3)] {
        codes.push((r.clone(), register(&u.unit, &r).await.unwrap().code));
    }
    let journal = u.journal(None).await;
    assert_eq!(journal.len(), 5);
    for (i, (entry, (registration, code))) in journal.iter().zip(&codes).enumerate() {
        assert_eq!(entry.seq, i as i64 + 1);
        assert_eq!(&entry.registration, registration);
        assert_eq!(&entry.code, code);
    }
    let kassa1: Vec<i64> = u
        .journal(Some("KASSA-1"))
        .await
        .iter()
        .map(|e| e.registration.receipt_no)
        .collect();
    assert_eq!(kassa1, [1, 2, 3]);
    assert_eq!(u.journal(Some("KASSA-2")).await.len(), 2);
    assert!(u.journal(Some("KASSA-9")).await.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_wire_answers_with_the_documented_status_codes() {
    let u = start().await;
    let url = format!("{}/control-unit/v1/registrations", u.base);
    let post = |body: Value| u.http.post(&url).json(&body).send();
    let body = serde_json::to_value(sale(1)).unwrap();
    assert_eq!(post(body.clone()).await.unwrap().status(), 201);
    assert_eq!(post(body.clone()).await.unwrap().status(), 200);
    let mut changed = body.clone();
    changed["total"] = json!("1.00");
    changed["vat"] = json!([]);
    let reused = post(changed).await.unwrap();
    assert_eq!(reused.status(), 201, "the number used again is journaled");
    let bad = post(json!({"orgnr": "556677-8899"})).await.unwrap();
    assert_eq!(bad.status(), 400);
    assert!(bad.json::<Value>().await.unwrap()["reason"].is_string());
    // No token is needed, and an unknown path of the unit is 404.
    let unknown = u
        .http
        .get(format!("{}/control-unit/v1/nope", u.base))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_state_survives_a_restart_on_the_same_file() {
    let u = start().await;
    let before = status(&u.unit).await.unwrap();
    let first = register(&u.unit, &sale(1)).await.unwrap();
    let second = register(&u.unit, &sale(2)).await.unwrap();
    let Unit {
        handle,
        state,
        _dir,
        ..
    } = u;
    handle.shutdown().await;
    assert!(
        state
            .with_file_name(verkstad::sandbox::control_unit::STATE_FILE)
            .exists()
    );

    let handle = serve_on(&state, None).await;
    let unit = HttpControlUnit::new(handle.base_url(), true);
    assert_eq!(status(&unit).await.unwrap(), before);
    // The journal is kept, and receipt 1 is still receipt 1.
    assert_eq!(register(&unit, &sale(1)).await.unwrap(), first);
    assert_eq!(register(&unit, &sale(2)).await.unwrap(), second);
    let journal: Vec<JournalEntry> = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .get(format!(
            "{}/_sim/control-unit/registrations",
            handle.base_url()
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(journal.len(), 2);
    handle.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn requests_to_the_unit_keep_the_sandbox_awake() {
    let u = start_with(Some(Duration::from_secs(2))).await;
    // 4 s of control-unit traffic only: more than the idle limit, and the sandbox stays.
    for _ in 0..8 {
        tokio::time::sleep(Duration::from_millis(500)).await;
        status(&u.unit).await.unwrap();
    }
    assert!(
        tokio::time::timeout(Duration::from_millis(10), u.handle.stopped())
            .await
            .is_err(),
        "the sandbox stopped although the control unit was in use"
    );
    // Left alone, it stops.
    tokio::time::timeout(Duration::from_secs(6), u.handle.stopped())
        .await
        .expect("the sandbox did not stop when idle");
}
