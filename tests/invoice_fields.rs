//! The invoice fields of ML 2023:200 17 kap. 24 § through the use cases on a real SQLite file:
//! the date of supply from the order's completion, an utlägg typed at the counter ("Utlägg: …"),
//! and booking a reverse-charge sale (refused without the buyer's VAT number).

use chrono::{Duration, Local, NaiveDate, Utc};
use serde_json::{Value, json};
use verkstad::app::config::Books;
use verkstad::app::customers::{CustomerChange, update_customer};
use verkstad::app::orders::{LineInput, save_line};
use verkstad::app::{AppError, InputField, import, ledger};
use verkstad::domain::{Lang, LineKind, Money, PaymentMethod, Status, VatRate};
use verkstad::store::Database;
use verkstad::store::prelude::*;

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn store() -> (tempfile::TempDir, Database) {
    let dir = tempfile::tempdir().unwrap();
    let s = Database::open(&dir.path().join("v.db")).unwrap();
    (dir, s)
}

fn import_one(s: &Database, record: Value) -> i64 {
    import::import_orders(
        s,
        "kassa1",
        &Value::Array(vec![record]).to_string(),
        today(),
    )
    .unwrap()[0]
}

/// An order with an address (FAKTURA needs one): labour 800 at 25 % and an utlägg of 450.
fn order(s: &Database, status: &str) -> i64 {
    import_one(
        s,
        json!({
            "customer": {"name": "Hansen Biler ApS", "street": "Vestergade 1",
                         "postal_code": "DK-1456", "city": "København"},
            "status": status,
            "lines": [
                {"kind": "arbete", "description": "Reparation", "quantity": 1, "unit_price": "800"},
                {"kind": "utlägg", "description": "Besiktningsavgift", "quantity": 1, "unit_price": "450"}
            ]
        }),
    )
}

fn money(s: &str) -> Money {
    Money::parse(s).unwrap()
}

/// Book `nr` with `method` as of `at` (the day the counter books it).
fn book_at(
    s: &Database,
    nr: i64,
    method: PaymentMethod,
    at: chrono::DateTime<Utc>,
) -> verkstad::app::Result<ledger::Booked> {
    s.write("kassa1", |w| {
        ledger::book_in(w, &Books::default(), nr, Some(method), false, at)
    })
}

