//! Syncs of the real ATT&CK releases in `$AEGIS_DATA_DIR/attack/` (default `../shared/data`),
//! served over loopback by the test's TAXII / bundle server. Every expected count is computed
//! by `attack_expect` from the same files read as plain JSON. `#[ignore]`d so that, without the
//! data, they are reported as skipped; `make test` runs them when the data is present.

use aegis_tests::attack_expect::{self, Counts, Obj};
use aegis_tests::attack_server;
use domain::catalog::{Review, Technique};
use domain::sync::{RunStatus, SyncRun, Trigger};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::PathBuf;

#[path = "api/read_paths.rs"]
mod read_paths;

type Objs = BTreeMap<(&'static str, String), Obj>;

fn data(name: &str) -> Vec<u8> {
    let dir = std::env::var_os("AEGIS_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"));
    let path = dir.join("attack").join(name);
    let raw = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e} (set AEGIS_DATA_DIR)", path.display()));
    if !name.ends_with(".gz") {
        return raw;
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&raw[..]).read_to_end(&mut out).unwrap();
    out
}

async fn state() -> web::AppState {
    let config = web::Config::from_lookup(|k| (k == "SECRET_KEY").then(|| "x".repeat(40))).unwrap();
    aegis_tests::stack().await.app_state(config).await
}

/// Serves `bytes` and runs one sync over TAXII (or the bundle URL when `taxii` is false).
async fn sync(state: &web::AppState, bytes: Vec<u8>, taxii: bool) -> SyncRun {
    let server = attack_server::serve(bytes, 1000).await;
    let mut cfg = (*state.config).clone();
    cfg.attack_taxii_url = if taxii { server.taxii_url.clone() } else { String::new() };
    cfg.attack_bundle_url = server.bundle_url.clone();
    let s = web::AppState { config: std::sync::Arc::new(cfg), ..state.clone() };
    let run = attack_sync::start(&s, Trigger::Schedule, None).await.unwrap();
    let run = attack_sync::execute(&s, run, attack_sync::Input::Fetch).await;
    assert_eq!(run.status, RunStatus::Succeeded, "{run:?}");
    assert_eq!(run.source.as_deref(), Some(if taxii { "taxii" } else { "bundle_url" }));
    run
}

fn objs(bytes: &[u8]) -> Objs {
    attack_expect::objects(&serde_json::from_slice(bytes).unwrap())
}

fn assert_changes(run: &SyncRun, expected: &BTreeMap<&'static str, Counts>) {
    for (kind, want) in expected {
        let got = &run.by_kind[*kind];
        let got = Counts {
            added: got.added,
            updated: got.updated,
            deprecated: got.deprecated,
            revoked: got.revoked,
            removed: got.removed,
            unchanged: got.unchanged,
        };
        assert_eq!(&got, want, "{kind}");
    }
    assert_eq!(run.counts.failed, 0);
}

async fn review(state: &web::AppState, domain: &str, id: &str) {
    let r = Review {
        attack_id: id.into(),
        reviewed: true,
        reviewed_by: Some("lead".into()),
        reviewed_at: None,
        repointed_from: None,
    };
    let audit = domain::audit::AuditEntry {
        id: uuid::Uuid::new_v4(),
        at: chrono::Utc::now(),
        actor_id: None,
        actor_username: Some("lead".into()),
        action: "technique.review".into(),
        target_type: "technique".into(),
        target_id: Some(id.into()),
        ip: None,
        summary: serde_json::json!({}),
    };
    store::catalog::put_review(&state.db, domain, &r, &audit).await.unwrap();
}

#[tokio::test]
#[ignore = "needs the real ATT&CK data (AEGIS_DATA_DIR); make test runs it when present"]
async fn enterprise_18_1_over_taxii_real_data() {
    let bytes = data("enterprise-attack-18.1.json.gz");
    let expected = objs(&bytes);
    let state = state().await;
    let run = sync(&state, bytes.clone(), true).await;
    assert_eq!(run.attack_version.as_deref(), Some("18.1"));
    assert_changes(&run, &attack_expect::changes(None, &expected));
    let h = attack_expect::holdings(&expected);
    let c = run.catalog.clone().unwrap();
    assert_eq!(
        (
            c.tactics,
            c.techniques,
            c.subtechniques,
            c.threat_actors,
            c.mitigations,
            c.detection_strategies,
            c.revoked,
            c.deprecated
        ),
        (
            h.tactics,
            h.techniques,
            h.subtechniques,
            h.threat_actors,
            h.mitigations,
            h.detection_strategies,
            h.revoked,
            h.deprecated
        )
    );
    // well-known figures of this release, as a cross-check of the independent computation
    assert_eq!(h.tactics, 14);
    assert!(h.techniques > 600 && h.subtechniques > 400, "{h:?}");
    let stored = store::catalog::all::<Technique>(&state.db, "enterprise-attack").await.unwrap();
    assert_eq!(stored.len(), expected.keys().filter(|k| k.0 == "technique").count());
    // the same release again: nothing is written
    let again = sync(&state, bytes, false).await;
    assert_eq!(again.counts.unchanged as usize, expected.len());
    assert_eq!(
        again.counts.added
            + again.counts.updated
            + again.counts.revoked
            + again.counts.deprecated
            + again.counts.removed,
        0
    );
}

