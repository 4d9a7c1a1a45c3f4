//! The errors the stand-in returns, with ZITADEL's codes, ids and messages.

use axum::response::{IntoResponse, Response};
use register_core::wire::{ErrorBody, GrpcCode};
use register_core::zitadel::{error, message};

use crate::error::{error_response, status_for};

/// A management API call that the stand-in rejects, as ZITADEL would.
#[derive(Debug, thiserror::Error)]
pub enum StandInError {
    /// The request has no `Authorization` header.
    #[error("missing authorization header")]
    MissingAuthHeader,
    /// The `Authorization` header is not `Bearer <token>`.
    #[error("authorization header is not a bearer token")]
    InvalidAuthHeader,
    /// The token is neither the service token nor the admin token.
    #[error("unknown bearer token")]
    InvalidToken,
    /// The organization in `x-zitadel-orgid` does not exist.
    #[error("organization in x-zitadel-orgid does not exist")]
    OrgNotFound,
    /// The token's role lacks the permission the call needs.
    #[error("token lacks the permission {permission}")]
    PermissionDenied { permission: &'static str },
    /// No user has this id in the organization.
    #[error("user not found")]
    UserNotFound,
    /// Another user has the same username, compared ignoring case.
    #[error("username already exists")]
    UsernameTaken,
    /// ZITADEL's field rules rejected the request.
    #[error("request rejected: {0}")]
    Rejected(ErrorBody),
    /// The body is not valid JSON for the request message.
    #[error("{0}")]
    MalformedBody(String),
    /// No route matches the path.
    #[error("no route for this path")]
    RouteNotFound,
    /// The route exists, but not for this HTTP method.
    #[error("method not allowed for this path")]
    MethodNotAllowed,
}

impl StandInError {
    /// Returns the body ZITADEL sends for this error.
    pub fn body(&self) -> ErrorBody {
        match self {
            // NOTE: ZITADEL rejects a missing header with "auth header missing". Its error id
            // is not confirmed, so the id of a malformed header is used.
            StandInError::MissingAuthHeader => ErrorBody::zitadel(
                GrpcCode::Unauthenticated,
                message::INVALID_AUTH_HEADER.0,
                "auth header missing",
            ),
            StandInError::InvalidAuthHeader => error(GrpcCode::Unauthenticated, message::INVALID_AUTH_HEADER),
            StandInError::InvalidToken => error(GrpcCode::Unauthenticated, message::TOKEN_INVALID),
            StandInError::OrgNotFound => error(GrpcCode::PermissionDenied, message::ORG_NOT_FOUND),
            StandInError::PermissionDenied { .. } => error(GrpcCode::PermissionDenied, message::PERMISSION_DENIED),
            StandInError::UserNotFound => error(GrpcCode::NotFound, message::USER_NOT_FOUND),
            StandInError::UsernameTaken => error(GrpcCode::AlreadyExists, message::USER_ALREADY_EXISTS),
            StandInError::Rejected(body) => body.clone(),
            StandInError::MalformedBody(text) => ErrorBody::without_details(GrpcCode::InvalidArgument, text.clone()),
            StandInError::RouteNotFound => ErrorBody::without_details(GrpcCode::NotFound, "Not Found"),
            StandInError::MethodNotAllowed => ErrorBody::without_details(GrpcCode::Unimplemented, "Method Not Allowed"),
        }
    }
}

impl IntoResponse for StandInError {
    fn into_response(self) -> Response {
        let body = self.body();
        tracing::info!(error = %self, code = body.code, "stand-in rejected the request");
        error_response(status_for(&body), &body)
    }
}

/// Reads a JSON request body the way grpc-gateway does: an empty body is the empty
/// message, `null` leaves a field unset, and unknown fields are ignored.
///
/// A type error does not quote the value, because the value may be a password.
pub fn parse_body<T: serde::de::DeserializeOwned + Default>(
    body: &[u8],
    message_name: &str,
) -> Result<T, StandInError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    let mut value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|error| StandInError::MalformedBody(format!("invalid {message_name}: {error}")))?;
    remove_nulls(&mut value);
    serde_json::from_value(value).map_err(|_| {
        StandInError::MalformedBody(format!("invalid {message_name}: a field has a value of the wrong type"))
    })
}

/// Removes every object member whose value is `null`, at any depth.
fn remove_nulls(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(fields) => {
            fields.retain(|_, field| !field.is_null());
            fields.values_mut().for_each(remove_nulls);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(remove_nulls),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use register_core::wire::ImportHumanUserRequest;

    use super::*;

    #[test]
    fn statuses_follow_grpc_gateway() {
        let cases = [
            (StandInError::MissingAuthHeader, 401, 16, "AUTH-7fs1e"),
            (StandInError::InvalidToken, 401, 16, "AUTH-7fs1e"),
            (StandInError::OrgNotFound, 403, 7, "AUTH-Bs7Ds"),
            (
                StandInError::PermissionDenied {
                    permission: "user.write",
                },
                403,
                7,
                "AUTH-5mWD2",
            ),
            (StandInError::UserNotFound, 404, 5, "COMMAND-M9dsd"),
            (StandInError::UsernameTaken, 409, 6, "V3-DKcYh"),
        ];
        for (error, status, code, id) in cases {
            let body = error.body();
            assert_eq!(body.code, code, "{error}");
            assert_eq!(body.http_status(), status, "{error}");
            assert_eq!(body.detail_ids().collect::<Vec<_>>(), vec![id], "{error}");
        }
        assert_eq!(StandInError::MethodNotAllowed.body().http_status(), 501);
        assert_eq!(StandInError::RouteNotFound.body().http_status(), 404);
    }

    #[test]
    fn type_errors_do_not_echo_values() {
        let error =
            parse_body::<ImportHumanUserRequest>(br#"{"password": 12345678}"#, "ImportHumanUserRequest").unwrap_err();
        let text = error.body().message;
        assert!(!text.contains("12345678"), "{text}");
        assert!(text.contains("wrong type"), "{text}");
    }

    #[test]
    fn empty_body_is_empty_message() {
        let request = parse_body::<ImportHumanUserRequest>(b" \n", "ImportHumanUserRequest").unwrap();
        assert_eq!(request, ImportHumanUserRequest::default());
        let error = parse_body::<ImportHumanUserRequest>(b"{", "ImportHumanUserRequest").unwrap_err();
        assert_eq!(error.body().code, 3);
        let with_nulls = br#"{"userName": "anna", "password": null, "profile": {"nickName": null}}"#;
        let request = parse_body::<ImportHumanUserRequest>(with_nulls, "ImportHumanUserRequest").unwrap();
        assert_eq!(request.user_name, "anna");
        assert!(request.password.is_empty());
    }
}
