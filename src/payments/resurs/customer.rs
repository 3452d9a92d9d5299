//! "Agera kund" against the Resurs sandbox: the customer's choices on the sandbox's payment page
//! (`POST /pay/{id}/accept` with a method, `POST /pay/{id}/decline`), made without a browser.
//! Only a client configured for the sandbox offers it (see `sandbox_customer()`).

use super::client::{PROVIDER, ResursClient};
use crate::payments::{
    CustomerChoice, ProviderError, ProviderFuture, Refusal, SandboxCustomer, Unreachable,
};

impl ResursClient {
    async fn act_as_customer(&self, id: &str, choice: CustomerChoice) -> Result<(), ProviderError> {
        let base = &self.config().base_url;
        let req = match choice {
            CustomerChoice::Decline => self.http().post(format!("{base}/pay/{id}/decline")),
            other => {
                let method = match other {
                    CustomerChoice::PartPayment => "partpayment",
                    CustomerChoice::Invoice => "invoice",
                    _ => "direct",
                };
                self.http()
                    .post(format!("{base}/pay/{id}/accept"))
                    .form(&[("method", method)])
            }
        };
        match req.send().await {
            Ok(r) if r.status().is_success() => Ok(()),
            Ok(r) => Err(ProviderError::Refused {
                provider: PROVIDER,
                status: r.status().as_u16(),
                kind: Refusal::Other,
                code: format!("HTTP_{}", r.status().as_u16()),
                message: r
                    .text()
                    .await
                    .unwrap_or_default()
                    .chars()
                    .take(200)
                    .collect(),
            }),
            Err(e) => Err(ProviderError::Unavailable {
                provider: PROVIDER,
                reason: if e.is_timeout() {
                    Unreachable::Timeout
                } else if e.is_connect() {
                    Unreachable::NoConnection
                } else {
                    Unreachable::ConnectionLost
                },
            }),
        }
    }
}

impl SandboxCustomer for ResursClient {
    fn act<'a>(&'a self, id: &'a str, choice: CustomerChoice) -> ProviderFuture<'a, ()> {
        Box::pin(self.act_as_customer(id, choice))
    }
}
