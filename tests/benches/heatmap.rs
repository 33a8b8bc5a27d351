//! Heatmap and organisation-score benchmark: the full Enterprise catalog (18.1) on DynamoDB
//! Local, first without tests, then with 10,000 tests spread over the techniques. Prints server
//! time (median of runs) and DynamoDB items read for both, to show that reads grow with the
//! number of techniques, not tests.
//!
//! `localstack/start.sh && source ~/.cache/aegis/stack/run/env.sh &&
//!  cargo bench -p aegis-tests --bench heatmap` (AEGIS_DATA_DIR for the data, BENCH_TESTS for the count)

use chrono::{Duration, Utc};
use domain::catalog::Technique;
use domain::validation::{
    BlueResult, Detection, HistoryEntry, Layer, LayerOutcome, RedResult, Severity, Test, TestState, Votes,
};
use futures::StreamExt;
use std::time::Instant;
use uuid::Uuid;

async fn measure(state: &web::AppState, label: &str, runs: usize) {
    let mut times = Vec::new();
    let mut items = Vec::new();
    let mut org = 0.0;
    for _ in 0..runs {
        let t = Instant::now();
        let m = coverage::load(state, "enterprise-attack", &coverage::Filter::default(), Utc::now())
            .await
            .unwrap();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        items.push(m.items_read);
        org = m.org_score;
    }
    // The first run may read the whole catalog (this process's copy is older than the version);
    // the others read the version and the coverage only.
    let first = times[0];
    let mut warm = times[1..].to_vec();
    warm.sort_by(f64::total_cmp);
    println!(
        "{label}: heatmap+org score first {first:.1} ms ({} items), then median {:.1} ms (min {:.1}, max {:.1}), DynamoDB items read {}, org score {org}",
        items[0],
        warm[warm.len() / 2],
        warm[0],
        warm[warm.len() - 1],
        items[runs - 1]
    );
    let mut page = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let index = store::catalog::technique_index(&state.db, "enterprise-attack").await.unwrap();
        let shown = index.techniques().iter().filter(|t| t.lifecycle.is_active()).take(100).count();
        assert!(shown > 0);
        page.push((t.elapsed().as_secs_f64() * 1000.0, index.items_read));
    }
    page.sort_by(|a, b| a.0.total_cmp(&b.0));
    println!(
        "{label}: techniques page (catalog copy + coverage) median {:.1} ms, DynamoDB items read {}",
        page[runs / 2].0,
        page[runs / 2].1
    );
}

