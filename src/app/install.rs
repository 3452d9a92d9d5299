//! Demo or real: a database is made as one or the other and knows which. Demo data never reaches
//! real books: the first start seeds demo data only into a new database (which becomes a demo
//! database), `verkstad init` makes a real one, and demo data is refused on a real database
//! before anything is written (the schema's trigger is the last line of defence).

use std::path::Path;

use super::config::Config;
use super::error::{AppError, Part, Result};
use crate::domain::ids::Orgnr;
use crate::domain::{DbKind, Installation};
use crate::msg;
use crate::store::Store;
use crate::store::prelude::*;

/// The audit action `verkstad init` writes on the installation.
const INIT_ACTION: &str = "init";

/// True when `verkstad init` made this database a real one.
pub fn initialised(store: &impl Store) -> Result<bool> {
    let inst = store.installation()?;
    Ok(store
        .audit_events("installation", &inst.id)?
        .iter()
        .any(|e| e.action == INIT_ACTION))
}

/// Whether demo data may go into this database: a demo database, or a new, empty one (which
/// the demo data makes a demo database). A real database — one with orders or vouchers, or one
/// made by `verkstad init` — is refused with a message that says what to do instead.
pub fn ensure_demo_allowed(store: &impl Store) -> Result<()> {
    let inst = store.installation()?;
    if inst.kind == DbKind::Demo {
        return Ok(());
    }
    if store.holds_books()? || initialised(store)? {
        return Err(demo_refused(store.path()));
    }
    Ok(())
}

/// Inside the write transaction of demo data: a database that `verkstad init` made real is
/// refused even while it is still empty (the schema's trigger covers one with orders or
/// vouchers).
pub fn ensure_demo_allowed_in(w: &impl crate::store::Writer, db: &Path) -> Result<()> {
    let inst = w.installation()?;
    if inst.kind == DbKind::Real && w.audit_exists("installation", &inst.id, INIT_ACTION)? {
        return Err(demo_refused(db));
    }
    Ok(())
}

fn demo_refused(db: &Path) -> AppError {
    let db = db.display();
    AppError::Invalid(msg!("install-demo-refused", db = db.to_string()))
}

/// Whether `verkstad init` may make this database a real one: not a demo database, and no
/// orders or vouchers yet.
pub fn ensure_init_allowed(store: &impl Store) -> Result<()> {
    let inst = store.installation()?;
    let db = store.path().display();
    if inst.kind == DbKind::Demo {
        return Err(AppError::Invalid(msg!(
            "install-demo-database",
            db = db.to_string()
        )));
    }
    if store.holds_books()? {
        return Err(AppError::Invalid(msg!(
            "install-database-in-use",
            db = db.to_string()
        )));
    }
    Ok(())
}

/// Make the (empty) database a real one and record that `verkstad init` did it. Refused for a
/// demo database or one that already holds orders or vouchers.
pub fn init(store: &impl Store, actor: &str) -> Result<Installation> {
    ensure_init_allowed(store)?;
    store.write(actor, |w| {
        w.set_kind(DbKind::Real)?;
        let inst = w.installation()?;
        w.audit(
            "installation",
            &inst.id,
            INIT_ACTION,
            None::<&()>,
            Some(&inst),
        )?;
        Ok(inst)
    })
}

/// The company details `verkstad init` writes into `[company]` of config.toml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompanyInput {
    pub name: String,
    pub orgnr: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub phone: String,
    pub email: String,
    pub bankgiro: String,
    pub vat_no: Option<String>,
    pub f_skatt: bool,
    pub payment_terms_days: Option<u32>,
    /// The registered seat (säte) of an aktiebolag.
    pub seat: Option<String>,
}

