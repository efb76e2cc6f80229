//! How a shopper pages and sorts a product listing, parsed from the URL's query string.

use serde::{Deserialize, Serialize};

/// The orders a listing can be sorted in; the URL spelling is what `as_param` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ProductSort {
    #[default]
    Newest,
    PriceLowToHigh,
    PriceHighToLow,
    Name,
}

impl ProductSort {
    pub const ALL: [ProductSort; 4] = [
        ProductSort::Newest,
        ProductSort::PriceLowToHigh,
        ProductSort::PriceHighToLow,
        ProductSort::Name,
    ];

    pub fn as_param(self) -> &'static str {
        match self {
            ProductSort::Newest => "newest",
            ProductSort::PriceLowToHigh => "price-asc",
            ProductSort::PriceHighToLow => "price-desc",
            ProductSort::Name => "name",
        }
    }
}

/// A 1-based page number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PageNumber(u32);

impl PageNumber {
    pub const FIRST: PageNumber = PageNumber(1);
    /// Far beyond any real catalog; keeps offsets well inside what databases accept.
    pub const MAX: u32 = 100_000;

    pub fn get(self) -> u32 {
        self.0
    }

    /// Reads "3" as page 3. Zero, negative numbers, anything past `MAX` and text that is not
    /// a number are not pages: every list, sitemap and API asks this one rule.
    pub fn parse(text: &str) -> Option<PageNumber> {
        text.trim()
            .parse::<u64>()
            .ok()
            .and_then(PageNumber::from_number)
    }

    /// A page number that arrived as a number (a server function's argument).
    pub fn from_number(number: u64) -> Option<PageNumber> {
        u32::try_from(number)
            .ok()
            .filter(|n| (1..=PageNumber::MAX).contains(n))
            .map(PageNumber)
    }

    /// Rows to skip before this page. Pages stop at `MAX`, and the product saturates rather
    /// than wrapping around, so no page number can turn into a nonsense offset or a panic.
    pub fn offset(self, per_page: u64) -> u64 {
        u64::from(self.0 - 1).saturating_mul(per_page)
    }
}

/// Rows to skip before `page` of a list showing `per_page` rows a page; a number that is not a
/// page (0, or past `PageNumber::MAX`) counts as the first page.
pub fn page_offset(page: u64, per_page: u64) -> u64 {
    PageNumber::from_number(page)
        .unwrap_or(PageNumber::FIRST)
        .offset(per_page)
}

/// Serialized as its number; a number out of range does not deserialize (no unchecked page
/// can arrive through a server function's arguments).
impl<'de> Deserialize<'de> for PageNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let number = u64::deserialize(deserializer)?;
        PageNumber::from_number(number)
            .ok_or_else(|| serde::de::Error::custom(format!("{number} is not a page number")))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListingQueryError {
    #[error("“{0}” is not a page number. Pages are numbered 1, 2, 3…")]
    BadPage(String),
    #[error("“{0}” is not a way to sort products. Choose newest, price-asc, price-desc or name.")]
    BadSort(String),
}

impl ListingQueryError {
    /// The query parameter at fault, for error messages tied to a field.
    pub fn field(&self) -> &'static str {
        match self {
            ListingQueryError::BadPage(_) => "page",
            ListingQueryError::BadSort(_) => "sort",
        }
    }
}

/// The page and sort order of a listing, as asked for in `?page=2&sort=price-asc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListingQuery {
    pub page: PageNumber,
    pub sort: ProductSort,
}

impl Default for ListingQuery {
    fn default() -> Self {
        ListingQuery {
            page: PageNumber::FIRST,
            sort: ProductSort::default(),
        }
    }
}

impl ListingQuery {
    /// Missing or empty parameters take their defaults; anything else must be valid.
    pub fn parse(page: Option<&str>, sort: Option<&str>) -> Result<Self, ListingQueryError> {
        let page = match page.map(str::trim).filter(|p| !p.is_empty()) {
            None => PageNumber::FIRST,
            Some(text) => {
                PageNumber::parse(text).ok_or_else(|| ListingQueryError::BadPage(shorten(text)))?
            }
        };
        let sort = match sort.map(str::trim).filter(|s| !s.is_empty()) {
            None => ProductSort::default(),
            Some(text) => ProductSort::ALL
                .into_iter()
                .find(|s| s.as_param() == text)
                .ok_or_else(|| ListingQueryError::BadSort(shorten(text)))?,
        };
        Ok(ListingQuery { page, sort })
    }

