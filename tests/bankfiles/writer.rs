//! Writers of BgMax and camt.054 files for the tests: whatever they are given, the files they
//! write are valid (totals and counts agree), so a reader that refuses one is wrong.

use verkstad::bankfiles::{IncomingFile, ReferenceKind};
use verkstad::domain::Money;

/// One 80-character BgMax record: `code`, then `(position, text)` pairs (1-based positions).
pub fn rec(code: &str, fields: &[(usize, &str)]) -> String {
    let mut line: Vec<char> = vec![' '; 80];
    for (i, c) in code.chars().enumerate() {
        line[i] = c;
    }
    for (pos, text) in fields {
        for (i, c) in text.chars().enumerate() {
            line[pos - 1 + i] = c;
        }
    }
    line.into_iter().collect()
}

/// Records as ISO-8859-1 bytes, CRLF after each.
pub fn latin1(lines: &[String]) -> Vec<u8> {
    let mut out = Vec::new();
    for l in lines {
        out.extend(
            l.chars()
                .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?')),
        );
        out.extend_from_slice(b"\r\n");
    }
    out
}

fn num(n: u64, width: usize) -> String {
    format!("{n:0width$}")
}

/// A payment of a generated BgMax file.
#[derive(Debug, Clone)]
pub struct BgPayment {
    pub ore: u64,
    /// TK21 instead of TK20.
    pub deduction: bool,
    /// An OCR number (reference code 2) or free text (code 4); `None` is code 1.
    pub ocr: Option<String>,
    pub text: Option<String>,
    /// TK22 (positive) / TK23 (negative) extra references: (öre, positive).
    pub extra: Vec<(u64, bool)>,
    pub name: Option<String>,
}

/// BgMax records (TK01 … TK70) for `deposits`, each deposit's TK15 and the TK70 right.
pub fn bgmax_lines(deposits: &[Vec<BgPayment>]) -> Vec<String> {
    let mut lines = vec![rec(
        "01",
        &[
            (3, "BGMAX"),
            (23, "01"),
            (25, "20261130073000000000"),
            (45, "P"),
        ],
    )];
    let (mut n20, mut n21, mut n22, mut serial) = (0, 0, 0, 0u64);
    for (d, payments) in deposits.iter().enumerate() {
        lines.push(rec("05", &[(3, "0009912346"), (23, "SEK")]));
        let mut total: i128 = 0;
        for p in payments {
            serial += 1;
            let (refcode, reference) = match (&p.ocr, &p.text) {
                (Some(o), _) => ("2", format!("{o:>25}")),
                (None, Some(t)) => ("4", t.clone()),
                (None, None) => ("1", String::new()),
            };
            let kind = if p.deduction { "21" } else { "20" };
            let mut f = vec![
                (3, "0003783511".to_string()),
                (13, reference),
                (38, num(p.ore, 18)),
                (56, refcode.to_string()),
                (57, "1".to_string()),
                (58, num(serial, 12)),
                (70, "0".to_string()),
            ];
            if p.deduction {
                f.push((71, "0".to_string()));
                n21 += 1;
                total -= i128::from(p.ore);
            } else {
                n20 += 1;
                total += i128::from(p.ore);
            }
            let f: Vec<(usize, &str)> = f.iter().map(|(p, s)| (*p, s.as_str())).collect();
            lines.push(rec(kind, &f));
            for (ore, positive) in &p.extra {
                n22 += 1;
                let amount = num(*ore, 18);
                let code = if *positive { "22" } else { "23" };
                lines.push(rec(
                    code,
                    &[
                        (3, "0000000000"),
                        (13, "Faktura 7"),
                        (38, amount.as_str()),
                        (56, "4"),
                    ],
                ));
            }
            if let Some(name) = &p.name {
                lines.push(rec("26", &[(3, name.as_str())]));
            }
        }
        // A deposit's net amount is never negative in a real file; the generator keeps it so.
        let total = u64::try_from(total).expect("generated deposits are not negative");
        let serial = num(d as u64 + 1, 5);
        let amount = num(total, 18);
        let count = num(payments.len() as u64, 8);
        lines.push(rec(
            "15",
            &[
                (3, "99123467"),
                (38, "20261127"),
                (46, serial.as_str()),
                (51, amount.as_str()),
                (69, "SEK"),
                (72, count.as_str()),
            ],
        ));
    }
    let counts = [
        num(n20, 8),
        num(n21, 8),
        num(n22, 8),
        num(deposits.len() as u64, 8),
    ];
    lines.push(rec(
        "70",
        &[
            (3, counts[0].as_str()),
            (11, counts[1].as_str()),
            (19, counts[2].as_str()),
            (27, counts[3].as_str()),
        ],
    ));
    lines
}

