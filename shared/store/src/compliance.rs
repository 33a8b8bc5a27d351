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

use crate::db::{Item, with_keys};
use crate::{Db, StoreError, catalog_view, keys, sync_runs};
use aws_sdk_dynamodb::types::{AttributeValue, DeleteRequest, Put, TransactWriteItem, WriteRequest};
use chrono::{Duration, Utc};
use domain::audit::AuditEntry;
use domain::catalog::Technique;
use domain::compliance::{Control, ControlMapping, Framework};
use domain::content::SourceKey;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use uuid::Uuid;

/// The framework the `nist-800-53` data source keeps.
pub const NIST_800_53_REV5: &str = "nist-800-53-rev5";

const FRAMEWORK_ENTITY: &str = "compliance_framework";
const CONTROL_ENTITY: &str = "compliance_control";
/// An import or deletion holds the framework's lease at most this long.
const LEASE_MINUTES: i64 = 10;
/// Revocations followed from one id at most (MITRE's chains are one or two long).
const MAX_HOPS: usize = 8;

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
struct ControlItem {
    framework_id: String,
    generation: Uuid,
    #[serde(flatten)]
    content: StoredControl,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    previous: Option<Previous>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Previous {
    generation: Uuid,
    #[serde(flatten)]
    content: StoredControl,
}

impl ControlItem {
    /// The control as `generation` has it, if that generation has it.
    fn at(self, generation: Uuid) -> Option<StoredControl> {
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

/// Mappings resolved against the catalog.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Resolution {
    pub controls: Vec<StoredControl>,
    /// (the file's id, the replacement), each pair once, sorted.
    pub repointed: Vec<(String, String)>,
    /// Ids kept out of the analysis, each once, sorted.
    pub unresolved: Vec<String>,
    /// Mappings in the analysis (after re-pointing, each once).
    pub mappings: u32,
}

/// Resolves each mapping through the catalog: an active (or deprecated) technique maps as it
/// is; a revoked one is re-pointed along `revoked_by` to its replacement; an id the catalog does
/// not know, or a revoked one without a known replacement, is unresolved.
pub fn resolve(
    controls: Vec<Control>,
    mappings: Vec<ControlMapping>,
    techniques: &[Technique],
) -> Resolution {
    let by_id: HashMap<&str, &Technique> = techniques.iter().map(|t| (t.attack_id.as_str(), t)).collect();
    let current = |id: &str| -> Option<String> {
        let mut id = id.to_owned();
        for _ in 0..MAX_HOPS {
            let t = by_id.get(id.as_str())?;
            if !t.lifecycle.revoked {
                return Some(id);
            }
            id = t.lifecycle.revoked_by.clone()?;
        }
        None
    };
    let mut mapped: BTreeMap<&str, (BTreeSet<MappedTechnique>, BTreeSet<MappedTechnique>)> = BTreeMap::new();
    let (mut repointed, mut unresolved) = (BTreeSet::new(), BTreeSet::new());
    for m in &mappings {
        let (known, unknown) = mapped.entry(m.control_id.as_str()).or_default();
        match current(&m.technique_id) {
            Some(id) if id == m.technique_id => {
                known.insert(MappedTechnique {
                    technique_id: id,
                    mapping_type: m.mapping_type.clone(),
                    mapped_as: None,
                });
            }
            Some(id) => {
                repointed.insert((m.technique_id.clone(), id.clone()));
                known.insert(MappedTechnique {
                    technique_id: id,
                    mapping_type: m.mapping_type.clone(),
                    mapped_as: Some(m.technique_id.clone()),
                });
            }
            None => {
                unresolved.insert(m.technique_id.clone());
                unknown.insert(MappedTechnique {
                    technique_id: m.technique_id.clone(),
                    mapping_type: m.mapping_type.clone(),
                    mapped_as: None,
                });
            }
        }
    }
    let mut count = 0;
    let controls = controls
        .into_iter()
        .map(|c| {
            let (known, unknown) = mapped.remove(c.control_id.as_str()).unwrap_or_default();
            // Re-pointing may make two mappings one: the one the file gave as is wins.
            let mut techniques: Vec<MappedTechnique> = Vec::new();
            for t in known {
                match techniques
                    .iter_mut()
                    .find(|k| (&k.technique_id, &k.mapping_type) == (&t.technique_id, &t.mapping_type))
                {
                    Some(k) if t.mapped_as.is_none() => *k = t,
                    Some(_) => {}
                    None => techniques.push(t),
                }
            }
            count += techniques.len() as u32;
            StoredControl {
                control_id: c.control_id,
                name: c.name,
                family: c.family,
                description: c.description,
                techniques,
                unresolved: unknown.into_iter().collect(),
            }
        })
        .collect();
    Resolution {
        controls,
        repointed: repointed.into_iter().collect(),
        unresolved: unresolved.into_iter().collect(),
        mappings: count,
    }
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

/// Runs `work` under the framework's lease; a second writer meanwhile is a conflict.
async fn leased<T>(
    db: &Db,
    id: &str,
    work: impl AsyncFnOnce() -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let (lease, holder) = (keys::framework_lease(id), Uuid::new_v4().to_string());
    let until = Utc::now() + Duration::minutes(LEASE_MINUTES);
    if let Err(other) = sync_runs::acquire_lease(db, &lease, &holder, until).await? {
        return Err(StoreError::Conflict(format!("framework {id} is being imported or deleted ({other})")));
    }
    let result = work().await;
    if let Err(e) = sync_runs::release_lease(db, &lease, &holder).await {
        tracing::warn!(error = %e, framework = id, "could not release the framework lease; it expires by itself");
    }
    result
}

/// Writes `controls` as the framework's new generation, then META, then deletes the controls
/// that went away; returns what changed against the generation that was in force.
pub async fn replace(
    db: &Db,
    framework: &StoredFramework,
    controls: Vec<StoredControl>,
    audit: Option<&AuditEntry>,
) -> Result<ReplaceCounts, StoreError> {
    let id = framework.framework.id.clone();
    leased(db, &id, async || {
        let before = get(db, &id).await?;
        let in_force = before.as_ref().map(|f| f.generation);
        let mut old: HashMap<String, StoredControl> = HashMap::new();
        let mut stored_ids = Vec::new();
        for item in control_items(db, &id).await? {
            stored_ids.push(item.content.control_id.clone());
            if let Some(c) = in_force.and_then(|g| item.at(g)) {
                old.insert(c.control_id.clone(), c);
            }
        }
        let mut counts = ReplaceCounts::default();
        let mut items = Vec::with_capacity(controls.len());
        for c in &controls {
            match old.get(&c.control_id) {
                None => counts.added += 1,
                Some(o) if o == c => counts.unchanged += 1,
                Some(_) => counts.updated += 1,
            }
            let previous = in_force
                .zip(old.get(&c.control_id).cloned())
                .map(|(generation, content)| Previous { generation, content });
            let item = ControlItem {
                framework_id: id.clone(),
                generation: framework.generation,
                content: c.clone(),
                previous,
            };
            items.push(with_keys(
                &item,
                CONTROL_ENTITY,
                &[(keys::PK, keys::framework_pk(&id)), (keys::SK, keys::control_sk(&c.control_id))],
            )?);
        }
        let failed = db.batch_put(items).await?;
        if failed > 0 {
            return Err(StoreError::backend_message(format!(
                "{failed} controls of {id} could not be written; the framework in force is unchanged"
            )));
        }
        put_meta(db, framework, in_force, audit).await?;
        let kept: BTreeSet<&str> = controls.iter().map(|c| c.control_id.as_str()).collect();
        let gone: Vec<String> = stored_ids.into_iter().filter(|c| !kept.contains(c.as_str())).collect();
        counts.removed = gone.iter().filter(|c| old.contains_key(*c)).count() as u32;
        if let Err(e) = delete_controls(db, &id, &gone).await {
            // Readers ignore them (not of the generation in force); the next import retries.
            tracing::warn!(error = %e, framework = %id, "could not delete the controls that went away");
        }
        Ok(counts)
    })
    .await
}

/// META, on condition that the generation in force is still the one the import started from.
async fn put_meta(
    db: &Db,
    framework: &StoredFramework,
    in_force: Option<Uuid>,
    audit: Option<&AuditEntry>,
) -> Result<(), StoreError> {
    let id = &framework.framework.id;
    let item = with_keys(
        framework,
        FRAMEWORK_ENTITY,
        &[
            (keys::PK, keys::framework_pk(id)),
            (keys::SK, keys::framework_sk()),
            (keys::GSI1PK, keys::frameworks_index_pk()),
            (keys::GSI1SK, id.clone()),
        ],
    )?;
    let mut put = Put::builder().table_name(&db.table).set_item(Some(item));
    put = match in_force {
        None => put.condition_expression("attribute_not_exists(PK)"),
        Some(g) => put
            .condition_expression("generation = :in_force")
            .expression_attribute_values(":in_force", AttributeValue::S(g.to_string())),
    };
    let mut tx = vec![TransactWriteItem::builder().put(put.build().map_err(StoreError::backend)?).build()];
    if let Some(entry) = audit {
        tx.push(crate::audit::put(db, entry)?);
    }
    db.transact(tx, &format!("framework {id} changed during the import")).await
}

async fn delete_controls(db: &Db, id: &str, control_ids: &[String]) -> Result<(), StoreError> {
    for chunk in control_ids.chunks(25) {
        let mut requests = Vec::with_capacity(chunk.len());
        for c in chunk {
            let delete = DeleteRequest::builder()
                .key(keys::PK, AttributeValue::S(keys::framework_pk(id)))
                .key(keys::SK, AttributeValue::S(keys::control_sk(c)))
                .build()
                .map_err(StoreError::backend)?;
            requests.push(WriteRequest::builder().delete_request(delete).build());
        }
        let mut attempt = 0u32;
        while !requests.is_empty() {
            let out = db
                .client
                .batch_write_item()
                .request_items(&db.table, std::mem::take(&mut requests))
                .send()
                .await
                .map_err(StoreError::backend)?;
            requests = out.unprocessed_items.and_then(|mut m| m.remove(&db.table)).unwrap_or_default();
            attempt += 1;
            if !requests.is_empty() && attempt > 6 {
                return Err(StoreError::backend_message(format!("{} deletions unprocessed", requests.len())));
            }
            if !requests.is_empty() {
                tokio::time::sleep(std::time::Duration::from_millis(50 << attempt)).await;
            }
        }
    }
    Ok(())
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
async fn control_items(db: &Db, id: &str) -> Result<Vec<ControlItem>, StoreError> {
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

/// Deletes a framework: META with the audit entry (from then on it is gone), then its controls.
pub async fn delete(db: &Db, id: &str, audit: &AuditEntry) -> Result<(), StoreError> {
    leased(db, id, async || {
        db.delete_audited(keys::framework_pk(id), keys::framework_sk(), audit).await?;
        let all: Vec<String> =
            control_items(db, id).await?.into_iter().map(|i| i.content.control_id).collect();
        delete_controls(db, id, &all).await
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::catalog::Lifecycle;

    fn technique(id: &str, revoked_by: Option<&str>) -> Technique {
        let mut t: Technique = serde_json::from_value(serde_json::json!({
            "attack_id": id, "name": id, "description": "", "tactics": [], "platforms": [],
            "data_sources": [], "detection": null, "url": null, "is_subtechnique": false,
            "parent_id": null, "mitigation_ids": [], "actor_ids": [], "detection_strategy_ids": [],
            "domain": "enterprise-attack", "custom": false, "attack_version": null, "modified": null
        }))
        .unwrap();
        t.lifecycle = Lifecycle {
            revoked: revoked_by.is_some(),
            revoked_by: revoked_by.map(Into::into),
            ..Default::default()
        };
        t
    }

    fn control(id: &str) -> Control {
        Control { control_id: id.into(), name: id.into(), family: Some("AC".into()), description: None }
    }

    fn mapping(control: &str, technique: &str) -> ControlMapping {
        ControlMapping {
            control_id: control.into(),
            technique_id: technique.into(),
            mapping_type: Some("mitigates".into()),
        }
    }

    #[test]
    fn revoked_ids_are_repointed_along_the_chain_and_unknown_ones_kept_apart() {
        let catalog = [
            technique("T1", None),
            technique("T2", Some("T3")),
            technique("T3", Some("T1")),
            technique("T4", Some("T404")),
        ];
        let r = resolve(
            vec![control("AC-1"), control("AC-2")],
            vec![mapping("AC-1", "T1"), mapping("AC-1", "T2"), mapping("AC-2", "T9"), mapping("AC-2", "T4")],
            &catalog,
        );
        assert_eq!(r.repointed, [("T2".to_owned(), "T1".to_owned())]);
        assert_eq!(r.unresolved, ["T4", "T9"]);
        assert_eq!(r.mappings, 1, "T2 became T1, which AC-1 maps already");
        assert_eq!(r.controls[0].techniques[0].mapped_as, None, "the mapping as given wins");
        assert_eq!(r.controls[1].techniques, []);
        assert_eq!(r.controls[1].unresolved.len(), 2);
    }

    #[test]
    fn a_reader_sees_the_generation_in_force() {
        let (old, new) = (Uuid::new_v4(), Uuid::new_v4());
        let content = |name: &str| StoredControl {
            name: name.into(),
            ..resolve(vec![control("AC-1")], vec![], &[]).controls[0].clone()
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
