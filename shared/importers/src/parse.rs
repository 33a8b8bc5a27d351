//! Streaming bundle parser.
//!
//! The top-level bundle object is walked with a hand-written `Visitor`; its `objects` array is
//! consumed with a `DeserializeSeed` that takes one element at a time as raw JSON text
//! (`Box<RawValue>`, a few KB), reads its `type`/`id`, turns it into a typed record and drops the
//! text. Only the records we keep and a compact list of relationships stay in memory; links are
//! resolved once the whole array has been read (relationships may come before their targets).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;
use std::io::{BufReader, Read};

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use crate::canonical::{FieldDigests, hash_object};
use crate::error::{ImportError, from_json_error};
use crate::model::*;

/// `source_name`s of the external reference holding the ATT&CK id. Mobile uses both
/// `mitre-mobile-attack` and `mitre-attack` (11.3: 25 and 150 attack-patterns), ICS both
/// `mitre-ics-attack` and `mitre-attack`.
pub const ATTACK_SOURCE_NAMES: &[&str] = &["mitre-attack", "mitre-mobile-attack", "mitre-ics-attack"];

/// `kill_chain_name`s of ATT&CK kill chains (one per domain).
pub const ATTACK_KILL_CHAINS: &[&str] = &["mitre-attack", "mitre-mobile-attack", "mitre-ics-attack"];

/// Parses an ATT&CK STIX 2.0 or 2.1 bundle from a reader (uncompressed JSON; wrap a `.gz` in a
/// decoder first). The reader is buffered internally and consumed as a stream: memory use is
/// about the size of the resulting [`Catalog`], not of the file.
///
/// If the whole file is in memory already (an S3 object body, a test fixture), prefer
/// [`parse_bundle_slice`]: same result, several times faster, because serde_json's reader
/// front end goes byte by byte.
pub fn parse_bundle(reader: impl Read) -> Result<Catalog, ImportError> {
    let reader = BufReader::with_capacity(256 * 1024, reader);
    run(serde_json::Deserializer::from_reader(reader))
}

/// Parses an ATT&CK STIX 2.0 or 2.1 bundle held in memory. Same result as [`parse_bundle`].
pub fn parse_bundle_slice(bytes: &[u8]) -> Result<Catalog, ImportError> {
    run(serde_json::Deserializer::from_slice(bytes))
}

fn run<'de, R: serde_json::de::Read<'de>>(
    mut de: serde_json::Deserializer<R>,
) -> Result<Catalog, ImportError> {
    let mut builder = Builder::default();
    let outcome = BundleSeed { b: &mut builder }.deserialize(&mut de).and_then(|()| de.end());
    if let Err(e) = outcome {
        // Our own validation errors travel through serde as a placeholder message; the typed
        // error is waiting in the builder.
        return Err(builder.error.take().unwrap_or_else(|| from_json_error(&e)));
    }
    builder.finish()
}

