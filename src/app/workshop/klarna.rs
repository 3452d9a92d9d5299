//! The KLARNA payment method at the counter: reserve an order at Klarna (the customer is
//! approved for Klarna's invoice), and what Klarna holds for an order. Checking, booking
//! (capture), crediting (refund) and cancelling go through the same payment use cases as MOBIL
//! (`app::pay`), routed to the Klarna store the reservation was made in.

use serde::Serialize;

use super::{Printed, Printout, Workshop};
use crate::app::error::{AppError, Result};
use crate::app::ledger;
use crate::app::pay::SendOutcome;
use crate::domain::invoice::klarna::{KlarnaInvoice, KlarnaLine};
use crate::domain::invoice::{Invoice, InvoiceKind};
use crate::domain::{Lang, PaymentMethod};
use crate::payments::{HeldLine, HeldPayment, LineNote};
use crate::store::prelude::*;
use crate::store::{StoreError, StoredInvoice};

/// The audit trail's entity of a Klarna invoice's prints (keyed by our invoice number).
const PRINT_ENTITY: &str = "klarna_invoice";

/// What a reservation did, and what the user should know about the lines as Klarna takes them
/// (a 1,5 h line goes as one unit at its total).
#[derive(Debug)]
pub struct Reserved {
    pub outcome: SendOutcome,
    pub notes: Vec<LineNote>,
}

/// `verkstad klarna show`: the order as Klarna holds it.
#[derive(Debug, Clone, Serialize)]
pub struct KlarnaShown {
    pub nr: i64,
    /// Our name of the Klarna store.
    pub store: Option<String>,
    /// None while the customer has not authorized (no order at Klarna yet).
    pub klarna: Option<HeldPayment>,
}

impl Workshop {
    /// "Reservera med Klarna" (`verkstad klarna reserve NR [--store S]`): the order must be
    /// KLART, and its customer must have what Klarna asks for an invoice — personnummer,
    /// e-mail and mobile number; the missing ones are named before anything is sent. `store`
    /// is our name of a Klarna store in `[klarna]` (the default store when None); it is kept
    /// with the reservation, and everything after it (check, capture, refund) goes there.
    pub async fn klarna_reserve(&self, nr: i64, store: Option<&str>) -> Result<Reserved> {
        let details = self
            .store()
            .order(nr)?
            .ok_or(StoreError::OrderNotFound(nr))?;
        let c = &details.customer;
        let missing: Vec<&str> = [
            ("pnr", c.national_id.is_none()),
            (
                "email",
                c.email.as_deref().is_none_or(|e| e.trim().is_empty()),
            ),
            ("mobile", c.mobile.is_none()),
        ]
        .into_iter()
        .filter_map(|(k, m)| m.then_some(k))
        .collect();
        if !missing.is_empty() {
            let missing = if missing.len() == 3 {
                "all".to_string()
            } else {
                missing.join("-")
            };
            return Err(AppError::Invalid(crate::msg!(
                "klarna-customer-missing",
                no = c.customer_no,
                missing = missing
            )));
        }
        let klarna = self.klarna(store).await?;
        let notes = klarna.payments.line_notes(nr)?;
        let outcome = klarna.payments.send(nr).await?;
        Ok(Reserved { outcome, notes })
    }

    /// `verkstad klarna show NR`: the order as Klarna holds it — its order id, status,
    /// amounts and the lines as sent. Refused for an order that was never reserved at Klarna.
    pub async fn klarna_show(&self, nr: i64) -> Result<KlarnaShown> {
        let newest = self
            .store()
            .payment_attempts(nr)?
            .into_iter()
            .rev()
            .find(|a| a.provider == crate::app::provider::KLARNA)
            .ok_or_else(|| AppError::Invalid(crate::msg!("klarna-not-reserved", nr = nr)))?;
        let klarna = self.klarna(newest.provider_store.as_deref()).await?;
        Ok(KlarnaShown {
            nr,
            store: newest.provider_store,
            klarna: klarna.payments.held(nr).await?,
        })
    }
}

/// The audit event of one print of a Klarna invoice.
#[derive(Serialize)]
struct PrintEvent<'a> {
    print_no: i64,
    copy: bool,
    klarna_order_id: &'a str,
    to_pay: crate::domain::Money,
}

