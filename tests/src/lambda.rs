//! An emulator of the AWS Lambda Runtime API (`/2018-06-01/runtime/...`) on loopback: it
//! starts a real function binary as Lambda would, hands it events one by one and collects the
//! responses, so a test drives exactly what would be deployed.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use serde_json::Value;
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, mpsc};

/// What the binary answered to one event.
#[derive(Debug, Clone)]
pub enum Outcome {
    Response(Value),
    Error(Value),
}

impl Outcome {
    pub fn response(self) -> Value {
        match self {
            Outcome::Response(v) => v,
            Outcome::Error(e) => panic!("function returned an error: {e}"),
        }
    }
}

pub struct Invocation {
    pub outcomes: Vec<Outcome>,
    /// From process spawn until the first event was fetched (cold start, init included).
    pub init: Duration,
    /// From process spawn until the first response arrived.
    pub first_response: Duration,
}

struct Shared {
    queue: Mutex<VecDeque<(String, Value)>>,
    done: mpsc::UnboundedSender<(String, Outcome, Instant)>,
    first_fetch: Mutex<Option<Instant>>,
}

async fn next(State(s): State<Arc<Shared>>) -> impl IntoResponse {
    s.first_fetch.lock().await.get_or_insert_with(Instant::now);
    loop {
        if let Some((id, event)) = s.queue.lock().await.pop_front() {
            let mut headers = HeaderMap::new();
            headers.insert("lambda-runtime-aws-request-id", HeaderValue::from_str(&id).unwrap());
            let deadline = chrono::Utc::now().timestamp_millis() + 30_000;
            headers.insert("lambda-runtime-deadline-ms", HeaderValue::from(deadline));
            headers.insert(
                "lambda-runtime-invoked-function-arn",
                HeaderValue::from_static("arn:aws:lambda:us-east-1:123456789012:function:aegis-test"),
            );
            headers.insert(
                "lambda-runtime-trace-id",
                HeaderValue::from_static("Root=1-00000000-000000000000000000000000"),
            );
            return (StatusCode::OK, headers, event.to_string());
        }
        // No more events: hold the long poll like Lambda does; the test kills the process.
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn respond(State(s): State<Arc<Shared>>, Path(id): Path<String>, body: String) -> StatusCode {
    let value = serde_json::from_str(&body).unwrap_or(Value::String(body));
    let _ = s.done.send((id, Outcome::Response(value), Instant::now()));
    StatusCode::ACCEPTED
}

async fn error(State(s): State<Arc<Shared>>, Path(id): Path<String>, body: String) -> StatusCode {
    let value = serde_json::from_str(&body).unwrap_or(Value::String(body));
    let _ = s.done.send((id, Outcome::Error(value), Instant::now()));
    StatusCode::ACCEPTED
}

async fn init_error(State(s): State<Arc<Shared>>, body: String) -> StatusCode {
    let _ = s.done.send(("init".into(), Outcome::Error(Value::String(body)), Instant::now()));
    StatusCode::ACCEPTED
}

/// Runs `binary` with `env` under the emulated runtime, feeds it `events`, returns the outcomes
/// in order. Panics if the binary dies or answers nothing within `timeout`.
pub async fn invoke(
    binary: &str,
    env: &[(String, String)],
    events: Vec<Value>,
    timeout: Duration,
) -> Invocation {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let ids: Vec<String> = (0..events.len()).map(|i| format!("req-{i}-{}", uuid::Uuid::new_v4())).collect();
    let shared = Arc::new(Shared {
        queue: Mutex::new(ids.iter().cloned().zip(events).collect()),
        done: tx,
        first_fetch: Mutex::new(None),
    });
    let app = Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next))
        .route("/2018-06-01/runtime/invocation/{id}/response", post(respond))
        .route("/2018-06-01/runtime/invocation/{id}/error", post(error))
        .route("/2018-06-01/runtime/init/error", post(init_error))
        .with_state(shared.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let started = Instant::now();
    let mut child = tokio::process::Command::new(binary)
        .envs(env.iter().cloned())
        .env("AWS_LAMBDA_RUNTIME_API", addr.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "aegis-test")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .env("AWS_LAMBDA_LOG_STREAM_NAME", "test-stream")
        .env("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/aegis-test")
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {binary}: {e}"));

    let mut outcomes = vec![None; ids.len()];
    let mut first_response = None;
    let deadline = Instant::now() + timeout;
    while outcomes.iter().any(Option::is_none) {
        let remaining = deadline.saturating_duration_since(Instant::now());
        tokio::select! {
            got = tokio::time::timeout(remaining, rx.recv()) => {
                let (id, outcome, at) = got.unwrap_or_else(|_| panic!("{binary} answered nothing within {timeout:?}")).unwrap();
                if id == "init" {
                    panic!("{binary} failed to initialise: {outcome:?}");
                }
                first_response.get_or_insert(at);
                let slot = ids.iter().position(|i| *i == id).expect("known request id");
                outcomes[slot] = Some(outcome);
            }
            status = child.wait() => panic!("{binary} exited early: {status:?}"),
        }
    }
    let _ = child.kill().await;
    server.abort();
    let first_fetch = shared.first_fetch.lock().await.unwrap_or(started);
    Invocation {
        outcomes: outcomes.into_iter().map(Option::unwrap).collect(),
        init: first_fetch - started,
        first_response: first_response.unwrap() - started,
    }
}
