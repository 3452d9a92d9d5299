//! Booking and crediting (shared/docs/seeds/002_…: "bokför och skriv ut", "Kreditera en
//! faktura"), the day report and the SIE export.
//!
//! Booking is one store transaction: the invoice number and the voucher number come from their
//! unbroken series inside it, the balanced voucher, the invoice document and the order's new
//! status are written together with their audit events, or nothing is. What the payment provider
//! must still do (capture a MOBIL payment when automatic capture is off, refund a credited MOBIL
//! invoice) is recorded on the invoice in the same transaction and done by
//! [`crate::app::pay::Payments::settle`] afterwards, so a failed call leaves a visible, retryable
//! state and never a silent difference.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Local, NaiveDate, Utc};
use serde::Serialize;

pub use super::day_report::{day_report, day_report_of};
pub use crate::print::DayReport;

use super::config::Books;
use super::error::{AppError, Result};
use crate::domain::invoice::{
    Buyer, Invoice, InvoiceKind, InvoiceLine, invoice_lines, plan_credit,
};
use crate::domain::ledger::{self, Taxation, Voucher};
use crate::domain::order::Totals;
use crate::domain::{Action, DbKind, Lang, Money, Order, PaymentMethod, Status};
use crate::msg;
use crate::store::prelude::*;
use crate::store::{ProviderAction, Store, StoredInvoice, Writer};

/// What a booking or a credit wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Booked {
    pub order: Order,
    pub invoice: StoredInvoice,
    pub voucher: Voucher,
}

/// The local calendar date of a time (invoice and voucher date).
fn local_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&Local).date_naive()
}

/// The buyer as the invoice names them, and how VAT applies to the sale: reverse charge for a
/// customer marked so, which needs the buyer's VAT number.
fn buyer(w: &impl Writer, order: &Order) -> Result<(Buyer, Taxation)> {
    let c = w
        .customer(order.customer_no)?
        .ok_or(crate::store::StoreError::CustomerNotFound(
            order.customer_no,
        ))?;
    if c.reverse_charge && c.vat_no.is_none() {
        return Err(AppError::Invalid(msg!(
            "book-reverse-charge-needs-vat-no",
            no = c.customer_no,
            nr = order.nr
        )));
    }
    let buyer = Buyer {
        customer_no: c.customer_no,
        name: c.name.clone(),
        street: c.address.street.clone(),
        postal_code: c.address.postal_code.clone(),
        city: c.address.city.clone(),
        national_id: c.national_id.as_ref().map(|n| n.canonical()),
        vat_no: c.vat_no.as_ref().map(|v| v.to_string()),
    };
    Ok((buyer, Taxation::of(c.reverse_charge)))
}

/// The payment method a booking uses: for a MOBILBET order the provider's method its payment
/// was received by (MOBIL, or KLARNA for an accepted Klarna reservation), the chosen one of
/// KONTANT, KORT and FAKTURA for a KLART order.
fn method_for(order: &Order, method: Option<PaymentMethod>) -> Result<PaymentMethod> {
    order.status.apply(Action::Book)?;
    if order.lines.is_empty() {
        return Err(crate::domain::order::DomainError::NoLines.into());
    }
    match order.status {
        Status::MobilePayment => {
            let via = order
                .payment_method
                .filter(|m| m.via_provider())
                .unwrap_or(PaymentMethod::Mobil);
            if let Some(m) = method.filter(|m| *m != via) {
                return Err(AppError::Invalid(msg!(
                    "book-waits-for-mobile-payment",
                    nr = order.nr,
                    method = m.code()
                )));
            }
            if !order.payment_received {
                return Err(AppError::Invalid(msg!(
                    "book-payment-not-received",
                    nr = order.nr
                )));
            }
            Ok(via)
        }
        _ => match method {
            Some(PaymentMethod::Mobil) => Err(AppError::Invalid(msg!(
                "book-mobile-not-received",
                nr = order.nr
            ))),
            Some(PaymentMethod::Klarna) => Err(AppError::Invalid(msg!(
                "book-klarna-not-reserved",
                nr = order.nr
            ))),
            Some(m) => Ok(m),
            None => Err(AppError::Invalid(msg!("book-choose-payment-method"))),
        },
    }
}

