//! The bank's pain.002 status report (Customer Payment Status Report, any version .001.001.03
//! to .10: the elements read here are the same): per payment its `OrgnlEndToEndId`, `TxSts`
//! and, when rejected, the `StsRsnInf` reason. A group status `RJCT` with no payment listed
//! rejects every payment of the original message.
//!
//! Strict: anything missing or unknown is an error naming the element, and nothing is
//! applied (the app applies a report only when it was read whole).

use serde::Serialize;

/// What the bank says of one payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TxStatus {
    /// ACTC, ACCP, ACSP, ACWC, PDNG: accepted, not yet paid: nothing changes.
    Accepted,
    /// ACSC, ACCC: settled (paid from our account): still booked only by the camt.054 debit.
    Settled,
    /// RJCT.
    Rejected,
}

impl TxStatus {
    fn of(code: &str) -> Option<TxStatus> {
        match code {
            "ACTC" | "ACCP" | "ACSP" | "ACWC" | "PDNG" | "ACCR" => Some(TxStatus::Accepted),
            "ACSC" | "ACCC" => Some(TxStatus::Settled),
            "RJCT" => Some(TxStatus::Rejected),
            _ => None,
        }
    }
}

/// One payment's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TxInfo {
    pub end_to_end_id: String,
    pub code: String,
    pub status: TxStatus,
    /// `StsRsnInf/Rsn/Cd` (or `Prtry`) and `AddtlInf`, joined: "AC01 Felaktigt kontonummer".
    pub reason: Option<String>,
}

/// A report read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusReport {
    pub original_msg_id: String,
    /// `GrpSts` when given.
    pub group_status: Option<String>,
    /// The group's reason when it is rejected as a whole.
    pub group_reason: Option<String>,
    pub transactions: Vec<TxInfo>,
}

/// Why a report was refused: the element (path) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pain002Error {
    pub element: String,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not XML (the parser's words).
    NotXml(String),
    /// Not a pain.002 document.
    NotPain002,
    Missing,
    /// An unknown status code.
    UnknownStatus(String),
}

fn err(element: &str, problem: Problem) -> Pain002Error {
    Pain002Error {
        element: element.to_owned(),
        problem,
    }
}

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn path_text<'a>(n: roxmltree::Node<'a, '_>, path: &[&str]) -> Option<&'a str> {
    let mut cur = n;
    for p in path {
        cur = child(cur, p)?;
    }
    cur.text().map(str::trim).filter(|t| !t.is_empty())
}

fn reason(n: roxmltree::Node<'_, '_>) -> Option<String> {
    let info = child(n, "StsRsnInf")?;
    let code = path_text(info, &["Rsn", "Cd"]).or_else(|| path_text(info, &["Rsn", "Prtry"]));
    let extra: Vec<&str> = info
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "AddtlInf")
        .filter_map(|c| c.text().map(str::trim))
        .collect();
    let mut parts: Vec<&str> = code.into_iter().collect();
    parts.extend(extra);
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Read a pain.002 report.
pub fn parse(bytes: &[u8]) -> Result<StatusReport, Pain002Error> {
    let s = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|e| err("Document", Problem::NotXml(e.to_string())))?;
    let doc = roxmltree::Document::parse(s)
        .map_err(|e| err("Document", Problem::NotXml(e.to_string())))?;
    let root = doc.root_element();
    if root.tag_name().name() != "Document"
        || !root
            .tag_name()
            .namespace()
            .unwrap_or("")
            .contains("pain.002")
    {
        return Err(err("Document", Problem::NotPain002));
    }
    let report = child(root, "CstmrPmtStsRpt")
        .ok_or_else(|| err("Document/CstmrPmtStsRpt", Problem::Missing))?;
    let group = child(report, "OrgnlGrpInfAndSts")
        .ok_or_else(|| err("CstmrPmtStsRpt/OrgnlGrpInfAndSts", Problem::Missing))?;
    let original_msg_id = path_text(group, &["OrgnlMsgId"])
        .ok_or_else(|| err("OrgnlGrpInfAndSts/OrgnlMsgId", Problem::Missing))?
        .to_owned();
    let group_status = path_text(group, &["GrpSts"]).map(str::to_owned);
    if let Some(g) = &group_status
        && g != "PART"
        && g != "RCVD"
        && TxStatus::of(g).is_none()
    {
        return Err(err(
            "OrgnlGrpInfAndSts/GrpSts",
            Problem::UnknownStatus(g.clone()),
        ));
    }
    let mut transactions = Vec::new();
    for pmt in report
        .children()
        .filter(|c| c.is_element() && c.tag_name().name() == "OrgnlPmtInfAndSts")
    {
        for tx in pmt
            .children()
            .filter(|c| c.is_element() && c.tag_name().name() == "TxInfAndSts")
        {
            let end_to_end_id = path_text(tx, &["OrgnlEndToEndId"])
                .ok_or_else(|| err("TxInfAndSts/OrgnlEndToEndId", Problem::Missing))?
                .to_owned();
            let code = path_text(tx, &["TxSts"])
                .ok_or_else(|| err("TxInfAndSts/TxSts", Problem::Missing))?
                .to_owned();
            let status = TxStatus::of(&code)
                .ok_or_else(|| err("TxInfAndSts/TxSts", Problem::UnknownStatus(code.clone())))?;
            transactions.push(TxInfo {
                end_to_end_id,
                code,
                status,
                reason: reason(tx),
            });
        }
    }
    if transactions.is_empty() && group_status.is_none() {
        return Err(err("OrgnlGrpInfAndSts/GrpSts", Problem::Missing));
    }
    Ok(StatusReport {
        original_msg_id,
        group_status,
        group_reason: reason(group),
        transactions,
    })
}
