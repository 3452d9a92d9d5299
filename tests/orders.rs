//! Order use cases of the counter screen on a real SQLite file: new order (find or create the
//! customer and vehicle) and line editing with optimistic concurrency.

use chrono::NaiveDate;
use verkstad::app::orders::{LineInput, NewOrderInput, create_order, delete_line, save_line};
use verkstad::domain::{Status, Totals};
use verkstad::store::Database;
use verkstad::store::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn store() -> (tempfile::TempDir, Database) {
    let dir = tempfile::tempdir().unwrap();
    let s = Database::open(&dir.path().join("v.db")).unwrap();
    (dir, s)
}

fn new_customer(name: &str, mobile: &str, regnr: &str) -> NewOrderInput {
    NewOrderInput {
        name: name.into(),
        mobile: mobile.into(),
        regnr: regnr.into(),
        make_model: "Volvo V70".into(),
        ..NewOrderInput::default()
    }
}

fn line(what: &str, qty: &str, price: &str) -> LineInput {
    LineInput {
        article_or_text: what.into(),
        quantity: qty.into(),
        unit_price: price.into(),
        discount: String::new(),
    }
}

#[test]
fn a_new_order_for_a_new_customer_and_vehicle() {
    let (_d, s) = store();
    let nr = create_order(
        &s,
        "kassa1",
        &new_customer("Åsa Öberg", "070-123 45 67", "abc 123"),
        today(),
    )
    .unwrap();
    assert_eq!(nr, 10001);
    let d = s.order(nr).unwrap().unwrap();
    assert_eq!(d.order.status, Status::Open);
    assert_eq!(d.customer.name, "Åsa Öberg");
    assert_eq!(d.customer.mobile.unwrap().as_str(), "+46701234567");
    let v = d.vehicle.unwrap();
    assert_eq!(
        (v.regnr.as_str(), v.make.as_str(), v.model.as_str()),
        ("ABC123", "Volvo", "V70")
    );
}

#[test]
fn the_customer_is_found_by_number_name_or_mobile() {
    let (_d, s) = store();
    create_order(
        &s,
        "k",
        &new_customer("Åsa Öberg", "0701234567", ""),
        today(),
    )
    .unwrap();
    create_order(
        &s,
        "k",
        &new_customer("Åsa Lind", "0731112233", ""),
        today(),
    )
    .unwrap();
    for find in ["10001", "öberg", "070-123 45 67"] {
        let input = NewOrderInput {
            find: find.into(),
            ..NewOrderInput::default()
        };
        let nr = create_order(&s, "k", &input, today()).unwrap();
        assert_eq!(
            s.order(nr).unwrap().unwrap().customer.customer_no,
            10001,
            "{find}"
        );
    }
    let several = NewOrderInput {
        find: "åsa".into(),
        ..NewOrderInput::default()
    };
    let err = create_order(&s, "k", &several, today())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("Flera kunder matchar: 10001 Åsa Öberg, 10002 Åsa Lind"),
        "{err}"
    );
    let none = NewOrderInput {
        find: "zzz".into(),
        ..NewOrderInput::default()
    };
    assert!(
        create_order(&s, "k", &none, today())
            .unwrap_err()
            .to_string()
            .contains("Ingen kund matchar")
    );
    let bad = new_customer("Per", "08-123 45 67", "");
    assert!(
        create_order(&s, "k", &bad, today())
            .unwrap_err()
            .to_string()
            .contains("inte ett svenskt mobilnummer")
    );
    assert_eq!(s.counts().unwrap().2, 5, "refused orders wrote nothing");
}

