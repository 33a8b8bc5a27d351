//! The content library's pure half: bytes in, test templates out. No network, no storage.
pub mod archive;

pub use archive::{ArchiveError, Limits, TextFile, read_text_files};
