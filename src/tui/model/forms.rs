//! The small forms: new order, a line (new or edited) and "Kreditera" (which lines).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Effect, Model, Overlay, Screen};
use crate::app::orders::{LineInput, NewOrderInput};
use crate::domain::Lang;
use crate::t;

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
    /// (label in the screen's language, most characters the field takes, value).
    pub fields: Vec<(String, usize, String)>,
    pub active: usize,
}

/// How many characters a field of a form takes.
const FIELD_MAX: usize = 60;

impl Form {
    pub(super) fn new_order(lang: Lang) -> Form {
        Form {
            kind: FormKind::NewOrder,
            fields: vec![
                (
                    t!(lang, "screen-form-find-customer"),
                    FIELD_MAX,
                    String::new(),
                ),
                (
                    t!(lang, "screen-form-new-customer-name"),
                    FIELD_MAX,
                    String::new(),
                ),
                (
                    t!(lang, "screen-form-new-customer-mobile"),
                    FIELD_MAX,
                    String::new(),
                ),
                (t!(lang, "screen-form-regnr"), FIELD_MAX, String::new()),
                (
                    t!(lang, "screen-form-new-vehicle"),
                    FIELD_MAX,
                    String::new(),
                ),
            ],
            active: 0,
        }
    }

    pub(super) fn line(lang: Lang, index: Option<usize>, values: [String; 4]) -> Form {
        let [what, qty, price, discount] = values;
        Form {
            kind: FormKind::Line(index),
            fields: vec![
                (t!(lang, "screen-form-article"), FIELD_MAX, what),
                (t!(lang, "screen-form-quantity"), FIELD_MAX, qty),
                (t!(lang, "screen-form-unit-price"), FIELD_MAX, price),
                (t!(lang, "screen-form-discount"), FIELD_MAX, discount),
            ],
            active: 0,
        }
    }

    pub(super) fn credit(lang: Lang) -> Form {
        Form {
            kind: FormKind::Credit,
            fields: vec![(
                t!(lang, "screen-form-credit-lines"),
                FIELD_MAX,
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
                    && form.fields[form.active].2.chars().count() < form.fields[form.active].1 =>
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
                self.busy = Some(t!(self.lang, "screen-busy-creating-order"));
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
                self.busy = Some(t!(self.lang, "screen-busy-saving"));
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
                            self.error(t!(self.lang, "screen-form-not-a-line-list", input = &text));
                            self.overlay = Overlay::Form(form);
                            return Vec::new();
                        }
                    }
                };
                self.busy = Some(t!(self.lang, "screen-busy-crediting"));
                vec![Effect::Credit { nr, lines }]
            }
        }
    }
}
