mod search_box;

pub use search_box::SearchBox;