#[test]
fn the_invoice_carries_the_day_the_work_was_done() {
    let (_d, s) = store();
    // Imported KLART: done at the import.
    let nr = order(&s, "KLART");
    let done = s.order(nr).unwrap().unwrap().order.completed_at.unwrap();
    assert!((Utc::now() - done).num_minutes() < 5);
    // Marked complete at the counter.
    let open = order(&s, "ÖPPEN");
    assert_eq!(s.order(open).unwrap().unwrap().order.completed_at, None);
    let marked = verkstad::app::mark_complete(&s, "kassa1", open).unwrap();
    assert!(marked.completed_at.is_some());
    // Stored to the second.
    assert_eq!(
        s.order(open)
            .unwrap()
            .unwrap()
            .order
            .completed_at
            .map(|t| t.timestamp()),
        marked.completed_at.map(|t| t.timestamp())
    );

    // Booked three days later: the invoice says when the work was done.
    let later = Utc::now() + Duration::days(3);
    let b = book_at(&s, nr, PaymentMethod::Faktura, later).unwrap();
    let inv = &b.invoice.invoice;
    let done_day = done.with_timezone(&Local).date_naive();
    assert_eq!(inv.supply_date, Some(done_day));
    assert_ne!(inv.date, done_day);
    let text = ledger::text(inv, Lang::Sv, verkstad::domain::DbKind::Real);
    let supplied = text
        .lines()
        .find(|l| l.contains("Leveransdatum"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(supplied.contains(&done_day.to_string()), "{text}");
    // Booked the same day: no date of supply printed.
    let b = book_at(&s, open, PaymentMethod::Faktura, Utc::now()).unwrap();
    let text = ledger::text(&b.invoice.invoice, Lang::Sv, verkstad::domain::DbKind::Real);
    assert!(!text.contains("Leveransdatum"), "{text}");

    // An utlägg is booked on 1680, never as revenue; the credit takes it back exactly.
    let rows: Vec<(u16, Money)> = b
        .voucher
        .rows
        .iter()
        .map(|p| (p.account.number(), p.amount))
        .collect();
    assert_eq!(
        rows,
        vec![
            (1510, money("1450")),
            (3041, money("-800")),
            (1680, money("-450")),
            (2611, money("-200")),
        ]
    );
    let c = s
        .write("kassa1", |w| {
            ledger::credit_in(w, &Books::default(), open, None, Utc::now())
        })
        .unwrap();
    assert_eq!(
        c.invoice.invoice.supply_date, None,
        "the credit refers to its original"
    );
    let back: Vec<(u16, Money)> = c
        .voucher
        .rows
        .iter()
        .map(|p| (p.account.number(), -p.amount))
        .collect();
    assert_eq!(back, rows);
}

#[test]
fn a_reverse_charge_sale_is_invoiced_without_swedish_vat() {
    let (_d, s) = store();
    let nr = order(&s, "KLART");
    let no = s.order(nr).unwrap().unwrap().customer.customer_no;
    // Reverse charge without the buyer's VAT number is refused at the customer…
    let change = CustomerChange {
        reverse_charge: Some("ja".into()),
        ..CustomerChange::default()
    };
    let err = update_customer(&s, "kassa1", no, &change, today()).unwrap_err();
    assert_eq!(err.field(), Some(InputField::VatNo));
    assert!(err.message(Lang::Sv).contains("momsregistreringsnummer"));
    // …and, should the store hold one anyway, at booking.
    let mut c = s.customer(no).unwrap().unwrap();
    c.reverse_charge = true;
    s.write("kassa1", |w| w.update_customer(&c)).unwrap();
    let err = book_at(&s, nr, PaymentMethod::Faktura, Utc::now()).unwrap_err();
    let msg = err.message(Lang::Sv);
    assert!(
        msg.contains("momsregistreringsnummer") && msg.contains(&no.to_string()),
        "{msg}"
    );
    assert_eq!(s.order(nr).unwrap().unwrap().order.status, Status::Complete);

    let change = CustomerChange {
        vat_no: Some("dk 1234 5678".into()),
        reverse_charge: Some("ja".into()),
        ..CustomerChange::default()
    };
    let c = update_customer(&s, "kassa1", no, &change, today()).unwrap();
    assert_eq!(c.vat_no.unwrap().as_str(), "DK12345678");
    // A bad VAT number is refused at its field.
    let change = CustomerChange {
        vat_no: Some("DK1".into()),
        ..CustomerChange::default()
    };
    let err = update_customer(&s, "kassa1", no, &change, today()).unwrap_err();
    assert_eq!(err.field(), Some(InputField::VatNo));
    let change = CustomerChange {
        reverse_charge: Some("kanske".into()),
        ..CustomerChange::default()
    };
    let err = update_customer(&s, "kassa1", no, &change, today()).unwrap_err();
    assert_eq!(err.field(), Some(InputField::ReverseCharge));

    // The order keeps its VAT on the screen; the invoice, what is booked, carries none.
    assert_eq!(s.order(nr).unwrap().unwrap().totals.total, money("1450"));
    let b = book_at(&s, nr, PaymentMethod::Kort, Utc::now()).unwrap();
    let inv = &b.invoice.invoice;
    assert!(inv.reverse_charge);
    assert_eq!(inv.buyer.vat_no.as_deref(), Some("DK12345678"));
    assert!(inv.lines.iter().all(|l| l.line.vat == VatRate::R0));
    assert_eq!(
        (inv.vat, inv.total, inv.to_pay),
        (Money::ZERO, money("1250"), money("1250"))
    );
    let rows: Vec<(u16, Money)> = b
        .voucher
        .rows
        .iter()
        .map(|p| (p.account.number(), p.amount))
        .collect();
    assert_eq!(
        rows,
        vec![
            (1580, money("1250")),
            (3308, money("-800")),
            (1680, money("-450"))
        ]
    );
    // A partial credit of the labour only: 3308 back, no VAT anywhere.
    let c = s
        .write("kassa1", |w| {
            ledger::credit_in(w, &Books::default(), nr, Some(&[1]), Utc::now())
        })
        .unwrap();
    assert!(c.invoice.invoice.reverse_charge);
    let rows: Vec<(u16, Money)> = c
        .voucher
        .rows
        .iter()
        .map(|p| (p.account.number(), p.amount))
        .collect();
    assert_eq!(rows, vec![(1580, money("-800")), (3308, money("800"))]);
}

#[test]
fn the_counter_types_an_utlagg_as_utlagg_colon_text() {
    let (_d, s) = store();
    let nr = order(&s, "ÖPPEN");
    let version = s.order(nr).unwrap().unwrap().order.version;
    let input = |what: &str, discount: &str| LineInput {
        article_or_text: what.into(),
        quantity: "1".into(),
        unit_price: "1 200".into(),
        discount: discount.into(),
    };
    let o = save_line(
        &s,
        "kassa1",
        nr,
        version,
        None,
        &input("Utlägg: Bärgning", ""),
    )
    .unwrap();
    let l = o.lines.last().unwrap();
    assert_eq!(
        (l.kind, l.description.as_str(), l.vat),
        (LineKind::Utlagg, "Bärgning", VatRate::R0)
    );
    // In any case, and in English.
    let o = save_line(
        &s,
        "kassa1",
        nr,
        o.version,
        None,
        &input("disbursement:Taxi", ""),
    )
    .unwrap();
    assert_eq!(o.lines.last().unwrap().kind, LineKind::Utlagg);
    // A discount is refused at its field.
    let err = save_line(
        &s,
        "kassa1",
        nr,
        o.version,
        None,
        &input("Utlägg: Färja", "10"),
    )
    .unwrap_err();
    assert_eq!(err.field(), Some(InputField::Discount));
    assert!(matches!(err, AppError::Field { .. }));
    // Without the word, a free text stays a part line.
    let o = save_line(
        &s,
        "kassa1",
        nr,
        o.version,
        None,
        &input("Utläggning av golv", ""),
    )
    .unwrap();
    assert_eq!(o.lines.last().unwrap().kind, LineKind::Artikel);
    assert_eq!(s.order(nr).unwrap().unwrap().order.lines.len(), 5);
}
