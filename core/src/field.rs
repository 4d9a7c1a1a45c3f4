//! Registration form fields and the problems that validation reports for them.
//!
//! Every validating constructor returns [`ValidationErrors`]: all problems found, each tied
//! to the [`Field`] it concerns. The `Display` text here is for developers and logs. Text
//! that users see is a translated layer in the web app, keyed by [`Problem`].

use std::fmt;

use crate::policy::Requirement;

/// A field of the registration form, named as the user sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Username,
    GivenName,
    FamilyName,
    NickName,
    DisplayName,
    Email,
    Phone,
    PreferredLanguage,
    Gender,
    Password,
    PasswordConfirmation,
}

impl Field {
    /// Every field, in form order.
    pub const ALL: [Field; 11] = [
        Field::Username,
        Field::GivenName,
        Field::FamilyName,
        Field::NickName,
        Field::DisplayName,
        Field::Email,
        Field::Phone,
        Field::PreferredLanguage,
        Field::Gender,
        Field::Password,
        Field::PasswordConfirmation,
    ];

    /// Returns a stable kebab-case key, used for element ids and translation keys.
    pub fn key(self) -> &'static str {
        match self {
            Field::Username => "username",
            Field::GivenName => "given-name",
            Field::FamilyName => "family-name",
            Field::NickName => "nick-name",
            Field::DisplayName => "display-name",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::PreferredLanguage => "preferred-language",
            Field::Gender => "gender",
            Field::Password => "password",
            Field::PasswordConfirmation => "password-confirmation",
        }
    }

    /// Returns the JSON path of the field in an ImportHumanUserRequest, if it has one.
    pub fn json_path(self) -> Option<&'static str> {
        match self {
            Field::Username => Some("userName"),
            Field::GivenName => Some("profile.firstName"),
            Field::FamilyName => Some("profile.lastName"),
            Field::NickName => Some("profile.nickName"),
            Field::DisplayName => Some("profile.displayName"),
            Field::Email => Some("email.email"),
            Field::Phone => Some("phone.phone"),
            Field::PreferredLanguage => Some("profile.preferredLanguage"),
            Field::Gender => Some("profile.gender"),
            Field::Password => Some("password"),
            Field::PasswordConfirmation => None,
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Field::Username => "username",
            Field::GivenName => "given name",
            Field::FamilyName => "family name",
            Field::NickName => "nickname",
            Field::DisplayName => "display name",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::PreferredLanguage => "preferred language",
            Field::Gender => "gender",
            Field::Password => "password",
            Field::PasswordConfirmation => "password confirmation",
        };
        formatter.write_str(name)
    }
}

/// What is wrong with a field's value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The value is empty, or only white space.
    Empty,
    /// The value is longer than `max`, counted in `unit`.
    TooLong { max: usize, unit: LengthUnit },
    /// The value contains a control, bidi-override or invisible character.
    ForbiddenCharacter { character: char },
    /// The value consists of invisible characters only.
    OnlyInvisibleCharacters,
    /// The email has a display-name form such as `Anna <anna@example.com>`.
    EmailDisplayName,
    /// The email field holds more than one address.
    EmailMultipleAddresses,
    /// The email has no `@`.
    EmailMissingAt,
    /// The part before the `@` is empty or holds characters an address cannot have.
    EmailInvalidLocalPart,
    /// The part before the `@` is longer than `max` UTF-8 bytes.
    EmailLocalPartTooLong { max: usize },
    /// A dot starts or ends the local part or the domain, or two dots follow each other.
    EmailDotPlacement,
    /// A domain label is not a valid hostname label, or the domain is an address literal.
    EmailInvalidDomain,
    /// A Unicode domain has no valid ASCII (IDNA) form.
    EmailInvalidInternationalDomain,
    /// The phone number does not start with `+` or `00` and a country code.
    PhoneMissingCountryCode,
    /// The phone number contains something other than digits and separators.
    PhoneInvalidCharacter { character: char },
    /// The phone number has fewer digits than any real number.
    PhoneTooFewDigits { min: usize },
    /// The phone number has more digits than E.164 allows.
    PhoneTooManyDigits { max: usize },
    /// The language is not a well-formed BCP 47 tag.
    InvalidLanguageTag,
    /// The gender is not one of ZITADEL's four values.
    UnknownGender,
    /// The password misses a rule of the organization's complexity policy.
    PasswordRequirement(Requirement),
    /// The confirmation differs from the password.
    ConfirmationMismatch,
    /// The username is already taken; ZITADEL compares usernames ignoring case.
    UsernameTaken,
    /// The username ends in a domain that another organization has verified.
    UsernameDomainNotAllowed,
    /// The server rejected the value without saying which rule it broke.
    Invalid,
}

/// The unit in which a length limit counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LengthUnit {
    /// Unicode code points, as protoc-gen-validate counts runes.
    CodePoints,
    /// UTF-8 bytes.
    Bytes,
}

