//! `/api/v1/detection-rules`: the rule catalog (Sigma, Elastic, custom) with filters and keyset
//! pages over the copy each process keeps (see `store::library`), detail with the raw rule,
//! custom rules for the blue team, the rules no validated test ever saw fire, and a Navigator
//! layer of rule coverage per source.

use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use domain::FieldError;
use domain::content::{DetectionRule, RuleContent, RuleOrigin};
use domain::validation::check_text;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashSet};
use store::rules::{RuleView, sort_key};
use store::{catalog_view, library, technique_coverage};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::keyset::{Paging, matches};
use web::{ApiError, AppJson, AppPath, AppQuery, AppState};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct RuleParams {
    /// `sigma`, `elastic` or `custom`.
    source: Option<RuleOrigin>,
    /// An ATT&CK id; a parent technique includes its sub-techniques.
    technique: Option<String>,
    /// Tactic short name (`persistence`): the rule's own tactics or its techniques'.
    tactic: Option<String>,
    /// Sigma level or Elastic severity (`high`).
    level: Option<String>,
    /// Sigma status or Elastic maturity (`stable`, `production`).
    status: Option<String>,
    /// Platform (`windows`) or a log source part (`process_creation`), case-insensitive.
    platform: Option<String>,
    /// `true`: only rules mapped to a technique; `false`: only unmapped ones.
    mapped: Option<bool>,
    /// `true`: only deprecated rules; `false`: none of them. Default: both.
    deprecated: Option<bool>,
    /// `true`: only rules the source no longer has; default: current ones.
    retired: Option<bool>,
    /// Free text, matched literally against title, source id and techniques.
    q: Option<String>,
    /// Page size, 1-1000 (default 100).
    limit: Option<u32>,
    cursor: Option<String>,
}

/// A rule in lists.
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleSummary {
    id: Uuid,
    source: RuleOrigin,
    source_id: String,
    title: String,
    technique_ids: Vec<String>,
    tactics: Vec<String>,
    level: Option<String>,
    status: Option<String>,
    logsource: Option<String>,
    platforms: Vec<String>,
    rule_type: Option<String>,
    deprecated: bool,
    building_block: bool,
    retired: bool,
    unknown_techniques: Vec<String>,
}

impl From<&DetectionRule> for RuleSummary {
    fn from(r: &DetectionRule) -> Self {
        let c = &r.content;
        RuleSummary {
            id: r.id,
            source: c.source,
            source_id: c.source_id.clone(),
            title: c.title.clone(),
            technique_ids: c.technique_ids.clone(),
            tactics: c.tactics.clone(),
            level: c.level.clone(),
            status: c.status.clone(),
            logsource: c.logsource.clone(),
            platforms: c.platforms.clone(),
            rule_type: c.rule_type.clone(),
            deprecated: c.deprecated,
            building_block: c.building_block,
            retired: r.retired,
            unknown_techniques: r.unknown_techniques.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RulePage {
    items: Vec<RuleSummary>,
    next_cursor: Option<String>,
    /// Rules matching the filters, over every page.
    total: usize,
}

async fn technique_tactics(
    state: &AppState,
) -> Result<std::collections::HashMap<String, Vec<String>>, ApiError> {
    let view = catalog_view::current(&state.db, domain::catalog::DEFAULT_DOMAIN).await?;
    Ok(view.techniques.iter().map(|t| (t.attack_id.clone(), t.tactics.clone())).collect())
}

async fn filtered<'a>(
    state: &AppState,
    view: &'a RuleView,
    p: &RuleParams,
) -> Result<Vec<&'a DetectionRule>, ApiError> {
    let lower = |s: &Option<String>| s.as_deref().map(|v| v.trim().to_lowercase());
    let technique = p.technique.as_deref().map(|t| t.trim().to_ascii_uppercase());
    let (tactic, level, status, platform) =
        (lower(&p.tactic), lower(&p.level), lower(&p.status), lower(&p.platform));
    let by_technique = if tactic.is_some() { technique_tactics(state).await? } else { Default::default() };
    let q = p.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    let eq = |v: &Option<String>, want: &str| v.as_deref().is_some_and(|v| v.eq_ignore_ascii_case(want));
    Ok(view
        .entries
        .iter()
        .filter(|r| p.source.is_none_or(|s| r.content.source == s))
        .filter(|r| technique.as_deref().is_none_or(|t| r.covers(t)))
        .filter(|r| level.as_deref().is_none_or(|l| eq(&r.content.level, l)))
        .filter(|r| status.as_deref().is_none_or(|s| eq(&r.content.status, s)))
        .filter(|r| {
            platform.as_deref().is_none_or(|pf| {
                r.content.platforms.iter().any(|x| x.eq_ignore_ascii_case(pf))
                    || r.content
                        .logsource
                        .as_deref()
                        .is_some_and(|l| l.to_lowercase().split(['/', ',']).any(|part| part == pf))
            })
        })
        .filter(|r| p.mapped.is_none_or(|m| m != r.content.technique_ids.is_empty()))
        .filter(|r| p.deprecated.is_none_or(|d| d == r.content.deprecated))
        .filter(|r| r.retired == p.retired.unwrap_or(false))
        .filter(|r| {
            tactic.as_deref().is_none_or(|ta| {
                r.content.tactics.iter().any(|x| x == ta)
                    || r.content
                        .technique_ids
                        .iter()
                        .any(|t| by_technique.get(t).is_some_and(|ts| ts.iter().any(|x| x == ta)))
            })
        })
        .filter(|r| {
            q.is_none_or(|q| {
                let mut fields: Vec<&str> = vec![&r.content.title, &r.content.source_id];
                fields.extend(r.content.technique_ids.iter().map(String::as_str));
                matches(&fields, q)
            })
        })
        .collect())
}

/// Detection rules, filtered, by title, a page at a time.
#[utoipa::path(get, path = "/api/v1/detection-rules", tag = "detection-rules", params(RuleParams),
    responses((status = 200, body = RulePage), (status = 400, body = web::error::Problem)))]
