//! `verkstad book`, `credit`, `print`, `report day` and `export sie`.

use std::fmt::Write as _;
use std::io::Write;

use super::{Context, io_err, pay};
use crate::app::ledger::{self, Booked, DayReport};
use crate::app::{AppError, config::Books};
use crate::domain::{Lang, PaymentMethod, Status};
use crate::store::{ProviderAction, Store};

/// Payment method named on the command line.
pub fn parse_method(s: &str) -> Result<PaymentMethod, AppError> {
    PaymentMethod::parse(s).ok_or_else(|| {
        AppError::invalid(
            format!("Okänt betalsätt \"{s}\" (MOBIL, KONTANT, KORT eller FAKTURA)"),
            format!("Unknown payment method \"{s}\" (MOBIL, KONTANT, KORT or FAKTURA)"),
        )
    })
}

fn books(ctx: &Context) -> Result<Books, AppError> {
    ctx.config.books()
}

/// Does booking a MOBIL order need a capture at Resurs (automatic capture off)?
fn capture_needed(ctx: &Context) -> bool {
    !ctx.config.resurs.automatic_capture.unwrap_or(true)
}

fn booked_text(b: &Booked, lang: Lang) -> String {
    let inv = &b.invoice.invoice;
    let mut t = match lang {
        Lang::Sv => format!(
            "Order {} är BOKFÖRD: faktura {} ({}), {} kr, verifikation A {}.",
            b.order.nr, inv.no, inv.method, inv.to_pay, inv.voucher_no
        ),
        Lang::En => format!(
            "Order {} is BOOKED (BOKFÖRD): invoice {} ({}), {} kr, voucher A {}.",
            b.order.nr, inv.no, inv.method, inv.to_pay, inv.voucher_no
        ),
    };
    if !inv.rounding.is_zero() {
        let _ = write!(
            t,
            "\n{} {} kr ({} {} kr)",
            lang.pick("Att betala kontant:", "To pay in cash:"),
            inv.to_pay,
            lang.pick("öresavrundning", "rounding"),
            inv.rounding
        );
    }
    if let (Some(ocr), Some(due)) = (&inv.ocr, inv.due_date) {
        let _ = write!(
            t,
            "\nOCR {ocr}, {} {due}",
            lang.pick("förfallodag", "due date")
        );
    }
    t
}

/// `verkstad book NR [--method M]`.
pub fn book(
    mut store: Store,
    ctx: &Context,
    nr: i64,
    method: Option<PaymentMethod>,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let books = books(ctx)?;
    let b = ledger::book(
        &mut store,
        &ctx.actor,
        &books,
        nr,
        method,
        capture_needed(ctx),
    )?;
    writeln!(out, "{}", booked_text(&b, ctx.lang)).map_err(io_err)?;
    if books.example_company {
        eprintln!("{}", example_warning(ctx.lang));
    }
    if b.invoice.pending().is_some() {
        // Capture at Resurs now, with the invoice number as transaction id.
        return pay::run(pay::PayJob::Settle(nr), store, ctx, out);
    }
    Ok(())
}

fn example_warning(lang: Lang) -> &'static str {
    lang.pick(
        "Obs: företagsuppgifter saknas ([company] i config.toml) – fakturan har exempeluppgifter.",
        "Note: company details are missing ([company] in config.toml) – the invoice has example details.",
    )
}

/// `verkstad credit NR [--lines 1,3]`.
pub fn credit(
    mut store: Store,
    ctx: &Context,
    nr: i64,
    lines: Option<Vec<usize>>,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let lang = ctx.lang;
    let books = books(ctx)?;
    let c = ledger::credit(&mut store, &ctx.actor, &books, nr, lines.as_deref())?;
    let inv = &c.invoice.invoice;
    let original = inv.original.map(|o| o.0).unwrap_or_default();
    let positions = inv
        .positions()
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let mut t = match lang {
        Lang::Sv => format!(
            "Kreditfaktura {} på {} kr avser faktura {original} (rad {positions}), verifikation A {}.",
            inv.no, inv.to_pay, inv.voucher_no
        ),
        Lang::En => format!(
            "Credit invoice {} of {} kr refers to invoice {original} (line {positions}), voucher A {}.",
            inv.no, inv.to_pay, inv.voucher_no
        ),
    };
    let refund = c
        .invoice
        .pending()
        .is_some_and(|p| p.action == ProviderAction::Refund);
    if c.order.status == Status::Credited {
        let _ = write!(
            t,
            "\n{}",
            match lang {
                Lang::Sv => format!("Order {nr} är KREDITERAD."),
                Lang::En => format!("Order {nr} is CREDITED (KREDITERAD)."),
            }
        );
        if refund {
            let _ = write!(
                t,
                "\n{}",
                match lang {
                    Lang::Sv => format!(
                        "Öppna ordern igen för att återbetala {} kr till kunden via Resurs: Funktion → Annullera betalnings-SMS / Öppna order, eller `verkstad pay cancel {nr}`.",
                        -inv.to_pay
                    ),
                    Lang::En => format!(
                        "Open the order again to refund {} kr to the customer through Resurs: Funktion → Cancel payment SMS / Reopen order, or `verkstad pay cancel {nr}`.",
                        -inv.to_pay
                    ),
                }
            );
        } else {
            let _ = write!(
                t,
                "\n{}",
                match lang {
                    Lang::Sv => format!("`verkstad pay cancel {nr}` öppnar ordern igen (KLART)."),
                    Lang::En =>
                        format!("`verkstad pay cancel {nr}` opens the order again (KLART)."),
                }
            );
        }
    }
    writeln!(out, "{t}").map_err(io_err)?;
    if refund && c.order.status != Status::Credited {
        // A partial credit of a mobile payment: refund that part now.
        return pay::run(pay::PayJob::Settle(nr), store, ctx, out);
    }
    Ok(())
}

