//! Reading the terminal on a thread of its own, and repairing one flaw of the key parser.
//!
//! Esc pressed at once before a key that sends an escape sequence (F10 is `ESC [ 2 1 ~`, Shift+Tab
//! `ESC [ Z`) reaches the program as `ESC ESC [ 2 1 ~`. crossterm reads the two ESC bytes as one
//! Esc key and the rest as the characters `[`, `2`, `1`, `~`, which a form would type into its
//! field. [`Repair`] puts such a tail back together into the key it was: an Esc key followed in
//! the same burst of input by `[` or `O` and the rest of a known sequence becomes Esc plus that
//! key. Nobody types `[21~` within the same millisecond as an Esc.

use std::sync::mpsc;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::Wake;

/// The key an escape sequence's tail names (`[21~` → F10, `[Z` → Shift+Tab, `OP` → F1), if it is
/// a complete sequence this program knows.
pub fn decode_tail(tail: &str) -> Option<KeyEvent> {
    let plain = |code| Some(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some(rest) = tail.strip_prefix('O') {
        return match rest {
            "P" => plain(KeyCode::F(1)),
            "Q" => plain(KeyCode::F(2)),
            "R" => plain(KeyCode::F(3)),
            "S" => plain(KeyCode::F(4)),
            "A" => plain(KeyCode::Up),
            "B" => plain(KeyCode::Down),
            "C" => plain(KeyCode::Right),
            "D" => plain(KeyCode::Left),
            "H" => plain(KeyCode::Home),
            "F" => plain(KeyCode::End),
            _ => None,
        };
    }
    let rest = tail.strip_prefix('[')?;
    match rest {
        "A" => return plain(KeyCode::Up),
        "B" => return plain(KeyCode::Down),
        "C" => return plain(KeyCode::Right),
        "D" => return plain(KeyCode::Left),
        "H" => return plain(KeyCode::Home),
        "F" => return plain(KeyCode::End),
        "Z" => return Some(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
        _ => {}
    }
    let n: u8 = rest.strip_suffix('~')?.parse().ok()?;
    match n {
        1 | 7 => plain(KeyCode::Home),
        2 => plain(KeyCode::Insert),
        3 => plain(KeyCode::Delete),
        4 | 8 => plain(KeyCode::End),
        5 => plain(KeyCode::PageUp),
        6 => plain(KeyCode::PageDown),
        11..=15 => plain(KeyCode::F(n - 10)),
        17..=21 => plain(KeyCode::F(n - 11)),
        23 | 24 => plain(KeyCode::F(n - 12)),
        _ => None,
    }
}

/// Whether `tail` could still grow into a sequence [`decode_tail`] knows.
fn may_continue(tail: &str) -> bool {
    match tail.as_bytes() {
        [b'O'] | [b'['] => true,
        [b'[', digits @ ..] => digits.len() <= 2 && digits.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

fn is_plain_esc(ev: &Event) -> bool {
    matches!(ev, Event::Key(k) if k.code == KeyCode::Esc && k.modifiers.is_empty()
        && k.kind == KeyEventKind::Press)
}

fn plain_char(ev: &Event) -> Option<char> {
    match ev {
        Event::Key(k)
            if k.kind == KeyEventKind::Press && (k.modifiers - KeyModifiers::SHIFT).is_empty() =>
        {
            match k.code {
                KeyCode::Char(c) => Some(c),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Repairs split escape sequences in a stream of terminal events. `next_now` gives the next event
/// only if one is already waiting (the same burst of input).
pub struct Repair<F: FnMut() -> Option<Event>> {
    next_now: F,
}

impl<F: FnMut() -> Option<Event>> Repair<F> {
    pub fn new(next_now: F) -> Self {
        Repair { next_now }
    }

    /// The events that `first` (just read) stands for, in order.
    pub fn events(&mut self, first: Event) -> Vec<Event> {
        if !is_plain_esc(&first) {
            return vec![first];
        }
        let mut taken: Vec<Event> = Vec::new();
        let mut tail = String::new();
        while let Some(ev) = (self.next_now)() {
            let Some(c) = plain_char(&ev) else {
                taken.push(ev);
                break;
            };
            tail.push(c);
            taken.push(ev);
            if let Some(key) = decode_tail(&tail) {
                return vec![first, Event::Key(key)];
            }
            if !may_continue(&tail) {
                break;
            }
        }
        let mut out = vec![first];
        out.extend(taken);
        out
    }
}

/// Read the terminal on a thread of its own, so a key wakes the loop at once (no polling). The
/// thread ends when the loop has gone (the send fails) or the terminal cannot be read.
pub fn spawn(tx: mpsc::Sender<Wake>) {
    let spawned = std::thread::Builder::new()
        .name("terminal-input".into())
        .spawn(move || {
            let mut repair = Repair::new(|| match event::poll(Duration::ZERO) {
                Ok(true) => event::read().ok(),
                _ => None,
            });
            loop {
                let first = match event::read() {
                    Ok(ev) => ev,
                    Err(e) => {
                        let _ = tx.send(Wake::InputFailed(e));
                        return;
                    }
                };
                for ev in repair.events(first) {
                    if tx.send(Wake::Terminal(ev)).is_err() {
                        return;
                    }
                }
            }
        });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "the terminal input thread did not start");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn run(events: Vec<Event>) -> Vec<Event> {
        let mut queue = events.into_iter();
        let first = queue.next().unwrap();
        let mut rest: std::collections::VecDeque<Event> = queue.collect();
        let mut out = Repair::new(|| rest.pop_front()).events(first);
        out.extend(rest);
        out
    }

    fn typed(s: &str) -> Vec<Event> {
        s.chars().map(|c| key(KeyCode::Char(c))).collect()
    }

    #[test]
    fn esc_then_f10_at_once_is_esc_and_f10() {
        let mut input = vec![key(KeyCode::Esc)];
        input.extend(typed("[21~"));
        assert_eq!(run(input), vec![key(KeyCode::Esc), key(KeyCode::F(10))]);
    }

    #[test]
    fn esc_then_shift_tab_and_f1_at_once() {
        let mut input = vec![key(KeyCode::Esc)];
        input.extend(typed("[Z"));
        assert_eq!(
            run(input),
            vec![
                key(KeyCode::Esc),
                Event::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT))
            ]
        );
        let mut input = vec![key(KeyCode::Esc)];
        input.extend(typed("OP"));
        assert_eq!(run(input), vec![key(KeyCode::Esc), key(KeyCode::F(1))]);
    }

    #[test]
    fn ordinary_typing_after_esc_is_kept() {
        let mut input = vec![key(KeyCode::Esc)];
        input.extend(typed("[abc"));
        let expected = input.clone();
        assert_eq!(run(input), expected);
        let input = typed("[21~");
        assert_eq!(run(input.clone()), input);
        let input = vec![key(KeyCode::Esc), key(KeyCode::Enter)];
        assert_eq!(run(input.clone()), input);
    }

    #[test]
    fn every_function_key_decodes() {
        let tails = [
            ("OP", 1),
            ("OQ", 2),
            ("OR", 3),
            ("OS", 4),
            ("[15~", 5),
            ("[17~", 6),
            ("[18~", 7),
            ("[19~", 8),
            ("[20~", 9),
            ("[21~", 10),
            ("[23~", 11),
            ("[24~", 12),
        ];
        for (tail, n) in tails {
            assert_eq!(
                decode_tail(tail).map(|k| k.code),
                Some(KeyCode::F(n)),
                "{tail}"
            );
        }
        assert_eq!(decode_tail("[6~").map(|k| k.code), Some(KeyCode::PageDown));
        assert_eq!(decode_tail("[99~"), None);
    }
}
