//! Checks against the real ATT&CK bundles in `$AEGIS_DATA_DIR/attack/` (default: `shared/data`
//! next to the repository). Every expected value is computed here, independently of the
//! importer, from the same file read as plain `serde_json::Value`; a few well-known numbers are
//! also asserted literally. The tests are `#[ignore]`d so that a plain `cargo nextest run`
//! reports them as skipped; `make test` runs them (`--run-ignored all`) when the data is present,
//! and then a missing file is a failure, never a silent pass.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;
use std::path::PathBuf;
use std::sync::OnceLock;

use importers::{
    Catalog, CatalogDiff, Domain, Entity, KindDiff, StixVersion, diff, parse_bundle, parse_bundle_slice,
};
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// Loading (each file once per test binary)
// ---------------------------------------------------------------------------------------------

fn data_dir() -> PathBuf {
    match std::env::var_os("AEGIS_DATA_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    }
}

const FILES: [&str; 8] = [
    "enterprise-attack-17.1.json.gz",
    "enterprise-attack-18.1.json.gz",
    "mobile-attack-10.1.json",
    "mobile-attack-11.3.json",
    "ics-attack-16.1.json",
    "ics-attack-17.1.json",
    "ics-attack-18.1.json",
    "ics-attack-18.1.stix20.json",
];

fn reader(path: &std::path::Path) -> Box<dyn Read> {
    let f = std::fs::File::open(path).unwrap();
    if path.extension().is_some_and(|e| e == "gz") {
        Box::new(flate2::read::GzDecoder::new(std::io::BufReader::new(f)))
    } else {
        Box::new(f)
    }
}

/// The same file, parsed twice: by the importer, and as a plain JSON tree.
struct Loaded {
    catalog: Catalog,
    bundle: Value,
    objects: Vec<Value>,
}

fn load(name: &str) -> Option<&'static Loaded> {
    static CACHE: [OnceLock<Option<Loaded>>; 8] = [const { OnceLock::new() }; 8];
    let i = FILES.iter().position(|f| *f == name).expect("known file");
    CACHE[i]
        .get_or_init(|| {
            let path = data_dir().join("attack").join(name);
            if !path.is_file() {
                return None;
            }
            let catalog = parse_bundle(reader(&path)).unwrap_or_else(|e| panic!("{name}: {e}"));
            let mut bundle: Value = serde_json::from_reader(std::io::BufReader::new(reader(&path))).unwrap();
            let objects = match bundle.get_mut("objects").map(Value::take) {
                Some(Value::Array(a)) => a,
                _ => panic!("{name}: no objects"),
            };
            Some(Loaded { catalog, bundle, objects })
        })
        .as_ref()
}

/// Loads the files; a test asked to run without its data fails and says where it looked.
fn require(names: &[&str]) -> Vec<&'static Loaded> {
    let loaded: Option<Vec<&'static Loaded>> = names.iter().map(|n| load(n)).collect();
    loaded.unwrap_or_else(|| {
        panic!(
            "data not found at {} (need {names:?}; set AEGIS_DATA_DIR to the directory holding attack/)",
            data_dir().join("attack").display()
        )
    })
}

// ---------------------------------------------------------------------------------------------
// Independent expectations from the JSON tree
// ---------------------------------------------------------------------------------------------

const ATTACK_SOURCES: [&str; 3] = ["mitre-attack", "mitre-mobile-attack", "mitre-ics-attack"];
const MODELLED: [&str; 9] = [
    "x-mitre-tactic",
    "attack-pattern",
    "intrusion-set",
    "course-of-action",
    "x-mitre-detection-strategy",
    "x-mitre-analytic",
    "x-mitre-data-source",
    "x-mitre-data-component",
    "x-mitre-matrix",
];
/// The kinds the diff covers.
const DIFFED: [&str; 8] = [
    "x-mitre-tactic",
    "attack-pattern",
    "intrusion-set",
    "course-of-action",
    "x-mitre-detection-strategy",
    "x-mitre-analytic",
    "x-mitre-data-source",
    "x-mitre-data-component",
];

fn s<'a>(o: &'a Value, k: &str) -> Option<&'a str> {
    o.get(k).and_then(Value::as_str)
}
fn flag(o: &Value, k: &str) -> bool {
    o.get(k).and_then(Value::as_bool).unwrap_or(false)
}
fn strs(o: &Value, k: &str) -> Vec<String> {
    o.get(k)
        .and_then(Value::as_array)
        .map(|a| a.iter().map(|v| v.as_str().unwrap().to_owned()).collect())
        .unwrap_or_default()
}
fn ty(o: &Value) -> &str {
    s(o, "type").unwrap()
}
fn id(o: &Value) -> &str {
    s(o, "id").unwrap()
}
fn ext_id(o: &Value) -> Option<String> {
    o.get("external_references")?.as_array()?.iter().find_map(|r| {
        let src = r.get("source_name")?.as_str()?;
        if ATTACK_SOURCES.contains(&src) { r.get("external_id")?.as_str().map(str::to_owned) } else { None }
    })
}
fn withdrawn(o: &Value) -> bool {
    flag(o, "revoked") || flag(o, "x_mitre_deprecated")
}

