//! Rendering: a pure function of the model. Colours live in [`theme`].

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row, Table, TableState, Wrap};

use super::keymap::Action;
use super::model::{Model, Overlay, Screen};
use crate::domain::columns::{Align, format_time};
use crate::domain::{Column, Lang, Status};

/// Colours in one place.
pub mod theme {
    use ratatui::style::{Color, Modifier, Style};

    pub fn title() -> Style {
        Style::new()
            .fg(Color::Black)
            .bg(Color::Cyan)
            .add_modifier(Modifier::BOLD)
    }
    pub fn sandbox() -> Style {
        Style::new()
            .fg(Color::Black)
            .bg(Color::Yellow)
            .add_modifier(Modifier::BOLD)
    }
    pub fn demo() -> Style {
        Style::new()
            .fg(Color::White)
            .bg(Color::Magenta)
            .add_modifier(Modifier::BOLD)
    }
    pub fn header() -> Style {
        Style::new()
            .fg(Color::Black)
            .bg(Color::Gray)
            .add_modifier(Modifier::BOLD)
    }
    pub fn selected() -> Style {
        Style::new().fg(Color::Black).bg(Color::LightCyan)
    }
    pub fn locked() -> Style {
        Style::new().fg(Color::DarkGray)
    }
    pub fn error() -> Style {
        Style::new().fg(Color::White).bg(Color::Red)
    }
    pub fn info() -> Style {
        Style::new().fg(Color::Black).bg(Color::Green)
    }
    pub fn disabled() -> Style {
        Style::new().fg(Color::DarkGray)
    }
    pub fn key() -> Style {
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
}

/// Width of the totals box on the order screen.
const TOTALS_WIDTH: u16 = 33;

const SPINNER: [&str; 4] = ["|", "/", "-", "\\"];

/// Where the list's header and first row are drawn (for mouse clicks).
pub const LIST_HEADER_ROW: u16 = 3;
pub const LIST_FIRST_ROW: u16 = 4;

pub fn render(model: &mut Model, frame: &mut Frame) {
    let area = frame.area();
    let [top, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    render_top(model, frame, top);
    match model.screen {
        Screen::Order => render_order(model, frame, body),
        Screen::List => render_list(model, frame, body),
        Screen::DayReport => render_day_report(model, frame, body),
    }
    render_status(model, frame, status);
    render_hints(model, frame, hints);
    match model.overlay.clone() {
        Overlay::None => {}
        Overlay::Menu { selected } => render_menu(model, frame, area, selected),
        Overlay::Help => render_help(model, frame, area),
        Overlay::Columns { selected, ticked } => {
            render_columns(model, frame, area, selected, &ticked)
        }
        Overlay::Confirm(action) => render_confirm(model, frame, area, action),
        Overlay::Customer => render_customer(model, frame, area),
        Overlay::Form(form) => render_form(model, frame, area, &form),
        Overlay::Method { selected } => render_method(model, frame, area, selected),
    }
}

fn render_top(model: &Model, frame: &mut Frame, area: Rect) {
    let lang = model.lang;
    let title = match (model.screen, &model.order) {
        (Screen::Order, Some(d)) => format!(
            " Verkstad – {} {}  {}",
            lang.pick("Order", "Order"),
            d.order.nr,
            d.order.status
        ),
        (Screen::Order, None) => " Verkstad".to_string(),
        (Screen::List, _) => format!(
            " Verkstad – {}",
            lang.pick("Orderlista (F5)", "Order list (F5)")
        ),
        (Screen::DayReport, _) => format!(
            " Verkstad – {}",
            lang.pick("Dagrapport (F4)", "Day report (F4)")
        ),
    };
    let mut spans = vec![Span::styled(title, theme::title())];
    if model.demo {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            // Short: beside the sandbox banner it must fit 80 columns on every screen.
            " DEMO ",
            theme::demo(),
        ));
    }
    if model.sandbox {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(
            lang.pick(
                " SANDLÅDA – inga riktiga pengar ",
                " SANDBOX – no real money ",
            ),
            theme::sandbox(),
        ));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(theme::title()),
        area,
    );
}

