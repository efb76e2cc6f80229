//! The index's schema, and a product as the index stores it.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED,
};
use tantivy::TantivyDocument;

use super::{SearchIndex, TOKENIZER};
use crate::search::document::ProductDocument;

#[derive(Clone, Copy)]
pub(super) struct Fields {
    pub(super) id: Field,
    pub(super) slug: Field,
    pub(super) name: Field,
    pub(super) brand_name: Field,
    pub(super) image: Field,
    pub(super) brand_text: Field,
    pub(super) category_text: Field,
    pub(super) sku: Field,
    pub(super) options_text: Field,
    pub(super) description: Field,
    pub(super) price: Field,
    pub(super) created_at: Field,
    pub(super) in_stock: Field,
    pub(super) category: Field,
    pub(super) brand: Field,
    pub(super) attr: Field,
}

pub(super) fn schema() -> (Schema, Fields) {
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

impl SearchIndex {
    pub(super) fn to_document(&self, doc: &ProductDocument) -> TantivyDocument {
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
}