fn klarna_line(l: &HeldLine) -> KlarnaLine {
    KlarnaLine {
        name: l.name.clone(),
        quantity: l.quantity,
        unit_price: l.unit_price,
        vat_rate: l.vat_rate,
        total: l.total,
        vat: l.vat,
    }
}

/// "Klarna-faktura 41" or "Klarna-faktura 41 (kopia 2)", and the files' name.
fn label_and_stem(doc: &KlarnaInvoice, lang: Lang) -> (String, String) {
    let no = doc.invoice.no;
    if doc.is_copy() {
        (
            crate::t!(lang, "klarna-invoice-label-copy", no = no, n = doc.print_no),
            format!("klarnafaktura-{no}-kopia-{}", doc.print_no),
        )
    } else {
        (
            crate::t!(lang, "klarna-invoice-label", no = no),
            format!("klarnafaktura-{no}"),
        )
    }
}

impl Workshop {
    /// The booked invoice of a KLARNA order: refused, naming why, for any other order.
    fn klarna_booked_invoice(&self, nr: i64) -> Result<StoredInvoice> {
        let details = self
            .store()
            .order(nr)?
            .ok_or(StoreError::OrderNotFound(nr))?;
        let not_klarna = || {
            AppError::Invalid(crate::msg!(
                "klarna-invoice-not-booked-klarna",
                nr = nr,
                status = details.order.status.to_string(),
                method = details
                    .order
                    .payment_method
                    .map(|m| m.code().to_string())
                    .unwrap_or_else(|| "–".into())
            ))
        };
        let no = details.order.invoice_no.ok_or_else(not_klarna)?;
        self.store()
            .invoices_of_order(nr)?
            .into_iter()
            .find(|i| {
                i.invoice.no == no
                    && i.invoice.kind == InvoiceKind::Faktura
                    && i.invoice.method == PaymentMethod::Klarna
            })
            .ok_or_else(not_klarna)
    }

    /// The Klarna invoice of booked KLARNA order `nr` (what the customer pays to Klarna), built
    /// from our booked invoice and the order as Klarna holds it, with this print recorded: the
    /// first is the original, every later one a copy with its number. One store transaction
    /// counts the prints so far and writes this one's audit event, so two counters printing at
    /// once get different numbers. Refused for an order that is not a booked KLARNA order, and
    /// while Klarna has captured nothing (the capture is still to be sent: Ctrl+Y).
    pub async fn klarna_invoice(&self, nr: i64) -> Result<KlarnaInvoice> {
        let booked = self.klarna_booked_invoice(nr)?;
        let shown = self.klarna_show(nr).await?;
        let held = shown.klarna.ok_or_else(|| {
            AppError::Invalid(crate::msg!("klarna-invoice-not-captured", nr = nr))
        })?;
        if held.captured_amount.ore() <= 0 {
            return Err(AppError::Invalid(crate::msg!(
                "klarna-invoice-not-captured",
                nr = nr
            )));
        }
        // Our reference at Klarna: the attempt the reservation was made with.
        let order_reference = self
            .store()
            .payment_attempts(nr)?
            .into_iter()
            .rev()
            .find(|a| a.provider == crate::app::provider::KLARNA && a.provider_payment_id.is_some())
            .map(|a| a.order_reference)
            .unwrap_or_default();
        let doc = klarna_document(booked.invoice, &held, shown.store, order_reference, 0)?;
        let invoice_no = doc.invoice.no;
        let print_no = self.store().write(self.actor(), |w| -> Result<i64> {
            let key = invoice_no.to_string();
            let print_no = w.audit_count(PRINT_ENTITY, &key, "printed")? + 1;
            w.audit(
                PRINT_ENTITY,
                &key,
                "printed",
                None::<&()>,
                Some(&PrintEvent {
                    print_no,
                    copy: print_no > 1,
                    klarna_order_id: &doc.klarna_order_id,
                    to_pay: doc.to_pay(),
                }),
            )?;
            Ok(print_no)
        })?;
        Ok(KlarnaInvoice { print_no, ..doc })
    }

