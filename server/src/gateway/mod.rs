//! The registration gateway: the only way a browser reaches ZITADEL, and the only holder
//! of the service token.
//!
//! It serves a small allowlist of routes: the password policy, ImportHumanUser under the
//! public policy, and SendPasswordlessRegistration with a registration ticket. Every other
//! API path returns 404. It also serves the built web app, applies a per-client rate
//! limit to the POST routes, limits bodies to 16 KiB and allows browsers of the configured
//! origins (CORS).

mod error;
mod password_policy;
mod public_policy;
mod rate_limit;
mod registration;
mod static_files;
mod ticket;
mod upstream;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method as HttpMethod, header};
use axum::routing::get;
use register_core::api::REGISTRATION_TICKET_HEADER;
use register_core::registration::Method;
use tower_http::cors::{AllowOrigin, CorsLayer};
use url::Url;

pub use self::error::{GatewayError, id as error_id};
use self::password_policy::PolicyCache;
use self::rate_limit::RateLimit;
pub use self::rate_limit::RateLimitSettings;
use self::static_files::StaticSettings;
use self::ticket::Tickets;
pub use self::ticket::{TICKET_LIFETIME, TicketKey};
use self::upstream::Upstream;
use crate::clock::Clock;
use crate::error::StartError;
use crate::routes;
use crate::secret::Secret;
use crate::telemetry;

/// The largest request body the gateway accepts, in bytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// How long browsers may reuse a CORS preflight response.
const PREFLIGHT_MAX_AGE: Duration = Duration::from_secs(600);

/// The gateway's configuration.
#[derive(Clone, Debug)]
pub struct GatewaySettings {
    /// The ZITADEL instance or stand-in to forward to.
    pub upstream: Url,
    pub service_token: Secret,
    /// Sent as `x-zitadel-orgid` when set.
    pub org_id: Option<String>,
    /// The registration methods browsers may use.
    pub methods: Vec<Method>,
    /// The origins whose pages may call the API. An empty list allows only the gateway's own
    /// pages. The static files are public either way.
    pub allowed_origins: Vec<HeaderValue>,
    /// The per-client limit on the POST routes, or `None` for no limit.
    pub rate_limit: Option<RateLimitSettings>,
    pub upstream_timeout: Duration,
    pub ticket_key: TicketKey,
    /// The built web app to serve, if any.
    pub dist: Option<PathBuf>,
    /// The CSP `frame-ancestors` sources of served pages.
    pub frame_ancestors: String,
    pub clock: Clock,
}

/// The state that the gateway's handlers share.
#[derive(Debug)]
pub struct Gateway {
    upstream: Upstream,
    methods: Vec<Method>,
    tickets: Tickets,
    policy_cache: PolicyCache,
    /// The maximum time an import waits for the password policy before it goes on without it.
    policy_wait: Duration,
}

/// The maximum time an import waits for the password policy. ZITADEL checks the password
/// anyway, so the gateway's own check may be skipped. The wait plus the default upstream
/// timeout (12 s) stays below the browser's 15 s, so the gateway's 504 arrives first.
pub const POLICY_WAIT_FOR_IMPORT: Duration = Duration::from_secs(2);

/// Returns true when an import through the gateway, with `upstream_timeout` for ZITADEL,
/// ends at least a second before the widget gives up, so the widget gets the 504.
pub fn upstream_timeout_fits_widget(upstream_timeout: Duration) -> bool {
    let margin = Duration::from_secs(1);
    POLICY_WAIT_FOR_IMPORT.min(upstream_timeout) + upstream_timeout + margin
        <= register_core::api::WIDGET_REQUEST_TIMEOUT
}

