//! Black-box API tests: the merged router (as the local runner serves it) over real HTTP,
//! against DynamoDB Local and LocalStack, with a fresh table per test.

mod alerts;
mod api_tokens;
mod audit;
mod auth;
mod bad_input;
mod bulk;
mod campaigns;
mod catalog;
mod catalog_cache;
mod compliance;
mod content;
mod coverage;
mod d3fend;
mod edge;
mod eventbridge;
mod evidence;
mod helpers;
mod intel;
mod item_shapes;
mod mfa;
mod notification_retention;
mod oidc;
mod operational_metrics;
mod outbox;
mod read_paths;
mod reports;
mod route_roles;
mod rules;
mod sessions;
mod users;
mod webhooks;
mod workflow;
