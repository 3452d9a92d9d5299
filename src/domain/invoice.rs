//! Invoices and credit invoices (fakturor och kreditfakturor) as documents: what booking and
//! crediting produce, what is printed, and what a credit may still take back. Pure.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Lang;
use super::ledger::{self, Accounts, Posting};
use super::money::Money;
use super::order::{OrderLine, PaymentMethod, Totals, VatSum};

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
    /// Days from invoice date to due date for FAKTURA.
    pub payment_terms_days: u32,
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
}

impl Invoice {
    /// The positions of the order lines this invoice carries.
    pub fn positions(&self) -> BTreeSet<usize> {
        self.lines.iter().map(|l| l.pos).collect()
    }

    /// The heading printed on the document.
    pub fn title(&self, lang: Lang) -> &'static str {
        match (self.kind, self.method) {
            (InvoiceKind::Kredit, _) => lang.pick("KREDITFAKTURA", "CREDIT INVOICE"),
            (InvoiceKind::Faktura, PaymentMethod::Faktura) => lang.pick("FAKTURA", "INVOICE"),
            (InvoiceKind::Faktura, _) => lang.pick("KVITTO", "RECEIPT"),
        }
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
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CreditError {
    #[error("Faktura {0} är redan krediterad i sin helhet")]
    AlreadyCredited(i64),
    #[error("Rad {pos} på faktura {invoice} är redan krediterad")]
    LineAlreadyCredited { invoice: i64, pos: usize },
    #[error("Faktura {invoice} har ingen rad {pos}")]
    NoSuchLine { invoice: i64, pos: usize },
    #[error("Ange minst en rad att kreditera")]
    NoLines,
}

impl CreditError {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::Sv) => self.to_string(),
            (CreditError::AlreadyCredited(n), Lang::En) => {
                format!("Invoice {n} has already been credited in full")
            }
            (CreditError::LineAlreadyCredited { invoice, pos }, Lang::En) => {
                format!("Line {pos} of invoice {invoice} has already been credited")
            }
            (CreditError::NoSuchLine { invoice, pos }, Lang::En) => {
                format!("Invoice {invoice} has no line {pos}")
            }
            (CreditError::NoLines, Lang::En) => "Give at least one line to credit".into(),
        }
    }
}

