//! `google.protobuf.Duration` in its JSON form: seconds with an optional fraction and an
//! `s` suffix, such as `"3600s"` or `"0.5s"`.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The largest number of seconds a protobuf Duration may hold.
const MAX_SECONDS: u64 = 315_576_000_000;

/// A non-negative protobuf Duration. ZITADEL never sends a negative one for a lifetime,
/// so a negative value is rejected rather than read as zero.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProtoDuration(pub Duration);

/// Why a Duration string could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid duration {input:?}: {reason}; expected seconds with an `s` suffix, like \"3600s\"")]
pub struct DurationParseError {
    input: String,
    reason: &'static str,
}

impl ProtoDuration {
    pub fn from_secs(seconds: u64) -> ProtoDuration {
        ProtoDuration(Duration::from_secs(seconds))
    }

    pub fn as_duration(self) -> Duration {
        self.0
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }
}

impl FromStr for ProtoDuration {
    type Err = DurationParseError;

    fn from_str(input: &str) -> Result<ProtoDuration, DurationParseError> {
        let fail = |reason| DurationParseError {
            input: input.to_owned(),
            reason,
        };
        let number = input.strip_suffix('s').ok_or_else(|| fail("missing `s` suffix"))?;
        if number.starts_with('-') {
            return Err(fail("negative"));
        }
        let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
        let is_decimal = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
        if whole.is_empty()
            || !is_decimal(whole)
            || !is_decimal(fraction)
            || (number.contains('.') && fraction.is_empty())
        {
            return Err(fail("not a decimal number"));
        }
        if fraction.len() > 9 {
            return Err(fail("more than nine fractional digits"));
        }
        let seconds: u64 = whole.parse().map_err(|_| fail("too large"))?;
        if seconds > MAX_SECONDS {
            return Err(fail("too large"));
        }
        let nanos: u32 = if fraction.is_empty() {
            0
        } else {
            format!("{fraction:0<9}")
                .parse()
                .map_err(|_| fail("not a decimal number"))?
        };
        Ok(ProtoDuration(Duration::new(seconds, nanos)))
    }
}

impl fmt::Display for ProtoDuration {
    /// Writes 0, 3, 6 or 9 fractional digits, as protojson does.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seconds = self.0.as_secs();
        let nanos = self.0.subsec_nanos();
        if nanos == 0 {
            write!(formatter, "{seconds}s")
        } else if nanos.is_multiple_of(1_000_000) {
            write!(formatter, "{seconds}.{:03}s", nanos / 1_000_000)
        } else if nanos.is_multiple_of(1_000) {
            write!(formatter, "{seconds}.{:06}s", nanos / 1_000)
        } else {
            write!(formatter, "{seconds}.{nanos:09}s")
        }
    }
}

impl Serialize for ProtoDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ProtoDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ProtoDuration, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_valid_durations() {
        let cases = [
            ("3600s", Duration::from_secs(3600)),
            ("0.5s", Duration::from_millis(500)),
            ("0s", Duration::ZERO),
            ("1.000340012s", Duration::new(1, 340_012)),
            ("2.100s", Duration::from_millis(2100)),
        ];
        for (input, expected) in cases {
            assert_eq!(input.parse::<ProtoDuration>().unwrap().0, expected, "{input}");
        }
    }

    #[test]
    fn rejects_invalid_durations() {
        for input in [
            "3600",
            "",
            "s",
            "-1s",
            "1.s",
            ".5s",
            "1.0000000001s",
            "1h",
            "1e3s",
            " 1s",
            "315576000001s",
        ] {
            assert!(input.parse::<ProtoDuration>().is_err(), "{input:?}");
        }
    }

    #[test]
    fn writes_protojson_form() {
        let cases = [
            (Duration::from_secs(3600), "3600s"),
            (Duration::from_millis(500), "0.500s"),
            (Duration::from_micros(1_500_001), "1.500001s"),
            (Duration::new(1, 340_012), "1.000340012s"),
        ];
        for (duration, expected) in cases {
            assert_eq!(ProtoDuration(duration).to_string(), expected);
            assert_eq!(expected.parse::<ProtoDuration>().unwrap().0, duration);
        }
    }
}
