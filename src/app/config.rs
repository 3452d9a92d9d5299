//! Where things live and what the user configured (config.toml).

use std::path::{Path, PathBuf};

use directories::ProjectDirs;
use serde::Deserialize;

use super::error::{AppError, Part, Result};
use crate::domain::Money;
use crate::domain::ids::{Bankgiro, Bic, Iban, Orgnr, Plusgiro};
use crate::domain::invoice::Company;
use crate::domain::ledger::{Account, Accounts, Chart};
use crate::domain::reconcile::DEFAULT_TOLERANCE_ORE;
use crate::domain::{Column, Lang};
use crate::msg;

/// The user's settings, read from `config.toml` in the config directory. Every field is optional.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// "sv" (default) or "en".
    pub lang: Option<String>,
    /// Name written as the actor of audit events; defaults to the login name.
    pub user: Option<String>,
    #[serde(default)]
    pub list: ListConfig,
    #[serde(default)]
    pub resurs: ResursSettings,
    /// `[klarna]`: the Klarna stores and their credentials (none: the built-in sandbox).
    #[serde(default)]
    pub klarna: crate::payments::klarna::KlarnaConfig,
    #[serde(default)]
    pub payments: PaymentSettings,
    /// `[register]`: the cash register at this counter (kassabeteckning, control unit, …).
    #[serde(default)]
    pub register: crate::app::register::RegisterConfig,
    /// The seller on invoices and receipts.
    pub company: Option<CompanySettings>,
    /// Accounts a booking uses, by role: `mobil = 1931`, `parts_25 = 3001`, … (defaults: BAS).
    #[serde(default)]
    pub accounts: std::collections::BTreeMap<String, u32>,
    /// More accounts (or other names) for the chart: `"1932" = "Klarna avräkning"`.
    #[serde(default)]
    pub chart: std::collections::BTreeMap<String, String>,
    /// `[reconcile]`: matching incoming payments to invoices (issue 14).
    #[serde(default)]
    pub reconcile: ReconcileSettings,
    /// `[refunds]`: refunds to customers' bank accounts (issue 15).
    #[serde(default)]
    pub refunds: RefundSettings,
}

/// `[refunds]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RefundSettings {
    /// The text before the reference in the message to the customer (default "Återbetalning").
    pub message_prefix: Option<String>,
}

/// `[reconcile]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ReconcileSettings {
    /// A payment at most this much off what its invoices ask closes them, the difference on
    /// 3740 (default "1.00" kr; "0" to match only exact amounts).
    pub tolerance: Option<String>,
}

/// `[company]`: what invoices and receipts say about the seller (§6 of the invoice rules).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CompanySettings {
    pub name: String,
    #[serde(default)]
    pub street: String,
    #[serde(default)]
    pub postal_code: String,
    #[serde(default)]
    pub city: String,
    /// Organisationsnummer, e.g. "556677-8899".
    pub orgnr: String,
    /// VAT number; default "SE" + the orgnr's digits + "01".
    pub vat_no: Option<String>,
    /// "Godkänd för F-skatt" (default true).
    pub f_skatt: Option<bool>,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    /// Bankgiro, `NNN-NNNN` or `NNNN-NNNN`, checked (Luhn check digit).
    #[serde(default)]
    pub bankgiro: String,
    /// Plusgiro, 2–8 digits with a Luhn check digit last (e.g. "4711-8"), checked when given.
    pub plusgiro: Option<String>,
    /// Days from invoice date to due date for FAKTURA (default 30).
    pub payment_terms_days: Option<u32>,
    /// The registered seat (säte) of an aktiebolag: "Styrelsens säte: …" in the invoice footer.
    pub seat: Option<String>,
    /// Late-payment interest printed on FAKTURA, e.g. "8 % + referensränta" (default: "enligt
    /// räntelagen").
    pub late_interest: Option<String>,
    /// The reason printed on an invoice with a 0 % line that is not an utlägg (default: a
    /// reference to 10 kap. mervärdesskattelagen).
    pub vat_exempt_reason: Option<String>,
    /// The account refunds are paid from (pain.001 `DbtrAcct`), an IBAN, checked.
    pub iban: Option<String>,
    /// The bank's BIC of that account, checked (optional: `NOTPROVIDED`).
    pub bic: Option<String>,
}

