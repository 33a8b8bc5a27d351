//! Lambda artifact benchmark: every function as `sam build` packages it (arm64 `bootstrap.zip`
//! from `cargo lambda build --release --arm64`), and each function's cold start under the
//! Lambda Runtime API emulator (process spawn → first event fetched, and → first response),
//! measured on this machine's native release build of the same code (an arm64 binary cannot
//! run here without emulation, which would measure the emulator).
//!
//! `make bench` builds both and runs this. Budgets (../DESIGN.md): every artifact < 10 MB,
//! cold start < 30 ms median, with no password hashing and no table writes at cold start.

use aegis_tests::events::{apigw_v2, eventbridge};
use aegis_tests::lambda::invoke;
use std::path::Path;
use std::time::Duration;

const COLD_STARTS: usize = 10;

fn median_ms(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64() * 1000.0
}

/// The function crates, by directory name (= binary name).
fn functions(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root.join("functions"))
        .expect("functions/")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::main]
async fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| format!("{}/target", root.display()));
    let stack = aegis_tests::stack().await;
    let table = stack.fresh_table().await;
    let mut env = stack.env();
    env.extend([
        ("TABLE_NAME".into(), table),
        ("SECRET_KEY".into(), "bench-secret-bench-secret-bench-secret-01".into()),
        (
            "ADMIN_PASSWORD_SECRET_ARN".into(),
            "arn:aws:secretsmanager:us-east-1:000000000000:secret:bench".into(),
        ),
        ("RUST_LOG".into(), "off".into()),
    ]);
    println!(
        "| function | arm64 bootstrap.zip | cold start: spawn → first event fetched (median of {COLD_STARTS}) | spawn → first response |"
    );
    println!("|---|---|---|---|");
    let (mut worst_zip, mut worst_init) = (0f64, 0f64);
    for name in functions(&root) {
        let zip = format!("{target}/lambda/{name}/bootstrap.zip");
        let zip_mb = std::fs::metadata(&zip).map(|m| m.len() as f64 / 1_000_000.0).ok();
        // `--release` and `--profile bench` both build into target/release.
        let binary = format!("{target}/release/{name}");
        let (mut init, mut first) = (Vec::new(), Vec::new());
        if Path::new(&binary).exists() {
            for _ in 0..COLD_STARTS {
                // Any event will do: what is measured happens before and at the first one.
                let event = if name.starts_with("api-") {
                    apigw_v2("GET", "/health", &[], None)
                } else {
                    eventbridge("aegis", "BenchmarkProbe", serde_json::json!({}))
                };
                let run = invoke(&binary, &env, vec![event], Duration::from_secs(30)).await;
                init.push(run.init);
                first.push(run.first_response);
            }
        }
        let cell =
            |v: Option<f64>, unit: &str| v.map_or("not built".to_owned(), |v| format!("{v:.1} {unit}"));
        let (i, f) =
            if init.is_empty() { (None, None) } else { (Some(median_ms(init)), Some(median_ms(first))) };
        worst_zip = worst_zip.max(zip_mb.unwrap_or(0.0));
        worst_init = worst_init.max(i.unwrap_or(0.0));
        println!("| {name} | {} | {} | {} |", cell(zip_mb, "MB"), cell(i, "ms"), cell(f, "ms"));
    }
    println!(
        "\nlargest artifact {worst_zip:.1} MB (budget 10 MB); slowest median cold start {worst_init:.1} ms (budget 30 ms)"
    );
}
