//! The worker's printing: "Skriv ut" (with the Klarna invoice beside a booked KLARNA order's
//! invoice) and "Skriv ut Klarna-faktura".

use super::{WorkerContext, done, failed};
use crate::t;
use crate::tui::model::Event;

/// "Skriv ut": the order's document; a booked KLARNA order's invoice with the Klarna invoice
/// beside it. When the Klarna invoice cannot be made, our document stands printed and the
/// message says why the other is missing.
pub(super) async fn print(ctx: &WorkerContext, nr: i64, copy: bool) -> Vec<Event> {
    let lang = ctx.lang;
    let (printed, klarna) = match ctx.workshop.print_with_klarna(nr, lang, copy).await {
        Ok(p) => p,
        Err(e) => return failed(&e, lang),
    };
    let text = t!(
        lang,
        "screen-printed",
        what = printed.label,
        path = printed.pdf.display().to_string()
    );
    match klarna {
        None => done(text),
        Some(Ok(k)) => done(format!(
            "{text}; {}",
            t!(
                lang,
                "screen-printed",
                what = k.label,
                path = k.pdf.display().to_string()
            )
        )),
        Some(Err(e)) => vec![Event::Done {
            text: format!("{text}; {}", e.message(lang)),
            error: true,
        }],
    }
}

/// "Skriv ut Klarna-faktura": what the customer pays to Klarna (a reprint says KOPIA).
pub(super) async fn print_klarna(ctx: &WorkerContext, nr: i64) -> Vec<Event> {
    let lang = ctx.lang;
    match ctx.workshop.print_klarna_invoice(nr, lang).await {
        Ok(printed) => done(t!(
            lang,
            "screen-printed",
            what = printed.label,
            path = printed.pdf.display().to_string()
        )),
        Err(e) => failed(&e, lang),
    }
}