pub async fn list_rules(
    State(state): State<AppState>,
    AppQuery(p): AppQuery<RuleParams>,
) -> Result<Json<RulePage>, ApiError> {
    let view = store::rules::view(&state.db).await?;
    let matching = filtered(&state, &view, &p).await?;
    let total = matching.len();
    let page = Paging { limit: p.limit, cursor: p.cursor.clone() }.page(matching, |r| sort_key(r))?;
    Ok(Json(RulePage {
        items: page.items.into_iter().map(RuleSummary::from).collect(),
        next_cursor: page.next_cursor,
        total,
    }))
}

async fn load(state: &AppState, id: Uuid) -> Result<DetectionRule, ApiError> {
    store::rules::get(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no detection rule {id}")))
}

/// One rule with its raw text as the source wrote it.
#[utoipa::path(get, path = "/api/v1/detection-rules/{id}", tag = "detection-rules", params(("id" = Uuid, Path)),
    responses((status = 200, body = DetectionRule), (status = 404, body = web::error::Problem)))]
pub async fn get_rule(
    State(state): State<AppState>,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<DetectionRule>, ApiError> {
    Ok(Json(load(&state, id).await?))
}

/// A custom rule as the blue team writes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomRule {
    #[schema(max_length = 200)]
    title: String,
    #[serde(default)]
    description: String,
    /// ATT&CK ids known to the catalog (none: an unmapped rule).
    #[serde(default)]
    technique_ids: Vec<String>,
    level: Option<String>,
    status: Option<String>,
    /// The query language (`kuery`, `eql`, `spl`, `kql`, ...).
    language: Option<String>,
    query: Option<String>,
    logsource: Option<String>,
    #[serde(default)]
    platforms: Vec<String>,
    #[serde(default)]
    references: Vec<String>,
}

impl CustomRule {
    fn into_content(self, source_id: String) -> RuleContent {
        let raw = self.query.clone().unwrap_or_default();
        RuleContent {
            source: RuleOrigin::Custom,
            source_id,
            title: self.title.trim().to_owned(),
            description: self.description,
            technique_ids: self.technique_ids.into_iter().map(|t| t.trim().to_ascii_uppercase()).collect(),
            tactics: Vec::new(),
            level: self.level.map(|l| l.trim().to_lowercase()).filter(|l| !l.is_empty()),
            status: self.status.map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty()),
            risk_score: None,
            rule_type: None,
            language: self.language,
            query: self.query,
            logsource: self.logsource,
            platforms: self.platforms.into_iter().map(|p| p.trim().to_lowercase()).collect(),
            author: None,
            date: None,
            deprecated: false,
            building_block: false,
            references: self.references,
            other_tags: Vec::new(),
            raw,
            upstream_path: None,
        }
    }
}

