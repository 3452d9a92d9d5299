//! Bank files written by the reconciliation tests: BgMax (80-character ISO-8859-1 records,
//! totals and counts right) and camt.054.001.08.

/// One payment to write.
#[derive(Debug, Clone)]
pub struct Pay {
    pub ore: u64,
    /// BgMax reference code 2 (OCR) with this number.
    pub ocr: Option<String>,
    /// Free text (BgMax code 4 / camt.054 Ustrd).
    pub text: Option<String>,
    pub name: Option<String>,
}

impl Pay {
    pub fn ocr(ore: u64, ocr: &str) -> Pay {
        Pay {
            ore,
            ocr: Some(ocr.into()),
            text: None,
            name: None,
        }
    }

    pub fn text(ore: u64, text: &str) -> Pay {
        Pay {
            ore,
            ocr: None,
            text: Some(text.into()),
            name: None,
        }
    }

    pub fn named(mut self, name: &str) -> Pay {
        self.name = Some(name.into());
        self
    }
}

fn rec(code: &str, fields: &[(usize, String)]) -> String {
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

/// A BgMax file of one deposit dated `date` (YYYYMMDD); serial numbers start after
/// `first_serial`, and `stamp` (up to 20 digits) makes the TK01 timestamp.
pub fn bgmax(stamp: &str, date: &str, first_serial: u64, payments: &[Pay]) -> Vec<u8> {
    let mut lines = vec![rec(
        "01",
        &[
            (3, "BGMAX".into()),
            (23, "01".into()),
            (25, format!("{stamp:0<20}")),
            (45, "P".into()),
        ],
    )];
    lines.push(rec("05", &[(3, "0009912346".into()), (23, "SEK".into())]));
    let mut total = 0;
    for (i, p) in payments.iter().enumerate() {
        let (code, reference) = match (&p.ocr, &p.text) {
            (Some(o), _) => ("2", format!("{o:>25}")),
            (None, Some(t)) => ("4", t.clone()),
            (None, None) => ("1", String::new()),
        };
        total += p.ore;
        lines.push(rec(
            "20",
            &[
                (3, "0003783511".into()),
                (13, reference),
                (38, format!("{:018}", p.ore)),
                (56, code.into()),
                (57, "1".into()),
                (58, format!("{:012}", first_serial + i as u64 + 1)),
                (70, "0".into()),
            ],
        ));
        if let Some(n) = &p.name {
            lines.push(rec("26", &[(3, n.clone())]));
        }
    }
    lines.push(rec(
        "15",
        &[
            (3, "99123467".into()),
            (38, date.into()),
            (46, "00001".into()),
            (51, format!("{total:018}")),
            (69, "SEK".into()),
            (72, format!("{:08}", payments.len())),
        ],
    ));
    lines.push(rec(
        "70",
        &[
            (3, format!("{:08}", payments.len())),
            (11, "00000000".into()),
            (19, "00000000".into()),
            (27, "00000001".into()),
        ],
    ));
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

/// A camt.054.001.08 credit notification: one entry per payment, booked on `date`
/// (YYYY-MM-DD), the bank's references `{msg_id}-{n}`.
pub fn camt(msg_id: &str, date: &str, payments: &[Pay]) -> Vec<u8> {
    let mut x = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.08\">\n<BkToCstmrDbtCdtNtfctn>\n<GrpHdr><MsgId>{msg_id}</MsgId><CreDtTm>2026-11-30T07:00:00</CreDtTm></GrpHdr>\n<Ntfctn><Id>{msg_id}-N</Id><Acct><Id><IBAN>SE4550000000058398257466</IBAN></Id></Acct>\n"
    );
    for (i, p) in payments.iter().enumerate() {
        let amount = format!("{}.{:02}", p.ore / 100, p.ore % 100);
        x += &format!(
            "<Ntry>\n<Amt Ccy=\"SEK\">{amount}</Amt>\n<CdtDbtInd>CRDT</CdtDbtInd>\n<Sts><Cd>BOOK</Cd></Sts>\n<BookgDt><Dt>{date}</Dt></BookgDt>\n<AcctSvcrRef>{msg_id}-{i}</AcctSvcrRef>\n<NtryDtls>\n<TxDtls>\n<Refs><AcctSvcrRef>{msg_id}-{i}-0</AcctSvcrRef></Refs>\n<Amt Ccy=\"SEK\">{amount}</Amt>\n"
        );
        if let Some(n) = &p.name {
            x += &format!("<RltdPties><Dbtr><Pty><Nm>{n}</Nm></Pty></Dbtr></RltdPties>\n");
        }
        x += "<RmtInf>";
        if let Some(u) = &p.text {
            x += &format!("<Ustrd>{u}</Ustrd>");
        }
        if let Some(r) = &p.ocr {
            x += &format!("<Strd><CdtrRefInf><Ref>{r}</Ref></CdtrRefInf></Strd>");
        }
        x += "</RmtInf>\n</TxDtls>\n</NtryDtls>\n</Ntry>\n";
    }
    x += "</Ntfctn>\n</BkToCstmrDbtCdtNtfctn>\n</Document>\n";
    x.into_bytes()
}
