//! Alert rules (`ALERTRULE#<id>` / `META`, listed through GSI1 `ALERTRULES`), each rule's
//! evaluation state (`STATE`, written on its version so overlapping evaluations cannot both
//! record a firing) and its firings (`EVENT#<time>#<id>`, also listed across rules through GSI2
//! `ALERTEVENTS`).

use crate::db::{Item, with_keys};
use crate::{Db, Page, PageRequest, StoreError, Transaction, keys};
use aws_sdk_dynamodb::types::{AttributeValue, Delete, Put, TransactWriteItem};
use domain::alerts::{AlertEvent, AlertRule, Delivery, RuleState};
use domain::audit::AuditEntry;
use domain::validation::Notification;
use uuid::Uuid;

fn rule_item(r: &AlertRule) -> Result<Item, StoreError> {
    with_keys(
        r,
        "alert_rule",
        &[
            (keys::PK, keys::alert_rule_pk(r.id)),
            (keys::SK, keys::alert_rule_sk()),
            (keys::GSI1PK, keys::alert_rules_index_pk()),
            (keys::GSI1SK, keys::time_sort(r.created_at, r.id)),
        ],
    )
}

/// Writes a rule with its audit entry: created (`before = None`, only if absent) or replacing
/// the version read (`Conflict` when someone changed it since).
pub async fn write_rule(
    db: &Db,
    before: Option<&AlertRule>,
    rule: &AlertRule,
    audit: &AuditEntry,
) -> Result<(), StoreError> {
    let put = Put::builder().table_name(&db.table).set_item(Some(rule_item(rule)?));
    let put = match before {
        None => put.condition_expression("attribute_not_exists(PK)"),
        Some(b) => put
            .condition_expression("version = :v")
            .expression_attribute_values(":v", AttributeValue::N(b.version.to_string())),
    };
    let mut tx = Transaction::new();
    tx.push(TransactWriteItem::builder().put(put.build().map_err(StoreError::backend)?).build());
    crate::audit::write(&mut tx, db, audit)?;
    tx.commit(db, "the alert rule was changed by someone else; reload it").await
}

/// Deletes a rule and its state with the audit entry; its firings stay as history.
pub async fn delete_rule(db: &Db, rule: &AlertRule, audit: &AuditEntry) -> Result<(), StoreError> {
    let meta = Delete::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::alert_rule_pk(rule.id)))
        .key(keys::SK, AttributeValue::S(keys::alert_rule_sk()))
        .condition_expression("version = :v")
        .expression_attribute_values(":v", AttributeValue::N(rule.version.to_string()))
        .build()
        .map_err(StoreError::backend)?;
    let state = Delete::builder()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::alert_rule_pk(rule.id)))
        .key(keys::SK, AttributeValue::S(keys::alert_state_sk()))
        .build()
        .map_err(StoreError::backend)?;
    let mut tx = Transaction::new();
    tx.push(TransactWriteItem::builder().delete(meta).build());
    tx.push(TransactWriteItem::builder().delete(state).build());
    crate::audit::write(&mut tx, db, audit)?;
    tx.commit(db, "the alert rule was changed by someone else; reload it").await
}

pub async fn get_rule(db: &Db, id: Uuid) -> Result<Option<AlertRule>, StoreError> {
    db.get_as(keys::alert_rule_pk(id), keys::alert_rule_sk()).await
}

