use super::*;

/// A small ontology in D3FEND's shape: two tactics, a technique tree, an analytic method, a
/// three-level artifact hierarchy and three ATT&CK techniques.
const TTL: &str = r#"@prefix : <http://d3fend.mitre.org/ontologies/d3fend.owl#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

:Detect a owl:Class ; rdfs:subClassOf :DefensiveTactic ; rdfs:label "Detect" .
:DefensiveTechnique a owl:Class ;
    rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :enables ; owl:someValuesFrom :DefensiveTactic ] .
:FileAnalysis a owl:Class ; rdfs:label "File Analysis" ; :d3fend-id "D3-FA" ;
    :definition "Looks at files." ;
    rdfs:subClassOf :DefensiveTechnique,
        [ a owl:Restriction ; owl:onProperty :enables ; owl:someValuesFrom :Detect ],
        [ a owl:Restriction ; owl:onProperty :analyzes ; owl:someValuesFrom :File ] .
:FileHashing a owl:Class ; rdfs:label "File Hashing" ; :d3fend-id "D3-FH" ;
    rdfs:subClassOf :FileAnalysis,
        [ a owl:Restriction ; owl:onProperty :analyzes ; owl:someValuesFrom :ConfigurationFile ] .
:Clustering a owl:Class ; rdfs:label "Clustering" ; :d3fend-id "D3A-C" ;
    rdfs:subClassOf :AnalyticTechnique,
        [ a owl:Restriction ; owl:onProperty :analyzes ; owl:someValuesFrom :File ] .
:File a owl:Class ; rdfs:label "File" ; rdfs:subClassOf :DigitalArtifact .
:ConfigurationFile a owl:Class ; rdfs:label "Configuration File" ; rdfs:subClassOf :File, :Resource .
:T1 a owl:Class ; rdfs:label "One" ; :attack-id "T1" ;
    rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :modifies ; owl:someValuesFrom :ConfigurationFile ] .
:T1.001 a owl:Class ; rdfs:label "One dot one" ; :attack-id "T1.001" ; rdfs:subClassOf :T1 .
:T2 a owl:Class ; rdfs:label "Two" ; :attack-id "T2" ; owl:deprecated true ;
    rdfs:subClassOf [ a owl:Restriction ; owl:onProperty :accesses ; owl:someValuesFrom :DigitalArtifact ] .
"#;

#[test]
fn the_tables_are_read_as_written_and_tactics_inherited() {
    let o = read_d3fend(TTL).unwrap();
    let ids: Vec<(&str, &[String], Option<&str>, bool)> = o
        .techniques
        .iter()
        .map(|t| (t.id.as_str(), t.parents.as_slice(), t.tactic.as_deref(), t.defensive))
        .collect();
    let fa = ["D3-FA".to_owned()];
    assert_eq!(
        ids,
        [
            ("D3-FA", &[][..], Some("Detect"), true),
            ("D3-FH", &fa[..], Some("Detect"), true),
            ("D3A-C", &[][..], None, false)
        ]
    );
    assert_eq!(o.attack_techniques[1].parents, ["T1"]);
    assert!(o.attack_techniques[2].deprecated);
    // Every superclass edge of a digital artifact, also those leaving them (`Resource`)
    let edge = |a: &str, p: &str| (a.to_owned(), p.to_owned());
    assert_eq!(
        o.artifact_parents,
        [
            edge("ConfigurationFile", "File"),
            edge("ConfigurationFile", "Resource"),
            edge("File", "DigitalArtifact")
        ]
    );
    assert!(o.digital_artifacts.contains("DigitalArtifact") && !o.digital_artifacts.contains("Resource"));
    assert_eq!(o.d3fend_relations.len(), 4);
    assert_eq!(o.labels["ConfigurationFile"], "Configuration File");
}

#[test]
fn countermeasures_link_through_the_artifact_or_its_ancestors() {
    let catalog = parse_d3fend(TTL).unwrap();
    let fa = &catalog.techniques[0];
    assert_eq!((fa.id.as_str(), fa.definition.as_deref()), ("D3-FA", Some("Looks at files.")));
    assert_eq!(fa.artifacts, [("analyzes".to_owned(), "File".to_owned())]);
    let links: Vec<(&str, &str, &str)> = catalog
        .links
        .iter()
        .map(|l| (l.attack_id.as_str(), l.d3fend_id.as_str(), l.artifact.as_str()))
        .collect();
    // T1's configuration file is a File (D3-FA) and itself (D3-FH); T2's generic artifact is
    // neither; the analytic method and the sub-technique without restrictions get nothing
    assert_eq!(links, [("T1", "D3-FA", "File"), ("T1", "D3-FH", "ConfigurationFile")]);
    assert_eq!(
        (catalog.links[0].attack_relation.as_str(), catalog.links[0].d3fend_relation.as_str()),
        ("modifies", "analyzes")
    );
    assert_eq!(
        catalog.attack_techniques,
        [("T1".to_owned(), false), ("T1.001".to_owned(), false), ("T2".to_owned(), true)]
    );
}

#[test]
fn a_file_without_techniques_or_turtle_is_refused() {
    assert!(parse_d3fend("@prefix : <http://example.org/> .\n:a :b :c .").unwrap_err().contains("no D3FEND"));
    assert!(parse_d3fend("{").is_err());
    assert!(wanted_d3fend_path("src/ontology/d3fend-protege.ttl") && wanted_d3fend_path("d3fend.ttl"));
    assert!(!wanted_d3fend_path("src/ontology/other.ttl") && !wanted_d3fend_path("README.md"));
}
