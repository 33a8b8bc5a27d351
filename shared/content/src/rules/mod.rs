//! Detection rules from the two public rule sources, read from their repositories' files in the
//! upstream layout ([`wanted_rule_path`] says which files a source needs): Sigma's YAML
//! ([`sigma`]) and Elastic's detection-rules TOML ([`elastic`]).
//!
//! Every rule keeps the id its source gives it (Sigma `id`, Elastic `rule_id`) as `source_id`,
//! its ATT&CK technique ids upper case, its tactics as ATT&CK short names (`defense-evasion`),
//! and whatever else it is tagged with in `other_tags`. A rule that names no technique is kept
//! (unmapped); whether a technique exists in the catalog, or was revoked, is for the caller to
//! check. A file that does not parse, a rule without an id, and a repeated `source_id` (the first
//! is kept) are reported in [`ParsedRules::errors`] with the file's path; the rest still counts.

mod collection;
pub mod elastic;
pub mod sigma;

use std::collections::HashSet;

use domain::content::{RuleContent, RuleOrigin, SourceRunError};
use sha2::{Digest, Sha256};

use crate::archive::TextFile;

/// What one rule source's files gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedRules {
    pub rules: Vec<RuleContent>,
    pub errors: Vec<SourceRunError>,
    /// Files looked at (including those that failed).
    pub files_read: usize,
}

/// Whether a file of a rule source's repository holds rules.
pub fn wanted_rule_path(origin: RuleOrigin, path: &str) -> bool {
    match origin {
        RuleOrigin::Sigma => sigma::wanted(path),
        RuleOrigin::Elastic => elastic::wanted(path),
        RuleOrigin::Custom => false,
    }
}

/// Parses the files of one rule source. Every file given is read as that source's kind (a
/// single uploaded file need not sit at its upstream path); custom rules are not imported.
pub fn parse_rules(origin: RuleOrigin, files: &[TextFile]) -> ParsedRules {
    let mut sink = Sink::new(origin);
    match origin {
        RuleOrigin::Sigma => files.iter().for_each(|f| sigma::parse(f, &mut sink)),
        RuleOrigin::Elastic => files.iter().for_each(|f| elastic::parse(f, &mut sink)),
        RuleOrigin::Custom => {}
    }
    sink.parsed
}

/// Hex SHA-256 of the content's canonical JSON (serde_json writes fields in declaration order,
/// so the same content always gives the same hash).
pub fn rule_hash(content: &RuleContent) -> String {
    let json = serde_json::to_vec(content).expect("rule content serialises");
    hex::encode(Sha256::digest(json))
}

/// ATT&CK Enterprise tactics by short name, with the two that v19 split out of Defense Evasion
/// (`stealth`, `defense-impairment`: current Sigma rules already use them).
const TACTICS: [&str; 16] = [
    "reconnaissance",
    "resource-development",
    "initial-access",
    "execution",
    "persistence",
    "privilege-escalation",
    "defense-evasion",
    "credential-access",
    "discovery",
    "lateral-movement",
    "collection",
    "command-and-control",
    "exfiltration",
    "impact",
    "stealth",
    "defense-impairment",
];

/// A tactic's short name from the ways sources write it (`defense_evasion`, `Defense Evasion`,
/// `command-and-control`); `None` for anything that is not a known tactic.
pub(crate) fn tactic(raw: &str) -> Option<String> {
    let name: String =
        raw.trim().chars().map(|c| if c == '_' || c == ' ' { '-' } else { c.to_ascii_lowercase() }).collect();
    TACTICS.contains(&name.as_str()).then_some(name)
}

/// Adds `item` unless it is already there (sources repeat tags; order is the source's).
pub(crate) fn add(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// Collects rules and errors, dropping repeats.
pub(crate) struct Sink {
    origin: RuleOrigin,
    parsed: ParsedRules,
    seen: HashSet<String>,
}

impl Sink {
    fn new(origin: RuleOrigin) -> Self {
        Sink { origin, parsed: ParsedRules::default(), seen: HashSet::new() }
    }

    /// Counts a file as read.
    pub fn file(&mut self) {
        self.parsed.files_read += 1;
    }

    pub fn error(&mut self, path: &str, reason: impl Into<String>) {
        self.parsed.errors.push(SourceRunError { path: path.to_owned(), reason: reason.into() });
    }

    /// A rule with every field empty but its identity, for the parsers to fill.
    pub fn blank(&self, file: &TextFile, source_id: String, title: String) -> RuleContent {
        RuleContent {
            source: self.origin,
            source_id,
            title,
            description: String::new(),
            technique_ids: Vec::new(),
            tactics: Vec::new(),
            level: None,
            status: None,
            risk_score: None,
            rule_type: None,
            language: None,
            query: None,
            logsource: None,
            platforms: Vec::new(),
            author: None,
            date: None,
            deprecated: false,
            building_block: false,
            references: Vec::new(),
            other_tags: Vec::new(),
            raw: String::new(),
            upstream_path: Some(file.path.clone()),
        }
    }

    pub fn push(&mut self, path: &str, rule: RuleContent) {
        if self.seen.insert(rule.source_id.clone()) {
            self.parsed.rules.push(rule);
        } else {
            self.error(
                path,
                format!("{}: this id was already read from another rule; skipped", rule.source_id),
            );
        }
    }
}

/// A platform in ATT&CK's vocabulary from a source's name for it (`windows`, `Windows`,
/// `macOS`); others (`azure`, `github`) give none.
pub(crate) fn platform(raw: &str) -> Option<String> {
    let p = raw.trim().to_ascii_lowercase();
    matches!(p.as_str(), "windows" | "linux" | "macos").then_some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tactics_are_read_in_every_spelling_and_others_refused() {
        for (raw, want) in [
            ("defense_evasion", "defense-evasion"),
            ("Defense Evasion", "defense-evasion"),
            ("Command and Control", "command-and-control"),
            (" persistence ", "persistence"),
            ("stealth", "stealth"),
        ] {
            assert_eq!(tactic(raw).as_deref(), Some(want), "{raw}");
        }
        for bad in ["t1059", "g0016", "ics", "", "defense evasion!"] {
            assert_eq!(tactic(bad), None, "{bad}");
        }
        assert_eq!(platform("macOS").as_deref(), Some("macos"));
        assert_eq!(platform("azure"), None);
    }

    #[test]
    fn the_hash_changes_with_the_content_only_and_repeats_are_refused() {
        let mut sink = Sink::new(RuleOrigin::Sigma);
        let file = TextFile { path: "rules/a.yml".into(), text: String::new() };
        let a = sink.blank(&file, "x".into(), "A".into());
        let mut b = a.clone();
        assert_eq!(rule_hash(&a), rule_hash(&b));
        assert_eq!(rule_hash(&a).len(), 64);
        b.query = Some("q".into());
        assert_ne!(rule_hash(&a), rule_hash(&b));
        sink.push(&file.path, a);
        sink.push("rules/b.yml", b);
        assert_eq!(sink.parsed.rules.len(), 1);
        assert_eq!(sink.parsed.errors[0].path, "rules/b.yml");
        assert!(sink.parsed.errors[0].reason.contains("already read"));
    }
}
