//! The initial admin account, from `ADMIN_USERNAME` / `ADMIN_PASSWORD`. With no password
//! configured a strong one is generated, stored hashed and printed once; a table-level marker
//! makes this happen exactly once however many instances start together.

use auth::password;
use chrono::Utc;
use domain::Role;
use domain::audit::AuditEntry;
use domain::user::{User, Username};
use uuid::Uuid;
use web::AppState;

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

/// Creates the initial admin unless one was created before; errors are for the log.
pub async fn ensure_initial_admin(state: &AppState) -> Result<Bootstrap, String> {
    let cfg = &state.config;
    let username = Username::parse(&cfg.admin_username).map_err(|e| format!("ADMIN_USERNAME: {e:?}"))?;
    let (secret, generated) = if cfg.admin_password.is_empty() {
        let p = password::generate();
        (p.clone(), Some(p))
    } else {
        let errors = domain::password::check("ADMIN_PASSWORD", &cfg.admin_password);
        if !errors.is_empty() {
            let rules: Vec<_> = errors.iter().map(|e| e.code.as_str()).collect();
            return Err(format!("ADMIN_PASSWORD does not meet the password policy: {}", rules.join(", ")));
        }
        (cfg.admin_password.clone(), None)
    };
    let now = Utc::now();
    let user = User {
        id: Uuid::new_v4(),
        username: username.clone(),
        email: None,
        full_name: Some("Administrator".into()),
        role: Role::Admin,
        is_active: true,
        password_hash: password::hash(&secret).map_err(|e| e.to_string())?,
        created_at: now,
        updated_at: now,
        last_login_at: None,
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
            "\n==================== Initial Admin User Created ====================\n  username: {username}\n  password: {password}\n  Change it after the first login. This is shown only once.\n====================================================================\n"
        );
    }
}
