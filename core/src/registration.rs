//! Self-registration: the raw form, its validation, and the ImportHumanUser body it becomes.
//!
//! The browser validates the form before sending it, and the gateway validates the body it
//! receives with the same rules, so both give the same verdict.

use std::fmt;

use crate::domain::{Email, Gender, Password, PersonName, Phone, PreferredLanguage, Username};
use crate::field::{Field, Problem, ValidationErrors};
use crate::policy::PasswordPolicy;
use crate::wire::{ImportEmail, ImportHumanUserRequest, ImportPhone, ImportProfile};

/// How the new user will sign in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// A username and a password.
    Password,
    /// A passkey, registered through the link ZITADEL returns.
    Passkey,
}

impl Method {
    pub const ALL: [Method; 2] = [Method::Password, Method::Passkey];

    /// Returns the name used in configuration, such as `data-methods="password passkey"`.
    pub fn config_name(self) -> &'static str {
        match self {
            Method::Password => "password",
            Method::Passkey => "passkey",
        }
    }

    pub fn from_config_name(name: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|method| method.config_name() == name)
    }
}

/// The form as typed, before validation. `Debug` hides both password fields.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RegistrationForm {
    pub username: String,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    /// Optional; blank means no phone number.
    pub phone: String,
    /// Optional; blank means none.
    pub preferred_language: String,
    pub password: String,
    pub password_confirmation: String,
}

impl fmt::Debug for RegistrationForm {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("RegistrationForm")
            .field("username", &self.username)
            .field("given_name", &self.given_name)
            .field("family_name", &self.family_name)
            .field("email", &self.email)
            .field("phone", &self.phone)
            .field("preferred_language", &self.preferred_language)
            .field("password", &"[redacted]")
            .field("password_confirmation", &"[redacted]")
            .finish()
    }
}

impl RegistrationForm {
    /// Returns the problems of one field, for checking it when it loses focus.
    ///
    /// Password fields are checked only for the password method. The complexity rules are
    /// checked when a policy is known; without one, the server still checks them.
    pub fn check_field(&self, field: Field, method: Method, policy: Option<&PasswordPolicy>) -> Vec<Problem> {
        let errors = match field {
            Field::Username => Username::parse(&self.username).err(),
            Field::GivenName | Field::FamilyName => {
                let raw = if field == Field::GivenName {
                    &self.given_name
                } else {
                    &self.family_name
                };
                PersonName::parse(field, raw).err()
            }
            Field::Email => Email::parse(&self.email).err(),
            Field::Phone => Phone::parse_optional(&self.phone).err(),
            Field::PreferredLanguage => parse_optional_language(&self.preferred_language).err(),
            Field::Password if method == Method::Password => check_password(&self.password, policy).err(),
            Field::PasswordConfirmation if method == Method::Password => {
                check_confirmation(&self.password, &self.password_confirmation).err()
            }
            _ => None,
        };
        errors
            .map(|errors| errors.into_iter().map(|error| error.problem).collect())
            .unwrap_or_default()
    }

    /// Validates every field and returns the registration, or every problem found.
    pub fn validate(&self, method: Method, policy: Option<&PasswordPolicy>) -> Result<Registration, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let username = collect(Username::parse(&self.username), &mut errors);
        let given_name = collect(PersonName::parse(Field::GivenName, &self.given_name), &mut errors);
        let family_name = collect(PersonName::parse(Field::FamilyName, &self.family_name), &mut errors);
        let email = collect(Email::parse(&self.email), &mut errors);
        let phone = collect(Phone::parse_optional(&self.phone), &mut errors);
        let preferred_language = collect(parse_optional_language(&self.preferred_language), &mut errors);
        let credential = match method {
            Method::Password => {
                let password = collect(check_password(&self.password, policy), &mut errors);
                collect(
                    check_confirmation(&self.password, &self.password_confirmation),
                    &mut errors,
                );
                password.map(Credential::Password)
            }
            Method::Passkey => Some(Credential::Passkey),
        };

        match (
            username,
            given_name,
            family_name,
            email,
            phone,
            preferred_language,
            credential,
        ) {
            (
                Some(username),
                Some(given_name),
                Some(family_name),
                Some(email),
                Some(phone),
                Some(preferred_language),
                Some(credential),
            ) if errors.is_empty() => Ok(Registration {
                username,
                given_name,
                family_name,
                nick_name: None,
                display_name: None,
                email,
                phone,
                preferred_language,
                gender: Gender::Unspecified,
                credential,
            }),
            _ => Err(errors),
        }
    }
}

