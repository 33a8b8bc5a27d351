//! Configuration from the environment, with the reference product's variable names.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Clone)]
pub struct Config {
    pub env: Environment,
    pub secret_key: String,
    pub access_token_ttl: Duration,
    pub cors_origins: Vec<String>,
    pub admin_username: String,
    /// Empty means: generate a strong one and print it once.
    pub admin_password: String,
    pub table_name: String,
    pub evidence_bucket: String,
    pub event_bus_name: String,
    pub max_retest_count: u32,
    /// Login attempts allowed per client IP per minute.
    pub login_rate_limit: u32,
    /// TAXII 2.1 API root of the ATT&CK server; empty disables TAXII (bundle URL only).
    pub attack_taxii_url: String,
    /// TAXII collection holding Enterprise ATT&CK.
    pub attack_taxii_collection: String,
    /// Fallback: a STIX bundle (JSON, optionally gzipped) over http(s) or `file://`.
    pub attack_bundle_url: String,
    /// Hours between scheduled MITRE syncs.
    pub mitre_sync_interval_hours: u64,
    /// Seconds one TAXII page or the bundle download may take before the source counts as failed.
    pub attack_fetch_timeout_secs: u64,
    /// Default scoring weights (`SCORING_WEIGHT_*`); an admin may override them at runtime.
    pub scoring_weights: domain::scoring::Weights,
    /// Days coverage snapshots are kept.
    pub snapshot_retention_days: u64,
}

/// MITRE's public TAXII 2.1 server and its Enterprise collection.
pub const DEFAULT_TAXII_URL: &str = "https://attack-taxii.mitre.org/api/v21/";
pub const DEFAULT_TAXII_COLLECTION: &str = "x-mitre-collection--1f5f1533-f617-4ca8-9ab4-6a02367fa019";
pub const DEFAULT_BUNDLE_URL: &str = "https://raw.githubusercontent.com/mitre-attack/attack-stix-data/master/enterprise-attack/enterprise-attack.json";

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("env", &self.env)
            .field("secret_key", &"<redacted>")
            .field("access_token_ttl", &self.access_token_ttl)
            .field("cors_origins", &self.cors_origins)
            .field("admin_username", &self.admin_username)
            .field("table_name", &self.table_name)
            .field("evidence_bucket", &self.evidence_bucket)
            .field("event_bus_name", &self.event_bus_name)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("SECRET_KEY must be set when AEGIS_ENV=production")]
    MissingSecretKey,
    #[error("SECRET_KEY must be at least 32 characters in production")]
    WeakSecretKey,
    #[error("{name} must be {expected}, got `{value}`")]
    Invalid { name: &'static str, expected: &'static str, value: String },
}

/// The development signing key; refused in production, loudly logged elsewhere.
const DEV_SECRET_KEY: &str = "aegis-development-only-secret-key-do-not-deploy";

