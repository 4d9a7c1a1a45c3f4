//! Users: ImportHumanUser, the passwordless registration calls and the user lookups.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::{ObjectDetails, ProtoDuration, is_false};
use crate::domain::Gender;

const REDACTED: &str = "[redacted]";

/// `POST /management/v1/users/human/_import`. `Debug` hides the password, the hash, the
/// OTP code and the recovery codes.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ImportHumanUserRequest {
    #[serde(skip_serializing_if = "String::is_empty", alias = "user_name")]
    pub user_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<ImportProfile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<ImportEmail>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<ImportPhone>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub password: String,
    #[serde(skip_serializing_if = "Option::is_none", alias = "hashed_password")]
    pub hashed_password: Option<HashedPassword>,
    #[serde(skip_serializing_if = "is_false", alias = "password_change_required")]
    pub password_change_required: bool,
    #[serde(skip_serializing_if = "is_false", alias = "request_passwordless_registration")]
    pub request_passwordless_registration: bool,
    /// Ignored by ZITADEL's converter in every known version.
    #[serde(skip_serializing_if = "String::is_empty", alias = "otp_code")]
    pub otp_code: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub idps: Vec<ImportIdp>,
    /// Present in ZITADEL's main branch only; `@zitadel/proto` 1.3.1 lacks it.
    #[serde(skip_serializing_if = "Vec::is_empty", alias = "recovery_codes")]
    pub recovery_codes: Vec<RecoveryCode>,
}

impl fmt::Debug for ImportHumanUserRequest {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redact = |is_set: bool| if is_set { REDACTED } else { "" };
        formatter
            .debug_struct("ImportHumanUserRequest")
            .field("user_name", &self.user_name)
            .field("profile", &self.profile)
            .field("email", &self.email)
            .field("phone", &self.phone)
            .field("password", &redact(!self.password.is_empty()))
            .field("hashed_password", &redact(self.hashed_password.is_some()))
            .field("password_change_required", &self.password_change_required)
            .field(
                "request_passwordless_registration",
                &self.request_passwordless_registration,
            )
            .field("otp_code", &redact(!self.otp_code.is_empty()))
            .field("idps", &self.idps)
            .field("recovery_codes", &self.recovery_codes.len())
            .finish()
    }
}

/// `ImportHumanUserRequest.Profile`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ImportProfile {
    #[serde(skip_serializing_if = "String::is_empty", alias = "first_name")]
    pub first_name: String,
    #[serde(skip_serializing_if = "String::is_empty", alias = "last_name")]
    pub last_name: String,
    #[serde(skip_serializing_if = "String::is_empty", alias = "nick_name")]
    pub nick_name: String,
    #[serde(skip_serializing_if = "String::is_empty", alias = "display_name")]
    pub display_name: String,
    #[serde(skip_serializing_if = "String::is_empty", alias = "preferred_language")]
    pub preferred_language: String,
    #[serde(skip_serializing_if = "Gender::is_unspecified")]
    pub gender: Gender,
}

/// `ImportHumanUserRequest.Email`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ImportEmail {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub email: String,
    #[serde(skip_serializing_if = "is_false", alias = "is_email_verified")]
    pub is_email_verified: bool,
}

/// `ImportHumanUserRequest.Phone`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ImportPhone {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub phone: String,
    #[serde(skip_serializing_if = "is_false", alias = "is_phone_verified")]
    pub is_phone_verified: bool,
}

/// `ImportHumanUserRequest.HashedPassword`: a Modular Crypt Format hash.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HashedPassword {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub value: String,
}

impl fmt::Debug for HashedPassword {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("HashedPassword([redacted])")
    }
}

/// `ImportHumanUserRequest.IDP`: a link to an account at an identity provider.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ImportIdp {
    #[serde(skip_serializing_if = "String::is_empty", alias = "config_id")]
    pub config_id: String,
    #[serde(skip_serializing_if = "String::is_empty", alias = "external_user_id")]
    pub external_user_id: String,
    #[serde(skip_serializing_if = "String::is_empty", alias = "display_name")]
    pub display_name: String,
}

/// `ImportHumanUserRequest.RecoveryCode` (main branch only): a raw or hashed code.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecoveryCode {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
}

impl fmt::Debug for RecoveryCode {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("RecoveryCode([redacted])")
    }
}

/// The response of ImportHumanUser.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ImportHumanUserResponse {
    #[serde(skip_serializing_if = "String::is_empty", alias = "user_id")]
    pub user_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<ObjectDetails>,
    /// Present only when `requestPasswordlessRegistration` was set.
    #[serde(skip_serializing_if = "Option::is_none", alias = "passwordless_registration")]
    pub passwordless_registration: Option<PasswordlessRegistration>,
}

