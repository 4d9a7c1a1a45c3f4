//! The translated text for `register-core`'s values: field labels, problems, password
//! rules and failures. The catalogs live in `locales/*.json`.
//!
//! `core` keeps its own `Display` text for developers and logs; users only ever see the
//! text returned here.

use leptos_i18n::td_string;
use register_core::failure::Failure;
use register_core::field::{Field, LengthUnit, Problem};
use register_core::policy::Requirement;

use crate::api::ApiError;
use crate::i18n::Locale;

/// Returns the visible label of a form field.
pub fn field_label(locale: Locale, field: Field) -> String {
    let label = match field {
        Field::Username => td_string!(locale, label_username),
        Field::GivenName => td_string!(locale, label_given_name),
        Field::FamilyName => td_string!(locale, label_family_name),
        Field::NickName => td_string!(locale, label_nick_name),
        Field::DisplayName => td_string!(locale, label_display_name),
        Field::Email => td_string!(locale, label_email),
        Field::Phone => td_string!(locale, label_phone),
        Field::PreferredLanguage => td_string!(locale, label_preferred_language),
        Field::Gender => td_string!(locale, label_gender),
        Field::Password => td_string!(locale, label_password),
        Field::PasswordConfirmation => td_string!(locale, label_password_confirmation),
    };
    label.to_owned()
}

/// Returns the inline error message for a problem with `field`. `min_length` is the
/// policy's minimum password length, when the policy is known.
pub fn problem_message(locale: Locale, field: Field, problem: &Problem, min_length: Option<u64>) -> String {
    match problem {
        Problem::Empty => empty_message(locale, field),
        Problem::TooLong { max, unit } => {
            let count = *max as u64;
            match unit {
                LengthUnit::CodePoints => td_string!(locale, problem_too_long_characters, count = count),
                LengthUnit::Bytes => td_string!(locale, problem_too_long_bytes, count = count),
            }
        }
        Problem::ForbiddenCharacter { character } => {
            td_string!(locale, problem_forbidden_character, code = code_point(*character))
        }
        Problem::OnlyInvisibleCharacters => td_string!(locale, problem_only_invisible_characters).to_owned(),
        Problem::EmailDisplayName => td_string!(locale, problem_email_display_name).to_owned(),
        Problem::EmailMultipleAddresses => td_string!(locale, problem_email_multiple_addresses).to_owned(),
        Problem::EmailMissingAt => td_string!(locale, problem_email_missing_at).to_owned(),
        Problem::EmailInvalidLocalPart => td_string!(locale, problem_email_invalid_local_part).to_owned(),
        Problem::EmailLocalPartTooLong { max } => {
            let count = *max as u64;
            td_string!(locale, problem_email_local_part_too_long, count = count)
        }
        Problem::EmailDotPlacement => td_string!(locale, problem_email_dot_placement).to_owned(),
        Problem::EmailInvalidDomain => td_string!(locale, problem_email_invalid_domain).to_owned(),
        Problem::EmailInvalidInternationalDomain => {
            td_string!(locale, problem_email_invalid_international_domain).to_owned()
        }
        Problem::PhoneMissingCountryCode => td_string!(locale, problem_phone_missing_country_code).to_owned(),
        Problem::PhoneInvalidCharacter { character } if is_unseen(*character) => {
            td_string!(locale, problem_forbidden_character, code = code_point(*character))
        }
        Problem::PhoneInvalidCharacter { character } => td_string!(
            locale,
            problem_phone_invalid_character,
            character = visible_character(*character),
            code = code_point(*character)
        ),
        Problem::PhoneTooFewDigits { min } => {
            let count = *min as u64;
            td_string!(locale, problem_phone_too_few_digits, count = count)
        }
        Problem::PhoneTooManyDigits { max } => {
            let count = *max as u64;
            td_string!(locale, problem_phone_too_many_digits, count = count)
        }
        Problem::InvalidLanguageTag => td_string!(locale, problem_invalid_language_tag).to_owned(),
        Problem::UnknownGender => td_string!(locale, problem_unknown_gender).to_owned(),
        Problem::PasswordRequirement(requirement) => password_problem(locale, *requirement, min_length),
        Problem::ConfirmationMismatch => td_string!(locale, problem_confirmation_mismatch).to_owned(),
        Problem::UsernameTaken => td_string!(locale, problem_username_taken).to_owned(),
        Problem::UsernameDomainNotAllowed => td_string!(locale, problem_username_domain_not_allowed).to_owned(),
        Problem::Invalid => td_string!(locale, problem_invalid).to_owned(),
    }
}

