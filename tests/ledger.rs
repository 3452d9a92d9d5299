//! Booking and crediting end to end: the ledger use cases on a real SQLite file and, for MOBIL,
//! the Resurs sandbox over real HTTP on 127.0.0.1.

mod common;

use common::world::World;
use verkstad::app::config::Books;
use verkstad::app::ledger;
use verkstad::domain::invoice::InvoiceKind;
use verkstad::domain::{Lang, Money, PaymentMethod, Status};
use verkstad::payments::PaymentState;
use verkstad::store::prelude::*;
use verkstad::store::{CallState, ProviderAction, TaskState};

fn money(s: &str) -> Money {
    Money::parse(s).unwrap()
}

/// (account, amount) of a voucher's rows.
fn rows(v: &verkstad::domain::ledger::Voucher) -> Vec<(u16, String)> {
    v.rows
        .iter()
        .map(|p| (p.account.number(), p.amount.to_plain()))
        .collect()
}

impl World {
    fn book(
        &self,
        nr: i64,
        method: Option<PaymentMethod>,
    ) -> verkstad::app::Result<ledger::Booked> {
        let store = &*self.store;
        ledger::book(store, "kassa1", &Books::default(), nr, method, false)
    }

    fn book_capturing(&self, nr: i64) -> ledger::Booked {
        let store = &*self.store;
        ledger::book(store, "kassa1", &Books::default(), nr, None, true).unwrap()
    }

    fn credit(&self, nr: i64, lines: Option<&[usize]>) -> verkstad::app::Result<ledger::Booked> {
        let store = &*self.store;
        ledger::credit(store, "kassa1", &Books::default(), nr, lines)
    }

    fn invoice_task(&self, no: i64) -> Option<verkstad::store::ProviderTask> {
        self.store.invoice(no).unwrap().unwrap().task
    }

    /// Send the link, the customer pays, Ctrl+L: a paid MOBILBET order.
    async fn paid_mobile_order(&self) -> (i64, String) {
        let nr = self.complete_order();
        let (id, _) = self.sent(nr).await;
        assert!(
            self.customer_accepts(&id, "invoice", None)
                .await
                .status()
                .is_success()
        );
        let c = self.pay.check(nr).await.unwrap();
        assert!(c.order.payment_received);
        (nr, id)
    }
}

#[tokio::test]
async fn a_paid_mobile_order_is_booked_on_1931_with_vat_and_sales_split() {
    let w = World::new().await;
    let (nr, _) = w.paid_mobile_order().await;
    let b = w.book(nr, None).unwrap();
    assert_eq!(b.order.status, Status::Booked);
    assert_eq!(b.order.payment_method, Some(PaymentMethod::Mobil));
    assert_eq!(b.order.invoice_no, Some(1));
    let inv = &b.invoice.invoice;
    assert_eq!((inv.no, inv.kind), (1, InvoiceKind::Faktura));
    assert_eq!(inv.total, money("1914,38"));
    assert_eq!(inv.to_pay, money("1914,38"));
    assert_eq!(inv.ocr, None);
    // 1,5 h × 895 labour on 3041, the filter on 3001, 25 % VAT on 2611, 1931 debited.
    assert_eq!(
        rows(&b.voucher),
        vec![
            (1931, "1914.38".into()),
            (3041, "-1342.50".into()),
            (3001, "-189.00".into()),
            (2611, "-382.88".into()),
        ]
    );
    assert!(b.voucher.is_balanced());
    // Automatic capture is on: nothing left for Resurs.
    assert_eq!(b.invoice.task, None);
    // Booked is read-only.
    let mut o = b.order.clone();
    assert!(o.set_lines(vec![]).is_err());
    // The audit trail has the booking.
    let events = w.store.audit_events("order", &nr.to_string()).unwrap();
    assert_eq!(events.last().unwrap().action, "booked");
}

