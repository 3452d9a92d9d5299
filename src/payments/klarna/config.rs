//! Klarna stores and their credentials: the `[klarna]` section of config.toml
//! (`[[klarna.stores]] name = "A" username = "…" password = "…"` and `default_store = "A"`),
//! and the built-in sandbox's two test stores when none is configured.

use std::time::Duration;

use serde::Deserialize;

use crate::payments::Secret;

/// Klarna's API in Europe, used for a configured store without `base_url`.
pub const KLARNA_DEFAULT_URL: &str = "https://api.klarna.com";

/// The built-in sandbox's test stores: (name, username, password), as docs/KLARNA.md lists them.
pub const SANDBOX_STORES: [(&str, &str, &str); 2] = [
    ("A", "PK_TEST_STORE_A", "sandbox-secret-a"),
    ("B", "PK_TEST_STORE_B", "sandbox-secret-b"),
];

/// One `[[klarna.stores]]` entry as written in config.toml.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct StoreSettings {
    /// Our name for the store ("A", "Verkstan Syd"): what `default_store` names.
    pub name: String,
    /// Klarna's API address; [`KLARNA_DEFAULT_URL`] when left out.
    pub base_url: Option<String>,
    /// The API username (Klarna's "UID", e.g. `PK12345_…`).
    pub username: String,
    pub password: Secret,
}

impl std::fmt::Debug for StoreSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreSettings")
            .field("name", &self.name)
            .field("base_url", &self.base_url)
            .field("username", &self.username)
            .field("password", &self.password)
            .finish()
    }
}

/// `[klarna]` in config.toml. Empty (the default) means the built-in sandbox with its two test
/// stores. `VERKSTAD_KLARNA_URL` overrides every store's address.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct KlarnaConfig {
    #[serde(default)]
    pub stores: Vec<StoreSettings>,
    /// The store a payment uses unless told otherwise; the first store when left out.
    pub default_store: Option<String>,
}

impl KlarnaConfig {
    /// True when no store is configured: the built-in sandbox.
    pub fn is_sandbox(&self) -> bool {
        self.stores.is_empty()
    }
}

/// One Klarna store as a client uses it.
#[derive(Debug, Clone)]
pub struct KlarnaStore {
    /// Our name for the store.
    pub name: String,
    /// "https://api.klarna.com" or the sandbox's "http://127.0.0.1:9400", without a trailing `/`.
    pub base_url: String,
    pub username: String,
    pub password: Secret,
    /// True for the local sandbox: no real money, and "agera kund" works.
    pub sandbox: bool,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Retries after the first attempt for timeouts, 408, 429 and 5xx.
    pub retries: u32,
    /// First backoff; doubled per retry, at most 5 s.
    pub backoff: Duration,
}

impl KlarnaStore {
    pub fn new(name: &str, base_url: &str, username: &str, password: Secret) -> KlarnaStore {
        KlarnaStore {
            name: name.to_string(),
            base_url: base_url.trim_end_matches('/').to_string(),
            username: username.to_string(),
            password,
            sandbox: false,
            timeout: Duration::from_secs(10),
            retries: 3,
            backoff: Duration::from_millis(200),
        }
    }

    /// The sandbox's test store `name` ("A" or "B") at `base_url`.
    pub fn sandbox(name: &str, base_url: &str) -> Option<KlarnaStore> {
        let (n, user, password) = SANDBOX_STORES.iter().find(|(n, ..)| *n == name)?;
        let mut store = KlarnaStore::new(n, base_url, user, Secret::new(*password));
        store.sandbox = true;
        Some(store)
    }

    /// The stores of `config` at their addresses (`url` overrides them all): the sandbox's two
    /// when none is configured, at `sandbox_url`.
    pub fn from_config(
        config: &KlarnaConfig,
        url: Option<&str>,
        sandbox_url: &str,
    ) -> Vec<KlarnaStore> {
        if config.is_sandbox() {
            let base = url.unwrap_or(sandbox_url);
            return SANDBOX_STORES
                .iter()
                .filter_map(|(n, ..)| KlarnaStore::sandbox(n, base))
                .collect();
        }
        config
            .stores
            .iter()
            .map(|s| {
                let base = url.or(s.base_url.as_deref()).unwrap_or(KLARNA_DEFAULT_URL);
                KlarnaStore::new(&s.name, base, &s.username, s.password.clone())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_section_reads_stores_and_the_default() {
        let c: KlarnaConfig = toml::from_str(
            "default_store = \"B\"\n\
             [[stores]]\nname = \"A\"\nusername = \"PK1\"\npassword = \"s1\"\n\
             [[stores]]\nname = \"B\"\nusername = \"PK2\"\npassword = \"s2\"\n\
             base_url = \"https://api.playground.klarna.com/\"\n",
        )
        .unwrap();
        assert_eq!(c.default_store.as_deref(), Some("B"));
        let stores = KlarnaStore::from_config(&c, None, "http://127.0.0.1:9400");
        assert_eq!(stores.len(), 2);
        assert_eq!(stores[0].base_url, KLARNA_DEFAULT_URL);
        assert_eq!(stores[1].base_url, "https://api.playground.klarna.com");
        assert!(!stores[1].sandbox);
        assert!(!format!("{c:?}").contains("s2"), "the password never shows");
    }

    #[test]
    fn no_store_means_the_sandbox_and_its_two_test_stores() {
        let stores = KlarnaStore::from_config(&KlarnaConfig::default(), None, "http://h:1");
        let users: Vec<_> = stores.iter().map(|s| s.username.as_str()).collect();
        assert_eq!(users, ["PK_TEST_STORE_A", "PK_TEST_STORE_B"]);
        assert!(
            stores
                .iter()
                .all(|s| s.sandbox && s.base_url == "http://h:1")
        );
    }
}
