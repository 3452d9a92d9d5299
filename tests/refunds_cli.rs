//! `verkstad customer set --account …` and `verkstad refund list | set | batch | file | status`
//! through the real binary on a real SQLite file: a FAKTURA invoice paid by a camt.054 file and
//! credited, the proposal, the batch file (the same bytes when written again), the bank's
//! pain.002 rejection, the camt.054 debit that books the refund; bad input refused with exit 2;
//! two processes making batches at once.

mod common;

use common::bankfile::{Pay, camt};
use common::cli::Env;
use serde_json::json;
use verkstad::domain::ledger::ocr_reference;

const CONFIG: &str = r#"
[company]
name = "Bilverkstaden i Storstad AB"
orgnr = "556677-8899"
street = "Verkstadsvägen 1"
postal_code = "123 45"
city = "Storstad"
iban = "SE4550000000058398257466"
bic = "ESSESESS"
"#;

fn write(env: &Env, name: &str, bytes: &[u8]) -> String {
    let path = env.dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

/// One FAKTURA order of 1 250,00 kr (1 000 + VAT) for `name`, booked, paid by a camt.054
/// credit and credited whole, so the customer is owed 1 250,00 kr: (order, invoice, customer).
fn credited_paid_invoice(env: &Env, name: &str) -> (i64, i64, String) {
    let records = json!([{
        "customer": {"name": name, "street": "Storgatan 1", "postal_code": "123 45", "city": "Storstad"},
        "status": "KLART",
        "lines": [{"kind": "arbete", "description": "Arbete", "quantity": "1", "unit_price": "1000"}]
    }]);
    let file = env.write("orders.json", &records.to_string());
    let text = env
        .run(&["--no-demo", "order", "import", file.to_str().unwrap()])
        .ok()
        .to_string();
    let nr: i64 = text.split(": ").nth(1).unwrap().trim().parse().unwrap();
    env.run(&["book", &nr.to_string(), "--method", "FAKTURA"])
        .ok();
    let order = env
        .run(&["order", "show", &nr.to_string(), "--format", "json"])
        .json();
    let no = order["order"]["invoice_no"].as_i64().unwrap();
    let customer = order["customer"]["customer_no"]
        .as_i64()
        .unwrap()
        .to_string();
    let paid = write(
        env,
        &format!("in-{no}.xml"),
        &camt(
            &format!("IN-{no}"),
            "2026-11-25",
            &[Pay::ocr(125_000, &ocr_reference(no))],
        ),
    );
    env.run(&["reconcile", "import", &paid]).ok();
    env.run(&["credit", &nr.to_string()]).ok();
    (nr, no, customer)
}

#[test]
fn credit_proposal_batch_status_and_booking_through_the_binary() {
    let env = Env::new();
    env.write("config.toml", CONFIG);
    let (nr, no, customer) = credited_paid_invoice(&env, "Åsa Öberg");

    // Payment details: checked, bad ones refused before anything is written.
    env.run(&["customer", "set", &customer, "--account", "5000-1001001"])
        .refused(&["kontrollsiffran", "SEB"]);
    env.run(&["customer", "set", &customer, "--iban", "SE00"])
        .refused(&["IBAN"]);
    env.run(&[
        "customer",
        "set",
        &customer,
        "--account",
        "5000-1001000",
        "--bankgiro",
        "5050-1055",
    ])
    .refused(&["--account"]);
    let shown = env
        .run(&["customer", "set", &customer, "--account", "5000-1001000"])
        .ok()
        .to_string();
    assert!(shown.contains("5000-1001000 (SEB)"), "{shown}");
    let json = env
        .run(&["customer", "show", &customer, "--format", "json"])
        .json();
    assert_eq!(json["payment_details"]["kind"], "account");
    // The customer's fields and its payment details are saved together: a bad e-mail keeps
    // the bankgiro out too.
    env.run(&[
        "customer",
        "set",
        &customer,
        "--email",
        "anna@",
        "--bankgiro",
        "5050-1055",
    ])
    .refused(&["anna@"]);
    let json = env
        .run(&["customer", "show", &customer, "--format", "json"])
        .json();
    assert_eq!(json["payment_details"]["kind"], "account");

    // The proposal, in both languages and as JSON.
    let list = env.run(&["refund", "list"]).ok().to_string();
    assert!(list.contains(&format!("F{no}")), "{list}");
    assert!(
        list.contains(&format!("\"Återbetalning order {nr}\"")),
        "{list}"
    );
    let en = env
        .run(&["--lang", "en", "refund", "list"])
        .ok()
        .to_string();
    assert!(en.contains("owed"), "{en}");
    let j = env.run(&["refund", "list", "--format", "json"]).json();
    assert_eq!(j["proposals"][0]["id"], format!("F{no}"));

    env.run(&["refund", "set", &format!("F{no}"), "--amount", "2000"])
        .refused(&["mer än kunden har att få tillbaka"]);
    env.run(&["refund", "set", "X1", "--amount", "10"])
        .refused(&["återbetalningsförslag"]);
    env.run(&["refund", "set", &format!("F{no}"), "--amount", "tio"])
        .expect_code(2);

    // The batch, and the same file again.
    let out = env.dir.path().join("batch.xml");
    let made = env
        .run(&["refund", "batch", "--out", out.to_str().unwrap()])
        .ok()
        .to_string();
    assert!(made.contains("Omgång 1"), "{made}");
    let first = std::fs::read(&out).unwrap();
    let again = env.dir.path().join("again.xml");
    env.run(&["refund", "file", "1", "--out", again.to_str().unwrap()])
        .ok();
    assert_eq!(std::fs::read(&again).unwrap(), first);
    let xml = String::from_utf8(first).unwrap();
    let msg_id = xml
        .split("<MsgId>")
        .nth(1)
        .unwrap()
        .split("</MsgId>")
        .next()
        .unwrap()
        .to_string();

    // A bad pain.002 changes nothing; a rejection returns the refund with its reason.
    let bad = write(&env, "bad.xml", b"<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.03\"><CstmrPmtStsRpt/></Document>");
    env.run(&["refund", "status", &bad])
        .refused(&["OrgnlGrpInfAndSts", "inget ändrades"]);
    let status = format!(
        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.03\"><CstmrPmtStsRpt><OrgnlGrpInfAndSts><OrgnlMsgId>{msg_id}</OrgnlMsgId><GrpSts>RJCT</GrpSts><StsRsnInf><Rsn><Cd>AC01</Cd></Rsn></StsRsnInf></OrgnlGrpInfAndSts></CstmrPmtStsRpt></Document>"
    );
    let st = write(&env, "status.xml", status.as_bytes());
    let said = env.run(&["refund", "status", &st]).ok().to_string();
    assert!(said.contains("avvisad RJCT AC01"), "{said}");
    let list = env.run(&["refund", "list"]).ok().to_string();
    assert!(list.contains("avvisad av banken: AC01"), "{list}");

    // Sent again; the bank's debit books it (reconcile import).
    env.run(&["refund", "batch", "--out", out.to_str().unwrap()])
        .ok();
    let j = env.run(&["refund", "list", "--format", "json"]).json();
    let e2e = j["sent"][0]["end_to_end_id"].as_str().unwrap().to_string();
    let debit = format!(
        "<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.08\"><BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>OUT-1</MsgId><CreDtTm>2026-12-02T07:00:00</CreDtTm></GrpHdr><Ntfctn><Id>OUT-1-N</Id><Acct><Id><IBAN>SE4550000000058398257466</IBAN></Id></Acct><Ntry><Amt Ccy=\"SEK\">1250.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>2026-12-02</Dt></BookgDt><AcctSvcrRef>OUT-1-0</AcctSvcrRef><NtryDtls><TxDtls><Refs><AcctSvcrRef>OUT-1-0-0</AcctSvcrRef><EndToEndId>{e2e}</EndToEndId></Refs><Amt Ccy=\"SEK\">1250.00</Amt></TxDtls></NtryDtls></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>"
    );
    let d = write(&env, "debit.xml", debit.as_bytes());
    let imported = env.run(&["reconcile", "import", &d]).ok().to_string();
    assert!(imported.contains("betald av banken"), "{imported}");
    let left = env.run(&["refund", "list"]).ok().to_string();
    assert!(left.contains("Inga återbetalningar"), "{left}");
}

#[test]
fn bad_refund_arguments_are_refused_before_the_database() {
    let env = Env::new();
    env.run(&["refund", "set", "F1", "--date", "igår"])
        .refused(&["igår"]);
    env.run(&["refund", "batch", "Q7", "--out", "x.xml"])
        .refused(&["Q7"]);
    env.run(&["refund", "file", "noll", "--out", "x.xml"])
        .refused(&["noll"]);
    assert!(!env.db().exists(), "nothing was opened or created");
}

/// Two `verkstad refund batch` processes at once on one SQLite file, three customers owed
/// 1 250,00 kr each: every refund goes into exactly one batch and is sent once; the one file
/// written holds all three; whichever process comes second finds nothing left and says so.
#[test]
fn two_processes_making_batches_at_once_send_each_refund_once() {
    let env = Env::new();
    env.write("config.toml", CONFIG);
    for name in ["A Ett", "B Två", "C Tre"] {
        let (_, _, customer) = credited_paid_invoice(&env, name);
        env.run(&["customer", "set", &customer, "--account", "5000-1001000"])
            .ok();
    }
    let outs = ["a.xml", "b.xml"].map(|f| env.dir.path().join(f));
    let children: Vec<_> = outs
        .iter()
        .map(|out| {
            env.command(&["refund", "batch", "--out", out.to_str().unwrap()], &[])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let results: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let made: Vec<usize> = (0..2).filter(|&i| results[i].status.success()).collect();
    assert_eq!(made.len(), 1, "one batch: {results:?}");
    let other = &results[1 - made[0]];
    assert!(
        String::from_utf8_lossy(&other.stderr).contains("inga återbetalningar att skicka"),
        "{other:?}"
    );
    assert!(!outs[1 - made[0]].exists(), "no second file");
    let xml = std::fs::read_to_string(&outs[made[0]]).unwrap();
    assert_eq!(xml.matches("<CdtTrfTxInf>").count(), 3, "{xml}");
    assert!(xml.contains("<CtrlSum>3750.00</CtrlSum>"), "{xml}");

    let list = env.run(&["refund", "list", "--format", "json"]).json();
    assert_eq!(list["proposals"].as_array().unwrap().len(), 0, "{list}");
    let sent = list["sent"].as_array().unwrap();
    assert_eq!(sent.len(), 3, "{list}");
    assert!(sent.iter().all(|r| r["batch"] == 1), "{list}");
}

/// `refund list` only reads: it answers while another process holds the write lock (a
/// booking in progress), where taking the lock itself would wait and then fail.
#[test]
fn refund_list_answers_while_another_process_writes() {
    let env = Env::new();
    env.write("config.toml", CONFIG);
    let (_, no, _) = credited_paid_invoice(&env, "Åsa Öberg");
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    let list = env.run(&["refund", "list", "--format", "json"]).json();
    assert_eq!(list["proposals"][0]["id"], format!("F{no}"), "{list}");
    conn.execute_batch("ROLLBACK").unwrap();
}
