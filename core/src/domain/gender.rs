//! The gender of a user, as ZITADEL's `zitadel.user.v1.Gender` enum.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::field::{Field, FieldError, Problem, ValidationErrors};

/// One of ZITADEL's four gender values. It serializes as the enum name and, as protojson
/// does, deserializes from the name or the number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Gender {
    #[default]
    Unspecified,
    Female,
    Male,
    Diverse,
}

impl Gender {
    pub const ALL: [Gender; 4] = [Gender::Unspecified, Gender::Female, Gender::Male, Gender::Diverse];

    /// Returns the protobuf enum name, such as `GENDER_FEMALE`.
    pub fn proto_name(self) -> &'static str {
        match self {
            Gender::Unspecified => "GENDER_UNSPECIFIED",
            Gender::Female => "GENDER_FEMALE",
            Gender::Male => "GENDER_MALE",
            Gender::Diverse => "GENDER_DIVERSE",
        }
    }

    /// Returns the protobuf enum number.
    pub fn number(self) -> i32 {
        match self {
            Gender::Unspecified => 0,
            Gender::Female => 1,
            Gender::Male => 2,
            Gender::Diverse => 3,
        }
    }

    /// Parses the enum name (exact spelling) or number.
    pub fn parse(raw: &str) -> Result<Gender, ValidationErrors> {
        let by_name = Gender::ALL.into_iter().find(|gender| gender.proto_name() == raw);
        let by_number = raw.parse::<i32>().ok().and_then(Gender::from_number);
        by_name
            .or(by_number)
            .ok_or_else(|| FieldError::new(Field::Gender, Problem::UnknownGender).into())
    }

    pub fn from_number(number: i32) -> Option<Gender> {
        Gender::ALL.into_iter().find(|gender| gender.number() == number)
    }

    pub fn is_unspecified(&self) -> bool {
        *self == Gender::Unspecified
    }
}

impl fmt::Display for Gender {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.proto_name())
    }
}

impl Serialize for Gender {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.proto_name())
    }
}

impl<'de> Deserialize<'de> for Gender {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Gender, D::Error> {
        struct GenderVisitor;

        impl Visitor<'_> for GenderVisitor {
            type Value = Gender;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a zitadel.user.v1.Gender name or number")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Gender, E> {
                Gender::ALL
                    .into_iter()
                    .find(|gender| gender.proto_name() == value)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(value), &self))
            }

            fn visit_i64<E: de::Error>(self, value: i64) -> Result<Gender, E> {
                i32::try_from(value)
                    .ok()
                    .and_then(Gender::from_number)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Signed(value), &self))
            }

            fn visit_u64<E: de::Error>(self, value: u64) -> Result<Gender, E> {
                i32::try_from(value)
                    .ok()
                    .and_then(Gender::from_number)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(value), &self))
            }
        }

        deserializer.deserialize_any(GenderVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers_round_trip() {
        let cases = [
            (Gender::Unspecified, "GENDER_UNSPECIFIED", 0),
            (Gender::Female, "GENDER_FEMALE", 1),
            (Gender::Male, "GENDER_MALE", 2),
            (Gender::Diverse, "GENDER_DIVERSE", 3),
        ];
        for (gender, name, number) in cases {
            assert_eq!(serde_json::to_string(&gender).unwrap(), format!("\"{name}\""));
            assert_eq!(serde_json::from_str::<Gender>(&format!("\"{name}\"")).unwrap(), gender);
            assert_eq!(serde_json::from_str::<Gender>(&number.to_string()).unwrap(), gender);
            assert_eq!(Gender::parse(name).unwrap(), gender);
            assert_eq!(Gender::parse(&number.to_string()).unwrap(), gender);
        }
    }

    #[test]
    fn unknown_values_are_rejected() {
        for raw in ["GENDER_DIVERS", "gender_female", "female", "4", "-1", ""] {
            assert!(Gender::parse(raw).is_err(), "{raw:?}");
        }
        assert!(serde_json::from_str::<Gender>("\"GENDER_DIVERS\"").is_err());
        assert!(serde_json::from_str::<Gender>("7").is_err());
    }
}