/// "Bokför": give the order an invoice number, book its voucher and lock it (BOKFÖRD).
/// `capture` says that a MOBIL payment must be captured at the provider (automatic capture off).
pub fn book(
    store: &impl Store,
    actor: &str,
    books: &Books,
    nr: i64,
    method: Option<PaymentMethod>,
    capture: bool,
) -> Result<Booked> {
    store.write(actor, |w| {
        let now = w.now();
        book_in(w, books, nr, method, capture, now)
    })
}

/// [`book`] inside a transaction, dated `at` (the demo generator books its history this way).
pub fn book_in(
    w: &mut impl Writer,
    books: &Books,
    nr: i64,
    method: Option<PaymentMethod>,
    capture: bool,
    at: DateTime<Utc>,
) -> Result<Booked> {
    let mut order = w.order(nr)?;
    let method = method_for(&order, method)?;
    let (buyer, taxation) = buyer(w, &order)?;
    if taxation == Taxation::ReverseCharge && method.via_provider() {
        // The payment link asked for the order's total with Swedish VAT.
        return Err(AppError::Invalid(msg!(
            "book-reverse-charge-not-mobile",
            nr = nr,
            no = buyer.customer_no
        )));
    }
    if method == PaymentMethod::Faktura
        && (buyer.street.trim().is_empty() || buyer.city.trim().is_empty())
    {
        return Err(AppError::Invalid(msg!(
            "book-buyer-address-missing",
            no = buyer.customer_no
        )));
    }
    let date = local_date(at);
    // What is booked is the invoice: under reverse charge its lines carry no Swedish VAT, so
    // its total (what the customer owes) is the order's without VAT.
    let lines = invoice_lines(&order.lines, taxation);
    let totals = Totals::of(&lines);
    // A provider's sale is bound to the payment that paid it, for exactly the invoice total.
    let paid_by = if method.via_provider() {
        mobile_payment(w, &order, totals.total)?
    } else {
        None
    };
    let invoice_no = w.next_number("invoice")?;
    let voucher_no = w.next_number("voucher")?;
    let (to_pay, rounding) = ledger::amount_to_pay(totals.total, method);
    let voucher = Voucher {
        series: "A".into(),
        number: voucher_no,
        date,
        text: format!("Faktura {invoice_no} order {nr} {method}"),
        rows: ledger::sale_postings(&lines, &totals, method, taxation, &books.accounts),
    };
    if !voucher.is_balanced() {
        return Err(ledger::LedgerError::Unbalanced(voucher.sum()).into());
    }
    let faktura = method == PaymentMethod::Faktura;
    let invoice = Invoice {
        no: invoice_no,
        kind: InvoiceKind::Faktura,
        order_nr: nr,
        date,
        method,
        seller: books.company.clone(),
        buyer,
        regnr: order.regnr.as_ref().map(|r| r.to_string()),
        lines: InvoiceLine::numbered(&lines),
        per_rate: totals.per_rate.clone(),
        net: totals.net,
        vat: totals.vat,
        total: totals.total,
        rounding,
        to_pay,
        ocr: faktura.then(|| ledger::ocr_reference(invoice_no)),
        due_date: faktura
            .then(|| date + chrono::Days::new(u64::from(books.company.payment_terms_days))),
        original: None,
        voucher_no,
        paid_at: order
            .payment_received_at
            .map(crate::domain::columns::format_time),
        supply_date: order.completed_at.map(local_date),
        reverse_charge: taxation == Taxation::ReverseCharge,
    };
    let action = (method.via_provider() && capture).then_some(ProviderAction::Capture);
    w.put_accounts(&books.chart, voucher.rows.iter().map(|p| p.account))?;
    w.insert_voucher(&voucher)?;
    w.insert_invoice(&invoice, action)?;
    if let Some(attempt) = &paid_by {
        w.bind_invoice_payment(invoice_no, attempt.id)?;
    }
    order.status = order.status.apply(Action::Book)?;
    order.payment_method = Some(method);
    order.invoice_no = Some(invoice_no);
    order.booked_at = Some(at);
    if matches!(method, PaymentMethod::Kontant | PaymentMethod::Kort) {
        order.payment_received = true;
        order.payment_received_at = Some(at);
    }
    let order = w.save_order(&order, "booked")?;
    if faktura && !w.is_bulk() {
        // A bank payment that came before this invoice (a prepayment on 2420 naming the order)
        // is matched now, in the booking's transaction (issue 14).
        super::reconcile::apply_waiting_prepayments(w, books, &invoice)?;
    }
    let invoice = w
        .invoice(invoice_no)?
        .ok_or_else(|| crate::store::StoreError::Corrupt(format!("faktura {invoice_no}")))?;
    Ok(Booked {
        order,
        invoice,
        voucher,
    })
}

