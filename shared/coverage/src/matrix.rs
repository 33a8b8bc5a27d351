//! The ATT&CK matrix with coverage and scores: tactics in matrix order, their techniques with
//! sub-techniques nested, each with status, score, colour and test counts.

use chrono::{DateTime, Utc};
use domain::catalog::{Tactic, Technique, ThreatActor};
use domain::scoring::{self, Components, Weights};
use domain::validation::{Coverage, TechniqueCoverage, TestState};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use store::{Db, StoreError, catalog};
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TechniqueCell {
    pub attack_id: String,
    pub name: String,
    pub status: Coverage,
    pub score: f64,
    /// Hex colour of the status (see [`color`]).
    pub color: String,
    pub tests_total: u32,
    pub tests_validated: u32,
    pub platforms: Vec<String>,
    pub components: Components,
    /// The technique itself does not match the filter: it is shown only as the parent of
    /// sub-techniques that do, and is left out of counts, scores and [`Matrix::cells`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub context_only: bool,
    // A cell holds cells: without this the schema collection would recurse forever.
    #[schema(no_recursion)]
    pub subtechniques: Vec<TechniqueCell>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TacticColumn {
    pub id: String,
    pub name: String,
    pub shortname: String,
    /// Mean score of the tactic's techniques and sub-techniques shown.
    pub score: f64,
    pub techniques: Vec<TechniqueCell>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Matrix {
    pub domain: String,
    pub attack_version: Option<String>,
    pub weights: Weights,
    /// Mean of the tactic scores.
    pub org_score: f64,
    /// Techniques and sub-techniques shown, per status.
    pub counts: BTreeMap<String, u32>,
    pub tactics: Vec<TacticColumn>,
    /// DynamoDB items read to build it.
    pub items_read: usize,
    /// Tests of the domain per workflow state, summed over every technique's counters.
    pub tests_by_state: BTreeMap<String, u64>,
}

/// Status colours, colour-blind safe, as the SPA and Navigator layers show them.
pub fn color(status: Coverage) -> &'static str {
    match status {
        Coverage::Validated => "#1a9850",
        Coverage::Partial => "#fee08b",
        Coverage::InProgress => "#74add1",
        Coverage::NotCovered => "#d73027",
    }
}

pub fn status_name(status: Coverage) -> &'static str {
    match status {
        Coverage::Validated => "validated",
        Coverage::Partial => "partial",
        Coverage::InProgress => "in_progress",
        Coverage::NotCovered => "not_covered",
    }
}

/// Every coverage status with a count of zero, so that reports always carry all four.
pub fn zero_counts() -> BTreeMap<String, u32> {
    [Coverage::Validated, Coverage::Partial, Coverage::InProgress, Coverage::NotCovered]
        .iter()
        .map(|s| (status_name(*s).to_owned(), 0))
        .collect()
}

/// Which techniques to show.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub platform: Option<String>,
    /// Only techniques this actor uses (MITRE's mappings and custom ones); [`load`] resolves it
    /// into `only`.
    pub threat_actor: Option<String>,
    pub tactic: Option<String>,
    pub status: Option<Coverage>,
    /// Only techniques of this set (e.g. an imported Navigator layer).
    pub only: Option<HashSet<String>>,
}

/// The weights in force: an admin's runtime choice, else the configuration's.
pub async fn weights(state: &platform::AppState) -> Result<Weights, StoreError> {
    Ok(store::coverage::weights(&state.db).await?.unwrap_or(state.config.scoring_weights))
}

/// The techniques a threat actor uses: MITRE's mappings plus custom ones (one query of its
/// custom mappings; the actor comes from the caller's catalog copy).
pub async fn actor_techniques(
    db: &Db,
    domain: &str,
    actor: &ThreatActor,
) -> Result<HashSet<String>, StoreError> {
    let mut set: HashSet<String> = actor.technique_ids.iter().cloned().collect();
    set.extend(
        catalog::mappings_of_actor(db, domain, &actor.attack_id).await?.into_iter().map(|m| m.technique_id),
    );
    Ok(set)
}