fn empty_message(locale: Locale, field: Field) -> String {
    let message = match field {
        Field::Username => td_string!(locale, problem_empty_username),
        Field::GivenName => td_string!(locale, problem_empty_given_name),
        Field::FamilyName => td_string!(locale, problem_empty_family_name),
        Field::Email => td_string!(locale, problem_empty_email),
        Field::Phone => td_string!(locale, problem_empty_phone),
        Field::Password => td_string!(locale, problem_empty_password),
        Field::PasswordConfirmation => td_string!(locale, problem_empty_password_confirmation),
        Field::NickName | Field::DisplayName | Field::PreferredLanguage | Field::Gender => {
            td_string!(locale, problem_empty_field)
        }
    };
    message.to_owned()
}

fn password_problem(locale: Locale, requirement: Requirement, min_length: Option<u64>) -> String {
    match (requirement, min_length) {
        (Requirement::MinLength, Some(count)) => td_string!(locale, problem_password_min_length, count = count),
        (Requirement::MinLength, None) => td_string!(locale, problem_password_too_short).to_owned(),
        (Requirement::Lowercase, _) => td_string!(locale, problem_password_lowercase).to_owned(),
        (Requirement::Uppercase, _) => td_string!(locale, problem_password_uppercase).to_owned(),
        (Requirement::Number, _) => td_string!(locale, problem_password_number).to_owned(),
        (Requirement::Symbol, _) => td_string!(locale, problem_password_symbol).to_owned(),
    }
}

/// Returns the checklist line for one rule of the password policy.
pub fn requirement_text(locale: Locale, requirement: Requirement, min_length: u64) -> String {
    match requirement {
        Requirement::MinLength => td_string!(locale, requirement_min_length, count = min_length),
        Requirement::Lowercase => td_string!(locale, requirement_lowercase).to_owned(),
        Requirement::Uppercase => td_string!(locale, requirement_uppercase).to_owned(),
        Requirement::Number => td_string!(locale, requirement_number).to_owned(),
        Requirement::Symbol => td_string!(locale, requirement_symbol).to_owned(),
    }
}

/// Returns the message for a failure that concerns no field of the form.
pub fn failure_message(locale: Locale, failure: &Failure) -> String {
    let message = match failure {
        Failure::UsernameTaken => td_string!(locale, problem_username_taken),
        Failure::InvalidFields(_) => td_string!(locale, failure_fields_not_on_form),
        Failure::PermissionDenied => td_string!(locale, failure_permission_denied),
        Failure::NotFound => td_string!(locale, failure_not_found),
        Failure::RateLimited => td_string!(locale, failure_rate_limited),
        Failure::Unavailable => td_string!(locale, failure_unavailable),
        Failure::TimedOut => td_string!(locale, failure_timed_out),
        Failure::Unknown { .. } => td_string!(locale, failure_unknown),
    };
    message.to_owned()
}

/// Returns the message for a failed request.
pub fn api_error_message(locale: Locale, error: &ApiError) -> String {
    match error {
        ApiError::Rejected(failure) => failure_message(locale, failure),
        ApiError::Network => td_string!(locale, error_network).to_owned(),
        ApiError::TimedOut => td_string!(locale, error_client_timeout).to_owned(),
        ApiError::OriginNotAllowed { page_origin } if is_web_origin(page_origin) => {
            td_string!(locale, error_origin_not_allowed, origin = page_origin.clone())
        }
        ApiError::OriginNotAllowed { .. } => td_string!(locale, error_origin_not_allowed_not_web).to_owned(),
        ApiError::UnexpectedBody { .. } => td_string!(locale, error_unexpected_body).to_owned(),
        ApiError::RateLimited {
            retry_after_seconds: Some(seconds),
        } => rate_limit_message(locale, *seconds),
        ApiError::RateLimited {
            retry_after_seconds: None,
        } => td_string!(locale, failure_rate_limited).to_owned(),
    }
}

