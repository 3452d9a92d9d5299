//! The pain.001.001.03 file (ISO 20022 Customer Credit Transfer Initiation, version 3) a batch
//! of refunds is written as.
//!
//! Why version 3: it is the version Swedish banks take for customer credit transfers (the
//! Swedish Common Interpretation of ISO 20022 payment messages, Bankföreningen, and the banks'
//! MIGs are written for pain.001.001.03; Visma moved its payment files to .03), see
//! shared/docs/nordic-conventions.md §4b. The file is checked against the official XSD in the
//! tests (tests/fixtures/iso20022/).
//!
//! Shape (one `PmtInf` per execution date and debit account: a batch has one date):
//! `GrpHdr` (MsgId, CreDtTm, NbOfTxs, CtrlSum = the sum of the written amounts, InitgPty with
//! the organisation number without dash), `PmtInf` (TRF, service level NURG, the date, the
//! company's IBAN and BIC), and per refund a `CdtTrfTxInf`: `InstrId` and `EndToEndId` = the
//! refund's id (it comes back in pain.002 and camt.054), the amount in SEK with a dot and two
//! decimals, the creditor's bank (`SESBA` + the clearing number; 9900 Bankgirot, 9960
//! PlusGirot; a BIC for an IBAN when known), the creditor's name and country, the account
//! (IBAN, BBAN = clearing + account digits, `BGNR` or `PGNR`), and `RmtInf/Ustrd` the message.

use chrono::{NaiveDate, NaiveDateTime};

use super::Payee;
use crate::domain::Money;

/// The company that pays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Debtor {
    pub name: String,
    /// Organisationsnummer (any form; written as digits).
    pub orgnr: String,
    /// Electronic IBAN.
    pub iban: String,
    /// None: `NOTPROVIDED`.
    pub bic: Option<String>,
}

/// One refund in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    pub end_to_end_id: String,
    pub amount: Money,
    pub creditor: String,
    pub payee: Payee,
    pub message: String,
}

/// The refunds of one execution date (one `PmtInf`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub payment_info_id: String,
    pub pay_on: NaiveDate,
    pub transfers: Vec<Transfer>,
}

/// A batch as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub msg_id: String,
    pub created_at: NaiveDateTime,
    pub debtor: Debtor,
    pub groups: Vec<Group>,
}

