//! The lifecycle service: every change to a test, its remediation steps and its evidence goes
//! load → [`domain::lifecycle`] rules → one DynamoDB transaction (the change, its history entry,
//! its audit entry, the technique's coverage counters and the events it causes in the outbox)
//! → publish. The API's tests and evidence routes, the event consumer and the sync's repointing
//! all change tests through here, so the rules and the way they are written live in one place.
//!
//! A lost race (the test changed between read and write) is re-read and re-decided; contention
//! that outlasts the retries is `Busy` (409), never a 500.

mod error;
mod evidence;
mod origin;
mod remediation;
mod tests;

pub use error::Error;
pub use evidence::{complete_evidence, delete_evidence};
pub use origin::Origin;
pub use platform::outbox::{SweepReport, sweep};
pub use remediation::{change_step, owner};
pub use tests::{Draft, assignees, blockers, create, delete, delete_in, load, reported_rules, run};

/// How often a command is re-decided after losing a race before the caller is told to retry.
const ATTEMPTS: usize = 25;
