//! `verkstad book`, `credit` and `report day` through the real binary on a real SQLite file:
//! what the counter sees, what is refused, and that two processes booking at once never break
//! the invoice series.

mod common;

use common::cli::Env;
use serde_json::{Value, json};
use verkstad::store::prelude::*;

/// `n` KLART orders of 1 000 kr + 25 % for a customer with an address; returns their numbers.
fn klart_orders(env: &Env, n: usize) -> Vec<i64> {
    let records: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "customer": {"name": format!("Kund {i}"), "street": "Storgatan 1", "postal_code": "123 45", "city": "Storstad"},
                "status": "KLART",
                "lines": [
                    {"kind": "arbete", "description": "Arbete", "quantity": "2", "unit_price": "400"},
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

fn invoice_no(env: &Env, nr: i64) -> Option<i64> {
    env.run(&["order", "show", &nr.to_string(), "--format", "json"])
        .json()["order"]["invoice_no"]
        .as_i64()
}

#[test]
fn book_credit_and_day_report_as_the_counter_sees_them() {
    let env = Env::new();
    let nrs = klart_orders(&env, 3);
    let out = env.run(&["book", &nrs[0].to_string(), "--method", "kontant"]);
    let text = out.ok();
    assert!(
        text.contains("är BOKFÖRD: faktura 1 (KONTANT), 1 250,00 kr, verifikation A 1."),
        "{text}"
    );
    assert!(
        out.stderr.contains("[company]"),
        "the example company is pointed out: {}",
        out.stderr
    );
    let out = env.run(&["book", &nrs[1].to_string(), "--method", "FAKTURA"]);
    let text = out.ok();
    assert!(text.contains("faktura 2 (FAKTURA)"), "{text}");
    assert!(
        text.contains("OCR 232,"),
        "invoice 2, length digit 3, Luhn 2: {text}"
    );
    // Credit line 2 of the cash sale: 200 + 25 % back.
    let out = env.run(&["credit", &nrs[0].to_string(), "--lines", "2"]);
    assert!(
        out.ok()
            .contains("Kreditfaktura 3 på -250,00 kr avser faktura 1 (rad 2)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Att återbetala kontant: 250,00 kr\n"),
        "{}",
        out.stdout
    );
    // English.
    let out = env.run(&["--lang", "en", "credit", &nrs[0].to_string()]);
    let text = out.ok();
    assert!(
        text.contains("Credit invoice 4 of -1 000,00 kr refers to invoice 1 (line 1)"),
        "{text}"
    );
    assert!(text.contains("is CREDITED"), "{text}");

    let report = env.run(&["report", "day", "--format", "json"]).json();
    assert_eq!(report["invoices"], 2);
    assert_eq!(report["credits"], 2);
    assert_eq!(report["invoices_amount"], "2500.00");
    assert_eq!(report["credits_amount"], "-1250.00");
    // The text shows sales per method and VAT per rate.
    let text = env.run(&["report", "day"]).ok().to_string();
    assert!(text.starts_with("Dagrapport "), "{text}");
    assert!(text.contains("KONTANT"), "{text}");
    assert!(text.contains("25 %"), "{text}");
    // Reopened, the credited order can be changed and booked again with a new number.
    let out = env.run(&["pay", "cancel", &nrs[0].to_string()]);
    assert!(out.ok().contains("KLART"), "{}", out.stdout);
    let out = env.run(&["book", &nrs[0].to_string(), "--method", "KORT"]);
    assert!(out.ok().contains("faktura 5 (KORT)"), "{}", out.stdout);
}

#[test]
fn bad_booking_input_is_refused_and_nothing_is_written() {
    let env = Env::new();
    let nrs = klart_orders(&env, 1);
    let nr = nrs[0].to_string();
    env.run(&["book", &nr]).refused(&["Ange betalsätt"]);
    env.run(&["book", &nr, "--method", "SWISH"])
        .refused(&["SWISH", "KONTANT"]);
    env.run(&["book", &nr, "--method", "MOBIL"])
        .refused(&["MOBIL", "Ctrl+S"]);
    env.run(&["book", "abc"]).refused(&["ordernummer"]);
    env.run(&["book", "99999", "--method", "KORT"])
        .refused(&["99999"]);
    env.run(&["credit", &nr]).refused(&["KLART"]);
    env.run(&["credit", &nr, "--lines", "x"])
        .refused(&["radlista"]);
    assert_eq!(invoice_no(&env, nrs[0]), None);

    // An account that is not in the chart: the config is refused before anything is opened.
    env.write("config.toml", "[accounts]\nkort = 1999\n");
    env.run(&["book", &nr, "--method", "KORT"])
        .refused(&["1999", "kontoplanen", "[chart]"]);
    env.write("config.toml", "[accounts]\nvat_25 = 3001\n");
    env.run(&["book", &nr, "--method", "KORT"])
        .refused(&["3001", "kontoklass 2"]);
    env.write(
        "config.toml",
        "[company]\nname = \"Bilverkstaden AB\"\norgnr = \"556677-8898\"\n",
    );
    env.run(&["book", &nr, "--method", "KORT"])
        .refused(&["orgnr"]);
    // A bankgiro or plusgiro with a wrong check digit is refused, the setting named.
    env.write(
        "config.toml",
        "[company]\nname = \"Bilverkstaden AB\"\norgnr = \"556677-8899\"\nbankgiro = \"123-4567\"\n",
    );
    env.run(&["book", &nr, "--method", "KORT"]).refused(&[
        "[company] bankgiro",
        "123-4567",
        "kontrollsiffran",
    ]);
    env.write(
        "config.toml",
        "[company]\nname = \"Bilverkstaden AB\"\norgnr = \"556677-8899\"\nbankgiro = \"123-4566\"\nplusgiro = \"4711-2\"\n",
    );
    env.run(&["book", &nr, "--method", "KORT"]).refused(&[
        "[company] plusgiro",
        "4711-2",
        "kontrollsiffran",
    ]);
    std::fs::remove_file(env.dir.path().join("config.toml")).unwrap();
    assert_eq!(invoice_no(&env, nrs[0]), None);
    assert_eq!(
        env.run(&["order", "show", &nr, "--format", "json"]).json()["order"]["status"],
        "KLART"
    );
    // A named account works once it is in the chart, and the first invoice is still number 1.
    env.write(
        "config.toml",
        "[accounts]\nkort = 1686\n\n[chart]\n\"1686\" = \"Kortinlösen\"\n",
    );
    assert!(
        env.run(&["book", &nr, "--method", "KORT"])
            .ok()
            .contains("faktura 1 (KORT)")
    );
}

#[test]
fn two_processes_booking_at_once_leave_no_gap_and_no_duplicate() {
    let env = Env::new();
    let nrs = klart_orders(&env, 24);
    let even: Vec<i64> = nrs.iter().copied().step_by(2).collect();
    let odd: Vec<i64> = nrs.iter().copied().skip(1).step_by(2).collect();
    std::thread::scope(|s| {
        for half in [&even, &odd] {
            let env = &env;
            s.spawn(move || {
                for nr in half {
                    env.run(&["book", &nr.to_string(), "--method", "KORT"]).ok();
                }
            });
        }
    });
    let mut numbers: Vec<i64> = nrs
        .iter()
        .map(|nr| invoice_no(&env, *nr).unwrap())
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=24).collect::<Vec<_>>());
    let report = env.run(&["report", "day", "--format", "json"]).json();
    assert_eq!(report["invoices"], 24);
    assert_eq!(report["invoices_amount"], "30000.00");
}

