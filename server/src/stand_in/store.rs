//! The stand-in's in-memory records: users, passwordless codes and the outbox.
//!
//! Nothing is written to disk: every record is lost when the process stops. Passwords are
//! not stored either: a user only records whether it has one.

use std::time::{Duration, SystemTime};

use rand::Rng;
use rand::distr::{Alphanumeric, SampleString};
use register_core::domain::Gender;
use register_core::link::PasswordlessInitQuery;
use register_core::wire::UserState;

use super::outbox::Mail;
use crate::clock::unix_seconds;
use crate::secret::Secret;

/// The length of a passwordless registration code (ZITADEL's `PasswordlessInitCode`).
pub const PASSWORDLESS_CODE_LENGTH: usize = 12;

/// The length of an initialization or email verification code.
pub const MAIL_CODE_LENGTH: usize = 6;

/// A human user as the stand-in keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredUser {
    pub id: String,
    pub org_id: String,
    pub user_name: String,
    pub first_name: String,
    pub last_name: String,
    pub nick_name: String,
    pub display_name: String,
    pub preferred_language: String,
    pub gender: Gender,
    pub email: String,
    pub is_email_verified: bool,
    pub phone: Option<String>,
    pub is_phone_verified: bool,
    pub has_password: bool,
    pub passwordless: PasswordlessState,
    pub state: UserState,
    pub created_at: SystemTime,
    pub changed_at: SystemTime,
    /// The sequence of the user's last change.
    pub sequence: u64,
}

/// How far a user got with passwordless sign-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PasswordlessState {
    /// No registration code was ever created.
    None,
    /// A code exists, but no passkey was registered with it yet.
    Pending,
    /// A passkey was registered with a code.
    Registered,
}

impl PasswordlessState {
    pub fn as_str(self) -> &'static str {
        match self {
            PasswordlessState::None => "none",
            PasswordlessState::Pending => "pending",
            PasswordlessState::Registered => "registered",
        }
    }
}

/// A one-time passwordless registration code.
#[derive(Clone, Debug)]
pub struct PasswordlessCode {
    pub id: String,
    pub user_id: String,
    pub code: Secret,
    pub expires_at: SystemTime,
    pub used: bool,
}

/// The state of the code that a passwordless init link's parameters point to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeStatus {
    /// No code matches the code id, user id, organization and code together.
    Unknown,
    /// The code was used already.
    Used { user: StoredUser },
    /// The code's lifetime is over.
    Expired { user: StoredUser },
    /// The code can register a passkey until `expires_at`.
    Valid { user: StoredUser, expires_at: SystemTime },
}

/// Every record of the stand-in.
#[derive(Debug)]
pub struct Store {
    org_id: String,
    users: Vec<StoredUser>,
    codes: Vec<PasswordlessCode>,
    outbox: Vec<Mail>,
    last_id: u64,
    sequence: u64,
}

impl Store {
    /// Creates an empty store for one organization. Ids continue from a value derived
    /// from `now`, so ids of a restarted stand-in do not repeat earlier ones.
    pub fn new(org_id: &str, now: SystemTime) -> Store {
        Store {
            org_id: org_id.to_owned(),
            users: Vec::new(),
            codes: Vec::new(),
            outbox: Vec::new(),
            last_id: unix_seconds(now) << 26,
            sequence: 0,
        }
    }

    /// Returns a new numeric id, like ZITADEL's generated ids.
    pub fn next_id(&mut self) -> String {
        self.last_id += 1;
        self.last_id.to_string()
    }

    /// Returns the sequence of a new event.
    pub fn next_sequence(&mut self) -> u64 {
        self.sequence += 1;
        self.sequence
    }

    pub fn users(&self) -> &[StoredUser] {
        &self.users
    }

    pub fn outbox(&self) -> &[Mail] {
        &self.outbox
    }

    /// Returns true when a user has this username, compared ignoring case as ZITADEL's
    /// unique constraint does (`strings.ToLower`).
    pub fn is_user_name_taken(&self, user_name: &str) -> bool {
        let key = user_name.to_lowercase();
        self.users.iter().any(|user| user.user_name.to_lowercase() == key)
    }

