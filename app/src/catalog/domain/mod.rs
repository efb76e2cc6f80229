//! The catalog's rules as plain Rust: a product as staff type it (`product_draft`), the category
//! tree, and product pictures.

pub mod category_tree;
pub mod media;
pub mod product_draft;

pub use product_draft::{FieldProblem, ProductDraft, ProductInput};
