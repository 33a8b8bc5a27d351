//! The content library end to end: data sources seeded and configured, an Atomic Red Team
//! archive synced from a `file://` URL and imported as a request body, a second sync that
//! changes nothing, unsafe archives refused with nothing written, the template catalog's
//! filters, bulk activation, custom templates and tests created from templates.

use crate::helpers::finished_run;
use crate::helpers::{TestApp, config, error_codes, problem, spawn_app_with};
use domain::Role;
use serde_json::{Value, json};
use std::io::Write;

/// One atomic test in Atomic Red Team's layout.
pub(crate) fn atomic(technique: &str, tests: &[(&str, &str, &str)]) -> String {
    let mut out = format!("attack_technique: {technique}\ndisplay_name: Test technique\natomic_tests:\n");
    for (guid, name, command) in tests {
        out.push_str(&format!(
            "- name: {name}\n  auto_generated_guid: {guid}\n  description: Runs {name}.\n  supported_platforms:\n  - windows\n  input_arguments:\n    output_file:\n      description: Where the output goes\n      type: path\n      default: C:\\Temp\\out.txt\n  executor:\n    name: powershell\n    elevation_required: false\n    command: |\n      {command}\n    cleanup_command: |\n      Remove-Item #{{output_file}}\n"
        ));
    }
    out
}

/// A GitHub-style tar.gz (`atomic-red-team-master/...`) of `files`.
pub(crate) fn tar_gz(files: &[(String, String)]) -> Vec<u8> {
    let mut builder =
        tar::Builder::new(flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast()));
    for (path, text) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(text.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder.append_data(&mut header, format!("atomic-red-team-master/{path}"), text.as_bytes()).unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap()
}

/// The fixture's atomics: 5 tests over T1001, T1001.001, T1004 and T1686 (an id the fixture
/// catalog does not know, as ATT&CK v19 ids are unknown to 18.1).
pub(crate) fn atomics(changed: bool) -> Vec<(String, String)> {
    let first = if changed {
        "Get-Process | Out-File #{output_file} -Append"
    } else {
        "Get-Process | Out-File #{output_file}"
    };
    vec![
        (
            "atomics/T1001/T1001.yaml".into(),
            atomic(
                "T1001",
                &[
                    ("11111111-0000-4000-8000-000000000001", "Alpha one", first),
                    ("11111111-0000-4000-8000-000000000002", "Alpha two", "whoami > #{output_file}"),
                ],
            ),
        ),
        (
            "atomics/T1001.001/T1001.001.yaml".into(),
            atomic(
                "T1001.001",
                &[("11111111-0000-4000-8000-000000000003", "Sub one", "hostname > #{output_file}")],
            ),
        ),
        (
            "atomics/T1004/T1004.yaml".into(),
            atomic(
                "T1004",
                &[("11111111-0000-4000-8000-000000000004", "Delta", "ipconfig > #{output_file}")],
            ),
        ),
        (
            "atomics/T1686/T1686.yaml".into(),
            atomic(
                "T1686",
                &[("11111111-0000-4000-8000-000000000005", "Newer", "net user > #{output_file}")],
            ),
        ),
        // Not a path the importer reads: ignored, never an error.
        ("atomics/Indexes/index.md".into(), "# index".into()),
    ]
}

/// The app over the fixture catalog, with Atomic Red Team syncing from `archive` on disk.
async fn app(archive: &std::path::Path) -> TestApp {
    let url = aegis_tests::seed::fixture_bundle_url();
    let source = format!("file://{}", archive.display());
    let app = spawn_app_with(config(&[
        ("ATTACK_TAXII_URL", ""),
        ("ATTACK_BUNDLE_URL", &url),
        ("SOURCE_URL_ATOMIC_RED_TEAM", &source),
    ]))
    .await;
    let run = attack_sync::start(&app.state, domain::sync::Trigger::Manual, None).await.unwrap();
    let run = attack_sync::execute(&app.state, run, attack_sync::Input::Fetch).await;
    assert_eq!(run.status, domain::sync::RunStatus::Succeeded);
    app
}

