//! `/api/v1/compliance/frameworks`: the list, one framework, importing one from a file (admin)
//! and deleting an imported one (admin).

use auth::CurrentUser;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use domain::FieldError;
use domain::compliance::Framework;
use domain::content::SourceKey;
use serde::{Deserialize, Serialize};
use serde_json::json;
use store::compliance::{self, NewFramework, StoredFramework};
use utoipa::{IntoParams, ToSchema};
use web::client_ip::ClientIp;
use web::{ApiError, AppPath, AppQuery, AppState};

/// A framework with where it comes from.
#[derive(Debug, Serialize, ToSchema)]
pub struct FrameworkView {
    #[serde(flatten)]
    framework: Framework,
    /// The data source that keeps it; none for a framework an admin imported from a file.
    source: Option<SourceKey>,
    /// Control families, sorted.
    families: Vec<String>,
    /// Imported from a file, so an admin may delete it (a source's framework follows its syncs).
    deletable: bool,
}

impl From<StoredFramework> for FrameworkView {
    fn from(f: StoredFramework) -> Self {
        FrameworkView {
            deletable: f.source.is_none(),
            framework: f.framework,
            source: f.source,
            families: f.families,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FrameworkList {
    items: Vec<FrameworkView>,
}

/// The framework `fid`, or a 404.
pub(crate) async fn framework(state: &AppState, fid: &str) -> Result<StoredFramework, ApiError> {
    compliance::get(&state.db, fid)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no compliance framework {fid}")))
}

/// Every framework, by id.
#[utoipa::path(get, path = "/api/v1/compliance/frameworks", tag = "compliance",
    responses((status = 200, body = FrameworkList)))]
pub async fn list_frameworks(State(state): State<AppState>) -> Result<Json<FrameworkList>, ApiError> {
    let items = compliance::list(&state.db).await?.into_iter().map(Into::into).collect();
    Ok(Json(FrameworkList { items }))
}

/// One framework: counts, the ATT&CK version it was mapped for, re-pointed and unresolved ids.
#[utoipa::path(get, path = "/api/v1/compliance/frameworks/{fid}", tag = "compliance", params(("fid" = String, Path)),
    responses((status = 200, body = FrameworkView), (status = 404, body = web::error::Problem)))]
pub async fn get_framework(
    State(state): State<AppState>,
    AppPath(fid): AppPath<String>,
) -> Result<Json<FrameworkView>, ApiError> {
    Ok(Json(framework(&state, &fid).await?.into()))
}

/// The shape of an imported file.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ImportFormat {
    /// `control_id,control_name,technique_id[,mapping_type]` with that header row.
    Csv,
    /// The Center for Threat-Informed Defense's Mappings Explorer JSON.
    MappingsExplorer,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportParams {
    /// The framework's name (`CIS Controls v8`); its id is the name in lower case with every
    /// run of other characters than letters and digits made one `-` (`cis-controls-v8`).
    name: String,
    // Inline: a query parameter's enum is not otherwise among the document's schemas.
    #[param(inline)]
    format: ImportFormat,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportResult {
    framework: FrameworkView,
    /// Controls new to the framework.
    added: u32,
    /// Controls whose name, description or mappings changed.
    updated: u32,
    /// Controls the new file no longer has.
    removed: u32,
    unchanged: u32,
}

/// `cis-controls-v8` for `CIS Controls v8`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(64).collect::<String>().trim_end_matches('-').to_owned()
}

fn check_name(raw: &str) -> Result<(String, String), ApiError> {
    let name = raw.trim();
    let id = slug(name);
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(char::is_control) || id.is_empty() {
        return Err(ApiError::validation(
            "name",
            "invalid_name",
            "1 to 200 characters with at least one letter or digit, no control characters",
        ));
    }
    if id == compliance::NIST_800_53_REV5 {
        return Err(ApiError::Conflict(format!(
            "{id} is kept by the {} data source; import its file there",
            SourceKey::Nist80053
        )));
    }
    Ok((name.to_owned(), id))
}

