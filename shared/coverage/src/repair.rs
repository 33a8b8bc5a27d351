//! The nightly coverage repair. Coverage is kept by counters written with every test change
//! (`store::technique_coverage`); a few changes cannot be subtracted exactly (a deleted or
//! re-pointed validated test leaves its latest detection and rules behind where others remain),
//! and items from before the counters existed hold none. This job reads every test from the
//! base table (a Scan: an offline job, never a request path), derives each technique's coverage
//! and rewrites the items that differ, reporting how many drifted.

use domain::validation::{TechniqueCoverage, Test};
use std::collections::{BTreeMap, BTreeSet};
use store::StoreError;

/// What a repair found and fixed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepairReport {
    pub techniques_checked: usize,
    /// `domain/technique` of every item that was rewritten.
    pub drifted: Vec<String>,
    /// Tests whose recorded detection precedes their execution (left out of time to detect).
    pub impossible_detection_times: Vec<uuid::Uuid>,
}

/// The parts of a coverage that must agree (timestamps aside).
fn essence(c: &TechniqueCoverage) -> impl PartialEq + '_ {
    (c.status, &c.tests_by_state, c.tests_validated, c.latest_detection, &c.rules, &c.validated_platforms)
}

pub async fn repair(state: &platform::AppState) -> Result<RepairReport, StoreError> {
    let mut by_technique: BTreeMap<(String, String), Vec<Test>> = BTreeMap::new();
    let mut impossible = Vec::new();
    for test in store::validation::scan_all(&state.db).await? {
        if test.has_impossible_detection_time() {
            impossible.push(test.id);
        }
        by_technique.entry((test.domain.clone(), test.technique_id.clone())).or_default().push(test);
    }
    let domains: BTreeSet<String> = by_technique
        .keys()
        .map(|(d, _)| d.clone())
        .chain(domain::catalog::DOMAINS.iter().map(|d| d.to_string()))
        .collect();
    let mut report = RepairReport { impossible_detection_times: impossible, ..RepairReport::default() };
    if !report.impossible_detection_times.is_empty() {
        tracing::warn!(tests = ?report.impossible_detection_times, "tests record a detection before their execution");
    }
    for domain in domains {
        let stored = store::catalog::technique_index(&state.db, &domain).await?.coverage;
        // Techniques with tests, and techniques whose item counts tests that no longer exist.
        let techniques: BTreeSet<String> = by_technique
            .keys()
            .filter(|(d, _)| *d == domain)
            .map(|(_, t)| t.clone())
            .chain(stored.iter().filter(|(_, c)| c.tests_total > 0).map(|(t, _)| t.clone()))
            .collect();
        for technique in techniques {
            report.techniques_checked += 1;
            let tests = by_technique.get(&(domain.clone(), technique.clone())).map_or(&[][..], Vec::as_slice);
            let expected = TechniqueCoverage::from_tests(&domain, &technique, tests, chrono::Utc::now());
            if stored.get(&technique).is_some_and(|c| essence(c) == essence(&expected)) {
                continue;
            }
            store::technique_coverage::recompute(&state.db, &domain, &technique, tests).await?;
            report.drifted.push(format!("{domain}/{technique}"));
        }
    }
    if !report.drifted.is_empty() {
        tracing::warn!(drifted = report.drifted.len(), techniques = ?report.drifted, "coverage drift repaired");
    }
    Ok(report)
}
