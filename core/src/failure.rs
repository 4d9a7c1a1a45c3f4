//! What a ZITADEL error means for the person filling in the form.
//!
//! Matching uses `code` and `details[].id`, never the message, because ZITADEL translates
//! its messages. Request validation errors (protoc-gen-validate) carry no id, so for them
//! the field is read from the message's `invalid <Message>.<Field>` prefix.

use crate::field::{Field, FieldError, Problem, ValidationErrors};
use crate::policy::Requirement;
use crate::wire::{ErrorBody, GrpcCode};

/// The error id ZITADEL uses when a username is taken.
pub const USERNAME_TAKEN_ID: &str = "V3-DKcYh";

/// The prefix of the error ids the gateway uses for its own field checks, followed by
/// the [`Field::key`], such as `REGISTER-username`.
pub const GATEWAY_FIELD_ID_PREFIX: &str = "REGISTER-";

/// A ZITADEL or gateway error, sorted by what the user can do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// The username exists already, compared ignoring case (code 6, `V3-DKcYh`).
    UsernameTaken,
    /// One or more fields were rejected, including unmet password rules.
    InvalidFields(ValidationErrors),
    /// The service account may not do this, or the organization does not exist. The site
    /// owner has to fix the configuration.
    PermissionDenied,
    /// The user or the route does not exist.
    NotFound,
    /// Too many requests; the user should wait and retry.
    RateLimited,
    /// ZITADEL or the gateway is down or unreachable; a retry may work.
    Unavailable,
    /// The call took too long; a retry may work.
    TimedOut,
    /// Anything else, with ZITADEL's message kept for the developer.
    Unknown { code: i32, message: String },
}

impl Failure {
    /// Sorts an error response. `http_status` decides when the body carries no useful code.
    pub fn from_response(http_status: u16, body: &ErrorBody) -> Failure {
        let field_errors = field_errors_from_body(body);
        if body.detail_ids().any(|id| id == USERNAME_TAKEN_ID) {
            return Failure::UsernameTaken;
        }
        if !field_errors.is_empty() {
            return Failure::InvalidFields(field_errors);
        }

        match body.grpc_code() {
            Some(GrpcCode::PermissionDenied | GrpcCode::Unauthenticated) => Failure::PermissionDenied,
            Some(GrpcCode::NotFound) => Failure::NotFound,
            Some(GrpcCode::ResourceExhausted) => Failure::RateLimited,
            Some(GrpcCode::Unavailable) => Failure::Unavailable,
            Some(GrpcCode::DeadlineExceeded) => Failure::TimedOut,
            Some(GrpcCode::AlreadyExists) if body.details.is_empty() => Failure::UsernameTaken,
            _ => Failure::from_status(http_status, body),
        }
    }

    /// Sorts a response whose body is not a ZITADEL error, by its HTTP status alone.
    pub fn from_status(http_status: u16, body: &ErrorBody) -> Failure {
        match http_status {
            401 | 403 => Failure::PermissionDenied,
            404 => Failure::NotFound,
            429 => Failure::RateLimited,
            502 | 503 => Failure::Unavailable,
            504 | 408 => Failure::TimedOut,
            _ => Failure::Unknown {
                code: body.code,
                message: body.message.clone(),
            },
        }
    }

