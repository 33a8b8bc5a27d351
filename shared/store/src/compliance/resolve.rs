//! Mapped ids resolved against the catalog: kept, re-pointed along revocations, or unresolved.

use super::{MappedTechnique, StoredControl};
use domain::catalog::Technique;
use domain::compliance::{Control, ControlMapping};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Revocations followed from one id at most (MITRE's chains are one or two long).
const MAX_HOPS: usize = 8;

/// Mappings resolved against the catalog.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolution {
    pub controls: Vec<StoredControl>,
    /// (the file's id, the replacement), each pair once, sorted.
    pub repointed: Vec<(String, String)>,
    /// Ids kept out of the analysis, each once, sorted.
    pub unresolved: Vec<String>,
    /// Mappings in the analysis (after re-pointing, each once).
    pub mappings: u32,
}

/// Resolves each mapping through the catalog: an active (or deprecated) technique maps as it
/// is; a revoked one is re-pointed along `revoked_by` to its replacement; an id the catalog does
/// not know, or a revoked one without a known replacement, is unresolved.
pub fn resolve(
    controls: Vec<Control>,
    mappings: Vec<ControlMapping>,
    techniques: &[Technique],
) -> Resolution {
    let by_id: HashMap<&str, &Technique> = techniques.iter().map(|t| (t.attack_id.as_str(), t)).collect();
    let current = |id: &str| -> Option<String> {
        let mut id = id.to_owned();
        for _ in 0..MAX_HOPS {
            let t = by_id.get(id.as_str())?;
            if !t.lifecycle.revoked {
                return Some(id);
            }
            id = t.lifecycle.revoked_by.clone()?;
        }
        None
    };
    let mut mapped: BTreeMap<&str, (BTreeSet<MappedTechnique>, BTreeSet<MappedTechnique>)> = BTreeMap::new();
    let (mut repointed, mut unresolved) = (BTreeSet::new(), BTreeSet::new());
    for m in &mappings {
        let (known, unknown) = mapped.entry(m.control_id.as_str()).or_default();
        match current(&m.technique_id) {
            Some(id) if id == m.technique_id => {
                known.insert(MappedTechnique {
                    technique_id: id,
                    mapping_type: m.mapping_type.clone(),
                    mapped_as: None,
                });
            }
            Some(id) => {
                repointed.insert((m.technique_id.clone(), id.clone()));
                known.insert(MappedTechnique {
                    technique_id: id,
                    mapping_type: m.mapping_type.clone(),
                    mapped_as: Some(m.technique_id.clone()),
                });
            }
            None => {
                unresolved.insert(m.technique_id.clone());
                unknown.insert(MappedTechnique {
                    technique_id: m.technique_id.clone(),
                    mapping_type: m.mapping_type.clone(),
                    mapped_as: None,
                });
            }
        }
    }
    let mut count = 0;
    let controls = controls
        .into_iter()
        .map(|c| {
            let (known, unknown) = mapped.remove(c.control_id.as_str()).unwrap_or_default();
            // Re-pointing may make two mappings one: the one the file gave as is wins.
            let mut techniques: Vec<MappedTechnique> = Vec::new();
            for t in known {
                match techniques
                    .iter_mut()
                    .find(|k| (&k.technique_id, &k.mapping_type) == (&t.technique_id, &t.mapping_type))
                {
                    Some(k) if t.mapped_as.is_none() => *k = t,
                    Some(_) => {}
                    None => techniques.push(t),
                }
            }
            count += techniques.len() as u32;
            StoredControl {
                control_id: c.control_id,
                name: c.name,
                family: c.family,
                description: c.description,
                techniques,
                unresolved: unknown.into_iter().collect(),
            }
        })
        .collect();
    Resolution {
        controls,
        repointed: repointed.into_iter().collect(),
        unresolved: unresolved.into_iter().collect(),
        mappings: count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::catalog::Lifecycle;

    fn technique(id: &str, revoked_by: Option<&str>) -> Technique {
        let mut t: Technique = serde_json::from_value(serde_json::json!({
            "attack_id": id, "name": id, "description": "", "tactics": [], "platforms": [],
            "data_sources": [], "detection": null, "url": null, "is_subtechnique": false,
            "parent_id": null, "mitigation_ids": [], "actor_ids": [], "detection_strategy_ids": [],
            "domain": "enterprise-attack", "custom": false, "attack_version": null, "modified": null
        }))
        .unwrap();
        t.lifecycle = Lifecycle {
            revoked: revoked_by.is_some(),
            revoked_by: revoked_by.map(Into::into),
            ..Default::default()
        };
        t
    }

    fn control(id: &str) -> Control {
        Control { control_id: id.into(), name: id.into(), family: Some("AC".into()), description: None }
    }

    fn mapping(control: &str, technique: &str) -> ControlMapping {
        ControlMapping {
            control_id: control.into(),
            technique_id: technique.into(),
            mapping_type: Some("mitigates".into()),
        }
    }

    #[test]
    fn revoked_ids_are_repointed_along_the_chain_and_unknown_ones_kept_apart() {
        let catalog = [
            technique("T1", None),
            technique("T2", Some("T3")),
            technique("T3", Some("T1")),
            technique("T4", Some("T404")),
        ];
        let r = resolve(
            vec![control("AC-1"), control("AC-2")],
            vec![mapping("AC-1", "T1"), mapping("AC-1", "T2"), mapping("AC-2", "T9"), mapping("AC-2", "T4")],
            &catalog,
        );
        assert_eq!(r.repointed, [("T2".to_owned(), "T1".to_owned())]);
        assert_eq!(r.unresolved, ["T4", "T9"]);
        assert_eq!(r.mappings, 1, "T2 became T1, which AC-1 maps already");
        assert_eq!(r.controls[0].techniques[0].mapped_as, None, "the mapping as given wins");
        assert_eq!(r.controls[1].techniques, []);
        assert_eq!(r.controls[1].unresolved.len(), 2);
    }
}
