//! Typed import errors. Every variant carries a human-readable reason; none of them is a panic.

use thiserror::Error;

/// Why a bundle was rejected.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// The bytes are not JSON, or the JSON ends early (truncated download), or there is data
    /// after the bundle.
    #[error("not valid JSON at line {line}, column {column}: {reason}")]
    Json { line: usize, column: usize, reason: String },

    /// Reading the input failed (I/O error of the underlying reader, e.g. a corrupt gzip stream).
    #[error("could not read the bundle: {0}")]
    Io(String),

    /// Valid JSON, but not a STIX bundle: top level is not an object, `type` is not `"bundle"`,
    /// `objects` is not an array, unsupported `spec_version`, ...
    #[error("not a STIX bundle: {reason}")]
    NotABundle { reason: String },

    /// One element of `objects` is unusable: not an object, no `id`/`type`, a field we read has
    /// the wrong JSON type, an ATT&CK object without its ATT&CK id, a duplicate id, ...
    /// `index` is the 0-based position in `objects`.
    #[error("invalid STIX object #{index} ({}): {reason}", describe(.object_type, .id))]
    InvalidObject { index: usize, object_type: Option<String>, id: Option<String>, reason: String },

    /// A well-formed STIX bundle that is not usable as an ATT&CK catalog (no matrix to tell the
    /// domain, conflicting domains, ...).
    #[error("not an ATT&CK bundle: {reason}")]
    NotAttack { reason: String },
}

fn describe(object_type: &Option<String>, id: &Option<String>) -> String {
    match (object_type, id) {
        (_, Some(id)) => id.clone(),
        (Some(t), None) => format!("type {t}, no id"),
        (None, None) => "no type, no id".to_owned(),
    }
}

impl ImportError {
    /// The human reason alone (without the variant prefix).
    pub fn reason(&self) -> String {
        match self {
            ImportError::Json { reason, .. }
            | ImportError::NotABundle { reason }
            | ImportError::InvalidObject { reason, .. }
            | ImportError::NotAttack { reason } => reason.clone(),
            ImportError::Io(reason) => reason.clone(),
        }
    }
}

pub(crate) fn from_json_error(e: &serde_json::Error) -> ImportError {
    use serde_json::error::Category;
    let (line, column) = (e.line(), e.column());
    // serde_json appends " at line X column Y" to its message; we report them separately.
    let msg = e.to_string();
    let reason = match msg.rfind(" at line ") {
        Some(i) if line > 0 => msg[..i].to_owned(),
        _ => msg,
    };
    match e.classify() {
        Category::Io => ImportError::Io(reason),
        Category::Eof => ImportError::Json {
            line,
            column,
            reason: format!("truncated JSON (unexpected end of input): {reason}"),
        },
        Category::Syntax => ImportError::Json { line, column, reason },
        Category::Data => {
            ImportError::NotABundle { reason: format!("{reason} (line {line}, column {column})") }
        }
    }
}
