//! A product search as the shopper asked for it, in the URL's query string: the words to
//! match, filters, sort order and page, checked and put into one canonical form. Nothing a
//! shopper can type fails the page: odd parts are dropped or corrected, with a notice saying so.

mod spelling;

use serde::{Deserialize, Serialize};

use crate::domain::money::{Currency, Money};

pub use spelling::{correction, edit_distance};

/// Longer searches are cut: nobody types more, and each word costs a lookup.
pub const MAX_WORDS: usize = 8;
pub const MAX_WORD_CHARS: usize = 40;
pub const MAX_TEXT_CHARS: usize = 200;
/// Filters of one kind that one search may combine.
pub const MAX_FILTER_VALUES: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, Serialize, Deserialize)]
pub enum SearchSort {
    #[default]
    Relevance,
    PriceAsc,
    PriceDesc,
    Newest,
}

impl SearchSort {
    pub const ALL: [SearchSort; 4] = [
        SearchSort::Relevance,
        SearchSort::PriceAsc,
        SearchSort::PriceDesc,
        SearchSort::Newest,
    ];

    pub fn as_param(self) -> &'static str {
        match self {
            SearchSort::Relevance => "relevance",
            SearchSort::PriceAsc => "price-asc",
            SearchSort::PriceDesc => "price-desc",
            SearchSort::Newest => "newest",
        }
    }
}

/// The words of a text as the index keeps them: letters folded to ASCII ("Żubr" → "zubr"),
/// lower case, split at anything that is not a letter or digit.
pub fn words_of(text: &str) -> Vec<String> {
    deunicode::deunicode(text)
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect()
}

/// The filter value of an attribute: "Colour" + "Navy Blue" → "colour:navy-blue".
pub fn attribute_key(name: &str, value: &str) -> String {
    format!("{}:{}", words_of(name).join("-"), words_of(value).join("-"))
}

/// What the shopper is looking for.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SearchQuery {
    /// As typed (trimmed and shortened), for the search box.
    pub text: String,
    /// The words to match, normalised (`words_of`), at most `MAX_WORDS`.
    pub words: Vec<String>,
    /// A category slug: products in it or its sub-categories.
    pub category: Option<String>,
    /// Brand slugs; a product matches any of them.
    pub brands: Vec<String>,
    /// Attribute filters such as "colour:navy"; values of one attribute are alternatives,
    /// different attributes must all match.
    pub attributes: Vec<String>,
    /// Price bounds in minor units, inclusive.
    pub price_min: Option<i64>,
    pub price_max: Option<i64>,
    pub in_stock: bool,
    pub sort: SearchSort,
    /// 1-based.
    pub page: u32,
}

/// A slug-like filter value: lower-case letters, digits and dashes ("navy", "size:m").
fn clean_value(text: &str) -> Option<String> {
    let value = text.trim().to_lowercase();
    let ok = !value.is_empty()
        && value.len() <= 120
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '_'));
    ok.then_some(value)
}

fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(30).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

impl SearchQuery {
    /// Reads the query string's pairs (`q`, `category`, `brand`…, `attr`…, `min`, `max`,
    /// `stock`, `sort`, `page`). Returns the query and what was changed or ignored, in words.
    pub fn from_params(
        params: &[(String, String)],
        currency: Currency,
    ) -> (SearchQuery, Vec<String>) {
        let mut query = SearchQuery {
            page: 1,
            ..SearchQuery::default()
        };
        let mut notices = Vec::new();
        for (key, value) in params {
            query.read_param(key, value, currency, &mut notices);
        }
        query.order_price_range(currency, &mut notices);
        query.brands.sort();
        query.brands.dedup();
        query.attributes.sort();
        query.attributes.dedup();
        (query, notices)
    }

