//! Products as a CSV file a spreadsheet opens: one row per variant; the rows of one product
//! share its web address (`slug`) and its first row carries the product's own fields. Export
//! writes exactly what import reads, so a file round-trips.

mod specifications;

pub use specifications::specifications_text;

use std::collections::HashMap;

use self::specifications::parse_specifications;
use super::model::CsvProblem;
use crate::catalog::domain::product_draft::{StockInput, VariantInput};
use crate::catalog::domain::{FieldProblem, ProductDraft, ProductInput};
use crate::domain::Currency;

/// The columns every file has, in the order export writes them; then one `stock:<LOCATION>`
/// column per location.
pub const COLUMNS: [&str; 16] = [
    "slug",
    "name",
    "description",
    "category",
    "brand",
    "published",
    "tax_class",
    "seo_title",
    "seo_description",
    "video_url",
    "specifications",
    "sku",
    "options",
    "price",
    "compare_at",
    "weight_grams",
];
pub const STOCK_PREFIX: &str = "stock:";

/// One product read from the file, checked against the rules, with the lines it came from.
#[derive(Debug, Clone)]
pub struct CsvProduct {
    /// The line of each variant row, in order (the first also holds the product's fields).
    pub lines: Vec<u64>,
    pub draft: ProductDraft,
}

fn problem(line: u64, column: &str, message: impl Into<String>) -> CsvProblem {
    CsvProblem {
        line,
        column: column.to_string(),
        message: message.into(),
    }
}

/// Where a problem the rules found for a product stands in the file.
fn locate(problem_at: &FieldProblem, lines: &[u64], stock_columns: &[String]) -> CsvProblem {
    let field = problem_at.field.as_str();
    let first = lines.first().copied().unwrap_or(1);
    let parts: Vec<&str> = field.split(['[', ']']).filter(|p| !p.is_empty()).collect();
    let (line, column) = match parts.as_slice() {
        ["variants", row, "stock", j, _] => {
            let line = row
                .parse::<usize>()
                .ok()
                .and_then(|r| lines.get(r))
                .copied()
                .unwrap_or(first);
            let column = j
                .parse::<usize>()
                .ok()
                .and_then(|j| stock_columns.get(j))
                .map_or("stock".to_string(), |c| c.clone());
            (line, column)
        }
        ["variants", row, column] => (
            row.parse::<usize>()
                .ok()
                .and_then(|r| lines.get(r))
                .copied()
                .unwrap_or(first),
            column.to_string(),
        ),
        ["variants"] => (first, "sku".to_string()),
        ["specifications", ..] => (first, "specifications".to_string()),
        [column, ..] => (first, column.to_string()),
        [] => (first, String::new()),
    };
    CsvProblem {
        line,
        column,
        message: problem_at.message.clone(),
    }
}

/// A whole file, read and checked.
#[derive(Debug, Default)]
pub struct CsvFile {
    /// The products without problems.
    pub products: Vec<CsvProduct>,
    pub problems: Vec<CsvProblem>,
    /// Rows after the header.
    pub rows: u64,
    /// Products left out because of their problems.
    pub rejected: u64,
    /// The `stock:<LOCATION>` columns, in order.
    pub stock_columns: Vec<String>,
}

/// Reads a whole file: every row is checked, and every problem reported with its line and
/// column. Products with problems are left out of the list.
pub fn read(bytes: &[u8], currency: Currency) -> CsvFile {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers: Vec<String> = match reader.headers() {
        Ok(headers) => headers
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
            .collect(),
        Err(_) => {
            return CsvFile {
                problems: vec![problem(1, "", "The file is not CSV text.")],
                ..Default::default()
            }
        }
    };
    let problems = header_problems(&headers);
    if !problems.is_empty() {
        return CsvFile {
            problems,
            ..Default::default()
        };
    }
    let stock_columns: Vec<String> = headers
        .iter()
        .filter(|h| h.starts_with(STOCK_PREFIX))
        .cloned()
        .collect();
    let mut grouped = Grouped {
        column: headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.as_str(), i))
            .collect(),
        stock_columns: &stock_columns,
        order: Vec::new(),
        groups: HashMap::new(),
        problems,
        rows: 0,
    };
    for record in reader.records() {
        grouped.add(record);
    }
    grouped.check(currency)
}

