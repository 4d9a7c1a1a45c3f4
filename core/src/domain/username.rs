//! The username a person signs in with.

use std::fmt;

use super::MAX_TEXT_CODE_POINTS;
use crate::field::{Field, LengthUnit, Problem, ValidationErrors};
use crate::text;

/// A username: trimmed, 1 to 200 code points, without control, bidi or invisible
/// characters. ZITADEL compares usernames ignoring case, so equality here does too.
#[derive(Clone, Debug)]
pub struct Username {
    value: String,
}

impl Username {
    /// Validates `raw` and returns every problem found.
    pub fn parse(raw: &str) -> Result<Username, ValidationErrors> {
        let value = raw.trim();
        let mut errors = ValidationErrors::new();
        if value.is_empty() {
            errors.push(Field::Username, Problem::Empty);
            return Err(errors);
        }

        if text::code_points(value) > MAX_TEXT_CODE_POINTS {
            errors.push(
                Field::Username,
                Problem::TooLong {
                    max: MAX_TEXT_CODE_POINTS,
                    unit: LengthUnit::CodePoints,
                },
            );
        }
        let forbidden = value
            .chars()
            .find(|&character| text::is_control(character) || text::is_invisible_or_bidi(character));
        if let Some(character) = forbidden {
            errors.push(Field::Username, Problem::ForbiddenCharacter { character });
        }

        errors.into_result(Username {
            value: value.to_owned(),
        })
    }

    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// Returns the form ZITADEL uses for its uniqueness check (`strings.ToLower`).
    pub fn uniqueness_key(&self) -> String {
        self.value.to_lowercase()
    }
}

impl PartialEq for Username {
    fn eq(&self, other: &Username) -> bool {
        self.uniqueness_key() == other.uniqueness_key()
    }
}

impl Eq for Username {}

impl fmt::Display for Username {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(raw: &str) -> Vec<Problem> {
        match Username::parse(raw) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.into_iter().map(|error| error.problem).collect(),
        }
    }

    #[test]
    fn accepted_values() {
        let cases = [
            ("minnie-mouse", "minnie-mouse"),
            ("  anna  ", "anna"),
            ("anna@example.com", "anna@example.com"),
            ("Seán O'Brien", "Seán O'Brien"),
            ("田中", "田中"),
            ("a", "a"),
        ];
        for (raw, expected) in cases {
            let username = Username::parse(raw).unwrap_or_else(|error| panic!("{raw:?}: {error}"));
            assert_eq!(username.as_str(), expected, "{raw:?}");
        }
    }

    #[test]
    fn rejected_values() {
        let too_long = "a".repeat(201);
        let cases: Vec<(&str, Problem)> = vec![
            ("", Problem::Empty),
            ("   \t ", Problem::Empty),
            (
                &too_long,
                Problem::TooLong {
                    max: 200,
                    unit: LengthUnit::CodePoints,
                },
            ),
            (
                "anna\u{202E}evil",
                Problem::ForbiddenCharacter { character: '\u{202E}' },
            ),
            ("an\u{200B}na", Problem::ForbiddenCharacter { character: '\u{200B}' }),
            ("an\u{00AD}na", Problem::ForbiddenCharacter { character: '\u{00AD}' }),
            ("an\u{2066}na", Problem::ForbiddenCharacter { character: '\u{2066}' }),
            ("an\u{2063}na", Problem::ForbiddenCharacter { character: '\u{2063}' }),
            ("\u{FEFF}anna", Problem::ForbiddenCharacter { character: '\u{FEFF}' }),
            ("an\nna", Problem::ForbiddenCharacter { character: '\n' }),
            ("an\u{7}na", Problem::ForbiddenCharacter { character: '\u{7}' }),
        ];
        for (raw, expected) in cases {
            assert_eq!(problems(raw), vec![expected], "{raw:?}");
        }
    }

    #[test]
    fn length_counts_code_points() {
        assert!(Username::parse(&"ä".repeat(200)).is_ok());
        assert!(Username::parse(&"ä".repeat(201)).is_err());
    }

    #[test]
    fn every_problem_is_reported() {
        let raw = format!("{}\u{200B}", "a".repeat(200));
        assert_eq!(problems(&raw).len(), 2);
    }

    #[test]
    fn equality_ignores_case() {
        let lower = Username::parse("minnie").unwrap();
        let mixed = Username::parse("MiNNie").unwrap();
        assert_eq!(lower, mixed);
        assert_eq!(mixed.as_str(), "MiNNie");
    }
}
