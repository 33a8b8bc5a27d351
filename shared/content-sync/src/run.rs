//! One run of one data source from start to end: lease, fetch or upload, safe reading, parsing,
//! writing, record. A run's failure is in its record, never a panic; a refused archive writes
//! nothing.

use crate::fetch;
use crate::library::{self, Imported};
use chrono::{Duration, Utc};
use domain::audit::AuditEntry;
use domain::content::{
    MAX_RUN_ERRORS, RuleOrigin, SourceKey, SourceKind, SourceRun, SourceRunError, TemplateOrigin,
};
use domain::sync::{RunStatus, Trigger};
use platform::AppState;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use store::{StoreError, catalog_view, data_sources, sync_runs};
use uuid::Uuid;

/// `detail-type` of the event that asks for one source's run.
pub const REQUESTED: &str = "SourceSyncRequested";
/// A run holds its source's lease at most this long (a Lambda invocation lasts 15 minutes).
const LEASE_MINUTES: i64 = 15;

/// Detail of a [`REQUESTED`] event.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SyncRequest {
    pub run_id: Uuid,
    pub source: SourceKey,
    /// Object key of an uploaded archive; absent: fetch the source's URL.
    pub upload_key: Option<String>,
    /// The uploaded file's name (single files are recognised by it).
    pub filename: Option<String>,
}

/// Where a run's content comes from.
#[derive(Debug, Clone)]
pub enum Input {
    Fetch,
    Upload { key: String, filename: String },
}

/// Records a new run of `source` as running (queued) and shows it as the source's last run.
pub async fn start(
    state: &AppState,
    source: SourceKey,
    trigger: Trigger,
    input: String,
    requested_by: Option<String>,
    audit: Option<impl FnOnce(Uuid) -> AuditEntry>,
) -> Result<SourceRun, StoreError> {
    let run = SourceRun {
        run_id: Uuid::new_v4(),
        source,
        trigger,
        status: RunStatus::Running,
        input,
        stage: "queued".into(),
        records_read: 0,
        records_written: 0,
        counts: Default::default(),
        errors: Vec::new(),
        error: None,
        requested_by,
        started_at: Utc::now(),
        finished_at: None,
    };
    match audit {
        Some(entry) => data_sources::put_run_audited(&state.db, &run, &entry(run.run_id)).await?,
        None => data_sources::put_run(&state.db, &run).await?,
    }
    data_sources::set_last_run(&state.db, &run).await?;
    Ok(run)
}

/// Ends a run that could not be handed to the job (publishing failed).
pub async fn fail_undispatched(state: &AppState, run: &mut SourceRun) -> Result<(), StoreError> {
    run.status = RunStatus::Failed;
    run.stage = "done".into();
    run.finished_at = Some(Utc::now());
    run.error = Some("could not dispatch the run".into());
    data_sources::put_run(&state.db, run).await?;
    data_sources::set_last_run(&state.db, run).await
}

/// Runs a recorded run to its end under its source's lease and stores the outcome.
pub async fn execute(state: &AppState, mut run: SourceRun, input: Input) -> SourceRun {
    let lease = run.source.lease_name();
    let holder = run.run_id.to_string();
    let until = Utc::now() + Duration::minutes(LEASE_MINUTES);
    let outcome = match sync_runs::acquire_lease(&state.db, &lease, &holder, until).await {
        Ok(Ok(())) => {
            let result = work(state, &mut run, input).await;
            if let Err(e) = sync_runs::release_lease(&state.db, &lease, &holder).await {
                tracing::warn!(error = %e, "could not release the source lease; it expires by itself");
            }
            result
        }
        Ok(Err(other)) => {
            Err(format!("another run of this source ({other}) is in progress; this one did not write"))
        }
        Err(e) => Err(format!("could not take the source lease: {e}")),
    };
    run.finished_at = Some(Utc::now());
    run.stage = "done".into();
    run.status = match outcome {
        Ok(0) => RunStatus::Succeeded,
        Ok(failed) => {
            run.error = Some(format!("{failed} records could not be written"));
            RunStatus::Failed
        }
        Err(e) => {
            tracing::error!(run_id = %run.run_id, source = %run.source, error = %e, "content sync failed");
            run.error = Some(e);
            RunStatus::Failed
        }
    };
    if let Err(e) = data_sources::put_run(&state.db, &run).await {
        tracing::error!(run_id = %run.run_id, error = %e, "could not record the run");
    }
    if let Err(e) = data_sources::set_last_run(&state.db, &run).await {
        tracing::error!(run_id = %run.run_id, error = %e, "could not record the source's last run");
    }
    tracing::info!(run_id = %run.run_id, source = %run.source, status = ?run.status, counts = ?run.counts, "content sync finished");
    run
}

/// Shows the run's progress (best effort: the final record is written anyway).
pub(crate) async fn progress(state: &AppState, run: &SourceRun) {
    if let Err(e) = data_sources::put_run(&state.db, run).await {
        tracing::warn!(error = %e, "could not record the run's progress");
    }
}

