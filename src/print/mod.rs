//! Printouts of invoices, credit invoices and receipts (fakturor, kreditfakturor och kvitton):
//! monospace text for the terminal and the .txt file, and an A4 PDF.
//!
//! Both carry what a Swedish invoice must show (ML 17 kap., docs nordic-conventions §6): the
//! seller with org.nr, momsreg.nr and F-skatt, number and date, the buyer, every line with
//! quantity, unit price excluding VAT, discount and VAT rate, the taxable amount and VAT per
//! rate, and the total. A FAKTURA adds bankgiro, OCR and due date, a receipt the payment method,
//! and a credit invoice the unambiguous reference to the invoice it credits. On a credit invoice
//! the lines keep their positive quantities and unit prices while every amount is negative, so
//! the printed lines add up to the printed totals.
//!
//! Both printouts are laid out from one `Sheet`, so they always say the same thing. The PDF
//! uses the built-in Helvetica with WinAnsi encoding: no font is embedded, å ä ö and "–" print
//! and extract as text, and a one-page invoice is a few kilobytes.

use printpdf::{
    BuiltinFont, Color, DateTime, Greyscale, Line, LinePoint, Mm, Op, PdfDocument, PdfFontHandle,
    PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Point, Pt, TextItem,
};

use crate::domain::invoice::{Invoice, InvoiceKind};
use crate::domain::{DbKind, Lang, PaymentMethod};

/// Why a printout could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrintError {
    #[error("PDF-filen kunde inte skapas: {0}")]
    Pdf(String),
}

impl PrintError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::Sv) => self.to_string(),
            (PrintError::Pdf(e), Lang::En) => format!("The PDF file could not be made: {e}"),
        }
    }
}

/// The widest text printout, in characters.
pub const TEXT_WIDTH: usize = 80;

/// The payment method as printed after "Betalsätt".
pub fn method_label(method: PaymentMethod, lang: Lang) -> &'static str {
    match method {
        PaymentMethod::Kontant => lang.pick("Kontant", "Cash"),
        PaymentMethod::Kort => lang.pick("Kort", "Card"),
        PaymentMethod::Mobil => lang.pick("Mobilbetalning (Resurs)", "Mobile payment (Resurs)"),
        PaymentMethod::Faktura => lang.pick("Faktura", "Invoice"),
    }
}

// ---------------------------------------------------------------------------------------------
// What is printed
// ---------------------------------------------------------------------------------------------

/// One column of the line table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
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
    fn heading(self, lang: Lang) -> &'static str {
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
    fn right(self) -> bool {
        matches!(
            self,
            Col::Quantity | Col::UnitPrice | Col::Discount | Col::Vat | Col::Amount
        )
    }
}

/// A row of the VAT and totals table: label, taxable amount (VAT rows only), amount.
#[derive(Debug, Clone)]
struct SumRow {
    label: String,
    base: String,
    amount: String,
    strong: bool,
}

