//! Access tokens: HS256 JWTs carrying the user id, role and a unique `jti`. Only HS256 is
//! accepted on the way in, so `alg: none` and algorithm-confusion tokens fail verification.

use chrono::Utc;
use domain::Role;
use domain::ids::UserId;
use domain::user::User;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const COOKIE_NAME: &str = "aegis_token";
pub const ISSUER: &str = "aegis";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    pub sub: UserId,
    pub username: String,
    pub role: Role,
    pub jti: String,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    /// The user's session generation at issue time; see `User::session_generation`.
    #[serde(default)]
    pub session_gen: u64,
}

/// Issues a token for the user, valid for `ttl`.
pub fn issue(secret: &str, user: &User, ttl: std::time::Duration) -> (String, Claims) {
    let now = Utc::now().timestamp();
    let claims = Claims {
        sub: user.id,
        username: user.username.to_string(),
        role: user.role,
        session_gen: user.session_generation,
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

/// Issuer of second-factor challenges: a token of this issuer is no session (session
/// verification requires [`ISSUER`]) and a session token is no challenge.
pub const MFA_ISSUER: &str = "aegis-mfa";

/// A short-lived challenge proving the password step of `user`'s sign-in, for
/// `POST /auth/login/mfa` only.
pub fn issue_mfa_challenge(secret: &str, user: &User, ttl: std::time::Duration) -> (String, Claims) {
    let now = Utc::now().timestamp();
    let claims = Claims {
        sub: user.id,
        username: user.username.to_string(),
        role: user.role,
        session_gen: user.session_generation,
        jti: Uuid::new_v4().to_string(),
        iat: now,
        exp: now + ttl.as_secs() as i64,
        iss: MFA_ISSUER.to_owned(),
    };
    let token = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("HS256 encoding of plain claims cannot fail");
    (token, claims)
}

/// Verifies a second-factor challenge (signature, issuer [`MFA_ISSUER`], expiry).
pub fn verify_mfa_challenge(secret: &str, token: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
    verify_with_issuer(secret, token, MFA_ISSUER)
}

/// Verifies signature, algorithm, issuer and expiry (no leeway: expiry is exact).
pub fn verify(secret: &str, token: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
    verify_with_issuer(secret, token, ISSUER)
}

fn verify_with_issuer(
    secret: &str,
    token: &str,
    issuer: &str,
) -> Result<Claims, jsonwebtoken::errors::Error> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.leeway = 0;
    validation.set_issuer(&[issuer]);
    validation.set_required_spec_claims(&["exp", "sub", "iss"]);
    jsonwebtoken::decode::<Claims>(token, &DecodingKey::from_secret(secret.as_bytes()), &validation)
        .map(|d| d.claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::Role;
    use std::time::Duration;

    fn user(role: Role) -> User {
        let now = Utc::now();
        User {
            id: domain::ids::UserId::random(),
            username: domain::user::Username::parse("alice").unwrap(),
            email: None,
            full_name: None,
            role,
            is_active: true,
            password_hash: String::new(),
            created_at: now,
            updated_at: now,
            last_login_at: None,
            version: 1,
            session_generation: 7,
            must_change_password: false,
            mfa_enabled: false,
        }
    }

    const KEY: &str = "test-key-test-key-test-key-test-key";

    #[test]
    fn issued_tokens_verify_and_carry_the_claims() {
        let alice = user(Role::RedTech);
        let (token, claims) = issue(KEY, &alice, Duration::from_secs(60));
        let back = verify(KEY, &token).unwrap();
        assert_eq!(back, claims);
        assert_eq!(back.sub, alice.id);
        assert_eq!(back.session_gen, 7, "the session generation travels in the token");
        assert!(verify("another-key-another-key-another-key", &token).is_err());
    }

    #[test]
    fn challenges_and_sessions_are_not_interchangeable() {
        let alice = user(Role::Admin);
        let (challenge, _) = issue_mfa_challenge(KEY, &alice, Duration::from_secs(60));
        assert!(verify(KEY, &challenge).is_err(), "a challenge is no session");
        assert_eq!(verify_mfa_challenge(KEY, &challenge).unwrap().sub, alice.id);
        let (session, _) = issue(KEY, &alice, Duration::from_secs(60));
        assert!(verify_mfa_challenge(KEY, &session).is_err(), "a session is no challenge");
    }

    #[test]
    fn unsigned_and_expired_tokens_fail() {
        let (token, _) = issue(KEY, &user(Role::Admin), Duration::from_secs(60));
        let mut parts = token.split('.');
        let (_, payload) = (parts.next().unwrap(), parts.next().unwrap());
        // {"alg":"none","typ":"JWT"}
        let none = format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}.");
        assert!(verify(KEY, &none).is_err());
        let (expired, _) = issue(KEY, &user(Role::Admin), Duration::from_secs(0));
        std::thread::sleep(Duration::from_millis(1100));
        assert!(verify(KEY, &expired).is_err());
    }
}
