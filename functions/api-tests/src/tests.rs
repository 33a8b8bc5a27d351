//! Test CRUD, listing with filters, the caller's pending tasks and retest chains.

use crate::workflow::load;
use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use domain::Role;
use domain::lifecycle::{Command, TestEdit, allowed_actions, may_add_evidence};
use domain::validation::{Action, Detection, HistoryEntry, Severity, Side, Test, TestState};
use serde::{Deserialize, Serialize};
use store::validation::TestFilter;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::pagination::{ListResponse, PageParams};
use web::{ApiError, AppJson, AppPath, AppQuery, AppState};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTest {
    /// Required unless a template gives it (its name).
    #[serde(default)]
    title: String,
    /// ATT&CK id of the technique or sub-technique under test; with a template, one of its
    /// techniques (default: its first).
    #[serde(default)]
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
    /// A test template (`/test-templates`, active and current): empty `title`,
    /// `technique_id`, `procedure`, `platform` and `cleanup` are filled from it, the procedure
    /// being its command with its arguments resolved.
    #[serde(default)]
    template_id: Option<String>,
    /// Values of the template's arguments by name; the others take their defaults.
    #[serde(default)]
    arguments: std::collections::BTreeMap<String, String>,
    /// How to undo the procedure's effects on the target.
    #[serde(default)]
    cleanup: Option<String>,
}

