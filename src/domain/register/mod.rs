//! The cash register (kassaregister, SFL 39 kap., SKVFS 2014:9): receipts and the X and Z day
//! reports, as pure data and rules. The store keeps them, `app::register` registers them with the
//! control unit and `print` lays them out.
//!
//! Which sales are registered: every sale and return paid at the counter — KONTANT, KORT and
//! (conservatively, `[register] mobile = true` by default) MOBIL, the Resurs link the customer
//! pays on the phone at pick-up (nordic-conventions §5: a payment instrument used at the counter
//! is registered, with the provider as the payment method). FAKTURA is outside the law: an
//! invoice sale is never registered, even when it is paid at once.
//!
//! # Invariants (kept here, tested below and in tests/register.rs)
//!
//! * **Lines add up to the total.** A receipt's line amounts including VAT add up exactly, to
//!   the öre, to its total: the VAT of a rate is spread over the rate's lines by the largest
//!   remainder, so no öre is lost or invented ([`Receipt::of_invoice`]).
//! * **A return reverses exactly.** The return receipt of a whole sale has the sale's lines,
//!   VAT and total negated (the credit invoice it documents is the exact reversal, see
//!   `invoice::plan_credit`, and the spreading depends only on the lines and the per-rate sums).
//! * **Z grand totals.** A Z report's grand totals are the previous Z's plus this period's sales
//!   and returns of real (not training) receipts, so the grand total net is the sum of every
//!   real receipt ever made on the register ([`RegisterReport::of`]).
//! * **Training never counts.** Training receipts are counted apart (number and amount) and never
//!   reach sales, VAT, payment methods or grand totals — nor the books (the app writes no invoice
//!   and no voucher for them).

use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::invoice::{Company, Invoice, InvoiceKind};
use super::money::{Money, Quantity, VatRate};
use super::order::{LineKind, PaymentMethod, VatSum};
use super::{Lang, Status};
use crate::t;

/// What a receipt documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptKind {
    /// A sale (kassakvitto).
    Sale,
    /// A return (returkvitto): amounts negative.
    Return,
    /// A pro forma receipt ("EJ KVITTO"): what a sale would be, before payment.
    ProForma,
}

impl ReceiptKind {
    pub fn code(self) -> &'static str {
        match self {
            ReceiptKind::Sale => "sale",
            ReceiptKind::Return => "return",
            ReceiptKind::ProForma => "pro_forma",
        }
    }

    pub fn parse(s: &str) -> Option<ReceiptKind> {
        [
            ReceiptKind::Sale,
            ReceiptKind::Return,
            ReceiptKind::ProForma,
        ]
        .into_iter()
        .find(|k| k.code() == s)
    }
}

/// One line of a receipt: what was sold and its amount including VAT.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptLine {
    pub kind: LineKind,
    pub article_no: Option<String>,
    pub description: String,
    pub quantity: Quantity,
    pub unit: String,
    pub rate: VatRate,
    /// Amount including VAT (negative on a return).
    pub amount: Money,
    /// The discount given on the line, including VAT (negative on a return).
    pub discount: Money,
}

/// A receipt as registered and printed (never changed afterwards).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// Kassabeteckning.
    pub register_id: String,
    /// From the register's own unbroken series.
    pub no: i64,
    pub kind: ReceiptKind,
    /// Övningsläge: printed "ÖVNING", never in the books or the sales figures.
    pub training: bool,
    /// Local date and time of the sale, as printed.
    pub at: NaiveDateTime,
    pub seller: Company,
    /// The point of sale's address (the company's, unless configured).
    pub point_of_sale: String,
    pub order_nr: i64,
    pub regnr: Option<String>,
    /// The customer's name (never the personnummer).
    pub customer: String,
    /// The invoice or credit invoice this receipt documents in the books (none for training
    /// and pro forma).
    pub invoice_no: Option<i64>,
    /// A return's original receipt.
    pub original: Option<i64>,
    pub lines: Vec<ReceiptLine>,
    /// Net and VAT per rate (negative on a return).
    pub per_rate: Vec<VatSum>,
    /// Total including VAT.
    pub total: Money,
    /// Cash rounding (KONTANT).
    pub rounding: Money,
    /// What was paid (or paid back): total plus rounding.
    pub to_pay: Money,
    pub method: PaymentMethod,
    /// The control unit's manufacturing number and its control code for this receipt.
    pub unit_serial: String,
    pub control_code: String,
}

