//! Reading orders from the command line: `verkstad list` (and its columns) and `verkstad show`.

use std::io::Write;

use super::output::Format;
use super::{Context, io_err};
use crate::app::AppError;
use crate::app::{ListQuery, Workshop};
use crate::domain::columns::format_time;
use crate::domain::search::Filter;
use crate::domain::{Column, Lang, Sort, Status};
use crate::{msg, t};

#[allow(clippy::too_many_arguments)]
pub(super) fn prepare_list(
    ctx: &Context,
    columns: &Option<String>,
    filter: &Option<String>,
    status: &Option<String>,
    paid: &Option<String>,
    sort: &Option<String>,
    limit: usize,
    format: &str,
) -> Result<(ListQuery, Vec<Column>, Format), AppError> {
    let cols = match columns {
        Some(c) => Column::parse_list(c)?,
        None => ctx.config.list_columns(),
    };
    let status = status
        .as_deref()
        .map(|s| {
            Status::parse(s)
                .ok_or_else(|| AppError::Invalid(msg!("cli-unknown-status", status = s)))
        })
        .transpose()?;
    let paid = paid
        .as_deref()
        .map(|p| match p.trim().to_lowercase().as_str() {
            "yes" | "ja" | "true" | "1" => Ok(true),
            "no" | "nej" | "false" | "0" => Ok(false),
            _ => Err(AppError::Invalid(msg!("cli-paid-yes-no", input = p))),
        })
        .transpose()?;
    let sort = sort
        .as_deref()
        .map(Sort::parse)
        .transpose()?
        .unwrap_or_default();
    let format = Format::parse(format)
        .ok_or_else(|| AppError::Invalid(msg!("cli-unknown-list-format", format = format)))?;
    let query = ListQuery {
        filter: filter.as_deref().and_then(Filter::new),
        status,
        paid,
        sort,
        limit,
        offset: 0,
        after_nr: None,
    };
    Ok((query, cols, format))
}

pub(super) fn columns(out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "{:<22}{:<34}English", "Nyckel/key", "Svenska")?;
    for c in Column::ALL {
        writeln!(
            out,
            "{:<22}{:<34}{}",
            c.key(),
            c.header(Lang::Sv),
            c.header(Lang::En)
        )?;
    }
    Ok(())
}

pub(super) fn show(
    shop: &Workshop,
    lang: Lang,
    nr: i64,
    json: bool,
    out: &mut impl Write,
) -> Result<(), AppError> {
    let view = shop.order(nr)?;
    let paid = view.invoice_paid;
    let d = view.details;
    if json {
        serde_json::to_writer_pretty(&mut *out, &d).map_err(|e| io_err(e.into()))?;
        return writeln!(out).map_err(io_err);
    }
    let o = &d.order;
    let mut s = String::new();
    use std::fmt::Write as _;
    let _ = writeln!(
        s,
        "Order {}  {}  ({} {})",
        o.nr,
        o.status,
        t!(lang, "cli-show-created"),
        format_time(o.created_at)
    );
    let c = &d.customer;
    let mobile = c.mobile.as_ref().map(|m| m.display()).unwrap_or_default();
    let _ = writeln!(
        s,
        "{:<9}{}  {}  {}",
        t!(lang, "cli-show-customer"),
        c.customer_no,
        c.name,
        mobile
    );
    if let Some(v) = &d.vehicle {
        let year = v.year.map(|y| format!(" ({y})")).unwrap_or_default();
        let km = v.mileage.map(|k| format!(", {k} km")).unwrap_or_default();
        let _ = writeln!(
            s,
            "{:<9}{}  {} {}{year}{km}",
            t!(lang, "cli-show-vehicle"),
            v.regnr,
            v.make,
            v.model
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{:>3}  {:<8} {:<9} {:<30} {:>6} {:<5} {:>10} {:>6} {:>5} {:>11}",
        t!(lang, "cli-show-col-line"),
        t!(lang, "cli-show-col-kind"),
        t!(lang, "cli-show-col-article"),
        t!(lang, "cli-show-col-description"),
        t!(lang, "cli-show-col-qty"),
        t!(lang, "cli-show-col-unit"),
        t!(lang, "cli-show-col-price"),
        t!(lang, "cli-show-col-discount"),
        t!(lang, "cli-show-col-vat"),
        t!(lang, "cli-show-col-amount")
    );
    for (i, l) in o.lines.iter().enumerate() {
        let desc: String = l.description.chars().take(30).collect();
        let disc = if l.discount.is_zero() {
            String::new()
        } else {
            l.discount.to_string()
        };
        let _ = writeln!(
            s,
            "{:>3}  {:<8} {:<9} {:<30} {:>6} {:<5} {:>10} {:>6} {:>5} {:>11}",
            i + 1,
            l.kind.label(lang),
            l.article_no.as_deref().unwrap_or(""),
            desc,
            l.quantity.to_string(),
            l.unit,
            l.unit_price.to_string(),
            disc,
            l.vat.to_string(),
            l.net().to_string()
        );
    }
    let _ = writeln!(s);
    for r in &d.totals.per_rate {
        let _ = writeln!(
            s,
            "{:<34}{:>12}   {} {:>10}",
            t!(lang, "cli-show-net", rate = r.rate.to_string()),
            r.net.to_string(),
            t!(lang, "cli-show-rate-vat"),
            r.vat.to_string()
        );
    }
    let _ = writeln!(
        s,
        "{:<34}{:>12}",
        t!(lang, "cli-show-total-net"),
        d.totals.net.to_string()
    );
    let _ = writeln!(
        s,
        "{:<34}{:>12}",
        t!(lang, "cli-show-total-vat"),
        d.totals.vat.to_string()
    );
    if !d.totals.outlays.is_zero() {
        let _ = writeln!(
            s,
            "{:<34}{:>12}",
            t!(lang, "cli-show-outlays"),
            d.totals.outlays.to_string()
        );
    }
    let _ = writeln!(
        s,
        "{:<34}{:>12}",
        t!(lang, "cli-show-to-pay"),
        d.totals.total.to_string()
    );
    let _ = writeln!(s);
    let _ = writeln!(s, "{}", t!(lang, "cli-show-invoicing"));
    let dash = "–".to_string();
    let _ = writeln!(
        s,
        "  {:<32}{}",
        t!(lang, "cli-show-method"),
        o.payment_method
            .map(|m| m.code().to_string())
            .unwrap_or(dash.clone())
    );
    let received = if o.payment_received {
        format!(
            "[x] {}",
            o.payment_received_at.map(format_time).unwrap_or_default()
        )
    } else {
        "[ ]".to_string()
    };
    let _ = writeln!(
        s,
        "  {:<32}{}",
        t!(lang, "cli-show-received"),
        received.trim_end()
    );
    let _ = writeln!(
        s,
        "  {:<32}{}",
        t!(lang, "cli-show-invoice-no"),
        o.invoice_no.map(|n| n.to_string()).unwrap_or(dash.clone())
    );
    // Has the invoice been paid (every payment method)?
    if let Some(p) = paid {
        let state = match p.paid_on {
            Some(day) if p.paid => t!(lang, "cli-show-paid-on", date = day.to_string()),
            _ => t!(lang, "cli-show-unpaid"),
        };
        let _ = writeln!(s, "  {:<32}{}", t!(lang, "cli-show-invoice-paid"), state);
    }
    let _ = writeln!(
        s,
        "  {:<32}{}",
        t!(lang, "cli-show-booked"),
        o.booked_at.map(format_time).unwrap_or(dash)
    );
    out.write_all(s.as_bytes()).map_err(io_err)
}
