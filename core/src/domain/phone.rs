//! An international phone number, normalized to E.164.

use std::fmt;

use crate::field::{Field, Problem, ValidationErrors};

/// The fewest digits a number can have: a one-digit country code and the two-digit
/// national number that libphonenumber, ZITADEL's parser, still accepts.
pub const MIN_PHONE_DIGITS: usize = 3;

/// The most digits E.164 allows, country code included.
pub const MAX_PHONE_DIGITS: usize = 15;

/// A phone number in E.164 form, such as `+41710000000`.
///
/// The input must carry its country code, written as `+` or `00`. No default country is
/// assumed, unlike ZITADEL, which reads a number without `+` as Swiss.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    value: String,
}

impl Phone {
    /// Validates an optional phone number: blank input means no number.
    pub fn parse_optional(raw: &str) -> Result<Option<Phone>, ValidationErrors> {
        if raw.trim().is_empty() {
            return Ok(None);
        }
        Phone::parse(raw).map(Some)
    }

    /// Validates `raw` and returns every problem found.
    ///
    /// Spaces, dashes, dots and parentheses are removed. A `(0)` after the country code,
    /// the national trunk prefix as it is often written in Europe, is removed as well.
    pub fn parse(raw: &str) -> Result<Phone, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            errors.push(Field::Phone, Problem::Empty);
            return Err(errors);
        }

        let without_trunk_prefix = trimmed.replacen("(0)", "", 1);
        let compact: String = without_trunk_prefix
            .chars()
            .filter(|&character| !is_separator(character))
            .collect();
        let digits = if let Some(rest) = compact.strip_prefix('+') {
            rest
        } else if let Some(rest) = compact.strip_prefix("00") {
            rest
        } else {
            errors.push(Field::Phone, Problem::PhoneMissingCountryCode);
            compact.as_str()
        };

        if let Some(character) = digits.chars().find(|character| !character.is_ascii_digit()) {
            errors.push(Field::Phone, Problem::PhoneInvalidCharacter { character });
            return Err(errors);
        }
        if digits.len() < MIN_PHONE_DIGITS {
            errors.push(Field::Phone, Problem::PhoneTooFewDigits { min: MIN_PHONE_DIGITS });
        }
        if digits.len() > MAX_PHONE_DIGITS {
            errors.push(Field::Phone, Problem::PhoneTooManyDigits { max: MAX_PHONE_DIGITS });
        }

        errors.into_result(Phone {
            value: format!("+{digits}"),
        })
    }

    /// Returns the number in E.164 form.
    pub fn as_str(&self) -> &str {
        &self.value
    }
}

fn is_separator(character: char) -> bool {
    character.is_whitespace() || matches!(character, '-' | '.' | '(' | ')' | '\u{2010}' | '\u{2011}' | '\u{2013}')
}

impl fmt::Display for Phone {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(raw: &str) -> Vec<Problem> {
        match Phone::parse(raw) {
            Ok(phone) => panic!("{raw:?} was accepted as {phone}"),
            Err(errors) => errors.into_iter().map(|error| error.problem).collect(),
        }
    }

    #[test]
    fn accepted_numbers() {
        let cases = [
            ("+41 71 000 00 00", "+41710000000"),
            ("0041 71 000 00 00", "+41710000000"),
            ("+41 (0)71 000 00 00", "+41710000000"),
            ("+1 (555) 010-0199", "+15550100199"),
            ("+49.30.1234567", "+49301234567"),
            ("\u{00A0}+44 20 7946 0958 ", "+442079460958"),
            ("+123", "+123"),
            ("+123456789012345", "+123456789012345"),
        ];
        for (raw, expected) in cases {
            let phone = Phone::parse(raw).unwrap_or_else(|error| panic!("{raw:?}: {error}"));
            assert_eq!(phone.as_str(), expected, "{raw:?}");
            assert!(phone.as_str().len() <= 50);
        }
    }

    #[test]
    fn rejected_numbers() {
        let cases = [
            ("", vec![Problem::Empty]),
            ("071 000 00 00", vec![Problem::PhoneMissingCountryCode]),
            ("41 71 000 00 00", vec![Problem::PhoneMissingCountryCode]),
            (
                "+41 71 000 00 00 ext 5",
                vec![Problem::PhoneInvalidCharacter { character: 'e' }],
            ),
            ("+41/71", vec![Problem::PhoneInvalidCharacter { character: '/' }]),
            ("++41 71", vec![Problem::PhoneInvalidCharacter { character: '+' }]),
            ("+12", vec![Problem::PhoneTooFewDigits { min: 3 }]),
            ("+", vec![Problem::PhoneTooFewDigits { min: 3 }]),
            ("+1234567890123456", vec![Problem::PhoneTooManyDigits { max: 15 }]),
            (
                "12",
                vec![Problem::PhoneMissingCountryCode, Problem::PhoneTooFewDigits { min: 3 }],
            ),
        ];
        for (raw, expected) in cases {
            assert_eq!(problems(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn blank_optional_number_is_none() {
        assert_eq!(Phone::parse_optional("  ").unwrap(), None);
        assert_eq!(Phone::parse_optional("+41 71").unwrap().unwrap().as_str(), "+4171");
        assert!(Phone::parse_optional("071").is_err());
    }
}
