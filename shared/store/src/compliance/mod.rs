//! Compliance frameworks mapped to ATT&CK: the framework (`FRAMEWORK#<id>` / `META`, listed on
//! GSI1 under `FRAMEWORKS` by id) and its controls in the same partition
//! (`CONTROL#<control id>`), each holding its mapped techniques, so that one consistent query
//! reads a whole framework.
//!
//! **Replacing a framework** (a re-import) writes many items, and DynamoDB has no transaction that
//! large, so completeness rests on a `generation` (a fresh UUID per import) stamped on META and on
//! every control item, under the framework's lease:
//!
//! 1. every control of the new content is written with the new generation; an item that held a
//!    control of the generation in force keeps that content as `previous`;
//! 2. META is written last, with the new generation, counts, `repointed`, `unresolved` (in one
//!    transaction with the audit entry when there is one): this is the commit point;
//! 3. only then are the controls the new content no longer has deleted.
//!
//! A reader takes META first, then the controls, and keeps of each item the content of META's
//! generation: its own, else its `previous`, else none (a control an unfinished import added, or
//! a leftover of one that a deletion has not reached yet). So before step 2 a reader sees the old
//! framework whole, after it the new one whole, and an import that stops half way (a crash, a
//! throttled batch) leaves the old one in force. Deleting in step 3 rather than before META is
//! deliberate: deleting first would take controls out of the old framework while it is still the
//! one in force. A first import is invisible until its META exists.

mod resolve;
mod write;

pub use resolve::{Resolution, resolve};
pub use write::{delete, replace};

use crate::db::Item;
use crate::{Db, StoreError, catalog_view, keys};
use aws_sdk_dynamodb::types::AttributeValue;
use chrono::Utc;
use domain::audit::AuditEntry;
use domain::compliance::{Control, ControlMapping, Framework};
use domain::content::SourceKey;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use uuid::Uuid;

/// The framework the `nist-800-53` data source keeps.
pub const NIST_800_53_REV5: &str = "nist-800-53-rev5";

pub(crate) const FRAMEWORK_ENTITY: &str = "compliance_framework";
pub(crate) const CONTROL_ENTITY: &str = "compliance_control";

/// A framework as stored: what the API shows, and what the store needs to read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredFramework {
    #[serde(flatten)]
    pub framework: Framework,
    /// The import whose controls are the framework's.
    pub generation: Uuid,
    /// The data source that keeps it (`None`: imported from a file by an admin).
    pub source: Option<SourceKey>,
    /// The control families, sorted.
    #[serde(default)]
    pub families: Vec<String>,
}

/// A technique a control maps to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MappedTechnique {
    pub technique_id: String,
    pub mapping_type: Option<String>,
    /// The id the file gave, when it was a revoked technique re-pointed to `technique_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mapped_as: Option<String>,
}

/// A control with its mappings, as one generation of the framework has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredControl {
    pub control_id: String,
    pub name: String,
    pub family: Option<String>,
    pub description: Option<String>,
    /// Techniques of the catalog, in the analysis.
    pub techniques: Vec<MappedTechnique>,
    /// Mapped ids the catalog does not know (or revoked without replacement): kept, not analysed.
    #[serde(default)]
    pub unresolved: Vec<MappedTechnique>,
}

/// The stored control item: the content of its generation and, while a newer import is not
/// committed, the content of the generation before.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ControlItem {
    pub(crate) framework_id: String,
    pub(crate) generation: Uuid,
    #[serde(flatten)]
    pub(crate) content: StoredControl,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) previous: Option<Previous>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Previous {
    pub(crate) generation: Uuid,
    #[serde(flatten)]
    pub(crate) content: StoredControl,
}

impl ControlItem {
    /// The control as `generation` has it, if that generation has it.
    pub(crate) fn at(self, generation: Uuid) -> Option<StoredControl> {
        if self.generation == generation {
            return Some(self.content);
        }
        self.previous.filter(|p| p.generation == generation).map(|p| p.content)
    }
}

/// What a new import brings.
#[derive(Debug, Clone)]
pub struct NewFramework {
    pub id: String,
    pub name: String,
    pub version: Option<String>,
    pub attack_version: Option<String>,
    pub source: Option<SourceKey>,
    pub imported_by: Option<String>,
    pub controls: Vec<Control>,
    pub mappings: Vec<ControlMapping>,
}