/// The columns a file must have, and none the shop does not know.
fn header_problems(headers: &[String]) -> Vec<CsvProblem> {
    let mut problems = Vec::new();
    for needed in ["slug", "name", "category", "sku", "price"] {
        if !headers.iter().any(|h| h == needed) {
            problems.push(problem(
                1,
                needed,
                format!("The header row has no “{needed}” column."),
            ));
        }
    }
    for header in headers {
        if !COLUMNS.contains(&header.as_str()) && !header.starts_with(STOCK_PREFIX) {
            problems.push(problem(
                1,
                header,
                format!("“{header}” is not a column this shop knows."),
            ));
        }
    }
    problems
}

/// The rows read so far, grouped by product in the order products first appear.
struct Grouped<'a> {
    /// Column name → its place in a row.
    column: HashMap<&'a str, usize>,
    stock_columns: &'a [String],
    order: Vec<String>,
    /// Slug → the lines of its rows, and the product they make.
    groups: HashMap<String, (Vec<u64>, ProductInput)>,
    problems: Vec<CsvProblem>,
    rows: u64,
}

/// One row's cells by column name, trimmed; a missing cell is empty.
struct Row<'a> {
    column: &'a HashMap<&'a str, usize>,
    record: &'a csv::StringRecord,
}

impl Row<'_> {
    fn get(&self, name: &str) -> String {
        self.column
            .get(name)
            .and_then(|i| self.record.get(*i))
            .unwrap_or("")
            .trim()
            .to_string()
    }
}

impl Grouped<'_> {
    /// Adds a row to its product: the first row of a product gives its own fields, every row
    /// one variant.
    fn add(&mut self, record: Result<csv::StringRecord, csv::Error>) {
        self.rows += 1;
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                let line = err.position().map_or(self.rows + 1, |p| p.line());
                self.problems.push(problem(
                    line,
                    "",
                    "This line is not valid CSV (check its quotes).",
                ));
                return;
            }
        };
        let line = record.position().map_or(self.rows + 1, |p| p.line());
        let row = Row {
            column: &self.column,
            record: &record,
        };
        let name = row.get("name");
        let slug = match row.get("slug") {
            slug if !slug.is_empty() => slug,
            _ => match crate::domain::Slug::from_title(&name) {
                Ok(slug) => slug.as_str().to_string(),
                Err(_) => {
                    self.problems.push(problem(
                        line,
                        "slug",
                        "Give the row a slug (or a name to make one from).",
                    ));
                    return;
                }
            },
        };
        let entry = self.groups.entry(slug.clone()).or_insert_with(|| {
            self.order.push(slug.clone());
            (Vec::new(), ProductInput::default())
        });
        if entry.0.is_empty() {
            entry.1 = product_fields(&row, line, name, slug, &mut self.problems);
        }
        entry.0.push(line);
        entry.1.variants.push(variant_of(&row, self.stock_columns));
    }

    /// Every product through the rules: those that pass are kept, the others' problems are
    /// reported at their lines.
    fn check(mut self, currency: Currency) -> CsvFile {
        let mut products = Vec::new();
        let mut rejected = 0;
        for slug in self.order {
            let Some((lines, input)) = self.groups.remove(&slug) else {
                continue;
            };
            match ProductDraft::parse(&input, currency) {
                Ok(draft) => products.push(CsvProduct { lines, draft }),
                Err(found) => {
                    rejected += 1;
                    self.problems
                        .extend(found.iter().map(|p| locate(p, &lines, self.stock_columns)));
                }
            }
        }
        self.problems
            .sort_by(|a, b| (a.line, &a.column).cmp(&(b.line, &b.column)));
        CsvFile {
            products,
            problems: self.problems,
            rows: self.rows,
            rejected,
            stock_columns: self.stock_columns.to_vec(),
        }
    }
}

/// The product's own fields, from its first row.
fn product_fields(
    row: &Row,
    line: u64,
    name: String,
    slug: String,
    problems: &mut Vec<CsvProblem>,
) -> ProductInput {
    let published = match row.get("published").to_lowercase().as_str() {
        "yes" | "true" | "1" => Some("on".to_string()),
        "" | "no" | "false" | "0" => None,
        other => {
            problems.push(problem(
                line,
                "published",
                format!("“{other}”: write yes or no."),
            ));
            None
        }
    };
    let specifications =
        parse_specifications(&row.get("specifications")).unwrap_or_else(|message| {
            problems.push(problem(line, "specifications", message));
            Vec::new()
        });
    ProductInput {
        name,
        slug,
        description: row.get("description"),
        category: row.get("category"),
        brand: row.get("brand"),
        seo_title: row.get("seo_title"),
        seo_description: row.get("seo_description"),
        video_url: row.get("video_url"),
        published,
        tax_class: row.get("tax_class"),
        specifications,
        variants: Vec::new(),
    }
}