/// XML text: `&` is written `+` (Swedish banks refuse or transliterate it), then the markup
/// characters are escaped; control characters become spaces. `max` characters at most.
fn text(s: &str, max: usize) -> String {
    let mut out = String::new();
    for c in s.trim().chars().take(max) {
        match c {
            '&' => out.push('+'),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `1234.50`: a dot and two decimals.
fn amount(m: Money) -> String {
    let ore = m.ore();
    format!("{}.{:02}", ore / 100, (ore % 100).abs())
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// The file, as UTF-8 bytes' text. The same batch gives the same text.
pub fn write(b: &Batch) -> String {
    let all = || b.groups.iter().flat_map(|g| g.transfers.iter());
    let sum: Money = all().map(|t| t.amount).sum();
    let n = all().count();
    let mut x = String::new();
    let mut line = |indent: usize, s: &str| {
        for _ in 0..indent {
            x.push_str("  ");
        }
        x.push_str(s);
        x.push('\n');
    };
    line(0, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    line(
        0,
        r#"<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    );
    line(1, "<CstmrCdtTrfInitn>");
    line(2, "<GrpHdr>");
    line(3, &format!("<MsgId>{}</MsgId>", text(&b.msg_id, 35)));
    line(
        3,
        &format!(
            "<CreDtTm>{}</CreDtTm>",
            b.created_at.format("%Y-%m-%dT%H:%M:%S")
        ),
    );
    line(3, &format!("<NbOfTxs>{n}</NbOfTxs>"));
    line(3, &format!("<CtrlSum>{}</CtrlSum>", amount(sum)));
    line(3, "<InitgPty>");
    line(4, &format!("<Nm>{}</Nm>", text(&b.debtor.name, 70)));
    line(
        4,
        &format!(
            "<Id><OrgId><Othr><Id>{}</Id></Othr></OrgId></Id>",
            digits(&b.debtor.orgnr)
        ),
    );
    line(3, "</InitgPty>");
    line(2, "</GrpHdr>");
    for g in &b.groups {
        let sum: Money = g.transfers.iter().map(|t| t.amount).sum();
        let n = g.transfers.len();
        line(2, "<PmtInf>");
        line(
            3,
            &format!("<PmtInfId>{}</PmtInfId>", text(&g.payment_info_id, 35)),
        );
        line(3, "<PmtMtd>TRF</PmtMtd>");
        line(3, "<BtchBookg>false</BtchBookg>");
        line(3, &format!("<NbOfTxs>{n}</NbOfTxs>"));
        line(3, &format!("<CtrlSum>{}</CtrlSum>", amount(sum)));
        line(3, "<PmtTpInf><SvcLvl><Cd>NURG</Cd></SvcLvl></PmtTpInf>");
        line(
            3,
            &format!("<ReqdExctnDt>{}</ReqdExctnDt>", g.pay_on.format("%Y-%m-%d")),
        );
        line(
            3,
            &format!(
                "<Dbtr><Nm>{}</Nm><PstlAdr><Ctry>SE</Ctry></PstlAdr><Id><OrgId><Othr><Id>{}</Id></Othr></OrgId></Id></Dbtr>",
                text(&b.debtor.name, 70),
                digits(&b.debtor.orgnr)
            ),
        );
        line(
            3,
            &format!(
                "<DbtrAcct><Id><IBAN>{}</IBAN></Id><Ccy>SEK</Ccy></DbtrAcct>",
                text(&b.debtor.iban, 34)
            ),
        );
        let agent = match &b.debtor.bic {
            Some(bic) => format!("<BIC>{}</BIC>", text(bic, 11)),
            None => "<Othr><Id>NOTPROVIDED</Id></Othr>".to_owned(),
        };
        line(
            3,
            &format!("<DbtrAgt><FinInstnId>{agent}</FinInstnId></DbtrAgt>"),
        );
        line(3, "<ChrgBr>SHAR</ChrgBr>");
        for t in &g.transfers {
            let id = text(&t.end_to_end_id, 35);
            line(3, "<CdtTrfTxInf>");
            line(
                4,
                &format!("<PmtId><InstrId>{id}</InstrId><EndToEndId>{id}</EndToEndId></PmtId>"),
            );
            line(
                4,
                &format!(
                    r#"<Amt><InstdAmt Ccy="SEK">{}</InstdAmt></Amt>"#,
                    amount(t.amount)
                ),
            );
            let sesba = |mmb: &str| {
                format!(
                    "<CdtrAgt><FinInstnId><ClrSysMmbId><ClrSysId><Cd>SESBA</Cd></ClrSysId><MmbId>{mmb}</MmbId></ClrSysMmbId></FinInstnId></CdtrAgt>"
                )
            };
            let (agent, country, account) = match &t.payee {
                Payee::Account(a) => (
                    Some(sesba(a.clearing4())),
                    "SE".to_owned(),
                    format!(
                        "<Othr><Id>{}</Id><SchmeNm><Cd>BBAN</Cd></SchmeNm></Othr>",
                        a.bban()
                    ),
                ),
                Payee::Iban { iban, bic } => (
                    bic.as_ref().map(|b| {
                        format!(
                            "<CdtrAgt><FinInstnId><BIC>{}</BIC></FinInstnId></CdtrAgt>",
                            b.as_str()
                        )
                    }),
                    iban.country().to_owned(),
                    format!("<IBAN>{}</IBAN>", iban.electronic()),
                ),
                Payee::Bankgiro { number } => (
                    Some(sesba("9900")),
                    "SE".to_owned(),
                    format!(
                        "<Othr><Id>{}</Id><SchmeNm><Prtry>BGNR</Prtry></SchmeNm></Othr>",
                        digits(number)
                    ),
                ),
                Payee::Plusgiro { number } => (
                    Some(sesba("9960")),
                    "SE".to_owned(),
                    format!(
                        "<Othr><Id>{}</Id><SchmeNm><Prtry>PGNR</Prtry></SchmeNm></Othr>",
                        digits(number)
                    ),
                ),
            };
            if let Some(agent) = agent {
                line(4, &agent);
            }
            line(
                4,
                &format!(
                    "<Cdtr><Nm>{}</Nm><PstlAdr><Ctry>{country}</Ctry></PstlAdr></Cdtr>",
                    text(&t.creditor, 70)
                ),
            );
            line(4, &format!("<CdtrAcct><Id>{account}</Id></CdtrAcct>"));
            if !t.message.trim().is_empty() {
                line(
                    4,
                    &format!("<RmtInf><Ustrd>{}</Ustrd></RmtInf>", text(&t.message, 140)),
                );
            }
            line(3, "</CdtTrfTxInf>");
        }
        line(2, "</PmtInf>");
    }
    line(1, "</CstmrCdtTrfInitn>");
    line(0, "</Document>");
    x
}
