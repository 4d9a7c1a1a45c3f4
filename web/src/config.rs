//! The widget's configuration, read from the attributes of its mount element.
//!
//! Parsing is a pure function of the attribute values, the browser's language and, for the
//! custom element, the address the script was loaded from, so it is tested without a page.
//! Reading the attributes from the DOM happens in `mount`.

use std::fmt;

use register_core::registration::Method;
use url::Url;

use crate::i18n::Locale;

/// The configuration attributes of a mount element, as written in the page. `None` means
/// the attribute is absent; absent and blank mean the same.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MountAttributes {
    /// The location of the gateway's `/management/` routes.
    pub api_base: Option<String>,
    /// `password` and `passkey`, separated by spaces or commas.
    pub methods: Option<String>,
    /// The page the done screen links to.
    pub sign_in_url: Option<String>,
    /// The language of the widget, `en` or `de`.
    pub lang: Option<String>,
}

/// The names of the configuration attributes of one kind of mount element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttributeNames {
    pub api_base: &'static str,
    pub methods: &'static str,
    pub sign_in_url: &'static str,
    pub lang: &'static str,
}

impl AttributeNames {
    /// The `data-*` attributes of the standalone page's mount element.
    pub const DATA: AttributeNames = AttributeNames {
        api_base: "data-api-base",
        methods: "data-methods",
        sign_in_url: "data-sign-in-url",
        lang: "data-lang",
    };

    /// The attributes of the `<zitadel-register>` element.
    pub const ELEMENT: AttributeNames = AttributeNames {
        api_base: "api-base",
        methods: "methods",
        sign_in_url: "sign-in-url",
        lang: "lang",
    };
}

/// The location of the gateway.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiBase {
    /// The page's own origin: requests go to `/management/...`.
    SameOrigin,
    /// An absolute http(s) URL; its path is kept as a prefix.
    Url(Url),
}

/// The validated configuration of one widget instance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetConfig {
    pub api_base: ApiBase,
    /// The sign-in methods offered, in the order given, never empty.
    pub methods: Vec<Method>,
    /// The sign-in page shown at the end; `None` hides the link.
    pub sign_in_url: Option<Url>,
    pub locale: Locale,
}

impl WidgetConfig {
    /// Returns the method to use without asking, when only one is enabled.
    pub fn only_method(&self) -> Option<Method> {
        match self.methods.as_slice() {
            [method] => Some(*method),
            _ => None,
        }
    }

    /// Returns true when moving from this configuration to `next` needs a fresh widget,
    /// because the gateway or the offered methods differ. A new language or sign-in link is
    /// applied to the running widget, which keeps what the person typed.
    pub fn needs_new_widget(&self, next: &WidgetConfig) -> bool {
        self.api_base != next.api_base || self.methods != next.methods
    }
}

