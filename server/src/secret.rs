//! Secret strings, such as bearer tokens, that must never reach a log, an error or `Debug`.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;

/// A secret string. `Debug` prints `[redacted]`, and there is no `Display`, so the value
/// leaves only through [`Secret::expose_secret`].
#[derive(Clone)]
pub struct Secret(Arc<str>);

/// A failure to read a secret from a file. The message names the file, never its
/// content.
#[derive(Debug, thiserror::Error)]
pub enum SecretFileError {
    /// The file could not be read.
    #[error("could not read secret file {path}: {source}")]
    Unreadable { path: PathBuf, source: std::io::Error },
    /// The file holds only white space.
    #[error("secret file {path} is empty; write the secret on its first line")]
    Empty { path: PathBuf },
}

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(Arc::from(value.into()))
    }

    /// Generates 32 random bytes, written as unpadded base64url.
    pub fn generate() -> Secret {
        let mut bytes = [0_u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Secret::new(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Reads a secret from a file, without the white space around it.
    pub fn read_file(path: &Path) -> Result<Secret, SecretFileError> {
        let content = std::fs::read_to_string(path).map_err(|source| SecretFileError::Unreadable {
            path: path.to_owned(),
            source,
        })?;
        let value = content.trim();
        if value.is_empty() {
            return Err(SecretFileError::Empty { path: path.to_owned() });
        }
        Ok(Secret::new(value))
    }

    /// Returns the secret itself, for an `Authorization` header or a comparison.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// Compares with `candidate` in time that depends only on the lengths, so that a
    /// caller cannot learn the secret byte by byte from response times.
    pub fn matches(&self, candidate: &str) -> bool {
        let expected = self.0.as_bytes();
        let candidate = candidate.as_bytes();
        if expected.len() != candidate.len() {
            return false;
        }
        let difference = expected
            .iter()
            .zip(candidate)
            .fold(0_u8, |difference, (left, right)| difference | (left ^ right));
        difference == 0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let secret = Secret::new("service-token-value");
        assert_eq!(format!("{secret:?}"), "[redacted]");
        assert!(!format!("{:?}", Some(&secret)).contains("service-token-value"));
    }

    #[test]
    fn matches_only_the_same_value() {
        let secret = Secret::new("abc123");
        let cases = [
            ("abc123", true),
            ("abc124", false),
            ("abc12", false),
            ("", false),
            ("abc1234", false),
        ];
        for (candidate, expected) in cases {
            assert_eq!(secret.matches(candidate), expected, "{candidate:?}");
        }
    }

    #[test]
    fn generated_secrets_differ() {
        let first = Secret::generate();
        let second = Secret::generate();
        assert_eq!(first.expose_secret().len(), 43);
        assert!(!first.matches(second.expose_secret()));
    }

    #[test]
    fn file_is_trimmed_and_must_not_be_empty() {
        let directory = crate::test_support::TempDir::new("secret");
        let path = directory.path().join("token");
        std::fs::write(&path, "  token-from-file\n").unwrap();
        assert_eq!(Secret::read_file(&path).unwrap().expose_secret(), "token-from-file");

        std::fs::write(&path, "\n \n").unwrap();
        let error = Secret::read_file(&path).unwrap_err();
        assert!(matches!(error, SecretFileError::Empty { .. }), "{error}");

        let missing = directory.path().join("missing");
        let error = Secret::read_file(&missing).unwrap_err();
        assert!(error.to_string().contains("missing"), "{error}");
    }
}
