//! Sigma (SigmaHQ/sigma): every `.yml`/`.yaml` under `rules/`, `rules-threat-hunting/`,
//! `rules-emerging-threats/`, `rules-placeholder/`, `rules-compliance/`, `deprecated/` and
//! `unsupported/`. One rule per document; a multi-document rule collection gives one rule per
//! concrete document with its global document merged in ([`collection`](super::collection)).
//!
//! * `source_id` is the rule's `id`. Where the documents of one collection share an id (it comes
//!   from the global document), the first keeps it and the n-th rule of the file (1-based) from
//!   the second on is `<id>#<n>`. A rule without an `id` or `title` is an error.
//! * `tags`: `attack.tNNNN[.NNN]` are technique ids (upper case, revoked or unknown ones
//!   included: the caller flags them), `attack.<tactic>` (`_` or `-`) are tactics, and every
//!   other tag (`attack.g0016`, `attack.s0005`, `car.…`, `cve.…`, `detection.threat-hunting`)
//!   is kept in `other_tags` as written.
//! * `status: deprecated` marks it deprecated; `logsource` is `product/category/service`, and
//!   a product of `windows`, `linux` or `macos` is its platform; `query` is the `detection`
//!   block written back as YAML; `raw` is the rule's own text (for a collection, the global
//!   documents and the rule's, joined by `---`).

use serde::Deserialize;
use yaml_serde::Value;

use super::collection;
use super::{Sink, add, platform, tactic};
use crate::archive::TextFile;
use crate::templates::technique_id;
use crate::templates::yaml::{OneOrMany, Text, trimmed};

const FOLDERS: [&str; 7] = [
    "rules",
    "rules-threat-hunting",
    "rules-emerging-threats",
    "rules-placeholder",
    "rules-compliance",
    "deprecated",
    "unsupported",
];

pub(crate) fn wanted(path: &str) -> bool {
    path.split_once('/').is_some_and(|(top, rest)| FOLDERS.contains(&top) && !rest.is_empty())
        && (path.ends_with(".yml") || path.ends_with(".yaml"))
}

#[derive(Deserialize)]
struct Rule {
    id: Option<Text>,
    title: Option<Text>,
    description: Option<Text>,
    status: Option<Text>,
    level: Option<Text>,
    author: Option<OneOrMany>,
    date: Option<Text>,
    references: Option<Vec<Option<Text>>>,
    tags: Option<Vec<Option<Text>>>,
    logsource: Option<LogSource>,
    detection: Option<Value>,
}

#[derive(Deserialize)]
struct LogSource {
    product: Option<Text>,
    category: Option<Text>,
    service: Option<Text>,
}

fn text(t: Option<Text>) -> Option<String> {
    trimmed(t.map(|t| t.0))
}

pub(crate) fn parse(file: &TextFile, sink: &mut Sink) {
    sink.file();
    let docs = match collection::concrete(&file.text) {
        Ok(d) if d.is_empty() => return sink.error(&file.path, "no rule in this file"),
        Ok(d) => d,
        Err(e) => return sink.error(&file.path, e),
    };
    let many = docs.len() > 1;
    let mut ids: Vec<String> = Vec::new();
    for (i, doc) in docs.into_iter().enumerate() {
        let n = i + 1;
        let at = |what: &str| if many { format!("rule {n} of the file: {what}") } else { what.to_owned() };
        let raw = doc.raw();
        let rule: Rule = match yaml_serde::from_value(Value::Mapping(doc.value)) {
            Ok(r) => r,
            Err(e) => {
                sink.error(&file.path, at(&e.to_string()));
                continue;
            }
        };
        let Some(id) = text(rule.id.clone()) else {
            sink.error(&file.path, at("no `id`; skipped"));
            continue;
        };
        let Some(title) = text(rule.title.clone()) else {
            sink.error(&file.path, at(&format!("{id}: no `title`; skipped")));
            continue;
        };
        let source_id = if ids.contains(&id) { format!("{id}#{n}") } else { id.clone() };
        ids.push(id);
        let mut r = sink.blank(file, source_id, title);
        fill(&mut r, rule);
        r.raw = raw;
        sink.push(&file.path, r);
    }
}

