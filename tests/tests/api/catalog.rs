//! The ATT&CK catalog over HTTP: sync from a local TAXII server (pages), fallback to the bundle
//! URL, upgrades with revocations, re-pointing of user data and its revert, the lease, uploads,
//! custom objects, filters, and role checks. Expected counts come from `attack_expect`, which
//! reads the same fixture as plain JSON.

use crate::evidence::{put, sha};
use crate::helpers::{TestApp, config, error_codes, problem, spawn_app_with};
use aegis_tests::attack_expect::{self, Counts};
use aegis_tests::attack_server::{self, AttackServer};
use domain::Role;
use serde_json::{Value, json};
use std::sync::atomic::Ordering;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../shared/importers/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

async fn app_for(server: &AttackServer) -> TestApp {
    spawn_app_with(config(&[
        ("ATTACK_TAXII_URL", &server.taxii_url),
        ("ATTACK_BUNDLE_URL", &server.bundle_url),
    ]))
    .await
}

/// Starts a sync over the API and waits for its outcome.
async fn sync(app: &TestApp) -> Value {
    let res = app.post("/api/v1/system/sync-mitre", &app.admin_token, &json!({})).await;
    assert_eq!(res.status(), 202);
    let run_id = res.json::<Value>().await.unwrap()["run_id"].as_str().unwrap().to_owned();
    wait(app, &run_id).await
}

async fn wait(app: &TestApp, run_id: &str) -> Value {
    crate::helpers::until_not_running(app, &format!("/api/v1/system/sync-runs/{run_id}")).await
}

fn counts_of(run: &Value, kind: &str) -> Counts {
    let c = &run["by_kind"][kind];
    let n = |k: &str| c[k].as_u64().unwrap_or_else(|| panic!("{kind}.{k} in {run}")) as u32;
    assert_eq!(c["failed"], 0);
    Counts {
        added: n("added"),
        updated: n("updated"),
        deprecated: n("deprecated"),
        revoked: n("revoked"),
        removed: n("removed"),
        unchanged: n("unchanged"),
    }
}

fn assert_counts(run: &Value, expected: &std::collections::BTreeMap<&'static str, Counts>) {
    for (kind, want) in expected {
        assert_eq!(&counts_of(run, kind), want, "{kind}");
    }
}

fn ids(list: &Value) -> Vec<String> {
    list["items"].as_array().unwrap().iter().map(|t| t["attack_id"].as_str().unwrap().to_owned()).collect()
}

async fn list(app: &TestApp, query: &str, token: &str) -> Value {
    let res = app.get(&format!("/api/v1/techniques?{query}"), token).await;
    assert_eq!(res.status(), 200, "{query}");
    res.json().await.unwrap()
}

