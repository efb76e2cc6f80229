//! The editor's form as typed, before any rule is checked: every value a string, as form fields
//! send them, and how the posted field names (`variants[0][stock][1][on_hand]`) are read into it.

use serde::{Deserialize, Serialize};

use super::MAX_VARIANTS;

/// The editor's form, as typed: every value a string, as form fields send them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ProductInput {
    pub name: String,
    /// Empty: made from the name.
    #[serde(default)]
    pub slug: String,
    #[serde(default)]
    pub description: String,
    /// The category's slug.
    pub category: String,
    /// The brand's slug; empty for none.
    #[serde(default)]
    pub brand: String,
    #[serde(default)]
    pub seo_title: String,
    #[serde(default)]
    pub seo_description: String,
    #[serde(default)]
    pub video_url: String,
    /// A checkbox: present ("on") when ticked.
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub tax_class: String,
    #[serde(default)]
    pub specifications: Vec<SpecificationInput>,
    #[serde(default)]
    pub variants: Vec<VariantInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SpecificationInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VariantInput {
    #[serde(default)]
    pub sku: String,
    /// "Size: M, Colour: Red"; empty for a product without options.
    #[serde(default)]
    pub options: String,
    #[serde(default)]
    pub price: String,
    #[serde(default)]
    pub compare_at: String,
    #[serde(default)]
    pub weight_grams: String,
    #[serde(default)]
    pub stock: Vec<StockInput>,
    /// A checkbox: ticked to delete the variant.
    #[serde(default)]
    pub remove: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct StockInput {
    /// The location's code.
    pub location: String,
    #[serde(default)]
    pub on_hand: String,
    /// What the editor showed when it opened: sales made while it was open must not be undone
    /// by saving the old number back.
    #[serde(default)]
    pub seen: Option<String>,
}

impl ProductInput {
    /// Reads the editor's form fields (`name`, `variants[0][sku]`,
    /// `variants[0][stock][1][on_hand]`, …) in any order; unknown names are ignored.
    pub fn from_pairs(pairs: &[(String, String)]) -> ProductInput {
        fn index(part: &str, limit: usize) -> Option<usize> {
            part.parse::<usize>().ok().filter(|i| *i < limit)
        }
        fn slot<T: Default>(list: &mut Vec<T>, i: usize) -> &mut T {
            if list.len() <= i {
                list.resize_with(i + 1, T::default);
            }
            &mut list[i]
        }
        let mut input = ProductInput::default();
        for (name, value) in pairs {
            let value = value.clone();
            let parts: Vec<&str> = name.split(['[', ']']).filter(|p| !p.is_empty()).collect();
            match parts.as_slice() {
                ["name"] => input.name = value,
                ["slug"] => input.slug = value,
                ["description"] => input.description = value,
                ["category"] => input.category = value,
                ["brand"] => input.brand = value,
                ["seo_title"] => input.seo_title = value,
                ["seo_description"] => input.seo_description = value,
                ["video_url"] => input.video_url = value,
                ["published"] => input.published = Some(value),
                ["tax_class"] => input.tax_class = value,
                ["specifications", i, field] => {
                    let Some(i) = index(i, 200) else { continue };
                    let spec = slot(&mut input.specifications, i);
                    match *field {
                        "name" => spec.name = value,
                        "value" => spec.value = value,
                        _ => {}
                    }
                }
                ["variants", i, rest @ ..] => {
                    let Some(i) = index(i, MAX_VARIANTS * 2) else {
                        continue;
                    };
                    let variant = slot(&mut input.variants, i);
                    match rest {
                        ["sku"] => variant.sku = value,
                        ["options"] => variant.options = value,
                        ["price"] => variant.price = value,
                        ["compare_at"] => variant.compare_at = value,
                        ["weight_grams"] => variant.weight_grams = value,
                        ["remove"] => variant.remove = Some(value),
                        ["stock", j, field] => {
                            let Some(j) = index(j, 1_000) else { continue };
                            let level = slot(&mut variant.stock, j);
                            match *field {
                                "location" => level.location = value,
                                "on_hand" => level.on_hand = value,
                                "seen" => level.seen = Some(value),
                                _ => {}
                            }
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        input
    }
}

impl VariantInput {
    pub(super) fn is_blank(&self) -> bool {
        [
            &self.sku,
            &self.options,
            &self.price,
            &self.compare_at,
            &self.weight_grams,
        ]
        .iter()
        .all(|f| f.trim().is_empty())
    }
}
