//! Configuration from the environment, with the reference product's variable names.

use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    /// A deployed non-production stack: production's cookie and key rules, no strict refusals.
    Staging,
    Production,
}

#[derive(Clone)]
pub struct Config {
    pub env: Environment,
    /// The JWT signing key; filled from Secrets Manager at cold start when
    /// `secret_key_secret_arn` is set (see `AppState::from_config`).
    pub secret_key: String,
    /// `SECRET_KEY_SECRET_ARN`: the Secrets Manager secret holding the signing key (deployed).
    pub secret_key_secret_arn: Option<String>,
    /// `ORIGIN_VERIFY_SECRET_ARN`: the secret CloudFront sends as `x-aegis-origin-verify`.
    pub origin_verify_secret_arn: Option<String>,
    /// The value of that header (from `ORIGIN_VERIFY_SECRET`, or the secret above at cold
    /// start). When set, requests without it are refused and the viewer address header is
    /// trusted for the client IP.
    pub origin_verify: Option<String>,
    /// The S3 origin browsers upload evidence to, for the pages' `connect-src` (locally the
    /// LocalStack endpoint from `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL`).
    pub s3_browser_origin: Option<String>,
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
    /// Single sign-ins started (and, separately, finished) per client IP per minute
    /// (`SSO_RATE_LIMIT_PER_MINUTE`, 60: a whole office behind one address signs in at nine).
    pub sso_rate_limit: u32,
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
    /// Hours between scheduled alert-rule evaluations (`ALERT_EVALUATION_INTERVAL_HOURS`, 1).
    pub alert_evaluation_interval_hours: u64,
    /// Largest report answered in the response body; larger ones go through the bucket
    /// (`REPORT_INLINE_MAX_BYTES`, default 4 MiB, under Lambda's 6 MB response limit).
    pub report_inline_max_bytes: usize,
    /// Reports over the tests of a domain holding more tests than this run as an export job
    /// (`REPORT_JOB_THRESHOLD`, default 5,000): built page by page into the bucket by the
    /// report job, never in the request (API Gateway waits 30 s).
    pub report_job_threshold: u64,
    /// Where each content source syncs from by default (`SOURCE_URL_<KEY>`, e.g.
    /// `SOURCE_URL_ATOMIC_RED_TEAM`; the project's public archive otherwise). Seeded into the
    /// source's settings, where an admin may change it.
    pub source_urls: std::collections::BTreeMap<domain::content::SourceKey, String>,
    /// Seconds a content source's download may take (`SOURCE_FETCH_TIMEOUT_SECONDS`).
    pub source_fetch_timeout_secs: u64,
    /// MFA, API tokens and single sign-on (see [`crate::identity`]).
    pub identity: crate::identity::IdentityConfig,
    /// How alert firings are sent to webhook channels.
    pub webhooks: WebhookConfig,
    /// Days a read notification is kept (`NOTIFICATION_RETENTION_DAYS`, 90).
    pub notification_retention_days: u64,
}

