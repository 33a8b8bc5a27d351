//! `spawn_app`: the whole API on a random loopback port over a fresh table and bucket.

use domain::Role;
use reqwest::{Method, RequestBuilder, Response};
use serde_json::Value;
use std::net::SocketAddr;
use web::AppState;

pub const ADMIN_PASSWORD: &str = "Admin-Passw0rd!";
pub const SECRET: &str = "test-secret-key-test-secret-key-0123456789";
/// The key sealing TOTP secrets (a deployed stack reads it from Secrets Manager).
pub const MFA_KEY: &str = "6d66612d6b65792d666f722d7468652d6170692d74657374732d303132333435";

pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub http: reqwest::Client,
    pub admin_token: String,
}

pub fn config(extra: &[(&str, &str)]) -> web::Config {
    let vars: Vec<(String, String)> =
        [("ADMIN_PASSWORD", ADMIN_PASSWORD), ("SECRET_KEY", SECRET), ("MFA_KEY", MFA_KEY)]
            .iter()
            .chain(extra)
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
    web::Config::from_lookup(|k| vars.iter().rev().find(|(n, _)| n == k).map(|(_, v)| v.clone())).unwrap()
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(config(&[])).await
}

pub async fn spawn_app_with(config: web::Config) -> TestApp {
    // `AEGIS_TEST_LOG=1` shows the server's logs (errors are logged, never sent).
    if std::env::var_os("AEGIS_TEST_LOG").is_some() {
        web::telemetry::init();
    }
    // Events go to the in-process loop, as in the local runner.
    let state = infra::background::in_process_events(aegis_tests::stack().await.app_state(config).await);
    serve(state).await
}

/// Serves the whole API over `state` as it is (e.g. publishing to EventBridge).
pub async fn serve(state: AppState) -> TestApp {
    api_auth::ensure_initial_admin(&state).await.expect("bootstrap admin");
    let admin = store::users::get_by_username(&state.db, "admin").await.unwrap().expect("admin exists");
    let (admin_token, _) = auth::token::issue(SECRET, &admin, state.config.access_token_ttl);
    let app = infra::app(state.clone(), None);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
    });
    TestApp { base: format!("http://{addr}"), state, http: reqwest::Client::new(), admin_token }
}

impl TestApp {
    pub fn request(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let rb = self.http.request(method, format!("{}{path}", self.base));
        match token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.request(Method::GET, path, Some(token)).send().await.unwrap()
    }

    pub async fn post(&self, path: &str, token: &str, body: &Value) -> Response {
        self.request(Method::POST, path, Some(token)).json(body).send().await.unwrap()
    }

    pub async fn put(&self, path: &str, token: &str, body: &Value) -> Response {
        self.request(Method::PUT, path, Some(token)).json(body).send().await.unwrap()
    }

    pub async fn patch(&self, path: &str, token: &str, body: &Value) -> Response {
        self.request(Method::PATCH, path, Some(token)).json(body).send().await.unwrap()
    }

    pub async fn delete(&self, path: &str, token: &str) -> Response {
        self.request(Method::DELETE, path, Some(token)).send().await.unwrap()
    }

    pub async fn login(&self, username: &str, password: &str) -> Response {
        self.request(Method::POST, "/api/v1/auth/login", None)
            .json(&serde_json::json!({ "username": username, "password": password }))
            .send()
            .await
            .unwrap()
    }

    /// A seeded user with `role`: (id, username, token).
    pub async fn user(&self, role: Role) -> (domain::ids::UserId, String, String) {
        let (user, token) = aegis_tests::seed::user(&self.state, role).await;
        (user.id, user.username.to_string(), token)
    }

    /// All audit entries, newest first (admin view).
    pub async fn audit(&self, query: &str) -> Vec<Value> {
        let res = self.get(&format!("/api/v1/audit-logs?limit=500&{query}"), &self.admin_token).await;
        assert_eq!(res.status(), 200);
        res.json::<Value>().await.unwrap()["items"].as_array().unwrap().clone()
    }
}

/// Asserts a problem document with `status` and returns it.
pub async fn problem(res: Response, status: u16) -> Value {
    assert_eq!(res.status().as_u16(), status, "unexpected status");
    let ct = res.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(ct.as_deref(), Some("application/problem+json"));
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], status);
    assert!(body["title"].is_string() && body["type"].is_string() && body["detail"].is_string(), "{body}");
    body
}

/// The `code`s of a validation problem's errors.
pub fn error_codes(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map_or(vec![], |e| e.iter().map(|x| x["code"].as_str().unwrap().to_owned()).collect())
}

/// The body of a `201 Created` answer (the status checked, the body shown when it is not).
pub async fn created(res: Response) -> Value {
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{body}");
    body
}

/// Reads `path` as the admin until its `status` is no longer `running` (bounded: a minute); the
/// last answer. For runs of the ATT&CK sync and of data sources.
pub async fn until_not_running(app: &TestApp, path: &str) -> Value {
    for _ in 0..600 {
        let run: Value = app.get(path, &app.admin_token).await.json().await.unwrap();
        if run["status"] != "running" {
            return run;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{path} is still running");
}

/// Polls a data-source run until it is no longer running; the run.
pub async fn finished_run(app: &TestApp, run_id: &str) -> Value {
    until_not_running(app, &format!("/api/v1/data-sources/runs/{run_id}")).await
}

/// Sends `body` as the admin to `source`'s import under `filename` and waits for the run's end.
pub async fn import_source(
    app: &TestApp,
    source: &str,
    filename: &str,
    body: impl Into<reqwest::Body>,
) -> Value {
    let path = format!("/api/v1/data-sources/{source}/import?filename={filename}");
    let res = app
        .request(Method::POST, &path, Some(&app.admin_token))
        .header("content-type", "application/octet-stream")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let started: Value = res.json().await.unwrap();
    finished_run(app, started["run_id"].as_str().unwrap()).await
}
