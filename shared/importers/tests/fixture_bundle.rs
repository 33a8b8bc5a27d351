//! Core behaviour on the hand-written fixtures in `tests/fixtures/`.

use std::path::PathBuf;

use importers::{Catalog, Domain, StixVersion, diff, parse_bundle, parse_bundle_slice};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Parses through both front ends (streaming reader and in-memory slice), which must agree.
fn parse(name: &str) -> Catalog {
    let f = std::fs::File::open(fixture(name)).expect("fixture exists");
    let streamed = parse_bundle(f).expect("fixture parses");
    let bytes = std::fs::read(fixture(name)).unwrap();
    assert_eq!(parse_bundle_slice(&bytes).expect("fixture parses"), streamed);
    streamed
}

fn ids<'a>(it: impl IntoIterator<Item = &'a Option<String>>) -> Vec<&'a str> {
    it.into_iter().map(|s| s.as_deref().unwrap_or("-")).collect()
}

const T1001: &str = "attack-pattern--a1000000-0000-4000-8000-000000001001";
const T1001_001: &str = "attack-pattern--a1000000-0000-4000-8000-000000100101";
const T1002: &str = "attack-pattern--a1000000-0000-4000-8000-000000001002";
const T1004: &str = "attack-pattern--a1000000-0000-4000-8000-000000001004";
const T1005: &str = "attack-pattern--a1000000-0000-4000-8000-000000001005";
const G0001: &str = "intrusion-set--15000000-0000-4000-8000-000000000001";

#[test]
fn bundle_level_fields() {
    let c = parse("mini-enterprise-v1.json");
    assert_eq!(c.domain, Domain::Enterprise);
    assert_eq!(c.attack_version.as_deref(), Some("1.1"));
    assert_eq!(c.attack_spec_version.as_deref(), Some("3.3.0"));
    assert_eq!(c.stix_version, StixVersion::V2_1);
    assert_eq!(c.bundle_id.as_deref(), Some("bundle--0b1f0000-0000-4000-8000-000000000001"));
    assert_eq!(c.matrices.len(), 1);
    assert_eq!(c.matrices[0].attack_id.as_deref(), Some("enterprise-attack"));
    assert_eq!(c.matrices[0].tactic_refs.len(), 3);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}

#[test]
fn stats_count_every_object_and_skip_unknown_types() {
    let c = parse("mini-enterprise-v1.json");
    let s = &c.stats;
    assert_eq!(s.objects, 37);
    let by: Vec<(&str, usize)> = s.by_type.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(
        by,
        vec![
            ("attack-pattern", 5),
            ("campaign", 1),
            ("course-of-action", 2),
            ("identity", 1),
            ("intrusion-set", 2),
            ("malware", 1),
            ("marking-definition", 1),
            ("relationship", 13),
            ("x-mitre-analytic", 1),
            ("x-mitre-collection", 1),
            ("x-mitre-data-component", 1),
            ("x-mitre-data-source", 1),
            ("x-mitre-detection-strategy", 1),
            ("x-mitre-matrix", 1),
            ("x-mitre-tactic", 5),
        ]
    );
    // malware, campaign, identity, marking-definition.
    assert_eq!(s.skipped_unknown, 4);
    assert_eq!(s.relationships, 13);
    assert_eq!(s.relationships_unresolved, 1, "the malware -> missing attack-pattern relationship");
    assert_eq!(s.relationships_withdrawn, 1, "the deprecated G0001 uses T1004 relationship");
}

