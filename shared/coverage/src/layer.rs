//! ATT&CK Navigator layers (format 4.5): export of a matrix, import of any layer users have.

use crate::matrix::{Matrix, color, status_name};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The layer for a matrix: one entry per technique and tactic shown, scored and coloured as the
/// heatmap, with the status and test counts as metadata. Opens as-is in the Navigator.
pub fn export(m: &Matrix, name: &str, description: &str, platforms: &[String]) -> Value {
    let major = m.attack_version.as_deref().and_then(|v| v.split('.').next()).unwrap_or("18").to_owned();
    let mut techniques = Vec::new();
    for col in &m.tactics {
        for c in col.techniques.iter().flat_map(|c| std::iter::once(c).chain(c.subtechniques.iter())) {
            if c.context_only {
                // Outside the filter: unscored, there only to open onto its sub-techniques.
                techniques.push(json!({
                    "techniqueID": c.attack_id,
                    "tactic": col.shortname,
                    "enabled": true,
                    "showSubtechniques": true
                }));
                continue;
            }
            techniques.push(json!({
                "techniqueID": c.attack_id,
                "tactic": col.shortname,
                "score": c.score,
                "color": c.color,
                "comment": format!("{}: {} of {} tests validated", status_name(c.status), c.tests_validated, c.tests_total),
                "enabled": true,
                "metadata": [
                    { "name": "status", "value": status_name(c.status) },
                    { "name": "tests", "value": c.tests_total.to_string() },
                    { "name": "validated", "value": c.tests_validated.to_string() }
                ],
                "showSubtechniques": !c.subtechniques.is_empty()
            }));
        }
    }
    let legend: Vec<Value> = [
        domain::validation::Coverage::Validated,
        domain::validation::Coverage::Partial,
        domain::validation::Coverage::InProgress,
        domain::validation::Coverage::NotCovered,
    ]
    .iter()
    .map(|s| json!({ "label": status_name(*s), "color": color(*s) }))
    .collect();
    // The Navigator (and its readers) expect the platform filter; without a chosen platform it
    // lists every platform the shown techniques run on.
    let platforms: Vec<String> = if platforms.is_empty() {
        let mut all: Vec<String> = m.cells().iter().flat_map(|(_, c)| c.platforms.iter().cloned()).collect();
        all.sort();
        all.dedup();
        all
    } else {
        platforms.to_vec()
    };
    let filters = json!({ "platforms": platforms });
    json!({
        "name": name,
        "versions": { "attack": major, "navigator": "5.1.0", "layer": "4.5" },
        "domain": m.domain,
        "description": description,
        "filters": filters,
        "sorting": 0,
        "layout": { "layout": "side", "aggregateFunction": "average", "showID": true, "showName": true, "showAggregateScores": false, "countUnscored": false },
        "hideDisabled": false,
        "techniques": techniques,
        "gradient": { "colors": ["#d73027", "#fee08b", "#1a9850"], "minValue": 0, "maxValue": 100 },
        "legendItems": legend,
        "metadata": [{ "name": "org_score", "value": m.org_score.to_string() }],
        "showTacticRowBackground": false,
        "tacticRowBackground": "#dddddd",
        "selectTechniquesAcrossTactics": true,
        "selectSubtechniquesWithParent": false
    })
}

/// A layer scoring each technique by a count (detection rules per technique): every current
/// technique with a count above zero, in each of its tactics, coloured from light to dark up to
/// `full` (a count at or above it is the darkest).
pub fn counts_layer(
    name: &str,
    description: &str,
    domain: &str,
    attack_version: Option<&str>,
    techniques: &[&domain::catalog::Technique],
    counts: &BTreeMap<String, u32>,
    full: u32,
) -> Value {
    let major = attack_version.and_then(|v| v.split('.').next()).unwrap_or("18").to_owned();
    let mut entries = Vec::new();
    for t in techniques {
        let Some(n) = counts.get(&t.attack_id).copied().filter(|n| *n > 0) else { continue };
        for tactic in &t.tactics {
            entries.push(json!({
                "techniqueID": t.attack_id,
                "tactic": tactic,
                "score": n,
                "comment": format!("{n} detection rule{}", if n == 1 { "" } else { "s" }),
                "enabled": true,
                "showSubtechniques": false
            }));
        }
    }
    json!({
        "name": name,
        "versions": { "attack": major, "navigator": "5.1.0", "layer": "4.5" },
        "domain": domain,
        "description": description,
        "sorting": 3,
        "layout": { "layout": "side", "aggregateFunction": "max", "showID": true, "showName": true, "showAggregateScores": false, "countUnscored": false },
        "hideDisabled": false,
        "techniques": entries,
        "gradient": { "colors": ["#deebf7", "#08519c"], "minValue": 0, "maxValue": full.max(1) },
        "legendItems": [],
        "metadata": [],
        "showTacticRowBackground": false,
        "selectTechniquesAcrossTactics": true,
        "selectSubtechniquesWithParent": false
    })
}

