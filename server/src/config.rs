//! The configuration of both servers: one clap struct, where every option also reads an
//! environment variable.
//!
//! Secrets are never options with a value on the command line, where other local users
//! could read them. They come from a file or from an environment variable.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use axum::http::{HeaderName, HeaderValue};
use clap::{ArgAction, Parser, Subcommand};
use register_core::policy::{MAX_POLICY_MIN_LENGTH, PasswordPolicy};
use register_core::registration::Method;
use url::Url;

use crate::error::StartError;
use crate::secret::Secret;

/// The organization id the stand-in uses when `--org-id` is not given.
pub const DEFAULT_STAND_IN_ORG_ID: &str = "100000000000000001";

/// The environment variable that contains the service token itself.
pub const SERVICE_TOKEN_VARIABLE: &str = "REGISTER_SERVICE_TOKEN";

/// The environment variable that contains the stand-in's admin token itself.
pub const ADMIN_TOKEN_VARIABLE: &str = "REGISTER_ADMIN_TOKEN";

/// Upper bounds for numeric options. They keep clap's range errors readable (`1..=3600`
/// instead of `1..18446744073709551615`) and reject values that can only be typos.
const MAX_RATE_LIMIT_BURST: i64 = 1_000_000;
const MAX_UPSTREAM_TIMEOUT_SECONDS: u64 = 3600;
const MAX_PASSWORDLESS_EXPIRY_SECONDS: u64 = 366 * 24 * 3600;

/// The maximum --stand-in-delay: ten minutes, far longer than any timeout it is meant to
/// exceed.
const MAX_STAND_IN_DELAY_MS: u64 = 600_000;

const ABOUT: &str = "The register-kit gateway between browsers and ZITADEL, with an in-memory ZITADEL stand-in.";

const LONG_ABOUT: &str = "The register-kit gateway between browsers and ZITADEL, with an in-memory ZITADEL stand-in.

Without --upstream, the gateway starts the stand-in on --stand-in-listen and forwards to it over HTTP. \
The stand-in keeps users in memory only; it is for development and tests.

Secrets are read from files or from the environment, never from the command line: \
REGISTER_SERVICE_TOKEN or --service-token-file for the token the gateway sends upstream, \
REGISTER_ADMIN_TOKEN or --admin-token-file for the stand-in's admin token. \
Tokens that the stand-in needs and that are not given are generated at start.

Logs go to standard error. RUST_LOG sets the log filter [default: info].";

/// The command line of `register-server`.
#[derive(Debug, Parser)]
#[command(name = "register-server", version, about = ABOUT, long_about = LONG_ABOUT)]
pub struct Config {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Address the gateway listens on, as IP:PORT. Port 0 picks a free port.
    #[arg(long, env = "REGISTER_LISTEN", value_name = "ADDR", default_value = "127.0.0.1:8081")]
    pub listen: SocketAddr,

    /// Base URL of the ZITADEL instance to forward to, such as https://auth.example.com.
    /// Without it, the built-in stand-in is started and used [default: none].
    #[arg(long, env = "REGISTER_UPSTREAM", value_name = "URL", value_parser = parse_http_url)]
    pub upstream: Option<Url>,