#[tokio::test]
async fn sync_reads_every_taxii_page_and_stores_what_the_bundle_holds() {
    let v1 = fixture("mini-enterprise-v1.json");
    let server = attack_server::serve(v1.clone(), 7).await;
    let app = app_for(&server).await;
    let run = sync(&app).await;
    assert_eq!(run["status"], "succeeded", "{run}");
    assert_eq!(run["source"], "taxii");
    assert_eq!(run["attack_version"], "1.1");
    assert_eq!(run["trigger"], "manual");
    // 37 objects in pages of 7: 6 requests, and the bundle URL was not needed.
    assert_eq!(server.taxii_requests.load(Ordering::SeqCst), 6);
    assert_eq!(server.bundle_requests.load(Ordering::SeqCst), 0);

    let bundle: Value = serde_json::from_slice(&v1).unwrap();
    let objs = attack_expect::objects(&bundle);
    assert_counts(&run, &attack_expect::changes(None, &objs));
    let h = attack_expect::holdings(&objs);
    let c = &run["catalog"];
    assert_eq!(c["tactics"], h.tactics);
    assert_eq!(c["techniques"], h.techniques);
    assert_eq!(c["subtechniques"], h.subtechniques);
    assert_eq!(c["threat_actors"], h.threat_actors);
    assert_eq!(c["revoked"], h.revoked);
    assert_eq!(c["deprecated"], h.deprecated);

    // tactics in matrix order, from the data
    let mut tactics: Vec<&attack_expect::Obj> =
        objs.values().filter(|o| o.kind == "tactic" && !o.revoked && !o.deprecated).collect();
    tactics.sort_by_key(|o| o.links["order"].parse::<u32>().unwrap());
    let want: Vec<&str> = tactics.iter().map(|o| o.id.as_str()).collect();
    let got: Value = app.get("/api/v1/tactics", &app.admin_token).await.json().await.unwrap();
    let got: Vec<&str> = got["items"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(got, want);

    // a second run over unchanged data writes nothing
    let again = sync(&app).await;
    let total = objs.len() as u64;
    assert_eq!(again["counts"]["unchanged"], total, "{again}");
    for k in ["added", "updated", "deprecated", "revoked", "removed", "failed"] {
        assert_eq!(again["counts"][k], 0, "{k}");
    }
    // the scheduler status shows the job's last outcome and the catalog version
    let status: Value =
        app.get("/api/v1/system/scheduler-status", &app.admin_token).await.json().await.unwrap();
    let job = mitre_sync_job(&status);
    assert_eq!(job["schedule"], "rate(24 hours)");
    assert_eq!(job["last_status"], "succeeded");
    assert_eq!(job["last_run_id"], again["run_id"]);
    assert_eq!(status["catalogs"][0]["attack_version"], "1.1");
    let runs: Value = app.get("/api/v1/system/sync-runs", &app.admin_token).await.json().await.unwrap();
    assert_eq!(runs["items"][0]["run_id"], again["run_id"], "newest first");
    assert_eq!(runs["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn an_upgrade_reports_each_change_and_moves_user_data_off_revoked_techniques() {
    let (v1, v2) = (fixture("mini-enterprise-v1.json"), fixture("mini-enterprise-v2.json"));
    let server = attack_server::serve(v1.clone(), 100).await;
    let app = app_for(&server).await;
    assert_eq!(sync(&app).await["status"], "succeeded");

    let (_, _, lead) = app.user(Role::BlueLead).await;
    for t in ["T1004", "T1003", "T1001"] {
        let res =
            app.post(&format!("/api/v1/techniques/{t}/review"), &lead, &json!({ "reviewed": true })).await;
        assert_eq!(res.status(), 200, "{t}");
    }
    let actor = json!({ "attack_id": "ACME-1", "name": "Acme Red Team", "aliases": ["Road Runner"] });
    assert_eq!(app.post("/api/v1/threat-actors", &app.admin_token, &actor).await.status(), 201);
    let map = app
        .post(
            "/api/v1/threat-actors/ACME-1/techniques",
            &app.admin_token,
            &json!({ "technique_id": "T1004" }),
        )
        .await;
    assert_eq!(map.status(), 201);
    // ... and a validation test
    let test: Value = app
        .post(
            "/api/v1/tests",
            &app.admin_token,
            &json!({ "title": "Phishing drill", "technique_id": "T1004", "severity": "low" }),
        )
        .await
        .json()
        .await
        .unwrap();
    let test_path = format!("/api/v1/tests/{}", test["id"].as_str().unwrap());

    // ATT&CK moves on: the next release is served (the run is driven directly, as the job would)
    let server2 = attack_server::serve(v2.clone(), 100).await;
    let mut cfg = (*app.state.config).clone();
    cfg.attack_taxii_url = server2.taxii_url.clone();
    let state = web::AppState { config: std::sync::Arc::new(cfg), ..app.state.clone() };
    let started = attack_sync::start(&state, domain::sync::Trigger::Schedule, None).await.unwrap();
    let upgraded = attack_sync::execute(&state, started, attack_sync::Input::Fetch).await;
    drop(server);
    let run = serde_json::to_value(&upgraded).unwrap();
    assert_eq!(run["status"], "succeeded", "{run}");
    assert_eq!(run["attack_version"], "1.2");
    let old = attack_expect::objects(&serde_json::from_slice(&v1).unwrap());
    let new = attack_expect::objects(&serde_json::from_slice(&v2).unwrap());
    let expected = attack_expect::changes(Some(&old), &new);
    assert_counts(&run, &expected);
    assert_eq!(expected["technique"].revoked, 1);
    assert_eq!(expected["technique"].removed, 1);
    assert_eq!(expected["mitigation"].deprecated, 1);

    // T1004 was revoked by T1005: its review and custom mapping moved there
    let t1005: Value = app.get("/api/v1/techniques/T1005", &lead).await.json().await.unwrap();
    assert_eq!(t1005["reviewed"], true, "{t1005}");
    let acme: Value = app.get("/api/v1/threat-actors/ACME-1", &lead).await.json().await.unwrap();
    assert_eq!(
        acme["techniques"],
        json!([{ "attack_id": "T1005", "name": "Delta Phishing (new)", "source": "custom" }])
    );
    assert_eq!(run["repoints"][0]["from"], "T1004");
    assert_eq!(run["repoints"][0]["to"], "T1005");
    assert_eq!(run["repoints"][0]["review_moved"], true);
    assert_eq!(run["repoints"][0]["mappings_moved"], json!(["ACME-1"]));
    assert_eq!(run["repoints"][0]["tests_moved"], json!([test["id"]]));
    let moved: Value = app.get(&test_path, &lead).await.json().await.unwrap();
    assert_eq!(
        (moved["technique_id"].as_str(), moved["technique_name"].as_str()),
        (Some("T1005"), Some("Delta Phishing (new)"))
    );
    let last = moved["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["action"].as_str(), last["actor"].as_str()),
        (Some("repoint"), Some("mitre-sync")),
        "{last}"
    );
    let on_new: Value = app.get("/api/v1/tests?technique=T1005", &lead).await.json().await.unwrap();
    assert_eq!(on_new["items"][0]["id"], test["id"]);
    assert_eq!(
        app.get("/api/v1/techniques/T1005", &lead).await.json::<Value>().await.unwrap()["coverage_status"],
        "in_progress"
    );
    let t1004: Value = app.get("/api/v1/techniques/T1004", &lead).await.json().await.unwrap();
    assert_eq!((t1004["revoked"].clone(), t1004["revoked_by"].clone()), (json!(true), json!("T1005")));
    // T1003 vanished from the data: marked removed, its review kept; T1001 updated or not, kept
    let t1003: Value = app.get("/api/v1/techniques/T1003", &lead).await.json().await.unwrap();
    assert_eq!((t1003["removed"].clone(), t1003["reviewed"].clone()), (json!(true), json!(true)));
    let t1001: Value = app.get("/api/v1/techniques/T1001", &lead).await.json().await.unwrap();
    assert_eq!(t1001["reviewed"], true);

    // an admin reverts the re-point; a second revert is a conflict
    let run_id = run["run_id"].as_str().unwrap();
    let path = format!("/api/v1/system/sync-runs/{run_id}/repoints/T1004/revert");
    assert_eq!(app.post(&path, &lead, &json!({})).await.status(), 403);
    let reverted: Value = app.post(&path, &app.admin_token, &json!({})).await.json().await.unwrap();
    assert!(reverted["repoints"][0]["reverted_at"].is_string(), "{reverted}");
    let t1005: Value = app.get("/api/v1/techniques/T1005", &lead).await.json().await.unwrap();
    assert_eq!(t1005["reviewed"], false);
    let acme: Value = app.get("/api/v1/threat-actors/ACME-1", &lead).await.json().await.unwrap();
    assert_eq!(acme["techniques"][0]["attack_id"], "T1004");
    let back: Value = app.get(&test_path, &lead).await.json().await.unwrap();
    assert_eq!(back["technique_id"], "T1004");
    assert_eq!(back["history"].as_array().unwrap().last().unwrap()["actor"], "admin");
    problem(app.post(&path, &app.admin_token, &json!({})).await, 409).await;
    assert!(!app.audit("action=system.repoint_revert").await.is_empty());
}

#[tokio::test]
async fn taxii_failure_falls_back_to_the_bundle_url_and_total_failure_is_recorded() {
    let server = attack_server::serve(fixture("mini-enterprise-v1.json"), 10).await;
    server.taxii_down.store(true, Ordering::SeqCst);
    let app = app_for(&server).await;
    let run = sync(&app).await;
    assert_eq!(run["status"], "succeeded", "{run}");
    assert_eq!(run["source"], "bundle_url");
    assert!(run["fallback_reason"].as_str().unwrap().contains("503"), "{run}");
    assert_eq!(server.bundle_requests.load(Ordering::SeqCst), 1);

    // both sources unreachable: the run fails with the reasons, nothing is half-written
    let dead = "http://127.0.0.1:9/";
    let app = spawn_app_with(config(&[
        ("ATTACK_TAXII_URL", dead),
        ("ATTACK_BUNDLE_URL", "http://127.0.0.1:9/x.json"),
    ]))
    .await;
    let run = sync(&app).await;
    assert_eq!(run["status"], "failed");
    let error = run["error"].as_str().unwrap();
    assert!(error.contains("TAXII failed") && error.contains("bundle URL failed"), "{error}");
    let status: Value =
        app.get("/api/v1/system/scheduler-status", &app.admin_token).await.json().await.unwrap();
    assert_eq!(mitre_sync_job(&status)["last_status"], "failed");
    assert!(list(&app, "", &app.admin_token).await["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn overlapping_runs_never_both_write() {
    let server = attack_server::serve(fixture("mini-enterprise-v1.json"), 5).await;
    let app = app_for(&server).await;
    // a live lease held by another run: the API refuses, and a run that starts anyway writes nothing
    let until = chrono::Utc::now() + chrono::Duration::minutes(5);
    store::sync_runs::acquire_lease(&app.state.db, "mitre-sync", "other-run", until).await.unwrap().unwrap();
    let refused =
        problem(app.post("/api/v1/system/sync-mitre", &app.admin_token, &json!({})).await, 409).await;
    assert!(refused["detail"].as_str().unwrap().contains("other-run"));
    let run = attack_sync::start(&app.state, domain::sync::Trigger::Schedule, None).await.unwrap();
    let run = attack_sync::execute(&app.state, run, attack_sync::Input::Fetch).await;
    assert_eq!(run.status, domain::sync::RunStatus::Failed);
    assert!(run.error.unwrap().contains("in progress"));
    assert!(list(&app, "", &app.admin_token).await["items"].as_array().unwrap().is_empty());
    store::sync_runs::release_lease(&app.state.db, "mitre-sync", "other-run").await.unwrap();

    // two runs at once: one writes, the other is refused the lease
    let (a, b) = tokio::join!(
        async {
            let run = attack_sync::start(&app.state, domain::sync::Trigger::Manual, None).await.unwrap();
            attack_sync::execute(&app.state, run, attack_sync::Input::Fetch).await
        },
        async {
            let run = attack_sync::start(&app.state, domain::sync::Trigger::Schedule, None).await.unwrap();
            attack_sync::execute(&app.state, run, attack_sync::Input::Fetch).await
        }
    );
    let statuses = [a.status, b.status];
    use domain::sync::RunStatus::{Failed, Succeeded};
    assert!(statuses == [Succeeded, Failed] || statuses == [Failed, Succeeded], "{statuses:?}");
    let loser = if a.status == Failed { &a } else { &b };
    assert!(loser.error.as_deref().unwrap().contains("in progress"));
    assert_eq!(loser.counts.added, 0);
}

#[tokio::test]
async fn uploaded_bundles_are_checked_and_imported() {
    let app =
        spawn_app_with(config(&[("ATTACK_TAXII_URL", ""), ("ATTACK_BUNDLE_URL", "http://127.0.0.1:9/x")]))
            .await;
    let v1 = fixture("mini-enterprise-v1.json");
    let upload = |body: Vec<u8>, ct: &'static str| {
        app.request(reqwest::Method::POST, "/api/v1/system/import", Some(&app.admin_token))
            .header("content-type", ct)
            .body(body)
            .send()
    };
    let res = upload(v1.clone(), "application/json").await.unwrap();
    assert_eq!(res.status(), 202);
    let run_id = res.json::<Value>().await.unwrap()["run_id"].as_str().unwrap().to_owned();
    let run = wait(&app, &run_id).await;
    assert_eq!(
        (run["status"].clone(), run["source"].clone(), run["trigger"].clone()),
        (json!("succeeded"), json!("upload"), json!("upload"))
    );
    let objs = attack_expect::objects(&serde_json::from_slice(&v1).unwrap());
    assert_counts(&run, &attack_expect::changes(None, &objs));

    // gzipped works too (and finds nothing new)
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &v1).unwrap();
    let res = upload(gz.finish().unwrap(), "application/gzip").await.unwrap();
    assert_eq!(res.status(), 202);
    let run = wait(&app, res.json::<Value>().await.unwrap()["run_id"].as_str().unwrap()).await;
    assert_eq!(run["counts"]["unchanged"], objs.len() as u64);

    let bad = problem(
        upload(b"{\"type\":\"bundle\",\"objects\":[]}".to_vec(), "application/json").await.unwrap(),
        422,
    )
    .await;
    assert_eq!(error_codes(&bad), ["not_attack_bundle"]);
    problem(upload(b"\x1f\x8bnot gzip at all".to_vec(), "application/gzip").await.unwrap(), 422).await;
    problem(upload(v1.clone(), "text/plain").await.unwrap(), 415).await;
    let (_, _, lead) = app.user(Role::RedLead).await;
    let res = app
        .request(reqwest::Method::POST, "/api/v1/system/import", Some(&lead))
        .header("content-type", "application/json")
        .body(v1)
        .send()
        .await
        .unwrap();
    problem(res, 403).await;
}

#[tokio::test]
async fn techniques_filter_search_and_page_and_show_their_relations() {
    let server = attack_server::serve(fixture("mini-enterprise-v1.json"), 100).await;
    let app = app_for(&server).await;
    assert_eq!(sync(&app).await["status"], "succeeded");
    let (_, _, viewer) = app.user(Role::Viewer).await;

    assert_eq!(ids(&list(&app, "", &viewer).await), ["T1001", "T1001.001", "T1004"]);
    assert_eq!(ids(&list(&app, "deprecated=true", &viewer).await), ["T1002", "T1003"]);
    assert_eq!(ids(&list(&app, "tactic=execution", &viewer).await), ["T1001", "T1001.001"]);
    assert_eq!(ids(&list(&app, "tactic=TA0002", &viewer).await), ["T1001", "T1001.001"]);
    assert_eq!(ids(&list(&app, "subtechniques=true", &viewer).await), ["T1001.001"]);
    assert_eq!(ids(&list(&app, "subtechniques=false", &viewer).await), ["T1001", "T1004"]);
    assert_eq!(ids(&list(&app, "q=ALPHA", &viewer).await), ["T1001", "T1001.001"]);
    // the query is literal text: a dot is a dot, a pattern matches nothing
    assert_eq!(ids(&list(&app, "q=T1001.", &viewer).await), ["T1001.001"]);
    assert!(ids(&list(&app, "q=.%2A", &viewer).await).is_empty());
    assert!(ids(&list(&app, "q=%25", &viewer).await).is_empty());
    let platform = list(&app, "platform=windows", &viewer).await;
    assert!(
        platform["items"].as_array().unwrap().iter().all(|t| t["platforms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "Windows"))
    );

    // pages of 1 walk the whole list exactly once
    let (mut seen, mut cursor) = (Vec::new(), String::new());
    loop {
        let page = list(&app, &format!("limit=1{cursor}"), &viewer).await;
        seen.extend(ids(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, ["T1001", "T1001.001", "T1004"]);
    problem(app.get("/api/v1/techniques?cursor=bm9wZQ", &viewer).await, 400).await;
    problem(app.get("/api/v1/techniques?domain=pre-attack", &viewer).await, 400).await;
    problem(app.get("/api/v1/techniques?colour=red", &viewer).await, 422).await;
    problem(app.get("/api/v1/techniques?subtechniques=maybe", &viewer).await, 422).await;

    let t: Value = app.get("/api/v1/techniques/T1001", &viewer).await.json().await.unwrap();
    assert_eq!(t["name"], "Alpha Execution");
    assert_eq!(t["subtechniques"][0]["attack_id"], "T1001.001");
    assert_eq!(t["tactic_refs"][0]["id"], "TA0002");
    assert!(t["mitigations"].as_array().unwrap().iter().any(|m| m["attack_id"] == "M1001"), "{t}");
    assert!(t["threat_actors"].as_array().unwrap().iter().any(|a| a["attack_id"] == "G0001"), "{t}");
    assert_eq!(t["detection_strategies"][0]["attack_id"], "DET0001");
    problem(app.get("/api/v1/techniques/T9999", &viewer).await, 404).await;

    // reviews: leads and admins only; the filter follows
    problem(app.post("/api/v1/techniques/T1004/review", &viewer, &json!({ "reviewed": true })).await, 403)
        .await;
    let (_, lead_name, lead) = app.user(Role::RedLead).await;
    let r: Value = app
        .post("/api/v1/techniques/T1004/review", &lead, &json!({ "reviewed": true }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((r["reviewed"].clone(), r["reviewed_by"].clone()), (json!(true), json!(lead_name)));
    assert_eq!(ids(&list(&app, "reviewed=true", &viewer).await), ["T1004"]);
    assert_eq!(ids(&list(&app, "reviewed=false", &viewer).await), ["T1001", "T1001.001"]);
    problem(app.post("/api/v1/techniques/T9999/review", &lead, &json!({ "reviewed": true })).await, 404)
        .await;
    assert_eq!(app.audit("action=technique.review").await.len(), 1);

    // actors and mitigations
    let actors: Value = app.get("/api/v1/threat-actors?q=panda", &viewer).await.json().await.unwrap();
    assert_eq!(ids(&actors), ["G0001"]);
    let g: Value = app.get("/api/v1/threat-actors/G0001", &viewer).await.json().await.unwrap();
    assert!(g["techniques"].as_array().unwrap().iter().all(|t| t["source"] == "mitre"));
    let m: Value = app.get("/api/v1/mitigations?q=training", &viewer).await.json().await.unwrap();
    assert_eq!(ids(&m), ["M1002"]);
    let m: Value = app.get("/api/v1/mitigations/M1001", &viewer).await.json().await.unwrap();
    assert!(m["techniques"].as_array().unwrap().iter().any(|t| t["attack_id"] == "T1001"));
}

#[tokio::test]
async fn custom_objects_are_admin_only_and_survive_syncs() {
    let server = attack_server::serve(fixture("mini-enterprise-v1.json"), 100).await;
    let app = app_for(&server).await;
    assert_eq!(sync(&app).await["status"], "succeeded");
    let (_, _, red_lead) = app.user(Role::RedLead).await;
    let custom = json!({ "attack_id": "CT-0001", "name": "Badge cloning", "tactics": ["initial-access"], "platforms": ["Physical"] });
    problem(app.post("/api/v1/techniques", &red_lead, &custom).await, 403).await;
    assert_eq!(app.post("/api/v1/techniques", &app.admin_token, &custom).await.status(), 201);
    problem(app.post("/api/v1/techniques", &app.admin_token, &custom).await, 409).await;
    let mitre_id = json!({ "attack_id": "T1999", "name": "Squatting", "tactics": ["initial-access"] });
    let p = problem(app.post("/api/v1/techniques", &app.admin_token, &mitre_id).await, 422).await;
    assert_eq!(error_codes(&p), ["invalid"]);
    let bad_tactic = json!({ "attack_id": "CT-0002", "name": "X", "tactics": ["teleportation"] });
    assert_eq!(
        error_codes(&problem(app.post("/api/v1/techniques", &app.admin_token, &bad_tactic).await, 422).await),
        ["unknown"]
    );

    let t1001 = json!({ "attack_id": "T1001", "name": "Mine now", "tactics": ["execution"] });
    problem(
        app.request(reqwest::Method::PUT, "/api/v1/techniques/T1001", Some(&app.admin_token))
            .json(&t1001)
            .send()
            .await
            .unwrap(),
        409,
    )
    .await;
    problem(app.delete("/api/v1/techniques/T1001", &app.admin_token).await, 409).await;
    let renamed =
        json!({ "attack_id": "CT-0001", "name": "Badge cloning (RFID)", "tactics": ["initial-access"] });
    let res = app
        .request(reqwest::Method::PUT, "/api/v1/techniques/CT-0001", Some(&app.admin_token))
        .json(&renamed)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    // a sync leaves custom objects alone
    let run = sync(&app).await;
    assert_eq!(run["counts"]["added"], 0);
    let t: Value = app.get("/api/v1/techniques/CT-0001", &red_lead).await.json().await.unwrap();
    assert_eq!((t["name"].clone(), t["custom"].clone()), (json!("Badge cloning (RFID)"), json!(true)));
    assert_eq!(ids(&list(&app, "custom=true", &red_lead).await), ["CT-0001"]);

    assert_eq!(app.delete("/api/v1/techniques/CT-0001", &app.admin_token).await.status(), 204);
    problem(app.delete("/api/v1/techniques/CT-0001", &app.admin_token).await, 404).await;
    let actions: Vec<String> = app
        .audit("action=technique.")
        .await
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(actions, ["technique.delete", "technique.update", "technique.create"]);

    // actors: custom CRUD and mappings, admin only
    let actor = json!({ "attack_id": "ACME-9", "name": "Acme" });
    problem(app.post("/api/v1/threat-actors", &red_lead, &actor).await, 403).await;
    assert_eq!(app.post("/api/v1/threat-actors", &app.admin_token, &actor).await.status(), 201);
    problem(
        app.post(
            "/api/v1/threat-actors/ACME-9/techniques",
            &app.admin_token,
            &json!({ "technique_id": "T4242" }),
        )
        .await,
        404,
    )
    .await;
    assert_eq!(
        app.post(
            "/api/v1/threat-actors/G0001/techniques",
            &app.admin_token,
            &json!({ "technique_id": "T1004" })
        )
        .await
        .status(),
        201
    );
    let g: Value = app.get("/api/v1/threat-actors/G0001", &red_lead).await.json().await.unwrap();
    assert!(g["techniques"].as_array().unwrap().iter().any(|t| t["attack_id"] == "T1004"), "{g}");
    let t: Value = app.get("/api/v1/techniques/T1004", &red_lead).await.json().await.unwrap();
    assert!(t["threat_actors"].as_array().unwrap().iter().any(|a| a["attack_id"] == "G0001"), "{t}");
    assert_eq!(
        app.delete("/api/v1/threat-actors/G0001/techniques/T1004", &app.admin_token).await.status(),
        204
    );
    problem(app.delete("/api/v1/threat-actors/G0001/techniques/T1004", &app.admin_token).await, 404).await;
    problem(app.delete("/api/v1/threat-actors/G0001", &app.admin_token).await, 409).await;
    assert_eq!(app.delete("/api/v1/threat-actors/ACME-9", &app.admin_token).await.status(), 204);
}

#[tokio::test]
async fn system_routes_are_admin_only() {
    let app = spawn_app_with(config(&[])).await;
    for role in [Role::Viewer, Role::RedTech, Role::BlueLead] {
        let (_, _, token) = app.user(role).await;
        problem(app.post("/api/v1/system/sync-mitre", &token, &json!({})).await, 403).await;
        problem(app.get("/api/v1/system/sync-runs", &token).await, 403).await;
        problem(app.get("/api/v1/system/scheduler-status", &token).await, 403).await;
        // reading the catalog is open to every role
        assert_eq!(app.get("/api/v1/techniques", &token).await.status(), 200);
        assert_eq!(app.get("/api/v1/tactics", &token).await.status(), 200);
    }
    problem(
        app.get("/api/v1/system/sync-runs/00000000-0000-4000-8000-000000000000", &app.admin_token).await,
        404,
    )
    .await;
    problem(app.get("/api/v1/system/sync-runs/not-a-uuid", &app.admin_token).await, 404).await;
    problem(app.get("/api/v1/techniques", "").await, 401).await;
}

#[tokio::test]
async fn a_taxii_server_that_hangs_times_out_and_the_bundle_url_serves() {
    let server = attack_server::serve(fixture("mini-enterprise-v1.json"), 10).await;
    server.taxii_hangs.store(true, Ordering::SeqCst);
    let app = spawn_app_with(config(&[
        ("ATTACK_TAXII_URL", &server.taxii_url),
        ("ATTACK_BUNDLE_URL", &server.bundle_url),
        ("ATTACK_FETCH_TIMEOUT_SECONDS", "1"),
    ]))
    .await;
    let run = sync(&app).await;
    assert_eq!(run["status"], "succeeded", "{run}");
    assert_eq!(run["source"], "bundle_url");
    assert!(run["fallback_reason"].as_str().unwrap().contains("timed out"), "{run}");
}

/// Each broken input ends the run as failed with a reason and leaves the synced catalog as it was.
#[tokio::test]
async fn malformed_bundles_fail_the_run_and_change_nothing() {
    let good = fixture("mini-enterprise-v1.json");
    let server = attack_server::serve(good.clone(), 100).await;
    let app = app_for(&server).await;
    assert_eq!(sync(&app).await["status"], "succeeded");
    let before = list(&app, "limit=1000", &app.admin_token).await;

    let text = String::from_utf8(good.clone()).unwrap();
    let truncated = good[..good.len() / 2].to_vec();
    let wrong_types =
        text.replacen("\"kill_chain_phases\": [", "\"kill_chain_phases\": 7, \"x\": [", 1).into_bytes();
    let missing_id = text.replacen("\"external_id\": \"T1001\"", "\"external_id\": \"\"", 1).into_bytes();
    let not_stix = br#"{"type":"bundle","id":"bundle--1","objects":[{"type":"indicator"}]}"#.to_vec();
    // 200 MB of junk (the size limit is larger, so it is read and refused as not JSON)
    let junk: Vec<u8> =
        (0..200 * 1024 * 1024u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated JSON", truncated, "truncated"),
        ("wrong STIX types", wrong_types, "kill_chain_phases"),
        ("missing ATT&CK id", missing_id, "no ATT&CK id"),
        ("objects without ids", not_stix, "id"),
        ("200 MB of junk", junk, "not a usable ATT&CK bundle"),
    ];
    assert!(
        text.contains("\"kill_chain_phases\": [") && text.contains("\"external_id\": \"T1001\""),
        "fixture layout changed"
    );
    for (what, bytes, reason) in cases {
        let bad = attack_server::serve_raw(bytes).await;
        let mut cfg = (*app.state.config).clone();
        cfg.attack_taxii_url = String::new();
        cfg.attack_bundle_url = bad.bundle_url.clone();
        let state = web::AppState { config: std::sync::Arc::new(cfg), ..app.state.clone() };
        let run = attack_sync::start(&state, domain::sync::Trigger::Manual, None).await.unwrap();
        let run = attack_sync::execute(&state, run, attack_sync::Input::Fetch).await;
        assert_eq!(run.status, domain::sync::RunStatus::Failed, "{what}");
        let error = run.error.unwrap();
        assert!(error.contains(reason), "{what}: {error}");
        assert_eq!(list(&app, "limit=1000", &app.admin_token).await, before, "{what} changed the catalog");
    }
}

#[tokio::test]
async fn large_bundles_are_imported_through_an_upload_slot() {
    // given a gzipped bundle, as an admin would pick it on the System screen
    let app =
        spawn_app_with(config(&[("ATTACK_TAXII_URL", ""), ("ATTACK_BUNDLE_URL", "http://127.0.0.1:9/x")]))
            .await;
    let v1 = fixture("mini-enterprise-v1.json");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &v1).unwrap();
    let file = gz.finish().unwrap();
    let request =
        json!({ "filename": "enterprise-attack.json.gz", "size_bytes": file.len(), "sha256": sha(&file) });

    // when it asks for a slot, uploads to it and completes it
    let res = app.post("/api/v1/system/uploads", &app.admin_token, &request).await;
    assert_eq!(res.status(), 201);
    let slot: Value = res.json().await.unwrap();
    assert_eq!(put(&slot, file.clone()).await, 200);
    let complete = format!("/api/v1/system/uploads/{}/complete", slot["id"].as_str().unwrap());
    let res = app.post(&complete, &app.admin_token, &json!({})).await;
    assert_eq!(res.status(), 202);

    // then the run imports the object from S3, and the slot cannot start a second run
    let run = wait(&app, res.json::<Value>().await.unwrap()["run_id"].as_str().unwrap()).await;
    assert_eq!((run["status"].clone(), run["trigger"].clone()), (json!("succeeded"), json!("upload")));
    let objs = attack_expect::objects(&serde_json::from_slice(&v1).unwrap());
    assert_counts(&run, &attack_expect::changes(None, &objs));
    problem(app.post(&complete, &app.admin_token, &json!({})).await, 409).await;
    let audit = app.audit("action=system.import").await;
    assert_eq!(audit[0]["summary"]["sha256"], request["sha256"]);
}

#[tokio::test]
async fn upload_slots_refuse_bad_declarations_and_bytes_that_differ() {
    let app = spawn_app_with(config(&[("ATTACK_TAXII_URL", "")])).await;
    let slot_for = |filename: &str, size: u64, sha: &str| json!({ "filename": filename, "size_bytes": size, "sha256": sha });
    let good_sha = sha(b"x");
    let cases = [
        (slot_for("bundle.exe", 10, &good_sha), vec!["extension"]),
        (slot_for("../bundle.json", 10, &good_sha), vec!["invalid_name"]),
        (slot_for("bundle.json", 0, &good_sha), vec!["out_of_range"]),
        (slot_for("bundle.json", 201 * 1024 * 1024, &good_sha), vec!["out_of_range"]),
        (slot_for("bundle.json", 10, "zz"), vec!["invalid"]),
        (slot_for("", 0, ""), vec!["invalid_name", "out_of_range", "invalid"]),
    ];
    for (body, codes) in cases {
        let p = problem(app.post("/api/v1/system/uploads", &app.admin_token, &body).await, 422).await;
        assert_eq!(error_codes(&p), codes, "{body}");
    }
    // bytes other than declared (same length) are refused and removed; nothing runs
    let declared = b"{\"type\":\"bundle\",\"objects\":[]}".to_vec();
    let slot: Value = app
        .post(
            "/api/v1/system/uploads",
            &app.admin_token,
            &slot_for("b.json", declared.len() as u64, &sha(&declared)),
        )
        .await
        .json()
        .await
        .unwrap();
    let complete = format!("/api/v1/system/uploads/{}/complete", slot["id"].as_str().unwrap());
    let missing = problem(app.post(&complete, &app.admin_token, &json!({})).await, 422).await;
    assert_eq!(error_codes(&missing), ["missing"]);
    let mut forged = declared.clone();
    forged[2] = b'T';
    // S3 itself refuses a body whose checksum differs from the signed one
    assert_ne!(put(&slot, forged).await, 200);
    // unknown slots, other roles, oversized direct bodies
    problem(
        app.post(
            &format!("/api/v1/system/uploads/{}/complete", uuid::Uuid::new_v4()),
            &app.admin_token,
            &json!({}),
        )
        .await,
        404,
    )
    .await;
    let (_, _, lead) = app.user(Role::BlueLead).await;
    problem(app.post("/api/v1/system/uploads", &lead, &slot_for("b.json", 10, &good_sha)).await, 403).await;
    let big = vec![b' '; 6 * 1024 * 1024];
    let res = app
        .request(reqwest::Method::POST, "/api/v1/system/import", Some(&app.admin_token))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    problem(res, 413).await;
    let runs: Value = app.get("/api/v1/system/sync-runs", &app.admin_token).await.json().await.unwrap();
    assert!(runs["items"].as_array().unwrap().is_empty(), "nothing started: {runs}");
}

/// The MITRE sync's entry of the scheduler status (one job among several).
fn mitre_sync_job(status: &Value) -> &Value {
    status["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["name"] == "mitre-sync")
        .expect("the mitre-sync job is listed")
}
