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
use std::sync::LazyLock;

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
        ]
    };
}

const SV: [(&str, &str); 7] = files!("sv");
const EN: [(&str, &str); 7] = files!("en");

struct Catalogue {
    bundle: FluentBundle<FluentResource>,
    /// Syntax errors and duplicate ids met while loading (empty in a correct build; the
    /// completeness test asserts it).
    problems: Vec<String>,
}

fn load(code: &str, files: &[(&str, &str)]) -> Catalogue {
    let langid = code.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![langid]);
    // Fluent puts Unicode isolation marks around arguments by default; a terminal shows them
    // as stray characters.
    bundle.set_use_isolating(false);
    let mut problems = Vec::new();
    for (name, source) in files {
        let resource = match FluentResource::try_new(source.to_string()) {
            Ok(r) => r,
            Err((r, errors)) => {
                for e in errors {
                    problems.push(format!("{code}/{name}.ftl: {e:?}"));
                }
                r
            }
        };
        if let Err(errors) = bundle.add_resource(resource) {
            for e in errors {
                problems.push(format!("{code}/{name}.ftl: {e}"));
            }
        }
    }
    Catalogue { bundle, problems }
}

static CATALOGUES: LazyLock<[Catalogue; 2]> = LazyLock::new(|| [load("sv", &SV), load("en", &EN)]);

fn catalogue(lang: Lang) -> &'static Catalogue {
    &CATALOGUES[match lang {
        Lang::Sv => 0,
        Lang::En => 1,
    }]
}

/// Problems found while loading the catalogue of `lang` (for the completeness test).
pub fn load_problems(lang: Lang) -> &'static [String] {
    &catalogue(lang).problems
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
    let Some(pattern) = cat.bundle.get_message(id).and_then(|m| m.value()) else {
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
    let out = cat
        .bundle
        .format_pattern(pattern, fargs.as_ref(), &mut errors);
    if !errors.is_empty() {
        tracing::warn!(id, ?errors, "text rendered with errors");
    }
    out.into_owned()
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
        assert_eq!(load_problems(Lang::Sv), &[] as &[String]);
        assert_eq!(load_problems(Lang::En), &[] as &[String]);
    }

    #[test]
    fn a_missing_id_renders_as_itself() {
        assert_eq!(render(Lang::Sv, "no-such-text", &[]), "no-such-text");
    }
}
