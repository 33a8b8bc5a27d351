//! Evidence completion and deletion, each one transaction conditional on the test's state as
//! the rules read it, so a side that submits meanwhile cannot be overtaken.

use crate::{Error, Origin, load};
use chrono::Utc;
use domain::FieldError;
use domain::checksum::Sha256;
use domain::lifecycle::{LifecycleError, evidence as rules};
use domain::validation::{Evidence, EvidenceStatus};
use platform::AppState;
use platform::outbox;
use serde_json::json;
use store::{StoreError, Transaction, objects};
use uuid::Uuid;

async fn load_evidence(state: &AppState, test_id: Uuid, id: Uuid) -> Result<Evidence, Error> {
    store::evidence::get(&state.db, test_id, id)
        .await?
        .ok_or_else(|| Error::not_found(format!("no evidence {id} on test {test_id}")))
}

/// Verifies the uploaded object (size, SHA-256 of its bytes) and records the evidence while its
/// side still works. A mismatch or a side that moved on removes the object.
pub async fn complete_evidence(
    state: &AppState,
    origin: &Origin,
    test_id: Uuid,
    id: Uuid,
) -> Result<Evidence, Error> {
    let mut evidence = load_evidence(state, test_id, id).await?;
    let test = load(state, test_id).await?;
    let bucket = &state.config.evidence_bucket;
    let event = match rules::complete(&test, &evidence, &origin.actor) {
        Err(LifecycleError::Conflict(why)) if evidence.status == EvidenceStatus::Pending => {
            objects::delete_all(&state.s3, bucket, std::slice::from_ref(&evidence.s3_key)).await;
            return Err(LifecycleError::Conflict(why).into());
        }
        other => other?,
    };
    let declared = Sha256::parse("sha256", &evidence.sha256)
        .map_err(|e| StoreError::Corrupt(format!("evidence {id}: {}", e.message)))?;
    if let Err(refusal) =
        objects::verify(&state.s3, bucket, &evidence.s3_key, evidence.size_bytes, &declared).await?
    {
        let (code, message) = refusal.explain();
        return Err(LifecycleError::Invalid(vec![FieldError::new("file", code, message)]).into());
    }
    let now = Utc::now();
    let mut tx = Transaction::new();
    store::evidence::write_complete(&mut tx, &state.db, test_id, id)?;
    store::validation::check_state(&mut tx, &state.db, test_id, evidence.side.working_state())?;
    let summary = json!({ "evidence_id": id, "filename": evidence.filename, "side": evidence.side,
        "size_bytes": evidence.size_bytes, "sha256": evidence.sha256 });
    store::audit::write(&mut tx, &state.db, &origin.audit("evidence.upload", "test", test_id, summary, now))?;
    let entries = outbox::entries(&[event], now);
    outbox::write(&mut tx, &state.db, &entries)?;
    match tx.commit(&state.db, "the test or the upload changed meanwhile").await {
        Ok(()) => {}
        Err(StoreError::Conflict(_)) => {
            // Either a second completion won, or the side submitted between the read and the write.
            let again = load_evidence(state, test_id, id).await?;
            let test = load(state, test_id).await?;
            if again.status == EvidenceStatus::Pending {
                objects::delete_all(&state.s3, bucket, std::slice::from_ref(&evidence.s3_key)).await;
            }
            rules::complete(&test, &again, &origin.actor)?;
            return Err(Error::Busy("the test changed meanwhile; try again".into()));
        }
        Err(e) => return Err(e.into()),
    }
    outbox::deliver(state, &entries).await;
    evidence.status = EvidenceStatus::Complete;
    Ok(evidence)
}

/// Deletes evidence (its uploader while the side works, an admin at any time), audited. The
/// object goes after the commit; the bucket is versioned, so its last version is kept as a
/// non-current version (expired by the bucket's lifecycle rule).
pub async fn delete_evidence(
    state: &AppState,
    origin: &Origin,
    test_id: Uuid,
    id: Uuid,
) -> Result<(), Error> {
    let evidence = load_evidence(state, test_id, id).await?;
    let test = load(state, test_id).await?;
    let must_find = rules::delete(&test, &evidence, &origin.actor)?;
    let mut tx = Transaction::new();
    store::evidence::write_delete(&mut tx, &state.db, test_id, id)?;
    if let Some(test_state) = must_find {
        store::validation::check_state(&mut tx, &state.db, test_id, test_state)?;
    }
    let summary = json!({ "evidence_id": id, "filename": evidence.filename, "side": evidence.side });
    store::audit::write(
        &mut tx,
        &state.db,
        &origin.audit("evidence.delete", "test", test_id, summary, Utc::now()),
    )?;
    tx.commit(&state.db, "the test or the evidence changed meanwhile").await?;
    objects::delete_all(&state.s3, &state.config.evidence_bucket, std::slice::from_ref(&evidence.s3_key))
        .await;
    Ok(())
}