/// Builds the gateway's router.
pub fn app(settings: GatewaySettings) -> Result<Router, StartError> {
    let upstream = Upstream::new(
        settings.upstream.clone(),
        &settings.service_token,
        settings.org_id.clone(),
        settings.upstream_timeout,
    )?;
    let gateway = Arc::new(Gateway {
        upstream,
        methods: settings.methods.clone(),
        tickets: Tickets::new(settings.ticket_key.clone(), settings.clock.clone()),
        policy_cache: PolicyCache::new(settings.clock.clone()),
        policy_wait: POLICY_WAIT_FOR_IMPORT.min(settings.upstream_timeout),
    });
    let rate_limit = settings.rate_limit.clone().map(|limit| Arc::new(RateLimit::new(limit)));

    // The CORS allowlist covers the API routes only. It is applied before the fallback is
    // set, so the static files keep their own header: any origin may load the embed.
    let api = Router::new()
        .merge(password_policy::router())
        .merge(registration::router(rate_limit))
        .route(routes::HEALTH, get(health))
        .with_state(gateway)
        .method_not_allowed_fallback(not_found)
        .layer(cors(&settings.allowed_origins));
    let router = match &settings.dist {
        Some(directory) => api.fallback_service(static_files::router(StaticSettings {
            directory: directory.clone(),
            frame_ancestors: settings.frame_ancestors.clone(),
        })),
        None => api.fallback(not_found),
    };
    Ok(router
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(telemetry::gateway_request_span)))
}

/// Allows the configured origins to call the API, send the ticket back and read it.
fn cors(allowed_origins: &[HeaderValue]) -> CorsLayer {
    let ticket_header = HeaderName::from_static(REGISTRATION_TICKET_HEADER);
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(allowed_origins.iter().cloned()))
        .allow_methods([HttpMethod::GET, HttpMethod::POST])
        .allow_headers([header::CONTENT_TYPE, ticket_header.clone()])
        .expose_headers([ticket_header, header::RETRY_AFTER])
        .max_age(PREFLIGHT_MAX_AGE)
}

async fn health() -> &'static str {
    "ok"
}

async fn not_found() -> GatewayError {
    GatewayError::NotFound
}

#[cfg(test)]
pub(crate) mod test_support {
    use std::net::SocketAddr;
    use std::num::NonZeroU32;

    use super::*;
    use crate::stand_in::{self, StandIn, StandInSettings};
    use crate::test_support::spawn;

    /// Starts a stand-in on a loopback port, with the test tokens.
    pub async fn start_stand_in() -> (Arc<StandIn>, SocketAddr) {
        start_stand_in_with(|_| {}).await
    }

    /// Starts a stand-in on a loopback port after `change` adjusted its settings.
    pub async fn start_stand_in_with(change: impl FnOnce(&mut StandInSettings)) -> (Arc<StandIn>, SocketAddr) {
        let mut settings = stand_in::test_support::settings(Clock::manual());
        change(&mut settings);
        let stand_in = StandIn::new(settings);
        let address = spawn(stand_in::app(stand_in.clone())).await;
        (stand_in, address)
    }

    /// Settings that forward to `address` with the stand-in's test token and org.
    pub fn settings_for(address: SocketAddr, clock: Clock) -> GatewaySettings {
        GatewaySettings {
            upstream: Url::parse(&format!("http://{address}")).unwrap(),
            service_token: Secret::new(stand_in::test_support::SERVICE_TOKEN),
            org_id: Some(stand_in::test_support::ORG_ID.to_owned()),
            methods: Method::ALL.to_vec(),
            allowed_origins: vec![HeaderValue::from_static("http://127.0.0.1:8080")],
            rate_limit: Some(RateLimitSettings::per_minute(
                NonZeroU32::new(1000).unwrap(),
                NonZeroU32::new(1000).unwrap(),
            )),
            upstream_timeout: Duration::from_secs(10),
            ticket_key: TicketKey::generate(),
            dist: None,
            frame_ancestors: "'self'".into(),
            clock,
        }
    }

    pub fn gateway_router(settings: GatewaySettings) -> Router {
        app(settings).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use tower::ServiceExt;

    use super::test_support::*;
    use super::*;
    use crate::test_support::{closed_port, json_body, send};

    #[test]
    fn long_upstream_timeouts_do_not_fit_widget() {
        let cases = [(1, true), (10, true), (12, true), (13, false), (60, false)];
        for (seconds, fits) in cases {
            assert_eq!(
                upstream_timeout_fits_widget(Duration::from_secs(seconds)),
                fits,
                "{seconds} s"
            );
        }
    }

    #[tokio::test]
    async fn only_public_routes_exist() {
        let (_, address) = start_stand_in().await;
        let app = gateway_router(settings_for(address, Clock::manual()));
        let user_id = "259242039378509826";
        let cases = [
            (
                "POST",
                routes::ADD_PASSWORDLESS_REGISTRATION.replace("{user_id}", user_id),
            ),
            ("GET", routes::USER_BY_ID.replace("{user_id}", user_id)),
            ("GET", format!("{}?loginName=anna", routes::USER_BY_LOGIN_NAME_GLOBAL)),
            ("GET", routes::IMPORT_HUMAN_USER.to_owned()),
            ("POST", routes::PASSWORD_COMPLEXITY_POLICY.to_owned()),
            ("GET", "/management/v1/users/human".to_owned()),
            ("GET", "/stand-in/outbox".to_owned()),
            ("GET", "/ui/login/".to_owned()),
            ("DELETE", "/healthz".to_owned()),
            ("GET", "/".to_owned()),
        ];
        for (method, uri) in cases {
            let request = Request::builder().method(method).uri(&uri).body(Body::empty()).unwrap();
            let response = app.clone().oneshot(request).await.unwrap();
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "{method} {uri}");
            let body = json_body(response).await;
            assert_eq!(body["code"], 5, "{method} {uri}");
        }
    }

