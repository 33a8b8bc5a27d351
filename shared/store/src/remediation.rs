//! Remediation steps of a test (`TEST#<id>` / `REMED#<sid>`), versioned like tests.

use crate::db::{is_condition_failure, with_keys};
use crate::{Db, StoreError, keys};
use aws_sdk_dynamodb::types::AttributeValue;
use domain::validation::RemediationStep;
use uuid::Uuid;

/// Writes a step: a new one (`expected_version` `None`) or a change on the stored version.
pub async fn put(db: &Db, step: &RemediationStep, expected_version: Option<u64>) -> Result<(), StoreError> {
    let item = with_keys(
        step,
        "remediation_step",
        &[(keys::PK, keys::test_pk(step.test_id)), (keys::SK, keys::remediation_sk(step.id))],
    )?;
    let mut put = db.client.put_item().table_name(&db.table).set_item(Some(item));
    put = match expected_version {
        None => put.condition_expression("attribute_not_exists(PK)"),
        Some(v) => put
            .condition_expression("version = :v")
            .expression_attribute_values(":v", AttributeValue::N(v.to_string())),
    };
    match put.send().await {
        Ok(_) => Ok(()),
        Err(e) if is_condition_failure(&e) => Err(StoreError::Conflict("the step changed meanwhile".into())),
        Err(e) => Err(StoreError::backend(e)),
    }
}

pub async fn list(db: &Db, test: Uuid) -> Result<Vec<RemediationStep>, StoreError> {
    let query = db
        .client
        .query()
        .key_condition_expression("PK = :pk AND begins_with(SK, :r)")
        .expression_attribute_values(":pk", AttributeValue::S(keys::test_pk(test)))
        .expression_attribute_values(":r", AttributeValue::S("REMED#".into()));
    db.query_all(query).await?.into_iter().map(|i| serde_dynamo::from_item(i).map_err(Into::into)).collect()
}
