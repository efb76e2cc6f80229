//! Facet counts in one pass over the matches, "disjunctive" as shops do it: the counts of a
//! filter group (brands, one attribute, the category) are taken over the matches of every
//! *other* group's selection, so choosing one brand still shows how many the other brands have.
//! The query given to the collector carries the text and the price/stock limits but not the
//! group selections; documents failing more than one group count nowhere.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentReader};

/// The string fast fields facets are counted on.
pub const FIELDS: [&str; 3] = ["category", "brand", "attr"];

/// One filter group: values of `field` (those starting with `prefix`) of which a match must
/// have at least one of `selected`.
#[derive(Debug, Clone)]
pub struct Group {
    pub field: &'static str,
    /// "colour:" for one attribute; empty for a whole field.
    pub prefix: String,
    pub selected: Vec<String>,
}

pub struct FacetCollector {
    pub groups: Vec<Group>,
    /// Price bucket edges (minor units, ascending): bucket i holds prices below edge i and at
    /// or above edge i − 1; the last holds the rest.
    pub price_edges: Vec<i64>,
}

#[derive(Debug, Default, Clone)]
pub struct FacetCounts {
    /// (field, value) → matches.
    pub counts: HashMap<(&'static str, String), u64>,
    /// Matches of the whole search (every group satisfied).
    pub hits: u64,
    pub in_stock: u64,
    pub price_min: Option<i64>,
    pub price_max: Option<i64>,
    /// Matches per price bucket (`price_edges.len() + 1` of them).
    pub buckets: Vec<u64>,
}

pub struct FacetSegment {
    columns: Vec<Option<StrColumn>>,
    /// Per column, per term ordinal: the group the value belongs to (None: no selection there).
    ord_group: Vec<Vec<Option<usize>>>,
    /// Per group: its column and its selected ordinals (sorted).
    selected: Vec<(usize, Vec<u64>)>,
    counts: Vec<Vec<u32>>,
    price: Column<i64>,
    stock: Column<bool>,
    hits: u64,
    in_stock: u64,
    price_min: i64,
    price_max: i64,
    edges: Vec<i64>,
    buckets: Vec<u64>,
}

impl Collector for FacetCollector {
    type Fruit = FacetCounts;
    type Child = FacetSegment;

    fn for_segment(&self, _ord: u32, segment: &SegmentReader) -> tantivy::Result<FacetSegment> {
        let fast = segment.fast_fields();
        let mut columns = Vec::new();
        let mut ord_group = Vec::new();
        let mut counts = Vec::new();
        for field in FIELDS {
            let column = fast.str(field)?;
            let mut groups_of = Vec::new();
            if let Some(column) = &column {
                let mut text = String::new();
                for ord in 0..column.num_terms() as u64 {
                    text.clear();
                    column.ord_to_str(ord, &mut text)?;
                    groups_of.push(
                        self.groups
                            .iter()
                            .position(|g| g.field == field && text.starts_with(g.prefix.as_str())),
                    );
                }
            }
            counts.push(vec![0_u32; groups_of.len()]);
            ord_group.push(groups_of);
            columns.push(column);
        }
        let mut selected = Vec::new();
        for group in &self.groups {
            let column_index = FIELDS.iter().position(|f| *f == group.field).unwrap_or(0);
            let mut ords = Vec::new();
            if let Some(column) = &columns[column_index] {
                for value in &group.selected {
                    if let Some(ord) = column.dictionary().term_ord(value)? {
                        ords.push(ord);
                    }
                }
            }
            ords.sort_unstable();
            selected.push((column_index, ords));
        }
        Ok(FacetSegment {
            columns,
            ord_group,
            selected,
            counts,
            price: fast.i64("price")?,
            stock: fast.bool("in_stock")?,
            hits: 0,
            in_stock: 0,
            price_min: i64::MAX,
            price_max: i64::MIN,
            edges: self.price_edges.clone(),
            buckets: vec![0; self.price_edges.len() + 1],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        let mut all = FacetCounts {
            buckets: vec![0; self.price_edges.len() + 1],
            ..FacetCounts::default()
        };
        for fruit in fruits {
            for (sum, n) in all.buckets.iter_mut().zip(&fruit.buckets) {
                *sum += n;
            }
            for (key, n) in fruit.counts {
                *all.counts.entry(key).or_default() += n;
            }
            all.hits += fruit.hits;
            all.in_stock += fruit.in_stock;
            all.price_min = [all.price_min, fruit.price_min].into_iter().flatten().min();
            all.price_max = [all.price_max, fruit.price_max].into_iter().flatten().max();
        }
        Ok(all)
    }
}

impl SegmentCollector for FacetSegment {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let mut misses = 0;
        let mut missed = usize::MAX;
        for (group, (column, wanted)) in self.selected.iter().enumerate() {
            let satisfied = wanted.is_empty()
                || self.columns[*column]
                    .as_ref()
                    .is_some_and(|c| c.term_ords(doc).any(|o| wanted.binary_search(&o).is_ok()));
            if !satisfied {
                misses += 1;
                missed = group;
            }
        }
        if misses > 1 {
            return;
        }
        for (index, column) in self.columns.iter().enumerate() {
            let Some(column) = column else { continue };
            for ord in column.term_ords(doc) {
                let group = self.ord_group[index][ord as usize];
                if misses == 0 || group == Some(missed) {
                    self.counts[index][ord as usize] += 1;
                }
            }
        }
        if misses == 0 {
            self.hits += 1;
            if self.stock.first(doc).unwrap_or(false) {
                self.in_stock += 1;
            }
            if let Some(price) = self.price.first(doc) {
                self.price_min = self.price_min.min(price);
                self.price_max = self.price_max.max(price);
                self.buckets[self.edges.partition_point(|edge| *edge <= price)] += 1;
            }
        }
    }

    fn harvest(self) -> FacetCounts {
        let mut counts = HashMap::new();
        for (index, column) in self.columns.iter().enumerate() {
            let Some(column) = column else { continue };
            let mut text = String::new();
            for (ord, &n) in self.counts[index].iter().enumerate() {
                text.clear();
                if n > 0 && column.ord_to_str(ord as u64, &mut text).unwrap_or(false) {
                    counts.insert((FIELDS[index], text.clone()), u64::from(n));
                }
            }
        }
        FacetCounts {
            counts,
            hits: self.hits,
            in_stock: self.in_stock,
            price_min: (self.hits > 0).then_some(self.price_min),
            price_max: (self.hits > 0).then_some(self.price_max),
            buckets: self.buckets,
        }
    }
}
