//! Fixed-window rate limiting counted in DynamoDB, so the limit holds across every Lambda
//! instance: one atomic `ADD` per attempt on the item of the current window.

use crate::{Db, StoreError, keys};
use aws_sdk_dynamodb::types::{AttributeValue, ReturnValue};

/// Outcome of counting one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed {
        remaining: u32,
    },
    /// Over the limit; retry after this many seconds (the rest of the window).
    Limited {
        retry_after_secs: u64,
    },
}

/// Counts one attempt of `client` in `scope` at `now` (unix seconds) and decides.
pub async fn hit(
    db: &Db,
    scope: &str,
    client: &str,
    limit: u32,
    window_secs: i64,
    now: i64,
) -> Result<Decision, StoreError> {
    let window_start = now - now.rem_euclid(window_secs);
    let window_end = window_start + window_secs;
    let out = db
        .client
        .update_item()
        .table_name(&db.table)
        .key(keys::PK, AttributeValue::S(keys::rate_limit_pk(scope, client)))
        .key(keys::SK, AttributeValue::S(keys::rate_limit_sk(window_start)))
        .update_expression("ADD attempts :one SET #ttl = :ttl, entity = :entity, version = :v")
        .expression_attribute_names("#ttl", keys::TTL_ATTR)
        .expression_attribute_values(":one", AttributeValue::N("1".into()))
        .expression_attribute_values(":ttl", AttributeValue::N((window_end + window_secs).to_string()))
        .expression_attribute_values(":entity", AttributeValue::S("rate_limit".into()))
        .expression_attribute_values(":v", AttributeValue::N("1".into()))
        .return_values(ReturnValue::UpdatedNew)
        .send()
        .await
        .map_err(StoreError::backend)?;
    let attempts = out
        .attributes
        .and_then(|a| a.get("attempts").and_then(|v| v.as_n().ok()).and_then(|n| n.parse::<u32>().ok()))
        .ok_or_else(|| StoreError::Corrupt("rate limit counter missing".into()))?;
    Ok(if attempts > limit {
        Decision::Limited { retry_after_secs: (window_end - now).max(1) as u64 }
    } else {
        Decision::Allowed { remaining: limit - attempts }
    })
}
