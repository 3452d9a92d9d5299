//! Use cases only the counter screen needs (listening for provider callbacks, acting as the
//! customer in the sandbox, the customer search of the new-order form, …), on [`Workshop`].

use tokio::sync::mpsc;

use super::Workshop;
use crate::app::error::{AppError, Result};
use crate::app::provider::{self, CustomerActed, CustomerChoice};
use crate::domain::Customer;
use crate::payments::callbacks::{self, CallbackListener};
use crate::store::Store;

/// The provider-callback listener of the counter screen; stop it with
/// [`CallbackServer::shutdown`].
pub struct CallbackServer(CallbackListener);

impl CallbackServer {
    /// Stop listening (waits for the server to finish).
    pub async fn shutdown(self) {
        self.0.shutdown().await;
    }
}

impl Workshop {
    /// Listen for provider callbacks on `127.0.0.1:<payments.callback_port>` (None when no port
    /// is configured). A callback is a hint: the named payment's order is checked again with
    /// the provider, and the order's number arrives on the returned channel when the check went
    /// through. Must run inside a tokio runtime (the listener and the checks are spawned on it).
    pub async fn listen_callbacks(&self) -> Result<Option<(CallbackServer, mpsc::Receiver<i64>)>> {
        let Some(port) = self.inner.config.payments.callback_port else {
            return Ok(None);
        };
        let io = |e: std::io::Error| {
            AppError::Io(crate::msg!(
                "io-listen-port-failed",
                port = port,
                error = e.to_string()
            ))
        };
        let socket = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(io)?;
        let (server, mut ids) = callbacks::listen(socket).await.map_err(io)?;
        let (tx, changed) = mpsc::channel(256);
        let this = self.clone();
        tokio::spawn(async move {
            while let Some(id) = ids.recv().await {
                if let Ok(Some(c)) = this.on_callback(&id).await
                    && tx.send(c.order.nr).await.is_err()
                {
                    break;
                }
            }
        });
        Ok(Some((CallbackServer(server), changed)))
    }

    /// The payment provider's name, for messages ("Inget väntar hos …"); connects on first use.
    /// The customers a number, name or mobile being typed points at (at most `limit`): the
    /// new-order form shows them as a list to choose from.
    pub fn find_customers(&self, text: &str, limit: usize) -> Result<Vec<Customer>> {
        if let Ok(no) = text.trim().parse::<i64>()
            && let Some(c) = self.store().customer(no)?
        {
            return Ok(vec![c]);
        }
        let Some(filter) = crate::domain::search::Filter::new(text) else {
            return Ok(Vec::new());
        };
        Ok(self.store().find_customers(&filter, limit)?)
    }

    pub async fn provider_name(&self) -> Result<String> {
        Ok(self.payments().await?.provider().name().to_string())
    }

    /// "Agera kund": act as the customer on order `nr`'s newest payment link (sandbox only).
    pub async fn act_as_customer(&self, nr: i64, choice: CustomerChoice) -> Result<CustomerActed> {
        provider::act_as_customer(&*self.provider_of_order(nr).await?, nr, choice).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::WorkshopOptions;
    use crate::app::config::Config;
    use crate::domain::{Column, Lang};

    #[test]
    fn list_columns_are_saved_and_the_rest_of_the_file_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "# min kommentar\nlang = \"sv\"\n").unwrap();
        let (workshop, _) = Workshop::open(WorkshopOptions {
            db: dir.path().join("verkstad.db"),
            config: Config::default(),
            config_path: Some(path.clone()),
            actor: "test".into(),
            seed_demo: false,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
        })
        .unwrap();
        let cols = [
            Column::Nr,
            Column::PaymentReceived,
            Column::PaymentReceivedAt,
        ];
        workshop.save_list_columns(&cols).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("# min kommentar"));
        let c = Config::load(&path).unwrap();
        assert_eq!(c.list_columns(), cols.to_vec());
        assert_eq!(c.lang(), Some(Lang::Sv));
    }

    #[tokio::test]
    async fn no_callback_port_means_no_listener() {
        let dir = tempfile::tempdir().unwrap();
        let (workshop, _) = Workshop::open(WorkshopOptions {
            db: dir.path().join("verkstad.db"),
            config: Config::default(),
            config_path: None,
            actor: "test".into(),
            seed_demo: false,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
        })
        .unwrap();
        assert!(workshop.listen_callbacks().await.unwrap().is_none());
    }
}