impl fmt::Display for Problem {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Empty => write!(formatter, "must not be empty"),
            Problem::TooLong {
                max,
                unit: LengthUnit::CodePoints,
            } => {
                write!(formatter, "must be at most {max} characters long")
            }
            Problem::TooLong {
                max,
                unit: LengthUnit::Bytes,
            } => {
                write!(formatter, "must be at most {max} bytes long in UTF-8")
            }
            Problem::ForbiddenCharacter { character } => write!(
                formatter,
                "contains the invisible or control character U+{:04X}; remove it",
                u32::from(*character)
            ),
            Problem::OnlyInvisibleCharacters => {
                write!(formatter, "contains only invisible characters")
            }
            Problem::EmailDisplayName => write!(
                formatter,
                "enter the address alone, like anna@example.com, without a name or angle brackets"
            ),
            Problem::EmailMultipleAddresses => write!(formatter, "enter exactly one address"),
            Problem::EmailMissingAt => write!(formatter, "is missing the @ between name and domain"),
            Problem::EmailInvalidLocalPart => {
                write!(
                    formatter,
                    "the part before the @ is empty or has characters an address cannot have"
                )
            }
            Problem::EmailLocalPartTooLong { max } => {
                write!(formatter, "the part before the @ must be at most {max} bytes long")
            }
            Problem::EmailDotPlacement => write!(
                formatter,
                "has a dot at the start or end of a part, or two dots in a row"
            ),
            Problem::EmailInvalidDomain => {
                write!(formatter, "the domain after the @ is not a valid host name")
            }
            Problem::EmailInvalidInternationalDomain => write!(
                formatter,
                "the international domain after the @ cannot be converted to its ASCII form"
            ),
            Problem::PhoneMissingCountryCode => write!(
                formatter,
                "must start with + or 00 and the country code, like +41 71 000 00 00"
            ),
            Problem::PhoneInvalidCharacter { character } => write!(
                formatter,
                "contains {character:?}; use digits, spaces, dashes, dots and parentheses only"
            ),
            Problem::PhoneTooFewDigits { min } => {
                write!(formatter, "must have at least {min} digits")
            }
            Problem::PhoneTooManyDigits { max } => {
                write!(formatter, "must have at most {max} digits")
            }
            Problem::InvalidLanguageTag => {
                write!(formatter, "must be a language tag such as en or de-CH")
            }
            Problem::UnknownGender => write!(
                formatter,
                "must be GENDER_UNSPECIFIED, GENDER_FEMALE, GENDER_MALE or GENDER_DIVERSE"
            ),
            Problem::PasswordRequirement(requirement) => write!(formatter, "{requirement}"),
            Problem::ConfirmationMismatch => write!(formatter, "does not match the password"),
            Problem::UsernameTaken => write!(formatter, "is already taken; choose another one"),
            Problem::UsernameDomainNotAllowed => write!(
                formatter,
                "ends in a domain that belongs to another organization; choose a username without it"
            ),
            Problem::Invalid => write!(formatter, "is not valid"),
        }
    }
}

/// One problem with one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: Field,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: Field, problem: Problem) -> FieldError {
        FieldError { field, problem }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}: {}", self.field, self.problem)
    }
}

/// Every problem that validation found, in the order found. Never empty when returned as
/// an error.
#[derive(Clone, Debug, Default, PartialEq, Eq, thiserror::Error)]
pub struct ValidationErrors {
    errors: Vec<FieldError>,
}

impl ValidationErrors {
    pub fn new() -> ValidationErrors {
        ValidationErrors::default()
    }

    pub fn push(&mut self, field: Field, problem: Problem) {
        self.errors.push(FieldError::new(field, problem));
    }

    /// Appends every problem of `other`.
    pub fn extend(&mut self, other: ValidationErrors) {
        self.errors.extend(other.errors);
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn len(&self) -> usize {
        self.errors.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.errors.iter()
    }

    /// Returns the problems of one field.
    pub fn for_field(&self, field: Field) -> impl Iterator<Item = &Problem> {
        self.errors
            .iter()
            .filter(move |error| error.field == field)
            .map(|error| &error.problem)
    }

    /// Returns the fields that have at least one problem, in form order.
    pub fn fields(&self) -> Vec<Field> {
        let mut fields: Vec<Field> = self.errors.iter().map(|error| error.field).collect();
        fields.sort();
        fields.dedup();
        fields
    }

    /// Returns `Ok(value)` when no problem was recorded, else these errors.
    pub fn into_result<T>(self, value: T) -> Result<T, ValidationErrors> {
        if self.errors.is_empty() { Ok(value) } else { Err(self) }
    }
}

impl From<FieldError> for ValidationErrors {
    fn from(error: FieldError) -> ValidationErrors {
        ValidationErrors { errors: vec![error] }
    }
}

impl IntoIterator for ValidationErrors {
    type Item = FieldError;
    type IntoIter = std::vec::IntoIter<FieldError>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.into_iter()
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, error) in self.errors.iter().enumerate() {
            if index > 0 {
                formatter.write_str("; ")?;
            }
            write!(formatter, "{error}")?;
        }
        Ok(())
    }
}
