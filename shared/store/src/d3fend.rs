//! D3FEND countermeasures (`D3FEND#<uuid>` / `D3FEND`, on GSI1 under `D3FENDS` by D3FEND id), a
//! library collection (see [`crate::library`]), and which of them the organisation has deployed
//! (`D3DEPLOY` / `<D3FEND id>`: one partition, read whole and consistently).

use crate::db::with_keys;
use crate::library::{self, Entry};
use crate::{Db, StoreError, keys};
use aws_sdk_dynamodb::types::AttributeValue;
use domain::d3fend::{Countermeasure, Deployment};
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

impl Entry for Countermeasure {
    const ENTITY: &'static str = "countermeasure";
    const PREFIX: &'static str = "D3FEND";
    const INDEX: &'static str = "D3FENDS";
    const KEPT: &'static [&'static str] = &[];

    fn id(&self) -> Uuid {
        self.id
    }
    fn index_sk(&self) -> String {
        keys::library_index_sk("d3fend", &self.content.technique.id)
    }
    fn sort_key(&self) -> String {
        self.content.technique.id.clone()
    }
}

pub type CountermeasureView = library::View<Countermeasure>;

pub async fn view(db: &Db) -> Result<Arc<CountermeasureView>, StoreError> {
    library::view(db).await
}

pub async fn stored(db: &Db) -> Result<Vec<Countermeasure>, StoreError> {
    library::of_origin(db, "d3fend").await
}

/// Every deployment mark, by D3FEND id.
pub async fn deployments(db: &Db) -> Result<HashMap<String, Deployment>, StoreError> {
    let query = db
        .client
        .query()
        .key_condition_expression("PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(keys::deployments_pk()))
        .consistent_read(true);
    let mut out = HashMap::new();
    for item in db.query_all(query).await? {
        let d: Deployment = serde_dynamo::from_item(item)?;
        out.insert(d.d3fend_id.clone(), d);
    }
    Ok(out)
}

/// Records whether a countermeasure is deployed, with the audit entry.
pub async fn put_deployment(
    db: &Db,
    d: &Deployment,
    audit: &domain::audit::AuditEntry,
) -> Result<(), StoreError> {
    let item =
        with_keys(d, "deployment", &[(keys::PK, keys::deployments_pk()), (keys::SK, d.d3fend_id.clone())])?;
    db.put_audited(item, audit).await
}
