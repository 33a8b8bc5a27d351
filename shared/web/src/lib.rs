//! HTTP plumbing shared by every route group: configuration, application state, the one
//! error type (RFC 9457 problem JSON), extractors whose rejections use that shape, common
//! layers (request id, CORS, body limit, panics, tracing) and structured logging.

pub mod attack_domain;
pub mod client_ip;
pub mod edge;
pub mod error;
pub mod extract;
pub mod keyset;
pub mod layers;
pub mod openapi;
pub mod pagination;
pub mod request_id;
pub mod security_headers;

pub use error::ApiError;
pub use extract::{AppJson, AppPath, AppQuery};

// Configuration, state and events live in `platform` (no HTTP) so jobs can use them alone.
pub use platform::{AppState, Config, config, events, outbox, secrets, state, telemetry};
