//! The initial admin account, from `ADMIN_USERNAME` and a password that is configured
//! (`ADMIN_PASSWORD`), read from Secrets Manager (deployed: the bootstrap function) or generated
//! and printed once (the local runner). A table-level marker makes this happen exactly once
//! however many instances start together. It runs outside the request path: at the local
//! runner's start and in the deployed stack's bootstrap custom resource, never on a cold start.
//! A password nobody chose (generated, or from the stack's secret) must be changed at first
//! sign-in.

use crate::password;
use chrono::Utc;
use domain::Role;
use domain::audit::AuditEntry;
use domain::user::{User, Username};
use platform::AppState;
use uuid::Uuid;

/// What the bootstrap did, for the caller to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bootstrap {
    /// Created now; `generated_password` is set when it was generated (shown only this once).
    Created {
        username: String,
        generated_password: Option<String>,
    },
    AlreadyPresent,
}

/// Where the initial admin's password comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InitialPassword {
    /// Chosen by the operator (`ADMIN_PASSWORD`): kept as it is.
    Configured(String),
    /// Generated into the stack's secret: must be changed at first sign-in.
    FromSecret(String),
    /// Generate one now, shown once: must be changed at first sign-in.
    Generate,
}

impl InitialPassword {
    /// `ADMIN_PASSWORD` when set, else a generated one.
    pub fn from_config(config: &platform::Config) -> Self {
        if config.admin_password.is_empty() {
            InitialPassword::Generate
        } else {
            InitialPassword::Configured(config.admin_password.clone())
        }
    }
}

/// Creates the initial admin (password from the configuration) unless one was created before.
pub async fn ensure_initial_admin(state: &AppState) -> Result<Bootstrap, String> {
    ensure_initial_admin_with(state, InitialPassword::from_config(&state.config)).await
}

/// Creates the initial admin with the given password source unless one was created before;
/// errors are for the log.
pub async fn ensure_initial_admin_with(
    state: &AppState,
    source: InitialPassword,
) -> Result<Bootstrap, String> {
    let cfg = &state.config;
    let username = Username::parse(&cfg.admin_username).map_err(|e| format!("ADMIN_USERNAME: {e:?}"))?;
    let (secret, generated, must_change_password) = match source {
        InitialPassword::Generate => {
            let p = password::generate();
            (p.clone(), Some(p), true)
        }
        InitialPassword::Configured(p) => (p, None, false),
        InitialPassword::FromSecret(p) => (p, None, true),
    };
    let broken: Vec<String> = domain::password::check("", &secret).into_iter().map(|e| e.code).collect();
    if !broken.is_empty() {
        return Err(format!("the admin password does not meet the password policy: {}", broken.join(", ")));
    }
    let now = Utc::now();
    let user = User {
        id: domain::ids::UserId::random(),
        username: username.clone(),
        email: None,
        full_name: Some("Administrator".into()),
        role: Role::Admin,
        is_active: true,
        password_hash: password::hash(&secret).map_err(|e| e.to_string())?,
        created_at: now,
        updated_at: now,
        last_login_at: None,
        session_generation: 0,
        must_change_password,
        mfa_enabled: false,
        version: 1,
    };
    let entry = AuditEntry {
        id: Uuid::new_v4(),
        at: now,
        actor_id: None,
        actor_username: None,
        action: "user.bootstrap_admin".into(),
        target_type: "user".into(),
        target_id: Some(user.id.to_string()),
        ip: None,
        summary: serde_json::json!({ "username": username.as_str(), "role": "admin" }),
    };
    if store::users::create_initial_admin(&state.db, &user, &entry).await.map_err(|e| e.to_string())? {
        Ok(Bootstrap::Created { username: username.to_string(), generated_password: generated })
    } else {
        Ok(Bootstrap::AlreadyPresent)
    }
}

/// Prints the once-only announcement the reference's operators grep for.
pub fn announce(outcome: &Bootstrap) {
    if let Bootstrap::Created { username, generated_password } = outcome {
        let password = generated_password.as_deref().unwrap_or("(the configured ADMIN_PASSWORD)");
        println!(
            "\n==================== Initial Admin User Created ====================\n  username: {username}\n  password: {password}\n  It must be changed at the first sign-in. This is shown only once.\n====================================================================\n"
        );
    }
}
