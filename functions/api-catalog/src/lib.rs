//! Route groups of the ATT&CK catalog: `/api/v1/techniques`, `/api/v1/tactics`,
//! `/api/v1/threat-actors` and `/api/v1/mitigations`. Reading is open to every signed-in role;
//! review marks to leads; custom objects and mappings to admins.

mod actors;
mod d3fend;
pub(crate) use web::keyset as paging;
mod techniques;

use auth::guard::{require, roles};
use axum::Json;
use axum::extract::State;
use domain::catalog::Tactic;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use web::{ApiError, AppQuery, AppState};

/// The routes with their OpenAPI description, unlayered (the local runner merges these).
pub fn routes(state: &AppState) -> OpenApiRouter<AppState> {
    let read = OpenApiRouter::new()
        .routes(routes!(list_tactics))
        .routes(routes!(techniques::list_techniques))
        .routes(routes!(techniques::get_technique))
        .routes(routes!(actors::list_actors))
        .routes(routes!(actors::get_actor))
        .routes(routes!(actors::list_mitigations))
        .routes(routes!(actors::get_mitigation))
        .routes(routes!(d3fend::list_countermeasures))
        .routes(routes!(d3fend::get_countermeasure))
        .route_layer(require(state, roles::ANY));
    let leads = OpenApiRouter::new()
        .routes(routes!(techniques::review_technique))
        .routes(routes!(d3fend::set_deployment))
        .routes(routes!(actors::set_tracked))
        .route_layer(require(state, roles::LEADS));
    let admin = OpenApiRouter::new()
        .routes(routes!(techniques::create_technique))
        .routes(routes!(techniques::update_technique, techniques::delete_technique))
        .routes(routes!(actors::create_actor))
        .routes(routes!(actors::update_actor, actors::delete_actor))
        .routes(routes!(actors::add_mapping))
        .routes(routes!(actors::remove_mapping))
        .route_layer(require(state, roles::ADMIN));
    read.merge(leads).merge(admin)
}

/// The deployable router: routes, state and the common layers.
pub fn router(state: AppState) -> axum::Router {
    let (router, _) = routes(&state).split_for_parts();
    let config = state.config.clone();
    web::layers::apply(router.with_state(state), &config)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DomainParam {
    /// `enterprise-attack` (default), `mobile-attack` or `ics-attack`.
    domain: Option<String>,
}

pub(crate) use web::attack_domain::domain_of;

/// Id and name of a linked object.
#[derive(Debug, Serialize, ToSchema)]
pub struct Summary {
    attack_id: String,
    name: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct TacticFilter {
    domain: Option<String>,
    /// `true`: also retired tactics (revoked, deprecated or removed).
    include_retired: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TacticList {
    items: Vec<Tactic>,
}

/// Tactics in ATT&CK matrix order.
#[utoipa::path(get, path = "/api/v1/tactics", tag = "tactics", params(TacticFilter),
    responses((status = 200, body = TacticList)))]
pub async fn list_tactics(
    State(state): State<AppState>,
    AppQuery(f): AppQuery<TacticFilter>,
) -> Result<Json<TacticList>, ApiError> {
    let domain = domain_of(&f.domain)?;
    let mut items = store::catalog::tactics(&state.db, domain).await?;
    if !f.include_retired.unwrap_or(false) {
        items.retain(|t| t.lifecycle.is_active());
    }
    items.sort_by_key(|t| t.order);
    Ok(Json(TacticList { items }))
}
