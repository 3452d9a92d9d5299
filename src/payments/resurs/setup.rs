//! `verkstad pay setup` for Resurs: the stores these credentials may use and the configured
//! store's payment methods with their purchase limits.

use super::client::ResursClient;
use crate::domain::{Lang, Money};
use crate::payments::{ProviderError, SetupCheck};

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
        let list = if stores.is_empty() {
            lang.pick("inga", "none").to_string()
        } else {
            stores
                .iter()
                .map(|s| format!("{} ({})", s.id, s.name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        return Ok(SetupCheck::Wrong {
            sv: format!(
                "Butiken \"{configured}\" (store_id) finns inte hos Resurs för dessa \
                 inloggningsuppgifter. Butiker: {list}. Ange en av dem som store_id i [resurs] \
                 eller VERKSTAD_RESURS_STORE_ID."
            ),
            en: format!(
                "The store \"{configured}\" (store_id) is not among the Resurs stores of these \
                 credentials. Stores: {list}. Set one of them as store_id in [resurs] or \
                 VERKSTAD_RESURS_STORE_ID."
            ),
        });
    };
    let methods = client.store_payment_methods(configured).await?;
    let mut t = String::new();
    let kind = if cfg.sandbox {
        lang.pick("sandlåda – inga riktiga pengar", "sandbox – no real money")
    } else {
        lang.pick("riktiga pengar", "real money")
    };
    t.push_str(&format!("Resurs ({kind}): {}\n", cfg.base_url));
    t.push_str(lang.pick("Butiker:\n", "Stores:\n"));
    for s in &stores {
        let mark = if s.id == configured {
            lang.pick("  ← store_id (vald)", "  ← store_id (chosen)")
        } else {
            ""
        };
        t.push_str(&format!(
            "  {}  {:>6}  {}  {}{mark}\n",
            s.id, s.national_store_id, s.country_code, s.name
        ));
    }
    match lang {
        Lang::Sv => t.push_str(&format!("Betalsätt i {}:\n", store.name)),
        Lang::En => t.push_str(&format!("Payment methods of {}:\n", store.name)),
    }
    for m in &methods {
        let who = match (m.enabled_for_natural_customer, m.enabled_for_legal_customer) {
            (true, true) => lang.pick("privat och företag", "persons and companies"),
            (true, false) => lang.pick("privat", "persons"),
            (false, true) => lang.pick("företag", "companies"),
            (false, false) => lang.pick("avstängt", "disabled"),
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
    t.push_str(&match (limits, lang) {
        (Some((min, max)), Lang::Sv) => format!(
            "store_id stämmer: butiken finns och har {} betalsätt. Betalningslänkar kan skickas för {}–{} kr.",
            methods.len(),
            Money::from_ore(min.0),
            Money::from_ore(max.0)
        ),
        (Some((min, max)), Lang::En) => format!(
            "store_id is right: the store exists and has {} payment methods. Payment links can be sent for {}–{} kr.",
            methods.len(),
            Money::from_ore(min.0),
            Money::from_ore(max.0)
        ),
        (None, Lang::Sv) => "store_id stämmer, men butiken har inga betalsätt för privatpersoner: inga betalningslänkar kan skickas.".to_string(),
        (None, Lang::En) => "store_id is right, but the store has no payment methods for private persons: no payment links can be sent.".to_string(),
    });
    Ok(SetupCheck::Right(t))
}
