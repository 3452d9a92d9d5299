//! The refunds screen (Shift+F12, issue 15) with fixture proposals and a sent refund: no
//! database. The worker's side (the effects calling the workshop, the file written) is tested
//! in tests/refunds.rs.

use chrono::NaiveDate;
use std::path::PathBuf;

use super::*;
use verkstad::app::refunds::{Proposal, RefundList};
use verkstad::domain::refund::{Payee, ProposalId, RefundSource, RefundState};
use verkstad::store::RefundRecord;

fn kr(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn proposal(id: &str, customer: i64, name: &str, owed: &str, payee: Option<&str>) -> Proposal {
    let pid = ProposalId::parse(id).unwrap();
    Proposal {
        id: id.into(),
        source: pid.source,
        source_id: pid.id,
        customer_no: customer,
        customer_name: name.into(),
        reference: format!("order {}", 10000 + pid.id),
        credit_notes: vec![],
        owed: kr(owed),
        amount: kr(owed),
        pay_on: day(30),
        changed_by_hand: false,
        payee: payee.map(|a| Payee::account(a).unwrap()),
        message: format!("Återbetalning order {}", 10000 + pid.id),
        rejected: None,
        sent: Money::ZERO,
    }
}

fn sent() -> RefundRecord {
    RefundRecord {
        id: 3,
        source: RefundSource::Payment,
        source_id: 17,
        customer_no: 10002,
        amount: kr("50"),
        pay_on: day(30),
        reference: "231".into(),
        state: RefundState::Sent,
        reason: None,
        batch: Some(2),
        end_to_end_id: Some("VRK-REFUND-3".into()),
        payee: Some(Payee::account("5000-1001000").unwrap()),
        voucher_no: None,
        payment: None,
    }
}

fn list() -> RefundList {
    RefundList {
        proposals: vec![
            proposal("F41", 10001, "Åsa Öberg", "1250", Some("5000-1001000")),
            proposal(
                "F42",
                10003,
                "Nilsson Åkeri och Transport AB",
                "312.50",
                None,
            ),
            proposal(
                "I17",
                10002,
                "Per Persson",
                "100",
                Some("8327-9, 100 000 000-8"),
            ),
        ],
        sent: vec![sent()],
    }
}

fn shift_f12() -> KeyEvent {
    KeyEvent::new(KeyCode::F(12), KeyModifiers::SHIFT)
}

/// Shift+F12 from the list, the worker's answer given.
fn refunds_model(lang: Lang) -> Model {
    let mut m = list_model(lang);
    assert_eq!(m.on_key(shift_f12()), vec![Effect::LoadRefunds]);
    assert!(
        m.on_event(Event::RefundsLoaded(Box::new(list())))
            .is_empty()
    );
    m
}

fn type_text(m: &mut Model, text: &str) {
    for c in text.chars() {
        assert!(press(m, KeyCode::Char(c)).is_empty());
    }
}

fn form(m: &Model) -> &verkstad::tui::model::Form {
    match &m.overlay {
        Overlay::Form(f) => f,
        other => panic!("no form: {other:?}"),
    }
}

fn clear_field(m: &mut Model) {
    press(m, KeyCode::End);
    for _ in 0..40 {
        press(m, KeyCode::Backspace);
    }
}

#[test]
fn shift_f12_opens_the_screen_and_the_menu_lists_it() {
    utc();
    let mut m = list_model(Lang::Sv);
    assert_eq!(m.on_key(shift_f12()), vec![Effect::LoadRefunds]);
    assert_eq!(m.screen, Screen::Refunds);
    assert!(render(&mut m, 80, 24).contains("Hämtar återbetalningarna"));
    m.on_event(Event::RefundsLoaded(Box::new(list())));
    let screen = render(&mut m, 80, 24);
    assert!(screen.contains("Återbetalningar"), "{screen}");
    assert!(screen.contains("F41"), "{screen}");
    assert_eq!(m.on_key(ctrl('r')), vec![Effect::LoadRefunds]);
    press(&mut m, KeyCode::Esc);
    assert_eq!(m.screen, Screen::List);
    m.overlay = Overlay::Menu { selected: 0 };
    let menu = render(&mut m, 120, 40);
    assert!(
        menu.contains("Återbetalningar") && menu.contains("Shift+F12"),
        "{menu}"
    );
    let i = Model::menu_items()
        .iter()
        .position(|a| *a == Action::Refunds)
        .unwrap();
    m.overlay = Overlay::Menu { selected: i };
    assert_eq!(press(&mut m, KeyCode::Enter), vec![Effect::LoadRefunds]);
    assert_eq!(m.screen, Screen::Refunds);
}

#[test]
fn refunds_screen_snapshots() {
    utc();
    let mut m = refunds_model(Lang::Sv);
    insta::assert_snapshot!("refunds_80x24", render(&mut m, 80, 24));
    insta::assert_snapshot!("refunds_120x40", render(&mut m, 120, 40));
    // The sent refund selected, one proposal chosen.
    press(&mut m, KeyCode::Char(' '));
    press(&mut m, KeyCode::End);
    insta::assert_snapshot!("refunds_sent_selected_80x24", render(&mut m, 80, 24));
    insta::assert_snapshot!("refunds_sent_selected_120x40", render(&mut m, 120, 40));
    let mut m = list_model(Lang::Sv);
    m.act(Action::Refunds);
    m.on_event(Event::RefundsLoaded(Box::new(RefundList {
        proposals: vec![],
        sent: vec![],
    })));
    assert!(render(&mut m, 80, 24).contains("Inga återbetalningar att göra"));
}

#[test]
fn space_chooses_and_b_batches_the_chosen_to_the_path_typed() {
    utc();
    let mut m = refunds_model(Lang::Sv);
    assert!(press(&mut m, KeyCode::Char(' ')).is_empty());
    // Space moves on; again on I17 (the third row) after skipping F42.
    press(&mut m, KeyCode::Down);
    press(&mut m, KeyCode::Char(' '));
    let v = m.refunds.as_ref().unwrap();
    assert_eq!(
        v.chosen.iter().cloned().collect::<Vec<_>>(),
        vec!["F41".to_string(), "I17".to_string()]
    );
    assert!(render(&mut m, 120, 40).contains("Valda: 2 st, 1 350,00 kr"));
    // Space on a chosen one unchooses it.
    press(&mut m, KeyCode::Home);
    press(&mut m, KeyCode::Char(' '));
    press(&mut m, KeyCode::Home);
    press(&mut m, KeyCode::Char(' '));
    // B: the path asked for, prefilled with the day the money goes.
    assert!(press(&mut m, KeyCode::Char('b')).is_empty());
    assert_eq!(form(&m).fields[0].value(), "aterbetalningar-2026-11-30.xml");
    let screen = render(&mut m, 80, 24);
    assert!(screen.contains("Gör omgång"), "{screen}");
    // An emptied path: said at the field, nothing sent.
    clear_field(&mut m);
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    assert!(
        form(&m).fields[0]
            .error
            .as_ref()
            .unwrap()
            .contains("sökvägen")
    );
    type_text(&mut m, "/tmp/omg.xml");
    let fx = press(&mut m, KeyCode::Enter);
    assert_eq!(
        fx,
        vec![Effect::RefundBatch {
            ids: vec![
                ProposalId::parse("F41").unwrap(),
                ProposalId::parse("I17").unwrap()
            ],
            path: PathBuf::from("/tmp/omg.xml"),
        }]
    );
    assert!(m.busy.is_some());
    assert!(form(&m).pending);
    // The answer: the form closes, the list read again, the outcome in the message line.
    let mut after = list();
    after.proposals.retain(|p| p.id == "F42");
    m.on_event(Event::FormSaved);
    m.on_event(Event::RefundsLoaded(Box::new(after)));
    m.on_event(Event::Done {
        text: "Omgång 3 (VRK-R3-20261130120000): 2 återbetalningar, 1 350,00 kr, skriven till /tmp/omg.xml".into(),
        error: false,
    });
    assert_eq!(m.overlay, Overlay::None);
    assert!(m.busy.is_none());
    assert!(m.refunds.as_ref().unwrap().chosen.is_empty());
    let screen = render(&mut m, 120, 40);
    assert!(screen.contains("skriven till /tmp/omg.xml"), "{screen}");
}

#[test]
fn b_with_none_chosen_confirms_the_count_and_total_first() {
    utc();
    let mut m = refunds_model(Lang::Sv);
    assert!(press(&mut m, KeyCode::Char('B')).is_empty());
    assert_eq!(
        m.overlay,
        Overlay::ConfirmRefundAll {
            count: 2,
            total: kr("1350")
        }
    );
    let screen = render(&mut m, 80, 24);
    assert!(
        screen.contains("av alla 2 med") && screen.contains("betalningsuppgifter, 1 350,00 kr?"),
        "{screen}"
    );
    // Esc: nothing.
    press(&mut m, KeyCode::Esc);
    assert_eq!(m.overlay, Overlay::None);
    press(&mut m, KeyCode::Char('b'));
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    let fx = press(&mut m, KeyCode::Enter);
    assert_eq!(
        fx,
        vec![Effect::RefundBatch {
            ids: vec![],
            path: PathBuf::from("aterbetalningar-2026-11-30.xml"),
        }]
    );
    // A refusal (no company IBAN, the file not written) shows at the field, the path kept.
    m.on_event(Event::FormFailed {
        field: None,
        text: "Kunde inte skriva aterbetalningar-2026-11-30.xml".into(),
    });
    let f = form(&m);
    assert!(!f.pending);
    assert_eq!(f.fields[0].value(), "aterbetalningar-2026-11-30.xml");
    assert!(
        f.fields[0]
            .error
            .as_ref()
            .unwrap()
            .contains("Kunde inte skriva")
    );
    // Nothing to send when no proposal has payment details.
    let mut m = list_model(Lang::Sv);
    m.act(Action::Refunds);
    let mut l = list();
    l.proposals.retain(|p| p.payee.is_none());
    m.on_event(Event::RefundsLoaded(Box::new(l)));
    assert!(press(&mut m, KeyCode::Char('b')).is_empty());
    assert!(error_text(&m).contains("Inget att skicka"));
}

#[test]
fn a_changes_amount_and_date_with_errors_at_the_field() {
    utc();
    let mut m = refunds_model(Lang::Sv);
    assert!(press(&mut m, KeyCode::Char('a')).is_empty());
    assert_eq!(form(&m).fields[0].value(), "1 250,00");
    assert_eq!(form(&m).fields[1].value(), "2026-11-30");
    insta::assert_snapshot!("refunds_change_form_80x24", render(&mut m, 80, 24));
    // Not an amount: at the amount field, kept.
    clear_field(&mut m);
    type_text(&mut m, "mycket");
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    assert_eq!(form(&m).fields[0].value(), "mycket");
    assert!(
        form(&m).fields[0]
            .error
            .as_ref()
            .unwrap()
            .contains("är inget belopp")
    );
    clear_field(&mut m);
    type_text(&mut m, "1 300");
    // Not a date: at the date field.
    press(&mut m, KeyCode::Tab);
    clear_field(&mut m);
    type_text(&mut m, "5 dec");
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    assert_eq!(form(&m).active, 1);
    assert!(
        form(&m).fields[1]
            .error
            .as_ref()
            .unwrap()
            .contains("är inget datum")
    );
    clear_field(&mut m);
    type_text(&mut m, "2026-12-05");
    let fx = press(&mut m, KeyCode::Enter);
    assert_eq!(
        fx,
        vec![Effect::SetRefund {
            id: ProposalId::parse("F41").unwrap(),
            amount: kr("1300"),
            date: Some(NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()),
        }]
    );
    // More than is owed: the app's message at the amount field, everything typed kept.
    m.on_event(Event::FormFailed {
        field: Some(InputField::RefundAmount),
        text: "1 300,00 kr är mer än kunden har att få tillbaka på F41 (1 250,00 kr)".into(),
    });
    let f = form(&m);
    assert_eq!(f.active, 0);
    assert_eq!(f.fields[0].value(), "1 300");
    assert_eq!(f.fields[1].value(), "2026-12-05");
    assert!(
        f.fields[0]
            .error
            .as_ref()
            .unwrap()
            .contains("mer än kunden")
    );
    insta::assert_snapshot!("refunds_change_form_error_80x24", render(&mut m, 80, 24));
    // A on a sent refund's row: nothing to change.
    press(&mut m, KeyCode::Esc);
    press(&mut m, KeyCode::End);
    assert!(press(&mut m, KeyCode::Char('a')).is_empty());
    assert!(error_text(&m).contains("Inget förslag är valt"));
}

#[test]
fn s_reads_a_status_file_from_the_path_typed() {
    utc();
    let mut m = refunds_model(Lang::En);
    assert!(press(&mut m, KeyCode::Char('s')).is_empty());
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    assert!(
        form(&m).fields[0]
            .error
            .as_ref()
            .unwrap()
            .contains("status file")
    );
    type_text(&mut m, "pain002.xml");
    assert_eq!(
        press(&mut m, KeyCode::Enter),
        vec![Effect::RefundStatus(PathBuf::from("pain002.xml"))]
    );
    // While it runs, B starts nothing.
    m.on_event(Event::FormSaved);
    assert!(press(&mut m, KeyCode::Char('b')).is_empty());
    assert!(error_text(&m).contains("Wait"), "{:?}", m.message);
    m.on_event(Event::Done {
        text: "Status of VRK-R2-20261130120000: 1 payments, 0 accepted, 1 rejected".into(),
        error: false,
    });
    assert!(m.busy.is_none());
    assert!(render(&mut m, 120, 40).contains("1 rejected"));
}

/// "Ändra kund" (F3): where the customer's refunds are paid comes with the order and fills the
/// form's last two fields; the active field shows what may be written; a bad account number
/// is shown at its field, everything typed kept; the change sent is read by kind.
#[test]
fn the_customer_form_has_where_refunds_are_paid() {
    use verkstad::app::refunds::PayeeChange;
    utc();
    let d = details(10008, Status::Complete, three_lines());
    let mut m = order_model(d.clone());
    let iban = Payee::iban("SE4550000000058398257466", Some("ESSESESS")).unwrap();
    m.on_event(Event::OrderLoaded(Box::new(d), Vec::new(), Some(iban)));
    assert!(press(&mut m, KeyCode::F(3)).is_empty());
    let form = open_form(&m);
    assert_eq!(form.fields[9].value(), "SE45 5000 0000 0583 9825 7466");
    assert_eq!(form.fields[10].value(), "ESSESESS");
    // From the name, ↑ twice: the details, with the hint under them.
    press(&mut m, KeyCode::Up);
    press(&mut m, KeyCode::Up);
    assert_eq!(open_form(&m).active, 9);
    let text = render(&mut m, 120, 40);
    assert!(text.contains("Clearing-konto (5000-1001000)"), "{text}");
    insta::assert_snapshot!("customer_form_payee_120x40", text);

    // A Swedish account instead, the BIC emptied.
    press_ctrl(&mut m, 'u');
    type_text(&mut m, "5000-1001001");
    press(&mut m, KeyCode::Tab);
    press_ctrl(&mut m, 'u');
    let fx = press(&mut m, KeyCode::Enter);
    let Some(Effect::SaveCustomer { change, .. }) = fx.first() else {
        panic!("{fx:?}");
    };
    assert_eq!(
        change.payee,
        Some(PayeeChange {
            account: Some("5000-1001001".into()),
            ..PayeeChange::default()
        })
    );
    // The app refuses it at the field (its check digit); the form keeps what was typed.
    let err = change.payee.as_ref().unwrap().payee().unwrap_err();
    assert_eq!(err.field(), Some(InputField::PaymentDetails));
    m.on_event(Event::FormFailed {
        field: err.field(),
        text: err.message(Lang::Sv),
    });
    let form = open_form(&m);
    assert_eq!(form.active, 9);
    assert_eq!(form.fields[9].value(), "5000-1001001");
    assert_eq!(form.fields[10].value(), "");
    let text = render(&mut m, 80, 24);
    assert!(text.contains("kontrollsiffran"), "{text}");
    insta::assert_snapshot!("customer_form_payee_error_80x24", text);

    // A customer without details: both fields empty, and left empty they change nothing.
    let mut m = order_model(details(10008, Status::Complete, three_lines()));
    press(&mut m, KeyCode::F(3));
    let form = open_form(&m);
    assert_eq!((form.fields[9].value(), form.fields[10].value()), ("", ""));
    let fx = press(&mut m, KeyCode::Enter);
    let Some(Effect::SaveCustomer { change, .. }) = fx.first() else {
        panic!("{fx:?}");
    };
    assert_eq!(change.payee.as_ref().unwrap().payee().unwrap(), None);
}

/// F3 on the refunds screen: the selected proposal's customer opens in "Ändra kund" (read by
/// the worker, with its payment details); saved, the refunds are read again so the proposal
/// shows where the money goes. On a sent refund's row there is no customer to open.
#[test]
fn f3_on_a_proposal_opens_its_customer_and_saving_reads_the_refunds_again() {
    use verkstad::app::refunds::PayeeChange;
    utc();
    let mut m = refunds_model(Lang::Sv);
    // F42: Nilsson Åkeri, customer 10003, no payment details.
    press(&mut m, KeyCode::Down);
    let keys = render(&mut m, 120, 40);
    assert!(keys.contains("F3 kund"), "{keys}");
    assert_eq!(
        press(&mut m, KeyCode::F(3)),
        vec![Effect::LoadCustomer(10003)]
    );
    assert_eq!(m.overlay, Overlay::None, "the form waits for the customer");
    let mut c = customer();
    c.customer_no = 10003;
    c.name = "Nilsson Åkeri och Transport AB".into();
    assert!(
        m.on_event(Event::CustomerLoaded(Box::new(c), None))
            .is_empty()
    );
    assert_eq!(form(&m).fields[0].value(), "Nilsson Åkeri och Transport AB");
    assert_eq!(form(&m).fields[9].value(), "");
    // To the details (↑ twice from the name), a bankgiro, saved.
    press(&mut m, KeyCode::Up);
    press(&mut m, KeyCode::Up);
    type_text(&mut m, "BG 5050-1055");
    let fx = press(&mut m, KeyCode::Enter);
    let Some(Effect::SaveCustomer {
        nr: None,
        customer_no: 10003,
        change,
    }) = fx.first()
    else {
        panic!("{fx:?}");
    };
    assert_eq!(
        change.payee,
        Some(PayeeChange {
            bankgiro: Some("5050-1055".into()),
            ..PayeeChange::default()
        })
    );
    // The worker's answer: saved, then its message.
    assert_eq!(m.on_event(Event::FormSaved), vec![Effect::LoadRefunds]);
    m.on_event(Event::Done {
        text: "Kund 10003 är sparad".into(),
        error: false,
    });
    assert_eq!(m.overlay, Overlay::None);
    assert_eq!(m.screen, Screen::Refunds);

    // The sent refund's row (the last): nothing to open, and the menu says why.
    for _ in 0..5 {
        press(&mut m, KeyCode::Down);
    }
    assert!(press(&mut m, KeyCode::F(3)).is_empty());
    assert_eq!(m.overlay, Overlay::None);
    let screen = render(&mut m, 120, 40);
    assert!(screen.contains("Inget förslag är valt"), "{screen}");
}
