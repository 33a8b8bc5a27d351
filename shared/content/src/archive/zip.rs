//! zip: the central directory lists every entry up front, so all of them are checked (names,
//! links, declared sizes and ratios) before a single wanted byte is inflated. Declared sizes can
//! lie, so the bytes actually inflated are counted again while reading.

use std::io::{Cursor, Read};

use super::{
    ArchiveError, Collector, EntryPath, Limits, RATIO_GRACE, TextFile, path, ratio_too_high, read_capped,
    refused, too_many_entries, too_much_data,
};

/// A symbolic link's target is its content; more than this is not a path.
const MAX_LINK_TARGET: u64 = 4096;

pub(super) fn read(
    bytes: &[u8],
    limits: &Limits,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<Vec<TextFile>, ArchiveError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ArchiveError::Invalid(format!("not a readable zip archive: {e}")))?;
    let invalid = |entry: &str, e: &dyn std::fmt::Display| {
        ArchiveError::Invalid(format!("not a readable zip archive (at `{entry}`): {e}"))
    };
    let mut collector = Collector::new(wanted);
    let mut files: Vec<(usize, EntryPath, u64)> = Vec::new();
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| invalid("", &e))?;
        let shown = String::from_utf8_lossy(entry.name_raw()).into_owned();
        if i >= limits.max_entries {
            return Err(refused(shown, too_many_entries(limits)));
        }
        let name = entry.name().map_err(|e| invalid(&shown, &e))?;
        let path = path::check(name.as_bytes()).map_err(|r| refused(&shown, r))?;
        let (size, compressed) = (entry.size(), entry.compressed_size());
        declared = declared.saturating_add(size);
        if declared > limits.max_total_bytes {
            return Err(refused(shown, too_much_data(limits)));
        }
        if size > RATIO_GRACE && size / compressed.max(1) > limits.max_ratio {
            return Err(refused(shown, ratio_too_high(limits)));
        }
        let (is_dir, is_link) = (entry.is_dir(), entry.is_symlink());
        drop(entry);
        if is_link {
            let mut target = Vec::new();
            let link = zip.by_index(i).map_err(|e| invalid(&shown, &e))?;
            link.take(MAX_LINK_TARGET).read_to_end(&mut target).map_err(|e| invalid(&shown, &e))?;
            if !path::link_stays_inside(&path, &target, true) {
                let to = String::from_utf8_lossy(&target).into_owned();
                return Err(refused(shown, format!("it is a link pointing outside the archive (`{to}`)")));
            }
        } else if !is_dir {
            files.push((i, path.clone(), compressed));
        }
        collector.observe(&path, is_dir);
    }
    let mut inflated = 0u64;
    for (i, path, compressed) in files {
        if !collector.wants(&path) {
            continue;
        }
        let shown = path.joined();
        let entry = zip.by_index(i).map_err(|e| match e {
            zip::result::ZipError::UnsupportedArchive(why) => {
                refused(&shown, format!("it cannot be read: {why}"))
            }
            e => invalid(&shown, &e),
        })?;
        let size = entry.size();
        let content = read_capped(entry, size, limits).map_err(|e| invalid(&shown, &e))?;
        if let Ok(bytes) = &content {
            let actual = bytes.len() as u64;
            inflated += actual;
            if inflated > limits.max_total_bytes {
                return Err(refused(shown, too_much_data(limits)));
            }
            if actual > RATIO_GRACE && actual / compressed.max(1) > limits.max_ratio {
                return Err(refused(shown, ratio_too_high(limits)));
            }
        }
        collector.keep(path, content);
    }
    collector.finish()
}