/// The receipt's number, kind and the control unit's answer, decided by the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered {
    pub register_id: String,
    pub no: i64,
    pub kind: ReceiptKind,
    pub training: bool,
    pub at: NaiveDateTime,
    pub point_of_sale: String,
    pub unit_serial: String,
    pub control_code: String,
}

impl Receipt {
    /// The receipt of an invoice (a sale), credit invoice (a return) or, for training and pro
    /// forma, of the invoice the sale would make. Line amounts include VAT and add up to the
    /// total exactly (see the module's invariants).
    pub fn of_invoice(inv: &Invoice, original: Option<i64>, r: Registered) -> Receipt {
        let sign = if inv.kind == InvoiceKind::Kredit {
            -Decimal::ONE
        } else {
            Decimal::ONE
        };
        let gross = line_amounts(inv);
        let lines = inv
            .lines
            .iter()
            .zip(gross)
            .map(|(l, amount)| {
                let l = &l.line;
                let list = Money::round(l.quantity.value() * l.unit_price.amount());
                let discount_net = list - l.net();
                let discount =
                    Money::round(discount_net.amount() * (Decimal::ONE + l.vat.fraction()));
                ReceiptLine {
                    kind: l.kind,
                    article_no: l.article_no.clone(),
                    description: l.description.clone(),
                    quantity: l.quantity,
                    unit: l.unit.clone(),
                    rate: l.vat,
                    amount: Money::round(amount.amount() * sign),
                    discount: Money::round(discount.amount() * sign),
                }
            })
            .collect();
        let booked = r.kind != ReceiptKind::ProForma && !r.training;
        Receipt {
            register_id: r.register_id,
            no: r.no,
            kind: r.kind,
            training: r.training,
            at: r.at,
            seller: inv.seller.clone(),
            point_of_sale: r.point_of_sale,
            order_nr: inv.order_nr,
            regnr: inv.regnr.clone(),
            customer: inv.buyer.name.clone(),
            invoice_no: booked.then_some(inv.no),
            original,
            lines,
            per_rate: inv.per_rate.clone(),
            total: inv.total,
            rounding: inv.rounding,
            to_pay: inv.to_pay,
            method: inv.method,
            unit_serial: r.unit_serial,
            control_code: r.control_code,
        }
    }

    /// The VAT amount of each rate, for the control unit.
    pub fn vat_per_rate(&self) -> Vec<(VatRate, Money)> {
        self.per_rate.iter().map(|r| (r.rate, r.vat)).collect()
    }

    /// The VAT of the whole receipt.
    pub fn vat(&self) -> Money {
        self.per_rate.iter().map(|r| r.vat).sum()
    }
}

