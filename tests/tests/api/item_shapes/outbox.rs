//! The event outbox (`OUTBOX` / `<time>#<id>`). An event lives there only between the commit of
//! its change and its delivery right after, so the item is written here directly, as a change's
//! transaction writes it; through the API the partition is seen empty once a step has returned.

use super::{act, app_with_team, assert_attributes, create, ok, partition, raw, s};
use chrono::{TimeZone, Utc};
use serde_json::json;
use store::outbox::OutboxEvent;

#[tokio::test]
async fn the_outbox_event_item_and_its_delivery() {
    // given a workflow step taken through the API
    let (app, team) = app_with_team().await;
    let id = create(&app, &team.red_tech, "T1001").await["id"].as_str().unwrap().to_owned();
    ok(act(&app, &id, "start-execution", &team.red_tech, json!({})).await).await;
    // then its events were delivered and removed before the response
    assert!(partition(&app, "OUTBOX", "").await.is_empty(), "events left in the outbox");

    // when an event is written in a change's transaction and committed
    let at =
        Utc.with_ymd_and_hms(2026, 11, 20, 10, 0, 0).unwrap() + chrono::Duration::nanoseconds(123_456_789);
    let event = OutboxEvent {
        id: uuid::Uuid::new_v4(),
        at,
        detail_type: "TestTransitioned".into(),
        detail: json!({ "test_id": id }).to_string(),
    };
    let mut tx = store::Transaction::new();
    store::outbox::write(&mut tx, &app.state.db, &event).unwrap();
    tx.commit(&app.state.db, "outbox").await.unwrap();

    // then it is `OUTBOX` / `<time to the microsecond>#<id>`, without a TTL
    let item = raw(&app, "OUTBOX", &format!("2026-11-20T10:00:00.123456Z#{}", event.id)).await;
    assert_eq!(s(&item, "entity"), "outbox_event");
    assert_eq!(
        (s(&item, "id"), s(&item, "detail_type")),
        (event.id.to_string().as_str(), "TestTransitioned")
    );
    assert_eq!(s(&item, "detail"), event.detail, "the detail is JSON text");
    assert_attributes(&item, "PK SK entity version id at detail_type detail");
    // and the sweeper's read gives back exactly what was written
    let pending = store::outbox::pending(&app.state.db, Utc::now(), 10).await.unwrap();
    assert_eq!(pending, std::slice::from_ref(&event));

    // when it is delivered, the partition is empty again
    store::outbox::remove(&app.state.db, &event).await.unwrap();
    assert!(partition(&app, "OUTBOX", "").await.is_empty());
}
