//! What a printout shows (shared layout): one [`Sheet`] per document, in the chosen language,
//! from which both the text and the PDF are laid out, so that they always say the same thing.

use chrono::NaiveDate;

use super::method_label;
use crate::domain::invoice::{Company, Invoice, InvoiceKind, InvoiceLine};
use crate::domain::{Lang, PaymentMethod, VatRate};
use crate::t;

/// One column of the line table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Col {
    ArticleNo,
    Description,
    Quantity,
    Unit,
    UnitPrice,
    Discount,
    Vat,
    Amount,
    /// Unit price and amount including VAT (the Klarna invoice's lines, as Klarna holds them).
    UnitPriceGross,
    AmountGross,
}

impl Col {
    pub(super) fn heading(self, lang: Lang) -> String {
        match self {
            Col::ArticleNo => t!(lang, "print-col-article-no"),
            Col::Description => t!(lang, "print-col-description"),
            Col::Quantity => t!(lang, "print-col-quantity"),
            Col::Unit => t!(lang, "print-col-unit"),
            Col::UnitPrice => t!(lang, "print-col-unit-price"),
            Col::Discount => t!(lang, "print-col-discount"),
            Col::Vat => t!(lang, "print-col-vat"),
            Col::Amount => t!(lang, "print-col-amount"),
            Col::UnitPriceGross => t!(lang, "print-col-unit-price-incl-vat"),
            Col::AmountGross => t!(lang, "print-col-amount-incl-vat"),
        }
    }

    /// Numbers are right-aligned.
    pub(super) fn right(self) -> bool {
        matches!(
            self,
            Col::Quantity
                | Col::UnitPrice
                | Col::Discount
                | Col::Vat
                | Col::Amount
                | Col::UnitPriceGross
                | Col::AmountGross
        )
    }
}

/// A row of the VAT and totals table: label, taxable amount (VAT rows only), amount.
#[derive(Debug, Clone)]
pub(super) struct SumRow {
    pub(super) label: String,
    pub(super) base: String,
    pub(super) amount: String,
    pub(super) strong: bool,
}

/// Everything a printout shows, in the chosen language, ready to lay out.
#[derive(Debug, Clone)]
pub(super) struct Sheet {
    pub(super) title: String,
    /// The title with the document's number ("Faktura 41"): on continued pages and in the
    /// PDF's metadata.
    pub(super) page_title: String,
    /// The document's date (the PDF's metadata).
    pub(super) date: NaiveDate,
    pub(super) seller_name: String,
    /// Street, postal code and city.
    pub(super) seller_address: Vec<String>,
    /// Org.nr, momsreg.nr, F-skatt.
    pub(super) seller_ids: Vec<String>,
    /// Phone, e-mail, bankgiro, plusgiro.
    pub(super) seller_contact: Vec<String>,
    /// Number, date, due date: beside the title.
    pub(super) head: Vec<(String, String)>,
    /// Customer number, order number, reg.nr.
    pub(super) refs: Vec<(String, String)>,
    pub(super) buyer_heading: String,
    pub(super) buyer: Vec<String>,
    /// A credit invoice's reference to its original and the credit note.
    pub(super) credit: Vec<String>,
    pub(super) cols: Vec<Col>,
    /// The lines sold (within the VAT basis).
    pub(super) rows: Vec<Vec<String>>,
    /// The utlägg, in their own section under `outlay_heading` (empty: none).
    pub(super) outlay_heading: String,
    pub(super) outlay_rows: Vec<Vec<String>>,
    /// Headings of the VAT table's amount columns.
    pub(super) sum_heading: (String, String),
    pub(super) vat_rows: Vec<SumRow>,
    pub(super) totals: Vec<SumRow>,
    /// Why lines carry no VAT: reverse charge, the exemption's legal reason, utlägg.
    pub(super) vat_notes: Vec<String>,
    pub(super) payment_heading: String,
    pub(super) payment: Vec<(String, String)>,
    /// Payment terms and late-payment interest (FAKTURA).
    pub(super) terms: Vec<String>,
}

pub(super) fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

