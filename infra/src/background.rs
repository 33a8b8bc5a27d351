//! What EventBridge and its rules do on AWS, done in-process for the local runner and the
//! tests: events published by the API are handed to the same handlers the job and consumer
//! functions run, and the schedules of `template.yaml` tick on tokio timers.

use std::time::Duration;
use tokio::sync::mpsc;
use web::AppState;
use web::events::{Dispatch, Envelope};

/// Returns `state` publishing to a new in-process loop, and spawns that loop. Each event is
/// handled on its own task, as separate Lambda invocations would be.
pub fn in_process_events(state: AppState) -> AppState {
    let (tx, mut rx) = mpsc::unbounded_channel::<Envelope>();
    let state = state.with_dispatch(Dispatch::InProcess(tx));
    let handler_state = state.clone();
    tokio::spawn(async move {
        while let Some(event) = rx.recv().await {
            let state = handler_state.clone();
            tokio::spawn(async move { handle(&state, event).await });
        }
    });
    state
}

/// Routes one event to its handler, as the rules in `template.yaml` do.
pub async fn handle(state: &AppState, event: Envelope) {
    let outcome = match event.detail_type.as_str() {
        attack_sync::REQUESTED => {
            attack_sync::handle_event(state, &event.detail_type, &event.detail).await.map(|_| ())
        }
        alerts::REQUESTED | alerts::intel::REQUESTED => {
            job_alerts::handle(state, &event.detail_type, &event.detail, chrono::Utc::now()).await.map(|_| ())
        }
        reports::jobs::REQUESTED => {
            reports::jobs::handle(state, &event.detail).await.map_err(|e| e.to_string()).map(|outcome| {
                tracing::info!(?outcome, "report export");
            })
        }
        content_sync::REQUESTED => {
            content_sync::handle_event(state, &event.detail_type, &event.detail).await.map(|_| ())
        }
        // Everything else is a domain event for the consumer, as the consumer rule routes it.
        _ => consumer::handle(state, &event.detail_type, &event.detail).await.map(|handled| {
            tracing::info!(detail_type = %event.detail_type, ?handled, "event handled");
        }),
    };

    if let Err(e) = outcome {
        tracing::error!(detail_type = %event.detail_type, error = %e, "event handler failed");
    }
}

/// Starts the schedules: the MITRE sync every `MITRE_SYNC_INTERVAL_HOURS`, and once right away
/// when the Enterprise catalog has never been synced.
pub fn spawn_schedules(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        let never_synced =
            matches!(store::catalog::state(&state.db, domain::catalog::DEFAULT_DOMAIN).await, Ok(None));
        if never_synced {
            tracing::info!("the ATT&CK catalog is empty: syncing now");
            tick(&state).await;
        }
        let every = Duration::from_secs(state.config.mitre_sync_interval_hours * 3600);
        let mut timer = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        loop {
            timer.tick().await;
            tick(&state).await;
        }
    });
}

/// The content sources' schedule, as its hourly EventBridge rule runs it on AWS: the sources
/// are seeded at once, and each due source syncs in a run of its own.
pub fn spawn_content_schedule(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(e) =
            store::data_sources::seed(&state.db, &state.config.source_urls, chrono::Utc::now()).await
        {
            tracing::error!(error = %e, "could not seed the data sources");
        }
        let hour = Duration::from_secs(3600);
        let mut timer = tokio::time::interval_at(tokio::time::Instant::now() + hour, hour);
        loop {
            timer.tick().await;
            let scheduled = serde_json::json!({});
            if let Err(e) = content_sync::handle_event(&state, "Scheduled Event", &scheduled).await {
                tracing::error!(error = %e, "scheduled content sync could not start");
            }
        }
    });
}

/// The recurring-campaigns job, as its hourly EventBridge schedule runs it on AWS.
pub fn spawn_campaign_schedule(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        let hour = Duration::from_secs(3600);
        let mut timer = tokio::time::interval_at(tokio::time::Instant::now() + hour, hour);
        loop {
            timer.tick().await;
            match job_campaigns::tick(&state, chrono::Utc::now()).await {
                Ok(t) => tracing::info!(started = t.started.len(), failed = t.failed.len(), "campaign runs"),
                Err(e) => tracing::error!(error = %e, "campaign runs could not be checked"),
            }
        }
    });
}

/// The alert-evaluation job, as its EventBridge schedule runs it on AWS (every
/// `ALERT_EVALUATION_INTERVAL_HOURS`).
pub fn spawn_alert_schedule(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        let every = Duration::from_secs(state.config.alert_evaluation_interval_hours * 3600);
        let mut timer = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        loop {
            timer.tick().await;
            let scheduled = serde_json::json!({});
            match job_alerts::handle(&state, job_alerts::SCHEDULED, &scheduled, chrono::Utc::now()).await {
                Ok(done) => tracing::info!(?done, "alert evaluation"),
                Err(e) => tracing::error!(error = %e, "alert evaluation failed"),
            }
        }
    });
}

/// The daily snapshot job, as its EventBridge schedule runs it on AWS.
pub fn spawn_snapshot_schedule(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        let day = Duration::from_secs(24 * 3600);
        let mut timer = tokio::time::interval_at(tokio::time::Instant::now() + day, day);
        loop {
            timer.tick().await;
            match coverage::snapshot::daily(&state).await {
                Ok((taken, deleted)) => tracing::info!(taken, deleted, "daily snapshots"),
                Err(e) => tracing::error!(error = %e, "daily snapshots failed"),
            }
        }
    });
}

/// The outbox sweep, as its EventBridge schedule runs it on AWS (every five minutes there; every
/// minute here, so a local event a request could not hand over arrives soon).
pub fn spawn_outbox_sweep(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        let every = Duration::from_secs(60);
        let mut timer = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        loop {
            timer.tick().await;
            let sweep = serde_json::json!({});
            match consumer::handle(&state, consumer::OUTBOX_SWEEP, &sweep).await {
                Ok(handled) => tracing::debug!(?handled, "outbox sweep"),
                Err(e) => tracing::error!(error = %e, "outbox sweep failed"),
            }
        }
    });
}

async fn tick(state: &AppState) {
    let scheduled = serde_json::json!({});
    if let Err(e) = attack_sync::handle_event(state, "Scheduled Event", &scheduled).await {
        tracing::error!(error = %e, "scheduled MITRE sync could not start");
    }
}
