//! An in-memory imitation of the ZITADEL calls the kit uses, for development and tests.
//!
//! It responds with ZITADEL's paths, JSON, status codes and error bodies, and applies
//! ZITADEL's own checks from `register_core::zitadel`. It keeps everything in memory and
//! sends no mail: mails go to an outbox that `/stand-in/outbox` lists. It is never meant
//! for production.

mod auth;
mod error;
mod inspect;
mod login_page;
mod outbox;
mod passwordless;
mod policy;
mod store;
mod users;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use register_core::policy::PasswordPolicy;
use url::Url;

pub use self::error::StandInError;
pub use self::outbox::{Mail, MailKind};
use self::store::Store;
pub use self::store::{PasswordlessState, StoredUser};
use crate::clock::Clock;
use crate::routes;
use crate::secret::Secret;
use crate::telemetry;

/// The id of the stand-in's instance, the owner of its default policies.
pub const INSTANCE_ID: &str = "100000000000000000";

/// The stand-in's configuration.
#[derive(Clone, Debug)]
pub struct StandInSettings {
    /// The id of its one organization.
    pub org_id: String,
    /// The origin its links point to, such as `http://127.0.0.1:8082`.
    pub public_origin: Url,
    /// The token with the permissions of `ORG_USER_MANAGER`.
    pub service_token: Secret,
    /// The token that may do everything.
    pub admin_token: Secret,
    pub password_policy: PasswordPolicy,
    /// The lifetime of passwordless registration codes.
    pub passwordless_expiry: Duration,
    /// How long it holds back the response to each ZITADEL API call.
    pub api_delay: Duration,
    pub clock: Clock,
}

/// The stand-in's settings and records, shared by its handlers.
#[derive(Debug)]
pub struct StandIn {
    settings: StandInSettings,
    store: Mutex<Store>,
}

impl StandIn {
    pub fn new(settings: StandInSettings) -> Arc<StandIn> {
        let store = Store::new(&settings.org_id, settings.clock.now());
        Arc::new(StandIn {
            settings,
            store: Mutex::new(store),
        })
    }

    pub fn settings(&self) -> &StandInSettings {
        &self.settings
    }

    /// Returns the users, in the order they were created.
    pub fn users(&self) -> Vec<StoredUser> {
        self.store().users().to_vec()
    }

    /// Returns the mails sent so far, oldest first.
    pub fn outbox(&self) -> Vec<Mail> {
        self.store().outbox().to_vec()
    }

    /// Locks the records. A handler that panicked cannot leave them half-changed in a way
    /// that matters for a test server, so a poisoned lock is used as it is.
    fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Builds the stand-in's router.
pub fn app(stand_in: Arc<StandIn>) -> Router {
    let api_delay = stand_in.settings.api_delay;
    Router::new()
        .merge(users::router())
        .merge(passwordless::router())
        .merge(policy::router())
        .merge(login_page::router())
        .merge(inspect::router())
        .route(routes::HEALTH, get(health))
        .fallback(route_not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(stand_in)
        .layer(axum::middleware::from_fn(move |request: Request, next: Next| {
            delay_api_call(api_delay, request, next)
        }))
        .layer(axum::middleware::from_fn(telemetry::stand_in_request_span))
}

/// Handles a ZITADEL API call at once and delays its response by `delay`. A caller
/// that gives up in the meantime finds the call done, as with a ZITADEL whose response
/// is lost or late. The stand-in's own pages and lists respond at once.
async fn delay_api_call(delay: Duration, request: Request, next: Next) -> Response {
    let is_api_call = request.uri().path().starts_with(routes::API_PREFIX);
    let response = next.run(request).await;
    if is_api_call && !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    response
}

async fn health() -> &'static str {
    "ok"
}

async fn route_not_found() -> StandInError {
    StandInError::RouteNotFound
}

async fn method_not_allowed() -> StandInError {
    StandInError::MethodNotAllowed
}

#[cfg(test)]
pub(crate) mod test_support {
    use axum::body::Body;
    use axum::http::{Request, header};
    use register_core::api::ORG_ID_HEADER;

    use super::*;

    pub const SERVICE_TOKEN: &str = "service-token-for-tests";
    pub const ADMIN_TOKEN: &str = "admin-token-for-tests";
    pub const ORG_ID: &str = "100000000000000001";

    pub fn settings(clock: Clock) -> StandInSettings {
        StandInSettings {
            org_id: ORG_ID.into(),
            public_origin: Url::parse("http://127.0.0.1:8082").unwrap(),
            service_token: Secret::new(SERVICE_TOKEN),
            admin_token: Secret::new(ADMIN_TOKEN),
            password_policy: PasswordPolicy::ZITADEL_DEFAULT,
            passwordless_expiry: Duration::from_secs(3600),
            api_delay: Duration::ZERO,
            clock,
        }
    }

