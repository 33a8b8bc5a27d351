//! The test lifecycle as one state machine. Every change to a test is a [`Command`] applied by
//! an [`Actor`] at a time: [`apply`] checks role, state, assignment and input, and returns the
//! next test, what the history and audit record of it, and the [`DomainEvent`]s it causes —
//! or the [`LifecycleError`] that refuses it. [`allowed_actions`] answers "what may this actor
//! do now" from the same guards, and [`TestState::actors`] "who acts now". The `lifecycle`
//! crate runs commands against the store; nothing here knows about DynamoDB or HTTP.
//!
//! [`DomainEvent`]: crate::events::DomainEvent
//! [`TestState::actors`]: crate::validation::TestState::actors

mod actor;
mod allowed;
mod apply;
mod command;
mod error;
pub mod evidence;
mod remediation;
mod retest;

pub use actor::Actor;
pub use allowed::{allowed_actions, guard, may_add_evidence};
pub use apply::{Applied, Record, apply, new_test_field_errors};
pub use command::{Command, NewTest, RedSubmission, TechniqueRef, TestEdit};
pub use error::LifecycleError;
pub use remediation::{NewStep, StepApplied, StepCommand, StepEdit, apply_step, steps_all_done};
pub use retest::{MAX_STEPS_PER_TEST, Retest, retest};

#[cfg(test)]
mod table_tests;
