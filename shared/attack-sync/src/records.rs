//! From an imported [`Catalog`] to the records Aegis stores, each with its fingerprint.
//!
//! The fingerprint (`item_hash`) is the SHA-256 of the object's own content hash (its whole STIX
//! JSON, `modified` not trusted) plus every link that comes from elsewhere in the bundle:
//! relationships (`uses`, `mitigates`, `detects`, `subtechnique-of`, `revoked-by`), a tactic's
//! matrix column, a detection strategy's analytics. A change to any of them rewrites the item;
//! nothing else does. The ATT&CK version is deliberately not part of it, so a release that
//! leaves an object alone leaves its item alone.

use domain::catalog::{
    AnalyticRef, DetectionStrategy, Lifecycle, Mitigation, Tactic, Technique, ThreatActor,
};
use domain::sync::CatalogCounts;
use importers::Catalog;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A record with its fingerprint.
pub struct Hashed<R> {
    pub record: R,
    pub hash: String,
}

/// Every record of one catalog, per kind, keyed by ATT&CK id.
pub struct Records {
    pub domain: String,
    pub attack_version: Option<String>,
    pub tactics: BTreeMap<String, Hashed<Tactic>>,
    pub techniques: BTreeMap<String, Hashed<Technique>>,
    pub actors: BTreeMap<String, Hashed<ThreatActor>>,
    pub mitigations: BTreeMap<String, Hashed<Mitigation>>,
    pub detection_strategies: BTreeMap<String, Hashed<DetectionStrategy>>,
}

fn fingerprint(content_hash: &str, links: &[(&str, String)]) -> String {
    let mut h = Sha256::new();
    h.update(content_hash.as_bytes());
    for (name, value) in links {
        h.update(b"\n");
        h.update(name.as_bytes());
        h.update(b"=");
        h.update(value.as_bytes());
    }
    hex::encode(h.finalize())
}

fn joined(ids: &BTreeSet<String>) -> String {
    ids.iter().cloned().collect::<Vec<_>>().join(",")
}

fn lifecycle(revoked: bool, revoked_by: &Option<String>, deprecated: bool) -> Lifecycle {
    Lifecycle { revoked, revoked_by: revoked_by.clone(), deprecated, removed: false }
}

