//! The OpenAPI document is committed (`docs/openapi.json`) and must match what the code
//! generates: a route, field or status change shows up in review, and the web app's types
//! (`frontend/src/api/schema.d.ts`, `frontend/scripts/gen-api.sh`) are generated from the same
//! document. After an intended change: `AEGIS_UPDATE_OPENAPI=1 cargo nextest run -p aegis-tests
//! --test openapi_drift`, then regenerate the web app's types.

use std::path::PathBuf;

#[tokio::test]
async fn the_committed_openapi_document_matches_the_code() {
    // Building the routers needs a state but no AWS call: clients are only configured.
    let config = web::Config::from_lookup(|k| (k == "SECRET_KEY").then(|| "d".repeat(40))).unwrap();
    let sdk = aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new("us-east-1"))
        .build();
    let state = web::AppState::with_sdk(config, &sdk);
    let (_, doc) = infra::api(&state);
    let generated = format!("{}\n", serde_json::to_string_pretty(&doc).unwrap());
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/openapi.json");
    if std::env::var_os("AEGIS_UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/openapi.json differs from the code's document: regenerate it with AEGIS_UPDATE_OPENAPI=1 (see this file)"
    );
}
