//! `verkstad refund list | set | batch | file | status` (issue 15): refunds to customers' bank
//! accounts, as text or JSON.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use serde::Serialize;

use super::{Context, io_err, parse_date, parse_json_flag};
use crate::app::refunds::BatchOutcome;
use crate::app::{AppError, Workshop};
use crate::domain::Money;
use crate::domain::refund::ProposalId;
use crate::domain::refund::pain002::TxStatus;
use crate::{msg, t};

#[derive(Debug, Subcommand)]
pub enum RefundCommand {
    /// The refund proposals (credit notes and payments' credit on 2420 owed back to customers
    /// who paid by bank) and the refunds sent, waiting for the bank
    List {
        /// text (default) or json
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Change a proposal's amount (never above what is owed) or payment date
    Set {
        /// The proposal (F41: invoice 41's credit notes; I17: payment 17's credit)
        id: String,
        #[arg(long, value_name = "AMOUNT")]
        amount: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
    },
    /// Send proposals (all with payment details, or the ones named) as one batch: a pain.001
    /// file to upload to the bank
    Batch {
        /// The payment date for all (default: each proposal's date, today at the earliest)
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// The proposals (default: all that have payment details)
        ids: Vec<String>,
        /// Where the pain.001 file is written
        #[arg(long, value_name = "FILE.xml")]
        out: PathBuf,
        /// text (default) or json
        #[arg(long, default_value = "text")]
        format: String,
    },
    /// Write a batch's pain.001 file again (the same bytes)
    File {
        batch: String,
        #[arg(long, value_name = "FILE.xml")]
        out: PathBuf,
    },
    /// Read the bank's pain.002 status report: a rejected refund returns to the proposals
    Status {
        file: PathBuf,
        /// text (default) or json
        #[arg(long, default_value = "text")]
        format: String,
    },
}

pub enum RefundJob {
    List(bool),
    Set(ProposalId, Option<Money>, Option<chrono::NaiveDate>),
    Batch {
        date: Option<chrono::NaiveDate>,
        ids: Vec<ProposalId>,
        out: PathBuf,
        json: bool,
    },
    File(i64, PathBuf),
    Status(PathBuf, bool),
}

fn parse_id(s: &str) -> Result<ProposalId, AppError> {
    ProposalId::parse(s).ok_or_else(|| AppError::Invalid(msg!("cli-not-refund-id", input = s)))
}

pub fn plan(c: &RefundCommand) -> Result<RefundJob, AppError> {
    Ok(match c {
        RefundCommand::List { format } => RefundJob::List(parse_json_flag(format)?),
        RefundCommand::Set { id, amount, date } => RefundJob::Set(
            parse_id(id)?,
            amount.as_deref().map(Money::parse).transpose()?,
            date.as_deref().map(parse_date).transpose()?,
        ),
        RefundCommand::Batch {
            date,
            ids,
            out,
            format,
        } => RefundJob::Batch {
            date: date.as_deref().map(parse_date).transpose()?,
            ids: ids.iter().map(|i| parse_id(i)).collect::<Result<_, _>>()?,
            out: out.clone(),
            json: parse_json_flag(format)?,
        },
        RefundCommand::File { batch, out } => RefundJob::File(
            batch
                .trim()
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| AppError::Invalid(msg!("cli-not-batch-no", input = batch)))?,
            out.clone(),
        ),
        RefundCommand::Status { file, format } => {
            RefundJob::Status(file.clone(), parse_json_flag(format)?)
        }
    })
}

fn json(out: &mut impl Write, value: &impl Serialize) -> Result<(), AppError> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| io_err(e.into()))?;
    writeln!(out).map_err(io_err)
}

fn write_file(path: &PathBuf, bytes: &[u8]) -> Result<(), AppError> {
    std::fs::write(path, bytes).map_err(|e| {
        AppError::Io(msg!(
            "io-write-failed",
            path = path.display().to_string(),
            error = e.to_string()
        ))
    })
}

