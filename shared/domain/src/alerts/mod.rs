//! Alert rules: what a lead asks to be told about (a score below a threshold, a coverage
//! regression, work stuck in the pipeline, stale or unreviewed knowledge, a tracked threat actor
//! gaining techniques we do not cover), and when a rule fires.
//!
//! Everything here is pure: the evaluation job gathers an [`Observation`] per rule from the store
//! and calls [`evaluate`] and [`decide`] with the clock it was given, so the table tests pin each
//! kind's behaviour on crafted states with a fixed `now`.

mod channel;
mod evaluate;
mod firing;
mod rule;

pub use channel::*;
pub use evaluate::*;
pub use firing::*;
pub use rule::*;

#[cfg(test)]
mod tests;
