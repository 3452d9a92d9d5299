//! Key bindings as data: each binding has a key, an action and a description. The help screen,
//! the Funktion menu and the hint bar are generated from the live bindings, so they never
//! disagree. A user file (`keymap.toml` beside config.toml) can rebind any action.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;
use std::sync::LazyLock;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use crate::domain::Lang;
use crate::t;

/// Everything the user can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    NewOrder,
    AddLine,
    EditLine,
    EditCustomer,
    DeleteLine,
    SendPayment,
    KlarnaReserve,
    CheckPayment,
    CancelPayment,
    MarkComplete,
    Book,
    Credit,
    Print,
    PrintCopy,
    PrintKlarna,
    Settle,
    OrderList,
    XReport,
    ZReport,
    DayReport,
    Disputes,
    Payouts,
    Reconcile,
    Refunds,
    ChooseColumns,
    CycleStatus,
    CyclePaid,
    SortNext,
    SortReverse,
    ActAsCustomer,
    Refresh,
    Menu,
    Help,
    Quit,
}

impl Action {
    /// The actions in the order the Funktion menu and help list them.
    pub const ALL: [Action; 34] = [
        Action::NewOrder,
        Action::AddLine,
        Action::EditLine,
        Action::DeleteLine,
        Action::EditCustomer,
        Action::SendPayment,
        Action::KlarnaReserve,
        Action::CheckPayment,
        Action::CancelPayment,
        Action::MarkComplete,
        Action::Book,
        Action::Credit,
        Action::Print,
        Action::PrintCopy,
        Action::PrintKlarna,
        Action::Settle,
        Action::OrderList,
        Action::XReport,
        Action::ZReport,
        Action::DayReport,
        Action::Disputes,
        Action::Payouts,
        Action::Reconcile,
        Action::Refunds,
        Action::ChooseColumns,
        Action::CycleStatus,
        Action::CyclePaid,
        Action::SortNext,
        Action::SortReverse,
        Action::ActAsCustomer,
        Action::Refresh,
        Action::Menu,
        Action::Help,
        Action::Quit,
    ];

