//! The content library and what hangs off it: custom test templates with their reference count
//! and the collection's version item, custom detection rules, the data sources and their runs,
//! D3FEND countermeasures and their deployment marks, and compliance frameworks with their
//! controls.

use super::{app_with_team, assert_attributes, n, ok, raw, s, sort_time};
use crate::helpers::TestApp;
use crate::helpers::created;
use crate::helpers::import_source;
use crate::workflow::eventually;
use aws_sdk_dynamodb::types::AttributeValue;
use serde_json::{Value, json};

/// What a library entry (template, rule) carries besides its content: keys, the index by origin
/// and source id, and the bookkeeping of imports and edits.
const ENTRY: &str = "PK SK GSI1PK GSI1SK entity version id content_hash retired unknown_techniques \
    created_at updated_at created_by updated_by run_id";

/// A source run's own fields, as the run item and the source's `last_run` both hold them.
const RUN: &str = "run_id source trigger status input stage records_read records_written counts errors \
    error requested_by started_at finished_at";

#[tokio::test]
async fn the_custom_template_its_refs_and_the_collection_version_items() {
    // given a custom template a red technician writes
    let (app, team) = app_with_team().await;
    let body = json!({ "name": "Whoami to a file", "technique_ids": ["T1004"], "platforms": [" Windows "],
        "executor": "powershell", "command": "whoami > #{out}",
        "arguments": [{ "name": "out", "default": "C:\\Temp\\w.txt" }] });
    let template = created(app.post("/api/v1/test-templates", &team.red_tech, &body).await).await;
    let id = template["id"].as_str().unwrap();

    // then it is `TEMPLATE#<id>` / TEMPLATE, indexed under TEMPLATES by origin and source id (a
    // custom template's source id is its own id); its content is flattened into the item
    let item = raw(&app, &format!("TEMPLATE#{id}"), "TEMPLATE").await;
    assert_eq!(s(&item, "entity"), "test_template");
    assert_eq!((s(&item, "GSI1PK"), s(&item, "GSI1SK")), ("TEMPLATES", format!("custom#{id}").as_str()));
    assert_eq!(
        (s(&item, "source"), s(&item, "source_id"), s(&item, "created_by")),
        ("custom", id, team.red_tech_name.as_str())
    );
    assert_eq!(item["platforms"].as_l().unwrap(), &[AttributeValue::S("windows".into())]);
    assert_eq!((item["active"].as_bool(), item["retired"].as_bool()), (Ok(&true), Ok(&false)));
    assert_eq!(s(&item, "content_hash"), template["content_hash"].as_str().unwrap());
    assert!(item["run_id"].is_null() && item["upstream_path"].is_null(), "written in the app");
    // an argument keeps its upstream name `type`, absent parts as NULL
    let argument = item["arguments"].as_l().unwrap()[0].as_m().unwrap();
    assert_eq!(s(argument, "default"), "C:\\Temp\\w.txt");
    assert_attributes(argument, "name description type default");
    assert!(!item.contains_key("deleted") && !item.contains_key("expires_at"), "only a tombstone's");
    assert_attributes(
        &item,
        &format!(
            "{ENTRY} source source_id technique_ids tactics name description platforms executor command \
             cleanup arguments privileges elevation_required references upstream_path active"
        ),
    );

    // when a test is made from it
    let test = created(
        app.post("/api/v1/tests", &team.red_tech, &json!({ "template_id": id, "severity": "low" })).await,
    )
    .await;
    assert_eq!(test["template_hash"], template["content_hash"]);

    // then the count of tests made from it is a bare counter apart from the template (a sync's
    // rewrite never touches it): no version, no time
    let refs = raw(&app, &format!("TEMPLATE#{id}"), "REFS").await;
    assert_eq!((s(&refs, "entity"), n(&refs, "refs")), ("template_refs", 1));
    assert_attributes(&refs, "PK SK entity refs");

    // and the collection's version item was raised once, by the template's write (making a test
    // leaves it alone), stamped with that write's time
    let version = raw(&app, "TEMPLATES", "VERSION").await;
    assert_eq!((s(&version, "entity"), n(&version, "version")), ("test_template_version", 1));
    assert_eq!(s(&version, "at"), s(&item, "updated_at"));
    assert_attributes(&version, "PK SK entity version at");
}

