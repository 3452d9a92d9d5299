//! Klarna settlements and disputes in the books (issue 13), end to end on a real SQLite file
//! through the in-memory provider source: a payout marks invoices paid and books bank 1930,
//! fees 6064 and the Klarna receivable 1581 to the öre; twice is a no-op; an unmatched row is
//! kept; a dispute pauses the invoice, won makes it active, lost books the chargeback (6351) and
//! the fee (6064) once, a missed deadline is lost; the dispute rate warns above 1,2 %.

mod common;

use std::sync::Arc;

use chrono::{Days, NaiveDate, Utc};
use common::bankfile::{Pay, camt};
use serde_json::{Value, json};
use verkstad::app::config::{Books, Config};
use verkstad::app::workshop::ProviderSources;
use verkstad::app::{Workshop, import, ledger};
use verkstad::domain::ledger::Voucher;
use verkstad::domain::reconcile::{Reason, State};
use verkstad::domain::settlement::{
    DISPUTE_FEE, Dispute, DisputeState, Payout, PayoutRow, RateLevel, RowKind,
};
use verkstad::domain::{Money, PaymentMethod, Status};
use verkstad::payments::{MemorySource, PaymentState};
use verkstad::store::prelude::*;
use verkstad::store::{AttemptState, Database, NewAttempt};

fn kr(s: &str) -> Money {
    Money::parse(s).unwrap()
}

struct Shop {
    _dir: tempfile::TempDir,
    db: Database,
    shop: Workshop,
    klarna: Arc<MemorySource>,
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
    let klarna = Arc::new(MemorySource::new("Klarna"));
    shop.set_provider_sources(ProviderSources {
        settlements: klarna.clone(),
        disputes: klarna.clone(),
    });
    Shop {
        _dir: dir,
        db,
        shop,
        klarna,
    }
}

impl Shop {
    /// A KLART order of one line (`net` excl. VAT at 25 %), reserved at Klarna and booked as
    /// KLARNA: 1581 debited with the total. Returns (order nr, invoice no, order reference).
    fn klarna_invoice(&self, net: &str) -> (i64, i64, String) {
        let record = json!({
            "customer": {"name": "Åsa Öberg", "mobile": "070-123 45 67", "email": "asa@exempel.se"},
            "vehicle": {"regnr": "ABC123"},
            "status": "KLART",
            "lines": [{"kind": "arbete", "description": "Service", "quantity": 1, "unit_price": net}]
        });
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let nr = import::import_orders(
            &self.db,
            "test",
            &Value::Array(vec![record]).to_string(),
            today,
        )
        .unwrap()[0];
        let reference = self
            .db
            .write("test", |w| {
                let mut order = w.order(nr)?;
                let total = order.totals().total;
                let (attempt, reference) = w.next_attempt(nr)?;
                let mut a = w.insert_attempt(NewAttempt {
                    order_nr: nr,
                    attempt,
                    order_reference: reference.clone(),
                    provider: "Klarna".into(),
                    provider_store: Some("A".into()),
                    idempotency_key: format!("key-{reference}"),
                    request_json: "{}".into(),
                    amount: total,
                    mobile: "+46701234567".into(),
                    ttl_minutes: 60,
                })?;
                a.state = AttemptState::Sent;
                a.provider_payment_id = Some(format!("klarna-order-{nr}"));
                a.payment_state = Some(PaymentState::Paid);
                a.authorized = Some(total);
                w.update_attempt(&a, "reserved")?;
                order.status = Status::MobilePayment;
                order.payment_method = Some(PaymentMethod::Klarna);
                order.payment_received = true;
                order.payment_received_at = Some(Utc::now());
                w.save_order(&order, "reserved")?;
                Ok::<_, verkstad::store::StoreError>(reference)
            })
            .unwrap();
        let booked = ledger::book(&self.db, "test", &Books::default(), nr, None, false).unwrap();
        assert_eq!(booked.invoice.invoice.method, PaymentMethod::Klarna);
        (nr, booked.invoice.invoice.no, reference)
    }

    fn voucher(&self, no: i64) -> Voucher {
        self.db.voucher(no).unwrap().unwrap()
    }

    fn vouchers(&self) -> Vec<Voucher> {
        common::books::vouchers(&self.db)
    }

    /// What the vouchers have put on `account`, in total.
    fn balance(&self, account: u16) -> Money {
        common::books::balance(&self.db, account)
    }

    fn voucher_count(&self) -> usize {
        self.vouchers().len()
    }
}

