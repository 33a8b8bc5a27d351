//! Reading the text files we want out of an untrusted archive, safely.
//!
//! The content library syncs from URLs an admin configures and from uploads, so every archive is
//! treated as hostile: [`read_text_files`] takes a zip, a tar.gz, a plain tar or a single file,
//! validates **every** entry's header (names, links, counts, declared sizes), decompresses only
//! the entries `wanted` asks for, and refuses the whole input ([`ArchiveError::Refused`], naming
//! the entry) at the first sign of trouble. Nothing is half-returned: an error means no files.
//!
//! GitHub's archives put the repository under one folder (`atomic-red-team-master/...`). When
//! every entry sits under a single top-level folder, paths are given relative to it, so callers
//! see the upstream layout (`atomics/T1003/T1003.yaml`) whatever the archive's folder is called.
//! A file is also taken under its full path when only that matches `wanted` (someone zipped the
//! `atomics` folder itself).

use std::io::Read;

mod path;
mod tar;
mod zip;

#[cfg(test)]
mod tests;

pub(crate) use path::EntryPath;

/// How much an input may hold. The defaults fit the largest repository we sync (Sigma, about
/// 40 MB unpacked) many times over while stopping decompression bombs early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Entries of any kind (files, folders, links).
    pub max_entries: usize,
    /// Uncompressed bytes of the whole input.
    pub max_total_bytes: u64,
    /// Uncompressed / compressed, past the first MiB of an entry (zip) or of the stream (gzip).
    pub max_ratio: u64,
    /// One wanted text file.
    pub max_file_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_entries: 50_000, max_total_bytes: 500 << 20, max_ratio: 100, max_file_bytes: 32 << 20 }
    }
}

/// A wanted file, with its path relative to the repository root (`/`-separated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextFile {
    pub path: String,
    pub text: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// Refused for safety; `entry` names the archive entry (empty when it is the whole input).
    #[error("{entry}: {reason}")]
    Refused { entry: String, reason: String },
    /// Not a readable archive/file at all (corrupt zip, bad gzip...).
    #[error("{0}")]
    Invalid(String),
}

pub(crate) fn refused(entry: impl Into<String>, reason: impl Into<String>) -> ArchiveError {
    ArchiveError::Refused { entry: entry.into(), reason: reason.into() }
}

/// Decompression is judged by its ratio only past this much output, so that a small file of
/// repeated text is not taken for a bomb.
pub(crate) const RATIO_GRACE: u64 = 1 << 20;

/// Reads the wanted text files of a zip, tar.gz, tar or single file (anything else, whose path
/// is then `name_hint`: the upload's file name or the URL's last segment).
pub fn read_text_files(
    bytes: &[u8],
    name_hint: &str,
    limits: &Limits,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<Vec<TextFile>, ArchiveError> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        zip::read(bytes, limits, wanted)
    } else if bytes.starts_with(&[0x1f, 0x8b]) {
        tar::read_gzip(bytes, name_hint, limits, wanted)
    } else if tar::is_tar(bytes) {
        tar::read_plain(bytes, limits, wanted)
    } else {
        single(bytes.to_vec(), name_hint, limits).map(|f| vec![f])
    }
}

/// One file given as it is: the caller chose it, so `wanted` does not apply.
pub(crate) fn single(bytes: Vec<u8>, name_hint: &str, limits: &Limits) -> Result<TextFile, ArchiveError> {
    let name = name_hint.rsplit(['/', '\\']).next().filter(|n| !n.is_empty()).unwrap_or("input");
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(refused(name, too_large(limits)));
    }
    let text = String::from_utf8(bytes).map_err(|_| refused(name, NOT_UTF8))?;
    Ok(TextFile { path: name.to_owned(), text })
}

pub(crate) const NOT_UTF8: &str = "it is not UTF-8 text";

pub(crate) fn too_large(limits: &Limits) -> String {
    format!("it is larger than {} bytes, the most a text file may have", limits.max_file_bytes)
}

pub(crate) fn too_many_entries(limits: &Limits) -> String {
    format!("the archive has more than {} entries", limits.max_entries)
}

pub(crate) fn too_much_data(limits: &Limits) -> String {
    format!("the archive unpacks to more than {} bytes", limits.max_total_bytes)
}

pub(crate) fn ratio_too_high(limits: &Limits) -> String {
    format!(
        "it decompresses more than {} times its compressed size (a decompression bomb?)",
        limits.max_ratio
    )
}

/// Gathers the wanted files while entries stream past, and decides at the end which paths they
/// have: a single common top-level folder is only known once every entry has been seen.
pub(crate) struct Collector<'a> {
    wanted: &'a dyn Fn(&str) -> bool,
    top: Option<String>,
    single_top: bool,
    kept: Vec<(EntryPath, Result<Vec<u8>, String>)>,
}

impl<'a> Collector<'a> {
    pub fn new(wanted: &'a dyn Fn(&str) -> bool) -> Self {
        Collector { wanted, top: None, single_top: true, kept: Vec::new() }
    }

    /// Notes an entry of any kind for the top-level folder.
    pub fn observe(&mut self, path: &EntryPath, is_dir: bool) {
        let first = &path.components[0];
        match &self.top {
            None => self.top = Some(first.clone()),
            Some(top) if top != first => self.single_top = false,
            Some(_) => {}
        }
        if !is_dir && path.components.len() == 1 {
            self.single_top = false;
        }
    }

    fn stripped(&self, path: &EntryPath) -> Option<String> {
        (self.single_top && path.components.len() > 1).then(|| path.components[1..].join("/"))
    }

    /// Whether the file may be wanted, under either reading of its path (the top-level folder
    /// may still turn out not to be common).
    pub fn wants(&self, path: &EntryPath) -> bool {
        (self.wanted)(&path.joined()) || self.stripped(path).is_some_and(|p| (self.wanted)(&p))
    }

    /// Keeps a file's bytes, or why they could not be had (refused only if it is wanted in the end).
    pub fn keep(&mut self, path: EntryPath, content: Result<Vec<u8>, String>) {
        self.kept.push((path, content));
    }

    pub fn finish(mut self) -> Result<Vec<TextFile>, ArchiveError> {
        let mut files = Vec::new();
        for (path, content) in std::mem::take(&mut self.kept) {
            let full = path.joined();
            let chosen = match self.stripped(&path) {
                Some(p) if (self.wanted)(&p) => p,
                _ if (self.wanted)(&full) => full.clone(),
                _ => continue,
            };
            let bytes = content.map_err(|reason| refused(&full, reason))?;
            let text = String::from_utf8(bytes).map_err(|_| refused(&full, NOT_UTF8))?;
            files.push(TextFile { path: chosen, text });
        }
        Ok(files)
    }
}

/// Reads at most `max_file_bytes` of one entry; `declared` is its size as the header says.
pub(crate) fn read_capped(
    mut reader: impl Read,
    declared: u64,
    limits: &Limits,
) -> std::io::Result<Result<Vec<u8>, String>> {
    if declared > limits.max_file_bytes {
        return Ok(Err(too_large(limits)));
    }
    let mut bytes = Vec::with_capacity(declared as usize);
    (&mut reader).take(limits.max_file_bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limits.max_file_bytes {
        return Ok(Err(too_large(limits)));
    }
    Ok(Ok(bytes))
}
