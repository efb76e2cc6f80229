//! The in-memory index: its schema, how documents go in (a full rebuild, or a few products at a
//! time from the change feed), and how a `SearchQuery` becomes a tantivy query.
//!
//! Matching: every word must match somewhere. A word matches exactly in the name, brand, SKU,
//! category, option values or description (scored by BM25, name and SKU weighing most), or,
//! when it has five letters or more, with one wrong, missing, extra or swapped letter in the
//! name, brand or category (a constant, lower score, so exact hits rank first). The last word
//! also matches as a prefix, as the shopper may still be typing it.

use std::collections::HashMap;
use std::ops::Bound;
use std::sync::{Arc, Mutex, RwLock};

use tantivy::collector::{Count, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Score, TantivyDocument, Term,
};

use super::document::{self, ProductDocument};
use super::facets::{FacetCollector, FacetCounts, Group};
use crate::catalog::service::CategoryTree;
use crate::error::AppError;
use crate::search::domain::{words_of, SearchQuery, SearchSort};

const TOKENIZER: &str = "folded";
/// Words this long are typos only from five letters on, as shoppers expect.
const FUZZY_FROM_CHARS: usize = 5;
/// Documents read from the database per round trip when building.
const BATCH: usize = 1000;
/// The writer's memory for buffering documents before it writes a segment.
const WRITER_BUDGET_BYTES: usize = 64 * 1024 * 1024;

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    slug: Field,
    name: Field,
    brand_name: Field,
    image: Field,
    brand_text: Field,
    category_text: Field,
    sku: Field,
    options_text: Field,
    description: Field,
    price: Field,
    created_at: Field,
    in_stock: Field,
    category: Field,
    brand: Field,
    attr: Field,
}

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

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let stored_text = text.clone().set_stored();
    let keyword = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        )
        .set_fast("raw");
    let fields = Fields {
        id: builder.add_u64_field("id", INDEXED | STORED | FAST),
        slug: builder.add_text_field("slug", STORED),
        name: builder.add_text_field("name", stored_text),
        brand_name: builder.add_text_field("brand_name", STORED),
        image: builder.add_text_field("image", STORED),
        brand_text: builder.add_text_field("brand_text", text.clone()),
        category_text: builder.add_text_field("category_text", text.clone()),
        sku: builder.add_text_field("sku", text.clone()),
        options_text: builder.add_text_field("options_text", text.clone()),
        description: builder.add_text_field("description", text),
        price: builder.add_i64_field("price", STORED | FAST),
        created_at: builder.add_i64_field("created_at", FAST),
        in_stock: builder.add_bool_field("in_stock", INDEXED | FAST),
        category: builder.add_text_field("category", keyword.clone()),
        brand: builder.add_text_field("brand", keyword.clone()),
        attr: builder.add_text_field("attr", keyword),
    };
    (builder.build(), fields)
}

/// Display names of facet values, kept with the index.
#[derive(Debug, Default, Clone)]
pub struct Labels {
    /// slug → (name, parent slug).
    pub categories: HashMap<String, (String, Option<String>)>,
    /// slug → name.
    pub brands: HashMap<String, String>,
    /// "colour:navy" → ("Colour", "Navy").
    pub attributes: HashMap<String, (String, String)>,
    /// Words of names, brands and categories → how many products have them ("did you mean").
    pub vocabulary: HashMap<String, u32>,
}

impl Labels {
    fn learn(&mut self, doc: &ProductDocument) {
        if let Some((slug, name)) = &doc.brand {
            self.brands.insert(slug.clone(), name.clone());
        }
        for (key, name, value) in &doc.attributes {
            self.attributes
                .insert(key.clone(), (name.clone(), value.clone()));
        }
        let mut words = words_of(&doc.name);
        if let Some((_, brand)) = &doc.brand {
            words.extend(words_of(brand));
        }
        for (_, category) in &doc.categories {
            words.extend(words_of(category));
        }
        words.sort();
        words.dedup();
        for word in words {
            *self.vocabulary.entry(word).or_default() += 1;
        }
    }
}

/// A product as a suggestion shows it, read from the index alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredProduct {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub brand: Option<String>,
    pub image_url: Option<String>,
    pub price_minor: i64,
}

/// One page of matches and, when asked for, the facet counts.
#[derive(Debug, Clone, Default)]
pub struct Hits {
    pub ids: Vec<i32>,
    pub total: usize,
    pub facets: FacetCounts,
}

struct Inner {
    index: Index,
    fields: Fields,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    labels: RwLock<Labels>,
    /// One rebuild or refresh at a time: a refresh committing in the middle of a rebuild
    /// would publish a half-built index.
    maintenance: tokio::sync::Mutex<()>,
}

#[derive(Clone)]
pub struct SearchIndex {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").finish_non_exhaustive()
    }
}

fn internal(err: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("search index: {err}"))
}

impl SearchIndex {
    /// An empty index; `rebuild` fills it.
    pub fn new() -> Result<SearchIndex, AppError> {
        let (schema, fields) = schema();
        let index = Index::create_in_ram(schema);
        index.tokenizers().register(
            TOKENIZER,
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        );
        let writer = index
            .writer_with_num_threads(1, WRITER_BUDGET_BYTES)
            .map_err(internal)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(internal)?;
        Ok(SearchIndex {
            inner: Arc::new(Inner {
                index,
                fields,
                reader,
                writer: Mutex::new(writer),
                labels: RwLock::new(Labels::default()),
                maintenance: tokio::sync::Mutex::new(()),
            }),
        })
    }