#[test]
fn tactics_follow_the_matrix_then_unlisted_sorted_by_id() {
    let c = parse("mini-enterprise-v1.json");
    // File order is TA0001, TA0099, TA0003, TA0002, TA0098; the matrix says TA0003, TA0001, TA0002.
    assert_eq!(
        ids(c.tactics.iter().map(|t| &t.attack_id)),
        vec!["TA0003", "TA0001", "TA0002", "TA0098", "TA0099"]
    );
    let sn: Vec<&str> = c.tactics.iter().map(|t| t.shortname.as_str()).collect();
    assert_eq!(sn, vec!["persistence", "initial-access", "execution", "forgotten-too", "forgotten"]);
    let in_matrix: Vec<bool> = c.tactics.iter().map(|t| t.in_matrix).collect();
    assert_eq!(in_matrix, vec![true, true, true, false, false]);
    let ta1 = &c.tactics[1];
    assert_eq!(ta1.stix_id, "x-mitre-tactic--7a000000-0000-4000-8000-000000000001");
    assert_eq!(ta1.name, "Initial Access");
    assert_eq!(ta1.description, "The adversary is trying to get into your network.");
    assert_eq!(ta1.url.as_deref(), Some("https://attack.mitre.org/tactics/TA0001"));
    assert_eq!(ta1.modified, "2019-07-19T17:44:13.228Z");
    assert_eq!(ta1.version.as_deref(), Some("1.0"));
    assert_eq!(ta1.domains, vec!["enterprise-attack"]);
    assert!(!ta1.revoked && !ta1.deprecated);
    assert_eq!(c.tactic_by_shortname("execution").and_then(|t| t.attack_id.as_deref()), Some("TA0002"));
}

#[test]
fn technique_fields() {
    let c = parse("mini-enterprise-v1.json");
    assert_eq!(
        ids(c.techniques.iter().map(|t| &t.attack_id)),
        vec!["T1001", "T1001.001", "T1002", "T1003", "T1004"]
    );

    let t = c.technique("T1001").unwrap();
    assert_eq!(t.stix_id, T1001);
    assert_eq!(t.name, "Alpha Execution");
    assert_eq!(t.description, "Adversaries may run alpha.");
    assert_eq!(t.tactics, vec!["execution", "persistence"]);
    assert_eq!(t.platforms, vec!["Windows", "Linux"]);
    assert_eq!(t.data_sources, vec!["Process: Process Creation", "Command: Command Execution"]);
    assert_eq!(t.detection.as_deref(), Some("Monitor alpha processes."));
    assert_eq!(t.url.as_deref(), Some("https://attack.mitre.org/techniques/T1001"));
    assert!(!t.is_subtechnique);
    assert_eq!(t.parent_id, None);
    assert_eq!(t.parent_ref, None);
    assert!(!t.revoked && !t.deprecated);
    assert_eq!(t.revoked_by, None);
    assert_eq!(t.modified, "2023-04-01T00:00:00.000Z");
    assert_eq!(t.version.as_deref(), Some("1.2"));
    assert_eq!(t.domains, vec!["enterprise-attack"]);
    // Same value as Python's json.dumps(obj minus spec_version, sort_keys=True,
    // separators=(",", ":"), ensure_ascii=False) piped into sha256.
    assert_eq!(t.content_hash, "4f427b9da3c2c7ffcfad61bd14d80951c7e2534b4f1ffab6d166b6e256631bcf");
    assert!(t.fields.keys().any(|k| k == "x_mitre_detection"));
    assert!(!t.fields.keys().any(|k| k == "spec_version"));

    let sub = c.technique("T1001.001").unwrap();
    assert!(sub.is_subtechnique);
    assert_eq!(sub.parent_id.as_deref(), Some("T1001"));
    assert_eq!(sub.parent_ref.as_deref(), Some(T1001));
    assert_eq!(sub.tactics, vec!["execution"]);
    assert_eq!(sub.detection, None);
    assert!(sub.data_sources.is_empty());
    assert_eq!(sub.content_hash, "f172264e9a2f2fa51a1471d18f1c673695852f4c232df8039fd3cb0b381e2f8f");

    // Only ATT&CK kill chains count as tactics.
    assert_eq!(c.technique("T1004").unwrap().tactics, vec!["initial-access"]);
}