/// What an imported layer holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub name: String,
    pub description: String,
    pub domain: String,
    /// ATT&CK id → score (the highest when the layer scores it under several tactics).
    pub techniques: BTreeMap<String, Option<f64>>,
}

#[derive(Deserialize)]
struct RawLayer {
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    domain: Option<String>,
    techniques: Vec<RawTechnique>,
}

#[derive(Deserialize)]
struct RawTechnique {
    #[serde(rename = "techniqueID")]
    technique_id: String,
    #[serde(default)]
    score: Option<Value>,
    #[serde(default)]
    enabled: Option<bool>,
}

/// Reads a Navigator layer (4.x, and the legacy 3.0 / 2.x ones that are still shared). Disabled
/// techniques are left out. Errors name what is wrong.
pub fn import(bytes: &[u8]) -> Result<Imported, String> {
    let raw: RawLayer = serde_json::from_slice(bytes).map_err(|e| format!("not a Navigator layer: {e}"))?;
    let domain = match raw.domain.as_deref() {
        // Legacy layers name the domain differently.
        Some("enterprise-attack" | "mitre-enterprise") | None => "enterprise-attack",
        Some("mobile-attack" | "mitre-mobile") => "mobile-attack",
        Some("ics-attack") => "ics-attack",
        Some(other) => return Err(format!("unknown layer domain `{other}`")),
    };
    let mut techniques: BTreeMap<String, Option<f64>> = BTreeMap::new();
    for t in raw.techniques {
        if t.enabled == Some(false) {
            continue;
        }
        let id = t.technique_id.trim().to_uppercase();
        if !valid_id(&id) {
            return Err(format!("`{}` is not an ATT&CK technique id", t.technique_id));
        }
        let score =
            t.score.as_ref().and_then(|s| s.as_f64().or_else(|| s.as_str().and_then(|x| x.parse().ok())));
        let entry = techniques.entry(id).or_insert(score);
        if let (Some(old), Some(new)) = (*entry, score) {
            *entry = Some(old.max(new));
        }
    }
    if techniques.is_empty() {
        return Err("the layer holds no enabled techniques".into());
    }
    Ok(Imported {
        name: raw.name.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| "Imported layer".into()),
        description: raw.description.unwrap_or_default(),
        domain: domain.into(),
        techniques,
    })
}

fn valid_id(id: &str) -> bool {
    let b = id.as_bytes();
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    match id.split_once('.') {
        None => b.len() >= 2 && b[0] == b'T' && digits(&b[1..]),
        Some((p, s)) => {
            p.len() >= 2 && p.starts_with('T') && digits(&p.as_bytes()[1..]) && digits(s.as_bytes())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layers_are_read_with_their_scores_and_bad_ones_named() {
        let l = br#"{"name":"APT","domain":"mitre-enterprise","techniques":[
            {"techniqueID":"T1059","score":3},{"techniqueID":"T1059","tactic":"execution","score":5},
            {"techniqueID":"t1003.001"},{"techniqueID":"T1105","enabled":false}]}"#;
        let i = import(l).unwrap();
        assert_eq!(i.domain, "enterprise-attack");
        assert_eq!(i.techniques.get("T1059"), Some(&Some(5.0)));
        assert_eq!(i.techniques.get("T1003.001"), Some(&None));
        assert!(!i.techniques.contains_key("T1105"));
        assert!(
            import(br#"{"techniques":[{"techniqueID":"'; DROP"}]}"#)
                .unwrap_err()
                .contains("not an ATT&CK technique id")
        );
        assert!(import(b"[]").is_err());
        assert!(import(br#"{"techniques":[]}"#).is_err());
    }
}
