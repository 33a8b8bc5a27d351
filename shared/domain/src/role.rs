//! The six roles of the reference product and the capabilities they carry.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Full system access.
    Admin,
    /// Creates tests, documents attacks, uploads red evidence.
    RedTech,
    /// Documents detection, uploads blue evidence.
    BlueTech,
    /// Validates or rejects the red side of tests.
    RedLead,
    /// Validates or rejects the blue side of tests.
    BlueLead,
    /// Read-only access.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 6] =
        [Role::Admin, Role::RedTech, Role::BlueTech, Role::RedLead, Role::BlueLead, Role::Viewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::RedTech => "red_tech",
            Role::BlueTech => "blue_tech",
            Role::RedLead => "red_lead",
            Role::BlueLead => "blue_lead",
            Role::Viewer => "viewer",
        }
    }

    /// Whether a holder of this role may act where `allowed` roles may. Admin may act as any role.
    pub fn is_allowed(self, allowed: &[Role]) -> bool {
        self == Role::Admin || allowed.contains(&self)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unknown role `{0}`; expected one of admin, red_tech, blue_tech, red_lead, blue_lead, viewer")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>().unwrap(), role);
            assert_eq!(serde_json::to_string(&role).unwrap(), format!("\"{}\"", role.as_str()));
        }
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn admin_may_act_as_any_role_and_others_only_as_listed() {
        assert!(Role::Admin.is_allowed(&[Role::RedTech]));
        assert!(Role::RedTech.is_allowed(&[Role::RedTech, Role::RedLead]));
        assert!(!Role::BlueTech.is_allowed(&[Role::RedTech]));
        assert!(!Role::Viewer.is_allowed(&[]));
    }
}