#[tokio::test]
async fn crediting_a_mobile_invoice_refunds_at_resurs_when_the_order_is_opened_again() {
    let w = World::new().await;
    let (nr, id) = w.paid_mobile_order().await;
    let booked = w.book(nr, None).unwrap();
    let c = w.credit(nr, None).unwrap();
    let credit = &c.invoice.invoice;
    assert_eq!(c.order.status, Status::Credited);
    assert_eq!(credit.kind, InvoiceKind::Kredit);
    assert_eq!(credit.no, booked.invoice.invoice.no + 1);
    assert_eq!(credit.original, Some((1, booked.invoice.invoice.date)));
    assert_eq!(credit.to_pay, money("-1914,38"));
    // The exact reversal of the sale.
    let reversed: Vec<(u16, String)> = booked
        .voucher
        .rows
        .iter()
        .map(|p| (p.account.number(), (-p.amount).to_plain()))
        .collect();
    assert_eq!(rows(&c.voucher), reversed);
    // The refund waits for "Annullera betalnings-SMS / Öppna order"; nothing moved yet.
    let task = c.invoice.task.clone().unwrap();
    assert_eq!(
        (task.action, task.state),
        (ProviderAction::Refund, TaskState::Due)
    );
    assert!(w.pay.provider().get(&id).await.unwrap().refunded.is_zero());

    let cancel = w.pay.cancel(nr).await.unwrap();
    assert_eq!(cancel.refunded, money("1914,38"));
    assert_eq!(cancel.order.status, Status::Complete);
    assert_eq!(cancel.order.invoice_no, None);
    assert!(!cancel.order.payment_received);
    let p = w.pay.provider().get(&id).await.unwrap();
    assert_eq!(p.refunded, p.total);
    assert_eq!(p.state, PaymentState::Refunded);
    assert!(
        p.transaction_ids.contains(&credit.no.to_string()),
        "refund carries the credit invoice number: {:?}",
        p.transaction_ids
    );
    assert_eq!(w.invoice_task(credit.no).unwrap().state, TaskState::Done);

    // Editable again, and a new payment SMS can be sent.
    let mut o = w.order(nr);
    o.set_lines(o.lines[..1].to_vec()).unwrap();
    let (new_id, _) = w.sent(nr).await;
    assert_ne!(new_id, id);
    assert_eq!(w.sms().await.len(), 2);
}

#[tokio::test]
async fn a_refund_that_fails_stays_visible_and_the_retry_refunds_once() {
    let w = World::with_retries(1).await;
    let (nr, id) = w.paid_mobile_order().await;
    w.book(nr, None).unwrap();
    let c = w.credit(nr, None).unwrap();
    let credit_no = c.invoice.invoice.no;
    // Resurs answers 500 to the refund, more times than the client retries.
    w.fault(&format!("/v2/payments/{id}/refund"), "http_500", 2)
        .await;
    let err = w.pay.cancel(nr).await.unwrap_err();
    assert!(
        err.message(Lang::Sv).contains("Resurs"),
        "{}",
        err.message(Lang::Sv)
    );
    // The order stays credited, the refund is visibly failed, no money moved.
    assert_eq!(w.order(nr).status, Status::Credited);
    let task = w.invoice_task(credit_no).unwrap();
    assert_eq!(task.state, TaskState::Failed);
    assert!(task.error.unwrap().contains("Resurs"));
    assert!(w.pay.provider().get(&id).await.unwrap().refunded.is_zero());
    let calls = w.calls(nr);
    assert_eq!(calls.len(), 1);
    assert_eq!(
        calls[0].state,
        CallState::Pending,
        "the key is kept for the retry"
    );
    let key = calls[0].idempotency_key.clone();

    // The retry uses the same key and refunds exactly once.
    let done = w.pay.cancel(nr).await.unwrap();
    assert_eq!(done.refunded, money("1914,38"));
    assert_eq!(done.order.status, Status::Complete);
    let p = w.pay.provider().get(&id).await.unwrap();
    assert_eq!(p.refunded, p.total);
    let calls = w.calls(nr);
    assert_eq!(calls.len(), 1);
    assert_eq!(
        (calls[0].idempotency_key.as_str(), calls[0].state),
        (key.as_str(), CallState::Done)
    );
}

