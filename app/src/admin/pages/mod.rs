//! Back-office pages. Each sits in an `AdminSection`, which asks the server who is looking and
//! shows the page only with the permission it needs; the server functions check again.

mod audit;
mod home;
mod prices;
mod section;
mod staff;
mod stock;
mod variant_lookup;

pub use audit::AuditPage;
pub use home::AdminHomePage;
pub use prices::PricesPage;
pub use section::{style, AdminSection};
pub use staff::StaffPage;
pub use stock::StockPage;