async fn check(state: &AppState, c: &RuleContent) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    check_text("title", &c.title, 200, true, &mut errors);
    check_text("description", &c.description, 20_000, false, &mut errors);
    for (field, value, max) in [
        ("level", &c.level, 30),
        ("status", &c.status, 30),
        ("language", &c.language, 30),
        ("query", &c.query, 50_000),
        ("logsource", &c.logsource, 200),
    ] {
        if let Some(v) = value {
            check_text(field, v, max, false, &mut errors);
        }
    }
    if c.technique_ids.len() > 20 || c.platforms.len() > 20 || c.references.len() > 50 {
        errors.push(FieldError::new(
            "technique_ids",
            "out_of_range",
            "at most 20 techniques, 20 platforms and 50 references",
        ));
    }
    crate::catalog_check::current_techniques(state, &c.technique_ids, true, &mut errors).await?;
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

/// Writes a custom rule (blue team and admin).
#[utoipa::path(post, path = "/api/v1/detection-rules", tag = "detection-rules", request_body = CustomRule,
    responses((status = 201, body = DetectionRule), (status = 422, body = web::error::Problem)))]
pub async fn create_rule(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppJson(req): AppJson<CustomRule>,
) -> Result<(StatusCode, Json<DetectionRule>), ApiError> {
    let id = Uuid::new_v4();
    let content = req.into_content(id.to_string());
    check(&state, &content).await?;
    let now = Utc::now();
    let rule = DetectionRule {
        id,
        content_hash: content::rule_hash(&content),
        content,
        retired: false,
        unknown_techniques: Vec::new(),
        created_at: now,
        updated_at: now,
        created_by: Some(user.username.clone()),
        updated_by: Some(user.username.clone()),
        run_id: None,
    };
    let summary = json!({ "title": rule.content.title, "techniques": rule.content.technique_ids });
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "detection_rule.create",
        "detection_rule",
        Some(id.to_string()),
        summary,
    );
    library::create(&state.db, &rule, now, &entry).await?;
    Ok((StatusCode::CREATED, Json(rule)))
}

/// Replaces a custom rule's content (blue team and admin); imported rules change only through
/// their source's sync.
#[utoipa::path(put, path = "/api/v1/detection-rules/{id}", tag = "detection-rules", params(("id" = Uuid, Path)),
    request_body = CustomRule,
    responses((status = 200, body = DetectionRule), (status = 404, body = web::error::Problem),
        (status = 409, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn update_rule(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
    AppJson(req): AppJson<CustomRule>,
) -> Result<Json<DetectionRule>, ApiError> {
    let before = load(&state, id).await?;
    if before.content.source != RuleOrigin::Custom {
        return Err(ApiError::Conflict(format!(
            "{} rules change only through their source's sync",
            before.content.source.as_str()
        )));
    }
    let content = req.into_content(before.content.source_id.clone());
    check(&state, &content).await?;
    let now = Utc::now();
    let after = DetectionRule {
        content_hash: content::rule_hash(&content),
        content,
        updated_at: now,
        updated_by: Some(user.username.clone()),
        ..before.clone()
    };
    let summary = json!({ "title": after.content.title, "techniques": after.content.technique_ids });
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "detection_rule.update",
        "detection_rule",
        Some(id.to_string()),
        summary,
    );
    library::replace(&state.db, &after, before.updated_at, now, &entry).await?;
    Ok(Json(after))
}

/// Deletes a custom rule (tests that reported on it keep its title).
#[utoipa::path(delete, path = "/api/v1/detection-rules/{id}", tag = "detection-rules", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = web::error::Problem), (status = 409, body = web::error::Problem)))]
pub async fn delete_rule(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    let rule = load(&state, id).await?;
    if rule.content.source != RuleOrigin::Custom {
        return Err(ApiError::Conflict(
            "imported rules are retired by their source's sync, never deleted".into(),
        ));
    }
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "detection_rule.delete",
        "detection_rule",
        Some(id.to_string()),
        json!({ "title": rule.content.title }),
    );
    library::delete::<DetectionRule>(&state.db, id, rule.updated_at, Utc::now(), &entry).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TechniqueRef {
    attack_id: String,
    name: String,
}

/// Detections nobody has seen work, and techniques nothing detects.
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleGaps {
    /// Current, not deprecated rules mapped to a technique that never fired in a validated test.
    untested: Vec<RuleSummary>,
    /// Current rules that fired in at least one validated test.
    fired: usize,
    /// Current techniques (and sub-techniques) no current rule maps.
    techniques_without_rules: Vec<TechniqueRef>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct GapParams {
    source: Option<RuleOrigin>,
}

/// "Untested detections" (rules no validated test saw fire) and techniques with no rule.
#[utoipa::path(get, path = "/api/v1/detection-rules/gaps", tag = "detection-rules", params(GapParams),
    responses((status = 200, body = RuleGaps)))]
