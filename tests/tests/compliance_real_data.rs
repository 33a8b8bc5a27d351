//! The real CTID Mappings Explorer files for NIST SP 800-53 rev. 5 (`$AEGIS_DATA_DIR/compliance/
//! nist_800_53/`, default `../shared/data`), written for ATT&CK 16.1 and 14.1, synced through the
//! `nist-800-53` data source (fetch, safe read, parse, resolve, write) over the Enterprise 18.1
//! catalog. The oracle is computed here from the raw JSON and the raw STIX bundle (revoked
//! techniques and their `revoked-by` relationships), never from the importer or the catalog.
//! `#[ignore]`d so that, without the data, it is reported as skipped; `make test` runs it when
//! the data is present.

use domain::content::SourceKey;
use domain::sync::{RunStatus, Trigger};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::PathBuf;

const FRAMEWORK: &str = "nist-800-53-rev5";

fn data_dir() -> PathBuf {
    std::env::var_os("AEGIS_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"))
}

/// The Enterprise bundle's techniques: ATT&CK id → the id that replaces it when revoked.
struct Stix {
    known: BTreeSet<String>,
    revoked_by: HashMap<String, Option<String>>,
}

fn stix(bundle: &[u8]) -> Stix {
    let doc: Value = serde_json::from_slice(bundle).unwrap();
    let objects = doc["objects"].as_array().unwrap();
    let mut by_stix: HashMap<&str, String> = HashMap::new();
    let mut revoked = BTreeSet::new();
    for o in objects.iter().filter(|o| o["type"] == "attack-pattern") {
        let Some(id) = o["external_references"]
            .as_array()
            .and_then(|r| r.iter().find(|r| r["source_name"] == "mitre-attack"))
            .and_then(|r| r["external_id"].as_str())
        else {
            continue;
        };
        by_stix.insert(o["id"].as_str().unwrap(), id.to_owned());
        if o["revoked"] == true {
            revoked.insert(id.to_owned());
        }
    }
    let mut revoked_by: HashMap<String, Option<String>> =
        revoked.iter().map(|id| (id.clone(), None)).collect();
    for r in objects.iter().filter(|o| o["type"] == "relationship" && o["relationship_type"] == "revoked-by")
    {
        let (Some(from), Some(to)) =
            (by_stix.get(r["source_ref"].as_str().unwrap()), by_stix.get(r["target_ref"].as_str().unwrap()))
        else {
            continue;
        };
        revoked_by.insert(from.clone(), Some(to.clone()));
    }
    Stix { known: by_stix.into_values().collect(), revoked_by }
}

impl Stix {
    /// The id a mapping to `id` ends at (following revocations), none when unknown.
    fn current(&self, id: &str) -> Option<String> {
        let mut id = id.to_owned();
        for _ in 0..8 {
            if !self.known.contains(&id) {
                return None;
            }
            match self.revoked_by.get(&id) {
                None => return Some(id),
                Some(next) => id = next.clone()?,
            }
        }
        None
    }
}

/// Control → technique ids of a Mappings Explorer file's `complete` objects, read as plain JSON.
fn mappings(path: &std::path::Path) -> (String, BTreeMap<String, BTreeSet<String>>) {
    let doc: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for o in doc["mapping_objects"].as_array().unwrap() {
        if o["status"] != "complete" {
            continue;
        }
        let Some(control) = o["capability_id"].as_str() else { continue };
        out.entry(control.to_owned())
            .or_default()
            .insert(o["attack_object_id"].as_str().unwrap().to_uppercase());
    }
    (doc["metadata"]["attack_version"].as_str().unwrap().to_owned(), out)
}

async fn sync(state: &web::AppState, file: &std::path::Path) -> domain::content::SourceRun {
    let mut cfg = (*state.config).clone();
    cfg.source_urls.insert(SourceKey::Nist80053, format!("file://{}", file.display()));
    let state = web::AppState { config: std::sync::Arc::new(cfg), ..state.clone() };
    store::data_sources::seed(&state.db, &state.config.source_urls, chrono::Utc::now()).await.unwrap();
    // A seeded source keeps its URL: point it at the file for this run.
    let mut source = store::data_sources::get(&state.db, SourceKey::Nist80053).await.unwrap().unwrap();
    source.url = format!("file://{}", file.display());
    let entry = domain::audit::AuditEntry {
        id: uuid::Uuid::new_v4(),
        at: chrono::Utc::now(),
        actor_id: None,
        actor_username: None,
        action: "data_source.update".into(),
        target_type: "data_source".into(),
        target_id: None,
        ip: None,
        summary: Value::Null,
    };
    let before = source.updated_at;
    source.updated_at = chrono::Utc::now();
    store::data_sources::put_settings(&state.db, &source, before, &entry).await.unwrap();
    let run = content_sync::start(
        &state,
        SourceKey::Nist80053,
        Trigger::Manual,
        source.url.clone(),
        None,
        None::<fn(uuid::Uuid) -> _>,
    )
    .await
    .unwrap();
    content_sync::execute(&state, run, content_sync::Input::Fetch).await
}

