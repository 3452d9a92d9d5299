//! The day report (Dagrapport, F4 and `verkstad report day`): the figures of a day's invoices,
//! credit invoices and mobile payments, gathered from the store. Re-exported by
//! [`crate::app::ledger`].

use chrono::{Local, NaiveDate, Utc};

use super::error::{AppError, Result};
use crate::domain::invoice::InvoiceKind;
use crate::domain::order::VatSum;
use crate::domain::{Money, PaymentMethod};
use crate::msg;
use crate::print::DayReport;
use crate::store::{Store, StoredInvoice};

/// Build the day report of `date`.
pub fn day_report(store: &impl Store, date: NaiveDate) -> Result<DayReport> {
    let docs = store.invoices_on(date)?;
    // The local calendar day, as invoices are dated.
    let midnight = |d: NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(Local).earliest())
            .map(|t| t.with_timezone(&Utc))
    };
    let start = midnight(date);
    let end = date.succ_opt().and_then(midnight);
    let (Some(start), Some(end)) = (start, end) else {
        return Err(AppError::Invalid(msg!(
            "report-date-cannot-be-shown",
            date = date.to_string()
        )));
    };
    let (sent, paid, outstanding) = store.mobile_counts(start, end)?;
    Ok(day_report_of(date, &docs, (sent, paid, outstanding)))
}

/// The figures of a day report from its documents (pure).
pub fn day_report_of(
    date: NaiveDate,
    docs: &[StoredInvoice],
    mobile: (i64, i64, i64),
) -> DayReport {
    let mut per_method: Vec<(PaymentMethod, i64, Money)> = PaymentMethod::ALL
        .into_iter()
        .map(|m| (m, 0, Money::ZERO))
        .collect();
    let mut per_rate: Vec<VatSum> = Vec::new();
    let mut r = DayReport {
        date,
        per_method: Vec::new(),
        per_rate: Vec::new(),
        total: Money::ZERO,
        rounding: Money::ZERO,
        invoices: 0,
        invoices_amount: Money::ZERO,
        credits: 0,
        credits_amount: Money::ZERO,
        mobile_sent: mobile.0,
        mobile_paid: mobile.1,
        mobile_outstanding: mobile.2,
        pending: Vec::new(),
    };
    for d in docs {
        let inv = &d.invoice;
        if let Some(m) = per_method.iter_mut().find(|m| m.0 == inv.method) {
            m.1 += 1;
            m.2 += inv.to_pay;
        }
        for s in &inv.per_rate {
            match per_rate.iter_mut().find(|x| x.rate == s.rate) {
                Some(x) => {
                    x.net += s.net;
                    x.vat += s.vat;
                }
                None => per_rate.push(*s),
            }
        }
        r.total += inv.to_pay;
        r.rounding += inv.rounding;
        match inv.kind {
            InvoiceKind::Faktura => {
                r.invoices += 1;
                r.invoices_amount += inv.to_pay;
            }
            InvoiceKind::Kredit => {
                r.credits += 1;
                r.credits_amount += inv.to_pay;
            }
        }
        if let Some(t) = d.pending() {
            r.pending.push((inv.no, t.action.code().to_string()));
        }
    }
    per_rate.sort_by_key(|s| std::cmp::Reverse(s.rate.percent()));
    r.per_rate = per_rate;
    r.per_method = per_method;
    r
}
