//! The workflow steps. Each is read → check role and state → change → conditional write on the
//! version; when another request changed the test in between, the step is re-read and re-checked
//! (so a concurrent vote is never lost, and a step whose state has moved on becomes a 409).

use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use domain::Role;
use domain::validation::{
    Action, BlueResult, Decision, HistoryEntry, LayerOutcome, RedResult, Refusal, Test, TestState, Vote,
    Votes,
};
use serde::Deserialize;
use serde_json::json;
use store::StoreError;
use utoipa::ToSchema;
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::events::{DomainEvent, publish};
use web::{ApiError, AppJson, AppPath, AppState};

use domain::events::TestTransitioned as TransitionEvent;
pub use domain::events::{REMEDIATION_CHANGED as EVENT_REMEDIATION, TEST_TRANSITIONED as EVENT_TRANSITION};

/// How many times a step is re-read after losing a race before giving up with 409.
const ATTEMPTS: usize = 25;

pub(crate) fn refusal(r: Refusal) -> ApiError {
    match r {
        Refusal::Role { .. } | Refusal::Assignment { .. } => ApiError::Forbidden(r.to_string()),
        Refusal::State { .. } => ApiError::Conflict(r.to_string()),
    }
}

pub(crate) async fn load(state: &AppState, id: Uuid) -> Result<Test, ApiError> {
    store::validation::get(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("test {id} not found")))
}