/// Webhook delivery settings.
#[derive(Clone, Debug)]
pub struct WebhookConfig {
    /// Attempts per delivery before it fails (`WEBHOOK_MAX_ATTEMPTS`, 4).
    pub max_attempts: u32,
    /// Wait before the second attempt, doubled for each next one, with jitter
    /// (`WEBHOOK_RETRY_BASE_MS`, 1000).
    pub retry_base_ms: u64,
    /// Seconds one attempt may take (`WEBHOOK_TIMEOUT_SECONDS`, 5).
    pub timeout_secs: u64,
    /// Non-public ranges a channel may still point at (`WEBHOOK_ALLOWED_CIDRS`, none): an
    /// operator's explicit choice, e.g. a receiver inside the VPC.
    pub allowed_ranges: Vec<ipnet::IpNet>,
    /// An extra trusted root certificate, PEM (`WEBHOOK_CA_FILE`): a receiver with a private CA.
    pub ca_file: Option<String>,
    /// Secrets Manager name prefix of the channels' signing secrets
    /// (`ALERT_CHANNEL_SECRET_PREFIX`, `aegis/alert-channels/`).
    pub secret_prefix: String,
    /// SQS queue failed deliveries are sent to (`ALERT_DELIVERY_DLQ_URL`; none: logged only).
    pub dead_letter_queue_url: Option<String>,
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
    #[error("SECRET_KEY or SECRET_KEY_SECRET_ARN must be set when AEGIS_ENV=production")]
    MissingSecretKey,
    #[error("SECRET_KEY must be at least 32 characters in production")]
    WeakSecretKey,
    #[error("SECRET_KEY is the published development key; generate one (openssl rand -hex 32)")]
    PublicSecretKey,
    #[error("MFA_KEY or MFA_KEY_SECRET_ARN must be set for the auth function outside development")]
    MissingMfaKey,
    #[error("{name} must be {expected}, got `{value}`")]
    Invalid { name: &'static str, expected: &'static str, value: String },
}

/// The fixed development key of earlier releases, published in their sources: refused in
/// production. Development without `SECRET_KEY` now gets a random key per process.
const PUBLIC_DEV_SECRET_KEY: &str = "aegis-development-only-secret-key-do-not-deploy";

impl Config {
    pub fn is_production(&self) -> bool {
        self.env == Environment::Production
    }

    /// Cookies carry `Secure` everywhere but in development (plain-HTTP localhost).
    pub fn secure_cookies(&self) -> bool {
        self.env != Environment::Development
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
            Some("staging") => Environment::Staging,
            _ => Environment::Development,
        };
        let secret_key_secret_arn = var("SECRET_KEY_SECRET_ARN");
        let secret_key = match (env, var("SECRET_KEY")) {
            (Environment::Production, Some(k)) if k == PUBLIC_DEV_SECRET_KEY => {
                return Err(ConfigError::PublicSecretKey);
            }
            (Environment::Production, Some(k)) if k.len() < 32 => return Err(ConfigError::WeakSecretKey),
            (_, Some(k)) => k,
            // Read from Secrets Manager at cold start.
            (_, None) if secret_key_secret_arn.is_some() => String::new(),
            (Environment::Production, None) => return Err(ConfigError::MissingSecretKey),
            (_, None) => {
                tracing::warn!(
                    "SECRET_KEY is not set: using a random key for this process (sessions end when it stops)"
                );
                random_key()
            }
        };
        // Production answers no cross-origin request unless told to; development defaults to
        // the Vite dev server.
        let default_origins = match env {
            Environment::Development => "http://localhost:5173,http://127.0.0.1:5173",
            _ => "",
        };
        let cors_origins = get("CORS_ORIGINS")
            .unwrap_or_else(|| default_origins.into())
            .split(',')
            .map(|o| o.trim().to_owned())
            .filter(|o| !o.is_empty())
            .collect();
        Ok(Self {
            env,
            secret_key,
            secret_key_secret_arn,
            origin_verify_secret_arn: var("ORIGIN_VERIFY_SECRET_ARN"),
            origin_verify: var("ORIGIN_VERIFY_SECRET"),
            s3_browser_origin: var("AWS_ENDPOINT_URL_S3").or_else(|| var("AWS_ENDPOINT_URL")),
            access_token_ttl: Duration::from_secs(number("ACCESS_TOKEN_EXPIRE_MINUTES", 15)? * 60),
            cors_origins,
            admin_username: var("ADMIN_USERNAME").unwrap_or_else(|| "admin".into()),
            admin_password: get("ADMIN_PASSWORD").unwrap_or_default(),
            table_name: var("TABLE_NAME").unwrap_or_else(|| "aegis".into()),
            evidence_bucket: var("EVIDENCE_BUCKET").unwrap_or_else(|| "aegis-evidence".into()),
            event_bus_name: var("EVENT_BUS_NAME").unwrap_or_else(|| "aegis-events".into()),
            max_retest_count: number("MAX_RETEST_COUNT", 3)? as u32,
            login_rate_limit: number("LOGIN_RATE_LIMIT_PER_MINUTE", 5)? as u32,
            sso_rate_limit: number("SSO_RATE_LIMIT_PER_MINUTE", 60)? as u32,
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
            alert_evaluation_interval_hours: number("ALERT_EVALUATION_INTERVAL_HOURS", 1)?,
            report_inline_max_bytes: number("REPORT_INLINE_MAX_BYTES", 4 * 1024 * 1024)? as usize,
            report_job_threshold: number("REPORT_JOB_THRESHOLD", 5_000)?,
            source_urls: domain::content::SourceKey::ALL
                .into_iter()
                .map(|k| (k, var(&k.url_setting()).unwrap_or_else(|| k.default_url().into())))
                .collect(),
            source_fetch_timeout_secs: number("SOURCE_FETCH_TIMEOUT_SECONDS", 300)?,
            identity: crate::identity::IdentityConfig::from_lookup(&var, env)?,
            webhooks: WebhookConfig {
                max_attempts: number("WEBHOOK_MAX_ATTEMPTS", 4)?.min(10) as u32,
                retry_base_ms: number("WEBHOOK_RETRY_BASE_MS", 1000)?,
                timeout_secs: number("WEBHOOK_TIMEOUT_SECONDS", 5)?,
                allowed_ranges: match var("WEBHOOK_ALLOWED_CIDRS") {
                    None => Vec::new(),
                    Some(v) => domain::alerts::parse_ranges(&v).map_err(|_| ConfigError::Invalid {
                        name: "WEBHOOK_ALLOWED_CIDRS",
                        expected: "comma separated address ranges",
                        value: v,
                    })?,
                },
                ca_file: var("WEBHOOK_CA_FILE"),
                secret_prefix: var("ALERT_CHANNEL_SECRET_PREFIX")
                    .unwrap_or_else(|| "aegis/alert-channels/".into()),
                dead_letter_queue_url: var("ALERT_DELIVERY_DLQ_URL"),
            },
            notification_retention_days: number("NOTIFICATION_RETENTION_DAYS", 90)?,
        })
    }
}

