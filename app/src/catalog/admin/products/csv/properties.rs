//! Properties of the catalog CSV import (`read`): any bytes uploaded as a file, and files as
//! the export writes them, which must read back as the same products.

use proptest::prelude::*;

use super::*;
use crate::test_inputs::{config, hostile_text, long_text};

/// A cell as a spreadsheet may hold it: quotes, commas, line breaks, any script.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => hostile_text(),
        1 => long_text(),
        2 => "[a-zA-Z0-9,\"; :\\r\\n-]{0,20}",
        2 => "[0-9]{1,6}([.,][0-9]{1,3})?",
    ]
}

/// A file with a header of real (and some unknown) columns and rows of any cells.
fn csv_like() -> impl Strategy<Value = Vec<u8>> {
    let column = prop_oneof![
        6 => prop::sample::select(COLUMNS.to_vec()).prop_map(str::to_string),
        2 => "stock:[A-Z-]{0,6}",
        1 => hostile_text(),
    ];
    (
        prop::collection::vec(column, 0..20),
        prop::collection::vec(prop::collection::vec(cell(), 0..20), 0..8),
        any::<bool>(),
    )
        .prop_map(|(mut header, rows, bom)| {
            // Mostly a header this shop reads, so the rows are looked at too.
            for needed in ["slug", "name", "category", "sku", "price"] {
                if !bom && !header.iter().any(|h| h == needed) {
                    header.push(needed.to_string());
                }
            }
            let mut out = csv::WriterBuilder::new()
                .flexible(true)
                .from_writer(Vec::new());
            let _ = out.write_record(&header);
            for row in &rows {
                let _ = out.write_record(row);
            }
            let mut bytes = if bom {
                "\u{feff}".as_bytes().to_vec()
            } else {
                Vec::new()
            };
            bytes.extend(out.into_inner().unwrap_or_default());
            bytes
        })
}

fn check_file(file: &CsvFile, bytes: &[u8]) -> Result<(), TestCaseError> {
    let lines = bytes.iter().filter(|b| **b == b'\n').count() as u64 + 1;
    for problem in &file.problems {
        prop_assert!(
            problem.line >= 1 && problem.line <= lines + 1,
            "{problem:?} in {lines} lines"
        );
        prop_assert!(!problem.message.is_empty());
    }
    prop_assert!(file.rejected <= file.rows);
    prop_assert!(file.products.len() as u64 + file.rejected <= file.rows);
    for product in &file.products {
        prop_assert!(!product.lines.is_empty());
        prop_assert_eq!(product.lines.len(), product.draft.variants.len());
        prop_assert!(product
            .lines
            .iter()
            .all(|line| *line >= 2 && *line <= lines + 1));
    }
    Ok(())
}

/// A product as the export writes it: texts with quotes, commas, line breaks and any script.
#[derive(Debug, Clone)]
struct Exported {
    name: String,
    description: String,
    published: bool,
    specifications: Vec<(String, String)>,
    /// (price, compare-at, weight, units per location); variant `v` is "Size: <v>".
    variants: Vec<(i64, Option<i64>, i32, Vec<i32>)>,
}

/// Text without space at either end (the import trims cells, as the editor trims fields).
fn trimmed(max: usize) -> impl Strategy<Value = String> {
    let pattern = format!("[\\PC&&[^\\s]]([\\PC\\n]{{0,{max}}}[\\PC&&[^\\s]])?");
    proptest::string::string_regex(&pattern).expect("a valid pattern")
}

