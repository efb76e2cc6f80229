use serde::{Deserialize, Serialize};

use crate::catalog::domain::ProductInput;
use crate::domain::Money;

pub const PRODUCTS_PER_PAGE: u64 = 50;

/// Whether a product can be bought online, as the list filters it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StockState {
    InStock,
    Low,
    Out,
}

impl StockState {
    pub const ALL: [StockState; 3] = [StockState::InStock, StockState::Low, StockState::Out];

    pub fn code(self) -> &'static str {
        match self {
            StockState::InStock => "in",
            StockState::Low => "low",
            StockState::Out => "out",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StockState::InStock => "In stock",
            StockState::Low => "Running low",
            StockState::Out => "Out of stock",
        }
    }

    pub fn from_code(code: &str) -> Option<StockState> {
        StockState::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The list's filters as they stand in the URL.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProductFilter {
    pub text: String,
    pub category: String,
    pub brand: String,
    /// "yes", "no" or empty.
    pub published: String,
    /// `StockState::code` or empty.
    pub stock: String,
    pub page: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductRow {
    pub id: i32,
    pub name: String,
    pub slug: String,
    pub category: String,
    pub brand: String,
    pub published: bool,
    pub variants: u32,
    pub price_from: Money,
    pub available: i64,
}

/// (slug, name) pairs to choose from.
pub type Choices = Vec<(String, String)>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductListing {
    pub filter: ProductFilter,
    pub rows: Vec<ProductRow>,
    pub matching: u64,
    pub pages: u64,
    pub categories: Choices,
    pub brands: Choices,
}

/// What the editor opens with: the product as its form (empty for a new one) and the choices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductEditor {
    /// None for a new product.
    pub id: Option<i32>,
    pub input: ProductInput,
    pub categories: Choices,
    pub brands: Choices,
    /// (code, name) of every location, in the order of each variant's stock fields.
    pub locations: Choices,
    /// Units reserved for orders per variant and location, in the same order (read-only).
    pub reserved: Vec<Vec<i32>>,
    /// The product's pictures, first shown first (none for a new product).
    pub media: Vec<crate::catalog::admin::media::model::MediaItem>,
}

/// A problem in an imported file, where a spreadsheet shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvProblem {
    /// Counted from 1; the header is line 1.
    pub line: u64,
    pub column: String,
    pub message: String,
}

/// What an import did (or, with problems and "all or nothing", would have done).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub rows: u64,
    pub products: u64,
    pub created: u64,
    pub updated: u64,
    /// Products left out because of their problems (only when importing the valid ones).
    pub skipped: u64,
    pub problems: Vec<CsvProblem>,
    /// Whether anything was written.
    pub imported: bool,
}

/// Where the browser sends a CSV file to import (`mode`: "all" or "valid").
pub fn import_path(mode: &str) -> String {
    format!("/api/admin/products/import?mode={mode}")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedProduct {
    pub id: i32,
    pub slug: String,
}