/// Rules, oldest first.
pub async fn list_rules(db: &Db, page: &PageRequest) -> Result<Page<AlertRule>, StoreError> {
    let pk = keys::alert_rules_index_pk();
    let query = db
        .client
        .query()
        .index_name(keys::GSI1)
        .key_condition_expression("GSI1PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(pk.clone()));
    db.query_page(query, page, (keys::GSI1PK, &pk)).await
}

/// Every rule (the evaluation job's read; rules are few, written by leads).
pub async fn all_rules(db: &Db) -> Result<Vec<AlertRule>, StoreError> {
    let query = db
        .client
        .query()
        .index_name(keys::GSI1)
        .key_condition_expression("GSI1PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(keys::alert_rules_index_pk()));
    db.query_all(query).await?.into_iter().map(|i| serde_dynamo::from_item(i).map_err(Into::into)).collect()
}

/// A rule's evaluation state (version 0 before its first evaluation).
pub async fn state(db: &Db, rule: Uuid) -> Result<RuleState, StoreError> {
    Ok(db
        .get_as(keys::alert_rule_pk(rule), keys::alert_state_sk())
        .await?
        .unwrap_or(RuleState { rule_id: rule, ..Default::default() }))
}

/// What one evaluation of a rule records, in one transaction: its next state (conditional on
/// the version `before` was read at), and when it fired the firing, the notifications and the
/// pending webhook deliveries.
/// `Conflict` when another evaluation recorded first: this one then records nothing.
pub async fn record(
    db: &Db,
    before: &RuleState,
    next: &RuleState,
    fired: Option<(&AlertEvent, &[Notification], &[Delivery])>,
) -> Result<(), StoreError> {
    let item = with_keys(
        next,
        "alert_state",
        &[(keys::PK, keys::alert_rule_pk(next.rule_id)), (keys::SK, keys::alert_state_sk())],
    )?;
    let put = Put::builder().table_name(&db.table).set_item(Some(item));
    let put = if before.version == 0 {
        put.condition_expression("attribute_not_exists(PK)")
    } else {
        put.condition_expression("version = :v")
            .expression_attribute_values(":v", AttributeValue::N(before.version.to_string()))
    };
    let mut tx = Transaction::new();
    tx.push(TransactWriteItem::builder().put(put.build().map_err(StoreError::backend)?).build());
    if let Some((event, notifications, deliveries)) = fired {
        let item = with_keys(
            event,
            "alert_event",
            &[
                (keys::PK, keys::alert_rule_pk(event.rule_id)),
                (keys::SK, keys::alert_event_sk(event.fired_at, event.id)),
                (keys::GSI2PK, keys::alert_events_index_pk()),
                (keys::GSI2SK, keys::time_sort(event.fired_at, event.id)),
            ],
        )?;
        let put = Put::builder()
            .table_name(&db.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(PK)")
            .build()
            .map_err(StoreError::backend)?;
        tx.push(TransactWriteItem::builder().put(put).build());
        for n in notifications {
            crate::notifications::write_new(&mut tx, db, n)?;
        }
        for d in deliveries {
            crate::alert_channels::write_pending(&mut tx, db, d)?;
        }
    }
    tx.commit(db, "another evaluation recorded this rule first").await
}

/// One firing of a rule.
pub async fn event(
    db: &Db,
    rule: Uuid,
    at: chrono::DateTime<chrono::Utc>,
    id: Uuid,
) -> Result<Option<AlertEvent>, StoreError> {
    db.get_as(keys::alert_rule_pk(rule), keys::alert_event_sk(at, id)).await
}

/// A rule's firings, newest first.
pub async fn events(db: &Db, rule: Uuid, page: &PageRequest) -> Result<Page<AlertEvent>, StoreError> {
    let pk = keys::alert_rule_pk(rule);
    let query = db
        .client
        .query()
        .key_condition_expression("PK = :pk AND begins_with(SK, :e)")
        .expression_attribute_values(":pk", AttributeValue::S(pk.clone()))
        .expression_attribute_values(":e", AttributeValue::S(keys::alert_event_sk_prefix()))
        .scan_index_forward(false);
    db.query_page(query, page, (keys::PK, &pk)).await
}

/// Firings of every rule, newest first.
pub async fn recent_events(db: &Db, page: &PageRequest) -> Result<Page<AlertEvent>, StoreError> {
    let pk = keys::alert_events_index_pk();
    let query = db
        .client
        .query()
        .index_name(keys::GSI2)
        .key_condition_expression("GSI2PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(pk.clone()))
        .scan_index_forward(false);
    db.query_page(query, page, (keys::GSI2PK, &pk)).await
}

/// Forgets a rule's evaluation state (its condition changed: it starts afresh).
pub async fn reset_state(db: &Db, rule: Uuid) -> Result<(), StoreError> {
    db.client
        .delete_item()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::alert_rule_pk(rule)))
        .key(keys::SK, AttributeValue::S(keys::alert_state_sk()))
        .send()
        .await
        .map_err(StoreError::backend)?;
    Ok(())
}
