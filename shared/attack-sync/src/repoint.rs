//! When ATT&CK revokes a technique in favour of another, what users attached to the old one
//! moves to the replacement: its review mark (unless the replacement has its own) and custom
//! actor mappings. Each move is recorded in the run and can be reverted by an admin.

use chrono::Utc;
use domain::catalog::{ActorMapping, Review, Technique};
use domain::sync::Repoint;
use store::catalog;
use store::{Db, StoreError};

/// Moves the user data of `from` to `to`; `None` when there was nothing to move.
pub async fn repoint(db: &Db, domain: &str, from: &str, to: &str) -> Result<Option<Repoint>, StoreError> {
    if catalog::get::<Technique>(db, domain, to).await?.is_none() {
        tracing::warn!(from, to, "replacement technique not in the catalog; user data stays");
        return Ok(None);
    }
    let mut review_moved = false;
    if let Some(review) = catalog::review(db, domain, from).await? {
        let moved = Review { attack_id: to.to_owned(), repointed_from: Some(from.to_owned()), ..review };
        review_moved = catalog::put_review_if_absent(db, domain, &moved).await?;
    }
    let mut mappings_moved = Vec::new();
    for m in catalog::mappings_of_technique(db, domain, from).await? {
        let moved =
            ActorMapping { technique_id: to.to_owned(), repointed_from: Some(from.to_owned()), ..m.clone() };
        catalog::put_mapping(db, domain, &moved).await?;
        catalog::delete_mapping(db, domain, &m.actor_id, from).await.or_else(ignore_missing)?;
        mappings_moved.push(m.actor_id);
    }
    if !review_moved && mappings_moved.is_empty() {
        return Ok(None);
    }
    Ok(Some(Repoint {
        from: from.to_owned(),
        to: to.to_owned(),
        review_moved,
        mappings_moved,
        tests_moved: Vec::new(),
        reverted_at: None,
        reverted_by: None,
    }))
}

/// Undoes a re-point: the copied review mark is deleted, mappings go back to the old technique.
pub async fn revert(db: &Db, domain: &str, r: &Repoint) -> Result<(), StoreError> {
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
        catalog::put_mapping(db, domain, &back).await?;
        catalog::delete_mapping(db, domain, actor, &r.to).await.or_else(ignore_missing)?;
    }
    Ok(())
}

fn ignore_missing(e: StoreError) -> Result<(), StoreError> {
    match e {
        StoreError::NotFound => Ok(()),
        other => Err(other),
    }
}
