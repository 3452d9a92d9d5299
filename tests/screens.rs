//! The counter screen, driven through its real update functions (`on_key`, `on_mouse`,
//! `on_event`) and rendered into a `TestBackend`: no terminal, no database, no network.
//!
//! Snapshot tests show what the user sees; the plain tests check the update logic.

use chrono::{DateTime, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use verkstad::app::InputField;
use verkstad::domain::{
    Address, Column, Customer, Lang, LineKind, Mobile, Money, Order, OrderLine, OrderSummary,
    PaymentMethod, Percent, Quantity, Regnr, Status, Totals, VatRate, Vehicle,
};
use verkstad::payments::PaymentState;
use verkstad::store::{AttemptState, ListCount, OrderDetails, PaymentAttempt};
use verkstad::tui::keymap::{Action, Keymap};
use verkstad::tui::model::{Effect, Event, Model, Overlay, Screen};
use verkstad::tui::view;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Times are shown in local time: pin it. Every test sets the same value, so tests running in
/// parallel cannot disagree about it.
fn utc() {
    // SAFETY: every test writes the same value and nothing reads TZ concurrently in a way that
    // could observe a different one.
    unsafe { std::env::set_var("TZ", "UTC") }
}

/// 2026-11-20 09:30 UTC plus some minutes.
fn at(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 9, 30, 0).unwrap() + chrono::Duration::minutes(minutes)
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn press(m: &mut Model, code: KeyCode) -> Vec<Effect> {
    m.on_key(key(code))
}

fn line(
    kind: LineKind,
    article_no: Option<&str>,
    description: &str,
    quantity_hundredths: i64,
    unit: &str,
    price_ore: i64,
) -> OrderLine {
    OrderLine {
        kind,
        article_no: article_no.map(str::to_string),
        description: description.to_string(),
        quantity: Quantity::from_hundredths(quantity_hundredths),
        unit: unit.to_string(),
        unit_price: Money::from_ore(price_ore),
        discount: Percent::from_hundredths(0),
        vat: VatRate::R25,
    }
}

/// Labour 1,5 h × 895, a part at 189, oil 4,3 l × 129: 2 086,20 + 521,55 moms = 2 607,75.
fn three_lines() -> Vec<OrderLine> {
    vec![
        line(
            LineKind::Arbete,
            Some("A100"),
            "Service enligt schema",
            150,
            "h",
            89_500,
        ),
        line(
            LineKind::Artikel,
            Some("OF-2231"),
            "Oljefilter",
            100,
            "st",
            18_900,
        ),
        line(
            LineKind::Artikel,
            Some("OL-5W30"),
            "Motorolja 5W-30",
            430,
            "l",
            12_900,
        ),
    ]
}

fn customer() -> Customer {
    Customer {
        customer_no: 10007,
        name: "Karin Öberg".into(),
        national_id: None,
        mobile: Some(Mobile::parse("+46701234567").unwrap()),
        email: Some("karin.oberg@example.se".into()),
        address: Address {
            street: "Storgatan 12".into(),
            postal_code: "903 26".into(),
            city: "Umeå".into(),
        },
        vat_no: None,
        reverse_charge: false,
    }
}

fn vehicle() -> Vehicle {
    Vehicle {
        regnr: Regnr::parse("ABC123").unwrap(),
        make: "Volvo".into(),
        model: "V70".into(),
        year: Some(2015),
        mileage: Some(184_200),
    }
}

fn details(nr: i64, status: Status, lines: Vec<OrderLine>) -> OrderDetails {
    let totals = Totals::of(&lines);
    OrderDetails {
        order: Order {
            nr,
            customer_no: 10007,
            regnr: Some(Regnr::parse("ABC123").unwrap()),
            status,
            lines,
            payment_method: None,
            payment_received: false,
            payment_received_at: None,
            invoice_no: None,
            booked_at: None,
            completed_at: None,
            created_at: at(0),
            updated_at: at(5),
            version: 3,
        },
        customer: customer(),
        vehicle: Some(vehicle()),
        totals,
    }
}

fn attempt(nr: i64, payment_state: PaymentState, method: Option<&str>) -> PaymentAttempt {
    PaymentAttempt {
        id: 1,
        order_nr: nr,
        attempt: 1,
        provider: "resurs".into(),
        provider_store: None,
        order_reference: format!("VO-{nr}-1"),
        idempotency_key: "00000000-0000-4000-8000-000000000001".into(),
        request_json: "{}".into(),
        amount: Money::from_ore(260_775),
        mobile: "+46701234567".into(),
        ttl_minutes: 30,
        state: AttemptState::Sent,
        provider_payment_id: Some("p-1".into()),
        customer_url: None,
        payment_state: Some(payment_state),
        method: method.map(str::to_string),
        paid_at: None,
        refunded: Money::ZERO,
        error: None,
        created_at: at(10),
        updated_at: at(12),
        authorized: None,
    }
}

#[allow(clippy::too_many_arguments)]
fn summary(
    nr: i64,
    customer_no: i64,
    name: &str,
    regnr: &str,
    status: Status,
    total_ore: i64,
    paid_at: Option<DateTime<Utc>>,
    created_min: i64,
) -> OrderSummary {
    OrderSummary {
        nr,
        customer_no,
        customer_name: name.into(),
        regnr: Some(regnr.into()),
        make: "Volvo".into(),
        model: "V70".into(),
        status,
        total: Money::from_ore(total_ore),
        payment_method: paid_at.map(|_| PaymentMethod::Mobil),
        payment_received: paid_at.is_some(),
        payment_received_at: paid_at,
        created_at: at(created_min),
        updated_at: at(created_min + 1),
        mobile: Some("+46701234567".into()),
        invoice_no: None,
        booked_at: None,
        sending: false,
        pay_provider: paid_at.map(|_| "Resurs".to_string()),
        pay_state: paid_at.map(|_| verkstad::domain::payment::PaymentState::Paid),
        invoice_paid: None,
        invoice_paid_at: None,
    }
}

/// Five orders, newest first; 10005 is paid.
fn five_rows() -> Vec<OrderSummary> {
    vec![
        summary(
            10005,
            10007,
            "Karin Öberg",
            "ABC123",
            Status::MobilePayment,
            260_775,
            Some(at(12)),
            -60,
        ),
        summary(
            10004,
            10003,
            "Lars Nilsson",
            "DEF45G",
            Status::Complete,
            1_249_900,
            None,
            -24 * 60,
        ),
        summary(
            10003,
            10002,
            "Åkeri Öbacka AB",
            "GHJ789",
            Status::Open,
            45_000,
            None,
            -2 * 24 * 60,
        ),
        summary(
            10002,
            10001,
            "Maria Lindqvist",
            "KLM012",
            Status::Booked,
            389_000,
            None,
            -3 * 24 * 60,
        ),
        summary(
            10001,
            10004,
            "Elinstallatören Norr AB",
            "NOP34R",
            Status::Credited,
            -125_000,
            None,
            -4 * 24 * 60,
        ),
    ]
}

fn model() -> Model {
    Model::new(Lang::Sv, Keymap::default(), false, Column::DEFAULT.to_vec())
}

/// The generation of the (last) LoadList among the effects; fails the test if there is none.
fn list_generation(fx: &[Effect]) -> u64 {
    fx.iter()
        .rev()
        .find_map(|e| match e {
            Effect::LoadList { generation, .. } => Some(*generation),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no LoadList among {fx:?}"))
}

fn load_lists(fx: &[Effect]) -> usize {
    fx.iter()
        .filter(|e| matches!(e, Effect::LoadList { .. }))
        .count()
}

/// Answer the model's LoadList with these rows, as the worker would.
/// The worker answers the list query with `rows`, and counts them (all the orders there are).
fn answer_list(m: &mut Model, fx: &[Effect], rows: Vec<OrderSummary>) {
    let generation = list_generation(fx);
    let n = rows.len() as u64;
    let out = m.on_event(Event::ListLoaded { rows, generation });
    assert!(out.is_empty(), "a loaded list asks for nothing: {out:?}");
    let query = m.list.count_key();
    let out = m.on_event(Event::ListCounted {
        query,
        count: ListCount { n, exact: true },
    });
    assert!(out.is_empty(), "a count asks for nothing: {out:?}");
}

/// A model on the F5 list with the five rows loaded.
fn list_model(lang: Lang) -> Model {
    let mut m = Model::new(lang, Keymap::default(), false, Column::DEFAULT.to_vec());
    let fx = m.start();
    answer_list(&mut m, &fx, five_rows());
    m
}

/// Open an order the way a user does: pick its row in the list, Enter, and the worker answers.
fn open_order(m: &mut Model, d: OrderDetails, attempts: Vec<PaymentAttempt>) {
    let nr = d.order.nr;
    let mut row = five_rows().remove(0);
    row.nr = nr;
    row.status = d.order.status;
    let fx = m.on_key(key(KeyCode::F(5)));
    answer_list(m, &fx, vec![row]);
    let fx = press(m, KeyCode::Enter);
    assert_eq!(fx, vec![Effect::LoadOrder(nr)]);
    assert_eq!(m.screen, Screen::Order);
    let fx = m.on_event(Event::OrderLoaded(Box::new(d), attempts, None));
    assert!(fx.is_empty());
}

fn order_model(d: OrderDetails) -> Model {
    let mut m = model();
    open_order(&mut m, d, Vec::new());
    m
}

fn render(model: &mut Model, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::render(model, f)).unwrap();
    terminal.backend().to_string()
}

fn error_text(m: &Model) -> String {
    let msg = m.message.as_ref().expect("a message for the user");
    assert!(msg.error, "expected an error message, got {msg:?}");
    msg.text.clone()
}

// ---------------------------------------------------------------------------------------------
// Order screen
// ---------------------------------------------------------------------------------------------

#[test]
fn order_screen_without_an_order() {
    utc();
    let mut m = model();
    let fx = m.start();
    answer_list(&mut m, &fx, five_rows());
    // Enter on a row switches to the order screen, which says what it is opening until the
    // worker answers; an answer that fails leaves "no order open".
    assert_eq!(
        press(&mut m, KeyCode::Enter),
        vec![Effect::LoadOrder(10005)]
    );
    let text = render(&mut m, 100, 30);
    assert!(text.contains("Öppnar order 10005…"), "{text}");
    m.on_event(Event::Done {
        text: "Order 10005 finns inte".into(),
        error: true,
    });
    let text = render(&mut m, 100, 30);
    assert!(text.contains("Ingen order öppen."));
    insta::assert_snapshot!("order_none", text);
}

#[test]
fn order_screen_open_order() {
    utc();
    let mut m = order_model(details(10008, Status::Open, three_lines()));
    let text = render(&mut m, 100, 30);
    assert!(text.contains("2 607,75"), "the total to pay shows");
    assert!(text.contains("1 342,50"), "labour 1,5 h × 895");
    assert!(text.contains("554,70"), "oil 4,3 l × 129");
    assert!(
        text.contains("070-123 45 67"),
        "the mobile in national form"
    );
    insta::assert_snapshot!("order_open", text);
}

#[test]
fn order_screen_open_order_at_the_minimum_size() {
    utc();
    let mut m = order_model(details(10008, Status::Open, three_lines()));
    let text = render(&mut m, 80, 24);
    assert!(text.contains("Order 10008"));
    assert!(text.contains("2 607,75"), "the total to pay shows at 80×24");
    assert!(
        text.contains("Service…") && !text.contains("Service enli "),
        "a description that does not fit is shortened after a word: {text}"
    );
    insta::assert_snapshot!("order_open_80x24", text);
}

#[test]
fn order_screen_complete_order() {
    utc();
    let mut m = order_model(details(10008, Status::Complete, three_lines()));
    let text = render(&mut m, 100, 30);
    assert!(text.contains(" KLART "));
    assert!(!text.contains("LÅST"), "a KLART order is not locked");
    insta::assert_snapshot!("order_complete", text);
}

#[test]
fn order_screen_locked_after_send() {
    utc();
    let mut m = order_model(details(10008, Status::Complete, three_lines()));
    assert!(m.on_key(ctrl('s')).is_empty());
    assert_eq!(press(&mut m, KeyCode::Enter), vec![Effect::Send(10008)]);
    let busy = render(&mut m, 100, 30);
    assert!(
        busy.contains("Skickar betalnings-SMS…"),
        "the spinner line shows"
    );
    let fx = m.on_event(Event::Done {
        text: "Betalnings-SMS skickat till 070-123 45 67".into(),
        error: false,
    });
    assert_eq!(fx, vec![Effect::LoadOrder(10008)]);
    let fx = m.on_event(Event::OrderLoaded(
        Box::new(details(10008, Status::MobilePayment, three_lines())),
        vec![attempt(10008, PaymentState::Pending, None)],
        None,
    ));
    assert!(fx.is_empty());
    let text = render(&mut m, 100, 30);
    assert!(text.contains("LÅST – betalnings-SMS skickat"));
    assert!(text.contains("MOBILBET"));
    assert!(text.contains("Betalnings-SMS skickat till 070-123 45 67"));
    insta::assert_snapshot!("order_locked_mobilbet", text);
}

#[test]
fn an_unknown_send_outcome_shows_on_the_order_and_in_the_list() {
    utc();
    // After a crash during the send: the attempt is still "sending", the order locked.
    let mut sending = attempt(10008, PaymentState::Pending, None);
    sending.state = AttemptState::Sending;
    sending.provider_payment_id = None;
    sending.customer_url = None;
    sending.payment_state = None;
    let mut m = model();
    open_order(
        &mut m,
        details(10008, Status::MobilePayment, three_lines()),
        vec![sending],
    );
    let text = render(&mut m, 100, 30);
    assert!(text.contains("SMS skickas – utfall okänt"), "{text}");
    assert!(text.contains("LÅST"), "{text}");
    insta::assert_snapshot!("order_send_outcome_unknown", text);

    let mut rows = five_rows();
    rows[0].sending = true;
    let mut m = model();
    let fx = m.on_key(key(KeyCode::F(5)));
    answer_list(&mut m, &fx, rows);
    let text = render(&mut m, 100, 30);
    assert!(text.contains("SKICKAS?"), "{text}");
}

#[test]
fn order_screen_paid_order() {
    utc();
    let mut d = details(10008, Status::MobilePayment, three_lines());
    d.order.payment_method = Some(PaymentMethod::Mobil);
    d.order.payment_received = true;
    d.order.payment_received_at = Some(at(12));
    let mut m = model();
    open_order(
        &mut m,
        d,
        vec![attempt(10008, PaymentState::Paid, Some("direct"))],
    );
    let text = render(&mut m, 100, 30);
    assert!(text.contains("[x]"), "Betalning mottagen is ticked");
    assert!(text.contains("MOBIL "), "Betalsätt MOBIL");
    assert!(
        text.contains("2026-11-20 09:42"),
        "the time the payment came"
    );
    assert!(
        text.contains("Betald (Direktbetalning)"),
        "how the customer paid, in Swedish: {text}"
    );
    insta::assert_snapshot!("order_paid", text);

    // The provider's method is read in the counter's language.
    let mut d = details(10008, Status::MobilePayment, three_lines());
    d.order.payment_method = Some(PaymentMethod::Mobil);
    let mut m = Model::new(Lang::En, Keymap::default(), false, Column::DEFAULT.to_vec());
    open_order(
        &mut m,
        d,
        vec![attempt(10008, PaymentState::Paid, Some("part_payment"))],
    );
    let text = render(&mut m, 100, 30);
    assert!(text.contains("(Part payment)"), "{text}");
}

#[test]
fn order_screen_provider_error() {
    utc();
    let mut m = order_model(details(10008, Status::Complete, three_lines()));
    m.on_key(ctrl('s'));
    assert_eq!(press(&mut m, KeyCode::Enter), vec![Effect::Send(10008)]);
    let fx = m.on_event(Event::Done {
        text: "Resurs svarar inte: ingen kontakt med servern inom 30 s. Försök igen.".into(),
        error: true,
    });
    assert_eq!(fx, vec![Effect::LoadOrder(10008)]);
    let text = render(&mut m, 100, 30);
    assert!(text.contains("Resurs svarar inte"));
    assert!(text.contains(" KLART "), "the order stays KLART");
    insta::assert_snapshot!("order_provider_error", text);
}

// ---------------------------------------------------------------------------------------------
// Overlays
// ---------------------------------------------------------------------------------------------

#[test]
fn send_confirmation_dialog() {
    utc();
    let mut m = order_model(details(10008, Status::Complete, three_lines()));
    assert!(m.on_key(ctrl('s')).is_empty());
    assert_eq!(m.overlay, Overlay::Confirm(Action::SendPayment));
    let text = render(&mut m, 100, 30);
    assert!(text.contains("070-123 45 67"), "mobile in national form");
    assert!(text.contains("2 607,75 kr"), "the amount");
    insta::assert_snapshot!("confirm_send", text);
}

#[test]
fn funktion_menu_with_disabled_items() {
    utc();
    let mut m = order_model(details(10008, Status::Open, three_lines()));
    assert!(press(&mut m, KeyCode::F(10)).is_empty());
    assert_eq!(m.overlay, Overlay::Menu { selected: 0 });
    // Down to "Skicka mobilbetalning (SMS)" (after the order and line items).
    let send = Model::menu_items()
        .iter()
        .position(|a| *a == Action::SendPayment)
        .unwrap();
    for _ in 0..send {
        press(&mut m, KeyCode::Down);
    }
    let text = render(&mut m, 100, 30);
    assert!(
        text.contains("Ordern är ÖPPEN – markera den klar först (Ctrl+K)"),
        "{text}"
    );
    insta::assert_snapshot!("menu_send_disabled", text);

    // Down to "Markera klar", which is allowed on an ÖPPEN order: no reason line.
    let complete = Model::menu_items()
        .iter()
        .position(|a| *a == Action::MarkComplete)
        .unwrap();
    for _ in send..complete {
        press(&mut m, KeyCode::Down);
    }
    assert_eq!(m.overlay, Overlay::Menu { selected: complete });
    let text = render(&mut m, 100, 30);
    assert!(!text.contains("Ordern måste ha status"));
    assert_eq!(
        press(&mut m, KeyCode::Enter),
        vec![Effect::MarkComplete(10008)]
    );
}

#[test]
fn funktion_menu_greys_out_what_cannot_run() {
    utc();
    let mut m = order_model(details(10008, Status::Open, three_lines()));
    m.on_key(KeyEvent::new(KeyCode::Char('f'), KeyModifiers::ALT));
    assert_eq!(m.overlay, Overlay::Menu { selected: 0 });
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|f| view::render(&mut m, f)).unwrap();
    let buf = terminal.backend().buffer().clone();
    let row_of = |needle: &str| {
        (0..buf.area.height)
            .find(|y| {
                let text: String = (0..buf.area.width)
                    .map(|x| buf[(x, *y)].symbol().to_string())
                    .collect();
                text.contains(needle)
            })
            .unwrap_or_else(|| panic!("{needle} not on screen"))
    };
    let first_letter = |needle: &str| {
        let y = row_of(needle);
        let x = (0..buf.area.width)
            .find(|x| buf[(*x, y)].symbol() == "K" && buf[(*x + 1, y)].symbol() == "o")
            .unwrap();
        buf[(x, y)].fg
    };
    // "Kontrollera mobilbetalning" needs MOBILBET: grey. "Orderlista" is always available.
    assert_eq!(
        first_letter("Kontrollera mobilbetalning"),
        ratatui::style::Color::DarkGray
    );
    let y = row_of("Orderlista");
    let x = (0..buf.area.width)
        .find(|x| buf[(*x, y)].symbol() == "O")
        .unwrap();
    assert_ne!(buf[(x, y)].fg, ratatui::style::Color::DarkGray);
}

// ---------------------------------------------------------------------------------------------
// F5 list
// ---------------------------------------------------------------------------------------------

#[test]
fn list_with_default_columns() {
    utc();
    let mut m = model();
    let fx = m.on_key(key(KeyCode::F(5)));
    assert_eq!(load_lists(&fx), 1);
    answer_list(&mut m, &fx, five_rows());
    assert_eq!(m.list.columns, Column::DEFAULT.to_vec());
    let text = render(&mut m, 100, 30);
    assert!(text.contains("Maria Lindqvist"));
    assert!(text.contains("12 499,00"));
    assert!(text.contains("5 ordrar"));
    insta::assert_snapshot!("list_default", text);
}

#[test]
fn list_after_choosing_payment_columns() {
    utc();
    let mut m = list_model(Lang::Sv);
    assert!(press(&mut m, KeyCode::F(6)).is_empty());
    assert!(matches!(m.overlay, Overlay::Columns { selected: 0, .. }));
    // Down to "Betalning mottagen" (the 9th), tick it, and the next one.
    for _ in 0..8 {
        press(&mut m, KeyCode::Down);
    }
    assert!(press(&mut m, KeyCode::Char(' ')).is_empty());
    press(&mut m, KeyCode::Down);
    press(&mut m, KeyCode::Char(' '));
    let chooser = render(&mut m, 100, 30);
    assert!(chooser.contains("[x] Betalning mottagen"));
    assert!(chooser.contains("[x] Tidpunkt för mottagen betalning"));
    assert!(chooser.contains("[ ] Betalsätt"));
    insta::assert_snapshot!("columns_chooser", chooser);

    let fx = press(&mut m, KeyCode::Enter);
    assert_eq!(m.overlay, Overlay::None);
    let saved: Vec<&str> = fx
        .iter()
        .find_map(|e| match e {
            Effect::SaveColumns(cols) => Some(cols.iter().map(|c| c.key()).collect()),
            _ => None,
        })
        .expect("the choice is saved");
    assert_eq!(
        saved,
        [
            "nr",
            "customer_no",
            "customer_name",
            "regnr",
            "status",
            "total",
            "payment_received",
            "payment_received_at",
            "created_at"
        ]
    );
    answer_list(&mut m, &fx, five_rows());
    assert_eq!(m.list.columns.len(), 9);
    let text = render(&mut m, 100, 30);
    let paid = text.lines().find(|l| l.contains("10005")).unwrap();
    let unpaid = text.lines().find(|l| l.contains("10004")).unwrap();
    assert!(paid.contains("✓"), "the paid row is ticked: {paid}");
    assert!(!unpaid.contains("✓"), "an unpaid row is not: {unpaid}");
    // At 100 columns every chosen column shows, with short headers; nothing is cut or left out.
    let header = text.lines().nth(3).unwrap();
    for h in ["Kundnamn", "Belopp", "Betald", "Betald kl", "Skapad"] {
        assert!(header.contains(h), "{h} in {header}");
    }
    assert!(paid.contains("09:42"), "{paid}");
    assert!(!text.contains("←/→"), "{text}");
    insta::assert_snapshot!("list_payment_columns", text);

    // At 80×24, the seed's terminal, both payment columns are visible, headers whole.
    let small = render(&mut m, 80, 24);
    let header = small.lines().nth(3).unwrap();
    for h in [
        "Nr",
        "Kundnr",
        "Regnr",
        "Status",
        "Belopp",
        "Betald",
        "Betald kl",
        "Skapad",
    ] {
        assert!(header.contains(h), "{h} in {header}");
    }
    let paid = small.lines().find(|l| l.contains("10005")).unwrap();
    assert!(
        paid.contains("✓") && paid.contains("261120 09:42"),
        "{paid}"
    );
    assert!(paid.contains("2 607,75"), "amounts are never cut: {paid}");
    insta::assert_snapshot!("list_payment_columns_80x24", small);

    // With room for every chosen column, both times show in full.
    let wide = render(&mut m, 160, 30);
    let paid = wide.lines().find(|l| l.contains("10005")).unwrap();
    assert!(paid.contains("2026-11-20 09:42"), "{paid}");
    assert_eq!(paid.matches("2026-11-20").count(), 2, "{paid}");
    assert!(!wide.contains("får inte plats"));
    insta::assert_snapshot!("list_payment_columns_wide", wide);
}

#[test]
fn list_filtered() {
    utc();
    let mut m = list_model(Lang::Sv);
    let fx1 = press(&mut m, KeyCode::Char('ö'));
    let fx = press(&mut m, KeyCode::Char('b'));
    assert_eq!(load_lists(&fx1), 1);
    assert_eq!(load_lists(&fx), 1);
    let Some(Effect::LoadList { query, .. }) = fx.first() else {
        panic!("typing reloads the list: {fx:?}");
    };
    assert_eq!(query.filter.as_ref().map(|f| f.text.as_str()), Some("öb"));
    let rows: Vec<OrderSummary> = five_rows()
        .into_iter()
        .filter(|r| r.customer_name.to_lowercase().contains("öb"))
        .collect();
    assert_eq!(rows.len(), 2);
    answer_list(&mut m, &fx, rows);
    let text = render(&mut m, 100, 30);
    assert!(text.contains("Sök: öb"));
    assert!(text.contains("2 ordrar"));
    assert!(!text.contains("Lars Nilsson"));
    insta::assert_snapshot!("list_filtered", text);
}

#[test]
fn list_empty_result() {
    utc();
    let mut m = list_model(Lang::Sv);
    let mut fx = Vec::new();
    for c in "zzz".chars() {
        fx = press(&mut m, KeyCode::Char(c));
    }
    answer_list(&mut m, &fx, Vec::new());
    let text = render(&mut m, 100, 30);
    assert!(text.contains("Inga ordrar matchar."));
    assert!(text.contains("0 ordrar"));
    insta::assert_snapshot!("list_empty", text);
}

#[test]
fn help_is_generated_from_the_keymap() {
    utc();
    let mut m = list_model(Lang::Sv);
    assert!(press(&mut m, KeyCode::F(1)).is_empty());
    assert_eq!(m.overlay, Overlay::Help);
    // One column needs a line per action and seven more (34 actions with Shift+F12's).
    let text = render(&mut m, 100, 41);
    for a in Action::ALL {
        assert!(
            text.contains(a.label(Lang::Sv)),
            "help lists {}",
            a.label(Lang::Sv)
        );
    }
    assert!(text.contains("F10, Alt+F"));
    assert!(text.contains("Shift+F9"));
    insta::assert_snapshot!("help", text);
    press(&mut m, KeyCode::Esc);
    assert_eq!(m.overlay, Overlay::None);
}

#[test]
fn help_follows_a_rebound_key() {
    utc();
    let keymap = Keymap::from_toml("[keys]\nsend_payment = \"f12\"\n").unwrap();
    let mut m = Model::new(Lang::Sv, keymap, false, Column::DEFAULT.to_vec());
    press(&mut m, KeyCode::F(1));
    let text = render(&mut m, 100, 40);
    assert!(text.contains("F12"));
    assert!(!text.contains("Ctrl+S"));
}

#[test]
fn list_in_english() {
    utc();
    let mut m = list_model(Lang::En);
    let text = render(&mut m, 100, 30);
    assert!(text.contains("Order list (F5)"));
    assert!(text.contains("Customer name"));
    assert!(text.contains("5 orders"));
    insta::assert_snapshot!("list_english", text);
}

#[test]
fn sandbox_banner() {
    utc();
    let mut m = Model::new(Lang::Sv, Keymap::default(), true, Column::DEFAULT.to_vec());
    m.sandbox_address = Some("127.0.0.1:43110".into());
    let fx = m.start();
    answer_list(&mut m, &fx, five_rows());
    let text = render(&mut m, 100, 30);
    assert!(
        text.contains("SANDLÅDA – inga riktiga pengar · 127.0.0.1:43110"),
        "the banner says where the sandbox is: {text}"
    );
    // At 80 columns beside a long title the address gives way; the banner stays whole.
    m.demo = true;
    let narrow = render(&mut m, 80, 24);
    assert!(
        narrow.contains("SANDLÅDA – inga riktiga pengar"),
        "{narrow}"
    );
    insta::assert_snapshot!("list_sandbox", text);

    let mut real = list_model(Lang::Sv);
    assert!(!render(&mut real, 100, 30).contains("SANDLÅDA"));
}

#[test]
fn demo_banner() {
    utc();
    let mut m = list_model(Lang::Sv);
    m.demo = true;
    let text = render(&mut m, 100, 30);
    assert!(text.contains("Orderlista (F5)  DEMO "), "{text}");
    insta::assert_snapshot!("list_demo", text);

    // The newcomer's screen: a demo database on the sandbox; both fit 80 columns.
    let mut both = Model::new(Lang::Sv, Keymap::default(), true, Column::DEFAULT.to_vec());
    both.demo = true;
    let fx = both.start();
    answer_list(&mut both, &fx, five_rows());
    let top = render(&mut both, 80, 24);
    let first = top.lines().next().unwrap_or_default().to_string();
    assert!(first.contains(" DEMO "), "{first}");
    assert!(first.contains("SANDLÅDA – inga riktiga pengar"), "{first}");
    // A real database's screen says nothing of the kind.
    let mut real = list_model(Lang::Sv);
    assert!(!render(&mut real, 100, 30).contains("DEMO"));
}

// ---------------------------------------------------------------------------------------------
// Update logic
// ---------------------------------------------------------------------------------------------

#[test]
fn send_on_an_open_order_is_refused_naming_the_status() {
    utc();
    let mut m = order_model(details(10008, Status::Open, three_lines()));
    assert!(m.on_key(ctrl('s')).is_empty());
    assert_eq!(m.overlay, Overlay::None);
    assert!(m.busy.is_none());
    let text = error_text(&m);
    assert!(text.contains("ÖPPEN"), "{text}");
    assert!(text.contains("Ctrl+K"), "the way on is named: {text}");
}

#[test]
fn send_on_a_complete_order_confirms_then_sends() {
    utc();
    let mut m = order_model(details(10008, Status::Complete, three_lines()));
    assert!(m.on_key(ctrl('s')).is_empty());
    assert_eq!(m.overlay, Overlay::Confirm(Action::SendPayment));
    assert!(m.busy.is_none(), "nothing is sent before the user confirms");
    assert_eq!(press(&mut m, KeyCode::Enter), vec![Effect::Send(10008)]);
    assert_eq!(m.overlay, Overlay::None);
    assert!(m.busy.is_some());
}

#[test]
fn escape_in_the_confirmation_sends_nothing() {
    utc();
    let mut m = order_model(details(10008, Status::Complete, three_lines()));
    m.on_key(ctrl('s'));
    assert!(press(&mut m, KeyCode::Esc).is_empty());
    assert_eq!(m.overlay, Overlay::None);
    assert!(m.busy.is_none());
}

/// A message about an order is cleared when the user leaves it (F5) or another order opens.
#[test]
fn a_message_is_cleared_when_the_order_is_left() {
    utc();
    let mut m = order_model(details(10008, Status::Open, three_lines()));
    m.on_key(ctrl('s'));
    assert!(m.message.is_some(), "Ctrl+S on ÖPPEN says why not");
    press(&mut m, KeyCode::F(5));
    assert!(
        m.message.is_none(),
        "the list does not show the order's message"
    );
    m.on_key(ctrl('s'));
    let before = m.message.clone();
    open_order(
        &mut m,
        details(10009, Status::Open, three_lines()),
        Vec::new(),
    );
    assert!(before.is_some() && m.message.is_none(), "{:?}", m.message);
}

/// After a decline, Bokför points to Ctrl+U (cancel and reopen), as the seed's flow says.
#[test]
fn booking_after_a_decline_points_to_cancel_and_reopen() {
    utc();
    let mut m = model();
    open_order(
        &mut m,
        details(10008, Status::MobilePayment, three_lines()),
        vec![attempt(10008, PaymentState::Rejected, None)],
    );
    assert!(m.on_key(ctrl('b')).is_empty());
    let text = error_text(&m);
    assert!(
        text.contains("nekades") && text.contains("Ctrl+U"),
        "{text}"
    );
}

#[test]
fn check_is_refused_while_busy() {
    utc();
    let mut m = order_model(details(10008, Status::MobilePayment, three_lines()));
    assert_eq!(m.on_key(ctrl('l')), vec![Effect::Check(10008)]);
    assert!(m.busy.is_some());
    assert!(m.on_key(ctrl('l')).is_empty(), "no second check while busy");
    assert!(
        error_text(&m).contains("Vänta – kontrollerar"),
        "{}",
        error_text(&m)
    );
}

#[test]
fn done_clears_busy_and_reloads_the_order() {
    utc();
    let mut m = order_model(details(10008, Status::MobilePayment, three_lines()));
    m.on_key(ctrl('l'));
    assert!(m.busy.is_some());
    let fx = m.on_event(Event::Done {
        text: "Inte betald ännu".into(),
        error: false,
    });
    assert!(m.busy.is_none());
    assert!(fx.contains(&Effect::LoadOrder(10008)), "{fx:?}");
    let msg = m.message.as_ref().unwrap();
    assert!(!msg.error);
    assert_eq!(msg.text, "Inte betald ännu");
    // No longer busy: checking again works.
    assert_eq!(m.on_key(ctrl('l')), vec![Effect::Check(10008)]);
}

#[test]
fn a_stale_list_answer_is_ignored() {
    utc();
    let mut m = model();
    let old = m.start();
    let new = press(&mut m, KeyCode::Char('k'));
    let old_gen = list_generation(&old);
    let new_gen = list_generation(&new);
    assert!(new_gen > old_gen);
    m.on_event(Event::ListLoaded {
        rows: five_rows(),
        generation: old_gen,
    });
    assert!(m.list.rows.is_empty(), "the old answer must not show");
    assert!(m.list.loading);
    let karin: Vec<OrderSummary> = five_rows().into_iter().take(1).collect();
    m.on_event(Event::ListLoaded {
        rows: karin.clone(),
        generation: new_gen,
    });
    assert_eq!(m.list.rows, karin);
    assert!(!m.list.loading);
}

#[test]
fn typing_and_backspace_update_the_filter_one_load_each() {
    utc();
    let mut m = list_model(Lang::Sv);
    let mut last = m.list.generation;
    for (code, filter) in [
        (KeyCode::Char('a'), "a"),
        (KeyCode::Char('b'), "ab"),
        (KeyCode::Backspace, "a"),
        (KeyCode::Backspace, ""),
    ] {
        let fx = press(&mut m, code);
        assert_eq!(fx.len(), 1, "{code:?}: {fx:?}");
        let generation = list_generation(&fx);
        assert!(generation > last, "{code:?} gets a new generation");
        last = generation;
        assert_eq!(m.list.filter, filter);
        let Effect::LoadList { query, .. } = &fx[0] else {
            unreachable!()
        };
        assert_eq!(
            query.filter.as_ref().map(|f| f.text.as_str()),
            (!filter.is_empty()).then_some(filter)
        );
    }
    assert!(
        press(&mut m, KeyCode::Backspace).is_empty(),
        "Backspace on an empty filter loads nothing"
    );
}

#[test]
fn escape_clears_a_filter() {
    utc();
    let mut m = list_model(Lang::Sv);
    press(&mut m, KeyCode::Char('x'));
    let fx = press(&mut m, KeyCode::Esc);
    assert_eq!(m.list.filter, "");
    let Some(Effect::LoadList { query, .. }) = fx.first() else {
        panic!("Esc reloads the unfiltered list: {fx:?}");
    };
    assert_eq!(query.filter, None);
}

#[test]
fn f7_cycles_the_status_filter() {
    utc();
    let mut m = list_model(Lang::Sv);
    let expected = [
        Some(Status::Open),
        Some(Status::Complete),
        Some(Status::MobilePayment),
        Some(Status::Booked),
        Some(Status::Credited),
        None,
    ];
    for want in expected {
        let fx = press(&mut m, KeyCode::F(7));
        assert_eq!(m.list.status, want);
        let Some(Effect::LoadList { query, .. }) = fx.first() else {
            panic!("F7 reloads: {fx:?}");
        };
        assert_eq!(query.status, want);
    }
    press(&mut m, KeyCode::F(7));
    let text = render(&mut m, 100, 30);
    assert!(text.contains("Status: ÖPPEN"));
}

#[test]
fn shift_f9_reverses_the_sort() {
    utc();
    let mut m = list_model(Lang::Sv);
    assert!(m.list.sort.descending);
    let fx = m.on_key(KeyEvent::new(KeyCode::F(9), KeyModifiers::SHIFT));
    assert!(!m.list.sort.descending);
    let Some(Effect::LoadList { query, .. }) = fx.first() else {
        panic!("Shift+F9 reloads: {fx:?}");
    };
    assert!(!query.sort.descending);
}

#[test]
fn act_as_customer_needs_the_sandbox() {
    utc();
    let mut m = order_model(details(10008, Status::MobilePayment, three_lines()));
    assert!(m.on_key(ctrl('p')).is_empty());
    assert_eq!(m.overlay, Overlay::None);
    assert!(error_text(&m).contains("Bara i sandlådan"));

    let mut sandbox = Model::new(Lang::Sv, Keymap::default(), true, Column::DEFAULT.to_vec());
    open_order(
        &mut sandbox,
        details(10008, Status::MobilePayment, three_lines()),
        Vec::new(),
    );
    assert!(sandbox.on_key(ctrl('p')).is_empty());
    assert_eq!(sandbox.overlay, Overlay::Customer);
}

#[test]
fn right_click_on_the_header_opens_the_column_chooser() {
    utc();
    let mut m = list_model(Lang::Sv);
    // The constant the mouse code uses is where the header is really drawn.
    let text = render(&mut m, 100, 30);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[usize::from(view::LIST_HEADER_ROW)].contains("Kundnamn"));
    assert!(lines[usize::from(view::LIST_FIRST_ROW)].contains("10005"));

    let click = |row| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Right),
        column: 10,
        row,
        modifiers: KeyModifiers::NONE,
    };
    m.on_mouse(
        click(view::LIST_FIRST_ROW),
        view::LIST_HEADER_ROW,
        view::LIST_FIRST_ROW,
    );
    assert_eq!(
        m.overlay,
        Overlay::None,
        "right-click on a row does nothing"
    );
    m.on_mouse(
        click(view::LIST_HEADER_ROW),
        view::LIST_HEADER_ROW,
        view::LIST_FIRST_ROW,
    );
    assert!(matches!(m.overlay, Overlay::Columns { .. }));
}

