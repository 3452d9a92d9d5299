//! What the simulated unit accepts, and how it makes a control code.
//!
//! **The code is a simulator's.** A certified unit signs the registration with keys that never
//! leave it; this simulator computes SipHash-1-3 (128 bits, keyed with the unit's secret from
//! its state file) over the registration's canonical JSON and writes it as four groups of eight
//! uppercase hex digits. It is deterministic (the same registration on the same unit always
//! gets the same code) and stable across Rust versions (the `siphasher` crate, not std's
//! `DefaultHasher`), and it proves nothing to anyone.

use std::hash::Hasher;

use siphasher::sip128::{Hasher128, SipHasher13};

use crate::control_unit::Registration;
use crate::domain::Money;

/// The form the journal stores and the code is computed over: the registration's JSON with its
/// fields in declaration order and money as text with two decimals.
pub fn canonical(r: &Registration) -> String {
    // Serializing plain data (strings, numbers, a date) cannot fail.
    serde_json::to_string(r).unwrap_or_default()
}

/// The control code of a registration (its canonical JSON) on a unit with `secret`.
pub fn control_code(secret: u128, canonical: &str) -> String {
    // The secret's high and low halves are the two SipHash keys.
    let mut hasher = SipHasher13::new_with_keys((secret >> 64) as u64, secret as u64);
    hasher.write(canonical.as_bytes());
    let v = hasher.finish128().as_u128();
    format!(
        "{:08X}-{:08X}-{:08X}-{:08X}",
        (v >> 96) as u32,
        (v >> 64) as u32,
        (v >> 32) as u32,
        v as u32
    )
}

