//! The table handle and the few generic helpers every access pattern shares.

use crate::{Page, PageRequest, StoreError};
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::query::builders::QueryFluentBuilder;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, KeysAndAttributes, TransactWriteItem};
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

    /// Reads one item by its full key and decodes it.
    pub(crate) async fn get_as<T: DeserializeOwned>(
        &self,
        pk: String,
        sk: String,
    ) -> Result<Option<T>, StoreError> {
        match self.get(pk, sk).await? {
            Some(item) => Ok(Some(serde_dynamo::from_item(item)?)),
            None => Ok(None),
        }
    }

    /// Writes (creates or replaces) one item, unconditionally.
    pub(crate) async fn put(&self, item: Item) -> Result<(), StoreError> {
        self.client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(item))
            .send()
            .await
            .map_err(StoreError::backend)?;
        Ok(())
    }

    /// Writes one item unconditionally together with the audit entry of the change.
    pub(crate) async fn put_audited(
        &self,
        item: Item,
        audit: &domain::audit::AuditEntry,
    ) -> Result<(), StoreError> {
        let put = aws_sdk_dynamodb::types::Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .build()
            .map_err(StoreError::backend)?;
        let tx = vec![TransactWriteItem::builder().put(put).build(), crate::audit::put(self, audit)?];
        self.transact(tx, "unconditional write").await
    }

    /// Deletes one existing item together with the audit entry of the deletion; `NotFound`
    /// when there was none.
    pub(crate) async fn delete_audited(
        &self,
        pk: String,
        sk: String,
        audit: &domain::audit::AuditEntry,
    ) -> Result<(), StoreError> {
        let delete = aws_sdk_dynamodb::types::Delete::builder()
            .table_name(&self.table)
            .key("PK", AttributeValue::S(pk))
            .key("SK", AttributeValue::S(sk))
            .condition_expression("attribute_exists(PK)")
            .build()
            .map_err(StoreError::backend)?;
        let tx = vec![TransactWriteItem::builder().delete(delete).build(), crate::audit::put(self, audit)?];
        match self.transact(tx, "gone").await {
            Err(StoreError::Conflict(_)) => Err(StoreError::NotFound),
            other => other,
        }
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

impl Db {
    /// Runs a query to the end (every page) and returns the raw items. Only for partitions whose
    /// size is bounded by the ATT&CK catalog, never by user activity.
    /// One page of `query` on this table, decoded (for queries bounded by their `limit`).
    pub(crate) async fn query_items<T: DeserializeOwned>(
        &self,
        query: QueryFluentBuilder,
    ) -> Result<Vec<T>, StoreError> {
        let out = query.table_name(&self.table).send().await.map_err(StoreError::backend)?;
        out.items
            .unwrap_or_default()
            .into_iter()
            .map(|i| serde_dynamo::from_item(i).map_err(Into::into))
            .collect()
    }

    pub(crate) async fn query_all(&self, query: QueryFluentBuilder) -> Result<Vec<Item>, StoreError> {
        let mut items = Vec::new();
        let mut start = None;
        loop {
            let out = query
                .clone()
                .table_name(&self.table)
                .set_exclusive_start_key(start)
                .send()
                .await
                .map_err(StoreError::backend)?;
            items.extend(out.items.unwrap_or_default());
            match out.last_evaluated_key {
                Some(k) if !k.is_empty() => start = Some(k),
                _ => return Ok(items),
            }
        }
    }

    /// Reads items by full key with one consistent `BatchGetItem` per 100 keys (sent together),
    /// asking again with backoff for the keys DynamoDB left unprocessed (throttling, the 16 MB
    /// response limit). Absent items are simply not returned; the order is DynamoDB's.
    pub(crate) async fn batch_get(&self, keys: Vec<(String, String)>) -> Result<Vec<Item>, StoreError> {
        let batches = keys.chunks(100).map(|chunk| {
            let keys: Vec<Item> = chunk
                .iter()
                .map(|(pk, sk)| {
                    HashMap::from([
                        ("PK".to_owned(), AttributeValue::S(pk.clone())),
                        ("SK".to_owned(), AttributeValue::S(sk.clone())),
                    ])
                })
                .collect();
            self.batch_get_chunk(keys)
        });
        Ok(futures::future::try_join_all(batches).await?.into_iter().flatten().collect())
    }

    async fn batch_get_chunk(&self, keys: Vec<Item>) -> Result<Vec<Item>, StoreError> {
        let mut request = KeysAndAttributes::builder()
            .set_keys(Some(keys))
            .consistent_read(true)
            .build()
            .map_err(StoreError::backend)?;
        let mut items = Vec::new();
        for attempt in 0..7u32 {
            let out = self
                .client
                .batch_get_item()
                .request_items(&self.table, request.clone())
                .send()
                .await
                .map_err(StoreError::backend)?;
            items.extend(out.responses.unwrap_or_default().remove(&self.table).unwrap_or_default());
            match out.unprocessed_keys.and_then(|mut u| u.remove(&self.table)) {
                Some(rest) if !rest.keys.is_empty() => {
                    request = rest;
                    tokio::time::sleep(std::time::Duration::from_millis(10 << attempt)).await;
                }
                _ => return Ok(items),
            }
        }
        Err(StoreError::Busy("DynamoDB kept leaving keys unprocessed; try again".into()))
    }

    /// Writes items with `BatchWriteItem`, 25 per request, retrying unprocessed items with
    /// backoff. Returns how many could not be written after the retries.
    pub(crate) async fn batch_put(&self, items: Vec<Item>) -> Result<usize, StoreError> {
        use aws_sdk_dynamodb::types::{PutRequest, WriteRequest};
        let mut failed = 0;
        let mut items = items.into_iter().peekable();
        while items.peek().is_some() {
            let mut chunk: Vec<WriteRequest> = Vec::with_capacity(25);
            for item in items.by_ref().take(25) {
                let put = PutRequest::builder().set_item(Some(item)).build().map_err(StoreError::backend)?;
                chunk.push(WriteRequest::builder().put_request(put).build());
            }
            let mut attempt = 0u32;
            while !chunk.is_empty() {
                let out = self
                    .client
                    .batch_write_item()
                    .request_items(&self.table, std::mem::take(&mut chunk))
                    .send()
                    .await
                    .map_err(StoreError::backend)?;
                chunk = out.unprocessed_items.and_then(|mut m| m.remove(&self.table)).unwrap_or_default();
                if chunk.is_empty() {
                    break;
                }
                attempt += 1;
                if attempt > 6 {
                    failed += chunk.len();
                    break;
                }
                // Unprocessed items mean throttling: back off exponentially (50 ms .. 3.2 s).
                tokio::time::sleep(std::time::Duration::from_millis(50 << attempt)).await;
            }
        }
        Ok(failed)
    }
}

/// How a cancelled transaction should be answered.
#[derive(Debug, PartialEq, Eq)]
enum TxFailure {
    /// One of our conditions did not hold: the caller's view of the data is stale.
    Condition,
    /// Another transaction touched the same item, or the table throttled: worth another try.
    Contention,
    Other,
}

fn classify(err: &SdkError<TransactWriteItemsError>) -> TxFailure {
    let SdkError::ServiceError(se) = err else { return TxFailure::Other };
    match se.err() {
        TransactWriteItemsError::TransactionCanceledException(e) => {
            let codes: Vec<&str> = e.cancellation_reasons().iter().filter_map(|r| r.code()).collect();
            if codes.contains(&"ConditionalCheckFailed") {
                TxFailure::Condition
            } else if codes.iter().any(|c| RETRYABLE.contains(c)) {
                TxFailure::Contention
            } else if codes.is_empty() {
                // DynamoDB Local leaves the reasons out at times; its message names them.
                let message = e.message().unwrap_or_default();
                if message.contains("ConditionalCheckFailed") {
                    TxFailure::Condition
                } else if RETRYABLE.iter().any(|c| message.contains(c)) {
                    TxFailure::Contention
                } else {
                    TxFailure::Other
                }
            } else {
                TxFailure::Other
            }
        }
        TransactWriteItemsError::TransactionInProgressException(_)
        | TransactWriteItemsError::ProvisionedThroughputExceededException(_)
        | TransactWriteItemsError::RequestLimitExceeded(_)
        | TransactWriteItemsError::ThrottlingException(_) => TxFailure::Contention,
        _ => TxFailure::Other,
    }
}

const RETRYABLE: [&str; 4] =
    ["TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded"];

/// Attempts of one transaction under contention (first try included).
const TX_ATTEMPTS: u32 = 6;

impl Db {
    /// Runs one `TransactWriteItems`. A cancellation by a concurrent transaction on the same
    /// items (or by throttling) is retried with full-jitter backoff; a failed condition is
    /// `Conflict(conflict)` at once; contention that outlasts the retries is `Busy`. Both
    /// become a 409, never a 500.
    pub(crate) async fn transact(
        &self,
        items: Vec<TransactWriteItem>,
        conflict: &str,
    ) -> Result<(), StoreError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let sent =
                self.client.transact_write_items().set_transact_items(Some(items.clone())).send().await;
            let err = match sent {
                Ok(_) => return Ok(()),
                Err(e) => e,
            };
            match classify(&err) {
                TxFailure::Condition => return Err(StoreError::Conflict(conflict.to_owned())),
                TxFailure::Contention if attempt < TX_ATTEMPTS => {
                    tokio::time::sleep(backoff(attempt)).await;
                }
                TxFailure::Contention => {
                    return Err(StoreError::Busy("the item is being changed by others; try again".into()));
                }
                TxFailure::Other => return Err(StoreError::backend(err)),
            }
        }
    }
}

/// Full jitter over an exponential ceiling: 20 ms, 40 ms, ... capped at 640 ms.
fn backoff(attempt: u32) -> std::time::Duration {
    let ceiling = 20u64 << attempt.min(5);
    std::time::Duration::from_millis(rand::random::<u64>() % ceiling + 1)
}

/// Whether an item with a TTL still counts: TTL deletion is lazy (days on AWS, never on
/// DynamoDB Local), so every read of such an item checks `expires_at` itself.
pub(crate) fn not_expired(item: &Item) -> bool {
    let expires =
        item.get(crate::keys::TTL_ATTR).and_then(|v| v.as_n().ok()).and_then(|n| n.parse::<i64>().ok());
    expires.is_none_or(|e| e > chrono::Utc::now().timestamp())
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
