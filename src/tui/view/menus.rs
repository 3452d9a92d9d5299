//! The popups: Funktion menu, help, confirmations, the payment method chooser of "Bokför" and
//! the sandbox customer's answer.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::theme;
use super::{centered, compact_label};
use crate::domain::{Lang, Status};
use crate::tui::keymap::Action;
use crate::tui::model::Model;

pub(super) fn render_menu(model: &Model, frame: &mut Frame, area: Rect, selected: usize) {
    let lang = model.lang;
    let items = Model::menu_items();
    let mut lines = Vec::new();
    let mut why = None;
    // On a short terminal the menu scrolls: a window of items around the selection.
    let room = usize::from(area.height.saturating_sub(4)).max(1);
    let start = if items.len() > room {
        selected.saturating_sub(room - 1).min(items.len() - room)
    } else {
        0
    };
    for (i, a) in items.iter().enumerate().skip(start).take(room) {
        let avail = model.availability(*a);
        let style = match (&avail, i == selected) {
            (_, true) => theme::selected(),
            (Err(_), false) => theme::disabled(),
            (Ok(_), false) => Style::new(),
        };
        if i == selected {
            why = avail.err();
        }
        lines.push(Line::from(Span::styled(
            format!(" {:<42}{:>10} ", a.label(lang), model.keymap.key_label(*a)),
            style,
        )));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        why.map(|w| format!(" {w}")).unwrap_or_default(),
        Style::new().fg(Color::Yellow),
    )));
    let r = centered(area, 58, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(lang.pick(" Funktion ", " Function "))),
        r,
    );
}

pub(super) fn render_help(model: &Model, frame: &mut Frame, area: Rect) {
    let lang = model.lang;
    let mut lines = vec![Line::from(lang.pick(
        " Tangenter (ändras i keymap.toml bredvid config.toml):",
        " Keys (change them in keymap.toml beside config.toml):",
    ))];
    lines.push(Line::from(""));
    if usize::from(area.height) >= Action::ALL.len() + 8 {
        for a in Action::ALL {
            lines.push(Line::from(vec![
                Span::styled(format!(" {:<16}", model.keymap.keys_label(a)), theme::key()),
                Span::raw(a.label(lang)),
            ]));
        }
    } else {
        // Two columns on a short terminal.
        let half = Action::ALL.len().div_ceil(2);
        for i in 0..half {
            let mut spans = Vec::new();
            for a in [Action::ALL.get(i), Action::ALL.get(i + half)]
                .into_iter()
                .flatten()
            {
                spans.push(Span::styled(
                    format!(" {:<9}", model.keymap.key_label(*a)),
                    theme::key(),
                ));
                spans.push(Span::raw(format!("{:<28}", compact_label(*a, lang))));
            }
            lines.push(Line::from(spans));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(lang.pick(
        " I listan: skriv för att söka, ↑↓ väljer, Enter öppnar,",
        " In the list: type to search, ↑↓ select, Enter opens,",
    )));
    lines.push(Line::from(
        lang.pick(" Esc rensar sökningen.", " Esc clears the search."),
    ));
    let r = centered(area, 78, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(lang.pick(" Hjälp (F1) ", " Help (F1) "))),
        r,
    );
}

pub(super) fn render_confirm(model: &Model, frame: &mut Frame, area: Rect, action: Action) {
    let lang = model.lang;
    let text = match (action, model.send_summary()) {
        (Action::SendPayment, Some((mobile, amount))) => match lang {
            Lang::Sv => format!("Skicka betalnings-SMS till {mobile} på {amount} kr?"),
            Lang::En => format!("Send the payment SMS to {mobile} for {amount} kr?"),
        },
        (Action::DeleteLine, _) => match lang {
            Lang::Sv => format!("Ta bort rad {}?", model.line + 1),
            Lang::En => format!("Delete line {}?", model.line + 1),
        },
        (Action::CancelPayment, _)
            if model
                .order
                .as_ref()
                .is_some_and(|d| d.order.status == Status::Credited) =>
        {
            lang.pick(
                "Öppna den krediterade ordern igen (KLART)? En mobilbetalning återbetalas till kunden via Resurs.",
                "Open the credited order again (KLART)? A mobile payment is refunded to the customer through Resurs.",
            )
            .to_string()
        }
        (Action::Book, _) => lang
            .pick(
                "Bokför ordern som MOBIL (mobilbetalning mottagen)? Fakturanumret tas och ordern låses.",
                "Book the order as MOBIL (mobile payment received)? The invoice number is taken and the order is locked.",
            )
            .to_string(),
        _ => match lang {
            Lang::Sv => {
                "Annullera betalnings-SMS och öppna ordern? En gjord betalning återbetalas."
                    .to_string()
            }
            Lang::En => "Cancel the payment SMS and reopen the order? A payment made is refunded."
                .to_string(),
        },
    };
    let lines = vec![
        Line::from(format!(" {text}")),
        Line::from(""),
        Line::from(lang.pick(" Enter = Ja    Esc = Nej", " Enter = Yes    Esc = No")),
    ];
    let r = centered(area, 74, 5);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(format!(" {} ", action.label(lang)))),
        r,
    );
}

pub(super) fn render_method(model: &Model, frame: &mut Frame, area: Rect, selected: usize) {
    let lang = model.lang;
    let total = model
        .order
        .as_ref()
        .map(|d| d.totals.total.to_string())
        .unwrap_or_default();
    let mut lines = vec![
        Line::from(match lang {
            Lang::Sv => format!(" Betalsätt för {total} kr:"),
            Lang::En => format!(" Payment method for {total} kr:"),
        }),
        Line::from(""),
    ];
    for (i, m) in crate::tui::model::COUNTER_METHODS.iter().enumerate() {
        let label = match m {
            crate::domain::PaymentMethod::Kontant => lang.pick(
                "Kontant (avrundas till hela kronor)",
                "Cash (rounded to whole kronor)",
            ),
            crate::domain::PaymentMethod::Kort => lang.pick("Kort", "Card"),
            _ => lang.pick(
                "Faktura (OCR och förfallodag)",
                "Invoice (OCR and due date)",
            ),
        };
        let text = format!(" {}  {:<8} {label}", i + 1, m.code());
        lines.push(if i == selected {
            Line::from(Span::styled(text, theme::selected()))
        } else {
            Line::from(text)
        });
    }
    lines.push(Line::from(""));
    lines.push(Line::from(lang.pick(
        " Enter = Bokför    Esc = Avbryt",
        " Enter = Book    Esc = Cancel",
    )));
    let r = centered(area, 60, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(format!(" {} ", Action::Book.label(lang)))),
        r,
    );
}

pub(super) fn render_customer(model: &Model, frame: &mut Frame, area: Rect) {
    let lang = model.lang;
    let lines = vec![
        Line::from(lang.pick(
            " Som kunden på telefonen:",
            " As the customer on the phone:",
        )),
        Line::from(""),
        Line::from(lang.pick(" 1  Betala nu", " 1  Pay now")),
        Line::from(lang.pick(" 2  Delbetalning", " 2  Part payment")),
        Line::from(lang.pick(" 3  Faktura", " 3  Invoice")),
        Line::from(lang.pick(" 4  Avböj", " 4  Decline")),
        Line::from(""),
        Line::from(lang.pick(" Esc = Avbryt", " Esc = Cancel")),
    ];
    let r = centered(area, 40, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(Action::ActAsCustomer.label(lang))),
        r,
    );
}