#[tokio::test]
async fn a_partial_credit_of_a_mobile_invoice_refunds_that_part_and_the_rest_adds_up() {
    let w = World::new().await;
    let (nr, id) = w.paid_mobile_order().await;
    let booked = w.book(nr, None).unwrap();
    // Credit the oil filter (line 2): 189 + 25 % = 236,25.
    let part = w.credit(nr, Some(&[2])).unwrap();
    assert_eq!(
        part.order.status,
        Status::Booked,
        "partly credited stays booked"
    );
    assert_eq!(part.invoice.invoice.to_pay, money("-236,25"));
    let settled = w.pay.settle(nr).await.unwrap();
    assert_eq!(settled.len(), 1);
    assert_eq!(settled[0].refunded, money("236,25"));
    let p = w.pay.provider().get(&id).await.unwrap();
    assert_eq!(p.refunded, money("236,25"));
    assert!(
        p.transaction_ids
            .contains(&part.invoice.invoice.no.to_string())
    );
    // Settling again does nothing.
    assert!(w.pay.settle(nr).await.unwrap().is_empty());
    // The same line cannot be credited twice.
    let err = w.credit(nr, Some(&[2])).unwrap_err();
    assert!(err.message(Lang::Sv).contains("redan krediterad"));

    // The rest: the two credits together are the exact reversal of the invoice.
    let rest = w.credit(nr, None).unwrap();
    assert_eq!(rest.order.status, Status::Credited);
    let mut sum = std::collections::BTreeMap::<u16, Money>::new();
    for v in [&booked.voucher, &part.voucher, &rest.voucher] {
        for p in &v.rows {
            *sum.entry(p.account.number()).or_default() += p.amount;
        }
    }
    assert!(sum.values().all(|m| m.is_zero()), "{sum:?}");
    assert_eq!(
        part.invoice.invoice.to_pay + rest.invoice.invoice.to_pay,
        -booked.invoice.invoice.to_pay
    );
    let c = w.pay.cancel(nr).await.unwrap();
    assert_eq!(c.refunded, money("1678,13"));
    let p = w.pay.provider().get(&id).await.unwrap();
    assert_eq!(p.refunded, p.total);
}

#[tokio::test]
async fn booking_captures_at_resurs_when_automatic_capture_is_off() {
    let w = World::with_options(3, false).await;
    let (nr, id) = w.paid_mobile_order().await;
    let before = w.pay.provider().get(&id).await.unwrap();
    assert_eq!(before.state, PaymentState::Authorized);
    assert!(before.captured.is_zero());
    let b = w.book_capturing(nr);
    let no = b.invoice.invoice.no;
    assert_eq!(
        b.invoice.task.as_ref().unwrap().action,
        ProviderAction::Capture
    );
    let settled = w.pay.settle(nr).await.unwrap();
    assert_eq!(settled.len(), 1);
    let p = w.pay.provider().get(&id).await.unwrap();
    assert_eq!(p.captured, p.total);
    assert!(
        p.transaction_ids.contains(&no.to_string()),
        "{:?}",
        p.transaction_ids
    );
    assert_eq!(w.invoice_task(no).unwrap().state, TaskState::Done);
}

#[tokio::test]
async fn booking_an_unpaid_mobile_order_is_refused_and_writes_nothing() {
    let w = World::new().await;
    let nr = w.complete_order();
    w.sent(nr).await;
    let before = w.order(nr);
    let err = w.book(nr, None).unwrap_err();
    assert!(
        err.message(Lang::Sv).contains("inte mottagen"),
        "{}",
        err.message(Lang::Sv)
    );
    assert!(err.message(Lang::En).contains("not been received"));
    // Another method is refused while the link is live.
    let err = w.book(nr, Some(PaymentMethod::Kort)).unwrap_err();
    assert!(
        err.message(Lang::Sv).contains("annullera"),
        "{}",
        err.message(Lang::Sv)
    );
    assert_eq!(w.order(nr), before);
    assert!(w.store.invoices_of_order(nr).unwrap().is_empty());
    // The refused bookings took no number: the next booking gets invoice 1 and voucher 1.
    let other = w.complete_order();
    let b = w.book(other, Some(PaymentMethod::Kontant)).unwrap();
    assert_eq!((b.invoice.invoice.no, b.voucher.number), (1, 1));
    // Cash: 1 914,38 is paid as 1 914 kr, 0,38 on 3740.
    assert_eq!(b.invoice.invoice.to_pay, money("1914"));
    assert_eq!(rows(&b.voucher)[0], (1910, "1914.00".into()));
    assert_eq!(rows(&b.voucher).last().unwrap(), &(3740, "0.38".into()));
}

#[tokio::test]
async fn crediting_beyond_the_original_is_refused_and_writes_nothing() {
    let w = World::new().await;
    let nr = w.complete_order();
    w.book(nr, Some(PaymentMethod::Kort)).unwrap();
    let err = w.credit(nr, Some(&[3])).unwrap_err();
    assert!(
        err.message(Lang::Sv).contains("ingen rad 3"),
        "{}",
        err.message(Lang::Sv)
    );
    w.credit(nr, None).unwrap();
    let err = w.credit(nr, None).unwrap_err();
    assert!(
        err.message(Lang::Sv)
            .contains("redan krediterad i sin helhet"),
        "{}",
        err.message(Lang::Sv)
    );
    assert!(err.message(Lang::En).contains("already been credited"));
    assert_eq!(w.store.invoices_of_order(nr).unwrap().len(), 2);
    // A KLART order cannot be credited at all.
    let open = w.complete_order();
    assert!(w.credit(open, None).is_err());
    assert!(w.store.invoices_of_order(open).unwrap().is_empty());
}

