//! The gateway client: sends the bodies that `register-core` builds and sorts the responses.
//!
//! gloo-net resolves 4xx and 5xx responses like any other, so every call checks the status
//! itself. Errors are split three ways: the server rejected the request ([`ApiError::Rejected`], with
//! ZITADEL's meaning), the transport failed or timed out, or a success body did not parse.
//! A transport failure of a cross-origin call is checked once more, because browsers report
//! a response that CORS does not allow exactly like an unreachable server
//! ([`ApiError::OriginNotAllowed`]). The [`Gateway`] trait lets component tests replace the
//! network with canned responses.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use gloo_net::http::{Request, RequestBuilder, Response};
use leptos::prelude::set_timeout_with_handle;
use register_core::api::{Endpoint, REGISTRATION_TICKET_HEADER};
use register_core::failure::Failure;
use register_core::policy::PasswordPolicy;
use register_core::wire::{
    ErrorBody, GetPasswordComplexityPolicyResponse, ImportHumanUserRequest, ImportHumanUserResponse,
    SendPasswordlessRegistrationRequest,
};
use serde::de::DeserializeOwned;
use web_sys::{AbortController, RequestMode};

use crate::config::ApiBase;

/// How long the client waits for the gateway before giving up. The gateway has its own,
/// shorter upstream timeout and returns 504 first when ZITADEL is slow.
pub const REQUEST_TIMEOUT: Duration = register_core::api::WIDGET_REQUEST_TIMEOUT;

/// The reason a gateway call failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The gateway or ZITADEL returned an error, sorted by what the user can do.
    Rejected(Failure),
    /// The request got no response: offline, DNS, CORS or a refused connection.
    Network,
    /// The gateway is reachable, but a cross-origin call from this page got no CORS
    /// permission: most likely `register-server` lacks `--allowed-origin` for
    /// `page_origin`, such as `https://shop.example`.
    OriginNotAllowed { page_origin: String },
    /// No response arrived within [`REQUEST_TIMEOUT`].
    TimedOut,
    /// The gateway's rate limit refused the request (429). `retry_after_seconds` is its
    /// `Retry-After`, when it sent a usable one.
    RateLimited { retry_after_seconds: Option<u64> },
    /// A success status came with a body that is not the expected JSON. The body is kept
    /// for the console.
    UnexpectedBody { status: u16, body: String },
}

impl ApiError {
    /// Returns true when sending the same request again may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            ApiError::Rejected(failure) => failure.is_retryable(),
            ApiError::Network | ApiError::TimedOut | ApiError::RateLimited { .. } => true,
            ApiError::OriginNotAllowed { .. } | ApiError::UnexpectedBody { .. } => false,
        }
    }
}

/// The gateway's ticket for a user it just created. It allows asking for the passkey
/// link by email. It is a secret: `Debug` hides it, and it is never logged or stored.
#[derive(Clone, PartialEq, Eq)]
pub struct RegistrationTicket(String);

impl RegistrationTicket {
    pub fn new(value: String) -> RegistrationTicket {
        RegistrationTicket(value)
    }

    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for RegistrationTicket {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("RegistrationTicket([redacted])")
    }
}

/// A user created by ImportHumanUser, with the ticket the gateway returned, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreatedUser {
    pub response: ImportHumanUserResponse,
    pub ticket: Option<RegistrationTicket>,
    /// When the response arrived, in milliseconds since the Unix epoch. The passkey link's
    /// expiry counts from here.
    pub received_at_unix_ms: u64,
}

/// A future that runs on the browser's single thread.
pub type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// The calls the widget makes. [`HttpGateway`] sends them to `register-server`.
pub trait Gateway: Send + Sync {
    /// Reads the organization's password complexity policy.
    fn password_policy(&self) -> LocalFuture<Result<PasswordPolicy, ApiError>>;

    /// Creates the user with ImportHumanUser.
    fn import_human_user(&self, request: ImportHumanUserRequest) -> LocalFuture<Result<CreatedUser, ApiError>>;

    /// Asks ZITADEL to email the passkey registration link to the user.
    fn send_passwordless_link(&self, user_id: String, ticket: RegistrationTicket) -> LocalFuture<Result<(), ApiError>>;
}

/// The gateway context of a widget instance.
#[derive(Clone)]
pub struct GatewayContext(pub Arc<dyn Gateway>);

