//! The content library's pure half: bytes in, test templates out. No network, no storage; the
//! sync job fetches the bytes and writes what comes back.
//!
//! * [`archive`]: [`read_text_files`] reads the text files a source needs out of an untrusted
//!   zip, tar.gz, tar or single file, refusing traversal, outside links and decompression bombs
//!   (limits in [`Limits`]), with paths relative to the repository root.
//! * [`templates`]: [`parse_templates`] turns those files into [`TemplateContent`]s for Atomic
//!   Red Team, CALDERA, LOLBAS and GTFOBins ([`wanted_path`] says which files each needs), with
//!   per-file errors instead of a failed run; [`content_hash`] is what a sync compares.
//! * [`rules`]: [`parse_rules`] turns Sigma's YAML and Elastic's TOML into [`RuleContent`]s
//!   ([`wanted_rule_path`] says which files), the same way; [`rule_hash`] is what a sync compares.
//! * [`d3fend`]: [`parse_d3fend`] reads D3FEND's ontology (Turtle) into defensive techniques
//!   and the ATT&CK techniques they counter through shared digital artifacts.
//! * [`compliance`]: [`parse_mappings_explorer`] and [`parse_control_csv`] read a framework's
//!   controls and their ATT&CK mappings (CTID Mappings Explorer JSON, or a plain CSV).
//!
//! ```
//! use content::{Limits, parse_templates, read_text_files, wanted_path};
//! use domain::content::TemplateOrigin;
//!
//! let origin = TemplateOrigin::Lolbas;
//! let yaml = "Name: A.exe\nCommands:\n  - Command: a.exe /x\n    MitreID: T1218\n";
//! let files = read_text_files(yaml.as_bytes(), "A.yml", &Limits::default(), &|p| wanted_path(origin, p)).unwrap();
//! let parsed = parse_templates(origin, &files);
//! assert_eq!(parsed.templates[0].source_id, "A.exe#1");
//! ```
//!
//! [`TemplateContent`]: domain::content::TemplateContent
//! [`RuleContent`]: domain::content::RuleContent

pub mod archive;
pub mod compliance;
pub mod d3fend;
pub mod rules;
pub mod templates;

pub use archive::{ArchiveError, Limits, TextFile, read_text_files};
pub use compliance::{ParsedFramework, parse_control_csv, parse_mappings_explorer};
pub use d3fend::{D3fendCatalog, parse_d3fend, wanted_d3fend_path};
pub use rules::{ParsedRules, parse_rules, rule_hash, wanted_rule_path};
pub use templates::{Parsed, content_hash, parse_templates, wanted_path};
