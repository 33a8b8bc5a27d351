//! Scores from 0 to 100 for techniques, tactics, threat actors and the organisation, from five
//! weighted components (docs/SCORING.md has the formula and a worked example):
//!
//! | component | from | value |
//! |---|---|---|
//! | tests | best outcome of the latest validated test | prevented 100, alerted 85, logged 40, none 0; no validated test 0 |
//! | detection rules | distinct alerts/rules that fired in validated tests | 50 per rule, at most 100 |
//! | D3FEND | defensive techniques mapped to it | not available until D3FEND data is loaded |
//! | freshness | age of the latest validation | 100 up to 30 days, falling linearly to 0 at 365 days |
//! | platform diversity | validated platforms / the technique's platforms | 0-100 |
//!
//! A component that is not available is left out and its weight is shared among the others:
//! score = Σ weight × value / Σ weight over the available components.

use crate::validation::{Detection, TechniqueCoverage};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Weights of the five components (each 0-100; at least one above 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Weights {
    pub tests: u32,
    pub detection_rules: u32,
    pub d3fend: u32,
    pub freshness: u32,
    pub platform_diversity: u32,
}

impl Default for Weights {
    /// The reference's defaults.
    fn default() -> Self {
        Self { tests: 40, detection_rules: 20, d3fend: 15, freshness: 15, platform_diversity: 10 }
    }
}

impl Weights {
    pub fn check(&self) -> Result<(), crate::DomainError> {
        let all = [self.tests, self.detection_rules, self.d3fend, self.freshness, self.platform_diversity];
        if all.iter().any(|w| *w > 100) {
            return Err(crate::DomainError::field("weights", "range", "each weight is 0-100"));
        }
        if all.iter().sum::<u32>() == 0 {
            return Err(crate::DomainError::field("weights", "zero", "at least one weight above 0"));
        }
        Ok(())
    }
}

/// The component values of one technique; `None` = not available.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Components {
    pub tests: f64,
    pub detection_rules: f64,
    pub d3fend: Option<f64>,
    pub freshness: f64,
    pub platform_diversity: f64,
}

pub const FRESH_DAYS: f64 = 30.0;
pub const STALE_DAYS: f64 = 365.0;

pub fn detection_value(d: Detection) -> f64 {
    match d {
        Detection::Prevented => 100.0,
        Detection::Alerted => 85.0,
        Detection::Logged => 40.0,
        Detection::None | Detection::NotApplicable => 0.0,
    }
}

/// Components of a technique from its materialised coverage (`None`: never tested) and the
/// share of its D3FEND countermeasures deployed (`None`: D3FEND names none for it).
pub fn components(
    cov: Option<&TechniqueCoverage>,
    technique_platforms: usize,
    d3fend: Option<f64>,
    now: DateTime<Utc>,
) -> Components {
    let Some(c) = cov else {
        return Components {
            tests: 0.0,
            detection_rules: 0.0,
            d3fend,
            freshness: 0.0,
            platform_diversity: 0.0,
        };
    };
    let freshness = match c.latest_validated_at {
        None => 0.0,
        Some(at) => {
            let days = (now - at).num_seconds() as f64 / 86_400.0;
            if days <= FRESH_DAYS {
                100.0
            } else if days >= STALE_DAYS {
                0.0
            } else {
                100.0 * (STALE_DAYS - days) / (STALE_DAYS - FRESH_DAYS)
            }
        }
    };
    let wanted = technique_platforms.max(1) as f64;
    Components {
        tests: c.latest_detection.map(detection_value).unwrap_or(0.0),
        detection_rules: (50.0 * c.rules.len() as f64).min(100.0),
        d3fend,
        freshness,
        platform_diversity: (100.0 * c.validated_platforms.len() as f64 / wanted).min(100.0),
    }
}