fn render_status(model: &Model, frame: &mut Frame, area: Rect) {
    let line = if let Some(busy) = &model.busy {
        Line::from(format!(
            " {} {busy}",
            SPINNER[model.spinner % SPINNER.len()]
        ))
    } else if let Some(m) = &model.message {
        Line::from(Span::styled(
            format!(" {} ", m.text),
            if m.error {
                theme::error()
            } else {
                theme::info()
            },
        ))
    } else {
        Line::from("")
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn render_hints(model: &Model, frame: &mut Frame, area: Rect) {
    let shown: &[Action] = match model.screen {
        Screen::Order => &[
            Action::Help,
            Action::OrderList,
            Action::Menu,
            Action::AddLine,
            Action::SendPayment,
            Action::CheckPayment,
            Action::Quit,
        ],
        Screen::DayReport => &[Action::Help, Action::OrderList, Action::Menu, Action::Quit],
        Screen::List => &[
            Action::Help,
            Action::Menu,
            Action::NewOrder,
            Action::ChooseColumns,
            Action::CycleStatus,
            Action::CyclePaid,
            Action::SortNext,
            Action::Quit,
        ],
    };
    let mut spans = Vec::new();
    for a in shown {
        let key = model.keymap.key_label(*a);
        if key.is_empty() {
            continue;
        }
        spans.push(Span::styled(format!(" {key}"), theme::key()));
        spans.push(Span::raw(format!(" {} ", short_label(*a, model.lang))));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn short_label(a: Action, lang: Lang) -> &'static str {
    match a {
        Action::SendPayment => lang.pick("Skicka SMS", "Send SMS"),
        Action::CheckPayment => lang.pick("Kontrollera", "Check"),
        Action::OrderList => lang.pick("Lista", "List"),
        Action::ChooseColumns => lang.pick("Kolumner", "Columns"),
        Action::CycleStatus => "Status",
        Action::CyclePaid => lang.pick("Betald", "Paid"),
        Action::SortNext => lang.pick("Sortera", "Sort"),
        other => other.label(lang),
    }
}

/// A label of at most 27 characters, for the two-column help on a short terminal.
fn compact_label(a: Action, lang: Lang) -> &'static str {
    match a {
        Action::SendPayment => lang.pick("Skicka betalnings-SMS", "Send payment SMS"),
        Action::CheckPayment => lang.pick("Kontrollera betalning", "Check payment"),
        Action::CancelPayment => {
            lang.pick("Annullera SMS / Öppna order", "Cancel SMS / Reopen order")
        }
        other => other.label(lang),
    }
}

fn kv<'a>(label: &'a str, value: String, width: usize) -> Line<'a> {
    Line::from(vec![
        Span::styled(
            format!("{label:<width$}"),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::raw(value),
    ])
}

fn render_order(model: &Model, frame: &mut Frame, area: Rect) {
    let lang = model.lang;
    if let Some(nr) = model.opening {
        let text = match lang {
            Lang::Sv => format!("Öppnar order {nr}…"),
            Lang::En => format!("Opening order {nr}…"),
        };
        frame.render_widget(Paragraph::new(text).block(Block::bordered()), area);
        return;
    }
    let Some(d) = &model.order else {
        let p = Paragraph::new(lang.pick(
            "Ingen order öppen. F5 öppnar orderlistan, Enter öppnar en order.",
            "No order open. F5 opens the order list, Enter opens an order.",
        ))
        .block(Block::bordered());
        frame.render_widget(p, area);
        return;
    };
    let o = &d.order;
    let locked = !o.status.is_editable();
    let base = if locked {
        theme::locked()
    } else {
        Style::new()
    };
    let tick = if o.payment_received { "[x]" } else { "[ ]" };
    let last = model.attempts.last();
    let mobile_state = last
        .map(|a| {
            if a.state == crate::store::AttemptState::Sending {
                return if model.busy.is_some() {
                    lang.pick("SMS skickas…", "Sending the SMS…").to_string()
                } else {
                    lang.pick(
                        "SMS skickas – utfall okänt",
                        "Sending the SMS – outcome unknown",
                    )
                    .to_string()
                };
            }
            let state = a.payment_state.map(|s| s.label(lang)).unwrap_or("");
            let method = a
                .method
                .as_deref()
                .map(|m| format!(" ({m})"))
                .unwrap_or_default();
            format!("{state}{method}")
        })
        .unwrap_or_else(|| "–".into());
    let fields: [(&str, String); 6] = [
        (
            lang.pick("Betalsätt", "Payment method"),
            o.payment_method
                .map(|m| m.code().to_string())
                .unwrap_or_else(|| "–".into()),
        ),
        (
            lang.pick("Betalning mottagen", "Payment received"),
            tick.to_string(),
        ),
        (
            lang.pick("Tidpunkt för mottagen betalning", "Time payment received"),
            o.payment_received_at
                .map(format_time)
                .unwrap_or_else(|| "–".into()),
        ),
        (
            lang.pick("Fakturanr", "Invoice no"),
            o.invoice_no
                .map(|n| n.to_string())
                .unwrap_or_else(|| "–".into()),
        ),
        (lang.pick("Mobilbetalning", "Mobile payment"), mobile_state),
        (lang.pick("Fakturor", "Invoices"), invoices_text(model)),
    ];
    // Label and value on one line when the box is wide enough, else the value under its label.
    let label_width = fields
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0)
        + 1;
    let inner = usize::from(area.width.saturating_sub(TOTALS_WIDTH + 2));
    let mut billing = Vec::new();
    for (label, value) in fields {
        if label_width + value.chars().count() <= inner {
            billing.push(kv(label, value, label_width));
        } else {
            billing.push(kv(label, String::new(), 0));
            billing.push(Line::from(format!("  {value}")));
        }
    }
    let rates = d.totals.per_rate.len() as u16;
    let totals_lines = 2 * rates + u16::from(rates > 1) + 1;
    let bottom_height = totals_lines.max(billing.len() as u16) + 2;
    let [head, lines_area, bottom] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Min(3),
        Constraint::Length(bottom_height),
    ])
    .areas(area);

    // Header: customer and vehicle.
    let mobile = d
        .customer
        .mobile
        .as_ref()
        .map(|m| m.display())
        .unwrap_or_else(|| "–".into());
    let vehicle = d
        .vehicle
        .as_ref()
        .map(|v| {
            format!(
                "{}  {} {}{}",
                v.regnr,
                v.make,
                v.model,
                v.year.map(|y| format!(" ({y})")).unwrap_or_default()
            )
        })
        .unwrap_or_else(|| "–".into());
    let sending = model
        .attempts
        .last()
        .is_some_and(|a| a.state == crate::store::AttemptState::Sending);
    let lock_note = match o.status {
        Status::MobilePayment if sending => lang.pick(
            "  LÅST – SMS skickas, utfall okänt (Ctrl+L)",
            "  LOCKED – sending the SMS, outcome unknown (Ctrl+L)",
        ),
        Status::MobilePayment => lang.pick(
            "  LÅST – betalnings-SMS skickat",
            "  LOCKED – payment SMS sent",
        ),
        Status::Booked | Status::Credited => lang.pick("  LÅST – bokförd", "  LOCKED – booked"),
        _ => "",
    };
    let head_text = vec![
        Line::from(vec![
            Span::styled(
                format!("Order {}  ", o.nr),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::styled(format!(" {} ", o.status), status_style(o.status)),
            Span::styled(lock_note, Style::new().fg(Color::Yellow)),
        ]),
        kv(
            lang.pick("Kund", "Customer"),
            format!(
                "{}  {}  {}",
                d.customer.customer_no, d.customer.name, mobile
            ),
            9,
        ),
        kv(lang.pick("Fordon", "Vehicle"), vehicle, 9),
    ];
    frame.render_widget(
        Paragraph::new(head_text)
            .style(base)
            .block(Block::new().borders(Borders::BOTTOM)),
        head,
    );

    // Lines.
    let header = Row::new(
        [
            lang.pick("Rad", "Ln"),
            lang.pick("Typ", "Kind"),
            lang.pick("Artnr", "Art.no"),
            lang.pick("Benämning", "Description"),
            lang.pick("Antal", "Qty"),
            lang.pick("Enh", "Unit"),
            lang.pick("À-pris", "Price"),
            lang.pick("Rab%", "Disc%"),
            lang.pick("Moms", "VAT"),
            lang.pick("Belopp", "Amount"),
        ]
        .map(Cell::from),
    )
    .style(theme::header());
    let rows = o.lines.iter().enumerate().map(|(i, l)| {
        Row::new(vec![
            Cell::from(format!("{:>3}", i + 1)),
            Cell::from(l.kind.label(lang)),
            Cell::from(l.article_no.clone().unwrap_or_default()),
            Cell::from(l.description.clone()),
            Cell::from(Line::from(l.quantity.to_string()).alignment(Alignment::Right)),
            Cell::from(l.unit.clone()),
            Cell::from(Line::from(l.unit_price.to_string()).alignment(Alignment::Right)),
            Cell::from(if l.discount.is_zero() {
                String::new()
            } else {
                l.discount.to_string()
            }),
            Cell::from(l.vat.to_string()),
            Cell::from(Line::from(l.net().to_string()).alignment(Alignment::Right)),
        ])
    });
    let widths = [
        Constraint::Length(3),
        Constraint::Length(7),
        Constraint::Length(8),
        Constraint::Min(12),
        Constraint::Length(6),
        Constraint::Length(4),
        Constraint::Length(10),
        Constraint::Length(5),
        Constraint::Length(5),
        Constraint::Length(11),
    ];
    let mut line_state = TableState::default().with_selected(
        (!o.lines.is_empty() && model.overlay == Overlay::None).then_some(model.line),
    );
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(header)
            .style(base)
            .row_highlight_style(if locked {
                Style::new()
            } else {
                theme::selected()
            }),
        lines_area,
        &mut line_state,
    );

    // Totals and the Fakturering tab.
    let [totals_area, billing_area] =
        Layout::horizontal([Constraint::Length(TOTALS_WIDTH), Constraint::Min(30)]).areas(bottom);
    // Net and VAT per rate, then the sums: short lines that fit a box of 30 cells.
    let mut totals = Vec::new();
    let amount = |label: String, m: crate::domain::Money| {
        Line::from(vec![
            Span::raw(format!("{label:<16}")),
            Span::styled(format!("{:>13}", m.to_string()), Style::new()),
        ])
    };
    for r in &d.totals.per_rate {
        totals.push(amount(
            format!("{} {}", lang.pick("Netto", "Net"), r.rate),
            r.net,
        ));
        totals.push(amount(
            format!("{} {}", lang.pick("Moms", "VAT"), r.rate),
            r.vat,
        ));
    }
    if d.totals.per_rate.len() > 1 {
        totals.push(amount(
            lang.pick("Summa exkl moms", "Total excl VAT").into(),
            d.totals.net,
        ));
    }
    totals.push(Line::from(vec![
        Span::styled(
            format!("{:<16}", lang.pick("Att betala", "To pay")),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::styled(
            format!("{:>13}", d.totals.total.to_string()),
            Style::new().add_modifier(Modifier::BOLD),
        ),
    ]));
    frame.render_widget(
        Paragraph::new(totals)
            .style(base)
            .block(Block::bordered().title(lang.pick(" Summa ", " Totals "))),
        totals_area,
    );

    frame.render_widget(
        Paragraph::new(billing)
            .block(Block::bordered().title(lang.pick(" Fakturering ", " Invoicing "))),
        billing_area,
    );
}

