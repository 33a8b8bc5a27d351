//! Application state: configuration and SDK clients, built once per cold start and shared by
//! every handler through `State<AppState>`.

use crate::Config;
use aws_config::BehaviorVersion;
use std::sync::Arc;
use store::Db;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub s3: aws_sdk_s3::Client,
    pub events: aws_sdk_eventbridge::Client,
    /// Webhook channels' signing secrets.
    pub secrets: aws_sdk_secretsmanager::Client,
    /// The dead-letter queue of failed webhook deliveries.
    pub sqs: aws_sdk_sqs::Client,
    /// Where [`crate::events::publish`] sends events.
    pub dispatch: crate::events::Dispatch,
}

impl AppState {
    /// Loads AWS settings the standard way (`AWS_ENDPOINT_URL_*` reach local stacks) and the
    /// secrets named by ARN in the configuration; a secret that cannot be read fails the start.
    pub async fn from_config(mut config: Config) -> Result<Self, crate::secrets::SecretError> {
        let sdk = aws_config::load_defaults(BehaviorVersion::latest()).await;
        crate::secrets::resolve(&mut config, &sdk).await?;
        Ok(Self::with_sdk(config, &sdk))
    }

    pub fn with_sdk(config: Config, sdk: &aws_config::SdkConfig) -> Self {
        // Path-style keeps presigned URLs valid against local S3 endpoints and bucket names with dots.
        let s3 = aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(sdk).force_path_style(true).build(),
        );
        Self::new(config, aws_sdk_dynamodb::Client::new(sdk), s3, aws_sdk_eventbridge::Client::new(sdk), sdk)
    }

    /// State over explicitly built clients (tests point each at its local endpoint).
    pub fn new(
        config: Config,
        dynamo: aws_sdk_dynamodb::Client,
        s3: aws_sdk_s3::Client,
        events: aws_sdk_eventbridge::Client,
        sdk: &aws_config::SdkConfig,
    ) -> Self {
        let db = Db::new(dynamo, config.table_name.clone());
        Self {
            config: Arc::new(config),
            db,
            s3,
            events,
            secrets: aws_sdk_secretsmanager::Client::new(sdk),
            sqs: aws_sdk_sqs::Client::new(sdk),
            dispatch: crate::events::Dispatch::EventBridge,
        }
    }

    /// The same state, publishing events to an in-process loop.
    pub fn with_dispatch(mut self, dispatch: crate::events::Dispatch) -> Self {
        self.dispatch = dispatch;
        self
    }
}
