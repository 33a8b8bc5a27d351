//! Telling the red team about an automatic retest (created, with its decision, in the
//! transaction that completed the remediation).

use chrono::Utc;
use domain::events::RetestCreated;
use domain::validation::Notification;
use platform::AppState;
use store::StoreError;
use uuid::Uuid;

/// Notifies the retest's red assignee, else every active red tech; ids derive from the retest
/// and the user, so a redelivered event notifies nobody twice.
pub(crate) async fn created(state: &AppState, e: &RetestCreated) -> Result<usize, StoreError> {
    let users = crate::notify::active_users(state).await?;
    let recipients: Vec<_> = users
        .iter()
        .filter(|u| {
            e.assigned_red.as_deref().map_or(u.role == domain::Role::RedTech, |a| u.username.as_str() == a)
        })
        .collect();
    for u in &recipients {
        let n = Notification {
            id: Uuid::new_v5(&e.retest_id, u.id.as_uuid().as_bytes()),
            user_id: u.id,
            kind: "retest_created".into(),
            message: format!("Retest \"{}\" ({}) was created after remediation", e.title, e.technique_id),
            test_id: Some(e.retest_id),
            rule_id: None,
            campaign_id: None,
            created_at: Utc::now(),
            read: false,
        };
        store::notifications::put_once(&state.db, &n).await?;
    }
    Ok(recipients.len())
}
