//! Compliance mapping end to end over the fixture catalog (T1001, T1001.001, T1004 active; T1002
//! revoked by T1001.001; T1003 deprecated): NIST SP 800-53 through its data source with a
//! re-pointed and an unresolved id, a re-import that adds, changes and removes controls, a CIS
//! style CSV, a malformed CSV refused whole, the gap analysis following validated tests, CSV
//! formula safety and who may do what.

use crate::helpers::import_source;
use crate::helpers::{TestApp, error_codes, problem};
use crate::workflow::{Team, act, app_with_team, create, ok, to_review};
use aws_sdk_dynamodb::types::AttributeValue;
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};

const NIST: &str = "nist-800-53-rev5";

fn object(control: Option<&str>, name: &str, technique: &str, status: &str) -> Value {
    json!({ "capability_id": control, "capability_group": control.map(|c| &c[..2]),
        "capability_description": name, "mapping_type": "mitigates", "attack_object_id": technique,
        "status": status })
}

/// A Mappings Explorer file for NIST SP 800-53 rev. 5 mapped to ATT&CK 16.1.
fn nist(objects: Vec<Value>) -> Vec<u8> {
    let doc = json!({
        "metadata": { "attack_version": "16.1", "mapping_framework": "nist_800_53",
            "mapping_framework_version": "rev5", "technology_domain": "enterprise" },
        "mapping_objects": objects,
    });
    serde_json::to_vec_pretty(&doc).unwrap()
}

fn nist_v1() -> Vec<u8> {
    nist(vec![
        object(Some("AC-02"), "Account Management", "T1001", "complete"),
        object(Some("AC-02"), "Account Management", "T1001.001", "complete"),
        object(Some("SI-04"), "System Monitoring", "T1004", "complete"),
        // revoked, replaced by T1001.001
        object(Some("SI-04"), "System Monitoring", "T1002", "complete"),
        // not in the catalog
        object(Some("SI-04"), "System Monitoring", "T1999", "complete"),
        // deprecated: known, kept
        object(Some("CM-07"), "Least Functionality", "T1003", "complete"),
        object(None, "", "T1004", "non_mappable"),
    ])
}

/// Sends `body` to the NIST data source's import and waits for the run's end.
async fn import_nist(app: &TestApp, body: Vec<u8>) -> Value {
    import_source(app, "nist-800-53", "nist.json", body).await
}

async fn import_file(app: &TestApp, token: &str, query: &str, body: &str) -> reqwest::Response {
    app.request(reqwest::Method::POST, &format!("/api/v1/compliance/frameworks/import?{query}"), Some(token))
        .header("content-type", "application/octet-stream")
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

fn ids(list: &Value, key: &str) -> Vec<String> {
    list.as_array().unwrap().iter().map(|v| v[key].as_str().unwrap().to_owned()).collect()
}

/// Every item of a framework's partition, raw, by sort key.
async fn partition(app: &TestApp, fid: &str) -> Vec<HashMap<String, AttributeValue>> {
    let out = app
        .state
        .db
        .client
        .query()
        .table_name(&app.state.db.table)
        .consistent_read(true)
        .key_condition_expression("PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(format!("FRAMEWORK#{fid}")))
        .send()
        .await
        .unwrap();
    out.items.unwrap_or_default()
}

fn s<'a>(item: &'a HashMap<String, AttributeValue>, name: &str) -> &'a str {
    item.get(name).unwrap_or_else(|| panic!("no attribute {name}")).as_s().unwrap()
}

fn names(item: &HashMap<String, AttributeValue>) -> BTreeSet<&str> {
    item.keys().map(String::as_str).collect()
}

