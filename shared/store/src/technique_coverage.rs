//! A technique's coverage (`CAT#d#TECHNIQUE#T` / `COVERAGE`), kept exact by counters: every
//! write of a test carries, in its own transaction, an `ADD` per workflow state on the coverage
//! item of its technique (−1 for the state it leaves, +1 for the state it enters), and a test
//! that becomes validated sets the latest detection and adds its fired rules and platform to
//! sets. Nothing is read back from an index (GSIs are eventually consistent) and concurrent
//! writers on one technique cannot overwrite each other: DynamoDB serialises them, and a
//! cancelled transaction is retried (`Db::transact`). The status is derived when read. Every
//! write of a coverage item raises its shard's version in the same transaction, which is how
//! warm processes know which copies to read again (`coverage_view`).
//!
//! A validated test leaving a technique (deleted, re-pointed) lowers the counters but cannot take
//! back "latest" or the sets: `recompute` rewrites the item from the tests, as the daily repair
//! does for every technique.

use crate::db::Item;
use crate::{Db, StoreError, keys};
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem, Update};
use chrono::{DateTime, Utc};
use domain::validation::{Detection, TechniqueCoverage, Test, TestState, coverage_of};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The stored item: counters per state and what the latest validation left.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Stored {
    attack_id: String,
    domain: String,
    #[serde(default)]
    counts: BTreeMap<String, i64>,
    #[serde(default)]
    latest_detection: Option<Detection>,
    #[serde(default)]
    latest_validated_at: Option<DateTime<Utc>>,
    #[serde(default)]
    rule_set: Vec<String>,
    #[serde(default)]
    platform_set: Vec<String>,
    updated_at: DateTime<Utc>,
}

fn count_attr(state: TestState) -> String {
    format!("n_{}", state.as_str())
}

fn av<T: Serialize>(value: &T) -> Result<AttributeValue, StoreError> {
    serde_dynamo::to_attribute_value(value).map_err(Into::into)
}

fn key(domain: &str, technique: &str) -> (String, String) {
    (keys::catalog_pk(domain, keys::CatalogKind::Technique, technique), keys::coverage_sk())
}

/// One `UpdateItem` of a technique's coverage: `deltas` per state, and the facts of a test
/// that has just become validated.
fn update(
    db: &Db,
    domain: &str,
    technique: &str,
    deltas: &[(TestState, i64)],
    validated: Option<&Test>,
    latest_only: bool,
    now: DateTime<Utc>,
) -> Result<TransactWriteItem, StoreError> {
    let (pk, sk) = key(domain, technique);
    let mut names = HashMap::from([("#domain".to_owned(), "domain".to_owned())]);
    let mut values = HashMap::from([
        (":aid".to_owned(), AttributeValue::S(technique.to_owned())),
        (":domain".to_owned(), AttributeValue::S(domain.to_owned())),
        (":now".to_owned(), av(&now)?),
        (":entity".to_owned(), AttributeValue::S("coverage".into())),
        (":one".to_owned(), AttributeValue::N("1".into())),
    ]);
    let mut set = vec![
        "attack_id = :aid".to_owned(),
        "#domain = :domain".to_owned(),
        "updated_at = :now".to_owned(),
        "entity = :entity".to_owned(),
        "version = if_not_exists(version, :one)".to_owned(),
    ];
    let mut add = Vec::new();
    for (state, delta) in deltas {
        let (name, value) = (format!("#{}", count_attr(*state)), format!(":{}", count_attr(*state)));
        add.push(format!("{name} {value}"));
        names.insert(name, count_attr(*state));
        values.insert(value, AttributeValue::N(delta.to_string()));
    }
    if let Some(t) = validated {
        let at = t.validated_at.unwrap_or(now);
        set.push("latest_detection = :det".into());
        set.push("latest_validated_at = :vat".into());
        set.push("latest_validated_us = :vus".into());
        values.insert(":det".into(), av(&t.detection())?);
        values.insert(":vat".into(), av(&at)?);
        values.insert(":vus".into(), AttributeValue::N(at.timestamp_micros().to_string()));
        let mut rules = t.fired_rules();
        rules.sort();
        rules.dedup();
        if !rules.is_empty() {
            add.push("rule_set :rules".into());
            values.insert(":rules".into(), AttributeValue::Ss(rules));
        }
        if let Some(p) = t.detected_platform() {
            add.push("platform_set :platform".into());
            values.insert(":platform".into(), AttributeValue::Ss(vec![p.to_owned()]));
        }
    }
    let mut expression = format!("SET {}", set.join(", "));
    if !add.is_empty() {
        expression.push_str(&format!(" ADD {}", add.join(", ")));
    }
    let mut update = Update::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(pk))
        .key(keys::SK, AttributeValue::S(sk))
        .update_expression(expression);
    if validated.is_some() && latest_only {
        // The latest validation is the one validated last, not the one committed last: a
        // validation decided before another but committed after it fails here, and the
        // lifecycle service decides it again with a later time.
        update = update
            .condition_expression("attribute_not_exists(latest_validated_us) OR latest_validated_us <= :vus");
    }
    let update = update
        .set_expression_attribute_names(Some(names))
        .set_expression_attribute_values(Some(values))
        .build()
        .map_err(StoreError::backend)?;
    Ok(TransactWriteItem::builder().update(update).build())
}

