//! Evidence: presigned uploads to LocalStack S3 bound to size and SHA-256, verified on complete;
//! team and state rules; names, extensions and sizes refused; a good file round-trips.

use crate::helpers::{error_codes, problem};
use crate::workflow::{act, app_with_team, blue_body, create, ok, red_body};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

pub(crate) fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

async fn slot(app: &crate::helpers::TestApp, id: &str, token: &str, body: Value) -> reqwest::Response {
    app.post(&format!("/api/v1/tests/{id}/evidence"), token, &body).await
}

/// PUTs `bytes` to a slot with exactly the headers the API asked for.
pub(crate) async fn put(slot: &Value, bytes: Vec<u8>) -> u16 {
    let mut req = reqwest::Client::new().put(slot["upload_url"].as_str().unwrap());
    for (k, v) in slot["headers"].as_object().unwrap() {
        if k != "content-length" {
            req = req.header(k, v.as_str().unwrap());
        }
    }
    req.body(bytes).send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn evidence_round_trips_and_every_bad_upload_is_refused() {
    let (app, team) = app_with_team().await;
    let id = create(&app, &team.red_tech, "T1001").await["id"].as_str().unwrap().to_owned();
    let file = b"[2026-11-20 10:00:01] mimikatz # sekurlsa::logonpasswords\n".repeat(100);
    let good = json!({ "filename": "mimikatz output.log", "size_bytes": file.len(), "sha256": sha(&file) });
    // not yet executing: no red evidence
    problem(slot(&app, &id, &team.red_tech, good.clone()).await, 409).await;
    ok(act(&app, &id, "start-execution", &team.red_tech, json!({})).await).await;

    // team and role rules
    problem(slot(&app, &id, &team.viewer, good.clone()).await, 403).await;
    let mut to_red = good.clone();
    to_red["side"] = json!("red");
    problem(slot(&app, &id, &team.blue_tech, to_red).await, 403).await;
    problem(slot(&app, &id, &team.blue_tech, good.clone()).await, 409).await;

    // names, extensions, sizes, checksums
    let bad = |filename: &str, size: u64, sha256: &str| json!({ "filename": filename, "size_bytes": size, "sha256": sha256 });
    let cases = [
        (bad("../../etc/passwd.txt", 10, &sha(b"x")), "invalid_name"),
        (bad("..\\boot.ini.txt", 10, &sha(b"x")), "invalid_name"),
        (bad("dropper.exe", 10, &sha(b"x")), "extension"),
        (bad("huge.pcap", 50 * 1024 * 1024 + 1, &sha(b"x")), "too_large"),
        (bad("a.txt", 10, "not-hex"), "invalid"),
    ];
    for (body, code) in cases {
        let p = problem(slot(&app, &id, &team.red_tech, body.clone()).await, 422).await;
        assert_eq!(error_codes(&p), [code], "{body}");
    }

    // a good upload: slot, PUT to S3, verify, list, download byte for byte
    let res = slot(&app, &id, &team.red_tech, good.clone()).await;
    assert_eq!(res.status(), 201);
    let s: Value = res.json().await.unwrap();
    assert_eq!(s["evidence"]["filename"], "mimikatz_output.log");
    assert!(s["evidence"]["s3_key"].as_str().unwrap().starts_with(&format!("evidence/{id}/red/")));
    let listed: Value = ok(app.get(&format!("/api/v1/tests/{id}/evidence"), &team.viewer).await).await;
    assert!(listed["items"].as_array().unwrap().is_empty(), "unverified uploads are not listed");
    assert_eq!(put(&s, file.clone()).await, 200);
    let eid = s["id"].as_str().unwrap();
    let done = ok(app
        .post(&format!("/api/v1/tests/{id}/evidence/{eid}/complete"), &team.red_tech, &json!({}))
        .await)
    .await;
    assert_eq!(done["status"], "complete");
    problem(
        app.post(&format!("/api/v1/tests/{id}/evidence/{eid}/complete"), &team.red_tech, &json!({})).await,
        409,
    )
    .await;
    let listed: Value = ok(app.get(&format!("/api/v1/tests/{id}/evidence"), &team.viewer).await).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    let link: Value =
        ok(app.get(&format!("/api/v1/tests/{id}/evidence/{eid}/download"), &team.viewer).await).await;
    let downloaded = reqwest::get(link["url"].as_str().unwrap()).await.unwrap().bytes().await.unwrap();
    assert_eq!(&downloaded[..], &file[..], "byte for byte");

    // declared one thing, uploaded another: refused at complete (or by S3 itself), never listed
    let other = b"something else entirely".to_vec();
    let lie = json!({ "filename": "claims.txt", "size_bytes": other.len(), "sha256": sha(b"not what is uploaded!!!") });
    let s: Value = slot(&app, &id, &team.red_tech, lie).await.json().await.unwrap();
    put(&s, other).await;
    let p = problem(
        app.post(
            &format!("/api/v1/tests/{id}/evidence/{}/complete", s["id"].as_str().unwrap()),
            &team.red_tech,
            &json!({}),
        )
        .await,
        422,
    )
    .await;
    assert!(["checksum_mismatch", "missing"].contains(&error_codes(&p)[0].as_str()), "{p}");
    // an object larger than declared
    let big = vec![b'A'; 4096];
    let small = json!({ "filename": "small.txt", "size_bytes": 16, "sha256": sha(&big[..16]) });
    let s: Value = slot(&app, &id, &team.red_tech, small).await.json().await.unwrap();
    put(&s, big).await;
    let p = problem(
        app.post(
            &format!("/api/v1/tests/{id}/evidence/{}/complete", s["id"].as_str().unwrap()),
            &team.red_tech,
            &json!({}),
        )
        .await,
        422,
    )
    .await;
    assert!(["size_mismatch", "checksum_mismatch", "missing"].contains(&error_codes(&p)[0].as_str()), "{p}");
    let listed: Value = ok(app.get(&format!("/api/v1/tests/{id}/evidence"), &team.viewer).await).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1, "refused uploads never count");

    // blue evidence once the blue team evaluates
    ok(act(&app, &id, "submit-red", &team.red_tech, red_body()).await).await;
    problem(slot(&app, &id, &team.red_tech, good.clone()).await, 409).await;
    let s: Value = slot(&app, &id, &team.blue_tech, good.clone()).await.json().await.unwrap();
    assert_eq!(s["evidence"]["side"], "blue");
    assert_eq!(put(&s, file.clone()).await, 200);
    ok(act(&app, &id, "submit-blue", &team.blue_tech, blue_body("alerted")).await).await;
    // the blue team submitted while its upload was in flight: too late to add it
    let late = format!("/api/v1/tests/{id}/evidence/{}/complete", s["id"].as_str().unwrap());
    problem(app.post(&late, &team.blue_tech, &json!({})).await, 409).await;

    // deletion: once the red team submitted, its evidence is part of the record; an admin may
    // still remove it, audited
    problem(app.delete(&format!("/api/v1/tests/{id}/evidence/{eid}"), &team.blue_tech).await, 403).await;
    problem(app.delete(&format!("/api/v1/tests/{id}/evidence/{eid}"), &team.red_tech).await, 409).await;
    assert_eq!(
        app.delete(&format!("/api/v1/tests/{id}/evidence/{eid}"), &app.admin_token).await.status(),
        204
    );
    problem(app.get(&format!("/api/v1/tests/{id}/evidence/{eid}/download"), &team.viewer).await, 404).await;
    let actions: Vec<String> = app
        .audit("action=evidence.")
        .await
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(actions, ["evidence.delete", "evidence.upload"]);
}

