//! The deploy-time bootstrap, run by CloudFormation as a custom resource when the stack is
//! created or updated: it creates the initial admin with the password CloudFormation generated
//! into Secrets Manager (which the operator reads with one command, docs/DEPLOY.md; it is never
//! logged and must be changed at first sign-in), seeds the content library's data sources, and
//! asks for the first ATT&CK sync so a fresh
//! stack has its catalog within minutes instead of at the next schedule. Doing this here keeps
//! password hashing and table writes out of every API function's cold start.
//!
//! CloudFormation waits for an answer at the request's presigned `ResponseURL`; failures are
//! answered `FAILED` with the reason, so a deploy never hangs for an hour.

use accounts::bootstrap::{Bootstrap, InitialPassword, ensure_initial_admin_with};
use attack_sync::{REQUESTED, SyncRequest};
use aws_lambda_events::event::cloudformation::{
    CloudFormationCustomResourceRequest as Request, CloudFormationCustomResourceResponse as Response,
    CloudFormationCustomResourceResponseStatus as Status,
};
use domain::sync::Trigger;
use platform::AppState;
use platform::events::{Envelope, publish};
use std::collections::HashMap;

/// The one physical id of the bootstrap resource (there is nothing to replace or delete).
pub const PHYSICAL_ID: &str = "aegis-bootstrap";

#[derive(Debug, thiserror::Error)]
pub enum BootstrapError {
    #[error("reading the admin password secret")]
    Secret(#[from] platform::secrets::SecretError),
    #[error("creating the initial admin: {0}")]
    Admin(String),
    #[error("seeding the data sources: {0}")]
    Sources(String),
    #[error("starting the first ATT&CK sync: {0}")]
    Sync(String),
    #[error("answering CloudFormation")]
    Respond(#[from] reqwest::Error),
}

/// What one invocation did, for the custom resource's `Data`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub admin_created: bool,
    pub sync_requested: bool,
}

/// Creates the admin (once per table) and, while the catalog is empty, requests a sync.
pub async fn bootstrap(state: &AppState, admin_password: InitialPassword) -> Result<Outcome, BootstrapError> {
    let admin = ensure_initial_admin_with(state, admin_password).await.map_err(BootstrapError::Admin)?;
    // The content sources, with the URLs this deployment configures (a changed parameter is
    // followed by sources whose URL nobody changed by hand).
    store::data_sources::seed(&state.db, &state.config.source_urls, chrono::Utc::now())
        .await
        .map_err(|e| BootstrapError::Sources(e.to_string()))?;
    let catalog = store::catalog::state(&state.db, domain::catalog::DEFAULT_DOMAIN)
        .await
        .map_err(|e| BootstrapError::Sync(e.to_string()))?;
    let sync_requested = if catalog.is_some() {
        false
    } else {
        let run = attack_sync::start(state, Trigger::Schedule, None)
            .await
            .map_err(|e| BootstrapError::Sync(e.to_string()))?;
        let event = Envelope::new(REQUESTED, SyncRequest { run_id: run.run_id, upload_key: None });
        publish(state, &event).await.map_err(|e| BootstrapError::Sync(e.to_string()))?;
        true
    };
    Ok(Outcome { admin_created: matches!(admin, Bootstrap::Created { .. }), sync_requested })
}

/// Handles one custom-resource request and answers CloudFormation at its `ResponseURL`.
/// `admin_password` is read only for Create and Update; Delete succeeds without touching data
/// (the table is retained with the stack's data).
pub async fn handle<F, Fut>(
    state: &AppState,
    http: &reqwest::Client,
    request: Request,
    admin_password: F,
) -> Result<Response, BootstrapError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<String, platform::secrets::SecretError>>,
{
    let (url, stack_id, request_id, logical_id, work) = match request {
        Request::Create(r) => (r.response_url, r.stack_id, r.request_id, r.logical_resource_id, true),
        Request::Update(r) => (r.response_url, r.stack_id, r.request_id, r.logical_resource_id, true),
        Request::Delete(r) => (r.response_url, r.stack_id, r.request_id, r.logical_resource_id, false),
        _ => return Err(BootstrapError::Admin("unknown custom resource request type".into())),
    };
    let result = if work {
        match admin_password().await {
            Ok(p) => bootstrap(state, InitialPassword::FromSecret(p)).await,
            Err(e) => Err(e.into()),
        }
    } else {
        Ok(Outcome { admin_created: false, sync_requested: false })
    };
    let mut response = Response::default();
    response.physical_resource_id = PHYSICAL_ID.into();
    response.stack_id = stack_id;
    response.request_id = request_id;
    response.logical_resource_id = logical_id;
    match &result {
        Ok(outcome) => {
            response.status = Status::Success;
            response.data = HashMap::from([
                ("AdminCreated".to_owned(), outcome.admin_created.to_string()),
                ("SyncRequested".to_owned(), outcome.sync_requested.to_string()),
            ]);
        }
        Err(e) => {
            tracing::error!(error = ?e, "bootstrap failed");
            response.status = Status::Failed;
            response.reason = Some(format!("{e} (see the bootstrap function's log)"));
        }
    }
    // The presigned URL expects a PUT with an empty content type.
    http.put(&url)
        .header("content-type", "")
        .body(serde_json::to_vec(&response).expect("a plain struct serialises"))
        .send()
        .await?
        .error_for_status()?;
    Ok(response)
}
