//! ISO 20022 camt.054 (`BkToCstmrDbtCdtNtfctn`, bank-to-customer debit/credit notification),
//! versions 001.02 and 001.08, as Swedish banks send it, read strictly with `roxmltree`.
//!
//! Read: `GrpHdr/MsgId` (the file's identity) and `CreDtTm`; per `Ntfctn` its `Id` and account
//! (`Acct/Id/IBAN` or `Othr/Id`, a `BGNR` scheme as a bankgiro); per `Ntry` the amount and its
//! currency, `CdtDbtInd`, `RvslInd`, `Sts` (only `BOOK`), `BookgDt`, `ValDt`, `AcctSvcrRef`,
//! `NtryRef`, `AddtlNtryInf`; per `NtryDtls/TxDtls` the references (`Refs/…`), the amount (`Amt`
//! in .08, `AmtDtls/TxAmt/Amt` or `AmtDtls/InstdAmt/Amt` in .02; a lone transaction may leave it
//! out and take the entry's), the counterparty (`RltdPties/Dbtr` for a credit, `Cdtr` for a
//! debit, with `Nm` or `Pty/Nm`) and the remittance information (`RmtInf/Ustrd`,
//! `Strd/CdtrRefInf/Ref`, `Strd/RfrdDocInf/Nb`, `Strd/AddtlRmtInf`).
//!
//! Strict: the XML must be well-formed (no DTD), the amounts `SEK` with digits and at most two
//! decimals, the dates real, and each entry's amount exactly the sum of its transactions
//! (`Btch/NbOfTxs`, when given, their number). Elements this reader does not use are ignored.
//! Errors name the line and column and the element path, e.g. `rad 23, kolumn 9: Ntry/Amt
//! saknar Ccy`.

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use roxmltree::{Document, Node};

mod entry;

use super::{Account, Deposit, Direction, Format, IncomingFile, Location, ParseError, Problem};
use crate::domain::Money;
use crate::domain::ids::Bankgiro;

const NS_02: &str = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.02";
const NS_08: &str = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.08";

/// The document, for turning positions into lines and columns.
struct Ctx<'a, 'i> {
    doc: &'a Document<'i>,
}

type N<'a, 'i> = Node<'a, 'i>;

impl<'a, 'i> Ctx<'a, 'i> {
    fn error(&self, node: N, problem: Problem) -> ParseError {
        let pos = self.doc.text_pos_at(node.range().start);
        ParseError {
            location: Location::Element {
                line: pos.row,
                column: pos.col,
            },
            problem,
        }
    }

    /// The element children of `node` named `name`.
    fn all(node: N<'a, 'i>, name: &'static str) -> impl Iterator<Item = N<'a, 'i>> {
        node.children()
            .filter(move |c| c.is_element() && c.tag_name().name() == name)
    }

    /// The one child `name`, if any; a second is an error.
    fn opt(
        &self,
        node: N<'a, 'i>,
        name: &'static str,
        path: &str,
    ) -> Result<Option<N<'a, 'i>>, ParseError> {
        let mut it = Self::all(node, name);
        let first = it.next();
        if let Some(second) = it.next() {
            return Err(self.error(
                second,
                Problem::Repeated {
                    path: format!("{path}/{name}"),
                },
            ));
        }
        Ok(first)
    }

    /// The one child `name`, which must be there.
    fn req(
        &self,
        node: N<'a, 'i>,
        name: &'static str,
        path: &str,
    ) -> Result<N<'a, 'i>, ParseError> {
        self.opt(node, name, path)?.ok_or_else(|| {
            self.error(
                node,
                Problem::MissingElement {
                    path: format!("{path}/{name}"),
                },
            )
        })
    }

