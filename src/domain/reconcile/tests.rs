use std::collections::BTreeMap;
use std::convert::Infallible;

use proptest::prelude::*;

use super::*;
use crate::domain::ledger::{Accounts, Posting, ocr_reference};

fn kr(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn tol() -> Money {
    Money::from_ore(DEFAULT_TOLERANCE_ORE)
}

/// A store in memory: invoices by number (order nr = invoice no + 10 000), orders without an
/// invoice, provider ids.
#[derive(Default)]
struct Books {
    invoices: BTreeMap<i64, OpenInvoice>,
    orders_not_invoiced: Vec<i64>,
    provider_ids: BTreeMap<String, i64>,
    payouts: BTreeMap<String, KnownPayout>,
}

impl Books {
    fn payout(mut self, id: i64, reference: &str, net: &str, closed_by: Option<i64>) -> Books {
        self.payouts.insert(
            reference.into(),
            KnownPayout {
                id,
                provider: "Klarna".into(),
                reference: reference.into(),
                net: kr(net),
                closed_by,
            },
        );
        self
    }

    fn invoice(mut self, no: i64, open: &str, buyer: &str) -> Books {
        self.invoices.insert(
            no,
            OpenInvoice {
                invoice_no: no,
                order_nr: no + 10_000,
                to_pay: kr(open),
                open: kr(open),
                buyer: buyer.into(),
                buyer_id: None,
            },
        );
        self
    }
}

impl Lookup for Books {
    type Error = Infallible;
    fn find(&mut self, clue: &Clue) -> Result<Found, Infallible> {
        let by_order = |nr: i64| {
            self.invoices
                .values()
                .find(|i| i.order_nr == nr)
                .cloned()
                .map(Found::Invoice)
                .or_else(|| {
                    self.orders_not_invoiced
                        .contains(&nr)
                        .then_some(Found::OrderNotInvoiced { order_nr: nr })
                })
                .unwrap_or(Found::Nothing)
        };
        Ok(match clue {
            Clue::Ocr { invoice_no: no, .. } | Clue::InvoiceNo { no, .. } => self
                .invoices
                .get(no)
                .cloned()
                .map_or(Found::Nothing, Found::Invoice),
            Clue::OrderNo { nr, .. } | Clue::OrderReference { nr, .. } => by_order(*nr),
            Clue::ProviderId { text } => match self.provider_ids.get(text) {
                Some(nr) => by_order(*nr),
                None => self
                    .payouts
                    .get(text)
                    .cloned()
                    .map_or(Found::Nothing, Found::Payout),
            },
        })
    }

    fn asking(&mut self, amount: Money) -> Result<Vec<OpenInvoice>, Infallible> {
        Ok(self
            .invoices
            .values()
            .filter(|i| i.to_pay == amount)
            .cloned()
            .collect())
    }
}

fn pay(amount: &str, refs: &[(RefKind, &str)], payer: Option<&str>) -> Payment {
    Payment {
        amount: kr(amount),
        references: refs
            .iter()
            .map(|(kind, text)| PaymentRef {
                kind: *kind,
                text: text.to_string(),
                amount: None,
            })
            .collect(),
        payer: Payer {
            name: payer.map(str::to_string),
            ..Payer::default()
        },
    }
}

fn decide(books: &mut Books, p: &Payment) -> Decision {
    let Ok(d) = reconcile(p, tol(), books);
    d
}

fn accounts() -> ReconcileAccounts {
    ReconcileAccounts::of(&Accounts::default())
}

fn rows(d: &Decision, amount: &str) -> Vec<(u16, String)> {
    postings(accounts().bank, kr(amount), d, &accounts())
        .unwrap()
        .into_iter()
        .map(|p| (p.account.number(), p.amount.to_string()))
        .collect()
}

#[test]
fn an_exact_ocr_payment_closes_its_invoice() {
    let mut b = Books::default().invoice(41, "1250", "Åsa Öberg");
    let ocr = ocr_reference(41);
    let d = decide(&mut b, &pay("1250", &[(RefKind::Ocr, &ocr)], None));
    assert_eq!(d.state, State::Matched);
    assert_eq!(d.allocations.len(), 1);
    assert!(d.allocations[0].closes);
    assert_eq!(
        d.reasons,
        vec![Reason::Ocr {
            text: ocr,
            invoice_no: 41
        }]
    );
    assert_eq!(
        rows(&d, "1250"),
        vec![(1930, "1 250,00".into()), (1510, "-1 250,00".into())]
    );
}

#[test]
fn forty_ore_short_is_rounding_and_closes() {
    let mut b = Books::default().invoice(7, "999.60", "X");
    let d = decide(
        &mut b,
        &pay("999.20", &[(RefKind::Ocr, &ocr_reference(7))], None),
    );
    assert_eq!(d.state, State::Matched);
    assert!(d.allocations[0].closes);
    assert_eq!(d.rounding, kr("-0.40"));
    assert_eq!(
        rows(&d, "999.20"),
        vec![
            (1930, "999,20".into()),
            (1510, "-999,60".into()),
            (3740, "0,40".into())
        ]
    );
}

#[test]
fn a_part_payment_leaves_the_rest_open_and_the_second_part_closes() {
    let mut b = Books::default().invoice(9, "1000", "X");
    let d = decide(
        &mut b,
        &pay("400", &[(RefKind::FreeText, "Faktura 9")], None),
    );
    assert_eq!(d.allocations[0].amount, kr("400"));
    assert!(!d.allocations[0].closes);
    assert_eq!(d.rounding, Money::ZERO);
    b.invoices.get_mut(&9).unwrap().open = kr("600");
    let d = decide(&mut b, &pay("600", &[(RefKind::FreeText, "fakt 9")], None));
    assert!(d.allocations[0].closes);
}

#[test]
fn one_payment_of_two_invoices_and_an_overpayment_is_credit() {
    let mut b = Books::default()
        .invoice(3, "100", "X")
        .invoice(4, "200", "X");
    let d = decide(
        &mut b,
        &pay("300", &[(RefKind::FreeText, "Fakturor 3 och 4")], None),
    );
    assert_eq!(d.allocations.len(), 2);
    assert!(d.allocations.iter().all(|a| a.closes));
    let d = decide(&mut b, &pay("350", &[(RefKind::FreeText, "3 4")], None));
    assert_eq!(d.credit, kr("50"));
    assert_eq!(
        rows(&d, "350"),
        vec![
            (1930, "350,00".into()),
            (1510, "-300,00".into()),
            (2420, "-50,00".into())
        ]
    );
}

#[test]
fn unknown_reference_is_obs_and_says_what_it_read() {
    let mut b = Books::default().invoice(3, "100", "X");
    let d = decide(
        &mut b,
        &pay("77", &[(RefKind::FreeText, "Faktura 999")], None),
    );
    assert_eq!(d.state, State::Obs);
    assert_eq!(
        d.reasons,
        vec![Reason::UnknownReference { text: "999".into() }]
    );
    assert_eq!(
        rows(&d, "77"),
        vec![(1930, "77,00".into()), (2999, "-77,00".into())]
    );
}

#[test]
fn an_order_not_yet_invoiced_makes_a_prepayment_applied_at_booking() {
    let mut b = Books::default();
    b.orders_not_invoiced.push(10_042);
    let d = decide(
        &mut b,
        &pay("500", &[(RefKind::FreeText, "order 10042")], None),
    );
    assert_eq!(d.state, State::Prepayment);
    assert_eq!(d.waiting_order, Some(10_042));
    assert_eq!(
        rows(&d, "500"),
        vec![(1930, "500,00".into()), (2420, "-500,00".into())]
    );
    let inv = Books::default().invoice(32_042, "500.50", "X").invoices[&32_042].clone();
    let d = apply_prepayment(kr("500"), &inv, tol());
    assert!(d.allocations[0].closes);
    assert_eq!(
        postings(accounts().prepayment, kr("500"), &d, &accounts()).unwrap(),
        vec![
            Posting {
                account: accounts().prepayment,
                amount: kr("500")
            },
            Posting {
                account: accounts().receivable,
                amount: kr("-500.50")
            },
            Posting {
                account: accounts().rounding,
                amount: kr("0.50")
            },
        ]
    );
}

#[test]
fn amount_and_payer_match_and_amount_alone_is_a_suggestion() {
    let mut b = Books::default()
        .invoice(5, "640", "Åsa Öberg")
        .invoice(6, "720", "Bo Ek");
    let d = decide(&mut b, &pay("640", &[], Some("ÖBERG ÅSA")));
    assert_eq!(d.state, State::Matched);
    let d = decide(&mut b, &pay("720", &[], Some("Someone Else")));
    assert_eq!(d.state, State::Suggested);
    assert_eq!(d.suggested_invoice, Some(6));
    assert_eq!(d.held, kr("720"));
    let d = decide(&mut b, &pay("1", &[], None));
    assert_eq!(d.reasons, vec![Reason::NoReference]);
}

#[test]
fn money_out_and_paid_invoices_go_to_obs() {
    let mut b = Books::default().invoice(8, "0", "X");
    let d = decide(&mut b, &pay("-50", &[], None));
    assert_eq!(d.reasons, vec![Reason::NotMoneyIn]);
    assert_eq!(
        rows(&d, "-50"),
        vec![(1930, "-50,00".into()), (2999, "50,00".into())]
    );
    let d = decide(
        &mut b,
        &pay("50", &[(RefKind::FreeText, "faktura 8")], None),
    );
    assert_eq!(d.reasons, vec![Reason::AlreadyPaid { invoice_no: 8 }]);
}

#[test]
fn clues_read_words_order_references_and_provider_ids() {
    let r = |t: &str| PaymentRef {
        kind: RefKind::FreeText,
        text: t.into(),
        amount: None,
    };
    let c = clues(&r("Ordernr 10042-1, klarna 7f9c2ab4-0000"));
    assert_eq!(
        c[0][0],
        Clue::OrderReference {
            text: "10042-1".into(),
            nr: 10042
        }
    );
    assert!(matches!(&c[1][0], Clue::ProviderId { .. }));
    let c = clues(&r("order 55"));
    assert_eq!(
        c[0][0],
        Clue::OrderNo {
            text: "55".into(),
            nr: 55
        }
    );
    let c = clues(&r("hej"));
    assert!(c.is_empty());
}

/// Two invoices named with the payer's own split (TK20 and a TK22 with its amount): each gets
/// its part, not "in order"; the rest of the first stays open, the second is closed.
#[test]
fn a_payers_split_between_invoices_is_followed() {
    let mut b = Books::default()
        .invoice(1, "600", "Kund")
        .invoice(2, "500", "Kund");
    let mut p = pay(
        "1000",
        &[
            (RefKind::Ocr, &ocr_reference(1)),
            (RefKind::Ocr, &ocr_reference(2)),
        ],
        None,
    );
    p.references[1].amount = Some(kr("500"));
    let d = decide(&mut b, &p);
    let got: Vec<(i64, Money, bool)> = d
        .allocations
        .iter()
        .map(|a| (a.invoice_no, a.amount, a.closes))
        .collect();
    assert_eq!(got, vec![(1, kr("500"), false), (2, kr("500"), true)]);
    // Without the split the first invoice is paid first.
    p.references[1].amount = None;
    let d = decide(&mut b, &p);
    assert_eq!(d.allocations[0].amount, kr("600"));
    // A split that does not add up to the payment is not followed.
    p.references[1].amount = Some(kr("500"));
    p.references[0].amount = Some(kr("100"));
    let d = decide(&mut b, &p);
    assert_eq!(d.allocations[0].amount, kr("600"));
}

#[test]
fn a_payouts_bank_credit_closes_it_and_books_nothing_more() {
    let mut b = Books::default().payout(7, "XISA93DJ", "9704.50", None);
    let p = pay(
        "9704.50",
        &[(RefKind::FreeText, "KLARNA UTBETALNING XISA93DJ")],
        None,
    );
    let d = decide(&mut b, &p);
    assert_eq!(d.state, State::Matched);
    assert_eq!(d.payout, Some(7));
    assert_eq!(d.settled, kr("9704.50"));
    assert_eq!(d.held, Money::ZERO);
    assert!(matches!(&d.reasons[0], Reason::Payout { reference, .. } if reference == "XISA93DJ"));
    // The payout's voucher booked the bank already: no rows at all.
    assert_eq!(rows(&d, "9704.50"), Vec::<(u16, String)>::new());
}

#[test]
fn a_payout_credited_with_another_amount_leaves_the_difference_on_obs() {
    let mut b = Books::default().payout(7, "XISA93DJ", "9704.50", None);
    let d = decide(
        &mut b,
        &pay("9714.50", &[(RefKind::FreeText, "XISA93DJ")], None),
    );
    assert_eq!(d.state, State::Obs);
    assert_eq!((d.settled, d.held), (kr("9704.50"), kr("10.00")));
    assert_eq!(
        rows(&d, "9714.50"),
        vec![(1930, "10,00".into()), (2999, "-10,00".into())]
    );
    // Less than the payout: OBS is debited with what is missing.
    let d = decide(
        &mut b,
        &pay("9700.00", &[(RefKind::FreeText, "XISA93DJ")], None),
    );
    assert_eq!(d.held, kr("-4.50"));
    assert_eq!(
        rows(&d, "9700.00"),
        vec![(1930, "-4,50".into()), (2999, "4,50".into())]
    );
}

#[test]
fn a_payout_closed_before_or_named_beside_an_invoice_goes_to_obs() {
    let mut b = Books::default()
        .payout(7, "XISA93DJ", "500", Some(3))
        .payout(8, "YQ7KM2PA", "500", None)
        .invoice(1, "500", "Kund");
    let d = decide(
        &mut b,
        &pay("500", &[(RefKind::FreeText, "XISA93DJ")], None),
    );
    assert_eq!(
        (d.state, d.settled, d.held),
        (State::Obs, Money::ZERO, kr("500"))
    );
    assert_eq!(
        d.reasons,
        vec![Reason::PayoutAlreadyClosed {
            reference: "XISA93DJ".into(),
            payment: 3
        }]
    );
    let d = decide(
        &mut b,
        &pay("500", &[(RefKind::FreeText, "YQ7KM2PA faktura 1")], None),
    );
    assert_eq!((d.state, d.settled), (State::Obs, Money::ZERO));
    assert_eq!(d.reasons, vec![Reason::SeveralTargets]);
}

proptest! {
    /// Matching never books more (or less) than was received, every voucher balances, and no
    /// invoice is credited beyond what is open on it; the rounding stays within the tolerance.
    #[test]
    fn matching_books_exactly_what_was_received(
        opens in prop::collection::vec(0i64..200_000, 1..6),
        named in prop::collection::vec(0usize..8, 0..4),
        amount in -10_000i64..600_000,
        tolerance in 0i64..300,
        free_text in any::<bool>(),
        payout in prop::option::of((1i64..600_000, any::<bool>())),
        split in prop::collection::vec(prop::option::of(-1_000i64..300_000), 0..4),
    ) {
        let mut b = Books::default();
        for (i, o) in opens.iter().enumerate() {
            b = b.invoice(i as i64 + 1, &Money::from_ore(*o).to_plain(), "Kund");
        }
        b.orders_not_invoiced.push(20_007);
        let mut refs: Vec<PaymentRef> = named
            .iter()
            .map(|n| PaymentRef {
                kind: if free_text { RefKind::FreeText } else { RefKind::Ocr },
                text: if free_text { format!("faktura {}", n + 1) } else { ocr_reference(*n as i64 + 1) },
                amount: None,
            })
            .collect();
        for (r, part) in refs.iter_mut().zip(&split) {
            r.amount = part.map(Money::from_ore);
        }
        if let Some((net, closed)) = payout {
            b = b.payout(1, "XISA93DJ", &Money::from_ore(net).to_plain(), closed.then_some(9));
            refs.push(PaymentRef { kind: RefKind::FreeText, text: "XISA93DJ".into(), amount: None });
        }
        let p = Payment { amount: Money::from_ore(amount), references: refs, payer: Payer::default() };
        let tol = Money::from_ore(tolerance);
        let Ok(d) = reconcile(&p, tol, &mut b);
        prop_assert_eq!(d.allocated() + d.rounding + d.credit + d.held + d.settled, p.amount);
        // Only an open payout is settled, and then by its net exactly.
        match (&payout, d.payout) {
            (Some((net, false)), Some(_)) => prop_assert_eq!(d.settled, Money::from_ore(*net)),
            (_, None) => prop_assert_eq!(d.settled, Money::ZERO),
            (_, Some(_)) => prop_assert!(false, "a closed payout was settled again"),
        }
        prop_assert!(d.rounding.abs_money() <= tol);
        for a in &d.allocations {
            let inv = &b.invoices[&a.invoice_no];
            prop_assert!(a.amount > Money::ZERO && a.amount <= inv.open);
            prop_assert_eq!(a.closes, a.amount == inv.open);
        }
        let acc = accounts();
        let rows = postings(acc.bank, p.amount, &d, &acc).expect("balances");
        let sum: Money = rows.iter().map(|r| r.amount).sum();
        prop_assert!(sum.is_zero());
        let credited: Money = rows.iter().filter(|r| r.account != acc.bank).map(|r| -r.amount).sum();
        prop_assert_eq!(credited, p.amount - d.settled);
        // By hand, to any invoice with something open: the same holds.
        if let Some(inv) = b.invoices.values().find(|i| i.open > Money::ZERO)
            && let Ok(d) = match_by_hand(p.amount, inv, tol)
        {
            prop_assert_eq!(d.allocated() + d.rounding + d.credit + d.held, p.amount);
            prop_assert!(d.allocated() <= inv.open);
            prop_assert!(postings(acc.unidentified, p.amount, &d, &acc).is_some());
        }
    }
}
