//! One element of `objects`: the checks every element gets whatever its type (readable, has a
//! `type` and an `id` prefixed by it, a supported `spec_version`, an id not seen before), then
//! dispatch by type. Every failure becomes an [`ImportError::InvalidObject`] naming the element.

use super::Builder;
use super::raw::{Head, RawCollection, typed};
use super::relationship;
use super::sdo::{self, Kind};
use crate::error::ImportError;

fn invalid(index: usize, ty: Option<&str>, id: Option<&str>, reason: impl Into<String>) -> ImportError {
    ImportError::InvalidObject {
        index,
        object_type: ty.map(str::to_owned),
        id: id.map(str::to_owned),
        reason: reason.into(),
    }
}

/// The element's `type` and `id`, both present and non-empty, the id prefixed by `<type>--`.
fn type_and_id<'h>(index: usize, head: &'h Head) -> Result<(&'h str, &'h str), ImportError> {
    let ty = head.ty.as_deref();
    let id = head.id.as_deref();
    let (ty, id) = match (ty, id) {
        (Some(t), Some(i)) if !t.is_empty() && !i.is_empty() => (t, i),
        (None, _) | (Some(""), _) => return Err(invalid(index, None, id, "object has no \"type\"")),
        _ => return Err(invalid(index, ty, None, "object has no \"id\"")),
    };
    if !id.strip_prefix(ty).is_some_and(|rest| rest.starts_with("--")) {
        return Err(invalid(index, Some(ty), Some(id), format!("id does not start with \"{ty}--\"")));
    }
    Ok((ty, id))
}

impl Builder {
    pub(super) fn add(&mut self, raw: &str) -> Result<(), ImportError> {
        let index = self.index;
        self.index += 1;
        let head: Head = serde_json::from_str(raw).map_err(|e| {
            let what = match raw.trim_start().as_bytes().first() {
                Some(b'{') => format!("unreadable object: {e}"),
                _ => "is not a JSON object".to_owned(),
            };
            invalid(index, None, None, what)
        })?;
        let (ty, id) = type_and_id(index, &head)?;
        let invalid_here = |reason: String| invalid(index, Some(ty), Some(id), reason);
        self.note_spec_version(head.spec_version.as_deref()).map_err(invalid_here)?;
        if !self.ids.insert(id.to_owned()) {
            return Err(invalid_here("duplicate id (the id appears earlier in the bundle)".into()));
        }
        self.stats.objects += 1;
        *self.stats.by_type.entry(ty.to_owned()).or_default() += 1;
        self.dispatch(ty, id, raw).map_err(invalid_here)
    }

    /// Objects of a 2.0 bundle carry no `spec_version`; one 2.1 object makes the bundle 2.1.
    fn note_spec_version(&mut self, spec_version: Option<&str>) -> Result<(), String> {
        match spec_version {
            None | Some("2.0") => Ok(()),
            Some("2.1") => {
                self.any_object_2_1 = true;
                Ok(())
            }
            Some(v) => Err(format!("spec_version {v:?} is not supported (only 2.0 and 2.1)")),
        }
    }

    fn dispatch(&mut self, ty: &str, id: &str, raw: &str) -> Result<(), String> {
        match ty {
            "relationship" => {
                self.rels.push(relationship::read(raw)?);
                self.stats.relationships += 1;
            }
            "x-mitre-collection" => self.add_collection(id, typed(raw)?),
            _ => match Kind::of(ty) {
                Some(kind) => self.sdos.push(sdo::read(kind, id, raw)?),
                None => self.stats.skipped_unknown += 1,
            },
        }
        Ok(())
    }

    /// The collection gives the ATT&CK release; a second one is a packaging mistake, not a reason
    /// to reject the bundle.
    fn add_collection(&mut self, id: &str, collection: RawCollection) {
        if self.collection.is_some() {
            self.warnings.push(format!("more than one x-mitre-collection; {id} ignored"));
        } else {
            self.collection = Some(collection);
        }
    }
}
