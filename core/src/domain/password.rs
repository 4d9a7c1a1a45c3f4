//! A password, kept exactly as typed and never shown.

use std::fmt;

use crate::field::{Field, LengthUnit, Problem, ValidationErrors};

/// The longest password bcrypt, ZITADEL's default hasher, can hash, in UTF-8 bytes. Go's
/// bcrypt rejects longer input, which ZITADEL reports as an internal error.
pub const MAX_PASSWORD_BYTES: usize = 72;

/// A password. It is never trimmed or normalized, because ZITADEL hashes the exact bytes.
/// `Debug` and `Display` print a placeholder instead of the value.
#[derive(Clone, PartialEq, Eq)]
pub struct Password {
    value: String,
}

impl Password {
    /// Checks that the password is not empty and fits bcrypt's limit. The complexity
    /// policy is checked separately with [`crate::policy::PasswordPolicy`].
    pub fn parse(raw: &str) -> Result<Password, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if raw.is_empty() {
            errors.push(Field::Password, Problem::Empty);
        } else if raw.len() > MAX_PASSWORD_BYTES {
            errors.push(
                Field::Password,
                Problem::TooLong {
                    max: MAX_PASSWORD_BYTES,
                    unit: LengthUnit::Bytes,
                },
            );
        }
        errors.into_result(Password { value: raw.to_owned() })
    }

    /// Returns the password itself, for building the request body and nothing else.
    pub fn expose_secret(&self) -> &str {
        &self.value
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("Password([redacted])")
    }
}

impl fmt::Display for Password {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_is_kept_exactly() {
        for raw in ["  spaced  ", "Sea\u{0301}n", "\tTab1!", "a"] {
            assert_eq!(Password::parse(raw).unwrap().expose_secret(), raw);
        }
    }

    #[test]
    fn debug_and_display_are_redacted() {
        let password = Password::parse("Secr3tP4ssw0rd!").unwrap();
        assert!(!format!("{password:?}").contains("Secr3t"));
        assert!(!format!("{password}").contains("Secr3t"));
        assert!(!format!("{:?}", Some(&password)).contains("Secr3t"));
    }

    #[test]
    fn empty_and_overlong_are_rejected() {
        let errors = Password::parse("").unwrap_err();
        assert_eq!(errors.for_field(Field::Password).next(), Some(&Problem::Empty));
        assert!(Password::parse(&"ä".repeat(36)).is_ok());
        let errors = Password::parse(&"ä".repeat(37)).unwrap_err();
        let expected = Problem::TooLong {
            max: 72,
            unit: LengthUnit::Bytes,
        };
        assert_eq!(errors.for_field(Field::Password).next(), Some(&expected));
    }
}
