//! The counter's actions on the command line (`order new`, `order line add|set|rm`, `customer
//! show|set`) and demo versus real databases (`init`, `demo`, the DEMO marks), through the real
//! binary on a real SQLite file. Every refusal is checked for its message, its exit code and that
//! nothing was written.

mod common;

use common::cli::{Env, Run};
use serde_json::{Value, json};

/// [`Run::refused`] for `--lang en`: exit code 2, nothing on stdout, one `error:` line.
trait RefusedEn {
    fn refused_en(&self, needles: &[&str]) -> &Self;
}

impl RefusedEn for Run {
    #[track_caller]
    fn refused_en(&self, needles: &[&str]) -> &Run {
        self.expect_code(2);
        assert_eq!(self.stdout, "", "nothing may be printed to stdout");
        assert!(
            self.stderr.starts_with("error: "),
            "stderr: {}",
            self.stderr
        );
        for n in needles {
            assert!(
                self.stderr.contains(n),
                "stderr lacks {n:?}: {}",
                self.stderr
            );
        }
        self
    }
}

/// A demo database (the first start seeds it), as a newcomer gets it.
fn demo_env() -> Env {
    let env = Env::new();
    env.run(&["order", "list"]).ok();
    env
}

fn show(env: &Env, nr: i64) -> Value {
    env.run(&["order", "show", &nr.to_string(), "--format", "json"])
        .json()
}

/// The first order with this status, by `order list`.
fn order_with_status(env: &Env, status: &str) -> i64 {
    let rows = env
        .run(&[
            "order",
            "list",
            "--status",
            status,
            "--columns",
            "nr",
            "--format",
            "json",
            "--limit",
            "1",
        ])
        .json();
    rows[0]["nr"]
        .as_i64()
        .unwrap_or_else(|| panic!("the demo data has a {status} order: {rows}"))
}

/// A new ÖPPEN order for customer 10001 with no lines; its number.
fn new_order(env: &Env) -> i64 {
    let d = env
        .run(&["order", "new", "--customer", "10001", "--format", "json"])
        .json();
    d["order"]["nr"].as_i64().expect("order number")
}

fn lines(d: &Value) -> &Vec<Value> {
    d["order"]["lines"].as_array().expect("lines")
}

/// The SIE file of every voucher (code page 437 bytes).
fn export_sie(env: &Env) -> Vec<u8> {
    let path = env.dir.path().join("export.si");
    env.run(&[
        "export",
        "sie",
        "--from",
        "2000-01-01",
        "--to",
        "2099-12-31",
        "--out",
        path.to_str().unwrap(),
    ])
    .ok();
    std::fs::read(path).unwrap()
}

fn sie_fnamn(bytes: &[u8]) -> String {
    // Code page 437: the company name line is ASCII apart from å, ä, ö.
    let text: String = bytes.iter().map(|&b| b as char).collect();
    text.lines()
        .find(|l| l.starts_with("#FNAMN"))
        .expect("#FNAMN")
        .to_string()
}

// ---------------------------------------------------------------------------------------------
// order new