/// The order's invoices and credit invoices, and what Resurs must still do.
fn invoices_text(model: &Model) -> String {
    let lang = model.lang;
    if model.invoices.is_empty() {
        return "–".into();
    }
    let mut parts: Vec<String> = model
        .invoices
        .iter()
        .map(|s| {
            let i = &s.invoice;
            match i.kind {
                crate::domain::invoice::InvoiceKind::Faktura => format!("{} {}", i.no, i.method),
                crate::domain::invoice::InvoiceKind::Kredit => {
                    format!("{} {}", lang.pick("kredit", "credit"), i.no)
                }
            }
        })
        .collect();
    for s in &model.invoices {
        if let Some(t) = s.pending() {
            let what = match (t.action, t.state, lang) {
                (
                    crate::store::ProviderAction::Refund,
                    crate::store::TaskState::Failed,
                    Lang::Sv,
                ) => "⚠ återbetalning misslyckades – försök igen",
                (
                    crate::store::ProviderAction::Refund,
                    crate::store::TaskState::Failed,
                    Lang::En,
                ) => "⚠ refund failed – try again",
                (crate::store::ProviderAction::Refund, _, Lang::Sv) => "⚠ återbetalning väntar",
                (crate::store::ProviderAction::Refund, _, Lang::En) => "⚠ refund pending",
                (_, crate::store::TaskState::Failed, Lang::Sv) => "⚠ dragning misslyckades",
                (_, crate::store::TaskState::Failed, Lang::En) => "⚠ capture failed",
                (_, _, Lang::Sv) => "⚠ dragning väntar",
                (_, _, Lang::En) => "⚠ capture pending",
            };
            parts.push(format!("{what} ({})", -s.invoice.to_pay));
        }
    }
    parts.join(", ")
}

