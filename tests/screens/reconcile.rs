//! The reconciliation screen (F12, issue 14) with fixture payments in every state: no database.
//! The worker's side (the effects calling the workshop) is tested in tests/reconcile.rs.

use chrono::NaiveDate;
use std::path::PathBuf;

use super::*;
use verkstad::app::{IncomingPaymentRecord, PaymentStanding};
use verkstad::domain::reconcile::{OpenInvoice, Payer, PaymentRef, Reason, RefKind, State};

fn kr(ore: i64) -> Money {
    Money::from_ore(ore)
}

#[allow(clippy::too_many_arguments)]
fn payment(
    id: i64,
    day: u32,
    ore: i64,
    payer: &str,
    reference: &str,
    state: State,
    reasons: Vec<Reason>,
    invoices: Vec<i64>,
) -> IncomingPaymentRecord {
    let suggested_invoice = match reasons.first() {
        Some(Reason::AmountOnly { invoice_no }) if state == State::Suggested => Some(*invoice_no),
        _ => None,
    };
    let waiting_order = match reasons.first() {
        Some(Reason::OrderNotInvoiced { order_nr }) if state == State::Prepayment => {
            Some(*order_nr)
        }
        _ => None,
    };
    IncomingPaymentRecord {
        id,
        file: 1,
        source: "bankgiro".into(),
        entry_key: format!("bankgiro|991-2346|2026-11-{day:02}|BGC{id}|{ore}"),
        account: "991-2346".into(),
        bank_id: format!("BGC{id}"),
        booked_on: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
        amount: kr(ore),
        payer: Payer {
            name: Some(payer.into()),
            org_no: None,
            account: None,
        },
        references: vec![PaymentRef {
            kind: RefKind::FreeText,
            text: reference.into(),
            amount: None,
        }],
        voucher_no: Some(10 + id),
        imported_at: at(0),
        standing: PaymentStanding {
            state,
            reasons,
            suggested_invoice,
            waiting_order,
            held: match state {
                State::Matched => kr(0),
                _ => kr(ore),
            },
            credit: kr(0),
        },
        invoices,
    }
}

/// The work list as the app orders it: suggested and OBS, then prepayment, then matched.
fn payments() -> Vec<IncomingPaymentRecord> {
    vec![
        payment(
            4,
            27,
            125_000,
            "ÖBERG ÅSA",
            "Service november",
            State::Suggested,
            vec![Reason::AmountOnly { invoice_no: 5 }],
            vec![],
        ),
        payment(
            1,
            27,
            124_960,
            "JOHANSSON BIL AB",
            "231",
            State::Obs,
            vec![Reason::UnknownReference { text: "231".into() }],
            vec![],
        ),
        payment(
            3,
            27,
            125_000,
            "Per Persson",
            "order 10002",
            State::Prepayment,
            vec![Reason::OrderNotInvoiced { order_nr: 10002 }],
            vec![],
        ),
        payment(
            2,
            26,
            312_500,
            "Karlsson Anna",
            "4125",
            State::Matched,
            vec![Reason::Ocr {
                text: "4125".into(),
                invoice_no: 41,
            }],
            vec![41],
        ),
        payment(
            5,
            26,
            77_700,
            "Nilsson Åkeri och Transport Aktiebolag",
            "Faktura 99999 och faktura 7 oktober",
            State::Matched,
            vec![
                Reason::UnknownReference {
                    text: "99999".into(),
                },
                Reason::ByHand { invoice_no: 7 },
            ],
            vec![7],
        ),
    ]
}

fn open_invoice(no: i64, open: i64) -> OpenInvoice {
    OpenInvoice {
        invoice_no: no,
        order_nr: 10000 + no,
        to_pay: kr(125_000),
        open: kr(open),
        buyer: "Åsa Öberg".into(),
        buyer_id: None,
    }
}

/// F12 from the list, the worker's answer given.
fn reconcile_model(lang: Lang) -> Model {
    let mut m = list_model(lang);
    assert_eq!(m.on_key(key(KeyCode::F(12))), vec![Effect::LoadPayments]);
    assert!(m.on_event(Event::PaymentsLoaded(payments())).is_empty());
    m
}

fn type_text(m: &mut Model, text: &str) {
    for c in text.chars() {
        assert!(press(m, KeyCode::Char(c)).is_empty());
    }
}

fn form_field(m: &Model) -> (String, Option<String>) {
    let form = match &m.overlay {
        Overlay::Form(f) | Overlay::ConfirmMatch { form: f, .. } => f,
        other => panic!("no form: {other:?}"),
    };
    (
        form.fields[0].value().to_string(),
        form.fields[0].error.clone(),
    )
}

