//! Checks against the real content in `$AEGIS_DATA_DIR` (default: `shared/data` next to the
//! repository). Each test builds, in memory, the archive GitHub would serve (one top folder,
//! upstream paths) from the shared data, reads it with `read_text_files`, parses it, and compares
//! with numbers computed here independently: Atomic Red Team's own CSV index, and simple line
//! counts of the YAML files. The tests are `#[ignore]`d so that a plain `cargo nextest run`
//! reports them as skipped; `make test` runs them (`--run-ignored all`) when the data is present,
//! and then missing data is a failure, never a silent pass.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use content::d3fend::{Relation, read_d3fend};
use content::parse_mappings_explorer;
use content::{
    Limits, Parsed, TextFile, content_hash, parse_d3fend, parse_templates, read_text_files,
    wanted_d3fend_path, wanted_path,
};
use content::{ParsedRules, parse_rules, rule_hash, wanted_rule_path};
use domain::content::{RuleContent, RuleOrigin, TemplateContent, TemplateOrigin};

fn data_dir() -> PathBuf {
    match std::env::var_os("AEGIS_DATA_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    }
}

/// The source's folder in the data; a test asked to run without it fails and says where it looked.
fn require(name: &str) -> PathBuf {
    let dir = data_dir().join(name);
    assert!(
        dir.is_dir(),
        "data not found at {} (set AEGIS_DATA_DIR to the directory holding {name}/)",
        dir.display()
    );
    dir
}

/// Every file under `dir`, sorted, as (path relative to `dir`, bytes).
fn files_under(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// A GitHub-style tar.gz: everything under `<top>/`, in the order given.
fn tar_gz(top: &str, files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut tar = tar::Builder::new(Vec::new());
    let mut dir = tar::Header::new_ustar();
    dir.set_entry_type(tar::EntryType::Directory);
    dir.set_size(0);
    dir.set_mode(0o755);
    tar.append_data(&mut dir, format!("{top}/"), std::io::empty()).unwrap();
    for (path, bytes) in files {
        let mut h = tar::Header::new_ustar();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        tar.append_data(&mut h, format!("{top}/{path}"), bytes.as_slice()).unwrap();
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&tar.into_inner().unwrap()).unwrap();
    gz.finish().unwrap()
}

/// The same as a GitHub-style zip.
fn zip(top: &str, files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    zip.add_directory(format!("{top}/"), options).unwrap();
    for (path, bytes) in files {
        zip.start_file(format!("{top}/{path}"), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn read(origin: TemplateOrigin, archive: &[u8], name: &str) -> Vec<TextFile> {
    read_text_files(archive, name, &Limits::default(), &|p| wanted_path(origin, p)).unwrap()
}

fn hashes(parsed: &Parsed) -> Vec<String> {
    parsed.templates.iter().map(content_hash).collect()
}

/// Parses twice: the same files give the same content, hash for hash.
fn parse_stable(origin: TemplateOrigin, files: &[TextFile]) -> Parsed {
    let parsed = parse_templates(origin, files);
    assert_eq!(hashes(&parsed), hashes(&parse_templates(origin, files)));
    parsed
}

fn by_id(parsed: &Parsed) -> BTreeMap<&str, &TemplateContent> {
    parsed.templates.iter().map(|t| (t.source_id.as_str(), t)).collect()
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

/// `atomics/T1003.001/T1003.001.yaml` and the repository's CSV index at its upstream path.
fn atomic_layout(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> =
        files_under(&dir.join("atomics")).into_iter().map(|(p, b)| (format!("atomics/{p}"), b)).collect();
    let index = std::fs::read(dir.join("indexes/index.csv")).unwrap();
    files.push(("atomics/Indexes/Indexes-CSV/index.csv".into(), index));
    files
}

#[test]
#[ignore = "needs the real data (AEGIS_DATA_DIR); make test runs it when present"]
fn atomic_red_team_gives_one_template_per_test_of_the_csv_index() {
    let dir = require("atomic-red-team");
    // The oracle: GUID -> (technique, executor) from the official CSV index (one row per tactic)
    let mut index: BTreeMap<String, (String, String)> = BTreeMap::new();
    for row in csv::Reader::from_path(dir.join("indexes/index.csv")).unwrap().records() {
        let row = row.unwrap();
        index.insert(row[5].to_owned(), (row[1].to_owned(), row[6].to_owned()));
    }
    assert_eq!(index.len(), 1_790);

    let layout = atomic_layout(&dir);
    let origin = TemplateOrigin::AtomicRedTeam;
    let files = read(origin, &tar_gz("atomic-red-team-master", &layout), "master.tar.gz");
    assert_eq!(files.len(), 333);
    assert!(files.iter().all(|f| f.path.starts_with("atomics/T") && f.path.ends_with(".yaml")));
    let parsed = parse_stable(origin, &files);
    assert!(parsed.errors.is_empty(), "{:?}", &parsed.errors[..parsed.errors.len().min(5)]);
    assert_eq!(parsed.files_read, 333);
    let got: BTreeMap<String, (String, String)> = parsed
        .templates
        .iter()
        .map(|t| (t.source_id.clone(), (t.technique_ids.join(","), t.executor.clone().unwrap_or_default())))
        .collect();
    assert_eq!(got, index);

    let t = by_id(&parsed)["0be2230c-9ab3-4ac2-8826-3199b9a0ebf8"];
    assert_eq!(t.name, "Dump LSASS.exe Memory using ProcDump");
    assert_eq!((t.platforms.as_slice(), t.elevation_required), (&["windows".to_owned()][..], true));
    assert_eq!(t.command.as_deref(), Some(r##""#{procdump_exe}" -accepteula -ma lsass.exe #{output_file}"##));
    assert_eq!(t.cleanup.as_deref(), Some(r##"del "#{output_file}" >nul 2> nul"##));
    let output = t.arguments.iter().find(|a| a.name == "output_file").unwrap();
    assert_eq!(output.default.as_deref(), Some(r"C:\Windows\Temp\lsass_dump.dmp"));
    assert_eq!(t.upstream_path.as_deref(), Some("atomics/T1003.001/T1003.001.yaml"));

    // The zip of the same tree gives the same templates
    let from_zip =
        parse_templates(origin, &read(origin, &zip("atomic-red-team-master", &layout), "master.zip"));
    assert_eq!(hashes(&from_zip), hashes(&parsed));
}

#[test]
#[ignore = "needs the real data (AEGIS_DATA_DIR); make test runs it when present"]
fn atomics_with_attack_v19_ids_parse_and_repeat_guids_of_the_v18_files() {
    let dir = require("atomic-red-team");
    let edge: Vec<(String, Vec<u8>)> = files_under(&dir.join("edge-cases-attack-v19-ids"))
        .into_iter()
        .map(|(p, b)| {
            let id = p.trim_end_matches(".yaml").to_owned();
            (format!("atomics/{id}/{id}.yaml"), b)
        })
        .collect();
    let guids = |files: &[(String, Vec<u8>)]| -> usize {
        files
            .iter()
            .map(|(_, b)| {
                text(b).lines().filter(|l| l.trim_start().starts_with("auto_generated_guid:")).count()
            })
            .sum()
    };
    let origin = TemplateOrigin::AtomicRedTeam;

    // Alone, the three v19 files give their tests with the new ids (the sync flags them)
    let parsed = parse_stable(origin, &read(origin, &tar_gz("atomic-red-team-master", &edge), "x.tar.gz"));
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert_eq!(parsed.templates.len(), guids(&edge));
    let techniques: BTreeSet<&str> =
        parsed.templates.iter().flat_map(|t| t.technique_ids.iter().map(String::as_str)).collect();
    assert_eq!(techniques, BTreeSet::from(["T1685.001", "T1686", "T1690"]));

    // Next to the v18 files they repeat GUIDs (v19 moved tests to new ids): the first is kept
    let mut both = atomic_layout(&dir);
    both.extend(edge.iter().cloned());
    let parsed = parse_templates(origin, &read(origin, &tar_gz("atomic-red-team-master", &both), "x.tar.gz"));
    assert_eq!(parsed.templates.len(), 1_790);
    assert_eq!(parsed.errors.len(), guids(&edge));
    assert!(
        parsed
            .errors
            .iter()
            .all(|e| e.reason.contains("already read") && edge.iter().any(|(p, _)| *p == e.path))
    );
}

#[test]
#[ignore = "needs the real data (AEGIS_DATA_DIR); make test runs it when present"]
fn caldera_gives_one_template_per_ability() {
    let dir = require("caldera");
    let mut layout: Vec<_> = files_under(&dir.join("abilities"))
        .into_iter()
        .map(|(p, b)| (format!("data/abilities/{p}"), b))
        .collect();
    let abilities = layout.len();
    layout.extend(
        files_under(&dir.join("adversaries")).into_iter().map(|(p, b)| (format!("data/adversaries/{p}"), b)),
    );
    // The oracle: the ids written in the files, and which use the flat `technique_id`
    let mut ids = BTreeSet::new();
    let mut flat = BTreeMap::new();
    for (_, b) in layout.iter().filter(|(p, _)| p.starts_with("data/abilities/")) {
        let id = text(b)
            .lines()
            .find_map(|l| l.strip_prefix("- id: ").or_else(|| l.strip_prefix("  id: ")))
            .unwrap();
        ids.insert(id.trim().to_owned());
        if let Some(t) = text(b).lines().find_map(|l| l.strip_prefix("  technique_id: ")) {
            flat.insert(id.trim().to_owned(), t.trim_matches(['\'', '"', ' ']).to_owned());
        }
    }

    let origin = TemplateOrigin::Caldera;
    let files = read(origin, &tar_gz("stockpile-master", &layout), "master.tar.gz");
    assert_eq!(files.len(), abilities);
    let parsed = parse_stable(origin, &files);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert_eq!(parsed.templates.len(), 209);
    assert_eq!(by_id(&parsed).keys().map(|k| k.to_string()).collect::<BTreeSet<_>>(), ids);
    assert_eq!(flat.len(), 19);
    let by_id = by_id(&parsed);
    for (id, technique) in &flat {
        assert_eq!(&by_id[id.as_str()].technique_ids, std::slice::from_ref(technique), "{id}");
    }
    assert!(parsed.templates.iter().all(|t| t.tactics.len() == 1));
    // Only abilities whose file holds no command at all (one that just cleans up) have none
    let without: BTreeSet<&str> =
        parsed.templates.iter().filter(|t| t.command.is_none()).map(|t| t.source_id.as_str()).collect();
    assert_eq!(without, BTreeSet::from(["4cd4eb44-29a7-4259-91ae-e457b283a880"]));
    assert!(
        !text(
            &std::fs::read(dir.join("abilities/defense-evasion/4cd4eb44-29a7-4259-91ae-e457b283a880.yml"))
                .unwrap()
        )
        .contains("command:")
    );

    let t = by_id["0093c0e0-68b6-4cab-b0d4-2b40b3c78f71"];
    assert_eq!((t.name.as_str(), t.technique_ids.as_slice()), ("Enumerate VMs", &["T1673".to_owned()][..]));
    assert_eq!((t.platforms.as_slice(), t.executor.as_deref()), (&["linux".to_owned()][..], Some("sh")));
    assert_eq!(t.command.as_deref(), Some("acrnctl list"));
    assert_eq!(
        t.upstream_path.as_deref(),
        Some("data/abilities/discovery/0093c0e0-68b6-4cab-b0d4-2b40b3c78f71.yml")
    );
}

#[test]
#[ignore = "needs the real data (AEGIS_DATA_DIR); make test runs it when present"]
fn lolbas_gives_one_template_per_command() {
    let dir = require("lolbas");
    let mut layout: Vec<_> =
        files_under(&dir.join("yml")).into_iter().map(|(p, b)| (format!("yml/{p}"), b)).collect();
    let commands: usize = layout
        .iter()
        .map(|(_, b)| text(b).lines().filter(|l| l.trim_start().starts_with("- Command:")).count())
        .sum();
    let entries = layout.len();
    layout.push(("YML-Template.yml".into(), std::fs::read(dir.join("YML-Template.yml")).unwrap()));

    let origin = TemplateOrigin::Lolbas;
    let files = read(origin, &zip("LOLBAS-master", &layout), "master.zip");
    assert_eq!(files.len(), entries);
    let parsed = parse_stable(origin, &files);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert_eq!((parsed.templates.len(), commands), (482, 482));

    let t = by_id(&parsed)["Certutil.exe#1"];
    assert_eq!(
        (t.name.as_str(), t.technique_ids.as_slice()),
        ("Certutil.exe: Download file from Internet", &["T1105".to_owned()][..])
    );
    assert_eq!(t.command.as_deref(), Some("certutil.exe -urlcache -f {REMOTEURL:.exe} {PATH:.exe}"));
    assert_eq!(
        (t.privileges.as_deref(), t.platforms.as_slice()),
        (Some("User"), &["windows".to_owned()][..])
    );
    assert_eq!(t.upstream_path.as_deref(), Some("yml/OSBinaries/Certutil.yml"));
    assert!(by_id(&parsed).contains_key("Certutil.exe#7") && !by_id(&parsed).contains_key("Certutil.exe#8"));
}

#[test]
#[ignore = "needs the real data (AEGIS_DATA_DIR); make test runs it when present"]
fn gtfobins_gives_one_template_per_binary_and_function() {
    let dir = require("gtfobins");
    let mut layout: Vec<_> =
        files_under(&dir.join("_gtfobins")).into_iter().map(|(p, b)| (format!("_gtfobins/{p}"), b)).collect();
    // The oracle: the function keys (two-space indent under `functions:`) of every binary, less
    // `inherit`, the one function functions.yml maps to no technique
    let mut expected = BTreeSet::new();
    for (path, b) in &layout {
        let binary = path.trim_start_matches("_gtfobins/");
        let mut in_functions = false;
        for l in text(b).lines() {
            if !l.is_empty() && !l.starts_with(' ') {
                in_functions = l == "functions:";
            } else if let Some(f) = l.strip_prefix("  ").and_then(|l| l.strip_suffix(':'))
                && in_functions
                && f.bytes().all(|c| c.is_ascii_lowercase() || c == b'-')
                && f != "inherit"
            {
                expected.insert(format!("{binary}#{f}"));
            }
        }
    }
    let binaries = layout.len();
    for name in ["functions.yml", "contexts.yml"] {
        layout.push((format!("_data/{name}"), std::fs::read(dir.join("_data").join(name)).unwrap()));
    }

    let origin = TemplateOrigin::Gtfobins;
    let files = read(origin, &tar_gz("GTFOBins.github.io-master", &layout), "master.tar.gz");
    assert_eq!(files.len(), binaries + 1);
    let parsed = parse_stable(origin, &files);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert_eq!(parsed.files_read, binaries + 1);
    assert_eq!(by_id(&parsed).keys().map(|k| k.to_string()).collect::<BTreeSet<_>>(), expected);

    let by_id = by_id(&parsed);
    let t = by_id["bash#file-read"];
    assert_eq!((t.name.as_str(), t.technique_ids.as_slice()), ("bash: File read", &["T1005".to_owned()][..]));
    assert_eq!(t.command.as_deref(), Some(r#"bash -c 'echo "$(</path/to/input-file)"'"#));
    assert!(t.description.contains("Example 2: This only works interactively"), "{}", t.description);
    assert_eq!(by_id["bash#reverse-shell"].technique_ids, ["T1059", "T1071"]);
}

/// A derived CSV of `d3fend/derived/` as rows of strings, header left out.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect()
}

/// A defensive technique's label, class, parents and tactic, and its `(relation, artifact)`s.
type TechniqueColumns = (Vec<String>, Vec<(String, String)>);

/// Equal sets, or a panic naming only the rows that differ.
fn assert_same_rows(what: &str, got: &BTreeSet<Vec<String>>, want: &BTreeSet<Vec<String>>) {
    let extra: Vec<_> = got.difference(want).take(10).collect();
    let missing: Vec<_> = want.difference(got).take(10).collect();
    assert!(extra.is_empty() && missing.is_empty(), "{what}: extra {extra:?}, missing {missing:?}");
}

fn yes(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}

#[test]
#[ignore = "needs the real data (AEGIS_DATA_DIR); make test runs it when present"]
fn d3fend_ontology_gives_the_rows_of_every_derived_csv() {
    let dir = require("d3fend");
    let derived = |name: &str| -> BTreeSet<Vec<String>> {
        csv_rows(&dir.join("derived").join(name)).into_iter().collect()
    };
    let ttl = std::fs::read(dir.join("d3fend-protege.ttl")).unwrap();
    let files = read_text_files(&ttl, "d3fend-protege.ttl", &Limits::default(), &wanted_d3fend_path).unwrap();
    let o = read_d3fend(&files[0].text).unwrap();
    let label = |c: &str| o.labels.get(c).cloned().unwrap_or_default();
    let digital = |c: &str| yes(o.digital_artifacts.contains(c));

    let techniques: BTreeSet<Vec<String>> = o
        .techniques
        .iter()
        .map(|t| {
            let tactic = t.tactic.clone().unwrap_or_default();
            vec![
                t.id.clone(),
                t.label.clone(),
                t.class.clone(),
                t.parents.join(";"),
                tactic,
                yes(t.defensive),
            ]
        })
        .collect();
    assert_same_rows("techniques", &techniques, &derived("d3fend-techniques.csv"));
    let relations = |rows: &[Relation], label_of: &dyn Fn(&str) -> String| -> BTreeSet<Vec<String>> {
        rows.iter()
            .map(|r| {
                let o = &r.object;
                vec![
                    r.subject.clone(),
                    label_of(&r.subject),
                    r.relation.clone(),
                    o.clone(),
                    label(o),
                    digital(o),
                ]
            })
            .collect()
    };
    let by_id = |rows: Vec<(String, String)>| -> BTreeMap<String, String> { rows.into_iter().collect() };
    let d3_labels = by_id(o.techniques.iter().map(|t| (t.id.clone(), t.label.clone())).collect());
    let attack_labels = by_id(o.attack_techniques.iter().map(|t| (t.id.clone(), t.label.clone())).collect());
    assert_same_rows(
        "d3fend relations",
        &relations(&o.d3fend_relations, &|id| d3_labels[id].clone()),
        &derived("d3fend-technique-artifact-relations.csv"),
    );
    assert_same_rows(
        "attack relations",
        &relations(&o.attack_relations, &|id| attack_labels[id].clone()),
        &derived("attack-technique-artifact-relations.csv"),
    );
    let hierarchy: BTreeSet<Vec<String>> =
        o.artifact_parents.iter().map(|(a, p)| vec![a.clone(), label(a), p.clone(), label(p)]).collect();
    assert_same_rows("hierarchy", &hierarchy, &derived("digital-artifact-hierarchy.csv"));
    let attack: BTreeSet<Vec<String>> = o
        .attack_techniques
        .iter()
        .map(|t| vec![t.id.clone(), t.label.clone(), t.parents.join(";"), yes(t.deprecated)])
        .collect();
    assert_same_rows("attack techniques", &attack, &derived("attack-techniques-in-d3fend.csv"));
    // The CSV repeats one edge (DigitalArtifact -> Artifact); every other table has no repeats
    assert_eq!((techniques.len(), o.d3fend_relations.len(), o.attack_relations.len()), (475, 272, 507));
    assert_eq!((hierarchy.len(), attack.len()), (910, 823));
}

#[test]
#[ignore = "needs the real data (AEGIS_DATA_DIR); make test runs it when present"]
fn d3fend_catalog_links_what_the_derived_csvs_join_to() {
    let dir = require("d3fend");
    let derived = |name: &str| csv_rows(&dir.join("derived").join(name));
    let catalog = parse_d3fend(&std::fs::read_to_string(dir.join("d3fend-protege.ttl")).unwrap()).unwrap();

    // Techniques: the defensive rows, each id once, with its non-`enables` relations as artifacts
    let defensive: Vec<Vec<String>> =
        derived("d3fend-techniques.csv").into_iter().filter(|r| r[5] == "yes").collect();
    let d3_relations = derived("d3fend-technique-artifact-relations.csv");
    let want: BTreeMap<String, TechniqueColumns> = defensive
        .iter()
        .map(|r| {
            let artifacts = d3_relations
                .iter()
                .filter(|a| a[0] == r[0] && a[2] != "enables")
                .map(|a| (a[2].clone(), a[3].clone()))
                .collect();
            (r[0].clone(), (vec![r[1].clone(), r[2].clone(), r[3].clone(), r[4].clone()], artifacts))
        })
        .collect();
    assert_eq!((defensive.len(), want.len()), (249, 249));
    let got: BTreeMap<String, TechniqueColumns> = catalog
        .techniques
        .iter()
        .map(|t| {
            let row = vec![
                t.name.clone(),
                t.class.clone(),
                t.parents.join(";"),
                t.tactic.clone().unwrap_or_default(),
            ];
            (t.id.clone(), (row, t.artifacts.clone()))
        })
        .collect();
    assert_eq!(got, want);
    assert!(catalog.techniques.is_sorted_by(|a, b| a.id < b.id));
    assert!(catalog.techniques.iter().all(|t| t.definition.is_some()));

    let attack: Vec<(String, bool)> = derived("attack-techniques-in-d3fend.csv")
        .into_iter()
        .map(|r| (r[0].clone(), r[3] == "yes"))
        .collect();
    assert_eq!(catalog.attack_techniques, attack);
    assert_eq!(attack.iter().filter(|(_, deprecated)| *deprecated).count(), 144);

    // The oracle: the module doc's rule over the CSVs. A countermeasure's artifact B links to an
    // ATT&CK technique's artifact A when B is A or above it in digital-artifact-hierarchy.csv
    let mut parents: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for r in derived("digital-artifact-hierarchy.csv") {
        parents.entry(r[0].clone()).or_default().push(r[2].clone());
    }
    let above = |a: &str| -> BTreeSet<String> {
        let mut out = BTreeSet::from([a.to_owned()]);
        let mut todo = vec![a.to_owned()];
        while let Some(x) = todo.pop() {
            for p in parents.get(&x).into_iter().flatten() {
                if out.insert(p.clone()) {
                    todo.push(p.clone());
                }
            }
        }
        out
    };
    let mut expected = BTreeSet::new();
    for a in derived("attack-technique-artifact-relations.csv") {
        let reach = above(&a[3]);
        for d in d3_relations.iter().filter(|d| want.contains_key(&d[0]) && d[2] != "enables") {
            if reach.contains(&d[3]) {
                expected.insert((a[0].clone(), d[0].clone(), d[3].clone(), a[2].clone(), d[2].clone()));
            }
        }
    }
    let got: BTreeSet<(String, String, String, String, String)> = catalog
        .links
        .iter()
        .map(|l| {
            let l = l.clone();
            (l.attack_id, l.d3fend_id, l.artifact, l.attack_relation, l.d3fend_relation)
        })
        .collect();
    assert_eq!(got.len(), catalog.links.len());
    assert!(catalog.links.is_sorted());
    assert_eq!(got, expected);
    let pairs: BTreeSet<(&str, &str)> =
        catalog.links.iter().map(|l| (l.attack_id.as_str(), l.d3fend_id.as_str())).collect();
    let attack_relations = derived("attack-technique-artifact-relations.csv");
    let same_artifact: BTreeSet<(&str, &str)> = catalog
        .links
        .iter()
        .filter(|l| attack_relations.iter().any(|a| a[0] == l.attack_id && a[3] == l.artifact))
        .map(|l| (l.attack_id.as_str(), l.d3fend_id.as_str()))
        .collect();
    // Most pairs go through an ancestor (a countermeasure on all `NetworkTraffic`, say)
    let attacked: BTreeSet<&str> = pairs.iter().map(|p| p.0).collect();
    let countermeasures: BTreeSet<&str> = pairs.iter().map(|p| p.1).collect();
    assert_eq!((catalog.links.len(), pairs.len(), same_artifact.len()), (3_258, 3_059, 722));
    assert_eq!((attacked.len(), countermeasures.len()), (309, 146));
}

/// Sigma's 200 rules at `rules/windows/…` and its edge cases at their upstream paths (the part
/// after `edge-cases/<kind>/`). One file is an edge case of two kinds; a repository holds it once.
fn sigma_layout(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: BTreeMap<String, Vec<u8>> =
        files_under(&dir.join("rules")).into_iter().map(|(p, b)| (format!("rules/{p}"), b)).collect();
    let edge = files_under(&dir.join("edge-cases"));
    assert_eq!(edge.len(), 24);
    for (p, b) in edge {
        let upstream = p.split_once('/').unwrap().1.to_owned();
        if let Some(other) = files.insert(upstream.clone(), b.clone()) {
            assert_eq!(other, b, "{upstream} differs between two edge-case kinds");
        }
    }
    files.into_iter().collect()
}

/// The oracle for one Sigma file, by reading lines: the technique tags of each rule it holds
/// (documents split at `---`; an `action: global` document's tags go to every later one).
fn sigma_rule_techniques(text: &str) -> Vec<BTreeSet<String>> {
    let is_technique = |t: &str| {
        let rest = t.strip_prefix("attack.t").unwrap_or("");
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        match rest.split_once('.') {
            Some((a, b)) => digits(a, 4) && digits(b, 3),
            None => digits(rest, 4),
        }
    };
    let mut global: BTreeSet<String> = BTreeSet::new();
    let mut rules = Vec::new();
    for doc in text.split("\n---\n") {
        let mut tags = BTreeSet::new();
        let mut in_tags = false;
        for line in doc.lines() {
            if !line.starts_with([' ', '\t']) {
                in_tags = line.trim_end() == "tags:";
            } else if in_tags && let Some(tag) = line.trim_start().strip_prefix("- ") {
                let tag = tag.split(" #").next().unwrap().trim().trim_matches(['\'', '"']).to_lowercase();
                if is_technique(&tag) {
                    tags.insert(tag["attack.".len()..].to_uppercase());
                }
            }
        }
        if doc.lines().any(|l| l.trim_end() == "action: global") {
            global.extend(tags);
        } else if doc.lines().any(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')) {
            rules.push(global.union(&tags).cloned().collect());
        }
    }
    rules
}

/// Rules per technique id (each rule counted once per id it names).
fn per_technique<'a>(rules: impl IntoIterator<Item = &'a BTreeSet<String>>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for ids in rules {
        for id in ids {
            *counts.entry(id.clone()).or_default() += 1;
        }
    }
    counts
}

fn parsed_per_technique(parsed: &ParsedRules) -> BTreeMap<String, usize> {
    let sets: Vec<BTreeSet<String>> =
        parsed.rules.iter().map(|r| r.technique_ids.iter().cloned().collect()).collect();
    per_technique(&sets)
}

fn read_rules(origin: RuleOrigin, archive: &[u8], name: &str) -> Vec<TextFile> {
    read_text_files(archive, name, &Limits::default(), &|p| wanted_rule_path(origin, p)).unwrap()
}

/// Parses twice: the same files give the same rules, hash for hash.
fn parse_rules_stable(origin: RuleOrigin, files: &[TextFile]) -> ParsedRules {
    let parsed = parse_rules(origin, files);
    let hashes = |p: &ParsedRules| p.rules.iter().map(rule_hash).collect::<Vec<_>>();
    assert_eq!(hashes(&parsed), hashes(&parse_rules(origin, files)));
    parsed
}

fn rules_at<'a>(parsed: &'a ParsedRules, path: &str) -> Vec<&'a RuleContent> {
    parsed.rules.iter().filter(|r| r.upstream_path.as_deref() == Some(path)).collect()
}

#[test]
#[ignore = "needs the real data (AEGIS_DATA_DIR); make test runs it when present"]
fn sigma_gives_one_rule_per_concrete_document_with_its_attack_tags() {
    let dir = require("sigma");
    let layout = sigma_layout(&dir);
    assert_eq!(layout.len(), 223);
    // The oracle: rules and technique tags by reading lines
    let expected: Vec<BTreeSet<String>> =
        layout.iter().flat_map(|(_, b)| sigma_rule_techniques(text(b))).collect();

    let origin = RuleOrigin::Sigma;
    let files = read_rules(origin, &tar_gz("sigma-master", &layout), "master.tar.gz");
    assert_eq!(files.len(), 223);
    let parsed = parse_rules_stable(origin, &files);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert_eq!(parsed.files_read, 223);
    assert_eq!((parsed.rules.len(), expected.len()), (225, 225));
    assert_eq!(parsed_per_technique(&parsed), per_technique(&expected));
    let originals: BTreeSet<String> =
        files_under(&dir.join("rules")).into_iter().map(|(p, _)| format!("rules/{p}")).collect();
    let windows = parsed.rules.iter().filter(|r| originals.contains(r.upstream_path.as_ref().unwrap()));
    assert_eq!(windows.clone().count(), 200);
    assert!(windows.clone().all(|r| r.platforms == ["windows"] && r.language.as_deref() == Some("sigma")));
    assert!(windows.clone().all(|r| !r.technique_ids.is_empty() && r.query.is_some() && !r.deprecated));

    // No tags at all: kept, unmapped
    let [r] =
        rules_at(&parsed, "rules/windows/builtin/security/win_security_kerberos_asrep_roasting.yml")[..]
    else {
        panic!()
    };
    assert!(r.technique_ids.is_empty() && r.tactics.is_empty() && r.other_tags.is_empty());
    // Tactic tags only: tactics, no technique
    for (p, _) in files_under(&dir.join("edge-cases/tactic-tags-only-no-technique")) {
        let r = rules_at(&parsed, &p)[0];
        assert!(r.technique_ids.is_empty() && !r.tactics.is_empty(), "{p}: {r:?}");
    }
    // Software and group tags are other tags
    let edge_rules = |kind: &str| -> Vec<&RuleContent> {
        files_under(&dir.join("edge-cases").join(kind))
            .iter()
            .flat_map(|(p, _)| rules_at(&parsed, p))
            .collect()
    };
    let others: BTreeSet<&str> = edge_rules("software-or-group-tags")
        .iter()
        .flat_map(|r| r.other_tags.iter().map(String::as_str))
        .collect();
    for tag in ["attack.g0020", "attack.s0508", "attack.s0482", "attack.s0402"] {
        assert!(others.contains(tag), "{tag} in {others:?}");
    }
    // Revoked and deprecated techniques are still technique ids (the sync flags them)
    let techniques = |kind: &str| -> BTreeSet<String> {
        edge_rules(kind).iter().flat_map(|r| r.technique_ids.iter().cloned()).collect()
    };
    assert!(
        ["T1086", "T1050", "T1035", "T1043"]
            .iter()
            .all(|t| techniques("revoked-or-deprecated-technique-tags").contains(*t))
    );
    assert!(rules_at(&parsed, "deprecated/windows/sysmon_powershell_execution_moduleload.yml")[0].deprecated);
    assert!(
        ["T1685", "T1685.001", "T1685.005", "T1686.003", "T1689"]
            .iter()
            .all(|t| techniques("attack-v19-technique-ids").contains(*t))
    );
    // Threat hunting rules keep their tag
    let hunting = edge_rules("threat-hunting");
    assert_eq!(hunting.len(), 2);
    assert!(hunting.iter().all(|r| r.other_tags.contains(&"detection.threat-hunting".to_owned())));

    // Rule collections: one rule per concrete document, the global document merged in
    let ids =
        |path: &str| -> Vec<String> { rules_at(&parsed, path).iter().map(|r| r.source_id.clone()).collect() };
    assert_eq!(
        ids("unsupported/windows/sysmon_process_reimaging.yml"),
        ["7fa4f550-850e-4117-b543-428c86ebb849", "7fa4f550-850e-4117-b543-428c86ebb849#2"]
    );
    assert_eq!(
        ids("unsupported/windows/win_remote_service.yml"),
        ["4a3a2b96-d7fc-4cb9-80e4-4a545fe95f46", "4a3a2b96-d7fc-4cb9-80e4-4a545fe95f46#2"]
    );
    let [apt29] = rules_at(&parsed, "unsupported/windows/win_apt_apt29_tor.yml")[..] else { panic!() };
    assert_eq!(
        (apt29.source_id.as_str(), apt29.title.as_str()),
        ("c069f460-2b87-4010-8dcf-e45bab362624", "APT29 Google Update Service Install")
    );
    assert_eq!(
        (apt29.technique_ids.as_slice(), apt29.tactics.as_slice()),
        (&["T1050".to_owned(), "T1543.003".to_owned()][..], &["persistence".to_owned()][..])
    );
    assert_eq!(apt29.other_tags, ["attack.g0016"]);
    assert_eq!(apt29.logsource.as_deref(), Some("windows/process_creation/system"));
    let query = apt29.query.as_deref().unwrap();
    assert!(
        query.starts_with("process:\n") && query.contains("condition: service_install | near process"),
        "{query}"
    );
    assert!(apt29.raw.starts_with("action: global\n") && apt29.raw.contains("\n---\nid: c069f460"));
    let remote = rules_at(&parsed, "unsupported/windows/win_remote_service.yml");
    assert_eq!(remote[1].logsource.as_deref(), Some("windows//system"));
    assert!(remote.iter().all(|r| r.tactics == ["lateral-movement", "persistence", "execution"]));

    // The zip of the same tree gives the same rules
    let from_zip = parse_rules(origin, &read_rules(origin, &zip("sigma-master", &layout), "master.zip"));
    assert_eq!(from_zip, parsed);
}

/// Elastic's 200 rules at `rules/windows/` and its edge cases where upstream keeps their kind:
/// deprecated ones in `rules/_deprecated/`, building blocks in `rules_building_block/`, the rest
/// in `rules/`.
fn elastic_layout(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> =
        files_under(&dir.join("rules")).into_iter().map(|(p, b)| (format!("rules/{p}"), b)).collect();
    for (p, b) in files_under(&dir.join("edge-cases")) {
        let (kind, name) = p.split_once('/').unwrap();
        let folder = match kind {
            "deprecated" => "rules/_deprecated",
            "building-block" => "rules_building_block",
            _ => "rules",
        };
        files.push((format!("{folder}/{name}"), b));
    }
    files
}

#[test]
#[ignore = "needs the real data (AEGIS_DATA_DIR); make test runs it when present"]
fn elastic_gives_one_rule_per_file_with_its_threat_mapping() {
    let dir = require("elastic");
    let layout = elastic_layout(&dir);
    assert_eq!(layout.len(), 224);
    // The oracle: every technique and sub-technique id of `[[rule.threat]]`, read as plain TOML
    let mut expected: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (_, b) in &layout {
        let doc: toml::Table = toml::from_str(text(b)).unwrap();
        let rule = doc["rule"].as_table().unwrap();
        let mut ids = BTreeSet::new();
        for threat in rule.get("threat").and_then(|t| t.as_array()).into_iter().flatten() {
            for t in threat.get("technique").and_then(|t| t.as_array()).into_iter().flatten() {
                ids.insert(t["id"].as_str().unwrap().to_owned());
                for s in t.get("subtechnique").and_then(|s| s.as_array()).into_iter().flatten() {
                    ids.insert(s["id"].as_str().unwrap().to_owned());
                }
            }
        }
        expected.insert(rule["rule_id"].as_str().unwrap().to_owned(), ids);
    }

    let origin = RuleOrigin::Elastic;
    let files = read_rules(origin, &tar_gz("detection-rules-main", &layout), "main.tar.gz");
    assert_eq!(files.len(), 224);
    let parsed = parse_rules_stable(origin, &files);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert_eq!((parsed.rules.len(), expected.len()), (224, 224));
    let got: BTreeMap<String, BTreeSet<String>> = parsed
        .rules
        .iter()
        .map(|r| (r.source_id.clone(), r.technique_ids.iter().cloned().collect()))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(parsed_per_technique(&parsed), per_technique(expected.values()));
    let unmapped: Vec<&str> = parsed
        .rules
        .iter()
        .filter(|r| r.technique_ids.is_empty())
        .map(|r| r.upstream_path.as_deref().unwrap())
        .collect();
    let windows: Vec<&RuleContent> = parsed
        .rules
        .iter()
        .filter(|r| r.upstream_path.as_ref().unwrap().starts_with("rules/windows/"))
        .collect();
    assert_eq!(windows.iter().filter(|r| r.technique_ids.is_empty()).count(), 1, "{unmapped:?}");
    assert!(windows.iter().all(|r| r.platforms == ["windows"] && !r.deprecated && !r.building_block));
    assert!(windows.iter().all(|r| r.query.is_some() && r.status.as_deref() == Some("production")));

    // Edge cases: each kind's flag, and only there
    let kind = |k: &str| -> BTreeSet<String> {
        files_under(&dir.join("edge-cases").join(k)).into_iter().map(|(p, _)| p).collect()
    };
    let name_of =
        |r: &RuleContent| r.upstream_path.as_deref().unwrap().rsplit('/').next().unwrap().to_owned();
    let flagged = |f: fn(&RuleContent) -> bool| -> BTreeSet<String> {
        parsed.rules.iter().filter(|r| f(r)).map(name_of).collect()
    };
    assert_eq!(flagged(|r| r.deprecated), kind("deprecated"));
    // One deprecated rule was a building block too (upstream keeps its `building_block_type`)
    let mut building_blocks = kind("building-block");
    building_blocks.insert("command_and_control_linux_port_knocking_reverse_connection.toml".into());
    assert_eq!(flagged(|r| r.building_block), building_blocks);
    assert_eq!(flagged(|r| r.rule_type.as_deref() == Some("machine_learning")), kind("machine-learning"));
    assert!(flagged(|r| r.query.is_none()) == kind("machine-learning"));
    assert!(kind("no-threat-mapping").is_subset(&flagged(|r| r.technique_ids.is_empty())));

    let r = parsed.rules.iter().find(|r| r.source_id == "1dee0500-4aeb-44ca-b24b-4a285d7b6ba1").unwrap();
    assert_eq!(r.title, "Suspicious Inter-Process Communication via Outlook");
    assert_eq!(r.technique_ids, ["T1114", "T1114.001", "T1559", "T1559.001"]);
    assert_eq!(r.tactics, ["collection", "execution"]);
    assert_eq!(
        (r.level.as_deref(), r.risk_score, r.language.as_deref()),
        (Some("medium"), Some(47), Some("eql"))
    );
    assert_eq!(
        r.upstream_path.as_deref(),
        Some("rules/windows/collection_email_outlook_mailbox_via_com.toml")
    );
}

/// What a Mappings Explorer file says, read here with `serde_json::Value`: the complete objects'
/// (control, technique, type) and control names, how many objects are not complete, and how many
/// distinct ATT&CK ids the file names (mapped or not).
type ExplorerOracle = (BTreeSet<(String, String, Option<String>)>, BTreeMap<String, String>, usize, usize);

fn explorer_oracle(json: &serde_json::Value) -> ExplorerOracle {
    let objects = json["mapping_objects"].as_array().unwrap();
    let (mut mappings, mut names, mut skipped, mut ids) =
        (BTreeSet::new(), BTreeMap::new(), 0, BTreeSet::new());
    for o in objects {
        ids.insert(o["attack_object_id"].as_str().unwrap());
        match o["capability_id"].as_str() {
            Some(control) if o["status"] == "complete" => {
                let kind = o["mapping_type"].as_str().map(str::to_owned);
                mappings.insert((
                    control.to_owned(),
                    o["attack_object_id"].as_str().unwrap().to_owned(),
                    kind,
                ));
                names
                    .entry(control.to_owned())
                    .or_insert(o["capability_description"].as_str().unwrap().to_owned());
            }
            _ => skipped += 1,
        }
    }
    (mappings, names, skipped, ids.len())
}

#[test]
#[ignore = "needs the real data (AEGIS_DATA_DIR); make test runs it when present"]
fn nist_800_53_mappings_match_the_json_for_attack_16_1_and_14_1() {
    let dir = require("compliance").join("nist_800_53");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let descriptions = read("nist-rev5_control_descriptions.json");
    let described: BTreeMap<String, String> = serde_json::from_str::<Vec<serde_json::Value>>(&descriptions)
        .unwrap()
        .into_iter()
        .filter_map(|d| Some((d["id"].as_str()?.to_owned(), d["description"].as_str()?.to_owned())))
        .collect();

    // [objects, complete, distinct (control, technique, type), controls, ATT&CK ids named, mapped]
    let cases = [
        (
            "nist_800_53-rev5_attack-16.1-enterprise.json",
            "16.1",
            [5_410, 5_314, 5_264, 109, 566, 470],
            "mitigates",
        ),
        (
            "nist_800_53-rev5_attack-14.1-enterprise.json",
            "14.1",
            [5_136, 5_047, 5_044, 107, 533, 449],
            "protects",
        ),
    ];
    for (file, attack, counts, kind) in cases {
        let [objects, complete, distinct, controls, named, mapped] = counts;
        let text = read(file);
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let (want_mappings, want_names, skipped, ids) = explorer_oracle(&json);
        let parsed = parse_mappings_explorer(&text, Some(&descriptions)).unwrap();
        assert_eq!((parsed.name.as_str(), parsed.version.as_deref()), ("NIST SP 800-53", Some("rev5")));
        assert_eq!(parsed.attack_version.as_deref(), Some(attack));

        let got: BTreeSet<(String, String, Option<String>)> = parsed
            .mappings
            .iter()
            .map(|m| (m.control_id.clone(), m.technique_id.clone(), m.mapping_type.clone()))
            .collect();
        assert_eq!(got.len(), parsed.mappings.len(), "{file}");
        assert_eq!(got, want_mappings, "{file}");
        let names: BTreeMap<String, String> =
            parsed.controls.iter().map(|c| (c.control_id.clone(), c.name.clone())).collect();
        assert_eq!(names.len(), parsed.controls.len(), "{file}");
        assert_eq!(names, want_names, "{file}");
        assert!(parsed.controls.iter().all(|c| c.family.as_deref() == c.control_id.split('-').next()));
        // Every mapped control has its description, made plain text
        for c in &parsed.controls {
            let html = &described[&c.control_id];
            let text = c.description.as_deref().unwrap_or_else(|| panic!("{}", c.control_id));
            assert!(!text.contains('<') && html.starts_with("<p"), "{}", c.control_id);
            let start: String = text.chars().take(40).collect();
            assert!(html.contains(&start), "{}: {start}", c.control_id);
        }

        let techniques: BTreeSet<&str> = parsed.mappings.iter().map(|m| m.technique_id.as_str()).collect();
        assert_eq!(json["mapping_objects"].as_array().unwrap().len(), objects, "{file}");
        assert_eq!((skipped, parsed.skipped), (objects - complete, objects - complete), "{file}");
        assert_eq!(
            (parsed.mappings.len(), parsed.controls.len(), ids),
            (distinct, controls, named),
            "{file}"
        );
        assert_eq!(techniques.len(), mapped, "{file}");
        assert!(parsed.mappings.iter().all(|m| m.mapping_type.as_deref() == Some(kind)), "{file}");
    }
}
