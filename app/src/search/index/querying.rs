//! How a `SearchQuery` becomes a tantivy query, and reading its matches: a page of product ids
//! with the facet counts, or suggestions read from the index alone.

use std::ops::Bound;

use tantivy::collector::{Count, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, Order, Score, TantivyDocument, Term};

use super::{internal, Hits, SearchIndex, StoredProduct};
use crate::error::AppError;
use crate::search::domain::{SearchQuery, SearchSort};
use crate::search::facets::{FacetCollector, FacetCounts, Group};

/// Words this long are typos only from five letters on, as shoppers expect.
const FUZZY_FROM_CHARS: usize = 5;
/// Fields searched for words, with their weight; `fuzzy`: typos allowed there.
const TEXT_FIELDS: [(&str, Score, bool); 6] = [
    ("name", 3.0, true),
    ("sku", 3.0, false),
    ("brand_text", 2.0, true),
    ("category_text", 1.5, true),
    ("options_text", 1.0, false),
    ("description", 0.5, false),
];
/// A typo match scores like this fraction of its field's weight (a constant, below typical
/// BM25 scores of exact hits).
const FUZZY_WEIGHT: Score = 0.3;

impl SearchIndex {
    fn word_query(&self, word: &str, last: bool) -> Box<dyn Query> {
        let long = word.chars().count() >= FUZZY_FROM_CHARS;
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (name, weight, fuzzy) in TEXT_FIELDS {
            let Ok(field) = self.inner.index.schema().get_field(name) else {
                continue;
            };
            let term = Term::from_field_text(field, word);
            alternatives.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                    weight,
                )),
            ));
            let distance = if fuzzy && long { 1 } else { 0 };
            let loose: Option<Box<dyn Query>> = if last && name != "description" {
                Some(Box::new(FuzzyTermQuery::new_prefix(term, distance, true)))
            } else if distance > 0 {
                Some(Box::new(FuzzyTermQuery::new(term, distance, true)))
            } else {
                None
            };
            if let Some(loose) = loose {
                alternatives.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(loose, weight * FUZZY_WEIGHT)),
                ));
            }
        }
        Box::new(BooleanQuery::new(alternatives))
    }

    /// Words, stock and price: everything but the facet selections.
    fn base_query(&self, query: &SearchQuery, prefix_last: bool) -> Vec<(Occur, Box<dyn Query>)> {
        let f = &self.inner.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let count = query.words.len();
        for (i, word) in query.words.iter().enumerate() {
            clauses.push((
                Occur::Must,
                self.word_query(word, prefix_last && i + 1 == count),
            ));
        }
        if clauses.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        if query.in_stock {
            clauses.push((
                Occur::Must,
                filter(Box::new(TermQuery::new(
                    Term::from_field_bool(f.in_stock, true),
                    IndexRecordOption::Basic,
                ))),
            ));
        }
        if query.price_min.is_some() || query.price_max.is_some() {
            let bound = |value: Option<i64>| {
                value.map_or(Bound::Unbounded, |v| {
                    Bound::Included(Term::from_field_i64(f.price, v))
                })
            };
            clauses.push((
                Occur::Must,
                filter(Box::new(RangeQuery::new(
                    bound(query.price_min),
                    bound(query.price_max),
                ))),
            ));
        }
        clauses
    }

    /// The facet groups of a search: the category, the brands, and each attribute chosen.
    fn groups(query: &SearchQuery) -> Vec<Group> {
        let mut groups = vec![
            Group {
                field: "category",
                prefix: String::new(),
                selected: query.category.iter().cloned().collect(),
            },
            Group {
                field: "brand",
                prefix: String::new(),
                selected: query.brands.clone(),
            },
        ];
        let mut names: Vec<&str> = query
            .attributes
            .iter()
            .filter_map(|a| a.split_once(':').map(|(name, _)| name))
            .collect();
        names.dedup();
        for name in names {
            let prefix = format!("{name}:");
            groups.push(Group {
                field: "attr",
                selected: query
                    .attributes
                    .iter()
                    .filter(|a| a.starts_with(&prefix))
                    .cloned()
                    .collect(),
                prefix,
            });
        }
        groups
    }

    fn selection_query(&self, group: &Group) -> Option<(Occur, Box<dyn Query>)> {
        if group.selected.is_empty() {
            return None;
        }
        let field = self.inner.index.schema().get_field(group.field).ok()?;
        let any: Vec<(Occur, Box<dyn Query>)> = group
            .selected
            .iter()
            .map(|value| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(field, value),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, q)
            })
            .collect();
        Some((Occur::Must, filter(Box::new(BooleanQuery::new(any)))))
    }

    /// A page of matches in the requested order, the total, and (if `facets` gives the price
    /// buckets' edges) the facet counts.
    pub fn search(
        &self,
        query: &SearchQuery,
        offset: usize,
        limit: usize,
        facets: Option<&[i64]>,
        prefix_last: bool,
    ) -> Result<Hits, AppError> {
        let searcher = self.inner.reader.searcher();
        let groups = Self::groups(query);
        let mut clauses = self.base_query(query, prefix_last);
        clauses.extend(groups.iter().filter_map(|g| self.selection_query(g)));
        let full = BooleanQuery::new(clauses);
        let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
        let (addresses, total): (Vec<DocAddress>, usize) = match query.sort {
            SearchSort::Relevance => {
                let (hits, total): (Vec<(Score, DocAddress)>, usize) = searcher
                    .search(&full, &(top.order_by_score(), Count))
                    .map_err(internal)?;
                (hits.into_iter().map(|(_, a)| a).collect(), total)
            }
            SearchSort::PriceAsc | SearchSort::PriceDesc | SearchSort::Newest => {
                let (field, order) = match query.sort {
                    SearchSort::PriceAsc => ("price", Order::Asc),
                    SearchSort::PriceDesc => ("price", Order::Desc),
                    _ => ("created_at", Order::Desc),
                };
                let (hits, total): (Vec<(Option<i64>, DocAddress)>, usize) = searcher
                    .search(
                        &full,
                        &(top.order_by_fast_field::<i64>(field, order), Count),
                    )
                    .map_err(internal)?;
                (hits.into_iter().map(|(_, a)| a).collect(), total)
            }
        };
        let mut ids = Vec::with_capacity(addresses.len());
        for address in addresses.into_iter().take(limit) {
            let column: Column<u64> = searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .u64("id")
                .map_err(internal)?;
            if let Some(id) = column.first(address.doc_id) {
                ids.push(i32::try_from(id).unwrap_or(0));
            }
        }
        let facets = if let Some(edges) = facets {
            let base = BooleanQuery::new(self.base_query(query, prefix_last));
            searcher
                .search(
                    &base,
                    &FacetCollector {
                        groups,
                        price_edges: edges.to_vec(),
                    },
                )
                .map_err(internal)?
        } else {
            FacetCounts::default()
        };
        Ok(Hits { ids, total, facets })
    }

    /// The best few matches for what is being typed, read from the index alone.
    pub fn suggest(
        &self,
        query: &SearchQuery,
        limit: usize,
    ) -> Result<Vec<StoredProduct>, AppError> {
        let searcher = self.inner.reader.searcher();
        let full = BooleanQuery::new(self.base_query(query, true));
        let hits: Vec<(Score, DocAddress)> = searcher
            .search(&full, &TopDocs::with_limit(limit.max(1)).order_by_score())
            .map_err(internal)?;
        let f = &self.inner.fields;
        let mut found = Vec::with_capacity(hits.len());
        for (_, address) in hits {
            let doc: TantivyDocument = searcher.doc(address).map_err(internal)?;
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            found.push(StoredProduct {
                id: doc
                    .get_first(f.id)
                    .and_then(|v| v.as_u64())
                    .and_then(|v| i32::try_from(v).ok())
                    .unwrap_or(0),
                slug: text(f.slug).unwrap_or_default(),
                name: text(f.name).unwrap_or_default(),
                brand: text(f.brand_name),
                image_url: text(f.image),
                price_minor: doc.get_first(f.price).and_then(|v| v.as_i64()).unwrap_or(0),
            });
        }
        Ok(found)
    }
}

/// A clause that narrows the matches without changing their scores.
fn filter(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(query, 0.0))
}
