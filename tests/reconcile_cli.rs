//! `verkstad reconcile import | list | match | obs` through the real binary on a real SQLite
//! file: a BgMax file and a camt.054 file written here, what the user reads in Swedish and
//! English, JSON for scripts, the same file twice, a corrupted file refused before anything is
//! written, bad arguments refused.

mod common;

use common::bankfile::{Pay, bgmax, camt};
use common::cli::Env;
use serde_json::{Value, json};
use verkstad::domain::ledger::ocr_reference;

/// A KLART order of 1 000 kr + 25 % for `name`; its number.
fn order(env: &Env, name: &str) -> i64 {
    let records = json!([{
        "customer": {"name": name, "street": "Storgatan 1", "postal_code": "123 45", "city": "Storstad"},
        "status": "KLART",
        "lines": [{"kind": "arbete", "description": "Arbete", "quantity": "1", "unit_price": "1000"}]
    }]);
    let file = env.write("orders.json", &records.to_string());
    let out = env.run(&["--no-demo", "order", "import", file.to_str().unwrap()]);
    let text = out.ok();
    text.split(": ").nth(1).unwrap().trim().parse().unwrap()
}

/// The order booked on FAKTURA; its invoice number.
fn invoice(env: &Env, nr: i64) -> i64 {
    env.run(&["book", &nr.to_string(), "--method", "FAKTURA"])
        .ok();
    env.run(&["order", "show", &nr.to_string(), "--format", "json"])
        .json()["order"]["invoice_no"]
        .as_i64()
        .unwrap()
}

