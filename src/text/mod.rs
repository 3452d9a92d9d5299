//! One catalogue of every user-facing text, one folder per language.
//!
//! The words live in `assets/text/<lang>/*.ftl` ([Project Fluent](https://projectfluent.org)
//! syntax, compiled into the binary): `sv/` is Swedish (the default), `en/` English. Code names
//! a message by its id and passes its arguments; nothing outside this room writes a sentence in
//! two languages.
//!
//! - [`t!`](crate::t) renders a message at once: `t!(lang, "order-locked", nr = 7)`.
//! - [`msg!`](crate::msg) keeps a message unrendered ([`Message`]: id plus typed arguments), for
//!   errors that are rendered at the edge in the user's language: `msg!("order-locked", nr = 7)`.
//!
//! Integers are passed as numbers (so Fluent can choose plural forms: `{ $n -> [one] … *[other]
//! … }`), everything else as text (money is formatted by [`crate::domain::Money`] before it is
//! passed). The catalogue completeness test (`tests/text_catalogue.rs`) proves that both
//! languages have every message with the same arguments, that every id used in `src/` exists,
//! and that no text is written in two languages outside this room.
//!
//! This room imports nothing else from the crate: every other room may use it.

mod lang;

pub use lang::Lang;

use std::borrow::Cow;
use std::sync::{LazyLock, Mutex};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// The catalogue files, in the order they are loaded. A new file is added here for both languages.
macro_rules! files {
    ($lang:literal) => {
        [
            (
                "domain",
                include_str!(concat!("../../assets/text/", $lang, "/domain.ftl")),
            ),
            (
                "app",
                include_str!(concat!("../../assets/text/", $lang, "/app.ftl")),
            ),
            (
                "payments",
                include_str!(concat!("../../assets/text/", $lang, "/payments.ftl")),
            ),
            (
                "print",
                include_str!(concat!("../../assets/text/", $lang, "/print.ftl")),
            ),
            (
                "cli",
                include_str!(concat!("../../assets/text/", $lang, "/cli.ftl")),
            ),
            (
                "sandbox",
                include_str!(concat!("../../assets/text/", $lang, "/sandbox.ftl")),
            ),
            (
                "screen",
                include_str!(concat!("../../assets/text/", $lang, "/screen.ftl")),
            ),
            (
                "control_unit",
                include_str!(concat!("../../assets/text/", $lang, "/control_unit.ftl")),
            ),
            (
                "bankfiles",
                include_str!(concat!("../../assets/text/", $lang, "/bankfiles.ftl")),
            ),
        ]
    };
}

const SV: [(&str, &str); 9] = files!("sv");
const EN: [(&str, &str); 9] = files!("en");

/// One language: where each message's text is, and the messages parsed so far. A message is
/// parsed the first time it is rendered (a command renders a handful of the catalogue's
/// hundreds; parsing them all would cost every command start a few hundred microseconds).
struct Catalogue {
    code: &'static str,
    files: &'static [(&'static str, &'static str)],
    /// (message id, its entry's text in the Fluent file), sorted by id.
    entries: Vec<(&'static str, &'static str)>,
    bundle: Mutex<FluentBundle<FluentResource>>,
}

fn new_bundle(code: &str) -> FluentBundle<FluentResource> {
    let langid = code.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // Fluent puts Unicode isolation marks around arguments by default; a terminal shows them
    // as stray characters.
    bundle.set_use_isolating(false);
    bundle
}

/// The entries of a Fluent file: an entry starts at a line beginning with a letter (its id) and
/// goes on over the indented lines after it.
fn entries(source: &'static str, out: &mut Vec<(&'static str, &'static str)>) {
    let bytes = source.as_bytes();
    // Line starts, found with SIMD (this runs once per command).
    let starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
    let mut open: Option<(usize, &'static str)> = None;
    for start in starts {
        let first = bytes.get(start).copied();
        if matches!(first, Some(b' ' | b'\t')) {
            continue;
        }
        if let Some((from, id)) = open.take() {
            out.push((id, &source[from..start]));
        }
        if first.is_some_and(|c| c.is_ascii_alphabetic()) {
            let line_end =
                memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
            if let Some(eq) = memchr::memchr(b'=', &bytes[start..line_end]) {
                open = Some((start, source[start..start + eq].trim()));
            }
        }
    }
    if let Some((from, id)) = open {
        out.push((id, &source[from..]));
    }
}

fn load(code: &'static str, files: &'static [(&'static str, &'static str)]) -> Catalogue {
    let mut list = Vec::with_capacity(1024);
    for (_, source) in files {
        entries(source, &mut list);
    }
    list.sort_unstable_by_key(|(id, _)| *id);
    Catalogue {
        code,
        files,
        entries: list,
        bundle: Mutex::new(new_bundle(code)),
    }
}

// Each language is indexed the first time it is used (a command in Swedish never reads English).
static SV_CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| load("sv", &SV));
static EN_CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| load("en", &EN));

fn catalogue(lang: Lang) -> &'static Catalogue {
    match lang {
        Lang::Sv => &SV_CATALOGUE,
        Lang::En => &EN_CATALOGUE,
    }
}

