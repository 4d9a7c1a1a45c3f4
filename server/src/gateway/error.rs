//! The errors the gateway returns itself, in ZITADEL's error shape.
//!
//! Every body is a `google.rpc.Status` with one `zitadel.v1.ErrorDetail` per problem, so
//! the browser reads gateway errors and ZITADEL errors the same way. The gateway's own ids
//! start with `REGISTER-`. An id for a field problem is ZITADEL's id where ZITADEL has one,
//! and otherwise `REGISTER-` plus the field's key, such as `REGISTER-username`. The ids of
//! the other errors are no field key, so they never land on a form field.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use register_core::ValidationErrors;
use register_core::failure::error_id_for;
use register_core::registration::Method;
use register_core::wire::{ErrorBody, ErrorDetail, GrpcCode};

use super::ticket::TicketError;
use crate::error::{error_response, status_for};

/// A request the gateway rejected, or could not complete.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    /// The body is not JSON, or a value has the wrong JSON type.
    #[error("{0}")]
    MalformedBody(String),
    /// The body is larger than the limit.
    #[error("request body is larger than {limit} bytes")]
    BodyTooLarge { limit: usize },
    /// The body sets a field that a self-registration may not set.
    #[error("{path} may not be set by a self-registration")]
    ForbiddenField { path: String },
    /// The body has a field that the request message does not have.
    #[error("{path} is not a field of {message}; remove it")]
    UnknownField { path: String, message: &'static str },
    /// The body uses a registration method this gateway does not accept.
    #[error("{} registration is turned off on this server; use {}", .method.config_name(), method_list(.enabled))]
    MethodDisabled { method: Method, enabled: Vec<Method> },
    /// The body sets both a password and `requestPasswordlessRegistration`.
    #[error("set either password or requestPasswordlessRegistration, not both")]
    BothCredentials,
    /// The body sets neither a password nor `requestPasswordlessRegistration`.
    #[error("set password, or requestPasswordlessRegistration to true")]
    MissingCredential,
    /// The kit's field rules rejected the registration.
    #[error("invalid registration: {0}")]
    InvalidFields(ValidationErrors),
    /// `_send_link` came without a valid ticket for the user.
    #[error("registration ticket rejected: {0}")]
    TicketRejected(TicketError),
    /// The client sent too many requests.
    #[error("too many requests; retry after {retry_after_seconds} seconds")]
    RateLimited { retry_after_seconds: u64 },
    /// The upstream did not respond in time.
    #[error("upstream timed out")]
    UpstreamTimeout,
    /// The upstream could not be reached.
    #[error("upstream unreachable: {0}")]
    UpstreamUnavailable(#[source] reqwest::Error),
    /// The upstream sent something that is not a ZITADEL response.
    #[error("upstream sent an unreadable response: {0}")]
    UpstreamInvalidResponse(String),
    /// No public route matches.
    #[error("not found")]
    NotFound,
}

/// The ids of the gateway's own errors. None of them is `REGISTER-` plus a field key.
pub mod id {
    pub const MALFORMED_BODY: &str = "REGISTER-malformed-body";
    pub const BODY_TOO_LARGE: &str = "REGISTER-body-too-large";
    pub const FORBIDDEN_FIELD: &str = "REGISTER-forbidden-field";
    pub const UNKNOWN_FIELD: &str = "REGISTER-unknown-field";
    pub const METHOD_DISABLED: &str = "REGISTER-method-disabled";
    pub const BOTH_CREDENTIALS: &str = "REGISTER-both-credentials";
    pub const MISSING_CREDENTIAL: &str = "REGISTER-missing-credential";
    pub const TICKET_REJECTED: &str = "REGISTER-ticket-rejected";
    pub const RATE_LIMITED: &str = "REGISTER-rate-limited";
    pub const UPSTREAM_TIMEOUT: &str = "REGISTER-upstream-timeout";
    pub const UPSTREAM_UNAVAILABLE: &str = "REGISTER-upstream-unavailable";
    pub const UPSTREAM_INVALID_RESPONSE: &str = "REGISTER-upstream-invalid-response";
    pub const NOT_FOUND: &str = "REGISTER-not-found";

    #[cfg(test)]
    pub const ALL: [&str; 13] = [
        MALFORMED_BODY,
        BODY_TOO_LARGE,
        FORBIDDEN_FIELD,
        UNKNOWN_FIELD,
        METHOD_DISABLED,
        BOTH_CREDENTIALS,
        MISSING_CREDENTIAL,
        TICKET_REJECTED,
        RATE_LIMITED,
        UPSTREAM_TIMEOUT,
        UPSTREAM_UNAVAILABLE,
        UPSTREAM_INVALID_RESPONSE,
        NOT_FOUND,
    ];
}

fn method_list(methods: &[Method]) -> String {
    let names: Vec<&str> = methods.iter().map(|method| method.config_name()).collect();
    names.join(" or ")
}

impl GatewayError {
    /// Returns the error body the browser receives.
    pub fn body(&self) -> ErrorBody {
        let text = self.to_string();
        let (code, error_id) = match self {
            GatewayError::InvalidFields(errors) => return invalid_fields_body(errors),
            GatewayError::MalformedBody(_) => (GrpcCode::InvalidArgument, id::MALFORMED_BODY),
            GatewayError::BodyTooLarge { .. } => (GrpcCode::InvalidArgument, id::BODY_TOO_LARGE),
            GatewayError::ForbiddenField { .. } => (GrpcCode::InvalidArgument, id::FORBIDDEN_FIELD),
            GatewayError::UnknownField { .. } => (GrpcCode::InvalidArgument, id::UNKNOWN_FIELD),
            GatewayError::MethodDisabled { .. } => (GrpcCode::InvalidArgument, id::METHOD_DISABLED),
            GatewayError::BothCredentials => (GrpcCode::InvalidArgument, id::BOTH_CREDENTIALS),
            GatewayError::MissingCredential => (GrpcCode::InvalidArgument, id::MISSING_CREDENTIAL),
            GatewayError::TicketRejected(_) => {
                let text = "a valid registration ticket for this user is required in x-register-ticket";
                return ErrorBody::zitadel(GrpcCode::PermissionDenied, id::TICKET_REJECTED, text);
            }
            GatewayError::RateLimited { .. } => (GrpcCode::ResourceExhausted, id::RATE_LIMITED),
            GatewayError::UpstreamTimeout => (GrpcCode::DeadlineExceeded, id::UPSTREAM_TIMEOUT),
            GatewayError::UpstreamUnavailable(_) => {
                let text = "the identity service is unreachable; try again later";
                return ErrorBody::zitadel(GrpcCode::Unavailable, id::UPSTREAM_UNAVAILABLE, text);
            }
            GatewayError::UpstreamInvalidResponse(_) => {
                let text = "the identity service sent an unreadable response";
                return ErrorBody::zitadel(GrpcCode::Internal, id::UPSTREAM_INVALID_RESPONSE, text);
            }
            GatewayError::NotFound => (GrpcCode::NotFound, id::NOT_FOUND),
        };
        ErrorBody::zitadel(code, error_id, &text)
    }

    fn status(&self, body: &ErrorBody) -> StatusCode {
        match self {
            GatewayError::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            GatewayError::UpstreamInvalidResponse(_) => StatusCode::BAD_GATEWAY,
            _ => status_for(body),
        }
    }

    /// Logs the error with its internal details, which the response leaves out.
    fn log(&self) {
        match self {
            GatewayError::UpstreamTimeout | GatewayError::UpstreamUnavailable(_) => {
                // The upstream client has logged the failure with its latency already.
                tracing::debug!(error = %self, "gateway returned an upstream failure")
            }
            GatewayError::UpstreamInvalidResponse(_) => tracing::warn!(error = %self, "upstream response rejected"),
            GatewayError::TicketRejected(_) | GatewayError::RateLimited { .. } => {
                tracing::info!(error = %self, "gateway rejected the request")
            }
            _ => tracing::debug!(error = %self, "gateway rejected the request"),
        }
    }
}

impl IntoResponse for GatewayError {
    fn into_response(self) -> Response {
        self.log();
        let body = self.body();
        let mut response = error_response(self.status(&body), &body);
        if let GatewayError::RateLimited { retry_after_seconds } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds));
        }
        response
    }
}

