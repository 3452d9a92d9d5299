//! Refunds to customers' bank accounts (issue 15) over a real SQLite file: a FAKTURA invoice
//! paid by bank and credited, the proposal, the customer's payment details, a batch written
//! as pain.001 (validated against the official ISO 20022 XSD with xmllint), the bank's pain.002
//! (accepted / rejected), the camt.054 debit that books the refund (1510 / 2420 against 1930),
//! a debit of no refund left on the work list, and bad files that change nothing.

mod common;

use std::path::Path;
use std::process::Command;

use common::bankfile::{Pay, camt};
use serde_json::{Value, json};
use verkstad::app::InputField;
use verkstad::app::config::{Books, Config};
use verkstad::app::customers::CustomerChange;
use verkstad::app::refunds::PayeeChange;
use verkstad::app::{Workshop, import, ledger};
use verkstad::domain::ledger::ocr_reference;
use verkstad::domain::reconcile::{Reason, State};
use verkstad::domain::refund::{ProposalId, RefundSource};
use verkstad::domain::{Money, PaymentMethod};
use verkstad::store::Database;
use verkstad::store::prelude::*;

fn kr(s: &str) -> Money {
    Money::parse(s).unwrap()
}

const CONFIG: &str = r#"
[company]
name = "Bilverkstaden i Storstad AB"
orgnr = "556677-8899"
street = "Verkstadsvägen 1"
postal_code = "123 45"
city = "Storstad"
iban = "SE45 5000 0000 0583 9825 7466"
bic = "ESSESESS"

[refunds]
message_prefix = "Återbetalning"
"#;

struct Shop {
    dir: tempfile::TempDir,
    db: Database,
    shop: Workshop,
}

fn shop_with(config: &str) -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("verkstad.db");
    let db = Database::open(&path).unwrap();
    let config: Config = toml::from_str(config).unwrap();
    let shop = Workshop::with_store(
        Database::open(&path).unwrap(),
        path.clone(),
        config,
        None,
        "kassa1",
    );
    Shop { dir, db, shop }
}

fn shop() -> Shop {
    shop_with(CONFIG)
}

impl Shop {
    /// A booked FAKTURA invoice of one labour line (`net` + 25 %) for `name`: (order, invoice).
    fn invoice(&self, name: &str, net: &str) -> (i64, i64) {
        let record = json!({
            "customer": {"name": name, "street": "Storgatan 1", "postal_code": "123 45", "city": "Storstad"},
            "status": "KLART",
            "lines": [{"kind": "arbete", "description": "Service", "quantity": 1, "unit_price": net}]
        });
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let nr = import::import_orders(
            &self.db,
            "test",
            &Value::Array(vec![record]).to_string(),
            today,
        )
        .unwrap()[0];
        let b = ledger::book(
            &self.db,
            "test",
            &Books::default(),
            nr,
            Some(PaymentMethod::Faktura),
            false,
        )
        .unwrap();
        (nr, b.invoice.invoice.no)
    }

    fn customer_of(&self, nr: i64) -> i64 {
        self.shop.order(nr).unwrap().details.customer.customer_no
    }

    fn balance(&self, account: u16) -> Money {
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        self.db
            .vouchers_between(day(2000, 1, 1), day(2100, 1, 1))
            .unwrap()
            .iter()
            .flat_map(|v| v.rows.clone())
            .filter(|p| p.account.number() == account)
            .map(|p| p.amount)
            .sum()
    }

    fn rows(&self, no: i64) -> Vec<(u16, Money)> {
        self.db
            .voucher(no)
            .unwrap()
            .unwrap()
            .rows
            .iter()
            .map(|p| (p.account.number(), p.amount))
            .collect()
    }

    fn account(&self, customer: i64, account: &str) {
        self.shop
            .set_payment_details(
                customer,
                &PayeeChange {
                    account: Some(account.into()),
                    ..Default::default()
                },
            )
            .unwrap();
    }
}