#[test]
fn left_click_selects_a_row() {
    utc();
    let mut m = list_model(Lang::Sv);
    m.on_mouse(
        MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column: 10,
            row: view::LIST_FIRST_ROW + 2,
            modifiers: KeyModifiers::NONE,
        },
        view::LIST_HEADER_ROW,
        view::LIST_FIRST_ROW,
    );
    assert_eq!(m.list.selected, 2);
    assert_eq!(
        press(&mut m, KeyCode::Enter),
        vec![Effect::LoadOrder(10003)]
    );
}

#[test]
fn unticking_every_column_is_refused() {
    utc();
    let mut m = list_model(Lang::Sv);
    press(&mut m, KeyCode::F(6));
    for _ in 0..Column::ALL.len() {
        let Overlay::Columns { selected, ticked } = m.overlay.clone() else {
            panic!("the chooser stays open");
        };
        if ticked[selected] {
            press(&mut m, KeyCode::Char(' '));
        }
        press(&mut m, KeyCode::Down);
    }
    let Overlay::Columns { ticked, .. } = m.overlay.clone() else {
        panic!("the chooser stays open");
    };
    assert!(ticked.iter().all(|t| !t));
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    assert!(matches!(m.overlay, Overlay::Columns { .. }), "still open");
    assert_eq!(m.list.columns, Column::DEFAULT.to_vec(), "nothing changed");
    assert!(error_text(&m).contains("Välj minst en kolumn"));
}

