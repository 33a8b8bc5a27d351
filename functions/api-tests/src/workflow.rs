//! The workflow steps. Each route turns its body into a lifecycle command; the lifecycle
//! service applies the rules (role, state, assignment, votes) and writes the change with its
//! history, audit entry, coverage counters and events in one transaction, re-deciding when
//! another change won the race.

use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use domain::Role;
use domain::lifecycle::{Command, RedSubmission};
use domain::validation::{BlueResult, Decision, LayerOutcome, RuleResult, Test};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::{ApiError, AppJson, AppPath, AppState};

/// Runs one command on test `id` as the caller.
pub(crate) async fn run(
    state: &AppState,
    user: &CurrentUser,
    ip: &ClientIp,
    id: Uuid,
    command: Command,
) -> Result<Json<Test>, ApiError> {
    Ok(Json(lifecycle::run(state, &user.origin(ip), id, command).await?))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentRequest {
    #[serde(default)]
    comment: Option<String>,
}

/// Red tech starts the attack: draft → red_executing.
#[utoipa::path(post, path = "/api/v1/tests/{id}/start-execution", tag = "tests", params(("id" = Uuid, Path)),
    request_body(content = CommentRequest, description = "Optional comment"),
    responses((status = 200, body = Test), (status = 403, body = web::error::Problem), (status = 409, body = web::error::Problem)))]
pub async fn start_execution(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
    body: Option<AppJson<CommentRequest>>,
) -> Result<Json<Test>, ApiError> {
    let comment = body.and_then(|b| b.0.comment);
    run(&state, &user, &ip, id, Command::StartExecution { comment }).await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RedRequest {
    /// The attack was actually run.
    executed: bool,
    /// It achieved its objective.
    succeeded: bool,
    executed_at: Option<DateTime<Utc>>,
    #[serde(default)]
    notes: String,
}

/// Red tech documents the attack: red_executing → blue_evaluating.
#[utoipa::path(post, path = "/api/v1/tests/{id}/submit-red", tag = "tests", params(("id" = Uuid, Path)), request_body = RedRequest,
    responses((status = 200, body = Test), (status = 403, body = web::error::Problem), (status = 409, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn submit_red(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
    AppJson(req): AppJson<RedRequest>,
) -> Result<Json<Test>, ApiError> {
    let submission = RedSubmission {
        executed: req.executed,
        succeeded: req.succeeded,
        executed_at: req.executed_at,
        notes: req.notes,
    };
    run(&state, &user, &ip, id, Command::SubmitRed(submission)).await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlueRequest {
    /// One outcome per defensive layer.
    outcomes: Vec<LayerOutcome>,
    #[serde(default)]
    notes: String,
    /// What each detection rule did: the test's attached rules, or any rule of the catalog
    /// (which then joins the test).
    #[serde(default)]
    rule_outcomes: Vec<RuleResult>,
}

/// Blue tech documents detection: blue_evaluating → in_review.
#[utoipa::path(post, path = "/api/v1/tests/{id}/submit-blue", tag = "tests", params(("id" = Uuid, Path)), request_body = BlueRequest,
    responses((status = 200, body = Test), (status = 403, body = web::error::Problem), (status = 409, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn submit_blue(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
    AppJson(req): AppJson<BlueRequest>,
) -> Result<Json<Test>, ApiError> {
    let blue = BlueResult { outcomes: req.outcomes, notes: req.notes, rule_outcomes: req.rule_outcomes };
    let added = lifecycle::reported_rules(&state, &blue).await?;
    run(&state, &user, &ip, id, Command::SubmitBlue(blue, added)).await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteRequest {
    decision: Decision,
    #[serde(default)]
    comment: String,
    /// Which lead an admin votes as (`red_lead` or `blue_lead`); leads vote as themselves.
    #[serde(default)]
    as_role: Option<Role>,
}

/// A lead's vote in review. Both approve → validated; either rejects → rejected. Repeating the
/// same vote changes nothing; a lead cannot change a cast vote (409).
#[utoipa::path(post, path = "/api/v1/tests/{id}/vote", tag = "tests", params(("id" = Uuid, Path)), request_body = VoteRequest,
    responses((status = 200, body = Test), (status = 403, body = web::error::Problem), (status = 409, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn vote(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
    AppJson(req): AppJson<VoteRequest>,
) -> Result<Json<Test>, ApiError> {
    let command = Command::Vote { decision: req.decision, comment: req.comment, as_role: req.as_role };
    run(&state, &user, &ip, id, command).await
}

/// A lead reopens a rejected test for a new round: rejected → draft.
#[utoipa::path(post, path = "/api/v1/tests/{id}/reopen", tag = "tests", params(("id" = Uuid, Path)),
    request_body(content = CommentRequest, description = "Optional comment"),
    responses((status = 200, body = Test), (status = 403, body = web::error::Problem), (status = 409, body = web::error::Problem)))]
pub async fn reopen(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
    body: Option<AppJson<CommentRequest>>,
) -> Result<Json<Test>, ApiError> {
    let comment = body.and_then(|b| b.0.comment);
    run(&state, &user, &ip, id, Command::Reopen { comment }).await
}

pub(crate) async fn load(state: &AppState, id: Uuid) -> Result<Test, ApiError> {
    Ok(lifecycle::load(state, id).await?)
}
