//! `/api/v1/threat-actors` (intrusion sets) and `/api/v1/mitigations`.

use crate::paging::{Paging, matches};
use crate::{DomainParam, Summary, domain_of};
use auth::CurrentUser;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use domain::FieldError;
use domain::catalog::{ActorMapping, Lifecycle, Mitigation, Technique, ThreatActor, check_custom_id};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use store::catalog;
use store::keys::CatalogKind;
use utoipa::{IntoParams, ToSchema};
use web::client_ip::ClientIp;
use web::pagination::ListResponse;
use web::{ApiError, AppJson, AppPath, AppQuery, AppState};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SearchFilter {
    domain: Option<String>,
    /// Free text, matched literally (case-insensitive) against id, name and aliases.
    q: Option<String>,
    /// `true`: only revoked or deprecated ones; default: only current ones.
    deprecated: Option<bool>,
    /// `true`: only the actors the organisation tracks; `false`: only the others.
    tracked: Option<bool>,
    limit: Option<u32>,
    cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActorSummary {
    attack_id: String,
    name: String,
    aliases: Vec<String>,
    description: String,
    /// Techniques MITRE maps to it.
    technique_count: usize,
    custom: bool,
    revoked: bool,
    deprecated: bool,
    /// The organisation tracks it (intel scan, `tracked_actor_gap` alerts).
    tracked: bool,
}

/// Lists threat actors by ATT&CK id.
#[utoipa::path(get, path = "/api/v1/threat-actors", tag = "threat-actors", params(SearchFilter),
    responses((status = 200, body = ListResponse<ActorSummary>)))]