/// The payment a MOBIL booking is bound to.
///
/// Invariant kept here (and by the schema, migration 6): every invoice booked as MOBIL refers to
/// exactly one provider payment, the order's live attempt, whose authorised amount equals the
/// invoice total to the öre. A demo database's generated history has no provider payments and
/// books without one; a real database never does.
fn mobile_payment(
    w: &impl Writer,
    order: &Order,
    total: Money,
) -> Result<Option<crate::store::PaymentAttempt>> {
    let live = w
        .attempts(order.nr)?
        .into_iter()
        .rev()
        .find(|a| a.state == crate::store::AttemptState::Sent);
    let Some(attempt) = live else {
        if w.installation()?.kind == crate::domain::DbKind::Demo && w.is_bulk() {
            return Ok(None);
        }
        return Err(AppError::Invalid(msg!(
            "book-no-received-payment",
            nr = order.nr
        )));
    };
    match attempt.authorized {
        Some(authorized) if authorized == total && attempt.amount == total => Ok(Some(attempt)),
        Some(authorized) => Err(crate::app::pay::PaymentIssue::AmountMismatch {
            nr: order.nr,
            authorized,
            total,
            provider: attempt.provider.clone(),
        }
        .into()),
        None => Err(AppError::Invalid(msg!(
            "book-amount-not-checked",
            nr = order.nr
        ))),
    }
}

/// The order's booked invoice (not a credit invoice), or a clear error.
fn original_invoice(w: &impl Writer, order: &Order) -> Result<(StoredInvoice, Vec<StoredInvoice>)> {
    let all = w.invoices_of_order(order.nr)?;
    let Some(no) = order.invoice_no else {
        return Err(AppError::Invalid(msg!(
            "credit-order-has-no-invoice",
            nr = order.nr
        )));
    };
    let original = all
        .iter()
        .find(|i| i.invoice.no == no && i.invoice.kind == InvoiceKind::Faktura)
        .cloned()
        .ok_or_else(|| {
            AppError::Invalid(msg!(
                "credit-invoice-booked-elsewhere",
                invoice = no,
                nr = order.nr
            ))
        })?;
    let credits = all
        .into_iter()
        .filter(|i| {
            i.invoice.kind == InvoiceKind::Kredit && i.invoice.original.map(|o| o.0) == Some(no)
        })
        .collect();
    Ok((original, credits))
}

