//! Remediation steps of a test (`TEST#<id>` / `REMED#<sid>`), versioned like tests.

use crate::db::with_keys;
use crate::{Db, StoreError, Transaction, keys};
use aws_sdk_dynamodb::types::{AttributeValue, ConditionCheck, Put, TransactWriteItem};
use domain::validation::{RemediationStep, StepStatus};
use uuid::Uuid;

/// Adds a step's write to `tx`: a new one (`expected_version` `None`) or a change on the
/// stored version.
pub fn write_step(
    tx: &mut Transaction,
    db: &Db,
    step: &RemediationStep,
    expected_version: Option<u64>,
) -> Result<(), StoreError> {
    let mut k = vec![(keys::PK, keys::test_pk(step.test_id)), (keys::SK, keys::remediation_sk(step.id))];
    if let (Some(due), true) = (step.due_date, step.status != StepStatus::Done) {
        k.push((keys::GSI3PK, keys::remediation_due_index_pk()));
        k.push((keys::GSI3SK, keys::remediation_due_index_sk(due, step.id)));
    }
    let item = with_keys(step, "remediation_step", &k)?;
    let put = Put::builder().table_name(&db.table).set_item(Some(item));
    let put = match expected_version {
        None => put.condition_expression("attribute_not_exists(PK)"),
        Some(v) => put
            .condition_expression("version = :v")
            .expression_attribute_values(":v", AttributeValue::N(v.to_string())),
    };
    tx.push(TransactWriteItem::builder().put(put.build().map_err(StoreError::backend)?).build());
    Ok(())
}

/// Makes `tx` conditional on `step` still being at the version read: the decision "every step
/// is done" holds only if no other step changed meanwhile.
pub fn check_unchanged(tx: &mut Transaction, db: &Db, step: &RemediationStep) -> Result<(), StoreError> {
    let check = ConditionCheck::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::test_pk(step.test_id)))
        .key(keys::SK, AttributeValue::S(keys::remediation_sk(step.id)))
        .condition_expression("version = :v")
        .expression_attribute_values(":v", AttributeValue::N(step.version.to_string()))
        .build()
        .map_err(StoreError::backend)?;
    tx.push(TransactWriteItem::builder().condition_check(check).build());
    Ok(())
}

/// The steps of a test, read strongly consistent: "are all steps done" is decided on this read.
pub async fn list(db: &Db, test: Uuid) -> Result<Vec<RemediationStep>, StoreError> {
    let query = db
        .client
        .query()
        .consistent_read(true)
        .key_condition_expression("PK = :pk AND begins_with(SK, :r)")
        .expression_attribute_values(":pk", AttributeValue::S(keys::test_pk(test)))
        .expression_attribute_values(":r", AttributeValue::S("REMED#".into()));
    db.query_all(query).await?.into_iter().map(|i| serde_dynamo::from_item(i).map_err(Into::into)).collect()
}

/// Steps not done whose due date is before `before` (GSI3 `REMEDDUE`), oldest due first, at
/// most `limit`.
pub async fn due_before(
    db: &Db,
    before: chrono::NaiveDate,
    limit: i32,
) -> Result<Vec<RemediationStep>, StoreError> {
    let query = db
        .client
        .query()
        .index_name(keys::GSI3)
        .key_condition_expression("GSI3PK = :pk AND GSI3SK < :before")
        .expression_attribute_values(":pk", AttributeValue::S(keys::remediation_due_index_pk()))
        .expression_attribute_values(":before", AttributeValue::S(before.to_string()))
        .limit(limit);
    db.query_items(query).await
}