/// Builds the matrix for `domain` with `filter`.
pub async fn load(
    state: &platform::AppState,
    domain: &str,
    filter: &Filter,
    now: DateTime<Utc>,
) -> Result<Matrix, StoreError> {
    let weights = weights(state).await?;
    let index = catalog::technique_index(&state.db, domain).await?;
    // The weights' item, then what the catalog read took (its version, coverage, and the whole
    // catalog only when this process's copy was out of date).
    let items_read = 1 + index.items_read;
    let version = index.view.attack_version.clone();
    let tactics = index.view.tactics.clone();
    let mut filter = filter.clone();
    if let Some(actor) = &filter.threat_actor {
        let record = index.view.actors.get(actor).ok_or(StoreError::NotFound)?;
        let used = actor_techniques(&state.db, domain, record).await?;
        filter.only = Some(match filter.only.take() {
            Some(only) => only.intersection(&used).cloned().collect(),
            None => used,
        });
    }
    let d3fend = crate::d3fend::shares(&state.db, domain).await?;
    let mut m = build(
        domain,
        version,
        weights,
        tactics,
        index.techniques(),
        &index.coverage,
        &d3fend,
        &filter,
        now,
        items_read,
    );
    m.tests_by_state = tests_by_state(index.coverage.values());
    Ok(m)
}

/// Tests per workflow state over `coverage` (every state present, zero included).
pub fn tests_by_state<'a>(coverage: impl Iterator<Item = &'a TechniqueCoverage>) -> BTreeMap<String, u64> {
    let mut out: BTreeMap<String, u64> = TestState::ALL.iter().map(|s| (s.as_str().to_owned(), 0)).collect();
    for c in coverage {
        for (state, n) in &c.tests_by_state {
            *out.entry(state.clone()).or_default() += u64::from(*n);
        }
    }
    out
}

/// The pure part of [`load`].
#[allow(clippy::too_many_arguments)]
pub fn build(
    domain: &str,
    attack_version: Option<String>,
    weights: Weights,
    mut tactics: Vec<Tactic>,
    techniques: &[Technique],
    coverage: &HashMap<String, TechniqueCoverage>,
    d3fend: &HashMap<String, f64>,
    filter: &Filter,
    now: DateTime<Utc>,
    items_read: usize,
) -> Matrix {
    tactics.retain(|t| t.lifecycle.is_active());
    tactics.sort_by_key(|t| t.order);
    let platform = filter.platform.as_ref().map(|p| p.to_lowercase());
    let cell = |t: &Technique| {
        let cov = coverage.get(&t.attack_id);
        let status = cov.map_or(Coverage::NotCovered, |c| c.status);
        let components = scoring::components(cov, t.platforms.len(), d3fend.get(&t.attack_id).copied(), now);
        TechniqueCell {
            attack_id: t.attack_id.clone(),
            name: t.name.clone(),
            status,
            score: scoring::score(&components, &weights),
            color: color(status).into(),
            tests_total: cov.map_or(0, |c| c.tests_total),
            tests_validated: cov.map_or(0, |c| c.tests_validated),
            platforms: t.platforms.clone(),
            components,
            context_only: false,
            subtechniques: Vec::new(),
        }
    };
    let shown = |t: &Technique| {
        t.lifecycle.is_active()
            && platform.as_ref().is_none_or(|p| t.platforms.iter().any(|x| x.to_lowercase() == *p))
            && filter.only.as_ref().is_none_or(|s| s.contains(&t.attack_id))
            && filter
                .status
                .is_none_or(|s| coverage.get(&t.attack_id).map_or(Coverage::NotCovered, |c| c.status) == s)
    };
    let mut counts = zero_counts();
    let mut columns = Vec::new();
    for tactic in tactics {
        if filter.tactic.as_ref().is_some_and(|f| f != &tactic.shortname && f != &tactic.id) {
            continue;
        }
        let mut cells = Vec::new();
        let mut scores = Vec::new();
        for parent in
            techniques.iter().filter(|t| !t.is_subtechnique && t.tactics.contains(&tactic.shortname))
        {
            let subs: Vec<TechniqueCell> = techniques
                .iter()
                .filter(|s| s.is_subtechnique && s.parent_id.as_deref() == Some(parent.attack_id.as_str()))
                .filter(|s| s.tactics.contains(&tactic.shortname) && shown(s))
                .map(cell)
                .collect();
            let parent_shown = shown(parent);
            if !parent_shown && subs.is_empty() {
                continue;
            }
            let mut c = cell(parent);
            scores.extend(subs.iter().map(|s| s.score));
            if parent_shown {
                scores.push(c.score);
            }
            c.context_only = !parent_shown;
            c.subtechniques = subs;
            cells.push(c);
        }
        columns.push(TacticColumn {
            id: tactic.id,
            name: tactic.name,
            shortname: tactic.shortname,
            score: scoring::mean(scores),
            techniques: cells,
        });
    }
    let mut m = Matrix {
        domain: domain.into(),
        attack_version,
        weights,
        org_score: 0.0,
        counts: BTreeMap::new(),
        tactics: columns,
        items_read,
        tests_by_state: BTreeMap::new(),
    };
    // Each technique counts once, however many tactics show it.
    for (_, c) in m.cells() {
        *counts.get_mut(status_name(c.status)).unwrap() += 1;
    }
    m.counts = counts;
    m.org_score = scoring::mean(m.tactics.iter().filter(|c| !c.techniques.is_empty()).map(|c| c.score));
    m
}