/// The config file with `[company]` set from `input`, every other line and comment kept.
/// Checked as the program will read it (org.nr, bankgiro, …) before anything is written.
pub fn config_with_company(path: &Path, existing: &str, input: &CompanyInput) -> Result<String> {
    if input.name.trim().is_empty() {
        return Err(AppError::within(
            Part::Name("--name"),
            AppError::Invalid(msg!("company-name-missing")),
        ));
    }
    // The seller's address is on every invoice (mervärdesskattelagen 17 kap. 24 §).
    let missing: Vec<&str> = [
        ("--street", &input.street),
        ("--postal-code", &input.postal_code),
        ("--city", &input.city),
    ]
    .into_iter()
    .filter(|(_, v)| v.trim().is_empty())
    .map(|(flag, _)| flag)
    .collect();
    if !missing.is_empty() {
        let list = missing.join(", ");
        return Err(AppError::Invalid(msg!(
            "install-address-missing",
            flags = list
        )));
    }
    let orgnr =
        Orgnr::parse(&input.orgnr).map_err(|e| AppError::within(Part::Name("--orgnr"), e))?;
    let mut doc: toml_edit::DocumentMut = existing.parse().map_err(|e: toml_edit::TomlError| {
        AppError::Invalid(msg!(
            "app-error-in-file",
            path = path.display().to_string(),
            error = e.message()
        ))
    })?;
    if !doc.contains_table("company") {
        doc["company"] = toml_edit::table();
    }
    let company = &mut doc["company"];
    let mut set = |key: &str, value: toml_edit::Item| company[key] = value;
    set("name", toml_edit::value(input.name.trim()));
    set("orgnr", toml_edit::value(orgnr.canonical()));
    for (key, v) in [
        ("street", &input.street),
        ("postal_code", &input.postal_code),
        ("city", &input.city),
        ("phone", &input.phone),
        ("email", &input.email),
        ("bankgiro", &input.bankgiro),
    ] {
        if !v.trim().is_empty() {
            set(key, toml_edit::value(v.trim()));
        }
    }
    if let Some(v) = input.vat_no.as_deref().filter(|v| !v.trim().is_empty()) {
        set("vat_no", toml_edit::value(v.trim()));
    }
    if let Some(v) = input.seat.as_deref().filter(|v| !v.trim().is_empty()) {
        set("seat", toml_edit::value(v.trim()));
    }
    set("f_skatt", toml_edit::value(input.f_skatt));
    if let Some(d) = input.payment_terms_days {
        set("payment_terms_days", toml_edit::value(i64::from(d)));
    }
    let text = doc.to_string();
    // Read back exactly as the program reads it: every setting checked.
    let config: Config = toml::from_str(&text).map_err(|e| {
        AppError::Invalid(msg!(
            "app-error-in-file",
            path = path.display().to_string(),
            error = e.message()
        ))
    })?;
    config.books()?;
    Ok(text)
}

