//! The widget's screens, one per file.

pub mod choose_method;
pub mod details;
pub mod origin_not_allowed;
pub mod passkey_link;
pub mod registered;
