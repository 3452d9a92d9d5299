//! The counter screen's speed, through the real update and render code on ratatui's TestBackend:
//! F5 list open, order screen open, every filter keystroke and every scroll step.
//!
//! `VERKSTAD_BENCH_DB=/tmp/verkstad-scale/v.db cargo bench --bench screen` measures at a million
//! orders (benches/scale.sh makes that database); without it a 50 000-order database is made.
//! After the criterion benches, a latency pass prints p50/p99/max per keystroke and scroll step.

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use verkstad::domain::{Column, Lang, Sort};
use verkstad::store::Database;
use verkstad::store::prelude::*;
use verkstad::tui::keymap::Keymap;
use verkstad::tui::model::{Effect, Event, Model};
use verkstad::tui::view;

/// Run the effects the way the worker does (store calls on this thread) and feed the results back.
fn settle(model: &mut Model, store: &Database, effects: Vec<Effect>) {
    let mut queue = effects;
    while let Some(e) = queue.pop() {
        let ev = match e {
            Effect::LoadList {
                query, generation, ..
            } => Event::ListLoaded {
                rows: store.list_orders(&query).expect("list"),
                generation,
            },
            Effect::LoadOrder(nr) => {
                let d = store.order(nr).expect("order").expect("exists");
                Event::OrderLoaded(
                    Box::new(d),
                    store.payment_attempts(nr).expect("attempts"),
                    None,
                )
            }
            _ => continue,
        };
        queue.extend(model.on_event(ev));
    }
}

fn frame(terminal: &mut Terminal<TestBackend>, model: &mut Model) {
    terminal.draw(|f| view::render(model, f)).expect("draw");
}

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

fn new_model() -> Model {
    Model::new(Lang::Sv, Keymap::default(), true, Column::DEFAULT.to_vec())
}

fn screen(c: &mut Criterion) {
    let (_keep, path) = common::database();
    let store = Database::open(&path).expect("open");
    store.use_search_index().expect("search index");
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");

    c.bench_function("f5_list_open", |b| {
        b.iter(|| {
            let mut model = new_model();
            let fx = model.start();
            settle(&mut model, &store, fx);
            frame(&mut terminal, &mut model);
            black_box(model.list.rows.len())
        })
    });

    let mut model = new_model();
    let fx = model.start();
    settle(&mut model, &store, fx);
    c.bench_function("order_screen_open", |b| {
        b.iter(|| {
            let fx = model.on_key(key(KeyCode::Enter));
            settle(&mut model, &store, fx);
            frame(&mut terminal, &mut model);
            let fx = model.on_key(key(KeyCode::F(5)));
            settle(&mut model, &store, fx);
        })
    });

    // Up and down within the first screenful (scrolling past the loaded rows asks for more:
    // that is a list query, measured with the keystrokes below).
    let mut step = 0u64;
    c.bench_function("scroll_step", |b| {
        b.iter(|| {
            step += 1;
            let dir = if (step / 20).is_multiple_of(2) {
                KeyCode::Down
            } else {
                KeyCode::Up
            };
            let fx = model.on_key(key(dir));
            settle(&mut model, &store, fx);
            frame(&mut terminal, &mut model);
        })
    });

    c.bench_function("filter_keystroke_echo", |b| {
        // Key → frame with the typed text on screen (the rows follow from the worker).
        b.iter(|| {
            let _fx = model.on_key(key(KeyCode::Char('a')));
            frame(&mut terminal, &mut model);
            let _fx = model.on_key(key(KeyCode::Backspace));
        })
    });
}

