//! Bearer tokens, the organization header and permissions, checked as ZITADEL checks them.
//!
//! The stand-in accepts two tokens. The service token has the default permissions of the
//! `ORG_USER_MANAGER` role, which lacks `user.credential.write`, so it may create users
//! but not passkey links. The admin token stands for `IAM_OWNER` and may do everything.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use register_core::api::ORG_ID_HEADER;

use super::{StandIn, StandInError};

/// The role behind a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The service token: `ORG_USER_MANAGER`.
    OrgUserManager,
    /// The admin token: `IAM_OWNER`.
    Admin,
}

/// A permission that a call needs, named as in ZITADEL's role mappings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    UserRead,
    UserGlobalRead,
    UserWrite,
    UserCredentialWrite,
    PolicyRead,
}

impl Permission {
    pub fn name(self) -> &'static str {
        match self {
            Permission::UserRead => "user.read",
            Permission::UserGlobalRead => "user.global.read",
            Permission::UserWrite => "user.write",
            Permission::UserCredentialWrite => "user.credential.write",
            Permission::PolicyRead => "policy.read",
        }
    }
}

impl Role {
    pub fn grants(self, permission: Permission) -> bool {
        match self {
            Role::Admin => true,
            Role::OrgUserManager => permission != Permission::UserCredentialWrite,
        }
    }
}

/// An authenticated caller and the organization its call acts in.
#[derive(Clone, Debug)]
pub struct Caller {
    pub role: Role,
    pub org_id: String,
}

impl Caller {
    /// Checks that the caller's role grants `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), StandInError> {
        if self.role.grants(permission) {
            Ok(())
        } else {
            Err(StandInError::PermissionDenied {
                permission: permission.name(),
            })
        }
    }
}

impl FromRequestParts<Arc<StandIn>> for Caller {
    type Rejection = StandInError;

    async fn from_request_parts(parts: &mut Parts, stand_in: &Arc<StandIn>) -> Result<Caller, StandInError> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or(StandInError::MissingAuthHeader)?;
        let token = header
            .to_str()
            .ok()
            .and_then(strip_bearer_prefix)
            .ok_or(StandInError::InvalidAuthHeader)?;

        let settings = stand_in.settings();
        let role = if settings.service_token.matches(token) {
            Role::OrgUserManager
        } else if settings.admin_token.matches(token) {
            Role::Admin
        } else {
            return Err(StandInError::InvalidToken);
        };

        // Without the header, ZITADEL uses the organization of the token's user, which is
        // the stand-in's only organization.
        let requested_org = parts
            .headers
            .get(ORG_ID_HEADER)
            .map(|value| value.to_str().unwrap_or_default().trim())
            .filter(|value| !value.is_empty());
        let org_id = match requested_org {
            Some(org_id) if org_id != settings.org_id => return Err(StandInError::OrgNotFound),
            _ => settings.org_id.clone(),
        };
        Ok(Caller { role, org_id })
    }
}

/// Returns the token after a `Bearer ` prefix, which is matched ignoring case.
fn strip_bearer_prefix(value: &str) -> Option<&str> {
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    let is_bearer = scheme.eq_ignore_ascii_case("bearer") && !token.is_empty();
    is_bearer.then_some(token)
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderValue, StatusCode};
    use tower::ServiceExt;

    use super::super::app;
    use super::super::test_support::*;
    use super::*;
    use crate::routes;
    use crate::test_support::json_body;

    #[test]
    fn bearer_prefix() {
        let cases = [
            ("Bearer abc", Some("abc")),
            ("bearer abc", Some("abc")),
            ("Bearer  abc ", Some("abc")),
            ("Basic abc", None),
            ("Bearer", None),
            ("Bearer ", None),
            ("abc", None),
        ];
        for (value, expected) in cases {
            assert_eq!(strip_bearer_prefix(value), expected, "{value:?}");
        }
    }

    #[test]
    fn service_role_lacks_only_credential_write() {
        let cases = [
            (Permission::UserRead, true),
            (Permission::UserGlobalRead, true),
            (Permission::UserWrite, true),
            (Permission::PolicyRead, true),
            (Permission::UserCredentialWrite, false),
        ];
        for (permission, granted) in cases {
            assert_eq!(Role::OrgUserManager.grants(permission), granted, "{permission:?}");
            assert!(Role::Admin.grants(permission), "{permission:?}");
        }
    }

    #[tokio::test]
    async fn token_and_org_are_checked_on_every_api_route() {
        let user_routes = [
            ("POST", routes::IMPORT_HUMAN_USER.to_owned()),
            ("GET", routes::PASSWORD_COMPLEXITY_POLICY.to_owned()),
            ("POST", routes::ADD_PASSWORDLESS_REGISTRATION.replace("{user_id}", "1")),
            ("POST", routes::SEND_PASSWORDLESS_REGISTRATION.replace("{user_id}", "1")),
            ("GET", routes::USER_BY_ID.replace("{user_id}", "1")),
            ("GET", format!("{}?loginName=anna", routes::USER_BY_LOGIN_NAME_GLOBAL)),
        ];
        for (method, uri) in user_routes {
            let cases = [
                (
                    request(method, &uri, None, None),
                    StatusCode::UNAUTHORIZED,
                    16,
                    "AUTH-7fs1e",
                ),
                (
                    request(method, &uri, Some("wrong"), None),
                    StatusCode::UNAUTHORIZED,
                    16,
                    "AUTH-7fs1e",
                ),
                (
                    with_org(request(method, &uri, Some(ADMIN_TOKEN), None), "999"),
                    StatusCode::FORBIDDEN,
                    7,
                    "AUTH-Bs7Ds",
                ),
            ];
            for (request, status, code, id) in cases {
                let response = app(stand_in()).oneshot(request).await.unwrap();
                assert_eq!(response.status(), status, "{method} {uri}");
                let body = json_body(response).await;
                assert_eq!(body["code"], code, "{method} {uri}");
                assert_eq!(body["details"][0]["id"], id, "{method} {uri}");
            }
        }
    }

    #[tokio::test]
    async fn basic_scheme_is_an_invalid_header() {
        let mut request = request("GET", routes::PASSWORD_COMPLEXITY_POLICY, None, None);
        request
            .headers_mut()
            .insert(AUTHORIZATION, HeaderValue::from_static("Basic dXNlcjpwYXNz"));
        let response = app(stand_in()).oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            json_body(response).await["details"][0]["message"],
            "invalid auth header"
        );
    }

    #[tokio::test]
    async fn own_org_header_is_accepted() {
        let request = with_org(
            request("GET", routes::PASSWORD_COMPLEXITY_POLICY, Some(SERVICE_TOKEN), None),
            ORG_ID,
        );
        let response = app(stand_in()).oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
}
