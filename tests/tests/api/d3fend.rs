//! D3FEND end to end: the ontology imported through its data source, countermeasures listed and
//! linked to ATT&CK techniques through their artifacts, leads marking them deployed, and the
//! D3FEND score component following.

use crate::helpers::import_source;
use crate::helpers::{error_codes, problem};
use crate::workflow::{app_with_team, ok};
use serde_json::{Value, json};

/// D-FA analyzes files: it counters T1004 (reads a file) and T1001 (changes a configuration
/// file, a kind of file); D-FH analyzes configuration files: it counters T1001 only.
pub(crate) const TTL: &str = r#"@prefix : <http://d3fend.mitre.org/ontologies/d3fend.owl#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

:Detect a owl:Class ; rdfs:subClassOf :DefensiveTactic ; rdfs:label "Detect" .
:Harden a owl:Class ; rdfs:subClassOf :DefensiveTactic ; rdfs:label "Harden" .
:DefensiveTechnique a owl:Class ;
    rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :enables ; owl:someValuesFrom :DefensiveTactic ] .
:FileAnalysis a owl:Class ; rdfs:label "File Analysis" ; :d3fend-id "D3-FA" ;
    :definition "Analyzes files." ;
    rdfs:subClassOf :DefensiveTechnique,
        [ a owl:Restriction ; owl:onProperty :enables ; owl:someValuesFrom :Detect ],
        [ a owl:Restriction ; owl:onProperty :analyzes ; owl:someValuesFrom :File ] .
:ConfigurationHashing a owl:Class ; rdfs:label "Configuration Hashing" ; :d3fend-id "D3-FH" ;
    rdfs:subClassOf :DefensiveTechnique,
        [ a owl:Restriction ; owl:onProperty :enables ; owl:someValuesFrom :Harden ],
        [ a owl:Restriction ; owl:onProperty :analyzes ; owl:someValuesFrom :ConfigurationFile ] .
:File a owl:Class ; rdfs:label "File" ; rdfs:subClassOf :DigitalArtifact .
:ConfigurationFile a owl:Class ; rdfs:label "Configuration File" ; rdfs:subClassOf :File .
:T1001 a owl:Class ; rdfs:label "Alpha" ; :attack-id "T1001" ;
    rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :modifies ; owl:someValuesFrom :ConfigurationFile ] .
:T1004 a owl:Class ; rdfs:label "Delta" ; :attack-id "T1004" ;
    rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :accesses ; owl:someValuesFrom :File ] .
"#;

#[tokio::test]
async fn countermeasures_link_to_techniques_and_deployments_move_the_d3fend_component() {
    let (app, team) = app_with_team().await;
    let run = import_source(&app, "d3fend", "d3fend.ttl", TTL).await;
    assert_eq!(run["status"], "succeeded", "{run}");
    assert_eq!(run["counts"]["added"], 2);

    let list = ok(app.get("/api/v1/d3fend/techniques", &team.viewer).await).await;
    let ids: Vec<(&str, u64)> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), c["attack_count"].as_u64().unwrap()))
        .collect();
    assert_eq!(ids, [("D3-FA", 2), ("D3-FH", 1)]);
    let harden = ok(app.get("/api/v1/d3fend/techniques?tactic=harden", &team.viewer).await).await;
    assert_eq!(harden["total"], 1);
    let countering = ok(app.get("/api/v1/d3fend/techniques?attack_id=T1004", &team.viewer).await).await;
    assert_eq!(countering["items"][0]["id"], "D3-FA");
    let fa = ok(app.get("/api/v1/d3fend/techniques/D3-FA", &team.viewer).await).await;
    assert_eq!((fa["tactic"].as_str(), fa["definition"].as_str()), (Some("Detect"), Some("Analyzes files.")));
    let countered: Vec<(&str, &str)> = fa["counters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["attack_id"].as_str().unwrap(), c["name"].as_str().unwrap()))
        .collect();
    assert_eq!(
        countered,
        [("T1001", "Alpha Execution"), ("T1004", "Delta Phishing")],
        "names from the catalog"
    );

    // Nothing deployed yet: T1001's D3FEND component is 0 of 2.
    let page = ok(app.get("/api/v1/techniques/T1001", &team.viewer).await).await;
    assert_eq!(page["countermeasures"].as_array().unwrap().len(), 2);
    assert_eq!(page["d3fend_deployed_pct"], 0.0);
    let untouched = ok(app.get("/api/v1/techniques/T1001.001", &team.viewer).await).await;
    assert_eq!(untouched["d3fend_deployed_pct"], Value::Null, "D3FEND names nothing for it");

    problem(
        app.request(
            reqwest::Method::PUT,
            "/api/v1/d3fend/techniques/D3-FH/deployment",
            Some(&team.blue_tech),
        )
        .json(&json!({ "deployed": true }))
        .send()
        .await
        .unwrap(),
        403,
    )
    .await;
    let long = "x".repeat(2001);
    let refused = app
        .request(reqwest::Method::PUT, "/api/v1/d3fend/techniques/D3-FH/deployment", Some(&team.blue_lead))
        .json(&json!({ "deployed": true, "notes": long }))
        .send()
        .await
        .unwrap();
    assert_eq!(error_codes(&problem(refused, 422).await), ["max_length"]);
    let res = app
        .request(reqwest::Method::PUT, "/api/v1/d3fend/techniques/D3-FH/deployment", Some(&team.blue_lead))
        .json(&json!({ "deployed": true, "notes": "EDR file integrity monitoring" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    problem(
        app.request(
            reqwest::Method::PUT,
            "/api/v1/d3fend/techniques/D3-NOPE/deployment",
            Some(&team.blue_lead),
        )
        .json(&json!({ "deployed": true }))
        .send()
        .await
        .unwrap(),
        404,
    )
    .await;

    let page = ok(app.get("/api/v1/techniques/T1001", &team.viewer).await).await;
    assert_eq!(page["d3fend_deployed_pct"], 50.0);
    let score = ok(app.get("/api/v1/scores/techniques/T1001", &team.viewer).await).await;
    assert_eq!(score["components"]["d3fend"], 50.0);
    let other = ok(app.get("/api/v1/scores/techniques/T1004", &team.viewer).await).await;
    assert_eq!(other["components"]["d3fend"], 0.0, "D3-FA, its only countermeasure, is not deployed");
    let deployed = ok(app.get("/api/v1/d3fend/techniques?deployed=true", &team.viewer).await).await;
    assert_eq!(deployed["items"][0]["notes"], "EDR file integrity monitoring");
    assert_eq!(app.audit("action=d3fend.deployment").await.len(), 1);
}
