//! No lost events: a change whose event cannot reach the bus still commits, its event waits in
//! the outbox written by the same transaction, and the sweeper delivers it later.

use crate::helpers::{config, serve};
use crate::workflow::create;
use chrono::{Duration, Utc};
use domain::Role;
use tokio::sync::mpsc;
use web::events::Dispatch;

#[tokio::test]
async fn an_event_the_bus_did_not_take_is_delivered_by_the_sweeper() {
    let url = aegis_tests::seed::fixture_bundle_url();
    let state = aegis_tests::stack()
        .await
        .app_state(config(&[("ATTACK_TAXII_URL", ""), ("ATTACK_BUNDLE_URL", &url)]))
        .await;
    let run = attack_sync::start(&state, domain::sync::Trigger::Manual, None).await.unwrap();
    attack_sync::execute(&state, run, attack_sync::Input::Fetch).await;
    // A bus that refuses everything: the receiving end is gone.
    let (dead, receiver) = mpsc::unbounded_channel();
    drop(receiver);
    let app = serve(state.with_dispatch(Dispatch::InProcess(dead))).await;
    let (_, _, red_tech) = app.user(Role::RedTech).await;

    let test = create(&app, &red_tech, "T1001").await;
    let id = test["id"].as_str().unwrap();
    let later = Utc::now() + Duration::minutes(5);
    let waiting = store::outbox::pending(&app.state.db, later, 100).await.unwrap();
    let ours: Vec<_> = waiting.iter().filter(|e| e.detail.contains(id)).collect();
    assert_eq!(ours.len(), 1, "the creation's event waits in the outbox: {waiting:?}");
    assert_eq!(ours[0].detail_type, "TestTransitioned");

    // Too young for the sweeper: left to its request.
    let (bus, mut delivered) = mpsc::unbounded_channel();
    let healthy = app.state.clone().with_dispatch(Dispatch::InProcess(bus));
    assert_eq!(lifecycle::sweep(&healthy, Utc::now()).await.unwrap().published, 0);

    let report = lifecycle::sweep(&healthy, later).await.unwrap();
    assert_eq!((report.published, report.failed), (1, 0));
    let event = delivered.recv().await.unwrap();
    assert_eq!(event.detail_type, "TestTransitioned");
    assert_eq!(event.detail["test_id"], id);
    assert_eq!(event.detail["to"], "draft");
    assert!(
        store::outbox::pending(&app.state.db, later, 100).await.unwrap().is_empty(),
        "removed once delivered"
    );
}
