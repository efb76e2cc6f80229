//! The buying pages: suppliers and purchase orders.

mod purchase_orders;
mod suppliers;

pub use purchase_orders::{PurchaseOrderPage, PurchaseOrdersPage};
pub use suppliers::{SupplierPage, SuppliersPage};
