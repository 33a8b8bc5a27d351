//! Validation tests (`TEST#<id>` / `META`) with their history entries in the same partition,
//! indexed by creation time (GSI1 `TESTS`), by technique (GSI2) and by workflow state (GSI3, the
//! work queues behind "my pending tasks"). Every change is a conditional put on the test's
//! `version` inside a transaction with its history entry, its audit entry and the counters of
//! its technique's coverage (`technique_coverage`), so two concurrent steps can never both be
//! accepted and coverage is exact.

use crate::db::{Item, with_keys};
use crate::{Db, Page, PageRequest, StoreError, Transaction, keys};
use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Delete, Put, TransactWriteItem};
use chrono::{DateTime, Utc};
use domain::audit::AuditEntry;
pub use domain::validation::{HistoryEntry, TechniqueCoverage};
use domain::validation::{Test, TestState};
use uuid::Uuid;

fn sort(t: &Test) -> String {
    keys::time_sort(t.created_at, t.id)
}

/// The stored item of a test with its index keys (bulk seeding in tests and benchmarks writes
/// these directly; the API writes through [`write_test`]).
pub fn test_item(t: &Test) -> Result<Item, StoreError> {
    with_keys(
        t,
        "test",
        &[
            (keys::PK, keys::test_pk(t.id)),
            (keys::SK, keys::test_sk()),
            (keys::GSI1PK, keys::tests_index_pk()),
            (keys::GSI1SK, sort(t)),
            (keys::GSI2PK, keys::technique_tests_pk(&t.domain, &t.technique_id)),
            (keys::GSI2SK, sort(t)),
            (keys::GSI3PK, keys::task_queue_pk(t.state.as_str())),
            (keys::GSI3SK, keys::time_sort(t.updated_at, t.id)),
        ],
    )
}

fn history_put(db: &Db, h: &HistoryEntry) -> Result<TransactWriteItem, StoreError> {
    let item = with_keys(
        h,
        "test_history",
        &[(keys::PK, keys::test_pk(h.test_id)), (keys::SK, keys::history_sk(h.at, h.id))],
    )?;
    let put =
        Put::builder().table_name(&db.table).set_item(Some(item)).build().map_err(StoreError::backend)?;
    Ok(TransactWriteItem::builder().put(put).build())
}

/// Adds the test's write to `tx`: a creation (`before` `None`, only if absent) or a change on
/// the version read, with the coverage counters of its technique(s).
pub fn write_test(
    tx: &mut Transaction,
    db: &Db,
    before: Option<&Test>,
    next: &Test,
) -> Result<(), StoreError> {
    let put = Put::builder().table_name(&db.table).set_item(Some(test_item(next)?));
    let put = match before {
        None => put.condition_expression("attribute_not_exists(PK)"),
        Some(b) => put
            .condition_expression("version = :v")
            .expression_attribute_values(":v", AttributeValue::N(b.version.to_string())),
    };
    tx.push(TransactWriteItem::builder().put(put.build().map_err(StoreError::backend)?).build());
    let updates = crate::technique_coverage::updates(db, before, Some(next), Utc::now())?;
    // A validated test's facts feed values derived from the tests (the time to detect of the
    // latest validations): its shard's version is raised even when its counters stay.
    let validated =
        before.is_some_and(|b| b.state == TestState::Validated) || next.state == TestState::Validated;
    if !updates.is_empty() || validated {
        for t in before.into_iter().chain([next]) {
            tx.touch_coverage(&t.domain, &t.technique_id);
        }
    }
    for update in updates {
        tx.push(update);
    }
    Ok(())
}

/// Adds a history entry to `tx`.
pub fn write_history(tx: &mut Transaction, db: &Db, h: &HistoryEntry) -> Result<(), StoreError> {
    tx.push(history_put(db, h)?);
    Ok(())
}

/// Makes `tx` conditional on the test being in `state` (evidence of a side is added only while
/// that side works).
pub fn check_state(tx: &mut Transaction, db: &Db, id: Uuid, state: TestState) -> Result<(), StoreError> {
    let check = ConditionCheck::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::test_pk(id)))
        .key(keys::SK, AttributeValue::S(keys::test_sk()))
        .condition_expression("#state = :state")
        .expression_attribute_names("#state", "state")
        .expression_attribute_values(":state", AttributeValue::S(state.as_str().into()))
        .build()
        .map_err(StoreError::backend)?;
    tx.push(TransactWriteItem::builder().condition_check(check).build());
    Ok(())
}

