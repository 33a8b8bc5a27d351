//! `aegis-local`: the whole platform in one process on the local stack.

use anyhow::Context;
use std::net::SocketAddr;
use std::path::PathBuf;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    web::telemetry::init();
    let config = web::Config::from_env().context("configuration")?;
    let port: u16 = std::env::var("AEGIS_PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(8000);
    let state = infra::background::in_process_events(
        web::AppState::from_config(config).await.context("reading secrets")?,
    );
    infra::provision::ensure_resources(&state)
        .await
        .context("provisioning the local stack (is it running?)")?;
    let bootstrap = api_auth::ensure_initial_admin(&state).await.map_err(anyhow::Error::msg)?;
    api_auth::announce(&bootstrap);
    let spa_dir =
        std::env::var("AEGIS_SPA_DIR").map(PathBuf::from).unwrap_or_else(|_| PathBuf::from("frontend/dist"));
    let spa = infra::spa::Spa::from_dir(&spa_dir);
    if spa.is_none() {
        tracing::warn!(dir = %spa_dir.display(), "SPA not built; serving the API only");
    }
    infra::background::spawn_schedules(&state);
    infra::background::spawn_snapshot_schedule(&state);
    infra::background::spawn_content_schedule(&state);
    infra::background::spawn_campaign_schedule(&state);
    infra::background::spawn_alert_schedule(&state);
    infra::background::spawn_outbox_sweep(&state);
    let app = infra::app(state.clone(), spa);
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("binding {addr}"))?;
    println!("Aegis is running at http://{addr}/  (API docs: http://{addr}/docs)");
    if let api_auth::Bootstrap::AlreadyPresent = bootstrap {
        println!("Admin login: `{}` (password as printed on first start)", state.config.admin_username);
    }
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