    /// `verkstad klarna print NR` (and the screen's "Skriv ut Klarna-faktura"): the Klarna
    /// invoice as PDF and text in `utskrifter/`, the print recorded (a reprint says KOPIA).
    pub async fn print_klarna_invoice(&self, nr: i64, lang: Lang) -> Result<Printed> {
        let doc = self.klarna_invoice(nr).await?;
        let kind = self.installation()?.kind;
        let (label, stem) = label_and_stem(&doc, lang);
        let dir = self.print_dir();
        std::fs::create_dir_all(&dir).map_err(|e| {
            AppError::Io(crate::msg!(
                "io-create-folder-failed",
                path = dir.display().to_string(),
                error = e.to_string()
            ))
        })?;
        let pdf = dir.join(format!("{stem}.pdf"));
        let text = dir.join(format!("{stem}.txt"));
        let body = crate::print::klarna_invoice_text(&doc, lang, kind);
        ledger::write_file(&pdf, &crate::print::klarna_invoice_pdf(&doc, lang, kind)?)?;
        ledger::write_file(&text, body.as_bytes())?;
        Ok(Printed {
            pdf,
            text,
            label,
            body,
        })
    }

    /// `verkstad klarna print NR --out FILE`: the Klarna invoice as PDF (`pdf`) or text bytes,
    /// with what it is; the print recorded as for [`Workshop::print_klarna_invoice`].
    pub async fn render_klarna_invoice(
        &self,
        nr: i64,
        pdf: bool,
        lang: Lang,
    ) -> Result<(String, Vec<u8>)> {
        let doc = self.klarna_invoice(nr).await?;
        let kind = self.installation()?.kind;
        let bytes = if pdf {
            crate::print::klarna_invoice_pdf(&doc, lang, kind)?
        } else {
            crate::print::klarna_invoice_text(&doc, lang, kind).into_bytes()
        };
        Ok((label_and_stem(&doc, lang).0, bytes))
    }

    /// "Skriv ut" on the counter screen: the order's document as [`Workshop::print`] prints it
    /// and, when that is the invoice of a booked KLARNA order, the Klarna invoice beside it
    /// (what the customer pays to Klarna). The Klarna invoice needs Klarna: if it cannot be
    /// made, our document stands printed and the reason is returned beside it.
    pub async fn print_with_klarna(
        &self,
        nr: i64,
        lang: Lang,
        copy: bool,
    ) -> Result<(Printed, Option<Result<Printed>>)> {
        let what = self.printout(nr, None, copy).await?;
        let printed = self.write_printout(&what, lang)?;
        let klarna = matches!(&what, Printout::Invoice(inv)
            if inv.kind == InvoiceKind::Faktura && inv.method == PaymentMethod::Klarna);
        if !klarna {
            return Ok((printed, None));
        }
        let beside = self.print_klarna_invoice(nr, lang).await;
        Ok((printed, Some(beside)))
    }
}

/// The Klarna invoice of `invoice` from what Klarna holds (`held`): the lines as captured (the
/// order's lines when the captures carry none), which must come to what Klarna captured.
fn klarna_document(
    invoice: Invoice,
    held: &HeldPayment,
    store: Option<String>,
    order_reference: String,
    print_no: i64,
) -> Result<KlarnaInvoice> {
    let lines: Vec<KlarnaLine> = if held.captured_lines.is_empty() {
        held.lines.iter().map(klarna_line).collect()
    } else {
        held.captured_lines.iter().map(klarna_line).collect()
    };
    let sum: crate::domain::Money = lines.iter().map(|l| l.total).sum();
    // Invariant: the document's lines add up to what the customer was charged at Klarna.
    if sum != held.captured_amount {
        return Err(AppError::Invalid(crate::msg!(
            "klarna-invoice-lines-mismatch",
            nr = invoice.order_nr,
            lines = sum.to_string(),
            captured = held.captured_amount.to_string()
        )));
    }
    Ok(KlarnaInvoice {
        order_reference,
        klarna_order_id: held.provider_order_id.clone(),
        klarna_reference: held.customer_reference.clone(),
        store,
        activated_on: held
            .captured_at
            .map(|t| t.with_timezone(&chrono::Local).date_naive()),
        payment_days: held.payment_days,
        lines,
        captured: held.captured_amount,
        refunded: held.refunded_amount,
        print_no,
        invoice,
    })
}
