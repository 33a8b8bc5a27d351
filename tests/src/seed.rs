//! Seeding users straight into the store, for tests whose subject is not user creation.

use chrono::Utc;
use domain::Role;
use domain::audit::AuditEntry;
use domain::user::{User, Username};
use uuid::Uuid;
use web::AppState;

/// A password that meets the policy; every seeded user has it.
pub const PASSWORD: &str = "Seeded-Passw0rd!";

/// Creates an active user with `role` and returns it with a valid access token.
pub async fn user(state: &AppState, role: Role) -> (User, String) {
    let now = Utc::now();
    let user = User {
        id: domain::ids::UserId::random(),
        username: Username::parse(&format!(
            "{}-{}",
            role.as_str().replace('_', "-"),
            &Uuid::new_v4().simple().to_string()[..8]
        ))
        .unwrap(),
        email: None,
        full_name: None,
        role,
        is_active: true,
        password_hash: auth::password::hash(PASSWORD).unwrap(),
        created_at: now,
        updated_at: now,
        last_login_at: None,
        session_generation: 0,
        must_change_password: false,
        mfa_enabled: false,
        version: 1,
    };
    let entry = AuditEntry {
        id: Uuid::new_v4(),
        at: now,
        actor_id: None,
        actor_username: None,
        action: "test.seed".into(),
        target_type: "user".into(),
        target_id: Some(user.id.to_string()),
        ip: None,
        summary: serde_json::json!({}),
    };
    store::users::create(&state.db, &user, &entry).await.expect("seed user");
    let (token, _) = auth::token::issue(&state.config.secret_key, &user, state.config.access_token_ttl);
    (user, token)
}

/// `file://` URL of the small Enterprise fixture bundle the core suite syncs from.
pub fn fixture_bundle_url() -> String {
    format!(
        "file://{}/../shared/importers/tests/fixtures/mini-enterprise-v1.json",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// App state on a fresh table whose catalog is synced from the fixture bundle (no network).
pub async fn state_with_fixture_catalog(stack: &crate::stack::Stack, secret: &str) -> AppState {
    let url = fixture_bundle_url();
    let config = web::Config::from_lookup(|k| match k {
        "SECRET_KEY" => Some(secret.to_owned()),
        "ATTACK_TAXII_URL" => Some(String::new()),
        "ATTACK_BUNDLE_URL" => Some(url.clone()),
        _ => None,
    })
    .expect("test configuration");
    let state = stack.app_state(config).await;
    let run = attack_sync::start(&state, domain::sync::Trigger::Manual, None).await.expect("sync start");
    let run = attack_sync::execute(&state, run, attack_sync::Input::Fetch).await;
    assert_eq!(run.status, domain::sync::RunStatus::Succeeded, "fixture sync: {:?}", run.error);
    state
}

/// Writes `n` copies of `template` straight into the table (new ids, titles `"<prefix> <i>"`,
/// created a second apart going back from the template's time), 25 a batch, 16 batches at once:
/// volume for report and read-path measurements, without the lifecycle (its counters are the
/// coverage repair's to recount).
pub async fn raw_tests(state: &AppState, template: &domain::validation::Test, prefix: &str, n: usize) {
    use futures::StreamExt;
    let indexes: Vec<usize> = (0..n).collect();
    let writes = indexes.chunks(25).map(|chunk| {
        let requests: Vec<_> = chunk
            .iter()
            .map(|i| {
                let mut t = template.clone();
                t.id = Uuid::new_v4();
                t.title = format!("{prefix} {i}");
                t.created_at = template.created_at - chrono::Duration::seconds(*i as i64);
                let item = store::validation::test_item(&t).unwrap();
                let put =
                    aws_sdk_dynamodb::types::PutRequest::builder().set_item(Some(item)).build().unwrap();
                aws_sdk_dynamodb::types::WriteRequest::builder().put_request(put).build()
            })
            .collect();
        let db = state.db.clone();
        async move {
            let out = db.client.batch_write_item().request_items(&db.table, requests).send().await.unwrap();
            assert!(
                out.unprocessed_items.unwrap_or_default().is_empty(),
                "DynamoDB Local takes whole batches"
            );
        }
    });
    futures::stream::iter(writes).buffer_unordered(16).collect::<Vec<_>>().await;
}
