//! Opaque pagination cursors: the DynamoDB `LastEvaluatedKey`, base64url-encoded JSON of
//! string attributes. Only key attributes are accepted back, so a cursor cannot smuggle in
//! anything else.

use aws_sdk_dynamodb::types::AttributeValue;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use std::collections::{BTreeMap, HashMap};

const KEY_ATTRS: [&str; 6] = ["PK", "SK", "GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK"];
pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor(BTreeMap<String, String>);

impl Cursor {
    pub fn from_key(key: &HashMap<String, AttributeValue>) -> Self {
        Cursor(key.iter().filter_map(|(k, v)| v.as_s().ok().map(|s| (k.clone(), s.clone()))).collect())
    }

    pub fn to_key(&self) -> HashMap<String, AttributeValue> {
        self.0.iter().map(|(k, v)| (k.clone(), AttributeValue::S(v.clone()))).collect()
    }

    pub fn get(&self, attr: &str) -> Option<&str> {
        self.0.get(attr).map(String::as_str)
    }

    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(&self.0).expect("string map serialises"))
    }

    /// Decodes a cursor from a client; `None` when it is not one this store produced.
    pub fn decode(raw: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(raw.as_bytes()).ok()?;
        let map: BTreeMap<String, String> = serde_json::from_slice(&bytes).ok()?;
        let valid = !map.is_empty() && map.keys().all(|k| KEY_ATTRS.contains(&k.as_str()));
        valid.then_some(Cursor(map))
    }
}

/// What a list call asks for: a page size (already clamped) and where to continue.
#[derive(Debug, Clone)]
pub struct PageRequest {
    pub limit: u32,
    pub cursor: Option<Cursor>,
}

impl PageRequest {
    pub fn new(limit: Option<u32>, cursor: Option<Cursor>) -> Self {
        Self { limit: limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT), cursor }
    }

    pub fn first(limit: u32) -> Self {
        Self::new(Some(limit), None)
    }
}

#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<Cursor>,
}

impl<T> Page<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page { items: self.items.into_iter().map(f).collect(), next_cursor: self.next_cursor }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_forgeries_are_refused() {
        let key = HashMap::from([
            ("PK".to_owned(), AttributeValue::S("AUDIT".into())),
            ("SK".to_owned(), AttributeValue::S("2026#x".into())),
        ]);
        let cursor = Cursor::from_key(&key);
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor.clone()));
        assert_eq!(cursor.to_key(), key);
        assert_eq!(Cursor::decode("not base64!"), None);
        let forged = URL_SAFE_NO_PAD.encode(br#"{"PK":"AUDIT","password_hash":"x"}"#);
        assert_eq!(Cursor::decode(&forged), None);
    }

    #[test]
    fn limits_are_clamped() {
        assert_eq!(PageRequest::new(None, None).limit, DEFAULT_LIMIT);
        assert_eq!(PageRequest::new(Some(0), None).limit, 1);
        assert_eq!(PageRequest::new(Some(10_000), None).limit, MAX_LIMIT);
    }
}