    /// The key in keymap.toml.
    pub fn key(self) -> &'static str {
        match self {
            Action::NewOrder => "new_order",
            Action::AddLine => "add_line",
            Action::EditLine => "edit_line",
            Action::EditCustomer => "edit_customer",
            Action::DeleteLine => "delete_line",
            Action::SendPayment => "send_payment",
            Action::KlarnaReserve => "klarna_reserve",
            Action::CheckPayment => "check_payment",
            Action::CancelPayment => "cancel_payment",
            Action::MarkComplete => "mark_complete",
            Action::Book => "book",
            Action::Credit => "credit",
            Action::Print => "print",
            Action::PrintCopy => "print_copy",
            Action::PrintKlarna => "print_klarna",
            Action::XReport => "x_report",
            Action::ZReport => "z_report",
            Action::Settle => "settle",
            Action::OrderList => "order_list",
            Action::DayReport => "day_report",
            Action::Disputes => "disputes",
            Action::Payouts => "payouts",
            Action::Reconcile => "reconcile",
            Action::Refunds => "refunds",
            Action::ChooseColumns => "choose_columns",
            Action::CycleStatus => "cycle_status",
            Action::CyclePaid => "cycle_paid",
            Action::SortNext => "sort_next",
            Action::SortReverse => "sort_reverse",
            Action::ActAsCustomer => "act_as_customer",
            Action::Refresh => "refresh",
            Action::Menu => "menu",
            Action::Help => "help",
            Action::Quit => "quit",
        }
    }

    /// The action's name in the Funktion menu and help, in `lang` (rendered from the catalogue
    /// once per language).
    pub fn label(self, lang: Lang) -> &'static str {
        static LABELS: LazyLock<[Vec<String>; 2]> = LazyLock::new(|| {
            [Lang::Sv, Lang::En].map(|lang| Action::ALL.map(|a| a.render_label(lang)).to_vec())
        });
        let i = Action::ALL.iter().position(|a| *a == self).unwrap_or(0);
        &LABELS[usize::from(lang == Lang::En)][i]
    }

    fn render_label(self, lang: Lang) -> String {
        match self {
            Action::NewOrder => t!(lang, "screen-action-new-order"),
            Action::AddLine => t!(lang, "screen-action-add-line"),
            Action::EditLine => t!(lang, "screen-action-edit-line"),
            Action::EditCustomer => t!(lang, "screen-action-edit-customer"),
            Action::DeleteLine => t!(lang, "screen-action-delete-line"),
            Action::SendPayment => t!(lang, "screen-action-send-payment"),
            Action::KlarnaReserve => t!(lang, "screen-action-klarna-reserve"),
            Action::CheckPayment => t!(lang, "screen-action-check-payment"),
            Action::CancelPayment => t!(lang, "screen-action-cancel-payment"),
            Action::MarkComplete => t!(lang, "screen-action-mark-complete"),
            Action::Book => t!(lang, "screen-action-book"),
            Action::Credit => t!(lang, "screen-action-credit"),
            Action::Print => t!(lang, "screen-action-print"),
            Action::PrintCopy => t!(lang, "screen-action-print-copy"),
            Action::PrintKlarna => t!(lang, "screen-action-print-klarna"),
            Action::XReport => t!(lang, "screen-action-x-report"),
            Action::ZReport => t!(lang, "screen-action-z-report"),
            Action::Settle => t!(lang, "screen-action-settle"),
            Action::OrderList => t!(lang, "screen-action-order-list"),
            Action::DayReport => t!(lang, "screen-action-day-report"),
            Action::Disputes => t!(lang, "screen-action-disputes"),
            Action::Payouts => t!(lang, "screen-action-payouts"),
            Action::Reconcile => t!(lang, "screen-action-reconcile"),
            Action::Refunds => t!(lang, "screen-action-refunds"),
            Action::ChooseColumns => t!(lang, "screen-action-choose-columns"),
            Action::CycleStatus => t!(lang, "screen-action-cycle-status"),
            Action::CyclePaid => t!(lang, "screen-action-cycle-paid"),
            Action::SortNext => t!(lang, "screen-action-sort-next"),
            Action::SortReverse => t!(lang, "screen-action-sort-reverse"),
            Action::ActAsCustomer => t!(lang, "screen-action-act-as-customer"),
            Action::Refresh => t!(lang, "screen-action-refresh"),
            Action::Menu => t!(lang, "screen-action-menu"),
            Action::Help => t!(lang, "screen-action-help"),
            Action::Quit => t!(lang, "screen-action-quit"),
        }
    }
}

