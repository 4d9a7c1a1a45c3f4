//! The passkey registration link: choosing the authenticator, and the link format itself.
//!
//! ZITADEL's login page reads `requestPlatformType` from the link's query. This module
//! sets it without touching any other part of the link, because the link carries the
//! one-time code and its exact spelling matters.

use std::fmt;

use url::Url;

/// The query parameter that selects the authenticator on ZITADEL's login page.
pub const PLATFORM_TYPE_PARAMETER: &str = "requestPlatformType";

/// The path of ZITADEL's passwordless registration page (v1 login UI).
pub const PASSWORDLESS_INIT_PATH: &str = "/ui/login/login/passwordless/init";

/// The kind of authenticator the user wants to register.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PlatformType {
    /// This device: Face ID, Touch ID, Windows Hello or a fingerprint reader.
    Platform,
    /// A security key such as a YubiKey.
    CrossPlatform,
    /// Any authenticator.
    #[default]
    Unspecified,
}

impl PlatformType {
    pub const ALL: [PlatformType; 3] = [
        PlatformType::Platform,
        PlatformType::CrossPlatform,
        PlatformType::Unspecified,
    ];

    /// Returns the value written into the link.
    pub fn query_value(self) -> &'static str {
        match self {
            PlatformType::Platform => "platform",
            PlatformType::CrossPlatform => "crossPlatform",
            PlatformType::Unspecified => "unspecified",
        }
    }

    /// Reads a query value as ZITADEL's login does: `platform` or `1`, `crossPlatform` or
    /// `2`, matched exactly and case-sensitively; anything else means unspecified.
    pub fn from_query_value(value: &str) -> PlatformType {
        match value {
            "platform" | "1" => PlatformType::Platform,
            "crossPlatform" | "2" => PlatformType::CrossPlatform,
            _ => PlatformType::Unspecified,
        }
    }
}

impl fmt::Display for PlatformType {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.query_value())
    }
}

/// Why a registration link was rejected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// The link is not a valid absolute URL.
    #[error("invalid registration link: {0}")]
    Invalid(#[from] url::ParseError),
    /// The link uses a scheme other than http or https.
    #[error("registration link has scheme {0:?}; only http and https links can be opened")]
    UnsupportedScheme(String),
}

/// Returns ZITADEL's registration `link` with `requestPlatformType` set to `platform_type`.
///
/// Any earlier `requestPlatformType` is removed, and the parameter is added exactly once at
/// the end. Every other query parameter and the fragment stay as they were, byte for byte:
/// the raw query is edited rather than decoded and encoded again.
pub fn registration_link(link: &str, platform_type: PlatformType) -> Result<Url, LinkError> {
    let mut url = Url::parse(link)?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(LinkError::UnsupportedScheme(url.scheme().to_owned()));
    }

    let mut pairs: Vec<&str> = url
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|pair| !pair.is_empty() && !is_platform_type_pair(pair))
        .collect();
    let platform_pair = format!("{PLATFORM_TYPE_PARAMETER}={}", platform_type.query_value());
    pairs.push(&platform_pair);
    let query = pairs.join("&");
    url.set_query(Some(&query));
    Ok(url)
}

/// Returns true when a raw `key=value` pair sets `requestPlatformType`, in any encoding.
fn is_platform_type_pair(pair: &str) -> bool {
    let raw_key = pair.split_once('=').map_or(pair, |(key, _)| key);
    url::form_urlencoded::parse(raw_key.as_bytes())
        .next()
        .is_some_and(|(key, _)| key == PLATFORM_TYPE_PARAMETER)
}

/// Builds the link ZITADEL's v1 API returns for a passwordless registration code:
/// `<origin>/ui/login/login/passwordless/init?userID=…&orgID=…&codeID=…&code=…`.
pub fn passwordless_init_link(origin: &Url, user_id: &str, org_id: &str, code_id: &str, code: &str) -> Url {
    let mut url = origin.clone();
    url.set_path(PASSWORDLESS_INIT_PATH);
    url.set_fragment(None);
    url.query_pairs_mut()
        .clear()
        .append_pair("userID", user_id)
        .append_pair("orgID", org_id)
        .append_pair("codeID", code_id)
        .append_pair("code", code);
    url
}

