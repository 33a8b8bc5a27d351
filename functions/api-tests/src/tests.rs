//! Test CRUD, listing with filters, the caller's pending tasks and retest chains.

use crate::workflow::load;
use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use domain::allowed::{allowed_actions, may_add_evidence};
use domain::catalog::{DEFAULT_DOMAIN, DOMAINS, Technique};
use domain::validation::{Action, HistoryEntry, Severity, Side, Test, TestState, Votes};
use domain::{FieldError, Role};
use serde::{Deserialize, Serialize};
use serde_json::json;
use store::validation::TestFilter;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::pagination::{ListResponse, PageParams};
use web::{ApiError, AppJson, AppPath, AppQuery, AppState};

fn domain_of(d: &Option<String>) -> Result<String, ApiError> {
    match d.as_deref() {
        None | Some("") => Ok(DEFAULT_DOMAIN.into()),
        Some(x) if DOMAINS.contains(&x) => Ok(x.into()),
        Some(x) => Err(ApiError::BadRequest(format!("unknown domain `{x}`"))),
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTest {
    title: String,
    /// ATT&CK id of the technique or sub-technique under test.
    technique_id: String,
    #[serde(default)]
    domain: Option<String>,
    /// The attack procedure (commands, steps).
    #[serde(default)]
    procedure: String,
    #[serde(default)]
    platform: Option<String>,
    severity: Severity,
    #[serde(default)]
    target_host: Option<String>,
    /// Username of a red tech.
    #[serde(default)]
    assigned_red: Option<String>,
    /// Username of a blue tech.
    #[serde(default)]
    assigned_blue: Option<String>,
    #[serde(default)]
    template_id: Option<String>,
}

/// Checks both sides' assignees: each must be an active member of that side's team.
pub(crate) async fn check_assignees(
    state: &AppState,
    red: &Option<String>,
    blue: &Option<String>,
    errors: &mut Vec<FieldError>,
) -> Result<(), ApiError> {
    check_assignee(state, "assigned_red", red, &[Role::RedTech, Role::RedLead], errors).await?;
    check_assignee(state, "assigned_blue", blue, &[Role::BlueTech, Role::BlueLead], errors).await
}

async fn check_assignee(
    state: &AppState,
    field: &str,
    who: &Option<String>,
    roles: &[Role],
    errors: &mut Vec<FieldError>,
) -> Result<(), ApiError> {
    if let Some(name) = who {
        match store::users::get_by_username(&state.db, name).await? {
            Some(u) if u.is_active && u.role.is_allowed(roles) => {}
            Some(_) => {
                errors.push(FieldError::new(field, "role", format!("{name} is not an active {}", roles[0])))
            }
            None => errors.push(FieldError::new(field, "unknown", format!("no user {name}"))),
        }
    }
    Ok(())
}

fn check_fields(
    title: &str,
    procedure: &str,
    platform: &Option<String>,
    host: &Option<String>,
    errors: &mut Vec<FieldError>,
) {
    domain::validation::check_text("title", title, 200, true, errors);
    domain::validation::check_text("procedure", procedure, 50_000, false, errors);
    if let Some(p) = platform {
        domain::validation::check_text("platform", p, 100, true, errors);
    }
    if let Some(h) = host {
        domain::validation::check_text("target_host", h, 255, true, errors);
    }
}

/// Creates a test in draft for one technique or sub-technique (red team, admin).
#[utoipa::path(post, path = "/api/v1/tests", tag = "tests", request_body = CreateTest,
    responses((status = 201, body = Test), (status = 403, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn create_test(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppJson(req): AppJson<CreateTest>,
) -> Result<(StatusCode, Json<Test>), ApiError> {
    let domain = domain_of(&req.domain)?;
    let mut errors = Vec::new();
    check_fields(&req.title, &req.procedure, &req.platform, &req.target_host, &mut errors);
    let technique = store::catalog::get::<Technique>(&state.db, &domain, &req.technique_id).await?;
    match &technique {
        None => errors.push(FieldError::new(
            "technique_id",
            "unknown",
            format!("no technique {} in {domain}", req.technique_id),
        )),
        Some(t) if !t.lifecycle.is_active() => errors.push(FieldError::new(
            "technique_id",
            "retired",
            format!(
                "{} is revoked or deprecated{}",
                t.attack_id,
                t.lifecycle.revoked_by.as_ref().map(|r| format!("; use {r}")).unwrap_or_default()
            ),
        )),
        Some(_) => {}
    }
    check_assignees(&state, &req.assigned_red, &req.assigned_blue, &mut errors).await?;
    let (Some(technique), true) = (technique, errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let now = Utc::now();
    let test = Test {
        id: Uuid::new_v4(),
        title: req.title.trim().to_owned(),
        technique_id: technique.attack_id.clone(),
        technique_name: technique.name.clone(),
        tactics: technique.tactics.clone(),
        domain,
        procedure: req.procedure,
        platform: req.platform,
        severity: req.severity,
        target_host: req.target_host,
        state: TestState::Draft,
        created_by: user.username.clone(),
        assigned_red: req.assigned_red,
        assigned_blue: req.assigned_blue,
        red: None,
        blue: None,
        votes: Votes::default(),
        round: 1,
        retest_of: None,
        retests: Vec::new(),
        template_id: req.template_id,
        created_at: now,
        updated_at: now,
        validated_at: None,
        version: 1,
    };
    let history = HistoryEntry {
        id: Uuid::new_v4(),
        test_id: test.id,
        at: now,
        actor: user.username.clone(),
        action: "create".into(),
        from: None,
        to: Some(TestState::Draft),
        comment: None,
    };
    let audit = auth::audit::entry(
        Some(&user),
        &ip,
        "test.create",
        "test",
        Some(test.id.to_string()),
        json!({ "title": test.title, "technique_id": test.technique_id }),
    );
    store::validation::create(&state.db, &test, &history, &audit, None).await?;
    crate::workflow::after_change(
        &state,
        &user,
        &Test { state: TestState::Rejected, ..test.clone() },
        &test,
        "create",
    )
    .await;
    Ok((StatusCode::CREATED, Json(test)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListFilter {
    domain: Option<String>,
    state: Option<TestState>,
    /// ATT&CK id.
    technique: Option<String>,
    /// Tactic shortname.
    tactic: Option<String>,
    /// Username assigned on either side.
    assignee: Option<String>,
    platform: Option<String>,
    /// Created at or after (RFC 3339).
    from: Option<DateTime<Utc>>,
    /// Created at or before (RFC 3339).
    to: Option<DateTime<Utc>>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// Lists tests, newest first.
#[utoipa::path(get, path = "/api/v1/tests", tag = "tests", params(ListFilter),
    responses((status = 200, body = ListResponse<Test>), (status = 400, body = web::error::Problem)))]
pub async fn list_tests(
    State(state): State<AppState>,
    AppQuery(f): AppQuery<ListFilter>,
) -> Result<Json<ListResponse<Test>>, ApiError> {
    web::pagination::check_range(f.from, f.to)?;
    let filter = TestFilter {
        domain: domain_of(&f.domain)?,
        state: f.state,
        technique: f.technique,
        tactic: f.tactic,
        assignee: f.assignee,
        platform: f.platform,
        from: f.from,
        to: f.to,
    };
    let page = PageParams { limit: f.limit, cursor: f.cursor }.page()?;
    let page = store::validation::list(&state.db, &filter, &page).await?;
    Ok(Json(ListResponse::from_page(page, |t| t)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TaskList {
    /// Tests the caller must act on now, oldest change first.
    items: Vec<Test>,
}

/// What the caller's role must act on now: red techs their drafts and executions, blue techs the
/// evaluations, leads the reviews they have not voted on and rejected tests to reopen. Served by
/// the work-queue index (GSI3), one query per relevant state.
#[utoipa::path(get, path = "/api/v1/tests/my-tasks", tag = "tests", responses((status = 200, body = TaskList)))]
pub async fn my_tasks(State(state): State<AppState>, user: CurrentUser) -> Result<Json<TaskList>, ApiError> {
    let me = user.username.as_str();
    let mine = |who: &Option<String>| who.as_deref().is_none_or(|w| w == me);
    let states: &[TestState] = match user.role {
        Role::RedTech => &[TestState::Draft, TestState::RedExecuting],
        Role::BlueTech => &[TestState::BlueEvaluating],
        Role::RedLead | Role::BlueLead => &[TestState::InReview, TestState::Rejected],
        Role::Admin => &[
            TestState::Draft,
            TestState::RedExecuting,
            TestState::BlueEvaluating,
            TestState::InReview,
            TestState::Rejected,
        ],
        Role::Viewer => &[],
    };
    let mut items = Vec::new();
    for s in states {
        for t in store::validation::queue(&state.db, *s, 500).await? {
            let relevant = match (user.role, t.state) {
                (Role::RedTech, _) => mine(&t.assigned_red),
                (Role::BlueTech, _) => mine(&t.assigned_blue),
                (Role::RedLead, TestState::InReview) => t.votes.red_lead.is_none(),
                (Role::BlueLead, TestState::InReview) => t.votes.blue_lead.is_none(),
                _ => true,
            };
            if relevant {
                items.push(t);
            }
        }
    }
    items.sort_by_key(|t| t.updated_at);
    Ok(Json(TaskList { items }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TestDetail {
    #[serde(flatten)]
    test: Test,
    /// Every change and transition, oldest first.
    history: Vec<HistoryEntry>,
    /// Seconds from execution to the first alert, when both are known.
    time_to_detect_secs: Option<i64>,
    /// The workflow steps the caller may take now (role, state, assignment, votes cast).
    allowed_actions: Vec<Action>,
    /// The sides the caller may add evidence to now.
    evidence_sides: Vec<Side>,
}

/// One test with its full history and what the caller may do on it.
#[utoipa::path(get, path = "/api/v1/tests/{id}", tag = "tests", params(("id" = Uuid, Path)),
    responses((status = 200, body = TestDetail), (status = 404, body = web::error::Problem)))]
pub async fn get_test(
    State(state): State<AppState>,
    user: CurrentUser,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<TestDetail>, ApiError> {
    let test = load(&state, id).await?;
    let history = store::validation::history(&state.db, id).await?;
    let allowed_actions = allowed_actions(&test, user.role, &user.username);
    let evidence_sides = [Side::Red, Side::Blue]
        .into_iter()
        .filter(|s| may_add_evidence(&test, *s, user.role, &user.username))
        .collect();
    Ok(Json(TestDetail {
        time_to_detect_secs: test.time_to_detect_secs(),
        test,
        history,
        allowed_actions,
        evidence_sides,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTest {
    title: Option<String>,
    procedure: Option<String>,
    platform: Option<String>,
    severity: Option<Severity>,
    target_host: Option<String>,
    assigned_red: Option<String>,
    assigned_blue: Option<String>,
}

/// Edits a test while it is a draft (red team, admin).
#[utoipa::path(patch, path = "/api/v1/tests/{id}", tag = "tests", params(("id" = Uuid, Path)), request_body = UpdateTest,
    responses((status = 200, body = Test), (status = 409, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn update_test(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
    AppJson(req): AppJson<UpdateTest>,
) -> Result<Json<Test>, ApiError> {
    let mut errors = Vec::new();
    check_fields(
        req.title.as_deref().unwrap_or("x"),
        req.procedure.as_deref().unwrap_or(""),
        &req.platform,
        &req.target_host,
        &mut errors,
    );
    check_assignees(&state, &req.assigned_red, &req.assigned_blue, &mut errors).await?;
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    for _ in 0..10 {
        let current = load(&state, id).await?;
        if current.state != TestState::Draft {
            return Err(ApiError::Conflict(format!(
                "only drafts can be edited; the test is {}",
                current.state.as_str()
            )));
        }
        let mut next = current.clone();
        if let Some(v) = &req.title {
            next.title = v.trim().to_owned();
        }
        if let Some(v) = &req.procedure {
            next.procedure = v.clone();
        }
        if req.platform.is_some() {
            next.platform = req.platform.clone();
        }
        if let Some(v) = req.severity {
            next.severity = v;
        }
        if req.target_host.is_some() {
            next.target_host = req.target_host.clone();
        }
        next.assign(&req.assigned_red, &req.assigned_blue);
        next.version += 1;
        next.updated_at = Utc::now();
        let history = HistoryEntry {
            id: Uuid::new_v4(),
            test_id: id,
            at: next.updated_at,
            actor: user.username.clone(),
            action: "update".into(),
            from: Some(current.state),
            to: Some(current.state),
            comment: None,
        };
        let audit = auth::audit::entry(
            Some(&user),
            &ip,
            "test.update",
            "test",
            Some(id.to_string()),
            json!({ "title": next.title }),
        );
        match store::validation::save(&state.db, &current, &next, Some(&history), &audit).await {
            Ok(()) => return Ok(Json(next)),
            Err(store::StoreError::Conflict(_)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(ApiError::Conflict("the test is changing too fast; try again".into()))
}

/// Deletes a test with its history, evidence records and remediation (admin).
#[utoipa::path(delete, path = "/api/v1/tests/{id}", tag = "tests", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = web::error::Problem)))]
pub async fn delete_test(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    let test = load(&state, id).await?;
    let audit = auth::audit::entry(
        Some(&user),
        &ip,
        "test.delete",
        "test",
        Some(id.to_string()),
        json!({ "title": test.title }),
    );
    let items = store::validation::delete(&state.db, &test, &audit).await?;
    // Objects go after the commit: a failed delete leaves an orphan object, never a record
    // pointing at nothing.
    for item in items {
        if let Some(key) = item.get("s3_key").and_then(|v| v.as_s().ok()) {
            let _ = state.s3.delete_object().bucket(&state.config.evidence_bucket).key(key).send().await;
        }
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RetestChain {
    /// The original test.
    original: Test,
    /// Its automatic retests, oldest first.
    retests: Vec<Test>,
}

/// The retest chain a test belongs to.
#[utoipa::path(get, path = "/api/v1/tests/{id}/retests", tag = "tests", params(("id" = Uuid, Path)),
    responses((status = 200, body = RetestChain), (status = 404, body = web::error::Problem)))]
pub async fn retest_chain(
    State(state): State<AppState>,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<RetestChain>, ApiError> {
    let test = load(&state, id).await?;
    let original = match test.retest_of {
        Some(root) => load(&state, root).await?,
        None => test,
    };
    let mut retests = Vec::new();
    for r in &original.retests {
        if let Some(t) = store::validation::get(&state.db, *r).await? {
            retests.push(t);
        }
    }
    Ok(Json(RetestChain { original, retests }))
}