fn row(kind: RowKind, amount: &str, reference: Option<&str>) -> PayoutRow {
    PayoutRow {
        kind,
        detail: None,
        amount: kr(amount),
        vat: Money::ZERO,
        order_reference: reference.map(str::to_string),
        provider_order_id: None,
        capture_id: None,
        refund_id: None,
        dispute_id: None,
        sale_date: None,
    }
}

fn payout(reference: &str, day: NaiveDate, rows: Vec<PayoutRow>) -> Payout {
    let mut p = Payout {
        provider: "Klarna".into(),
        payment_reference: reference.into(),
        payout_date: day,
        currency: "SEK".into(),
        rows,
        net: Money::ZERO,
        opening_debt: Money::ZERO,
        closing_debt: Money::ZERO,
    };
    p.net = p.gross();
    p
}

/// (account, amount) of a voucher's rows, sorted by account.
fn figures(v: &Voucher) -> Vec<(u16, String)> {
    let mut f: Vec<(u16, String)> = v
        .rows
        .iter()
        .map(|p| (p.account.number(), p.amount.to_plain()))
        .collect();
    f.sort();
    f
}

fn today() -> NaiveDate {
    Utc::now().with_timezone(&chrono::Local).date_naive()
}

#[tokio::test]
async fn a_payout_marks_invoices_paid_and_books_bank_fees_and_receivable_once() {
    let s = shop();
    let (_, first, r1) = s.klarna_invoice("10000"); // 12 500,00
    let (_, second, r2) = s.klarna_invoice("1600"); // 2 000,00
    let day = today();
    let mut fee1 = row(RowKind::Fee, "311.25", Some(&r1));
    fee1.detail = Some("PURCHASE_FEE_PERCENTAGE".into());
    let p = payout(
        "KL4R7N01",
        day,
        vec![
            row(RowKind::Sale, "12500", Some(&r1)),
            row(RowKind::Sale, "2000", Some(&r2)),
            row(RowKind::Sale, "700", Some("99999-1")),
            fee1,
            row(RowKind::Fee, "49.80", Some(&r2)),
        ],
    );
    assert_eq!(p.net, kr("14838.95"));
    s.klarna.push_payout(p);
    let before = s.voucher_count();

    let out = s.shop.apply_settlements(None).await.unwrap();
    assert_eq!(out.applied.len(), 1);
    assert_eq!(out.invoices_paid(), vec![first, second]);
    let unmatched = out.unmatched();
    assert_eq!(unmatched.len(), 1, "the unknown sale is kept and reported");
    assert_eq!(unmatched[0].row.amount, kr("700"));
    assert_eq!(unmatched[0].effect, "unmatched");
    let v = s.voucher(out.applied[0].voucher_no);
    assert_eq!(v.date, day);
    assert!(v.is_balanced());
    assert_eq!(
        figures(&v),
        [
            (1581, "-14500.00".to_string()),
            (1930, "14838.95".to_string()),
            (2999, "-700.00".to_string()),
            (6064, "361.05".to_string()),
        ]
    );
    for no in [first, second] {
        let paid = s.shop.invoice_paid(no).unwrap().unwrap();
        assert_eq!(paid.paid_on, Some(day), "invoice {no}");
        assert_eq!(paid.received, paid.to_pay);
    }

    // Twice: nothing new is booked or recorded.
    let again = s.shop.apply_settlements(None).await.unwrap();
    assert!(again.applied.is_empty());
    assert_eq!(again.already_known, ["KL4R7N01"]);
    assert_eq!(s.voucher_count(), before + 1);
    assert_eq!(
        s.shop.invoice_paid(first).unwrap().unwrap().receipts.len(),
        1
    );
    let listed = s.shop.settlements(10).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].payment_reference, "KL4R7N01");
    assert_eq!(listed[0].totals.fees, kr("361.05"));
    assert_eq!(listed[0].rows.len(), 5);
}

#[tokio::test]
async fn settlements_from_a_klarna_store_that_does_not_answer_say_so_and_book_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v.db");
    // A configured store at an address where nothing answers (no sandbox is started for it).
    let config = Config {
        klarna: toml::from_str(
            "[[stores]]\nname = \"A\"\nusername = \"PK1\"\npassword = \"s\"\n\
             base_url = \"http://127.0.0.1:1\"\n",
        )
        .unwrap(),
        ..Config::default()
    };
    let shop = Workshop::with_store(
        Database::open(&path).unwrap(),
        path.clone(),
        config,
        None,
        "kassa1",
    );
    let e = shop.apply_settlements(None).await.unwrap_err();
    assert!(e.to_string().contains("Klarna svarar inte"), "{e}");
    assert!(shop.settlements(10).unwrap().is_empty());
}

