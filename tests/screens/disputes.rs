//! The disputes screen (F11), the payouts screen (Shift+F11) and the paused note on the order
//! screen (issue 13), with fixture registers: no database, no Klarna.

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

use super::*;
use verkstad::app::{DisputeRecord, PayoutRecord};
use verkstad::domain::settlement::{DisputeState, PayoutTotals, dispute_rate};
use verkstad::tui::model::DisputesView;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).unwrap() + chrono::Days::new(u64::from(d) - 1)
}

fn today() -> NaiveDate {
    day(30)
}

fn dispute(
    id: &str,
    nr: i64,
    reason: &str,
    kr: i64,
    opened: u32,
    deadline: NaiveDate,
    state: DisputeState,
) -> DisputeRecord {
    let outcome = match state {
        DisputeState::Won => Some("won".to_string()),
        DisputeState::Lost => Some("lost".to_string()),
        _ => None,
    };
    DisputeRecord {
        id: id.into(),
        provider: "Klarna".into(),
        provider_order_id: Some(format!("kl-{nr}")),
        order_reference: Some(nr.to_string()),
        order_nr: Some(nr),
        customer: Some(format!("Kund {nr}")),
        invoice_no: Some(nr - 10000),
        reason: reason.into(),
        amount: Money::from_ore(kr * 100),
        fee: None,
        opened_at: Utc.from_utc_datetime(&day(opened).and_hms_opt(9, 0, 0).unwrap()),
        deadline,
        state,
        outcome,
        requests: Vec::new(),
        synced_at: at(0),
        chargeback_voucher: None,
        fee_voucher: None,
    }
}

/// Open first by nearest deadline, as the app lists them: one due tomorrow, one in nine days,
/// one won.
fn register() -> Vec<DisputeRecord> {
    vec![
        dispute(
            "dsp-1",
            10021,
            "Varan ej mottagen",
            4250,
            10,
            today() + chrono::Days::new(1),
            DisputeState::Open,
        ),
        dispute(
            "dsp-2",
            10033,
            "Obehörigt köp",
            1895,
            25,
            today() + chrono::Days::new(9),
            DisputeState::ResponseSent,
        ),
        dispute(
            "dsp-3",
            10007,
            "Felaktig faktura",
            780,
            1,
            day(20),
            DisputeState::Won,
        ),
    ]
}

fn view(disputes: i64, invoices: i64) -> DisputesView {
    DisputesView {
        rows: register(),
        rate: dispute_rate(disputes, invoices, 90),
        today: today(),
        scroll: 0,
    }
}

fn payout(reference: &str, d: u32, net: i64, sales: i64, fees: i64, voucher: i64) -> PayoutRecord {
    PayoutRecord {
        provider: "Klarna".into(),
        payment_reference: reference.into(),
        payout_date: day(d),
        currency: "SEK".into(),
        net: Money::from_ore(net * 100),
        totals: PayoutTotals {
            sales: Money::from_ore(sales * 100),
            returns: Money::from_ore(-50_000),
            fees: Money::from_ore(fees * 100),
            reversals: Money::from_ore(0),
            other: Money::from_ore(0),
        },
        opening_debt: Money::from_ore(0),
        closing_debt: Money::from_ore(0),
        voucher_no: voucher,
        applied_at: at(0),
        rows: Vec::new(),
    }
}

fn payouts() -> Vec<PayoutRecord> {
    vec![
        payout("KLARNA 1234567890", 28, 12_055, 12_895, -340, 118),
        payout("KLARNA 1234500001", 14, 8_210, 8_925, -215, 97),
    ]
}

/// The disputes screen with the register shown and its sync answered.
fn disputes_model(disputes: i64, invoices: i64) -> Model {
    let mut m = list_model(Lang::Sv);
    assert_eq!(m.on_key(key(KeyCode::F(11))), vec![Effect::LoadDisputes]);
    assert_eq!(
        m.on_event(Event::DisputesLoaded(Box::new(view(disputes, invoices)))),
        vec![Effect::SyncDisputes]
    );
    assert!(
        m.on_event(Event::DisputesLoaded(Box::new(view(disputes, invoices))))
            .is_empty()
    );
    m.on_event(Event::Done {
        text: "3 tvister synkade: 0 nya, 0 vunna, 0 förlorade".into(),
        error: false,
    });
    m
}

