//! Identity settings: the TOTP key, the roles that must use a second factor, API-token limits
//! and single sign-on. Kept apart from `config.rs` because they are read and checked together.
//!
//! The TOTP secrets are encrypted at rest with a 32-byte key: `MFA_KEY` (64 hex characters),
//! else the Secrets Manager secret named by `MFA_KEY_SECRET_ARN` (read at cold start), else — in
//! development only — a key derived from `SECRET_KEY`. Only the auth function needs it (and is
//! given it); it refuses to start outside development without one ([`IdentityConfig::check_mfa_key`]).

use crate::config::{ConfigError, Environment};
use domain::Role;
use sha2::{Digest, Sha256};

#[derive(Clone)]
pub struct IdentityConfig {
    /// The key encrypting TOTP secrets and keying recovery-code hashes; empty until a key named
    /// by [`Self::mfa_key_secret_arn`] is fetched at cold start.
    pub mfa_key: Vec<u8>,
    /// `MFA_KEY_SECRET_ARN`: the secret holding the MFA key (hex), deployed.
    pub mfa_key_secret_arn: Option<String>,
    /// `MFA_REQUIRED_ROLES` (e.g. `admin,red_lead`): these roles must enrol before anything else.
    pub mfa_required_roles: Vec<Role>,
    /// `API_TOKEN_RATE_LIMIT_PER_MINUTE`: requests one API token may make per minute.
    pub api_token_rate_limit: u32,
    /// `PASSWORD_LOGIN=false` leaves password sign-in to admins (break-glass) only.
    pub password_login: bool,
    /// Single sign-on, when `OIDC_ISSUER` and `OIDC_CLIENT_ID` are set.
    pub oidc: Option<OidcConfig>,
    env: Environment,
}

/// An OpenID Connect provider (authorization code flow with PKCE).
#[derive(Clone)]
pub struct OidcConfig {
    pub issuer: String,
    pub client_id: String,
    /// `OIDC_CLIENT_SECRET`, or the secret named by `OIDC_CLIENT_SECRET_ARN` (cold start).
    pub client_secret: String,
    pub client_secret_arn: Option<String>,
    /// `OIDC_SCOPES` (default `openid profile email groups`).
    pub scopes: Vec<String>,
    /// `OIDC_ROLE_CLAIM` (default `groups`): the claim holding the provider's group names.
    pub role_claim: String,
    /// `OIDC_ROLE_MAP` (`group=role,...`), in order: the first group the user holds wins.
    pub role_map: Vec<(String, Role)>,
    /// `OIDC_DEFAULT_ROLE`: the role of a user whose groups map to none; unset refuses them.
    pub default_role: Option<Role>,
    /// `OIDC_REDIRECT_URL`: this API's callback as registered with the provider.
    pub redirect_url: String,
    /// `OIDC_POST_LOGIN_URL` (default `/`): where the browser goes after sign-in.
    pub post_login_url: String,
}

impl std::fmt::Debug for IdentityConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdentityConfig")
            .field("mfa_key", &"<redacted>")
            .field("mfa_key_secret_arn", &self.mfa_key_secret_arn)
            .field("mfa_required_roles", &self.mfa_required_roles)
            .field("api_token_rate_limit", &self.api_token_rate_limit)
            .field("password_login", &self.password_login)
            .field("oidc", &self.oidc)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("scopes", &self.scopes)
            .field("role_claim", &self.role_claim)
            .field("role_map", &self.role_map)
            .field("redirect_url", &self.redirect_url)
            .finish_non_exhaustive()
    }
}

impl IdentityConfig {
    /// The MFA key in force (see the module documentation); `None` outside development when
    /// none is configured.
    pub fn mfa_key(&self, secret_key: &str) -> Option<[u8; 32]> {
        if self.mfa_key.len() == 32 {
            let mut key = [0u8; 32];
            key.copy_from_slice(&self.mfa_key);
            return Some(key);
        }
        (self.env == Environment::Development).then(|| {
            Sha256::new()
                .chain_update(b"aegis-mfa-development-key\0")
                .chain_update(secret_key)
                .finalize()
                .into()
        })
    }

    /// For the function that seals and opens TOTP secrets: refuses a deployed configuration
    /// without an MFA key.
    pub fn check_mfa_key(&self) -> Result<(), ConfigError> {
        match self.mfa_key("").is_some() {
            true => Ok(()),
            false => Err(ConfigError::MissingMfaKey),
        }
    }

    /// Whether a user of `role` must have a second factor.
    pub fn mfa_required(&self, role: Role) -> bool {
        self.mfa_required_roles.contains(&role)
    }

    pub(crate) fn from_lookup(
        var: &dyn Fn(&str) -> Option<String>,
        env: Environment,
    ) -> Result<Self, ConfigError> {
        let mfa_key_secret_arn = var("MFA_KEY_SECRET_ARN");
        let mfa_key = match var("MFA_KEY") {
            Some(hex_key) => parse_key(&hex_key).ok_or(ConfigError::Invalid {
                name: "MFA_KEY",
                expected: "64 hex characters",
                value: "<redacted>".into(),
            })?,
            None => Vec::new(),
        };
        let mfa_required_roles = roles("MFA_REQUIRED_ROLES", var("MFA_REQUIRED_ROLES").as_deref())?;
        let api_token_rate_limit = match var("API_TOKEN_RATE_LIMIT_PER_MINUTE") {
            None => 120,
            Some(v) => v.parse::<u32>().ok().filter(|n| *n > 0).ok_or(ConfigError::Invalid {
                name: "API_TOKEN_RATE_LIMIT_PER_MINUTE",
                expected: "a positive integer",
                value: v,
            })?,
        };
        let password_login = match var("PASSWORD_LOGIN").as_deref() {
            None | Some("true") => true,
            Some("false") => false,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "PASSWORD_LOGIN",
                    expected: "true or false",
                    value: other.into(),
                });
            }
        };
        let oidc = OidcConfig::from_lookup(var)?;
        if !password_login && oidc.is_none() {
            return Err(ConfigError::Invalid {
                name: "PASSWORD_LOGIN",
                expected: "true unless OIDC_ISSUER and OIDC_CLIENT_ID are set",
                value: "false".into(),
            });
        }
        Ok(Self {
            mfa_key,
            mfa_key_secret_arn,
            mfa_required_roles,
            api_token_rate_limit,
            password_login,
            oidc,
            env,
        })
    }
}