/// `verkstad init`: make the database at `db` a real one and write the company details into
/// `[company]` of the config file at `config_path` (every other line kept). Everything is
/// checked first — the company details as the program will read them, and that the database
/// is new or empty and not a demo database — so a refusal writes nothing.
pub fn make_real(
    db: &Path,
    config_path: &Path,
    input: &CompanyInput,
    actor: &str,
    today: chrono::NaiveDate,
) -> Result<Installation> {
    let existing = match std::fs::read_to_string(config_path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(AppError::Io(msg!(
                "io-read-failed",
                path = config_path.display().to_string(),
                error = e.to_string()
            )));
        }
    };
    let text = config_with_company(config_path, &existing, input)?;
    // An existing database is checked before anything is written.
    if db.exists() {
        let store = crate::store::Database::open(db)?;
        ensure_init_allowed(&store)?;
    }
    let (store, _) = super::open_store(db, false, actor, today)?;
    let inst = init(&store, actor)?;
    if let Some(dir) = config_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            AppError::Io(msg!(
                "io-create-folder-failed",
                path = dir.display().to_string(),
                error = e.to_string()
            ))
        })?;
    }
    super::ledger::write_file(config_path, text.as_bytes())?;
    Ok(inst)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Lang;

    #[test]
    fn demo_data_is_refused_on_a_real_database_before_and_inside_the_transaction() {
        let dir = tempfile::tempdir().unwrap();
        let store = crate::store::Database::open(&dir.path().join("v.db")).unwrap();
        // A new, empty database may still become a demo one.
        ensure_demo_allowed(&store).unwrap();
        let inst = init(&store, "t").unwrap();
        assert_eq!(inst.kind, DbKind::Real);
        assert!(initialised(&store).unwrap());
        let e = ensure_demo_allowed(&store).unwrap_err();
        assert!(e.message(Lang::Sv).contains("är en riktig databas"));
        let db = store.path().to_path_buf();
        let inside: Result<()> = store.write("t", |w| ensure_demo_allowed_in(w, &db));
        assert!(
            inside
                .unwrap_err()
                .message(Lang::En)
                .contains("is a real database")
        );
        let spec = crate::app::demo::DemoSpec {
            orders: 3,
            seed: 1,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        };
        crate::app::demo::generate(&store, "t", spec).unwrap_err();
        assert_eq!(store.counts().unwrap(), (0, 0, 0));
        assert_eq!(store.installation().unwrap().kind, DbKind::Real);
        // A real database refuses init's opposite too: a demo one cannot be made real.
        let dir2 = tempfile::tempdir().unwrap();
        let demo = crate::store::Database::open(&dir2.path().join("d.db")).unwrap();
        crate::app::demo::generate(&demo, "t", spec).unwrap();
        assert!(
            init(&demo, "t")
                .unwrap_err()
                .message(Lang::Sv)
                .contains("är en demodatabas")
        );
    }

    fn input() -> CompanyInput {
        CompanyInput {
            name: "Bilverkstaden i Storstad AB".into(),
            orgnr: "5566778899".into(),
            street: "Verkstadsvägen 1".into(),
            postal_code: "123 45".into(),
            city: "Storstad".into(),
            f_skatt: true,
            ..CompanyInput::default()
        }
    }

    #[test]
    fn company_goes_into_the_file_keeping_comments_and_other_settings() {
        let existing = "# min kassa\nlang = \"en\" # språket\n\n[list]\ncolumns = [\"nr\"]\n";
        let text = config_with_company(Path::new("config.toml"), existing, &input()).unwrap();
        assert!(
            text.starts_with("# min kassa\nlang = \"en\" # språket\n"),
            "{text}"
        );
        assert!(text.contains("columns = [\"nr\"]"));
        let c: Config = toml::from_str(&text).unwrap();
        let company = c.company.unwrap();
        assert_eq!(company.name, "Bilverkstaden i Storstad AB");
        assert_eq!(company.orgnr, "556677-8899");
        assert_eq!(company.city, "Storstad");
        assert_eq!(company.f_skatt, Some(true));
    }

    #[test]
    fn a_bad_orgnr_or_missing_name_is_refused_naming_the_flag() {
        let bad = CompanyInput {
            orgnr: "556677-8898".into(),
            ..input()
        };
        let e = config_with_company(Path::new("c.toml"), "", &bad).unwrap_err();
        assert!(
            e.message(Lang::Sv).starts_with("--orgnr: "),
            "{}",
            e.message(Lang::Sv)
        );
        let nameless = CompanyInput {
            name: " ".into(),
            ..input()
        };
        let e = config_with_company(Path::new("c.toml"), "", &nameless).unwrap_err();
        assert!(e.message(Lang::En).starts_with("--name: "));
        let homeless = CompanyInput {
            street: String::new(),
            city: " ".into(),
            ..input()
        };
        let e = config_with_company(Path::new("c.toml"), "", &homeless).unwrap_err();
        assert!(
            e.message(Lang::Sv).ends_with("ange --street, --city"),
            "{}",
            e.message(Lang::Sv)
        );
    }
}