/// `[resurs]`: defined by the Resurs provider, beside its client.
pub use crate::payments::resurs::ResursSettings;

/// `[payments]`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PaymentSettings {
    /// How long a payment link can be used, in minutes (default 4320 = 3 days).
    pub link_ttl_minutes: Option<u32>,
    /// Port on 127.0.0.1 where `verkstad pay listen` (and the counter screen) take Resurs
    /// callbacks; when set, every new payment asks Resurs to call back there.
    pub callback_port: Option<u16>,
}

#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ListConfig {
    /// Column keys shown in the order list, e.g. ["nr", "customer_name", "payment_received"].
    pub columns: Option<Vec<String>>,
}

impl Config {
    /// Read a config file; a missing file is the default configuration.
    pub fn load(path: &Path) -> Result<Config> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(AppError::Io(msg!(
                    "io-read-failed",
                    path = path.display().to_string(),
                    error = e.to_string()
                )));
            }
        };
        let config: Config = toml::from_str(&text).map_err(|e| {
            AppError::Invalid(msg!(
                "app-error-in-file",
                path = path.display().to_string(),
                error = e.message()
            ))
        })?;
        let in_file = |e: AppError| AppError::within(Part::File(path.to_path_buf()), e);
        if let Some(l) = &config.lang {
            Lang::parse(l).ok_or_else(|| {
                in_file(AppError::Invalid(msg!("config-unknown-language", lang = l)))
            })?;
        }
        if let Some(cols) = &config.list.columns {
            Column::parse_list(&cols.join(","))?;
        }
        if config.resurs.client_secret.is_some() {
            refuse_if_readable_by_others(path)?;
        }
        config.books().map_err(in_file)?;
        config.register.settings().map_err(in_file)?;
        config.refund_settings().map_err(in_file)?;
        Ok(config)
    }

    /// Company, chart and accounts for booking, checked: an account that is not in the chart,
    /// of the wrong class, a bad organisationsnummer, bankgiro or plusgiro is refused with the
    /// setting named.
    pub fn books(&self) -> Result<Books> {
        let mut chart = Chart::default();
        for (n, name) in &self.chart {
            let account = n
                .trim()
                .parse::<u32>()
                .ok()
                .and_then(Account::new)
                .ok_or_else(|| {
                    AppError::Invalid(msg!("config-chart-not-an-account", number = n))
                })?;
            chart.insert(account, name.trim());
        }
        let accounts = Accounts::configured(&self.accounts, &chart)?;
        let tolerance = match self.reconcile.tolerance.as_deref() {
            None => Money::from_ore(DEFAULT_TOLERANCE_ORE),
            Some(t) => Money::parse_non_negative(t)
                .map_err(|e| AppError::within(Part::Name("[reconcile] tolerance"), e))?,
        };
        let (company, example_company) = match &self.company {
            Some(c) => {
                let orgnr = Orgnr::parse(&c.orgnr)
                    .map_err(|e| AppError::within(Part::Name("[company] orgnr"), e))?;
                let bankgiro = match c.bankgiro.trim() {
                    "" => String::new(),
                    bg => Bankgiro::parse(bg)
                        .map_err(|e| AppError::within(Part::Name("[company] bankgiro"), e))?
                        .canonical()
                        .to_string(),
                };
                let plusgiro = match c.plusgiro.as_deref().map(str::trim) {
                    None | Some("") => String::new(),
                    Some(pg) => Plusgiro::parse(pg)
                        .map_err(|e| AppError::within(Part::Name("[company] plusgiro"), e))?
                        .canonical()
                        .to_string(),
                };
                if c.name.trim().is_empty() {
                    return Err(AppError::within(
                        Part::Name("[company] name"),
                        AppError::Invalid(msg!("company-name-missing")),
                    ));
                }
                (
                    Company {
                        name: c.name.trim().to_string(),
                        street: c.street.clone(),
                        postal_code: c.postal_code.clone(),
                        city: c.city.clone(),
                        orgnr: orgnr.canonical(),
                        vat_no: c.vat_no.clone().unwrap_or_else(|| orgnr.vat_number()),
                        f_skatt: c.f_skatt.unwrap_or(true),
                        phone: c.phone.clone(),
                        email: c.email.clone(),
                        bankgiro,
                        plusgiro,
                        payment_terms_days: c.payment_terms_days.unwrap_or(30),
                        seat: trimmed(&c.seat),
                        late_interest: trimmed(&c.late_interest),
                        vat_exempt_reason: trimmed(&c.vat_exempt_reason),
                    },
                    false,
                )
            }
            None => (example_company(), true),
        };
        Ok(Books {
            company,
            example_company,
            chart,
            accounts,
            tolerance,
        })
    }

    /// What a refund batch needs: the paying company's account and the message prefix; the
    /// IBAN and BIC checked when given (a batch without an IBAN is refused when made).
    pub fn refund_settings(&self) -> Result<RefundConfig> {
        let company = self.company.as_ref();
        let iban = company
            .and_then(|c| c.iban.as_deref())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| Iban::parse(s).map_err(|e| AppError::within(Part::Name("[company] iban"), e)))
            .transpose()?;
        let bic = company
            .and_then(|c| c.bic.as_deref())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| Bic::parse(s).map_err(|e| AppError::within(Part::Name("[company] bic"), e)))
            .transpose()?;
        Ok(RefundConfig {
            iban,
            bic,
            message_prefix: self
                .refunds
                .message_prefix
                .clone()
                .unwrap_or_else(|| "Återbetalning".to_owned()),
        })
    }

    pub fn lang(&self) -> Option<Lang> {
        self.lang.as_deref().and_then(Lang::parse)
    }

    /// The list columns from the config, or the defaults.
    pub fn list_columns(&self) -> Vec<Column> {
        self.list
            .columns
            .as_ref()
            .and_then(|c| Column::parse_list(&c.join(",")).ok())
            .unwrap_or_else(|| Column::DEFAULT.to_vec())
    }
}

