//! The stand-in's login pages: a sign-in placeholder and the passkey registration page at
//! ZITADEL's path `/ui/login/login/passwordless/init`.
//!
//! The registration page reads `userID`, `orgID`, `codeID`, `code` and
//! `requestPlatformType` as ZITADEL's login does. GET only shows the code's state. The
//! "Register passkey" button posts the same parameters back, and only that POST uses the
//! code. No WebAuthn ceremony takes place: the stand-in records the passkey as registered.

use std::sync::Arc;
use std::time::SystemTime;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use register_core::link::{PASSWORDLESS_INIT_PATH, PasswordlessInitQuery, PlatformType};

use super::StandIn;
use super::store::{CodeStatus, StoredUser};
use crate::clock::rfc3339;

/// The sign-in page of ZITADEL's v1 login.
const LOGIN_PATH: &str = "/ui/login/";

/// The pages' Content-Security-Policy: inline styles only, no scripts, forms to this origin.
const PAGE_CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5}\
.notice{background:#fff4ce;border-left:4px solid #b58a00;padding:.5rem 1rem}\
button{font-size:1rem;padding:.5rem 1.25rem}";

pub fn router() -> Router<Arc<StandIn>> {
    Router::new()
        .route(LOGIN_PATH, get(sign_in_placeholder))
        .route("/ui/login", get(sign_in_placeholder))
        .route(PASSWORDLESS_INIT_PATH, get(show_registration).post(register_passkey))
}

/// A page of the stand-in's login.
#[derive(Debug, PartialEq, Eq)]
enum Page {
    /// The sign-in placeholder.
    SignIn,
    /// A usable code: the user and the authenticator, with the button.
    Valid {
        user: StoredUser,
        query: PasswordlessInitQuery,
        expires_at: SystemTime,
    },
    /// The code was used just now.
    Registered {
        user: StoredUser,
        platform_type: PlatformType,
    },
    /// No code matches the parameters.
    Unknown,
    /// The code was used before.
    Used { user: StoredUser },
    /// The code's lifetime is over.
    Expired { user: StoredUser },
}

async fn sign_in_placeholder() -> Response {
    Page::SignIn.into_response()
}

async fn show_registration(State(stand_in): State<Arc<StandIn>>, RawQuery(query): RawQuery) -> Response {
    let query = PasswordlessInitQuery::parse(query.as_deref().unwrap_or(""));
    let now = stand_in.settings().clock.now();
    let status = stand_in.store().code_status(&query, now);
    page_for(status, query).into_response()
}

async fn register_passkey(State(stand_in): State<Arc<StandIn>>, form: Bytes) -> Response {
    let query = PasswordlessInitQuery::parse(&String::from_utf8_lossy(&form));
    let now = stand_in.settings().clock.now();
    let status = stand_in.store().redeem_code(&query, now);
    match status {
        CodeStatus::Valid { user, .. } => {
            tracing::info!(user_id = %user.id, "stand-in registered a passkey");
            Page::Registered {
                user,
                platform_type: query.platform_type,
            }
            .into_response()
        }
        other => {
            let page = page_for(other, query);
            tracing::info!(state = page.code_state(), "stand-in rejected a passkey registration");
            page.into_response()
        }
    }
}

fn page_for(status: CodeStatus, query: PasswordlessInitQuery) -> Page {
    match status {
        CodeStatus::Unknown => Page::Unknown,
        CodeStatus::Used { user } => Page::Used { user },
        CodeStatus::Expired { user } => Page::Expired { user },
        CodeStatus::Valid { user, expires_at } => Page::Valid {
            user,
            query,
            expires_at,
        },
    }
}

/// Names the authenticator the page would ask for, in words.
fn authenticator_words(platform_type: PlatformType) -> &'static str {
    match platform_type {
        PlatformType::Platform => "this device (platform authenticator), such as Face ID, Touch ID or Windows Hello",
        PlatformType::CrossPlatform => "a security key (cross-platform authenticator), such as a YubiKey",
        PlatformType::Unspecified => "any authenticator",
    }
}