    /// The text of the child at `names` (a path of single children), trimmed, if present and
    /// not empty.
    fn text_at(
        &self,
        node: N<'a, 'i>,
        names: &[&'static str],
        path: &str,
    ) -> Result<Option<String>, ParseError> {
        let mut cur = node;
        let mut p = path.to_string();
        for &name in names {
            match self.opt(cur, name, &p)? {
                Some(n) => cur = n,
                None => return Ok(None),
            }
            p = format!("{p}/{name}");
        }
        Ok(text(cur))
    }

    /// A required text child.
    fn req_text(
        &self,
        node: N<'a, 'i>,
        name: &'static str,
        path: &str,
    ) -> Result<String, ParseError> {
        let n = self.req(node, name, path)?;
        text(n).ok_or_else(|| {
            self.error(
                n,
                Problem::MissingElement {
                    path: format!("{path}/{name}"),
                },
            )
        })
    }

    /// `node` as an amount in SEK: `Ccy="SEK"`, digits, at most two decimals.
    fn amount(&self, node: N, path: &str) -> Result<Money, ParseError> {
        let Some(ccy) = node.attribute("Ccy") else {
            return Err(self.error(
                node,
                Problem::MissingAttribute {
                    path: path.to_string(),
                    attribute: "Ccy".to_string(),
                },
            ));
        };
        if ccy != "SEK" {
            return Err(self.error(
                node,
                Problem::Currency {
                    value: ccy.to_string(),
                },
            ));
        }
        let value = node.text().unwrap_or("").trim();
        parse_ore(value).map(Money::from_ore).ok_or_else(|| {
            self.error(
                node,
                Problem::NotAnAmount {
                    path: path.to_string(),
                    value: value.to_string(),
                },
            )
        })
    }

    fn indicator(&self, node: N, path: &str) -> Result<Direction, ParseError> {
        match node.text().unwrap_or("").trim() {
            "CRDT" => Ok(Direction::Credit),
            "DBIT" => Ok(Direction::Debit),
            other => Err(self.error(
                node,
                Problem::NotAnIndicator {
                    path: path.to_string(),
                    value: other.to_string(),
                },
            )),
        }
    }

    /// A `DateAndDateTimeChoice` (`Dt` or `DtTm`) as a date.
    fn date_choice(&self, node: N<'a, 'i>, path: &str) -> Result<NaiveDate, ParseError> {
        if let Some(dt) = self.opt(node, "Dt", path)? {
            let value = text(dt).unwrap_or_default();
            return parse_date(&value).ok_or_else(|| {
                self.error(
                    dt,
                    Problem::NotADate {
                        path: format!("{path}/Dt"),
                        value,
                    },
                )
            });
        }
        if let Some(dt) = self.opt(node, "DtTm", path)? {
            let value = text(dt).unwrap_or_default();
            return parse_date_time(&value).map(|d| d.date()).ok_or_else(|| {
                self.error(
                    dt,
                    Problem::NotADate {
                        path: format!("{path}/DtTm"),
                        value,
                    },
                )
            });
        }
        Err(self.error(
            node,
            Problem::MissingElement {
                path: format!("{path}/Dt"),
            },
        ))
    }
}

/// The trimmed text of an element, if not empty.
fn text(node: N) -> Option<String> {
    let t = node.text().unwrap_or("").trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// `123`, `123.4`, `123.45` as öre; at most 16 digits before the point.
fn parse_ore(value: &str) -> Option<i64> {
    let (int, frac) = value.split_once('.').unwrap_or((value, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || int.len() > 16 || !digits(int) || !digits(frac) || frac.len() > 2 {
        return None;
    }
    if value.contains('.') && frac.is_empty() {
        return None;
    }
    let kr: i64 = int.parse().ok()?;
    let ore: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    kr.checked_mul(100)?.checked_add(ore)
}

fn parse_date(value: &str) -> Option<NaiveDate> {
    let b = value.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return None;
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()
}

fn parse_date_time(value: &str) -> Option<NaiveDateTime> {
    parse_date(value.get(..10)?)?;
    if let Ok(dt) = DateTime::parse_from_rfc3339(value) {
        return Some(dt.naive_local());
    }
    NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%S%.f").ok()
}

/// A `Refs` id, unless absent or the placeholder `NOTPROVIDED`.
fn provided(s: Option<String>) -> Option<String> {
    s.filter(|s| s != "NOTPROVIDED")
}

/// Read a camt.054 file.
pub fn parse(bytes: &[u8]) -> Result<IncomingFile, ParseError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let source = std::str::from_utf8(bytes).map_err(|e| {
        let before = &bytes[..e.valid_up_to()];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let column = before.len()
            - before
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1);
        ParseError {
            location: Location::Element {
                line: line as u32,
                column: column as u32 + 1,
            },
            problem: Problem::NotUtf8,
        }
    })?;
    let doc = Document::parse(source).map_err(|e| {
        let pos = e.pos();
        ParseError {
            location: Location::Element {
                line: pos.row,
                column: pos.col,
            },
            problem: Problem::Xml {
                detail: e.to_string(),
            },
        }
    })?;
    let ctx = Ctx { doc: &doc };
    let root = doc.root_element();
    let ns = root.tag_name().namespace().unwrap_or("");
    let format = match (root.tag_name().name(), ns) {
        ("Document", NS_02) => Format::Camt054V02,
        ("Document", NS_08) => Format::Camt054V08,
        (name, _) => {
            return Err(ctx.error(
                root,
                Problem::NotCamt054 {
                    found: format!("{name} {ns}").trim().to_string(),
                },
            ));
        }
    };
    let msg = ctx.req(root, "BkToCstmrDbtCdtNtfctn", "Document")?;
    let grp = ctx.req(msg, "GrpHdr", "BkToCstmrDbtCdtNtfctn")?;
    let msg_id = ctx.req_text(grp, "MsgId", "GrpHdr")?;
    let created = match ctx.opt(grp, "CreDtTm", "GrpHdr")? {
        None => None,
        Some(n) => {
            let value = text(n).unwrap_or_default();
            let Some(dt) = parse_date_time(&value) else {
                let path = "GrpHdr/CreDtTm".to_string();
                return Err(ctx.error(n, Problem::NotADate { path, value }));
            };
            Some(dt)
        }
    };
    let mut deposits = Vec::new();
    let mut notifications = 0;
    for ntfctn in Ctx::all(msg, "Ntfctn") {
        notifications += 1;
        notification(&ctx, ntfctn, &mut deposits)?;
    }
    if notifications == 0 {
        return Err(ctx.error(
            msg,
            Problem::MissingElement {
                path: "BkToCstmrDbtCdtNtfctn/Ntfctn".to_string(),
            },
        ));
    }
    Ok(IncomingFile {
        format,
        file_id: format!("camt054:{msg_id}"),
        created,
        test: false,
        deposits,
    })
}

/// The account of a notification: IBAN, a bankgiro (`Othr` with scheme `BGNR`) or another id.
fn account(ctx: &Ctx, ntfctn: N) -> Result<Account, ParseError> {
    let acct = ctx.req(ntfctn, "Acct", "Ntfctn")?;
    if let Some(ccy) = ctx.opt(acct, "Ccy", "Ntfctn/Acct")? {
        let value = text(ccy).unwrap_or_default();
        if value != "SEK" {
            return Err(ctx.error(ccy, Problem::Currency { value }));
        }
    }
    let id = ctx.req(acct, "Id", "Ntfctn/Acct")?;
    if let Some(iban) = ctx.text_at(id, &["IBAN"], "Ntfctn/Acct/Id")? {
        return Ok(Account::Iban(iban));
    }
    let Some(other) = ctx.opt(id, "Othr", "Ntfctn/Acct/Id")? else {
        let path = "Ntfctn/Acct/Id/IBAN".to_string();
        return Err(ctx.error(id, Problem::MissingElement { path }));
    };
    let value = ctx.req_text(other, "Id", "Ntfctn/Acct/Id/Othr")?;
    let scheme = ctx.text_at(other, &["SchmeNm", "Prtry"], "Ntfctn/Acct/Id/Othr")?;
    if scheme.as_deref() == Some("BGNR")
        && let Ok(bg) = Bankgiro::parse(&value)
    {
        return Ok(Account::Bankgiro(bg.canonical().to_string()));
    }
    Ok(Account::Other(value))
}

fn notification(ctx: &Ctx, ntfctn: N, deposits: &mut Vec<Deposit>) -> Result<(), ParseError> {
    let id = ctx.req_text(ntfctn, "Id", "Ntfctn")?;
    let account = account(ctx, ntfctn)?;
    for (i, ntry) in Ctx::all(ntfctn, "Ntry").enumerate() {
        let fallback = format!("{id}/{}", i + 1);
        deposits.push(entry::entry(ctx, ntry, &account, &fallback)?);
    }
    Ok(())
}