/// Below 80×24 the screen says so instead of drawing amounts cut from the left; it draws again
/// when the window grows.
#[test]
fn a_too_small_window_says_so() {
    utc();
    let mut m = order_model(details(10008, Status::Open, three_lines()));
    let text = render(&mut m, 60, 20);
    assert!(
        text.contains("Fönstret är för litet (minst 80×24)"),
        "{text}"
    );
    assert!(!text.contains("kr"), "no amounts: {text}");
    insta::assert_snapshot!("too_small", text);
    assert!(!render(&mut m, 80, 24).contains("för litet"));
}

#[test]
fn ctrl_q_quits() {
    utc();
    let mut m = list_model(Lang::Sv);
    assert!(!m.quit);
    assert!(m.on_key(ctrl('q')).is_empty());
    assert!(m.quit);
}

// ---------------------------------------------------------------------------------------------
// New order and line editing
// ---------------------------------------------------------------------------------------------

fn type_text(m: &mut Model, text: &str) {
    for c in text.chars() {
        let fx = press(m, KeyCode::Char(c));
        // Typing asks for nothing, except the new-order form's customer search.
        assert!(
            fx.iter().all(|e| matches!(e, Effect::FindCustomers(_))),
            "{fx:?}"
        );
    }
}

#[test]
fn new_order_form_creates_an_order_from_what_was_typed() {
    utc();
    let mut m = list_model(Lang::Sv);
    assert!(m.on_key(ctrl('n')).is_empty());
    type_text(&mut m, "öberg");
    press(&mut m, KeyCode::Tab);
    press(&mut m, KeyCode::Tab);
    press(&mut m, KeyCode::Tab);
    type_text(&mut m, "abc 123");
    let text = render(&mut m, 100, 30);
    assert!(text.contains("Ny order"));
    assert!(text.contains("Sök kund (nr, namn, mobil)"));
    insta::assert_snapshot!("new_order_form", text);
    let fx = press(&mut m, KeyCode::Enter);
    assert_eq!(
        fx,
        vec![Effect::CreateOrder(verkstad::app::orders::NewOrderInput {
            find: "öberg".into(),
            regnr: "abc 123".into(),
            ..Default::default()
        })]
    );
    assert!(m.busy.is_some());
    // The form waits for the answer; a key meanwhile sends nothing twice and loses nothing.
    assert!(matches!(&m.overlay, Overlay::Form(f) if f.pending));
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    // Saved: the form closes and the new order shows.
    m.on_event(Event::FormSaved);
    assert_eq!(m.overlay, Overlay::None);
    assert_eq!(m.screen, Screen::Order);
    // Esc closes a form without any effect.
    m.on_event(Event::Done {
        text: "x".into(),
        error: true,
    });
    assert!(m.on_key(ctrl('n')).is_empty());
    assert!(press(&mut m, KeyCode::Esc).is_empty());
    assert_eq!(m.overlay, Overlay::None);
}

