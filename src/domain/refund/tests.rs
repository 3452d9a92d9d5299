use chrono::NaiveDate;

use super::pain001::{Batch, Debtor, Group, Transfer, write};
use super::pain002::{Problem, TxStatus, parse};
use super::*;
use crate::domain::Money;

fn batch() -> Batch {
    Batch {
        msg_id: "VRK-R1-20261130120000".into(),
        created_at: NaiveDate::from_ymd_opt(2026, 11, 30)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap(),
        debtor: Debtor {
            name: "Bilverkstaden & Co AB".into(),
            orgnr: "556677-8899".into(),
            iban: "SE4550000000058398257466".into(),
            bic: Some("ESSESESS".into()),
        },
        groups: vec![Group {
            payment_info_id: "VRK-R1".into(),
            pay_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            transfers: vec![
                Transfer {
                    end_to_end_id: "VRK-REFUND-1".into(),
                    amount: Money::from_ore(125_050),
                    creditor: "Åsa Öberg".into(),
                    payee: Payee::account("5000-1001000").unwrap(),
                    message: remittance("Återbetalning", "order 10042"),
                },
                Transfer {
                    end_to_end_id: "VRK-REFUND-2".into(),
                    amount: Money::from_ore(5),
                    creditor: "Firma <AB>".into(),
                    payee: Payee::bankgiro("5050-1055").unwrap(),
                    message: String::new(),
                },
            ],
        }],
    }
}

