//! Errors that stop the server from starting or serving, and the JSON error response that
//! the gateway and the stand-in share.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use register_core::wire::ErrorBody;

use crate::secret::SecretFileError;

/// A failure to start a server, or an error that stopped one.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The gateway forwards to a real ZITADEL but has no token to call it with.
    #[error(
        "missing service token: with --upstream, set REGISTER_SERVICE_TOKEN or --service-token-file (REGISTER_SERVICE_TOKEN_FILE)"
    )]
    MissingServiceToken,
    /// A secret was given both in the environment and as a file.
    #[error("both {variable} and {option} are set; use only one of them")]
    SecretGivenTwice {
        variable: &'static str,
        option: &'static str,
    },
    /// A token or key file could not be used.
    #[error(transparent)]
    SecretFile(#[from] SecretFileError),
    /// The ticket key file is too short to sign tickets safely.
    #[error("ticket key file {path} holds {length} bytes; write at least {minimum} random bytes into it")]
    TicketKeyTooShort {
        path: PathBuf,
        length: usize,
        minimum: usize,
    },
    /// The service token contains characters that an HTTP header cannot carry.
    #[error(
        "invalid service token: it contains characters that an HTTP header cannot carry; check the token file or variable"
    )]
    InvalidServiceToken,
    /// A listener could not be opened.
    #[error("could not listen on {address}: {source}")]
    Bind {
        address: SocketAddr,
        source: std::io::Error,
    },
    /// The --dist directory is not a built web app.
    #[error("--dist {}: {problem}; build the widget with `cargo xtask dist`, or leave --dist out to serve only the API", path.display())]
    DistNotUsable { path: PathBuf, problem: &'static str },
    /// The HTTP client for the upstream could not be built.
    #[error("could not build the HTTP client for the upstream: {0}")]
    HttpClient(#[source] reqwest::Error),
    /// A server stopped with an IO error.
    #[error("server stopped with an error: {0}")]
    Serve(#[source] std::io::Error),
}

/// Builds a JSON response in ZITADEL's error shape (a `google.rpc.Status`).
pub(crate) fn error_response(status: StatusCode, body: &ErrorBody) -> Response {
    let json = serde_json::to_vec(body).expect("an error body always serializes");
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        json,
    )
        .into_response()
}

/// Returns the HTTP status that grpc-gateway uses for the body's gRPC code.
pub(crate) fn status_for(body: &ErrorBody) -> StatusCode {
    StatusCode::from_u16(body.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}