/// Validate a pain.001 file against the official ISO 20022 XSD (vendored, see
/// tests/fixtures/iso20022/README.md) with xmllint; the error output when it is not valid.
fn assert_valid_pain001(xml: &str, dir: &Path) {
    let file = dir.join("check-pain001.xml");
    std::fs::write(&file, xml).unwrap();
    let xsd =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/iso20022/pain.001.001.03.xsd");
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(&file)
        .output()
        .expect("xmllint is installed (Debian package libxml2-utils; .ci/run installs it)");
    assert!(
        out.status.success(),
        "pain.001 not valid against the XSD:\n{}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A camt.054.001.08 with one debit entry carrying `end_to_end_id`.
fn camt_debit(msg_id: &str, date: &str, ore: i64, end_to_end_id: &str) -> Vec<u8> {
    let amount = format!("{}.{:02}", ore / 100, ore % 100);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.08\">\n<BkToCstmrDbtCdtNtfctn>\n<GrpHdr><MsgId>{msg_id}</MsgId><CreDtTm>2026-12-02T07:00:00</CreDtTm></GrpHdr>\n<Ntfctn><Id>{msg_id}-N</Id><Acct><Id><IBAN>SE4550000000058398257466</IBAN></Id></Acct>\n<Ntry>\n<Amt Ccy=\"SEK\">{amount}</Amt>\n<CdtDbtInd>DBIT</CdtDbtInd>\n<Sts><Cd>BOOK</Cd></Sts>\n<BookgDt><Dt>{date}</Dt></BookgDt>\n<AcctSvcrRef>{msg_id}-0</AcctSvcrRef>\n<NtryDtls>\n<TxDtls>\n<Refs><AcctSvcrRef>{msg_id}-0-0</AcctSvcrRef><EndToEndId>{end_to_end_id}</EndToEndId></Refs>\n<Amt Ccy=\"SEK\">{amount}</Amt>\n</TxDtls>\n</NtryDtls>\n</Ntry>\n</Ntfctn>\n</BkToCstmrDbtCdtNtfctn>\n</Document>\n"
    )
    .into_bytes()
}

fn pain002(msg_id: &str, txs: &[(&str, &str, Option<&str>)]) -> Vec<u8> {
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.03\"><CstmrPmtStsRpt>\n<GrpHdr><MsgId>BANK-{msg_id}</MsgId><CreDtTm>2026-12-01T08:00:00</CreDtTm></GrpHdr>\n<OrgnlGrpInfAndSts><OrgnlMsgId>{msg_id}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>\n<OrgnlPmtInfAndSts><OrgnlPmtInfId>X</OrgnlPmtInfId>\n"
    );
    for (id, sts, reason) in txs {
        x += &format!("<TxInfAndSts><OrgnlEndToEndId>{id}</OrgnlEndToEndId><TxSts>{sts}</TxSts>");
        if let Some(r) = reason {
            x += &format!(
                "<StsRsnInf><Rsn><Cd>{r}</Cd></Rsn><AddtlInf>Kontot finns inte</AddtlInf></StsRsnInf>"
            );
        }
        x += "</TxInfAndSts>\n";
    }
    x += "</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>\n";
    x.into_bytes()
}