fn open_form(m: &Model) -> &verkstad::tui::model::Form {
    match &m.overlay {
        Overlay::Form(f) => f,
        other => panic!("no form open: {other:?}"),
    }
}

/// Ctrl+N: the customers the search text points at show as you type; ↓ chooses one and Enter
/// takes it (its number in the search field), so several matches are a list, not an error.
#[test]
fn the_customer_search_shows_matches_as_you_type() {
    utc();
    let mut m = list_model(Lang::Sv);
    m.on_key(ctrl('n'));
    press(&mut m, KeyCode::Char('a'));
    let fx = press(&mut m, KeyCode::Char('n'));
    assert_eq!(fx, vec![Effect::FindCustomers("an".into())]);
    let fx = press(&mut m, KeyCode::Char('n'));
    assert_eq!(fx, vec![Effect::FindCustomers("ann".into())]);
    // An answer for an older text is ignored.
    m.on_event(Event::CustomersFound {
        text: "an".into(),
        found: vec![(10009, "Anders Ek".into(), String::new())],
    });
    assert!(open_form(&m).matches.is_empty());
    m.on_event(Event::CustomersFound {
        text: "ann".into(),
        found: vec![
            (10001, "Anna Berg".into(), "070-123 45 67".into()),
            (10002, "Annika Ström".into(), "073-555 12 34".into()),
        ],
    });
    let text = render(&mut m, 80, 24);
    assert!(text.contains("10001 Anna Berg 070-123 45 67"), "{text}");
    assert!(text.contains("10002 Annika Ström"), "{text}");
    insta::assert_snapshot!("new_order_customer_matches", text);
    press(&mut m, KeyCode::Down);
    press(&mut m, KeyCode::Down);
    assert_eq!(open_form(&m).picked, Some(1));
    assert!(
        press(&mut m, KeyCode::Enter).is_empty(),
        "Enter takes the customer, sends nothing"
    );
    let form = open_form(&m);
    assert_eq!(form.fields[0].value(), "10002");
    assert!(form.matches.is_empty());
    assert_eq!(form.active, 3, "on to the plate");
}

