//! `verkstad pay …` as a user runs it: the real binary against a sandbox on 127.0.0.1, including a
//! process killed in the middle of sending.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use verkstad::store::prelude::*;

struct Env {
    dir: tempfile::TempDir,
    sandbox: common::sandbox::Sandbox,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let sandbox = common::sandbox::Sandbox::start(dir.path().join("sandbox.db"));
        Env { dir, sandbox }
    }

    fn base(&self) -> String {
        self.sandbox.base_url()
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_verkstad"));
        c.arg("--db")
            .arg(self.dir.path().join("v.db"))
            .arg("--config")
            .arg(self.dir.path().join("config.toml"))
            .args(args)
            .env("TZ", "UTC")
            .env("VERKSTAD_RESURS_URL", self.base())
            .env_remove("VERKSTAD_DB")
            .env_remove("VERKSTAD_CONFIG")
            .env_remove("VERKSTAD_RESURS_CLIENT_ID")
            .env_remove("VERKSTAD_RESURS_CLIENT_SECRET")
            .env_remove("VERKSTAD_RESURS_STORE_ID");
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        let out = self.command(args).output().unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!all.contains("panicked"), "{all}");
        out
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn get(&self, path: &str) -> Value {
        self.sandbox.get_json(path)
    }

    fn post(&self, path: &str, body: Value) -> u16 {
        let url = format!("{}{path}", self.base());
        self.sandbox.block_on(async {
            reqwest::Client::new()
                .post(url)
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        })
    }

    /// A fresh database with one KLART order 10001 for a customer with a mobile number.
    fn with_complete_order(&self) -> i64 {
        let file = self.write(
            "o.json",
            &json!([{
                "customer": {"name": "Åsa Öberg", "mobile": "070-123 45 67"},
                "status": "KLART",
                "lines": [{"kind": "arbete", "description": "Service", "quantity": "1,5", "unit_price": "895"}]
            }])
            .to_string(),
        );
        let out = self.run(&["--no-demo", "order", "import", path(&file)]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        10001
    }

    fn status_of(&self, nr: i64) -> String {
        let out = self.run(&["order", "show", &nr.to_string(), "--format", "json"]);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v["order"]["status"].as_str().unwrap().to_string()
    }
}

