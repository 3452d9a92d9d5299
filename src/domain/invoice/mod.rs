//! Invoices and credit invoices (fakturor och kreditfakturor) as documents: what booking and
//! crediting produce, what is printed, and what a credit may still take back. Pure.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Lang;
use super::lang::Labels;
use super::ledger::{self, Accounts, Posting, Taxation};
use super::money::{Money, VatRate};
use super::order::{OrderLine, PaymentMethod, Totals, VatSum};
use crate::t;

pub mod klarna;

/// Invoice or credit invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum InvoiceKind {
    /// Faktura (or, paid at the counter, a receipt).
    Faktura,
    /// Kreditfaktura.
    Kredit,
}

impl InvoiceKind {
    pub fn code(self) -> &'static str {
        match self {
            InvoiceKind::Faktura => "faktura",
            InvoiceKind::Kredit => "kredit",
        }
    }

    pub fn parse(s: &str) -> Option<InvoiceKind> {
        match s {
            "faktura" => Some(InvoiceKind::Faktura),
            "kredit" => Some(InvoiceKind::Kredit),
            _ => None,
        }
    }
}

/// The seller, from config.toml `[foretag]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Company {
    pub name: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    /// Organisationsnummer, NNNNNN-NNNN.
    pub orgnr: String,
    /// VAT number, SE…01.
    pub vat_no: String,
    /// "Godkänd för F-skatt".
    pub f_skatt: bool,
    pub phone: String,
    pub email: String,
    pub bankgiro: String,
    /// Plusgiro, when the company has one (documents stored before it existed have none).
    #[serde(default)]
    pub plusgiro: String,
    /// Days from invoice date to due date for FAKTURA.
    pub payment_terms_days: u32,
    /// The registered seat (säte) of an aktiebolag, printed as "Styrelsens säte: …".
    #[serde(default)]
    pub seat: String,
    /// Late-payment interest on FAKTURA, e.g. "8 % + referensränta"; empty: "enligt räntelagen".
    #[serde(default)]
    pub late_interest: String,
    /// Why a 0 % line carries no VAT; empty: the catalogue's reference to 10 kap. ML.
    #[serde(default)]
    pub vat_exempt_reason: String,
}

/// The buyer as the invoice names them (a copy: later changes to the customer do not change a
/// printed invoice).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Buyer {
    pub customer_no: i64,
    pub name: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    /// Personnummer or organisationsnummer, when known.
    pub national_id: Option<String>,
    /// The buyer's VAT number (momsregistreringsnummer), when known.
    #[serde(default)]
    pub vat_no: Option<String>,
}

/// One line of an invoice: the order line as it was on the order (positive quantity, also on a
/// credit invoice, whose amounts are negative) and its position on the order (1-based).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub pos: usize,
    pub line: OrderLine,
}

impl InvoiceLine {
    /// An order's lines, numbered from 1 as the order shows them.
    pub fn numbered(lines: &[OrderLine]) -> Vec<InvoiceLine> {
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| InvoiceLine {
                pos: i + 1,
                line: l.clone(),
            })
            .collect()
    }
}

/// The invoice or credit invoice as booked and printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    pub no: i64,
    pub kind: InvoiceKind,
    pub order_nr: i64,
    pub date: NaiveDate,
    pub method: PaymentMethod,
    pub seller: Company,
    pub buyer: Buyer,
    pub regnr: Option<String>,
    pub lines: Vec<InvoiceLine>,
    /// Net and VAT per rate and the total including VAT (negative on a credit invoice).
    pub per_rate: Vec<VatSum>,
    pub net: Money,
    pub vat: Money,
    pub total: Money,
    /// Cash rounding (KONTANT): `to_pay` − `total`.
    pub rounding: Money,
    pub to_pay: Money,
    /// OCR reference and due date (FAKTURA).
    pub ocr: Option<String>,
    pub due_date: Option<NaiveDate>,
    /// A credit invoice's original: number and date.
    pub original: Option<(i64, NaiveDate)>,
    /// The voucher that booked it.
    pub voucher_no: i64,
    /// When the order was paid (mobile payments), shown on a receipt.
    pub paid_at: Option<String>,
    /// The date of supply (leveransdatum): the day the work was done. Printed when it is not
    /// the invoice date. None on a credit invoice (it refers to its original) and on documents
    /// stored before it existed.
    #[serde(default)]
    pub supply_date: Option<NaiveDate>,
    /// Omvänd betalningsskyldighet: every line at 0 %, the buyer accounts for the VAT.
    #[serde(default)]
    pub reverse_charge: bool,
}

