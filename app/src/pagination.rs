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

    /// For the JSON API, whose document promises `page ≥ 1` and `1 ≤ per_page ≤ 100`: values
    /// outside are refused (422) instead of quietly changed, so a client learns of its mistake.
    /// (The web pages keep `new`: a hand-edited URL just shows the nearest sensible page.)
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

/// A row carrying `count(*) OVER () AS total` beside the item it lists.
#[cfg(feature = "ssr")]
#[derive(sqlx::FromRow)]
pub struct Counted<T> {
    pub total: i64,
    #[sqlx(flatten)]
    pub item: T,
}

/// Rows carrying the window count, as a page (total 0 when the page came back empty).
#[cfg(feature = "ssr")]
pub fn into_page<T>(rows: Vec<Counted<T>>, page: PageRequest) -> Page<T> {
    let total = rows.first().map_or(0, |row| row.total);
    Page { items: rows.into_iter().map(|row| row.item).collect(), total, page: page.page, per_page: page.per_page }
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
