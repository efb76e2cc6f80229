//! Properties of the product editor's form (`ProductInput::from_pairs`) and of its checks
//! (`ProductDraft::parse`), which the CSV import also goes through.

use std::collections::BTreeSet;

use proptest::prelude::*;

use super::*;
use crate::test_inputs::{config, hostile_text, long_text, number_text};

/// A form field's value: often plausible, sometimes anything.
fn text(plausible: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![3 => plausible, 1 => hostile_text(), 1 => long_text()]
}

fn price() -> impl Strategy<Value = String> {
    prop_oneof![3 => "[0-9]{1,5}([.,][0-9]{1,2})?", 1 => number_text(), 1 => hostile_text()]
}

fn count() -> impl Strategy<Value = String> {
    prop_oneof![3 => "[0-9]{1,4}", 1 => number_text(), 1 => hostile_text(), 1 => Just(String::new())]
}

fn variant() -> impl Strategy<Value = VariantInput> {
    (
        text("[A-Z]{1,3}-[0-9]{1,2}"),
        text("(Size: [SML])?"),
        price(),
        prop_oneof![3 => Just(String::new()), 1 => price()],
        count(),
        prop::collection::vec(
            (text("WH-[A-Z]"), count(), prop::option::of(count())).prop_map(
                |(location, on_hand, seen)| StockInput {
                    location,
                    on_hand,
                    seen,
                },
            ),
            0..3,
        ),
        prop::option::weighted(0.1, Just("on".to_string())),
    )
        .prop_map(
            |(sku, options, price, compare_at, weight_grams, stock, remove)| VariantInput {
                sku,
                options,
                price,
                compare_at,
                weight_grams,
                stock,
                remove,
            },
        )
}

fn input() -> impl Strategy<Value = ProductInput> {
    (
        (
            text("[A-Za-zŻółć ]{1,30}"),
            text("([a-z]{1,8}(-[a-z0-9]{1,4})?)?"),
            text("\\PC{0,60}"),
        ),
        (
            text("[a-z]{1,10}"),
            text("([a-z]{1,10})?"),
            text("\\PC{0,30}"),
            text("\\PC{0,30}"),
        ),
        (
            text("(https://[a-z]{1,10}\\.com/[a-z0-9]{0,10})?"),
            prop::option::of(text("on")),
            text("(standard|reduced)?"),
        ),
        prop::collection::vec(
            (text("[A-Za-z]{0,12}"), text("[A-Za-z ]{0,20}"))
                .prop_map(|(name, value)| SpecificationInput { name, value }),
            0..4,
        ),
        prop::collection::vec(variant(), 0..5),
    )
        .prop_map(
            |(
                (name, slug, description),
                (category, brand, seo_title, seo_description),
                (video_url, published, tax_class),
                specifications,
                variants,
            )| ProductInput {
                name,
                slug,
                description,
                category,
                brand,
                seo_title,
                seo_description,
                video_url,
                published,
                tax_class,
                specifications,
                variants,
            },
        )
}

/// Field names as forms (and attackers) send them: known names with any index in them.
fn field_name() -> impl Strategy<Value = String> {
    let index = prop_oneof![3 => "[0-9]{1,3}", 1 => number_text(), 1 => hostile_text()];
    let field = prop::sample::select(vec![
        "sku",
        "options",
        "price",
        "compare_at",
        "weight_grams",
        "remove",
        "name",
        "value",
        "location",
        "on_hand",
        "seen",
        "",
    ]);
    prop_oneof![
        prop::sample::select(vec![
            "name",
            "slug",
            "description",
            "category",
            "brand",
            "seo_title",
            "seo_description",
            "video_url",
            "published",
            "tax_class",
            "variants",
            "specifications",
            "[]",
            "[[",
        ])
        .prop_map(str::to_string),
        (index.clone(), field.clone()).prop_map(|(i, f)| format!("specifications[{i}][{f}]")),
        (index.clone(), field.clone()).prop_map(|(i, f)| format!("variants[{i}][{f}]")),
        (index.clone(), index, field)
            .prop_map(|(i, j, f)| format!("variants[{i}][stock][{j}][{f}]")),
        hostile_text(),
    ]
}

