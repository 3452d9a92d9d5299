//! Invoices and credit invoices (fakturor och kreditfakturor) as documents: what booking and
//! crediting produce, what is printed, and what a credit may still take back. Pure.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Lang;
use super::ledger::{self, Accounts, Posting};
use super::money::{Money, VatRate};
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
    /// Plusgiro, when the company has one (documents stored before it existed have none).
    #[serde(default)]
    pub plusgiro: String,
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
///   its per-rate VAT.
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
            .filter(|l| l.line.vat == r.rate)
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
    totals.net = totals.per_rate.iter().map(|r| r.net).sum();
    totals.vat = totals.per_rate.iter().map(|r| r.vat).sum();
    totals.total = totals.net + totals.vat;
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
    use crate::domain::money::{Percent, Quantity};
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
            let plan = plan_credit(&inv, &[], None, &Accounts::default()).unwrap();
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

        /// Credits of random line groups, one after another, of a random multi-rate sale paid
        /// KONTANT, KORT, MOBIL or FAKTURA: every credit balances, carries net and VAT only on
        /// the rates of its own lines, rounds (cash only) on its own by at most 0,50 kr, and all
        /// credits add up per rate exactly to the original; a line is never credited twice.
        #[test]
        fn split_credits_are_exact_per_rate_and_round_per_document(
            lines in prop::collection::vec(arb_line(), 2..12),
            method in arb_method(),
            split in prop::collection::vec(0..4usize, 12),
        ) {
            let (inv, rows) = booked(&lines, method);
            let accounts = Accounts::default();
            let mut done: Vec<(Invoice, Vec<Posting>)> = Vec::new();
            for group in 0..4 {
                let chosen: Vec<usize> = (1..=lines.len()).filter(|p| split[p - 1] == group).collect();
                if chosen.is_empty() {
                    continue;
                }
                let prev: Vec<&Invoice> = done.iter().map(|(i, _)| i).collect();
                let plan = plan_credit(&inv, &prev, Some(&chosen), &accounts).unwrap();
                let sum: Money = plan.postings.iter().map(|p| p.amount).sum();
                prop_assert!(sum.is_zero(), "credit unbalanced by {sum}");
                prop_assert_eq!(plan.to_pay, plan.total + plan.rounding);
                prop_assert_eq!(plan.total, plan.net + plan.vat);
                if method == PaymentMethod::Kontant {
                    prop_assert!(plan.rounding.ore().abs() <= 50, "rounding {}", plan.rounding);
                    prop_assert_eq!(plan.to_pay.ore() % 100, 0);
                } else {
                    prop_assert!(plan.rounding.is_zero());
                }
                // Net and VAT only on the rates of this credit's lines.
                let own: BTreeSet<u32> = plan.lines.iter().map(|l| l.line.vat.percent()).collect();
                for r in &plan.per_rate {
                    prop_assert!(own.contains(&r.rate.percent()), "foreign rate {} in {:?}", r.rate, plan.per_rate);
                }
                for p in &plan.postings {
                    for rate in VatRate::ALL.into_iter().filter(|r| r.percent() > 0 && !own.contains(&r.percent())) {
                        prop_assert_ne!(p.account, accounts.get(Role::Vat(rate)));
                    }
                }
                let credit = as_credit(&inv, &plan);
                done.push((credit, plan.postings));
                let prev: Vec<&Invoice> = done.iter().map(|(i, _)| i).collect();
                let again = plan_credit(&inv, &prev, Some(&chosen[..1]), &accounts);
                prop_assert_eq!(
                    again.unwrap_err(),
                    CreditError::LineAlreadyCredited { invoice: 1, pos: chosen[0] }
                );
            }
            let prev: Vec<&Invoice> = done.iter().map(|(i, _)| i).collect();
            prop_assert_eq!(
                plan_credit(&inv, &prev, None, &accounts).unwrap_err(),
                CreditError::AlreadyCredited(1)
            );
            // Per rate, net and VAT of all credits are exactly the original's, negated.
            for o in &inv.per_rate {
                let net: Money = done.iter().flat_map(|(c, _)| &c.per_rate).filter(|r| r.rate == o.rate).map(|r| r.net).sum();
                let vat: Money = done.iter().flat_map(|(c, _)| &c.per_rate).filter(|r| r.rate == o.rate).map(|r| r.vat).sum();
                prop_assert_eq!((net, vat), (-o.net, -o.vat), "rate {}", o.rate);
            }
            let vat: Money = done.iter().map(|(i, _)| i.vat).sum();
            prop_assert_eq!(vat, -inv.vat);
            let total: Money = done.iter().map(|(i, _)| i.total).sum();
            prop_assert_eq!(total, -inv.total);
            // Sales and VAT accounts are back to zero; only cash payment and rounding may differ,
            // by the documents' own roundings.
            let mut all = per_account(rows.iter().copied().chain(done.iter().flat_map(|(_, r)| r.iter().copied())));
            let cash = accounts.get(Role::Method(PaymentMethod::Kontant));
            let rounding = accounts.get(Role::Rounding);
            if method == PaymentMethod::Kontant {
                let paid = all.remove(&cash).unwrap_or(Money::ZERO);
                let rounded = all.remove(&rounding).unwrap_or(Money::ZERO);
                prop_assert_eq!(paid + rounded, Money::ZERO);
                let roundings: Money = done.iter().map(|(i, _)| i.rounding).sum::<Money>() + inv.rounding;
                prop_assert_eq!(paid, roundings);
            } else {
                let to_pay: Money = done.iter().map(|(i, _)| i.to_pay).sum();
                prop_assert_eq!(to_pay, -inv.to_pay);
            }
            prop_assert!(all.is_empty(), "left over: {all:?}");
        }
    }

    fn sold(desc: &str, net: &str, vat: VatRate) -> OrderLine {
        OrderLine {
            kind: LineKind::Artikel,
            article_no: None,
            description: desc.into(),
            quantity: Quantity::from_hundredths(100),
            unit: "st".into(),
            unit_price: Money::parse(net).unwrap(),
            discount: Percent::ZERO,
            vat,
        }
    }

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    /// Credit the lines of `inv` one at a time, in order.
    fn one_line_at_a_time(inv: &Invoice) -> Vec<CreditPlan> {
        let mut done: Vec<Invoice> = Vec::new();
        let mut plans = Vec::new();
        for l in &inv.lines {
            let prev: Vec<&Invoice> = done.iter().collect();
            let plan = plan_credit(inv, &prev, Some(&[l.pos]), &Accounts::default()).unwrap();
            done.push(as_credit(inv, &plan));
            plans.push(plan);
        }
        plans
    }

    fn rows_of(plan: &CreditPlan) -> Vec<(u16, Money)> {
        plan.postings
            .iter()
            .map(|p| (p.account.number(), p.amount))
            .collect()
    }

    /// Seen: a cash receipt of 599,75 (paid 600,00) credited one line at a time gave a credit of
    /// 0,38 kr and then one that carried the receipt's rounding too (0,63 kr on 3740, paying
    /// back 600,00 for 599,37). Each credit now rounds on its own.
    #[test]
    fn a_cash_receipt_credited_line_by_line_rounds_each_credit_on_its_own() {
        let lines = vec![
            sold("Ventilhatt", "0,30", VatRate::R25),
            sold("Bromsskivor", "479,50", VatRate::R25),
        ];
        let (inv, _) = booked(&lines, PaymentMethod::Kontant);
        assert_eq!(
            (inv.total, inv.to_pay, inv.rounding),
            (m("599,75"), m("600"), m("0,25"))
        );
        let plans = one_line_at_a_time(&inv);

        // 0,38 kr back in cash is 0 kr: rounding 0,38 (credited to 3740).
        let first = &plans[0];
        assert_eq!(
            (first.total, first.rounding, first.to_pay),
            (m("-0,38"), m("0,38"), m("0"))
        );
        assert_eq!(
            rows_of(first),
            vec![(3001, m("0,30")), (2611, m("0,08")), (3740, m("-0,38"))]
        );
        // The last line: 25 % VAT is the exact remainder (119,95 − 0,08), the cash pays back
        // 599,37 rounded: 599,00, rounding 0,37 – not the receipt's 0,25 carried along.
        let last = &plans[1];
        assert_eq!(
            (last.per_rate[0].net, last.per_rate[0].vat),
            (m("-479,50"), m("-119,87"))
        );
        assert_eq!(
            (last.total, last.rounding, last.to_pay),
            (m("-599,37"), m("0,37"), m("-599"))
        );
        assert_eq!(
            rows_of(last),
            vec![
                (1910, m("-599")),
                (3001, m("479,50")),
                (2611, m("119,87")),
                (3740, m("-0,37"))
            ]
        );
        for p in &plans {
            assert!(p.rounding.ore().abs() <= 50);
        }
        let vat: Money = plans.iter().map(|p| p.vat).sum();
        assert_eq!(vat, -inv.vat);
    }

    /// Seen: the last credit, of one 6 % book (100,00 kr), paid back 101,00 kr, moved 25 % VAT
    /// by 0,01 and booked 1,01 kr on 3740. It now pays back 100,00 with 6 % VAT only.
    #[test]
    fn a_credit_of_a_six_percent_book_pays_back_its_price_with_six_percent_vat_only() {
        let lines = vec![
            sold("Ventilhatt", "0,38", VatRate::R25),
            sold("Ventilhatt", "0,38", VatRate::R25),
            sold("Bok: Bilens elsystem", "94,34", VatRate::R6),
        ];
        for method in PaymentMethod::ALL {
            let (inv, _) = booked(&lines, method);
            assert_eq!(inv.total, m("100,95"));
            let plans = one_line_at_a_time(&inv);
            // The second 25 % line takes that rate's remainder: 0,19 − 0,10.
            assert_eq!(plans[1].per_rate.len(), 1);
            assert_eq!(plans[1].per_rate[0].vat, m("-0,09"));
            let book = &plans[2];
            assert!(book.completes);
            assert_eq!(book.per_rate.len(), 1, "{method}: {:?}", book.per_rate);
            assert_eq!(book.per_rate[0].rate, VatRate::R6);
            assert_eq!(
                (book.per_rate[0].net, book.per_rate[0].vat),
                (m("-94,34"), m("-5,66"))
            );
            assert_eq!(
                (book.total, book.rounding, book.to_pay),
                (m("-100"), m("0"), m("-100"))
            );
            let paid = Accounts::default().get(Role::Method(method)).number();
            assert_eq!(
                rows_of(book),
                vec![(paid, m("-100")), (3003, m("94,34")), (2631, m("5,66"))],
                "{method}"
            );
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