/// Object without `spec_version`: the content the importer hashes.
fn content(o: &Value) -> Value {
    let mut o = o.clone();
    o.as_object_mut().unwrap().remove("spec_version");
    o
}

struct Facts<'a> {
    by_id: HashMap<&'a str, &'a Value>,
    of_type: BTreeMap<&'a str, Vec<&'a Value>>,
    /// chosen revoked-by target per source (live relationship preferred, then smallest id)
    revoked_by: HashMap<&'a str, &'a str>,
    /// (relationship type, source) -> targets, live relationships between the modelled kinds only
    links: HashMap<(&'a str, &'a str), BTreeSet<&'a str>>,
    unresolved: usize,
    withdrawn_links: usize,
}

fn facts(objects: &[Value]) -> Facts<'_> {
    let by_id: HashMap<&str, &Value> = objects.iter().map(|o| (id(o), o)).collect();
    assert_eq!(by_id.len(), objects.len(), "ids are unique in the real files");
    let mut of_type: BTreeMap<&str, Vec<&Value>> = BTreeMap::new();
    for o in objects {
        of_type.entry(ty(o)).or_default().push(o);
    }
    let mut rb: HashMap<&str, Vec<(bool, &str)>> = HashMap::new();
    let mut links: HashMap<(&str, &str), BTreeSet<&str>> = HashMap::new();
    let (mut unresolved, mut withdrawn_links) = (0, 0);
    for r in of_type.get("relationship").into_iter().flatten() {
        let (src, tgt) = (s(r, "source_ref").unwrap(), s(r, "target_ref").unwrap());
        let (Some(so), Some(to)) = (by_id.get(src), by_id.get(tgt)) else {
            unresolved += 1;
            continue;
        };
        let rt = s(r, "relationship_type").unwrap();
        let wanted = match rt {
            "revoked-by" => {
                rb.entry(src).or_default().push((withdrawn(r), tgt));
                continue;
            }
            "subtechnique-of" => "attack-pattern",
            "uses" => "intrusion-set",
            "mitigates" => "course-of-action",
            "detects" => "x-mitre-detection-strategy",
            _ => continue,
        };
        if ty(so) != wanted || ty(to) != "attack-pattern" {
            continue;
        }
        if withdrawn(r) {
            withdrawn_links += 1;
            continue;
        }
        links.entry((rt, src)).or_default().insert(tgt);
    }
    let revoked_by = rb.into_iter().map(|(k, mut v)| (k, v.drain(..).min().unwrap().1)).collect();
    Facts { by_id, of_type, revoked_by, links, unresolved, withdrawn_links }
}

impl<'a> Facts<'a> {
    fn all(&self, t: &str) -> &[&'a Value] {
        self.of_type.get(t).map(Vec::as_slice).unwrap_or(&[])
    }
    fn count(&self, t: &str, pred: impl Fn(&Value) -> bool) -> usize {
        self.all(t).iter().filter(|o| pred(o)).count()
    }
    fn attack_of(&self, stix: &str) -> Option<String> {
        self.by_id.get(stix).and_then(|o| ext_id(o))
    }
    fn targets(&self, rt: &str, src: &str) -> Vec<String> {
        self.links.get(&(rt, src)).map(|t| t.iter().map(|s| (*s).to_owned()).collect()).unwrap_or_default()
    }
    fn target_ids(&self, rt: &str, src: &str) -> Vec<String> {
        let set: BTreeSet<String> = self.targets(rt, src).iter().filter_map(|t| self.attack_of(t)).collect();
        set.into_iter().collect()
    }
    fn parent_ref(&self, o: &Value) -> Option<String> {
        if let Some(t) = self.links.get(&("subtechnique-of", id(o))) {
            return t.iter().next().map(|s| (*s).to_owned());
        }
        let prefix = ext_id(o)?.split_once('.')?.0.to_owned();
        if !flag(o, "x_mitre_is_subtechnique") {
            return None;
        }
        self.all("attack-pattern")
            .iter()
            .find(|p| ext_id(p).as_deref() == Some(&prefix))
            .map(|p| id(p).to_owned())
    }
    /// What `Entity::links` must return, sorted.
    fn links_of(&self, o: &Value) -> Vec<String> {
        let mut v = match ty(o) {
            "attack-pattern" => self.parent_ref(o).into_iter().collect(),
            "intrusion-set" => self.targets("uses", id(o)),
            "course-of-action" => self.targets("mitigates", id(o)),
            "x-mitre-detection-strategy" => self.targets("detects", id(o)),
            _ => Vec::new(),
        };
        v.extend(self.revoked_by.get(id(o)).map(|t| (*t).to_owned()));
        v.sort();
        v
    }
    /// Tactic STIX ids in matrix order: active matrices first, file order, first occurrence wins;
    /// then unlisted tactics by ATT&CK id.
    fn tactic_order(&self) -> Vec<String> {
        let mut matrices: Vec<&&Value> = self.all("x-mitre-matrix").iter().collect();
        matrices.sort_by_key(|m| withdrawn(m));
        let mut out: Vec<String> = Vec::new();
        for m in matrices {
            for r in strs(m, "tactic_refs") {
                if !out.contains(&r) && self.by_id.contains_key(r.as_str()) {
                    out.push(r);
                }
            }
        }
        let mut rest: Vec<(Option<String>, String)> = self
            .all("x-mitre-tactic")
            .iter()
            .filter(|t| !out.iter().any(|o| o == id(t)))
            .map(|t| (ext_id(t), id(t).to_owned()))
            .collect();
        rest.sort();
        out.extend(rest.into_iter().map(|r| r.1));
        out
    }
}

