//! ImportHumanUser and the user lookups, with ZITADEL's checks and its initial-state rule.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use register_core::link::passwordless_init_link;
use register_core::wire::{
    ErrorBody, GetUserByIdResponse, GetUserByLoginNameGlobalResponse, GrpcCode, Human, HumanEmail, HumanPhone,
    HumanProfile, ImportHumanUserRequest, ImportHumanUserResponse, ObjectDetails, PasswordlessRegistration,
    ProtoDuration, User, UserState,
};
use register_core::zitadel::{self, InitialMail};
use serde::Deserialize;

use super::auth::{Caller, Permission};
use super::outbox::{Mail, MailKind};
use super::store::{PasswordlessState, StoredUser, generate_mail_code};
use super::{StandIn, StandInError};
use crate::clock::rfc3339;
use crate::routes;

pub fn router() -> Router<Arc<StandIn>> {
    Router::new()
        .route(routes::IMPORT_HUMAN_USER, post(import_human_user))
        .route(routes::USER_BY_ID, get(get_user_by_id))
        .route(routes::USER_BY_LOGIN_NAME_GLOBAL, get(get_user_by_login_name))
}

async fn import_human_user(
    State(stand_in): State<Arc<StandIn>>,
    caller: Caller,
    body: Bytes,
) -> Result<Json<ImportHumanUserResponse>, StandInError> {
    caller.require(Permission::UserWrite)?;
    let request: ImportHumanUserRequest = super::error::parse_body(&body, "ImportHumanUserRequest")?;
    let settings = stand_in.settings();
    let normalized =
        zitadel::check_import_request(&request, &settings.password_policy).map_err(StandInError::Rejected)?;
    let initial_mail = zitadel::initial_mail(&request);
    let now = settings.clock.now();

    let profile = request.profile.clone().unwrap_or_default();
    let email = request.email.clone().unwrap_or_default();
    let phone = request.phone.clone().filter(|_| normalized.phone.is_some());
    let display_name = if profile.display_name.trim().is_empty() {
        format!("{} {}", profile.first_name.trim(), profile.last_name.trim())
    } else {
        profile.display_name.clone()
    };
    let new_user = StoredUser {
        id: String::new(),
        org_id: caller.org_id.clone(),
        user_name: normalized.user_name.clone(),
        first_name: profile.first_name.clone(),
        last_name: profile.last_name.clone(),
        nick_name: profile.nick_name.clone(),
        display_name,
        preferred_language: profile.preferred_language.clone(),
        gender: profile.gender,
        email: normalized.email.clone(),
        is_email_verified: email.is_email_verified,
        phone: normalized.phone.clone(),
        is_phone_verified: phone.is_some_and(|phone| phone.is_phone_verified),
        has_password: !request.password.is_empty() || request.hashed_password.is_some(),
        passwordless: PasswordlessState::None,
        state: match initial_mail {
            InitialMail::Initialization => UserState::Initial,
            InitialMail::EmailVerification | InitialMail::None => UserState::Active,
        },
        created_at: now,
        changed_at: now,
        sequence: 0,
    };

    let mut store = stand_in.store();
    if store.is_user_name_taken(&new_user.user_name) {
        return Err(StandInError::UsernameTaken);
    }
    let user = store.insert_user(new_user);
    let mut sequence = user.sequence;

    let passwordless_registration = if request.request_passwordless_registration {
        let (code, code_sequence) = store.add_passwordless_code(&user.id, now, settings.passwordless_expiry);
        sequence = code_sequence;
        let link = passwordless_init_link(
            &settings.public_origin,
            &user.id,
            &user.org_id,
            &code.id,
            code.code.expose_secret(),
        );
        let lifetime = ProtoDuration(settings.passwordless_expiry);
        Some(PasswordlessRegistration {
            link: link.to_string(),
            lifetime,
            expiration: lifetime,
        })
    } else {
        None
    };

    let mail_kind = match initial_mail {
        InitialMail::Initialization => Some(MailKind::Initialization),
        InitialMail::EmailVerification => Some(MailKind::EmailVerification),
        InitialMail::None => None,
    };
    if let Some(kind) = mail_kind {
        store.send_mail(Mail {
            recipient: user.email.clone(),
            kind,
            user_id: user.id.clone(),
            link: None,
            code: Some(generate_mail_code()),
            time: rfc3339(now),
        });
    }

    Ok(Json(ImportHumanUserResponse {
        user_id: user.id.clone(),
        details: Some(ObjectDetails {
            sequence,
            creation_date: Some(rfc3339(now)),
            change_date: None,
            resource_owner: user.org_id.clone(),
        }),
        passwordless_registration,
    }))
}