/// The coverage writes that go with a test moving from `before` to `after` (`None`: created or
/// deleted); none when neither its state nor its technique changes.
pub(crate) fn updates(
    db: &Db,
    before: Option<&Test>,
    after: Option<&Test>,
    now: DateTime<Utc>,
) -> Result<Vec<TransactWriteItem>, StoreError> {
    let newly_validated =
        |t: &Test| t.state == TestState::Validated && before.is_none_or(|b| b.state != TestState::Validated);
    match (before, after) {
        (Some(b), Some(a))
            if (b.domain.as_str(), b.technique_id.as_str()) == (&a.domain, &a.technique_id) =>
        {
            if b.state == a.state {
                return Ok(Vec::new());
            }
            let deltas = [(b.state, -1), (a.state, 1)];
            // A validation just decided: it must be the latest one to commit (see `update`).
            Ok(vec![update(
                db,
                &a.domain,
                &a.technique_id,
                &deltas,
                newly_validated(a).then_some(a),
                true,
                now,
            )?])
        }
        (before, after) => {
            let mut out = Vec::new();
            if let Some(b) = before {
                out.push(update(db, &b.domain, &b.technique_id, &[(b.state, -1)], None, false, now)?);
            }
            if let Some(a) = after {
                let validated = (a.state == TestState::Validated).then_some(a);
                // A validated test moved here (re-pointed) keeps its old time: no race to settle.
                out.push(update(db, &a.domain, &a.technique_id, &[(a.state, 1)], validated, false, now)?);
            }
            Ok(out)
        }
    }
}

/// Reads a stored coverage item into the coverage the API shows.
pub(crate) fn from_item(mut item: Item) -> Result<TechniqueCoverage, StoreError> {
    let mut counts = BTreeMap::new();
    for state in TestState::ALL {
        if let Some(n) =
            item.remove(&count_attr(state)).and_then(|v| v.as_n().ok().and_then(|n| n.parse().ok()))
        {
            counts.insert(state.as_str().to_owned(), n);
        }
    }
    let mut stored: Stored = serde_dynamo::from_item(item)?;
    stored.counts = counts;
    Ok(view(&stored))
}

fn view(s: &Stored) -> TechniqueCoverage {
    let count = |state: TestState| s.counts.get(state.as_str()).copied().unwrap_or(0).max(0) as u64;
    let total: u64 = TestState::ALL.iter().map(|st| count(*st)).sum();
    let validated = count(TestState::Validated);
    let open = total - validated - count(TestState::Rejected);
    let latest = if validated > 0 { s.latest_detection } else { None };
    TechniqueCoverage {
        attack_id: s.attack_id.clone(),
        domain: s.domain.clone(),
        status: coverage_of(latest, open),
        tests_total: total as u32,
        tests_validated: validated as u32,
        tests_by_state: TestState::ALL
            .iter()
            .map(|st| (st.as_str().to_owned(), count(*st) as u32))
            .filter(|(_, n)| *n > 0)
            .collect(),
        latest_detection: latest,
        latest_validated_at: if validated > 0 { s.latest_validated_at } else { None },
        rules: if validated > 0 { s.rule_set.clone() } else { Vec::new() },
        validated_platforms: if validated > 0 { s.platform_set.clone() } else { Vec::new() },
        updated_at: s.updated_at,
    }
}

/// Rewrites only what validated tests left on a technique's coverage (latest detection and its
/// time, fired rules, detected platforms) from `tests`, leaving the counters alone: after a
/// validated test was deleted, when `tests` comes from an index that may lag.
pub async fn rewrite_validated_facts(
    db: &Db,
    domain: &str,
    technique: &str,
    tests: &[Test],
) -> Result<(), StoreError> {
    let derived = TechniqueCoverage::from_tests(domain, technique, tests, Utc::now());
    let (mut set, mut remove) = (vec!["updated_at = :now".to_owned()], Vec::new());
    let mut values = HashMap::from([(":now".to_owned(), av(&derived.updated_at)?)]);
    match (derived.latest_detection, derived.latest_validated_at) {
        (Some(d), Some(at)) => {
            set.push("latest_detection = :det".into());
            set.push("latest_validated_at = :vat".into());
            set.push("latest_validated_us = :vus".into());
            values.insert(":det".into(), av(&d)?);
            values.insert(":vat".into(), av(&at)?);
            values.insert(":vus".into(), AttributeValue::N(at.timestamp_micros().to_string()));
        }
        _ => remove.extend(["latest_detection", "latest_validated_at", "latest_validated_us"]),
    }
    // Sets cannot be empty in DynamoDB: none is an absent attribute.
    for (name, list) in [("rule_set", &derived.rules), ("platform_set", &derived.validated_platforms)] {
        if list.is_empty() {
            remove.push(name);
        } else {
            set.push(format!("{name} = :{name}"));
            values.insert(format!(":{name}"), AttributeValue::Ss(list.clone()));
        }
    }
    let mut expression = format!("SET {}", set.join(", "));
    if !remove.is_empty() {
        expression.push_str(&format!(" REMOVE {}", remove.join(", ")));
    }
    let (pk, sk) = key(domain, technique);
    let update = Update::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(pk))
        .key(keys::SK, AttributeValue::S(sk))
        .update_expression(expression)
        .condition_expression("attribute_exists(PK)")
        .set_expression_attribute_values(Some(values))
        .build()
        .map_err(StoreError::backend)?;
    let tx = vec![
        TransactWriteItem::builder().update(update).build(),
        crate::coverage_view::bump(db, domain, technique)?,
    ];
    db.transact(tx, "coverage item gone").await
}

