//! A product as the merchant types it in the back office, and the rules it must meet before
//! anything is saved. Every field is checked and every problem reported at once, each with the
//! field it belongs to, so the editor can show them next to the fields.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::domain::money::{Currency, Money, MoneyError};
use crate::domain::sku::Sku;
use crate::domain::slug::Slug;

pub const MAX_VARIANTS: usize = 100;
pub const MAX_STOCK: i32 = crate::inventory::domain::Units::MAX;
pub const MAX_WEIGHT_GRAMS: i32 = 1_000_000;
pub const TAX_CLASSES: [&str; 2] = ["standard", "reduced"];

/// One problem, with the form field it belongs to ("name", "variants[1][price]").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

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
    fn is_blank(&self) -> bool {
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

/// A product that meets every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductDraft {
    pub name: String,
    pub slug: Slug,
    pub description: String,
    pub category: String,
    pub brand: Option<String>,
    pub seo_title: Option<String>,
    pub seo_description: Option<String>,
    pub video_url: Option<String>,
    pub published: bool,
    pub tax_class: String,
    pub specifications: Vec<(String, String)>,
    pub variants: Vec<VariantDraft>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VariantDraft {
    /// The form row it came from, for messages about it.
    pub row: usize,
    pub sku: Sku,
    /// (option name, value), in the order typed.
    pub options: Vec<(String, String)>,
    pub price: Money,
    pub compare_at: Option<Money>,
    pub weight_grams: i32,
    /// (location code, units on hand).
    pub stock: Vec<(String, i32)>,
}

impl VariantDraft {
    /// "Size: M, Colour: Red", as the shopper reads it.
    pub fn label(&self) -> String {
        self.options
            .iter()
            .map(|(name, value)| format!("{name}: {value}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

struct Problems(Vec<FieldProblem>);

impl Problems {
    fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldProblem {
            field: field.into(),
            message: message.into(),
        });
    }
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn bounded(problems: &mut Problems, field: &str, text: &str, max: usize, what: &str) -> String {
    let text = text.trim();
    if text.chars().count() > max {
        problems.add(
            field,
            format!("{what} can be at most {max} characters long."),
        );
    }
    text.to_string()
}

/// Parses "Size: M, Colour: Red" into pairs.
fn parse_options(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut options = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((name, value)) = part.split_once(':') else {
            return Err(format!(
                "Write each option as “Name: value”, e.g. “Size: M” (not “{part}”)."
            ));
        };
        let (name, value) = (name.trim(), value.trim());
        if name.is_empty() || value.is_empty() || name.len() > 50 || value.len() > 100 {
            return Err(format!(
                "“{part}” needs a name (up to 50 characters) and a value (up to 100)."
            ));
        }
        if options
            .iter()
            .any(|(n, _): &(String, String)| n.eq_ignore_ascii_case(name))
        {
            return Err(format!("The option “{name}” is given twice."));
        }
        options.push((name.to_string(), value.to_string()));
    }
    Ok(options)
}

fn parse_variant(
    problems: &mut Problems,
    index: usize,
    input: &VariantInput,
    currency: Currency,
) -> Option<VariantDraft> {
    let field = |name: &str| format!("variants[{index}][{name}]");
    let before = problems.0.len();
    let sku = Sku::parse(input.sku.trim())
        .map_err(|e| problems.add(field("sku"), format!("SKU: {e}.")))
        .ok();
    let options = parse_options(&input.options)
        .map_err(|e| problems.add(field("options"), e))
        .ok();
    let price = match Money::parse(&input.price, currency) {
        Ok(price) if price.minor() > 0 => Some(price),
        Ok(_) => {
            problems.add(field("price"), "A price must be more than zero.");
            None
        }
        Err(too_large @ MoneyError::TooLarge(..)) => {
            problems.add(field("price"), format!("Price: {too_large}."));
            None
        }
        Err(_) => {
            problems.add(
                field("price"),
                format!("Enter the price in {}, like 49.99.", currency.code()),
            );
            None
        }
    };
    let compare_at = match optional(&input.compare_at) {
        None => None,
        Some(text) => match Money::parse(&text, currency) {
            Ok(was) if price.is_some_and(|p| was.minor() > p.minor()) => Some(was),
            Ok(_) => {
                problems.add(
                    field("compare_at"),
                    "A compare-at price must be higher than the price.",
                );
                None
            }
            Err(too_large @ MoneyError::TooLarge(..)) => {
                problems.add(
                    field("compare_at"),
                    format!("Compare-at price: {too_large}."),
                );
                None
            }
            Err(_) => {
                problems.add(
                    field("compare_at"),
                    "Enter the earlier price like 59.99, or leave it empty.",
                );
                None
            }
        },
    };
    let weight = input.weight_grams.trim();
    let weight_grams = if weight.is_empty() {
        0
    } else {
        match weight.parse::<i32>() {
            Ok(grams) if (0..=MAX_WEIGHT_GRAMS).contains(&grams) => grams,
            _ => {
                problems.add(
                    field("weight_grams"),
                    "Weight is a whole number of grams from 0 to 1,000,000.",
                );
                0
            }
        }
    };
    let mut stock = Vec::new();
    for (j, level) in input.stock.iter().enumerate() {
        let text = level.on_hand.trim();
        let units = if text.is_empty() {
            Ok(0)
        } else {
            text.parse::<i32>()
        };
        match units {
            Ok(units) if (0..=MAX_STOCK).contains(&units) => {
                stock.push((level.location.trim().to_string(), units))
            }
            _ => problems.add(
                format!("variants[{index}][stock][{j}][on_hand]"),
                "Stock is a whole number of units from 0 to 1,000,000.",
            ),
        }
    }
    if problems.0.len() > before {
        return None;
    }
    Some(VariantDraft {
        row: index,
        sku: sku?,
        options: options?,
        price: price?,
        compare_at,
        weight_grams,
        stock,
    })
}

impl ProductDraft {
    /// Checks everything; prices are in `currency` (the shop's). Blank variant rows (the
    /// editor's empty "add a variant" row) and rows ticked for removal are left out.
    pub fn parse(
        input: &ProductInput,
        currency: Currency,
    ) -> Result<ProductDraft, Vec<FieldProblem>> {
        let mut problems = Problems(Vec::new());
        let name = bounded(&mut problems, "name", &input.name, 200, "The name");
        if name.is_empty() {
            problems.add("name", "Give the product a name.");
        }
        let slug = match optional(&input.slug) {
            Some(text) => Slug::parse(&text)
                .map_err(|e| problems.add("slug", format!("The web address: {e}.")))
                .ok(),
            None if name.is_empty() => None,
            None => Slug::from_title(&name)
                .map_err(|_| {
                    problems.add(
                        "slug",
                        "Choose a web address: the name has no letters or digits to make one from.",
                    )
                })
                .ok(),
        };
        let description = bounded(
            &mut problems,
            "description",
            &input.description,
            20_000,
            "The description",
        );
        let category = input.category.trim().to_string();
        if category.is_empty() {
            problems.add("category", "Choose a category.");
        }
        let seo_title = optional(&bounded(
            &mut problems,
            "seo_title",
            &input.seo_title,
            120,
            "The search-engine title",
        ));
        let seo_description = optional(&bounded(
            &mut problems,
            "seo_description",
            &input.seo_description,
            320,
            "The search-engine description",
        ));
        let video_url = optional(&input.video_url);
        if let Some(url) = &video_url {
            let host_ok = url
                .strip_prefix("https://")
                .and_then(|rest| rest.split('/').next())
                .is_some_and(|host| !host.is_empty() && !host.contains(['"', '<', '>', ' ']));
            if !host_ok || url.len() > 500 || url.contains(char::is_whitespace) {
                problems.add(
                    "video_url",
                    "A video link starts with https:// (e.g. a YouTube or Vimeo page).",
                );
            }
        }
        let tax_class = match input.tax_class.trim() {
            "" => "standard".to_string(),
            class if TAX_CLASSES.contains(&class) => class.to_string(),
            other => {
                problems.add(
                    "tax_class",
                    format!("“{other}” is not a tax class: choose standard or reduced."),
                );
                String::new()
            }
        };
        let mut specifications = Vec::new();
        for (i, spec) in input.specifications.iter().enumerate() {
            let (key, value) = (spec.name.trim(), spec.value.trim());
            if key.is_empty() && value.is_empty() {
                continue;
            }
            if key.is_empty()
                || value.is_empty()
                || key.chars().count() > 100
                || value.chars().count() > 500
            {
                problems.add(
                    format!("specifications[{i}][name]"),
                    "A specification needs a name (up to 100 characters) and a value (up to 500).",
                );
                continue;
            }
            specifications.push((key.to_string(), value.to_string()));
        }

        let kept: Vec<(usize, &VariantInput)> = input
            .variants
            .iter()
            .enumerate()
            .filter(|(_, v)| v.remove.is_none() && !v.is_blank())
            .collect();
        if kept.is_empty() {
            problems.add(
                "variants",
                "A product needs at least one variant with a SKU and a price.",
            );
        }
        if kept.len() > MAX_VARIANTS {
            problems.add(
                "variants",
                format!("A product can have at most {MAX_VARIANTS} variants."),
            );
        }
        let mut variants = Vec::new();
        let mut skus = BTreeSet::new();
        let mut combinations = BTreeSet::new();
        for (index, input) in kept {
            let Some(variant) = parse_variant(&mut problems, index, input, currency) else {
                continue;
            };
            if !skus.insert(variant.sku.clone()) {
                problems.add(
                    format!("variants[{index}][sku]"),
                    format!("The SKU {} is used twice.", variant.sku),
                );
            }
            let names: Vec<String> = variant
                .options
                .iter()
                .map(|(n, _)| n.to_lowercase())
                .collect();
            let first_names: Option<Vec<String>> = variants
                .first()
                .map(|v: &VariantDraft| v.options.iter().map(|(n, _)| n.to_lowercase()).collect());
            if first_names.is_some_and(|first| first != names) {
                problems.add(
                    format!("variants[{index}][options]"),
                    "Every variant needs the same options, in the same order, as the first.",
                );
            } else if !combinations.insert(variant.label().to_lowercase()) {
                problems.add(
                    format!("variants[{index}][options]"),
                    "Two variants have the same options.",
                );
            }
            variants.push(variant);
        }

        if !problems.0.is_empty() {
            return Err(problems.0);
        }
        Ok(ProductDraft {
            name,
            slug: slug.ok_or_else(Vec::new)?,
            description,
            category,
            brand: optional(&input.brand),
            seo_title,
            seo_description,
            video_url,
            published: input.published.is_some(),
            tax_class,
            specifications,
            variants,
        })
    }
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;

    fn variant(sku: &str, options: &str, price: &str) -> VariantInput {
        VariantInput {
            sku: sku.into(),
            options: options.into(),
            price: price.into(),
            stock: vec![StockInput {
                location: "WH-MAIN".into(),
                on_hand: "7".into(),
                seen: None,
            }],
            ..Default::default()
        }
    }

    fn shirt() -> ProductInput {
        ProductInput {
            name: "Żółta Koszula Lniana".into(),
            category: "shirts".into(),
            published: Some("on".into()),
            variants: vec![
                variant("SHIRT-Y-M", "Size: M, Colour: Yellow", "89.00"),
                variant("SHIRT-Y-L", "Size: L, Colour: Yellow", "89,00"),
                VariantInput::default(),
            ],
            specifications: vec![
                SpecificationInput {
                    name: "Material".into(),
                    value: "Linen".into(),
                },
                SpecificationInput::default(),
            ],
            ..Default::default()
        }
    }

    fn fields(problems: &[FieldProblem]) -> Vec<&str> {
        problems.iter().map(|p| p.field.as_str()).collect()
    }

    #[test]
    fn a_good_product_parses_with_defaults_filled_in() {
        let draft = ProductDraft::parse(&shirt(), Currency::Pln).expect("valid");
        assert_eq!(draft.slug.as_str(), "zolta-koszula-lniana");
        assert_eq!(draft.variants.len(), 2, "the blank row is left out");
        assert_eq!(draft.variants[1].price.minor(), 8_900);
        assert_eq!(draft.variants[0].label(), "Size: M, Colour: Yellow");
        assert_eq!(draft.variants[0].stock, vec![("WH-MAIN".to_string(), 7)]);
        assert_eq!(draft.tax_class, "standard");
        assert_eq!(
            draft.specifications,
            vec![("Material".to_string(), "Linen".to_string())]
        );
        assert!(draft.published);
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let mut input = shirt();
        input.name = " ".into();
        input.category = String::new();
        input.video_url = "javascript:alert(1)".into();
        input.tax_class = "luxury".into();
        input.variants[0].sku = "bad sku!".into();
        input.variants[0].compare_at = "10".into();
        input.variants[1].price = "0".into();
        input.variants[1].weight_grams = "-1".into();
        input.variants[1].stock[0].on_hand = "lots".into();
        let problems = ProductDraft::parse(&input, Currency::Eur).expect_err("invalid");
        assert_eq!(
            fields(&problems),
            vec![
                "name",
                "category",
                "video_url",
                "tax_class",
                "variants[0][sku]",
                "variants[0][compare_at]",
                "variants[1][price]",
                "variants[1][weight_grams]",
                "variants[1][stock][0][on_hand]",
            ]
        );
    }

    #[test]
    fn variants_must_differ_and_share_their_option_names() {
        let mut input = shirt();
        input.variants[1].sku = "SHIRT-Y-M".into();
        input.variants[1].options = "Size: M, Colour: Yellow".into();
        let problems = ProductDraft::parse(&input, Currency::Eur).expect_err("duplicates");
        assert_eq!(
            fields(&problems),
            vec!["variants[1][sku]", "variants[1][options]"]
        );

        let mut input = shirt();
        input.variants[1].options = "Colour: Yellow".into();
        let problems = ProductDraft::parse(&input, Currency::Eur).expect_err("other options");
        assert!(problems[0].message.contains("same options"), "{problems:?}");

        let mut input = shirt();
        input.variants[0].options = "Size M".into();
        let problems = ProductDraft::parse(&input, Currency::Eur).expect_err("no colon");
        assert!(problems[0].message.contains("Name: value"));
    }

    #[test]
    fn form_fields_are_read_into_the_input_in_any_order() {
        let pairs: Vec<(String, String)> = [
            ("variants[1][stock][0][on_hand]", "3"),
            ("name", "Tee"),
            ("variants[0][sku]", "TEE-S"),
            ("variants[1][sku]", "TEE-M"),
            ("variants[1][stock][0][location]", "WH-MAIN"),
            ("specifications[0][name]", "Material"),
            ("published", "on"),
            ("variants[99999999][sku]", "ignored"),
            ("unknown", "ignored"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let input = ProductInput::from_pairs(&pairs);
        assert_eq!(input.name, "Tee");
        assert_eq!(input.published.as_deref(), Some("on"));
        assert_eq!(input.variants.len(), 2);
        assert_eq!(input.variants[1].sku, "TEE-M");
        assert_eq!(
            input.variants[1].stock,
            vec![StockInput {
                location: "WH-MAIN".into(),
                on_hand: "3".into(),
                seen: None,
            }]
        );
        assert_eq!(input.specifications[0].name, "Material");
    }

    #[test]
    fn a_product_needs_a_variant_and_removed_rows_do_not_count() {
        let mut input = shirt();
        for v in &mut input.variants {
            v.remove = Some("on".into());
        }
        let problems = ProductDraft::parse(&input, Currency::Eur).expect_err("no variants");
        assert_eq!(fields(&problems), vec!["variants"]);
    }
}
