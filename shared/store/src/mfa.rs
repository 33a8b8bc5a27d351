//! TOTP enrolments: one item per user beside the profile (`USER#<id>` / `MFA`). Enabling and
//! removing one is a transaction with the profile's `mfa_enabled` flag and the audit entry;
//! claiming a step and spending a recovery code are conditional writes, so two requests with
//! the same code cannot both succeed.

use crate::db::{Item, with_keys};
use crate::{Db, StoreError, audit, keys};
use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, TransactWriteItem, Update};
use domain::audit::AuditEntry;
use domain::identity::TotpEnrolment;
use domain::ids::UserId;
use domain::user::User;

fn item(enrolment: &TotpEnrolment) -> Result<Item, StoreError> {
    with_keys(
        enrolment,
        "totp_enrolment",
        &[(keys::PK, keys::user_pk(enrolment.user_id)), (keys::SK, keys::mfa_sk())],
    )
}

fn versioned_user(db: &Db, user: &User) -> Result<TransactWriteItem, StoreError> {
    let put = Put::builder()
        .table_name(&db.table)
        .set_item(Some(crate::users::item(user)?))
        .condition_expression("version = :v")
        .expression_attribute_values(":v", AttributeValue::N((user.version - 1).to_string()))
        .build()
        .map_err(StoreError::backend)?;
    Ok(TransactWriteItem::builder().put(put).build())
}

/// The user's enrolment, pending or confirmed.
pub async fn get(db: &Db, user: UserId) -> Result<Option<TotpEnrolment>, StoreError> {
    db.get_as(keys::user_pk(user), keys::mfa_sk()).await
}

/// Stores a pending enrolment (a new secret), replacing an earlier pending one; `Conflict` when
/// a confirmed enrolment exists.
pub async fn save_pending(db: &Db, enrolment: &TotpEnrolment, entry: &AuditEntry) -> Result<(), StoreError> {
    let put = Put::builder()
        .table_name(&db.table)
        .set_item(Some(item(enrolment)?))
        .condition_expression("attribute_not_exists(PK) OR confirmed = :no")
        .expression_attribute_values(":no", AttributeValue::Bool(false))
        .build()
        .map_err(StoreError::backend)?;
    let items = vec![TransactWriteItem::builder().put(put).build(), audit::put(db, entry)?];
    db.transact(items, "MFA is already enabled").await
}

/// Confirms the pending enrolment (`enrolment.version` raised by one) and marks the profile
/// (`user.version` raised by one), with the audit entry. `Conflict` when either changed.
pub async fn confirm(
    db: &Db,
    enrolment: &TotpEnrolment,
    user: &User,
    entry: &AuditEntry,
) -> Result<(), StoreError> {
    let put = Put::builder()
        .table_name(&db.table)
        .set_item(Some(item(enrolment)?))
        .condition_expression("version = :v AND confirmed = :no")
        .expression_attribute_values(":v", AttributeValue::N((enrolment.version - 1).to_string()))
        .expression_attribute_values(":no", AttributeValue::Bool(false))
        .build()
        .map_err(StoreError::backend)?;
    let items = vec![
        TransactWriteItem::builder().put(put).build(),
        versioned_user(db, user)?,
        audit::put(db, entry)?,
    ];
    db.transact(items, "the enrolment changed; start again").await
}

/// Records `step` as used; false when it (or a later step) was used before: a replay.
pub async fn claim_step(db: &Db, user: UserId, step: u64) -> Result<bool, StoreError> {
    let out = db
        .client
        .update_item()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::user_pk(user)))
        .key(keys::SK, AttributeValue::S(keys::mfa_sk()))
        .update_expression("SET last_step = :s")
        .condition_expression("last_step < :s")
        .expression_attribute_values(":s", AttributeValue::N(step.to_string()))
        .send()
        .await;
    match out {
        Ok(_) => Ok(true),
        Err(e) if crate::db::is_condition_failure(&e) => Ok(false),
        Err(e) => Err(StoreError::backend(e)),
    }
}

/// Spends the recovery code with hash `hash` of a confirmed enrolment, with the audit entry;
/// false when there is no such unused code.
pub async fn spend_recovery_code(
    db: &Db,
    user: UserId,
    hash: &str,
    entry: &AuditEntry,
) -> Result<bool, StoreError> {
    let update = Update::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::user_pk(user)))
        .key(keys::SK, AttributeValue::S(keys::mfa_sk()))
        .update_expression("REMOVE recovery_codes.#h")
        .condition_expression("confirmed = :yes AND attribute_exists(recovery_codes.#h)")
        .expression_attribute_names("#h", hash)
        .expression_attribute_values(":yes", AttributeValue::Bool(true))
        .build()
        .map_err(StoreError::backend)?;
    let items = vec![TransactWriteItem::builder().update(update).build(), audit::put(db, entry)?];
    match db.transact(items, "recovery code unknown or used").await {
        Ok(()) => Ok(true),
        Err(StoreError::Conflict(_)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Deletes the enrolment (if any) and saves the profile (`user.version` raised by one, its flag
/// cleared by the caller), with the audit entry.
pub async fn remove(db: &Db, user: &User, entry: &AuditEntry) -> Result<(), StoreError> {
    let delete = Delete::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::user_pk(user.id)))
        .key(keys::SK, AttributeValue::S(keys::mfa_sk()))
        .build()
        .map_err(StoreError::backend)?;
    let items = vec![
        TransactWriteItem::builder().delete(delete).build(),
        versioned_user(db, user)?,
        audit::put(db, entry)?,
    ];
    db.transact(items, "user was changed concurrently").await
}