/// Rewrites a technique's coverage from its tests, counters included (the nightly repair).
pub async fn recompute(
    db: &Db,
    domain: &str,
    technique: &str,
    tests: &[Test],
) -> Result<TechniqueCoverage, StoreError> {
    let derived = TechniqueCoverage::from_tests(domain, technique, tests, Utc::now());
    let mut item: Item = serde_dynamo::to_item(&Stored {
        attack_id: technique.to_owned(),
        domain: domain.to_owned(),
        counts: BTreeMap::new(),
        latest_detection: derived.latest_detection,
        latest_validated_at: derived.latest_validated_at,
        rule_set: Vec::new(),
        platform_set: Vec::new(),
        updated_at: derived.updated_at,
    })?;
    item.remove("counts");
    // Sets cannot be empty in DynamoDB: absent means none.
    item.remove("rule_set");
    item.remove("platform_set");
    if !derived.rules.is_empty() {
        item.insert("rule_set".into(), AttributeValue::Ss(derived.rules.clone()));
    }
    if !derived.validated_platforms.is_empty() {
        item.insert("platform_set".into(), AttributeValue::Ss(derived.validated_platforms.clone()));
    }
    for state in TestState::ALL {
        let n = tests.iter().filter(|t| t.state == state).count();
        item.insert(count_attr(state), AttributeValue::N(n.to_string()));
    }
    let (pk, sk) = key(domain, technique);
    for (name, value) in [(keys::PK, pk), (keys::SK, sk), ("entity", "coverage".to_owned())] {
        item.insert(name.to_owned(), AttributeValue::S(value));
    }
    item.insert("version".into(), AttributeValue::N("1".into()));
    let put =
        Put::builder().table_name(&db.table).set_item(Some(item)).build().map_err(StoreError::backend)?;
    let tx = vec![
        TransactWriteItem::builder().put(put).build(),
        crate::coverage_view::bump(db, domain, technique)?,
    ];
    db.transact(tx, "coverage changed").await?;
    Ok(derived)
}

/// Every technique's coverage in `domain`, exact (see `coverage_view`).
pub async fn of_domain(
    db: &Db,
    domain: &str,
) -> Result<std::sync::Arc<HashMap<String, TechniqueCoverage>>, StoreError> {
    Ok(crate::catalog_view::technique_index(db, domain).await?.coverage)
}

/// The stored coverage of one technique (strongly consistent).
pub async fn get(db: &Db, domain: &str, technique: &str) -> Result<Option<TechniqueCoverage>, StoreError> {
    let (pk, sk) = key(domain, technique);
    db.get(pk, sk).await?.map(from_item).transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(counts: &[(TestState, i64)], latest: Option<Detection>) -> Stored {
        Stored {
            attack_id: "T1059".into(),
            domain: "enterprise-attack".into(),
            counts: counts.iter().map(|(s, n)| (s.as_str().to_owned(), *n)).collect(),
            latest_detection: latest,
            latest_validated_at: latest.map(|_| Utc::now()),
            rule_set: vec!["Rule".into()],
            platform_set: vec!["windows".into()],
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn the_status_follows_the_counters() {
        use domain::validation::Coverage;
        let none = view(&stored(&[], None));
        assert_eq!((none.status, none.tests_total), (Coverage::NotCovered, 0));
        let open = view(&stored(&[(TestState::Draft, 2), (TestState::Rejected, 1)], None));
        assert_eq!((open.status, open.tests_total, open.tests_validated), (Coverage::InProgress, 3, 0));
        let only_rejected = view(&stored(&[(TestState::Rejected, 2)], None));
        assert_eq!(only_rejected.status, Coverage::NotCovered);
        let alerted =
            view(&stored(&[(TestState::Validated, 1), (TestState::Draft, 1)], Some(Detection::Alerted)));
        assert_eq!((alerted.status, alerted.tests_validated), (Coverage::Validated, 1));
        let logged = view(&stored(&[(TestState::Validated, 2)], Some(Detection::Logged)));
        assert_eq!(logged.status, Coverage::Partial);
        // the last validated test went away: what it left does not count
        let gone =
            view(&stored(&[(TestState::Validated, 0), (TestState::Draft, 1)], Some(Detection::Alerted)));
        assert_eq!((gone.status, gone.rules.len(), gone.latest_detection), (Coverage::InProgress, 0, None));
    }
}
