//! Every error class of both readers, each naming its line (and the record type or the element
//! path) and what is wrong; a refused file gives no partial result.

use verkstad::bankfiles::{Field, Location, ParseError, Problem, parse};
use verkstad::text::Lang;

use super::fixtures::{BGMAX, CAMT};

/// The BgMax sample as records (ISO-8859-1 decoded).
fn bg_lines() -> Vec<String> {
    BGMAX
        .split(|b| *b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.is_empty())
        .map(|l| l.iter().map(|&b| char::from(b)).collect())
        .collect()
}

fn bg_bytes(lines: &[String]) -> Vec<u8> {
    super::writer::latin1(lines)
}

/// Overwrite positions `from..` (1-based) of record `line` (1-based).
fn set(lines: &mut [String], line: usize, from: usize, text: &str) {
    let mut chars: Vec<char> = lines[line - 1].chars().collect();
    for (i, c) in text.chars().enumerate() {
        chars[from - 1 + i] = c;
    }
    lines[line - 1] = chars.into_iter().collect();
}

fn bg_err(lines: &[String]) -> ParseError {
    verkstad::bankfiles::bgmax::parse(&bg_bytes(lines)).expect_err("the file must be refused")
}

/// A change to the sample's records.
type Change = Box<dyn Fn(&mut Vec<String>)>;

fn at(err: &ParseError) -> (usize, String) {
    match &err.location {
        Location::Record { line, record } => (*line, record.clone()),
        other => panic!("not a record location: {other:?}"),
    }
}

#[test]
fn bgmax_record_errors_name_line_record_and_problem() {
    // Record 3 is the first TK20, 11 the first TK15, 20 the TK70.
    let base = bg_lines();
    let cases: Vec<(Change, usize, &str, Problem)> = vec![
        (
            Box::new(|l| l[2].push(' ')),
            3,
            "20",
            Problem::RecordLength { found: 81 },
        ),
        (
            Box::new(|l| set(l, 5, 1, "24")),
            5,
            "24",
            Problem::UnknownRecord,
        ),
        (
            Box::new(|l| {
                l.remove(0);
            }),
            1,
            "05",
            Problem::NoStart,
        ),
        (
            Box::new(|l| {
                l.remove(1);
            }),
            2,
            "20",
            Problem::OutOfPlace { after: "01".into() },
        ),
        (
            Box::new(|l| {
                let r = l[3].clone();
                l.insert(4, r);
            }),
            5,
            "26",
            Problem::OutOfPlace { after: "26".into() },
        ),
        (
            Box::new(|l| {
                let r = l[2].clone();
                l.push(r);
            }),
            21,
            "20",
            Problem::AfterEnd,
        ),
        (
            Box::new(|l| {
                l.pop();
            }),
            19,
            "15",
            Problem::NoEnd,
        ),
        (
            Box::new(|l| set(l, 3, 38, "00000000000012A500")),
            3,
            "20",
            Problem::NotANumber {
                field: Field::Amount,
                value: "00000000000012A500".into(),
            },
        ),
        (
            Box::new(|l| set(l, 3, 56, "9")),
            3,
            "20",
            Problem::InvalidValue {
                field: Field::ReferenceCode,
                value: "9".into(),
            },
        ),
        (
            Box::new(|l| set(l, 3, 57, "7")),
            3,
            "20",
            Problem::InvalidValue {
                field: Field::Channel,
                value: "7".into(),
            },
        ),
        (
            Box::new(|l| set(l, 10, 71, "X")),
            10,
            "21",
            Problem::InvalidValue {
                field: Field::DeductionCode,
                value: "X".into(),
            },
        ),
        (
            Box::new(|l| set(l, 1, 45, "X")),
            1,
            "01",
            Problem::InvalidValue {
                field: Field::TestMark,
                value: "X".into(),
            },
        ),
        (
            Box::new(|l| set(l, 1, 3, "BGMIN")),
            1,
            "01",
            Problem::InvalidValue {
                field: Field::Layout,
                value: "BGMIN".into(),
            },
        ),
        (
            Box::new(|l| set(l, 11, 38, "20261131")),
            11,
            "15",
            Problem::InvalidDate {
                field: Field::Date,
                value: "20261131".into(),
            },
        ),
        (
            Box::new(|l| set(l, 2, 3, "0009912345")),
            2,
            "05",
            Problem::InvalidBankgiro {
                value: "0009912345".into(),
            },
        ),
        (
            Box::new(|l| set(l, 2, 23, "EUR")),
            2,
            "05",
            Problem::Currency {
                value: "EUR".into(),
            },
        ),
        (
            Box::new(|l| set(l, 3, 13, "                  12345X4")),
            3,
            "20",
            Problem::NotANumber {
                field: Field::Reference,
                value: "12345X4".into(),
            },
        ),
        (
            Box::new(|l| set(l, 11, 72, "00000004")),
            11,
            "15",
            Problem::CountMismatch {
                field: Field::Count,
                stated: 4,
                counted: 3,
            },
        ),
        (
            Box::new(|l| set(l, 11, 51, "000000000000155001")),
            11,
            "15",
            Problem::SumMismatch {
                stated: "1 550,01".into(),
                counted: "1 550,00".into(),
            },
        ),
        (
            Box::new(|l| set(l, 20, 19, "00000002")),
            20,
            "70",
            Problem::CountMismatch {
                field: Field::ReferenceCount,
                stated: 2,
                counted: 3,
            },
        ),
    ];
    for (i, (change, line, record, problem)) in cases.into_iter().enumerate() {
        let mut lines = base.clone();
        change(&mut lines);
        let err = bg_err(&lines);
        assert_eq!(at(&err), (line, record.to_string()), "case {i}: {err}");
        assert_eq!(err.problem, problem, "case {i}: {err}");
        let sv = err.message(Lang::Sv);
        assert!(
            sv.starts_with(&format!("rad {line} (TK{record}): ")),
            "{sv}"
        );
        let en = err.message(Lang::En);
        assert!(
            en.starts_with(&format!("line {line} (TK{record}): ")),
            "{en}"
        );
    }
}

