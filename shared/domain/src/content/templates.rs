//! Test templates: a procedure from a content source (an Atomic Red Team test, a CALDERA
//! ability, a LOLBAS command, a GTFOBins function) or written in the app, that red teams start
//! tests from.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Where a template comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TemplateOrigin {
    AtomicRedTeam,
    Caldera,
    Lolbas,
    Gtfobins,
    /// Written in the app.
    Custom,
}

impl TemplateOrigin {
    pub const ALL: [TemplateOrigin; 5] = [
        TemplateOrigin::AtomicRedTeam,
        TemplateOrigin::Caldera,
        TemplateOrigin::Lolbas,
        TemplateOrigin::Gtfobins,
        TemplateOrigin::Custom,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TemplateOrigin::AtomicRedTeam => "atomic-red-team",
            TemplateOrigin::Caldera => "caldera",
            TemplateOrigin::Lolbas => "lolbas",
            TemplateOrigin::Gtfobins => "gtfobins",
            TemplateOrigin::Custom => "custom",
        }
    }

    /// The data source that imports templates of this origin (none for custom ones).
    pub fn source(self) -> Option<super::SourceKey> {
        use super::SourceKey;
        match self {
            TemplateOrigin::AtomicRedTeam => Some(SourceKey::AtomicRedTeam),
            TemplateOrigin::Caldera => Some(SourceKey::Caldera),
            TemplateOrigin::Lolbas => Some(SourceKey::Lolbas),
            TemplateOrigin::Gtfobins => Some(SourceKey::Gtfobins),
            TemplateOrigin::Custom => None,
        }
    }
}

impl std::str::FromStr for TemplateOrigin {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TemplateOrigin::ALL
            .into_iter()
            .find(|o| o.as_str() == s)
            .ok_or_else(|| format!("unknown template source `{s}`"))
    }
}

/// An input of a template's command (`#{name}` in Atomic Red Team commands).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TemplateArgument {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// The upstream type (`string`, `path`, `url`, `integer`, ...).
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    #[serde(default)]
    pub default: Option<String>,
}

/// What a template says, as the source (or its author) wrote it. A sync compares this, through
/// its hash, to decide whether a template changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TemplateContent {
    pub source: TemplateOrigin,
    /// Stable across syncs: the atomic test's GUID, the ability's id, `<entry>#<n>` for a LOLBAS
    /// command, `<binary>#<function>` for GTFOBins.
    pub source_id: String,
    /// ATT&CK ids, upper case (`T1059.001`).
    pub technique_ids: Vec<String>,
    /// Tactic short names when the source names them (`discovery`).
    #[serde(default)]
    pub tactics: Vec<String>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub platforms: Vec<String>,
    /// `powershell`, `command_prompt`, `sh`, `bash`, `manual`, ...
    #[serde(default)]
    pub executor: Option<String>,
    #[serde(default)]
    pub command: Option<String>,
    #[serde(default)]
    pub cleanup: Option<String>,
    #[serde(default)]
    pub arguments: Vec<TemplateArgument>,
    /// The privileges the command needs as the source says it (`User`, `Administrator`, `root`).
    #[serde(default)]
    pub privileges: Option<String>,
    #[serde(default)]
    pub elevation_required: bool,
    #[serde(default)]
    pub references: Vec<String>,
    /// The file it came from, inside the source's archive.
    #[serde(default)]
    pub upstream_path: Option<String>,
}

/// A template as stored and served.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TestTemplate {
    pub id: Uuid,
    #[serde(flatten)]
    pub content: TemplateContent,
    /// Hex SHA-256 of the content; a test keeps the hash its template had when it was created.
    pub content_hash: String,
    /// Offered when creating tests. Set by leads; a sync never changes it.
    pub active: bool,
    /// The source no longer has it (kept: tests may reference it).
    pub retired: bool,
    /// Technique ids the catalog did not know at the last sync or edit (e.g. newer ATT&CK ids).
    #[serde(default)]
    pub unknown_techniques: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub created_by: Option<String>,
    pub updated_by: Option<String>,
    /// The sync run that last wrote it.
    pub run_id: Option<Uuid>,
}

