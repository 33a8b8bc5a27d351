//! `/api/v1/techniques`: the technique catalog with filters, detail with its relations, review
//! marks, and admin CRUD for custom techniques (which the sync never overwrites).

use crate::paging::{Paging, matches};
use crate::{DomainParam, Summary, domain_of};
use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use domain::FieldError;
use domain::catalog::{Lifecycle, Review, Technique, check_custom_id};
use domain::content::{RuleOrigin, RuleOutcome};
use domain::validation::{Coverage, TechniqueCoverage};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use store::catalog;
use utoipa::{IntoParams, ToSchema};
use web::client_ip::ClientIp;
use web::pagination::ListResponse;
use web::{ApiError, AppJson, AppPath, AppQuery, AppState};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TechniqueFilter {
    /// `enterprise-attack` (default), `mobile-attack` or `ics-attack`.
    domain: Option<String>,
    /// Tactic shortname (`execution`) or id (`TA0002`).
    tactic: Option<String>,
    /// Platform name, case-insensitive (`Windows`).
    platform: Option<String>,
    /// `true`: only sub-techniques; `false`: only top-level techniques.
    subtechniques: Option<bool>,
    /// `true`: only revoked, deprecated or removed ones; default: only current ones.
    deprecated: Option<bool>,
    /// Only reviewed (`true`) or not reviewed (`false`) techniques.
    reviewed: Option<bool>,
    /// `true`: only custom techniques; `false`: only MITRE's.
    custom: Option<bool>,
    /// Only techniques with this coverage status.
    coverage: Option<Coverage>,
    /// Free text, matched literally (case-insensitive) against id and name.
    q: Option<String>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// A technique in lists.
#[derive(Debug, Serialize, ToSchema)]
pub struct TechniqueSummary {
    attack_id: String,
    name: String,
    tactics: Vec<String>,
    platforms: Vec<String>,
    is_subtechnique: bool,
    parent_id: Option<String>,
    revoked: bool,
    revoked_by: Option<String>,
    deprecated: bool,
    removed: bool,
    reviewed: bool,
    custom: bool,
    url: Option<String>,
    domain: String,
    /// From its tests: `validated`, `partial`, `not_covered` or `in_progress`.
    coverage_status: Coverage,
    tests_total: u32,
    tests_validated: u32,
}

fn summary(t: &Technique, review: Option<&Review>, coverage: Option<&TechniqueCoverage>) -> TechniqueSummary {
    TechniqueSummary {
        attack_id: t.attack_id.clone(),
        name: t.name.clone(),
        tactics: t.tactics.clone(),
        platforms: t.platforms.clone(),
        is_subtechnique: t.is_subtechnique,
        parent_id: t.parent_id.clone(),
        revoked: t.lifecycle.revoked,
        revoked_by: t.lifecycle.revoked_by.clone(),
        deprecated: t.lifecycle.deprecated,
        removed: t.lifecycle.removed,
        reviewed: review.is_some_and(|r| r.reviewed),
        custom: t.custom,
        url: t.url.clone(),
        domain: t.domain.clone(),
        coverage_status: coverage.map_or(Coverage::NotCovered, |c| c.status),
        tests_total: coverage.map_or(0, |c| c.tests_total),
        tests_validated: coverage.map_or(0, |c| c.tests_validated),
    }
}

/// Lists techniques and sub-techniques by ATT&CK id.
#[utoipa::path(get, path = "/api/v1/techniques", tag = "techniques", params(TechniqueFilter),
    responses((status = 200, body = ListResponse<TechniqueSummary>), (status = 400, body = web::error::Problem)))]
