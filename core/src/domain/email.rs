//! An email address as ZITADEL accepts it, converted to a form every mail system can send.

use std::fmt;
use std::hash::{Hash, Hasher};

use super::MAX_TEXT_CODE_POINTS;
use crate::field::{Field, LengthUnit, Problem, ValidationErrors};
use crate::text;

/// The maximum length of the part before the `@`, in bytes (RFC 5321, section 4.5.3.1.1).
pub const MAX_LOCAL_PART_BYTES: usize = 64;

/// The maximum length of a domain, in bytes (RFC 1035).
const MAX_DOMAIN_BYTES: usize = 253;

/// The maximum length of one domain label, in bytes (RFC 1035).
const MAX_LABEL_BYTES: usize = 63;

/// One email address without a display name. A Unicode domain is stored in its ASCII
/// (IDNA) form, the local part keeps its spelling, and equality ignores case.
#[derive(Clone, Debug)]
pub struct Email {
    value: String,
}

impl Email {
    /// Validates `raw` and returns every problem found.
    ///
    /// The rules follow Go's `net/mail.ParseAddress` as ZITADEL uses it, but accept only
    /// the plain `local@domain` form: no quoted local part, comment, group or address
    /// literal, which no person signing up needs.
    pub fn parse(raw: &str) -> Result<Email, ValidationErrors> {
        let value = raw.trim();
        let mut errors = ValidationErrors::new();
        if value.is_empty() {
            errors.push(Field::Email, Problem::Empty);
            return Err(errors);
        }

        let forbidden = value
            .chars()
            .find(|&character| text::is_control(character) || text::is_invisible_or_bidi(character));
        if let Some(character) = forbidden {
            errors.push(Field::Email, Problem::ForbiddenCharacter { character });
        }

        let has_display_name = value.contains('<') || value.contains('>');
        if has_display_name {
            errors.push(Field::Email, Problem::EmailDisplayName);
            return Err(errors);
        }
        let at_count = value.matches('@').count();
        let has_list_separator = value.contains(',') || value.contains(';');
        let has_several_addresses = has_list_separator || (at_count > 1 && value.contains(char::is_whitespace));
        if has_several_addresses {
            errors.push(Field::Email, Problem::EmailMultipleAddresses);
            return Err(errors);
        }
        let Some((local_part, domain)) = value.rsplit_once('@') else {
            errors.push(Field::Email, Problem::EmailMissingAt);
            return Err(errors);
        };

        check_local_part(local_part, &mut errors);
        let ascii_domain = match check_domain(domain) {
            Ok(ascii_domain) => ascii_domain,
            Err(problem) => {
                errors.push(Field::Email, problem);
                return Err(errors);
            }
        };

        let address = format!("{local_part}@{ascii_domain}");
        if text::code_points(&address) > MAX_TEXT_CODE_POINTS {
            errors.push(
                Field::Email,
                Problem::TooLong {
                    max: MAX_TEXT_CODE_POINTS,
                    unit: LengthUnit::CodePoints,
                },
            );
        }
        errors.into_result(Email { value: address })
    }

    /// Returns the address to send, with an ASCII domain.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// Returns the part before the `@`.
    pub fn local_part(&self) -> &str {
        self.value.rsplit_once('@').map_or("", |(local_part, _)| local_part)
    }

    /// Returns the domain in its ASCII form.
    pub fn domain(&self) -> &str {
        self.value.rsplit_once('@').map_or("", |(_, domain)| domain)
    }

    fn comparison_key(&self) -> String {
        self.value.to_lowercase()
    }
}

/// Returns true for the characters of an unquoted local part (RFC 5322 `atext` and the
/// dot). Go's parser also takes UTF-8 there (RFC 6532), so non-ASCII letters pass too.
fn is_local_part_character(character: char) -> bool {
    let is_ascii_atext = character.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(character);
    let is_unicode_text = !character.is_ascii() && !character.is_whitespace() && !text::is_control(character);
    is_ascii_atext || is_unicode_text
}

fn check_local_part(local_part: &str, errors: &mut ValidationErrors) {
    let has_only_valid_characters = local_part.chars().all(is_local_part_character);
    if local_part.is_empty() || !has_only_valid_characters {
        errors.push(Field::Email, Problem::EmailInvalidLocalPart);
    } else if has_misplaced_dot(local_part) {
        errors.push(Field::Email, Problem::EmailDotPlacement);
    }
    if local_part.len() > MAX_LOCAL_PART_BYTES {
        errors.push(
            Field::Email,
            Problem::EmailLocalPartTooLong {
                max: MAX_LOCAL_PART_BYTES,
            },
        );
    }
}

fn has_misplaced_dot(part: &str) -> bool {
    part.starts_with('.') || part.ends_with('.') || part.contains("..")
}

/// Checks the domain and returns its ASCII form.
fn check_domain(domain: &str) -> Result<String, Problem> {
    let is_address_literal = domain.starts_with('[');
    if domain.is_empty() || is_address_literal {
        return Err(Problem::EmailInvalidDomain);
    }
    if has_misplaced_dot(domain) {
        return Err(Problem::EmailDotPlacement);
    }

    let ascii_domain = if domain.is_ascii() {
        domain.to_owned()
    } else {
        idna::domain_to_ascii_strict(domain).map_err(|_| Problem::EmailInvalidInternationalDomain)?
    };

    let labels_are_hostnames = ascii_domain.split('.').all(is_hostname_label);
    if ascii_domain.len() > MAX_DOMAIN_BYTES || !labels_are_hostnames {
        return Err(Problem::EmailInvalidDomain);
    }
    Ok(ascii_domain)
}

