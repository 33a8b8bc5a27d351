//! Typed names, checked once where they enter (a query, a command) instead of passed around as
//! strings or bare UUIDs: the domain of an ATT&CK catalog, the id of an object in it, and the id
//! of a user account.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use utoipa::ToSchema;

/// An ATT&CK domain (matrix).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize, ToSchema,
)]
pub enum AttackDomain {
    #[default]
    #[serde(rename = "enterprise-attack")]
    Enterprise,
    #[serde(rename = "mobile-attack")]
    Mobile,
    #[serde(rename = "ics-attack")]
    Ics,
}

impl AttackDomain {
    pub const ALL: [AttackDomain; 3] = [AttackDomain::Enterprise, AttackDomain::Mobile, AttackDomain::Ics];

    /// The name STIX bundles, keys and the API use.
    pub const fn as_str(self) -> &'static str {
        match self {
            AttackDomain::Enterprise => "enterprise-attack",
            AttackDomain::Mobile => "mobile-attack",
            AttackDomain::Ics => "ics-attack",
        }
    }
}

impl fmt::Display for AttackDomain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown domain `{0}`; one of enterprise-attack, mobile-attack, ics-attack")]
pub struct UnknownDomain(pub String);

impl FromStr for AttackDomain {
    type Err = UnknownDomain;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AttackDomain::ALL.into_iter().find(|d| d.as_str() == s).ok_or_else(|| UnknownDomain(s.to_owned()))
    }
}

/// The id of a catalog object as users write it: MITRE's (`T1059`, `T1059.001`, `G0016`,
/// `M1036`, `TA0002`, `DET0001`, ...) or a custom one (upper-case letters, digits, `-`, `.`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(transparent)]
pub struct AttackId(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an ATT&CK id (e.g. T1059 or T1059.001)")]
pub struct BadAttackId(pub String);

impl AttackId {
    pub fn parse(s: &str) -> Result<Self, BadAttackId> {
        let ok = (2..=20).contains(&s.len())
            && s.starts_with(|c: char| c.is_ascii_uppercase())
            && s.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '.');
        if ok { Ok(Self(s.to_owned())) } else { Err(BadAttackId(s.to_owned())) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A sub-technique's parent (`T1059.001` → `T1059`).
    pub fn parent(&self) -> Option<AttackId> {
        self.0.split_once('.').filter(|_| self.0.starts_with('T')).map(|(p, _)| AttackId(p.to_owned()))
    }
}

impl fmt::Display for AttackId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for AttackId {
    type Err = BadAttackId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        AttackId::parse(s)
    }
}

impl<'de> Deserialize<'de> for AttackId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        AttackId::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl From<AttackId> for String {
    fn from(id: AttackId) -> Self {
        id.0
    }
}

/// The id of a user account: what ownership, assignment, votes and the audit log compare (a
/// username may be taken again by a later account; an id never is). On the wire and in the
/// table it is the UUID's text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize, ToSchema,
)]
#[serde(transparent)]
pub struct UserId(uuid::Uuid);

impl UserId {
    /// A new account's id.
    pub fn random() -> Self {
        Self(uuid::Uuid::new_v4())
    }

    /// The id the platform itself acts under (the sync's repointing, automatic retests).
    pub const fn nil() -> Self {
        Self(uuid::Uuid::nil())
    }

    pub const fn from_uuid(id: uuid::Uuid) -> Self {
        Self(id)
    }

    pub const fn as_uuid(self) -> uuid::Uuid {
        self.0
    }

    pub fn is_nil(self) -> bool {
        self.0.is_nil()
    }
}

impl From<uuid::Uuid> for UserId {
    fn from(id: uuid::Uuid) -> Self {
        Self(id)
    }
}

impl From<UserId> for uuid::Uuid {
    fn from(id: UserId) -> Self {
        id.0
    }
}

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for UserId {
    type Err = uuid::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        uuid::Uuid::parse_str(s).map(Self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_round_trip_by_their_bundle_names() {
        for d in AttackDomain::ALL {
            assert_eq!(d.as_str().parse::<AttackDomain>(), Ok(d));
            assert_eq!(serde_json::to_value(d).unwrap(), d.as_str());
        }
        assert!("pre-attack".parse::<AttackDomain>().is_err());
        assert_eq!(AttackDomain::default().as_str(), crate::catalog::DEFAULT_DOMAIN);
        let id = UserId::random();
        assert_eq!(serde_json::to_value(id).unwrap(), id.as_uuid().to_string(), "the UUID's text");
        assert_eq!(id.to_string().parse::<UserId>().unwrap(), id);
        assert!(UserId::nil().is_nil() && !id.is_nil());
    }

    #[test]
    fn ids_are_checked_where_they_enter() {
        for good in ["T1059", "T1059.001", "G0016", "TA0002", "ACME-1"] {
            assert_eq!(AttackId::parse(good).unwrap().as_str(), good);
        }
        for bad in ["", "t1059", "T", "1059", "T1059 ", "T1059/..", "A".repeat(21).as_str()] {
            assert!(AttackId::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(AttackId::parse("T1059.001").unwrap().parent().unwrap().as_str(), "T1059");
        assert!(AttackId::parse("T1059").unwrap().parent().is_none());
        assert!(serde_json::from_value::<AttackId>(serde_json::json!("x/../y")).is_err());
    }
}
