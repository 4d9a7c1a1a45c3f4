//! register-server: the registration gateway between browsers and ZITADEL, and an
//! in-memory ZITADEL stand-in for development and tests.
//!
//! - [`gateway`]: the only holder of the service token and the only way a browser reaches
//!   ZITADEL. It forwards a small allowlist of calls after checking them with
//!   `register-core`, and serves the built web app.
//! - [`stand_in`]: ZITADEL's calls imitated in memory, with ZITADEL's rules and errors.
//! - [`run`]: starts either or both on their listeners.
//!
//! Every request body, check, ZITADEL URL and error id comes from `register-core`, and
//! this crate sends and serves them.

pub mod clock;
pub mod config;
pub mod error;
pub mod gateway;
pub mod routes;
pub mod run;
pub mod secret;
pub mod stand_in;
pub mod telemetry;

#[cfg(test)]
mod test_support;

pub use self::config::Config;
pub use self::error::StartError;
pub use self::run::{Running, run, serve, start};
