//! Writing a source's entries (templates, rules): compare each parsed entry with the stored one
//! by content hash, add new ones, rewrite changed ones (keeping what people set, see
//! `store::library::Entry::KEPT`), retire those the source no longer has (never delete: tests
//! may reference them), and flag techniques the catalog does not know.

use chrono::{DateTime, Utc};
use domain::content::{DetectionRule, RuleContent, SourceCounts, SourceRun, TemplateContent, TestTemplate};
use domain::d3fend::{Countermeasure, D3fendContent};
use futures::stream::{self, StreamExt};
use platform::AppState;
use std::collections::{HashMap, HashSet};
use store::StoreError;
use store::library::{self, Entry};
use uuid::Uuid;

/// An imported library entry and the content its source gives.
pub trait Imported: Entry {
    type Content;
    fn content_source_id(c: &Self::Content) -> &str;
    fn content_techniques(c: &Self::Content) -> &[String];
    fn hash(c: &Self::Content) -> String;
    /// A new entry of this content.
    fn fresh(c: Self::Content, hash: String, unknown: Vec<String>, run_id: Uuid, now: DateTime<Utc>) -> Self;
    fn source_id(&self) -> &str;
    fn content_hash(&self) -> &str;
    fn retired(&self) -> bool;
    fn unknown_techniques(&self) -> &[String];
    /// This entry with new content (or back from retirement).
    fn refresh(
        self,
        c: Self::Content,
        hash: String,
        unknown: Vec<String>,
        run_id: Uuid,
        now: DateTime<Utc>,
    ) -> Self;
    fn retire(self, run_id: Uuid, now: DateTime<Utc>) -> Self;
}

/// What [`plan`] decided for one run.
#[derive(Debug)]
pub struct Plan<T> {
    pub added: Vec<T>,
    /// Changed content, or retired / un-retired.
    pub updated: Vec<T>,
    pub counts: SourceCounts,
}

/// Decides every write without touching the table. `known` is the catalog's current technique
/// ids (`None` before any ATT&CK sync: nothing can be called unknown then).
pub fn plan<T: Imported>(
    parsed: Vec<T::Content>,
    existing: Vec<T>,
    known: Option<&HashSet<String>>,
    run_id: Uuid,
    now: DateTime<Utc>,
) -> Plan<T> {
    let mut by_source: HashMap<String, T> =
        existing.into_iter().map(|t| (t.source_id().to_owned(), t)).collect();
    let mut plan = Plan { added: Vec::new(), updated: Vec::new(), counts: SourceCounts::default() };
    for content in parsed {
        let hash = T::hash(&content);
        let unknown: Vec<String> = match known {
            Some(k) => T::content_techniques(&content).iter().filter(|t| !k.contains(*t)).cloned().collect(),
            None => Vec::new(),
        };
        if !unknown.is_empty() {
            plan.counts.flagged += 1;
        }
        match by_source.remove(T::content_source_id(&content)) {
            Some(old)
                if old.content_hash() == hash && !old.retired() && old.unknown_techniques() == unknown =>
            {
                plan.counts.unchanged += 1;
            }
            Some(old) => {
                plan.counts.updated += 1;
                plan.updated.push(old.refresh(content, hash, unknown, run_id, now));
            }
            None => {
                plan.counts.added += 1;
                plan.added.push(T::fresh(content, hash, unknown, run_id, now));
            }
        }
    }
    for (_, old) in by_source.into_iter().filter(|(_, t)| !t.retired()) {
        plan.counts.removed += 1;
        plan.updated.push(old.retire(run_id, now));
    }
    plan.updated.sort_by(|a, b| a.source_id().cmp(b.source_id()));
    plan
}

/// Writes a plan, showing the count written so far on `run` after each chunk. Returns how many
/// could not be written. The collection's version is raised once, at the end, stamped `now`
/// like every entry written.
pub async fn write<T: Imported>(
    state: &AppState,
    run: &SourceRun,
    plan: &Plan<T>,
    now: DateTime<Utc>,
) -> Result<u32, StoreError> {
    let db = &state.db;
    let mut shown = run.clone();
    let mut failed = 0u32;
    let mut written = 0u32;
    for chunk in plan.added.chunks(500) {
        let not_written = library::add_batch(db, chunk).await? as u32;
        failed += not_written;
        written += chunk.len() as u32 - not_written;
        shown.records_written = written;
        crate::run::progress(state, &shown).await;
    }
    for chunk in plan.updated.chunks(500) {
        // Owned items: a stream of futures borrowing its items is not `Send` for the runtime.
        let results: Vec<Result<(), StoreError>> = stream::iter(chunk.to_vec())
            .map(|t| async move { library::update_imported(db, &t).await })
            .buffer_unordered(16)
            .collect()
            .await;
        for r in results {
            match r {
                Ok(()) => written += 1,
                Err(e) => {
                    tracing::warn!(error = %e, "an entry could not be written");
                    failed += 1;
                }
            }
        }
        shown.records_written = written;
        crate::run::progress(state, &shown).await;
    }
    if written > 0 {
        library::bump_now::<T>(db, now).await?;
    }
    Ok(failed)
}