/// The passkey registration link of a new user. `Debug` hides the link, which carries
/// the one-time code.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PasswordlessRegistration {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub link: String,
    /// Deprecated by ZITADEL in favour of `expiration`; both hold the code's lifetime.
    #[serde(skip_serializing_if = "ProtoDuration::is_zero")]
    pub lifetime: ProtoDuration,
    #[serde(skip_serializing_if = "ProtoDuration::is_zero")]
    pub expiration: ProtoDuration,
}

impl fmt::Debug for PasswordlessRegistration {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("PasswordlessRegistration")
            .field("link", &REDACTED)
            .field("lifetime", &self.lifetime)
            .field("expiration", &self.expiration)
            .finish()
    }
}

/// The response of `POST /management/v1/users/{userId}/passwordless/_link`. `Debug` hides
/// the link.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AddPasswordlessRegistrationResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<ObjectDetails>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub link: String,
    #[serde(skip_serializing_if = "ProtoDuration::is_zero")]
    pub expiration: ProtoDuration,
}

impl fmt::Debug for AddPasswordlessRegistrationResponse {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("AddPasswordlessRegistrationResponse")
            .field("details", &self.details)
            .field("link", &REDACTED)
            .field("expiration", &self.expiration)
            .finish()
    }
}

/// The body of `POST /management/v1/users/{userId}/passwordless/_send_link`. The user id
/// travels in the path, so the body is normally `{}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SendPasswordlessRegistrationRequest {
    #[serde(skip_serializing_if = "String::is_empty", alias = "user_id")]
    pub user_id: String,
}

/// The response of SendPasswordlessRegistration.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SendPasswordlessRegistrationResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<ObjectDetails>,
}

/// The response of `GET /management/v1/users/{userId}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GetUserByIdResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
}

/// The response of `GET /management/v1/global/users/_by_login_name?loginName=`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct GetUserByLoginNameGlobalResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
}

/// `zitadel.user.v1.User`. Exactly one of `human` and `machine` is set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct User {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<ObjectDetails>,
    #[serde(skip_serializing_if = "UserState::is_unspecified")]
    pub state: UserState,
    #[serde(skip_serializing_if = "String::is_empty", alias = "user_name")]
    pub user_name: String,
    #[serde(skip_serializing_if = "Vec::is_empty", alias = "login_names")]
    pub login_names: Vec<String>,
    #[serde(skip_serializing_if = "String::is_empty", alias = "preferred_login_name")]
    pub preferred_login_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub human: Option<Human>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub machine: Option<Machine>,
}

/// `zitadel.user.v1.Human`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Human {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<HumanProfile>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<HumanEmail>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<HumanPhone>,
    #[serde(skip_serializing_if = "Option::is_none", alias = "password_changed")]
    pub password_changed: Option<String>,
}

/// `zitadel.user.v1.Profile`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HumanProfile {
    #[serde(skip_serializing_if = "String::is_empty", alias = "first_name")]
    pub first_name: String,
    #[serde(skip_serializing_if = "String::is_empty", alias = "last_name")]
    pub last_name: String,
    #[serde(skip_serializing_if = "String::is_empty", alias = "nick_name")]
    pub nick_name: String,
    #[serde(skip_serializing_if = "String::is_empty", alias = "display_name")]
    pub display_name: String,
    #[serde(skip_serializing_if = "String::is_empty", alias = "preferred_language")]
    pub preferred_language: String,
    #[serde(skip_serializing_if = "Gender::is_unspecified")]
    pub gender: Gender,
    #[serde(skip_serializing_if = "String::is_empty", alias = "avatar_url")]
    pub avatar_url: String,
}

/// `zitadel.user.v1.Email`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HumanEmail {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub email: String,
    #[serde(skip_serializing_if = "is_false", alias = "is_email_verified")]
    pub is_email_verified: bool,
}

/// `zitadel.user.v1.Phone`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct HumanPhone {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub phone: String,
    #[serde(skip_serializing_if = "is_false", alias = "is_phone_verified")]
    pub is_phone_verified: bool,
}

/// `zitadel.user.v1.Machine`. The kit never creates machine users, but lookups may
/// return one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Machine {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(skip_serializing_if = "is_false", alias = "has_secret")]
    pub has_secret: bool,
    /// `zitadel.user.v1.AccessTokenType`, kept as sent.
    #[serde(skip_serializing_if = "Option::is_none", alias = "access_token_type")]
    pub access_token_type: Option<serde_json::Value>,
}

/// `zitadel.user.v1.UserState`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum UserState {
    #[default]
    Unspecified,
    Active,
    Inactive,
    Deleted,
    Locked,
    Suspend,
    Initial,
}

impl UserState {
    const ALL: [UserState; 7] = [
        UserState::Unspecified,
        UserState::Active,
        UserState::Inactive,
        UserState::Deleted,
        UserState::Locked,
        UserState::Suspend,
        UserState::Initial,
    ];

