//! The Resurs sandbox and `verkstad pay` through the real binary (issue 9 §7): `pay setup`, the
//! purchase limits, messages in one language, and the built-in sandbox as its own process that
//! outlives the command that started it and stops by itself when idle.

mod common;

use std::process::Stdio;
use std::time::{Duration, Instant};

use common::cli::{Env, free_port};
use serde_json::{Value, json};
use verkstad::sandbox::resurs::{
    self as sandbox, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_STORE_ID, SandboxHandle,
    SandboxOptions,
};

/// A sandbox served by the test itself, as most payment tests use (`VERKSTAD_RESURS_URL`).
struct Served {
    rt: tokio::runtime::Runtime,
    handle: Option<SandboxHandle>,
}

impl Served {
    fn new(env: &Env) -> Served {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let state = env.dir.path().join("served-sandbox.db");
        let handle = rt.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            sandbox::serve(listener, SandboxOptions::new(state))
                .await
                .unwrap()
        });
        Served {
            rt,
            handle: Some(handle),
        }
    }

    fn url(&self) -> String {
        self.handle.as_ref().unwrap().base_url()
    }

    fn sms(&self) -> Vec<Value> {
        let url = format!("{}/_sim/outbox/sms", self.url());
        self.rt
            .block_on(async { reqwest::get(url).await.unwrap().json().await.unwrap() })
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            self.rt.block_on(handle.shutdown());
        }
    }
}

/// Imports one KLART order for a customer with a mobile number and returns its number.
fn klart_order(env: &Env, unit_price: &str) -> String {
    let file = env.write(
        "order.json",
        &json!([{
            "customer": {"name": "Åsa Öberg", "mobile": "070-123 45 67"},
            "status": "KLART",
            "lines": [{"kind": "artikel", "description": "Arbete", "quantity": 1, "unit_price": unit_price}]
        }])
        .to_string(),
    );
    let out = env.run(&["--no-demo", "order", "import", file.to_str().unwrap()]);
    out.ok().split(": ").nth(1).unwrap().trim().to_string()
}

fn order_json(env: &Env, nr: &str) -> Value {
    env.run(&["order", "show", nr, "--format", "json"]).json()
}

#[test]
fn pay_setup_lists_the_store_and_its_methods() {
    let env = Env::new();
    let served = Served::new(&env);
    let url = served.url();
    let out = env.run_with(&["pay", "setup"], &[("VERKSTAD_RESURS_URL", &url)]);
    let text = out.ok();
    for needle in [
        SANDBOX_STORE_ID,
        "Verkstad (sandlåda)",
        "← store_id (vald)",
        "Direktbetalning",
        "Delbetalning",
        "RESURS_PART_PAYMENT",
        "500,00 – 200 000,00 kr",
        "Faktura",
        "store_id stämmer",
        "1,00–200 000,00 kr",
    ] {
        assert!(text.contains(needle), "{needle:?} missing:\n{text}");
    }
    let out = env.run_with(
        &["--lang", "en", "pay", "setup"],
        &[("VERKSTAD_RESURS_URL", &url)],
    );
    let text = out.ok();
    assert!(text.contains("store_id is right"), "{text}");
    assert!(
        text.contains("Payment methods of Verkstad (sandlåda)"),
        "{text}"
    );
}

#[test]
fn pay_setup_refuses_a_store_id_that_is_not_among_the_stores() {
    let env = Env::new();
    let served = Served::new(&env);
    let url = served.url();
    let vars = [
        ("VERKSTAD_RESURS_URL", url.as_str()),
        ("VERKSTAD_RESURS_CLIENT_ID", SANDBOX_CLIENT_ID),
        ("VERKSTAD_RESURS_CLIENT_SECRET", SANDBOX_CLIENT_SECRET),
        ("VERKSTAD_RESURS_STORE_ID", "no-such-store"),
    ];
    env.run_with(&["--no-demo", "pay", "setup"], &vars)
        .refused(&[
            "Butiken \"no-such-store\" (store_id) finns inte",
            SANDBOX_STORE_ID,
            "Verkstad (sandlåda)",
        ]);
    let out = env.run_with(&["--no-demo", "--lang", "en", "pay", "setup"], &vars);
    out.expect_code(2);
    assert!(
        out.stderr
            .starts_with("error: The store \"no-such-store\" (store_id) is not among"),
        "{}",
        out.stderr
    );
    // The right store id passes.
    let mut good = vars;
    good[3].1 = SANDBOX_STORE_ID;
    assert!(
        env.run_with(&["pay", "setup"], &good)
            .ok()
            .contains("store_id stämmer")
    );
}

