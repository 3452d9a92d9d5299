//! The reconciliation screen's effects (F12, issue 14), each one use case of the workshop: read
//! the payments, import a bank file, look up an invoice, match by hand or accept a suggestion,
//! move to OBS. A change is followed by the payments read again, so the screen shows where
//! every payment stands now.

use super::{failed, form_failed};
use crate::app::Workshop;
use crate::app::reconcile::{ImportOutcome, Reconciled};
use crate::domain::Lang;
use crate::domain::reconcile::State;
use crate::t;
use crate::tui::model::{Effect, Event, RECONCILE_LIMIT};

/// Carry out a reconciliation effect (blocking: SQLite); None for any other effect.
pub fn apply(workshop: &Workshop, lang: Lang, effect: &Effect) -> Option<Vec<Event>> {
    Some(match effect {
        Effect::LoadPayments => match workshop.incoming_payments(false, RECONCILE_LIMIT) {
            Ok(rows) => vec![Event::PaymentsLoaded(rows)],
            Err(e) => failed(&e, lang),
        },
        Effect::ImportBankFile(path) => match workshop.import_bank_file(path) {
            Ok(o) => {
                let mut out = vec![Event::FormSaved];
                out.extend(reloaded(workshop, lang));
                out.push(Event::Done {
                    text: imported_text(&o, lang),
                    error: false,
                });
                out
            }
            Err(e) => form_failed(&e, lang),
        },
        Effect::FindInvoice { payment, invoice } => match workshop.open_invoice(*invoice) {
            Ok(found) if found.open.ore() > 0 => vec![Event::InvoiceFound {
                payment: *payment,
                invoice: found,
            }],
            // Nothing left to pay on it: said at the field, the number kept.
            Ok(_) => vec![Event::FormFailed {
                field: None,
                text: t!(lang, "reconcile-invoice-paid", invoice = *invoice),
            }],
            Err(e) => form_failed(&e, lang),
        },
        Effect::MatchPayment { payment, invoice } => {
            match workshop.match_payment(*payment, *invoice) {
                Ok(r) => {
                    let mut out = vec![Event::FormSaved];
                    out.extend(reloaded(workshop, lang));
                    out.push(Event::Done {
                        text: matched_text(&r, lang),
                        error: false,
                    });
                    out
                }
                Err(e) => form_failed(&e, lang),
            }
        }
        Effect::AcceptSuggestion(payment) => {
            let done = match workshop.accept_suggestion(*payment) {
                Ok(r) => Event::Done {
                    text: matched_text(&r, lang),
                    error: false,
                },
                Err(e) => failed(&e, lang).remove(0),
            };
            let mut out = reloaded(workshop, lang);
            out.push(done);
            out
        }
        Effect::ObsPayment(payment) => {
            let done = match workshop.obs_payment(*payment) {
                Ok(r) => Event::Done {
                    text: t!(
                        lang,
                        "cli-reconcile-moved-to-obs",
                        payment = r.payment.id,
                        amount = r.payment.amount.to_string(),
                        voucher = voucher(r.voucher_no)
                    ),
                    error: false,
                },
                Err(e) => failed(&e, lang).remove(0),
            };
            let mut out = reloaded(workshop, lang);
            out.push(done);
            out
        }
        _ => return None,
    })
}

/// The payments read again after a change (a failed read says nothing: the change stands).
fn reloaded(workshop: &Workshop, _lang: Lang) -> Vec<Event> {
    match workshop.incoming_payments(false, RECONCILE_LIMIT) {
        Ok(rows) => vec![Event::PaymentsLoaded(rows)],
        Err(e) => {
            tracing::warn!(error = %e.message(Lang::En), "the payments could not be read again");
            Vec::new()
        }
    }
}

fn voucher(no: Option<i64>) -> String {
    no.map_or("–".into(), |v| v.to_string())
}

fn matched_text(r: &Reconciled, lang: Lang) -> String {
    let invoices: Vec<String> = r.invoices.iter().map(i64::to_string).collect();
    t!(
        lang,
        "cli-reconcile-matched",
        payment = r.payment.id,
        amount = r.payment.amount.to_string(),
        invoices = invoices.join(", "),
        voucher = voucher(r.voucher_no)
    )
}

/// "12 betalningar: 10 avprickade, 0 förslag, 1 OBS, 1 förskott", or "already imported".
pub fn imported_text(o: &ImportOutcome, lang: Lang) -> String {
    if o.already_imported {
        return t!(lang, "cli-reconcile-file-known", file = o.file_id.clone());
    }
    let mut text = t!(
        lang,
        "screen-reconcile-imported",
        payments = o.payments.len(),
        matched = o.count(State::Matched),
        suggested = o.count(State::Suggested),
        obs = o.count(State::Obs),
        prepayment = o.count(State::Prepayment)
    );
    if o.known_entries > 0 {
        text.push_str(&t!(
            lang,
            "screen-reconcile-imported-known",
            known = o.known_entries
        ));
    }
    if o.test {
        text.push_str(". ");
        text.push_str(&t!(lang, "cli-reconcile-test-file"));
    }
    text
}