// ---------------------------------------------------------------------------------------------
// Raw (STIX-shaped) records
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize)]
struct Head<'a> {
    #[serde(rename = "type", borrow, default)]
    ty: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    spec_version: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct ExternalRef {
    source_name: String,
    external_id: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
struct KillChainPhase {
    kill_chain_name: String,
    phase_name: String,
}

#[derive(Deserialize)]
struct LogSourceRef {
    x_mitre_data_component_ref: Option<String>,
}

/// The fields we read from any modelled SDO (the union over the kinds; each kind uses some).
/// Fields not listed are skipped without type checks.
#[derive(Deserialize)]
struct RawSdo {
    name: Option<String>,
    description: Option<String>,
    modified: Option<String>,
    revoked: Option<bool>,
    x_mitre_deprecated: Option<bool>,
    x_mitre_version: Option<String>,
    #[serde(default)]
    external_references: Vec<ExternalRef>,
    #[serde(default)]
    kill_chain_phases: Vec<KillChainPhase>,
    #[serde(default)]
    x_mitre_platforms: Vec<String>,
    #[serde(default)]
    x_mitre_data_sources: Vec<String>,
    x_mitre_detection: Option<String>,
    x_mitre_is_subtechnique: Option<bool>,
    #[serde(default)]
    aliases: Vec<String>,
    x_mitre_shortname: Option<String>,
    #[serde(default)]
    tactic_refs: Vec<String>,
    #[serde(default)]
    x_mitre_domains: Vec<String>,
    #[serde(default)]
    x_mitre_analytic_refs: Vec<String>,
    x_mitre_data_source_ref: Option<String>,
    #[serde(default)]
    x_mitre_log_source_references: Vec<LogSourceRef>,
}

#[derive(Deserialize)]
struct RawCollection {
    x_mitre_version: Option<String>,
    x_mitre_attack_spec_version: Option<String>,
}

#[derive(Deserialize)]
struct RawRelationship {
    relationship_type: String,
    source_ref: String,
    target_ref: String,
    revoked: Option<bool>,
    x_mitre_deprecated: Option<bool>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Tactic,
    Technique,
    IntrusionSet,
    Mitigation,
    DetectionStrategy,
    Analytic,
    DataSource,
    DataComponent,
    Matrix,
}

impl Kind {
    fn of(ty: &str) -> Option<Kind> {
        Some(match ty {
            "x-mitre-tactic" => Kind::Tactic,
            "attack-pattern" => Kind::Technique,
            "intrusion-set" => Kind::IntrusionSet,
            "course-of-action" => Kind::Mitigation,
            "x-mitre-detection-strategy" => Kind::DetectionStrategy,
            "x-mitre-analytic" => Kind::Analytic,
            "x-mitre-data-source" => Kind::DataSource,
            "x-mitre-data-component" => Kind::DataComponent,
            "x-mitre-matrix" => Kind::Matrix,
            _ => return None,
        })
    }

    /// Kinds that must carry an ATT&CK id unless revoked or deprecated.
    fn requires_attack_id(self) -> bool {
        matches!(
            self,
            Kind::Tactic
                | Kind::Technique
                | Kind::IntrusionSet
                | Kind::Mitigation
                | Kind::DetectionStrategy
                | Kind::Analytic
        )
    }
}

/// One modelled SDO after the first pass, before links are resolved.
struct Sdo {
    kind: Kind,
    id: String,
    attack_id: Option<String>,
    url: Option<String>,
    raw: RawSdo,
    content_hash: String,
    fields: FieldDigests,
}

struct Rel {
    ty: String,
    source: String,
    target: String,
    withdrawn: bool,
}

// ---------------------------------------------------------------------------------------------
// Streaming
// ---------------------------------------------------------------------------------------------

#[derive(Default)]
struct Builder {
    error: Option<ImportError>,
    bundle_id: Option<String>,
    bundle_spec_version: Option<String>,
    saw_type: bool,
    saw_objects: bool,
    index: usize,
    ids: HashSet<String>,
    any_object_2_1: bool,
    collection: Option<RawCollection>,
    sdos: Vec<Sdo>,
    rels: Vec<Rel>,
    stats: ParseStats,
    warnings: Vec<String>,
}

const PLACEHOLDER: &str = "import error (see ImportError)";

struct BundleSeed<'b> {
    b: &'b mut Builder,
}

impl<'de> DeserializeSeed<'de> for BundleSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for BundleSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a STIX bundle (a JSON object with \"type\": \"bundle\")")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let b = self.b;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match key.as_ref() {
                "type" => {
                    let ty: String = map.next_value()?;
                    if ty != "bundle" {
                        return Err(b.fail(ImportError::NotABundle {
                            reason: format!("top-level \"type\" is {ty:?}, expected \"bundle\""),
                        }));
                    }
                    b.saw_type = true;
                }
                "id" => b.bundle_id = Some(map.next_value()?),
                "spec_version" => {
                    let v: String = map.next_value()?;
                    if v != "2.0" && v != "2.1" {
                        return Err(b.fail(ImportError::NotABundle {
                            reason: format!("bundle spec_version {v:?} is not supported (only 2.0 and 2.1)"),
                        }));
                    }
                    b.bundle_spec_version = Some(v);
                }
                "objects" => {
                    if b.saw_objects {
                        return Err(b.fail(ImportError::NotABundle {
                            reason: "the bundle has two \"objects\" keys".into(),
                        }));
                    }
                    b.saw_objects = true;
                    map.next_value_seed(ObjectsSeed { b: &mut *b })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !b.saw_type {
            return Err(
                b.fail(ImportError::NotABundle { reason: "the top-level object has no \"type\"".into() })
            );
        }
        Ok(())
    }
}