pub fn run(
    job: RefundJob,
    shop: &Workshop,
    ctx: &Context,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let lang = ctx.lang;
    match job {
        RefundJob::List(as_json) => {
            let list = shop.refunds()?;
            if as_json {
                return json(out, &list);
            }
            if list.proposals.is_empty() && list.sent.is_empty() {
                return writeln!(out, "{}", t!(lang, "cli-refund-none")).map_err(io_err);
            }
            for p in &list.proposals {
                writeln!(out, "{}", p.describe(lang)).map_err(io_err)?;
            }
            for r in &list.sent {
                writeln!(out, "{}", crate::app::refunds::describe_sent(r, lang)).map_err(io_err)?;
            }
            Ok(())
        }
        RefundJob::Set(id, amount, date) => {
            let p = shop.set_refund(id, amount, date)?;
            writeln!(out, "{}", p.describe(lang)).map_err(io_err)
        }
        RefundJob::Batch {
            date,
            ids,
            out: file,
            json: as_json,
        } => {
            let o: BatchOutcome = shop.refund_batch(&ids, date)?;
            write_file(&file, o.batch.xml.as_bytes())?;
            if as_json {
                return json(out, &o);
            }
            writeln!(
                out,
                "{}",
                t!(
                    lang,
                    "cli-refund-batch-made",
                    batch = o.batch.id,
                    msg_id = o.batch.msg_id.clone(),
                    count = o.batch.count,
                    total = o.batch.total.to_string(),
                    file = file.display().to_string()
                )
            )
            .map_err(io_err)?;
            for r in &o.refunds {
                writeln!(out, "  {}", crate::app::refunds::describe_sent(r, lang))
                    .map_err(io_err)?;
            }
            if !o.without_details.is_empty() {
                writeln!(
                    out,
                    "{}",
                    t!(
                        lang,
                        "cli-refund-left-out",
                        ids = o.without_details.join(", ")
                    )
                )
                .map_err(io_err)?;
            }
            Ok(())
        }
        RefundJob::File(batch, file) => {
            let b = shop.refund_batch_file(batch)?;
            write_file(&file, b.xml.as_bytes())?;
            writeln!(
                out,
                "{}",
                t!(
                    lang,
                    "cli-refund-file-written",
                    batch = b.id,
                    msg_id = b.msg_id.clone(),
                    file = file.display().to_string()
                )
            )
            .map_err(io_err)
        }
        RefundJob::Status(file, as_json) => {
            let bytes = std::fs::read(&file).map_err(|e| {
                AppError::Invalid(msg!(
                    "cli-read-failed",
                    path = file.display().to_string(),
                    error = e.to_string()
                ))
            })?;
            let o = shop.refund_status(&bytes)?;
            if as_json {
                return json(out, &o);
            }
            writeln!(
                out,
                "{}",
                t!(
                    lang,
                    "cli-refund-status-head",
                    msg_id = o.msg_id.clone(),
                    count = o.lines.len()
                )
            )
            .map_err(io_err)?;
            for l in &o.lines {
                let reason = l.reason.clone().unwrap_or_default();
                let line = match l.status {
                    TxStatus::Rejected => t!(
                        lang,
                        "cli-refund-status-rejected",
                        refund = l.refund,
                        id = l.end_to_end_id.clone(),
                        code = l.code.clone(),
                        reason = reason
                    ),
                    TxStatus::Settled => t!(
                        lang,
                        "cli-refund-status-settled",
                        refund = l.refund,
                        id = l.end_to_end_id.clone(),
                        code = l.code.clone()
                    ),
                    TxStatus::Accepted => t!(
                        lang,
                        "cli-refund-status-accepted",
                        refund = l.refund,
                        id = l.end_to_end_id.clone(),
                        code = l.code.clone()
                    ),
                };
                writeln!(out, "  {line}").map_err(io_err)?;
            }
            Ok(())
        }
    }
}
