//! Coverage snapshots: the matrix's status and score of every technique at a point in time,
//! taken by hand or by the daily job, compared and charted later.

use crate::matrix::{Filter, status_name};
use chrono::{DateTime, Duration, Utc};
use std::collections::BTreeMap;
use store::StoreError;
use store::coverage::{Snapshot, SnapshotEntry, SnapshotMeta};
use uuid::Uuid;

/// Takes and stores a snapshot of `domain`.
/// Takes a snapshot of `domain`. `audit` is the entry of a snapshot someone asked for; it gets
/// the snapshot's id and score and is written in the same transaction.
pub async fn take(
    state: &platform::AppState,
    domain: &str,
    trigger: &str,
    by: Option<String>,
    audit: Option<domain::audit::AuditEntry>,
) -> Result<Snapshot, StoreError> {
    let now = Utc::now();
    let m = crate::load(state, domain, &Filter::default(), now).await?;
    let techniques: BTreeMap<String, SnapshotEntry> = m
        .cells()
        .into_iter()
        .map(|(_, c)| (c.attack_id.clone(), SnapshotEntry { status: c.status, score: c.score }))
        .collect();
    let s = Snapshot {
        meta: SnapshotMeta {
            id: Uuid::new_v4(),
            domain: domain.into(),
            taken_at: now,
            trigger: trigger.into(),
            taken_by: by,
            org_score: m.org_score,
            counts: m.counts,
        },
        techniques,
    };
    let audit = audit.map(|a| domain::audit::AuditEntry {
        target_type: "snapshot".into(),
        target_id: Some(s.meta.id.to_string()),
        summary: serde_json::json!({ "domain": domain, "org_score": s.meta.org_score }),
        ..a
    });
    store::coverage::put_snapshot(&state.db, &s, audit.as_ref()).await?;
    Ok(s)
}

/// Name of the daily job (scheduler status).
pub const JOB_NAME: &str = "snapshots";

/// The daily job: a snapshot of every synced domain, then retention; its outcome is recorded
/// for the scheduler status.
pub async fn daily(state: &platform::AppState) -> Result<(usize, usize), StoreError> {
    let started = Utc::now();
    let result = daily_inner(state).await;
    let status = domain::sync::JobStatus {
        name: JOB_NAME.into(),
        last_run_at: Some(started),
        last_status: Some(if result.is_ok() {
            domain::sync::RunStatus::Succeeded
        } else {
            domain::sync::RunStatus::Failed
        }),
        last_run_id: None,
        last_error: result.as_ref().err().map(|e| e.to_string()),
        last_success_at: result.is_ok().then_some(started),
    };
    store::sync_runs::put_job_status(&state.db, &status).await?;
    result
}

async fn daily_inner(state: &platform::AppState) -> Result<(usize, usize), StoreError> {
    let mut taken = 0;
    let mut deleted = 0;
    let cutoff: DateTime<Utc> = Utc::now() - Duration::days(state.config.snapshot_retention_days as i64);
    // Snapshots record coverage: repair any drift first.
    crate::repair::repair(state).await?;
    for domain in domain::catalog::DOMAINS {
        if store::catalog::state(&state.db, domain).await?.is_none() {
            continue;
        }
        take(state, domain, "schedule", None, None).await?;
        taken += 1;
        deleted += store::coverage::delete_snapshots_before(&state.db, domain, cutoff).await?;
    }
    Ok((taken, deleted))
}

/// One technique's change between two snapshots.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Change {
    pub attack_id: String,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub from_score: Option<f64>,
    pub to_score: Option<f64>,
    pub score_delta: f64,
}

/// A group of techniques (a tactic, a threat actor) side by side in two snapshots.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct GroupChange {
    /// Tactic shortname or actor id.
    pub key: String,
    pub name: String,
    /// Techniques of the group present in either snapshot.
    pub techniques: u32,
    pub from_validated: u32,
    pub to_validated: u32,
    /// Mean technique score of the group (techniques absent from a snapshot count 0).
    pub from_score: f64,
    pub to_score: f64,
    pub score_delta: f64,
}

/// Each group of `groups` (key, name, techniques) compared between `a` and `b`, in the order
/// given; groups with no technique in either snapshot are left out.
pub fn compare_groups(
    a: &Snapshot,
    b: &Snapshot,
    groups: &[(String, String, Vec<String>)],
) -> Vec<GroupChange> {
    let validated = |s: &Snapshot, t: &String| {
        s.techniques.get(t).is_some_and(|e| e.status == domain::validation::Coverage::Validated)
    };
    let score = |s: &Snapshot, ts: &[&String]| {
        let sum: f64 = ts.iter().map(|t| s.techniques.get(*t).map_or(0.0, |e| e.score)).sum();
        domain::scoring::round1(sum / ts.len() as f64)
    };
    groups
        .iter()
        .filter_map(|(key, name, techniques)| {
            let present: Vec<&String> = techniques
                .iter()
                .filter(|t| a.techniques.contains_key(*t) || b.techniques.contains_key(*t))
                .collect();
            if present.is_empty() {
                return None;
            }
            let (from_score, to_score) = (score(a, &present), score(b, &present));
            Some(GroupChange {
                key: key.clone(),
                name: name.clone(),
                techniques: present.len() as u32,
                from_validated: present.iter().filter(|t| validated(a, t)).count() as u32,
                to_validated: present.iter().filter(|t| validated(b, t)).count() as u32,
                from_score,
                to_score,
                score_delta: domain::scoring::round1(to_score - from_score),
            })
        })
        .collect()
}

/// What changed from `a` to `b` (techniques whose status or score moved, or that appeared or
/// disappeared), biggest score change first.
pub fn compare(a: &Snapshot, b: &Snapshot) -> Vec<Change> {
    let mut ids: Vec<&String> = a.techniques.keys().chain(b.techniques.keys()).collect();
    ids.sort();
    ids.dedup();
    let mut out: Vec<Change> = ids
        .into_iter()
        .filter_map(|id| {
            let (x, y) = (a.techniques.get(id), b.techniques.get(id));
            if x == y {
                return None;
            }
            let delta = y.map_or(0.0, |e| e.score) - x.map_or(0.0, |e| e.score);
            Some(Change {
                attack_id: id.clone(),
                from_status: x.map(|e| status_name(e.status).into()),
                to_status: y.map(|e| status_name(e.status).into()),
                from_score: x.map(|e| e.score),
                to_score: y.map(|e| e.score),
                score_delta: domain::scoring::round1(delta),
            })
        })
        .collect();
    out.sort_by(|p, q| {
        q.score_delta.abs().total_cmp(&p.score_delta.abs()).then(p.attack_id.cmp(&q.attack_id))
    });
    out
}