#[test]
fn revoked_by_is_resolved_and_deprecated_is_kept() {
    let c = parse("mini-enterprise-v1.json");
    let old = c.technique("T1002").unwrap();
    assert!(old.revoked);
    assert!(!old.deprecated);
    assert_eq!(old.revoked_by.as_deref(), Some("T1001.001"));
    assert_eq!(old.revoked_by_ref.as_deref(), Some(T1001_001));
    assert_eq!(c.current_technique("T1002").and_then(|t| t.attack_id.as_deref()), Some("T1001.001"));
    assert_eq!(c.current_technique("T1001").map(|t| t.stix_id.as_str()), Some(T1001));
    assert!(c.current_technique("T9999").is_none());

    let dep = c.technique("T1003").unwrap();
    assert!(dep.deprecated);
    assert!(!dep.revoked);
    assert_eq!(dep.revoked_by, None);
    assert_eq!(dep.name, "Gamma (deprecated)");

    // A revoked intrusion set may lack its ATT&CK id; its revoked-by is resolved too.
    let g_old = c.intrusion_sets.iter().find(|g| g.attack_id.is_none()).unwrap();
    assert!(g_old.revoked);
    assert_eq!(g_old.revoked_by.as_deref(), Some("G0001"));
    assert_eq!(g_old.revoked_by_ref.as_deref(), Some(G0001));
    assert_eq!(g_old.description, "");
    assert!(g_old.aliases.is_empty());
}

#[test]
fn intrusion_set_uses() {
    let c = parse("mini-enterprise-v1.json");
    assert_eq!(c.intrusion_sets.len(), 2);
    let g = c.intrusion_set("G0001").unwrap();
    assert_eq!(g.stix_id, G0001);
    assert_eq!(g.name, "Fixture Panda");
    assert_eq!(g.aliases, vec!["Fixture Panda", "FP-1"]);
    assert_eq!(g.description, "A made-up group.");
    assert_eq!(g.url.as_deref(), Some("https://attack.mitre.org/groups/G0001"));
    // T1002 is revoked and still listed; T1004 comes only through a deprecated relationship and is
    // not; the malware is not a technique.
    assert_eq!(g.technique_ids, vec!["T1001", "T1002"]);
    assert_eq!(g.technique_refs, vec![T1001, T1002]);
    assert!(!g.revoked && !g.deprecated);
    assert_eq!(g.content_hash.len(), 64);
    // The revoked group's uses of a deprecated technique is still resolved.
    let g_old = c.intrusion_sets.iter().find(|g| g.attack_id.is_none()).unwrap();
    assert_eq!(g_old.technique_ids, vec!["T1003"]);
}

#[test]
fn mitigations() {
    let c = parse("mini-enterprise-v1.json");
    let m = c.mitigation("M1001").unwrap();
    assert_eq!(m.name, "Execution Prevention");
    assert_eq!(m.description, "Block execution of alpha.");
    assert_eq!(m.technique_ids, vec!["T1001", "T1001.001"]);
    assert_eq!(m.technique_refs, vec![T1001, T1001_001]);
    assert_eq!(m.version.as_deref(), Some("1.1"));
    assert!(!m.deprecated && !m.revoked);
    assert_eq!(c.mitigation("M1002").unwrap().technique_ids, vec!["T1004"]);
}

#[test]
fn detection_strategies_analytics_data_sources_components() {
    let c = parse("mini-enterprise-v1.json");
    assert_eq!(c.detection_strategies.len(), 1);
    let d = c.detection_strategy("DET0001").unwrap();
    assert_eq!(d.name, "Detect alpha execution");
    assert_eq!(d.analytic_refs, vec!["x-mitre-analytic--a0000000-0000-4000-8000-000000000001"]);
    assert_eq!(d.analytic_ids, vec!["AN0001"]);
    assert_eq!(d.technique_ids, vec!["T1001"]);
    assert_eq!(d.technique_refs, vec![T1001]);
    assert_eq!(d.url.as_deref(), Some("https://attack.mitre.org/detectionstrategies/DET0001"));

    let a = c.analytic("AN0001").unwrap();
    assert_eq!(a.name, "Analytic 0001");
    assert_eq!(a.description, "Process creation of alpha.exe.");
    assert_eq!(a.platforms, vec!["Windows"]);
    assert_eq!(a.data_component_refs, vec!["x-mitre-data-component--dc000000-0000-4000-8000-000000000001"]);

    assert_eq!(c.data_sources.len(), 1);
    let ds = &c.data_sources[0];
    assert_eq!((ds.attack_id.as_deref(), ds.name.as_str(), ds.deprecated), (Some("DS0009"), "Process", true));
    assert_eq!(c.data_components.len(), 1);
    let dc = &c.data_components[0];
    assert_eq!(
        (dc.attack_id.as_deref(), dc.name.as_str(), dc.deprecated),
        (Some("DC0032"), "Process Creation", false)
    );
    assert_eq!(
        dc.data_source_ref.as_deref(),
        Some("x-mitre-data-source--d5000000-0000-4000-8000-000000000001")
    );
}

