//! The join of ATT&CK techniques and countermeasures on the artifact (the rule is in the parent
//! module's doc): the countermeasure's artifact is the attack's or one of its ancestors.

use std::collections::{BTreeMap, BTreeSet};

use domain::d3fend::CounterLink;

use super::Relation;

/// The restriction that names a technique's tactic, not an artifact.
pub(crate) const ENABLES: &str = "enables";

pub(crate) fn counter_links<'a>(
    attack: &[Relation],
    defend: impl IntoIterator<Item = &'a Relation>,
    artifact_parents: &[(String, String)],
) -> Vec<CounterLink> {
    let mut parents: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (child, parent) in artifact_parents {
        parents.entry(child).or_default().push(parent);
    }
    let mut by_artifact: BTreeMap<&str, Vec<&Relation>> = BTreeMap::new();
    for r in defend.into_iter().filter(|r| r.relation != ENABLES) {
        by_artifact.entry(&r.object).or_default().push(r);
    }
    let mut links = BTreeSet::new();
    for a in attack {
        for artifact in self_and_ancestors(&parents, &a.object) {
            for d in by_artifact.get(artifact).into_iter().flatten() {
                links.insert(CounterLink {
                    attack_id: a.subject.clone(),
                    d3fend_id: d.subject.clone(),
                    artifact: artifact.to_owned(),
                    attack_relation: a.relation.clone(),
                    d3fend_relation: d.relation.clone(),
                });
            }
        }
    }
    links.into_iter().collect()
}

fn self_and_ancestors<'a>(parents: &BTreeMap<&'a str, Vec<&'a str>>, artifact: &'a str) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::from([artifact]);
    let mut stack = vec![artifact];
    while let Some(a) = stack.pop() {
        for p in parents.get(a).into_iter().flatten() {
            if seen.insert(p) {
                stack.push(p);
            }
        }
    }
    seen
}
