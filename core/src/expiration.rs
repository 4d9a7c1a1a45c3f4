//! When a passkey registration link expires.
//!
//! ZITADEL sends the code's lifetime as a Duration (`"3600s"`), not as a moment. The
//! moment follows from when the response arrived, which the caller measures: this crate
//! reads no clock.

use std::time::Duration;

use crate::wire::{PasswordlessRegistration, ProtoDuration};

/// The moment a registration link stops working, in milliseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LinkExpiry {
    expires_at_unix_ms: u64,
}

impl LinkExpiry {
    /// Computes the expiry from the arrival time and the lifetime.
    pub fn after(received_at_unix_ms: u64, lifetime: Duration) -> LinkExpiry {
        let lifetime_ms = u64::try_from(lifetime.as_millis()).unwrap_or(u64::MAX);
        LinkExpiry {
            expires_at_unix_ms: received_at_unix_ms.saturating_add(lifetime_ms),
        }
    }

    /// Computes the expiry of an ImportHumanUser registration. It prefers `expiration` and
    /// falls back to the deprecated `lifetime`; with neither, the expiry is unknown.
    pub fn from_registration(received_at_unix_ms: u64, registration: &PasswordlessRegistration) -> Option<LinkExpiry> {
        LinkExpiry::from_durations(received_at_unix_ms, registration.expiration, registration.lifetime)
    }

    /// Computes the expiry from an `expiration` and a `lifetime`, either of which may be
    /// zero because ZITADEL leaves zero values out.
    pub fn from_durations(
        received_at_unix_ms: u64,
        expiration: ProtoDuration,
        lifetime: ProtoDuration,
    ) -> Option<LinkExpiry> {
        let duration = if expiration.is_zero() { lifetime } else { expiration };
        if duration.is_zero() {
            return None;
        }
        Some(LinkExpiry::after(received_at_unix_ms, duration.as_duration()))
    }

    pub fn expires_at_unix_ms(&self) -> u64 {
        self.expires_at_unix_ms
    }

    /// Returns the time left at `now_unix_ms`, zero once expired.
    pub fn remaining(&self, now_unix_ms: u64) -> Duration {
        Duration::from_millis(self.expires_at_unix_ms.saturating_sub(now_unix_ms))
    }

    pub fn is_expired(&self, now_unix_ms: u64) -> bool {
        now_unix_ms >= self.expires_at_unix_ms
    }
}

/// Formats the time left as `h:mm:ss` or `m:ss`, rounding up to the next whole second so
/// that `0:00` appears only once the link has expired.
pub fn countdown_text(remaining: Duration) -> String {
    let total_seconds = remaining.as_secs() + u64::from(remaining.subsec_nanos() > 0);
    let hours = total_seconds / 3600;
    let minutes = (total_seconds % 3600) / 60;
    let seconds = total_seconds % 60;
    if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}")
    } else {
        format!("{minutes}:{seconds:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECEIVED_AT: u64 = 1_777_889_472_000;

    #[test]
    fn expiry_prefers_expiration_over_lifetime() {
        let cases = [
            ("3600s", "60s", Some(RECEIVED_AT + 3_600_000)),
            ("0s", "60s", Some(RECEIVED_AT + 60_000)),
            ("0.5s", "0s", Some(RECEIVED_AT + 500)),
            ("0s", "0s", None),
        ];
        for (expiration, lifetime, expected) in cases {
            let registration = PasswordlessRegistration {
                link: String::new(),
                expiration: expiration.parse().unwrap(),
                lifetime: lifetime.parse().unwrap(),
            };
            let expiry = LinkExpiry::from_registration(RECEIVED_AT, &registration);
            assert_eq!(
                expiry.map(|expiry| expiry.expires_at_unix_ms()),
                expected,
                "{expiration} {lifetime}"
            );
        }
    }

    #[test]
    fn remaining_time_counts_down_to_zero() {
        let expiry = LinkExpiry::after(RECEIVED_AT, Duration::from_secs(2));
        assert_eq!(expiry.remaining(RECEIVED_AT), Duration::from_secs(2));
        assert_eq!(expiry.remaining(RECEIVED_AT + 1_500), Duration::from_millis(500));
        assert!(!expiry.is_expired(RECEIVED_AT + 1_999));
        assert!(expiry.is_expired(RECEIVED_AT + 2_000));
        assert_eq!(expiry.remaining(RECEIVED_AT + 5_000), Duration::ZERO);
    }

    #[test]
    fn huge_lifetime_saturates() {
        let expiry = LinkExpiry::after(u64::MAX - 5, Duration::from_secs(10));
        assert_eq!(expiry.expires_at_unix_ms(), u64::MAX);
    }

    #[test]
    fn countdown_formats() {
        let cases = [
            (Duration::from_secs(3600), "1:00:00"),
            (Duration::from_secs(3599), "59:59"),
            (Duration::from_millis(59_001), "1:00"),
            (Duration::from_secs(5), "0:05"),
            (Duration::from_millis(1), "0:01"),
            (Duration::ZERO, "0:00"),
        ];
        for (remaining, expected) in cases {
            assert_eq!(countdown_text(remaining), expected, "{remaining:?}");
        }
    }
}
