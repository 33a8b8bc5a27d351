//! What a sync must report, computed from a bundle read as plain JSON, independently of the
//! importer and the sync code. The rules mirror the documented ones (docs/IMPORT.md):
//! an object is kept when it carries an ATT&CK id; it counts as changed when its JSON (without
//! `spec_version`) or one of its links changed; links come from relationships that are not
//! themselves revoked or deprecated.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

const SOURCES: [&str; 3] = ["mitre-attack", "mitre-mobile-attack", "mitre-ics-attack"];

/// The kinds a sync stores, by STIX type.
pub fn kind_of(stix_type: &str) -> Option<&'static str> {
    Some(match stix_type {
        "x-mitre-tactic" => "tactic",
        "attack-pattern" => "technique",
        "intrusion-set" => "threat_actor",
        "course-of-action" => "mitigation",
        "x-mitre-detection-strategy" => "detection_strategy",
        _ => return None,
    })
}

pub fn attack_id(o: &Value) -> Option<String> {
    o["external_references"].as_array()?.iter().find_map(|r| {
        let source = r["source_name"].as_str()?;
        let id = r["external_id"].as_str()?;
        (SOURCES.contains(&source) && !id.is_empty()).then(|| id.to_owned())
    })
}

fn flag(o: &Value, name: &str) -> bool {
    o[name].as_bool().unwrap_or(false)
}

#[derive(Debug, Clone)]
pub struct Obj {
    pub kind: &'static str,
    pub id: String,
    pub content: Value,
    pub links: BTreeMap<&'static str, String>,
    pub revoked: bool,
    pub deprecated: bool,
    pub is_subtechnique: bool,
}

/// Every stored object of a bundle, keyed by (kind, ATT&CK id).
pub fn objects(bundle: &Value) -> BTreeMap<(&'static str, String), Obj> {
    let all = bundle["objects"].as_array().expect("objects");
    let by_stix: HashMap<&str, &Value> = all.iter().map(|o| (o["id"].as_str().unwrap(), o)).collect();
    let id_of = |stix: &str| by_stix.get(stix).and_then(|o| attack_id(o));
    let type_of = |stix: &str| by_stix.get(stix).and_then(|o| o["type"].as_str()).unwrap_or("");

    let mut rel: HashMap<(&str, &str), BTreeSet<String>> = HashMap::new(); // (rel type, target) -> source ids
    let mut out_rel: HashMap<(&str, &str), BTreeSet<String>> = HashMap::new(); // (rel type, source) -> target ids
    let mut revoked_by_live: HashMap<&str, String> = HashMap::new();
    let mut revoked_by_withdrawn: HashMap<&str, String> = HashMap::new();
    for r in all.iter().filter(|o| o["type"] == "relationship") {
        let (ty, src, tgt) = (
            r["relationship_type"].as_str().unwrap(),
            r["source_ref"].as_str().unwrap(),
            r["target_ref"].as_str().unwrap(),
        );
        let withdrawn = flag(r, "revoked") || flag(r, "x_mitre_deprecated");
        if ty == "revoked-by" {
            if let Some(t) = id_of(tgt) {
                if withdrawn {
                    revoked_by_withdrawn.insert(src, t)
                } else {
                    revoked_by_live.insert(src, t)
                };
            }
            continue;
        }
        if withdrawn || !by_stix.contains_key(src) || !by_stix.contains_key(tgt) {
            continue;
        }
        if let (Some(s), Some(t)) = (id_of(src), id_of(tgt)) {
            // Only links between stored kinds matter (software `uses`, data components `detects`
            // and the like are not kept).
            let source_type = match ty {
                "uses" => "intrusion-set",
                "mitigates" => "course-of-action",
                "detects" => "x-mitre-detection-strategy",
                "subtechnique-of" => "attack-pattern",
                _ => continue,
            };
            if type_of(src) != source_type || type_of(tgt) != "attack-pattern" {
                continue;
            }
            rel.entry((ty, tgt)).or_default().insert(s);
            out_rel.entry((ty, src)).or_default().insert(t);
        }
    }
    let joined = |s: Option<&BTreeSet<String>>| {
        s.map(|s| s.iter().cloned().collect::<Vec<_>>().join(",")).unwrap_or_default()
    };

    // Tactic columns: the matrices' tactic_refs (active matrices first), then the rest by id.
    let mut matrices: Vec<&Value> = all.iter().filter(|o| o["type"] == "x-mitre-matrix").collect();
    matrices.sort_by_key(|m| flag(m, "revoked") || flag(m, "x_mitre_deprecated"));
    let mut columns: Vec<String> = Vec::new();
    for m in matrices {
        for r in m["tactic_refs"].as_array().into_iter().flatten() {
            let r = r.as_str().unwrap().to_owned();
            if by_stix.contains_key(r.as_str()) && !columns.contains(&r) {
                columns.push(r);
            }
        }
    }
    let mut unlisted: Vec<&Value> = all
        .iter()
        .filter(|o| o["type"] == "x-mitre-tactic" && !columns.iter().any(|c| c == o["id"].as_str().unwrap()))
        .collect();
    unlisted.sort_by_key(|o| (attack_id(o), o["id"].as_str().unwrap().to_owned()));
    columns.extend(unlisted.iter().map(|o| o["id"].as_str().unwrap().to_owned()));

    let mut out = BTreeMap::new();
    for o in all {
        let Some(kind) = kind_of(o["type"].as_str().unwrap()) else { continue };
        let Some(id) = attack_id(o) else { continue };
        let stix = o["id"].as_str().unwrap();
        let mut content = o.clone();
        content.as_object_mut().unwrap().remove("spec_version");
        let revoked_by =
            revoked_by_live.get(stix).or(revoked_by_withdrawn.get(stix)).cloned().unwrap_or_default();
        let mut links = BTreeMap::new();
        links.insert("revoked_by", revoked_by);
        match kind {
            "tactic" => {
                links.insert("order", columns.iter().position(|c| c == stix).unwrap().to_string());
            }
            "technique" => {
                links.insert("mitigations", joined(rel.get(&("mitigates", stix))));
                links.insert("actors", joined(rel.get(&("uses", stix))));
                links.insert("detections", joined(rel.get(&("detects", stix))));
                let parent = match id.split_once('.') {
                    Some((p, _)) => p.to_owned(),
                    None => joined(out_rel.get(&("subtechnique-of", stix))),
                };
                links.insert("parent", parent);
            }
            "threat_actor" => {
                links.insert("techniques", joined(out_rel.get(&("uses", stix))));
            }
            "mitigation" => {
                links.insert("techniques", joined(out_rel.get(&("mitigates", stix))));
            }
            "detection_strategy" => {
                links.insert("techniques", joined(out_rel.get(&("detects", stix))));
                let analytics: Vec<String> = o["x_mitre_analytic_refs"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|r| by_stix.get(r.as_str().unwrap()))
                    .map(|a| {
                        let mut a = (*a).clone();
                        a.as_object_mut().unwrap().remove("spec_version");
                        a.to_string()
                    })
                    .collect();
                links.insert("analytics", analytics.join("\n"));
            }
            _ => unreachable!(),
        }
        let obj = Obj {
            kind,
            id: id.clone(),
            content,
            links,
            revoked: flag(o, "revoked"),
            deprecated: flag(o, "x_mitre_deprecated"),
            is_subtechnique: flag(o, "x_mitre_is_subtechnique"),
        };
        out.insert((kind, id), obj);
    }
    out
}

