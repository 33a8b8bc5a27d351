//! Writing a source's templates: compare each parsed template with the stored one by content
//! hash, add new ones, rewrite changed ones (keeping `active` as leads set it), retire those the
//! source no longer has (never delete: tests may reference them), and flag techniques the
//! catalog does not know.

use chrono::{DateTime, Utc};
use domain::content::{SourceCounts, SourceRun, TemplateContent, TemplateOrigin, TestTemplate};
use futures::stream::{self, StreamExt};
use platform::AppState;
use std::collections::{HashMap, HashSet};
use store::{StoreError, templates};
use uuid::Uuid;

/// What [`plan`] decided for one run.
#[derive(Debug, Default)]
pub struct Plan {
    pub added: Vec<TestTemplate>,
    /// Changed content, or retired / un-retired.
    pub updated: Vec<TestTemplate>,
    pub counts: SourceCounts,
}

/// Decides every write without touching the table. `known` is the catalog's technique ids
/// (`None` before any ATT&CK sync: nothing can be called unknown then).
pub fn plan(
    origin: TemplateOrigin,
    parsed: Vec<TemplateContent>,
    existing: Vec<TestTemplate>,
    known: Option<&HashSet<String>>,
    run_id: Uuid,
    now: DateTime<Utc>,
) -> Plan {
    let mut by_source: HashMap<String, TestTemplate> =
        existing.into_iter().map(|t| (t.content.source_id.clone(), t)).collect();
    let mut plan = Plan::default();
    for content in parsed {
        let hash = content::content_hash(&content);
        let unknown: Vec<String> = match known {
            Some(k) => content.technique_ids.iter().filter(|t| !k.contains(*t)).cloned().collect(),
            None => Vec::new(),
        };
        if !unknown.is_empty() {
            plan.counts.flagged += 1;
        }
        match by_source.remove(&content.source_id) {
            Some(old) if old.content_hash == hash && !old.retired && old.unknown_techniques == unknown => {
                plan.counts.unchanged += 1;
            }
            Some(old) => {
                plan.counts.updated += 1;
                plan.updated.push(TestTemplate {
                    content,
                    content_hash: hash,
                    retired: false,
                    unknown_techniques: unknown,
                    updated_at: now,
                    updated_by: None,
                    run_id: Some(run_id),
                    ..old
                });
            }
            None => {
                plan.counts.added += 1;
                plan.added.push(TestTemplate {
                    id: TestTemplate::imported_id(origin, &content.source_id),
                    content,
                    content_hash: hash,
                    active: true,
                    retired: false,
                    unknown_techniques: unknown,
                    created_at: now,
                    updated_at: now,
                    created_by: None,
                    updated_by: None,
                    run_id: Some(run_id),
                });
            }
        }
    }
    for (_, old) in by_source.into_iter().filter(|(_, t)| !t.retired) {
        plan.counts.removed += 1;
        plan.updated.push(TestTemplate {
            retired: true,
            updated_at: now,
            updated_by: None,
            run_id: Some(run_id),
            ..old
        });
    }
    plan.updated.sort_by(|a, b| a.content.source_id.cmp(&b.content.source_id));
    plan
}

/// Writes a plan, showing the count written so far on `run` after each chunk. Returns how many
/// could not be written. The template catalog's version is raised once, at the end, stamped
/// `now` like every template written.
pub async fn write(
    state: &AppState,
    run: &SourceRun,
    plan: &Plan,
    now: DateTime<Utc>,
) -> Result<u32, StoreError> {
    let db = &state.db;
    let mut shown = run.clone();
    let mut failed = 0u32;
    let mut written = 0u32;
    for chunk in plan.added.chunks(500) {
        let not_written = templates::add_batch(db, chunk).await? as u32;
        failed += not_written;
        written += chunk.len() as u32 - not_written;
        shown.records_written = written;
        crate::run::progress(state, &shown).await;
    }
    for chunk in plan.updated.chunks(500) {
        // Owned items: a stream of futures borrowing its items is not `Send` for the runtime.
        let results: Vec<Result<(), StoreError>> = stream::iter(chunk.to_vec())
            .map(|t| async move { templates::update_imported(db, &t).await })
            .buffer_unordered(16)
            .collect()
            .await;
        for r in results {
            match r {
                Ok(()) => written += 1,
                Err(e) => {
                    tracing::warn!(error = %e, "a template could not be written");
                    failed += 1;
                }
            }
        }
        shown.records_written = written;
        crate::run::progress(state, &shown).await;
    }
    if written > 0 {
        templates::bump_now(db, now).await?;
    }
    Ok(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(id: &str, technique: &str, command: &str) -> TemplateContent {
        TemplateContent {
            source: TemplateOrigin::AtomicRedTeam,
            source_id: id.into(),
            technique_ids: vec![technique.into()],
            tactics: vec![],
            name: format!("test {id}"),
            description: String::new(),
            platforms: vec!["windows".into()],
            executor: Some("powershell".into()),
            command: Some(command.into()),
            cleanup: None,
            arguments: vec![],
            privileges: None,
            elevation_required: false,
            references: vec![],
            upstream_path: None,
        }
    }

    fn stored(c: TemplateContent, active: bool, retired: bool) -> TestTemplate {
        let then = Utc::now() - chrono::Duration::days(3);
        TestTemplate {
            id: TestTemplate::imported_id(c.source, &c.source_id),
            content_hash: content::content_hash(&c),
            content: c,
            active,
            retired,
            unknown_techniques: vec![],
            created_at: then,
            updated_at: then,
            created_by: None,
            updated_by: None,
            run_id: None,
        }
    }

    #[test]
    fn a_sync_adds_updates_retires_and_leaves_the_rest_and_the_leads_choice_alone() {
        let known: HashSet<String> = ["T1059.001", "T1003"].map(String::from).into();
        let existing = vec![
            stored(content("same", "T1059.001", "a"), true, false),
            stored(content("changed", "T1059.001", "old"), false, false),
            stored(content("gone", "T1003", "c"), true, false),
            stored(content("back", "T1003", "d"), true, true),
        ];
        let parsed = vec![
            content("same", "T1059.001", "a"),
            content("changed", "T1059.001", "new"),
            content("back", "T1003", "d"),
            content("new", "T1686", "e"),
        ];
        let now = Utc::now();
        let plan = plan(TemplateOrigin::AtomicRedTeam, parsed, existing, Some(&known), Uuid::nil(), now);
        assert_eq!(
            plan.counts,
            SourceCounts { added: 1, updated: 2, removed: 1, unchanged: 1, flagged: 1, skipped: 0 }
        );
        let changed = plan.updated.iter().find(|t| t.content.source_id == "changed").unwrap();
        assert!(!changed.active, "a sync keeps what a lead chose");
        assert_eq!(changed.content.command.as_deref(), Some("new"));
        assert!(plan.updated.iter().any(|t| t.content.source_id == "gone" && t.retired));
        assert!(plan.updated.iter().any(|t| t.content.source_id == "back" && !t.retired));
        assert_eq!(plan.added[0].unknown_techniques, vec!["T1686".to_owned()]);
    }

    #[test]
    fn the_same_content_twice_changes_nothing() {
        let parsed = vec![content("a", "T1003", "x"), content("b", "T1003", "y")];
        let existing = parsed.iter().cloned().map(|c| stored(c, true, false)).collect();
        let plan = plan(TemplateOrigin::AtomicRedTeam, parsed, existing, None, Uuid::nil(), Utc::now());
        assert!(plan.added.is_empty() && plan.updated.is_empty());
        assert_eq!(plan.counts.unchanged, 2);
    }
}
