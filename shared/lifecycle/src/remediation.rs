//! Remediation steps. The change that completes the last open step creates the automatic retest
//! in its own transaction, conditional on every other step being as read: of two owners
//! finishing the last two steps at once, one transaction fails its check, is re-read, and is the
//! one that sees every step done. Exactly one retest.

use crate::{ATTEMPTS, Error, Origin, load, tests::history};
use chrono::Utc;
use domain::lifecycle::{LifecycleError, StepApplied, StepCommand, apply_step, retest};
use domain::validation::{Member, RemediationStep, StepStatus, Test};
use platform::AppState;
use platform::outbox;
use store::{StoreError, Transaction};
use uuid::Uuid;

/// Applies a step command on test `test_id`; returns the step as written.
pub async fn change_step(
    state: &AppState,
    origin: &Origin,
    test_id: Uuid,
    command: StepCommand,
) -> Result<RemediationStep, Error> {
    for _ in 0..ATTEMPTS {
        let test = load(state, test_id).await?;
        let steps = store::remediation::list(&state.db, test_id).await?;
        let applied = apply_step(&test, &steps, command.clone(), &origin.actor, Utc::now())?;
        match commit(state, origin, &test, &steps, &applied).await {
            Ok(()) => return Ok(applied.step),
            Err(Error::Store(StoreError::Conflict(_))) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(Error::Busy("the remediation is changing too fast; try again".into()))
}

async fn commit(
    state: &AppState,
    origin: &Origin,
    test: &Test,
    steps: &[RemediationStep],
    applied: &StepApplied,
) -> Result<(), Error> {
    let db = &state.db;
    let now = applied.step.updated_at;
    let mut tx = Transaction::new();
    store::remediation::write_step(&mut tx, db, &applied.step, applied.before.as_ref().map(|b| b.version))?;
    let audit = origin.audit(applied.record.action, "test", test.id, applied.record.summary.clone(), now);
    store::audit::write(&mut tx, db, &audit)?;
    let mut events = applied.events.clone();
    if applied.step.status == StepStatus::Done {
        // Whether this completes the remediation was decided on the other steps as read.
        for other in steps.iter().filter(|s| s.id != applied.step.id) {
            store::remediation::check_unchanged(&mut tx, db, other)?;
        }
    }
    if applied.completes {
        let done: Vec<RemediationStep> = steps
            .iter()
            .filter(|s| s.id != applied.step.id)
            .cloned()
            .chain(std::iter::once(applied.step.clone()))
            .collect();
        let root = match test.retest_of {
            Some(root) => load(state, root).await?,
            None => test.clone(),
        };
        match retest(&root, test, &done, state.config.max_retest_count, now) {
            Some(r) => {
                store::validation::write_test(&mut tx, db, None, &r.retest)?;
                store::validation::write_test(&mut tx, db, Some(&r.root_before), &r.root)?;
                store::validation::write_history(&mut tx, db, &history(&r.retest, &r.record, origin))?;
                let audit = origin.audit("test.retest", "test", r.retest.id, r.record.summary.clone(), now);
                store::audit::write(&mut tx, db, &audit)?;
                events.push(r.event);
            }
            None => tracing::info!(test_id = %root.id, "retest limit reached; no retest"),
        }
    }
    let entries = outbox::entries(&events, now);
    outbox::write(&mut tx, db, &entries)?;
    tx.commit(db, "the remediation changed meanwhile").await?;
    outbox::deliver(state, &entries).await;
    Ok(())
}

/// The active user named as a step's owner (422 otherwise).
pub async fn owner(state: &AppState, name: &str) -> Result<Member, Error> {
    match store::users::get_by_username(&state.db, name).await? {
        Some(u) if u.is_active => Ok(Member { id: u.id, username: u.username.to_string() }),
        _ => Err(LifecycleError::invalid("owner", "unknown", format!("no active user {name}")).into()),
    }
}
