//! The campaign routes: thin adapters from HTTP to the `campaigns` service.

use crate::api_error;
use crate::views::{CampaignDetail, CampaignSummary, detail};
use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use campaigns::{Comparison, FromActorResult};
use chrono::NaiveDate;
use domain::campaign::{Campaign, CampaignEvent, CampaignStatus, Recurrence, RunSummary};
use domain::validation::Severity;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::keyset::{Paging, matches};
use web::{ApiError, AppJson, AppPath, AppQuery, AppState};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CampaignFilter {
    status: Option<CampaignStatus>,
    /// Threat actor (ATT&CK group id).
    actor: Option<String>,
    /// Owner's username.
    owner: Option<String>,
    /// Free text, matched literally against name and objective.
    q: Option<String>,
    limit: Option<u32>,
    cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignPage {
    items: Vec<CampaignSummary>,
    next_cursor: Option<String>,
    total: usize,
}

/// Campaigns, newest first.
#[utoipa::path(get, path = "/api/v1/campaigns", tag = "campaigns", params(CampaignFilter),
    responses((status = 200, body = CampaignPage), (status = 400, body = web::error::Problem)))]
pub async fn list_campaigns(
    State(state): State<AppState>,
    AppQuery(f): AppQuery<CampaignFilter>,
) -> Result<Json<CampaignPage>, ApiError> {
    let all = store::campaigns::all(&state.db).await?;
    let items: Vec<CampaignSummary> = all
        .iter()
        .filter(|c| f.status.is_none_or(|s| c.status == s))
        .filter(|c| {
            f.actor
                .as_deref()
                .is_none_or(|a| c.threat_actor.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(a)))
        })
        .filter(|c| f.owner.as_deref().is_none_or(|o| c.owner == o))
        .filter(|c| f.q.as_deref().is_none_or(|q| matches(&[&c.name, &c.objective], q)))
        .map(CampaignSummary::from)
        .collect();
    let total = items.len();
    // Newest first: the key sorts descending by creation through its complement.
    let key = |c: &CampaignSummary| format!("{:020}#{}", i64::MAX - c.created_at.timestamp_micros(), c.id);
    let page = Paging { limit: f.limit, cursor: f.cursor }.page(items, key)?;
    Ok(Json(CampaignPage { items: page.items, next_cursor: page.next_cursor, total }))
}

async fn detail_of(state: &AppState, c: Campaign) -> Result<CampaignDetail, ApiError> {
    let tests = campaigns::tests_of(state, &c).await.map_err(api_error)?;
    let coverage = store::technique_coverage::of_domain(&state.db, domain::catalog::DEFAULT_DOMAIN).await?;
    let statuses: HashMap<String, domain::validation::Coverage> =
        coverage.iter().map(|(k, v)| (k.clone(), v.status)).collect();
    Ok(detail(c, &tests, &statuses))
}

/// A campaign: phases with progress, tests with their state (and what blocks them), coverage
/// of its techniques.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}", tag = "campaigns", params(("id" = Uuid, Path)),
    responses((status = 200, body = CampaignDetail), (status = 404, body = web::error::Problem)))]