/// An order's lines as an invoice carries them: under reverse charge every line at 0 % (the
/// buyer accounts for the VAT), else as they are.
pub fn invoice_lines(lines: &[OrderLine], taxation: Taxation) -> Vec<OrderLine> {
    lines
        .iter()
        .map(|l| match taxation {
            Taxation::Domestic => l.clone(),
            Taxation::ReverseCharge => OrderLine {
                vat: VatRate::R0,
                ..l.clone()
            },
        })
        .collect()
}

impl Invoice {
    /// How VAT applies to this invoice.
    pub fn taxation(&self) -> Taxation {
        Taxation::of(self.reverse_charge)
    }

    /// The utlägg on this invoice (negative on a credit invoice): `total − net − vat`.
    pub fn outlays(&self) -> Money {
        self.total - self.net - self.vat
    }

    /// The positions of the order lines this invoice carries.
    pub fn positions(&self) -> BTreeSet<usize> {
        self.lines.iter().map(|l| l.pos).collect()
    }

    /// The heading printed on the document.
    pub fn title(&self, lang: Lang) -> &'static str {
        /// The three documents: a credit invoice, an invoice, a receipt.
        #[derive(Clone, Copy, PartialEq)]
        enum Title {
            Credit,
            Invoice,
            Receipt,
        }
        static TITLES: Labels<3> = Labels::new();
        let title = match (self.kind, self.method) {
            (InvoiceKind::Kredit, _) => Title::Credit,
            (InvoiceKind::Faktura, PaymentMethod::Faktura) => Title::Invoice,
            (InvoiceKind::Faktura, _) => Title::Receipt,
        };
        let all = [Title::Credit, Title::Invoice, Title::Receipt];
        TITLES.get(all, title, lang, |t, lang| match t {
            Title::Credit => t!(lang, "invoice-title-credit"),
            Title::Invoice => t!(lang, "invoice-title-invoice"),
            Title::Receipt => t!(lang, "invoice-title-receipt"),
        })
    }
}

/// What a credit will contain: its lines, amounts and postings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditPlan {
    pub lines: Vec<InvoiceLine>,
    pub per_rate: Vec<VatSum>,
    pub net: Money,
    pub vat: Money,
    pub total: Money,
    pub rounding: Money,
    pub to_pay: Money,
    pub postings: Vec<Posting>,
    /// True when this credit takes back the last lines: the invoice is then fully credited.
    pub completes: bool,
}

/// Why a credit cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreditError {
    AlreadyCredited(i64),
    LineAlreadyCredited { invoice: i64, pos: usize },
    NoSuchLine { invoice: i64, pos: usize },
    NoLines,
}

impl CreditError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            CreditError::AlreadyCredited(n) => t!(lang, "credit-already-credited", invoice = n),
            CreditError::LineAlreadyCredited { invoice, pos } => t!(
                lang,
                "credit-line-already-credited",
                invoice = invoice,
                pos = pos
            ),
            CreditError::NoSuchLine { invoice, pos } => {
                t!(lang, "credit-no-such-line", invoice = invoice, pos = pos)
            }
            CreditError::NoLines => t!(lang, "credit-no-lines"),
        }
    }
}

impl std::fmt::Display for CreditError {
    /// Swedish, the default language.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Sv))
    }
}

impl std::error::Error for CreditError {}

