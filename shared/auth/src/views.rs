//! The public shape of a user: everything but the password hash.

use chrono::{DateTime, Utc};
use domain::Role;
use domain::ids::UserId;
use domain::user::User;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserView {
    pub id: UserId,
    pub username: String,
    pub email: Option<String>,
    pub full_name: Option<String>,
    pub role: Role,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
    /// True while a generated initial password is in use: only changing it is allowed.
    pub must_change_password: bool,
    /// A TOTP second factor is enrolled: sign-in asks for a code.
    pub mfa_enabled: bool,
    /// The user's role requires a second factor not enrolled yet: only enrolling is allowed.
    pub mfa_enrolment_required: bool,
}

impl UserView {
    /// The view with what the configuration requires of the user (`MFA_REQUIRED_ROLES`).
    pub fn with_policy(user: User, identity: &platform::identity::IdentityConfig) -> Self {
        let required = identity.mfa_required(user.role) && !user.mfa_enabled;
        Self { mfa_enrolment_required: required, ..Self::from(user) }
    }
}

impl From<User> for UserView {
    fn from(u: User) -> Self {
        Self {
            id: u.id,
            username: u.username.to_string(),
            email: u.email,
            full_name: u.full_name,
            role: u.role,
            is_active: u.is_active,
            created_at: u.created_at,
            updated_at: u.updated_at,
            last_login_at: u.last_login_at,
            must_change_password: u.must_change_password,
            mfa_enabled: u.mfa_enabled,
            mfa_enrolment_required: false,
        }
    }
}
