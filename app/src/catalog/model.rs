//! What the catalog pages receive over the wire: small, serialisable views of the catalog. The
//! variant picker's rule (which variant a choice of options means) lives here, shared by the
//! server render and the browser.

use serde::{Deserialize, Serialize};

use crate::domain::{Money, Paged, ProductSort};
use crate::inventory::domain::Availability;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    pub url: String,
    pub alt: String,
    pub width: i32,
    pub height: i32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryLink {
    pub slug: String,
    pub name: String,
}

impl CategoryLink {
    pub fn href(&self) -> String {
        format!("/c/{}", self.slug)
    }
}

/// A product as a listing shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductCard {
    pub slug: String,
    pub name: String,
    pub brand: Option<String>,
    /// The lowest variant price ("from").
    pub price: Money,
    pub compare_at: Option<Money>,
    pub image: Option<Image>,
    pub quick_add: QuickAdd,
}

/// What a listing offers next to a product's price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum QuickAdd {
    /// The product comes in one variant that can be bought: add it straight from the listing.
    Sku(String),
    /// The shopper must pick a colour, size… on the product page first.
    ChooseOptions,
    SoldOut,
}

impl ProductCard {
    pub fn href(&self) -> String {
        format!("/p/{}", self.slug)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryTile {
    pub link: CategoryLink,
    pub description: String,
    pub image: Option<Image>,
    pub product_count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeView {
    pub canonical_url: String,
    pub categories: Vec<CategoryTile>,
    pub featured: Vec<ProductCard>,
    pub newest: Vec<ProductCard>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryView {
    pub category: CategoryLink,
    pub description: String,
    pub seo_title: String,
    pub seo_description: String,
    /// From the top of the tree down to the parent of this category.
    pub ancestors: Vec<CategoryLink>,
    pub children: Vec<CategoryLink>,
    pub sort: ProductSort,
    pub products: Paged<ProductCard>,
    /// The absolute URL of this page (page number included, sort order not).
    pub canonical_url: String,
}

/// One option axis ("Size") with its values in display order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionAxis {
    pub name: String,
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VariantView {
    pub sku: String,
    /// One value per axis, in axis order.
    pub values: Vec<String>,
    pub price: Money,
    pub compare_at: Option<Money>,
    pub availability: Availability,
    /// The gallery image that shows this variant, if any.
    pub image_index: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductView {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub brand: Option<String>,
    /// From the top of the tree down to the product's own category.
    pub categories: Vec<CategoryLink>,
    pub specifications: Vec<(String, String)>,
    pub axes: Vec<OptionAxis>,
    pub variants: Vec<VariantView>,
    pub images: Vec<Image>,
    pub video_url: Option<String>,
    pub seo_title: String,
    pub seo_description: String,
    /// The absolute URL of this page, for the canonical link and structured data.
    pub canonical_url: String,
    /// schema.org `Product` data as JSON, made on the server so the browser bundle carries no
    /// JSON writer for it.
    pub json_ld: String,
}

impl ProductView {
    /// The variant shown first: the first one a shopper can buy, else the first one.
    pub fn default_variant(&self) -> Option<&VariantView> {
        self.variants
            .iter()
            .find(|v| v.availability.can_buy())
            .or_else(|| self.variants.first())
    }

    /// The variant with exactly these option values.
    pub fn variant_with(&self, values: &[String]) -> Option<&VariantView> {
        self.variants.iter().find(|v| v.values == values)
    }

    /// The selection after the shopper picks `value` on axis `axis`: the other choices are kept
    /// when that combination exists; otherwise the closest existing variant with the new value
    /// (most other values in common, earlier variants first) is chosen.
    pub fn choose(&self, current: &[String], axis: usize, value: &str) -> Vec<String> {
        let mut wanted = current.to_vec();
        if let Some(slot) = wanted.get_mut(axis) {
            *slot = value.to_string();
        }
        if self.variant_with(&wanted).is_some() {
            return wanted;
        }
        let in_common =
            |v: &VariantView| v.values.iter().zip(&wanted).filter(|(a, b)| a == b).count();
        self.variants
            .iter()
            .filter(|v| v.values.get(axis).map(String::as_str) == Some(value))
            .max_by_key(|v| (in_common(v), std::cmp::Reverse(self.position_of(v))))
            .map(|v| v.values.clone())
            .unwrap_or(wanted)
    }

    fn position_of(&self, variant: &VariantView) -> usize {
        self.variants
            .iter()
            .position(|v| v.sku == variant.sku)
            .unwrap_or(usize::MAX)
    }

    /// Whether any variant has `value` on `axis` together with the other current choices —
    /// values that don't are shown as unavailable in the picker.
    pub fn combination_exists(&self, current: &[String], axis: usize, value: &str) -> bool {
        self.variants.iter().any(|v| {
            v.values.iter().enumerate().all(|(i, val)| {
                if i == axis {
                    val == value
                } else {
                    current.get(i).is_none_or(|c| c == val)
                }
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Currency;

    fn variant(sku: &str, values: &[&str], price: i64, available: i64) -> VariantView {
        VariantView {
            sku: sku.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
            price: Money::from_minor(price, Currency::Eur),
            compare_at: None,
            availability: Availability::from_available(available),
            image_index: None,
        }
    }

    fn shirt() -> ProductView {
        ProductView {
            slug: "shirt".into(),
            name: "Shirt".into(),
            description: String::new(),
            brand: None,
            categories: vec![],
            specifications: vec![],
            axes: vec![
                OptionAxis {
                    name: "Colour".into(),
                    values: vec!["Black".into(), "Sand".into()],
                },
                OptionAxis {
                    name: "Size".into(),
                    values: vec!["S".into(), "M".into(), "L".into()],
                },
            ],
            variants: vec![
                variant("B-S", &["Black", "S"], 1000, 0),
                variant("B-M", &["Black", "M"], 1000, 9),
                variant("B-L", &["Black", "L"], 1200, 9),
                variant("S-M", &["Sand", "M"], 1100, 2),
            ],
            images: vec![],
            video_url: None,
            seo_title: String::new(),
            seo_description: String::new(),
            canonical_url: String::new(),
            json_ld: String::new(),
        }
    }

    fn values(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn starts_on_the_first_variant_in_stock() {
        assert_eq!(
            shirt().default_variant().map(|v| v.sku.as_str()),
            Some("B-M")
        );
    }

    #[test]
    fn keeps_other_choices_when_the_combination_exists() {
        let p = shirt();
        assert_eq!(
            p.choose(&values(&["Black", "M"]), 0, "Sand"),
            values(&["Sand", "M"])
        );
        assert_eq!(
            p.choose(&values(&["Black", "M"]), 1, "L"),
            values(&["Black", "L"])
        );
    }

    #[test]
    fn moves_to_the_closest_existing_variant() {
        let p = shirt();
        // Sand only comes in M: picking Sand while on L must land on Sand/M.
        assert_eq!(
            p.choose(&values(&["Black", "L"]), 0, "Sand"),
            values(&["Sand", "M"])
        );
        assert_eq!(
            p.variant_with(&values(&["Sand", "M"]))
                .map(|v| v.price.minor()),
            Some(1100)
        );
    }

    #[test]
    fn marks_combinations_that_do_not_exist() {
        let p = shirt();
        let on_sand = values(&["Sand", "M"]);
        assert!(p.combination_exists(&on_sand, 1, "M"));
        assert!(!p.combination_exists(&on_sand, 1, "L"));
        assert!(p.combination_exists(&on_sand, 0, "Black"));
    }
}
