//! The D3FEND ontology's classes as plain records: Turtle in (parsed by `oxttl`), one [`Class`]
//! per named class of the D3FEND namespace out, with its named superclasses and its
//! `owl:Restriction`s (`owl:onProperty` / `owl:someValuesFrom` on `rdfs:subClassOf`) resolved to
//! `(property, class)` pairs. Nothing is inferred here.

use std::collections::{BTreeMap, HashMap};

use oxrdf::vocab::{rdfs, xsd};
use oxrdf::{NamedOrBlankNode, Term};
use oxttl::TurtleParser;

pub(crate) const D3F: &str = "http://d3fend.mitre.org/ontologies/d3fend.owl#";
const OWL: &str = "http://www.w3.org/2002/07/owl#";

/// What the ontology says about one class, names as D3FEND local names (`ProcessImage`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Class {
    pub label: Option<String>,
    pub d3fend_id: Option<String>,
    pub attack_id: Option<String>,
    pub definition: Option<String>,
    pub deprecated: bool,
    /// Named superclasses, in D3FEND's namespace.
    pub parents: Vec<String>,
    /// `(property, class)` of each restriction it is a subclass of, in D3FEND's namespace.
    pub restrictions: Vec<(String, String)>,
}

/// Every subject of the D3FEND namespace, by local name.
pub(crate) fn read(ttl: &str) -> Result<BTreeMap<String, Class>, String> {
    let mut classes: BTreeMap<String, Class> = BTreeMap::new();
    // Blank node -> (onProperty, someValuesFrom) and class -> its blank superclasses
    let mut property: HashMap<String, String> = HashMap::new();
    let mut values: HashMap<String, String> = HashMap::new();
    let mut blank_parents: Vec<(String, String)> = Vec::new();
    for triple in TurtleParser::new().for_slice(ttl.as_bytes()) {
        let triple = triple.map_err(|e| format!("not valid Turtle: {e}"))?;
        let predicate = triple.predicate.as_str();
        match triple.subject {
            NamedOrBlankNode::BlankNode(b) => {
                let target = match &triple.object {
                    Term::NamedNode(n) => local(n.as_str()),
                    _ => None,
                };
                match (predicate.strip_prefix(OWL), target) {
                    (Some("onProperty"), Some(t)) => property.insert(b.into_string(), t.to_owned()),
                    (Some("someValuesFrom"), Some(t)) => values.insert(b.into_string(), t.to_owned()),
                    _ => None,
                };
            }
            NamedOrBlankNode::NamedNode(s) => {
                let Some(name) = local(s.as_str()) else { continue };
                let class = classes.entry(name.to_owned()).or_default();
                match (predicate, &triple.object) {
                    (p, Term::NamedNode(o)) if p == rdfs::SUB_CLASS_OF.as_str() => {
                        if let Some(parent) = local(o.as_str()) {
                            class.parents.push(parent.to_owned());
                        }
                    }
                    (p, Term::BlankNode(o)) if p == rdfs::SUB_CLASS_OF.as_str() => {
                        blank_parents.push((name.to_owned(), o.as_str().to_owned()))
                    }
                    (p, Term::Literal(l)) => {
                        let text = l.value().to_owned();
                        match (p, p.strip_prefix(D3F)) {
                            (_, Some("d3fend-id")) => class.d3fend_id = Some(text),
                            (_, Some("attack-id")) => class.attack_id = Some(text),
                            (_, Some("definition")) => {
                                class.definition.get_or_insert(text);
                            }
                            (p, _) if p == rdfs::LABEL.as_str() => {
                                class.label.get_or_insert(text);
                            }
                            (p, _) if p == format!("{OWL}deprecated") => {
                                class.deprecated = l.datatype() == xsd::BOOLEAN && l.value() == "true"
                            }
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    for (name, blank) in blank_parents {
        if let (Some(p), Some(v)) = (property.get(&blank), values.get(&blank))
            && let Some(class) = classes.get_mut(&name)
        {
            class.restrictions.push((p.clone(), v.clone()));
        }
    }
    for class in classes.values_mut() {
        class.parents.sort();
        class.parents.dedup();
        class.restrictions.sort();
        class.restrictions.dedup();
    }
    Ok(classes)
}

/// `ProcessImage` from `http://d3fend.mitre.org/ontologies/d3fend.owl#ProcessImage`.
fn local(iri: &str) -> Option<&str> {
    iri.strip_prefix(D3F).filter(|l| !l.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restrictions_resolve_to_property_and_class() {
        let ttl = r#"@prefix : <http://d3fend.mitre.org/ontologies/d3fend.owl#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
:T1 a owl:Class ; rdfs:label "One"@en, "Other" ; owl:deprecated true ;
    rdfs:subClassOf :T0, owl:Thing, [ a owl:Restriction ; owl:onProperty :accesses ; owl:someValuesFrom :Process ] ;
    :attack-id "T1" .
"#;
        let classes = read(ttl).unwrap();
        let t1 = &classes["T1"];
        assert_eq!(
            (t1.label.as_deref(), t1.attack_id.as_deref(), t1.deprecated),
            (Some("One"), Some("T1"), true)
        );
        assert_eq!(t1.parents, ["T0"]);
        assert_eq!(t1.restrictions, [("accesses".to_owned(), "Process".to_owned())]);
        assert!(read(":x a").unwrap_err().starts_with("not valid Turtle"));
    }
}
