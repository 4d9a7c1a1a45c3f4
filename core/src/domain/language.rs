//! The preferred language of a user, as a BCP 47 tag.

use std::fmt;

use crate::field::{Field, Problem, ValidationErrors};

/// The longest tag ZITADEL stores (`max_len: 10`).
pub const MAX_LANGUAGE_TAG_LENGTH: usize = 10;

/// A well-formed BCP 47 language tag of at most 10 characters, such as `en`, `de-CH` or
/// `zh-Hant`, with its subtags in canonical case.
///
/// ZITADEL itself stores a tag it cannot parse as `und` instead of rejecting it. The kit
/// rejects it, so that a user's choice is never lost silently.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PreferredLanguage {
    tag: String,
}

impl PreferredLanguage {
    /// Validates `raw`. An underscore is read as a hyphen (`de_CH`).
    pub fn parse(raw: &str) -> Result<PreferredLanguage, ValidationErrors> {
        let candidate = raw.trim().replace('_', "-");
        let invalid = ValidationErrors::from(crate::field::FieldError::new(
            Field::PreferredLanguage,
            Problem::InvalidLanguageTag,
        ));
        if candidate.is_empty() || candidate.len() > MAX_LANGUAGE_TAG_LENGTH || !candidate.is_ascii() {
            return Err(invalid);
        }
        canonical_tag(&candidate)
            .map(|tag| PreferredLanguage { tag })
            .ok_or(invalid)
    }

    pub fn as_str(&self) -> &str {
        &self.tag
    }

    /// Returns the primary language subtag, such as `de` for `de-CH`.
    pub fn primary_language(&self) -> &str {
        self.tag.split('-').next().unwrap_or(&self.tag)
    }
}

/// Returns the tag with canonical subtag case, or None when it is not a well-formed
/// `language[-script][-region][-variant…]` tag (RFC 5646, section 2.1; extensions and
/// private use do not fit in 10 characters in any useful form and are not accepted).
fn canonical_tag(candidate: &str) -> Option<String> {
    let mut subtags = candidate.split('-');
    let language = subtags.next()?;
    let is_language = (2..=3).contains(&language.len()) && language.bytes().all(|byte| byte.is_ascii_alphabetic());
    if !is_language {
        return None;
    }
    let mut parts = vec![language.to_ascii_lowercase()];
    let mut seen_script = false;
    let mut seen_region = false;
    for subtag in subtags {
        let is_alpha = subtag.bytes().all(|byte| byte.is_ascii_alphabetic());
        let is_digit = subtag.bytes().all(|byte| byte.is_ascii_digit());
        let is_alphanumeric = subtag.bytes().all(|byte| byte.is_ascii_alphanumeric());
        let is_script = subtag.len() == 4 && is_alpha && !seen_script && !seen_region;
        let is_region = ((subtag.len() == 2 && is_alpha) || (subtag.len() == 3 && is_digit)) && !seen_region;
        let is_variant = is_alphanumeric
            && ((5..=8).contains(&subtag.len()) || (subtag.len() == 4 && subtag.as_bytes()[0].is_ascii_digit()));
        if is_script {
            seen_script = true;
            let mut script = subtag.to_ascii_lowercase();
            script[..1].make_ascii_uppercase();
            parts.push(script);
        } else if is_region {
            seen_region = true;
            seen_script = true;
            parts.push(subtag.to_ascii_uppercase());
        } else if is_variant {
            seen_script = true;
            seen_region = true;
            parts.push(subtag.to_ascii_lowercase());
        } else {
            return None;
        }
    }
    Some(parts.join("-"))
}

impl fmt::Display for PreferredLanguage {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.tag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_tags() {
        let cases = [
            ("en", "en"),
            ("de", "de"),
            ("DE-ch", "de-CH"),
            ("de_CH", "de-CH"),
            ("zh-hant", "zh-Hant"),
            ("zh-Hant-TW", "zh-Hant-TW"),
            ("es-419", "es-419"),
            ("gsw", "gsw"),
            ("sl-rozaj", "sl-rozaj"),
            ("de-1996", "de-1996"),
        ];
        for (raw, expected) in cases {
            let language = PreferredLanguage::parse(raw).unwrap_or_else(|error| panic!("{raw:?}: {error}"));
            assert_eq!(language.as_str(), expected, "{raw:?}");
        }
    }

    #[test]
    fn rejected_tags() {
        let cases = [
            "",
            "e",
            "english",
            "en-",
            "-en",
            "en--US",
            "en-US-GB",
            "en-Latn-Latn",
            "de-CH-1996x",
            "zh-Hant-TW-x",
            "ü",
            "en US",
            "abcdefghijk",
            "1e",
        ];
        for raw in cases {
            let errors = PreferredLanguage::parse(raw).expect_err(raw);
            assert_eq!(
                errors.for_field(Field::PreferredLanguage).next(),
                Some(&Problem::InvalidLanguageTag),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn primary_language_is_first_subtag() {
        assert_eq!(PreferredLanguage::parse("de-CH").unwrap().primary_language(), "de");
    }
}
