//! What is booked is what was received (issue 9 §1–§2): a payment link is bound to the order it
//! was sent for, an unknown outcome keeps the order locked, references are this database's own,
//! and every MOBIL invoice equals the one payment that paid it.

mod common;

use std::sync::Arc;

use common::world::{World, client_config};
use serde_json::json;
use verkstad::app::config::Books;
use verkstad::app::orders::{LineInput, save_line};
use verkstad::app::pay::{PaySettings, PaymentIssue, Payments, SendOutcome};
use verkstad::app::{AppError, ledger};
use verkstad::domain::{PaymentMethod, Status};
use verkstad::payments::resurs::ResursClient;
use verkstad::store::prelude::*;
use verkstad::store::{AttemptState, Database};

fn extra_line() -> LineInput {
    LineInput {
        article_or_text: "Bromsskivor".into(),
        quantity: "1".into(),
        unit_price: "800".into(),
        discount: String::new(),
    }
}

/// Change the order's lines from another connection to the same database, as a second counter
/// would, with the version it has just read (so only the lock can refuse it).
fn add_line_elsewhere(db: &std::path::Path, nr: i64) -> Result<(), AppError> {
    let other = Database::open(db).unwrap();
    let version = other.order(nr).unwrap().unwrap().order.version;
    save_line(&other, "kassa2", nr, version, None, &extra_line()).map(|_| ())
}

/// Invariant of the books: every invoice booked as MOBIL names exactly one payment attempt, whose
/// requested and authorised amounts both equal the invoice total to the öre.
fn assert_mobil_invoices_equal_their_payments(db: &std::path::Path) -> usize {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT i.invoice_no, i.total_ore, a.amount_ore, a.authorized_ore \
             FROM invoices i LEFT JOIN payment_attempts a ON a.id = i.payment_attempt_id \
             WHERE i.method = 'MOBIL' AND i.kind = 'faktura'",
        )
        .unwrap();
    let rows: Vec<(i64, i64, Option<i64>, Option<i64>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (no, total, amount, authorized) in &rows {
        assert_eq!(Some(*total), *amount, "invoice {no}: requested amount");
        assert_eq!(Some(*total), *authorized, "invoice {no}: authorised amount");
    }
    rows.len()
}

/// Bokför as the counter does (MOBIL for a paid MOBILBET order, no capture).
fn book(w: &World, nr: i64) -> Result<ledger::Booked, AppError> {
    ledger::book(&*w.store, "kassa1", &Books::default(), nr, None, false)
}

#[tokio::test]
async fn a_send_in_flight_locks_the_order_and_the_booked_total_is_what_was_paid() {
    let w = World::new().await;
    let nr = w.complete_order();
    let db = w.dir.path().join("verkstad.db");
    // Resurs makes the link at once but answers 3 s later.
    w.fault("/v2/payments", "delay_ms", 1).await;
    let pay = Arc::clone(&w.pay);
    let send = tokio::spawn(async move { pay.send(nr).await });
    // While the send is under way, the second counter tries to add a 800 kr line.
    let mut tries = 0;
    while w.sms().await.is_empty() {
        tries += 1;
        assert!(tries < 400, "the link was never made");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let err = add_line_elsewhere(&db, nr).unwrap_err();
    assert!(
        err.message(verkstad::domain::Lang::Sv).contains("låst"),
        "{err}"
    );
    assert!(matches!(
        send.await.unwrap().unwrap(),
        SendOutcome::Sent { .. }
    ));
    assert_eq!(w.order(nr).lines.len(), 2, "the line was not added");

    // The customer pays what the SMS asked; booking books exactly that.
    let id = w.store.payment_attempts(nr).unwrap()[0]
        .provider_payment_id
        .clone()
        .unwrap();
    w.customer_accepts(&id, "direct", None).await;
    w.pay.check(nr).await.unwrap();
    let booked = book(&w, nr).unwrap();
    let paid = w.pay.provider().get(&id).await.unwrap().authorized;
    assert_eq!(booked.invoice.invoice.total, paid);
    assert_eq!(booked.invoice.invoice.total.to_string(), "1 914,38");
    assert_eq!(assert_mobil_invoices_equal_their_payments(&db), 1);
}

#[tokio::test]
async fn an_unknown_outcome_keeps_the_order_locked_until_resolved_by_reference() {
    // No retries: the lost answer surfaces at once and the attempt stays "sending".
    let w = World::with_retries(0).await;
    let nr = w.complete_order();
    let db = w.dir.path().join("verkstad.db");
    w.fault("/v2/payments", "drop_response_after_commit", 1)
        .await;
    let err = w.pay.send(nr).await.unwrap_err();
    assert!(
        matches!(err, AppError::Payment(PaymentIssue::Unknown { .. })),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("SMS skickas – utfall okänt"),
        "{err}"
    );
    // Locked: no line can be added, and the list says why.
    assert_eq!(w.order(nr).status, Status::MobilePayment);
    assert!(add_line_elsewhere(&db, nr).is_err());
    let attempts = w.store.payment_attempts(nr).unwrap();
    assert_eq!(attempts[0].state, AttemptState::Sending);
    let rows = w
        .store
        .list_orders(&verkstad::store::ListQuery::default())
        .unwrap();
    assert!(rows.iter().any(|r| r.nr == nr && r.sending), "{rows:?}");

    // Ctrl+L resolves it by reference: the link Resurs made is adopted, none is made again.
    w.pay.check(nr).await.unwrap();
    assert_eq!(w.sms().await.len(), 1);
    let attempts = w.store.payment_attempts(nr).unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].state, AttemptState::Sent);
    assert!(add_line_elsewhere(&db, nr).is_err(), "still MOBILBET");
}