#[test]
fn f12_opens_the_screen_and_asks_the_worker_for_the_payments() {
    utc();
    let mut m = list_model(Lang::Sv);
    assert_eq!(m.on_key(key(KeyCode::F(12))), vec![Effect::LoadPayments]);
    assert_eq!(m.screen, Screen::Reconcile);
    assert!(render(&mut m, 80, 24).contains("Hämtar inbetalningarna"));
    m.on_event(Event::PaymentsLoaded(payments()));
    let screen = render(&mut m, 80, 24);
    assert!(screen.contains("Avstämning"), "{screen}");
    assert!(screen.contains("ÖBERG ÅSA"), "{screen}");
    // Ctrl+R reads again; Esc and F5 leave.
    assert_eq!(m.on_key(ctrl('r')), vec![Effect::LoadPayments]);
    press(&mut m, KeyCode::Esc);
    assert_eq!(m.screen, Screen::List);
    m.on_key(key(KeyCode::F(12)));
    m.on_key(key(KeyCode::F(5)));
    assert_eq!(m.screen, Screen::List);
    // In the Funktion menu, with its key.
    m.overlay = Overlay::Menu { selected: 0 };
    let menu = render(&mut m, 120, 40);
    assert!(
        menu.contains("Avstämning") && menu.contains("F12"),
        "{menu}"
    );
    let i = Model::menu_items()
        .iter()
        .position(|a| *a == Action::Reconcile)
        .unwrap();
    m.overlay = Overlay::Menu { selected: i };
    assert_eq!(press(&mut m, KeyCode::Enter), vec![Effect::LoadPayments]);
    assert_eq!(m.screen, Screen::Reconcile);
}

#[test]
fn reconcile_screen_snapshots() {
    utc();
    let mut m = reconcile_model(Lang::Sv);
    insta::assert_snapshot!("reconcile_80x24", render(&mut m, 80, 24));
    insta::assert_snapshot!("reconcile_120x40", render(&mut m, 120, 40));
    // The last row selected: its reasons below; in English.
    let mut m = reconcile_model(Lang::En);
    press(&mut m, KeyCode::End);
    insta::assert_snapshot!("reconcile_en_selected_80x24", render(&mut m, 80, 24));
    // Nothing imported yet.
    let mut m = list_model(Lang::Sv);
    m.act(Action::Reconcile);
    m.on_event(Event::PaymentsLoaded(Vec::new()));
    assert!(render(&mut m, 80, 24).contains("Inga inbetalningar – I läser in en bankfil"));
}

#[test]
fn nothing_is_cut_mid_word_at_80_columns() {
    utc();
    let mut m = reconcile_model(Lang::Sv);
    press(&mut m, KeyCode::End);
    let screen = render(&mut m, 80, 24);
    // The long payer and reference are shortened after a whole word, with "…".
    let row = screen
        .lines()
        .find(|l| l.contains("777,00") && l.contains("Avprickad"))
        .expect("the row");
    assert!(row.contains(" Nilsson… "), "{row}");
    assert!(row.contains(" Faktura… "), "{row}");
    assert!(row.contains(" referensen (99999)… "), "{row}");
    // The selected payment's reasons in full below the table.
    assert!(
        screen
            .contains("Varför: referensen (99999) hittar ingen faktura eller order; avprickad för"),
        "{screen}"
    );
    assert!(screen.contains("Esc tillbaka"), "{screen}");
}

#[test]
fn arrows_move_the_selection_and_its_reasons_follow() {
    utc();
    let mut m = reconcile_model(Lang::Sv);
    assert!(render(&mut m, 120, 40).contains("förslag: faktura 5"));
    press(&mut m, KeyCode::Down);
    press(&mut m, KeyCode::Down);
    let screen = render(&mut m, 120, 40);
    assert!(
        screen.contains("väntar på faktura för order 10002"),
        "{screen}"
    );
    press(&mut m, KeyCode::PageDown);
    assert_eq!(m.reconcile.as_ref().unwrap().selected, 4);
    press(&mut m, KeyCode::PageUp);
    assert_eq!(m.reconcile.as_ref().unwrap().selected, 0);
    // A reload keeps the same payment selected even when it moved.
    press(&mut m, KeyCode::Down);
    let mut rows = payments();
    rows.swap(0, 1);
    m.on_event(Event::PaymentsLoaded(rows));
    assert_eq!(m.reconcile.as_ref().unwrap().selected, 0);
    assert_eq!(
        m.reconcile.as_ref().unwrap().selected_payment().unwrap().id,
        1
    );
}

