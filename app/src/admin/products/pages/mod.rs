mod editor;
mod list;
mod transfer;

pub use editor::AdminProductEditorPage;
pub use list::AdminProductsPage;
pub use transfer::ProductImportPage;
