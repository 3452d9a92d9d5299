//! End-to-end tests of the `verkstad` command line: the real binary against a real SQLite file in
//! a temporary folder. Each test checks what a user sees (message, exit code, output) and, for
//! refused input, that nothing was written.

mod common;

use std::path::Path;

use serde_json::{Value, json};

/// Every column key, in the order `verkstad columns` lists them.
const ALL_KEYS: [&str; 19] = [
    "nr",
    "customer_no",
    "customer_name",
    "regnr",
    "make_model",
    "status",
    "total",
    "payment_method",
    "payment_received",
    "payment_received_at",
    "created_at",
    "updated_at",
    "mobile",
    "invoice_no",
    "booked_at",
    "pay_provider",
    "pay_state",
    "invoice_paid",
    "invoice_paid_at",
];

use common::cli::Env;

impl Env {
    /// A fresh database without demo data, holding the orders of [`known_orders`].
    fn with_known_orders() -> Env {
        let env = Env::new();
        let file = env.write("known.json", &known_orders().to_string());
        let out = env.run(&["--no-demo", "order", "import", path_str(&file)]);
        assert_eq!(
            out.ok(),
            "11 ordrar importerade: 10001, 10002, 10003, 10004, 10005, 10006, 10007, 10008, 10009, 10010, 10011\n"
        );
        env
    }

    /// `order list --format json` with every column, up to 1000 rows unless `extra` gives a limit.
    fn list(&self, extra: &[&str]) -> Vec<Value> {
        let all = ALL_KEYS.join(",");
        let mut args = vec!["order", "list", "--format", "json", "--columns", &all];
        if !extra.contains(&"--limit") {
            args.extend_from_slice(&["--limit", "1000"]);
        }
        args.extend_from_slice(extra);
        match self.run(&args).json() {
            Value::Array(rows) => rows,
            other => panic!("order list did not give an array: {other}"),
        }
    }

    /// Order numbers of `order list` with `extra` arguments, in list order.
    fn list_nrs(&self, extra: &[&str]) -> Vec<i64> {
        self.list(extra).iter().map(nr_of).collect()
    }

    /// Everything a user can see of the database: the overview and the full list.
    fn snapshot(&self) -> (String, Vec<Value>) {
        (self.run(&[]).ok().to_string(), self.list(&[]))
    }

