//! The in-memory index: its schema, how documents go in (a full rebuild, or a few products at a
//! time from the change feed), and how a `SearchQuery` becomes a tantivy query.
//!
//! Matching: every word must match somewhere. A word matches exactly in the name, brand, SKU,
//! category, option values or description (scored by BM25, name and SKU weighing most), or,
//! when it has five letters or more, with one wrong, missing, extra or swapped letter in the
//! name, brand or category (a constant, lower score, so exact hits rank first). The last word
//! also matches as a prefix, as the shopper may still be typing it.
//!
//! `fields` holds the schema and turns a product into a document, `writing` fills the index,
//! and `querying` searches it.

mod fields;
mod querying;
mod writing;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy};

use super::facets::FacetCounts;
use crate::error::AppError;
use fields::{schema, Fields};

const TOKENIZER: &str = "folded";
/// The writer's memory for buffering documents before it writes a segment.
const WRITER_BUDGET_BYTES: usize = 64 * 1024 * 1024;

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
}
