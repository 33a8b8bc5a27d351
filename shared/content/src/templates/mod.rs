//! Test templates from the four offensive content sources, read from their repositories'
//! files in the upstream layout ([`wanted_path`] says which files a source needs).
//!
//! Every template has a `source_id` that stays the same across syncs (see each parser), upper
//! case ATT&CK technique ids, and its file as `upstream_path`. A file that does not parse, a
//! template without a usable technique id, and a repeated `source_id` (the first is kept) are
//! reported in [`Parsed::errors`] with the file's path; the rest of the input still counts.
//! Whether a technique exists in the ATT&CK catalog is for the caller to check.

pub mod atomic;
pub mod caldera;
pub mod gtfobins;
pub mod lolbas;
pub(crate) mod yaml;

use std::collections::HashSet;

use domain::content::{SourceRunError, TemplateContent, TemplateOrigin};
use sha2::{Digest, Sha256};

use crate::archive::TextFile;

/// What one source's files gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parsed {
    pub templates: Vec<TemplateContent>,
    pub errors: Vec<SourceRunError>,
    /// Files looked at (including those that failed).
    pub files_read: usize,
}

/// Whether a file of a source's repository holds templates (or data its templates need).
pub fn wanted_path(origin: TemplateOrigin, path: &str) -> bool {
    match origin {
        TemplateOrigin::AtomicRedTeam => atomic::wanted(path),
        TemplateOrigin::Caldera => caldera::wanted(path),
        TemplateOrigin::Lolbas => lolbas::wanted(path),
        TemplateOrigin::Gtfobins => gtfobins::wanted(path),
        TemplateOrigin::Custom => false,
    }
}

/// Parses the files of one source. Every file given is read as that source's kind (a single
/// uploaded file need not sit at its upstream path); custom templates are not imported.
pub fn parse_templates(origin: TemplateOrigin, files: &[TextFile]) -> Parsed {
    let mut sink = Sink::new(origin);
    match origin {
        TemplateOrigin::AtomicRedTeam => files.iter().for_each(|f| atomic::parse(f, &mut sink)),
        TemplateOrigin::Caldera => files.iter().for_each(|f| caldera::parse(f, &mut sink)),
        TemplateOrigin::Lolbas => files.iter().for_each(|f| lolbas::parse(f, &mut sink)),
        TemplateOrigin::Gtfobins => gtfobins::parse(files, &mut sink),
        TemplateOrigin::Custom => {}
    }
    sink.parsed
}

/// Hex SHA-256 of the content's JSON (serde_json writes fields in declaration order, so the
/// same content always gives the same hash).
pub fn content_hash(content: &TemplateContent) -> String {
    let json = serde_json::to_vec(content).expect("template content serialises");
    hex::encode(Sha256::digest(json))
}

/// Collects templates and errors, dropping repeats.
pub(crate) struct Sink {
    origin: TemplateOrigin,
    parsed: Parsed,
    seen: HashSet<String>,
}

impl Sink {
    fn new(origin: TemplateOrigin) -> Self {
        Sink { origin, parsed: Parsed::default(), seen: HashSet::new() }
    }

    /// Counts a file as read.
    pub fn file(&mut self) {
        self.parsed.files_read += 1;
    }

    pub fn error(&mut self, path: &str, reason: impl Into<String>) {
        self.parsed.errors.push(SourceRunError { path: path.to_owned(), reason: reason.into() });
    }

    /// A template with every field empty but its identity, for the parsers to fill.
    pub fn blank(&self, file: &TextFile, source_id: String, name: String) -> TemplateContent {
        TemplateContent {
            source: self.origin,
            source_id,
            technique_ids: Vec::new(),
            tactics: Vec::new(),
            name,
            description: String::new(),
            platforms: Vec::new(),
            executor: None,
            command: None,
            cleanup: None,
            arguments: Vec::new(),
            privileges: None,
            elevation_required: false,
            references: Vec::new(),
            upstream_path: Some(file.path.clone()),
        }
    }

    /// Normalised technique ids (trimmed, upper case, each once); invalid ones become errors.
    pub fn techniques<I, S>(&mut self, path: &str, source_id: &str, raw: I) -> Vec<String>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut ids: Vec<String> = Vec::new();
        for r in raw {
            match technique_id(r.as_ref()) {
                Some(id) if !ids.contains(&id) => ids.push(id),
                Some(_) => {}
                None => {
                    self.error(path, format!("{source_id}: `{}` is not an ATT&CK technique id", r.as_ref()))
                }
            }
        }
        ids
    }

    pub fn push(&mut self, path: &str, template: TemplateContent) {
        if template.technique_ids.is_empty() {
            self.error(path, format!("{}: no ATT&CK technique; skipped", template.source_id));
        } else if !self.seen.insert(template.source_id.clone()) {
            self.error(
                path,
                format!("{}: this id was already read from another entry; skipped", template.source_id),
            );
        } else {
            self.parsed.templates.push(template);
        }
    }
}

/// `T1059` or `T1059.001`, after trimming and upper-casing.
pub(crate) fn technique_id(raw: &str) -> Option<String> {
    let id = raw.trim().to_ascii_uppercase();
    let b = id.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let ok = match b.len() {
        5 => b[0] == b'T' && digits(1..5),
        9 => b[0] == b'T' && digits(1..5) && b[5] == b'.' && digits(6..9),
        _ => false,
    };
    ok.then_some(id)
}

/// The file's name without folders (GTFOBins binaries, fallbacks for ids).
pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn technique_ids_are_trimmed_upper_cased_and_checked() {
        assert_eq!(technique_id(" t1564.001 ").as_deref(), Some("T1564.001"));
        assert_eq!(technique_id("T1059").as_deref(), Some("T1059"));
        for bad in ["TA0002", "T159", "T1059.1", "T1059-001", "G0016", ""] {
            assert_eq!(technique_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_hash_changes_with_the_content_only() {
        let mut sink = Sink::new(TemplateOrigin::Lolbas);
        let file = TextFile { path: "yml/A.yml".into(), text: String::new() };
        let a = sink.blank(&file, "A#1".into(), "A".into());
        let mut b = a.clone();
        assert_eq!(content_hash(&a), content_hash(&b));
        assert_eq!(content_hash(&a).len(), 64);
        b.command = Some("x".into());
        assert_ne!(content_hash(&a), content_hash(&b));
        sink.file();
        assert_eq!(sink.parsed.files_read, 1);
    }
}