fn fill(r: &mut domain::content::RuleContent, rule: Rule) {
    for tag in rule.tags.unwrap_or_default().into_iter().flatten() {
        let tag = tag.0.trim().to_owned();
        let lower = tag.to_ascii_lowercase();
        let attack = lower.strip_prefix("attack.");
        if let Some(id) = attack.and_then(technique_id) {
            add(&mut r.technique_ids, id);
        } else if let Some(t) = attack.and_then(tactic) {
            add(&mut r.tactics, t);
        } else if !tag.is_empty() {
            add(&mut r.other_tags, tag);
        }
    }
    r.description = text(rule.description).unwrap_or_default();
    r.status = text(rule.status);
    r.deprecated = r.status.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("deprecated"));
    r.level = text(rule.level);
    if let Some(ls) = rule.logsource {
        let product = text(ls.product).unwrap_or_default();
        r.platforms = platform(&product).into_iter().collect();
        let parts = [product, text(ls.category).unwrap_or_default(), text(ls.service).unwrap_or_default()];
        r.logsource = parts.iter().any(|p| !p.is_empty()).then(|| parts.join("/"));
    }
    r.author = rule
        .author
        .map(|a| a.into_vec().into_iter().map(|a| a.trim().to_owned()).collect::<Vec<_>>().join(", "))
        .filter(|a| !a.is_empty());
    r.date = text(rule.date);
    r.references = rule.references.unwrap_or_default().into_iter().filter_map(text).collect();
    r.language = Some("sigma".into());
    r.query = rule
        .detection
        .and_then(|d| yaml_serde::to_string(&d).ok())
        .map(|q| q.trim_end().to_owned())
        .filter(|q| !q.is_empty());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::parse_rules;
    use domain::content::RuleOrigin;

    const RULE: &str = r#"title: Suspicious Thing
id: 5f1c0e6a-0000-4000-8000-000000000001
status: test
description: |
    Detects a thing.
references:
    - https://example.org/a
author: Someone, Someone Else
date: 2023-01-05
tags:
    - attack.execution
    - attack.T1059.001
    - attack.defense_evasion
    - attack.t1059.001
    - attack.g0016
    - car.2016-04-002
    - attack.t1059.1
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\powershell.exe'
    condition: selection
