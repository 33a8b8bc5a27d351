//! tar and tar.gz, read as one stream: every header is checked as it passes, unwanted data is
//! skipped (which, for gzip, still means decompressing it), and a meter under the tar reader
//! counts the real uncompressed bytes so a bomb is stopped as it inflates, not after.

use std::cell::{Cell, RefCell};
use std::io::{self, Read};
use std::rc::Rc;

use tar::EntryType;

use super::{
    ArchiveError, Collector, Limits, RATIO_GRACE, TextFile, path, ratio_too_high, read_capped, refused,
    single, too_many_entries, too_much_data,
};

/// A ustar or GNU header block (GitHub writes pax, which is ustar underneath).
pub(super) fn is_tar(bytes: &[u8]) -> bool {
    bytes.len() >= 512 && &bytes[257..262] == b"ustar"
}

/// What the meter saw, shared with the loop that names the entry being read.
#[derive(Default)]
struct Gauge {
    compressed: Cell<u64>,
    tripped: RefCell<Option<String>>,
}

/// Counts the compressed bytes gzip consumes.
struct CountIn<R> {
    inner: R,
    gauge: Rc<Gauge>,
}

impl<R: Read> Read for CountIn<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.gauge.compressed.set(self.gauge.compressed.get() + n as u64);
        Ok(n)
    }
}

/// Counts the uncompressed bytes and fails the stream once a limit is passed.
struct Meter<R> {
    inner: R,
    out: u64,
    gzip: bool,
    limits: Limits,
    gauge: Rc<Gauge>,
}

impl<R: Read> Read for Meter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.out += n as u64;
        let compressed = self.gauge.compressed.get().max(1);
        let reason = if self.out > self.limits.max_total_bytes {
            Some(too_much_data(&self.limits))
        } else if self.gzip && self.out > RATIO_GRACE && self.out / compressed > self.limits.max_ratio {
            Some(ratio_too_high(&self.limits))
        } else {
            None
        };
        match reason {
            Some(r) => {
                *self.gauge.tripped.borrow_mut() = Some(r);
                Err(io::Error::other("limit passed"))
            }
            None => Ok(n),
        }
    }
}

pub(super) fn read_plain(
    bytes: &[u8],
    limits: &Limits,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<Vec<TextFile>, ArchiveError> {
    let gauge = Rc::new(Gauge::default());
    let meter = Meter { inner: bytes, out: 0, gzip: false, limits: limits.clone(), gauge: gauge.clone() };
    read_stream(meter, &gauge, limits, wanted, "tar")
}

/// A gzip stream holding a tar, or else one gzipped file (named `name_hint` less `.gz`).
pub(super) fn read_gzip(
    bytes: &[u8],
    name_hint: &str,
    limits: &Limits,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<Vec<TextFile>, ArchiveError> {
    let gauge = Rc::new(Gauge::default());
    let gunzip = flate2::read::MultiGzDecoder::new(CountIn { inner: bytes, gauge: gauge.clone() });
    let mut meter = Meter { inner: gunzip, out: 0, gzip: true, limits: limits.clone(), gauge: gauge.clone() };
    let mut head = Vec::with_capacity(512);
    (&mut meter).take(512).read_to_end(&mut head).map_err(|e| failed(&gauge, "", "gzip", e))?;
    if is_tar(&head) {
        return read_stream(io::Cursor::new(head).chain(meter), &gauge, limits, wanted, "tar.gz");
    }
    let name = name_hint.strip_suffix(".gz").unwrap_or(name_hint);
    let mut rest = head;
    meter
        .take(limits.max_file_bytes + 1)
        .read_to_end(&mut rest)
        .map_err(|e| failed(&gauge, name, "gzip", e))?;
    single(rest, name, limits).map(|f| vec![f])
}

fn read_stream(
    stream: impl Read,
    gauge: &Gauge,
    limits: &Limits,
    wanted: &dyn Fn(&str) -> bool,
    kind: &str,
) -> Result<Vec<TextFile>, ArchiveError> {
    let mut archive = tar::Archive::new(stream);
    let mut collector = Collector::new(wanted);
    let mut current = String::new();
    let mut count = 0usize;
    let mut declared = 0u64;
    let entries = archive.entries().map_err(|e| failed(gauge, "", kind, e))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| failed(gauge, &current, kind, e))?;
        let kind_of = entry.header().entry_type();
        if matches!(
            kind_of,
            EntryType::XGlobalHeader | EntryType::XHeader | EntryType::GNULongName | EntryType::GNULongLink
        ) {
            continue;
        }
        current = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        count += 1;
        if count > limits.max_entries {
            return Err(refused(current, too_many_entries(limits)));
        }
        let path = path::check(&entry.path_bytes()).map_err(|r| refused(&current, r))?;
        declared = declared.saturating_add(entry.size());
        if declared > limits.max_total_bytes {
            return Err(refused(current, too_much_data(limits)));
        }
        match kind_of {
            EntryType::Directory => collector.observe(&path, true),
            EntryType::Regular | EntryType::Continuous => {
                collector.observe(&path, false);
                if collector.wants(&path) {
                    let size = entry.size();
                    let content = read_capped(&mut entry, size, limits)
                        .map_err(|e| failed(gauge, &current, kind, e))?;
                    collector.keep(path, content);
                }
            }
            EntryType::Symlink | EntryType::Link => {
                let target = entry.link_name_bytes().unwrap_or_default();
                if !path::link_stays_inside(&path, &target, kind_of == EntryType::Symlink) {
                    let shown = String::from_utf8_lossy(&target).into_owned();
                    return Err(refused(
                        current,
                        format!("it is a link pointing outside the archive (`{shown}`)"),
                    ));
                }
                // A link inside the repository is never followed: its target is read as itself.
                collector.observe(&path, false);
            }
            EntryType::Char | EntryType::Block | EntryType::Fifo => {
                return Err(refused(current, "it is a device or a named pipe, not a file"));
            }
            other => return Err(refused(current, format!("it has an unsupported entry type ({other:?})"))),
        }
    }
    collector.finish()
}

/// A read error: a limit the meter tripped on (refused, naming the entry), or a broken input.
fn failed(gauge: &Gauge, entry: &str, kind: &str, e: io::Error) -> ArchiveError {
    match gauge.tripped.borrow_mut().take() {
        Some(reason) => refused(entry, reason),
        None if entry.is_empty() => ArchiveError::Invalid(format!("not a readable {kind} archive: {e}")),
        None => ArchiveError::Invalid(format!("not a readable {kind} archive (at `{entry}`): {e}")),
    }
}
