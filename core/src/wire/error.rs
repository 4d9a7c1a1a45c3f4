//! The error body of ZITADEL's REST gateway: a `google.rpc.Status` with ZITADEL details.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// The `@type` of the detail ZITADEL attaches to its own errors.
pub const ERROR_DETAIL_TYPE: &str = "type.googleapis.com/zitadel.v1.ErrorDetail";

/// A gRPC status code, as carried in `code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GrpcCode {
    Ok,
    Cancelled,
    Unknown,
    InvalidArgument,
    DeadlineExceeded,
    NotFound,
    AlreadyExists,
    PermissionDenied,
    ResourceExhausted,
    FailedPrecondition,
    Aborted,
    OutOfRange,
    Unimplemented,
    Internal,
    Unavailable,
    DataLoss,
    Unauthenticated,
}

impl GrpcCode {
    const ALL: [GrpcCode; 17] = [
        GrpcCode::Ok,
        GrpcCode::Cancelled,
        GrpcCode::Unknown,
        GrpcCode::InvalidArgument,
        GrpcCode::DeadlineExceeded,
        GrpcCode::NotFound,
        GrpcCode::AlreadyExists,
        GrpcCode::PermissionDenied,
        GrpcCode::ResourceExhausted,
        GrpcCode::FailedPrecondition,
        GrpcCode::Aborted,
        GrpcCode::OutOfRange,
        GrpcCode::Unimplemented,
        GrpcCode::Internal,
        GrpcCode::Unavailable,
        GrpcCode::DataLoss,
        GrpcCode::Unauthenticated,
    ];

    pub fn number(self) -> i32 {
        match self {
            GrpcCode::Ok => 0,
            GrpcCode::Cancelled => 1,
            GrpcCode::Unknown => 2,
            GrpcCode::InvalidArgument => 3,
            GrpcCode::DeadlineExceeded => 4,
            GrpcCode::NotFound => 5,
            GrpcCode::AlreadyExists => 6,
            GrpcCode::PermissionDenied => 7,
            GrpcCode::ResourceExhausted => 8,
            GrpcCode::FailedPrecondition => 9,
            GrpcCode::Aborted => 10,
            GrpcCode::OutOfRange => 11,
            GrpcCode::Unimplemented => 12,
            GrpcCode::Internal => 13,
            GrpcCode::Unavailable => 14,
            GrpcCode::DataLoss => 15,
            GrpcCode::Unauthenticated => 16,
        }
    }

    pub fn from_number(number: i32) -> Option<GrpcCode> {
        GrpcCode::ALL.into_iter().find(|code| code.number() == number)
    }

    /// Returns the Connect protocol name, such as `already_exists`.
    pub fn connect_name(self) -> &'static str {
        match self {
            GrpcCode::Ok => "ok",
            GrpcCode::Cancelled => "canceled",
            GrpcCode::Unknown => "unknown",
            GrpcCode::InvalidArgument => "invalid_argument",
            GrpcCode::DeadlineExceeded => "deadline_exceeded",
            GrpcCode::NotFound => "not_found",
            GrpcCode::AlreadyExists => "already_exists",
            GrpcCode::PermissionDenied => "permission_denied",
            GrpcCode::ResourceExhausted => "resource_exhausted",
            GrpcCode::FailedPrecondition => "failed_precondition",
            GrpcCode::Aborted => "aborted",
            GrpcCode::OutOfRange => "out_of_range",
            GrpcCode::Unimplemented => "unimplemented",
            GrpcCode::Internal => "internal",
            GrpcCode::Unavailable => "unavailable",
            GrpcCode::DataLoss => "data_loss",
            GrpcCode::Unauthenticated => "unauthenticated",
        }
    }

    /// Returns the HTTP status grpc-gateway answers with for this code.
    pub fn http_status(self) -> u16 {
        match self {
            GrpcCode::Ok => 200,
            GrpcCode::Cancelled => 499,
            GrpcCode::Unknown | GrpcCode::Internal | GrpcCode::DataLoss => 500,
            GrpcCode::InvalidArgument | GrpcCode::FailedPrecondition | GrpcCode::OutOfRange => 400,
            GrpcCode::DeadlineExceeded => 504,
            GrpcCode::NotFound => 404,
            GrpcCode::AlreadyExists | GrpcCode::Aborted => 409,
            GrpcCode::PermissionDenied => 403,
            GrpcCode::ResourceExhausted => 429,
            GrpcCode::Unimplemented => 501,
            GrpcCode::Unavailable => 503,
            GrpcCode::Unauthenticated => 401,
        }
    }
}

/// A ZITADEL error response. ZITADEL's own errors carry one [`ErrorDetail`]; request
/// validation errors (protoc-gen-validate) carry none.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorBody {
    /// The gRPC status code. The Connect form's string names are read too.
    #[serde(deserialize_with = "deserialize_code")]
    pub code: i32,
    pub message: String,
    pub details: Vec<ErrorDetail>,
}

