//! Reconciliation of incoming payments (issue 14) over a real SQLite file: BgMax and camt.054
//! files written here, imported through the workshop; the invoices paid, the vouchers to the
//! öre (1930, 1510, 3740, 2420, 2999), the work list, matching by hand, OBS, a prepayment
//! matched when its invoice is booked, the same file twice, a corrupted file, the SIE export.

mod common;

use chrono::NaiveDate;
use common::bankfile::{Pay, bgmax, camt};
use serde_json::{Value, json};
use verkstad::app::config::{Books, Config};
use verkstad::app::{Workshop, import, ledger};
use verkstad::domain::ledger::{Voucher, ocr_reference};
use verkstad::domain::reconcile::{Reason, State};
use verkstad::domain::{Lang, Money, PaymentMethod};
use verkstad::store::Database;
use verkstad::store::prelude::*;

fn kr(s: &str) -> Money {
    Money::parse(s).unwrap()
}

struct Shop {
    _dir: tempfile::TempDir,
    db: Database,
    shop: Workshop,
}

fn shop() -> Shop {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("verkstad.db");
    let db = Database::open(&path).unwrap();
    let shop = Workshop::with_store(
        Database::open(&path).unwrap(),
        path.clone(),
        Config::default(),
        None,
        "kassa1",
    );
    Shop {
        _dir: dir,
        db,
        shop,
    }
}

impl Shop {
    /// A KLART order of one labour line (`net` excl. 25 % VAT) for `name`; its number.
    fn order(&self, name: &str, net: &str) -> i64 {
        let record = json!({
            "customer": {"name": name, "street": "Storgatan 1", "postal_code": "123 45", "city": "Storstad"},
            "status": "KLART",
            "lines": [{"kind": "arbete", "description": "Service", "quantity": 1, "unit_price": net}]
        });
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        import::import_orders(
            &self.db,
            "test",
            &Value::Array(vec![record]).to_string(),
            today,
        )
        .unwrap()[0]
    }

    fn book(&self, nr: i64) -> i64 {
        let b = ledger::book(
            &self.db,
            "test",
            &Books::default(),
            nr,
            Some(PaymentMethod::Faktura),
            false,
        )
        .unwrap();
        b.invoice.invoice.no
    }

    /// A FAKTURA invoice for `name` of `net` + 25 %: (order nr, invoice no).
    fn invoice(&self, name: &str, net: &str) -> (i64, i64) {
        let nr = self.order(name, net);
        (nr, self.book(nr))
    }

    fn voucher(&self, no: i64) -> Voucher {
        self.db.voucher(no).unwrap().unwrap()
    }

    fn rows(&self, no: i64) -> Vec<(u16, String)> {
        self.voucher(no)
            .rows
            .iter()
            .map(|p| (p.account.number(), p.amount.to_string()))
            .collect()
    }

    fn vouchers(&self) -> Vec<Voucher> {
        common::books::vouchers(&self.db)
    }

    /// What the vouchers have put on `account`, in total.
    fn balance(&self, account: u16) -> Money {
        common::books::balance(&self.db, account)
    }

    fn paid(&self, invoice: i64) -> (Money, Option<NaiveDate>) {
        let p = self.shop.invoice_paid(invoice).unwrap().unwrap();
        (p.received, p.paid_on)
    }
}

