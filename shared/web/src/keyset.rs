//! Keyset pagination over a list already in memory (the catalog and the template catalog are
//! read whole and kept per process, see `store::catalog_view` and `store::templates`):
//! the cursor is the last returned key, so pages stay stable while items
//! are added or removed elsewhere in the list.

use crate::ApiError;
use crate::pagination::ListResponse;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// Page size, 1-1000 (default 100).
    pub limit: Option<u32>,
    /// Opaque cursor from a previous page's `next_cursor`.
    pub cursor: Option<String>,
}

const PREFIX: &str = "after:";

impl Paging {
    /// The page of `items` (sorted by `key`) after the cursor.
    pub fn page<T>(&self, items: Vec<T>, key: impl Fn(&T) -> String) -> Result<ListResponse<T>, ApiError> {
        let limit = self.limit.unwrap_or(100).clamp(1, 1000) as usize;
        let after = match &self.cursor {
            None => None,
            Some(c) => Some(
                URL_SAFE_NO_PAD
                    .decode(c)
                    .ok()
                    .and_then(|b| String::from_utf8(b).ok())
                    .and_then(|s| s.strip_prefix(PREFIX).map(str::to_owned))
                    .ok_or_else(|| ApiError::BadRequest("invalid or expired cursor".into()))?,
            ),
        };
        let mut rest: Vec<T> = match &after {
            None => items,
            Some(a) => items.into_iter().skip_while(|i| key(i) <= *a).collect(),
        };
        let more = rest.len() > limit;
        rest.truncate(limit);
        let next_cursor = if more {
            rest.last().map(|l| URL_SAFE_NO_PAD.encode(format!("{PREFIX}{}", key(l))))
        } else {
            None
        };
        Ok(ListResponse { items: rest, next_cursor })
    }
}

/// Case-insensitive literal substring match: the query is text, never a pattern, so `.`, `*`,
/// `%` or `[` in it match only themselves.
pub fn matches(haystacks: &[&str], query: &str) -> bool {
    let q = query.to_lowercase();
    haystacks.iter().any(|h| h.to_lowercase().contains(&q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_follow_each_other_and_bad_cursors_are_refused() {
        let items: Vec<String> = (1..=5).map(|i| format!("T{i:04}")).collect();
        let p = Paging { limit: Some(2), cursor: None };
        let first = p.page(items.clone(), |s| s.clone()).unwrap();
        assert_eq!(first.items, ["T0001", "T0002"]);
        let p = Paging { limit: Some(2), cursor: first.next_cursor };
        let second = p.page(items.clone(), |s| s.clone()).unwrap();
        assert_eq!(second.items, ["T0003", "T0004"]);
        let p = Paging { limit: Some(2), cursor: second.next_cursor };
        let last = p.page(items.clone(), |s| s.clone()).unwrap();
        assert_eq!(last.items, ["T0005"]);
        assert!(last.next_cursor.is_none());
        let bad = Paging { limit: None, cursor: Some("!!".into()) };
        assert!(bad.page(items, |s| s.clone()).is_err());
    }

    #[test]
    fn search_is_literal_and_case_insensitive() {
        assert!(matches(&["T1059.001", "PowerShell"], "powershell"));
        assert!(matches(&["T1059.001"], "1059.0"));
        assert!(!matches(&["T1059x001"], "1059.0"));
        assert!(!matches(&["PowerShell"], "power.*"));
    }
}