#[tokio::test]
async fn the_custom_detection_rule_and_its_collection_version_items() {
    // given a custom rule the blue team writes
    let (app, team) = app_with_team().await;
    let body = json!({ "title": "Encoded PowerShell", "technique_ids": ["T1004"], "level": " High ",
        "language": "kql", "query": "process where name == 'powershell.exe'", "platforms": ["Windows"] });
    let rule = created(app.post("/api/v1/detection-rules", &team.blue_tech, &body).await).await;
    let id = rule["id"].as_str().unwrap();

    // then it is `RULE#<id>` / RULE, indexed under RULES by origin and source id
    let item = raw(&app, &format!("RULE#{id}"), "RULE").await;
    assert_eq!(s(&item, "entity"), "detection_rule");
    assert_eq!((s(&item, "GSI1PK"), s(&item, "GSI1SK")), ("RULES", format!("custom#{id}").as_str()));
    assert_eq!((s(&item, "source"), s(&item, "source_id"), s(&item, "level")), ("custom", id, "high"));
    // a custom rule's query is also its raw text
    assert_eq!(s(&item, "raw"), "process where name == 'powershell.exe'");
    assert_eq!(s(&item, "raw"), s(&item, "query"));
    assert_eq!(
        (item["deprecated"].as_bool(), item["building_block"].as_bool(), item["retired"].as_bool()),
        (Ok(&false), Ok(&false), Ok(&false))
    );
    assert!(item["risk_score"].is_null() && item["run_id"].is_null(), "an Elastic field; never synced");
    assert!(!item.contains_key("active"), "rules are not chosen like templates");
    assert!(!item.contains_key("expires_at"));
    assert_attributes(
        &item,
        &format!(
            "{ENTRY} source source_id title description technique_ids tactics level status risk_score \
             rule_type language query logsource platforms author date deprecated building_block references \
             other_tags raw upstream_path"
        ),
    );

    // and its collection's version item, RULES / VERSION, was raised by the write
    let version = raw(&app, "RULES", "VERSION").await;
    assert_eq!((s(&version, "entity"), n(&version, "version")), ("detection_rule_version", 1));
    assert_eq!(s(&version, "at"), s(&item, "updated_at"));
    assert_attributes(&version, "PK SK entity version at");
}

/// Imports the D3FEND test ontology through its data source as the admin; the finished run.
async fn import_d3fend(app: &TestApp) -> Value {
    import_source(app, "d3fend", "d3fend.ttl", crate::d3fend::TTL).await
}

#[tokio::test]
async fn the_data_source_and_source_run_items() {
    // given one finished import through the D3FEND data source
    let (app, _) = app_with_team().await;
    let run = import_d3fend(&app).await;
    assert_eq!(run["status"], "succeeded", "{run}");
    let id = run["run_id"].as_str().unwrap();

    // then the run is `SRCRUN#<id>` / RUN, listed per source newest first by start time
    let item = raw(&app, &format!("SRCRUN#{id}"), "RUN").await;
    assert_eq!(s(&item, "entity"), "source_run");
    assert_eq!(
        (s(&item, "GSI1PK"), s(&item, "GSI1SK")),
        ("SRCRUNS#d3fend", format!("{}#{id}", sort_time(s(&item, "started_at"))).as_str())
    );
    assert_eq!(
        (s(&item, "source"), s(&item, "trigger"), s(&item, "status"), s(&item, "stage")),
        ("d3fend", "upload", "succeeded", "done")
    );
    assert_eq!((s(&item, "input"), s(&item, "requested_by")), ("upload:d3fend.ttl", "admin"));
    let counts = item["counts"].as_m().unwrap();
    assert_eq!((n(counts, "added"), n(counts, "skipped")), (2, 0));
    assert_attributes(counts, "added updated removed unchanged flagged skipped");
    assert!(item["errors"].as_l().unwrap().is_empty() && item["error"].is_null());
    assert!(item["finished_at"].as_s().is_ok());
    assert!(!item.contains_key("expires_at"), "runs are kept");
    assert_attributes(&item, &format!("PK SK GSI1PK GSI1SK entity version {RUN}"));

    // and the source, `SOURCE#<key>` / SOURCE, holds its settings and that run as its last; the
    // run's end is written to it right after the run's own record
    let pk = "SOURCE#d3fend";
    eventually("the source records the run's success", async || {
        raw(&app, pk, "SOURCE").await.get("last_success_at").is_some_and(|v| v.as_s().is_ok())
    })
    .await;
    let source = raw(&app, pk, "SOURCE").await;
    assert_eq!(s(&source, "entity"), "data_source");
    assert_eq!(
        (s(&source, "id"), s(&source, "kind"), s(&source, "schedule")),
        ("d3fend", "countermeasures", "weekly")
    );
    let url = domain::content::SourceKey::D3fend.default_url();
    assert_eq!((s(&source, "url"), s(&source, "default_url")), (url, url));
    assert_eq!(source["enabled"].as_bool(), Ok(&true));
    assert!(source["updated_by"].is_null(), "seeded, never changed by hand");
    let last = source["last_run"].as_m().unwrap();
    assert_eq!((s(last, "run_id"), s(last, "status")), (id, "succeeded"));
    assert_attributes(last, RUN);
    // a success dates the schedule from the run's start
    assert_eq!(s(&source, "last_success_at"), s(&item, "started_at"));
    assert_attributes(
        &source,
        "PK SK entity version id name kind url default_url enabled schedule last_run last_success_at \
         updated_at updated_by",
    );
}