/// Each line's amount including VAT, positive (the invoice's lines carry positive quantities
/// also on a credit): the line's net plus its share of its rate's VAT, the shares spread by the
/// largest remainder so that a rate's lines add up to exactly its net plus VAT.
fn line_amounts(inv: &Invoice) -> Vec<Money> {
    let nets: Vec<Money> = inv.lines.iter().map(|l| l.line.net()).collect();
    let mut out = nets.clone();
    for rate in VatRate::ALL {
        let idx: Vec<usize> = (0..nets.len())
            .filter(|&i| inv.lines[i].line.vat == rate)
            .collect();
        if idx.is_empty() {
            continue;
        }
        let vat: Money = inv
            .per_rate
            .iter()
            .filter(|r| r.rate == rate)
            .map(|r| r.vat)
            .sum();
        // The per-rate VAT of a credit is negative; the lines are positive.
        let vat_ore = vat.ore().abs();
        let net_sum: i64 = idx.iter().map(|&i| nets[i].ore()).sum();
        if vat_ore == 0 {
            continue;
        }
        if net_sum == 0 {
            // Lines that cancel out: the VAT goes on the first line.
            out[idx[0]] += Money::from_ore(vat_ore);
            continue;
        }
        // Shares in öre: floor of vat × net_i / net_sum, then one öre each to the largest
        // remainders until the rate's VAT is spent.
        let mut shares: Vec<(usize, i64, i128)> = idx
            .iter()
            .map(|&i| {
                let num = i128::from(vat_ore) * i128::from(nets[i].ore());
                let den = i128::from(net_sum);
                let q = num.div_euclid(den);
                let rem = num.rem_euclid(den);
                (i, i64::try_from(q).unwrap_or(0), rem)
            })
            .collect();
        let mut left = vat_ore - shares.iter().map(|s| s.1).sum::<i64>();
        let mut order: Vec<usize> = (0..shares.len()).collect();
        order.sort_by(|&a, &b| shares[b].2.cmp(&shares[a].2).then(a.cmp(&b)));
        let mut k = 0;
        while left != 0 && !order.is_empty() {
            let step = left.signum();
            shares[order[k % order.len()]].1 += step;
            left -= step;
            k += 1;
        }
        for (i, share, _) in shares {
            out[i] += Money::from_ore(share);
        }
    }
    out
}

/// X (any time, resets nothing) or Z (closes the period, numbered and kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportKind {
    X,
    Z,
}

/// A count and an amount (copies, training receipts, returns…).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub count: i64,
    pub amount: Money,
}

impl Tally {
    fn add(&mut self, amount: Money) {
        self.count += 1;
        self.amount += amount;
    }
}

/// Sales and returns of one payment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodSum {
    pub method: PaymentMethod,
    pub sales: Money,
    pub returns: Money,
}

/// Sales of one main group (labour, parts, other).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSum {
    pub group: LineKind,
    pub amount: Money,
}

/// The running totals a register never resets (grand totals), carried from Z to Z.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrandTotals {
    pub sales: Money,
    /// Returns as a positive amount.
    pub returns: Money,
}

impl GrandTotals {
    pub fn net(&self) -> Money {
        self.sales - self.returns
    }
}

/// An X or Z day report (SKVFS 2014:9 7 kap. 2–3 §§): everything registered since the last Z.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterReport {
    pub kind: ReportKind,
    /// The Z report's number (its own series per register); none on an X report.
    pub no: Option<i64>,
    /// The day it reports (a Z closes it).
    pub date: NaiveDate,
    /// When it was taken (local).
    pub at: NaiveDateTime,
    pub register_id: String,
    pub seller_name: String,
    pub orgnr: String,
    /// First and last receipt number of the period (none when nothing was registered).
    pub first_receipt: Option<i64>,
    pub last_receipt: Option<i64>,
    /// Sales incl. VAT (positive), returns (positive amount) and their difference.
    pub sales: Tally,
    pub returns: Tally,
    pub net: Money,
    pub per_group: Vec<GroupSum>,
    /// Net and VAT per rate, sales less returns.
    pub vat: Vec<VatSum>,
    pub per_method: Vec<MethodSum>,
    /// Växelkassa: the change float in the drawer.
    pub change_float: Money,
    /// Lines of goods (parts) and of services (labour, other) sold.
    pub goods_sold: i64,
    pub services_sold: i64,
    /// Receipts of the period (sales and returns, not training or pro forma).
    pub receipts: i64,
    /// The drawer opens for every cash receipt.
    pub drawer_openings: i64,
    pub copies: Tally,
    pub training: Tally,
    pub pro_forma: Tally,
    /// Discounts given, incl. VAT.
    pub discounts: Money,
    /// Cash rounding of the period.
    pub rounding: Money,
    /// Sales begun and not finished: orders waiting for a mobile payment.
    pub unfinished: Tally,
    pub grand: GrandTotals,
}

/// What a report is made of, besides the receipts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportInputs {
    /// The previous Z report's grand totals (zero on a new register).
    pub previous: GrandTotals,
    /// Amounts of the copies printed in the period.
    pub copies: Vec<Money>,
    pub change_float: Money,
    pub unfinished: Tally,
}

