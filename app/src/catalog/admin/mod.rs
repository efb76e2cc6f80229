//! The catalog in the back office: products (list, editor, CSV import and export, prices),
//! categories and brands, and product pictures.

pub mod categories;
pub mod media;
pub mod products;
