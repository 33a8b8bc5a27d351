//! YAML as the parsers read it: `yaml_serde` behind a guard against alias bombs, plus the two
//! shapes upstream files need (maps in file order, scalars of any type read as text).
//!
//! `yaml_serde` stops the classic "billion laughs" itself (it allows 100 alias jumps per event of
//! the document), but a flat bomb stays under that limit: one anchor of N items referenced N
//! times costs N² while every single jump is allowed. So a document that may define anchors is
//! first walked once with a node budget proportional to its length; the walk stops as soon as
//! aliases make the document larger than its text could be, before any typed value is built.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, de::EnumAccess, de::VariantAccess};

pub(crate) const ALIAS_BOMB: &str = "its aliases expand to far more than its text holds (an alias bomb?)";

/// Parses one YAML document into `T`; the error is a reason in plain English with a location.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    if may_define_anchors(text) {
        let budget = Cell::new(2 * text.len() as u64 + 1_000);
        Walk(&budget).deserialize(yaml_serde::Deserializer::from_str(text)).map_err(|e| e.to_string())?;
    }
    yaml_serde::from_str(text).map_err(|e| e.to_string())
}

/// An anchor is `&` followed by its name; documents without one cannot hold aliases.
fn may_define_anchors(text: &str) -> bool {
    text.as_bytes().windows(2).any(|w| {
        w[0] == b'&' && !matches!(w[1], b' ' | b'\t' | b'\r' | b'\n' | b',' | b'[' | b']' | b'{' | b'}')
    })
}

/// Visits every node (aliases expanded, as a typed parse would) until the budget runs out.
#[derive(Clone, Copy)]
struct Walk<'a>(&'a Cell<u64>);

impl Walk<'_> {
    fn tick<E: de::Error>(self) -> Result<(), E> {
        match self.0.get().checked_sub(1) {
            Some(left) => {
                self.0.set(left);
                Ok(())
            }
            None => Err(E::custom(ALIAS_BOMB)),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

macro_rules! leaf {
    ($($name:ident: $ty:ty),*) => {$(
        fn $name<E: de::Error>(self, _: $ty) -> Result<(), E> { self.tick() }
    )*};
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    leaf!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_i128: i128, visit_u128: u128, visit_f64: f64, visit_str: &str, visit_bytes: &[u8]);
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.tick()
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.tick()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.tick()?;
        self.deserialize(d)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.tick()?;
        self.deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.tick()?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.tick()?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        self.tick()?;
        let ((), variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
}

/// A scalar read as text whatever its YAML type (`default: 5` is the text `5`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, number or boolean")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(format!("{v:?}")))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A mapping in file order (upstream order is meaningful: the first executor is the main one).
/// An empty value (`input_arguments:`) is an empty map.
#[derive(Debug)]
pub(crate) struct Ordered<T>(pub Vec<(String, T)>);

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Ordered<T>, E> {
                Ok(Ordered(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered<T>, A::Error> {
                let mut out = Vec::new();
                while let Some((Text(k), v)) = map.next_entry::<Text, T>()? {
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// One value or a list of them (`mitre: T1059` or `mitre: [T1059, T1071]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum OneOrMany {
    One(Text),
    Many(Vec<Text>),
}

impl OneOrMany {
    pub fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(t) => vec![t.0],
            OneOrMany::Many(v) => v.into_iter().map(|t| t.0).collect(),
        }
    }
}

/// Trailing newlines of block scalars (`|`) are layout, not content.
pub(crate) fn trimmed(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim_end().to_owned()).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_serde_itself_refuses_the_billion_laughs() {
        // Given nine levels of ten aliases each: 10^9 strings once expanded
        let mut doc = String::from("a0: &a0 [lol]\n");
        for i in 1..=9 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            doc.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        // When it is parsed without our guard, and with it
        let plain = yaml_serde::from_str::<yaml_serde::Value>(&doc).unwrap_err().to_string();
        let guarded = from_str::<yaml_serde::Value>(&doc).unwrap_err();
        // Then both stop (the guard first, by its budget)
        assert!(plain.contains("repetition limit exceeded"), "{plain}");
        assert!(guarded.contains("alias bomb"), "{guarded}");
    }

    #[test]
    fn a_flat_alias_bomb_under_yaml_serdes_limit_is_stopped_by_the_guard() {
        // Given one anchor of 5,000 items referenced 5,000 times: 25 million items, 40 KB of text
        let items = vec!["x"; 5_000].join(",");
        let refs = vec!["*a"; 5_000].join(",");
        let doc = format!("anchor: &a [{items}]\nrefs: [{refs}]\n");
        // yaml_serde alone lets a smaller one through: 250,000 items out of 4 KB of text
        let small =
            format!("anchor: &a [{}]\nrefs: [{}]\n", vec!["x"; 500].join(","), vec!["*a"; 500].join(","));
        let expanded: yaml_serde::Value = yaml_serde::from_str(&small).unwrap();
        assert_eq!(expanded["refs"].as_sequence().unwrap().len() * 500, 250_000);
        assert!(from_str::<yaml_serde::Value>(&small).unwrap_err().contains("alias bomb"));
        let started = std::time::Instant::now();
        let err = from_str::<yaml_serde::Value>(&doc).unwrap_err();
        assert!(err.contains("alias bomb"), "{err}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn small_honest_aliases_pass_and_shapes_read_as_text_and_in_order() {
        #[derive(Deserialize)]
        struct Doc {
            base: Ordered<Text>,
            copy: Ordered<Text>,
            empty: Ordered<Text>,
            one: OneOrMany,
            many: OneOrMany,
        }
        let doc: Doc =
            from_str("base: &b {z: 1, a: true, m: 1.5}\ncopy: *b\nempty:\none: T1\nmany: [T1, T2]\n")
                .unwrap();
        let keys: Vec<_> = doc.copy.0.iter().map(|(k, v)| format!("{k}={}", v.0)).collect();
        assert_eq!(keys, ["z=1", "a=true", "m=1.5"]);
        assert_eq!(doc.base.0.len(), 3);
        assert!(doc.empty.0.is_empty());
        assert_eq!(
            (doc.one.into_vec(), doc.many.into_vec()),
            (vec!["T1".to_owned()], vec!["T1".into(), "T2".into()])
        );
        assert!(!may_define_anchors("cmd 2>& 1 & echo [&]") && may_define_anchors("a: &x 1"));
    }
}