/// Sends requests to the gateway with gloo-net.
#[derive(Clone, Debug)]
pub struct HttpGateway {
    base: ApiBase,
}

impl HttpGateway {
    pub fn new(base: ApiBase) -> HttpGateway {
        HttpGateway { base }
    }

    fn url(&self, endpoint: Endpoint<'_>) -> String {
        match &self.base {
            ApiBase::SameOrigin => endpoint.path_and_query(),
            ApiBase::Url(base) => endpoint.url(base).to_string(),
        }
    }
}

impl Gateway for HttpGateway {
    fn password_policy(&self) -> LocalFuture<Result<PasswordPolicy, ApiError>> {
        let url = self.url(Endpoint::PasswordComplexityPolicy);
        let gateway = self.clone();
        Box::pin(async move {
            let request = Request::get(&url);
            let response = gateway.send(&url, request, None).await?;
            let body: GetPasswordComplexityPolicyResponse = read_success_body(response).await?;
            Ok(body.policy.as_ref().map(PasswordPolicy::from_wire).unwrap_or_default())
        })
    }

    fn import_human_user(&self, request: ImportHumanUserRequest) -> LocalFuture<Result<CreatedUser, ApiError>> {
        let url = self.url(Endpoint::ImportHumanUser);
        let gateway = self.clone();
        Box::pin(async move {
            let body = serde_json::to_string(&request).expect("ImportHumanUserRequest serializes to JSON");
            let response = gateway.send(&url, Request::post(&url), Some(body)).await?;
            let received_at_unix_ms = js_sys::Date::now() as u64;
            let ticket = response
                .headers()
                .get(REGISTRATION_TICKET_HEADER)
                .filter(|value| !value.is_empty())
                .map(RegistrationTicket::new);
            let response: ImportHumanUserResponse = read_success_body(response).await?;
            Ok(CreatedUser {
                response,
                ticket,
                received_at_unix_ms,
            })
        })
    }

    fn send_passwordless_link(&self, user_id: String, ticket: RegistrationTicket) -> LocalFuture<Result<(), ApiError>> {
        let url = self.url(Endpoint::SendPasswordlessRegistration { user_id: &user_id });
        let gateway = self.clone();
        Box::pin(async move {
            let builder = Request::post(&url).header(REGISTRATION_TICKET_HEADER, ticket.expose_secret());
            let body = serde_json::to_string(&SendPasswordlessRegistrationRequest::default())
                .expect("SendPasswordlessRegistrationRequest serializes to JSON");
            let response = gateway.send(&url, builder, Some(body)).await?;
            read_success_body::<serde_json::Value>(response).await?;
            Ok(())
        })
    }
}

impl HttpGateway {
    /// Sends a request to `url` and sorts a transport failure of a cross-origin call with
    /// [`HttpGateway::explain_network_failure`].
    async fn send(&self, url: &str, builder: RequestBuilder, json_body: Option<String>) -> Result<Response, ApiError> {
        match send_with_timeout(builder, json_body).await {
            Err(ApiError::Network) => Err(self.explain_network_failure(url).await),
            result => result,
        }
    }

    /// Tells a disallowed origin apart from an unreachable gateway after a call to `url` got
    /// no response. A `no-cors` GET needs no CORS permission, so when it gets any response at
    /// all, the gateway is up and did not allow this page's origin.
    async fn explain_network_failure(&self, url: &str) -> ApiError {
        let Some(page_origin) = self.cross_origin_page() else {
            return ApiError::Network;
        };
        let probe = Request::get(url).mode(RequestMode::NoCors);
        match send_with_timeout(probe, None).await {
            Ok(_) => ApiError::OriginNotAllowed { page_origin },
            Err(_) => ApiError::Network,
        }
    }

    /// Returns this page's origin when the gateway is on another origin.
    fn cross_origin_page(&self) -> Option<String> {
        let ApiBase::Url(base) = &self.base else {
            return None;
        };
        let page_origin = web_sys::window()?.location().origin().ok()?;
        let gateway_origin = base.origin().ascii_serialization();
        (gateway_origin != page_origin).then_some(page_origin)
    }
}

/// A request on its way: dropping it clears the timeout timer, and before a response also
/// aborts the request, as when the widget is removed while it waits.
struct InFlight {
    controller: AbortController,
    timer: Option<leptos::prelude::TimeoutHandle>,
    responded: bool,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Some(timer) = self.timer.take() {
            timer.clear();
        }
        if !self.responded {
            self.controller.abort();
        }
    }
}