/// What refunds need from the configuration (`[company] iban`, `bic`, `[refunds]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundConfig {
    pub iban: Option<Iban>,
    pub bic: Option<Bic>,
    pub message_prefix: String,
}

/// What booking needs from the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Books {
    pub company: Company,
    /// True when config.toml has no `[company]`: invoices carry example details.
    pub example_company: bool,
    pub chart: Chart,
    pub accounts: Accounts,
    /// `[reconcile] tolerance`: how far a bank payment may be off its invoices and still close
    /// them (the difference on 3740).
    pub tolerance: Money,
}

impl Default for Books {
    fn default() -> Self {
        Books {
            company: example_company(),
            example_company: true,
            chart: Chart::default(),
            accounts: Accounts::default(),
            tolerance: Money::from_ore(DEFAULT_TOLERANCE_ORE),
        }
    }
}

/// The seller until `[company]` is set: clearly an example.
pub fn example_company() -> Company {
    Company {
        name: "Exempelverkstaden AB (ange [company] i config.toml)".into(),
        street: "Verkstadsvägen 1".into(),
        postal_code: "123 45".into(),
        city: "Storstad".into(),
        orgnr: "556677-8899".into(),
        vat_no: "SE556677889901".into(),
        f_skatt: true,
        phone: String::new(),
        email: String::new(),
        bankgiro: "123-4566".into(),
        plusgiro: String::new(),
        payment_terms_days: 30,
        seat: String::new(),
        late_interest: String::new(),
        vat_exempt_reason: String::new(),
    }
}

