//! Where things live and what the user configured (config.toml).

use std::path::{Path, PathBuf};

use directories::ProjectDirs;
use serde::Deserialize;

use super::error::{AppError, Result};
use crate::domain::{Column, Lang};

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
                return Err(AppError::Io {
                    sv: format!("Kunde inte läsa {}: {e}", path.display()),
                    en: format!("Could not read {}: {e}", path.display()),
                });
            }
        };
        let config: Config = toml::from_str(&text).map_err(|e| {
            AppError::invalid(
                format!("Fel i {}: {}", path.display(), e.message()),
                format!("Error in {}: {}", path.display(), e.message()),
            )
        })?;
        if let Some(l) = &config.lang {
            Lang::parse(l).ok_or_else(|| {
                AppError::invalid(
                    format!(
                        "Fel i {}: okänt språk \"{l}\" (sv eller en)",
                        path.display()
                    ),
                    format!(
                        "Error in {}: unknown language \"{l}\" (sv or en)",
                        path.display()
                    ),
                )
            })?;
        }
        if let Some(cols) = &config.list.columns {
            Column::parse_list(&cols.join(","))?;
        }
        Ok(config)
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

#[cfg(test)]
mod tests {
    use super::*;

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

        std::fs::write(&path, "lang = [\n").unwrap();
        assert!(
            Config::load(&path)
                .unwrap_err()
                .message(Lang::Sv)
                .starts_with("Fel i")
        );
    }
}