impl OidcConfig {
    fn from_lookup(var: &dyn Fn(&str) -> Option<String>) -> Result<Option<Self>, ConfigError> {
        let (Some(issuer), Some(client_id)) = (var("OIDC_ISSUER"), var("OIDC_CLIENT_ID")) else {
            return Ok(None);
        };
        let role_map = match var("OIDC_ROLE_MAP") {
            None => Vec::new(),
            Some(raw) => raw
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|pair| {
                    let (group, role) = pair.rsplit_once('=').ok_or_else(|| invalid_map(&raw))?;
                    let role = role.trim().parse::<Role>().map_err(|_| invalid_map(&raw))?;
                    Ok((group.trim().to_owned(), role))
                })
                .collect::<Result<_, ConfigError>>()?,
        };
        let default_role = match var("OIDC_DEFAULT_ROLE") {
            None => None,
            Some(r) => Some(r.parse::<Role>().map_err(|_| ConfigError::Invalid {
                name: "OIDC_DEFAULT_ROLE",
                expected: "one of the six role names",
                value: r,
            })?),
        };
        Ok(Some(Self {
            issuer,
            client_id,
            client_secret: var("OIDC_CLIENT_SECRET").unwrap_or_default(),
            client_secret_arn: var("OIDC_CLIENT_SECRET_ARN"),
            scopes: var("OIDC_SCOPES")
                .unwrap_or_else(|| "openid profile email groups".into())
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
            role_claim: var("OIDC_ROLE_CLAIM").unwrap_or_else(|| "groups".into()),
            role_map,
            default_role,
            redirect_url: var("OIDC_REDIRECT_URL")
                .unwrap_or_else(|| "http://127.0.0.1:8000/api/v1/auth/oidc/callback".into()),
            post_login_url: var("OIDC_POST_LOGIN_URL").unwrap_or_else(|| "/".into()),
        }))
    }
}

fn invalid_map(raw: &str) -> ConfigError {
    ConfigError::Invalid {
        name: "OIDC_ROLE_MAP",
        expected: "group=role pairs separated by commas",
        value: raw.into(),
    }
}

fn parse_key(hex_key: &str) -> Option<Vec<u8>> {
    hex::decode(hex_key.trim()).ok().filter(|k| k.len() == 32)
}

/// The key in a fetched secret: 64 hex characters.
pub fn parse_mfa_key(secret: &str) -> Option<Vec<u8>> {
    parse_key(secret)
}

fn roles(name: &'static str, raw: Option<&str>) -> Result<Vec<Role>, ConfigError> {
    raw.unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| {
            r.parse::<Role>().map_err(|_| ConfigError::Invalid {
                name,
                expected: "role names separated by commas",
                value: raw.unwrap_or("").into(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn identity(env: Environment, vars: &[(&str, &str)]) -> Result<IdentityConfig, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        IdentityConfig::from_lookup(&|k| map.get(k).cloned(), env)
    }

    #[test]
    fn a_deployed_stack_needs_an_mfa_key_and_development_derives_one() {
        let prod = identity(Environment::Production, &[]).unwrap();
        assert_eq!(prod.mfa_key("a"), None);
        assert_eq!(prod.check_mfa_key(), Err(ConfigError::MissingMfaKey));
        assert!(identity(Environment::Production, &[("MFA_KEY", "00")]).is_err(), "too short");
        let dev = identity(Environment::Development, &[]).unwrap();
        assert!(dev.check_mfa_key().is_ok());
        assert_eq!(dev.mfa_key("a"), dev.mfa_key("a"));
        assert_ne!(dev.mfa_key("a"), dev.mfa_key("b"), "derived from the signing key");
        let set = identity(Environment::Staging, &[("MFA_KEY", &"ab".repeat(32))]).unwrap();
        assert_eq!(set.mfa_key("a"), Some([0xab; 32]));
    }

    #[test]
    fn required_roles_and_the_role_map_are_parsed() {
        let c = identity(
            Environment::Development,
            &[
                ("MFA_REQUIRED_ROLES", "admin, red_lead"),
                ("OIDC_ISSUER", "http://127.0.0.1:1/"),
                ("OIDC_CLIENT_ID", "aegis"),
                ("OIDC_ROLE_MAP", "aegis-admins=admin,red=red_tech"),
            ],
        )
        .unwrap();
        assert!(
            c.mfa_required(Role::Admin) && c.mfa_required(Role::RedLead) && !c.mfa_required(Role::Viewer)
        );
        let oidc = c.oidc.unwrap();
        assert_eq!(
            oidc.role_map,
            [("aegis-admins".to_owned(), Role::Admin), ("red".to_owned(), Role::RedTech)]
        );
        assert_eq!(oidc.role_claim, "groups");
        assert!(identity(Environment::Development, &[("MFA_REQUIRED_ROLES", "root")]).is_err());
        assert!(identity(Environment::Development, &[("PASSWORD_LOGIN", "false")]).is_err(), "SSO needed");
    }
}
