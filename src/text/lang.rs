//! The user's language. Swedish is the default everywhere.

use serde::{Deserialize, Serialize};

/// Language of user-facing text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Svenska (default).
    #[default]
    Sv,
    /// English.
    En,
}

impl Lang {
    /// Parse "sv" or "en" (case-insensitive).
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sv" | "sv_se" | "swedish" | "svenska" => Some(Lang::Sv),
            "en" | "en_us" | "en_gb" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}
