//! The cash register (SFL 39 kap., SKVFS 2014:9) through the real binary on a real SQLite file,
//! with the control unit simulator of the built-in sandbox over HTTP on 127.0.0.1: receipts and
//! their series, copies, returns, training, X and Z reports, the journal, and a control unit that
//! does not answer.

mod common;

use common::cli::{Env, free_port};
use serde_json::{Value, json};

const COMPANY: &str = "[company]\nname = \"Åkes Bil AB\"\norgnr = \"556677-8899\"\nstreet = \"Storgatan 1\"\npostal_code = \"123 45\"\ncity = \"Örebro\"\n\n[register]\nid = \"KASSA-2\"\nchange_float = \"500,00\"\n";

/// `n` KLART orders of 1 000 kr + 25 % (labour 800, a part 200) for a customer with an address
/// and a personnummer; returns their numbers.
fn klart_orders(env: &Env, n: usize) -> Vec<i64> {
    let records: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "customer": {"name": format!("Kund {i}"), "street": "Storgatan 1", "postal_code": "123 45",
                             "city": "Storstad", "national_id": "19811218-9876"},
                "status": "KLART",
                "lines": [
                    {"kind": "arbete", "description": "Byte av bromsbelägg", "quantity": "2", "unit_price": "400"},
                    {"kind": "artikel", "description": "Bromsbelägg", "quantity": 1, "unit_price": "200"}
                ]
            })
        })
        .collect();
    let file = env.write("orders.json", &Value::Array(records).to_string());
    let out = env.run(&["--no-demo", "order", "import", file.to_str().unwrap()]);
    let text = out.ok();
    let list = text.split(": ").nth(1).unwrap().trim();
    list.split(", ").map(|s| s.parse().unwrap()).collect()
}

fn setup(n: usize) -> (Env, Vec<i64>) {
    let env = Env::new();
    env.write("config.toml", COMPANY);
    let nrs = klart_orders(&env, n);
    (env, nrs)
}

fn x_report(env: &Env) -> Value {
    env.run(&["report", "x", "--format", "json"]).json()
}