/// How the new user proves who they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    Password(Password),
    /// ZITADEL returns a link for registering a passkey.
    Passkey,
}

impl Credential {
    pub fn method(&self) -> Method {
        match self {
            Credential::Password(_) => Method::Password,
            Credential::Passkey => Method::Passkey,
        }
    }
}

/// A validated self-registration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    username: Username,
    given_name: PersonName,
    family_name: PersonName,
    nick_name: Option<PersonName>,
    display_name: Option<PersonName>,
    email: Email,
    phone: Option<Phone>,
    preferred_language: Option<PreferredLanguage>,
    gender: Gender,
    credential: Credential,
}

impl Registration {
    /// Validates an ImportHumanUser body with the kit's rules. Fields a self-registration
    /// may not set (verified email, IdP links and so on) are not examined here, because
    /// the gateway's public policy rejects them first. `password` and
    /// `requestPasswordlessRegistration` must not both be set.
    pub fn from_import_request(
        request: &ImportHumanUserRequest,
        policy: Option<&PasswordPolicy>,
    ) -> Result<Registration, ValidationErrors> {
        let profile = request.profile.clone().unwrap_or_default();
        let email = request.email.clone().unwrap_or_default();
        let phone = request.phone.clone().unwrap_or_default();
        let form = RegistrationForm {
            username: request.user_name.clone(),
            given_name: profile.first_name.clone(),
            family_name: profile.last_name.clone(),
            email: email.email,
            phone: phone.phone,
            preferred_language: profile.preferred_language.clone(),
            password: request.password.clone(),
            password_confirmation: request.password.clone(),
        };
        let has_password = !request.password.is_empty();
        let method = if has_password {
            Method::Password
        } else {
            Method::Passkey
        };

        let mut errors = ValidationErrors::new();
        let has_both_credentials = has_password && request.request_passwordless_registration;
        let has_no_credential = !has_password && !request.request_passwordless_registration;
        if has_both_credentials {
            errors.push(Field::Password, Problem::Invalid);
        }
        if has_no_credential {
            errors.push(Field::Password, Problem::Empty);
        }
        let nick_name = collect(parse_optional_name(Field::NickName, &profile.nick_name), &mut errors);
        let display_name = collect(
            parse_optional_name(Field::DisplayName, &profile.display_name),
            &mut errors,
        );

        match form.validate(method, policy) {
            Ok(registration) if errors.is_empty() => Ok(Registration {
                nick_name: nick_name.flatten(),
                display_name: display_name.flatten(),
                gender: profile.gender,
                ..registration
            }),
            Ok(_) => Err(errors),
            Err(form_errors) => {
                errors.extend(form_errors);
                Err(errors)
            }
        }
    }

    /// Builds the ImportHumanUser body: unverified email and phone, no password change
    /// required, and either the password or a passwordless registration request.
    pub fn to_import_request(&self) -> ImportHumanUserRequest {
        let (password, request_passwordless_registration) = match &self.credential {
            Credential::Password(password) => (password.expose_secret().to_owned(), false),
            Credential::Passkey => (String::new(), true),
        };
        ImportHumanUserRequest {
            user_name: self.username.as_str().to_owned(),
            profile: Some(ImportProfile {
                first_name: self.given_name.as_str().to_owned(),
                last_name: self.family_name.as_str().to_owned(),
                nick_name: self
                    .nick_name
                    .as_ref()
                    .map(|name| name.as_str().to_owned())
                    .unwrap_or_default(),
                display_name: self
                    .display_name
                    .as_ref()
                    .map(|name| name.as_str().to_owned())
                    .unwrap_or_default(),
                preferred_language: self
                    .preferred_language
                    .as_ref()
                    .map(|tag| tag.as_str().to_owned())
                    .unwrap_or_default(),
                gender: self.gender,
            }),
            email: Some(ImportEmail {
                email: self.email.as_str().to_owned(),
                is_email_verified: false,
            }),
            phone: self.phone.as_ref().map(|phone| ImportPhone {
                phone: phone.as_str().to_owned(),
                is_phone_verified: false,
            }),
            password,
            request_passwordless_registration,
            ..ImportHumanUserRequest::default()
        }
    }