/// Everything a printout shows, in the chosen language, ready to lay out.
#[derive(Debug, Clone)]
struct Sheet {
    title: &'static str,
    seller_name: String,
    /// Street, postal code and city.
    seller_address: Vec<String>,
    /// Org.nr, momsreg.nr, F-skatt.
    seller_ids: Vec<String>,
    /// Phone, e-mail, bankgiro, plusgiro.
    seller_contact: Vec<String>,
    /// Number, date, due date: beside the title.
    head: Vec<(&'static str, String)>,
    /// Customer number, order number, reg.nr.
    refs: Vec<(&'static str, String)>,
    buyer_heading: &'static str,
    buyer: Vec<String>,
    /// A credit invoice's reference to its original and the credit note.
    credit: Vec<String>,
    cols: Vec<Col>,
    rows: Vec<Vec<String>>,
    /// Headings of the VAT table's amount columns.
    sum_heading: (&'static str, &'static str),
    vat_rows: Vec<SumRow>,
    totals: Vec<SumRow>,
    payment_heading: &'static str,
    payment: Vec<(&'static str, String)>,
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn postal_line(code: &str, city: &str) -> Option<String> {
    non_empty(&format!("{} {}", code.trim(), city.trim()))
}

impl Sheet {
    fn of(inv: &Invoice, lang: Lang) -> Sheet {
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

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Word-wrap `text` to lines of at most `width` units as `measure` counts them; a word wider
/// than a line is broken between characters.
fn wrap_by(text: &str, width: f32, measure: &dyn Fn(&str) -> f32) -> Vec<String> {
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

fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_by(text, width as f32, &|s| chars(s) as f32)
}

/// Items joined by `sep`, as many on a line as fit.
fn join_wrapped(items: &[String], sep: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    for item in items {
        if !cur.is_empty() && chars(&cur) + chars(sep) + chars(item) <= width {
            cur.push_str(sep);
            cur.push_str(item);
        } else {
            if !cur.is_empty() {
                lines.push(std::mem::take(&mut cur));
            }
            let mut parts = wrap(item, width);
            cur = parts.pop().unwrap_or_default();
            lines.extend(parts);
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

fn pad(s: &str, width: usize, right: bool) -> String {
    if right {
        format!("{s:>width$}")
    } else {
        format!("{s:<width$}")
    }
}

/// The line as it is when it fits, else word-wrapped.
fn fit(line: String, width: usize) -> Vec<String> {
    if chars(&line) <= width {
        vec![line]
    } else {
        wrap(&line, width)
    }
}

/// Label–value pairs with the values in one column.
fn pairs(items: &[(&str, String)]) -> Vec<String> {
    let w = items.iter().map(|(l, _)| chars(l)).max().unwrap_or(0);
    items
        .iter()
        .map(|(l, v)| format!("{}  {v}", pad(l, w, false)))
        .collect()
}

/// The invoice as monospace text, at most [`TEXT_WIDTH`] characters wide: for the terminal,
/// `verkstad print NR` without `--out`, and the .txt file.
pub fn render_text(inv: &Invoice, lang: Lang) -> String {
    let sheet = Sheet::of(inv, lang);
    let mut out: Vec<String> = Vec::with_capacity(48 + 2 * inv.lines.len());
    let width = TEXT_WIDTH;

    // Seller and title.
    let title_w = chars(sheet.title);
    let mut name = wrap(&sheet.seller_name, width - title_w - 2).into_iter();
    let first = name.next().unwrap_or_default();
    out.push(format!(
        "{}{}",
        pad(&first, width - title_w, false),
        sheet.title
    ));
    out.extend(name);
    out.extend(join_wrapped(&sheet.seller_address, ", ", width));
    out.extend(join_wrapped(&sheet.seller_ids, " · ", width));
    out.extend(join_wrapped(&sheet.seller_contact, " · ", width));
    out.push("=".repeat(width));

    // Number, date and references on the left, the buyer on the right.
    let mut left = sheet.head.clone();
    left.extend(sheet.refs.iter().cloned());
    let left = pairs(&left);
    let left_w = left.iter().map(|l| chars(l)).max().unwrap_or(0);
    let gap = 4;
    let right_w = width.saturating_sub(left_w + gap);
    let mut right = vec![format!("{}:", sheet.buyer_heading)];
    if right_w >= 20 {
        for b in &sheet.buyer {
            right.extend(wrap(b, right_w));
        }
        for i in 0..left.len().max(right.len()) {
            let l = left.get(i).map(String::as_str).unwrap_or("");
            let r = right.get(i).map(String::as_str).unwrap_or("");
            out.push(format!("{}{}{r}", pad(l, left_w, false), " ".repeat(gap)));
        }
    } else {
        for l in left {
            out.extend(fit(l, width));
        }
        out.push(String::new());
        for b in &sheet.buyer {
            right.extend(wrap(b, width));
        }
        out.extend(right);
    }
    if !sheet.credit.is_empty() {
        out.push(String::new());
        for c in &sheet.credit {
            out.extend(wrap(c, width));
        }
    }
    out.push(String::new());

    // Lines: numbers as wide as they need, the description gets the rest.
    let n = sheet.cols.len();
    let mut widths: Vec<usize> = sheet
        .cols
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let cells = sheet.rows.iter().map(|r| chars(&r[i])).max().unwrap_or(0);
            let w = cells.max(chars(c.heading(lang)));
            match c {
                Col::ArticleNo => w.min(12),
                Col::Unit => w.min(6),
                _ => w,
            }
        })
        .collect();
    if let Some(d) = sheet.cols.iter().position(|c| *c == Col::Description) {
        let others: usize = widths
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != d)
            .map(|(_, w)| w)
            .sum();
        widths[d] = width.saturating_sub(others + n - 1).max(10);
    }
    let line_of = |cells: &[String]| -> String {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .zip(&sheet.cols)
            .map(|((s, w), c)| pad(s, *w, c.right()))
            .collect();
        parts.join(" ").trim_end().to_string()
    };
    let headings: Vec<String> = sheet
        .cols
        .iter()
        .map(|c| c.heading(lang).to_string())
        .collect();
    out.push(line_of(&headings));
    out.push("-".repeat(width));
    for row in &sheet.rows {
        let wrapped: Vec<Vec<String>> = row
            .iter()
            .zip(&widths)
            .zip(&sheet.cols)
            .map(|((s, w), c)| {
                if c.right() {
                    vec![s.clone()]
                } else {
                    wrap(s, *w)
                }
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        for k in 0..height {
            let cells: Vec<String> = wrapped
                .iter()
                .map(|w| w.get(k).cloned().unwrap_or_default())
                .collect();
            out.push(line_of(&cells));
        }
    }
    out.push("-".repeat(width));

    // VAT per rate and totals, right-aligned, amounts in one column.
    let all: Vec<&SumRow> = sheet.vat_rows.iter().chain(&sheet.totals).collect();
    let lw = all.iter().map(|r| chars(&r.label)).max().unwrap_or(0);
    let bw = all
        .iter()
        .map(|r| chars(&r.base))
        .chain([chars(sheet.sum_heading.0)])
        .max()
        .unwrap_or(0);
    let aw = all
        .iter()
        .map(|r| chars(&r.amount))
        .chain([chars(sheet.sum_heading.1)])
        .max()
        .unwrap_or(0);
    let block = lw + 3 + bw + 3 + aw;
    let indent = " ".repeat(width.saturating_sub(block));
    let sum_line = |label: &str, base: &str, amount: &str| {
        format!(
            "{indent}{}   {}   {}",
            pad(label, lw, false),
            pad(base, bw, true),
            pad(amount, aw, true)
        )
        .trim_end()
        .to_string()
    };
    out.push(sum_line("", sheet.sum_heading.0, sheet.sum_heading.1));
    for r in &sheet.vat_rows {
        out.push(sum_line(&r.label, &r.base, &r.amount));
    }
    out.push(format!("{indent}{}", "-".repeat(block.min(width))));
    for r in &sheet.totals {
        out.push(sum_line(&r.label, &r.base, &r.amount));
    }
    out.push(String::new());

    // Payment.
    out.push(format!("{}:", sheet.payment_heading));
    for p in pairs(&sheet.payment) {
        out.extend(fit(p, width));
    }

    let mut text = String::with_capacity(out.iter().map(|l| l.len() + 1).sum());
    for line in out {
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

// ---------------------------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------------------------

/// A4 in points.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
/// 15 mm margins.
const LEFT: f32 = 42.52;
const RIGHT: f32 = PAGE_W - 42.52;
const TOP: f32 = PAGE_H - 42.52;
/// Nothing but the footer below this line.
const BOTTOM: f32 = 80.0;
const BODY: f32 = 9.0;
const LEAD: f32 = 11.5;
const GAP: f32 = 6.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Face {
    Regular,
    Bold,
}

impl Face {
    fn builtin(self) -> BuiltinFont {
        match self {
            Face::Regular => BuiltinFont::Helvetica,
            Face::Bold => BuiltinFont::HelveticaBold,
        }
    }
}

/// Helvetica advance widths (thousandths of an em) of the printable ASCII characters 32–126,
/// from Adobe's font metrics; every PDF reader lays out the standard font with these.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // ' '../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0..9
    278, 278, 584, 584, 584, 556, 1015, // :..@
    667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667,
    611, 722, 667, 944, 667, 667, 611, // A..Z
    278, 278, 278, 469, 556, 333, // [..`
    556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
    278, 556, 500, 722, 500, 500, 500, // a..z
    334, 260, 334, 584, // {..~
];

/// Helvetica-Bold, as [`HELVETICA`].
const HELVETICA_BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // ' '../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, // 0..9
    333, 333, 584, 584, 584, 611, 975, // :..@
    722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667,
    611, 722, 667, 944, 667, 667, 611, // A..Z
    333, 278, 333, 584, 556, 333, // [..`
    556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556,
    333, 611, 556, 778, 556, 556, 500, // a..z
    389, 280, 389, 584, // {..~
];

/// The ASCII letter an accented Latin-1 (or WinAnsi) letter is as wide as in Helvetica.
fn base_letter(c: char) -> Option<char> {
    Some(match c {
        'À'..='Å' => 'A',
        'Ç' => 'C',
        'È'..='Ë' => 'E',
        'Ì'..='Ï' => 'I',
        'Ð' => 'D',
        'Ñ' => 'N',
        'Ò'..='Ö' | 'Ø' => 'O',
        'Ù'..='Ü' => 'U',
        'Ý' | 'Ÿ' => 'Y',
        'Þ' => 'P',
        'à'..='å' => 'a',
        'ç' => 'c',
        'è'..='ë' => 'e',
        'ì'..='ï' => 'i',
        'ñ' => 'n',
        'ò'..='ö' => 'o',
        'ù'..='ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'Š' => 'S',
        'š' => 's',
        'Ž' => 'Z',
        'ž' => 'z',
        _ => return None,
    })
}

/// Advance width of one WinAnsi character in thousandths of an em.
fn char_width(c: char, face: Face) -> u16 {
    let (table, bold) = match face {
        Face::Regular => (&HELVETICA, false),
        Face::Bold => (&HELVETICA_BOLD, true),
    };
    let ascii = |c: char| table[c as usize - 32];
    match c {
        ' '..='~' => ascii(c),
        '\u{A0}' => 278,
        'Æ' => 1000,
        'æ' => 889,
        'ø' | 'ß' => 611,
        'ð' | 'þ' if bold => 611,
        'ð' | 'þ' => 556,
        '×' | '÷' | '±' | '¬' => 584,
        '–' | '€' | '§' | '«' | '»' | '£' | '¥' | '¢' => 556,
        '—' | '…' | '‰' => 1000,
        '°' => 400,
        '•' => 350,
        '·' => 278,
        '‘' | '’' | '‚' if bold => 278,
        '‘' | '’' | '‚' => 222,
        '“' | '”' | '„' if bold => 500,
        '“' | '”' | '„' => 333,
        '©' | '®' => 737,
        '¼' | '½' | '¾' => 834,
        c => base_letter(c).map_or(556, ascii),
    }
}

/// Text width in points.
fn text_width(s: &str, face: Face, size: f32) -> f32 {
    s.chars()
        .map(|c| f32::from(char_width(c, face)))
        .sum::<f32>()
        * size
        / 1000.0
}

/// True for the characters the standard fonts' WinAnsi encoding has.
fn is_win_ansi(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{A0}'..='ÿ') || "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".contains(c)
}

/// The text as WinAnsi can show it: letters outside it lose their accents (Ł → L, ş → s),
/// dashes become "-", anything else "?".
fn win_ansi(s: &str) -> String {
    s.chars()
        .map(|c| {
            if is_win_ansi(c) {
                return c;
            }
            match c {
                'Ą' | 'Ă' | 'Ā' => 'A',
                'ą' | 'ă' | 'ā' => 'a',
                'Ć' | 'Č' => 'C',
                'ć' | 'č' => 'c',
                'Ď' | 'Đ' => 'D',
                'ď' | 'đ' => 'd',
                'Ę' | 'Ě' | 'Ē' | 'Ė' => 'E',
                'ę' | 'ě' | 'ē' | 'ė' => 'e',
                'Ğ' | 'Ģ' => 'G',
                'ğ' | 'ģ' => 'g',
                'İ' | 'Ī' | 'Į' => 'I',
                'ı' | 'ī' | 'į' => 'i',
                'Ķ' => 'K',
                'ķ' => 'k',
                'Ł' | 'Ľ' | 'Ĺ' | 'Ļ' => 'L',
                'ł' | 'ľ' | 'ĺ' | 'ļ' => 'l',
                'Ń' | 'Ň' | 'Ņ' => 'N',
                'ń' | 'ň' | 'ņ' => 'n',
                'Ő' => 'O',
                'ő' => 'o',
                'Ř' | 'Ŕ' => 'R',
                'ř' | 'ŕ' => 'r',
                'Ś' | 'Ş' | 'Ș' => 'S',
                'ś' | 'ş' | 'ș' => 's',
                'Ť' | 'Ţ' | 'Ț' => 'T',
                'ť' | 'ţ' | 'ț' => 't',
                'Ů' | 'Ű' | 'Ū' | 'Ų' => 'U',
                'ů' | 'ű' | 'ū' | 'ų' => 'u',
                'Ź' | 'Ż' => 'Z',
                'ź' | 'ż' => 'z',
                '\u{2010}'..='\u{2012}' | '\u{2212}' => '-',
                '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\t' | '\n' | '\r' => ' ',
                _ => '?',
            }
        })
        .collect()
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: level,
        icc_profile: None,
    })
}

/// The pages being drawn, and where the next line goes.
struct Canvas {
    pages: Vec<Vec<Op>>,
    y: f32,
    /// Said at the top of every page (a demo database's printout).
    mark: Option<String>,
}

impl Canvas {
    /// The page's mark above everything else, if there is one.
    fn draw_mark(&mut self) {
        if let Some(mark) = self.mark.clone() {
            self.text(LEFT, TOP + 14.0, Face::Bold, 12.0, &mark);
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Text with its baseline starting at (x, y).
    fn text(&mut self, x: f32, y: f32, face: Face, size: f32, s: &str) {
        if s.is_empty() {
            return;
        }
        let ops = self.ops();
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFont {
            font: PdfFontHandle::Builtin(face.builtin()),
            size: Pt(size),
        });
        ops.push(Op::SetTextCursor {
            pos: Point { x: Pt(x), y: Pt(y) },
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(s.to_string())],
        });
        ops.push(Op::EndTextSection);
    }

    /// Text ending at `x`.
    fn text_right(&mut self, x: f32, y: f32, face: Face, size: f32, s: &str) {
        let w = text_width(s, face, size);
        self.text(x - w, y, face, size, s);
    }

    /// Grey text (labels).
    fn label(&mut self, x: f32, y: f32, size: f32, s: &str) {
        self.ops().push(Op::SetFillColor { col: grey(0.35) });
        self.text(x, y, Face::Regular, size, s);
        self.ops().push(Op::SetFillColor { col: grey(0.0) });
    }

    fn path(&mut self, points: &[(f32, f32)], closed: bool, thickness: f32) {
        let line = Line {
            points: points
                .iter()
                .map(|&(x, y)| LinePoint {
                    p: Point { x: Pt(x), y: Pt(y) },
                    bezier: false,
                })
                .collect(),
            is_closed: closed,
        };
        let ops = self.ops();
        ops.push(Op::SetOutlineColor { col: grey(0.55) });
        ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        ops.push(Op::DrawLine { line });
    }

    fn rule(&mut self, x1: f32, x2: f32, y: f32) {
        self.path(&[(x1, y), (x2, y)], false, 0.6);
    }
}

/// Where each column of the line table sits: left edge and width.
struct Layout {
    x: Vec<f32>,
    w: Vec<f32>,
}

impl Layout {
    fn of(cols: &[Col]) -> Layout {
        let fixed = |c: Col| -> f32 {
            match c {
                Col::ArticleNo => 62.0,
                Col::Description => 0.0,
                Col::Quantity => 36.0,
                Col::Unit => 30.0,
                Col::UnitPrice => 58.0,
                Col::Discount => 38.0,
                Col::Vat => 30.0,
                Col::Amount => 64.0,
            }
        };
        let total: f32 =
            cols.iter().map(|c| fixed(*c)).sum::<f32>() + GAP * (cols.len() - 1) as f32;
        let desc = (RIGHT - LEFT - total).max(60.0);
        let mut x = Vec::with_capacity(cols.len());
        let mut w = Vec::with_capacity(cols.len());
        let mut at = LEFT;
        for c in cols {
            let cw = if *c == Col::Description {
                desc
            } else {
                fixed(*c)
            };
            x.push(at);
            w.push(cw);
            at += cw + GAP;
        }
        Layout { x, w }
    }
}

fn draw_table_head(cv: &mut Canvas, sheet: &Sheet, layout: &Layout, lang: Lang) {
    let y = cv.y;
    for (i, c) in sheet.cols.iter().enumerate() {
        let h = c.heading(lang);
        if c.right() {
            cv.text_right(layout.x[i] + layout.w[i], y, Face::Bold, 8.0, &win_ansi(h));
        } else {
            cv.text(layout.x[i], y, Face::Bold, 8.0, &win_ansi(h));
        }
    }
    cv.rule(LEFT, RIGHT, y - 4.0);
    cv.y = y - 4.0 - LEAD;
}

/// A new page: a short heading naming the document, then the cursor below it.
fn continue_on_new_page(cv: &mut Canvas, sheet: &Sheet, inv: &Invoice) {
    cv.pages.push(Vec::new());
    cv.draw_mark();
    let y = TOP - 10.0;
    cv.text(LEFT, y, Face::Bold, 11.0, &win_ansi(&sheet.seller_name));
    cv.text_right(
        RIGHT,
        y,
        Face::Bold,
        11.0,
        &win_ansi(&format!("{} {}", sheet.title, inv.no)),
    );
    cv.y = y - 28.0;
}

fn draw_footer(cv: &mut Canvas, sheet: &Sheet, page: usize, pages: usize, lang: Lang) {
    let top = 62.0;
    cv.rule(LEFT, RIGHT, top);
    let size = 7.5;
    let columns: [Vec<String>; 3] = [
        std::iter::once(sheet.seller_name.clone())
            .chain(sheet.seller_address.iter().cloned())
            .collect(),
        sheet.seller_contact.clone(),
        sheet.seller_ids.clone(),
    ];
    let xs = [LEFT, LEFT + 175.0, LEFT + 340.0, RIGHT];
    for (i, col) in columns.iter().enumerate() {
        let (x, width) = (xs[i], xs[i + 1] - xs[i] - 8.0);
        let mut y = top - 11.0;
        for line in col {
            let measure = |s: &str| text_width(s, Face::Regular, size);
            for part in wrap_by(&win_ansi(line), width, &measure) {
                cv.text(x, y, Face::Regular, size, &part);
                y -= 9.0;
            }
        }
    }
    let page_text = match lang {
        Lang::Sv => format!("Sida {page} av {pages}"),
        Lang::En => format!("Page {page} of {pages}"),
    };
    cv.label(
        RIGHT - text_width(&page_text, Face::Regular, size),
        16.0,
        size,
        &page_text,
    );
}

/// The invoice as A4 PDF bytes.
pub fn render_pdf(inv: &Invoice, lang: Lang) -> Result<Vec<u8>, PrintError> {
    render_pdf_marked(inv, lang, None)
}

/// What every printout from a demo database says at its top, so that it is never taken for a
/// real invoice or receipt.
pub fn demo_mark(lang: Lang) -> &'static str {
    lang.pick(
        "*** DEMO – ej giltig faktura ***",
        "*** DEMO – not a valid invoice ***",
    )
}

fn mark_of(kind: DbKind, lang: Lang) -> Option<&'static str> {
    (kind == DbKind::Demo).then(|| demo_mark(lang))
}

/// [`render_text`] for a document of a database of `kind`: a demo database's printout starts
/// with [`demo_mark`].
pub fn render_text_for(inv: &Invoice, lang: Lang, kind: DbKind) -> String {
    match mark_of(kind, lang) {
        Some(mark) => format!("{mark}\n\n{}", render_text(inv, lang)),
        None => render_text(inv, lang),
    }
}

/// [`render_pdf`] for a document of a database of `kind`: a demo database's PDF carries
/// [`demo_mark`] above the seller on its first page.
pub fn render_pdf_for(inv: &Invoice, lang: Lang, kind: DbKind) -> Result<Vec<u8>, PrintError> {
    render_pdf_marked(inv, lang, mark_of(kind, lang))
}

fn render_pdf_marked(inv: &Invoice, lang: Lang, mark: Option<&str>) -> Result<Vec<u8>, PrintError> {
    let sheet = Sheet::of(inv, lang);
    let mut cv = Canvas {
        pages: vec![Vec::new()],
        y: TOP,
        mark: mark.map(win_ansi),
    };
    cv.draw_mark();

    // Seller (left) and title with number and date (right).
    let y0 = TOP - 14.0;
    let name_lines = wrap_by(&win_ansi(&sheet.seller_name), 300.0, &|s| {
        text_width(s, Face::Bold, 14.0)
    });
    let mut y = y0;
    for l in &name_lines {
        cv.text(LEFT, y, Face::Bold, 14.0, l);
        y -= 16.0;
    }
    y -= 1.0;
    for l in sheet.seller_address.iter().chain(&sheet.seller_contact) {
        cv.text(LEFT, y, Face::Regular, BODY, &win_ansi(l));
        y -= LEAD;
    }
    let left_end = y;
    cv.text_right(RIGHT, y0, Face::Bold, 16.0, &win_ansi(sheet.title));
    let mut ry = y0 - 22.0;
    let label_x = RIGHT - 175.0;
    for (label, value) in &sheet.head {
        cv.label(label_x, ry, BODY, &win_ansi(label));
        cv.text_right(RIGHT, ry, Face::Bold, BODY, &win_ansi(value));
        ry -= LEAD;
    }
    y = left_end.min(ry) - 22.0;

    // References (left) and the buyer in the envelope window (right).
    let buyer_x = 320.0;
    let mut by = y;
    cv.label(buyer_x, by, 8.0, &win_ansi(sheet.buyer_heading));
    by -= LEAD + 1.0;
    for (i, b) in sheet.buyer.iter().enumerate() {
        let face = if i == 0 { Face::Bold } else { Face::Regular };
        let size = if i == 0 { 10.5 } else { 10.0 };
        for l in wrap_by(&win_ansi(b), RIGHT - buyer_x, &|s| {
            text_width(s, face, size)
        }) {
            cv.text(buyer_x, by, face, size, &l);
            by -= 13.0;
        }
    }
    let mut ly = y - LEAD - 1.0;
    for (label, value) in &sheet.refs {
        cv.label(LEFT, ly, BODY, &win_ansi(label));
        cv.text(LEFT + 80.0, ly, Face::Regular, BODY, &win_ansi(value));
        ly -= LEAD;
    }
    y = ly.min(by) - 12.0;
    for (i, c) in sheet.credit.iter().enumerate() {
        let face = if i == 0 { Face::Bold } else { Face::Regular };
        for l in wrap_by(&win_ansi(c), RIGHT - LEFT, &|s| text_width(s, face, 10.0)) {
            cv.text(LEFT, y, face, 10.0, &l);
            y -= 13.0;
        }
    }
    cv.y = y - 10.0;

    // Lines.
    let layout = Layout::of(&sheet.cols);
    draw_table_head(&mut cv, &sheet, &layout, lang);
    for row in &sheet.rows {
        let cells: Vec<Vec<String>> = row
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let s = win_ansi(s);
                if sheet.cols[i].right() {
                    vec![s]
                } else {
                    wrap_by(&s, layout.w[i], &|t| text_width(t, Face::Regular, BODY))
                }
            })
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(1);
        if cv.y - (height as f32 - 1.0) * LEAD < BOTTOM {
            continue_on_new_page(&mut cv, &sheet, inv);
            draw_table_head(&mut cv, &sheet, &layout, lang);
        }
        for k in 0..height {
            let y = cv.y - k as f32 * LEAD;
            for (i, cell) in cells.iter().enumerate() {
                let Some(s) = cell.get(k) else { continue };
                if sheet.cols[i].right() {
                    cv.text_right(layout.x[i] + layout.w[i], y, Face::Regular, BODY, s);
                } else {
                    cv.text(layout.x[i], y, Face::Regular, BODY, s);
                }
            }
        }
        cv.y -= height as f32 * LEAD + 2.0;
    }
    cv.rule(LEFT, RIGHT, cv.y + LEAD - 4.0);
    cv.y -= 6.0;

    // VAT per rate and totals.
    let sums_h = (sheet.vat_rows.len() + sheet.totals.len() + 2) as f32 * (LEAD + 1.0) + 8.0;
    let pay_h = 58.0;
    if cv.y - sums_h < BOTTOM {
        continue_on_new_page(&mut cv, &sheet, inv);
    }
    let amount_x = RIGHT;
    let base_x = RIGHT - 90.0;
    let label_x = RIGHT - 250.0;
    cv.label(
        base_x - text_width(&win_ansi(sheet.sum_heading.0), Face::Regular, 8.0),
        cv.y,
        8.0,
        &win_ansi(sheet.sum_heading.0),
    );
    cv.label(
        amount_x - text_width(sheet.sum_heading.1, Face::Regular, 8.0),
        cv.y,
        8.0,
        sheet.sum_heading.1,
    );
    cv.y -= LEAD + 1.0;
    for r in &sheet.vat_rows {
        cv.text(label_x, cv.y, Face::Regular, BODY, &win_ansi(&r.label));
        cv.text_right(base_x, cv.y, Face::Regular, BODY, &win_ansi(&r.base));
        cv.text_right(amount_x, cv.y, Face::Regular, BODY, &win_ansi(&r.amount));
        cv.y -= LEAD + 1.0;
    }
    cv.rule(label_x, RIGHT, cv.y + LEAD - 3.0);
    cv.y -= 3.0;
    for r in &sheet.totals {
        let (face, size) = if r.strong {
            (Face::Bold, 10.5)
        } else {
            (Face::Regular, BODY)
        };
        cv.text(label_x, cv.y, face, size, &win_ansi(&r.label));
        cv.text_right(amount_x, cv.y, face, size, &win_ansi(&r.amount));
        cv.y -= LEAD + 2.0;
    }
    cv.y -= 14.0;

    // Payment: a box of label over value.
    if cv.y - pay_h < BOTTOM {
        continue_on_new_page(&mut cv, &sheet, inv);
    }
    let top = cv.y;
    cv.text(
        LEFT,
        top,
        Face::Bold,
        BODY,
        &win_ansi(sheet.payment_heading),
    );
    let box_top = top - 6.0;
    let box_bottom = box_top - 40.0;
    cv.path(
        &[
            (LEFT, box_top),
            (RIGHT, box_top),
            (RIGHT, box_bottom),
            (LEFT, box_bottom),
        ],
        true,
        0.8,
    );
    let n = sheet.payment.len().max(1) as f32;
    let cell_w = (RIGHT - LEFT) / n;
    for (i, (label, value)) in sheet.payment.iter().enumerate() {
        let x = LEFT + 8.0 + i as f32 * cell_w;
        cv.label(x, box_top - 13.0, 7.5, &win_ansi(label));
        let value = win_ansi(value);
        let size = if text_width(&value, Face::Bold, 11.0) <= cell_w - 12.0 {
            11.0
        } else {
            BODY
        };
        cv.text(x, box_top - 29.0, Face::Bold, size, &value);
    }

    // Footer on every page, now that the number of pages is known.
    let pages = cv.pages.len();
    let bodies = std::mem::take(&mut cv.pages);
    let mut finished = Vec::with_capacity(pages);
    for (i, ops) in bodies.into_iter().enumerate() {
        cv.pages = vec![ops];
        draw_footer(&mut cv, &sheet, i + 1, pages, lang);
        let ops = cv.pages.pop().unwrap_or_default();
        finished.push(PdfPage::new(
            Mm::from(Pt(PAGE_W)),
            Mm::from(Pt(PAGE_H)),
            ops,
        ));
    }

    let mut doc = PdfDocument::new(&win_ansi(&format!("{} {}", sheet.title, inv.no)));
    let date = inv
        .date
        .and_hms_opt(0, 0, 0)
        .map(|d| d.and_utc().timestamp());
    if let Some(stamp) = date.and_then(|t| DateTime::from_unix_timestamp(t).ok()) {
        doc.metadata.info.creation_date = stamp;
        doc.metadata.info.modification_date = stamp;
        doc.metadata.info.metadata_date = stamp;
    }
    doc.metadata.info.author = win_ansi(&sheet.seller_name);
    doc.metadata.info.creator = "Verkstad".into();
    doc.metadata.info.producer = "Verkstad".into();
    let mut warnings = Vec::new();
    let bytes = doc
        .with_pages(finished)
        .save(&PdfSaveOptions::default(), &mut warnings);
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        return Err(PrintError::Pdf(w.msg.clone()));
    }
    if !bytes.starts_with(b"%PDF-") {
        return Err(PrintError::Pdf("ingen PDF-data".into()));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::invoice::{Buyer, Company, InvoiceLine};
    use crate::domain::order::VatSum;
    use crate::domain::{LineKind, Money, OrderLine, Percent, Quantity, Totals, VatRate};

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn line(
        kind: LineKind,
        art: Option<&str>,
        desc: &str,
        qty: &str,
        unit: &str,
        price: &str,
        discount: &str,
    ) -> OrderLine {
        OrderLine {
            kind,
            article_no: art.map(str::to_string),
            description: desc.into(),
            quantity: Quantity::parse(qty).unwrap(),
            unit: unit.into(),
            unit_price: Money::parse(price).unwrap(),
            discount: Percent::parse(discount).unwrap(),
            vat: VatRate::R25,
        }
    }

    fn lines() -> Vec<OrderLine> {
        vec![
            line(
                LineKind::Artikel,
                Some("BB-2231"),
                "Bromsbelägg fram",
                "2",
                "st",
                "1250",
                "0",
            ),
            line(
                LineKind::Arbete,
                None,
                "Däckbyte",
                "1,5",
                "tim",
                "650",
                "10",
            ),
            line(
                LineKind::Ovrigt,
                None,
                "Miljöavgift",
                "1",
                "st",
                "49,90",
                "0",
            ),
        ]
    }

    fn company() -> Company {
        Company {
            name: "Bilverkstan i Åby AB".into(),
            street: "Verkstadsvägen 12".into(),
            postal_code: "123 45".into(),
            city: "Åby".into(),
            orgnr: "556677-8899".into(),
            vat_no: "SE556677889901".into(),
            f_skatt: true,
            phone: "08-123 45 67".into(),
            email: "info@bilverkstan.se".into(),
            bankgiro: "123-4566".into(),
            plusgiro: String::new(),
            payment_terms_days: 30,
        }
    }

    /// A booked sale of `order_lines` paid with `method`.
    fn sale(method: PaymentMethod, order_lines: Vec<OrderLine>) -> Invoice {
        let t = Totals::of(&order_lines);
        let (to_pay, rounding) = if method == PaymentMethod::Kontant {
            t.total.cash_rounded()
        } else {
            (t.total, Money::ZERO)
        };
        let invoice = method == PaymentMethod::Faktura;
        Invoice {
            no: 1001,
            kind: InvoiceKind::Faktura,
            order_nr: 512,
            date: day("2026-03-02"),
            method,
            seller: company(),
            buyer: Buyer {
                customer_no: 1042,
                name: "Åsa Öberg".into(),
                street: "Storgatan 2".into(),
                postal_code: "114 55".into(),
                city: "Stockholm".into(),
                national_id: None,
            },
            regnr: Some("ABC123".into()),
            lines: order_lines
                .into_iter()
                .enumerate()
                .map(|(i, line)| InvoiceLine { pos: i + 1, line })
                .collect(),
            per_rate: t.per_rate,
            net: t.net,
            vat: t.vat,
            total: t.total,
            rounding,
            to_pay,
            ocr: invoice.then(|| "100127".to_string()),
            due_date: invoice.then(|| day("2026-04-01")),
            original: None,
            voucher_no: 7,
            paid_at: None,
        }
    }

    /// A credit of the first line of a FAKTURA.
    fn credit() -> Invoice {
        let original = sale(PaymentMethod::Faktura, lines());
        let taken = vec![original.lines[0].line.clone()];
        let t = Totals::of(&taken);
        Invoice {
            no: 1005,
            kind: InvoiceKind::Kredit,
            date: day("2026-03-10"),
            lines: vec![original.lines[0].clone()],
            per_rate: t
                .per_rate
                .iter()
                .map(|r| VatSum {
                    rate: r.rate,
                    net: -r.net,
                    vat: -r.vat,
                })
                .collect(),
            net: -t.net,
            vat: -t.vat,
            total: -t.total,
            rounding: Money::ZERO,
            to_pay: -t.total,
            ocr: None,
            due_date: None,
            original: Some((original.no, original.date)),
            ..original
        }
    }

    fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
        text.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle:?} in\n{text}"))
    }

