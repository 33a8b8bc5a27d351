//! Compliance frameworks mapped to ATT&CK, from two shapes of file:
//!
//! * [`parse_mappings_explorer`]: the Center for Threat-Informed Defense's Mappings Explorer JSON
//!   (`metadata` + `mapping_objects[]`, e.g. NIST SP 800-53 rev. 5 → ATT&CK 16.1), with its
//!   optional control descriptions file. Only `complete` objects map; `non_mappable` ones (an
//!   ATT&CK technique no control covers, `capability_id: null`) and `in_progress` ones are
//!   skipped and counted. Control ids are kept as the file writes them (`AC-02`).
//! * [`parse_control_csv`]: a framework of anyone's (CIS Controls v8, an internal standard) as
//!   `control_id,control_name,technique_id[,mapping_type]`, all or nothing: every bad row is
//!   reported, with its 1-based row number counting the header.
//!
//! Both give each control once (the first name met wins), sorted by id, and each
//! `(control, technique, mapping type)` once, sorted; technique ids are upper case and checked
//! for shape only (whether the catalog knows them is for the importer to say). A control's
//! family is what precedes its number: `AC` for `AC-2`, `4` for CIS's `4.1`.

mod explorer;
mod table;

use std::collections::{BTreeMap, BTreeSet};

use domain::compliance::{Control, ControlMapping};

pub use explorer::parse_mappings_explorer;
pub use table::parse_control_csv;

/// A framework as read from one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedFramework {
    pub name: String,
    pub version: Option<String>,
    /// The ATT&CK version the mapping was written for.
    pub attack_version: Option<String>,
    /// Sorted by `control_id`, each once.
    pub controls: Vec<Control>,
    /// Sorted, each once.
    pub mappings: Vec<ControlMapping>,
    /// Lines/objects skipped on purpose (e.g. `non_mappable`), for the import report.
    pub skipped: usize,
}

/// `AC` for `AC-2` (NIST), `4` for `4.1` (CIS); none for an id without either separator.
pub fn control_family(control_id: &str) -> Option<String> {
    let id = control_id.trim();
    let (family, _) = id.split_once('-').or_else(|| id.split_once('.'))?;
    (!family.is_empty()).then(|| family.to_owned())
}

/// Collects controls and mappings, keeping the first name and description given for a control.
#[derive(Default)]
pub(crate) struct Builder {
    controls: BTreeMap<String, Control>,
    mappings: BTreeSet<ControlMapping>,
}

impl Builder {
    pub fn control(&mut self, id: &str, name: Option<&str>, description: Option<String>) {
        let control = self.controls.entry(id.to_owned()).or_insert_with(|| Control {
            control_id: id.to_owned(),
            name: String::new(),
            family: control_family(id),
            description: None,
        });
        if let Some(name) = name.map(str::trim).filter(|n| !n.is_empty())
            && control.name.is_empty()
        {
            control.name = name.to_owned();
        }
        if control.description.is_none() {
            control.description = description;
        }
    }

    pub fn mapping(&mut self, control_id: &str, technique_id: String, mapping_type: Option<&str>) {
        let mapping_type = mapping_type.map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
        self.mappings.insert(ControlMapping {
            control_id: control_id.to_owned(),
            technique_id,
            mapping_type,
        });
    }

    /// The framework, every control named (by its id when nothing named it).
    pub fn build(self, name: String) -> ParsedFramework {
        let controls = self
            .controls
            .into_values()
            .map(|mut c| {
                if c.name.is_empty() {
                    c.name = c.control_id.clone();
                }
                c
            })
            .collect();
        ParsedFramework {
            name,
            version: None,
            attack_version: None,
            controls,
            mappings: self.mappings.into_iter().collect(),
            skipped: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_family_is_what_precedes_the_number() {
        assert_eq!(control_family("AC-2").as_deref(), Some("AC"));
        assert_eq!(control_family("SC-07(3)").as_deref(), Some("SC"));
        assert_eq!(control_family(" 4.1 ").as_deref(), Some("4"));
        assert_eq!(control_family("A.5.1").as_deref(), Some("A"));
        assert_eq!((control_family("12"), control_family("-1")), (None, None));
    }
}