#[test]
fn lines_are_added_changed_and_removed_with_the_register_and_versions() {
    let (_d, s) = store();
    let nr = create_order(
        &s,
        "k",
        &new_customer("Åsa Öberg", "0701234567", ""),
        today(),
    )
    .unwrap();
    let v1 = s.order(nr).unwrap().unwrap().order.version;
    let o = save_line(&s, "k", nr, v1, None, &line("Service", "1,5", "895")).unwrap();
    let o = save_line(
        &s,
        "k",
        nr,
        o.version,
        None,
        &line("Oljefilter", "1", "189"),
    )
    .unwrap();
    assert_eq!(Totals::of(&o.lines).total.to_string(), "1 914,38");

    // A screen that shows an older version cannot overwrite the newer one.
    let err = save_line(&s, "k", nr, v1, Some(0), &line("Service", "3", "895")).unwrap_err();
    assert!(err.to_string().contains("ändrats av någon annan"), "{err}");
    assert_eq!(
        s.order(nr).unwrap().unwrap().order.lines[0]
            .quantity
            .to_string(),
        "1,5"
    );

    // Change, bad input, delete.
    let o = save_line(
        &s,
        "k",
        nr,
        o.version,
        Some(1),
        &line("Oljefilter", "2", "189"),
    )
    .unwrap();
    assert_eq!(o.lines[1].quantity.to_string(), "2");
    let err = save_line(
        &s,
        "k",
        nr,
        o.version,
        None,
        &line("Torkarblad", "-1", "99"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("större än noll"), "{err}");
    let err = save_line(&s, "k", nr, o.version, None, &line("Torkarblad", "1", "")).unwrap_err();
    assert!(err.to_string().contains("à-pris saknas"), "{err}");
    let o = delete_line(&s, "k", nr, o.version, 0).unwrap();
    assert_eq!(o.lines.len(), 1);
    assert_eq!(o.lines[0].description, "Oljefilter");
    assert!(delete_line(&s, "k", nr, o.version, 5).is_err());
}

#[test]
fn a_locked_order_refuses_line_changes() {
    let (_d, s) = store();
    let nr = create_order(
        &s,
        "k",
        &new_customer("Åsa Öberg", "0701234567", ""),
        today(),
    )
    .unwrap();
    let o = save_line(&s, "k", nr, 1, None, &line("Service", "1", "895")).unwrap();
    // Lock it as a sent payment SMS would.
    let locked = s
        .write("k", |w| -> Result<_, verkstad::store::StoreError> {
            let mut o = w.order(nr)?;
            o.status = Status::MobilePayment;
            w.save_order(&o, "test")
        })
        .unwrap();
    assert!(locked.version > o.version);
    let err = save_line(
        &s,
        "k",
        nr,
        locked.version,
        None,
        &line("Torkarblad", "1", "99"),
    )
    .unwrap_err();
    // Why, and how to unlock it (the command line says the same).
    assert_eq!(
        err.message(verkstad::domain::Lang::Sv),
        format!(
            "Order {nr} är låst: ett betalnings-SMS är skickat. Annullera det först: verkstad pay cancel {nr} (Ctrl+U)"
        )
    );
    assert_eq!(s.order(nr).unwrap().unwrap().order.lines.len(), 1);
}

/// The screen's forms show an error at its field and keep what was typed: every error of the
/// new-order and line use cases names its field, and nothing is written.
#[test]
fn every_form_error_names_its_field_and_nothing_is_written() {
    use verkstad::app::InputField;
    use verkstad::app::demo::{DemoSpec, generate};
    let (_d, s) = store();
    generate(
        &s,
        "test",
        DemoSpec {
            orders: 20,
            seed: 1,
            today: today(),
        },
    )
    .unwrap();
    let before = s.max_order_nr().unwrap();

    let field = |input: NewOrderInput| create_order(&s, "k", &input, today()).unwrap_err().field();
    assert_eq!(
        field(new_customer("Anna Berg", "12345", "ABC123")),
        Some(InputField::NewCustomerMobile)
    );
    assert_eq!(
        field(new_customer("Anna Berg", "070-123 45 67", "A")),
        Some(InputField::Regnr)
    );
    assert_eq!(
        field(NewOrderInput::default()),
        Some(InputField::FindCustomer)
    );
    assert_eq!(
        field(NewOrderInput {
            find: "zz-ingen-sådan-kund".into(),
            ..NewOrderInput::default()
        }),
        Some(InputField::FindCustomer)
    );
    assert_eq!(s.max_order_nr().unwrap(), before, "no order was written");

    let nr = create_order(
        &s,
        "k",
        &new_customer("Åsa Öberg", "0701234567", ""),
        today(),
    )
    .unwrap();
    let version = s.order(nr).unwrap().unwrap().order.version;
    let line_field = |input: LineInput| {
        save_line(&s, "k", nr, version, None, &input)
            .unwrap_err()
            .field()
    };
    assert_eq!(line_field(line("", "1", "")), Some(InputField::Article));
    // An article number that is not in the register is said, not made a free-text line.
    let err = save_line(&s, "k", nr, version, None, &line("OF-9999", "1", "")).unwrap_err();
    assert_eq!(err.field(), Some(InputField::Article));
    assert!(
        err.to_string().contains("OF-9999 finns inte i registret"),
        "{err}"
    );
    assert_eq!(
        line_field(line("Olja", "två", "99")),
        Some(InputField::Quantity)
    );
    assert_eq!(
        line_field(line("Olja", "1", "-5")),
        Some(InputField::UnitPrice)
    );
    let mut discounted = line("Olja", "1", "99");
    discounted.discount = "150".into();
    assert_eq!(line_field(discounted), Some(InputField::Discount));
    assert!(s.order(nr).unwrap().unwrap().order.lines.is_empty());

    // The register's number is stored as the register writes it.
    let o = save_line(&s, "k", nr, version, None, &line("of-1021", "1", "")).unwrap();
    assert_eq!(o.lines[0].article_no.as_deref(), Some("OF-1021"));
}
