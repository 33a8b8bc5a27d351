//! API tokens as credentials: `aegis_pat_<id>_<secret>` (id: the token's UUID without dashes;
//! secret: 32 random bytes, base64url). Only the SHA-256 of the secret is stored; the secret is
//! 256 random bits, so a fast hash is enough (nothing to brute-force) and a lookup by id keeps
//! verification to one read. A request made with a token acts with the token's role and, for a
//! read-only token, may only read.

use crate::CurrentUser;
use axum::http::Method;
use axum::http::request::Parts;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use domain::identity::may_delegate;
use rand::RngCore;
use rand::rngs::OsRng;
use serde_json::json;
use sha2::{Digest, Sha256};
use store::rate_limit::{self, Decision};
use subtle::ConstantTimeEq;
use uuid::Uuid;
use web::client_ip::ClientIp;
use web::{ApiError, AppState};

pub const PREFIX: &str = "aegis_pat_";

/// How often (seconds) a token's use is stamped and audited at most.
const USAGE_STAMP_SECS: i64 = 60;

/// A new token for `id`: the string shown once and the hash to store.
pub fn generate(id: Uuid) -> (String, String) {
    let mut secret = [0u8; 32];
    OsRng.fill_bytes(&mut secret);
    let secret = URL_SAFE_NO_PAD.encode(secret);
    (format!("{PREFIX}{}_{secret}", id.simple()), hash(&secret))
}

fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// The id and secret of a well-formed token string.
pub fn parse(raw: &str) -> Option<(Uuid, &str)> {
    let rest = raw.strip_prefix(PREFIX)?;
    let (id, secret) = rest.split_once('_')?;
    let id = Uuid::try_parse(id).ok().filter(|_| id.len() == 32)?;
    (secret.len() == 43).then_some((id, secret))
}

/// Whether the method only reads (what a read-only token may call).
pub fn is_read(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Authenticates a request carrying an API token: the token exists, is unexpired and matches;
/// its owner is active and still may hold the token's role; the token's rate limit holds; a
/// read-only token only reads. The use is stamped (and audited) at most once a minute.
pub async fn authenticate(parts: &Parts, state: &AppState, raw: &str) -> Result<CurrentUser, ApiError> {
    let unauthorized = || ApiError::Unauthorized("invalid, expired or revoked API token".into());
    let (id, secret) = parse(raw).ok_or_else(unauthorized)?;
    let (token, owner) = store::api_tokens::get_with_owner(&state.db, id).await?.ok_or_else(unauthorized)?;
    if !bool::from(hash(secret).as_bytes().ct_eq(token.secret_hash.as_bytes())) {
        return Err(unauthorized());
    }
    let owner = owner
        .filter(|u| u.is_active)
        .ok_or_else(|| ApiError::Unauthorized("the token's owner is inactive or gone".into()))?;
    if !may_delegate(owner.role, token.role) {
        return Err(ApiError::Unauthorized("the token's role is above its owner's current role".into()));
    }
    let now = Utc::now();
    let limit = state.config.identity.api_token_rate_limit;
    if let Decision::Limited { retry_after_secs } =
        rate_limit::hit(&state.db, "api_token", &id.to_string(), limit, 60, now.timestamp()).await?
    {
        return Err(ApiError::RateLimited { retry_after_secs });
    }
    if token.read_only && !is_read(&parts.method) {
        return Err(ApiError::Forbidden("this API token is read-only".into()));
    }
    let user = CurrentUser {
        id: owner.id,
        username: owner.username.to_string(),
        role: token.role,
        jti: format!("apitoken:{id}"),
        token_expires_at: token.expires_at,
        api_token: Some(crate::current_user::TokenGrant { id, read_only: token.read_only }),
        profile: owner,
    };
    let ip = ClientIp::of(parts);
    let entry = crate::audit::entry(
        Some(&user),
        &ip,
        "api_token.used",
        "api_token",
        Some(id.to_string()),
        json!({ "name": token.name, "method": parts.method.as_str(), "path": parts.uri.path() }),
    );
    store::api_tokens::touch(&state.db, id, now, &ip.0, USAGE_STAMP_SECS, &entry).await?;
    Ok(user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_tokens_parse_back_and_only_their_secret_matches() {
        let id = Uuid::new_v4();
        let (raw, stored) = generate(id);
        let (back, secret) = parse(&raw).unwrap();
        assert_eq!(back, id);
        assert_eq!(hash(secret), stored);
        assert_ne!(generate(id).1, stored);
        for bad in
            ["", "aegis_pat_", "aegis_pat_x_y", &raw[..raw.len() - 1], &raw.replace("aegis_pat_", "pat_")]
        {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }
}