#[test]
fn stix_2_0_bundle() {
    let c = parse("mini-ics-stix20.json");
    assert_eq!(c.stix_version, StixVersion::V2_0);
    assert_eq!(c.domain, Domain::Ics);
    assert_eq!(c.attack_version, None);
    // The deprecated matrix comes first in the file (listing TA0106 alone); active matrices go first.
    assert_eq!(c.matrices.iter().map(|m| m.deprecated).collect::<Vec<_>>(), vec![false, true]);
    assert_eq!(ids(c.tactics.iter().map(|t| &t.attack_id)), vec!["TA0108", "TA0106"]);
    // `mitre-ics-attack` source name and kill chain are recognised.
    let t = c.technique("T0817").unwrap();
    assert_eq!(t.tactics, vec!["initial-access-ics"]);
    assert!(t.deprecated);
    assert_eq!(c.technique("T0836").unwrap().tactics, vec!["impair-process-control"]);
    assert_eq!(c.mitigation("M0800").unwrap().technique_ids, vec!["T0836"]);
    assert_eq!(c.stats.skipped_unknown, 1);
}

#[test]
fn hashes_are_stable_and_ignore_key_order_whitespace_and_spec_version() {
    let a = parse("mini-enterprise-v1.json");
    let b = parse("mini-enterprise-v1.json");
    assert_eq!(a, b);
    let v2 = parse("mini-enterprise-v2.json");
    // T1001.001 is written with reversed key order and different whitespace in v2.
    assert_eq!(
        a.technique("T1001.001").unwrap().content_hash,
        v2.technique("T1001.001").unwrap().content_hash
    );
    // TA0001 lost its spec_version in v2 (and has its keys reversed).
    let ta = |c: &Catalog| {
        c.tactics.iter().find(|t| t.attack_id.as_deref() == Some("TA0001")).unwrap().content_hash.clone()
    };
    assert_eq!(ta(&a), "b7f1f40d5a9281bdaf8a571bb2e839a2239b7ec7bf12da12a33c28150bc38601");
    assert_eq!(ta(&a), ta(&v2));
    // A changed description changes the hash.
    assert_eq!(
        v2.technique("T1001").unwrap().content_hash,
        "5e16648e957f694b1f07481765885faa0e7aa695f67b036edd29623ae7f53370"
    );
}

