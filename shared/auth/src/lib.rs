//! Authentication and authorisation: argon2id password hashes, HS256 JWTs with a `jti` that
//! logout revokes, API tokens, second-factor challenges, the [`CurrentUser`] extractor (cookie
//! or Bearer), and role guards that are declared on the route, next to it, so the RBAC table
//! reads from the routers.

pub mod api_token;
pub mod audit;
pub mod current_user;
pub mod guard;
pub mod token;
pub mod views;

pub use current_user::CurrentUser;
pub use guard::require;
pub use views::UserView;

// Hashing and the initial administrator live in `accounts` (no HTTP) so jobs can use them.
pub use accounts::{bootstrap, mfa, password};
