//! The catalogue of user-facing text (src/text, assets/text/<lang>/*.ftl) is complete: both
//! languages have every message with the same arguments, every id the code uses exists with the
//! arguments the code passes, no message is unused, and no sentence is written in two languages
//! anywhere else in src/.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use verkstad::text::{self, Lang};

/// Message id → the variables (`$name`) its text uses, for one language.
fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, source) in text::sources(lang) {
        let mut current: Option<String> = None;
        for line in source.lines() {
            let starts_entry = line.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
            if starts_entry {
                let (id, _) = line
                    .split_once('=')
                    .unwrap_or_else(|| panic!("{lang:?}/{file}.ftl: no '=' in {line:?}"));
                let id = id.trim().to_string();
                assert!(
                    !out.contains_key(&id),
                    "{lang:?}/{file}.ftl: {id} is defined twice"
                );
                out.insert(id.clone(), BTreeSet::new());
                current = Some(id);
            } else if line.starts_with('#') || line.trim().is_empty() {
                if line.trim().is_empty() {
                    continue;
                }
                current = None;
                continue;
            }
            if let Some(id) = &current {
                out.get_mut(id).unwrap().extend(variables(line));
            }
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// The `$name` references in one line of Fluent text.
fn variables(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find('$') {
        rest = &rest[i + 1..];
        let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
        if !name.is_empty() {
            out.push(name);
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every source file of src/ outside the catalogue room, with its text.
fn sources() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    files
        .into_iter()
        .filter(|p| !p.starts_with(root.join("src/text")))
        .map(|p| {
            let name = p.strip_prefix(root).unwrap().display().to_string();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// One use of the catalogue in code: `t!(lang, "id", a = …)` or `msg!("id", a = …)`.
struct Use {
    at: String,
    id: String,
    args: BTreeSet<String>,
}

/// Walks Rust source a character at a time, knowing whether it is inside a string literal.
#[derive(Default)]
struct Strings {
    inside: bool,
    escaped: bool,
}

impl Strings {
    /// Whether `c` is part of a string literal (its quotes included).
    fn step(&mut self, c: char) -> bool {
        if self.inside {
            match (self.escaped, c) {
                (true, _) => self.escaped = false,
                (false, '\\') => self.escaped = true,
                (false, '"') => self.inside = false,
                _ => {}
            }
            return true;
        }
        self.inside = c == '"';
        self.inside
    }
}

/// The text of a macro call from its opening parenthesis to the matching close.
fn call_body(s: &str) -> &str {
    let mut depth = 0usize;
    let mut strings = Strings::default();
    for (i, c) in s.char_indices() {
        if strings.step(c) {
            continue;
        }
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    return &s[..=i];
                }
            }
            _ => {}
        }
    }
    s
}

/// The argument names of a call body: `name = value` at the top level of the call.
fn arg_names(body: &str) -> BTreeSet<String> {
    let inner = &body[1..body.len().saturating_sub(1)];
    let mut names = BTreeSet::new();
    let mut depth = 0usize;
    let mut strings = Strings::default();
    let mut part = String::new();
    let mut parts = Vec::new();
    for c in inner.chars() {
        if !strings.step(c) {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(std::mem::take(&mut part));
                    continue;
                }
                _ => {}
            }
        }
        part.push(c);
    }
    parts.push(part);
    for p in parts {
        if let Some((name, value)) = p.split_once('=') {
            let name = name.trim();
            if !value.starts_with('=') && !name.is_empty() && name.chars().all(is_ident) {
                names.insert(name.to_string());
            }
        }
    }
    names
}

fn uses() -> Vec<Use> {
    let mut out = Vec::new();
    for (file, src) in sources() {
        for mac in ["t!(", "msg!("] {
            let mut from = 0;
            while let Some(i) = src[from..].find(mac) {
                let start = from + i;
                from = start + mac.len();
                // `t!(` must not be the end of a longer name (`format!(`, `assert!(`…).
                if src[..start]
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    continue;
                }
                let body = call_body(&src[start + mac.len() - 1..]);
                let Some(q) = body.find('"') else { continue };
                let id: String = body[q + 1..].chars().take_while(|c| *c != '"').collect();
                let line = src[..start].lines().count();
                out.push(Use {
                    at: format!("{file}:{line}"),
                    id,
                    args: arg_names(body),
                });
            }
        }
    }
    out
}

#[test]
fn both_languages_load_without_syntax_errors_or_duplicates() {
    for lang in [Lang::Sv, Lang::En] {
        assert!(
            text::load_problems(lang).is_empty(),
            "{lang:?}: {:#?}",
            text::load_problems(lang)
        );
    }
}

#[test]
fn every_message_exists_in_swedish_and_english_with_the_same_arguments() {
    let sv = messages(Lang::Sv);
    let en = messages(Lang::En);
    assert!(sv.len() > 10, "the Swedish catalogue is almost empty");
    let mut wrong = Vec::new();
    for (id, vars) in &sv {
        match en.get(id) {
            None => wrong.push(format!("{id}: missing in English")),
            Some(en_vars) if en_vars != vars => {
                wrong.push(format!("{id}: sv uses {vars:?}, en uses {en_vars:?}"))
            }
            Some(_) => {}
        }
    }
    for id in en.keys() {
        if !sv.contains_key(id) {
            wrong.push(format!("{id}: missing in Swedish"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_id_the_code_uses_exists_with_the_arguments_it_passes() {
    let sv = messages(Lang::Sv);
    let uses = uses();
    assert!(uses.len() > 10, "the scan found almost no uses of t!/msg!");
    let mut wrong = Vec::new();
    for u in &uses {
        match sv.get(&u.id) {
            None => wrong.push(format!("{}: \"{}\" is not in the catalogue", u.at, u.id)),
            Some(vars) if !vars.is_subset(&u.args) => wrong.push(format!(
                "{}: \"{}\" needs {vars:?}, the code passes {:?}",
                u.at, u.id, u.args
            )),
            Some(_) => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_message_in_the_catalogue_is_used() {
    let used: BTreeSet<String> = uses().into_iter().map(|u| u.id).collect();
    let unused: Vec<String> = messages(Lang::Sv)
        .into_keys()
        .filter(|id| !used.contains(id))
        .collect();
    assert!(unused.is_empty(), "never used: {unused:?}");
}

#[test]
fn no_text_is_written_in_two_languages_outside_the_catalogue() {
    let mut found = Vec::new();
    for (file, src) in sources() {
        for (n, line) in src.lines().enumerate() {
            for pattern in ["Lang::Sv =>", "Lang::En =>", ".pick("] {
                if line.contains(pattern) {
                    found.push(format!("{file}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "text outside the catalogue (use t!/msg!):\n{}",
        found.join("\n")
    );
}

/// Messages are parsed one by one when first rendered (src/text/mod.rs), so a message may not
/// name another message or a term: `{ other-message }` or `{ -term }`.
#[test]
fn no_message_refers_to_another() {
    let mut found = Vec::new();
    for lang in [Lang::Sv, Lang::En] {
        for (file, source) in text::sources(lang) {
            for (n, line) in source.lines().enumerate() {
                let mut rest = line;
                while let Some(i) = rest.find('{') {
                    rest = rest[i + 1..].trim_start();
                    if rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '-') {
                        found.push(format!("{lang:?}/{file}.ftl:{}: {}", n + 1, line.trim()));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_scan_sees_what_it_looks_for() {
    let body = call_body(r#"(lang, "order-locked", nr = order.nr, who = f(a, b)) rest"#);
    assert_eq!(
        arg_names(body),
        BTreeSet::from(["nr".to_string(), "who".to_string()])
    );
    assert_eq!(
        variables("Order { $nr } är låst av { $who }"),
        ["nr", "who"]
    );
    assert_eq!(
        text::render(Lang::Sv, "no-such-message", &[]),
        "no-such-message"
    );
}