#[tokio::test]
async fn assignment_binds_the_techs_of_each_side() {
    // given a test the red tech took (starting assigns it) and a second red tech
    let (app, team) = app_with_team().await;
    let (_, other_name, other_red) = app.user(domain::Role::RedTech).await;
    let id = create(&app, &team.red_tech, "T1001").await["id"].as_str().unwrap().to_owned();
    ok(act(&app, &id, "start-execution", &team.red_tech, json!({})).await).await;
    // then the test tells each caller what they may do, and the API holds to it
    let view = |token: String| {
        let (app, id) = (&app, id.clone());
        async move { ok(app.get(&format!("/api/v1/tests/{id}"), &token).await).await }
    };
    let mine = view(team.red_tech.clone()).await;
    assert_eq!(
        (mine["allowed_actions"].clone(), mine["evidence_sides"].clone()),
        (json!(["submit_red"]), json!(["red"]))
    );
    let theirs = view(other_red.clone()).await;
    assert_eq!((theirs["allowed_actions"].clone(), theirs["evidence_sides"].clone()), (json!([]), json!([])));
    assert_eq!(view(team.viewer.clone()).await["allowed_actions"], json!([]));
    // the other red tech neither adds evidence nor submits
    let file = b"log".to_vec();
    let body = json!({ "filename": "x.log", "size_bytes": file.len(), "sha256": sha(&file) });
    let p = problem(slot(&app, &id, &other_red, body).await, 403).await;
    assert!(p["detail"].as_str().unwrap().contains("assigned to"), "{p}");
    problem(act(&app, &id, "submit-red", &other_red, red_body()).await, 403).await;
    // until a lead reassigns the test to them
    let res = app
        .post(&format!("/api/v1/tests/{id}/assign"), &team.red_lead, &json!({ "assigned_red": other_name }))
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    problem(act(&app, &id, "submit-red", &team.red_tech, red_body()).await, 403).await;
    ok(act(&app, &id, "submit-red", &other_red, red_body()).await).await;
}