    fn to_document(&self, doc: &ProductDocument) -> TantivyDocument {
        let f = &self.inner.fields;
        let mut d = TantivyDocument::default();
        d.add_u64(f.id, u64::try_from(doc.id).unwrap_or(0));
        d.add_text(f.slug, &doc.slug);
        d.add_text(f.name, &doc.name);
        if let Some(url) = &doc.image_url {
            d.add_text(f.image, url);
        }
        if let Some((slug, name)) = &doc.brand {
            d.add_text(f.brand_name, name);
            d.add_text(f.brand_text, name);
            d.add_text(f.brand, slug);
        }
        for (slug, name) in &doc.categories {
            d.add_text(f.category_text, name);
            d.add_text(f.category, slug);
        }
        for sku in &doc.skus {
            d.add_text(f.sku, sku);
        }
        for (key, _, value) in &doc.attributes {
            d.add_text(f.options_text, value);
            d.add_text(f.attr, key);
        }
        d.add_text(f.description, &doc.description);
        d.add_i64(f.price, doc.price_minor);
        d.add_i64(f.created_at, doc.created_at);
        d.add_bool(f.in_stock, doc.in_stock);
        d
    }

    /// Commits what the writer holds and makes it visible to searches at once.
    fn commit(&self) -> Result<(), AppError> {
        let mut writer = self.inner.writer.lock().map_err(internal)?;
        writer.commit().map_err(internal)?;
        drop(writer);
        self.inner.reader.reload().map_err(internal)
    }

    /// Rebuilds the whole index from the database; searches see the old one until it is done.
    /// `progress(done, total)` is called after each batch. Returns the products indexed.
    pub async fn rebuild(
        &self,
        db: &sea_orm::DatabaseConnection,
        progress: impl Fn(usize, usize),
    ) -> Result<usize, AppError> {
        let _one_at_a_time = self.inner.maintenance.lock().await;
        let ids = document::published_ids(db).await?;
        let tree = CategoryTree::load(db).await?;
        let mut labels = Labels::default();
        for category in tree.all() {
            let parent = category
                .parent_id
                .and_then(|id| tree.by_id(id))
                .map(|p| p.slug.clone());
            labels
                .categories
                .insert(category.slug.clone(), (category.name.clone(), parent));
        }
        self.inner
            .writer
            .lock()
            .map_err(internal)?
            .delete_all_documents()
            .map_err(internal)?;
        let mut done = 0;
        for chunk in ids.chunks(BATCH) {
            let docs = document::load(db, &tree, chunk).await?;
            let writer = self.inner.writer.lock().map_err(internal)?;
            for doc in &docs {
                labels.learn(doc);
                writer
                    .add_document(self.to_document(doc))
                    .map_err(internal)?;
            }
            drop(writer);
            done += chunk.len();
            progress(done, ids.len());
        }
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.commit())
            .await
            .map_err(internal)??;
        *self.inner.labels.write().map_err(internal)? = labels;
        Ok(ids.len())
    }

    /// Re-reads `product_ids` from the database (dropping those no longer published).
    pub async fn refresh(
        &self,
        db: &sea_orm::DatabaseConnection,
        product_ids: &[i32],
    ) -> Result<(), AppError> {
        if product_ids.is_empty() {
            return Ok(());
        }
        let _one_at_a_time = self.inner.maintenance.lock().await;
        let tree = CategoryTree::load(db).await?;
        let mut docs = Vec::new();
        for chunk in product_ids.chunks(BATCH) {
            docs.extend(document::load(db, &tree, chunk).await?);
        }
        {
            let writer = self.inner.writer.lock().map_err(internal)?;
            for id in product_ids {
                writer.delete_term(Term::from_field_u64(
                    self.inner.fields.id,
                    u64::try_from(*id).unwrap_or(0),
                ));
            }
            let mut labels = self.inner.labels.write().map_err(internal)?;
            for doc in &docs {
                labels.learn(doc);
                writer
                    .add_document(self.to_document(doc))
                    .map_err(internal)?;
            }
        }
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.commit())
            .await
            .map_err(internal)?
    }

    pub fn labels(&self) -> Labels {
        self.inner
            .labels
            .read()
            .map(|l| l.clone())
            .unwrap_or_default()
    }

    /// Reads the vocabulary without copying it.
    pub fn with_labels<T>(&self, read: impl FnOnce(&Labels) -> T) -> T {
        match self.inner.labels.read() {
            Ok(labels) => read(&labels),
            Err(_) => read(&Labels::default()),
        }
    }

    /// Bytes the index's segments take (postings, fast fields, stored fields).
    pub fn size_bytes(&self) -> u64 {
        self.inner
            .reader
            .searcher()
            .space_usage()
            .map(|usage| usage.total().get_bytes())
            .unwrap_or(0)
    }

    pub fn document_count(&self) -> u64 {
        self.inner.reader.searcher().num_docs()
    }

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