/// Plan a credit of `original` (booked with `original_postings`) after the credits already made
/// (`previous`, each with its postings), for the chosen line positions (`None`: every line not
/// yet credited).
///
/// A credit that takes back the last lines is the exact remainder: the original's postings and
/// amounts negated, minus what earlier credits took. So the credits of an invoice always add up
/// to its exact reversal, to the öre, however the lines were split.
pub fn plan_credit(
    original: &Invoice,
    original_postings: &[Posting],
    previous: &[(&Invoice, &[Posting])],
    positions: Option<&[usize]>,
    accounts: &Accounts,
) -> Result<CreditPlan, CreditError> {
    let credited: BTreeSet<usize> = previous.iter().flat_map(|(i, _)| i.positions()).collect();
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
    if completes {
        let mut per_rate: Vec<VatSum> = original
            .per_rate
            .iter()
            .map(|r| VatSum {
                rate: r.rate,
                net: -r.net,
                vat: -r.vat,
            })
            .collect();
        for (prev, _) in previous {
            for r in &prev.per_rate {
                if let Some(s) = per_rate.iter_mut().find(|s| s.rate == r.rate) {
                    s.net = s.net - r.net;
                    s.vat = s.vat - r.vat;
                }
            }
        }
        let minus_prev =
            |f: fn(&Invoice) -> Money| previous.iter().fold(-f(original), |acc, (p, _)| acc - f(p));
        let postings = ledger::merge(
            ledger::reversed(original_postings)
                .into_iter()
                .chain(previous.iter().flat_map(|(_, rows)| ledger::reversed(rows))),
        )
        .into_iter()
        .filter(|p| !p.amount.is_zero())
        .collect();
        return Ok(CreditPlan {
            lines,
            per_rate,
            net: minus_prev(|i| i.net),
            vat: minus_prev(|i| i.vat),
            total: minus_prev(|i| i.total),
            rounding: minus_prev(|i| i.rounding),
            to_pay: minus_prev(|i| i.to_pay),
            postings,
            completes,
        });
    }
    // Rounding is symmetric (half away from zero), so the negated sale is exactly the credit.
    let order_lines: Vec<OrderLine> = lines.iter().map(|l| l.line.clone()).collect();
    let totals = Totals::of(&order_lines);
    let (to_pay, rounding) = ledger::amount_to_pay(totals.total, original.method);
    let postings = ledger::reversed(&ledger::sale_postings(
        &order_lines,
        &totals,
        original.method,
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
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::domain::ledger::{Account, Role, sale_postings};
    use crate::domain::money::{Percent, Quantity, VatRate};
    use crate::domain::order::LineKind;

    fn arb_line() -> impl Strategy<Value = OrderLine> {
        (
            0..3usize,
            1i64..=20_000,
            0i64..=10_000_000,
            prop_oneof![Just(0i64), 0i64..=10_000],
            0..4usize,
        )
            .prop_map(|(kind, qty, price, discount, rate)| OrderLine {
                kind: LineKind::ALL[kind],
                article_no: None,
                description: "rad".into(),
                quantity: Quantity::from_hundredths(qty),
                unit: "st".into(),
                unit_price: Money::from_ore(price),
                discount: Percent::from_hundredths(discount),
                vat: VatRate::ALL[rate],
            })
    }

    fn arb_method() -> impl Strategy<Value = PaymentMethod> {
        (0..4usize).prop_map(|i| PaymentMethod::ALL[i])
    }

    /// An invoice of these lines, booked as `sale_postings` books it.
    fn booked(lines: &[OrderLine], method: PaymentMethod) -> (Invoice, Vec<Posting>) {
        let totals = Totals::of(lines);
        let (to_pay, rounding) = ledger::amount_to_pay(totals.total, method);
        let postings = sale_postings(lines, &totals, method, &Accounts::default());
        let invoice = Invoice {
            no: 1,
            kind: InvoiceKind::Faktura,
            order_nr: 10001,
            date: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
            method,
            seller: Company::default(),
            buyer: Buyer::default(),
            regnr: None,
            lines: InvoiceLine::numbered(lines),
            per_rate: totals.per_rate.clone(),
            net: totals.net,
            vat: totals.vat,
            total: totals.total,
            rounding,
            to_pay,
            ocr: None,
            due_date: None,
            original: None,
            voucher_no: 1,
            paid_at: None,
        };
        (invoice, postings)
    }

    fn per_account(rows: impl IntoIterator<Item = Posting>) -> BTreeMap<Account, Money> {
        let mut m = BTreeMap::new();
        for p in rows {
            *m.entry(p.account).or_insert(Money::ZERO) += p.amount;
        }
        m.retain(|_, v: &mut Money| !v.is_zero());
        m
    }

    /// As a credit invoice, for the next credit's `previous`.
    fn as_credit(original: &Invoice, plan: &CreditPlan) -> Invoice {
        Invoice {
            kind: InvoiceKind::Kredit,
            lines: plan.lines.clone(),
            per_rate: plan.per_rate.clone(),
            net: plan.net,
            vat: plan.vat,
            total: plan.total,
            rounding: plan.rounding,
            to_pay: plan.to_pay,
            original: Some((original.no, original.date)),
            ..original.clone()
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// Every voucher balances to the öre, VAT per rate equals the order's, the sales
        /// accounts carry the nets, and the payment account what the customer pays.
        #[test]
        fn a_sale_voucher_balances_and_carries_the_orders_vat(
            lines in prop::collection::vec(arb_line(), 1..10),
            method in arb_method(),
        ) {
            let (inv, rows) = booked(&lines, method);
            let sum: Money = rows.iter().map(|p| p.amount).sum();
            prop_assert!(sum.is_zero(), "unbalanced by {sum}");
            let accounts = Accounts::default();
            let by_account = per_account(rows.iter().copied());
            for r in &inv.per_rate {
                if r.rate.percent() > 0 {
                    let vat = by_account
                        .get(&accounts.get(Role::Vat(r.rate)))
                        .copied()
                        .unwrap_or(Money::ZERO);
                    prop_assert_eq!(-vat, r.vat);
                }
                let sales: Money = [Role::Parts(r.rate), Role::Labour(r.rate)]
                    .into_iter()
                    .map(|role| by_account.get(&accounts.get(role)).copied().unwrap_or(Money::ZERO))
                    .sum();
                prop_assert_eq!(-sales, r.net);
            }
            let paid = by_account
                .get(&accounts.get(Role::Method(method)))
                .copied()
                .unwrap_or(Money::ZERO);
            prop_assert_eq!(paid, inv.to_pay);
            prop_assert_eq!(inv.to_pay, inv.total + inv.rounding);
            if method != PaymentMethod::Kontant {
                prop_assert!(inv.rounding.is_zero());
            } else {
                prop_assert_eq!(inv.to_pay.ore() % 100, 0);
                prop_assert!(inv.rounding.ore().abs() <= 50);
            }
        }

        /// A full credit is the exact reversal of the invoice: every posting and amount negated.
        #[test]
        fn a_full_credit_exactly_reverses_the_invoice(
            lines in prop::collection::vec(arb_line(), 1..10),
            method in arb_method(),
        ) {
            let (inv, rows) = booked(&lines, method);
            let plan = plan_credit(&inv, &rows, &[], None, &Accounts::default()).unwrap();
            prop_assert!(plan.completes);
            prop_assert_eq!(per_account(plan.postings.iter().copied()), per_account(ledger::reversed(&rows)));
            prop_assert_eq!(plan.total, -inv.total);
            prop_assert_eq!(plan.vat, -inv.vat);
            prop_assert_eq!(plan.to_pay, -inv.to_pay);
            prop_assert_eq!(plan.rounding, -inv.rounding);
            for (c, o) in plan.per_rate.iter().zip(&inv.per_rate) {
                prop_assert_eq!((c.rate, c.net, c.vat), (o.rate, -o.net, -o.vat));
            }
        }

        /// Credits of chosen lines, one after another, balance each and add up to the exact
        /// reversal however the lines are split; a line is never credited twice.
        #[test]
        fn split_credits_add_up_to_the_exact_reversal(
            lines in prop::collection::vec(arb_line(), 2..10),
            method in arb_method(),
            split in prop::collection::vec(0..3usize, 10),
        ) {
            let (inv, rows) = booked(&lines, method);
            let accounts = Accounts::default();
            let mut done: Vec<(Invoice, Vec<Posting>)> = Vec::new();
            for group in 0..3 {
                let chosen: Vec<usize> = (1..=lines.len()).filter(|p| split[p - 1] == group).collect();
                if chosen.is_empty() {
                    continue;
                }
                let prev: Vec<(&Invoice, &[Posting])> =
                    done.iter().map(|(i, r)| (i, r.as_slice())).collect();
                let plan = plan_credit(&inv, &rows, &prev, Some(&chosen), &accounts).unwrap();
                let sum: Money = plan.postings.iter().map(|p| p.amount).sum();
                prop_assert!(sum.is_zero());
                prop_assert_eq!(plan.to_pay, plan.total + plan.rounding);
                let credit = as_credit(&inv, &plan);
                done.push((credit, plan.postings));
                let prev: Vec<(&Invoice, &[Posting])> =
                    done.iter().map(|(i, r)| (i, r.as_slice())).collect();
                let again = plan_credit(&inv, &rows, &prev, Some(&chosen[..1]), &accounts);
                prop_assert_eq!(
                    again.unwrap_err(),
                    CreditError::LineAlreadyCredited { invoice: 1, pos: chosen[0] }
                );
            }
            let prev: Vec<(&Invoice, &[Posting])> = done.iter().map(|(i, r)| (i, r.as_slice())).collect();
            prop_assert_eq!(
                plan_credit(&inv, &rows, &prev, None, &accounts).unwrap_err(),
                CreditError::AlreadyCredited(1)
            );
            let all = per_account(rows.iter().copied().chain(done.iter().flat_map(|(_, r)| r.iter().copied())));
            prop_assert!(all.is_empty(), "left over: {all:?}");
            let to_pay: Money = done.iter().map(|(i, _)| i.to_pay).sum();
            prop_assert_eq!(to_pay, -inv.to_pay);
            let vat: Money = done.iter().map(|(i, _)| i.vat).sum();
            prop_assert_eq!(vat, -inv.vat);
        }
    }

    #[test]
    fn positions_parse_as_users_write_them() {
        assert_eq!(parse_positions("1,3"), Some(vec![1, 3]));
        assert_eq!(parse_positions(" 2-4, 1 ,3"), Some(vec![1, 2, 3, 4]));
        assert_eq!(parse_positions("0"), None);
        assert_eq!(parse_positions("a"), None);
        assert_eq!(parse_positions("4-2"), None);
        assert_eq!(parse_positions(""), None);
    }
}