#[test]
fn bgmax_messages_read_well_in_both_languages() {
    let mut lines = bg_lines();
    set(&mut lines, 11, 51, "000000000000155001");
    let err = bg_err(&lines);
    assert_eq!(
        err.to_string(),
        "rad 11 (TK15): beloppet 1 550,01 stämmer inte med summan av betalningarna, 1 550,00"
    );
    let mut lines = bg_lines();
    set(&mut lines, 20, 3, "00000005");
    assert_eq!(
        bg_err(&lines).message(Lang::En),
        "line 20 (TK70): the number of payment records (TK20) is given as 5 but the file has 4"
    );
}

/// The camt.054 sample with `from` replaced by `to` (once; it must be there).
fn camt_with(from: &str, to: &str) -> String {
    let text = std::str::from_utf8(CAMT).unwrap();
    assert!(text.contains(from), "{from}");
    text.replacen(from, to, 1)
}

/// The 1-based line of the first `needle` in the sample.
fn line_of(needle: &str) -> u32 {
    let text = std::str::from_utf8(CAMT).unwrap();
    let at = text.find(needle).unwrap();
    text[..at].matches('\n').count() as u32 + 1
}

fn camt_err(doc: &str) -> (u32, Problem, String) {
    let err = parse(doc.as_bytes()).expect_err("the file must be refused");
    let Location::Element { line, .. } = err.location else {
        panic!("not an element location: {err:?}");
    };
    (line, err.problem.clone(), err.message(Lang::Sv))
}

