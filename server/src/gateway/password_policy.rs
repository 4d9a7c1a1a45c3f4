//! The password complexity policy route, cached for 60 seconds.
//!
//! Browsers fetch the policy to check passwords as the user types, and the gateway uses
//! the same cached policy to validate registrations. Only successful responses are cached.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use register_core::api::Endpoint;
use register_core::policy::PasswordPolicy;
use register_core::wire::GetPasswordComplexityPolicyResponse;
use tokio::sync::Mutex;

use super::Gateway;
use super::error::GatewayError;
use super::upstream::{Upstream, UpstreamResponse};
use crate::clock::Clock;
use crate::routes;

/// How long a fetched policy is reused.
pub const POLICY_CACHE_LIFETIME: Duration = Duration::from_secs(60);

pub fn router() -> Router<Arc<Gateway>> {
    Router::new().route(routes::PASSWORD_COMPLEXITY_POLICY, get(password_complexity_policy))
}

async fn password_complexity_policy(State(gateway): State<Arc<Gateway>>) -> Result<Response, GatewayError> {
    let response = gateway.policy_cache.fetch(&gateway.upstream).await?;
    let mut response = response.into_response();
    if response.status() == StatusCode::OK {
        let max_age = format!("public, max-age={}", POLICY_CACHE_LIFETIME.as_secs());
        let value = HeaderValue::from_str(&max_age).expect("a number is a valid header value");
        response.headers_mut().insert(header::CACHE_CONTROL, value);
    }
    Ok(response)
}

/// The last successful policy response and when it was fetched.
#[derive(Debug)]
struct CachedPolicy {
    fetched_at: SystemTime,
    body: Bytes,
}

/// The cache. Concurrent misses wait for one upstream call instead of each making one.
#[derive(Debug)]
pub struct PolicyCache {
    entry: Mutex<Option<CachedPolicy>>,
    clock: Clock,
}

impl PolicyCache {
    pub fn new(clock: Clock) -> PolicyCache {
        PolicyCache {
            entry: Mutex::new(None),
            clock,
        }
    }

    /// Returns the cached policy response while it is fresh, and otherwise fetches it.
    pub async fn fetch(&self, upstream: &Upstream) -> Result<UpstreamResponse, GatewayError> {
        let mut entry = self.entry.lock().await;
        let now = self.clock.now();
        if let Some(cached) = entry.as_ref() {
            let age = now.duration_since(cached.fetched_at).unwrap_or(Duration::MAX);
            if age < POLICY_CACHE_LIFETIME {
                return Ok(UpstreamResponse {
                    status: StatusCode::OK,
                    body: cached.body.clone(),
                });
            }
        }

        let response = upstream.call(Endpoint::PasswordComplexityPolicy, None).await?;
        if response.status == StatusCode::OK {
            *entry = Some(CachedPolicy {
                fetched_at: now,
                body: response.body.clone(),
            });
        }
        Ok(response)
    }

    /// Returns the policy to validate registrations with, or `None` when it cannot be
    /// fetched. ZITADEL checks the password again in that case.
    pub async fn password_policy(&self, upstream: &Upstream) -> Option<PasswordPolicy> {
        let response = match self.fetch(upstream).await {
            Ok(response) if response.status == StatusCode::OK => response,
            Ok(response) => {
                tracing::warn!(
                    upstream_status = response.status.as_u16(),
                    "password policy unavailable; ZITADEL will check passwords"
                );
                return None;
            }
            Err(error) => {
                tracing::warn!(%error, "password policy unavailable; ZITADEL will check passwords");
                return None;
            }
        };
        let parsed: GetPasswordComplexityPolicyResponse = serde_json::from_slice(&response.body)
            .inspect_err(|error| tracing::warn!(%error, "password policy response is unreadable"))
            .ok()?;
        parsed.policy.as_ref().map(PasswordPolicy::from_wire)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use axum::Router;
    use axum::extract::State;
    use tower::ServiceExt;

    use super::*;
    use crate::gateway::test_support::{gateway_router, settings_for};
    use crate::test_support::{send, spawn};

    /// Starts an upstream that counts policy requests and returns a policy with `min_length`.
    async fn counting_upstream(min_length: u64) -> (std::net::SocketAddr, Arc<AtomicUsize>) {
        let count = Arc::new(AtomicUsize::new(0));
        let app = Router::new()
            .route(
                routes::PASSWORD_COMPLEXITY_POLICY,
                get(move |State(count): State<Arc<AtomicUsize>>| async move {
                    count.fetch_add(1, Ordering::SeqCst);
                    format!(r#"{{"policy":{{"minLength":"{min_length}","hasNumber":true}}}}"#)
                }),
            )
            .with_state(count.clone());
        (spawn(app).await, count)
    }

    #[tokio::test]
    async fn policy_is_cached_for_sixty_seconds() {
        let (address, count) = counting_upstream(11).await;
        let clock = Clock::manual();
        let app = gateway_router(settings_for(address, clock.clone()));
        let request = || crate::stand_in::test_support::request("GET", routes::PASSWORD_COMPLEXITY_POLICY, None, None);

        let (status, body) = send(app.clone(), request()).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains(r#""minLength":"11""#), "{body}");
        let response = app.clone().oneshot(request()).await.unwrap();
        assert_eq!(response.headers()[header::CACHE_CONTROL], "public, max-age=60");
        assert_eq!(count.load(Ordering::SeqCst), 1);

        clock.advance(Duration::from_secs(59));
        send(app.clone(), request()).await;
        assert_eq!(count.load(Ordering::SeqCst), 1);

        clock.advance(Duration::from_secs(1));
        send(app, request()).await;
        assert_eq!(count.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn failures_are_not_cached() {
        let count = Arc::new(AtomicUsize::new(0));
        let app = Router::new()
            .route(
                routes::PASSWORD_COMPLEXITY_POLICY,
                get(|State(count): State<Arc<AtomicUsize>>| async move {
                    count.fetch_add(1, Ordering::SeqCst);
                    (
                        StatusCode::FORBIDDEN,
                        r#"{"code":7,"message":"No matching permissions found (AUTH-5mWD2)"}"#,
                    )
                }),
            )
            .with_state(count.clone());
        let address = spawn(app).await;
        let gateway = gateway_router(settings_for(address, Clock::manual()));
        for _ in 0..2 {
            let request = crate::stand_in::test_support::request("GET", routes::PASSWORD_COMPLEXITY_POLICY, None, None);
            let (status, body) = send(gateway.clone(), request).await;
            assert_eq!(status, StatusCode::FORBIDDEN);
            assert!(body.contains("AUTH-5mWD2"), "{body}");
        }
        assert_eq!(count.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn policy_for_validation_is_read_from_the_response() {
        let (address, _) = counting_upstream(11).await;
        let settings = settings_for(address, Clock::manual());
        let upstream = Upstream::new(
            settings.upstream.clone(),
            &settings.service_token,
            None,
            Duration::from_secs(5),
        )
        .unwrap();
        let cache = PolicyCache::new(Clock::manual());
        let policy = cache.password_policy(&upstream).await.unwrap();
        assert_eq!(policy.min_length, 11);
        assert!(policy.has_number);
        assert!(!policy.has_symbol);
    }
}
