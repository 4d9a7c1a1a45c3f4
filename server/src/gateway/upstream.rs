//! The HTTP client for ZITADEL: the only place that uses the service token.
//!
//! Every call carries `Authorization: Bearer <service token>` and, when configured,
//! `x-zitadel-orgid`. Calls time out, follow no redirects and use no proxy. They are not
//! retried, because a repeated ImportHumanUser could create a second user or fail with
//! "already exists" after the first one succeeded. The one exception is hyper's
//! connection pool, which sends a request again on a new connection when a reused
//! connection closed before any byte of the request was written.

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use register_core::api::{Endpoint, ORG_ID_HEADER};
use url::Url;

use super::error::GatewayError;
use crate::error::StartError;
use crate::secret::Secret;

/// The largest upstream response body the gateway reads, in bytes. ZITADEL's responses to
/// these calls are a few hundred bytes.
const MAX_RESPONSE_BYTES: usize = 1024 * 1024;

/// A ZITADEL instance, or the stand-in.
#[derive(Debug)]
pub struct Upstream {
    client: reqwest::Client,
    base: Url,
    /// `Bearer <service token>`, marked sensitive, so that `Debug` hides it.
    authorization: HeaderValue,
    org_id: Option<String>,
}

/// A response from the upstream, kept as it came.
#[derive(Clone, Debug)]
pub struct UpstreamResponse {
    pub status: StatusCode,
    pub body: Bytes,
}

impl Upstream {
    pub fn new(
        base: Url,
        service_token: &Secret,
        org_id: Option<String>,
        timeout: Duration,
    ) -> Result<Upstream, StartError> {
        let mut authorization = HeaderValue::from_str(&format!("Bearer {}", service_token.expose_secret()))
            .map_err(|_| StartError::InvalidServiceToken)?;
        authorization.set_sensitive(true);
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .retry(reqwest::retry::never())
            .no_proxy()
            .build()
            .map_err(StartError::HttpClient)?;
        Ok(Upstream {
            client,
            base,
            authorization,
            org_id,
        })
    }

    /// Sends one call and returns the response, whatever its status. A timeout, a
    /// transport failure or an oversized body becomes a [`GatewayError`].
    pub async fn call(&self, endpoint: Endpoint<'_>, body: Option<Vec<u8>>) -> Result<UpstreamResponse, GatewayError> {
        let url = endpoint.url(&self.base);
        let mut request = match endpoint.method() {
            register_core::api::Method::Get => self.client.get(url),
            register_core::api::Method::Post => self.client.post(url),
        };
        request = request
            .header(header::AUTHORIZATION, self.authorization.clone())
            .header(header::ACCEPT, "application/json");
        if let Some(org_id) = &self.org_id {
            request = request.header(ORG_ID_HEADER, org_id);
        }
        if let Some(body) = body {
            request = request.header(header::CONTENT_TYPE, "application/json").body(body);
        }

        let operation = operation_name(&endpoint);
        let started = Instant::now();
        let result = send(request).await;
        let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        // The request span carries the upstream status and latency, so the events below
        // do not repeat them.
        let span = tracing::Span::current();
        span.record("upstream_latency_ms", latency_ms);
        match &result {
            Ok(response) => {
                span.record("upstream_status", response.status.as_u16());
                tracing::info!(operation, "upstream call finished");
                if response.status == StatusCode::UNAUTHORIZED {
                    tracing::warn!(
                        operation,
                        "upstream rejected the service token; check its value and expiry"
                    );
                }
            }
            Err(error) => {
                let error = error_chain(error);
                tracing::warn!(operation, %error, "upstream call failed");
            }
        }
        result
    }
}

