//! Real event payloads: API Gateway HTTP API (payload format 2.0) requests, shaped exactly as
//! API Gateway sends them to a Lambda function.

use serde_json::{Value, json};

/// An API Gateway v2 event for `method path?query` with `headers` and an optional JSON body.
pub fn apigw_v2(method: &str, path_and_query: &str, headers: &[(&str, &str)], body: Option<&str>) -> Value {
    let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
    let mut header_map = serde_json::Map::new();
    let mut cookies = Vec::new();
    for (k, v) in headers {
        if k.eq_ignore_ascii_case("cookie") {
            cookies.extend(v.split("; ").map(|c| Value::String(c.to_owned())));
        } else {
            header_map.insert(k.to_ascii_lowercase(), Value::String((*v).to_owned()));
        }
    }
    header_map.insert("host".into(), json!("abc123.execute-api.us-east-1.amazonaws.com"));
    let mut qs = serde_json::Map::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        qs.insert(k.to_owned(), json!(v));
    }
    let now = chrono::Utc::now();
    json!({
        "version": "2.0",
        "routeKey": "$default",
        "rawPath": path,
        "rawQueryString": query,
        "cookies": if cookies.is_empty() { Value::Null } else { Value::Array(cookies) },
        "headers": header_map,
        "queryStringParameters": if qs.is_empty() { Value::Null } else { Value::Object(qs) },
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "abc123",
            "domainName": "abc123.execute-api.us-east-1.amazonaws.com",
            "domainPrefix": "abc123",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "198.51.100.7",
                "userAgent": "aegis-tests"
            },
            "requestId": uuid::Uuid::new_v4().to_string(),
            "routeKey": "$default",
            "stage": "$default",
            "time": now.format("%d/%b/%Y:%H:%M:%S +0000").to_string(),
            "timeEpoch": now.timestamp_millis()
        },
        "body": body,
        "isBase64Encoded": false
    })
}

/// An EventBridge event as Lambda receives it (a schedule tick: `source` `aws.events`,
/// `detail-type` `Scheduled Event`, empty detail; or an Aegis event).
pub fn eventbridge(source: &str, detail_type: &str, detail: Value) -> Value {
    serde_json::json!({
        "version": "0",
        "id": uuid::Uuid::new_v4().to_string(),
        "detail-type": detail_type,
        "source": source,
        "account": "123456789012",
        "time": "2026-11-25T03:00:00Z",
        "region": "us-east-1",
        "resources": if source == "aws.events" {
            vec!["arn:aws:events:us-east-1:123456789012:rule/aegis-mitre-sync".to_owned()]
        } else {
            vec![]
        },
        "detail": detail,
    })
}