/// 32 random bytes, hex: the signing key of a development process without `SECRET_KEY`.
fn random_key() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
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
        assert_eq!(
            cfg(&[("AEGIS_ENV", "production"), ("SECRET_KEY", PUBLIC_DEV_SECRET_KEY)]).unwrap_err(),
            ConfigError::PublicSecretKey
        );
        let ok = cfg(&[
            ("AEGIS_ENV", "production"),
            ("SECRET_KEY", &"k".repeat(64)),
            ("MFA_KEY_SECRET_ARN", "arn:m"),
        ])
        .unwrap();
        assert!(ok.is_production());
        assert!(ok.secure_cookies());
        assert!(ok.cors_origins.is_empty(), "no cross-origin access unless configured");
        let from_secret = cfg(&[
            ("AEGIS_ENV", "production"),
            ("SECRET_KEY_SECRET_ARN", "arn:aws:secretsmanager:x"),
            ("MFA_KEY_SECRET_ARN", "arn:m"),
        ])
        .unwrap();
        assert_eq!(from_secret.secret_key, "", "filled from Secrets Manager at cold start");
    }

    #[test]
    fn development_keys_are_random_per_process_and_cookies_plain() {
        let (a, b) = (cfg(&[]).unwrap(), cfg(&[]).unwrap());
        assert_eq!(a.secret_key.len(), 64);
        assert_ne!(a.secret_key, b.secret_key);
        assert!(!a.secure_cookies());
        let staging = cfg(&[("AEGIS_ENV", "staging")]).unwrap();
        assert!(staging.secure_cookies() && !staging.is_production());
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
