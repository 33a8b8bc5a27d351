//! Storage adapters for Aegis: the DynamoDB single table (one typed function per access
//! pattern), S3 evidence and the EventBridge publisher. Key strings are built only in
//! [`keys`]; the table's definition is read from `template.yaml` ([`schema`]) so local
//! provisioning and the deployed stack cannot drift apart.

pub mod alert_channels;
pub mod alerts;
pub mod api_tokens;
pub mod audit;
pub mod campaigns;
pub mod catalog;
pub mod catalog_view;
pub mod compliance;
pub mod coverage;
pub mod coverage_view;
pub mod cursor;
pub mod d3fend;
pub mod data_sources;
mod db;
mod error;
pub mod evidence;
pub mod import_uploads;
pub mod intel;
pub mod keys;
pub mod library;
pub mod mfa;
pub mod notifications;
pub mod objects;
pub mod oidc;
pub mod outbox;
pub mod provision;
pub mod rate_limit;
pub mod remediation;
pub mod report_jobs;
pub mod rules;
pub mod schema;
pub mod sync_runs;
pub mod technique_coverage;
pub mod templates;
pub mod tokens;
pub mod tx;
pub mod users;
pub mod validation;

pub use cursor::{Cursor, Page, PageRequest};
pub use db::Db;
pub use error::StoreError;
pub use tx::Transaction;