/// An optional text setting, trimmed; missing is empty.
fn trimmed(s: &Option<String>) -> String {
    s.as_deref().map(str::trim).unwrap_or_default().to_string()
}

/// A file with secrets must not be readable by other users (as ssh refuses a loose key).
#[cfg(unix)]
fn refuse_if_readable_by_others(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map(|m| m.permissions().mode())
        .unwrap_or(0);
    if mode & 0o077 != 0 {
        return Err(AppError::Invalid(msg!(
            "config-secret-readable",
            path = path.display().to_string(),
            mode = format!("{:o}", mode & 0o777)
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_if_readable_by_others(_path: &Path) -> Result<()> {
    Ok(())
}

/// Default locations from the platform's conventions (XDG on Linux).
pub struct Paths {
    pub data_dir: PathBuf,
    pub config_dir: PathBuf,
}

impl Paths {
    pub fn platform() -> Option<Paths> {
        let dirs = ProjectDirs::from("se", "Verkstad", "verkstad")?;
        Some(Paths {
            data_dir: dirs.data_dir().to_path_buf(),
            config_dir: dirs.config_dir().to_path_buf(),
        })
    }

    pub fn default_db(&self) -> PathBuf {
        self.data_dir.join("verkstad.db")
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }

    pub fn log_file(&self) -> PathBuf {
        self.data_dir.join("verkstad.log")
    }
}

/// The audit actor: the configured user, else the login name, else "okänd".
pub fn actor(config: &Config) -> String {
    config
        .user
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "okänd".to_string())
}

/// Save the chosen list columns in `[list] columns` of the config file at `path`, keeping every
/// other line and comment of the file as it was (toml_edit).
pub fn save_list_columns(path: &Path, cols: &[crate::domain::Column]) -> Result<()> {
    let failed = |e: &dyn std::fmt::Display| {
        AppError::Io(msg!(
            "io-save-columns-failed",
            path = path.display().to_string(),
            error = e.to_string()
        ))
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(failed(&e)),
    };
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| failed(&e))?;
    let mut array = toml_edit::Array::new();
    for c in cols {
        array.push(c.key());
    }
    if !doc.contains_table("list") {
        doc["list"] = toml_edit::table();
    }
    doc["list"]["columns"] = toml_edit::value(array);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| failed(&e))?;
    }
    std::fs::write(path, doc.to_string()).map_err(|e| failed(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn company_config(extra: &str) -> Result<Config> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(
            &path,
            format!("[company]\nname = \"Åkes Bil AB\"\norgnr = \"556677-8899\"\n{extra}"),
        )
        .unwrap();
        Config::load(&path)
    }

    #[test]
    fn bankgiro_and_plusgiro_are_checked_with_the_setting_named() {
        let books = company_config("bankgiro = \"1234566\"\nplusgiro = \"47118\"\n")
            .unwrap()
            .books()
            .unwrap();
        assert_eq!(books.company.bankgiro, "123-4566");
        assert_eq!(books.company.plusgiro, "4711-8");
        let books = company_config("bankgiro = \"5050-1055\"\n")
            .unwrap()
            .books()
            .unwrap();
        assert_eq!(books.company.bankgiro, "5050-1055");
        assert_eq!(books.company.plusgiro, "");

        for (extra, setting, sv, en) in [
            (
                "bankgiro = \"123-4567\"\n",
                "[company] bankgiro",
                "kontrollsiffran stämmer inte",
                "the check digit is wrong",
            ),
            (
                "bankgiro = \"12-345\"\n",
                "[company] bankgiro",
                "NNN-NNNN eller NNNN-NNNN",
                "NNN-NNNN or NNNN-NNNN",
            ),
            (
                "bankgiro = \"123-4566\"\nplusgiro = \"4711-3\"\n",
                "[company] plusgiro",
                "kontrollsiffran stämmer inte",
                "the check digit is wrong",
            ),
            (
                "plusgiro = \"123456789\"\n",
                "[company] plusgiro",
                "2–8 siffror",
                "2–8 digits",
            ),
        ] {
            let err = company_config(extra).unwrap_err();
            let (msg_sv, msg_en) = (err.message(Lang::Sv), err.message(Lang::En));
            assert!(
                msg_sv.contains(setting) && msg_sv.contains(sv),
                "{extra}: {msg_sv}"
            );
            assert!(
                msg_en.contains(setting) && msg_en.contains(en),
                "{extra}: {msg_en}"
            );
        }
    }

    /// The `config.toml` examples in README.md and docs/BOOKKEEPING.md pass the checks.
    #[test]
    fn the_documented_examples_are_valid() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for doc in ["README.md", "docs/BOOKKEEPING.md"] {
            let text = std::fs::read_to_string(root.join(doc)).unwrap();
            let mut checked = 0;
            for block in text.split("```toml\n").skip(1) {
                let block = block.split("```").next().unwrap();
                if !block.contains("[company]") {
                    continue;
                }
                let dir = tempfile::tempdir().unwrap();
                let path = dir.path().join("config.toml");
                std::fs::write(&path, block).unwrap();
                let c = Config::load(&path)
                    .unwrap_or_else(|e| panic!("{doc}: {}\n{block}", e.message(Lang::En)));
                assert!(!c.books().unwrap().company.bankgiro.is_empty(), "{doc}");
                checked += 1;
            }
            assert!(checked > 0, "no [company] example in {doc}");
        }
    }

    #[test]
    fn missing_file_is_default_and_bad_values_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert_eq!(Config::load(&path).unwrap(), Config::default());

        std::fs::write(
            &path,
            "lang = \"en\"\n[list]\ncolumns = [\"nr\", \"payment_received\"]\n",
        )
        .unwrap();
        let c = Config::load(&path).unwrap();
        assert_eq!(c.lang(), Some(Lang::En));
        assert_eq!(c.list_columns(), vec![Column::Nr, Column::PaymentReceived]);

        std::fs::write(&path, "[list]\ncolumns = [\"nr\", \"betald\"]\n").unwrap();
        let err = Config::load(&path).unwrap_err();
        assert!(
            err.message(Lang::Sv).contains("betald"),
            "{}",
            err.message(Lang::Sv)
        );

        std::fs::write(&path, "lang = \"fi\"\n").unwrap();
        assert!(
            Config::load(&path)
                .unwrap_err()
                .message(Lang::En)
                .contains("unknown language")
        );

        // The example shipped in assets/ is valid.
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/config.example.toml");
        let c = Config::load(&example).unwrap();
        assert_eq!(c.lang(), Some(Lang::Sv));
        assert!(c.list_columns().contains(&Column::PaymentReceivedAt));

        // A secret in a file others can read is refused, without echoing the secret.
        std::fs::write(
            &path,
            "[resurs]\nclient_id = \"x\"\nclient_secret = \"hemligt123\"\n",
        )
        .unwrap();
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o644))
            .unwrap();
        let msg = Config::load(&path).unwrap_err().message(Lang::Sv);
        assert!(msg.contains("chmod 600"), "{msg}");
        assert!(!msg.contains("hemligt123"));
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600))
            .unwrap();
        let c = Config::load(&path).unwrap();
        assert_eq!(c.resurs.client_secret.as_deref(), Some("hemligt123"));
        assert!(!format!("{c:?}").contains("hemligt123"));

        std::fs::write(&path, "lang = [\n").unwrap();
        assert!(
            Config::load(&path)
                .unwrap_err()
                .message(Lang::Sv)
                .starts_with("Fel i")
        );
    }
}