/// What the importer reports for one entity, in comparable form.
#[derive(Debug, PartialEq)]
struct Row {
    attack_id: Option<String>,
    name: String,
    revoked: bool,
    deprecated: bool,
    revoked_by_ref: Option<String>,
    revoked_by: Option<String>,
    fields: Vec<String>,
    links: Vec<String>,
}

fn rows<E: Entity>(v: &[E]) -> BTreeMap<String, Row> {
    v.iter()
        .map(|e| {
            let mut links: Vec<String> = e.links().into_iter().map(str::to_owned).collect();
            links.sort();
            let row = Row {
                attack_id: e.attack_id().map(str::to_owned),
                name: e.name().to_owned(),
                revoked: e.revoked(),
                deprecated: e.deprecated(),
                revoked_by_ref: e.revoked_by_ref().map(str::to_owned),
                revoked_by: e.revoked_by().map(str::to_owned),
                fields: e.fields().keys().map(str::to_owned).collect(),
                links,
            };
            (e.stix_id().to_owned(), row)
        })
        .collect()
}

fn rows_of(c: &Catalog, t: &str) -> BTreeMap<String, Row> {
    match t {
        "x-mitre-tactic" => rows(&c.tactics),
        "attack-pattern" => rows(&c.techniques),
        "intrusion-set" => rows(&c.intrusion_sets),
        "course-of-action" => rows(&c.mitigations),
        "x-mitre-detection-strategy" => rows(&c.detection_strategies),
        "x-mitre-analytic" => rows(&c.analytics),
        "x-mitre-data-source" => rows(&c.data_sources),
        "x-mitre-data-component" => rows(&c.data_components),
        _ => unreachable!(),
    }
}

fn kind_diff<'a>(d: &'a CatalogDiff, t: &str) -> &'a KindDiff {
    match t {
        "x-mitre-tactic" => &d.tactics,
        "attack-pattern" => &d.techniques,
        "intrusion-set" => &d.intrusion_sets,
        "course-of-action" => &d.mitigations,
        "x-mitre-detection-strategy" => &d.detection_strategies,
        "x-mitre-analytic" => &d.analytics,
        "x-mitre-data-source" => &d.data_sources,
        "x-mitre-data-component" => &d.data_components,
        _ => unreachable!(),
    }
}

fn expected_row(f: &Facts, o: &Value) -> Row {
    let revoked_by_ref = f.revoked_by.get(id(o)).map(|t| (*t).to_owned());
    Row {
        attack_id: ext_id(o),
        name: s(o, "name").unwrap().to_owned(),
        revoked: flag(o, "revoked"),
        deprecated: flag(o, "x_mitre_deprecated"),
        revoked_by: revoked_by_ref.as_deref().and_then(|t| f.attack_of(t)),
        revoked_by_ref,
        fields: o
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| *k != "spec_version")
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
        links: f.links_of(o),
    }
}

// ---------------------------------------------------------------------------------------------
// Per-file check
// ---------------------------------------------------------------------------------------------

/// The numbers reported at the end of each per-file test.
#[derive(Debug, PartialEq, Eq)]
struct Summary {
    tactics: usize,
    techniques: usize,
    subtechniques: usize,
    intrusion_sets: usize,
    mitigations: usize,
    /// revoked objects among the diffed kinds
    revoked: usize,
    /// deprecated objects among the diffed kinds
    deprecated: usize,
    detection_strategies: usize,
    analytics: usize,
}