#[test]
fn diff_of_the_two_fixture_versions() {
    let v1 = parse("mini-enterprise-v1.json");
    let v2 = parse("mini-enterprise-v2.json");
    let d = diff(&v1, &v2);
    assert_eq!(d.old_version.as_deref(), Some("1.1"));
    assert_eq!(d.new_version.as_deref(), Some("1.2"));

    let t = &d.techniques;
    let attack =
        |v: &[importers::EntryRef]| v.iter().map(|e| e.attack_id.clone().unwrap()).collect::<Vec<_>>();
    assert_eq!(attack(&t.added), vec!["T1005"]);
    assert_eq!(attack(&t.removed), vec!["T1003"]);
    assert_eq!(attack(&t.unchanged), vec!["T1002", "T1001.001"], "sorted by STIX id");
    let upd: Vec<(String, Vec<String>)> =
        t.updated.iter().map(|u| (u.attack_id.clone().unwrap(), u.changed_fields.clone())).collect();
    assert_eq!(
        upd,
        vec![
            ("T1001".to_owned(), vec!["description".to_owned(), "modified".to_owned()]),
            ("T1004".to_owned(), vec!["modified".to_owned(), "revoked".to_owned()]),
        ]
    );
    assert_eq!(t.newly_revoked.len(), 1);
    let r = &t.newly_revoked[0];
    assert_eq!((r.stix_id.as_str(), r.attack_id.as_deref()), (T1004, Some("T1004")));
    assert_eq!((r.revoked_by_ref.as_deref(), r.revoked_by.as_deref()), (Some(T1005), Some("T1005")));
    assert!(t.newly_deprecated.is_empty());
    // T1004 gained its revoked-by link.
    assert_eq!(attack(&t.links_changed), vec!["T1004"]);

    let g = &d.intrusion_sets;
    assert!(g.updated.is_empty() && g.added.is_empty() && g.removed.is_empty());
    assert_eq!(g.unchanged.len(), 2);
    // G0001: same JSON, but a new `uses` relationship. The revoked G0002 lost its `uses` of T1003,
    // which is gone from v2.
    let relinked: Vec<&str> = g.links_changed.iter().map(|e| e.stix_id.as_str()).collect();
    assert_eq!(relinked, vec![G0001, "intrusion-set--15000000-0000-4000-8000-000000000002"]);
    assert_eq!(v2.intrusion_set("G0001").unwrap().technique_ids, vec!["T1001", "T1002", "T1005"]);

    let m = &d.mitigations;
    assert_eq!(attack(&m.newly_deprecated), vec!["M1001"]);
    let upd: Vec<(String, Vec<String>)> =
        m.updated.iter().map(|u| (u.attack_id.clone().unwrap(), u.changed_fields.clone())).collect();
    assert_eq!(
        upd,
        vec![
            ("M1001".to_owned(), vec!["modified".to_owned(), "x_mitre_deprecated".to_owned()]),
            // Same `modified`, a field the importer does not even keep: still an update.
            ("M1002".to_owned(), vec!["x_mitre_contributors".to_owned()]),
        ]
    );
    assert!(m.links_changed.is_empty());

    assert_eq!(attack(&d.detection_strategies.added), vec!["DET0002"]);
    assert_eq!(attack(&d.detection_strategies.unchanged), vec!["DET0001"]);
    assert_eq!(attack(&d.analytics.added), vec!["AN0002"]);
    assert_eq!(attack(&d.analytics.unchanged), vec!["AN0001"]);
    assert!(d.tactics.is_empty());
    assert_eq!(d.tactics.unchanged.len(), 5);
    assert!(d.data_sources.is_empty() && d.data_components.is_empty());

    // Diffing a catalog with itself finds nothing.
    let same = diff(&v2, &v2);
    assert!(same.is_empty());
    assert_eq!(same.techniques.unchanged.len(), v2.techniques.len());
}

#[test]
fn inconsistencies_become_warnings() {
    let text = std::fs::read_to_string(fixture("mini-enterprise-v1.json")).unwrap();
    // subtechnique-of T1001.001 -> T1004 contradicts the id prefix T1001.
    let from = r#""relationship_type": "subtechnique-of",
            "source_ref": "attack-pattern--a1000000-0000-4000-8000-000000100101",
            "target_ref": "attack-pattern--a1000000-0000-4000-8000-000000001001""#;
    let to = r#""relationship_type": "subtechnique-of",
            "source_ref": "attack-pattern--a1000000-0000-4000-8000-000000100101",
            "target_ref": "attack-pattern--a1000000-0000-4000-8000-000000001004""#;
    assert!(text.contains(from));
    let text = text.replacen(from, to, 1);
    // The matrix names a tactic that is not in the bundle.
    let text = text.replacen(
        r#""x-mitre-tactic--7a000000-0000-4000-8000-000000000002"
            ],"#,
        r#""x-mitre-tactic--7a000000-0000-4000-8000-000000000002",
                "x-mitre-tactic--7a000000-0000-4000-8000-00000000dead"
            ],"#,
        1,
    );
    let c = parse_bundle_slice(text.as_bytes()).unwrap();
    assert_eq!(c.warnings.len(), 2, "{:#?}", c.warnings);
    assert!(c.warnings.iter().any(|w| w.contains("id prefix says parent T1001, subtechnique-of says T1004")));
    assert!(c.warnings.iter().any(|w| w.contains("00000000dead") && w.contains("not in the bundle")));
    // The id prefix wins for the ATT&CK id; the relationship is reported as is.
    let sub = c.technique("T1001.001").unwrap();
    assert_eq!(sub.parent_id.as_deref(), Some("T1001"));
    assert_eq!(sub.parent_ref.as_deref(), Some(T1004));
    assert_eq!(c.tactics.len(), 5);
}