/// Whether `field` names a part of the editor's form, so the editor can show the problem.
fn is_form_field(field: &str, input: &ProductInput) -> bool {
    const TOP: [&str; 12] = [
        "name",
        "slug",
        "description",
        "category",
        "brand",
        "seo_title",
        "seo_description",
        "video_url",
        "published",
        "tax_class",
        "variants",
        "specifications",
    ];
    let parts: Vec<&str> = field.split(['[', ']']).filter(|p| !p.is_empty()).collect();
    let row = |i: &str| i.parse::<usize>().is_ok_and(|i| i < input.variants.len());
    match parts.as_slice() {
        [top] => TOP.contains(top),
        ["specifications", i, "name"] => i
            .parse::<usize>()
            .is_ok_and(|i| i < input.specifications.len()),
        ["variants", i, "stock", j, "on_hand"] => {
            row(i)
                && j.parse::<usize>().is_ok_and(|j| {
                    i.parse::<usize>()
                        .is_ok_and(|i| j < input.variants[i].stock.len())
                })
        }
        ["variants", i, column] => {
            row(i) && ["sku", "options", "price", "compare_at", "weight_grams"].contains(column)
        }
        _ => false,
    }
}

proptest! {
    #![proptest_config(config(128))]

    /// However a form's fields are named, reading them is bounded: at most 200 variant rows,
    /// 200 specifications and 1,000 stock rows a variant, whatever index a name claims.
    #[test]
    fn any_form_fields_are_read_within_bounds(
        pairs in prop::collection::vec((field_name(), hostile_text()), 0..40),
    ) {
        let input = ProductInput::from_pairs(&pairs);
        prop_assert!(input.variants.len() <= MAX_VARIANTS * 2);
        prop_assert!(input.specifications.len() <= 200);
        prop_assert!(input.variants.iter().all(|v| v.stock.len() <= 1_000));
    }

    /// Any product typed into the editor: a draft that keeps every rule, or problems that
    /// each name a field of the form.
    #[test]
    fn any_input_gives_a_valid_draft_or_problems_on_its_fields(
        input in input(),
        currency in prop::sample::select(Currency::ALL.to_vec()),
    ) {
        match ProductDraft::parse(&input, currency) {
            Ok(draft) => {
                prop_assert!(!draft.name.is_empty() && draft.name.chars().count() <= 200);
                prop_assert!((1..=MAX_VARIANTS).contains(&draft.variants.len()));
                prop_assert!(TAX_CLASSES.contains(&draft.tax_class.as_str()));
                let mut skus = BTreeSet::new();
                for variant in &draft.variants {
                    prop_assert!(skus.insert(variant.sku.clone()), "{} twice", variant.sku);
                    prop_assert!(variant.price.minor() > 0);
                    prop_assert_eq!(variant.price.currency(), currency);
                    if let Some(was) = variant.compare_at {
                        prop_assert!(was.minor() > variant.price.minor());
                    }
                    prop_assert!((0..=MAX_WEIGHT_GRAMS).contains(&variant.weight_grams));
                    prop_assert!(variant.stock.iter().all(|(_, units)| (0..=MAX_STOCK).contains(units)));
                }
                if let Some(url) = &draft.video_url {
                    prop_assert!(url.starts_with("https://") && !url.contains(char::is_whitespace));
                }
            }
            Err(problems) => {
                prop_assert!(!problems.is_empty());
                for problem in &problems {
                    prop_assert!(is_form_field(&problem.field, &input), "{problem:?}");
                    prop_assert!(!problem.message.is_empty());
                }
            }
        }
    }

    /// A price a merchant can type must be one that carts and orders can add up.
    #[test]
    fn accepted_prices_are_bounded(price in prop_oneof![price(), Just("92233720368547758.07".to_string())]) {
        let mut input = ProductInput {
            name: "Mug".into(),
            category: "kitchen".into(),
            variants: vec![VariantInput { sku: "MUG-1".into(), price, ..VariantInput::default() }],
            ..ProductInput::default()
        };
        input.variants[0].compare_at = String::new();
        if let Ok(draft) = ProductDraft::parse(&input, Currency::Eur) {
            prop_assert!(draft.variants[0].price.minor() <= Money::MAX_TYPED_MINOR);
        }
    }
}
