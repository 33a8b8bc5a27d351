//! The D3FEND score component's input: for each ATT&CK technique, the share of the current
//! countermeasures that counter it which the organisation marked deployed.

use domain::d3fend::deployed_share;
use std::collections::HashMap;
use store::{Db, StoreError};

/// Share (0-100) per ATT&CK id that D3FEND counters; techniques it does not name are absent.
/// Two reads: the countermeasure collection's version (the collection is cached per process)
/// and the deployment marks.
pub async fn shares(db: &Db, domain: &str) -> Result<HashMap<String, f64>, StoreError> {
    if domain != domain::catalog::DEFAULT_DOMAIN {
        // D3FEND maps Enterprise ATT&CK only.
        return Ok(HashMap::new());
    }
    let view = store::d3fend::view(db).await?;
    let deployments = store::d3fend::deployments(db).await?;
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for c in view.entries.iter().filter(|c| !c.retired) {
        let deployed = deployments.get(&c.content.technique.id).is_some_and(|d| d.deployed);
        for attack_id in &c.content.attack_ids {
            let e = counts.entry(attack_id.as_str()).or_default();
            e.0 += 1;
            e.1 += usize::from(deployed);
        }
    }
    Ok(counts
        .into_iter()
        .filter_map(|(id, (relevant, deployed))| {
            deployed_share(relevant, deployed).map(|s| (id.to_owned(), s))
        })
        .collect())
}