fn exported(locations: usize) -> impl Strategy<Value = Exported> {
    let variant = (
        1_i64..100_000_000,
        prop::option::of(1_i64..100_000),
        0..=MAX_WEIGHT,
        prop::collection::vec(0..=1_000_000_i32, locations),
    )
        .prop_map(|(price, more, weight, stock)| (price, more.map(|m| price + m), weight, stock));
    (
        trimmed(60),
        prop_oneof![Just(String::new()), trimmed(300)],
        any::<bool>(),
        prop::collection::vec((trimmed(30), trimmed(60)), 0..4),
        prop::collection::vec(variant, 1..4),
    )
        .prop_map(
            |(name, description, published, specifications, variants)| Exported {
                name,
                description,
                published,
                specifications,
                variants,
            },
        )
}

const MAX_WEIGHT: i32 = crate::catalog::domain::product_draft::MAX_WEIGHT_GRAMS;

/// The file `transfer::export` writes for these products (same columns, same cells).
fn export(products: &[Exported], locations: &[String]) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    header.extend(locations.iter().map(|code| format!("{STOCK_PREFIX}{code}")));
    let decimal =
        |minor: i64| crate::domain::Money::from_minor(minor, Currency::Eur).to_decimal_string();
    let _ = out.write_record(&header);
    for (p, product) in products.iter().enumerate() {
        for (v, (price, compare_at, weight, stock)) in product.variants.iter().enumerate() {
            let own = |text: String| if v == 0 { text } else { String::new() };
            let mut row = vec![
                format!("product-{p}"),
                own(product.name.clone()),
                own(product.description.clone()),
                own("clothing".to_string()),
                own(String::new()),
                own(if product.published { "yes" } else { "no" }.to_string()),
                own("standard".to_string()),
                own(String::new()),
                own(String::new()),
                own(String::new()),
                own(specifications_text(&product.specifications)),
                format!("SKU-{p}-{v}"),
                format!("Size: {v}"),
                decimal(*price),
                compare_at.map(decimal).unwrap_or_default(),
                weight.to_string(),
            ];
            row.extend(stock.iter().map(i32::to_string));
            let _ = out.write_record(&row);
        }
    }
    out.into_inner().unwrap_or_default()
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn any_bytes_are_read_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let file = read(&bytes, Currency::Eur);
        check_file(&file, &bytes)?;
    }

    #[test]
    fn any_rows_under_a_header_are_checked_with_their_lines(bytes in csv_like()) {
        let file = read(&bytes, Currency::Eur);
        check_file(&file, &bytes)?;
    }

    /// What the export writes, the import reads back as the same products.
    #[test]
    fn an_exported_file_reads_back_as_the_same_products(
        locations in prop::collection::vec("[A-Z]{2}-[A-Z0-9]{1,4}", 0..3)
            .prop_map(|mut codes| { codes.sort(); codes.dedup(); codes }),
        products in prop::collection::vec(exported(3), 1..4),
    ) {
        let products: Vec<Exported> = products
            .into_iter()
            .map(|mut p| {
                for variant in &mut p.variants {
                    variant.3.truncate(locations.len());
                }
                p
            })
            .collect();
        let bytes = export(&products, &locations);
        let file = read(&bytes, Currency::Eur);
        prop_assert!(file.problems.is_empty(), "{:?}", file.problems);
        prop_assert_eq!(file.products.len(), products.len());
        for (read, written) in file.products.iter().zip(&products) {
            let draft = &read.draft;
            prop_assert_eq!(&draft.name, &written.name);
            prop_assert_eq!(&draft.description, &written.description);
            prop_assert_eq!(draft.published, written.published);
            prop_assert_eq!(&draft.specifications, &written.specifications);
            prop_assert_eq!(draft.variants.len(), written.variants.len());
            for (variant, (price, compare_at, weight, stock)) in draft.variants.iter().zip(&written.variants) {
                prop_assert_eq!(variant.price.minor(), *price);
                prop_assert_eq!(variant.compare_at.map(|m| m.minor()), *compare_at);
                prop_assert_eq!(variant.weight_grams, *weight);
                let units: Vec<i32> = variant.stock.iter().map(|(_, units)| *units).collect();
                prop_assert_eq!(&units, stock);
            }
        }
    }
}