/// The variant a row describes, with its stock per `stock:<LOCATION>` column.
fn variant_of(row: &Row, stock_columns: &[String]) -> VariantInput {
    VariantInput {
        sku: row.get("sku"),
        options: row.get("options"),
        price: row.get("price"),
        compare_at: row.get("compare_at"),
        weight_grams: row.get("weight_grams"),
        stock: stock_columns
            .iter()
            .map(|c| StockInput {
                location: c.trim_start_matches(STOCK_PREFIX).to_string(),
                on_hand: row.get(c),
                // A file's number is a count: it replaces whatever is there.
                seen: None,
            })
            .collect(),
        remove: None,
    }
}

/// Maps the problems the database found for one product (SKU taken, unknown category…) to lines.
pub fn locate_all(
    found: &[FieldProblem],
    lines: &[u64],
    stock_columns: &[String],
) -> Vec<CsvProblem> {
    found
        .iter()
        .map(|p| locate(p, lines, stock_columns))
        .collect()
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str =
        "slug,name,category,published,specifications,sku,options,price,stock:WH-MAIN\n\
        tee,Tee,clothing,yes,Material: Cotton,TEE-S,Size: S,19.99,5\n\
        tee,,,,,TEE-M,Size: M,21.00,0\n\
        mug,Mug,kitchen,no,,MUG-1,,9.50,12\n";

    #[test]
    fn rows_are_grouped_into_products_by_slug() {
        let file = read(GOOD.as_bytes(), Currency::Eur);
        let products = file.products;
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        assert_eq!((file.rows, file.rejected), (3, 0));
        assert_eq!(products.len(), 2);
        assert_eq!(products[0].lines, vec![2, 3]);
        assert_eq!(products[0].draft.variants.len(), 2);
        assert_eq!(
            products[0].draft.variants[0].stock,
            vec![("WH-MAIN".to_string(), 5)]
        );
        assert_eq!(
            products[0].draft.specifications,
            vec![("Material".into(), "Cotton".into())]
        );
        assert!(products[0].draft.published && !products[1].draft.published);
    }

    #[test]
    fn problems_name_their_line_and_column() {
        let file = "slug,name,category,sku,price,stock:WH-MAIN\n\
            tee,Tee,clothing,TEE-S,19.99,5\n\
            tee,,,TEE-M,cheap,many\n\
            mug,Mug,,bad sku,9.50,1\n";
        let read = read(file.as_bytes(), Currency::Eur);
        assert!(read.products.is_empty());
        assert_eq!(read.rejected, 2);
        let at: Vec<(u64, &str)> = read
            .problems
            .iter()
            .map(|p| (p.line, p.column.as_str()))
            .collect();
        assert_eq!(
            at,
            vec![
                (3, "price"),
                (3, "stock:WH-MAIN"),
                (4, "category"),
                (4, "sku")
            ]
        );
    }

    /// Found by the properties: a specification with a `:` in its name or a `;` in its value
    /// came back from the export changed ("Size: EU" / "42" became "Size" / "EU: 42") or
    /// split in two.
    #[test]
    fn specifications_with_separators_in_them_come_back_as_they_were() {
        let specs = vec![
            ("0:A".to_string(), "🌀".to_string()),
            ("Size: EU".to_string(), "42; 43".to_string()),
            ("Path".to_string(), "C:\\shop\\".to_string()),
            ("Material".to_string(), "Cotton".to_string()),
        ];
        let text = specifications_text(&specs);
        let back: Vec<(String, String)> = parse_specifications(&text)
            .expect("reads back")
            .into_iter()
            .map(|s| (s.name, s.value))
            .collect();
        assert_eq!(back, specs, "{text}");
        // Files typed by hand read as before.
        let typed = parse_specifications("Material: Cotton; Fit: Regular; Note: a\\b");
        let typed: Vec<(String, String)> = typed
            .expect("reads")
            .into_iter()
            .map(|s| (s.name, s.value))
            .collect();
        assert_eq!(
            typed,
            vec![
                ("Material".to_string(), "Cotton".to_string()),
                ("Fit".to_string(), "Regular".to_string()),
                ("Note".to_string(), "a\\b".to_string()),
            ]
        );
    }

    #[test]
    fn a_wrong_header_stops_before_the_rows() {
        let read = read(b"slug,name,colour\nx,y,z\n", Currency::Eur);
        assert_eq!(read.rows, 0);
        let columns: Vec<&str> = read.problems.iter().map(|p| p.column.as_str()).collect();
        assert_eq!(columns, vec!["category", "sku", "price", "colour"]);
    }
}