    /// One parameter of the search's address; a value that cannot be used is ignored, most with
    /// a notice saying so.
    fn read_param(
        &mut self,
        key: &str,
        value: &str,
        currency: Currency,
        notices: &mut Vec<String>,
    ) {
        match key {
            "q" => self.read_text(value, notices),
            "category" => match clean_value(value) {
                Some(slug) => self.category = Some(slug),
                None if value.trim().is_empty() => {}
                None => notices.push(format!("“{}” is not a category; ignored.", shorten(value))),
            },
            "brand" => match clean_value(value) {
                Some(slug) if self.brands.len() < MAX_FILTER_VALUES => self.brands.push(slug),
                Some(_) => {}
                None => notices.push(format!("“{}” is not a brand; ignored.", shorten(value))),
            },
            "attr" => match clean_value(value).filter(|v| v.contains(':')) {
                Some(pair) if self.attributes.len() < MAX_FILTER_VALUES => {
                    self.attributes.push(pair)
                }
                Some(_) => {}
                None => notices.push(format!("“{}” is not a filter; ignored.", shorten(value))),
            },
            "min" | "max" if value.trim().is_empty() => {}
            "min" | "max" => match Money::parse(value, currency) {
                Ok(amount) if amount.minor() < 0 => {
                    notices.push("A price can't be negative; that limit was ignored.".into())
                }
                Ok(amount) if key == "min" => self.price_min = Some(amount.minor()),
                Ok(amount) => self.price_max = Some(amount.minor()),
                Err(_) => notices.push(format!("“{}” is not a price; ignored.", shorten(value))),
            },
            "stock" => self.in_stock = matches!(value, "1" | "true" | "on" | "yes"),
            "sort" => match SearchSort::ALL.into_iter().find(|s| s.as_param() == value) {
                Some(sort) => self.sort = sort,
                None => notices.push(format!(
                    "“{}” is not a way to sort; showing the best matches first.",
                    shorten(value)
                )),
            },
            "page" => {
                self.page = value
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|p| (1..=10_000).contains(p))
                    .unwrap_or(1)
            }
            _ => {}
        }
    }

    /// The search text, shortened, and its words, at most `MAX_WORDS` of them.
    fn read_text(&mut self, value: &str, notices: &mut Vec<String>) {
        let cut: String = value.trim().chars().take(MAX_TEXT_CHARS).collect();
        // Trimmed again after the cut, so that the text the page's links carry reads back as
        // the same search.
        let text = cut.trim_end().to_string();
        let mut words: Vec<String> = words_of(&text)
            .into_iter()
            .map(|w| w.chars().take(MAX_WORD_CHARS).collect())
            .collect();
        if words.len() > MAX_WORDS {
            words.truncate(MAX_WORDS);
            notices.push(format!(
                "Only the first {MAX_WORDS} words of your search were used."
            ));
        }
        self.text = text;
        self.words = words;
    }

    /// Swaps the price limits when the lower is above the upper, saying so.
    fn order_price_range(&mut self, currency: Currency, notices: &mut Vec<String>) {
        if let (Some(min), Some(max)) = (self.price_min, self.price_max) {
            if min > max {
                self.price_min = Some(max);
                self.price_max = Some(min);
                notices.push(format!(
                    "The price range was the wrong way round; showing {} to {}.",
                    Money::from_minor(max, currency),
                    Money::from_minor(min, currency)
                ));
            }
        }
    }

    /// The query string that asks for this search (canonical order, defaults left out).
    pub fn to_params(&self, currency: Currency) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if !self.text.is_empty() {
            params.push(("q", self.text.clone()));
        }
        if let Some(category) = &self.category {
            params.push(("category", category.clone()));
        }
        params.extend(self.brands.iter().map(|b| ("brand", b.clone())));
        params.extend(self.attributes.iter().map(|a| ("attr", a.clone())));
        let price = |minor: i64| Money::from_minor(minor, currency).to_decimal_string();
        if let Some(min) = self.price_min {
            params.push(("min", price(min)));
        }
        if let Some(max) = self.price_max {
            params.push(("max", price(max)));
        }
        if self.in_stock {
            params.push(("stock", "1".into()));
        }
        if self.sort != SearchSort::Relevance {
            params.push(("sort", self.sort.as_param().into()));
        }
        if self.page > 1 {
            params.push(("page", self.page.to_string()));
        }
        params
    }

    /// `/search?…` for this search.
    pub fn href(&self, currency: Currency) -> String {
        let pairs: Vec<String> = self
            .to_params(currency)
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode_query_value(&v)))
            .collect();
        if pairs.is_empty() {
            "/search".to_string()
        } else {
            format!("/search?{}", pairs.join("&"))
        }
    }

    /// The same search on another page.
    pub fn on_page(&self, page: u32) -> SearchQuery {
        SearchQuery {
            page,
            ..self.clone()
        }
    }

    /// The same search with `value` added to (or removed from) a multi-valued filter; back
    /// to the first page, as the results change.
    pub fn toggled(&self, kind: FilterKind, value: &str) -> SearchQuery {
        let mut next = self.on_page(1);
        let list = match kind {
            FilterKind::Brand => &mut next.brands,
            FilterKind::Attribute => &mut next.attributes,
        };
        if let Some(at) = list.iter().position(|v| v == value) {
            list.remove(at);
        } else {
            list.push(value.to_string());
            list.sort();
        }
        next
    }

    pub fn in_category(&self, category: Option<&str>) -> SearchQuery {
        SearchQuery {
            category: category.map(str::to_string),
            ..self.on_page(1)
        }
    }

    pub fn sorted(&self, sort: SearchSort) -> SearchQuery {
        SearchQuery {
            sort,
            ..self.on_page(1)
        }
    }

    pub fn has_filters(&self) -> bool {
        self.category.is_some()
            || !self.brands.is_empty()
            || !self.attributes.is_empty()
            || self.price_min.is_some()
            || self.price_max.is_some()
            || self.in_stock
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterKind {
    Brand,
    Attribute,
}

/// Percent-encoding for a query-string value (a space becomes `+`, as forms send it).
pub fn encode_query_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte))
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod properties;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> (SearchQuery, Vec<String>) {
        let params: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        SearchQuery::from_params(&params, Currency::Eur)
    }

    #[test]
    fn words_are_folded_lowercased_and_split() {
        assert_eq!(
            words_of("Żubr  Linen-Shirt, XL!"),
            ["zubr", "linen", "shirt", "xl"]
        );
        assert!(
            words_of("?!… — ***").is_empty(),
            "only punctuation: no words"
        );
    }

    #[test]
    fn swaps_count_as_one_edit() {
        assert_eq!(edit_distance("nordwind", "nordwind"), 0);
        assert_eq!(edit_distance("nrodwind", "nordwind"), 1, "swapped letters");
        assert_eq!(edit_distance("nordwnd", "nordwind"), 1, "missing letter");
        assert_eq!(edit_distance("nordwimd", "nordwind"), 1, "wrong letter");
        assert_eq!(edit_distance("shirt", "skirt"), 1);
        assert_eq!(edit_distance("abc", "xyz"), 3);
    }

    #[test]
    fn corrections_pick_the_most_common_close_word() {
        let vocabulary: std::collections::HashMap<String, u32> = [
            ("shirt".to_string(), 40),
            ("skirt".to_string(), 5),
            ("linen".to_string(), 9),
        ]
        .into();
        let known = |w: &str| vocabulary.contains_key(w);
        let words = vec!["linen".to_string(), "shrit".to_string()];
        assert_eq!(
            correction(&words, known, vocabulary.iter()).as_deref(),
            Some("linen shirt")
        );
        assert_eq!(
            correction(&["linen".to_string()], known, vocabulary.iter()),
            None
        );
        assert_eq!(
            correction(&["qqqqq".to_string()], known, vocabulary.iter()),
            None
        );
    }

    #[test]
    fn attribute_keys_are_url_safe() {
        assert_eq!(attribute_key("Colour", "Navy Blue"), "colour:navy-blue");
        assert_eq!(attribute_key("Größe", "XL"), "grosse:xl");
    }

    #[test]
    fn a_full_query_reads_and_writes_back_the_same() {
        let (query, notices) = parse(&[
            ("q", "linen shirt"),
            ("category", "clothing"),
            ("brand", "nordwind"),
            ("brand", "altamira"),
            ("attr", "colour:navy"),
            ("min", "10"),
            ("max", "49.90"),
            ("stock", "1"),
            ("sort", "price-asc"),
            ("page", "2"),
        ]);
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(query.words, ["linen", "shirt"]);
        assert_eq!(query.brands, ["altamira", "nordwind"], "sorted");
        assert_eq!((query.price_min, query.price_max), (Some(1000), Some(4990)));
        assert_eq!(
            query.href(Currency::Eur),
            "/search?q=linen+shirt&category=clothing&brand=altamira&brand=nordwind\
             &attr=colour%3Anavy&min=10.00&max=49.90&stock=1&sort=price-asc&page=2"
        );
        let back: Vec<(String, String)> = query
            .to_params(Currency::Eur)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        assert_eq!(SearchQuery::from_params(&back, Currency::Eur).0, query);
    }

    #[test]
    fn odd_input_is_corrected_or_dropped_with_a_notice() {
        let (query, notices) = parse(&[("min", "-5"), ("max", "abc"), ("sort", "cheapest")]);
        assert_eq!((query.price_min, query.price_max), (None, None));
        assert_eq!(query.sort, SearchSort::Relevance);
        assert_eq!(notices.len(), 3, "{notices:?}");
        assert!(notices[0].contains("can't be negative"));

        let (query, notices) = parse(&[("min", "50"), ("max", "10")]);
        assert_eq!((query.price_min, query.price_max), (Some(1000), Some(5000)));
        assert!(notices[0].contains("wrong way round"), "{notices:?}");

        let (query, notices) = parse(&[("brand", "<script>"), ("attr", "navy"), ("page", "-3")]);
        assert!(query.brands.is_empty() && query.attributes.is_empty());
        assert_eq!(query.page, 1);
        assert_eq!(notices.len(), 2, "{notices:?}");
    }

    #[test]
    fn very_long_searches_are_cut() {
        let long = "word ".repeat(500);
        let (query, notices) = parse(&[("q", &long)]);
        assert_eq!(query.words.len(), MAX_WORDS);
        assert!(query.text.chars().count() <= MAX_TEXT_CHARS);
        assert_eq!(notices.len(), 1);
        let (query, _) = parse(&[("q", &"x".repeat(1000))]);
        assert_eq!(query.words[0].len(), MAX_WORD_CHARS);
    }

    /// Found by the properties: a text cut at `MAX_TEXT_CHARS` right after a space kept the
    /// space, and the page's links (trimmed when read) then asked for a different search.
    #[test]
    fn a_cut_text_reads_back_from_the_links() {
        let long = format!("{} tail", "x".repeat(MAX_TEXT_CHARS - 1));
        let (query, _) = parse(&[("q", &long)]);
        assert_eq!(query.text, "x".repeat(MAX_TEXT_CHARS - 1));
        let back: Vec<(String, String)> = query
            .to_params(Currency::Eur)
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        assert_eq!(SearchQuery::from_params(&back, Currency::Eur).0, query);
    }

    #[test]
    fn filters_toggle_and_changes_return_to_the_first_page() {
        let (query, _) = parse(&[("q", "shirt"), ("brand", "nordwind"), ("page", "3")]);
        let more = query.toggled(FilterKind::Brand, "altamira");
        assert_eq!(more.brands, ["altamira", "nordwind"]);
        assert_eq!(more.page, 1);
        let fewer = more.toggled(FilterKind::Brand, "nordwind");
        assert_eq!(fewer.brands, ["altamira"]);
        assert_eq!(
            query.sorted(SearchSort::Newest).href(Currency::Eur),
            "/search?q=shirt&brand=nordwind&sort=newest"
        );
        assert!(query.has_filters());
        assert!(!parse(&[("q", "x")]).0.has_filters());
    }
}
