//! Import benchmark: time and peak memory to parse the newest Enterprise bundle (gunzip
//! included), and to parse it plus diff it against the previous release.
//!
//! `cargo bench -p importers --bench import -- <parse|parse-slice|parse-diff> [new.json.gz] [old.json.gz]`
//! (`parse` streams from the reader; `parse-slice` reads the file into memory first and parses
//! the slice, as the sync does with a downloaded bundle)
//! prints one line of `key=value` pairs. Each mode runs in its own process so its peak RSS
//! (VmHWM) is its own; `infra/scripts/bench.sh` runs both next to mitreattack-python.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn data(name: &str) -> PathBuf {
    let dir = std::env::var_os("AEGIS_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    dir.join("attack").join(name)
}

fn open(path: &Path) -> Box<dyn Read> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file = std::io::BufReader::with_capacity(1 << 20, file);
    if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::GzDecoder::new(file))
    } else {
        Box::new(file)
    }
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        .unwrap_or(0)
}

fn main() {
    // `cargo bench` passes `--bench`; only our own arguments count.
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let mode = args.first().map(String::as_str).unwrap_or("parse");
    let new = args.get(1).map(PathBuf::from).unwrap_or_else(|| data("enterprise-attack-18.1.json.gz"));
    let old = args.get(2).map(PathBuf::from).unwrap_or_else(|| data("enterprise-attack-17.1.json.gz"));
    let t = Instant::now();
    let catalog = if mode == "parse-slice" {
        // What the sync does: the whole file in memory (gunzipped), then parsed from the slice.
        let mut bytes = Vec::new();
        open(&new).read_to_end(&mut bytes).expect("read the bundle");
        importers::parse_bundle_slice(&bytes).expect("new bundle")
    } else {
        importers::parse_bundle(open(&new)).expect("new bundle")
    };
    let parse = t.elapsed();
    let mut line = format!(
        "mode={mode} file={} objects={} techniques={} parse_ms={}",
        new.file_name().unwrap().to_string_lossy(),
        catalog.stats.objects,
        catalog.techniques.len(),
        parse.as_millis()
    );
    if mode == "parse-diff" {
        let t = Instant::now();
        let previous = importers::parse_bundle(open(&old)).expect("old bundle");
        let d = importers::diff(&previous, &catalog);
        let extra = t.elapsed();
        line.push_str(&format!(
            " old={} diff_techniques_updated={} parse_diff_ms={}",
            old.file_name().unwrap().to_string_lossy(),
            d.techniques.updated.len(),
            (parse + extra).as_millis()
        ));
    }
    line.push_str(&format!(" peak_rss_mib={:.1}", peak_rss_kib() as f64 / 1024.0));
    println!("{line}");
}