/// Creates a test in draft for one technique or sub-technique (red team, admin), written or
/// from a test template.
#[utoipa::path(post, path = "/api/v1/tests", tag = "tests", request_body = CreateTest,
    responses((status = 201, body = Test), (status = 403, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn create_test(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppJson(req): AppJson<CreateTest>,
) -> Result<(StatusCode, Json<Test>), ApiError> {
    let draft = lifecycle::Draft {
        title: req.title,
        technique_id: req.technique_id,
        domain: web::attack_domain::attack_domain(&req.domain)?,
        procedure: req.procedure,
        platform: req.platform,
        severity: req.severity,
        target_host: req.target_host,
        assigned_red: req.assigned_red,
        assigned_blue: req.assigned_blue,
        template_id: req.template_id,
        arguments: req.arguments,
        cleanup: req.cleanup,
        campaign_id: None,
        depends_on: Vec::new(),
        id: None,
    };
    let test = lifecycle::create(&state, &user.origin(&ip), draft).await?;
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

/// A test as the lists show it: the record, with what it proved worked out by the server (the
/// tables sort and show these; no client re-derives them).
#[derive(Debug, Serialize, ToSchema)]
pub struct TestRow {
    #[serde(flatten)]
    test: Test,
    /// The best result over the layers that apply (`prevented`, `alerted`, `logged`, `none`);
    /// absent until the blue team has documented the test.
    outcome: Option<Detection>,
    /// Seconds from the execution to the first alert or prevention, when both are known (a
    /// detection recorded before the execution is a recording error and gives none).
    time_to_detect_secs: Option<i64>,
}

impl From<Test> for TestRow {
    fn from(test: Test) -> Self {
        Self {
            outcome: test.blue.as_ref().map(|b| b.best()),
            time_to_detect_secs: test.time_to_detect_secs(),
            test,
        }
    }
}

/// Lists tests, newest first.
#[utoipa::path(get, path = "/api/v1/tests", tag = "tests", params(ListFilter),
    responses((status = 200, body = ListResponse<TestRow>), (status = 400, body = web::error::Problem)))]
pub async fn list_tests(
    State(state): State<AppState>,
    AppQuery(f): AppQuery<ListFilter>,
) -> Result<Json<ListResponse<TestRow>>, ApiError> {
    web::pagination::check_range(f.from, f.to)?;
    let filter = TestFilter {
        domain: web::attack_domain::domain_of(&f.domain)?.to_owned(),
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
    Ok(Json(ListResponse::from_page(page, TestRow::from)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TaskList {
    /// Tests the caller must act on now, oldest change first.
    items: Vec<TestRow>,
}

/// What the caller's role must act on now: red techs their drafts (those whose campaign
/// dependencies are far enough) and executions, blue techs the
/// evaluations, leads the reviews they have not voted on and rejected tests to reopen. Served by
/// the work-queue index (GSI3), one query per relevant state.
#[utoipa::path(get, path = "/api/v1/tests/my-tasks", tag = "tests", responses((status = 200, body = TaskList)))]
pub async fn my_tasks(State(state): State<AppState>, user: CurrentUser) -> Result<Json<TaskList>, ApiError> {
    // Unassigned on that side, or assigned to the caller (by id; by name on old records).
    let mine = |t: &Test, side: Side| {
        t.assignee(side).is_none_or(|(id, name)| id.map_or(name == user.username, |id| id == user.id))
    };
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
                (Role::RedTech, _) => mine(&t, Side::Red),
                (Role::BlueTech, _) => mine(&t, Side::Blue),
                (Role::RedLead, TestState::InReview) => t.votes.red_lead.is_none(),
                (Role::BlueLead, TestState::InReview) => t.votes.blue_lead.is_none(),
                _ => true,
            };
            if relevant {
                items.push(t);
            }
        }
    }
    // Drafts waiting on campaign dependencies are not work anyone can do yet.
    let mut startable = Vec::with_capacity(items.len());
    for t in items {
        if t.state == TestState::Draft
            && !t.depends_on.is_empty()
            && !lifecycle::blockers(&state, &t).await?.is_empty()
        {
            continue;
        }
        startable.push(t);
    }
    let mut items = startable;
    items.sort_by_key(|t| t.updated_at);
    Ok(Json(TaskList { items: items.into_iter().map(TestRow::from).collect() }))
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
    /// Campaign dependencies that have not reached `blue_evaluating` yet: until they do, the
    /// test cannot start (and `start_execution` is not among `allowed_actions`).
    blocked_by: Vec<Blocker>,
}

/// A dependency holding a test back.
#[derive(Debug, Serialize, ToSchema)]
pub struct Blocker {
    id: Uuid,
    title: String,
    state: TestState,
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
    let actor = user.actor();
    let mut allowed_actions = allowed_actions(&test, &actor);
    let blocked_by: Vec<Blocker> = if test.state == TestState::Draft && !test.depends_on.is_empty() {
        lifecycle::blockers(&state, &test)
            .await?
            .into_iter()
            .map(|t| Blocker { id: t.id, title: t.title, state: t.state })
            .collect()
    } else {
        Vec::new()
    };
    if !blocked_by.is_empty() {
        allowed_actions.retain(|a| *a != Action::StartExecution);
    }
    let evidence_sides =
        [Side::Red, Side::Blue].into_iter().filter(|s| may_add_evidence(&test, *s, &actor)).collect();
    Ok(Json(TestDetail {
        time_to_detect_secs: test.time_to_detect_secs(),
        test,
        history,
        allowed_actions,
        evidence_sides,
        blocked_by,
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
    let (assigned_red, assigned_blue) =
        lifecycle::assignees(&state, &req.assigned_red, &req.assigned_blue).await?;
    let edit = TestEdit {
        title: req.title,
        procedure: req.procedure,
        platform: req.platform,
        severity: req.severity,
        target_host: req.target_host,
        assigned_red,
        assigned_blue,
    };
    crate::workflow::run(&state, &user, &ip, id, Command::Edit(edit)).await
}

/// Deletes a test with its history, evidence records and remediation (admin), in one
/// transaction for the test itself; its evidence objects follow.
#[utoipa::path(delete, path = "/api/v1/tests/{id}", tag = "tests", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = web::error::Problem)))]
pub async fn delete_test(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    lifecycle::delete(&state, &user.origin(&ip), id).await?;
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