/// Returns the rate-limit message with the wait: in seconds up to two minutes, and above
/// that in whole minutes, rounded up.
fn rate_limit_message(locale: Locale, seconds: u64) -> String {
    if seconds <= 120 {
        td_string!(locale, failure_rate_limited_seconds, count = seconds)
    } else {
        td_string!(locale, failure_rate_limited_minutes, count = seconds.div_ceil(60))
    }
}

/// Returns true for an http or https origin. A page opened as a file has the origin
/// "null", which no CORS allowlist can name, so the `--allowed-origin` advice does not fit.
pub fn is_web_origin(origin: &str) -> bool {
    origin.starts_with("http://") || origin.starts_with("https://")
}

/// Returns a stable name for an error, for the console and host events.
pub fn api_error_kind(error: &ApiError) -> &'static str {
    match error {
        ApiError::Rejected(Failure::UsernameTaken | Failure::InvalidFields(_)) => "invalid-fields",
        ApiError::Rejected(Failure::PermissionDenied) => "permission-denied",
        ApiError::Rejected(Failure::NotFound) => "not-found",
        ApiError::Rejected(Failure::RateLimited) | ApiError::RateLimited { .. } => "rate-limited",
        ApiError::Rejected(Failure::Unavailable) => "unavailable",
        ApiError::Rejected(Failure::TimedOut) => "upstream-timeout",
        ApiError::Rejected(Failure::Unknown { .. }) => "unknown",
        ApiError::Network => "network",
        ApiError::TimedOut => "timeout",
        ApiError::OriginNotAllowed { .. } => "origin-not-allowed",
        ApiError::UnexpectedBody { .. } => "unexpected-body",
    }
}

/// Formats a character as `U+XXXX`.
pub fn code_point(character: char) -> String {
    format!("U+{:04X}", u32::from(character))
}

/// Returns true for a character that shows as nothing or as blank space, or that is a
/// control character: quoting it in a message would show empty quotes.
fn is_unseen(character: char) -> bool {
    register_core::text::renders_blank(character) || register_core::text::is_control(character)
}

/// Returns the character itself when it is visible, else its code point, so that a
/// message never contains an invisible character.
fn visible_character(character: char) -> String {
    if is_unseen(character) {
        code_point(character)
    } else {
        character.to_string()
    }
}

