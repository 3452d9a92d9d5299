//! `verkstad book`, `credit`, `print`, `report day` and `export sie`.

use std::fmt::Write as _;
use std::io::Write;

use super::{Context, block_on, io_err, pay};
use crate::app::ledger::{self, Booked};
use crate::app::pay::Settled;
use crate::app::{AppError, Workshop};
use crate::domain::payment::ProviderAction;
use crate::domain::{Lang, PaymentMethod, Status};
use crate::{msg, t};

/// Payment method named on the command line.
pub fn parse_method(s: &str) -> Result<PaymentMethod, AppError> {
    PaymentMethod::parse(s).ok_or_else(|| AppError::Invalid(msg!("cli-unknown-method", input = s)))
}

fn booked_text(b: &Booked, lang: Lang) -> String {
    let inv = &b.invoice.invoice;
    let mut text = t!(
        lang,
        "cli-booked",
        nr = b.order.nr,
        no = inv.no,
        method = inv.method.to_string(),
        amount = inv.to_pay.to_string(),
        voucher = inv.voucher_no
    );
    if !inv.rounding.is_zero() {
        let _ = write!(
            text,
            "\n{}",
            t!(
                lang,
                "cli-booked-cash",
                amount = inv.to_pay.to_string(),
                rounding = inv.rounding.to_string()
            )
        );
    }
    if let (Some(ocr), Some(due)) = (&inv.ocr, inv.due_date) {
        let _ = write!(
            text,
            "\n{}",
            t!(lang, "cli-booked-ocr", ocr = ocr, due = due.to_string())
        );
    }
    text
}

/// `verkstad book NR [--method M]`: the booking, then what the payment provider must do at
/// once (a capture when automatic capture is off).
pub fn book(
    shop: &Workshop,
    ctx: &Context,
    nr: i64,
    method: Option<PaymentMethod>,
    out: &mut impl Write,
) -> Result<(), AppError> {
    if shop.training() {
        return super::register::book_training(shop, ctx, nr, method, out);
    }
    let b = block_on(shop.book(nr, method))??;
    writeln!(out, "{}", booked_text(&b.booked, ctx.lang)).map_err(io_err)?;
    if let Some(r) = &b.receipt {
        writeln!(out, "{}", super::register::receipt_line(r, ctx.lang)).map_err(io_err)?;
    }
    if b.example_company {
        eprintln!("{}", example_warning(ctx.lang));
    }
    settled(shop, &b.settled, b.settle_error, ctx, out)
}

/// The provider work done after a booking or credit, one line each; a failure is the
/// command's error (the booking stands, `verkstad pay settle` retries).
fn settled(
    shop: &Workshop,
    done: &[Settled],
    error: Option<AppError>,
    ctx: &Context,
    out: &mut impl Write,
) -> Result<(), AppError> {
    if (!done.is_empty() || error.is_some())
        && let Ok(Ok(info)) = block_on(shop.provider_info())
    {
        pay::sandbox_notice(&info, ctx.lang);
    }
    for s in done {
        writeln!(out, "{}.", s.text(ctx.lang)).map_err(io_err)?;
    }
    match error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

fn example_warning(lang: Lang) -> String {
    t!(lang, "cli-example-company")
}

/// `verkstad credit NR [--lines 1,3]`.
pub fn credit(
    shop: &Workshop,
    ctx: &Context,
    nr: i64,
    lines: Option<Vec<usize>>,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let lang = ctx.lang;
    let outcome = block_on(shop.credit(nr, lines))??;
    let c = &outcome.credited;
    let inv = &c.invoice.invoice;
    let original = inv.original.map(|o| o.0).unwrap_or_default();
    let positions = inv
        .positions()
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let mut text = t!(
        lang,
        "cli-credited",
        no = inv.no,
        amount = inv.to_pay.to_string(),
        original = original,
        positions = positions,
        voucher = inv.voucher_no
    );
    if inv.method == PaymentMethod::Kontant {
        // Cash is paid back at the counter, rounded on this credit alone.
        let _ = write!(
            text,
            "\n{}",
            t!(lang, "cli-credit-cash", amount = (-inv.to_pay).to_string())
        );
        if !inv.rounding.is_zero() {
            let _ = write!(
                text,
                " {}",
                t!(
                    lang,
                    "cli-credit-rounding",
                    rounding = inv.rounding.to_string()
                )
            );
        }
    }
    let refund = c
        .invoice
        .pending()
        .is_some_and(|p| p.action == ProviderAction::Refund);
    if c.order.status == Status::Credited {
        let _ = write!(text, "\n{}", t!(lang, "cli-credit-order-credited", nr = nr));
        if refund {
            let _ = write!(
                text,
                "\n{}",
                t!(
                    lang,
                    "cli-credit-refund-hint",
                    amount = (-inv.to_pay).to_string(),
                    nr = nr
                )
            );
        } else {
            let _ = write!(text, "\n{}", t!(lang, "cli-credit-reopen-hint", nr = nr));
        }
    }
    if let Some(r) = &outcome.receipt {
        let _ = write!(text, "\n{}", super::register::receipt_line(r, lang));
    }
    writeln!(out, "{text}").map_err(io_err)?;
    // A partial credit of a mobile payment was refunded at once.
    settled(shop, &outcome.settled, outcome.settle_error, ctx, out)
}

/// `verkstad report day [--date D]`.
pub fn report_day(
    shop: &Workshop,
    ctx: &Context,
    date: chrono::NaiveDate,
    json: bool,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let r = shop.day_report(date)?;
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
        _ => Err(AppError::Invalid(msg!(
            "cli-print-format",
            path = path.display().to_string()
        ))),
    }
}

/// `verkstad print NR [--out FILE] [--invoice NO] [--copy]`.
#[allow(clippy::too_many_arguments)]
pub fn print(
    shop: &Workshop,
    ctx: &Context,
    nr: i64,
    invoice: Option<i64>,
    file: Option<std::path::PathBuf>,
    copy: bool,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let lang = ctx.lang;
    match file {
        Some(path) => {
            let pdf = print_format(&path)?;
            let (label, bytes) = block_on(shop.render_document(nr, invoice, pdf, lang, copy))??;
            ledger::write_file(&path, &bytes)?;
            writeln!(out, "{label} → {}", path.display()).map_err(io_err)
        }
        None => {
            let p = block_on(shop.print(nr, invoice, lang, copy))??;
            write!(out, "{}", p.body).map_err(io_err)?;
            if !p.body.ends_with('\n') {
                writeln!(out).map_err(io_err)?;
            }
            eprintln!(
                "{}",
                t!(
                    lang,
                    "cli-print-saved",
                    pdf = p.pdf.display().to_string(),
                    text = p.text.display().to_string()
                )
            );
            Ok(())
        }
    }
}

/// `verkstad export sie --from D --to D [--out FILE]`.
pub fn export_sie(
    shop: &Workshop,
    ctx: &Context,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    file: Option<std::path::PathBuf>,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let lang = ctx.lang;
    let (bytes, count) = shop.export_sie(from, to)?;
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
    let text = t!(
        lang,
        "cli-sie-exported",
        count = count,
        from = from.to_string(),
        to = to.to_string(),
        path = path.display().to_string()
    );
    writeln!(out, "{text}").map_err(io_err)
}
