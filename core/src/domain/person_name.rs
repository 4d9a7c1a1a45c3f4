//! A given or family name, kept in the person's own script.

use std::fmt;

use icu_normalizer::ComposingNormalizerBorrowed;

use super::MAX_TEXT_CODE_POINTS;
use crate::field::{Field, LengthUnit, Problem, ValidationErrors};
use crate::text;

/// A person's given or family name: trimmed, NFC-normalized and 1 to 200 code points.
///
/// Apostrophes, hyphens, middle dots, joiners and every script are kept. Control
/// characters, bidi overrides and isolates are rejected, and so is a name made only of
/// invisible characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName {
    value: String,
}

impl PersonName {
    /// Validates `raw` for `field` (given or family name) and returns every problem found.
    pub fn parse(field: Field, raw: &str) -> Result<PersonName, ValidationErrors> {
        let value = ComposingNormalizerBorrowed::new_nfc()
            .normalize(raw.trim())
            .into_owned();
        let mut errors = ValidationErrors::new();
        if value.is_empty() {
            errors.push(field, Problem::Empty);
            return Err(errors);
        }

        if text::code_points(&value) > MAX_TEXT_CODE_POINTS {
            errors.push(
                field,
                Problem::TooLong {
                    max: MAX_TEXT_CODE_POINTS,
                    unit: LengthUnit::CodePoints,
                },
            );
        }
        let forbidden = value
            .chars()
            .find(|&character| text::is_control(character) || text::is_bidi_override_or_isolate(character));
        if let Some(character) = forbidden {
            errors.push(field, Problem::ForbiddenCharacter { character });
        } else if value.chars().all(text::renders_blank) {
            errors.push(field, Problem::OnlyInvisibleCharacters);
        }

        errors.into_result(PersonName { value })
    }

    pub fn as_str(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(raw: &str) -> Vec<Problem> {
        match PersonName::parse(Field::GivenName, raw) {
            Ok(name) => panic!("{raw:?} was accepted as {name}"),
            Err(errors) => errors.into_iter().map(|error| error.problem).collect(),
        }
    }

    #[test]
    fn accepted_names() {
        let cases = [
            ("Seán O'Brien", "Seán O'Brien"),
            ("田中 倫", "田中 倫"),
            ("Anne-Marie", "Anne-Marie"),
            ("Paul·lí", "Paul·lí"),
            ("O’Connor", "O’Connor"),
            ("  Zoë ", "Zoë"),
            ("Ζωή", "Ζωή"),
            ("محمد", "محمد"),
            ("मनीष", "मनीष"),
            ("می\u{200C}خواهم", "می\u{200C}خواهم"),
            ("X", "X"),
        ];
        for (raw, expected) in cases {
            let name = PersonName::parse(Field::FamilyName, raw).unwrap_or_else(|error| panic!("{raw:?}: {error}"));
            assert_eq!(name.as_str(), expected, "{raw:?}");
        }
    }

    #[test]
    fn names_are_nfc_normalized() {
        let decomposed = "Sea\u{0301}n";
        let name = PersonName::parse(Field::GivenName, decomposed).unwrap();
        assert_eq!(name.as_str(), "Se\u{00E1}n");
    }

    #[test]
    fn length_counts_code_points_after_normalization() {
        let decomposed = "e\u{0301}".repeat(200);
        assert!(PersonName::parse(Field::GivenName, &decomposed).is_ok());
        let too_long = "é".repeat(201);
        assert_eq!(
            problems(&too_long),
            vec![Problem::TooLong {
                max: 200,
                unit: LengthUnit::CodePoints
            }]
        );
    }

    #[test]
    fn rejected_names() {
        let cases = [
            ("", Problem::Empty),
            (" \u{3000} ", Problem::Empty),
            (
                "Anna\u{202E}evil",
                Problem::ForbiddenCharacter { character: '\u{202E}' },
            ),
            ("Anna\u{2067}x", Problem::ForbiddenCharacter { character: '\u{2067}' }),
            ("An\u{0}na", Problem::ForbiddenCharacter { character: '\u{0}' }),
            ("An\u{2028}na", Problem::ForbiddenCharacter { character: '\u{2028}' }),
            ("\u{200B}", Problem::OnlyInvisibleCharacters),
            ("\u{200B}\u{2060}\u{FEFF}", Problem::OnlyInvisibleCharacters),
            ("\u{3164}", Problem::OnlyInvisibleCharacters),
            ("\u{00AD} \u{200D}", Problem::OnlyInvisibleCharacters),
        ];
        for (raw, expected) in cases {
            assert_eq!(problems(raw), vec![expected], "{raw:?}");
        }
    }

    #[test]
    fn problems_name_the_given_field() {
        let errors = PersonName::parse(Field::FamilyName, "").unwrap_err();
        assert_eq!(errors.fields(), vec![Field::FamilyName]);
    }
}