/// Credit → proposal → batch → pain.002 accepted / rejected → camt.054 → booked.
#[test]
fn the_whole_cycle_from_credit_note_to_booked_refund() {
    let s = shop();
    let (nr, no) = s.invoice("Åsa Öberg", "1000");
    let customer = s.customer_of(nr);
    // Paid by bank, then credited whole: 1 250,00 kr is owed back.
    let paid = camt(
        "CAMT-IN-1",
        "2026-11-25",
        &[Pay::ocr(125_000, &ocr_reference(no))],
    );
    s.shop.import_bank_bytes(&paid, None).unwrap();
    assert!(
        s.shop.refunds().unwrap().proposals.is_empty(),
        "nothing owed before the credit"
    );
    ledger::credit(&s.db, "test", &Books::default(), nr, None).unwrap();

    let list = s.shop.refunds().unwrap();
    assert_eq!(list.proposals.len(), 1);
    let p = &list.proposals[0];
    assert_eq!(p.id, format!("F{no}"));
    assert_eq!(p.source, RefundSource::Invoice);
    assert_eq!(p.owed, kr("1250"));
    assert_eq!(p.amount, kr("1250"));
    assert_eq!(p.message, format!("Återbetalning order {nr}"));
    assert_eq!(p.payee, None);
    let id = ProposalId::parse(&p.id).unwrap();

    // Without payment details nothing can be sent.
    let e = s.shop.refund_batch(&[], None).unwrap_err();
    assert!(e.to_string().contains("inga återbetalningar"), "{e}");
    let e = s.shop.refund_batch(&[id], None).unwrap_err();
    assert!(e.to_string().contains("saknar betalningsuppgifter"), "{e}");
    s.account(customer, "5000-1001000");

    // Never above what is owed.
    let e = s
        .shop
        .set_refund(id, Some(kr("1250.01")), None)
        .unwrap_err();
    assert!(
        e.to_string().contains("mer än kunden har att få tillbaka"),
        "{e}"
    );
    let e = s.shop.set_refund(id, Some(kr("0")), None).unwrap_err();
    assert!(e.to_string().contains("större än noll"), "{e}");
    let set = s.shop.set_refund(id, Some(kr("1000")), None).unwrap();
    assert_eq!(set.amount, kr("1000"));
    assert!(set.changed_by_hand);

    // The batch: one payment, EndToEndId per refund, valid against the XSD.
    let b1 = s.shop.refund_batch(&[id], None).unwrap();
    assert_eq!(b1.refunds.len(), 1);
    let r1 = &b1.refunds[0];
    let e2e1 = r1.end_to_end_id.clone().unwrap();
    assert_eq!(r1.amount, kr("1000"));
    assert_valid_pain001(&b1.batch.xml, s.dir.path());
    assert!(
        b1.batch
            .xml
            .contains(&format!("<EndToEndId>{e2e1}</EndToEndId>"))
    );
    assert!(b1.batch.xml.contains("<Id>50001001000</Id>"));
    assert!(
        b1.batch
            .xml
            .contains(&format!("<Ustrd>Återbetalning order {nr}</Ustrd>"))
    );
    assert!(
        b1.batch
            .xml
            .contains("<IBAN>SE4550000000058398257466</IBAN>")
    );
    // Written again: the same bytes.
    assert_eq!(
        s.shop.refund_batch_file(b1.batch.id).unwrap().xml,
        b1.batch.xml
    );

    // Sent, not booked: the money is still owed on 1510; the rest (250) is proposed.
    assert_eq!(s.balance(1510), kr("-1250"));
    // Reconciliation's open amount of the invoice is its balance on 1510.
    assert_eq!(s.shop.open_invoice(no).unwrap().open, kr("-1250"));
    let list = s.shop.refunds().unwrap();
    assert_eq!(list.sent.len(), 1);
    assert_eq!(list.proposals.len(), 1);
    assert_eq!(list.proposals[0].owed, kr("250"));
    assert_eq!(list.proposals[0].sent, kr("1000"));
    assert!(!list.proposals[0].changed_by_hand);

    // A second batch takes the rest: a new message id, the first refund not in it.
    let b2 = s.shop.refund_batch(&[], None).unwrap();
    assert_ne!(b2.batch.msg_id, b1.batch.msg_id);
    assert_eq!(b2.refunds.len(), 1);
    assert_eq!(b2.refunds[0].amount, kr("250"));
    assert_valid_pain001(&b2.batch.xml, s.dir.path());
    assert!(!b2.batch.xml.contains(&e2e1));
    // Everything owed is sent: nothing more to batch.
    assert!(s.shop.refunds().unwrap().proposals.is_empty());
    assert!(s.shop.refund_batch(&[], None).is_err());

    // pain.002: the first accepted, the second rejected: it returns with the reason.
    let e2e2 = b2.refunds[0].end_to_end_id.clone().unwrap();
    let st = s
        .shop
        .refund_status(&pain002(&b1.batch.msg_id, &[(&e2e1, "ACCP", None)]))
        .unwrap();
    assert!(!st.lines[0].returned_to_proposals);
    let st = s
        .shop
        .refund_status(&pain002(&b2.batch.msg_id, &[(&e2e2, "RJCT", Some("AC01"))]))
        .unwrap();
    assert!(st.lines[0].returned_to_proposals);
    let list = s.shop.refunds().unwrap();
    assert_eq!(list.proposals.len(), 1);
    assert_eq!(list.proposals[0].owed, kr("250"));
    assert_eq!(
        list.proposals[0].rejected.as_deref(),
        Some("AC01 Kontot finns inte")
    );
    assert_eq!(list.sent.len(), 1);

    // The bank's debit with the first refund's EndToEndId books it: 1510 against 1930.
    let debit = camt_debit("CAMT-OUT-1", "2026-12-02", 100_000, &e2e1);
    let out = s.shop.import_bank_bytes(&debit, None).unwrap();
    assert_eq!(out.payments.len(), 1);
    assert_eq!(out.payments[0].state, State::Matched);
    assert!(matches!(
        out.payments[0].decision.reasons[0],
        Reason::RefundConfirmed { .. }
    ));
    let v = out.payments[0].voucher_no.unwrap();
    assert_eq!(s.rows(v), vec![(1510, kr("1000")), (1930, kr("-1000"))]);
    assert_eq!(s.balance(1510), kr("-250"));
    // The booked refund is no longer counted as money received on the invoice.
    assert_eq!(s.shop.open_invoice(no).unwrap().open, kr("-250"));
    let list = s.shop.refunds().unwrap();
    assert!(list.sent.is_empty());
    assert_eq!(list.proposals[0].owed, kr("250"));
    // The same debit again (the same file): nothing more is booked.
    let again = s.shop.import_bank_bytes(&debit, None).unwrap();
    assert!(again.already_imported);
    assert_eq!(s.balance(1510), kr("-250"));
}