    fn assert_narrow(text: &str) {
        for l in text.lines() {
            assert!(chars(l) <= TEXT_WIDTH, "{} wide: {l:?}", chars(l));
        }
    }

    #[test]
    fn text_faktura_has_seller_buyer_lines_vat_ocr_and_due_date() {
        let inv = sale(PaymentMethod::Faktura, lines());
        assert_eq!(inv.total, Money::parse("4284,25").unwrap());
        let t = render_text(&inv, Lang::Sv);
        assert_narrow(&t);
        let first = t.lines().next().unwrap();
        assert!(first.starts_with("Bilverkstan i Åby AB") && first.ends_with("FAKTURA"));
        for needle in [
            "Verkstadsvägen 12, 123 45 Åby",
            "Org.nr 556677-8899 · Momsreg.nr SE556677889901 · Godkänd för F-skatt",
            "Tel 08-123 45 67 · E-post info@bilverkstan.se · Bankgiro 123-4566",
            "Åsa Öberg",
            "Storgatan 2",
            "114 55 Stockholm",
        ] {
            assert!(t.contains(needle), "{needle:?} missing in\n{t}");
        }
        assert!(line_with(&t, "Fakturanr").contains("1001"));
        assert!(line_with(&t, "Fakturadatum").contains("2026-03-02"));
        assert!(line_with(&t, "Kundnr").contains("1042"));
        assert!(line_with(&t, "Ordernr").contains("512"));
        assert!(line_with(&t, "Reg.nr").contains("ABC123"));

        let head = line_with(&t, "Beskrivning");
        for h in [
            "Art.nr", "Antal", "Enhet", "À-pris", "Rabatt", "Moms", "Belopp",
        ] {
            assert!(head.contains(h), "{h} missing in {head:?}");
        }
        let brake = line_with(&t, "Bromsbelägg fram");
        assert!(brake.starts_with("BB-2231"), "{brake:?}");
        assert!(brake.contains(" 2 st "), "{brake:?}");
        assert!(
            brake.contains(" 1 250,00 ") && brake.ends_with(" 25 % 2 500,00"),
            "{brake:?}"
        );
        let tyres = line_with(&t, "Däckbyte");
        assert!(
            tyres.contains("1,5 tim") && tyres.contains("650,00"),
            "{tyres:?}"
        );
        assert!(
            tyres.contains("10 %") && tyres.ends_with("877,50"),
            "{tyres:?}"
        );

        let vat = line_with(&t, "Moms 25 %");
        assert!(
            vat.contains("3 427,40") && vat.ends_with("856,85"),
            "{vat:?}"
        );
        assert!(line_with(&t, "Summa exkl. moms").ends_with("3 427,40"));
        assert!(line_with(&t, "Summa moms").ends_with("856,85"));
        assert!(line_with(&t, "Totalt inkl. moms").ends_with("4 284,25"));
        assert!(!t.contains("Öresavrundning"));

        let pay = t.split("Betalningsinformation:").nth(1).expect(&t);
        assert!(line_with(pay, "Bankgiro").ends_with("123-4566"));
        assert!(line_with(pay, "OCR").ends_with("100127"));
        assert!(line_with(pay, "Förfallodag").ends_with("2026-04-01"));
        assert!(line_with(pay, "Att betala").ends_with("4 284,25 kr"));
        assert!(!t.contains("KVITTO") && !t.contains("Kredit"));
    }

