//! Resurs's payouts (issue 14) as a user meets them: the real `verkstad` binary on a real SQLite
//! file and the Resurs sandbox on 127.0.0.1. An order paid by payment SMS (M-Pay) is booked
//! MOBIL on 1931, captured, and paid out by the sandbox (`POST /_sim/resurs/payouts`);
//! `verkstad resurs payouts` fetches it and books the fee on 6064 and the net on 1930 against
//! 1931. Fetching twice changes nothing; a payout row for a payment this database does not know
//! goes to OBS 2999 and is reported; two processes fetching the same payout at once book it once,
//! and the bank's credit of a payout imported while the payout is fetched closes it once.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};
use verkstad::sandbox::resurs as sandbox;
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

    fn db(&self, name: &str) -> PathBuf {
        self.dir.path().join(format!("{name}.db"))
    }

    /// `verkstad` on database `db` (its own config file beside it).
    fn command(&self, db: &str, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_verkstad"));
        c.arg("--db")
            .arg(self.db(db))
            .arg("--config")
            .arg(self.dir.path().join(format!("{db}.toml")))
            .args(args)
            .env("TZ", "UTC")
            .env("VERKSTAD_RESURS_URL", self.base())
            .env("VERKSTAD_KLARNA_URL", self.base())
            .env_remove("VERKSTAD_DB")
            .env_remove("VERKSTAD_CONFIG")
            .env_remove("VERKSTAD_LANG")
            .env_remove("VERKSTAD_RESURS_CLIENT_ID")
            .env_remove("VERKSTAD_RESURS_CLIENT_SECRET")
            .env_remove("VERKSTAD_RESURS_STORE_ID")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }

    fn ok(&self, db: &str, args: &[&str]) -> String {
        let out = self.command(db, args).output().unwrap();
        let text = all_text(&out);
        assert!(out.status.success(), "{args:?}: {text}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn json(&self, db: &str, args: &[&str]) -> Value {
        let text = self.ok(db, args);
        serde_json::from_str(&text[text.find('{').unwrap_or(0)..]).unwrap()
    }

    fn race(&self, db: &str, args: &[&str]) -> [Output; 2] {
        let a = self.command(db, args).spawn().unwrap();
        let b = self.command(db, args).spawn().unwrap();
        [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()]
    }

    fn get(&self, path: &str) -> Value {
        self.sandbox.get_json(path)
    }

    fn post(&self, path: &str, body: Value) -> Value {
        let (status, answer) = self.sandbox.post_json(path, &body);
        assert!((200..300).contains(&status), "{path}: {status}");
        answer
    }

    /// A fresh database `db` with `n` KLART orders from 10001 for a customer with a mobile.
    fn orders(&self, db: &str, n: usize) {
        let lines = json!([
            {"kind": "arbete", "description": "Service", "quantity": "1,5", "unit_price": "895"}
        ]);
        self.orders_with(db, n, lines);
    }

    fn orders_with(&self, db: &str, n: usize, lines: Value) {
        let customer = json!({"name": "Åsa Öberg", "mobile": "070-123 45 67"});
        let records: Vec<Value> = (0..n)
            .map(|_| json!({"customer": customer, "status": "KLART", "lines": lines}))
            .collect();
        let file = self.dir.path().join(format!("{db}-orders.json"));
        std::fs::write(&file, Value::Array(records).to_string()).unwrap();
        self.ok(
            db,
            &["--no-demo", "order", "import", file.to_str().unwrap()],
        );
    }

    /// Send the payment SMS of order `nr`, pay it as the customer (M-Pay captures at once),
    /// check and book it (MOBIL, on 1931). The Resurs payment id.
    fn paid_and_booked(&self, db: &str, nr: i64) -> String {
        let s = nr.to_string();
        self.ok(db, &["pay", "send", &s]);
        let id = self
            .get("/_sim/outbox/sms")
            .as_array()
            .unwrap()
            .last()
            .unwrap()["paymentId"]
            .as_str()
            .unwrap()
            .to_string();
        self.post(&format!("/pay/{id}/accept"), json!({"method": "direct"}));
        self.ok(db, &["pay", "check", &s]);
        self.ok(db, &["book", &s]);
        id
    }

    fn query<T: rusqlite::types::FromSql>(&self, db: &str, sql: &str) -> T {
        let conn = rusqlite::Connection::open(self.db(db)).unwrap();
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// Σ of every voucher row on `account`, in öre.
    fn booked_on(&self, db: &str, account: i64) -> i64 {
        self.query(
            db,
            &format!(
                "SELECT coalesce(sum(amount_ore), 0) FROM voucher_rows WHERE account = {account}"
            ),
        )
    }

    fn vouchers(&self, db: &str) -> i64 {
        self.query(db, "SELECT count(DISTINCT voucher_no) FROM voucher_rows")
    }

    fn assert_balanced(&self, db: &str) {
        let unbalanced: i64 = self.query(
            db,
            "SELECT count(*) FROM (SELECT voucher_no FROM voucher_rows GROUP BY voucher_no \
             HAVING sum(amount_ore) <> 0)",
        );
        assert_eq!(unbalanced, 0, "a voucher does not balance");
    }

    /// `GET path` on the merchant API with a bearer token: status and body.
    fn api_get(&self, path: &str) -> (u16, Value) {
        let base = self.base();
        self.sandbox.block_on(async {
            let http = reqwest::Client::new();
            let token: Value = http
                .post(format!("{base}/oauth2/token"))
                .form(&[
                    ("grant_type", "client_credentials"),
                    ("client_id", sandbox::SANDBOX_CLIENT_ID),
                    ("client_secret", sandbox::SANDBOX_CLIENT_SECRET),
                    ("scope", "merchant-api"),
                ])
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            let r = http
                .get(format!("{base}{path}"))
                .bearer_auth(token["access_token"].as_str().unwrap())
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            (status, r.json().await.unwrap_or(Value::Null))
        })
    }

    /// The sandbox pays out what waits: the one payout made.
    fn payout(&self) -> Value {
        let made = self.post("/_sim/resurs/payouts", json!({}));
        let all = made["payouts"].as_array().unwrap();
        assert_eq!(all.len(), 1, "{made}");
        all[0].clone()
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

/// Öre of a wire amount ("1678.13").
fn ore(v: &Value) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    let d: rust_decimal::Decimal = v.to_string().trim_matches('"').parse().unwrap();
    (d * rust_decimal::Decimal::from(100)).to_i64().unwrap()
}

#[test]
fn a_mobil_payment_paid_out_by_resurs_clears_1931_books_the_fee_and_the_net_once() {
    let env = Env::new();
    env.orders("a", 1);
    let id = env.paid_and_booked("a", 10001);
    let total = 167_813; // 1,5 h × 895 kr + 25 % VAT = 1 678,13 kr
    assert_eq!(env.booked_on("a", 1931), total, "MOBIL is booked on 1931");

    let payout = env.payout();
    let reference = payout["reference"].as_str().unwrap().to_string();
    assert!(
        reference.starts_with("RSP") && reference.len() == 13,
        "{reference}"
    );
    let row = &payout["rows"][0];
    assert_eq!(row["paymentId"], id.as_str());
    // Our order reference (the database's prefix, the order, the attempt).
    let our_reference: String = env.query("a", "SELECT order_reference FROM payment_attempts");
    assert!(our_reference.ends_with("-10001-1"), "{our_reference}");
    assert_eq!(row["orderReference"], our_reference.as_str());
    // The sandbox's default fee: 1,50 % (25,17 kr) + 1,00 kr.
    let fee = 2_517 + 100;
    assert_eq!(ore(&row["feeAmount"]), fee);
    assert_eq!(ore(&payout["payoutAmount"]), total - fee);
    // The sandbox answers the same payout to the merchant (bearer token needed: 401 without).
    let unauthorized = env.sandbox.block_on(async {
        reqwest::get(format!("{}/v2/payouts", env.base()))
            .await
            .unwrap()
            .status()
            .as_u16()
    });
    assert_eq!(unauthorized, 401);
    assert_eq!(
        env.api_get(&format!("/v2/payouts/{reference}")),
        (200, payout.clone())
    );
    assert_eq!(env.api_get("/v2/payouts/RSP0").0, 404);
    assert_eq!(
        env.api_get("/v2/payouts?from=2020-01-01").1["content"][0],
        payout
    );
    assert_eq!(
        env.api_get("/v2/payouts?from=2999-01-01").1["content"],
        json!([])
    );
    assert_eq!(env.api_get("/v2/payouts?from=igår").0, 400);

    let before = env.vouchers("a");
    let text = env.ok("a", &["resurs", "payouts"]);
    assert!(text.contains("Utbetalningar från Resurs"), "{text}");
    assert!(text.contains(&reference), "{text}");
    assert!(text.contains("1 fakturor betalda"), "{text}");
    assert_eq!(env.vouchers("a"), before + 1);

    // 1931 is zero for the sale; the fee on 6064; the net on 1930.
    assert_eq!(env.booked_on("a", 1931), 0);
    assert_eq!(env.booked_on("a", 6064), fee);
    assert_eq!(env.booked_on("a", 1930), total - fee);
    assert_eq!(env.booked_on("a", 2999), 0);
    env.assert_balanced("a");
    let text: String = env.query(
        "a",
        "SELECT text FROM vouchers ORDER BY number DESC LIMIT 1",
    );
    assert_eq!(text, format!("Resurs utbetalning {reference}"));

    // The invoice reads paid, on the payout's day, by the payout.
    let store = verkstad::store::Database::open(&env.db("a")).unwrap();
    let paid = store.invoice_paid(1).unwrap().unwrap();
    assert_eq!(paid.received.ore(), total);
    assert_eq!(
        paid.paid_on.map(|d| d.to_string()),
        payout["payoutDate"].as_str().map(str::to_string)
    );
    assert_eq!(paid.receipts.len(), 1);
    assert_eq!(paid.receipts[0].source, "resurs");
    assert_eq!(paid.receipts[0].source_reference, format!("{reference}/0"));
    let audited: i64 = env.query(
        "a",
        &format!(
            "SELECT count(*) FROM audit_events WHERE entity = 'payout' \
             AND entity_key = '{reference}' AND action = 'applied'"
        ),
    );
    assert_eq!(audited, 1);

    // Fetching again (and from further back) changes nothing.
    let again = env.json("a", &["resurs", "payouts", "--format", "json"]);
    assert_eq!(again["outcome"]["applied"].as_array().unwrap().len(), 0);
    assert_eq!(again["outcome"]["already_known"][0], reference.as_str());
    let since = env.json(
        "a",
        &[
            "resurs",
            "payouts",
            "--since",
            "2020-01-01",
            "--format",
            "json",
        ],
    );
    assert_eq!(since["outcome"]["applied"].as_array().unwrap().len(), 0);
    assert_eq!(env.vouchers("a"), before + 1);
    assert_eq!(env.booked_on("a", 1930), total - fee);
    assert_eq!(since["payouts"].as_array().unwrap().len(), 1);
    assert_eq!(since["payouts"][0]["provider"], "Resurs");

    // The bank's camt.054 credit carrying the payout reference closes the payout: matched,
    // nothing booked again, 1930 holds the payout once.
    let credit = common::bankfile::camt(
        "RESURS-1",
        "2026-11-30",
        &[common::bankfile::Pay::text(
            (total - fee) as u64,
            &format!("RESURS BANK UTBETALNING {reference}"),
        )],
    );
    let file = env.dir.path().join("camt.xml");
    std::fs::write(&file, credit).unwrap();
    let imported = env.json(
        "a",
        &[
            "reconcile",
            "import",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert_eq!(imported["payments"][0]["state"], "matched", "{imported}");
    assert!(
        imported["payments"][0]["voucher_no"].is_null(),
        "{imported}"
    );
    assert_eq!(env.vouchers("a"), before + 1);
    assert_eq!(env.booked_on("a", 1930), total - fee);
    let closed: i64 = env.query("a", "SELECT count(*) FROM payout_bank_entries");
    assert_eq!(closed, 1);

    // The sandbox pays a payment once, ever: nothing new is no payout.
    let none = env.post("/_sim/resurs/payouts", json!({}));
    assert_eq!(none["payouts"].as_array().unwrap().len(), 0);
    // Klarna's settlements are Klarna's only.
    let klarna = env.json("a", &["klarna", "settlements", "--format", "json"]);
    assert_eq!(klarna["payouts"].as_array().unwrap().len(), 0);
}

#[test]
fn a_payout_row_of_a_payment_we_do_not_know_goes_to_obs_and_is_reported() {
    let env = Env::new();
    // Database "a" sells order 10001; another workshop's database "b" (the same Resurs store)
    // sells its order 10002. One payout pays both.
    env.orders("a", 1);
    env.orders("b", 2);
    env.paid_and_booked("a", 10001);
    env.paid_and_booked("b", 10002);
    let payout = env.post(
        "/_sim/resurs/payouts",
        json!({"payoutDate": "2026-11-27", "feeRate": 200, "feeFixed": 0}),
    )["payouts"][0]
        .clone();
    assert_eq!(payout["payoutDate"], "2026-11-27");
    assert_eq!(payout["rows"].as_array().unwrap().len(), 2);
    let total = 167_813;
    // 2,00 % of 1 678,13 kr = 33,5626 → 33,56 kr per payment.
    let fee = 3_356;
    assert_eq!(ore(&payout["feeAmount"]), 2 * fee);
    assert_eq!(ore(&payout["payoutAmount"]), 2 * (total - fee));

    let out = env.json(
        "a",
        &[
            "resurs",
            "payouts",
            "--since",
            "2026-11-01",
            "--format",
            "json",
        ],
    );
    let applied = &out["outcome"]["applied"][0];
    assert_eq!(applied["invoices_paid"], json!([1]));
    let unmatched = applied["unmatched"].as_array().unwrap();
    assert_eq!(unmatched.len(), 1, "{applied}");
    let theirs: String = env.query("b", "SELECT order_reference FROM payment_attempts");
    assert_eq!(unmatched[0]["row"]["order_reference"], theirs.as_str());
    assert_eq!(unmatched[0]["effect"], "unmatched");

    // Our sale clears 1931; the other workshop's sale waits on OBS 2999 for the accountant;
    // both fees are Resurs's (6064); the bank has what Resurs paid.
    assert_eq!(env.booked_on("a", 1931), 0);
    assert_eq!(env.booked_on("a", 2999), -total);
    assert_eq!(env.booked_on("a", 6064), 2 * fee);
    assert_eq!(env.booked_on("a", 1930), 2 * (total - fee));
    env.assert_balanced("a");

    // The text says which row is not ours.
    let env_text = env.ok("a", &["resurs", "payouts", "--since", "2026-11-01"]);
    assert!(env_text.contains("redan bokförda"), "{env_text}");
    // A bad date is refused before anything is asked.
    let bad = env
        .command("a", &["resurs", "payouts", "--since", "30/11"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2), "{}", all_text(&bad));
}

#[test]
fn the_applied_text_lists_the_unmatched_row_in_swedish() {
    let env = Env::new();
    env.orders("a", 1);
    env.orders("b", 2);
    env.paid_and_booked("b", 10002);
    env.payout();
    let text = env.ok("a", &["resurs", "payouts"]);
    assert!(text.contains("0 fakturor betalda"), "{text}");
    let theirs: String = env.query("b", "SELECT order_reference FROM payment_attempts");
    assert!(
        text.contains(&format!(
            "Rad 1 (SALE 1 678,13 kr, referens \"{theirs}\") hör inte till någon faktura – bokförd på OBS-konto"
        )),
        "{text}"
    );
    let english = env.ok("a", &["--lang", "en", "resurs", "payouts"]);
    assert!(english.contains("Resurs"), "{english}");
}

#[test]
fn two_processes_fetching_the_same_payout_book_it_once() {
    let env = Env::new();
    env.orders("a", 3);
    for round in 0..3i64 {
        let nr = 10001 + round;
        env.paid_and_booked("a", nr);
        let payout = env.payout();
        let reference = payout["reference"].as_str().unwrap().to_string();
        let net = ore(&payout["payoutAmount"]);
        let bank_before = env.booked_on("a", 1930);

        let outs = env.race("a", &["resurs", "payouts", "--format", "json"]);
        let mut applied = 0;
        for out in &outs {
            let text = all_text(out);
            assert!(out.status.success(), "round {round}: {text}");
            let stdout = String::from_utf8_lossy(&out.stdout);
            let v: Value = serde_json::from_str(&stdout[stdout.find('{').unwrap()..]).unwrap();
            applied += v["outcome"]["applied"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| p["payment_reference"] == reference.as_str())
                .count();
        }
        assert_eq!(applied, 1, "round {round}: one process applies the payout");
        let payouts: i64 = env.query(
            "a",
            &format!("SELECT count(*) FROM payouts WHERE payment_reference = '{reference}'"),
        );
        assert_eq!(payouts, 1);
        assert_eq!(env.booked_on("a", 1930) - bank_before, net, "round {round}");
        let receipts: i64 = env.query(
            "a",
            &format!(
                "SELECT count(*) FROM invoice_receipts WHERE source_reference LIKE '{reference}/%'"
            ),
        );
        assert_eq!(receipts, 1, "round {round}");
        env.assert_balanced("a");
    }
    assert_eq!(env.booked_on("a", 1931), 0);
}

#[test]
fn a_refund_after_the_payout_is_taken_back_by_the_next_payout_and_1931_ends_at_zero() {
    let env = Env::new();
    env.orders_with(
        "a",
        2,
        json!([
            {"kind": "arbete", "description": "Service", "quantity": "1,5", "unit_price": "895"},
            {"kind": "artikel", "description": "Torkarblad", "quantity": "2", "unit_price": "189"}
        ]),
    );
    let first = env.paid_and_booked("a", 10001);
    env.payout();
    env.ok("a", &["resurs", "payouts"]);
    assert_eq!(env.booked_on("a", 1931), 0);

    // A partial credit after the payout: the wiper blades are refunded at Resurs at once, and
    // the credit invoice credits 1931 with what is paid back.
    env.ok("a", &["credit", "10001", "--lines", "2"]);
    let credited = -env.booked_on("a", 1931);
    assert_eq!(credited, 47_250, "2 × 189 kr + 25 % VAT");

    // The next payout pays the next sale and takes the refund back.
    env.paid_and_booked("a", 10002);
    let payout = env.payout();
    let kinds: Vec<(String, String)> = payout["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["type"].as_str().unwrap().to_string(),
                r["paymentId"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(kinds[1], ("REFUND".to_string(), first.clone()), "{payout}");
    assert_eq!(ore(&payout["rows"][1]["amount"]), credited);
    let net = ore(&payout["payoutAmount"]);
    let bank = env.booked_on("a", 1930);
    let out = env.json("a", &["resurs", "payouts", "--format", "json"]);
    let applied = &out["outcome"]["applied"][0];
    assert_eq!(applied["invoices_paid"], json!([3]), "{applied}");
    assert!(
        applied["unmatched"].as_array().unwrap().is_empty(),
        "{applied}"
    );
    assert_eq!(env.booked_on("a", 1930) - bank, net);
    // Every sale paid out, the refund taken back: nothing is left on 1931.
    assert_eq!(env.booked_on("a", 1931), 0);
    assert_eq!(env.booked_on("a", 2999), 0);
    env.assert_balanced("a");
}

/// The bank's credit of a Resurs payout and the payout itself, brought in by two processes at
/// once (`reconcile import` of the camt.054 credit and `resurs payouts`), three rounds so that
/// either may come first: the payout's money is on 1930 once, OBS 2999 ends at zero, the credit
/// closes the payout once and is matched (issue 14).
#[test]
fn the_banks_credit_and_the_payout_brought_in_at_once_close_it_once() {
    use common::bankfile::{Pay, camt};
    let env = Env::new();
    env.orders("a", 3);
    for round in 0..3i64 {
        env.paid_and_booked("a", 10001 + round);
        let payout = env.payout();
        let reference = payout["reference"].as_str().unwrap().to_string();
        let net = ore(&payout["payoutAmount"]);
        let file = env.dir.path().join(format!("credit-{round}.xml"));
        std::fs::write(
            &file,
            camt(
                &format!("CREDIT-{round}"),
                "2026-11-30",
                &[Pay::text(
                    u64::try_from(net).unwrap(),
                    &format!("RESURS UTBETALNING {reference}"),
                )],
            ),
        )
        .unwrap();
        let bank_before = env.booked_on("a", 1930);

        // Started one after the other, in turns.
        let path = file.to_str().unwrap();
        let import = ["reconcile", "import", path, "--format", "json"];
        let fetch = ["resurs", "payouts", "--format", "json"];
        let (first, second): (&[&str], &[&str]) = if round % 2 == 0 {
            (&import, &fetch)
        } else {
            (&fetch, &import)
        };
        let first = env.command("a", first).spawn().unwrap();
        let second = env.command("a", second).spawn().unwrap();
        for child in [first, second] {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "round {round}: {}", all_text(&out));
        }

        assert_eq!(
            env.booked_on("a", 1930) - bank_before,
            net,
            "round {round}: the payout on the bank once"
        );
        assert_eq!(env.booked_on("a", 2999), 0, "round {round}: OBS cleared");
        let closed: i64 = env.query(
            "a",
            &format!(
                "SELECT count(*) FROM payout_bank_entries e JOIN payouts p ON p.id = e.payout \
                 WHERE p.payment_reference = '{reference}'"
            ),
        );
        assert_eq!(closed, 1, "round {round}");
        let list: Value =
            serde_json::from_str(&env.ok("a", &["reconcile", "list", "--format", "json"])).unwrap();
        let rows = list.as_array().unwrap();
        assert_eq!(rows.len() as i64, round + 1, "{list}");
        assert!(
            rows.iter().all(|r| r["standing"]["state"] == "matched"),
            "round {round}: {list}"
        );
        env.assert_balanced("a");
    }
    assert_eq!(env.booked_on("a", 1931), 0);
}