/// A transaction of a generated camt.054 entry.
#[derive(Debug, Clone)]
pub struct CamtTx {
    pub ore: u64,
    pub reference: Option<String>,
    pub ustrd: Option<String>,
}

/// A camt.054.001.08 file: one notification, entries of (debit?, transactions), each entry's
/// amount the sum of its transactions.
pub fn camt(entries: &[(bool, Vec<CamtTx>)]) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.08\">\n<BkToCstmrDbtCdtNtfctn>\n<GrpHdr><MsgId>GEN-1</MsgId><CreDtTm>2026-11-30T07:00:00</CreDtTm></GrpHdr>\n<Ntfctn><Id>GEN-N</Id><Acct><Id><IBAN>SE4550000000058398257466</IBAN></Id></Acct>\n",
    );
    for (i, (debit, txs)) in entries.iter().enumerate() {
        let sum: u64 = txs.iter().map(|t| t.ore).sum();
        let ind = if *debit { "DBIT" } else { "CRDT" };
        x += &format!(
            "<Ntry>\n<Amt Ccy=\"SEK\">{}</Amt>\n<CdtDbtInd>{ind}</CdtDbtInd>\n<Sts><Cd>BOOK</Cd></Sts>\n<BookgDt><Dt>2026-11-27</Dt></BookgDt>\n<AcctSvcrRef>E{i}</AcctSvcrRef>\n<NtryDtls>\n",
            kr(sum)
        );
        for (k, t) in txs.iter().enumerate() {
            x += &format!(
                "<TxDtls>\n<Refs><AcctSvcrRef>E{i}-{k}</AcctSvcrRef></Refs>\n<Amt Ccy=\"SEK\">{}</Amt>\n<RmtInf>",
                kr(t.ore)
            );
            if let Some(u) = &t.ustrd {
                x += &format!("<Ustrd>{u}</Ustrd>");
            }
            if let Some(r) = &t.reference {
                x += &format!("<Strd><CdtrRefInf><Ref>{r}</Ref></CdtrRefInf></Strd>");
            }
            x += "</RmtInf>\n</TxDtls>\n";
        }
        x += "</NtryDtls>\n</Ntry>\n";
    }
    x += "</Ntfctn>\n</BkToCstmrDbtCdtNtfctn>\n</Document>\n";
    x
}

fn kr(ore: u64) -> String {
    format!("{}.{:02}", ore / 100, ore % 100)
}

/// What every successfully read file must satisfy: each deposit's total is the sum of its
/// payments, amounts carry the sign of their direction, references are not blank, the currency
/// is SEK.
pub fn assert_consistent(file: &IncomingFile) {
    use verkstad::bankfiles::Direction;
    for d in &file.deposits {
        let sum: Money = d.payments.iter().map(|p| p.amount).sum();
        assert_eq!(sum, d.total, "deposit {}", d.reference);
        assert_eq!(d.currency, "SEK");
        assert!(!d.payments.is_empty() || d.total.is_zero());
        for p in &d.payments {
            match p.direction {
                Direction::Credit => assert!(!p.amount.is_negative(), "{p:?}"),
                Direction::Debit => assert!(p.amount <= Money::ZERO, "{p:?}"),
            }
            for r in &p.references {
                assert!(!r.text.trim().is_empty(), "{r:?}");
                if r.kind == ReferenceKind::Ocr {
                    assert!(r.text.bytes().all(|b| b.is_ascii_digit()), "{r:?}");
                }
            }
            assert!(!p.bank_id.is_empty());
        }
    }
}