/// Runs one step. `change` edits the test (the state included) and returns `false` when there is
/// nothing to write (an identical repeated vote).
pub(crate) async fn step(
    state: &AppState,
    user: &CurrentUser,
    ip: &ClientIp,
    id: Uuid,
    action: Action,
    comment: Option<String>,
    change: impl Fn(&mut Test) -> Result<bool, ApiError>,
) -> Result<Test, ApiError> {
    for _ in 0..ATTEMPTS {
        let current = load(state, id).await?;
        domain::validation::check(action, user.role, current.state).map_err(refusal)?;
        if let Some(side) = action.side() {
            domain::validation::check_assignment(side, user.role, &user.username, &current)
                .map_err(refusal)?;
        }
        let mut next = current.clone();
        if !change(&mut next)? {
            return Ok(current);
        }
        let now = Utc::now();
        next.version = current.version + 1;
        next.updated_at = now;
        if next.state == TestState::Validated && current.state != TestState::Validated {
            next.validated_at = Some(now);
        }
        let history = HistoryEntry {
            id: Uuid::new_v4(),
            test_id: id,
            at: now,
            actor: user.username.clone(),
            action: action.as_str().into(),
            from: Some(current.state),
            to: Some(next.state),
            comment: comment.clone(),
        };
        let audit = auth::audit::entry(
            Some(user),
            ip,
            &format!("test.{}", action.as_str()),
            "test",
            Some(id.to_string()),
            json!({ "from": current.state, "to": next.state }),
        );
        match store::validation::save(&state.db, &current, &next, Some(&history), &audit).await {
            Ok(()) => {
                after_change(state, user, &current, &next, action.as_str()).await;
                return Ok(next);
            }
            Err(StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApiError::Conflict("the test is changing too fast; try again".into()))
}

/// What follows an accepted change (coverage was written with it): the domain event.
pub(crate) async fn after_change(
    state: &AppState,
    user: &CurrentUser,
    before: &Test,
    after: &Test,
    action: &str,
) {
    let event = TransitionEvent {
        test_id: after.id,
        title: after.title.clone(),
        technique_id: after.technique_id.clone(),
        domain: after.domain.clone(),
        action: action.into(),
        from: before.state,
        to: after.state,
        actor: user.username.clone(),
        actor_id: user.id,
    };
    // The change is committed; a lost event costs a notification, not data, so it is logged.
    if let Err(e) = publish(state, DomainEvent::new(EVENT_TRANSITION, event)).await {
        tracing::error!(error = %e, test_id = %after.id, "publishing the transition failed");
    }
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentRequest {
    #[serde(default)]
    comment: Option<String>,
}

fn check_comment(c: &Option<String>) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if let Some(c) = c {
        domain::validation::check_text("comment", c, 5000, false, &mut errors);
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
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
    let comment = body.map(|b| b.0.comment).unwrap_or_default();
    check_comment(&comment)?;
    let t = step(&state, &user, &ip, id, Action::StartExecution, comment, |t| {
        t.state = TestState::RedExecuting;
        if t.assigned_red.is_none() && user.role == Role::RedTech {
            t.assigned_red = Some(user.username.clone());
        }
        Ok(true)
    })
    .await?;
    Ok(Json(t))
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
    let mut errors = Vec::new();
    domain::validation::check_text("notes", &req.notes, 20_000, false, &mut errors);
    if req.succeeded && !req.executed {
        errors.push(domain::FieldError::new(
            "succeeded",
            "inconsistent",
            "an attack that did not run cannot have succeeded",
        ));
    }
    if req.executed_at.is_some_and(|t| t > Utc::now() + chrono::Duration::minutes(5)) {
        errors.push(domain::FieldError::new("executed_at", "future", "must not be in the future"));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let red = RedResult {
        executed: req.executed,
        succeeded: req.succeeded,
        executed_at: req.executed_at.or(req.executed.then(Utc::now)),
        notes: req.notes,
    };
    let t = step(&state, &user, &ip, id, Action::SubmitRed, None, |t| {
        t.red = Some(red.clone());
        t.state = TestState::BlueEvaluating;
        Ok(true)
    })
    .await?;
    Ok(Json(t))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlueRequest {
    /// One outcome per defensive layer.
    outcomes: Vec<LayerOutcome>,
    #[serde(default)]
    notes: String,
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
    let blue = BlueResult { outcomes: req.outcomes, notes: req.notes };
    domain::validation::check_blue(&blue)?;
    let t = step(&state, &user, &ip, id, Action::SubmitBlue, None, |t| {
        t.blue = Some(blue.clone());
        t.state = TestState::InReview;
        t.votes = Votes::default();
        if t.assigned_blue.is_none() && user.role == Role::BlueTech {
            t.assigned_blue = Some(user.username.clone());
        }
        Ok(true)
    })
    .await?;
    Ok(Json(t))
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
    let lead = match (user.role, req.as_role) {
        (Role::Admin, Some(r @ (Role::RedLead | Role::BlueLead))) => r,
        (Role::Admin, _) => {
            return Err(ApiError::Validation(vec![domain::FieldError::new(
                "as_role",
                "required",
                "an admin votes as red_lead or blue_lead",
            )]));
        }
        (r, None) => r,
        (r, Some(asked)) if asked == r => r,
        (_, Some(_)) => return Err(ApiError::Forbidden("leads vote as themselves".into())),
    };
    let mut errors = Vec::new();
    domain::validation::check_text("comment", &req.comment, 5000, false, &mut errors);
    if req.decision == Decision::Reject && req.comment.trim().is_empty() {
        errors.push(domain::FieldError::new("comment", "required", "say why the test is rejected"));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let t = step(&state, &user, &ip, id, Action::Vote, Some(req.comment.clone()), |t| {
        let slot = t.votes.slot(lead);
        match slot {
            Some(v) if v.decision == req.decision => return Ok(false),
            Some(_) => {
                return Err(ApiError::Conflict(format!("{lead} has already voted on this review round")));
            }
            None => {}
        }
        *slot = Some(Vote {
            decision: req.decision,
            comment: req.comment.clone(),
            by: user.username.clone(),
            at: Utc::now(),
        });
        t.state = t.votes.outcome();
        Ok(true)
    })
    .await?;
    Ok(Json(t))
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
    let comment = body.map(|b| b.0.comment).unwrap_or_default();
    check_comment(&comment)?;
    let t = step(&state, &user, &ip, id, Action::Reopen, comment, |t| {
        t.state = TestState::Draft;
        t.votes = Votes::default();
        t.round += 1;
        Ok(true)
    })
    .await?;
    Ok(Json(t))
}
