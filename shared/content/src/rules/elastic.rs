//! Elastic detection-rules: `rules/**/*.toml` (including `rules/_deprecated/`) and
//! `rules_building_block/**/*.toml`, one rule per file: `[metadata]` and `[rule]`, with the
//! ATT&CK mapping in `[[rule.threat]]`.
//!
//! * `source_id` is `rule_id`; `title` is `name`; `level` is `severity` and `status` is
//!   `metadata.maturity` (`deprecated` marks it deprecated); `building_block_type` marks a
//!   building block; `date` is `metadata.creation_date`; `author` the authors joined by `, `.
//! * Technique ids are every `technique[].id` and `subtechnique[].id` of the MITRE ATT&CK
//!   threats, parents included as the rule lists them; tactics are the threats' tactic names
//!   (`Defense Evasion` → `defense-evasion`) and `Tactic: …` tags. Other frameworks' ids and
//!   every other tag go to `other_tags`.
//! * Platforms come from `OS: …` tags, or failing those from Windows-only index patterns
//!   (`winlogbeat-*`, `logs-windows.*`); shared ones (`logs-endpoint.*`, `auditbeat-*`) say
//!   nothing. `logsource` is the index patterns joined by `,`.
//! * Machine-learning rules have no query or index; that is fine.

use serde::Deserialize;

use super::{Sink, add, platform, tactic};
use crate::archive::TextFile;
use crate::templates::technique_id;

pub(crate) fn wanted(path: &str) -> bool {
    (path.starts_with("rules/") || path.starts_with("rules_building_block/")) && path.ends_with(".toml")
}

#[derive(Deserialize)]
struct File {
    #[serde(default)]
    metadata: Metadata,
    rule: Rule,
}

#[derive(Deserialize, Default)]
struct Metadata {
    maturity: Option<String>,
    creation_date: Option<String>,
}

#[derive(Deserialize)]
struct Rule {
    rule_id: String,
    name: String,
    description: Option<String>,
    severity: Option<String>,
    risk_score: Option<i64>,
    #[serde(rename = "type")]
    rule_type: Option<String>,
    language: Option<String>,
    query: Option<String>,
    #[serde(default)]
    index: Vec<String>,
    #[serde(default)]
    author: Vec<String>,
    #[serde(default)]
    references: Vec<String>,
    building_block_type: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    threat: Vec<Threat>,
}

#[derive(Deserialize)]
struct Threat {
    framework: Option<String>,
    tactic: Option<Tactic>,
    #[serde(default)]
    technique: Vec<Technique>,
}

#[derive(Deserialize)]
struct Tactic {
    name: Option<String>,
    id: Option<String>,
}

#[derive(Deserialize)]
struct Technique {
    id: String,
    #[serde(default)]
    subtechnique: Vec<Sub>,
}

#[derive(Deserialize)]
struct Sub {
    id: String,
}

