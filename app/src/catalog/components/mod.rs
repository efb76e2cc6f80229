//! Building blocks of the catalog pages.

mod breadcrumbs;
mod gallery;
mod pagination;
mod price;
mod product_card;
mod variant_picker;

pub use breadcrumbs::Breadcrumbs;
pub use gallery::Gallery;
pub use pagination::{PageLinks, Pagination};
pub use price::PriceTag;
pub use product_card::ProductGrid;
pub use variant_picker::VariantPicker;
