//! What the controls' techniques look like now: each technique's name, coverage status and score
//! as the heatmap has them, and the coverage percentage of a set of techniques.

use chrono::Utc;
use domain::catalog::DEFAULT_DOMAIN;
use domain::validation::Coverage;
use std::collections::HashMap;
use web::{ApiError, AppState};

/// One technique as the analysis sees it.
#[derive(Debug, Clone)]
pub(crate) struct TechniqueNow {
    pub name: String,
    pub status: Coverage,
    pub score: f64,
}

/// Every technique of the Enterprise catalog by ATT&CK id: the heatmap's cells (status and
/// score as `/heatmap` shows them), and the catalog's other techniques (deprecated ones) as not
/// covered with no score.
pub(crate) async fn techniques_now(state: &AppState) -> Result<HashMap<String, TechniqueNow>, ApiError> {
    let matrix = coverage::load(state, DEFAULT_DOMAIN, &coverage::Filter::default(), Utc::now()).await?;
    let mut out: HashMap<String, TechniqueNow> = matrix
        .cells()
        .into_iter()
        .map(|(_, c)| {
            (c.attack_id.clone(), TechniqueNow { name: c.name.clone(), status: c.status, score: c.score })
        })
        .collect();
    let catalog = store::catalog_view::current(&state.db, DEFAULT_DOMAIN).await?;
    for t in &catalog.techniques {
        out.entry(t.attack_id.clone()).or_insert_with(|| TechniqueNow {
            name: t.name.clone(),
            status: Coverage::NotCovered,
            score: 0.0,
        });
    }
    Ok(out)
}

/// Validated techniques count 1, partial ones 0.5, in progress and not covered 0; the sum over
/// the mapped techniques, in percent, to one decimal. `None` for no mapped technique.
pub(crate) fn coverage_pct(validated: u32, partial: u32, mapped: u32) -> Option<f64> {
    (mapped > 0).then(|| {
        domain::scoring::round1(100.0 * (f64::from(validated) + 0.5 * f64::from(partial)) / f64::from(mapped))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validated_counts_one_and_partial_half() {
        assert_eq!(coverage_pct(1, 1, 4), Some(37.5));
        assert_eq!(coverage_pct(0, 0, 3), Some(0.0));
        assert_eq!(coverage_pct(2, 1, 3), Some(83.3));
        assert_eq!(coverage_pct(0, 0, 0), None);
    }
}