#[tokio::test]
async fn a_send_that_never_reached_resurs_is_completed_with_the_same_key_not_reopened() {
    let w = World::with_retries(0).await;
    let nr = w.complete_order();
    // The create fails before Resurs executes it: nothing exists there.
    w.fault("/v2/payments", "http_500", 1).await;
    let err = w.pay.send(nr).await.unwrap_err();
    assert!(matches!(
        err,
        AppError::Payment(PaymentIssue::Unknown { .. })
    ));
    assert_eq!(w.order(nr).status, Status::MobilePayment, "kept locked");
    assert!(w.sms().await.is_empty());
    let key = w.store.payment_attempts(nr).unwrap()[0]
        .idempotency_key
        .clone();

    // Sync (as at the next start) finds nothing by reference and sends the stored request
    // with the stored key: one link, for the amount the order was locked with.
    let results = w.pay.sync().await.unwrap();
    assert_eq!(results.len(), 1);
    let attempts = w.store.payment_attempts(nr).unwrap();
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0].state, AttemptState::Sent);
    assert_eq!(attempts[0].idempotency_key, key);
    assert_eq!(w.sms().await.len(), 1);
}

#[tokio::test]
async fn cancel_of_an_unknown_send_that_never_arrived_reopens_and_a_late_link_is_cancelled() {
    let w = World::with_retries(0).await;
    let nr = w.complete_order();
    w.fault("/v2/payments", "http_500", 1).await;
    assert!(w.pay.send(nr).await.is_err());
    // Ctrl+U: Resurs has nothing, so the attempt is closed and the order opened again.
    let c = w.pay.cancel(nr).await.unwrap();
    assert_eq!(c.order.status, Status::Complete);
    assert!(!c.link_cancelled);
    let a = &w.store.payment_attempts(nr).unwrap()[0];
    assert_eq!(a.state, AttemptState::Failed);
    assert!(w.sms().await.is_empty());
}

#[tokio::test]
async fn a_link_for_another_amount_is_never_reused_paid_or_booked() {
    let w = World::new().await;
    let nr = w.complete_order();
    let db = w.dir.path().join("verkstad.db");
    let (id, _) = w.sent(nr).await;
    // An older version let the order change behind a live link (the defect): simulate that
    // by opening it in the database, adding a line and locking it again.
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute("UPDATE orders SET status = 'KLART' WHERE nr = ?1", [nr])
            .unwrap();
    }
    add_line_elsewhere(&db, nr).unwrap();
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute("UPDATE orders SET status = 'MOBILBET' WHERE nr = ?1", [nr])
            .unwrap();
    }
    // The customer pays the old amount.
    w.customer_accepts(&id, "direct", None).await;
    let err = w.pay.check(nr).await.unwrap_err();
    let text = err.to_string();
    assert!(text.contains("1 914,38 kr"), "{text}");
    assert!(text.contains("2 914,38 kr"), "{text}");
    assert!(text.contains("Ctrl+U"), "{text}");
    assert!(!w.order(nr).payment_received);
    let err = book(&w, nr).unwrap_err();
    assert!(err.to_string().contains("inte mottagen"), "{err}");

    // A new send cancels (and refunds) the old link first, and says so.
    let out = w.pay.send(nr).await.unwrap();
    let note = out.replaced_note(verkstad::domain::Lang::Sv).unwrap();
    assert!(note.contains("1 914,38 kr"), "{note}");
    let SendOutcome::Sent { attempt, .. } = out else {
        panic!("a new link")
    };
    assert_eq!(attempt.amount.to_string(), "2 914,38");
    let old = w.pay.provider().get(&id).await.unwrap();
    assert_eq!(old.refunded, old.total, "the old payment is refunded");
    let new_id = attempt.provider_payment_id.unwrap();
    w.customer_accepts(&new_id, "direct", None).await;
    w.pay.check(nr).await.unwrap();
    let booked = book(&w, nr).unwrap();
    assert_eq!(booked.invoice.invoice.total.to_string(), "2 914,38");
    assert_eq!(booked.invoice.invoice.method, PaymentMethod::Mobil);
    assert_eq!(assert_mobil_invoices_equal_their_payments(&db), 1);
}

