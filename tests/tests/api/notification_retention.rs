//! Notification retention: an unread notification is kept a year; reading one starts its
//! retention (`NOTIFICATION_RETENTION_DAYS` after it was created, never sooner than a day after
//! it was read); an expired one is not listed even before DynamoDB's TTL removes it.

use crate::helpers::{config, spawn_app_with};
use crate::workflow::ok;
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::{Duration, Utc};
use domain::Role;
use domain::validation::Notification;
use uuid::Uuid;

async fn expires_at(app: &crate::helpers::TestApp, n: &Notification) -> i64 {
    let item = app
        .state
        .db
        .client
        .get_item()
        .table_name(&app.state.db.table)
        .key("PK", AttributeValue::S(format!("USER#{}", n.user_id)))
        .key("SK", AttributeValue::S(store::notifications::sort_key(n)))
        .send()
        .await
        .unwrap()
        .item
        .unwrap();
    item["expires_at"].as_n().unwrap().parse().unwrap()
}

#[tokio::test]
async fn read_notifications_expire_after_the_retention_and_unread_ones_after_a_year() {
    let app = spawn_app_with(config(&[("NOTIFICATION_RETENTION_DAYS", "10")])).await;
    let (user, _, token) = app.user(Role::BlueTech).await;
    let now = Utc::now();
    let note = |days_ago: i64, message: &str| Notification {
        id: Uuid::new_v4(),
        user_id: user,
        kind: "action_required".into(),
        message: message.into(),
        test_id: None,
        rule_id: None,
        campaign_id: None,
        created_at: now - Duration::days(days_ago),
        read: false,
    };
    let (old, recent, ancient) = (note(20, "old"), note(2, "recent"), note(400, "ancient"));
    for n in [&old, &recent, &ancient] {
        store::notifications::put(&app.state.db, n).await.unwrap();
    }
    assert_eq!(expires_at(&app, &recent).await, recent.created_at.timestamp() + 365 * 86_400);
    let listed = |page: serde_json::Value| -> Vec<String> {
        page["items"].as_array().unwrap().iter().map(|n| n["message"].as_str().unwrap().to_owned()).collect()
    };
    // the year-old unread one is past its expiry: not listed, not counted
    assert_eq!(listed(ok(app.get("/api/v1/notifications", &token).await).await), ["recent", "old"]);
    assert_eq!(ok(app.get("/api/v1/notifications/unread-count", &token).await).await["count"], 2);

    // read: the recent one is kept 10 days from its creation; the old one, already past that,
    // a day from now
    for n in [&old, &recent] {
        ok(app.post(&format!("/api/v1/notifications/{}/read", n.id), &token, &serde_json::json!({})).await)
            .await;
    }
    assert_eq!(expires_at(&app, &recent).await, recent.created_at.timestamp() + 10 * 86_400);
    let old_expiry = expires_at(&app, &old).await;
    let day_from_now = Utc::now().timestamp() + 86_400;
    assert!((day_from_now - 5..=day_from_now).contains(&old_expiry), "{old_expiry} vs {day_from_now}");
    assert_eq!(listed(ok(app.get("/api/v1/notifications", &token).await).await), ["recent", "old"]);
    assert_eq!(ok(app.get("/api/v1/notifications/unread-count", &token).await).await["count"], 0);
}

#[tokio::test]
async fn a_muted_kind_is_kept_but_neither_listed_nor_counted_until_unmuted() {
    let app = spawn_app_with(config(&[])).await;
    let (user, _, token) = app.user(Role::RedLead).await;
    let rule = Uuid::new_v4();
    let now = Utc::now();
    let note = |kind: &str, message: &str, minutes_ago: i64| Notification {
        id: Uuid::new_v4(),
        user_id: user,
        kind: kind.into(),
        message: message.into(),
        test_id: None,
        rule_id: (kind == "alert_fired").then_some(rule),
        campaign_id: None,
        created_at: now - Duration::minutes(minutes_ago),
        read: false,
    };
    for n in
        [note("alert_fired", "fired", 3), note("action_required", "vote", 2), note("alert_fired", "again", 1)]
    {
        store::notifications::put(&app.state.db, &n).await.unwrap();
    }
    let messages = |page: serde_json::Value| -> Vec<String> {
        page["items"].as_array().unwrap().iter().map(|n| n["message"].as_str().unwrap().to_owned()).collect()
    };
    let page = ok(app.get("/api/v1/notifications", &token).await).await;
    assert_eq!(messages(page.clone()), ["again", "vote", "fired"]);
    assert_eq!(page["items"][0]["rule_id"], rule.to_string(), "an alert links to its rule");
    assert!(page["items"][1].get("rule_id").is_none());
    assert_eq!(
        ok(app.get("/api/v1/notifications/preferences", &token).await).await["muted_kinds"],
        serde_json::json!([])
    );

    let mute = serde_json::json!({ "muted_kinds": ["alert_fired"] });
    assert_eq!(ok(app.put("/api/v1/notifications/preferences", &token, &mute).await).await, mute);
    assert_eq!(ok(app.get("/api/v1/notifications/preferences", &token).await).await, mute);
    assert_eq!(messages(ok(app.get("/api/v1/notifications", &token).await).await), ["vote"]);
    assert_eq!(messages(ok(app.get("/api/v1/notifications?unread=true", &token).await).await), ["vote"]);
    assert_eq!(ok(app.get("/api/v1/notifications/unread-count", &token).await).await["count"], 1);

    // Refused as a whole, the preferences kept.
    for (body, field, code) in [
        (serde_json::json!({ "muted_kinds": ["alert_fired", "nope"] }), "muted_kinds[1]", "unknown"),
        (
            serde_json::json!({ "muted_kinds": ["test_rejected", "test_rejected"] }),
            "muted_kinds[1]",
            "duplicate",
        ),
    ] {
        let p =
            crate::helpers::problem(app.put("/api/v1/notifications/preferences", &token, &body).await, 422)
                .await;
        assert_eq!(
            (p["errors"][0]["field"].as_str(), p["errors"][0]["code"].as_str()),
            (Some(field), Some(code)),
            "{p}"
        );
    }
    assert_eq!(ok(app.get("/api/v1/notifications/preferences", &token).await).await, mute);

    // Unmuted: what arrived meanwhile is there; the change was audited.
    let none = serde_json::json!({ "muted_kinds": [] });
    ok(app.put("/api/v1/notifications/preferences", &token, &none).await).await;
    assert_eq!(ok(app.get("/api/v1/notifications/unread-count", &token).await).await["count"], 3);
    let audit =
        ok(app.get("/api/v1/audit-logs?action=notifications.preferences", &app.admin_token).await).await;
    assert_eq!(audit["items"].as_array().unwrap().len(), 2, "{audit}");
}
