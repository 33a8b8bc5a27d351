//! Evidence files of a test and the file-name rules for anything stored under a client's name.

use super::*;
use crate::ids::UserId;

/// Which team's evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Red,
    Blue,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Red => "red",
            Side::Blue => "blue",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceStatus {
    /// Upload slot handed out, object not verified yet.
    Pending,
    /// Verified in S3 (size and SHA-256).
    Complete,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Evidence {
    pub id: Uuid,
    pub test_id: Uuid,
    pub side: Side,
    /// The sanitised file name.
    pub filename: String,
    pub size_bytes: u64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
    pub s3_key: String,
    pub status: EvidenceStatus,
    pub uploaded_by: String,
    /// The uploader's user id (absent on records from before ids were kept).
    #[serde(default)]
    pub uploaded_by_id: Option<UserId>,
    pub uploaded_at: DateTime<Utc>,
}

/// Largest evidence file.
pub const MAX_EVIDENCE_BYTES: u64 = 50 * 1024 * 1024;
/// Accepted evidence file extensions (lower case).
pub const EVIDENCE_EXTENSIONS: [&str; 22] = [
    "txt", "log", "json", "xml", "csv", "md", "html", "yaml", "yml", "pdf", "png", "jpg", "jpeg", "gif",
    "pcap", "pcapng", "evtx", "zip", "gz", "7z", "har", "eml",
];

/// Checks an evidence file name and returns the name to store: a plain file name (no path, no
/// `..`, no control characters, not hidden) with an allowed extension; characters outside
/// `[A-Za-z0-9._-]` become `_`.
pub fn sanitise_filename(name: &str) -> Result<String, FieldError> {
    sanitise_name_with(name, &EVIDENCE_EXTENSIONS)
}

/// A client's file name made safe for an object key (no path, no hidden file, no control
/// character, an allowed extension; other characters become `_`).
pub fn sanitise_name_with(name: &str, extensions: &[&str]) -> Result<String, FieldError> {
    let bad = |m: &str| FieldError::new("filename", "invalid_name", m);
    if name.is_empty() || name.chars().count() > 200 {
        return Err(bad("1-200 characters"));
    }
    if name.contains(['/', '\\'])
        || name.split('.').any(|p| p.is_empty() && name.contains(".."))
        || name.contains("..")
    {
        return Err(bad("a file name, not a path"));
    }
    if name.starts_with('.') || name.chars().any(char::is_control) {
        return Err(bad("no hidden files or control characters"));
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if !extensions.contains(&ext.as_str()) {
        return Err(FieldError::new(
            "filename",
            "extension",
            format!("allowed extensions: {}", extensions.join(", ")),
        ));
    }
    Ok(name.chars().map(|c| if c.is_ascii_alphanumeric() || "._-".contains(c) { c } else { '_' }).collect())
}
#[cfg(test)]
mod evidence_tests {
    use super::*;

    #[test]
    fn file_names_are_plain_and_whitelisted() {
        assert_eq!(sanitise_filename("mimikatz output.txt").unwrap(), "mimikatz_output.txt");
        assert_eq!(sanitise_filename("capture.PCAP").unwrap(), "capture.PCAP");
        for bad in [
            "../../etc/passwd.txt",
            "..\\win.ini.txt",
            "a/b.txt",
            ".bashrc.txt",
            "x..txt",
            "run.exe",
            "noext",
            "",
            "a\u{0}.txt",
        ] {
            assert!(sanitise_filename(bad).is_err(), "{bad:?}");
        }
        assert_eq!(sanitise_filename("payload.exe").unwrap_err().code, "extension");
        assert_eq!(sanitise_filename("../x.txt").unwrap_err().code, "invalid_name");
    }
}