    #[test]
    fn text_credit_shows_negative_amounts_and_the_original() {
        let inv = credit();
        let t = render_text(&inv, Lang::Sv);
        assert_narrow(&t);
        assert!(t.lines().next().unwrap().ends_with("KREDITFAKTURA"));
        assert!(
            t.contains("Krediterar faktura 1001 daterad 2026-03-02"),
            "{t}"
        );
        assert!(t.contains("Kredit – negativa belopp"));
        assert!(line_with(&t, "Fakturanr").contains("1005"));
        assert!(line_with(&t, "Fakturadatum").contains("2026-03-10"));
        // Quantity and unit price as on the order, the amount negative.
        let brake = line_with(&t, "Bromsbelägg fram");
        assert!(brake.contains(" 2 st "), "{brake:?}");
        assert!(brake.contains(" 1 250,00 "), "{brake:?}");
        assert!(brake.ends_with(" -2 500,00"), "{brake:?}");
        assert!(!t.contains("Däckbyte"));
        let vat = line_with(&t, "Moms 25 %");
        assert!(
            vat.contains("-2 500,00") && vat.ends_with("-625,00"),
            "{vat:?}"
        );
        assert!(line_with(&t, "Kredit inkl. moms").ends_with("-3 125,00"));
        // No payment slip on a credit.
        assert!(!t.contains("OCR") && !t.contains("Förfallodag"));
        assert!(line_with(&t, "Betalsätt").ends_with("Faktura"));
    }