#[tokio::test]
async fn each_side_is_reassigned_by_its_own_lead() {
    let (app, team) = app_with_team().await;
    let id = create(&app, &team.red_tech, "T1001").await["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/tests/{id}/assign");
    let red = json!({ "assigned_red": team.red_tech_name });
    let blue = json!({ "assigned_blue": team.blue_tech_name });
    problem(app.post(&path, &team.blue_lead, &red).await, 403).await;
    problem(app.post(&path, &team.red_lead, &blue).await, 403).await;
    problem(app.post(&path, &team.red_tech, &red).await, 403).await;
    let wrong_role =
        problem(app.post(&path, &team.red_lead, &json!({ "assigned_red": team.blue_tech_name })).await, 422)
            .await;
    assert_eq!(error_codes(&wrong_role), ["role"]);
    problem(app.post(&path, &team.red_lead, &json!({})).await, 422).await;
    let t: Value = ok(app.post(&path, &team.blue_lead, &blue).await).await;
    assert_eq!(t["assigned_blue"], json!(team.blue_tech_name));
    let audit = app.audit(&format!("action=test.assign&target_id={id}")).await;
    assert_eq!(audit.len(), 1);
}

#[tokio::test]
async fn uploads_are_tagged_pending_until_verified_so_abandoned_ones_expire() {
    let (app, team) = app_with_team().await;
    let id = create(&app, &team.red_tech, "T1001").await["id"].as_str().unwrap().to_owned();
    ok(act(&app, &id, "start-execution", &team.red_tech, json!({})).await).await;
    let file = b"beacon.log contents".to_vec();
    let body = json!({ "filename": "beacon.log", "size_bytes": file.len(), "sha256": sha(&file) });
    let s: Value = slot(&app, &id, &team.red_tech, body).await.json().await.unwrap();
    assert_eq!(s["headers"]["x-amz-tagging"], "aegis-upload=pending", "{s}");
    assert_eq!(put(&s, file).await, 200);
    let key = s["evidence"]["s3_key"].as_str().unwrap();
    let tags = || async {
        let out = app
            .state
            .s3
            .get_object_tagging()
            .bucket(&app.state.config.evidence_bucket)
            .key(key)
            .send()
            .await
            .unwrap();
        out.tag_set().iter().map(|t| format!("{}={}", t.key(), t.value())).collect::<Vec<_>>()
    };
    assert_eq!(tags().await, ["aegis-upload=pending"]);
    let eid = s["id"].as_str().unwrap();
    ok(app.post(&format!("/api/v1/tests/{id}/evidence/{eid}/complete"), &team.red_tech, &json!({})).await)
        .await;
    assert_eq!(tags().await, ["aegis-upload=verified"]);
}