fn dispute(id: &str, reference: &str, amount: &str, opened_days_ago: u64) -> Dispute {
    Dispute {
        id: id.into(),
        provider: "Klarna".into(),
        provider_order_id: None,
        order_reference: Some(reference.into()),
        reason: "goods_not_received".into(),
        amount: kr(amount),
        fee: None,
        opened_at: Utc::now() - Days::new(opened_days_ago),
        deadline: None,
        state: DisputeState::Open,
        requests: vec![],
    }
}

#[tokio::test]
async fn a_dispute_pauses_the_invoice_and_won_makes_it_active_again() {
    let s = shop();
    // The counter's background dispute sync runs only once an invoice is booked as KLARNA.
    assert!(!s.shop.has_klarna_invoices().unwrap());
    let (nr, _, r) = s.klarna_invoice("4000"); // 5 000,00
    assert!(s.shop.has_klarna_invoices().unwrap());
    s.klarna.put_dispute(dispute("krn:won", &r, "5000", 2));
    let sync = s.shop.sync_disputes().await.unwrap();
    assert_eq!(sync.opened, ["krn:won"]);
    let paused = s.shop.order_paused(nr).unwrap().expect("paused while open");
    assert_eq!(paused.customer.as_deref(), Some("Åsa Öberg"));
    assert_eq!(
        paused.deadline,
        paused.opened_at.date_naive() + Days::new(21)
    );
    // The order screen's load carries it.
    let view = s.shop.order(nr).unwrap();
    assert_eq!(view.paused.map(|d| d.deadline), Some(paused.deadline));

    let d = s
        .shop
        .respond_dispute("krn:won", "Bilen hämtades 2026-11-20, kvitto bifogat", None)
        .await
        .unwrap();
    assert_eq!(d.state, DisputeState::ResponseSent);
    assert!(
        s.shop.order_paused(nr).unwrap().is_some(),
        "still under review"
    );
    assert_eq!(s.klarna.responses().len(), 1);

    let vouchers = s.voucher_count();
    s.klarna.decide("krn:won", DisputeState::Won, None);
    let sync = s.shop.sync_disputes().await.unwrap();
    assert_eq!(sync.won, ["krn:won"]);
    assert!(s.shop.order_paused(nr).unwrap().is_none(), "active again");
    assert!(s.shop.order(nr).unwrap().paused.is_none());
    assert_eq!(s.voucher_count(), vouchers, "a won dispute books nothing");
}

#[tokio::test]
async fn a_lost_dispute_books_chargeback_and_fee_once_and_its_payout_rows_clear_1581() {
    let s = shop();
    let (nr, _, r) = s.klarna_invoice("4000"); // 5 000,00
    s.klarna.put_dispute(dispute("krn:lost", &r, "5000", 3));
    s.shop.sync_disputes().await.unwrap();
    s.klarna
        .decide("krn:lost", DisputeState::Lost, Some(kr("150")));
    let sync = s.shop.sync_disputes().await.unwrap();
    let voucher = sync.lost[0].1.expect("booked now");
    assert_eq!(
        figures(&s.voucher(voucher)),
        [
            (1581, "-5150.00".to_string()),
            (6064, "150.00".to_string()),
            (6351, "5000.00".to_string()),
        ]
    );
    assert!(s.shop.order_paused(nr).unwrap().is_none());
    let count = s.voucher_count();
    let again = s.shop.sync_disputes().await.unwrap();
    assert!(again.lost.is_empty());
    assert_eq!(s.voucher_count(), count, "booked once");

    // Klarna's next payout: the sale, then its REVERSAL and DISPUTE_FEE.
    let mut reversal = row(RowKind::Reversal, "5000", Some(&r));
    reversal.dispute_id = Some("krn:lost".into());
    let mut fee = row(RowKind::Fee, "150", Some(&r));
    fee.detail = Some(DISPUTE_FEE.into());
    fee.dispute_id = Some("krn:lost".into());
    let (_, _, r2) = s.klarna_invoice("8000"); // 10 000,00
    s.klarna.push_payout(payout(
        "KL4R7N02",
        today(),
        vec![row(RowKind::Sale, "10000", Some(&r2)), reversal, fee],
    ));
    let out = s.shop.apply_settlements(None).await.unwrap();
    let v = s.voucher(out.applied[0].voucher_no);
    // 1581: −10 000 (sale) + 5 000 + 150 (cleared): no second 6351 or 6064.
    assert_eq!(
        figures(&v),
        [
            (1581, "-4850.00".to_string()),
            (1930, "4850.00".to_string())
        ]
    );
}

