//! The invoice fields of ML 2023:200 17 kap. 24 § on the command line, through the real binary:
//! `customer set --vat-no --reverse-charge`, utlägg lines (`order line add --kind utlägg`),
//! `init --seat`, and a reverse-charge sale with an utlägg booked, printed, exported and
//! credited. Every refusal exits 2, names what is wrong and writes nothing.

mod common;

use common::cli::Env;
use rust_decimal::Decimal;
use serde_json::Value;

/// A demo database (the first start seeds it), as a newcomer gets it.
fn demo_env() -> Env {
    let env = Env::new();
    env.run(&["order", "list"]).ok();
    env
}

fn customer(env: &Env, no: &str) -> Value {
    env.run(&["customer", "show", no, "--format", "json"])
        .json()
}

fn show(env: &Env, nr: &str) -> Value {
    env.run(&["order", "show", nr, "--format", "json"]).json()
}

/// A new ÖPPEN order for customer 10001 with no lines; its number.
fn new_order(env: &Env) -> String {
    let d = env
        .run(&["order", "new", "--customer", "10001", "--format", "json"])
        .json();
    d["order"]["nr"].as_i64().expect("order number").to_string()
}

#[test]
fn customer_set_takes_the_buyers_vat_number_and_reverse_charge() {
    let env = demo_env();
    let out = env.run(&[
        "customer",
        "set",
        "10001",
        "--vat-no",
        "se 5566 7788 9901",
        "--reverse-charge",
        "yes",
    ]);
    let text = out.ok();
    assert!(text.contains("Momsreg.nr     SE556677889901\n"), "{text}");
    assert!(text.contains("Omvänd moms    ja\n"), "{text}");
    let c = customer(&env, "10001");
    assert_eq!(c["vat_no"], "SE556677889901");
    assert_eq!(c["reverse_charge"], true);
    // In English.
    let text = env
        .run(&["--lang", "en", "customer", "show", "10001"])
        .ok()
        .to_string();
    assert!(text.contains("VAT no.        SE556677889901\n"), "{text}");
    assert!(text.contains("Reverse charge yes\n"), "{text}");

    // Reverse charge ends; the number stays until it is emptied.
    let c = env
        .run(&[
            "customer",
            "set",
            "10001",
            "--reverse-charge",
            "nej",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(c["reverse_charge"], false);
    assert_eq!(c["vat_no"], "SE556677889901");
    let c = env
        .run(&[
            "customer", "set", "10001", "--vat-no", "", "--format", "json",
        ])
        .json();
    assert!(c["vat_no"].is_null(), "{c}");
    // A foreign number.
    let c = env
        .run(&[
            "customer",
            "set",
            "10001",
            "--vat-no",
            "DK 1234 5678",
            "--format",
            "json",
        ])
        .json();
    assert_eq!(c["vat_no"], "DK12345678");
}

#[test]
fn bad_vat_numbers_and_answers_are_refused_before_anything_is_written() {
    // Checked before the database is opened: a refused command creates no database.
    let env = Env::new();
    env.run(&["customer", "set", "10001", "--vat-no", "SE123"])
        .refused(&["--vat-no", "SE123", "SE556677889901"]);
    env.run(&["customer", "set", "10001", "--vat-no", "SE556677889801"])
        .refused(&["--vat-no", "kontrollsiffran"]);
    env.run(&["customer", "set", "10001", "--vat-no", "12345678"])
        .refused(&["--vat-no", "landskoden"]);
    env.run(&["customer", "set", "10001", "--reverse-charge", "kanske"])
        .refused(&["--reverse-charge", "kanske", "ja eller nej"]);
    let en = env.run(&["--lang", "en", "customer", "set", "10001", "--vat-no", "X1"]);
    en.expect_code(2);
    assert!(
        en.stderr.contains("Invalid VAT number \"X1\""),
        "{}",
        en.stderr
    );
    assert!(!env.db().exists(), "a refused command made a database");

    // Reverse charge needs the buyer's VAT number.
    let env = demo_env();
    let before = customer(&env, "10001");
    assert!(before["vat_no"].is_null());
    env.run(&["customer", "set", "10001", "--reverse-charge", "ja"])
        .refused(&["Omvänd betalningsskyldighet", "momsregistreringsnummer"]);
    env.run(&[
        "customer",
        "set",
        "10001",
        "--city",
        "Lund",
        "--reverse-charge",
        "yes",
    ])
    .refused(&["momsregistreringsnummer"]);
    assert_eq!(customer(&env, "10001"), before, "nothing was written");
    // Nor can the number go while reverse charge stays.
    env.run(&[
        "customer",
        "set",
        "10001",
        "--vat-no",
        "DK12345678",
        "--reverse-charge",
        "ja",
    ])
    .ok();
    env.run(&["customer", "set", "10001", "--vat-no", ""])
        .refused(&["momsregistreringsnummer"]);
    assert_eq!(customer(&env, "10001")["vat_no"], "DK12345678");
}

#[test]
fn an_utlagg_line_is_added_at_zero_vat_and_refused_with_another_rate_or_a_discount() {
    let env = demo_env();
    let nr = new_order(&env);
    let d = env
        .run(&[
            "order",
            "line",
            "add",
            &nr,
            "--text",
            "Besiktningsavgift",
            "--price",
            "450",
            "--qty",
            "1",
            "--kind",
            "utlägg",
            "--format",
            "json",
        ])
        .json();
    let line = &d["order"]["lines"][0];
    assert_eq!(line["kind"], "utlägg");
    assert_eq!(line["vat"], 0);
    assert_eq!(line["description"], "Besiktningsavgift");
    // Outside the VAT basis: in the total, not in the VAT rows.
    assert_eq!(d["totals"]["outlays"], "450.00");
    assert_eq!(d["totals"]["total"], "450.00");
    assert_eq!(d["totals"]["per_rate"], Value::Array(vec![]));
    let text = env.run(&["order", "show", &nr]).ok().to_string();
    assert!(text.contains("Utlägg (ingen moms)"), "{text}");

    let bad = [
        (vec!["--vat", "25"], vec!["0 % moms", "inte 25 %"]),
        (vec!["--discount", "10"], vec!["rabatt"]),
    ];
    for (extra, needles) in bad {
        let mut args = vec![
            "order",
            "line",
            "add",
            &nr,
            "--text",
            "Bärgning",
            "--price",
            "1200",
            "--qty",
            "1",
            "--kind",
            "utlägg",
        ];
        args.extend(extra);
        env.run(&args).refused(&needles);
    }
    env.run(&[
        "--lang",
        "en",
        "order",
        "line",
        "add",
        &nr,
        "--text",
        "Towing",
        "--price",
        "1200",
        "--qty",
        "1",
        "--kind",
        "disbursement",
        "--vat",
        "12",
    ])
    .expect_code(2);
    assert_eq!(
        show(&env, &nr)["order"]["lines"].as_array().unwrap().len(),
        1
    );

    // A line made an utlägg gets 0 %.
    env.run(&[
        "order",
        "line",
        "add",
        &nr,
        "--text",
        "Bärgning",
        "--price",
        "1200",
        "--qty",
        "1",
    ])
    .ok();
    assert_eq!(show(&env, &nr)["order"]["lines"][1]["vat"], 25);
    let d = env
        .run(&[
            "order", "line", "set", &nr, "2", "--kind", "utlägg", "--format", "json",
        ])
        .json();
    assert_eq!(d["order"]["lines"][1]["kind"], "utlägg");
    assert_eq!(d["order"]["lines"][1]["vat"], 0);
    assert_eq!(d["totals"]["outlays"], "1650.00");
}

#[test]
fn a_reverse_charge_sale_with_an_utlagg_is_booked_printed_exported_and_credited() {
    let env = Env::new();
    env.run(&[
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
        "--seat",
        "Storstad",
    ])
    .ok();
    let config = std::fs::read_to_string(env.dir.path().join("config.toml")).unwrap();
    assert!(config.contains("seat = \"Storstad\""), "{config}");

    let d = env
        .run(&[
            "order",
            "new",
            "--name",
            "Hansen Biler ApS",
            "--format",
            "json",
        ])
        .json();
    let nr = d["order"]["nr"].as_i64().unwrap().to_string();
    let no = d["customer"]["customer_no"].as_i64().unwrap().to_string();
    env.run(&[
        "customer",
        "set",
        &no,
        "--street",
        "Vestergade 1",
        "--postal-code",
        "DK-1456",
        "--city",
        "København",
        "--vat-no",
        "DK12345678",
        "--reverse-charge",
        "yes",
    ])
    .ok();
    env.run(&[
        "order",
        "line",
        "add",
        &nr,
        "--text",
        "Reparation",
        "--qty",
        "1",
        "--price",
        "800",
        "--kind",
        "arbete",
    ])
    .ok();
    env.run(&[
        "order",
        "line",
        "add",
        &nr,
        "--text",
        "Besiktningsavgift",
        "--qty",
        "1",
        "--price",
        "450",
        "--kind",
        "utlägg",
    ])
    .ok();
    // The order itself keeps its Swedish VAT on the screen; the invoice carries none.
    assert_eq!(show(&env, &nr)["totals"]["total"], "1450.00");
    env.run(&["order", "complete", &nr]).ok();
    env.run(&["book", &nr, "--method", "FAKTURA"]).ok();

    let text = env.run(&["print", &nr]).ok().to_string();
    for needle in [
        "FAKTURA",
        "Hansen Biler ApS",
        "Momsreg.nr DK12345678",
        "Omvänd betalningsskyldighet",
        "Utlägg (ingen moms)",
        "Utlägg – utanför mervärdesskattelagens tillämpningsområde",
        "Styrelsens säte: Storstad",
        "Betalningsvillkor 30 dagar netto",
        "Dröjsmålsränta enligt räntelagen",
    ] {
        assert!(text.contains(needle), "{needle:?} missing in\n{text}");
    }
    assert!(!text.contains("Moms 25 %"), "{text}");
    let to_pay = text.lines().find(|l| l.starts_with("Att betala")).unwrap();
    assert!(to_pay.ends_with("1 250,00 kr"), "{text}");
    // Work done and invoiced today: no date of supply.
    assert!(!text.contains("Leveransdatum"), "{text}");

    // The voucher: 1510 debited what is owed, 3308 the sale, 1680 the utlägg, no VAT.
    let sie = export_sie(&env);
    let trans = |account: &str| -> Vec<String> {
        sie.lines()
            .filter(|l| l.trim_start().starts_with(&format!("#TRANS {account} ")))
            .map(|l| l.split_whitespace().nth(3).unwrap().to_string())
            .collect()
    };
    assert_eq!(trans("1510"), ["1250.00"], "{sie}");
    assert_eq!(trans("3308"), ["-800.00"], "{sie}");
    assert_eq!(trans("1680"), ["-450.00"], "{sie}");
    assert!(trans("2611").is_empty(), "{sie}");
    assert!(sie.contains("#KONTO 3308 \"F\u{f6}rs\u{e4}ljning tj\u{e4}nster till annat EU-land\""));

    // The credit reverses it exactly.
    env.run(&["credit", &nr]).ok();
    let sie = export_sie(&env);
    let sum = |account: &str| -> Decimal {
        sie.lines()
            .filter(|l| l.trim_start().starts_with(&format!("#TRANS {account} ")))
            .map(|l| {
                l.split_whitespace()
                    .nth(3)
                    .unwrap()
                    .parse::<Decimal>()
                    .unwrap()
            })
            .sum()
    };
    for account in ["1510", "3308", "1680"] {
        assert_eq!(sum(account), Decimal::ZERO, "{account} in\n{sie}");
    }
    let text = env.run(&["print", &nr]).ok().to_string();
    assert!(text.contains("KREDITFAKTURA"), "{text}");
    assert!(text.contains("Omvänd betalningsskyldighet"), "{text}");
}

/// The SIE file of every voucher, read from code page 437 (å ä ö as they are).
fn export_sie(env: &Env) -> String {
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
    std::fs::read(path)
        .unwrap()
        .iter()
        .map(|&b| match b {
            0x86 => 'å',
            0x84 => 'ä',
            0x94 => 'ö',
            0x8F => 'Å',
            0x8E => 'Ä',
            0x99 => 'Ö',
            b => b as char,
        })
        .collect()
}
