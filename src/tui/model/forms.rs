//! The small forms: new order, a line (new or edited) and "Kreditera" (which lines).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Effect, Model, Overlay, Screen};
use crate::app::orders::{LineInput, NewOrderInput};
use crate::domain::Lang;

/// What a form creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    NewOrder,
    /// A new line (None) or the line at this index.
    Line(Option<usize>),
    /// "Kreditera": which lines.
    Credit,
}

/// A small form: labelled text fields, one active.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub kind: FormKind,
    /// (Swedish label, English label, value).
    pub fields: Vec<(&'static str, &'static str, String)>,
    pub active: usize,
}

impl Form {
    pub(super) fn new_order() -> Form {
        Form {
            kind: FormKind::NewOrder,
            fields: vec![
                (
                    "Sök kund (nr, namn, mobil)",
                    "Find customer (no, name, mobile)",
                    String::new(),
                ),
                (
                    "…eller ny kund: namn",
                    "…or new customer: name",
                    String::new(),
                ),
                ("Ny kund: mobil", "New customer: mobile", String::new()),
                ("Regnr", "Reg. no", String::new()),
                (
                    "Nytt fordon: märke modell",
                    "New vehicle: make model",
                    String::new(),
                ),
            ],
            active: 0,
        }
    }

    pub(super) fn line(index: Option<usize>, values: [String; 4]) -> Form {
        let [what, qty, price, discount] = values;
        Form {
            kind: FormKind::Line(index),
            fields: vec![
                (
                    "Artikel-/arbetsnr eller text",
                    "Article/labour no or text",
                    what,
                ),
                ("Antal", "Quantity", qty),
                (
                    "À-pris exkl. moms (tomt = registrets)",
                    "Unit price excl. VAT (empty = register)",
                    price,
                ),
                ("Rabatt %", "Discount %", discount),
            ],
            active: 0,
        }
    }

    pub(super) fn credit() -> Form {
        Form {
            kind: FormKind::Credit,
            fields: vec![(
                "Rader att kreditera, t.ex. 1,3 (tomt = hela fakturan)",
                "Lines to credit, e.g. 1,3 (empty = the whole invoice)",
                String::new(),
            )],
            active: 0,
        }
    }

    pub(super) fn value(&self, i: usize) -> String {
        self.fields.get(i).map(|f| f.2.clone()).unwrap_or_default()
    }
}

impl Model {
    pub(super) fn form_key(&mut self, key: KeyEvent, mut form: Form) -> Vec<Effect> {
        let n = form.fields.len();
        match key.code {
            KeyCode::Esc => {
                self.overlay = Overlay::None;
                return Vec::new();
            }
            KeyCode::Tab | KeyCode::Down => form.active = (form.active + 1) % n,
            KeyCode::BackTab | KeyCode::Up => {
                form.active = form.active.checked_sub(1).unwrap_or(n - 1)
            }
            KeyCode::Backspace => {
                form.fields[form.active].2.pop();
            }
            KeyCode::Char(c)
                if !key
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                    && form.fields[form.active].2.chars().count() < 60 =>
            {
                form.fields[form.active].2.push(c);
            }
            KeyCode::Enter => {
                self.overlay = Overlay::None;
                return self.submit(form);
            }
            _ => {}
        }
        self.overlay = Overlay::Form(form);
        Vec::new()
    }

    pub(super) fn submit(&mut self, form: Form) -> Vec<Effect> {
        match form.kind {
            FormKind::NewOrder => {
                self.busy = Some(self.t("Skapar order…", "Creating the order…"));
                self.screen = Screen::Order;
                vec![Effect::CreateOrder(NewOrderInput {
                    find: form.value(0),
                    name: form.value(1),
                    mobile: form.value(2),
                    regnr: form.value(3),
                    make_model: form.value(4),
                })]
            }
            FormKind::Line(index) => {
                let Some(d) = &self.order else {
                    return Vec::new();
                };
                let (nr, version) = (d.order.nr, d.order.version);
                self.busy = Some(self.t("Sparar…", "Saving…"));
                vec![Effect::SaveLine {
                    nr,
                    version,
                    index,
                    input: LineInput {
                        article_or_text: form.value(0),
                        quantity: form.value(1),
                        unit_price: form.value(2),
                        discount: form.value(3),
                    },
                }]
            }
            FormKind::Credit => {
                let Some(nr) = self.order_nr() else {
                    return Vec::new();
                };
                let text = form.value(0);
                let lines = if text.trim().is_empty() {
                    None
                } else {
                    match crate::domain::invoice::parse_positions(&text) {
                        Some(l) => Some(l),
                        None => {
                            self.error(match self.lang {
                                Lang::Sv => {
                                    format!("\"{text}\" är ingen radlista (t.ex. 1,3 eller 2-4)")
                                }
                                Lang::En => {
                                    format!("\"{text}\" is not a list of lines (e.g. 1,3 or 2-4)")
                                }
                            });
                            self.overlay = Overlay::Form(form);
                            return Vec::new();
                        }
                    }
                };
                self.busy = Some(self.t("Krediterar…", "Crediting…"));
                vec![Effect::Credit { nr, lines }]
            }
        }
    }
}
