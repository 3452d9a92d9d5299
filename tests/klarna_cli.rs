//! Payment method KLARNA as a user runs it: the real binary against the Klarna sandbox on
//! 127.0.0.1 (`VERKSTAD_KLARNA_URL`), with our database in its own SQLite file. Reserve (refused
//! for each missing customer field), Klarna's decision (accepted, pending, rejected), booking
//! captures at Klarna for exactly the invoice total (also with 0,5 and 1,5 quantities, which
//! Klarna cannot take as such), the books (1581 Klarna avräkning), a partial credit refunded at
//! Klarna, and two Klarna stores kept apart.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

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

    fn run(&self, args: &[&str]) -> Output {
        let out = Command::new(env!("CARGO_BIN_EXE_verkstad"))
            .arg("--db")
            .arg(self.dir.path().join("v.db"))
            .arg("--config")
            .arg(self.dir.path().join("config.toml"))
            .args(args)
            .env("TZ", "UTC")
            .env("VERKSTAD_RESURS_URL", self.sandbox.base_url())
            .env("VERKSTAD_KLARNA_URL", self.sandbox.base_url())
            .env_remove("VERKSTAD_DB")
            .env_remove("VERKSTAD_CONFIG")
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!all.contains("panicked"), "{all}");
        out
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{args:?}: {text}");
        text
    }

    fn refused(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "{args:?} went through");
        String::from_utf8_lossy(&out.stderr).to_string()
    }

    fn post(&self, path: &str, body: Value) -> Value {
        let (status, answer) = self.sandbox.post_json(path, &body);
        assert!((200..300).contains(&status), "{path}: {status}");
        answer
    }

    /// Every order the sandbox holds, with the store (username) it was placed in.
    fn klarna_orders(&self) -> Vec<Value> {
        let url = format!("{}/_sim/klarna/orders", self.sandbox.base_url());
        self.sandbox.block_on(async {
            reqwest::get(url)
                .await
                .unwrap()
                .json::<Vec<Value>>()
                .await
                .unwrap()
        })
    }

    fn klarna_order(&self, merchant_reference: &str) -> Value {
        self.klarna_orders()
            .into_iter()
            .find(|o| o["order"]["merchant_reference1"] == merchant_reference)
            .unwrap_or_else(|| panic!("no Klarna order for {merchant_reference}"))
    }

    /// A fresh database (no demo) with KLART orders from 10001 for `customer`.
    fn orders(&self, customer: Value, lines: &[Value]) {
        let records: Vec<Value> = lines
            .iter()
            .map(|l| json!({"customer": customer, "status": "KLART", "lines": l}))
            .collect();
        let file = self.write("o.json", &Value::Array(records).to_string());
        self.ok(&["--no-demo", "order", "import", file.to_str().unwrap()]);
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    fn show(&self, nr: i64) -> Value {
        let out = self.run(&["order", "show", &nr.to_string(), "--format", "json"]);
        assert!(out.status.success());
        serde_json::from_slice(&out.stdout).unwrap()
    }

    /// The newest payment attempt's reference and provider id (the Klarna session).
    fn attempt(&self, nr: i64) -> (String, String) {
        let conn = rusqlite::Connection::open(self.dir.path().join("v.db")).unwrap();
        conn.query_row(
            "SELECT a.order_reference, a.provider_payment_id FROM payment_attempts a \
             JOIN orders o ON o.id = a.order_id WHERE o.nr = ?1 ORDER BY a.id DESC LIMIT 1",
            [nr],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    }

    /// The customer decides in Klarna's widget: accepted, pending or rejected.
    fn customer(&self, nr: i64, outcome: &str) {
        let (_, session) = self.attempt(nr);
        self.post(
            "/_sim/klarna/authorize",
            json!({"session_id": session, "outcome": outcome}),
        );
    }

    /// The rows of the voucher of invoice `no`: (account, öre).
    fn voucher(&self, invoice_no: i64) -> Vec<(i64, i64)> {
        let conn = rusqlite::Connection::open(self.dir.path().join("v.db")).unwrap();
        let mut st = conn
            .prepare(
                "SELECT r.account, r.amount_ore FROM voucher_rows r \
                 JOIN invoices i ON i.voucher_no = r.voucher_no WHERE i.invoice_no = ?1 \
                 ORDER BY r.pos",
            )
            .unwrap();
        st.query_map([invoice_no], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }
}

fn full_customer() -> Value {
    json!({
        "name": "Åsa Öberg", "mobile": "070-123 45 67", "email": "asa@exempel.se",
        "national_id": "19640823-3234",
        "street": "Storgatan 1", "postal_code": "352 30", "city": "Växjö"
    })
}

fn service() -> Value {
    json!([{"kind": "arbete", "description": "Service", "quantity": "1,5", "unit_price": "895"},
           {"kind": "artikel", "description": "Torkarblad", "quantity": "0,5", "unit_price": "189"}])
}

fn invoice_no(show: &Value) -> i64 {
    show["order"]["invoice_no"].as_i64().unwrap()
}

/// The order total in öre, from the JSON's "5604.00" (kronor with two decimals).
fn total_ore(show: &Value) -> i64 {
    let total = show["totals"]["total"].as_str().unwrap();
    let (kr, ore) = total.split_once('.').unwrap();
    kr.parse::<i64>().unwrap() * 100 + ore.parse::<i64>().unwrap()
}

#[test]
fn a_reservation_names_every_customer_field_klarna_needs_and_writes_nothing_without_them() {
    let env = Env::new();
    env.orders(
        json!({"name": "Åsa Öberg", "email": "asa@exempel.se"}),
        &[service()],
    );
    let err = env.refused(&["klarna", "reserve", "10001"]);
    assert!(err.contains("saknar personnummer och mobilnummer"), "{err}");
    assert_eq!(env.show(10001)["order"]["status"], "KLART");
    assert!(env.klarna_orders().is_empty());

    env.ok(&[
        "customer",
        "set",
        "10001",
        "--mobile",
        "0701234567",
        "--national-id",
        "19640823-3234",
        "--email",
        "",
    ]);
    let err = env.refused(&["--lang", "en", "klarna", "reserve", "10001"]);
    assert!(err.contains("has no e-mail address"), "{err}");
}

#[test]
fn an_accepted_reservation_is_captured_at_booking_for_exactly_the_total_with_half_quantities() {
    let env = Env::new();
    env.orders(full_customer(), &[service()]);
    let out = env.ok(&["klarna", "reserve", "10001"]);
    assert!(out.contains("reserverad hos Klarna (butik A)"), "{out}");
    // The user is told that the half quantities go as whole lines at their totals.
    assert!(
        out.contains("Rad 1 (Service, 1,5) går till Klarna som 1 st till radens belopp"),
        "{out}"
    );
    assert!(out.contains("Rad 2 (Torkarblad, 0,5)"), "{out}");
    assert_eq!(env.show(10001)["order"]["status"], "MOBILBET");
    let out = env.ok(&["klarna", "show", "10001"]);
    assert!(out.contains("kunden har inte godkänt än"), "{out}");
    env.customer(10001, "accepted");
    env.ok(&["pay", "check", "10001"]);
    let shown = env.show(10001);
    assert_eq!(shown["order"]["payment_method"], "KLARNA");

    let out = env.ok(&["book", "10001"]);
    assert!(out.contains("(KLARNA)"), "{out}");
    let shown = env.show(10001);
    let total = total_ore(&shown);
    let (reference, _) = env.attempt(10001);
    let k = &env.klarna_order(&reference)["order"];
    assert_eq!(k["status"], "CAPTURED");
    // `klarna show` prints what Klarna holds: the same order, amounts and lines.
    let out = env.run(&["klarna", "show", "10001", "--format", "json"]);
    assert!(out.status.success());
    let klarna: Value = serde_json::from_slice(&out.stdout).unwrap();
    let held = &klarna["klarna"];
    assert_eq!(held["provider_order_id"], k["order_id"]);
    assert_eq!(held["status"], "CAPTURED");
    assert_eq!(held["order_amount"], held["captured_amount"]);
    assert_eq!(klarna["store"], "A");
    assert_eq!(
        held["lines"].as_array().unwrap().len(),
        k["order_lines"].as_array().unwrap().len()
    );
    let text = env.ok(&["klarna", "show", "10001"]);
    assert!(text.contains("Service 1,5 tim"), "{text}");
    assert_eq!(k["captured_amount"].as_i64().unwrap(), total, "{k}");
    // Klarna takes whole quantities: 1,5 h and 0,5 st go as one line each at their totals.
    let lines = k["order_lines"].as_array().unwrap();
    assert!(lines.iter().all(|l| l["quantity"].as_i64().is_some()));
    let sum: i64 = lines
        .iter()
        .map(|l| l["total_amount"].as_i64().unwrap())
        .sum();
    assert_eq!(sum, total);
    assert!(
        lines
            .iter()
            .any(|l| l["name"].as_str().unwrap().contains("1,5")),
        "{lines:?}"
    );
    // The books: Klarna owes the total until its settlement pays it.
    let rows = env.voucher(invoice_no(&shown));
    assert!(rows.contains(&(1581, total)), "{rows:?}");
    assert_eq!(rows.iter().map(|(_, a)| a).sum::<i64>(), 0);
}

#[test]
fn pending_waits_for_klarnas_decision_and_a_rejection_cannot_be_booked() {
    let env = Env::new();
    env.orders(full_customer(), &[service(), service()]);
    env.ok(&["klarna", "reserve", "10001"]);
    env.customer(10001, "pending");
    env.ok(&["pay", "check", "10001"]);
    // Resurs never touches a Klarna reservation: a payment SMS is refused while it is live.
    let err = env.refused(&["pay", "send", "10001"]);
    assert!(err.contains("pågående betalning hos Klarna"), "{err}");
    let err = env.refused(&["book", "10001"]);
    assert!(err.contains("inte mottagen"), "{err}");
    let (reference, _) = env.attempt(10001);
    let order_id = env.klarna_order(&reference)["order"]["order_id"]
        .as_str()
        .unwrap()
        .to_string();
    env.post(
        &format!("/_sim/klarna/orders/{order_id}/fraud"),
        json!({"fraud_status": "ACCEPTED"}),
    );
    env.ok(&["pay", "check", "10001"]);
    env.ok(&["book", "10001"]);

    env.ok(&["klarna", "reserve", "10002"]);
    env.customer(10002, "rejected");
    env.ok(&["pay", "check", "10002"]);
    env.refused(&["book", "10002"]);
    // Cancelling opens the order again for another payment method.
    env.ok(&["pay", "cancel", "10002"]);
    assert_eq!(env.show(10002)["order"]["status"], "KLART");
}

#[test]
fn a_partial_credit_is_refunded_at_klarna() {
    let env = Env::new();
    env.orders(full_customer(), &[service()]);
    env.ok(&["klarna", "reserve", "10001"]);
    env.customer(10001, "accepted");
    env.ok(&["pay", "check", "10001"]);
    env.ok(&["book", "10001"]);
    env.ok(&["credit", "10001", "--lines", "2"]);
    let (reference, _) = env.attempt(10001);
    let k = &env.klarna_order(&reference)["order"];
    // Klarna paid back exactly what the credit invoice gives back (line 2: 0,5 × 189 + VAT).
    let conn = rusqlite::Connection::open(env.dir.path().join("v.db")).unwrap();
    let credited: i64 = conn
        .query_row(
            "SELECT -total_ore FROM invoices WHERE kind = 'kredit'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!((11_812..=11_813).contains(&credited), "{credited}");
    assert_eq!(k["refunded_amount"].as_i64().unwrap(), credited, "{k}");
}

#[test]
fn the_store_chosen_for_a_reservation_is_kept_and_used_for_the_capture() {
    let env = Env::new();
    env.orders(full_customer(), &[service()]);
    let out = env.ok(&["klarna", "reserve", "10001", "--store", "B"]);
    assert!(out.contains("(butik B)"), "{out}");
    env.customer(10001, "accepted");
    env.ok(&["pay", "check", "10001"]);
    env.ok(&["book", "10001"]);
    let (reference, _) = env.attempt(10001);
    let k = env.klarna_order(&reference);
    assert_eq!(k["username"], "PK_TEST_STORE_B");
    assert_eq!(k["order"]["status"], "CAPTURED");
    let err = env.refused(&["klarna", "reserve", "10001", "--store", "C"]);
    assert!(err.contains('C'), "{err}");
}

/// Booked KLARNA sales of orders 10001.. (accepted, checked, booked): their Klarna order ids.
fn booked_sales(env: &Env, n: i64) -> Vec<String> {
    (10001..10001 + n)
        .map(|nr| {
            let nr_s = nr.to_string();
            env.ok(&["klarna", "reserve", &nr_s]);
            env.customer(nr, "accepted");
            env.ok(&["pay", "check", &nr_s]);
            env.ok(&["book", &nr_s]);
            let (reference, _) = env.attempt(nr);
            env.klarna_order(&reference)["order"]["order_id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// Σ of every voucher row on `account`, in öre.
fn booked_on(env: &Env, account: i64) -> i64 {
    let conn = rusqlite::Connection::open(env.dir.path().join("v.db")).unwrap();
    conn.query_row(
        "SELECT coalesce(sum(amount_ore), 0) FROM voucher_rows WHERE account = ?1",
        [account],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn a_klarna_payout_marks_the_invoices_paid_and_is_booked_once() {
    let env = Env::new();
    env.orders(full_customer(), &[service(), service()]);
    booked_sales(&env, 2);
    let receivable = booked_on(&env, 1581);
    assert!(receivable > 0);
    let made = env.post("/_sim/klarna/payouts", json!({}));
    let payout = &made["payouts"][0];
    let net = payout["totals"]["settlement_amount"]
        .as_i64()
        .unwrap_or_else(|| panic!("{payout}"));

    // "Has it been paid?": not until Klarna pays it out.
    let paid = |env: &Env| -> Vec<Value> {
        let out = env.run(&[
            "order",
            "list",
            "--columns",
            "nr,payment_method,invoice_paid,invoice_paid_at",
            "--format",
            "json",
        ]);
        assert!(out.status.success());
        serde_json::from_slice::<Vec<Value>>(&out.stdout).unwrap()
    };
    for row in paid(&env) {
        assert_eq!(row["invoice_paid"], false, "{row}");
        assert_eq!(row["invoice_paid_at"], Value::Null, "{row}");
    }

    let out = env.ok(&["klarna", "settlements", "--format", "json"]);
    let applied: Value = serde_json::from_str(&out[out.find('{').unwrap()..]).unwrap();
    let payout_day = &payout["payout_date"].as_str().unwrap()[..10];
    for row in paid(&env) {
        assert_eq!(row["payment_method"], "KLARNA", "{row}");
        assert_eq!(row["invoice_paid"], true, "{row}");
        assert_eq!(row["invoice_paid_at"], payout_day, "{row}");
    }
    let first = &applied["outcome"]["applied"][0];
    assert_eq!(first["invoices_paid"], json!([1, 2]), "{applied}");
    assert_eq!(first["payment_reference"], payout["payment_reference"]);
    // The books: the bank got the net, Klarna no longer owes the sales, the rest is fees.
    assert_eq!(booked_on(&env, 1930), net);
    assert_eq!(booked_on(&env, 1581), 0);
    assert_eq!(booked_on(&env, 6064), receivable - net);

    // Fetching the same payout again changes nothing.
    env.ok(&["klarna", "settlements"]);
    assert_eq!(booked_on(&env, 1930), net);
    let text = env.ok(&["klarna", "settlements"]);
    assert!(
        text.contains(payout["payment_reference"].as_str().unwrap()),
        "{text}"
    );
}

#[test]
fn a_lost_dispute_is_charged_back_and_a_won_one_is_not() {
    let env = Env::new();
    env.orders(full_customer(), &[service(), service()]);
    let ids = booked_sales(&env, 2);
    let mut krns = Vec::new();
    for id in &ids {
        let d = env.post(
            "/_sim/klarna/disputes",
            json!({"order_id": id, "reason": "goods_not_received"}),
        );
        krns.push(d["dispute_krn"].as_str().unwrap().to_string());
    }
    env.ok(&["dispute", "sync"]);
    let list = env.ok(&["dispute", "list"]);
    assert!(list.contains(&krns[0]) && list.contains(&krns[1]), "{list}");
    // Each line names the order's customer.
    assert_eq!(list.matches("Åsa Öberg").count(), 2, "{list}");
    env.ok(&[
        "dispute",
        "respond",
        &krns[0],
        "--text",
        "Bilen hämtades 2026-11-20",
    ]);

    env.post(
        &format!("/_sim/klarna/disputes/{}/decide", krns[0]),
        json!({"outcome": "won"}),
    );
    env.post(
        &format!("/_sim/klarna/disputes/{}/decide", krns[1]),
        json!({"outcome": "lost"}),
    );
    env.ok(&["dispute", "sync"]);
    let lost_amount = env.klarna_orders()[1]["order"]["captured_amount"]
        .as_i64()
        .unwrap();
    // The lost one's chargeback: a loss on 6351, booked once however often it is synced.
    assert_eq!(booked_on(&env, 6351), lost_amount);
    env.ok(&["dispute", "sync"]);
    assert_eq!(booked_on(&env, 6351), lost_amount);
    let shown = env.ok(&["dispute", "show", &krns[0], "--format", "json"]);
    assert!(shown.to_lowercase().contains("won"), "{shown}");
}

#[test]
fn the_klarna_invoice_prints_the_lines_as_captured_and_a_reprint_is_a_numbered_copy() {
    let env = Env::new();
    env.orders(full_customer(), &[service(), service()]);
    // Not a booked KLARNA order: refused, naming why, before anything is printed.
    let err = env.refused(&["klarna", "print", "10001"]);
    assert!(err.contains("ingen bokförd KLARNA-order"), "{err}");
    env.ok(&["book", "10002", "--method", "FAKTURA"]);
    let err = env.refused(&["--lang", "en", "klarna", "print", "10002"]);
    assert!(err.contains("not a booked KLARNA order"), "{err}");

    booked_sales(&env, 1);
    let shown = env.show(10001);
    let total = total_ore(&shown);
    let no = invoice_no(&shown);
    let (reference, _) = env.attempt(10001);
    let k = env.klarna_order(&reference)["order"].clone();
    let first = env.ok(&["klarna", "print", "10001"]);
    assert!(first.contains("Klarna-faktura"), "{first}");
    assert!(!first.contains("KOPIA"), "{first}");
    // The lines exactly as captured at Klarna: the 1,5 h and 0,5 st lines named as sent.
    for l in k["order_lines"].as_array().unwrap() {
        let name = l["name"].as_str().unwrap();
        assert!(first.contains(name), "{name} missing in\n{first}");
    }
    assert!(first.contains("Service 1,5 tim"), "{first}");
    assert!(first.contains(k["order_id"].as_str().unwrap()), "{first}");
    assert!(first.contains(&reference), "{first}");
    let to_pay = first
        .lines()
        .find(|l| l.contains("Att betala till Klarna"))
        .unwrap_or_else(|| panic!("{first}"));
    let owed = verkstad::domain::Money::from_ore(total).to_string();
    assert!(to_pay.ends_with(&owed), "{to_pay} / {owed}");
    assert!(first.contains("Klarna-appen"), "{first}");
    // Klarna's terms as the sandbox states them (an invoice in 30 days), from the capture day.
    assert!(first.contains("Aktiverad hos Klarna"), "{first}");
    assert!(first.contains("Förfallodag (Klarna)"), "{first}");
    assert!(first.contains("Klarnas villkor: 30 dagar"), "{first}");
    assert!(!first.contains("Bankgiro"), "{first}");
    // Written beside the database, as every printout.
    assert!(
        env.dir
            .path()
            .join(format!("utskrifter/klarnafaktura-{no}.pdf"))
            .exists()
    );

    let second = env.ok(&["klarna", "print", "10001"]);
    assert!(second.contains("KOPIA – utskrift 2"), "{second}");
    let pdf = env.dir.path().join("k.pdf");
    let out = env.ok(&["klarna", "print", "10001", "--out", pdf.to_str().unwrap()]);
    assert!(out.contains("kopia, utskrift 3"), "{out}");
    let text = pdf_extract::extract_text_from_mem(&std::fs::read(&pdf).unwrap()).unwrap();
    assert!(text.contains("KOPIA"), "{text}");
    // Each print is in the audit trail, numbered.
    let conn = rusqlite::Connection::open(env.dir.path().join("v.db")).unwrap();
    let prints: Vec<String> = conn
        .prepare(
            "SELECT after_json FROM audit_events WHERE entity = 'klarna_invoice' \
             AND entity_key = ?1 AND action = 'printed' ORDER BY id",
        )
        .unwrap()
        .query_map([no.to_string()], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(prints.len(), 3);
    assert!(prints[0].contains("\"print_no\":1") && prints[2].contains("\"copy\":true"));
}