#[tokio::test]
async fn nist_imports_through_its_data_source_with_revoked_ids_repointed_and_unknown_ones_listed() {
    let (app, team) = app_with_team().await;

    // given a file that is not a Mappings Explorer file: the run fails and writes nothing
    let run = import_nist(&app, br#"{"mapping_objects": "no"}"#.to_vec()).await;
    assert_eq!(run["status"], "failed", "{run}");
    assert!(run["error"].as_str().unwrap().contains("not a Mappings Explorer file"), "{run}");
    let list = ok(app.get("/api/v1/compliance/frameworks", &team.viewer).await).await;
    assert_eq!(list["items"], json!([]));

    // when the real shape is imported
    let run = import_nist(&app, nist_v1()).await;
    assert_eq!(run["status"], "succeeded", "{run}");
    assert_eq!(
        (
            &run["counts"]["added"],
            &run["counts"]["updated"],
            &run["counts"]["removed"],
            &run["counts"]["flagged"]
        ),
        (&json!(3), &json!(0), &json!(0), &json!(1))
    );

    // then the framework lists its counts, re-pointed and unresolved ids
    let list = ok(app.get("/api/v1/compliance/frameworks", &team.viewer).await).await;
    let f = &list["items"][0];
    assert_eq!(
        (&f["id"], &f["name"], &f["version"], &f["attack_version"], &f["source"], &f["deletable"]),
        (
            &json!(NIST),
            &json!("NIST SP 800-53"),
            &json!("rev5"),
            &json!("16.1"),
            &json!("nist-800-53"),
            &json!(false)
        )
    );
    assert_eq!((&f["controls"], &f["mappings"]), (&json!(3), &json!(5)));
    assert_eq!(f["repointed"], json!([["T1002", "T1001.001"]]));
    assert_eq!(f["unresolved"], json!(["T1999"]));
    assert_eq!(f["families"], json!(["AC", "CM", "SI"]));
    assert_eq!(ok(app.get(&format!("/api/v1/compliance/frameworks/{NIST}"), &team.viewer).await).await, *f);

    // the controls, filtered and paged
    let controls = async |q: &str| {
        ok(app.get(&format!("/api/v1/compliance/frameworks/{NIST}/controls?{q}"), &team.viewer).await).await
    };
    assert_eq!(ids(&controls("").await["items"], "control_id"), ["AC-02", "CM-07", "SI-04"]);
    assert_eq!(ids(&controls("family=SI").await["items"], "control_id"), ["SI-04"]);
    assert_eq!(ids(&controls("q=monitoring").await["items"], "control_id"), ["SI-04"]);
    let first = controls("limit=2").await;
    assert_eq!(ids(&first["items"], "control_id"), ["AC-02", "CM-07"]);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = controls(&format!("limit=2&cursor={cursor}")).await;
    assert_eq!(
        (ids(&second["items"], "control_id"), &second["next_cursor"]),
        (vec!["SI-04".to_owned()], &Value::Null)
    );
    assert_eq!(
        (&second["items"][0]["techniques"], &second["items"][0]["unresolved"]),
        (&json!(2), &json!(1))
    );

    // one control: its techniques with name, status and score, the unresolved id apart
    let si4 =
        ok(app.get(&format!("/api/v1/compliance/frameworks/{NIST}/controls/SI-04"), &team.viewer).await)
            .await;
    assert_eq!(ids(&si4["techniques"], "technique_id"), ["T1001.001", "T1004"]);
    let repointed = &si4["techniques"][0];
    assert_eq!(
        (&repointed["mapped_as"], &repointed["name"], &repointed["status"], &repointed["mapping_type"]),
        (&json!("T1002"), &json!("Alpha: Sub One"), &json!("not_covered"), &json!("mitigates"))
    );
    assert_eq!(ids(&si4["unresolved"], "technique_id"), ["T1999"]);
    let cm7 =
        ok(app.get(&format!("/api/v1/compliance/frameworks/{NIST}/controls/CM-07"), &team.viewer).await)
            .await;
    assert_eq!(ids(&cm7["techniques"], "technique_id"), ["T1003"], "a deprecated technique stays mapped");
    problem(
        app.get(&format!("/api/v1/compliance/frameworks/{NIST}/controls/XX-99"), &team.viewer).await,
        404,
    )
    .await;
    problem(app.get("/api/v1/compliance/frameworks/nope/controls", &team.viewer).await, 404).await;

    // the stored items: META on the framework index, controls in its partition, one generation
    let items = partition(&app, NIST).await;
    let sks: Vec<&str> = items.iter().map(|i| s(i, "SK")).collect();
    assert_eq!(sks, ["CONTROL#AC-02", "CONTROL#CM-07", "CONTROL#SI-04", "META"]);
    let meta = &items[3];
    assert_eq!(
        (s(meta, "GSI1PK"), s(meta, "GSI1SK"), s(meta, "entity")),
        ("FRAMEWORKS", NIST, "compliance_framework")
    );
    assert_eq!(
        names(meta),
        BTreeSet::from([
            "PK",
            "SK",
            "GSI1PK",
            "GSI1SK",
            "entity",
            "version",
            "id",
            "name",
            "attack_version",
            "controls",
            "mappings",
            "repointed",
            "unresolved",
            "imported_at",
            "imported_by",
            "generation",
            "source",
            "families",
        ])
    );
    let si4_item = &items[2];
    assert_eq!(
        names(si4_item),
        BTreeSet::from([
            "PK",
            "SK",
            "entity",
            "version",
            "framework_id",
            "generation",
            "control_id",
            "name",
            "family",
            "description",
            "techniques",
            "unresolved",
        ])
    );
    assert_eq!(
        (s(si4_item, "entity"), s(si4_item, "generation")),
        ("compliance_control", s(meta, "generation"))
    );

    // when a changed file is imported: AC-02 loses a technique, CM-07 goes, AU-06 comes
    let run = import_nist(
        &app,
        nist(vec![
            object(Some("AC-02"), "Account Management", "T1001", "complete"),
            object(Some("AU-06"), "Audit Record Review", "T1004", "complete"),
            object(Some("SI-04"), "System Monitoring", "T1004", "complete"),
            object(Some("SI-04"), "System Monitoring", "T1002", "complete"),
            object(Some("SI-04"), "System Monitoring", "T1999", "complete"),
        ]),
    )
    .await;
    assert_eq!(run["status"], "succeeded", "{run}");
    let counts = &run["counts"];
    assert_eq!(
        (&counts["added"], &counts["updated"], &counts["removed"], &counts["unchanged"]),
        (&json!(1), &json!(1), &json!(1), &json!(1))
    );
    // then the new content is in force, and what went away is gone from the table
    assert_eq!(ids(&controls("").await["items"], "control_id"), ["AC-02", "AU-06", "SI-04"]);
    let sks: Vec<String> = partition(&app, NIST).await.iter().map(|i| s(i, "SK").to_owned()).collect();
    assert_eq!(sks, ["CONTROL#AC-02", "CONTROL#AU-06", "CONTROL#SI-04", "META"]);
    let ac2 =
        ok(app.get(&format!("/api/v1/compliance/frameworks/{NIST}/controls/AC-02"), &team.viewer).await)
            .await;
    assert_eq!(ids(&ac2["techniques"], "technique_id"), ["T1001"]);

    // the source's framework follows its source: not deletable
    problem(app.delete(&format!("/api/v1/compliance/frameworks/{NIST}"), &app.admin_token).await, 409).await;
}

/// Approves a test in review by both leads' votes.
async fn approve(app: &TestApp, team: &Team, id: &str) {
    ok(act(app, id, "vote", &team.red_lead, json!({ "decision": "approve" })).await).await;
    let t = ok(act(app, id, "vote", &team.blue_lead, json!({ "decision": "approve" })).await).await;
    assert_eq!(t["state"], "validated");
}

fn gap<'a>(report: &'a Value, control: &str) -> &'a Value {
    report["controls"].as_array().unwrap().iter().find(|g| g["control_id"] == control).unwrap()
}