/// Sends the request, aborting it after [`REQUEST_TIMEOUT`]. The timer is cleared as soon
/// as a response or an error arrives, or when the caller stops waiting.
async fn send_with_timeout(builder: RequestBuilder, json_body: Option<String>) -> Result<Response, ApiError> {
    let controller = AbortController::new().map_err(|_| ApiError::Network)?;
    let signal = controller.signal();
    let builder = builder.abort_signal(Some(&signal));
    let request = match json_body {
        Some(body) => builder.header("content-type", "application/json").body(body),
        None => builder.build(),
    }
    .map_err(|_| ApiError::Network)?;

    let abort_controller = controller.clone();
    let timer = set_timeout_with_handle(move || abort_controller.abort(), REQUEST_TIMEOUT).ok();
    let mut in_flight = InFlight {
        controller,
        timer,
        responded: false,
    };
    let result = request.send().await;
    in_flight.responded = true;
    drop(in_flight);

    match result {
        Ok(response) => Ok(response),
        Err(_) if signal.aborted() => Err(ApiError::TimedOut),
        Err(_) => Err(ApiError::Network),
    }
}

/// Returns the parsed body of a 2xx response, or sorts an error response with
/// [`Failure::from_response`]. An error body that is not JSON is kept as the message.
async fn read_success_body<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let status = response.status();
    let retry_after = response.headers().get("retry-after");
    let text = response.text().await.map_err(|_| ApiError::Network)?;
    match parse_response(status, &text) {
        Err(ApiError::Rejected(Failure::RateLimited)) => Err(ApiError::RateLimited {
            retry_after_seconds: parse_retry_after(retry_after.as_deref()),
        }),
        result => result,
    }
}

/// The maximum wait the widget passes on. A longer `Retry-After` is more likely a
/// misconfigured proxy than a real limit, and the plain message fits it better.
const MAX_RETRY_AFTER_SECONDS: u64 = 3600;

/// Reads a `Retry-After` header in its delay-seconds form, such as `"7"`. The HTTP-date
/// form, zero and absurd values give None.
pub fn parse_retry_after(value: Option<&str>) -> Option<u64> {
    let value = value?.trim();
    if value.is_empty() || !value.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let seconds: u64 = value.parse().ok()?;
    (1..=MAX_RETRY_AFTER_SECONDS).contains(&seconds).then_some(seconds)
}

/// Sorts a response by status and body.
pub fn parse_response<T: DeserializeOwned>(status: u16, text: &str) -> Result<T, ApiError> {
    if (200..300).contains(&status) {
        let body = if text.trim().is_empty() { "{}" } else { text };
        return serde_json::from_str(body).map_err(|_| ApiError::UnexpectedBody {
            status,
            body: text.to_owned(),
        });
    }
    let failure = match serde_json::from_str::<ErrorBody>(text) {
        Ok(body) => Failure::from_response(status, &body),
        Err(_) => {
            let body = ErrorBody {
                message: text.to_owned(),
                ..ErrorBody::default()
            };
            Failure::from_status(status, &body)
        }
    };
    Err(ApiError::Rejected(failure))
}