#[test]
fn an_exact_ocr_payment_in_bgmax_pays_its_invoice() {
    let s = shop();
    let (_, no) = s.invoice("Åsa Öberg", "1000");
    let file = bgmax(
        "2026113007",
        "20261127",
        0,
        &[Pay::ocr(125_000, &ocr_reference(no))],
    );
    let out = s.shop.import_bank_bytes(&file, Some("bg.txt")).unwrap();
    assert!(!out.already_imported);
    assert_eq!(out.payments.len(), 1);
    let p = &out.payments[0];
    assert_eq!(p.state, State::Matched);
    assert_eq!(
        p.decision.reasons,
        vec![Reason::Ocr {
            text: ocr_reference(no),
            invoice_no: no
        }]
    );
    assert_eq!(
        s.rows(p.voucher_no.unwrap()),
        vec![(1930, "1 250,00".into()), (1510, "-1 250,00".into())]
    );
    let v = s.voucher(p.voucher_no.unwrap());
    assert_eq!(v.date, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
    assert_eq!(
        s.paid(no),
        (kr("1250"), NaiveDate::from_ymd_opt(2026, 11, 27))
    );
    let receipts = s.shop.invoice_paid(no).unwrap().unwrap().receipts;
    assert_eq!(receipts[0].source, "bankgiro");
    assert_eq!(s.balance(1510), Money::ZERO, "the receivable is cleared");
    let stored = s.shop.payment(p.id).unwrap();
    assert_eq!(stored.invoices, vec![no]);
    assert!(
        stored.standing.reasons[0]
            .message(Lang::Sv)
            .contains(&format!("faktura {no}"))
    );
}

#[test]
fn forty_ore_short_is_booked_on_3740_and_closes_the_invoice() {
    let s = shop();
    let (_, no) = s.invoice("Bo Ek", "1000");
    let file = camt(
        "C-1",
        "2026-11-27",
        &[Pay::ocr(124_960, &ocr_reference(no))],
    );
    let out = s.shop.import_bank_bytes(&file, None).unwrap();
    let p = &out.payments[0];
    assert_eq!(p.state, State::Matched);
    assert_eq!(
        s.rows(p.voucher_no.unwrap()),
        vec![
            (1930, "1 249,60".into()),
            (1510, "-1 250,00".into()),
            (3740, "0,40".into())
        ]
    );
    let (received, paid_on) = s.paid(no);
    assert_eq!(received, kr("1250"));
    assert!(paid_on.is_some());
    assert_eq!(
        s.shop.invoice_paid(no).unwrap().unwrap().receipts[0].source,
        "camt054"
    );
}

#[test]
fn one_invoice_paid_in_two_parts_and_two_invoices_in_one_payment() {
    let s = shop();
    let (_, a) = s.invoice("Cecilia Al", "1000");
    let first = bgmax(
        "2026113001",
        "20261125",
        0,
        &[Pay::text(50_000, &format!("Faktura {a}"))],
    );
    let out = s.shop.import_bank_bytes(&first, None).unwrap();
    assert_eq!(out.payments[0].state, State::Matched);
    assert!(!out.payments[0].decision.allocations[0].closes);
    assert_eq!(s.paid(a), (kr("500"), None), "the rest stays open");
    let second = camt("C-2", "2026-11-28", &[Pay::ocr(75_000, &ocr_reference(a))]);
    s.shop.import_bank_bytes(&second, None).unwrap();
    assert_eq!(
        s.paid(a),
        (kr("1250"), NaiveDate::from_ymd_opt(2026, 11, 28))
    );

    let (_, b) = s.invoice("Dan Berg", "100");
    let (_, c) = s.invoice("Dan Berg", "200");
    let both = bgmax(
        "2026113002",
        "20261127",
        100,
        &[Pay::text(37_500, &format!("Fakt {b} och {c}"))],
    );
    let out = s.shop.import_bank_bytes(&both, None).unwrap();
    let p = &out.payments[0];
    assert_eq!(p.decision.allocations.len(), 2);
    assert_eq!(
        s.rows(p.voucher_no.unwrap()),
        vec![(1930, "375,00".into()), (1510, "-375,00".into())]
    );
    assert!(s.paid(b).1.is_some() && s.paid(c).1.is_some());
    assert_eq!(s.balance(1510), Money::ZERO);
}

#[test]
fn unknown_reference_goes_to_obs_and_is_matched_by_hand() {
    let s = shop();
    let (_, no) = s.invoice("Eva Ström", "400");
    // 499,90 kr: no open invoice asks exactly that, so no suggestion either.
    let file = bgmax(
        "2026113003",
        "20261127",
        0,
        &[Pay::text(49_990, "Faktura 999")],
    );
    let out = s.shop.import_bank_bytes(&file, None).unwrap();
    let p = &out.payments[0];
    assert_eq!(p.state, State::Obs);
    assert_eq!(
        p.decision.reasons,
        vec![Reason::UnknownReference { text: "999".into() }]
    );
    assert_eq!(
        s.rows(p.voucher_no.unwrap()),
        vec![(1930, "499,90".into()), (2999, "-499,90".into())]
    );
    let list = s.shop.incoming_payments(true, 10).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].id, p.id);
    // By hand: OBS 2999 → 1510, the 0,10 short within the tolerance on 3740.
    let r = s.shop.match_payment(p.id, no).unwrap();
    assert_eq!(r.payment.standing.state, State::Matched);
    assert_eq!(
        s.rows(r.voucher_no.unwrap()),
        vec![
            (2999, "499,90".into()),
            (1510, "-500,00".into()),
            (3740, "0,10".into())
        ]
    );
    assert_eq!(s.balance(2999), Money::ZERO);
    assert!(s.paid(no).1.is_some());
    assert!(s.shop.incoming_payments(true, 10).unwrap().is_empty());
    // Matched stays matched.
    let e = s.shop.match_payment(p.id, no).unwrap_err();
    assert!(e.message(Lang::Sv).contains("redan avprickad"), "{e}");
    let e = s.shop.obs_payment(p.id).unwrap_err();
    assert!(e.message(Lang::En).contains("already matched"), "{e}");
    let events =
        s.db.audit_events("incoming_payment", &p.id.to_string())
            .unwrap();
    assert_eq!(events.len(), 1);
}