    /// Origin that browsers may call the gateway's API from (CORS), such as
    /// https://shop.example: the sites that embed <zitadel-register>. Repeat the option, or
    /// separate origins with commas in the variable. Without it, only pages served by the
    /// gateway itself can call the API [default: none].
    #[arg(
        long = "allowed-origin",
        env = "REGISTER_ALLOWED_ORIGINS",
        value_name = "ORIGIN",
        value_delimiter = ',',
        value_parser = parse_origin
    )]
    pub allowed_origins: Vec<HeaderValue>,

    /// Registration methods the gateway accepts: password, passkey, or both, separated by
    /// commas or spaces, as in the widget's methods attribute.
    #[arg(
        long,
        env = "REGISTER_METHODS",
        value_name = "METHODS",
        default_value = "password,passkey",
        value_parser = parse_methods
    )]
    pub methods: Vec<MethodList>,

    /// Registrations and emailed links allowed per minute and client IP address, on
    /// average. 0 turns the limit off.
    #[arg(
        long,
        env = "REGISTER_RATE_LIMIT_PER_MINUTE",
        value_name = "COUNT",
        default_value_t = 10
    )]
    pub rate_limit_per_minute: u32,

    /// Requests per client IP address that may come at once before the rate limit applies.
    #[arg(long, env = "REGISTER_RATE_LIMIT_BURST", value_name = "COUNT", default_value_t = 10,
          value_parser = clap::value_parser!(u32).range(1..=MAX_RATE_LIMIT_BURST))]
    pub rate_limit_burst: u32,

    /// Request header that contains the client IP address, such as x-forwarded-for, when a
    /// trusted proxy sets it. The last address in the header is used. Without it, the
    /// address of the TCP peer is used [default: none].
    #[arg(long, env = "REGISTER_CLIENT_IP_HEADER", value_name = "HEADER")]
    pub client_ip_header: Option<HeaderName>,

    /// Time the gateway waits for one upstream response, in seconds. The gateway then
    /// returns 504 and never retries. Keep it at 12 or less: an import may first wait up
    /// to 2 seconds for the password policy, and the widget gives up after 15 seconds.
    #[arg(long, env = "REGISTER_UPSTREAM_TIMEOUT", value_name = "SECONDS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=MAX_UPSTREAM_TIMEOUT_SECONDS))]
    pub upstream_timeout: u64,

    /// File with the key that signs registration tickets: at least 32 random bytes.
    /// Replicas behind one load balancer must share it. Without it, each process uses a
    /// random key, and tickets are valid only at the process that issued them
    /// [default: none].
    #[arg(long, env = "REGISTER_TICKET_KEY_FILE", value_name = "PATH")]
    pub ticket_key_file: Option<PathBuf>,

    /// Directory of the built web app to serve, such as dist. Files with a .br or .gz
    /// sibling are served compressed. Every file except HTML pages is sent with
    /// Access-Control-Allow-Origin: *, so that any site can load register-kit.js
    /// [default: none: no static files].
    #[arg(long, env = "REGISTER_DIST", value_name = "DIR")]
    pub dist: Option<PathBuf>,

    /// Value of the frame-ancestors directive in the Content-Security-Policy of served
    /// pages: the sites that may show them in a frame, such as 'self' https://shop.example.
    #[arg(long, env = "REGISTER_FRAME_ANCESTORS", value_name = "SOURCES", default_value = "'self'",
          value_parser = parse_frame_ancestors)]
    pub frame_ancestors: String,

    /// File with the service token the gateway sends upstream, which the stand-in also
    /// accepts. REGISTER_SERVICE_TOKEN may contain the token instead. The stand-in generates
    /// one when neither is given [default: none].
    #[arg(long, env = "REGISTER_SERVICE_TOKEN_FILE", value_name = "PATH", global = true)]
    pub service_token_file: Option<PathBuf>,

    /// Organization id: the stand-in's organization, and the x-zitadel-orgid header the
    /// gateway sends upstream. With --upstream and no id, ZITADEL uses the organization of
    /// the service user [default: 100000000000000001 for the stand-in].
    #[arg(long, env = "REGISTER_ORG_ID", value_name = "ID", value_parser = parse_org_id, global = true)]
    pub org_id: Option<String>,

    /// Address the stand-in listens on, as IP:PORT. Port 0 picks a free port.
    #[arg(
        long,
        env = "REGISTER_STAND_IN_LISTEN",
        value_name = "ADDR",
        default_value = "127.0.0.1:8082",
        global = true
    )]
    pub stand_in_listen: SocketAddr,

    /// Public origin of the stand-in, on which it builds passkey registration links
    /// [default: http:// and the stand-in's bound address, such as http://127.0.0.1:8082].
    #[arg(long, env = "REGISTER_STAND_IN_PUBLIC_ORIGIN", value_name = "URL", value_parser = parse_http_url,
          global = true)]
    pub stand_in_public_origin: Option<Url>,

    /// File with the stand-in's admin token, which may do everything, including creating
    /// passkey links. REGISTER_ADMIN_TOKEN may contain the token instead. Generated and
    /// printed at start when neither is given [default: none].
    #[arg(long, env = "REGISTER_ADMIN_TOKEN_FILE", value_name = "PATH", global = true)]
    pub admin_token_file: Option<PathBuf>,

    /// Lifetime of the stand-in's passkey registration codes, in seconds.
    #[arg(long, env = "REGISTER_PASSWORDLESS_EXPIRY", value_name = "SECONDS", default_value_t = 3600,
          value_parser = clap::value_parser!(u64).range(1..=MAX_PASSWORDLESS_EXPIRY_SECONDS), global = true)]
    pub passwordless_expiry: u64,

    /// How long the stand-in holds back its response to each ZITADEL API call, in
    /// milliseconds. The call itself takes effect at once. A delay shows the widget's
    /// loading states, and a delay longer than the gateway's --upstream-timeout shows what
    /// happens when ZITADEL's response comes after the gateway has given up.
    #[arg(long, env = "REGISTER_STAND_IN_DELAY", value_name = "MILLISECONDS", default_value_t = 0,
          value_parser = clap::value_parser!(u64).range(..=MAX_STAND_IN_DELAY_MS), global = true)]
    pub stand_in_delay: u64,

    /// Minimum password length of the stand-in's password policy, in UTF-8 bytes (1 to 72).
    #[arg(long, env = "REGISTER_PASSWORD_MIN_LENGTH", value_name = "BYTES", default_value_t = 8,
          value_parser = clap::value_parser!(u64).range(1..=MAX_POLICY_MIN_LENGTH), global = true)]
    pub password_min_length: u64,

    /// Whether the stand-in's password policy requires a lowercase letter a-z.
    #[arg(long, env = "REGISTER_PASSWORD_REQUIRES_LOWERCASE", value_name = "BOOL", default_value_t = true,
          action = ArgAction::Set, global = true)]
    pub password_requires_lowercase: bool,

    /// Whether the stand-in's password policy requires an uppercase letter A-Z.
    #[arg(long, env = "REGISTER_PASSWORD_REQUIRES_UPPERCASE", value_name = "BOOL", default_value_t = true,
          action = ArgAction::Set, global = true)]
    pub password_requires_uppercase: bool,

    /// Whether the stand-in's password policy requires a digit 0-9.
    #[arg(long, env = "REGISTER_PASSWORD_REQUIRES_NUMBER", value_name = "BOOL", default_value_t = true,
          action = ArgAction::Set, global = true)]
    pub password_requires_number: bool,

    /// Whether the stand-in's password policy requires a symbol: any character other than
    /// A-Z, a-z and 0-9.
    #[arg(long, env = "REGISTER_PASSWORD_REQUIRES_SYMBOL", value_name = "BOOL", default_value_t = true,
          action = ArgAction::Set, global = true)]
    pub password_requires_symbol: bool,
}