#[tokio::main]
async fn main() {
    let data = std::env::var("AEGIS_DATA_DIR")
        .unwrap_or_else(|_| format!("{}/../../shared/data", env!("CARGO_MANIFEST_DIR")));
    let bundle = format!("{data}/attack/enterprise-attack-18.1.json.gz");
    assert!(std::path::Path::new(&bundle).exists(), "{bundle} not found (AEGIS_DATA_DIR)");
    let n_tests: usize = std::env::var("BENCH_TESTS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let stack = aegis_tests::stack().await;
    let config = web::Config::from_lookup(|k| match k {
        "SECRET_KEY" => Some("b".repeat(40)),
        "ATTACK_TAXII_URL" => Some(String::new()),
        "ATTACK_BUNDLE_URL" => Some(format!("file://{bundle}")),
        _ => None,
    })
    .unwrap();
    let state = stack.app_state(config).await;
    let run = attack_sync::start(&state, domain::sync::Trigger::Manual, None).await.unwrap();
    let run = attack_sync::execute(&state, run, attack_sync::Input::Fetch).await;
    println!(
        "catalog: Enterprise {}, {} techniques and sub-techniques active",
        run.attack_version.unwrap_or_default(),
        run.catalog.unwrap().techniques
    );
    measure(&state, "0 tests", 7).await;

    let techniques: Vec<Technique> = store::catalog::all::<Technique>(&state.db, "enterprise-attack")
        .await
        .unwrap()
        .into_iter()
        .filter(|t| t.lifecycle.is_active())
        .collect();
    let now = Utc::now();
    let t0 = Instant::now();
    let states = [
        TestState::Draft,
        TestState::RedExecuting,
        TestState::BlueEvaluating,
        TestState::InReview,
        TestState::Validated,
        TestState::Validated,
    ];
    let results = [Detection::Prevented, Detection::Alerted, Detection::Logged, Detection::None];
    futures::stream::iter(0..n_tests)
        .map(|i| {
            let state = state.clone();
            let t = &techniques[i % techniques.len()];
            let s = states[i % states.len()];
            let test = Test {
                id: Uuid::new_v4(),
                title: format!("bench {i}"),
                technique_id: t.attack_id.clone(),
                technique_name: t.name.clone(),
                tactics: t.tactics.clone(),
                domain: "enterprise-attack".into(),
                procedure: String::new(),
                platform: t.platforms.first().cloned(),
                severity: Severity::Medium,
                target_host: None,
                state: s,
                created_by: "bench".into(),
                assigned_red: None,
                assigned_blue: None,
                assigned_red_id: None,
                assigned_blue_id: None,
                created_by_id: None,
                red: Some(RedResult {
                    executed: true,
                    succeeded: true,
                    executed_at: Some(now - Duration::days(3)),
                    notes: String::new(),
                }),
                blue: (s == TestState::Validated).then(|| BlueResult {
                    outcomes: vec![LayerOutcome {
                        layer: Layer::Siem,
                        result: results[i % results.len()],
                        alert_name: Some(format!("rule {}", i % 7)),
                        detected_at: Some(now - Duration::days(3)),
                    }],
                    notes: String::new(),
                    rule_outcomes: vec![],
                }),
                votes: Votes::default(),
                round: 1,
                retest_of: None,
                retests: vec![],
                template_id: None,
                template_hash: None,
                cleanup: None,
                rules: vec![],
                campaign_id: None,
                depends_on: vec![],
                created_at: now,
                updated_at: now,
                validated_at: (s == TestState::Validated).then_some(now - Duration::days(i as i64 % 200)),
                version: 1,
            };
            async move {
                let h = HistoryEntry {
                    id: Uuid::new_v4(),
                    test_id: test.id,
                    at: now,
                    actor: "bench".into(),
                    action: "create".into(),
                    from: None,
                    to: None,
                    comment: None,
                };
                let a = domain::audit::AuditEntry {
                    id: Uuid::new_v4(),
                    at: now,
                    actor_id: None,
                    actor_username: None,
                    action: "test.create".into(),
                    target_type: "test".into(),
                    target_id: None,
                    ip: None,
                    summary: serde_json::json!({}),
                };
                store::validation::create(&state.db, &test, &h, &a).await.unwrap();
            }
        })
        .buffer_unordered(16)
        .collect::<Vec<_>>()
        .await;
    // Each create carried its technique's coverage counters: nothing to refresh.
    println!("seeded {n_tests} tests (coverage written with them) in {:.1} s", t0.elapsed().as_secs_f64());
    measure(&state, &format!("{n_tests} tests"), 7).await;
    http::run(state).await;
}

/// The same pages through the whole API over loopback (what a client waits for): per page the
/// first and the median time of one client, then a load run of many clients mixing those reads
/// with one write in ten, next to the throughput of raw `GetItem`s on the same table.
mod http {
    use domain::Role;
    use std::net::SocketAddr;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::{Duration, Instant};

    const PAGES: [&str; 5] = [
        "/api/v1/heatmap",
        "/api/v1/techniques?limit=100",
        "/api/v1/techniques/T1059.001",
        "/api/v1/scores",
        "/api/v1/dashboard/kpis",
    ];

    fn env_num(name: &str, default: u64) -> u64 {
        std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
    }

    fn pct(sorted: &[f64], p: f64) -> f64 {
        sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
    }

    pub async fn run(state: web::AppState) {
        let (_, viewer) = aegis_tests::seed::user(&state, Role::Viewer).await;
        let (_, admin) = aegis_tests::seed::user(&state, Role::Admin).await;
        let app = infra::app(state.clone(), None);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
        });
        let http = reqwest::Client::new();

        // One client, page by page.
        for page in PAGES {
            let mut times = Vec::new();
            for _ in 0..9 {
                let t = Instant::now();
                let res = http.get(format!("{base}{page}")).bearer_auth(&viewer).send().await.unwrap();
                assert!(res.status().is_success(), "{page}: {}", res.status());
                res.bytes().await.unwrap();
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            let first = times[0];
            let mut warm = times[1..].to_vec();
            warm.sort_by(f64::total_cmp);
            println!(
                "http {page}: first {first:.1} ms, then median {:.1} ms (one client)",
                warm[warm.len() / 2]
            );
        }

        // The load run.
        let clients = env_num("BENCH_CLIENTS", 24) as usize;
        let secs = env_num("BENCH_LOAD_SECS", 30);
        let stop = Arc::new(AtomicBool::new(false));
        let technique = store::catalog::all::<domain::catalog::Technique>(&state.db, "enterprise-attack")
            .await
            .unwrap()
            .into_iter()
            .find(|t| t.lifecycle.is_active())
            .unwrap()
            .attack_id;
        let mut tasks = Vec::new();
        for c in 0..clients {
            let (http, base, stop) = (http.clone(), base.clone(), stop.clone());
            let token = if c % 2 == 0 { viewer.clone() } else { admin.clone() };
            let (admin, technique) = (admin.clone(), technique.clone());
            tasks.push(tokio::spawn(async move {
                let (mut lat, mut errors_5xx, mut other) = (Vec::new(), 0u32, 0u32);
                let mut i = c;
                while !stop.load(Ordering::Relaxed) {
                    let t = Instant::now();
                    let res = if i % 10 == 9 {
                        let body = serde_json::json!({ "title": format!("load {c}-{i}"), "technique_id": technique,
                            "severity": "medium", "procedure": "bench" });
                        http.post(format!("{base}/api/v1/tests")).bearer_auth(&admin).json(&body).send().await
                    } else {
                        http.get(format!("{base}{}", PAGES[i % PAGES.len()])).bearer_auth(&token).send().await
                    };
                    match res {
                        Ok(r) => {
                            let status = r.status();
                            let _ = r.bytes().await;
                            if status.is_server_error() {
                                errors_5xx += 1;
                            } else if !status.is_success() {
                                other += 1;
                            }
                        }
                        Err(_) => errors_5xx += 1,
                    }
                    lat.push(t.elapsed().as_secs_f64() * 1000.0);
                    i += 1;
                }
                (lat, errors_5xx, other)
            }));
        }
        let t0 = Instant::now();
        tokio::time::sleep(Duration::from_secs(secs)).await;
        stop.store(true, Ordering::Relaxed);
        let (mut lat, mut e5, mut other) = (Vec::new(), 0, 0);
        for t in tasks {
            let (l, e, o) = t.await.unwrap();
            lat.extend(l);
            e5 += e;
            other += o;
        }
        let elapsed = t0.elapsed().as_secs_f64();
        lat.sort_by(f64::total_cmp);
        let rps = lat.len() as f64 / elapsed;
        println!(
            "load: {clients} clients for {secs} s (reads of the pages above by viewer and admin, one write in ten): {} requests, {rps:.1} requests/s, p50 {:.1} ms, p99 {:.1} ms, 5xx {e5}, other non-2xx {other}",
            lat.len(),
            pct(&lat, 0.50),
            pct(&lat, 0.99)
        );

        // Raw GetItems on the same table by the same number of tasks: the store's ceiling.
        let raw_secs = env_num("BENCH_RAW_SECS", 10);
        let stop = Arc::new(AtomicBool::new(false));
        let mut tasks = Vec::new();
        for _ in 0..clients {
            let (db, stop, technique) = (state.db.clone(), stop.clone(), technique.clone());
            tasks.push(tokio::spawn(async move {
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    db.client
                        .get_item()
                        .table_name(&db.table)
                        .key(
                            "PK",
                            aws_sdk_dynamodb::types::AttributeValue::S(format!(
                                "CAT#enterprise-attack#TECHNIQUE#{technique}"
                            )),
                        )
                        .key("SK", aws_sdk_dynamodb::types::AttributeValue::S("COVERAGE".into()))
                        .send()
                        .await
                        .unwrap();
                    n += 1;
                }
                n
            }));
        }
        let t0 = Instant::now();
        tokio::time::sleep(Duration::from_secs(raw_secs)).await;
        stop.store(true, Ordering::Relaxed);
        let mut n = 0;
        for t in tasks {
            n += t.await.unwrap();
        }
        let raw = n as f64 / t0.elapsed().as_secs_f64();
        println!(
            "raw GetItem: {clients} tasks for {raw_secs} s: {raw:.1} requests/s; the API served {:.2}x of that",
            rps / raw
        );
    }
}
