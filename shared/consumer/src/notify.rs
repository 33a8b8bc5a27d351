//! Notifications for whoever must act next.

use chrono::Utc;
use domain::Role;
use domain::events::TestTransitioned;
use domain::ids::UserId;
use domain::user::User;
use domain::validation::{Notification, Side, TestState};
use platform::AppState;
use store::{PageRequest, StoreError};
use uuid::Uuid;

/// Every active user (the organisation's user list is small and bounded).
pub(crate) async fn active_users(state: &AppState) -> Result<Vec<User>, StoreError> {
    let mut users = Vec::new();
    let mut page = PageRequest::first(500);
    loop {
        let p = store::users::list(&state.db, &page).await?;
        users.extend(p.items.into_iter().filter(|u| u.is_active));
        match p.next_cursor {
            Some(c) => page = PageRequest::new(Some(500), Some(c)),
            None => return Ok(users),
        }
    }
}

/// A deterministic id, so a redelivered event writes the same notification again instead of a
/// second one.
fn notification_id(event: &TestTransitioned, user: UserId) -> Uuid {
    let key = format!("{}:{}:{}:{}", event.test_id, event.action, event.to.as_str(), user);
    Uuid::new_v5(&Uuid::NAMESPACE_OID, key.as_bytes())
}

pub(crate) async fn transition(state: &AppState, e: &TestTransitioned) -> Result<usize, StoreError> {
    if e.from == Some(e.to) {
        return Ok(0); // a vote that left the test in review: nobody new has to act
    }
    let Some(test) = store::validation::get(&state.db, e.test_id).await? else { return Ok(0) };
    if test.state != e.to {
        return Ok(0); // already moved on; the later event notifies
    }
    let users = active_users(state).await?;
    // By id where the test keeps one (a namesake of a deleted user is someone else), else by name.
    let find = |(id, name): (Option<UserId>, &str)| {
        users.iter().find(|u| id.map_or(u.username.as_str() == name, |id| u.id == id))
    };
    let of_roles = |roles: &[Role]| users.iter().filter(|u| roles.contains(&u.role)).collect::<Vec<_>>();
    let (kind, recipients, message): (&str, Vec<&User>, String) = match e.to {
        TestState::Draft | TestState::RedExecuting => {
            let who = test
                .assignee(Side::Red)
                .and_then(find)
                .map(|u| vec![u])
                .unwrap_or_else(|| of_roles(&[Role::RedTech]));
            let what = if e.to == TestState::Draft { "is ready to execute" } else { "is being executed" };
            ("action_required", who, format!("Test \"{}\" ({}) {what}", test.title, test.technique_id))
        }
        TestState::BlueEvaluating => {
            let who = test
                .assignee(Side::Blue)
                .and_then(find)
                .map(|u| vec![u])
                .unwrap_or_else(|| of_roles(&[Role::BlueTech]));
            (
                "action_required",
                who,
                format!(
                    "Test \"{}\" ({}) waits for the blue team's evaluation",
                    test.title, test.technique_id
                ),
            )
        }
        TestState::InReview => (
            "action_required",
            of_roles(&[Role::RedLead, Role::BlueLead]),
            format!("Test \"{}\" ({}) waits for your review vote", test.title, test.technique_id),
        ),
        TestState::Validated | TestState::Rejected => {
            let mut who: Vec<&User> = [
                Some((test.created_by_id, test.created_by.as_str())),
                test.assignee(Side::Red),
                test.assignee(Side::Blue),
            ]
            .into_iter()
            .flatten()
            .filter_map(find)
            .collect();
            let (kind, verdict) = if e.to == TestState::Validated {
                // "approved": the test's verdict, not the technique's coverage status.
                ("test_validated", "was approved")
            } else {
                who.extend(of_roles(&[Role::RedLead, Role::BlueLead]));
                ("test_rejected", "was rejected and can be reopened")
            };
            (kind, who, format!("Test \"{}\" ({}) {verdict}", test.title, test.technique_id))
        }
    };
    let mut sent = std::collections::HashSet::new();
    for user in recipients {
        if user.id == e.actor_id || !sent.insert(user.id) {
            continue;
        }
        let n = Notification {
            id: notification_id(e, user.id),
            user_id: user.id,
            kind: kind.into(),
            message: message.clone(),
            test_id: Some(test.id),
            rule_id: None,
            campaign_id: None,
            created_at: Utc::now(),
            read: false,
        };
        store::notifications::put_once(&state.db, &n).await?;
    }
    Ok(sent.len())
}