/// A second counter (this test process) adds an 800 kr line with the version it has just read,
/// so only the lock can refuse it; the refusal's message.
fn add_line_from_this_process(db: &Path, nr: i64) -> String {
    let store = verkstad::store::Database::open(db).unwrap();
    let version = store.order(nr).unwrap().unwrap().order.version;
    let line = verkstad::app::orders::LineInput {
        article_or_text: "Bromsskivor".into(),
        quantity: "1".into(),
        unit_price: "800".into(),
        discount: String::new(),
    };
    verkstad::app::orders::save_line(&store, "kassa2", nr, version, None, &line)
        .unwrap_err()
        .to_string()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn send_check_and_cancel_from_the_command_line() {
    let env = Env::new();
    let nr = env.with_complete_order();
    let out = env.run(&["pay", "send", &nr.to_string()]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("SMS skickat till 070-123 45 67: 1 678,13 kr"),
        "{stdout}"
    );
    assert!(
        stderr.contains("SANDLÅDA"),
        "sandbox mode is said: {stderr}"
    );
    assert_eq!(env.status_of(nr), "MOBILBET");

    // Sending again sends nothing new.
    let (stdout, _) = text(&env.run(&["pay", "send", &nr.to_string()]));
    assert!(stdout.contains("redan skickat"), "{stdout}");
    assert_eq!(env.get("/_sim/outbox/sms").as_array().unwrap().len(), 1);

    let (stdout, _) = text(&env.run(&["pay", "check", &nr.to_string()]));
    assert!(stdout.contains("Inte betald ännu"), "{stdout}");

    let id = env.get("/_sim/outbox/sms")[0]["paymentId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        env.post(&format!("/pay/{id}/accept"), json!({"method": "direct"})),
        200
    );
    let (stdout, _) = text(&env.run(&["pay", "check", &nr.to_string()]));
    assert!(stdout.contains("Betald"), "{stdout}");
    assert!(
        stdout.contains("Betalsätt MOBIL, Betalning mottagen ✓"),
        "{stdout}"
    );

    let (stdout, _) = text(&env.run(&["pay", "cancel", &nr.to_string()]));
    assert!(stdout.contains("1 678,13 kr återbetalas"), "{stdout}");
    assert_eq!(env.status_of(nr), "KLART");

    let (stdout, _) = text(&env.run(&["pay", "log", &nr.to_string()]));
    assert!(stdout.contains(&format!("{nr}-1  cancelled")), "{stdout}");
    assert!(stdout.contains("refund done"), "{stdout}");
}

#[test]
fn wrong_status_and_unknown_order_are_clear_errors() {
    let env = Env::new();
    let nr = env.with_complete_order();
    let out = env.run(&["pay", "check", &nr.to_string()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).1.contains("ingen aktiv betalningslänk"),
        "{}",
        text(&out).1
    );
    let out = env.run(&["pay", "send", "99999"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("Order 99999 finns inte"));
    let out = env.run(&["pay", "send", "abc"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(env.status_of(nr), "KLART");
}

#[test]
fn a_send_killed_mid_call_is_recovered_without_a_second_link() {
    let env = Env::new();
    let nr = env.with_complete_order();
    // Resurs creates the payment (and texts the link), then takes long to answer.
    assert_eq!(
        env.post(
            "/_sim/faults",
            json!({"path": "/v2/payments", "mode": "delay_ms", "delayMs": 20000, "count": 1})
        ),
        200
    );
    let mut child = env
        .command(&["pay", "send", &nr.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while env.get("/_sim/outbox/sms").as_array().unwrap().is_empty() {
        assert!(Instant::now() < deadline, "the payment was never created");
        std::thread::sleep(Duration::from_millis(50));
    }
    // The process dies (SIGKILL) before it has stored the answer.
    child.kill().unwrap();
    child.wait().unwrap();
    // The order stays locked: a line change from another process is refused until the
    // outcome is resolved.
    assert_eq!(env.status_of(nr), "MOBILBET");
    let err = add_line_from_this_process(&env.dir.path().join("v.db"), nr);
    assert!(err.contains("låst"), "{err}");
    // The same from the command line: exit 2, why, and how to unlock.
    let out = env.run(&[
        "order",
        "line",
        "add",
        &nr.to_string(),
        "--text",
        "Bromsskivor",
        "--qty",
        "1",
        "--price",
        "800",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let (_, stderr) = text(&out);
    assert!(stderr.contains("låst"), "{stderr}");
    assert!(
        stderr.contains(&format!("verkstad pay cancel {nr}")),
        "{stderr}"
    );
    let (stdout, _) = text(&env.run(&["order", "list", "--format", "csv"]));
    assert!(
        stdout.contains("SKICKAS?"),
        "the list shows the unknown send: {stdout}"
    );

    let out = env.run(&["pay", "send", &nr.to_string()]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("SMS skickat"), "{stdout}");
    assert_eq!(
        env.get("/_sim/outbox/sms").as_array().unwrap().len(),
        1,
        "no second link"
    );
    assert_eq!(env.status_of(nr), "MOBILBET");
}

#[test]
fn a_line_change_from_another_process_during_a_delayed_send_is_refused_and_the_booking_equals_the_payment()
 {
    let env = Env::new();
    let nr = env.with_complete_order();
    // Resurs makes the link at once and answers 3 s later.
    assert_eq!(
        env.post(
            "/_sim/faults",
            json!({"path": "/v2/payments", "mode": "delay_ms", "delayMs": 3000, "count": 1})
        ),
        200
    );
    let child = env
        .command(&["pay", "send", &nr.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while env.get("/_sim/outbox/sms").as_array().unwrap().is_empty() {
        assert!(Instant::now() < deadline, "the payment was never created");
        std::thread::sleep(Duration::from_millis(20));
    }
    // This test process is the second counter: it adds an 800 kr line while the send runs.
    let db = env.dir.path().join("v.db");
    let err = add_line_from_this_process(&db, nr);
    assert!(err.contains("låst"), "{err}");
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out).1);
    let sms = env.get("/_sim/outbox/sms");
    let id = sms[0]["paymentId"].as_str().unwrap().to_string();
    assert_eq!(
        env.post(&format!("/pay/{id}/accept"), json!({"method": "direct"})),
        200
    );
    let out = env.run(&["pay", "check", &nr.to_string()]);
    assert!(out.status.success(), "{}", text(&out).1);
    let out = env.run(&["book", &nr.to_string()]);
    assert!(out.status.success(), "{}", text(&out).1);
    let out = env.run(&["order", "show", &nr.to_string(), "--format", "json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["order"]["status"], "BOKFÖRD");
    // 1,5 h × 895 kr + 25 % VAT: what the SMS asked, what Resurs authorised, what is booked.
    let store = verkstad::store::Database::open(&db).unwrap();
    let attempt = &store.payment_attempts(nr).unwrap()[0];
    let invoice = &store.invoices_of_order(nr).unwrap()[0].invoice;
    assert_eq!(attempt.amount.to_string(), "1 678,13");
    assert_eq!(attempt.authorized, Some(attempt.amount));
    assert_eq!(invoice.total, attempt.amount);
    assert_eq!(invoice.method, verkstad::domain::PaymentMethod::Mobil);
}