#[test]
fn a_send_over_the_purchase_limit_is_refused_and_nothing_is_written() {
    let env = Env::new();
    let served = Served::new(&env);
    let url = served.url();
    let nr = klart_order(&env, "250000");
    let before = order_json(&env, &nr);
    let out = env.run_with(&["pay", "send", &nr], &[("VERKSTAD_RESURS_URL", &url)]);
    out.expect_code(2);
    assert_eq!(out.stdout, "");
    let error = out.stderr.lines().last().unwrap();
    assert!(
        error.starts_with("fel: Beloppet 312 500,00 kr ligger utanför köpgränserna hos Resurs")
            && error.contains("Inget SMS skickades"),
        "{}",
        out.stderr
    );
    assert_eq!(order_json(&env, &nr), before, "the order is unchanged");
    assert_eq!(before["order"]["status"], "KLART");
    let log = env.run_with(&["pay", "log", &nr], &[("VERKSTAD_RESURS_URL", &url)]);
    assert!(log.ok().contains("Inga betalningsförsök"), "{}", log.stdout);
    assert!(served.sms().is_empty(), "nothing was sent");
}

#[test]
fn not_answering_is_said_in_english_for_an_english_user() {
    let env = Env::new();
    let nr = klart_order(&env, "1000");
    let closed = format!("http://127.0.0.1:{}", free_port());
    let vars = [
        ("VERKSTAD_RESURS_URL", closed.as_str()),
        ("VERKSTAD_RESURS_CLIENT_ID", "id"),
        ("VERKSTAD_RESURS_CLIENT_SECRET", "secret"),
        ("VERKSTAD_RESURS_STORE_ID", "store"),
    ];
    let out = env.run_with(&["--lang", "en", "pay", "send", &nr], &vars);
    out.expect_code(1);
    assert_eq!(
        out.stderr,
        "error: Resurs is not answering: no connection\n"
    );
    let out = env.run_with(&["pay", "send", &nr], &vars);
    assert_eq!(out.stderr, "fel: Resurs svarar inte: ingen anslutning\n");
    assert_eq!(order_json(&env, &nr)["order"]["status"], "KLART");
}

// ---------------------------------------------------------------------------------------------
// The built-in sandbox as its own process

/// `GET /_sim/health` of the sandbox on `port`: its pid, or None when nothing answers.
fn sandbox_pid(rt: &tokio::runtime::Runtime, port: u16) -> Option<u64> {
    rt.block_on(async {
        let http = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(2))
            .build()
            .unwrap();
        let response = http
            .get(format!("http://127.0.0.1:{port}/_sim/health"))
            .send()
            .await
            .ok()?;
        let health: Value = response.json().await.ok()?;
        health["pid"].as_u64()
    })
}

/// Is anything listening on the port? A bare connection, no request: it does not count as
/// activity for the sandbox's idle timeout.
fn listening(port: u16) -> bool {
    std::net::TcpStream::connect_timeout(
        &std::net::SocketAddr::from(([127, 0, 0, 1], port)),
        Duration::from_secs(1),
    )
    .is_ok()
}

/// Has the process exited (gone, or a zombie nobody has reaped yet)?
fn exited(pid: u64) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| rest.starts_with('Z') || rest.starts_with('X')),
    }
}

