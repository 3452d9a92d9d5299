//! Klarna money under races and crashes, as a user's machines would meet them: two real
//! `verkstad` processes (the binary) on one SQLite file and one Klarna sandbox on 127.0.0.1, at
//! once — applying the same payout, syncing the same lost dispute — and a `verkstad klarna
//! reserve` killed with SIGKILL while Klarna's answer is on its way (the sandbox's
//! `/_sim/klarna/hold` driver holds the answer back after the session is made), then run again.
//! What must hold: the money is booked once, every voucher balances, and a rerun reuses the
//! stored attempt and Klarna's session instead of reserving twice.

mod common;

use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

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

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_verkstad"));
        c.arg("--db")
            .arg(self.db())
            .arg("--config")
            .arg(self.dir.path().join("config.toml"))
            .args(args)
            .env("TZ", "UTC")
            .env("VERKSTAD_RESURS_URL", self.sandbox.base_url())
            .env("VERKSTAD_KLARNA_URL", self.sandbox.base_url())
            .env_remove("VERKSTAD_DB")
            .env_remove("VERKSTAD_CONFIG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("v.db")
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.command(args).output().unwrap();
        let text = all_text(&out);
        assert!(out.status.success(), "{args:?}: {text}");
        text
    }

    /// Two processes started together, both waited for.
    fn race(&self, args: &[&str]) -> [Output; 2] {
        let a = self.command(args).spawn().unwrap();
        let b = self.command(args).spawn().unwrap();
        [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()]
    }

    fn post(&self, path: &str, body: Value) -> Value {
        let (status, answer) = self.sandbox.post_json(path, &body);
        assert!((200..300).contains(&status), "{path}: {status}");
        answer
    }

    fn get(&self, path: &str) -> Value {
        self.sandbox.get_json(path)
    }

    fn klarna_orders(&self) -> Vec<Value> {
        serde_json::from_value(self.get("/_sim/klarna/orders")).unwrap()
    }

    /// A fresh database with KLART orders from 10001, each with `lines`.
    fn orders(&self, n: usize) {
        let customer = json!({
            "name": "Åsa Öberg", "mobile": "070-123 45 67", "email": "asa@exempel.se",
            "national_id": "19640823-3234",
            "street": "Storgatan 1", "postal_code": "352 30", "city": "Växjö"
        });
        let lines = json!([
            {"kind": "arbete", "description": "Service", "quantity": "1,5", "unit_price": "895"},
            {"kind": "artikel", "description": "Torkarblad", "quantity": "0,5", "unit_price": "189"}
        ]);
        let records: Vec<Value> = (0..n)
            .map(|_| json!({"customer": customer, "status": "KLART", "lines": lines}))
            .collect();
        let file = self.dir.path().join("o.json");
        std::fs::write(&file, Value::Array(records).to_string()).unwrap();
        self.ok(&["--no-demo", "order", "import", file.to_str().unwrap()]);
    }

    fn query<T: rusqlite::types::FromSql>(&self, sql: &str) -> T {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// The newest attempt of order `nr`: reference, Klarna session, idempotency key, state.
    fn attempt(&self, nr: i64) -> (String, Option<String>, String, String) {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        conn.query_row(
            "SELECT a.order_reference, a.provider_payment_id, a.idempotency_key, a.state \
             FROM payment_attempts a JOIN orders o ON o.id = a.order_id WHERE o.nr = ?1 \
             ORDER BY a.id DESC LIMIT 1",
            [nr],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap()
    }

    fn status(&self, nr: i64) -> String {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        conn.query_row("SELECT status FROM orders WHERE nr = ?1", [nr], |r| {
            r.get(0)
        })
        .unwrap()
    }

    /// Reserve, accept as the customer, check and book orders `nrs`: their Klarna order ids.
    fn booked_sales(&self, nrs: std::ops::Range<i64>) -> Vec<String> {
        nrs.map(|nr| {
            let s = nr.to_string();
            self.ok(&["klarna", "reserve", &s]);
            let (_, session, _, _) = self.attempt(nr);
            self.post(
                "/_sim/klarna/authorize",
                json!({"session_id": session.unwrap(), "outcome": "accepted"}),
            );
            self.ok(&["pay", "check", &s]);
            self.ok(&["book", &s]);
            let (reference, ..) = self.attempt(nr);
            self.klarna_orders()
                .into_iter()
                .find(|o| o["order"]["merchant_reference1"] == reference.as_str())
                .unwrap()["order"]["order_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
    }

    /// Σ of every voucher row on `account`, in öre.
    fn booked_on(&self, account: i64) -> i64 {
        self.query(&format!(
            "SELECT coalesce(sum(amount_ore), 0) FROM voucher_rows WHERE account = {account}"
        ))
    }

    /// Every voucher balances.
    fn assert_balanced(&self) {
        let unbalanced: i64 = self.query(
            "SELECT count(*) FROM (SELECT voucher_no FROM voucher_rows GROUP BY voucher_no \
             HAVING sum(amount_ore) <> 0)",
        );
        assert_eq!(unbalanced, 0, "a voucher does not balance");
    }
}

fn all_text(out: &Output) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains("panicked"), "{text}");
    text
}

/// The JSON object in a command's output (after any notice lines).
fn json_of(out: &Output) -> Value {
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(&text[text.find('{').unwrap_or(0)..]).unwrap_or(Value::Null)
}

#[test]
fn two_processes_applying_the_same_payout_book_it_once() {
    let env = Env::new();
    env.orders(6);
    // Three rounds: each a new payout raced by two processes.
    for round in 0..3i64 {
        let first = 10001 + 2 * round;
        env.booked_sales(first..first + 2);
        let made = env.post("/_sim/klarna/payouts", json!({}));
        let payout = &made["payouts"][0];
        let reference = payout["payment_reference"].as_str().unwrap().to_string();
        let net = payout["totals"]["settlement_amount"].as_i64().unwrap();
        let bank_before = env.booked_on(1930);

        let outs = env.race(&["klarna", "settlements", "--format", "json"]);
        let mut applied = 0;
        for out in &outs {
            let text = all_text(out);
            assert!(out.status.success(), "round {round}: {text}");
            let v = json_of(out);
            applied += v["outcome"]["applied"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter(|p| p["payment_reference"] == reference.as_str())
                        .count()
                })
                .unwrap_or(0);
        }
        assert_eq!(
            applied, 1,
            "round {round}: the payout is applied by one process"
        );
        let payouts: i64 = env.query(&format!(
            "SELECT count(*) FROM payouts WHERE payment_reference = '{reference}'"
        ));
        assert_eq!(payouts, 1);
        assert_eq!(env.booked_on(1930) - bank_before, net, "round {round}");
        // Each invoice of the round is paid once, by one receipt.
        let receipts: i64 = env.query(&format!(
            "SELECT count(*) FROM invoice_receipts WHERE source_reference LIKE '{reference}/%'"
        ));
        assert_eq!(receipts, 2, "round {round}");
        let twice: i64 = env.query(
            "SELECT count(*) FROM (SELECT invoice_no FROM invoice_receipts \
             GROUP BY invoice_no HAVING count(*) > 1)",
        );
        assert_eq!(twice, 0);
        let audited: i64 = env.query(&format!(
            "SELECT count(*) FROM audit_events WHERE entity = 'payout' \
             AND entity_key = '{reference}' AND action = 'applied'"
        ));
        assert_eq!(audited, 1);
        env.assert_balanced();
    }
    // Klarna owes nothing more for the sales it paid out.
    assert_eq!(env.booked_on(1581), 0);
}

#[test]
fn two_processes_syncing_the_same_lost_dispute_book_the_chargeback_and_fee_once() {
    let env = Env::new();
    env.orders(4);
    let ids = env.booked_sales(10001..10005);
    let mut lost_amount = 0;
    for (i, id) in ids.iter().enumerate() {
        let d = env.post(
            "/_sim/klarna/disputes",
            json!({"order_id": id, "reason": "goods_not_received"}),
        );
        let krn = d["dispute_krn"].as_str().unwrap();
        // Three lost, one won.
        let outcome = if i == 0 { "won" } else { "lost" };
        env.post(
            &format!("/_sim/klarna/disputes/{krn}/decide"),
            json!({"outcome": outcome}),
        );
        if outcome == "lost" {
            lost_amount += d["disputed_amount"].as_i64().unwrap();
        }
    }
    let outs = env.race(&["dispute", "sync"]);
    for out in &outs {
        assert!(out.status.success(), "{}", all_text(out));
    }
    // The chargebacks on 6351, each once, and one dispute fee per lost dispute.
    assert_eq!(env.booked_on(6351), lost_amount);
    let registered: i64 = env.query("SELECT count(*) FROM disputes");
    assert_eq!(registered, 4);
    let charged: i64 =
        env.query("SELECT count(*) FROM disputes WHERE chargeback_voucher IS NOT NULL");
    assert_eq!(charged, 3);
    let loss_vouchers: i64 =
        env.query("SELECT count(*) FROM vouchers WHERE text LIKE '%tvist förlorad%'");
    assert_eq!(loss_vouchers, 3, "one voucher per lost dispute");
    let audited: i64 = env
        .query("SELECT count(*) FROM audit_events WHERE entity = 'dispute' AND action = 'opened'");
    assert_eq!(audited, 4, "each dispute registered once");
    env.assert_balanced();
    // And once more, one after the other: nothing new.
    env.ok(&["dispute", "sync"]);
    assert_eq!(env.booked_on(6351), lost_amount);

    // Klarna's payout then takes the chargebacks back (REVERSAL) and charges the dispute fees
    // (Klarna states no fee with the dispute itself): raced again, the fees are booked once and
    // the chargebacks are not booked a second time.
    env.post("/_sim/klarna/payouts", json!({}));
    let outs = env.race(&["klarna", "settlements", "--format", "json"]);
    for out in &outs {
        assert!(out.status.success(), "{}", all_text(out));
    }
    assert_eq!(env.booked_on(6351), lost_amount, "the chargebacks once");
    let fees: i64 = env.query(
        "SELECT count(*) FROM payout_rows WHERE effect = 'dispute_fee' AND dispute_id IS NOT NULL",
    );
    assert_eq!(fees, 3, "one dispute fee per lost dispute, once");
    let fee_booked: i64 = env.query("SELECT count(*) FROM disputes WHERE fee_voucher IS NOT NULL");
    assert_eq!(fee_booked, 3);
    let payouts: i64 = env.query("SELECT count(*) FROM payouts");
    assert_eq!(payouts, 1);
    env.assert_balanced();
    // A sync after the payout books nothing more either.
    env.ok(&["dispute", "sync"]);
    let after: i64 = env.query("SELECT count(*) FROM vouchers WHERE text LIKE '%tvist förlorad%'");
    assert_eq!(after, 3);
    assert_eq!(env.booked_on(6351), lost_amount);
}

/// The number of Klarna sessions made for our reference (read from the sandbox's state file).
fn sessions_for(env: &Env, reference: &str) -> i64 {
    let state = env.dir.path().join("klarna-sandbox.db");
    let conn = rusqlite::Connection::open(state).unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    conn.query_row(
        "SELECT count(*) FROM sessions WHERE json_extract(body, '$.session.merchant_reference1') = ?1 \
         OR json_extract(body, '$.merchant_reference1') = ?1",
        [reference],
        |r| r.get(0),
    )
    .unwrap()
}

/// Wait until the sandbox holds an answer back (the call is done at Klarna, its answer not
/// yet sent), or the child ended.
fn wait_until_held(env: &Env, child: &mut Child) {
    let start = Instant::now();
    loop {
        if env.get("/_sim/klarna/hold")["holding"].as_u64() == Some(1) {
            return;
        }
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the reserve ended before Klarna's answer was held: {status}");
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no answer was held"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_reserve_killed_while_klarnas_answer_is_on_its_way_is_resumed_without_a_second_reservation() {
    let env = Env::new();
    env.orders(1);
    // Klarna makes the session; its answer waits two minutes (the process dies first).
    env.post(
        "/_sim/klarna/hold",
        json!({"path": "/payments/v1/sessions", "ms": 120_000}),
    );
    let mut child = env
        .command(&["klarna", "reserve", "10001"])
        .spawn()
        .unwrap();
    wait_until_held(&env, &mut child);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    // What the killed process left: the attempt with its key stored before the call, the order
    // locked, its outcome unknown; at Klarna, one session.
    let (reference, session, key, state) = env.attempt(10001);
    assert_eq!(state, "sending");
    assert_eq!(session, None);
    assert_eq!(env.status(10001), "MOBILBET");
    assert_eq!(sessions_for(&env, &reference), 1);

    // Run again: the stored attempt is resolved with Klarna's session, not reserved anew.
    let out = env.ok(&["klarna", "reserve", "10001"]);
    assert!(out.contains("Klarna"), "{out}");
    let attempts: i64 = env.query("SELECT count(*) FROM payment_attempts");
    assert_eq!(attempts, 1, "one attempt");
    let (reference2, session2, key2, state2) = env.attempt(10001);
    assert_eq!(
        (reference2.as_str(), key2.as_str()),
        (reference.as_str(), key.as_str())
    );
    assert_eq!(state2, "sent");
    assert!(session2.is_some());
    assert_eq!(sessions_for(&env, &reference), 1, "no second reservation");

    // And the order goes on as any: the customer accepts, it is booked and captured once.
    env.post(
        "/_sim/klarna/authorize",
        json!({"session_id": session2.unwrap(), "outcome": "accepted"}),
    );
    env.ok(&["pay", "check", "10001"]);
    env.ok(&["book", "10001"]);
    assert_eq!(env.status(10001), "BOKFÖRD");
    let orders = env.klarna_orders();
    assert_eq!(orders.len(), 1);
    let k = &orders[0]["order"];
    assert_eq!(k["status"], "CAPTURED");
    assert_eq!(k["captures"].as_array().map(Vec::len), Some(1), "{k}");
    env.assert_balanced();
}