pub async fn list_techniques(
    State(state): State<AppState>,
    AppQuery(f): AppQuery<TechniqueFilter>,
) -> Result<Json<ListResponse<TechniqueSummary>>, ApiError> {
    let domain = domain_of(&f.domain)?;
    let index = catalog::technique_index(&state.db, domain).await?;
    let (techniques, reviews, coverage) = (index.techniques(), index.reviews(), &index.coverage);
    let tactic = match &f.tactic {
        Some(t) if t.starts_with("TA") => Some(
            index.view.tactics.iter().find(|x| &x.id == t).map(|x| x.shortname.clone()).unwrap_or_default(),
        ),
        other => other.clone(),
    };
    let platform = f.platform.as_ref().map(|p| p.to_lowercase());
    let items: Vec<TechniqueSummary> = techniques
        .iter()
        .filter(|t| f.deprecated.unwrap_or(false) != t.lifecycle.is_active())
        .filter(|t| tactic.as_ref().is_none_or(|x| t.tactics.contains(x)))
        .filter(|t| platform.as_ref().is_none_or(|p| t.platforms.iter().any(|x| x.to_lowercase() == *p)))
        .filter(|t| f.subtechniques.is_none_or(|s| t.is_subtechnique == s))
        .filter(|t| f.custom.is_none_or(|c| t.custom == c))
        .filter(|t| f.reviewed.is_none_or(|r| reviews.get(&t.attack_id).is_some_and(|x| x.reviewed) == r))
        .filter(|t| f.q.as_ref().is_none_or(|q| matches(&[&t.attack_id, &t.name], q)))
        .filter(|t| {
            f.coverage
                .is_none_or(|c| coverage.get(&t.attack_id).map_or(Coverage::NotCovered, |x| x.status) == c)
        })
        .map(|t| summary(t, reviews.get(&t.attack_id), coverage.get(&t.attack_id)))
        .collect();
    let paging = Paging { limit: f.limit, cursor: f.cursor };
    Ok(Json(paging.page(items, |t| t.attack_id.clone())?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TacticRef {
    id: String,
    name: String,
    shortname: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DetectionRef {
    attack_id: String,
    name: String,
    analytics: Vec<domain::catalog::AnalyticRef>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActorRef {
    attack_id: String,
    name: String,
    /// `mitre` or `custom` (an admin's mapping).
    source: &'static str,
}

/// A technique with everything linked to it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TechniqueDetail {
    #[serde(flatten)]
    technique: Technique,
    reviewed: bool,
    reviewed_by: Option<String>,
    reviewed_at: Option<chrono::DateTime<Utc>>,
    coverage_status: Coverage,
    tests_total: u32,
    tests_validated: u32,
    tactic_refs: Vec<TacticRef>,
    subtechniques: Vec<TechniqueSummary>,
    mitigations: Vec<Summary>,
    threat_actors: Vec<ActorRef>,
    detection_strategies: Vec<DetectionRef>,
    /// Test templates for it (a parent's count includes its sub-techniques' templates).
    templates: TemplateCounts,
    /// Detection rules mapped to it (a parent's include its sub-techniques'), or reported on in
    /// its tests, by source and title, each with the latest outcome a test recorded.
    rules: Vec<TechniqueRule>,
    /// D3FEND countermeasures of this technique with their deployment.
    countermeasures: Vec<crate::d3fend::TechniqueCountermeasure>,
    /// Share (0-100) of those deployed: the D3FEND score component (`null` when D3FEND names none).
    d3fend_deployed_pct: Option<f64>,
}

/// A detection rule on a technique's page.
#[derive(Debug, Serialize, ToSchema)]
pub struct TechniqueRule {
    id: uuid::Uuid,
    title: String,
    source: RuleOrigin,
    level: Option<String>,
    /// Mapped to the technique by its source (else only reported on in a test).
    mapped: bool,
    /// What the most recent blue result on this technique that reported on the rule said.
    latest_outcome: Option<RuleOutcome>,
    latest_at: Option<chrono::DateTime<Utc>>,
}

/// How many test templates a technique has.
#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateCounts {
    /// Active and current: offered when creating tests.
    active: u32,
    /// Current (not retired), active or not.
    total: u32,
}

async fn load(state: &AppState, domain: &str, id: &str) -> Result<Technique, ApiError> {
    catalog::get::<Technique>(&state.db, domain, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("technique {id} not found in {domain}")))
}

/// One technique by ATT&CK id, with sub-techniques, tactics, mitigations, detection strategies and
/// the threat actors that use it.
#[utoipa::path(get, path = "/api/v1/techniques/{id}", tag = "techniques",
    params(("id" = String, Path, description = "ATT&CK id, e.g. T1059.001"), DomainParam),
    responses((status = 200, body = TechniqueDetail), (status = 404, body = web::error::Problem)))]