/// The seed's case: Ctrl+N with mobile `12345`. The error is shown at the mobile field, the
/// cursor goes there, everything typed stays; correcting the mobile alone is enough.
#[test]
fn a_bad_mobile_in_a_new_order_is_corrected_without_retyping_the_rest() {
    utc();
    let mut m = list_model(Lang::Sv);
    m.on_key(ctrl('n'));
    press(&mut m, KeyCode::Tab);
    type_text(&mut m, "Anna Berg");
    press(&mut m, KeyCode::Tab);
    type_text(&mut m, "12345");
    press(&mut m, KeyCode::Tab);
    type_text(&mut m, "ABC123");
    press(&mut m, KeyCode::Tab);
    type_text(&mut m, "Volvo V70");
    let fx = press(&mut m, KeyCode::Enter);
    assert_eq!(fx.len(), 1);
    m.on_event(Event::FormFailed {
        field: Some(InputField::NewCustomerMobile),
        text: "\"12345\" är inget svenskt mobilnummer (t.ex. 070-123 45 67)".into(),
    });
    let form = open_form(&m);
    assert_eq!(form.active, 2, "the cursor is at the mobile");
    assert!(!form.pending);
    let values: Vec<String> = (0..5).map(|i| form.fields[i].value().to_string()).collect();
    assert_eq!(values, ["", "Anna Berg", "12345", "ABC123", "Volvo V70"]);
    let text = render(&mut m, 80, 24);
    assert!(text.contains("↳ \"12345\" är inget svenskt"), "{text}");
    insta::assert_snapshot!("new_order_bad_mobile", text);
    // Correct the mobile only: Ctrl+U empties the field, then the right number.
    press(&mut m, KeyCode::Char('u'));
    m.on_key(ctrl('u'));
    type_text(&mut m, "070-123 45 67");
    assert!(
        open_form(&m).fields[2].error.is_none(),
        "typing clears the error"
    );
    let fx = press(&mut m, KeyCode::Enter);
    assert_eq!(
        fx,
        vec![Effect::CreateOrder(verkstad::app::orders::NewOrderInput {
            find: String::new(),
            name: "Anna Berg".into(),
            mobile: "070-123 45 67".into(),
            regnr: "ABC123".into(),
            make_model: "Volvo V70".into(),
        })]
    );
}

/// Every field of every form shows its error at the field, with everything typed kept.
#[test]
fn every_form_shows_an_error_at_each_field_and_keeps_the_input() {
    utc();
    let new_order = [
        (
            InputField::FindCustomer,
            0,
            "Flera kunder matchar: 10001 Anna, 10002 Anders",
        ),
        (InputField::NewCustomerName, 1, "Ange namn för en ny kund"),
        (
            InputField::NewCustomerMobile,
            2,
            "\"12345\" är inget svenskt mobilnummer",
        ),
        (InputField::Regnr, 3, "\"AB\" är inget registreringsnummer"),
        (InputField::Vehicle, 4, "Märke och modell saknas"),
    ];
    for (field, index, error) in new_order {
        let mut m = list_model(Lang::Sv);
        m.on_key(ctrl('n'));
        for (i, v) in ["ann", "Anna Berg", "12345", "AB", "Volvo"]
            .iter()
            .enumerate()
        {
            if i > 0 {
                press(&mut m, KeyCode::Tab);
            }
            type_text(&mut m, v);
        }
        press(&mut m, KeyCode::Enter);
        m.on_event(Event::FormFailed {
            field: Some(field),
            text: error.into(),
        });
        let form = open_form(&m);
        assert_eq!(form.active, index, "{field:?}");
        assert_eq!(form.fields[index].error.as_deref(), Some(error));
        assert_eq!(form.fields[1].value(), "Anna Berg");
        let text = render(&mut m, 80, 24);
        insta::assert_snapshot!(format!("form_error_new_order_{index}"), text);
    }
    let line = [
        (
            InputField::Article,
            0,
            "Artikel OF-9 finns inte i registret – skriv artikelnumret som registret har det, eller en text för en fri rad",
        ),
        (InputField::Quantity, 1, "\"två\" är inte ett tal"),
        (InputField::UnitPrice, 2, "\"-5\" får inte vara negativt"),
        (
            InputField::Discount,
            3,
            "rabatten måste vara mellan 0 och 100 % (\"150\")",
        ),
    ];
    for (field, index, error) in line {
        let mut m = order_model(details(10008, Status::Open, three_lines()));
        press(&mut m, KeyCode::Insert);
        type_text(&mut m, "OF-9");
        for v in ["två", "-5", "150"] {
            press(&mut m, KeyCode::Tab);
            type_text(&mut m, v);
        }
        press(&mut m, KeyCode::Enter);
        m.on_event(Event::FormFailed {
            field: Some(field),
            text: error.into(),
        });
        let form = open_form(&m);
        assert_eq!(form.active, index, "{field:?}");
        assert_eq!(form.fields[0].value(), "OF-9");
        assert_eq!(
            form.fields[1].value(),
            "1två",
            "the preset 1 and what was typed"
        );
        let text = render(&mut m, 80, 24);
        assert!(text.contains("↳"), "{text}");
        insta::assert_snapshot!(format!("form_error_line_{index}"), text);
    }
    // Kreditera: a line the invoice does not have shows at its one field.
    let mut d = details(10008, Status::Booked, three_lines());
    d.order.invoice_no = Some(41);
    let invoice = stored(
        &d,
        41,
        verkstad::domain::invoice::InvoiceKind::Faktura,
        PaymentMethod::Kort,
        None,
    );
    let mut m = order_model(d);
    m.invoices = vec![invoice];
    m.on_key(ctrl('d'));
    type_text(&mut m, "9");
    press(&mut m, KeyCode::Enter);
    let form = open_form(&m);
    assert_eq!(form.fields[0].value(), "9");
    assert!(form.fields[0].error.is_some());
    insta::assert_snapshot!("form_error_credit", render(&mut m, 80, 24));
}

/// "Ändra kund" (F3) from the order: the customer's data filled in; a customer without a mobile
/// gets one, so the order can get its SMS; a bad e-mail is shown at its field.
#[test]
fn the_customer_is_edited_from_the_order() {
    utc();
    let mut d = details(10008, Status::Complete, three_lines());
    d.customer.mobile = None;
    let no = d.customer.customer_no;
    let mut m = order_model(d);
    assert!(m.on_key(ctrl('s')).is_empty(), "no mobile: no SMS");
    assert!(press(&mut m, KeyCode::F(3)).is_empty());
    let form = open_form(&m);
    assert_eq!(
        form.fields[0].value(),
        m.order.as_ref().unwrap().customer.name
    );
    assert_eq!(form.fields[1].value(), "");
    press(&mut m, KeyCode::Tab);
    type_text(&mut m, "070-123 45 67");
    press(&mut m, KeyCode::Tab);
    type_text(&mut m, "anna@");
    let fx = press(&mut m, KeyCode::Enter);
    let Some(Effect::SaveCustomer {
        nr: Some(10008),
        customer_no,
        change,
    }) = fx.first()
    else {
        panic!("{fx:?}");
    };
    assert_eq!(*customer_no, no);
    assert_eq!(change.mobile.as_deref(), Some("070-123 45 67"));
    m.on_event(Event::FormFailed {
        field: Some(InputField::Email),
        text: "\"anna@\" är ingen e-postadress".into(),
    });
    let form = open_form(&m);
    assert_eq!(form.active, 2);
    assert_eq!(form.fields[1].value(), "070-123 45 67", "the mobile stays");
    // The buyer's VAT number and reverse charge are the form's last fields.
    assert_eq!(form.fields[7].value(), "");
    assert_eq!(form.fields[8].value(), "nej");
    assert_eq!(change.vat_no.as_deref(), Some(""));
    assert_eq!(change.reverse_charge.as_deref(), Some("nej"));
    insta::assert_snapshot!("form_error_customer_email", render(&mut m, 80, 24));
    m.on_event(Event::FormFailed {
        field: Some(InputField::VatNo),
        text: "Omvänd betalningsskyldighet kräver köparens momsregistreringsnummer".into(),
    });
    assert_eq!(open_form(&m).active, 7);
    m.on_event(Event::FormFailed {
        field: Some(InputField::ReverseCharge),
        text: "\"kanske\": svara ja eller nej".into(),
    });
    assert_eq!(open_form(&m).active, 8);
}

/// Text past a field's limit is refused with a message, never silently cut; long text scrolls.
#[test]
fn a_full_field_refuses_more_and_says_so() {
    utc();
    let mut m = order_model(details(10008, Status::Open, three_lines()));
    press(&mut m, KeyCode::Insert);
    let long: String = "Byte av bromsskivor fram ".repeat(10);
    for c in long.chars().take(200) {
        press(&mut m, KeyCode::Char(c));
    }
    assert_eq!(open_form(&m).fields[0].value().chars().count(), 200);
    assert!(open_form(&m).fields[0].error.is_none());
    press(&mut m, KeyCode::Char('x'));
    let form = open_form(&m);
    assert_eq!(
        form.fields[0].value().chars().count(),
        200,
        "nothing cut, nothing added"
    );
    assert!(
        form.fields[0]
            .error
            .as_deref()
            .unwrap()
            .contains("högst 200 tecken"),
        "{:?}",
        form.fields[0].error
    );
    let text = render(&mut m, 80, 24);
    assert!(
        text.contains("fram Byte av"),
        "the end of the text is shown: {text}"
    );
}

#[test]
fn lines_are_added_edited_and_deleted_on_an_open_order() {
    utc();
    let d = details(10008, Status::Open, three_lines());
    let version = d.order.version;
    let mut m = order_model(d);
    // Insert: a new line with quantity 1 preset.
    assert!(press(&mut m, KeyCode::Insert).is_empty());
    type_text(&mut m, "OF-1021");
    let fx = press(&mut m, KeyCode::Enter);
    let Some(Effect::SaveLine {
        nr: 10008,
        version: v,
        index: None,
        input,
    }) = fx.first()
    else {
        panic!("{fx:?}");
    };
    assert_eq!(
        (*v, input.article_or_text.as_str(), input.quantity.as_str()),
        (version, "OF-1021", "1")
    );
    m.on_event(Event::FormSaved);
    m.on_event(Event::Done {
        text: "Raden är sparad".into(),
        error: false,
    });

    // The cursor is on the added line (the last); up to line 2, F2 edits it with its values.
    assert_eq!(m.line, 2, "the cursor moves to the new line");
    press(&mut m, KeyCode::Up);
    assert_eq!(m.line, 1);
    assert!(press(&mut m, KeyCode::F(2)).is_empty());
    let Overlay::Form(form) = &m.overlay else {
        panic!("{:?}", m.overlay);
    };
    assert_eq!(form.fields[1].value(), "1");
    let edit = render(&mut m, 100, 30);
    assert!(edit.contains("Ändra rad"), "{edit}");
    press(&mut m, KeyCode::Esc);

    // Delete asks first.
    assert!(press(&mut m, KeyCode::Delete).is_empty());
    assert_eq!(m.overlay, Overlay::Confirm(Action::DeleteLine));
    assert!(render(&mut m, 100, 30).contains("Ta bort rad 2?"));
    let fx = press(&mut m, KeyCode::Enter);
    assert_eq!(
        fx,
        vec![Effect::DeleteLine {
            nr: 10008,
            version,
            index: 1
        }]
    );
}

#[test]
fn a_locked_order_refuses_line_editing_with_the_reason() {
    utc();
    let mut m = order_model(details(10008, Status::MobilePayment, three_lines()));
    assert!(press(&mut m, KeyCode::Insert).is_empty());
    assert_eq!(m.overlay, Overlay::None);
    assert!(error_text(&m).contains("Ordern är låst – annullera betalnings-SMS först"));
}