    /// Stores a user that the caller filled in, except for its id and sequence.
    pub fn insert_user(&mut self, mut user: StoredUser) -> StoredUser {
        user.id = self.next_id();
        user.sequence = self.next_sequence();
        self.users.push(user.clone());
        user
    }

    pub fn find_user(&self, org_id: &str, user_id: &str) -> Option<&StoredUser> {
        self.users
            .iter()
            .find(|user| user.id == user_id && user.org_id == org_id)
    }

    /// Finds a user by login name in every organization. Login names are the usernames,
    /// since the stand-in does not append domains, and compare ignoring case.
    pub fn find_user_by_login_name(&self, login_name: &str) -> Option<&StoredUser> {
        let key = login_name.to_lowercase();
        self.users.iter().find(|user| user.user_name.to_lowercase() == key)
    }

    /// Creates a passwordless registration code for a user, and returns it with the
    /// user's new sequence.
    pub fn add_passwordless_code(
        &mut self,
        user_id: &str,
        now: SystemTime,
        lifetime: Duration,
    ) -> (PasswordlessCode, u64) {
        let code = PasswordlessCode {
            id: self.next_id(),
            user_id: user_id.to_owned(),
            code: Secret::new(Alphanumeric.sample_string(&mut rand::rng(), PASSWORDLESS_CODE_LENGTH)),
            expires_at: now + lifetime,
            used: false,
        };
        let sequence = self.next_sequence();
        if let Some(user) = self.users.iter_mut().find(|user| user.id == user_id) {
            if user.passwordless == PasswordlessState::None {
                user.passwordless = PasswordlessState::Pending;
            }
            user.sequence = sequence;
            user.changed_at = now;
        }
        self.codes.push(code.clone());
        (code, sequence)
    }

    /// Looks up the code that a passwordless init link points to, without using it.
    pub fn code_status(&self, query: &PasswordlessInitQuery, now: SystemTime) -> CodeStatus {
        let Some(code) = self.matching_code(query) else {
            return CodeStatus::Unknown;
        };
        let Some(user) = self.find_user(&query.org_id, &code.user_id) else {
            return CodeStatus::Unknown;
        };
        let user = user.clone();
        if code.used {
            CodeStatus::Used { user }
        } else if now >= code.expires_at {
            CodeStatus::Expired { user }
        } else {
            CodeStatus::Valid {
                user,
                expires_at: code.expires_at,
            }
        }
    }

    /// Uses the code: marks it used and the user's passkey registered. Returns the status
    /// the code had. Only a [`CodeStatus::Valid`] code is changed.
    pub fn redeem_code(&mut self, query: &PasswordlessInitQuery, now: SystemTime) -> CodeStatus {
        let status = self.code_status(query, now);
        if !matches!(status, CodeStatus::Valid { .. }) {
            return status;
        }
        let sequence = self.next_sequence();
        if let Some(code) = self.codes.iter_mut().find(|code| code.id == query.code_id) {
            code.used = true;
        }
        if let Some(user) = self.users.iter_mut().find(|user| user.id == query.user_id) {
            user.passwordless = PasswordlessState::Registered;
            user.sequence = sequence;
            user.changed_at = now;
        }
        status
    }

    fn matching_code(&self, query: &PasswordlessInitQuery) -> Option<&PasswordlessCode> {
        let is_own_org = query.org_id == self.org_id;
        self.codes.iter().find(|code| {
            is_own_org && code.id == query.code_id && code.user_id == query.user_id && code.code.matches(&query.code)
        })
    }

    /// Adds a mail to the outbox and logs it, without its code or link.
    pub fn send_mail(&mut self, mail: Mail) {
        mail.log();
        self.outbox.push(mail);
    }
}

