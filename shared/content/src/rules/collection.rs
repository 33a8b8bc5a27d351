//! Sigma files as documents: most hold one rule, but old "rule collections" hold several YAML
//! documents (`---`), which sigmac read like this (and so does [`concrete`]):
//!
//! * `action: global` — not a rule; merged into every later document of the file (several global
//!   documents merge into one);
//! * `action: reset` — forgets the global document;
//! * `action: repeat` — a copy of the previous rule with this document merged into it;
//! * anything else is a rule: the global document is merged into it.
//!
//! Merging is sigmac's `deep_update_dict`: mappings merge key by key, recursively; any other
//! value replaces the one merged into, so a global document's scalars and lists win over a
//! rule's own (and a repeat's over the previous rule's).
//!
//! Documents are split as text at marker lines (`---`, or `...` ending one) so that each rule
//! can keep the texts it was made of; text after a marker on its own line is dropped (upstream
//! puts at most a comment there). Copies of a global document cost its size once per rule, so a
//! file whose rules would add up to far more text than it holds is refused.

use yaml_serde::{Mapping, Value};

use crate::templates::yaml;

/// One rule of a file: its merged mapping and the document texts it was made of, in order.
#[derive(Debug)]
pub(crate) struct Document<'a> {
    pub value: Mapping,
    pub pieces: Vec<&'a str>,
}

impl Document<'_> {
    /// The texts joined as the collection it is on its own (one document: that document).
    pub fn raw(&self) -> String {
        let mut raw = String::new();
        for (i, piece) in self.pieces.iter().enumerate() {
            if i > 0 {
                if !raw.ends_with('\n') {
                    raw.push('\n');
                }
                raw.push_str("---\n");
            }
            raw.push_str(piece);
        }
        raw
    }
}

pub(crate) const MERGE_BOMB: &str =
    "its documents repeat the global one into far more text than the file holds (a merge bomb?)";

/// The rules of a file, merged as sigmac merged them; an error is a reason for the whole file.
pub(crate) fn concrete(text: &str) -> Result<Vec<Document<'_>>, String> {
    let budget = 32 * text.len() + (1 << 20);
    let mut spent = 0usize;
    let mut global = Mapping::new();
    let mut global_pieces: Vec<&str> = Vec::new();
    let mut out: Vec<Document> = Vec::new();
    let mut previous: Option<usize> = None;
    for (i, piece) in split(text).into_iter().enumerate() {
        let at = i + 1;
        let mut doc = match yaml::from_str::<Value>(piece).map_err(|e| format!("document {at}: {e}"))? {
            Value::Null => continue,
            Value::Mapping(m) => m,
            _ => return Err(format!("document {at} is not a mapping")),
        };
        let action = doc.shift_remove("action");
        let (value, pieces) = match action.as_ref().and_then(Value::as_str) {
            Some("global") => {
                deep_update(&mut global, doc);
                global_pieces.push(piece);
                continue;
            }
            Some("reset") => {
                global = Mapping::new();
                global_pieces.clear();
                continue;
            }
            Some("repeat") => {
                let prev =
                    &out[previous.ok_or(format!("document {at}: `action: repeat` before any rule"))?];
                let mut pieces = prev.pieces.clone();
                pieces.push(piece);
                spent += pieces.iter().map(|p| p.len()).sum::<usize>();
                if spent > budget {
                    return Err(MERGE_BOMB.into());
                }
                let mut value = prev.value.clone();
                deep_update(&mut value, doc);
                (value, pieces)
            }
            _ => {
                let mut pieces = global_pieces.clone();
                pieces.push(piece);
                spent += pieces.iter().map(|p| p.len()).sum::<usize>();
                if spent > budget {
                    return Err(MERGE_BOMB.into());
                }
                deep_update(&mut doc, global.clone());
                (doc, pieces)
            }
        };
        previous = Some(out.len());
        out.push(Document { value, pieces });
    }
    Ok(out)
}

