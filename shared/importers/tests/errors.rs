//! Rejections: each must be an `Err` with a useful reason, never a panic.

use importers::{ImportError, parse_bundle, parse_bundle_slice};

/// Parses through both front ends (streaming reader and in-memory slice), which must agree.
fn parse_str(s: &str) -> Result<importers::Catalog, ImportError> {
    parse_bytes(s.as_bytes())
}

fn parse_bytes(b: &[u8]) -> Result<importers::Catalog, ImportError> {
    let streamed = parse_bundle(b);
    let sliced = parse_bundle_slice(b);
    // serde_json's two front ends may place a type error's column one apart; nothing else differs.
    let fuzzy = |r: &Result<importers::Catalog, ImportError>| match r {
        Err(ImportError::Json { line, reason, .. }) => {
            Err(ImportError::Json { line: *line, column: 0, reason: reason.clone() })
        }
        Err(ImportError::NotABundle { reason }) => {
            Err(ImportError::NotABundle { reason: reason.split(", column ").next().unwrap().to_owned() })
        }
        other => other.clone(),
    };
    assert_eq!(fuzzy(&streamed), fuzzy(&sliced), "reader and slice front ends disagree");
    streamed
}

fn fixture_text() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini-enterprise-v1.json"))
        .unwrap()
}

/// Replace exactly one occurrence of `from` in the fixture.
fn fixture_with(from: &str, to: &str) -> String {
    let text = fixture_text();
    assert_eq!(text.matches(from).count(), 1, "fixture must contain {from:?} exactly once");
    text.replacen(from, to, 1)
}

/// Deterministic pseudo-random bytes (xorshift64*), no extra dependency.
fn junk(len: usize, mut seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        out.extend_from_slice(&seed.wrapping_mul(0x2545_f491_4f6c_dd1d).to_le_bytes());
    }
    out.truncate(len);
    out
}

#[test]
fn truncated_json_is_rejected_as_truncated() {
    let text = fixture_text();
    for cut in [1, 10, text.len() / 3, text.len() / 2, text.len() - 2] {
        let err = parse_str(&text[..cut]).unwrap_err();
        match &err {
            ImportError::Json { reason, line, .. } => {
                assert!(reason.contains("truncated"), "cut {cut}: {err}");
                assert!(*line >= 1);
            }
            other => panic!("cut {cut}: expected Json error, got {other:?}"),
        }
    }
}

#[test]
fn not_json_at_all() {
    let err = parse_str("<html>not json</html>").unwrap_err();
    assert!(matches!(err, ImportError::Json { line: 1, column: 1, .. }), "{err:?}");
    assert!(err.to_string().starts_with("not valid JSON at line 1, column 1"), "{err}");
    let err = parse_str("").unwrap_err();
    assert!(err.reason().contains("truncated"), "{err}");
}