/// The parameters of a passwordless registration link, read as ZITADEL's login reads them.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordlessInitQuery {
    pub user_id: String,
    pub org_id: String,
    pub code_id: String,
    pub code: String,
    pub platform_type: PlatformType,
}

impl PasswordlessInitQuery {
    /// Reads the query string. A key given twice takes its last value, as gorilla/schema
    /// does; a missing key reads as empty.
    pub fn parse(query: &str) -> PasswordlessInitQuery {
        let mut parsed = PasswordlessInitQuery {
            user_id: String::new(),
            org_id: String::new(),
            code_id: String::new(),
            code: String::new(),
            platform_type: PlatformType::Unspecified,
        };
        for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
            match key.as_ref() {
                "userID" => parsed.user_id = value.into_owned(),
                "orgID" => parsed.org_id = value.into_owned(),
                "codeID" => parsed.code_id = value.into_owned(),
                "code" => parsed.code = value.into_owned(),
                PLATFORM_TYPE_PARAMETER => parsed.platform_type = PlatformType::from_query_value(&value),
                _ => {}
            }
        }
        parsed
    }
}

impl fmt::Debug for PasswordlessInitQuery {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("PasswordlessInitQuery")
            .field("user_id", &self.user_id)
            .field("org_id", &self.org_id)
            .field("code_id", &self.code_id)
            .field("code", &"[redacted]")
            .field("platform_type", &self.platform_type)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const LINK: &str = "https://auth.example.com/ui/login/login/passwordless/init?userID=259242039378509826&orgID=259242039378444290&codeID=259242039378575362&code=aB3dE6gH9jK2";

    fn pairs(url: &Url) -> Vec<(String, String)> {
        url.query_pairs()
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect()
    }

    #[test]
    fn sets_each_platform_type() {
        for (platform_type, expected) in [
            (PlatformType::Platform, "platform"),
            (PlatformType::CrossPlatform, "crossPlatform"),
            (PlatformType::Unspecified, "unspecified"),
        ] {
            let url = registration_link(LINK, platform_type).unwrap();
            assert_eq!(url.as_str(), format!("{LINK}&requestPlatformType={expected}"));
        }
    }

    #[test]
    fn keeps_other_parameters_and_fragment_unchanged() {
        let url = registration_link(
            "https://auth.example.com/init?userID=1&code=a+b#x",
            PlatformType::Platform,
        )
        .unwrap();
        assert_eq!(
            url.as_str(),
            "https://auth.example.com/init?userID=1&code=a+b&requestPlatformType=platform#x"
        );
        assert_eq!(url.query_pairs().find(|(key, _)| key == "code").unwrap().1, "a b");
        assert_eq!(url.fragment(), Some("x"));
    }

    #[test]
    fn replaces_existing_platform_types() {
        let link = "https://a.example/p?requestPlatformType=crossPlatform&userID=1&request%50latformType=2&code=c";
        let url = registration_link(link, PlatformType::Unspecified).unwrap();
        assert_eq!(
            url.as_str(),
            "https://a.example/p?userID=1&code=c&requestPlatformType=unspecified"
        );
    }

    #[test]
    fn keeps_percent_encoding_as_it_was() {
        let link = "https://a.example/p?name=%41%20b&x=%2B&empty=&flag";
        let url = registration_link(link, PlatformType::Platform).unwrap();
        assert_eq!(
            url.as_str(),
            "https://a.example/p?name=%41%20b&x=%2B&empty=&flag&requestPlatformType=platform"
        );
    }