/// What the framework should hold for `expected` over the catalog `stix`: control → current ids,
/// the (revoked, replacement) pairs and the unresolved ids.
#[allow(clippy::type_complexity)]
fn oracle(
    stix: &Stix,
    expected: &BTreeMap<String, BTreeSet<String>>,
) -> (BTreeMap<String, BTreeSet<String>>, BTreeSet<(String, String)>, BTreeSet<String>) {
    let (mut controls, mut repointed, mut unresolved) = (BTreeMap::new(), BTreeSet::new(), BTreeSet::new());
    for (control, ids) in expected {
        let mut current = BTreeSet::new();
        for id in ids {
            match stix.current(id) {
                Some(c) if c == *id => {
                    current.insert(c);
                }
                Some(c) => {
                    repointed.insert((id.clone(), c.clone()));
                    current.insert(c);
                }
                None => {
                    unresolved.insert(id.clone());
                }
            }
        }
        controls.insert(control.clone(), current);
    }
    (controls, repointed, unresolved)
}

async fn check(
    state: &web::AppState,
    stix: &Stix,
    expected: &BTreeMap<String, BTreeSet<String>>,
    version: &str,
) {
    let (framework, controls) =
        store::compliance::with_controls(&state.db, FRAMEWORK).await.unwrap().unwrap();
    let (want, repointed, unresolved) = oracle(stix, expected);
    let f = &framework.framework;
    assert_eq!(f.attack_version.as_deref(), Some(version));
    assert_eq!(f.controls as usize, expected.len());
    let got: BTreeMap<String, BTreeSet<String>> = controls
        .iter()
        .map(|c| (c.control_id.clone(), c.techniques.iter().map(|t| t.technique_id.clone()).collect()))
        .collect();
    assert_eq!(got, want, "controls and their current techniques");
    let got_unresolved: BTreeSet<String> =
        controls.iter().flat_map(|c| c.unresolved.iter().map(|t| t.technique_id.clone())).collect();
    assert_eq!(got_unresolved, unresolved);
    assert_eq!(f.unresolved.iter().cloned().collect::<BTreeSet<_>>(), unresolved);
    assert_eq!(f.repointed.iter().cloned().collect::<BTreeSet<_>>(), repointed);
    assert!(controls.iter().all(|c| c.techniques.iter().all(|t| t.mapping_type.is_some())));
}

#[tokio::test]
#[ignore = "needs the real data (AEGIS_DATA_DIR); make test runs it when present"]
async fn nist_800_53_for_attack_16_1_and_14_1_over_enterprise_18_1_real_data() {
    let dir = data_dir();
    let mut bundle = Vec::new();
    let raw = std::fs::read(dir.join("attack/enterprise-attack-18.1.json.gz")).unwrap();
    flate2::read::GzDecoder::new(&raw[..]).read_to_end(&mut bundle).unwrap();
    let stix = stix(&bundle);
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

    // 16.1: every control and mapping of the file, revoked ids re-pointed
    let nist = dir.join("compliance/nist_800_53");
    let file16 = nist.join("nist_800_53-rev5_attack-16.1-enterprise.json");
    let (version16, expected16) = mappings(&file16);
    let run = sync(&state, &file16).await;
    assert_eq!(run.status, RunStatus::Succeeded, "{:?}", run.error);
    assert_eq!((run.counts.added as usize, run.counts.removed), (expected16.len(), 0));
    check(&state, &stix, &expected16, &version16).await;
    let (framework, _) = store::compliance::with_controls(&state.db, FRAMEWORK).await.unwrap().unwrap();
    let t1574_002 = framework.framework.repointed.iter().find(|(from, _)| from == "T1574.002");
    assert_eq!(
        t1574_002.map(|(_, to)| to.clone()),
        stix.revoked_by["T1574.002"].clone(),
        "T1574.002 was revoked between 16.1 and 17.1"
    );
    assert!(t1574_002.is_some());

    // a second sync of the same file changes nothing
    let run = sync(&state, &file16).await;
    assert_eq!(
        (run.counts.added, run.counts.updated, run.counts.removed, run.counts.unchanged as usize),
        (0, 0, 0, expected16.len())
    );

    // 14.1 replaces it: controls it lacks are removed, its own added, the rest compared
    let file14 = nist.join("nist_800_53-rev5_attack-14.1-enterprise.json");
    let (version14, expected14) = mappings(&file14);
    let run = sync(&state, &file14).await;
    assert_eq!(run.status, RunStatus::Succeeded, "{:?}", run.error);
    let (c16, c14): (BTreeSet<&String>, BTreeSet<&String>) =
        (expected16.keys().collect(), expected14.keys().collect());
    assert_eq!(run.counts.added as usize, c14.difference(&c16).count());
    assert_eq!(run.counts.removed as usize, c16.difference(&c14).count());
    assert_eq!((run.counts.added + run.counts.updated + run.counts.unchanged) as usize, c14.len());
    check(&state, &stix, &expected14, &version14).await;
    let (framework, _) = store::compliance::with_controls(&state.db, FRAMEWORK).await.unwrap().unwrap();
    assert!(!framework.framework.repointed.is_empty(), "14.1 names techniques revoked since");
}
