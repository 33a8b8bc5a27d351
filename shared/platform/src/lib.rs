//! What every Aegis function needs whether it serves HTTP or runs a job: configuration, the
//! secrets it names, application state (SDK clients), event publishing and structured logs.
//! No HTTP here, so job functions do not pull in axum.

pub mod config;
pub mod events;
pub mod http;
pub mod identity;
pub mod job;
pub mod outbox;
pub mod secrets;
pub mod state;
pub mod telemetry;

pub use config::Config;
pub use state::AppState;