impl Page {
    fn status(&self) -> StatusCode {
        match self {
            Page::SignIn | Page::Valid { .. } | Page::Registered { .. } => StatusCode::OK,
            Page::Unknown => StatusCode::NOT_FOUND,
            Page::Used { .. } | Page::Expired { .. } => StatusCode::GONE,
        }
    }

    /// Returns the value of `data-code-state`, for browser tests.
    fn code_state(&self) -> &'static str {
        match self {
            Page::SignIn => "none",
            Page::Valid { .. } => "valid",
            Page::Registered { .. } => "registered",
            Page::Unknown => "unknown",
            Page::Used { .. } => "used",
            Page::Expired { .. } => "expired",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Page::SignIn => "Sign in",
            Page::Valid { .. } => "Register a passkey",
            Page::Registered { .. } => "Passkey registered",
            Page::Unknown => "Registration link not found",
            Page::Used { .. } => "Registration link already used",
            Page::Expired { .. } => "Registration link expired",
        }
    }

    fn user(&self) -> Option<&StoredUser> {
        match self {
            Page::Valid { user, .. } | Page::Registered { user, .. } | Page::Used { user } | Page::Expired { user } => {
                Some(user)
            }
            Page::SignIn | Page::Unknown => None,
        }
    }

    /// Returns the HTML inside `<main>`. Every value from a request or a user is escaped.
    fn content(&self) -> String {
        let user_line = self.user().map_or(String::new(), |user| {
            format!(
                "<p>Account: <strong>{}</strong> ({})</p>",
                escape_html(&user.display_name),
                escape_html(&user.user_name)
            )
        });
        match self {
            Page::SignIn => "<p>This is the sign-in page of the ZITADEL stand-in. The stand-in has no sign-in: \
                with a real ZITADEL instance, users sign in here.</p>"
                .to_owned(),
            Page::Valid { query, expires_at, .. } => {
                let hidden = [
                    ("userID", query.user_id.as_str()),
                    ("orgID", query.org_id.as_str()),
                    ("codeID", query.code_id.as_str()),
                    ("code", query.code.as_str()),
                    ("requestPlatformType", query.platform_type.query_value()),
                ]
                .iter()
                .map(|(name, value)| format!(r#"<input type="hidden" name="{name}" value="{}">"#, escape_html(value)))
                .collect::<String>();
                format!(
                    "{user_line}<p>Authenticator: <span id=\"authenticator\">{}</span></p>\
                     <form method=\"post\" action=\"{PASSWORDLESS_INIT_PATH}\">{hidden}\
                     <button type=\"submit\">Register passkey</button></form>\
                     <p>This link expires at {}.</p>",
                    authenticator_words(query.platform_type),
                    rfc3339(*expires_at)
                )
            }
            Page::Registered { platform_type, .. } => format!(
                "{user_line}<p>A passkey is now registered. The link asked for: \
                 <span id=\"authenticator\">{}</span>. You can close this page.</p>",
                authenticator_words(*platform_type)
            ),
            Page::Unknown => "<p>This registration link is not valid. Check that you opened the whole link, \
                or ask for a new one.</p>"
                .to_owned(),
            Page::Used { .. } => {
                format!("{user_line}<p>This registration link was used already. Ask for a new one.</p>")
            }
            Page::Expired { .. } => {
                format!("{user_line}<p>This registration link has expired. Ask for a new one.</p>")
            }
        }
    }

    fn render(&self) -> String {
        let mut attributes = format!(r#" data-code-state="{}""#, self.code_state());
        if let Some(user) = self.user() {
            attributes.push_str(&format!(r#" data-user-id="{}""#, escape_html(&user.id)));
        }
        let platform_type = match self {
            Page::Valid { query, .. } => Some(query.platform_type),
            Page::Registered { platform_type, .. } => Some(*platform_type),
            _ => None,
        };
        if let Some(platform_type) = platform_type {
            attributes.push_str(&format!(r#" data-platform-type="{}""#, platform_type.query_value()));
        }
        format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{title} · ZITADEL stand-in</title><style>{STYLE}</style></head>\
             <body><main{attributes}><p class=\"notice\">ZITADEL stand-in for development: \
             nothing here is sent to a real ZITADEL.</p><h1>{title}</h1>{content}</main></body></html>",
            title = self.title(),
            content = self.content(),
        )
    }
}

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        let headers = [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")),
            (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(PAGE_CSP)),
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        ];
        (self.status(), headers, self.render()).into_response()
    }
}

/// Escapes text for HTML element content and quoted attribute values.
fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(character),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use axum::body::Body;
    use axum::http::Request;
    use serde_json::json;
    use tower::ServiceExt;
    use url::Url;

    use super::super::test_support::*;
    use super::super::{PasswordlessState, app};
    use super::*;
    use crate::routes;
    use crate::test_support::{json_body, send};

    /// Creates a passkey user and returns the query of its registration link.
    async fn passkey_link(stand_in: &Arc<StandIn>, user_name: &str) -> String {
        let mut body = valid_import(user_name);
        body["password"] = serde_json::Value::Null;
        body["requestPasswordlessRegistration"] = json!(true);
        body["profile"]["displayName"] = json!("<b>Minnie</b> & \"Co\"");
        let request = request("POST", routes::IMPORT_HUMAN_USER, Some(SERVICE_TOKEN), Some(body));
        let response = app(stand_in.clone()).oneshot(request).await.unwrap();
        let link = json_body(response).await["passwordlessRegistration"]["link"]
            .as_str()
            .unwrap()
            .to_owned();
        Url::parse(&link).unwrap().query().unwrap().to_owned()
    }

    async fn get_page(stand_in: &Arc<StandIn>, query: &str) -> (StatusCode, String) {
        let uri = format!("{PASSWORDLESS_INIT_PATH}?{query}");
        send(app(stand_in.clone()), request("GET", &uri, None, None)).await
    }

    async fn post_page(stand_in: &Arc<StandIn>, form: &str) -> (StatusCode, String) {
        let request = Request::builder()
            .method("POST")
            .uri(PASSWORDLESS_INIT_PATH)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form.to_owned()))
            .unwrap();
        send(app(stand_in.clone()), request).await
    }

    #[tokio::test]
    async fn page_names_the_requested_authenticator() {
        let cases = [
            ("platform", "platform", "this device (platform authenticator)"),
            ("1", "platform", "this device (platform authenticator)"),
            (
                "crossPlatform",
                "crossPlatform",
                "a security key (cross-platform authenticator)",
            ),
            ("2", "crossPlatform", "a security key (cross-platform authenticator)"),
            ("unspecified", "unspecified", "any authenticator"),
            ("Platform", "unspecified", "any authenticator"),
            ("cross-platform", "unspecified", "any authenticator"),
        ];
        let stand_in = stand_in();
        let query = passkey_link(&stand_in, "minnie").await;
        let user_id = stand_in.users()[0].id.clone();
        for (value, machine_value, words) in cases {
            let (status, html) = get_page(&stand_in, &format!("{query}&requestPlatformType={value}")).await;
            assert_eq!(status, StatusCode::OK, "{value}");
            assert!(
                html.contains(&format!(r#"data-platform-type="{machine_value}""#)),
                "{value}: {html}"
            );
            assert!(html.contains(words), "{value}: {html}");
            assert!(html.contains(&format!(r#"data-user-id="{user_id}""#)), "{value}");
            assert!(html.contains(r#"data-code-state="valid""#), "{value}");
            assert!(
                html.contains(&format!(r#"name="requestPlatformType" value="{machine_value}""#)),
                "{value}"
            );
        }
        let (_, html) = get_page(&stand_in, &query).await;
        assert!(html.contains(r#"data-platform-type="unspecified""#), "{html}");
    }

    #[tokio::test]
    async fn get_does_not_use_the_code_and_post_does() {
        let stand_in = stand_in();
        let query = passkey_link(&stand_in, "minnie").await;
        for _ in 0..2 {
            assert_eq!(get_page(&stand_in, &query).await.0, StatusCode::OK);
        }
        assert_eq!(stand_in.users()[0].passwordless, PasswordlessState::Pending);

        let (status, html) = post_page(&stand_in, &format!("{query}&requestPlatformType=crossPlatform")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(r#"data-code-state="registered""#), "{html}");
        assert!(html.contains(r#"data-platform-type="crossPlatform""#), "{html}");
        assert_eq!(stand_in.users()[0].passwordless, PasswordlessState::Registered);

        let (status, html) = get_page(&stand_in, &query).await;
        assert_eq!(status, StatusCode::GONE);
        assert!(html.contains(r#"data-code-state="used""#), "{html}");
        let (status, _) = post_page(&stand_in, &query).await;
        assert_eq!(status, StatusCode::GONE);
    }

    #[tokio::test]
    async fn expired_code_shows_expired_page() {
        let stand_in = stand_in();
        let query = passkey_link(&stand_in, "minnie").await;
        stand_in.settings().clock.advance(Duration::from_secs(3600));
        let (status, html) = get_page(&stand_in, &query).await;
        assert_eq!(status, StatusCode::GONE);
        assert!(html.contains(r#"data-code-state="expired""#), "{html}");
        assert!(html.contains("has expired"), "{html}");
        let (status, _) = post_page(&stand_in, &query).await;
        assert_eq!(status, StatusCode::GONE);
        assert_eq!(stand_in.users()[0].passwordless, PasswordlessState::Pending);
    }

    #[tokio::test]
    async fn unknown_code_shows_clear_page() {
        let stand_in = stand_in();
        let query = passkey_link(&stand_in, "minnie").await;
        let wrong_code = query.replace("code=", "code=x");
        for query in ["", "userID=1&orgID=2&codeID=3&code=abc", wrong_code.as_str()] {
            let (status, html) = get_page(&stand_in, query).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{query}");
            assert!(html.contains(r#"data-code-state="unknown""#), "{query}");
            assert!(html.contains("not valid"), "{query}");
            assert!(!html.contains("data-user-id"), "{query}");
        }
    }

    #[tokio::test]
    async fn values_are_escaped() {
        let stand_in = stand_in();
        let query = passkey_link(&stand_in, "minnie").await;
        let (_, html) = get_page(&stand_in, &query).await;
        assert!(
            html.contains("&lt;b&gt;Minnie&lt;/b&gt; &amp; &quot;Co&quot;"),
            "{html}"
        );
        assert!(!html.contains("<b>Minnie"), "{html}");

        let (_, html) = get_page(&stand_in, "userID=%22%3E%3Cscript%3E&code=%3C").await;
        assert!(!html.contains("<script>"), "{html}");
    }

    #[test]
    fn escape_table() {
        let cases = [
            ("a<b>&\"'", "a&lt;b&gt;&amp;&quot;&#39;"),
            ("plain", "plain"),
            ("ä", "ä"),
        ];
        for (input, expected) in cases {
            assert_eq!(escape_html(input), expected);
        }
    }

    #[tokio::test]
    async fn pages_forbid_scripts_and_referrers() {
        let stand_in = stand_in();
        let response = app(stand_in.clone())
            .oneshot(request("GET", PASSWORDLESS_INIT_PATH, None, None))
            .await
            .unwrap();
        let headers = response.headers();
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        assert!(
            headers[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap()
                .contains("default-src 'none'")
        );
    }

    #[tokio::test]
    async fn sign_in_placeholder_is_served() {
        for uri in ["/ui/login/", "/ui/login"] {
            let (status, html) = send(app(stand_in()), request("GET", uri, None, None)).await;
            assert_eq!(status, StatusCode::OK, "{uri}");
            assert!(html.contains("sign-in page of the ZITADEL stand-in"), "{uri}");
        }
    }
}
