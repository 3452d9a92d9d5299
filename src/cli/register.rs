//! The cash register's commands: `report x`, `report z`, `return`, `journal export`, and
//! booking in training mode (`--training`).

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;

use super::{Context, block_on, io_err, parse_date};
use crate::app::ledger;
use crate::app::{AppError, Workshop};
use crate::domain::register::{Receipt, ReceiptKind, RegisterReport};
use crate::domain::{Lang, PaymentMethod};
use crate::{msg, t};

/// How an X or Z report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Text,
    Json,
    Pdf,
}

/// A register command with its arguments checked.
pub enum RegisterJob {
    X {
        format: ReportFormat,
        out: Option<PathBuf>,
    },
    Z {
        date: Option<NaiveDate>,
        format: ReportFormat,
        out: Option<PathBuf>,
    },
    Journal {
        from: NaiveDate,
        to: NaiveDate,
        out: Option<PathBuf>,
    },
    ProForma {
        nr: i64,
        method: Option<PaymentMethod>,
    },
}

fn report_format(format: &str, out: &Option<PathBuf>) -> Result<ReportFormat, AppError> {
    let f = match format.trim().to_ascii_lowercase().as_str() {
        "text" => ReportFormat::Text,
        "json" => ReportFormat::Json,
        "pdf" => ReportFormat::Pdf,
        _ => {
            return Err(AppError::Invalid(msg!(
                "cli-unknown-report-format",
                format = format
            )));
        }
    };
    if f == ReportFormat::Pdf && out.is_none() {
        return Err(AppError::Invalid(msg!("cli-pdf-needs-out")));
    }
    Ok(f)
}

pub fn plan_x(format: &str, out: &Option<PathBuf>) -> Result<RegisterJob, AppError> {
    Ok(RegisterJob::X {
        format: report_format(format, out)?,
        out: out.clone(),
    })
}

pub fn plan_z(
    date: Option<&str>,
    format: &str,
    out: &Option<PathBuf>,
) -> Result<RegisterJob, AppError> {
    Ok(RegisterJob::Z {
        date: date.map(parse_date).transpose()?,
        format: report_format(format, out)?,
        out: out.clone(),
    })
}

pub fn plan_pro_forma(nr: i64, method: Option<PaymentMethod>) -> Result<RegisterJob, AppError> {
    Ok(RegisterJob::ProForma { nr, method })
}

pub fn plan_journal(from: &str, to: &str, out: &Option<PathBuf>) -> Result<RegisterJob, AppError> {
    let (from, to) = (parse_date(from)?, parse_date(to)?);
    if to < from {
        return Err(AppError::Invalid(msg!(
            "cli-to-before-from",
            to = to.to_string(),
            from = from.to_string()
        )));
    }
    Ok(RegisterJob::Journal {
        from,
        to,
        out: out.clone(),
    })
}

pub fn run(
    job: RegisterJob,
    shop: &Workshop,
    ctx: &Context,
    out: &mut impl Write,
) -> Result<(), AppError> {
    match job {
        RegisterJob::X { format, out: file } => {
            let r = shop.x_report()?;
            write_report(shop, ctx, &r, format, file, out)
        }
        RegisterJob::Z {
            date,
            format,
            out: file,
        } => {
            let r = shop.z_report(date)?;
            write_report(shop, ctx, &r, format, file, out)
        }
        RegisterJob::ProForma { nr, method } => {
            let p = block_on(shop.print_pro_forma(nr, method, ctx.lang))??;
            writeln!(out, "{}", p.body.trim_end()).map_err(io_err)?;
            eprintln!(
                "{}",
                t!(
                    ctx.lang,
                    "cli-print-saved",
                    pdf = p.pdf.display().to_string(),
                    text = p.text.display().to_string()
                )
            );
            Ok(())
        }
        RegisterJob::Journal {
            from,
            to,
            out: file,
        } => {
            let j = shop.journal_export(from, to)?;
            let path = file.unwrap_or_else(|| PathBuf::from(format!("journal-{from}-{to}.jsonl")));
            if path.as_os_str() == "-" {
                return out.write_all(&j.bytes).map_err(io_err);
            }
            ledger::write_file(&path, &j.bytes)?;
            let text = t!(
                ctx.lang,
                "cli-journal-exported",
                n = j.entries,
                path = path.display().to_string()
            );
            writeln!(out, "{text}").map_err(io_err)
        }
    }
}

fn write_report(
    shop: &Workshop,
    ctx: &Context,
    r: &RegisterReport,
    format: ReportFormat,
    file: Option<PathBuf>,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let bytes = match format {
        ReportFormat::Json => {
            let mut b = serde_json::to_vec_pretty(r).map_err(|e| io_err(e.into()))?;
            b.push(b'\n');
            b
        }
        ReportFormat::Text => shop.render_register_report(r, false, ctx.lang)?,
        ReportFormat::Pdf => shop.render_register_report(r, true, ctx.lang)?,
    };
    match file {
        Some(path) => {
            ledger::write_file(&path, &bytes)?;
            writeln!(out, "{} → {}", r.title(ctx.lang), path.display()).map_err(io_err)
        }
        None => out.write_all(&bytes).map_err(io_err),
    }
}

/// "Kvitto 17 registrerat i KASSA-1, kontrollkod …".
pub fn receipt_line(r: &Receipt, lang: Lang) -> String {
    t!(
        lang,
        "cli-receipt-registered",
        kind = r.kind.code(),
        no = r.no,
        register = r.register_id.as_str(),
        code = r.control_code.as_str()
    )
}

/// `verkstad return NR [--lines]`: the return receipt of a counter sale, with its credit.
pub fn return_sale(
    shop: &Workshop,
    ctx: &Context,
    nr: i64,
    lines: Option<Vec<usize>>,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let receipts = shop.receipts(nr)?;
    if !receipts
        .iter()
        .any(|r| r.kind == ReceiptKind::Sale && !r.training)
    {
        return Err(AppError::Invalid(msg!("cli-return-no-receipt", nr = nr)));
    }
    super::books::credit(shop, ctx, nr, lines, out)
}

/// `verkstad --training book NR`: a training receipt, printed; nothing booked.
pub fn book_training(
    shop: &Workshop,
    ctx: &Context,
    nr: i64,
    method: Option<PaymentMethod>,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let lang = ctx.lang;
    let t = block_on(shop.book_training(nr, method, lang))??;
    write!(out, "{}", t.printed.body).map_err(io_err)?;
    let text = t!(
        lang,
        "cli-training-sale",
        no = t.receipt.no,
        nr = nr,
        amount = t.receipt.to_pay.to_string()
    );
    writeln!(out, "{text}").map_err(io_err)?;
    eprintln!(
        "{}",
        t!(
            lang,
            "cli-print-saved",
            pdf = t.printed.pdf.display().to_string(),
            text = t.printed.text.display().to_string()
        )
    );
    Ok(())
}