async fn send(request: reqwest::RequestBuilder) -> Result<UpstreamResponse, GatewayError> {
    let mut response = request.send().await.map_err(transport_error)?;
    let status = response.status();
    if status.is_informational() || status.is_redirection() {
        return Err(GatewayError::UpstreamInvalidResponse(format!(
            "unexpected status {status}; check the upstream URL"
        )));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
        if body.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(GatewayError::UpstreamInvalidResponse(format!(
                "response body is larger than {MAX_RESPONSE_BYTES} bytes"
            )));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(UpstreamResponse {
        status,
        body: Bytes::from(body),
    })
}

/// Sorts a reqwest error. The URL is left out of the error, since it is not needed to
/// understand the failure.
fn transport_error(error: reqwest::Error) -> GatewayError {
    if error.is_timeout() {
        GatewayError::UpstreamTimeout
    } else {
        GatewayError::UpstreamUnavailable(error.without_url())
    }
}

/// Returns an error and its sources joined with ": ", such as "upstream unreachable: error
/// sending request: client error (Connect): tcp connect error: Connection refused", so
/// that the log names the cause.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.ends_with(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// Returns the gRPC method name of an endpoint, for logs.
fn operation_name(endpoint: &Endpoint<'_>) -> &'static str {
    match endpoint {
        Endpoint::ImportHumanUser => "ImportHumanUser",
        Endpoint::PasswordComplexityPolicy => "GetPasswordComplexityPolicy",
        Endpoint::AddPasswordlessRegistration { .. } => "AddPasswordlessRegistration",
        Endpoint::SendPasswordlessRegistration { .. } => "SendPasswordlessRegistration",
        Endpoint::UserById { .. } => "GetUserByID",
        Endpoint::UserByLoginNameGlobal { .. } => "GetUserByLoginNameGlobal",
    }
}

impl IntoResponse for UpstreamResponse {
    /// Passes the upstream's status and JSON body on. Other upstream headers stay behind.
    fn into_response(self) -> Response {
        let headers = [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ];
        (self.status, headers, self.body).into_response()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::Router;
    use axum::extract::State;
    use axum::http::HeaderMap;
    use axum::routing::post;
    use tokio::io::AsyncReadExt;

    use super::*;
    use crate::test_support::{closed_port, spawn};

    fn upstream(address: std::net::SocketAddr, timeout: Duration) -> Upstream {
        let base = Url::parse(&format!("http://{address}")).unwrap();
        Upstream::new(base, &Secret::new("upstream-test-token"), Some("42".into()), timeout).unwrap()
    }

    /// An error with one cause, like reqwest's connect errors.
    #[derive(Debug, thiserror::Error)]
    #[error("error sending request")]
    struct SendError(#[source] std::io::Error);

    #[test]
    fn error_chain_names_every_cause() {
        let cause = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "Connection refused");
        let text = error_chain(&SendError(cause));
        assert_eq!(text, "error sending request: Connection refused");
    }

    #[tokio::test]
    async fn adds_token_and_org_header() {
        let seen = Arc::new(std::sync::Mutex::new(HeaderMap::new()));
        let app = Router::new()
            .route(
                crate::routes::IMPORT_HUMAN_USER,
                post(
                    |State(seen): State<Arc<std::sync::Mutex<HeaderMap>>>, headers: HeaderMap| async move {
                        *seen.lock().unwrap() = headers;
                        "{}"
                    },
                ),
            )
            .with_state(seen.clone());
        let address = spawn(app).await;
        let response = upstream(address, Duration::from_secs(5))
            .call(Endpoint::ImportHumanUser, Some(b"{}".to_vec()))
            .await
            .unwrap();
        assert_eq!(response.status, StatusCode::OK);
        let headers = seen.lock().unwrap().clone();
        assert_eq!(headers[header::AUTHORIZATION], "Bearer upstream-test-token");
        assert_eq!(headers[ORG_ID_HEADER], "42");
        assert_eq!(headers[header::CONTENT_TYPE], "application/json");
    }

    #[tokio::test]
    async fn slow_upstream_times_out() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let silent = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut buffer = [0_u8; 1024];
            while socket.read(&mut buffer).await.is_ok_and(|read| read > 0) {}
        });
        let result = upstream(address, Duration::from_millis(200))
            .call(Endpoint::PasswordComplexityPolicy, None)
            .await;
        assert!(matches!(result, Err(GatewayError::UpstreamTimeout)), "{result:?}");
        silent.abort();
    }

    #[tokio::test]
    async fn closed_port_is_unavailable() {
        let result = upstream(closed_port().await, Duration::from_secs(5))
            .call(Endpoint::PasswordComplexityPolicy, None)
            .await;
        assert!(
            matches!(result, Err(GatewayError::UpstreamUnavailable(_))),
            "{result:?}"
        );
    }

    #[tokio::test]
    async fn post_is_sent_once_when_the_connection_drops() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = connections.clone();
        let dropping = tokio::spawn(async move {
            loop {
                let (mut socket, _) = listener.accept().await.unwrap();
                counter.fetch_add(1, Ordering::SeqCst);
                let mut buffer = [0_u8; 4096];
                let _ = socket.read(&mut buffer).await;
                drop(socket);
            }
        });
        let result = upstream(address, Duration::from_secs(5))
            .call(Endpoint::ImportHumanUser, Some(b"{}".to_vec()))
            .await;
        assert!(
            matches!(result, Err(GatewayError::UpstreamUnavailable(_))),
            "{result:?}"
        );
        assert_eq!(connections.load(Ordering::SeqCst), 1);
        dropping.abort();
    }

    #[tokio::test]
    async fn redirects_are_not_followed() {
        let app = Router::new().route(
            crate::routes::IMPORT_HUMAN_USER,
            post(|| async { axum::response::Redirect::temporary("/elsewhere") }),
        );
        let address = spawn(app).await;
        let result = upstream(address, Duration::from_secs(5))
            .call(Endpoint::ImportHumanUser, Some(b"{}".to_vec()))
            .await;
        assert!(
            matches!(result, Err(GatewayError::UpstreamInvalidResponse(_))),
            "{result:?}"
        );
    }

    #[test]
    fn debug_hides_the_token() {
        let upstream = Upstream::new(
            Url::parse("http://127.0.0.1:9").unwrap(),
            &Secret::new("upstream-test-token"),
            None,
            Duration::from_secs(1),
        )
        .unwrap();
        let debug = format!("{upstream:?}");
        assert!(!debug.contains("upstream-test-token"), "{debug}");
    }

    #[test]
    fn token_that_cannot_be_a_header_is_rejected_at_start() {
        let result = Upstream::new(
            Url::parse("http://127.0.0.1:9").unwrap(),
            &Secret::new("line\nbreak"),
            None,
            Duration::from_secs(1),
        );
        let error = result.unwrap_err();
        assert!(matches!(error, StartError::InvalidServiceToken), "{error}");
        assert!(!error.to_string().contains("break"), "{error}");
    }
}
