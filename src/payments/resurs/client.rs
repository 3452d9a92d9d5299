//! The Resurs Merchant API v2 client: OAuth2 client credentials with a cached token, JSON over
//! HTTPS (or plain HTTP to the local sandbox), idempotency keys, timeouts, and retries with
//! backoff for timeouts, 429 and 5xx. Any other 4xx is final.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::sync::Mutex;

use super::dto;
use super::mapping::refusal_kind;
pub use super::mapping::{to_method_info, to_provider_payment};
use crate::domain::{Lang, Money};
use crate::payments::{
    NewPayment, PaymentMethodInfo, PaymentProvider, ProviderError, ProviderFuture, ProviderPayment,
    SandboxCustomer, SetupCheck, Unreachable,
};
pub use crate::payments::{Reviver, Secret};

pub(super) const PROVIDER: &str = "Resurs";

/// How to reach Resurs.
#[derive(Debug, Clone)]
pub struct ResursConfig {
    /// "https://merchant-api.integration.resurs.com" or the sandbox's "http://127.0.0.1:9400".
    pub base_url: String,
    pub client_id: String,
    pub client_secret: Secret,
    pub store_id: String,
    pub scope: String,
    /// True for the local sandbox: no real money.
    pub sandbox: bool,
    /// Capture when the customer accepts (ProMeister's M-Pay does); off → capture at booking.
    pub automatic_capture: bool,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Retries after the first attempt for timeouts, 429 and 5xx.
    pub retries: u32,
    /// First backoff; doubled per retry, at most 5 s.
    pub backoff: Duration,
}

impl ResursConfig {
    pub fn new(base_url: &str, client_id: &str, client_secret: Secret, store_id: &str) -> Self {
        ResursConfig {
            base_url: base_url.trim_end_matches('/').to_string(),
            client_id: client_id.to_string(),
            client_secret,
            store_id: store_id.to_string(),
            scope: "merchant-api".to_string(),
            sandbox: false,
            automatic_capture: true,
            timeout: Duration::from_secs(10),
            retries: 3,
            backoff: Duration::from_millis(200),
        }
    }
}

struct Token {
    value: String,
    renew_at: Instant,
}

/// The client. Cheap to share behind an `Arc`.
pub struct ResursClient {
    http: reqwest::Client,
    config: ResursConfig,
    token: Mutex<Option<Token>>,
    /// Our store's payment methods, asked once per process.
    methods: Mutex<Option<Vec<PaymentMethodInfo>>>,
    reviver: Option<Reviver>,
}

fn unavailable(reason: Unreachable) -> ProviderError {
    ProviderError::Unavailable {
        provider: PROVIDER,
        reason,
    }
}

fn protocol(message: impl Into<String>) -> ProviderError {
    ProviderError::Protocol {
        provider: PROVIDER,
        message: message.into(),
    }
}

/// What one HTTP exchange gave.
enum Outcome {
    Done(String),
    Retry(Unreachable),
    Unauthorized,
    Final(ProviderError),
}

impl ResursClient {
    pub fn new(config: ResursConfig) -> Result<ResursClient, ProviderError> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .user_agent(concat!("verkstad/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| protocol(format!("HTTP-klienten kunde inte skapas: {e}")))?;
        Ok(ResursClient {
            http,
            config,
            token: Mutex::new(None),
            methods: Mutex::new(None),
            reviver: None,
        })
    }

    /// When a call finds nothing answering (connection refused), run `reviver` once and try
    /// again at once. The request never reached the server, so this is always safe.
    pub fn with_reviver(mut self, reviver: Reviver) -> Self {
        self.reviver = Some(reviver);
        self
    }

    /// Revive once per call: true when the caller should try again at once.
    async fn revive(&self, why: Unreachable, revived: &mut bool) -> bool {
        let Some(reviver) = self.reviver.as_ref().filter(|_| !*revived) else {
            return false;
        };
        if why != Unreachable::NoConnection {
            return false;
        }
        *revived = true;
        tracing::warn!(base = %self.config.base_url, "nothing answers: starting it again");
        reviver().await
    }

    pub fn config(&self) -> &ResursConfig {
        &self.config
    }

    pub(super) fn http(&self) -> &reqwest::Client {
        &self.http
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.base_url)
    }