fn status(env: &Env, nr: i64) -> String {
    env.run(&["order", "show", &nr.to_string(), "--format", "json"])
        .json()["order"]["status"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_cash_sale_gets_a_receipt_with_every_required_item() {
    let (env, nrs) = setup(1);
    let nr = nrs[0].to_string();
    let out = env.run(&["book", &nr, "--method", "KONTANT"]);
    let text = out.ok();
    assert!(
        text.contains("Kvitto 1 registrerat i KASSA-2, kontrollkod "),
        "{text}"
    );
    let receipt = env.run(&["print", &nr]);
    let r = receipt.ok();
    for (what, needle) in [
        ("company name", "Åkes Bil AB"),
        ("org.nr", "556677-8899"),
        ("point of sale", "Storgatan 1"),
        ("receipt number", "1"),
        ("register id", "KASSA-2"),
        ("labour line", "Byte av bromsbelägg"),
        ("part line", "Bromsbelägg"),
        ("labour incl. VAT", "1 000,00"),
        ("part incl. VAT", "250,00"),
        ("total", "1 250,00"),
        ("VAT", "250,00"),
        ("VAT rate", "25"),
        ("payment method", "Kontant"),
    ] {
        assert!(
            r.contains(needle),
            "the receipt lacks the {what} ({needle}):\n{r}"
        );
    }
    let time = regex_time(r);
    assert!(time, "the receipt has the date and the time:\n{r}");
    assert!(
        !r.contains("19811218") && !r.contains("811218-9876"),
        "never the personnummer:\n{r}"
    );
    // The control unit's manufacturing number and the control code are on it.
    let docs = registrations(&env);
    let serial = docs[0]["unit_serial"].as_str().unwrap();
    let code = docs[0]["control_code"].as_str().unwrap();
    assert!(
        serial.contains("SE"),
        "a simulated unit's model says SE: {serial}"
    );
    assert!(
        r.contains(serial),
        "the unit's manufacturing number {serial}:\n{r}"
    );
    assert!(r.contains(code), "the control code {code}:\n{r}");
    // An original prints once.
    env.run(&["print", &nr])
        .refused(&["Kvitto 1", "redan utskrivet", "--copy"]);
}

/// Hours and minutes "HH:MM" after a date "YYYY-MM-DD".
fn regex_time(text: &str) -> bool {
    text.lines().any(|l| {
        l.char_indices().any(|(i, _)| {
            let s = &l[i..];
            s.len() >= 16
                && s.as_bytes()[4] == b'-'
                && s.as_bytes()[7] == b'-'
                && s.as_bytes()[10] == b' '
                && s.as_bytes()[13] == b':'
                && s[..4].chars().all(|c| c.is_ascii_digit())
        })
    })
}

/// What the control unit simulator has registered (its driver), via the journal export.
fn registrations(env: &Env) -> Vec<Value> {
    let out = env.run(&[
        "journal",
        "export",
        "--from",
        "2000-01-01",
        "--to",
        "2100-01-01",
        "--out",
        "-",
    ]);
    out.ok()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|e| e["event"] == "receipt")
        .map(|e| e["document"].clone())
        .collect()
}

#[test]
fn one_copy_marked_kopia_then_refused() {
    let (env, nrs) = setup(1);
    let nr = nrs[0].to_string();
    env.run(&["book", &nr, "--method", "KORT"]).ok();
    env.run(&["print", &nr, "--copy"]).refused(&["originalet"]);
    env.run(&["print", &nr]).ok();
    let copy = env.run(&["print", &nr, "--copy"]);
    assert!(copy.ok().contains("KOPIA"), "{}", copy.stdout);
    env.run(&["print", &nr, "--copy"])
        .refused(&["Kopian", "redan utskriven"]);
    let x = x_report(&env);
    assert_eq!(x["copies"]["count"], 1, "{x}");
    assert_eq!(x["copies"]["amount"], "1250.00", "{x}");
    // An invoice is not a receipt: no copy of it.
    let (env, nrs) = setup(1);
    let nr = nrs[0].to_string();
    env.run(&["book", &nr, "--method", "FAKTURA"]).ok();
    env.run(&["print", &nr]).ok();
    env.run(&["print", &nr]).ok();
    env.run(&["print", &nr, "--copy"])
        .refused(&["inget kvitto"]);
}

#[test]
fn a_return_receipt_reverses_the_sale_exactly() {
    let (env, nrs) = setup(2);
    let nr = nrs[0].to_string();
    env.run(&["book", &nr, "--method", "KONTANT"]).ok();
    let out = env.run(&["return", &nr]);
    assert!(
        out.ok().contains("Returkvitto 2 registrerat"),
        "{}",
        out.stdout
    );
    let docs = registrations(&env);
    let (sale, ret) = (&docs[0], &docs[1]);
    assert_eq!(ret["kind"], "return");
    assert_eq!(ret["original"], 1);
    assert_eq!(sale["total"], "1250.00");
    assert_eq!(ret["total"], "-1250.00");
    let lines = |d: &Value| -> Vec<String> {
        d["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["amount"].as_str().unwrap().to_string())
            .collect()
    };
    let reversed: Vec<String> = lines(sale).iter().map(|a| format!("-{a}")).collect();
    assert_eq!(lines(ret), reversed, "every line reversed to the öre");
    let printed = env.run(&["print", &nr]);
    assert!(printed.ok().contains("RETURKVITTO"), "{}", printed.stdout);
    let x = x_report(&env);
    assert_eq!(x["sales"]["amount"], "1250.00");
    assert_eq!(x["returns"]["amount"], "1250.00");
    assert_eq!(x["net"], "0.00");
    // A FAKTURA sale has no receipt: it is credited, not returned.
    let other = nrs[1].to_string();
    env.run(&["book", &other, "--method", "FAKTURA"]).ok();
    env.run(&["return", &other])
        .refused(&["inget kassakvitto", "verkstad credit"]);
}

#[test]
fn training_receipts_never_reach_the_books_or_the_sales() {
    let (env, nrs) = setup(2);
    let nr = nrs[0].to_string();
    let out = env.run(&["--training", "book", &nr, "--method", "KONTANT"]);
    let text = out.ok();
    assert!(text.contains("ÖVNING"), "{text}");
    assert!(text.contains("oförändrade"), "{text}");
    assert_eq!(status(&env, nrs[0]), "KLART", "the order is as it was");
    // No voucher: the SIE export of today has none.
    env.run(&[
        "export",
        "sie",
        "--from",
        "2000-01-01",
        "--to",
        "2100-01-01",
        "--out",
        "b.se",
    ])
    .ok();
    let sie = std::fs::read(env.dir.path().join("b.se")).unwrap();
    assert!(
        !sie.windows(4).any(|w| w == b"#VER"),
        "no voucher in the SIE file"
    );
    // The real sale after it is receipt 2 (one series), and the figures count only it.
    env.run(&["book", &nrs[1].to_string(), "--method", "KORT"])
        .ok();
    let x = x_report(&env);
    assert_eq!(x["training"]["count"], 1, "{x}");
    assert_eq!(x["training"]["amount"], "1250.00", "{x}");
    assert_eq!(x["sales"]["count"], 1, "{x}");
    assert_eq!(x["sales"]["amount"], "1250.00", "{x}");
    assert_eq!(x["receipts"], 1, "{x}");
    let day = env.run(&["report", "day", "--format", "json"]).json();
    assert_eq!(day["invoices"], 1, "{day}");
    let z = env.run(&["report", "z", "--format", "json"]).json();
    assert_eq!(z["grand"]["sales"], "1250.00", "{z}");
    assert_eq!(z["training"]["count"], 1, "{z}");
    // A credit reaches the books: not in training mode.
    env.run(&["--training", "credit", &nrs[1].to_string()])
        .refused(&["Övningsläge"]);
    assert_eq!(status(&env, nrs[1]), "BOKFÖRD");
}

#[test]
fn z_reports_are_numbered_taken_once_and_never_changed() {
    let (env, nrs) = setup(3);
    env.run(&["book", &nrs[0].to_string(), "--method", "KONTANT"])
        .ok();
    env.run(&["book", &nrs[1].to_string(), "--method", "KORT"])
        .ok();
    let x = x_report(&env);
    assert_eq!(x["kind"], "X");
    assert_eq!(x["no"], Value::Null);
    assert_eq!(x["receipts"], 2);
    assert_eq!(x["change_float"], "500.00");
    assert_eq!(x["drawer_openings"], 1, "the cash sale opened the drawer");
    // X resets nothing.
    assert_eq!(x_report(&env)["receipts"], 2);
    let today = chrono::Local::now().date_naive();
    let earlier = (today - chrono::Days::new(29)).to_string();
    let before = (today - chrono::Days::new(30)).to_string();
    // A Z of an earlier day covers nothing booked today.
    let z1 = env
        .run(&["report", "z", "--date", &earlier, "--format", "json"])
        .json();
    assert_eq!(z1["kind"], "Z");
    assert_eq!(z1["no"], 1);
    assert_eq!(z1["receipts"], 0, "{z1}");
    assert_eq!(
        x_report(&env)["receipts"],
        2,
        "today's receipts are still open"
    );
    let z2 = env.run(&["report", "z", "--format", "json"]).json();
    assert_eq!(z2["no"], 2);
    assert_eq!(z2["receipts"], 2);
    assert_eq!(z2["grand"]["sales"], "2500.00");
    assert_eq!(x_report(&env)["receipts"], 0, "the Z closed the period");
    // The same day again is refused, and a day before the last Z.
    env.run(&["report", "z"]).refused(&["redan tagen", "nr 2"]);
    env.run(&["report", "z", "--date", &before])
        .refused(&[&today.to_string()]);
    let future = (today + chrono::Days::new(1)).to_string();
    env.run(&["report", "z", "--date", &future])
        .refused(&["inte börjat"]);
    // The schema refuses any change of a Z report or a receipt.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let e = conn
        .execute("UPDATE z_reports SET grand_sales_ore = 0", [])
        .unwrap_err();
    assert!(e.to_string().contains("never changed"), "{e}");
    let e = conn.execute("DELETE FROM receipts", []).unwrap_err();
    assert!(e.to_string().contains("never removed"), "{e}");
}

#[test]
fn the_grand_totals_carry_from_z_to_z() {
    let (env, nrs) = setup(3);
    env.run(&["book", &nrs[0].to_string(), "--method", "KONTANT"])
        .ok();
    let today = chrono::Local::now().date_naive();
    let yesterday = today.pred_opt().unwrap().to_string();
    // Yesterday's Z covers nothing (the sale is today's); today's covers the sale.
    let z1 = env
        .run(&["report", "z", "--date", &yesterday, "--format", "json"])
        .json();
    assert_eq!(z1["receipts"], 0, "{z1}");
    let z2 = env.run(&["report", "z", "--format", "json"]).json();
    assert_eq!(z2["no"], 2);
    assert_eq!(z2["receipts"], 1);
    assert_eq!(z2["grand"]["sales"], "1250.00");
    // After the day is closed, a return is the next period's; the grand total net falls.
    env.run(&["return", &nrs[0].to_string()]).ok();
    let x = x_report(&env);
    assert_eq!(x["returns"]["amount"], "1250.00");
    assert_eq!(x["grand"]["sales"], "1250.00");
    assert_eq!(x["grand"]["returns"], "1250.00");
}

#[test]
fn a_control_unit_that_does_not_answer_leaves_nothing_written() {
    let (env, nrs) = setup(2);
    let down = format!("http://127.0.0.1:{}", free_port());
    let nr = nrs[0].to_string();
    let out = env.run_with(
        &["book", &nr, "--method", "KONTANT"],
        &[("VERKSTAD_CONTROL_UNIT_URL", &down)],
    );
    out.expect_code(1);
    assert!(out.stderr.contains("Kontrollenheten"), "{}", out.stderr);
    assert!(
        out.stderr.contains("inget har sparats") || out.stderr.contains("svarar inte"),
        "{}",
        out.stderr
    );
    assert_eq!(status(&env, nrs[0]), "KLART", "nothing booked");
    let day = env.run(&["report", "day", "--format", "json"]).json();
    assert_eq!(day["invoices"], 0, "no invoice written: {day}");
    // A FAKTURA booking needs no control unit.
    env.run_with(
        &["book", &nrs[1].to_string(), "--method", "FAKTURA"],
        &[("VERKSTAD_CONTROL_UNIT_URL", &down)],
    )
    .ok();
    // With the unit back, the cash sale takes receipt 1 and invoice 2: no number was lost.
    let out = env.run(&["book", &nr, "--method", "KONTANT"]);
    let text = out.ok();
    assert!(text.contains("faktura 2"), "{text}");
    assert!(text.contains("Kvitto 1 registrerat"), "{text}");
}

#[test]
fn two_processes_registering_at_once_keep_one_unbroken_series() {
    let (env, nrs) = setup(16);
    // Start the sandbox once, so both processes find it.
    env.run(&["report", "x"]).ok();
    env.run(&["book", &nrs[0].to_string(), "--method", "KORT"])
        .ok();
    let even: Vec<i64> = nrs[1..].iter().copied().step_by(2).collect();
    let odd: Vec<i64> = nrs[1..].iter().copied().skip(1).step_by(2).collect();
    std::thread::scope(|s| {
        for (half, method) in [(&even, "KONTANT"), (&odd, "KORT")] {
            let env = &env;
            s.spawn(move || {
                for nr in half {
                    env.run(&["book", &nr.to_string(), "--method", method]).ok();
                }
            });
        }
    });
    let docs = registrations(&env);
    let mut numbers: Vec<i64> = docs.iter().map(|d| d["no"].as_i64().unwrap()).collect();
    numbers.sort_unstable();
    assert_eq!(
        numbers,
        (1..=16).collect::<Vec<_>>(),
        "no gap, no duplicate"
    );
    let x = x_report(&env);
    assert_eq!(x["receipts"], 16);
    assert_eq!(x["sales"]["amount"], "20000.00");
    assert_eq!(x["first_receipt"], 1);
    assert_eq!(x["last_receipt"], 16);
}

#[test]
fn the_journal_export_holds_every_registration_copy_and_z_report() {
    let (env, nrs) = setup(1);
    let nr = nrs[0].to_string();
    env.run(&["book", &nr, "--method", "KONTANT"]).ok();
    env.run(&["print", &nr]).ok();
    env.run(&["print", &nr, "--copy"]).ok();
    env.run(&["report", "z"]).ok();
    let out = env.run(&[
        "journal",
        "export",
        "--from",
        "2000-01-01",
        "--to",
        "2100-01-01",
    ]);
    assert!(out.ok().contains("3 journalposter"), "{}", out.stdout);
    let file = std::fs::read_to_string(env.dir.path().join("journal-2000-01-01-2100-01-01.jsonl"))
        .unwrap();
    let events: Vec<String> = file
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["event"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(events, ["receipt", "copy", "z_report"]);
    env.run(&[
        "journal",
        "export",
        "--from",
        "2026-12-02",
        "--to",
        "2026-12-01",
    ])
    .refused(&["2026-12-01"]);
}

#[test]
fn a_number_the_unit_saw_in_a_rolled_back_sale_is_used_again() {
    let (env, nrs) = setup(2);
    env.run(&["book", &nrs[0].to_string(), "--method", "KORT"])
        .ok();
    // The unit answered receipt 2 of another sale, but that booking never committed (the answer
    // was lost, the process died): the unit has number 2, the register does not.
    let url = format!(
        "http://127.0.0.1:{}/control-unit/v1/registrations",
        env.sandbox_port
    );
    let lost = json!({"orgnr": "556677-8899", "register_id": "KASSA-2", "receipt_no": 2,
        "at": "2026-11-30T10:00:00", "kind": "normal", "is_return": false,
        "total": "99.00", "vat": [[25, "19.80"]]});
    let answer = ureq::post(&url).send_json(&lost).unwrap();
    assert_eq!(answer.status(), 201);
    // The next sale takes number 2 and is registered: the counter is never stuck on a number.
    let out = env.run(&["book", &nrs[1].to_string(), "--method", "KONTANT"]);
    assert!(out.ok().contains("Kvitto 2 registrerat"), "{}", out.stdout);
    let x = x_report(&env);
    assert_eq!(x["receipts"], 2);
    assert_eq!(
        x["sales"]["amount"], "2500.00",
        "the lost sale is not ours: {x}"
    );
}

#[test]
fn a_pro_forma_receipt_says_ej_kvitto_and_sells_nothing() {
    let (env, nrs) = setup(1);
    let nr = nrs[0].to_string();
    let out = env.run(&["print", &nr, "--pro-forma"]);
    let text = out.ok();
    assert!(text.contains("EJ KVITTO"), "{text}");
    assert!(text.contains("1 250,00"), "what the sale would be: {text}");
    assert_eq!(status(&env, nrs[0]), "KLART", "nothing booked");
    let x = x_report(&env);
    assert_eq!(x["pro_forma"]["count"], 1, "{x}");
    assert_eq!(x["sales"]["count"], 0, "{x}");
    // It took a number of the one series: the sale is receipt 2.
    let out = env.run(&["book", &nr, "--method", "KORT"]);
    assert!(out.ok().contains("Kvitto 2 registrerat"), "{}", out.stdout);
    env.run(&["print", &nr, "--pro-forma", "--copy"])
        .expect_code(2);
}
