mod editor;
mod list;
mod prices;
mod transfer;

pub use editor::AdminProductEditorPage;
pub use list::AdminProductsPage;
pub use prices::PricesPage;
pub use transfer::ProductImportPage;