fn some(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

pub(crate) fn parse(file: &TextFile, sink: &mut Sink) {
    sink.file();
    let File { metadata, rule } = match toml::from_str::<File>(&file.text) {
        Ok(f) => f,
        Err(e) => return sink.error(&file.path, e.message().to_owned() + &line_of(&file.text, e.span())),
    };
    let source_id = rule.rule_id.trim().to_owned();
    if source_id.is_empty() {
        return sink.error(&file.path, "an empty `rule_id`; skipped");
    }
    let mut r = sink.blank(file, source_id, rule.name.trim().to_owned());
    for threat in rule.threat {
        let attack = threat.framework.as_deref().is_none_or(|f| f.trim() == "MITRE ATT&CK");
        if let Some(t) = threat.tactic {
            match t.name.as_deref().and_then(tactic) {
                Some(name) if attack => add(&mut r.tactics, name),
                _ => t.id.or(t.name).into_iter().for_each(|x| add(&mut r.other_tags, x)),
            }
        }
        let ids = threat.technique.into_iter().flat_map(|t| {
            let subs: Vec<String> = t.subtechnique.into_iter().map(|s| s.id).collect();
            std::iter::once(t.id).chain(subs)
        });
        for id in ids {
            match technique_id(&id) {
                Some(id) if attack => add(&mut r.technique_ids, id),
                _ => add(&mut r.other_tags, id),
            }
        }
    }
    for tag in rule.tags {
        let tag = tag.trim().to_owned();
        let (key, value) = tag.split_once(':').map(|(k, v)| (k.trim(), v.trim())).unwrap_or(("", ""));
        if key.eq_ignore_ascii_case("tactic")
            && let Some(t) = tactic(value)
        {
            add(&mut r.tactics, t);
            continue;
        }
        if key.eq_ignore_ascii_case("os") {
            platform(value).into_iter().for_each(|p| add(&mut r.platforms, p));
        }
        if !tag.is_empty() {
            add(&mut r.other_tags, tag);
        }
    }
    if r.platforms.is_empty()
        && rule.index.iter().any(|i| i.starts_with("winlogbeat-") || i.starts_with("logs-windows."))
    {
        r.platforms.push("windows".into());
    }
    r.description = some(rule.description).unwrap_or_default();
    r.level = some(rule.severity);
    r.risk_score = rule.risk_score.and_then(|s| u32::try_from(s).ok());
    r.rule_type = some(rule.rule_type);
    r.language = some(rule.language);
    r.query = some(rule.query);
    r.logsource = (!rule.index.is_empty()).then(|| rule.index.join(","));
    r.author = Some(rule.author.join(", ")).filter(|a| !a.is_empty());
    r.references = rule.references.into_iter().filter_map(|s| some(Some(s))).collect();
    r.building_block = rule.building_block_type.is_some();
    r.status = some(metadata.maturity);
    r.deprecated = r.status.as_deref() == Some("deprecated");
    r.date = some(metadata.creation_date);
    r.raw = file.text.clone();
    sink.push(&file.path, r);
}

/// ` (line N)` for an error's position, when it has one.
fn line_of(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    span.map(|s| format!(" (line {})", text[..s.start.min(text.len())].lines().count().max(1)))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{ParsedRules, parse_rules};
    use domain::content::RuleOrigin;

    const RULE: &str = r#"[metadata]
creation_date = "2023/01/11"
maturity = "production"

[rule]
author = ["Elastic", "Someone"]
description = """
Detects a thing.
"""
index = ["winlogbeat-*", "logs-endpoint.events.process-*"]
language = "eql"
name = "Suspicious Thing"
references = ["https://example.org/a"]
risk_score = 47
rule_id = "1dee0500-0000-4000-8000-000000000001"
severity = "medium"
tags = ["Domain: Endpoint", "OS: Windows", "Tactic: Execution", "Tactic: Not One"]
type = "eql"
query = '''
process where process.name : "outlook.exe"
'''

[[rule.threat]]
framework = "MITRE ATT&CK"
[[rule.threat.technique]]
id = "T1114"
name = "Email Collection"
[[rule.threat.technique.subtechnique]]
id = "T1114.001"
name = "Local Email Collection"

[rule.threat.tactic]
id = "TA0009"
name = "Collection"

[[rule.threat]]
framework = "MITRE ATLAS"
[[rule.threat.technique]]
id = "AML.T0051"
name = "LLM Prompt Injection"
[rule.threat.tactic]
id = "AML.TA0005"
name = "Execution"
"#;

    fn parse(files: &[(&str, &str)]) -> ParsedRules {
        let files: Vec<TextFile> =
            files.iter().map(|(p, t)| TextFile { path: (*p).into(), text: (*t).into() }).collect();
        parse_rules(RuleOrigin::Elastic, &files)
    }

    #[test]
    fn a_rule_keeps_its_fields_and_attack_mapping() {
        let parsed = parse(&[("rules/windows/a.toml", RULE)]);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let [r] = parsed.rules.as_slice() else { panic!("{parsed:?}") };
        assert_eq!(
            (r.source_id.as_str(), r.title.as_str()),
            ("1dee0500-0000-4000-8000-000000000001", "Suspicious Thing")
        );
        assert_eq!(r.technique_ids, ["T1114", "T1114.001"]);
        assert_eq!(r.tactics, ["collection", "execution"]);
        assert_eq!(
            r.other_tags,
            ["AML.TA0005", "AML.T0051", "Domain: Endpoint", "OS: Windows", "Tactic: Not One"]
        );
        assert_eq!(r.platforms, ["windows"]);
        assert_eq!(
            (r.level.as_deref(), r.risk_score, r.status.as_deref()),
            (Some("medium"), Some(47), Some("production"))
        );
        assert_eq!((r.rule_type.as_deref(), r.language.as_deref()), (Some("eql"), Some("eql")));
        assert_eq!(r.query.as_deref(), Some(r#"process where process.name : "outlook.exe""#));
        assert_eq!(r.logsource.as_deref(), Some("winlogbeat-*,logs-endpoint.events.process-*"));
        assert_eq!((r.author.as_deref(), r.date.as_deref()), (Some("Elastic, Someone"), Some("2023/01/11")));
        assert_eq!((r.description.as_str(), r.raw.as_str()), ("Detects a thing.", RULE));
        assert!(!r.deprecated && !r.building_block);
    }

    #[test]
    fn deprecated_building_block_and_machine_learning_rules() {
        let deprecated = "[metadata]\nmaturity = \"deprecated\"\n[rule]\nrule_id = \"d\"\nname = \"D\"\n\
                          index = [\"auditbeat-*\"]\ntype = \"query\"\nquery = \"x\"\n";
        let bbr = "[metadata]\nmaturity = \"production\"\n[rule]\nrule_id = \"b\"\nname = \"B\"\n\
                   building_block_type = \"default\"\ntags = [\"OS: macOS\"]\n";
        let ml = "[rule]\nrule_id = \"m\"\nname = \"M\"\ntype = \"machine_learning\"\n\
                  machine_learning_job_id = \"dns_tunneling_ea\"\nrisk_score = -1\n";
        let parsed = parse(&[
            ("rules/_deprecated/d.toml", deprecated),
            ("rules_building_block/b.toml", bbr),
            ("rules/ml/m.toml", ml),
        ]);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let [d, b, m] = parsed.rules.as_slice() else { panic!("{parsed:?}") };
        assert!(d.deprecated && !d.building_block && d.platforms.is_empty() && d.technique_ids.is_empty());
        assert!(b.building_block && !b.deprecated && b.platforms == ["macos"]);
        assert_eq!(
            (m.rule_type.as_deref(), m.query.as_deref(), m.logsource.as_deref()),
            (Some("machine_learning"), None, None)
        );
        assert_eq!((m.status.as_deref(), m.risk_score), (None, None));
    }

    #[test]
    fn broken_files_and_repeats_are_errors_and_the_rest_still_counts() {
        let nested = format!(
            "[rule]\nrule_id = \"n\"\nname = \"N\"\nx = {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let parsed = parse(&[
            ("rules/a.toml", "[rule]\nrule_id = \"a\"\nname = \"A\"\n"),
            ("rules/b.toml", "[rule]\nname = \"No id\"\n"),
            ("rules/c.toml", "[rule\nrule_id = \"c\"\n"),
            ("rules/d.toml", "[rule]\nrule_id = \"a\"\nname = \"Again\"\n"),
            ("rules/e.toml", &nested),
        ]);
        assert_eq!((parsed.files_read, parsed.rules.len()), (5, 1));
        let errors: Vec<(&str, &str)> =
            parsed.errors.iter().map(|e| (e.path.as_str(), e.reason.as_str())).collect();
        assert_eq!(errors[0].0, "rules/b.toml");
        assert!(errors[0].1.contains("rule_id"), "{}", errors[0].1);
        assert!(errors[1].0 == "rules/c.toml" && errors[1].1.contains("(line 1)"), "{:?}", errors[1]);
        assert_eq!(errors[2], ("rules/d.toml", "a: this id was already read from another rule; skipped"));
        assert_eq!(errors[3].0, "rules/e.toml");
        assert!(wanted("rules/_deprecated/a.toml") && wanted("rules_building_block/b.toml"));
        assert!(!wanted("hunting/a.toml") && !wanted("rules/a.md") && !wanted("etc/rules/a.toml"));
    }
}
