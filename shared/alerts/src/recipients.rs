//! Who a rule tells: active users holding one of its roles, and the users it names.

use domain::alerts::AlertRule;
use domain::ids::UserId;
use platform::AppState;
use std::collections::BTreeSet;
use store::{PageRequest, StoreError};

/// The recipients' ids, each once (the user directory is read page by page).
pub async fn resolve(state: &AppState, rule: &AlertRule) -> Result<Vec<UserId>, StoreError> {
    let mut out = BTreeSet::new();
    let mut page = PageRequest::first(500);
    loop {
        let p = store::users::list(&state.db, &page).await?;
        for u in p.items.iter().filter(|u| u.is_active) {
            if rule.recipients.roles.contains(&u.role) || rule.recipients.users.contains(&u.id) {
                out.insert(u.id);
            }
        }
        match p.next_cursor {
            Some(c) => page = PageRequest::new(Some(500), Some(c)),
            None => return Ok(out.into_iter().collect()),
        }
    }
}
