//! The shop's shared vocabulary as plain Rust: money, SKUs, slugs, e-mail and postal addresses,
//! page numbers, permissions, tax, attempt limits. Compiled for the server and for the browser,
//! free of HTTP and SQL; a value of one of these types can only exist if it is valid ("parse,
//! don't validate"). Rules that belong to one capability live in that capability's `domain`
//! (`cart::domain::Quantity`, `orders::domain::OrderStatus`, `inventory::domain::Level`...).

pub mod access;
pub mod address;
pub mod email;
pub mod listing;
pub mod moment;
pub mod money;
pub mod password;
pub mod rate_limit;
pub mod retry;
pub mod session_policy;
pub mod sku;
pub mod slug;
pub mod tax;

pub use access::{Permission, Role};
pub use address::{AddressError, AddressInput, PostalAddress};
pub use email::{EmailAddress, EmailError};
pub use listing::{
    page_count, page_offset, ListingQuery, ListingQueryError, PageNumber, Paged, ProductSort,
};
pub use money::{Currency, Money, MoneyError};
pub use password::{NewPassword, PasswordError};
pub use rate_limit::{FailureBackoff, RateLimit, Verdict};
pub use retry::retry_delay_secs;
pub use session_policy::SessionPolicy;
pub use sku::{Sku, SkuError};
pub use slug::{Slug, SlugError};
pub use tax::{PriceMode, TaxBreakdown, TaxLine, TaxRate};