#[tokio::test]
async fn the_schema_refuses_a_mobil_invoice_that_differs_from_its_payment() {
    let w = World::new().await;
    let nr = w.complete_order();
    let db = w.dir.path().join("verkstad.db");
    let (id, _) = w.sent(nr).await;
    w.customer_accepts(&id, "direct", None).await;
    w.pay.check(nr).await.unwrap();
    book(&w, nr).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    // Rebinding, or binding to an attempt with another amount, is refused by triggers.
    let err = conn
        .execute("UPDATE invoices SET payment_attempt_id = NULL", [])
        .unwrap_err();
    assert!(err.to_string().contains("cannot be changed"), "{err}");
    // A MOBIL invoice for one öre more than its payment authorised cannot be bound to it.
    conn.execute_batch(
        "INSERT INTO vouchers (number, series, date, text, created_at, actor) \
           SELECT number + 1000, series, date, text, created_at, actor FROM vouchers; \
         INSERT INTO invoices (invoice_no, kind, order_id, date, method, total_ore, to_pay_ore, \
           voucher_no, document_json, created_at) \
           SELECT invoice_no + 1000, kind, order_id, date, method, total_ore + 1, to_pay_ore + 1, \
           voucher_no + 1000, document_json, created_at FROM invoices;",
    )
    .unwrap();
    let err = conn
        .execute(
            "UPDATE invoices SET payment_attempt_id = (SELECT id FROM payment_attempts) \
             WHERE payment_attempt_id IS NULL",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("must equal the amount"), "{err}");
}

/// A KLART order for Bo Ek (500 kr + VAT = 625,00) in the second database; its number.
fn bo_eks_order(store: &Database) -> i64 {
    verkstad::app::import::import_orders(
        store,
        "test",
        &json!([{
            "customer": {"name": "Bo Ek", "mobile": "070-765 43 21"},
            "status": "KLART",
            "lines": [{"description": "Däckbyte", "quantity": 1, "unit_price": "500"}]
        }])
        .to_string(),
        chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    )
    .unwrap()[0]
}

/// A second database (another workshop, or a test copy) on the same Resurs store.
async fn second_database(w: &World) -> (tempfile::TempDir, Arc<Database>, Payments) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Database::open(&dir.path().join("b.db")).unwrap());
    let client = ResursClient::new(client_config(&w.sandbox.base_url(), 3)).unwrap();
    let pay = Payments::new(
        Arc::clone(&store),
        Arc::new(client),
        "kassa-b",
        PaySettings {
            ttl_minutes: 60,
            ..PaySettings::default()
        },
    );
    (dir, store, pay)
}

#[tokio::test]
async fn two_databases_with_the_same_order_numbers_never_see_each_others_payments() {
    let w = World::new().await;
    let nr_a = w.complete_order();
    let (_dir, store_b, pay_b) = second_database(&w).await;
    let nr_b = bo_eks_order(&store_b);
    assert_eq!(nr_a, nr_b, "the same order number in both");
    let (id_a, _) = w.sent(nr_a).await;
    let SendOutcome::Sent { attempt: b, .. } = pay_b.send(nr_b).await.unwrap() else {
        panic!("B gets a link of its own")
    };
    let id_b = b.provider_payment_id.clone().unwrap();
    assert_ne!(id_a, id_b);
    assert_eq!(w.sms().await.len(), 2);
    let ref_a = w.store.payment_attempts(nr_a).unwrap()[0]
        .order_reference
        .clone();
    assert_ne!(ref_a, b.order_reference);
    assert!(ref_a.ends_with(&format!("-{nr_a}-1")), "{ref_a}");

    // A's customer pays: A is paid, B is not.
    w.customer_accepts(&id_a, "direct", None).await;
    assert!(w.pay.check(nr_a).await.unwrap().newly_paid);
    let c = pay_b.check(nr_b).await.unwrap();
    assert!(!c.newly_paid);
    assert!(!c.order.payment_received);
    assert_eq!(b.amount.to_string(), "625,00");
}

#[tokio::test]
async fn recovery_by_reference_takes_only_this_databases_own_payment() {
    let w = World::with_retries(0).await;
    let nr = w.complete_order();
    w.fault("/v2/payments", "drop_response_after_commit", 1)
        .await;
    assert!(w.pay.send(nr).await.is_err());
    // Another database with the same order number and a lost answer of its own recovers only
    // its own payment, never A's.
    let (_dir, store_b, pay_b) = second_database(&w).await;
    bo_eks_order(&store_b);
    let out = pay_b.send(nr).await.unwrap();
    let SendOutcome::Sent { attempt, .. } = out else {
        panic!("a new link for B")
    };
    assert_eq!(attempt.amount.to_string(), "625,00");
    w.pay.check(nr).await.unwrap();
    let a = &w.store.payment_attempts(nr).unwrap()[0];
    assert_eq!(a.amount.to_string(), "1 914,38");
    assert_ne!(a.provider_payment_id, attempt.provider_payment_id);
}