/// Plan a credit of `original` after the credits already made (`previous`), for the chosen line
/// positions (`None`: every line not yet credited).
///
/// # Invariant (kept here, property-tested below)
///
/// * **Exact per rate.** For every VAT rate, the net and the VAT of all credits of an invoice add
///   up exactly, to the öre, to the original's (negated), however the lines are split. A
///   credit's net per rate is the sum of its lines' rounded nets, which is exact by
///   construction. Its VAT per rate is computed on that net (docs/ROUNDING.md), except in the
///   credit that takes the last lines of a rate: that one carries the exact remainder of the
///   rate (the original's VAT minus what earlier credits took). So the last credit of an
///   invoice is the exact remainder on every rate it credits.
/// * **No foreign-rate VAT.** A credit carries net and VAT only on the rates of the lines it
///   credits; a remainder is never moved onto another rate. (The one exception is an invoice
///   partly credited before this rule existed: its last credit also takes a VAT remainder left on
///   a rate whose lines were all credited, so the books still close exactly.)
/// * **Cash rounding per document.** Each document rounds on its own: a KONTANT credit pays back
///   its own total rounded to whole kronor (at most 0,50 kr of rounding, to the rounding
///   account), a KORT, MOBIL or FAKTURA credit pays back its total to the öre. The original's
///   rounding and that of earlier credits are never carried into a credit.
/// * Every credit's postings balance: they are the exact reversal of a sale of its lines with
///   its per-rate VAT, on the original's accounts (utlägg on the pass-through account, a
///   reverse-charge invoice on its own sales account with no VAT).
pub fn plan_credit(
    original: &Invoice,
    previous: &[&Invoice],
    positions: Option<&[usize]>,
    accounts: &Accounts,
) -> Result<CreditPlan, CreditError> {
    let credited: BTreeSet<usize> = previous.iter().flat_map(|i| i.positions()).collect();
    let all = original.positions();
    let chosen: BTreeSet<usize> = match positions {
        None => all.difference(&credited).copied().collect(),
        Some(ps) => {
            if ps.is_empty() {
                return Err(CreditError::NoLines);
            }
            for &pos in ps {
                if !all.contains(&pos) {
                    return Err(CreditError::NoSuchLine {
                        invoice: original.no,
                        pos,
                    });
                }
                if credited.contains(&pos) {
                    return Err(CreditError::LineAlreadyCredited {
                        invoice: original.no,
                        pos,
                    });
                }
            }
            ps.iter().copied().collect()
        }
    };
    if chosen.is_empty() {
        return Err(CreditError::AlreadyCredited(original.no));
    }
    // Lines keep their positive quantities as on the order; the credit's amounts are negative.
    let lines: Vec<InvoiceLine> = original
        .lines
        .iter()
        .filter(|l| chosen.contains(&l.pos))
        .cloned()
        .collect();
    let completes = credited.len() + chosen.len() == all.len();
    let done_after: BTreeSet<usize> = credited.union(&chosen).copied().collect();
    // What of a rate's VAT is still to be credited: the original's minus the earlier credits'
    // (which are negative).
    let vat_left = |rate: VatRate| -> Money {
        let orig: Money = original
            .per_rate
            .iter()
            .filter(|r| r.rate == rate)
            .map(|r| r.vat)
            .sum();
        let taken: Money = previous
            .iter()
            .flat_map(|p| p.per_rate.iter())
            .filter(|r| r.rate == rate)
            .map(|r| r.vat)
            .sum();
        orig + taken
    };
    // The credit as a sale of its lines (positive amounts), then reversed. Rounding is symmetric
    // (half away from zero), so the negated sale is exactly the credit.
    let order_lines: Vec<OrderLine> = lines.iter().map(|l| l.line.clone()).collect();
    let mut totals = Totals::of(&order_lines);
    for r in &mut totals.per_rate {
        let rate_done = original
            .lines
            .iter()
            .filter(|l| !l.line.is_outlay() && l.line.vat == r.rate)
            .all(|l| done_after.contains(&l.pos));
        if rate_done {
            r.vat = vat_left(r.rate);
        }
    }
    if completes {
        // Only for credits made before per-rate remainders: VAT left on a rate with no line here.
        for rate in VatRate::ALL {
            if totals.per_rate.iter().all(|r| r.rate != rate) {
                let vat = vat_left(rate);
                if !vat.is_zero() {
                    totals.per_rate.push(VatSum {
                        rate,
                        net: Money::ZERO,
                        vat,
                    });
                }
            }
        }
    }
    let totals = Totals::from_rates(totals.per_rate, totals.outlays);
    let (to_pay, rounding) = ledger::amount_to_pay(totals.total, original.method);
    let postings = ledger::reversed(&ledger::sale_postings(
        &order_lines,
        &totals,
        original.method,
        original.taxation(),
        accounts,
    ));
    Ok(CreditPlan {
        lines,
        per_rate: totals
            .per_rate
            .iter()
            .map(|r| VatSum {
                rate: r.rate,
                net: -r.net,
                vat: -r.vat,
            })
            .collect(),
        net: -totals.net,
        vat: -totals.vat,
        total: -totals.total,
        rounding: -rounding,
        to_pay: -to_pay,
        postings,
        completes,
    })
}

/// Parse a list of line positions as the user writes it: "1,3" or "1-3,5".
pub fn parse_positions(s: &str) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b): (usize, usize) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
                if a == 0 || b < a || b - a > 10_000 {
                    return None;
                }
                out.extend(a..=b);
            }
            None => {
                let n: usize = part.parse().ok()?;
                if n == 0 {
                    return None;
                }
                out.push(n);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests;