/// Imports (or re-imports) a framework from a file sent as the body, up to 5 MB. A CSV with any
/// bad row is refused whole (422, one error per bad row, `field` = `row <n>` counting the
/// header as row 1) and nothing is written. Mappings to revoked techniques are re-pointed to
/// their replacement, ids the catalog does not know are kept out of the analysis; both are
/// listed on the framework.
#[utoipa::path(post, path = "/api/v1/compliance/frameworks/import", tag = "compliance", params(ImportParams),
    request_body(content = Vec<u8>, description = "The CSV or JSON file", content_type = "application/octet-stream"),
    responses((status = 200, body = ImportResult), (status = 409, body = web::error::Problem),
        (status = 413, body = web::error::Problem), (status = 422, body = web::error::Problem)))]
pub async fn import_framework(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppQuery(params): AppQuery<ImportParams>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ImportResult>, ApiError> {
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
        _ => ApiError::BadRequest(rejection.body_text()),
    })?;
    let (name, id) = check_name(&params.name)?;
    if body.is_empty() {
        return Err(ApiError::validation("body", "required", "send the file as the body"));
    }
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::validation("body", "not_utf8", "the file is not UTF-8 text"))?;
    let parsed = match params.format {
        ImportFormat::Csv => content::parse_control_csv(&name, text).map_err(|rows| {
            let errors = rows
                .into_iter()
                .map(|e| FieldError::new(format!("row {}", e.row), "invalid_row", e.reason))
                .collect();
            ApiError::Validation(errors)
        })?,
        ImportFormat::MappingsExplorer => content::parse_mappings_explorer(text, None)
            .map_err(|e| ApiError::validation("body", "invalid_file", e))?,
    };
    if parsed.controls.is_empty() {
        return Err(ApiError::validation("body", "no_controls", "the file maps no control"));
    }
    let summary = json!({ "name": name, "format": params.format, "controls": parsed.controls.len(),
        "mappings": parsed.mappings.len() });
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "compliance.import",
        "compliance_framework",
        Some(id.clone()),
        summary,
    );
    let new = NewFramework {
        id,
        name,
        version: parsed.version,
        attack_version: parsed.attack_version,
        source: None,
        imported_by: Some(user.username.clone()),
        controls: parsed.controls,
        mappings: parsed.mappings,
    };
    let report = compliance::import(&state.db, new, Some(&entry)).await?;
    let c = report.counts;
    Ok(Json(ImportResult {
        framework: report.framework.into(),
        added: c.added,
        updated: c.updated,
        removed: c.removed,
        unchanged: c.unchanged,
    }))
}

/// Deletes a framework imported from a file, with its controls (audited). The data source's
/// framework is a 409: it follows its source.
#[utoipa::path(delete, path = "/api/v1/compliance/frameworks/{fid}", tag = "compliance", params(("fid" = String, Path)),
    responses((status = 204), (status = 404, body = web::error::Problem), (status = 409, body = web::error::Problem)))]
pub async fn delete_framework(
    State(state): State<AppState>,
    user: CurrentUser,
    ip: ClientIp,
    AppPath(fid): AppPath<String>,
) -> Result<StatusCode, ApiError> {
    let found = framework(&state, &fid).await?;
    if let Some(source) = found.source {
        return Err(ApiError::Conflict(format!(
            "{fid} follows the {source} data source and cannot be deleted"
        )));
    }
    let summary = json!({ "name": found.framework.name, "controls": found.framework.controls });
    let entry = auth::audit::entry(
        Some(&user),
        &ip,
        "compliance.delete",
        "compliance_framework",
        Some(fid.clone()),
        summary,
    );
    match compliance::delete(&state.db, &fid, &entry).await {
        Err(store::StoreError::NotFound) => Err(ApiError::NotFound(format!("no compliance framework {fid}"))),
        other => other.map(|()| StatusCode::NO_CONTENT).map_err(Into::into),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_slugs_of_names() {
        assert_eq!(slug("CIS Controls v8"), "cis-controls-v8");
        assert_eq!(slug("  ISO/IEC 27001:2022 — Annex A "), "iso-iec-27001-2022-annex-a");
        assert_eq!(slug("---"), "");
    }
}