#[test]
fn an_overpayment_credit_on_2420_is_refunded_and_booked_from_2420() {
    let s = shop();
    let (nr, no) = s.invoice("Bo Ek", "1000");
    let customer = s.customer_of(nr);
    let ocr = ocr_reference(no);
    s.shop
        .import_bank_bytes(
            &camt("CAMT-IN-2", "2026-11-25", &[Pay::ocr(130_000, &ocr)]),
            None,
        )
        .unwrap();
    assert_eq!(s.balance(2420), kr("-50"));
    s.shop
        .set_payment_details(
            customer,
            &PayeeChange {
                iban: Some("DE89 3704 0044 0532 0130 00".into()),
                bic: Some("COBADEFFXXX".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let list = s.shop.refunds().unwrap();
    assert_eq!(list.proposals.len(), 1);
    let p = &list.proposals[0];
    assert_eq!(p.source, RefundSource::Payment);
    assert_eq!(p.owed, kr("50"));
    // For a payment's credit the message is the payment reference.
    assert_eq!(p.message, format!("Återbetalning {ocr}"));
    let b = s.shop.refund_batch(&[], None).unwrap();
    assert_valid_pain001(&b.batch.xml, s.dir.path());
    assert!(b.batch.xml.contains("<IBAN>DE89370400440532013000</IBAN>"));
    assert!(b.batch.xml.contains("<BIC>COBADEFFXXX</BIC>"));
    let e2e = b.refunds[0].end_to_end_id.clone().unwrap();
    let out = s
        .shop
        .import_bank_bytes(&camt_debit("CAMT-OUT-2", "2026-12-02", 5_000, &e2e), None)
        .unwrap();
    let v = out.payments[0].voucher_no.unwrap();
    assert_eq!(s.rows(v), vec![(2420, kr("50")), (1930, kr("-50"))]);
    assert_eq!(s.balance(2420), kr("0"));
    assert!(s.shop.refunds().unwrap().proposals.is_empty());
}

#[test]
fn bankgiro_and_plusgiro_payees_are_valid_pain001() {
    let s = shop();
    let (nr1, no1) = s.invoice("Firma Ett AB", "400");
    let (nr2, no2) = s.invoice("Firma Två AB", "800");
    for (nr, no, ore) in [(nr1, no1, 50_000), (nr2, no2, 100_000)] {
        s.shop
            .import_bank_bytes(
                &camt(
                    &format!("IN-{no}"),
                    "2026-11-25",
                    &[Pay::ocr(ore, &ocr_reference(no))],
                ),
                None,
            )
            .unwrap();
        ledger::credit(&s.db, "test", &Books::default(), nr, None).unwrap();
    }
    let giro = |nr: i64, change: PayeeChange| {
        s.shop
            .set_payment_details(s.customer_of(nr), &change)
            .unwrap();
    };
    giro(
        nr1,
        PayeeChange {
            bankgiro: Some("5050-1055".into()),
            ..Default::default()
        },
    );
    giro(
        nr2,
        PayeeChange {
            plusgiro: Some("4711-8".into()),
            ..Default::default()
        },
    );
    let date = chrono::NaiveDate::from_ymd_opt(2099, 1, 15).unwrap();
    let b = s.shop.refund_batch(&[], Some(date)).unwrap();
    assert_eq!(b.refunds.len(), 2);
    assert_valid_pain001(&b.batch.xml, s.dir.path());
    assert!(b.batch.xml.contains("<Prtry>BGNR</Prtry>"));
    assert!(b.batch.xml.contains("<Prtry>PGNR</Prtry>"));
    assert!(
        b.batch
            .xml
            .contains("<ReqdExctnDt>2099-01-15</ReqdExctnDt>")
    );
    assert!(b.batch.xml.contains("<CtrlSum>1500.00</CtrlSum>"));
    // The check can fail: a file without its group header's count is refused by the XSD.
    let broken = b.batch.xml.replacen("<NbOfTxs>2</NbOfTxs>", "", 1);
    let file = s.dir.path().join("broken.xml");
    std::fs::write(&file, broken).unwrap();
    let xsd =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/iso20022/pain.001.001.03.xsd");
    let out = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&xsd)
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn bad_status_and_bank_files_change_nothing() {
    let s = shop();
    let (nr, no) = s.invoice("Åsa Öberg", "1000");
    s.shop
        .import_bank_bytes(
            &camt(
                "IN-3",
                "2026-11-25",
                &[Pay::ocr(125_000, &ocr_reference(no))],
            ),
            None,
        )
        .unwrap();
    ledger::credit(&s.db, "test", &Books::default(), nr, None).unwrap();
    s.account(s.customer_of(nr), "3300-7505092556");
    let b = s.shop.refund_batch(&[], None).unwrap();
    let e2e = b.refunds[0].end_to_end_id.clone().unwrap();
    let before = serde_json::to_string(&s.shop.refunds().unwrap()).unwrap();
    let vouchers = s.balance(1930);

    // An unknown status code: refused, naming the element; nothing changed.
    let e = s
        .shop
        .refund_status(&pain002(&b.batch.msg_id, &[(&e2e, "NOPE", None)]))
        .unwrap_err();
    assert!(e.to_string().contains("TxInfAndSts/TxSts"), "{e}");
    // A payment not in the batch, beside a rejection: the whole file refused.
    let e = s
        .shop
        .refund_status(&pain002(
            &b.batch.msg_id,
            &[
                (&e2e, "RJCT", Some("AC01")),
                ("VRK-REFUND-999", "RJCT", None),
            ],
        ))
        .unwrap_err();
    assert!(e.to_string().contains("VRK-REFUND-999"), "{e}");
    // Another message, not XML, not pain.002.
    assert!(
        s.shop
            .refund_status(&pain002("OTHER-1", &[(&e2e, "RJCT", None)]))
            .is_err()
    );
    assert!(s.shop.refund_status(b"<Document").is_err());
    assert!(s.shop.refund_status(&camt("X", "2026-11-25", &[])).is_err());
    assert_eq!(
        serde_json::to_string(&s.shop.refunds().unwrap()).unwrap(),
        before
    );

    // A corrupted camt.054 debit: refused whole, nothing booked.
    let mut bad = camt_debit("OUT-3", "2026-12-02", 125_000, &e2e);
    let text = String::from_utf8(bad.clone()).unwrap();
    bad = text
        .replace(
            "<Amt Ccy=\"SEK\">1250.00</Amt>\n<CdtDbtInd>",
            "<Amt Ccy=\"SEK\">12x0.00</Amt>\n<CdtDbtInd>",
        )
        .into_bytes();
    assert!(s.shop.import_bank_bytes(&bad, None).is_err());
    assert_eq!(s.balance(1930), vouchers);
    assert_eq!(
        serde_json::to_string(&s.shop.refunds().unwrap()).unwrap(),
        before
    );

    // A debit of another amount, or of no refund: money out on the work list as before.
    let out = s
        .shop
        .import_bank_bytes(&camt_debit("OUT-4", "2026-12-02", 100_000, &e2e), None)
        .unwrap();
    assert_eq!(out.payments[0].state, State::Obs);
    let out = s
        .shop
        .import_bank_bytes(
            &camt_debit("OUT-5", "2026-12-02", 125_000, "SOMEONE-ELSES"),
            None,
        )
        .unwrap();
    assert_eq!(out.payments[0].state, State::Obs);
    assert_eq!(
        s.shop.refunds().unwrap().sent.len(),
        1,
        "still waiting for the bank"
    );
}

/// A refund is in at most one live batch: two workshops (two connections) batching at once
/// send each refund once, and the schema refuses moving a sent refund to another batch.
#[test]
fn a_refund_is_never_in_two_batches() {
    let s = shop();
    for name in ["A Ett", "B Två", "C Tre"] {
        let (nr, no) = s.invoice(name, "100");
        s.shop
            .import_bank_bytes(
                &camt(
                    &format!("IN-{no}"),
                    "2026-11-25",
                    &[Pay::ocr(12_500, &ocr_reference(no))],
                ),
                None,
            )
            .unwrap();
        ledger::credit(&s.db, "test", &Books::default(), nr, None).unwrap();
        s.account(s.customer_of(nr), "5000-1001000");
    }
    let path = s.dir.path().join("verkstad.db");
    let config: Config = toml::from_str(CONFIG).unwrap();
    let handles: Vec<_> = (0..2)
        .map(|i| {
            let shop = Workshop::with_store(
                Database::open(&path).unwrap(),
                path.clone(),
                config.clone(),
                None,
                &format!("kassa{i}"),
            );
            std::thread::spawn(move || shop.refund_batch(&[], None).ok())
        })
        .collect();
    let made: Vec<_> = handles
        .into_iter()
        .filter_map(|h| h.join().unwrap())
        .collect();
    assert_eq!(
        made.len(),
        1,
        "one batch takes everything, the other finds nothing"
    );
    assert_eq!(made[0].refunds.len(), 3);
    // The schema keeps a refund in its batch.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let e = conn
        .execute("UPDATE refunds SET batch = 99 WHERE id = 1", [])
        .unwrap_err();
    assert!(e.to_string().contains("at most one batch"), "{e}");
    assert!(
        conn.execute(
            "UPDATE refunds SET batch = NULL, state = 'proposed' WHERE id = 1",
            []
        )
        .is_err()
    );
}

#[test]
fn payment_details_are_checked_and_audited() {
    let s = shop();
    let (nr, _) = s.invoice("Åsa Öberg", "100");
    let c = s.customer_of(nr);
    let bad = |change: PayeeChange| {
        s.shop
            .set_payment_details(c, &change)
            .unwrap_err()
            .to_string()
    };
    assert!(
        bad(PayeeChange {
            account: Some("5000-1001001".into()),
            ..Default::default()
        })
        .contains("kontrollsiffran")
    );
    assert!(
        bad(PayeeChange {
            account: Some("9999-1001000".into()),
            ..Default::default()
        })
        .contains("clearingnumret")
    );
    assert!(
        bad(PayeeChange {
            iban: Some("SE45 5000 0000 0583 9825 7467".into()),
            ..Default::default()
        })
        .contains("IBAN")
    );
    assert!(
        bad(PayeeChange {
            bic: Some("ESSESESS".into()),
            ..Default::default()
        })
        .contains("Ange ett av")
    );
    assert!(
        bad(PayeeChange {
            account: Some("5000-1001000".into()),
            bankgiro: Some("5050-1055".into()),
            ..Default::default()
        })
        .contains("Ange ett av")
    );
    assert_eq!(s.shop.payment_details(c).unwrap(), None);
    s.account(c, "8327-9, 100 000 000-8");
    assert_eq!(
        s.shop.payment_details(c).unwrap().unwrap().to_string(),
        "83279-1000000008 (Swedbank)"
    );
    s.shop
        .set_payment_details(
            c,
            &PayeeChange {
                clear: true,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(s.shop.payment_details(c).unwrap(), None);
    let events = s.db.audit_events("customer", &c.to_string()).unwrap();
    assert_eq!(
        events
            .iter()
            .filter(|e| e.action == "payment_details")
            .count(),
        2
    );
}

/// "Ändra kund" (F3) saves the customer's fields and its payment details in one transaction:
/// a bad account number or BIC writes neither and names its field; the details are read by
/// how they are written; details saved unchanged write no audit event; both fields emptied
/// remove them.
#[test]
fn the_customer_form_saves_fields_and_payment_details_together() {
    let s = shop();
    let (nr, _) = s.invoice("Åsa Öberg", "100");
    let c = s.customer_of(nr);
    let change = |name: &str, details: &str, bic: &str| CustomerChange {
        name: Some(name.into()),
        payee: Some(PayeeChange::written(details, bic)),
        ..Default::default()
    };
    let refused = |details: &str, bic: &str| {
        s.shop
            .update_customer(c, &change("Åsa Berg", details, bic))
            .unwrap_err()
    };
    let err = refused("5000-1001001", "");
    assert_eq!(err.field(), Some(InputField::PaymentDetails));
    assert!(err.to_string().contains("kontrollsiffran"), "{err}");
    assert_eq!(
        refused("BG 5050-1056", "").field(),
        Some(InputField::PaymentDetails)
    );
    assert_eq!(
        refused("5000-1001000", "ESSESESS").field(),
        Some(InputField::Bic)
    );
    assert_eq!(
        refused("SE45 5000 0000 0583 9825 7466", "ESSE").field(),
        Some(InputField::Bic)
    );
    assert_eq!(
        s.shop.customer(c).unwrap().name,
        "Åsa Öberg",
        "nothing written"
    );
    assert_eq!(s.shop.payment_details(c).unwrap(), None);

    let saved = s
        .shop
        .update_customer(
            c,
            &change("Åsa Berg", "SE45 5000 0000 0583 9825 7466", "ESSESESS"),
        )
        .unwrap();
    assert_eq!(saved.name, "Åsa Berg");
    let details = || s.shop.payment_details(c).unwrap().map(|p| p.to_string());
    assert_eq!(
        details().as_deref(),
        Some("IBAN SE45 5000 0000 0583 9825 7466, BIC ESSESESS")
    );
    // Only the name changed, the details sent back as the form shows them.
    s.shop
        .update_customer(
            c,
            &change(
                "Åsa Berg-Öberg",
                "SE45 5000 0000 0583 9825 7466",
                "ESSESESS",
            ),
        )
        .unwrap();
    s.shop
        .update_customer(c, &change("Åsa Berg-Öberg", "bg 5050-1055", ""))
        .unwrap();
    assert_eq!(details().as_deref(), Some("BG 5050-1055"));
    s.shop
        .update_customer(c, &change("Åsa Berg-Öberg", "", ""))
        .unwrap();
    assert_eq!(details(), None);
    let events = s.db.audit_events("customer", &c.to_string()).unwrap();
    let count = |action: &str| events.iter().filter(|e| e.action == action).count();
    assert_eq!(count("payment_details"), 3, "IBAN, bankgiro, removed");
    assert_eq!(count("update"), 4);
}

#[test]
fn a_batch_needs_the_company_iban() {
    let s = shop_with("");
    let (nr, no) = s.invoice("Åsa Öberg", "100");
    s.shop
        .import_bank_bytes(
            &camt(
                "IN-9",
                "2026-11-25",
                &[Pay::ocr(12_500, &ocr_reference(no))],
            ),
            None,
        )
        .unwrap();
    ledger::credit(&s.db, "test", &Books::default(), nr, None).unwrap();
    s.account(s.customer_of(nr), "5000-1001000");
    let e = s.shop.refund_batch(&[], None).unwrap_err();
    assert!(e.to_string().contains("[company] iban"), "{e}");
    // The default prefix.
    assert_eq!(
        s.shop.refunds().unwrap().proposals[0].message,
        format!("Återbetalning order {nr}")
    );
}

mod never_above_the_debt {
    use super::*;
    use proptest::prelude::*;

    /// One step a user or the bank may take.
    #[derive(Debug, Clone)]
    enum Step {
        /// `refund set` with this amount in öre (refused when above what is owed).
        Set(i64),
        /// `refund batch` of everything.
        Batch,
        /// The bank rejects the newest batch whole (pain.002 group RJCT).
        Reject,
        /// The bank's debit for the oldest sent refund (camt.054).
        Confirm,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (1i64..200_000).prop_map(Step::Set),
            Just(Step::Batch),
            Just(Step::Reject),
            Just(Step::Confirm),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        /// Whatever is set, sent, rejected and confirmed: what is sent and booked together never
        /// exceeds the 1 250,00 kr owed, a proposal never asks more than is owed, 1510 never
        /// goes above zero for the credited invoice, and reconciliation's open amount of the
        /// invoice is its balance on 1510.
        #[test]
        fn refunds_never_exceed_what_is_owed(steps in proptest::collection::vec(step(), 1..10)) {
            let s = shop();
            let (nr, no) = s.invoice("Åsa Öberg", "1000");
            s.shop
                .import_bank_bytes(&camt("IN-P", "2026-11-25", &[Pay::ocr(125_000, &ocr_reference(no))]), None)
                .unwrap();
            ledger::credit(&s.db, "test", &Books::default(), nr, None).unwrap();
            s.account(s.customer_of(nr), "5000-1001000");
            let id = ProposalId::parse(&format!("F{no}")).unwrap();
            let mut batches: Vec<String> = Vec::new();
            let mut confirmed = 0;
            for st in steps {
                match st {
                    Step::Set(ore) => {
                        let owed = s.shop.refunds().unwrap().proposals.first().map(|p| p.owed);
                        let r = s.shop.set_refund(id, Some(Money::from_ore(ore)), None);
                        match owed {
                            Some(o) if Money::from_ore(ore) <= o => prop_assert!(r.is_ok()),
                            _ => prop_assert!(r.is_err()),
                        }
                    }
                    Step::Batch => {
                        if let Ok(b) = s.shop.refund_batch(&[], None) {
                            batches.push(b.batch.msg_id);
                        }
                    }
                    Step::Reject => {
                        if let Some(m) = batches.last() {
                            let x = format!(
                                "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.03\"><CstmrPmtStsRpt><OrgnlGrpInfAndSts><OrgnlMsgId>{m}</OrgnlMsgId><GrpSts>RJCT</GrpSts></OrgnlGrpInfAndSts></CstmrPmtStsRpt></Document>"
                            );
                            s.shop.refund_status(x.as_bytes()).unwrap();
                        }
                    }
                    Step::Confirm => {
                        let list = s.shop.refunds().unwrap();
                        if let Some(r) = list.sent.iter().min_by_key(|r| r.id) {
                            confirmed += 1;
                            let e2e = r.end_to_end_id.clone().unwrap();
                            s.shop
                                .import_bank_bytes(
                                    &camt_debit(&format!("OUT-P{confirmed}"), "2026-12-02", r.amount.ore(), &e2e),
                                    None,
                                )
                                .unwrap();
                        }
                    }
                }
                let list = s.shop.refunds().unwrap();
                let sent: Money = list.sent.iter().map(|r| r.amount).sum();
                let booked = s.balance(1510) + kr("1250");
                prop_assert!(booked >= Money::ZERO);
                prop_assert!(s.balance(1510) <= Money::ZERO);
                prop_assert!(sent + booked <= kr("1250"), "sent {sent} + booked {booked}");
                // Reconciliation's open amount of the invoice is its balance on 1510.
                prop_assert_eq!(s.shop.open_invoice(no).unwrap().open, s.balance(1510));
                for p in &list.proposals {
                    prop_assert!(p.owed > Money::ZERO);
                    prop_assert!(p.amount <= p.owed);
                    prop_assert_eq!(p.owed, kr("1250") - sent - booked);
                }
            }
        }
    }
}

/// The refunds screen's effects (Shift+F12) run the workshop's use cases on a real SQLite file:
/// B writes the batch's pain.001 file to the path typed, A is refused above the debt at the
/// amount field, S reads a pain.002 file from its path, F3 reads the proposal's customer.
#[test]
fn the_screens_effects_run_the_workshops_use_cases() {
    use verkstad::app::InputField;
    use verkstad::domain::Lang;
    use verkstad::tui::model::{Effect, Event};
    use verkstad::tui::worker::refunds::apply;

    let s = shop();
    let (nr, no) = s.invoice("Åsa Öberg", "1000");
    s.shop
        .import_bank_bytes(
            &camt(
                "CAMT-IN-1",
                "2026-11-25",
                &[Pay::ocr(125_000, &ocr_reference(no))],
            ),
            None,
        )
        .unwrap();
    ledger::credit(&s.db, "test", &Books::default(), nr, None).unwrap();
    s.account(s.customer_of(nr), "5000-1001000");
    let w = &s.shop;
    let id = ProposalId::parse(&format!("F{no}")).unwrap();
    let loaded = |out: &[Event]| {
        out.iter()
            .find_map(|e| match e {
                Event::RefundsLoaded(l) => Some((**l).clone()),
                _ => None,
            })
            .expect("the refunds read again")
    };
    let done = |out: &[Event]| -> String {
        out.iter()
            .find_map(|e| match e {
                Event::Done { text, error: false } => Some(text.clone()),
                _ => None,
            })
            .expect("a message")
    };

    // Shift+F12: the proposal.
    let out = apply(w, Lang::Sv, &Effect::LoadRefunds).unwrap();
    assert_eq!(loaded(&out).proposals[0].owed, kr("1250"));

    // F3 on the proposal: its customer with the payment details, for the form.
    let customer = loaded(&out).proposals[0].customer_no;
    let out = apply(w, Lang::Sv, &Effect::LoadCustomer(customer)).unwrap();
    assert!(
        matches!(&out[..], [Event::CustomerLoaded(c, Some(p))]
            if c.name == "Åsa Öberg" && p.to_string() == "5000-1001000 (SEB)"),
        "{out:?}"
    );
    let out = apply(w, Lang::Sv, &Effect::LoadCustomer(99_999)).unwrap();
    assert!(
        matches!(&out[..], [Event::Done { error: true, text }] if text.contains("99999")),
        "{out:?}"
    );

    // A above the debt: refused at the amount field, nothing stored.
    let out = apply(
        w,
        Lang::Sv,
        &Effect::SetRefund {
            id,
            amount: kr("1250.01"),
            date: None,
        },
    )
    .unwrap();
    assert!(
        matches!(&out[..], [Event::FormFailed { field: Some(InputField::RefundAmount), text }]
            if text.contains("mer än kunden har att få tillbaka")),
        "{out:?}"
    );
    // A within the debt: saved, the list read again.
    let out = apply(
        w,
        Lang::Sv,
        &Effect::SetRefund {
            id,
            amount: kr("1000"),
            date: None,
        },
    )
    .unwrap();
    assert!(matches!(out[0], Event::FormSaved), "{out:?}");
    assert_eq!(loaded(&out).proposals[0].amount, kr("1000"));

    // B: the batch made and its file written where the path says; valid pain.001.
    let file = s.dir.path().join("aterbetalningar-2026-11-30.xml");
    let out = apply(
        w,
        Lang::Sv,
        &Effect::RefundBatch {
            ids: vec![],
            path: file.clone(),
        },
    )
    .unwrap();
    assert!(matches!(out[0], Event::FormSaved), "{out:?}");
    let written = std::fs::read_to_string(&file).unwrap();
    assert_valid_pain001(&written, s.dir.path());
    assert_eq!(written, w.refund_batch_file(1).unwrap().xml);
    let text = done(&out);
    assert!(
        text.contains("1 återbetalningar, 1 000,00 kr, skriven till")
            && text.contains("aterbetalningar-2026-11-30.xml"),
        "{text}"
    );
    let list = loaded(&out);
    assert_eq!(list.sent.len(), 1);
    assert_eq!(list.sent[0].batch, Some(1));
    // 250 kr is still owed: proposed again.
    assert_eq!(list.proposals[0].owed, kr("250"));

    // B to a path that cannot be written: said at the field; the batch stands.
    let out = apply(
        w,
        Lang::Sv,
        &Effect::RefundBatch {
            ids: vec![],
            path: s.dir.path().join("saknas").join("x.xml"),
        },
    )
    .unwrap();
    assert!(
        matches!(&out[..], [Event::FormFailed { text, .. }]
            if text.contains("Omgång 2 är gjord") && text.contains("refund file 2")),
        "{out:?}"
    );

    // S: the bank's status read from its path; rejected money back among the proposals.
    let msg_id = w.refund_batch_file(1).unwrap().msg_id;
    let status = s.dir.path().join("pain002.xml");
    std::fs::write(
        &status,
        pain002(
            &msg_id,
            &[(
                &list.sent[0].end_to_end_id.clone().unwrap(),
                "RJCT",
                Some("AC01"),
            )],
        ),
    )
    .unwrap();
    let out = apply(w, Lang::Sv, &Effect::RefundStatus(status)).unwrap();
    assert!(
        done(&out).contains("1 betalningar, 0 godkända, 1 avvisade"),
        "{out:?}"
    );
    // A missing status file: at the field.
    let out = apply(
        w,
        Lang::Sv,
        &Effect::RefundStatus(s.dir.path().join("saknas.xml")),
    )
    .unwrap();
    assert!(
        matches!(&out[..], [Event::FormFailed { text, .. }] if text.contains("saknas.xml")),
        "{out:?}"
    );
}
