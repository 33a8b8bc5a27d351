//! One DynamoDB transaction assembled from the elements each entity module contributes (a test
//! with its coverage counters, a history entry, an audit entry, outbox events, condition checks
//! on related items), committed with [`Db::transact`]'s retry on contention.

use crate::{Db, StoreError};
use aws_sdk_dynamodb::types::TransactWriteItem;

/// DynamoDB's limit on the elements of one transaction.
pub const MAX_ITEMS: usize = 100;

#[derive(Debug, Default)]
pub struct Transaction {
    pub(crate) items: Vec<TransactWriteItem>,
}

impl Transaction {
    pub fn new() -> Self {
        Self::default()
    }

    pub(crate) fn push(&mut self, item: TransactWriteItem) {
        self.items.push(item);
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Commits every element or none. `Conflict(conflict)` when a condition failed (the caller
    /// read stale data), `Busy` when contention outlasted the retries.
    pub async fn commit(self, db: &Db, conflict: &str) -> Result<(), StoreError> {
        if self.items.len() > MAX_ITEMS {
            return Err(StoreError::backend_message(format!(
                "a transaction holds at most {MAX_ITEMS} elements, not {}",
                self.items.len()
            )));
        }
        db.transact(self.items, conflict).await
    }
}