pub async fn get_technique(
    State(state): State<AppState>,
    AppPath(id): AppPath<String>,
    AppQuery(p): AppQuery<DomainParam>,
) -> Result<Json<TechniqueDetail>, ApiError> {
    let domain = domain_of(&p.domain)?;
    let db = &state.db;
    let index = catalog::technique_index(db, domain).await?;
    let (all, reviews, coverage) = (index.techniques(), index.reviews(), &index.coverage);
    let technique = all
        .iter()
        .find(|t| t.attack_id == id)
        .ok_or_else(|| ApiError::NotFound(format!("technique {id} not found in {domain}")))?;
    let prefix = format!("{id}.");
    let subtechniques = all
        .iter()
        .filter(|t| t.attack_id.starts_with(&prefix) || t.parent_id.as_deref() == Some(id.as_str()))
        .filter(|t| t.attack_id != id)
        .map(|t| summary(t, reviews.get(&t.attack_id), coverage.get(&t.attack_id)))
        .collect();
    let tactics = &index.view.tactics;
    let tactic_refs = technique
        .tactics
        .iter()
        .filter_map(|s| tactics.iter().find(|t| &t.shortname == s))
        .map(|t| TacticRef { id: t.id.clone(), name: t.name.clone(), shortname: t.shortname.clone() })
        .collect();
    let mitigations = technique
        .mitigation_ids
        .iter()
        .filter_map(|m| index.view.mitigations.get(m))
        .map(|m| Summary { attack_id: m.attack_id.clone(), name: m.name.clone() })
        .collect();
    let actors = &index.view.actors;
    let mut threat_actors: Vec<ActorRef> = technique
        .actor_ids
        .iter()
        .filter_map(|a| actors.get(a))
        .map(|a| ActorRef { attack_id: a.attack_id.clone(), name: a.name.clone(), source: "mitre" })
        .collect();
    for m in catalog::mappings_of_technique(db, domain, &id).await? {
        if let Some(a) = actors.get(&m.actor_id).filter(|_| !technique.actor_ids.contains(&m.actor_id)) {
            threat_actors.push(ActorRef {
                attack_id: a.attack_id.clone(),
                name: a.name.clone(),
                source: "custom",
            });
        }
    }
    let mut detection_strategies: Vec<DetectionRef> = technique
        .detection_strategy_ids
        .iter()
        .filter_map(|d| index.view.detection_strategies.get(d))
        .map(|d| DetectionRef {
            attack_id: d.attack_id.clone(),
            name: d.name.clone(),
            analytics: d.analytics.clone(),
        })
        .collect();
    // In the catalog's order, as the table read gave them.
    detection_strategies.sort_by(|a, b| a.attack_id.cmp(&b.attack_id));
    let review = reviews.get(&id);
    let cov = coverage.get(&id);
    // Templates, rules with their latest outcomes, and countermeasures are independent reads:
    // one round trip's wait instead of five in a row.
    let (template_view, rules, d3fend) = tokio::join!(
        store::templates::view(db),
        technique_rules(&state, domain, &id),
        crate::d3fend::of_technique(&state, &id)
    );
    let (template_view, rules, (countermeasures, d3fend_deployed_pct)) = (template_view?, rules?, d3fend?);
    let current = template_view.entries.iter().filter(|t| !t.retired && t.covers(&id));
    let (mut active, mut total) = (0, 0);
    for t in current {
        total += 1;
        active += u32::from(t.active);
    }
    Ok(Json(TechniqueDetail {
        rules,
        countermeasures,
        d3fend_deployed_pct,
        templates: TemplateCounts { active, total },
        coverage_status: cov.map_or(Coverage::NotCovered, |c| c.status),
        tests_total: cov.map_or(0, |c| c.tests_total),
        tests_validated: cov.map_or(0, |c| c.tests_validated),
        reviewed: review.is_some_and(|r| r.reviewed),
        reviewed_by: review.and_then(|r| r.reviewed_by.clone()),
        reviewed_at: review.and_then(|r| r.reviewed_at),
        technique: technique.clone(),
        tactic_refs,
        subtechniques,
        mitigations,
        threat_actors,
        detection_strategies,
    }))
}

