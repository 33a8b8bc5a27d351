//! The ATT&CK catalog and what hangs off it: MITRE records of every kind, review marks, custom
//! actor mappings, the catalog state, sync runs with their lease and job record, and the
//! coverage views' own items (scoring weights, technique sets, snapshots).

use super::{app_with_team, assert_attributes, n, raw, s, sort_time, try_raw};
use crate::helpers::created;
use crate::workflow::ok;
use serde_json::{Value, json};

const D: &str = "enterprise-attack";

/// What every MITRE record carries besides its own fields.
const RECORD: &str =
    "PK SK GSI1PK GSI1SK entity version item_hash custom revoked revoked_by deprecated removed";

/// One kind of catalog record: its key after `CAT#<domain>#`, entity, index partition after
/// `CAT#<domain>#`, index sort key, id attribute and own attributes.
struct Kind(&'static str, &'static str, &'static str, &'static str, &'static str, &'static str);

const KINDS: [Kind; 5] = [
    Kind(
        "TECHNIQUE#T1001",
        "technique",
        "TECHNIQUES",
        "T1001",
        "attack_id",
        "attack_id name description tactics platforms data_sources detection url is_subtechnique \
         parent_id mitigation_ids actor_ids detection_strategy_ids domain attack_version modified",
    ),
    Kind(
        "TACTIC#TA0002",
        "tactic",
        "TACTICS",
        "0002#TA0002",
        "id",
        "id name shortname description url order domain",
    ),
    Kind(
        "ACTOR#G0001",
        "threat_actor",
        "ACTORS",
        "G0001",
        "attack_id",
        "attack_id name aliases description url technique_ids domain",
    ),
    Kind(
        "MITIGATION#M1001",
        "mitigation",
        "MITIGATIONS",
        "M1001",
        "attack_id",
        "attack_id name description url technique_ids domain",
    ),
    Kind(
        "DETSTRAT#DET0001",
        "detection_strategy",
        "DETSTRATS",
        "DET0001",
        "attack_id",
        "attack_id name url technique_ids analytics domain",
    ),
];

#[tokio::test]
async fn the_catalog_record_items_of_every_kind() {
    // given a catalog synced from the fixture bundle
    let (app, _) = app_with_team().await;
    for Kind(key, entity, index, index_sk, id_attr, own) in KINDS {
        // then each record is `CAT#<domain>#<KIND>#<id>` / META, listed by its kind's index
        let item = raw(&app, &format!("CAT#{D}#{key}"), "META").await;
        assert_eq!(s(&item, "entity"), entity, "{key}");
        assert_eq!((s(&item, "GSI1PK"), s(&item, "GSI1SK")), (format!("CAT#{D}#{index}").as_str(), index_sk));
        assert_eq!(s(&item, id_attr), key.split_once('#').unwrap().1);
        assert_eq!(s(&item, "domain"), D);
        assert_eq!(item["custom"].as_bool(), Ok(&false), "{key} is MITRE's");
        assert_eq!(s(&item, "item_hash").len(), 64, "{key}: the sync's fingerprint");
        assert!(!item.contains_key("expires_at"));
        assert_attributes(&item, &format!("{RECORD} {own}"));
    }
}