/// Per-kind counts in the sync's categories.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Counts {
    pub added: u32,
    pub updated: u32,
    pub deprecated: u32,
    pub revoked: u32,
    pub removed: u32,
    pub unchanged: u32,
}

/// What syncing `new` over a catalog synced from `old` (or nothing) must report, per kind.
pub fn changes(
    old: Option<&BTreeMap<(&'static str, String), Obj>>,
    new: &BTreeMap<(&'static str, String), Obj>,
) -> BTreeMap<&'static str, Counts> {
    let empty = BTreeMap::new();
    let old = old.unwrap_or(&empty);
    let mut out: BTreeMap<&'static str, Counts> = BTreeMap::new();
    for kind in ["tactic", "technique", "threat_actor", "mitigation", "detection_strategy"] {
        out.insert(kind, Counts::default());
    }
    for (key, n) in new {
        let c = out.get_mut(key.0).unwrap();
        match old.get(key) {
            None => c.added += 1,
            Some(o) if o.content == n.content && o.links == n.links => c.unchanged += 1,
            Some(o) if n.revoked && !o.revoked => c.revoked += 1,
            Some(o) if n.deprecated && !o.deprecated && !n.revoked => c.deprecated += 1,
            Some(_) => c.updated += 1,
        }
    }
    for key in old.keys() {
        if !new.contains_key(key) {
            out.get_mut(key.0).unwrap().removed += 1;
        }
    }
    out
}

/// What a bundle holds: active counts per kind, and revoked / deprecated across the kinds.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Holdings {
    pub tactics: u32,
    pub techniques: u32,
    pub subtechniques: u32,
    pub threat_actors: u32,
    pub mitigations: u32,
    pub detection_strategies: u32,
    pub revoked: u32,
    pub deprecated: u32,
}

pub fn holdings(objs: &BTreeMap<(&'static str, String), Obj>) -> Holdings {
    let mut h = Holdings::default();
    for o in objs.values() {
        if o.revoked {
            h.revoked += 1;
            continue;
        }
        if o.deprecated {
            h.deprecated += 1;
            continue;
        }
        match o.kind {
            "tactic" => h.tactics += 1,
            "technique" => {
                h.techniques += 1;
                h.subtechniques += u32::from(o.is_subtechnique);
            }
            "threat_actor" => h.threat_actors += 1,
            "mitigation" => h.mitigations += 1,
            _ => h.detection_strategies += 1,
        }
    }
    h
}
