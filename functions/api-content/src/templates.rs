//! `/api/v1/test-templates`: the template catalog (filters and keyset pages over the catalog
//! each process keeps, see `store::templates`), detail, statistics, custom templates, and the
//! leads' choice of which templates are offered.

use crate::AUTHORS;
use auth::CurrentUser;
use auth::guard::roles;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use domain::FieldError;
use domain::content::{
    TemplateArgument, TemplateContent, TemplateOrigin, TestTemplate, templates::check_custom,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeMap, HashMap, HashSet};
use store::catalog_view;
use store::templates::{self as store_templates, TemplateView, sort_key};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::keyset::{Paging, matches};
use web::{ApiError, AppJson, AppPath, AppQuery, AppState};

/// Filters of the catalog (the list and the bulk change share them).
#[derive(Debug, Default, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateFilter {
    /// `atomic-red-team`, `caldera`, `lolbas`, `gtfobins` or `custom`.
    source: Option<TemplateOrigin>,
    /// An ATT&CK id; a parent technique includes its sub-techniques.
    technique: Option<String>,
    /// Tactic short name (`execution`): templates of the tactic's techniques, or that name it.
    tactic: Option<String>,
    /// Platform, case-insensitive (`windows`).
    platform: Option<String>,
    active: Option<bool>,
    /// `true`: only templates the source no longer has; default: only current ones.
    retired: Option<bool>,
    /// `true`: only templates naming techniques the catalog does not know.
    flagged: Option<bool>,
    /// Free text, matched literally against name, source id, techniques and executor.
    q: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    // The filter's fields, not flattened: query strings carry text, and a flattened struct
    // would receive `active=true` as the string "true".
    /// `atomic-red-team`, `caldera`, `lolbas`, `gtfobins` or `custom`.
    source: Option<TemplateOrigin>,
    /// An ATT&CK id; a parent technique includes its sub-techniques.
    technique: Option<String>,
    /// Tactic short name (`execution`).
    tactic: Option<String>,
    /// Platform, case-insensitive (`windows`).
    platform: Option<String>,
    active: Option<bool>,
    /// `true`: only templates the source no longer has; default: only current ones.
    retired: Option<bool>,
    /// `true`: only templates naming techniques the catalog does not know.
    flagged: Option<bool>,
    /// Free text, matched literally against name, source id, techniques and executor.
    q: Option<String>,
    /// Page size, 1-1000 (default 100).
    limit: Option<u32>,
    cursor: Option<String>,
}

impl ListParams {
    fn filter(&self) -> TemplateFilter {
        TemplateFilter {
            source: self.source,
            technique: self.technique.clone(),
            tactic: self.tactic.clone(),
            platform: self.platform.clone(),
            active: self.active,
            retired: self.retired,
            flagged: self.flagged,
            q: self.q.clone(),
        }
    }
}

/// A template in lists.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateSummary {
    id: Uuid,
    source: TemplateOrigin,
    source_id: String,
    name: String,
    technique_ids: Vec<String>,
    tactics: Vec<String>,
    platforms: Vec<String>,
    executor: Option<String>,
    active: bool,
    retired: bool,
    unknown_techniques: Vec<String>,
    elevation_required: bool,
}

