//! Printouts of invoices, credit invoices and receipts (fakturor, kreditfakturor och kvitton):
//! monospace text for the terminal and the .txt file, and an A4 PDF.
//!
//! Both carry what a Swedish invoice must show (ML 2023:200 17 kap. 24 §, docs
//! nordic-conventions §6):
//!
//! * the seller with address, org.nr, momsreg.nr, F-skatt and, for an aktiebolag, "Styrelsens
//!   säte: …" (in the PDF's footer);
//! * number and date, and "Leveransdatum" — the day the work was done (the order went KLART) —
//!   only when it is not the invoice date;
//! * the buyer's name and address; the buyer's VAT number when known; the national id on an
//!   invoice only, **never on a receipt** (KONTANT, KORT, MOBIL) or its credit, where the VAT
//!   number is shown only for reverse charge;
//! * every line with quantity, unit price excluding VAT, discount and VAT rate; the utlägg
//!   (disbursements passed on) after the sold lines under their own heading "Utlägg (ingen
//!   moms)", outside the VAT basis;
//! * the taxable amount and VAT per rate (utlägg left out), the net, the VAT, the utlägg and the
//!   total;
//! * why a line carries no VAT: "Omvänd betalningsskyldighet" (reverse charge: every line at
//!   0 %), the exemption's reason for a 0 % line that is not an utlägg (the company's
//!   `vat_exempt_reason` or 10 kap. ML), "Utlägg – utanför mervärdesskattelagens
//!   tillämpningsområde";
//! * a FAKTURA: bankgiro, OCR, due date, "Betalningsvillkor N dagar netto" and the late-payment
//!   interest ("Dröjsmålsränta enligt räntelagen" or the configured rate); a receipt: the payment
//!   method; a credit invoice: the unambiguous reference to the invoice it credits.
//!
//! On a credit invoice the lines keep their positive quantities and unit prices while every
//! amount is negative, so the printed lines add up to the printed totals.
//!
//! Both printouts are laid out from one `Sheet` (`sheet.rs`, the shared layout; `text.rs` and
//! `pdf.rs` with `font.rs` render it), so they always say the same thing. The PDF
//! uses the built-in Helvetica with WinAnsi encoding: no font is embedded, å ä ö and "–" print
//! and extract as text, and a one-page invoice is a few kilobytes.
//!
//! The day report's text is here too (`report.rs`); `app` gathers its figures.
//!
//! # The cash register's documents (SKVFS 2014:9 7 kap.)
//!
//! A register's receipts ([`receipt_text`], [`receipt_pdf`]) and its X and Z day reports
//! ([`register_report_text`], [`register_report_pdf`]) are laid out from one `Slip`
//! (`slip.rs`: a column of blocks — head, items, notes, tables, marks), built by `receipt.rs`
//! and `register.rs` and rendered by `slip_text.rs` and `slip_pdf.rs`, so the text and the PDF
//! say the same thing.
//!
//! A receipt (KVITTO, RETURKVITTO, PROFORMAKVITTO) shows every item of 7 kap. 1 §: the
//! seller's name and org.nr (and momsreg.nr), the point of sale's address, date and time,
//! "Kvitto nr 17" from the register's series, "Kassa KASSA-1", every line with article number,
//! description, quantity and unit, VAT rate, discount (when there is one) and the amount
//! including VAT, VAT per rate with its taxable amount, the VAT, the total before rounding and
//! the cash rounding when there is one, the total to pay (a return: "Summa retur", negative,
//! and the original receipt's number), the payment method, the control unit's manufacturing
//! number and the receipt's control code — and, for the workshop, order number, reg.nr and the
//! customer's name (never a personnummer: a `Receipt` has none). A day report shows every field
//! of a `RegisterReport` under its label, and says whether it resets anything (X) or closes the
//! period (Z).
//!
//! **The marks.** A copy says KOPIA, a training receipt ÖVNING, a pro forma receipt EJ KVITTO
//! (COPY, TRAINING, NOT A RECEIPT in English), and the law wants them at least twice the size
//! of the amount text. The text cannot change a font, so the marks are drawn in block letters
//! (`banner.rs`): five lines tall and five columns a letter — five times the height of the
//! one-line amounts — between two rules, the top rule naming the words in plain letters, at the
//! top of the receipt and again at its bottom, after the total. The PDF sets them in 24 pt
//! bold in a frame at the top of every page and again below the total, while amounts are 9 pt
//! and the total 10,5 pt; a constant assertion in `slip_pdf.rs` keeps the mark at least twice
//! both, and `tests/print.rs` reads the font sizes back from the PDF's content streams. The
//! marks come from the catalogue and are never an argument a caller could change.
//!
//! **Why A4, not an 80 mm roll.** The workshop prints on the office printer that prints its
//! invoices, and `verkstad print` writes the PDF to a file; an 80 mm page on A4 is a thin
//! strip (or is blown up to three times its size). A4 also leaves room for the 24 pt marks
//! beside long descriptions, and it reuses the invoice's canvas, fonts and page breaks. A roll
//! printer would get its own renderer of the same `Slip` (about 42 columns), not a PDF.
//!
//! The room depends on [`crate::domain`] only: documents in, text or PDF bytes out. It reads no
//! store and no configuration; what a printout needs (the invoice, the language, whether the
//! database is a demo database) is passed in by `app`.