    #[test]
    fn text_credit_lines_add_up_to_the_totals() {
        let mut inv = credit();
        let original = sale(PaymentMethod::Faktura, lines());
        inv.lines = original.lines.clone();
        let t = Totals::of(&lines());
        inv.per_rate = vec![VatSum {
            rate: VatRate::R25,
            net: -t.net,
            vat: -t.vat,
        }];
        inv.net = -t.net;
        inv.vat = -t.vat;
        inv.total = -t.total;
        inv.to_pay = -t.total;
        let text = render_text(&inv, Lang::Sv);
        let amounts: Money = ["Bromsbelägg fram", "Däckbyte", "Miljöavgift"]
            .iter()
            .map(|d| {
                // The amount is what follows the VAT rate.
                let l = line_with(&text, d);
                Money::parse(l.rsplit(" % ").next().unwrap()).unwrap()
            })
            .sum();
        assert_eq!(amounts, inv.net);
        assert!(line_with(&text, "Summa exkl. moms").ends_with("-3 427,40"));
    }

    #[test]
    fn text_cash_receipt_shows_rounding_and_payment_method() {
        let inv = sale(PaymentMethod::Kontant, lines());
        assert_eq!(inv.rounding, Money::parse("-0,25").unwrap());
        let t = render_text(&inv, Lang::Sv);
        assert_narrow(&t);
        assert!(t.lines().next().unwrap().ends_with("KVITTO"));
        assert!(line_with(&t, "Kvittonr").contains("1001"));
        assert!(line_with(&t, "Datum").contains("2026-03-02"));
        assert!(line_with(&t, "Totalt inkl. moms").ends_with("4 284,25"));
        assert!(line_with(&t, "Öresavrundning").ends_with("-0,25"));
        assert!(line_with(&t, "Att betala").ends_with("4 284,00"));
        assert!(line_with(&t, "Betalsätt").ends_with("Kontant"));
        assert!(!t.contains("OCR") && !t.contains("Förfallodag") && !t.contains("FAKTURA"));
    }

