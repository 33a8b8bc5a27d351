//! `/api/v1/d3fend`: MITRE D3FEND's defensive techniques (imported by the `d3fend` source), the
//! ATT&CK techniques each counters, and which the organisation has deployed (leads and admins
//! mark them; the D3FEND score component is the share deployed of a technique's
//! countermeasures).

use crate::paging::{Paging, matches};
use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use chrono::Utc;
use domain::FieldError;
use domain::d3fend::{Countermeasure, Deployment};
use domain::validation::check_text;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use utoipa::{IntoParams, ToSchema};
use web::client_ip::ClientIp;
use web::{ApiError, AppJson, AppPath, AppQuery, AppState};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CountermeasureFilter {
    /// Free text, matched literally against id and name.
    q: Option<String>,
    /// `Model`, `Harden`, `Detect`, `Isolate`, `Deceive`, `Evict` or `Restore` (any case).
    tactic: Option<String>,
    /// Only deployed (`true`) or not deployed (`false`) ones.
    deployed: Option<bool>,
    /// Only those countering this ATT&CK technique.
    attack_id: Option<String>,
    limit: Option<u32>,
    cursor: Option<String>,
}

/// A countermeasure in lists.
#[derive(Debug, Serialize, ToSchema)]
pub struct CountermeasureSummary {
    /// `D3-AA`.
    id: String,
    name: String,
    tactic: Option<String>,
    /// ATT&CK techniques it counters.
    attack_count: usize,
    deployed: bool,
    notes: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CountermeasurePage {
    items: Vec<CountermeasureSummary>,
    next_cursor: Option<String>,
    total: usize,
}

fn summary(c: &Countermeasure, deployments: &HashMap<String, Deployment>) -> CountermeasureSummary {
    let d = deployments.get(&c.content.technique.id);
    CountermeasureSummary {
        id: c.content.technique.id.clone(),
        name: c.content.technique.name.clone(),
        tactic: c.content.technique.tactic.clone(),
        attack_count: c.content.attack_ids.len(),
        deployed: d.is_some_and(|d| d.deployed),
        notes: d.and_then(|d| d.notes.clone()),
    }
}

/// D3FEND's defensive techniques with their deployment, by id.
#[utoipa::path(get, path = "/api/v1/d3fend/techniques", tag = "d3fend", params(CountermeasureFilter),
    responses((status = 200, body = CountermeasurePage), (status = 400, body = web::error::Problem)))]
pub async fn list_countermeasures(
    State(state): State<AppState>,
    AppQuery(f): AppQuery<CountermeasureFilter>,
) -> Result<Json<CountermeasurePage>, ApiError> {
    let view = store::d3fend::view(&state.db).await?;
    let deployments = store::d3fend::deployments(&state.db).await?;
    let attack_id = f.attack_id.as_deref().map(|a| a.trim().to_ascii_uppercase());
    let items: Vec<CountermeasureSummary> = view
        .entries
        .iter()
        .filter(|c| !c.retired)
        .filter(|c| {
            f.tactic.as_deref().is_none_or(|t| {
                c.content.technique.tactic.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(t))
            })
        })
        .filter(|c| attack_id.as_deref().is_none_or(|a| c.counters(a)))
        .filter(|c| {
            f.q.as_deref().is_none_or(|q| matches(&[&c.content.technique.id, &c.content.technique.name], q))
        })
        .map(|c| summary(c, &deployments))
        .filter(|s| f.deployed.is_none_or(|d| s.deployed == d))
        .collect();
    let total = items.len();
    let page = Paging { limit: f.limit, cursor: f.cursor }.page(items, |s| s.id.clone())?;
    Ok(Json(CountermeasurePage { items: page.items, next_cursor: page.next_cursor, total }))
}

/// An ATT&CK technique a countermeasure counters, and through what.
#[derive(Debug, Serialize, ToSchema)]
pub struct Countered {
    attack_id: String,
    /// From the catalog (absent for ids it does not have).
    name: Option<String>,
    /// `(artifact, ATT&CK relation, D3FEND relation)` for each path between them.
    via: Vec<(String, String, String)>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CountermeasureDetail {
    id: String,
    name: String,
    class: String,
    tactic: Option<String>,
    definition: Option<String>,
    parents: Vec<String>,
    artifacts: Vec<(String, String)>,
    counters: Vec<Countered>,
    deployment: Option<Deployment>,
}

async fn load(state: &AppState, id: &str) -> Result<Countermeasure, ApiError> {
    let view = store::d3fend::view(&state.db).await?;
    view.entries
        .iter()
        .find(|c| c.content.technique.id.eq_ignore_ascii_case(id) && !c.retired)
        .cloned()
        .ok_or_else(|| ApiError::NotFound(format!("no D3FEND technique {id} (is the d3fend source synced?)")))
}

/// One defensive technique: definition, the ATT&CK techniques it counters and through which
/// artifacts, and its deployment.
#[utoipa::path(get, path = "/api/v1/d3fend/techniques/{id}", tag = "d3fend", params(("id" = String, Path, description = "D3FEND id, e.g. D3-PSA")),
    responses((status = 200, body = CountermeasureDetail), (status = 404, body = web::error::Problem)))]