/// Namespace of template ids: the id of an imported template is derived from its origin and
/// source id, so a re-sync (or a sync on another stack) finds the same template.
const TEMPLATE_NAMESPACE: Uuid = Uuid::from_u128(0x6d1c_64a8_8f61_4a0e_9d2a_5be0_a1f3_7c42);

impl TestTemplate {
    pub fn imported_id(origin: TemplateOrigin, source_id: &str) -> Uuid {
        Uuid::new_v5(&TEMPLATE_NAMESPACE, format!("{}/{source_id}", origin.as_str()).as_bytes())
    }

    /// Whether `technique` (or, for a parent, one of its sub-techniques) is among its techniques.
    pub fn covers(&self, technique: &str) -> bool {
        super::names_technique(&self.content.technique_ids, technique)
    }

    /// The command with each `#{argument}` replaced by the value given, or else its default.
    /// Arguments with neither stay as written, so nobody runs a half-filled command unknowingly.
    pub fn resolved_command(&self, values: &std::collections::BTreeMap<String, String>) -> Option<String> {
        self.content.command.as_deref().map(|c| resolve_arguments(c, &self.content.arguments, values))
    }

    pub fn resolved_cleanup(&self, values: &std::collections::BTreeMap<String, String>) -> Option<String> {
        self.content.cleanup.as_deref().map(|c| resolve_arguments(c, &self.content.arguments, values))
    }
}

fn resolve_arguments(
    text: &str,
    arguments: &[TemplateArgument],
    values: &std::collections::BTreeMap<String, String>,
) -> String {
    let mut out = text.to_owned();
    for arg in arguments {
        let value = values.get(&arg.name).or(arg.default.as_ref());
        if let Some(v) = value {
            out = out.replace(&format!("#{{{}}}", arg.name), v);
        }
    }
    out
}

/// `T1059` or `T1059.001`.
pub fn is_technique_id(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match b.len() {
        5 => b[0] == b'T' && digits(1..5),
        9 => b[0] == b'T' && digits(1..5) && b[5] == b'.' && digits(6..9),
        _ => false,
    }
}