/// A key with modifiers, written "ctrl-s", "f5", "alt-f", "esc".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub fn parse(s: &str) -> Option<Key> {
        let lower = s.trim().to_ascii_lowercase();
        let mut mods = KeyModifiers::NONE;
        let mut rest = lower.as_str();
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                mods |= KeyModifiers::CONTROL;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                mods |= KeyModifiers::ALT;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("shift-") {
                mods |= KeyModifiers::SHIFT;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "esc" => KeyCode::Esc,
            "enter" => KeyCode::Enter,
            "tab" => KeyCode::Tab,
            "backtab" => KeyCode::BackTab,
            "space" => KeyCode::Char(' '),
            "insert" => KeyCode::Insert,
            "delete" => KeyCode::Delete,
            f if f.starts_with('f') && f.len() > 1 => {
                KeyCode::F(f[1..].parse().ok().filter(|n| (1..=12).contains(n))?)
            }
            c if c.chars().count() == 1 => KeyCode::Char(c.chars().next()?),
            _ => return None,
        };
        Some(Key { code, mods })
    }

    /// Does this key event match (ignoring SHIFT on characters)?
    pub fn matches(&self, ev: &KeyEvent) -> bool {
        let code = match ev.code {
            KeyCode::Char(c) => KeyCode::Char(c.to_ascii_lowercase()),
            other => other,
        };
        let mods = if matches!(ev.code, KeyCode::Char(_)) {
            ev.modifiers - KeyModifiers::SHIFT
        } else {
            ev.modifiers
        };
        code == self.code && mods == self.mods
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl+")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt+")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift+")?;
        }
        match self.code {
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::Insert => f.write_str("Insert"),
            KeyCode::Delete => f.write_str("Delete"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// The live bindings: every action with its keys (the first is shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: BTreeMap<Action, Vec<Key>>,
}

fn defaults() -> Vec<(Action, &'static [&'static str])> {
    vec![
        (Action::NewOrder, &["ctrl-n"]),
        (Action::AddLine, &["insert", "ctrl-a"]),
        (Action::EditLine, &["f2"]),
        (Action::EditCustomer, &["f3"]),
        (Action::DeleteLine, &["delete"]),
        (Action::SendPayment, &["ctrl-s"]),
        (Action::KlarnaReserve, &["ctrl-e"]),
        (Action::CheckPayment, &["ctrl-l"]),
        (Action::CancelPayment, &["ctrl-u"]),
        (Action::MarkComplete, &["ctrl-k"]),
        (Action::Book, &["ctrl-b"]),
        (Action::Credit, &["ctrl-d"]),
        (Action::Print, &["ctrl-t"]),
        (Action::Settle, &["ctrl-y"]),
        (Action::OrderList, &["f5"]),
        (Action::XReport, &["f4"]),
        (Action::ZReport, &[]),
        (Action::PrintCopy, &[]),
        (Action::PrintKlarna, &["ctrl-o"]),
        (Action::DayReport, &["shift-f4"]),
        (Action::Disputes, &["f11"]),
        (Action::Payouts, &["shift-f11"]),
        (Action::Reconcile, &["f12"]),
        (Action::Refunds, &["shift-f12"]),
        (Action::ChooseColumns, &["f6"]),
        (Action::CycleStatus, &["f7"]),
        (Action::CyclePaid, &["f8"]),
        (Action::SortNext, &["f9"]),
        (Action::SortReverse, &["shift-f9"]),
        (Action::ActAsCustomer, &["ctrl-p"]),
        (Action::Refresh, &["ctrl-r"]),
        (Action::Menu, &["f10", "alt-f"]),
        (Action::Help, &["f1"]),
        (Action::Quit, &["ctrl-q"]),
    ]
}

/// keymap.toml: `[keys]` with `action = "key"` or `action = ["key", "key"]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeymapFile {
    #[serde(default)]
    keys: BTreeMap<String, KeysIn>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum KeysIn {
    One(String),
    Many(Vec<String>),
}

/// What is wrong with a keymap.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeymapError {
    /// The file cannot be read or is not TOML: the reason as the system or the TOML parser gives it.
    Unreadable(String),
    /// `[keys]` names an action that does not exist.
    UnknownAction(String),
    /// A key that cannot be parsed ("hyper-x").
    UnknownKey(String),
    /// The error of the file at this path.
    InFile(String, Box<KeymapError>),
}

impl KeymapError {
    /// The message in the given language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            KeymapError::Unreadable(reason) => reason.clone(),
            KeymapError::UnknownAction(name) => {
                t!(lang, "screen-keymap-unknown-action", name = name)
            }
            KeymapError::UnknownKey(key) => t!(lang, "screen-keymap-unknown-key", key = key),
            KeymapError::InFile(path, e) => format!("{path}: {}", e.message(lang)),
        }
    }
}

impl fmt::Display for KeymapError {
    /// Swedish, the default language.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::Sv))
    }
}

impl std::error::Error for KeymapError {}

impl Default for Keymap {
    fn default() -> Self {
        let bindings = defaults()
            .into_iter()
            .map(|(a, keys)| (a, keys.iter().filter_map(|k| Key::parse(k)).collect()))
            .collect();
        Keymap { bindings }
    }
}

