//! The mails the stand-in would have sent. It keeps them in memory and logs each one,
//! without its code or link.

use std::fmt;

use serde::Serialize;

/// The reason a mail was sent, following ZITADEL's notifications.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MailKind {
    /// The initialization mail of a user in the initial state, with a code.
    Initialization,
    /// The email verification mail of an active user with an unverified email, with a code.
    EmailVerification,
    /// The passkey registration link (SendPasswordlessRegistration).
    PasswordlessRegistration,
}

impl MailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Initialization => "initialization",
            MailKind::EmailVerification => "email-verification",
            MailKind::PasswordlessRegistration => "passwordless-registration",
        }
    }
}

/// One mail in the outbox. `Debug` hides the link and the code.
#[derive(Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mail {
    pub recipient: String,
    pub kind: MailKind,
    pub user_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// When the mail was sent, in RFC 3339.
    pub time: String,
}

impl Mail {
    /// Logs that the mail was sent. The code and the link stay out of the log.
    pub fn log(&self) {
        tracing::info!(
            kind = self.kind.as_str(),
            user_id = %self.user_id,
            recipient = %self.recipient,
            has_link = self.link.is_some(),
            has_code = self.code.is_some(),
            "stand-in sent a mail to its outbox"
        );
    }
}

impl fmt::Debug for Mail {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redact = |value: &Option<String>| value.as_ref().map(|_| "[redacted]");
        formatter
            .debug_struct("Mail")
            .field("recipient", &self.recipient)
            .field("kind", &self.kind)
            .field("user_id", &self.user_id)
            .field("link", &redact(&self.link))
            .field("code", &redact(&self.code))
            .field("time", &self.time)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn mail() -> Mail {
        Mail {
            recipient: "anna@example.com".into(),
            kind: MailKind::PasswordlessRegistration,
            user_id: "7".into(),
            link: Some("http://127.0.0.1:8082/ui/login/login/passwordless/init?code=SECRETCODE12".into()),
            code: None,
            time: "2026-05-04T10:11:12.345678Z".into(),
        }
    }

    #[test]
    fn serializes_with_kebab_kinds_and_without_empty_values() {
        let cases = [
            (MailKind::Initialization, "initialization"),
            (MailKind::EmailVerification, "email-verification"),
            (MailKind::PasswordlessRegistration, "passwordless-registration"),
        ];
        for (kind, name) in cases {
            assert_eq!(serde_json::to_value(kind).unwrap(), json!(name));
            assert_eq!(kind.as_str(), name);
        }
        let value = serde_json::to_value(mail()).unwrap();
        assert_eq!(value["userId"], "7");
        assert_eq!(value["recipient"], "anna@example.com");
        assert!(value.get("code").is_none(), "{value}");
    }

    #[test]
    fn debug_hides_link_and_code() {
        let debug = format!(
            "{:?}",
            Mail {
                code: Some("AB12CD".into()),
                ..mail()
            }
        );
        assert!(!debug.contains("SECRETCODE12"), "{debug}");
        assert!(!debug.contains("AB12CD"), "{debug}");
    }
}
