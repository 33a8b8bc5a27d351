//! The list contract: `?limit=&cursor=` in, `{"items": [...], "next_cursor": ...}` out.

use crate::ApiError;
use serde::{Deserialize, Serialize};
use store::{Cursor, Page, PageRequest};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page size, 1-500 (default 50).
    pub limit: Option<u32>,
    /// Opaque cursor from a previous page's `next_cursor`.
    pub cursor: Option<String>,
}

impl PageParams {
    pub fn page(&self) -> Result<PageRequest, ApiError> {
        let cursor = match &self.cursor {
            None => None,
            Some(raw) => Some(
                Cursor::decode(raw)
                    .ok_or_else(|| ApiError::BadRequest("invalid or expired cursor".into()))?,
            ),
        };
        Ok(PageRequest::new(self.limit, cursor))
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ListResponse<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T> ListResponse<T> {
    pub fn from_page<U>(page: Page<U>, f: impl FnMut(U) -> T) -> Self {
        let page = page.map(f);
        Self { items: page.items, next_cursor: page.next_cursor.map(|c| c.encode()) }
    }
}

/// Refuses a `from` after `to` (a range that can match nothing is a client mistake, 422).
pub fn check_range<T: PartialOrd>(from: Option<T>, to: Option<T>) -> Result<(), ApiError> {
    match (from, to) {
        (Some(from), Some(to)) if from > to => {
            Err(ApiError::validation("from", "range", "`from` must not be after `to`"))
        }
        _ => Ok(()),
    }
}
