//! The real Atomic Red Team data (`$AEGIS_DATA_DIR/atomic-red-team/`, default `../shared/data`)
//! synced end to end over the Enterprise 18.1 catalog: the archive is built here in the
//! upstream layout, and every expected count is read from the index CSV, not from the
//! importer. `#[ignore]`d so that, without the data, it is reported as skipped; `make test`
//! runs it when the data is present.

use domain::content::{SourceKey, TemplateOrigin};
use domain::sync::{RunStatus, Trigger};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

fn data_dir() -> PathBuf {
    std::env::var_os("AEGIS_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"))
}

/// A GitHub-style tar.gz of `atomics/<id>/<id>.yaml` for each of `files` (id → path on disk).
fn archive(files: &BTreeMap<String, PathBuf>) -> Vec<u8> {
    let mut builder =
        tar::Builder::new(flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast()));
    for (id, path) in files {
        let text = std::fs::read(path).unwrap();
        let mut header = tar::Header::new_gnu();
        header.set_size(text.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder
            .append_data(&mut header, format!("atomic-red-team-master/atomics/{id}/{id}.yaml"), &text[..])
            .unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap()
}

fn yaml_files(dir: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    for entry in
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e} (set AEGIS_DATA_DIR)", dir.display()))
    {
        let path = entry.unwrap().path();
        let file = if path.is_dir() {
            path.join(format!("{}.yaml", path.file_name().unwrap().to_str().unwrap()))
        } else {
            path
        };
        if file.extension().is_some_and(|e| e == "yaml") && file.is_file() {
            out.insert(file.file_stem().unwrap().to_str().unwrap().to_owned(), file);
        }
    }
    out
}

async fn sync(state: &web::AppState, archive: &Path) -> domain::content::SourceRun {
    let mut cfg = (*state.config).clone();
    cfg.source_urls.insert(SourceKey::AtomicRedTeam, format!("file://{}", archive.display()));
    let state = web::AppState { config: std::sync::Arc::new(cfg), ..state.clone() };
    store::data_sources::seed(&state.db, &state.config.source_urls, chrono::Utc::now()).await.unwrap();
    let url = state.config.source_urls[&SourceKey::AtomicRedTeam].clone();
    let run = content_sync::start(
        &state,
        SourceKey::AtomicRedTeam,
        Trigger::Manual,
        url,
        None,
        None::<fn(uuid::Uuid) -> _>,
    )
    .await
    .unwrap();
    content_sync::execute(&state, run, content_sync::Input::Fetch).await
}

