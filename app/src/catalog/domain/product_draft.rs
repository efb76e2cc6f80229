//! A product as the merchant types it in the back office, and the rules it must meet before
//! anything is saved. Every field is checked and every problem reported at once, each with the
//! field it belongs to, so the editor can show them next to the fields. The form as typed is in
//! `input`, the rules of variants in `variants`.

mod input;
mod variants;

pub use input::{ProductInput, SpecificationInput, StockInput, VariantInput};

use serde::{Deserialize, Serialize};

use crate::domain::money::{Currency, Money};
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
        let slug = parse_slug(&mut problems, &input.slug, &name);
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
        let video_url = parse_video_url(&mut problems, &input.video_url);
        let tax_class = parse_tax_class(&mut problems, &input.tax_class);
        let specifications = parse_specifications(&mut problems, &input.specifications);
        let variants = variants::parse_variants(&mut problems, &input.variants, currency);

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

/// The web address as typed, or made from the name when left empty.
fn parse_slug(problems: &mut Problems, text: &str, name: &str) -> Option<Slug> {
    match optional(text) {
        Some(text) => Slug::parse(&text)
            .map_err(|e| problems.add("slug", format!("The web address: {e}.")))
            .ok(),
        None if name.is_empty() => None,
        None => Slug::from_title(name)
            .map_err(|_| {
                problems.add(
                    "slug",
                    "Choose a web address: the name has no letters or digits to make one from.",
                )
            })
            .ok(),
    }
}

/// An optional `https://` link to a video page.
fn parse_video_url(problems: &mut Problems, text: &str) -> Option<String> {
    let video_url = optional(text);
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
    video_url
}

/// One of `TAX_CLASSES`; empty means standard.
fn parse_tax_class(problems: &mut Problems, text: &str) -> String {
    match text.trim() {
        "" => "standard".to_string(),
        class if TAX_CLASSES.contains(&class) => class.to_string(),
        other => {
            problems.add(
                "tax_class",
                format!("“{other}” is not a tax class: choose standard or reduced."),
            );
            String::new()
        }
    }
}

/// (name, value) pairs; rows left blank are skipped.
fn parse_specifications(
    problems: &mut Problems,
    rows: &[SpecificationInput],
) -> Vec<(String, String)> {
    let mut specifications = Vec::new();
    for (i, spec) in rows.iter().enumerate() {
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
    specifications
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