/// An attribute value that was ignored, reported on the console for the site owner. Each
/// variant names the attribute as the page wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigWarning {
    /// A methods entry that is neither `password` nor `passkey`.
    UnknownMethod { attribute: &'static str, value: String },
    /// An API base that is not an absolute http or https URL.
    InvalidApiBase { attribute: &'static str, value: String },
    /// A sign-in URL that is not an absolute http or https URL.
    InvalidSignInUrl { attribute: &'static str, value: String },
    /// A language that is not supported.
    UnsupportedLanguage { attribute: &'static str, value: String },
}

impl fmt::Display for ConfigWarning {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigWarning::UnknownMethod { attribute, value } => write!(
                formatter,
                "register-kit: ignored unknown method {value:?} in {attribute}; use password or passkey"
            ),
            ConfigWarning::InvalidApiBase { attribute, value } => write!(
                formatter,
                "register-kit: ignored {attribute} {value:?}; use an absolute http or https URL, or leave it blank for the default"
            ),
            ConfigWarning::InvalidSignInUrl { attribute, value } => write!(
                formatter,
                "register-kit: ignored {attribute} {value:?}; use an absolute http or https URL"
            ),
            ConfigWarning::UnsupportedLanguage { attribute, value } => write!(
                formatter,
                "register-kit: {attribute} {value:?} is not supported; using English. Supported: en, de"
            ),
        }
    }
}

/// Parses the `data-*` attributes of the standalone page's mount element.
/// `navigator_language` is `navigator.language`, used when `data-lang` is blank. A blank
/// `data-api-base` means the page's own origin. Every ignored value is returned as a
/// warning.
pub fn parse_config(
    attributes: &MountAttributes,
    navigator_language: Option<&str>,
) -> (WidgetConfig, Vec<ConfigWarning>) {
    parse_with_defaults(
        attributes,
        AttributeNames::DATA,
        ApiBase::SameOrigin,
        navigator_language,
    )
}

/// Parses the attributes of a `<zitadel-register>` element. A blank `api-base` means
/// `script_base`, the directory that `register-kit.js` was loaded from, so that a page on
/// another origin needs only the script's address.
pub fn parse_element_config(
    attributes: &MountAttributes,
    navigator_language: Option<&str>,
    script_base: &Url,
) -> (WidgetConfig, Vec<ConfigWarning>) {
    parse_with_defaults(
        attributes,
        AttributeNames::ELEMENT,
        ApiBase::Url(script_base.clone()),
        navigator_language,
    )
}

fn parse_with_defaults(
    attributes: &MountAttributes,
    names: AttributeNames,
    default_api_base: ApiBase,
    navigator_language: Option<&str>,
) -> (WidgetConfig, Vec<ConfigWarning>) {
    let mut warnings = Vec::new();

    let api_base = match non_blank(&attributes.api_base) {
        None => default_api_base,
        Some(raw) => match parse_http_url(raw) {
            Some(url) => ApiBase::Url(url),
            None => {
                warnings.push(ConfigWarning::InvalidApiBase {
                    attribute: names.api_base,
                    value: raw.to_owned(),
                });
                default_api_base
            }
        },
    };

    let methods = parse_methods(
        non_blank(&attributes.methods).unwrap_or(""),
        names.methods,
        &mut warnings,
    );

    let sign_in_url = non_blank(&attributes.sign_in_url).and_then(|raw| {
        let url = parse_http_url(raw);
        if url.is_none() {
            warnings.push(ConfigWarning::InvalidSignInUrl {
                attribute: names.sign_in_url,
                value: raw.to_owned(),
            });
        }
        url
    });

    let locale = match non_blank(&attributes.lang) {
        Some(raw) => locale_from_tag(raw).unwrap_or_else(|| {
            warnings.push(ConfigWarning::UnsupportedLanguage {
                attribute: names.lang,
                value: raw.to_owned(),
            });
            Locale::en
        }),
        None => navigator_language.and_then(locale_from_tag).unwrap_or(Locale::en),
    };

    let config = WidgetConfig {
        api_base,
        methods,
        sign_in_url,
        locale,
    };
    (config, warnings)
}

/// Returns the supported UI language for a BCP 47 tag, matching its primary subtag
/// ignoring case, so `de-CH` gives German.
pub fn locale_from_tag(tag: &str) -> Option<Locale> {
    let primary = tag.trim().split(['-', '_']).next()?;
    if primary.eq_ignore_ascii_case("en") {
        Some(Locale::en)
    } else if primary.eq_ignore_ascii_case("de") {
        Some(Locale::de)
    } else {
        None
    }
}

/// Returns the tag of a UI language, as used for `lang` attributes and `preferredLanguage`.
pub fn locale_tag(locale: Locale) -> &'static str {
    match locale {
        Locale::en => "en",
        Locale::de => "de",
    }
}

fn parse_methods(raw: &str, attribute: &'static str, warnings: &mut Vec<ConfigWarning>) -> Vec<Method> {
    let mut methods = Vec::new();
    for name in raw.split([' ', ',', '\t', '\n']).filter(|name| !name.is_empty()) {
        match Method::from_config_name(name) {
            Some(method) if !methods.contains(&method) => methods.push(method),
            Some(_) => {}
            None => warnings.push(ConfigWarning::UnknownMethod {
                attribute,
                value: name.to_owned(),
            }),
        }
    }
    if methods.is_empty() {
        methods = Method::ALL.to_vec();
    }
    methods
}

