//! The automatic retest after a remediation is complete.

use chrono::Utc;
use domain::events::RemediationChanged;
use domain::validation::{HistoryEntry, Notification, StepStatus, Test, TestState, Votes};
use store::StoreError;
use uuid::Uuid;
use web::AppState;

/// Creates the retest of the chain the remediated test belongs to. `None` when the limit is
/// reached, the steps are not all done (anymore), or this completion already produced one.
pub(crate) async fn create(state: &AppState, e: &RemediationChanged) -> Result<Option<Uuid>, StoreError> {
    let steps = store::remediation::list(&state.db, e.test_id).await?;
    if steps.is_empty() || steps.iter().any(|s| s.status != StepStatus::Done) {
        return Ok(None);
    }
    let Some(remediated) = store::validation::get(&state.db, e.test_id).await? else { return Ok(None) };
    let root_id = remediated.retest_of.unwrap_or(remediated.id);
    // One retest per completed set of steps (each step at its version), however often and from
    // however many completions the event arrives: concurrent last completions agree on this id.
    let mut done: Vec<String> = steps.iter().map(|s| format!("{}@{}", s.id, s.version)).collect();
    done.sort();
    let id =
        Uuid::new_v5(&Uuid::NAMESPACE_OID, format!("retest:{}:{}", e.test_id, done.join(",")).as_bytes());
    let max = state.config.max_retest_count;
    for _ in 0..10 {
        let Some(root) = store::validation::get(&state.db, root_id).await? else { return Ok(None) };
        if root.retests.contains(&id) {
            return Ok(None);
        }
        if root.retests.len() as u32 >= max {
            tracing::info!(test_id = %root.id, max, "retest limit reached");
            return Ok(None);
        }
        let now = Utc::now();
        let title =
            format!("Retest {} of {}", root.retests.len() + 1, root.title.trim_start_matches("Retest "));
        let retest = Test {
            id,
            title,
            state: TestState::Draft,
            created_by: "system".into(),
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
        let history = HistoryEntry {
            id: Uuid::new_v4(),
            test_id: id,
            at: now,
            actor: "system".into(),
            action: "retest".into(),
            from: None,
            to: Some(TestState::Draft),
            comment: Some(format!("automatic retest after the remediation of test {}", e.test_id)),
        };
        let audit = domain::audit::AuditEntry {
            id: Uuid::new_v4(),
            at: now,
            actor_id: None,
            actor_username: None,
            action: "test.retest".into(),
            target_type: "test".into(),
            target_id: Some(id.to_string()),
            ip: None,
            summary: serde_json::json!({ "retest_of": root.id, "remediated": e.test_id }),
        };
        match store::validation::create(&state.db, &retest, &history, &audit, Some((&root, max))).await {
            Ok(()) => {
                notify_red(state, &retest).await?;
                return Ok(Some(id));
            }
            // The root changed meanwhile (another retest, a concurrent delivery): look again.
            Err(StoreError::Conflict(why)) => {
                tracing::info!(test_id = %root.id, why, "retest creation raced; retrying");
                continue;
            }
            Err(other) => return Err(other),
        }
    }
    Ok(None)
}

async fn notify_red(state: &AppState, retest: &Test) -> Result<(), StoreError> {
    let users = crate::notify::active_users(state).await?;
    for u in users.iter().filter(|u| {
        retest.assigned_red.as_deref().map_or(u.role == domain::Role::RedTech, |a| u.username.as_str() == a)
    }) {
        let n = Notification {
            id: Uuid::new_v5(&retest.id, u.id.as_bytes()),
            user_id: u.id,
            kind: "retest_created".into(),
            message: format!(
                "Retest \"{}\" ({}) was created after remediation",
                retest.title, retest.technique_id
            ),
            test_id: Some(retest.id),
            created_at: Utc::now(),
            read: false,
        };
        store::notifications::put_once(&state.db, &n).await?;
    }
    Ok(())
}