pub(super) fn postal_line(code: &str, city: &str) -> Option<String> {
    non_empty(&format!("{} {}", code.trim(), city.trim()))
}

impl Sheet {
    pub(super) fn of(inv: &Invoice, lang: Lang) -> Sheet {
        let credit = inv.kind == InvoiceKind::Kredit;
        let invoice = inv.kind == InvoiceKind::Faktura && inv.method == PaymentMethod::Faktura;
        let receipt = inv.kind == InvoiceKind::Faktura && !invoice;
        // A credit of a receipt pays money back at the counter (or through Resurs).
        let credits_receipt = credit && inv.method != PaymentMethod::Faktura;
        let s = &inv.seller;

        let (seller_address, seller_ids, seller_contact) = seller_lines(s, lang, true);

        let mut head = vec![
            if receipt {
                (t!(lang, "print-receipt-no"), inv.no.to_string())
            } else {
                (t!(lang, "print-invoice-no"), inv.no.to_string())
            },
            if receipt {
                (t!(lang, "print-date"), inv.date.to_string())
            } else {
                (t!(lang, "print-invoice-date"), inv.date.to_string())
            },
        ];
        // The date of supply, when the work was done on another day (ML 17 kap. 24 §).
        if let Some(supplied) = inv.supply_date.filter(|d| *d != inv.date) {
            head.push((t!(lang, "print-supply-date"), supplied.to_string()));
        }
        if invoice && let Some(due) = inv.due_date {
            head.push((t!(lang, "print-due-date"), due.to_string()));
        }

        let mut refs = vec![
            (
                t!(lang, "print-customer-no"),
                inv.buyer.customer_no.to_string(),
            ),
            (t!(lang, "print-order-nr"), inv.order_nr.to_string()),
        ];
        if let Some(r) = inv.regnr.as_deref().and_then(non_empty) {
            refs.push((t!(lang, "print-regnr"), r));
        }

        let b = &inv.buyer;
        let mut buyer: Vec<String> = [
            non_empty(&b.name),
            non_empty(&b.street),
            postal_line(&b.postal_code, &b.city),
        ]
        .into_iter()
        .flatten()
        .collect();
        // A receipt (and its credit) never shows the buyer's personnummer: only an invoice
        // names the buyer by national id.
        let on_receipt = receipt || credits_receipt;
        if !on_receipt && let Some(id) = b.national_id.as_deref().and_then(non_empty) {
            buyer.push(t!(lang, "print-buyer-id", id = id));
        }
        // The buyer's VAT number: on every invoice that has one, on a receipt only when the
        // buyer accounts for the VAT (reverse charge), where the law asks for it.
        if (!on_receipt || inv.reverse_charge)
            && let Some(v) = b.vat_no.as_deref().and_then(non_empty)
        {
            buyer.push(t!(lang, "print-buyer-vat-no", nr = v));
        }

        let mut credit_lines = Vec::new();
        if credit {
            // A receipt (paid at the counter) is credited as a receipt, an invoice as an invoice.
            if let Some((no, date)) = inv.original {
                let date = date.to_string();
                credit_lines.push(if credits_receipt {
                    t!(lang, "print-credits-receipt", no = no, date = date)
                } else {
                    t!(lang, "print-credits-invoice", no = no, date = date)
                });
            }
            credit_lines.push(if credits_receipt {
                t!(lang, "print-credit-note-receipt")
            } else {
                t!(lang, "print-credit-note-invoice")
            });
        }

        let any_discount = inv.lines.iter().any(|l| !l.line.discount.is_zero());
        let cols: Vec<Col> = [
            Col::ArticleNo,
            Col::Description,
            Col::Quantity,
            Col::Unit,
            Col::UnitPrice,
            Col::Discount,
            Col::Vat,
            Col::Amount,
        ]
        .into_iter()
        .filter(|c| *c != Col::Discount || any_discount)
        .collect();
        let row_of = |il: &InvoiceLine| -> Vec<String> {
            let l = &il.line;
            let amount = if credit { -l.net() } else { l.net() };
            cols.iter()
                .map(|c| match c {
                    Col::ArticleNo => l.article_no.clone().unwrap_or_default(),
                    Col::Description => l.description.clone(),
                    Col::Quantity => l.quantity.to_string(),
                    Col::Unit => l.unit.clone(),
                    Col::UnitPrice => l.unit_price.to_string(),
                    Col::Discount if l.discount.is_zero() => String::new(),
                    Col::Discount => format!("{} %", l.discount),
                    Col::Vat => l.vat.to_string(),
                    Col::Amount => amount.to_string(),
                    // Not on our own invoice's table.
                    Col::UnitPriceGross | Col::AmountGross => String::new(),
                })
                .collect()
        };
        let rows = inv
            .lines
            .iter()
            .filter(|l| !l.line.is_outlay())
            .map(row_of)
            .collect();
        let outlay_rows: Vec<Vec<String>> = inv
            .lines
            .iter()
            .filter(|l| l.line.is_outlay())
            .map(row_of)
            .collect();

        let vat_rows = inv
            .per_rate
            .iter()
            .map(|r| SumRow {
                label: t!(lang, "print-vat-rate", rate = r.rate.to_string()),
                base: r.net.to_string(),
                amount: r.vat.to_string(),
                strong: false,
            })
            .collect();
        let row = |label: String, amount: String, strong: bool| SumRow {
            label,
            base: String::new(),
            amount,
            strong,
        };
        let mut totals = vec![
            row(t!(lang, "print-total-net"), inv.net.to_string(), false),
            row(t!(lang, "print-total-vat"), inv.vat.to_string(), false),
        ];
        if !outlay_rows.is_empty() {
            totals.push(row(
                t!(lang, "print-total-outlays"),
                inv.outlays().to_string(),
                false,
            ));
        }
        totals.extend([row(
            if credit {
                t!(lang, "print-total-credit")
            } else {
                t!(lang, "print-total-gross")
            },
            inv.total.to_string(),
            inv.rounding.is_zero() && !credits_receipt,
        )]);

        // Why lines carry no VAT (ML 17 kap. 24 §: the reason for an exemption or reverse
        // charge).
        let mut vat_notes = Vec::new();
        if inv.reverse_charge {
            vat_notes.push(t!(lang, "print-reverse-charge"));
        } else if inv
            .lines
            .iter()
            .any(|l| !l.line.is_outlay() && l.line.vat == VatRate::R0)
        {
            vat_notes.push(
                non_empty(&s.vat_exempt_reason)
                    .unwrap_or_else(|| t!(lang, "print-vat-exempt-reason")),
            );
        }
        if !outlay_rows.is_empty() {
            vat_notes.push(t!(lang, "print-outlay-reason"));
        }
        if credits_receipt {
            // Money paid back is shown as a positive amount to pay back, never as a negative
            // "Att betala"; the rounding is the credit's own (docs/BOOKKEEPING.md).
            if !inv.rounding.is_zero() {
                totals.push(row(
                    t!(lang, "print-rounding"),
                    inv.rounding.to_string(),
                    false,
                ));
            }
            totals.push(row(
                t!(lang, "print-to-pay-back"),
                (-inv.to_pay).to_string(),
                true,
            ));
        } else if !inv.rounding.is_zero() {
            totals.push(row(
                t!(lang, "print-rounding"),
                inv.rounding.to_string(),
                false,
            ));
            totals.push(row(t!(lang, "print-to-pay"), inv.to_pay.to_string(), true));
        }

        let mut payment = Vec::new();
        let payment_heading;
        if invoice {
            payment_heading = t!(lang, "print-payment-details");
            if let Some(bg) = non_empty(&s.bankgiro) {
                payment.push(("Bankgiro".to_string(), bg));
            }
            if let Some(pg) = non_empty(&s.plusgiro) {
                payment.push(("Plusgiro".to_string(), pg));
            }
            if let Some(ocr) = inv.ocr.as_deref().and_then(non_empty) {
                payment.push((t!(lang, "print-ocr"), ocr));
            }
            if let Some(due) = inv.due_date {
                payment.push((t!(lang, "print-due-date"), due.to_string()));
            }
            payment.push((t!(lang, "print-to-pay"), format!("{} kr", inv.to_pay)));
        } else {
            payment_heading = t!(lang, "print-payment");
            payment.push((
                t!(lang, "print-payment-method"),
                method_label(inv.method, lang),
            ));
            if inv.method == PaymentMethod::Klarna && !credit {
                // Not a payment request: the customer pays Klarna, on Klarna's invoice.
                payment.push((
                    t!(lang, "print-klarna-pay-to"),
                    t!(lang, "print-klarna-pay-how"),
                ));
            } else if let Some(at) = inv.paid_at.as_deref().and_then(non_empty) {
                payment.push((
                    if credit {
                        t!(lang, "print-paid-credit")
                    } else {
                        t!(lang, "print-paid")
                    },
                    at,
                ));
            }
        }

        // Payment terms and late-payment interest, on an invoice to be paid.
        let mut terms = Vec::new();
        if invoice {
            terms.push(t!(lang, "print-payment-terms", days = s.payment_terms_days));
            terms.push(match non_empty(&s.late_interest) {
                Some(rate) => t!(lang, "print-late-interest", rate = rate),
                None => t!(lang, "print-late-interest-by-law"),
            });
        }

        Sheet {
            title: inv.title(lang).to_string(),
            page_title: format!("{} {}", inv.title(lang), inv.no),
            date: inv.date,
            seller_name: s.name.trim().to_string(),
            seller_address,
            seller_ids,
            seller_contact,
            head,
            refs,
            buyer_heading: t!(lang, "print-buyer-heading"),
            buyer,
            credit: credit_lines,
            cols,
            rows,
            outlay_heading: t!(lang, "print-outlays-heading"),
            outlay_rows,
            sum_heading: (t!(lang, "print-sum-base"), t!(lang, "print-sum-amount")),
            vat_rows,
            totals,
            vat_notes,
            payment_heading,
            payment,
            terms,
        }
    }
}

