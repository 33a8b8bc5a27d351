//! Access tokens: HS256 JWTs carrying the user id, role and a unique `jti`. Only HS256 is
//! accepted on the way in, so `alg: none` and algorithm-confusion tokens fail verification.

use chrono::Utc;
use domain::Role;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const COOKIE_NAME: &str = "aegis_token";
pub const ISSUER: &str = "aegis";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    pub username: String,
    pub role: Role,
    pub jti: String,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
}

/// Issues a token for the user, valid for `ttl`.
pub fn issue(
    secret: &str,
    user_id: Uuid,
    username: &str,
    role: Role,
    ttl: std::time::Duration,
) -> (String, Claims) {
    let now = Utc::now().timestamp();
    let claims = Claims {
        sub: user_id,
        username: username.to_owned(),
        role,
        jti: Uuid::new_v4().to_string(),
        iat: now,
        exp: now + ttl.as_secs() as i64,
        iss: ISSUER.to_owned(),
    };
    let token = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("HS256 encoding of plain claims cannot fail");
    (token, claims)
}

/// Verifies signature, algorithm, issuer and expiry (no leeway: expiry is exact).
pub fn verify(secret: &str, token: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 0;
    validation.set_issuer(&[ISSUER]);
    validation.set_required_spec_claims(&["exp", "sub", "iss"]);
    jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_secret(secret.as_bytes()), &validation)
        .map(|d| d.claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const KEY: &str = "test-key-test-key-test-key-test-key";

    #[test]
    fn issued_tokens_verify_and_carry_the_claims() {
        let id = Uuid::new_v4();
        let (token, claims) = issue(KEY, id, "alice", Role::RedTech, Duration::from_secs(60));
        let back = verify(KEY, &token).unwrap();
        assert_eq!(back, claims);
        assert_eq!(back.sub, id);
        assert!(verify("another-key-another-key-another-key", &token).is_err());
    }

    #[test]
    fn unsigned_and_expired_tokens_fail() {
        let (token, _) = issue(KEY, Uuid::new_v4(), "alice", Role::Admin, Duration::from_secs(60));
        let mut parts = token.split('.');
        let (_, payload) = (parts.next().unwrap(), parts.next().unwrap());
        // {"alg":"none","typ":"JWT"}
        let none = format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}.");
        assert!(verify(KEY, &none).is_err());
        let (expired, _) = issue(KEY, Uuid::new_v4(), "alice", Role::Admin, Duration::from_secs(0));
        std::thread::sleep(Duration::from_millis(1100));
        assert!(verify(KEY, &expired).is_err());
    }
}