/// The day report as text.
pub fn day_report_text(r: &DayReport, lang: Lang) -> String {
    let mut t = String::new();
    let _ = writeln!(t, "{} {}", lang.pick("Dagrapport", "Day report"), r.date);
    let _ = writeln!(t);
    let _ = writeln!(
        t,
        "{}",
        lang.pick("Försäljning per betalsätt", "Sales per payment method")
    );
    for (m, n, amount) in &r.per_method {
        let _ = writeln!(
            t,
            "  {:<10}{:>5} st {:>14} kr",
            m.code(),
            n,
            amount.to_string()
        );
    }
    let _ = writeln!(
        t,
        "  {:<10}{:>5}    {:>14} kr",
        lang.pick("Summa", "Total"),
        "",
        r.total.to_string()
    );
    if !r.rounding.is_zero() {
        let _ = writeln!(
            t,
            "  {:<19}{:>14} kr",
            lang.pick("varav avrundning", "of which rounding"),
            r.rounding.to_string()
        );
    }
    let _ = writeln!(t);
    let _ = writeln!(t, "{}", lang.pick("Moms per momssats", "VAT per rate"));
    for s in &r.per_rate {
        let _ = writeln!(
            t,
            "  {:>3} %  {} {:>14} kr   {} {:>12} kr",
            s.rate.percent(),
            lang.pick("underlag", "base"),
            s.net.to_string(),
            lang.pick("moms", "VAT"),
            s.vat.to_string()
        );
    }
    if r.per_rate.is_empty() {
        let _ = writeln!(t, "  –");
    }
    let _ = writeln!(t);
    let _ = writeln!(
        t,
        "{:<24}{:>5} st {:>14} kr",
        lang.pick("Fakturor och kvitton", "Invoices and receipts"),
        r.invoices,
        r.invoices_amount.to_string()
    );
    let _ = writeln!(
        t,
        "{:<24}{:>5} st {:>14} kr",
        lang.pick("Kreditfakturor", "Credit invoices"),
        r.credits,
        r.credits_amount.to_string()
    );
    let _ = writeln!(t);
    let _ = writeln!(t, "{}", lang.pick("Mobilbetalningar", "Mobile payments"));
    let _ = writeln!(
        t,
        "  {:<22}{:>5}",
        lang.pick("skickade", "sent"),
        r.mobile_sent
    );
    let _ = writeln!(
        t,
        "  {:<22}{:>5}",
        lang.pick("betalda", "paid"),
        r.mobile_paid
    );
    let _ = writeln!(
        t,
        "  {:<22}{:>5}",
        lang.pick("väntar nu (MOBILBET)", "waiting now (MOBILBET)"),
        r.mobile_outstanding
    );
    for (no, action) in &r.pending {
        let what = match (action.as_str(), lang) {
            ("capture", Lang::Sv) => "dragning hos Resurs väntar",
            ("capture", Lang::En) => "capture at Resurs pending",
            (_, Lang::Sv) => "återbetalning via Resurs väntar",
            (_, Lang::En) => "refund through Resurs pending",
        };
        let _ = writeln!(t, "  {} {no}: {what}", lang.pick("Faktura", "Invoice"));
    }
    t.trim_end().to_string()
}

/// `verkstad report day [--date D]`.
pub fn report_day(
    store: &Store,
    ctx: &Context,
    date: chrono::NaiveDate,
    json: bool,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let r = ledger::day_report(store, date)?;
    if json {
        serde_json::to_writer_pretty(&mut *out, &r).map_err(|e| io_err(e.into()))?;
        return writeln!(out).map_err(io_err);
    }
    writeln!(out, "{}", day_report_text(&r, ctx.lang)).map_err(io_err)
}