#[test]
fn top_level_not_a_bundle() {
    let err = parse_str(r#"{"type":"indicator"}"#).unwrap_err();
    assert_eq!(
        err,
        ImportError::NotABundle { reason: "top-level \"type\" is \"indicator\", expected \"bundle\"".into() }
    );
    // `type` after `objects`: still rejected.
    let err = parse_str(r#"{"objects": [], "type": "report"}"#).unwrap_err();
    assert!(matches!(err, ImportError::NotABundle { .. }), "{err:?}");
    let err = parse_str(r#"{"objects": []}"#).unwrap_err();
    assert_eq!(err, ImportError::NotABundle { reason: "the top-level object has no \"type\"".into() });
    for text in [r#"[{"type":"bundle"}]"#, r#""bundle""#, "42", "null"] {
        let err = parse_str(text).unwrap_err();
        match &err {
            ImportError::NotABundle { reason } => {
                assert!(reason.contains("expected a STIX bundle"), "{reason}")
            }
            other => panic!("{text}: {other:?}"),
        }
    }
}

#[test]
fn wrong_type_for_objects() {
    for objects in [r#"{}"#, r#""x""#, "3", "true"] {
        let text = format!(r#"{{"type": "bundle", "id": "bundle--1", "objects": {objects}}}"#);
        let err = parse_str(&text).unwrap_err();
        match &err {
            ImportError::NotABundle { reason } => {
                assert!(reason.contains("\"objects\" to be an array of STIX objects"), "{reason}")
            }
            other => panic!("{objects}: {other:?}"),
        }
    }
}

#[test]
fn object_without_id_or_type() {
    let text = fixture_with(r#""id": "x-mitre-tactic--7a000000-0000-4000-8000-000000000099","#, "");
    let err = parse_str(&text).unwrap_err();
    assert_eq!(
        err,
        ImportError::InvalidObject {
            index: 4,
            object_type: Some("x-mitre-tactic".into()),
            id: None,
            reason: "object has no \"id\"".into()
        }
    );
    assert_eq!(err.to_string(), "invalid STIX object #4 (type x-mitre-tactic, no id): object has no \"id\"");

    let text = fixture_with(r#""type": "campaign","#, "");
    let err = parse_str(&text).unwrap_err();
    assert!(
        matches!(&err, ImportError::InvalidObject { reason, object_type: None, id: Some(id), .. }
            if reason == "object has no \"type\"" && id.starts_with("campaign--")),
        "{err:?}"
    );

    let err = parse_str(r#"{"type":"bundle","objects":[42]}"#).unwrap_err();
    assert!(
        matches!(&err, ImportError::InvalidObject { index: 0, reason, .. } if reason == "is not a JSON object")
    );
    let err = parse_str(r#"{"type":"bundle","objects":[{"type": 5, "id": "x"}]}"#).unwrap_err();
    assert!(
        matches!(&err, ImportError::InvalidObject { index: 0, reason, .. } if reason.contains("invalid type"))
    );
}

#[test]
fn id_must_carry_its_type_and_be_unique() {
    let text = fixture_with(
        r#""id": "campaign--ca000000-0000-4000-8000-000000000001""#,
        r#""id": "intrusion-set--ca000000-0000-4000-8000-000000000001""#,
    );
    let err = parse_str(&text).unwrap_err();
    assert!(err.reason().contains("does not start with \"campaign--\""), "{err}");

    let text = fixture_with(
        r#""id": "campaign--ca000000-0000-4000-8000-000000000001""#,
        r#""id": "campaign--ca000000-0000-4000-8000-000000000001", "x": 1}, {"type": "campaign", "id": "campaign--ca000000-0000-4000-8000-000000000001""#,
    );
    let err = parse_str(&text).unwrap_err();
    assert!(err.reason().contains("duplicate id"), "{err}");
}

#[test]
fn active_attack_object_without_attack_id() {
    let text = fixture_with(
        r#"{"source_name": "mitre-attack", "external_id": "M1002", "url": "https://attack.mitre.org/mitigations/M1002"}"#,
        r#"{"source_name": "somewhere-else", "external_id": "M1002"}"#,
    );
    let err = parse_str(&text).unwrap_err();
    match &err {
        ImportError::InvalidObject { object_type, id, reason, .. } => {
            assert_eq!(object_type.as_deref(), Some("course-of-action"));
            assert_eq!(id.as_deref(), Some("course-of-action--c0a00000-0000-4000-8000-000000001002"));
            assert!(reason.contains("has no ATT&CK id"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    // The same object, deprecated, is accepted without an ATT&CK id.
    let text = text.replacen(
        r#""x_mitre_version": "1.0",
            "x_mitre_domains": ["enterprise-attack"],
            "x_mitre_deprecated": false,
            "created": "2019-06-11T00:00:00.000Z""#,
        r#""x_mitre_version": "1.0",
            "x_mitre_domains": ["enterprise-attack"],
            "x_mitre_deprecated": true,
            "created": "2019-06-11T00:00:00.000Z""#,
        1,
    );
    let c = parse_str(&text).expect("deprecated mitigation without ATT&CK id is fine");
    assert!(c.mitigations.iter().any(|m| m.attack_id.is_none() && m.deprecated));
}

#[test]
fn wrong_field_types_name_the_field() {
    let cases = [
        (
            r#""x_mitre_is_subtechnique": true"#,
            r#""x_mitre_is_subtechnique": "yes""#,
            "x_mitre_is_subtechnique",
        ),
        (
            r#""x_mitre_platforms": ["Windows", "Linux"]"#,
            r#""x_mitre_platforms": "Windows""#,
            "x_mitre_platforms",
        ),
        (
            r#"{"source_name": "mitre-attack", "external_id": "T1004", "url": "https://attack.mitre.org/techniques/T1004"}"#,
            r#"{"source_name": "mitre-attack", "external_id": 1004}"#,
            "external_references[0].external_id",
        ),
        (r#""name": "Fixture Panda","#, r#""name": ["Fixture Panda"],"#, "name"),
        (r#""relationship_type": "detects""#, r#""relationship_type": null"#, "relationship_type"),
        (r#""x_mitre_version": "1.2","#, r#""x_mitre_version": 1.2,"#, "x_mitre_version"),
    ];
    for (from, to, field) in cases {
        let err = parse_str(&fixture_with(from, to)).unwrap_err();
        match &err {
            ImportError::InvalidObject { reason, .. } => {
                assert!(reason.starts_with(&format!("{field}: invalid type")), "{field}: {reason}")
            }
            other => panic!("{field}: {other:?}"),
        }
    }
}

#[test]
fn unsupported_spec_version() {
    let err = parse_str(r#"{"type":"bundle","spec_version":"3.0","objects":[]}"#).unwrap_err();
    assert!(matches!(err, ImportError::NotABundle { .. }), "{err:?}");
    let text = fixture_with(
        r#""id": "campaign--ca000000-0000-4000-8000-000000000001",
            "spec_version": "2.1""#,
        r#""id": "campaign--ca000000-0000-4000-8000-000000000001",
            "spec_version": "2.2""#,
    );
    let err = parse_str(&text).unwrap_err();
    assert!(err.reason().contains("spec_version \"2.2\" is not supported"), "{err}");
}

#[test]
fn a_bundle_without_matrix_or_tactics_is_not_attack() {
    let err = parse_str(r#"{"type":"bundle","id":"bundle--1","objects":[]}"#).unwrap_err();
    assert!(matches!(err, ImportError::NotAttack { .. }), "{err:?}");
    let err = parse_str(r#"{"type":"bundle"}"#).unwrap_err();
    assert!(matches!(err, ImportError::NotAttack { .. }), "{err:?}");
}

#[test]
fn trailing_garbage_after_the_bundle() {
    let mut text = fixture_text();
    text.push_str("\n{}");
    let err = parse_str(&text).unwrap_err();
    assert!(matches!(&err, ImportError::Json { reason, .. } if reason.contains("trailing")), "{err:?}");
}

#[test]
fn ten_megabytes_of_random_bytes() {
    for seed in [1u64, 0x9e37_79b9_7f4a_7c15, 42] {
        let bytes = junk(10 * 1024 * 1024, seed);
        let err = parse_bytes(&bytes).unwrap_err();
        assert!(!err.reason().is_empty());
        assert!(matches!(err, ImportError::Json { .. } | ImportError::NotABundle { .. }), "{err:?}");
    }
    // Random bytes inside an otherwise valid start.
    let mut bytes = br#"{"type": "bundle", "objects": ["#.to_vec();
    bytes.extend(junk(10 * 1024 * 1024, 7));
    let err = parse_bytes(&bytes).unwrap_err();
    assert!(!err.reason().is_empty(), "{err:?}");
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let open = "[".repeat(100_000);
    let close = "]".repeat(100_000);
    // In a modelled object the value tree is built: serde_json's recursion limit stops it.
    let deep = format!(
        r#"{{"type":"bundle","objects":[{{"type":"attack-pattern","id":"attack-pattern--1","x":{open}{close}}}]}}"#
    );
    let err = parse_str(&deep).unwrap_err();
    assert!(
        matches!(&err, ImportError::InvalidObject { reason, .. } if reason.contains("recursion limit")),
        "{err:?}"
    );
    // In an object of an unmodelled type, and outside `objects`, the value is skipped without
    // recursion; the bundle then fails for lack of a matrix.
    let deep = format!(
        r#"{{"type":"bundle","objects":[{{"type":"campaign","id":"campaign--1","x":{open}{close}}}]}}"#
    );
    assert!(matches!(parse_str(&deep).unwrap_err(), ImportError::NotAttack { .. }));
    let deep = format!(r#"{{"type":"bundle","x":{}{}}}"#, "{\"a\":".repeat(100_000), "}".repeat(100_000));
    assert!(parse_str(&deep).is_err());
}

#[test]
fn io_errors_are_reported() {
    struct Failing;
    impl std::io::Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk on fire"))
        }
    }
    let err = parse_bundle(Failing).unwrap_err();
    assert!(matches!(&err, ImportError::Io(r) if r.contains("disk on fire")), "{err:?}");
}