pub async fn get_campaign(
    State(state): State<AppState>,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<CampaignDetail>, ApiError> {
    let c = campaigns::load(&state, id).await.map_err(api_error)?;
    Ok(Json(detail_of(&state, c).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhaseInput {
    /// An existing phase's id (on update); absent for a new phase.
    id: Option<Uuid>,
    #[schema(max_length = 200)]
    name: String,
    #[serde(default)]
    description: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCampaign {
    #[schema(max_length = 200)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    objective: String,
    threat_actor: Option<String>,
    #[serde(default)]
    phases: Vec<PhaseInput>,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    #[serde(default)]
    recurrence: Recurrence,
}

fn origin(user: &CurrentUser, ip: &ClientIp) -> lifecycle::Origin {
    user.origin(ip)
}

/// Creates a planned campaign.
#[utoipa::path(post, path = "/api/v1/campaigns", tag = "campaigns", request_body = NewCampaign,
    responses((status = 201, body = Campaign), (status = 422, body = web::error::Problem)))]
pub async fn create_campaign(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppJson(req): AppJson<NewCampaign>,
) -> Result<(StatusCode, Json<Campaign>), ApiError> {
    let draft = campaigns::Draft {
        name: req.name,
        description: req.description,
        objective: req.objective,
        threat_actor: req.threat_actor.map(|a| a.trim().to_ascii_uppercase()),
        phases: req.phases.into_iter().map(|p| (p.name, p.description)).collect(),
        start_date: req.start_date,
        end_date: req.end_date,
        recurrence: req.recurrence,
    };
    let c = campaigns::create(&state, &origin(&user, &ip), draft).await.map_err(api_error)?;
    Ok((StatusCode::CREATED, Json(c)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignUpdate {
    name: Option<String>,
    description: Option<String>,
    objective: Option<String>,
    /// The whole list, in order: existing phases by id, new ones without.
    phases: Option<Vec<PhaseInput>>,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    recurrence: Option<Recurrence>,
}

/// Changes a campaign's texts, phases, dates or recurrence.
#[utoipa::path(patch, path = "/api/v1/campaigns/{id}", tag = "campaigns", params(("id" = Uuid, Path)), request_body = CampaignUpdate,
    responses((status = 200, body = Campaign), (status = 404, body = web::error::Problem), (status = 409, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn update_campaign(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
    AppJson(req): AppJson<CampaignUpdate>,
) -> Result<Json<Campaign>, ApiError> {
    let u = campaigns::Update {
        name: req.name,
        description: req.description,
        objective: req.objective,
        phases: req.phases.map(|ps| ps.into_iter().map(|p| (p.id, p.name, p.description)).collect()),
        start_date: req.start_date.map(Some),
        end_date: req.end_date.map(Some),
        recurrence: req.recurrence,
    };
    Ok(Json(campaigns::update(&state, &origin(&user, &ip), id, u).await.map_err(api_error)?))
}

/// Deletes a planned campaign (its tests stay, outside any campaign).
#[utoipa::path(delete, path = "/api/v1/campaigns/{id}", tag = "campaigns", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = web::error::Problem), (status = 409, body = web::error::Problem)))]
pub async fn delete_campaign(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    campaigns::delete(&state, &origin(&user, &ip), id).await.map_err(api_error)?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FromActorRequest {
    /// ATT&CK group id (`G0016`).
    threat_actor_id: String,
    name: Option<String>,
    #[serde(default)]
    platforms: Vec<String>,
    /// Default true.
    include_subtechniques: Option<bool>,
    #[serde(default)]
    only_gaps: bool,
    #[serde(default)]
    recurrence: Recurrence,
}

/// A planned campaign with one draft test per current technique the actor uses (from the best
/// active template when one exists), in phases by tactic in kill-chain order.
#[utoipa::path(post, path = "/api/v1/campaigns/from-threat-actor", tag = "campaigns", request_body = FromActorRequest,
    responses((status = 201, body = FromActorResult), (status = 422, body = web::error::Problem)))]
pub async fn from_threat_actor(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppJson(req): AppJson<FromActorRequest>,
) -> Result<(StatusCode, Json<FromActorResult>), ApiError> {
    let r = campaigns::FromActor {
        threat_actor_id: req.threat_actor_id.trim().to_ascii_uppercase(),
        name: req.name,
        platforms: req.platforms,
        include_subtechniques: req.include_subtechniques.unwrap_or(true),
        only_gaps: req.only_gaps,
        recurrence: req.recurrence,
    };
    let result = campaigns::from_threat_actor(&state, &origin(&user, &ip), r).await.map_err(api_error)?;
    Ok((StatusCode::CREATED, Json(result)))
}

/// planned → active.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/start", tag = "campaigns", params(("id" = Uuid, Path)),
    responses((status = 200, body = Campaign), (status = 404, body = web::error::Problem), (status = 409, body = web::error::Problem)))]
pub async fn start(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Campaign>, ApiError> {
    Ok(Json(campaigns::start(&state, &origin(&user, &ip), id).await.map_err(api_error)?))
}

/// active → completed, recording the coverage summary of its techniques.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/complete", tag = "campaigns", params(("id" = Uuid, Path)),
    responses((status = 200, body = Campaign), (status = 404, body = web::error::Problem), (status = 409, body = web::error::Problem)))]
pub async fn complete(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Campaign>, ApiError> {
    Ok(Json(campaigns::complete(&state, &origin(&user, &ip), id).await.map_err(api_error)?))
}

/// planned or active → cancelled.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/cancel", tag = "campaigns", params(("id" = Uuid, Path)),
    responses((status = 200, body = Campaign), (status = 404, body = web::error::Problem), (status = 409, body = web::error::Problem)))]
pub async fn cancel(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Campaign>, ApiError> {
    Ok(Json(campaigns::cancel(&state, &origin(&user, &ip), id).await.map_err(api_error)?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignHistory {
    /// Every change, start, run and completion, oldest first.
    events: Vec<CampaignEvent>,
    /// Finished runs with their results, oldest first.
    runs: Vec<RunSummary>,
}

/// Every run of the campaign with its dates and results, and every change.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/history", tag = "campaigns", params(("id" = Uuid, Path)),
    responses((status = 200, body = CampaignHistory), (status = 404, body = web::error::Problem)))]
pub async fn history(
    State(state): State<AppState>,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<CampaignHistory>, ApiError> {
    campaigns::load(&state, id).await.map_err(api_error)?;
    let events = store::campaigns::events(&state.db, id).await?;
    let runs = store::campaigns::runs(&state.db, id).await?;
    Ok(Json(CampaignHistory { events, runs }))
}

/// The current (or completed) run against the previous one, per technique, and the coverage of
/// every run.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/comparison", tag = "campaigns", params(("id" = Uuid, Path)),
    responses((status = 200, body = Comparison), (status = 404, body = web::error::Problem)))]
pub async fn comparison(
    State(state): State<AppState>,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<Comparison>, ApiError> {
    let c = campaigns::load(&state, id).await.map_err(api_error)?;
    Ok(Json(campaigns::compare(&state, &c).await.map_err(api_error)?))
}

/// A test to add: an existing one, or a new draft from a template or a technique.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddTest {
    test_id: Option<Uuid>,
    template_id: Option<Uuid>,
    technique_id: Option<String>,
    title: Option<String>,
    #[serde(default)]
    arguments: BTreeMap<String, String>,
    severity: Option<Severity>,
    platform: Option<String>,
    assigned_red: Option<String>,
    assigned_blue: Option<String>,
    /// Default: the first phase.
    phase_id: Option<Uuid>,
    /// Tests of this campaign that must reach `blue_evaluating` first.
    #[serde(default)]
    depends_on: Vec<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TestAdded {
    test_id: Uuid,
    campaign: Campaign,
}

/// Adds an existing test, or creates one from a template or a technique, in a phase.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/tests", tag = "campaigns", params(("id" = Uuid, Path)), request_body = AddTest,
    responses((status = 201, body = TestAdded), (status = 404, body = web::error::Problem), (status = 409, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn add_test(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
    AppJson(req): AppJson<AddTest>,
) -> Result<(StatusCode, Json<TestAdded>), ApiError> {
    let new = campaigns::NewTest {
        test_id: req.test_id,
        template_id: req.template_id,
        technique_id: req.technique_id,
        title: req.title,
        arguments: req.arguments,
        severity: req.severity,
        platform: req.platform,
        assigned_red: req.assigned_red,
        assigned_blue: req.assigned_blue,
        phase_id: req.phase_id,
        depends_on: req.depends_on,
    };
    let (campaign, test_id) =
        campaigns::add_test(&state, &origin(&user, &ip), id, new).await.map_err(api_error)?;
    Ok((StatusCode::CREATED, Json(TestAdded { test_id, campaign })))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TestUpdate {
    phase_id: Option<Uuid>,
    depends_on: Option<Vec<Uuid>>,
}

/// Moves a test to another phase or changes its dependencies.
#[utoipa::path(patch, path = "/api/v1/campaigns/{id}/tests/{test_id}", tag = "campaigns", params(("id" = Uuid, Path), ("test_id" = Uuid, Path)),
    request_body = TestUpdate,
    responses((status = 200, body = Campaign), (status = 404, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn update_test(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath((id, test_id)): AppPath<(Uuid, Uuid)>,
    AppJson(req): AppJson<TestUpdate>,
) -> Result<Json<Campaign>, ApiError> {
    let ch = campaigns::TestChange { phase_id: req.phase_id, depends_on: req.depends_on };
    Ok(Json(campaigns::update_test(&state, &origin(&user, &ip), id, test_id, ch).await.map_err(api_error)?))
}

/// Takes a test out of the campaign (the test stays).
#[utoipa::path(delete, path = "/api/v1/campaigns/{id}/tests/{test_id}", tag = "campaigns", params(("id" = Uuid, Path), ("test_id" = Uuid, Path)),
    responses((status = 200, body = Campaign), (status = 404, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn remove_test(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath((id, test_id)): AppPath<(Uuid, Uuid)>,
) -> Result<Json<Campaign>, ApiError> {
    Ok(Json(campaigns::remove_test(&state, &origin(&user, &ip), id, test_id).await.map_err(api_error)?))
}
