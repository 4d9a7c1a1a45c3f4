//! The public policy: what a browser may put into an ImportHumanUser body.
//!
//! A self-registration may not pre-verify its email or phone, require a password change,
//! bring a password hash, IdP links, an OTP code or recovery codes. ZITADEL ignores
//! unknown fields, but the gateway rejects them, so that a typo or a field from a newer
//! API version never passes silently. The body is walked as JSON against the allowed
//! names, nested objects included. Like protojson, it accepts the lowerCamelCase name and
//! the proto name of each field, and reads `null` as an unset field.
//!
//! The field values themselves are checked afterwards, with core's registration rules.

use register_core::registration::Method;
use register_core::wire::ImportHumanUserRequest;
use serde_json::{Map, Value};

use super::error::GatewayError;

const REQUEST_MESSAGE: &str = "ImportHumanUserRequest";

/// The JSON type a field must have.
#[derive(Clone, Copy, Debug)]
enum Kind {
    String,
    Bool,
    /// An enum, as its name or its number.
    Enum,
    Object(&'static [FieldRule]),
    /// Any value: used for fields that are rejected whatever they hold.
    Any,
}

/// Whether a self-registration may set a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    Allowed,
    /// Rejected whenever it is present and not `null`.
    Forbidden,
    /// Allowed as `false`, rejected as `true`.
    ForbiddenWhenTrue,
}

#[derive(Clone, Copy, Debug)]
struct FieldRule {
    json_name: &'static str,
    proto_name: &'static str,
    kind: Kind,
    access: Access,
}

const fn rule(json_name: &'static str, proto_name: &'static str, kind: Kind, access: Access) -> FieldRule {
    FieldRule {
        json_name,
        proto_name,
        kind,
        access,
    }
}

const PROFILE_FIELDS: &[FieldRule] = &[
    rule("firstName", "first_name", Kind::String, Access::Allowed),
    rule("lastName", "last_name", Kind::String, Access::Allowed),
    rule("nickName", "nick_name", Kind::String, Access::Allowed),
    rule("displayName", "display_name", Kind::String, Access::Allowed),
    rule("preferredLanguage", "preferred_language", Kind::String, Access::Allowed),
    rule("gender", "gender", Kind::Enum, Access::Allowed),
];

const EMAIL_FIELDS: &[FieldRule] = &[
    rule("email", "email", Kind::String, Access::Allowed),
    rule(
        "isEmailVerified",
        "is_email_verified",
        Kind::Bool,
        Access::ForbiddenWhenTrue,
    ),
];

const PHONE_FIELDS: &[FieldRule] = &[
    rule("phone", "phone", Kind::String, Access::Allowed),
    rule(
        "isPhoneVerified",
        "is_phone_verified",
        Kind::Bool,
        Access::ForbiddenWhenTrue,
    ),
];

const REQUEST_FIELDS: &[FieldRule] = &[
    rule("userName", "user_name", Kind::String, Access::Allowed),
    rule("profile", "profile", Kind::Object(PROFILE_FIELDS), Access::Allowed),
    rule("email", "email", Kind::Object(EMAIL_FIELDS), Access::Allowed),
    rule("phone", "phone", Kind::Object(PHONE_FIELDS), Access::Allowed),
    rule("password", "password", Kind::String, Access::Allowed),
    rule(
        "requestPasswordlessRegistration",
        "request_passwordless_registration",
        Kind::Bool,
        Access::Allowed,
    ),
    rule("hashedPassword", "hashed_password", Kind::Any, Access::Forbidden),
    rule(
        "passwordChangeRequired",
        "password_change_required",
        Kind::Any,
        Access::Forbidden,
    ),
    rule("otpCode", "otp_code", Kind::Any, Access::Forbidden),
    rule("idps", "idps", Kind::Any, Access::Forbidden),
    rule("recoveryCodes", "recovery_codes", Kind::Any, Access::Forbidden),
];

/// Checks an ImportHumanUser body against the public policy and the enabled methods, and
/// returns it parsed.
pub fn check_import_body(body: &[u8], methods: &[Method]) -> Result<ImportHumanUserRequest, GatewayError> {
    let mut value: Value = serde_json::from_slice(body)
        .map_err(|error| GatewayError::MalformedBody(format!("request body is not valid JSON: {error}")))?;
    let Value::Object(fields) = &mut value else {
        return Err(GatewayError::MalformedBody(
            "request body must be a JSON object".to_owned(),
        ));
    };
    check_object(fields, REQUEST_FIELDS, "")?;

    // Every type was checked above, so only an unknown enum name can fail here, and its
    // message contains no secret.
    let request: ImportHumanUserRequest = serde_json::from_value(value)
        .map_err(|error| GatewayError::MalformedBody(format!("invalid {REQUEST_MESSAGE}: {error}")))?;
    check_credentials(&request, methods)?;
    Ok(request)
}