impl Config {
    pub fn is_production(&self) -> bool {
        self.env == Environment::Production
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Builds the configuration from any variable source (tests pass a map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |k: &str| get(k).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let number = |name: &'static str, default: u64| -> Result<u64, ConfigError> {
            match var(name) {
                None => Ok(default),
                Some(v) => v.parse::<u64>().ok().filter(|n| *n > 0).ok_or(ConfigError::Invalid {
                    name,
                    expected: "a positive integer",
                    value: v,
                }),
            }
        };
        let env = match var("AEGIS_ENV").as_deref() {
            Some("production") => Environment::Production,
            _ => Environment::Development,
        };
        let secret_key = match (env, var("SECRET_KEY")) {
            (Environment::Production, None) => return Err(ConfigError::MissingSecretKey),
            (Environment::Production, Some(k)) if k.len() < 32 => return Err(ConfigError::WeakSecretKey),
            (_, Some(k)) => k,
            (Environment::Development, None) => {
                tracing::warn!(
                    "SECRET_KEY is not set: using the development key (never do this in production)"
                );
                DEV_SECRET_KEY.to_owned()
            }
        };
        let cors_origins = var("CORS_ORIGINS")
            .unwrap_or_else(|| "http://localhost:5173,http://127.0.0.1:5173".into())
            .split(',')
            .map(|o| o.trim().to_owned())
            .filter(|o| !o.is_empty())
            .collect();
        Ok(Self {
            env,
            secret_key,
            access_token_ttl: Duration::from_secs(number("ACCESS_TOKEN_EXPIRE_MINUTES", 15)? * 60),
            cors_origins,
            admin_username: var("ADMIN_USERNAME").unwrap_or_else(|| "admin".into()),
            admin_password: get("ADMIN_PASSWORD").unwrap_or_default(),
            table_name: var("TABLE_NAME").unwrap_or_else(|| "aegis".into()),
            evidence_bucket: var("EVIDENCE_BUCKET").unwrap_or_else(|| "aegis-evidence".into()),
            event_bus_name: var("EVENT_BUS_NAME").unwrap_or_else(|| "aegis-events".into()),
            max_retest_count: number("MAX_RETEST_COUNT", 3)? as u32,
            login_rate_limit: number("LOGIN_RATE_LIMIT_PER_MINUTE", 5)? as u32,
            // Unlike the other settings, an empty TAXII URL is meaningful (TAXII off).
            attack_taxii_url: get("ATTACK_TAXII_URL").unwrap_or_else(|| DEFAULT_TAXII_URL.into()),
            attack_taxii_collection: var("ATTACK_TAXII_COLLECTION")
                .unwrap_or_else(|| DEFAULT_TAXII_COLLECTION.into()),
            attack_bundle_url: var("ATTACK_BUNDLE_URL").unwrap_or_else(|| DEFAULT_BUNDLE_URL.into()),
            mitre_sync_interval_hours: number("MITRE_SYNC_INTERVAL_HOURS", 24)?.max(1),
            attack_fetch_timeout_secs: number("ATTACK_FETCH_TIMEOUT_SECONDS", 300)?,
            scoring_weights: {
                let d = domain::scoring::Weights::default();
                // 0 is a valid weight, so these are read without the positive-number rule.
                let weight = |name: &'static str, default: u32| -> Result<u32, ConfigError> {
                    match var(name) {
                        None => Ok(default),
                        Some(v) => v.parse::<u32>().ok().filter(|n| *n <= 100).ok_or(ConfigError::Invalid {
                            name,
                            expected: "an integer from 0 to 100",
                            value: v,
                        }),
                    }
                };
                domain::scoring::Weights {
                    tests: weight("SCORING_WEIGHT_TESTS", d.tests)?,
                    detection_rules: weight("SCORING_WEIGHT_DETECTION_RULES", d.detection_rules)?,
                    d3fend: weight("SCORING_WEIGHT_D3FEND", d.d3fend)?,
                    freshness: weight("SCORING_WEIGHT_FRESHNESS", d.freshness)?,
                    platform_diversity: weight("SCORING_WEIGHT_PLATFORM_DIVERSITY", d.platform_diversity)?,
                }
            },
            snapshot_retention_days: number("SNAPSHOT_RETENTION_DAYS", 365)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn cfg(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn production_refuses_to_start_without_a_strong_secret_key() {
        assert_eq!(cfg(&[("AEGIS_ENV", "production")]).unwrap_err(), ConfigError::MissingSecretKey);
        assert_eq!(
            cfg(&[("AEGIS_ENV", "production"), ("SECRET_KEY", "short")]).unwrap_err(),
            ConfigError::WeakSecretKey
        );
        let ok = cfg(&[("AEGIS_ENV", "production"), ("SECRET_KEY", &"k".repeat(64))]).unwrap();
        assert!(ok.is_production());
    }

    #[test]
    fn defaults_follow_the_reference() {
        let c = cfg(&[]).unwrap();
        assert_eq!(c.access_token_ttl, Duration::from_secs(15 * 60));
        assert_eq!(c.admin_username, "admin");
        assert_eq!(c.max_retest_count, 3);
        assert!(!c.is_production());
        let c = cfg(&[
            ("ACCESS_TOKEN_EXPIRE_MINUTES", "60"),
            ("CORS_ORIGINS", "https://a.example, https://b.example"),
        ])
        .unwrap();
        assert_eq!(c.access_token_ttl, Duration::from_secs(3600));
        assert_eq!(c.cors_origins, ["https://a.example", "https://b.example"]);
        assert!(cfg(&[("ACCESS_TOKEN_EXPIRE_MINUTES", "soon")]).is_err());
    }
}