    /// `order show NR --format json`.
    fn show(&self, nr: i64) -> Value {
        self.run(&["order", "show", &nr.to_string(), "--format", "json"])
            .json()
    }
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

fn nr_of(row: &Value) -> i64 {
    row["nr"]
        .as_i64()
        .unwrap_or_else(|| panic!("no nr in {row}"))
}

/// A list total ("1914.38") in öre.
fn ore_of(row: &Value) -> i64 {
    let s = row["total"]
        .as_str()
        .unwrap_or_else(|| panic!("no total in {row}"));
    s.replace('.', "")
        .parse()
        .unwrap_or_else(|_| panic!("bad total {s:?}"))
}

fn status_of(row: &Value) -> &str {
    row["status"]
        .as_str()
        .unwrap_or_else(|| panic!("no status in {row}"))
}

/// One line at 25 % with a free description.
fn line(description: &str, quantity: Value, unit_price: &str) -> Value {
    json!({"kind": "artikel", "description": description, "quantity": quantity, "unit_price": unit_price})
}

/// A record that is valid on its own.
fn valid_record() -> Value {
    json!({
        "customer": {"name": "Åsa Öberg", "national_id": "640823-3234", "mobile": "070-123 45 67"},
        "vehicle": {"regnr": "ABC123"},
        "lines": [line("Oljefilter", json!(1), "189,00")]
    })
}

/// Known data for the filter, sort and status tests (order numbers 10001–10011):
///
/// | nr          | customer                  | plate  | status | total    |
/// |-------------|---------------------------|--------|--------|----------|
/// | 10001       | Åsa Öberg, 070-123 45 67  | ABC123 | ÖPPEN  | 1914.38  |
/// | 10002       | Bertil Nyström, 073-…     | BCD456 | KLART  | 125.00   |
/// | 10003       | Kjell Åberg               | KLM78A | ÖPPEN  | 625.00   |
/// | 10004       | Åsa Öberg (same customer) | XYZ98A | KLART  | 1250.00  |
/// | 10005–10011 | Fia Lund                  | –      | ÖPPEN  | 12.50×k  |
fn known_orders() -> Value {
    let mut records = vec![
        json!({
            "customer": {"name": "Åsa Öberg", "mobile": "070-123 45 67"},
            "vehicle": {"regnr": "abc 123", "make": "Volvo", "model": "V70"},
            "lines": [
                {"kind": "arbete", "description": "Service", "quantity": "1,5", "unit_price": "895,00"},
                line("Oljefilter", json!(1), "189,00"),
            ]
        }),
        json!({
            "customer": {"name": "Bertil Nyström", "mobile": "073-555 12 34"},
            "vehicle": {"regnr": "BCD456"},
            "status": "KLART",
            "lines": [line("Torkarblad", json!(1), "100")]
        }),
        json!({
            "customer": {"name": "Kjell Åberg"},
            "vehicle": {"regnr": "KLM78A"},
            "lines": [line("Bromsbelägg", json!(2), "250")]
        }),
        json!({
            "customer": {"name": "Åsa Öberg", "mobile": "+46701234567"},
            "vehicle": {"regnr": "XYZ98A"},
            "status": "KLART",
            "lines": [line("Kamrem", json!(1), "1000")]
        }),
    ];
    for k in 1..=7 {
        records.push(json!({
            "customer": {"name": "Fia Lund"},
            "lines": [line("Spolarvätska", json!(k), "10")]
        }));
    }
    Value::Array(records)
}

/// Import `[valid_record(), bad]` into a fresh, empty database and check that the whole file is
/// refused with exit code 2, a message naming record 2 and every one of `needles`, and that
/// nothing was written.
#[track_caller]
fn assert_second_record_rejected(bad: Value, needles: &[&str]) {
    let env = Env::new();
    env.run(&["--no-demo", "order", "list"]).ok();
    let before = env.snapshot();
    let file = env.write(
        "bad.json",
        &Value::Array(vec![valid_record(), bad]).to_string(),
    );
    let out = env.run(&["order", "import", path_str(&file)]);
    let mut all = vec!["Post 2: "];
    all.extend_from_slice(needles);
    out.refused(&all);
    assert_eq!(env.snapshot(), before, "a refused file must write nothing");
    assert!(env.list(&[]).is_empty());
}

// ---------------------------------------------------------------------------------------------
// First start and demo data

#[test]
fn first_start_seeds_200_demo_orders_in_every_status() {
    let env = Env::new();
    let keys = "nr,status,payment_method,payment_received,payment_received_at";
    let out = env.run(&[
        "order",
        "list",
        "--format",
        "json",
        "--limit",
        "500",
        "--columns",
        keys,
    ]);
    assert!(
        out.stderr
            .contains("Ny databas: demodata skapad (200 ordrar"),
        "stderr: {}",
        out.stderr
    );
    let rows = match out.json() {
        Value::Array(rows) => rows,
        other => panic!("{other}"),
    };
    assert_eq!(rows.len(), 200);
    for row in &rows {
        let keys_of_row: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys_of_row, keys.split(',').collect::<Vec<_>>());
    }
    for status in ["ÖPPEN", "KLART", "MOBILBET", "BOKFÖRD", "KREDITERAD"] {
        assert!(
            rows.iter().any(|r| status_of(r) == status),
            "no order in status {status}"
        );
    }
    let mobile_paid: Vec<&Value> = rows
        .iter()
        .filter(|r| r["payment_method"] == "MOBIL" && r["payment_received"] == true)
        .collect();
    assert!(!mobile_paid.is_empty(), "no order paid by mobile");
    for r in &mobile_paid {
        let at = r["payment_received_at"]
            .as_str()
            .unwrap_or_else(|| panic!("paid without time: {r}"));
        assert!(
            at.ends_with('Z') && at.len() == 20,
            "not RFC 3339 UTC: {at}"
        );
    }
    // Unpaid orders have no payment time.
    assert!(
        rows.iter()
            .filter(|r| r["payment_received"] == false)
            .all(|r| r["payment_received_at"].is_null())
    );

    // The second start does not seed again.
    let again = env.run(&[
        "order",
        "list",
        "--format",
        "json",
        "--limit",
        "500",
        "--columns",
        "nr",
    ]);
    assert_eq!(again.stderr, "");
    assert_eq!(again.json().as_array().map(Vec::len), Some(200));
}

#[test]
fn no_demo_gives_an_empty_database() {
    let env = Env::new();
    let out = env.run(&["--no-demo", "order", "list", "--format", "json"]);
    assert_eq!(out.ok(), "[]\n");
    assert_eq!(out.stderr, "");
    let overview = env.run(&[]);
    assert!(
        overview.ok().contains("0 ordrar, 0 kunder, 0 fordon"),
        "{}",
        overview.stdout
    );
}

