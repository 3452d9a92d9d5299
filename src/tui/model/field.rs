//! One text field of a form: its text and cursor ([`tui_input::Input`]), the most it may hold,
//! and the error shown at it. A field never cuts what was typed: a key past the limit is refused
//! and says so; long text scrolls to the cursor when drawn.

use ratatui::crossterm::event::{Event, KeyEvent};
use tui_input::backend::crossterm::to_input_request;
use tui_input::{Input, InputRequest};

/// A text field.
#[derive(Debug, Clone)]
pub struct Field {
    /// The label, in the screen's language.
    pub label: String,
    pub input: Input,
    /// The most characters the field holds (what the store keeps).
    pub max: usize,
    /// The error shown under the field (already in the user's language).
    pub error: Option<String>,
    /// What may be written, shown under the field while it is active and has no error.
    pub hint: Option<String>,
}

impl PartialEq for Field {
    fn eq(&self, other: &Field) -> bool {
        self.label == other.label
            && self.input.value() == other.input.value()
            && self.input.cursor() == other.input.cursor()
            && self.max == other.max
            && self.error == other.error
            && self.hint == other.hint
    }
}

impl Eq for Field {}

/// What a key did to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKey {
    /// The text changed (an error shown at the field is cleared).
    Changed,
    /// Only the cursor moved.
    Moved,
    /// A character was refused: the field is full.
    Full,
    /// Not a key for a text field (Tab, Enter, Esc, function keys…).
    Ignored,
}

impl Field {
    pub fn new(label: impl Into<String>, value: impl Into<String>, max: usize) -> Field {
        Field {
            label: label.into(),
            input: Input::new(value.into()),
            max,
            error: None,
            hint: None,
        }
    }

    /// This field, with a hint of what may be written.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Field {
        self.hint = Some(hint.into());
        self
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// Apply an editing key: characters, Backspace/Delete, ←/→, Home/End, Ctrl+U/K/W.
    pub fn key(&mut self, key: KeyEvent) -> FieldKey {
        let Some(req) = to_input_request(&Event::Key(key)) else {
            return FieldKey::Ignored;
        };
        if let InputRequest::InsertChar(_) = req
            && self.input.value().chars().count() >= self.max
        {
            return FieldKey::Full;
        }
        match self.input.handle(req) {
            Some(changed) if changed.value => {
                self.error = None;
                FieldKey::Changed
            }
            Some(_) => FieldKey::Moved,
            None => FieldKey::Ignored,
        }
    }

    /// Replace the text (the cursor goes to its end).
    pub fn set(&mut self, value: impl Into<String>) {
        self.input = Input::new(value.into());
        self.error = None;
    }

    /// The part of the text shown in `width` cells (scrolled so the cursor is visible) and the
    /// cursor's column inside it.
    pub fn visible(&self, width: usize) -> (String, usize) {
        let width = width.max(1);
        // One cell is kept for the cursor after the last character.
        let scroll = self.input.visual_scroll(width - 1);
        let mut shown = String::new();
        let mut used = 0;
        let mut skipped = 0;
        for c in self.input.value().chars() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if skipped < scroll {
                skipped += w;
                continue;
            }
            if used + w > width {
                break;
            }
            used += w;
            shown.push(c);
        }
        (shown, self.input.visual_cursor().saturating_sub(scroll))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    fn press(f: &mut Field, code: KeyCode) -> FieldKey {
        f.key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn type_text(f: &mut Field, s: &str) {
        for c in s.chars() {
            press(f, KeyCode::Char(c));
        }
    }

    #[test]
    fn text_past_the_limit_is_refused_not_cut() {
        let mut f = Field::new("form-name", "", 5);
        type_text(&mut f, "Anna");
        assert_eq!(press(&mut f, KeyCode::Char('s')), FieldKey::Changed);
        assert_eq!(press(&mut f, KeyCode::Char('x')), FieldKey::Full);
        assert_eq!(f.value(), "Annas");
    }

    #[test]
    fn editing_moves_the_cursor_inside_the_text() {
        let mut f = Field::new("form-name", "Ana", 60);
        press(&mut f, KeyCode::Left);
        press(&mut f, KeyCode::Left);
        type_text(&mut f, "n");
        assert_eq!(f.value(), "Anna");
        press(&mut f, KeyCode::Home);
        press(&mut f, KeyCode::Delete);
        assert_eq!(f.value(), "nna");
    }

    #[test]
    fn a_change_clears_the_error_a_move_keeps_it() {
        let mut f = Field::new("form-mobile", "12345", 20);
        f.error = Some("fel".into());
        assert_eq!(press(&mut f, KeyCode::Left), FieldKey::Moved);
        assert!(f.error.is_some());
        press(&mut f, KeyCode::Backspace);
        assert!(f.error.is_none());
    }

    #[test]
    fn long_text_scrolls_to_the_cursor() {
        let text = "Bromsbelägg fram, byte av skivor och klossar, provkörning";
        let f = Field::new("form-text", text, 200);
        let (shown, cursor) = f.visible(20);
        assert!(text.ends_with(&shown), "{shown:?}");
        assert_eq!(cursor, shown.chars().count());
        assert!(cursor < 20);
        let mut g = f.clone();
        press(&mut g, KeyCode::Home);
        let (shown, cursor) = g.visible(20);
        assert!(text.starts_with(&shown), "{shown:?}");
        assert_eq!(cursor, 0);
    }
}
