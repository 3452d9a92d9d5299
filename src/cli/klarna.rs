//! `verkstad klarna …`: payment method KLARNA (an invoice through Klarna).

use std::io::Write;

use super::{Context, block_on, io_err};
use crate::app::pay::SendOutcome;
use crate::app::{AppError, Workshop};
use crate::t;

/// A klarna subcommand with its order number checked.
pub enum KlarnaJob {
    Reserve {
        nr: i64,
        store: Option<String>,
    },
    Show {
        nr: i64,
        json: bool,
    },
    Print {
        nr: i64,
        out: Option<std::path::PathBuf>,
    },
}

pub fn run(
    job: KlarnaJob,
    shop: &Workshop,
    ctx: &Context,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let lang = ctx.lang;
    block_on(async {
        let text = match job {
            KlarnaJob::Reserve { nr, store } => {
                let reserved = shop.klarna_reserve(nr, store.as_deref()).await?;
                let (attempt, already) = match reserved.outcome {
                    SendOutcome::Sent { attempt, .. } => (attempt, false),
                    SendOutcome::AlreadySent { attempt } => (attempt, true),
                };
                let amount = attempt.amount.to_string();
                let store = attempt.provider_store.clone().unwrap_or_default();
                let mut t = if already {
                    t!(
                        lang,
                        "cli-klarna-already-reserved",
                        nr = nr,
                        amount = amount,
                        store = store
                    )
                } else {
                    t!(
                        lang,
                        "cli-klarna-reserved",
                        nr = nr,
                        amount = amount,
                        store = store
                    )
                };
                for note in &reserved.notes {
                    t.push('\n');
                    t.push_str(&note.message.render(lang));
                }
                if let Some(url) = &attempt.customer_url {
                    t.push('\n');
                    t.push_str(&t!(lang, "cli-pay-link", url = url));
                }
                t
            }
            KlarnaJob::Print {
                nr,
                out: Some(path),
            } => {
                let pdf = super::books::print_format(&path)?;
                let (label, bytes) = shop.render_klarna_invoice(nr, pdf, lang).await?;
                crate::app::ledger::write_file(&path, &bytes)?;
                format!("{label} → {}", path.display())
            }
            KlarnaJob::Print { nr, out: None } => {
                let p = shop.print_klarna_invoice(nr, lang).await?;
                eprintln!(
                    "{}",
                    t!(
                        lang,
                        "cli-print-saved",
                        pdf = p.pdf.display().to_string(),
                        text = p.text.display().to_string()
                    )
                );
                p.body.trim_end().to_string()
            }
            KlarnaJob::Show { nr, json } => {
                let shown = shop.klarna_show(nr).await?;
                if json {
                    serde_json::to_string_pretty(&shown).map_err(|e| {
                        AppError::Io(crate::msg!("io-internal-error", error = e.to_string()))
                    })?
                } else {
                    show_text(&shown, lang)
                }
            }
        };
        writeln!(out, "{text}").map_err(io_err)
    })?
}

fn show_text(s: &crate::app::workshop::KlarnaShown, lang: crate::domain::Lang) -> String {
    let store = s.store.clone().unwrap_or_default();
    let Some(k) = &s.klarna else {
        return t!(lang, "cli-klarna-not-placed", nr = s.nr, store = store);
    };
    let mut out = vec![
        t!(
            lang,
            "cli-klarna-show-head",
            nr = s.nr,
            store = store,
            id = k.provider_order_id.clone(),
            reference = k.customer_reference.clone()
        ),
        t!(
            lang,
            "cli-klarna-show-status",
            status = k.status.clone(),
            decision = k.decision.clone()
        ),
        t!(
            lang,
            "cli-klarna-show-amounts",
            order = k.order_amount.to_string(),
            captured = k.captured_amount.to_string(),
            refunded = k.refunded_amount.to_string()
        ),
    ];
    for l in &k.lines {
        out.push(format!(
            "  {:>3} × {:>12}  {:>12}  {}",
            l.quantity,
            l.unit_price.to_string(),
            l.total.to_string(),
            l.name
        ));
    }
    out.join("\n")
}