#[test]
fn demo_is_deterministic_for_seed_and_day() {
    let all = ALL_KEYS.join(",");
    let csv = |seed: &str| {
        let env = Env::new();
        let made = env.run(&[
            "demo",
            "--orders",
            "300",
            "--seed",
            seed,
            "--today",
            "2026-11-20",
        ]);
        assert!(
            made.ok().starts_with("Demodata skapad: 300 ordrar med "),
            "{}",
            made.stdout
        );
        assert!(made.stdout.contains(&format!("(frö {seed})")));
        // `demo` on a new database does not seed the first-start set as well.
        assert!(!made.stderr.contains("Ny databas"), "{}", made.stderr);
        env.run(&[
            "order",
            "list",
            "--format",
            "csv",
            "--limit",
            "1000",
            "--columns",
            &all,
        ])
        .ok()
        .to_string()
    };
    let first = csv("7");
    let lines: Vec<&str> = first.lines().collect();
    assert_eq!(lines.len(), 301, "header and 300 orders");
    assert_eq!(lines[0], all);
    assert!(lines[1].starts_with("10300,"), "{}", lines[1]);
    // The newest orders are from the given day.
    assert!(lines[1].contains(",2026-11-20T"), "{}", lines[1]);
    assert_eq!(csv("7"), first, "same seed and day, same data");
    assert_ne!(csv("8"), first, "another seed, other data");
}

#[test]
fn demo_refuses_a_bad_date() {
    let env = Env::new();
    env.run(&["demo", "--orders", "5", "--today", "2026-13-01"])
        .refused(&["\"2026-13-01\" är inget datum (ÅÅÅÅ-MM-DD)"]);
    assert!(
        !env.db().exists(),
        "a refused command must not create the database"
    );
}

// ---------------------------------------------------------------------------------------------
// Import