/// Adds to `tx`: test `id` is in one of `states` (a dependency that must stay far enough).
pub fn check_state_in(
    tx: &mut Transaction,
    db: &Db,
    id: Uuid,
    states: &[TestState],
) -> Result<(), StoreError> {
    let mut check = ConditionCheck::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::test_pk(id)))
        .key(keys::SK, AttributeValue::S(keys::test_sk()))
        .expression_attribute_names("#state", "state");
    let mut names = Vec::new();
    for (i, s) in states.iter().enumerate() {
        names.push(format!(":s{i}"));
        check = check.expression_attribute_values(format!(":s{i}"), AttributeValue::S(s.as_str().into()));
    }
    let check = check
        .condition_expression(format!("#state IN ({})", names.join(", ")))
        .build()
        .map_err(StoreError::backend)?;
    tx.push(TransactWriteItem::builder().condition_check(check).build());
    Ok(())
}

/// Creates a test with its first history entry and audit entry (seeding and tests; the API
/// goes through the lifecycle service).
pub async fn create(
    db: &Db,
    test: &Test,
    history: &HistoryEntry,
    audit: &AuditEntry,
) -> Result<(), StoreError> {
    let mut tx = Transaction::new();
    write_test(&mut tx, db, None, test)?;
    write_history(&mut tx, db, history)?;
    crate::audit::write(&mut tx, db, audit)?;
    tx.commit(db, "the test exists already").await
}

/// Deletes a test: one transaction removes it (if still at the version read), records the audit
/// entry and lowers its technique's coverage counters; then the rest of its partition (history,
/// evidence and remediation items, which mean nothing without it) goes in batches. Returns those
/// items, for the caller to remove their S3 objects after the commit.
pub async fn delete(db: &Db, test: &Test, audit: &AuditEntry) -> Result<Vec<Item>, StoreError> {
    let delete = Delete::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::test_pk(test.id)))
        .key(keys::SK, AttributeValue::S(keys::test_sk()))
        .condition_expression("version = :v")
        .expression_attribute_values(":v", AttributeValue::N(test.version.to_string()))
        .build()
        .map_err(StoreError::backend)?;
    let mut tx = vec![TransactWriteItem::builder().delete(delete).build(), crate::audit::put(db, audit)?];
    tx.extend(crate::technique_coverage::updates(db, Some(test), None, Utc::now())?);
    tx.push(crate::coverage_view::bump(db, &test.domain, &test.technique_id)?);
    if let Some(template) = test.template_id.as_deref().and_then(|t| uuid::Uuid::parse_str(t).ok()) {
        // One test fewer made from it: a custom template with none left may be deleted.
        tx.push(crate::templates::count_ref(db, template, -1)?);
    }
    db.transact(tx, "the test changed meanwhile").await?;
    let query = db
        .client
        .query()
        .key_condition_expression("PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(keys::test_pk(test.id)));
    let items = db.query_all(query).await?;
    for chunk in items.chunks(25) {
        let mut reqs = Vec::new();
        for item in chunk {
            let key = [keys::PK, keys::SK].iter().map(|k| (k.to_string(), item[*k].clone())).collect();
            let del = aws_sdk_dynamodb::types::DeleteRequest::builder()
                .set_key(Some(key))
                .build()
                .map_err(StoreError::backend)?;
            reqs.push(aws_sdk_dynamodb::types::WriteRequest::builder().delete_request(del).build());
        }
        db.client
            .batch_write_item()
            .request_items(&db.table, reqs)
            .send()
            .await
            .map_err(StoreError::backend)?;
    }
    if test.state == TestState::Validated {
        // What the validated test left (latest detection, rules, platforms) cannot be subtracted:
        // rewrite those facts from the remaining tests. The counters stay as the transaction
        // left them: the index read here may lag, and must not overwrite exact counts.
        let rest: Vec<Test> = of_technique(db, &test.domain, &test.technique_id)
            .await?
            .into_iter()
            .filter(|t| t.id != test.id)
            .collect();
        crate::technique_coverage::rewrite_validated_facts(db, &test.domain, &test.technique_id, &rest)
            .await?;
    }
    Ok(items)
}