#[test]
fn a_suggestion_by_amount_is_accepted_or_moved_to_obs() {
    let s = shop();
    let (_, no) = s.invoice("Fia Lind", "80");
    let (_, other) = s.invoice("Gustav Ny", "96");
    let file = bgmax(
        "2026113004",
        "20261127",
        0,
        &[
            Pay::text(10_000, "tack").named("NÅGON ANNAN"),
            Pay::text(12_000, "tack").named("NÅGON ANNAN"),
            Pay::text(12_000, "hej").named("NY GUSTAV"),
        ],
    );
    let out = s.shop.import_bank_bytes(&file, None).unwrap();
    assert_eq!(out.payments[0].state, State::Suggested);
    assert_eq!(out.payments[0].decision.suggested_invoice, Some(no));
    // The third: amount and payer (words in any order) fit exactly one invoice.
    assert_eq!(out.payments[2].state, State::Matched);
    assert_eq!(out.payments[2].decision.allocations[0].invoice_no, other);
    let list = s.shop.incoming_payments(false, 10).unwrap();
    assert_eq!(
        list[0].standing.state,
        State::Suggested,
        "suggestions first"
    );
    let r = s.shop.accept_suggestion(out.payments[0].id).unwrap();
    assert_eq!(r.invoices, vec![no]);
    // The second was a suggestion too, until the third paid its invoice first: move it to OBS.
    let second = s.shop.payment(out.payments[1].id).unwrap();
    assert_eq!(second.standing.state, State::Suggested);
    let r = s.shop.obs_payment(second.id).unwrap();
    assert_eq!(r.payment.standing.state, State::Obs);
    assert_eq!(r.voucher_no, None, "its money is on OBS already");
    assert_eq!(s.balance(2999), kr("-120"));
}

