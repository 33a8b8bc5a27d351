//! Second factors and API tokens: the records behind TOTP sign-in and programmatic access, and
//! the rule that caps the role a token may carry.

use crate::Role;
use crate::ids::UserId;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A user's TOTP enrolment. Pending (`confirmed: false`) from setup until a first code is
/// accepted; the secret is stored sealed (see `accounts::mfa`), the recovery codes as keyed
/// hashes, each removed when used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TotpEnrolment {
    pub user_id: UserId,
    /// AES-256-GCM nonce and ciphertext of the TOTP secret, base64.
    pub secret_sealed: String,
    pub confirmed: bool,
    /// The last TOTP step accepted (unix time / 30); a code of this step or an earlier one is a
    /// replay. 0 before the first.
    pub last_step: u64,
    /// Hashes of the unused recovery codes (the value is unused; a map so one code can be
    /// removed atomically).
    #[serde(default)]
    pub recovery_codes: BTreeMap<String, bool>,
    pub created_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub version: u64,
}

/// A named API token of a user. The secret part of the token is stored only as its SHA-256.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiToken {
    pub id: Uuid,
    pub user_id: UserId,
    pub username: String,
    pub name: String,
    /// The role requests made with the token act as (never above the owner's).
    pub role: Role,
    /// Only reading routes (GET) accept the token.
    pub read_only: bool,
    /// SHA-256 of the secret part, hex.
    pub secret_hash: String,
    pub created_at: DateTime<Utc>,
    /// Unix seconds; also the item's TTL.
    pub expires_at: i64,
    pub last_used_at: Option<DateTime<Utc>>,
    pub last_used_ip: Option<String>,
    pub version: u64,
}

/// Whether a holder of `own` may hand `delegated` to a token: an admin any role, everyone else
/// their own role or `viewer` (whose capabilities every role has). Leads and technicians hold
/// different capabilities (a lead cannot start an execution), so neither ranks above the other.
pub fn may_delegate(own: Role, delegated: Role) -> bool {
    own == Role::Admin || delegated == own || delegated == Role::Viewer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_the_owners_role_or_less() {
        for role in Role::ALL {
            assert!(may_delegate(Role::Admin, role));
            assert!(may_delegate(role, role));
            assert!(may_delegate(role, Role::Viewer));
        }
        assert!(!may_delegate(Role::RedLead, Role::RedTech), "a lead is not a technician");
        assert!(!may_delegate(Role::RedTech, Role::Admin));
        assert!(!may_delegate(Role::Viewer, Role::BlueTech));
    }
}