    /// A valid bearer token, fetched again a minute before it runs out.
    async fn token(&self, force: bool) -> Result<String, ProviderError> {
        let mut guard = self.token.lock().await;
        if let Some(t) = guard
            .as_ref()
            .filter(|t| !force && Instant::now() < t.renew_at)
        {
            return Ok(t.value.clone());
        }
        let form = [
            ("grant_type", "client_credentials"),
            ("client_id", self.config.client_id.as_str()),
            ("client_secret", self.config.client_secret.expose()),
            ("scope", self.config.scope.as_str()),
        ];
        let mut last = Unreachable::NoConnection;
        let mut revived = false;
        let mut attempt = 0;
        while attempt <= self.config.retries {
            if attempt > 0 {
                tokio::time::sleep(self.backoff(attempt)).await;
            }
            let resp = match self
                .http
                .post(self.url("/oauth2/token"))
                .form(&form)
                .send()
                .await
            {
                Ok(r) => r,
                Err(e) => {
                    last = describe(&e);
                    if !self.revive(last, &mut revived).await {
                        attempt += 1;
                    }
                    continue;
                }
            };
            let status = resp.status();
            let body = resp.text().await.unwrap_or_default();
            if status.is_success() {
                let t: dto::TokenResponse =
                    serde_json::from_str(&body).map_err(|e| protocol(format!("token: {e}")))?;
                let life = Duration::from_secs(t.expires_in.saturating_sub(60).max(1));
                *guard = Some(Token {
                    value: t.access_token.clone(),
                    renew_at: Instant::now() + life,
                });
                return Ok(t.access_token);
            }
            if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
                last = Unreachable::Status(status.as_u16());
                attempt += 1;
                continue;
            }
            let message = serde_json::from_str::<dto::OAuthError>(&body)
                .map(|e| e.error_description.unwrap_or(e.error))
                .unwrap_or_else(|_| format!("HTTP {status}"));
            return Err(ProviderError::Auth {
                provider: PROVIDER,
                message,
            });
        }
        Err(unavailable(last))
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 1u32 << attempt.saturating_sub(1).min(6);
        (self.config.backoff * factor).min(Duration::from_secs(5))
    }

    async fn exchange(
        &self,
        method: &Method,
        path: &str,
        body: Option<&str>,
        key: Option<&str>,
        token: &str,
    ) -> Outcome {
        let mut req = self
            .http
            .request(method.clone(), self.url(path))
            .bearer_auth(token)
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(body) = body {
            req = req
                .header(
                    reqwest::header::CONTENT_TYPE,
                    "application/json; charset=utf-8",
                )
                .body(body.to_string());
        }
        if let Some(key) = key {
            req = req.header("Idempotency-Key", key);
        }
        let resp = match req.send().await {
            Ok(r) => r,
            Err(e) => return Outcome::Retry(describe(&e)),
        };
        let status = resp.status();
        let text = match resp.text().await {
            Ok(t) => t,
            Err(e) => return Outcome::Retry(describe(&e)),
        };
        if status.is_success() {
            return Outcome::Done(text);
        }
        if status == StatusCode::UNAUTHORIZED {
            return Outcome::Unauthorized;
        }
        if status == StatusCode::TOO_MANY_REQUESTS
            || status == StatusCode::REQUEST_TIMEOUT
            || status.is_server_error()
        {
            return Outcome::Retry(Unreachable::Status(status.as_u16()));
        }
        let err: dto::ApiError = serde_json::from_str(&text).unwrap_or(dto::ApiError {
            trace_id: String::new(),
            code: format!("HTTP_{}", status.as_u16()),
            message: text.chars().take(200).collect(),
            errors: Vec::new(),
        });
        // An earlier request with this key is still being worked on (another counter's send,
        // or our own lost one): its outcome is unknown, so wait and ask again with the same key.
        if status == StatusCode::CONFLICT && err.code == "IDEMPOTENCY_KEY_IN_USE" {
            return Outcome::Retry(Unreachable::StillWorking);
        }
        Outcome::Final(ProviderError::Refused {
            provider: PROVIDER,
            status: status.as_u16(),
            kind: refusal_kind(status, &err.code),
            code: err.code,
            message: err.message,
        })
    }

    /// One API call with token handling and retries. The same idempotency key goes with every
    /// attempt.
    pub(super) async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&impl Serialize>,
        key: Option<&str>,
    ) -> Result<T, ProviderError> {
        let body = body
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| protocol(e.to_string()))?;
        let mut token = self.token(false).await?;
        let mut refreshed = false;
        let mut revived = false;
        let mut last = Unreachable::NoConnection;
        let mut attempt = 0;
        while attempt <= self.config.retries {
            if attempt > 0 {
                tokio::time::sleep(self.backoff(attempt)).await;
            }
            match self
                .exchange(&method, path, body.as_deref(), key, &token)
                .await
            {
                Outcome::Done(text) => {
                    return serde_json::from_str(&text)
                        .map_err(|e| protocol(format!("{path}: {e}")));
                }
                Outcome::Retry(why) => {
                    tracing::warn!(%method, path, attempt, %why, "Resurs call failed, retrying");
                    last = why;
                    if !self.revive(why, &mut revived).await {
                        attempt += 1;
                    }
                }
                Outcome::Unauthorized if !refreshed => {
                    refreshed = true;
                    token = self.token(true).await?;
                }
                Outcome::Unauthorized => {
                    return Err(ProviderError::Auth {
                        provider: PROVIDER,
                        message: "HTTP 401".into(),
                    });
                }
                Outcome::Final(e) => return Err(e),
            }
        }
        Err(unavailable(last))
    }
}