#[test]
fn a_payment_before_its_invoice_is_a_prepayment_matched_when_booked() {
    let s = shop();
    let nr = s.order("Hanna Sjö", "800");
    let file = camt(
        "C-3",
        "2026-11-26",
        &[Pay::text(100_000, &format!("Order {nr} kortbetalning"))],
    );
    let out = s.shop.import_bank_bytes(&file, None).unwrap();
    let p = &out.payments[0];
    assert_eq!(p.state, State::Prepayment);
    assert_eq!(
        s.rows(p.voucher_no.unwrap()),
        vec![(1930, "1 000,00".into()), (2420, "-1 000,00".into())]
    );
    let no = s.book(nr);
    let stored = s.shop.payment(p.id).unwrap();
    assert_eq!(stored.standing.state, State::Matched);
    assert_eq!(stored.invoices, vec![no]);
    assert_eq!(s.balance(2420), Money::ZERO);
    assert_eq!(s.balance(1510), Money::ZERO);
    assert!(s.paid(no).1.is_some());
    assert!(
        stored
            .standing
            .reasons
            .contains(&Reason::PrepaymentApplied { invoice_no: no })
    );
}

#[test]
fn the_same_file_twice_and_the_same_entries_in_another_file_change_nothing() {
    let s = shop();
    let (_, no) = s.invoice("Ivar Ås", "1000");
    let file = bgmax(
        "2026113005",
        "20261127",
        0,
        &[Pay::ocr(125_000, &ocr_reference(no))],
    );
    s.shop.import_bank_bytes(&file, None).unwrap();
    let before = s.vouchers().len();
    let again = s.shop.import_bank_bytes(&file, None).unwrap();
    assert!(again.already_imported);
    assert!(again.payments.is_empty());
    // Another file (another TK01 timestamp) with the same entry: skipped.
    let other = bgmax(
        "2026113006",
        "20261127",
        0,
        &[Pay::ocr(125_000, &ocr_reference(no))],
    );
    let out = s.shop.import_bank_bytes(&other, None).unwrap();
    assert!(!out.already_imported);
    assert_eq!((out.payments.len(), out.known_entries), (0, 1));
    assert_eq!(s.vouchers().len(), before);
    assert_eq!(s.paid(no).0, kr("1250"));
}

#[test]
fn a_corrupted_file_writes_nothing_and_names_the_line() {
    let s = shop();
    let (_, no) = s.invoice("Jon Ek", "1000");
    let mut file = bgmax(
        "2026113007",
        "20261127",
        0,
        &[Pay::ocr(125_000, &ocr_reference(no))],
    );
    // Line 3 (TK20): a letter in the amount.
    let at = 2 * 82 + 45;
    file[at] = b'X';
    let before = s.vouchers().len();
    let e = s.shop.import_bank_bytes(&file, None).unwrap_err();
    assert!(e.message(Lang::Sv).starts_with("rad 3 (TK20)"), "{e}");
    assert!(e.message(Lang::En).starts_with("line 3 (TK20)"), "{e}");
    assert_eq!(s.vouchers().len(), before);
    assert!(s.shop.incoming_payments(false, 10).unwrap().is_empty());
    assert_eq!(s.paid(no).0, Money::ZERO);
}

#[test]
fn the_sie_export_carries_the_payment_vouchers() {
    let s = shop();
    let (_, no) = s.invoice("Kim Berg", "1000");
    let nr = s.order("Lo Dahl", "100");
    let file = bgmax(
        "2026113008",
        "20261127",
        0,
        &[
            Pay::ocr(124_960, &ocr_reference(no)),
            Pay::text(5_000, "okänd"),
            Pay::text(12_500, &format!("order {nr}")),
        ],
    );
    s.shop.import_bank_bytes(&file, None).unwrap();
    let from = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let to = NaiveDate::from_ymd_opt(2099, 12, 31).unwrap();
    let (bytes, n) = ledger::export_sie(&s.db, &Books::default(), from, to, to).unwrap();
    assert_eq!(n, s.vouchers().len());
    let items: Vec<sie4::Item> = sie4::Reader::new(&bytes[..])
        .collect::<Result<_, _>>()
        .expect("sie4 reads the file");
    let konton: Vec<u32> = items
        .iter()
        .filter_map(|i| match i {
            sie4::Item::Konto(k) => Some(k.no),
            _ => None,
        })
        .collect();
    for a in [1510, 1930, 2420, 2999, 3740] {
        assert!(konton.contains(&a), "#KONTO {a}: {konton:?}");
    }
    assert_eq!(s.balance(1930), kr("1424.60"));
}

