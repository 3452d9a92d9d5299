//! `verkstad book`, `credit`, `print`, `report day` and `export sie`.

use std::fmt::Write as _;
use std::io::Write;

use super::{Context, io_err, pay};
use crate::app::ledger::{self, Booked};
use crate::app::{AppError, config::Books};
use crate::domain::{Lang, PaymentMethod, Status};
use crate::store::Database;
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
    mut store: Database,
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
    mut store: Database,
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
    if inv.method == PaymentMethod::Kontant {
        // Cash is paid back at the counter, rounded on this credit alone.
        let _ = write!(
            t,
            "\n{} {} kr",
            lang.pick("Att återbetala kontant:", "To pay back in cash:"),
            -inv.to_pay
        );
        if !inv.rounding.is_zero() {
            let _ = write!(
                t,
                " ({} {} kr)",
                lang.pick("öresavrundning", "rounding"),
                inv.rounding
            );
        }
    }
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

/// `verkstad report day [--date D]`.
pub fn report_day(
    store: &impl Store,
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
    writeln!(out, "{}", r.to_text(ctx.lang)).map_err(io_err)
}

/// The format `--out` asks for, from its extension.
pub fn print_format(path: &std::path::Path) -> Result<bool, AppError> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("pdf") => Ok(true),
        Some("txt") => Ok(false),
        _ => Err(AppError::invalid(
            format!(
                "{}: ange en fil som slutar på .pdf eller .txt",
                path.display()
            ),
            format!("{}: give a file ending in .pdf or .txt", path.display()),
        )),
    }
}

/// `verkstad print NR [--out FILE] [--invoice NO]`.
pub fn print(
    store: &impl Store,
    ctx: &Context,
    nr: i64,
    invoice: Option<i64>,
    file: Option<std::path::PathBuf>,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let lang = ctx.lang;
    let doc = ledger::document(store, nr, invoice)?;
    let inv = &doc.invoice;
    let kind = store.installation()?.kind;
    match file {
        Some(path) => {
            let bytes = if print_format(&path)? {
                ledger::pdf(inv, lang, kind)?
            } else {
                ledger::text(inv, lang, kind).into_bytes()
            };
            ledger::write_file(&path, &bytes)?;
            writeln!(out, "{} {} → {}", inv.title(lang), inv.no, path.display()).map_err(io_err)
        }
        None => {
            let dir = crate::app::print_dir(&ctx.db);
            let (pdf, txt) = ledger::write_printout(inv, &dir, lang, kind)?;
            write!(out, "{}", ledger::text(inv, lang, kind)).map_err(io_err)?;
            eprintln!(
                "{} {} {} {}",
                lang.pick("Sparad:", "Saved:"),
                pdf.display(),
                lang.pick("och", "and"),
                txt.display()
            );
            Ok(())
        }
    }
}

/// `verkstad export sie --from D --to D [--out FILE]`.
pub fn export_sie(
    store: &impl Store,
    ctx: &Context,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    file: Option<std::path::PathBuf>,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let lang = ctx.lang;
    let books = books(ctx)?;
    let (bytes, count) = ledger::export_sie(store, &books, from, to, ctx.today)?;
    let path = file.unwrap_or_else(|| {
        std::path::PathBuf::from(format!(
            "verkstad-{}-{}.si",
            from.format("%Y%m%d"),
            to.format("%Y%m%d")
        ))
    });
    if path.as_os_str() == "-" {
        return out.write_all(&bytes).map_err(io_err);
    }
    ledger::write_file(&path, &bytes)?;
    let text = match lang {
        Lang::Sv => format!(
            "SIE 4I: {count} verifikationer {from} – {to} → {}",
            path.display()
        ),
        Lang::En => format!(
            "SIE 4I: {count} vouchers {from} – {to} → {}",
            path.display()
        ),
    };
    writeln!(out, "{text}").map_err(io_err)
}