struct ObjectsSeed<'b> {
    b: &'b mut Builder,
}

impl<'de> DeserializeSeed<'de> for ObjectsSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ObjectsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("\"objects\" to be an array of STIX objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            if let Err(e) = self.b.add(raw.get()) {
                return Err(self.b.fail(e));
            }
        }
        Ok(())
    }
}

fn invalid(index: usize, ty: Option<&str>, id: Option<&str>, reason: impl Into<String>) -> ImportError {
    ImportError::InvalidObject {
        index,
        object_type: ty.map(str::to_owned),
        id: id.map(str::to_owned),
        reason: reason.into(),
    }
}

/// Deserializes one object's text into a typed record. On failure the object is read a second
/// time with `serde_path_to_error` (slower, so only then) to report "field.path: message".
fn typed<T: de::DeserializeOwned>(raw: &str) -> Result<T, String> {
    serde_json::from_str(raw).map_err(|_| {
        let mut de = serde_json::Deserializer::from_str(raw);
        match serde_path_to_error::deserialize::<_, T>(&mut de) {
            Ok(_) => "invalid object".to_owned(),
            Err(e) => {
                let path = e.path().to_string();
                let inner = e.into_inner();
                // serde_json's position is relative to the object's own text; leave it out.
                let msg = inner.to_string();
                let msg = match msg.rfind(" at line ") {
                    Some(i) if inner.line() > 0 => msg[..i].to_owned(),
                    _ => msg,
                };
                if path.is_empty() || path == "." { msg } else { format!("{path}: {msg}") }
            }
        }
    })
}

impl Builder {
    fn fail<E: de::Error>(&mut self, e: ImportError) -> E {
        self.error = Some(e);
        E::custom(PLACEHOLDER)
    }