#[tokio::test]
async fn validating_a_test_moves_the_controls_gap_entry() {
    let (app, team) = app_with_team().await;
    assert_eq!(import_nist(&app, nist_v1()).await["status"], "succeeded");
    let gaps = async || ok(app.get(&format!("/api/v1/compliance/{NIST}/gaps"), &team.viewer).await).await;

    // given nothing tested: every control at 0 %, the most uncovered first
    let before = gaps().await;
    assert_eq!(ids(&before["controls"], "control_id"), ["AC-02", "SI-04", "CM-07"]);
    let ac2 = gap(&before, "AC-02");
    assert_eq!(
        (&ac2["mapped"], &ac2["not_covered"], &ac2["coverage_pct"]),
        (&json!(2), &json!(2), &json!(0.0))
    );
    assert_eq!(ac2["uncovered"], json!(["T1001", "T1001.001"]));
    assert_eq!(before["summary"]["techniques"], 4);

    // when a test of T1001 is validated (alerted) and one of T1001.001 only logged
    let alerted = to_review(&app, &team, "T1001", "alerted").await;
    approve(&app, &team, &alerted).await;
    let logged = to_review(&app, &team, "T1001.001", "logged").await;
    approve(&app, &team, &logged).await;
    // and a test of T1004 is under way
    create(&app, &team.red_tech, "T1004").await;

    // then AC-02 is (1 + 0.5) / 2 = 75 % and moves to the end; SI-04 counts its partial and
    // in-progress techniques
    let after = gaps().await;
    assert_eq!(ids(&after["controls"], "control_id"), ["CM-07", "SI-04", "AC-02"]);
    let ac2 = gap(&after, "AC-02");
    assert_eq!(
        (&ac2["validated"], &ac2["partial"], &ac2["not_covered"], &ac2["coverage_pct"], &ac2["uncovered"]),
        (&json!(1), &json!(1), &json!(0), &json!(75.0), &json!([]))
    );
    let si4 = gap(&after, "SI-04");
    assert_eq!(
        (&si4["partial"], &si4["in_progress"], &si4["coverage_pct"], &si4["uncovered"]),
        (&json!(1), &json!(1), &json!(25.0), &json!(["T1004"]))
    );
    let only_ac = ok(app.get(&format!("/api/v1/compliance/{NIST}/gaps?family=AC"), &team.viewer).await).await;
    assert_eq!(ids(&only_ac["controls"], "control_id"), ["AC-02"]);
    assert_eq!(
        (&only_ac["summary"]["controls"], &only_ac["summary"]["coverage_pct"]),
        (&json!(1), &json!(75.0))
    );

    // and the control shows each technique's status and score
    let detail =
        ok(app.get(&format!("/api/v1/compliance/frameworks/{NIST}/controls/AC-02"), &team.viewer).await)
            .await;
    let t1001 = &detail["techniques"][0];
    assert_eq!((&t1001["technique_id"], &t1001["status"]), (&json!("T1001"), &json!("validated")));
    assert!(t1001["score"].as_f64().unwrap() > 0.0, "{detail}");
    assert_eq!(detail["techniques"][1]["status"], "partial");
}

