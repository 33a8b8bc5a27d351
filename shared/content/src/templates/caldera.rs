//! MITRE CALDERA stockpile: `data/abilities/<tactic>/<id>.yml`, each a list of abilities (in
//! practice one), one template per ability identified by its `id`.
//!
//! Two schemas are live upstream: most abilities say `technique: {attack_id}` and
//! `platforms: {windows: {psh: {command, cleanup}}}` (keys may join several names:
//! `linux,darwin`, `psh,pwsh`); older ones say `technique_id` (sometimes with a leading space)
//! and `executors: [{platform, name, command, cleanup: [...]}]`. A template holds one command:
//! the first platform and executor in file order; the others are listed in the description.
//! Names are put in the vocabulary Atomic Red Team uses (`darwin` → `macos`, `psh` →
//! `powershell`, `cmd` → `command_prompt`) so filters work across sources.

use serde::Deserialize;

use super::Sink;
use super::yaml::{self, Ordered, Text, trimmed};
use crate::archive::TextFile;

pub(crate) fn wanted(path: &str) -> bool {
    path.starts_with("data/abilities/") && (path.ends_with(".yml") || path.ends_with(".yaml"))
}

#[derive(Deserialize)]
struct Ability {
    id: Option<Text>,
    name: Option<String>,
    description: Option<String>,
    tactic: Option<String>,
    technique: Option<Technique>,
    technique_id: Option<String>,
    privilege: Option<String>,
    platforms: Option<Ordered<Option<Ordered<Option<PlatformExecutor>>>>>,
    executors: Option<Vec<FlatExecutor>>,
}

#[derive(Deserialize)]
struct Technique {
    attack_id: Option<String>,
}

#[derive(Deserialize)]
struct PlatformExecutor {
    command: Option<String>,
    cleanup: Option<Cleanup>,
}

#[derive(Deserialize)]
struct FlatExecutor {
    platform: String,
    name: String,
    command: Option<String>,
    cleanup: Option<Cleanup>,
}

#[derive(Clone, Deserialize)]
#[serde(untagged)]
enum Cleanup {
    One(String),
    Many(Vec<String>),
}

impl Cleanup {
    fn text(self) -> Option<String> {
        let text = match self {
            Cleanup::One(s) if s.trim() == "[]" => return None,
            Cleanup::One(s) => s,
            Cleanup::Many(v) => v.join("\n"),
        };
        trimmed(Some(text))
    }
}

/// One way to run the ability.
struct Way {
    platform: String,
    executor: String,
    command: Option<String>,
    cleanup: Option<Cleanup>,
}

pub(crate) fn parse(file: &TextFile, sink: &mut Sink) {
    sink.file();
    let abilities: Vec<Ability> = match yaml::from_str(&file.text) {
        Ok(a) => a,
        Err(e) => return sink.error(&file.path, e),
    };
    for ability in abilities {
        let Some(id) = ability.id.map(|t| t.0.trim().to_owned()).filter(|i| !i.is_empty()) else {
            sink.error(&file.path, "an ability has no id; skipped");
            continue;
        };
        let name = ability.name.map(|n| n.trim().to_owned()).unwrap_or_else(|| id.clone());
        let mut t = sink.blank(file, id, name);
        let technique = ability.technique.and_then(|t| t.attack_id).or(ability.technique_id);
        t.technique_ids = sink.techniques(&file.path, &t.source_id, technique);
        t.tactics =
            ability.tactic.map(|x| x.trim().to_owned()).into_iter().filter(|x| !x.is_empty()).collect();
        t.description = trimmed(ability.description).unwrap_or_default();
        t.privileges = trimmed(ability.privilege);
        t.elevation_required = t.privileges.as_deref() == Some("Elevated");
        let ways = ways(ability.platforms, ability.executors);
        for w in &ways {
            if !t.platforms.contains(&w.platform) {
                t.platforms.push(w.platform.clone());
            }
        }
        if ways.len() > 1 {
            let all: Vec<String> = ways.iter().map(|w| format!("{}/{}", w.platform, w.executor)).collect();
            let sep = if t.description.is_empty() { "" } else { "\n\n" };
            t.description = format!("{}{sep}Executors: {}", t.description, all.join(", "));
        }
        if let Some(first) = ways.into_iter().next() {
            t.executor = Some(first.executor);
            t.command = trimmed(first.command);
            t.cleanup = first.cleanup.and_then(Cleanup::text);
        }
        sink.push(&file.path, t);
    }
}

