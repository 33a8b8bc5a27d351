//! Role guards, layered onto routes: `.route_layer(require(state, roles::ADMIN))`. The guard
//! authenticates (401) and checks the role (403) before any handler runs; admin passes every
//! guard. Role sets are named here so routers read like the RBAC table.

use crate::CurrentUser;
use axum::extract::{Request, State};
use axum::middleware::{self, FromFnLayer, Next};
use axum::response::{IntoResponse, Response};
use domain::Role;
use web::{ApiError, AppState};

/// Named role sets used by the routers.
pub mod roles {
    use domain::Role;
    pub const ADMIN: &[Role] = &[Role::Admin];
    pub const ANY: &[Role] = &Role::ALL;
    pub const LEADS: &[Role] = &[Role::RedLead, Role::BlueLead];
    pub const RED: &[Role] = &[Role::RedTech, Role::RedLead];
    pub const BLUE: &[Role] = &[Role::BlueTech, Role::BlueLead];
}

#[derive(Clone)]
pub struct Guard {
    state: AppState,
    allowed: &'static [Role],
    /// Admits a caller who must still change a generated password or enrol a second factor
    /// (only the auth routes that let them do so).
    allow_pending_password: bool,
}

type GuardFn = fn(State<Guard>, Request, Next) -> std::pin::Pin<Box<dyn Future<Output = Response> + Send>>;

/// A layer admitting only authenticated callers whose role is in `allowed` (or admin).
pub fn require(
    state: &AppState,
    allowed: &'static [Role],
) -> FromFnLayer<GuardFn, Guard, (State<Guard>, Request)> {
    let guard = Guard { state: state.clone(), allowed, allow_pending_password: false };
    middleware::from_fn_with_state(guard, check as GuardFn)
}

/// Like [`require`], but also admits a caller whose generated password must still be changed or
/// whose role requires a second factor not yet enrolled: for `me`, `logout`, `change-password`
/// and the TOTP enrolment routes only.
pub fn require_even_before_password_change(
    state: &AppState,
    allowed: &'static [Role],
) -> FromFnLayer<GuardFn, Guard, (State<Guard>, Request)> {
    let guard = Guard { state: state.clone(), allowed, allow_pending_password: true };
    middleware::from_fn_with_state(guard, check as GuardFn)
}

fn check(
    State(guard): State<Guard>,
    req: Request,
    next: Next,
) -> std::pin::Pin<Box<dyn Future<Output = Response> + Send>> {
    Box::pin(async move {
        let (mut parts, body) = req.into_parts();
        let user = match CurrentUser::authenticate(&parts, &guard.state).await {
            Ok(user) => user,
            Err(e) => return e.into_response(),
        };
        if user.profile.must_change_password && !guard.allow_pending_password {
            return ApiError::PasswordChangeRequired.into_response();
        }
        if !guard.allow_pending_password && user.mfa_enrolment_pending(&guard.state) {
            return ApiError::MfaEnrolmentRequired.into_response();
        }
        if !user.role.is_allowed(guard.allowed) {
            let names: Vec<&str> = guard.allowed.iter().map(|r| r.as_str()).collect();
            return ApiError::Forbidden(format!("requires one of the roles: {}", names.join(", ")))
                .into_response();
        }
        parts.extensions.insert(user);
        next.run(Request::from_parts(parts, body)).await
    })
}
