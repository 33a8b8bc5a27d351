//! Every key string of the single table is built here, and nowhere else. Segments are
//! `KIND#value`; see docs/DATA_MODEL.md for the access pattern each key serves.

use chrono::{DateTime, SecondsFormat, Utc};
use uuid::Uuid;

pub const PK: &str = "PK";
pub const SK: &str = "SK";
pub const GSI1: &str = "GSI1";
pub const GSI1PK: &str = "GSI1PK";
pub const GSI1SK: &str = "GSI1SK";
pub const GSI2: &str = "GSI2";
pub const GSI2PK: &str = "GSI2PK";
pub const GSI2SK: &str = "GSI2SK";
pub const TTL_ATTR: &str = "expires_at";

pub fn user_pk(id: Uuid) -> String {
    format!("USER#{id}")
}
pub fn user_sk() -> String {
    "PROFILE".into()
}
/// GSI1 partition listing every user, sorted by username.
pub fn users_index_pk() -> String {
    "USERS".into()
}

pub fn username_pk(username: &str) -> String {
    format!("USERNAME#{username}")
}
pub fn username_sk() -> String {
    "USERNAME".into()
}

pub fn revoked_token_pk(jti: &str) -> String {
    format!("TOKEN#{jti}")
}
pub fn revoked_token_sk() -> String {
    "REVOKED".into()
}

pub fn rate_limit_pk(scope: &str, client: &str) -> String {
    format!("RATE#{scope}#{client}")
}
pub fn rate_limit_sk(window_start: i64) -> String {
    format!("WINDOW#{window_start}")
}

/// Sort key shared by the audit log and its indexes: time first so queries run newest-first,
/// the id after it so two entries in the same instant stay distinct.
pub fn audit_sort(at: DateTime<Utc>, id: Uuid) -> String {
    format!("{}#{id}", at.to_rfc3339_opts(SecondsFormat::Micros, true))
}
/// Bound for a time-range condition on [`audit_sort`] keys.
pub fn audit_sort_bound(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}
pub fn audit_pk() -> String {
    "AUDIT".into()
}
pub fn audit_actor_pk(actor: Uuid) -> String {
    format!("AUDIT_ACTOR#{actor}")
}
pub fn audit_target_pk(target_type: &str) -> String {
    format!("AUDIT_TARGET#{target_type}")
}

pub fn initial_admin_pk() -> String {
    "SYSTEM".into()
}
pub fn initial_admin_sk() -> String {
    "INITIAL_ADMIN".into()
}