#[test]
fn enter_accepts_a_suggestion_and_says_why_not_on_another_row() {
    utc();
    let mut m = reconcile_model(Lang::Sv);
    assert_eq!(
        press(&mut m, KeyCode::Enter),
        vec![Effect::AcceptSuggestion(4)]
    );
    assert!(m.busy.is_some());
    // While it runs, nothing else starts.
    assert!(press(&mut m, KeyCode::Char('o')).is_empty());
    assert!(error_text(&m).contains("Vänta"), "{:?}", m.message);
    let mut rows = payments();
    rows[0].standing.state = State::Matched;
    rows[0]
        .standing
        .reasons
        .push(Reason::ByHand { invoice_no: 5 });
    m.on_event(Event::PaymentsLoaded(rows));
    m.on_event(Event::Done {
        text: "Inbetalning 4 (1 250,00 kr) avprickad mot faktura 5, verifikation 20".into(),
        error: false,
    });
    assert!(m.busy.is_none());
    assert_eq!(m.screen, Screen::Reconcile);
    let screen = render(&mut m, 80, 24);
    assert!(screen.contains("avprickad mot faktura 5"), "{screen}");
    // The OBS row has no suggestion: a clear message, nothing sent.
    press(&mut m, KeyCode::Down);
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    assert_eq!(
        error_text(&m),
        "Inbetalning 1 (OBS) har inget förslag att godkänna – M matchar för hand"
    );
}

#[test]
fn m_asks_for_the_invoice_shows_it_and_matches_on_confirm() {
    utc();
    let mut m = reconcile_model(Lang::Sv);
    press(&mut m, KeyCode::Down); // the OBS payment
    assert!(press(&mut m, KeyCode::Char('m')).is_empty());
    assert!(matches!(m.overlay, Overlay::Form(_)));
    let screen = render(&mut m, 80, 24);
    assert!(screen.contains("Matcha inbetalning 1"), "{screen}");
    // Not a number: said at the field, nothing sent, the text kept.
    type_text(&mut m, "x7");
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    let (value, error) = form_field(&m);
    assert_eq!(value, "x7");
    assert!(error.unwrap().contains("är inget fakturanummer"));
    press(&mut m, KeyCode::Home);
    press(&mut m, KeyCode::Delete);
    assert_eq!(
        press(&mut m, KeyCode::Enter),
        vec![Effect::FindInvoice {
            payment: 1,
            invoice: 7
        }]
    );
    // The invoice found: its buyer and what is open, before anything is booked.
    assert!(
        m.on_event(Event::InvoiceFound {
            payment: 1,
            invoice: open_invoice(7, 50_000),
        })
        .is_empty()
    );
    assert!(matches!(m.overlay, Overlay::ConfirmMatch { .. }));
    let screen = render(&mut m, 80, 24);
    assert!(screen.contains("Åsa Öberg"), "{screen}");
    assert!(
        screen.contains("öppet 500,00 kr av 1 250,00 kr"),
        "{screen}"
    );
    insta::assert_snapshot!("reconcile_confirm_match_80x24", screen);
    // Esc goes back to the form with the number; Enter looks it up again, then confirms.
    press(&mut m, KeyCode::Esc);
    assert_eq!(form_field(&m).0, "7");
    press(&mut m, KeyCode::Enter);
    m.on_event(Event::InvoiceFound {
        payment: 1,
        invoice: open_invoice(7, 50_000),
    });
    assert_eq!(
        press(&mut m, KeyCode::Enter),
        vec![Effect::MatchPayment {
            payment: 1,
            invoice: 7
        }]
    );
    assert!(m.busy.is_some());
    m.on_event(Event::FormSaved);
    m.on_event(Event::PaymentsLoaded(payments()));
    m.on_event(Event::Done {
        text: "Inbetalning 1 (1 249,60 kr) avprickad mot faktura 7, verifikation 21".into(),
        error: false,
    });
    assert_eq!(m.overlay, Overlay::None);
    assert!(m.busy.is_none());
}