/// `zitadel.v1.ErrorDetail`, one entry of `details[]`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ErrorDetail {
    #[serde(rename = "@type")]
    pub type_url: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
}

impl ErrorBody {
    /// Builds an error the way ZITADEL does: `message` is `"<text> (<id>)"` and one detail
    /// carries the id and the text.
    pub fn zitadel(code: GrpcCode, id: &str, text: &str) -> ErrorBody {
        ErrorBody {
            code: code.number(),
            message: format!("{text} ({id})"),
            details: vec![ErrorDetail::new(id, text)],
        }
    }

    /// Builds an error without details, as request validation (protoc-gen-validate) does.
    pub fn without_details(code: GrpcCode, message: impl Into<String>) -> ErrorBody {
        ErrorBody {
            code: code.number(),
            message: message.into(),
            details: Vec::new(),
        }
    }

    pub fn grpc_code(&self) -> Option<GrpcCode> {
        GrpcCode::from_number(self.code)
    }

    /// Returns the ids of every detail, in order.
    pub fn detail_ids(&self) -> impl Iterator<Item = &str> {
        self.details
            .iter()
            .map(|detail| detail.id.as_str())
            .filter(|id| !id.is_empty())
    }

    /// Returns the HTTP status that belongs to `code`, or 500 for an unknown code.
    pub fn http_status(&self) -> u16 {
        self.grpc_code().map_or(500, GrpcCode::http_status)
    }
}

impl ErrorDetail {
    pub fn new(id: &str, message: &str) -> ErrorDetail {
        ErrorDetail {
            type_url: ERROR_DETAIL_TYPE.to_owned(),
            id: id.to_owned(),
            message: message.to_owned(),
        }
    }
}

impl fmt::Display for ErrorBody {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "code {}: {}", self.code, self.message)
    }
}

fn deserialize_code<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i32, D::Error> {
    struct CodeVisitor;

    impl Visitor<'_> for CodeVisitor {
        type Value = i32;

        fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
            formatter.write_str("a gRPC status code number or Connect code name")
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<i32, E> {
            i32::try_from(value).map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<i32, E> {
            i32::try_from(value).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<i32, E> {
            GrpcCode::ALL
                .into_iter()
                .find(|code| code.connect_name() == value)
                .map(GrpcCode::number)
                .ok_or_else(|| E::invalid_value(de::Unexpected::Str(value), &self))
        }
    }

    deserializer.deserialize_any(CodeVisitor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_example_round_trips() {
        let json = r#"{
          "code": 6,
          "message": "User already exists (V3-DKcYh)",
          "details": [
            { "@type": "type.googleapis.com/zitadel.v1.ErrorDetail", "id": "V3-DKcYh", "message": "User already exists" }
          ]
        }"#;
        let body: ErrorBody = serde_json::from_str(json).unwrap();
        assert_eq!(
            body,
            ErrorBody::zitadel(GrpcCode::AlreadyExists, "V3-DKcYh", "User already exists")
        );
        assert_eq!(body.http_status(), 409);
        let again: serde_json::Value = serde_json::to_value(&body).unwrap();
        assert_eq!(again, serde_json::from_str::<serde_json::Value>(json).unwrap());
    }

    #[test]
    fn validation_error_without_details() {
        let json = r#"{"code":3,"message":"invalid ImportHumanUserRequest.UserName: value length must be between 1 and 200 runes, inclusive","details":[]}"#;
        let body: ErrorBody = serde_json::from_str(json).unwrap();
        assert_eq!(body.grpc_code(), Some(GrpcCode::InvalidArgument));
        assert_eq!(body.detail_ids().count(), 0);
    }

    #[test]
    fn missing_fields_read_as_defaults() {
        let body: ErrorBody = serde_json::from_str(r#"{"code":16}"#).unwrap();
        assert_eq!(body.message, "");
        assert!(body.details.is_empty());
        assert_eq!(body.http_status(), 401);
    }

    #[test]
    fn connect_code_names_are_read() {
        let body: ErrorBody = serde_json::from_str(r#"{"code":"already_exists","message":"x (V3-DKcYh)"}"#).unwrap();
        assert_eq!(body.grpc_code(), Some(GrpcCode::AlreadyExists));
    }

    #[test]
    fn http_status_table() {
        let cases = [
            (GrpcCode::InvalidArgument, 400),
            (GrpcCode::FailedPrecondition, 400),
            (GrpcCode::Unauthenticated, 401),
            (GrpcCode::PermissionDenied, 403),
            (GrpcCode::NotFound, 404),
            (GrpcCode::AlreadyExists, 409),
            (GrpcCode::ResourceExhausted, 429),
            (GrpcCode::Internal, 500),
            (GrpcCode::Unimplemented, 501),
            (GrpcCode::Unavailable, 503),
            (GrpcCode::DeadlineExceeded, 504),
        ];
        for (code, status) in cases {
            assert_eq!(code.http_status(), status, "{code:?}");
        }
    }
}
