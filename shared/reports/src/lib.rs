//! Reports over the tests (test results, remediation), as JSON or spreadsheet-safe CSV. They are
//! produced page by page into a [`Sink`]: memory for a report answered in the request, or a
//! file written to the bucket in parts for an export job, so a report over tens of thousands of
//! tests is never held whole and never waits on API Gateway's 30 seconds.

mod encode;
mod error;
pub mod jobs;
mod produce;
pub mod rows;

pub use encode::Encoder;
pub use error::ReportError;
pub use produce::{Sink, produce, tests_in_domain};