/// The weighted score, rounded to one decimal.
pub fn score(c: &Components, w: &Weights) -> f64 {
    let parts = [
        (Some(c.tests), w.tests),
        (Some(c.detection_rules), w.detection_rules),
        (c.d3fend, w.d3fend),
        (Some(c.freshness), w.freshness),
        (Some(c.platform_diversity), w.platform_diversity),
    ];
    let (sum, weight) = parts
        .iter()
        .filter_map(|(v, w)| v.map(|v| (v * *w as f64, *w as f64)))
        .fold((0.0, 0.0), |(s, t), (v, w)| (s + v, t + w));
    if weight == 0.0 { 0.0 } else { round1(sum / weight) }
}

/// Mean of scores (a tactic, an actor, the organisation); 0 when empty.
pub fn mean(scores: impl IntoIterator<Item = f64>) -> f64 {
    let (sum, n) = scores.into_iter().fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    if n == 0 { 0.0 } else { round1(sum / n as f64) }
}

pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::Coverage;

    fn cov(
        detection: Detection,
        days_ago: i64,
        rules: usize,
        platforms: &[&str],
        now: DateTime<Utc>,
    ) -> TechniqueCoverage {
        TechniqueCoverage {
            attack_id: "T1".into(),
            domain: "enterprise-attack".into(),
            status: Coverage::Validated,
            tests_total: 1,
            tests_validated: 1,
            tests_by_state: [("validated".to_owned(), 1)].into(),
            latest_detection: Some(detection),
            latest_validated_at: Some(now - chrono::Duration::days(days_ago)),
            rules: (0..rules).map(|i| format!("r{i}")).collect(),
            validated_platforms: platforms.iter().map(|p| p.to_string()).collect(),
            updated_at: now,
        }
    }

    #[test]
    fn the_worked_example_of_docs_scoring() {
        // alerted (85), one rule (50), validated 100 days ago, 1 of 2 platforms, D3FEND unavailable
        let now = Utc::now();
        let c = components(Some(&cov(Detection::Alerted, 100, 1, &["Windows"], now)), 2, None, now);
        assert_eq!(c.tests, 85.0);
        assert_eq!(c.detection_rules, 50.0);
        assert!((c.freshness - 100.0 * 265.0 / 335.0).abs() < 1e-9);
        assert_eq!(c.platform_diversity, 50.0);
        // (40*85 + 20*50 + 15*79.104... + 10*50) / (40+20+15+10) = 6086.57 / 85 = 71.6
        assert_eq!(score(&c, &Weights::default()), 71.6);
        // tests only
        let w = Weights { tests: 1, detection_rules: 0, d3fend: 0, freshness: 0, platform_diversity: 0 };
        assert_eq!(score(&c, &w), 85.0);
        // an unavailable component with all the weight: nothing to score on
        let w = Weights { tests: 0, detection_rules: 0, d3fend: 100, freshness: 0, platform_diversity: 0 };
        assert_eq!(score(&c, &w), 0.0);
        // with D3FEND: 1 of its 4 countermeasures deployed (25) joins with its weight:
        // (6086.57 + 15*25) / (85 + 15) = 64.6
        let with = components(Some(&cov(Detection::Alerted, 100, 1, &["Windows"], now)), 2, Some(25.0), now);
        assert_eq!(score(&with, &Weights::default()), 64.6);
    }

    #[test]
    fn untested_techniques_score_zero_and_weights_are_checked() {
        let now = Utc::now();
        assert_eq!(score(&components(None, 3, None, now), &Weights::default()), 0.0);
        let stale = components(Some(&cov(Detection::Prevented, 400, 0, &[], now)), 1, None, now);
        assert_eq!(stale.freshness, 0.0);
        assert!(Weights { tests: 101, ..Weights::default() }.check().is_err());
        assert!(
            Weights { tests: 0, detection_rules: 0, d3fend: 0, freshness: 0, platform_diversity: 0 }
                .check()
                .is_err()
        );
        assert_eq!(mean([50.0, 100.0, 0.0]), 50.0);
        assert_eq!(mean([]), 0.0);
    }
}
