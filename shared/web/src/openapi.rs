//! OpenAPI plumbing shared by route groups: the document skeleton with the security schemes
//! (Bearer token and the `aegis_token` cookie) and the problem schema.

use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Aegis API", description = "MITRE ATT&CK coverage through Red/Blue validation", version = "1"),
    components(schemas(crate::error::Problem, domain::FieldError)),
    modifiers(&SecuritySchemes),
    security(("bearer" = []), ("cookie" = []))
)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build(),
            ),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("aegis_token"))),
        );
    }
}

/// Finishes the merged document: error responses (4xx, 5xx) are problem documents, so their
/// media type is `application/problem+json`, as the server sends them. Route macros only know
/// `application/json`; this runs once on the whole document.
pub fn finish(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::RefOr;
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ];
        for op in operations.into_iter().flatten() {
            for (status, response) in op.responses.responses.iter_mut() {
                let error = status.starts_with('4') || status.starts_with('5');
                if let (true, RefOr::T(response)) = (error, response)
                    && let Some(content) = response.content.shift_remove("application/json")
                {
                    response.content.insert("application/problem+json".into(), content);
                }
            }
        }
    }
}
