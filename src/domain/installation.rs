//! Who a database is: its installation id and whether it holds demo data or real books.

use serde::Serialize;

/// Whether a database holds demo data or a workshop's real books. Demo data never reaches real
/// books: a demo database says DEMO on the screen, on every printout and in the SIE file, and a
/// real database refuses demo data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DbKind {
    Demo,
    Real,
}

impl DbKind {
    pub fn code(self) -> &'static str {
        match self {
            DbKind::Demo => "demo",
            DbKind::Real => "real",
        }
    }

    pub fn parse(code: &str) -> Option<DbKind> {
        match code {
            "demo" => Some(DbKind::Demo),
            "real" => Some(DbKind::Real),
            _ => None,
        }
    }
}

/// The identity of one database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Installation {
    /// Eight lower-case hex digits, random, made with the database and never changed. Every
    /// reference given to a payment provider carries it.
    pub id: String,
    pub kind: DbKind,
}

impl Installation {
    /// The `orderReference` of a payment attempt: `<installation>-<order nr>-<attempt>`, at most
    /// 8 + 1 + 19 + 1 + 5 characters of `[0-9a-f-]` and digits, within Resurs's `^[\w-]{1,36}$`.
    pub fn payment_reference(&self, order_nr: i64, attempt: i64) -> String {
        format!("{}-{order_nr}-{attempt}", self.id)
    }

    /// Whether a provider reference was made by this database, and for which order:
    /// `Some((nr, attempt))` only for `<this id>-<nr>-<attempt>`.
    pub fn parse_reference(&self, reference: &str) -> Option<(i64, i64)> {
        let rest = reference.strip_prefix(&self.id)?.strip_prefix('-')?;
        let (nr, attempt) = rest.split_once('-')?;
        let nr: i64 = nr.parse().ok()?;
        let attempt: i64 = attempt.parse().ok()?;
        (nr > 0 && attempt > 0 && self.payment_reference(nr, attempt) == reference)
            .then_some((nr, attempt))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inst(id: &str) -> Installation {
        Installation {
            id: id.into(),
            kind: DbKind::Real,
        }
    }

    #[test]
    fn references_are_this_databases_own() {
        let a = inst("0a1b2c3d");
        let r = a.payment_reference(10042, 3);
        assert_eq!(r, "0a1b2c3d-10042-3");
        assert_eq!(a.parse_reference(&r), Some((10042, 3)));
        assert_eq!(inst("ffffffff").parse_reference(&r), None);
        assert_eq!(a.parse_reference("10042-3"), None);
        assert_eq!(a.parse_reference("0a1b2c3d-10042-03"), None);
        assert_eq!(a.parse_reference("0a1b2c3d-10042"), None);
    }

    #[test]
    fn the_longest_reference_fits_resurs_rules() {
        let r = inst("0a1b2c3d").payment_reference(i64::MAX, 99_999);
        assert!(r.len() <= 36, "{r}");
        assert!(
            r.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }
}