const CIS: &str = "control_id,control_name,technique_id,mapping_type
4.1,Establish Secure Configuration,T1001,protects
4.1,Establish Secure Configuration,T1004,protects
+7.1,\"=HYPERLINK(\"\"http://evil\"\")\",T1002,protects
8.2,Collect Audit Logs,T1888,detects
";

#[tokio::test]
async fn a_cis_csv_imports_a_malformed_one_is_refused_whole_and_the_gaps_csv_is_formula_safe() {
    let (app, team) = app_with_team().await;

    // given a CIS-style CSV
    let res = import_file(&app, &app.admin_token, "name=CIS%20Controls%20v8&format=csv", CIS).await;
    let imported = ok(res).await;
    let f = &imported["framework"];
    assert_eq!(
        (&f["id"], &f["name"], &f["controls"], &f["mappings"], &f["source"], &f["deletable"]),
        (
            &json!("cis-controls-v8"),
            &json!("CIS Controls v8"),
            &json!(3),
            &json!(3),
            &Value::Null,
            &json!(true)
        )
    );
    assert_eq!((&f["repointed"], &f["unresolved"]), (&json!([["T1002", "T1001.001"]]), &json!(["T1888"])));
    assert_eq!((&imported["added"], &imported["unchanged"]), (&json!(3), &json!(0)));
    let again =
        ok(import_file(&app, &app.admin_token, "name=CIS%20Controls%20v8&format=csv", CIS).await).await;
    assert_eq!((&again["added"], &again["updated"], &again["unchanged"]), (&json!(0), &json!(0), &json!(3)));

    // when a malformed CSV comes, under a new name and under the existing one
    let bad = "control_id,control_name,technique_id\n4.1,Ok,T1001\n,No id,T1001\n5.1,Bad technique,X123\n6.1,Too,many,columns\n";
    for name in ["Broken", "CIS%20Controls%20v8"] {
        let p =
            problem(import_file(&app, &app.admin_token, &format!("name={name}&format=csv"), bad).await, 422)
                .await;
        // then every bad row is named, with its number counting the header
        let fields: Vec<&str> =
            p["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
        assert_eq!(fields, ["row 3", "row 4", "row 5"], "{p}");
        assert!(p["errors"][1]["message"].as_str().unwrap().contains("X123"), "{p}");
        assert_eq!(error_codes(&p), ["invalid_row"; 3]);
    }
    // and nothing was written
    let list = ok(app.get("/api/v1/compliance/frameworks", &team.viewer).await).await;
    assert_eq!(ids(&list["items"], "id"), ["cis-controls-v8"]);
    assert_eq!(list["items"][0]["controls"], 3);
    assert!(partition(&app, "broken").await.is_empty());
    problem(app.get("/api/v1/compliance/frameworks/broken", &team.viewer).await, 404).await;

    // the gaps as CSV: formula-like cells neutralised
    let res = app.get("/api/v1/compliance/cis-controls-v8/gaps?format=csv", &team.viewer).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = res.text().await.unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next(),
        Some(
            "control_id,name,family,mapped,validated,partial,in_progress,not_covered,coverage_pct,uncovered"
        )
    );
    assert!(text.contains("'+7.1,\"'=HYPERLINK(\"\"http://evil\"\")\",'+7,1,"), "{text}");
    assert!(!text.contains(",=HYPERLINK") && !text.contains("\n+7.1"), "{text}");
    assert!(text.contains("4.1,Establish Secure Configuration,4,2,0,0,0,2,0,T1001 T1004"), "{text}");
    problem(app.get("/api/v1/compliance/cis-controls-v8/gaps?format=xml", &team.viewer).await, 400).await;

    // the data source's framework id is not for files
    let p =
        problem(import_file(&app, &app.admin_token, "name=NIST%20800-53%20rev5&format=csv", CIS).await, 409)
            .await;
    assert!(p["detail"].as_str().unwrap().contains("nist-800-53"), "{p}");

    // an imported framework is deleted with its controls, audited
    let res = app.delete("/api/v1/compliance/frameworks/cis-controls-v8", &app.admin_token).await;
    assert_eq!(res.status(), 204);
    problem(app.get("/api/v1/compliance/frameworks/cis-controls-v8", &team.viewer).await, 404).await;
    assert!(partition(&app, "cis-controls-v8").await.is_empty());
    problem(app.delete("/api/v1/compliance/frameworks/cis-controls-v8", &app.admin_token).await, 404).await;
    let actions: Vec<String> = app
        .audit("target_type=compliance_framework")
        .await
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(actions, ["compliance.delete", "compliance.import", "compliance.import"]);
}

#[tokio::test]
async fn everyone_signed_in_reads_and_only_admins_import_or_delete() {
    let (app, team) = app_with_team().await;
    ok(import_file(&app, &app.admin_token, "name=Internal&format=csv", CIS).await).await;
    for token in [&team.viewer, &team.red_tech, &team.blue_lead] {
        ok(app.get("/api/v1/compliance/frameworks", token).await).await;
        ok(app.get("/api/v1/compliance/frameworks/internal/controls/4.1", token).await).await;
        ok(app.get("/api/v1/compliance/internal/gaps", token).await).await;
    }
    for token in [&team.viewer, &team.red_lead, &team.blue_lead] {
        let p = problem(import_file(&app, token, "name=Mine&format=csv", CIS).await, 403).await;
        assert!(p["detail"].as_str().unwrap().contains("admin"), "{p}");
        problem(app.delete("/api/v1/compliance/frameworks/internal", token).await, 403).await;
    }
    problem(
        app.request(reqwest::Method::GET, "/api/v1/compliance/frameworks", None).send().await.unwrap(),
        401,
    )
    .await;
    let list = ok(app.get("/api/v1/compliance/frameworks", &team.viewer).await).await;
    assert_eq!(ids(&list["items"], "id"), ["internal"]);
}