#[test]
fn an_unknown_or_paid_invoice_is_said_at_the_field_and_the_number_kept() {
    utc();
    let mut m = reconcile_model(Lang::Sv);
    press(&mut m, KeyCode::Down);
    press(&mut m, KeyCode::Char('m'));
    type_text(&mut m, "999");
    assert_eq!(
        press(&mut m, KeyCode::Enter),
        vec![Effect::FindInvoice {
            payment: 1,
            invoice: 999
        }]
    );
    let text =
        "Faktura 999 finns inte eller är ingen faktura med betalningsvillkor (FAKTURA)".to_string();
    m.on_event(Event::FormFailed { field: None, text });
    assert!(m.busy.is_none());
    let (value, error) = form_field(&m);
    assert_eq!(value, "999");
    assert!(error.unwrap().starts_with("Faktura 999 finns inte"));
    let screen = render(&mut m, 80, 24);
    assert!(screen.contains("Faktura 999 finns inte"), "{screen}");
    // The match itself refused (another terminal matched it first): the same.
    let mut m = reconcile_model(Lang::Sv);
    press(&mut m, KeyCode::Char('m'));
    // A suggestion is offered in the field.
    assert_eq!(form_field(&m).0, "5");
    press(&mut m, KeyCode::Enter);
    m.on_event(Event::InvoiceFound {
        payment: 4,
        invoice: open_invoice(5, 125_000),
    });
    press(&mut m, KeyCode::Enter);
    m.on_event(Event::FormFailed {
        field: None,
        text: "Faktura 5 är redan betald".into(),
    });
    assert_eq!(
        form_field(&m),
        ("5".into(), Some("Faktura 5 är redan betald".into()))
    );
    // A matched payment cannot be matched again.
    let mut m = reconcile_model(Lang::Sv);
    press(&mut m, KeyCode::End);
    assert!(press(&mut m, KeyCode::Char('m')).is_empty());
    assert_eq!(m.overlay, Overlay::None);
    assert!(error_text(&m).contains("redan avprickad"));
}

#[test]
fn o_confirms_with_the_amount_then_moves_to_obs() {
    utc();
    let mut m = reconcile_model(Lang::Sv);
    assert!(press(&mut m, KeyCode::Char('o')).is_empty());
    assert_eq!(
        m.overlay,
        Overlay::ConfirmObs {
            payment: 4,
            amount: kr(125_000)
        }
    );
    let screen = render(&mut m, 80, 24);
    assert!(
        screen.contains("Flytta inbetalning 4 på 1 250,00 kr till OBS-kontot"),
        "{screen}"
    );
    // Esc: nothing.
    assert!(press(&mut m, KeyCode::Esc).is_empty());
    assert_eq!(m.overlay, Overlay::None);
    press(&mut m, KeyCode::Char('o'));
    assert_eq!(press(&mut m, KeyCode::Enter), vec![Effect::ObsPayment(4)]);
    assert!(m.busy.is_some());
    m.on_event(Event::Done {
        text: "Inbetalning 4 (1 250,00 kr) ligger nu på OBS-kontot, verifikation 22".into(),
        error: false,
    });
    assert!(m.busy.is_none());
    // An OBS payment is on OBS already.
    press(&mut m, KeyCode::Down);
    assert!(press(&mut m, KeyCode::Char('o')).is_empty());
    assert_eq!(m.overlay, Overlay::None);
    assert!(error_text(&m).contains("ligger redan på OBS-kontot"));
}

#[test]
fn i_imports_a_bank_file_and_the_outcome_updates_the_list() {
    utc();
    let mut m = list_model(Lang::Sv);
    m.act(Action::Reconcile);
    m.on_event(Event::PaymentsLoaded(Vec::new()));
    assert!(press(&mut m, KeyCode::Char('i')).is_empty());
    // An empty path is refused at the field.
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    assert_eq!(form_field(&m).1.unwrap(), "Skriv sökvägen till bankfilen");
    type_text(&mut m, "/tmp/bgmax.txt");
    let screen = render(&mut m, 80, 24);
    assert!(screen.contains("Läs in bankfil"), "{screen}");
    assert_eq!(
        press(&mut m, KeyCode::Enter),
        vec![Effect::ImportBankFile(PathBuf::from("/tmp/bgmax.txt"))]
    );
    assert!(m.busy.is_some());
    // A bad file: the error names the line, at the field, the path kept.
    m.on_event(Event::FormFailed {
        field: None,
        text: "rad 4 (TK20): belopp \"0000000000000777X0\" är inte ett tal".into(),
    });
    let (value, error) = form_field(&m);
    assert_eq!(value, "/tmp/bgmax.txt");
    assert!(error.unwrap().starts_with("rad 4 (TK20)"));
    assert!(m.busy.is_none());
    // Imported: the form closes, the list and the outcome show.
    press(&mut m, KeyCode::Enter);
    m.on_event(Event::FormSaved);
    m.on_event(Event::PaymentsLoaded(payments()));
    m.on_event(Event::Done {
        text: "5 betalningar: 2 avprickade, 1 förslag, 1 OBS, 1 förskott".into(),
        error: false,
    });
    assert_eq!(m.overlay, Overlay::None);
    let screen = render(&mut m, 80, 24);
    assert!(
        screen.contains("5 betalningar: 2 avprickade, 1 förslag, 1 OBS, 1 förskott"),
        "{screen}"
    );
    assert!(screen.contains("ÖBERG ÅSA"), "{screen}");
    assert_eq!(m.reconcile.as_ref().unwrap().rows.len(), 5);
}
