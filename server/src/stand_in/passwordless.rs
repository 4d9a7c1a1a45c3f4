//! AddPasswordlessRegistration (`_link`) and SendPasswordlessRegistration (`_send_link`).
//!
//! Both create a new one-time code. `_link` returns the link and needs
//! `user.credential.write`, which the service token lacks. `_send_link` mails the link
//! and needs only `user.write`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::routing::post;
use axum::{Json, Router};
use register_core::link::passwordless_init_link;
use register_core::wire::{
    AddPasswordlessRegistrationResponse, ObjectDetails, ProtoDuration, SendPasswordlessRegistrationRequest,
    SendPasswordlessRegistrationResponse,
};
use url::Url;

use super::auth::{Caller, Permission};
use super::outbox::{Mail, MailKind};
use super::{StandIn, StandInError};
use crate::clock::rfc3339;
use crate::routes;

pub fn router() -> Router<Arc<StandIn>> {
    Router::new()
        .route(
            routes::ADD_PASSWORDLESS_REGISTRATION,
            post(add_passwordless_registration),
        )
        .route(
            routes::SEND_PASSWORDLESS_REGISTRATION,
            post(send_passwordless_registration),
        )
}

/// A new code's link and the details of the change.
struct NewLink {
    link: Url,
    details: ObjectDetails,
    recipient: String,
}

/// Creates a code for a user of the caller's organization and builds its link.
fn create_link(stand_in: &StandIn, caller: &Caller, user_id: &str) -> Result<NewLink, StandInError> {
    let settings = stand_in.settings();
    let now = settings.clock.now();
    let mut store = stand_in.store();
    let user = store
        .find_user(&caller.org_id, user_id)
        .ok_or(StandInError::UserNotFound)?
        .clone();
    let (code, sequence) = store.add_passwordless_code(&user.id, now, settings.passwordless_expiry);
    let link = passwordless_init_link(
        &settings.public_origin,
        &user.id,
        &user.org_id,
        &code.id,
        code.code.expose_secret(),
    );
    Ok(NewLink {
        link,
        details: ObjectDetails {
            sequence,
            creation_date: None,
            change_date: Some(rfc3339(now)),
            resource_owner: user.org_id,
        },
        recipient: user.email,
    })
}

async fn add_passwordless_registration(
    State(stand_in): State<Arc<StandIn>>,
    caller: Caller,
    Path(user_id): Path<String>,
) -> Result<Json<AddPasswordlessRegistrationResponse>, StandInError> {
    caller.require(Permission::UserCredentialWrite)?;
    let new_link = create_link(&stand_in, &caller, &user_id)?;
    Ok(Json(AddPasswordlessRegistrationResponse {
        details: Some(new_link.details),
        link: new_link.link.to_string(),
        expiration: ProtoDuration(stand_in.settings().passwordless_expiry),
    }))
}

async fn send_passwordless_registration(
    State(stand_in): State<Arc<StandIn>>,
    caller: Caller,
    Path(user_id): Path<String>,
    body: Bytes,
) -> Result<Json<SendPasswordlessRegistrationResponse>, StandInError> {
    caller.require(Permission::UserWrite)?;
    // The body may repeat the user id, but the path wins, as in grpc-gateway.
    let _request: SendPasswordlessRegistrationRequest =
        super::error::parse_body(&body, "SendPasswordlessRegistrationRequest")?;
    let new_link = create_link(&stand_in, &caller, &user_id)?;
    let now = stand_in.settings().clock.now();
    stand_in.store().send_mail(Mail {
        recipient: new_link.recipient,
        kind: MailKind::PasswordlessRegistration,
        user_id,
        link: Some(new_link.link.to_string()),
        code: None,
        time: rfc3339(now),
    });
    Ok(Json(SendPasswordlessRegistrationResponse {
        details: Some(new_link.details),
    }))
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;
    use serde_json::{Value, json};
    use tower::ServiceExt;

    use super::super::test_support::*;
    use super::super::{PasswordlessState, app};
    use super::*;
    use crate::test_support::json_body;

    async fn create_user(stand_in: &Arc<StandIn>) -> String {
        let request = request(
            "POST",
            routes::IMPORT_HUMAN_USER,
            Some(SERVICE_TOKEN),
            Some(valid_import("minnie")),
        );
        let response = app(stand_in.clone()).oneshot(request).await.unwrap();
        json_body(response).await["userId"].as_str().unwrap().to_owned()
    }

    async fn call(stand_in: &Arc<StandIn>, route: &str, user_id: &str, token: &str) -> (StatusCode, Value) {
        let uri = route.replace("{user_id}", user_id);
        let response = app(stand_in.clone())
            .oneshot(request("POST", &uri, Some(token), Some(json!({}))))
            .await
            .unwrap();
        (response.status(), json_body(response).await)
    }

    #[tokio::test]
    async fn link_needs_credential_write() {
        let stand_in = stand_in();
        let user_id = create_user(&stand_in).await;
        let (status, body) = call(
            &stand_in,
            routes::ADD_PASSWORDLESS_REGISTRATION,
            &user_id,
            SERVICE_TOKEN,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(body["code"], 7);
        assert_eq!(body["details"][0]["id"], "AUTH-5mWD2");

        let (status, body) = call(&stand_in, routes::ADD_PASSWORDLESS_REGISTRATION, &user_id, ADMIN_TOKEN).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["expiration"], "3600s");
        let link = Url::parse(body["link"].as_str().unwrap()).unwrap();
        assert_eq!(link.host_str(), Some("127.0.0.1"));
        assert_eq!(link.query_pairs().find(|(key, _)| key == "userID").unwrap().1, user_id);
        assert_eq!(stand_in.users()[0].passwordless, PasswordlessState::Pending);
    }

    #[tokio::test]
    async fn send_link_mails_a_fresh_link() {
        let stand_in = stand_in();
        let user_id = create_user(&stand_in).await;
        let (status, body) = call(
            &stand_in,
            routes::SEND_PASSWORDLESS_REGISTRATION,
            &user_id,
            SERVICE_TOKEN,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["details"]["resourceOwner"], ORG_ID);

        let outbox = stand_in.outbox();
        let mail = outbox.last().unwrap();
        assert_eq!(mail.kind, MailKind::PasswordlessRegistration);
        assert_eq!(mail.user_id, user_id);
        assert_eq!(mail.recipient, "minnie@mouse.com");
        let link = Url::parse(mail.link.as_deref().unwrap()).unwrap();
        let code = link
            .query_pairs()
            .find(|(key, _)| key == "code")
            .unwrap()
            .1
            .into_owned();
        assert_eq!(code.len(), 12);
    }

    #[tokio::test]
    async fn unknown_users_are_not_found() {
        let stand_in = stand_in();
        for route in [
            routes::ADD_PASSWORDLESS_REGISTRATION,
            routes::SEND_PASSWORDLESS_REGISTRATION,
        ] {
            let (status, body) = call(&stand_in, route, "12345", ADMIN_TOKEN).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{route}");
            assert_eq!(body["code"], 5, "{route}");
        }
        assert!(stand_in.outbox().is_empty());
    }
}