/// The field errors of a custom template's content (an empty list: it may be stored). Whether
/// its techniques are in the catalog is the caller's check.
pub fn check_custom(c: &TemplateContent) -> Vec<crate::FieldError> {
    use crate::FieldError;
    use crate::validation::check_text;
    let mut errors = Vec::new();
    check_text("name", &c.name, 200, true, &mut errors);
    check_text("description", &c.description, 20_000, false, &mut errors);
    if c.technique_ids.is_empty() || c.technique_ids.len() > 20 {
        errors.push(FieldError::new("technique_ids", "out_of_range", "1 to 20 ATT&CK technique ids"));
    }
    for (i, t) in c.technique_ids.iter().enumerate() {
        if !is_technique_id(t) {
            errors.push(FieldError::new(
                format!("technique_ids[{i}]"),
                "invalid",
                "an ATT&CK technique id such as T1059.001",
            ));
        }
    }
    if c.platforms.len() > 20 {
        errors.push(FieldError::new("platforms", "out_of_range", "at most 20 platforms"));
    }
    for (i, p) in c.platforms.iter().enumerate() {
        check_text(&format!("platforms[{i}]"), p, 50, true, &mut errors);
    }
    for (field, value, max) in [
        ("executor", &c.executor, 50),
        ("command", &c.command, 20_000),
        ("cleanup", &c.cleanup, 20_000),
        ("privileges", &c.privileges, 100),
    ] {
        if let Some(v) = value {
            check_text(field, v, max, false, &mut errors);
        }
    }
    if c.arguments.len() > 50 {
        errors.push(FieldError::new("arguments", "out_of_range", "at most 50 arguments"));
    }
    let mut names = std::collections::HashSet::new();
    for (i, a) in c.arguments.iter().enumerate() {
        let valid = !a.name.is_empty()
            && a.name.len() <= 64
            && a.name.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-');
        if !valid {
            errors.push(FieldError::new(
                format!("arguments[{i}].name"),
                "invalid",
                "1-64 letters, digits, `_` or `-`",
            ));
        } else if !names.insert(a.name.as_str()) {
            errors.push(FieldError::new(format!("arguments[{i}].name"), "duplicate", "each argument once"));
        }
        for (field, value, max) in
            [("description", &a.description, 2_000), ("type", &a.kind, 50), ("default", &a.default, 2_000)]
        {
            if let Some(v) = value {
                check_text(&format!("arguments[{i}].{field}"), v, max, false, &mut errors);
            }
        }
    }
    if c.references.len() > 50 {
        errors.push(FieldError::new("references", "out_of_range", "at most 50 references"));
    }
    for (i, r) in c.references.iter().enumerate() {
        check_text(&format!("references[{i}]"), r, 2_000, true, &mut errors);
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn template(command: &str) -> TestTemplate {
        TestTemplate {
            id: Uuid::nil(),
            content: TemplateContent {
                source: TemplateOrigin::AtomicRedTeam,
                source_id: "g".into(),
                technique_ids: vec!["T1059.001".into()],
                tactics: vec![],
                name: "n".into(),
                description: String::new(),
                platforms: vec!["windows".into()],
                executor: Some("powershell".into()),
                command: Some(command.into()),
                cleanup: None,
                arguments: vec![
                    TemplateArgument {
                        name: "file".into(),
                        description: None,
                        kind: Some("path".into()),
                        default: Some("C:\\a.txt".into()),
                    },
                    TemplateArgument {
                        name: "url".into(),
                        description: None,
                        kind: Some("url".into()),
                        default: None,
                    },
                ],
                privileges: None,
                elevation_required: false,
                references: vec![],
                upstream_path: None,
            },
            content_hash: String::new(),
            active: true,
            retired: false,
            unknown_techniques: vec![],
            created_at: Utc::now(),
            updated_at: Utc::now(),
            created_by: None,
            updated_by: None,
            run_id: None,
        }
    }

    #[test]
    fn arguments_resolve_to_given_values_then_defaults_and_unknown_ones_stay() {
        let t = template("iwr #{url} -OutFile #{file}; type #{file}");
        assert_eq!(
            t.resolved_command(&BTreeMap::new()).unwrap(),
            "iwr #{url} -OutFile C:\\a.txt; type C:\\a.txt"
        );
        let given = BTreeMap::from([("url".to_owned(), "http://127.0.0.1/x".to_owned())]);
        assert_eq!(
            t.resolved_command(&given).unwrap(),
            "iwr http://127.0.0.1/x -OutFile C:\\a.txt; type C:\\a.txt"
        );
    }

    #[test]
    fn a_parent_covers_its_sub_techniques_but_not_a_longer_id() {
        let t = template("x");
        assert!(t.covers("T1059") && t.covers("T1059.001"));
        assert!(!t.covers("T1059.002") && !t.covers("T105"));
    }

    #[test]
    fn a_custom_template_names_every_bad_field() {
        let mut c = template("x").content;
        c.source = TemplateOrigin::Custom;
        assert!(check_custom(&c).is_empty(), "{:?}", check_custom(&c));
        c.name = " ".into();
        c.technique_ids = vec!["T59".into()];
        c.arguments.push(TemplateArgument {
            name: "file".into(),
            description: None,
            kind: None,
            default: None,
        });
        let fields: Vec<String> = check_custom(&c).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "technique_ids[0]", "arguments[2].name"]);
    }

    #[test]
    fn technique_ids_are_checked_by_shape() {
        assert!(is_technique_id("T1059") && is_technique_id("T1059.001"));
        assert!(
            !is_technique_id("T59")
                && !is_technique_id("T1059.1")
                && !is_technique_id("t1059")
                && !is_technique_id("TA0001")
        );
    }

    #[test]
    fn imported_ids_are_stable_and_distinct_per_origin() {
        let a = TestTemplate::imported_id(TemplateOrigin::AtomicRedTeam, "x");
        assert_eq!(a, TestTemplate::imported_id(TemplateOrigin::AtomicRedTeam, "x"));
        assert_ne!(a, TestTemplate::imported_id(TemplateOrigin::Caldera, "x"));
    }
}