#[test]
fn scrolling_to_the_end_of_a_full_page_asks_for_more_rows() {
    utc();
    let mut m = model();
    let fx = m.start();
    let template = five_rows().remove(0);
    let page: Vec<OrderSummary> = (0..verkstad::tui::model::LIST_LIMIT as i64)
        .map(|i| {
            let mut r = template.clone();
            r.nr = 20_000 - i;
            r
        })
        .collect();
    answer_list(&mut m, &fx, page);
    assert!(
        press(&mut m, KeyCode::Down).is_empty(),
        "far from the end: nothing more"
    );
    // The next rows are asked for while a few pages are still loaded below the selection, so
    // that they are in memory before PgDn reaches them.
    let mut fx = Vec::new();
    for _ in 0..verkstad::tui::model::LIST_LIMIT {
        fx = press(&mut m, KeyCode::Down);
        if !fx.is_empty() {
            break;
        }
    }
    let Some(Effect::LoadList { query, .. }) = fx.first() else {
        panic!("near the end of the rows, the next rows are asked for: {fx:?}");
    };
    let left = verkstad::tui::model::LIST_LIMIT - 1 - m.list.selected;
    assert!(
        left >= 2 * m.list.page.max(10),
        "asked for with {left} rows left below a page of {}",
        m.list.page
    );
    assert!(
        press(&mut m, KeyCode::PageDown).is_empty(),
        "no second request while the first is on its way"
    );
    // Only the next rows are asked for: those after the last loaded order's number (read
    // through the number index, not by stepping over the rows already loaded).
    assert_eq!(
        (query.offset, query.after_nr, query.limit),
        (0, Some(19_921), verkstad::tui::model::LIST_LIMIT)
    );
    let mut next = template.clone();
    next.nr = 1;
    m.on_event(Event::ListLoaded {
        rows: vec![next],
        generation: list_generation(&fx),
    });
    assert_eq!(
        m.list.rows.len(),
        verkstad::tui::model::LIST_LIMIT + 1,
        "added, not replaced"
    );
    assert_eq!(m.list.rows.last().map(|r| r.nr), Some(1));
    // A new filter starts from one page again.
    let fx = press(&mut m, KeyCode::Char('x'));
    let Some(Effect::LoadList { query, .. }) = fx.first() else {
        panic!("{fx:?}");
    };
    assert_eq!(query.limit, verkstad::tui::model::LIST_LIMIT);
}

/// PgDn pressed faster than the next rows come is not lost: the selection stops at the last
/// loaded row and goes on into the new rows when they arrive.
#[test]
fn page_down_past_the_loaded_rows_goes_on_when_they_come() {
    utc();
    let mut m = model();
    let fx = m.start();
    let template = five_rows().remove(0);
    let rows = |from: i64| -> Vec<OrderSummary> {
        (0..verkstad::tui::model::LIST_LIMIT as i64)
            .map(|i| {
                let mut r = template.clone();
                r.nr = from - i;
                r
            })
            .collect()
    };
    answer_list(&mut m, &fx, rows(20_000));
    let page = m.list.page.max(1);
    let mut asked = Vec::new();
    let presses = verkstad::tui::model::LIST_LIMIT / page + 2;
    for _ in 0..presses {
        asked.extend(press(&mut m, KeyCode::PageDown));
    }
    assert_eq!(load_lists(&asked), 1, "{asked:?}");
    assert_eq!(m.list.selected, verkstad::tui::model::LIST_LIMIT - 1);
    // The next rows arrive: the presses beyond the loaded rows are made in them.
    m.on_event(Event::ListLoaded {
        rows: rows(20_000 - verkstad::tui::model::LIST_LIMIT as i64),
        generation: list_generation(&asked),
    });
    assert_eq!(m.list.selected, presses * page);
    assert_eq!(
        m.list.rows[m.list.selected].nr,
        20_000 - (presses * page) as i64
    );
}

