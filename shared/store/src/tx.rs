//! One DynamoDB transaction assembled from the elements each entity module contributes (a test
//! with its coverage counters, a history entry, an audit entry, outbox events, condition checks
//! on related items), committed with [`Db::transact`]'s retry on contention.

use crate::{Db, StoreError};
use aws_sdk_dynamodb::types::TransactWriteItem;
use std::collections::BTreeSet;

/// DynamoDB's limit on the elements of one transaction.
pub const MAX_ITEMS: usize = 100;

#[derive(Debug, Default)]
pub struct Transaction {
    pub(crate) items: Vec<TransactWriteItem>,
    /// (domain, shard) of the coverage items written: each shard's version is raised once at
    /// commit (one transaction may not touch an item twice, and two techniques often share one).
    coverage_shards: BTreeSet<(String, usize)>,
}

impl Transaction {
    pub fn new() -> Self {
        Self::default()
    }

    pub(crate) fn push(&mut self, item: TransactWriteItem) {
        self.items.push(item);
    }

    /// Records that a coverage item of `technique` is written.
    pub(crate) fn touch_coverage(&mut self, domain: &str, technique: &str) {
        self.coverage_shards.insert((domain.to_owned(), crate::coverage_view::shard_of(technique)));
    }

    /// Elements the commit will send.
    pub fn len(&self) -> usize {
        self.items.len() + self.coverage_shards.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Commits every element or none. `Conflict(conflict)` when a condition failed (the caller
    /// read stale data), `Busy` when contention outlasted the retries.
    pub async fn commit(mut self, db: &Db, conflict: &str) -> Result<(), StoreError> {
        if self.len() > MAX_ITEMS {
            return Err(StoreError::backend_message(format!(
                "a transaction holds at most {MAX_ITEMS} elements, not {}",
                self.len()
            )));
        }
        for (domain, shard) in std::mem::take(&mut self.coverage_shards) {
            self.items.push(crate::coverage_view::bump_shard(db, &domain, shard)?);
        }
        db.transact(self.items, conflict).await
    }
}
