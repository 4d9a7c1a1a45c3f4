//! Logging: the subscriber, and one span per request with its method, route, status and
//! latency, plus the upstream's status and latency when the gateway forwarded it.
//!
//! The span records the route template, such as `/management/v1/users/{user_id}`, never
//! the path or the query, because passkey registration links carry their code in the
//! query.

use std::io::IsTerminal;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;
use tracing::field::Empty;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

/// The log filter when `RUST_LOG` is not set.
pub const DEFAULT_FILTER: &str = "info";

/// Installs the global subscriber: human-readable lines on standard error, filtered by
/// `RUST_LOG` (default `info`).
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let subscriber = subscriber(filter, std::io::stderr).with_ansi(std::io::stderr().is_terminal());
    subscriber.init();
}

/// Builds the subscriber with the production format, writing to `writer`. Tests use it to
/// capture real log lines.
pub fn subscriber<W>(
    filter: EnvFilter,
    writer: W,
) -> tracing_subscriber::fmt::SubscriberBuilder<
    tracing_subscriber::fmt::format::DefaultFields,
    tracing_subscriber::fmt::format::Format,
    EnvFilter,
    W,
>
where
    W: for<'writer> MakeWriter<'writer> + Send + Sync + 'static,
{
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
}

/// Wraps a gateway request in its span.
pub async fn gateway_request_span(request: Request, next: Next) -> Response {
    handle_in_span("gateway", request, next).await
}

/// Wraps a stand-in request in its span.
pub async fn stand_in_request_span(request: Request, next: Next) -> Response {
    handle_in_span("stand-in", request, next).await
}

async fn handle_in_span(component: &'static str, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
        .to_owned();
    let span = tracing::info_span!(
        "request",
        component,
        method = %request.method(),
        route = %route,
        status = Empty,
        latency_ms = Empty,
        upstream_status = Empty,
        upstream_latency_ms = Empty,
    );

    let started = Instant::now();
    let response = next.run(request).instrument(span.clone()).await;
    let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);

    span.record("status", response.status().as_u16());
    span.record("latency_ms", latency_ms);
    span.in_scope(|| {
        if response.status().is_server_error() {
            tracing::warn!("request finished");
        } else {
            tracing::info!("request finished");
        }
    });
    response
}