/// Generates an initialization or email verification code: uppercase letters and digits.
pub fn generate_mail_code() -> String {
    const CHARACTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut random = rand::rng();
    (0..MAIL_CODE_LENGTH)
        .map(|_| char::from(CHARACTERS[random.random_range(0..CHARACTERS.len())]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn user(user_name: &str) -> StoredUser {
        StoredUser {
            id: String::new(),
            org_id: "1".into(),
            user_name: user_name.into(),
            first_name: "Anna".into(),
            last_name: "Muster".into(),
            nick_name: String::new(),
            display_name: "Anna Muster".into(),
            preferred_language: String::new(),
            gender: Gender::Unspecified,
            email: "anna@example.com".into(),
            is_email_verified: false,
            phone: None,
            is_phone_verified: false,
            has_password: true,
            passwordless: PasswordlessState::None,
            state: UserState::Initial,
            created_at: SystemTime::UNIX_EPOCH,
            changed_at: SystemTime::UNIX_EPOCH,
            sequence: 0,
        }
    }

    fn query(code: &PasswordlessCode, org_id: &str) -> PasswordlessInitQuery {
        PasswordlessInitQuery::parse(&format!(
            "userID={}&orgID={org_id}&codeID={}&code={}",
            code.user_id,
            code.id,
            code.code.expose_secret()
        ))
    }

    #[test]
    fn ids_are_numeric_and_increase() {
        let mut store = Store::new("1", SystemTime::now());
        let first: u64 = store.next_id().parse().unwrap();
        let second: u64 = store.next_id().parse().unwrap();
        assert!(second > first);
    }

    #[test]
    fn usernames_are_unique_ignoring_case() {
        let mut store = Store::new("1", SystemTime::now());
        store.insert_user(user("Anna.Muster"));
        let cases = [("anna.muster", true), ("ANNA.MUSTER", true), ("anna-muster", false)];
        for (user_name, taken) in cases {
            assert_eq!(store.is_user_name_taken(user_name), taken, "{user_name}");
        }
        assert!(store.find_user_by_login_name("ANNA.muster").is_some());
    }

    #[test]
    fn code_is_single_use_and_expires() {
        let now = SystemTime::now();
        let mut store = Store::new("1", now);
        let stored = store.insert_user(user("anna"));
        let (code, _) = store.add_passwordless_code(&stored.id, now, Duration::from_secs(60));
        assert_eq!(code.code.expose_secret().len(), PASSWORDLESS_CODE_LENGTH);
        assert!(
            code.code
                .expose_secret()
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric())
        );
        assert_eq!(store.users()[0].passwordless, PasswordlessState::Pending);

        let valid = query(&code, "1");
        assert!(matches!(store.code_status(&valid, now), CodeStatus::Valid { .. }));
        let expired = store.code_status(&valid, now + Duration::from_secs(60));
        assert!(matches!(expired, CodeStatus::Expired { .. }));

        assert!(matches!(store.redeem_code(&valid, now), CodeStatus::Valid { .. }));
        assert_eq!(store.users()[0].passwordless, PasswordlessState::Registered);
        assert!(matches!(store.redeem_code(&valid, now), CodeStatus::Used { .. }));
    }

    #[test]
    fn code_must_match_every_parameter() {
        let now = SystemTime::now();
        let mut store = Store::new("1", now);
        let stored = store.insert_user(user("anna"));
        let (code, _) = store.add_passwordless_code(&stored.id, now, Duration::from_secs(60));
        let secret = code.code.expose_secret();
        let cases = [
            format!("userID={}&orgID=2&codeID={}&code={secret}", stored.id, code.id),
            format!("userID=1&orgID=1&codeID={}&code={secret}", code.id),
            format!("userID={}&orgID=1&codeID=1&code={secret}", stored.id),
            format!("userID={}&orgID=1&codeID={}&code=wrongcode123", stored.id, code.id),
            format!("userID={}&orgID=1&codeID={}", stored.id, code.id),
        ];
        for raw in cases {
            let status = store.code_status(&PasswordlessInitQuery::parse(&raw), now);
            assert_eq!(status, CodeStatus::Unknown, "{raw}");
        }
    }

    #[test]
    fn mail_codes_are_uppercase_and_digits() {
        let code = generate_mail_code();
        assert_eq!(code.len(), MAIL_CODE_LENGTH);
        assert!(
            code.bytes()
                .all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit())
        );
    }
}
