//! What cart pages and the header receive. Prices are always the server's current ones.

use serde::{Deserialize, Serialize};

use crate::cart::domain::PriceChange;
use crate::catalog::model::Image;
use crate::domain::Money;
use crate::inventory::domain::Availability;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLineView {
    pub sku: String,
    pub product_name: String,
    pub product_href: String,
    /// "Colour: Navy, Size: M"; empty for a product without options.
    pub variant_label: String,
    pub image: Option<Image>,
    pub quantity: u32,
    pub unit_price: Money,
    pub price_change: PriceChange,
    pub line_total: Money,
    pub availability: Availability,
    /// Why this line cannot be bought as it stands (sold out, fewer left than wanted).
    pub problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CartView {
    pub lines: Vec<CartLineView>,
    /// Units over all lines, for the header's badge.
    pub item_count: u32,
    /// None for an empty cart.
    pub subtotal: Option<Money>,
}

impl CartView {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    pub fn has_problems(&self) -> bool {
        self.lines.iter().any(|line| line.problem.is_some())
    }
}