fn draw(model: &mut Model, w: u16, h: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal.draw(|f| view::render(model, f)).unwrap();
    terminal.backend().buffer().clone()
}

/// The row of the screen that holds `text`, and the foreground colour where it starts.
fn find(buffer: &Buffer, text: &str) -> Option<(String, Color)> {
    let area = buffer.area;
    (0..area.height).find_map(|y| {
        let cells: Vec<_> = (0..area.width).map(|x| &buffer[(x, y)]).collect();
        let line: String = cells.iter().map(|c| c.symbol()).collect();
        let at = line.find(text)?;
        let col = line[..at].chars().count();
        Some((line.clone(), cells[col].fg))
    })
}

#[test]
fn f11_shows_the_register_then_syncs_it_in_the_worker() {
    utc();
    let mut m = list_model(Lang::Sv);
    assert_eq!(m.on_key(key(KeyCode::F(11))), vec![Effect::LoadDisputes]);
    assert_eq!(m.screen, Screen::Disputes);
    assert!(render(&mut m, 80, 24).contains("Hämtar tvistregistret"));
    // The register shows first, then the sync runs in the worker (busy, never on this thread).
    let fx = m.on_event(Event::DisputesLoaded(Box::new(view(1, 70))));
    assert_eq!(fx, vec![Effect::SyncDisputes]);
    assert!(m.busy.is_some());
    assert!(render(&mut m, 80, 24).contains("10021"));
    // A failed sync is a message; the screen and its register stay.
    m.on_event(Event::Done {
        text: "Klarna svarar inte".into(),
        error: true,
    });
    assert_eq!(m.screen, Screen::Disputes);
    assert!(m.busy.is_none());
    let screen = render(&mut m, 80, 24);
    assert!(screen.contains("Klarna svarar inte"), "{screen}");
    assert!(screen.contains("Obehörigt köp"), "{screen}");
    // Ctrl+R syncs again; Esc and F5 leave.
    assert_eq!(m.on_key(ctrl('r')), vec![Effect::LoadDisputes]);
    press(&mut m, KeyCode::Esc);
    assert_eq!(m.screen, Screen::List);
    m.on_key(key(KeyCode::F(11)));
    m.on_key(key(KeyCode::F(5)));
    assert_eq!(m.screen, Screen::List);
}

#[test]
fn the_disputes_screen_marks_what_is_due_within_three_days() {
    utc();
    let mut m = disputes_model(1, 70);
    let buffer = draw(&mut m, 120, 40);
    let (row, fg) = find(&buffer, "10021").expect("the dispute due tomorrow");
    assert!(row.contains('!'), "{row}");
    assert!(row.contains("2026-12-01 (1 d)"), "{row}");
    assert_eq!(fg, Color::Yellow, "due soon is in the warning style");
    let (row, fg) = find(&buffer, "10033").expect("the dispute due in nine days");
    assert!(!row.contains('!'), "{row}");
    assert!(row.contains("2026-12-09 (9 d)"), "{row}");
    assert_ne!(fg, Color::Yellow);
    let (row, _) = find(&buffer, "10007").expect("the won dispute");
    assert!(!row.contains('!'), "a decided dispute is not due: {row}");
    assert!(row.contains("vunnen"), "{row}");
}

#[test]
fn the_dispute_rate_warns_above_1_2_percent() {
    utc();
    let mut m = disputes_model(1, 70);
    let buffer = draw(&mut m, 120, 40);
    let (_, fg) = find(
        &buffer,
        "Tvistfrekvens 1,43 % (1 av 70 Klarna-ordrar, 90 dagar)",
    )
    .expect("the rate line");
    assert_eq!(fg, Color::Yellow);
    assert!(find(&buffer, "Varning: tvistkvoten är över 1,2 %").is_some());
    let mut m = disputes_model(2, 100);
    let buffer = draw(&mut m, 120, 40);
    assert!(find(&buffer, "Tvistkvoten är över 1,5 %").is_some());
    let mut m = disputes_model(1, 100);
    let buffer = draw(&mut m, 120, 40);
    let (_, fg) = find(&buffer, "Tvistfrekvens 1,00 %").expect("the rate line");
    assert_ne!(fg, Color::Yellow);
    assert!(find(&buffer, "Varning").is_none());
}

