//! The shop's rules as plain Rust: compiled for the server and for the browser, free of HTTP and
//! SQL. A value of one of these types can only exist if it is valid ("parse, don't validate").

pub mod access;
pub mod address;
pub mod cart;
pub mod category_tree;
pub mod checkout;
pub mod email;
pub mod listing;
pub mod media;
pub mod money;
pub mod order_status;
pub mod password;
pub mod product_draft;
pub mod rate_limit;
pub mod refund;
pub mod retry;
pub mod sales;
pub mod search;
pub mod session_policy;
pub mod shipment;
pub mod sku;
pub mod slug;
pub mod tax;

pub use access::{Permission, Role};
pub use address::{AddressError, AddressInput, PostalAddress};
pub use cart::{CartError, PriceChange, Quantity};
pub use checkout::{
    quote, CheckoutError, Coupon, CouponCode, CouponValue, Quote, QuoteInput, QuoteLine,
    ShippingRate,
};
pub use email::{EmailAddress, EmailError};
pub use listing::{
    page_count, page_offset, ListingQuery, ListingQueryError, PageNumber, Paged, ProductSort,
};
pub use money::{Currency, Money, MoneyError};
pub use order_status::{OrderEvent, OrderStatus, TransitionError};
pub use password::{NewPassword, PasswordError};
pub use product_draft::{FieldProblem, ProductDraft, ProductInput};
pub use rate_limit::{FailureBackoff, RateLimit, Verdict};
pub use refund::{refund_amount, RefundError, Restock};
pub use retry::retry_delay_secs;
pub use sales::{DayRevenue, SalesFigures, SalesPeriod};
pub use search::{FilterKind, SearchQuery, SearchSort};
pub use session_policy::SessionPolicy;
pub use shipment::{Carrier, ShipmentError, TrackingNumber};
pub use sku::{Sku, SkuError};
pub use slug::{Slug, SlugError};
pub use tax::{PriceMode, TaxBreakdown, TaxLine, TaxRate};