impl From<&TestTemplate> for TemplateSummary {
    fn from(t: &TestTemplate) -> Self {
        TemplateSummary {
            id: t.id,
            source: t.content.source,
            source_id: t.content.source_id.clone(),
            name: t.content.name.clone(),
            technique_ids: t.content.technique_ids.clone(),
            tactics: t.content.tactics.clone(),
            platforms: t.content.platforms.clone(),
            executor: t.content.executor.clone(),
            active: t.active,
            retired: t.retired,
            unknown_techniques: t.unknown_techniques.clone(),
            elevation_required: t.content.elevation_required,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TemplatePage {
    items: Vec<TemplateSummary>,
    next_cursor: Option<String>,
    /// Templates matching the filters, over every page.
    total: usize,
}

/// Technique id → tactic short names, from the cached catalog (only read for tactic filters
/// and statistics).
async fn tactics_of_techniques(state: &AppState) -> Result<HashMap<String, Vec<String>>, ApiError> {
    let view = catalog_view::current(&state.db, domain::catalog::DEFAULT_DOMAIN).await?;
    Ok(view.techniques.iter().map(|t| (t.attack_id.clone(), t.tactics.clone())).collect())
}

fn tactics_of<'a>(t: &'a TestTemplate, by_technique: &'a HashMap<String, Vec<String>>) -> HashSet<&'a str> {
    let mut out: HashSet<&str> = t.content.tactics.iter().map(String::as_str).collect();
    for id in &t.content.technique_ids {
        out.extend(by_technique.get(id).into_iter().flatten().map(String::as_str));
    }
    out
}

/// The templates of `view` that pass `f`, in catalog order.
async fn filtered<'a>(
    state: &AppState,
    view: &'a TemplateView,
    f: &TemplateFilter,
) -> Result<Vec<&'a TestTemplate>, ApiError> {
    let technique = f.technique.as_deref().map(|t| t.trim().to_ascii_uppercase());
    let platform = f.platform.as_deref().map(str::to_lowercase);
    let tactic = f.tactic.as_deref().map(|t| t.trim().to_lowercase());
    let by_technique = if tactic.is_some() { tactics_of_techniques(state).await? } else { HashMap::new() };
    let q = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    Ok(view
        .entries
        .iter()
        .filter(|t| f.source.is_none_or(|s| t.content.source == s))
        .filter(|t| technique.as_deref().is_none_or(|id| t.covers(id)))
        .filter(|t| {
            platform.as_deref().is_none_or(|p| t.content.platforms.iter().any(|x| x.to_lowercase() == p))
        })
        .filter(|t| f.active.is_none_or(|a| t.active == a))
        .filter(|t| t.retired == f.retired.unwrap_or(false))
        .filter(|t| f.flagged.is_none_or(|flagged| flagged != t.unknown_techniques.is_empty()))
        .filter(|t| tactic.as_deref().is_none_or(|ta| tactics_of(t, &by_technique).contains(ta)))
        .filter(|t| {
            q.is_none_or(|q| {
                let mut fields: Vec<&str> = vec![&t.content.name, &t.content.source_id];
                fields.extend(t.content.technique_ids.iter().map(String::as_str));
                fields.extend(t.content.executor.as_deref());
                matches(&fields, q)
            })
        })
        .collect())
}

/// Templates, filtered, by name, a page at a time.
#[utoipa::path(get, path = "/api/v1/test-templates", tag = "test-templates", params(ListParams),
    responses((status = 200, body = TemplatePage), (status = 400, body = web::error::Problem)))]
