//! A control unit over HTTP (the JSON protocol in the room's doc), with the blocking `ureq`
//! client: the unit is asked inside the SQLite write transaction, on a thread that may be
//! inside the tokio runtime, where an async client could not be waited on.

use std::time::Duration;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::{ControlCode, ControlUnit, ControlUnitError, Registration, UnitStatus};

/// How long connecting may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
/// How long a whole call may take, from connecting to the last byte of the answer.
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(3);
/// The largest answer read (a unit's answers are a few hundred bytes).
const MAX_ANSWER: u64 = 64 * 1024;

/// A control unit that answers on `{base_url}/control-unit/v1/…`.
#[derive(Debug, Clone)]
pub struct HttpControlUnit {
    base_url: String,
    simulated: bool,
    agent: ureq::Agent,
}

/// The body of a refusal or a fault: `{"reason": "…"}`.
#[derive(Debug, Deserialize)]
struct Reason {
    reason: String,
}

impl HttpControlUnit {
    /// A unit at `base_url` ("http://127.0.0.1:9400"). `simulated`: it is the embedded
    /// simulator (its status is marked simulated even if the unit does not say so).
    pub fn new(base_url: impl Into<String>, simulated: bool) -> HttpControlUnit {
        let base_url = base_url.into().trim_end_matches('/').to_string();
        let proxy = if is_loopback(&base_url) {
            None
        } else {
            ureq::Proxy::try_from_env()
        };
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_global(Some(TOTAL_TIMEOUT))
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(proxy)
            .user_agent(concat!("verkstad/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        HttpControlUnit {
            base_url,
            simulated,
            agent,
        }
    }

    /// Whether this is the embedded simulator.
    pub fn is_simulated(&self) -> bool {
        self.simulated
    }

    fn url(&self, path: &str) -> String {
        format!("{}/control-unit/v1/{path}", self.base_url)
    }

    fn unreachable(&self) -> ControlUnitError {
        ControlUnitError::Unreachable {
            url: self.base_url.clone(),
        }
    }

    fn protocol(&self, detail: impl Into<String>) -> ControlUnitError {
        ControlUnitError::Protocol {
            url: self.base_url.clone(),
            detail: detail.into(),
        }
    }

    /// Maps a failed call: no connection or a timeout is `Unreachable`, the rest `Protocol`.
    fn failed(&self, e: ureq::Error) -> ControlUnitError {
        match e {
            ureq::Error::Io(_)
            | ureq::Error::Timeout(_)
            | ureq::Error::HostNotFound
            | ureq::Error::ConnectionFailed => {
                tracing::warn!(url = %self.base_url, error = %e, "control unit: no answer");
                self.unreachable()
            }
            other => self.protocol(other.to_string()),
        }
    }

    /// Reads an answer: `ok` (2xx) as `T`, 503 as out of order, 4xx as refused.
    fn answer<T: DeserializeOwned>(
        &self,
        result: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
    ) -> Result<T, ControlUnitError> {
        let mut response = result.map_err(|e| self.failed(e))?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER)
            .read_to_string()
            .map_err(|e| self.failed(e))?;
        let reason = || {
            serde_json::from_str::<Reason>(&body)
                .map(|r| r.reason)
                .ok()
                .filter(|r| !r.trim().is_empty())
        };
        match status {
            200..=299 => serde_json::from_str(&body)
                .map_err(|e| self.protocol(format!("HTTP {status}: {e}"))),
            503 => Err(ControlUnitError::OutOfOrder {
                url: self.base_url.clone(),
                reason: reason().unwrap_or_else(|| format!("HTTP {status}")),
            }),
            400..=499 => Err(ControlUnitError::Refused {
                reason: reason().unwrap_or_else(|| format!("HTTP {status}")),
            }),
            _ => Err(self.protocol(match reason() {
                Some(reason) => format!("HTTP {status}: {reason}"),
                None => format!("HTTP {status}"),
            })),
        }
    }
}

impl ControlUnit for HttpControlUnit {
    fn status(&self) -> Result<UnitStatus, ControlUnitError> {
        let result = self.agent.get(&self.url("status")).call();
        let mut status: UnitStatus = self.answer(result)?;
        status.simulated |= self.simulated;
        Ok(status)
    }

    fn register(&self, r: &Registration) -> Result<ControlCode, ControlUnitError> {
        let result = self.agent.post(&self.url("registrations")).send_json(r);
        let code: ControlCode = self.answer(result)?;
        if code.code.trim().is_empty() || code.unit_serial.trim().is_empty() {
            return Err(self.protocol("no control code or no serial in the answer"));
        }
        tracing::info!(
            register = %r.register_id, receipt_no = r.receipt_no, code = %code.code,
            "control unit: registered"
        );
        Ok(code)
    }

    fn address(&self) -> &str {
        &self.base_url
    }
}

/// Whether `url` names this machine (no proxy is used for it).
fn is_loopback(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split('/').next().unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
    };
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_addresses_go_without_a_proxy() {
        assert!(is_loopback("http://127.0.0.1:9400"));
        assert!(is_loopback("http://localhost:9400/"));
        assert!(is_loopback("http://[::1]:9400"));
        assert!(!is_loopback("https://kontrollsystem.example.se"));
        assert!(!is_loopback("http://192.168.1.20:9400"));
    }

    #[test]
    fn the_address_has_no_trailing_slash() {
        let unit = HttpControlUnit::new("http://127.0.0.1:9400/", true);
        assert_eq!(unit.address(), "http://127.0.0.1:9400");
        assert_eq!(
            unit.url("status"),
            "http://127.0.0.1:9400/control-unit/v1/status"
        );
        assert!(unit.is_simulated());
    }
}