fn check_file(name: &str, l: &Loaded) -> Summary {
    let c = &l.catalog;
    let f = facts(&l.objects);

    // Bundle level.
    let collection = f.all("x-mitre-collection").first();
    assert_eq!(c.attack_version.as_deref(), collection.and_then(|o| s(o, "x_mitre_version")), "{name}");
    assert_eq!(c.bundle_id.as_deref(), s(&l.bundle, "id"));
    let matrix_domains: BTreeSet<String> =
        f.all("x-mitre-matrix").iter().filter(|m| !withdrawn(m)).filter_map(|m| ext_id(m)).collect();
    assert_eq!(matrix_domains.len(), 1, "{name}");
    assert_eq!(c.domain.as_str(), matrix_domains.first().unwrap(), "{name}");
    let any_21 = l.objects.iter().any(|o| s(o, "spec_version") == Some("2.1"));
    assert_eq!(c.stix_version, if any_21 { StixVersion::V2_1 } else { StixVersion::V2_0 }, "{name}");
    assert!(c.warnings.is_empty(), "{name}: {:?}", c.warnings);

    // Stats.
    let by_type: BTreeMap<String, usize> =
        f.of_type.iter().map(|(k, v)| ((*k).to_owned(), v.len())).collect();
    assert_eq!(c.stats.objects, l.objects.len(), "{name}");
    assert_eq!(c.stats.by_type, by_type, "{name}");
    let unknown = l
        .objects
        .iter()
        .filter(|o| !MODELLED.contains(&ty(o)) && ty(o) != "relationship" && ty(o) != "x-mitre-collection")
        .count();
    assert_eq!(c.stats.skipped_unknown, unknown, "{name}");
    assert_eq!(c.stats.relationships, f.all("relationship").len(), "{name}");
    assert_eq!(c.stats.relationships_unresolved, f.unresolved, "{name}");
    assert_eq!(c.stats.relationships_withdrawn, f.withdrawn_links, "{name}");

    // Every diffed kind: same set of STIX ids, and per object the same ATT&CK id, name, flags,
    // revoked-by, top-level field names and links.
    for t in DIFFED {
        let got = rows_of(c, t);
        let want: BTreeMap<String, Row> =
            f.all(t).iter().map(|o| (id(o).to_owned(), expected_row(&f, o))).collect();
        assert_eq!(got.len(), want.len(), "{name}: number of {t}");
        for (k, w) in &want {
            assert_eq!(got.get(k), Some(w), "{name}: {t} {k}");
        }
    }

    // Tactics: matrix order.
    let order: Vec<&str> = c.tactics.iter().map(|t| t.stix_id.as_str()).collect();
    assert_eq!(order, f.tactic_order(), "{name}: tactic order");
    assert!(c.tactics.iter().all(|t| t.in_matrix), "{name}: every real tactic is in a matrix");
    for t in &c.tactics {
        assert_eq!(Some(t.shortname.as_str()), s(f.by_id[t.stix_id.as_str()], "x_mitre_shortname"));
    }
    assert_eq!(c.matrices.len(), f.all("x-mitre-matrix").len());

    // Techniques, field by field.
    for t in &c.techniques {
        let o = f.by_id[t.stix_id.as_str()];
        let tactics: Vec<String> = o
            .get("kill_chain_phases")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|k| ATTACK_SOURCES.contains(&s(k, "kill_chain_name").unwrap()))
            .map(|k| s(k, "phase_name").unwrap().to_owned())
            .collect();
        assert_eq!(t.tactics, tactics, "{name}: {}", t.stix_id);
        assert_eq!(t.platforms, strs(o, "x_mitre_platforms"));
        assert_eq!(t.data_sources, strs(o, "x_mitre_data_sources"));
        assert_eq!(t.detection.as_deref(), s(o, "x_mitre_detection"));
        assert_eq!(t.description, s(o, "description").unwrap_or(""));
        assert_eq!(Some(t.modified.as_str()), s(o, "modified"));
        assert_eq!(t.version.as_deref(), s(o, "x_mitre_version"));
        assert_eq!(t.is_subtechnique, flag(o, "x_mitre_is_subtechnique"));
        let url = o["external_references"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| ATTACK_SOURCES.contains(&s(r, "source_name").unwrap()))
            .and_then(|r| s(r, "url"));
        assert_eq!(t.url.as_deref(), url);
        if t.is_subtechnique {
            let aid = t.attack_id.as_deref().unwrap();
            assert_eq!(t.parent_id.as_deref(), Some(&aid[..aid.find('.').unwrap()]), "{name}: {aid}");
            assert_eq!(t.parent_ref, f.parent_ref(o), "{name}: {aid}");
            // Cross-check: the parent's ATT&CK id is the prefix.
            assert_eq!(f.attack_of(t.parent_ref.as_deref().unwrap()).as_deref(), t.parent_id.as_deref());
        } else {
            assert_eq!((t.parent_id.as_deref(), t.parent_ref.as_deref()), (None, None));
        }
    }
    // Links of the other kinds, by ATT&CK id too.
    for g in &c.intrusion_sets {
        assert_eq!(g.technique_ids, f.target_ids("uses", &g.stix_id), "{name}: {}", g.stix_id);
        assert_eq!(g.aliases, strs(f.by_id[g.stix_id.as_str()], "aliases"));
    }
    for m in &c.mitigations {
        assert_eq!(m.technique_ids, f.target_ids("mitigates", &m.stix_id), "{name}: {}", m.stix_id);
    }
    for d in &c.detection_strategies {
        let o = f.by_id[d.stix_id.as_str()];
        assert_eq!(d.technique_ids, f.target_ids("detects", &d.stix_id), "{name}: {}", d.stix_id);
        assert_eq!(d.analytic_refs, strs(o, "x_mitre_analytic_refs"));
        let ids: Vec<String> = d.analytic_refs.iter().map(|a| f.attack_of(a).unwrap()).collect();
        assert_eq!(d.analytic_ids, ids);
    }
    for a in &c.analytics {
        let o = f.by_id[a.stix_id.as_str()];
        assert_eq!(a.platforms, strs(o, "x_mitre_platforms"));
        let mut dcs: Vec<String> = Vec::new();
        for r in o.get("x_mitre_log_source_references").and_then(Value::as_array).into_iter().flatten() {
            let dc = s(r, "x_mitre_data_component_ref").unwrap().to_owned();
            if !dcs.contains(&dc) {
                dcs.push(dc);
            }
        }
        assert_eq!(a.data_component_refs, dcs);
    }
    for dc in &c.data_components {
        assert_eq!(dc.data_source_ref.as_deref(), s(f.by_id[dc.stix_id.as_str()], "x_mitre_data_source_ref"));
    }

    // Every active object of the six ATT&CK kinds has an ATT&CK id (what the importer enforces).
    for t in &DIFFED[..6] {
        assert!(f.all(t).iter().all(|o| withdrawn(o) || ext_id(o).is_some()), "{name}: {t}");
    }

    let summary = Summary {
        tactics: f.all("x-mitre-tactic").len(),
        techniques: f.all("attack-pattern").len(),
        subtechniques: f.count("attack-pattern", |o| flag(o, "x_mitre_is_subtechnique")),
        intrusion_sets: f.all("intrusion-set").len(),
        mitigations: f.all("course-of-action").len(),
        revoked: DIFFED.iter().map(|t| f.count(t, |o| flag(o, "revoked"))).sum(),
        deprecated: DIFFED.iter().map(|t| f.count(t, |o| flag(o, "x_mitre_deprecated"))).sum(),
        detection_strategies: f.all("x-mitre-detection-strategy").len(),
        analytics: f.all("x-mitre-analytic").len(),
    };
    let got = Summary {
        tactics: c.tactics.len(),
        techniques: c.techniques.len(),
        subtechniques: c.techniques.iter().filter(|t| t.is_subtechnique).count(),
        intrusion_sets: c.intrusion_sets.len(),
        mitigations: c.mitigations.len(),
        revoked: DIFFED.iter().map(|t| rows_of(c, t).values().filter(|r| r.revoked).count()).sum(),
        deprecated: DIFFED.iter().map(|t| rows_of(c, t).values().filter(|r| r.deprecated).count()).sum(),
        detection_strategies: c.detection_strategies.len(),
        analytics: c.analytics.len(),
    };
    assert_eq!(got, summary, "{name}");
    println!("{name}: {got:?}");
    println!(
        "{name}: techniques revoked {} deprecated {}; stats {:?}",
        c.techniques.iter().filter(|t| t.revoked).count(),
        c.techniques.iter().filter(|t| t.deprecated).count(),
        c.stats
    );
    got
}

