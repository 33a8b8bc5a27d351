//! Test harness shared by the black-box tests and the Lambda-binary tests: connection to the
//! local stack (DynamoDB Local + LocalStack on loopback), a fresh table and bucket per test,
//! and an emulator of the Lambda Runtime API that drives a real function binary with events.

pub mod attack_expect;
pub mod attack_server;
pub mod events;
pub mod lambda;
pub mod stack;

pub use stack::{Stack, stack};
pub mod seed;