/// Syntax errors and duplicate ids in the whole catalogue of `lang`, parsed at once (empty in a
/// correct build; the completeness test asserts it).
pub fn load_problems(lang: Lang) -> Vec<String> {
    let cat = catalogue(lang);
    let mut bundle = new_bundle(cat.code);
    let mut problems = Vec::new();
    for (name, source) in cat.files {
        let resource = match FluentResource::try_new(source.to_string()) {
            Ok(r) => r,
            Err((r, errors)) => {
                for e in errors {
                    problems.push(format!("{}/{name}.ftl: {e:?}", cat.code));
                }
                r
            }
        };
        if let Err(errors) = bundle.add_resource(resource) {
            for e in errors {
                problems.push(format!("{}/{name}.ftl: {e}", cat.code));
            }
        }
    }
    problems
}

/// The raw catalogue sources of `lang`: (file name, Fluent text) (for the completeness test).
pub fn sources(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::Sv => &SV,
        Lang::En => &EN,
    }
}

/// One argument of a message: a number (plural forms can depend on it) or text.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Int(i64),
    Text(String),
}

/// What may be passed to [`t!`](crate::t) and [`msg!`](crate::msg) as an argument.
pub trait IntoArg {
    fn into_arg(self) -> Arg;
}

macro_rules! int_arg {
    ($($t:ty),*) => {$(
        impl IntoArg for $t {
            fn into_arg(self) -> Arg {
                Arg::Int(self as i64)
            }
        }
        impl IntoArg for &$t {
            fn into_arg(self) -> Arg {
                Arg::Int(*self as i64)
            }
        }
    )*};
}
int_arg!(i32, i64, u8, u16, u32, u64, usize);

impl IntoArg for String {
    fn into_arg(self) -> Arg {
        Arg::Text(self)
    }
}
impl IntoArg for &String {
    fn into_arg(self) -> Arg {
        Arg::Text(self.clone())
    }
}
impl IntoArg for &str {
    fn into_arg(self) -> Arg {
        Arg::Text(self.to_string())
    }
}
impl IntoArg for &&str {
    fn into_arg(self) -> Arg {
        Arg::Text(self.to_string())
    }
}
impl IntoArg for char {
    fn into_arg(self) -> Arg {
        Arg::Text(self.to_string())
    }
}
impl IntoArg for Arg {
    fn into_arg(self) -> Arg {
        self
    }
}

/// Render message `id` in `lang` with `args`. An id missing from the catalogue (the completeness
/// test makes that a failing build) renders as the id itself rather than failing.
pub fn render(lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
    let cat = catalogue(lang);
    let mut bundle = cat.bundle.lock().unwrap_or_else(|p| p.into_inner());
    if !bundle.has_message(id)
        && let Ok(i) = cat.entries.binary_search_by_key(&id, |(k, _)| *k)
    {
        let entry = cat.entries[i].1;
        let resource = FluentResource::try_new(entry.to_string()).unwrap_or_else(|(r, _)| r);
        // A duplicate cannot happen here (the id was not in the bundle).
        let _ = bundle.add_resource(resource);
    }
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        tracing::warn!(id, "text missing from the catalogue");
        return id.to_string();
    };
    let fargs = (!args.is_empty()).then(|| {
        let mut fa = FluentArgs::with_capacity(args.len());
        for (k, v) in args {
            let value = match v {
                Arg::Int(n) => FluentValue::from(*n),
                Arg::Text(s) => FluentValue::String(Cow::Borrowed(s.as_str())),
            };
            fa.set(*k, value);
        }
        fa
    });
    let mut errors = Vec::new();
    let out = bundle
        .format_pattern(pattern, fargs.as_ref(), &mut errors)
        .into_owned();
    if !errors.is_empty() {
        tracing::warn!(id, ?errors, "text rendered with errors");
    }
    out
}

/// A message kept unrendered: its id and arguments. Errors carry one and are rendered in the
/// user's language where they are shown ([`Message::render`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Message {
    pub fn new(id: &'static str) -> Message {
        Message {
            id,
            args: Vec::new(),
        }
    }

    pub fn render(&self, lang: Lang) -> String {
        render(lang, self.id, &self.args)
    }
}

impl std::fmt::Display for Message {
    /// Swedish, the default language (for logs and `thiserror` messages).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Lang::Sv))
    }
}

/// Render a message now: `t!(lang, "id")` or `t!(lang, "id", name = value, …)`.
#[macro_export]
macro_rules! t {
    ($lang:expr, $id:literal $(,)?) => {
        $crate::text::render($lang, $id, &[])
    };
    ($lang:expr, $id:literal, $($k:ident = $v:expr),+ $(,)?) => {
        $crate::text::render(
            $lang,
            $id,
            &[$((stringify!($k), $crate::text::IntoArg::into_arg($v))),+],
        )
    };
}

/// Keep a message to render later: `msg!("id")` or `msg!("id", name = value, …)`.
#[macro_export]
macro_rules! msg {
    ($id:literal $(,)?) => {
        $crate::text::Message::new($id)
    };
    ($id:literal, $($k:ident = $v:expr),+ $(,)?) => {
        $crate::text::Message {
            id: $id,
            args: vec![$((stringify!($k), $crate::text::IntoArg::into_arg($v))),+],
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_load_without_problems() {
        assert_eq!(load_problems(Lang::Sv), Vec::<String>::new());
        assert_eq!(load_problems(Lang::En), Vec::<String>::new());
    }

    #[test]
    fn a_missing_id_renders_as_itself() {
        assert_eq!(render(Lang::Sv, "no-such-text", &[]), "no-such-text");
    }
}