#[tokio::test]
async fn a_missed_deadline_is_lost_and_a_later_dispute_fee_is_booked_by_the_payout() {
    let s = shop();
    let (_, _, r) = s.klarna_invoice("800"); // 1 000,00
    let mut d = dispute("krn:late", &r, "1000", 9);
    d.reason = "unauthorized_purchase".into(); // 7 days
    s.klarna.put_dispute(d);
    let sync = s.shop.sync_disputes().await.unwrap();
    assert_eq!(sync.lost.len(), 1);
    let rec = s.shop.dispute("krn:late").unwrap();
    assert_eq!(rec.outcome.as_deref(), Some("deadline_missed"));
    assert_eq!(rec.deadline, rec.opened_at.date_naive() + Days::new(7));
    assert_eq!(
        figures(&s.voucher(rec.chargeback_voucher.unwrap())),
        [
            (1581, "-1000.00".to_string()),
            (6351, "1000.00".to_string())
        ]
    );
    assert_eq!(
        rec.fee_voucher, None,
        "Klarna states no fee with the dispute"
    );

    let mut fee = row(RowKind::Fee, "150", Some(&r));
    fee.detail = Some(DISPUTE_FEE.into());
    fee.dispute_id = Some("krn:late".into());
    let mut p = payout("KL4R7N03", today(), vec![fee]);
    p.closing_debt = kr("150");
    p.net = Money::ZERO;
    s.klarna.push_payout(p);
    let out = s.shop.apply_settlements(None).await.unwrap();
    let v = s.voucher(out.applied[0].voucher_no);
    assert_eq!(
        figures(&v),
        // Nothing reached the bank: the fee is carried as a debt to Klarna on 1581.
        [(1581, "-150.00".to_string()), (6064, "150.00".to_string())]
    );
    let rec = s.shop.dispute("krn:late").unwrap();
    assert_eq!(rec.fee_voucher, Some(out.applied[0].voucher_no));
    // Klarna now says lost: nothing more is booked.
    let count = s.voucher_count();
    s.klarna
        .decide("krn:late", DisputeState::Lost, Some(kr("150")));
    s.shop.sync_disputes().await.unwrap();
    assert_eq!(s.voucher_count(), count);
}

#[tokio::test]
async fn accepting_the_loss_books_the_chargeback() {
    let s = shop();
    let (_, _, r) = s.klarna_invoice("2000"); // 2 500,00
    s.klarna.put_dispute(dispute("krn:acc", &r, "2500", 1));
    s.shop.sync_disputes().await.unwrap();
    let d = s.shop.accept_dispute_loss("krn:acc").await.unwrap();
    assert_eq!(d.state, DisputeState::Accepted);
    assert_eq!(d.outcome.as_deref(), Some("accepted"));
    assert_eq!(
        figures(&s.voucher(d.chargeback_voucher.unwrap())),
        [
            (1581, "-2500.00".to_string()),
            (6351, "2500.00".to_string())
        ]
    );
    assert!(s.shop.accept_dispute_loss("nope").await.is_err());
}

#[tokio::test]
async fn the_dispute_rate_warns_above_1_2_percent() {
    let s = shop();
    let mut refs = Vec::new();
    for _ in 0..70 {
        refs.push(s.klarna_invoice("100").2);
    }
    s.klarna.put_dispute(dispute("krn:r1", &refs[0], "125", 1));
    s.shop.sync_disputes().await.unwrap();
    let rate = s.shop.dispute_rate(90).unwrap();
    // 1 / 70 = 1,43 %: above the warning, below Klarna's 1,5 %.
    assert_eq!((rate.disputes, rate.invoices), (1, 70));
    assert_eq!(rate.level, RateLevel::Warning);
    s.klarna.put_dispute(dispute("krn:r2", &refs[1], "125", 1));
    s.shop.sync_disputes().await.unwrap();
    assert_eq!(s.shop.dispute_rate(90).unwrap().level, RateLevel::Elevated);
}