/// Returns how many records could not be written.
async fn work(state: &AppState, run: &mut SourceRun, input: Input) -> Result<u32, String> {
    let source = data_sources::get(&state.db, run.source)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("the data source {} does not exist", run.source))?;
    run.stage = "fetching".into();
    progress(state, run).await;
    let (bytes, name) = match input {
        Input::Fetch => {
            let timeout = std::time::Duration::from_secs(state.config.source_fetch_timeout_secs);
            (fetch::url(&source.url, timeout).await?, fetch::name_of(&source.url))
        }
        Input::Upload { key, filename } => (fetch::upload(state, &key).await?, filename),
    };
    run.stage = "reading".into();
    progress(state, run).await;
    match run.source.kind() {
        SourceKind::TestTemplates => import_templates(state, run, &bytes, &name).await,
        SourceKind::DetectionRules => import_rules(state, run, &bytes, &name).await,
        SourceKind::ComplianceMapping => import_compliance(state, run, &bytes, &name).await,
        SourceKind::Countermeasures => import_d3fend(state, run, &bytes, &name).await,
    }
}

async fn import_templates(
    state: &AppState,
    run: &mut SourceRun,
    bytes: &[u8],
    name: &str,
) -> Result<u32, String> {
    let origin = TemplateOrigin::ALL
        .into_iter()
        .find(|o| o.source() == Some(run.source))
        .ok_or("this source has no templates")?;
    let (bytes, name) = (bytes.to_vec(), name.to_owned());
    let parsed = read(move || {
        let files = content::read_text_files(&bytes, &name, &content::Limits::default(), &|p| {
            content::wanted_path(origin, p)
        })?;
        let parsed = content::parse_templates(origin, &files);
        Ok((parsed.templates, parsed.errors, parsed.files_read))
    })
    .await?;
    let existing = store::templates::of_origin(&state.db, origin).await.map_err(|e| e.to_string())?;
    import(state, run, parsed, existing, "templates").await
}

async fn import_rules(
    state: &AppState,
    run: &mut SourceRun,
    bytes: &[u8],
    name: &str,
) -> Result<u32, String> {
    let origin = RuleOrigin::ALL
        .into_iter()
        .find(|o| o.source() == Some(run.source))
        .ok_or("this source has no rules")?;
    let (bytes, name) = (bytes.to_vec(), name.to_owned());
    let parsed = read(move || {
        let files = content::read_text_files(&bytes, &name, &content::Limits::default(), &|p| {
            content::wanted_rule_path(origin, p)
        })?;
        let parsed = content::parse_rules(origin, &files);
        Ok((parsed.rules, parsed.errors, parsed.files_read))
    })
    .await?;
    let existing = store::rules::of_origin(&state.db, origin).await.map_err(|e| e.to_string())?;
    import(state, run, parsed, existing, "rules").await
}

async fn import_d3fend(
    state: &AppState,
    run: &mut SourceRun,
    bytes: &[u8],
    name: &str,
) -> Result<u32, String> {
    let (bytes, name) = (bytes.to_vec(), name.to_owned());
    let parsed = read(move || {
        let files = content::read_text_files(
            &bytes,
            &name,
            &content::Limits::default(),
            &content::d3fend::wanted_d3fend_path,
        )?;
        let Some(file) = files.first() else {
            let error = SourceRunError {
                path: String::new(),
                reason: "no D3FEND ontology (src/ontology/d3fend-protege.ttl) in the input".into(),
            };
            return Ok((Vec::new(), vec![error], 0));
        };
        match content::d3fend::parse_d3fend(&file.text) {
            Err(reason) => Ok((Vec::new(), vec![SourceRunError { path: file.path.clone(), reason }], 1)),
            Ok(catalog) => {
                let mut by_technique: std::collections::HashMap<String, Vec<domain::d3fend::CounterLink>> =
                    Default::default();
                for link in catalog.links {
                    by_technique.entry(link.d3fend_id.clone()).or_default().push(link);
                }
                let entries = catalog
                    .techniques
                    .into_iter()
                    .map(|t| {
                        let links = by_technique.remove(&t.id).unwrap_or_default();
                        domain::d3fend::D3fendContent::new(t, links)
                    })
                    .collect();
                Ok((entries, Vec::new(), 1))
            }
        }
    })
    .await?;
    let existing = store::d3fend::stored(&state.db).await.map_err(|e| e.to_string())?;
    import(state, run, parsed, existing, "countermeasures").await
}

/// (entries, file errors, files read) as a parser gives them.
type Parsed<C> = (Vec<C>, Vec<SourceRunError>, usize);

/// Reads and parses off the async workers (CPU work); a refused archive is the run's error.
async fn read<C: Send + 'static>(
    work: impl FnOnce() -> Result<Parsed<C>, content::ArchiveError> + Send + 'static,
) -> Result<Parsed<C>, String> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| format!("reading the archive stopped: {e}"))?
        .map_err(|e| format!("the archive was refused: {e}"))
}