impl Records {
    pub fn from_catalog(c: &Catalog) -> Records {
        let domain = c.domain.as_str().to_owned();
        let version = c.attack_version.clone();

        // Reverse links onto techniques, by the technique's STIX id.
        let mut mitigated_by: HashMap<&str, BTreeSet<String>> = HashMap::new();
        let mut used_by: HashMap<&str, BTreeSet<String>> = HashMap::new();
        let mut detected_by: HashMap<&str, BTreeSet<String>> = HashMap::new();
        for m in &c.mitigations {
            if let Some(id) = &m.attack_id {
                for t in &m.technique_refs {
                    mitigated_by.entry(t).or_default().insert(id.clone());
                }
            }
        }
        for g in &c.intrusion_sets {
            if let Some(id) = &g.attack_id {
                for t in &g.technique_refs {
                    used_by.entry(t).or_default().insert(id.clone());
                }
            }
        }
        for d in &c.detection_strategies {
            if let Some(id) = &d.attack_id {
                for t in &d.technique_refs {
                    detected_by.entry(t).or_default().insert(id.clone());
                }
            }
        }
        let empty = BTreeSet::new();

        let mut tactics = BTreeMap::new();
        for (order, t) in c.tactics.iter().enumerate() {
            let Some(id) = &t.attack_id else { continue };
            let record = Tactic {
                id: id.clone(),
                name: t.name.clone(),
                shortname: t.shortname.clone(),
                description: t.description.clone(),
                url: t.url.clone(),
                order: order as u32,
                domain: domain.clone(),
                lifecycle: lifecycle(t.revoked, &t.revoked_by, t.deprecated),
            };
            let hash = fingerprint(
                &t.content_hash,
                &[("order", order.to_string()), ("revoked_by", t.revoked_by.clone().unwrap_or_default())],
            );
            tactics.insert(id.clone(), Hashed { record, hash });
        }

        let mut techniques = BTreeMap::new();
        for t in &c.techniques {
            let Some(id) = &t.attack_id else { continue };
            let mitigations = mitigated_by.get(t.stix_id.as_str()).unwrap_or(&empty);
            let actors = used_by.get(t.stix_id.as_str()).unwrap_or(&empty);
            let detections = detected_by.get(t.stix_id.as_str()).unwrap_or(&empty);
            let record = Technique {
                attack_id: id.clone(),
                name: t.name.clone(),
                description: t.description.clone(),
                tactics: t.tactics.clone(),
                platforms: t.platforms.clone(),
                data_sources: t.data_sources.clone(),
                detection: t.detection.clone(),
                url: t.url.clone(),
                is_subtechnique: t.is_subtechnique,
                parent_id: t.parent_id.clone(),
                mitigation_ids: mitigations.iter().cloned().collect(),
                actor_ids: actors.iter().cloned().collect(),
                detection_strategy_ids: detections.iter().cloned().collect(),
                domain: domain.clone(),
                custom: false,
                lifecycle: lifecycle(t.revoked, &t.revoked_by, t.deprecated),
                attack_version: version.clone(),
                modified: Some(t.modified.clone()),
            };
            let hash = fingerprint(
                &t.content_hash,
                &[
                    ("mitigations", joined(mitigations)),
                    ("actors", joined(actors)),
                    ("detections", joined(detections)),
                    ("parent", t.parent_id.clone().unwrap_or_default()),
                    ("revoked_by", t.revoked_by.clone().unwrap_or_default()),
                ],
            );
            techniques.insert(id.clone(), Hashed { record, hash });
        }

        let mut actors = BTreeMap::new();
        for g in &c.intrusion_sets {
            let Some(id) = &g.attack_id else { continue };
            let record = ThreatActor {
                attack_id: id.clone(),
                name: g.name.clone(),
                aliases: g.aliases.clone(),
                description: g.description.clone(),
                url: g.url.clone(),
                technique_ids: g.technique_ids.clone(),
                domain: domain.clone(),
                custom: false,
                lifecycle: lifecycle(g.revoked, &g.revoked_by, g.deprecated),
            };
            let hash = fingerprint(
                &g.content_hash,
                &[
                    ("techniques", g.technique_ids.join(",")),
                    ("revoked_by", g.revoked_by.clone().unwrap_or_default()),
                ],
            );
            actors.insert(id.clone(), Hashed { record, hash });
        }

        let mut mitigations = BTreeMap::new();
        for m in &c.mitigations {
            let Some(id) = &m.attack_id else { continue };
            let record = Mitigation {
                attack_id: id.clone(),
                name: m.name.clone(),
                description: m.description.clone(),
                url: m.url.clone(),
                technique_ids: m.technique_ids.clone(),
                domain: domain.clone(),
                lifecycle: lifecycle(m.revoked, &m.revoked_by, m.deprecated),
            };
            let hash = fingerprint(
                &m.content_hash,
                &[
                    ("techniques", m.technique_ids.join(",")),
                    ("revoked_by", m.revoked_by.clone().unwrap_or_default()),
                ],
            );
            mitigations.insert(id.clone(), Hashed { record, hash });
        }

        let analytics: HashMap<&str, &importers::Analytic> =
            c.analytics.iter().map(|a| (a.stix_id.as_str(), a)).collect();
        let mut detection_strategies = BTreeMap::new();
        for d in &c.detection_strategies {
            let Some(id) = &d.attack_id else { continue };
            let members: Vec<&importers::Analytic> =
                d.analytic_refs.iter().filter_map(|r| analytics.get(r.as_str()).copied()).collect();
            let record = DetectionStrategy {
                attack_id: id.clone(),
                name: d.name.clone(),
                url: d.url.clone(),
                technique_ids: d.technique_ids.clone(),
                analytics: members
                    .iter()
                    .filter_map(|a| {
                        Some(AnalyticRef {
                            attack_id: a.attack_id.clone()?,
                            name: a.name.clone(),
                            platforms: a.platforms.clone(),
                        })
                    })
                    .collect(),
                domain: domain.clone(),
                lifecycle: lifecycle(d.revoked, &d.revoked_by, d.deprecated),
            };
            let hash = fingerprint(
                &d.content_hash,
                &[
                    ("techniques", d.technique_ids.join(",")),
                    (
                        "analytics",
                        members.iter().map(|a| a.content_hash.as_str()).collect::<Vec<_>>().join(","),
                    ),
                    ("revoked_by", d.revoked_by.clone().unwrap_or_default()),
                ],
            );
            detection_strategies.insert(id.clone(), Hashed { record, hash });
        }

        Records {
            domain,
            attack_version: version,
            tactics,
            techniques,
            actors,
            mitigations,
            detection_strategies,
        }
    }

    /// What the data holds, for the run record.
    pub fn counts(&self) -> CatalogCounts {
        let mut c = CatalogCounts::default();
        let mut flags = |l: &Lifecycle| {
            if l.revoked {
                c.revoked += 1;
            } else if l.deprecated {
                c.deprecated += 1;
            }
            l.is_active()
        };
        let tactics = self.tactics.values().filter(|t| flags(&t.record.lifecycle)).count();
        let mut techniques = 0;
        let mut subtechniques = 0;
        for t in self.techniques.values() {
            if flags(&t.record.lifecycle) {
                techniques += 1;
                subtechniques += usize::from(t.record.is_subtechnique);
            }
        }
        let actors = self.actors.values().filter(|a| flags(&a.record.lifecycle)).count();
        let mitigations = self.mitigations.values().filter(|m| flags(&m.record.lifecycle)).count();
        let detections = self.detection_strategies.values().filter(|d| flags(&d.record.lifecycle)).count();
        c.tactics = tactics as u32;
        c.techniques = techniques as u32;
        c.subtechniques = subtechniques as u32;
        c.threat_actors = actors as u32;
        c.mitigations = mitigations as u32;
        c.detection_strategies = detections as u32;
        c
    }
}
