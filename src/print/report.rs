//! The day report (dagrapport) as text: the CLI prints it, the day report screen shows it. The
//! figures are gathered by `app` (`app::ledger::day_report`); this room only lays them out.

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::order::VatSum;
use crate::domain::{Lang, Money, PaymentMethod};
use crate::t;

/// The day report (dagrapport): sales per payment method, VAT per rate, invoices and credit
/// invoices, and mobile payments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayReport {
    pub date: NaiveDate,
    /// Per payment method: (method, number of documents, amount paid incl. VAT, credits negative).
    pub per_method: Vec<(PaymentMethod, i64, Money)>,
    /// Net and VAT per rate over invoices and credit invoices.
    pub per_rate: Vec<VatSum>,
    pub total: Money,
    pub rounding: Money,
    pub invoices: i64,
    pub invoices_amount: Money,
    pub credits: i64,
    pub credits_amount: Money,
    pub mobile_sent: i64,
    pub mobile_paid: i64,
    pub mobile_outstanding: i64,
    /// Provider work not done (captures and refunds), by invoice number.
    pub pending: Vec<(i64, String)>,
}

impl DayReport {
    /// The report as text (the CLI prints it, the day report screen shows it).
    pub fn to_text(&self, lang: Lang) -> String {
        let r = self;
        let mut t = String::new();
        let _ = writeln!(
            t,
            "{}",
            t!(lang, "print-day-title", date = r.date.to_string())
        );
        let _ = writeln!(t);
        let _ = writeln!(t, "{}", t!(lang, "print-day-per-method"));
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
            t!(lang, "print-day-total"),
            "",
            r.total.to_string()
        );
        if !r.rounding.is_zero() {
            let _ = writeln!(
                t,
                "  {:<19}{:>14} kr",
                t!(lang, "print-day-rounding"),
                r.rounding.to_string()
            );
        }
        let _ = writeln!(t);
        let _ = writeln!(t, "{}", t!(lang, "print-day-per-rate"));
        for s in &r.per_rate {
            let _ = writeln!(
                t,
                "  {:>3} %  {} {:>14} kr   {} {:>12} kr",
                s.rate.percent(),
                t!(lang, "print-day-base"),
                s.net.to_string(),
                t!(lang, "print-day-vat"),
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
            t!(lang, "print-day-invoices"),
            r.invoices,
            r.invoices_amount.to_string()
        );
        let _ = writeln!(
            t,
            "{:<24}{:>5} st {:>14} kr",
            t!(lang, "print-day-credits"),
            r.credits,
            r.credits_amount.to_string()
        );
        let _ = writeln!(t);
        let _ = writeln!(t, "{}", t!(lang, "print-day-mobile"));
        let _ = writeln!(
            t,
            "  {:<22}{:>5}",
            t!(lang, "print-day-mobile-sent"),
            r.mobile_sent
        );
        let _ = writeln!(
            t,
            "  {:<22}{:>5}",
            t!(lang, "print-day-mobile-paid"),
            r.mobile_paid
        );
        let _ = writeln!(
            t,
            "  {:<22}{:>5}",
            t!(lang, "print-day-mobile-waiting"),
            r.mobile_outstanding
        );
        for (no, action) in &r.pending {
            let line = match action.as_str() {
                "capture" => t!(lang, "print-day-pending-capture", no = no),
                _ => t!(lang, "print-day-pending-refund", no = no),
            };
            let _ = writeln!(t, "  {line}");
        }
        t.trim_end().to_string()
    }
}
