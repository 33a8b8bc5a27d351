//! Remediation steps of a test (`TEST#<id>` / `REMED#<sid>`), versioned like tests.

use crate::db::with_keys;
use crate::{Db, StoreError, keys};
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem};
use domain::audit::AuditEntry;
use domain::validation::RemediationStep;
use uuid::Uuid;

/// Writes a step, a new one (`expected_version` `None`) or a change on the stored version,
/// with its audit entry, atomically.
pub async fn put(
    db: &Db,
    step: &RemediationStep,
    expected_version: Option<u64>,
    audit: &AuditEntry,
) -> Result<(), StoreError> {
    let item = with_keys(
        step,
        "remediation_step",
        &[(keys::PK, keys::test_pk(step.test_id)), (keys::SK, keys::remediation_sk(step.id))],
    )?;
    let put = Put::builder().table_name(&db.table).set_item(Some(item));
    let put = match expected_version {
        None => put.condition_expression("attribute_not_exists(PK)"),
        Some(v) => put
            .condition_expression("version = :v")
            .expression_attribute_values(":v", AttributeValue::N(v.to_string())),
    };
    let put = put.build().map_err(StoreError::backend)?;
    let tx = vec![TransactWriteItem::builder().put(put).build(), crate::audit::put(db, audit)?];
    db.transact(tx, "the step changed meanwhile").await
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
