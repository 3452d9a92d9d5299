//! `verkstad klarna settlements`, `verkstad resurs payouts` (issue 14) and `verkstad dispute …`
//! (issue 13): payouts applied to the
//! books and the disputes register, as text or JSON. Deadlines are shown as dates.

use std::io::Write;
use std::path::PathBuf;

use serde::Serialize;

use super::args::DisputeCommand;
use super::{Context, block_on, io_err, parse_date, parse_json_flag};
use crate::app::disputes::{RATE_WINDOW_DAYS, days_left};
use crate::app::settlement::PayoutProvider;
use crate::app::{AppError, DisputeRecord, PayoutRecord, Workshop};
use crate::domain::Lang;
use crate::domain::settlement::RateLevel;
use crate::t;

/// A deadline this close (days) is marked.
const DUE_SOON_DAYS: i64 = 3;

/// A settlement or dispute command, checked.
pub enum SettleJob {
    Settlements {
        provider: PayoutProvider,
        json: bool,
        since: Option<chrono::NaiveDate>,
    },
    DisputeList {
        json: bool,
    },
    DisputeShow {
        id: String,
        json: bool,
    },
    Respond {
        id: String,
        text: String,
        attach: Option<PathBuf>,
    },
    Accept(String),
    Sync,
}

/// `verkstad klarna settlements [--format] [--since]` and `verkstad resurs payouts […]`.
pub fn plan_settlements(
    provider: PayoutProvider,
    format: &str,
    since: Option<&str>,
) -> Result<SettleJob, AppError> {
    Ok(SettleJob::Settlements {
        provider,
        json: parse_json_flag(format)?,
        since: since.map(parse_date).transpose()?,
    })
}

pub fn plan_dispute(command: &DisputeCommand) -> Result<SettleJob, AppError> {
    Ok(match command {
        DisputeCommand::List { format } => SettleJob::DisputeList {
            json: parse_json_flag(format)?,
        },
        DisputeCommand::Show { id, format } => SettleJob::DisputeShow {
            id: id.trim().to_string(),
            json: parse_json_flag(format)?,
        },
        DisputeCommand::Respond { id, text, attach } => SettleJob::Respond {
            id: id.trim().to_string(),
            text: text.clone(),
            attach: attach.clone(),
        },
        DisputeCommand::Accept { id } => SettleJob::Accept(id.trim().to_string()),
        DisputeCommand::Sync => SettleJob::Sync,
    })
}

fn json(out: &mut impl Write, value: &impl Serialize) -> Result<(), AppError> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(|e| io_err(e.into()))?;
    writeln!(out).map_err(io_err)
}

