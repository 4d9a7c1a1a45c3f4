//! GetPasswordComplexityPolicy (`GET /management/v1/policies/password/complexity`).

use serde::{Deserialize, Serialize};

use super::ObjectDetails;

/// The response of GetPasswordComplexityPolicy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct GetPasswordComplexityPolicyResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<PasswordComplexityPolicy>,
    /// Deprecated in ZITADEL in favour of `policy.isDefault`.
    #[serde(skip_serializing_if = "super::is_false", alias = "is_default")]
    pub is_default: bool,
}

/// `zitadel.policy.v1.PasswordComplexityPolicy`. `minLength` counts UTF-8 bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PasswordComplexityPolicy {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<ObjectDetails>,
    #[serde(with = "super::uint64", skip_serializing_if = "super::is_zero", alias = "min_length")]
    pub min_length: u64,
    #[serde(skip_serializing_if = "super::is_false", alias = "has_uppercase")]
    pub has_uppercase: bool,
    #[serde(skip_serializing_if = "super::is_false", alias = "has_lowercase")]
    pub has_lowercase: bool,
    #[serde(skip_serializing_if = "super::is_false", alias = "has_number")]
    pub has_number: bool,
    #[serde(skip_serializing_if = "super::is_false", alias = "has_symbol")]
    pub has_symbol: bool,
    #[serde(skip_serializing_if = "super::is_false", alias = "is_default")]
    pub is_default: bool,
}