    pub fn username(&self) -> &Username {
        &self.username
    }

    pub fn given_name(&self) -> &PersonName {
        &self.given_name
    }

    pub fn family_name(&self) -> &PersonName {
        &self.family_name
    }

    pub fn email(&self) -> &Email {
        &self.email
    }

    pub fn phone(&self) -> Option<&Phone> {
        self.phone.as_ref()
    }

    pub fn preferred_language(&self) -> Option<&PreferredLanguage> {
        self.preferred_language.as_ref()
    }

    pub fn gender(&self) -> Gender {
        self.gender
    }

    pub fn credential(&self) -> &Credential {
        &self.credential
    }

    pub fn method(&self) -> Method {
        self.credential.method()
    }
}

/// Keeps the value of `result`, or records its errors and returns None.
fn collect<T>(result: Result<T, ValidationErrors>, errors: &mut ValidationErrors) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(found) => {
            errors.extend(found);
            None
        }
    }
}

fn parse_optional_language(raw: &str) -> Result<Option<PreferredLanguage>, ValidationErrors> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    PreferredLanguage::parse(raw).map(Some)
}

fn parse_optional_name(field: Field, raw: &str) -> Result<Option<PersonName>, ValidationErrors> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    PersonName::parse(field, raw).map(Some)
}

/// Checks the password itself and, when a policy is known, every rule of the policy.
fn check_password(raw: &str, policy: Option<&PasswordPolicy>) -> Result<Password, ValidationErrors> {
    let password = Password::parse(raw)?;
    let mut errors = ValidationErrors::new();
    if let Some(policy) = policy {
        for requirement in policy.check(raw).unmet() {
            errors.push(Field::Password, Problem::PasswordRequirement(requirement));
        }
    }
    errors.into_result(password)
}

