//! The ZITADEL endpoints the kit calls, and the headers it uses.

use std::time::Duration;

use url::Url;

/// The header that selects the organization of a management API call.
pub const ORG_ID_HEADER: &str = "x-zitadel-orgid";

/// The header in which the gateway returns a registration ticket for a new user. The
/// ticket lets the same browser ask for the passkey link by email.
pub const REGISTRATION_TICKET_HEADER: &str = "x-register-ticket";

/// How long the widget waits for the gateway before it gives up. The gateway's own
/// timeouts must end sooner, so that the widget gets its 504 and not a bare timeout.
pub const WIDGET_REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// The HTTP method of an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

/// A management API v1 call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint<'a> {
    /// `POST /management/v1/users/human/_import`
    ImportHumanUser,
    /// `GET /management/v1/policies/password/complexity`
    PasswordComplexityPolicy,
    /// `POST /management/v1/users/{userId}/passwordless/_link`
    AddPasswordlessRegistration { user_id: &'a str },
    /// `POST /management/v1/users/{userId}/passwordless/_send_link`
    SendPasswordlessRegistration { user_id: &'a str },
    /// `GET /management/v1/users/{userId}`
    UserById { user_id: &'a str },
    /// `GET /management/v1/global/users/_by_login_name?loginName=`
    UserByLoginNameGlobal { login_name: &'a str },
}

impl Endpoint<'_> {
    pub fn method(&self) -> Method {
        match self {
            Endpoint::PasswordComplexityPolicy | Endpoint::UserById { .. } | Endpoint::UserByLoginNameGlobal { .. } => {
                Method::Get
            }
            Endpoint::ImportHumanUser
            | Endpoint::AddPasswordlessRegistration { .. }
            | Endpoint::SendPasswordlessRegistration { .. } => Method::Post,
        }
    }

    fn segments(&self) -> Vec<&str> {
        let mut segments = vec!["management", "v1"];
        match self {
            Endpoint::ImportHumanUser => segments.extend(["users", "human", "_import"]),
            Endpoint::PasswordComplexityPolicy => segments.extend(["policies", "password", "complexity"]),
            Endpoint::AddPasswordlessRegistration { user_id } => {
                segments.extend(["users", user_id, "passwordless", "_link"])
            }
            Endpoint::SendPasswordlessRegistration { user_id } => {
                segments.extend(["users", user_id, "passwordless", "_send_link"])
            }
            Endpoint::UserById { user_id } => segments.extend(["users", user_id]),
            Endpoint::UserByLoginNameGlobal { .. } => segments.extend(["global", "users", "_by_login_name"]),
        }
        segments
    }

    /// Returns the endpoint under `base`, keeping any path `base` has. User ids are
    /// percent-encoded as one path segment, so an id cannot reach another route.
    pub fn url(&self, base: &Url) -> Url {
        let mut url = base.clone();
        url.set_query(None);
        url.set_fragment(None);
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(self.segments());
        }
        if let Endpoint::UserByLoginNameGlobal { login_name } = self {
            url.query_pairs_mut().append_pair("loginName", login_name);
        }
        url
    }

    /// Returns the path and query, for a request to the same origin.
    pub fn path_and_query(&self) -> String {
        let base = Url::parse("http://localhost/").expect("constant base URL is valid");
        let url = self.url(&base);
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_match_the_contract() {
        let cases = [
            (
                Endpoint::ImportHumanUser,
                "/management/v1/users/human/_import",
                Method::Post,
            ),
            (
                Endpoint::PasswordComplexityPolicy,
                "/management/v1/policies/password/complexity",
                Method::Get,
            ),
            (
                Endpoint::AddPasswordlessRegistration { user_id: "123" },
                "/management/v1/users/123/passwordless/_link",
                Method::Post,
            ),
            (
                Endpoint::SendPasswordlessRegistration { user_id: "123" },
                "/management/v1/users/123/passwordless/_send_link",
                Method::Post,
            ),
            (
                Endpoint::UserById { user_id: "123" },
                "/management/v1/users/123",
                Method::Get,
            ),
            (
                Endpoint::UserByLoginNameGlobal {
                    login_name: "anna+x@example.com",
                },
                "/management/v1/global/users/_by_login_name?loginName=anna%2Bx%40example.com",
                Method::Get,
            ),
        ];
        for (endpoint, expected, method) in cases {
            assert_eq!(endpoint.path_and_query(), expected);
            assert_eq!(endpoint.method(), method, "{expected}");
        }
    }

    #[test]
    fn base_path_is_kept() {
        let base = Url::parse("https://site.example/auth/api/?x=1#y").unwrap();
        assert_eq!(
            Endpoint::ImportHumanUser.url(&base).as_str(),
            "https://site.example/auth/api/management/v1/users/human/_import"
        );
        let base = Url::parse("http://127.0.0.1:8081").unwrap();
        assert_eq!(
            Endpoint::PasswordComplexityPolicy.url(&base).as_str(),
            "http://127.0.0.1:8081/management/v1/policies/password/complexity"
        );
    }

    #[test]
    fn user_id_stays_one_segment() {
        let endpoint = Endpoint::SendPasswordlessRegistration {
            user_id: "../../human/_import?x",
        };
        assert_eq!(
            endpoint.path_and_query(),
            "/management/v1/users/..%2F..%2Fhuman%2F_import%3Fx/passwordless/_send_link"
        );
    }
}
