//! "Has it been paid?" for every payment method (issue 14): the order list's `invoice_paid` and
//! `invoice_paid_at` columns and the order view, on a real SQLite file. KONTANT and KORT are
//! paid when booked, MOBIL when the payment was received; FAKTURA and KLARNA when the receipts
//! against the invoice (the bank's payment, Klarna's payout) reach what it asks — on the day
//! they did, a part payment leaving it unpaid.

use std::sync::Arc;

use chrono::{Days, Local, NaiveDate, Utc};
use serde_json::{Value, json};
use verkstad::app::config::{Books, Config};
use verkstad::app::workshop::ProviderSources;
use verkstad::app::{Workshop, import, ledger};
use verkstad::domain::columns::InvoicePaidState;
use verkstad::domain::settlement::{Payout, PayoutRow, RowKind};
use verkstad::domain::{Column, Money, OrderSummary, PaymentMethod, Sort, Status};
use verkstad::payments::{MemorySource, PaymentState};
use verkstad::store::prelude::*;
use verkstad::store::{AttemptState, Database, InvoiceReceipt, ListQuery, NewAttempt};

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

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    Utc::now().with_timezone(&Local).date_naive()
}

impl Shop {
    /// A KLART order of one line of 1 000 kr + 25 % VAT, for a customer with an address.
    fn order(&self) -> i64 {
        let record = json!({
            "customer": {"name": "Åsa Öberg", "mobile": "070-123 45 67", "email": "asa@exempel.se",
                         "street": "Storgatan 1", "postal_code": "352 30", "city": "Växjö"},
            "vehicle": {"regnr": "ABC123"},
            "status": "KLART",
            "lines": [{"kind": "arbete", "description": "Service", "quantity": 1, "unit_price": "1000"}]
        });
        import::import_orders(
            &self.db,
            "test",
            &Value::Array(vec![record]).to_string(),
            day(2026, 11, 22),
        )
        .unwrap()[0]
    }

    /// Booked with `method` at the counter (KONTANT, KORT, FAKTURA): (order, invoice).
    fn booked(&self, method: PaymentMethod) -> (i64, i64) {
        let nr = self.order();
        let b = ledger::book(&self.db, "test", &Books::default(), nr, Some(method), false).unwrap();
        (nr, b.invoice.invoice.no)
    }

    /// Paid through `provider` (MOBIL through Resurs, KLARNA through Klarna) at `received`,
    /// then booked: (order, invoice, our reference).
    fn via_provider(
        &self,
        provider: &str,
        method: PaymentMethod,
        received: chrono::DateTime<Utc>,
    ) -> (i64, i64, String) {
        let nr = self.order();
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
                    provider: provider.into(),
                    provider_store: None,
                    idempotency_key: format!("key-{reference}"),
                    request_json: "{}".into(),
                    amount: total,
                    mobile: "+46701234567".into(),
                    ttl_minutes: 60,
                })?;
                a.state = AttemptState::Sent;
                a.provider_payment_id = Some(format!("p-{nr}"));
                a.payment_state = Some(PaymentState::Paid);
                a.authorized = Some(total);
                w.update_attempt(&a, "paid")?;
                order.status = Status::MobilePayment;
                order.payment_method = Some(method);
                order.payment_received = true;
                order.payment_received_at = Some(received);
                w.save_order(&order, "paid")?;
                Ok::<_, verkstad::store::StoreError>(reference)
            })
            .unwrap();
        let b = ledger::book(&self.db, "test", &Books::default(), nr, None, false).unwrap();
        assert_eq!(b.invoice.invoice.method, method);
        (nr, b.invoice.invoice.no, reference)
    }

    /// A receipt against invoice `no` (as the bank's payment would record it).
    fn receipt(&self, no: i64, amount: &str, on: NaiveDate, reference: &str) {
        let voucher_no = self.db.invoice(no).unwrap().unwrap().invoice.voucher_no;
        self.db
            .write("test", |w| {
                w.insert_invoice_receipt(&InvoiceReceipt {
                    invoice_no: no,
                    amount: Money::parse(amount).unwrap(),
                    source: "bankgiro".into(),
                    source_reference: reference.into(),
                    voucher_no,
                    received_on: on,
                })
            })
            .unwrap();
    }

    fn rows(&self) -> Vec<OrderSummary> {
        self.shop
            .list(&ListQuery {
                filter: None,
                status: None,
                paid: None,
                sort: Sort::default(),
                limit: 50,
                offset: 0,
                after_nr: None,
            })
            .unwrap()
    }

    /// The list's paid state of order `nr`, checked against the order view's.
    fn paid(&self, nr: i64) -> (Option<bool>, Option<NaiveDate>) {
        let rows = self.rows();
        let row = rows.iter().find(|r| r.nr == nr).unwrap();
        let view = self.shop.order(nr).unwrap().invoice_paid;
        assert_eq!(
            view,
            row.invoice_paid.map(|paid| InvoicePaidState {
                paid,
                paid_on: row.invoice_paid_at
            }),
            "order {nr}: the list and the order screen agree"
        );
        (row.invoice_paid, row.invoice_paid_at)
    }
}