    #[test]
    fn link_without_query_gets_one() {
        let url = registration_link("http://127.0.0.1:8082/init", PlatformType::CrossPlatform).unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:8082/init?requestPlatformType=crossPlatform"
        );
    }

    #[test]
    fn rejects_links_that_are_not_http() {
        for link in [
            "javascript:alert(1)",
            "ftp://a.example/x",
            "data:text/html,hi",
            "file:///etc/passwd",
        ] {
            assert!(
                matches!(
                    registration_link(link, PlatformType::Platform),
                    Err(LinkError::UnsupportedScheme(_))
                ),
                "{link}"
            );
        }
        for link in ["", "/relative/path?x=1", "not a url"] {
            assert!(
                matches!(
                    registration_link(link, PlatformType::Platform),
                    Err(LinkError::Invalid(_))
                ),
                "{link}"
            );
        }
    }

    #[test]
    fn query_values_read_as_zitadel_does() {
        let cases = [
            ("platform", PlatformType::Platform),
            ("1", PlatformType::Platform),
            ("crossPlatform", PlatformType::CrossPlatform),
            ("2", PlatformType::CrossPlatform),
            ("unspecified", PlatformType::Unspecified),
            ("Platform", PlatformType::Unspecified),
            ("cross-platform", PlatformType::Unspecified),
            ("", PlatformType::Unspecified),
            ("3", PlatformType::Unspecified),
        ];
        for (value, expected) in cases {
            assert_eq!(PlatformType::from_query_value(value), expected, "{value:?}");
        }
    }

    #[test]
    fn init_link_has_zitadel_format() {
        let origin = Url::parse("http://127.0.0.1:8082").unwrap();
        let url = passwordless_init_link(&origin, "100", "200", "300", "aB3dE6gH9jK2");
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:8082/ui/login/login/passwordless/init?userID=100&orgID=200&codeID=300&code=aB3dE6gH9jK2"
        );
        let query = PasswordlessInitQuery::parse(url.query().unwrap());
        assert_eq!(query.user_id, "100");
        assert_eq!(query.org_id, "200");
        assert_eq!(query.code_id, "300");
        assert_eq!(query.code, "aB3dE6gH9jK2");
        assert_eq!(query.platform_type, PlatformType::Unspecified);
        assert!(!format!("{query:?}").contains("aB3dE6gH9jK2"));
    }

    #[test]
    fn init_query_takes_last_value() {
        let query = PasswordlessInitQuery::parse("requestPlatformType=platform&requestPlatformType=2&userID=1");
        assert_eq!(query.platform_type, PlatformType::CrossPlatform);
        assert_eq!(query.code, "");
    }

    /// Splits a raw query into its raw pairs, ignoring empty ones.
    fn raw_pairs(url: &Url) -> Vec<String> {
        url.query()
            .unwrap_or("")
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(str::to_owned)
            .collect()
    }

    fn query_text() -> impl Strategy<Value = String> {
        let key = prop_oneof![
            Just("userID".to_owned()),
            Just("code".to_owned()),
            Just("requestPlatformType".to_owned()),
            "[a-zA-Z0-9_.~+%-]{0,8}",
        ];
        let value = "[a-zA-Z0-9_.~+%=/?:@!$'()*,;-]{0,12}";
        prop::collection::vec((key, value), 0..6).prop_map(|pairs| {
            pairs
                .into_iter()
                .map(|(key, value)| format!("{key}={value}"))
                .collect::<Vec<_>>()
                .join("&")
        })
    }

    proptest! {
        #[test]
        fn keeps_every_other_parameter(
            host in "[a-z]{1,10}\\.example",
            path in "(/[a-zA-Z0-9._~-]{0,8}){0,3}",
            query in query_text(),
            fragment in proptest::option::of("[a-zA-Z0-9/?=&+%-]{0,10}"),
            platform_index in 0usize..3,
        ) {
            let fragment_text = fragment.as_ref().map(|text| format!("#{text}")).unwrap_or_default();
            let link = format!("https://{host}{path}?{query}{fragment_text}");
            let original = Url::parse(&link).unwrap();
            let platform_type = PlatformType::ALL[platform_index];
            let built = registration_link(&link, platform_type).unwrap();

            let expected_pairs: Vec<String> = raw_pairs(&original).into_iter().filter(|pair| !is_platform_type_pair(pair)).collect();
            let mut built_pairs = raw_pairs(&built);
            let last = built_pairs.pop().unwrap();
            prop_assert_eq!(last, format!("requestPlatformType={}", platform_type.query_value()));
            prop_assert_eq!(built_pairs, expected_pairs);

            let platform_values: Vec<String> = pairs(&built).into_iter().filter(|(key, _)| key == PLATFORM_TYPE_PARAMETER).map(|(_, value)| value).collect();
            prop_assert_eq!(platform_values, vec![platform_type.query_value().to_owned()]);
            prop_assert_eq!(built.fragment(), original.fragment());
            prop_assert_eq!(built.path(), original.path());
            prop_assert_eq!(built.host_str(), original.host_str());
        }
    }
}
