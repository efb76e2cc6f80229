//! Filling the index: a full rebuild from the database, or a few products at a time from the
//! change feed.

use tantivy::Term;

use super::{internal, Labels, SearchIndex};
use crate::catalog::service::CategoryTree;
use crate::error::AppError;
use crate::search::document::{self, ProductDocument};
use crate::search::domain::words_of;

/// Documents read from the database per round trip when building.
const BATCH: usize = 1000;

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
impl SearchIndex {
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
}