/// The rules of a technique's page: mapped ones and those its tests reported on, with the latest
/// outcome from its tests' blue results (one query of the technique's tests).
async fn technique_rules(state: &AppState, domain: &str, id: &str) -> Result<Vec<TechniqueRule>, ApiError> {
    let view = store::rules::view(&state.db).await?;
    let mut tests = store::validation::of_technique(&state.db, domain, id).await?;
    tests.sort_by_key(|t| std::cmp::Reverse(t.updated_at));
    let mut latest: HashMap<uuid::Uuid, (RuleOutcome, chrono::DateTime<Utc>)> = HashMap::new();
    for t in &tests {
        for r in t.blue.iter().flat_map(|b| b.rule_outcomes.iter()) {
            latest.entry(r.rule_id).or_insert((r.outcome, t.updated_at));
        }
    }
    let mut out: Vec<TechniqueRule> = view
        .entries
        .iter()
        .filter(|r| !r.retired && (r.covers(id) || latest.contains_key(&r.id)))
        .map(|r| {
            let seen = latest.get(&r.id);
            TechniqueRule {
                id: r.id,
                title: r.content.title.clone(),
                source: r.content.source,
                level: r.content.level.clone(),
                mapped: r.covers(id),
                latest_outcome: seen.map(|s| s.0),
                latest_at: seen.map(|s| s.1),
            }
        })
        .collect();
    out.sort_by_key(|r| (r.source, r.title.to_lowercase()));
    Ok(out)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    reviewed: bool,
}

/// Marks a technique reviewed (or not), recording who and when. Leads and admins.
#[utoipa::path(post, path = "/api/v1/techniques/{id}/review", tag = "techniques", request_body = ReviewRequest,
    params(("id" = String, Path), DomainParam),
    responses((status = 200, body = Review), (status = 403, body = web::error::Problem), (status = 404, body = web::error::Problem)))]
pub async fn review_technique(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<String>,
    AppQuery(p): AppQuery<DomainParam>,
    AppJson(req): AppJson<ReviewRequest>,
) -> Result<Json<Review>, ApiError> {
    let domain = domain_of(&p.domain)?;
    let review = Review {
        attack_id: id.clone(),
        reviewed: req.reviewed,
        reviewed_by: Some(user.username.clone()),
        reviewed_at: Some(Utc::now()),
        repointed_from: None,
    };
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "technique.review",
        "technique",
        Some(id.clone()),
        json!({ "domain": domain, "reviewed": req.reviewed }),
    );
    catalog::put_review(&state.db, domain, &review, &entry).await.map_err(|e| match e {
        store::StoreError::NotFound => ApiError::NotFound(format!("technique {id} not found in {domain}")),
        other => other.into(),
    })?;
    Ok(Json(review))
}

/// A custom technique as an admin writes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomTechnique {
    /// Outside MITRE's `T####` range, e.g. `CT-0001`.
    attack_id: String,
    name: String,
    #[serde(default)]
    description: String,
    /// Tactic shortnames of the domain.
    tactics: Vec<String>,
    #[serde(default)]
    platforms: Vec<String>,
    #[serde(default)]
    detection: Option<String>,
    /// Makes it a sub-technique of this technique.
    #[serde(default)]
    parent_id: Option<String>,
    #[serde(default)]
    domain: Option<String>,
}