    /// A credit invoice of `taken` (lines of `original`), as crediting makes it.
    fn credit_of(original: &Invoice, taken: Vec<OrderLine>) -> Invoice {
        let s = sale(original.method, taken);
        Invoice {
            no: 1005,
            kind: InvoiceKind::Kredit,
            date: day("2026-03-10"),
            lines: s.lines,
            per_rate: s
                .per_rate
                .iter()
                .map(|r| VatSum {
                    rate: r.rate,
                    net: -r.net,
                    vat: -r.vat,
                })
                .collect(),
            net: -s.net,
            vat: -s.vat,
            total: -s.total,
            rounding: -s.rounding,
            to_pay: -s.to_pay,
            ocr: None,
            due_date: None,
            original: Some((original.no, original.date)),
            ..original.clone()
        }
    }

    #[test]
    fn text_credit_of_a_cash_receipt_says_kvitto_and_what_is_paid_back() {
        let mut small = line(
            LineKind::Artikel,
            None,
            "Ventilhatt",
            "1",
            "st",
            "0,30",
            "0",
        );
        let big = line(
            LineKind::Artikel,
            None,
            "Bromsskivor",
            "1",
            "st",
            "479,50",
            "0",
        );
        let original = sale(PaymentMethod::Kontant, vec![small.clone(), big.clone()]);
        assert_eq!(original.to_pay, Money::parse("600").unwrap());

        // 0,38 kr credited in cash: nothing to pay back, never "Att betala".
        let c = credit_of(&original, vec![small.clone()]);
        let t = render_text(&c, Lang::Sv);
        assert_narrow(&t);
        assert!(t.lines().next().unwrap().ends_with("KREDITFAKTURA"));
        assert!(
            t.contains("Krediterar kvitto 1001 daterat 2026-03-02"),
            "{t}"
        );
        assert!(!t.contains("Krediterar faktura"), "{t}");
        assert!(line_with(&t, "Kredit inkl. moms").ends_with("-0,38"));
        assert!(line_with(&t, "Öresavrundning").ends_with("0,38"));
        assert!(line_with(&t, "Att återbetala").ends_with(" 0,00"));
        assert!(!t.contains("Att betala"), "{t}");
        assert!(line_with(&t, "Betalsätt").ends_with("Kontant"));

        // The other line alone (479,50 + 119,88): 599,38 paid back as 599 kr, a positive amount.
        let c = credit_of(&original, vec![big.clone()]);
        let t = render_text(&c, Lang::Sv);
        assert!(line_with(&t, "Kredit inkl. moms").ends_with("-599,38"));
        assert!(line_with(&t, "Öresavrundning").ends_with("0,38"));
        assert!(line_with(&t, "Att återbetala").ends_with(" 599,00"));
        assert!(!t.contains("Att betala"));
        let t = render_text(&c, Lang::En);
        assert!(t.contains("Credits receipt 1001 dated 2026-03-02"), "{t}");
        assert!(line_with(&t, "To pay back").ends_with(" 599,00"));

        // By card: no rounding, the whole credit paid back.
        small.unit_price = Money::parse("100").unwrap();
        let original = sale(PaymentMethod::Kort, vec![small.clone(), big]);
        let t = render_text(&credit_of(&original, vec![small]), Lang::Sv);
        assert!(t.contains("Krediterar kvitto 1001"), "{t}");
        assert!(!t.contains("Öresavrundning"));
        assert!(line_with(&t, "Att återbetala").ends_with(" 125,00"));
        assert!(line_with(&t, "Betalsätt").ends_with("Kort"));
    }

