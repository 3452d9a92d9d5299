//! The rooms and their arrows (docs/ARCHITECTURE.md), checked on the sources: the front ends
//! (`cli/`, `tui/`) go through `app` — the one door — and never reach the store, the payment
//! providers, the control unit, SQLite, HTTP or the config file's editor themselves; the control
//! unit's room and the bank files' room stand on `domain` and `text` only, and the control unit's
//! simulator and the Klarna sandbox are not clients.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Whether `file` is a unit-test module of its own (`tests.rs` beside the `mod.rs`, or in the
/// folder of the `x.rs`, that declares it as `#[cfg(test)] mod tests;`).
fn is_test_module_file(file: &Path) -> bool {
    if file.file_name().is_none_or(|n| n != "tests.rs") {
        return false;
    }
    let dir = file.parent().unwrap();
    let parents = [dir.join("mod.rs"), dir.with_extension("rs")];
    parents
        .iter()
        .any(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains("#[cfg(test)]\nmod tests;")))
}

/// Lines of a room's code that name something it may not use. Unit-test modules are left out
/// (tests may import any room); they stand last in their file (clippy's
/// `items_after_test_module` keeps it so), so a file is read up to its first `#[cfg(test)]`,
/// or are a file of their own, which is not read.
fn violations(room: &str, forbidden: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(room);
    let mut found = Vec::new();
    for file in rust_files(&root) {
        if is_test_module_file(&file) {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("#[cfg(test)]") {
                break;
            }
            let code = line.split("//").next().unwrap_or("");
            for f in forbidden {
                if code.contains(f) {
                    found.push(format!(
                        "{}:{}: {f}: {}",
                        file.display(),
                        i + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    found
}

const BEHIND_THE_DOOR: &[&str] = &[
    "crate::store",
    "crate::payments",
    "crate::sandbox",
    "crate::control_unit",
    "rusqlite",
    "reqwest",
    "toml_edit",
];

#[test]
fn the_command_line_goes_through_app_only() {
    let v = violations("cli", BEHIND_THE_DOOR);
    assert!(v.is_empty(), "cli/ reaches behind app:\n{}", v.join("\n"));
}

#[test]
fn the_counter_screen_goes_through_app_only() {
    let v = violations("tui", BEHIND_THE_DOOR);
    assert!(v.is_empty(), "tui/ reaches behind app:\n{}", v.join("\n"));
}

#[test]
fn the_domain_is_pure() {
    let v = violations(
        "domain",
        &[
            "crate::store",
            "crate::payments",
            "crate::app",
            "crate::cli",
            "crate::tui",
            "rusqlite",
            "reqwest",
            "tokio",
            "std::fs",
            "std::net",
        ],
    );
    assert!(v.is_empty(), "domain/ is not pure:\n{}", v.join("\n"));
}

#[test]
fn the_store_and_the_providers_do_not_reach_up() {
    let up = ["crate::app", "crate::cli", "crate::tui"];
    let mut v = violations("store", &up);
    v.extend(violations("payments", &up));
    assert!(v.is_empty(), "an arrow points up:\n{}", v.join("\n"));
}

#[test]
fn the_control_unit_room_stands_on_domain_and_text_only() {
    let v = violations(
        "control_unit",
        &[
            "crate::store",
            "crate::payments",
            "crate::print",
            "crate::app",
            "crate::sandbox",
            "crate::tui",
            "crate::cli",
            "rusqlite",
            "reqwest",
        ],
    );
    assert!(
        v.is_empty(),
        "control_unit/ reaches too far:\n{}",
        v.join("\n")
    );
}

#[test]
fn the_bank_files_room_stands_on_domain_and_text_only() {
    // The readers of incoming-payment files are pure: bytes in, an `IncomingFile` or an error
    // out. No store, no clock, no I/O; matching and booking live above them, in `app`.
    let v = violations(
        "bankfiles",
        &[
            "crate::store",
            "crate::payments",
            "crate::print",
            "crate::app",
            "crate::sandbox",
            "crate::control_unit",
            "crate::tui",
            "crate::cli",
            "rusqlite",
            "reqwest",
            "ureq",
            "tokio",
            "std::fs",
            "std::net",
            "Utc::now",
            "Local::now",
        ],
    );
    assert!(
        v.is_empty(),
        "bankfiles/ reaches too far:\n{}",
        v.join("\n")
    );
}

#[test]
fn nothing_below_app_reads_bank_files() {
    // The arrow points from app down to bankfiles: the rooms beside or below it do not use it.
    let mut v = violations("domain", &["crate::bankfiles"]);
    for room in ["store", "payments", "print", "control_unit", "text"] {
        v.extend(violations(room, &["crate::bankfiles"]));
    }
    assert!(v.is_empty(), "an arrow to bankfiles:\n{}", v.join("\n"));
}

#[test]
fn the_control_unit_simulator_is_not_a_client() {
    // It speaks the unit's wire types (`crate::control_unit::{Registration, …}`) and stands
    // where the unit stands: it never uses the HTTP client, nor any room above it.
    let v = violations(
        "sandbox/control_unit",
        &[
            "HttpControlUnit",
            "control_unit::http",
            "ureq",
            "reqwest",
            "crate::store",
            "crate::payments",
            "crate::print",
            "crate::app",
            "crate::tui",
            "crate::cli",
            "crate::sandbox::resurs",
        ],
    );
    assert!(
        v.is_empty(),
        "sandbox/control_unit/ reaches too far:\n{}",
        v.join("\n")
    );
}

#[test]
fn the_klarna_sandbox_is_not_a_client() {
    // It stands where Klarna stands: it speaks Klarna's wire types and reaches no client, no
    // HTTP client and no room above it.
    let v = violations(
        "sandbox/klarna",
        &[
            "reqwest",
            "ureq",
            "crate::store",
            "crate::payments",
            "crate::print",
            "crate::app",
            "crate::tui",
            "crate::cli",
            "crate::control_unit",
        ],
    );
    assert!(
        v.is_empty(),
        "sandbox/klarna/ reaches too far:\n{}",
        v.join("\n")
    );
}

#[test]
fn the_check_sees_what_it_looks_for() {
    // `app` is the door: it does use the store and the providers, and the scan must see that,
    // or the checks above could pass by looking at nothing.
    assert!(!violations("app", &["crate::store"]).is_empty());
    assert!(!violations("app", &["crate::payments"]).is_empty());
    assert!(!violations("sandbox/control_unit", &["crate::control_unit"]).is_empty());
    assert!(!violations("control_unit", &["ureq"]).is_empty());
    assert!(!violations("sandbox/klarna", &["rusqlite"]).is_empty());
    assert!(!violations("bankfiles", &["crate::domain"]).is_empty());
}
