//! The MITRE ATT&CK sync.
//!
//! A run takes a lease (so two runs never write at once), fetches the bundle (TAXII 2.1 first,
//! following `more`/`next`; then the bundle URL; or an uploaded file), imports it with
//! `importers`, turns it into records with fingerprints ([`records`]), writes only new and
//! changed items in batches ([`apply`]), marks objects gone upstream as removed, re-points user
//! data of newly revoked techniques ([`repoint`]) and records everything in the run.

pub mod apply;
pub mod records;
pub mod repoint;
pub mod run;
pub mod source;

pub use run::{Input, JOB_NAME, REQUESTED, SyncRequest, execute, handle_event, start, start_audited};
