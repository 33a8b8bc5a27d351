//! Secrets from AWS Secrets Manager, read once per cold start: the JWT signing key, the
//! origin-verification value CloudFront sends, the MFA key and the OIDC client secret.
//! Deployed functions get only the secrets' ARNs in their environment, so no secret sits in
//! plain text in a function's configuration.

use crate::Config;
use aws_sdk_secretsmanager::Client;

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("reading secret {arn}")]
    Read {
        arn: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    #[error("secret {arn} holds no string value")]
    Empty { arn: String },
    #[error("the signing key in {arn} is shorter than 32 characters")]
    WeakKey { arn: String },
    #[error("the MFA key in {arn} is not 64 hex characters")]
    BadMfaKey { arn: String },
}

/// The string value of one secret.
pub async fn fetch(client: &Client, arn: &str) -> Result<String, SecretError> {
    let out = client
        .get_secret_value()
        .secret_id(arn)
        .send()
        .await
        .map_err(|e| SecretError::Read { arn: arn.to_owned(), source: Box::new(e) })?;
    out.secret_string()
        .map(str::to_owned)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| SecretError::Empty { arn: arn.to_owned() })
}

/// Fills the configuration's secrets named by ARN (no call when none is).
pub async fn resolve(config: &mut Config, sdk: &aws_config::SdkConfig) -> Result<(), SecretError> {
    let oidc_secret_arn = config.identity.oidc.as_ref().and_then(|o| o.client_secret_arn.clone());
    if config.secret_key_secret_arn.is_none()
        && config.origin_verify_secret_arn.is_none()
        && config.identity.mfa_key_secret_arn.is_none()
        && oidc_secret_arn.is_none()
    {
        return Ok(());
    }
    let client = Client::new(sdk);
    if let Some(arn) = config.secret_key_secret_arn.clone()
        && config.secret_key.is_empty()
    {
        let key = fetch(&client, &arn).await?;
        if key.len() < 32 {
            return Err(SecretError::WeakKey { arn });
        }
        config.secret_key = key;
    }
    if let Some(arn) = config.origin_verify_secret_arn.clone() {
        config.origin_verify = Some(fetch(&client, &arn).await?);
    }
    if let Some(arn) = config.identity.mfa_key_secret_arn.clone()
        && config.identity.mfa_key.is_empty()
    {
        let raw = fetch(&client, &arn).await?;
        config.identity.mfa_key =
            crate::identity::parse_mfa_key(&raw).ok_or(SecretError::BadMfaKey { arn })?;
    }
    if let (Some(arn), Some(oidc)) = (oidc_secret_arn, config.identity.oidc.as_mut())
        && oidc.client_secret.is_empty()
    {
        oidc.client_secret = fetch(&client, &arn).await?;
    }
    Ok(())
}