#[tokio::test]
async fn the_countermeasure_and_deployment_mark_items() {
    // given the countermeasures imported from D3FEND
    let (app, team) = app_with_team().await;
    let run = import_d3fend(&app).await;
    assert_eq!(run["status"], "succeeded", "{run}");

    // then each is a library entry, `D3FEND#<id from the D3FEND id>` / D3FEND, indexed under
    // D3FENDS by its D3FEND id
    let uuid = domain::d3fend::Countermeasure::imported_id("D3-FH");
    let item = raw(&app, &format!("D3FEND#{uuid}"), "D3FEND").await;
    assert_eq!(s(&item, "entity"), "countermeasure");
    assert_eq!((s(&item, "GSI1PK"), s(&item, "GSI1SK")), ("D3FENDS", "d3fend#D3-FH"));
    assert_eq!(s(&item, "run_id"), run["run_id"].as_str().unwrap());
    let technique = item["technique"].as_m().unwrap();
    assert_eq!((s(technique, "id"), s(technique, "name")), ("D3-FH", "Configuration Hashing"));
    assert_attributes(technique, "id name class tactic definition parents artifacts");
    assert_eq!(item["attack_ids"].as_l().unwrap(), &[AttributeValue::S("T1001".into())]);
    let counter = item["counters"].as_l().unwrap()[0].as_m().unwrap();
    assert_attributes(counter, "attack_id d3fend_id artifact attack_relation d3fend_relation");
    assert_attributes(
        &item,
        "PK SK GSI1PK GSI1SK entity version id technique counters attack_ids content_hash retired \
         unknown_techniques created_at updated_at run_id",
    );

    // when a lead marks one deployed
    let me: Value = ok(app.get("/api/v1/auth/me", &team.blue_lead).await).await;
    let mark = json!({ "deployed": true, "notes": "  EDR file integrity monitoring  " });
    ok(app.put("/api/v1/d3fend/techniques/D3-FH/deployment", &team.blue_lead, &mark).await).await;

    // then the mark is `D3DEPLOY` / <D3FEND id>: one partition of every mark, read whole
    let item = raw(&app, "D3DEPLOY", "D3-FH").await;
    assert_eq!(s(&item, "entity"), "deployment");
    assert_eq!((s(&item, "d3fend_id"), item["deployed"].as_bool()), ("D3-FH", Ok(&true)));
    assert_eq!(s(&item, "notes"), "EDR file integrity monitoring");
    assert_eq!(s(&item, "updated_by"), me["username"].as_str().unwrap());
    assert!(!item.contains_key("expires_at"));
    let attributes = "PK SK entity version d3fend_id deployed notes updated_at updated_by";
    assert_attributes(&item, attributes);

    // when it is marked not deployed, without notes, then the put replaces it: unversioned
    let unmark = json!({ "deployed": false });
    ok(app.put("/api/v1/d3fend/techniques/D3-FH/deployment", &team.blue_lead, &unmark).await).await;
    let item = raw(&app, "D3DEPLOY", "D3-FH").await;
    assert_eq!((item["deployed"].as_bool(), n(&item, "version")), (Ok(&false), 1));
    assert!(item["notes"].is_null());
    assert_attributes(&item, attributes);
}

/// A CIS-style framework: two techniques for 4.1, a revoked one (T1002, replaced by T1001.001)
/// for 7.1 and an id the catalog does not know for 8.2.
const CSV: &str = "control_id,control_name,technique_id,mapping_type
4.1,Establish Secure Configuration,T1001,protects
4.1,Establish Secure Configuration,T1004,protects
7.1,Remediate Vulnerabilities,T1002,protects
8.2,Collect Audit Logs,T1888,detects
";