fn is_hostname_label(label: &str) -> bool {
    let has_valid_length = !label.is_empty() && label.len() <= MAX_LABEL_BYTES;
    let has_valid_characters = label.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-');
    has_valid_length && has_valid_characters && !label.starts_with('-') && !label.ends_with('-')
}

impl PartialEq for Email {
    fn eq(&self, other: &Email) -> bool {
        self.comparison_key() == other.comparison_key()
    }
}

impl Eq for Email {}

impl Hash for Email {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.comparison_key().hash(state);
    }
}

impl fmt::Display for Email {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(raw: &str) -> Vec<Problem> {
        match Email::parse(raw) {
            Ok(email) => panic!("{raw:?} was accepted as {email}"),
            Err(errors) => errors.into_iter().map(|error| error.problem).collect(),
        }
    }

    #[test]
    fn accepted_addresses() {
        let cases = [
            ("anna.example+news@example.com", "anna.example+news@example.com"),
            ("minnie@mouse.com", "minnie@mouse.com"),
            ("  Anna@Example.COM ", "Anna@Example.COM"),
            ("a@localhost", "a@localhost"),
            ("o'brien@example.ie", "o'brien@example.ie"),
            ("user@xn--bcher-kva.example", "user@xn--bcher-kva.example"),
            ("user@bücher.example", "user@xn--bcher-kva.example"),
            ("jürgen@example.de", "jürgen@example.de"),
            ("a-b_c@sub.do-main.example", "a-b_c@sub.do-main.example"),
        ];
        for (raw, expected) in cases {
            let email = Email::parse(raw).unwrap_or_else(|error| panic!("{raw:?}: {error}"));
            assert_eq!(email.as_str(), expected, "{raw:?}");
        }
    }

    #[test]
    fn rejected_addresses() {
        let long_local = format!("{}@example.com", "a".repeat(65));
        let long_label = format!("anna@{}.com", "a".repeat(64));
        let cases: Vec<(&str, Problem)> = vec![
            ("", Problem::Empty),
            ("Anna <anna@example.com>", Problem::EmailDisplayName),
            ("<anna@example.com>", Problem::EmailDisplayName),
            ("anna@example.com, bob@example.com", Problem::EmailMultipleAddresses),
            ("anna@example.com; bob@example.com", Problem::EmailMultipleAddresses),
            ("anna@example.com bob@example.com", Problem::EmailMultipleAddresses),
            ("anna.example.com", Problem::EmailMissingAt),
            ("@example.com", Problem::EmailInvalidLocalPart),
            ("an na@example.com", Problem::EmailInvalidLocalPart),
            ("\"anna\"@example.com", Problem::EmailInvalidLocalPart),
            ("anna@bob@example.com", Problem::EmailInvalidLocalPart),
            (".anna@example.com", Problem::EmailDotPlacement),
            ("anna.@example.com", Problem::EmailDotPlacement),
            ("an..na@example.com", Problem::EmailDotPlacement),
            ("anna@.example.com", Problem::EmailDotPlacement),
            ("anna@example.com.", Problem::EmailDotPlacement),
            ("anna@example..com", Problem::EmailDotPlacement),
            ("anna@", Problem::EmailInvalidDomain),
            ("anna@[192.0.2.1]", Problem::EmailInvalidDomain),
            ("anna@-example.com", Problem::EmailInvalidDomain),
            ("anna@example-.com", Problem::EmailInvalidDomain),
            ("anna@exa_mple.com", Problem::EmailInvalidDomain),
            (&long_label, Problem::EmailInvalidDomain),
            ("anna@exa mple.com", Problem::EmailInvalidDomain),
            (&long_local, Problem::EmailLocalPartTooLong { max: 64 }),
            (
                "anna@a\u{200B}b.com",
                Problem::ForbiddenCharacter { character: '\u{200B}' },
            ),
        ];
        for (raw, expected) in cases {
            assert!(problems(raw).contains(&expected), "{raw:?}: {:?}", problems(raw));
        }
    }

    #[test]
    fn invalid_international_domain_is_reported() {
        assert_eq!(
            problems("anna@exa\u{0301}\u{FFFF}mple.com")[0],
            Problem::EmailInvalidInternationalDomain
        );
        assert_eq!(problems("anna@☃️-.com")[0], Problem::EmailInvalidInternationalDomain);
    }

    #[test]
    fn local_part_limit_counts_bytes() {
        let thirty_two_umlauts = "ä".repeat(32);
        assert!(Email::parse(&format!("{thirty_two_umlauts}@example.com")).is_ok());
        let thirty_three_umlauts = "ä".repeat(33);
        let problems = problems(&format!("{thirty_three_umlauts}@example.com"));
        assert_eq!(problems, vec![Problem::EmailLocalPartTooLong { max: 64 }]);
    }

    #[test]
    fn whole_address_limit_counts_code_points() {
        let domain = format!("{}.{}.{}.com", "b".repeat(60), "c".repeat(60), "d".repeat(60));
        let address = format!("{}@{domain}", "a".repeat(13));
        assert_eq!(address.chars().count(), 200);
        assert!(Email::parse(&address).is_ok());
        let problems = problems(&format!("a{address}"));
        assert_eq!(
            problems,
            vec![Problem::TooLong {
                max: 200,
                unit: LengthUnit::CodePoints
            }]
        );
    }

    #[test]
    fn equality_ignores_case_and_keeps_spelling() {
        let mixed = Email::parse("Anna@Example.com").unwrap();
        let lower = Email::parse("anna@example.com").unwrap();
        assert_eq!(mixed, lower);
        assert_eq!(mixed.as_str(), "Anna@Example.com");
        assert_eq!(mixed.local_part(), "Anna");
        assert_eq!(mixed.domain(), "Example.com");
    }
}
