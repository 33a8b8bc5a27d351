//! Provisioning for local runs: table (from template.yaml), evidence bucket, event bus.

use web::AppState;

pub async fn ensure_resources(state: &AppState) -> Result<(), store::StoreError> {
    let cfg = &state.config;
    store::provision::ensure_table(&state.db.client, &cfg.table_name).await?;
    store::provision::ensure_bucket(&state.s3, &cfg.evidence_bucket).await?;
    store::provision::ensure_bus(&state.events, &cfg.event_bus_name).await?;
    Ok(())
}
