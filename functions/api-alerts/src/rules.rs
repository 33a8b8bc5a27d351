//! Alert rule handlers: create and change rules (every reference checked), dry runs, firings.

use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use domain::FieldError;
use domain::alerts::{AlertEvent, AlertKind, AlertRule, AlertSeverity, Recipients};
use domain::catalog::{DEFAULT_DOMAIN, ThreatActor};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::pagination::{ListResponse, PageParams};
use web::{ApiError, AppJson, AppPath, AppQuery, AppState};

/// Default cooldown: a day.
const DEFAULT_COOLDOWN_MINUTES: u32 = 24 * 60;

fn default_true() -> bool {
    true
}
fn default_cooldown() -> u32 {
    DEFAULT_COOLDOWN_MINUTES
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAlertRule {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default = "default_true")]
    enabled: bool,
    condition: AlertKind,
    severity: AlertSeverity,
    #[serde(default)]
    recipients: Recipients,
    #[serde(default)]
    channels: Vec<Uuid>,
    /// Minutes before a condition that keeps holding fires again (default 1440).
    #[serde(default = "default_cooldown")]
    cooldown_minutes: u32,
}

/// Fields to change; absent ones stay. `version` is the one read (409 when it moved).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateAlertRule {
    version: u64,
    name: Option<String>,
    description: Option<String>,
    enabled: Option<bool>,
    condition: Option<AlertKind>,
    severity: Option<AlertSeverity>,
    recipients: Option<Recipients>,
    channels: Option<Vec<Uuid>>,
    cooldown_minutes: Option<u32>,
}

/// Every rule of the definition and every reference it makes (tactic, actor, set, users,
/// channels), reported together as a 422.
async fn check(state: &AppState, rule: &mut AlertRule) -> Result<(), ApiError> {
    rule.name = rule.name.trim().to_owned();
    let mut errors: Vec<FieldError> = rule.check();
    match &mut rule.condition {
        AlertKind::TacticScoreBelow { tactic, .. } => {
            let tactics = store::catalog::tactics(&state.db, DEFAULT_DOMAIN).await?;
            match tactics.iter().find(|t| t.shortname == *tactic || t.id.eq_ignore_ascii_case(tactic)) {
                Some(t) => *tactic = t.shortname.clone(),
                None if !tactic.trim().is_empty() => errors.push(FieldError::new(
                    "condition.tactic",
                    "unknown",
                    format!("no tactic `{tactic}`"),
                )),
                None => {}
            }
        }
        AlertKind::ThreatActorScoreBelow { threat_actor, .. } if !threat_actor.trim().is_empty() => {
            *threat_actor = threat_actor.trim().to_uppercase();
            if store::catalog::get::<ThreatActor>(&state.db, DEFAULT_DOMAIN, threat_actor).await?.is_none() {
                errors.push(FieldError::new(
                    "condition.threat_actor",
                    "unknown",
                    format!("no threat actor `{threat_actor}`"),
                ));
            }
        }
        AlertKind::TechniqueSetScoreBelow { technique_set_id, .. }
            if store::coverage::get_set(&state.db, *technique_set_id).await?.is_none() =>
        {
            errors.push(FieldError::new("condition.technique_set_id", "unknown", "no such technique set"));
        }
        _ => {}
    }
    rule.recipients.roles.sort();
    rule.recipients.roles.dedup();
    rule.recipients.users.sort();
    rule.recipients.users.dedup();
    for (i, id) in rule.recipients.users.iter().enumerate() {
        if store::users::get(&state.db, *id).await?.is_none() {
            errors.push(FieldError::new(
                format!("recipients.users[{i}]"),
                "unknown",
                format!("no user {id}"),
            ));
        }
    }
    rule.channels.sort();
    rule.channels.dedup();
    for (i, id) in rule.channels.iter().enumerate() {
        if !alerts::channel_exists(state, *id).await? {
            errors.push(FieldError::new(
                format!("channels[{i}]"),
                "unknown",
                format!("no alert channel {id}"),
            ));
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

async fn load(state: &AppState, id: Uuid) -> Result<AlertRule, ApiError> {
    store::alerts::get_rule(&state.db, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("alert rule {id} not found")))
}

fn audit(user: &CurrentUser, ip: &ClientIp, action: &str, rule: &AlertRule) -> domain::audit::AuditEntry {
    let summary = json!({ "name": rule.name, "kind": rule.condition.name(), "enabled": rule.enabled });
    auth::audit::entry(Some(user), ip, action, "alert_rule", Some(rule.id.to_string()), summary)
}

/// Alert rules, oldest first.
#[utoipa::path(get, path = "/api/v1/alert-rules", tag = "alerts", params(PageParams),
    responses((status = 200, body = ListResponse<AlertRule>), (status = 400, body = web::error::Problem)))]
pub async fn list_rules(
    State(state): State<AppState>,
    AppQuery(params): AppQuery<PageParams>,
) -> Result<Json<ListResponse<AlertRule>>, ApiError> {
    let page = store::alerts::list_rules(&state.db, &params.page()?).await?;
    Ok(Json(ListResponse::from_page(page, |r| r)))
}

/// Creates an alert rule.
#[utoipa::path(post, path = "/api/v1/alert-rules", tag = "alerts", request_body = CreateAlertRule,
    responses((status = 201, body = AlertRule), (status = 422, body = web::error::Problem)))]
