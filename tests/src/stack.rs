//! The local stack as tests see it. Endpoints come from the environment `make test` exports
//! (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_DYNAMODB`), defaulting to the ports
//! `localstack/start.sh` uses, so `cargo nextest run` works against a stack started by hand.

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_dynamodb::config::Credentials;
use tokio::sync::OnceCell;
use uuid::Uuid;

pub const DEFAULT_LOCALSTACK: &str = "http://127.0.0.1:4566";
pub const DEFAULT_DYNAMODB: &str = "http://127.0.0.1:8001";

#[derive(Clone, Debug)]
pub struct Stack {
    pub sdk: SdkConfig,
    pub localstack: String,
    pub dynamodb: String,
}

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).ok().filter(|v| !v.is_empty()).unwrap_or_else(|| default.to_owned())
}

static STACK: OnceCell<Stack> = OnceCell::const_new();

/// The shared stack handle; the endpoints are also exported so that code under test loading
/// its own SDK config (the Lambda binaries) reaches the same stack.
pub async fn stack() -> &'static Stack {
    STACK
        .get_or_init(|| async {
            let localstack = env_or("AWS_ENDPOINT_URL", DEFAULT_LOCALSTACK);
            let dynamodb = env_or("AWS_ENDPOINT_URL_DYNAMODB", DEFAULT_DYNAMODB);
            let sdk = aws_config::defaults(BehaviorVersion::latest())
                .region(Region::new(env_or("AWS_REGION", "us-east-1")))
                .credentials_provider(Credentials::new("test", "test", None, None, "aegis-tests"))
                .endpoint_url(&localstack)
                .load()
                .await;
            let dynamo_conf = aws_sdk_dynamodb::config::Builder::from(&sdk).endpoint_url(&dynamodb).build();
            let probe = aws_sdk_dynamodb::Client::from_conf(dynamo_conf).list_tables().limit(1).send().await;
            assert!(
                probe.is_ok(),
                "DynamoDB Local is not reachable at {dynamodb}: start the stack with `localstack/start.sh` (make test does): {probe:?}"
            );
            Stack { sdk, localstack, dynamodb }
        })
        .await
}

impl Stack {
    pub fn dynamodb_client(&self) -> aws_sdk_dynamodb::Client {
        aws_sdk_dynamodb::Client::from_conf(
            aws_sdk_dynamodb::config::Builder::from(&self.sdk).endpoint_url(&self.dynamodb).build(),
        )
    }

    /// Application state on this stack with a fresh table and bucket, built from `config`.
    pub async fn app_state(&self, mut config: web::Config) -> web::AppState {
        config.table_name = self.fresh_table().await;
        config.evidence_bucket = self.fresh_bucket().await;
        config.event_bus_name = format!("aegis-test-{}", Uuid::new_v4().simple());
        let events = aws_sdk_eventbridge::Client::new(&self.sdk);
        store::provision::ensure_bus(&events, &config.event_bus_name).await.expect("create test bus");
        web::AppState::new(config, self.dynamodb_client(), self.s3_client(), events, &self.sdk)
    }

    /// Environment for a process (a Lambda binary, the runner) to reach this stack.
    pub fn env(&self) -> Vec<(String, String)> {
        vec![
            ("AWS_ENDPOINT_URL".into(), self.localstack.clone()),
            ("AWS_ENDPOINT_URL_DYNAMODB".into(), self.dynamodb.clone()),
            ("AWS_REGION".into(), "us-east-1".into()),
            ("AWS_ACCESS_KEY_ID".into(), "test".into()),
            ("AWS_SECRET_ACCESS_KEY".into(), "test".into()),
        ]
    }

    /// Creates a fresh table from template.yaml's definition; its name is unique to the caller.
    pub async fn fresh_table(&self) -> String {
        let name = format!("aegis-test-{}", Uuid::new_v4().simple());
        store::provision::ensure_table(&self.dynamodb_client(), &name).await.expect("create test table");
        name
    }

    pub fn s3_client(&self) -> aws_sdk_s3::Client {
        aws_sdk_s3::Client::from_conf(
            aws_sdk_s3::config::Builder::from(&self.sdk).force_path_style(true).build(),
        )
    }

    /// Creates a fresh bucket; its name is unique to the caller.
    pub async fn fresh_bucket(&self) -> String {
        let name = format!("aegis-test-{}", &Uuid::new_v4().simple().to_string()[..20]);
        store::provision::ensure_bucket(&self.s3_client(), &name).await.expect("create test bucket");
        name
    }
}
