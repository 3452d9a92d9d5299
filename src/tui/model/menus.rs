//! The Funktion menu and the choosers over the order screen: the payment method of "Bokför" and
//! the sandbox customer's answer ("Agera kund").

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::{Effect, Model, Overlay};
use crate::domain::PaymentMethod;
use crate::t;
use crate::tui::keymap::Action;

/// The payment methods a KLART order can be booked with, in the order the chooser shows them.
pub const COUNTER_METHODS: [PaymentMethod; 3] = [
    PaymentMethod::Kontant,
    PaymentMethod::Kort,
    PaymentMethod::Faktura,
];

/// How the sandbox customer answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerChoice {
    Direct,
    PartPayment,
    Invoice,
    Decline,
}

impl CustomerChoice {
    pub fn code(self) -> &'static str {
        match self {
            CustomerChoice::Direct => "direct",
            CustomerChoice::PartPayment => "partpayment",
            CustomerChoice::Invoice => "invoice",
            CustomerChoice::Decline => "decline",
        }
    }
}

impl Model {
    /// The actions the Funktion menu lists.
    pub fn menu_items() -> Vec<Action> {
        Action::ALL
            .into_iter()
            .filter(|a| *a != Action::Menu)
            .collect()
    }

    pub(super) fn menu_key(&mut self, key: KeyEvent, selected: usize) -> Vec<Effect> {
        let items = Model::menu_items();
        match key.code {
            KeyCode::Esc | KeyCode::F(10) => self.overlay = Overlay::None,
            KeyCode::Up => {
                self.overlay = Overlay::Menu {
                    selected: selected.checked_sub(1).unwrap_or(items.len() - 1),
                }
            }
            KeyCode::Down => {
                self.overlay = Overlay::Menu {
                    selected: (selected + 1) % items.len(),
                }
            }
            KeyCode::Enter => {
                self.overlay = Overlay::None;
                return self.act(items[selected]);
            }
            _ => {
                if let Some(action) = self.keymap.action_for(&key) {
                    self.overlay = Overlay::None;
                    return self.act(action);
                }
            }
        }
        Vec::new()
    }

    /// The payment method chooser of "Bokför": arrows or 1–3, Enter books.
    pub(super) fn method_key(&mut self, key: KeyEvent, selected: usize) -> Vec<Effect> {
        let n = COUNTER_METHODS.len();
        let chosen = match key.code {
            KeyCode::Esc => {
                self.overlay = Overlay::None;
                return Vec::new();
            }
            KeyCode::Up => {
                self.overlay = Overlay::Method {
                    selected: (selected + n - 1) % n,
                };
                return Vec::new();
            }
            KeyCode::Down | KeyCode::Tab => {
                self.overlay = Overlay::Method {
                    selected: (selected + 1) % n,
                };
                return Vec::new();
            }
            KeyCode::Enter => selected,
            // A number key chooses the method; Enter books it, with the amount in sight (a
            // booking is never made by one stray key).
            KeyCode::Char(c @ '1'..='3') => {
                self.overlay = Overlay::Method {
                    selected: usize::from(c as u8 - b'1'),
                };
                return Vec::new();
            }
            _ => return Vec::new(),
        };
        self.overlay = Overlay::None;
        let Some(nr) = self.order_nr() else {
            return Vec::new();
        };
        self.busy = Some(t!(self.lang, "screen-busy-booking"));
        self.message = None;
        vec![Effect::Book {
            nr,
            method: Some(COUNTER_METHODS[chosen]),
        }]
    }

    pub(super) fn customer_key(&mut self, key: KeyEvent) -> Vec<Effect> {
        let choice = match key.code {
            KeyCode::Char('1') | KeyCode::Char('b') => CustomerChoice::Direct,
            KeyCode::Char('2') | KeyCode::Char('d') => CustomerChoice::PartPayment,
            KeyCode::Char('3') | KeyCode::Char('f') => CustomerChoice::Invoice,
            KeyCode::Char('4') | KeyCode::Char('a') => CustomerChoice::Decline,
            KeyCode::Esc => {
                self.overlay = Overlay::None;
                return Vec::new();
            }
            _ => return Vec::new(),
        };
        self.overlay = Overlay::None;
        match self.order_nr() {
            Some(nr) => {
                self.busy = Some(t!(self.lang, "screen-busy-customer"));
                vec![Effect::ActAsCustomer { nr, choice }]
            }
            None => Vec::new(),
        }
    }
}