pub async fn list_actors(
    State(state): State<AppState>,
    AppQuery(f): AppQuery<SearchFilter>,
) -> Result<Json<ListResponse<ActorSummary>>, ApiError> {
    let domain = domain_of(&f.domain)?;
    let tracked = store::intel::tracked(&state.db).await?;
    let items = catalog::all::<ThreatActor>(&state.db, domain)
        .await?
        .into_iter()
        .filter(|a| f.deprecated.unwrap_or(false) != a.lifecycle.is_active())
        .filter(|a| f.tracked.is_none_or(|t| t == tracked.contains(&a.attack_id)))
        .filter(|a| {
            f.q.as_ref().is_none_or(|q| {
                let mut hay: Vec<&str> = vec![&a.attack_id, &a.name];
                hay.extend(a.aliases.iter().map(String::as_str));
                matches(&hay, q)
            })
        })
        .map(|a| ActorSummary {
            tracked: tracked.contains(&a.attack_id),
            technique_count: a.technique_ids.len(),
            attack_id: a.attack_id,
            name: a.name,
            aliases: a.aliases,
            description: a.description,
            custom: a.custom,
            revoked: a.lifecycle.revoked,
            deprecated: a.lifecycle.deprecated,
        })
        .collect();
    Ok(Json(Paging { limit: f.limit, cursor: f.cursor }.page(items, |a| a.attack_id.clone())?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MappedTechnique {
    attack_id: String,
    name: String,
    /// `mitre` or `custom`.
    source: &'static str,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActorDetail {
    #[serde(flatten)]
    actor: ThreatActor,
    techniques: Vec<MappedTechnique>,
    /// The organisation tracks it.
    tracked: bool,
}

/// One threat actor with the techniques it uses (MITRE's and custom mappings).
#[utoipa::path(get, path = "/api/v1/threat-actors/{id}", tag = "threat-actors", params(("id" = String, Path), DomainParam),
    responses((status = 200, body = ActorDetail), (status = 404, body = web::error::Problem)))]
pub async fn get_actor(
    State(state): State<AppState>,
    AppPath(id): AppPath<String>,
    AppQuery(p): AppQuery<DomainParam>,
) -> Result<Json<ActorDetail>, ApiError> {
    let domain = domain_of(&p.domain)?;
    let actor = catalog::get::<ThreatActor>(&state.db, domain, &id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("threat actor {id} not found in {domain}")))?;
    let names: HashMap<String, String> = catalog::all::<Technique>(&state.db, domain)
        .await?
        .into_iter()
        .map(|t| (t.attack_id, t.name))
        .collect();
    let mut techniques: Vec<MappedTechnique> = actor
        .technique_ids
        .iter()
        .map(|t| MappedTechnique {
            attack_id: t.clone(),
            name: names.get(t).cloned().unwrap_or_default(),
            source: "mitre",
        })
        .collect();
    for m in catalog::mappings_of_actor(&state.db, domain, &id).await? {
        if !actor.technique_ids.contains(&m.technique_id) {
            let name = names.get(&m.technique_id).cloned().unwrap_or_default();
            techniques.push(MappedTechnique { attack_id: m.technique_id, name, source: "custom" });
        }
    }
    techniques.sort_by(|a, b| a.attack_id.cmp(&b.attack_id));
    let tracked = store::intel::tracked(&state.db).await?.contains(&actor.attack_id);
    Ok(Json(ActorDetail { actor, techniques, tracked }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrackRequest {
    tracked: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Tracking {
    attack_id: String,
    tracked: bool,
}

/// Starts or stops tracking a threat actor (leads, admin): the intel scan reports what each new
/// ATT&CK release adds to tracked actors, and `tracked_actor_gap` alert rules watch them.
#[utoipa::path(put, path = "/api/v1/threat-actors/{id}/tracked", tag = "threat-actors", request_body = TrackRequest,
    params(("id" = String, Path)),
    responses((status = 200, body = Tracking), (status = 404, body = web::error::Problem)))]
pub async fn set_tracked(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<String>,
    AppJson(req): AppJson<TrackRequest>,
) -> Result<Json<Tracking>, ApiError> {
    let domain = domain::catalog::DEFAULT_DOMAIN;
    let Some(actor) = catalog::get::<ThreatActor>(&state.db, domain, &id).await? else {
        return Err(ApiError::NotFound(format!("threat actor {id} not found in {domain}")));
    };
    let action = if req.tracked { "threat_actor.track" } else { "threat_actor.untrack" };
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        action,
        "threat_actor",
        Some(actor.attack_id.clone()),
        json!({}),
    );
    store::intel::set_tracked(&state.db, &actor.attack_id, req.tracked, &entry).await?;
    Ok(Json(Tracking { attack_id: actor.attack_id, tracked: req.tracked }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomActor {
    /// Outside MITRE's `G####` range, e.g. `ACME-APT-1`.
    attack_id: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    domain: Option<String>,
}

fn check_actor(req: &CustomActor) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if let Err(why) = check_custom_id(&req.attack_id) {
        errors.push(FieldError::new("attack_id", "invalid", why));
    }
    if req.name.trim().is_empty() || req.name.chars().count() > 200 {
        errors.push(FieldError::new("name", "length", "1-200 characters"));
    }
    if req.aliases.len() > 100 || req.aliases.iter().any(|a| a.chars().count() > 200) {
        errors.push(FieldError::new("aliases", "length", "at most 100 aliases of at most 200 characters"));
    }
    if req.description.chars().count() > 20_000 {
        errors.push(FieldError::new("description", "max_length", "at most 20000 characters"));
    }
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Validation(errors)) }
}

fn actor_record(req: CustomActor, domain: &str) -> ThreatActor {
    ThreatActor {
        attack_id: req.attack_id,
        name: req.name.trim().to_owned(),
        aliases: req.aliases,
        description: req.description,
        url: None,
        technique_ids: Vec::new(),
        domain: domain.to_owned(),
        custom: true,
        lifecycle: Lifecycle::default(),
    }
}

/// Creates a custom threat actor (admin).
#[utoipa::path(post, path = "/api/v1/threat-actors", tag = "threat-actors", request_body = CustomActor,
    responses((status = 201, body = ThreatActor), (status = 409, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn create_actor(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppJson(req): AppJson<CustomActor>,
) -> Result<(StatusCode, Json<ThreatActor>), ApiError> {
    check_actor(&req)?;
    let domain = domain_of(&req.domain)?.to_owned();
    let record = actor_record(req, &domain);
    let summary = json!({ "domain": domain, "name": record.name });
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "threat_actor.create",
        "threat_actor",
        Some(record.attack_id.clone()),
        summary,
    );
    catalog::create_custom(&state.db, &record, &entry).await?;
    Ok((StatusCode::CREATED, Json(record)))
}

/// Replaces a custom threat actor (admin); MITRE's are refused with 409.
#[utoipa::path(put, path = "/api/v1/threat-actors/{id}", tag = "threat-actors", request_body = CustomActor,
    params(("id" = String, Path)),
    responses((status = 200, body = ThreatActor), (status = 404, body = web::error::Problem), (status = 409, body = web::error::Problem)))]