/// The payout's voucher books its net on 1930; the bank's camt.054 credit carrying the payout
/// reference closes the payout and books nothing more (issue 14). A second credit naming the
/// same payout goes to OBS; a credit of another amount leaves the difference on OBS.
#[tokio::test]
async fn the_banks_credit_of_a_payout_closes_it_without_booking_1930_twice() {
    let s = shop();
    let (_, invoice, r) = s.klarna_invoice("1000"); // 1 250,00
    let day = today();
    s.klarna.push_payout(payout(
        "KL4R7N02",
        day,
        vec![
            row(RowKind::Sale, "1250", Some(&r)),
            row(RowKind::Fee, "37.50", Some(&r)),
        ],
    ));
    s.shop.apply_settlements(None).await.unwrap();
    let bank = s.balance(1930);
    assert_eq!(bank, kr("1212.50"));
    let vouchers = s.voucher_count();

    let file = camt(
        "CLOSE-1",
        "2026-11-30",
        &[Pay::text(121_250, "KLARNA UTBETALNING KL4R7N02")],
    );
    let out = s.shop.import_bank_bytes(&file, None).unwrap();
    let p = &out.payments[0];
    assert_eq!(p.state, State::Matched);
    assert_eq!(p.voucher_no, None, "nothing more is booked");
    assert!(
        matches!(&p.decision.reasons[0], Reason::Payout { reference, .. } if reference == "KL4R7N02")
    );
    assert_eq!(s.voucher_count(), vouchers);
    assert_eq!(s.balance(1930), bank, "the payout is on the bank once");
    assert!(
        s.shop
            .invoice_paid(invoice)
            .unwrap()
            .unwrap()
            .paid_on
            .is_some()
    );

    // The same payout named again by another credit: not closed twice, the money on OBS.
    let again = camt("CLOSE-2", "2026-12-01", &[Pay::text(121_250, "KL4R7N02")]);
    let out = s.shop.import_bank_bytes(&again, None).unwrap();
    assert_eq!(out.payments[0].state, State::Obs);
    assert!(matches!(
        &out.payments[0].decision.reasons[0],
        Reason::PayoutAlreadyClosed { .. }
    ));
    assert_eq!(s.balance(2999), kr("-1212.50"));
    assert_eq!(s.balance(1930), bank + kr("1212.50"));

    // Another payout credited 10 kr more than its net: the difference waits on OBS.
    let (_, _, r2) = s.klarna_invoice("800"); // 1 000,00
    s.klarna.push_payout(payout(
        "KL4R7N03",
        day,
        vec![row(RowKind::Sale, "1000", Some(&r2))],
    ));
    s.shop.apply_settlements(None).await.unwrap();
    let before = s.balance(2999);
    let off = camt("CLOSE-3", "2026-12-01", &[Pay::text(101_000, "KL4R7N03")]);
    let out = s.shop.import_bank_bytes(&off, None).unwrap();
    assert_eq!(out.payments[0].state, State::Obs);
    let v = s.voucher(out.payments[0].voucher_no.unwrap());
    assert_eq!(
        figures(&v),
        [(1930, "10.00".to_string()), (2999, "-10.00".to_string())]
    );
    assert_eq!(s.balance(2999), before - kr("10"));
    assert!(s.vouchers().iter().all(Voucher::is_balanced));
}

/// The bank's credit imported before the payout is fetched waits on OBS (its reference is not
/// known yet); applying the payout then closes it and takes the second 1930 booking back.
#[tokio::test]
async fn a_payout_fetched_after_its_bank_credit_closes_the_credit_waiting_on_obs() {
    let s = shop();
    let (_, _, r) = s.klarna_invoice("1000"); // 1 250,00
    let file = camt("EARLY-1", "2026-11-30", &[Pay::text(121_250, "KL4R7N04")]);
    let out = s.shop.import_bank_bytes(&file, None).unwrap();
    let waiting = out.payments[0].id;
    assert_eq!(out.payments[0].state, State::Obs);
    assert_eq!(s.balance(2999), kr("-1212.50"));

    s.klarna.push_payout(payout(
        "KL4R7N04",
        today(),
        vec![
            row(RowKind::Sale, "1250", Some(&r)),
            row(RowKind::Fee, "37.50", Some(&r)),
        ],
    ));
    let applied = s.shop.apply_settlements(None).await.unwrap();
    assert_eq!(applied.applied[0].bank_payment, Some(waiting));
    assert_eq!(s.balance(2999), Money::ZERO, "OBS is cleared");
    assert_eq!(
        s.balance(1930),
        kr("1212.50"),
        "the bank has the payout once"
    );
    assert_eq!(s.balance(1581), Money::ZERO);
    let p = s.shop.payment(waiting).unwrap();
    assert_eq!(p.standing.state, State::Matched);
    assert_eq!(p.standing.held, Money::ZERO);
    assert!(s.vouchers().iter().all(Voucher::is_balanced));
    // The credit imported again (same file): nothing changes.
    let again = s.shop.import_bank_bytes(&file, None).unwrap();
    assert!(again.already_imported);
    assert_eq!(s.balance(1930), kr("1212.50"));
}