#[test]
fn disputes_screen_snapshots() {
    utc();
    let mut m = disputes_model(1, 70);
    insta::assert_snapshot!("disputes_80x24", render(&mut m, 80, 24));
    insta::assert_snapshot!("disputes_120x40", render(&mut m, 120, 40));
}

#[test]
fn shift_f11_shows_the_payouts_and_h_fetches_new_ones() {
    utc();
    let mut m = list_model(Lang::Sv);
    let fx = m.on_key(KeyEvent::new(KeyCode::F(11), KeyModifiers::SHIFT));
    assert_eq!(fx, vec![Effect::LoadPayouts]);
    assert_eq!(m.screen, Screen::Payouts);
    assert!(render(&mut m, 80, 24).contains("Hämtar utbetalningarna"));
    assert!(m.on_event(Event::PayoutsLoaded(payouts())).is_empty());
    insta::assert_snapshot!("payouts_80x24", render(&mut m, 80, 24));
    insta::assert_snapshot!("payouts_120x40", render(&mut m, 120, 40));
    assert_eq!(
        press(&mut m, KeyCode::Char('h')),
        vec![Effect::ApplySettlements]
    );
    assert!(m.busy.is_some());
    // While it runs, another H waits.
    assert!(press(&mut m, KeyCode::Char('h')).is_empty());
    m.on_event(Event::PayoutsLoaded(payouts()));
    m.on_event(Event::Done {
        text:
            "1 utbetalningar bokförda (0 redan bokförda), 3 fakturor betalda, 0 rader utan faktura"
                .into(),
        error: false,
    });
    assert!(m.busy.is_none());
    assert_eq!(m.screen, Screen::Payouts);
    assert!(render(&mut m, 120, 40).contains("3 fakturor betalda"));
    press(&mut m, KeyCode::Esc);
    assert_eq!(m.screen, Screen::List);
    // No payouts yet: said so.
    let mut m = list_model(Lang::Sv);
    m.act(Action::Payouts);
    m.on_event(Event::PayoutsLoaded(Vec::new()));
    assert!(render(&mut m, 80, 24).contains("Inga utbetalningar bokförda"));
}

#[test]
fn both_screens_are_in_the_funktion_menu() {
    utc();
    let mut m = list_model(Lang::Sv);
    m.overlay = Overlay::Menu { selected: 0 };
    let menu = render(&mut m, 120, 40);
    assert!(menu.contains("Tvister"), "{menu}");
    assert!(menu.contains("Utbetalningar"), "{menu}");
    assert!(menu.contains("Shift+F11"), "{menu}");
}

#[test]
fn a_paused_invoice_shows_on_the_order() {
    utc();
    let mut d = details(10021, Status::Booked, three_lines());
    d.order.payment_method = Some(PaymentMethod::Klarna);
    d.order.invoice_no = Some(21);
    let mut m = order_model(d);
    let deadline = today() - chrono::Days::new(18) + chrono::Days::new(30);
    assert!(
        m.on_event(Event::PausedLoaded(10021, Some(deadline)))
            .is_empty()
    );
    let screen = render(&mut m, 80, 24);
    assert!(
        screen.contains("Faktura pausad – tvist öppen (svara senast 2026-12-12)"),
        "{screen}"
    );
    insta::assert_snapshot!("order_paused_80x24", screen);
    // Another order's answer changes nothing; a reload without a dispute clears it.
    m.on_event(Event::PausedLoaded(10099, None));
    assert!(render(&mut m, 80, 24).contains("Faktura pausad"));
    m.on_event(Event::PausedLoaded(10021, None));
    assert!(!render(&mut m, 80, 24).contains("Faktura pausad"));
}
