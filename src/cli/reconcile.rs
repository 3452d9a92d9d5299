//! `verkstad reconcile import | list | match | obs` (issue 14): incoming payments from the bank
//! matched to invoices, as text or JSON.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use super::args::ReconcileCommand;
use super::{Context, Numbered, io_err, parse_json_flag, parse_positive};
use crate::app::reconcile::{ImportOutcome, Reconciled};
use crate::app::{AppError, IncomingPaymentRecord, Workshop};
use crate::domain::Lang;
use crate::domain::reconcile::{State, explain};
use crate::t;

/// A reconcile command, checked.
pub enum ReconcileJob {
    Import {
        file: PathBuf,
        json: bool,
    },
    List {
        open_only: bool,
        json: bool,
        limit: usize,
    },
    Match {
        payment: i64,
        invoice: i64,
    },
    Obs(i64),
}

pub fn plan(command: &ReconcileCommand) -> Result<ReconcileJob, AppError> {
    Ok(match command {
        ReconcileCommand::Import { file, format } => ReconcileJob::Import {
            file: file.clone(),
            json: parse_json_flag(format)?,
        },
        ReconcileCommand::List {
            unmatched,
            format,
            limit,
        } => ReconcileJob::List {
            open_only: *unmatched,
            json: parse_json_flag(format)?,
            limit: *limit,
        },
        ReconcileCommand::Match { payment, invoice } => ReconcileJob::Match {
            payment: parse_positive(payment, Numbered::Payment)?,
            invoice: parse_positive(invoice, Numbered::Invoice)?,
        },
        ReconcileCommand::Obs { payment } => {
            ReconcileJob::Obs(parse_positive(payment, Numbered::Payment)?)
        }
    })
}

fn json(out: &mut impl Write, value: &impl Serialize) -> Result<(), AppError> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| io_err(e.into()))?;
    writeln!(out).map_err(io_err)
}

pub fn run(
    job: ReconcileJob,
    shop: &Workshop,
    ctx: &Context,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let lang = ctx.lang;
    match job {
        ReconcileJob::Import {
            file,
            json: as_json,
        } => {
            let outcome = shop.import_bank_file(&file)?;
            if as_json {
                return json(out, &outcome);
            }
            writeln!(out, "{}", import_text(&outcome, lang)).map_err(io_err)
        }
        ReconcileJob::List {
            open_only,
            json: as_json,
            limit,
        } => {
            let all = shop.incoming_payments(open_only, limit)?;
            if as_json {
                #[derive(Serialize)]
                struct Row<'a> {
                    #[serde(flatten)]
                    payment: &'a IncomingPaymentRecord,
                    why: String,
                }
                let rows: Vec<Row> = all
                    .iter()
                    .map(|p| Row {
                        payment: p,
                        why: explain(&p.standing.reasons, lang),
                    })
                    .collect();
                return json(out, &rows);
            }
            if all.is_empty() {
                return writeln!(out, "{}", t!(lang, "cli-reconcile-none")).map_err(io_err);
            }
            let text: Vec<String> = all.iter().map(|p| payment_line(p, lang)).collect();
            writeln!(out, "{}", text.join("\n")).map_err(io_err)
        }
        ReconcileJob::Match { payment, invoice } => {
            let r = shop.match_payment(payment, invoice)?;
            writeln!(out, "{}", reconciled_text(&r, lang)).map_err(io_err)
        }
        ReconcileJob::Obs(payment) => {
            let r = shop.obs_payment(payment)?;
            let line = t!(
                lang,
                "cli-reconcile-moved-to-obs",
                payment = r.payment.id,
                amount = r.payment.amount.to_string(),
                voucher = r.voucher_no.map(|v| v.to_string()).unwrap_or("–".into())
            );
            writeln!(out, "{line}").map_err(io_err)
        }
    }
}

fn import_text(o: &ImportOutcome, lang: Lang) -> String {
    if o.already_imported {
        return t!(lang, "cli-reconcile-file-known", file = o.file_id.clone());
    }
    let mut text = vec![t!(
        lang,
        "cli-reconcile-imported",
        file = o.file_id.clone(),
        payments = o.payments.len(),
        matched = o.count(State::Matched),
        suggested = o.count(State::Suggested),
        obs = o.count(State::Obs),
        prepayment = o.count(State::Prepayment),
        known = o.known_entries
    )];
    if o.test {
        text.push(t!(lang, "cli-reconcile-test-file"));
    }
    for p in &o.payments {
        text.push(t!(
            lang,
            "cli-reconcile-payment",
            payment = p.id,
            amount = p.amount.to_string(),
            state = p.state.label(lang),
            voucher = p.voucher_no.map(|v| v.to_string()).unwrap_or("–".into()),
            why = p.decision.explain(lang)
        ));
    }
    text.join("\n")
}

fn payment_line(p: &IncomingPaymentRecord, lang: Lang) -> String {
    let refs: Vec<&str> = p.references.iter().map(|r| r.text.as_str()).collect();
    let invoices: Vec<String> = p.invoices.iter().map(i64::to_string).collect();
    t!(
        lang,
        "cli-reconcile-row",
        payment = p.id,
        date = p.booked_on.to_string(),
        amount = p.amount.to_string(),
        state = p.standing.state.label(lang),
        payer = p.payer.name.clone().unwrap_or_default(),
        references = refs.join(" "),
        invoices = invoices.join(", "),
        why = explain(&p.standing.reasons, lang)
    )
}

fn reconciled_text(r: &Reconciled, lang: Lang) -> String {
    let invoices: Vec<String> = r.invoices.iter().map(i64::to_string).collect();
    t!(
        lang,
        "cli-reconcile-matched",
        payment = r.payment.id,
        amount = r.payment.amount.to_string(),
        invoices = invoices.join(", "),
        voucher = r.voucher_no.map(|v| v.to_string()).unwrap_or("–".into())
    )
}