    #[tokio::test]
    async fn settings_debug_hides_secrets() {
        let settings = settings_for(closed_port().await, Clock::manual());
        let debug = format!("{settings:?}");
        assert!(!debug.contains(crate::stand_in::test_support::SERVICE_TOKEN), "{debug}");
        assert!(debug.contains("[redacted]"), "{debug}");
    }

    #[tokio::test]
    async fn health_answers_without_upstream() {
        let app = gateway_router(settings_for(closed_port().await, Clock::manual()));
        let request = Request::builder().uri(routes::HEALTH).body(Body::empty()).unwrap();
        let (status, body) = send(app, request).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "ok");
    }

    #[tokio::test]
    async fn unreachable_upstream_is_unavailable() {
        let app = gateway_router(settings_for(closed_port().await, Clock::manual()));
        let request = Request::builder()
            .uri(routes::PASSWORD_COMPLEXITY_POLICY)
            .body(Body::empty())
            .unwrap();
        let response = app.oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        let body = json_body(response).await;
        assert_eq!(body["code"], 14);
        assert!(!body.to_string().contains("127.0.0.1"), "{body}");
    }

    #[tokio::test]
    async fn silent_upstream_times_out_with_504() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let silent = tokio::spawn(async move {
            let mut connections = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                connections.push(socket);
            }
        });
        let mut settings = settings_for(address, Clock::manual());
        settings.upstream_timeout = Duration::from_millis(200);
        let request = Request::builder()
            .uri(routes::PASSWORD_COMPLEXITY_POLICY)
            .body(Body::empty())
            .unwrap();
        let response = gateway_router(settings).oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::GATEWAY_TIMEOUT);
        let body = json_body(response).await;
        assert_eq!(body["code"], 4);
        assert_eq!(body["details"][0]["id"], "REGISTER-upstream-timeout");
        silent.abort();
    }

    #[tokio::test]
    async fn cors_allows_only_listed_origins() {
        let (_, address) = start_stand_in().await;
        let app = gateway_router(settings_for(address, Clock::manual()));
        let preflight = |origin: &str| {
            Request::builder()
                .method("OPTIONS")
                .uri(routes::IMPORT_HUMAN_USER)
                .header(header::ORIGIN, origin)
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
                .body(Body::empty())
                .unwrap()
        };

        let allowed = app.clone().oneshot(preflight("http://127.0.0.1:8080")).await.unwrap();
        assert_eq!(
            allowed.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
            "http://127.0.0.1:8080"
        );
        let allowed_headers = allowed.headers()[header::ACCESS_CONTROL_ALLOW_HEADERS]
            .to_str()
            .unwrap();
        assert!(
            allowed_headers.contains(REGISTRATION_TICKET_HEADER),
            "{allowed_headers}"
        );

        let refused = app.clone().oneshot(preflight("http://evil.example")).await.unwrap();
        assert!(refused.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());

        let request = Request::builder()
            .uri(routes::PASSWORD_COMPLEXITY_POLICY)
            .header(header::ORIGIN, "http://127.0.0.1:8080")
            .body(Body::empty())
            .unwrap();
        let response = app.oneshot(request).await.unwrap();
        let exposed = response.headers()[header::ACCESS_CONTROL_EXPOSE_HEADERS]
            .to_str()
            .unwrap();
        assert!(exposed.contains(REGISTRATION_TICKET_HEADER), "{exposed}");
        assert!(exposed.contains("retry-after"), "{exposed}");
    }

    #[tokio::test]
    async fn registrations_are_rate_limited() {
        let (_, address) = start_stand_in().await;
        let mut settings = settings_for(address, Clock::manual());
        settings.rate_limit = Some(RateLimitSettings {
            quota: governor::Quota::per_hour(std::num::NonZeroU32::new(1).unwrap()),
            client_ip_header: None,
        });
        let app = gateway_router(settings);
        let post = |uri: String| {
            Request::builder()
                .method("POST")
                .uri(uri)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from("{}"))
                .unwrap()
        };
        let first = app
            .clone()
            .oneshot(post(routes::IMPORT_HUMAN_USER.to_owned()))
            .await
            .unwrap();
        assert_eq!(first.status(), StatusCode::BAD_REQUEST);
        let send_link = routes::SEND_PASSWORDLESS_REGISTRATION.replace("{user_id}", "1");
        for uri in [routes::IMPORT_HUMAN_USER.to_owned(), send_link] {
            let response = app.clone().oneshot(post(uri.clone())).await.unwrap();
            assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS, "{uri}");
            assert!(response.headers().contains_key(header::RETRY_AFTER), "{uri}");
            assert_eq!(json_body(response).await["code"], 8, "{uri}");
        }
        let policy = Request::builder()
            .uri(routes::PASSWORD_COMPLEXITY_POLICY)
            .body(Body::empty())
            .unwrap();
        assert_eq!(app.oneshot(policy).await.unwrap().status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn embed_files_are_public_but_api_keeps_allowlist() {
        let (_, address) = start_stand_in().await;
        let directory = crate::test_support::TempDir::new("gateway-embed");
        std::fs::write(directory.path().join("index.html"), "<!doctype html><title>x</title>").unwrap();
        std::fs::write(directory.path().join("register-kit.js"), "export {};").unwrap();
        let mut settings = settings_for(address, Clock::manual());
        settings.dist = Some(directory.path().to_owned());
        let app = gateway_router(settings);
        let get_from = |uri: &str, origin: &str| {
            Request::builder()
                .uri(uri)
                .header(header::ORIGIN, origin)
                .body(Body::empty())
                .unwrap()
        };

        for origin in ["http://127.0.0.1:8080", "http://127.0.0.1:8090"] {
            let response = app.clone().oneshot(get_from("/register-kit.js", origin)).await.unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{origin}");
            let values: Vec<_> = response
                .headers()
                .get_all(header::ACCESS_CONTROL_ALLOW_ORIGIN)
                .iter()
                .collect();
            assert_eq!(values, ["*"], "{origin}");
        }

        let disallowed = app
            .clone()
            .oneshot(get_from(routes::PASSWORD_COMPLEXITY_POLICY, "http://127.0.0.1:8090"))
            .await
            .unwrap();
        assert_eq!(disallowed.status(), StatusCode::OK);
        assert!(
            disallowed.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none(),
            "the API answered an origin that is not allowed"
        );
        let allowed = app
            .oneshot(get_from(routes::PASSWORD_COMPLEXITY_POLICY, "http://127.0.0.1:8080"))
            .await
            .unwrap();
        assert_eq!(
            allowed.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
            "http://127.0.0.1:8080"
        );
    }

    #[tokio::test]
    async fn dist_is_served_beside_the_api() {
        let (_, address) = start_stand_in().await;
        let directory = crate::test_support::TempDir::new("gateway-dist");
        std::fs::write(directory.path().join("index.html"), "<!doctype html><title>x</title>").unwrap();
        let mut settings = settings_for(address, Clock::manual());
        settings.dist = Some(directory.path().to_owned());
        let app = gateway_router(settings);

        let page = Request::builder().uri("/").body(Body::empty()).unwrap();
        let response = app.clone().oneshot(page).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.headers().contains_key(header::CONTENT_SECURITY_POLICY));

        let api = Request::builder()
            .uri(routes::PASSWORD_COMPLEXITY_POLICY)
            .body(Body::empty())
            .unwrap();
        assert_eq!(app.clone().oneshot(api).await.unwrap().status(), StatusCode::OK);
        let hidden = Request::builder()
            .method("POST")
            .uri(routes::ADD_PASSWORDLESS_REGISTRATION.replace("{user_id}", "1"))
            .body(Body::empty())
            .unwrap();
        assert_eq!(app.oneshot(hidden).await.unwrap().status(), StatusCode::NOT_FOUND);
    }
}