pub async fn update_actor(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<String>,
    AppJson(req): AppJson<CustomActor>,
) -> Result<Json<ThreatActor>, ApiError> {
    if req.attack_id != id {
        return Err(ApiError::Validation(vec![FieldError::new(
            "attack_id",
            "mismatch",
            "must equal the id in the path",
        )]));
    }
    let domain = domain_of(&req.domain)?.to_owned();
    match catalog::get::<ThreatActor>(&state.db, &domain, &id).await? {
        None => return Err(ApiError::NotFound(format!("threat actor {id} not found in {domain}"))),
        Some(a) if !a.custom => {
            return Err(ApiError::Conflict(format!("{id} is MITRE data and cannot be changed")));
        }
        Some(_) => {}
    }
    check_actor(&req)?;
    let record = actor_record(req, &domain);
    let summary = json!({ "domain": domain, "name": record.name });
    let entry =
        auth::audit::entry(Some(&user), &ip, "threat_actor.update", "threat_actor", Some(id), summary);
    catalog::replace_custom(&state.db, &record, &entry).await?;
    Ok(Json(record))
}

/// Deletes a custom threat actor (admin); MITRE's are refused with 409.
#[utoipa::path(delete, path = "/api/v1/threat-actors/{id}", tag = "threat-actors", params(("id" = String, Path), DomainParam),
    responses((status = 204), (status = 404, body = web::error::Problem), (status = 409, body = web::error::Problem)))]
pub async fn delete_actor(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<String>,
    AppQuery(p): AppQuery<DomainParam>,
) -> Result<StatusCode, ApiError> {
    let domain = domain_of(&p.domain)?;
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "threat_actor.delete",
        "threat_actor",
        Some(id.clone()),
        json!({ "domain": domain }),
    );
    catalog::delete_custom(&state.db, domain, CatalogKind::Actor, &id, &entry).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MappingRequest {
    technique_id: String,
}

/// Maps a technique to a threat actor (admin), on top of MITRE's mappings.
#[utoipa::path(post, path = "/api/v1/threat-actors/{id}/techniques", tag = "threat-actors", request_body = MappingRequest,
    params(("id" = String, Path), DomainParam),
    responses((status = 201, body = ActorMapping), (status = 404, body = web::error::Problem)))]
pub async fn add_mapping(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(id): AppPath<String>,
    AppQuery(p): AppQuery<DomainParam>,
    AppJson(req): AppJson<MappingRequest>,
) -> Result<(StatusCode, Json<ActorMapping>), ApiError> {
    let domain = domain_of(&p.domain)?;
    if catalog::get::<ThreatActor>(&state.db, domain, &id).await?.is_none() {
        return Err(ApiError::NotFound(format!("threat actor {id} not found in {domain}")));
    }
    if catalog::get::<Technique>(&state.db, domain, &req.technique_id).await?.is_none() {
        return Err(ApiError::NotFound(format!("technique {} not found in {domain}", req.technique_id)));
    }
    let mapping = ActorMapping {
        actor_id: id.clone(),
        technique_id: req.technique_id.clone(),
        added_by: Some(user.username.clone()),
        added_at: Utc::now(),
        repointed_from: None,
    };
    let summary = json!({ "domain": domain, "technique_id": req.technique_id });
    let entry = auth::audit::entry(Some(&user), &ip, "threat_actor.map", "threat_actor", Some(id), summary);
    catalog::put_mapping(&state.db, domain, &mapping, &entry).await?;
    Ok((StatusCode::CREATED, Json(mapping)))
}