    pub fn proto_name(self) -> &'static str {
        match self {
            UserState::Unspecified => "USER_STATE_UNSPECIFIED",
            UserState::Active => "USER_STATE_ACTIVE",
            UserState::Inactive => "USER_STATE_INACTIVE",
            UserState::Deleted => "USER_STATE_DELETED",
            UserState::Locked => "USER_STATE_LOCKED",
            UserState::Suspend => "USER_STATE_SUSPEND",
            UserState::Initial => "USER_STATE_INITIAL",
        }
    }

    pub fn is_unspecified(&self) -> bool {
        *self == UserState::Unspecified
    }
}

impl Serialize for UserState {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.proto_name())
    }
}

impl<'de> Deserialize<'de> for UserState {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<UserState, D::Error> {
        struct StateVisitor;

        impl Visitor<'_> for StateVisitor {
            type Value = UserState;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a zitadel.user.v1.UserState name or number")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<UserState, E> {
                UserState::ALL
                    .into_iter()
                    .find(|state| state.proto_name() == value)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(value), &self))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<UserState, E> {
                usize::try_from(value)
                    .ok()
                    .and_then(|index| UserState::ALL.get(index).copied())
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(value), &self))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<UserState, E> {
                u64::try_from(value)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))
                    .and_then(|value| self.visit_u64(value))
            }
        }

        deserializer.deserialize_any(StateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    /// The request example from the API contract, as sent by an operator.
    const IMPORT_REQUEST: &str = r#"{
      "userName": "minnie-mouse",
      "profile": {
        "firstName": "Minnie",
        "lastName": "Mouse",
        "nickName": "Mini",
        "displayName": "Minnie Mouse",
        "preferredLanguage": "en",
        "gender": "GENDER_FEMALE"
      },
      "email": { "email": "minnie@mouse.com", "isEmailVerified": true },
      "phone": { "phone": "+41 71 000 00 00", "isPhoneVerified": false },
      "requestPasswordlessRegistration": true
    }"#;

    const IMPORT_RESPONSE: &str = r#"{
      "userId": "259242039378509826",
      "details": {
        "sequence": "3",
        "creationDate": "2026-05-04T10:11:12.345678Z",
        "resourceOwner": "259242039378444290"
      },
      "passwordlessRegistration": {
        "link": "https://auth.example.com/ui/login/login/passwordless/init?userID=259242039378509826&orgID=259242039378444290&codeID=259242039378575362&code=aB3dE6gH9jK2",
        "lifetime": "3600s",
        "expiration": "3600s"
      }
    }"#;

    const LINK_RESPONSE: &str = r#"{
      "details": { "sequence": "5", "creationDate": "2026-05-04T10:15:00Z", "resourceOwner": "259242039378444290" },
      "link": "https://auth.example.com/ui/login/login/passwordless/init?userID=259242039378509826&orgID=259242039378444290&codeID=259242039378640898&code=Qw3rTy7uI9oP",
      "expiration": "3600s"
    }"#;

    /// Parses `json` as `T`, writes it again and compares the two JSON trees. Zero values
    /// (`false` here) are left out when written, as protojson does.
    fn assert_round_trip<T: Serialize + for<'de> Deserialize<'de>>(json: &str) -> T {
        let value: T = serde_json::from_str(json).unwrap();
        let mut expected: Value = serde_json::from_str(json).unwrap();
        remove_false_values(&mut expected);
        assert_eq!(serde_json::to_value(&value).unwrap(), expected);
        value
    }

    fn remove_false_values(value: &mut Value) {
        if let Value::Object(map) = value {
            map.retain(|_, entry| entry != &Value::Bool(false));
            map.values_mut().for_each(remove_false_values);
        }
    }

    #[test]
    fn import_request_round_trips() {
        let request: ImportHumanUserRequest = assert_round_trip(IMPORT_REQUEST);
        assert_eq!(request.user_name, "minnie-mouse");
        assert_eq!(request.profile.as_ref().unwrap().gender, Gender::Female);
        assert!(request.email.as_ref().unwrap().is_email_verified);
        assert!(request.request_passwordless_registration);
    }

    #[test]
    fn import_request_password_variant_round_trips() {
        let json = r#"{"userName":"minnie-mouse","profile":{"firstName":"Minnie","lastName":"Mouse"},"email":{"email":"minnie@mouse.com"},"password":"Secr3tP4ssw0rd!"}"#;
        let request: ImportHumanUserRequest = assert_round_trip(json);
        assert_eq!(request.password, "Secr3tP4ssw0rd!");
    }

    #[test]
    fn import_request_accepts_proto_names_and_enum_numbers() {
        let json = json!({
            "user_name": "anna",
            "profile": { "first_name": "Anna", "last_name": "Muster", "gender": 3 },
            "email": { "email": "anna@example.com", "is_email_verified": true },
            "request_passwordless_registration": true,
            "unknownField": "ignored"
        });
        let request: ImportHumanUserRequest = serde_json::from_value(json).unwrap();
        assert_eq!(request.user_name, "anna");
        assert_eq!(request.profile.unwrap().gender, Gender::Diverse);
        assert!(request.email.unwrap().is_email_verified);
        assert!(request.request_passwordless_registration);
    }

    #[test]
    fn import_request_debug_hides_secrets() {
        let request = ImportHumanUserRequest {
            password: "Secr3tP4ssw0rd!".into(),
            hashed_password: Some(HashedPassword {
                value: "$2y$12$hash".into(),
            }),
            otp_code: "123456".into(),
            recovery_codes: vec![RecoveryCode {
                raw: Some("recovery-1".into()),
                hash: None,
            }],
            ..ImportHumanUserRequest::default()
        };
        let debug = format!("{request:?}");
        for secret in ["Secr3tP4ssw0rd!", "$2y$12$hash", "123456", "recovery-1"] {
            assert!(!debug.contains(secret), "{secret} in {debug}");
        }
    }

    #[test]
    fn import_response_round_trips() {
        let response: ImportHumanUserResponse = assert_round_trip(IMPORT_RESPONSE);
        let details = response.details.as_ref().unwrap();
        assert_eq!(details.sequence, 3);
        assert_eq!(details.change_date, None);
        let registration = response.passwordless_registration.as_ref().unwrap();
        assert_eq!(registration.expiration, ProtoDuration::from_secs(3600));
        assert!(!format!("{registration:?}").contains("aB3dE6gH9jK2"));
    }

    #[test]
    fn password_import_response_has_no_registration() {
        let json = r#"{"userId":"259242039378509826","details":{"sequence":"3","creationDate":"2026-05-04T10:11:12.345678Z","resourceOwner":"259242039378444290"}}"#;
        let response: ImportHumanUserResponse = assert_round_trip(json);
        assert!(response.passwordless_registration.is_none());
    }

    #[test]
    fn link_response_round_trips() {
        let response: AddPasswordlessRegistrationResponse = assert_round_trip(LINK_RESPONSE);
        assert_eq!(response.expiration, ProtoDuration::from_secs(3600));
        assert!(!format!("{response:?}").contains("Qw3rTy7uI9oP"));
    }

    #[test]
    fn send_link_request_is_empty_object() {
        assert_eq!(
            serde_json::to_string(&SendPasswordlessRegistrationRequest::default()).unwrap(),
            "{}"
        );
        let response: SendPasswordlessRegistrationResponse = assert_round_trip(
            r#"{"details":{"sequence":"7","changeDate":"2026-05-04T10:20:00Z","resourceOwner":"1"}}"#,
        );
        assert_eq!(response.details.unwrap().sequence, 7);
    }

    #[test]
    fn user_lookup_round_trips() {
        let json = r#"{"user":{"id":"259242039378509826","details":{"sequence":"3","creationDate":"2026-05-04T10:11:12Z","changeDate":"2026-05-04T10:11:12Z","resourceOwner":"259242039378444290"},"state":"USER_STATE_INITIAL","userName":"minnie-mouse","loginNames":["minnie-mouse"],"preferredLoginName":"minnie-mouse","human":{"profile":{"firstName":"Minnie","lastName":"Mouse","displayName":"Minnie Mouse","preferredLanguage":"en","gender":"GENDER_FEMALE"},"email":{"email":"minnie@mouse.com"},"phone":{"phone":"+41710000000"}}}}"#;
        let by_id: GetUserByIdResponse = assert_round_trip(json);
        let user = by_id.user.unwrap();
        assert_eq!(user.state, UserState::Initial);
        assert_eq!(user.human.unwrap().phone.unwrap().phone, "+41710000000");
        let by_login_name: GetUserByLoginNameGlobalResponse = assert_round_trip(json);
        assert!(by_login_name.user.is_some());
    }

    #[test]
    fn empty_bodies_read_as_defaults() {
        let response: ImportHumanUserResponse = serde_json::from_str("{}").unwrap();
        assert_eq!(response, ImportHumanUserResponse::default());
        let user: User = serde_json::from_str("{}").unwrap();
        assert_eq!(user.state, UserState::Unspecified);
        assert_eq!(serde_json::to_string(&user).unwrap(), "{}");
    }

    #[test]
    fn user_state_reads_names_and_numbers() {
        assert_eq!(
            serde_json::from_str::<UserState>("\"USER_STATE_ACTIVE\"").unwrap(),
            UserState::Active
        );
        assert_eq!(serde_json::from_str::<UserState>("6").unwrap(), UserState::Initial);
        assert!(serde_json::from_str::<UserState>("\"ACTIVE\"").is_err());
    }
}