fn ways(
    platforms: Option<Ordered<Option<Ordered<Option<PlatformExecutor>>>>>,
    executors: Option<Vec<FlatExecutor>>,
) -> Vec<Way> {
    let mut ways = Vec::new();
    for (platform_key, executors) in platforms.unwrap_or_default().0 {
        for (executor_key, e) in executors.unwrap_or_default().0 {
            let (command, cleanup) = e.map(|e| (e.command, e.cleanup)).unwrap_or((None, None));
            for platform in names(&platform_key) {
                for executor in names(&executor_key) {
                    let (command, cleanup) = (command.clone(), cleanup.clone());
                    ways.push(Way { platform: platform.clone(), executor, command, cleanup });
                }
            }
        }
    }
    for e in executors.unwrap_or_default() {
        let platform = names(&e.platform).into_iter().next().unwrap_or_default();
        let executor = names(&e.name).into_iter().next().unwrap_or_default();
        ways.push(Way { platform, executor, command: e.command, cleanup: e.cleanup });
    }
    ways
}

/// `linux,darwin` → `[linux, macos]`; `psh,pwsh` → `[powershell]`.
fn names(key: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for raw in key.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let name = match raw {
            "darwin" => "macos",
            "psh" | "pwsh" => "powershell",
            "cmd" => "command_prompt",
            other => other,
        }
        .to_owned();
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::parse_templates;
    use domain::content::TemplateOrigin;

    const NESTED: &str = r#"---
- id: aaaa-1
  name: Find files
  description: Looks around
  tactic: discovery
  technique:
    attack_id: T1083
    name: File and Directory Discovery
  privilege: Elevated
  platforms:
    linux,darwin:
      sh:
        command: |
          find / -name x
        cleanup: |
          rm x
    windows:
      psh,cmd:
        command: dir
"#;

    const FLAT: &str = r#"- tactic: defense-evasion
  technique_id: ' T1562.004'
  name: Disable firewall
  description: Disables it
  executors:
  - cleanup: []
    platform: windows
    name: psh
    command: Set-NetFirewallProfile -Enabled False
  - cleanup:
    - netsh advfirewall set allprofiles state on
    platform: windows
    name: cmd
    command: netsh advfirewall set allprofiles state off
  privilege: ''
  id: bbbb-2
"#;

    fn parse(files: &[(&str, &str)]) -> crate::Parsed {
        let files: Vec<TextFile> =
            files.iter().map(|(p, t)| TextFile { path: (*p).into(), text: (*t).into() }).collect();
        parse_templates(TemplateOrigin::Caldera, &files)
    }

    #[test]
    fn a_nested_ability_takes_its_first_platform_and_executor_and_lists_the_rest() {
        let parsed = parse(&[("data/abilities/discovery/aaaa-1.yml", NESTED)]);
        let [t] = parsed.templates.as_slice() else { panic!("{parsed:?}") };
        assert_eq!((t.source_id.as_str(), t.name.as_str()), ("aaaa-1", "Find files"));
        assert_eq!(
            (t.technique_ids.clone(), t.tactics.clone()),
            (vec!["T1083".into()], vec!["discovery".into()])
        );
        assert_eq!(t.platforms, ["linux", "macos", "windows"]);
        assert_eq!((t.executor.as_deref(), t.command.as_deref()), (Some("sh"), Some("find / -name x")));
        assert_eq!(t.cleanup.as_deref(), Some("rm x"));
        assert!(
            t.description.starts_with("Looks around\n\nExecutors: linux/sh, macos/sh, windows/powershell")
        );
        assert!(t.description.ends_with("windows/command_prompt"), "{}", t.description);
        assert_eq!((t.privileges.as_deref(), t.elevation_required), (Some("Elevated"), true));
    }

    #[test]
    fn a_flat_ability_with_a_spaced_technique_id_reads_alike() {
        let parsed = parse(&[("data/abilities/defense-evasion/bbbb-2.yml", FLAT)]);
        let [t] = parsed.templates.as_slice() else { panic!("{parsed:?}") };
        assert_eq!(t.technique_ids, ["T1562.004"]);
        assert_eq!((t.executor.as_deref(), t.cleanup.as_deref()), (Some("powershell"), None));
        assert_eq!((t.privileges.as_deref(), t.elevation_required), (None, false));
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    }

    #[test]
    fn an_ability_without_id_or_technique_is_an_error() {
        let parsed =
            parse(&[("data/abilities/x/1.yml", "- name: a\n  technique_id: T1\n  id: c\n- name: b\n")]);
        assert!(parsed.templates.is_empty());
        assert_eq!(parsed.errors.len(), 3, "{:?}", parsed.errors);
        assert!(wanted("data/abilities/collection/x.yml") && !wanted("data/adversaries/x.yml"));
    }
}
