//! The rules of ZITADEL user registration, shared by the browser widget and the server.
//!
//! This crate does no IO: it reads no clock, opens no socket and depends on neither
//! leptos, web-sys nor axum. It holds:
//! - [`wire`]: the management API's JSON bodies, exactly as ZITADEL writes them;
//! - [`domain`]: validated values with private fields, whose constructors report every
//!   problem found, each tied to its [`field::Field`];
//! - [`registration`]: the self-registration form and the ImportHumanUser body it becomes;
//! - [`policy`]: the password complexity check, with ZITADEL's verdict for every string;
//! - [`link`]: the passkey registration link with `requestPlatformType`;
//! - [`expiration`]: when that link expires;
//! - [`failure`]: what a ZITADEL error means for the user;
//! - [`zitadel`]: ZITADEL's own checks, codes and messages, for the stand-in;
//! - [`api`]: the endpoints and headers.

pub mod api;
pub mod domain;
pub mod expiration;
pub mod failure;
pub mod field;
pub mod link;
pub mod policy;
pub mod registration;
pub mod text;
pub mod wire;
pub mod zitadel;

pub use field::{Field, FieldError, Problem, ValidationErrors};
