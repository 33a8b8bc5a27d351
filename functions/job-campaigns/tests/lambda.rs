//! The real `job-campaigns` binary driven with the scheduled event its EventBridge rule sends:
//! a due campaign gets its next run, once, however often the tick is delivered.

use aegis_tests::events::eventbridge;
use aegis_tests::lambda::invoke;
use chrono::{Duration, Utc};
use domain::Role;
use domain::campaign::{CampaignStatus, Recurrence};
use lifecycle::Origin;
use serde_json::json;

#[tokio::test]
async fn a_scheduled_tick_starts_each_due_run_once() {
    let stack = aegis_tests::stack().await;
    let state = aegis_tests::seed::state_with_fixture_catalog(stack, &"k".repeat(40)).await;
    let (lead, _) = aegis_tests::seed::user(&state, Role::RedLead).await;
    let origin =
        Origin::new(domain::lifecycle::Actor::new(lead.id, lead.username.to_string(), Role::RedLead), None);
    let draft = campaigns::Draft {
        name: "Weekly".into(),
        recurrence: Recurrence::Weekly,
        ..campaigns::Draft::default()
    };
    let c = campaigns::create(&state, &origin, draft).await.unwrap();
    let new = campaigns::NewTest {
        technique_id: Some("T1001".into()),
        title: Some("Alpha".into()),
        ..Default::default()
    };
    let admin = Origin::new(domain::lifecycle::Actor::process("test-setup"), None);
    campaigns::add_test(&state, &admin, c.id, new).await.unwrap();
    campaigns::start(&state, &origin, c.id).await.unwrap();
    // Make it due: its next run a minute ago, written as the service writes campaigns.
    let mut due = store::campaigns::get(&state.db, c.id).await.unwrap().unwrap();
    let before = due.clone();
    due.next_run_at = Some(Utc::now() - Duration::minutes(1));
    due.version += 1;
    let mut tx = store::Transaction::new();
    store::campaigns::write(&mut tx, &state.db, Some(&before), &due).unwrap();
    tx.commit(&state.db, "test").await.unwrap();

    let mut env = stack.env();
    env.push(("TABLE_NAME".into(), state.config.table_name.clone()));
    env.push(("SECRET_KEY".into(), "k".repeat(40)));
    let tick = || eventbridge("aws.events", "Scheduled Event", json!({}));
    let run = invoke(
        env!("CARGO_BIN_EXE_job-campaigns"),
        &env,
        vec![tick(), tick()],
        std::time::Duration::from_secs(60),
    )
    .await;
    let out: Vec<_> = run.outcomes.into_iter().map(|o| o.response()).collect();
    assert_eq!(out[0]["started"], json!([c.id.to_string()]));
    assert_eq!(out[1]["started"], json!([]), "a redelivered tick finds nothing due");
    let after = store::campaigns::get(&state.db, c.id).await.unwrap().unwrap();
    assert_eq!((after.run, after.status), (2, CampaignStatus::Active));
    assert!(after.next_run_at.unwrap() > Utc::now() + Duration::days(6));
    assert_eq!(store::campaigns::runs(&state.db, c.id).await.unwrap().len(), 1);
}