async fn check_custom(state: &AppState, req: &CustomTechnique, domain: &str) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if let Err(why) = check_custom_id(&req.attack_id) {
        errors.push(FieldError::new("attack_id", "invalid", why));
    }
    if req.name.trim().is_empty() || req.name.chars().count() > 200 {
        errors.push(FieldError::new("name", "length", "1-200 characters"));
    }
    if req.description.chars().count() > 20_000 {
        errors.push(FieldError::new("description", "max_length", "at most 20000 characters"));
    }
    let tactics = catalog::tactics(&state.db, domain).await?;
    if req.tactics.is_empty() {
        errors.push(FieldError::new("tactics", "required", "at least one tactic"));
    }
    for t in &req.tactics {
        if !tactics.iter().any(|x| &x.shortname == t) {
            errors.push(FieldError::new("tactics", "unknown", format!("no tactic `{t}` in {domain}")));
        }
    }
    if let Some(parent) = &req.parent_id
        && catalog::get::<Technique>(&state.db, domain, parent).await?.is_none()
    {
        errors.push(FieldError::new("parent_id", "unknown", format!("no technique {parent} in {domain}")));
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

fn custom_record(req: CustomTechnique, domain: &str) -> Technique {
    Technique {
        is_subtechnique: req.parent_id.is_some(),
        attack_id: req.attack_id,
        name: req.name.trim().to_owned(),
        description: req.description,
        tactics: req.tactics,
        platforms: req.platforms,
        data_sources: Vec::new(),
        detection: req.detection,
        url: None,
        parent_id: req.parent_id,
        mitigation_ids: Vec::new(),
        actor_ids: Vec::new(),
        detection_strategy_ids: Vec::new(),
        domain: domain.to_owned(),
        custom: true,
        lifecycle: Lifecycle::default(),
        attack_version: None,
        modified: Some(Utc::now().to_rfc3339()),
    }
}

/// Creates a custom technique (admin).
#[utoipa::path(post, path = "/api/v1/techniques", tag = "techniques", request_body = CustomTechnique,
    responses((status = 201, body = Technique), (status = 409, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn create_technique(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppJson(req): AppJson<CustomTechnique>,
) -> Result<(StatusCode, Json<Technique>), ApiError> {
    let domain = domain_of(&req.domain)?.to_owned();
    check_custom(&state, &req, &domain).await?;
    let record = custom_record(req, &domain);
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "technique.create",
        "technique",
        Some(record.attack_id.clone()),
        json!({ "domain": domain, "name": record.name, "tactics": record.tactics }),
    );
    catalog::create_custom(&state.db, &record, &entry).await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// Replaces a custom technique (admin). MITRE techniques are refused with 409.
#[utoipa::path(put, path = "/api/v1/techniques/{id}", tag = "techniques", request_body = CustomTechnique,
    params(("id" = String, Path)),
    responses((status = 200, body = Technique), (status = 404, body = web::error::Problem), (status = 409, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn update_technique(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<String>,
    AppJson(req): AppJson<CustomTechnique>,
) -> Result<Json<Technique>, ApiError> {
    if req.attack_id != id {
        return Err(ApiError::Validation(vec![FieldError::new(
            "attack_id",
            "mismatch",
            "must equal the id in the path",
        )]));
    }
    let domain = domain_of(&req.domain)?.to_owned();
    // MITRE's techniques are refused as such (409) before their id fails the custom-id rules.
    if !load(&state, &domain, &id).await?.custom {
        return Err(ApiError::Conflict(format!("{id} is MITRE data and cannot be changed")));
    }
    check_custom(&state, &req, &domain).await?;
    let record = custom_record(req, &domain);
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "technique.update",
        "technique",
        Some(id),
        json!({ "domain": domain, "name": record.name, "tactics": record.tactics }),
    );
    catalog::replace_custom(&state.db, &record, &entry).await?;
    Ok(Json(record))
}

/// Deletes a custom technique (admin). MITRE techniques are refused with 409.
#[utoipa::path(delete, path = "/api/v1/techniques/{id}", tag = "techniques", params(("id" = String, Path), DomainParam),
    responses((status = 204), (status = 404, body = web::error::Problem), (status = 409, body = web::error::Problem)))]
pub async fn delete_technique(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<String>,
    AppQuery(p): AppQuery<DomainParam>,
) -> Result<StatusCode, ApiError> {
    let domain = domain_of(&p.domain)?;
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "technique.delete",
        "technique",
        Some(id.clone()),
        json!({ "domain": domain }),
    );
    catalog::delete_custom(&state.db, domain, store::keys::CatalogKind::Technique, &id, &entry).await?;
    Ok(StatusCode::NO_CONTENT)
}
