//! Registration tickets: proof that this gateway created a user a short time ago.
//!
//! Emailing a passkey link (`_send_link`) is allowed only for a user the same browser just
//! created, so that no one can send mails to arbitrary user ids. The gateway returns a ticket
//! with every created user, and checks it on `_send_link`.
//!
//! A ticket is `base64url(payload) "." base64url(HMAC-SHA256(key, context || payload))`,
//! where the payload is `<expiry in Unix seconds>:<user id>`. Replicas must share the key
//! to accept each other's tickets.

use std::fmt;
use std::path::Path;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::clock::Clock;
use crate::error::StartError;
use crate::secret::SecretFileError;

/// How long a ticket is valid after the user was created.
pub const TICKET_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// The shortest key accepted, in bytes.
pub const MIN_KEY_BYTES: usize = 32;

/// Bound into every signature, so that a MAC made with the same key for another purpose
/// is never a valid ticket.
const SIGNATURE_CONTEXT: &[u8] = b"register-kit registration ticket v1\n";

type HmacSha256 = Hmac<Sha256>;

/// The key that signs tickets. `Debug` hides it.
#[derive(Clone)]
pub struct TicketKey(Vec<u8>);

impl TicketKey {
    /// Generates a random 32-byte key.
    pub fn generate() -> TicketKey {
        let mut key = vec![0_u8; MIN_KEY_BYTES];
        rand::rng().fill_bytes(&mut key);
        TicketKey(key)
    }

    /// Reads a key file, without the white space around the key, such as the output of
    /// `openssl rand -hex 32`.
    pub fn read_file(path: &Path) -> Result<TicketKey, StartError> {
        let content = std::fs::read(path).map_err(|source| SecretFileError::Unreadable {
            path: path.to_owned(),
            source,
        })?;
        let key = content.trim_ascii();
        if key.len() < MIN_KEY_BYTES {
            return Err(StartError::TicketKeyTooShort {
                path: path.to_owned(),
                length: key.len(),
                minimum: MIN_KEY_BYTES,
            });
        }
        Ok(TicketKey(key.to_vec()))
    }

    fn mac(&self) -> HmacSha256 {
        HmacSha256::new_from_slice(&self.0).expect("HMAC accepts keys of any length")
    }
}

impl fmt::Debug for TicketKey {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("TicketKey([redacted])")
    }
}

/// The reason a ticket was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TicketError {
    /// The request has no ticket header.
    #[error("no ticket in the request")]
    Missing,
    /// The ticket is not two base64url parts with a readable payload.
    #[error("ticket is malformed")]
    Malformed,
    /// The signature does not match: another key, or a changed payload.
    #[error("ticket signature does not match")]
    BadSignature,
    /// The ticket's lifetime is over.
    #[error("ticket expired")]
    Expired,
    /// The ticket is valid, but for another user.
    #[error("ticket belongs to another user")]
    OtherUser,
}

/// Issues and checks tickets.
#[derive(Clone, Debug)]
pub struct Tickets {
    key: TicketKey,
    lifetime: Duration,
    clock: Clock,
}

impl Tickets {
    pub fn new(key: TicketKey, clock: Clock) -> Tickets {
        Tickets {
            key,
            lifetime: TICKET_LIFETIME,
            clock,
        }
    }

