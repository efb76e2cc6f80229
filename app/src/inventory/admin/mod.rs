//! The stock pages of the back office: levels per location, the movement history, transfers and
//! the locations that serve online orders.

mod locations;
mod stock;
mod variant_lookup;

pub use locations::LocationsPage;
pub use stock::StockPage;
pub use variant_lookup::VariantLookup;
