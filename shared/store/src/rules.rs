//! Detection rules (`RULE#<id>` / `RULE`, on GSI1 under `RULES` by origin and source id), a
//! library collection (see [`crate::library`]).

use crate::library::{self, Entry};
use crate::{Db, StoreError, keys};
use domain::content::{DetectionRule, RuleOrigin};
use std::sync::Arc;
use uuid::Uuid;

impl Entry for DetectionRule {
    const ENTITY: &'static str = "detection_rule";
    const PREFIX: &'static str = "RULE";
    const INDEX: &'static str = "RULES";
    const KEPT: &'static [&'static str] = &[];

    fn id(&self) -> Uuid {
        self.id
    }
    fn index_sk(&self) -> String {
        keys::library_index_sk(self.content.source.as_str(), &self.content.source_id)
    }
    fn sort_key(&self) -> String {
        sort_key(self)
    }
}

pub type RuleView = library::View<DetectionRule>;

/// The list's order and its cursors': title, then id.
pub fn sort_key(r: &DetectionRule) -> String {
    format!("{}\u{1f}{}", r.content.title.to_lowercase(), r.id)
}

pub async fn view(db: &Db) -> Result<Arc<RuleView>, StoreError> {
    library::view(db).await
}

pub async fn get(db: &Db, id: Uuid) -> Result<Option<DetectionRule>, StoreError> {
    library::get(db, id).await
}

pub async fn of_origin(db: &Db, origin: RuleOrigin) -> Result<Vec<DetectionRule>, StoreError> {
    library::of_origin(db, origin.as_str()).await
}
