//! Development views of the stand-in's records: `/stand-in/outbox` lists the mails it
//! would have sent and `/stand-in/users` lists its users. Neither needs a token, since
//! the stand-in is for local development and tests only. No password is ever listed,
//! because none is stored.

use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use super::StandIn;
use super::outbox::Mail;
use super::store::StoredUser;
use crate::clock::rfc3339;

/// The path of the outbox listing.
pub const OUTBOX_PATH: &str = "/stand-in/outbox";

/// The path of the user listing.
pub const USERS_PATH: &str = "/stand-in/users";

pub fn router() -> Router<Arc<StandIn>> {
    Router::new()
        .route(OUTBOX_PATH, get(list_outbox))
        .route(USERS_PATH, get(list_users))
}

async fn list_outbox(State(stand_in): State<Arc<StandIn>>) -> Json<Vec<Mail>> {
    Json(stand_in.outbox())
}

/// One entry of `/stand-in/users`. Every field is written, including empty ones, so that
/// the listing is easy to read.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct UserEntry {
    id: String,
    org_id: String,
    user_name: String,
    first_name: String,
    last_name: String,
    nick_name: String,
    display_name: String,
    preferred_language: String,
    gender: &'static str,
    email: String,
    is_email_verified: bool,
    phone: Option<String>,
    is_phone_verified: bool,
    state: &'static str,
    has_password: bool,
    /// `none`, `pending` (a code exists) or `registered`.
    passwordless: &'static str,
    created_at: String,
}

impl From<&StoredUser> for UserEntry {
    fn from(user: &StoredUser) -> UserEntry {
        UserEntry {
            id: user.id.clone(),
            org_id: user.org_id.clone(),
            user_name: user.user_name.clone(),
            first_name: user.first_name.clone(),
            last_name: user.last_name.clone(),
            nick_name: user.nick_name.clone(),
            display_name: user.display_name.clone(),
            preferred_language: user.preferred_language.clone(),
            gender: user.gender.proto_name(),
            email: user.email.clone(),
            is_email_verified: user.is_email_verified,
            phone: user.phone.clone(),
            is_phone_verified: user.is_phone_verified,
            state: user.state.proto_name(),
            has_password: user.has_password,
            passwordless: user.passwordless.as_str(),
            created_at: rfc3339(user.created_at),
        }
    }
}

async fn list_users(State(stand_in): State<Arc<StandIn>>) -> Json<Vec<UserEntry>> {
    Json(stand_in.users().iter().map(UserEntry::from).collect())
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;
    use serde_json::json;
    use tower::ServiceExt;

    use super::super::app;
    use super::super::test_support::*;
    use super::*;
    use crate::routes;
    use crate::test_support::json_body;

    #[tokio::test]
    async fn users_are_listed_without_passwords() {
        let stand_in = stand_in();
        let request = request(
            "POST",
            routes::IMPORT_HUMAN_USER,
            Some(SERVICE_TOKEN),
            Some(valid_import("minnie")),
        );
        app(stand_in.clone()).oneshot(request).await.unwrap();

        let response = app(stand_in)
            .oneshot(super::super::test_support::request("GET", USERS_PATH, None, None))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let users = json_body(response).await;
        let user = &users[0];
        assert_eq!(user["userName"], "minnie");
        assert_eq!(user["email"], "minnie@mouse.com");
        assert_eq!(user["isEmailVerified"], false);
        assert_eq!(user["phone"], json!(null));
        assert_eq!(user["state"], "USER_STATE_INITIAL");
        assert_eq!(user["firstName"], "Minnie");
        assert_eq!(user["hasPassword"], true);
        assert_eq!(user["passwordless"], "none");
        assert!(!users.to_string().contains("Secr3tP4ssw0rd!"), "{users}");
    }

    #[tokio::test]
    async fn outbox_lists_mails_with_kind_and_time() {
        let stand_in = stand_in();
        let request = request(
            "POST",
            routes::IMPORT_HUMAN_USER,
            Some(SERVICE_TOKEN),
            Some(valid_import("minnie")),
        );
        app(stand_in.clone()).oneshot(request).await.unwrap();

        let response = app(stand_in.clone())
            .oneshot(super::super::test_support::request("GET", OUTBOX_PATH, None, None))
            .await
            .unwrap();
        let outbox = json_body(response).await;
        let mail = &outbox[0];
        assert_eq!(mail["recipient"], "minnie@mouse.com");
        assert_eq!(mail["kind"], "initialization");
        assert_eq!(mail["userId"], stand_in.users()[0].id);
        assert_eq!(mail["code"].as_str().unwrap().len(), 6);
        assert!(
            humantime::parse_rfc3339(mail["time"].as_str().unwrap()).is_ok(),
            "{mail}"
        );
    }
}