pub async fn get(db: &Db, id: Uuid) -> Result<Option<Test>, StoreError> {
    db.get_as(keys::test_pk(id), keys::test_sk()).await
}

/// A test's history, oldest first.
pub async fn history(db: &Db, id: Uuid) -> Result<Vec<HistoryEntry>, StoreError> {
    let query = db
        .client
        .query()
        .key_condition_expression("PK = :pk AND begins_with(SK, :h)")
        .expression_attribute_values(":pk", AttributeValue::S(keys::test_pk(id)))
        .expression_attribute_values(":h", AttributeValue::S("HIST#".into()));
    db.query_all(query).await?.into_iter().map(|i| serde_dynamo::from_item(i).map_err(Into::into)).collect()
}

/// Filters of the test listing.
#[derive(Debug, Default, Clone)]
pub struct TestFilter {
    pub domain: String,
    pub state: Option<TestState>,
    pub technique: Option<String>,
    pub tactic: Option<String>,
    /// Username assigned on either side.
    pub assignee: Option<String>,
    pub platform: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// Lists tests newest first: by technique (GSI2) when one is given, else all (GSI1); the other
/// filters apply on top, and the creation-time range is part of the key condition.
pub async fn list(db: &Db, f: &TestFilter, page: &PageRequest) -> Result<Page<Test>, StoreError> {
    let (index, pk_attr, sk_attr, pk) = match &f.technique {
        Some(t) => (keys::GSI2, keys::GSI2PK, keys::GSI2SK, keys::technique_tests_pk(&f.domain, t)),
        None => (keys::GSI1, keys::GSI1PK, keys::GSI1SK, keys::tests_index_pk()),
    };
    let mut query = db
        .client
        .query()
        .index_name(index)
        .scan_index_forward(false)
        .expression_attribute_names("#pk", pk_attr)
        .expression_attribute_values(":pk", AttributeValue::S(pk.clone()));
    let mut condition = "#pk = :pk".to_owned();
    match (f.from, f.to) {
        (None, None) => {}
        (from, to) => {
            let lo = from
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
                .unwrap_or_else(|| "0".into());
            let hi = to
                .map(|t| format!("{}~", t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)))
                .unwrap_or_else(|| "~".into());
            condition.push_str(" AND #sk BETWEEN :lo AND :hi");
            query = query
                .expression_attribute_names("#sk", sk_attr)
                .expression_attribute_values(":lo", AttributeValue::S(lo))
                .expression_attribute_values(":hi", AttributeValue::S(hi));
        }
    }
    let mut filters = vec!["entity = :test".to_owned()];
    query = query.expression_attribute_values(":test", AttributeValue::S("test".into()));
    if let Some(s) = f.state {
        filters.push("#state = :state".into());
        query = query
            .expression_attribute_names("#state", "state")
            .expression_attribute_values(":state", AttributeValue::S(s.as_str().into()));
    }
    if let Some(t) = &f.tactic {
        filters.push("contains(tactics, :tactic)".into());
        query = query.expression_attribute_values(":tactic", AttributeValue::S(t.clone()));
    }
    if let Some(a) = &f.assignee {
        filters.push("(assigned_red = :who OR assigned_blue = :who)".into());
        query = query.expression_attribute_values(":who", AttributeValue::S(a.clone()));
    }
    if let Some(p) = &f.platform {
        filters.push("platform = :platform".into());
        query = query.expression_attribute_values(":platform", AttributeValue::S(p.clone()));
    }
    if f.technique.is_none() {
        // Only the GSI2 partition is per domain; the others hold every domain.
        filters.push("#domain = :domain".into());
        query = query
            .expression_attribute_names("#domain", "domain")
            .expression_attribute_values(":domain", AttributeValue::S(f.domain.clone()));
    }
    let query = query.key_condition_expression(condition).filter_expression(filters.join(" AND "));
    db.query_page(query, page, (pk_attr, &pk)).await
}