#[test]
fn import_creates_orders_with_normalised_ids_and_exact_totals() {
    // A demo database, so that the article register is there.
    let env = Env::new();
    env.run(&["order", "list"]).ok();
    let file = env.write(
        "orders.json",
        &json!([
            {
                "customer": {
                    "name": "Åsa Öberg",
                    "national_id": "640823-3234",
                    "mobile": "070-123 45 67",
                    "street": "Storgatan 1", "postal_code": "411 01", "city": "Göteborg"
                },
                "vehicle": {"regnr": "abc 123", "make": "Volvo", "model": "V70", "year": 2012, "mileage": 123456},
                "lines": [
                    {"kind": "arbete", "description": "Service", "quantity": "1,5", "unit_price": "895,00"},
                    {"article_no": "OF-1021", "quantity": 1}
                ]
            },
            {
                "customer": {"name": "Bertil Nyström", "mobile": "073-555 12 34"},
                "vehicle": {"regnr": "XYZ98A"},
                "status": "KLART",
                "lines": [
                    {"description": "Småartiklar", "quantity": 1.5, "unit_price": "33,33"},
                    {"kind": "övrigt", "description": "Hyrbil", "quantity": 2, "unit_price": "49.90", "vat": 12}
                ]
            }
        ])
        .to_string(),
    );
    let out = env.run(&["order", "import", path_str(&file)]);
    assert_eq!(out.ok(), "2 ordrar importerade: 10201, 10202\n");
    assert_eq!(env.list(&[]).len(), 202);

    let d = env.show(10201);
    let o = &d["order"];
    assert_eq!(o["status"], "ÖPPEN");
    assert_eq!(o["regnr"], "ABC123");
    assert_eq!(o["payment_received"], false);
    assert_eq!(d["customer"]["name"], "Åsa Öberg");
    assert_eq!(d["customer"]["mobile"], "+46701234567");
    assert_eq!(d["customer"]["national_id"], "19640823-3234");
    assert_eq!(d["customer"]["address"]["city"], "Göteborg");
    assert_eq!(d["vehicle"]["regnr"], "ABC123");
    assert_eq!(d["vehicle"]["make"], "Volvo");
    assert_eq!(d["vehicle"]["mileage"], 123456);
    let lines = o["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["kind"], "arbete");
    assert_eq!(lines[0]["quantity"], "1.5");
    assert_eq!(lines[0]["unit"], "tim");
    // The article number fills description, unit, price and kind from the register.
    assert_eq!(lines[1]["article_no"], "OF-1021");
    assert_eq!(lines[1]["description"], "Oljefilter");
    assert_eq!(lines[1]["unit_price"], "189.00");
    assert_eq!(lines[1]["unit"], "st");
    assert_eq!(lines[1]["kind"], "artikel");
    // 1,5 × 895,00 + 1 × 189,00 = 1531,50; VAT 25 % = 382,875 → 382,88.
    assert_eq!(
        d["totals"],
        json!({
            "per_rate": [{"rate": 25, "net": "1531.50", "vat": "382.88"}],
            "outlays": "0.00", "net": "1531.50", "vat": "382.88", "total": "1914.38"
        })
    );
    let text = env.run(&["order", "show", "10201"]);
    assert!(
        text.ok().starts_with("Order 10201  ÖPPEN"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("070-123 45 67"));
    let to_pay = text
        .stdout
        .lines()
        .find(|l| l.starts_with("Att betala"))
        .unwrap();
    assert!(to_pay.ends_with("1 914,38"), "{to_pay}");

    let d = env.show(10202);
    assert_eq!(d["order"]["status"], "KLART");
    assert_eq!(d["customer"]["mobile"], "+46735551234");
    assert_eq!(d["order"]["lines"][0]["quantity"], "1.5");
    // Line nets to öre first: 1,5 × 33,33 = 49,995 → 50,00. VAT per rate on the sum:
    // 25 %: 12,50; 12 %: 99,80 × 0,12 = 11,976 → 11,98.
    assert_eq!(
        d["totals"],
        json!({
            "per_rate": [
                {"rate": 25, "net": "50.00", "vat": "12.50"},
                {"rate": 12, "net": "99.80", "vat": "11.98"}
            ],
            "outlays": "0.00", "net": "149.80", "vat": "24.48", "total": "174.28"
        })
    );
    // The list shows the same totals.
    let rows = env.list(&["--limit", "2"]);
    let totals: Vec<(i64, i64)> = rows.iter().map(|r| (nr_of(r), ore_of(r))).collect();
    assert_eq!(totals, vec![(10202, 17_428), (10201, 191_438)]);
}

#[test]
fn import_refuses_malformed_json_with_its_line() {
    let env = Env::new();
    env.run(&["--no-demo", "order", "list"]).ok();
    let before = env.snapshot();
    let text = format!(
        "[\n  {},\n  {{\"customer\": {{\"name\": \"Bertil\"}} \"status\": \"KLART\"}}\n]\n",
        valid_record()
    );
    let file = env.write("bad.json", &text);
    env.run(&["order", "import", path_str(&file)])
        .refused(&["Filen är inte giltig JSON", "(rad 3, kolumn"]);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn import_refuses_a_bad_personnummer() {
    assert_second_record_rejected(
        json!({"customer": {"name": "Bertil", "national_id": "640823-3235"}}),
        &["Ogiltigt personnummer \"640823-3235\": kontrollsiffran stämmer inte"],
    );
}

/// Seen refused: a person over 100 in the 12-digit form with `+`. The written century wins.
#[test]
fn import_accepts_a_twelve_digit_personnummer_with_plus() {
    let env = Env::new();
    let file = env.write(
        "orders.json",
        &json!([{
            "customer": {"name": "Greta Hundra", "national_id": "19090527+1474", "mobile": "070-123 45 67"},
            "lines": [{"description": "Service", "quantity": 1, "unit_price": "100"}]
        }])
        .to_string(),
    );
    let out = env.run(&["order", "import", path_str(&file)]);
    let nr: i64 = out
        .ok()
        .trim()
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{}", out.stdout));
    assert_eq!(env.show(nr)["customer"]["national_id"], "19090527-1474");
}

#[test]
fn import_refuses_a_negative_quantity() {
    assert_second_record_rejected(
        json!({"customer": {"name": "Bertil"}, "lines": [line("x", json!("-1"), "10")]}),
        &["antalet måste vara större än noll (\"-1\")"],
    );
}

#[test]
fn import_refuses_an_unknown_article_number_without_description() {
    assert_second_record_rejected(
        json!({
            "customer": {"name": "Per Persson"},
            "lines": [{"article_no": "NOPE-1", "quantity": 1}]
        }),
        &["rad 1", "okänt artikelnummer \"NOPE-1\""],
    );
}

#[test]
fn import_refuses_an_absurd_order_total() {
    let huge = line("Guldfälg", json!("100000000"), "100000000");
    assert_second_record_rejected(
        json!({
            "customer": {"name": "Per Persson"},
            "lines": [huge.clone(), huge]
        }),
        &["orimligt stor"],
    );
}

#[test]
fn import_refuses_an_unknown_line_kind() {
    assert_second_record_rejected(
        json!({
            "customer": {"name": "Bertil"},
            "lines": [{"kind": "tjänst", "description": "x", "quantity": 1, "unit_price": 10}]
        }),
        &["rad 1: okänd radtyp \"tjänst\""],
    );
}

#[test]
fn import_refuses_an_invalid_plate() {
    assert_second_record_rejected(
        json!({"customer": {"name": "Bertil"}, "vehicle": {"regnr": "AB123"}}),
        &["Ogiltigt registreringsnummer \"AB123\""],
    );
}

#[test]
fn import_refuses_a_landline_as_mobile() {
    assert_second_record_rejected(
        json!({"customer": {"name": "Bertil", "mobile": "08-123 45 67"}}),
        &["\"08-123 45 67\" är inte ett svenskt mobilnummer"],
    );
}

#[test]
fn import_refuses_an_unknown_field() {
    assert_second_record_rejected(
        json!({"customer": {"name": "Bertil"}, "colour": "röd"}),
        &["felaktig post", "colour"],
    );
}

#[test]
fn import_refuses_a_complete_order_without_lines() {
    assert_second_record_rejected(
        json!({"customer": {"name": "Bertil"}, "status": "KLART"}),
        &["Ordern har inga rader"],
    );
}

#[test]
fn import_refuses_a_status_that_cannot_be_imported() {
    assert_second_record_rejected(
        json!({"customer": {"name": "Bertil"}, "status": "BOKFÖRD", "lines": [line("x", json!(1), "1")]}),
        &["status BOKFÖRD kan inte importeras"],
    );
}

#[test]
fn import_names_the_record_in_english_too() {
    let env = Env::new();
    let bad = json!({"customer": {"name": "Bertil", "national_id": "640823-3235"}});
    let file = env.write(
        "bad.json",
        &Value::Array(vec![valid_record(), bad]).to_string(),
    );
    let out = env.run(&[
        "--no-demo",
        "--lang",
        "en",
        "order",
        "import",
        path_str(&file),
    ]);
    out.expect_code(2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .starts_with("error: Record 2: Invalid personal identity number \"640823-3235\""),
        "{}",
        out.stderr
    );
    assert!(env.list(&[]).is_empty());
}

#[test]
fn import_refuses_an_object_instead_of_an_array() {
    let env = Env::new();
    env.run(&["--no-demo", "order", "list"]).ok();
    let before = env.snapshot();
    let file = env.write("bad.json", &json!({"orders": [valid_record()]}).to_string());
    env.run(&["order", "import", path_str(&file)])
        .refused(&["Filen ska innehålla en JSON-lista med ordrar"]);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn import_of_a_missing_file_says_so() {
    let env = Env::new();
    env.run(&["--no-demo", "order", "list"]).ok();
    let before = env.snapshot();
    env.run(&["order", "import", "finns-inte.json"])
        .refused(&["Kunde inte läsa finns-inte.json"]);
    assert_eq!(env.snapshot(), before);
}

// ---------------------------------------------------------------------------------------------
// Listing: bad arguments

#[test]
fn list_refuses_bad_arguments_without_output() {
    let env = Env::new();
    let all_keys = ALL_KEYS.join(", ");
    let cases: [(&[&str], &[&str]); 7] = [
        (
            &["--columns", "nr,betald"],
            &["Okänd kolumn \"betald\"", all_keys.as_str()],
        ),
        (&["--columns", " , "], &["Inga kolumner valda"]),
        (
            &["--sort", "nope"],
            &["Okänd kolumn \"nope\"", all_keys.as_str()],
        ),
        (
            &["--sort", "total:up"],
            &["Okänd sorteringsriktning \"up\""],
        ),
        (
            &["--status", "BETALD"],
            &["Okänd status \"BETALD\"", "ÖPPEN, KLART"],
        ),
        (
            &["--paid", "maybe"],
            &["--paid tar yes eller no, inte \"maybe\""],
        ),
        (&["--format", "xml"], &["Okänt format \"xml\""]),
    ];
    for (args, needles) in cases {
        let mut full = vec!["order", "list"];
        full.extend_from_slice(args);
        env.run(&full).refused(needles);
        // Checked before the database is opened: nothing is created or seeded.
        assert!(!env.db().exists(), "{args:?} created the database");
    }
    // The same in English.
    let out = env.run(&["--lang", "en", "order", "list", "--columns", "nr,betald"]);
    out.expect_code(2);
    assert!(
        out.stderr
            .starts_with("error: Unknown column \"betald\". Columns: nr, customer_no"),
        "{}",
        out.stderr
    );
}

#[test]
fn unknown_language_is_refused() {
    let env = Env::new();
    env.run(&["--lang", "de", "columns"])
        .refused(&["Okänt språk \"de\" (sv eller en)"]);
}

// ---------------------------------------------------------------------------------------------
// Show

#[test]
fn show_of_a_missing_order_says_it_does_not_exist() {
    let env = Env::new();
    env.run(&["--no-demo", "order", "list"]).ok();
    env.run(&["order", "show", "99999"])
        .refused(&["Order 99999 finns inte"]);
    let en = env.run(&["--lang", "en", "order", "show", "99999"]);
    en.expect_code(2);
    assert_eq!(en.stdout, "");
    assert_eq!(en.stderr, "error: Order 99999 does not exist\n");
}

#[test]
fn show_refuses_what_is_not_an_order_number() {
    let env = Env::new();
    env.run(&["--no-demo", "order", "list"]).ok();
    for nr in ["abc", "0", "-5", "99999999999999999999"] {
        env.run(&["order", "show", "--", nr])
            .refused(&[&format!("\"{nr}\" är inget ordernummer")]);
    }
    env.run(&["order", "show", "10001", "--format", "xml"])
        .refused(&["Okänt format \"xml\" (text eller json)"]);
}

#[test]
fn bad_arguments_are_refused_before_a_database_is_created() {
    let env = Env::new();
    env.run(&["order", "show", "abc"])
        .refused(&["\"abc\" är inget ordernummer"]);
    env.run(&["order", "complete", "x1"])
        .refused(&["\"x1\" är inget ordernummer"]);
    env.run(&["order", "show", "10001", "--format", "xml"])
        .refused(&["Okänt format"]);
    env.run(&["order", "list", "--columns", "nr,betald"])
        .refused(&["betald"]);
    assert!(
        !env.db().exists(),
        "no database (and no demo data) for a refused command"
    );
}

// ---------------------------------------------------------------------------------------------
// Columns

#[test]
fn columns_lists_every_key_with_both_headers() {
    let env = Env::new();
    let out = env.run(&["columns"]);
    let lines: Vec<&str> = out.ok().lines().collect();
    assert_eq!(lines.len(), 1 + ALL_KEYS.len());
    let keys: Vec<&str> = lines[1..]
        .iter()
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(keys, ALL_KEYS);
    let line_of = |key: &str| {
        *lines[1..]
            .iter()
            .find(|l| l.split_whitespace().next() == Some(key))
            .unwrap()
    };
    let received = line_of("payment_received");
    assert!(
        received.contains("Betalning mottagen") && received.ends_with("Payment received"),
        "{received}"
    );
    let received_at = line_of("payment_received_at");
    assert!(
        received_at.contains("Tidpunkt för mottagen betalning")
            && received_at.ends_with("Time payment received"),
        "{received_at}"
    );
    assert!(line_of("total").contains("Belopp inkl. moms"));
    // Needs no database.
    assert!(!env.db().exists());
}

// ---------------------------------------------------------------------------------------------
// Listing: filter, quick filters, sort

#[test]
fn filter_by_name_is_case_insensitive_with_swedish_letters() {
    let env = Env::with_known_orders();
    assert_eq!(env.list_nrs(&["--filter", "öberg"]), vec![10004, 10001]);
    assert_eq!(env.list_nrs(&["--filter", "ÖBERG"]), vec![10004, 10001]);
    assert_eq!(
        env.list_nrs(&["--filter", "  åSA   öberg "]),
        vec![10004, 10001]
    );
    assert_eq!(env.list_nrs(&["--filter", "Åberg"]), vec![10003]);
    assert_eq!(env.list_nrs(&["--filter", "nyström"]), vec![10002]);
    let rows = env.list(&["--filter", "öberg"]);
    assert!(rows.iter().all(|r| r["customer_name"] == "Åsa Öberg"));
    assert!(env.list(&["--filter", "Oberg"]).is_empty());
}

#[test]
fn filter_by_part_of_a_plate() {
    let env = Env::with_known_orders();
    assert_eq!(env.list_nrs(&["--filter", "bc12"]), vec![10001]);
    assert_eq!(env.list_nrs(&["--filter", "XYZ98a"]), vec![10004]);
    let rows = env.list(&["--filter", "bc12"]);
    assert_eq!(rows[0]["regnr"], "ABC123");
    assert_eq!(rows[0]["make_model"], "Volvo V70");
}

#[test]
fn filter_by_a_plate_typed_with_space_or_dash() {
    let env = Env::with_known_orders();
    assert_eq!(env.list_nrs(&["--filter", "ABC 123"]), vec![10001]);
    assert_eq!(env.list_nrs(&["--filter", "klm-78a"]), vec![10003]);
}

#[test]
fn filter_by_mobile_in_national_and_international_form() {
    let env = Env::with_known_orders();
    assert_eq!(env.list_nrs(&["--filter", "070-123"]), vec![10004, 10001]);
    assert_eq!(env.list_nrs(&["--filter", "+4670123"]), vec![10004, 10001]);
    assert_eq!(
        env.list_nrs(&["--filter", "070 123 45 67"]),
        vec![10004, 10001]
    );
    assert_eq!(env.list_nrs(&["--filter", "073-555"]), vec![10002]);
    let rows = env.list(&["--filter", "070-123"]);
    assert!(rows.iter().all(|r| r["mobile"] == "+46701234567"));
}

#[test]
fn filter_by_order_number_prefix() {
    let env = Env::with_known_orders();
    // No customer number or mobile contains "1001": only orders 10010 and 10011 start with it.
    assert_eq!(env.list_nrs(&["--filter", "1001"]), vec![10011, 10010]);
    assert_eq!(env.list_nrs(&["--filter", "10011"]), vec![10011]);
    assert!(env.list(&["--filter", "nobody"]).is_empty());
}

#[test]
fn filter_by_status() {
    let env = Env::with_known_orders();
    assert_eq!(env.list_nrs(&["--status", "KLART"]), vec![10004, 10002]);
    assert_eq!(
        env.list_nrs(&["--status", "klart", "--filter", "öberg"]),
        vec![10004]
    );
    assert_eq!(env.list(&["--status", "oppen"]).len(), 9);
    assert!(env.list(&["--status", "BOKFÖRD"]).is_empty());
}

#[test]
fn filter_by_paid() {
    // Demo data has both paid and unpaid orders.
    let env = Env::new();
    let paid = env.list(&["--paid", "yes"]);
    let unpaid = env.list(&["--paid", "no"]);
    assert!(!paid.is_empty() && !unpaid.is_empty());
    assert!(
        paid.iter()
            .all(|r| r["payment_received"] == true && r["payment_received_at"].is_string())
    );
    assert!(unpaid.iter().all(|r| r["payment_received"] == false));
    assert_eq!(paid.len() + unpaid.len(), 200);
    assert_eq!(env.list(&["--paid", "ja"]), paid);
    assert_eq!(env.list(&["--paid", "nej"]), unpaid);

    // Imported orders are unpaid.
    let env = Env::with_known_orders();
    assert_eq!(env.list(&["--paid", "no"]).len(), 11);
    assert!(env.list(&["--paid", "yes"]).is_empty());
}

#[test]
fn sort_by_total_descending_and_ascending() {
    let env = Env::with_known_orders();
    let desc = env.list(&["--sort", "total:desc"]);
    let nrs: Vec<i64> = desc.iter().map(nr_of).collect();
    assert_eq!(
        nrs,
        vec![
            10001, 10004, 10003, 10002, 10011, 10010, 10009, 10008, 10007, 10006, 10005
        ]
    );
    let totals: Vec<i64> = desc.iter().map(ore_of).collect();
    assert_eq!(totals[..4], [191_438, 125_000, 62_500, 12_500]);
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
    let mut asc = env.list_nrs(&["--sort", "total"]);
    asc.reverse();
    assert_eq!(asc, nrs);
    assert_eq!(
        env.list_nrs(&["--sort", "total:desc", "--limit", "2"]),
        vec![10001, 10004]
    );

    // The same on demo data.
    let demo = Env::new();
    let totals: Vec<i64> = demo
        .list(&["--sort", "total:desc"])
        .iter()
        .map(ore_of)
        .collect();
    assert_eq!(totals.len(), 200);
    assert!(totals.windows(2).all(|w| w[0] >= w[1]), "{totals:?}");
}

#[test]
fn list_formats_show_the_same_orders() {
    let env = Env::with_known_orders();
    let table = env.run(&[
        "order",
        "list",
        "--columns",
        "nr,customer_name,total",
        "--filter",
        "bc12",
    ]);
    let lines: Vec<&str> = table.ok().lines().collect();
    assert_eq!(lines.len(), 3, "{}", table.stdout);
    assert!(lines[0].contains("Kundnamn") && lines[0].contains("Belopp inkl. moms"));
    assert!(
        lines[2].starts_with("10001  Åsa Öberg") && lines[2].ends_with("1 914,38"),
        "{}",
        lines[2]
    );
    let csv = env.run(&[
        "order",
        "list",
        "--format",
        "csv",
        "--columns",
        "nr,customer_name,total",
        "--filter",
        "bc12",
    ]);
    assert_eq!(
        csv.ok(),
        "nr,customer_name,total\n10001,Åsa Öberg,1914.38\n"
    );
    let en = env.run(&[
        "--lang",
        "en",
        "order",
        "list",
        "--columns",
        "nr,total",
        "--filter",
        "bc12",
    ]);
    assert!(en.ok().lines().next().unwrap().contains("Amount incl. VAT"));
}

// ---------------------------------------------------------------------------------------------
// Complete

#[test]
fn complete_moves_an_open_order_with_lines_to_klart() {
    let env = Env::with_known_orders();
    let out = env.run(&["order", "complete", "10001"]);
    assert_eq!(out.ok(), "Order 10001 är KLART.\n");
    assert_eq!(env.show(10001)["order"]["status"], "KLART");
    assert_eq!(
        env.list_nrs(&["--status", "KLART"]),
        vec![10004, 10002, 10001]
    );
    // Nothing else changed.
    assert_eq!(env.show(10003)["order"]["status"], "ÖPPEN");
    assert_eq!(
        env.show(10001)["order"]["lines"].as_array().map(Vec::len),
        Some(2)
    );
}

#[test]
fn complete_refuses_an_order_without_lines() {
    let env = Env::new();
    let file = env.write(
        "orders.json",
        &json!([valid_record(), {"customer": {"name": "Bertil"}}]).to_string(),
    );
    env.run(&["--no-demo", "order", "import", path_str(&file)])
        .ok();
    let before = env.snapshot();
    env.run(&["order", "complete", "10002"])
        .refused(&["Ordern har inga rader"]);
    assert_eq!(env.snapshot(), before);
    assert_eq!(env.show(10002)["order"]["status"], "ÖPPEN");
    let en = env.run(&["--lang", "en", "order", "complete", "10002"]);
    en.expect_code(2);
    assert_eq!(en.stderr, "error: The order has no lines\n");
}

#[test]
fn complete_refuses_an_order_that_is_already_klart() {
    let env = Env::with_known_orders();
    env.run(&["order", "complete", "10001"]).ok();
    let before = env.snapshot();
    env.run(&["order", "complete", "10001"])
        .refused(&["Det går inte att markera som klar en order med status KLART"]);
    env.run(&["order", "complete", "10002"])
        .refused(&["status KLART"]);
    assert_eq!(
        env.snapshot(),
        before,
        "a refused change must write nothing"
    );
}

#[test]
fn complete_of_a_missing_order_or_bad_number() {
    let env = Env::with_known_orders();
    let before = env.snapshot();
    env.run(&["order", "complete", "99999"])
        .refused(&["Order 99999 finns inte"]);
    env.run(&["order", "complete", "abc"])
        .refused(&["\"abc\" är inget ordernummer"]);
    assert_eq!(env.snapshot(), before);
}

// ---------------------------------------------------------------------------------------------
// Database from a newer program

#[test]
fn newer_schema_is_refused_and_left_untouched() {
    let env = Env::new();
    env.run(&["--no-demo", "order", "list"]).ok();
    {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let file = env.write("orders.json", &json!([valid_record()]).to_string());
    let commands: [&[&str]; 6] = [
        &[],
        &["order", "list"],
        &["order", "show", "10001"],
        &["order", "complete", "10001"],
        &["order", "import", path_str(&file)],
        &["demo", "--orders", "5"],
    ];
    for args in commands {
        let out = env.run(args);
        out.expect_code(1);
        assert_eq!(out.stdout, "", "{args:?}");
        assert!(
            out.stderr
                .starts_with("fel: Databasen har schemaversion 99")
                && out.stderr.contains("känner bara till version"),
            "{args:?}: {}",
            out.stderr
        );
    }
    let en = env.run(&["--lang", "en", "order", "list"]);
    en.expect_code(1);
    assert!(
        en.stderr
            .starts_with("error: The database has schema version 99"),
        "{}",
        en.stderr
    );

    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 99);
    let orders: i64 = conn
        .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))
        .unwrap();
    assert_eq!(orders, 0, "nothing may be written to a newer database");
}

// ---------------------------------------------------------------------------------------------
// Robustness

#[test]
fn odd_input_never_panics() {
    let env = Env::with_known_orders();
    for filter in [
        "%",
        "_",
        "\\",
        "%_\\'\"",
        "😀",
        "ÅÄÖåäö",
        "++++",
        "()",
        "0",
        "99999999999999999999999",
    ] {
        env.run(&["order", "list", "--filter", filter]).ok();
    }
    assert!(
        env.list(&["--filter", "%"]).is_empty(),
        "LIKE wildcards are literal"
    );
    assert!(
        env.list(&["--filter", "_"]).is_empty(),
        "LIKE wildcards are literal"
    );
    env.run(&["order", "list", "--limit", "0"]).ok();
    env.run(&["order", "list", "--limit", "18446744073709551615"])
        .ok();
    env.run(&["order", "list", "--sort", ""]).expect_code(2);
    env.run(&["order", "list", "--sort", ":"]).expect_code(2);
    for text in [
        "",
        "[",
        "null",
        "[null]",
        "[[]]",
        "[{}]",
        "\u{0}",
        "[1e999]",
        "[{\"customer\": 5}]",
    ] {
        let file = env.write("odd.json", text);
        env.run(&["order", "import", path_str(&file)])
            .expect_code(2);
    }
    assert_eq!(env.list(&[]).len(), 11);
}