#[tokio::test]
#[ignore = "needs the real ATT&CK data (AEGIS_DATA_DIR); make test runs it when present"]
async fn enterprise_17_1_to_18_1_real_data() {
    let (a, b) = (data("enterprise-attack-17.1.json.gz"), data("enterprise-attack-18.1.json.gz"));
    let (old, new) = (objs(&a), objs(&b));
    let state = state().await;
    sync(&state, a, false).await;
    // user data on a technique that 18.1 changes
    let changed = new
        .iter()
        .find(|(k, n)| {
            k.0 == "technique" && !n.revoked && old.get(*k).is_some_and(|o| o.content != n.content)
        })
        .map(|(k, _)| k.1.clone())
        .expect("18.1 changes some technique");
    review(&state, "enterprise-attack", &changed).await;
    let run = sync(&state, b, true).await;
    let expected = attack_expect::changes(Some(&old), &new);
    assert_changes(&run, &expected);
    assert!(expected["technique"].updated > 0 && expected["technique"].added > 0, "{expected:?}");
    assert!(expected["detection_strategy"].added > 0, "v18 adds detection strategies");
    let kept = store::catalog::review(&state.db, "enterprise-attack", &changed).await.unwrap().unwrap();
    assert!(kept.reviewed);
}

#[tokio::test]
#[ignore = "needs the real ATT&CK data (AEGIS_DATA_DIR); make test runs it when present"]
async fn mobile_10_1_to_11_3_repoints_revoked_techniques_real_data() {
    let (a, b) = (data("mobile-attack-10.1.json"), data("mobile-attack-11.3.json"));
    let (old, new) = (objs(&a), objs(&b));
    let state = state().await;
    sync(&state, a, false).await;
    // a technique that 11.3 revokes, and whose replacement exists
    let (revoked, replacement) = new
        .iter()
        .filter(|(k, n)| k.0 == "technique" && n.revoked && old.get(*k).is_some_and(|o| !o.revoked))
        .map(|(k, n)| (k.1.clone(), n.links["revoked_by"].clone()))
        .find(|(_, by)| new.contains_key(&("technique", by.clone())))
        .expect("11.3 revokes techniques");
    review(&state, "mobile-attack", &revoked).await;
    let run = sync(&state, b, false).await;
    let expected = attack_expect::changes(Some(&old), &new);
    assert_changes(&run, &expected);
    assert_eq!(expected["technique"].revoked, 36);
    let moved = run.repoints.iter().find(|r| r.from == revoked).expect("re-pointed");
    assert_eq!(moved.to, replacement);
    assert!(moved.review_moved);
    let there = store::catalog::review(&state.db, "mobile-attack", &replacement).await.unwrap().unwrap();
    assert_eq!(there.repointed_from.as_deref(), Some(revoked.as_str()));
}

#[tokio::test]
#[ignore = "needs the real ATT&CK data (AEGIS_DATA_DIR); make test runs it when present"]
async fn ics_16_1_to_17_1_marks_removed_objects_real_data() {
    let (a, b) = (data("ics-attack-16.1.json"), data("ics-attack-17.1.json"));
    let (old, new) = (objs(&a), objs(&b));
    let state = state().await;
    sync(&state, a, false).await;
    let run = sync(&state, b, false).await;
    let expected = attack_expect::changes(Some(&old), &new);
    assert_changes(&run, &expected);
    let removed: u32 = expected.values().map(|c| c.removed).sum();
    assert!(removed > 0, "17.1 drops objects outright");
    assert_eq!(run.counts.removed, removed);
}

#[tokio::test]
#[ignore = "needs the real ATT&CK data (AEGIS_DATA_DIR); make test runs it when present"]
async fn every_read_path_answers_the_same_from_the_warm_copy_and_a_fresh_read_on_18_1_real_data() {
    let state = state().await;
    sync(&state, data("enterprise-attack-18.1.json.gz"), false).await;
    review(&state, "enterprise-attack", "T1059.001").await;
    let (_, viewer) = aegis_tests::seed::user(&state, domain::Role::Viewer).await;
    let app = infra::app(state.clone(), None);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>())
            .await
            .unwrap();
    });
    let http = reqwest::Client::new();
    // Every page of techniques, and the detail and score of every 10th technique and actor
    // (all of them would take minutes in a debug build).
    let warm = read_paths::all(&http, &base, &viewer, 10).await;
    store::catalog_view::bump_now(&state.db, "enterprise-attack").await.unwrap();
    let fresh = read_paths::all(&http, &base, &viewer, 10).await;
    assert!(warm.len() > 150, "{} paths", warm.len());
    read_paths::assert_same(&warm, &fresh);
}
