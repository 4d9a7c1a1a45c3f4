//! The axum route templates of the management API calls that the kit uses.
//!
//! core's `Endpoint` builds these paths for concrete ids. axum needs templates with
//! `{user_id}` in place of the id, so they are written out here, and a test checks each
//! against `Endpoint`.

/// `POST`: ImportHumanUser.
pub const IMPORT_HUMAN_USER: &str = "/management/v1/users/human/_import";

/// `GET`: GetPasswordComplexityPolicy.
pub const PASSWORD_COMPLEXITY_POLICY: &str = "/management/v1/policies/password/complexity";

/// `POST`: AddPasswordlessRegistration, which returns the link.
pub const ADD_PASSWORDLESS_REGISTRATION: &str = "/management/v1/users/{user_id}/passwordless/_link";

/// `POST`: SendPasswordlessRegistration, which emails the link.
pub const SEND_PASSWORDLESS_REGISTRATION: &str = "/management/v1/users/{user_id}/passwordless/_send_link";

/// `GET`: GetUserByID.
pub const USER_BY_ID: &str = "/management/v1/users/{user_id}";

/// `GET`: GetUserByLoginNameGlobal, with the `loginName` query parameter.
pub const USER_BY_LOGIN_NAME_GLOBAL: &str = "/management/v1/global/users/_by_login_name";

/// The prefix that every management API call above shares.
pub const API_PREFIX: &str = "/management/";

/// The liveness check of both servers.
pub const HEALTH: &str = "/healthz";

#[cfg(test)]
mod tests {
    use register_core::api::Endpoint;

    use super::*;

    #[test]
    fn every_call_has_the_api_prefix() {
        let templates = [
            IMPORT_HUMAN_USER,
            PASSWORD_COMPLEXITY_POLICY,
            ADD_PASSWORDLESS_REGISTRATION,
            SEND_PASSWORDLESS_REGISTRATION,
            USER_BY_ID,
            USER_BY_LOGIN_NAME_GLOBAL,
        ];
        for template in templates {
            assert!(template.starts_with(API_PREFIX), "{template}");
        }
        assert!(!HEALTH.starts_with(API_PREFIX));
    }

    #[test]
    fn templates_match_core_endpoints() {
        let user_id = "259242039378509826";
        let cases = [
            (IMPORT_HUMAN_USER, Endpoint::ImportHumanUser),
            (PASSWORD_COMPLEXITY_POLICY, Endpoint::PasswordComplexityPolicy),
            (
                ADD_PASSWORDLESS_REGISTRATION,
                Endpoint::AddPasswordlessRegistration { user_id },
            ),
            (
                SEND_PASSWORDLESS_REGISTRATION,
                Endpoint::SendPasswordlessRegistration { user_id },
            ),
            (USER_BY_ID, Endpoint::UserById { user_id }),
        ];
        for (template, endpoint) in cases {
            assert_eq!(
                template.replace("{user_id}", user_id),
                endpoint.path_and_query(),
                "{template}"
            );
        }
        let by_login_name = Endpoint::UserByLoginNameGlobal { login_name: "anna" }.path_and_query();
        assert_eq!(by_login_name, format!("{USER_BY_LOGIN_NAME_GLOBAL}?loginName=anna"));
    }
}