#[tokio::test]
async fn the_compliance_framework_and_control_items() {
    // given a framework imported from a CSV file by the admin
    let (app, _) = app_with_team().await;
    let res = app
        .request(
            reqwest::Method::POST,
            "/api/v1/compliance/frameworks/import?name=CIS%20Controls%20v8&format=csv",
            Some(&app.admin_token),
        )
        .header("content-type", "application/octet-stream")
        .body(CSV)
        .send()
        .await
        .unwrap();
    assert_eq!(ok(res).await["added"], 3);
    let pk = "FRAMEWORK#cis-controls-v8";

    // then META is `FRAMEWORK#<id>` / META, listed under FRAMEWORKS by id
    let meta = raw(&app, pk, "META").await;
    assert_eq!(s(&meta, "entity"), "compliance_framework");
    assert_eq!((s(&meta, "GSI1PK"), s(&meta, "GSI1SK")), ("FRAMEWORKS", "cis-controls-v8"));
    assert_eq!((s(&meta, "id"), s(&meta, "name")), ("cis-controls-v8", "CIS Controls v8"));
    // The framework's own `version` (its edition; a CSV names none) has the attribute name, so
    // META carries no item version: it is written under its generation instead.
    assert!(meta["version"].is_null());
    assert_eq!((n(&meta, "controls"), n(&meta, "mappings")), (3, 3));
    let pair = meta["repointed"].as_l().unwrap()[0].as_l().unwrap();
    assert_eq!(pair, &[AttributeValue::S("T1002".into()), AttributeValue::S("T1001.001".into())]);
    assert_eq!(meta["unresolved"].as_l().unwrap(), &[AttributeValue::S("T1888".into())]);
    let families: Vec<&str> =
        meta["families"].as_l().unwrap().iter().map(|f| f.as_s().unwrap().as_str()).collect();
    assert_eq!(families, ["4", "7", "8"]);
    assert!(meta["source"].is_null(), "from a file, not a data source");
    assert_eq!(s(&meta, "imported_by"), "admin");
    assert_attributes(
        &meta,
        "PK SK GSI1PK GSI1SK entity version id name attack_version controls mappings repointed unresolved \
         imported_at imported_by generation source families",
    );

    // and each control is `CONTROL#<control id>` in the framework's partition, of META's
    // generation, with no `previous` after a first import
    let control_attributes = "PK SK entity version framework_id generation control_id name family \
        description techniques unresolved";
    let control = raw(&app, pk, "CONTROL#4.1").await;
    assert_eq!(s(&control, "entity"), "compliance_control");
    assert_eq!(
        (s(&control, "framework_id"), s(&control, "generation")),
        ("cis-controls-v8", s(&meta, "generation"))
    );
    assert_eq!((s(&control, "family"), n(&control, "version")), ("4", 1));
    assert!(control["description"].is_null());
    let techniques = control["techniques"].as_l().unwrap();
    let ids: Vec<&str> = techniques.iter().map(|t| s(t.as_m().unwrap(), "technique_id")).collect();
    assert_eq!(ids, ["T1001", "T1004"]);
    // `mapped_as` only on a re-pointed mapping
    assert_attributes(techniques[0].as_m().unwrap(), "technique_id mapping_type");
    assert!(control["unresolved"].as_l().unwrap().is_empty());
    assert!(!control.contains_key("previous"));
    assert_attributes(&control, control_attributes);

    // a re-pointed mapping names its replacement and keeps the id the file gave
    let repointed = raw(&app, pk, "CONTROL#7.1").await;
    let mapped = repointed["techniques"].as_l().unwrap()[0].as_m().unwrap();
    assert_eq!((s(mapped, "technique_id"), s(mapped, "mapped_as")), ("T1001.001", "T1002"));
    assert_attributes(mapped, "technique_id mapping_type mapped_as");
    assert_attributes(&repointed, control_attributes);
    // and an unknown id stays on its control, out of the analysis
    let unknown = raw(&app, pk, "CONTROL#8.2").await;
    assert!(unknown["techniques"].as_l().unwrap().is_empty());
    let kept = unknown["unresolved"].as_l().unwrap()[0].as_m().unwrap();
    assert_eq!((s(kept, "technique_id"), s(kept, "mapping_type")), ("T1888", "detects"));
    assert_attributes(&unknown, control_attributes);
}