    pub fn stand_in() -> Arc<StandIn> {
        StandIn::new(settings(Clock::manual()))
    }

    /// Builds a request with a bearer token and, when given, a JSON body.
    pub fn request(method: &str, uri: &str, token: Option<&str>, body: Option<serde_json::Value>) -> Request<Body> {
        let mut builder = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        match body {
            Some(json) => builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(json.to_string()))
                .unwrap(),
            None => builder.body(Body::empty()).unwrap(),
        }
    }

    /// Adds `x-zitadel-orgid` to a request.
    pub fn with_org(mut request: Request<Body>, org_id: &str) -> Request<Body> {
        request.headers_mut().insert(ORG_ID_HEADER, org_id.parse().unwrap());
        request
    }

    pub fn valid_import(user_name: &str) -> serde_json::Value {
        serde_json::json!({
            "userName": user_name,
            "profile": { "firstName": "Minnie", "lastName": "Mouse" },
            "email": { "email": "minnie@mouse.com" },
            "password": "Secr3tP4ssw0rd!"
        })
    }
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;
    use tower::ServiceExt;

    use super::test_support::*;
    use super::*;
    use crate::test_support::{json_body, send};

    #[test]
    fn settings_debug_hides_tokens() {
        let debug = format!("{:?}", settings(Clock::System));
        assert!(!debug.contains(SERVICE_TOKEN), "{debug}");
        assert!(!debug.contains(ADMIN_TOKEN), "{debug}");
    }

    #[tokio::test]
    async fn unknown_routes_answer_like_grpc_gateway() {
        let cases = [
            ("GET", "/management/v1/users/human/unknown", StatusCode::NOT_FOUND, 5),
            ("GET", "/nothing", StatusCode::NOT_FOUND, 5),
            (
                "GET",
                "/management/v1/users/human/_import",
                StatusCode::NOT_IMPLEMENTED,
                12,
            ),
        ];
        for (method, uri, status, code) in cases {
            let response = app(stand_in())
                .oneshot(request(method, uri, Some(ADMIN_TOKEN), None))
                .await
                .unwrap();
            assert_eq!(response.status(), status, "{method} {uri}");
            assert_eq!(json_body(response).await["code"], code, "{method} {uri}");
        }
    }

    // The clock is tokio's paused test clock: it moves only when every task waits, so the
    // checks below compare virtual time and hold on any machine.
    #[tokio::test(start_paused = true)]
    async fn delay_holds_back_api_calls_only() {
        let delay = Duration::from_secs(5);
        let mut delayed = settings(Clock::manual());
        delayed.api_delay = delay;
        let stand_in = StandIn::new(delayed);

        let started = tokio::time::Instant::now();
        let import = request(
            "POST",
            routes::IMPORT_HUMAN_USER,
            Some(SERVICE_TOKEN),
            Some(valid_import("minnie")),
        );
        let (status, _) = send(app(stand_in.clone()), with_org(import, ORG_ID)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(started.elapsed() >= delay, "{:?}", started.elapsed());
        assert_eq!(stand_in.users().len(), 1);

        let started = tokio::time::Instant::now();
        for uri in ["/stand-in/users", "/stand-in/outbox", routes::HEALTH] {
            let (status, _) = send(app(stand_in.clone()), request("GET", uri, None, None)).await;
            assert_eq!(status, StatusCode::OK, "{uri}");
        }
        assert!(started.elapsed() < delay, "{:?}", started.elapsed());
    }

    #[tokio::test(start_paused = true)]
    async fn delayed_call_takes_effect_when_caller_leaves() {
        let mut delayed = settings(Clock::manual());
        delayed.api_delay = Duration::from_secs(5);
        let stand_in = StandIn::new(delayed);

        let import = request(
            "POST",
            routes::IMPORT_HUMAN_USER,
            Some(SERVICE_TOKEN),
            Some(valid_import("minnie")),
        );
        let call = app(stand_in.clone()).oneshot(with_org(import, ORG_ID));
        let gave_up = tokio::time::timeout(Duration::from_secs(1), call).await;

        assert!(gave_up.is_err(), "the response came before the delay had passed");
        assert_eq!(stand_in.users().len(), 1);
    }

    #[tokio::test]
    async fn health_answers_ok() {
        let (status, body) = send(app(stand_in()), request("GET", "/healthz", None, None)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "ok");
    }
}
