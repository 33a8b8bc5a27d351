//! Aegis domain: the vocabulary of the product (users, roles, audit entries) and the rules
//! that hold whatever stores or serves them. Nothing here knows about DynamoDB or HTTP, so
//! the rules can be tested as plain functions.

pub mod alerts;
pub mod audit;
pub mod campaign;
pub mod catalog;
pub mod checksum;
pub mod compliance;
pub mod content;
pub mod d3fend;
pub mod error;
pub mod events;
pub mod identity;
pub mod ids;
pub mod intel;
pub mod lifecycle;
pub mod metrics;
pub mod password;
pub mod report;
pub mod role;
pub mod scoring;
pub mod sync;
pub mod user;
pub mod validation;

pub use error::{DomainError, FieldError};
pub use role::Role;