fn tactic_ids(c: &Catalog) -> Vec<&str> {
    c.tactics.iter().map(|t| t.attack_id.as_deref().unwrap()).collect()
}

#[test]
#[ignore = "needs the real ATT&CK data (AEGIS_DATA_DIR); make test runs it when present"]
fn enterprise_18_1_real_data() {
    let v = require(&["enterprise-attack-18.1.json.gz"]);
    let l = v[0];
    let s = check_file("enterprise-attack-18.1", l);
    let c = &l.catalog;
    assert_eq!(c.domain, Domain::Enterprise);
    assert_eq!(c.attack_version.as_deref(), Some("18.1"));
    assert_eq!(c.attack_spec_version.as_deref(), Some("3.3.0"));
    // Known numbers (shared/data/README.md section 1).
    assert_eq!((s.tactics, s.techniques, s.detection_strategies, s.analytics), (14, 835, 691, 1739));
    assert_eq!((s.intrusion_sets, s.mitigations), (187, 268));
    assert_eq!(c.stats.objects, 24_772);
    let active = |sub: bool| {
        c.techniques.iter().filter(|t| t.is_subtechnique == sub && !t.revoked && !t.deprecated).count()
    };
    assert_eq!((active(false), active(true)), (216, 475));
    assert_eq!(
        tactic_ids(c),
        vec![
            "TA0043", "TA0042", "TA0001", "TA0002", "TA0003", "TA0004", "TA0005", "TA0006", "TA0007",
            "TA0008", "TA0009", "TA0011", "TA0010", "TA0040"
        ]
    );
    assert!(c.data_sources.iter().all(|d| d.deprecated), "all data sources are deprecated in v18");
    // A revoked-by chain: T1150 -> T1547.011 (itself revoked) -> T1647.
    assert_eq!(c.technique("T1150").unwrap().revoked_by.as_deref(), Some("T1547.011"));
    assert_eq!(c.current_technique("T1150").and_then(|t| t.attack_id.as_deref()), Some("T1647"));
    let ps = c.technique("T1059.001").unwrap();
    assert_eq!(
        (ps.name.as_str(), ps.parent_id.as_deref(), ps.tactics.as_slice()),
        ("PowerShell", Some("T1059"), &["execution".to_owned()][..])
    );
}

#[test]
#[ignore = "needs the real ATT&CK data (AEGIS_DATA_DIR); make test runs it when present"]
fn enterprise_17_1_real_data() {
    let v = require(&["enterprise-attack-17.1.json.gz"]);
    let l = v[0];
    let s = check_file("enterprise-attack-17.1", l);
    assert_eq!(l.catalog.attack_version.as_deref(), Some("17.1"));
    assert_eq!((s.tactics, s.techniques, s.detection_strategies, s.analytics), (14, 823, 0, 0));
    assert_eq!(l.catalog.stats.objects, 22_653);
}

