//! Atomic Red Team: `atomics/T1003.001/T1003.001.yaml`, one template per entry of
//! `atomic_tests`, identified by its `auto_generated_guid`.
//!
//! The file's `attack_technique` is the technique of all its tests. The executor's `command`
//! (or, for `manual` tests, its `steps`) becomes the command, `cleanup_command` the cleanup, and
//! `input_arguments` the arguments in file order, defaults read as text (`5` → `"5"`). Atomic
//! Red Team names no tactics and no references per test.

use serde::Deserialize;

use domain::content::TemplateArgument;

use super::Sink;
use super::yaml::{self, OneOrMany, Ordered, Text, trimmed};
use crate::archive::TextFile;

/// `atomics/<T id>/<T id>.yaml`; not `atomics/Indexes/...` nor payloads under `src/`.
pub(crate) fn wanted(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    matches!(parts.as_slice(), ["atomics", dir, file]
        if dir.starts_with('T') && file.starts_with('T') && file.ends_with(".yaml"))
}

#[derive(Deserialize)]
struct AtomicFile {
    attack_technique: OneOrMany,
    #[serde(default)]
    atomic_tests: Vec<AtomicTest>,
}

#[derive(Deserialize)]
struct AtomicTest {
    name: String,
    auto_generated_guid: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    supported_platforms: Vec<String>,
    #[serde(default)]
    input_arguments: Option<Ordered<InputArgument>>,
    executor: Executor,
}

#[derive(Deserialize)]
struct InputArgument {
    description: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    default: Option<Text>,
}

#[derive(Deserialize)]
struct Executor {
    name: String,
    command: Option<String>,
    steps: Option<String>,
    cleanup_command: Option<String>,
    #[serde(default)]
    elevation_required: bool,
}

