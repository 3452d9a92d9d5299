//! What a printout shows (shared layout): one [`Sheet`] per document, in the chosen language,
//! from which both the text and the PDF are laid out, so that they always say the same thing.

use super::method_label;
use crate::domain::invoice::{Invoice, InvoiceKind};
use crate::domain::{Lang, PaymentMethod};

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
}

impl Col {
    pub(super) fn heading(self, lang: Lang) -> &'static str {
        match self {
            Col::ArticleNo => lang.pick("Art.nr", "Art. no."),
            Col::Description => lang.pick("Beskrivning", "Description"),
            Col::Quantity => lang.pick("Antal", "Qty"),
            Col::Unit => lang.pick("Enhet", "Unit"),
            Col::UnitPrice => lang.pick("À-pris", "Unit price"),
            Col::Discount => lang.pick("Rabatt", "Discount"),
            Col::Vat => lang.pick("Moms", "VAT"),
            Col::Amount => lang.pick("Belopp", "Amount"),
        }
    }

    /// Numbers are right-aligned.
    pub(super) fn right(self) -> bool {
        matches!(
            self,
            Col::Quantity | Col::UnitPrice | Col::Discount | Col::Vat | Col::Amount
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
    pub(super) title: &'static str,
    pub(super) seller_name: String,
    /// Street, postal code and city.
    pub(super) seller_address: Vec<String>,
    /// Org.nr, momsreg.nr, F-skatt.
    pub(super) seller_ids: Vec<String>,
    /// Phone, e-mail, bankgiro, plusgiro.
    pub(super) seller_contact: Vec<String>,
    /// Number, date, due date: beside the title.
    pub(super) head: Vec<(&'static str, String)>,
    /// Customer number, order number, reg.nr.
    pub(super) refs: Vec<(&'static str, String)>,
    pub(super) buyer_heading: &'static str,
    pub(super) buyer: Vec<String>,
    /// A credit invoice's reference to its original and the credit note.
    pub(super) credit: Vec<String>,
    pub(super) cols: Vec<Col>,
    pub(super) rows: Vec<Vec<String>>,
    /// Headings of the VAT table's amount columns.
    pub(super) sum_heading: (&'static str, &'static str),
    pub(super) vat_rows: Vec<SumRow>,
    pub(super) totals: Vec<SumRow>,
    pub(super) payment_heading: &'static str,
    pub(super) payment: Vec<(&'static str, String)>,
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

        let seller_address = [non_empty(&s.street), postal_line(&s.postal_code, &s.city)]
            .into_iter()
            .flatten()
            .collect();
        let mut seller_ids = Vec::new();
        if let Some(o) = non_empty(&s.orgnr) {
            seller_ids.push(format!("{} {o}", lang.pick("Org.nr", "Org. no.")));
        }
        if let Some(v) = non_empty(&s.vat_no) {
            seller_ids.push(format!("{} {v}", lang.pick("Momsreg.nr", "VAT reg. no.")));
        }
        if s.f_skatt {
            seller_ids.push(
                lang.pick("Godkänd för F-skatt", "Approved for F-skatt (F-tax)")
                    .to_string(),
            );
        }
        let mut seller_contact = Vec::new();
        if let Some(p) = non_empty(&s.phone) {
            seller_contact.push(format!("{} {p}", lang.pick("Tel", "Phone")));
        }
        if let Some(e) = non_empty(&s.email) {
            seller_contact.push(format!("{} {e}", lang.pick("E-post", "E-mail")));
        }
        if let Some(b) = non_empty(&s.bankgiro) {
            seller_contact.push(format!("Bankgiro {b}"));
        }
        if let Some(p) = non_empty(&s.plusgiro) {
            seller_contact.push(format!("Plusgiro {p}"));
        }

        let mut head = vec![
            if receipt {
                (lang.pick("Kvittonr", "Receipt no."), inv.no.to_string())
            } else {
                (lang.pick("Fakturanr", "Invoice no."), inv.no.to_string())
            },
            if receipt {
                (lang.pick("Datum", "Date"), inv.date.to_string())
            } else {
                (
                    lang.pick("Fakturadatum", "Invoice date"),
                    inv.date.to_string(),
                )
            },
        ];
        if invoice && let Some(due) = inv.due_date {
            head.push((lang.pick("Förfallodag", "Due date"), due.to_string()));
        }

        let mut refs = vec![
            (
                lang.pick("Kundnr", "Customer no."),
                inv.buyer.customer_no.to_string(),
            ),
            (lang.pick("Ordernr", "Order no."), inv.order_nr.to_string()),
        ];
        if let Some(r) = inv.regnr.as_deref().and_then(non_empty) {
            refs.push((lang.pick("Reg.nr", "Reg. no."), r));
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
        if let Some(id) = b.national_id.as_deref().and_then(non_empty) {
            buyer.push(format!("{} {id}", lang.pick("Person-/org.nr", "ID no.")));
        }

        let mut credit_lines = Vec::new();
        if credit {
            // A receipt (paid at the counter) is credited as a receipt, an invoice as an invoice.
            if let Some((no, date)) = inv.original {
                credit_lines.push(match (lang, credits_receipt) {
                    (Lang::Sv, false) => format!("Krediterar faktura {no} daterad {date}"),
                    (Lang::En, false) => format!("Credits invoice {no} dated {date}"),
                    (Lang::Sv, true) => format!("Krediterar kvitto {no} daterat {date}"),
                    (Lang::En, true) => format!("Credits receipt {no} dated {date}"),
                });
            }
            credit_lines.push(
                if credits_receipt {
                    lang.pick(
                        "Kredit – negativa belopp minskar kvitterat belopp och moms",
                        "Credit – negative amounts reduce the receipted amount and VAT",
                    )
                } else {
                    lang.pick(
                        "Kredit – negativa belopp minskar fakturerat belopp och moms",
                        "Credit – negative amounts reduce the invoiced amount and VAT",
                    )
                }
                .to_string(),
            );
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
        let rows = inv
            .lines
            .iter()
            .map(|il| {
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
                    })
                    .collect()
            })
            .collect();

        let vat_rows = inv
            .per_rate
            .iter()
            .map(|r| SumRow {
                label: format!("{} {}", lang.pick("Moms", "VAT"), r.rate),
                base: r.net.to_string(),
                amount: r.vat.to_string(),
                strong: false,
            })
            .collect();
        let row = |label: &str, amount: String, strong: bool| SumRow {
            label: label.to_string(),
            base: String::new(),
            amount,
            strong,
        };
        let mut totals = vec![
            row(
                lang.pick("Summa exkl. moms", "Total excl. VAT"),
                inv.net.to_string(),
                false,
            ),
            row(
                lang.pick("Summa moms", "Total VAT"),
                inv.vat.to_string(),
                false,
            ),
            row(
                if credit {
                    lang.pick("Kredit inkl. moms", "Credit incl. VAT")
                } else {
                    lang.pick("Totalt inkl. moms", "Total incl. VAT")
                },
                inv.total.to_string(),
                inv.rounding.is_zero() && !credits_receipt,
            ),
        ];
        if credits_receipt {
            // Money paid back is shown as a positive amount to pay back, never as a negative
            // "Att betala"; the rounding is the credit's own (docs/BOOKKEEPING.md).
            if !inv.rounding.is_zero() {
                totals.push(row(
                    lang.pick("Öresavrundning", "Rounding"),
                    inv.rounding.to_string(),
                    false,
                ));
            }
            totals.push(row(
                lang.pick("Att återbetala", "To pay back"),
                (-inv.to_pay).to_string(),
                true,
            ));
        } else if !inv.rounding.is_zero() {
            totals.push(row(
                lang.pick("Öresavrundning", "Rounding"),
                inv.rounding.to_string(),
                false,
            ));
            totals.push(row(
                lang.pick("Att betala", "To pay"),
                inv.to_pay.to_string(),
                true,
            ));
        }

        let mut payment = Vec::new();
        let payment_heading;
        if invoice {
            payment_heading = lang.pick("Betalningsinformation", "Payment details");
            if let Some(bg) = non_empty(&s.bankgiro) {
                payment.push(("Bankgiro", bg));
            }
            if let Some(pg) = non_empty(&s.plusgiro) {
                payment.push(("Plusgiro", pg));
            }
            if let Some(ocr) = inv.ocr.as_deref().and_then(non_empty) {
                payment.push((lang.pick("OCR", "OCR reference"), ocr));
            }
            if let Some(due) = inv.due_date {
                payment.push((lang.pick("Förfallodag", "Due date"), due.to_string()));
            }
            payment.push((
                lang.pick("Att betala", "To pay"),
                format!("{} kr", inv.to_pay),
            ));
        } else {
            payment_heading = lang.pick("Betalning", "Payment");
            payment.push((
                lang.pick("Betalsätt", "Payment method"),
                method_label(inv.method, lang).to_string(),
            ));
            if let Some(at) = inv.paid_at.as_deref().and_then(non_empty) {
                payment.push((
                    if credit {
                        lang.pick("Betalt", "Paid")
                    } else {
                        lang.pick("Betald", "Paid")
                    },
                    at,
                ));
            }
        }

        Sheet {
            title: inv.title(lang),
            seller_name: s.name.trim().to_string(),
            seller_address,
            seller_ids,
            seller_contact,
            head,
            refs,
            buyer_heading: lang.pick("Kund", "Customer"),
            buyer,
            credit: credit_lines,
            cols,
            rows,
            sum_heading: (
                lang.pick("Underlag", "Taxable amount"),
                lang.pick("Belopp", "Amount"),
            ),
            vat_rows,
            totals,
            payment_heading,
            payment,
        }
    }
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