fn check_confirmation(password: &str, confirmation: &str) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    if confirmation.is_empty() {
        errors.push(Field::PasswordConfirmation, Problem::Empty);
    } else if confirmation != password {
        errors.push(Field::PasswordConfirmation, Problem::ConfirmationMismatch);
    }
    errors.into_result(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::policy::Requirement;

    fn form() -> RegistrationForm {
        RegistrationForm {
            username: " minnie-mouse ".into(),
            given_name: "Minnie".into(),
            family_name: "Mouse".into(),
            email: "minnie@mouse.com".into(),
            phone: "+41 71 000 00 00".into(),
            preferred_language: "en".into(),
            password: "Secr3tP4ssw0rd!".into(),
            password_confirmation: "Secr3tP4ssw0rd!".into(),
        }
    }

    const POLICY: Option<&PasswordPolicy> = Some(&PasswordPolicy::ZITADEL_DEFAULT);

    #[test]
    fn password_registration_builds_import_body() {
        let registration = form().validate(Method::Password, POLICY).unwrap();
        let body = serde_json::to_value(registration.to_import_request()).unwrap();
        assert_eq!(
            body,
            json!({
                "userName": "minnie-mouse",
                "profile": { "firstName": "Minnie", "lastName": "Mouse", "preferredLanguage": "en" },
                "email": { "email": "minnie@mouse.com" },
                "phone": { "phone": "+41710000000" },
                "password": "Secr3tP4ssw0rd!"
            })
        );
    }

    #[test]
    fn passkey_registration_ignores_password_fields() {
        let raw = RegistrationForm {
            password: String::new(),
            password_confirmation: "x".into(),
            phone: " ".into(),
            ..form()
        };
        let registration = raw.validate(Method::Passkey, POLICY).unwrap();
        let body = serde_json::to_value(registration.to_import_request()).unwrap();
        assert_eq!(body["requestPasswordlessRegistration"], json!(true));
        assert!(body.get("password").is_none());
        assert!(body.get("phone").is_none());
        assert_eq!(registration.method(), Method::Passkey);
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let raw = RegistrationForm {
            username: String::new(),
            given_name: "Anna\u{202E}".into(),
            family_name: String::new(),
            email: "Anna <anna@example.com>".into(),
            phone: "071 000".into(),
            preferred_language: "english".into(),
            password: "Öffnen-sesam1".into(),
            password_confirmation: "Öffnen-sesam2".into(),
        };
        let errors = raw.validate(Method::Password, POLICY).unwrap_err();
        assert_eq!(
            errors.fields(),
            vec![
                Field::Username,
                Field::GivenName,
                Field::FamilyName,
                Field::Email,
                Field::Phone,
                Field::PreferredLanguage,
                Field::Password,
                Field::PasswordConfirmation,
            ]
        );
        let password_problems: Vec<_> = errors.for_field(Field::Password).cloned().collect();
        assert_eq!(
            password_problems,
            vec![Problem::PasswordRequirement(Requirement::Uppercase)]
        );
        let confirmation: Vec<_> = errors.for_field(Field::PasswordConfirmation).cloned().collect();
        assert_eq!(confirmation, vec![Problem::ConfirmationMismatch]);
    }

    #[test]
    fn check_field_matches_validate() {
        let raw = RegistrationForm {
            email: "anna@".into(),
            password_confirmation: String::new(),
            ..form()
        };
        assert_eq!(
            raw.check_field(Field::Email, Method::Password, POLICY),
            vec![Problem::EmailInvalidDomain]
        );
        assert_eq!(
            raw.check_field(Field::PasswordConfirmation, Method::Password, POLICY),
            vec![Problem::Empty]
        );
        assert_eq!(
            raw.check_field(Field::PasswordConfirmation, Method::Passkey, POLICY),
            Vec::<Problem>::new()
        );
        assert_eq!(
            raw.check_field(Field::Username, Method::Password, POLICY),
            Vec::<Problem>::new()
        );
    }

    #[test]
    fn without_policy_only_basic_password_checks_run() {
        let raw = RegistrationForm {
            password: "a".into(),
            password_confirmation: "a".into(),
            ..form()
        };
        assert!(raw.validate(Method::Password, None).is_ok());
        assert!(raw.validate(Method::Password, POLICY).is_err());
    }

    #[test]
    fn import_request_round_trips_through_validation() {
        let original = form().validate(Method::Password, POLICY).unwrap().to_import_request();
        let again = Registration::from_import_request(&original, POLICY)
            .unwrap()
            .to_import_request();
        assert_eq!(again, original);
    }

    #[test]
    fn import_request_keeps_optional_profile_fields() {
        let mut request = form().validate(Method::Passkey, POLICY).unwrap().to_import_request();
        let profile = request.profile.as_mut().unwrap();
        profile.nick_name = "Mini".into();
        profile.display_name = "Minnie M.".into();
        profile.gender = Gender::Female;
        let registration = Registration::from_import_request(&request, POLICY).unwrap();
        assert_eq!(registration.to_import_request(), request);
    }

    #[test]
    fn import_request_credential_rules() {
        let base = form().validate(Method::Password, POLICY).unwrap().to_import_request();
        let both = ImportHumanUserRequest {
            request_passwordless_registration: true,
            ..base.clone()
        };
        let errors = Registration::from_import_request(&both, POLICY).unwrap_err();
        assert_eq!(errors.for_field(Field::Password).next(), Some(&Problem::Invalid));
        let neither = ImportHumanUserRequest {
            password: String::new(),
            ..base
        };
        let errors = Registration::from_import_request(&neither, POLICY).unwrap_err();
        assert_eq!(errors.for_field(Field::Password).next(), Some(&Problem::Empty));
    }

    #[test]
    fn import_request_with_bad_values_names_fields() {
        let request: ImportHumanUserRequest = serde_json::from_value(json!({
            "userName": "a\u{200B}",
            "profile": { "firstName": "", "lastName": "Mouse", "nickName": "\u{202E}x" },
            "email": { "email": "not-an-address" },
            "requestPasswordlessRegistration": true
        }))
        .unwrap();
        let errors = Registration::from_import_request(&request, POLICY).unwrap_err();
        assert_eq!(
            errors.fields(),
            vec![Field::Username, Field::GivenName, Field::NickName, Field::Email]
        );
    }

    #[test]
    fn debug_hides_passwords() {
        let debug = format!("{:?}", form());
        assert!(!debug.contains("Secr3t"), "{debug}");
        let registration = form().validate(Method::Password, POLICY).unwrap();
        assert!(!format!("{registration:?}").contains("Secr3t"));
    }

    #[test]
    fn method_config_names() {
        assert_eq!(Method::from_config_name("password"), Some(Method::Password));
        assert_eq!(Method::from_config_name("passkey"), Some(Method::Passkey));
        assert_eq!(Method::from_config_name("Passkey"), None);
    }
}
