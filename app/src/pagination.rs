//! Page-numbered lists: `page` starts at 1, `per_page` is clamped to a sane range.

use serde::{Deserialize, Serialize};

pub const DEFAULT_PER_PAGE: u32 = 20;
pub const MAX_PER_PAGE: u32 = 100;
/// The highest page number the API takes (far past any real list; keeps offsets small).
pub const MAX_PAGE: u32 = 1_000_000;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many items match in all pages.
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl<T> Page<T> {
    pub fn total_pages(&self) -> u32 {
        (self.total.max(0) as u64).div_ceil(u64::from(self.per_page.max(1))) as u32
    }
}

/// `page` and `per_page` as every list in the JSON API takes them (query parameters). The API
/// reads them with `PageRequest::checked`, which refuses values outside these bounds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct PageParams {
    /// Page number, from 1 (at most 1 000 000).
    #[cfg_attr(feature = "ssr", param(minimum = 1, maximum = 1000000))]
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    #[cfg_attr(feature = "ssr", param(minimum = 1, maximum = 100))]
    pub per_page: Option<u32>,
}

impl PageParams {
    pub fn page(page: Option<u32>) -> Self {
        Self { page, per_page: None }
    }

    /// The page asked for; values outside the documented bounds are refused (422).
    pub fn checked(self) -> Result<PageRequest, crate::AppError> {
        PageRequest::checked(self.page, self.per_page)
    }
}

/// Requested page and size, already clamped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u32,
    pub per_page: u32,
}

impl PageRequest {
    pub fn new(page: Option<u32>, per_page: Option<u32>) -> Self {
        Self { page: page.unwrap_or(1).max(1), per_page: per_page.unwrap_or(DEFAULT_PER_PAGE).clamp(1, MAX_PER_PAGE) }
    }

    /// What the API and the pages both take: the document promises `page ≥ 1` and
    /// `1 ≤ per_page ≤ 100`, and values outside are refused (422) instead of quietly changed, so
    /// a client (or a hand-edited URL) learns of its mistake.
    pub fn checked(page: Option<u32>, per_page: Option<u32>) -> Result<Self, crate::AppError> {
        if page.is_some_and(|n| !(1..=MAX_PAGE).contains(&n)) {
            return Err(crate::AppError::invalid_field("page", format!("Pages are numbered from 1 to {MAX_PAGE}.")));
        }
        if per_page.is_some_and(|n| !(1..=MAX_PER_PAGE).contains(&n)) {
            return Err(crate::AppError::invalid_field(
                "per_page",
                format!("Ask for between 1 and {MAX_PER_PAGE} items per page."),
            ));
        }
        Ok(Self::new(page, per_page))
    }

    pub fn offset(self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }

    pub fn limit(self) -> i64 {
        i64::from(self.per_page)
    }
}

/// Runs a list query for one page and returns the page with its total. `fetch(limit, offset)`
/// returns the rows, each beside `count(*) OVER ()` (the number of matches in all pages). That
/// count comes with the rows, so past the last page (no rows) it is asked for once more with
/// the first row only: every list reports the same total whichever page is asked for.
#[cfg(feature = "ssr")]
pub async fn paged<T, F, Fut>(page: PageRequest, fetch: F) -> Result<Page<T>, crate::AppError>
where
    F: Fn(i64, i64) -> Fut,
    Fut: std::future::Future<Output = Result<Vec<(i64, T)>, crate::AppError>>,
{
    let rows = fetch(page.limit(), page.offset()).await?;
    let total = match rows.first() {
        Some((total, _)) => *total,
        None if page.page > 1 => fetch(1, 0).await?.first().map_or(0, |(total, _)| *total),
        None => 0,
    };
    Ok(Page {
        items: rows.into_iter().map(|(_, item)| item).collect(),
        total,
        page: page.page,
        per_page: page.per_page,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_clamped() {
        assert_eq!(PageRequest::new(Some(0), Some(1000)), PageRequest { page: 1, per_page: 100 });
        assert_eq!(PageRequest::new(Some(3), Some(10)).offset(), 20);
        let page = Page::<u8> { items: vec![], total: 41, page: 1, per_page: 20 };
        assert_eq!(page.total_pages(), 3);
    }
}
