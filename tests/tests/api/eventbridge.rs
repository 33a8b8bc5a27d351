//! Domain events through real LocalStack EventBridge: the API publishes to the bus, a rule with
//! the very pattern of the consumer rule in `template.yaml` routes the event to an SQS queue,
//! and the consumer turns the delivered event into the notification.

use crate::helpers::{config, serve};
use crate::workflow::{act, create, ok, red_body};
use domain::Role;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// The event pattern of the consumer function's rule, read from template.yaml.
fn consumer_pattern() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../template.yaml")).unwrap();
    let template: yaml_serde::Value = yaml_serde::from_str(&text).unwrap();
    let pattern = &template["Resources"]["EventsConsumerFunction"]["Properties"]["Events"]["Domain"]["Properties"]
        ["Pattern"];
    let pattern: Value = serde_json::to_value(pattern).unwrap();
    assert_eq!(pattern["source"], json!(["aegis"]), "{pattern}");
    pattern
}

#[tokio::test]
async fn a_published_transition_is_routed_by_the_template_rule_and_becomes_a_notification() {
    let stack = aegis_tests::stack().await;
    let url = aegis_tests::seed::fixture_bundle_url();
    let state = stack.app_state(config(&[("ATTACK_TAXII_URL", ""), ("ATTACK_BUNDLE_URL", &url)])).await;
    assert!(matches!(state.dispatch, web::events::Dispatch::EventBridge));
    let run = attack_sync::start(&state, domain::sync::Trigger::Manual, None).await.unwrap();
    attack_sync::execute(&state, run, attack_sync::Input::Fetch).await;

    // the rule, as template.yaml defines it, with an SQS queue as its target
    let sqs = aws_sdk_sqs::Client::new(&stack.sdk);
    let queue_name = format!("aegis-consumer-{}", uuid::Uuid::new_v4().simple());
    let queue_url = sqs.create_queue().queue_name(&queue_name).send().await.unwrap().queue_url.unwrap();
    let attrs = sqs
        .get_queue_attributes()
        .queue_url(&queue_url)
        .attribute_names(aws_sdk_sqs::types::QueueAttributeName::QueueArn)
        .send()
        .await
        .unwrap();
    let queue_arn = attrs.attributes.unwrap()[&aws_sdk_sqs::types::QueueAttributeName::QueueArn].clone();
    let bus = &state.config.event_bus_name;
    state
        .events
        .put_rule()
        .name("consumer")
        .event_bus_name(bus)
        .event_pattern(consumer_pattern().to_string())
        .send()
        .await
        .unwrap();
    let target = aws_sdk_eventbridge::types::Target::builder().id("queue").arn(&queue_arn).build().unwrap();
    state.events.put_targets().rule("consumer").event_bus_name(bus).targets(target).send().await.unwrap();

    // the API publishes to EventBridge (not in-process)
    let app = serve(state.clone()).await;
    let (_, _, red) = app.user(Role::RedTech).await;
    let (blue_id, _, blue) = app.user(Role::BlueTech).await;
    let id = create(&app, &red, "T1001").await["id"].as_str().unwrap().to_owned();
    ok(act(&app, &id, "start-execution", &red, json!({})).await).await;
    ok(act(&app, &id, "submit-red", &red, red_body()).await).await;

    // collect what the rule delivered until the submit-red event is there
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut delivered: Vec<Value> = Vec::new();
    while !delivered.iter().any(|e| e["detail"]["action"] == "submit_red") {
        assert!(Instant::now() < deadline, "nothing routed: {delivered:?}");
        let out = sqs
            .receive_message()
            .queue_url(&queue_url)
            .max_number_of_messages(10)
            .wait_time_seconds(2)
            .send()
            .await
            .unwrap();
        for m in out.messages.unwrap_or_default() {
            delivered.push(serde_json::from_str(m.body.as_deref().unwrap()).unwrap());
        }
    }
    assert!(
        delivered.iter().all(|e| e["source"] == "aegis" && e["detail-type"] == "TestTransitioned"),
        "{delivered:?}"
    );
    let event = delivered.iter().find(|e| e["detail"]["action"] == "submit_red").unwrap();
    assert_eq!(event["detail"]["test_id"], json!(id));
    assert_eq!(event["detail"]["to"], "blue_evaluating");

    // the consumer handles the delivered event: the blue tech is notified
    assert!(store::notifications::unread_count(&state.db, blue_id, &[]).await.unwrap() == 0);
    let handled =
        consumer::handle(&state, event["detail-type"].as_str().unwrap(), &event["detail"]).await.unwrap();
    assert_eq!(handled, consumer::Handled::Notified(1));
    let list: Value = ok(app.get("/api/v1/notifications", &blue).await).await;
    assert_eq!(list["items"][0]["test_id"], json!(id));
    assert_eq!(list["items"][0]["kind"], "action_required");
    // delivered twice (at least once): still one notification
    consumer::handle(&state, "TestTransitioned", &event["detail"]).await.unwrap();
    let count: Value = ok(app.get("/api/v1/notifications/unread-count", &blue).await).await;
    assert_eq!(count["count"], 1);
    // read one, read all
    let nid = list["items"][0]["id"].as_str().unwrap();
    assert_eq!(
        ok(app.post(&format!("/api/v1/notifications/{nid}/read"), &blue, &json!({})).await).await["read"],
        true
    );
    assert_eq!(ok(app.get("/api/v1/notifications/unread-count", &blue).await).await["count"], 0);
    crate::helpers::problem(
        app.post(&format!("/api/v1/notifications/{nid}/read"), &red, &json!({})).await,
        404,
    )
    .await;
    assert_eq!(ok(app.post("/api/v1/notifications/read-all", &blue, &json!({})).await).await["marked"], 0);
}
