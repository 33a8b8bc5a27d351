//! The content library's sync: one run per data source (lease, fetch or upload, safe archive
//! reading, parsing, writing only what changed), and the schedule that starts them.

pub mod fetch;
pub mod library;
pub mod run;
pub mod schedule;

pub use run::{Input, REQUESTED, SyncRequest, execute, handle_event, start};