    /// Issues a ticket for `user_id`, valid for [`TICKET_LIFETIME`].
    pub fn issue(&self, user_id: &str) -> String {
        let expires_at = self.clock.unix_seconds() + self.lifetime.as_secs();
        let payload = format!("{expires_at}:{user_id}");
        let mut mac = self.key.mac();
        mac.update(SIGNATURE_CONTEXT);
        mac.update(payload.as_bytes());
        let signature = mac.finalize().into_bytes();
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(payload),
            URL_SAFE_NO_PAD.encode(signature)
        )
    }

    /// Checks that `ticket` was issued by this key for `user_id` and has not expired. The
    /// signature is compared in constant time.
    pub fn verify(&self, ticket: &str, user_id: &str) -> Result<(), TicketError> {
        let (encoded_payload, encoded_signature) = ticket.trim().split_once('.').ok_or(TicketError::Malformed)?;
        let payload = URL_SAFE_NO_PAD
            .decode(encoded_payload)
            .map_err(|_| TicketError::Malformed)?;
        let signature = URL_SAFE_NO_PAD
            .decode(encoded_signature)
            .map_err(|_| TicketError::Malformed)?;

        let mut mac = self.key.mac();
        mac.update(SIGNATURE_CONTEXT);
        mac.update(&payload);
        mac.verify_slice(&signature).map_err(|_| TicketError::BadSignature)?;

        let payload = String::from_utf8(payload).map_err(|_| TicketError::Malformed)?;
        let (expires_at, ticket_user_id) = payload.split_once(':').ok_or(TicketError::Malformed)?;
        let expires_at: u64 = expires_at.parse().map_err(|_| TicketError::Malformed)?;
        if ticket_user_id != user_id {
            return Err(TicketError::OtherUser);
        }
        if self.clock.unix_seconds() >= expires_at {
            return Err(TicketError::Expired);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tickets(clock: &Clock) -> Tickets {
        Tickets::new(TicketKey(b"0123456789abcdef0123456789abcdef".to_vec()), clock.clone())
    }

    #[test]
    fn issued_ticket_is_accepted_for_its_user_only() {
        let clock = Clock::manual();
        let tickets = tickets(&clock);
        let ticket = tickets.issue("259242039378509826");
        assert_eq!(tickets.verify(&ticket, "259242039378509826"), Ok(()));
        assert_eq!(
            tickets.verify(&ticket, "259242039378509827"),
            Err(TicketError::OtherUser)
        );
    }

    #[test]
    fn ticket_expires_after_fifteen_minutes() {
        let clock = Clock::manual();
        let tickets = tickets(&clock);
        let ticket = tickets.issue("1");
        clock.advance(TICKET_LIFETIME - Duration::from_secs(1));
        assert_eq!(tickets.verify(&ticket, "1"), Ok(()));
        clock.advance(Duration::from_secs(1));
        assert_eq!(tickets.verify(&ticket, "1"), Err(TicketError::Expired));
    }

    #[test]
    fn changed_or_foreign_tickets_are_rejected() {
        let clock = Clock::manual();
        let tickets = tickets(&clock);
        let ticket = tickets.issue("1");
        let (payload, signature) = ticket.split_once('.').unwrap();

        let later = clock.unix_seconds() + 86_400;
        let forged_payload = URL_SAFE_NO_PAD.encode(format!("{later}:1"));
        let other_key = Tickets::new(TicketKey::generate(), clock.clone());
        let cases = [
            (format!("{forged_payload}.{signature}"), TicketError::BadSignature),
            (
                format!("{payload}.{}", URL_SAFE_NO_PAD.encode([0_u8; 32])),
                TicketError::BadSignature,
            ),
            (other_key.issue("1"), TicketError::BadSignature),
            ("no-dot".to_owned(), TicketError::Malformed),
            ("a.b!".to_owned(), TicketError::Malformed),
            (String::new(), TicketError::Malformed),
        ];
        for (candidate, expected) in cases {
            assert_eq!(tickets.verify(&candidate, "1"), Err(expected), "{candidate}");
        }
    }

    #[test]
    fn key_file_must_be_long_enough() {
        let directory = crate::test_support::TempDir::new("ticket-key");
        let path = directory.path().join("key");
        std::fs::write(&path, "too short\n").unwrap();
        let error = TicketKey::read_file(&path).unwrap_err();
        assert!(
            matches!(error, StartError::TicketKeyTooShort { length: 9, .. }),
            "{error}"
        );
        assert!(!error.to_string().contains("too short"), "{error}");

        std::fs::write(&path, format!("{}\n", "ab".repeat(32))).unwrap();
        let key = TicketKey::read_file(&path).unwrap();
        assert_eq!(key.0.len(), 64);
        assert_eq!(format!("{key:?}"), "TicketKey([redacted])");
    }

    #[test]
    fn same_key_file_gives_compatible_replicas() {
        let clock = Clock::manual();
        let first = tickets(&clock);
        let second = tickets(&clock);
        assert_eq!(second.verify(&first.issue("7"), "7"), Ok(()));
    }
}
