//! Unit tests of the bank-file readers on small inputs written here; the committed fixtures,
//! every error class and the fuzzing are in `tests/bankfiles.rs`.

use super::*;
use crate::domain::Money;
use crate::text::Lang;

/// One 80-character BgMax record: `code`, then `(position, text)` pairs (1-based).
fn rec(code: &str, fields: &[(usize, &str)]) -> String {
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

fn latin1(lines: &[String]) -> Vec<u8> {
    let mut out = Vec::new();
    for l in lines {
        out.extend(l.chars().map(|c| c as u32 as u8));
        out.push(b'\n');
    }
    out
}

/// A file of one deposit with one OCR payment of 500,00 kr from "Åke Öst".
fn one_payment() -> Vec<String> {
    vec![
        rec(
            "01",
            &[
                (3, "BGMAX"),
                (23, "01"),
                (25, "20261130073000000000"),
                (45, "T"),
            ],
        ),
        rec("05", &[(3, "0009912346"), (23, "SEK")]),
        rec(
            "20",
            &[
                (3, "0000000000"),
                (13, "                  1234574"),
                (38, "000000000000050000"),
                (56, "2"),
                (57, "1"),
                (58, "000000000001"),
                (70, "0"),
            ],
        ),
        rec("26", &[(3, "Åke Öst")]),
        rec(
            "15",
            &[
                (38, "20261127"),
                (46, "00001"),
                (51, "000000000000050000"),
                (69, "SEK"),
                (72, "00000001"),
            ],
        ),
        rec(
            "70",
            &[
                (3, "00000001"),
                (11, "00000000"),
                (19, "00000000"),
                (27, "00000001"),
            ],
        ),
    ]
}

#[test]
fn a_bgmax_payment_is_read_with_its_ocr_and_latin1_name() {
    let file = parse(&latin1(&one_payment())).unwrap();
    assert_eq!(file.format, Format::BgMax);
    assert!(file.test);
    assert_eq!(file.file_id, "bgmax:20261130073000000000T");
    let d = &file.deposits[0];
    assert_eq!(d.account, Account::Bankgiro("991-2346".into()));
    assert_eq!(d.total, Money::from_ore(50000));
    let p = &d.payments[0];
    assert_eq!(p.amount, Money::from_kr(500));
    assert_eq!(p.references[0].kind, ReferenceKind::Ocr);
    assert_eq!(p.references[0].text, "1234574");
    assert_eq!(p.counterparty.name.as_deref(), Some("Åke Öst"));
    assert_eq!(p.bank_id, "BGC000000000001");
    assert_eq!(p.value_date, NaiveDate::from_ymd_opt(2026, 11, 27));
}

#[test]
fn a_non_digit_amount_names_the_line_the_record_and_the_value() {
    let mut lines = one_payment();
    lines[2].replace_range(37..55, "00000000000012A500");
    let err = parse(&latin1(&lines)).unwrap_err();
    assert_eq!(err.line(), Some(3));
    assert_eq!(
        err.message(Lang::Sv),
        "rad 3 (TK20): belopp \"00000000000012A500\" är inte ett tal"
    );
    assert_eq!(
        err.message(Lang::En),
        "line 3 (TK20): amount \"00000000000012A500\" is not a number"
    );
}

#[test]
fn a_utf8_encoded_bgmax_file_is_refused_by_its_record_length() {
    let utf8: Vec<u8> = one_payment().join("\n").into_bytes();
    let err = parse(&utf8).unwrap_err();
    assert_eq!(err.problem, Problem::RecordLength { found: 82 });
    assert_eq!(err.line(), Some(4));
}

#[test]
fn the_format_is_told_from_the_content() {
    assert_eq!(parse(b"").unwrap_err().problem, Problem::Empty);
    assert_eq!(parse(b" \r\n\t").unwrap_err().problem, Problem::Empty);
    assert_eq!(parse(b"hello").unwrap_err().problem, Problem::UnknownFormat);
    let err = parse(b"\xEF\xBB\xBF  <Document/>").unwrap_err();
    assert!(matches!(err.problem, Problem::NotCamt054 { .. }), "{err:?}");
    assert_eq!(
        parse(b"hello").unwrap_err().message(Lang::Sv),
        "Bankfilen kan inte läsas: filen är varken BgMax (ska börja med 01BGMAX) eller camt.054 (XML)"
    );
}

#[test]
fn camt_amounts_have_digits_and_at_most_two_decimals() {
    let doc = |amt: &str| {
        format!(
            r#"<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">
<BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>M</MsgId></GrpHdr>
<Ntfctn><Id>N</Id><Acct><Id><IBAN>SE45</IBAN></Id></Acct>
<Ntry><Amt Ccy="SEK">{amt}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>2026-11-27</Dt></BookgDt></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>"#
        )
    };
    for (amt, ore) in [
        ("1", 100),
        ("1.5", 150),
        ("0.05", 5),
        ("1234567.89", 123456789),
    ] {
        let file = parse(doc(amt).as_bytes()).unwrap();
        assert_eq!(file.deposits[0].total, Money::from_ore(ore), "{amt}");
    }
    for bad in [
        "",
        "1.",
        ".5",
        "1.234",
        "-1",
        "1,50",
        "1e3",
        " 1 2",
        "99999999999999999",
    ] {
        let err = parse(doc(bad).as_bytes()).unwrap_err();
        assert!(
            matches!(err.problem, Problem::NotAnAmount { .. }),
            "{bad}: {err:?}"
        );
        assert_eq!(err.line(), Some(4), "{bad}");
    }
}

#[test]
fn camt_dates_must_exist() {
    let doc = |dt: &str| {
        format!(
            r#"<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">
<BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>M</MsgId></GrpHdr>
<Ntfctn><Id>N</Id><Acct><Id><IBAN>SE45</IBAN></Id></Acct>
<Ntry><Amt Ccy="SEK">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt>{dt}</BookgDt></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>"#
        )
    };
    assert!(parse(doc("<Dt>2028-02-29</Dt>").as_bytes()).is_ok());
    assert!(parse(doc("<DtTm>2026-11-27T23:59:59Z</DtTm>").as_bytes()).is_ok());
    for bad in [
        "<Dt>2026-02-29</Dt>",
        "<Dt>2026-1-27</Dt>",
        "<Dt>+2026-11-27</Dt>",
        "<DtTm>2026-11-27</DtTm>",
        "",
    ] {
        let err = parse(doc(bad).as_bytes()).unwrap_err();
        assert!(
            matches!(
                err.problem,
                Problem::NotADate { .. } | Problem::MissingElement { .. }
            ),
            "{bad}: {err:?}"
        );
    }
}

#[test]
fn references_are_told_apart() {
    let doc = r#"<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">
<BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>M</MsgId></GrpHdr>
<Ntfctn><Id>N</Id><Acct><Id><IBAN>SE45</IBAN></Id></Acct>
<Ntry><Amt Ccy="SEK">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
<BookgDt><Dt>2026-11-27</Dt></BookgDt><NtryDtls><TxDtls><RmtInf>
<Ustrd>fri text</Ustrd>
<Strd><CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf></Strd>
<Strd><CdtrRefInf><Ref>1234574</Ref></CdtrRefInf></Strd>
<Strd><CdtrRefInf><Ref>ABC-1</Ref></CdtrRefInf><RfrdDocInf><Nb>1042</Nb></RfrdDocInf></Strd>
</RmtInf></TxDtls></NtryDtls></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>"#;
    let file = parse(doc.as_bytes()).unwrap();
    let kinds: Vec<ReferenceKind> = file.deposits[0].payments[0]
        .references
        .iter()
        .map(|r| r.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            ReferenceKind::FreeText,
            ReferenceKind::CreditorReference,
            ReferenceKind::Ocr,
            ReferenceKind::Structured,
            ReferenceKind::DocumentNumber
        ]
    );
    // The lone transaction takes the entry's amount and gets the entry's id and position.
    assert_eq!(file.deposits[0].payments[0].bank_id, "N/1/1");
}