#[tokio::test]
async fn the_review_mark_actor_mapping_and_catalog_state_items() {
    // given a lead's review mark and an admin's actor mapping
    let (app, team) = app_with_team().await;
    let review =
        app.post("/api/v1/techniques/T1001/review", &team.blue_lead, &json!({ "reviewed": true })).await;
    assert_eq!(review.status(), 200);
    let map = json!({ "technique_id": "T1004" });
    assert_eq!(
        app.post("/api/v1/threat-actors/G0001/techniques", &app.admin_token, &map).await.status(),
        201
    );

    // then the mark sits next to the technique and right after it in the technique index
    let item = raw(&app, &format!("CAT#{D}#TECHNIQUE#T1001"), "REVIEW").await;
    assert_eq!(s(&item, "entity"), "review");
    assert_eq!(
        (s(&item, "GSI1PK"), s(&item, "GSI1SK")),
        (format!("CAT#{D}#TECHNIQUES").as_str(), "T1001#REVIEW")
    );
    assert_eq!((s(&item, "attack_id"), item["reviewed"].as_bool()), ("T1001", Ok(&true)));
    assert!(item["repointed_from"].is_null());
    assert_attributes(
        &item,
        "PK SK GSI1PK GSI1SK entity version attack_id reviewed reviewed_by reviewed_at repointed_from",
    );

    // and the mapping sits under the actor, found from the technique through GSI2
    let item = raw(&app, &format!("CAT#{D}#ACTOR#G0001"), "MAP#T1004").await;
    assert_eq!(s(&item, "entity"), "actor_mapping");
    assert_eq!(
        (s(&item, "GSI2PK"), s(&item, "GSI2SK")),
        (format!("CAT#{D}#TECHACTORS#T1004").as_str(), "G0001")
    );
    assert_eq!(
        (s(&item, "actor_id"), s(&item, "technique_id"), s(&item, "added_by")),
        ("G0001", "T1004", "admin")
    );
    assert_attributes(
        &item,
        "PK SK GSI2PK GSI2SK entity version actor_id technique_id added_by added_at repointed_from",
    );

    // and the domain records what it was last synced to
    let runs: Value = ok(app.get("/api/v1/system/sync-runs", &app.admin_token).await).await;
    let item = raw(&app, &format!("CAT#{D}"), "STATE").await;
    assert_eq!(s(&item, "entity"), "catalog_state");
    assert_eq!((s(&item, "domain"), s(&item, "run_id")), (D, runs["items"][0]["run_id"].as_str().unwrap()));
    assert_attributes(&item, "PK SK entity version domain attack_version synced_at run_id");
}

#[tokio::test]
async fn the_sync_run_lease_and_job_status_items() {
    // given one finished sync run
    let (app, _) = app_with_team().await;
    let runs: Value = ok(app.get("/api/v1/system/sync-runs", &app.admin_token).await).await;
    let run = &runs["items"][0];
    let (id, started) = (run["run_id"].as_str().unwrap(), run["started_at"].as_str().unwrap());

    // then the run is `SYNCRUN#<id>` / RUN, listed newest first by start time
    let item = raw(&app, &format!("SYNCRUN#{id}"), "RUN").await;
    assert_eq!(s(&item, "entity"), "sync_run");
    assert_eq!(
        (s(&item, "GSI1PK"), s(&item, "GSI1SK")),
        ("SYNCRUNS", format!("{}#{id}", sort_time(started)).as_str())
    );
    assert_eq!((s(&item, "status"), s(&item, "trigger")), ("succeeded", "manual"));
    assert_attributes(
        &item,
        "PK SK GSI1PK GSI1SK entity version run_id status trigger domain source source_url attack_version \
         started_at finished_at counts by_kind catalog fallback_reason error repoints requested_by",
    );

    // and the job's last outcome is `JOB#<name>` / STATUS
    let item = raw(&app, "JOB#mitre-sync", "STATUS").await;
    assert_eq!(
        (s(&item, "entity"), s(&item, "name"), s(&item, "last_run_id")),
        ("job_status", "mitre-sync", id)
    );
    assert_eq!(s(&item, "last_status"), "succeeded");
    assert_attributes(
        &item,
        "PK SK entity version name last_run_at last_status last_run_id last_error last_success_at",
    );

    // and the run gave its lease back
    assert!(try_raw(&app, "LEASE#mitre-sync", "LEASE").await.is_none());
    // when a run holds it (held only while a run writes, so taken here as the sync takes it)
    let until = chrono::Utc::now() + chrono::Duration::minutes(5);
    store::sync_runs::acquire_lease(&app.state.db, "mitre-sync", "run-42", until).await.unwrap().unwrap();
    // then the lease names its holder and expires by TTL
    let item = raw(&app, "LEASE#mitre-sync", "LEASE").await;
    assert_eq!((s(&item, "entity"), s(&item, "holder")), ("lease", "run-42"));
    assert_eq!(n(&item, "expires_at"), until.timestamp());
    assert_attributes(&item, "PK SK entity holder expires_at");
    store::sync_runs::release_lease(&app.state.db, "mitre-sync", "run-42").await.unwrap();
    assert!(try_raw(&app, "LEASE#mitre-sync", "LEASE").await.is_none());
}

