//! `verkstad pay setup` for Resurs: the stores these credentials may use and the configured
//! store's payment methods with their purchase limits.

use super::client::ResursClient;
use crate::domain::{Lang, Money};
use crate::payments::{ProviderError, SetupCheck};
use crate::{msg, t};

/// `verkstad pay setup`: the stores these credentials may use, the configured store's payment
/// methods with their purchase limits, and whether `store_id` is one of the stores. Prints nothing
/// when the store is wrong: the error names the stores there are.
pub(super) async fn setup_text(
    client: &ResursClient,
    lang: Lang,
) -> Result<SetupCheck, ProviderError> {
    let cfg = client.config();
    let configured = cfg.store_id.as_str();
    let stores = client.stores().await?;
    let Some(store) = stores.iter().find(|s| s.id == configured) else {
        if stores.is_empty() {
            return Ok(SetupCheck::Wrong(msg!(
                "resurs-setup-store-unknown-no-stores",
                store = configured
            )));
        }
        let list = stores
            .iter()
            .map(|s| format!("{} ({})", s.id, s.name))
            .collect::<Vec<_>>()
            .join(", ");
        return Ok(SetupCheck::Wrong(msg!(
            "resurs-setup-store-unknown",
            store = configured,
            stores = list
        )));
    };
    let methods = client.store_payment_methods(configured).await?;
    let mut t = String::new();
    let kind = if cfg.sandbox {
        t!(lang, "resurs-setup-sandbox")
    } else {
        t!(lang, "resurs-setup-real-money")
    };
    t.push_str(&format!("Resurs ({kind}): {}\n", cfg.base_url));
    t.push_str(&t!(lang, "resurs-setup-stores"));
    t.push('\n');
    for s in &stores {
        let mark = if s.id == configured {
            format!("  {}", t!(lang, "resurs-setup-chosen"))
        } else {
            String::new()
        };
        t.push_str(&format!(
            "  {}  {:>6}  {}  {}{mark}\n",
            s.id, s.national_store_id, s.country_code, s.name
        ));
    }
    t.push_str(&t!(lang, "resurs-setup-methods-of", store = &store.name));
    t.push('\n');
    for m in &methods {
        let who = match (m.enabled_for_natural_customer, m.enabled_for_legal_customer) {
            (true, true) => t!(lang, "resurs-setup-for-both"),
            (true, false) => t!(lang, "resurs-setup-for-persons"),
            (false, true) => t!(lang, "resurs-setup-for-companies"),
            (false, false) => t!(lang, "resurs-setup-disabled"),
        };
        t.push_str(&format!(
            "  {:<18} {:<22} {:>10} – {:>10} kr  {who}\n",
            m.name,
            m.method_type,
            Money::from_ore(m.min_purchase_limit.0),
            Money::from_ore(m.max_purchase_limit.0)
        ));
    }
    let private: Vec<_> = methods
        .iter()
        .filter(|m| m.enabled_for_natural_customer)
        .collect();
    let limits = private
        .iter()
        .map(|m| m.min_purchase_limit)
        .min()
        .zip(private.iter().map(|m| m.max_purchase_limit).max());
    t.push_str(&match limits {
        Some((min, max)) => t!(
            lang,
            "resurs-setup-right",
            count = methods.len(),
            min = Money::from_ore(min.0).to_string(),
            max = Money::from_ore(max.0).to_string()
        ),
        None => t!(lang, "resurs-setup-right-no-methods"),
    });
    Ok(SetupCheck::Right(t))
}
