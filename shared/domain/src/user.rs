//! Users and the newtypes that make an invalid username unrepresentable.

use crate::ids::UserId;
use crate::{DomainError, Role};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A login name: 3–64 characters of lowercase letters, digits, `.`, `_` and `-`, starting with
/// a letter or digit. Stored lowercase so `Alice` and `alice` cannot both exist.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let name = raw.trim().to_ascii_lowercase();
        let len = name.chars().count();
        let valid_chars =
            name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
        let valid_start = name.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
        if !(3..=64).contains(&len) || !valid_chars || !valid_start {
            return Err(DomainError::field(
                "username",
                "format",
                "must be 3-64 characters of letters, digits, '.', '_' or '-', starting with a letter or digit",
            ));
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Username {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Username> for String {
    fn from(value: Username) -> Self {
        value.0
    }
}

impl std::fmt::Display for Username {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// An account. `password_hash` is a PHC string (argon2id); it never leaves the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub username: Username,
    pub email: Option<String>,
    pub full_name: Option<String>,
    pub role: Role,
    pub is_active: bool,
    pub password_hash: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
    /// Optimistic-concurrency version, bumped on every write.
    pub version: u64,
    /// Every token carries the generation it was issued in; raising it ends all sessions
    /// issued before (password change, admin reset, role change, deactivation).
    #[serde(default)]
    pub session_generation: u64,
    /// A generated initial password: nothing but changing it is allowed until it is changed.
    #[serde(default)]
    pub must_change_password: bool,
    /// A confirmed TOTP enrolment exists (`USER#<id>` / `MFA`): sign-in asks for a code.
    /// Not stored while false, so the profile item of a user without MFA keeps its shape.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub mfa_enabled: bool,
}

impl User {
    /// Ends every session issued so far (tokens of older generations are refused).
    pub fn end_sessions(&mut self) {
        self.session_generation += 1;
    }
}

/// Minimal e-mail sanity check: one `@`, something on both sides, a dot in the domain.
pub fn check_email(email: &str) -> Result<(), DomainError> {
    let ok = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
        })
        && !email.chars().any(char::is_whitespace);
    if ok { Ok(()) } else { Err(DomainError::field("email", "format", "must be a valid e-mail address")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_normalised_and_checked() {
        assert_eq!(Username::parse(" Alice.Smith ").unwrap().as_str(), "alice.smith");
        for bad in ["ab", "-alice", "al ice", "alice!", "", &"a".repeat(65)] {
            assert!(Username::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn emails_are_sanity_checked() {
        assert!(check_email("a@example.org").is_ok());
        for bad in ["a", "a@b", "@example.org", "a b@example.org", "a@.org"] {
            assert!(check_email(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
