//! A DeTT&CT technique administration file (format 1.2, `file_type: technique-administration`)
//! from validated results, so detection engineers can take Aegis's evidence into DeTT&CT.
//!
//! Per technique with at least one validated test, scored from its latest validated detection:
//!
//! | latest validated detection | detection score (-1..5) | visibility score (0..4) |
//! |---|---|---|
//! | prevented | 5 (excellent) | 4 (excellent) |
//! | alerted, ≥ 2 rules seen firing | 4 (very good) | 3 (good) |
//! | alerted | 3 (good) | 3 (good) |
//! | logged only | 0 (forensics / context) | 2 (medium) |
//! | not detected | -1 (none) | 0 (none) |
//!
//! The scores' date is the latest validation's; `location` names the detection rules that fired
//! in validated tests (or `Aegis` when none was recorded).

use domain::catalog::Technique;
use domain::validation::{Detection, TechniqueCoverage};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Serialize)]
pub struct AdministrationFile {
    pub version: f32,
    pub file_type: &'static str,
    pub name: String,
    pub domain: String,
    pub platform: Vec<String>,
    pub techniques: Vec<TechniqueEntry>,
}

#[derive(Debug, Serialize)]
pub struct TechniqueEntry {
    pub technique_id: String,
    pub technique_name: String,
    pub detection: DetectionEntry,
    pub visibility: Visibility,
}

/// DeTT&CT's `detection` object.
#[derive(Debug, Serialize)]
pub struct DetectionEntry {
    pub applicable_to: Vec<String>,
    pub location: Vec<String>,
    pub comment: String,
    pub score_logbook: Vec<Score>,
}

#[derive(Debug, Serialize)]
pub struct Visibility {
    pub applicable_to: Vec<String>,
    pub comment: String,
    pub score_logbook: Vec<Score>,
}

#[derive(Debug, Serialize)]
pub struct Score {
    pub date: String,
    pub score: i8,
    pub comment: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_generated: Option<bool>,
}

/// (detection, visibility) scores of a latest validated detection and the number of distinct
/// rules seen firing.
pub fn scores(detection: Detection, rules_fired: usize) -> (i8, i8) {
    match detection {
        Detection::Prevented => (5, 4),
        Detection::Alerted if rules_fired >= 2 => (4, 3),
        Detection::Alerted => (3, 3),
        Detection::Logged => (0, 2),
        Detection::None | Detection::NotApplicable => (-1, 0),
    }
}

/// The file for every validated technique of `coverage`; `rule_titles` names rules by id.
pub fn build(
    name: &str,
    domain: &str,
    techniques: &[Technique],
    coverage: &HashMap<String, TechniqueCoverage>,
    rule_titles: &HashMap<String, String>,
) -> AdministrationFile {
    let mut entries = Vec::new();
    for t in techniques {
        let Some(c) = coverage.get(&t.attack_id) else { continue };
        let (Some(detection), Some(at)) = (c.latest_detection, c.latest_validated_at) else { continue };
        let (d, v) = scores(detection, c.rules.len());
        let date = at.format("%Y-%m-%d").to_string();
        let mut location: Vec<String> =
            c.rules.iter().map(|r| rule_titles.get(r).cloned().unwrap_or_else(|| r.clone())).collect();
        location.sort();
        if location.is_empty() {
            location.push("Aegis".into());
        }
        let comment = format!("{} of {} tests validated in Aegis", c.tests_validated, c.tests_total);
        entries.push(TechniqueEntry {
            technique_id: t.attack_id.clone(),
            technique_name: t.name.clone(),
            detection: DetectionEntry {
                applicable_to: vec!["all".into()],
                location,
                comment: comment.clone(),
                score_logbook: vec![Score {
                    date: date.clone(),
                    score: d,
                    comment: String::new(),
                    auto_generated: None,
                }],
            },
            visibility: Visibility {
                applicable_to: vec!["all".into()],
                comment,
                score_logbook: vec![Score {
                    date,
                    score: v,
                    comment: String::new(),
                    auto_generated: Some(true),
                }],
            },
        });
    }
    entries.sort_by(|a, b| a.technique_id.cmp(&b.technique_id));
    AdministrationFile {
        version: 1.2,
        file_type: "technique-administration",
        name: name.to_owned(),
        domain: domain.to_owned(),
        platform: vec!["all".into()],
        techniques: entries,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_follow_the_documented_table() {
        assert_eq!(scores(Detection::Prevented, 0), (5, 4));
        assert_eq!(scores(Detection::Alerted, 2), (4, 3));
        assert_eq!(scores(Detection::Alerted, 1), (3, 3));
        assert_eq!(scores(Detection::Logged, 0), (0, 2));
        assert_eq!(scores(Detection::None, 0), (-1, 0));
    }
}
