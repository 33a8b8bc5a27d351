//! The serde side of streaming: a visitor for the top-level bundle object and a seed that hands
//! each element of its `objects` array to [`Builder::add`] as raw text.
//!
//! serde errors can only carry a message, so our typed [`ImportError`] is parked in the builder
//! and a placeholder travels up instead; `run` swaps it back.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::Builder;
use crate::error::ImportError;

const PLACEHOLDER: &str = "import error (see ImportError)";

impl Builder {
    fn fail<E: de::Error>(&mut self, e: ImportError) -> E {
        self.error = Some(e);
        E::custom(PLACEHOLDER)
    }
}

fn not_a_bundle(reason: impl Into<String>) -> ImportError {
    ImportError::NotABundle { reason: reason.into() }
}

pub(super) struct BundleSeed<'b> {
    pub(super) b: &'b mut Builder,
}

impl<'de> DeserializeSeed<'de> for BundleSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for BundleSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a STIX bundle (a JSON object with \"type\": \"bundle\")")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let b = self.b;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match key.as_ref() {
                "type" => {
                    let ty: String = map.next_value()?;
                    if ty != "bundle" {
                        return Err(b.fail(not_a_bundle(format!(
                            "top-level \"type\" is {ty:?}, expected \"bundle\""
                        ))));
                    }
                    b.saw_type = true;
                }
                "id" => b.bundle_id = Some(map.next_value()?),
                "spec_version" => {
                    let v: String = map.next_value()?;
                    if v != "2.0" && v != "2.1" {
                        return Err(b.fail(not_a_bundle(format!(
                            "bundle spec_version {v:?} is not supported (only 2.0 and 2.1)"
                        ))));
                    }
                    b.bundle_spec_version = Some(v);
                }
                "objects" => {
                    if b.saw_objects {
                        return Err(b.fail(not_a_bundle("the bundle has two \"objects\" keys")));
                    }
                    b.saw_objects = true;
                    map.next_value_seed(ObjectsSeed { b: &mut *b })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !b.saw_type {
            return Err(b.fail(not_a_bundle("the top-level object has no \"type\"")));
        }
        Ok(())
    }
}

struct ObjectsSeed<'b> {
    b: &'b mut Builder,
}

impl<'de> DeserializeSeed<'de> for ObjectsSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ObjectsSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("\"objects\" to be an array of STIX objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            if let Err(e) = self.b.add(raw.get()) {
                return Err(self.b.fail(e));
            }
        }
        Ok(())
    }
}