/// Polls until `f` gives Some, or panics after `limit`.
fn wait_for<T>(what: &str, limit: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "gave up waiting: {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn the_started_sandbox_outlives_the_command_that_started_it_and_stops_when_idle() {
    let env = Env::new();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let port = env.sandbox_port;
    let idle = "10";
    let vars = [("VERKSTAD_SANDBOX_IDLE_SECS", idle)];
    let nr = klart_order(&env, "1000");
    env.write(
        "config.toml",
        &format!("[payments]\ncallback_port = {}\n", free_port()),
    );
    assert_eq!(sandbox_pid(&rt, port), None, "nothing on the port yet");

    // A long-running command (the callback listener) needs Resurs: it starts the sandbox.
    let mut starter = env
        .command(&["pay", "listen"], &vars)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = wait_for("the sandbox to answer", Duration::from_secs(30), || {
        sandbox_pid(&rt, port)
    });
    assert_ne!(pid, u64::from(starter.id()), "its own process");

    // Another command uses the same sandbox.
    let sent = env.run_with(&["pay", "send", &nr], &vars);
    assert!(sent.ok().contains("SMS skickat"), "{}", sent.stdout);

    // Kill the starter outright: the sandbox stays, with its state.
    starter.kill().unwrap();
    starter.wait().unwrap();
    assert_eq!(
        sandbox_pid(&rt, port),
        Some(pid),
        "the same sandbox still answers"
    );
    let check = env.run_with(&["pay", "check", &nr], &vars);
    assert!(check.ok().contains("Inte betald ännu"), "{}", check.stdout);
    let sms: Vec<Value> = rt.block_on(async {
        reqwest::get(format!("http://127.0.0.1:{port}/_sim/outbox/sms"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    });
    assert_eq!(sms.len(), 1);
    let payment_id = sms[0]["paymentId"].as_str().unwrap().to_string();
    let accepted = rt.block_on(async {
        reqwest::Client::new()
            .post(format!("http://127.0.0.1:{port}/pay/{payment_id}/accept"))
            .form(&[("method", "direct")])
            .send()
            .await
            .unwrap()
            .status()
    });
    assert!(accepted.is_success());
    let check = env.run_with(&["pay", "check", &nr], &vars);
    assert!(check.ok().contains("Betald"), "{}", check.stdout);
    assert_eq!(sandbox_pid(&rt, port), Some(pid));

    // Nobody calls it any more: it stops by itself.
    wait_for("the idle sandbox to stop", Duration::from_secs(90), || {
        (!listening(port) && exited(pid)).then_some(())
    });
    let log = std::fs::read_to_string(env.dir.path().join("resurs-sandbox.log")).unwrap();
    assert!(log.contains("Resurs-sandlådan lyssnar på"), "{log}");
    assert!(
        log.contains("Sandlådan avslutas: ingen har anropat den på 10 s"),
        "{log}"
    );

    // The next command starts a new one, and nothing was lost: the order is still paid there.
    let check = env.run_with(&["pay", "check", &nr], &vars);
    assert!(check.ok().contains("Betald"), "{}", check.stdout);
    let second = sandbox_pid(&rt, port).expect("started again");
    assert_ne!(second, pid);
    wait_for(
        "the second sandbox to stop",
        Duration::from_secs(90),
        || (!listening(port) && exited(second)).then_some(()),
    );
}

#[test]
fn two_commands_racing_to_start_the_sandbox_share_one() {
    let env = Env::new();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let port = env.sandbox_port;
    let vars = [("VERKSTAD_SANDBOX_IDLE_SECS", "3")];
    // Make the database first, so that both commands only race for the sandbox.
    klart_order(&env, "1000");
    let racers: Vec<_> = (0..2)
        .map(|_| {
            env.command(&["pay", "setup"], &vars)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for racer in racers {
        let out = racer.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("store_id stämmer"));
    }
    let pid = sandbox_pid(&rt, port).expect("one sandbox answers");
    wait_for("the idle sandbox to stop", Duration::from_secs(60), || {
        (!listening(port) && exited(pid)).then_some(())
    });
    // At most one of them ever served: a loser, if any, could not get the port.
    let log = std::fs::read_to_string(env.dir.path().join("resurs-sandbox.log")).unwrap();
    assert_eq!(
        log.matches("Resurs-sandlådan lyssnar på").count(),
        1,
        "{log}"
    );
}

#[test]
fn bad_sandbox_settings_are_refused_naming_the_variable() {
    let env = Env::new();
    klart_order(&env, "1000");
    env.run_with(&["pay", "sync"], &[("VERKSTAD_SANDBOX_PORT", "99999")])
        .refused(&["VERKSTAD_SANDBOX_PORT=\"99999\"", "1–65535"]);
    env.run_with(&["pay", "sync"], &[("VERKSTAD_SANDBOX_IDLE_SECS", "soon")])
        .refused(&["VERKSTAD_SANDBOX_IDLE_SECS=\"soon\""]);
    assert!(!listening(env.sandbox_port), "no sandbox was started");
}
