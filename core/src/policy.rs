//! The password complexity check, with the same verdict as ZITADEL for every string.
//!
//! ZITADEL (`internal/domain/policy_password_complexity.go`) counts the length in UTF-8
//! bytes and tests the classes with the ASCII-only patterns `[a-z]`, `[A-Z]`, `[0-9]` and
//! `[^A-Za-z0-9]`. So `ä` counts as two bytes and as a symbol, never as a lowercase letter.

use std::fmt;

use crate::wire::PasswordComplexityPolicy;

/// One rule of a password complexity policy, in the order ZITADEL checks them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Requirement {
    /// At least `min_length` UTF-8 bytes.
    MinLength,
    /// At least one ASCII lowercase letter.
    Lowercase,
    /// At least one ASCII uppercase letter.
    Uppercase,
    /// At least one ASCII digit.
    Number,
    /// At least one character that is not an ASCII letter or digit.
    Symbol,
}

impl Requirement {
    pub const ALL: [Requirement; 5] = [
        Requirement::MinLength,
        Requirement::Lowercase,
        Requirement::Uppercase,
        Requirement::Number,
        Requirement::Symbol,
    ];

    /// Returns the error id that ImportHumanUser uses when this rule is not met.
    pub fn import_error_id(self) -> &'static str {
        match self {
            Requirement::MinLength => "DOMAIN-HuJf6",
            Requirement::Lowercase => "DOMAIN-co3Xw",
            Requirement::Uppercase => "DOMAIN-VoaRj",
            Requirement::Number => "DOMAIN-ZBv4H",
            Requirement::Symbol => "DOMAIN-ZDLwA",
        }
    }

    /// Returns the error id that AddHumanUser (v1 and v2) uses when this rule is not met.
    pub fn add_human_error_id(self) -> &'static str {
        match self {
            Requirement::MinLength => "COMMA-HuJf6",
            Requirement::Lowercase => "COMMA-co3Xw",
            Requirement::Uppercase => "COMMA-VoaRj",
            Requirement::Number => "COMMA-ZBv4H",
            Requirement::Symbol => "COMMA-ZDLwA",
        }
    }

    /// Returns the English text of ZITADEL's message key for this rule.
    pub fn zitadel_message(self) -> &'static str {
        match self {
            Requirement::MinLength => "Password is too short",
            Requirement::Lowercase => "Password must contain lower case",
            Requirement::Uppercase => "Password must contain upper case",
            Requirement::Number => "Password must contain number",
            Requirement::Symbol => "Password must contain symbol",
        }
    }

    /// Finds the rule behind a `DOMAIN-*` or `COMMA-*` error id.
    pub fn from_error_id(id: &str) -> Option<Requirement> {
        Requirement::ALL
            .into_iter()
            .find(|requirement| requirement.import_error_id() == id || requirement.add_human_error_id() == id)
    }

    fn is_met_by(self, password: &str, min_length: u64) -> bool {
        match self {
            Requirement::MinLength => password.len() as u64 >= min_length,
            Requirement::Lowercase => password.bytes().any(|byte| byte.is_ascii_lowercase()),
            Requirement::Uppercase => password.bytes().any(|byte| byte.is_ascii_uppercase()),
            Requirement::Number => password.bytes().any(|byte| byte.is_ascii_digit()),
            Requirement::Symbol => password.chars().any(|character| !character.is_ascii_alphanumeric()),
        }
    }
}

impl fmt::Display for Requirement {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Requirement::MinLength => "is shorter than the policy's minimum length",
            Requirement::Lowercase => "needs a lowercase letter a-z",
            Requirement::Uppercase => "needs an uppercase letter A-Z",
            Requirement::Number => "needs a digit 0-9",
            Requirement::Symbol => "needs a symbol, a space or a letter outside A-Z",
        };
        formatter.write_str(text)
    }
}

