//! The two registration routes: creating a user, and emailing a new user's passkey link.
//!
//! ImportHumanUser passes the public policy and core's registration rules before the
//! gateway forwards the body that core builds. Its success response carries a
//! registration ticket, which `_send_link` requires for the same user id.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use register_core::api::{Endpoint, REGISTRATION_TICKET_HEADER};
use register_core::registration::Registration;
use register_core::wire::{ImportHumanUserResponse, SendPasswordlessRegistrationRequest};
use serde_json::Value;

use super::error::GatewayError;
use super::public_policy::check_import_body;
use super::rate_limit::{RateLimit, enforce};
use super::ticket::TicketError;
use super::{Gateway, MAX_BODY_BYTES};
use crate::routes;

pub fn router(rate_limit: Option<Arc<RateLimit>>) -> Router<Arc<Gateway>> {
    let router = Router::new()
        .route(routes::IMPORT_HUMAN_USER, post(import_human_user))
        .route(
            routes::SEND_PASSWORDLESS_REGISTRATION,
            post(send_passwordless_registration),
        );
    match rate_limit {
        Some(rate_limit) => router.route_layer(axum::middleware::from_fn_with_state(rate_limit, enforce)),
        None => router,
    }
}

/// Reads the body, turning an oversized one into 413.
fn read_body(body: Result<Bytes, BytesRejection>) -> Result<Bytes, GatewayError> {
    body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            GatewayError::BodyTooLarge { limit: MAX_BODY_BYTES }
        } else {
            GatewayError::MalformedBody(format!("could not read the request body: {rejection}"))
        }
    })
}

