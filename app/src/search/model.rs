//! What the search box and the results page receive.

use serde::{Deserialize, Serialize};

use crate::catalog::model::ProductCard;
use crate::domain::Money;
use crate::search::domain::SearchQuery;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductSuggestion {
    pub name: String,
    pub href: String,
    pub brand: Option<String>,
    pub price: Money,
    pub image_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategorySuggestion {
    pub name: String,
    pub href: String,
}

/// What the header's box offers while the shopper types.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Suggestions {
    /// The text these suggestions are for (answers to older keystrokes are thrown away).
    pub text: String,
    pub categories: Vec<CategorySuggestion>,
    pub products: Vec<ProductSuggestion>,
}

impl Suggestions {
    pub fn is_empty(&self) -> bool {
        self.categories.is_empty() && self.products.is_empty()
    }
}

/// One value of a facet, with how many results have it and the link that toggles it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FacetValue {
    pub label: String,
    pub count: u64,
    pub selected: bool,
    pub href: String,
    /// A price range's edges (from, below), for the page to write in its language.
    pub price_range: Option<(Option<Money>, Option<Money>)>,
}

/// What a facet filters by: the page names the shop's own facets in its language; an
/// attribute's name is product content ("Colour", "Size").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FacetKind {
    Category,
    Brand,
    Attribute,
    Availability,
    PriceRange,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facet {
    pub kind: FacetKind,
    /// "Category", "Brand", "Colour"…
    pub name: String,
    pub values: Vec<FacetValue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SortChoice {
    pub sort: crate::search::domain::SearchSort,
    pub href: String,
    pub selected: bool,
}

/// A page of results with everything around it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchResults {
    pub query: SearchQuery,
    /// Parts of the request that were corrected or ignored, in words.
    pub notices: Vec<String>,
    pub total: u64,
    pub products: Vec<ProductCard>,
    pub facets: Vec<Facet>,
    /// Lowest and highest price among the matches (for the price inputs' placeholders).
    pub price_span: Option<(Money, Money)>,
    pub sorts: Vec<SortChoice>,
    pub page: u32,
    pub pages: u32,
    pub previous_href: Option<String>,
    pub next_href: Option<String>,
    /// "Did you mean …?" when nothing matched: (text, link).
    pub correction: Option<(String, String)>,
    /// Shown when nothing matched.
    pub popular: Vec<ProductCard>,
    /// The search without filters (for "clear filters").
    pub clear_href: String,
}
