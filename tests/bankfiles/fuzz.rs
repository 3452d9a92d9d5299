//! Fuzzing of both readers with proptest: arbitrary bytes (bare, and behind each format's
//! opening so they get past the format check), valid files with random mutations (bytes set,
//! deleted or inserted, digits changed, lines doubled, dropped or swapped), and generated valid
//! files. Whatever the input, the reader must not panic, and what it accepts must be consistent
//! (every deposit's total is the sum of its payments, signs follow the direction, references are
//! not blank). Generated files must read back exactly, and one changed digit of a payment's
//! amount must be refused.
//!
//! CI runs `BANKFILES_FUZZ_CASES` cases per property (256 by default); the one long run and its
//! figures are in docs/RECONCILIATION.md.

use proptest::prelude::*;
use verkstad::bankfiles::{IncomingFile, ReferenceKind, parse};
use verkstad::domain::Money;

use super::fixtures::{BGMAX, CAMT, CAMT_V08};
use super::writer::{BgPayment, CamtTx, assert_consistent, bgmax_lines, camt, latin1};

fn config() -> ProptestConfig {
    let cases = std::env::var("BANKFILES_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Parse; what is accepted must be consistent.
fn check(bytes: &[u8]) -> Option<IncomingFile> {
    let result = parse(bytes);
    match &result {
        Ok(file) => assert_consistent(file),
        Err(e) => {
            // Every error renders in both languages without panicking.
            let _ = e.to_string();
            let _ = e.message(verkstad::text::Lang::En);
        }
    }
    result.ok()
}

#[derive(Debug, Clone)]
enum Mutation {
    Set(usize, u8),
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
    Digit(usize, u8),
    DoubleLine(usize),
    DropLine(usize),
    SwapLines(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Set(i, b)),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<usize>(), 0u8..10).prop_map(|(i, d)| Mutation::Digit(i, d)),
        any::<usize>().prop_map(Mutation::DoubleLine),
        any::<usize>().prop_map(Mutation::DropLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    let n = bytes.len();
    match m {
        Mutation::Set(i, b) => bytes[i % n] = *b,
        Mutation::Delete(i, len) => {
            let from = i % n;
            bytes.drain(from..(from + len).min(n));
        }
        Mutation::Insert(i, b) => {
            let at = i % (n + 1);
            bytes.splice(at..at, b.iter().copied());
        }
        Mutation::Digit(i, d) => {
            let from = i % n;
            if let Some(k) = (from..n)
                .chain(0..from)
                .find(|k| bytes[*k].is_ascii_digit())
            {
                bytes[k] = b'0' + d;
            }
        }
        Mutation::DoubleLine(i) | Mutation::DropLine(i) | Mutation::SwapLines(i, _) => {
            let mut lines: Vec<Vec<u8>> =
                bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
            let k = i % lines.len();
            match m {
                Mutation::DoubleLine(_) => {
                    let line = lines[k].clone();
                    lines.insert(k, line);
                }
                Mutation::DropLine(_) => {
                    lines.remove(k);
                }
                Mutation::SwapLines(_, j) => {
                    let j = j % lines.len();
                    lines.swap(k, j);
                }
                _ => {}
            }
            *bytes = lines.join(&b'\n');
        }
    }
}

const CAMT_OPENING: &str = "<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\"><BkToCstmrDbtCdtNtfctn>";

fn bg_payment() -> impl Strategy<Value = BgPayment> {
    (
        0u64..1_000_000_000_000,
        prop::bool::weighted(0.2),
        prop::option::of("[0-9]{2,25}"),
        prop::option::of("[A-Za-z0-9åäöÅÄÖé ]{1,25}"),
        prop::collection::vec((0u64..1_000_000_000, any::<bool>()), 0..3),
        prop::option::of("[A-Za-zåäöÅÄÖ][A-Za-zåäöÅÄÖ ]{0,34}"),
    )
        .prop_map(|(ore, deduction, ocr, text, extra, name)| BgPayment {
            ore,
            deduction,
            ocr,
            text,
            extra,
            name,
        })
}

/// Deposits whose deductions never take the total below zero.
fn bg_deposits() -> impl Strategy<Value = Vec<Vec<BgPayment>>> {
    prop::collection::vec(prop::collection::vec(bg_payment(), 0..6), 0..4).prop_map(|mut ds| {
        for d in &mut ds {
            let mut total = 0u64;
            for p in d.iter_mut() {
                if p.deduction {
                    p.ore %= total + 1;
                    total -= p.ore;
                } else {
                    total += p.ore;
                }
            }
        }
        ds
    })
}

fn camt_entries() -> impl Strategy<Value = Vec<(bool, Vec<CamtTx>)>> {
    let tx = (
        0u64..10_000_000_000,
        prop::option::of("[0-9]{2,20}"),
        prop::option::of("[A-Za-z0-9åäö ]{1,40}"),
    )
        .prop_map(|(ore, reference, ustrd)| CamtTx {
            ore,
            reference,
            ustrd,
        });
    prop::collection::vec((any::<bool>(), prop::collection::vec(tx, 1..4)), 0..4)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_never_panic(
        prefix in 0usize..3,
        body in prop::collection::vec(any::<u8>(), 0..600),
    ) {
        let mut bytes = match prefix {
            0 => Vec::new(),
            1 => b"01BGMAX               01".to_vec(),
            _ => CAMT_OPENING.as_bytes().to_vec(),
        };
        bytes.extend(body);
        check(&bytes);
    }

    #[test]
    fn mutated_valid_files_never_panic(
        which in 0usize..3,
        mutations in prop::collection::vec(mutation(), 1..6),
    ) {
        let mut bytes = [BGMAX, CAMT, CAMT_V08][which].to_vec();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        check(&bytes);
    }

    #[test]
    fn generated_bgmax_files_read_back_exactly(deposits in bg_deposits(), pick in any::<usize>(), digit in 0u8..10) {
        let lines = bgmax_lines(&deposits);
        let file = check(&latin1(&lines)).expect("a generated file is valid");
        prop_assert_eq!(file.deposits.len(), deposits.len());
        for (got, want) in file.deposits.iter().zip(&deposits) {
            prop_assert_eq!(got.payments.len(), want.len());
            for (p, w) in got.payments.iter().zip(want) {
                let ore = i64::try_from(w.ore).unwrap();
                let amount = if w.deduction { -Money::from_ore(ore) } else { Money::from_ore(ore) };
                prop_assert_eq!(p.amount, amount);
                let first = p.references.first();
                if let Some(ocr) = &w.ocr {
                    prop_assert_eq!(first.map(|r| (r.kind, r.text.as_str())), Some((ReferenceKind::Ocr, ocr.as_str())));
                } else if let Some(text) = w.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                    prop_assert_eq!(first.map(|r| (r.kind, r.text.as_str())), Some((ReferenceKind::FreeText, text)));
                }
                prop_assert_eq!(p.counterparty.name.as_deref(), w.name.as_deref().map(str::trim));
            }
        }
        // One changed digit of one payment's amount is always refused (its TK15 disagrees).
        let payments: Vec<usize> = (0..lines.len()).filter(|i| lines[*i].starts_with("20") || lines[*i].starts_with("21")).collect();
        if !payments.is_empty() {
            let line = payments[pick % payments.len()];
            let pos = 37 + (pick / 7) % 18;
            let mut changed = lines.clone();
            let mut chars: Vec<char> = changed[line].chars().collect();
            let old = chars[pos];
            let new = char::from(b'0' + digit);
            chars[pos] = if new == old { if old == '9' { '0' } else { char::from(old as u8 + 1) } } else { new };
            changed[line] = chars.into_iter().collect();
            prop_assert!(parse(&latin1(&changed)).is_err());
        }
    }

    #[test]
    fn generated_camt_files_read_back_exactly(entries in camt_entries()) {
        let xml = camt(&entries);
        let file = check(xml.as_bytes()).expect("a generated file is valid");
        prop_assert_eq!(file.deposits.len(), entries.len());
        for (got, (debit, txs)) in file.deposits.iter().zip(&entries) {
            prop_assert_eq!(got.payments.len(), txs.len());
            for (p, t) in got.payments.iter().zip(txs) {
                let amount = Money::from_ore(i64::try_from(t.ore).unwrap());
                prop_assert_eq!(p.amount, if *debit { -amount } else { amount });
                let texts: Vec<&str> = p.references.iter().map(|r| r.text.as_str()).collect();
                let mut want: Vec<&str> = t.ustrd.as_deref().map(str::trim).filter(|s| !s.is_empty()).into_iter().collect();
                want.extend(t.reference.as_deref());
                prop_assert_eq!(texts, want);
            }
        }
    }
}