#[test]
#[ignore = "needs the real ATT&CK data (AEGIS_DATA_DIR); make test runs it when present"]
fn mobile_10_1_real_data() {
    let v = require(&["mobile-attack-10.1.json"]);
    let l = v[0];
    let s = check_file("mobile-attack-10.1", l);
    let c = &l.catalog;
    assert_eq!((c.domain, c.attack_version.as_deref()), (Domain::Mobile, Some("10.1")));
    assert_eq!((s.tactics, s.techniques, s.subtechniques), (14, 110, 0));
    // Two matrices, both `mobile-attack`; Device Access's 12 columns, then Network-Based Effects' 2.
    assert_eq!(c.matrices.len(), 2);
    assert_eq!(c.matrices[0].name, "Device Access");
    assert_eq!(c.stats.relationships_unresolved, 1);
}

#[test]
#[ignore = "needs the real ATT&CK data (AEGIS_DATA_DIR); make test runs it when present"]
fn mobile_11_3_real_data() {
    let v = require(&["mobile-attack-11.3.json"]);
    let l = v[0];
    let s = check_file("mobile-attack-11.3", l);
    let c = &l.catalog;
    assert_eq!((s.tactics, s.techniques, s.subtechniques), (14, 175, 41));
    // The deprecated Network-Based Effects matrix comes first in the file but sorts last.
    assert_eq!(
        c.matrices.iter().map(|m| (m.name.as_str(), m.deprecated)).collect::<Vec<_>>(),
        vec![("Mobile ATT&CK", false), ("Network-Based Effects", true)]
    );
    // 11 revoked techniques are replaced only through a deprecated revoked-by relationship.
    let t = c.technique("T1431").unwrap();
    assert!(t.revoked);
    assert!(t.revoked_by.is_some());
    assert!(c.techniques.iter().filter(|t| t.revoked).all(|t| t.revoked_by.is_some()));
}

#[test]
#[ignore = "needs the real ATT&CK data (AEGIS_DATA_DIR); make test runs it when present"]
fn ics_16_1_real_data() {
    let v = require(&["ics-attack-16.1.json"]);
    let l = v[0];
    let s = check_file("ics-attack-16.1", l);
    assert_eq!(l.catalog.domain, Domain::Ics);
    assert_eq!((s.tactics, s.techniques, s.mitigations, s.intrusion_sets), (12, 95, 85, 17));
}

#[test]
#[ignore = "needs the real ATT&CK data (AEGIS_DATA_DIR); make test runs it when present"]
fn ics_17_1_real_data() {
    let v = require(&["ics-attack-17.1.json"]);
    let l = v[0];
    let s = check_file("ics-attack-17.1", l);
    assert_eq!((s.tactics, s.techniques, s.mitigations, s.intrusion_sets), (12, 95, 52, 16));
}

#[test]
#[ignore = "needs the real ATT&CK data (AEGIS_DATA_DIR); make test runs it when present"]
fn ics_18_1_real_data() {
    let v = require(&["ics-attack-18.1.json"]);
    let l = v[0];
    let s = check_file("ics-attack-18.1", l);
    assert_eq!((s.detection_strategies, s.analytics), (83, 82));
}

