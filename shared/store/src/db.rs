//! The table handle and the few generic helpers every access pattern shares.

use crate::{Page, PageRequest, StoreError};
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;
use aws_sdk_dynamodb::types::AttributeValue;
use serde::de::DeserializeOwned;
use std::collections::HashMap;

pub type Item = HashMap<String, AttributeValue>;

/// A DynamoDB client bound to the Aegis table.
#[derive(Clone, Debug)]
pub struct Db {
    pub client: Client,
    pub table: String,
}

impl Db {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self { client, table: table.into() }
    }

    /// Reads one item by its full key, strongly consistent.
    pub(crate) async fn get(&self, pk: String, sk: String) -> Result<Option<Item>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("PK", AttributeValue::S(pk))
            .key("SK", AttributeValue::S(sk))
            .consistent_read(true)
            .send()
            .await
            .map_err(StoreError::backend)?;
        Ok(out.item)
    }

    /// Runs one page of a query and decodes its items; `pk_attr`/`pk_value` pin the cursor to
    /// the partition it was issued for, so a forged cursor cannot read elsewhere.
    pub(crate) async fn query_page<T: DeserializeOwned>(
        &self,
        query: QueryFluentBuilder,
        page: &PageRequest,
        partition: (&str, &str),
    ) -> Result<Page<T>, StoreError> {
        let mut query = query.table_name(&self.table).limit(page.limit as i32);
        if let Some(cursor) = &page.cursor {
            if cursor.get(partition.0) != Some(partition.1) {
                return Err(StoreError::BadCursor);
            }
            query = query.set_exclusive_start_key(Some(cursor.to_key()));
        }
        let out = query.send().await.map_err(|e| match &e {
            SdkError::ServiceError(se)
                if se.err().meta().code() == Some("ValidationException") && page.cursor.is_some() =>
            {
                StoreError::BadCursor
            }
            _ => StoreError::backend(e),
        })?;
        let items = out
            .items
            .unwrap_or_default()
            .into_iter()
            .map(serde_dynamo::from_item)
            .collect::<Result<Vec<T>, _>>()?;
        let next = out.last_evaluated_key.map(|k| crate::Cursor::from_key(&k));
        Ok(Page { items, next_cursor: next })
    }
}

/// Adds the key attributes and entity metadata to a serialised record.
pub(crate) fn with_keys<T: serde::Serialize>(
    record: &T,
    entity: &str,
    keys: &[(&str, String)],
) -> Result<Item, StoreError> {
    let mut item: Item = serde_dynamo::to_item(record)?;
    for (name, value) in keys {
        item.insert((*name).to_owned(), AttributeValue::S(value.clone()));
    }
    item.insert("entity".into(), AttributeValue::S(entity.into()));
    item.entry("version".into()).or_insert_with(|| AttributeValue::N("1".into()));
    Ok(item)
}

/// True when a transaction or write failed only because one of its conditions did not hold.
pub(crate) fn is_condition_failure<E: aws_sdk_dynamodb::error::ProvideErrorMetadata>(
    err: &SdkError<E>,
) -> bool {
    match err {
        SdkError::ServiceError(se) => {
            matches!(
                se.err().code(),
                Some("ConditionalCheckFailedException") | Some("TransactionCanceledException")
            ) && se
                .err()
                .message()
                .is_none_or(|m| m.contains("ConditionalCheckFailed") || !m.contains("TransactionConflict"))
        }
        _ => false,
    }
}