#[test]
fn the_sie_export_reads_back_with_every_voucher_of_the_period() {
    let env = Env::new();
    let nrs = klart_orders(&env, 3);
    env.write(
        "config.toml",
        "[company]\nname = \"Åkes Bil AB\"\norgnr = \"556677-8899\"\nstreet = \"Storgatan 1\"\npostal_code = \"123 45\"\ncity = \"Örebro\"\n",
    );
    env.run(&["book", &nrs[0].to_string(), "--method", "KONTANT"])
        .ok();
    env.run(&["book", &nrs[1].to_string(), "--method", "FAKTURA"])
        .ok();
    env.run(&["credit", &nrs[1].to_string(), "--lines", "2"])
        .ok();
    let today = chrono::Utc::now().date_naive().to_string();
    let file = env.dir.path().join("export.si");
    let out = env.run(&[
        "export",
        "sie",
        "--from",
        &today,
        "--to",
        &today,
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(
        out.ok().contains("SIE 4I: 3 verifikationer"),
        "{}",
        out.stdout
    );
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"#FLAGGA 0"));
    // "Åkes" in code page 437.
    assert!(bytes.windows(4).any(|w| w == b"\x8Fkes"), "CP437 Å");

    let items: Vec<sie4::Item> = sie4::Reader::new(&bytes[..])
        .collect::<Result<_, _>>()
        .expect("sie4 parses the export");
    let mut vers = Vec::new();
    let mut konton = Vec::new();
    let mut fnamn = None;
    for item in &items {
        match item {
            sie4::Item::Ver(v) => vers.push(v),
            sie4::Item::Konto(k) => konton.push((k.no, k.name.clone())),
            sie4::Item::FNamn(f) => fnamn = Some(f.name.clone()),
            _ => {}
        }
    }
    assert_eq!(fnamn.as_deref(), Some("Åkes Bil AB"));
    assert_eq!(vers.len(), 3);
    // What the database holds is what the file says, voucher by voucher.
    let store = verkstad::store::Database::open(&env.db()).unwrap();
    let day = chrono::Utc::now().date_naive();
    let db = store.vouchers_between(day, day).unwrap();
    for (read, stored) in vers.iter().zip(&db) {
        assert_eq!(i64::from(read.no), stored.number);
        let rows: Vec<(u32, rust_decimal::Decimal)> = read
            .transactions
            .0
            .iter()
            .map(|t| (t.account, t.amount))
            .collect();
        let expected: Vec<(u32, rust_decimal::Decimal)> = stored
            .rows
            .iter()
            .map(|p| (u32::from(p.account.number()), p.amount.amount()))
            .collect();
        assert_eq!(rows, expected);
        assert_eq!(
            rows.iter().map(|r| r.1).sum::<rust_decimal::Decimal>(),
            rust_decimal::Decimal::ZERO
        );
    }
    for (n, name) in [
        (1910, "Kassa"),
        (1510, "Kundfordringar"),
        (3041, "Försäljning tjänst inom Sverige, 25 % moms"),
    ] {
        assert!(konton.contains(&(n, name.to_string())), "{n}: {konton:?}");
    }
    // A period that ends before it starts is refused.
    env.run(&[
        "export",
        "sie",
        "--from",
        "2026-11-30",
        "--to",
        "2026-11-01",
    ])
    .refused(&["före"]);
}
