//! Function benchmark: the release `api-auth` binary's size, its cold start under the Lambda
//! Runtime API emulator (process spawn → first event fetched → first response), and the server
//! time of `GET /api/v1/auth/me` against one raw DynamoDB `GetItem` on the same local table.
//!
//! `make bench` builds the release binary and runs this; by hand:
//! `cargo build --release -p api-auth && source ~/.cache/aegis/stack/run/env.sh &&
//!  cargo bench -p aegis-tests --bench auth_me` (AEGIS_FUNCTION_BIN overrides the binary path)

use aegis_tests::events::apigw_v2;
use aegis_tests::lambda::invoke;
use aws_sdk_dynamodb::types::AttributeValue;
use axum::body::Body;
use axum::http::Request;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const COLD_STARTS: usize = 10;
const REQUESTS: usize = 300;

fn median_ms(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    samples[samples.len() / 2].as_secs_f64() * 1000.0
}

fn p99_ms(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    samples[samples.len() * 99 / 100].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let target = std::env::var("CARGO_TARGET_DIR")
        .unwrap_or_else(|_| format!("{}/../target", env!("CARGO_MANIFEST_DIR")));
    let binary = std::env::var("AEGIS_FUNCTION_BIN").unwrap_or_else(|_| format!("{target}/release/api-auth"));
    let size = std::fs::metadata(&binary)
        .unwrap_or_else(|e| panic!("{binary}: {e} (build it: cargo build --release -p api-auth)"))
        .len();
    println!("api-auth release binary: {:.1} MiB ({binary})", size as f64 / 1024.0 / 1024.0);

    let stack = aegis_tests::stack().await;
    let secret = "bench-secret-bench-secret-bench-secret-01";
    let config = web::Config::from_lookup(|k| (k == "SECRET_KEY").then(|| secret.to_owned())).unwrap();
    let state = stack.app_state(config).await;
    let (user, token) = aegis_tests::seed::user(&state, domain::Role::Viewer).await;

    // Cold starts: a fresh process per event, as a new Lambda execution environment would be.
    let mut env = stack.env();
    env.extend([
        ("TABLE_NAME".into(), state.config.table_name.clone()),
        ("SECRET_KEY".into(), secret.into()),
    ]);
    let auth = format!("Bearer {token}");
    let (mut init, mut first) = (Vec::new(), Vec::new());
    for _ in 0..COLD_STARTS {
        let event = apigw_v2("GET", "/api/v1/auth/me", &[("authorization", &auth)], None);
        let run = invoke(&binary, &env, vec![event], Duration::from_secs(30)).await;
        let res = run.outcomes.into_iter().next().unwrap().response();
        assert_eq!(res["statusCode"], 200, "{res}");
        init.push(run.init);
        first.push(run.first_response);
    }
    println!(
        "cold start ({COLD_STARTS} processes): spawn → first event fetched median {:.1} ms; spawn → first response (GET /auth/me) median {:.1} ms",
        median_ms(init),
        median_ms(first)
    );

    // Warm: the same router the binary serves, called in process; against one raw GetItem.
    let router = api_auth::router(state.clone());
    let me = || Request::get("/api/v1/auth/me").header("authorization", &auth).body(Body::empty()).unwrap();
    let get_item = || {
        state
            .db
            .client
            .get_item()
            .table_name(&state.db.table)
            .key(store::keys::PK, AttributeValue::S(store::keys::user_pk(user.id)))
            .key(store::keys::SK, AttributeValue::S(store::keys::user_sk()))
            .send()
    };
    for _ in 0..30 {
        assert_eq!(router.clone().oneshot(me()).await.unwrap().status(), 200);
        get_item().await.unwrap();
    }
    let (mut api, mut raw) = (Vec::new(), Vec::new());
    // Interleaved, so both see the same machine load.
    for _ in 0..REQUESTS {
        let t = Instant::now();
        let res = router.clone().oneshot(me()).await.unwrap();
        assert_eq!(res.status(), 200);
        axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
        api.push(t.elapsed());
        let t = Instant::now();
        assert!(get_item().await.unwrap().item.is_some());
        raw.push(t.elapsed());
    }
    let (api_med, raw_med) = (median_ms(api.clone()), median_ms(raw.clone()));
    println!(
        "GET /api/v1/auth/me server time ({REQUESTS} requests): median {api_med:.2} ms, p99 {:.2} ms",
        p99_ms(api)
    );
    println!(
        "raw DynamoDB GetItem (same table, same item): median {raw_med:.2} ms, p99 {:.2} ms",
        p99_ms(raw)
    );
    println!("ratio: /auth/me / GetItem = {:.2}x", api_med / raw_med);
}