#[tokio::test]
#[ignore = "needs the real data (AEGIS_DATA_DIR); make test runs it when present"]
async fn atomic_red_team_over_enterprise_18_1_real_data() {
    let dir = data_dir();
    // The expected templates: one per row of the official index, by GUID.
    let mut csv = csv::Reader::from_path(dir.join("atomic-red-team/indexes/index.csv")).unwrap();
    let headers = csv.headers().unwrap().clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(name))
            .unwrap_or_else(|| panic!("no {name} column"))
    };
    let (guid_col, technique_col) = (col("Test GUID"), col("Technique #"));
    let mut expected: BTreeMap<String, String> = BTreeMap::new();
    for row in csv.records() {
        let row = row.unwrap();
        expected.insert(row[guid_col].to_owned(), row[technique_col].to_owned());
    }

    // The catalog: Enterprise 18.1, synced from the real bundle.
    let mut bundle = Vec::new();
    let raw = std::fs::read(dir.join("attack/enterprise-attack-18.1.json.gz")).unwrap();
    flate2::read::GzDecoder::new(&raw[..]).read_to_end(&mut bundle).unwrap();
    let bundle_path = std::env::temp_dir().join(format!("aegis-18.1-{}.json", uuid::Uuid::new_v4()));
    std::fs::write(&bundle_path, &bundle).unwrap();
    let url = format!("file://{}", bundle_path.display());
    let config = web::Config::from_lookup(|k| match k {
        "SECRET_KEY" => Some("x".repeat(40)),
        "ATTACK_TAXII_URL" => Some(String::new()),
        "ATTACK_BUNDLE_URL" => Some(url.clone()),
        _ => None,
    })
    .unwrap();
    let state = aegis_tests::stack().await.app_state(config).await;
    let run = attack_sync::start(&state, Trigger::Manual, None).await.unwrap();
    assert_eq!(
        attack_sync::execute(&state, run, attack_sync::Input::Fetch).await.status,
        RunStatus::Succeeded
    );
    std::fs::remove_file(&bundle_path).ok();

    // v18: every technique file, as upstream had it before the v19 migration.
    let v18 = yaml_files(&dir.join("atomic-red-team/atomics"));
    assert_eq!(v18.len(), 333);
    let path = std::env::temp_dir().join(format!("aegis-atomics-{}.tar.gz", uuid::Uuid::new_v4()));
    std::fs::write(&path, archive(&v18)).unwrap();
    let first = sync(&state, &path).await;
    assert_eq!(first.status, RunStatus::Succeeded, "{:?}", first.error);
    assert_eq!(first.counts.added as usize, expected.len());
    assert_eq!(
        (first.counts.flagged, first.counts.skipped),
        (0, 0),
        "every v18 id is in 18.1: {:?}",
        first.errors
    );
    let stored = store::templates::of_origin(&state.db, TemplateOrigin::AtomicRedTeam).await.unwrap();
    let got: BTreeMap<String, String> =
        stored.iter().map(|t| (t.content.source_id.clone(), t.content.technique_ids.join(","))).collect();
    assert_eq!(got, expected, "templates by GUID and technique, as the index lists them");

    // The same archive again: nothing changes.
    let second = sync(&state, &path).await;
    assert_eq!((second.counts.added, second.counts.updated, second.counts.removed), (0, 0, 0));
    assert_eq!(second.counts.unchanged as usize, expected.len());

    // Upstream's v19 migration moves tests to new ids (same GUIDs): they are updated and flagged,
    // since 18.1 does not know those ids, and nothing is added or retired.
    let edge = yaml_files(&dir.join("atomic-red-team/edge-cases-attack-v19-ids"));
    let moved: BTreeSet<String> = edge
        .values()
        .flat_map(|p| {
            let text = std::fs::read_to_string(p).unwrap();
            text.lines()
                .filter_map(|l| l.trim().strip_prefix("auto_generated_guid:").map(|g| g.trim().to_owned()))
                .collect::<Vec<_>>()
        })
        .collect();
    let mut v19 = v18.clone();
    // The moved tests leave their old files (the files keep whatever else they hold).
    for (id, file) in &edge {
        v19.insert(id.clone(), file.clone());
    }
    let moved_from: Vec<String> = v18
        .iter()
        .filter(|(_, p)| {
            let text = std::fs::read_to_string(p).unwrap();
            moved.iter().any(|g| text.contains(g.as_str()))
        })
        .map(|(id, _)| id.clone())
        .collect();
    let rewritten_dir = std::env::temp_dir().join(format!("aegis-v19-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&rewritten_dir).unwrap();
    for id in &moved_from {
        // Drop the moved tests from the old file by re-serialising it without them.
        let text = std::fs::read_to_string(&v18[id]).unwrap();
        let mut doc: yaml_serde::Value = yaml_serde::from_str(&text).unwrap();
        let tests = doc["atomic_tests"].as_sequence_mut().unwrap();
        tests.retain(|t| !moved.contains(t["auto_generated_guid"].as_str().unwrap_or_default()));
        let out = rewritten_dir.join(format!("{id}.yaml"));
        std::fs::write(&out, yaml_serde::to_string(&doc).unwrap()).unwrap();
        v19.insert(id.clone(), out);
    }
    std::fs::write(&path, archive(&v19)).unwrap();
    let third = sync(&state, &path).await;
    assert_eq!(third.status, RunStatus::Succeeded, "{:?}", third.error);
    assert_eq!((third.counts.added, third.counts.removed), (0, 0));
    assert_eq!(third.counts.flagged as usize, moved.len(), "each moved test names a v19 id");
    assert!(third.counts.updated as usize >= moved.len());
    let flagged: BTreeSet<String> = store::templates::of_origin(&state.db, TemplateOrigin::AtomicRedTeam)
        .await
        .unwrap()
        .into_iter()
        .filter(|t| !t.unknown_techniques.is_empty())
        .map(|t| t.content.source_id)
        .collect();
    assert_eq!(flagged, moved);
    std::fs::remove_file(&path).ok();
    std::fs::remove_dir_all(&rewritten_dir).ok();
}
