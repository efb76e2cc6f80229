mod find;
mod order;
mod order_details;

pub use find::FindOrderPage;
pub use order::OrderPage;
pub use order_details::{OrderDetails, OrderHistory};