/// The server to run instead of the gateway.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run only the ZITADEL stand-in, on --stand-in-listen.
    StandIn,
}

impl Config {
    /// Reads the service token from REGISTER_SERVICE_TOKEN or --service-token-file.
    pub fn service_token(&self) -> Result<Option<Secret>, StartError> {
        read_secret(
            std::env::var(SERVICE_TOKEN_VARIABLE).ok(),
            SERVICE_TOKEN_VARIABLE,
            self.service_token_file.as_deref(),
            "--service-token-file",
        )
    }

    /// Reads the stand-in's admin token from REGISTER_ADMIN_TOKEN or --admin-token-file.
    pub fn admin_token(&self) -> Result<Option<Secret>, StartError> {
        read_secret(
            std::env::var(ADMIN_TOKEN_VARIABLE).ok(),
            ADMIN_TOKEN_VARIABLE,
            self.admin_token_file.as_deref(),
            "--admin-token-file",
        )
    }

    /// Returns the stand-in's password complexity policy.
    pub fn password_policy(&self) -> PasswordPolicy {
        PasswordPolicy {
            min_length: self.password_min_length,
            has_lowercase: self.password_requires_lowercase,
            has_uppercase: self.password_requires_uppercase,
            has_number: self.password_requires_number,
            has_symbol: self.password_requires_symbol,
        }
    }