pub async fn list_templates(
    State(state): State<AppState>,
    AppQuery(params): AppQuery<ListParams>,
) -> Result<Json<TemplatePage>, ApiError> {
    let view = store_templates::view(&state.db).await?;
    let matching = filtered(&state, &view, &params.filter()).await?;
    let total = matching.len();
    let page = Paging { limit: params.limit, cursor: params.cursor }.page(matching, |t| sort_key(t))?;
    Ok(Json(TemplatePage {
        items: page.items.into_iter().map(TemplateSummary::from).collect(),
        next_cursor: page.next_cursor,
        total,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SourceStats {
    source: TemplateOrigin,
    /// Current (not retired) templates.
    total: usize,
    active: usize,
    retired: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TacticStats {
    tactic: String,
    /// Active templates of the tactic's techniques.
    templates: usize,
    /// The tactic's techniques with at least one active template.
    techniques: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateStats {
    /// Current templates (retired ones apart).
    total: usize,
    active: usize,
    inactive: usize,
    retired: usize,
    /// Current templates naming a technique the catalog does not know.
    flagged: usize,
    /// Techniques (and sub-techniques) with at least one active template.
    techniques_with_active: usize,
    by_source: Vec<SourceStats>,
    by_tactic: Vec<TacticStats>,
}

/// Counts by source, activity and tactic, and the techniques an active template covers.
#[utoipa::path(get, path = "/api/v1/test-templates/stats", tag = "test-templates",
    responses((status = 200, body = TemplateStats)))]
pub async fn template_stats(State(state): State<AppState>) -> Result<Json<TemplateStats>, ApiError> {
    let view = store_templates::view(&state.db).await?;
    let by_technique = tactics_of_techniques(&state).await?;
    let current: Vec<&TestTemplate> = view.entries.iter().filter(|t| !t.retired).collect();
    let active: Vec<&TestTemplate> = current.iter().copied().filter(|t| t.active).collect();
    let by_source = TemplateOrigin::ALL
        .into_iter()
        .map(|source| SourceStats {
            source,
            total: current.iter().filter(|t| t.content.source == source).count(),
            active: active.iter().filter(|t| t.content.source == source).count(),
            retired: view.entries.iter().filter(|t| t.retired && t.content.source == source).count(),
        })
        .collect();
    let covered: HashSet<&str> =
        active.iter().flat_map(|t| t.content.technique_ids.iter().map(String::as_str)).collect();
    let mut tactics: BTreeMap<&str, (usize, HashSet<&str>)> = BTreeMap::new();
    for t in &active {
        for tactic in tactics_of(t, &by_technique) {
            let entry = tactics.entry(tactic).or_default();
            entry.0 += 1;
            entry.1.extend(t.content.technique_ids.iter().map(String::as_str));
        }
    }
    Ok(Json(TemplateStats {
        total: current.len(),
        active: active.len(),
        inactive: current.len() - active.len(),
        retired: view.entries.len() - current.len(),
        flagged: current.iter().filter(|t| !t.unknown_techniques.is_empty()).count(),
        techniques_with_active: covered.len(),
        by_source,
        by_tactic: tactics
            .into_iter()
            .map(|(tactic, (templates, techniques))| TacticStats {
                tactic: tactic.into(),
                templates,
                techniques: techniques.len(),
            })
            .collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateDetail {
    #[serde(flatten)]
    template: TestTemplate,
    /// Existing tests created from it.
    tests_count: u32,
}

async fn load(state: &AppState, id: Uuid) -> Result<TestTemplate, ApiError> {
    store_templates::get(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no test template {id}")))
}

/// One template with its command, arguments and how many tests were made from it.
#[utoipa::path(get, path = "/api/v1/test-templates/{id}", tag = "test-templates", params(("id" = Uuid, Path)),
    responses((status = 200, body = TemplateDetail), (status = 404, body = web::error::Problem)))]
pub async fn get_template(
    State(state): State<AppState>,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<TemplateDetail>, ApiError> {
    let template = load(&state, id).await?;
    let tests_count = store_templates::refs(&state.db, id).await?;
    Ok(Json(TemplateDetail { template, tests_count }))
}

/// A custom template as its author writes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomTemplate {
    #[schema(max_length = 200)]
    name: String,
    #[serde(default)]
    description: String,
    /// 1 to 20 ATT&CK ids known to the catalog.
    technique_ids: Vec<String>,
    #[serde(default)]
    platforms: Vec<String>,
    executor: Option<String>,
    /// The command; `#{name}` stands for an argument.
    command: Option<String>,
    cleanup: Option<String>,
    #[serde(default)]
    arguments: Vec<TemplateArgument>,
    privileges: Option<String>,
    #[serde(default)]
    elevation_required: bool,
    #[serde(default)]
    references: Vec<String>,
}

impl CustomTemplate {
    fn into_content(self, source_id: String) -> TemplateContent {
        TemplateContent {
            source: TemplateOrigin::Custom,
            source_id,
            technique_ids: self.technique_ids.into_iter().map(|t| t.trim().to_ascii_uppercase()).collect(),
            tactics: Vec::new(),
            name: self.name.trim().to_owned(),
            description: self.description,
            platforms: self.platforms.into_iter().map(|p| p.trim().to_lowercase()).collect(),
            executor: self.executor,
            command: self.command,
            cleanup: self.cleanup,
            arguments: self.arguments,
            privileges: self.privileges,
            elevation_required: self.elevation_required,
            references: self.references,
            upstream_path: None,
        }
    }
}

/// Refuses content with bad fields or techniques the catalog does not have.
async fn check(state: &AppState, content: &TemplateContent) -> Result<(), ApiError> {
    let mut errors = check_custom(content);
    if errors.is_empty() {
        // The shape was checked with the content.
        crate::catalog_check::current_techniques(state, &content.technique_ids, false, &mut errors).await?;
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

/// Writes a custom template (red roles and admin).
#[utoipa::path(post, path = "/api/v1/test-templates", tag = "test-templates", request_body = CustomTemplate,
    responses((status = 201, body = TestTemplate), (status = 422, body = web::error::Problem)))]
pub async fn create_template(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppJson(req): AppJson<CustomTemplate>,
) -> Result<(StatusCode, Json<TestTemplate>), ApiError> {
    let id = Uuid::new_v4();
    let content = req.into_content(id.to_string());
    check(&state, &content).await?;
    let now = Utc::now();
    let template = TestTemplate {
        id,
        content_hash: content::content_hash(&content),
        content,
        active: true,
        retired: false,
        unknown_techniques: Vec::new(),
        created_at: now,
        updated_at: now,
        created_by: Some(user.username.clone()),
        updated_by: Some(user.username.clone()),
        run_id: None,
    };
    let summary = json!({ "name": template.content.name, "techniques": template.content.technique_ids });
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "test_template.create",
        "test_template",
        Some(id.to_string()),
        summary,
    );
    store_templates::create(&state.db, &template, &entry).await?;
    Ok((StatusCode::CREATED, Json(template)))
}

/// Changes to a template: the content of a custom one (red roles and admin), or whether it is
/// offered (`active`: leads and admin, any template).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateUpdate {
    active: Option<bool>,
    #[schema(max_length = 200)]
    name: Option<String>,
    description: Option<String>,
    technique_ids: Option<Vec<String>>,
    platforms: Option<Vec<String>>,
    executor: Option<String>,
    command: Option<String>,
    cleanup: Option<String>,
    arguments: Option<Vec<TemplateArgument>>,
    privileges: Option<String>,
    elevation_required: Option<bool>,
    references: Option<Vec<String>>,
}

impl TemplateUpdate {
    fn changes_content(&self) -> bool {
        self.name.is_some()
            || self.description.is_some()
            || self.technique_ids.is_some()
            || self.platforms.is_some()
            || self.executor.is_some()
            || self.command.is_some()
            || self.cleanup.is_some()
            || self.arguments.is_some()
            || self.privileges.is_some()
            || self.elevation_required.is_some()
            || self.references.is_some()
    }
}

#[utoipa::path(patch, path = "/api/v1/test-templates/{id}", tag = "test-templates", params(("id" = Uuid, Path)),
    request_body = TemplateUpdate,
    responses((status = 200, body = TestTemplate), (status = 403, body = web::error::Problem),
        (status = 404, body = web::error::Problem), (status = 409, body = web::error::Problem),
        (status = 422, body = web::error::Problem)))]
pub async fn update_template(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
    AppJson(req): AppJson<TemplateUpdate>,
) -> Result<Json<TestTemplate>, ApiError> {
    let before = load(&state, id).await?;
    if req.active.is_some() && !user.role.is_allowed(roles::LEADS) {
        return Err(ApiError::Forbidden("only leads and admins choose which templates are active".into()));
    }
    let mut after = before.clone();
    if req.changes_content() {
        if !user.role.is_allowed(AUTHORS) {
            return Err(ApiError::Forbidden("only the red team and admins write templates".into()));
        }
        if before.content.source != TemplateOrigin::Custom {
            return Err(ApiError::Conflict(format!(
                "{} templates change only through their source's sync; copy it into a custom template to change it",
                before.content.source.as_str()
            )));
        }
        let c = &mut after.content;
        let trim_upper = |v: Vec<String>| v.into_iter().map(|t| t.trim().to_ascii_uppercase()).collect();
        if let Some(v) = req.name {
            c.name = v.trim().to_owned();
        }
        if let Some(v) = req.description {
            c.description = v;
        }
        if let Some(v) = req.technique_ids {
            c.technique_ids = trim_upper(v);
        }
        if let Some(v) = req.platforms {
            c.platforms = v.into_iter().map(|p| p.trim().to_lowercase()).collect();
        }
        if let Some(v) = req.executor {
            c.executor = Some(v).filter(|e| !e.is_empty());
        }
        if let Some(v) = req.command {
            c.command = Some(v).filter(|e| !e.is_empty());
        }
        if let Some(v) = req.cleanup {
            c.cleanup = Some(v).filter(|e| !e.is_empty());
        }
        if let Some(v) = req.arguments {
            c.arguments = v;
        }
        if let Some(v) = req.privileges {
            c.privileges = Some(v).filter(|e| !e.is_empty());
        }
        if let Some(v) = req.elevation_required {
            c.elevation_required = v;
        }
        if let Some(v) = req.references {
            c.references = v;
        }
        check(&state, &after.content).await?;
        after.content_hash = content::content_hash(&after.content);
    }
    if let Some(active) = req.active {
        after.active = active;
    }
    if after == before {
        return Ok(Json(before));
    }
    after.updated_at = Utc::now();
    after.updated_by = Some(user.username.clone());
    let summary = json!({ "active": [before.active, after.active], "content_changed": before.content_hash != after.content_hash });
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "test_template.update",
        "test_template",
        Some(id.to_string()),
        summary,
    );
    store_templates::replace(&state.db, &after, before.updated_at, &entry).await?;
    Ok(Json(after))
}

/// Deletes a custom template no existing test was created from.
#[utoipa::path(delete, path = "/api/v1/test-templates/{id}", tag = "test-templates", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = web::error::Problem),
        (status = 409, description = "Imported, or tests reference it", body = web::error::Problem)))]