#[tokio::test]
async fn every_payment_methods_invoice_says_whether_and_when_it_was_paid() {
    let s = shop();
    let booked_today = today();
    // Not booked: no invoice, nothing to say.
    let open = s.order();
    assert_eq!(s.paid(open), (None, None));

    // Paid at the counter when booked.
    let (cash, _) = s.booked(PaymentMethod::Kontant);
    let (card, _) = s.booked(PaymentMethod::Kort);
    assert_eq!(s.paid(cash), (Some(true), Some(booked_today)));
    assert_eq!(s.paid(card), (Some(true), Some(booked_today)));

    // MOBIL: paid when Resurs received it (before booking).
    let received = Utc::now() - chrono::Duration::days(3);
    let (mobile, ..) = s.via_provider("Resurs", PaymentMethod::Mobil, received);
    assert_eq!(
        s.paid(mobile),
        (
            Some(true),
            Some(received.with_timezone(&Local).date_naive())
        )
    );

    // FAKTURA: unpaid until the receipts reach what it asks; a part payment is not enough.
    let (invoice_nr, invoice_no) = s.booked(PaymentMethod::Faktura);
    assert_eq!(s.paid(invoice_nr), (Some(false), None));
    s.receipt(invoice_no, "500", day(2026, 11, 24), "BG1/1");
    assert_eq!(s.paid(invoice_nr), (Some(false), None));
    s.receipt(invoice_no, "750", day(2026, 11, 27), "BG2/1");
    assert_eq!(s.paid(invoice_nr), (Some(true), Some(day(2026, 11, 27))));

    // KLARNA: unpaid until Klarna's payout pays it, then paid on the payout's day (Klarna has
    // captured it, but the customer's debt is Klarna's: what we wait for is Klarna's money).
    let (klarna_nr, klarna_no, reference) =
        s.via_provider("Klarna", PaymentMethod::Klarna, Utc::now());
    assert_eq!(s.paid(klarna_nr), (Some(false), None));
    let payout_day = booked_today - Days::new(1);
    let sale = PayoutRow {
        kind: RowKind::Sale,
        detail: None,
        amount: Money::parse("1250").unwrap(),
        vat: Money::ZERO,
        order_reference: Some(reference),
        provider_order_id: None,
        capture_id: None,
        refund_id: None,
        dispute_id: None,
        sale_date: None,
    };
    let mut p = Payout {
        provider: "Klarna".into(),
        payment_reference: "KL4R7N01".into(),
        payout_date: payout_day,
        currency: "SEK".into(),
        rows: vec![sale],
        net: Money::ZERO,
        opening_debt: Money::ZERO,
        closing_debt: Money::ZERO,
    };
    p.net = p.gross();
    s.klarna.push_payout(p);
    let out = s.shop.apply_settlements(None).await.unwrap();
    assert_eq!(out.invoices_paid(), vec![klarna_no]);
    assert_eq!(s.paid(klarna_nr), (Some(true), Some(payout_day)));

    // The columns as the list and `order list --format json` show them.
    let rows = s.rows();
    let row = |nr: i64| rows.iter().find(|r| r.nr == nr).unwrap();
    assert_eq!(Column::InvoicePaid.cell(row(invoice_nr)), "BETALD");
    assert_eq!(Column::InvoicePaidAt.cell(row(invoice_nr)), "2026-11-27");
    assert_eq!(Column::InvoicePaid.cell(row(open)), "");
    assert_eq!(Column::InvoicePaid.value(row(klarna_nr)), json!(true));
    assert_eq!(
        Column::InvoicePaidAt.value(row(klarna_nr)),
        json!(payout_day.to_string())
    );
    assert_eq!(Column::InvoicePaid.value(row(open)), Value::Null);
    // A list "sorted" on the paid state is sorted by number: the column is not sortable.
    assert!(!Column::InvoicePaid.sortable());
    let sorted = s
        .shop
        .list(&ListQuery {
            filter: None,
            status: None,
            paid: None,
            sort: Sort {
                column: Column::InvoicePaidAt,
                descending: true,
            },
            limit: 50,
            offset: 0,
            after_nr: None,
        })
        .unwrap();
    let nrs: Vec<i64> = sorted.iter().map(|r| r.nr).collect();
    let mut by_number = nrs.clone();
    by_number.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(nrs, by_number);
    assert!(Sort::parse("invoice_paid").is_err());
}
