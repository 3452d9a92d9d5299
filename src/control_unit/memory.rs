//! A control unit in memory: a **test double** for unit tests of code that registers receipts.
//! It keeps what it registered and can be switched to fail with any [`ControlUnitError`]. It
//! validates nothing and its codes mean nothing; the simulator in `crate::sandbox::control_unit`
//! is the one that behaves like a unit.

use std::sync::{Mutex, MutexGuard};

use super::{ControlCode, ControlUnit, ControlUnitError, Registration, UnitStatus};

/// The serial the memory unit reports.
pub const MEMORY_SERIAL: &str = "MEM-SE-0000";

/// A test double: registers in memory, or fails when told to.
#[derive(Debug, Default)]
pub struct MemoryControlUnit {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    failure: Option<ControlUnitError>,
    registered: Vec<(Registration, ControlCode)>,
}

impl MemoryControlUnit {
    /// A working unit with nothing registered.
    pub fn new() -> MemoryControlUnit {
        MemoryControlUnit::default()
    }

    fn inner(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// From now on every call fails with `error` (`None`: works again).
    pub fn fail_with(&self, error: Option<ControlUnitError>) {
        self.inner().failure = error;
    }

    /// From now on every call fails as a unit that does not answer.
    pub fn fail_unreachable(&self) {
        self.fail_with(Some(ControlUnitError::Unreachable {
            url: self.address().to_string(),
        }));
    }

    /// Works again.
    pub fn repair(&self) {
        self.fail_with(None);
    }

    /// Everything registered, in order, with the codes given.
    pub fn registrations(&self) -> Vec<(Registration, ControlCode)> {
        self.inner().registered.clone()
    }
}

impl ControlUnit for MemoryControlUnit {
    fn status(&self) -> Result<UnitStatus, ControlUnitError> {
        match &self.inner().failure {
            Some(e) => Err(e.clone()),
            None => Ok(UnitStatus {
                serial: MEMORY_SERIAL.into(),
                model: "Verkstad MEM-SE (test double)".into(),
                simulated: true,
            }),
        }
    }

    /// Registering the same register, number and kind again gives the code it got first.
    fn register(&self, r: &Registration) -> Result<ControlCode, ControlUnitError> {
        let mut inner = self.inner();
        if let Some(e) = &inner.failure {
            return Err(e.clone());
        }
        let earlier = inner.registered.iter().find(|(old, _)| {
            (&old.register_id, old.receipt_no, old.kind) == (&r.register_id, r.receipt_no, r.kind)
        });
        if let Some((_, code)) = earlier {
            return Ok(code.clone());
        }
        let code = ControlCode {
            code: format!(
                "MEM-{}-{}-{:08}",
                r.kind.code().to_uppercase(),
                r.register_id,
                r.receipt_no
            ),
            unit_serial: MEMORY_SERIAL.into(),
        };
        inner.registered.push((r.clone(), code.clone()));
        Ok(code)
    }

    fn address(&self) -> &str {
        "memory"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control_unit::RegistrationKind;
    use crate::domain::Money;

    fn registration(no: i64) -> Registration {
        Registration {
            orgnr: "556677-8899".into(),
            register_id: "KASSA-1".into(),
            receipt_no: no,
            at: chrono::NaiveDate::from_ymd_opt(2025, 3, 14)
                .unwrap()
                .and_hms_opt(10, 0, 0)
                .unwrap(),
            kind: RegistrationKind::Normal,
            is_return: false,
            total: Money::from_ore(10_000),
            vat: Vec::new(),
        }
    }

    #[test]
    fn it_registers_fails_when_told_and_works_again() {
        let unit = MemoryControlUnit::new();
        let first = unit.register(&registration(1)).unwrap();
        assert_eq!(unit.register(&registration(1)).unwrap(), first);
        unit.fail_unreachable();
        assert_eq!(
            unit.register(&registration(2)),
            Err(ControlUnitError::Unreachable {
                url: "memory".into()
            })
        );
        assert!(unit.status().is_err());
        unit.repair();
        assert!(unit.status().unwrap().simulated);
        let second = unit.register(&registration(2)).unwrap();
        assert_ne!(first, second);
        assert_eq!(unit.registrations().len(), 2);
    }
}