pub async fn delete_template(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    let template = load(&state, id).await?;
    if template.content.source != TemplateOrigin::Custom {
        return Err(ApiError::Conflict(
            "imported templates are retired by their source's sync, never deleted".into(),
        ));
    }
    let refs = store_templates::refs(&state.db, id).await?;
    if refs > 0 {
        return Err(ApiError::Conflict(format!(
            "{refs} tests were created from this template; deactivate it instead"
        )));
    }
    let summary = json!({ "name": template.content.name });
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "test_template.delete",
        "test_template",
        Some(id.to_string()),
        summary,
    );
    store_templates::delete(&state.db, id, template.updated_at, Utc::now(), &entry).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// At most this many templates named in one bulk change.
const MAX_BULK_IDS: usize = 5_000;

/// Activates or deactivates the templates named, or every template matching a filter.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkActive {
    ids: Option<Vec<Uuid>>,
    filter: Option<TemplateFilter>,
    active: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkResult {
    /// Templates whose `active` changed (those already so are not counted).
    updated: usize,
}

#[utoipa::path(post, path = "/api/v1/test-templates/bulk", tag = "test-templates", request_body = BulkActive,
    responses((status = 200, body = BulkResult), (status = 422, body = web::error::Problem)))]
pub async fn bulk_active(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppJson(req): AppJson<BulkActive>,
) -> Result<Json<BulkResult>, ApiError> {
    let ids: Vec<Uuid> = match (req.ids, req.filter) {
        (Some(ids), None) if !ids.is_empty() && ids.len() <= MAX_BULK_IDS => ids,
        (Some(_), None) => {
            let msg = format!("1 to {MAX_BULK_IDS} template ids");
            return Err(ApiError::Validation(vec![FieldError::new("ids", "out_of_range", msg)]));
        }
        (None, Some(filter)) => {
            let view = store_templates::view(&state.db).await?;
            filtered(&state, &view, &filter).await?.into_iter().map(|t| t.id).collect()
        }
        _ => {
            let msg = "give either `ids` or `filter`";
            return Err(ApiError::Validation(vec![FieldError::new("ids", "one_of", msg)]));
        }
    };
    // One audit entry per template changed, in the same transaction as the change.
    let summary = json!({ "active": req.active, "bulk": true });
    let audit = |id: Uuid| {
        let (target, summary) = (Some(id.to_string()), summary.clone());
        auth::audit::entry(Some(&user), &ip, "test_template.set_active", "test_template", target, summary)
    };
    let changed =
        store_templates::set_active(&state.db, &ids, req.active, &user.username, Utc::now(), audit).await?;
    Ok(Json(BulkResult { updated: changed.len() }))
}
