//! Who applies a command.

use crate::Role;
use crate::ids::UserId;

/// A signed-in user, or the system (sync, retests) acting with admin rights.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: UserId,
    pub username: String,
    pub role: Role,
}

impl Actor {
    pub fn new(id: UserId, username: impl Into<String>, role: Role) -> Self {
        Self { id, username: username.into(), role }
    }

    /// The platform itself: the ATT&CK sync's repointing and automatic retests.
    pub fn system() -> Self {
        Self::process("system")
    }

    /// A named part of the platform (`mitre-sync`), acting as the system.
    pub fn process(name: &str) -> Self {
        Self { id: UserId::nil(), username: name.into(), role: Role::Admin }
    }

    /// Users have real ids; the platform acts under the nil id.
    pub fn is_system(&self) -> bool {
        self.id.is_nil()
    }

    pub fn is(&self, role: Role) -> bool {
        self.role == role
    }
}
