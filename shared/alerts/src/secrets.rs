//! The channels' signing secrets in Secrets Manager, one secret per channel named
//! `<ALERT_CHANNEL_SECRET_PREFIX><channel id>`. The value is shown to the admin once (on
//! creation and rotation) and read by the sender for every delivery, so a rotation applies to
//! the next delivery without a restart.

use platform::AppState;
use rand::RngCore;
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
#[error("Secrets Manager: {0}")]
pub struct SecretError(String);

fn err(e: impl std::fmt::Display) -> SecretError {
    SecretError(e.to_string())
}

/// A new signing secret: 32 random bytes, hex, with a prefix that says what it is.
fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("whsec_{}", hex::encode(bytes))
}

/// Creates the secret of a new channel; returns its id (name) and value.
pub async fn create(state: &AppState, channel: Uuid) -> Result<(String, String), SecretError> {
    let name = format!("{}{channel}", state.config.webhooks.secret_prefix);
    let value = generate();
    state
        .secrets
        .create_secret()
        .name(&name)
        .description("Aegis: signing secret of an alert webhook channel")
        .secret_string(&value)
        .send()
        .await
        .map_err(|e| err(aws_sdk_secretsmanager::error::DisplayErrorContext(e)))?;
    Ok((name, value))
}

/// Replaces a channel's secret; returns the new value.
pub async fn rotate(state: &AppState, secret_id: &str) -> Result<String, SecretError> {
    let value = generate();
    state
        .secrets
        .put_secret_value()
        .secret_id(secret_id)
        .secret_string(&value)
        .send()
        .await
        .map_err(|e| err(aws_sdk_secretsmanager::error::DisplayErrorContext(e)))?;
    Ok(value)
}

pub async fn read(state: &AppState, secret_id: &str) -> Result<String, SecretError> {
    let out = state
        .secrets
        .get_secret_value()
        .secret_id(secret_id)
        .send()
        .await
        .map_err(|e| err(aws_sdk_secretsmanager::error::DisplayErrorContext(e)))?;
    out.secret_string().map(str::to_owned).ok_or_else(|| err("the secret holds no string"))
}

/// Schedules a deleted channel's secret for deletion (recoverable for 7 days).
pub async fn delete(state: &AppState, secret_id: &str) -> Result<(), SecretError> {
    state
        .secrets
        .delete_secret()
        .secret_id(secret_id)
        .recovery_window_in_days(7)
        .send()
        .await
        .map_err(|e| err(aws_sdk_secretsmanager::error::DisplayErrorContext(e)))?;
    Ok(())
}
