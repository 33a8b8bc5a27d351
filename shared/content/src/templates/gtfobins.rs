//! GTFOBins: `_gtfobins/<binary>` (no extension; one YAML document between `---` and `...`)
//! and `_data/functions.yml`, which gives each function (`shell`, `file-read`, ...) its label,
//! description and ATT&CK techniques.
//!
//! One template per binary × function, identified as `<binary>#<function>`. A function often
//! has several examples: the first one's code is the command (so it can be run as it is) and the
//! others follow in the description, each in a code block. The techniques are the examples' own
//! `mitre` keys when they have any, else functions.yml's. The contexts an example works in
//! (`unprivileged`, `sudo`, `suid`, `capabilities`) are the privileges; elevation is required
//! when no example works unprivileged. GTFOBins is about Unix binaries: the platform is `linux`.
//!
//! Not templates: alias entries (`alias: vim`, the aliased binary has them) and functions that
//! functions.yml maps to no technique (`inherit`: reaching another binary's functions, which
//! that binary's templates cover). Without functions.yml nothing is made: techniques would be
//! missing from nearly every template.

use std::collections::{BTreeSet, HashMap};

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::yaml::{self, OneOrMany, Ordered, trimmed};
use super::{Sink, file_name};
use crate::archive::TextFile;

const FUNCTIONS: &str = "_data/functions.yml";

pub(crate) fn wanted(path: &str) -> bool {
    path == FUNCTIONS || (path.starts_with("_gtfobins/") && path.matches('/').count() == 1)
}

#[derive(Deserialize)]
struct FunctionDef {
    label: Option<String>,
    description: Option<String>,
    mitre: Option<OneOrMany>,
}

#[derive(Deserialize)]
struct Entry {
    functions: Option<Ordered<Option<Vec<Example>>>>,
}

#[derive(Deserialize)]
struct Example {
    code: Option<String>,
    comment: Option<String>,
    contexts: Option<Ordered<IgnoredAny>>,
    mitre: Option<OneOrMany>,
}

fn is_functions_file(path: &str) -> bool {
    path == FUNCTIONS || path.ends_with("/functions.yml") || path == "functions.yml"
}

pub(crate) fn parse(files: &[TextFile], sink: &mut Sink) {
    let Some(defs_file) = files.iter().find(|f| is_functions_file(&f.path)) else {
        let reason = "_data/functions.yml is missing: it maps GTFOBins functions to ATT&CK techniques; no template was made";
        return sink.error("", reason);
    };
    sink.file();
    let defs: HashMap<String, FunctionDef> = match yaml::from_str(&defs_file.text) {
        Ok(d) => d,
        Err(e) => return sink.error(&defs_file.path, format!("{e}; no template was made")),
    };
    for file in files.iter().filter(|f| !is_functions_file(&f.path) && !f.path.starts_with("_data/")) {
        binary(file, &defs, sink);
    }
}

fn binary(file: &TextFile, defs: &HashMap<String, FunctionDef>, sink: &mut Sink) {
    sink.file();
    let entry: Entry = match yaml::from_str(&file.text) {
        Ok(e) => e,
        Err(e) => return sink.error(&file.path, e),
    };
    let binary = file_name(&file.path);
    for (function, examples) in entry.functions.unwrap_or_default().0 {
        let source_id = format!("{binary}#{function}");
        let Some(def) = defs.get(&function) else {
            sink.error(
                &file.path,
                format!("{source_id}: `{function}` is not a function of functions.yml; skipped"),
            );
            continue;
        };
        let examples = examples.unwrap_or_default();
        let own: Vec<String> =
            examples.iter().filter_map(|e| e.mitre.as_ref()).flat_map(|m| m.clone().into_vec()).collect();
        let raw = if own.is_empty() {
            def.mitre.as_ref().map(|m| m.clone().into_vec()).unwrap_or_default()
        } else {
            own
        };
        if raw.is_empty() {
            continue;
        }
        let label = def.label.clone().unwrap_or_else(|| function.clone());
        let mut t = sink.blank(file, source_id, format!("{binary}: {label}"));
        t.technique_ids = sink.techniques(&file.path, &t.source_id, raw);
        t.platforms = vec!["linux".into()];
        t.executor = Some("sh".into());
        t.references = vec![format!("https://gtfobins.github.io/gtfobins/{binary}/")];
        let contexts: Vec<String> = examples
            .iter()
            .flat_map(|e| e.contexts.iter().flat_map(|c| c.0.iter().map(|(k, _)| k.clone())))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        t.elevation_required = !contexts.is_empty() && !contexts.iter().any(|c| c == "unprivileged");
        t.privileges = (!contexts.is_empty()).then(|| contexts.join(", "));
        let (command, description) = describe(def, examples);
        t.command = command;
        t.description = description;
        sink.push(&file.path, t);
    }
}

