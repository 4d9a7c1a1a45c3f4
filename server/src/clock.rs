//! The wall clock, replaceable in tests so that expiry can be checked without waiting.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The source of the current time for code expiry, tickets and timestamps.
#[derive(Clone, Debug, Default)]
pub enum Clock {
    /// The system clock.
    #[default]
    System,
    /// A clock that moves only when [`Clock::advance`] is called.
    Manual(Arc<Mutex<SystemTime>>),
}

impl Clock {
    /// Returns a manual clock that starts at the current system time.
    pub fn manual() -> Clock {
        Clock::Manual(Arc::new(Mutex::new(SystemTime::now())))
    }

    pub fn now(&self) -> SystemTime {
        match self {
            Clock::System => SystemTime::now(),
            Clock::Manual(time) => *time.lock().unwrap_or_else(|poisoned| poisoned.into_inner()),
        }
    }

    /// Moves a manual clock forward. The system clock ignores this.
    pub fn advance(&self, duration: Duration) {
        if let Clock::Manual(time) = self {
            let mut time = time.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            *time += duration;
        }
    }

    /// Returns the whole seconds since the Unix epoch.
    pub fn unix_seconds(&self) -> u64 {
        unix_seconds(self.now())
    }
}

/// Returns the whole seconds between the Unix epoch and `time`, or 0 before it.
pub fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_secs())
}

/// Formats `time` as RFC 3339 in UTC to the microsecond, as protojson writes a Timestamp.
pub fn rfc3339(time: SystemTime) -> String {
    // Canonical proto3 JSON writes 0, 3 or 6 fractional digits, as few as the value
    // needs, so a time on a whole millisecond must not get six.
    let micros = time.duration_since(UNIX_EPOCH).map_or(0, |since| since.subsec_micros());
    if micros == 0 {
        humantime::format_rfc3339_seconds(time).to_string()
    } else if micros.is_multiple_of(1000) {
        humantime::format_rfc3339_millis(time).to_string()
    } else {
        humantime::format_rfc3339_micros(time).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_advanced() {
        let clock = Clock::manual();
        let start = clock.now();
        assert_eq!(clock.now(), start);
        clock.advance(Duration::from_secs(90));
        assert_eq!(clock.now(), start + Duration::from_secs(90));
    }

    #[test]
    fn rfc3339_has_microseconds_and_utc() {
        let time = UNIX_EPOCH + Duration::from_micros(1_777_889_472_345_678);
        assert_eq!(rfc3339(time), "2026-05-04T10:11:12.345678Z");
        assert_eq!(unix_seconds(time), 1_777_889_472);
    }

    #[test]
    fn rfc3339_uses_canonical_digits() {
        let cases = [
            (1_777_889_472_000_000, "2026-05-04T10:11:12Z"),
            (1_777_889_472_489_000, "2026-05-04T10:11:12.489Z"),
            (1_777_889_472_480_000, "2026-05-04T10:11:12.480Z"),
            (1_777_889_472_000_001, "2026-05-04T10:11:12.000001Z"),
        ];
        for (micros, expected) in cases {
            assert_eq!(rfc3339(UNIX_EPOCH + Duration::from_micros(micros)), expected);
        }
    }
}