impl Keymap {
    /// The defaults with a user's file on top; a missing file is the defaults.
    pub fn load(path: &Path) -> Result<Keymap, KeymapError> {
        let in_file = |e: KeymapError| KeymapError::InFile(path.display().to_string(), Box::new(e));
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Keymap::default()),
            Err(e) => return Err(in_file(KeymapError::Unreadable(e.to_string()))),
        };
        Keymap::from_toml(&text).map_err(in_file)
    }

    pub fn from_toml(text: &str) -> Result<Keymap, KeymapError> {
        let file: KeymapFile =
            toml::from_str(text).map_err(|e| KeymapError::Unreadable(e.message().to_string()))?;
        let mut map = Keymap::default();
        for (name, keys) in file.keys {
            let action = Action::ALL
                .into_iter()
                .find(|a| a.key() == name)
                .ok_or_else(|| KeymapError::UnknownAction(name.clone()))?;
            let list = match keys {
                KeysIn::One(k) => vec![k],
                KeysIn::Many(v) => v,
            };
            let parsed = list
                .iter()
                .map(|k| Key::parse(k).ok_or_else(|| KeymapError::UnknownKey(k.clone())))
                .collect::<Result<Vec<_>, _>>()?;
            map.bindings.insert(action, parsed);
        }
        Ok(map)
    }

    /// The action bound to this key event, if any.
    pub fn action_for(&self, ev: &KeyEvent) -> Option<Action> {
        self.bindings
            .iter()
            .find(|(_, keys)| keys.iter().any(|k| k.matches(ev)))
            .map(|(a, _)| *a)
    }

    /// The key shown for an action ("Ctrl+S"), or "" when unbound.
    pub fn key_label(&self, action: Action) -> String {
        self.bindings
            .get(&action)
            .and_then(|k| k.first())
            .map(|k| k.to_string())
            .unwrap_or_default()
    }

    /// All keys of an action, for help.
    pub fn keys_label(&self, action: Action) -> String {
        self.bindings
            .get(&action)
            .map(|ks| ks.iter().map(Key::to_string).collect::<Vec<_>>().join(", "))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn defaults_follow_promeister() {
        let k = Keymap::default();
        assert_eq!(
            k.action_for(&ev(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            Some(Action::SendPayment)
        );
        assert_eq!(
            k.action_for(&ev(KeyCode::Char('l'), KeyModifiers::CONTROL)),
            Some(Action::CheckPayment)
        );
        assert_eq!(
            k.action_for(&ev(KeyCode::F(5), KeyModifiers::NONE)),
            Some(Action::OrderList)
        );
        assert_eq!(
            k.action_for(&ev(KeyCode::F(10), KeyModifiers::NONE)),
            Some(Action::Menu)
        );
        assert_eq!(
            k.action_for(&ev(KeyCode::Char('f'), KeyModifiers::ALT)),
            Some(Action::Menu)
        );
        assert_eq!(
            k.action_for(&ev(KeyCode::Char('s'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(k.key_label(Action::SendPayment), "Ctrl+S");
        assert_eq!(k.keys_label(Action::Menu), "F10, Alt+F");
    }

    #[test]
    fn a_user_file_rebinds_and_bad_entries_are_refused() {
        let k = Keymap::from_toml("[keys]\nsend_payment = \"ctrl-t\"\nmenu = [\"f12\"]\n").unwrap();
        assert_eq!(
            k.action_for(&ev(KeyCode::Char('t'), KeyModifiers::CONTROL)),
            Some(Action::SendPayment)
        );
        assert_eq!(
            k.action_for(&ev(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            None
        );
        assert_eq!(k.key_label(Action::Menu), "F12");
        assert!(
            Keymap::from_toml("[keys]\nfly = \"f2\"\n")
                .unwrap_err()
                .to_string()
                .contains("fly")
        );
        assert!(
            Keymap::from_toml("[keys]\nhelp = \"hyper-x\"\n")
                .unwrap_err()
                .to_string()
                .contains("hyper-x")
        );
    }
}