#[cfg(test)]
mod tests {
    use register_core::field::{Field, FieldError, Problem};
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn success_bodies_parse() {
        let response: ImportHumanUserResponse =
            parse_response(200, r#"{"userId":"123","details":{"sequence":"1"}}"#).unwrap();
        assert_eq!(response.user_id, "123");
        let empty: serde_json::Value = parse_response(200, "").unwrap();
        assert_eq!(empty, serde_json::json!({}));
    }

    #[wasm_bindgen_test]
    fn unparsable_success_keeps_body() {
        let error = parse_response::<ImportHumanUserResponse>(200, "<html>proxy</html>").unwrap_err();
        assert_eq!(
            error,
            ApiError::UnexpectedBody {
                status: 200,
                body: "<html>proxy</html>".into()
            }
        );
        assert!(!error.is_retryable());
    }

    #[wasm_bindgen_test]
    fn error_bodies_become_failures() {
        let taken = r#"{"code":6,"message":"User already exists (V3-DKcYh)","details":[{"@type":"type.googleapis.com/zitadel.v1.ErrorDetail","id":"V3-DKcYh","message":"User already exists"}]}"#;
        let error = parse_response::<ImportHumanUserResponse>(409, taken).unwrap_err();
        assert_eq!(error, ApiError::Rejected(Failure::UsernameTaken));

        let email = r#"{"code":3,"message":"invalid","details":[{"@type":"x","id":"REGISTER-email","message":"m"}]}"#;
        let ApiError::Rejected(failure) = parse_response::<ImportHumanUserResponse>(400, email).unwrap_err() else {
            panic!("not rejected")
        };
        assert_eq!(
            failure.field_errors(),
            vec![FieldError::new(Field::Email, Problem::Invalid)]
        );
    }

    #[wasm_bindgen_test]
    fn status_only_errors_are_sorted() {
        let cases = [
            (503, "upstream down", Failure::Unavailable, true),
            (504, "", Failure::TimedOut, true),
            (429, "slow down", Failure::RateLimited, true),
            (403, "", Failure::PermissionDenied, false),
        ];
        for (status, body, expected, retryable) in cases {
            let error = parse_response::<serde_json::Value>(status, body).unwrap_err();
            assert_eq!(error, ApiError::Rejected(expected), "{status}");
            assert_eq!(error.is_retryable(), retryable, "{status}");
        }
        let error = parse_response::<serde_json::Value>(500, "boom").unwrap_err();
        assert_eq!(
            error,
            ApiError::Rejected(Failure::Unknown {
                code: 0,
                message: "boom".into()
            })
        );
    }

    #[wasm_bindgen_test]
    fn transport_errors_are_retryable() {
        assert!(ApiError::Network.is_retryable());
        assert!(ApiError::TimedOut.is_retryable());
        let not_allowed = ApiError::OriginNotAllowed {
            page_origin: "http://127.0.0.1:8090".into(),
        };
        assert!(
            !not_allowed.is_retryable(),
            "an origin stays disallowed until the gateway's configuration changes"
        );
    }

    #[wasm_bindgen_test]
    fn only_other_origins_are_cross_origin() {
        let page_origin = web_sys::window().unwrap().location().origin().unwrap();
        assert_eq!(HttpGateway::new(ApiBase::SameOrigin).cross_origin_page(), None);
        let same = HttpGateway::new(ApiBase::Url(url::Url::parse(&format!("{page_origin}/api/")).unwrap()));
        assert_eq!(same.cross_origin_page(), None);
        let other = HttpGateway::new(ApiBase::Url(url::Url::parse("http://127.0.0.1:9/").unwrap()));
        assert_eq!(other.cross_origin_page(), Some(page_origin));
    }

    #[wasm_bindgen_test]
    fn urls_follow_the_api_base() {
        let same_origin = HttpGateway::new(ApiBase::SameOrigin);
        assert_eq!(
            same_origin.url(Endpoint::ImportHumanUser),
            "/management/v1/users/human/_import"
        );
        let remote = HttpGateway::new(ApiBase::Url(url::Url::parse("http://127.0.0.1:8081/api/").unwrap()));
        assert_eq!(
            remote.url(Endpoint::SendPasswordlessRegistration { user_id: "42" }),
            "http://127.0.0.1:8081/api/management/v1/users/42/passwordless/_send_link"
        );
    }

    #[wasm_bindgen_test]
    fn retry_after_reads_delay_seconds_only() {
        let cases = [
            (Some("7"), Some(7)),
            (Some(" 30 "), Some(30)),
            (Some("3600"), Some(3600)),
            (Some("3601"), None),
            (Some("0"), None),
            (Some("-5"), None),
            (Some("1.5"), None),
            (Some("Fri, 04 Dec 2026 23:59:00 GMT"), None),
            (Some("99999999999999999999999"), None),
            (Some(""), None),
            (None, None),
        ];
        for (header, expected) in cases {
            assert_eq!(parse_retry_after(header), expected, "{header:?}");
        }
    }

    #[wasm_bindgen_test]
    fn rate_limit_is_retryable() {
        assert!(
            ApiError::RateLimited {
                retry_after_seconds: Some(5)
            }
            .is_retryable()
        );
    }

    #[wasm_bindgen_test]
    fn ticket_debug_is_redacted() {
        let ticket = RegistrationTicket::new("secret-ticket".into());
        assert!(!format!("{ticket:?}").contains("secret"));
    }
}