mod banner;
mod font;
mod klarna;
mod pdf;
mod receipt;
mod register;
#[cfg(test)]
mod register_tests;
mod report;
mod sheet;
mod slip;
mod slip_pdf;
mod slip_text;
#[cfg(test)]
mod tests;
mod text;

pub use klarna::{klarna_invoice_pdf, klarna_invoice_text};
pub use pdf::render_pdf;
use pdf::render_pdf_marked;
pub use receipt::{receipt_pdf, receipt_text};
pub use register::{register_report_pdf, register_report_text};
pub use report::DayReport;
pub use text::render_text;

use crate::domain::invoice::Invoice;
use crate::domain::{DbKind, Lang, PaymentMethod};
use crate::t;

/// Why a printout could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintError {
    /// The PDF writer reported an error (its own text).
    Pdf(String),
    /// The PDF writer gave no PDF.
    Empty,
}

impl PrintError {
    /// The message in the given language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            PrintError::Pdf(e) => t!(lang, "print-pdf-failed", error = e),
            PrintError::Empty => t!(lang, "print-pdf-empty"),
        }
    }
}

impl std::fmt::Display for PrintError {
    /// Swedish, the default language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Sv))
    }
}

impl std::error::Error for PrintError {}

/// The widest text printout, in characters.
pub const TEXT_WIDTH: usize = 80;

/// The payment method as printed after "Betalsätt".
pub fn method_label(method: PaymentMethod, lang: Lang) -> String {
    match method {
        PaymentMethod::Kontant => t!(lang, "print-method-cash"),
        PaymentMethod::Kort => t!(lang, "print-method-card"),
        PaymentMethod::Mobil => t!(lang, "print-method-mobile"),
        PaymentMethod::Faktura => t!(lang, "print-method-invoice"),
        PaymentMethod::Klarna => t!(lang, "print-method-klarna"),
    }
}

/// What every printout from a demo database says at its top, so that it is never taken for a
/// real invoice or receipt.
pub fn demo_mark(lang: Lang) -> String {
    t!(lang, "print-demo-mark")
}

/// What every receipt and X/Z report of a demo database says at its top: it comes from no real
/// cash register.
pub fn register_demo_mark(lang: Lang) -> String {
    t!(lang, "print-demo-register-mark")
}

fn mark_of(kind: DbKind, lang: Lang) -> Option<String> {
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
    render_pdf_marked(inv, lang, mark_of(kind, lang).as_deref())
}