#[test]
fn order_new_for_an_existing_customer_and_for_a_new_one() {
    let env = demo_env();
    let out = env.run(&[
        "order",
        "new",
        "--customer",
        "10001",
        "--plate",
        "xyz 987",
        "--make",
        "Land Rover",
        "--model",
        "Defender",
    ]);
    let text = out.ok();
    assert!(text.starts_with("Order "), "{text}");
    assert!(text.contains("skapad (ÖPPEN)."), "{text}");
    assert!(text.contains("XYZ987  Land Rover Defender"), "{text}");

    let d = env
        .run(&[
            "order",
            "new",
            "--name",
            "Test Testsson",
            "--mobile",
            "070-123 45 67",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(d["order"]["status"], "ÖPPEN");
    assert_eq!(d["customer"]["name"], "Test Testsson");
    assert_eq!(d["customer"]["mobile"], "+46701234567");
    assert!(d["order"]["lines"].as_array().unwrap().is_empty());
    // The same name and mobile again: the same customer.
    let again = env
        .run(&[
            "order",
            "new",
            "--name",
            "Test Testsson",
            "--mobile",
            "0701234567",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(
        again["customer"]["customer_no"],
        d["customer"]["customer_no"]
    );
}

#[test]
fn order_new_refuses_bad_input_and_writes_nothing() {
    let env = demo_env();
    let before = env.run(&[]).ok().to_string();
    env.run(&["order", "new", "--customer", "99999"])
        .refused(&["Kund 99999 finns inte"]);
    env.run(&["order", "new", "--customer", "tio"])
        .refused(&["\"tio\" är inget kundnummer"]);
    env.run(&["order", "new"])
        .refused(&["Ange kunden: --customer NR", "--name och --mobile"]);
    env.run(&["order", "new", "--name", "Ny Kund", "--mobile", "12345"])
        .refused(&["12345"]);
    env.run(&["order", "new", "--name", " ", "--mobile", "0701234567"])
        .refused(&["namn"]);
    env.run(&["order", "new", "--customer", "10001", "--plate", "ÅÄÖ!!"])
        .refused(&["ÅÄÖ!!"]);
    env.run(&["--lang", "en", "order", "new", "--customer", "99999"])
        .refused_en(&["Customer 99999 does not exist"]);
    assert_eq!(env.run(&[]).ok(), before, "nothing was written");
}

// ---------------------------------------------------------------------------------------------
// order line add | set | rm

#[test]
fn lines_are_added_changed_and_removed_as_at_the_counter() {
    let env = demo_env();
    let nr = new_order(&env);
    let n = nr.to_string();

    // An article from the register: text, unit, price and VAT from the register.
    let out = env.run(&[
        "order",
        "line",
        "add",
        &n,
        "--article",
        "A100",
        "--qty",
        "1,5",
    ]);
    let text = out.ok();
    assert!(
        text.starts_with(&format!("Rad 1 tillagd i order {nr}.")),
        "{text}"
    );
    assert!(text.contains("Service enligt tillverkarens"), "{text}");
    let d = show(&env, nr);
    assert_eq!(lines(&d).len(), 1);
    assert_eq!(lines(&d)[0]["article_no"], "A100");
    assert_eq!(lines(&d)[0]["quantity"], "1.5");
    assert_eq!(lines(&d)[0]["unit"], "tim");
    assert_eq!(lines(&d)[0]["kind"], "arbete");

    // A free text with quantity, price, VAT, unit, kind and discount.
    let d = env
        .run(&[
            "order",
            "line",
            "add",
            &n,
            "--text",
            "Hyrbil",
            "--qty",
            "2",
            "--price",
            "350,50",
            "--vat",
            "25",
            "--unit",
            "dygn",
            "--kind",
            "övrigt",
            "--discount",
            "10",
            "--format",
            "json",
        ])
        .json();
    let l = &lines(&d)[1];
    assert_eq!(l["description"], "Hyrbil");
    assert_eq!(l["unit"], "dygn");
    assert_eq!(l["kind"], "ovrigt");
    assert_eq!(l["unit_price"], "350.50");
    assert_eq!(l["discount"], "10");
    assert!(l["article_no"].is_null());

    // Change only the quantity of line 2: everything else stays.
    let d = env
        .run(&[
            "order", "line", "set", &n, "2", "--qty", "3", "--format", "json",
        ])
        .json();
    let changed = &lines(&d)[1];
    assert_eq!(changed["quantity"], "3");
    for key in [
        "description",
        "unit",
        "kind",
        "unit_price",
        "discount",
        "vat",
    ] {
        assert_eq!(changed[key], l[key], "{key} kept");
    }

    // Another article on line 1: the register's text and price, the quantity kept.
    let d = env
        .run(&[
            "order",
            "line",
            "set",
            &n,
            "1",
            "--article",
            "A110",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(lines(&d)[0]["article_no"], "A110");
    assert_eq!(lines(&d)[0]["description"], "Felsökning");
    assert_eq!(lines(&d)[0]["quantity"], "1.5");
    assert_eq!(lines(&d)[0]["unit_price"], "995.00");

    // Remove line 1: the free-text line is left, as line 1.
    let out = env.run(&["order", "line", "rm", &n, "1"]);
    assert!(
        out.ok()
            .starts_with(&format!("Rad 1 borttagen ur order {nr}.")),
        "{}",
        out.stdout
    );
    let d = show(&env, nr);
    assert_eq!(lines(&d).len(), 1);
    assert_eq!(lines(&d)[0]["description"], "Hyrbil");
    // 3 × 350,50 − 10 % = 946,35 net, + 25 % = 1 182,94 (rounded to öre).
    assert_eq!(d["totals"]["net"], "946.35");

    // Every change is in the audit trail as a line change (not checked here in detail), and
    // the order can be completed like any other.
    env.run(&["order", "complete", &n]).ok();
}

#[test]
fn bad_line_input_is_refused_naming_what_is_wrong_and_nothing_is_written() {
    let env = demo_env();
    let nr = new_order(&env);
    let n = nr.to_string();
    env.run(&["order", "line", "add", &n, "--article", "A100"])
        .ok();
    env.run(&[
        "order",
        "line",
        "add",
        &n,
        "--text",
        "Torkarblad",
        "--qty",
        "2",
        "--price",
        "99",
    ])
    .ok();
    let before = show(&env, nr);
    let overview = env.run(&[]).ok().to_string();

    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (
            vec!["add", "99999", "--article", "A100"],
            vec!["Order 99999 finns inte"],
        ),
        (
            vec!["add", "tio", "--article", "A100"],
            vec!["\"tio\" är inget ordernummer"],
        ),
        (
            vec!["add", &n, "--article", "X999"],
            vec!["Okänt artikelnummer \"X999\"", "artikelregistret"],
        ),
        (
            vec!["add", &n, "--article", "A100", "--qty", "två"],
            vec!["antal: \"två\" är inte ett tal"],
        ),
        (
            vec!["add", &n, "--article", "A100", "--qty", "0"],
            vec!["antal:", "större än noll"],
        ),
        (
            vec![
                "add", &n, "--text", "Olja", "--qty", "1", "--price", "gratis",
            ],
            vec!["à-pris: \"gratis\" är inte ett tal"],
        ),
        (
            vec!["add", &n, "--text", "Olja", "--qty", "1", "--price=-5"],
            vec!["à-pris:", "negativt"],
        ),
        (
            vec![
                "add", &n, "--text", "Olja", "--qty", "1", "--price", "10", "--vat", "13",
            ],
            vec!["moms: momssatsen 13 % finns inte"],
        ),
        (
            vec![
                "add",
                &n,
                "--text",
                "Olja",
                "--qty",
                "1",
                "--price",
                "10",
                "--discount",
                "150",
            ],
            vec!["rabatt:", "mellan 0 och 100"],
        ),
        (
            vec![
                "add", &n, "--text", "Olja", "--qty", "1", "--price", "10", "--kind", "mat",
            ],
            vec!["okänd radtyp \"mat\""],
        ),
        (
            vec!["add", &n, "--text", "Olja"],
            vec!["behöver antal och à-pris"],
        ),
        (
            vec!["add", &n],
            vec!["Ange artikelnummer (--article) eller en text (--text)"],
        ),
        (
            vec!["set", &n, "3", "--qty", "2"],
            vec!["Rad 3 finns inte (ordern har 2 rader)"],
        ),
        (
            vec!["set", &n, "ett", "--qty", "2"],
            vec!["\"ett\" är inget radnummer"],
        ),
        (vec!["set", &n, "1"], vec!["Inget att ändra"]),
        (
            vec!["set", &n, "1", "--qty", "två"],
            vec!["antal: \"två\" är inte ett tal"],
        ),
        (
            vec!["set", &n, "1", "--article", "X999"],
            vec!["Okänt artikelnummer \"X999\""],
        ),
        (
            vec!["set", "99999", "1", "--qty", "2"],
            vec!["Order 99999 finns inte"],
        ),
        (vec!["rm", &n, "0"], vec!["\"0\" är inget radnummer"]),
        (
            vec!["rm", &n, "7"],
            vec!["Rad 7 finns inte (ordern har 2 rader)"],
        ),
        (vec!["rm", "99999", "1"], vec!["Order 99999 finns inte"]),
    ];
    for (args, needles) in cases {
        let mut full = vec!["order", "line"];
        full.extend(args.iter().copied());
        env.run(&full).refused(&needles);
    }
    // English.
    env.run(&[
        "--lang",
        "en",
        "order",
        "line",
        "add",
        &n,
        "--article",
        "A100",
        "--qty",
        "två",
    ])
    .refused_en(&["quantity: \"två\" is not a number"]);
    env.run(&[
        "--lang",
        "en",
        "order",
        "line",
        "add",
        &n,
        "--article",
        "X999",
    ])
    .refused_en(&["Unknown article number \"X999\""]);

    assert_eq!(
        show(&env, nr),
        before,
        "the order is unchanged (version too)"
    );
    assert_eq!(env.run(&[]).ok(), overview);
}

#[test]
fn a_locked_order_refuses_line_changes_saying_why_and_how_to_unlock() {
    let env = demo_env();
    let cases = [
        (
            "MOBILBET",
            "är låst: ett betalnings-SMS är skickat. Annullera det först: verkstad pay cancel",
        ),
        (
            "BOKFÖRD",
            "är låst: den är bokförd. Kreditera fakturan först: verkstad credit",
        ),
        (
            "KREDITERAD",
            "är låst: den är krediterad. Öppna den igen först: verkstad pay cancel",
        ),
    ];
    for (status, why) in cases {
        let nr = order_with_status(&env, status);
        let n = nr.to_string();
        let before = show(&env, nr);
        let head = format!("Order {nr} {why}");
        let unlock = format!(" {nr} (Ctrl+");
        env.run(&["order", "line", "add", &n, "--article", "A100"])
            .refused(&[&head, &unlock]);
        env.run(&["order", "line", "set", &n, "1", "--qty", "5"])
            .refused(&[&head]);
        env.run(&["order", "line", "rm", &n, "1"]).refused(&[&head]);
        // Locked comes first, even before bad input.
        env.run(&[
            "order",
            "line",
            "add",
            &n,
            "--article",
            "A100",
            "--qty",
            "två",
        ])
        .refused(&[&head]);
        assert_eq!(show(&env, nr), before, "{status} order unchanged");
    }
    let nr = order_with_status(&env, "MOBILBET");
    env.run(&["--lang", "en", "order", "line", "rm", &nr.to_string(), "1"])
        .refused_en(&[&format!(
            "Order {nr} is locked: a payment SMS has been sent. Cancel it first: verkstad pay cancel {nr} (Ctrl+U)"
        )]);
}

// ---------------------------------------------------------------------------------------------
// customer show | set

#[test]
fn customer_show_and_set_change_only_what_is_given() {
    let env = demo_env();
    let before = env
        .run(&["customer", "show", "10001", "--format", "json"])
        .json();
    assert_eq!(before["customer_no"], 10001);
    let text = env.run(&["customer", "show", "10001"]).ok().to_string();
    assert!(text.starts_with("Kundnr         10001\n"), "{text}");
    assert!(text.contains(&format!(
        "Namn           {}",
        before["name"].as_str().unwrap()
    )));

    let out = env.run(&[
        "customer",
        "set",
        "10001",
        "--mobile",
        "070-765 43 21",
        "--email",
        "kund@exempel.se",
        "--street",
        "Ny gata 2",
        "--postal-code",
        "411 02",
        "--city",
        "Göteborg",
        "--national-id",
        "811218-9876",
    ]);
    let text = out.ok();
    assert!(text.starts_with("Kund 10001 ändrad.\n"), "{text}");
    assert!(text.contains("070-765 43 21"), "{text}");
    assert!(text.contains("Ny gata 2, 411 02 Göteborg"), "{text}");
    let after = env
        .run(&["customer", "show", "10001", "--format", "json"])
        .json();
    assert_eq!(after["name"], before["name"], "the name was not given");
    assert_eq!(after["mobile"], "+46707654321");
    assert_eq!(after["email"], "kund@exempel.se");
    assert_eq!(after["address"]["city"], "Göteborg");
    assert!(
        after["national_id"].to_string().contains("9876"),
        "{}",
        after["national_id"]
    );
    // The order list finds the customer by the new mobile number.
    let found = env
        .run(&[
            "order",
            "list",
            "--filter",
            "0707654321",
            "--columns",
            "customer_no",
            "--format",
            "json",
        ])
        .json();
    assert!(
        found
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["customer_no"] == 10001),
        "{found}"
    );
    // An empty e-mail removes it; the name changes alone.
    let d = env
        .run(&[
            "customer",
            "set",
            "10001",
            "--email",
            "",
            "--name",
            "Anna  Nyman",
            "--format",
            "json",
        ])
        .json();
    assert!(d["email"].is_null());
    assert_eq!(d["name"], "Anna Nyman");
    assert_eq!(d["mobile"], "+46707654321");
}

#[test]
fn customer_bad_input_is_refused_and_nothing_is_written() {
    let env = demo_env();
    let before = env
        .run(&["customer", "show", "10001", "--format", "json"])
        .json();
    env.run(&["customer", "show", "99999"])
        .refused(&["Kund 99999 finns inte"]);
    env.run(&["customer", "show", "kalle"])
        .refused(&["\"kalle\" är inget kundnummer"]);
    env.run(&["customer", "set", "99999", "--name", "X"])
        .refused(&["Kund 99999 finns inte"]);
    env.run(&["customer", "set", "10001"])
        .refused(&["Inget att ändra"]);
    env.run(&["customer", "set", "10001", "--mobile", "12345"])
        .refused(&["12345"]);
    env.run(&["customer", "set", "10001", "--national-id", "811218-9875"])
        .refused(&["811218-9875"]);
    env.run(&["customer", "set", "10001", "--email", "inte-en-adress"])
        .refused(&["\"inte-en-adress\" är ingen giltig e-postadress"]);
    env.run(&["customer", "set", "10001", "--name", "  "])
        .refused(&["Kundens namn saknas"]);
    // One bad field among good ones: nothing of it is written.
    env.run(&[
        "customer",
        "set",
        "10001",
        "--city",
        "Lund",
        "--mobile",
        "070-765 43 21",
        "--email",
        "fel@",
    ])
    .refused(&["fel@"]);
    env.run(&["--lang", "en", "customer", "set", "10001", "--name", ""])
        .refused_en(&["The customer's name is missing"]);
    assert_eq!(
        env.run(&["customer", "show", "10001", "--format", "json"])
            .json(),
        before
    );
}

// ---------------------------------------------------------------------------------------------
// Demo versus real databases

#[test]
fn the_first_start_is_a_demo_database_marked_demo_on_printouts_and_in_the_sie_file() {
    let env = Env::new();
    let first = env.run(&["order", "list"]);
    first.ok();
    assert!(first.stderr.contains("DEMO-databas"), "{}", first.stderr);
    let overview = env.run(&[]).ok().to_string();
    assert!(overview.contains("Typ: DEMO"), "{overview}");

    let nr = order_with_status(&env, "BOKFÖRD");
    let printed = env.run(&["print", &nr.to_string()]);
    let text = printed.ok();
    assert!(
        text.starts_with("*** DEMO – ej giltig faktura ***"),
        "{text}"
    );
    let pdfs: Vec<_> = std::fs::read_dir(env.dir.path().join("utskrifter"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert_eq!(pdfs.len(), 1);
    let pdf = pdf_extract::extract_text_from_mem(&std::fs::read(&pdfs[0]).unwrap()).unwrap();
    assert!(pdf.contains("DEMO – ej giltig faktura"), "{pdf}");
    let out = env.dir.path().join("kvitto.txt");
    env.run(&["print", &nr.to_string(), "--out", out.to_str().unwrap()])
        .ok();
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("*** DEMO")
    );

    let sie = export_sie(&env);
    let fnamn = sie_fnamn(&sie);
    assert!(fnamn.ends_with(" DEMO\""), "{fnamn}");

    // English.
    let en = env.run(&["--lang", "en", "print", &nr.to_string()]);
    assert!(en.ok().starts_with("*** DEMO – not a valid invoice ***"));
    // More demo data goes into a demo database.
    env.run(&["demo", "--orders", "5"]).ok();
}

#[test]
fn demo_on_a_real_database_is_refused_and_writes_nothing() {
    let env = Env::new();
    let file = env.write(
        "o.json",
        &json!([{
            "customer": {"name": "Riktig Kund"},
            "status": "KLART",
            "lines": [{"description": "Arbete", "quantity": "1", "unit_price": "800"}]
        }])
        .to_string(),
    );
    env.run(&["--no-demo", "order", "import", file.to_str().unwrap()])
        .ok();
    env.run(&["book", "10001", "--method", "KORT"]).ok();
    let overview = env.run(&[]).ok().to_string();
    assert!(overview.contains("Typ: riktig databas"), "{overview}");
    let bytes = std::fs::read(env.db()).unwrap();

    env.run(&["demo", "--orders", "5"]).refused(&[
        "är en riktig databas",
        "demodata skrivs aldrig in i den",
        "verkstad --db demo.db demo",
    ]);
    env.run(&["--lang", "en", "demo", "--orders", "5"])
        .refused_en(&["is a real database", "nothing was changed"]);

    assert_eq!(
        std::fs::read(env.db()).unwrap(),
        bytes,
        "file bytes unchanged"
    );
    assert_eq!(env.run(&[]).ok(), overview);
}

#[test]
fn init_makes_a_real_database_that_says_demo_nowhere() {
    let env = Env::new();
    env.write(
        "config.toml",
        "# Kassan vid disken\nlang = \"sv\" # svenska\n\n[list]\ncolumns = [\"nr\", \"customer_name\", \"status\"]\n",
    );
    let out = env.run(&[
        "init",
        "--name",
        "Bilverkstaden i Storstad AB",
        "--orgnr",
        "5566778899",
        "--street",
        "Verkstadsvägen 1",
        "--postal-code",
        "123 45",
        "--city",
        "Storstad",
        "--bankgiro",
        "5050-1055",
    ]);
    let text = out.ok();
    assert!(text.starts_with("Riktig databas klar: "), "{text}");
    assert!(!out.stderr.contains("demodata skapad"), "{}", out.stderr);
    let config = std::fs::read_to_string(env.dir.path().join("config.toml")).unwrap();
    assert!(
        config.starts_with("# Kassan vid disken\nlang = \"sv\" # svenska\n"),
        "{config}"
    );
    assert!(config.contains("columns = [\"nr\", \"customer_name\", \"status\"]"));
    assert!(config.contains("[company]"), "{config}");
    assert!(
        config.contains("name = \"Bilverkstaden i Storstad AB\""),
        "{config}"
    );
    assert!(config.contains("orgnr = \"556677-8899\""), "{config}");

    // The next start does not seed demo data: the database stays empty and real.
    let overview = env.run(&[]).ok().to_string();
    assert!(overview.contains("Typ: riktig databas"), "{overview}");
    assert!(overview.contains("0 ordrar"), "{overview}");
    // Demo data is refused even while it is empty.
    env.run(&["demo", "--orders", "5"])
        .refused(&["är en riktig databas"]);

    // A sale, booked and printed, exported: no DEMO anywhere.
    let d = env
        .run(&["order", "new", "--name", "Riktig Kund", "--format", "json"])
        .json();
    let nr = d["order"]["nr"].as_i64().unwrap().to_string();
    env.run(&[
        "order", "line", "add", &nr, "--text", "Arbete", "--qty", "1", "--price", "800",
    ])
    .ok();
    env.run(&["order", "complete", &nr]).ok();
    env.run(&["book", &nr, "--method", "KONTANT"]).ok();
    let printed = env.run(&["print", &nr]);
    let text = printed.ok();
    assert!(text.contains("Bilverkstaden i Storstad AB"), "{text}");
    assert!(!text.contains("DEMO"), "{text}");
    let pdf_dir = env.dir.path().join("utskrifter");
    for entry in std::fs::read_dir(&pdf_dir).unwrap() {
        let p = entry.unwrap().path();
        let content = if p.extension().is_some_and(|e| e == "pdf") {
            pdf_extract::extract_text_from_mem(&std::fs::read(&p).unwrap()).unwrap()
        } else {
            std::fs::read_to_string(&p).unwrap()
        };
        assert!(!content.contains("DEMO"), "{}: {content}", p.display());
    }
    let sie = export_sie(&env);
    assert_eq!(sie_fnamn(&sie), "#FNAMN \"Bilverkstaden i Storstad AB\"");
    assert!(!sie.windows(4).any(|w| w == b"DEMO"));
    let overview = env.run(&[]).ok().to_string();
    assert!(!overview.contains("DEMO"), "{overview}");
}

#[test]
fn init_refuses_a_demo_database_one_with_orders_and_bad_company_details() {
    // Bad details: nothing is created.
    let env = Env::new();
    env.run(&[
        "init",
        "--name",
        "Verkstan AB",
        "--orgnr",
        "556677-8898",
        "--street",
        "Gatan 1",
        "--postal-code",
        "123 45",
        "--city",
        "Storstad",
    ])
    .refused(&["--orgnr: "]);
    env.run(&[
        "init",
        "--name",
        "Verkstan AB",
        "--orgnr",
        "556677-8899",
        "--city",
        "Storstad",
    ])
    .refused(&["Företagets adress saknas", "--street, --postal-code"]);
    env.run(&[
        "init",
        "--orgnr",
        "556677-8899",
        "--street",
        "Gatan 1",
        "--postal-code",
        "123 45",
        "--city",
        "Storstad",
    ])
    .refused(&["--name: företagets namn saknas"]);
    assert!(!env.db().exists(), "no database made");
    assert!(
        !env.dir.path().join("config.toml").exists(),
        "no config written"
    );

    // A demo database.
    let demo = demo_env();
    let bytes = std::fs::read(demo.db()).unwrap();
    demo.run(&[
        "init",
        "--name",
        "Verkstan AB",
        "--orgnr",
        "556677-8899",
        "--street",
        "Gatan 1",
        "--postal-code",
        "123 45",
        "--city",
        "Storstad",
    ])
    .refused(&["är en demodatabas", "Välj en ny fil", "--db"]);
    assert_eq!(std::fs::read(demo.db()).unwrap(), bytes);
    assert!(!demo.dir.path().join("config.toml").exists());

    // A database with orders.
    let env = Env::new();
    let file = env.write(
        "o.json",
        &json!([{"customer": {"name": "Kund"}}]).to_string(),
    );
    env.run(&["--no-demo", "order", "import", file.to_str().unwrap()])
        .ok();
    env.run(&[
        "init",
        "--name",
        "Verkstan AB",
        "--orgnr",
        "556677-8899",
        "--street",
        "Gatan 1",
        "--postal-code",
        "123 45",
        "--city",
        "Storstad",
    ])
    .refused(&["har redan ordrar", "Välj en annan fil med --db"]);
    assert!(!env.dir.path().join("config.toml").exists());
}