#[tokio::test]
async fn an_invoice_gets_ocr_and_due_date_and_needs_the_buyers_address() {
    let w = World::new().await;
    let nr = w.complete_order();
    // The test customer has no address: an invoice must name the buyer's address.
    let err = w.book(nr, Some(PaymentMethod::Faktura)).unwrap_err();
    assert!(
        err.message(Lang::Sv).contains("adress"),
        "{}",
        err.message(Lang::Sv)
    );
    let nr = w.order_with(serde_json::json!({
        "customer": {"name": "Bo Ek", "street": "Storgatan 1", "postal_code": "123 45", "city": "Storstad"},
        "status": "KLART",
        "lines": [{"kind": "arbete", "description": "Felsökning", "quantity": 1, "unit_price": "800"}]
    }));
    let b = w.book(nr, Some(PaymentMethod::Faktura)).unwrap();
    let inv = &b.invoice.invoice;
    assert_eq!(
        inv.ocr.as_deref(),
        Some(verkstad::domain::ledger::ocr_reference(inv.no).as_str())
    );
    assert!(verkstad::domain::ledger::ocr_valid(
        inv.ocr.as_deref().unwrap()
    ));
    assert_eq!(inv.due_date, Some(inv.date + chrono::Days::new(30)));
    assert_eq!(rows(&b.voucher)[0], (1510, "1000.00".into()));
    assert!(
        !b.order.payment_received,
        "an invoice is not paid when booked"
    );
}

#[tokio::test]
async fn a_capture_that_has_not_reached_resurs_blocks_the_credit_until_it_is_sent() {
    let w = World::with_options(1, false).await;
    let (nr, id) = w.paid_mobile_order().await;
    let b = w.book_capturing(nr);
    // Resurs answers 500 to the capture: the invoice shows it, nothing is captured.
    w.fault(&format!("/v2/payments/{id}/capture"), "http_500", 2)
        .await;
    assert!(w.pay.settle(nr).await.is_err());
    assert_eq!(
        w.invoice_task(b.invoice.invoice.no).unwrap().state,
        TaskState::Failed
    );
    assert!(w.pay.provider().get(&id).await.unwrap().captured.is_zero());
    // No credit (and so no refund of money never taken) until the capture is done.
    let err = w.credit(nr, None).unwrap_err();
    assert!(
        err.message(Lang::Sv).contains("Dragningen"),
        "{}",
        err.message(Lang::Sv)
    );
    assert_eq!(
        w.pay.settle(nr).await.unwrap().len(),
        1,
        "the retry captures"
    );
    let p = w.pay.provider().get(&id).await.unwrap();
    assert_eq!(p.captured, p.total);
    w.credit(nr, None).unwrap();
    let c = w.pay.cancel(nr).await.unwrap();
    assert_eq!(c.refunded, money("1914,38"));
}

/// (account, amount) of every row of the vouchers, summed per account, zero sums left out.
fn sum_per_account(vouchers: &[&verkstad::domain::ledger::Voucher]) -> Vec<(u16, Money)> {
    let mut sum = std::collections::BTreeMap::<u16, Money>::new();
    for v in vouchers {
        for p in &v.rows {
            *sum.entry(p.account.number()).or_default() += p.amount;
        }
    }
    sum.into_iter().filter(|(_, m)| !m.is_zero()).collect()
}