async fn get_user_by_id(
    State(stand_in): State<Arc<StandIn>>,
    caller: Caller,
    Path(user_id): Path<String>,
) -> Result<Json<GetUserByIdResponse>, StandInError> {
    caller.require(Permission::UserRead)?;
    let store = stand_in.store();
    let user = store
        .find_user(&caller.org_id, &user_id)
        .ok_or(StandInError::UserNotFound)?;
    Ok(Json(GetUserByIdResponse {
        user: Some(wire_user(user)),
    }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LoginNameQuery {
    #[serde(rename = "loginName", alias = "login_name")]
    login_name: String,
}

async fn get_user_by_login_name(
    State(stand_in): State<Arc<StandIn>>,
    caller: Caller,
    Query(query): Query<LoginNameQuery>,
) -> Result<Json<GetUserByLoginNameGlobalResponse>, StandInError> {
    caller.require(Permission::UserGlobalRead)?;
    let length = query.login_name.chars().count();
    if !(1..=200).contains(&length) {
        return Err(StandInError::Rejected(ErrorBody::without_details(
            GrpcCode::InvalidArgument,
            "invalid GetUserByLoginNameGlobalRequest.LoginName: value length must be between 1 and 200 runes, inclusive",
        )));
    }
    let store = stand_in.store();
    let user = store
        .find_user_by_login_name(&query.login_name)
        .ok_or(StandInError::UserNotFound)?;
    Ok(Json(GetUserByLoginNameGlobalResponse {
        user: Some(wire_user(user)),
    }))
}

/// Converts a stored user to `zitadel.user.v1.User`.
pub fn wire_user(user: &StoredUser) -> User {
    User {
        id: user.id.clone(),
        details: Some(ObjectDetails {
            sequence: user.sequence,
            creation_date: Some(rfc3339(user.created_at)),
            change_date: Some(rfc3339(user.changed_at)),
            resource_owner: user.org_id.clone(),
        }),
        state: user.state,
        user_name: user.user_name.clone(),
        login_names: vec![user.user_name.clone()],
        preferred_login_name: user.user_name.clone(),
        human: Some(Human {
            profile: Some(HumanProfile {
                first_name: user.first_name.clone(),
                last_name: user.last_name.clone(),
                nick_name: user.nick_name.clone(),
                display_name: user.display_name.clone(),
                preferred_language: user.preferred_language.clone(),
                gender: user.gender,
                avatar_url: String::new(),
            }),
            email: Some(HumanEmail {
                email: user.email.clone(),
                is_email_verified: user.is_email_verified,
            }),
            phone: user.phone.as_ref().map(|phone| HumanPhone {
                phone: phone.clone(),
                is_phone_verified: user.is_phone_verified,
            }),
            password_changed: None,
        }),
        machine: None,
    }
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;
    use serde_json::{Value, json};
    use tower::ServiceExt;
    use url::Url;

    use super::super::app;
    use super::super::test_support::*;
    use super::*;
    use crate::test_support::json_body;

    async fn import(stand_in: &Arc<StandIn>, body: Value) -> (StatusCode, Value) {
        let request = request("POST", routes::IMPORT_HUMAN_USER, Some(SERVICE_TOKEN), Some(body));
        let response = app(stand_in.clone()).oneshot(request).await.unwrap();
        (response.status(), json_body(response).await)
    }

    #[tokio::test]
    async fn password_import_omits_zero_values() {
        let stand_in = stand_in();
        let (status, body) = import(&stand_in, valid_import("minnie")).await;
        assert_eq!(status, StatusCode::OK);
        let user_id = body["userId"].as_str().unwrap();
        assert!(user_id.bytes().all(|byte| byte.is_ascii_digit()), "{user_id}");
        assert_eq!(body["details"]["resourceOwner"], ORG_ID);
        assert!(body["details"]["sequence"].is_string(), "{body}");
        assert!(body["details"].get("changeDate").is_none(), "{body}");
        assert!(body.get("passwordlessRegistration").is_none(), "{body}");

        let users = stand_in.users();
        assert_eq!(users[0].state, UserState::Initial);
        assert_eq!(users[0].display_name, "Minnie Mouse");
        assert!(users[0].has_password);
    }

    #[tokio::test]
    async fn passwordless_import_returns_link_on_public_origin() {
        let stand_in = stand_in();
        let mut body = valid_import("minnie");
        body["password"] = Value::Null;
        body["requestPasswordlessRegistration"] = json!(true);
        let (status, body) = import(&stand_in, body).await;
        assert_eq!(status, StatusCode::OK);

        let registration = &body["passwordlessRegistration"];
        assert_eq!(registration["expiration"], "3600s");
        assert_eq!(registration["lifetime"], "3600s");
        let link = Url::parse(registration["link"].as_str().unwrap()).unwrap();
        assert_eq!(link.origin().ascii_serialization(), "http://127.0.0.1:8082");
        assert_eq!(link.path(), "/ui/login/login/passwordless/init");
        let parameters: Vec<(String, String)> = link.query_pairs().into_owned().collect();
        let keys: Vec<&str> = parameters.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(keys, ["userID", "orgID", "codeID", "code"]);
        assert_eq!(parameters[0].1, body["userId"].as_str().unwrap());
        assert_eq!(parameters[1].1, ORG_ID);
        assert_eq!(parameters[3].1.len(), 12);
        assert_eq!(stand_in.users()[0].passwordless, PasswordlessState::Pending);
        assert!(!stand_in.users()[0].has_password);
    }

    #[tokio::test]
    async fn links_use_the_configured_origin() {
        let mut settings = settings(crate::clock::Clock::manual());
        settings.public_origin = Url::parse("https://login.example:8443").unwrap();
        let stand_in = StandIn::new(settings);
        let mut body = valid_import("minnie");
        body["password"] = Value::Null;
        body["requestPasswordlessRegistration"] = json!(true);
        let (_, body) = import(&stand_in, body).await;
        let link = body["passwordlessRegistration"]["link"].as_str().unwrap();
        assert!(
            link.starts_with("https://login.example:8443/ui/login/login/passwordless/init?userID="),
            "{link}"
        );
    }

    #[tokio::test]
    async fn expiry_setting_is_reported() {
        let mut settings = settings(crate::clock::Clock::manual());
        settings.passwordless_expiry = std::time::Duration::from_secs(2);
        let stand_in = StandIn::new(settings);
        let mut body = valid_import("minnie");
        body["password"] = Value::Null;
        body["requestPasswordlessRegistration"] = json!(true);
        let (_, body) = import(&stand_in, body).await;
        assert_eq!(body["passwordlessRegistration"]["expiration"], "2s");
    }

    #[tokio::test]
    async fn usernames_are_unique_ignoring_case() {
        let stand_in = stand_in();
        assert_eq!(import(&stand_in, valid_import("Minnie")).await.0, StatusCode::OK);
        let (status, body) = import(&stand_in, valid_import("  mINNIE ")).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(body["code"], 6);
        assert_eq!(body["details"][0]["id"], "V3-DKcYh");
        assert_eq!(body["message"], "User already exists (V3-DKcYh)");
        assert_eq!(stand_in.users().len(), 1);
    }

    #[tokio::test]
    async fn field_rules_come_from_core() {
        let cases = [
            (json!({"userName": ""}), None, "invalid ImportHumanUserRequest.UserName"),
            (json!({"userName": "   "}), Some("COMMAND-00p2b"), ""),
            (
                json!({"profile": {"firstName": " ", "lastName": "Mouse"}}),
                Some("USER-UCej2"),
                "",
            ),
            (
                json!({"email": {"email": "Minnie <minnie@mouse.com>"}}),
                Some("EMAIL-599GV"),
                "",
            ),
            (json!({"email": {"email": "no-at-sign"}}), Some("EMAIL-599BI"), ""),
            (json!({"phone": {"phone": "+41 abc"}}), Some("PHONE-so0wa"), ""),
            (json!({"password": "Sh0rt!"}), Some("DOMAIN-HuJf6"), ""),
            (json!({"password": "NoSymbols123"}), Some("DOMAIN-ZDLwA"), ""),
            (json!({"hashedPassword": {"value": "plain"}}), Some("USER-JDk4t"), ""),
            (
                json!({"idps": [{"configId": "1", "externalUserId": "2"}]}),
                Some("COMMAND-39nf2"),
                "",
            ),
        ];
        for (change, id, message_start) in cases {
            let mut body = valid_import("minnie");
            for (key, value) in change.as_object().unwrap() {
                body[key] = value.clone();
            }
            let (status, response) = import(&stand_in(), body).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{change}");
            match id {
                Some(id) => assert_eq!(response["details"][0]["id"], id, "{change}"),
                None => {
                    assert_eq!(response["details"], json!([]), "{change}");
                    let message = response["message"].as_str().unwrap();
                    assert!(message.starts_with(message_start), "{message}");
                }
            }
        }
    }

    #[tokio::test]
    async fn policy_setting_changes_the_verdict() {
        let mut settings = settings(crate::clock::Clock::manual());
        settings.password_policy.has_symbol = false;
        let stand_in = StandIn::new(settings);
        let mut body = valid_import("minnie");
        body["password"] = json!("NoSymbols123");
        assert_eq!(import(&stand_in, body).await.0, StatusCode::OK);
    }

    #[tokio::test]
    async fn initial_mail_follows_zitadel_rule() {
        let cases = [
            (json!({}), Some("initialization"), UserState::Initial),
            (
                json!({"email": {"email": "m@mouse.com", "isEmailVerified": true}}),
                None,
                UserState::Active,
            ),
            (
                json!({"email": {"email": "m@mouse.com", "isEmailVerified": true}, "password": null,
                       "requestPasswordlessRegistration": true}),
                None,
                UserState::Active,
            ),
            (
                json!({"email": {"email": "m@mouse.com", "isEmailVerified": true}, "password": null}),
                Some("initialization"),
                UserState::Initial,
            ),
        ];
        for (change, kind, state) in cases {
            let stand_in = stand_in();
            let mut body = valid_import("minnie");
            for (key, value) in change.as_object().unwrap() {
                body[key] = value.clone();
            }
            assert_eq!(import(&stand_in, body).await.0, StatusCode::OK, "{change}");
            let kinds: Vec<&str> = stand_in.outbox().iter().map(|mail| mail.kind.as_str()).collect();
            assert_eq!(kinds, kind.into_iter().collect::<Vec<_>>(), "{change}");
            assert_eq!(stand_in.users()[0].state, state, "{change}");
        }
    }

    #[tokio::test]
    async fn initial_mail_carries_recipient_and_code() {
        let stand_in = stand_in();
        import(&stand_in, valid_import("minnie")).await;
        let mail = &stand_in.outbox()[0];
        assert_eq!(mail.recipient, "minnie@mouse.com");
        assert_eq!(mail.user_id, stand_in.users()[0].id);
        assert_eq!(mail.code.as_ref().map(String::len), Some(6));
        assert!(mail.link.is_none());
    }

    #[tokio::test]
    async fn service_token_may_import() {
        let stand_in = stand_in();
        let request = with_org(
            request(
                "POST",
                routes::IMPORT_HUMAN_USER,
                Some(SERVICE_TOKEN),
                Some(valid_import("x")),
            ),
            ORG_ID,
        );
        let response = app(stand_in).oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn malformed_json_is_invalid_argument() {
        let request = axum::http::Request::builder()
            .method("POST")
            .uri(routes::IMPORT_HUMAN_USER)
            .header("authorization", format!("Bearer {SERVICE_TOKEN}"))
            .body(axum::body::Body::from("{\"userName\": "))
            .unwrap();
        let response = app(stand_in()).oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(json_body(response).await["code"], 3);
    }

    #[tokio::test]
    async fn lookups_find_users_in_wire_form() {
        let stand_in = stand_in();
        let mut body = valid_import("Minnie");
        body["phone"] = json!({"phone": "+41 71 000 00 00"});
        let (_, created) = import(&stand_in, body).await;
        let user_id = created["userId"].as_str().unwrap();

        let by_id = routes::USER_BY_ID.replace("{user_id}", user_id);
        let by_login_name = format!("{}?loginName=mINNIE", routes::USER_BY_LOGIN_NAME_GLOBAL);
        for uri in [by_id, by_login_name] {
            let response = app(stand_in.clone())
                .oneshot(request("GET", &uri, Some(SERVICE_TOKEN), None))
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK, "{uri}");
            let user = &json_body(response).await["user"];
            assert_eq!(user["id"], user_id, "{uri}");
            assert_eq!(user["userName"], "Minnie");
            assert_eq!(user["state"], "USER_STATE_INITIAL");
            assert_eq!(user["human"]["phone"]["phone"], "+41710000000");
            assert!(user["human"]["email"].get("isEmailVerified").is_none(), "{user}");
            assert!(user["human"].get("password").is_none(), "{user}");
        }
    }

    #[tokio::test]
    async fn lookups_of_unknown_users_are_not_found() {
        let cases = [
            (routes::USER_BY_ID.replace("{user_id}", "404"), StatusCode::NOT_FOUND),
            (
                format!("{}?loginName=nobody", routes::USER_BY_LOGIN_NAME_GLOBAL),
                StatusCode::NOT_FOUND,
            ),
            (routes::USER_BY_LOGIN_NAME_GLOBAL.to_owned(), StatusCode::BAD_REQUEST),
        ];
        for (uri, status) in cases {
            let response = app(stand_in())
                .oneshot(request("GET", &uri, Some(ADMIN_TOKEN), None))
                .await
                .unwrap();
            assert_eq!(response.status(), status, "{uri}");
        }
    }
}
