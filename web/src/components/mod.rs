//! Reusable pieces of the widget's screens, one component per file.

pub mod error_summary;
pub mod field_error;
pub mod language_select;
pub mod page_heading;
pub mod password_checklist;
pub mod qr_code;
pub mod request_error;
pub mod sign_in_link;
pub mod text_field;