    /// Returns the enabled registration methods, each once, in the order given.
    pub fn enabled_methods(&self) -> Vec<Method> {
        let mut methods: Vec<Method> = Vec::new();
        for method in self.methods.iter().flat_map(|list| &list.0) {
            if !methods.contains(method) {
                methods.push(*method);
            }
        }
        methods
    }

    pub fn upstream_timeout(&self) -> Duration {
        Duration::from_secs(self.upstream_timeout)
    }

    pub fn passwordless_expiry(&self) -> Duration {
        Duration::from_secs(self.passwordless_expiry)
    }

    pub fn stand_in_delay(&self) -> Duration {
        Duration::from_millis(self.stand_in_delay)
    }

    /// Returns the stand-in's organization id.
    pub fn stand_in_org_id(&self) -> String {
        self.org_id
            .clone()
            .unwrap_or_else(|| DEFAULT_STAND_IN_ORG_ID.to_owned())
    }
}

/// Reads a secret from an environment variable's value or from a file, but not both.
fn read_secret(
    from_environment: Option<String>,
    variable: &'static str,
    file: Option<&Path>,
    option: &'static str,
) -> Result<Option<Secret>, StartError> {
    let from_environment = from_environment.filter(|value| !value.trim().is_empty());
    match (from_environment, file) {
        (Some(_), Some(_)) => Err(StartError::SecretGivenTwice { variable, option }),
        (Some(value), None) => Ok(Some(Secret::new(value.trim()))),
        (None, Some(path)) => Ok(Some(Secret::read_file(path)?)),
        (None, None) => Ok(None),
    }
}

