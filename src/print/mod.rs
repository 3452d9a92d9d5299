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
//! Both printouts are laid out from one `Sheet` (`sheet.rs`, the shared layout; `text.rs` and
//! `pdf.rs` with `font.rs` render it), so they always say the same thing. The PDF
//! uses the built-in Helvetica with WinAnsi encoding: no font is embedded, å ä ö and "–" print
//! and extract as text, and a one-page invoice is a few kilobytes.
//!
//! The day report's text is here too (`report.rs`); `app` gathers its figures.
//!
//! The room depends on [`crate::domain`] only: documents in, text or PDF bytes out. It reads no
//! store and no configuration; what a printout needs (the invoice, the language, whether the
//! database is a demo database) is passed in by `app`.

mod font;
mod pdf;
mod report;
mod sheet;
#[cfg(test)]
mod tests;
mod text;

pub use pdf::render_pdf;
use pdf::render_pdf_marked;
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
    }
}

/// What every printout from a demo database says at its top, so that it is never taken for a
/// real invoice or receipt.
pub fn demo_mark(lang: Lang) -> String {
    t!(lang, "print-demo-mark")
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