/// The seller's address, identifiers (org.nr, momsreg.nr, F-skatt, seat) and contact (phone,
/// e-mail and, with `giro`, bankgiro and plusgiro).
pub(super) fn seller_lines(
    s: &Company,
    lang: Lang,
    giro: bool,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let seller_address = [non_empty(&s.street), postal_line(&s.postal_code, &s.city)]
        .into_iter()
        .flatten()
        .collect();
    let mut seller_ids = Vec::new();
    if let Some(o) = non_empty(&s.orgnr) {
        seller_ids.push(t!(lang, "print-seller-orgnr", nr = o));
    }
    if let Some(v) = non_empty(&s.vat_no) {
        seller_ids.push(t!(lang, "print-seller-vat-no", nr = v));
    }
    if s.f_skatt {
        seller_ids.push(t!(lang, "print-seller-f-skatt"));
    }
    if let Some(seat) = non_empty(&s.seat) {
        seller_ids.push(t!(lang, "print-seller-seat", seat = seat));
    }
    let mut seller_contact = Vec::new();
    if let Some(p) = non_empty(&s.phone) {
        seller_contact.push(t!(lang, "print-seller-phone", phone = p));
    }
    if let Some(e) = non_empty(&s.email) {
        seller_contact.push(t!(lang, "print-seller-email", email = e));
    }
    if giro && let Some(b) = non_empty(&s.bankgiro) {
        seller_contact.push(format!("Bankgiro {b}"));
    }
    if giro && let Some(p) = non_empty(&s.plusgiro) {
        seller_contact.push(format!("Plusgiro {p}"));
    }
    (seller_address, seller_ids, seller_contact)
}

pub(super) fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Word-wrap `text` to lines of at most `width` units as `measure` counts them; a word wider
/// than a line is broken between characters.
pub(super) fn wrap_by(text: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if measure(&candidate) <= width {
            cur = candidate;
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        for c in word.chars() {
            cur.push(c);
            if measure(&cur) > width && chars(&cur) > 1 {
                cur.pop();
                lines.push(std::mem::take(&mut cur));
                cur.push(c);
            }
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}