fn parse_http_url(raw: &str) -> Result<Url, String> {
    let url = Url::parse(raw).map_err(|error| format!("invalid URL {raw:?}: {error}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(format!("invalid URL {raw:?}: use an http or https URL with a host"));
    }
    Ok(url)
}

/// Reads an origin such as `https://shop.example:8443`, in the form browsers send it.
fn parse_origin(raw: &str) -> Result<HeaderValue, String> {
    let url = parse_http_url(raw)?;
    let has_only_origin = url.path() == "/"
        && url.query().is_none()
        && url.fragment().is_none()
        && url.username().is_empty()
        && url.password().is_none();
    if !has_only_origin {
        return Err(format!(
            "invalid origin {raw:?}: give scheme, host and port only, like https://shop.example"
        ));
    }
    HeaderValue::from_str(&url.origin().ascii_serialization())
        .map_err(|error| format!("invalid origin {raw:?}: {error}"))
}

/// The methods named in one `--methods` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MethodList(pub Vec<Method>);

/// Reads methods separated by commas or white space, such as `password, passkey`.
fn parse_methods(raw: &str) -> Result<MethodList, String> {
    let names = raw.split(|character: char| character == ',' || character.is_whitespace());
    let methods = names
        .filter(|name| !name.is_empty())
        .map(|name| {
            Method::from_config_name(name).ok_or_else(|| {
                let known: Vec<&str> = Method::ALL.iter().map(|method| method.config_name()).collect();
                format!(
                    "unknown registration method {name:?}; expected one of {}",
                    known.join(", ")
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    if methods.is_empty() {
        return Err("no registration method given; expected password, passkey or both".to_owned());
    }
    Ok(MethodList(methods))
}

/// Reads an organization id: ZITADEL generates decimal ids such as 259242039378444290.
fn parse_org_id(raw: &str) -> Result<String, String> {
    let is_decimal = !raw.is_empty() && raw.len() <= 200 && raw.bytes().all(|byte| byte.is_ascii_digit());
    if !is_decimal {
        return Err(format!(
            "invalid organization id {raw:?}: expected digits only, like 259242039378444290"
        ));
    }
    Ok(raw.to_owned())
}

/// Reads a frame-ancestors source list. A `;` or `,` would end the directive or the
/// header, so both are rejected.
fn parse_frame_ancestors(raw: &str) -> Result<String, String> {
    let sources = raw.trim();
    let has_only_printable_ascii = sources.bytes().all(|byte| (0x20..0x7f).contains(&byte));
    if sources.is_empty() || !has_only_printable_ascii || sources.contains([';', ',']) {
        return Err(format!(
            "invalid frame-ancestors {raw:?}: give CSP sources separated by spaces, like 'self' https://shop.example"
        ));
    }
    Ok(sources.to_owned())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    fn parse(arguments: &[&str]) -> Result<Config, clap::Error> {
        let mut all = vec!["register-server"];
        all.extend_from_slice(arguments);
        Config::try_parse_from(all)
    }

    #[test]
    fn command_definition_is_consistent() {
        Config::command().debug_assert();
    }

    #[test]
    fn defaults() {
        let config = parse(&[]).unwrap();
        assert_eq!(config.listen.to_string(), "127.0.0.1:8081");
        assert_eq!(config.stand_in_listen.to_string(), "127.0.0.1:8082");
        assert!(config.upstream.is_none());
        assert!(config.command.is_none());
        assert_eq!(config.enabled_methods(), vec![Method::Password, Method::Passkey]);
        assert_eq!(config.password_policy(), PasswordPolicy::ZITADEL_DEFAULT);
        assert_eq!(config.passwordless_expiry(), Duration::from_secs(3600));
        assert_eq!(config.stand_in_delay(), Duration::ZERO);
        assert_eq!(config.upstream_timeout(), Duration::from_secs(10));
        assert_eq!(config.frame_ancestors, "'self'");
        assert_eq!(config.stand_in_org_id(), DEFAULT_STAND_IN_ORG_ID);
        assert!(config.allowed_origins.is_empty());
    }

    #[test]
    fn options_are_read() {
        let config = parse(&[
            "--allowed-origin",
            "https://shop.example",
            "--allowed-origin",
            "http://127.0.0.1:8080/",
            "--methods",
            "passkey",
            "--password-min-length",
            "12",
            "--password-requires-symbol",
            "false",
            "stand-in",
            "--passwordless-expiry",
            "2",
            "--stand-in-delay",
            "1500",
            "--org-id",
            "42",
            "--stand-in-public-origin",
            "http://127.0.0.1:9082",
        ])
        .unwrap();
        assert!(matches!(config.command, Some(Command::StandIn)));
        assert_eq!(
            config.stand_in_public_origin.as_ref().map(Url::as_str),
            Some("http://127.0.0.1:9082/")
        );
        assert_eq!(
            config.allowed_origins,
            ["https://shop.example", "http://127.0.0.1:8080"]
        );
        assert_eq!(config.enabled_methods(), vec![Method::Passkey]);
        assert_eq!(config.password_policy().min_length, 12);
        assert!(!config.password_policy().has_symbol);
        assert_eq!(config.passwordless_expiry(), Duration::from_secs(2));
        assert_eq!(config.stand_in_delay(), Duration::from_millis(1500));
        assert_eq!(config.stand_in_org_id(), "42");
    }

    #[test]
    fn methods_take_commas_or_spaces() {
        let cases: [(&[&str], &[Method]); 4] = [
            (&["--methods", "password passkey"], &[Method::Password, Method::Passkey]),
            (
                &["--methods", "passkey, password"],
                &[Method::Passkey, Method::Password],
            ),
            (&["--methods", "passkey", "--methods", "passkey"], &[Method::Passkey]),
            (
                &["--methods", "password", "--methods", "passkey"],
                &[Method::Password, Method::Passkey],
            ),
        ];
        for (arguments, expected) in cases {
            assert_eq!(parse(arguments).unwrap().enabled_methods(), expected, "{arguments:?}");
        }
    }

    #[test]
    fn invalid_values_are_rejected() {
        let cases: [&[&str]; 15] = [
            &["--methods", "password,sms"],
            &["--methods", " , "],
            &["--allowed-origin", "https://shop.example/path"],
            &["--allowed-origin", "ftp://shop.example"],
            &["--upstream", "not a url"],
            &["--org-id", "acme"],
            &["--frame-ancestors", "'self'; script-src *"],
            &["--password-min-length", "73"],
            &["--password-min-length", "0"],
            &["--passwordless-expiry", "0"],
            &["--rate-limit-burst", "0"],
            &["--stand-in-delay", "-1"],
            &["--upstream-timeout", "0"],
            &["--upstream-timeout", "3601"],
            &["--stand-in-delay", "600001"],
        ];
        for arguments in cases {
            assert!(parse(arguments).is_err(), "{arguments:?}");
        }
    }

    #[test]
    fn help_names_units_defaults_and_variables() {
        let help = Config::command().render_long_help().to_string();
        let expected = [
            "REGISTER_LISTEN",
            "REGISTER_UPSTREAM",
            "REGISTER_UPSTREAM_TIMEOUT",
            "REGISTER_PASSWORDLESS_EXPIRY",
            "REGISTER_SERVICE_TOKEN_FILE",
            "REGISTER_SERVICE_TOKEN",
            "REGISTER_ADMIN_TOKEN",
            "REGISTER_TICKET_KEY_FILE",
            "REGISTER_METHODS",
            "in seconds",
            "in UTF-8 bytes",
            "[default: 127.0.0.1:8081]",
            "[default: 10]",
            "[default: 3600]",
        ];
        for text in expected {
            assert!(help.contains(text), "help lacks {text:?}");
        }
    }

    #[test]
    fn every_option_reads_an_environment_variable() {
        let command = Config::command();
        for argument in command.get_arguments() {
            let is_builtin = matches!(argument.get_id().as_str(), "help" | "version");
            if is_builtin {
                continue;
            }
            let variable = argument.get_env().and_then(|name| name.to_str()).unwrap_or("");
            assert!(
                variable.starts_with("REGISTER_"),
                "{} has no REGISTER_ variable",
                argument.get_id()
            );
        }
    }

    #[test]
    fn secret_from_environment_or_file_but_not_both() {
        let directory = crate::test_support::TempDir::new("config-secret");
        let path = directory.path().join("token");
        std::fs::write(&path, "from-file\n").unwrap();

        let from_file = read_secret(None, "VARIABLE", Some(&path), "--file").unwrap().unwrap();
        assert_eq!(from_file.expose_secret(), "from-file");
        let from_environment = read_secret(Some(" from-env ".into()), "VARIABLE", None, "--file")
            .unwrap()
            .unwrap();
        assert_eq!(from_environment.expose_secret(), "from-env");
        assert!(
            read_secret(Some(String::new()), "VARIABLE", None, "--file")
                .unwrap()
                .is_none()
        );
        let error = read_secret(Some("x".into()), "VARIABLE", Some(&path), "--file").unwrap_err();
        assert!(matches!(error, StartError::SecretGivenTwice { .. }), "{error}");
    }
}