fn render_day_report(model: &Model, frame: &mut Frame, area: Rect) {
    let lang = model.lang;
    let Some(r) = &model.day_report else {
        frame.render_widget(
            Paragraph::new(lang.pick("Hämtar dagrapporten…", "Loading the day report…"))
                .block(Block::bordered()),
            area,
        );
        return;
    };
    let mut lines: Vec<Line> = r
        .to_text(lang)
        .lines()
        .skip(2)
        .map(|l| Line::from(format!(" {l}")))
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        lang.pick(
            " ← → föregående/nästa dag   Esc orderlistan",
            " ← → previous/next day   Esc the order list",
        ),
        theme::disabled(),
    )));
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(format!(
            " {} {} ",
            lang.pick("Dagrapport", "Day report"),
            r.date
        ))),
        area,
    );
}

fn render_method(model: &Model, frame: &mut Frame, area: Rect, selected: usize) {
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
    for (i, m) in super::model::COUNTER_METHODS.iter().enumerate() {
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

fn status_style(s: Status) -> Style {
    match s {
        Status::Open => Style::new().fg(Color::Black).bg(Color::White),
        Status::Complete => Style::new().fg(Color::Black).bg(Color::Green),
        Status::MobilePayment => Style::new().fg(Color::Black).bg(Color::Yellow),
        Status::Booked => Style::new().fg(Color::White).bg(Color::Blue),
        Status::Credited => Style::new().fg(Color::White).bg(Color::Magenta),
    }
}

fn render_list(model: &mut Model, frame: &mut Frame, area: Rect) {
    let lang = model.lang;
    let [filter_area, table_area] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(2)]).areas(area);
    let (cols, col_widths) = fitted_columns(&model.list.columns, lang, table_area.width);
    let hidden = model.list.columns.len() - cols.len();
    let status = model
        .list
        .status
        .map(|s| s.code().to_string())
        .unwrap_or_else(|| lang.pick("alla", "all").into());
    let paid = match model.list.paid {
        None => lang.pick("alla", "all"),
        Some(true) => lang.pick("betalda", "paid"),
        Some(false) => lang.pick("obetalda", "unpaid"),
    };
    let sort = format!(
        "{} {}",
        model.list.sort.column.header(lang),
        if model.list.sort.descending {
            "↓"
        } else {
            "↑"
        }
    );
    let filter_line = Line::from(vec![
        Span::styled(
            lang.pick(" Sök: ", " Find: "),
            Style::new().add_modifier(Modifier::BOLD),
        ),
        Span::styled(
            format!("{}▏", model.list.filter),
            Style::new().add_modifier(Modifier::UNDERLINED),
        ),
        Span::raw(format!(
            "   Status: {status}   {}: {paid}   {}: {sort}   {} {}",
            lang.pick("Betalning", "Payment"),
            lang.pick("Sortering", "Sort"),
            model.list.rows.len(),
            lang.pick("ordrar", "orders")
        )),
        Span::styled(
            if model.list.loading {
                lang.pick("   söker…", "   searching…")
            } else {
                ""
            },
            Style::new().fg(Color::Yellow),
        ),
        Span::styled(
            match (hidden, lang) {
                (0, _) => String::new(),
                (n, Lang::Sv) => format!("   +{n} kolumner får inte plats"),
                (n, Lang::En) => format!("   +{n} columns do not fit"),
            },
            Style::new().fg(Color::Yellow),
        ),
    ]);
    frame.render_widget(
        Paragraph::new(filter_line).block(Block::new().borders(Borders::BOTTOM)),
        filter_area,
    );

    if model.list.rows.is_empty() && !model.list.loading {
        let header =
            Row::new(cols.iter().map(|c| Cell::from(c.header(lang)))).style(theme::header());
        let widths: Vec<Constraint> = col_widths.iter().map(|w| Constraint::Length(*w)).collect();
        let [h, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(table_area);
        frame.render_widget(Table::new(Vec::<Row>::new(), widths).header(header), h);
        frame.render_widget(
            Paragraph::new(lang.pick("Inga ordrar matchar.", "No orders match."))
                .alignment(Alignment::Center),
            rest,
        );
        return;
    }
    let header = Row::new(cols.iter().map(|c| {
        let mut h = c.header(lang).to_string();
        if *c == model.list.sort.column {
            h.push_str(if model.list.sort.descending {
                " ↓"
            } else {
                " ↑"
            });
        }
        Cell::from(h)
    }))
    .style(theme::header());
    let widths: Vec<Constraint> = col_widths.iter().map(|w| Constraint::Length(*w)).collect();
    let rows = model.list.rows.iter().map(|r| {
        Row::new(cols.iter().map(|c| {
            let text = c.cell(r);
            let line = match c.align() {
                Align::Left => Line::from(text),
                Align::Right => Line::from(text).alignment(Alignment::Right),
                Align::Center => Line::from(text).alignment(Alignment::Center),
            };
            Cell::from(line)
        }))
    });
    model.list.page = usize::from(table_area.height.saturating_sub(1));
    let mut state = TableState::default().with_selected(Some(model.list.selected));
    frame.render_stateful_widget(
        Table::new(rows, widths)
            .header(header)
            .row_highlight_style(theme::selected())
            .column_spacing(1),
        table_area,
        &mut state,
    );
}

/// The columns that fit in `width` cells, with their widths. Each column is as wide as its values
/// (and its header, up to 12 cells — a longer header is cut, as in ProMeister's list); the name
/// gives way first, down to 12 cells, and columns that still do not fit are left out rather than
/// cut, so an amount is never shown with digits missing.
fn fitted_columns(cols: &[Column], lang: Lang, width: u16) -> (Vec<Column>, Vec<u16>) {
    let natural = |c: &Column| -> u16 {
        match c {
            Column::CustomerName | Column::MakeModel => c.width(),
            _ => c.width().max(c.header(lang).chars().count().min(12) as u16),
        }
    };
    let mut out_cols = Vec::new();
    let mut widths: Vec<u16> = Vec::new();
    let mut used: u16 = 0;
    for c in cols {
        let w = natural(c);
        let needed = if widths.is_empty() { w } else { w + 1 };
        if used + needed <= width {
            used += needed;
            out_cols.push(*c);
            widths.push(w);
            continue;
        }
        // Let free-text columns give way (down to 12 cells) before leaving a column out.
        let short = used + needed - width;
        let slack: u16 = out_cols
            .iter()
            .zip(&widths)
            .filter(|(oc, _)| matches!(oc, Column::CustomerName | Column::MakeModel))
            .map(|(_, ow)| ow.saturating_sub(12))
            .sum();
        if slack < short {
            break;
        }
        let mut short = short;
        for (oc, ow) in out_cols.iter().zip(widths.iter_mut()) {
            if matches!(oc, Column::CustomerName | Column::MakeModel) && short > 0 {
                let give = ow.saturating_sub(12).min(short);
                *ow -= give;
                used -= give;
                short -= give;
            }
        }
        used += needed;
        out_cols.push(*c);
        widths.push(w);
    }
    (out_cols, widths)
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn render_menu(model: &Model, frame: &mut Frame, area: Rect, selected: usize) {
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

fn render_help(model: &Model, frame: &mut Frame, area: Rect) {
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

fn render_columns(model: &Model, frame: &mut Frame, area: Rect, selected: usize, ticked: &[bool]) {
    let lang = model.lang;
    let mut lines: Vec<Line> = Column::ALL
        .iter()
        .zip(ticked)
        .enumerate()
        .map(|(i, (c, t))| {
            let style = if i == selected {
                theme::selected()
            } else {
                Style::new()
            };
            Line::from(Span::styled(
                format!(" [{}] {:<36}", if *t { "x" } else { " " }, c.header(lang)),
                style,
            ))
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::from(lang.pick(
        " Mellanslag bockar, Enter = OK, Esc = Avbryt",
        " Space ticks, Enter = OK, Esc = Cancel",
    )));
    let r = centered(area, 50, lines.len() as u16 + 2);
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines)
            .block(Block::bordered().title(lang.pick(" Visa kolumn... ", " Show columns... "))),
        r,
    );
}

fn render_confirm(model: &Model, frame: &mut Frame, area: Rect, action: Action) {
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

fn render_form(model: &Model, frame: &mut Frame, area: Rect, form: &super::model::Form) {
    let lang = model.lang;
    let title = match form.kind {
        super::model::FormKind::NewOrder => lang.pick(" Ny order ", " New order "),
        super::model::FormKind::Line(None) => lang.pick(" Ny rad ", " Add line "),
        super::model::FormKind::Line(Some(_)) => lang.pick(" Ändra rad ", " Edit line "),
        super::model::FormKind::Credit => lang.pick(" Kreditera ", " Credit "),
    };
    let label_width = form
        .fields
        .iter()
        .map(|(sv, en, _)| lang.pick(sv, en).chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    let mut lines = Vec::new();
    for (i, (sv, en, value)) in form.fields.iter().enumerate() {
        let active = i == form.active;
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {:<label_width$}", lang.pick(sv, en)),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::styled(
                format!("{value}{}", if active { "▏" } else { "" }),
                if active {
                    theme::selected()
                } else {
                    Style::new().add_modifier(Modifier::UNDERLINED)
                },
            ),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(lang.pick(
        " Tab/↑↓ byter fält, Enter = Spara, Esc = Avbryt",
        " Tab/↑↓ change field, Enter = Save, Esc = Cancel",
    )));
    let r = centered(
        area,
        (label_width as u16 + 36).max(52),
        lines.len() as u16 + 2,
    );
    frame.render_widget(Clear, r);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(title)),
        r,
    );
}

fn render_customer(model: &Model, frame: &mut Frame, area: Rect) {
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