/// Checks one JSON object against its allowed fields, and removes `null` fields.
fn check_object(
    fields: &mut Map<String, Value>,
    rules: &'static [FieldRule],
    prefix: &str,
) -> Result<(), GatewayError> {
    fields.retain(|_, value| !value.is_null());
    let mut seen: Vec<(&'static str, &str)> = Vec::new();
    for (name, value) in fields.iter_mut() {
        let path = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        let Some(rule) = rules
            .iter()
            .find(|rule| rule.json_name == name || rule.proto_name == name)
        else {
            return Err(GatewayError::UnknownField {
                path,
                message: REQUEST_MESSAGE,
            });
        };
        if let Some((_, earlier_name)) = seen.iter().find(|(json_name, _)| *json_name == rule.json_name) {
            return Err(GatewayError::MalformedBody(format!(
                "{earlier_name} and {name} name the same field; send only one of them"
            )));
        }
        seen.push((rule.json_name, name));

        let is_forbidden = match rule.access {
            Access::Allowed => false,
            Access::Forbidden => true,
            Access::ForbiddenWhenTrue => *value == Value::Bool(true),
        };
        if is_forbidden {
            return Err(GatewayError::ForbiddenField { path });
        }
        check_kind(value, rule.kind, &path)?;
    }
    Ok(())
}

fn check_kind(value: &mut Value, kind: Kind, path: &str) -> Result<(), GatewayError> {
    let wrong_type = |expected: &str| GatewayError::MalformedBody(format!("{path} must be {expected}"));
    match (kind, value) {
        (Kind::Any, _) | (Kind::String, Value::String(_)) | (Kind::Bool, Value::Bool(_)) => Ok(()),
        (Kind::Enum, Value::String(_)) => Ok(()),
        (Kind::Enum, Value::Number(number)) if number.is_i64() => Ok(()),
        (Kind::Object(rules), Value::Object(fields)) => check_object(fields, rules, path),
        (Kind::String, _) => Err(wrong_type("a string")),
        (Kind::Bool, _) => Err(wrong_type("true or false")),
        (Kind::Enum, _) => Err(wrong_type("an enum name such as GENDER_FEMALE, or its number")),
        (Kind::Object(_), _) => Err(wrong_type("a JSON object")),
    }
}

/// Requires exactly one credential, of an enabled method.
fn check_credentials(request: &ImportHumanUserRequest, methods: &[Method]) -> Result<(), GatewayError> {
    let has_password = !request.password.is_empty();
    let wants_passkey = request.request_passwordless_registration;
    let method = match (has_password, wants_passkey) {
        (true, true) => return Err(GatewayError::BothCredentials),
        (false, false) => return Err(GatewayError::MissingCredential),
        (true, false) => Method::Password,
        (false, true) => Method::Passkey,
    };
    if !methods.contains(&method) {
        return Err(GatewayError::MethodDisabled {
            method,
            enabled: methods.to_vec(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const BOTH: &[Method] = &[Method::Password, Method::Passkey];

    fn valid() -> Value {
        json!({
            "userName": "minnie",
            "profile": { "firstName": "Minnie", "lastName": "Mouse", "gender": "GENDER_FEMALE" },
            "email": { "email": "minnie@mouse.com" },
            "password": "Secr3tP4ssw0rd!"
        })
    }

    fn check(body: &Value) -> Result<ImportHumanUserRequest, GatewayError> {
        check_import_body(body.to_string().as_bytes(), BOTH)
    }

    fn with(path: &[&str], value: Value) -> Value {
        let mut body = valid();
        let mut target = &mut body;
        for key in &path[..path.len() - 1] {
            target = &mut target[*key];
        }
        target[path[path.len() - 1]] = value;
        body
    }

    #[test]
    fn valid_bodies_pass() {
        let cases = [
            valid(),
            with(&["email", "isEmailVerified"], json!(false)),
            with(
                &["phone"],
                json!({ "phone": "+41 71 000 00 00", "isPhoneVerified": false }),
            ),
            with(&["profile", "gender"], json!(2)),
            with(&["hashedPassword"], Value::Null),
            with(&["requestPasswordlessRegistration"], json!(false)),
            json!({
                "user_name": "minnie",
                "profile": { "first_name": "Minnie", "last_name": "Mouse", "preferred_language": "de" },
                "email": { "email": "minnie@mouse.com", "is_email_verified": false },
                "request_passwordless_registration": true
            }),
        ];
        for body in cases {
            assert!(check(&body).is_ok(), "{body}: {:?}", check(&body).err());
        }
        let request = check(&with(&["profile", "nickName"], Value::Null)).unwrap();
        assert_eq!(request.user_name, "minnie");
    }

    #[test]
    fn forbidden_fields_are_named() {
        let cases = [
            (
                with(&["email", "isEmailVerified"], json!(true)),
                "email.isEmailVerified",
            ),
            (
                with(&["email", "is_email_verified"], json!(true)),
                "email.is_email_verified",
            ),
            (
                with(&["phone"], json!({ "phone": "+41 71", "isPhoneVerified": true })),
                "phone.isPhoneVerified",
            ),
            (
                with(&["passwordChangeRequired"], json!(false)),
                "passwordChangeRequired",
            ),
            (
                with(&["password_change_required"], json!(true)),
                "password_change_required",
            ),
            (
                with(&["hashedPassword"], json!({ "value": "$2y$12$abc" })),
                "hashedPassword",
            ),
            (
                with(&["idps"], json!([{ "configId": "1", "externalUserId": "2" }])),
                "idps",
            ),
            (with(&["otpCode"], json!("123456")), "otpCode"),
            (with(&["recoveryCodes"], json!([{ "raw": "x" }])), "recoveryCodes"),
        ];
        for (body, expected) in cases {
            match check(&body) {
                Err(GatewayError::ForbiddenField { path }) => assert_eq!(path, expected),
                other => panic!("{body}: {other:?}"),
            }
        }
    }

    #[test]
    fn unknown_fields_are_found_at_any_depth() {
        let cases = [
            (with(&["organization"], json!({ "orgId": "1" })), "organization"),
            (with(&["userId"], json!("1")), "userId"),
            (with(&["profile", "avatarUrl"], json!("x")), "profile.avatarUrl"),
            (with(&["email", "verified"], json!(true)), "email.verified"),
            (
                with(&["phone"], json!({ "phone": "+41 71", "sendCode": {} })),
                "phone.sendCode",
            ),
            (with(&["UserName"], json!("x")), "UserName"),
        ];
        for (body, expected) in cases {
            match check(&body) {
                Err(GatewayError::UnknownField { path, .. }) => assert_eq!(path, expected),
                other => panic!("{body}: {other:?}"),
            }
        }
    }

    #[test]
    fn wrong_types_are_malformed_and_hide_values() {
        let cases = [
            (with(&["userName"], json!(5)), "userName must be a string"),
            (with(&["password"], json!(12345678)), "password must be a string"),
            (with(&["profile"], json!("Minnie")), "profile must be a JSON object"),
            (
                with(&["email", "isEmailVerified"], json!("no")),
                "email.isEmailVerified must be true or false",
            ),
            (
                with(&["profile", "gender"], json!(true)),
                "profile.gender must be an enum name",
            ),
        ];
        for (body, expected) in cases {
            match check(&body) {
                Err(GatewayError::MalformedBody(message)) => {
                    assert!(message.starts_with(expected), "{message}");
                    assert!(!message.contains("12345678"), "{message}");
                }
                other => panic!("{body}: {other:?}"),
            }
        }
    }

    #[test]
    fn malformed_documents() {
        let cases: [&[u8]; 5] = [b"", b"{", b"[]", b"\"text\"", b"{\"userName\": \"a\",}"];
        for body in cases {
            let result = check_import_body(body, BOTH);
            assert!(
                matches!(result, Err(GatewayError::MalformedBody(_))),
                "{:?}",
                String::from_utf8_lossy(body)
            );
        }
        let unknown_gender = with(&["profile", "gender"], json!("GENDER_OTHER"));
        assert!(matches!(check(&unknown_gender), Err(GatewayError::MalformedBody(_))));
    }

    #[test]
    fn both_spellings_of_one_field_are_rejected() {
        let body = with(&["user_name"], json!("other"));
        match check(&body) {
            Err(GatewayError::MalformedBody(message)) => {
                assert!(
                    message.contains("userName") && message.contains("user_name"),
                    "{message}"
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn exactly_one_enabled_credential() {
        let passkey = with(&["password"], Value::Null);
        let passkey = {
            let mut body = passkey;
            body["requestPasswordlessRegistration"] = json!(true);
            body
        };
        let both = with(&["requestPasswordlessRegistration"], json!(true));
        let neither = with(&["password"], json!(""));
        let cases: [(&Value, &[Method], &str); 6] = [
            (&both, BOTH, "both"),
            (&neither, BOTH, "missing"),
            (&valid(), &[Method::Passkey], "disabled"),
            (&passkey, &[Method::Password], "disabled"),
            (&valid(), &[Method::Password], "ok"),
            (&passkey, &[Method::Passkey], "ok"),
        ];
        for (body, methods, expected) in cases {
            let outcome = match check_import_body(body.to_string().as_bytes(), methods) {
                Ok(_) => "ok",
                Err(GatewayError::BothCredentials) => "both",
                Err(GatewayError::MissingCredential) => "missing",
                Err(GatewayError::MethodDisabled { .. }) => "disabled",
                Err(other) => panic!("{other:?}"),
            };
            assert_eq!(outcome, expected, "{body} with {methods:?}");
        }
    }
}
