//! MITRE D3FEND from its ontology source (`src/ontology/d3fend-protege.ttl`), parsed as Turtle
//! with `oxttl`. D3FEND publishes no ATT&CK → countermeasure file in its repository, so both
//! halves are read from the ontology, where every relation is an `owl:Restriction` on
//! `rdfs:subClassOf`, and joined here.
//!
//! [`read_d3fend`] gives the straight extractions ([`D3fendOntology`], one table per derived CSV
//! of the shared data, no inference); [`parse_d3fend`] turns them into the [`D3fendCatalog`] the
//! application stores. The few derived facts:
//!
//! * a **defensive technique** is a class with a `d3f:d3fend-id` below `DefensiveTechnique`
//!   (the `D3A-*` analytic methods are not); its **parents** are its named superclasses that have
//!   a D3FEND id, and its **tactic** is the tactic its own `enables` restriction names, or else
//!   the nearest ancestor's (`Application-based Process Isolation` ← `Execution Isolation`,
//!   which enables `Isolate`);
//! * a **digital artifact** is `DigitalArtifact` or a class below it; the hierarchy is every
//!   digital artifact's named superclass edges (a few lead out of them: `DigitalArtifact` is an
//!   `Artifact`, `User` an `Agent`).
//!
//! **The link rule.** An ATT&CK technique that relates to artifact A (`T1003.001 accesses
//! Process`) and a defensive technique that relates to artifact B (`D3-PSA analyzes Process`,
//! any relation but `enables`) are linked through B when B is A or an ancestor of A in the
//! digital-artifact hierarchy: a countermeasure on every `File` also counters an attack on a
//! `ConfigurationFile`, never the other way round. ATT&CK techniques D3FEND marks deprecated
//! keep their links (the catalog says which they are); sub-techniques get only their own.
//! The same join over the derived CSVs gives the same pairs (`tests/real_data.rs`).

mod graph;
mod links;

use std::collections::{BTreeMap, BTreeSet};

use domain::d3fend::{CounterLink, DefensiveTechnique};

use graph::Class;

/// What the application keeps of D3FEND.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct D3fendCatalog {
    /// Defensive techniques only, sorted by id.
    pub techniques: Vec<DefensiveTechnique>,
    /// ATT&CK technique → countermeasure links (see the module doc), sorted, deduplicated.
    pub links: Vec<CounterLink>,
    /// ATT&CK technique ids D3FEND knows, with whether D3FEND marks them deprecated.
    pub attack_techniques: Vec<(String, bool)>,
}

/// A class with a D3FEND id: a defensive technique or an analytic method (`D3A-*`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TechniqueRow {
    pub id: String,
    pub label: String,
    pub class: String,
    /// Named superclasses' D3FEND ids, sorted.
    pub parents: Vec<String>,
    pub tactic: Option<String>,
    pub definition: Option<String>,
    pub defensive: bool,
}

/// An ATT&CK technique class of the ontology.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AttackTechniqueRow {
    pub id: String,
    pub label: String,
    /// Named superclasses' ATT&CK ids (a sub-technique's technique).
    pub parents: Vec<String>,
    pub deprecated: bool,
}

/// One restriction of a technique: `subject` (a D3FEND or ATT&CK id) `relation` `object` (a class).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Relation {
    pub subject: String,
    pub relation: String,
    pub object: String,
}

/// The ontology's tables, as written (every list sorted).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct D3fendOntology {
    /// Every class with a D3FEND id (ids repeat among analytic methods; the class does not).
    pub techniques: Vec<TechniqueRow>,
    pub attack_techniques: Vec<AttackTechniqueRow>,
    /// Restrictions of the classes with a D3FEND id (`enables` ones name the tactic).
    pub d3fend_relations: Vec<Relation>,
    /// Restrictions of the ATT&CK technique classes.
    pub attack_relations: Vec<Relation>,
    /// `(artifact, parent)`: the named superclasses of every digital artifact.
    pub artifact_parents: Vec<(String, String)>,
    /// `DigitalArtifact` and every class below it.
    pub digital_artifacts: BTreeSet<String>,
    /// `rdfs:label` of every class that has one.
    pub labels: BTreeMap<String, String>,
}

/// The ontology's file in the D3FEND repository, or any single `.ttl` given on its own.
pub fn wanted_d3fend_path(path: &str) -> bool {
    path == "src/ontology/d3fend-protege.ttl" || (!path.contains('/') && path.ends_with(".ttl"))
}

/// The catalog from the ontology's Turtle.
pub fn parse_d3fend(ttl: &str) -> Result<D3fendCatalog, String> {
    read_d3fend(ttl).map(|o| o.catalog())
}