    fn add(&mut self, raw: &str) -> Result<(), ImportError> {
        let index = self.index;
        self.index += 1;
        let head: Head = serde_json::from_str(raw).map_err(|e| {
            let what = match raw.trim_start().as_bytes().first() {
                Some(b'{') => format!("unreadable object: {e}"),
                _ => "is not a JSON object".to_owned(),
            };
            invalid(index, None, None, what)
        })?;
        let ty = head.ty.as_deref();
        let id = head.id.as_deref();
        let (ty, id) = match (ty, id) {
            (Some(t), Some(i)) if !t.is_empty() && !i.is_empty() => (t, i),
            (None, _) | (Some(""), _) => return Err(invalid(index, None, id, "object has no \"type\"")),
            _ => return Err(invalid(index, ty, None, "object has no \"id\"")),
        };
        if !id.strip_prefix(ty).is_some_and(|rest| rest.starts_with("--")) {
            return Err(invalid(index, Some(ty), Some(id), format!("id does not start with \"{ty}--\"")));
        }
        match head.spec_version.as_deref() {
            None | Some("2.0") => {}
            Some("2.1") => self.any_object_2_1 = true,
            Some(v) => {
                return Err(invalid(
                    index,
                    Some(ty),
                    Some(id),
                    format!("spec_version {v:?} is not supported (only 2.0 and 2.1)"),
                ));
            }
        }
        if !self.ids.insert(id.to_owned()) {
            return Err(invalid(
                index,
                Some(ty),
                Some(id),
                "duplicate id (the id appears earlier in the bundle)",
            ));
        }
        self.stats.objects += 1;
        *self.stats.by_type.entry(ty.to_owned()).or_default() += 1;

        let typed_err = |e: String| invalid(index, Some(ty), Some(id), e);
        if ty == "relationship" {
            let r: RawRelationship = typed(raw).map_err(typed_err)?;
            self.stats.relationships += 1;
            self.rels.push(Rel {
                ty: r.relationship_type,
                source: r.source_ref,
                target: r.target_ref,
                withdrawn: r.revoked.unwrap_or(false) || r.x_mitre_deprecated.unwrap_or(false),
            });
            return Ok(());
        }
        if ty == "x-mitre-collection" {
            let c: RawCollection = typed(raw).map_err(typed_err)?;
            if self.collection.is_some() {
                self.warnings.push(format!("more than one x-mitre-collection; {id} ignored"));
            } else {
                self.collection = Some(c);
            }
            return Ok(());
        }
        let Some(kind) = Kind::of(ty) else {
            self.stats.skipped_unknown += 1;
            return Ok(());
        };

        // Modelled SDO: hash the canonical content, then convert the same tree to the typed record.
        let value: Value = serde_json::from_str(raw).map_err(|e| typed_err(e.to_string()))?;
        let Value::Object(map) = value else {
            return Err(typed_err("is not a JSON object".into()));
        };
        let (content_hash, fields) = hash_object(&map);
        let sdo: RawSdo = match serde_json::from_value(Value::Object(map)) {
            Ok(sdo) => sdo,
            // Slow path, only to name the offending field.
            Err(_) => {
                return Err(typed_err(typed::<RawSdo>(raw).err().unwrap_or_else(|| "invalid object".into())));
            }
        };
        if sdo.name.as_deref().is_none_or(str::is_empty) {
            return Err(typed_err("missing \"name\"".into()));
        }
        if sdo.modified.is_none() {
            return Err(typed_err("missing \"modified\"".into()));
        }
        let ext = sdo
            .external_references
            .iter()
            .find(|r| ATTACK_SOURCE_NAMES.contains(&r.source_name.as_str()) && r.external_id.is_some());
        let attack_id = ext.and_then(|r| r.external_id.clone());
        let url = ext.and_then(|r| r.url.clone());
        let inactive = sdo.revoked.unwrap_or(false) || sdo.x_mitre_deprecated.unwrap_or(false);
        if kind.requires_attack_id() && attack_id.as_deref().is_none_or(str::is_empty) && !inactive {
            return Err(typed_err(format!(
                "{ty} has no ATT&CK id (no external_references entry with source_name {} and an \
                 external_id) and is neither revoked nor deprecated",
                ATTACK_SOURCE_NAMES.join("/")
            )));
        }
        if kind == Kind::Tactic && sdo.x_mitre_shortname.as_deref().is_none_or(str::is_empty) && !inactive {
            return Err(typed_err("x-mitre-tactic has no x_mitre_shortname".into()));
        }
        self.sdos.push(Sdo { kind, id: id.to_owned(), attack_id, url, raw: sdo, content_hash, fields });
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // Resolution
    // -----------------------------------------------------------------------------------------

    fn finish(mut self) -> Result<Catalog, ImportError> {
        if !self.saw_type {
            return Err(ImportError::NotABundle { reason: "the top-level object has no \"type\"".into() });
        }
        let stix_version = if self.any_object_2_1 || self.bundle_spec_version.as_deref() == Some("2.1") {
            StixVersion::V2_1
        } else {
            StixVersion::V2_0
        };

        // stix id -> ATT&CK id for everything modelled (links are reported by ATT&CK id too).
        let attack_ids: HashMap<&str, Option<&str>> =
            self.sdos.iter().map(|s| (s.id.as_str(), s.attack_id.as_deref())).collect();
        let kind_of: HashMap<&str, Kind> = self.sdos.iter().map(|s| (s.id.as_str(), s.kind)).collect();

        // Relationships.
        let mut revoked_by: HashMap<&str, (&str, bool)> = HashMap::new();
        let mut revoked_by_conflicts: BTreeSet<&str> = BTreeSet::new();
        let mut sub_of: HashMap<&str, BTreeSet<&str>> = HashMap::new();
        let mut links: HashMap<(&str, &str), BTreeSet<&str>> = HashMap::new();
        for r in &self.rels {
            if !self.ids.contains(&r.source) || !self.ids.contains(&r.target) {
                self.stats.relationships_unresolved += 1;
                continue;
            }
            let (src_kind, tgt_kind) = (kind_of.get(r.source.as_str()), kind_of.get(r.target.as_str()));
            match r.ty.as_str() {
                "revoked-by" => {
                    // Mobile marks some revoked-by relationships deprecated, and for several
                    // revoked techniques (e.g. 11.3 T1431) a deprecated one is the only record
                    // of the replacement, so it is used when there is no other.
                    let candidate = (r.target.as_str(), r.withdrawn);
                    match revoked_by.get(r.source.as_str()) {
                        None => {
                            revoked_by.insert(&r.source, candidate);
                        }
                        Some(&(old, old_withdrawn)) => {
                            if old != candidate.0 && old_withdrawn == candidate.1 {
                                revoked_by_conflicts.insert(&r.source);
                            }
                            // Prefer a live relationship, then the smallest target id.
                            if (candidate.1, candidate.0) < (old_withdrawn, old) {
                                revoked_by.insert(&r.source, candidate);
                            }
                        }
                    }
                }
                "subtechnique-of" | "uses" | "mitigates" | "detects" => {
                    let wanted = match r.ty.as_str() {
                        "subtechnique-of" => (Kind::Technique, Kind::Technique),
                        "uses" => (Kind::IntrusionSet, Kind::Technique),
                        "mitigates" => (Kind::Mitigation, Kind::Technique),
                        _ => (Kind::DetectionStrategy, Kind::Technique),
                    };
                    if (src_kind, tgt_kind) != (Some(&wanted.0), Some(&wanted.1)) {
                        continue;
                    }
                    if r.withdrawn {
                        self.stats.relationships_withdrawn += 1;
                        continue;
                    }
                    if r.ty == "subtechnique-of" {
                        sub_of.entry(&r.source).or_default().insert(&r.target);
                    } else {
                        links.entry((r.ty.as_str(), r.source.as_str())).or_default().insert(&r.target);
                    }
                }
                _ => {}
            }
        }
        for s in revoked_by_conflicts {
            self.warnings.push(format!(
                "{s} has revoked-by relationships to several objects; using {}",
                revoked_by[s].0
            ));
        }

        let refs_and_ids = |ty: &str, source: &str| -> (Vec<String>, Vec<String>) {
            let Some(targets) = links.get(&(ty, source)) else { return (Vec::new(), Vec::new()) };
            let refs: Vec<String> = targets.iter().map(|t| (*t).to_owned()).collect();
            let ids: BTreeSet<&str> =
                targets.iter().filter_map(|t| attack_ids.get(t).copied().flatten()).collect();
            (refs, ids.into_iter().map(str::to_owned).collect())
        };
        let revocation = |id: &str| -> (Option<String>, Option<String>) {
            match revoked_by.get(id) {
                Some((target, _)) => {
                    (Some((*target).to_owned()), attack_ids.get(target).copied().flatten().map(str::to_owned))
                }
                None => (None, None),
            }
        };
        let by_attack_id_technique: HashMap<&str, &str> = self
            .sdos
            .iter()
            .filter(|s| s.kind == Kind::Technique)
            .filter_map(|s| s.attack_id.as_deref().map(|a| (a, s.id.as_str())))
            .collect();

        // Domain: from the matrices' external id, else their x_mitre_domains, else the tactics'.
        let mut matrices: Vec<Matrix> = Vec::new();
        let mut warnings: Vec<String> = Vec::new();
        let mut out = Collected::default();
        for s in &self.sdos {
            let revoked = s.raw.revoked.unwrap_or(false);
            let deprecated = s.raw.x_mitre_deprecated.unwrap_or(false);
            let name = s.raw.name.clone().unwrap_or_default();
            let modified = s.raw.modified.clone().unwrap_or_default();
            let description = s.raw.description.clone().unwrap_or_default();
            let (revoked_by_ref, revoked_by_id) = revocation(&s.id);
            let content_hash = s.content_hash.clone();
            let fields = s.fields.clone();
            let stix_id = s.id.clone();
            let attack_id = s.attack_id.clone();
            let url = s.url.clone();
            let version = s.raw.x_mitre_version.clone();
            let domains = s.raw.x_mitre_domains.clone();
            match s.kind {
                Kind::Matrix => matrices.push(Matrix {
                    stix_id,
                    attack_id,
                    name,
                    tactic_refs: s.raw.tactic_refs.clone(),
                    revoked,
                    deprecated,
                }),
                Kind::Tactic => out.tactics.push(Tactic {
                    stix_id,
                    attack_id,
                    name,
                    description,
                    shortname: s.raw.x_mitre_shortname.clone().unwrap_or_default(),
                    url,
                    in_matrix: false,
                    revoked,
                    revoked_by_ref,
                    revoked_by: revoked_by_id,
                    deprecated,
                    modified,
                    version,
                    domains,
                    content_hash,
                    fields,
                }),
                Kind::Technique => {
                    let mut tactics: Vec<String> = Vec::new();
                    for k in &s.raw.kill_chain_phases {
                        if ATTACK_KILL_CHAINS.contains(&k.kill_chain_name.as_str())
                            && !tactics.contains(&k.phase_name)
                        {
                            tactics.push(k.phase_name.clone());
                        }
                    }
                    let is_subtechnique = s.raw.x_mitre_is_subtechnique.unwrap_or(false);
                    let rel_parents: Vec<&str> =
                        sub_of.get(s.id.as_str()).map(|p| p.iter().copied().collect()).unwrap_or_default();
                    let rel_parent = rel_parents.first().copied();
                    if rel_parents.len() > 1 {
                        warnings
                            .push(format!("{} is subtechnique-of several techniques: {rel_parents:?}", s.id));
                    }
                    let prefix_parent = if is_subtechnique {
                        s.attack_id.as_deref().and_then(|a| a.split_once('.')).map(|(p, _)| p.to_owned())
                    } else {
                        None
                    };
                    let rel_parent_id = rel_parent.and_then(|p| attack_ids.get(p).copied().flatten());
                    if let (Some(p), Some(r)) = (prefix_parent.as_deref(), rel_parent_id)
                        && p != r
                    {
                        warnings.push(format!(
                            "{} ({}): id prefix says parent {p}, subtechnique-of says {r}",
                            s.id,
                            s.attack_id.as_deref().unwrap_or("?")
                        ));
                    }
                    if rel_parent.is_some() && !is_subtechnique {
                        warnings.push(format!(
                            "{} has a subtechnique-of relationship but x_mitre_is_subtechnique is not true",
                            s.id
                        ));
                    }
                    let parent_id = prefix_parent.or_else(|| rel_parent_id.map(str::to_owned));
                    let parent_ref = rel_parent.map(str::to_owned).or_else(|| {
                        parent_id
                            .as_deref()
                            .and_then(|p| by_attack_id_technique.get(p))
                            .map(|s| (*s).to_owned())
                    });
                    if is_subtechnique && parent_ref.is_none() && !revoked && !deprecated {
                        warnings.push(format!(
                            "sub-technique {} ({}) has no parent in the bundle",
                            s.id,
                            s.attack_id.as_deref().unwrap_or("?")
                        ));
                    }
                    out.techniques.push(Technique {
                        stix_id,
                        attack_id,
                        name,
                        description,
                        tactics,
                        platforms: s.raw.x_mitre_platforms.clone(),
                        data_sources: s.raw.x_mitre_data_sources.clone(),
                        detection: s.raw.x_mitre_detection.clone(),
                        url,
                        is_subtechnique,
                        parent_id,
                        parent_ref,
                        revoked,
                        revoked_by_ref,
                        revoked_by: revoked_by_id,
                        deprecated,
                        modified,
                        version,
                        domains,
                        content_hash,
                        fields,
                    });
                }
                Kind::IntrusionSet => {
                    let (technique_refs, technique_ids) = refs_and_ids("uses", &s.id);
                    out.intrusion_sets.push(IntrusionSet {
                        stix_id,
                        attack_id,
                        name,
                        aliases: s.raw.aliases.clone(),
                        description,
                        url,
                        technique_refs,
                        technique_ids,
                        revoked,
                        revoked_by_ref,
                        revoked_by: revoked_by_id,
                        deprecated,
                        modified,
                        version,
                        domains,
                        content_hash,
                        fields,
                    });
                }
                Kind::Mitigation => {
                    let (technique_refs, technique_ids) = refs_and_ids("mitigates", &s.id);
                    out.mitigations.push(Mitigation {
                        stix_id,
                        attack_id,
                        name,
                        description,
                        url,
                        technique_refs,
                        technique_ids,
                        revoked,
                        revoked_by_ref,
                        revoked_by: revoked_by_id,
                        deprecated,
                        modified,
                        version,
                        domains,
                        content_hash,
                        fields,
                    });
                }
                Kind::DetectionStrategy => {
                    let (technique_refs, technique_ids) = refs_and_ids("detects", &s.id);
                    let analytic_refs = s.raw.x_mitre_analytic_refs.clone();
                    let analytic_ids = analytic_refs
                        .iter()
                        .filter_map(|a| attack_ids.get(a.as_str()).copied().flatten().map(str::to_owned))
                        .collect();
                    let missing: Vec<&String> = analytic_refs
                        .iter()
                        .filter(|a| kind_of.get(a.as_str()) != Some(&Kind::Analytic))
                        .collect();
                    if !missing.is_empty() {
                        warnings.push(format!("{} refers to analytics not in the bundle: {missing:?}", s.id));
                    }
                    out.detection_strategies.push(DetectionStrategy {
                        stix_id,
                        attack_id,
                        name,
                        url,
                        analytic_refs,
                        analytic_ids,
                        technique_refs,
                        technique_ids,
                        revoked,
                        revoked_by_ref,
                        revoked_by: revoked_by_id,
                        deprecated,
                        modified,
                        version,
                        domains,
                        content_hash,
                        fields,
                    });
                }
                Kind::Analytic => {
                    let mut data_component_refs: Vec<String> = Vec::new();
                    for l in &s.raw.x_mitre_log_source_references {
                        if let Some(r) = &l.x_mitre_data_component_ref
                            && !data_component_refs.contains(r)
                        {
                            data_component_refs.push(r.clone());
                        }
                    }
                    out.analytics.push(Analytic {
                        stix_id,
                        attack_id,
                        name,
                        description,
                        url,
                        platforms: s.raw.x_mitre_platforms.clone(),
                        data_component_refs,
                        revoked,
                        revoked_by_ref,
                        revoked_by: revoked_by_id,
                        deprecated,
                        modified,
                        version,
                        domains,
                        content_hash,
                        fields,
                    });
                }
                Kind::DataSource => out.data_sources.push(DataSource {
                    stix_id,
                    attack_id,
                    name,
                    revoked,
                    revoked_by_ref,
                    revoked_by: revoked_by_id,
                    deprecated,
                    modified,
                    content_hash,
                    fields,
                }),
                Kind::DataComponent => out.data_components.push(DataComponent {
                    stix_id,
                    attack_id,
                    name,
                    data_source_ref: s.raw.x_mitre_data_source_ref.clone(),
                    revoked,
                    revoked_by_ref,
                    revoked_by: revoked_by_id,
                    deprecated,
                    modified,
                    content_hash,
                    fields,
                }),
            }
        }

        let domain = determine_domain(&matrices, &self.sdos)?;

        // Matrices: active first, then revoked/deprecated, each in file order (stable sort).
        matrices.sort_by_key(|m| m.revoked || m.deprecated);
        let tactics = order_tactics(out.tactics, &matrices, &mut warnings);

        sort_entities(&mut out.techniques);
        sort_entities(&mut out.intrusion_sets);
        sort_entities(&mut out.mitigations);
        sort_entities(&mut out.detection_strategies);
        sort_entities(&mut out.analytics);
        sort_entities(&mut out.data_sources);
        sort_entities(&mut out.data_components);

        let mut all_warnings = std::mem::take(&mut self.warnings);
        all_warnings.extend(warnings);
        let (attack_version, attack_spec_version) = match self.collection.take() {
            Some(c) => (c.x_mitre_version, c.x_mitre_attack_spec_version),
            None => (None, None),
        };
        Ok(Catalog {
            domain,
            attack_version,
            attack_spec_version,
            stix_version,
            bundle_id: self.bundle_id.take(),
            matrices,
            tactics,
            techniques: out.techniques,
            intrusion_sets: out.intrusion_sets,
            mitigations: out.mitigations,
            detection_strategies: out.detection_strategies,
            analytics: out.analytics,
            data_sources: out.data_sources,
            data_components: out.data_components,
            stats: std::mem::take(&mut self.stats),
            warnings: all_warnings,
        })
    }
}

#[derive(Default)]
struct Collected {
    tactics: Vec<Tactic>,
    techniques: Vec<Technique>,
    intrusion_sets: Vec<IntrusionSet>,
    mitigations: Vec<Mitigation>,
    detection_strategies: Vec<DetectionStrategy>,
    analytics: Vec<Analytic>,
    data_sources: Vec<DataSource>,
    data_components: Vec<DataComponent>,
}

fn sort_entities<T: Entity>(v: &mut [T]) {
    v.sort_by(|a, b| (a.attack_id(), a.stix_id()).cmp(&(b.attack_id(), b.stix_id())));
}

fn determine_domain(matrices: &[Matrix], sdos: &[Sdo]) -> Result<Domain, ImportError> {
    let mut names: BTreeSet<&str> = BTreeSet::new();
    let active: Vec<&Matrix> = matrices.iter().filter(|m| !m.revoked && !m.deprecated).collect();
    let pool: Vec<&Matrix> = if active.is_empty() { matrices.iter().collect() } else { active };
    for m in &pool {
        if let Some(a) = m.attack_id.as_deref() {
            names.insert(a);
        }
    }
    let source = if names.is_empty() {
        // No matrix external id: the matrices', then the tactics', x_mitre_domains.
        for kind in [Kind::Matrix, Kind::Tactic] {
            for s in sdos.iter().filter(|s| s.kind == kind) {
                names.extend(s.raw.x_mitre_domains.iter().map(String::as_str));
            }
            if !names.is_empty() {
                break;
            }
        }
        "x_mitre_domains of the matrices/tactics"
    } else {
        "the x-mitre-matrix external id"
    };
    let mut it = names.iter();
    match (it.next(), it.next()) {
        (None, _) => Err(ImportError::NotAttack {
            reason:
                "cannot tell the ATT&CK domain: the bundle has no x-mitre-matrix with an external id and \
                     no tactic with x_mitre_domains"
                    .into(),
        }),
        (Some(one), None) => Domain::from_name(one).ok_or_else(|| ImportError::NotAttack {
            reason: format!("unsupported ATT&CK domain {one:?} (from {source})"),
        }),
        (Some(_), Some(_)) => Err(ImportError::NotAttack {
            reason: format!("conflicting ATT&CK domains {names:?} (from {source})"),
        }),
    }
}

fn order_tactics(tactics: Vec<Tactic>, matrices: &[Matrix], warnings: &mut Vec<String>) -> Vec<Tactic> {
    let mut by_id: BTreeMap<String, Tactic> = tactics.into_iter().map(|t| (t.stix_id.clone(), t)).collect();
    let mut ordered = Vec::with_capacity(by_id.len());
    for m in matrices {
        for r in &m.tactic_refs {
            if let Some(mut t) = by_id.remove(r) {
                t.in_matrix = true;
                ordered.push(t);
            } else if !ordered.iter().any(|t: &Tactic| &t.stix_id == r) {
                warnings.push(format!("matrix {} lists tactic {r}, which is not in the bundle", m.stix_id));
            }
        }
    }
    let mut rest: Vec<Tactic> = by_id.into_values().collect();
    sort_entities(&mut rest);
    ordered.extend(rest);
    ordered
}