impl Imported for TestTemplate {
    type Content = TemplateContent;
    fn content_source_id(c: &TemplateContent) -> &str {
        &c.source_id
    }
    fn content_techniques(c: &TemplateContent) -> &[String] {
        &c.technique_ids
    }
    fn hash(c: &TemplateContent) -> String {
        content::content_hash(c)
    }
    fn fresh(
        c: TemplateContent,
        hash: String,
        unknown: Vec<String>,
        run_id: Uuid,
        now: DateTime<Utc>,
    ) -> Self {
        TestTemplate {
            id: TestTemplate::imported_id(c.source, &c.source_id),
            content: c,
            content_hash: hash,
            active: true,
            retired: false,
            unknown_techniques: unknown,
            created_at: now,
            updated_at: now,
            created_by: None,
            updated_by: None,
            run_id: Some(run_id),
        }
    }
    fn source_id(&self) -> &str {
        &self.content.source_id
    }
    fn content_hash(&self) -> &str {
        &self.content_hash
    }
    fn retired(&self) -> bool {
        self.retired
    }
    fn unknown_techniques(&self) -> &[String] {
        &self.unknown_techniques
    }
    fn refresh(
        self,
        c: TemplateContent,
        hash: String,
        unknown: Vec<String>,
        run_id: Uuid,
        now: DateTime<Utc>,
    ) -> Self {
        TestTemplate {
            content: c,
            content_hash: hash,
            retired: false,
            unknown_techniques: unknown,
            updated_at: now,
            updated_by: None,
            run_id: Some(run_id),
            ..self
        }
    }
    fn retire(self, run_id: Uuid, now: DateTime<Utc>) -> Self {
        TestTemplate { retired: true, updated_at: now, updated_by: None, run_id: Some(run_id), ..self }
    }
}

impl Imported for DetectionRule {
    type Content = RuleContent;
    fn content_source_id(c: &RuleContent) -> &str {
        &c.source_id
    }
    fn content_techniques(c: &RuleContent) -> &[String] {
        &c.technique_ids
    }
    fn hash(c: &RuleContent) -> String {
        content::rule_hash(c)
    }
    fn fresh(c: RuleContent, hash: String, unknown: Vec<String>, run_id: Uuid, now: DateTime<Utc>) -> Self {
        DetectionRule {
            id: DetectionRule::imported_id(c.source, &c.source_id),
            content: c,
            content_hash: hash,
            retired: false,
            unknown_techniques: unknown,
            created_at: now,
            updated_at: now,
            created_by: None,
            updated_by: None,
            run_id: Some(run_id),
        }
    }
    fn source_id(&self) -> &str {
        &self.content.source_id
    }
    fn content_hash(&self) -> &str {
        &self.content_hash
    }
    fn retired(&self) -> bool {
        self.retired
    }
    fn unknown_techniques(&self) -> &[String] {
        &self.unknown_techniques
    }
    fn refresh(
        self,
        c: RuleContent,
        hash: String,
        unknown: Vec<String>,
        run_id: Uuid,
        now: DateTime<Utc>,
    ) -> Self {
        DetectionRule {
            content: c,
            content_hash: hash,
            retired: false,
            unknown_techniques: unknown,
            updated_at: now,
            updated_by: None,
            run_id: Some(run_id),
            ..self
        }
    }
    fn retire(self, run_id: Uuid, now: DateTime<Utc>) -> Self {
        DetectionRule { retired: true, updated_at: now, updated_by: None, run_id: Some(run_id), ..self }
    }
}

impl Imported for Countermeasure {
    type Content = D3fendContent;
    fn content_source_id(c: &D3fendContent) -> &str {
        &c.technique.id
    }
    fn content_techniques(c: &D3fendContent) -> &[String] {
        &c.attack_ids
    }
    fn hash(c: &D3fendContent) -> String {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(serde_json::to_vec(c).expect("content serialises")))
    }
    fn fresh(c: D3fendContent, hash: String, unknown: Vec<String>, run_id: Uuid, now: DateTime<Utc>) -> Self {
        Countermeasure {
            id: Countermeasure::imported_id(&c.technique.id),
            unknown_techniques: unknown,
            content: c,
            content_hash: hash,
            retired: false,
            created_at: now,
            updated_at: now,
            run_id: Some(run_id),
        }
    }
    fn source_id(&self) -> &str {
        &self.content.technique.id
    }
    fn content_hash(&self) -> &str {
        &self.content_hash
    }
    fn retired(&self) -> bool {
        self.retired
    }
    fn unknown_techniques(&self) -> &[String] {
        &self.unknown_techniques
    }
    fn refresh(
        self,
        c: D3fendContent,
        hash: String,
        unknown: Vec<String>,
        run_id: Uuid,
        now: DateTime<Utc>,
    ) -> Self {
        Countermeasure {
            content: c,
            content_hash: hash,
            retired: false,
            unknown_techniques: unknown,
            updated_at: now,
            run_id: Some(run_id),
            ..self
        }
    }
    fn retire(self, run_id: Uuid, now: DateTime<Utc>) -> Self {
        Countermeasure { retired: true, updated_at: now, run_id: Some(run_id), ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::content::TemplateOrigin;

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
        let plan: Plan<TestTemplate> = plan(parsed, existing, Some(&known), Uuid::nil(), now);
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
        let plan: Plan<TestTemplate> = plan(parsed, existing, None, Uuid::nil(), Utc::now());
        assert!(plan.added.is_empty() && plan.updated.is_empty());
        assert_eq!(plan.counts.unchanged, 2);
    }
}