fn parse_http_url(raw: &str) -> Option<Url> {
    let url = Url::parse(raw).ok()?;
    let is_http = matches!(url.scheme(), "http" | "https");
    let has_host = url.host_str().is_some_and(|host| !host.is_empty());
    (is_http && has_host).then_some(url)
}

fn non_blank(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn attributes(api_base: &str, methods: &str, sign_in_url: &str, lang: &str) -> MountAttributes {
        MountAttributes {
            api_base: Some(api_base.into()),
            methods: Some(methods.into()),
            sign_in_url: Some(sign_in_url.into()),
            lang: Some(lang.into()),
        }
    }

    #[wasm_bindgen_test]
    fn blank_attributes_give_defaults() {
        let (config, warnings) = parse_config(&MountAttributes::default(), None);
        assert_eq!(config.api_base, ApiBase::SameOrigin);
        assert_eq!(config.methods, vec![Method::Password, Method::Passkey]);
        assert_eq!(config.sign_in_url, None);
        assert_eq!(config.locale, Locale::en);
        assert!(warnings.is_empty(), "{warnings:?}");

        let (config, warnings) = parse_config(&attributes(" ", "", "  ", ""), Some("en-US"));
        assert_eq!(config.methods, Method::ALL.to_vec());
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[wasm_bindgen_test]
    fn methods_are_read_in_order() {
        let cases: [(&str, Vec<Method>, Vec<ConfigWarning>); 7] = [
            ("password passkey", vec![Method::Password, Method::Passkey], vec![]),
            ("passkey,password", vec![Method::Passkey, Method::Password], vec![]),
            ("passkey", vec![Method::Passkey], vec![]),
            (" password , ", vec![Method::Password], vec![]),
            ("password password", vec![Method::Password], vec![]),
            (
                "passkey sms",
                vec![Method::Passkey],
                vec![ConfigWarning::UnknownMethod {
                    attribute: "data-methods",
                    value: "sms".into(),
                }],
            ),
            (
                "Password",
                Method::ALL.to_vec(),
                vec![ConfigWarning::UnknownMethod {
                    attribute: "data-methods",
                    value: "Password".into(),
                }],
            ),
        ];
        for (raw, expected_methods, expected_warnings) in cases {
            let (config, warnings) = parse_config(&attributes("", raw, "", "en"), None);
            assert_eq!(config.methods, expected_methods, "{raw:?}");
            assert_eq!(warnings, expected_warnings, "{raw:?}");
        }
    }

    #[wasm_bindgen_test]
    fn only_method_when_one_is_enabled() {
        let (config, _) = parse_config(&attributes("", "passkey", "", ""), None);
        assert_eq!(config.only_method(), Some(Method::Passkey));
        let (config, _) = parse_config(&attributes("", "", "", ""), None);
        assert_eq!(config.only_method(), None);
    }

    #[wasm_bindgen_test]
    fn urls_must_be_absolute_http() {
        let (config, warnings) = parse_config(
            &attributes(
                "http://127.0.0.1:8081/gateway/",
                "",
                "http://127.0.0.1:8082/ui/login/",
                "",
            ),
            None,
        );
        assert_eq!(
            config.api_base,
            ApiBase::Url(Url::parse("http://127.0.0.1:8081/gateway/").unwrap())
        );
        assert_eq!(
            config.sign_in_url.as_ref().map(Url::as_str),
            Some("http://127.0.0.1:8082/ui/login/")
        );
        assert!(warnings.is_empty(), "{warnings:?}");

        for bad in [
            "javascript:alert(1)",
            "/relative",
            "ftp://127.0.0.1/x",
            "data:text/html,x",
            "http://",
        ] {
            let (config, warnings) = parse_config(&attributes(bad, "", bad, ""), None);
            assert_eq!(config.api_base, ApiBase::SameOrigin, "{bad}");
            assert_eq!(config.sign_in_url, None, "{bad}");
            assert_eq!(
                warnings,
                vec![
                    ConfigWarning::InvalidApiBase {
                        attribute: "data-api-base",
                        value: bad.into()
                    },
                    ConfigWarning::InvalidSignInUrl {
                        attribute: "data-sign-in-url",
                        value: bad.into()
                    }
                ],
                "{bad}"
            );
        }
    }

    #[wasm_bindgen_test]
    fn language_from_attribute_then_navigator() {
        let cases = [
            ("de", Some("en-US"), Locale::de, false),
            ("DE-ch", None, Locale::de, false),
            ("en", Some("de-DE"), Locale::en, false),
            ("", Some("de-AT"), Locale::de, false),
            ("", Some("fr-FR"), Locale::en, false),
            ("", None, Locale::en, false),
            ("fr", Some("de-DE"), Locale::en, true),
        ];
        for (lang, navigator, expected, warns) in cases {
            let (config, warnings) = parse_config(&attributes("", "", "", lang), navigator);
            assert_eq!(config.locale, expected, "{lang:?} {navigator:?}");
            assert_eq!(!warnings.is_empty(), warns, "{lang:?} {navigator:?}");
        }
    }

    #[wasm_bindgen_test]
    fn warnings_name_the_attribute() {
        let warning = ConfigWarning::UnknownMethod {
            attribute: "data-methods",
            value: "sms".into(),
        };
        let text = warning.to_string();
        assert!(text.contains("data-methods"), "{text}");
        assert!(text.contains("\"sms\""), "{text}");
    }

    #[wasm_bindgen_test]
    fn only_gateway_and_methods_need_a_new_widget() {
        let (base, _) = parse_config(&attributes("", "password passkey", "", "en"), None);
        let cases = [
            (attributes("", "password passkey", "", "de"), false),
            (
                attributes("", "password passkey", "http://127.0.0.1:8082/ui/login/", "en"),
                false,
            ),
            (attributes("", "passkey", "", "en"), true),
            (attributes("", "passkey password", "", "en"), true),
            (attributes("http://127.0.0.1:8081/", "password passkey", "", "en"), true),
        ];
        for (changed, expected) in cases {
            let (next, _) = parse_config(&changed, None);
            assert_eq!(base.needs_new_widget(&next), expected, "{changed:?}");
        }
    }

    #[wasm_bindgen_test]
    fn element_defaults_to_the_script_origin() {
        let script_base = Url::parse("http://127.0.0.1:8081/").unwrap();
        let (config, warnings) = parse_element_config(&MountAttributes::default(), None, &script_base);
        assert_eq!(config.api_base, ApiBase::Url(script_base.clone()));
        assert!(warnings.is_empty(), "{warnings:?}");

        let (config, warnings) = parse_element_config(
            &attributes("/relative", "password sms", "", "fr"),
            Some("de-DE"),
            &script_base,
        );
        assert_eq!(
            config.api_base,
            ApiBase::Url(script_base.clone()),
            "an invalid api-base falls back to the script origin"
        );
        assert_eq!(config.methods, vec![Method::Password]);
        assert_eq!(config.locale, Locale::en);
        assert_eq!(
            warnings,
            vec![
                ConfigWarning::InvalidApiBase {
                    attribute: "api-base",
                    value: "/relative".into()
                },
                ConfigWarning::UnknownMethod {
                    attribute: "methods",
                    value: "sms".into()
                },
                ConfigWarning::UnsupportedLanguage {
                    attribute: "lang",
                    value: "fr".into()
                },
            ]
        );

        let (config, _) = parse_element_config(
            &attributes("https://gateway.example/register/", "", "", ""),
            None,
            &script_base,
        );
        assert_eq!(
            config.api_base,
            ApiBase::Url(Url::parse("https://gateway.example/register/").unwrap())
        );
    }
}