#[cfg(test)]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    #[wasm_bindgen_test]
    fn plurals_follow_the_count() {
        let one = problem_message(
            Locale::en,
            Field::Username,
            &Problem::TooLong {
                max: 1,
                unit: LengthUnit::CodePoints,
            },
            None,
        );
        assert_eq!(one, "Use at most 1 character");
        let many = problem_message(Locale::de, Field::Phone, &Problem::PhoneTooFewDigits { min: 3 }, None);
        assert_eq!(many, "Geben Sie mindestens 3 Ziffern ein");
    }

    #[wasm_bindgen_test]
    fn characters_are_shown_as_code_points() {
        let message = problem_message(
            Locale::en,
            Field::GivenName,
            &Problem::ForbiddenCharacter { character: '\u{202E}' },
            None,
        );
        assert_eq!(message, "Remove the invisible or control character U+202E");
        let message = problem_message(
            Locale::de,
            Field::Phone,
            &Problem::PhoneInvalidCharacter { character: 'x' },
            None,
        );
        assert!(message.starts_with("Entfernen Sie „x“ (U+0078)."), "{message}");
        for unseen in ['\u{200B}', '\u{00A0}', '\u{0007}', '\u{3164}'] {
            let message = problem_message(
                Locale::en,
                Field::Phone,
                &Problem::PhoneInvalidCharacter { character: unseen },
                None,
            );
            assert_eq!(
                message,
                format!("Remove the invisible or control character {}", code_point(unseen))
            );
        }
    }

    #[wasm_bindgen_test]
    fn empty_message_names_the_field() {
        let cases = [
            (Locale::en, Field::Email, "Enter your email address"),
            (Locale::de, Field::Email, "Geben Sie Ihre E-Mail-Adresse ein"),
            (Locale::en, Field::PasswordConfirmation, "Enter the password again"),
        ];
        for (locale, field, expected) in cases {
            assert_eq!(problem_message(locale, field, &Problem::Empty, None), expected);
        }
    }

    #[wasm_bindgen_test]
    fn min_length_needs_the_policy() {
        let problem = Problem::PasswordRequirement(Requirement::MinLength);
        assert_eq!(
            problem_message(Locale::en, Field::Password, &problem, Some(12)),
            "Use at least 12 characters"
        );
        assert_eq!(
            problem_message(Locale::en, Field::Password, &problem, None),
            "The password is too short for the rules of this organization"
        );
    }

    #[wasm_bindgen_test]
    fn disallowed_origin_names_origin_and_option() {
        let error = ApiError::OriginNotAllowed {
            page_origin: "https://shop.example".into(),
        };
        assert_eq!(api_error_kind(&error), "origin-not-allowed");
        for locale in [Locale::en, Locale::de] {
            let message = api_error_message(locale, &error);
            assert!(message.contains("https://shop.example"), "{message}");
            assert!(message.contains("--allowed-origin"), "{message}");
        }
    }

    #[wasm_bindgen_test]
    fn rate_limit_names_the_wait() {
        let cases = [
            (Locale::en, Some(1), "Wait 1 second,"),
            (Locale::en, Some(7), "Wait 7 seconds,"),
            (Locale::en, Some(120), "Wait 120 seconds,"),
            (Locale::en, Some(121), "Wait 3 minutes,"),
            (Locale::en, Some(3600), "Wait 60 minutes,"),
            (Locale::en, None, "Wait a minute,"),
            (Locale::de, Some(1), "Warten Sie 1 Sekunde"),
            (Locale::de, Some(7), "Warten Sie 7 Sekunden"),
            (Locale::de, Some(180), "Warten Sie 3 Minuten"),
        ];
        for (locale, retry_after_seconds, expected) in cases {
            let error = ApiError::RateLimited { retry_after_seconds };
            let message = api_error_message(locale, &error);
            assert!(message.contains(expected), "{retry_after_seconds:?}: {message}");
            assert_eq!(api_error_kind(&error), "rate-limited");
        }
    }

    #[wasm_bindgen_test]
    fn file_page_gets_no_origin_option() {
        let error = ApiError::OriginNotAllowed {
            page_origin: "null".into(),
        };
        for locale in [Locale::en, Locale::de] {
            let message = api_error_message(locale, &error);
            assert!(!message.contains("--allowed-origin"), "{message}");
            assert!(
                message.contains("web server") || message.contains("Webserver"),
                "{message}"
            );
        }
    }

    #[wasm_bindgen_test]
    fn every_failure_has_text_in_both_languages() {
        let failures = [
            Failure::UsernameTaken,
            Failure::InvalidFields(Default::default()),
            Failure::PermissionDenied,
            Failure::NotFound,
            Failure::RateLimited,
            Failure::Unavailable,
            Failure::TimedOut,
            Failure::Unknown {
                code: 13,
                message: "internal".into(),
            },
        ];
        for failure in failures {
            let english = failure_message(Locale::en, &failure);
            let german = failure_message(Locale::de, &failure);
            assert!(!english.is_empty(), "{failure:?}");
            assert_ne!(english, german, "{failure:?}");
            assert!(!english.contains("internal"), "raw server text leaked: {english}");
        }
    }
}