/// Builds the body for field problems: code 3, every problem in the message, and one
/// detail per problem.
fn invalid_fields_body(errors: &ValidationErrors) -> ErrorBody {
    ErrorBody {
        code: GrpcCode::InvalidArgument.number(),
        message: format!("invalid registration: {errors}"),
        details: errors
            .iter()
            .map(|error| ErrorDetail::new(&error_id_for(error), &error.problem.to_string()))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use register_core::failure::{Failure, GATEWAY_FIELD_ID_PREFIX};
    use register_core::field::{Field, Problem};
    use register_core::policy::Requirement;

    use super::*;

    #[test]
    fn invalid_fields_round_trip_through_core() {
        let mut errors = ValidationErrors::new();
        errors.push(Field::Username, Problem::Empty);
        errors.push(Field::Email, Problem::EmailDisplayName);
        errors.push(Field::Phone, Problem::PhoneMissingCountryCode);
        errors.push(Field::Password, Problem::PasswordRequirement(Requirement::Uppercase));
        let error = GatewayError::InvalidFields(errors.clone());
        let body = error.body();

        assert_eq!(body.code, 3);
        assert!(
            body.message
                .starts_with("invalid registration: username: must not be empty; email: "),
            "{}",
            body.message
        );
        assert_eq!(body.details.len(), 4);
        assert_eq!(body.details[2].message, Problem::PhoneMissingCountryCode.to_string());

        let Failure::InvalidFields(read_back) = Failure::from_response(400, &body) else {
            panic!("not read as field errors: {body:?}")
        };
        assert_eq!(read_back.fields(), errors.fields());
        let password_problems: Vec<&Problem> = read_back.for_field(Field::Password).collect();
        assert_eq!(
            password_problems,
            vec![&Problem::PasswordRequirement(Requirement::Uppercase)]
        );
        assert_eq!(
            read_back.for_field(Field::Email).next(),
            Some(&Problem::EmailDisplayName)
        );
    }

    #[test]
    fn own_ids_are_never_field_ids() {
        for error_id in id::ALL {
            let key = error_id.strip_prefix(GATEWAY_FIELD_ID_PREFIX).unwrap();
            assert!(Field::ALL.iter().all(|field| field.key() != key), "{error_id}");
            let body = ErrorBody::zitadel(GrpcCode::InvalidArgument, error_id, "text");
            assert!(
                Failure::from_response(400, &body).field_errors().is_empty(),
                "{error_id}"
            );
        }
    }

    #[test]
    fn statuses_and_codes() {
        let cases = [
            (GatewayError::MalformedBody("x".into()), 400, 3),
            (GatewayError::BodyTooLarge { limit: 16384 }, 413, 3),
            (GatewayError::ForbiddenField { path: "idps".into() }, 400, 3),
            (GatewayError::BothCredentials, 400, 3),
            (GatewayError::TicketRejected(TicketError::Missing), 403, 7),
            (GatewayError::RateLimited { retry_after_seconds: 5 }, 429, 8),
            (GatewayError::UpstreamTimeout, 504, 4),
            (GatewayError::UpstreamInvalidResponse("x".into()), 502, 13),
            (GatewayError::NotFound, 404, 5),
        ];
        for (error, status, code) in cases {
            let body = error.body();
            assert_eq!(error.status(&body).as_u16(), status, "{error}");
            assert_eq!(body.code, code, "{error}");
            assert_eq!(body.details.len(), 1, "{error}");
        }
    }

    #[test]
    fn forbidden_field_message_names_the_field() {
        let body = GatewayError::ForbiddenField {
            path: "email.isEmailVerified".into(),
        }
        .body();
        assert_eq!(body.details[0].id, id::FORBIDDEN_FIELD);
        assert_eq!(
            body.details[0].message,
            "email.isEmailVerified may not be set by a self-registration"
        );
    }

    #[test]
    fn rate_limited_response_has_retry_after() {
        let response = GatewayError::RateLimited { retry_after_seconds: 7 }.into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[header::RETRY_AFTER], "7");
    }
}