    #[test]
    fn text_credit_of_an_invoice_says_faktura_and_has_no_pay_back_line() {
        let t = render_text(&credit(), Lang::Sv);
        assert!(t.contains("Krediterar faktura 1001"));
        assert!(!t.contains("Krediterar kvitto"));
        assert!(
            !t.contains("Att återbetala") && !t.contains("Att betala"),
            "{t}"
        );
    }

    #[test]
    fn text_mobile_receipt_shows_resurs_and_when_it_was_paid() {
        let mut inv = sale(PaymentMethod::Mobil, lines());
        inv.paid_at = Some("2026-03-02 14:05".into());
        let t = render_text(&inv, Lang::Sv);
        assert!(line_with(&t, "Betalsätt").ends_with("Mobilbetalning (Resurs)"));
        assert!(line_with(&t, "Betald").ends_with("2026-03-02 14:05"));
        assert!(!t.contains("Öresavrundning"));
        let t = render_text(&sale(PaymentMethod::Kort, lines()), Lang::Sv);
        assert!(line_with(&t, "Betalsätt").ends_with("Kort"));
    }

    #[test]
    fn text_in_english() {
        let t = render_text(&sale(PaymentMethod::Faktura, lines()), Lang::En);
        assert_narrow(&t);
        assert!(t.lines().next().unwrap().ends_with("INVOICE"));
        assert!(line_with(&t, "Invoice no.").contains("1001"));
        assert!(line_with(&t, "Invoice date").contains("2026-03-02"));
        assert!(line_with(&t, "Due date").contains("2026-04-01"));
        assert!(line_with(&t, "VAT 25 %").ends_with("856,85"));
        assert!(line_with(&t, "Total incl. VAT").ends_with("4 284,25"));
        assert!(line_with(&t, "OCR reference").ends_with("100127"));
        assert!(t.contains("Org. no. 556677-8899") && t.contains("VAT reg. no. SE556677889901"));
        assert!(t.contains("Approved for F-skatt"));
        for sv in [
            "Fakturadatum",
            "Förfallodag",
            "Summa",
            "Beskrivning",
            "Betalsätt",
        ] {
            assert!(!t.contains(sv), "{sv} in English text\n{t}");
        }
        let t = render_text(&credit(), Lang::En);
        assert!(
            t.contains("CREDIT INVOICE") && t.contains("Credits invoice 1001 dated 2026-03-02")
        );
        let t = render_text(&sale(PaymentMethod::Kontant, lines()), Lang::En);
        assert!(t.contains("RECEIPT") && line_with(&t, "Rounding").ends_with("-0,25"));
        assert!(line_with(&t, "Payment method").ends_with("Cash"));
    }