/// The rules of an organization's password complexity policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// The minimum length in UTF-8 bytes; 0 disables the rule.
    pub min_length: u64,
    pub has_lowercase: bool,
    pub has_uppercase: bool,
    pub has_number: bool,
    pub has_symbol: bool,
}

/// The largest `minLength` ZITADEL accepts for a policy (`MODEL-Lsp0e`).
pub const MAX_POLICY_MIN_LENGTH: u64 = 72;

impl PasswordPolicy {
    /// ZITADEL's instance default: 8 bytes and all four classes.
    pub const ZITADEL_DEFAULT: PasswordPolicy = PasswordPolicy {
        min_length: 8,
        has_lowercase: true,
        has_uppercase: true,
        has_number: true,
        has_symbol: true,
    };

    pub fn from_wire(policy: &PasswordComplexityPolicy) -> PasswordPolicy {
        PasswordPolicy {
            min_length: policy.min_length,
            has_lowercase: policy.has_lowercase,
            has_uppercase: policy.has_uppercase,
            has_number: policy.has_number,
            has_symbol: policy.has_symbol,
        }
    }

    /// Returns the enabled rules, in ZITADEL's order.
    pub fn requirements(&self) -> Vec<Requirement> {
        Requirement::ALL
            .into_iter()
            .filter(|requirement| match requirement {
                Requirement::MinLength => self.min_length > 0,
                Requirement::Lowercase => self.has_lowercase,
                Requirement::Uppercase => self.has_uppercase,
                Requirement::Number => self.has_number,
                Requirement::Symbol => self.has_symbol,
            })
            .collect()
    }

    /// Checks `password` against every enabled rule.
    pub fn check(&self, password: &str) -> PolicyReport {
        let statuses = self
            .requirements()
            .into_iter()
            .map(|requirement| RequirementStatus {
                requirement,
                met: requirement.is_met_by(password, self.min_length),
            })
            .collect();
        PolicyReport { statuses }
    }
}

impl Default for PasswordPolicy {
    fn default() -> PasswordPolicy {
        PasswordPolicy::ZITADEL_DEFAULT
    }
}

/// Whether one rule is met.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequirementStatus {
    pub requirement: Requirement,
    pub met: bool,
}

/// The outcome of checking a password: one status per enabled rule, in ZITADEL's order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyReport {
    statuses: Vec<RequirementStatus>,
}

impl PolicyReport {
    pub fn statuses(&self) -> &[RequirementStatus] {
        &self.statuses
    }

    pub fn is_satisfied(&self) -> bool {
        self.statuses.iter().all(|status| status.met)
    }

    /// Returns the rule ZITADEL would report: the first unmet one in its order.
    pub fn first_unmet(&self) -> Option<Requirement> {
        self.unmet().next()
    }

