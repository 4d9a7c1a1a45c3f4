//! The per-client rate limit on the gateway's POST routes, with governor's GCRA limiter.
//!
//! Clients are identified by IP address: the TCP peer, or the last address in a header
//! that a trusted proxy sets. IPv6 clients are grouped by their /64 prefix, because one
//! host usually holds a whole /64.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderName;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::Clock as _;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::error::GatewayError;

/// After this many checks, keys whose limit has fully recovered are dropped, so that the
/// limiter's memory does not grow with every address ever seen.
const CHECKS_BETWEEN_CLEANUPS: u64 = 1024;

/// The limit per client.
#[derive(Clone, Debug)]
pub struct RateLimitSettings {
    pub quota: Quota,
    /// The header with the client address, set by a trusted proxy.
    pub client_ip_header: Option<HeaderName>,
}

impl RateLimitSettings {
    /// `per_minute` requests per minute on average, and `burst` at once.
    pub fn per_minute(per_minute: NonZeroU32, burst: NonZeroU32) -> RateLimitSettings {
        RateLimitSettings {
            quota: Quota::per_minute(per_minute).allow_burst(burst),
            client_ip_header: None,
        }
    }
}

/// The limiter state, shared by the limited routes.
#[derive(Debug)]
pub struct RateLimit {
    limiter: DefaultKeyedRateLimiter<IpAddr>,
    client_ip_header: Option<HeaderName>,
    checks: AtomicU64,
}

impl RateLimit {
    pub fn new(settings: RateLimitSettings) -> RateLimit {
        RateLimit {
            limiter: RateLimiter::keyed(settings.quota),
            client_ip_header: settings.client_ip_header,
            checks: AtomicU64::new(0),
        }
    }

    /// Counts one request of `client`, or returns how long it has to wait.
    pub fn check(&self, client: IpAddr) -> Result<(), GatewayError> {
        if self.checks.fetch_add(1, Ordering::Relaxed) % CHECKS_BETWEEN_CLEANUPS == CHECKS_BETWEEN_CLEANUPS - 1 {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(&limiting_key(client)).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.limiter.clock().now());
            GatewayError::RateLimited {
                retry_after_seconds: wait.as_secs() + u64::from(wait.subsec_nanos() > 0),
            }
        })
    }

    /// Returns the client address of a request.
    fn client_ip(&self, request: &Request) -> IpAddr {
        let from_header = self.client_ip_header.as_ref().and_then(|name| {
            let value = request.headers().get(name)?.to_str().ok()?;
            value.rsplit(',').next()?.trim().parse::<IpAddr>().ok()
        });
        let from_peer = || {
            request
                .extensions()
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(address)| address.ip())
        };
        // NOTE: without a peer address (a request that did not come through a listener,
        // as in router tests), all such requests share one bucket.
        from_header.or_else(from_peer).unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }
}

/// Returns the key a client is counted under: IPv4 addresses as they are, IPv6 addresses
/// as their /64 prefix. IPv4-mapped IPv6 addresses count as their IPv4 address.
fn limiting_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let prefix = u128::from(v6) & !((1_u128 << 64) - 1);
                IpAddr::V6(Ipv6Addr::from(prefix))
            }
        },
    }
}

/// Middleware that returns 429 with `Retry-After` once a client exceeds the limit.
pub async fn enforce(State(rate_limit): State<Arc<RateLimit>>, request: Request, next: Next) -> Response {
    let client = rate_limit.client_ip(&request);
    match rate_limit.check(client) {
        Ok(()) => next.run(request).await,
        Err(error) => error.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use axum::Router;
    use axum::body::Body;
    use axum::http::{StatusCode, header};
    use axum::routing::post;
    use tower::ServiceExt;

    use super::*;

    fn strict(client_ip_header: Option<HeaderName>) -> Arc<RateLimit> {
        Arc::new(RateLimit::new(RateLimitSettings {
            quota: Quota::per_hour(NonZeroU32::new(1).unwrap()),
            client_ip_header,
        }))
    }

    fn request_from(peer: &str, forwarded_for: Option<&str>) -> Request {
        let mut request = Request::builder().method("POST").uri("/limited");
        if let Some(value) = forwarded_for {
            request = request.header("x-forwarded-for", value);
        }
        let mut request = request.body(Body::empty()).unwrap();
        let address: SocketAddr = peer.parse().unwrap();
        request.extensions_mut().insert(ConnectInfo(address));
        request
    }

    #[test]
    fn keys_group_ipv6_by_prefix() {
        let cases = [
            ("192.0.2.7", "192.0.2.7"),
            ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::"),
            ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::"),
            ("::ffff:192.0.2.7", "192.0.2.7"),
        ];
        for (address, key) in cases {
            assert_eq!(
                limiting_key(address.parse().unwrap()),
                key.parse::<IpAddr>().unwrap(),
                "{address}"
            );
        }
    }

    #[test]
    fn client_address_comes_from_peer_or_trusted_header() {
        let without_header = strict(None);
        let request = request_from("127.0.0.1:5000", Some("198.51.100.1"));
        assert_eq!(
            without_header.client_ip(&request),
            "127.0.0.1".parse::<IpAddr>().unwrap()
        );

        let with_header = strict(Some(HeaderName::from_static("x-forwarded-for")));
        let cases = [
            (Some("203.0.113.9, 198.51.100.1"), "198.51.100.1"),
            (Some("198.51.100.2"), "198.51.100.2"),
            (Some("not-an-address"), "127.0.0.1"),
            (None, "127.0.0.1"),
        ];
        for (header, expected) in cases {
            let request = request_from("127.0.0.1:5000", header);
            assert_eq!(
                with_header.client_ip(&request),
                expected.parse::<IpAddr>().unwrap(),
                "{header:?}"
            );
        }
    }

    #[tokio::test]
    async fn second_request_is_limited_per_client() {
        let rate_limit = strict(None);
        let app = Router::new()
            .route("/limited", post(|| async { "done" }))
            .route_layer(axum::middleware::from_fn_with_state(rate_limit, enforce));

        let first = app.clone().oneshot(request_from("127.0.0.1:5000", None)).await.unwrap();
        assert_eq!(first.status(), StatusCode::OK);

        let second = app.clone().oneshot(request_from("127.0.0.1:5001", None)).await.unwrap();
        assert_eq!(second.status(), StatusCode::TOO_MANY_REQUESTS);
        let retry_after: u64 = second.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
        assert!(retry_after > 0, "{retry_after}");
        assert!(retry_after <= 3600, "{retry_after}");
        let body = axum::body::to_bytes(second.into_body(), 4096).await.unwrap();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["code"], 8);

        let other_client = app.oneshot(request_from("127.0.0.2:5000", None)).await.unwrap();
        assert_eq!(other_client.status(), StatusCode::OK);
    }
}