    #[test]
    fn text_wraps_long_descriptions_and_stays_narrow() {
        let mut many: Vec<OrderLine> = (1..=20)
            .map(|i| {
                line(
                    LineKind::Artikel,
                    Some(&format!("ART-{i:05}-LÅNGT-NUMMER")),
                    &format!(
                        "Reservdel nummer {i} med en mycket lång beskrivning som inte får plats"
                    ),
                    "12,25",
                    "st",
                    "123456,78",
                    "12,5",
                )
            })
            .collect();
        many[0].vat = VatRate::R12;
        let mut inv = sale(PaymentMethod::Faktura, many);
        inv.buyer.name = "Förnamn Efternamn med ett väldigt långt namn och ännu fler ord".into();
        let t = render_text(&inv, Lang::Sv);
        assert_narrow(&t);
        assert!(t.contains("ART-00020-"));
        assert!(t.contains("Reservdel nummer 20") && t.contains("plats"));
        let vat12 = line_with(&t, "Moms 12 %");
        assert!(
            vat12.contains(" 1 323 302,36 ") && vat12.ends_with(" 158 796,28"),
            "{t}"
        );
        assert!(t.contains("Förnamn Efternamn") && t.contains("fler ord"));
        let spans = t.matches("Reservdel nummer").count();
        assert_eq!(spans, 20);
    }

    #[test]
    fn no_discount_column_without_discounts() {
        let plain: Vec<OrderLine> = lines()
            .into_iter()
            .map(|mut l| {
                l.discount = Percent::ZERO;
                l
            })
            .collect();
        let t = render_text(&sale(PaymentMethod::Faktura, plain), Lang::Sv);
        assert!(!t.contains("Rabatt"));
        assert!(line_with(&t, "Däckbyte").ends_with("975,00"));
    }

    #[test]
    fn win_ansi_keeps_swedish_and_folds_the_rest() {
        assert_eq!(
            win_ansi("Bromsbelägg – Åsa Öberg"),
            "Bromsbelägg – Åsa Öberg"
        );
        assert_eq!(win_ansi("Łukasz Wałęsa"), "Lukasz Walesa");
        assert_eq!(win_ansi("5 − 3 → 2\nx"), "5 - 3 ? 2 x");
        assert!("åäöÅÄÖé–€".chars().all(is_win_ansi));
    }

    #[test]
    fn widths_match_the_standard_fonts() {
        // The fonts printpdf ships as stand-ins for the standard 14 carry their metrics.
        for (face, font) in [
            (Face::Regular, BuiltinFont::Helvetica),
            (Face::Bold, BuiltinFont::HelveticaBold),
        ] {
            let parsed = font.get_parsed_font().expect("bundled font");
            let upem = f32::from(parsed.pdf_font_metrics.units_per_em);
            for c in ('!'..='~').chain("åäöÅÄÖéü–".chars()) {
                let gid = parsed.lookup_glyph_index(c as u32).expect("glyph");
                let w = f32::from(parsed.get_glyph_width(gid).expect("width")) * 1000.0 / upem;
                let ours = f32::from(char_width(c, face));
                assert!(
                    (w - ours).abs() <= 2.0,
                    "{face:?} {c:?}: ours {ours}, font {w}"
                );
            }
        }
    }

    #[test]
    fn pdf_is_a_pdf_and_grows_pages_with_lines() {
        let one = render_pdf(&sale(PaymentMethod::Faktura, lines()), Lang::Sv).unwrap();
        assert!(one.starts_with(b"%PDF-"));
        let many: Vec<OrderLine> = (0..80).flat_map(|_| lines()).take(80).collect();
        let big = render_pdf(&sale(PaymentMethod::Faktura, many), Lang::Sv).unwrap();
        let pages = |b: &[u8]| {
            PdfDocument::parse(b, &Default::default(), &mut Vec::new())
                .unwrap()
                .pages
                .len()
        };
        assert_eq!(pages(&one), 1);
        assert!(pages(&big) >= 3, "{} pages", pages(&big));
    }

    #[test]
    fn error_messages_in_both_languages() {
        let e = PrintError::Pdf("x".into());
        assert_eq!(e.message(Lang::Sv), "PDF-filen kunde inte skapas: x");
        assert_eq!(e.message(Lang::En), "The PDF file could not be made: x");
    }
}