    pub fn unmet(&self) -> impl Iterator<Item = Requirement> + '_ {
        self.statuses
            .iter()
            .filter(|status| !status.met)
            .map(|status| status.requirement)
    }

    pub fn is_met(&self, requirement: Requirement) -> Option<bool> {
        self.statuses
            .iter()
            .find(|status| status.requirement == requirement)
            .map(|status| status.met)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT: PasswordPolicy = PasswordPolicy::ZITADEL_DEFAULT;

    #[test]
    fn default_policy_verdicts() {
        let cases: [(&str, Option<Requirement>); 10] = [
            ("Secr3tP4ssw0rd!", None),
            ("Öffnen-sesam1", Some(Requirement::Uppercase)),
            ("correct horse 1", Some(Requirement::Uppercase)),
            ("Sh0rt!", Some(Requirement::MinLength)),
            ("ALLUPPER1!", Some(Requirement::Lowercase)),
            ("NoDigitsHere!", Some(Requirement::Number)),
            ("NoSymbols123", Some(Requirement::Symbol)),
            ("Ab1 defgh", None),
            ("Ab1äefgh", None),
            ("", Some(Requirement::MinLength)),
        ];
        for (password, expected) in cases {
            assert_eq!(DEFAULT.check(password).first_unmet(), expected, "{password:?}");
        }
    }

    #[test]
    fn oeffnen_sesam_fails_only_uppercase() {
        let report = DEFAULT.check("Öffnen-sesam1");
        assert_eq!(report.unmet().collect::<Vec<_>>(), vec![Requirement::Uppercase]);
    }

    #[test]
    fn space_counts_as_symbol() {
        let report = DEFAULT.check("correct horse 1");
        assert_eq!(report.is_met(Requirement::Symbol), Some(true));
        assert_eq!(report.is_met(Requirement::Lowercase), Some(true));
        assert_eq!(report.is_met(Requirement::Number), Some(true));
    }

    #[test]
    fn length_counts_utf8_bytes() {
        let policy = PasswordPolicy {
            min_length: 4,
            has_lowercase: false,
            has_uppercase: false,
            has_number: false,
            has_symbol: false,
        };
        assert_eq!(policy.check("ää").is_met(Requirement::MinLength), Some(true));
        assert_eq!(policy.check("äa").is_met(Requirement::MinLength), Some(false));
        assert_eq!(policy.check("😀").is_met(Requirement::MinLength), Some(true));
    }

    #[test]
    fn classes_are_ascii_only() {
        let report = DEFAULT.check("ÄÖÜäöü١٢٣");
        assert_eq!(report.is_met(Requirement::Lowercase), Some(false));
        assert_eq!(report.is_met(Requirement::Uppercase), Some(false));
        assert_eq!(report.is_met(Requirement::Number), Some(false));
        assert_eq!(report.is_met(Requirement::Symbol), Some(true));
    }

    #[test]
    fn disabled_rules_are_not_reported() {
        let policy = PasswordPolicy {
            min_length: 0,
            has_lowercase: true,
            has_uppercase: false,
            has_number: false,
            has_symbol: true,
        };
        assert_eq!(policy.requirements(), vec![Requirement::Lowercase, Requirement::Symbol]);
        let report = policy.check("abc");
        assert_eq!(report.statuses().len(), 2);
        assert_eq!(report.is_met(Requirement::Uppercase), None);
        assert_eq!(report.first_unmet(), Some(Requirement::Symbol));
    }

    #[test]
    fn error_ids_map_both_ways() {
        for requirement in Requirement::ALL {
            assert_eq!(
                Requirement::from_error_id(requirement.import_error_id()),
                Some(requirement)
            );
            assert_eq!(
                Requirement::from_error_id(requirement.add_human_error_id()),
                Some(requirement)
            );
        }
        assert_eq!(Requirement::from_error_id("DOMAIN-xxxxx"), None);
    }

    /// Restates ZITADEL's Go checks literally, as the reference for the property test.
    fn zitadel_reference(policy: &PasswordPolicy, password: &str) -> Option<Requirement> {
        if policy.min_length != 0 && (password.len() as u64) < policy.min_length {
            return Some(Requirement::MinLength);
        }
        if policy.has_lowercase && !password.chars().any(|c| c.is_ascii_lowercase()) {
            return Some(Requirement::Lowercase);
        }
        if policy.has_uppercase && !password.chars().any(|c| c.is_ascii_uppercase()) {
            return Some(Requirement::Uppercase);
        }
        if policy.has_number && !password.chars().any(|c| c.is_ascii_digit()) {
            return Some(Requirement::Number);
        }
        if policy.has_symbol && !password.chars().any(|c| !c.is_ascii_alphanumeric()) {
            return Some(Requirement::Symbol);
        }
        None
    }

    proptest::proptest! {
        #[test]
        fn verdict_matches_reference(
            password in "\\PC{0,24}",
            min_length in 0u64..=20,
            has_lowercase: bool,
            has_uppercase: bool,
            has_number: bool,
            has_symbol: bool,
        ) {
            let policy = PasswordPolicy { min_length, has_lowercase, has_uppercase, has_number, has_symbol };
            proptest::prop_assert_eq!(policy.check(&password).first_unmet(), zitadel_reference(&policy, &password));
        }
    }
}