pub async fn create_rule(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppJson(req): AppJson<CreateAlertRule>,
) -> Result<(StatusCode, Json<AlertRule>), ApiError> {
    let now = Utc::now();
    let mut rule = AlertRule {
        id: Uuid::new_v4(),
        name: req.name,
        description: req.description,
        enabled: req.enabled,
        condition: req.condition,
        severity: req.severity,
        recipients: req.recipients,
        channels: req.channels,
        cooldown_minutes: req.cooldown_minutes,
        created_by: user.username.clone(),
        created_at: now,
        updated_at: now,
        version: 1,
    };
    check(&state, &mut rule).await?;
    store::alerts::write_rule(&state.db, None, &rule, &audit(&user, &ip, "alert_rule.create", &rule)).await?;
    Ok((StatusCode::CREATED, Json(rule)))
}

/// One alert rule.
#[utoipa::path(get, path = "/api/v1/alert-rules/{id}", tag = "alerts", params(("id" = Uuid, Path)),
    responses((status = 200, body = AlertRule), (status = 404, body = web::error::Problem)))]
pub async fn get_rule(
    State(state): State<AppState>,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<AlertRule>, ApiError> {
    Ok(Json(load(&state, id).await?))
}

/// Changes an alert rule (on the version read). A changed condition starts afresh: its state
/// (held, last fired, baseline) is forgotten.
#[utoipa::path(patch, path = "/api/v1/alert-rules/{id}", tag = "alerts", params(("id" = Uuid, Path)),
    request_body = UpdateAlertRule,
    responses((status = 200, body = AlertRule), (status = 404, body = web::error::Problem),
        (status = 409, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn update_rule(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
    AppJson(req): AppJson<UpdateAlertRule>,
) -> Result<Json<AlertRule>, ApiError> {
    let before = load(&state, id).await?;
    if req.version != before.version {
        return Err(ApiError::Conflict(format!(
            "the rule is at version {}, not {}; reload it",
            before.version, req.version
        )));
    }
    let mut rule = before.clone();
    if let Some(v) = req.name {
        rule.name = v;
    }
    if let Some(v) = req.description {
        rule.description = v;
    }
    if let Some(v) = req.enabled {
        rule.enabled = v;
    }
    if let Some(v) = req.condition {
        rule.condition = v;
    }
    if let Some(v) = req.severity {
        rule.severity = v;
    }
    if let Some(v) = req.recipients {
        rule.recipients = v;
    }
    if let Some(v) = req.channels {
        rule.channels = v;
    }
    if let Some(v) = req.cooldown_minutes {
        rule.cooldown_minutes = v;
    }
    rule.updated_at = Utc::now();
    rule.version += 1;
    check(&state, &mut rule).await?;
    store::alerts::write_rule(
        &state.db,
        Some(&before),
        &rule,
        &audit(&user, &ip, "alert_rule.update", &rule),
    )
    .await?;
    if rule.condition != before.condition {
        store::alerts::reset_state(&state.db, rule.id).await?;
    }
    Ok(Json(rule))
}

/// Deletes an alert rule; its firings stay readable.
#[utoipa::path(delete, path = "/api/v1/alert-rules/{id}", tag = "alerts", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = web::error::Problem), (status = 409, body = web::error::Problem)))]
pub async fn delete_rule(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<Uuid>,
) -> Result<StatusCode, ApiError> {
    let rule = load(&state, id).await?;
    store::alerts::delete_rule(&state.db, &rule, &audit(&user, &ip, "alert_rule.delete", &rule)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Dry run: would the rule fire now, on what, and to how many recipients. Records nothing.
#[utoipa::path(post, path = "/api/v1/alert-rules/{id}/test", tag = "alerts", params(("id" = Uuid, Path)),
    responses((status = 200, body = alerts::DryRun), (status = 404, body = web::error::Problem)))]
pub async fn test_rule(
    State(state): State<AppState>,
    AppPath(id): AppPath<Uuid>,
) -> Result<Json<alerts::DryRun>, ApiError> {
    let rule = load(&state, id).await?;
    Ok(Json(alerts::dry_run(&state, &rule, Utc::now()).await?))
}

/// A rule's firings, newest first, with what matched.
#[utoipa::path(get, path = "/api/v1/alert-rules/{id}/events", tag = "alerts", params(("id" = Uuid, Path), PageParams),
    responses((status = 200, body = ListResponse<AlertEvent>), (status = 400, body = web::error::Problem)))]
pub async fn rule_events(
    State(state): State<AppState>,
    AppPath(id): AppPath<Uuid>,
    AppQuery(params): AppQuery<PageParams>,
) -> Result<Json<ListResponse<AlertEvent>>, ApiError> {
    let page = store::alerts::events(&state.db, id, &params.page()?).await?;
    Ok(Json(ListResponse::from_page(page, |e| e)))
}

/// Firings of every rule, newest first.
#[utoipa::path(get, path = "/api/v1/alert-events", tag = "alerts", params(PageParams),
    responses((status = 200, body = ListResponse<AlertEvent>), (status = 400, body = web::error::Problem)))]
pub async fn all_events(
    State(state): State<AppState>,
    AppQuery(params): AppQuery<PageParams>,
) -> Result<Json<ListResponse<AlertEvent>>, ApiError> {
    let page = store::alerts::recent_events(&state.db, &params.page()?).await?;
    Ok(Json(ListResponse::from_page(page, |e| e)))
}
