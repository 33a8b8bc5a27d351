//! Canonical JSON and content hashes.
//!
//! Canonical form: compact JSON (no whitespace), object keys sorted by their UTF-8 bytes (which
//! is Unicode code-point order), strings escaped the way `serde_json` escapes them (only `"`,
//! `\` and control characters), numbers as `serde_json` prints them. For ATT&CK data this is
//! byte-for-byte what Python's `json.dumps(obj, sort_keys=True, separators=(",", ":"),
//! ensure_ascii=False)` produces. Key order and indentation of the file therefore do not affect
//! the hash (the official Mobile 10.1 and 11.3 files order keys differently), while any change
//! of a value does.
//!
//! The sort is done here explicitly, so the result does not depend on whether some other crate
//! in the build enables `serde_json/preserve_order`.

use std::collections::BTreeMap;

use serde_json::Value;
use sha2::{Digest, Sha256};

/// Top-level keys left out of [`content_hash`](crate::Technique::content_hash): `spec_version`
/// only says which STIX serialisation (2.0 or 2.1) carried the object, it is not content. With it
/// excluded, ICS 18.1 from the STIX 2.0 file and from the STIX 2.1 file hash identically.
pub const HASH_EXCLUDED_KEYS: &[&str] = &["spec_version"];

/// SHA-256 digest of the canonical JSON of each top-level field of one object (all fields, not
/// just the ones the importer keeps), so that a diff can say *which* fields changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldDigests(BTreeMap<String, [u8; 32]>);

impl FieldDigests {
    /// Top-level field names present in the object (excluding [`HASH_EXCLUDED_KEYS`]), sorted.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// Sorted names of the top-level fields that differ between `self` and `other`: present in
    /// only one of them, or present in both with different values.
    pub fn changed_fields(&self, other: &FieldDigests) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (k, v) in &self.0 {
            if other.0.get(k) != Some(v) {
                out.push(k.clone());
            }
        }
        for k in other.0.keys() {
            if !self.0.contains_key(k) {
                out.push(k.clone());
            }
        }
        out.sort();
        out
    }
}

/// Hex SHA-256 of the canonical JSON of `obj` without [`HASH_EXCLUDED_KEYS`], plus per-field
/// digests. `obj` must be a JSON object (callers check).
pub(crate) fn hash_object(obj: &serde_json::Map<String, Value>) -> (String, FieldDigests) {
    let mut keys: Vec<&String> = obj.keys().filter(|k| !HASH_EXCLUDED_KEYS.contains(&k.as_str())).collect();
    keys.sort();
    let mut whole = Sha256::new();
    let mut fields = BTreeMap::new();
    let mut buf = Vec::with_capacity(4096);
    whole.update(b"{");
    for (i, k) in keys.into_iter().enumerate() {
        if i > 0 {
            whole.update(b",");
        }
        buf.clear();
        write_str(&mut buf, k);
        buf.push(b':');
        whole.update(&buf);
        buf.clear();
        write_value(&mut buf, &obj[k]);
        whole.update(&buf);
        fields.insert(k.clone(), Sha256::digest(&buf).into());
    }
    whole.update(b"}");
    (hex::encode(whole.finalize()), FieldDigests(fields))
}

/// Canonical JSON text of any value (used by tests and for documentation of the format).
pub fn canonical_json(v: &Value) -> String {
    let mut buf = Vec::new();
    write_value(&mut buf, v);
    // Only valid UTF-8 is ever written: JSON punctuation plus serde_json's own output.
    String::from_utf8(buf).unwrap_or_default()
}

fn write_value(buf: &mut Vec<u8>, v: &Value) {
    match v {
        Value::Null => buf.extend_from_slice(b"null"),
        Value::Bool(true) => buf.extend_from_slice(b"true"),
        Value::Bool(false) => buf.extend_from_slice(b"false"),
        Value::Number(n) => buf.extend_from_slice(n.to_string().as_bytes()),
        Value::String(s) => write_str(buf, s),
        Value::Array(items) => {
            buf.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    buf.push(b',');
                }
                write_value(buf, item);
            }
            buf.push(b']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            buf.push(b'{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    buf.push(b',');
                }
                write_str(buf, k);
                buf.push(b':');
                write_value(buf, &map[k]);
            }
            buf.push(b'}');
        }
    }
}

fn write_str(buf: &mut Vec<u8>, s: &str) {
    // Serialising a &str into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *buf, s);
}