/// What went wrong, without words of any one language (the message is made in the user's).
fn describe(e: &reqwest::Error) -> Unreachable {
    if e.is_timeout() {
        Unreachable::Timeout
    } else if e.is_connect() {
        Unreachable::NoConnection
    } else {
        Unreachable::ConnectionLost
    }
}

impl ResursClient {
    /// `GET /v2/stores`: the stores these credentials may use.
    pub async fn stores(&self) -> Result<Vec<dto::Store>, ProviderError> {
        let page: dto::Page<dto::Store> = self
            .call(Method::GET, "/v2/stores", None::<&()>, None)
            .await?;
        Ok(page.content)
    }

    /// `GET /v2/stores/{storeId}/payment_methods`, asked now (not cached).
    pub async fn store_payment_methods(
        &self,
        store_id: &str,
    ) -> Result<Vec<dto::StorePaymentMethod>, ProviderError> {
        let path = format!("/v2/stores/{}/payment_methods", urlencode(store_id));
        let page: dto::Page<dto::StorePaymentMethod> =
            self.call(Method::GET, &path, None::<&()>, None).await?;
        Ok(page.content)
    }
}

/// The calls of [`PaymentProvider`], as inherent `async fn`s (the trait forwards to them).
impl ResursClient {
    pub async fn create(
        &self,
        payment: &NewPayment,
        key: &str,
    ) -> Result<ProviderPayment, ProviderError> {
        let body = self.create_body(payment);
        let p: dto::Payment = self
            .call(Method::POST, "/v2/payments", Some(&body), Some(key))
            .await?;
        Ok(to_provider_payment(&p))
    }

    pub async fn get(&self, id: &str) -> Result<ProviderPayment, ProviderError> {
        let path = format!("/v2/payments/{}", urlencode(id));
        let p: dto::Payment = self.call(Method::GET, &path, None::<&()>, None).await?;
        Ok(to_provider_payment(&p))
    }

    pub async fn find_by_reference(
        &self,
        reference: &str,
    ) -> Result<Option<ProviderPayment>, ProviderError> {
        let body = dto::SearchRequest {
            store_id: self.config.store_id.clone(),
            order_reference: Some(reference.to_string()),
            government_id: None,
        };
        let page: dto::Page<dto::Payment> = self
            .call(Method::POST, "/v2/payments/search", Some(&body), None)
            .await?;
        Ok(page
            .content
            .iter()
            .find(|p| p.order.order_reference == reference)
            .map(to_provider_payment))
    }

    pub async fn cancel(&self, id: &str, key: &str) -> Result<ProviderPayment, ProviderError> {
        let body = dto::ActionRequest {
            order_lines: None,
            creator: Some("verkstad".into()),
            transaction_id: None,
        };
        let path = format!("/v2/payments/{}/cancel", urlencode(id));
        let p: dto::Payment = self
            .call(Method::POST, &path, Some(&body), Some(key))
            .await?;
        Ok(to_provider_payment(&p))
    }

    pub async fn refund(
        &self,
        id: &str,
        amount: Option<Money>,
        transaction_id: &str,
        key: &str,
    ) -> Result<ProviderPayment, ProviderError> {
        let body = dto::ActionRequest {
            order_lines: amount.map(|a| {
                vec![dto::OrderLine {
                    description: format!("Kreditering {transaction_id}")
                        .chars()
                        .take(50)
                        .collect(),
                    reference: Some(transaction_id.chars().take(50).collect()),
                    quantity: dto::Dec2(100),
                    quantity_unit: "st".into(),
                    vat_rate: dto::Dec2(0),
                    unit_amount_including_vat: Some(dto::Amount(a.ore())),
                    total_amount_including_vat: dto::Amount(a.ore()),
                    total_vat_amount: None,
                    line_type: "NORMAL".into(),
                }]
            }),
            creator: Some("verkstad".into()),
            transaction_id: Some(transaction_id.to_string()),
        };
        let path = format!("/v2/payments/{}/refund", urlencode(id));
        let p: dto::Payment = self
            .call(Method::POST, &path, Some(&body), Some(key))
            .await?;
        Ok(to_provider_payment(&p))
    }