/// Seen: a cash receipt of 599,75 (paid 600,00) credited one line at a time gave a credit of
/// 0,38 kr with "Att betala 0,00" and 3740 −0,38, and the last credit carried the receipt's
/// rounding too (600 kr back for 599,37, 0,63 on 3740). Each credit now rounds on its own and
/// says what is paid back.
#[tokio::test]
async fn a_cash_receipt_of_599_75_credited_line_by_line_rounds_each_credit_on_its_own() {
    let w = World::new().await;
    let nr = w.order_with(serde_json::json!({
        "customer": {"name": "Åsa Öberg", "mobile": "070-123 45 67"},
        "status": "KLART",
        "lines": [
            {"kind": "artikel", "description": "Ventilhatt", "quantity": 1, "unit_price": "0,30"},
            {"kind": "artikel", "description": "Bromsskivor", "quantity": 1, "unit_price": "479,50"}
        ]
    }));
    let booked = w.book(nr, Some(PaymentMethod::Kontant)).unwrap();
    let inv = &booked.invoice.invoice;
    assert_eq!(
        (inv.total, inv.to_pay, inv.rounding),
        (money("599,75"), money("600"), money("0,25"))
    );

    let first = w.credit(nr, Some(&[1])).unwrap();
    let c = &first.invoice.invoice;
    assert_eq!(
        (c.total, c.rounding, c.to_pay),
        (money("-0,38"), money("0,38"), money("0"))
    );
    assert_eq!(
        rows(&first.voucher),
        vec![
            (3001, "0.30".into()),
            (2611, "0.08".into()),
            (3740, "-0.38".into())
        ]
    );
    let text = verkstad::print::render_text(c, Lang::Sv);
    assert!(
        text.contains(&format!("Krediterar kvitto {}", inv.no)),
        "{text}"
    );
    assert!(
        text.contains("Att återbetala") && !text.contains("Att betala"),
        "{text}"
    );

    let last = w.credit(nr, Some(&[2])).unwrap();
    assert_eq!(last.order.status, Status::Credited);
    let c = &last.invoice.invoice;
    assert_eq!(
        (c.total, c.rounding, c.to_pay),
        (money("-599,37"), money("0,37"), money("-599"))
    );
    assert_eq!(
        rows(&last.voucher),
        vec![
            (1910, "-599.00".into()),
            (3001, "479.50".into()),
            (2611, "119.87".into()),
            (3740, "-0.37".into())
        ]
    );
    // Sales and VAT are back to zero; cash and 3740 differ only by the documents' own roundings.
    assert_eq!(
        sum_per_account(&[&booked.voucher, &first.voucher, &last.voucher]),
        vec![(1910, money("1")), (3740, money("-1"))]
    );
}

/// Seen: crediting, last, one 6 % book (100,00 kr) of a receipt that also had 25 % lines paid
/// back 101,00 kr, moved 25 % VAT by 0,01 and booked 1,01 kr on 3740. It now pays back exactly
/// 100,00 kr with 6 % VAT only, in cash and by card.
#[tokio::test]
async fn the_last_credit_of_a_six_percent_book_pays_back_100_with_six_percent_vat_only() {
    let w = World::new().await;
    for method in [PaymentMethod::Kontant, PaymentMethod::Kort] {
        let nr = w.order_with(serde_json::json!({
            "customer": {"name": "Åsa Öberg", "mobile": "070-123 45 67"},
            "status": "KLART",
            "lines": [
                {"kind": "artikel", "description": "Ventilhatt", "quantity": 1, "unit_price": "0,38"},
                {"kind": "artikel", "description": "Ventilhatt", "quantity": 1, "unit_price": "0,38"},
                {"kind": "artikel", "description": "Bok: Bilens elsystem", "quantity": 1, "unit_price": "94,34", "vat": 6}
            ]
        }));
        let booked = w.book(nr, Some(method)).unwrap();
        assert_eq!(booked.invoice.invoice.total, money("100,95"));
        let one = w.credit(nr, Some(&[1])).unwrap();
        let two = w.credit(nr, Some(&[2])).unwrap();
        let book = w.credit(nr, Some(&[3])).unwrap();
        assert_eq!(book.order.status, Status::Credited);
        let c = &book.invoice.invoice;
        assert_eq!(c.per_rate.len(), 1, "{method}: {:?}", c.per_rate);
        assert_eq!(
            (
                c.per_rate[0].rate.percent(),
                c.per_rate[0].net,
                c.per_rate[0].vat
            ),
            (6, money("-94,34"), money("-5,66"))
        );
        assert_eq!(
            (c.total, c.rounding, c.to_pay),
            (money("-100"), money("0"), money("-100")),
            "{method}"
        );
        let paid = if method == PaymentMethod::Kontant {
            1910
        } else {
            1580
        };
        assert_eq!(
            rows(&book.voucher),
            vec![
                (paid, "-100.00".into()),
                (3003, "94.34".into()),
                (2631, "5.66".into())
            ],
            "{method}"
        );
        // The 25 % VAT remainder went with the second 25 % line, where it belongs.
        assert_eq!(two.invoice.invoice.per_rate.len(), 1);
        assert_eq!(two.invoice.invoice.per_rate[0].vat, money("-0,09"));
        let left = sum_per_account(&[&booked.voucher, &one.voucher, &two.voucher, &book.voucher]);
        assert!(
            left.iter().all(|(a, _)| [1910, 3740].contains(a)),
            "{method}: only cash and rounding may differ: {left:?}"
        );
        if method == PaymentMethod::Kort {
            assert!(left.is_empty(), "{left:?}");
        }
    }
}