#[test]
fn pain001_has_the_sum_the_ids_and_escaped_text() {
    let x = write(&batch());
    assert!(x.contains("<CtrlSum>1250.55</CtrlSum>"), "{x}");
    assert!(x.contains("<NbOfTxs>2</NbOfTxs>"));
    assert!(x.contains("<EndToEndId>VRK-REFUND-1</EndToEndId>"));
    assert!(x.contains(r#"<InstdAmt Ccy="SEK">0.05</InstdAmt>"#));
    assert!(x.contains("<Id>50001001000</Id><SchmeNm><Cd>BBAN</Cd>"));
    assert!(x.contains("<MmbId>5000</MmbId>"));
    assert!(x.contains("<MmbId>9900</MmbId>"));
    assert!(x.contains("<Prtry>BGNR</Prtry>"));
    assert!(x.contains("<Nm>Bilverkstaden + Co AB</Nm>"));
    assert!(x.contains("<Nm>Firma &lt;AB&gt;</Nm>"));
    assert!(x.contains("<Ustrd>Återbetalning order 10042</Ustrd>"));
    assert!(x.contains("<Id>5566778899</Id>"));
    // The same batch, the same text.
    assert_eq!(x, write(&batch()));
}

#[test]
fn remittance_is_prefix_and_reference_at_most_140() {
    assert_eq!(remittance("", "order 7"), "order 7");
    assert_eq!(remittance(" Retur ", "order 7"), "Retur order 7");
    assert_eq!(remittance("x", &"å".repeat(200)).chars().count(), 140);
}

#[test]
fn proposal_ids_read_back() {
    for s in ["F41", "f41", "I17"] {
        let p = ProposalId::parse(s).unwrap();
        assert_eq!(p.to_string(), s.to_uppercase());
    }
    for s in ["", "F", "X1", "F-1", "F1a", "F99999999999999999999"] {
        assert_eq!(ProposalId::parse(s), None, "{s}");
    }
}

const PAIN002: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
  <CstmrPmtStsRpt>
    <GrpHdr><MsgId>BANK-1</MsgId><CreDtTm>2026-12-01T08:00:00</CreDtTm></GrpHdr>
    <OrgnlGrpInfAndSts><OrgnlMsgId>VRK-R1-20261130120000</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId><GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>
    <OrgnlPmtInfAndSts>
      <OrgnlPmtInfId>VRK-R1</OrgnlPmtInfId>
      <TxInfAndSts><OrgnlEndToEndId>VRK-REFUND-1</OrgnlEndToEndId><TxSts>ACCP</TxSts></TxInfAndSts>
      <TxInfAndSts><OrgnlEndToEndId>VRK-REFUND-2</OrgnlEndToEndId><TxSts>RJCT</TxSts>
        <StsRsnInf><Rsn><Cd>AC01</Cd></Rsn><AddtlInf>Felaktigt kontonummer</AddtlInf></StsRsnInf></TxInfAndSts>
    </OrgnlPmtInfAndSts>
  </CstmrPmtStsRpt>
</Document>"#;

#[test]
fn pain002_reads_status_and_reason_per_payment() {
    let r = parse(PAIN002.as_bytes()).unwrap();
    assert_eq!(r.original_msg_id, "VRK-R1-20261130120000");
    assert_eq!(r.transactions.len(), 2);
    assert_eq!(r.transactions[0].status, TxStatus::Accepted);
    assert_eq!(r.transactions[1].status, TxStatus::Rejected);
    assert_eq!(
        r.transactions[1].reason.as_deref(),
        Some("AC01 Felaktigt kontonummer")
    );
}

#[test]
fn a_bad_pain002_names_the_element() {
    let e = parse(b"not xml").unwrap_err();
    assert!(matches!(e.problem, Problem::NotXml(_)));
    let e = parse(
        PAIN002
            .replace("<TxSts>ACCP</TxSts>", "<TxSts>OOPS</TxSts>")
            .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(e.element, "TxInfAndSts/TxSts");
    assert_eq!(e.problem, Problem::UnknownStatus("OOPS".into()));
    let e = parse(
        PAIN002
            .replace("<OrgnlEndToEndId>VRK-REFUND-1</OrgnlEndToEndId>", "")
            .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(e.element, "TxInfAndSts/OrgnlEndToEndId");
    let e = parse(
        PAIN002
            .replace("pain.002.001.03", "camt.054.001.02")
            .as_bytes(),
    )
    .unwrap_err();
    assert_eq!(e.problem, Problem::NotPain002);
}

#[test]
fn written_details_say_their_kind() {
    use super::{WrittenKind as K, written_kind};
    let cases = [
        ("5000-1001000", Some((K::Account, "5000-1001000"))),
        (
            "  8000-1, 100 000 000-8 ",
            Some((K::Account, "8000-1, 100 000 000-8")),
        ),
        (
            "SE45 5000 0000 0583 9825 7466",
            Some((K::Iban, "SE45 5000 0000 0583 9825 7466")),
        ),
        (
            "iban: se4550000000058398257466",
            Some((K::Iban, "se4550000000058398257466")),
        ),
        ("BG 5050-1055", Some((K::Bankgiro, "5050-1055"))),
        ("bankgiro:5050-1055", Some((K::Bankgiro, "5050-1055"))),
        ("bg5050-1055", Some((K::Bankgiro, "5050-1055"))),
        ("PG 4711-8", Some((K::Plusgiro, "4711-8"))),
        ("Plusgiro 12 34 56-6", Some((K::Plusgiro, "12 34 56-6"))),
        // A Bulgarian IBAN starts "BG" too, but goes on with letters.
        (
            "BG80 BNBG 9661 1020 3456 78",
            Some((K::Iban, "BG80 BNBG 9661 1020 3456 78")),
        ),
        ("", None),
        ("   ", None),
    ];
    for (text, want) in cases {
        assert_eq!(written_kind(text), want, "{text:?}");
    }
}

#[test]
fn a_payee_written_reads_back_as_itself() {
    let payees = [
        Payee::account("5000-1001000").unwrap(),
        Payee::account("8000-1, 100 000 000-8").unwrap(),
        Payee::iban("SE4550000000058398257466", Some("ESSESESS")).unwrap(),
        Payee::iban("DE89370400440532013000", None).unwrap(),
        Payee::bankgiro("5050-1055").unwrap(),
        Payee::plusgiro("4711-8").unwrap(),
    ];
    for p in payees {
        let (text, bic) = p.written();
        let (kind, number) = written_kind(&text).unwrap();
        let back = match kind {
            super::WrittenKind::Account => Payee::account(number),
            super::WrittenKind::Iban => Payee::iban(number, (!bic.is_empty()).then_some(&*bic)),
            super::WrittenKind::Bankgiro => Payee::bankgiro(number),
            super::WrittenKind::Plusgiro => Payee::plusgiro(number),
        };
        assert_eq!(back.as_ref(), Ok(&p), "{text:?} {bic:?}");
    }
}
