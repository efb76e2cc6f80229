mod detail;
mod list;

pub use detail::AdminOrderPage;
pub use list::AdminOrdersPage;
