//! Content import benchmark: time and peak heap to read the Atomic Red Team archive (tar.gz,
//! built here from `$AEGIS_DATA_DIR/atomic-red-team` in the upstream layout, under a GitHub-style
//! top folder) with `read_text_files` and parse it with `parse_templates`. Median of 5 runs.
//!
//! `cargo bench -p content --bench import` prints one line of `key=value` pairs. Peak heap is
//! counted by a global allocator wrapper (`peak_alloc`) from the moment the archive is in
//! memory, so it is what reading and parsing add on top of the input they are given.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use content::{Limits, parse_templates, read_text_files, wanted_path};
use domain::content::TemplateOrigin;
use peak_alloc::PeakAlloc;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

const RUNS: usize = 5;

fn data_dir() -> PathBuf {
    std::env::var_os("AEGIS_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
}

/// `atomic-red-team-master/atomics/T.../T....yaml`, gzipped as GitHub serves it.
fn archive(atomics: &Path) -> Vec<u8> {
    let mut paths = Vec::new();
    for dir in std::fs::read_dir(atomics).unwrap() {
        for file in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            paths.push(file.unwrap().path());
        }
    }
    paths.sort();
    let mut tar = tar::Builder::new(Vec::new());
    for path in paths {
        let bytes = std::fs::read(&path).unwrap();
        let rel = path.strip_prefix(atomics).unwrap().to_string_lossy().replace('\\', "/");
        let mut h = tar::Header::new_ustar();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        tar.append_data(&mut h, format!("atomic-red-team-master/atomics/{rel}"), bytes.as_slice()).unwrap();
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&tar.into_inner().unwrap()).unwrap();
    gz.finish().unwrap()
}

fn median<T: Ord + Copy>(mut v: Vec<T>) -> T {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let atomics = data_dir().join("atomic-red-team/atomics");
    if !atomics.is_dir() {
        println!("skipped: no Atomic Red Team data at {} (set AEGIS_DATA_DIR)", atomics.display());
        return;
    }
    let input = archive(&atomics);
    let origin = TemplateOrigin::AtomicRedTeam;
    let mut times: Vec<Duration> = Vec::new();
    let mut peaks: Vec<usize> = Vec::new();
    let mut counts = (0, 0);
    for _ in 0..RUNS {
        let base = HEAP.current_usage();
        HEAP.reset_peak_usage();
        let t = Instant::now();
        let files = read_text_files(&input, "master.tar.gz", &Limits::default(), &|p| wanted_path(origin, p))
            .unwrap();
        let parsed = parse_templates(origin, &files);
        times.push(t.elapsed());
        peaks.push(HEAP.peak_usage() - base);
        counts = (files.len(), parsed.templates.len());
    }
    println!(
        "source=atomic-red-team archive=tar.gz archive_kib={} files={} templates={} runs={RUNS} median_ms={:.1} median_peak_heap_mib={:.1}",
        input.len() / 1024,
        counts.0,
        counts.1,
        median(times).as_secs_f64() * 1000.0,
        median(peaks) as f64 / (1 << 20) as f64,
    );
}