async fn import_human_user(
    State(gateway): State<Arc<Gateway>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, GatewayError> {
    let body = read_body(body)?;
    let request = check_import_body(&body, &gateway.methods)?;
    let policy_fetch = gateway.policy_cache.password_policy(&gateway.upstream);
    let policy = match tokio::time::timeout(gateway.policy_wait, policy_fetch).await {
        Ok(policy) => policy,
        Err(_) => {
            let wait_ms = u64::try_from(gateway.policy_wait.as_millis()).unwrap_or(u64::MAX);
            tracing::warn!(
                wait_ms,
                "password policy not fetched in time; ZITADEL will check passwords"
            );
            None
        }
    };
    let registration =
        Registration::from_import_request(&request, policy.as_ref()).map_err(GatewayError::InvalidFields)?;
    let outgoing = serde_json::to_vec(&registration.to_import_request()).expect("an import request always serializes");

    let upstream_response = gateway.upstream.call(Endpoint::ImportHumanUser, Some(outgoing)).await?;
    if !upstream_response.status.is_success() {
        return Ok(upstream_response.into_response());
    }

    let created: ImportHumanUserResponse = serde_json::from_slice(&upstream_response.body)
        .map_err(|error| GatewayError::UpstreamInvalidResponse(format!("ImportHumanUser response: {error}")))?;
    if created.user_id.is_empty() {
        return Err(GatewayError::UpstreamInvalidResponse(
            "ImportHumanUser response has no userId".to_owned(),
        ));
    }
    tracing::info!(user_id = %created.user_id, method = registration.method().config_name(), "user registered");

    let ticket = gateway.tickets.issue(&created.user_id);
    let mut response = upstream_response.into_response();
    response.headers_mut().insert(
        HeaderName::from_static(REGISTRATION_TICKET_HEADER),
        HeaderValue::from_str(&ticket).expect("a ticket is base64url and a dot"),
    );
    Ok(response)
}

async fn send_passwordless_registration(
    State(gateway): State<Arc<Gateway>>,
    Path(user_id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, GatewayError> {
    let ticket = headers
        .get(REGISTRATION_TICKET_HEADER)
        .and_then(|value| value.to_str().ok())
        .ok_or(GatewayError::TicketRejected(TicketError::Missing))?;
    gateway
        .tickets
        .verify(ticket, &user_id)
        .map_err(GatewayError::TicketRejected)?;
    check_send_link_body(&read_body(body)?, &user_id)?;

    let outgoing =
        serde_json::to_vec(&SendPasswordlessRegistrationRequest::default()).expect("an empty request serializes");
    let endpoint = Endpoint::SendPasswordlessRegistration { user_id: &user_id };
    let upstream_response = gateway.upstream.call(endpoint, Some(outgoing)).await?;
    if upstream_response.status.is_success() {
        tracing::info!(user_id = %user_id, "passkey link emailed");
    }
    Ok(upstream_response.into_response())
}

/// Accepts an empty body, `{}`, or a body that repeats the path's user id, as the
/// SendPasswordlessRegistration message allows.
fn check_send_link_body(body: &[u8], user_id: &str) -> Result<(), GatewayError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|error| GatewayError::MalformedBody(format!("request body is not valid JSON: {error}")))?;
    let Value::Object(fields) = value else {
        return Err(GatewayError::MalformedBody(
            "request body must be a JSON object".to_owned(),
        ));
    };
    for (name, value) in fields {
        let is_user_id_field = name == "userId" || name == "user_id";
        if !is_user_id_field {
            return Err(GatewayError::UnknownField {
                path: name,
                message: "SendPasswordlessRegistrationRequest",
            });
        }
        let matches_path = value.is_null() || value.as_str().is_some_and(|id| id.is_empty() || id == user_id);
        if !matches_path {
            return Err(GatewayError::MalformedBody(format!(
                "{name} in the body differs from the user id in the path"
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;
    use std::time::Duration;

    use axum::body::Body;
    use axum::http::{Request, header};
    use register_core::failure::Failure;
    use register_core::field::Field;
    use register_core::registration::Method;
    use serde_json::json;
    use tower::ServiceExt;

    use super::*;
    use crate::clock::Clock;
    use crate::gateway::test_support::{gateway_router, settings_for, start_stand_in};
    use crate::gateway::{GatewaySettings, error::id};
    use crate::stand_in::StandIn;
    use crate::test_support::json_body;

    fn post_json(uri: &str, body: &str) -> Request<Body> {
        Request::builder()
            .method("POST")
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_owned()))
            .unwrap()
    }

    fn password_body(user_name: &str) -> Value {
        json!({
            "userName": user_name,
            "profile": { "firstName": "Minnie", "lastName": "Mouse" },
            "email": { "email": "minnie@mouse.com" },
            "password": "Secr3tP4ssw0rd!"
        })
    }

    fn passkey_body(user_name: &str) -> Value {
        json!({
            "userName": user_name,
            "profile": { "firstName": "Minnie", "lastName": "Mouse" },
            "email": { "email": "minnie@mouse.com" },
            "requestPasswordlessRegistration": true
        })
    }

    struct Setup {
        stand_in: Arc<StandIn>,
        settings: GatewaySettings,
    }

    async fn setup() -> Setup {
        let (stand_in, address): (Arc<StandIn>, SocketAddr) = start_stand_in().await;
        Setup {
            stand_in,
            settings: settings_for(address, Clock::manual()),
        }
    }

    async fn import(app: &Router, body: &Value) -> Response {
        app.clone()
            .oneshot(post_json(routes::IMPORT_HUMAN_USER, &body.to_string()))
            .await
            .unwrap()
    }

    fn send_link_request(user_id: &str, ticket: Option<&str>) -> Request<Body> {
        let uri = routes::SEND_PASSWORDLESS_REGISTRATION.replace("{user_id}", user_id);
        let mut request = post_json(&uri, "{}");
        if let Some(ticket) = ticket {
            request
                .headers_mut()
                .insert(REGISTRATION_TICKET_HEADER, ticket.parse().unwrap());
        }
        request
    }

    #[tokio::test]
    async fn password_registration_creates_user_and_ticket() {
        let setup = setup().await;
        let app = gateway_router(setup.settings);
        let response = import(&app, &password_body("minnie")).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.headers().contains_key(REGISTRATION_TICKET_HEADER));
        let body = json_body(response).await;
        assert!(body["userId"].is_string(), "{body}");
        assert!(body.get("passwordlessRegistration").is_none(), "{body}");

        let users = setup.stand_in.users();
        assert_eq!(users.len(), 1);
        assert!(users[0].has_password);
        assert!(!users[0].is_email_verified);
        let kinds: Vec<_> = setup.stand_in.outbox().iter().map(|mail| mail.kind.as_str()).collect();
        assert_eq!(kinds, ["initialization"]);
    }

    #[tokio::test]
    async fn passkey_registration_returns_link() {
        let setup = setup().await;
        let app = gateway_router(setup.settings);
        let response = import(&app, &passkey_body("minnie")).await;
        assert_eq!(response.status(), StatusCode::OK);
        let body = json_body(response).await;
        let link = body["passwordlessRegistration"]["link"].as_str().unwrap();
        assert!(link.contains("/ui/login/login/passwordless/init?userID="), "{link}");
        assert!(!setup.stand_in.users()[0].has_password);
    }

    #[tokio::test]
    async fn forwarded_body_is_normalized_by_core() {
        let setup = setup().await;
        let app = gateway_router(setup.settings);
        let mut body = password_body("  minnie ");
        body["phone"] = json!({ "phone": "0041 71 000 00 00" });
        body["user_name"] = Value::Null;
        assert_eq!(import(&app, &body).await.status(), StatusCode::OK);
        let user = &setup.stand_in.users()[0];
        assert_eq!(user.user_name, "minnie");
        assert_eq!(user.phone.as_deref(), Some("+41710000000"));
    }

    #[tokio::test]
    async fn public_policy_rejections_name_the_field() {
        let setup = setup().await;
        let app = gateway_router(setup.settings);
        let mut verified = password_body("a");
        verified["email"]["isEmailVerified"] = json!(true);
        let mut phone_verified = password_body("b");
        phone_verified["phone"] = json!({ "phone": "+41 71 000 00 00", "isPhoneVerified": true });
        let mut change_required = password_body("c");
        change_required["passwordChangeRequired"] = json!(true);
        let mut hashed = passkey_body("d");
        hashed["hashedPassword"] = json!({ "value": "$2y$12$abc" });
        let mut idps = password_body("e");
        idps["idps"] = json!([{ "configId": "1", "externalUserId": "2" }]);
        let mut otp = password_body("f");
        otp["otpCode"] = json!("123456");
        let mut unknown = password_body("g");
        unknown["profile"]["title"] = json!("Dr");
        let mut both = password_body("h");
        both["requestPasswordlessRegistration"] = json!(true);
        let mut neither = password_body("i");
        neither["password"] = Value::Null;

        let cases = [
            (
                verified,
                id::FORBIDDEN_FIELD,
                "email.isEmailVerified may not be set by a self-registration",
            ),
            (
                phone_verified,
                id::FORBIDDEN_FIELD,
                "phone.isPhoneVerified may not be set",
            ),
            (
                change_required,
                id::FORBIDDEN_FIELD,
                "passwordChangeRequired may not be set",
            ),
            (hashed, id::FORBIDDEN_FIELD, "hashedPassword may not be set"),
            (idps, id::FORBIDDEN_FIELD, "idps may not be set"),
            (otp, id::FORBIDDEN_FIELD, "otpCode may not be set"),
            (unknown, id::UNKNOWN_FIELD, "profile.title is not a field"),
            (both, id::BOTH_CREDENTIALS, "not both"),
            (neither, id::MISSING_CREDENTIAL, "set password"),
        ];
        for (body, error_id, message) in cases {
            let response = import(&app, &body).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
            let error = json_body(response).await;
            assert_eq!(error["code"], 3, "{body}");
            assert_eq!(error["details"][0]["id"], error_id, "{body}");
            let detail = error["details"][0]["message"].as_str().unwrap();
            assert!(detail.contains(message), "{detail}");
        }
        assert!(setup.stand_in.users().is_empty());
    }

    #[tokio::test]
    async fn disabled_method_is_rejected() {
        let mut setup = setup().await;
        setup.settings.methods = vec![Method::Passkey];
        let app = gateway_router(setup.settings);
        let response = import(&app, &password_body("minnie")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let error = json_body(response).await;
        assert_eq!(error["details"][0]["id"], id::METHOD_DISABLED);
        assert!(error["message"].as_str().unwrap().contains("use passkey"), "{error}");
        assert_eq!(import(&app, &passkey_body("minnie")).await.status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn field_problems_come_back_per_field() {
        let setup = setup().await;
        let app = gateway_router(setup.settings);
        let body = json!({
            "userName": " ",
            "profile": { "firstName": "Minnie", "lastName": "Mouse" },
            "email": { "email": "Minnie <minnie@mouse.com>" },
            "phone": { "phone": "071 000 00 00" },
            "password": "short"
        });
        let response = import(&app, &body).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let error: register_core::wire::ErrorBody = serde_json::from_value(json_body(response).await).unwrap();
        assert_eq!(error.code, 3);
        assert!(
            error
                .message
                .starts_with("invalid registration: username: must not be empty"),
            "{}",
            error.message
        );
        let ids: Vec<&str> = error.detail_ids().collect();
        assert!(ids.contains(&"COMMAND-00p2b"), "{ids:?}");
        assert!(ids.contains(&"EMAIL-599GV"), "{ids:?}");
        assert!(ids.contains(&"REGISTER-phone"), "{ids:?}");
        assert!(ids.contains(&"DOMAIN-HuJf6"), "{ids:?}");
        assert!(ids.contains(&"DOMAIN-VoaRj"), "{ids:?}");

        let Failure::InvalidFields(fields) = Failure::from_response(400, &error) else {
            panic!("not field errors: {error:?}")
        };
        assert_eq!(
            fields.fields(),
            vec![Field::Username, Field::Email, Field::Phone, Field::Password]
        );
        assert!(setup.stand_in.users().is_empty());
    }

    #[tokio::test]
    async fn password_rules_follow_the_upstream_policy() {
        let (_, address) = crate::gateway::test_support::start_stand_in_with(|settings| {
            settings.password_policy.has_symbol = false;
        })
        .await;
        let app = gateway_router(settings_for(address, Clock::manual()));
        let mut body = password_body("minnie");
        body["password"] = json!("NoSymbols123");
        assert_eq!(import(&app, &body).await.status(), StatusCode::OK);

        let setup = setup().await;
        let strict_app = gateway_router(setup.settings);
        let error = json_body(import(&strict_app, &body).await).await;
        assert_eq!(error["details"][0]["id"], "DOMAIN-ZDLwA", "{error}");
    }

    #[tokio::test]
    async fn upstream_errors_pass_through() {
        let setup = setup().await;
        let app = gateway_router(setup.settings);
        assert_eq!(import(&app, &password_body("Minnie")).await.status(), StatusCode::OK);
        let response = import(&app, &password_body("mINNIE")).await;
        assert_eq!(response.status(), StatusCode::CONFLICT);
        assert!(!response.headers().contains_key(REGISTRATION_TICKET_HEADER));
        let error = json_body(response).await;
        assert_eq!(error["details"][0]["id"], "V3-DKcYh");
    }

    #[tokio::test]
    async fn malformed_and_oversized_bodies() {
        let setup = setup().await;
        let app = gateway_router(setup.settings);
        let cases = [
            (
                "{\"userName\": ".to_owned(),
                StatusCode::BAD_REQUEST,
                id::MALFORMED_BODY,
            ),
            ("[1, 2]".to_owned(), StatusCode::BAD_REQUEST, id::MALFORMED_BODY),
            (String::new(), StatusCode::BAD_REQUEST, id::MALFORMED_BODY),
            (
                format!(r#"{{"userName": "{}"}}"#, "x".repeat(MAX_BODY_BYTES)),
                StatusCode::PAYLOAD_TOO_LARGE,
                id::BODY_TOO_LARGE,
            ),
        ];
        for (body, status, error_id) in cases {
            let response = app
                .clone()
                .oneshot(post_json(routes::IMPORT_HUMAN_USER, &body))
                .await
                .unwrap();
            assert_eq!(response.status(), status, "{}", &body[..body.len().min(40)]);
            let error = json_body(response).await;
            assert_eq!(error["details"][0]["id"], error_id);
            assert_eq!(error["code"], 3);
        }
    }

    #[tokio::test]
    async fn send_link_needs_a_ticket_for_the_same_user() {
        let setup = setup().await;
        let app = gateway_router(setup.settings);
        let first = import(&app, &passkey_body("first")).await;
        let first_ticket = first.headers()[REGISTRATION_TICKET_HEADER].to_str().unwrap().to_owned();
        let first_id = json_body(first).await["userId"].as_str().unwrap().to_owned();
        let second = import(&app, &passkey_body("second")).await;
        let second_ticket = second.headers()[REGISTRATION_TICKET_HEADER]
            .to_str()
            .unwrap()
            .to_owned();

        let rejected = [
            send_link_request(&first_id, None),
            send_link_request(&first_id, Some("garbage")),
            send_link_request(&first_id, Some(&second_ticket)),
            send_link_request("1", Some(&first_ticket)),
        ];
        for request in rejected {
            let response = app.clone().oneshot(request).await.unwrap();
            assert_eq!(response.status(), StatusCode::FORBIDDEN);
            let error = json_body(response).await;
            assert_eq!(error["code"], 7);
            assert_eq!(error["details"][0]["id"], id::TICKET_REJECTED);
        }
        let mails_before = setup.stand_in.outbox().len();

        let response = app
            .clone()
            .oneshot(send_link_request(&first_id, Some(&first_ticket)))
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let outbox = setup.stand_in.outbox();
        assert_eq!(outbox.len(), mails_before + 1);
        let mail = outbox.last().unwrap();
        assert_eq!(mail.kind.as_str(), "passwordless-registration");
        assert_eq!(mail.user_id, first_id);
    }

    #[tokio::test]
    async fn expired_ticket_is_rejected() {
        let setup = setup().await;
        let clock = Clock::manual();
        let mut settings = setup.settings;
        settings.clock = clock.clone();
        let app = gateway_router(settings);
        let created = import(&app, &passkey_body("minnie")).await;
        let ticket = created.headers()[REGISTRATION_TICKET_HEADER]
            .to_str()
            .unwrap()
            .to_owned();
        let user_id = json_body(created).await["userId"].as_str().unwrap().to_owned();
        clock.advance(super::super::ticket::TICKET_LIFETIME);
        let response = app.oneshot(send_link_request(&user_id, Some(&ticket))).await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }

    #[tokio::test]
    async fn browser_cannot_choose_the_organization() {
        let setup = setup().await;
        let app = gateway_router(setup.settings);
        let mut request = post_json(routes::IMPORT_HUMAN_USER, &password_body("minnie").to_string());
        request
            .headers_mut()
            .insert(register_core::api::ORG_ID_HEADER, "999".parse().unwrap());
        request
            .headers_mut()
            .insert(header::AUTHORIZATION, "Bearer someone-elses-token".parse().unwrap());
        let response = app.oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(setup.stand_in.users()[0].org_id, crate::stand_in::test_support::ORG_ID);
    }

    #[tokio::test]
    async fn slow_policy_does_not_hold_up_import() {
        let upstream = Router::new()
            .route(
                routes::PASSWORD_COMPLEXITY_POLICY,
                axum::routing::get(std::future::pending::<&'static str>),
            )
            .route(
                routes::IMPORT_HUMAN_USER,
                post(|| async { r#"{"userId":"42","details":{"sequence":"1"}}"# }),
            );
        let address = crate::test_support::spawn(upstream).await;
        let mut settings = settings_for(address, Clock::manual());
        settings.upstream_timeout = Duration::from_secs(3600);
        let app = gateway_router(settings);

        // Without the wait limit, the import would wait for the upstream timeout: an hour.
        // The guard turns that into a failure instead of a hung test.
        let guarded = tokio::time::timeout(Duration::from_secs(120), import(&app, &password_body("minnie"))).await;
        let response = guarded.expect("the import waited for the policy's upstream timeout");
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.headers().contains_key(REGISTRATION_TICKET_HEADER));
    }

    #[tokio::test]
    async fn unreadable_upstream_success_is_bad_gateway() {
        let upstream = Router::new()
            .route(
                routes::PASSWORD_COMPLEXITY_POLICY,
                axum::routing::get(|| async { r#"{"policy":{"minLength":"8"}}"# }),
            )
            .route(routes::IMPORT_HUMAN_USER, post(|| async { "<html>proxy login</html>" }));
        let address = crate::test_support::spawn(upstream).await;
        let app = gateway_router(settings_for(address, Clock::manual()));
        let response = import(&app, &password_body("minnie")).await;
        assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
        assert!(!response.headers().contains_key(REGISTRATION_TICKET_HEADER));
        let error = json_body(response).await;
        assert_eq!(error["code"], 13);
        assert_eq!(error["details"][0]["id"], id::UPSTREAM_INVALID_RESPONSE);
    }

    #[test]
    fn send_link_bodies() {
        let cases: [(&str, bool); 8] = [
            ("", true),
            ("{}", true),
            (r#"{"userId": "7"}"#, true),
            (r#"{"user_id": "7"}"#, true),
            (r#"{"userId": "8"}"#, false),
            (r#"{"urlTemplate": "x"}"#, false),
            ("[]", false),
            ("{", false),
        ];
        for (body, accepted) in cases {
            assert_eq!(check_send_link_body(body.as_bytes(), "7").is_ok(), accepted, "{body}");
        }
    }
}
