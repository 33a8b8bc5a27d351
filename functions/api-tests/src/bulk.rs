//! Changes to many tests in one request (the test tables' multi-select). Each test is its own
//! lifecycle command in its own transaction, with its own audit entry: one test's refusal (its
//! state, a side the caller does not lead, a concurrent change) neither undoes nor stops the
//! others, and the answer says, per test and in the order asked, what happened.

use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use domain::FieldError;
use domain::lifecycle::Command;
use domain::validation::TestState;
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use utoipa::ToSchema;
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::error::Problem;
use web::{ApiError, AppJson, AppState};

/// Tests one request may change.
const MAX_TESTS: usize = 100;

/// Tests changed at once: enough to hide round trips, few enough not to contend with itself.
const CONCURRENCY: usize = 4;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TestBulkAssign {
    /// The tests, 1 to 100, each once.
    ids: Vec<Uuid>,
    /// Username of the red tech (or red lead) to assign; absent leaves the red side as it is.
    #[schema(max_length = 64)]
    assigned_red: Option<String>,
    /// Username of the blue tech (or blue lead) to assign.
    #[schema(max_length = 64)]
    assigned_blue: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TestBulkDelete {
    /// The tests, 1 to 100, each once; only drafts are deleted.
    ids: Vec<Uuid>,
}

/// What happened to one test.
#[derive(Debug, Serialize, ToSchema)]
pub struct TestBulkItem {
    id: Uuid,
    /// The status the single-test route would have answered (200 or 204 when done).
    status: u16,
    /// Why it was refused.
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<Problem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TestBulkResult {
    done: u32,
    failed: u32,
    /// One entry per test, in the order asked.
    results: Vec<TestBulkItem>,
}

fn check_ids(ids: &[Uuid]) -> Result<(), ApiError> {
    let refused = if ids.is_empty() {
        Some(("required", "name at least one test"))
    } else if ids.len() > MAX_TESTS {
        Some(("too_many", "at most 100 tests at once"))
    } else if ids.iter().collect::<HashSet<_>>().len() != ids.len() {
        Some(("duplicate", "each test once"))
    } else {
        None
    };
    match refused {
        Some((code, message)) => Err(ApiError::Validation(vec![FieldError::new("ids", code, message)])),
        None => Ok(()),
    }
}

/// Runs `change` on each test, a few at a time, keeping the order asked.
async fn each<F, Fut>(ids: Vec<Uuid>, done_status: u16, change: F) -> TestBulkResult
where
    F: Fn(Uuid) -> Fut,
    Fut: Future<Output = Result<(), ApiError>>,
{
    let results: Vec<TestBulkItem> = futures::stream::iter(ids)
        .map(|id| {
            let change = change(id);
            async move { (id, change.await) }
        })
        .buffered(CONCURRENCY)
        .map(|(id, outcome)| match outcome {
            Ok(()) => TestBulkItem { id, status: done_status, problem: None },
            Err(e) => TestBulkItem { id, status: e.status().as_u16(), problem: Some(e.problem()) },
        })
        .collect()
        .await;
    let done = results.iter().filter(|r| r.problem.is_none()).count() as u32;
    TestBulkResult { done, failed: results.len() as u32 - done, results }
}

/// Assigns the red and/or blue side of many tests (leads of that side, admin); each test as
/// `POST /tests/{id}/assign` would.
#[utoipa::path(post, path = "/api/v1/tests/bulk-assign", tag = "tests", request_body = TestBulkAssign,
    responses((status = 200, body = TestBulkResult), (status = 403, body = web::error::Problem),
        (status = 422, body = web::error::Problem)))]
pub async fn bulk_assign(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppJson(req): AppJson<TestBulkAssign>,
) -> Result<Json<TestBulkResult>, ApiError> {
    check_ids(&req.ids)?;
    // The assignees are resolved once: an unknown username refuses the whole request.
    let (red, blue) = lifecycle::assignees(&state, &req.assigned_red, &req.assigned_blue).await?;
    let origin = user.origin(&ip);
    let result = each(req.ids, 200, |id| {
        let command = Command::Assign { red: red.clone(), blue: blue.clone() };
        let (state, origin) = (&state, &origin);
        async move { lifecycle::run(state, origin, id, command).await.map(|_| ()).map_err(ApiError::from) }
    })
    .await;
    Ok(Json(result))
}

/// Deletes many draft tests (admin); a test past draft is refused (409) and kept: results are
/// deleted one at a time, on purpose.
#[utoipa::path(post, path = "/api/v1/tests/bulk-delete", tag = "tests", request_body = TestBulkDelete,
    responses((status = 200, body = TestBulkResult), (status = 403, body = web::error::Problem),
        (status = 422, body = web::error::Problem)))]
pub async fn bulk_delete(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppJson(req): AppJson<TestBulkDelete>,
) -> Result<Json<TestBulkResult>, ApiError> {
    check_ids(&req.ids)?;
    let origin = user.origin(&ip);
    let result =
        each(req.ids, 204, |id| {
            let (state, origin) = (&state, &origin);
            async move {
                lifecycle::delete_in(state, origin, id, &[TestState::Draft]).await.map_err(ApiError::from)
            }
        })
        .await;
    Ok(Json(result))
}
