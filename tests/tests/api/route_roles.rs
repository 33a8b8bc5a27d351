//! The role gate of every route, as one table. The table is written out here from the README's
//! API section (who may call what), not read from the routers, so a guard that drifts from it
//! fails; the routes come from the live OpenAPI document (the one `docs/openapi.json` is checked
//! against), so a route the table does not know fails too.
//!
//! Each operation is called as each of the six roles with an empty body and random ids. A role
//! outside the route's set must get the gate's own 403 (its detail names the roles it admits);
//! a role inside may get anything (404 for the random id, 422 for the empty body, even a 403
//! from a rule about assignment or ownership) except the gate's 403 or a 5xx. The admin passes
//! every gate.

use crate::helpers::{TestApp, config, spawn_app_with};
use domain::Role::{self, BlueLead, BlueTech, RedLead, RedTech, Viewer};
use reqwest::Method;
use serde_json::Value;
use std::collections::BTreeSet;

/// Who a route admits besides the admin.
#[derive(Debug, Clone, Copy)]
enum Who {
    /// No sign-in needed.
    Public,
    /// Signed in with one of these roles (or as the admin).
    Roles(&'static [Role]),
}
use Who::{Public, Roles};

const ADMIN: Who = Roles(&[]);
const SIGNED_IN: Who = Roles(&[RedTech, BlueTech, RedLead, BlueLead, Viewer]);
const LEADS: Who = Roles(&[RedLead, BlueLead]);
const RED_TEAM: Who = Roles(&[RedTech, RedLead]);
const BLUE_TEAM: Who = Roles(&[BlueTech, BlueLead]);
const RED_TECH: Who = Roles(&[RedTech]);
const BLUE_TECH: Who = Roles(&[BlueTech]);
/// Red roles upload to the red side, blue roles to the blue side.
const EVIDENCE_WRITERS: Who = Roles(&[RedTech, RedLead, BlueTech, BlueLead]);

/// Every operation of the API and who may call it (README, "API").
const TABLE: &[(&str, &str, Who)] = &[
    ("GET", "/health", Public),
    ("POST", "/api/v1/auth/login", Public),
    ("GET", "/api/v1/auth/me", SIGNED_IN),
    ("POST", "/api/v1/auth/change-password", SIGNED_IN),
    ("POST", "/api/v1/auth/logout", SIGNED_IN),
    ("POST", "/api/v1/auth/login/mfa", Public),
    ("GET", "/api/v1/auth/config", Public),
    ("GET", "/api/v1/auth/oidc/login", Public),
    ("GET", "/api/v1/auth/oidc/callback", Public),
    ("POST", "/api/v1/auth/mfa/totp/setup", SIGNED_IN),
    ("POST", "/api/v1/auth/mfa/totp/confirm", SIGNED_IN),
    ("DELETE", "/api/v1/auth/mfa", SIGNED_IN),
    // everyone manages their own tokens; `?all=true` and other users' tokens are the admin's
    ("GET", "/api/v1/auth/api-tokens", SIGNED_IN),
    ("POST", "/api/v1/auth/api-tokens", SIGNED_IN),
    ("DELETE", "/api/v1/auth/api-tokens/{id}", SIGNED_IN),
    ("GET", "/api/v1/users/directory", SIGNED_IN),
    ("GET", "/api/v1/users", ADMIN),
    ("POST", "/api/v1/users", ADMIN),
    ("GET", "/api/v1/users/{id}", ADMIN),
    ("PATCH", "/api/v1/users/{id}", ADMIN),
    ("DELETE", "/api/v1/users/{id}", ADMIN),
    ("POST", "/api/v1/users/{id}/reset-password", ADMIN),
    ("POST", "/api/v1/users/{id}/reset-mfa", ADMIN),
    ("GET", "/api/v1/audit-logs", ADMIN),
    ("GET", "/api/v1/tactics", SIGNED_IN),
    ("GET", "/api/v1/techniques", SIGNED_IN),
    ("GET", "/api/v1/techniques/{id}", SIGNED_IN),
    ("POST", "/api/v1/techniques/{id}/review", LEADS),
    ("POST", "/api/v1/techniques", ADMIN),
    ("PUT", "/api/v1/techniques/{id}", ADMIN),
    ("DELETE", "/api/v1/techniques/{id}", ADMIN),
    ("GET", "/api/v1/threat-actors", SIGNED_IN),
    ("GET", "/api/v1/threat-actors/{id}", SIGNED_IN),
    ("POST", "/api/v1/threat-actors", ADMIN),
    ("PUT", "/api/v1/threat-actors/{id}", ADMIN),
    ("DELETE", "/api/v1/threat-actors/{id}", ADMIN),
    ("POST", "/api/v1/threat-actors/{id}/techniques", ADMIN),
    ("DELETE", "/api/v1/threat-actors/{id}/techniques/{technique_id}", ADMIN),
    ("GET", "/api/v1/mitigations", SIGNED_IN),
    ("GET", "/api/v1/mitigations/{id}", SIGNED_IN),
    ("GET", "/api/v1/tests", SIGNED_IN),
    ("GET", "/api/v1/tests/my-tasks", SIGNED_IN),
    ("GET", "/api/v1/tests/{id}", SIGNED_IN),
    ("GET", "/api/v1/tests/{id}/retests", SIGNED_IN),
    ("POST", "/api/v1/tests", RED_TEAM),
    ("PATCH", "/api/v1/tests/{id}", RED_TEAM),
    ("POST", "/api/v1/tests/{id}/start-execution", RED_TECH),
    ("POST", "/api/v1/tests/{id}/submit-red", RED_TECH),
    ("POST", "/api/v1/tests/{id}/submit-blue", BLUE_TECH),
    ("POST", "/api/v1/tests/{id}/assign", LEADS),
    ("POST", "/api/v1/tests/bulk-assign", LEADS),
    ("POST", "/api/v1/tests/{id}/vote", LEADS),
    ("POST", "/api/v1/tests/{id}/reopen", LEADS),
    ("DELETE", "/api/v1/tests/{id}", ADMIN),
    ("POST", "/api/v1/tests/bulk-delete", ADMIN),
    ("POST", "/api/v1/tests/{id}/evidence", EVIDENCE_WRITERS),
    ("POST", "/api/v1/tests/{id}/evidence/{evidence_id}/complete", EVIDENCE_WRITERS),
    // everyone reads evidence; who deletes (the uploader, an admin) is decided per item
    ("GET", "/api/v1/tests/{id}/evidence", SIGNED_IN),
    ("GET", "/api/v1/tests/{id}/evidence/{evidence_id}/download", SIGNED_IN),
    ("DELETE", "/api/v1/tests/{id}/evidence/{evidence_id}", SIGNED_IN),
    ("GET", "/api/v1/tests/{id}/remediation", SIGNED_IN),
    ("POST", "/api/v1/tests/{id}/remediation", LEADS),
    // the step's owner or a lead: decided per step
    ("PATCH", "/api/v1/tests/{id}/remediation/{step_id}", SIGNED_IN),
    ("GET", "/api/v1/notifications", SIGNED_IN),
    ("GET", "/api/v1/notifications/unread-count", SIGNED_IN),
    ("POST", "/api/v1/notifications/{id}/read", SIGNED_IN),
    ("POST", "/api/v1/notifications/read-all", SIGNED_IN),
    ("GET", "/api/v1/notifications/preferences", SIGNED_IN),
    ("PUT", "/api/v1/notifications/preferences", SIGNED_IN),
    ("GET", "/api/v1/heatmap", SIGNED_IN),
    ("GET", "/api/v1/heatmap/navigator-layer", SIGNED_IN),
    ("GET", "/api/v1/heatmap/gaps", SIGNED_IN),
    ("GET", "/api/v1/technique-sets", SIGNED_IN),
    ("GET", "/api/v1/technique-sets/{id}", SIGNED_IN),
    ("POST", "/api/v1/heatmap/navigator-layer", LEADS),
    // the README's screens table ("delete sets for admin"); its API table leaves this route out
    ("DELETE", "/api/v1/technique-sets/{id}", ADMIN),
    ("GET", "/api/v1/scores", SIGNED_IN),
    ("GET", "/api/v1/scores/techniques/{id}", SIGNED_IN),
    ("GET", "/api/v1/scores/threat-actors/{id}", SIGNED_IN),
    ("GET", "/api/v1/scores/config", SIGNED_IN),
    ("PUT", "/api/v1/scores/config", ADMIN),
    ("GET", "/api/v1/dashboard/kpis", SIGNED_IN),
    ("GET", "/api/v1/metrics", SIGNED_IN),
    ("GET", "/api/v1/dashboard/executive", SIGNED_IN),
    ("GET", "/api/v1/reports/coverage-summary", SIGNED_IN),
    ("GET", "/api/v1/reports/coverage-csv", SIGNED_IN),
    ("GET", "/api/v1/reports/test-results", SIGNED_IN),
    ("GET", "/api/v1/reports/remediation", SIGNED_IN),
    ("POST", "/api/v1/reports/jobs", SIGNED_IN),
    ("GET", "/api/v1/reports/jobs", SIGNED_IN),
    ("GET", "/api/v1/reports/jobs/{id}", SIGNED_IN),
    ("GET", "/api/v1/snapshots", SIGNED_IN),
    ("GET", "/api/v1/snapshots/{id}", SIGNED_IN),
    ("GET", "/api/v1/snapshots/compare", SIGNED_IN),
    ("GET", "/api/v1/snapshots/trend", SIGNED_IN),
    ("POST", "/api/v1/snapshots", LEADS),
    ("POST", "/api/v1/system/sync-mitre", ADMIN),
    ("POST", "/api/v1/system/uploads", ADMIN),
    ("POST", "/api/v1/system/uploads/{id}/complete", ADMIN),
    ("POST", "/api/v1/system/import", ADMIN),
    ("GET", "/api/v1/system/sync-runs", ADMIN),
    ("GET", "/api/v1/system/sync-runs/{run_id}", ADMIN),
    ("POST", "/api/v1/system/sync-runs/{run_id}/repoints/{technique_id}/revert", ADMIN),
    ("GET", "/api/v1/system/scheduler-status", ADMIN),
    ("POST", "/api/v1/system/jobs/alert-evaluation", ADMIN),
    ("GET", "/api/v1/alert-rules", LEADS),
    ("POST", "/api/v1/alert-rules", LEADS),
    ("GET", "/api/v1/alert-rules/{id}", LEADS),
    ("PATCH", "/api/v1/alert-rules/{id}", LEADS),
    ("DELETE", "/api/v1/alert-rules/{id}", LEADS),
    ("POST", "/api/v1/alert-rules/{id}/test", LEADS),
    ("GET", "/api/v1/alert-rules/{id}/events", SIGNED_IN),
    ("GET", "/api/v1/alert-events", SIGNED_IN),
    ("GET", "/api/v1/intel/changes", SIGNED_IN),
    ("GET", "/api/v1/metrics/operational", SIGNED_IN),
    ("PUT", "/api/v1/threat-actors/{id}/tracked", LEADS),
    ("POST", "/api/v1/system/jobs/intel-scan", ADMIN),
    ("GET", "/api/v1/alert-channels", LEADS),
    ("POST", "/api/v1/alert-channels", ADMIN),
    ("GET", "/api/v1/alert-channels/{id}", LEADS),
    ("PATCH", "/api/v1/alert-channels/{id}", ADMIN),
    ("DELETE", "/api/v1/alert-channels/{id}", ADMIN),
    ("POST", "/api/v1/alert-channels/{id}/rotate-secret", ADMIN),
    ("POST", "/api/v1/alert-channels/{id}/test", ADMIN),
    ("GET", "/api/v1/alert-channels/{id}/deliveries", LEADS),
    ("GET", "/api/v1/campaigns", SIGNED_IN),
    ("GET", "/api/v1/campaigns/{id}", SIGNED_IN),
    ("GET", "/api/v1/campaigns/{id}/history", SIGNED_IN),
    ("GET", "/api/v1/campaigns/{id}/comparison", SIGNED_IN),
    ("POST", "/api/v1/campaigns", LEADS),
    ("PATCH", "/api/v1/campaigns/{id}", LEADS),
    ("DELETE", "/api/v1/campaigns/{id}", LEADS),
    ("POST", "/api/v1/campaigns/from-threat-actor", LEADS),
    ("POST", "/api/v1/campaigns/{id}/start", LEADS),
    ("POST", "/api/v1/campaigns/{id}/complete", LEADS),
    ("POST", "/api/v1/campaigns/{id}/cancel", LEADS),
    ("POST", "/api/v1/campaigns/{id}/tests", LEADS),
    ("PATCH", "/api/v1/campaigns/{id}/tests/{test_id}", LEADS),
    ("DELETE", "/api/v1/campaigns/{id}/tests/{test_id}", LEADS),
    ("GET", "/api/v1/data-sources", ADMIN),
    ("GET", "/api/v1/data-sources/{id}", ADMIN),
    ("PATCH", "/api/v1/data-sources/{id}", ADMIN),
    ("POST", "/api/v1/data-sources/{id}/sync", ADMIN),
    ("POST", "/api/v1/data-sources/sync-all", ADMIN),
    ("GET", "/api/v1/data-sources/{id}/runs", ADMIN),
    ("GET", "/api/v1/data-sources/runs/{run_id}", ADMIN),
    ("POST", "/api/v1/data-sources/{id}/import", ADMIN),
    ("POST", "/api/v1/data-sources/{id}/uploads", ADMIN),
    ("POST", "/api/v1/data-sources/{id}/uploads/{upload_id}/complete", ADMIN),
    ("GET", "/api/v1/compliance/frameworks", SIGNED_IN),
    ("GET", "/api/v1/compliance/frameworks/{fid}", SIGNED_IN),
    ("DELETE", "/api/v1/compliance/frameworks/{fid}", ADMIN),
    ("POST", "/api/v1/compliance/frameworks/import", ADMIN),
    ("GET", "/api/v1/compliance/frameworks/{fid}/controls", SIGNED_IN),
    ("GET", "/api/v1/compliance/frameworks/{fid}/controls/{cid}", SIGNED_IN),
    ("GET", "/api/v1/compliance/{fid}/gaps", SIGNED_IN),
    ("GET", "/api/v1/detection-rules", SIGNED_IN),
    ("GET", "/api/v1/detection-rules/{id}", SIGNED_IN),
    ("GET", "/api/v1/detection-rules/gaps", SIGNED_IN),
    ("GET", "/api/v1/detection-rules/navigator-layer", SIGNED_IN),
    ("POST", "/api/v1/detection-rules", BLUE_TEAM),
    ("PUT", "/api/v1/detection-rules/{id}", BLUE_TEAM),
    ("DELETE", "/api/v1/detection-rules/{id}", BLUE_TEAM),
    ("GET", "/api/v1/d3fend/techniques", SIGNED_IN),
    ("GET", "/api/v1/d3fend/techniques/{id}", SIGNED_IN),
    ("PUT", "/api/v1/d3fend/techniques/{id}/deployment", LEADS),
    ("GET", "/api/v1/heatmap/dettect", SIGNED_IN),
    ("GET", "/api/v1/test-templates", SIGNED_IN),
    ("GET", "/api/v1/test-templates/stats", SIGNED_IN),
    ("GET", "/api/v1/test-templates/{id}", SIGNED_IN),
    // Content changes (red team) and `active` (leads) are checked per field in the handler.
    ("PATCH", "/api/v1/test-templates/{id}", SIGNED_IN),
    ("POST", "/api/v1/test-templates", RED_TEAM),
    ("DELETE", "/api/v1/test-templates/{id}", RED_TEAM),
    ("POST", "/api/v1/test-templates/bulk", LEADS),
];

/// The gate's 403 detail, before the roles it lists (`shared/auth/src/guard.rs`).
const GATE: &str = "requires one of the roles: ";

fn expected(method: &str, path: &str) -> Option<Who> {
    TABLE.iter().find(|(m, p, _)| *m == method && *p == path).map(|(_, _, who)| *who)
}

/// Every operation of the document the code generates, as (METHOD, path), in document order.
fn operations(app: &TestApp) -> Vec<(String, String)> {
    let (_, doc) = infra::api(&app.state);
    let doc = serde_json::to_value(&doc).unwrap();
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["get", "put", "post", "delete", "patch", "head", "options", "trace"] {
            if item.get(method).is_some() {
                ops.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    ops
}

/// An app whose sync (which the admin's call starts) reads the fixture bundle, never the network.
async fn app() -> TestApp {
    let url = aegis_tests::seed::fixture_bundle_url();
    spawn_app_with(config(&[("ATTACK_TAXII_URL", ""), ("ATTACK_BUNDLE_URL", &url)])).await
}

#[tokio::test]
async fn the_role_table_names_every_operation_of_the_openapi_document_and_no_other() {
    let app = app().await;
    let ops = operations(&app);
    let missing: Vec<String> =
        ops.iter().filter(|(m, p)| expected(m, p).is_none()).map(|(m, p)| format!("{m} {p}")).collect();
    assert!(missing.is_empty(), "routes without a row in the role table: {missing:#?}");
    let stale: Vec<String> = TABLE
        .iter()
        .filter(|(m, p, _)| !ops.iter().any(|(om, op)| om == m && op == p))
        .map(|(m, p, _)| format!("{m} {p}"))
        .collect();
    assert!(stale.is_empty(), "rows for routes the API does not have: {stale:#?}");
    let mut rows: Vec<(&str, &str)> = TABLE.iter().map(|(m, p, _)| (*m, *p)).collect();
    rows.sort();
    rows.dedup();
    assert_eq!(rows.len(), TABLE.len(), "a route has two rows");
}

/// A token of each role; the admin's is the bootstrap admin's.
async fn tokens(app: &TestApp) -> Vec<(Role, String)> {
    let mut tokens = vec![(Role::Admin, app.admin_token.clone())];
    for role in [RedTech, BlueTech, RedLead, BlueLead, Viewer] {
        tokens.push((role, app.user(role).await.2));
    }
    tokens
}

/// `path` with each `{param}` replaced by a fresh random UUID.
fn concrete(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').unwrap() + open;
        out.push_str(&rest[..open]);
        out.push_str(&uuid::Uuid::new_v4().to_string());
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Status, content type and body (JSON, or null).
type Answer = (u16, Option<String>, Value);

async fn call(app: &TestApp, method: &str, path: &str, token: Option<&str>) -> Answer {
    let method = Method::from_bytes(method.as_bytes()).unwrap();
    let mut rb = app.request(method.clone(), &concrete(path), token);
    if [Method::POST, Method::PUT, Method::PATCH].contains(&method) {
        rb = rb.json(&serde_json::json!({}));
    }
    let res = rb.send().await.unwrap();
    let status = res.status().as_u16();
    let ct = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
    let body = res.json().await.unwrap_or(Value::Null);
    (status, ct, body)
}

/// The roles the gate's detail lists, when `body` is the gate's 403.
fn gate_roles(status: u16, body: &Value) -> Option<BTreeSet<String>> {
    let detail = body["detail"].as_str()?;
    let roles = detail.strip_prefix(GATE).filter(|_| status == 403)?;
    Some(roles.split(", ").map(str::to_owned).collect())
}

/// What is wrong with `role`'s answer on a route that admits `who`, if anything.
fn judge(who: Who, role: Role, (status, ct, body): &Answer) -> Option<String> {
    let allowed = match who {
        Public => true,
        Roles(roles) => role == Role::Admin || roles.contains(&role),
    };
    if *status >= 500 {
        return Some(format!("{status} {body}"));
    }
    if allowed {
        // a valid token, admitted: any answer but the gate's (or a lost session's)
        return (*status == 401 || gate_roles(*status, body).is_some())
            .then(|| format!("{status} {body}, but the table admits the role"));
    }
    let Some(listed) = gate_roles(*status, body) else {
        return Some(format!("{status} {body}, not the gate's 403"));
    };
    if ct.as_deref() != Some("application/problem+json") {
        return Some(format!("the 403 is {ct:?}, not a problem document"));
    }
    // the detail tells the truth: the roles it names (besides the admin) are the table's
    let Roles(roles) = who else { unreachable!("a public route refuses nobody") };
    let table: BTreeSet<String> = roles.iter().map(|r| r.as_str().to_owned()).collect();
    let listed: BTreeSet<String> = listed.into_iter().filter(|r| r != "admin").collect();
    (listed != table).then(|| format!("the gate names {listed:?}, the table {table:?}"))
}

#[tokio::test]
async fn every_operation_admits_exactly_the_roles_of_the_table() {
    // given one user of each role and every operation of the live document; logging out revokes
    // the caller's token, so that operation goes last
    let app = app().await;
    let tokens = tokens(&app).await;
    let mut ops = operations(&app);
    ops.sort_by_key(|(m, p)| m == "POST" && p == "/api/v1/auth/logout");
    assert_eq!(ops.len(), TABLE.len(), "the table and the document list the same operations");
    let mut failures = Vec::new();

    for (method, path) in &ops {
        let who = expected(method, path).unwrap_or_else(|| panic!("{method} {path} is not in the table"));
        // when it is called without a token and as each role (at once: the calls are independent)
        let anonymous = call(&app, method, path, None);
        let as_roles =
            futures::future::join_all(tokens.iter().map(|(_, t)| call(&app, method, path, Some(t))));
        let ((status, ct, _), answers) = tokio::join!(anonymous, as_roles);

        // then a signed-out caller is told to sign in, unless the route is public
        match who {
            Public if status == 401 || status == 403 || status >= 500 => {
                failures.push(format!("{method} {path} anonymous: {status}, but it is public"))
            }
            Roles(_) if status != 401 || ct.as_deref() != Some("application/problem+json") => {
                failures.push(format!("{method} {path} anonymous: {status} {ct:?}, not a 401 problem"))
            }
            _ => {}
        }
        // and each role is admitted or refused by the gate as the table says
        for ((role, _), answer) in tokens.iter().zip(&answers) {
            if let Some(wrong) = judge(who, *role, answer) {
                failures.push(format!("{method} {path} as {}: {wrong}", role.as_str()));
            }
        }
    }
    assert!(failures.is_empty(), "{} disagreements:\n{}", failures.len(), failures.join("\n"));
}