pub async fn get_countermeasure(
    State(state): State<AppState>,
    AppPath(id): AppPath<String>,
) -> Result<Json<CountermeasureDetail>, ApiError> {
    let c = load(&state, &id).await?;
    let catalog = store::catalog_view::current(&state.db, domain::catalog::DEFAULT_DOMAIN).await?;
    let names: HashMap<&str, &str> =
        catalog.techniques.iter().map(|t| (t.attack_id.as_str(), t.name.as_str())).collect();
    let mut by_attack: BTreeMap<&str, Vec<(String, String, String)>> = BTreeMap::new();
    for l in &c.content.counters {
        by_attack.entry(&l.attack_id).or_default().push((
            l.artifact.clone(),
            l.attack_relation.clone(),
            l.d3fend_relation.clone(),
        ));
    }
    let counters = by_attack
        .into_iter()
        .map(|(a, via)| Countered {
            attack_id: a.to_owned(),
            name: names.get(a).map(|n| (*n).to_owned()),
            via,
        })
        .collect();
    let deployment = store::d3fend::deployments(&state.db).await?.remove(&c.content.technique.id);
    let t = c.content.technique;
    Ok(Json(CountermeasureDetail {
        id: t.id,
        name: t.name,
        class: t.class,
        tactic: t.tactic,
        definition: t.definition,
        parents: t.parents,
        artifacts: t.artifacts,
        counters,
        deployment,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeploymentRequest {
    deployed: bool,
    /// Where and how it is deployed, or why not.
    #[schema(max_length = 2000)]
    notes: Option<String>,
}

/// Marks a countermeasure deployed or not (leads and admin; audited).
#[utoipa::path(put, path = "/api/v1/d3fend/techniques/{id}/deployment", tag = "d3fend", params(("id" = String, Path)),
    request_body = DeploymentRequest,
    responses((status = 200, body = Deployment), (status = 404, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn set_deployment(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<String>,
    AppJson(req): AppJson<DeploymentRequest>,
) -> Result<Json<Deployment>, ApiError> {
    let mut errors: Vec<FieldError> = Vec::new();
    if let Some(n) = &req.notes {
        check_text("notes", n, 2000, false, &mut errors);
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let c = load(&state, &id).await?;
    let deployment = Deployment {
        d3fend_id: c.content.technique.id.clone(),
        deployed: req.deployed,
        notes: req.notes.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()),
        updated_at: Utc::now(),
        updated_by: Some(user.username.clone()),
    };
    let summary = json!({ "deployed": deployment.deployed, "notes": deployment.notes });
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "d3fend.deployment",
        "countermeasure",
        Some(deployment.d3fend_id.clone()),
        summary,
    );
    store::d3fend::put_deployment(&state.db, &deployment, &entry).await?;
    Ok(Json(deployment))
}

/// A countermeasure on an ATT&CK technique's page.
#[derive(Debug, Serialize, ToSchema)]
pub struct TechniqueCountermeasure {
    id: String,
    name: String,
    tactic: Option<String>,
    /// The artifacts through which it counters the technique.
    artifacts: Vec<String>,
    deployed: bool,
}

/// The countermeasures of an ATT&CK technique with their deployment, and the D3FEND component
/// (share deployed, 0-100; `None` when D3FEND names none).
pub(crate) async fn of_technique(
    state: &AppState,
    attack_id: &str,
) -> Result<(Vec<TechniqueCountermeasure>, Option<f64>), ApiError> {
    let view = store::d3fend::view(&state.db).await?;
    let deployments = store::d3fend::deployments(&state.db).await?;
    let list: Vec<TechniqueCountermeasure> = view
        .entries
        .iter()
        .filter(|c| !c.retired && c.counters(attack_id))
        .map(|c| {
            let mut artifacts: Vec<String> = c
                .content
                .counters
                .iter()
                .filter(|l| l.attack_id == attack_id)
                .map(|l| l.artifact.clone())
                .collect();
            artifacts.dedup();
            TechniqueCountermeasure {
                id: c.content.technique.id.clone(),
                name: c.content.technique.name.clone(),
                tactic: c.content.technique.tactic.clone(),
                artifacts,
                deployed: deployments.get(&c.content.technique.id).is_some_and(|d| d.deployed),
            }
        })
        .collect();
    let share = domain::d3fend::deployed_share(list.len(), list.iter().filter(|c| c.deployed).count());
    Ok((list, share))
}