    /// Returns the problems to show on form fields.
    pub fn field_errors(&self) -> Vec<FieldError> {
        match self {
            Failure::UsernameTaken => vec![FieldError::new(Field::Username, Problem::UsernameTaken)],
            Failure::InvalidFields(errors) => errors.iter().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// Returns true when repeating the same request later may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(self, Failure::Unavailable | Failure::TimedOut | Failure::RateLimited)
    }
}

fn field_errors_from_body(body: &ErrorBody) -> ValidationErrors {
    let mut errors = ValidationErrors::new();
    for id in body.detail_ids() {
        if let Some(error) = field_error_from_id(id) {
            errors.push(error.field, error.problem);
        }
    }
    let is_request_validation =
        body.grpc_code() == Some(GrpcCode::InvalidArgument) && body.detail_ids().next().is_none();
    if errors.is_empty()
        && is_request_validation
        && let Some(field) = field_from_validation_message(&body.message)
    {
        errors.push(field, Problem::Invalid);
    }
    errors
}

/// Returns the error id that reports `error` in an error body: ZITADEL's own id when
/// ZITADEL reports the same problem, else [`GATEWAY_FIELD_ID_PREFIX`] and the field key.
/// [`field_error_from_id`] maps every id back to the field.
pub fn error_id_for(error: &FieldError) -> String {
    let zitadel_id = match (error.field, &error.problem) {
        (Field::Username, Problem::Empty) => Some("COMMAND-00p2b"),
        (Field::GivenName, Problem::Empty) => Some("USER-UCej2"),
        (Field::FamilyName, Problem::Empty) => Some("USER-4hB7d"),
        (Field::Email, Problem::Empty) => Some("EMAIL-spblu"),
        (Field::Email, Problem::EmailDisplayName) => Some("EMAIL-599GV"),
        (Field::Email, problem) if is_unparsable_email(problem) => Some("EMAIL-599BI"),
        (Field::Phone, Problem::Empty) => Some("PHONE-Zt0NV"),
        (Field::Phone, Problem::PhoneInvalidCharacter { .. }) => Some("PHONE-so0wa"),
        (Field::Password, Problem::PasswordRequirement(requirement)) => Some(requirement.import_error_id()),
        _ => None,
    };
    match zitadel_id {
        Some(id) => id.to_owned(),
        None => format!("{GATEWAY_FIELD_ID_PREFIX}{}", error.field.key()),
    }
}

/// Returns true for the email problems that Go's `net/mail.ParseAddress` also rejects,
/// which ZITADEL reports as `EMAIL-599BI`. Length and invisible-character limits are the
/// kit's own.
fn is_unparsable_email(problem: &Problem) -> bool {
    matches!(
        problem,
        Problem::EmailMultipleAddresses
            | Problem::EmailMissingAt
            | Problem::EmailInvalidLocalPart
            | Problem::EmailDotPlacement
            | Problem::EmailInvalidDomain
            | Problem::EmailInvalidInternationalDomain
    )
}

/// Maps one ZITADEL or gateway error id to the field and problem it stands for.
pub fn field_error_from_id(id: &str) -> Option<FieldError> {
    if let Some(requirement) = Requirement::from_error_id(id) {
        return Some(FieldError::new(
            Field::Password,
            Problem::PasswordRequirement(requirement),
        ));
    }
    if let Some(field_key) = id.strip_prefix(GATEWAY_FIELD_ID_PREFIX) {
        let field = Field::ALL.into_iter().find(|field| field.key() == field_key)?;
        return Some(FieldError::new(field, Problem::Invalid));
    }
    let (field, problem) = match id {
        "V2-zzad3" | "COMMAND-00p2b" => (Field::Username, Problem::Empty),
        "COMMAND-SFd21" => (Field::Username, Problem::UsernameDomainNotAllowed),
        "USER-UCej2" => (Field::GivenName, Problem::Empty),
        "USER-4hB7d" => (Field::FamilyName, Problem::Empty),
        "EMAIL-spblu" => (Field::Email, Problem::Empty),
        "EMAIL-599BI" => (Field::Email, Problem::Invalid),
        "EMAIL-599GV" => (Field::Email, Problem::EmailDisplayName),
        "PHONE-Zt0NV" => (Field::Phone, Problem::Empty),
        "PHONE-so0wa" => (Field::Phone, Problem::Invalid),
        _ => return None,
    };
    Some(FieldError::new(field, problem))
}

/// Reads the field from a protoc-gen-validate message such as `invalid
/// ImportHumanUserRequest.UserName: value length must be between 1 and 200 runes,
/// inclusive`. Nested messages appear as `ImportHumanUserRequest_Profile.FirstName`.
fn field_from_validation_message(message: &str) -> Option<Field> {
    const FIELDS: [(&str, Field); 8] = [
        ("_Profile.FirstName:", Field::GivenName),
        ("_Profile.LastName:", Field::FamilyName),
        ("_Profile.PreferredLanguage:", Field::PreferredLanguage),
        ("_Email.Email:", Field::Email),
        ("_Phone.Phone:", Field::Phone),
        ("Request.UserName:", Field::Username),
        ("Request.Email:", Field::Email),
        ("Request.Password:", Field::Password),
    ];
    FIELDS
        .into_iter()
        .find(|(marker, _)| message.contains(marker))
        .map(|(_, field)| field)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::ErrorDetail;

    fn failure(code: GrpcCode, id: &str) -> Failure {
        Failure::from_response(code.http_status(), &ErrorBody::zitadel(code, id, "translated text"))
    }

    #[test]
    fn username_taken() {
        assert_eq!(failure(GrpcCode::AlreadyExists, "V3-DKcYh"), Failure::UsernameTaken);
        let fields = Failure::UsernameTaken.field_errors();
        assert_eq!(fields, vec![FieldError::new(Field::Username, Problem::UsernameTaken)]);
    }

    #[test]
    fn field_ids_land_on_their_field() {
        let cases = [
            ("EMAIL-spblu", Field::Email, Problem::Empty),
            ("EMAIL-599BI", Field::Email, Problem::Invalid),
            ("EMAIL-599GV", Field::Email, Problem::EmailDisplayName),
            ("PHONE-Zt0NV", Field::Phone, Problem::Empty),
            ("PHONE-so0wa", Field::Phone, Problem::Invalid),
            ("V2-zzad3", Field::Username, Problem::Empty),
            ("COMMAND-00p2b", Field::Username, Problem::Empty),
            ("COMMAND-SFd21", Field::Username, Problem::UsernameDomainNotAllowed),
            ("USER-UCej2", Field::GivenName, Problem::Empty),
            ("USER-4hB7d", Field::FamilyName, Problem::Empty),
            ("REGISTER-phone", Field::Phone, Problem::Invalid),
            ("REGISTER-given-name", Field::GivenName, Problem::Invalid),
        ];
        for (id, field, problem) in cases {
            let failure = failure(GrpcCode::InvalidArgument, id);
            assert_eq!(failure.field_errors(), vec![FieldError::new(field, problem)], "{id}");
        }
    }

    #[test]
    fn password_ids_map_to_requirements() {
        let cases = [
            ("DOMAIN-HuJf6", Requirement::MinLength),
            ("DOMAIN-co3Xw", Requirement::Lowercase),
            ("DOMAIN-VoaRj", Requirement::Uppercase),
            ("DOMAIN-ZBv4H", Requirement::Number),
            ("DOMAIN-ZDLwA", Requirement::Symbol),
            ("COMMA-HuJf6", Requirement::MinLength),
            ("COMMA-co3Xw", Requirement::Lowercase),
            ("COMMA-VoaRj", Requirement::Uppercase),
            ("COMMA-ZBv4H", Requirement::Number),
            ("COMMA-ZDLwA", Requirement::Symbol),
        ];
        for (id, requirement) in cases {
            let expected = FieldError::new(Field::Password, Problem::PasswordRequirement(requirement));
            assert_eq!(
                failure(GrpcCode::InvalidArgument, id).field_errors(),
                vec![expected],
                "{id}"
            );
        }
    }

    #[test]
    fn several_details_give_several_fields() {
        let body = ErrorBody {
            code: 3,
            message: "invalid registration".into(),
            details: vec![
                ErrorDetail::new("REGISTER-username", "x"),
                ErrorDetail::new("EMAIL-599BI", "y"),
            ],
        };
        let Failure::InvalidFields(errors) = Failure::from_response(400, &body) else {
            panic!("not InvalidFields")
        };
        assert_eq!(errors.fields(), vec![Field::Username, Field::Email]);
    }

    #[test]
    fn validation_messages_name_the_field() {
        let cases = [
            (
                "invalid ImportHumanUserRequest.UserName: value length must be between 1 and 200 runes, inclusive",
                Field::Username,
            ),
            (
                "invalid ImportHumanUserRequest.Profile: embedded message failed validation | caused by: invalid ImportHumanUserRequest_Profile.FirstName: value length must be between 1 and 200 runes, inclusive",
                Field::GivenName,
            ),
            (
                "invalid ImportHumanUserRequest_Phone.Phone: value does not have prefix \"+\"",
                Field::Phone,
            ),
            (
                "invalid ImportHumanUserRequest_Email.Email: value must be a valid email address",
                Field::Email,
            ),
            (
                "invalid ImportHumanUserRequest_Profile.PreferredLanguage: value length must be at most 10 runes",
                Field::PreferredLanguage,
            ),
        ];
        for (message, field) in cases {
            let body = ErrorBody::without_details(GrpcCode::InvalidArgument, message);
            let failure = Failure::from_response(400, &body);
            assert_eq!(
                failure.field_errors(),
                vec![FieldError::new(field, Problem::Invalid)],
                "{message}"
            );
        }
    }

    #[test]
    fn other_codes() {
        let cases = [
            (
                failure(GrpcCode::PermissionDenied, "AUTH-5mWD2"),
                Failure::PermissionDenied,
            ),
            (
                failure(GrpcCode::PermissionDenied, "AUTH-Bs7Ds"),
                Failure::PermissionDenied,
            ),
            (
                failure(GrpcCode::Unauthenticated, "AUTH-7fs1e"),
                Failure::PermissionDenied,
            ),
            (failure(GrpcCode::NotFound, "COMMAND-M9dsd"), Failure::NotFound),
            (
                failure(GrpcCode::ResourceExhausted, "GATEWAY-rate"),
                Failure::RateLimited,
            ),
            (failure(GrpcCode::Unavailable, "GATEWAY-upstream"), Failure::Unavailable),
            (
                failure(GrpcCode::DeadlineExceeded, "GATEWAY-timeout"),
                Failure::TimedOut,
            ),
        ];
        for (actual, expected) in cases {
            assert_eq!(actual, expected);
        }
    }

    #[test]
    fn unknown_keeps_message() {
        let body = ErrorBody::zitadel(GrpcCode::FailedPrecondition, "COMMAND-2N9fs", "Domain policy not found");
        assert_eq!(
            Failure::from_response(400, &body),
            Failure::Unknown {
                code: 9,
                message: "Domain policy not found (COMMAND-2N9fs)".into()
            }
        );
    }

    #[test]
    fn error_ids_prefer_zitadel_ids() {
        let cases = [
            (Field::Username, Problem::Empty, "COMMAND-00p2b"),
            (
                Field::Username,
                Problem::ForbiddenCharacter { character: '\u{200B}' },
                "REGISTER-username",
            ),
            (Field::GivenName, Problem::Empty, "USER-UCej2"),
            (Field::FamilyName, Problem::Empty, "USER-4hB7d"),
            (Field::NickName, Problem::OnlyInvisibleCharacters, "REGISTER-nick-name"),
            (Field::Email, Problem::Empty, "EMAIL-spblu"),
            (Field::Email, Problem::EmailDisplayName, "EMAIL-599GV"),
            (Field::Email, Problem::EmailMissingAt, "EMAIL-599BI"),
            (
                Field::Email,
                Problem::EmailLocalPartTooLong { max: 64 },
                "REGISTER-email",
            ),
            (
                Field::Phone,
                Problem::PhoneInvalidCharacter { character: 'x' },
                "PHONE-so0wa",
            ),
            (Field::Phone, Problem::PhoneMissingCountryCode, "REGISTER-phone"),
            (
                Field::PreferredLanguage,
                Problem::InvalidLanguageTag,
                "REGISTER-preferred-language",
            ),
            (
                Field::Password,
                Problem::PasswordRequirement(Requirement::Symbol),
                "DOMAIN-ZDLwA",
            ),
            (
                Field::Password,
                Problem::PasswordRequirement(Requirement::MinLength),
                "DOMAIN-HuJf6",
            ),
            (Field::Password, Problem::Empty, "REGISTER-password"),
        ];
        for (field, problem, expected) in cases {
            let error = FieldError::new(field, problem);
            assert_eq!(error_id_for(&error), expected, "{error}");
        }
    }

    #[test]
    fn every_error_id_maps_back_to_its_field() {
        let problems = [
            Problem::Empty,
            Problem::Invalid,
            Problem::EmailDisplayName,
            Problem::EmailMissingAt,
            Problem::PhoneInvalidCharacter { character: 'x' },
            Problem::PasswordRequirement(Requirement::Number),
        ];
        for field in Field::ALL {
            for problem in problems.clone() {
                let error = FieldError::new(field, problem);
                let id = error_id_for(&error);
                let mapped = field_error_from_id(&id).unwrap_or_else(|| panic!("{id} maps to nothing"));
                assert_eq!(mapped.field, field, "{id}");
            }
        }
    }

    #[test]
    fn status_only_responses() {
        let empty = ErrorBody::default();
        assert_eq!(Failure::from_response(502, &empty), Failure::Unavailable);
        assert_eq!(Failure::from_response(504, &empty), Failure::TimedOut);
        assert_eq!(Failure::from_response(429, &empty), Failure::RateLimited);
        assert_eq!(Failure::from_response(403, &empty), Failure::PermissionDenied);
        assert!(matches!(Failure::from_response(500, &empty), Failure::Unknown { .. }));
        assert!(Failure::Unavailable.is_retryable());
        assert!(!Failure::UsernameTaken.is_retryable());
    }
}