/// "Kreditera": a credit invoice for the whole invoice (`lines` None) or the chosen line
/// positions, with the reversing voucher. The credit that takes back the last lines makes the
/// order KREDITERAD. A credit of a MOBIL invoice records a refund for the provider (done when
/// the order is opened again with "Annullera betalnings-SMS / Öppna order", or at once by
/// [`crate::app::pay::Payments::settle`] for a partial credit).
pub fn credit(
    store: &impl Store,
    actor: &str,
    books: &Books,
    nr: i64,
    lines: Option<&[usize]>,
) -> Result<Booked> {
    store.write(actor, |w| {
        let now = w.now();
        credit_in(w, books, nr, lines, now)
    })
}

/// [`credit`] inside a transaction, dated `at`.
pub fn credit_in(
    w: &mut impl Writer,
    books: &Books,
    nr: i64,
    lines: Option<&[usize]>,
    at: DateTime<Utc>,
) -> Result<Booked> {
    let mut order = w.order(nr)?;
    if order.status == Status::Credited {
        return Err(crate::domain::invoice::CreditError::AlreadyCredited(
            order.invoice_no.unwrap_or_default(),
        )
        .into());
    }
    order.status.apply(Action::Credit)?;
    let (original, credits) = original_invoice(w, &order)?;
    if original.pending().is_some() {
        // A refund needs the captured money: the capture must reach Resurs first.
        return Err(AppError::Invalid(msg!(
            "credit-capture-pending",
            invoice = original.invoice.no,
            nr = nr
        )));
    }
    let previous: Vec<&Invoice> = credits.iter().map(|c| &c.invoice).collect();
    let plan = plan_credit(&original.invoice, &previous, lines, &books.accounts)?;
    let date = local_date(at);
    let credit_no = w.next_number("invoice")?;
    let voucher_no = w.next_number("voucher")?;
    let voucher = Voucher {
        series: "A".into(),
        number: voucher_no,
        date,
        text: format!(
            "Kreditfaktura {credit_no} avser faktura {} order {nr}",
            original.invoice.no
        ),
        rows: plan.postings.clone(),
    };
    if !voucher.is_balanced() {
        return Err(ledger::LedgerError::Unbalanced(voucher.sum()).into());
    }
    let orig = &original.invoice;
    let invoice = Invoice {
        no: credit_no,
        kind: InvoiceKind::Kredit,
        order_nr: nr,
        date,
        method: orig.method,
        seller: books.company.clone(),
        buyer: orig.buyer.clone(),
        regnr: orig.regnr.clone(),
        lines: plan.lines.clone(),
        per_rate: plan.per_rate.clone(),
        net: plan.net,
        vat: plan.vat,
        total: plan.total,
        rounding: plan.rounding,
        to_pay: plan.to_pay,
        ocr: None,
        due_date: None,
        original: Some((orig.no, orig.date)),
        voucher_no,
        paid_at: None,
        // The credit refers to its original (number and date), which carries the date of
        // supply.
        supply_date: None,
        reverse_charge: orig.reverse_charge,
    };
    let action =
        (orig.method.via_provider() && !plan.to_pay.is_zero()).then_some(ProviderAction::Refund);
    w.put_accounts(&books.chart, voucher.rows.iter().map(|p| p.account))?;
    w.insert_voucher(&voucher)?;
    w.insert_invoice(&invoice, action)?;
    if plan.completes {
        order.status = order.status.apply(Action::Credit)?;
        order = w.save_order(&order, "credited")?;
    } else if !w.is_bulk() {
        // The order itself does not change, but its history does.
        w.audit(
            "order",
            &nr.to_string(),
            "credited_lines",
            None::<&()>,
            Some(&invoice.positions()),
        )?;
    }
    let invoice = w
        .invoice(credit_no)?
        .ok_or_else(|| crate::store::StoreError::Corrupt(format!("faktura {credit_no}")))?;
    Ok(Booked {
        order,
        invoice,
        voucher,
    })
}