/// Controls added, changed, removed and unchanged by an import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReplaceCounts {
    pub added: u32,
    pub updated: u32,
    pub removed: u32,
    pub unchanged: u32,
}

#[derive(Debug, Clone)]
pub struct ImportReport {
    pub framework: StoredFramework,
    pub counts: ReplaceCounts,
}

/// Resolves a framework's mappings against the current Enterprise catalog and replaces what is
/// stored of it (see the module's documentation for the order of writes).
pub async fn import(
    db: &Db,
    new: NewFramework,
    audit: Option<&AuditEntry>,
) -> Result<ImportReport, StoreError> {
    let catalog = catalog_view::current(db, domain::catalog::DEFAULT_DOMAIN).await?;
    let resolved = resolve(new.controls, new.mappings, &catalog.techniques);
    let families: BTreeSet<String> = resolved.controls.iter().filter_map(|c| c.family.clone()).collect();
    let framework = StoredFramework {
        framework: Framework {
            id: new.id,
            name: new.name,
            version: new.version,
            attack_version: new.attack_version,
            controls: resolved.controls.len() as u32,
            mappings: resolved.mappings,
            repointed: resolved.repointed,
            unresolved: resolved.unresolved,
            imported_at: Utc::now(),
            imported_by: new.imported_by,
        },
        generation: Uuid::new_v4(),
        source: new.source,
        families: families.into_iter().collect(),
    };
    let counts = replace(db, &framework, resolved.controls, audit).await?;
    Ok(ImportReport { framework, counts })
}

/// One framework (strongly consistent).
pub async fn get(db: &Db, id: &str) -> Result<Option<StoredFramework>, StoreError> {
    db.get_as(keys::framework_pk(id), keys::framework_sk()).await
}

/// Every framework, by id (GSI1; there are a handful).
pub async fn list(db: &Db) -> Result<Vec<StoredFramework>, StoreError> {
    let query = db
        .client
        .query()
        .index_name(keys::GSI1)
        .key_condition_expression("GSI1PK = :pk")
        .expression_attribute_values(":pk", AttributeValue::S(keys::frameworks_index_pk()));
    let items = db.query_all(query).await?;
    items.into_iter().map(|i| serde_dynamo::from_item(i).map_err(Into::into)).collect()
}

/// Every control item of a framework, whatever its generation, in one consistent query.
pub(crate) async fn control_items(db: &Db, id: &str) -> Result<Vec<ControlItem>, StoreError> {
    let query = db
        .client
        .query()
        .key_condition_expression("PK = :pk AND begins_with(SK, :prefix)")
        .expression_attribute_values(":pk", AttributeValue::S(keys::framework_pk(id)))
        .expression_attribute_values(":prefix", AttributeValue::S(keys::control_sk_prefix()))
        .consistent_read(true);
    let items: Vec<Item> = db.query_all(query).await?;
    items.into_iter().map(|i| serde_dynamo::from_item(i).map_err(Into::into)).collect()
}

/// A framework with its controls as its generation in force has them, sorted by control id;
/// `None` when there is no such framework.
pub async fn with_controls(
    db: &Db,
    id: &str,
) -> Result<Option<(StoredFramework, Vec<StoredControl>)>, StoreError> {
    let Some(framework) = get(db, id).await? else { return Ok(None) };
    let mut controls: Vec<StoredControl> =
        control_items(db, id).await?.into_iter().filter_map(|i| i.at(framework.generation)).collect();
    if controls.len() != framework.framework.controls as usize {
        // Only a deletion running between the two reads gets here.
        return Err(StoreError::Busy(format!("framework {id} is being deleted")));
    }
    controls.sort_by(|a, b| a.control_id.cmp(&b.control_id));
    Ok(Some((framework, controls)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_sees_the_generation_in_force() {
        let (old, new) = (Uuid::new_v4(), Uuid::new_v4());
        let content = |name: &str| StoredControl {
            name: name.into(),
            techniques: Vec::new(),
            unresolved: Vec::new(),
            control_id: "AC-1".into(),
            family: None,
            description: None,
        };
        let item = ControlItem {
            framework_id: "f".into(),
            generation: new,
            content: content("new"),
            previous: Some(Previous { generation: old, content: content("old") }),
        };
        assert_eq!(item.clone().at(old).unwrap().name, "old");
        assert_eq!(item.clone().at(new).unwrap().name, "new");
        assert_eq!(item.at(Uuid::new_v4()), None);
    }
}
