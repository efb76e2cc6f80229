mod editor;
mod list;

pub use editor::AdminProductEditorPage;
pub use list::AdminProductsPage;