/// Every test, read from the base table with a Scan. Only for offline jobs (the nightly
/// coverage repair); no request path scans.
pub async fn scan_all(db: &Db) -> Result<Vec<Test>, StoreError> {
    let mut out = Vec::new();
    let mut start = None;
    loop {
        let page = db
            .client
            .scan()
            .table_name(&db.table)
            .consistent_read(true)
            .filter_expression("entity = :test AND SK = :meta")
            .expression_attribute_values(":test", AttributeValue::S("test".into()))
            .expression_attribute_values(":meta", AttributeValue::S(keys::test_sk()))
            .set_exclusive_start_key(start)
            .send()
            .await
            .map_err(StoreError::backend)?;
        for item in page.items.unwrap_or_default() {
            out.push(serde_dynamo::from_item(item)?);
        }
        match page.last_evaluated_key {
            Some(k) if !k.is_empty() => start = Some(k),
            _ => return Ok(out),
        }
    }
}

/// Every test of a technique (bounded by how often one technique is tested).
pub async fn of_technique(db: &Db, domain: &str, technique: &str) -> Result<Vec<Test>, StoreError> {
    let query = db
        .client
        .query()
        .index_name(keys::GSI2)
        .key_condition_expression("GSI2PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(keys::technique_tests_pk(domain, technique)));
    db.query_all(query).await?.into_iter().map(|i| serde_dynamo::from_item(i).map_err(Into::into)).collect()
}

/// One work queue (tests in `state`), oldest change first, at most `limit`.
pub async fn queue(db: &Db, state: TestState, limit: usize) -> Result<Vec<Test>, StoreError> {
    let mut out = Vec::new();
    let mut start = None;
    loop {
        let out_page = db
            .client
            .query()
            .table_name(&db.table)
            .index_name(keys::GSI3)
            .key_condition_expression("GSI3PK = :pk")
            .expression_attribute_values(":pk", AttributeValue::S(keys::task_queue_pk(state.as_str())))
            .set_exclusive_start_key(start)
            .send()
            .await
            .map_err(StoreError::backend)?;
        for item in out_page.items.unwrap_or_default() {
            out.push(serde_dynamo::from_item(item)?);
        }
        match out_page.last_evaluated_key {
            Some(k) if out.len() < limit => start = Some(k),
            _ => break,
        }
    }
    out.truncate(limit);
    Ok(out)
}

/// Tests that entered `validated` between `from` and `to`, newest first, at most `limit` (and
/// whether there were more): one bounded query of that queue's index range.
pub async fn validated_between(
    db: &Db,
    from: chrono::DateTime<chrono::Utc>,
    to: chrono::DateTime<chrono::Utc>,
    limit: usize,
) -> Result<(Vec<Test>, bool), StoreError> {
    let mut out = Vec::new();
    let mut start = None;
    loop {
        let page = db
            .client
            .query()
            .table_name(&db.table)
            .index_name(keys::GSI3)
            .key_condition_expression("GSI3PK = :pk AND GSI3SK BETWEEN :lo AND :hi")
            .expression_attribute_values(
                ":pk",
                AttributeValue::S(keys::task_queue_pk(TestState::Validated.as_str())),
            )
            .expression_attribute_values(":lo", AttributeValue::S(keys::time_sort(from, Uuid::nil())))
            .expression_attribute_values(":hi", AttributeValue::S(keys::time_sort(to, Uuid::max())))
            .scan_index_forward(false)
            .limit((limit + 1 - out.len()).min(1000) as i32)
            .set_exclusive_start_key(start)
            .send()
            .await
            .map_err(StoreError::backend)?;
        for item in page.items.unwrap_or_default() {
            out.push(serde_dynamo::from_item::<_, Test>(item)?);
        }
        if out.len() > limit {
            out.truncate(limit);
            return Ok((out, true));
        }
        match page.last_evaluated_key {
            Some(k) if !k.is_empty() => start = Some(k),
            _ => return Ok((out, false)),
        }
    }
}

/// The `limit` tests that most recently entered `state` (newest first): one bounded query of
/// that work queue, e.g. the latest validations for the mean time to detect.
pub async fn recent(db: &Db, state: TestState, limit: u32) -> Result<Vec<Test>, StoreError> {
    let query = db
        .client
        .query()
        .index_name(keys::GSI3)
        .key_condition_expression("GSI3PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(keys::task_queue_pk(state.as_str())))
        .scan_index_forward(false)
        .limit(limit as i32);
    db.query_items(query).await
}