#[test]
fn camt_errors_name_line_path_and_problem() {
    let amt = line_of("<Amt Ccy=\"SEK\">1750.00</Amt>");
    let (line, problem, sv) = camt_err(&camt_with(
        "<Amt Ccy=\"SEK\">1750.00</Amt>",
        "<Amt>1750.00</Amt>",
    ));
    assert_eq!(line, amt);
    assert_eq!(
        problem,
        Problem::MissingAttribute {
            path: "Ntry/Amt".into(),
            attribute: "Ccy".into()
        }
    );
    assert!(
        sv.starts_with(&format!("rad {amt}, kolumn 9: Ntry/Amt saknar Ccy")),
        "{sv}"
    );

    let cases: Vec<(&str, &str, &str, Problem)> = vec![
        (
            "<Amt Ccy=\"SEK\">1750.00</Amt>",
            "<Amt Ccy=\"EUR\">1750.00</Amt>",
            "<Amt Ccy=\"SEK\">1750.00</Amt>",
            Problem::Currency {
                value: "EUR".into(),
            },
        ),
        (
            "<Amt Ccy=\"SEK\">1750.00</Amt>",
            "<Amt Ccy=\"SEK\">1 750,00</Amt>",
            "<Amt Ccy=\"SEK\">1750.00</Amt>",
            Problem::NotAnAmount {
                path: "Ntry/Amt".into(),
                value: "1 750,00".into(),
            },
        ),
        (
            "<Amt Ccy=\"SEK\">1750.00</Amt>",
            "<Amt Ccy=\"SEK\">1750.01</Amt>",
            "<Amt Ccy=\"SEK\">1750.00</Amt>",
            Problem::SumMismatch {
                stated: "1 750,01".into(),
                counted: "1 750,00".into(),
            },
        ),
        (
            "<NbOfTxs>2</NbOfTxs>",
            "<NbOfTxs>3</NbOfTxs>",
            "<NbOfTxs>2</NbOfTxs>",
            Problem::CountMismatch {
                field: verkstad::bankfiles::Field::Count,
                stated: 3,
                counted: 2,
            },
        ),
        (
            "<CdtDbtInd>DBIT</CdtDbtInd>",
            "<CdtDbtInd>DEBIT</CdtDbtInd>",
            "<CdtDbtInd>DBIT</CdtDbtInd>",
            Problem::NotAnIndicator {
                path: "Ntry/CdtDbtInd".into(),
                value: "DEBIT".into(),
            },
        ),
        (
            "<Sts>BOOK</Sts>",
            "<Sts>PDNG</Sts>",
            "<Sts>BOOK</Sts>",
            Problem::NotBooked {
                path: "Ntry/Sts".into(),
                value: "PDNG".into(),
            },
        ),
        (
            "<Dt>2026-11-28</Dt>",
            "<Dt>2026-11-31</Dt>",
            "<Dt>2026-11-28</Dt>",
            Problem::NotADate {
                path: "Ntry/BookgDt/Dt".into(),
                value: "2026-11-31".into(),
            },
        ),
        (
            "<MsgId>NOTIF-20261130-0001</MsgId>",
            "<MsgId>NOTIF-20261130-0001</MsgId><MsgId>again</MsgId>",
            "<MsgId>NOTIF-20261130-0001</MsgId>",
            Problem::Repeated {
                path: "GrpHdr/MsgId".into(),
            },
        ),
        (
            "<MsgId>NOTIF-20261130-0001</MsgId>",
            "",
            "<GrpHdr>",
            Problem::MissingElement {
                path: "GrpHdr/MsgId".into(),
            },
        ),
        (
            "<Amt Ccy=\"SEK\">1250.00</Amt>",
            "<Amt Ccy=\"SEK\">1250.00</Amt><Amt Ccy=\"SEK\">1.00</Amt>",
            "<Amt Ccy=\"SEK\">1250.00</Amt>",
            Problem::Repeated {
                path: "Ntry/NtryDtls/TxDtls/AmtDtls/TxAmt/Amt".into(),
            },
        ),
    ];
    for (from, to, expected_at, problem) in cases {
        let (line, got, sv) = camt_err(&camt_with(from, to));
        assert_eq!(got, problem, "{to}: {sv}");
        assert_eq!(line, line_of(expected_at), "{to}: {sv}");
        assert!(sv.starts_with(&format!("rad {line}, kolumn ")), "{sv}");
    }
}

#[test]
fn camt_transactions_without_amounts_are_refused_when_there_are_several() {
    let doc = camt_with(
        "<AmtDtls>\n              <TxAmt>\n                <Amt Ccy=\"SEK\">500.00</Amt>\n              </TxAmt>\n            </AmtDtls>",
        "",
    );
    let (_, problem, _) = camt_err(&doc);
    assert_eq!(
        problem,
        Problem::MissingElement {
            path: "Ntry/NtryDtls/TxDtls/Amt".into()
        }
    );
}

#[test]
fn broken_xml_not_utf8_other_messages_and_dtds_are_refused_with_their_line() {
    let (line, problem, _) = camt_err(&camt_with("</GrpHdr>", "</GrpHdrX>"));
    assert_eq!(line, line_of("</GrpHdr>"));
    assert!(matches!(problem, Problem::Xml { .. }), "{problem:?}");

    let mut bytes = CAMT.to_vec();
    let at = std::str::from_utf8(CAMT).unwrap().find("Åsa").unwrap();
    bytes[at] = 0xC5; // Latin-1 Å followed by a UTF-8 continuation byte: not UTF-8
    bytes[at + 1] = b's';
    let err = parse(&bytes).unwrap_err();
    assert_eq!(err.problem, Problem::NotUtf8);
    assert_eq!(err.line(), Some(line_of("Åsa") as usize));

    let other = camt_with("xsd:camt.054.001.02\"", "xsd:camt.053.001.02\"");
    let (line, problem, _) = camt_err(&other);
    assert_eq!(line, line_of("<Document"));
    assert!(matches!(problem, Problem::NotCamt054 { .. }), "{problem:?}");

    let dtd = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><Document/>";
    assert!(matches!(
        parse(dtd.as_bytes()).unwrap_err().problem,
        Problem::Xml { .. }
    ));
}
