//! A campaign from a real threat actor over the Enterprise 18.1 catalog: exactly one test per
//! current technique the actor uses, the expected set read straight from the bundle's `uses`
//! relationships. `#[ignore]`d so that, without the data, it is reported as skipped; `make test`
//! runs it when the data is present.

use domain::sync::{RunStatus, Trigger};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::PathBuf;

fn data_dir() -> PathBuf {
    std::env::var_os("AEGIS_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"))
}

fn attack_id(o: &Value) -> Option<&str> {
    o["external_references"].as_array()?.iter().find(|r| r["source_name"] == "mitre-attack")?["external_id"]
        .as_str()
}

fn current(o: &Value) -> bool {
    !o["revoked"].as_bool().unwrap_or(false) && !o["x_mitre_deprecated"].as_bool().unwrap_or(false)
}

#[tokio::test]
#[ignore = "needs the real data (AEGIS_DATA_DIR); make test runs it when present"]
async fn apt29_from_enterprise_18_1_real_data() {
    let raw =
        std::fs::read(data_dir().join("attack/enterprise-attack-18.1.json.gz")).expect("set AEGIS_DATA_DIR");
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(&raw[..]).read_to_end(&mut bytes).unwrap();
    let bundle: Value = serde_json::from_slice(&bytes).unwrap();
    let objects = bundle["objects"].as_array().unwrap();
    let by_ref: HashMap<&str, &Value> = objects.iter().filter_map(|o| Some((o["id"].as_str()?, o))).collect();
    let group = objects
        .iter()
        .find(|o| o["type"] == "intrusion-set" && attack_id(o) == Some("G0016"))
        .expect("APT29 in the bundle");
    let expected: BTreeSet<String> = objects
        .iter()
        .filter(|r| r["type"] == "relationship" && r["relationship_type"] == "uses" && current(r))
        .filter(|r| r["source_ref"] == group["id"])
        .filter_map(|r| by_ref.get(r["target_ref"].as_str()?))
        .filter(|t| t["type"] == "attack-pattern" && current(t))
        .filter_map(|t| attack_id(t).map(str::to_owned))
        .collect();
    assert!(expected.len() > 30, "APT29 uses many techniques: {}", expected.len());

    let path = std::env::temp_dir().join(format!("aegis-18.1-{}.json", uuid::Uuid::new_v4()));
    std::fs::write(&path, &bytes).unwrap();
    let url = format!("file://{}", path.display());
    let config = web::Config::from_lookup(|k| match k {
        "SECRET_KEY" => Some("x".repeat(40)),
        "ATTACK_TAXII_URL" => Some(String::new()),
        "ATTACK_BUNDLE_URL" => Some(url.clone()),
        _ => None,
    })
    .unwrap();
    let state = aegis_tests::stack().await.app_state(config).await;
    let run = attack_sync::start(&state, Trigger::Manual, None).await.unwrap();
    assert_eq!(
        attack_sync::execute(&state, run, attack_sync::Input::Fetch).await.status,
        RunStatus::Succeeded
    );
    std::fs::remove_file(&path).ok();

    let origin = lifecycle::Origin::new(domain::lifecycle::Actor::process("real-data-test"), None);
    let req = campaigns::FromActor {
        threat_actor_id: "G0016".into(),
        include_subtechniques: true,
        ..Default::default()
    };
    let result = campaigns::from_threat_actor(&state, &origin, req).await.unwrap();
    let got: BTreeSet<String> = result.campaign.tests.iter().map(|t| t.technique_id.clone()).collect();
    assert_eq!(result.tests, expected.len());
    assert_eq!(result.campaign.tests.len(), expected.len(), "one test per technique");
    assert_eq!(got, expected);
    // Phases follow the matrix's tactic order, each holding techniques whose first tactic it is.
    assert!(result.campaign.phases.len() >= 8, "{} phases", result.campaign.phases.len());
    assert_eq!(result.campaign.phases[0].name, "Reconnaissance");
}