/// Why the unit refuses a registration (HTTP 400), in the unit's own words (English).
pub fn validate(r: &Registration) -> Result<(), String> {
    if r.orgnr.trim().is_empty() {
        return Err("orgnr is empty".into());
    }
    if r.register_id.trim().is_empty() {
        return Err("register_id is empty".into());
    }
    if r.receipt_no < 1 {
        return Err(format!(
            "receipt_no must be 1 or more, not {}",
            r.receipt_no
        ));
    }
    let kind = r.kind.code();
    let what = if r.is_return { "return" } else { "sale" };
    // A return gives money back: its total and VAT are 0 or less; a sale's are 0 or more.
    let fits = |m: Money| {
        if r.is_return {
            m <= Money::ZERO
        } else {
            m >= Money::ZERO
        }
    };
    if !fits(r.total) {
        return Err(if r.is_return {
            format!(
                "a return ({kind}) must have a total of 0 or less, not {}",
                r.total.to_plain()
            )
        } else {
            format!(
                "a sale ({kind}) must have a total of 0 or more, not {}; \
                 a return is registered with is_return",
                r.total.to_plain()
            )
        });
    }
    for (i, (rate, amount)) in r.vat.iter().enumerate() {
        if r.vat[..i].iter().any(|(earlier, _)| earlier == rate) {
            return Err(format!("VAT rate {} % is given twice", rate.percent()));
        }
        if !fits(*amount) {
            return Err(format!(
                "the VAT at {} % ({}) does not fit a {what} with the total {}",
                rate.percent(),
                amount.to_plain(),
                r.total.to_plain()
            ));
        }
    }
    let vat: Money = r.vat.iter().map(|(_, amount)| *amount).sum();
    if vat.ore().abs() > r.total.ore().abs() {
        return Err(format!(
            "the VAT ({}) is more than the total ({})",
            vat.to_plain(),
            r.total.to_plain()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control_unit::RegistrationKind;
    use crate::domain::VatRate;

    fn sale() -> Registration {
        Registration {
            orgnr: "556677-8899".into(),
            register_id: "KASSA-1".into(),
            receipt_no: 17,
            at: chrono::NaiveDate::from_ymd_opt(2025, 3, 14)
                .unwrap()
                .and_hms_opt(10, 22, 5)
                .unwrap(),
            kind: RegistrationKind::Normal,
            is_return: false,
            total: Money::from_ore(125_000),
            vat: vec![
                (VatRate::R25, Money::from_ore(23_000)),
                (VatRate::R12, Money::from_ore(1_500)),
            ],
        }
    }

    fn returned() -> Registration {
        Registration {
            is_return: true,
            total: -Money::from_ore(50_000),
            vat: vec![(VatRate::R25, -Money::from_ore(10_000))],
            ..sale()
        }
    }

    const SECRET: u128 = 0x0123_4567_89ab_cdef_fedc_ba98_7654_3210;

    #[test]
    fn the_code_is_four_groups_of_eight_uppercase_hex() {
        let code = control_code(SECRET, &canonical(&sale()));
        let groups: Vec<&str> = code.split('-').collect();
        assert_eq!(groups.len(), 4, "{code}");
        for g in groups {
            assert_eq!(g.len(), 8, "{code}");
            assert!(
                g.chars()
                    .all(|c| c.is_ascii_digit() || ('A'..='F').contains(&c)),
                "{code}"
            );
        }
    }

    #[test]
    fn the_code_is_deterministic_and_stable() {
        let code = control_code(SECRET, &canonical(&sale()));
        assert_eq!(code, control_code(SECRET, &canonical(&sale().clone())));
        // Pinned, written down when the simulator was made: SipHash-1-3 from `siphasher` does
        // not change with the Rust version, so a journal written today still checks out later.
        assert_eq!(
            control_code(SECRET, "kontrollkod"),
            "2FE08D73-DD29B81E-4FE3D02E-69FD27A5"
        );
    }

    #[test]
    fn the_code_depends_on_every_field_and_on_the_unit() {
        let base = control_code(SECRET, &canonical(&sale()));
        let changes: Vec<Registration> = vec![
            Registration {
                orgnr: "556677-8898".into(),
                ..sale()
            },
            Registration {
                register_id: "KASSA-2".into(),
                ..sale()
            },
            Registration {
                receipt_no: 18,
                ..sale()
            },
            Registration {
                at: sale().at + chrono::Duration::seconds(1),
                ..sale()
            },
            Registration {
                kind: RegistrationKind::Copy,
                ..sale()
            },
            Registration {
                total: Money::from_ore(125_001),
                ..sale()
            },
            Registration {
                vat: vec![(VatRate::R25, Money::from_ore(23_000))],
                ..sale()
            },
        ];
        for changed in &changes {
            assert_ne!(
                control_code(SECRET, &canonical(changed)),
                base,
                "{changed:?}"
            );
        }
        assert_ne!(control_code(SECRET + 1, &canonical(&sale())), base);
    }

    #[test]
    fn a_sale_and_a_return_of_the_right_sign_are_accepted() {
        assert_eq!(validate(&sale()), Ok(()));
        assert_eq!(validate(&returned()), Ok(()));
        let zero = Registration {
            total: Money::ZERO,
            vat: Vec::new(),
            ..sale()
        };
        assert_eq!(validate(&zero), Ok(()));
        assert_eq!(
            validate(&Registration {
                is_return: true,
                ..zero
            }),
            Ok(())
        );
        for kind in [
            RegistrationKind::Copy,
            RegistrationKind::Training,
            RegistrationKind::ProForma,
        ] {
            assert_eq!(validate(&Registration { kind, ..sale() }), Ok(()));
            assert_eq!(validate(&Registration { kind, ..returned() }), Ok(()));
        }
    }

    #[test]
    fn what_does_not_fit_is_refused_with_a_reason() {
        let cases: Vec<(Registration, &str)> = vec![
            (
                Registration {
                    orgnr: "  ".into(),
                    ..sale()
                },
                "orgnr is empty",
            ),
            (
                Registration {
                    register_id: String::new(),
                    ..sale()
                },
                "register_id is empty",
            ),
            (
                Registration {
                    receipt_no: 0,
                    ..sale()
                },
                "receipt_no must be 1 or more, not 0",
            ),
            (
                Registration {
                    is_return: true,
                    ..sale()
                },
                "a return (normal) must have a total of 0 or less, not 1250.00",
            ),
            (
                Registration {
                    is_return: false,
                    ..returned()
                },
                "a sale (normal) must have a total of 0 or more, not -500.00",
            ),
            (
                Registration {
                    vat: vec![(VatRate::R25, -Money::from_ore(100))],
                    ..sale()
                },
                "the VAT at 25 % (-1.00) does not fit a sale",
            ),
            (
                Registration {
                    vat: vec![
                        (VatRate::R25, Money::from_ore(100)),
                        (VatRate::R25, Money::from_ore(100)),
                    ],
                    ..sale()
                },
                "VAT rate 25 % is given twice",
            ),
            (
                Registration {
                    total: Money::from_ore(100),
                    vat: vec![(VatRate::R25, Money::from_ore(200))],
                    ..sale()
                },
                "the VAT (2.00) is more than the total (1.00)",
            ),
        ];
        for (registration, reason) in cases {
            let refused = validate(&registration).unwrap_err();
            assert!(refused.starts_with(reason), "{refused:?} for {reason:?}");
        }
    }
}