#[tokio::test]
async fn the_scoring_weights_technique_set_and_snapshot_items() {
    let (app, team) = app_with_team().await;
    // given weights set by the admin
    let weights = json!({ "tests": 50, "detection_rules": 20, "d3fend": 10, "freshness": 10, "platform_diversity": 10 });
    let res = app
        .request(reqwest::Method::PUT, "/api/v1/scores/config", Some(&app.admin_token))
        .json(&weights)
        .send()
        .await
        .unwrap();
    ok(res).await;
    // then they are one item, `SCORING` / CONFIG
    let item = raw(&app, "SCORING", "CONFIG").await;
    assert_eq!((s(&item, "entity"), n(&item, "tests"), n(&item, "d3fend")), ("scoring_config", 50, 10));
    assert_attributes(
        &item,
        "PK SK entity version tests detection_rules d3fend freshness platform_diversity",
    );

    // given a Navigator layer imported as a technique set
    let layer = json!({ "name": "Panda profile", "domain": D, "versions": { "layer": "4.5" },
        "techniques": [{ "techniqueID": "T1001", "score": 5 }, { "techniqueID": "T1004" },
            { "techniqueID": "T9999" }] });
    let set = created(app.post("/api/v1/heatmap/navigator-layer", &team.blue_lead, &layer).await).await;
    let id = set["id"].as_str().unwrap();
    // then the set is `TECHSET#<id>` / META, listed by creation time
    let item = raw(&app, &format!("TECHSET#{id}"), "META").await;
    assert_eq!(s(&item, "entity"), "technique_set");
    assert_eq!(s(&item, "GSI1PK"), "TECHSETS");
    assert!(s(&item, "GSI1SK").ends_with(&format!("Z#{id}")), "time first: {}", s(&item, "GSI1SK"));
    assert_eq!(s(&item, "GSI1SK"), format!("{}#{id}", sort_time(s(&item, "created_at"))));
    let techniques = item["techniques"].as_m().unwrap();
    assert_eq!(techniques["T1001"].as_n().map(String::as_str), Ok("5"));
    assert!(techniques["T1004"].is_null(), "no score in the layer");
    assert_eq!(
        item["unknown"].as_l().unwrap(),
        &[aws_sdk_dynamodb::types::AttributeValue::S("T9999".into())]
    );
    assert_attributes(
        &item,
        "PK SK GSI1PK GSI1SK entity version id name description domain techniques unknown created_by \
         created_at",
    );

    // given a snapshot a lead takes
    let snapshot = created(app.post("/api/v1/snapshots", &team.red_lead, &json!({})).await).await;
    let id = snapshot["id"].as_str().unwrap();
    // then its summary is `SNAPSHOT#<id>` / META, listed per domain by time ...
    let item = raw(&app, &format!("SNAPSHOT#{id}"), "META").await;
    assert_eq!(s(&item, "entity"), "snapshot");
    assert_eq!(s(&item, "GSI1PK"), format!("SNAPSHOTS#{D}"));
    assert_eq!(s(&item, "GSI1SK"), format!("{}#{id}", sort_time(s(&item, "taken_at"))));
    assert_eq!(s(&item, "trigger"), "manual");
    assert_attributes(
        &item,
        "PK SK GSI1PK GSI1SK entity version id domain taken_at trigger taken_by org_score counts",
    );
    // ... and the per-technique part a separate item outside the listing
    let item = raw(&app, &format!("SNAPSHOT#{id}"), "TECHNIQUES").await;
    assert_eq!(s(&item, "entity"), "snapshot_techniques");
    assert!(item["techniques"].as_m().unwrap().contains_key("T1001"));
    assert_attributes(&item, "PK SK entity version techniques");
}