fn archive_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("aegis-{}-{name}", uuid::Uuid::new_v4()));
    std::fs::File::create(&path).unwrap().write_all(bytes).unwrap();
    path
}

async fn sync(app: &TestApp) -> Value {
    let res = app.post("/api/v1/data-sources/atomic-red-team/sync", &app.admin_token, &json!({})).await;
    assert_eq!(res.status(), 202);
    let started: Value = res.json().await.unwrap();
    finished_run(app, started["run_id"].as_str().unwrap()).await
}

async fn templates(app: &TestApp, query: &str, token: &str) -> Value {
    let res = app.get(&format!("/api/v1/test-templates?{query}"), token).await;
    assert_eq!(res.status(), 200, "{query}");
    res.json().await.unwrap()
}

fn names(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn the_sources_are_seeded_with_the_configured_urls_and_their_settings_change() {
    let app = spawn_app_with(config(&[("SOURCE_URL_SIGMA", "file:///srv/sigma.zip")])).await;
    let list: Value = app.get("/api/v1/data-sources", &app.admin_token).await.json().await.unwrap();
    let ids: Vec<&str> =
        list["items"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        ["atomic-red-team", "sigma", "elastic", "caldera", "lolbas", "gtfobins", "d3fend", "nist-800-53"]
    );
    let sigma = &list["items"][1];
    assert_eq!(sigma["url"], "file:///srv/sigma.zip");
    assert_eq!(
        (sigma["schedule"].as_str(), sigma["enabled"].as_bool(), &sigma["last_run"]),
        (Some("weekly"), Some(true), &Value::Null)
    );
    assert!(list["items"][0]["url"].as_str().unwrap().starts_with("https://github.com/redcanaryco/"));

    let bad =
        app.patch("/api/v1/data-sources/sigma", &app.admin_token, &json!({ "url": "ftp://x/y.zip" })).await;
    assert_eq!(error_codes(&problem(bad, 422).await), ["invalid_url"]);
    let res = app
        .patch(
            "/api/v1/data-sources/sigma",
            &app.admin_token,
            &json!({ "url": "https://mirror.test/sigma.tar.gz", "schedule": "monthly", "enabled": false }),
        )
        .await;
    assert_eq!(res.status(), 200);
    let changed: Value = app.get("/api/v1/data-sources/sigma", &app.admin_token).await.json().await.unwrap();
    assert_eq!(
        (changed["url"].as_str(), changed["schedule"].as_str(), changed["enabled"].as_bool()),
        (Some("https://mirror.test/sigma.tar.gz"), Some("monthly"), Some(false))
    );
    // `null` returns to the configured URL.
    let reset: Value = app
        .patch("/api/v1/data-sources/sigma", &app.admin_token, &json!({ "url": null }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reset["url"], "file:///srv/sigma.zip");
    assert_eq!(app.audit("action=data_source.update").await.len(), 2);
    problem(app.get("/api/v1/data-sources/metasploit", &app.admin_token).await, 404).await;
    let (_, _, lead) = app.user(Role::RedLead).await;
    problem(app.get("/api/v1/data-sources", &lead).await, 403).await;
}

#[tokio::test]
async fn an_atomic_archive_syncs_then_a_second_sync_changes_nothing_and_a_changed_one_updates_and_retires() {
    let path = archive_file("atomics.tar.gz", &tar_gz(&atomics(false)));
    let app = app(&path).await;
    let run = sync(&app).await;
    assert_eq!(run["status"], "succeeded", "{run}");
    assert_eq!(
        run["counts"],
        json!({ "added": 5, "updated": 0, "removed": 0, "unchanged": 0, "flagged": 1, "skipped": 0 })
    );
    assert_eq!((run["records_read"].as_u64(), run["records_written"].as_u64()), (Some(5), Some(5)));
    let source: Value =
        app.get("/api/v1/data-sources/atomic-red-team", &app.admin_token).await.json().await.unwrap();
    assert_eq!(source["last_run"]["run_id"], run["run_id"]);
    assert!(source["last_success_at"].is_string());

    let all = templates(&app, "", &app.admin_token).await;
    assert_eq!(all["total"], 5);
    // A parent technique includes its sub-techniques.
    assert_eq!(
        names(&templates(&app, "technique=T1001", &app.admin_token).await),
        ["Alpha one", "Alpha two", "Sub one"]
    );
    assert_eq!(names(&templates(&app, "technique=T1001.001", &app.admin_token).await), ["Sub one"]);
    assert_eq!(names(&templates(&app, "flagged=true", &app.admin_token).await), ["Newer"]);
    assert_eq!(names(&templates(&app, "tactic=initial-access", &app.admin_token).await), ["Delta"]);
    assert_eq!(
        names(&templates(&app, "q=whoami", &app.admin_token).await),
        Vec::<String>::new(),
        "q reads names, ids and techniques, not commands"
    );
    let page = templates(&app, "limit=2", &app.admin_token).await;
    assert_eq!(names(&page), ["Alpha one", "Alpha two"]);
    let next = templates(
        &app,
        &format!("limit=2&cursor={}", page["next_cursor"].as_str().unwrap()),
        &app.admin_token,
    )
    .await;
    assert_eq!(names(&next), ["Delta", "Newer"]);

    let again = sync(&app).await;
    assert_eq!(
        again["counts"],
        json!({ "added": 0, "updated": 0, "removed": 0, "unchanged": 5, "flagged": 1, "skipped": 0 })
    );

    // Upstream changes one test's command and drops another; a lead had deactivated the changed one.
    let one = templates(&app, "q=Alpha%20one", &app.admin_token).await["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, _, lead) = app.user(Role::BlueLead).await;
    assert_eq!(
        app.patch(&format!("/api/v1/test-templates/{one}"), &lead, &json!({ "active": false }))
            .await
            .status(),
        200
    );
    let mut files = atomics(true);
    files.retain(|(p, _)| !p.contains("T1004"));
    std::fs::write(&path, tar_gz(&files)).unwrap();
    let changed = sync(&app).await;
    assert_eq!(
        changed["counts"],
        json!({ "added": 0, "updated": 1, "removed": 1, "unchanged": 3, "flagged": 1, "skipped": 0 })
    );
    let detail: Value =
        app.get(&format!("/api/v1/test-templates/{one}"), &app.admin_token).await.json().await.unwrap();
    assert!(detail["command"].as_str().unwrap().contains("-Append"));
    assert_eq!(detail["active"], false, "a sync keeps what the lead chose");
    assert_eq!(names(&templates(&app, "retired=true", &app.admin_token).await), ["Delta"]);
    assert_eq!(templates(&app, "", &app.admin_token).await["total"], 4);
    std::fs::remove_file(&path).ok();
}

/// A zip whose one entry has the given name.
fn zip_with(name: &str) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
    out.write_all(atomic("T1001", &[("22222222-0000-4000-8000-000000000001", "Evil", "calc")]).as_bytes())
        .unwrap();
    out.finish().unwrap().into_inner()
}

#[tokio::test]
async fn unsafe_archives_are_refused_naming_the_entry_and_nothing_is_written() {
    let path = archive_file("unused.tar.gz", &tar_gz(&atomics(false)));
    let app = app(&path).await;
    let import = |body: Vec<u8>, name: &'static str| {
        app.request(
            reqwest::Method::POST,
            &format!("/api/v1/data-sources/atomic-red-team/import?filename={name}"),
            Some(&app.admin_token),
        )
        .header("content-type", "application/octet-stream")
        .body(body)
        .send()
    };
    let traversal =
        problem(import(zip_with("../atomics/T1001/T1001.yaml"), "evil.zip").await.unwrap(), 422).await;
    assert_eq!(error_codes(&traversal), ["unsafe_archive"]);
    assert!(traversal.to_string().contains("../atomics/T1001/T1001.yaml"), "{traversal}");
    let absolute =
        problem(import(zip_with("/etc/atomics/T1001/T1001.yaml"), "abs.zip").await.unwrap(), 422).await;
    assert!(absolute.to_string().contains("/etc/atomics"), "{absolute}");
    let bad_name = problem(import(vec![1, 2, 3], "x.exe").await.unwrap(), 422).await;
    assert_eq!(error_codes(&bad_name), ["extension"]);
    assert_eq!(templates(&app, "", &app.admin_token).await["total"], 0);
    let runs: Value =
        app.get("/api/v1/data-sources/atomic-red-team/runs", &app.admin_token).await.json().await.unwrap();
    assert_eq!(runs["items"], json!([]), "a refused archive starts no run");

    // A safe one, sent as the body, imports.
    let res = import(tar_gz(&atomics(false)), "atomics.tar.gz").await.unwrap();
    assert_eq!(res.status(), 202);
    let run_id = res.json::<Value>().await.unwrap()["run_id"].as_str().unwrap().to_owned();
    let run = finished_run(&app, &run_id).await;
    assert_eq!(
        (run["status"].as_str(), run["trigger"].as_str(), run["input"].as_str()),
        (Some("succeeded"), Some("upload"), Some("upload:atomics.tar.gz"))
    );
    assert_eq!(run["counts"]["added"], 5);
    std::fs::remove_file(&path).ok();
}

#[tokio::test]
async fn leads_deactivate_in_bulk_and_red_teams_create_tests_from_active_templates() {
    let path = archive_file("atomics.tar.gz", &tar_gz(&atomics(false)));
    let app = app(&path).await;
    assert_eq!(sync(&app).await["status"], "succeeded");
    let (_, _, red) = app.user(Role::RedTech).await;
    let (_, _, lead) = app.user(Role::RedLead).await;

    // Technicians read but do not choose; leads deactivate everything matching a filter.
    problem(
        app.post("/api/v1/test-templates/bulk", &red, &json!({ "filter": {}, "active": false })).await,
        403,
    )
    .await;
    let bulk: Value = app
        .post(
            "/api/v1/test-templates/bulk",
            &lead,
            &json!({ "filter": { "technique": "T1001" }, "active": false }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(bulk["updated"], 3);
    let again: Value = app
        .post(
            "/api/v1/test-templates/bulk",
            &lead,
            &json!({ "filter": { "technique": "T1001" }, "active": false }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["updated"], 0, "already inactive ones are not counted");
    // each template changed has its audit entry (written with the change), the no-op none
    let audit: Value = app
        .get("/api/v1/audit-logs?action=test_template.set_active&limit=100", &app.admin_token)
        .await
        .json()
        .await
        .unwrap();
    let mut targets: Vec<&str> =
        audit["items"].as_array().unwrap().iter().map(|e| e["target_id"].as_str().unwrap()).collect();
    targets.sort_unstable();
    targets.dedup();
    assert_eq!((audit["items"].as_array().unwrap().len(), targets.len()), (3, 3), "{audit}");
    assert_eq!(templates(&app, "active=false", &red).await["total"], 3);
    let stats: Value = app.get("/api/v1/test-templates/stats", &red).await.json().await.unwrap();
    assert_eq!(
        (stats["total"].as_u64(), stats["active"].as_u64(), stats["flagged"].as_u64()),
        (Some(5), Some(2), Some(1))
    );
    assert_eq!(stats["techniques_with_active"], 2, "T1004 and T1686");

    let sub =
        templates(&app, "technique=T1001.001", &red).await["items"][0]["id"].as_str().unwrap().to_owned();
    let inactive = app.post("/api/v1/tests", &red, &json!({ "template_id": sub, "severity": "high" })).await;
    assert_eq!(error_codes(&problem(inactive, 422).await), ["unavailable"]);
    let res = app.post("/api/v1/test-templates/bulk", &lead, &json!({ "ids": [sub], "active": true })).await;
    assert_eq!(res.json::<Value>().await.unwrap()["updated"], 1);
    // Technique detail counts a parent's templates with its sub-techniques'.
    let parent: Value = app.get("/api/v1/techniques/T1001", &red).await.json().await.unwrap();
    assert_eq!(parent["templates"], json!({ "active": 1, "total": 3 }));
    let child: Value = app.get("/api/v1/techniques/T1001.001", &red).await.json().await.unwrap();
    assert_eq!(child["templates"], json!({ "active": 1, "total": 1 }));

    let unknown_arg = app
        .post(
            "/api/v1/tests",
            &red,
            &json!({ "template_id": sub, "severity": "high", "arguments": { "nope": "x" } }),
        )
        .await;
    assert_eq!(error_codes(&problem(unknown_arg, 422).await), ["unknown"]);
    let other_technique = app
        .post(
            "/api/v1/tests",
            &red,
            &json!({ "template_id": sub, "technique_id": "T1004", "severity": "high" }),
        )
        .await;
    assert_eq!(error_codes(&problem(other_technique, 422).await), ["not_in_template"]);

    let res = app
        .post("/api/v1/tests", &red, &json!({ "template_id": sub, "severity": "high", "arguments": { "output_file": "D:\\loot.txt" } }))
        .await;
    assert_eq!(res.status(), 201);
    let test: Value = res.json().await.unwrap();
    assert_eq!(
        (test["technique_id"].as_str(), test["title"].as_str(), test["platform"].as_str()),
        (Some("T1001.001"), Some("Sub one"), Some("windows"))
    );
    assert_eq!(test["procedure"].as_str().unwrap().trim(), "hostname > D:\\loot.txt");
    assert_eq!(test["cleanup"].as_str().unwrap().trim(), "Remove-Item D:\\loot.txt");
    assert_eq!(test["template_id"], sub);
    let detail: Value = app.get(&format!("/api/v1/test-templates/{sub}"), &red).await.json().await.unwrap();
    assert_eq!(test["template_hash"], detail["content_hash"]);
    assert_eq!(detail["tests_count"], 1);

    // Custom templates: written by the red team, deletable only while no test was made from them.
    let bad =
        app.post("/api/v1/test-templates", &red, &json!({ "name": "", "technique_ids": ["T9999"] })).await;
    assert_eq!(error_codes(&problem(bad, 422).await), ["required"]);
    let unknown = app
        .post("/api/v1/test-templates", &red, &json!({ "name": "Mine", "technique_ids": ["T9999"] }))
        .await;
    assert_eq!(error_codes(&problem(unknown, 422).await), ["unknown_technique"]);
    let created: Value = app
        .post("/api/v1/test-templates", &red, &json!({ "name": "Mine", "technique_ids": ["T1004"], "command": "echo #{who}", "arguments": [{ "name": "who", "default": "me" }] }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(created["source"], "custom");
    let custom = created["id"].as_str().unwrap().to_owned();
    assert_eq!(
        names(&templates(&app, "source=custom", &red).await),
        ["Mine"],
        "listed at once after the write"
    );
    let imported = problem(
        app.patch(&format!("/api/v1/test-templates/{sub}"), &red, &json!({ "name": "Renamed" })).await,
        409,
    )
    .await;
    assert!(imported["detail"].as_str().unwrap().contains("sync"));
    problem(
        app.patch(&format!("/api/v1/test-templates/{custom}"), &red, &json!({ "active": false })).await,
        403,
    )
    .await;
    let renamed: Value = app
        .patch(&format!("/api/v1/test-templates/{custom}"), &red, &json!({ "name": "Mine v2" }))
        .await
        .json()
        .await
        .unwrap();
    assert_ne!(renamed["content_hash"], created["content_hash"]);
    let made: Value = app
        .post("/api/v1/tests", &red, &json!({ "template_id": custom, "severity": "low" }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(made["procedure"], "echo me");
    problem(app.delete(&format!("/api/v1/test-templates/{custom}"), &red).await, 409).await;
    let test_id = made["id"].as_str().unwrap();
    assert_eq!(app.delete(&format!("/api/v1/tests/{test_id}"), &app.admin_token).await.status(), 204);
    assert_eq!(app.delete(&format!("/api/v1/test-templates/{custom}"), &red).await.status(), 204);
    problem(app.get(&format!("/api/v1/test-templates/{custom}"), &red).await, 404).await;
    assert_eq!(templates(&app, "source=custom", &red).await["total"], 0, "gone from the list at once");
    std::fs::remove_file(&path).ok();
}
