//! The refunds screen's effects (Shift+F12, issue 15), each one use case of the workshop: read
//! the proposals and sent refunds, make a batch and write its pain.001 file to the path typed,
//! change a proposal's amount and date, read the bank's pain.002 file. A change is followed by
//! the refunds read again, so the screen shows where every refund stands now.

use super::{failed, form_failed};
use crate::app::Workshop;
use crate::app::refunds::{BatchOutcome, StatusOutcome};
use crate::domain::Lang;
use crate::domain::refund::pain002::TxStatus;
use crate::t;
use crate::tui::model::{Effect, Event};

/// Carry out a refunds effect (blocking: SQLite and the file); None for any other effect.
pub fn apply(workshop: &Workshop, lang: Lang, effect: &Effect) -> Option<Vec<Event>> {
    Some(match effect {
        Effect::LoadRefunds => match workshop.refunds() {
            Ok(list) => vec![Event::RefundsLoaded(Box::new(list))],
            Err(e) => failed(&e, lang),
        },
        Effect::RefundBatch { ids, path } => match workshop.refund_batch_to(ids, None, path) {
            Ok(o) => changed(workshop, batch_text(&o, path, lang)),
            Err(e) => form_failed(&e, lang),
        },
        Effect::SetRefund { id, amount, date } => {
            match workshop.set_refund(*id, Some(*amount), *date) {
                Ok(p) => changed(
                    workshop,
                    t!(
                        lang,
                        "screen-refunds-set",
                        id = p.id.clone(),
                        amount = p.amount.to_string(),
                        date = p.pay_on.to_string()
                    ),
                ),
                Err(e) => form_failed(&e, lang),
            }
        }
        Effect::LoadCustomer(no) => {
            match workshop
                .customer(*no)
                .and_then(|c| Ok((c, workshop.payment_details(*no)?)))
            {
                Ok((c, payee)) => vec![Event::CustomerLoaded(Box::new(c), payee)],
                Err(e) => failed(&e, lang),
            }
        }
        Effect::RefundStatus(path) => match workshop.refund_status_file(path) {
            Ok(o) => changed(workshop, status_text(&o, lang)),
            Err(e) => form_failed(&e, lang),
        },
        _ => return None,
    })
}

/// The form closes, the refunds are read again, then the outcome in the message line.
fn changed(workshop: &Workshop, text: String) -> Vec<Event> {
    let mut out = vec![Event::FormSaved];
    match workshop.refunds() {
        Ok(list) => out.push(Event::RefundsLoaded(Box::new(list))),
        Err(e) => {
            tracing::warn!(error = %e.message(Lang::En), "the refunds could not be read again");
        }
    }
    out.push(Event::Done { text, error: false });
    out
}

/// "Omgång 1 (VRK-R1-…): 2 återbetalningar, 1 250,00 kr, skriven till FILE", and who was left
/// out for want of payment details.
fn batch_text(o: &BatchOutcome, path: &std::path::Path, lang: Lang) -> String {
    let mut text = t!(
        lang,
        "cli-refund-batch-made",
        batch = o.batch.id,
        msg_id = o.batch.msg_id.clone(),
        count = o.batch.count,
        total = o.batch.total.to_string(),
        file = path.display().to_string()
    );
    if !o.without_details.is_empty() {
        text.push_str(". ");
        text.push_str(&t!(
            lang,
            "cli-refund-left-out",
            ids = o.without_details.join(", ")
        ));
    }
    text
}

/// "Status för VRK-R1-…: 2 betalningar, 1 godkänd, 1 avvisad – tillbaka bland förslagen".
fn status_text(o: &StatusOutcome, lang: Lang) -> String {
    let rejected = o
        .lines
        .iter()
        .filter(|l| l.status == TxStatus::Rejected)
        .count();
    t!(
        lang,
        "screen-refunds-status-read",
        msg_id = o.msg_id.clone(),
        count = o.lines.len(),
        accepted = o.lines.len() - rejected,
        rejected = rejected
    )
}
