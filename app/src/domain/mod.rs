//! The shop's rules as plain Rust: compiled for the server and for the browser, free of HTTP and
//! SQL. A value of one of these types can only exist if it is valid ("parse, don't validate").

pub mod listing;
pub mod money;
pub mod sku;
pub mod slug;
pub mod stock;

pub use listing::{page_count, ListingQuery, ListingQueryError, PageNumber, Paged, ProductSort};
pub use money::{Currency, Money, MoneyError};
pub use sku::{Sku, SkuError};
pub use slug::{Slug, SlugError};
pub use stock::{available_units, Availability};