/// Compares what the source gave with what is stored and writes the difference.
async fn import<T: Imported>(
    state: &AppState,
    run: &mut SourceRun,
    (entries, errors, files_read): Parsed<T::Content>,
    existing: Vec<T>,
    what: &str,
) -> Result<u32, String> {
    run.counts.skipped = errors.len() as u32;
    run.errors = errors.into_iter().take(MAX_RUN_ERRORS).collect();
    if entries.is_empty() {
        return Err(format!(
            "no {what} found in {files_read} files read (is this the {} layout?)",
            run.source
        ));
    }
    run.records_read = entries.len() as u32;
    let catalog =
        catalog_view::current(&state.db, domain::catalog::DEFAULT_DOMAIN).await.map_err(|e| e.to_string())?;
    // Revoked and deprecated techniques count as unknown: a rule or template naming one needs a look.
    let known: Option<HashSet<String>> = (!catalog.techniques.is_empty()).then(|| {
        catalog.techniques.iter().filter(|t| t.lifecycle.is_active()).map(|t| t.attack_id.clone()).collect()
    });
    let now = Utc::now();
    let plan = library::plan::<T>(entries, existing, known.as_ref(), run.run_id, now);
    run.counts = domain::content::SourceCounts { skipped: run.counts.skipped, ..plan.counts.clone() };
    run.stage = "writing".into();
    progress(state, run).await;
    let failed =
        library::write(state, run, &plan, now).await.map_err(|e| format!("writing the {what}: {e}"))?;
    run.records_written = (plan.added.len() + plan.updated.len()) as u32 - failed;
    Ok(failed)
}

/// Handles an event of this job: a schedule tick starts the runs that are due (one event each,
/// so each runs in its own invocation); a [`REQUESTED`] event executes the run the API or the
/// tick recorded. Other events are not this job's (`Ok(None)`).
pub async fn handle_event(
    state: &AppState,
    detail_type: &str,
    detail: &serde_json::Value,
) -> Result<Option<Vec<Uuid>>, String> {
    match detail_type {
        "Scheduled Event" => crate::schedule::tick(state, Utc::now()).await.map(Some),
        REQUESTED => {
            let req: SyncRequest =
                serde_json::from_value(detail.clone()).map_err(|e| format!("bad {REQUESTED} detail: {e}"))?;
            let run = data_sources::get_run(&state.db, req.run_id)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("run {} not found", req.run_id))?;
            if run.status != RunStatus::Running || run.finished_at.is_some() {
                // At-least-once delivery: a redelivered request for a finished run is a no-op.
                return Ok(Some(vec![run.run_id]));
            }
            let input = match req.upload_key {
                Some(key) => Input::Upload { key, filename: req.filename.unwrap_or_else(|| "upload".into()) },
                None => Input::Fetch,
            };
            let done = execute(state, run, input).await;
            Ok(Some(vec![done.run_id]))
        }
        _ => Ok(None),
    }
}

/// The Mappings Explorer JSON of NIST SP 800-53 rev. 5 (one file, or the one `.json` of an
/// archive) replaces the framework `nist-800-53-rev5` (see `store::compliance`); counts are
/// controls, `flagged` the mapped ids the catalog does not know.
async fn import_compliance(
    state: &AppState,
    run: &mut SourceRun,
    bytes: &[u8],
    name: &str,
) -> Result<u32, String> {
    let (bytes, name) = (bytes.to_vec(), name.to_owned());
    let parsed = tokio::task::spawn_blocking(move || {
        let files =
            content::read_text_files(&bytes, &name, &content::Limits::default(), &|p| p.ends_with(".json"))
                .map_err(|e| format!("the archive was refused: {e}"))?;
        let [file] = files.as_slice() else {
            return Err(format!("expected one Mappings Explorer JSON file, found {}", files.len()));
        };
        content::parse_mappings_explorer(&file.text, None).map_err(|e| format!("{}: {e}", file.path))
    })
    .await
    .map_err(|e| format!("reading the file stopped: {e}"))??;
    if parsed.controls.is_empty() {
        return Err("no control is mapped in the file (is it a Mappings Explorer file?)".into());
    }
    run.records_read = parsed.controls.len() as u32;
    run.stage = "writing".into();
    progress(state, run).await;
    let new = store::compliance::NewFramework {
        id: store::compliance::NIST_800_53_REV5.into(),
        name: parsed.name,
        version: parsed.version,
        attack_version: parsed.attack_version,
        source: Some(run.source),
        imported_by: run.requested_by.clone(),
        controls: parsed.controls,
        mappings: parsed.mappings,
    };
    let report = store::compliance::import(&state.db, new, None)
        .await
        .map_err(|e| format!("writing the framework: {e}"))?;
    let c = report.counts;
    run.counts = domain::content::SourceCounts {
        added: c.added,
        updated: c.updated,
        removed: c.removed,
        unchanged: c.unchanged,
        flagged: report.framework.framework.unresolved.len() as u32,
        skipped: 0,
    };
    run.records_written = report.framework.framework.controls;
    Ok(0)
}