#[test]
#[ignore = "needs the real ATT&CK data (AEGIS_DATA_DIR); make test runs it when present"]
fn ics_18_1_stix20_real_data() {
    let v = require(&["ics-attack-18.1.stix20.json"]);
    let l = v[0];
    let s = check_file("ics-attack-18.1.stix20", l);
    let c = &l.catalog;
    assert_eq!(c.stix_version, StixVersion::V2_0);
    assert_eq!(c.attack_version, None, "STIX 2.0 files have no collection");
    assert_eq!(c.domain, Domain::Ics);
    assert_eq!((s.tactics, s.techniques, s.detection_strategies, s.analytics), (12, 95, 83, 82));
    assert_eq!(
        tactic_ids(c),
        vec![
            "TA0108", "TA0104", "TA0110", "TA0111", "TA0103", "TA0102", "TA0109", "TA0100", "TA0101",
            "TA0107", "TA0106", "TA0105"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Diffs
// ---------------------------------------------------------------------------------------------

/// Per kind: what changed between the two files, computed from the JSON trees.
#[derive(Debug, Default, PartialEq)]
struct Expected {
    added: BTreeSet<String>,
    removed: BTreeSet<String>,
    updated: BTreeMap<String, Vec<String>>,
    unchanged: BTreeSet<String>,
    newly_revoked: BTreeMap<String, (Option<String>, Option<String>)>,
    newly_deprecated: BTreeSet<String>,
    links_changed: BTreeSet<String>,
}

fn expected_diff(old: &Facts, new: &Facts, t: &str) -> Expected {
    let ids = |f: &Facts| f.all(t).iter().map(|o| id(o).to_owned()).collect::<BTreeSet<String>>();
    let (o_ids, n_ids) = (ids(old), ids(new));
    let mut e = Expected {
        added: n_ids.difference(&o_ids).cloned().collect(),
        removed: o_ids.difference(&n_ids).cloned().collect(),
        ..Default::default()
    };
    for k in o_ids.intersection(&n_ids) {
        let (a, b) = (old.by_id[k.as_str()], new.by_id[k.as_str()]);
        let (ca, cb) = (content(a), content(b));
        if ca == cb {
            e.unchanged.insert(k.clone());
        } else {
            let (ma, mb) = (ca.as_object().unwrap(), cb.as_object().unwrap());
            let keys: BTreeSet<&String> = ma.keys().chain(mb.keys()).collect();
            let changed = keys.into_iter().filter(|f| ma.get(*f) != mb.get(*f)).cloned().collect();
            e.updated.insert(k.clone(), changed);
        }
        if !flag(a, "revoked") && flag(b, "revoked") {
            let r = new.revoked_by.get(k.as_str()).map(|t| (*t).to_owned());
            let rid = r.as_deref().and_then(|t| new.attack_of(t));
            e.newly_revoked.insert(k.clone(), (r, rid));
        }
        if !flag(a, "x_mitre_deprecated") && flag(b, "x_mitre_deprecated") {
            e.newly_deprecated.insert(k.clone());
        }
        if old.links_of(a) != new.links_of(b) {
            e.links_changed.insert(k.clone());
        }
    }
    e
}

fn actual(d: &KindDiff) -> Expected {
    let set = |v: &[importers::EntryRef]| v.iter().map(|e| e.stix_id.clone()).collect::<BTreeSet<_>>();
    Expected {
        added: set(&d.added),
        removed: set(&d.removed),
        updated: d.updated.iter().map(|u| (u.stix_id.clone(), u.changed_fields.clone())).collect(),
        unchanged: set(&d.unchanged),
        newly_revoked: d
            .newly_revoked
            .iter()
            .map(|r| (r.stix_id.clone(), (r.revoked_by_ref.clone(), r.revoked_by.clone())))
            .collect(),
        newly_deprecated: set(&d.newly_deprecated),
        links_changed: set(&d.links_changed),
    }
}

/// Checks every kind of `diff(old, new)` against the JSON trees; returns per-kind counts
/// (added, removed, updated, unchanged, newly revoked, newly deprecated, links changed).
fn check_diff(label: &str, old: &Loaded, new: &Loaded) -> (CatalogDiff, BTreeMap<&'static str, [usize; 7]>) {
    let (fo, fnew) = (facts(&old.objects), facts(&new.objects));
    let d = diff(&old.catalog, &new.catalog);
    let mut counts = BTreeMap::new();
    for t in DIFFED {
        let want = expected_diff(&fo, &fnew, t);
        let got = actual(kind_diff(&d, t));
        assert_eq!(got, want, "{label}: {t}");
        // Lists are sorted by STIX id and carry the new ATT&CK id.
        let kd = kind_diff(&d, t);
        assert!(kd.updated.windows(2).all(|w| w[0].stix_id < w[1].stix_id));
        for u in &kd.updated {
            assert_eq!(u.attack_id, fnew.attack_of(&u.stix_id));
        }
        counts.insert(
            t,
            [
                want.added.len(),
                want.removed.len(),
                want.updated.len(),
                want.unchanged.len(),
                want.newly_revoked.len(),
                want.newly_deprecated.len(),
                want.links_changed.len(),
            ],
        );
    }
    // With the same STIX version on both sides, "hash differs" is exactly "JSON differs", with
    // nothing at all left out.
    if old.catalog.stix_version == new.catalog.stix_version {
        for t in DIFFED {
            let whole: BTreeSet<String> = fo
                .all(t)
                .iter()
                .filter(|a| fnew.by_id.get(id(a)).is_some_and(|b| *a != b))
                .map(|a| id(a).to_owned())
                .collect();
            let updated: BTreeSet<String> =
                kind_diff(&d, t).updated.iter().map(|u| u.stix_id.clone()).collect();
            assert_eq!(updated, whole, "{label}: {t}");
        }
    }
    println!("{label}: [added, removed, updated, unchanged, newly revoked, newly deprecated, links changed]");
    for (t, c) in &counts {
        println!("  {t:<28} {c:?}");
    }
    (d, counts)
}

#[test]
#[ignore = "needs the real ATT&CK data (AEGIS_DATA_DIR); make test runs it when present"]
fn diff_enterprise_17_1_to_18_1_real_data() {
    let v = require(&["enterprise-attack-17.1.json.gz", "enterprise-attack-18.1.json.gz"]);
    let (a, b) = (v[0], v[1]);
    let (d, counts) = check_diff("enterprise 17.1 -> 18.1", a, b);
    let mut added: Vec<&str> = d.techniques.added.iter().map(|e| e.attack_id.as_deref().unwrap()).collect();
    added.sort();
    assert_eq!(
        added,
        vec![
            "T1036.012",
            "T1059.013",
            "T1204.005",
            "T1213.006",
            "T1518.002",
            "T1546.018",
            "T1562.013",
            "T1677",
            "T1678",
            "T1679",
            "T1680",
            "T1681"
        ]
    );
    assert_eq!(counts["attack-pattern"][4], 0, "no newly revoked techniques");
    assert_eq!(counts["x-mitre-data-source"][5], 37, "37 data sources newly deprecated");
    assert_eq!(counts["x-mitre-detection-strategy"][0], 691);
    assert_eq!(counts["x-mitre-analytic"][0], 1739);
    // The trap: techniques whose JSON changed without a new `modified` are still updated.
    let same_modified: Vec<&importers::Updated> =
        d.techniques.updated.iter().filter(|u| !u.changed_fields.iter().any(|f| f == "modified")).collect();
    assert_eq!(same_modified.len(), 84);
    assert!(same_modified.iter().all(|u| {
        u.changed_fields
            .iter()
            .any(|f| f == "x_mitre_data_sources" || f == "x_mitre_platforms" || f == "x_mitre_remote_support")
    }));
}

#[test]
#[ignore = "needs the real ATT&CK data (AEGIS_DATA_DIR); make test runs it when present"]
fn diff_mobile_10_1_to_11_3_real_data() {
    let v = require(&["mobile-attack-10.1.json", "mobile-attack-11.3.json"]);
    let (a, b) = (v[0], v[1]);
    let (d, counts) = check_diff("mobile 10.1 -> 11.3", a, b);
    assert_eq!(d.techniques.newly_revoked.len(), 36);
    assert!(d.techniques.newly_revoked.iter().all(|r| r.revoked_by.is_some() && r.revoked_by_ref.is_some()));
    assert!(d.techniques.newly_revoked.iter().any(|r| r.attack_id.as_deref() == Some("T1400")));
    assert_eq!(counts["attack-pattern"][0], 65, "added");
    assert_eq!(counts["attack-pattern"][5], 14, "newly deprecated techniques");
    assert_eq!(counts["course-of-action"][5], 2, "newly deprecated mitigations");
    // Every replacement is in 11.3, and following it lands on a technique that is not revoked.
    for r in &d.techniques.newly_revoked {
        let cur = b.catalog.current_technique(r.attack_id.as_deref().unwrap()).unwrap();
        assert!(!cur.revoked, "{:?}", r);
    }
}

#[test]
#[ignore = "needs the real ATT&CK data (AEGIS_DATA_DIR); make test runs it when present"]
fn diff_ics_16_1_to_17_1_real_data() {
    let v = require(&["ics-attack-16.1.json", "ics-attack-17.1.json"]);
    let (a, b) = (v[0], v[1]);
    let (d, counts) = check_diff("ics 16.1 -> 17.1", a, b);
    assert_eq!(counts["course-of-action"][1], 33, "mitigations removed outright");
    assert_eq!(counts["intrusion-set"][1], 1, "intrusion set removed outright");
    assert_eq!(d.intrusion_sets.removed[0].attack_id.as_deref(), Some("G0077"));
    assert!(d.mitigations.removed.iter().any(|m| m.attack_id.as_deref() == Some("M1013")));
}

#[test]
#[ignore = "needs the real ATT&CK data (AEGIS_DATA_DIR); make test runs it when present"]
fn diff_ics_17_1_to_18_1_real_data() {
    let v = require(&["ics-attack-17.1.json", "ics-attack-18.1.json"]);
    let (a, b) = (v[0], v[1]);
    let (_, counts) = check_diff("ics 17.1 -> 18.1", a, b);
    assert_eq!(counts["x-mitre-data-source"][5], 17, "data sources newly deprecated");
}

#[test]
#[ignore = "needs the real ATT&CK data (AEGIS_DATA_DIR); make test runs it when present"]
fn stix20_and_stix21_of_ics_18_1_hash_the_same_real_data() {
    let v = require(&["ics-attack-18.1.stix20.json", "ics-attack-18.1.json"]);
    let (a, b) = (v[0], v[1]);
    let (d, _) = check_diff("ics 18.1 stix2.0 -> stix2.1", a, b);
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(d.techniques.unchanged.len(), 95);
}

#[test]
#[ignore = "needs the real ATT&CK data (AEGIS_DATA_DIR); make test runs it when present"]
fn parsing_twice_and_from_memory_gives_identical_catalogs_real_data() {
    let v = require(&["mobile-attack-11.3.json"]);
    let l = v[0];
    let path = data_dir().join("attack/mobile-attack-11.3.json");
    let again = parse_bundle(reader(&path)).unwrap();
    assert_eq!(again, l.catalog);
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(parse_bundle_slice(&bytes).unwrap(), l.catalog);
}

/// Timing of the importer alone. Meaningful in release only:
/// `cargo test -p importers --release --test real_data -- --ignored --nocapture parse_speed` (also `make bench`)
#[test]
#[ignore = "timing; run in release"]
fn parse_speed_enterprise_18_1() {
    let path = data_dir().join("attack/enterprise-attack-18.1.json.gz");
    assert!(path.is_file(), "data not found at {}", path.display());
    let t = std::time::Instant::now();
    let c = parse_bundle(reader(&path)).unwrap();
    println!("gunzip + parse_bundle, streaming: {:?}, {} objects", t.elapsed(), c.stats.objects);
    let mut raw = Vec::new();
    reader(&path).read_to_end(&mut raw).unwrap();
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let c = parse_bundle(&raw[..]).unwrap();
        let streamed = t.elapsed();
        let t = std::time::Instant::now();
        let c2 = parse_bundle_slice(&raw).unwrap();
        println!(
            "{} MB: parse_bundle {streamed:?}, parse_bundle_slice {:?}",
            raw.len() / 1_000_000,
            t.elapsed()
        );
        assert_eq!(c, c2);
    }
}