impl RegisterReport {
    /// The report of `receipts` (everything registered since the last Z, in number order).
    #[allow(clippy::too_many_arguments)]
    pub fn of(
        kind: ReportKind,
        no: Option<i64>,
        date: NaiveDate,
        at: NaiveDateTime,
        register_id: &str,
        seller: &Company,
        receipts: &[Receipt],
        inputs: ReportInputs,
    ) -> RegisterReport {
        let mut r = RegisterReport {
            kind,
            no,
            date,
            at,
            register_id: register_id.to_string(),
            seller_name: seller.name.clone(),
            orgnr: seller.orgnr.clone(),
            first_receipt: receipts.iter().map(|r| r.no).min(),
            last_receipt: receipts.iter().map(|r| r.no).max(),
            sales: Tally::default(),
            returns: Tally::default(),
            net: Money::ZERO,
            per_group: Vec::new(),
            vat: Vec::new(),
            per_method: Vec::new(),
            change_float: inputs.change_float,
            goods_sold: 0,
            services_sold: 0,
            receipts: 0,
            drawer_openings: 0,
            copies: Tally::default(),
            training: Tally::default(),
            pro_forma: Tally::default(),
            discounts: Money::ZERO,
            rounding: Money::ZERO,
            unfinished: inputs.unfinished,
            grand: inputs.previous,
        };
        for c in &inputs.copies {
            r.copies.add(*c);
        }
        for rc in receipts {
            if rc.kind == ReceiptKind::ProForma {
                r.pro_forma.add(rc.to_pay);
                continue;
            }
            if rc.training {
                r.training.add(rc.to_pay);
                continue;
            }
            r.receipts += 1;
            if rc.method == PaymentMethod::Kontant {
                r.drawer_openings += 1;
            }
            let returning = rc.kind == ReceiptKind::Return;
            if returning {
                r.returns.add(-rc.to_pay);
            } else {
                r.sales.add(rc.to_pay);
            }
            r.rounding += rc.rounding;
            match r.per_method.iter_mut().find(|m| m.method == rc.method) {
                Some(m) if returning => m.returns += -rc.to_pay,
                Some(m) => m.sales += rc.to_pay,
                None => r.per_method.push(MethodSum {
                    method: rc.method,
                    sales: if returning { Money::ZERO } else { rc.to_pay },
                    returns: if returning { -rc.to_pay } else { Money::ZERO },
                }),
            }
            for l in &rc.lines {
                if !returning {
                    match l.kind {
                        LineKind::Artikel => r.goods_sold += 1,
                        LineKind::Arbete | LineKind::Ovrigt => r.services_sold += 1,
                        // An utlägg is passed on, neither sold goods nor a service.
                        LineKind::Utlagg => {}
                    }
                }
                r.discounts += l.discount;
                match r.per_group.iter_mut().find(|g| g.group == l.kind) {
                    Some(g) => g.amount += l.amount,
                    None => r.per_group.push(GroupSum {
                        group: l.kind,
                        amount: l.amount,
                    }),
                }
            }
            for v in &rc.per_rate {
                match r.vat.iter_mut().find(|x| x.rate == v.rate) {
                    Some(x) => {
                        x.net += v.net;
                        x.vat += v.vat;
                    }
                    None => r.vat.push(*v),
                }
            }
        }
        r.net = r.sales.amount - r.returns.amount;
        r.grand.sales += r.sales.amount;
        r.grand.returns += r.returns.amount;
        r.per_method.sort_by_key(|m| m.method.code());
        r.per_group.sort_by_key(|g| g.group.code());
        r.vat.sort_by_key(|v| std::cmp::Reverse(v.rate.percent()));
        r
    }

    /// The report's title: "X-dagrapport" or "Z-dagrapport".
    pub fn title(&self, lang: Lang) -> String {
        match self.kind {
            ReportKind::X => t!(lang, "register-x-report"),
            ReportKind::Z => t!(lang, "register-z-report"),
        }
    }
}

/// Orders that count as unfinished sales: a payment was begun and has not come.
pub fn is_unfinished(status: Status) -> bool {
    status == Status::MobilePayment
}

#[cfg(test)]
mod tests;