/// Rows added by scrolling are measured on their own; the screen is the same as when all the
/// rows came at once (a longer name in the new rows widens its column).
#[test]
fn rows_added_by_scrolling_widen_columns_as_a_full_load_does() {
    utc();
    let template = five_rows().remove(0);
    let limit = verkstad::tui::model::LIST_LIMIT as i64;
    let row = |nr: i64, name: &str| {
        let mut r = template.clone();
        r.nr = nr;
        r.customer_name = name.into();
        r
    };
    let first: Vec<OrderSummary> = (0..limit).map(|i| row(20_000 - i, "Bo Ek")).collect();
    let more: Vec<OrderSummary> = (limit..2 * limit)
        .map(|i| {
            row(
                20_000 - i,
                if i == limit + 3 {
                    "Annelie Västerbotten-Lindqvist"
                } else {
                    "Bo Ek"
                },
            )
        })
        .collect();

    // Scrolled: the first page, then the next rows when the selection nears the end.
    let mut scrolled = model();
    let fx = scrolled.start();
    answer_list(&mut scrolled, &fx, first.clone());
    render(&mut scrolled, 120, 40);
    let mut asked = Vec::new();
    while asked.is_empty() {
        asked = press(&mut scrolled, KeyCode::Down);
    }
    scrolled.on_event(Event::ListLoaded {
        rows: more.clone(),
        generation: list_generation(&asked),
    });
    while scrolled.list.selected < (limit + 3) as usize {
        press(&mut scrolled, KeyCode::Down);
    }

    // All at once.
    let mut whole = model();
    let fx = whole.start();
    answer_list(&mut whole, &fx, [first, more].concat());
    while whole.list.selected < (limit + 3) as usize {
        press(&mut whole, KeyCode::Down);
    }

    let screen = render(&mut scrolled, 120, 40);
    assert!(
        screen.contains("Annelie Västerbotten-Lindqvist"),
        "{screen}"
    );
    // The counts line may differ (one was counted, one not): compare the rows.
    let rows = |s: &str| {
        s.lines()
            .skip(3)
            .take(30)
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(rows(&screen), rows(&render(&mut whole, 120, 40)));
}

/// Rows read ahead below the screen change nothing on it: a wider value among them widens its
/// column only when it comes onto the screen (no second frame after the key's).
#[test]
fn rows_read_ahead_below_the_screen_do_not_change_it() {
    utc();
    let template = five_rows().remove(0);
    let limit = verkstad::tui::model::LIST_LIMIT as i64;
    let row = |nr: i64, name: &str| {
        let mut r = template.clone();
        r.nr = nr;
        r.customer_name = name.into();
        r
    };
    let mut m = model();
    let fx = m.start();
    answer_list(
        &mut m,
        &fx,
        (0..limit).map(|i| row(20_000 - i, "Bo Ek")).collect(),
    );
    render(&mut m, 120, 40);
    let mut asked = Vec::new();
    while asked.is_empty() {
        asked = press(&mut m, KeyCode::Down);
    }
    let before = render(&mut m, 120, 40);
    m.on_event(Event::ListLoaded {
        rows: (limit..2 * limit)
            .map(|i| {
                row(
                    20_000 - i,
                    if i == limit + 3 {
                        "Annelie Västerbotten-Lindqvist"
                    } else {
                        "Bo Ek"
                    },
                )
            })
            .collect(),
        generation: list_generation(&asked),
    });
    assert_eq!(
        render(&mut m, 120, 40),
        before,
        "the rows below changed the screen"
    );
    while m.list.selected < (limit + 3) as usize {
        press(&mut m, KeyCode::Down);
    }
    let after = render(&mut m, 120, 40);
    assert!(after.contains("Annelie Västerbotten-Lindqvist"), "{after}");
}

/// End reaches the last order of the whole list in one press, however many there are: the last
/// rows are asked for in the reverse order and shown turned, with the last one selected; Home
/// goes back to the first.
/// Sorted on anything but the order number, the next rows are the ones after as many as are
/// loaded (an offset): there is no number to continue from.
#[test]
fn another_sort_asks_for_the_next_rows_by_offset() {
    utc();
    let mut m = model();
    let fx = m.start();
    answer_list(&mut m, &fx, five_rows());
    let fx = m.on_key(key(KeyCode::F(9)));
    assert_ne!(m.list.sort.column, Column::Nr);
    let template = five_rows().remove(0);
    let limit = verkstad::tui::model::LIST_LIMIT;
    let rows = (0..limit as i64)
        .map(|i| {
            let mut r = template.clone();
            r.nr = 500 + i;
            r
        })
        .collect();
    answer_list(&mut m, &fx, rows);
    let fx = (0..limit)
        .map(|_| press(&mut m, KeyCode::Down))
        .find(|fx| !fx.is_empty())
        .expect("the next rows are asked for");
    let Some(Effect::LoadList { query, .. }) = fx.first() else {
        panic!("{fx:?}");
    };
    assert_eq!((query.offset, query.after_nr), (limit, None));
}

#[test]
fn end_reaches_the_last_order_in_one_press() {
    utc();
    let mut m = model();
    let fx = m.start();
    let template = five_rows().remove(0);
    let row = |nr: i64| {
        let mut r = template.clone();
        r.nr = nr;
        r
    };
    let limit = verkstad::tui::model::LIST_LIMIT as i64;
    // 1 000 orders, newest first: the first page is 1000..=921.
    answer_list(&mut m, &fx, (0..limit).map(|i| row(1000 - i)).collect());
    let fx = press(&mut m, KeyCode::End);
    let Some(Effect::LoadList { query, .. }) = fx.first() else {
        panic!("End asks for the last rows: {fx:?}");
    };
    assert!(!query.sort.descending, "the reverse of newest-first");
    assert_eq!(query.limit, verkstad::tui::model::LIST_LIMIT);
    // The worker answers oldest first: 1..=80.
    let generation = list_generation(&fx);
    m.on_event(Event::ListLoaded {
        rows: (1..=limit).map(row).collect(),
        generation,
    });
    assert_eq!(m.list.rows.first().map(|r| r.nr), Some(limit));
    assert_eq!(m.list.rows.last().map(|r| r.nr), Some(1));
    assert_eq!(
        m.list.rows[m.list.selected].nr, 1,
        "the last order is selected"
    );
    let text = render(&mut m, 100, 30);
    assert!(
        text.contains("   1  10007 Karin"),
        "the last order is on screen: {text}"
    );
    // Up towards the start of these rows asks for more of them, still from the end.
    let fx = (0..limit)
        .map(|_| press(&mut m, KeyCode::Up))
        .find(|fx| !fx.is_empty())
        .expect("more rows before these are asked for");
    assert!(m.list.selected > 0, "before the top is reached");
    let Some(Effect::LoadList { query, .. }) = fx.first() else {
        panic!("more rows before these: {fx:?}");
    };
    assert!(!query.sort.descending);
    // After the loaded rows (in the query's own, ascending order: after order 80), at least a
    // first page's worth and six screens (twice the three pages kept ahead).
    assert_eq!((query.offset, query.after_nr), (0, Some(limit)));
    assert!(
        query.limit >= verkstad::tui::model::LIST_LIMIT && query.limit >= 6 * m.list.page,
        "{} rows for a page of {}",
        query.limit,
        m.list.page
    );
    let selected = m.list.rows[m.list.selected].nr;
    m.on_event(Event::ListLoaded {
        rows: (limit + 1..=2 * limit).map(row).collect(),
        generation: list_generation(&fx),
    });
    assert_eq!(m.list.rows.len(), 2 * verkstad::tui::model::LIST_LIMIT);
    assert_eq!(
        m.list.rows.first().map(|r| r.nr),
        Some(2 * limit),
        "added before"
    );
    assert_eq!(
        m.list.rows[m.list.selected].nr, selected,
        "the selection stays on its order"
    );
    // Home: the first order again.
    let fx = press(&mut m, KeyCode::Home);
    let Some(Effect::LoadList { query, .. }) = fx.first() else {
        panic!("Home asks for the first rows: {fx:?}");
    };
    assert!(query.sort.descending);
}

#[test]
fn the_list_says_when_it_is_still_searching() {
    utc();
    let mut m = list_model(Lang::Sv);
    let fx = press(&mut m, KeyCode::Char('n'));
    assert!(
        render(&mut m, 100, 30).contains("söker…"),
        "rows for the new text are on their way"
    );
    answer_list(&mut m, &fx, five_rows());
    assert!(!render(&mut m, 100, 30).contains("söker…"));
}

// ---------------------------------------------------------------------------------------------
// Booking, crediting, printing, day report
// ---------------------------------------------------------------------------------------------

/// The stored invoice (or credit invoice) of `d`, as the worker loads it.
fn stored(
    d: &OrderDetails,
    no: i64,
    kind: verkstad::domain::invoice::InvoiceKind,
    method: PaymentMethod,
    task: Option<verkstad::store::ProviderTask>,
) -> verkstad::store::StoredInvoice {
    use verkstad::domain::invoice::{Buyer, Company, Invoice, InvoiceKind, InvoiceLine};
    let sign = |m: Money| if kind == InvoiceKind::Kredit { -m } else { m };
    verkstad::store::StoredInvoice {
        invoice: Invoice {
            no,
            kind,
            order_nr: d.order.nr,
            date: at(0).date_naive(),
            method,
            seller: Company::default(),
            buyer: Buyer::default(),
            regnr: None,
            lines: InvoiceLine::numbered(&d.order.lines),
            per_rate: d.totals.per_rate.clone(),
            net: sign(d.totals.net),
            vat: sign(d.totals.vat),
            total: sign(d.totals.total),
            rounding: Money::ZERO,
            to_pay: sign(d.totals.total),
            ocr: None,
            due_date: None,
            original: None,
            voucher_no: no,
            paid_at: None,
            supply_date: None,
            reverse_charge: false,
        },
        task,
    }
}

#[test]
fn booking_a_complete_order_asks_for_the_payment_method() {
    utc();
    let mut m = order_model(details(10008, Status::Complete, three_lines()));
    assert!(m.on_key(ctrl('b')).is_empty());
    assert_eq!(m.overlay, Overlay::Method { selected: 0 });
    let text = render(&mut m, 100, 30);
    assert!(text.contains("Betalsätt för 2 607,75 kr"), "{text}");
    assert!(text.contains("KONTANT") && text.contains("KORT") && text.contains("FAKTURA"));
    insta::assert_snapshot!("book_method", text);
    // ↓ then Enter books by card.
    assert!(press(&mut m, KeyCode::Down).is_empty());
    assert_eq!(
        press(&mut m, KeyCode::Enter),
        vec![Effect::Book {
            nr: 10008,
            method: Some(PaymentMethod::Kort)
        }]
    );
    assert!(m.busy.is_some(), "the spinner runs while booking");
    // A number key only chooses: "3" selects FAKTURA, Enter books it.
    let mut m = order_model(details(10008, Status::Complete, three_lines()));
    m.on_key(ctrl('b'));
    assert!(
        press(&mut m, KeyCode::Char('3')).is_empty(),
        "nothing booked by one key"
    );
    assert_eq!(m.overlay, Overlay::Method { selected: 2 });
    assert_eq!(
        press(&mut m, KeyCode::Enter),
        vec![Effect::Book {
            nr: 10008,
            method: Some(PaymentMethod::Faktura)
        }]
    );
    // Esc books nothing.
    let mut m = order_model(details(10008, Status::Complete, three_lines()));
    m.on_key(ctrl('b'));
    assert!(press(&mut m, KeyCode::Esc).is_empty());
    assert_eq!(m.overlay, Overlay::None);
}

/// A reverse-charge customer's sale is invoiced without Swedish VAT: Bokför asks for what the
/// invoice will say (2 086,20 kr net), while the order's totals keep their VAT.
#[test]
fn booking_for_a_reverse_charge_customer_shows_the_amount_without_vat() {
    utc();
    let mut d = details(10008, Status::Complete, three_lines());
    d.customer.vat_no = Some(verkstad::domain::ids::VatNo::parse("DK12345678").unwrap());
    d.customer.reverse_charge = true;
    let mut m = order_model(d);
    m.on_key(ctrl('b'));
    let text = render(&mut m, 100, 30);
    assert!(text.contains("Betalsätt för 2 086,20 kr"), "{text}");
    assert!(
        text.contains("2 607,75"),
        "the order's own total stays: {text}"
    );
}

#[test]
fn booking_a_mobile_order_needs_the_payment_and_confirms_mobil() {
    utc();
    let mut m = order_model(details(10008, Status::MobilePayment, three_lines()));
    assert!(m.on_key(ctrl('b')).is_empty());
    assert!(
        error_text(&m).contains("inte mottagen"),
        "{}",
        error_text(&m)
    );
    let mut d = details(10008, Status::MobilePayment, three_lines());
    d.order.payment_received = true;
    d.order.payment_method = Some(PaymentMethod::Mobil);
    let mut m = order_model(d);
    m.on_key(ctrl('b'));
    assert_eq!(m.overlay, Overlay::Confirm(Action::Book));
    assert!(render(&mut m, 100, 30).contains("som MOBIL"));
    // At 80×24 the question wraps between words, keeps its indent, and the keys still show.
    let small = render(&mut m, 80, 24);
    assert!(small.contains("Enter = Ja"), "{small}");
    insta::assert_snapshot!("confirm_book_wrapped", small);
    assert_eq!(
        press(&mut m, KeyCode::Enter),
        vec![Effect::Book {
            nr: 10008,
            method: None
        }]
    );
}

#[test]
fn a_booked_order_shows_its_invoices_and_a_failed_refund() {
    utc();
    use verkstad::domain::invoice::InvoiceKind;
    use verkstad::store::{ProviderAction, ProviderTask, TaskState};
    let mut d = details(10008, Status::Credited, three_lines());
    d.order.payment_method = Some(PaymentMethod::Mobil);
    d.order.invoice_no = Some(41);
    let invoices = vec![
        stored(&d, 41, InvoiceKind::Faktura, PaymentMethod::Mobil, None),
        stored(
            &d,
            42,
            InvoiceKind::Kredit,
            PaymentMethod::Mobil,
            Some(ProviderTask {
                action: ProviderAction::Refund,
                state: TaskState::Failed,
                error: Some("Resurs svarar inte".into()),
            }),
        ),
    ];
    let mut m = order_model(d);
    assert!(
        m.on_event(Event::InvoicesLoaded(10008, invoices))
            .is_empty()
    );
    let text = render(&mut m, 120, 30);
    assert!(text.contains("41 MOBIL"), "{text}");
    assert!(text.contains("kredit 42"), "{text}");
    assert!(
        text.contains("återbetalning misslyckades"),
        "a refund that did not reach the customer is visible: {text}"
    );
    insta::assert_snapshot!("order_credited_refund_failed", text);
    // Ctrl+U (reopen and refund) and Ctrl+Y (retry) are allowed; crediting again is not.
    assert!(m.availability(Action::CancelPayment).is_ok());
    assert!(m.availability(Action::Settle).is_ok());
    assert!(m.availability(Action::Credit).is_err());
    assert!(m.availability(Action::Print).is_ok());
    assert_eq!(press_ctrl(&mut m, 'y'), vec![Effect::Settle(10008)]);
    m.on_event(Event::Done {
        text: "Resurs svarar inte".into(),
        error: true,
    });
    assert!(press_ctrl(&mut m, 'u').is_empty());
    assert_eq!(m.overlay, Overlay::Confirm(Action::CancelPayment));
    assert!(
        render(&mut m, 120, 30).contains("Öppna den krediterade ordern igen"),
        "the confirmation says what happens"
    );
    assert_eq!(press(&mut m, KeyCode::Enter), vec![Effect::Cancel(10008)]);
}

fn press_ctrl(m: &mut Model, c: char) -> Vec<Effect> {
    m.on_key(ctrl(c))
}

#[test]
fn crediting_chosen_lines_through_the_form() {
    use verkstad::domain::invoice::InvoiceKind;
    utc();
    let booked = || {
        let mut d = details(10008, Status::Booked, three_lines());
        d.order.invoice_no = Some(41);
        let invoice = stored(&d, 41, InvoiceKind::Faktura, PaymentMethod::Kort, None);
        let mut m = order_model(d);
        m.invoices = vec![invoice];
        m
    };
    let mut m = booked();
    assert!(m.on_key(ctrl('d')).is_empty());
    assert!(matches!(m.overlay, Overlay::Form(_)));
    for c in "x".chars() {
        press(&mut m, KeyCode::Char(c));
    }
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    let error = open_form(&m).fields[0].error.clone().unwrap_or_default();
    assert!(error.contains("radlista"), "{error}");
    assert!(matches!(m.overlay, Overlay::Form(_)), "the form stays open");
    press(&mut m, KeyCode::Backspace);
    // A line the invoice does not have is named at the field before anything is asked.
    type_text(&mut m, "9");
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    let error = open_form(&m).fields[0].error.clone().unwrap_or_default();
    assert!(error.contains('9'), "{error}");
    press(&mut m, KeyCode::Backspace);
    for c in "1,3".chars() {
        press(&mut m, KeyCode::Char(c));
    }
    // Enter asks first, with the amount that goes back.
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    assert!(matches!(m.overlay, Overlay::ConfirmCredit { .. }));
    let text = render(&mut m, 80, 24);
    assert!(
        text.contains("Kreditera rader 1, 3 av faktura 41:"),
        "{text}"
    );
    assert!(text.contains("Enter = Ja"), "{text}");
    insta::assert_snapshot!("confirm_credit_lines", text);
    // Esc goes back to the form with what was typed.
    assert!(press(&mut m, KeyCode::Esc).is_empty());
    assert_eq!(open_form(&m).fields[0].value(), "1,3");
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    assert_eq!(
        press(&mut m, KeyCode::Enter),
        vec![Effect::Credit {
            nr: 10008,
            lines: Some(vec![1, 3])
        }]
    );
    assert!(m.busy.is_some(), "the spinner runs while crediting");
    // An empty answer credits the whole invoice, for the whole amount.
    let mut m = booked();
    m.on_key(ctrl('d'));
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    let text = render(&mut m, 100, 30);
    assert!(
        text.contains("Kreditera hela faktura 41: 2 607,75 kr tillbaka"),
        "{text}"
    );
    assert_eq!(
        press(&mut m, KeyCode::Enter),
        vec![Effect::Credit {
            nr: 10008,
            lines: None
        }]
    );
}

#[test]
fn print_needs_an_invoice_and_runs_in_the_background() {
    utc();
    let mut m = order_model(details(10008, Status::Complete, three_lines()));
    assert!(m.on_key(ctrl('t')).is_empty());
    assert!(
        error_text(&m).contains("bokför först"),
        "{}",
        error_text(&m)
    );
    let mut d = details(10008, Status::Booked, three_lines());
    d.order.invoice_no = Some(41);
    let inv = stored(
        &d,
        41,
        verkstad::domain::invoice::InvoiceKind::Faktura,
        PaymentMethod::Kort,
        None,
    );
    let mut m = order_model(d);
    m.on_event(Event::InvoicesLoaded(10008, vec![inv]));
    assert_eq!(
        m.on_key(ctrl('t')),
        vec![Effect::Print {
            nr: 10008,
            copy: false
        }]
    );
    assert!(m.busy.is_some());
}

#[test]
fn the_list_and_the_order_screen_say_whether_the_invoice_is_paid_for_every_method() {
    utc();
    let cols = vec![
        Column::Nr,
        Column::CustomerName,
        Column::Status,
        Column::PaymentMethod,
        Column::InvoiceNo,
        Column::InvoicePaid,
        Column::InvoicePaidAt,
    ];
    let mut m = Model::new(Lang::Sv, Keymap::default(), false, cols);
    let fx = m.start();
    let mut rows = five_rows();
    let paid_day = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    // 10002 a FAKTURA invoice not paid yet; 10001 a KLARNA invoice Klarna's payout paid.
    rows[3].payment_method = Some(PaymentMethod::Faktura);
    rows[3].invoice_no = Some(41);
    rows[3].invoice_paid = Some(false);
    rows[4].payment_method = Some(PaymentMethod::Klarna);
    rows[4].invoice_no = Some(40);
    rows[4].invoice_paid = Some(true);
    rows[4].invoice_paid_at = Some(paid_day);
    answer_list(&mut m, &fx, rows);
    let text = render(&mut m, 120, 24);
    let header = text.lines().nth(3).unwrap();
    assert!(
        header.contains("Faktura betald") && header.contains("Betald den"),
        "{text}"
    );
    let unpaid = text.lines().find(|l| l.contains("10002")).unwrap();
    assert!(unpaid.contains("OBETALD"), "{unpaid}");
    let paid = text.lines().find(|l| l.contains("10001")).unwrap();
    assert!(
        paid.contains(" BETALD") && paid.contains("2026-11-30"),
        "{paid}"
    );
    let open = text.lines().find(|l| l.contains("10003")).unwrap();
    assert!(!open.contains("BETALD"), "no invoice, nothing said: {open}");
    insta::assert_snapshot!("list_invoice_paid_columns", text);
    // F9 sorts on the shown columns but skips the paid ones (read per row shown).
    m.list.sort = verkstad::domain::Sort {
        column: Column::InvoiceNo,
        descending: false,
    };
    m.on_key(key(KeyCode::F(9)));
    assert_eq!(m.list.sort.column, Column::Nr);

    // The order screen says it beside the invoice.
    let mut d = details(10008, Status::Booked, three_lines());
    d.order.invoice_no = Some(41);
    d.order.payment_method = Some(PaymentMethod::Faktura);
    let inv = stored(
        &d,
        41,
        verkstad::domain::invoice::InvoiceKind::Faktura,
        PaymentMethod::Faktura,
        None,
    );
    let mut m = order_model(d);
    m.on_event(Event::InvoicesLoaded(10008, vec![inv]));
    m.on_event(Event::PaidLoaded(
        10008,
        Some(verkstad::domain::columns::InvoicePaidState {
            paid: false,
            paid_on: None,
        }),
    ));
    let text = render(&mut m, 100, 30);
    assert!(text.contains("41 FAKTURA, Obetald"), "{text}");
    m.on_event(Event::PaidLoaded(
        10008,
        Some(verkstad::domain::columns::InvoicePaidState {
            paid: true,
            paid_on: Some(paid_day),
        }),
    ));
    let text = render(&mut m, 100, 30);
    assert!(text.contains("41 FAKTURA, Betald 2026-11-30"), "{text}");
    // Another order's answer does not change this one.
    m.on_event(Event::PaidLoaded(10009, None));
    assert!(m.invoice_paid.is_some());
}

#[test]
fn day_report_screen() {
    utc();
    use verkstad::app::ledger::day_report_of;
    let d = details(10008, Status::Booked, three_lines());
    let docs = vec![
        stored(
            &d,
            41,
            verkstad::domain::invoice::InvoiceKind::Faktura,
            PaymentMethod::Kort,
            None,
        ),
        stored(
            &d,
            42,
            verkstad::domain::invoice::InvoiceKind::Faktura,
            PaymentMethod::Mobil,
            None,
        ),
    ];
    let report = day_report_of(at(0).date_naive(), &docs, (3, 1, 2));
    let mut m = list_model(Lang::Sv);
    let fx = m.on_key(KeyEvent::new(KeyCode::F(4), KeyModifiers::SHIFT));
    assert_eq!(fx, vec![Effect::LoadDayReport(None)]);
    assert_eq!(m.screen, Screen::DayReport);
    assert!(
        m.on_event(Event::DayReportLoaded(Box::new(report)))
            .is_empty()
    );
    let text = render(&mut m, 100, 30);
    assert!(text.contains("Dagrapport 2026-11-20"), "{text}");
    assert!(text.contains("5 215,50"), "two sales of 2 607,75: {text}");
    assert!(text.contains("skickade"), "{text}");
    insta::assert_snapshot!("day_report", text);
    // ← asks for the day before; Esc goes back to the list.
    let prev = at(0).date_naive().pred_opt();
    assert_eq!(
        press(&mut m, KeyCode::Left),
        vec![Effect::LoadDayReport(prev)]
    );
    press(&mut m, KeyCode::Esc);
    assert_eq!(m.screen, Screen::List);
}

#[test]
fn menu_and_help_fit_a_small_terminal() {
    utc();
    let mut m = order_model(details(10008, Status::Open, three_lines()));
    m.on_key(key(KeyCode::F(10)));
    // ↑ from the first item goes to the last: the menu scrolls to show it.
    press(&mut m, KeyCode::Up);
    let text = render(&mut m, 80, 24);
    assert!(text.contains("Avsluta"), "{text}");
    assert!(
        !text.contains("Ny order"),
        "the top has scrolled away: {text}"
    );
    press(&mut m, KeyCode::Esc);
    m.on_key(key(KeyCode::F(1)));
    let text = render(&mut m, 80, 24);
    for label in [
        "Ny order",
        "Bokför",
        "Kreditera",
        "Skriv ut",
        "Dagrapport",
        "Avsluta",
    ] {
        assert!(text.contains(label), "help lists {label}: {text}");
    }
    insta::assert_snapshot!("help_80x24", text);
}

// ---------------------------------------------------------------------------------------------
// The cash register: X and Z reports, the receipt copy, training mode
// ---------------------------------------------------------------------------------------------

#[test]
fn f4_shows_the_registers_x_report_and_scrolls_it() {
    utc();
    let mut m = model();
    assert_eq!(m.on_key(key(KeyCode::F(4))), vec![Effect::LoadXReport]);
    assert_eq!(m.screen, Screen::Register);
    assert!(m.register.is_none(), "loading");
    let text: String = (1..=40).map(|i| format!("Rad {i} i rapporten\n")).collect();
    m.on_event(Event::RegisterReport {
        title: "X-dagrapport".into(),
        text,
    });
    let screen = render(&mut m, 80, 24);
    assert!(screen.contains("X-dagrapport"), "{screen}");
    assert!(screen.contains("Rad 1 i rapporten"), "{screen}");
    assert!(!screen.contains("Rad 40 i rapporten"), "{screen}");
    assert!(
        screen.contains("Esc tillbaka"),
        "the keys are named: {screen}"
    );
    press(&mut m, KeyCode::End);
    let screen = render(&mut m, 80, 24);
    assert!(
        screen.contains("Rad 40 i rapporten"),
        "End shows the last line: {screen}"
    );
    press(&mut m, KeyCode::Esc);
    assert!(render(&mut m, 80, 24).contains("Orderlista"));
}

#[test]
fn the_z_report_is_in_the_funktion_menu_and_asks_first() {
    utc();
    let mut m = model();
    assert!(m.act(Action::ZReport).is_empty());
    assert_eq!(m.overlay, Overlay::Confirm(Action::ZReport));
    let screen = render(&mut m, 80, 24);
    assert!(screen.contains("Ta Z-dagrapport för idag?"), "{screen}");
    assert!(screen.contains("Enter = Ja"), "{screen}");
    assert_eq!(press(&mut m, KeyCode::Enter), vec![Effect::TakeZReport]);
    assert!(m.busy.is_some());
    m.on_event(Event::RegisterReport {
        title: "Z-dagrapport nr 1".into(),
        text: "Z-dagrapport\nNetto 1 250,00".into(),
    });
    m.on_event(Event::Done {
        text: "Z-dagrapport nr 1 för 2026-11-20 tagen och sparad.".into(),
        error: false,
    });
    let screen = render(&mut m, 100, 30);
    assert!(screen.contains("Z-dagrapport nr 1"), "{screen}");
    assert!(screen.contains("tagen och sparad"), "{screen}");
    // Esc on the confirmation takes nothing.
    let mut m = model();
    m.act(Action::ZReport);
    assert!(press(&mut m, KeyCode::Esc).is_empty());
    assert_eq!(m.overlay, Overlay::None);
}

#[test]
fn the_receipt_copy_is_an_action_of_its_own_and_training_mode_shows() {
    use verkstad::domain::invoice::InvoiceKind;
    utc();
    let mut d = details(10008, Status::Booked, three_lines());
    d.order.invoice_no = Some(41);
    let invoice = stored(&d, 41, InvoiceKind::Faktura, PaymentMethod::Kontant, None);
    let mut m = order_model(d);
    m.invoices = vec![invoice];
    assert_eq!(
        m.act(Action::PrintCopy),
        vec![Effect::Print {
            nr: 10008,
            copy: true
        }]
    );
    m.busy = None;
    m.overlay = Overlay::Menu { selected: 0 };
    let menu = render(&mut m, 100, 40);
    assert!(menu.contains("Skriv ut kvittokopia"), "{menu}");
    assert!(menu.contains("Z-dagrapport"), "{menu}");
    // Training mode is in the banner on every screen.
    let mut m = model();
    m.training = true;
    let fx = m.start();
    answer_list(&mut m, &fx, five_rows());
    let screen = render(&mut m, 80, 24);
    assert!(
        screen.lines().next().unwrap().contains("ÖVNINGSLÄGE"),
        "{screen}"
    );
}

// ---------------------------------------------------------------------------------------------
// Disputes (F11), payouts (Shift+F11) and the paused invoice on the order (issue 13)
// ---------------------------------------------------------------------------------------------

#[path = "screens/disputes.rs"]
mod disputes;

// ---------------------------------------------------------------------------------------------
// Reconciliation (F12): the incoming payments from the bank (issue 14)
// ---------------------------------------------------------------------------------------------

#[path = "screens/reconcile.rs"]
mod reconcile;

// ---------------------------------------------------------------------------------------------
// Refunds (Shift+F12): money owed back to customers' bank accounts (issue 15)
// ---------------------------------------------------------------------------------------------

#[path = "screens/refunds.rs"]
mod refunds;
