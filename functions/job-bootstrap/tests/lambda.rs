//! The real `job-bootstrap` binary fed CloudFormation custom-resource events, with its secrets
//! in (LocalStack's) Secrets Manager and a local HTTP server standing in for CloudFormation's
//! presigned response URL.

use aegis_tests::lambda::invoke;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::routing::put;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const ADMIN_PASSWORD: &str = "Generated-In-Secrets-Manager-7!";

/// Collects what the function PUTs to the response URL.
async fn response_server() -> (String, Arc<Mutex<Vec<Value>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let app = Router::new()
        .route(
            "/cfn-response",
            put(|State(seen): State<Arc<Mutex<Vec<Value>>>>, body: Bytes| async move {
                seen.lock().unwrap().push(serde_json::from_slice(&body).unwrap());
            }),
        )
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/cfn-response", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

fn custom_resource(kind: &str, url: &str) -> Value {
    let mut event = json!({
        "RequestType": kind,
        "ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:bootstrap",
        "ResponseURL": url,
        "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/aegis/0f6b6a40-0000-0000-0000-000000000000",
        "RequestId": format!("req-{kind}"),
        "ResourceType": "Custom::AegisBootstrap",
        "LogicalResourceId": "Bootstrap",
        "ResourceProperties": { "ServiceToken": "x", "AdminUsername": "admin" },
    });
    if kind != "Create" {
        event["PhysicalResourceId"] = json!("aegis-bootstrap");
    }
    if kind == "Update" {
        event["OldResourceProperties"] = json!({ "ServiceToken": "x", "AdminUsername": "admin" });
    }
    event
}

#[tokio::test]
async fn create_makes_the_admin_from_the_secret_and_requests_the_first_sync() {
    // given secrets as the template creates them, and a fresh table and bus
    let stack = aegis_tests::stack().await;
    let secrets = aws_sdk_secretsmanager::Client::new(&stack.sdk);
    let name = |what: &str| format!("aegis-test-{what}-{}", uuid::Uuid::new_v4().simple());
    let admin_secret = secrets
        .create_secret()
        .name(name("admin"))
        .secret_string(ADMIN_PASSWORD)
        .send()
        .await
        .expect("LocalStack Secrets Manager (SERVICES includes secretsmanager)");
    let key_secret =
        secrets.create_secret().name(name("key")).secret_string("k".repeat(64)).send().await.unwrap();
    let config = platform::Config::from_lookup(|k| (k == "SECRET_KEY").then(|| "k".repeat(64))).unwrap();
    let state = stack.app_state(config).await;
    let (url, seen) = response_server().await;
    let mut env = stack.env();
    env.extend([
        ("AEGIS_ENV".into(), "production".into()),
        ("TABLE_NAME".into(), state.config.table_name.clone()),
        ("EVENT_BUS_NAME".into(), state.config.event_bus_name.clone()),
        ("SECRET_KEY_SECRET_ARN".into(), key_secret.arn().unwrap().to_owned()),
        ("ADMIN_PASSWORD_SECRET_ARN".into(), admin_secret.arn().unwrap().to_owned()),
        ("RUST_LOG".into(), "warn".into()),
    ]);

    // when CloudFormation creates, then updates, then deletes the resource
    let events = vec![
        custom_resource("Create", &url),
        custom_resource("Update", &url),
        custom_resource("Delete", &url),
    ];
    let run = invoke(env!("CARGO_BIN_EXE_job-bootstrap"), &env, events, Duration::from_secs(60)).await;
    for outcome in run.outcomes {
        assert_eq!(outcome.response()["status"], "SUCCESS");
    }

    // then every request was answered at the response URL, the create one with what it did
    let answers = seen.lock().unwrap().clone();
    assert_eq!(answers.len(), 3, "{answers:?}");
    assert_eq!(answers[0]["Status"], "SUCCESS");
    assert_eq!(answers[0]["PhysicalResourceId"], "aegis-bootstrap");
    assert_eq!(answers[0]["RequestId"], "req-Create");
    assert_eq!(answers[0]["Data"]["AdminCreated"], "true");
    assert_eq!(answers[0]["Data"]["SyncRequested"], "true");
    assert_eq!(answers[1]["Data"]["AdminCreated"], "false", "the admin is created once");

    // the admin has the secret's password and must change it; a sync run waits for the job
    let admin = store::users::get_by_username(&state.db, "admin").await.unwrap().expect("admin");
    assert!(accounts::password::verify(ADMIN_PASSWORD, &admin.password_hash));
    assert!(admin.must_change_password);
    let runs =
        store::sync_runs::list(&state.db, &store::PageRequest { limit: 10, cursor: None }).await.unwrap();
    assert_eq!(runs.items.len(), 2, "one requested run per create/update while the catalog is empty");
}

#[tokio::test]
async fn an_unreadable_secret_is_answered_failed_so_the_deploy_does_not_hang() {
    let stack = aegis_tests::stack().await;
    let config = platform::Config::from_lookup(|k| (k == "SECRET_KEY").then(|| "k".repeat(64))).unwrap();
    let state = stack.app_state(config).await;
    let (url, seen) = response_server().await;
    let mut env = stack.env();
    env.extend([
        ("TABLE_NAME".into(), state.config.table_name.clone()),
        ("EVENT_BUS_NAME".into(), state.config.event_bus_name.clone()),
        ("SECRET_KEY".into(), "k".repeat(64)),
        (
            "ADMIN_PASSWORD_SECRET_ARN".into(),
            "arn:aws:secretsmanager:us-east-1:000000000000:secret:missing-AbCdEf".into(),
        ),
    ]);
    let run = invoke(
        env!("CARGO_BIN_EXE_job-bootstrap"),
        &env,
        vec![custom_resource("Create", &url)],
        Duration::from_secs(60),
    )
    .await;
    assert_eq!(run.outcomes.into_iter().next().unwrap().response()["status"], "FAILED");
    let answers = seen.lock().unwrap().clone();
    assert_eq!(answers[0]["Status"], "FAILED");
    assert!(answers[0]["Reason"].as_str().unwrap().contains("admin password secret"), "{}", answers[0]);
    assert!(store::users::get_by_username(&state.db, "admin").await.unwrap().is_none());
}
