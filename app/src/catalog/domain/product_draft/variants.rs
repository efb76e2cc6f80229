//! A product's variants: each row checked on its own (SKU, options, price, compare-at price,
//! weight, stock per location), then the rows against each other (no SKU twice, the same option
//! names on every variant, no two variants with the same options).

use std::collections::BTreeSet;

use super::{
    optional, Problems, StockInput, VariantDraft, VariantInput, MAX_STOCK, MAX_VARIANTS,
    MAX_WEIGHT_GRAMS,
};
use crate::domain::money::{Currency, Money, MoneyError};
use crate::domain::sku::Sku;

/// The variant rows that count (not blank, not ticked for removal), checked one by one and
/// against each other.
pub(super) fn parse_variants(
    problems: &mut Problems,
    rows: &[VariantInput],
    currency: Currency,
) -> Vec<VariantDraft> {
    let kept: Vec<(usize, &VariantInput)> = rows
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
        let Some(variant) = parse_variant(problems, index, input, currency) else {
            continue;
        };
        if !skus.insert(variant.sku.clone()) {
            problems.add(
                format!("variants[{index}][sku]"),
                format!("The SKU {} is used twice.", variant.sku),
            );
        }
        check_options_match(problems, &variants, &variant, &mut combinations);
        variants.push(variant);
    }
    variants
}

/// Every variant names the same options as the first, and no two share their values.
fn check_options_match(
    problems: &mut Problems,
    earlier: &[VariantDraft],
    variant: &VariantDraft,
    combinations: &mut BTreeSet<String>,
) {
    let option_names = |v: &VariantDraft| -> Vec<String> {
        v.options.iter().map(|(n, _)| n.to_lowercase()).collect()
    };
    let index = variant.row;
    let first_names = earlier.first().map(option_names);
    if first_names.is_some_and(|first| first != option_names(variant)) {
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

/// One variant row; `None` when any of its fields has a problem (each one reported).
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
    let price = parse_price(problems, &field("price"), &input.price, currency);
    let compare_at = parse_compare_at(
        problems,
        &field("compare_at"),
        &input.compare_at,
        price,
        currency,
    );
    let weight_grams = parse_weight(problems, &field("weight_grams"), &input.weight_grams);
    let stock = parse_stock(problems, index, &input.stock);
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

fn parse_price(
    problems: &mut Problems,
    field: &str,
    text: &str,
    currency: Currency,
) -> Option<Money> {
    match Money::parse(text, currency) {
        Ok(price) if price.minor() > 0 => Some(price),
        Ok(_) => {
            problems.add(field, "A price must be more than zero.");
            None
        }
        Err(too_large @ MoneyError::TooLarge(..)) => {
            problems.add(field, format!("Price: {too_large}."));
            None
        }
        Err(_) => {
            problems.add(
                field,
                format!("Enter the price in {}, like 49.99.", currency.code()),
            );
            None
        }
    }
}

/// The earlier price shown struck through: optional, and above the price.
fn parse_compare_at(
    problems: &mut Problems,
    field: &str,
    text: &str,
    price: Option<Money>,
    currency: Currency,
) -> Option<Money> {
    let text = optional(text)?;
    match Money::parse(&text, currency) {
        Ok(was) if price.is_some_and(|p| was.minor() > p.minor()) => Some(was),
        Ok(_) => {
            problems.add(field, "A compare-at price must be higher than the price.");
            None
        }
        Err(too_large @ MoneyError::TooLarge(..)) => {
            problems.add(field, format!("Compare-at price: {too_large}."));
            None
        }
        Err(_) => {
            problems.add(
                field,
                "Enter the earlier price like 59.99, or leave it empty.",
            );
            None
        }
    }
}

/// Grams, 0 when left empty.
fn parse_weight(problems: &mut Problems, field: &str, text: &str) -> i32 {
    let weight = text.trim();
    if weight.is_empty() {
        return 0;
    }
    match weight.parse::<i32>() {
        Ok(grams) if (0..=MAX_WEIGHT_GRAMS).contains(&grams) => grams,
        _ => {
            problems.add(
                field,
                "Weight is a whole number of grams from 0 to 1,000,000.",
            );
            0
        }
    }
}

/// (location code, units on hand) per stock field; an empty field is 0.
fn parse_stock(problems: &mut Problems, index: usize, levels: &[StockInput]) -> Vec<(String, i32)> {
    let mut stock = Vec::new();
    for (j, level) in levels.iter().enumerate() {
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
    stock
}