    /// Rows to skip for this page.
    pub fn offset(self, per_page: u32) -> u64 {
        self.page.offset(u64::from(per_page))
    }
}

/// Echoing a whole hostile query string back into the page helps nobody.
fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

/// One page of a longer list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
}

impl<T> Paged<T> {
    pub fn total_pages(&self) -> u32 {
        page_count(self.total, self.per_page)
    }
}

/// How many pages `total` items fill at `per_page` a page; an empty list still has one page.
pub fn page_count(total: u64, per_page: u32) -> u32 {
    let pages = total.div_ceil(u64::from(per_page.max(1)));
    u32::try_from(pages).unwrap_or(u32::MAX).max(1)
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_when_nothing_is_asked() {
        assert_eq!(ListingQuery::parse(None, None), Ok(ListingQuery::default()));
        assert_eq!(
            ListingQuery::parse(Some(""), Some(" ")),
            Ok(ListingQuery::default())
        );
    }

    #[test]
    fn parses_page_and_sort() {
        let q = ListingQuery::parse(Some("3"), Some("price-desc")).expect("valid query");
        assert_eq!(q.page.get(), 3);
        assert_eq!(q.sort, ProductSort::PriceHighToLow);
        assert_eq!(q.offset(24), 48);
        for sort in ProductSort::ALL {
            let parsed = ListingQuery::parse(None, Some(sort.as_param())).map(|q| q.sort);
            assert_eq!(parsed, Ok(sort));
        }
    }

    #[test]
    fn bad_pages_and_sorts_get_clear_errors() {
        for bad in ["0", "-1", "abc", "1.5", "100001", "99999999999999"] {
            let err = ListingQuery::parse(Some(bad), None).expect_err(bad);
            assert_eq!(err.field(), "page");
        }
        let err = ListingQuery::parse(None, Some("cheapest")).expect_err("bad sort");
        assert_eq!(err.field(), "sort");
        assert!(err.to_string().contains("cheapest"));
        let long = "x".repeat(500);
        let err = ListingQuery::parse(Some(&long), None).expect_err("long");
        assert!(err.to_string().chars().count() < 120);
    }

    #[test]
    fn page_numbers_from_outside_are_bounded_and_offsets_never_overflow() {
        for bad in [
            "0",
            "-1",
            "18446744073709551615",
            "4294967297",
            "100001",
            "",
            "1e3",
        ] {
            assert_eq!(PageNumber::parse(bad), None, "{bad}");
        }
        for bad in [0, u64::MAX, u64::from(u32::MAX) + 2, 100_001] {
            assert_eq!(PageNumber::from_number(bad), None, "{bad}");
        }
        let last = PageNumber::from_number(100_000).expect("the last page");
        assert_eq!(
            last.offset(u64::from(u32::MAX)),
            99_999 * u64::from(u32::MAX)
        );
        assert_eq!(last.offset(u64::MAX), u64::MAX);
        assert_eq!(PageNumber::parse(" 2 ").map(|p| p.offset(50)), Some(50));
        assert_eq!(page_offset(u64::MAX, 50), 0);
        assert_eq!(page_offset(3, 50), 100);
        let wire: Result<PageNumber, _> = serde_json::from_str("18446744073709551615");
        assert!(wire.is_err());
        let wire: Result<PageNumber, _> = serde_json::from_str("0");
        assert!(wire.is_err());
        assert_eq!(
            serde_json::from_str::<PageNumber>("7").ok(),
            PageNumber::from_number(7)
        );
    }

    #[test]
    fn counts_pages() {
        let paged = |total| Paged::<u8> {
            items: vec![],
            page: 1,
            per_page: 24,
            total,
        };
        assert_eq!(paged(0).total_pages(), 1);
        assert_eq!(paged(24).total_pages(), 1);
        assert_eq!(paged(25).total_pages(), 2);
    }
}