pub async fn rule_gaps(
    State(state): State<AppState>,
    AppQuery(p): AppQuery<GapParams>,
) -> Result<Json<RuleGaps>, ApiError> {
    let domain = domain::catalog::DEFAULT_DOMAIN;
    let view = store::rules::view(&state.db).await?;
    let coverage = technique_coverage::of_domain(&state.db, domain).await?;
    let fired_ids: HashSet<&str> =
        coverage.values().flat_map(|c| c.rules.iter().map(String::as_str)).collect();
    let current: Vec<&DetectionRule> = view
        .entries
        .iter()
        .filter(|r| !r.retired && p.source.is_none_or(|s| r.content.source == s))
        .collect();
    let fired = current.iter().filter(|r| fired_ids.contains(r.id.to_string().as_str())).count();
    let untested = current
        .iter()
        .filter(|r| !r.content.deprecated && !r.content.technique_ids.is_empty())
        .filter(|r| !fired_ids.contains(r.id.to_string().as_str()))
        .map(|r| RuleSummary::from(*r))
        .collect();
    let mapped: HashSet<&str> =
        current.iter().flat_map(|r| r.content.technique_ids.iter().map(String::as_str)).collect();
    let catalog = catalog_view::current(&state.db, domain).await?;
    let techniques_without_rules = catalog
        .techniques
        .iter()
        .filter(|t| t.lifecycle.is_active() && !mapped.contains(t.attack_id.as_str()))
        .map(|t| TechniqueRef { attack_id: t.attack_id.clone(), name: t.name.clone() })
        .collect();
    Ok(Json(RuleGaps { untested, fired, techniques_without_rules }))
}

/// A Navigator layer (4.5) of rule coverage: each technique scored by how many current rules
/// (of `source`, or all) map it.
#[utoipa::path(get, path = "/api/v1/detection-rules/navigator-layer", tag = "detection-rules", params(GapParams),
    responses((status = 200, description = "ATT&CK Navigator layer 4.5", body = Object)))]
pub async fn rules_layer(
    State(state): State<AppState>,
    AppQuery(p): AppQuery<GapParams>,
) -> Result<Json<Value>, ApiError> {
    let domain = domain::catalog::DEFAULT_DOMAIN;
    let view = store::rules::view(&state.db).await?;
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    for r in view
        .entries
        .iter()
        .filter(|r| !r.retired && !r.content.deprecated && p.source.is_none_or(|s| r.content.source == s))
    {
        for t in &r.content.technique_ids {
            *counts.entry(t.clone()).or_default() += 1;
        }
    }
    let catalog = catalog_view::current(&state.db, domain).await?;
    let techniques: Vec<&domain::catalog::Technique> =
        catalog.techniques.iter().filter(|t| t.lifecycle.is_active()).collect();
    let label = p.source.map_or("all sources", |s| s.as_str());
    let layer = coverage::layer::counts_layer(
        &format!("Aegis detection rules ({label})"),
        "Techniques scored by the number of current detection rules that map them",
        domain,
        catalog.attack_version.as_deref(),
        &techniques,
        &counts,
        5,
    );
    Ok(Json(layer))
}