    pub async fn capture(
        &self,
        id: &str,
        transaction_id: &str,
        key: &str,
    ) -> Result<ProviderPayment, ProviderError> {
        let body = dto::ActionRequest {
            order_lines: None,
            creator: Some("verkstad".into()),
            transaction_id: Some(transaction_id.to_string()),
        };
        let path = format!("/v2/payments/{}/capture", urlencode(id));
        let p: dto::Payment = self
            .call(Method::POST, &path, Some(&body), Some(key))
            .await?;
        Ok(to_provider_payment(&p))
    }

    /// Asked once per process for our store; later calls cost no round trip.
    pub async fn payment_methods(&self) -> Result<Vec<PaymentMethodInfo>, ProviderError> {
        let mut cached = self.methods.lock().await;
        if let Some(methods) = cached.as_ref() {
            return Ok(methods.clone());
        }
        let methods: Vec<PaymentMethodInfo> = self
            .store_payment_methods(&self.config.store_id)
            .await?
            .iter()
            .map(to_method_info)
            .collect();
        *cached = Some(methods.clone());
        Ok(methods)
    }
}

impl PaymentProvider for ResursClient {
    fn name(&self) -> &'static str {
        PROVIDER
    }

    fn is_sandbox(&self) -> bool {
        self.config.sandbox
    }

    fn automatic_capture(&self) -> bool {
        self.config.automatic_capture
    }

    fn create<'a>(
        &'a self,
        payment: &'a NewPayment,
        key: &'a str,
    ) -> ProviderFuture<'a, ProviderPayment> {
        Box::pin(ResursClient::create(self, payment, key))
    }

    fn get<'a>(&'a self, id: &'a str) -> ProviderFuture<'a, ProviderPayment> {
        Box::pin(ResursClient::get(self, id))
    }

    fn find_by_reference<'a>(
        &'a self,
        reference: &'a str,
    ) -> ProviderFuture<'a, Option<ProviderPayment>> {
        Box::pin(ResursClient::find_by_reference(self, reference))
    }

    fn cancel<'a>(&'a self, id: &'a str, key: &'a str) -> ProviderFuture<'a, ProviderPayment> {
        Box::pin(ResursClient::cancel(self, id, key))
    }

    fn refund<'a>(
        &'a self,
        id: &'a str,
        amount: Option<Money>,
        transaction_id: &'a str,
        key: &'a str,
    ) -> ProviderFuture<'a, ProviderPayment> {
        Box::pin(ResursClient::refund(self, id, amount, transaction_id, key))
    }

    fn capture<'a>(
        &'a self,
        id: &'a str,
        transaction_id: &'a str,
        key: &'a str,
    ) -> ProviderFuture<'a, ProviderPayment> {
        Box::pin(ResursClient::capture(self, id, transaction_id, key))
    }

    fn payment_methods(&self) -> ProviderFuture<'_, Vec<PaymentMethodInfo>> {
        Box::pin(ResursClient::payment_methods(self))
    }

    fn check_setup(&self, lang: Lang) -> ProviderFuture<'_, SetupCheck> {
        Box::pin(super::setup::setup_text(self, lang))
    }

    fn sandbox_customer(&self) -> Option<&dyn SandboxCustomer> {
        self.config.sandbox.then_some(self as &dyn SandboxCustomer)
    }
}

/// Payment ids are UUIDs; anything else is percent-encoded so it cannot change the path.
fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_do_not_show_in_debug() {
        let c = ResursConfig::new(
            "http://127.0.0.1:9400",
            "id",
            Secret::new("top-secret"),
            "s",
        );
        let text = format!("{c:?}");
        assert!(!text.contains("top-secret"), "{text}");
        assert!(text.contains("***"));
    }

    #[test]
    fn ids_cannot_escape_the_path() {
        assert_eq!(urlencode("8b9dab18-e1fe"), "8b9dab18-e1fe");
        assert_eq!(urlencode("../x?y"), "%2E%2E%2Fx%3Fy");
    }
}