pub(crate) fn parse(file: &TextFile, sink: &mut Sink) {
    sink.file();
    let doc: AtomicFile = match yaml::from_str(&file.text) {
        Ok(d) => d,
        Err(e) => return sink.error(&file.path, e),
    };
    let techniques = sink.techniques(&file.path, "attack_technique", doc.attack_technique.into_vec());
    if techniques.is_empty() {
        let n = doc.atomic_tests.len();
        return sink.error(&file.path, format!("no usable attack_technique; its {n} tests were skipped"));
    }
    for (n, test) in doc.atomic_tests.into_iter().enumerate() {
        let Some(guid) = test.auto_generated_guid.map(|g| g.trim().to_owned()).filter(|g| !g.is_empty())
        else {
            sink.error(
                &file.path,
                format!("test {} (`{}`) has no auto_generated_guid; skipped", n + 1, test.name),
            );
            continue;
        };
        let mut t = sink.blank(file, guid, test.name.trim().to_owned());
        t.technique_ids = techniques.clone();
        t.description = trimmed(test.description).unwrap_or_default();
        t.platforms = test.supported_platforms;
        t.command = trimmed(test.executor.command.or(test.executor.steps));
        t.cleanup = trimmed(test.executor.cleanup_command);
        t.executor = Some(test.executor.name);
        t.elevation_required = test.executor.elevation_required;
        t.arguments = test
            .input_arguments
            .unwrap_or_default()
            .0
            .into_iter()
            .map(|(name, a)| TemplateArgument {
                name,
                description: trimmed(a.description),
                kind: a.kind,
                default: a.default.map(|d| d.0),
            })
            .collect();
        sink.push(&file.path, t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::parse_templates;
    use domain::content::TemplateOrigin;

    const FILE: &str = r#"attack_technique: t1059.001
display_name: "Command and Scripting Interpreter: PowerShell"
atomic_tests:
- name: Run a script
  auto_generated_guid: 11111111-2222-3333-4444-555555555555
  description: |
    Runs a script.
  supported_platforms:
  - windows
  input_arguments:
    url:
      description: Where from
      type: url
      default: http://127.0.0.1/x.ps1
    count:
      description: How many
      type: integer
      default: 5
  executor:
    command: |
      iex (iwr #{url}) -Count #{count}
    cleanup_command: |
      Remove-Item x
    name: powershell
    elevation_required: true
- name: Manual one
  auto_generated_guid: 66666666-2222-3333-4444-555555555555
  supported_platforms: [linux, macos]
  executor:
    name: manual
    steps: |
      1. Do the thing
- name: No guid
  executor: {name: sh, command: id}
"#;

    fn file(path: &str, text: &str) -> TextFile {
        TextFile { path: path.into(), text: text.into() }
    }

    #[test]
    fn each_atomic_test_becomes_a_template() {
        let parsed =
            parse_templates(TemplateOrigin::AtomicRedTeam, &[file("atomics/T1059.001/T1059.001.yaml", FILE)]);
        assert_eq!(parsed.files_read, 1);
        let [a, m] = parsed.templates.as_slice() else { panic!("{parsed:?}") };
        assert_eq!(a.source_id, "11111111-2222-3333-4444-555555555555");
        assert_eq!(
            (a.technique_ids.as_slice(), a.name.as_str()),
            (&["T1059.001".to_owned()][..], "Run a script")
        );
        assert_eq!(a.description, "Runs a script.");
        assert_eq!(a.command.as_deref(), Some("iex (iwr #{url}) -Count #{count}"));
        assert_eq!(a.cleanup.as_deref(), Some("Remove-Item x"));
        assert_eq!((a.executor.as_deref(), a.elevation_required), (Some("powershell"), true));
        let args: Vec<_> = a.arguments.iter().map(|x| (x.name.as_str(), x.default.as_deref())).collect();
        assert_eq!(args, [("url", Some("http://127.0.0.1/x.ps1")), ("count", Some("5"))]);
        assert_eq!(a.arguments[1].kind.as_deref(), Some("integer"));
        assert_eq!(a.upstream_path.as_deref(), Some("atomics/T1059.001/T1059.001.yaml"));
        assert_eq!((m.command.as_deref(), m.platforms.len()), (Some("1. Do the thing"), 2));
        assert_eq!(parsed.errors.len(), 1);
        assert!(parsed.errors[0].reason.contains("no auto_generated_guid"), "{:?}", parsed.errors);
    }

    #[test]
    fn broken_files_invalid_techniques_and_repeats_are_errors_and_the_rest_goes_on() {
        let bad_technique = FILE.replace("t1059.001", "TA0002");
        let parsed = parse_templates(
            TemplateOrigin::AtomicRedTeam,
            &[
                file("atomics/T1/T1.yaml", "attack_technique: [unclosed"),
                file("atomics/T2/T2.yaml", &bad_technique),
                file("atomics/T3/T3.yaml", FILE),
                file("atomics/T4/T4.yaml", FILE),
            ],
        );
        assert_eq!(parsed.files_read, 4);
        assert_eq!(parsed.templates.len(), 2);
        assert!(parsed.templates.iter().all(|t| t.upstream_path.as_deref() == Some("atomics/T3/T3.yaml")));
        let paths: Vec<_> = parsed.errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths.iter().filter(|p| **p == "atomics/T1/T1.yaml").count(), 1);
        assert!(
            parsed.errors.iter().any(|e| e.path == "atomics/T2/T2.yaml" && e.reason.contains("`TA0002`"))
        );
        assert!(
            parsed.errors.iter().any(|e| e.path == "atomics/T4/T4.yaml" && e.reason.contains("already read"))
        );
    }

    #[test]
    fn only_technique_files_are_wanted() {
        assert!(wanted("atomics/T1003.001/T1003.001.yaml"));
        assert!(!wanted("atomics/Indexes/index.yaml"));
        assert!(!wanted("atomics/T1003/src/T1003.yaml"));
        assert!(!wanted("atomics/T1003/T1003.md"));
    }
}