/// The first example's code, and the description: the function's, the first example's
/// comment, then every other example.
fn describe(def: &FunctionDef, examples: Vec<Example>) -> (Option<String>, String) {
    let mut parts: Vec<String> = trimmed(def.description.clone()).into_iter().collect();
    let mut examples = examples.into_iter();
    let first = examples.next();
    let command = first.as_ref().and_then(|e| trimmed(e.code.clone()));
    parts.extend(first.and_then(|e| trimmed(e.comment)));
    for (i, e) in examples.enumerate() {
        let mut part = format!("Example {}:", i + 2);
        if let Some(comment) = trimmed(e.comment) {
            part.push(' ');
            part.push_str(&comment);
        }
        if let Some(code) = trimmed(e.code) {
            part.push_str(&format!("\n\n```\n{code}\n```"));
        }
        parts.push(part);
    }
    (command, parts.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::parse_templates;
    use domain::content::TemplateOrigin;

    const FUNCTIONS_YML: &str = r#"shell:
  label: Shell
  description: This executable can spawn a shell.
  mitre:
  - T1059
  extra:
    tty: &tty
      false: A dummy REPL.
file-read:
  label: File read
  description: This executable can read files.
  mitre:
  - T1005
  extra:
    tty: *tty
inherit:
  label: Inherit
  description: This executable can inherit functions from another.
"#;

    const TOOL: &str = r#"---
functions:
  shell:
  - code: |-
      tool -c /bin/sh
    contexts:
      sudo:
      suid:
        shell: true
  - code: tool --exec sh
    comment: Only in new versions.
    contexts:
      sudo:
  file-read:
  - code: tool /path/to/input-file
    mitre: [t1005, T1083]
    contexts:
      unprivileged:
  inherit:
  - code: tool --pager
    from: less
...
"#;

    fn files(with_functions: bool) -> Vec<TextFile> {
        let mut files = vec![
            TextFile { path: "_gtfobins/tool".into(), text: TOOL.into() },
            TextFile { path: "_gtfobins/vi".into(), text: "---\nalias: vim\n...\n".into() },
        ];
        if with_functions {
            files.push(TextFile { path: FUNCTIONS.into(), text: FUNCTIONS_YML.into() });
        }
        files
    }

    #[test]
    fn each_binary_function_becomes_a_template() {
        let parsed = parse_templates(TemplateOrigin::Gtfobins, &files(true));
        assert_eq!(parsed.files_read, 3);
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        let [shell, read] = parsed.templates.as_slice() else { panic!("{parsed:?}") };
        assert_eq!((shell.source_id.as_str(), shell.name.as_str()), ("tool#shell", "tool: Shell"));
        assert_eq!(shell.technique_ids, ["T1059"]);
        assert_eq!(shell.command.as_deref(), Some("tool -c /bin/sh"));
        assert!(
            shell
                .description
                .starts_with("This executable can spawn a shell.\n\nExample 2: Only in new versions.")
        );
        assert!(shell.description.ends_with("```\ntool --exec sh\n```"), "{}", shell.description);
        assert_eq!((shell.privileges.as_deref(), shell.elevation_required), (Some("sudo, suid"), true));
        assert_eq!(
            (shell.platforms.as_slice(), shell.executor.as_deref()),
            (&["linux".to_owned()][..], Some("sh"))
        );
        assert_eq!(read.technique_ids, ["T1005", "T1083"]);
        assert_eq!((read.privileges.as_deref(), read.elevation_required), (Some("unprivileged"), false));
        assert!(
            wanted("_gtfobins/ld.so")
                && wanted(FUNCTIONS)
                && !wanted("_data/contexts.yml")
                && !wanted("_gtfobins/a/b")
        );
    }

    #[test]
    fn without_functions_yml_nothing_is_made_and_the_error_says_why() {
        let parsed = parse_templates(TemplateOrigin::Gtfobins, &files(false));
        assert!(parsed.templates.is_empty());
        assert_eq!(parsed.errors.len(), 1);
        assert!(parsed.errors[0].reason.contains("functions.yml is missing"));
    }

    #[test]
    fn a_function_unknown_to_functions_yml_is_an_error() {
        let mut files = files(true);
        files[0].text = "---\nfunctions:\n  teleport:\n  - code: x\n...\n".into();
        let parsed = parse_templates(TemplateOrigin::Gtfobins, &files);
        assert!(parsed.templates.is_empty());
        assert!(parsed.errors[0].reason.contains("`teleport` is not a function"), "{:?}", parsed.errors);
    }
}
