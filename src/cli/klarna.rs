//! `verkstad klarna …`: payment method KLARNA (an invoice through Klarna).

use std::io::Write;

use super::{Context, block_on, io_err};
use crate::app::pay::SendOutcome;
use crate::app::{AppError, Workshop};
use crate::t;

/// A klarna subcommand with its order number checked.
pub enum KlarnaJob {
    Reserve { nr: i64, store: Option<String> },
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
                let (attempt, already) = match shop.klarna_reserve(nr, store.as_deref()).await? {
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
                if let Some(url) = &attempt.customer_url {
                    t.push('\n');
                    t.push_str(&t!(lang, "cli-pay-link", url = url));
                }
                t
            }
        };
        writeln!(out, "{text}").map_err(io_err)
    })?
}