pub fn run(
    job: SettleJob,
    shop: &Workshop,
    ctx: &Context,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let lang = ctx.lang;
    match job {
        SettleJob::Settlements {
            provider,
            json: as_json,
            since,
        } => {
            let outcome = block_on(shop.apply_payouts(provider, since))??;
            let payouts = shop.payouts(provider, 50)?;
            if as_json {
                #[derive(Serialize)]
                struct Both<'a, O> {
                    outcome: &'a O,
                    payouts: &'a [PayoutRecord],
                }
                return json(
                    out,
                    &Both {
                        outcome: &outcome,
                        payouts: &payouts,
                    },
                );
            }
            let mut text = vec![t!(
                lang,
                "cli-settle-fetched",
                provider = outcome.provider.clone(),
                since = outcome.since.to_string(),
                applied = outcome.applied.len(),
                known = outcome.already_known.len()
            )];
            for a in &outcome.applied {
                text.push(t!(
                    lang,
                    "cli-settle-applied",
                    reference = a.payment_reference.clone(),
                    date = a.payout_date.to_string(),
                    net = a.net.to_string(),
                    voucher = a.voucher_no,
                    invoices = a.invoices_paid.len()
                ));
                for r in &a.unmatched {
                    text.push(t!(
                        lang,
                        "cli-settle-unmatched",
                        pos = r.pos + 1,
                        kind = r.row.kind.code().to_string(),
                        amount = r.row.amount.to_string(),
                        reference = r.row.order_reference.clone().unwrap_or_default()
                    ));
                }
            }
            for r in &outcome.refused {
                text.push(t!(
                    lang,
                    "cli-settle-refused",
                    reference = r.payment_reference.clone(),
                    rows = r.rows.to_string(),
                    net = r.net.to_string()
                ));
            }
            text.push(String::new());
            text.extend(payout_lines(&payouts, lang));
            writeln!(out, "{}", text.join("\n")).map_err(io_err)
        }
        SettleJob::DisputeList { json: as_json } => {
            let all = shop.disputes()?;
            let rate = shop.dispute_rate(RATE_WINDOW_DAYS)?;
            if as_json {
                #[derive(Serialize)]
                struct List<'a, R> {
                    disputes: &'a [DisputeRecord],
                    rate: &'a R,
                }
                return json(
                    out,
                    &List {
                        disputes: &all,
                        rate: &rate,
                    },
                );
            }
            let today = shop.today_date();
            let mut text: Vec<String> = if all.is_empty() {
                vec![t!(lang, "cli-dispute-none")]
            } else {
                all.iter().map(|d| dispute_line(d, today, lang)).collect()
            };
            text.push(t!(
                lang,
                "cli-dispute-rate",
                days = rate.window_days,
                disputes = rate.disputes,
                invoices = rate.invoices,
                percent = rate.percent.to_string().replace('.', ",")
            ));
            match rate.level {
                RateLevel::Normal => {}
                RateLevel::Warning => text.push(t!(lang, "cli-dispute-rate-warning")),
                RateLevel::Elevated => text.push(t!(lang, "cli-dispute-rate-elevated")),
            }
            writeln!(out, "{}", text.join("\n")).map_err(io_err)
        }
        SettleJob::DisputeShow { id, json: as_json } => {
            let d = shop.dispute(&id)?;
            if as_json {
                return json(out, &d);
            }
            let today = shop.today_date();
            writeln!(out, "{}", show_dispute(&d, today, lang)).map_err(io_err)
        }
        SettleJob::Respond { id, text, attach } => {
            let d = block_on(shop.respond_dispute(&id, &text, attach.as_deref()))??;
            let line = t!(
                lang,
                "cli-dispute-responded",
                id = d.id.clone(),
                provider = d.provider.clone()
            );
            writeln!(out, "{line}").map_err(io_err)
        }
        SettleJob::Accept(id) => {
            let d = block_on(shop.accept_dispute_loss(&id))??;
            let line = t!(
                lang,
                "cli-dispute-accepted",
                id = d.id.clone(),
                amount = d.amount.to_string()
            );
            writeln!(out, "{line}").map_err(io_err)
        }
        SettleJob::Sync => {
            let s = block_on(shop.sync_disputes())??;
            let mut text = vec![t!(
                lang,
                "cli-dispute-synced",
                synced = s.synced,
                opened = s.opened.len(),
                won = s.won.len(),
                lost = s.lost.len()
            )];
            for id in &s.unmatched {
                text.push(t!(lang, "cli-dispute-unmatched", id = id.clone()));
            }
            writeln!(out, "{}", text.join("\n")).map_err(io_err)
        }
    }
}

fn payout_lines(payouts: &[PayoutRecord], lang: Lang) -> Vec<String> {
    if payouts.is_empty() {
        return vec![t!(lang, "cli-settle-none")];
    }
    payouts
        .iter()
        .map(|p| {
            t!(
                lang,
                "cli-settle-row",
                date = p.payout_date.to_string(),
                reference = p.payment_reference.clone(),
                net = p.net.to_string(),
                sales = p.totals.sales.to_string(),
                returns = p.totals.returns.to_string(),
                fees = p.totals.fees.to_string(),
                reversals = p.totals.reversals.to_string(),
                voucher = p.voucher_no,
                rows = p.rows.len()
            )
        })
        .collect()
}

fn state(d: &DisputeRecord, lang: Lang) -> String {
    let code = d.outcome.as_deref().unwrap_or(d.state.code());
    t!(lang, "cli-dispute-state", state = code.to_string())
}

fn dispute_line(d: &DisputeRecord, today: chrono::NaiveDate, lang: Lang) -> String {
    let left = days_left(d, today);
    let soon = d.pauses_invoice() && left <= DUE_SOON_DAYS;
    t!(
        lang,
        "cli-dispute-line",
        mark = if soon { "!" } else { " " },
        deadline = d.deadline.to_string(),
        days = left,
        id = d.id.clone(),
        nr = d.order_nr.map(|n| n.to_string()).unwrap_or("–".into()),
        customer = d.customer.clone().unwrap_or("–".into()),
        reason = d.reason.clone(),
        amount = d.amount.to_string(),
        state = state(d, lang)
    )
}

fn show_dispute(d: &DisputeRecord, today: chrono::NaiveDate, lang: Lang) -> String {
    let mut text = vec![dispute_line(d, today, lang)];
    text.push(t!(
        lang,
        "cli-dispute-detail",
        opened = d.opened_at.date_naive().to_string(),
        invoice = d.invoice_no.map(|n| n.to_string()).unwrap_or("–".into()),
        reference = d.order_reference.clone().unwrap_or_default(),
        chargeback = d
            .chargeback_voucher
            .map(|n| n.to_string())
            .unwrap_or("–".into()),
        fee = d.fee_voucher.map(|n| n.to_string()).unwrap_or("–".into())
    ));
    for r in &d.requests {
        text.push(format!(
            "  {} {} {}",
            r.id,
            r.deadline.map(|d| d.to_string()).unwrap_or_default(),
            r.text.clone().unwrap_or_default()
        ));
    }
    text.join("\n")
}
