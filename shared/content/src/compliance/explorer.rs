//! Mappings Explorer JSON (`mapex-unified-data-schema.json`) and its control descriptions file
//! (`[{ "id": "AC-2", "description": "<p>…</p>" }]`, HTML made plain text here).

use std::collections::HashMap;

use serde::Deserialize;

use super::{Builder, ParsedFramework};
use crate::templates::technique_id;

#[derive(Deserialize)]
struct Document {
    metadata: Metadata,
    mapping_objects: Vec<MappingObject>,
}

#[derive(Deserialize)]
struct Metadata {
    attack_version: Option<String>,
    mapping_framework: Option<String>,
    mapping_framework_version: Option<String>,
}

#[derive(Deserialize)]
struct MappingObject {
    capability_id: Option<String>,
    capability_description: Option<String>,
    mapping_type: Option<String>,
    attack_object_id: Option<String>,
    status: Option<String>,
}

#[derive(Deserialize)]
struct Description {
    id: Option<String>,
    name: Option<String>,
    description: Option<String>,
}

/// CTID Mappings Explorer JSON (`metadata` + `mapping_objects[]`); `descriptions` is the optional
/// control descriptions JSON (nist-rev5_control_descriptions.json shape) giving names/descriptions.
pub fn parse_mappings_explorer(json: &str, descriptions: Option<&str>) -> Result<ParsedFramework, String> {
    let doc: Document =
        serde_json::from_str(json).map_err(|e| format!("not a Mappings Explorer file: {e}"))?;
    let described = match descriptions {
        Some(text) => serde_json::from_str::<Vec<Description>>(text)
            .map_err(|e| format!("not a control descriptions file: {e}"))?,
        None => Vec::new(),
    };
    // Exact ids first; `AC-2` also answers for `AC-02` and the other way round
    let mut by_id: HashMap<String, &Description> = HashMap::new();
    for d in described.iter().filter(|d| d.id.is_some()) {
        by_id.entry(unpadded(d.id.as_deref().unwrap_or_default())).or_insert(d);
    }
    for d in &described {
        if let Some(id) = d.id.as_deref() {
            by_id.insert(id.trim().to_owned(), d);
        }
    }
    let mut builder = Builder::default();
    let mut skipped = 0;
    for (i, object) in doc.mapping_objects.iter().enumerate() {
        let control = object.capability_id.as_deref().map(str::trim).filter(|c| !c.is_empty());
        let status = object.status.as_deref().unwrap_or("complete");
        let Some(control) = control.filter(|_| status == "complete") else {
            skipped += 1;
            continue;
        };
        let raw = object.attack_object_id.as_deref().unwrap_or_default();
        let technique = technique_id(raw).ok_or_else(|| {
            format!("mapping_objects[{i}] ({control}): `{raw}` is not an ATT&CK technique id")
        })?;
        let known = by_id.get(control).or_else(|| by_id.get(&unpadded(control)));
        let name = known.and_then(|d| d.name.as_deref()).or(object.capability_description.as_deref());
        builder.control(control, name, known.and_then(|d| d.description.as_deref()).and_then(plain_text));
        builder.mapping(control, technique, object.mapping_type.as_deref());
    }
    let meta = doc.metadata;
    let name = match meta.mapping_framework.as_deref().map(str::trim) {
        Some("nist_800_53") => "NIST SP 800-53".to_owned(),
        Some(n) if !n.is_empty() => n.to_owned(),
        _ => "Mappings Explorer framework".to_owned(),
    };
    let nonempty = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
    Ok(ParsedFramework {
        version: nonempty(meta.mapping_framework_version),
        attack_version: nonempty(meta.attack_version),
        skipped,
        ..builder.build(name)
    })
}

/// `AC-2` for `AC-02` (the number without leading zeros), for matching only.
fn unpadded(id: &str) -> String {
    match id.trim().split_once('-') {
        Some((family, number)) => {
            let number = number.trim_start_matches('0');
            format!("{family}-{}", if number.is_empty() { "0" } else { number })
        }
        None => id.trim().to_owned(),
    }
}

