//! Campaigns (`CAMPAIGN#<id>` / `META`, listed through GSI1 `CAMPAIGNS` by creation time), their
//! history (`HIST#<time>#<id>`) and the summaries of finished runs (`RUN#<n>`), in the campaign's
//! partition. A campaign is written whole, conditional on the version it was read at.

use crate::db::{Item, is_condition_failure, with_keys};
use crate::{Db, StoreError, Transaction, keys};
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem};
use domain::audit::AuditEntry;
use domain::campaign::{Campaign, CampaignEvent, RunSummary};
use uuid::Uuid;

fn item(c: &Campaign) -> Result<Item, StoreError> {
    with_keys(
        c,
        "campaign",
        &[
            (keys::PK, keys::campaign_pk(c.id)),
            (keys::SK, keys::campaign_sk()),
            (keys::GSI1PK, keys::campaigns_index_pk()),
            (keys::GSI1SK, keys::time_sort(c.created_at, c.id)),
        ],
    )
}

/// Adds to `tx`: the campaign, created (`before = None`) or replacing the version read.
pub fn write(
    tx: &mut Transaction,
    db: &Db,
    before: Option<&Campaign>,
    c: &Campaign,
) -> Result<(), StoreError> {
    let mut put = Put::builder().table_name(&db.table).set_item(Some(item(c)?));
    put = match before {
        None => put.condition_expression("attribute_not_exists(PK)"),
        Some(b) => put
            .condition_expression("version = :v")
            .expression_attribute_values(":v", AttributeValue::N(b.version.to_string())),
    };
    tx.push(TransactWriteItem::builder().put(put.build().map_err(StoreError::backend)?).build());
    Ok(())
}

/// Adds to `tx`: an entry of the campaign's history.
pub fn write_event(tx: &mut Transaction, db: &Db, e: &CampaignEvent) -> Result<(), StoreError> {
    let item = with_keys(
        e,
        "campaign_event",
        &[(keys::PK, keys::campaign_pk(e.campaign_id)), (keys::SK, keys::campaign_event_sk(e.at, e.id))],
    )?;
    let put =
        Put::builder().table_name(&db.table).set_item(Some(item)).build().map_err(StoreError::backend)?;
    tx.push(TransactWriteItem::builder().put(put).build());
    Ok(())
}

/// Adds to `tx`: the summary of a finished run, written once.
pub fn write_run(tx: &mut Transaction, db: &Db, campaign: Uuid, run: &RunSummary) -> Result<(), StoreError> {
    let item = with_keys(
        run,
        "campaign_run",
        &[(keys::PK, keys::campaign_pk(campaign)), (keys::SK, keys::campaign_run_sk(run.run))],
    )?;
    let put = Put::builder()
        .table_name(&db.table)
        .set_item(Some(item))
        .condition_expression("attribute_not_exists(PK)")
        .build()
        .map_err(StoreError::backend)?;
    tx.push(TransactWriteItem::builder().put(put).build());
    Ok(())
}

/// Writes a campaign change with its history and audit entries; `Conflict` when the campaign
/// changed since it was read.
pub async fn commit(
    db: &Db,
    before: Option<&Campaign>,
    after: &Campaign,
    event: &CampaignEvent,
    audit: Option<&AuditEntry>,
    mut tx: Transaction,
) -> Result<(), StoreError> {
    write(&mut tx, db, before, after)?;
    write_event(&mut tx, db, event)?;
    if let Some(a) = audit {
        crate::audit::write(&mut tx, db, a)?;
    }
    tx.commit(db, "the campaign changed meanwhile; reload it").await
}

pub async fn get(db: &Db, id: Uuid) -> Result<Option<Campaign>, StoreError> {
    db.get_as(keys::campaign_pk(id), keys::campaign_sk()).await
}

/// Every campaign, newest first (campaigns are few: the list is filtered in memory).
pub async fn all(db: &Db) -> Result<Vec<Campaign>, StoreError> {
    let query = db
        .client
        .query()
        .index_name(keys::GSI1)
        .key_condition_expression("GSI1PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(keys::campaigns_index_pk()))
        .scan_index_forward(false);
    db.query_all(query).await?.into_iter().map(|i| serde_dynamo::from_item(i).map_err(Into::into)).collect()
}

/// The campaign's history, oldest first.
pub async fn events(db: &Db, id: Uuid) -> Result<Vec<CampaignEvent>, StoreError> {
    of_kind(db, id, "HIST#").await
}

/// Summaries of its finished runs, oldest first.
pub async fn runs(db: &Db, id: Uuid) -> Result<Vec<RunSummary>, StoreError> {
    of_kind(db, id, "RUN#").await
}

async fn of_kind<T: serde::de::DeserializeOwned>(
    db: &Db,
    id: Uuid,
    prefix: &str,
) -> Result<Vec<T>, StoreError> {
    let query = db
        .client
        .query()
        .key_condition_expression("PK = :pk AND begins_with(SK, :p)")
        .expression_attribute_values(":pk", AttributeValue::S(keys::campaign_pk(id)))
        .expression_attribute_values(":p", AttributeValue::S(prefix.to_owned()))
        .consistent_read(true);
    db.query_all(query).await?.into_iter().map(|i| serde_dynamo::from_item(i).map_err(Into::into)).collect()
}

/// Deletes a campaign (planned ones only) with its history and audit entry.
pub async fn delete(db: &Db, c: &Campaign, audit: &AuditEntry) -> Result<(), StoreError> {
    let res = db
        .client
        .delete_item()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::campaign_pk(c.id)))
        .key(keys::SK, AttributeValue::S(keys::campaign_sk()))
        .condition_expression("version = :v AND #status = :planned")
        .expression_attribute_names("#status", "status")
        .expression_attribute_values(":v", AttributeValue::N(c.version.to_string()))
        .expression_attribute_values(":planned", AttributeValue::S("planned".into()))
        .send()
        .await;
    match res {
        Ok(_) => {}
        Err(e) if is_condition_failure(&e) => {
            return Err(StoreError::Conflict("the campaign changed meanwhile".into()));
        }
        Err(e) => return Err(StoreError::backend(e)),
    }
    crate::audit::record(db, audit).await?;
    for e in events(db, c.id).await? {
        let _ = db
            .client
            .delete_item()
            .table_name(&db.table)
            .key(keys::PK, AttributeValue::S(keys::campaign_pk(c.id)))
            .key(keys::SK, AttributeValue::S(keys::campaign_event_sk(e.at, e.id)))
            .send()
            .await;
    }
    Ok(())
}
