//! The automatic retest: when the last remediation step of a test is done, a new draft of the
//! same technique and procedure starts, linked to the first test of the chain.

use super::Record;
use crate::events::{DomainEvent, RetestCreated};
use crate::validation::{RemediationStep, Test, TestState, Votes};
use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

/// Steps per test: the transaction that completes the last one checks every other step, and a
/// DynamoDB transaction holds at most 100 items.
pub const MAX_STEPS_PER_TEST: usize = 40;

/// A retest to write: the new draft and the chain's first test with the link added.
#[derive(Debug, Clone, PartialEq)]
pub struct Retest {
    pub retest: Test,
    /// `root` as read, for the conditional write.
    pub root_before: Test,
    pub root: Test,
    pub record: Record,
    pub event: DomainEvent,
}

/// The retest of `remediated` (whose steps are all done, as given) in the chain of `root`, or
/// `None` when the chain already has `max` retests. Its id comes from the steps and their
/// versions, so however often the completion is retried it names the same retest.
pub fn retest(
    root: &Test,
    remediated: &Test,
    steps: &[RemediationStep],
    max: u32,
    now: DateTime<Utc>,
) -> Option<Retest> {
    if root.retests.len() as u32 >= max {
        return None;
    }
    let mut done: Vec<String> = steps.iter().map(|s| format!("{}@{}", s.id, s.version)).collect();
    done.sort();
    let id =
        Uuid::new_v5(&Uuid::NAMESPACE_OID, format!("retest:{}:{}", remediated.id, done.join(",")).as_bytes());
    let title = format!("Retest {} of {}", root.retests.len() + 1, root.title.trim_start_matches("Retest "));
    let retest = Test {
        id,
        title,
        state: TestState::Draft,
        created_by: "system".into(),
        created_by_id: None,
        red: None,
        blue: None,
        votes: Votes::default(),
        round: 1,
        retest_of: Some(root.id),
        retests: Vec::new(),
        created_at: now,
        updated_at: now,
        validated_at: None,
        version: 1,
        ..remediated.clone()
    };
    let mut linked = root.clone();
    linked.retests.push(id);
    linked.version += 1;
    let record = Record {
        action: "retest",
        from: None,
        to: Some(TestState::Draft),
        comment: Some(format!("automatic retest after the remediation of test {}", remediated.id)),
        summary: json!({ "retest_of": root.id, "remediated": remediated.id }),
    };
    let event = DomainEvent::RetestCreated(RetestCreated {
        retest_id: id,
        original_id: root.id,
        remediated_id: remediated.id,
        title: retest.title.clone(),
        technique_id: retest.technique_id.clone(),
        assigned_red: retest.assigned_red.clone(),
    });
    Some(Retest { retest, root_before: root.clone(), root: linked, record, event })
}
