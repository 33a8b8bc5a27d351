//! Pure importers for public security data. Bytes in, records out: no I/O beyond the reader you
//! pass, no network, no storage.
//!
//! # MITRE ATT&CK STIX bundles
//!
//! [`parse_bundle`] reads one ATT&CK bundle (Enterprise, Mobile or ICS; STIX 2.1 from
//! `mitre-attack/attack-stix-data` or STIX 2.0 from `mitre/cti`) and returns a [`Catalog`]:
//!
//! ```text
//! Catalog
//! ├── domain               Enterprise | Mobile | Ics   (matrix external id, else x_mitre_domains)
//! ├── attack_version       "18.1" from the x-mitre-collection; None for STIX 2.0 (no collection)
//! ├── matrices             x-mitre-matrix (active first)
//! ├── tactics              x-mitre-tactic, in matrix column order (tactic_refs), unlisted ones last
//! ├── techniques           attack-pattern: ATT&CK id, tactics (kill chain shortnames), platforms,
//! │                        data sources, detection, sub-technique parent, revoked(-by), deprecated
//! ├── intrusion_sets       intrusion-set + the techniques it `uses`
//! ├── mitigations          course-of-action + the techniques it `mitigates`
//! ├── detection_strategies x-mitre-detection-strategy + analytics + techniques it `detects` (v18+)
//! ├── analytics            x-mitre-analytic: platforms, data components (v18+)
//! ├── data_sources / data_components   (minimal)
//! ├── stats                ParseStats: objects per type, skipped unknown types, relationships
//! └── warnings             inconsistencies that did not stop the import
//! ```
//!
//! Every entity carries its STIX id, ATT&CK id, `revoked` / `revoked_by` (the `revoked-by`
//! target), `deprecated` (`x_mitre_deprecated`), `modified`, and `content_hash`: the hex SHA-256 of
//! the canonical JSON of the **whole** object (sorted keys, no whitespace; `spec_version` left
//! out, see [`canonical`]). The hash does not depend on the file's key order or indentation and
//! does not trust `modified`, which ATT&CK does not always bump (84 Enterprise techniques change
//! between 17.1 and 18.1 with the same `modified`).
//!
//! [`diff()`] compares two catalogs per kind (added / removed / updated / unchanged / newly revoked
//! with replacement / newly deprecated / links changed), keyed by STIX id; the reasons are in
//! [`mod@diff`].
//!
//! ## Streaming
//!
//! The bundle is read with serde straight from the reader. The `objects` array is visited element
//! by element: each element is captured as raw text, its `type` and `id` are read, modelled types
//! are hashed and converted into typed records, and the text is dropped. With [`parse_bundle`]
//! the 50 MB Enterprise bundle is never held as a whole, neither as bytes nor as a
//! `serde_json::Value` tree (peak RSS about 48 MB while gunzipping and parsing 18.1). When the
//! bytes are in memory anyway, [`parse_bundle_slice`] gives the same catalog about twice as fast
//! (serde_json's reader front end goes byte by byte). Release build, Enterprise 18.1:
//! `parse_bundle` 0.7-0.9 s (incl. gunzip), `parse_bundle_slice` about 0.4 s.
//!
//! ## What is rejected ([`ImportError`], always with a reason, never a panic)
//!
//! * not JSON, truncated JSON, trailing data ([`ImportError::Json`]);
//! * top level not an object, `type` not `"bundle"`, `objects` not an array, unsupported
//!   `spec_version` ([`ImportError::NotABundle`]);
//! * an element that is not an object, has no `id` or `type`, has an id not prefixed by its type,
//!   repeats an id, or has a field we read with the wrong JSON type (the error names the field
//!   path); a tactic, technique, intrusion set, mitigation, detection strategy or analytic without
//!   an ATT&CK external id unless it is revoked or deprecated ([`ImportError::InvalidObject`]);
//! * no way to tell the domain, or conflicting domains ([`ImportError::NotAttack`]).
//!
//! Objects of types the importer does not model (malware, tool, campaign, identity,
//! marking-definition, x-mitre-asset, ...) are counted in [`ParseStats`] and skipped; their
//! fields are not checked.
//!
//! ## Relationships
//!
//! Resolved after the whole bundle is read, so order does not matter. Relationships whose source
//! or target is revoked or deprecated are kept (a group still `uses` a revoked technique).
//! Relationships that are *themselves* `revoked` or `x_mitre_deprecated` (of all relationships,
//! Mobile 11.3 has 339 such, ICS 16.1 198) are withdrawn claims and are not turned into `uses` / `mitigates` /
//! `detects` / `subtechnique-of` links (counted in [`ParseStats::relationships_withdrawn`]); the
//! exception is `revoked-by`, where a deprecated relationship is used when there is no live one,
//! because for several Mobile techniques it is the only record of the replacement. Relationships
//! pointing outside the bundle are counted and ignored.
//!
//! ```no_run
//! let file = std::fs::File::open("ics-attack-18.1.json").unwrap();
//! let catalog = importers::parse_bundle(file).unwrap();
//! assert_eq!(catalog.domain, importers::Domain::Ics);
//! ```

pub mod canonical;
pub mod diff;
mod error;
mod model;
mod parse;

pub use canonical::FieldDigests;
pub use diff::{CatalogDiff, EntryRef, KindDiff, Revocation, Updated, diff};
pub use error::ImportError;
pub use model::{
    Analytic, Catalog, DataComponent, DataSource, DetectionStrategy, Domain, Entity, IntrusionSet, Matrix,
    Mitigation, ParseStats, StixVersion, Tactic, Technique,
};
pub use parse::{ATTACK_KILL_CHAINS, ATTACK_SOURCE_NAMES, parse_bundle, parse_bundle_slice};