/// p50/p99/max of key → frame including the list query, for typing two filters.
fn latency() {
    let (_keep, path) = common::database();
    let store = Database::open(&path).expect("open");
    store.use_search_index().expect("search index");
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let mut model = new_model();
    let fx = model.start();
    settle(&mut model, &store, fx);

    let report = |name: &str, mut samples: Vec<Duration>| {
        samples.sort();
        let pct = |p: f64| samples[((samples.len() as f64 * p) as usize).min(samples.len() - 1)];
        println!(
            "{name:<44} n={:<4} p50={:>8.2?} p99={:>8.2?} max={:>8.2?}",
            samples.len(),
            pct(0.50),
            pct(0.99),
            samples[samples.len() - 1]
        );
    };

    // The first search of each one-letter filter, before anything is remembered: the broadest
    // texts, where the in-memory search once spent most of its time (docs/BENCHMARKS.md).
    let mut samples = Vec::new();
    for ch in "abcdefghijklmnoprstuvyåäö0123456789".chars() {
        let start = Instant::now();
        let fx = model.on_key(key(KeyCode::Char(ch)));
        settle(&mut model, &store, fx);
        frame(&mut terminal, &mut model);
        samples.push(start.elapsed());
        let fx = model.on_key(key(KeyCode::Backspace));
        settle(&mut model, &store, fx);
    }
    report("first search, one-letter filter", samples);

    for (name, text) in [
        ("keystroke+rows: 'niklas nerholt' (few)", "niklas nerholt"),
        ("keystroke+rows: 'andersson' (many)", "andersson"),
        ("keystroke+rows: '070' (phone)", "070"),
    ] {
        let mut samples = Vec::new();
        for _ in 0..10 {
            for ch in text.chars() {
                let start = Instant::now();
                let fx = model.on_key(key(KeyCode::Char(ch)));
                settle(&mut model, &store, fx);
                frame(&mut terminal, &mut model);
                samples.push(start.elapsed());
            }
            for _ in text.chars() {
                let fx = model.on_key(key(KeyCode::Backspace));
                settle(&mut model, &store, fx);
            }
        }
        report(name, samples);
    }

    // A customer sort with a broad filter (the customers-first walk): key → frame with the rows
    // of the whole text. The worker runs only the newest query, so the text's prefixes are
    // typed without running theirs.
    let type_text = |model: &mut Model, text: &str| {
        for _ in 0..model.list.filter.chars().count() {
            drop(model.on_key(key(KeyCode::Backspace)));
        }
        for ch in text.chars() {
            drop(model.on_key(key(KeyCode::Char(ch))));
        }
    };
    type_text(&mut model, "niklas");
    for _ in 0..2 {
        drop(model.on_key(key(KeyCode::F(9))));
    }
    assert_eq!(model.list.sort.column, Column::CustomerName);
    for descending in [false, true] {
        if descending {
            drop(model.on_key(KeyEvent::new(KeyCode::F(9), KeyModifiers::SHIFT)));
        }
        assert_eq!(model.list.sort.descending, descending);
        for text in ["niklas", "östen", "berg"] {
            let mut samples = Vec::new();
            for _ in 0..10 {
                let mut chars = text.chars();
                let last = chars.next_back().expect("a text");
                type_text(&mut model, chars.as_str());
                let start = Instant::now();
                let fx = model.on_key(key(KeyCode::Char(last)));
                settle(&mut model, &store, fx);
                frame(&mut terminal, &mut model);
                samples.push(start.elapsed());
                assert!(!model.list.rows.is_empty(), "{text}: no rows");
            }
            let dir = if descending { ":desc" } else { "" };
            report(&format!("rows: '{text}', customer_name{dir}"), samples);
        }
    }
    type_text(&mut model, "");
    for _ in 0..5 {
        // Back to the order number (Kundnamn → Regnr → Status → Belopp → Skapad → Nr).
        drop(model.on_key(key(KeyCode::F(9))));
    }
    drop(model.on_key(KeyEvent::new(KeyCode::F(9), KeyModifiers::SHIFT)));
    assert_eq!(model.list.sort, Sort::default());

    let mut samples = Vec::new();
    for ch in "10".chars() {
        let fx = model.on_key(key(KeyCode::Char(ch)));
        settle(&mut model, &store, fx);
    }
    for i in 0..1000 {
        let start = Instant::now();
        let fx = model.on_key(key(if (i / 200) % 2 == 0 {
            KeyCode::Down
        } else {
            KeyCode::Up
        }));
        settle(&mut model, &store, fx);
        frame(&mut terminal, &mut model);
        samples.push(start.elapsed());
    }
    report("scroll step", samples);

    // PgDn from the top of the whole list, 300 pages deep: each key with the read-ahead it
    // asks for (run here, on this thread), and the read-ahead queries on their own.
    for _ in 0..model.list.filter.chars().count() {
        let fx = model.on_key(key(KeyCode::Backspace));
        settle(&mut model, &store, fx);
    }
    frame(&mut terminal, &mut model);
    let (mut keys, mut reads) = (Vec::new(), Vec::new());
    for _ in 0..300 {
        let start = Instant::now();
        let mut queue = model.on_key(key(KeyCode::PageDown));
        while let Some(e) = queue.pop() {
            if let Effect::LoadList {
                query, generation, ..
            } = e
            {
                let read = Instant::now();
                let rows = store.list_orders(&query).expect("list");
                reads.push(read.elapsed());
                queue.extend(model.on_event(Event::ListLoaded { rows, generation }));
            }
        }
        frame(&mut terminal, &mut model);
        keys.push(start.elapsed());
    }
    report("PgDn ×300 from the top, with read-ahead", keys);
    report("read-ahead query, 300 pages deep", reads);

    let mut samples = Vec::new();
    for _ in 0..200 {
        let start = Instant::now();
        let fx = model.on_key(key(KeyCode::Char('x')));
        frame(&mut terminal, &mut model);
        samples.push(start.elapsed());
        drop(fx);
        let _ = model.on_key(key(KeyCode::Backspace));
    }
    report("keystroke echo (filter text on screen)", samples);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = screen
}

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    latency();
}