/// The document to print for an order: its latest invoice or credit invoice, or the one named.
pub fn document(store: &impl Store, nr: i64, invoice_no: Option<i64>) -> Result<StoredInvoice> {
    if store.order(nr)?.is_none() {
        return Err(crate::store::StoreError::OrderNotFound(nr).into());
    }
    let all = store.invoices_of_order(nr)?;
    let found = match invoice_no {
        Some(no) => all.into_iter().find(|i| i.invoice.no == no),
        None => all.into_iter().last(),
    };
    found.ok_or_else(|| match invoice_no {
        Some(no) => AppError::Invalid(msg!("document-no-such-invoice", nr = nr, invoice = no)),
        None => AppError::Invalid(msg!("document-order-not-booked", nr = nr)),
    })
}

/// The file name of a document, without extension: faktura-N, kvitto-N or kreditfaktura-N.
pub fn file_stem(inv: &Invoice) -> String {
    match (inv.kind, inv.method) {
        (InvoiceKind::Kredit, _) => format!("kreditfaktura-{}", inv.no),
        (_, PaymentMethod::Faktura) => format!("faktura-{}", inv.no),
        _ => format!("kvitto-{}", inv.no),
    }
}

/// Write a file the user asked for, with a clear message when it cannot be written.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| {
        AppError::Io(msg!(
            "io-write-failed",
            path = path.display().to_string(),
            error = e.to_string()
        ))
    })
}

/// The PDF of a document of a database of `kind` (a demo database's says DEMO).
pub fn pdf(inv: &Invoice, lang: Lang, kind: DbKind) -> Result<Vec<u8>> {
    Ok(crate::print::render_pdf_for(inv, lang, kind)?)
}

/// The plain text of a document of a database of `kind` (a demo database's says DEMO).
pub fn text(inv: &Invoice, lang: Lang, kind: DbKind) -> String {
    crate::print::render_text_for(inv, lang, kind)
}

/// "Skriv ut": the document as PDF and plain text in `dir` (created when missing), marked DEMO
/// when the database is a demo database. Returns the two paths.
pub fn write_printout(
    inv: &Invoice,
    dir: &Path,
    lang: Lang,
    kind: DbKind,
) -> Result<(PathBuf, PathBuf)> {
    std::fs::create_dir_all(dir).map_err(|e| {
        AppError::Io(msg!(
            "io-create-folder-failed",
            path = dir.display().to_string(),
            error = e.to_string()
        ))
    })?;
    let stem = file_stem(inv);
    let pdf_path = dir.join(format!("{stem}.pdf"));
    let txt_path = dir.join(format!("{stem}.txt"));
    write_file(&pdf_path, &pdf(inv, lang, kind)?)?;
    write_file(&txt_path, text(inv, lang, kind).as_bytes())?;
    Ok((pdf_path, txt_path))
}

/// The SIE 4I file of the vouchers dated `from..=to`.
pub fn export_sie(
    store: &impl Store,
    books: &Books,
    from: NaiveDate,
    to: NaiveDate,
    generated: NaiveDate,
) -> Result<(Vec<u8>, usize)> {
    if to < from {
        return Err(AppError::Invalid(msg!(
            "sie-period-backwards",
            from = from.to_string(),
            to = to.to_string()
        )));
    }
    let vouchers = store.vouchers_between(from, to)?;
    let mut chart = store.chart()?;
    for (a, name) in books.chart.iter() {
        if !chart.contains(a) {
            chart.insert(a, name);
        }
    }
    // A demo database's file says so in the company name (#FNAMN), so that it is never read
    // into real books unnoticed.
    let mut company = books.company.clone();
    if store.installation()?.kind == DbKind::Demo {
        company.name = format!("{} DEMO", company.name.trim_end());
    }
    let export = crate::domain::sie::SieExport {
        company: &company,
        chart: &chart,
        vouchers: &vouchers,
        generated,
        from,
        to,
        program: "Verkstad",
        version: env!("CARGO_PKG_VERSION"),
    };
    let mut out = Vec::with_capacity(vouchers.len() * 160 + 4096);
    crate::domain::sie::write_sie4i(&export, &mut out)?;
    Ok((out, vouchers.len()))
}
