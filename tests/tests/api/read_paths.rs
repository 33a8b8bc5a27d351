//! Every read path that serves from a process's catalog copy, fetched whole: used to show that
//! the copy answers exactly what a fresh read of the table answers (`catalog_cache.rs`, and on
//! Enterprise 18.1 in `attack_real_data.rs`).

use serde_json::Value;
use std::collections::BTreeMap;

async fn get(http: &reqwest::Client, base: &str, token: &str, path: &str) -> Value {
    let res = http.get(format!("{base}{path}")).bearer_auth(token).send().await.unwrap();
    assert!(res.status().is_success(), "{path}: {}", res.status());
    let json =
        res.headers().get("content-type").and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("json"));
    let body = res.text().await.unwrap();
    // Exports that are not JSON (the DeTT&CT YAML) compare as text.
    if json { serde_json::from_str(&body).unwrap() } else { Value::String(body) }
}

/// Drops what is stamped with the moment of the request (generated-at times).
fn stable(mut v: Value) -> Value {
    if let Value::Object(m) = &mut v {
        m.remove("generated_at");
        m.remove("exported_at");
        // How many items the answer took, not what it says: a warm copy reads fewer.
        m.remove("items_read");
        for (_, x) in m.iter_mut() {
            *x = stable(x.take());
        }
    } else if let Value::Array(a) = &mut v {
        for x in a.iter_mut() {
            *x = stable(x.take());
        }
    }
    v
}

/// Path → response of every catalog-backed read: tactics, every page of techniques, the detail
/// and score of every `stride`-th technique and actor (1: all of them), the heatmap, its gaps
/// and exports, scores, KPIs, metrics and the executive view.
pub async fn all(http: &reqwest::Client, base: &str, token: &str, stride: usize) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for path in [
        "/api/v1/tactics",
        "/api/v1/heatmap",
        "/api/v1/heatmap/gaps",
        "/api/v1/heatmap/navigator-layer",
        "/api/v1/heatmap/dettect",
        "/api/v1/scores",
        "/api/v1/dashboard/kpis",
        "/api/v1/dashboard/executive",
        "/api/v1/metrics",
        "/api/v1/threat-actors?limit=500",
    ] {
        out.insert(path.to_owned(), stable(get(http, base, token, path).await));
    }
    let mut ids = Vec::new();
    let mut path = "/api/v1/techniques?limit=200".to_owned();
    loop {
        let page = get(http, base, token, &path).await;
        ids.extend(
            page["items"].as_array().unwrap().iter().map(|t| t["attack_id"].as_str().unwrap().to_owned()),
        );
        let next = page["next_cursor"].as_str().map(str::to_owned);
        out.insert(path.clone(), stable(page));
        match next {
            Some(c) => path = format!("/api/v1/techniques?limit=200&cursor={c}"),
            None => break,
        }
    }
    for id in ids.iter().step_by(stride) {
        for p in [format!("/api/v1/techniques/{id}"), format!("/api/v1/scores/techniques/{id}")] {
            let v = stable(get(http, base, token, &p).await);
            out.insert(p, v);
        }
    }
    let actors = out["/api/v1/threat-actors?limit=500"]["items"].clone();
    for a in actors.as_array().unwrap().iter().step_by(stride) {
        let id = a["attack_id"].as_str().unwrap();
        for p in [format!("/api/v1/threat-actors/{id}"), format!("/api/v1/scores/threat-actors/{id}")] {
            let v = stable(get(http, base, token, &p).await);
            out.insert(p, v);
        }
    }
    out
}

/// Asserts two fetches are equal path by path (naming the first difference).
pub fn assert_same(warm: &BTreeMap<String, Value>, fresh: &BTreeMap<String, Value>) {
    assert_eq!(warm.keys().collect::<Vec<_>>(), fresh.keys().collect::<Vec<_>>(), "the same paths");
    for (path, w) in warm {
        assert_eq!(w, &fresh[path], "{path}: the warm copy and a fresh read differ");
    }
}