/// An invoice credited in part asks only the rest: paying the rest pays it, for
/// reconciliation, for `invoice_paid` and for the order list's paid columns alike.
#[test]
fn an_invoice_credited_in_part_is_paid_by_the_rest() {
    let s = shop();
    let record = json!({
        "customer": {"name": "Bo Ek", "street": "Storgatan 1", "postal_code": "123 45", "city": "Storstad"},
        "status": "KLART",
        "lines": [
            {"kind": "arbete", "description": "Service", "quantity": 1, "unit_price": "1000"},
            {"kind": "artikel", "description": "Torkarblad", "quantity": 1, "unit_price": "200"}
        ]
    });
    let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    let nr = import::import_orders(
        &s.db,
        "test",
        &Value::Array(vec![record]).to_string(),
        today,
    )
    .unwrap()[0];
    let no = s.book(nr); // 1 500,00
    ledger::credit(&s.db, "test", &Books::default(), nr, Some(&[2])).unwrap(); // −250,00
    let file = camt(
        "C-9",
        "2026-11-27",
        &[Pay::ocr(125_000, &ocr_reference(no))],
    );
    let out = s.shop.import_bank_bytes(&file, None).unwrap();
    assert_eq!(out.payments[0].state, State::Matched);
    let (received, paid_on) = s.paid(no);
    assert_eq!(received, kr("1250"));
    assert!(paid_on.is_some(), "the rest after the credit pays it");
    let row =
        s.db.list_orders(&verkstad::store::ListQuery {
            limit: 10,
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .find(|o| o.nr == nr)
        .unwrap();
    assert_eq!(row.invoice_paid, Some(true));
    assert_eq!(row.invoice_paid_at, paid_on);
}

/// The counter screen's reconciliation effects (F12) call the workshop: a file imported from its
/// path, the list read, an invoice looked up, a suggestion accepted, a payment matched by hand
/// and one moved to OBS — each answered with the payments read again and a message.
#[test]
fn the_screens_effects_run_the_workshops_use_cases() {
    use verkstad::tui::model::{Effect, Event};
    use verkstad::tui::worker::reconcile::apply;

    let s = shop();
    let (_, suggested) = s.invoice("Fia Lind", "80");
    let (_, by_hand) = s.invoice("Olle Berg", "400");
    // Another invoice of 500 kr: the payment of 500 kr by a third payer fits neither alone.
    s.invoice("Stina Berg", "400");
    let nr = s.order("Hanna Sjö", "800");
    let file = bgmax(
        "2026113010",
        "20261127",
        0,
        &[
            Pay::text(10_000, "tack").named("NÅGON ANNAN"),
            Pay::text(50_000, "okänd 231").named("OLLE BERG AB"),
            Pay::text(100_000, &format!("order {nr}")),
        ],
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bgmax.txt");
    std::fs::write(&path, &file).unwrap();
    let w = &s.shop;
    let rows = |out: &[Event]| -> Vec<(i64, State)> {
        out.iter()
            .find_map(|e| match e {
                Event::PaymentsLoaded(rows) => Some(
                    rows.iter()
                        .map(|p| (p.id, p.standing.state))
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            })
            .expect("the payments read again")
    };
    let done = |out: &[Event]| -> (String, bool) {
        out.iter()
            .find_map(|e| match e {
                Event::Done { text, error } => Some((text.clone(), *error)),
                _ => None,
            })
            .expect("a message")
    };

    // I: imported from its path; the form closes, the list and the outcome come back.
    let out = apply(w, Lang::Sv, &Effect::ImportBankFile(path.clone())).unwrap();
    assert!(matches!(out[0], Event::FormSaved), "{out:?}");
    assert_eq!(
        rows(&out),
        vec![
            (1, State::Suggested),
            (2, State::Obs),
            (3, State::Prepayment)
        ]
    );
    assert_eq!(
        done(&out),
        (
            "3 betalningar: 0 avprickade, 1 förslag, 1 OBS, 1 förskott".into(),
            false
        )
    );
    // The same file again changes nothing and says so.
    let out = apply(w, Lang::Sv, &Effect::ImportBankFile(path)).unwrap();
    assert!(done(&out).0.contains("är redan inläst"), "{out:?}");
    // A file that cannot be read: said at the form's field.
    let out = apply(
        w,
        Lang::Sv,
        &Effect::ImportBankFile(dir.path().join("saknas.txt")),
    )
    .unwrap();
    assert!(
        matches!(&out[..], [Event::FormFailed { text, .. }] if text.contains("saknas.txt")),
        "{out:?}"
    );

    // F12 / Ctrl+R: the list.
    let out = apply(w, Lang::Sv, &Effect::LoadPayments).unwrap();
    assert_eq!(rows(&out).len(), 3);

    // Enter: the suggestion accepted.
    let out = apply(w, Lang::Sv, &Effect::AcceptSuggestion(1)).unwrap();
    assert_eq!(rows(&out)[0], (2, State::Obs), "the work list first");
    assert!(done(&out).0.contains(&format!("faktura {suggested}")));
    assert_eq!(s.shop.payment(1).unwrap().standing.state, State::Matched);
    // Enter again: it has no suggestion now.
    let out = apply(w, Lang::Sv, &Effect::AcceptSuggestion(1)).unwrap();
    assert!(done(&out).1, "{out:?}");

    // M: the invoice looked up (buyer, open), then matched.
    let out = apply(
        w,
        Lang::Sv,
        &Effect::FindInvoice {
            payment: 2,
            invoice: by_hand,
        },
    )
    .unwrap();
    match &out[..] {
        [Event::InvoiceFound { payment, invoice }] => {
            assert_eq!(*payment, 2);
            assert_eq!(invoice.buyer, "Olle Berg");
            assert_eq!(invoice.open, kr("500"));
        }
        other => panic!("{other:?}"),
    }
    let unknown = apply(
        w,
        Lang::Sv,
        &Effect::FindInvoice {
            payment: 2,
            invoice: 999,
        },
    )
    .unwrap();
    assert!(
        matches!(&unknown[..], [Event::FormFailed { text, .. }] if text.contains("Faktura 999")),
        "{unknown:?}"
    );
    let out = apply(
        w,
        Lang::Sv,
        &Effect::MatchPayment {
            payment: 2,
            invoice: by_hand,
        },
    )
    .unwrap();
    assert!(matches!(out[0], Event::FormSaved), "{out:?}");
    assert!(rows(&out).contains(&(2, State::Matched)));
    assert_eq!(s.paid(by_hand).0, kr("500"));
    // The invoice is paid now: looking it up says so at the field.
    let out = apply(
        w,
        Lang::Sv,
        &Effect::FindInvoice {
            payment: 3,
            invoice: by_hand,
        },
    )
    .unwrap();
    assert!(
        matches!(&out[..], [Event::FormFailed { text, .. }] if text.contains("redan betald")),
        "{out:?}"
    );

    // O: the prepayment moved to OBS (2420 → 2999).
    let out = apply(w, Lang::Sv, &Effect::ObsPayment(3)).unwrap();
    assert_eq!(rows(&out)[0], (3, State::Obs));
    assert!(done(&out).0.contains("OBS-kontot"), "{out:?}");
    assert_eq!(s.balance(2420), Money::ZERO);
    assert_eq!(s.balance(2999), kr("-1000"));
    // Not the screen's effect: not handled here.
    assert!(apply(w, Lang::Sv, &Effect::LoadDisputes).is_none());
}