impl Matrix {
    /// Every technique and sub-technique that matches the filter, once, with its first tactic
    /// (parents shown only for their sub-techniques are not among them).
    pub fn cells(&self) -> Vec<(&TacticColumn, &TechniqueCell)> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for col in &self.tactics {
            for c in col.techniques.iter().flat_map(|c| std::iter::once(c).chain(c.subtechniques.iter())) {
                if !c.context_only && seen.insert(c.attack_id.as_str()) {
                    out.push((col, c));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn technique(id: &str, parent: Option<&str>) -> Technique {
        serde_json::from_value(json!({
            "attack_id": id, "name": id, "description": "", "tactics": ["execution"],
            "platforms": ["Windows"], "data_sources": [], "detection": null, "url": null,
            "is_subtechnique": parent.is_some(), "parent_id": parent, "mitigation_ids": [],
            "actor_ids": [], "detection_strategy_ids": [], "domain": "enterprise-attack",
            "custom": false, "attack_version": "18.1", "modified": null
        }))
        .unwrap()
    }

    fn matrix(filter: &Filter) -> Matrix {
        let tactic: Tactic = serde_json::from_value(json!({
            "id": "TA0002", "name": "Execution", "shortname": "execution", "description": "",
            "url": null, "order": 0, "domain": "enterprise-attack"
        }))
        .unwrap();
        let techniques =
            [technique("T1059", None), technique("T1059.001", Some("T1059")), technique("T1106", None)];
        let validated: TechniqueCoverage = serde_json::from_value(json!({
            "attack_id": "T1059.001", "domain": "enterprise-attack", "status": "validated",
            "tests_total": 1, "tests_validated": 1, "updated_at": "2026-11-01T00:00:00Z"
        }))
        .unwrap();
        let coverage = HashMap::from([("T1059.001".to_string(), validated)]);
        build(
            "enterprise-attack",
            None,
            Weights::default(),
            vec![tactic],
            &techniques,
            &coverage,
            &HashMap::new(),
            filter,
            Utc::now(),
            0,
        )
    }

    #[test]
    fn unfiltered_matrix_counts_every_technique_once() {
        let m = matrix(&Filter::default());
        assert_eq!(m.cells().len(), 3);
        assert_eq!((m.counts["validated"], m.counts["not_covered"]), (1, 2));
        assert!(m.cells().iter().all(|(_, c)| !c.context_only));
    }

    #[test]
    fn parent_shown_only_for_a_matching_subtechnique_is_not_counted() {
        let only = Some(HashSet::from(["T1059.001".to_string()]));
        let m = matrix(&Filter { only, ..Default::default() });
        let parent = &m.tactics[0].techniques[0];
        assert_eq!((parent.attack_id.as_str(), parent.context_only), ("T1059", true));
        assert_eq!(parent.subtechniques.len(), 1);
        let ids: Vec<&str> = m.cells().iter().map(|(_, c)| c.attack_id.as_str()).collect();
        assert_eq!(ids, ["T1059.001"]);
        assert_eq!((m.counts["validated"], m.counts["not_covered"]), (1, 0));
        assert_eq!(m.tactics[0].score, parent.subtechniques[0].score);
        let layer = crate::layer::export(&m, "x", "", &[]);
        let entries = layer["techniques"].as_array().unwrap();
        assert_eq!(entries.len(), 2);
        assert!(entries[0].get("score").is_none(), "the context-only parent carries no score");
    }

    #[test]
    fn status_filter_keeps_parents_of_matching_subtechniques_out_of_the_counts() {
        let m = matrix(&Filter { status: Some(Coverage::NotCovered), ..Default::default() });
        let ids: Vec<&str> = m.cells().iter().map(|(_, c)| c.attack_id.as_str()).collect();
        assert_eq!(ids, ["T1059", "T1106"]);
        assert_eq!(m.counts["not_covered"], 2);
        assert_eq!(m.counts["validated"], 0);
    }
}
