//! When ATT&CK revokes a technique in favour of another, what users attached to the old one
//! moves to the replacement: its validation tests (with a history entry each, so their coverage
//! and scores follow), its review mark (unless the replacement has its own) and custom actor
//! mappings. Each move is recorded in the run and can be reverted by an admin.

use chrono::Utc;
use domain::audit::AuditEntry;
use domain::catalog::{ActorMapping, Review, Technique};
use domain::ids::{AttackDomain, AttackId};
use domain::lifecycle::{Actor, Command, TechniqueRef};
use domain::sync::Repoint;
use lifecycle::Origin;
use platform::AppState;
use store::catalog;
use store::{Db, StoreError};
use uuid::Uuid;

/// Moves the tests of `from` (all, or only `only`) onto `to` through the lifecycle (each with its
/// history, audit entry and both techniques' coverage counters); returns the ids moved. A test
/// moved or deleted meanwhile is left as it is.
async fn move_tests(
    state: &AppState,
    domain: &str,
    from: &str,
    to: &Technique,
    only: Option<&[Uuid]>,
    origin: &Origin,
    comment: &str,
) -> Result<Vec<Uuid>, StoreError> {
    let mut moved = Vec::new();
    let (Ok(attack_id), Ok(domain_id)) = (AttackId::parse(&to.attack_id), domain.parse::<AttackDomain>())
    else {
        tracing::warn!(to = %to.attack_id, domain, "not a technique tests can move to; they stay");
        return Ok(moved);
    };
    let technique =
        TechniqueRef { attack_id, name: to.name.clone(), tactics: to.tactics.clone(), domain: domain_id };
    for test in store::validation::of_technique(&state.db, domain, from).await? {
        if only.is_some_and(|ids| !ids.contains(&test.id)) {
            continue;
        }
        let command = Command::Repoint {
            from: from.to_owned(),
            technique: technique.clone(),
            comment: comment.to_owned(),
        };
        match lifecycle::run(state, origin, test.id, command).await {
            Ok(_) => moved.push(test.id),
            // Moved elsewhere or deleted since the index was read.
            Err(lifecycle::Error::Refused(why)) => {
                tracing::info!(test_id = %test.id, %why, "test not re-pointed")
            }
            Err(lifecycle::Error::Store(e)) => return Err(e),
            Err(lifecycle::Error::Busy(why)) => return Err(StoreError::Busy(why)),
        }
    }
    Ok(moved)
}

/// The audit entry of one move, by the sync (or the admin who reverts it).
fn entry(
    actor: &str,
    action: &str,
    target_type: &str,
    target_id: &str,
    summary: serde_json::Value,
) -> AuditEntry {
    AuditEntry {
        id: Uuid::new_v4(),
        at: Utc::now(),
        actor_id: None,
        actor_username: Some(actor.to_owned()),
        action: action.into(),
        target_type: target_type.into(),
        target_id: Some(target_id.to_owned()),
        ip: None,
        summary,
    }
}

/// Moves a custom actor mapping from one technique to another, each write with its audit entry.
async fn move_mapping(
    db: &Db,
    domain: &str,
    moved: &ActorMapping,
    from: &str,
    by: &str,
) -> Result<(), StoreError> {
    let summary =
        serde_json::json!({ "domain": domain, "technique_id": moved.technique_id, "repointed_from": from });
    catalog::put_mapping(
        db,
        domain,
        moved,
        &entry(by, "threat_actor.map", "threat_actor", &moved.actor_id, summary),
    )
    .await?;
    let summary =
        serde_json::json!({ "domain": domain, "technique_id": from, "repointed_to": moved.technique_id });
    let unmap = entry(by, "threat_actor.unmap", "threat_actor", &moved.actor_id, summary);
    catalog::delete_mapping(db, domain, &moved.actor_id, from, &unmap).await.or_else(ignore_missing)
}

/// Moves the user data of `from` to `to`; `None` when there was nothing to move.
pub async fn repoint(
    state: &AppState,
    domain: &str,
    from: &str,
    to: &str,
) -> Result<Option<Repoint>, StoreError> {
    let db = &state.db;
    let Some(replacement) = catalog::get::<Technique>(db, domain, to).await? else {
        tracing::warn!(from, to, "replacement technique not in the catalog; user data stays");
        return Ok(None);
    };
    let comment = format!("ATT&CK revoked {from} in favour of {to}");
    let sync = Origin::new(Actor::process("mitre-sync"), None);
    let tests_moved = move_tests(state, domain, from, &replacement, None, &sync, &comment).await?;
    let mut review_moved = false;
    if let Some(review) = catalog::review(db, domain, from).await? {
        let moved = Review { attack_id: to.to_owned(), repointed_from: Some(from.to_owned()), ..review };
        review_moved = catalog::put_review_if_absent(db, domain, &moved).await?;
    }
    let mut mappings_moved = Vec::new();
    for m in catalog::mappings_of_technique(db, domain, from).await? {
        let moved =
            ActorMapping { technique_id: to.to_owned(), repointed_from: Some(from.to_owned()), ..m.clone() };
        move_mapping(db, domain, &moved, from, "mitre-sync").await?;
        mappings_moved.push(m.actor_id);
    }
    if !review_moved && mappings_moved.is_empty() && tests_moved.is_empty() {
        return Ok(None);
    }
    Ok(Some(Repoint {
        from: from.to_owned(),
        to: to.to_owned(),
        review_moved,
        mappings_moved,
        tests_moved,
        reverted_at: None,
        reverted_by: None,
    }))
}

/// Undoes a re-point: the moved tests and mappings go back to the old technique, the copied
/// review mark is deleted. Tests moved elsewhere or deleted since are left as they are.
pub async fn revert(state: &AppState, domain: &str, r: &Repoint, origin: &Origin) -> Result<(), StoreError> {
    let db = &state.db;
    let by = origin.actor.username.as_str();
    if !r.tests_moved.is_empty() {
        match catalog::get::<Technique>(db, domain, &r.from).await? {
            Some(original) => {
                let comment = format!("re-point from {} to {} reverted", r.from, r.to);
                move_tests(state, domain, &r.to, &original, Some(&r.tests_moved), origin, &comment).await?;
            }
            None => tracing::warn!(from = %r.from, "revoked technique gone from the catalog; tests stay"),
        }
    }
    if r.review_moved {
        catalog::delete_repointed_review(db, domain, &r.to, &r.from).await?;
    }
    for actor in &r.mappings_moved {
        let back = ActorMapping {
            actor_id: actor.clone(),
            technique_id: r.from.clone(),
            added_by: None,
            added_at: Utc::now(),
            repointed_from: None,
        };
        let original = catalog::mappings_of_technique(db, domain, &r.to)
            .await?
            .into_iter()
            .find(|m| &m.actor_id == actor && m.repointed_from.as_deref() == Some(r.from.as_str()));
        let back = match original {
            Some(m) => ActorMapping { added_by: m.added_by, added_at: m.added_at, ..back },
            None => back,
        };
        move_mapping(db, domain, &back, &r.to, by).await?;
    }
    Ok(())
}

fn ignore_missing(e: StoreError) -> Result<(), StoreError> {
    match e {
        StoreError::NotFound => Ok(()),
        other => Err(other),
    }
}