/// The description's text: tags dropped, paragraphs as blank lines, the entities it uses decoded.
fn plain_text(html: &str) -> Option<String> {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            rest = &rest[open..];
            break;
        };
        if rest[open..].starts_with("</p") {
            text.push_str("\n\n");
        }
        rest = &rest[open + close + 1..];
    }
    text.push_str(rest);
    let text =
        [("&rsquo;", "’"), ("&lsquo;", "‘"), ("&quot;", "\""), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")]
            .iter()
            .fold(text, |t, (entity, c)| t.replace(entity, c));
    let paragraphs: Vec<&str> = text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect();
    (!paragraphs.is_empty()).then(|| paragraphs.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAPPING: &str = r#"{
  "metadata": {"attack_version": "16.1", "mapping_framework": "nist_800_53", "mapping_framework_version": "rev5",
               "capability_groups": {"AC": "Access Control"}},
  "mapping_objects": [
    {"capability_id": "AC-02", "capability_group": "AC", "capability_description": "Account Management",
     "mapping_type": "mitigates", "attack_object_id": "T1078", "status": "complete"},
    {"capability_id": "AC-02", "capability_group": "AC", "capability_description": "Account Management",
     "mapping_type": "mitigates", "attack_object_id": "T1078", "status": "complete"},
    {"capability_id": "SI-04", "capability_group": "SI", "capability_description": "System Monitoring",
     "mapping_type": "mitigates", "attack_object_id": "t1003.001", "status": "complete"},
    {"capability_id": null, "capability_group": null, "capability_description": null,
     "mapping_type": null, "attack_object_id": "T1496.002", "status": "non_mappable"}
  ]
}"#;

    #[test]
    fn complete_objects_map_and_non_mappable_ones_are_counted() {
        let descriptions = r#"[{"id": "AC-2", "description": "<p>Accounts &amp; groups.</p>\n<p>See <a href=\"x\">AC-3</a>.</p>"},
                               {"id": null, "description": ""}]"#;
        let parsed = parse_mappings_explorer(MAPPING, Some(descriptions)).unwrap();
        assert_eq!(parsed.name, "NIST SP 800-53");
        assert_eq!(
            (parsed.version.as_deref(), parsed.attack_version.as_deref()),
            (Some("rev5"), Some("16.1"))
        );
        assert_eq!(parsed.skipped, 1);
        let ac2 = &parsed.controls[0];
        assert_eq!(
            (ac2.control_id.as_str(), ac2.name.as_str(), ac2.family.as_deref()),
            ("AC-02", "Account Management", Some("AC"))
        );
        assert_eq!(ac2.description.as_deref(), Some("Accounts & groups.\n\nSee AC-3."));
        assert_eq!(parsed.controls[1].description, None);
        let mappings: Vec<(&str, &str)> =
            parsed.mappings.iter().map(|m| (m.control_id.as_str(), m.technique_id.as_str())).collect();
        assert_eq!(mappings, [("AC-02", "T1078"), ("SI-04", "T1003.001")]);
        assert_eq!(parsed.mappings[0].mapping_type.as_deref(), Some("mitigates"));
        assert_eq!(parse_mappings_explorer(MAPPING, None).unwrap().mappings, parsed.mappings);
    }

    #[test]
    fn bad_files_and_technique_ids_are_refused() {
        assert!(parse_mappings_explorer("[]", None).unwrap_err().starts_with("not a Mappings Explorer file"));
        assert!(
            parse_mappings_explorer(MAPPING, Some("{}"))
                .unwrap_err()
                .starts_with("not a control descriptions")
        );
        let bad = MAPPING.replace("t1003.001", "S0002");
        assert_eq!(
            parse_mappings_explorer(&bad, None).unwrap_err(),
            "mapping_objects[2] (SI-04): `S0002` is not an ATT&CK technique id"
        );
    }
}
