//! Streaming bundle parser.
//!
//! The top-level bundle object is walked with a hand-written `Visitor`; its `objects` array is
//! consumed with a `DeserializeSeed` that takes one element at a time as raw JSON text
//! (`Box<RawValue>`, a few KB), reads its `type`/`id`, turns it into a typed record and drops the
//! text. Only the records we keep and a compact list of relationships stay in memory; links are
//! resolved once the whole array has been read (relationships may come before their targets).
//!
//! The work is split in the two passes that shape it:
//!
//! * reading, one element at a time: [`stream`] walks the bundle, [`object`] checks an
//!   element's `type`/`id` and dispatches by type, [`sdo`] reads a modelled object into its
//!   shared [`meta::StixMeta`] (extracted and validated once for every kind) plus the fields of
//!   its kind, [`relationship`] keeps relationships for later;
//! * resolving, once the array is read: [`relationship::Links`] indexes what the relationships
//!   say, and [`catalog`] turns every object into its record through its kind's module
//!   ([`matrix`], [`tactic`], [`technique`], [`intrusion_set`], [`mitigation`], [`detection`],
//!   [`data_source`]) before the [`domain`] is decided and the lists are ordered.

mod catalog;
mod data_source;
mod detection;
mod domain;
mod intrusion_set;
mod matrix;
mod meta;
mod mitigation;
mod object;
mod raw;
mod relationship;
mod sdo;
mod stream;
mod tactic;
mod technique;

use std::collections::HashSet;
use std::io::{BufReader, Read};

use serde::de::DeserializeSeed;

use crate::error::{ImportError, from_json_error};
use crate::model::{Catalog, ParseStats};

/// `source_name`s of the external reference holding the ATT&CK id. Mobile uses both
/// `mitre-mobile-attack` and `mitre-attack` (11.3: 25 and 150 attack-patterns), ICS both
/// `mitre-ics-attack` and `mitre-attack`.
pub const ATTACK_SOURCE_NAMES: &[&str] = &["mitre-attack", "mitre-mobile-attack", "mitre-ics-attack"];

/// `kill_chain_name`s of ATT&CK kill chains (one per domain).
pub const ATTACK_KILL_CHAINS: &[&str] = &["mitre-attack", "mitre-mobile-attack", "mitre-ics-attack"];

/// Parses an ATT&CK STIX 2.0 or 2.1 bundle from a reader (uncompressed JSON; wrap a `.gz` in a
/// decoder first). The reader is buffered internally and consumed as a stream: memory use is
/// about the size of the resulting [`Catalog`], not of the file.
///
/// If the whole file is in memory already (an S3 object body, a test fixture), prefer
/// [`parse_bundle_slice`]: same result, several times faster, because serde_json's reader
/// front end goes byte by byte.
pub fn parse_bundle(reader: impl Read) -> Result<Catalog, ImportError> {
    let reader = BufReader::with_capacity(256 * 1024, reader);
    run(serde_json::Deserializer::from_reader(reader))
}

/// Parses an ATT&CK STIX 2.0 or 2.1 bundle held in memory. Same result as [`parse_bundle`].
pub fn parse_bundle_slice(bytes: &[u8]) -> Result<Catalog, ImportError> {
    run(serde_json::Deserializer::from_slice(bytes))
}

fn run<'de, R: serde_json::de::Read<'de>>(
    mut de: serde_json::Deserializer<R>,
) -> Result<Catalog, ImportError> {
    let mut builder = Builder::default();
    let outcome = stream::BundleSeed { b: &mut builder }.deserialize(&mut de).and_then(|()| de.end());
    if let Err(e) = outcome {
        // Our own validation errors travel through serde as a placeholder message; the typed
        // error is waiting in the builder.
        return Err(builder.error.take().unwrap_or_else(|| from_json_error(&e)));
    }
    builder.finish()
}

/// Everything gathered while the bundle streams past; [`Builder::finish`] (in [`catalog`])
/// turns it into the [`Catalog`].
#[derive(Default)]
struct Builder {
    /// The typed error behind a serde placeholder error, see [`stream`].
    error: Option<ImportError>,
    bundle_id: Option<String>,
    bundle_spec_version: Option<String>,
    saw_type: bool,
    saw_objects: bool,
    /// Position of the next element of `objects`, for error messages.
    index: usize,
    /// Every STIX id seen, of any type: duplicates are rejected and relationships to objects
    /// outside the bundle are told apart from those to unmodelled types.
    ids: HashSet<String>,
    any_object_2_1: bool,
    collection: Option<raw::RawCollection>,
    sdos: Vec<sdo::Sdo>,
    rels: Vec<relationship::Rel>,
    stats: ParseStats,
    /// Warnings raised while reading and resolving relationships; those of the conversion follow
    /// them in the catalog.
    warnings: Vec<String>,
}
