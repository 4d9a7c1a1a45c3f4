//! Validated values of the registration form.
//!
//! Each type has private fields, a constructor that reports every problem found, and
//! getters. Holding a value of one of these types means it passed the kit's rules, which
//! are ZITADEL's rules plus a few stricter ones that keep look-alike and invisible text out.

mod email;
mod gender;
mod language;
mod password;
mod person_name;
mod phone;
mod username;

pub use email::Email;
pub use gender::Gender;
pub use language::PreferredLanguage;
pub use password::Password;
pub use person_name::PersonName;
pub use phone::Phone;
pub use username::Username;

/// The maximum length of most text fields, in code points (ZITADEL's `max_len: 200`).
pub const MAX_TEXT_CODE_POINTS: usize = 200;