fn write(env: &Env, name: &str, bytes: &[u8]) -> String {
    let path = env.dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn import_list_match_and_obs_as_the_user_reads_them() {
    let env = Env::new();
    let a = invoice(&env, order(&env, "Åsa Öberg"));
    let b = invoice(&env, order(&env, "Bo Ek"));
    let waiting = order(&env, "Cilla Ström");
    let file = write(
        &env,
        "bg.txt",
        &bgmax(
            "2026113009",
            "20261127",
            0,
            &[
                Pay::ocr(125_000, &ocr_reference(a)),
                Pay::text(77_700, "Faktura 99999"),
                Pay::text(125_000, &format!("order {waiting}")),
            ],
        ),
    );
    let out = env.run(&["reconcile", "import", &file]);
    let text = out.ok();
    assert!(
        text.contains("3 nya inbetalningar – 1 avprickade, 0 förslag, 1 på OBS, 1 förskott"),
        "{text}"
    );
    assert!(
        text.contains(&format!("OCR {} är faktura {a}", ocr_reference(a))),
        "{text}"
    );
    assert!(text.contains("inte fakturerad än – förskott"), "{text}");

    // The same file again: nothing.
    let out = env.run(&["--lang", "en", "reconcile", "import", &file]);
    assert!(
        out.ok().contains("is imported already – nothing changed"),
        "{}",
        out.stdout
    );

    // The work list: OBS first, then the prepayment, then the matched one.
    let list = env.run(&["reconcile", "list", "--format", "json"]).json();
    let rows = list.as_array().unwrap();
    let states: Vec<&str> = rows
        .iter()
        .map(|r| r["standing"]["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["obs", "prepayment", "matched"]);
    assert!(
        rows[0]["why"]
            .as_str()
            .unwrap()
            .contains("hittar ingen faktura"),
        "{list}"
    );
    let obs = rows[0]["id"].as_i64().unwrap();
    let prepaid = rows[1]["id"].as_i64().unwrap();
    let unmatched = env.run(&["reconcile", "list", "--unmatched"]);
    let text = unmatched.ok();
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("777,00 kr  OBS"), "{text}");

    // By hand: OBS → invoice b (777,00 of 1 250,00: partly paid).
    let out = env.run(&["reconcile", "match", &obs.to_string(), &b.to_string()]);
    assert!(
        out.ok()
            .contains(&format!("avprickad mot faktura {b}, verifikation")),
        "{}",
        out.stdout
    );
    // A prepayment moved to OBS, in English.
    let out = env.run(&["--lang", "en", "reconcile", "obs", &prepaid.to_string()]);
    assert!(
        out.ok().contains("is now on the OBS account, voucher"),
        "{}",
        out.stdout
    );
    // Booking the order now finds nothing waiting (it is on OBS).
    invoice(&env, waiting);
    let list: Value = env.run(&["reconcile", "list", "--format", "json"]).json();
    assert_eq!(list[0]["standing"]["state"], "obs");

    // Refusals.
    env.run(&["reconcile", "match", "x", "1"])
        .refused(&["\"x\" är inte ett inbetalningsnummer"]);
    env.run(&["reconcile", "match", &obs.to_string(), &b.to_string()])
        .refused(&["redan avprickad"]);
    env.run(&["reconcile", "obs", "999"])
        .refused(&["ingen inbetalning 999"]);
}

#[test]
fn a_corrupted_file_is_refused_with_its_line_and_nothing_written() {
    let env = Env::new();
    let a = invoice(&env, order(&env, "Dan Berg"));
    let good = camt(
        "MSG-1",
        "2026-11-27",
        &[Pay::ocr(125_000, &ocr_reference(a))],
    );
    let text = String::from_utf8(good).unwrap().replace(
        "<Amt Ccy=\"SEK\">1250.00</Amt>\n<CdtDbtInd>",
        "<Amt Ccy=\"SEK\">1250,00</Amt>\n<CdtDbtInd>",
    );
    let file = write(&env, "camt.xml", text.as_bytes());
    let out = env.run(&["reconcile", "import", &file]);
    out.refused(&["rad 7"]);
    let out = env.run(&["--lang", "en", "reconcile", "import", &file]);
    assert!(out.stderr.contains("line 7"), "{}", out.stderr);
    let list = env.run(&["reconcile", "list"]);
    assert_eq!(list.ok().trim(), "Inga inbetalningar");
    // The good file then imports.
    let good = camt(
        "MSG-1",
        "2026-11-27",
        &[Pay::ocr(125_000, &ocr_reference(a))],
    );
    let file = write(&env, "camt-ok.xml", &good);
    let json = env
        .run(&["reconcile", "import", &file, "--format", "json"])
        .json();
    assert_eq!(json["payments"][0]["state"], "matched");
    assert_eq!(json["format"], "camt054");
}

/// Two `verkstad` processes import at once, on one SQLite file: the same file in both, and two
/// files that share entries. Every entry is stored and booked once and each invoice is paid
/// once, whichever process comes first; both processes succeed.
#[test]
fn two_processes_importing_at_once_book_every_entry_once() {
    use verkstad::store::Database;
    use verkstad::store::prelude::*;

    for shared in [false, true] {
        let env = Env::new();
        let invoices: Vec<i64> = (0..4)
            .map(|i| invoice(&env, order(&env, &format!("Kund {i}"))))
            .collect();
        let pays: Vec<Pay> = invoices
            .iter()
            .map(|&no| Pay::ocr(125_000, &ocr_reference(no)))
            .collect();
        // A: the first three payments. B: the same three entries (the same serial numbers, so
        // the same bank ids) and the fourth, in a file of its own.
        let a = write(
            &env,
            "a.txt",
            &bgmax("2026113009", "20261127", 0, &pays[..3]),
        );
        let b = write(&env, "b.txt", &bgmax("2026113010", "20261127", 0, &pays));
        let second = if shared { &b } else { &a };
        let start = |file: &str| {
            env.command(&["reconcile", "import", file], &[])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (first, other) = (start(&a), start(second));
        for child in [first, other] {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }

        let list = env.run(&["reconcile", "list", "--format", "json"]).json();
        let rows = list.as_array().unwrap();
        let expected = if shared { 4 } else { 3 };
        assert_eq!(rows.len(), expected, "each entry once: {list}");
        assert!(rows.iter().all(|r| r["standing"]["state"] == "matched"));
        let db = Database::open(&env.db()).unwrap();
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let vouchers = db
            .vouchers_between(day(2000, 1, 1), day(2100, 1, 1))
            .unwrap();
        assert!(vouchers.iter().all(|v| v.is_balanced()));
        let bank: verkstad::domain::Money = vouchers
            .iter()
            .flat_map(|v| v.rows.clone())
            .filter(|p| p.account.number() == 1930)
            .map(|p| p.amount)
            .sum();
        assert_eq!(
            bank.ore(),
            125_000 * expected as i64,
            "1930 has each payment once"
        );
        for (i, no) in invoices.iter().enumerate() {
            let paid = db.invoice_paid(*no).unwrap().unwrap();
            let want = if i < expected { 125_000 } else { 0 };
            assert_eq!(paid.received.ore(), want, "invoice {no}");
        }
    }
}

/// `kill -9` in the middle of an import, then the import again: the file is either wholly in
/// the books or not at all (one transaction), and the second run brings it in once. The kill
/// comes at whatever moment the process has reached; the assertions hold for any moment.
#[test]
fn an_import_killed_midway_writes_all_or_nothing_and_a_rerun_completes_it() {
    use verkstad::store::Database;

    let env = Env::new();
    // Enough payments that the import takes a while (none names anything: all go to OBS).
    let pays: Vec<Pay> = (0..20_000u64)
        .map(|i| Pay::text(10_000 + i, &format!("okänd {i}")))
        .collect();
    let total: i64 = pays.iter().map(|p| p.ore as i64).sum();
    let file = write(&env, "big.txt", &bgmax("2026113011", "20261127", 0, &pays));
    // Make the database first, so that the kill falls within the import.
    env.run(&["--no-demo", "reconcile", "list"]).ok();
    let mut child = env
        .command(&["reconcile", "import", &file], &[])
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let _ = child.kill();
    let _ = child.wait();

    let state = || {
        let db = Database::open(&env.db()).unwrap();
        let vouchers = common::books::vouchers(&db);
        assert!(vouchers.iter().all(|v| v.is_balanced()));
        let listed = env
            .run(&["reconcile", "list", "--format", "json", "--limit", "100000"])
            .json();
        (
            listed.as_array().unwrap().len(),
            vouchers.len(),
            common::books::balance(&db, 2999).ore(),
        )
    };
    let after_kill = state();
    assert!(
        after_kill == (0, 0, 0) || after_kill == (20_000, 20_000, -total),
        "half an import is in the books: {after_kill:?}"
    );
    env.run(&["reconcile", "import", &file]).ok();
    assert_eq!(state(), (20_000, 20_000, -total));
}