/// The ontology's tables from its Turtle; an error when it is not Turtle or holds no technique.
pub fn read_d3fend(ttl: &str) -> Result<D3fendOntology, String> {
    let classes = graph::read(ttl)?;
    let below = |root: &str| -> BTreeSet<String> {
        classes.keys().filter(|c| *c != root && ancestors(&classes, c).contains(root)).cloned().collect()
    };
    let defensive = below("DefensiveTechnique");
    let tactics = below("DefensiveTactic");
    let mut digital_artifacts = below("DigitalArtifact");
    digital_artifacts.insert("DigitalArtifact".to_owned());
    let mut o = D3fendOntology { digital_artifacts, ..D3fendOntology::default() };
    for (name, class) in &classes {
        if let Some(label) = &class.label {
            o.labels.insert(name.clone(), label.clone());
        }
        let relations = |id: &String| {
            let id = id.clone();
            class.restrictions.iter().map(move |(relation, object)| Relation {
                subject: id.clone(),
                relation: relation.clone(),
                object: object.clone(),
            })
        };
        if let Some(id) = &class.d3fend_id {
            let is_defensive = defensive.contains(name);
            o.techniques.push(TechniqueRow {
                id: id.clone(),
                label: class.label.clone().unwrap_or_default(),
                class: name.clone(),
                parents: parent_ids(&classes, class, |c| c.d3fend_id.as_deref()),
                tactic: is_defensive.then(|| tactic(&classes, &tactics, name)).flatten(),
                definition: class.definition.clone(),
                defensive: is_defensive,
            });
            o.d3fend_relations.extend(relations(id));
        }
        if let Some(id) = &class.attack_id {
            o.attack_techniques.push(AttackTechniqueRow {
                id: id.clone(),
                label: class.label.clone().unwrap_or_default(),
                parents: parent_ids(&classes, class, |c| c.attack_id.as_deref()),
                deprecated: class.deprecated,
            });
            o.attack_relations.extend(relations(id));
        }
        if o.digital_artifacts.contains(name) {
            o.artifact_parents.extend(class.parents.iter().map(|p| (name.clone(), p.clone())));
        }
    }
    if !o.techniques.iter().any(|t| t.defensive) {
        return Err("no D3FEND defensive technique in this file (is it d3fend-protege.ttl?)".into());
    }
    o.techniques.sort();
    o.attack_techniques.sort();
    o.d3fend_relations.sort();
    o.attack_relations.sort();
    o.artifact_parents.sort();
    Ok(o)
}

impl D3fendOntology {
    /// Defensive techniques, ATT&CK ids and the links between them (the module doc's rule).
    pub fn catalog(&self) -> D3fendCatalog {
        let mut techniques: Vec<DefensiveTechnique> = self
            .techniques
            .iter()
            .filter(|t| t.defensive)
            .map(|t| DefensiveTechnique {
                id: t.id.clone(),
                name: t.label.clone(),
                class: t.class.clone(),
                tactic: t.tactic.clone(),
                definition: t.definition.clone(),
                parents: t.parents.clone(),
                artifacts: self
                    .d3fend_relations
                    .iter()
                    .filter(|r| r.subject == t.id && r.relation != links::ENABLES)
                    .map(|r| (r.relation.clone(), r.object.clone()))
                    .collect(),
            })
            .collect();
        techniques.sort_by(|a, b| a.id.cmp(&b.id));
        let defensive: BTreeSet<&str> = techniques.iter().map(|t| t.id.as_str()).collect();
        D3fendCatalog {
            links: links::counter_links(
                &self.attack_relations,
                self.d3fend_relations.iter().filter(|r| defensive.contains(r.subject.as_str())),
                &self.artifact_parents,
            ),
            attack_techniques: self.attack_techniques.iter().map(|t| (t.id.clone(), t.deprecated)).collect(),
            techniques,
        }
    }
}

/// Every class above `name` (named superclasses, transitively).
fn ancestors<'a>(classes: &'a BTreeMap<String, Class>, name: &'a str) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![name];
    while let Some(c) = stack.pop() {
        for p in classes.get(c).map(|c| c.parents.as_slice()).unwrap_or_default() {
            if seen.insert(p.as_str()) {
                stack.push(p);
            }
        }
    }
    seen
}

fn parent_ids(
    classes: &BTreeMap<String, Class>,
    class: &Class,
    id: impl Fn(&Class) -> Option<&str>,
) -> Vec<String> {
    let mut ids: Vec<String> =
        class.parents.iter().filter_map(|p| classes.get(p).and_then(&id)).map(str::to_owned).collect();
    ids.sort();
    ids.dedup();
    ids
}

/// The tactic a technique's own `enables` restriction names, else its nearest ancestor's
/// (breadth first, parents in name order).
fn tactic(classes: &BTreeMap<String, Class>, tactics: &BTreeSet<String>, name: &str) -> Option<String> {
    let mut seen = BTreeSet::from([name]);
    let mut queue = std::collections::VecDeque::from([name]);
    while let Some(c) = queue.pop_front() {
        let Some(class) = classes.get(c) else { continue };
        if let Some((_, t)) =
            class.restrictions.iter().find(|(p, t)| p == links::ENABLES && tactics.contains(t))
        {
            return Some(t.clone());
        }
        queue.extend(class.parents.iter().map(String::as_str).filter(|p| seen.insert(*p)));
    }
    None
}

#[cfg(test)]
mod tests;
