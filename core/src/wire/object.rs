//! `zitadel.v1.ObjectDetails`, attached to most responses.

use serde::{Deserialize, Serialize};

/// When and where a change happened. Timestamps stay RFC 3339 strings, since the kit only
/// shows or forwards them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ObjectDetails {
    #[serde(with = "super::uint64", skip_serializing_if = "super::is_zero")]
    pub sequence: u64,
    #[serde(skip_serializing_if = "Option::is_none", alias = "creation_date")]
    pub creation_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", alias = "change_date")]
    pub change_date: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty", alias = "resource_owner")]
    pub resource_owner: String,
}