/// sigmac's `deep_update_dict(dest, src)`: `src` wins except where both hold a mapping.
fn deep_update(dest: &mut Mapping, src: Mapping) {
    for (k, v) in src {
        match v {
            Value::Mapping(s) if matches!(dest.get(&k), Some(Value::Mapping(_))) => {
                if let Some(Value::Mapping(d)) = dest.get_mut(&k) {
                    deep_update(d, s);
                }
            }
            v => {
                dest.insert(k, v);
            }
        }
    }
}

/// The file's documents as text, split at marker lines (an empty text is one empty document).
fn split(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let (mut start, mut pos) = (0, 0);
    for line in text.split_inclusive('\n') {
        let end = pos + line.len();
        if is_marker(line) {
            pieces.push(&text[start..pos]);
            start = end;
        }
        pos = end;
    }
    pieces.push(&text[start..]);
    pieces
}

fn is_marker(line: &str) -> bool {
    let line = line.trim_end_matches(['\n', '\r']);
    ["---", "..."]
        .iter()
        .any(|m| line.strip_prefix(m).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t'])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(m: &Mapping, key: &str) -> String {
        yaml_serde::to_string(&m[key]).unwrap().trim_end().to_owned()
    }

    #[test]
    fn documents_split_at_markers_only() {
        let doc = "a: 1\n--- # next\nb: '---'\nc: |\n  x\n  --- not a marker\n...\n---\n";
        assert_eq!(split(doc), ["a: 1\n", "b: '---'\nc: |\n  x\n  --- not a marker\n", "", ""]);
        assert_eq!(split("a: 1"), ["a: 1"]);
        assert!(is_marker("---\r\n") && !is_marker("----\n") && !is_marker(" ---\n"));
    }

    #[test]
    fn a_global_document_merges_into_each_rule_and_wins_its_scalars() {
        // Given a global document, a rule overriding `level` and adding detection, and a repeat
        let file = "action: global\ntitle: T\nlevel: high\ndetection:\n  condition: sel\n---\n\
                    id: a\nlevel: low\ndetection:\n  sel: {EventID: 1}\n---\n\
                    action: repeat\ndetection:\n  sel: {EventID: 2}\n---\naction: reset\n---\nid: c\n";
        // When the file is read
        let docs = concrete(file).unwrap();
        // Then there are three rules: the global's scalars won, mappings merged key by key
        let [a, b, c] = docs.as_slice() else { panic!("{docs:?}") };
        assert_eq!((text(&a.value, "id"), text(&a.value, "level")), ("a".into(), "high".into()));
        assert_eq!(text(&a.value, "detection"), "sel:\n  EventID: 1\ncondition: sel");
        assert_eq!(text(&b.value, "detection"), "sel:\n  EventID: 2\ncondition: sel");
        assert_eq!(text(&b.value, "title"), "T");
        assert!(!a.value.contains_key("action") && !b.value.contains_key("action"));
        assert_eq!(
            a.raw(),
            "action: global\ntitle: T\nlevel: high\ndetection:\n  condition: sel\n---\nid: a\nlevel: low\ndetection:\n  sel: {EventID: 1}\n"
        );
        assert_eq!(b.pieces.len(), 3);
        // After the reset, nothing of the global is left
        assert_eq!(c.value.len(), 1);
        assert_eq!(c.raw(), "id: c\n");
    }

    #[test]
    fn broken_collections_are_refused_with_a_reason() {
        assert!(concrete("action: repeat\nid: a\n").unwrap_err().contains("before any rule"));
        assert!(concrete("id: a\n---\n- a list\n").unwrap_err().contains("document 2 is not a mapping"));
        assert!(concrete("id: a\n---\nid: [\n").unwrap_err().starts_with("document 2: "));
        assert!(concrete("# only a comment\n").unwrap().is_empty());
        // A 100 KB global copied into 100,000 empty rules would be 10 GB
        let global = format!("action: global\nx: '{}'\n", "a".repeat(100_000));
        let bomb = format!("{global}{}", "---\nid: 1\n".repeat(100_000));
        assert_eq!(concrete(&bomb).unwrap_err(), MERGE_BOMB);
    }
}