/// Removes a custom mapping (admin).
#[utoipa::path(delete, path = "/api/v1/threat-actors/{id}/techniques/{technique_id}", tag = "threat-actors",
    params(("id" = String, Path), ("technique_id" = String, Path), DomainParam),
    responses((status = 204), (status = 404, body = web::error::Problem)))]
pub async fn remove_mapping(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath((id, technique)): AppPath<(String, String)>,
    AppQuery(p): AppQuery<DomainParam>,
) -> Result<StatusCode, ApiError> {
    let domain = domain_of(&p.domain)?;
    let summary = json!({ "domain": domain, "technique_id": technique });
    let entry =
        auth::audit::entry(Some(&user), &ip, "threat_actor.unmap", "threat_actor", Some(id.clone()), summary);
    catalog::delete_mapping(&state.db, domain, &id, &technique, &entry).await.map_err(|e| match e {
        store::StoreError::NotFound => ApiError::NotFound(format!("no custom mapping {id} -> {technique}")),
        other => other.into(),
    })?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MitigationSummary {
    attack_id: String,
    name: String,
    description: String,
    technique_count: usize,
    revoked: bool,
    deprecated: bool,
}

/// Lists mitigations by ATT&CK id.
#[utoipa::path(get, path = "/api/v1/mitigations", tag = "mitigations", params(SearchFilter),
    responses((status = 200, body = ListResponse<MitigationSummary>)))]
pub async fn list_mitigations(
    State(state): State<AppState>,
    AppQuery(f): AppQuery<SearchFilter>,
) -> Result<Json<ListResponse<MitigationSummary>>, ApiError> {
    let domain = domain_of(&f.domain)?;
    let items = catalog::all::<Mitigation>(&state.db, domain)
        .await?
        .into_iter()
        .filter(|m| f.deprecated.unwrap_or(false) != m.lifecycle.is_active())
        .filter(|m| f.q.as_ref().is_none_or(|q| matches(&[&m.attack_id, &m.name], q)))
        .map(|m| MitigationSummary {
            technique_count: m.technique_ids.len(),
            attack_id: m.attack_id,
            name: m.name,
            description: m.description,
            revoked: m.lifecycle.revoked,
            deprecated: m.lifecycle.deprecated,
        })
        .collect();
    Ok(Json(Paging { limit: f.limit, cursor: f.cursor }.page(items, |m| m.attack_id.clone())?))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MitigationDetail {
    #[serde(flatten)]
    mitigation: Mitigation,
    techniques: Vec<Summary>,
}

/// One mitigation with the techniques it mitigates.
#[utoipa::path(get, path = "/api/v1/mitigations/{id}", tag = "mitigations", params(("id" = String, Path), DomainParam),
    responses((status = 200, body = MitigationDetail), (status = 404, body = web::error::Problem)))]
pub async fn get_mitigation(
    State(state): State<AppState>,
    AppPath(id): AppPath<String>,
    AppQuery(p): AppQuery<DomainParam>,
) -> Result<Json<MitigationDetail>, ApiError> {
    let domain = domain_of(&p.domain)?;
    let mitigation = catalog::get::<Mitigation>(&state.db, domain, &id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("mitigation {id} not found in {domain}")))?;
    let names: HashMap<String, String> = catalog::all::<Technique>(&state.db, domain)
        .await?
        .into_iter()
        .map(|t| (t.attack_id, t.name))
        .collect();
    let techniques = mitigation
        .technique_ids
        .iter()
        .map(|t| Summary { attack_id: t.clone(), name: names.get(t).cloned().unwrap_or_default() })
        .collect();
    Ok(Json(MitigationDetail { mitigation, techniques }))
}