level: high
"#;

    fn one(path: &str, text: &str) -> crate::rules::ParsedRules {
        parse_rules(RuleOrigin::Sigma, &[TextFile { path: path.into(), text: text.into() }])
    }

    #[test]
    fn a_rule_keeps_its_fields_and_sorts_its_tags() {
        let parsed = one("rules/windows/process_creation/a.yml", RULE);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let [r] = parsed.rules.as_slice() else { panic!("{parsed:?}") };
        assert_eq!(
            (r.source_id.as_str(), r.title.as_str()),
            ("5f1c0e6a-0000-4000-8000-000000000001", "Suspicious Thing")
        );
        assert_eq!(r.technique_ids, ["T1059.001"]);
        assert_eq!(r.tactics, ["execution", "defense-evasion"]);
        assert_eq!(r.other_tags, ["attack.g0016", "car.2016-04-002", "attack.t1059.1"]);
        assert_eq!(
            (r.description.as_str(), r.level.as_deref(), r.status.as_deref()),
            ("Detects a thing.", Some("high"), Some("test"))
        );
        assert_eq!(
            (r.logsource.as_deref(), r.platforms.as_slice()),
            (Some("windows/process_creation/"), &["windows".to_owned()][..])
        );
        assert_eq!(
            (r.author.as_deref(), r.date.as_deref()),
            (Some("Someone, Someone Else"), Some("2023-01-05"))
        );
        assert_eq!(
            r.query.as_deref(),
            Some("selection:\n  Image|endswith: \\powershell.exe\ncondition: selection")
        );
        assert_eq!(
            (r.language.as_deref(), r.rule_type.as_deref(), r.deprecated),
            (Some("sigma"), None, false)
        );
        assert_eq!(
            (r.raw.as_str(), r.upstream_path.as_deref()),
            (RULE, Some("rules/windows/process_creation/a.yml"))
        );
        assert_eq!(r.references, ["https://example.org/a"]);
    }

    #[test]
    fn untagged_deprecated_and_broken_rules() {
        // Given a deprecated rule with no tags, one without an id, one that is not YAML, a repeat
        let files = [
            ("deprecated/a.yml", "title: Old\nid: x1\nstatus: deprecated\nlogsource: {product: azure}\n"),
            ("rules/b.yml", "title: No id\nlevel: low\n"),
            ("rules/c.yml", "title: [unclosed\n"),
            ("rules/d.yml", "title: Again\nid: x1\n"),
        ]
        .map(|(p, t)| TextFile { path: p.into(), text: t.into() });
        // When they are parsed
        let parsed = parse_rules(RuleOrigin::Sigma, &files);
        // Then the first is kept (unmapped, deprecated, no platform) and each other is an error
        assert_eq!(parsed.files_read, 4);
        let [r] = parsed.rules.as_slice() else { panic!("{parsed:?}") };
        assert!(r.deprecated && r.technique_ids.is_empty() && r.tactics.is_empty() && r.platforms.is_empty());
        assert_eq!((r.logsource.as_deref(), r.query.as_deref()), (Some("azure//"), None));
        let errors: Vec<(&str, &str)> =
            parsed.errors.iter().map(|e| (e.path.as_str(), e.reason.as_str())).collect();
        assert_eq!(errors[0], ("rules/b.yml", "no `id`; skipped"));
        assert_eq!(errors[1].0, "rules/c.yml");
        assert_eq!(errors[2], ("rules/d.yml", "x1: this id was already read from another rule; skipped"));
    }

    #[test]
    fn a_collection_gives_one_rule_per_concrete_document() {
        // Given a global document with the id and tags, and two log sources
        let file = "action: global\ntitle: Remote Thing\nid: g1\ntags:\n  - attack.t1543.003\n\
                    detection:\n  condition: sel\n---\nlogsource:\n  product: windows\n  service: security\n\
                    detection:\n  sel:\n    EventID: 4697\n---\nlogsource:\n  product: windows\n  service: system\n\
                    detection:\n  sel:\n    EventID: 7045\n";
        let parsed = one("unsupported/windows/x.yml", file);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        // Then both inherit the title and technique; the second's id is numbered
        let [a, b] = parsed.rules.as_slice() else { panic!("{parsed:?}") };
        assert_eq!((a.source_id.as_str(), b.source_id.as_str()), ("g1", "g1#2"));
        assert!(a.title == "Remote Thing" && b.technique_ids == ["T1543.003"]);
        assert_eq!(b.logsource.as_deref(), Some("windows//system"));
        assert_eq!(b.query.as_deref(), Some("sel:\n  EventID: 7045\ncondition: sel"));
        assert!(
            b.raw.starts_with("action: global\n")
                && b.raw.contains("\n---\nlogsource:\n  product: windows\n  service: system")
        );
        assert!(!b.raw.contains("4697"));
    }

    #[test]
    fn only_rule_folders_are_wanted() {
        for p in [
            "rules/windows/a.yml",
            "rules-threat-hunting/x/b.yaml",
            "deprecated/c.yml",
            "unsupported/d.yml",
            "rules-compliance/e.yml",
        ] {
            assert!(wanted(p), "{p}");
        }
        for p in
            ["tests/a.yml", "rules/README.md", "rules.yml", ".github/workflows/a.yml", "other/rules/a.yml"]
        {
            assert!(!wanted(p), "{p}");
        }
    }
}
